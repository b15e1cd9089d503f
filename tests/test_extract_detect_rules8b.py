"""Detection, rules-8b: a continuance without a modal ("Each advisory committee listed below is
continued until September 30, 2025").

US orders that continue federal advisory committees decide, in a present passive with no modal,
that a body lasts until a date; a later order moves the date.  The decision is the order's own
undertaking (ANNOTATION.md: a passive with no agent takes the document's main actor): action
"continue", target the body, deadline the date.  A past continuance, one with no date, and one
that lasts until an event are left out.

One table per construction, with rows that must not match.  Every sentence is invented for this
test; none is copied or edited from the shared dev set or from the labelled test split.  The rows
go through the extractor with the rules alone (`rules_only`: no learned filter), with the real
spaCy model.
"""

from __future__ import annotations

import hashlib

import pytest

from kb.models import ParsedDocument, Passage

_LEAD = "Executive Order 99001 of March 3, 2022. Continuance of Certain Harbor Boards."


def _document(line: str) -> ParsedDocument:
    """A two-paragraph order: its title line, then `line`."""
    text = _LEAD + "\n\n" + line
    passages = (Passage(index=0, kind="paragraph", text=_LEAD, start=0, end=len(_LEAD)),
                Passage(index=1, kind="paragraph", text=line, start=len(_LEAD) + 2, end=len(text)))
    return ParsedDocument(source_name="order.md", sha256=hashlib.sha256(text.encode()).hexdigest(),
                          media_type="text/markdown", title="Executive Order 99001", published="2022-03-03",
                          text=text, passages=passages, size=len(text))


def _continued(extractor, line: str) -> list[tuple[str, str, str | None]]:
    """(action, target, deadline date) of the "continue" commitments read from `line`."""
    return [(c.action, c.target, c.deadline.date if c.deadline else None)
            for c in extractor.extract(_document(line)).commitments
            if (line in c.sentence or c.sentence in line) and c.action == "continue"]


# --- a present passive of "continue" with "until"/"through" and a date ---------------------------

CONTINUED = {
    "until a date": ("Each harbor board listed below is continued until September 30, 2027",
                     [("continue", "Each harbor board listed below", "2027-09-30")]),
    "hereby": ("The Coastal Water Council is hereby continued until June 30, 2026.",
               [("continue", "The Coastal Water Council", "2026-06-30")]),
    "through a date": ("The pilot boards are continued through December 31, 2028.",
                       [("continue", "The pilot boards", "2028-12-31")]),
    "or reestablished, with a hedge": (
        "Each panel listed below is continued or, to the extent necessary, reestablished until March 31, 2028",
        [("continue", "Each panel listed below", "2028-03-31")]),
}


@pytest.mark.integration
@pytest.mark.parametrize("line,expected", CONTINUED.values(), ids=list(CONTINUED))
def test_continuance_until_a_date_is_a_commitment(extractor, line, expected):
    assert _continued(extractor, line) == expected


NOT_CONTINUED = {
    "a past continuance": "The harbor board was continued until 2019 by an earlier order.",
    "no date": "The Harbor Medal is hereby continued, the design of which accompanies this order.",
    "until an event": "Funding for the harbor board is continued until the review is complete.",
    "inside a relative clause": "Members of a board that is continued until 2027 keep their seats.",
    "inside a condition": "If the harbor board is continued until 2027, its members may serve again.",
}


@pytest.mark.integration
@pytest.mark.parametrize("line", NOT_CONTINUED.values(), ids=list(NOT_CONTINUED))
def test_other_continuances_are_not(extractor, line):
    assert _continued(extractor, line) == []
