"""The OpenAPI 3.1 description of /api, served at /api/openapi.json."""

from __future__ import annotations

from kb import __version__

_YES_NO = ["yes", "no", "true", "false", "1", "0", "y", "n"]
_FILTERS = [
    ("actor", "string", "Resolved actor, case-insensitive exact match (repeatable: any of them)"),
    ("document", "integer", "Document id"),
    ("year", "string", "Deadline year, or 'none' for commitments without a deadline"),
    ("year_from", "integer", "Deadline year, inclusive lower bound"),
    ("year_to", "integer", "Deadline year, inclusive upper bound"),
    ("has_deadline", "string", "yes or no (also true/false, 1/0)"),
    ("sector", "string", "Sector"),
    ("strength", "string", "binding | advisory | aspirational | supportive"),
    ("has_quantity", "string", "yes or no (also true/false, 1/0)"),
    ("status", "string", "open, deadline_passed, met, partly_met, missed, revoked, superseded (repeatable)"),
    ("lineage", "string", "has a lineage link: revoked, rescinded, superseded, amended, restated, raised, lowered,"
                          " deadline_moved, dropped, progress_reported (repeatable: any of them)"),
]


def _list_of(item_ref: str) -> dict:
    """The one list shape: {items, count (every match), limit, offset, next (the following page's URL)}."""
    return {"type": "object", "required": ["items", "count", "limit", "offset", "next"], "properties": {
        "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item_ref}"}},
        "count": {"type": "integer", "minimum": 0}, "limit": {"type": "integer", "minimum": 1},
        "offset": {"type": "integer", "minimum": 0}, "next": {"type": ["string", "null"]}}}


# `limit` and `offset` of a list route, and its {items, count, limit, offset, next} with items of any object
_PAGING = [{"name": "limit", "in": "query", "required": False, "description": "Page size",
            "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
           {"name": "offset", "in": "query", "required": False, "description": "Items to skip",
            "schema": {"type": "integer", "minimum": 0}}]


def _paged(extra: dict) -> dict:
    """The one list shape, items of any object, plus `extra` properties (a list's own context)."""
    return {"type": "object", "required": ["items", "count", "limit", "offset", "next"], "properties": {
        "items": {"type": "array", "items": {"type": "object"}}, "count": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 1}, "offset": {"type": "integer", "minimum": 0},
        "next": {"type": ["string", "null"]}, **extra}}


def _json(ref: str, desc: str) -> dict:
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


_NULL_STR = {"type": ["string", "null"]}
_STRS = {"type": "array", "items": {"type": "string"}}
_COMMITMENT_RECORD = {
    "type": "object",
    "required": ["id", "doc", "sentence", "status", "sentence_start", "sentence_end", "citation"],
    "properties": {
        "id": {"type": "integer"}, "doc": {"type": "string"}, "document_title": _NULL_STR,
        "sentence": {"type": "string"}, "actor": _NULL_STR, "actor_source": _NULL_STR, "actor_text": _NULL_STR,
        "confidence": {"type": ["number", "null"]}, "action": _NULL_STR, "target": _NULL_STR,
        "deadline": {"type": ["object", "null"], "properties": {"text": _NULL_STR, "date": _NULL_STR}},
        "quantity": {"type": ["object", "null"], "properties": {
            "value": {"type": ["number", "null"]}, "upper": {"type": ["number", "null"]}, "unit": _NULL_STR,
            "text": _NULL_STR}},
        "strength": _NULL_STR, "negated": {"type": "boolean"}, "sector": _NULL_STR, "places": _STRS,
        "flags": _STRS, "sentence_start": {"type": "integer"}, "sentence_end": {"type": "integer"},
        "page": {"type": ["integer", "null"]}, "extractor_version": _NULL_STR,
        "origin": {"type": "string", "enum": ["extractor", "person"]},
        "status": {"type": "string", "description": "Honest status today: a person's word, else open or "
                                                    "deadline_passed"},
        "status_evidence": {"type": ["object", "null"]}, "review": {"type": ["object", "null"]},
        "citation": {"type": "object", "properties": {
            "title": _NULL_STR, "published": _NULL_STR, "issuing_body": _NULL_STR, "sentence": {"type": "string"},
            "page": {"type": ["integer", "null"]}, "link": _NULL_STR}}}}
_COMMITMENT = {"allOf": [{"$ref": "#/components/schemas/CommitmentRecord"}, {
    "type": "object", "required": ["url", "api_url", "document_id", "document_url", "document_api_url", "ocr"],
    "properties": {
        "url": {"type": "string", "description": "Its page"}, "api_url": {"type": "string"},
        "document_id": {"type": "integer"}, "document_url": {"type": "string", "description": "Its document's page"},
        "document_api_url": {"type": "string"},
        "ocr": {"type": "boolean", "description": "The sentence's passage was read by OCR (tesseract) "
                                                  "from a scanned page: check it against the original"}}}]}
_DOCUMENT_SUMMARY = {
    "type": "object",
    "required": ["id", "url", "api_url", "title", "source_name", "published", "commitment_count"],
    "properties": {
        "id": {"type": "integer"}, "url": {"type": "string", "description": "Its page"},
        "api_url": {"type": "string"}, "title": _NULL_STR, "source_name": {"type": "string"},
        "sha256": {"type": "string"}, "media_type": {"type": "string"}, "published": _NULL_STR,
        "size": {"type": ["integer", "null"]}, "added_at": _NULL_STR, "extractor_version": _NULL_STR,
        "warnings": _STRS, "issuing_body": _NULL_STR, "kind": _NULL_STR, "set_by_person": _STRS,
        "commitment_count": {"type": "integer", "minimum": 0}}}
_DOCUMENT = {"allOf": [{"$ref": "#/components/schemas/DocumentSummary"}, {
    "type": "object", "required": ["text", "original_url", "ocr", "ocr_passages", "commitments"],
    "properties": {
        "text": {"type": "string"}, "original_url": {"type": "string"},
        "links": {"type": "array", "description": "The source's links (HTML, Markdown, PDF link boxes, printed URLs)"
                                                  " as spans of `text`; http(s) and mailto only", "items": {
            "type": "object", "required": ["start", "end", "text", "url"],
            "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"},
                           "url": {"type": "string"}}}},
        "ocr": {"type": "boolean", "description": "Some of its text was read by OCR from scanned pages"},
        "ocr_passages": {"type": "integer", "description": "How many passages were read by OCR"},
        "ocr_confidence": {"type": ["number", "null"], "description": "Tesseract's mean word confidence (0-100) "
                                                                      "over the passages read by OCR; null if none"},
        "title_source": {**_NULL_STR, "description": "Where the title came from: 'pdf-metadata', "
                                                     "'first-page heading (largest type)', 'html og:title', "
                                                     "'set by a person', ...; null if not recorded"},
        "published_source": {**_NULL_STR, "description": "Where the date came from, e.g. "
                                                         "\"dateline: 'Published 3 March 2025'\""},
        "issuing_body_source": {**_NULL_STR, "description": "Where the issuing body came from, e.g. "
                                                            "\"text: 'Issued by the Water Board'\", 'html meta publisher'"},
        "commitments": {"$ref": "#/components/schemas/CommitmentList"}}}]}


def _param(name, typ, desc, required=False, where="query", enum=None, minimum=None, maximum=None):
    schema = {"type": typ}
    if enum:
        schema["enum"] = enum
    if where == "path" and typ == "integer":  # ids: the router takes 0 to 2**63-1; 1 is the first record
        minimum, maximum = 0, 2**63 - 1
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    out = {"name": name, "in": where, "required": required, "description": desc, "schema": schema}
    if where == "path" and typ == "integer":
        out["example"] = 1
    return out


def _err(desc):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def openapi_document() -> dict:
    filters = [_param(n, t, d, enum=_YES_NO if n.startswith("has_") else None) for n, t, d in _FILTERS]
    job = {"$ref": "#/components/schemas/Job"}
    secured = [{"bearer": []}, {"session": []}]
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "PolicyKB API", "version": __version__,
                 "description": "Commitments (actor, action, target, deadline) read from policy documents. "
                                "Reading is open; uploading and retrying need the editor role, deleting and "
                                "account/token/audit routes the admin role: a bearer token (`policykb token create "
                                "--user NAME`; its role is at most its user's) or a logged-in session with an "
                                "X-CSRF-Token header.  401 (codes unauthorized, invalid_token, token_expired, "
                                "token_revoked) when the credentials are missing or no longer valid, 403 when the "
                                "role is too low."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search commitments and passages, a page at a time",
                "parameters": [_param("q", "string", "The query", True),
                               _param("limit", "integer", "Hits per page (1-100, default 10); `k` is the same"),
                               _param("k", "integer", "Hits per page (1-100, default 10); older name of `limit`"),
                               _param("offset", "integer", "Hits to skip (0 or more; offset + limit at most 1000)"),
                               _param("mode", "string",
                                      "hybrid (default: meaning and words), meaning (or dense), exact (or keyword: "
                                      "any of the words, BM25), all_words (every word as a whole word), phrase "
                                      "(the words in that order)",
                                      enum=["hybrid", "meaning", "exact", "all_words", "phrase", "dense",
                                            "keyword"])] + filters,
                "responses": {"200": {
                    "description": "One page of hits, best first. `count`: all the sentences that matched "
                                   "(duplicates of one sentence folded into its hit); `facets` count over all "
                                   "of them; `low_confidence`: true when no hit answers the query well (a "
                                   "calibrated threshold; say so rather than hide the hits); `suggestion`: the "
                                   "query spelled with words the index holds, or null.  `hits` repeats `items`.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchPage"}}}},
                    "400": _err("Bad query, filter, mode, limit or offset (the message names the field)")}}},
            "/api/commitments": {"get": {
                "summary": "Matching commitments: a page of JSON (limit/offset/sort), or all of them as CSV",
                "parameters": filters + [
                    _param("q", "string", "Text filter: words in the sentence, actor or target"),
                    _param("format", "string", "json (default) or csv", enum=["json", "csv"]),
                    _param("sort", "string", "deadline, actor, document; prefix - for descending"),
                    _param("limit", "integer", "Page size, 1-10000 (default 100; JSON only)"),
                    _param("offset", "integer", "Rows to skip (JSON only)")],
                "responses": {"200": {"description": "CommitmentList ({items, count, limit, offset, next}) or CSV",
                                      "content": {"application/json": {"schema": {
                                          "$ref": "#/components/schemas/CommitmentList"}},
                                          "text/csv": {"schema": {"type": "string"}}}},
                              "400": _err("Bad filter, format, sort, limit or offset")}}},
            "/api/commitments/{id}": {"get": {
                "summary": "One commitment",
                "parameters": [_param("id", "integer", "Commitment id", True, "path")],
                "responses": {"200": {"description": "The commitment",
                                      "content": {"application/json": {"schema": {
                                          "$ref": "#/components/schemas/Commitment"}}}},
                              "404": _err("No such commitment")}}},
            "/api/documents": {
                "get": {"summary": "Documents, newest first, a page at a time",
                        "parameters": [_param("limit", "integer", "Documents per page, 1-1000 (default 100)"),
                                       _param("offset", "integer", "Documents to skip (default 0)")],
                        "responses": {"200": _json("DocumentList", "{items, count, limit, offset, next}"),
                                      "400": _err("Bad limit or offset")}},
                "post": {"summary": "Upload files (multipart, field `file`, repeatable; .zip unpacked), with "
                                    "optional document details set on every file's document when it is stored "
                                    "(as PATCH /api/documents/{id} would: a publication date re-dates relative "
                                    "deadlines)",
                         "security": secured,
                         "requestBody": {"content": {"multipart/form-data": {"schema": {
                             "type": "object", "properties": {
                                 "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
                                 "published": {"type": "string", "format": "date",
                                               "description": "Publication date, YYYY-MM-DD"},
                                 "title": {"type": "string"}, "issuing_body": {"type": "string"},
                                 "kind": {"type": "string", "description": "Kind of document (plan, law, ...)"}}}}}},
                         "responses": {"202": _json("UploadResult", "{items: [Job], count} (`jobs` repeats "
                                                                    "`items`); poll /api/jobs/{id}"),
                                       "400": _err("No file (code missing_file), or a bad document detail (code "
                                                   "invalid_value; the message starts with the field's name); "
                                                   "nothing is kept"),
                                       "401": _err("Not logged in / no token"), "403": _err("The role is below editor"),
                                       "413": _err("A file is over the size limit")}}},
            "/api/documents/{id}": {
                "get": {"summary": "One document with its text and one page of its commitments",
                        "parameters": [_param("id", "integer", "Document id", True, "path"),
                                       _param("limit", "integer", "Commitments per page, 1-500 (default 100)"),
                                       _param("offset", "integer", "Commitments to skip (default 0)")],
                        "responses": {"200": _json("Document", "The document: its list item's fields, its text, "
                                                               "and `commitments` as {items, count, limit, offset, "
                                                               "next} (next: the following page's URL or null)"),
                                      "400": _err("Bad limit or offset"), "404": _err("No such document")}},
                "delete": {"summary": "Delete a document and its commitments", "security": secured,
                           "parameters": [_param("id", "integer", "Document id", True, "path")],
                           "responses": {"200": {"description": "{deleted: id}", "content": {"application/json": {
                                             "schema": {"type": "object", "required": ["deleted"],
                                                        "properties": {"deleted": {"type": "integer"}}}}}},
                                         "401": _err("Not logged in"),
                                         "403": _err("Deleting needs the admin role"),
                                         "404": _err("No such document")}}},
            "/api/jobs": {"get": {"summary": "Ingestion jobs, latest first, a page at a time (readers see no file "
                                             "name or sha256 of a job whose document is deleted, or that failed)",
                                  "parameters": [_param("limit", "integer", "Jobs per page, 1-500 (default 100)"),
                                                 _param("offset", "integer", "Jobs to skip (default 0)")],
                                  "responses": {"200": _json("JobList", "{items, count, limit, offset, next}"),
                                                "400": _err("Bad limit or offset")}}},
            "/api/jobs/{id}": {"get": {
                "summary": "An ingestion job's status", "parameters": [_param("id", "integer", "Job id", True, "path")],
                "responses": {"200": {"description": "The job", "content": {"application/json": {"schema": job}}},
                              "404": _err("No such job")}}},
            "/api/jobs/{id}/retry": {"post": {
                "summary": "Queue a failed, dead or cancelled job again", "security": secured,
                "parameters": [_param("id", "integer", "Job id", True, "path")],
                "responses": {"202": _json("Job", "The queued job"), "401": _err("Not allowed"),
                              "403": _err("The role is below editor"),
                              "404": _err("No such job"), "409": _err("The job has not failed")}}},
            "/api/jobs/{id}/cancel": {"post": {
                "summary": "Cancel a queued or processing job (admins)", "security": secured,
                "parameters": [_param("id", "integer", "Job id", True, "path")],
                "responses": {"200": _json("Job", "The cancelled job"), "401": _err("Not logged in"),
                              "403": _err("Cancelling needs the admin role"),
                              "404": _err("No such job"), "409": _err("The job is not queued or processing")}}},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": {
                "description": "OpenAPI", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/api/audit": {"get": {
                "summary": "The audit log, newest first (admins): logins, logouts, account and token changes, uploads, "
                           "deletions, edits", "security": secured,
                "parameters": [*_PAGING, _param("page", "integer", "Page of `limit` entries, from 1 (instead of offset)",
                                                minimum=1, maximum=1_000_000),
                               _param("action", "string", "Only this action, e.g. login.failed")],
                "responses": {"200": {"description": "{items: [{id, at, actor, action, subject, detail, address}], "
                                                     "count, limit, offset, next}",
                                      "content": {"application/json": {"schema": _paged({})}}},
                              "400": _err("Bad page, limit or offset"),
                              "401": _err("Not logged in, or the token is invalid, expired or revoked"),
                              "403": _err("Not an admin")}}},
            "/api/tokens": {"get": {
                "summary": "All API tokens with their user, role, expiry, last use and revocation (admins; "
                           "never the token itself)", "security": secured,
                "parameters": _PAGING,
                "responses": {"200": {"description": "{items: [{id, user_name, role, label, expires_at, last_used_at, "
                                                     "revoked_at, revoke_url, ...}], count, limit, offset, next}",
                                      "content": {"application/json": {"schema": _paged({})}}},
                              "400": _err("Bad limit or offset"),
                              "401": _err("Not logged in"),
                              "403": _err("Not an admin")}}},
            "/api/tokens/{id}/revoke": {"post": {
                "summary": "Revoke a token (admins); it gets 401 token_revoked at once", "security": secured,
                "parameters": [_param("id", "integer", "Token id", True, "path")],
                "responses": {"200": {"description": "{id, revoked: id, was_live, tokens_url}", "content": {
                    "application/json": {"schema": {
                        "type": "object", "required": ["id", "revoked", "was_live", "tokens_url"],
                        "properties": {"id": {"type": "integer"}, "revoked": {"type": "integer"},
                                       "was_live": {"type": "boolean"}, "tokens_url": {"type": "string"}}}}}},
                              "401": _err("Not logged in"),
                              "403": _err("Not an admin"), "404": _err("No such token")}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "session": {"type": "apiKey", "in": "cookie", "name": "policykb_session"}},
            "schemas": {
                "SearchHit": {"type": "object", "required": ["kind", "id", "document_id", "sentence", "score", "url"],
                              "properties": {
                    "kind": {"type": "string", "enum": ["commitment", "passage"]}, "id": {"type": "integer"},
                    "document_id": {"type": "integer"}, "doc": {"type": "string"},
                    "doc_title": {"type": ["string", "null"]}, "sentence": {"type": "string"},
                    "score": {"type": "number"}, "url": {"type": "string"},
                    "matched_by": {"type": "array", "items": {"type": "string"}},
                    "matched_terms": {"type": "array", "items": {"type": "string"}},
                    "boosts": {"type": "array", "items": {"type": "string"}},
                    "why": {"type": "string", "description": "Which engine or mode found it and what raised it"},
                    "duplicates": {"type": "array", "items": {"type": "object", "properties": {
                        "kind": {"type": "string"}, "id": {"type": "integer"}, "document_id": {"type": "integer"}}}},
                    "highlights": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}}}},
                "SearchPage": {"type": "object",
                               "required": ["items", "count", "limit", "offset", "facets", "low_confidence",
                                            "suggestion"],
                               "properties": {
                    "query": {"type": "string"}, "mode": {"type": "string"},
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                    "hits": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
                    "count": {"type": "integer"}, "limit": {"type": "integer"}, "k": {"type": "integer"},
                    "offset": {"type": "integer"}, "low_confidence": {"type": "boolean"},
                    "suggestion": {"type": ["string", "null"]}, "next": {"type": ["string", "null"]},
                    "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {
                        "type": "object", "properties": {"value": {"type": ["string", "integer", "null"]},
                                                         "count": {"type": "integer"}}}}}}},
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
                "Job": {"type": "object", "required": ["id", "status", "url", "document_id"], "properties": {
                    "id": {"type": "integer"}, "url": {"type": "string"}, "source_name": _NULL_STR, "sha256": _NULL_STR,
                    "status": {"type": "string",
                               "enum": ["queued", "processing", "done", "failed", "dead", "cancelled"]},
                    "attempts": {"type": "integer"}, "next_attempt_at": _NULL_STR, "created_at": _NULL_STR,
                    "updated_at": _NULL_STR, "reason": _NULL_STR, "document_id": {"type": ["integer", "null"]},
                    "document_url": _NULL_STR, "commitments": {"type": ["integer", "null"]},
                    "duplicate": {"type": ["boolean", "null"]}, "warnings": _STRS,
                    "retryable": {"type": "boolean", "description": "whether trying again could succeed"},
                    "elapsed_s": {"type": ["integer", "null"],
                                  "description": "seconds since a worker took the job (while processing)"},
                    "stage": {"type": ["string", "null"], "enum": ["reading", "storing", None],
                              "description": "while processing: reading the file and extracting its "
                                             "commitments, or storing the document"}}},
                "JobList": _list_of("Job"),
                "UploadResult": {"type": "object", "required": ["items", "count"], "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}},
                    "count": {"type": "integer"},
                    "jobs": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}}},
                "CommitmentRecord": _COMMITMENT_RECORD,
                "Commitment": _COMMITMENT,
                "CommitmentList": _list_of("Commitment"),
                "DocumentSummary": _DOCUMENT_SUMMARY,
                "DocumentList": _list_of("DocumentSummary"),
                "Document": _DOCUMENT,
            },
        },
    }
    _review_paths(doc["paths"], secured)
    _actor_paths(doc["paths"])
    _watchlist_paths(doc["paths"], doc["components"]["schemas"], secured)
    return doc


def _review_paths(paths: dict, secured: list) -> None:
    """People's corrections (issue 14, web/views/review.py): editor role; every change is logged."""
    cid = [_param("id", "integer", "Commitment id", True, "path")]
    auth = {"401": _err("No token or session, or the token is invalid, expired or revoked"),
            "403": _err("The role is below editor (e.g. a reader token)"), "404": _err("No such commitment")}
    record = _json("Commitment", "The commitment as now read, with its id, links and document id")
    bad = _err("A bad value or body: code invalid_value or invalid_query, the message names the field")
    text_or_null = {"type": ["string", "null"]}
    fields = {"actor": text_or_null, "action": text_or_null, "target": text_or_null,
              "deadline": {"type": ["string", "null"], "description": "'2030', '2030-06-30', a phrase or null"},
              "quantity": {"type": ["string", "object", "null"], "description": "'6000 base stations' or "
                                                                               "{value, unit}"},
              "strength": text_or_null, "note": text_or_null}
    note_body = {"required": False, "content": {"application/json": {"schema": {
        "type": "object", "properties": {"note": text_or_null}}}}}
    paths["/api/commitments/{id}"]["patch"] = {
        "summary": "Correct fields: any of actor, action, target, deadline ('2030', '2030-06-30', a phrase such as "
                   "'within two years', or null), quantity ('6000 base stations' or {value, unit}), strength; and "
                   "an optional note.  Stored beside the extractor's output; returns the record as now read",
        "security": secured, "parameters": cid,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": fields}}}},
        "responses": {"200": record, "400": bad, **auth}}
    for name, what in (("confirm", "Confirm the record as it reads now (pins every field as the person's)"),
                       ("reject", "Not a commitment: out of lists, search and exports (history kept)"),
                       ("restore", "Undo a rejection")):
        paths[f"/api/commitments/{{id}}/{name}"] = {"post": {
            "summary": what + "; body {note} optional", "security": secured, "parameters": cid,
            "requestBody": note_body, "responses": {"200": record, "400": bad, **auth}}}
    paths["/api/commitments/{id}/status"] = {"put": {
        "summary": "What became of it: {status: met | partly_met | missed | revoked | superseded | open (clears), "
                   "url, note} or {status, document_id, sentence} (a sentence of another stored document)",
        "security": secured, "parameters": cid,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["status"], "properties": {
                "status": {"type": "string"}, "url": text_or_null, "note": text_or_null,
                "document_id": {"type": ["integer", "null"]}, "sentence": text_or_null}}}}},
        "responses": {"200": _json("Commitment", "The commitment, with status and status_evidence"),
                      "400": _err("Bad status or no evidence (the message names the field)"), **auth}}}
    paths["/api/commitments/{id}/history"] = {"get": {
        "summary": "Every correction of the record: field, before, after, by, at, note (oldest first)",
        "parameters": cid + _PAGING, "responses": {
            "200": {"description": "{commitment_id, commitment_url, state, set_fields, items, count, limit, offset, "
                                   "next}",
                    "content": {"application/json": {"schema": _paged({
                        "commitment_id": {"type": "integer"}, "commitment_url": {"type": "string"},
                        "state": {"type": ["string", "null"]}, "set_fields": _STRS})}}},
            "400": _err("Bad limit or offset"), "404": _err("No such commitment")}}}
    paths["/api/commitments"]["post"] = {
        "summary": "Add a commitment the extractor missed: {document_id, start, end (offsets of the selected "
                   "text: its provenance), actor, action, target?, deadline?, quantity?, strength?, note?}",
        "security": secured,
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["document_id", "start", "end", "actor", "action"],
            "properties": {"document_id": {"type": "integer"}, "start": {"type": "integer"},
                           "end": {"type": "integer"}, **fields}}}}},
        "responses": {"201": _json("Commitment", "The new commitment (origin: person); Location: its API URL"),
                      "400": _err("Bad offsets or values (the message names the field)"), **auth}}
    paths["/api/review/queue"] = {"get": {
        "summary": "Unreviewed records, most worth a look first (low confidence, inferred actor, no target), "
                   "with reasons; and corrections re-extraction could not carry over",
        "security": secured, "parameters": [_param("document", "integer", "Document id"),
                                            _param("actor", "string", "Actor"), *_PAGING],
        "responses": {"200": {"description": "{items (commitments with reasons), count, limit, offset, next, "
                                             "conflicts}", "content": {"application/json": {
            "schema": _paged({"conflicts": {"type": "array", "items": {"type": "object"}}})}}},
                      "400": _err("Bad filter"), **auth}}}
    paths["/api/documents/{id}"]["patch"] = {
        "summary": "Set document details: {title, published (YYYY-MM-DD; re-dates relative deadlines), "
                   "issuing_body, kind}", "security": secured,
        "parameters": [_param("id", "integer", "Document id", True, "path")],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "properties": {"title": text_or_null, "published": text_or_null,
                                             "issuing_body": text_or_null, "kind": text_or_null}}}}},
        "responses": {"200": {"description": "The document's details: id, url, api_url, title, published, "
                                             "issuing_body, kind, set_by_person",
                              "content": {"application/json": {"schema": {
                                  "type": "object", "required": ["id", "url", "api_url"],
                                  "properties": {"id": {"type": "integer"}, "url": {"type": "string"},
                                                 "api_url": {"type": "string"}}}}}},
                      "400": _err("A bad value (the message names the field)"), **auth}}
    paths["/api/corrections.jsonl"] = {"get": {
        "summary": "People's reviewed records (confirmed, edited, added) as JSONL in ../shared/eval's gold format "
                   "(partial: true), labelled data for the extractor",
        "responses": {"200": {"description": "One JSON object per line",
                              "content": {"application/x-ndjson": {"schema": {"type": "string"}}}}}}}


def _actor_paths(paths: dict) -> None:
    """Actors as entities and revocations (issue 15, kb/store_entities.py)."""
    _entity_paths(paths)
    paging = [_param("limit", "integer", "1-500 (default 100)"), _param("offset", "integer", "0 or more")]
    link = {"type": "object", "required": ["key", "relation", "direction", "partial", "document_id", "sentence",
                                           "confidence", "detail", "verdict"], "properties": {
        "key": {"type": "string"},
        "relation": {"type": "string", "enum": ["revoked", "rescinded", "superseded", "amended", "restated", "raised",
                                                "lowered", "deadline_moved", "dropped", "progress_reported"]},
        "direction": {"type": "string", "enum": ["later", "earlier"]},
        "partial": {"type": "boolean"}, "document_id": {"type": "integer"},
        "document_title": {"type": "string"}, "document_url": {"type": "string"},
        "document_api_url": {"type": "string"}, "commitment_id": {"type": ["integer", "null"]},
        "commitment_url": {"type": ["string", "null"]}, "sentence": {"type": "string"},
        "start": {"type": ["integer", "null"]}, "end": {"type": ["integer", "null"]},
        "confidence": {"type": "number"}, "detail": {"type": "string"},
        "verdict": {"type": ["string", "null"], "enum": ["confirmed", "rejected", None]},
        "judged_by": {"type": ["string", "null"]}, "judged_at": {"type": ["string", "null"]}}}
    paths["/api/commitments/{id}/lineage"] = {"get": {
        "summary": "A commitment's line of history: revocations of its document and its links to commitments of "
                   "other documents (restated, raised, lowered, deadline_moved, dropped, progress_reported), each with "
                   "its evidence sentence, confidence and a person's verdict; `revoked_by` holds the whole-document "
                   "revocations and supersessions nobody rejected",
        "parameters": [_param("id", "integer", "Commitment id", True, "path"), *paging],
        "responses": {"200": {"description": "{commitment_id, revoked_by, items, count, limit, offset, next}",
                              "content": {"application/json": {"schema": {
                                  "type": "object", "required": ["commitment_id", "revoked_by", "items", "count",
                                                                 "limit", "offset", "next"], "properties": {
                                      "commitment_id": {"type": "integer"},
                                      "revoked_by": {"type": "array", "items": link},
                                      "items": {"type": "array", "items": link}, "count": {"type": "integer"},
                                      "limit": {"type": "integer"}, "offset": {"type": "integer"},
                                      "next": {"type": ["string", "null"]}}}}}},
                      "400": _err("Bad limit or offset"), "404": _err("No such commitment")}}}
    paths["/api/lineage/judgements"] = {"post": {
        "summary": "Confirm or reject a lineage link by its key (editor); kept across re-extraction",
        "security": [{"bearer": []}, {"session": []}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["key", "verdict"], "properties": {
                "key": {"type": "string"}, "verdict": {"type": ["string", "null"], "enum": ["confirmed", "rejected", None]},
                "note": {"type": "string"}}}}}},
        "responses": {"200": {"description": "{key, verdict}", "content": {"application/json": {"schema": {
            "type": "object", "required": ["key", "verdict"], "properties": {
                "key": {"type": "string"}, "verdict": {"type": ["string", "null"]}}}}}},
            "400": _err("Bad body or verdict"), "401": _err("Login required"), "403": _err("Not an editor"),
            "404": _err("No such link")}}}
    version = {"type": "object", "required": ["document_id", "previous_id", "similarity"], "properties": {
        "document_id": {"type": "integer"}, "previous_id": {"type": "integer"}, "title": {"type": "string"},
        "previous_title": {"type": "string"}, "similarity": {"type": "number"}, "added": {"type": "integer"},
        "removed": {"type": "integer"}, "changed": {"type": "integer"}, "unchanged": {"type": "integer"},
        "document_url": {"type": "string"}, "previous_url": {"type": "string"}}}
    change = {"type": "object", "required": ["kind", "fields"], "properties": {
        "kind": {"type": "string", "enum": ["added", "removed", "changed"]}, "old_id": {"type": ["integer", "null"]},
        "new_id": {"type": ["integer", "null"]}, "old_sentence": {"type": ["string", "null"]},
        "new_sentence": {"type": ["string", "null"]}, "fields": {"type": "array", "items": {"type": "string"}}}}
    paths["/api/documents/{id}/versions"] = {"get": {
        "summary": "The documents this one is a near-duplicate version of, or was followed by (shingle Jaccard), and "
                   "`changes`: its commitments added, removed and changed against its previous version",
        "parameters": [_param("id", "integer", "Document id", True, "path"), *paging],
        "responses": {"200": {"description": "{items, count, limit, offset, next, changes}", "content": {
            "application/json": {"schema": {"type": "object", "required": ["items", "count", "changes"], "properties": {
                "items": {"type": "array", "items": version}, "count": {"type": "integer"},
                "limit": {"type": "integer"}, "offset": {"type": "integer"}, "next": {"type": ["string", "null"]},
                "changes": {"type": "array", "items": change}}}}}},
            "400": _err("Bad limit or offset"), "404": _err("No such document")}}}


def _watchlist_paths(paths: dict, schemas: dict, secured: list) -> None:
    """Watchlists (issue 15, web/views/watchlists.py): the caller's own; any role; no credentials is 401."""
    null_int = {"type": ["integer", "null"]}
    schemas["Watchlist"] = {
        "type": "object",
        "required": ["id", "name", "kind", "query", "mode", "filters", "entity_name", "commitment_id", "days",
                     "created_at", "last_visited_at", "url", "api_url", "feed_url"],
        "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"},
            "kind": {"type": "string", "enum": ["search", "filter", "entity", "commitment"]},
            "query": _NULL_STR, "mode": _NULL_STR,
            "filters": {"type": "string", "description": "search and filter: a query string (actor=A&status=open)"},
            "entity_name": _NULL_STR, "commitment_id": null_int,
            "days": {"type": "integer", "minimum": 1, "description": "deadlines within this many days are listed"},
            "created_at": {"type": "string"}, "last_visited_at": _NULL_STR,
            "url": {"type": "string", "description": "Its \"what changed\" page"}, "api_url": {"type": "string"},
            "feed_url": {"type": "string", "description": "Its Atom feed; the address holds an unguessable token "
                                                          "and needs no login"}}}
    event = {"type": "object", "required": ["kind", "at", "detail", "commitment_id", "url"], "properties": {
        "kind": {"type": "string", "enum": ["new", "status", "lineage", "deadline"]}, "at": {"type": "string"},
        "detail": {"type": "string"}, "commitment_id": {"type": "integer"}, "url": {"type": "string"},
        "sentence": {"type": "string"}, "document_id": {"type": "integer"}, "document_title": _NULL_STR,
        "evidence_document_id": null_int, "evidence_sentence": _NULL_STR}}
    due = {"type": "object", "required": ["commitment_id", "url", "deadline"], "properties": {
        "commitment_id": {"type": "integer"}, "url": {"type": "string"}, "deadline": _NULL_STR,
        "sentence": {"type": "string"}}}
    schemas["WatchlistDetail"] = {"allOf": [{"$ref": "#/components/schemas/Watchlist"}, {
        "type": "object", "required": ["since", "matching", "events", "due_soon"], "properties": {
            "since": {"type": "string"}, "matching": {"type": "integer", "minimum": 0},
            "events": {"type": "array", "items": event}, "due_soon": {"type": "array", "items": due}}}]}
    schemas["WatchlistList"] = _list_of("Watchlist")
    auth = {"401": _err("No token or session, or the token is invalid, expired or revoked")}
    wid = [_param("id", "integer", "Watchlist id", True, "path")]
    paths["/api/watchlists"] = {
        "get": {"summary": "The caller's watchlists, newest first", "security": secured,
                "parameters": [_param("limit", "integer", "1-500 (default 100)"),
                               _param("offset", "integer", "0 or more")],
                "responses": {"200": _json("WatchlistList", "{items, count, limit, offset, next}"),
                              "400": _err("Bad limit or offset"), **auth}},
        "post": {"summary": "Watch a search {kind: search, query, mode?, filters?}, a commitments filter "
                            "{kind: filter, filters}, an actor entity {kind: entity, entity_id} or one commitment "
                            "{kind: commitment, commitment_id}; optional name and days (1-3650, default 30)",
                 "security": secured,
                 "requestBody": {"required": True, "content": {"application/json": {"schema": {
                     "type": "object", "required": ["kind"], "properties": {
                         "kind": {"type": "string", "enum": ["search", "filter", "entity", "commitment"]},
                         "name": {"type": "string", "maxLength": 200},
                         "query": {"type": "string"},
                         "mode": {"type": "string", "enum": ["hybrid", "meaning", "exact", "all_words", "phrase"]},
                         "filters": {"type": "string", "maxLength": 2000,
                                     "description": "a query string of the commitments table (actor=A&status=open)"},
                         "entity_id": {"type": "integer", "minimum": 0},
                         "commitment_id": {"type": "integer", "minimum": 0},
                         "days": {"type": "integer", "minimum": 1, "maximum": 3650}}}}}},
                 "responses": {"201": _json("Watchlist", "The new watchlist"),
                               "400": _err("A bad or missing field (the message names it), or too many watchlists"),
                               "404": _err("No such entity or commitment"), **auth}}}
    paths["/api/watchlists/{id}"] = {
        "get": {"summary": "One of the caller's watchlists with what changed since the owner's last visit to its "
                           "page (new matching commitments, status and lineage changes, deadlines entering the "
                           "window) and the commitments due within its days; records no visit",
                "security": secured, "parameters": wid,
                "responses": {"200": _json("WatchlistDetail", "The watchlist, `events` newest first, `due_soon`"),
                              "400": _err("Its saved search or filter can no longer run"),
                              "404": _err("No such watchlist of the caller"),
                              "503": _err("Its search took too long"), **auth}},
        "delete": {"summary": "Stop watching (its feed address ends with it)", "security": secured,
                   "parameters": wid,
                   "responses": {"200": {"description": "{deleted: id}", "content": {"application/json": {"schema": {
                       "type": "object", "required": ["deleted"], "properties": {"deleted": {"type": "integer"}}}}}},
                       "404": _err("No such watchlist of the caller"), **auth}}}


def _entity_paths(paths: dict) -> None:
    """Actor entities, their scorecards and people's merges, splits and renames (issue 15;
    kb/store_entities.py, web/views/actors.py)."""
    secured = [{"bearer": []}, {"session": []}]
    counts = {"type": "object", "additionalProperties": {"type": "integer"}}
    buckets = ["open", "due", "deadline_passed", "met", "partly_met", "missed", "revoked"]
    scores = {"type": "object", "required": buckets, "properties": {b: {"type": "integer"} for b in buckets},
              "description": "the scorecard: open (later deadline or none), due this year, deadline_passed (status "
                             "unknown), met, partly_met, missed (a person's word), revoked (a person's word or a "
                             "later document revoking or superseding the whole document)"}
    entity = {"type": "object", "required": ["id", "name", "commitments", "documents", "statuses", "scores", "url",
                                             "api_url"], "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "commitments": {"type": "integer"},
        "documents": {"type": "integer"}, "statuses": dict(counts, description="the finer statuses behind scores: "
                                                           "met, partly_met, missed, revoked, superseded, "
                                                           "deadline_passed, due, upcoming, none"),
        "scores": scores, "url": {"type": "string"}, "api_url": {"type": "string"}}}
    sector = {"type": "object", "required": ["sector", "total", "scores"], "properties": {
        "sector": {"type": ["string", "null"]}, "total": {"type": "integer"}, "scores": scores}}
    card = {"type": "object", "required": ["scope", "total", "scores", "statuses", "sectors"], "properties": {
        "scope": {"type": "string", "enum": ["entity", "document", "knowledge base"]}, "total": {"type": "integer"},
        "scores": scores, "statuses": counts, "sectors": {"type": "array", "items": sector},
        "as_of": {"type": "string"}, "entity_id": {"type": ["integer", "null"]},
        "document_id": {"type": ["integer", "null"]}}}
    overlay = {"type": "object", "required": ["id", "kind"], "properties": {
        "id": {"type": "integer"}, "kind": {"type": "string", "enum": ["merge", "split", "rename"]},
        "entity_key": {"type": "string"}, "mention": {"type": ["string", "null"]},
        "target_key": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]},
        "created_by": {"type": "string"}, "created_at": {"type": "string"}}}
    paging = [_param("limit", "integer", "1-500 (default 100)"), _param("offset", "integer", "0 or more")]
    listed = _list_of("Commitment")
    paths["/api/actors"] = {"get": {
        "summary": "Actor entities (one per body, all its names merged) with commitment counts by status and the "
                   "scorecard columns; sortable by any of them, searchable, for the knowledge base or one document",
        "parameters": [_param("q", "string", "name or alias contains"),
                       _param("sort", "string", "order (a scorecard column: most first)",
                              enum=["commitments", "documents", "name", "-name", *buckets]),
                       _param("document", "integer", "count only this document's commitments", minimum=1), *paging],
        "responses": {"200": {"description": "{items, count, limit, offset, next}", "content": {
            "application/json": {"schema": {"type": "object", "required": ["items", "count", "limit", "offset",
                                                                            "next"], "properties": {
                "items": {"type": "array", "items": entity}, "count": {"type": "integer"},
                "limit": {"type": "integer"}, "offset": {"type": "integer"},
                "next": {"type": ["string", "null"]}}}}}},
            "400": _err("Bad sort, document, limit or offset"), "404": _err("No such document")}}}
    paths["/api/actors/{id}"] = {"get": {
        "summary": "One entity: counts by status and by sector, its aliases with the rule that linked each, "
                   "people's corrections, and its commitments a page at a time",
        "parameters": [_param("id", "integer", "Entity id", True, "path"),
                       _param("revoked", "string", "yes: only commitments whose document is revoked or superseded; "
                                                   "no: only the others", enum=_YES_NO), *paging],
        "responses": {"200": {"description": "the entity with aliases, sectors, overlays and {items, count, limit, "
                                             "offset, next}", "content": {"application/json": {"schema": {
                                                 "allOf": [entity, listed, {"type": "object", "required": [
                                                     "aliases", "sectors", "overlays"], "properties": {
                                                     "aliases": {"type": "array", "items": {"type": "object"}},
                                                     "sectors": {"type": "array", "items": sector},
                                                     "overlays": {"type": "array", "items": overlay}}}]}}}},
                      "400": _err("Bad revoked, limit or offset"), "404": _err("No such entity")}}}
    paths["/api/scorecard"] = {"get": {
        "summary": "The scorecard (counts by status bucket, overall and by sector) of the knowledge base, a "
                   "document or an entity (both: the entity's commitments in that document)",
        "parameters": [_param("document", "integer", "Document id", minimum=1),
                       _param("entity", "integer", "Entity id", minimum=1)],
        "responses": {"200": {"description": "the scorecard", "content": {"application/json": {"schema": card}}},
                      "400": _err("Bad document or entity"), "404": _err("No such document or entity")}}}
    auth = {"401": _err("No token or session, or the token is invalid, expired or revoked"),
            "403": _err("The role is below editor (e.g. a reader token)")}
    changed = {"description": "The entity the names now belong to", "content": {"application/json": {
        "schema": entity}}}
    eid = [_param("id", "integer", "Entity id", True, "path")]
    for action, what, props, required in (
            ("rename", "Show the entity under `name` from now on", {"name": {"type": "string"}}, ["name"]),
            ("merge", "Every name of this entity counts under the entity `into` (an id, or an exact name) from "
                      "now on", {"into": {"type": ["integer", "string"]}}, ["into"]),
            ("split", "The commitments under one of its names (`mention`, as in aliases) go to the entity called "
                      "`name` (new, or the existing one of that name)",
             {"mention": {"type": "string"}, "name": {"type": "string"}}, ["mention", "name"])):
        paths[f"/api/actors/{{id}}/{action}"] = {"post": {
            "summary": what + "; kept across rebuilds and re-extraction, written to the audit log",
            "security": secured, "parameters": eid,
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": required, "properties": props}}}},
            "responses": {"200": changed, "400": _err("A missing or bad field (the message names it)"),
                          "404": _err("No such entity"), **auth}}}
    paths["/api/actors/overlays"] = {"get": {
        "summary": "People's merges, splits and renames of entities, oldest first",
        "parameters": paging,
        "responses": {"200": {"description": "{items, count, limit, offset, next}", "content": {
            "application/json": {"schema": {"type": "object", "required": ["items", "count", "limit", "offset",
                                                                            "next"], "properties": {
                "items": {"type": "array", "items": overlay}, "count": {"type": "integer"},
                "limit": {"type": "integer"}, "offset": {"type": "integer"},
                "next": {"type": ["string", "null"]}}}}}},
            "400": _err("Bad limit or offset")}}}
    paths["/api/actors/overlays/{id}"] = {"delete": {
        "summary": "Undo one merge, split or rename (the entities are rebuilt without it)",
        "security": secured, "parameters": [_param("id", "integer", "Correction id", True, "path")],
        "responses": {"200": {"description": "{deleted, kind}", "content": {"application/json": {"schema": {
            "type": "object", "required": ["deleted", "kind"], "properties": {
                "deleted": {"type": "integer"}, "kind": {"type": "string"}}}}}},
            "404": _err("No such correction"), **auth}}}
