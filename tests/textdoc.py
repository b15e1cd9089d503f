"""A ParsedDocument from a plain string, for extractor tests and benchmarks.

It spares extraction tests the ingestion stage (tested on its own), so a
construction test states exactly the passages the extractor sees: blank lines
separate paragraphs; lines that start with "(i)", "(a)", "1." or a bullet
become `list_item` passages under the paragraph before them (when it ends
with ":"); the first passage is the title unless one is given.
"""

from __future__ import annotations

import hashlib
import re

from kb.models import ParsedDocument, Passage

_ITEM = re.compile(r"^\s*(?:\((?:[ivxlc]{1,5}|[a-z]|\d{1,2})\)|\d{1,2}[.)]|[•\-–*·▪])\s+", re.I)


def document_from_text(text: str, title: str | None = None, published: str | None = None,
                       source_name: str = "text.txt") -> ParsedDocument:
    passages: list[Passage] = []
    out = ""
    lead: int | None = None
    blocks = re.split(r"\n\s*\n", text)
    for block in blocks:
        groups: list[str] = []
        for line in block.split("\n"):
            if not line.strip():
                continue
            if _ITEM.match(line) or not groups:
                groups.append(line.strip())
            else:
                groups[-1] = groups[-1] + " " + line.strip()
        for g in groups:
            g = g.strip()
            if not g:
                continue
            is_item = bool(_ITEM.match(g)) and lead is not None
            kind = "list_item" if is_item else "paragraph"
            if not passages and title is None and len(g) < 150 and not re.search(r"[.!?:;]$", g):
                kind = "heading"
            start = len(out)
            out += g
            passages.append(Passage(index=len(passages), kind=kind, text=g, start=start, end=len(out),
                                    parent_index=lead if is_item else None))
            out += "\n\n"
            if not is_item:
                lead = len(passages) - 1 if g.endswith(":") else None
    out = out[:-2] if out.endswith("\n\n") else out
    doc_title = title if title is not None else (passages[0].text[:200] if passages else "")
    return ParsedDocument(source_name=source_name, sha256=hashlib.sha256(text.encode("utf-8", "replace")).hexdigest(),
                          media_type="text/plain", title=doc_title, published=published, text=out,
                          passages=tuple(passages), size=len(text.encode("utf-8", "replace")))


def list_document(title: str, lead: str, items: list[str], source_name: str = "plan.txt") -> ParsedDocument:
    """A title, a lead-in paragraph and its list items as a layout reading gives them: the items
    without any bullet or marker, so each item's first word opens its sentence (a PDF's list, a
    plan's table of actions)."""
    passages: list[Passage] = []
    out = ""
    for i, part in enumerate([title, lead] + items):
        kind = "heading" if i == 0 else ("paragraph" if i == 1 else "list_item")
        start = len(out)
        out += part
        passages.append(Passage(index=i, kind=kind, text=part, start=start, end=len(out),
                                parent_index=1 if i > 1 else None))
        out += "\n\n"
    out = out[:-2]
    return ParsedDocument(source_name=source_name, sha256=hashlib.sha256(out.encode()).hexdigest(),
                          media_type="text/plain", title=title, published=None, text=out,
                          passages=tuple(passages), size=len(out))


def action_targets(extractor, text: str, *, title: str, sentence: str | None = None) -> list[tuple[str, str]]:
    """(action, target) of the commitments the extractor reads from `text` under the heading
    `title` (a document published 2024-05-01); with `sentence`, only those of that sentence."""
    parsed = document_from_text(title + "\n\n" + text, published="2024-05-01")
    return [(c.action, c.target) for c in extractor.extract(parsed).commitments
            if sentence is None or sentence in c.sentence or c.sentence in sentence]


def rules_only(parsed, parts, records):
    """An Extractor scorer that keeps the records as the rules build them (no learned filter, no confidence)."""
    return records


def table_rows(*texts: str) -> list[Passage]:
    """The passages of one table, a row each ("Sector | Action", ...): every row points at the first."""
    passages, pos = [], 0
    for i, text in enumerate(texts):
        passages.append(Passage(i, "table_row", text, pos, pos + len(text), parent_index=None if i == 0 else 0))
        pos += len(text) + 2
    return passages


def document_from_parts(parts: list[tuple[str, str]], *, published: str | None = None,
                        source_name: str = "plan.txt", link_items: bool = True) -> ParsedDocument:
    """A document from (kind, text) passages as a layout reading gives them ("heading",
    "paragraph", "list_item"), the first one its title; list items point at the passage before
    their run (`link_items=False`: at none, as a PDF page's numbered lines may come)."""
    passages: list[Passage] = []
    out = ""
    run_start: int | None = None
    for i, (kind, text) in enumerate(parts):
        start = len(out)
        out += text
        if kind == "list_item" and run_start is None:
            run_start = i - 1 if i > 0 else None
        elif kind != "list_item":
            run_start = None
        passages.append(Passage(index=i, kind=kind, text=text, start=start, end=len(out),
                                parent_index=run_start if kind == "list_item" and link_items else None))
        out += "\n\n"
    out = out[:-2]
    return ParsedDocument(source_name=source_name, sha256=hashlib.sha256(out.encode()).hexdigest(),
                          media_type="text/plain", title=parts[0][1] if parts else "", published=published,
                          text=out, passages=tuple(passages), size=len(out))
