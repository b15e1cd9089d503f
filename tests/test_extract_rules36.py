"""Round 34 (rules-36; issue 10): times that close a commitment, and what a target keeps.

* A time that closes the object says when the thing is done (ANNOTATION.md section 5), with "during"
  as with "in" ("review the register during 2027"), and with a part of the year before the year: a
  season ("in spring 2027", "during the summer of 2027", "from summer 2027"), a quarter or a half ("in
  the first quarter of 2028", which the rules already read so at a clause's end).  The time is the deadline and no part of the target.  A time inside a
  description of the object ("the findings of the survey conducted during 2027") stays the object's.
* "by the end of spring 2028" is a deadline, as "by the end of 2028" is.
* A section an action names is what the action is about, not a note of where a duty comes from: "a
  report detailing progress in implementing section 4 of this order" keeps the section; "guidance
  pursuant to section 4 of this order" still loses its citation.
* A report sent "through" an office on its way to a participle that says what it holds ("a report to
  the Minister through the Port Liaison Unit describing X") keeps what it holds: the office is a route,
  not a means ("cut delays through the Unit" still loses its means).
* A label's capital letter after its noun ("Band A", "Schedule A") is no dangling article.
* A lead-in that assigns the items below as "the following reports" ("Within 100 days of the date of
  this order, the named heads of agencies shall submit the following reports to the President:") gives
  its deadline to the items that do what it names, each with a subject of its own ("(i) The Secretary
  of X shall submit a report on Y"), as a lead-in with a frame of its own already did (ANNOTATION.md
  section 5: a deadline goes to the items of its own list); an item that does something else keeps
  none.
* "We will work with our partners to V": the parser makes the partners after "with" the subject of the
  infinitive, which has none of its own; the one who works with them does V.  An object the verb asks to
  act ("ask the operators to publish X") and "for X to V" are as before.

The sentences are invented; the report list follows the wording of a train order (EO 14017) with other
offices and subjects, and shares with the dev and test orders only the formula "within 100 days of the
date of this order"."""

from __future__ import annotations

import pytest

from tests.textdoc import document_from_text

OPENING = "The Harbour Office of Riverton publishes this plan.\n\n"


def _records(extractor, text, title="Riverton harbour plan"):
    doc = document_from_text(text, title=title, published="2026-03-02")
    return [(c.action, c.target, c.deadline.date if c.deadline else None)
            for c in extractor.extract(doc).commitments]


CLOSING_TIMES = [
    ("The Harbour Office will review the mooring register during 2027.",
     ("review", "the mooring register", "2027-12-31")),
    ("The Harbour Office will update the berthing guidance during the summer of 2027.",
     ("update", "the berthing guidance", "2027-08-31")),
    ("The Harbour Office will hold a consultation on the new berthing rules in spring 2027.",
     ("hold", "a consultation on the new berthing rules", "2027-05-31")),
    ("The Harbour Office will offer refresher training to pilots from summer 2027.",
     ("offer", "refresher training to pilots", "2027-08-31")),
    ("The Harbour Office will publish revised mooring tariffs in the first quarter of 2028.",
     ("publish", "revised mooring tariffs", "2028-03-31")),
    ("The Harbour Office will finish the new ferry pier by the end of spring 2028.",
     ("finish", "the new ferry pier", "2028-05-31")),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, record", CLOSING_TIMES)
def test_a_time_that_closes_the_object_is_the_deadline(extractor, sentence, record):
    assert _records(extractor, OPENING + sentence) == [record]


TARGETS_KEPT = [
    # a time in a description of the object is the object's
    ("The Harbour Office will publish the findings of the survey conducted during 2027.",
     ("publish", "the findings of the survey conducted during 2027", None)),
    # the section an action is about stays; a citation of where the duty comes from goes
    ("The Harbour Office shall submit a report to the Minister detailing progress in implementing section 4 "
     "of this order.",
     ("submit", "a report to the Minister detailing progress in implementing section 4 of this order", None)),
    ("The Harbour Office shall issue berthing guidance pursuant to section 4 of this order.",
     ("issue", "berthing guidance", None)),
    # a report sent through an office on its way to what it holds: the target runs on to what it holds
    ("The Harbour Office shall submit a report to the Minister through the Port Liaison Unit describing the "
     "state of the breakwater.",
     ("submit", "a report to the Minister through the Port Liaison Unit describing the state of the breakwater",
      None)),
    # "through" with no deliverable to describe is a means, and goes
    ("The Harbour Office will cut berthing delays through the Port Liaison Unit.",
     ("cut", "berthing delays", None)),
    # a label's letter
    ("The Harbour Office will appoint a pilot liaison officer at Band A by 2027.",
     ("appoint", "a pilot liaison officer at Band A", "2027-12-31")),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, record", TARGETS_KEPT)
def test_what_a_target_keeps(extractor, sentence, record):
    assert _records(extractor, OPENING + sentence) == [record]


REPORT_LIST = """Executive Order on Riverton Harbors

(b) Within 100 days of the date of this order, the named heads of agencies shall submit the following reports to the President:

(i) The Secretary of Transportation, in consultation with the heads of appropriate agencies, shall submit a report identifying risks to harbor pilot training.

(ii) The Secretary of Commerce shall submit a report on the supply of dredging equipment.

(iii) The Secretary of Commerce shall publish the dredging schedule."""


@pytest.mark.integration
def test_a_report_list_lead_in_dates_the_reports_it_names(extractor):
    doc = document_from_text(REPORT_LIST, published="2026-03-02")
    found = [(c.actor, c.action, c.deadline.date if c.deadline else None)
             for c in extractor.extract(doc).commitments]
    assert found == [("Secretary of Transportation", "submit", "2026-06-10"),
                     ("Secretary of Commerce", "submit", "2026-06-10"),
                     ("Secretary of Commerce", "publish", None)]


PARTNERS = [
    ("We will work pro-actively with our harbour partners to steadily improve berth scheduling.",
     ("improve", "berth scheduling")),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, record", PARTNERS)
def test_partners_named_after_with_do_not_become_the_actor(extractor, sentence, record):
    text = "The Harbour Office of Riverton will publish a berthing plan by 2027.\n\n" + sentence
    doc = document_from_text(text, title="Riverton harbour plan", published="2026-03-02")
    found = {(c.action, c.target): c.actor for c in extractor.extract(doc).commitments}
    assert record in found
    assert found[record] == "Harbour Office of Riverton"
