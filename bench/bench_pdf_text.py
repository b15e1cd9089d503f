"""Text fidelity of PDF ingestion on real PDFs with hand-checked facts (bench/pdf_fidelity/).

Run: .venv/bin/python bench/bench_pdf_text.py [--json OUT] [--show NAME]
Prints, per document and overall: passages starting mid-sentence (lower-case start),
de-hyphenation errors per 10 pages, furniture lines left, whole-sentence hits,
title right, date right, seconds per page.  Asserts nothing.

facts.jsonl, one object a line:
  file, kind, title, published ("YYYY-MM-DD", or "YYYY-MM" when only the month is printed; null if none),
  sentences   text that must come out whole, inside one passage (it spans a line, column or page break),
  hyphenated  words whose hyphen is real and broken at a line end ("FAA-approved"): must stay hyphenated,
  joined      words hyphenated only because a line ended ("implemented"): must come out whole,
  furniture   running header/footer text that must not be left in any passage,
  scanned     true for image-only pages (text only through OCR),
  table_rows  rows of a table as lists of cells: some "table_row" passage must start with exactly these cells,
  footnotes   [number, opening words] of footnotes: a "footnote" passage with that label must start with them,
              and no other passage may hold them,
  no_marker_after  body text that a footnote marker followed in print: it must not run into the marker's digit.
Also printed: passages read by OCR (the scans must be all OCR, the text PDFs none).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.errors import IngestError  # noqa: E402
from kb.ingest import parse_file  # noqa: E402

FOLDER = ROOT / "bench" / "pdf_fidelity"
_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2019": "'", "\u2018": "'",
                         "\u201c": '"', "\u201d": '"'})


def norm(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_DASHES)).strip()


def title_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def measure(fact: dict) -> dict:
    path = FOLDER / fact["file"]
    pages = page_count(path)
    started = time.perf_counter()
    try:
        doc = parse_file(path)
        error = None
    except IngestError as exc:
        doc, error = None, exc.reason
    seconds = time.perf_counter() - started
    row = {"file": fact["file"], "kind": fact["kind"], "pages": pages, "seconds_per_page": seconds / pages, "error": error}
    if doc is None:
        row.update(table_rows=len(fact.get("table_rows", [])), table_rows_hit=0, footnotes=len(fact.get("footnotes", [])),
                   footnotes_hit=0, markers=len(fact.get("no_marker_after", [])), markers_left=0, ocr_passages=0,
                   all_passages=0)
        row.update(passages=0, mid_sentence=0, hyphen_errors=len(fact.get("hyphenated", [])) + len(fact.get("joined", [])),
                   furniture_left=0, sentences_hit=0, sentences=len(fact.get("sentences", [])),
                   title_right=False if fact.get("title") else None, date_right=False if fact.get("published") else None,
                   title=None, published=None)
        return row
    body = [p for p in doc.passages if p.kind in ("paragraph", "list_item")]
    # A list item may start in lower case when it completes its introduction ("... will help you to:").
    mid = [p.text[:60] for p in body if p.text[:1].islower() and not _continues_list(doc, p)]
    passages = [norm(p.text) for p in doc.passages]
    text = norm(doc.text)
    words = set(re.findall(r"[\w'-]+", text.lower()))
    hyphen_errors = []
    lowered = text.lower()
    for word in fact.get("hyphenated", []):
        word = norm(word).lower()
        if word not in words or re.search(r"\b" + re.escape(word.replace("-", "")) + r"\b", lowered):
            hyphen_errors.append(f"lost hyphen: {word}")
    for broken in fact.get("joined", []):  # written with the hyphen where the line broke: "imple-mented"
        broken = norm(broken).lower()
        head, tail = broken.split("-", 1)
        if head + tail not in words or re.search(re.escape(head) + r"[- ]+" + re.escape(tail), lowered):
            hyphen_errors.append(f"not re-joined: {broken}")
    furniture = []
    for line in fact.get("furniture", []):
        needle = norm(line)
        furniture += [needle] * sum(p.count(needle) for p in passages)
    missed = [s for s in fact.get("sentences", []) if not any(norm(s) in p for p in passages)]
    rows = [[norm(cell) for cell in p.text.split(" | ")] for p in doc.passages if p.kind == "table_row"]
    rows_missed = [" | ".join(r) for r in fact.get("table_rows", [])
                   if not any(row[:len(r)] == [norm(cell) for cell in r] for row in rows)]
    notes = [(p.label, norm(p.text)) for p in doc.passages if p.kind == "footnote"]
    notes_missed = [f"{label} {start}" for label, start in fact.get("footnotes", [])
                    if not any(l == label and t.startswith(norm(start)) for l, t in notes)
                    or any(norm(start) in norm(p.text) for p in doc.passages if p.kind != "footnote")]
    markers_left = [m for m in fact.get("no_marker_after", [])
                    if norm(m) not in text or re.search(re.escape(norm(m)) + r"\d", text)]
    expected_date = fact.get("published")
    row.update(
        passages=len(body),
        mid_sentence=len(mid),
        mid_examples=mid[:3],
        hyphen_errors=len(hyphen_errors),
        hyphen_examples=hyphen_errors[:4],
        furniture_left=len(furniture),
        furniture_examples=furniture[:3],
        sentences=len(fact.get("sentences", [])),
        sentences_hit=len(fact.get("sentences", [])) - len(missed),
        missed_examples=[m[:70] for m in missed[:3]],
        title=doc.title,
        title_right=title_key(doc.title) == title_key(fact["title"]) if fact.get("title") else None,
        published=doc.published,
        date_right=(doc.published or "").startswith(expected_date) if expected_date else None,
        table_rows=len(fact.get("table_rows", [])),
        table_rows_hit=len(fact.get("table_rows", [])) - len(rows_missed),
        table_examples=rows_missed[:3],
        footnotes=len(fact.get("footnotes", [])),
        footnotes_hit=len(fact.get("footnotes", [])) - len(notes_missed),
        footnote_examples=notes_missed[:3],
        markers=len(fact.get("no_marker_after", [])),
        markers_left=len(markers_left),
        marker_examples=markers_left[:3],
        ocr_passages=sum(1 for p in doc.passages if getattr(p, "ocr", False)),
        all_passages=len(doc.passages),
    )
    return row


def _continues_list(doc, passage) -> bool:
    if passage.kind != "list_item":
        return False
    previous = doc.passages[passage.index - 1] if passage.index else None
    return previous is not None and (previous.kind == "list_item" or previous.text.rstrip().endswith((":", ";", "-", "—")))


def _yes(value: bool | None) -> str:
    return "-" if value is None else "yes" if value else "no"


def _share(values: list[bool | None]) -> float:
    """Share of True among the documents where the fact is stated (None: not scored)."""
    scored = [v for v in values if v is not None]
    return sum(scored) / len(scored) if scored else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", help="write the rows as JSON here")
    parser.add_argument("--show", help="print the passages of this file")
    parser.add_argument("-v", "--verbose", action="store_true", help="print examples of each miss")
    args = parser.parse_args()
    facts = [json.loads(line) for line in (FOLDER / "facts.jsonl").read_text().splitlines() if line.strip()]
    if args.show:
        doc = parse_file(FOLDER / args.show)
        print("title:", doc.title, "| published:", doc.published)
        for p in doc.passages:
            print(f"[{p.index} {p.kind} p{p.page}] {p.text}")
        return
    rows = [measure(fact) for fact in facts]
    print(f"{'file':46} {'pages':>5} {'mid%':>6} {'hyph':>4} {'furn':>4} {'sent':>6} {'title':>5} {'date':>4} {'s/page':>7}")
    for r in rows:
        share = 100 * r["mid_sentence"] / r["passages"] if r["passages"] else 0.0
        print(f"{r['file'][:46]:46} {r['pages']:5d} {share:6.1f} {r['hyphen_errors']:4d} {r['furniture_left']:4d} "
              f"{r['sentences_hit']:>3}/{r['sentences']:<2} {_yes(r['title_right']):>5} "
              f"{_yes(r['date_right']):>4} {r['seconds_per_page']:7.3f}" + (f"  ERROR {r['error']}" if r["error"] else ""))
        if args.verbose:
            for key in ("mid_examples", "hyphen_examples", "furniture_examples", "missed_examples", "table_examples",
                        "footnote_examples", "marker_examples"):
                for example in r.get(key) or []:
                    print(f"      {key.split('_')[0]}: {example!r}")
            if r["title_right"] is False or r["date_right"] is False:
                print(f"      title={r['title']!r} published={r['published']!r}")
    pages = sum(r["pages"] for r in rows)
    passages = sum(r["passages"] for r in rows)
    mid = sum(r["mid_sentence"] for r in rows)
    summary = {
        "documents": len(rows),
        "pages": pages,
        "failed": sum(1 for r in rows if r["error"]),
        "mid_sentence_share": mid / passages if passages else 0.0,
        "hyphen_errors_per_10_pages": 10 * sum(r["hyphen_errors"] for r in rows) / pages,
        "furniture_lines_left_per_document": sum(r["furniture_left"] for r in rows) / len(rows),
        "furniture_lines_left_max": max(r["furniture_left"] for r in rows),
        "sentences_whole": f"{sum(r['sentences_hit'] for r in rows)}/{sum(r['sentences'] for r in rows)}",
        "title_right": _share([r["title_right"] for r in rows]),
        "date_right": _share([r["date_right"] for r in rows]),
        "table_rows_right": f"{sum(r['table_rows_hit'] for r in rows)}/{sum(r['table_rows'] for r in rows)}",
        "footnotes_right": f"{sum(r['footnotes_hit'] for r in rows)}/{sum(r['footnotes'] for r in rows)}",
        "footnote_markers_left_in_body": f"{sum(r['markers_left'] for r in rows)}/{sum(r['markers'] for r in rows)}",
        "ocr_passages_flagged_scans": f"{sum(r['ocr_passages'] for r, f in zip(rows, facts) if f.get('scanned'))}"
                                      f"/{sum(r['all_passages'] for r, f in zip(rows, facts) if f.get('scanned'))}",
        "ocr_passages_flagged_text_pdfs": sum(r["ocr_passages"] for r, f in zip(rows, facts) if not f.get("scanned")),
        "scanned_with_text": f"{sum(1 for r, f in zip(rows, facts) if f.get('scanned') and not r['error'])}"
                             f"/{sum(1 for f in facts if f.get('scanned'))}",
        "seconds_per_page": sum(r["seconds_per_page"] * r["pages"] for r in rows) / pages,
    }
    digital = [r for r, f in zip(rows, facts) if not f.get("scanned")]
    digital_passages = sum(r["passages"] for r in digital)
    summary["mid_sentence_share_text_pdfs"] = (sum(r["mid_sentence"] for r in digital) / digital_passages
                                               if digital_passages else 0.0)
    digital_pages = sum(r["pages"] for r in digital)
    summary["seconds_per_page_text_pdfs"] = sum(r["seconds_per_page"] * r["pages"] for r in digital) / digital_pages
    print("\noverall:")
    for key, value in summary.items():
        print(f"  {key:36} {value:.3f}" if isinstance(value, float) else f"  {key:36} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "summary": summary}, indent=1))


if __name__ == "__main__":
    main()
