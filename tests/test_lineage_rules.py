"""Which orders a sentence revokes, rescinds, supersedes or amends (kb/lineage.py): invented sentences."""

from __future__ import annotations

from kb.lineage import find_revocations, order_number


def _found(text: str) -> list[tuple[str, str, bool]]:
    return [(r.order_number, r.relation, r.partial) for r in find_revocations(text)]


def test_a_revoked_order_is_found_with_its_sentence():
    text = "Sec. 4. Revocation. Executive Order 19001 of March 3, 2031 (Tidal Energy Leasing), is hereby revoked."
    [r] = find_revocations(text)
    assert (r.order_number, r.relation, r.partial) == ("19001", "revoked", False)
    assert text[r.start:r.end].startswith("Executive Order 19001")


def test_every_order_of_a_list_is_revoked():
    text = ("Executive Order 19001 of March 3, 2031 (Tidal Energy), Executive Order 19002 of May 1, 2031 "
            "(Kelp Farms), and Executive Order 19003 are revoked.")
    assert _found(text) == [("19001", "revoked", False), ("19002", "revoked", False), ("19003", "revoked", False)]


def test_rescinded_superseded_and_amended():
    assert _found("Executive Order 19004 is rescinded.") == [("19004", "rescinded", False)]
    assert _found("Executive Order 19005 is superseded as of the date of this order.") == [
        ("19005", "superseded", False)]
    assert _found("Executive Order 19006 is hereby amended by adding a new section 9.") == [
        ("19006", "amended", False)]


def test_this_order_supersedes_an_order_which_is_revoked():
    text = "(b) This order supersedes Executive Order 19007 of June 2, 2031 (Harbor Councils), which is hereby revoked."
    assert _found(text) == [("19007", "revoked", False)]


def test_revoking_some_sections_is_partial():
    assert _found("Sections 2 and 3 of Executive Order 19008 are hereby revoked.") == [("19008", "revoked", True)]


def test_an_order_named_as_an_earlier_amendment_is_not_the_object():
    text = ("Section 5 of Executive Order 18001, as amended by section 2 of Executive Order 19009, "
            "is further amended to read as follows:")
    assert _found(text) == [("18001", "amended", True)]


def test_an_order_in_a_subordinate_clause_is_not_the_object():
    text = "To reflect the steps taken in Executive Order 19010, the Harbor Rule IV is amended as follows:"
    assert _found(text) == []


def test_an_order_that_revoked_something_in_the_past_is_not_a_revocation():
    text = "Executive Order 19011 of July 4, 2031 (Canal Safety) revoked Executive Order 18002."
    assert _found(text) == []


def test_the_order_number_of_a_document():
    assert order_number("Executive Order 19012: Coastal Resilience", "") == "19012"
    assert order_number("coastal.md", "# Executive Order 19013\n\nBy the authority ...") == "19013"
    assert order_number("Lakeview climate plan", "The council will plant trees.") is None
