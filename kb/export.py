"""Commitments as flat rows: the one JSON/CSV shape for `extract --jsonl`, `commitments` and web exports.

The field names follow ../shared/eval/README.md (`doc`, `sentence`, `actor`,
`action`, `target`, `deadline` as {"text", "date"}) so that the scorer reads
PolicyKB's output as it is.

Every CSV written here (the CLI's `commitments --format csv`, the web exports)
is defused: a text cell a spreadsheet would run as a formula ("=HYPERLINK(...)"
from an uploaded document) gets a leading apostrophe (OWASP "CSV injection").
JSON stays verbatim.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Iterator

from kb.models import Commitment, StoredCommitment

CSV_COLUMNS = (
    "id", "doc", "document_title", "actor", "actor_source", "actor_text", "confidence", "action", "target", "deadline_text", "deadline_date",
    "quantity_value", "quantity_upper", "quantity_unit", "strength", "negated", "sector", "places", "flags",
    "sentence", "sentence_start", "sentence_end", "page", "extractor_version",
    # people's review (kb/store_review.py): honest status, who set which fields, and a citation
    "status", "status_evidence", "reviewed", "set_by_person", "published", "issuing_body", "citation",
)


def commitment_row(c: Commitment, doc: str, document_title: str | None = None, id: int | None = None) -> dict[str, Any]:
    """One commitment as a JSON-ready dict."""
    row: dict[str, Any] = {}
    if id is not None:
        row["id"] = id
    row.update({
        "doc": doc,
        "document_title": document_title,
        "sentence": c.sentence,
        "actor": c.actor,
        "actor_source": c.actor_source,
        "actor_text": c.actor_text,
        "confidence": None if c.confidence is None else round(c.confidence, 3),
        "action": c.action,
        "target": c.target,
        "deadline": {"text": c.deadline.text, "date": c.deadline.date} if c.deadline else None,
        "quantity": (
            {"value": c.quantity.value, "upper": c.quantity.upper, "unit": c.quantity.unit, "text": c.quantity.text}
            if c.quantity else None
        ),
        "strength": c.strength,
        "negated": c.negated,
        "sector": c.sector,
        "places": list(c.places),
        "flags": list(c.flags),
        "sentence_start": c.sentence_start,
        "sentence_end": c.sentence_end,
        "page": c.page,
        "extractor_version": c.extractor_version,
    })
    return row


def stored_row(s: StoredCommitment, today: str | None = None, link: str | None = None) -> dict[str, Any]:
    """A stored record: its fields (with people's corrections), honest status on `today` and citation."""
    from datetime import date

    row = commitment_row(s.commitment, s.document_name, s.document_title, s.id)
    r = s.review
    status = s.status_on(today or date.today().isoformat())
    ev = r.evidence if r is not None else None
    row.update({
        "origin": s.origin,
        "status": status,
        "status_evidence": None if ev is None else {
            "note": ev.note, "url": ev.url, "document_id": ev.document_id, "start": ev.start, "end": ev.end,
            "by": r.status_by, "at": r.status_at},
        "review": None if r is None else {
            "state": r.state, "set_fields": list(r.set_fields), "by": r.by, "at": r.at, "conflict": r.conflict},
        "citation": citation(s, link),
    })
    return row


def citation(s: StoredCommitment, link: str | None = None) -> dict[str, Any]:
    """Where a commitment is written: document title, date, issuing body, sentence, page, link."""
    return {"title": s.document_title, "published": s.document_published, "issuing_body": s.document_issuer,
            "sentence": s.commitment.sentence, "page": s.commitment.page, "link": link}


def citation_text(cit: dict[str, Any]) -> str:
    """One line to paste: Title (Issuing body, 2024-03-01), p. 3: "sentence" <link>."""
    who = ", ".join(x for x in (cit.get("issuing_body"), cit.get("published")) if x)
    out = cit.get("title") or ""
    if who:
        out += f" ({who})"
    if cit.get("page"):
        out += f", p. {cit['page']}"
    out += f': "{cit.get("sentence") or ""}"'
    if cit.get("link"):
        out += f" {cit['link']}"
    return out


def csv_cells(row: dict[str, Any]) -> list[Any]:
    """A `commitment_row` flattened in CSV_COLUMNS order."""
    d, q = row.get("deadline") or {}, row.get("quantity") or {}
    flat = dict(row)
    flat.update({
        "deadline_text": d.get("text"), "deadline_date": d.get("date"),
        "quantity_value": q.get("value"), "quantity_upper": q.get("upper"), "quantity_unit": q.get("unit"),
        "places": "; ".join(row.get("places") or []), "flags": "; ".join(row.get("flags") or []),
    })
    ev, review, cit = row.get("status_evidence") or {}, row.get("review") or {}, row.get("citation")
    if cit is not None:
        flat.update({
            "status_evidence": " ".join(x for x in (ev.get("url"), ev.get("note")) if x),
            "reviewed": (f"{review.get('state')} by {review.get('by')} on {(review.get('at') or '')[:10]}"
                         if review else ""),
            "set_by_person": "; ".join(review.get("set_fields") or []),
            "published": cit.get("published"), "issuing_body": cit.get("issuing_body"),
            "citation": citation_text(cit),
        })
    return [defuse_cell("" if flat.get(col) is None else flat.get(col)) for col in CSV_COLUMNS]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def defuse_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula, prefixed with an apostrophe; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def iter_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text chunk by chunk (header first), so big exports stream."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(csv_cells(row))
        if buf.tell() > 64 * 1024:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def gold_row(s: StoredCommitment) -> dict[str, Any]:
    """A reviewed record as a line of ../shared/eval's gold format: people's corrections as labelled data.

    `partial: true` because a person reviewed only some records of the document: the scorer must not
    count the extractor's other records there as false alarms.
    """
    from pathlib import PurePath

    c = s.commitment
    row: dict[str, Any] = {
        "doc": PurePath(s.document_name).stem,
        "sentence": c.sentence,
        "actor": [c.actor],
        "action": [c.action],
        "target": c.target or None,
        "deadline": c.deadline.date if c.deadline and c.deadline.date else None,
        "partial": True,
    }
    if c.quantity is not None:
        row["quantity"] = {"value": c.quantity.value, "unit": c.quantity.unit}
    if s.review is not None:
        row["review"] = {"state": s.review.state, "by": s.review.by, "at": s.review.at,
                         "set_fields": list(s.review.set_fields)}
    return row
