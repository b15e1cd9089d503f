"""Sentences that real documents break across passages are mended for search (indexer/units.py).

A page break, a hard-wrapped line read as a paragraph break, or a sentence's
first line taken for a heading leaves a sentence in two or three passages;
each piece alone is a poor search unit and a poor result to show.  These
examples build passages by hand (invented sentences) and check which pieces
are joined and which are left alone.
"""

from __future__ import annotations

from kb.models import Passage, StoredPassage

from indexer import HashEmbedder, SearchService
from indexer.units import index_neighbour, mended_parts, mended_sentence, runs_on, sentence_spans
from tests.search_builders import make_doc, new_store


def passages(*items: tuple[str, str]) -> dict[int, StoredPassage]:
    """Consecutive passages of one document from (kind, text) pairs, by index."""
    out, pos = {}, 0
    for i, (kind, text) in enumerate(items):
        out[i] = StoredPassage(100 + i, 7, Passage(i, kind, text, pos, pos + len(text)))
        pos += len(text) + 2
    return out


def mended(by_index: dict[int, StoredPassage], index: int, number: int) -> str:
    sp = by_index[index]
    return mended_sentence(sp, number, sentence_spans(sp), index_neighbour(by_index))[0]


def test_a_paragraph_cut_by_a_page_break_is_joined_with_its_continuation():
    doc = passages(
        ("paragraph", "The harbour board met twice. Finally, the board is funding an independent Regional Tide"),
        ("paragraph", "Gauge Network (RTGN) to fill the data gap along the coast. The network reports yearly."),
    )
    whole = ("Finally, the board is funding an independent Regional Tide Gauge Network (RTGN) to fill the data "
             "gap along the coast.")
    assert mended(doc, 0, 1) == whole      # the piece before the break
    assert mended(doc, 1, 0) == whole      # the piece after it
    assert mended(doc, 0, 0) == "The harbour board met twice."
    assert mended(doc, 1, 1) == "The network reports yearly."


def test_both_pieces_give_the_same_span_of_the_document():
    doc = passages(("paragraph", "The council will plant trees along the"),
                   ("paragraph", "river banks before the spring floods."))
    a = mended_sentence(doc[0], 0, sentence_spans(doc[0]), index_neighbour(doc))
    b = mended_sentence(doc[1], 0, sentence_spans(doc[1]), index_neighbour(doc))
    assert a == b
    assert (a[1], a[2]) == (doc[0].passage.start, doc[1].passage.end)


def test_a_sentence_over_three_passages_is_joined_whole():
    doc = passages(("paragraph", "We ask the ministers to turn their \u201cGuidance on Tidal"),
                   ("paragraph", "Power for Small Islands\u201d into a partnership for island"),
                   ("paragraph", "grids by next year. Other matters follow."))
    assert mended(doc, 1, 0) == ("We ask the ministers to turn their \u201cGuidance on Tidal Power for Small "
                                 "Islands\u201d into a partnership for island grids by next year.")


def test_a_heading_that_is_a_sentences_first_line_is_joined_when_it_stops_mid_sentence():
    doc = passages(("heading", "Item 4 (lt) ::"),
                   ("heading", "Launch the \u201cCool Roof"),
                   ("paragraph", "Drive,\u201d a citywide effort to paint flat roofs white."))
    assert mended(doc, 2, 0) == "Launch the \u201cCool Roof Drive,\u201d a citywide effort to paint flat roofs white."
    # a heading that ends as a label does not run on
    assert mended(doc, 1, 0).startswith("Launch")


def test_finished_sentences_real_headings_and_list_items_stay_apart():
    doc = passages(("heading", "Water and drainage"),
                   ("paragraph", "The city will fix every leaking main by 2031."),
                   ("list_item", "Replace lead pipes"),
                   ("list_item", "Publish a leak map"),
                   ("table_row", "Mains | 2031 | city"))
    for i in range(5):
        sp = doc[i]
        before, after, start, end = mended_parts(sp, 0, sentence_spans(sp), index_neighbour(doc))
        assert (before, after) == ("", ""), sp.passage.text
        assert (start, end) == (sp.passage.start, sp.passage.end)


def test_a_list_item_runs_on_only_when_the_next_piece_starts_in_lower_case():
    item = passages(("list_item", "Support local groups with grants and"),
                    ("list_item", "training for their first projects."))
    assert mended(item, 0, 0) == "Support local groups with grants and training for their first projects."
    series = passages(("list_item", "To cut the use of coal in power plants; and"),
                      ("list_item", "To double the area of wetlands."))
    assert mended(series, 0, 0) == "To cut the use of coal in power plants; and"
    clauses = passages(("paragraph", "(i) the powers given by statute to a board; or"),
                       ("paragraph", "(ii) the duties of the treasurer."))
    assert mended(clauses, 1, 0) == "(ii) the duties of the treasurer."


def test_runs_on_reads_only_the_two_pieces_and_the_kinds():
    p = passages(("paragraph", "x"), ("paragraph", "y"), ("heading", "z"), ("list_item", "w"))
    assert runs_on(p[0], "The agency will", p[1], "Publish a plan.")
    assert not runs_on(p[0], "The agency will publish a plan.", p[1], "Then it will consult.")
    assert not runs_on(p[0], "The agency will", p[2], "Publish a plan")          # a heading starts anew
    assert not runs_on(p[2], "Energy and water", p[3], "Cut the city's use")      # a heading's plain title


def test_a_mended_sentence_is_bounded_in_length():
    long_piece = "word " * 300
    doc = passages(("paragraph", "It begins with" + " " + long_piece.strip()),
                   ("paragraph", "and ends " + long_piece.strip() + "."))
    assert mended(doc, 0, 0) == doc[0].passage.text


def test_a_search_shows_a_broken_sentence_whole_and_once(tmp_path):
    """Through a real store: both pieces of a sentence broken by a page break are one hit with the whole text,
    and a commitment whose sentence is the first piece shows the whole sentence too."""
    first = "Finally, the harbour board is funding an independent Regional Tide"
    doc = make_doc("harbour.md", "Harbour board notes", [
        "The board met twice this year. " + first,
        "Gauge Network (RTGN) to fill the data gap along the coast. The network reports to the board yearly.",
    ], [{"sentence": first, "actor": "The harbour board", "action": "fund", "target": "a tide gauge network"}])
    settings, store, _ = new_store(tmp_path, docs=(doc,))
    service = SearchService(settings, store, embedder=HashEmbedder())
    service.sync()
    hits = service.search("Regional Tide Gauge Network data gap", k=5)
    whole = first + " Gauge Network (RTGN) to fill the data gap along the coast."
    shown = [h for h in hits if "RTGN" in h.sentence or "Regional Tide" in h.sentence]
    assert len(shown) == 1
    assert shown[0].sentence == whole
    assert shown[0].kind == "commitment"
