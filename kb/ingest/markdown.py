"""Markdown -> blocks, with markdown-it-py (CommonMark plus tables and strikethrough).

The parser gives the structure: headings, lists, block quotes, code, tables,
HTML blocks, link reference definitions.  Its inline tokens give the text with
the markup gone ("**Date:**" -> "Date:", "[text](url)" -> "text", escapes and
entities resolved).  What CommonMark calls one paragraph is often several
things in a policy text -- a title line run into the first sentence, a list of
"(i) ..." items indented under "shall:" -- so each paragraph is handed on line
by line (its soft and hard breaks, with each line's indentation read from the
source through the token's line map) to the same line rules plain text uses.
Numbered section headings ("### Section 2.") take their name from what follows:
a title line, a line in bold ("**Policy**"), or a title run into the first
sentence ("Fossil Fuel Subsidies The heads of agencies shall ..."), so that a
heading is never glued onto a sentence.
Trafilatura's HTML output is Markdown too, so HTML goes through here as well.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .blocks import CELL_SEPARATOR, Block, Extracted
from .furniture import continues_sentence, is_furniture
from .links import safe_url
from .lines import (BLANK, BULLET, ENUMERATION, FOOTNOTE, HEADING, LIST_ITEM, TABLE_ROW, TEXT, Line, break_ends_paragraph,
                    group, title_like)
from .metadata import find_published_with_source, parse_date
from .normalize import normalize_text, squash
from .sniff import FRONT_MATTER

_MAX_NESTING = 20
_MD = MarkdownIt("commonmark", {"html": True, "maxNesting": _MAX_NESTING}).enable(["table", "strikethrough"])
_CONTAINERS = frozenset({"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"})

_NUMBER_ONLY_HEADING = re.compile(
    r"^(?:section|sec\.|article|art\.|chapter|part|title|annex|schedule|§)\s*[\dIVXLC]+[A-Za-z]?[.:]?$", re.IGNORECASE
)
# Lines that CommonMark leaves in a paragraph but that are list items in a policy text:
# "2. cut coal use" (only "1." may interrupt a paragraph) and "• item" or "› item" (not
# CommonMark bullets).
_ORDERED = re.compile(r"^\d{1,3}[.)]\s+\S")
_TEXT_BULLETS = "•›"
_QUOTE = re.compile(r"^ {0,3}(?:>\s?)+")
# "12.      Reaffirming ..." (Word exports pad a list number with spaces): five or more spaces
# after a marker make CommonMark read the item's first line as indented code, cut off from the
# rest of its paragraph.  A policy text never means code there, so the gap becomes one space.
_PADDED_LIST_MARKER = re.compile(r"^([ \t]*(?:\d{1,9}[.)]|[-*+]))[ \t]{5,}(?=\S)", re.MULTILINE)
# "####Improve departmental digital leadership": the original Markdown (and kramdown) read a
# heading with no space after its hashes; CommonMark reads a paragraph line, and the heading ran
# into the sentence after it.  A short line opening with hashes and a letter or digit is that
# heading (two UK departmental strategies of round 20's probes).  One hash before a word may be a
# hashtag opening a sentence, so that heading is short; two or more hashes are a heading however
# long ("####Action 02: Services handling over 100,000 transactions each year will be re-designed
# ...", 23 words, in the Government Digital Strategy, round 23's train document).
_TIGHT_HEADING = re.compile(r"^(#{1,6})(?=[A-Za-z0-9\"“‘'(])(.*)$", re.MULTILINE)
_TIGHT_HEADING_MAX_WORDS = 20
_BLOCK_SEPARATOR = re.compile(r"(\n[ \t]*\n)")
_DOUBLE_ASTERISK = re.compile(r"(?<![*\\])\*\*(?!\*)")
_TIGHT_HEADING_MAX_WORDS_HASHES = 60
# "1. [Transforming our services](#theme-01-transforming-our-services)": a line that is only a
# link to a place in the same page is a table of contents, not text (its entries read as
# gerund action lines)
_ANCHOR_LINK_LINE = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?\[[^\]\n]+\]\(#[^)\s]*\)[ \t]*$", re.MULTILINE)
_ESCAPED_MARKER = re.compile(r"^\s*(?:\d{1,9}\\[.)]|\\[-*+•(])")
_CONTAINER_MARKERS = re.compile(r"^\s*(?:(?:>|(?:[-*+]|\d{1,9}[.)])(?=\s))\s*)*")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]]+\]")
_FOOTNOTE_DEFINITION = re.compile(r"^\s*\[\^([^\]]+)\]:")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_HEADING_TAGS = {f"h{level}": level for level in range(1, 7)}
# HTML inside Markdown that is read as HTML: a table, or a block element closed and another
# opened on one line ("</p><ul><li>", "<ul><li>")
_HTML_STRUCTURE = re.compile(r"<(?:table|tr)\b|</?(?:p|ul|ol|li|div|h[1-6])\b[^<>]*>\s*<(?:p|ul|ol|li|div|h[1-6])\b",
                             re.IGNORECASE)
# kb.ingest.html's block kinds as Markdown lines
_HTML_BLOCK_KINDS = {"heading": HEADING, "list_item": LIST_ITEM, "table_row": TABLE_ROW, "footnote": FOOTNOTE,
                     "paragraph": TEXT}
_HTML_OPENING = re.compile(r"^\s*<(li|h[1-6])\b", re.IGNORECASE)
# A section name run into its first sentence: title-case words, then a word a sentence opens with
# (one that title case writes in lower case, or a subject/condition word) or an enumeration "(a)".
_TITLE_WORD = re.compile(r"^(?:[A-Z][\w'’.+-]*|\d+[\w-]*),?$")
_MINOR_WORDS = frozenset("a an and as at by for from in into of on or our the their its through to under with".split())
_SENTENCE_OPENERS = frozenset(
    """The A An In On To For By As At With Within Upon Under Subject Consistent Pursuant There This These
    It Each Every Any All No Nothing Notwithstanding Unless If When Whenever Where""".split()
)
_ENUMERATION_WORD = re.compile(r"^\((?:[a-z]|\d{1,3}|[ivx]{1,5})\)$")
_MAX_NAME_WORDS = 20
_MIN_SENTENCE_WORDS = 4
_WORD = re.compile(r"\w")
# Jekyll/Liquid templating left in a site's Markdown source (government sites published from
# GitHub): a tag alone on its line ("{% include heading.html lvl=3 text="Our role" %}") and
# output expressions ("{{ site.baseurl }}").  A tag's quoted text is what the page shows.
_LIQUID_TAG_LINE = re.compile(r"^[ \t]*\{%-?(.*?)-?%\}[ \t]*$", re.MULTILINE)
_LIQUID_OUTPUT = re.compile(r"\{\{.*?\}\}")
_LIQUID_SHOWN_TEXT = re.compile(r"""\b(?:text|title|heading)\s*=\s*(?:"([^"]+)"|'([^']+)')""")
_LIQUID_LEVEL = re.compile(r"\b(?:lvl|level)\s*=\s*[\"']?([1-6])\b")


@dataclass(frozen=True)
class _Part:
    """One line of a paragraph as the inline parser read it."""

    text: str
    hard_break: bool = False   # a hard break (two spaces or a backslash) ends the paragraph after this line
    emphasised: bool = False   # the whole line is one bold or italic span


@dataclass(frozen=True)
class _RunIn(Line):
    """A paragraph line that is all bold or italics: the name of the section above, or a heading of its own."""


def read_markdown(text: str) -> Extracted:
    text = normalize_text(text)
    title, published = None, None
    front = FRONT_MATTER.match(text)
    if front:
        title, published = _front_matter(front.group("block"))
        text = text[front.end():]
    text = _ANCHOR_LINK_LINE.sub("", _TIGHT_HEADING.sub(_spaced_heading, _spaces_out_of_closing_bold(text)))
    lines = list(_lines(_without_liquid(_PADDED_LIST_MARKER.sub(r"\1 ", text))))
    published_source = "front matter date" if published else None
    if not published:
        dated = find_published_with_source(line.text for line in lines)
        published, published_source = dated if dated else (None, None)
    lines = [Line("", BLANK) if is_furniture(line.text) and not (
        k and lines[k - 1].kind in (TEXT, LIST_ITEM) and continues_sentence(line.text, lines[k - 1].text))
        else line for k, line in enumerate(lines)]
    return Extracted(_name_numbered_headings(group(_run_in_names(lines))), title=title, published=published,
                     title_source="front matter title" if title else None, published_source=published_source,
                     links=_links(text))


def _spaces_out_of_closing_bold(text: str) -> str:
    """"**2. Strengthen Supply Chains:  **The United States ...", "are **not **included": pages
    converted from HTML put the space (often a no-break space) inside the closing "**", where
    CommonMark does not read it as closing, so the asterisks stayed in the text and the bold name
    ran into its sentence (the White House briefing-room archive, the Australian DTA's site). In
    a paragraph with an even number of "**", every second one closes: the spaces before it move
    after it."""
    out = []
    for block in _BLOCK_SEPARATOR.split(text):
        marks = list(_DOUBLE_ASTERISK.finditer(block))
        if not marks or len(marks) % 2:
            out.append(block)
            continue
        pieces, last = [], 0
        for k, m in enumerate(marks):
            before = block[last:m.start()]
            kept = before.rstrip(" \t\u00a0")
            if k % 2 and kept != before and kept and not kept.endswith("\n"):
                pieces.append(kept + "**" + before[len(kept):])
            else:
                pieces.append(before + "**")
            last = m.end()
        pieces.append(block[last:])
        out.append("".join(pieces))
    return "".join(out)


def _spaced_heading(m: re.Match) -> str:
    """'####Heading' -> '#### Heading' when the line can be a heading (a lone '#' only on a short line)."""
    limit = _TIGHT_HEADING_MAX_WORDS if len(m.group(1)) == 1 else _TIGHT_HEADING_MAX_WORDS_HASHES
    return f"{m.group(1)} {m.group(2)}" if len(m.group(2).split()) <= limit else m.group(0)


def _without_liquid(text: str) -> str:
    """Liquid templating out of a page's source: a tag line becomes the text it shows (a heading
    when the tag gives a level) or a blank line; output expressions go."""

    def shown(tag: re.Match) -> str:
        quoted = _LIQUID_SHOWN_TEXT.search(tag.group(1))
        if quoted is None:
            return ""
        level = _LIQUID_LEVEL.search(tag.group(1))
        words = quoted.group(1) or quoted.group(2)
        return f"\n{'#' * int(level.group(1))} {words}\n" if level else f"\n{words}\n"

    if "{%" not in text and "{{" not in text:
        return text
    return _LIQUID_OUTPUT.sub("", _LIQUID_TAG_LINE.sub(shown, text))


def _links(text: str) -> list[tuple[str, str]]:
    """(anchor text, URL) of the document's links ([text](url), <url>, reference links), in order."""
    out: list[tuple[str, str]] = []
    for token in _MD.parse(text):
        url, anchor = None, []
        for child in token.children or ():
            if child.type == "link_open":
                url, anchor = safe_url(str(child.attrGet("href") or "")), []
            elif child.type == "link_close":
                if url and "".join(anchor).strip():
                    out.append(("".join(anchor), url))
                url = None
            elif url is not None and child.type in ("text", "code_inline"):
                anchor.append(child.content)
            elif url is not None and child.type in ("softbreak", "hardbreak"):
                anchor.append(" ")
    return out


def _lines(text: str, *, flat: bool = False) -> Iterator[Line]:
    """The document as classified lines, a BLANK after every block so that blocks never merge."""
    source = text.split("\n")
    tokens = _MD.parse(text)
    if not flat and any(token.type in _CONTAINERS and token.level >= _MAX_NESTING - 1 for token in tokens):
        # Quotes or lists nested deeper than the parser follows (it would drop their text): read them flattened.
        yield from _lines("\n".join(_CONTAINER_MARKERS.sub("", line) for line in source), flat=True)
        return
    item_prefix: str | None = None  # set by a list item until its first paragraph is read
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "list_item_open":
            ordered = token.info  # the item's number in an ordered list, "" in a bullet list
            item_prefix = f"{ordered}{token.markup} " if ordered else ""
        elif kind == "heading_open":
            inline = tokens[i + 1]
            parts = list(_inline_lines(inline))
            if len(parts) > 1:
                # A multi-line setext "heading" is a paragraph over a rule in a policy text.
                yield from _paragraph_lines(parts, inline, source, None)
            else:
                yield Line(parts[0].text if parts else "", HEADING, level=_HEADING_TAGS[token.tag])
            yield Line("", BLANK)
            item_prefix = None
            i += 2
        elif kind == "paragraph_open":
            inline = tokens[i + 1]
            yield from _paragraph_lines(list(_inline_lines(inline)), inline, source, item_prefix)
            yield Line("", BLANK)
            item_prefix = None
            i += 2
        elif kind == "tr_open":
            cells = []
            while tokens[i].type != "tr_close":
                if tokens[i].type == "inline":
                    cells.append(_one_line(tokens[i]))
                i += 1
            if any(cells):
                yield Line(CELL_SEPARATOR.join(cell for cell in cells if cell), TABLE_ROW)
        elif kind == "fence":
            yield from (Line(squash(line), TEXT, hard_break=True) for line in token.content.split("\n"))
            yield Line("", BLANK)
            item_prefix = None
        elif kind == "code_block":
            # Indented text: in a policy document that is an indented list or quotation, not code.
            for line in token.content.rstrip("\n").split("\n"):
                yield _classify(_Part(_one_line(_MD.parseInline(line)[0])), indented=True)
            if not _runs_on(token, tokens[i + 1] if i + 1 < len(tokens) else None):
                yield Line("", BLANK)
            item_prefix = None
        elif kind == "html_block":
            yield from _html_block_lines(token.content)
            yield Line("", BLANK)
        elif kind in ("hr", "list_item_close", "blockquote_close", "table_close"):
            yield Line("", BLANK)
        i += 1


def _html_block_lines(block: str) -> Iterator[Line]:
    """Raw HTML inside Markdown.  Where it holds a table or several block elements on one line
    ("<p>Key activities are:</p><ul><li>Publish X</li>"), it is read as HTML (kb.ingest.html
    `fragment_blocks`): a row per <tr> with its cells apart, an item per <li>, a paragraph per
    <p>; else line by line with the tags gone, a line that opens a list item ("<li>") or a
    heading ("<h3>") staying one, so a list written in HTML reads as items."""
    if _HTML_STRUCTURE.search(block):
        from .html import fragment_blocks  # html.py reads its pages' Markdown with this module

        blocks = fragment_blocks(_HTML_COMMENT.sub("", block))
        if blocks:
            for b in blocks:
                kind = _HTML_BLOCK_KINDS.get(b.kind, TEXT)
                yield Line(b.text, kind, level=b.level, label=b.label)
                if kind in (TEXT, HEADING):
                    yield Line("", BLANK)
            return
    for line in _HTML_COMMENT.sub("", block).split("\n"):
        text = squash(html.unescape(_HTML_TAG.sub("", line)))
        opening = _HTML_OPENING.match(line)
        if opening and opening.group(1).lower() == "li":
            yield Line(text, LIST_ITEM)
        elif opening and text:
            yield Line(text, HEADING, level=_HEADING_TAGS[opening.group(1).lower()])
        else:
            yield Line(text, TEXT)


def _runs_on(code: Token, following: Token | None) -> bool:
    """Whether a paragraph follows an indented block on the very next line (an indented item's unindented sub-items)."""
    return (
        following is not None
        and following.type == "paragraph_open"
        and code.map is not None
        and following.map is not None
        and following.map[0] == code.map[1]
    )


def _paragraph_lines(parts: list[_Part], inline: Token, source: list[str], item_prefix: str | None) -> Iterator[Line]:
    """One paragraph's lines, classified; `item_prefix` is not None when the paragraph opens a list item."""
    start, end = inline.map or (0, 0)
    # The source lines give each line's indentation, when they can be matched one to one.
    raw = source[start:end] if end - start == len(parts) else [None] * len(parts)
    written = inline.content.split("\n")
    written = written if len(written) == len(parts) else [""] * len(parts)
    for n, (part, line) in enumerate(zip(parts, raw)):
        if n == 0 and item_prefix is not None:
            yield Line(f"{item_prefix}{part.text}" if part.text else "", LIST_ITEM, hard_break=part.hard_break)
            continue
        note = _FOOTNOTE_DEFINITION.match(written[n])
        if note:  # "[^2]: Measured against 2005." -> footnote 2 (its marker in the text was dropped)
            yield Line(part.text.lstrip(": "), FOOTNOTE, label=note.group(1))
            continue
        if n and line is not None and _QUOTE.match(raw[n - 1] or "") and not _QUOTE.match(line):
            yield Line("", BLANK)  # an unquoted line after a quote: CommonMark's lazy continuation, not the quote's text
        body = _QUOTE.sub("", line) if line is not None else ""
        yield _classify(part, indented=body.startswith(" "), escaped=bool(_ESCAPED_MARKER.match(body)))


def _classify(part: _Part, *, indented: bool, escaped: bool = False) -> Line:
    """A paragraph line as a list item or text; `escaped`: its marker was escaped ("11\\. We meet"), so it is text."""
    text = part.text
    if not text:
        return Line("", BLANK)
    if escaped:
        return Line(text, TEXT, hard_break=part.hard_break)
    bullet = BULLET.match(text)
    if bullet and (indented or text[0] in _TEXT_BULLETS):
        return Line(text[bullet.end():], LIST_ITEM, hard_break=part.hard_break)
    if _ORDERED.match(text) or (indented and ENUMERATION.match(text)):
        return Line(text, LIST_ITEM, hard_break=part.hard_break)
    if part.emphasised:
        # A line in bold or italics alone ("**Policy**") is a run-in heading: it never runs into the next line.
        return _RunIn(text, TEXT, hard_break=True)
    return Line(text, TEXT, hard_break=part.hard_break)


def _inline_lines(inline: Token) -> Iterator[_Part]:
    """Each line of an inline token as plain text: markup, images (alt text) and HTML tags dropped.
    A soft break inside bold or italics is a space: the wrapped source line of one emphasised name
    ("**2. Strengthen Resilience of Critical Mineral and Semiconductor Supply" / "Chains:** The ...")
    is not two lines of the page."""
    line: list[Token] = []
    depth = 0
    for child in inline.children or ():
        if child.type in ("strong_open", "em_open"):
            depth += 1
        elif child.type in ("strong_close", "em_close"):
            depth = max(0, depth - 1)
        if child.type == "softbreak" and depth:
            line.append(Token("text", "", 0, content=" "))
        elif child.type in ("softbreak", "hardbreak"):
            yield _part(line, child.type == "hardbreak")
            line = []
        else:
            line.append(child)
    yield _part(line, False)


def _part(children: list[Token], hard_break: bool) -> _Part:
    text = _plain("".join(child.content for child in children if child.type in ("text", "code_inline")))
    shown = [child for child in children if not (child.type == "text" and not child.content.strip())]
    emphasised = (
        len(shown) >= 3
        and shown[0].type in ("strong_open", "em_open")
        and shown[-1].type == shown[0].type.replace("_open", "_close")
        and shown[0].level == shown[-1].level
        and not any(child.level <= shown[0].level for child in shown[1:-1])
    )
    return _Part(text, hard_break and break_ends_paragraph(text), emphasised and bool(text))


def _one_line(inline: Token) -> str:
    return " ".join(part.text for part in _inline_lines(inline) if part.text)


def _plain(text: str) -> str:
    return squash(_FOOTNOTE_REFERENCE.sub("", text))


def _run_in_names(lines: list[Line]) -> list[Line]:
    """"### Section 8." followed by the bold line "**purpose**" -> one heading "Section 8. purpose"."""
    merged: list[Line] = []
    previous: Line | None = None
    for line in lines:
        if isinstance(previous, _RunIn) and line.kind == TEXT and not _WORD.search(line.text):
            continue  # a stray closing quote left on the name's paragraph ("**reg**" then "”.")
        previous = line
        if isinstance(line, _RunIn):
            last = next((n for n in range(len(merged) - 1, -1, -1) if merged[n].kind != BLANK), None)
            if last is not None and merged[last].kind == HEADING and _NUMBER_ONLY_HEADING.match(merged[last].text):
                merged[last] = Line(f"{merged[last].text} {line.text}", HEADING, level=merged[last].level)
                continue
        merged.append(line)
    return merged


def _name_numbered_headings(blocks: list[Block]) -> list[Block]:
    """"### Section 102." followed by a title line "Government-wide Goals" -> one heading.

    Legal texts put the number in the heading and the name on the next line; a
    section called "Section 102." tells a reader nothing.  Where the name was run
    into the first sentence ("Fossil Fuel Subsidies The heads of agencies shall
    ..."), it is cut off at the sentence's first word.
    """
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.kind == "heading"
            and _NUMBER_ONLY_HEADING.match(previous.text)
            and block.kind == "paragraph"
        ):
            name, rest = _section_name(block.text)
            if name:
                previous.text = f"{previous.text} {name}"
                if not rest:
                    continue
                block.text = rest
        merged.append(block)
    return merged


def _section_name(text: str) -> tuple[str, str]:
    """(name, the rest) when a paragraph is, or opens with, a section name in title case; ("", text) otherwise."""
    if title_like(text):
        return text, ""
    words = text.split(" ")
    run = 0  # how many leading words read as a title
    while run < min(len(words), _MAX_NAME_WORDS + 1) and (
        _TITLE_WORD.match(words[run]) or (run and words[run] in _MINOR_WORDS)
    ):
        run += 1
    if run == len(words) and run <= _MAX_NAME_WORDS and words[-1].lower() not in _MINOR_WORDS:
        return text, ""  # a long name ("United States Leadership on Global Health and Security and ...")
    # Cut before "(a)" if the title runs up to it, else before the first word a sentence opens with.
    cuts = [n for n in range(1, run + 1) if n < len(words) and _ENUMERATION_WORD.match(words[n])]
    cuts += [n for n in range(1, run) if words[n] in _SENTENCE_OPENERS]
    if cuts:
        n = cuts[0]
        last = words[n - 1]
        if last.lower() not in _MINOR_WORDS and not last.endswith(",") and len(words) - n >= _MIN_SENTENCE_WORDS:
            return " ".join(words[:n]), " ".join(words[n:])
    return "", text


def _front_matter(block: str) -> tuple[str | None, str | None]:
    """title and date from a YAML front-matter block.

    Read with PyYAML, so that quoted values and their escapes come out as text ("Leaders\\u2019\\_Declaration"
    -> "Leaders' Declaration", with a typographic apostrophe and a no-break space made a space); a block
    that is not valid YAML is read as simple `key: value` lines."""
    try:
        loaded = yaml.safe_load(block)
    except yaml.YAMLError:
        loaded = None
    if isinstance(loaded, dict):
        fields = {str(k).strip().lower(): v for k, v in loaded.items()}
    else:
        fields = {}
        for line in block.split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip().lower()] = value.strip().strip("\"'")
    title = fields.get("title")
    title = " ".join(title.split()) if isinstance(title, str) else None
    return title or None, parse_date(str(fields.get("date") or ""))