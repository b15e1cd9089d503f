"""Line-oriented paragraph building, shared by plain text, Markdown and PDF.

Text files mark paragraphs with blank lines but also wrap lines, and scraped
pages run a headline straight into the first paragraph.  The rules here decide
when consecutive lines are one paragraph and when a line stands alone, so that
a sentence never runs across a paragraph break and a headline never becomes
the start of a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kb.tables import ROMAN_ITEM_NUMBER

from .blocks import Block
from .metadata import labelled_date

BLANK, TEXT, HEADING, LIST_ITEM, TABLE_ROW, FOOTNOTE = "blank", "text", "heading", "list_item", "table_row", "footnote"

# Bullets are dropped from the text; enumerations ("(i)", "1.", "a)", "vii.", "iv)") are
# kept, because the extraction stage may cite them.  "›" (a single guillemet) and "−" (the
# minus sign) are bullets in some government styles (a New Zealand strategy's Markdown, an
# Australian strategy's PDF).  Text taken from a PDF often glues a round or square bullet to
# its first word ("•We will retrofit ..."): that glyph never starts a word, so it is a bullet
# before a capital too (two UK council plans of round 20's probes; "-" or "*" glued to a word
# may be a sign or emphasis, and stays).
BULLET = re.compile(r"^(?:[-•*+·▪●◦‣–›−]\s+|[•▪●◦‣](?=[A-Z“\"‘(]))")
# "(A)" as well: the third level of a US order's lists ("(f) ... shall: (i) a stockpile ... The NVS shall: (A) ...";
# round 53, train: NSM-16, where "(A)" read as a paragraph cut the list of "(i)", "(ii)" in two)
ENUMERATION = re.compile(r"^(?:\((?:\d{1,3}|[ivxlcdm]{1,6}|[a-zA-Z])\)|(?:\d{1,3}|[a-z])\)|\d{1,3}\.|(?:"
                         + ROMAN_ITEM_NUMBER + r")[.)])\s+\S")

# A lead-in and its list's first item run together on one line by text extraction: "the
# actions are the following: i. Reduce X" (the first item's number is one: "i.", "(a)",
# "1)"; it opens a capitalised item).  `split_glued_item` cuts the line after the colon, so
# that the items below find their lead-in ending in ":".
_GLUED_FIRST_ITEM = re.compile(r"(?<=\S):\s+(?=(?:\((?:i|a|1)\)|(?:i|a|1)[.)])\s+[A-Z])")
_MIN_LEAD_IN_WORDS = 3

_OPEN_ENDINGS = tuple(".!?:;,…-–—(\"“'‘/&")
_SENTENCE_END = re.compile(r"[.!?:。！？；][\"”’')\]]*$")
_FINITE_VERB = re.compile(r"\b(?:will|shall|must|would|should|is|are|was|were|has|have|had)\b", re.IGNORECASE)
_MAX_HEADING_WORDS = 12
# A line that stops on an article, a preposition, a conjunction or a possessive is the
# middle of a sentence, however many of its words are capitalised ("By December 31, 2023,
# the" / "Secretary of Commerce ..."): no heading ends so.
_OPEN_WORD_END = re.compile(
    r"\b(?:the|a|an|of|to|and|or|nor|for|in|on|at|by|with|from|into|onto|as|than|its|their|our|his|her|"
    r"this|that|these|those|which|who|whose)$"
)
_LAST_LINE_SHARE = 0.7
# A hard break after a line this long with no closing punctuation is a wrap (see `break_ends_paragraph`).
_WRAPPED_LINE_MIN = 40
_MID_SENTENCE_MARKS = (",", "-", "–", "(", "/", "&")


@dataclass(frozen=True)
class Line:
    text: str                 # cleaned, one line, markup removed
    kind: str = TEXT          # BLANK | TEXT | HEADING | LIST_ITEM
    level: int = 1
    hard_break: bool = False  # the paragraph ends after this line
    label: str | None = None  # a footnote's number


def list_marker(text: str) -> tuple[bool, str]:
    """(is a list item, text without its bullet) for a plain-text line."""
    bullet = BULLET.match(text)
    if bullet:
        return True, text[bullet.end():]
    return bool(ENUMERATION.match(text)), text


def split_glued_item(text: str) -> tuple[str, str] | None:
    """(lead-in ending in ":", first item with its number) for a lead-in glued to its first
    item; None for any other text."""
    m = _GLUED_FIRST_ITEM.search(text)
    if m is None or len(text[:m.start()].split()) < _MIN_LEAD_IN_WORDS:
        return None
    return text[:m.start() + 1], text[m.end():]


def group(lines: list[Line], *, wrapped: bool = False, promote_headings: bool = False) -> list[Block]:
    """Blocks from classified lines.

    `wrapped`: lines are visual lines of a laid-out page (PDF), so a short line
    that ends a sentence also ends its paragraph.  `promote_headings`: a
    paragraph of one short line without closing punctuation is a heading (plain
    text and PDF have no heading markup).
    """
    typical = _typical_length(lines) if wrapped else 0
    blocks: list[Block] = []
    parts: list[str] = []
    kind = TEXT

    def flush() -> None:
        if parts:
            text = join_lines(parts)
            if kind == TEXT and promote_headings and len(parts) == 1 and looks_like_heading(text):
                blocks.append(Block("heading", text))
            else:
                blocks.append(Block("list_item" if kind == LIST_ITEM else "paragraph", text))
        parts.clear()

    for line in lines:
        if line.kind == BLANK or not line.text:
            flush()
            continue
        if line.kind == HEADING:
            flush()
            blocks.append(Block("heading", line.text, level=line.level))
            continue
        if line.kind in (TABLE_ROW, FOOTNOTE):  # a table row (cells joined by " | "), a numbered note: one block
            flush()
            if line.text:
                blocks.append(Block(line.kind, line.text, label=line.label))
            continue
        if line.kind == LIST_ITEM or (parts and ends_paragraph(parts[-1], line.text, typical, before=parts[:-1])):
            flush()
        if not parts:
            kind = line.kind
        parts.append(line.text)
        if line.hard_break:
            flush()
    flush()
    return blocks


def join_lines(parts: list[str]) -> str:
    """Lines of one paragraph joined by spaces; "low-" + "carbon" keeps the hyphen, no space."""
    pieces = [parts[0]]
    for previous, part in zip(parts, parts[1:]):
        hyphenated = len(previous) > 1 and previous[-1] == "-" and previous[-2].isalnum() and part[:1].islower()
        pieces.append(part if hyphenated else f" {part}")
    return "".join(pieces)


def ends_paragraph(previous: str, following: str, typical: int = 0, *,
                   before: str | Sequence[str] | None = None) -> bool:
    """Whether a paragraph ends between two consecutive non-blank lines.

    `before` is the paragraph's line above `previous`, or all its lines above it (nearest
    last), if any.  A title-like line (most long words capitalised) ends a paragraph only
    where a heading can stand: at the paragraph's start or after a sentence's end or
    another heading line, and not when it stops on a word that needs more ("... on
    Economic" after "... we will enhance" is a sentence naming a platform, not a heading).
    """
    if not following[:1].isupper() and not following[:1].isdigit():
        return False
    earlier = [before] if isinstance(before, str) else list(before or [])
    if title_like(previous) and _may_stand_alone(previous, earlier):
        return True
    return bool(typical) and bool(_SENTENCE_END.search(previous)) and len(previous) < _LAST_LINE_SHARE * typical


def _may_stand_alone(line: str, earlier: list[str]) -> bool:
    """Whether a title-like line can be a heading where it stands (see `ends_paragraph`);
    `earlier`: the paragraph's lines above it, nearest last."""
    if _OPEN_WORD_END.search(line):
        return False
    # A run of title-like lines is one heading only if the run starts like a heading: where the
    # paragraph starts or a sentence ends.  A line that opens in lower case ("between New York
    # University-Tandon and IIT Kanpur Advanced Research") goes on with a sentence, and so does a
    # run of names in a sentence's list of officials ("in coordination with the Secretary of State,
    # the" / "Attorney General, the Secretary of Agriculture, the Secretary of" / "Commerce, the
    # Secretary of Health and Human Services, the Administrator" / "of the Environmental Protection
    # Agency, the Director of National" / "Intelligence, and ...:"; train: NSM-16), whose run of
    # title-like lines starts after a line that stops on "of".
    for before in reversed(earlier):
        if _SENTENCE_END.search(before):
            return True
        if not title_like(before) or _OPEN_WORD_END.search(before) or before[:1].islower():
            return False
    return True


def title_like(line: str) -> bool:
    """A short line without closing punctuation whose longer words are capitalised."""
    if line.endswith(_OPEN_ENDINGS) or len(line.split()) > _MAX_HEADING_WORDS:
        return False
    long_words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) >= 4]
    if not long_words:
        return True
    return sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.5


def break_ends_paragraph(text: str) -> bool:
    """Whether a hard line break after this line (two trailing spaces in Markdown, "<br>" in
    HTML) ends its paragraph.  Memoranda exported to Markdown and scraped pages use hard
    breaks as line wraps too ("By December 31, 2023, the" / "Secretary of Commerce ... shall
    develop a National" / "Spectrum Strategy ..."): a line runs on into the next when it
    stops on a word or a mark that needs more (an article, a preposition, a conjunction, a
    comma), or when it is a full-width line of a sentence (no closing punctuation, not
    heading-like).  Short lines without closing punctuation -- an address, a name, a list
    of short items -- keep their breaks.
    (train: fr-wh-memo-national-spectrum-strategy-2023, fr-wh-memo-long-covid-2022)"""
    text = text.strip()
    if not text or _SENTENCE_END.search(text):
        return True
    if _OPEN_WORD_END.search(text) or text.endswith(_MID_SENTENCE_MARKS):
        return False
    return len(text) < _WRAPPED_LINE_MIN or looks_like_heading(text)


def looks_like_heading(text: str) -> bool:
    """A standalone line that reads as a heading or headline, not a sentence."""
    return (
        len(text.split()) <= _MAX_HEADING_WORDS
        and not text.endswith(_OPEN_ENDINGS)
        and (text[:1].isupper() or text[:1].isdigit())
        and not _FINITE_VERB.search(text)
        and labelled_date(text) is None
    )


def _typical_length(lines: list[Line]) -> int:
    """The length of a full line on the page: the 80th percentile of line lengths."""
    lengths = sorted(len(line.text) for line in lines if line.kind == TEXT and line.text)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0
