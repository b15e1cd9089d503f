"""A bare "the Secretary" in an order numbered "4.1.", "4.2." (kb/entities.py): its numbered subsection is read
first, then its section, and an order with no "Sec." headings has its sections found from those numbers, so a
Secretary named in section 2 does not carry into section 4.  Invented orders."""

from __future__ import annotations

import pytest

from kb.entities import resolve

# numbered "2.1.", "2.2.", "3.1." with no "Sec." headings; the parser may join a heading to the paragraph before
HARBOUR_ORDER = """Executive Order 19020: Harbour Resilience

2.1. Charting Silted Channels.

(a) Within 90 days, the Secretary of Transportation shall chart the silted channels of each port.

The Secretary shall publish the charts. 2.2.

Training Pilots.

(a) The Secretary shall open a register of harbour pilots.

(b) The Secretary of Labor, in consultation with the Secretary of Energy, shall train new pilots.

The Secretary shall report on the training within 1 year.

3.1. Funding.

The Secretary shall fund the pilot schools.

3.2. Reporting. The Secretary of Energy shall fund the harbour grid.

The Secretary shall report to the President each year.
"""


def _secretary(text: str, sentence: str) -> tuple[str, str]:
    [m] = resolve("the Secretary", {}, True, scope="Executive Order 19020", text=text, at=text.index(sentence))
    return m.name, m.rule


@pytest.mark.parametrize("sentence, department", [
    ("The Secretary shall publish the charts", "Department of Transportation"),
    # none named yet in 2.2. (its heading joined to the line before): section 2 last named Transportation
    ("(a) The Secretary shall open a register", "Department of Transportation"),
    # Energy is consulted; Labor acts
    ("The Secretary shall report on the training", "Department of Labor"),
    ("The Secretary shall report to the President", "Department of Energy"),
])
def test_a_bare_secretary_is_the_one_its_numbered_subsection_or_section_last_named(sentence, department):
    assert _secretary(HARBOUR_ORDER, sentence) == (department, "secretary named before, per document")


def test_a_secretary_of_section_2_does_not_carry_into_section_3():
    # section 3 names none before it, and the order names three departments: the order's own "Secretary"
    assert _secretary(HARBOUR_ORDER, "The Secretary shall fund the pilot schools") == (
        "Secretary (Executive Order 19020)", "exact; generic name, per document")


@pytest.mark.parametrize("text, sentence, department", [
    # "4.2(a)" and "section 4.2. of" inside sentences are references, not headings: 4.1.'s Secretary still acts
    ("4.1. Lines.\n\nThe Secretary of Energy shall map the lines.\n\n"
     "Consistent with subsection 4.2(a), the map shall be drawn in consultation with the Secretary of Labor.\n\n"
     "The harbour board shall print the maps, as in section 4.2. The maps are due in May.\n\n"
     "4.3. Roads.\n\nThe Secretary shall publish the map.\n", "The Secretary shall publish", "Department of Energy"),
    # an order with "Sec." headings keeps them as its sections; "4.2." narrows within one
    ("Sec. 4. Grid.\n\n4.1. Lines. The Secretary of Energy shall map the lines.\n\n"
     "4.2. Workers. The Secretary of Labor shall train line workers.\n\nThe Secretary shall report.\n",
     "The Secretary shall report", "Department of Labor"),
])
def test_only_a_heading_starts_a_numbered_section(text, sentence, department):
    assert _secretary(text, sentence)[0] == department
