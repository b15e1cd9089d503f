"""Fields of detected commitments, rules-7 (issue 10): one table per error class.

- deadlines: what starts in a year is due that year ("from 2027", "From June 2026, ...",
  "from the middle of 2027"), unless the year is a baseline ("a 30% cut from 2005") or
  already past (ANNOTATION.md 5);
- actors: a subject the parser lost behind a phrase set off by commas ("the Secretary,
  in consultation with A, B and C, shall ..."); a verb coordinated after one with a
  subject shares it; the items of a list under a sentence that ends in ":" take its
  actor (ANNOTATION.md 2);
- targets: "legislation to ban X" keeps its infinitive, it says what the thing is
  (ANNOTATION.md 4).

Sentences are invented, or come from train documents (eo-14034, eo-14119, eo-14120).
"""

from __future__ import annotations

import datetime as dt

import pytest

from kb.extract.deadlines import find_deadlines
from tests.textdoc import document_from_text


@pytest.mark.parametrize("text, reference, found", [
    # a start in a year: due that year; weak inside a clause, strong where it opens one
    ("introducing a new harbour levy from 2027, which", None, ("from 2027", "2027-12-31", True)),
    ("If the service is new then, from June 2026, it must meet the rule", None, ("from June 2026", "2026-06-30", False)),
    ("From the middle of 2027 all port authorities will", None, ("From the middle of 2027", "2027-12-31", False)),
    ("by the middle of 2028", None, ("by the middle of 2028", "2028-12-31", False)),
    # a baseline, a level, or a year already past is no deadline
    ("a 30% cut from 2005", None, None),
    ("emissions down from 2019", None, None),
    ("reduce emissions from 2008 levels", None, None),
    ("the pilot running from 2012", dt.date(2020, 5, 1), None),
])
def test_fields_rules7_from_year_table(text, reference, found):
    got = [(d.text, d.date, d.weak) for d in find_deadlines(text, reference)]
    assert got == ([found] if found else [])


def _records(extractor, text: str, title: str = "Executive Order 15001: Ports and Harbours"):
    return extractor.extract(document_from_text(text, title=title, published="2025-03-01")).commitments


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, actor_words", [
    # train eo-14034: the helpers' list after "in consultation with" is not the subject
    ("(b) Not later than 120 days after the date of this order, the Secretary of Commerce, in consultation with "
     "the Secretary of State, the Secretary of Defense, the Attorney General, and the heads of other agencies as "
     "the Secretary of Commerce deems appropriate, shall provide a report to the Assistant to the President and "
     "National Security Advisor.", "provide", {"Secretary", "Commerce"}),
    # train eo-14119: a basis before the subject, an aside after it
    ("Based on recommendations from the initial report described in section 3(d) of this order and in "
     "consultation with the Working Group, agencies, as part of their strategic workforce planning, shall take "
     "steps to develop and expand the use of Registered Apprenticeship programs, where practicable.", "take",
     {"agencies"}),
    # invented: two subjects, each with its own aside
    ("The Secretary of Water, with respect to rivers managed by the Harbour Service, and the Secretary of Land, "
     "with respect to coastal forests, shall, within 1 year of the date of this order, publish an inventory of "
     "tidal wetlands.", "publish", {"Secretary", "Water"}),
])
def test_fields_rules7_subject_behind_aside_table(extractor, sentence, action, actor_words):
    got = [c for c in _records(extractor, sentence) if c.action == action]
    assert got, [(c.action, c.actor) for c in _records(extractor, sentence)]
    assert actor_words <= set(got[0].actor.replace(",", " ").split()), got[0].actor


@pytest.mark.integration
def test_fields_rules7_target_subject_is_no_actor(extractor):
    # "the share of X will reach 40 percent": the subject is what is measured, not who acts
    got = _records(extractor, "By 2030, the share of electric buses in new public purchases will reach 40 percent.",
                   title="Clean Transport Plan of Lakeshire County")
    assert got and all("share" not in c.actor for c in got), [(c.action, c.actor) for c in got]


@pytest.mark.integration
@pytest.mark.parametrize("action", ["publish", "facilitate"])
def test_fields_rules7_coordinated_verbs_share_the_subject_table(extractor, action):
    text = ("(c) The Harbour Board shall coordinate dredging plans for the estuary; identify and publish a list of "
            "silted berths; and facilitate collaboration by port operators with the coastguard.")
    got = {c.action: c.actor for c in _records(extractor, text)}
    assert got.get(action) == "Harbour Board", got


@pytest.mark.integration
@pytest.mark.parametrize("action", ["promote", "address"])
def test_fields_rules7_items_under_colon_take_its_actor_table(extractor, action):
    # train eo-14120: the sentence above the list yields no lead-in frame, its actor still carries over
    text = ("(a) Agency Members of the Initiative shall identify and, as appropriate and consistent with applicable "
            "law, prioritize grantmaking and other awards to advance women's health research, with an emphasis on:\n"
            "(i) promoting collaborative, interdisciplinary research across fields and areas of expertise;\n"
            "(ii) addressing health disparities and inequities affecting women; and")
    got = {c.action: c.actor for c in _records(extractor, text)}
    assert got.get(action) == "Agency Members of the Initiative", got


@pytest.mark.integration
@pytest.mark.parametrize("sentence, target", [
    # three content words and more before the infinitive would read as a complete thing and a purpose
    ("The Ministry will introduce comprehensive national plastics legislation to ban single-use cups.",
     "comprehensive national plastics legislation to ban single-use cups"),
    ("The Council will publish a new harbour dues bill to cap port fees.", "a new harbour dues bill to cap port fees"),
])
def test_fields_rules7_noun_with_its_infinitive_table(extractor, sentence, target):
    got = [c.target for c in _records(extractor, sentence, title="Programme of the Ministry of Ports")]
    assert target in got, got
