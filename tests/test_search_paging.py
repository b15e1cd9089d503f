"""What a search page needs from the service: pages (offset), totals and facets over all matches, duplicates
folded, the all-words and phrase modes, "did you mean" and a sentence saying why each hit is there.

A fake (hashing) embedder and invented documents: no model is loaded.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from indexer import HashEmbedder, SearchService, hit_to_dict, page_to_dict
from indexer.text import holds_all_words, phrase_spans, same_word
from kb.config import RankingParams
from kb.errors import InvalidQuery
from kb.models import CommitmentFilter
from tests.search_builders import ALL_DOCS, make_doc, new_store

# invented documents: a harbour plan whose closing sentence repeats word for word in a second plan
REPEATED = "This plan shall be carried out within the limits of available harbour funds."
HARBOUR = make_doc(
    "harbour.txt", "Harbour renewal plan",
    ["The port authority will dredge the northern channel by 2026. "
     "The port authority will also rebuild the old ferry pier by 2027.",
     "A new tide gauge will be installed near the mars street jetty.",
     "Ships will use shore power at every berth of the harbour by 2030.",
     "The Mar. 2024 survey counted 40 berths in the harbour.",
     REPEATED],
    [{"sentence": "Ships will use shore power at every berth of the harbour by 2030.",
      "actor": "Port authority", "action": "provide", "target": "shore power", "year": 2030, "sector": "transport"},
     {"sentence": "Ships will use shore power at every berth of the harbour by 2030.",
      "actor": "Shipping lines", "action": "use", "target": "shore power", "year": 2030, "sector": "transport"}],
)
RIVER = make_doc(
    "river.txt", "River quay plan",
    ["The river quay will receive shore power for barges by 2029.", REPEATED],
    [{"sentence": "The river quay will receive shore power for barges by 2029.",
      "actor": "River board", "action": "receive", "target": "shore power", "year": 2029, "sector": "transport"}],
)


def service_for(tmp_path, docs=ALL_DOCS + (HARBOUR, RIVER), **ranking):  # type: ignore[no-untyped-def]
    settings, store, _ = new_store(tmp_path, docs)
    if ranking:
        settings = replace(settings, ranking=replace(RankingParams(), **ranking))
    service = SearchService(settings, store, embedder=HashEmbedder())
    service.sync()
    return service


@pytest.fixture
def service(tmp_path):
    return service_for(tmp_path)


def keys(hits):  # type: ignore[no-untyped-def]
    return [(h.kind, h.id, h.sentence) for h in hits]


# -- pages -------------------------------------------------------------------------------

def test_page_two_continues_page_one_without_repeats(service):
    everything = service.search("harbour shore power berth", k=8, mode="keyword")
    assert len(everything) >= 4
    first = service.search("harbour shore power berth", k=2, mode="keyword")
    second = service.search("harbour shore power berth", k=2, mode="keyword", offset=2)
    assert keys(first) + keys(second) == keys(everything[:4])


@pytest.mark.parametrize("offset", [-1, 1.5, True, "2"])
def test_offset_must_be_a_whole_number_from_zero(service, offset):
    with pytest.raises(InvalidQuery, match="offset"):
        service.search("harbour", k=5, offset=offset)


def test_offset_and_k_together_stay_within_the_ranked_results(service):
    with pytest.raises(InvalidQuery, match="offset \\+ k"):
        service.search("harbour", k=10, offset=995)


def test_search_page_counts_and_facets_all_matches_not_just_the_page(service):
    page = service.search_page("shore power", k=1, mode="keyword")
    # two sentences match; the harbour's holds two commitments, folded into one hit
    assert len(page.hits) == 1 and page.total == 2
    assert dict(page.facets["document"]) == {"Harbour renewal plan": 2, "River quay plan": 1}
    assert dict(page.facets["actor"]) == {"Port authority": 1, "Shipping lines": 1, "River board": 1}
    assert dict(page.facets["deadline_year"]) == {2029: 1, 2030: 2}
    second = service.search_page("shore power", k=1, mode="keyword", offset=1)
    assert second.total == page.total and second.facets == page.facets
    assert keys(second.hits) != keys(page.hits)


def test_page_as_json_holds_count_offset_facets_and_signals(service):
    out = page_to_dict(service.search_page("shore power", k=1, mode="keyword", offset=1))
    assert out["offset"] == 1 and out["k"] == 1 and len(out["hits"]) == 1 and out["count"] == 2
    assert {"value": "River quay plan", "count": 1} in out["facets"]["document"]
    assert out["low_confidence"] is False and out["suggestion"] is None


def test_page_with_no_match_is_low_confidence(service):
    page = service.search_page("zzzqx", k=5, mode="keyword")
    assert page.hits == () and page.total == 0 and page.low_confidence


def test_search_page_respects_filters(service):
    page = service.search_page("shore power", k=5, mode="keyword", filters=CommitmentFilter(deadline_to=2029))
    assert [h.sentence for h in page.hits] == ["The river quay will receive shore power for barges by 2029."]
    assert page.total == 1


# -- duplicates ------------------------------------------------------------------------------

def test_commitments_of_one_sentence_fold_into_one_hit_when_asked(tmp_path):
    apart = service_for(tmp_path / "a").search("shore power berth harbour", k=5, mode="keyword")
    sentence = "Ships will use shore power at every berth of the harbour by 2030."
    assert [h.sentence for h in apart].count(sentence) == 2
    folded = service_for(tmp_path / "b", collapse_same_sentence=True).search(
        "shore power berth harbour", k=5, mode="keyword")
    shown = [h for h in folded if h.sentence == sentence]
    assert len(shown) == 1 and len(shown[0].duplicates) == 1
    assert shown[0].duplicates[0][0] == "commitment" and "1 more like it folded in" in shown[0].why
    # a search page folds them by default; `search` (the judged figures' path) keeps them apart
    page = service_for(tmp_path / "c").search_page("shore power berth harbour", k=5, mode="keyword")
    assert [h.sentence for h in page.hits].count(sentence) == 1
    assert service_for(tmp_path / "d").search_page("shore power berth harbour", k=5, mode="keyword",
                                                   collapse=False).hits[0].duplicates == ()


def test_the_same_sentence_in_two_documents_folds_into_one_hit_when_asked(tmp_path):
    apart = service_for(tmp_path / "a", collapse_identical=False).search(
        "available harbour funds limits", k=5, mode="keyword")
    assert [h.sentence for h in apart].count(REPEATED) == 2
    folded = service_for(tmp_path / "b").search("available harbour funds limits", k=5, mode="keyword")
    shown = [h for h in folded if h.sentence == REPEATED]
    assert len(shown) == 1
    assert [d[0] for d in shown[0].duplicates] == ["passage"] and shown[0].duplicates[0][2] != shown[0].document_id
    assert hit_to_dict(shown[0])["duplicates"][0]["kind"] == "passage"


# -- all words and phrase -------------------------------------------------------------------------

def test_a_word_is_itself_or_an_inflection_of_a_longer_word_never_a_short_abbreviation():
    assert same_word("targets", "target") and same_word("mars", "mars")
    assert not same_word("mar", "mars")        # "Mar." has the stem of "mars" but is another word
    assert holds_all_words("Ships will use shore power at berths.", ["berth", "ships"])
    assert not holds_all_words("Ships will use shore power.", ["ships", "berth"])
    text = "The port authority will, in turn, dredge the port."
    assert [text[s:e] for s, e in phrase_spans(text, ["port", "authority"])] == ["port authority"]
    assert phrase_spans(text, ["authority", "port"]) == []


def test_keyword_mode_takes_mar_for_mars_but_all_words_does_not(service):
    loose = service.search("mars", k=5, mode="keyword")
    assert any("Mar." in h.sentence for h in loose)    # the stem of "mars" is "mar"
    strict = service.search("mars", k=5, mode="all_words")
    assert [h.sentence for h in strict] == ["A new tide gauge will be installed near the mars street jetty."]


def test_all_words_needs_every_word_in_any_order(service):
    hits = service.search("power shore barges", k=10, mode="all_words")
    assert [h.sentence for h in hits] == ["The river quay will receive shore power for barges by 2029."]
    assert hits[0].matched_by == ("keyword",) and hits[0].why.startswith("found with all the words")


def test_phrase_needs_the_words_in_that_order(service):
    hits = service.search("port authority will", k=10, mode="phrase")
    assert {h.sentence for h in hits} == {"The port authority will dredge the northern channel by 2026.",
                                           "The port authority will also rebuild the old ferry pier by 2027."} \
        or [h.sentence for h in hits] == [
            "The port authority will dredge the northern channel by 2026. "
            "The port authority will also rebuild the old ferry pier by 2027."]
    assert all(h.sentence[s:e].lower() == "port authority will" for h in hits for s, e in h.highlights)
    assert service.search("authority port", k=10, mode="phrase") == []


# -- did you mean --------------------------------------------------------------------------------

def test_did_you_mean_replaces_unknown_words_with_indexed_ones(service):
    assert service.suggest("harbuor shore power") == "harbour shore power"
    assert service.suggest("Harbuor") == "Harbour"
    assert service.suggest("harbour shore power") is None      # every word is known
    assert service.suggest("zzzqxw") is None                     # nothing near
    assert service.search_page("harbuor", k=5, mode="keyword").suggestion == "harbour"


def test_did_you_mean_survives_a_saved_and_reloaded_index(tmp_path):
    first = service_for(tmp_path)
    first.flush()
    again = SearchService(first.settings, first.store, embedder=HashEmbedder())
    assert again.suggest("barjes") == "barges"


# -- why it matched --------------------------------------------------------------------------------

def test_why_names_the_engine_that_found_it_and_the_boosts(service):
    hits = service.search("when will ships use shore power in the harbour", k=5, mode="hybrid")
    top = next(h for h in hits if "every berth" in h.sentence)
    assert "by words (" in top.why and "shore" in top.why
    assert "answer:date" in top.boosts and "asks when and it states a date" in top.why
    dense = service.search("shore power", k=3, mode="dense")
    assert all(h.why.startswith("found by meaning (cosine ") for h in dense)
