"""Target fields (issue 10, error class 3): where a target stops.

ANNOTATION.md section 4: a target keeps the noun phrase and what says which thing
it is, and cuts purpose clauses ("in order to ...", "so as to ...", a "to ..." after
an object that already names its thing), non-restrictive relative clauses
(", which ..."), examples after a dash and emphasis (", particularly ...").  A year
that closes the target of an undertaking ("cap emissions at 40 Mt in 2031") is the
deadline, not part of the target.  Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.targets import clean_target
from tests.textdoc import document_from_text


@pytest.mark.parametrize("raw, expected", [
    # purpose
    ("the river gauges in order to warn farms downstream", "the river gauges"),
    ("new seawalls so as to protect the harbour district", "new seawalls"),
    ("flood barriers, so that the old town stays dry", "flood barriers"),
    # a non-restrictive relative clause describes the thing; a restrictive one says which
    ("neighbourhood repair cafes, which help residents fix appliances", "neighbourhood repair cafes"),
    ("the depots that serve the northern routes", "the depots that serve the northern routes"),
    # examples after a dash
    ("regional partners—such as ports and rail operators", "regional partners"),
    ("regional partners -- including ports and rail operators", "regional partners"),
    # emphasis after a complete phrase
    ("composting at all county schools, particularly those with large canteens", "composting at all county schools"),
    ("heat pumps in public buildings, especially libraries", "heat pumps in public buildings"),
    # too little before the cue: nothing is cut
    ("them, which is costly", "them, which is costly"),
])
def test_fields_target_tail_table(raw, expected):
    assert clean_target(raw) == expected


def _records(extractor, text, published="2024-05-01"):
    return extractor.extract(document_from_text(text, title="Plan", published=published)).commitments


# sentence -> (action, target, deadline date or None)
CASES = {
    "purpose infinitive after a complete object is cut": (
        "The county will open a regional tool library network to reduce household waste.",
        ("open", "a regional tool library network", None)),
    "purpose infinitive the parser hangs on the verb is cut": (
        "The city will form a “Clean Fleet Team” to share good practice across departments.",
        ("form", "a “Clean Fleet Team”", None)),
    "an infinitive that says what a bare noun is stays": (
        "The assembly will introduce legislation to ban single-use cups.",
        ("introduce", "legislation to ban single-use cups", None)),
    "an infinitive after an adjective stays": (
        "The board shall provide any data and support necessary to run the audit.",
        ("provide", "any data and support necessary to run the audit", None)),
    "a closing year is the deadline of a level to reach": (
        "The republic will cap power sector emissions at 210 megatonnes in 2031.",
        ("cap", "power sector emissions at 210 megatonnes", "2031-12-31")),
    "a closing year after 'at' is the deadline": (
        "The ministry will reduce grid losses to 9 percent at 2032.",
        ("reduce", "grid losses to 9 percent", "2032-12-31")),
    "a year inside the target that describes the thing stays": (
        "The council will update the 2027 parking strategy for the harbour.",
        ("update", "the 2027 parking strategy for the harbour", None)),
}


@pytest.mark.integration
@pytest.mark.parametrize("name", list(CASES))
def test_fields_target_boundary_table(extractor, name):
    text, (action, target, date) = CASES[name]
    got = [(c.action, c.target, c.deadline.date if c.deadline else None) for c in _records(extractor, text)]
    assert (action, target, date) in got, got
