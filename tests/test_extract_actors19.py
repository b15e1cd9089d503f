"""Who speaks for a joint statement, and which city a plan that says "the City" is (issue 10, class 1).

A joint statement speaks as "we": its parties, all of them.  The title names them
joined by dashes ("A-B Joint Leaders' Statement", "A-B-C Joint Statement"), or as the
parties to the partnership, dialogue or agreement it is about ("Joint Statement on the
A-B Strategic Partnership"); the lead names them after "We" ("We the Leaders of the
Group of Nine (G9) remain ...", "We, A, B, and C, as coastal states, ..."), with or
without a comma after the last name.  Before this, "A-B Joint Leaders' Statement"
gave the last party alone (the word before "Leaders"), and a list of signatories
without a closing comma was cut before its last name.  Measured on 30 joint
statements of a public archive that no split holds, judged by hand before the rules
ran: a declared issuer right for 24 (14 before), wrong for none.

A city's plan that calls itself "the City" throughout, and names other cities as
examples ("the City of Lakeside adopted ..."), is its own city's, not the first example's.

Every title and sentence here is invented.
"""

from __future__ import annotations

import pytest

from kb.extract.actors import declared_issuer, joint_title_issuer, local_government_in_text


@pytest.mark.parametrize("title, parties", [
    ("Norland-Sudland Joint Leaders\u2019 Statement", "Norland and Sudland"),
    ("N.L.-Sudland Joint Leaders' Statement", "N.L. and Sudland"),
    ("Norland \u2013 Eastern Isles Joint Statement", "Norland and Eastern Isles"),
    ("Norland-Republic of Sudland Leaders\u2019 Joint Statement", "Norland and Republic of Sudland"),
    ("Norland-Sudland-Westmark Joint Statement on Port Financing", "Norland, Sudland and Westmark"),
    ("Norland-Sudland Presidential Joint Statement on Strategic Stability", "Norland and Sudland"),
    # the parties to what the statement is about
    ("Joint Statement on the Norland-Sudland Strategic Partnership", "Norland and Sudland"),
    ("Joint Statement: Norland-Sudland High-Level Security Dialogue", "Norland and Sudland"),
    ("Joint Statement on Framework for a Norland \u2013 Sudland \u2013 Westmark Agreement on Trade",
     "Norland, Sudland and Westmark"),
    # a dotted abbreviation starts a name: "The Harbour N.L." is no party
    ("The Harbour N.L.-Sudland Strategic Partnership Joint Declaration", "N.L. and Sudland"),
    # leaders named in the title, the preposition capitalised or not
    ("Joint Statement Following the Summit of the Leaders of Norland and the Harbour Council",
     "Norland and the Harbour Council"),
    ("Joint Statement Between Norland, Westmark, and the Republic of Sudland on Ports",
     "Norland, Westmark, and the Republic of Sudland"),
])
def test_a_joint_title_names_all_its_parties(title, parties):
    assert joint_title_issuer(title) == parties
    assert declared_issuer(title, "") == parties


@pytest.mark.parametrize("title", [
    "Joint Statement on the Indo-Pacific Economic Framework",     # a compound, not two parties
    "Readout of the Norland-Sudland Dialogue",                    # not a joint text
    "Norland-Sudland Trade Report",
    "Joint Statement on Long-Term Ocean Science",
])
def test_no_parties_in_these_titles(title):
    assert joint_title_issuer(title) == ""


@pytest.mark.parametrize("lead, issuer", [
    ("We the Leaders of the Group of Nine (G9) remain resolved to stand with the people of Westmark.",
     "Group of Nine (G9)"),
    ("We, the leaders of the Harbour Commission, Norland, Sudland, Westmark, and the Eastern Isles condemn "
     "the attack.", "Harbour Commission, Norland, Sudland, Westmark, and the Eastern Isles"),
    ("Today, we the governments of Norland, the Republic of Sudland, and Westmark are pleased to announce "
     "a summit.", "Norland, the Republic of Sudland, and Westmark"),
    ("We, Norland, Sudland, C\u00f4te d\u2019Ouest, Guinea-Nord, and Westmark, as coastal states of the "
     "Northern Sea, will cooperate.", "Norland, Sudland, C\u00f4te d\u2019Ouest, Guinea-Nord, and Westmark"),
    ("WE, the Member States of the Harbour Union and Norland, met on 2 May.", "Harbour Union and Norland"),
])
def test_the_lead_names_the_signatories(lead, issuer):
    assert declared_issuer("Statement", lead) == issuer


def test_two_names_after_we_are_not_a_list_of_signatories():
    assert declared_issuer("Statement", "We, Norland and Sudland, will meet again.") == ""


CITY_PLAN = (
    "The City will retrofit its buildings. The City of Lakeside adopted a similar plan in 2019, "
    "and the City of Lakeside reports savings. The City will buy electric buses. The City will plant "
    "trees. The City will report each year. The City will train staff. {own}"
)


@pytest.mark.parametrize("own, place, city", [
    ("", False, "City of Lakeside"),                       # the best name is no place: the city the text names
    ("", True, ""),                                        # Riverton's plan: Lakeside is an example
    ("Welcome to the City of Riverton.", True, "City of Riverton"),
])
def test_a_plan_that_says_the_city_is_its_own_citys(own, place, city):
    assert local_government_in_text(CITY_PLAN.format(own=own), "Riverton", place=place) == city
