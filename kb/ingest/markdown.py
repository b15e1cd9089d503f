"""Markdown -> blocks.

Markdown structure maps directly onto passages: `#` headings give sections,
list items give list_item passages.  Inline syntax is removed so that the clean
text reads as prose ("**Date:**" -> "Date:", "[text](url)" -> "text").
Trafilatura's HTML output is Markdown too, so HTML goes through here as well.
"""

from __future__ import annotations

import re

from .blocks import Block, Extracted
from .furniture import is_furniture
from .lines import BLANK, BULLET, ENUMERATION, HEADING, LIST_ITEM, TEXT, Line, group, title_like
from .metadata import find_published, parse_date
from .normalize import normalize_text, squash

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_QUOTE = re.compile(r"^ {0,3}(?:>\s?)+")
_ORDERED = re.compile(r"^\d{1,3}[.)]\s+\S")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NUMBER_ONLY_HEADING = re.compile(
    r"^(?:section|sec\.|article|art\.|chapter|part|title|annex|schedule|§)\s*[\dIVXLC]+[A-Za-z]?[.:]?$", re.IGNORECASE
)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)

_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                       # images
    (re.compile(r"\[\^[^\]]+\]"), ""),                                # footnote references
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                   # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),                  # [text][ref]
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),                     # autolinks
    (re.compile(r"</?[A-Za-z][^<>]*>"), ""),                         # inline HTML tags
    (re.compile(r"`([^`]+)`"), r"\1"),                                # code spans
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),             # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *italic*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),    # _italic_
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),                    # strikethrough
)
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
# Escaped characters are parked in the private-use area while inline syntax is removed.
_PARK = 0xE000


def read_markdown(text: str) -> Extracted:
    text = normalize_text(text)
    title, published = None, None
    front = _FRONT_MATTER.match(text)
    if front:
        title, published = _front_matter(front.group(1))
        text = text[front.end():]
    lines = _classify_all(_HTML_COMMENT.sub("", text).split("\n"))
    published = published or find_published(line.text for line in lines)
    lines = [Line("", BLANK) if is_furniture(line.text) else line for line in lines]
    return Extracted(_name_numbered_headings(group(lines)), title=title, published=published)


def strip_inline(text: str) -> str:
    """Markdown inline syntax removed: emphasis, links, code, images, escapes."""
    text = _ESCAPED.sub(lambda m: chr(_PARK + ord(m.group(1))), text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    text = re.sub(r"[\ue000-\ue0ff]", lambda m: chr(ord(m.group(0)) - _PARK), text)
    return squash(text)


def _name_numbered_headings(blocks: list[Block]) -> list[Block]:
    """"### Section 102." followed by a title line "Government-wide Goals" -> one heading.

    Legal texts put the number in the heading and the name on the next line; a
    section called "Section 102." tells a reader nothing.
    """
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == "heading"
            and _NUMBER_ONLY_HEADING.match(previous.text)
            and block.kind == "paragraph"
            and title_like(block.text)
        ):
            previous.text = f"{previous.text} {block.text}"
            continue
        merged.append(block)
    return merged


def _classify_all(raw_lines: list[str]) -> list[Line]:
    lines: list[Line] = []
    in_fence = False
    for raw in raw_lines:
        if _FENCE.match(raw):
            in_fence = not in_fence
            lines.append(Line("", BLANK))
            continue
        if in_fence:
            lines.append(Line(squash(raw), TEXT, hard_break=True))
            continue
        setext = _SETEXT.match(raw)
        if setext and lines and lines[-1].kind == TEXT and _starts_paragraph(lines):
            lines[-1] = Line(lines[-1].text, HEADING, level=1 if setext.group(1)[0] == "=" else 2)
            continue
        lines.append(_classify(raw))
    return lines


def _starts_paragraph(lines: list[Line]) -> bool:
    """Whether the last line is the only line of its paragraph (so a setext underline applies)."""
    return len(lines) < 2 or lines[-2].kind in (BLANK, HEADING) or lines[-2].hard_break


def _classify(raw: str) -> Line:
    if not raw.strip() or _RULE.match(raw) or _LINK_DEFINITION.match(raw) or _TABLE_RULE.match(raw):
        return Line("", BLANK)
    hard_break = raw.endswith(("  ", "\\"))
    raw = _QUOTE.sub("", raw.rstrip("\\").rstrip())
    heading = _ATX.match(raw)
    if heading:
        return Line(strip_inline(heading.group(2) or ""), HEADING, level=len(heading.group(1)))
    if _TABLE_ROW.match(raw):
        cells = [strip_inline(cell) for cell in raw.strip().strip("|").split("|")]
        return Line(" | ".join(cell for cell in cells if cell), TEXT, hard_break=True)
    indented = raw.startswith((" ", "\t"))
    body = raw.strip()
    bullet = BULLET.match(body)
    if bullet and body[0] in "-*+•":
        return Line(strip_inline(body[bullet.end():]), LIST_ITEM, hard_break=hard_break)
    if _ORDERED.match(body) or (indented and ENUMERATION.match(body)):
        return Line(strip_inline(body), LIST_ITEM, hard_break=hard_break)
    return Line(strip_inline(body), TEXT, hard_break=hard_break)


def _front_matter(block: str) -> tuple[str | None, str | None]:
    """title and date from a YAML front-matter block (read as simple `key: value` lines)."""
    fields = {}
    for line in block.split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields.get("title") or None, parse_date(fields.get("date", ""))
