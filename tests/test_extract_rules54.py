"""A President's memorandum, lists inside lists, and a sentence that names many officials (round 53:
rules-54; issue 10).

* "National Security Memorandum on X", "NATIONAL SECURITY MEMORANDUM/NSM-99": a memorandum of the
  President is the President's, as an executive order is; its policy ("It is the policy of the United
  States to ...") is the Federal Government's, not the agency it names most.  Its addressee block
  ("THE SECRETARY OF STATE" / "THE SECRETARY OF DEFENSE" / ...) lays the duties it gives no one on the
  agencies, also where a scraped page lost the words "MEMORANDUM FOR" above the block.
* "(b) The heads of agencies shall:" / "(i) review X" / "(ii) report Y" / "(c) The Director shall ...":
  a list item that ends in ":" opens a list inside the list; its items are its own, and "(c)" goes back
  to the outer list.  Before, every item pointed at the paragraph above the outer list, so "(i)" found
  the wrong lead-in, and "(c)" (named subject and all) could take the lead-in of "(b)".
* "(ii) a National Plant Disease Recovery System (NPDRS) ... The NPDRS shall: (A) ...": a thing's
  lead-in inside an item is the duty of whoever the outer lead-in names ("The Secretary of Agriculture
  shall maintain:"), not the thing's and not the document's main actor.
* A sentence that lists officials, wrapped so that a few of its lines read like titles ("Commerce, the
  Secretary of Health and Human Services, the Administrator" / "of the Environmental Protection Agency,
  the Director of National" / "Intelligence, and the heads of other agencies:"), is one paragraph: a run
  of title-like lines is a heading only where a heading can start.

All names and sentences are invented."""

from __future__ import annotations

import pytest

from kb.extract.actors import addressed_duties, main_actor
from kb.ingest import parse_bytes
from kb.ingest.lines import ends_paragraph


def _actor_by_action(text: str, name: str = "order.txt") -> dict[str, str]:
    """action -> actor of the records the extractor reads from `text`, ingested as the file `name`."""
    from kb.extract import Extractor

    return {c.action: c.actor for c in Extractor().extract(parse_bytes(text.encode(), name)).commitments}


def _rule_records(sentence: str) -> list:
    """The records the rules alone (no confidence floor) read from one sentence under the title "Plan"."""
    from kb.extract import Extractor
    from tests.textdoc import document_from_text, rules_only

    return list(Extractor(scorer=rules_only).extract(document_from_text(sentence, title="Plan")).commitments)


@pytest.mark.parametrize("title, lead", [
    ("National Security Memorandum on Strengthening Harbour Safety", "NATIONAL SECURITY MEMORANDUM/NSM-99"),
    ("Harbour safety", "NATIONAL SECURITY MEMORANDUM/NSM-99 THE SECRETARY OF STATE"),
    ("Presidential Memorandum on Coastal Resilience", "MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS"),
])
def test_a_presidents_memorandum_is_the_federal_governments(title, lead):
    found = main_actor(title=title, lead=lead, subject_mentions=["Secretary of Homeland Security"] * 5,
                       entity_mentions=[("Homeland Security", "ORG")] * 8, title_entities=[], text=lead)
    assert found == "Federal Government"


def test_an_agency_memorandum_is_not_the_presidents():
    lead = "MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES FROM: Jo Park, Director"
    found = main_actor(title="M-99-01: Harbour Data Guidance", lead=lead, subject_mentions=["Harbour Office"] * 4,
                       entity_mentions=[("Harbour Office", "ORG")] * 6, title_entities=[], text=lead)
    assert found != "Federal Government"


_BLOCK = ["THE SECRETARY OF STATE", "THE SECRETARY OF DEFENSE", "THE ATTORNEY GENERAL",
          "THE DIRECTOR OF THE OFFICE OF MANAGEMENT", "AND BUDGET"]


@pytest.mark.parametrize("top", [
    ["NATIONAL SECURITY MEMORANDUM/NSM-99", *_BLOCK],
    ["NATIONAL SECURITY MEMORANDUM/NSM-99", "MEMORANDUM FOR THE VICE PRESIDENT", *_BLOCK],
])
def test_the_addressee_block_under_a_memorandums_heading_takes_its_unnamed_duties(top):
    assert addressed_duties(top) == "agencies"


@pytest.mark.parametrize("top", [
    ["NATIONAL SECURITY MEMORANDUM/NSM-99", "THE SECRETARY OF STATE", "SUBJECT: Harbour Safety"],
    ["HARBOUR SAFETY PLAN", *_BLOCK],
])
def test_no_block_of_addressees_lays_no_duties(top):
    assert addressed_duties(top) == ""


_OFFICIALS = [
    "(iv) in coordination with the Secretary of State, the",
    "Attorney General, the Secretary of Agriculture, the Secretary of",
    "Commerce, the Secretary of Health and Human Services, the Administrator",
]


def test_a_sentences_list_of_officials_does_not_end_its_paragraph():
    previous = "of the Environmental Protection Agency, the Director of National"
    assert ends_paragraph(previous, "Intelligence, and the heads of other agencies:", before=_OFFICIALS) is False


def test_a_run_of_title_lines_after_a_sentence_still_ends_its_paragraph():
    before = ["The Agency met its dredging goal in 2024.", "Regional Harbour Strategy"]
    assert ends_paragraph("Coastal Resilience Programme", "The Agency will publish a plan.", before=before) is True


def test_a_wrapped_list_of_officials_stays_one_item():
    text = ("# Harbour memorandum\n\n"
            "(k) The Secretary of Homeland Security shall:\n\n"
            "(iv) in coordination with the Secretary of State, the\n"
            "Attorney General, the Secretary of Agriculture, the Secretary of\n"
            "Commerce, the Secretary of Health and Human Services, the Administrator\n"
            "of the Environmental Protection Agency, the Director of National\n"
            "Intelligence, and the heads of other relevant agencies, conduct harbour drills.\n")
    passages = [p.text for p in parse_bytes(text.encode(), "memo.md").passages]
    assert passages[-1].startswith("(iv) in coordination with")
    assert passages[-1].endswith("conduct harbour drills.")


_NESTED = ("Memorandum on Harbour Safety\n\n"
           "Sec. 2. Duties. The policy of this memorandum shall be implemented as follows:\n\n"
           "     (a) The Secretary of Transportation shall publish harbour guidance.\n\n"
           "     (b) The heads of agencies shall:\n\n"
           "          (i) review their harbour contracts; and\n\n"
           "          (ii) send their findings to the Secretary of Transportation.\n\n"
           "     (c) The Director of the Office of Management and Budget shall convene a yearly meeting.\n")


@pytest.mark.parametrize("name", ["memo.txt", "memo.md"])
def test_a_list_item_that_ends_in_a_colon_opens_a_list_inside_the_list(name):
    passages = parse_bytes(_NESTED.encode(), name).passages
    by_start = {p.text[:4]: p for p in passages}
    outer = by_start["Duti"].index
    assert by_start["(a) "].parent_index == outer
    assert by_start["(b) "].parent_index == outer
    assert by_start["(i) "].parent_index == by_start["(b) "].index
    assert by_start["(ii)"].parent_index == by_start["(b) "].index
    assert by_start["(c) "].parent_index == outer


@pytest.mark.integration
def test_items_of_an_inner_list_are_its_lead_ins_and_the_next_item_is_its_own():
    by_action = _actor_by_action(_NESTED, "memo.txt")
    assert by_action["review"] == "heads of agencies", by_action
    assert by_action["send"] == "heads of agencies", by_action
    assert by_action["convene"].startswith("Director of the Office of Management and Budget"), by_action


@pytest.mark.integration
def test_a_things_lead_in_inside_an_item_is_the_outer_lead_ins_actors():
    text = ("Memorandum on Farm Security\n\n"
            "Sec. 4. Recovery. The policy shall be implemented as follows:\n\n"
            "(f) The Secretary of Homeland Security shall publish a farm threat assessment.\n\n"
            "(g) The Secretary of Agriculture shall maintain:\n\n"
            "(i) a National Seed Stockpile able to deploy within 24 hours; and\n\n"
            "(ii) a National Crop Disease Recovery System (NCDRS) able to respond to a plant disease. "
            "The NCDRS shall:\n\n"
            "(A) use the genetic resources of the national seed banks; and\n\n"
            "(B) include emergency plans for disease control.\n")
    by_action = _actor_by_action(text, "memo.txt")
    assert by_action["use"] == "Secretary of Agriculture", by_action
    assert by_action["include"] == "Secretary of Agriculture", by_action


@pytest.mark.parametrize("formula, issuer", [
    ("NOW, THEREFORE, by the power vested in me as the Mayor of the City of Harbourton, it is hereby ordered:",
     "City of Harbourton"),
    ("NOW, THEREFORE, by virtue of the authority vested in me as Governor of the Commonwealth of Eastland, I order:",
     "Commonwealth of Eastland"),
])
def test_an_order_by_the_power_vested_in_a_mayor_or_governor_is_the_city_or_states(formula, issuer):
    text = "WHEREAS, the city owns many trucks; and\n\n" + formula
    found = main_actor(title="Executive Order 39", lead="EXECUTIVE ORDER No. 39", subject_mentions=[],
                       entity_mentions=[], title_entities=[], text=text)
    assert found == issuer


@pytest.mark.integration
@pytest.mark.parametrize("lead, actor", [
    ("The Administrator of the Harbour Agency shall, within existing appropriations and consistent with "
     "applicable law:", "Administrator of the Harbour Agency"),
    ("The Harbour Committee shall, to the extent consistent with its existing authority:", "Harbour Committee"),
])
def test_a_lead_in_with_hedges_after_its_modal_gives_its_items_its_subject(lead, actor):
    text = ("Order on Harbours\n\n" + lead + "\n\n(i) strengthen enforcement of harbour rules; and\n\n"
            "(ii) create a community notification program.\n")
    assert _actor_by_action(text) == {"strengthen": actor, "create": actor}


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Harbour Office shall make these findings available to the Port Council for consideration.",
     "make available", "these findings"),
    ("The Harbour Office will make available the findings of the dredging study.", "make available",
     "the findings of the dredging study"),
    ("The Harbour Office will make its tide tables publicly available.", "make available", "its tide tables"),
    ("Tide data sets will be made available to researchers.", "make available", "Tide data sets"),
    ("The Harbour Office will make the outer channel safer.", "make", "the outer channel safer"),
])
def test_a_thing_made_available_is_the_target_and_the_state_is_the_action(sentence, action, target):
    records = _rule_records(sentence)
    assert [(c.action, c.target) for c in records] == [(action, target)]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, target", [
    ("The Chair shall publish on a public website an annual Harbour Justice Scorecard.",
     "an annual Harbour Justice Scorecard"),
    ("Each agency shall include in a contract involving a harbour vessel the requirements identified in this "
     "section.", "the requirements identified in this section"),
    ("The Harbour Office will invest in new rail lines.", "in new rail lines"),
])
def test_a_heavy_object_after_a_place_is_the_target(sentence, target):
    records = _rule_records(sentence)
    assert [c.target for c in records] == [target]


@pytest.mark.parametrize("subject, generic", [("Each of our governments", True), ("both of our countries", True),
                                              ("All of our nations", True), ("each of the agencies", False)])
def test_each_of_our_governments_is_the_speakers_group(subject, generic):
    from kb.extract.actors import is_generic

    assert is_generic(subject) is generic


@pytest.mark.integration
def test_a_lead_in_whose_object_stands_for_its_items_gives_them_its_subject():
    text = ("Order on Harbours\n\n(b) The Harbour Master, in consultation with the heads of other agencies as "
            "appropriate, shall take the following actions with respect to the Harbour Registry established "
            "pursuant to subsection (a) of this section:\n\n(i) include in the Harbour Registry all available "
            "information on vessel incidents; and\n\n(ii) publish an annual summary of the Registry.\n")
    by_action = _actor_by_action(text)
    assert by_action["include"] == "Harbour Master", by_action
    assert by_action["publish"] == "Harbour Master", by_action


@pytest.mark.integration
def test_a_plan_that_will_do_its_items_is_the_plan_alone():
    from kb.extract import Extractor

    text = ("Order on Harbours\n\n(d) The Harbour Master shall submit to the President a strategy and action plan "
            "that will:\n\n(i) leverage results from the risk assessment; and\n\n(ii) contain high-level actions "
            "for mitigating threats.\n")
    records = Extractor().extract(parse_bytes(text.encode(), "order.txt")).commitments
    assert [c.target for c in records if c.action == "submit"] == ["a strategy and action plan"]


def test_a_third_level_of_capital_letters_is_a_list_inside_the_item():
    text = ("Memorandum on Farm Security\n\n"
            "Sec. 4. Recovery. The policy shall be implemented as follows:\n\n"
            "     (f) The Secretary of Agriculture shall maintain:\n\n"
            "          (i) a National Seed Stockpile able to deploy within 24 hours. The Stockpile shall:\n\n"
            "               (A) use the seed banks of the States; and\n\n"
            "               (B) hold seed of every staple crop;\n\n"
            "          (ii) a National Crop Disease Recovery System.\n\n"
            "     (g) The Secretary of Labor shall publish guidance for farm workers.\n")
    passages = parse_bytes(text.encode(), "memo.md").passages
    by_start = {p.text[:4]: p for p in passages}
    assert by_start["(A) "].kind == "list_item"
    assert by_start["(A) "].parent_index == by_start["(i) "].index
    assert by_start["(B) "].parent_index == by_start["(i) "].index
    assert by_start["(ii)"].parent_index == by_start["(f) "].index
    assert by_start["(g) "].parent_index == by_start["(f) "].parent_index
