"""Targets that go on after an aside, and reports that say what they hold (issue 10, fields, round 3).

ANNOTATION.md section 4: a target keeps the complements that say which thing it is and
cuts hedges ("as appropriate", "consistent with applicable law") and "including" lists.
When such an aside sits between the object and a complement that goes on ("develop
guidance, as necessary, for best practices in X"; "a report evaluating options, including
recommendations for legislation, for an approach to Y"), only the aside goes (train:
fr-omb-fedramp-draft-2023, eo-14072, eo-14119).  A written deliverable keeps the participle
that says what it holds ("submit a strategy to the President outlining steps ..."), also
when a deadline stands between them (train: eo-14012, eo-14092).  Every sentence here is
invented.
"""

from __future__ import annotations

import pytest

from kb.extract.targets import clean_target
from tests.textdoc import document_from_text


@pytest.mark.parametrize("raw, cleaned", [
    # a hedge between the object and its complement: the hedge goes, the complement stays
    ("rules, as appropriate, for the disposal of batteries", "rules for the disposal of batteries"),
    ("a checklist, where practicable, on the safe storage of fuel", "a checklist on the safe storage of fuel"),
    ("updated guidance, as appropriate and consistent with applicable law, regarding harbour dredging",
     "updated guidance regarding harbour dredging"),
    ("a memo, as needed, to the regional directors", "a memo to the regional directors"),
    # an "including" aside without commas of its own, then a complement
    ("options, including pilot projects in two ports, for a shared approach to dredging",
     "options for a shared approach to dredging"),
    # nothing goes on after the aside: it is cut to the end, as before
    ("rules for the disposal of batteries, as appropriate", "rules for the disposal of batteries"),
    ("the harbour maps, including the tide tables", "the harbour maps"),
    # a purpose after a hedge is not a complement: cut with the hedge
    ("a plan, as appropriate, to reduce delays", "a plan"),
    # an "including" list with commas of its own is cut to the end
    ("the datasets, including maps, tables, and charts, for public use", "the datasets"),
])
def test_fields_aside_before_complement_table(raw, cleaned):
    assert clean_target(raw) == cleaned


CASES = [
    # (sentence, action, target)
    ("The Harbour Board shall prepare guidance, as necessary, for the safe storage of marine fuel.",
     "prepare", "guidance for the safe storage of marine fuel"),
    ("The Port Director shall deliver a study to the Board assessing options, including two pilot schemes, "
     "for a regional approach to dredging.",
     "deliver", "a study to the Board assessing options for a regional approach to dredging"),
    ("The Ferry Council shall submit a plan to the Mayor outlining steps the operators should take to cut fares.",
     "submit", "a plan to the Mayor outlining steps the operators should take to cut fares"),
    ("The Harbour Board shall submit a report to the Mayor by June 2027 describing what the operators have done "
     "to cut emissions.",
     "submit", "a report to the Mayor describing what the operators have done to cut emissions"),
    # a participle after a thing that is not a written deliverable stays out
    ("The Port Director shall repair the north quay using recycled steel.", "repair", "the north quay"),
    # a purpose after a hedge stays out
    ("The Port Director shall review the tariffs, as appropriate, to reduce delays at the gates.",
     "review", "the tariffs"),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", CASES)
def test_fields_targets_go_on_after_asides_table(extractor, sentence, action, target):
    doc = document_from_text("Harbour operations memo\n\n" + sentence, title="Harbour operations memo",
                             published="2026-01-15")
    records = [c for c in extractor.extract(doc).commitments if c.action == action]
    assert records, [(c.action, c.target) for c in extractor.extract(doc).commitments]
    assert records[0].target == target


@pytest.mark.integration
def test_fields_report_keeps_its_deadline_when_content_follows(extractor):
    text = ("Harbour operations memo\n\n"
            "The Harbour Board shall submit a report to the Mayor within 90 days of the date of this memo "
            "describing what the operators have done to cut emissions.")
    doc = document_from_text(text, title="Harbour operations memo", published="2026-01-15")
    submit = [c for c in extractor.extract(doc).commitments if c.action == "submit"]
    assert submit, [(c.action, c.target) for c in extractor.extract(doc).commitments]
    assert submit[0].target == "a report to the Mayor describing what the operators have done to cut emissions"
    assert submit[0].deadline is not None
    assert submit[0].deadline.date == "2026-04-15"


# --- a named thing's infinitive is a purpose (train: uk-scot-climate-neutral-economy, fr-omb-ipv6-draft-2020)

@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, target", [
    ("The Harbour Board will develop a Clean Harbour Transition Plan to strengthen the ports' contribution "
     "to cutting emissions.", "develop", "a Clean Harbour Transition Plan"),
    ("Use the Harbour Data Profile to define port-specific requirements for tide sensors.",
     "use", "the Harbour Data Profile"),
    # a plan that is not named: its infinitive says what the plan is
    ("The Harbour Board will publish a plan to cut emissions from ferries.",
     "publish", "a plan to cut emissions from ferries"),
    # a named law: its infinitive says what the law does
    ("The Government will introduce the Clean Harbour Bill to cap emissions from ferries.",
     "introduce", "the Clean Harbour Bill to cap emissions from ferries"),
])
def test_fields_named_thing_purpose_cut_table(extractor, sentence, action, target):
    doc = document_from_text("Harbour plan\n\n" + sentence, title="Harbour plan", published="2026-01-15")
    records = [c for c in extractor.extract(doc).commitments if c.action == action]
    assert records, [(c.action, c.target) for c in extractor.extract(doc).commitments]
    assert records[0].target == target


# --- items under "X, in consultation with Y, shall:" whose lead-in the parser lost (train: eo-14120, eo-14119)

@pytest.mark.integration
@pytest.mark.parametrize("lead, actor", [
    ("(c) To advance safety, training, and risk mitigation, agency Members of the Harbour Initiative shall:",
     "agency Members of the Harbour Initiative"),
    ("(d) The Director of the Harbour Office, in consultation with the Port Budget Office, shall promptly:",
     "Director of the Harbour Office"),
])
def test_fields_items_take_the_subject_before_shall_colon_table(extractor, lead, actor):
    text = ("Executive Order on Harbour Safety\n\nSec. 2. Duties.\n\n" + lead + "\n"
            "(i) review the training of dock workers; and\n"
            "(ii) publish a safety manual for ferry crews.")
    doc = document_from_text(text, title="Executive Order on Harbour Safety", published="2026-01-15")
    records = {c.action: c for c in extractor.extract(doc).commitments}
    assert "review" in records, sorted(records)
    assert "publish" in records, sorted(records)
    assert records["review"].actor == actor
    assert records["publish"].actor == actor


# --- deadlines: the document's own year; a goal's year in a purpose or an example

@pytest.mark.parametrize("phrase, reference, date", [
    ("in 2026", "2026-05-20", "2026-12-31"),       # the document's own year: due that year
    ("in 2027", "2026-05-20", "2027-12-31"),
])
def test_fields_weak_year_of_the_document_table(phrase, reference, date):
    from kb.extract.deadlines import normalise_deadline

    got = normalise_deadline(phrase, reference)
    assert got is not None
    assert got.date == date


@pytest.mark.parametrize("phrase, reference", [
    ("in 2025", "2026-05-20"),                     # a past year describes, it is not due
])
def test_fields_weak_past_year_is_no_deadline_table(phrase, reference):
    from kb.extract.deadlines import normalise_deadline

    assert normalise_deadline(phrase, reference) is None


@pytest.mark.integration
@pytest.mark.parametrize("sentence, action, date", [
    # the year belongs to the example's own pledge
    ("We will work together on the outcomes of the summit, such as the pledge to triple port electrification "
     "by 2030.", "work", None),
    # a year right after the target is the undertaking's
    ("We will electrify ferry terminals by 2030.", "electrify", "2030-12-31"),
    ("We will take steps to achieve zero-emission ferries by 2040.", "achieve", "2040-12-31"),
])
def test_fields_goal_year_in_purpose_or_example_table(extractor, sentence, action, date):
    doc = document_from_text("Joint statement on harbours\n\n" + sentence, title="Joint statement on harbours",
                             published="2026-01-15")
    records = [c for c in extractor.extract(doc).commitments if c.action == action]
    assert records, [(c.action, c.target) for c in extractor.extract(doc).commitments]
    got = records[0].deadline.date if records[0].deadline is not None else None
    assert got == date
