"""Commitments as flat rows: the one JSON/CSV shape for `extract --jsonl`, `commitments` and web exports.

The field names follow ../shared/eval/README.md (`doc`, `sentence`, `actor`,
`action`, `target`, `deadline` as {"text", "date"}) so that the scorer reads
PolicyKB's output as it is.
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


def stored_row(s: StoredCommitment) -> dict[str, Any]:
    return commitment_row(s.commitment, s.document_name, s.document_title, s.id)


def csv_cells(row: dict[str, Any]) -> list[Any]:
    """A `commitment_row` flattened in CSV_COLUMNS order."""
    d, q = row.get("deadline") or {}, row.get("quantity") or {}
    flat = dict(row)
    flat.update({
        "deadline_text": d.get("text"), "deadline_date": d.get("date"),
        "quantity_value": q.get("value"), "quantity_upper": q.get("upper"), "quantity_unit": q.get("unit"),
        "places": "; ".join(row.get("places") or []), "flags": "; ".join(row.get("flags") or []),
    })
    return [("" if flat.get(col) is None else flat.get(col)) for col in CSV_COLUMNS]


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
