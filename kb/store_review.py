"""People's corrections and reviews of extracted records (mixed into `kb.store.Store`).

Why an overlay: the extractor's output stays as it read it (table
`commitments`); what a person says lives beside it (`reviews`: the values
they set, the state, the honest status; `corrections`: the history).  Reads go
through the view `commitments_view` (kb/schema/006_review.sql), which lays
the person's values over the extractor's and leaves rejected records out, so
every list, count, search and export agrees without each of them knowing.

A review is anchored to the record's sentence, action and target as the
extractor read them; `policykb reextract` uses the anchor to find the record in
the new reading (kb/reextract.py) and re-links the review with `relink_review`.

Values arrive here already typed (`Deadline`, `Quantity`, strings): turning a
person's raw input into them, with a 400 that names the field, is
`parse_corrections` below, shared by the API, the pages and the CLI.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from kb.errors import InvalidQuery, NotFound
from kb.models import (
    REVIEW_FIELDS,
    SET_STATUSES,
    STRENGTHS,
    Commitment,
    CommitmentFilter,
    Correction,
    Deadline,
    DocumentRecord,
    Quantity,
    StatusEvidence,
    StoredCommitment,
)
from kb.rows import utc_now

# Document fields people may set (the upload form, the document page, PATCH /api/documents/{id}).
DOCUMENT_FIELDS = ("title", "published", "issuing_body", "kind")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
MAX_TEXT = 2000


class InvalidValue(InvalidQuery):
    """A person's value for one field cannot be stored: the message starts with the field's name."""

    code = "invalid_value"

    def __init__(self, field: str, reason: str):
        self.field = field
        super().__init__(f"{field}: {reason}")


@dataclass(frozen=True)
class Editor:
    """Who is making a change (the web's current user, or the CLI's --user)."""

    name: str
    id: int | None = None


@dataclass(frozen=True)
class ReviewAnchor:
    """A review as re-extraction sees it: where its record was, and what the person did."""

    id: int
    commitment_id: int | None
    anchor_sentence: str
    anchor_action: str
    anchor_target: str
    anchor_start: int | None
    state: str
    origin: str                      # the record's origin: "extractor" or "person" (added by selection)


@dataclass(frozen=True)
class QueueConflict:
    """A review whose record re-extraction could not find again: it waits in the queue."""

    review_id: int
    document_id: int
    document_title: str
    sentence: str
    action: str
    state: str
    conflict: str
    by: str
    at: str


def normalise_sentence(text: str) -> str:
    return " ".join((text or "").split()).lower()


# -- typed values from a person's raw input -------------------------------------------------

def _text(field: str, value: Any, allow_empty: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(field, "must be text")
    value = " ".join(value.split())
    if not value and not allow_empty:
        raise InvalidValue(field, "must not be empty")
    if len(value) > MAX_TEXT:
        raise InvalidValue(field, f"must be at most {MAX_TEXT} characters")
    return value


def parse_deadline(value: Any, published: str | None = None) -> Deadline | None:
    """A person's deadline: null/"" (no deadline), "2025", "2025-06-30", or a phrase ("within 90 days of this plan")
    normalised as the extractor does, against the document's publication date."""
    from kb.extract.deadlines import normalise_deadline  # here: the extract package is heavy to import

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dict):
        text, date = value.get("text"), value.get("date")
        if date is not None:  # {"text": "by the end of 2030", "date": "2030-12-31"}: the date must be one
            dated = parse_deadline(str(date))
            return Deadline(_text("deadline", text or str(date)), dated.date if dated else None)
        value = text
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    raw = _text("deadline", value)
    if _YEAR.match(raw):
        return Deadline(raw, f"{raw}-12-31")
    if _ISO_DATE.match(raw):
        import datetime as dt

        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            raise InvalidValue("deadline", f"{raw!r} is not a calendar date") from None
        return Deadline(raw, raw)
    found = normalise_deadline(raw, published)
    if found is None:
        raise InvalidValue("deadline", f"{raw!r} is not a date, a year or a deadline phrase such as 'by 2030'")
    return Deadline(raw, found.date)


def parse_quantity(value: Any) -> Quantity | None:
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        number, unit = value.get("value"), value.get("unit") or ""
    elif isinstance(value, str):
        m = re.match(r"^\s*([-+]?\d[\d,]*(?:\.\d+)?)\s*(.*)$", value)
        if not m:
            raise InvalidValue("quantity", "must start with a number, e.g. '6000 base stations'")
        number, unit = m.group(1).replace(",", ""), m.group(2)
    else:
        raise InvalidValue("quantity", "must be a number with a unit, e.g. {'value': 6000, 'unit': 'base stations'}")
    try:
        n = float(number)
    except (TypeError, ValueError):
        raise InvalidValue("quantity", f"{number!r} is not a number") from None
    if n != n or n in (float("inf"), float("-inf")):
        raise InvalidValue("quantity", "must be a finite number")
    unit = _text("quantity", unit, allow_empty=True)
    text = (f"{n:g} {unit}").strip()
    return Quantity(value=n, unit=unit, text=text)


def parse_corrections(raw: Mapping[str, Any], published: str | None = None) -> dict[str, Any]:
    """{field: typed value} for the REVIEW_FIELDS in `raw`; InvalidValue names the first bad field.

    Unknown keys are refused too (a typo must not pass silently); "note" is not a field.
    """
    if not isinstance(raw, Mapping):
        raise InvalidQuery("the body must be a JSON object of fields to change")
    unknown = [k for k in raw if k not in REVIEW_FIELDS and k != "note"]
    if unknown:
        raise InvalidValue(unknown[0], f"is not a field people can correct (those are {', '.join(REVIEW_FIELDS)})")
    out: dict[str, Any] = {}
    for field in REVIEW_FIELDS:
        if field not in raw:
            continue
        value = raw[field]
        if field in ("actor", "action"):
            out[field] = _text(field, value)
        elif field == "target":
            out[field] = _text(field, value, allow_empty=True)
        elif field == "deadline":
            out[field] = parse_deadline(value, published)
        elif field == "quantity":
            out[field] = parse_quantity(value)
        elif field == "strength":
            if value not in STRENGTHS:
                raise InvalidValue("strength", f"must be one of {', '.join(STRENGTHS)}")
            out[field] = value
    return out


def parse_status(raw: Mapping[str, Any]) -> tuple[str | None, StatusEvidence | None]:
    """(status, evidence) from {"status", "note", "url", "document_id", "sentence"}; status null clears it."""
    if not isinstance(raw, Mapping):
        raise InvalidQuery("the body must be a JSON object with a status")
    status = raw.get("status")
    if status in (None, "", "open", "deadline_passed"):
        return None, None
    if status not in SET_STATUSES:
        raise InvalidValue("status", f"must be one of {', '.join(SET_STATUSES)} (or open to clear it)")
    note = _text("note", raw.get("note"), allow_empty=True) or None
    url = (raw.get("url") or "").strip() or None
    if url is not None and not re.match(r"^https?://[^\s]+$", url):
        raise InvalidValue("url", "must be an http(s) address")
    document_id = raw.get("document_id")
    if document_id in ("", None):
        document_id = None
    else:
        try:
            document_id = int(document_id)
        except (TypeError, ValueError):
            raise InvalidValue("document_id", "must be a document id") from None
    sentence = _text("sentence", raw.get("sentence"), allow_empty=True) or None
    if document_id is not None and not sentence:
        raise InvalidValue("sentence", "quote the sentence of the other document that shows the status")
    if url is None and document_id is None:
        raise InvalidValue("evidence", "give a URL or a sentence of another document (document_id and sentence)")
    return status, StatusEvidence(note=note, url=url, document_id=document_id, sentence=sentence)


def clean_document_metadata(values: Mapping[str, Any]) -> dict[str, Any]:
    """Document details as people give them (title, published as YYYY-MM-DD, issuing_body, kind),
    checked; InvalidValue names the first bad field.  Used when details are set and at upload."""
    clean: dict[str, Any] = {}
    for field, value in values.items():
        if field not in DOCUMENT_FIELDS:
            raise InvalidValue(field, f"is not a document field people can set ({', '.join(DOCUMENT_FIELDS)})")
        if field == "title":
            clean[field] = _text(field, value)
        elif field == "published":
            value = (value or "").strip() if isinstance(value, str) else value
            if value in (None, ""):
                clean[field] = None
            else:
                if not (isinstance(value, str) and _ISO_DATE.match(value)):
                    raise InvalidValue("published", "must be a date as YYYY-MM-DD")
                import datetime as dt

                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    raise InvalidValue("published", f"{value!r} is not a calendar date") from None
                clean[field] = value
        else:
            clean[field] = _text(field, value, allow_empty=True) or None
    return clean


def _json_value(field: str, value: Any) -> Any:
    if isinstance(value, Deadline):
        return {"text": value.text, "date": value.date}
    if isinstance(value, Quantity):
        return {"value": value.value, "unit": value.unit, "text": value.text}
    return value


def _current(c: Commitment, field: str) -> Any:
    return getattr(c, field)


class ReviewStore:
    """Corrections kept beside the extractor's output.  Needs `conn` and `transaction` from `Store`."""

    conn: sqlite3.Connection
    transaction: Any

    # -- reading ----------------------------------------------------------------------------

    def get_commitment_overlaid(self, commitment_id: int) -> StoredCommitment:
        """A record with the person's values, rejected or not (the commitment page and its history)."""
        from kb.store import _commitment

        row = self.conn.execute(
            "SELECT c.*, d.title AS document_title, d.source_name AS document_name,"
            " d.published AS document_published, d.issuing_body AS document_issuer"
            " FROM commitments_overlaid c JOIN documents d ON d.id=c.document_id WHERE c.id=?",
            (commitment_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no commitment with id {commitment_id}")
        return _commitment(row)

    def extracted_commitments(self, document_id: int) -> list[StoredCommitment]:
        """A document's records as the extractor read them (no overlay; people's additions left out)."""
        from kb.store import _commitment

        rows = self.conn.execute(
            "SELECT c.*, d.title AS document_title, d.source_name AS document_name"
            " FROM commitments c JOIN documents d ON d.id=c.document_id"
            " WHERE c.document_id=? AND c.origin='extractor' ORDER BY c.id",
            (document_id,),
        ).fetchall()
        return [_commitment(r) for r in rows]

    def commitment_history(self, commitment_id: int) -> list[Correction]:
        """Every correction of the record, oldest first (across re-extractions: the review carries it)."""
        row = self.conn.execute("SELECT id FROM reviews WHERE commitment_id=?", (commitment_id,)).fetchone()
        if row is None:
            self.get_commitment_overlaid(commitment_id)  # NotFound for a record that does not exist
            return []
        return self.review_history(row["id"])

    def review_history(self, review_id: int) -> list[Correction]:
        rows = self.conn.execute("SELECT * FROM corrections WHERE review_id=? ORDER BY id", (review_id,))
        return [
            Correction(id=r["id"], review_id=r["review_id"], commitment_id=r["commitment_id"], by=r["user_name"],
                       at=r["at"], field=r["field"], before=json.loads(r["before"]) if r["before"] else None,
                       after=json.loads(r["after"]) if r["after"] else None, note=r["note"])
            for r in rows
        ]

    # -- writing -----------------------------------------------------------------------------

    def _review_row(self, conn: sqlite3.Connection, commitment_id: int) -> sqlite3.Row | None:
        return conn.execute("SELECT * FROM reviews WHERE commitment_id=?", (commitment_id,)).fetchone()

    def _open_review(self, conn: sqlite3.Connection, sc: StoredCommitment, editor: Editor, state: str) -> int:
        """The record's review id, created (anchored to the extractor's reading) when it has none."""
        row = self._review_row(conn, sc.id)
        if row is not None:
            return row["id"]
        raw = conn.execute("SELECT sentence, action, target, sentence_start FROM commitments WHERE id=?",
                           (sc.id,)).fetchone()
        return conn.execute(
            "INSERT INTO reviews (commitment_id, document_id, anchor_sentence, anchor_action, anchor_target,"
            " anchor_start, state, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (sc.id, sc.document_id, normalise_sentence(raw["sentence"]), raw["action"].lower(), raw["target"],
             raw["sentence_start"], state, editor.name, utc_now()),
        ).lastrowid

    @staticmethod
    def _log(conn: sqlite3.Connection, review_id: int, commitment_id: int | None, editor: Editor, field: str,
             before: Any, after: Any, note: str | None) -> None:
        conn.execute(
            "INSERT INTO corrections (review_id, commitment_id, user_id, user_name, at, field, before, after, note)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (review_id, commitment_id, editor.id, editor.name, utc_now(), field,
             None if before is None else json.dumps(_json_value(field, before), ensure_ascii=False),
             None if after is None else json.dumps(_json_value(field, after), ensure_ascii=False), note),
        )

    def _set_values(self, conn: sqlite3.Connection, review_id: int, values: Mapping[str, Any]) -> None:
        row = conn.execute("SELECT set_fields FROM reviews WHERE id=?", (review_id,)).fetchone()
        fields = list(json.loads(row["set_fields"]))
        cols: dict[str, Any] = {}
        for field, value in values.items():
            if field not in fields:
                fields.append(field)
            if field == "deadline":
                cols["deadline_text"] = value.text if value else None
                cols["deadline_date"] = value.date if value else None
            elif field == "quantity":
                cols["quantity_value"] = value.value if value else None
                cols["quantity_unit"] = value.unit if value else None
                cols["quantity_text"] = value.text if value else None
            else:
                cols[field] = value
        cols["set_fields"] = json.dumps([f for f in REVIEW_FIELDS if f in fields])
        conn.execute(
            "UPDATE reviews SET " + ", ".join(f"{k}=?" for k in cols) + " WHERE id=?", [*cols.values(), review_id]
        )

    def correct_commitment(self, commitment_id: int, values: Mapping[str, Any], editor: Editor,
                           note: str | None = None) -> StoredCommitment:
        """Set fields of a record (typed values, see `parse_corrections`); each change is logged before/after."""
        with self.transaction() as conn:
            sc = self.get_commitment_overlaid(commitment_id)
            changed = {f: v for f, v in values.items() if _json_value(f, v) != _json_value(f, _current(sc.commitment, f))}
            if not changed:
                return sc
            review_id = self._open_review(conn, sc, editor, "edited")
            for field, value in changed.items():
                self._log(conn, review_id, sc.id, editor, field, _current(sc.commitment, field), value, note)
            self._set_values(conn, review_id, changed)
            conn.execute(
                "UPDATE reviews SET state=CASE WHEN state='added' THEN 'added' ELSE 'edited' END, conflict=NULL,"
                " updated_by=?, updated_at=? WHERE id=?",
                (editor.name, utc_now(), review_id),
            )
        return self.get_commitment_overlaid(commitment_id)

    def confirm_commitment(self, commitment_id: int, editor: Editor, note: str | None = None) -> StoredCommitment:
        """A person vouches for the record as it reads now: every field is pinned as theirs."""
        with self.transaction() as conn:
            sc = self.get_commitment_overlaid(commitment_id)
            review_id = self._open_review(conn, sc, editor, "confirmed")
            before_state = conn.execute("SELECT state FROM reviews WHERE id=?", (review_id,)).fetchone()["state"]
            self._set_values(conn, review_id, {f: _current(sc.commitment, f) for f in REVIEW_FIELDS})
            conn.execute(
                "UPDATE reviews SET state=CASE WHEN state='added' THEN 'added' ELSE 'confirmed' END, conflict=NULL,"
                " updated_by=?, updated_at=? WHERE id=?", (editor.name, utc_now(), review_id))
            self._log(conn, review_id, sc.id, editor, "confirmed", before_state, "confirmed", note)
        return self.get_commitment_overlaid(commitment_id)

    def reject_commitment(self, commitment_id: int, editor: Editor, note: str | None = None) -> StoredCommitment:
        """"Not a commitment": the record leaves lists, search and exports (the extractor's row stays)."""
        with self.transaction() as conn:
            sc = self.get_commitment_overlaid(commitment_id)
            review_id = self._open_review(conn, sc, editor, "rejected")
            before_state = conn.execute("SELECT state FROM reviews WHERE id=?", (review_id,)).fetchone()["state"]
            conn.execute("UPDATE reviews SET state='rejected', conflict=NULL, updated_by=?, updated_at=? WHERE id=?",
                         (editor.name, utc_now(), review_id))
            self._log(conn, review_id, sc.id, editor, "rejected", before_state, "rejected", note)
        return self.get_commitment_overlaid(commitment_id)

    def restore_commitment(self, commitment_id: int, editor: Editor, note: str | None = None) -> StoredCommitment:
        """Undo a rejection: the record is back, with whatever fields people had set."""
        with self.transaction() as conn:
            row = self._review_row(conn, commitment_id)
            if row is None or row["state"] != "rejected":
                return self.get_commitment_overlaid(commitment_id)
            state = "edited" if json.loads(row["set_fields"]) else "confirmed"
            conn.execute("UPDATE reviews SET state=?, updated_by=?, updated_at=? WHERE id=?",
                         (state, editor.name, utc_now(), row["id"]))
            self._log(conn, row["id"], commitment_id, editor, "rejected", "rejected", state, note)
        return self.get_commitment_overlaid(commitment_id)

    def set_commitment_status(self, commitment_id: int, status: str | None, evidence: StatusEvidence | None,
                              editor: Editor) -> StoredCommitment:
        """What became of the commitment (met, missed, ...) with its evidence; None goes back to open/passed."""
        with self.transaction() as conn:
            sc = self.get_commitment_overlaid(commitment_id)
            start = end = None
            if evidence is not None and evidence.document_id is not None:
                doc = conn.execute("SELECT text FROM documents WHERE id=?", (evidence.document_id,)).fetchone()
                if doc is None:
                    raise InvalidValue("document_id", f"no document with id {evidence.document_id}")
                start = _find(doc["text"], evidence.sentence or "")
                if start is None:
                    raise InvalidValue("sentence", f"is not in document {evidence.document_id}")
                end = start + len(evidence.sentence or "")
            review_id = self._open_review(conn, sc, editor, "confirmed")
            before = sc.review.status if sc.review else None
            conn.execute(
                "UPDATE reviews SET status=?, status_note=?, status_url=?, status_document_id=?, status_start=?,"
                " status_end=?, status_by=?, status_at=?, updated_by=?, updated_at=? WHERE id=?",
                (status, evidence.note if evidence else None, evidence.url if evidence else None,
                 evidence.document_id if evidence else None, start, end, editor.name, utc_now(), editor.name,
                 utc_now(), review_id),
            )
            after = None if status is None else {
                "status": status, "note": evidence.note if evidence else None, "url": evidence.url if evidence else None,
                "document_id": evidence.document_id if evidence else None,
                "sentence": evidence.sentence if evidence else None}
            self._log(conn, review_id, sc.id, editor, "status", before, after, evidence.note if evidence else None)
        return self.get_commitment_overlaid(commitment_id)

    def add_commitment(self, document_id: int, start: int, end: int, values: Mapping[str, Any], editor: Editor,
                       note: str | None = None) -> StoredCommitment:
        """A commitment the extractor missed, from a selection of the document's text (its offsets are its provenance).

        `values` are typed (`parse_corrections`) and must hold actor and action.
        """
        for field in ("actor", "action"):
            if not values.get(field):
                raise InvalidValue(field, "a new commitment needs one")
        with self.transaction() as conn:
            doc = conn.execute("SELECT text FROM documents WHERE id=?", (document_id,)).fetchone()
            if doc is None:
                raise NotFound(f"no document with id {document_id}")
            text = doc["text"]
            if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= len(text):
                raise InvalidValue("start", f"the selection must lie within the document's {len(text)} characters")
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            passage = conn.execute(
                "SELECT id, idx, page FROM passages WHERE document_id=? AND start<=? AND end>=?",
                (document_id, start, end),
            ).fetchone()
            if passage is None:
                raise InvalidValue("start", "select text within one paragraph")
            sentence = text[start:end]
            target = values.get("target") or ""
            t_at = sentence.find(target) if target else -1
            deadline, quantity = values.get("deadline"), values.get("quantity")
            cid = conn.execute(
                "INSERT INTO commitments (document_id, passage_id, passage_index, actor, actor_text, action, target,"
                " sentence, sentence_start, sentence_end, target_start, target_end, deadline_text, deadline_date,"
                " deadline_year, quantity_value, quantity_unit, quantity_text, strength, flags, page,"
                " extractor_version, actor_source, confidence, origin)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'person')",
                (document_id, passage["id"], passage["idx"], values["actor"], values["actor"], values["action"],
                 target, sentence, start, end, start + t_at if t_at >= 0 else None,
                 start + t_at + len(target) if t_at >= 0 else None,
                 deadline.text if deadline else None, deadline.date if deadline else None,
                 deadline.year if deadline else None, quantity.value if quantity else None,
                 quantity.unit if quantity else None, quantity.text if quantity else None,
                 values.get("strength") or "binding", "[]", passage["page"], "person", "person", None),
            ).lastrowid
            review_id = conn.execute(
                "INSERT INTO reviews (commitment_id, document_id, anchor_sentence, anchor_action, anchor_target,"
                " anchor_start, state, updated_by, updated_at) VALUES (?,?,?,?,?,?,'added',?,?)",
                (cid, document_id, normalise_sentence(sentence), values["action"].lower(), target, start,
                 editor.name, utc_now()),
            ).lastrowid
            self._log(conn, review_id, cid, editor, "added", None,
                      {"sentence": sentence, "start": start, "end": end,
                       **{f: _json_value(f, v) for f, v in values.items()}}, note)
        return self.get_commitment_overlaid(cid)

    # -- the review queue ----------------------------------------------------------------------

    def review_queue(self, filters: CommitmentFilter = CommitmentFilter(), limit: int = 50,
                     offset: int = 0) -> list[StoredCommitment]:
        """Records nobody has reviewed yet, those most worth a look first.

        Worth a look: the extractor's lowest confidence, then actors it inferred (not named in the
        sentence), no target, no actor at all.  Records whose review a re-extraction could not carry
        over come before everything (see `review_conflicts` for those whose record vanished).
        """
        from kb.store import _COMMITMENT_SELECT, _commitment, _filter_sql

        where, params = _filter_sql(filters)
        clause = (where + " AND" if where else " WHERE") + " (c.review_id IS NULL OR c.review_conflict IS NOT NULL)"
        sql = (_COMMITMENT_SELECT + clause + " ORDER BY c.review_conflict IS NULL,"
               " COALESCE(c.confidence, 0.5) - (CASE WHEN c.actor_source NOT IN ('named', 'person') THEN 0.3 ELSE 0 END)"
               " - (CASE WHEN c.target = '' THEN 0.2 ELSE 0 END) - (CASE WHEN c.actor = '' THEN 0.3 ELSE 0 END),"
               " c.document_id, c.sentence_start, c.id LIMIT ? OFFSET ?")
        return [_commitment(r) for r in self.conn.execute(sql, params + [max(1, int(limit)), max(0, int(offset))])]

    def review_queue_count(self, filters: CommitmentFilter = CommitmentFilter()) -> int:
        from kb.store import _filter_sql

        where, params = _filter_sql(filters)
        clause = (where + " AND" if where else " WHERE") + " (c.review_id IS NULL OR c.review_conflict IS NOT NULL)"
        return self.conn.execute(
            "SELECT COUNT(*) FROM commitments_view c JOIN documents d ON d.id=c.document_id" + clause, params
        ).fetchone()[0]

    def review_conflicts(self, document_id: int | None = None) -> list[QueueConflict]:
        """Reviews whose record re-extraction could not find again (sentence gone or moved)."""
        sql = ("SELECT r.*, d.title FROM reviews r JOIN documents d ON d.id=r.document_id"
               " WHERE r.commitment_id IS NULL AND r.conflict IS NOT NULL")
        params: list[Any] = []
        if document_id is not None:
            sql += " AND r.document_id=?"
            params.append(document_id)
        rows = self.conn.execute(sql + " ORDER BY r.document_id, r.anchor_start", params).fetchall()
        return [QueueConflict(r["id"], r["document_id"], r["title"], r["anchor_sentence"], r["anchor_action"],
                              r["state"], r["conflict"], r["updated_by"], r["updated_at"]) for r in rows]

    def dismiss_conflict(self, review_id: int, editor: Editor) -> None:
        """A person has seen a conflict whose record is gone: the review is closed (its history kept)."""
        with self.transaction() as conn:
            row = conn.execute("SELECT * FROM reviews WHERE id=?", (review_id,)).fetchone()
            if row is None:
                raise NotFound(f"no review with id {review_id}")
            conn.execute("UPDATE reviews SET conflict=NULL, updated_by=?, updated_at=? WHERE id=?",
                         (editor.name, utc_now(), review_id))
            self._log(conn, review_id, row["commitment_id"], editor, "conflict", row["conflict"], None, "dismissed")

    # -- re-extraction support (kb/reextract.py) -----------------------------------------------

    def review_anchors(self, document_id: int) -> list[ReviewAnchor]:
        rows = self.conn.execute(
            "SELECT r.*, COALESCE(c.origin, CASE WHEN r.state='added' THEN 'person' ELSE 'extractor' END) AS origin"
            " FROM reviews r LEFT JOIN commitments c ON c.id=r.commitment_id WHERE r.document_id=? ORDER BY r.id",
            (document_id,),
        ).fetchall()
        return [ReviewAnchor(r["id"], r["commitment_id"], r["anchor_sentence"], r["anchor_action"],
                             r["anchor_target"], r["anchor_start"], r["state"], r["origin"]) for r in rows]

    def relink_review(self, review_id: int, commitment_id: int | None, conflict: str | None) -> None:
        """Point a review at the record of a new reading (None: not found), with the reason when unsure."""
        with self.transaction() as conn:
            start = None
            if commitment_id is not None:
                start = conn.execute("SELECT sentence_start FROM commitments WHERE id=?",
                                     (commitment_id,)).fetchone()[0]
            conn.execute("UPDATE reviews SET commitment_id=?, conflict=?, anchor_start=COALESCE(?, anchor_start)"
                         " WHERE id=?", (commitment_id, conflict, start, review_id))
            if conflict is not None:  # the history says why the record left the lists
                self._log(conn, review_id, commitment_id, Editor("policykb reextract"), "conflict", None, conflict,
                          None)

    def person_commitment_rows(self, document_id: int) -> list[StoredCommitment]:
        """Records people added to a document (kept aside while re-extraction replaces the rest)."""
        from kb.store import _commitment

        rows = self.conn.execute(
            "SELECT c.*, d.title AS document_title, d.source_name AS document_name"
            " FROM commitments c JOIN documents d ON d.id=c.document_id WHERE c.document_id=? AND c.origin='person'",
            (document_id,),
        ).fetchall()
        return [_commitment(r) for r in rows]

    def reinsert_person_commitment(self, document_id: int, old: Commitment, start: int) -> int | None:
        """Put a person-added record back at `start` of the new text; None when no passage holds it."""
        with self.transaction() as conn:
            end = start + len(old.sentence)
            passage = conn.execute(
                "SELECT id, idx, page FROM passages WHERE document_id=? AND start<=? AND end>=?",
                (document_id, start, end),
            ).fetchone()
            if passage is None:
                return None
            shift = start - old.sentence_start
            d, q = old.deadline, old.quantity
            return conn.execute(
                "INSERT INTO commitments (document_id, passage_id, passage_index, actor, actor_text, action, target,"
                " sentence, sentence_start, sentence_end, target_start, target_end, deadline_text, deadline_date,"
                " deadline_year, quantity_value, quantity_unit, quantity_text, strength, flags, page,"
                " extractor_version, actor_source, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'person')",
                (document_id, passage["id"], passage["idx"], old.actor, old.actor_text, old.action, old.target,
                 old.sentence, start, end, None if old.target_start is None else old.target_start + shift,
                 None if old.target_end is None else old.target_end + shift, d.text if d else None,
                 d.date if d else None, d.year if d else None, q.value if q else None, q.unit if q else None,
                 q.text if q else None, old.strength, "[]", passage["page"], "person", "person"),
            ).lastrowid

    # -- document metadata ---------------------------------------------------------------------

    def set_document_metadata(self, document_id: int, values: Mapping[str, Any], editor: Editor) -> DocumentRecord:
        """Set title, publication date, issuing body or kind; a new publication date re-dates the
        document's relative deadlines ("within 90 days of this plan") with the extractor's normaliser."""
        from kb.extract.deadlines import normalise_deadline

        clean = clean_document_metadata(values)
        with self.transaction() as conn:
            row = conn.execute("SELECT * FROM documents WHERE id=?", (document_id,)).fetchone()
            if row is None:
                raise NotFound(f"no document with id {document_id}")
            if not clean:
                from kb.store import _document
                return _document(row)
            marked = list(json.loads(row["metadata_set"]))
            marked += [f for f in clean if f not in marked]
            conn.execute(
                "UPDATE documents SET " + ", ".join(f"{k}=?" for k in clean) + ", metadata_set=? WHERE id=?",
                [*clean.values(), json.dumps(marked), document_id],
            )
            if "published" in clean and clean["published"] != row["published"]:
                self._redate(conn, document_id, clean["published"], normalise_deadline)
        return self.get_document(document_id)  # type: ignore[attr-defined]

    @staticmethod
    def _redate(conn: sqlite3.Connection, document_id: int, published: str | None, normalise) -> None:
        """Re-read every deadline phrase of the document against the new publication date."""
        for r in conn.execute("SELECT id, deadline_text, deadline_date FROM commitments"
                              " WHERE document_id=? AND deadline_text IS NOT NULL", (document_id,)).fetchall():
            found = normalise(r["deadline_text"], published)
            date = found.date if found else None
            if date != r["deadline_date"]:
                conn.execute("UPDATE commitments SET deadline_date=?, deadline_year=? WHERE id=?",
                             (date, int(date[:4]) if date else None, r["id"]))
        for r in conn.execute("SELECT id, deadline_text, deadline_date FROM reviews WHERE document_id=?"
                              " AND instr(set_fields, '\"deadline\"') > 0 AND deadline_text IS NOT NULL",
                              (document_id,)).fetchall():
            text = r["deadline_text"]
            if _YEAR.match(text) or _ISO_DATE.match(text):
                continue
            found = normalise(text, published)
            date = found.date if found else None
            if date != r["deadline_date"]:
                conn.execute("UPDATE reviews SET deadline_date=? WHERE id=?", (date, r["id"]))

    def reapply_document_metadata(self, document_id: int, before: DocumentRecord) -> None:
        """After a re-reading replaced title/date, put back the fields a person had set."""
        from kb.extract.deadlines import normalise_deadline

        fields = [f for f in before.metadata_set if f in ("title", "published")]
        if not fields:
            return
        with self.transaction() as conn:
            conn.execute("UPDATE documents SET " + ", ".join(f"{f}=?" for f in fields) + " WHERE id=?",
                         [getattr(before, f) for f in fields] + [document_id])
            if "published" in fields:  # the new reading dated relative deadlines against the text's own date
                self._redate(conn, document_id, before.published, normalise_deadline)

    # -- exports -------------------------------------------------------------------------------

    def iter_reviewed(self) -> Iterator[StoredCommitment]:
        """Every reviewed record that is a commitment (confirmed, edited, added), with the person's values."""
        from kb.store import _commitment

        after = 0
        while True:
            rows = self.conn.execute(
                "SELECT c.*, d.title AS document_title, d.source_name AS document_name,"
                " d.published AS document_published, d.issuing_body AS document_issuer"
                " FROM commitments_view c JOIN documents d ON d.id=c.document_id"
                " WHERE c.review_id IS NOT NULL AND c.review_state IN ('confirmed', 'edited', 'added') AND c.id>?"
                " ORDER BY c.id LIMIT 500", (after,)).fetchall()
            if not rows:
                return
            for r in rows:
                yield _commitment(r)
            after = rows[-1]["id"]


def _find(text: str, sentence: str) -> int | None:
    if not sentence:
        return None
    at = text.find(sentence)
    if at >= 0:
        return at
    # whitespace may differ (a line break in the document, a space in the quote)
    pattern = r"\s+".join(re.escape(w) for w in sentence.split())
    m = re.search(pattern, text)
    return m.start() if m else None
