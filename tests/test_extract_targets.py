"""Target boundaries (issue 10, error class 3) and deadlines in context (class 4).

What a target keeps and cuts follows ../shared/eval/ANNOTATION.md section 4:
keep the noun phrase and the complements that say which thing it is; cut
purpose clauses, "including"/"such as" lists after a complete phrase, hedges,
citations, trailing participles, and never end on "to"/"of"/"that".  Sentences
are invented for these tests; none is taken from the shared dev set or from the
labelled test split.
"""

from __future__ import annotations

import pytest

from kb.extract.targets import clean_target
from tests.textdoc import document_from_text


# --- clean_target: text -> text (no spaCy model needed) ----------------------

@pytest.mark.parametrize("raw, expected", [
    # citations that only say where a duty comes from
    ("the unobligated funds pursuant to section 1115 of title 31, United States Code",
     "the unobligated funds"),
    ("all grants awarded under section 40101 of the Clean Water Act (33 U.S.C. 1251)", "all grants awarded"),
    ("the eligibility rules in section 212(a)(4) of the Farm Credit Act, 7 U.S.C. 2001(a), and the related fees",
     "the eligibility rules, and the related fees"),
    ("guidance on leasing (see Appendix B)", "guidance on leasing"),
    # ... but a citation that says which thing is meant stays
    ("the inventory described in subsection (c) of this section",
     "the inventory described in subsection (c) of this section"),
    # examples after a complete phrase
    ("technical assistance for small utilities, including rural cooperatives and tribal utilities",
     "technical assistance for small utilities"),
    ("low-carbon materials, such as green cement and recycled steel", "low-carbon materials"),
    # hedges
    ("its permitting procedures as appropriate", "its permitting procedures"),
    ("the reporting template where practicable", "the reporting template"),
    ("its grant criteria consistent with the priorities of the Board", "its grant criteria"),
    ("the registry on a quarterly basis", "the registry"),
    # trailing participles that say where a thing comes from
    ("the pilot guidance developed pursuant to this order", "the pilot guidance"),
    ("the shared catalogue maintained by the Bureau", "the shared catalogue"),
    # a dangling last word
    ("a progress report to", "a progress report"),
    ("the methodology of", "the methodology"),
    ("data that", "data"),
    # what identifies the thing stays
    ("recommendations to the Governor on the cost of the program", "recommendations to the Governor on the cost of the program"),
    ("6,000 charging points", "6,000 charging points"),
])
def test_targets_clean_table(raw, expected):
    assert clean_target(raw) == expected


# --- sentence -> (action, target) with the real model ---------------------------


def run(extractor, text, title="Plan", published=None):
    return extractor.extract(document_from_text(text, title=title, published=published)).commitments


TARGET_CASES = {
    "purpose clause after the object": (
        "The department will publish a data standard to support automated reporting by utilities.",
        ("publish", "a data standard")),
    "purpose clause after a named object": (
        "The county will launch a Clean Streets campaign to encourage residents to recycle.",
        ("launch", "a Clean Streets campaign")),
    "a noun that takes an infinitive keeps it": (
        "The city will secure new powers to close unsafe roads.",
        ("secure", "new powers to close unsafe roads")),
    "money keeps what it pays for": (
        "The region will provide $40 million to expand rural broadband.",
        ("provide", "$40 million to expand rural broadband")),
    "object control keeps the infinitive": (
        "The Secretary shall direct the regional offices to publish monthly figures.",
        ("direct", "the regional offices to publish monthly figures")),
    "means phrase on the verb": (
        "The agency will reduce processing delays through a new online portal.",
        ("reduce", "processing delays")),
    "including list after a complete phrase": (
        "The ministry will expand support for small farms, including grants for irrigation and storage.",
        ("expand", "support for small farms")),
    "citation in the object": (
        "The Administrator shall rescind the waivers issued pursuant to section 209 of the Clean Air Act.",
        ("rescind", "the waivers")),
    "hedge after the object": (
        "The board shall revise its procurement rules as appropriate to reflect the new targets.",
        ("revise", "its procurement rules")),
    "deadline inside the object": (
        "The province will build 300 charging stations by 2027 along the coastal highway.",
        ("build", "300 charging stations")),
}


@pytest.mark.integration
@pytest.mark.parametrize("name", list(TARGET_CASES))
def test_targets_boundary_table(extractor, name):
    text, (action, target) = TARGET_CASES[name]
    got = [(c.action, c.target) for c in run(extractor, text)]
    assert (action, target) in got, got


@pytest.mark.integration
def test_targets_never_empty_nor_dangling(extractor):
    text = " ".join(text for text, _ in TARGET_CASES.values())
    for c in run(extractor, text):
        assert c.target.strip(), c
        assert c.target.split()[-1].lower() not in ("to", "of", "that"), c.target


# --- deadlines in context ------------------------------------------------------

DEADLINE_CASES = {
    "a lead-in's deadline passes to its items (no lead-in verb before the colon)": (
        "2025-01-20",
        "(b) Within 1 year of the date of this order, the Secretary of Labor shall work with States to:\n"
        "(i) expand apprenticeship programs in clean energy trades;\n"
        "(ii) improve the collection of wage data.",
        [("expand", "2026-01-20"), ("improve", "2026-01-20")]),
    "a lead-in counted from the order beats a year that describes the item": (
        "2025-01-20",
        "(c) Within 180 days of the date of this order, the Administrator shall:\n"
        "(i) develop a strategy that puts the Federal fleet on a path to zero emissions by 2035;\n"
        "(ii) publish guidance for agency fleet managers.",
        [("develop", "2025-07-19"), ("publish", "2025-07-19")]),
    "the phrase before the clause beats a year nested in the object": (
        "2025-01-20",
        "Within 90 days of the date of this order, the Secretary shall submit a plan that sets out how "
        "the Department will reach net-zero emissions by 2050.",
        [("submit", "2025-04-20")]),
    "a US fiscal year ends in September": (
        "2022-03-01",
        "The agency shall retire its legacy payroll system through the end of FY2023.",
        [("retire", "2023-09-30")]),
    "business days skip the weekend": (
        "2025-01-20",
        "The Director shall publish the list within 10 business days of the date of this order.",
        [("publish", "2025-02-03")]),
    "a level in a year is due that year": (
        "2021-06-01",
        "The country will limit its emissions at the 2030 time horizon to 45 Mt.",
        [("limit", "2030-12-31")]),
}


@pytest.mark.integration
@pytest.mark.parametrize("name", list(DEADLINE_CASES))
def test_deadlines_in_context_table(extractor, name):
    published, text, expected = DEADLINE_CASES[name]
    got = [(c.action, c.deadline.date if c.deadline else None) for c in run(extractor, text, "Order", published)]
    for row in expected:
        assert row in got, got
