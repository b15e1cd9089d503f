"""Fields of detected commitments, round 12 (issue 10, fields): actors before a modal, "to"
complements of nouns, and serial lists of long phrases.

The rules pinned here (kb/extract/records.py, kb/extract/targets.py, lexicon TO_COMPLEMENT_NOUNS):

- an abbreviation in capitals before a modal is a name ("DHS, in coordination with OMB, shall
  ...", "(d) EPA, in consultation with X, shall:"); the test for a capital ran under re.I and
  took only one-letter words (train: fr-omb-m-19-26-tic); a possessed thing ("NIST's updates
  to the Test Program") is no name (train: fr-omb-ipv6-draft-2020);
- after a noun whose complement is a "to" phrase (resilience, threat, access ...), "to climate
  variability" or "to mature and old-growth forests" stays in the target although the parser
  read it as an infinitive (train: ndc-ken, eo-14072);
- a serial list of long phrases ("A, B, and C") is one undertaking per phrase: the target is the
  first (train: eo-14001, eo-14092, dev-adb-cobp-bangladesh-2011-2013); a list of short things, a
  pair, or a list of bodies (who it is for) stays whole;
- a UK command paper's or budget's presenter ("Presented to Parliament by the Secretary of State
  for X") is its issuer (kb/extract/actors.py `declared_issuer`, lexicon PRESENTED_BY).

Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.actors import declared_issuer
from kb.extract.records import _colon_subject, _names_before_modal
from kb.extract.targets import clean_target
from tests.textdoc import document_from_text


# --- names before a modal ----------------------------------------------------------------

@pytest.mark.parametrize("before_modal, name", [
    # an abbreviation in capitals is a name
    ("DHS, in coordination with OMB, ", "DHS"),
    ("(c) EPA ", "EPA"),
    ("Within one month, FEMA, in consultation with the Coast Guard, ", "FEMA"),
    # a name in title case and a common subject with its determiner, as before
    ("The Harbour Board, after consulting residents, ", "The Harbour Board"),
    ("each agency ", "each agency"),
    # a thing its owner has is no name
    ("NIST's updates to the Harbour Test Program, ", ""),
    ("The Board’s annual review, ", ""),
])
def test_names_before_modal(before_modal, name):
    assert _names_before_modal(before_modal) == name


@pytest.mark.parametrize("lead_in, name", [
    ("(d) EPA, in consultation with the Harbour Board, shall:", "EPA"),
    ("(b) USDA shall promptly:", "USDA"),
])
def test_colon_subject_in_capitals(lead_in, name):
    assert _colon_subject(lead_in) == name


# --- a serial list of long phrases: the first phrase ----------------------------------------

@pytest.mark.parametrize("target, expected", [
    # three long phrases: the first
    ("an analysis of the harbour's role in regional freight movement, the city's role in national "
     "shipping networks, and options for expanding rail links to the port",
     "an analysis of the harbour's role in regional freight movement"),
    ("a report describing what steps each district has taken to reduce flooding, data on the cost of "
     "recent flood repairs, and further measures districts will take to protect homes",
     "a report describing what steps each district has taken to reduce flooding"),
    # short things: one thing
    ("the use of electric buses in public transport, taxis and urban deliveries",
     "the use of electric buses in public transport, taxis and urban deliveries"),
    ("water use by 20 percent in offices, depots, and schools",
     "water use by 20 percent in offices, depots, and schools"),
    # a pair is no serial list
    ("a survey of coastal erosion along the northern shore, and a plan for dune restoration",
     "a survey of coastal erosion along the northern shore, and a plan for dune restoration"),
    # a list of bodies says who it is for
    ("access to the regional seed bank for registered farming cooperatives, rural extension service "
     "officers, and village water committees",
     "access to the regional seed bank for registered farming cooperatives, rural extension service "
     "officers, and village water committees"),
])
def test_first_of_long_serial_list(target, expected):
    assert clean_target(target) == expected


# --- "to" complements of nouns ---------------------------------------------------------------

@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Council will strengthen the resilience of coastal towns to climate variability and storms.",
     "strengthen", "the resilience of coastal towns to climate variability and storms"),
    ("The Secretary shall assess the threats to mature and old-growth woodland on public lands, including from pests.",
     "assess", "the threats to mature and old-growth woodland on public lands"),
])
def test_to_complement_of_noun_kept(extractor, sentence, action, target):
    records = extractor.extract(document_from_text(sentence, title="Harbour plan")).commitments
    found = {c.action: c.target for c in records}
    assert found[action] == target


# --- the issuer of a UK command paper or budget -------------------------------------------
# A command paper names in its front matter the minister who lays it before Parliament; that
# minister speaks for its "we" and "the government", not Parliament, which only receives it
# (the wording every command paper bears, per the UK Parliament's glossary; train:
# uk-hmt-spring-budget-2017-public-services).  Invented front matter.

@pytest.mark.parametrize("lead, issuer", [
    ("Presented to Parliament by the Secretary of State for Housing by Command of His Majesty. "
     "March 2031", "Secretary of State for Housing"),
    ("Copy of the Autumn Statement as laid before the House of Commons by the Chancellor of the "
     "Exchequer when opening the debate.", "Chancellor of the Exchequer"),
    ("Laid before Parliament by the Minister for Rural Affairs, June 2030.", "Minister for Rural Affairs"),
    # a body merely presented to, or a lower-case description, names no issuer
    ("The committee's findings were presented to parliament by its chair last spring.", ""),
    ("This plan was debated in the House of Commons in May.", ""),
])
def test_a_command_papers_presenter_is_its_issuer(lead: str, issuer: str) -> None:
    assert declared_issuer("", lead) == issuer
