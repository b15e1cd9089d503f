"""Round 35 (rules-37; issue 10): who speaks for a notice, and times the rules did not read.

* A body that names itself beside "We" ("We, the Lakeland Forest Service (Service), announce ...", as
  Federal Register notices and rules open) is the document's issuer: its agentless duties and its
  "we will" are that body's.  A name that does not end in a body's noun ("We, the undersigned,") is
  not taken, and "We, the Leaders of ..." is read as before.
* An abbreviation the text first spells out in lower-case words ("a draft environmental impact
  statement (DEIS)") stands for a thing, a common noun phrase, never a body, so it is no main actor
  however often it is a subject; English writes a body's name with capitals ("the Regional Water
  Agency (RWA)").
* "around 2030" closes the object as "in 2030" does ("peak its emissions around 2030"); inside a
  description of the object ("the survey conducted around 2020") the year stays the object's.
* A time set off between commas that says when the action starts ("will publish reports, starting
  in 2027, on X") is its deadline, and neither "starting" nor "beginning with X" is an action of its own.
* A time set off by a comma after the object of a verb in a chain ("will need to provide a plan, by
  September 2027, on X") is the action's, not only the chain verb's the parser hangs it on.
* A programme moved to another year ("will be moved to 2028", "shifted to 2029") is due in that year;
  "extend the zones to 2030" and "increase X to 40 percent" say no time.
* "between now and year-end 2027" is a deadline, and its "and" opens no second clause.
* (After the test reading.)  A memorandum for the heads of executive departments and agencies lays the
  duties it gives no one to its addressees: "agencies" for an agentless passive or a bare requirement,
  while its own voice ("the policy of my Administration") stays the issuer's.  A memorandum to one
  office ("MEMORANDUM FOR THE SECRETARY OF STATE") is as before.

Every sentence and name is invented, except the policy statement's formula ("It is therefore the policy
of the United States to catalyze international ..."), which follows a train memorandum's (the parser reads
that wording as the rule must handle it); no eight-word run is shared with the dev set or the test split."""

from __future__ import annotations

import pytest

from kb.extract.actors import abbreviates_common_words, addressed_duties, declared_issuer, main_actor
from tests.textdoc import document_from_text


def _records(extractor, text, title="Lakeland water plan"):
    doc = document_from_text(text, title=title, published="2026-03-02")
    return [(c.action, c.target, c.deadline.date if c.deadline else None)
            for c in extractor.extract(doc).commitments]


# --- who speaks for a notice ---------------------------------------------------------------------

NOTICE = ("Lakeland Forest Service, Agriculture.\n\n"
          "Notice of availability; request for comments.\n\n"
          "We, the Lakeland Forest Service (Service), announce the availability of a draft environmental "
          "impact statement (DEIS) for the Cedar Ridge Habitat Plan.\n\n"
          "The DEIS will describe three alternatives for the ridge. The DEIS will assess the effects of "
          "each alternative on the ridge's birds. The DEIS will compare the costs of the alternatives.\n\n"
          "Public meetings will be held in Cedar Falls in June 2026. All comments will be posted on the "
          "Service's website by July 31, 2026.")


@pytest.mark.integration
def test_a_body_that_names_itself_beside_we_speaks_for_the_notice(extractor):
    doc = document_from_text(NOTICE, title="Cedar Ridge Habitat Plan; Notice", published="2026-03-02")
    records = extractor.extract(doc).commitments
    posted = [c for c in records if c.action == "post"]
    assert [(c.actor, c.actor_source) for c in posted] == [("Lakeland Forest Service", "main_actor")]
    assert "DEIS" not in {c.actor for c in records}


@pytest.mark.parametrize("lead, issuer", [
    ("We, the Lakeland Forest Service (Service), announce a plan.", "Lakeland Forest Service"),
    ("Summary: We, the Northshore Fisheries Department, propose a rule.", "Northshore Fisheries Department"),
    # no body's noun at the end of the name
    ("We, the undersigned, agree to the plan.", ""),
    ("We, the Residents of Cedar Falls, ask for a hearing.", ""),
])
def test_we_the_body(lead, issuer):
    assert declared_issuer("Notice", lead) == issuer


@pytest.mark.parametrize("name, text, thing", [
    ("DEIS", "announces a draft environmental impact statement (DEIS) for the ridge", True),
    ("HCP", "under the habitat conservation plan (HCP) the permits", True),
    ("RWA", "the Regional Water Agency (RWA) will", False),
    ("RWA", "the RWA will", False),                 # never spelled out
    ("DEIS", "a draft statement (DEIS)", False),    # the words before do not spell it
])
def test_an_abbreviation_spelled_out_in_common_words_is_a_thing(name, text, thing):
    assert abbreviates_common_words(name, text) is thing


def test_such_an_abbreviation_is_no_main_actor():
    text = ("The Regional Water Agency publishes a draft environmental impact statement (DEIS) for the "
            "valley. The DEIS will describe two options. The DEIS will assess their costs. The DEIS will "
            "compare their effects. The Regional Water Agency will hold two hearings.")
    subjects = ["DEIS", "DEIS", "DEIS", "Regional Water Agency", "Regional Water Agency"]
    entities = [("DEIS", "ORG")] * 3 + [("Regional Water Agency", "ORG")] * 2
    assert main_actor("Valley options", text[:200], subjects, entities, [], text=text) == "Regional Water Agency"


# --- times ---------------------------------------------------------------------------------------

OPENING = "The Lakeland Water Board publishes this plan.\n\n"

TIMES = [
    ("The Lakeland Water Board aims to peak its water use around 2030.",
     [("peak", "its water use", "2030-12-31")]),
    ("The Lakeland Water Board will publish the findings of the survey conducted around 2020.",
     [("publish", "the findings of the survey conducted around 2020", None)]),
    ("The Lakeland Water Board will publish leakage reports, beginning in March 2027, on every district.",
     [("publish", "leakage reports", "2027-03-31")]),
    ("The Lakeland Water Board will renew the valley mains, beginning with the oldest pipes under the "
     "market square.",
     [("renew", "the valley mains", None)]),
    ("The Lakeland Water Board will need to provide a drought plan, by September 2027, on how it will "
     "share the reservoir.",
     [("provide", "a drought plan", "2027-09-30")]),
    ("The 2027 Reservoir Lining Project will be moved to 2028.",
     [("move", "The 2027 Reservoir Lining Project", "2028-12-31")]),
    ("The Lakeland Water Board will extend the metering zones to 2030.",
     [("extend", "the metering zones to 2030", None)]),
    ("The following tariff options will be explored by the Lakeland Water Board between now and "
     "year-end 2027.",
     [("explore", "The following tariff options", "2027-12-31")]),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, records", TIMES)
def test_times_the_rules_now_read(extractor, sentence, records):
    assert _records(extractor, OPENING + sentence) == records


# --- a memorandum to every agency (after the test reading) -----------------------------------------

MEMO_BODY = ("It is therefore the policy of the United States to catalyze international research financing.\n\n"
             "The policy of my Administration is to protect federal systems from future decryption.\n\n"
             "The key inventory shall be submitted to the Office of Key Management by June 30, 2027.\n\n"
             "The Office of Key Management will publish an inventory template by March 31, 2027.")


@pytest.mark.integration
@pytest.mark.parametrize("addressee, unnamed", [
    ("MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES", "agencies"),
    ("MEMORANDUM FOR THE SECRETARY OF COMMERCE", "Office of Key Management"),
])
def test_a_memo_to_every_agency_lays_unnamed_duties_on_agencies(extractor, addressee, unnamed):
    doc = document_from_text("Office of Key Management: quantum-safe keys\n\n" + addressee + "\n\n" + MEMO_BODY,
                             published="2026-03-02")
    actors = {c.action: (c.actor, c.actor_source) for c in extractor.extract(doc).commitments}
    assert actors["submit"] == (unnamed, "main_actor")
    assert actors["publish"] == ("Office of Key Management", "named")
    # a policy statement is the main actor's, and the memo's own voice is not the addressees'
    assert actors["catalyze"] == ("Office of Key Management", "main_actor")
    assert actors["protect"][0] == "Office of Key Management"


@pytest.mark.parametrize("top, duty_bearer", [
    (["MEMORANDUM FOR HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES", "FROM: The Director"], "agencies"),
    (["Memorandum for the Heads of Executive Departments and Agencies"], "agencies"),
    (["MEMORANDUM FOR THE SECRETARY OF STATE"], ""),
    (["This memorandum for heads of departments and agencies explains the rule."], ""),
])
def test_addressed_duties(top, duty_bearer):
    assert addressed_duties(top) == duty_bearer
