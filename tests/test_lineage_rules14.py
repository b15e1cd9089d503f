"""Round 14 of lineage (kb/lineage.py): a national pledge and its update (bench/lineage/real_ndc.jsonl, tuning part).

Invented pledges of invented countries, written in the manner of a 2015 "intended" contribution and its later
update: the update's heading says it updates the contribution, names no period and not the earlier title, and the
two texts may name their author in more or fewer words ("Norland", "the Republic of Norland").
"""

from __future__ import annotations

import pytest

from kb.lineage import Doc, Item, document_authors, find_links, in_update_order, pledge_updates
from kb.models import Commitment, Deadline, Quantity


def pledge(doc_id: int, heading: str, opening: str, title: str = "", added: str = "2026-01-01") -> Doc:
    text = f"{heading}\n{opening}\n\nThe pledge covers all sectors of the economy.\n"
    return Doc(doc_id, (added, doc_id), text, title or heading)


OLD = "Submission by Norland to the Convention secretariat"
OLD_LINE = "Norland's Intended Nationally Determined Contribution"
NEW = "The Republic of Norland's Update of its First Nationally Determined Contribution"


def item(cid: int, doc: int, action: str, target: str, sentence: str, *, actor: str = "Norland",
         group: str = "norland", quantity: tuple[float, str, str] | None = None,
         deadline: tuple[str, str] | None = ("by 2030", "2030-12-31"), source: str = "main_actor") -> Item:
    c = Commitment(actor=actor, actor_text="", action=action, target=target, sentence=sentence,
                   sentence_start=100 + cid, sentence_end=100 + cid + len(sentence), passage_index=1,
                   deadline=Deadline(*deadline) if deadline else None,
                   quantity=Quantity(*quantity) if quantity else None, actor_source=source)
    return Item(cid, doc, (group,), c)


# -- which document updates which ----------------------------------------------------------------------------------


def test_an_update_heading_names_the_designation_of_the_earlier_pledge():
    docs = {1: pledge(1, OLD, OLD_LINE), 2: pledge(2, NEW, "Communicated on 3 March 2021")}
    authors = {1: "Norland", 2: "Republic of Norland"}
    assert pledge_updates(docs, authors) == {(1, 2)}


@pytest.mark.parametrize("authors, docs", [
    # another country's pledge is not updated by Norland's
    ({1: "Valdoria", 2: "Republic of Norland"}, {1: pledge(1, "Submission by Valdoria", "Valdoria's Intended "
                                                         "Nationally Determined Contribution"), 2: pledge(2, NEW, "")}),
    # the heading does not say "update": two pledges side by side, not one replacing the other
    ({1: "Norland", 2: "Norland"}, {1: pledge(1, OLD, OLD_LINE),
                                    2: pledge(2, "Norland's Long-Term Low Emission Development Strategy", "")}),
    # an update of something else ("Update of the National Adaptation Plan") shares fewer than three words
    ({1: "Norland", 2: "Norland"}, {1: pledge(1, OLD, OLD_LINE),
                                    2: pledge(2, "Update of the National Adaptation Plan of Norland", "")}),
    # no author known for one of them
    ({1: "", 2: "Republic of Norland"}, {1: pledge(1, OLD, OLD_LINE), 2: pledge(2, NEW, "")}),
])
def test_no_update_without_the_heading_the_designation_and_one_author(authors, docs):
    assert pledge_updates(docs, authors) == set()


def test_the_update_heading_says_which_is_newer_when_the_stored_order_does_not():
    # the update carries its date (2020-12-30); the earlier pledge gives none, so it sorts by when it was added
    docs = {1: pledge(1, OLD, OLD_LINE, added="2026-05-01"), 2: pledge(2, NEW, "", added="2020-12-30")}
    updates = pledge_updates(docs, {1: "Norland", 2: "Republic of Norland"})
    assert updates == {(1, 2)}
    ordered = in_update_order(docs, updates)
    assert ordered[1].order < ordered[2].order
    assert in_update_order(docs, set())[2].order < docs[1].order      # nothing moved without an update


def test_the_main_actor_of_a_document_is_the_one_its_items_were_given():
    items = [item(1, 1, "reduce", "emissions", "Emissions will be cut."),
             item(2, 1, "report", "progress", "The Ministry of Energy will report.", actor="Ministry of Energy",
                  group="ministry of energy", source="named")]
    assert document_authors(items) == {1: "Norland"}


# -- links between a pledge and its update ---------------------------------------------------------------------------


def _pledge_and_update() -> tuple[dict[int, Doc], list[Item]]:
    # the update's items are linked to the author's entity ("norland") as the earlier pledge's are
    docs = {1: pledge(1, OLD, OLD_LINE, added="2026-05-01"), 2: pledge(2, NEW, "", added="2020-12-30")}
    items = [
        item(11, 1, "reduce", "greenhouse gas emissions of the whole economy by 30%",
             "Norland will reduce greenhouse gas emissions of the whole economy by 30% by 2030 compared to 1990.",
             quantity=(30, "percent", "30%"), source="named"),
        item(12, 1, "expand", "the national network of cycle lanes",
             "The national network of cycle lanes will be expanded by 2030."),
        item(21, 2, "reduce", "greenhouse gas emissions of the whole economy by 45%",
             "The Republic of Norland will reduce greenhouse gas emissions of the whole economy by 45% by 2030 "
             "compared to 1990.", actor="Republic of Norland",
             quantity=(45, "percent", "45%"), source="named"),
        item(22, 2, "expand", "the national network of cycle lanes",
             "The national network of cycle lanes will be expanded by 2035.", actor="Republic of Norland",
             deadline=("by 2035", "2035-12-31")),
    ]
    return docs, items


def test_an_update_raises_a_target_and_moves_a_date_of_the_earlier_pledge():
    docs, items = _pledge_and_update()
    links = {(k.relation, k.older_id, k.newer_id) for k in find_links(items, docs, {})}
    assert ("raised", 11, 21) in links
    assert ("deadline_moved", 12, 22) in links
    assert not {k for k in links if k[1] in (21, 22)}     # from the earlier pledge to the update, not back


def test_two_pledges_of_different_authors_are_not_linked():
    docs, items = _pledge_and_update()
    docs[2] = pledge(2, "The Republic of Valdoria's Update of its First Nationally Determined Contribution", "",
                     added="2020-12-30")
    other = [Item(x.id, x.document_id, ("republic of valdoria",), Commitment(**{
        **x.commitment.__dict__, "actor": "Republic of Valdoria"})) if x.document_id == 2 else x for x in items]
    assert find_links(other, docs, {}) == []
