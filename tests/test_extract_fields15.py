"""Fields of detected commitments, round 15 (issue 10, fields): an initiative named as the subject
of a promise is no actor.

ANNOTATION.md section 2: "Never an object, a program or a thing" -- the record takes the body that
launched or joined the initiative.  The rule pinned here is a construction of press releases and
joint statements, seen in two train documents: an initiative the text launches, spelled out once
with its abbreviation ("the Citizen Energy Advisory Hub (CEAH)") and then the subject of "will ..."
by that abbreviation (train eu-citizen-energy-advisory-hub-2025), or described by its head noun
("This Partnership will further strengthen ...", train multi-quad-leaders-tokyo-2022).

Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.actors import names_an_initiative
from tests.textdoc import document_from_text

_BEFORE = ("The Harbour Board is launching the Coastal Skills Hub (CSH), a new initiative for apprentices. "
           "The Port Authority (PA) will dredge the channel. The Ferry Partnership Programme (FPP) opens in May. "
           "The Island Energy Partnership (IEP) was agreed today.")


@pytest.mark.parametrize("mention, expected", [
    # an abbreviation the text spells out as a hub, a programme, a partnership
    ("CSH", True),
    ("The CSH", True),
    ("FPP", True),
    ("IEP", True),
    # described by its head noun
    ("This Partnership", True),
    ("the partnership", True),
    ("this new initiative", True),
    ("The Hub", True),
    # a body spelled out, or an abbreviation the text never spells out: an actor
    ("PA", False),
    ("NATO", False),
    ("The Port Authority", False),
    # "our partnership" is the speakers themselves (a first-person group), not this rule's
    ("our partnership", False),
    ("This working group", False),
])
def test_names_an_initiative(mention, expected):
    assert names_an_initiative(mention, _BEFORE) is expected


@pytest.mark.integration
def test_abbreviated_initiative_as_subject_is_its_launchers(extractor):
    """Before: "CSH" was the actor of the webinar it will host."""
    text = ("The Harbour Board is launching the Coastal Skills Hub (CSH), a new initiative for apprentices.\n\n"
            "CSH will host a two-hour webinar on 12 May for employers.")
    records = extractor.extract(document_from_text(text, title="New hub for coastal skills")).commitments
    host = [c for c in records if c.action == "host"]
    assert [c.actor for c in host] == ["Harbour Board"]


@pytest.mark.integration
def test_described_partnership_as_subject_is_its_members(extractor):
    """Before: "Partnership" was the actor."""
    text = ("We, the Leaders of Norland and Sudmark, met today.\n\n"
            "We will launch a coastal resilience partnership for the island states.\n\n"
            "This Partnership will further strengthen our collaboration on disaster response.")
    records = extractor.extract(document_from_text(text, title="Norland-Sudmark Joint Statement")).commitments
    strengthen = [c for c in records if c.action == "strengthen"]
    assert strengthen and all(c.actor != "Partnership" for c in strengthen)
    assert all("Norland" in c.actor for c in strengthen)

