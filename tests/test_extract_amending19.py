"""An amending instruction undertakes nothing; a whole duty it inserts does (issue 10, class 5).

US orders amend earlier ones item by item: "(ii) in section 2, by striking "harbour
master" and inserting in lieu thereof "port authority";".  The extractor read the edit
verbs ("strike", "insert") and the fragments quoted ("distinguish themselves") as
commitments of the amended order: 12 such records in 3 of the 160 executive orders, none
in the labelled splits.  A complete duty the instruction inserts ("... the following new
subsection: "(d) The Harbour Board shall publish ..."") is still the standing duty of the
body it names, as the labelling conventions have it.  Every text here is invented.
"""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text

ORDER = """Sec. 3. Amendments to Executive Order 99001. Executive Order 99001 of March 3, 2019 (Harbour Safety), is further amended as follows:

(a) in section 2(a), by striking "publish a harbour plan" and inserting in lieu thereof "continue to publish harbour plans";

(b) by striking "shipmaster" and inserting in lieu thereof "master of the vessel";

(c) in section 4, by inserting after subsection (c) the following new subsection: "(d) The Harbour Board shall publish an annual safety report."

Sec. 4. The Secretary of Ports shall review every harbour plan by December 31, 2024."""


@pytest.mark.integration
def test_edits_are_not_commitments_but_an_inserted_duty_is(extractor):
    records = extractor.extract(document_from_text(ORDER, title="Executive Order 99999: Harbours",
                                                   published="2024-01-05")).commitments
    got = sorted((c.action, c.target) for c in records)
    assert got == [("publish", "an annual safety report"), ("review", "every harbour plan")], got


@pytest.mark.integration
def test_an_order_amended_in_one_sentence(extractor):
    text = ("Executive Order 99002 of May 1, 2020 (Port Data), is hereby amended by substituting \"port authority\" "
            "for \"harbour master\" each time it appears.\n\n"
            "The Secretary of Ports shall publish the port data by June 30, 2025.")
    records = extractor.extract(document_from_text(text, title="Executive Order 99998: Port Data",
                                                   published="2024-01-05")).commitments
    assert [c.action for c in records] == ["publish"]


@pytest.mark.integration
def test_a_duty_to_amend_is_still_a_duty(extractor):
    text = "The Secretary of Ports shall ensure that the harbour rule is amended by adding a section on ferries by 2026."
    records = extractor.extract(document_from_text(text, title="Executive Order 99997: Ferries",
                                                   published="2024-01-05")).commitments
    assert [(c.actor, c.action) for c in records] == [("Secretary of Ports", "ensure")], \
        [(c.actor, c.action) for c in records]
