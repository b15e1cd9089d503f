"""A project data sheet's executing agency; reflexive commitments; "we recommit" (round 25; issue 10).

* A development bank's project data sheet names, in a field of its own, the body that executes the
project ("Executing Agencies | <name>"). The sheet is about a country and a bank, both named far
more often, yet the duties it states without an agent ("All consultants will be recruited ...",
"The resettlement plan will be disclosed ...") are the executing agency's. The field's value is
often glued to the address that follows it in the PDF ("...AuthorityHarbour City",
"(HRB)HRBPROJ@..."), so the name stops where a capital follows a lower-case letter or a closing
bracket inside a word, and an abbreviation in brackets after the name is left out.
* "Harbourland commits itself to expand X": the reflexive pronoun is no object standing between
  the chain verb and its action, so the action is "expand", not "commit" with the target "itself
  to expand X".
* "We recommit to promoting X", "we recommit ourselves to working together to address Y": present
  "recommit" states a commitment as present "commit" does (joint statements; the past,
  "recommitted", was read since round 17).

All names and sentences are invented."""

from __future__ import annotations

import pytest

from kb.extract.actors import executing_agency
from tests.textdoc import document_from_text


@pytest.mark.parametrize("text, agency", [
    ("Executing Agencies | Harbour Water Supply and Sewerage AuthorityHarbour City, Harbourland\n",
     "Harbour Water Supply and Sewerage Authority"),
    ("Executing Agencies Harbourland Power Development Board (HPDB)Tide Building, 4th Floor\n",
     "Harbourland Power Development Board"),
    ("Executing Agency: Harbourland Railway (HR)HRPROJ@EXAMPLE.NETRailway Div., Ministry of Transport\n",
     "Harbourland Railway"),
    # two fields that disagree: no telling which one executes the whole project
    ("Executing Agencies | Harbour Port Authority\nExecuting Agencies | Tide Roads Department\n", ""),
    # the same agency named twice (a sheet and its update) is one answer
    ("Executing Agencies | Harbour Port Authority\n\nExecuting Agencies | Harbour Port Authority\n",
     "Harbour Port Authority"),
    # a sentence about executing agencies is no field
    ("Capacity development in the executing agencies will be supported.\n", ""),
    ("The Executing Agency will recruit consultants.\n", ""),
])
def test_the_executing_agency_field(text, agency):
    assert executing_agency(text) == agency


@pytest.mark.integration
def test_an_agentless_duty_of_a_project_data_sheet_is_the_executing_agency_s(extractor):
    text = ("Harbourland: Tide Basin Water Supply Project\n\n"
            "Project Data Sheet\n\n"
            "Harbourland will benefit from safer water in the Tide Basin. Harbourland has grown fast.\n\n"
            "Harbourland ranks low on access to piped water.\n\n"
            "Executing Agencies | Tide Basin Water AuthorityTide City, Harbourland\n\n"
            "All consulting firms will be recruited under the procurement guidelines.\n\n"
            "The resettlement plan will be disclosed to the affected households before construction.")
    records = extractor.extract(document_from_text(text)).commitments
    actors = {c.action: c.actor for c in records}
    assert actors["recruit"] == "Tide Basin Water Authority"
    assert actors["disclose"] == "Tide Basin Water Authority"


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("Harbourland commits itself to expand the protected area to 5 percent of its territory.",
     "expand", "the protected area to 5 percent of its territory"),
    ("The partners commit themselves to restoring the tidal marshes of the bay.",
     "restore", "the tidal marshes of the bay"),
    ("Together, we recommit to promoting open and fair trade in the harbour region.",
     "promote", "open and fair trade in the harbour region"),
    ("The partners recommit themselves to strengthening coastal resilience.",
     "strengthen", "coastal resilience"),
])
def test_a_reflexive_or_present_recommitment_leads_to_its_action(extractor, sentence, action, target):
    records = extractor.extract(document_from_text(sentence, title="Harbour Partners Joint Statement")).commitments
    assert [(c.action, c.target) for c in records] == [(action, target)]
