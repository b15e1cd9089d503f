#!/usr/bin/env python3
"""Run the commitment extractor over the dev documents and write predictions JSONL.

    .venv/bin/python bench/eval_extract.py [--docs DIR] [--out pred.jsonl] [--score GOLD]

Each file is parsed with `kb.ingest.parse_file`; if ingestion is not importable
a small private splitter stands in (blank-line paragraphs, "(i)" list lines as
list items under the line before, the date from an "Updated:"/"Date:" line).
With `--score GOLD` the eval kit's scorer runs on the output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.extract import Extractor  # noqa: E402
from kb.models import ParsedDocument, Passage  # noqa: E402

DEFAULT_DOCS = Path("/work/shared/eval/dev/docs")
SCORER = Path("/work/shared/eval/score_commitments.py")
_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}


def _date(text: str) -> str | None:
    m = re.search(r"(?:Updated|Date|Published)\**:?\**\s*(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = re.search(r"(?:Updated|Date|Published)\**:?\**\s*([A-Z][a-z]+)\s+(\d{1,2}),\s*(\d{4})", text)
    if m and m.group(1).lower() in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
    return None


def simple_parse(path: Path) -> ParsedDocument:
    """A stand-in for kb.ingest: paragraphs, list items, title and date."""
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    published = _date(text)
    out_text = ""
    passages: list[Passage] = []
    last_lead: int | None = None
    title = ""
    for block in re.split(r"\n\s*\n", text):
        for line in [block] if not re.search(r"^\s*\(\w+\)", block, re.M) else block.split("\n"):
            line = re.sub(r"\s*\n\s*", " ", line).strip().lstrip("#").strip()
            if not line or re.match(r"^(?:nav search|Home>|Copyright|Presented by|Updated:|\*\*Date)", line) or "[Photo" in line:
                continue
            is_item = bool(re.match(r"^\(\w{1,5}\)\s", line))
            kind = "list_item" if is_item and last_lead is not None else ("heading" if not passages else "paragraph")
            if not title:
                title = line
            start = len(out_text)
            out_text += line
            passages.append(Passage(index=len(passages), kind=kind, text=line, start=start, end=len(out_text),
                                    parent_index=last_lead if kind == "list_item" else None))
            out_text += "\n\n"
            if kind != "list_item":
                last_lead = len(passages) - 1 if line.endswith(":") else None
    return ParsedDocument(source_name=path.name, sha256=hashlib.sha256(raw).hexdigest(), media_type="text/plain",
                          title=title, published=published, text=out_text, passages=tuple(passages), size=len(raw))


def parse(path: Path) -> ParsedDocument:
    try:
        from kb.ingest import parse_file
    except ImportError:
        return simple_parse(path)
    return parse_file(path)


def prediction(doc_name: str, c) -> dict:
    return {
        "doc": doc_name, "sentence": c.sentence, "actor": c.actor, "actor_text": c.actor_text, "action": c.action,
        "target": c.target,
        "deadline": {"text": c.deadline.text, "date": c.deadline.date} if c.deadline else None,
        "quantity": ({"value": c.quantity.value, "unit": c.quantity.unit, "upper": c.quantity.upper,
                      "text": c.quantity.text} if c.quantity else None),
        "strength": c.strength, "negated": c.negated, "sector": c.sector, "places": list(c.places),
        "flags": list(c.flags),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    ap.add_argument("--out", type=Path, default=Path("/tmp/pred_extract.jsonl"))
    ap.add_argument("--score", help="gold JSONL: run the scorer on the output")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--simple", action="store_true", help="use the private splitter, not kb.ingest")
    args = ap.parse_args()
    paths = sorted(p for p in args.docs.iterdir() if p.is_file())
    docs = [simple_parse(p) if args.simple else parse(p) for p in paths]
    ex = Extractor()
    t0 = time.perf_counter()
    results = ex.extract_many(docs)
    elapsed = time.perf_counter() - t0
    n = 0
    with args.out.open("w", encoding="utf-8") as fh:
        for path, res in zip(paths, results):
            for c in res.commitments:
                fh.write(json.dumps(prediction(path.stem, c), ensure_ascii=False) + "\n")
                n += 1
            for w in res.warnings:
                print(f"{path.name}: warning: {w}", file=sys.stderr)
    print(f"{n} commitments from {len(docs)} documents in {elapsed:.1f}s -> {args.out}", file=sys.stderr)
    if args.score:
        cmd = [sys.executable, str(SCORER), "--gold", args.score, "--pred", str(args.out)]
        if args.show_errors:
            cmd.append("--show-errors")
        subprocess.run(cmd, check=False)


if __name__ == "__main__":
    main()
