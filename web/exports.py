"""Streamed exports of commitments: CSV (kb.export's columns) and JSON, one row per commitment."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

from flask import Response, stream_with_context

from flask import url_for

from kb.export import CSV_COLUMNS, csv_cells, gold_row, stored_row
from web.common import ctx, today


def web_row(sc) -> dict:
    """A stored commitment as the API and the exports give it: honest status as of today, citation with a link."""
    return stored_row(sc, today=today().isoformat(), link=url_for("commitment.show", cid=sc.id, _external=True))


def api_rows(commitments) -> list[dict]:
    """Commitments as every API route gives them (the OpenAPI "Commitment"): `web_row` plus the ids and links
    each item carries -- its own `url` (page) and `api_url`, its parent `document_id` with `document_url`
    and `document_api_url` -- and `ocr`: true when its sentence's passage was read by OCR from a scanned page."""
    commitments = list(commitments)
    ids = sorted({sc.passage_id for sc in commitments if sc.passage_id is not None})
    passages = ctx().store.passages_by_ids(ids) if ids else {}
    return [dict(web_row(sc), ocr=bool(sc.passage_id in passages and passages[sc.passage_id].passage.ocr),
                 url=url_for("commitment.show", cid=sc.id), api_url=url_for("api.commitment", cid=sc.id),
                 document_id=sc.document_id, document_url=url_for("documents.show", doc_id=sc.document_id),
                 document_api_url=url_for("api.document", doc_id=sc.document_id))
            for sc in commitments]


def corrections_jsonl_response() -> Response:
    """People's reviewed records as JSONL in ../shared/eval's gold format (labelled data for the extractor)."""
    def lines():
        for sc in ctx().store.iter_reviewed():
            yield json.dumps(gold_row(sc), ensure_ascii=False) + "\n"

    stamp = datetime.now(timezone.utc).strftime("%Y%m%d")
    return Response(stream_with_context(lines()), mimetype="application/x-ndjson", headers={
        "Content-Disposition": f'attachment; filename="policykb-corrections-{stamp}.jsonl"'})


# Text cells a spreadsheet would run as a formula ("=HYPERLINK(...)" in an uploaded
# document) get a leading apostrophe in CSV exports (OWASP "CSV injection").  JSON
# exports and the API stay verbatim.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_FIELDS = ("doc", "document_title", "sentence", "actor", "actor_text", "action", "target", "sector")


def defuse_formulas(row: dict) -> dict:
    out = dict(row)
    for key in _TEXT_FIELDS:
        value = out.get(key)
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            out[key] = "'" + value
    return out


def _rows(filters):
    for sc in ctx().store.iter_commitments(filters):
        row = web_row(sc)
        row.setdefault("document_id", sc.document_id)
        row.setdefault("document_url", url_for("documents.show", doc_id=sc.document_id, _external=True))
        yield row


# columns the web's CSV adds to kb.export's: where to find the commitment and its document
CSV_EXTRA = ("document_id", "document_url", "link")


def _csv_chunks(filters):
    """kb.export's CSV (deadline_date and the document's `published` date in full) plus CSV_EXTRA."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS + CSV_EXTRA)
    for sc in ctx().store.iter_commitments(filters):
        row = web_row(sc)
        writer.writerow(csv_cells(defuse_formulas(row)) + [
            sc.document_id, url_for("documents.show", doc_id=sc.document_id, _external=True),
            row["citation"]["link"]])
        if buf.tell() > 64 * 1024:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _json_chunks(filters, count: int):
    yield '{"count": %d, "items": [' % count
    first = True
    buf = []
    for row in _rows(filters):
        buf.append(("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False))
        first = False
        if len(buf) >= 200:
            yield "".join(buf)
            buf = []
    yield "".join(buf) + "\n]}\n"


def export_response(filters, fmt: str, attachment: bool = True) -> Response:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d")
    headers = {}
    if fmt == "csv":
        body = stream_with_context(_csv_chunks(filters))
        mimetype = "text/csv"
    else:
        count = ctx().store.count_commitments(filters)
        body = stream_with_context(_json_chunks(filters, count))
        mimetype = "application/json"
    if attachment:
        headers["Content-Disposition"] = f'attachment; filename="policykb-commitments-{stamp}.{fmt}"'
    resp = Response(body, mimetype=mimetype, headers=headers)
    if fmt == "csv":
        resp.headers["Content-Type"] = "text/csv; charset=utf-8"
    return resp
