"""Lists as orders publish them: items that are clauses of their own, paragraphs between items,
and lead-ins that end in "concerning:".

* A paragraph between two numbered items ("(i) The Secretary shall submit a report ..." / "The
  report shall include X." / "(ii) ...", as the executive orders of the shared corpus are
  published) continues the item above it: the next item in sequence keeps its list's lead-in as
  parent.  Before round 22 that paragraph became the parent of every later item, which lost them
  the lead-in's actor and deadline (EO 14017, EO 14028, EO 14075 of the corpus).  A bulleted list
  has no sequence to follow and is read as before.
* An item that is a clause of its own with no time of its own, doing what its lead-in announced
  ("Within 90 days ..., the heads of agencies shall submit the following reports: (i) The
  Secretary of X shall submit a report on Y"), is due when the lead-in says (ANNOTATION.md: a
  list's lead-in deadline goes to its items); an item that does something else is not.
* "shall make recommendations concerning: (i) X": the participle is no action; the items are
  recommended (train gold: EO 14017; validation gold: EO 14123).  "shall develop a strategy
  regarding: (a) X": the items take the verb that governs the noun (train gold: EO 14030).

All texts are invented."""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes

ORDER = """# Executive Order 99999: Resilient Widget Supply

**Date:** March 3, 2022

Sec. 2. Reports.

(a) No later than 90 days after the date of this order, the specified heads of agencies shall submit the following reports to the President:

    (i) The Secretary of Labor, in consultation with the heads of appropriate agencies, shall submit a report identifying risks in the widget supply chain.

The report shall describe the workforce needed to make widgets.

    (ii) The Secretary of Transportation shall submit a report on the energy used to make widgets.

    (iii) The Secretary of Commerce shall publish a list of critical widget parts.

(b) Within 1 year of the date of this order, the Secretary of Labor shall submit a report that includes recommendations concerning:

    (i) steps to strengthen the widget supply chain;

    (ii) reforms to trade rules for widget parts.

(c) The Director of the Widget Office shall develop a comprehensive strategy regarding:

    (i) the disclosure of widget risks;

    (ii) the training of widget inspectors.
"""


def _passages(text: str, name: str = "order.md"):
    return parse_bytes(text.encode(), name).passages


def test_a_paragraph_between_numbered_items_does_not_take_the_list_over():
    passages = _passages(ORDER)
    lead = next(p.index for p in passages if p.text.startswith("(a) No later than 90 days"))
    items = [p for p in passages if p.kind == "list_item" and "Secretary of" in p.text and "(b)" not in p.text]
    assert [p.text[:5] for p in items] == ["(i) T", "(ii) ", "(iii)"]
    assert [p.parent_index for p in items] == [lead, lead, lead]
    between = next(p for p in passages if p.text.startswith("The report shall describe"))
    assert between.kind == "paragraph"


def test_a_paragraph_that_opens_a_new_list_still_does():
    passages = _passages(ORDER)
    lead = next(p.index for p in passages if p.text.startswith("(c) The Director"))
    items = [p for p in passages if p.kind == "list_item" and ("disclosure" in p.text or "inspectors" in p.text)]
    assert [p.parent_index for p in items] == [lead, lead]


def test_bullets_after_a_paragraph_hang_on_that_paragraph():
    text = ("# Our plan\n\nWe will act in two ways:\n\n- plant trees in every ward\n\nSome background on trees.\n\n"
            "- fit solar panels on schools\n")
    passages = _passages(text)
    background = next(p.index for p in passages if p.text.startswith("Some background"))
    last = next(p for p in passages if p.text.startswith("fit solar"))
    assert last.parent_index == background


@pytest.mark.integration
def test_items_that_are_clauses_take_their_lead_ins_deadline_and_verbs(extractor):
    records = extractor.extract(parse_bytes(ORDER.encode(), "order.md")).commitments
    got = {(c.actor, c.action, c.target, c.deadline.date if c.deadline else None) for c in records}
    assert ("Secretary of Labor", "submit", "a report identifying risks in the widget supply chain", "2022-06-01") in got
    assert ("Secretary of Transportation", "submit", "a report on the energy used to make widgets", "2022-06-01") in got
    # publishing a list is not what the lead-in announced: no deadline of its own, none given
    assert ("Secretary of Commerce", "publish", "a list of critical widget parts", None) in got
    assert ("Secretary of Labor", "recommend", "steps to strengthen the widget supply chain", "2023-03-03") in got
    assert ("Secretary of Labor", "recommend", "reforms to trade rules for widget parts", "2023-03-03") in got
    assert ("Director of the Widget Office", "develop", "the disclosure of widget risks", None) in got
    assert not [c for c in records if c.action in ("concern", "regard")]
