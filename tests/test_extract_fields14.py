"""Fields of detected commitments, round 14 (issue 10, fields): who speaks for a city's plan, and
the date that relative deadlines are read against.

ANNOTATION.md section 2: "the City" resolves to the body the plan speaks for; section 5: "this
year", "over the next three years" are normalised against the document's date.  The rules pinned
here (each a construction of a genre, seen in at least two train documents):

- a city's plan that keeps calling itself "the City" is the city's, by the name its text gives it
  even once and only in its body ("the City of X, along with partners, will ...", "the X City
  Council"), when the scores over names pick one of its departments or organs ("DWM", "City
  Council") (train state-atlanta-clean-energy-policy-recommendations,
  state-new-orleans-climate-action-energy);
- a page with no labelled date that opens with its date on a line of its own ("19 June 2025" above a
  press release's headline, "November 2017" under a paper's title) or says when it was ordered
  ("Return to an order of the House of Commons dated 8 March 2017") is published that day (train
  eu-metering-data-implementing-act-2023 and the other Commission press releases,
  uk-hmt-spring-budget-2017-public-services).

Every sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.actors import is_thing, local_government_in_text, main_actor
from kb.extract.deadlines import normalise_deadline
from kb.ingest import parse_bytes
from kb.ingest.metadata import find_top_date_with_source

# --- a city's plan that calls itself "the City" ----------------------------------------------

_SELF = " ".join(["The City will plant trees on main streets."] * 3 + ["The City will audit the libraries."] * 3)


@pytest.mark.parametrize("text, best, city", [
    # named once, in the body, as "the City of X"
    ("With this plan, the City of Harbourton, along with partners, will act. " + _SELF, "HWD", "City of Harbourton"),
    # named only through its council
    ("In 2022 the Port Ellis City Council opened a solar programme. " + _SELF, "City Council", "City of Port Ellis"),
    # a county that calls itself "the County"
    ("The County of Dunmore Vale adopted this plan. " + _SELF.replace("City", "County"), "Parks Division",
     "County of Dunmore Vale"),
    # the scores already found the city: kept
    ("With this plan, the City of Harbourton will act. " + _SELF, "City of Harbourton", ""),
    ("With this plan, the City of Harbourton will act. " + _SELF, "Lake Harbour County", ""),
    # the text calls itself "the City" too seldom
    ("The City of Harbourton will act. The City will plant trees.", "HWD", ""),
    # "the City Council", "the City of" are not the plan speaking of itself
    ("The City of Harbourton met. " + " ".join(["The City Council will vote on the budget."] * 6), "HWD", ""),
    # "the city" in lower case is the place, not the body
    ("With this plan, the City of Harbourton will act. " + _SELF.replace("City", "city"), "HWD", ""),
    # it never names the city
    (_SELF, "HWD", ""),
])
def test_local_government_in_text(text, best, city):
    assert local_government_in_text(text, best) == city


def test_city_that_calls_itself_the_city_outweighs_its_department():
    """Before: the department abbreviated most often ("HWD") became the plan's main actor."""
    text = ("Harbourton Water Department (HWD) reports. HWD will expand its digesters. HWD will repair mains. "
            "With this plan, the City of Harbourton, along with partners, will act. " + _SELF)
    entities = [("HWD", "ORG")] * 6 + [("Harbourton Water Department", "ORG"), ("City of Harbourton", "GPE")]
    lead = "Harbourton Water Department (HWD) reports. HWD will expand its digesters."
    actor = main_actor("Policy", lead, ["HWD", "HWD"], entities, [], top=["Policy", lead], text=text)
    assert actor == "City of Harbourton"


# --- a page that prints its date at its top ----------------------------------------------------

@pytest.mark.parametrize("lines, date", [
    (["19 June 2025", "New advisory hub to help citizens", "The Commission is launching a hub."], "2025-06-19"),
    (["Coastal defences", "A paper of the Harbour Board", "March 2029", "The board will raise the sea walls."],
     "2029-03-01"),
    (["Return to an order of the House of Commons dated 8 March 2017.", "Public services"], "2017-03-08"),
    # a date after "by", "from" is a deadline or an event
    (["Harbour plan", "Works completed by March 2027", "We will dredge the harbour."], None),
    (["Harbour plan", "Open from 3 May 2026", "We will dredge the harbour."], None),
    # a date further down the page is an event, not the page's date
    (["Harbour plan"] + [f"Paragraph {i} of the plan says what the harbour board does." for i in range(8)]
     + ["9 May 2024"], None),
])
def test_find_top_date(lines, date):
    found = find_top_date_with_source(lines)
    assert (found[0] if found else None) == date


@pytest.mark.parametrize("name, text, published", [
    ("release.md", "19 June 2025\n\n# New advisory hub to help citizens\n\nThe Commission will host a webinar.\n",
     "2025-06-19"),
    ("paper.html", "<p>Return to an order of the House of Commons dated 8 March 2017.</p>"
                   "<h2>Public services</h2><p>The government will provide £100 million over the next three years.</p>",
     "2017-03-08"),
    # a labelled date still comes first
    ("release.md", "19 June 2025\n\nPublished: 20 June 2025\n\n# Hub\n\nThe Commission will host a webinar.\n",
     "2025-06-20"),
])
def test_page_date_read_from_its_top(name, text, published):
    assert parse_bytes(text.encode(), name).published == published


def test_relative_deadline_of_a_dated_page():
    """Before: with no date found, "over the next three years" had no year."""
    parsed = parse_bytes(("<p>Return to an order of the House of Commons dated 8 March 2017.</p>"
                          "<p>The government will provide £100 million over the next three years.</p>").encode(),
                         "paper.html")
    deadline = normalise_deadline("over the next three years", parsed.published)
    assert deadline is not None and deadline.date is not None and deadline.date.startswith("2020")


# --- a quarter of a year ------------------------------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("The contract for the harbour cranes will be awarded by Q2 2026.", "2026-06-30"),
    ("The first cohort of fellows will begin their courses in the third quarter of 2027.", "2027-09-30"),
    ("The board will publish its review by the end of the fourth quarter of 2026.", "2026-12-31"),
    ("The depot will open in Q1 2027.", "2027-03-31"),
    # a past quarter is a description, not a deadline
    ("Sales of heat pumps doubled in the second quarter of 2019.", None),
])
def test_quarter_deadline(text, date):
    deadline = normalise_deadline(text, "2025-11-20")
    assert (deadline.date if deadline else None) == date


# --- "earlier this year": a time in the past -------------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("Announced in the harbour strategy earlier this year, the fund will open to bids.", None),
    ("Earlier this year, the board adopted its new charter.", None),
    ("Earlier this summer the council met the ferry operators.", None),
    ("The board will consult on the charges later this year.", "2025-12-31"),
    ("The board will consult on the charges this year.", "2025-12-31"),
])
def test_earlier_this_year_is_no_deadline(text, date):
    deadline = normalise_deadline(text, "2025-06-16")
    assert (deadline.date if deadline else None) == date


# --- a time is never an actor -----------------------------------------------------------------------

@pytest.mark.parametrize("text, thing", [
    ("Q2 2026", True),
    ("the third quarter of 2027", True),
    ("August", True),
    ("March 2026", True),
    ("spring 2027", True),
    ("Mayor", False),
    ("Summer Youth Council", False),
    ("Secretary of Labor", False),
])
def test_time_is_no_actor(text, thing):
    assert is_thing(text) is thing
