"""Detection, rules-8: a plan's numbered action line ("ACTION 1: Build Capacity", "Strategy 8F.
Reduce Solid Waste in City Operations"), set as a heading, often in Title Case.

City plans number their actions with a label -- "ACTION 2:", "Strategy 8E." -- and set the line
as a heading; the tagger reads a Title Case line as a name ("Build Capacity") and takes the
label's number for the subject of the verb ("8F. Reduce").  The label says the line is an action:
its verb is the action, the rest of the line the target, and the label is no actor.

One table per construction, each with rows that must not match.  Every sentence is invented for
this test; none is copied or edited from the shared dev set or from the labelled test split.
The end-to-end rows go through the extractor with the rules alone (`rules_only`: no learned
filter), with the real spaCy model.
"""

from __future__ import annotations

import hashlib

import pytest

from kb.models import ParsedDocument, Passage

_LEAD = "Energy plan of the Town of Millbrook."


def _document(line: str, kind: str = "heading") -> ParsedDocument:
    """A two-passage document: a sentence naming the town, then `line` as a passage of `kind`."""
    text = _LEAD + "\n\n" + line
    passages = (Passage(index=0, kind="paragraph", text=_LEAD, start=0, end=len(_LEAD)),
                Passage(index=1, kind=kind, text=line, start=len(_LEAD) + 2, end=len(text)))
    return ParsedDocument(source_name="plan.txt", sha256=hashlib.sha256(text.encode()).hexdigest(),
                          media_type="text/plain", title="Energy plan", published="2015-01-01", text=text,
                          passages=passages, size=len(text))


def _records(extractor, line: str, kind: str = "heading") -> list[tuple[str, str]]:
    return [(c.action, c.target) for c in extractor.extract(_document(line, kind)).commitments
            if line in c.sentence or c.sentence in line]


# --- a numbered action label before a Title Case action -----------------------------------------

LABELLED = {
    "capitals, one word": ("ACTION 3: Build Partnerships", [("build", "Partnerships")]),
    "aspect verb": ("ACTION 7: Continue Tree Planting Programs", [("continue", "Tree Planting Programs")]),
    "two actions": ("ACTION 5: Finalize Inventory and Begin Reporting",
                    [("finalize", "Inventory"), ("begin", "Reporting")]),
    "an adverb first": ("Strategy 4B. Further Develop Bike Lane Network", [("develop", "Bike Lane Network")]),
    "label closed by a full stop": ("Strategy 2C. Reduce Paper Use in Town Offices",
                                    [("reduce", "Paper Use in Town Offices")]),
    "article after the verb": ("ACTION 9: Engage the Residents", [("engage", "the Residents")]),
}


@pytest.mark.integration
@pytest.mark.parametrize("line,expected", LABELLED.values(), ids=list(LABELLED))
def test_labelled_action_lines_are_commitments(extractor, line, expected):
    assert sorted(_records(extractor, line)) == sorted(expected)


NOT_LABELLED = {
    "a noun phrase after the label": "Strategy 3: Energy Efficiency in Buildings",
    "no action label": "Chapter 2: Build Capacity",
    "a title word after the label": "ACTION 1: Overview",
    "no label at all": "Build Capacity",
}


@pytest.mark.integration
@pytest.mark.parametrize("line", NOT_LABELLED.values(), ids=list(NOT_LABELLED))
def test_headings_without_a_labelled_action_are_not(extractor, line):
    assert _records(extractor, line) == []


# --- the label is no actor ----------------------------------------------------------------------

ACTORS = {
    "label closed by a full stop": "Strategy 2C. Reduce Paper Use in Town Offices",
    "label closed by a colon": "ACTION 3: Build Partnerships",
}


@pytest.mark.integration
@pytest.mark.parametrize("line", ACTORS.values(), ids=list(ACTORS))
def test_the_label_is_not_the_actor(extractor, line):
    records = [c for c in extractor.extract(_document(line)).commitments if c.sentence in line]
    assert records
    for c in records:
        assert "Strategy" not in (c.actor or "")
        assert "ACTION" not in (c.actor or "")


# --- the label's end, as the rules read it ------------------------------------------------------

LABEL_ENDS = {
    "Strategy 8F. Reduce waste": "Reduce",
    "ACTION 2: Finalize the inventory": "Finalize",
    "Action Item A (st) :: Enforce the code": "Enforce",
    "Measure 2.1: Expand the network": "Expand",
    "The strategy 8F. Reduce waste": None,      # not at the start of the line
    "Strategy: Reduce waste": None,             # no number
}


@pytest.fixture(scope="module")
def nlp(extractor):
    return extractor.nlp


@pytest.mark.integration
@pytest.mark.parametrize("text,word", LABEL_ENDS.items(), ids=list(LABEL_ENDS))
def test_opening_label_end(nlp, text, word):
    from kb.extract.syntax import opening_label_end

    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline:
        if proc.__class__.__name__ == "CommitmentMarker":
            break
        doc = proc(doc)
    sent = next(iter(doc.sents))
    end = opening_label_end(sent)
    after = None if end is None else text[end:].split()[0]
    assert after == word


# --- a plan's resource envelope stated as a sum ------------------------------------------------
# A development bank's business plan gives its planned resources as "the indicative X is $N": the
# bank undertakes to allocate (lend, provide) that sum.

ENVELOPES = {
    "allocation": ("For 2019, the indicative regional allocation is $120 million.", "allocate"),
    "program, about": ("The tentative annual grant program is about $3.5 million for 2018-2020.", "provide"),
    "averages": ("The tentative advisory program for 2018–2020 averages about $2.2 million.", "provide"),
    "lending": ("The indicative lending program for the islands is $600 million.", "lend"),
}


@pytest.mark.integration
def test_an_envelope_target_drops_a_table_reference(extractor):
    line = "The indicative lending program of the plan (Table A3.1, Appendix 3) is $700 million."
    targets = [t for a, t in _records(extractor, line, "paragraph") if a == "lend"]
    assert targets == ["lending program of the plan is $700 million"]


@pytest.mark.integration
@pytest.mark.parametrize("line,action", ENVELOPES.values(), ids=list(ENVELOPES))
def test_planned_envelopes_are_commitments(extractor, line, action):
    records = [c for c in extractor.extract(_document(line, "paragraph")).commitments if c.sentence in line]
    assert [c.action for c in records] == [action]


NOT_ENVELOPES = {
    "no planning adjective": "The total cost of the bridge is $40 million.",
    "past tense": "The indicative allocation was $300 million in 2010.",
    "no sum": "The proposed budget is under review.",
    "another verb before the sum": "Funding for the indicative lending program is expected to come from bonds of $2 million.",
    "no envelope noun": "The indicative cost of the road is $12 million.",
}


@pytest.mark.integration
@pytest.mark.parametrize("line", NOT_ENVELOPES.values(), ids=list(NOT_ENVELOPES))
def test_other_sums_are_not_envelopes(extractor, line):
    records = [c for c in extractor.extract(_document(line, "paragraph")).commitments if c.sentence in line]
    assert [c.action for c in records if c.action in ("allocate", "provide", "lend")] == []


# --- a reaffirmed commitment to a thing, not a verb ---------------------------------------------

REAFFIRMED = {
    "commitment to a goal": ("We reaffirm our commitment to the full recovery of the river basin.",
                             ("commit", "the full recovery of the river basin")),
    "an adjective on the noun": ("We reaffirm our steadfast commitment to the Lisbon Treaty.",
                                 ("commit", "the Lisbon Treaty")),
    "support, cut at a comma": ("We affirm our support to coastal towns, especially those in the north.",
                                ("support", "coastal towns")),
}


@pytest.mark.integration
@pytest.mark.parametrize("line,expected", REAFFIRMED.values(), ids=list(REAFFIRMED))
def test_reaffirmed_commitments_to_a_thing(extractor, line, expected):
    assert _records(extractor, line, "paragraph") == [expected]


NOT_REAFFIRMED = {
    "no owner of the noun": "The report reaffirms the commitment to the plan.",
    "support for, not to": "We reaffirmed our support for the resolution.",
    "a thing as subject": "This chapter confirms our commitment to the region.",
}


@pytest.mark.integration
@pytest.mark.parametrize("line", NOT_REAFFIRMED.values(), ids=list(NOT_REAFFIRMED))
def test_other_reaffirmations_are_not(extractor, line):
    assert [a for a, _ in _records(extractor, line, "paragraph") if a in ("commit", "support")] == []
