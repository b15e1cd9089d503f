"""A body described rather than named is still a body (issue 10, actors, round 2).

ANNOTATION.md section 2: descriptions are replaced by the entity they stand for, and
only a thing ("our ambition", "This strategy") cannot promise.  "This working group
will develop ...", "Our working groups will continue ...", "this committee shall ..."
describe a body: the record keeps it rather than falling back to the last actor or the
document's main actor (train: fr-omb-fedramp-draft-2023 and multi-quad-leaders-2021
use the construction).  Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.actors import clean_actor, is_thing
from tests.textdoc import document_from_text


@pytest.mark.parametrize("mention, thing", [
    # a described body: a group, committee, board, council, partnership ... (singular or plural)
    ("This working group", False),
    ("Our working groups", False),
    ("this steering committee", False),
    ("Its advisory board", False),
    ("these councils", False),
    ("this long-term partnership", False),
    ("Our expert panel", False),
    # a thing opened by a possessive or a demonstrative stays a thing
    ("This strategy", True),
    ("our ambition", True),
    ("such inflows", True),
    ("these reports", True),
    ("Our group's annual report", True),
    ("this working group's charter", True),
])
def test_fields_described_body_is_no_thing_table(mention, thing):
    assert is_thing(mention) is thing


@pytest.mark.integration
def test_fields_described_working_group_keeps_itself(extractor):
    text = ("Harbour Data Standards for Shared Cloud Services\n\n"
            "The Port Authority will convene a technical working group of port operators.\n\n"
            "This working group will develop common data formats for container tracking by 2027.")
    records = extractor.extract(document_from_text(text, title="Port data memo")).commitments
    develop = [c for c in records if c.action == "develop"]
    assert develop, [(c.actor, c.action) for c in records]
    assert develop[0].actor.lower() == "working group"
    assert develop[0].actor_source == "named"


@pytest.mark.parametrize("mention, shown", [
    ("This working group", "working group"),
    ("these review panels", "review panels"),
    ("that steering committee", "steering committee"),
    # a thing, a named body, or a body with a tail keeps its words
    ("This strategy", "This strategy"),
    ("The Harbour Board", "Harbour Board"),
    ("This group of experts", "This group of experts"),
])
def test_fields_described_body_shown_without_demonstrative_table(mention, shown):
    assert clean_actor(mention) == shown
