"""Actor fields (issue 10, error class 1): who is, and who is not, an actor.

ANNOTATION.md section 2: "we", "our countries", "the Government" stand for the
document's issuer; a thing (a website, a year, a place in a text, "whose members")
cannot promise anything; a citation after a name says which body is meant and is
not part of its name.  Records say where their actor came from (`actor_source`).
Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.actors import clean_actor, is_generic, is_thing
from tests.textdoc import document_from_text


@pytest.mark.parametrize("mention, generic", [
    # the speakers of a first-person text, as a group: the issuer
    ("Our countries", True),
    ("our two governments", True),
    ("our member states", True),
    ("My administration", True),
    ("the city", True),
    # a named body, or a group that is not the speakers, stays itself
    ("Our partners in industry", False),
    ("the Harbour Board", False),
    ("local councils", False),
])
def test_fields_actor_generic_table(mention, generic):
    assert is_generic(mention) is generic


@pytest.mark.parametrize("mention, thing", [
    ("Openmaps.gov", True),          # a website
    ("www.floodwatch.org", True),
    ("2027", True),                  # a year the parser took for the subject
    ("whose trustees", True),        # a relative: the body before it undertakes
    ("the second sentence of section 12(c)", True),
    ("our ambition", True),
    ("the Water Services Regulation Authority", False),
    ("Ofwat", False),
    ("G7", False),
])
def test_fields_actor_thing_table(mention, thing):
    assert is_thing(mention) is thing


@pytest.mark.parametrize("mention, name", [
    ("all agencies (as defined in section 551(1) of title 5, United States Code)", "all agencies"),
    ("the Secretary, in consultation with the Attorney General,", "Secretary"),
    ("the Harbour Board (HB)", "Harbour Board (HB)"),
])
def test_fields_actor_clean_table(mention, name):
    assert clean_actor(mention) == name


DECLARATION = (
    "We, the Leaders of the Lakes Forum, met today in Kisumu.\n\n"
    "Our countries will launch a joint fisheries observatory by 2027.\n\n"
    "We will double funding for wetland restoration.")


@pytest.mark.integration
def test_fields_first_person_group_is_the_issuer(extractor):
    got = {c.action: (c.actor, c.actor_text, c.actor_source)
           for c in extractor.extract(document_from_text(DECLARATION, title="Kisumu Declaration")).commitments}
    assert got["launch"] == ("Lakes Forum", "Our countries", "main_actor")
    assert got["double"] == ("Lakes Forum", "We", "main_actor")


@pytest.mark.integration
def test_fields_website_is_no_main_actor(extractor):
    text = ("Openmaps.gov will host the shared catalogue.\n\n"
            "Openmaps.gov will list every agency dataset.\n\n"
            "The Office of Data Policy will publish a metadata schema by 2026.")
    records = extractor.extract(document_from_text(text, title="Open maps memorandum")).commitments
    assert records and all(c.actor != "Openmaps.gov" for c in records), [(c.actor, c.action) for c in records]
