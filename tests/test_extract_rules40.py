"""Round 38 (rules-40; issue 10): an inline series after a colon, and codes a table's notes spell out.

Read faithfully, a paragraph can carry a series of nouns of action after a colon: "The measures include
the following: (a) expansion of X; (b) introduction of Y; (c) establishment of Z."  Before round 38 the
PDF reader often broke such a paragraph where an item marker wrapped to a line's start, and the broken-off
part ("(b) Introduction of Y; (c) ...") read as a list line of nouns of action (`lists.nominal_series`).
Now that the reader keeps the paragraph whole, the series after the colon is read the same way: each
noun of action followed by "of" is one undertaking of the document's actor (ANNOTATION.md section 1: each
lettered or numbered item is one line).

A development bank's tables print sector and theme codes side by side ("TCT GI GRO"), and the
recogniser takes the run for one organisation; in an appendix of thirty such rows it outnumbered the
bank as a named subject and became the main actor of every "we" and agentless sentence.  The tables'
notes spell each code out in lower-case words ("GRO = economic growth", "TCT = transport and information
and communication technology"): an abbreviation of common words names a thing, never a body
(`actors.abbreviates_common_words`, which read only "words (ABBR)" before).

Every sentence and name is invented; no eight-word run is shared with the dev set or the test split."""

from __future__ import annotations

import pytest

from kb.extract.actors import abbreviates_common_words
from tests.textdoc import document_from_text


def _commitments(extractor, text, title="Lakeshore adaptation plan"):
    doc = document_from_text(text, title=title, published="2026-03-02")
    return extractor.extract(doc).commitments


@pytest.mark.integration
def test_a_series_of_nouns_of_action_after_a_colon_gives_one_record_each(extractor):
    records = _commitments(extractor, (
        "The Lakeshore Council will adapt its farms to longer droughts. The measures include the following: "
        "(a) expansion of drip irrigation on public land; (b) introduction of drought-tolerant seed varieties; "
        "(c) establishment of advice centres for small farmers; etc."))
    got = {(c.action, c.target) for c in records}
    assert ("expand", "drip irrigation on public land") in got, got
    assert ("introduce", "drought-tolerant seed varieties") in got, got
    assert ("establish", "advice centres for small farmers") in got, got


@pytest.mark.integration
def test_a_colon_series_of_plain_nouns_gives_no_record(extractor):
    # nouns that name things, not actions: a list of places is no undertaking
    records = _commitments(extractor, (
        "The Lakeshore Council will adapt its farms to longer droughts. The districts covered are the "
        "following: (a) the north shore; (b) the river valley; (c) the upland pastures."))
    assert [c.action for c in records] == ["adapt"], [(c.action, c.target) for c in records]


GLOSSARY = ("ADB = Asian Development Bank, GI = general intervention, GRO = economic growth, "
            "TCT = transport and information and communication technology, SATC = South Asia Transport Division.")


def test_a_code_a_glossary_spells_out_in_lower_case_words_names_a_thing():
    assert abbreviates_common_words("GRO", GLOSSARY)
    assert abbreviates_common_words("TCT", GLOSSARY)


def test_a_run_of_such_codes_names_a_thing():
    assert abbreviates_common_words("TCT GI GRO", GLOSSARY)


def test_a_body_a_glossary_spells_out_with_capitals_is_not_a_thing():
    assert not abbreviates_common_words("ADB", GLOSSARY)
    assert not abbreviates_common_words("SATC", GLOSSARY)
    # a run that holds a body's code is not a run of common-word codes
    assert not abbreviates_common_words("TCT ADB", GLOSSARY)


def test_the_parenthesised_form_still_reads_as_before():
    text = "The council will publish the draft environmental impact statement (DEIS) next spring."
    assert abbreviates_common_words("DEIS", text)
    assert not abbreviates_common_words("LCC", "The Lakeshore County Council (LCC) will publish it.")
