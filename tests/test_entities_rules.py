"""Which body an actor string names, and by which rule (kb/entities.py): invented names and texts."""

from __future__ import annotations

from kb.entities import defined_acronyms, is_us_federal, resolve, split_joint

FEDERAL = "Sec. 2. Consistent with Executive Order 19001, the heads of agencies shall report."


def _names(actor: str, acronyms: dict | None = None, federal: bool = True) -> list[tuple[str, str]]:
    return [(m.name, m.rule) for m in resolve(actor, acronyms or {}, federal)]


def test_an_office_its_department_and_the_short_name_are_one_entity_in_a_federal_text():
    assert _names("Secretary of Commerce") == [("Department of Commerce", "office of body")]
    assert _names("the Department of Commerce") == [("Department of Commerce", "exact")]
    assert _names("Commerce") == [("Department of Commerce", "department name")]
    assert _names("Commerce Department") == [("Department of Commerce", "department name")]


def test_the_treasury_and_the_attorney_general_name_their_departments():
    assert _names("Secretary of the Treasury")[0][0] == "Department of the Treasury"
    assert _names("Treasury")[0][0] == "Department of the Treasury"
    assert _names("the Attorney General")[0][0] == "Department of Justice"


def test_a_department_acronym_inside_an_office_title_is_expanded():
    assert _names("Secretary of HHS") == [("Department of Health and Human Services", "federal acronym; office of body")]
    assert _names("Secretary of Health and Human Services")[0][0] == "Department of Health and Human Services"


def test_an_acronym_the_text_defines_names_the_body():
    text = "The Coastal Restoration Agency (CRA) will map wetlands. The CRA shall publish the map."
    acronyms = defined_acronyms(text)
    assert acronyms == {"CRA": "Coastal Restoration Agency"}
    assert _names("CRA", acronyms) == [("Coastal Restoration Agency", "acronym in text")]
    assert _names("Administrator of the Coastal Restoration Agency", acronyms) == [
        ("Coastal Restoration Agency", "office of body")]


def test_a_parenthesis_whose_letters_do_not_match_is_not_an_acronym():
    assert defined_acronyms("the tidal survey (see Annex B) and the plan (XYZ)") == {}


def test_a_joint_actor_is_linked_to_each_member():
    ms = resolve("the Secretary of Commerce and the Secretary of Energy", {}, True)
    assert [(m.name, m.joint) for m in ms] == [("Department of Commerce", True), ("Department of Energy", True)]
    assert ms[0].rule == "joint member; office of body"
    assert split_joint("the Secretary of State, the Secretary of Defense, and the Attorney General") == [
        "Secretary of State", "Secretary of Defense", "Attorney General"]


def test_and_inside_a_name_does_not_split_it():
    assert split_joint("Secretary of Housing and Urban Development") == ["Secretary of Housing and Urban Development"]
    assert split_joint("Director of the Office of Management and Budget and the Secretary of Labor") == [
        "Director of the Office of Management and Budget", "Secretary of Labor"]


def test_deputies_and_offices_for_a_purpose_stay_their_own_entity():
    assert _names("Under Secretary of Commerce for Oceans") == [("Under Secretary of Commerce for Oceans", "exact")]
    assert _names("Deputy Secretary of Energy")[0][0] == "Deputy Secretary of Energy"


def test_short_names_mean_departments_only_in_federal_texts():
    assert is_us_federal(FEDERAL)
    assert not is_us_federal("The council will plant 500 trees by 2030.")
    assert _names("Commerce", federal=False) == [("Commerce", "exact")]
    assert _names("Secretary of State", federal=False) == [("Secretary of State", "exact")]
    # "State" alone is a state, not the Department of State
    assert _names("State")[0][0] == "State"


def test_designees_and_a_defined_acronym_are_not_part_of_the_name():
    assert _names("Secretary of Energy, or their designees")[0][0] == "Department of Energy"
    assert _names("Director of the Office of Harbour Safety (OHS)")[0][0] == "Office of Harbour Safety"


def test_a_comma_inside_parentheses_does_not_split_a_joint_actor():
    assert split_joint("all harbour agencies (as listed in section 4, part 2), and the Secretary of Labor") == [
        "all harbour agencies (as listed in section 4, part 2)", "Secretary of Labor"]
    assert split_joint("the Secretary of Energy, and the heads of other relevant agencies") == [
        "Secretary of Energy", "heads of other relevant agencies"]


def test_a_generic_name_is_one_entity_per_document():
    a = resolve("the Council", {}, True, scope="Order on Harbours")
    b = resolve("the Council", {}, True, scope="Order on Canals")
    assert a[0].name == "Council (Order on Harbours)" and a[0].rule == "exact; generic name, per document"
    assert a[0].key != b[0].key
    # a proper name is one entity across documents
    assert resolve("Harbour Safety Council", {}, True, scope="Order on Harbours")[0].name == "Harbour Safety Council"


def test_semicolons_separate_the_members_of_a_joint_actor():
    assert split_joint("the Attorney General; the Secretary of Labor; and the Secretary of Energy") == [
        "Attorney General", "Secretary of Labor", "Secretary of Energy"]


def test_a_qualifier_after_the_name_is_not_part_of_it():
    assert _names("Secretary of Energy, in consultation with the heads of other agencies")[0][0] == (
        "Department of Energy")


# -- names the document itself defines, and names that only the document makes one body -------------

HARBOUR_ORDER = """Sec. 2. There is hereby established the Harbour Resilience Council (Council), chaired by the
Secretary of Transportation (Secretary).  Sec. 3. Establishment of Emergency Board (Board).  The
Assistant to the President and Harbour Advisor (Harbour Advisor) shall attend."""


def test_a_short_name_the_text_defines_stands_for_the_full_name():
    from kb.entities import defined_names, defined_short_names

    names = defined_short_names(HARBOUR_ORDER)
    assert names["Council"] == "Harbour Resilience Council"
    assert names["Secretary"] == "Secretary of Transportation"
    # a heading's "Establishment of" is not part of the name; "to the President" stays in a title
    assert names["Board"] == "Emergency Board"
    assert names["Harbour Advisor"] == "Assistant to the President and Harbour Advisor"
    acronyms = defined_names(HARBOUR_ORDER)
    assert _names("the Council", acronyms) == [("Harbour Resilience Council", "short name in text")]
    assert _names("the Secretary", acronyms) == [("Department of Transportation", "short name in text; office of body")]


def test_an_office_of_a_body_named_by_its_short_name_is_that_body_s_office():
    acronyms = {"Council": "Harbour Resilience Council", "HRC": "Harbour Resilience Council"}
    assert _names("Executive Director of the Council", acronyms)[0][0] == (
        "Executive Director of the Harbour Resilience Council")
    assert _names("Chair of the HRC", acronyms) == [("Harbour Resilience Council", "acronym in text; office of body")]


def test_a_defined_generic_name_is_still_one_entity_per_document():
    """"Emergency Board" names a different board in every order that sets one up."""
    a = resolve("the Board", {"Board": "Emergency Board"}, True, scope="Order on the Canal Strike")
    b = resolve("the Board", {"Board": "Emergency Board"}, True, scope="Order on the Dock Strike")
    assert a[0].key != b[0].key


def test_generic_phrases_are_one_entity_per_document():
    for phrase in ("Any member of the Council", "Committee members", "the Chairs", "such agencies", "agency",
                   "a senior official", "Assistant to the President", "those", "heads of relevant agencies"):
        ms = resolve(phrase, {}, True, scope="Order on Harbours")
        assert ms[0].rule.endswith("generic name, per document"), phrase
        assert ms[0].name.endswith("(Order on Harbours)"), phrase


def test_a_phrase_about_the_document_itself_is_one_entity_per_document():
    ms = resolve("prohibitions in section 1 of this order", {}, True, scope="Order on Harbours")
    assert ms[0].name == "prohibitions in section 1 of this order (Order on Harbours)"


def test_every_agency_however_it_is_said_is_one_group():
    from kb.entities import ALL_AGENCIES

    for phrase in ("heads of executive departments and agencies (agencies)", "Each agency", "agencies",
                   "head of each agency", "agency heads", "All agencies of the United States Government",
                   "Executive departments and agencies, including the harbour offices"):
        ms = resolve(phrase, {}, True, scope="Order on Harbours")
        assert [(m.name, m.rule) for m in ms] == [(ALL_AGENCIES, "all agencies")], phrase
    # one agency, whichever the sentence means, is not every agency
    assert resolve("the agency", {}, True, scope="Order on Harbours")[0].name != ALL_AGENCIES


def test_more_qualifiers_after_the_name_are_not_part_of_it():
    assert _names("Secretary of Energy with respect to the harbour grid")[0][0] == "Department of Energy"
    assert _names("Secretary of Defense (as the harbour stockpile manager)")[0][0] == "Department of Defense"
    assert _names("Secretary of Labor, and")[0][0] == "Department of Labor"
    assert _names("Secretary of the Interior, as appropriate and consistent with applicable law")[0][0] == (
        "Department of the Interior")


def test_an_office_whose_body_the_text_names_in_full_is_that_body():
    text = "The Administrator of Harbour Services shall act. The Harbour Services Administration will pay."
    ms = resolve("Administrator of Harbour Services", {}, True, text=text)
    assert [(m.name, m.rule) for m in ms] == [("Harbour Services Administration", "office of body named in text")]
    assert resolve("Administrator of Harbour Services", {}, True)[0].name == "Administrator of Harbour Services"


def test_a_federal_acronym_inside_an_office_title_is_expanded():
    assert _names("Administrator of the EPA") == [("Environmental Protection Agency", "federal acronym; office of body")]


def test_each_link_says_which_member_of_a_joint_actor_it_is_for():
    ms = resolve("the Secretary of Commerce and the Secretary of Energy", {}, True)
    assert [m.member for m in ms] == ["Secretary of Commerce", "Secretary of Energy"]


def test_the_province_and_the_government_are_each_document_s_own():
    a = resolve("the province", {}, False, scope="Harbour Province Plan")
    b = resolve("the province", {}, False, scope="Lakeside Province Plan")
    assert a[0].key != b[0].key and a[0].rule == "exact; generic name, per document"
    assert resolve("the government", {}, False, scope="Harbour Province Plan")[0].name == (
        "government (Harbour Province Plan)")
    # a name with such a word in it stays one body across documents
    assert resolve("Federal Government", {}, True, scope="Order on Harbours")[0].name == "Federal Government"


# -- a bare "the Secretary": the Secretary the order last named before it ------------------------------------

DREDGING_ORDER = """Executive Order 19010: Harbour Safety

Sec. 2. Dredging. (a) The Secretary of Transportation shall survey the silted channels of each port.

The Secretary shall publish the survey within 90 days.

Sec. 3. Pilots. The Secretary of Labor, in consultation with the Secretary of Energy, shall train new harbour pilots.

Within 1 year, the Secretary shall report on the training.
"""


def _secretary(text: str, sentence: str) -> tuple[str, str]:
    [m] = resolve("the Secretary", {}, True, scope="Executive Order 19010", text=text, at=text.index(sentence))
    return m.name, m.rule


def test_a_bare_secretary_is_the_secretary_its_section_last_named_as_acting():
    assert _secretary(DREDGING_ORDER, "The Secretary shall publish") == (
        "Department of Transportation", "secretary named before, per document")
    # the Secretary of Energy is consulted; the Secretary of Labor acts
    assert _secretary(DREDGING_ORDER, "Within 1 year, the Secretary") == (
        "Department of Labor", "secretary named before, per document")


def test_a_bare_secretary_before_any_in_its_section_is_the_one_secretary_the_order_names():
    text = ("Executive Order 19011: Pilots\n\nSec. 1. Policy. The Secretary shall keep a register of pilots.\n\n"
            "Sec. 2. Register. The Secretary of Labor shall open the register.\n")
    assert _secretary(text, "The Secretary shall keep") == ("Department of Labor", "the one secretary in text")
    # two departments named, none before it in its section: it stays the document's own "Secretary"
    two = text + "\nSec. 3. The Secretary of Energy shall fund it.\n"
    [m] = resolve("the Secretary", {}, True, scope="Executive Order 19011", text=two, at=two.index("The Secretary shall"))
    assert (m.name, m.rule) == ("Secretary (Executive Order 19011)", "exact; generic name, per document")


def test_a_secretary_the_order_defines_or_a_text_that_is_not_federal_is_left_to_the_other_rules():
    defined = "Executive Order 19012.\n\nThe Secretary of Energy (Secretary) shall act. The Secretary shall report.\n"
    [m] = resolve("the Secretary", {"Secretary": "Secretary of Energy"}, True, text=defined,
                  at=defined.index("The Secretary shall report"))
    assert (m.name, m.rule) == ("Department of Energy", "short name in text; office of body")
    plain = "The Secretary of the Harbour Board shall act. The Secretary shall report."
    [m] = resolve("the Secretary", {}, False, text=plain, at=plain.index("The Secretary shall report"))
    assert m.name == "Secretary"
