"""Where a wrapped paragraph ends: a line whose longer words are mostly capitalised is a
heading only where a heading can stand.

Scraped Markdown and plain text wrap prose at a fixed width, so a line of a sentence can
happen to hold mostly names ("... the Harbour Renewal Fund on Coastal") and read as a
title.  Before this rule such a line ended its paragraph, and the sentence was cut in
two passages, so the extractor lost the actor or the target of a commitment.  A line
still stands as a heading at the start of a paragraph, after a sentence's end, or under
another heading line; never when it stops on a word that needs more ("the", "of", "a").

Every text here is invented.
"""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from kb.ingest.lines import ends_paragraph


def _passages(text: str, name: str = "plan.md") -> list[str]:
    return [p.text for p in parse_bytes(text.encode(), name).passages]


@pytest.mark.parametrize(
    "before, previous, following",
    [
        # a mid-sentence line that names things in capitals
        ("To shorten delays at the locks, the authority will widen",
         "access by opening the Harbour Renewal Fund on Coastal", "Resilience to private operators."),
        # a line that stops on an article or a preposition, even at the paragraph's start
        (None, "Part 4. Harbour Renewal. By March 31, 2027, the", "Minister of Transport shall publish a plan."),
        ("By March 31, 2027, the", "Minister of Transport, acting through the Agency, shall adopt a",
         "Regional Harbour Strategy for the coast."),
    ],
)
def test_a_capitalised_line_inside_a_sentence_does_not_end_the_paragraph(before, previous, following):
    assert ends_paragraph(previous, following, before=before) is False


@pytest.mark.parametrize(
    "before, previous, following",
    [
        (None, "Regional Harbour Strategy", "The Agency will dredge the outer channel by 2028."),
        ("The Agency met its dredging goal in 2024.", "Next Steps for Coastal Ports",
         "The Agency will publish a ports plan."),
        ("Regional Harbour Strategy", "Coastal Resilience Programme", "The Agency will publish a ports plan."),
    ],
)
def test_a_title_line_where_a_heading_can_stand_still_ends_the_paragraph(before, previous, following):
    assert ends_paragraph(previous, following, before=before) is True


def test_a_wrapped_markdown_sentence_that_names_a_fund_stays_one_passage():
    text = (
        "# Ports plan\n\n"
        "To shorten delays at the locks, the authority will widen\n"
        "access by opening the Harbour Renewal Fund on Coastal\n"
        "Resilience to private operators by 2027.\n"
    )
    passages = _passages(text)
    sentence = [p for p in passages if "authority will widen" in p]
    assert sentence == [
        "To shorten delays at the locks, the authority will widen access by opening the "
        "Harbour Renewal Fund on Coastal Resilience to private operators by 2027."
    ]


def test_a_section_heading_run_into_its_sentence_keeps_the_sentence_whole():
    text = (
        "Part 4. Harbour Renewal. By March 31, 2027, the\n"
        "Minister of Transport, acting through the Agency, shall adopt a\n"
        "Regional Harbour Strategy, and the Minister shall send it to the\n"
        "Cabinet.\n"
    )
    sentence = ("By March 31, 2027, the Minister of Transport, acting through the Agency, shall adopt a "
                "Regional Harbour Strategy, and the Minister shall send it to the Cabinet.")
    assert [p for p in _passages(text, "order.md") if sentence in p] != []


def test_a_plain_text_heading_over_its_paragraph_is_still_a_heading():
    text = "Coastal Resilience Programme\nThe Agency will publish a ports plan by 2026 and review it each year.\n"
    passages = _passages(text, "plan.txt")
    assert passages[0] == "Coastal Resilience Programme"
    assert passages[1].startswith("The Agency will publish")
