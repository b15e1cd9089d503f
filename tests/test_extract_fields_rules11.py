"""Fields of detected commitments, round 11 (issue 10, fields): who "we" is when the body never says.

ANNOTATION.md section 2: "we" resolves to the entity it stands for.  A communiqué, a
declaration or a plan that speaks as "we" usually names its issuer in the body ("We, the
leaders of the G7, ...": train multi-g7-clean-energy-economy-2023, multi-quad-leaders-2021);
when it does not, its title does.  The rules pinned here:

- the document's title is the one its YAML front matter states, escapes read (ingestion:
  kb/ingest/sniff.py, kb/ingest/markdown.py; train multi-quad-leaders-2021,
  multi-g7-clean-energy-economy-2023, multi-global-methane-pledge, multi-g20-bali-2022;
  validation multi-indonesia-jetp), and a title that is a file name's slug gives way to the
  first heading (train nat-au-alpha-digital-service-standard-2015,
  nat-au-digital-service-standard-scope-2015);
- a plan's title that opens with its owner's name ("G7 Clean Energy Economy Action Plan",
  "City of Hartford Energy Action Plan": train multi-g7-clean-energy-economy-2023,
  state-hartford-energy-action-plan) credits that owner, when the text uses the name on its own;
- "G7", "G20": a group named by its number of members is a name, not a year or a technology
  (train multi-g20-bali-2022, multi-g7-clean-energy-economy-2023).

Robustness (measured, not a test): the train communiqués with their "We, the leaders of ..."
line removed resolved "we" to "Indo-Pacific" (Quad) and to the OECD (G7) before these rules,
and to "Quad" and "G7" after them.  Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.actors import issuer_title, main_actor, owner_in_title
from kb.ingest import parse_bytes


@pytest.mark.parametrize("title, heading, expected", [
    # a file name's slug gives way to the first heading
    ("introducing_the_harbour_transformation_office", "Introducing the Harbour Transformation Office",
     "Introducing the Harbour Transformation Office"),
    ("uk-harbour-single-departmental-plan-2026", "Our plan", "Our plan"),
    # no heading to take instead: the slug stays
    ("uk-harbour-single-departmental-plan-2026", "", "uk-harbour-single-departmental-plan-2026"),
    # an ordinary title stays
    ("Climate-neutral Harbour", "Key points", "Climate-neutral Harbour"),
])
def test_issuer_title(title, heading, expected):
    assert issuer_title(title, heading) == expected


# --- a plan's title that opens with its owner ---------------------------------------------

@pytest.mark.parametrize("title_entity, names, owner", [
    ("G9 Clean Ocean Action Plan", ["G9", "OECD"], "G9"),
    ("the City of Portbury Energy Action Plan", ["City of Portbury", "Portbury"], "City of Portbury"),
    ("Harbour Board Annual Programme", ["the Harbour Board"], "Harbour Board"),
    # the text never uses the name on its own, or only a cut-short name: no owner
    ("G9 Clean Ocean Action Plan", ["OECD"], ""),
    ("City of Portbury Energy Action Plan", ["City of"], ""),
])
def test_owner_in_title(title_entity, names, owner):
    assert owner_in_title(title_entity, names) == owner


def test_plan_title_owner_outweighs_a_subject_named_once():
    """A text that speaks as "we", whose only named subject is a body it works with."""
    oecd = "the Organisation for Economic Co-operation and Development"
    assert main_actor("G9 Clean Ocean Action Plan", "We are acting to clean the oceans.", [oecd],
                      [("G9", "ORG"), ("G9", "ORG"), (oecd, "ORG"), ("WTO", "ORG"), ("WTO", "ORG"), ("WTO", "ORG")],
                      ["G9 Clean Ocean Action Plan"]) == "G9"


@pytest.mark.parametrize("entities, actor", [
    ([("G20", "ORG"), ("G20", "ORG"), ("Harbour Board", "ORG")], "G20"),
    ([("IPv6", "ORG"), ("IPv6", "ORG"), ("Harbour Board", "ORG")], "Harbour Board"),
    ([("2030", "ORG"), ("2030", "ORG"), ("Harbour Board", "ORG")], "Harbour Board"),
])
def test_numbered_group_is_a_name(entities, actor):
    assert main_actor("Ocean statement", "", [], entities, []) == actor


# --- end to end: an invented communiqué whose only naming of the issuer is its title -------

_COMMUNIQUE = (
    "---\n"
    "tags: statements-releases\n"
    "date: '2026-03-02'\n"
    'title: "Joint Statement from Quinta\\_Leaders"\n'
    "---\n"
    "{opening}\n\n"
    "We will double offshore wind capacity in our countries by 2030.\n\n"
    "The Indo-Pacific Ocean Forum will publish a review of tidal energy by 2027.\n\n"
    "We will launch a joint tidal research programme next year.\n"
)


@pytest.mark.integration
@pytest.mark.parametrize("opening", [
    "We, the leaders of Quinta, met today in Harbour Town for the first time.",
    "We met today in Harbour Town for the first time.",     # the body never names the issuer
])
def test_we_of_a_communique_is_the_group_its_title_names(extractor, opening):
    doc = parse_bytes(_COMMUNIQUE.format(opening=opening).encode(), "statement.md")
    assert doc.title == "Joint Statement from Quinta Leaders"
    records = extractor.extract(doc).commitments
    we = {c.action: c.actor for c in records if c.actor_text.lower() == "we"}
    assert we == {"double": "Quinta", "launch": "Quinta"}
