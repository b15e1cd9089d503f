"""Lineage rules of round 7 (kb/lineage.py, kb/store_lineage.py): a list item whose actor the extractor assumed
takes the actor its list's lead-in names; a progress sentence with a figure in the promise's unit may say less
than the promise; sums of money are figures in their currency.  Invented orders and sentences, no models."""

from __future__ import annotations

import pytest

from kb.lineage import Doc, Item, figures_in, find_links, lead_in_actor, lead_in_of
from kb.models import Commitment, Quantity
from kb.store_lineage import _with_lead_in

HARBOUR_ORDER = """Executive Order 19040: Cleaner Harbours

Sec. 3. Goals for Agencies. In implementing the policy set forth in section 1 of this order, the head of each agency shall, where cost-effective, beginning in fiscal year 2027:
(a) cut harbour fuel use by:
    (i) replacing 40 percent of diesel tugs with electric tugs by fiscal year 2030;
    (ii) installing shore power at every berth;
(b) report the results to the Harbour Council each year.

The harbour fleet is old and many of its tugs were built before 1990.
(c) publish the report online.

Sec. 4. Reporting.
(d) This line is an item after a section heading.
"""


@pytest.mark.parametrize("item, lead_in_starts", [
    ("(i) replacing 40 percent", "Sec. 3. Goals for Agencies. In implementing"),     # through the nested "(a) ... by:"
    ("(ii) installing shore power", "Sec. 3. Goals for Agencies. In implementing"),
    ("(b) report the results", "Sec. 3. Goals for Agencies. In implementing"),
    ("(c) publish the report", "Sec. 3. Goals for Agencies. In implementing"),    # past a paragraph that continues (b)
    ("(d) This line is an item after", ""),       # a section heading ends the search
    ("The harbour fleet is old", ""),             # not a list item
])
def test_a_list_item_finds_the_lead_in_of_its_list(item, lead_in_starts):
    found = lead_in_of(HARBOUR_ORDER, HARBOUR_ORDER.index(item))
    assert found.startswith(lead_in_starts) if lead_in_starts else found == ""


@pytest.mark.parametrize("lead_in, actor", [
    ("In implementing the policy set forth in section 1 of this order, the head of each agency shall, where "
     "cost-effective:", "the head of each agency"),
    ("(p) The Secretary of Harbours shall:", "The Secretary of Harbours"),
    ("(a) Within 90 days of the date of this order, to keep berths safe, the Director of the Port Office, acting "
     "through the Harbour Master, in coordination with the Secretary of Energy, shall:", "the Director of the Port Office"),
    ("Accordingly, the following steps shall be taken:", ""),          # names no actor
    ("The requirements of this section shall include:", ""),
    ("The Director of the Port Office's guidance shall include:", ""),   # a thing of the office, not the office
])
def test_the_actor_of_a_lead_in_is_its_subject_before_the_modal(lead_in, actor):
    assert lead_in_actor(lead_in) == actor


def _item(doc: int, n: int, sentence: str, text: str, *, source: str = "main_actor", lead_in: str = "",
          groups: tuple[str, ...] = ("federal government",)) -> Item:
    start = text.index(sentence)
    c = Commitment(actor="Federal Government", actor_text="", action="replace",
                   target=f"{n} percent of diesel tugs with electric harbour tugs", sentence=sentence,
                   sentence_start=start, sentence_end=start + len(sentence), passage_index=1, actor_source=source,
                   quantity=Quantity(n, "percent", f"{n} percent"))
    return Item(doc * 10, doc, groups, c, lead_in=lead_in)


LATER_ORDER = HARBOUR_ORDER.replace("Executive Order 19040: Cleaner Harbours", "Executive Order 19041: Cleaner "
                                    "Harbours Again\n\nExecutive Order 19040 is hereby revoked.").replace("40 percent", "60 percent")


def test_an_item_whose_list_names_the_actor_pairs_with_the_later_orders_item_and_one_without_does_not():
    docs = {1: Doc(1, ("2027-01-10", 1), HARBOUR_ORDER, "Executive Order 19040: Cleaner Harbours"),
            2: Doc(2, ("2029-03-02", 2), LATER_ORDER, "Executive Order 19041: Cleaner Harbours Again")}
    old_sentence = "(i) replacing 40 percent of diesel tugs with electric tugs by fiscal year 2030;"
    new_sentence = old_sentence.replace("40", "60")
    # as kb/store_lineage.py gives them: the lead-in's actor as group, and the lead-in itself
    old = _with_lead_in(_item(1, 40, old_sentence, HARBOUR_ORDER), docs, {})
    new = _with_lead_in(_item(2, 60, new_sentence, LATER_ORDER), docs, {})
    assert old.groups == new.groups == ("all executive departments and agencies",)
    assert old.lead_in.startswith("Sec. 3. Goals for Agencies.")
    [link] = find_links([old, new], docs, versions={})
    assert (link.relation, link.older_id, link.newer_id) == ("raised", 10, 20)
    # the extractor assumed the actor and no lead-in names one: no basis for pairing
    bare = [_item(1, 40, old_sentence, HARBOUR_ORDER), _item(2, 60, new_sentence, LATER_ORDER)]
    assert find_links(bare, docs, versions={}) == []


@pytest.mark.parametrize("sentence, figures", [
    ("To date, the harbour office has spent $1.5 million on shore power.", [(1_500_000, "USD", "$1.5 million")]),
    ("It spent €300 on buoys and £2 billion on piers.", [(300, "EUR", "€300"), (2e9, "GBP", "£2 billion")]),
    ("The office has installed 40 percent of the berths in 2026.", [(40, "percent", "40 percent")]),
])
def test_sums_of_money_are_figures_in_their_currency(sentence, figures):
    assert [(q.value, q.unit, q.text) for q in figures_in(sentence)] == figures


PROMISE_DOC = "Executive Order 19050: Pilots\n\nThe Secretary of Harbours shall establish a scheme to modernise " \
              "the existing successful apprenticeships for harbour pilots, with the goal of training 500 new pilots."


@pytest.mark.parametrize("report, linked", [
    # a figure in the unit of the promise's: the sentence may leave out the promise's other words
    ("So far, the Secretary of Harbours has trained 320 new pilots in the scheme.", True),
    # the same few words without such a figure say too little of the promise
    ("The Secretary of Harbours has trained harbour staff in the scheme.", False),
    # a figure in another unit is no such evidence
    ("So far, the Secretary of Harbours has trained 320 harbour clerks in the scheme.", False),
])
def test_a_progress_sentence_with_a_figure_in_the_promises_unit_may_say_less_than_the_promise(report, linked):
    start = PROMISE_DOC.index("The Secretary")
    c = Commitment(actor="Secretary of Harbours", actor_text="the Secretary of Harbours", action="establish",
                   target="a scheme to modernise the existing successful apprenticeships for harbour pilots, with the "
                          "goal of training 500 new pilots", sentence=PROMISE_DOC[start:], sentence_start=start,
                   sentence_end=len(PROMISE_DOC), passage_index=1, quantity=Quantity(500, "new pilots", "500 new pilots"))
    report_doc = f"Pilots: progress report\n\n{report}\n"
    docs = {1: Doc(1, ("2025-01-10", 1), PROMISE_DOC, "Executive Order 19050: Pilots"),
            2: Doc(2, ("2026-02-01", 2), report_doc, "Pilots: progress report")}
    links = [k for k in find_links([Item(1, 1, ("department of harbours",), c)], docs, versions={})
             if k.relation == "progress_reported"]
    assert [k.detail for k in links] == (["320 new pilots of 500 new pilots"] if linked else [])
