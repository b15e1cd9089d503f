"""The OpenAPI 3.1 description of /api, served at /api/openapi.json."""

from __future__ import annotations

from kb import __version__

_FILTERS = [
    ("actor", "string", "Resolved actor, case-insensitive exact match"),
    ("document", "integer", "Document id"),
    ("year", "string", "Deadline year, or 'none' for commitments without a deadline"),
    ("year_from", "integer", "Deadline year, inclusive lower bound"),
    ("year_to", "integer", "Deadline year, inclusive upper bound"),
    ("has_deadline", "boolean", "yes/no"),
    ("sector", "string", "Sector"),
    ("strength", "string", "binding | advisory | aspirational | supportive"),
    ("has_quantity", "boolean", "yes/no"),
]


def _param(name, typ, desc, required=False, where="query", enum=None):
    schema = {"type": typ}
    if enum:
        schema["enum"] = enum
    return {"name": name, "in": where, "required": required, "description": desc, "schema": schema}


def _err(desc):
    return {"description": desc, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def openapi_document() -> dict:
    filters = [_param(n, t, d) for n, t, d in _FILTERS]
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
                "summary": "All matching commitments (streamed export, or a page with limit/offset/sort)",
                "parameters": filters + [
                    _param("format", "string", "json (default) or csv", enum=["json", "csv"]),
                    _param("sort", "string", "deadline, actor, document; prefix - for descending"),
                    _param("limit", "integer", "Page size (JSON only)"),
                    _param("offset", "integer", "Rows to skip (JSON only)")],
                "responses": {"200": {"description": "{count, items} or CSV",
                                      "content": {"application/json": {}, "text/csv": {}}},
                              "400": _err("Bad filter")}}},
            "/api/commitments/{id}": {"get": {
                "summary": "One commitment",
                "parameters": [_param("id", "integer", "Commitment id", True, "path")],
                "responses": {"200": {"description": "The commitment",
                                      "content": {"application/json": {"schema": {
                                          "$ref": "#/components/schemas/Commitment"}}}},
                              "404": _err("No such commitment")}}},
            "/api/documents": {
                "get": {"summary": "All documents, newest first",
                        "responses": {"200": {"description": "{documents: [...]}"}}},
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
                         "responses": {"202": {"description": "{jobs: [Job]}; poll /api/jobs/{id}"},
                                       "400": _err("No file, or a bad document detail (code invalid_value; the "
                                                   "message starts with the field's name); nothing is kept"), "401": _err("Not logged in / no token"),
                                       "413": _err("A file is over the size limit")}}},
            "/api/documents/{id}": {
                "get": {"summary": "One document with its text and one page of its commitments",
                        "parameters": [_param("id", "integer", "Document id", True, "path"),
                                       _param("limit", "integer", "Commitments per page, 1-500 (default 100)"),
                                       _param("offset", "integer", "Commitments to skip (default 0)")],
                        "responses": {"200": {"description": "The document; commitment_list is {items, count, "
                                                             "limit, offset, next} (next: the following page's URL "
                                                             "or null)",
                                              "content": {"application/json": {"schema": {
                                                  "$ref": "#/components/schemas/Document"}}}},
                                      "400": _err("Bad limit or offset"), "404": _err("No such document")}},
                "delete": {"summary": "Delete a document and its commitments", "security": secured,
                           "parameters": [_param("id", "integer", "Document id", True, "path")],
                           "responses": {"200": {"description": "{deleted: id}"}, "401": _err("Not logged in"),
                                         "403": _err("Deleting needs the admin role"),
                                         "404": _err("No such document")}}},
            "/api/jobs": {"get": {"summary": "The latest ingestion jobs (readers see no file name or sha256 of a job"
                                             " whose document is deleted, or that failed)",
                                  "responses": {"200": {"description": "{jobs: [Job]}"}}}},
            "/api/jobs/{id}": {"get": {
                "summary": "An ingestion job's status", "parameters": [_param("id", "integer", "Job id", True, "path")],
                "responses": {"200": {"description": "The job", "content": {"application/json": {"schema": job}}},
                              "404": _err("No such job")}}},
            "/api/jobs/{id}/retry": {"post": {
                "summary": "Queue a failed, dead or cancelled job again", "security": secured,
                "parameters": [_param("id", "integer", "Job id", True, "path")],
                "responses": {"202": {"description": "The queued job"}, "401": _err("Not allowed"),
                              "404": _err("No such job"), "409": _err("The job has not failed")}}},
            "/api/jobs/{id}/cancel": {"post": {
                "summary": "Cancel a queued or processing job (admins)", "security": secured,
                "parameters": [_param("id", "integer", "Job id", True, "path")],
                "responses": {"200": {"description": "The cancelled job"}, "401": _err("Not logged in"),
                              "403": _err("Cancelling needs the admin role"),
                              "404": _err("No such job"), "409": _err("The job is not queued or processing")}}},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI"}}}},
            "/api/audit": {"get": {
                "summary": "The audit log, newest first (admins): logins, logouts, account and token changes, uploads, "
                           "deletions, edits", "security": secured,
                "parameters": [_param("page", "integer", "Page (50 entries each, from 1)"),
                               _param("action", "string", "Only this action, e.g. login.failed")],
                "responses": {"200": {"description": "{total, page, page_size, entries: [{id, at, actor, action, "
                                                     "subject, detail, address}]}"},
                              "401": _err("Not logged in, or the token is invalid, expired or revoked"),
                              "403": _err("Not an admin")}}},
            "/api/tokens": {"get": {
                "summary": "All API tokens with their user, role, expiry, last use and revocation (admins; "
                           "never the token itself)", "security": secured,
                "responses": {"200": {"description": "{tokens: [...]}"}, "401": _err("Not logged in"),
                              "403": _err("Not an admin")}}},
            "/api/tokens/{id}/revoke": {"post": {
                "summary": "Revoke a token (admins); it gets 401 token_revoked at once", "security": secured,
                "parameters": [_param("id", "integer", "Token id", True, "path")],
                "responses": {"200": {"description": "{revoked: id, was_live}"}, "401": _err("Not logged in"),
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
                "Job": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "source_name": {"type": ["string", "null"]},
                    "status": {"type": "string",
                               "enum": ["queued", "processing", "done", "failed", "dead", "cancelled"]},
                    "attempts": {"type": "integer"}, "next_attempt_at": {"type": ["string", "null"]},
                    "reason": {"type": ["string", "null"]}, "document_id": {"type": ["integer", "null"]},
                    "commitments": {"type": "integer"}, "duplicate": {"type": "boolean"},
                    "warnings": {"type": "array", "items": {"type": "string"}}}},
                "Commitment": {"type": "object", "required": ["id", "ocr"], "properties": {
                    "id": {"type": "integer"}, "actor": {"type": "string"}, "action": {"type": "string"},
                    "target": {"type": ["string", "null"]}, "sentence": {"type": "string"},
                    "ocr": {"type": "boolean", "description": "The sentence's passage was read by OCR (tesseract) "
                                                              "from a scanned page: check it against the original"}}},
                "Document": {"type": "object", "required": ["id", "ocr"], "properties": {
                    "id": {"type": "integer"}, "title": {"type": ["string", "null"]},
                    "published": {"type": ["string", "null"]}, "text": {"type": "string"},
                    "ocr": {"type": "boolean", "description": "Some of its text was read by OCR from scanned pages"},
                    "ocr_passages": {"type": "integer", "description": "How many passages were read by OCR"},
                    "commitment_list": {"type": "object", "properties": {
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Commitment"}},
                        "count": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
                        "next": {"type": ["string", "null"]}}}}},
            },
        },
    }
    _review_paths(doc["paths"], secured)
    return doc


def _review_paths(paths: dict, secured: list) -> None:
    """People's corrections (issue 14, web/views/review.py): editor role; every change is logged."""
    cid = [_param("id", "integer", "Commitment id", True, "path")]
    auth = {"401": _err("No token or session, or the token is invalid, expired or revoked"),
            "403": _err("The role is below editor (e.g. a reader token)"), "404": _err("No such commitment")}
    paths["/api/commitments/{id}"]["patch"] = {
        "summary": "Correct fields: any of actor, action, target, deadline ('2030', '2030-06-30', a phrase such as "
                   "'within two years', or null), quantity ('6000 base stations' or {value, unit}), strength; and "
                   "an optional note.  Stored beside the extractor's output; returns the record as now read",
        "security": secured, "parameters": cid,
        "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "responses": {"200": {"description": "The corrected commitment"},
                      "400": _err("A bad value: code invalid_value, the message starts with the field's name"),
                      **auth}}
    for name, what in (("confirm", "Confirm the record as it reads now (pins every field as the person's)"),
                       ("reject", "Not a commitment: out of lists, search and exports (history kept)"),
                       ("restore", "Undo a rejection")):
        paths[f"/api/commitments/{{id}}/{name}"] = {"post": {
            "summary": what + "; body {note} optional", "security": secured, "parameters": cid,
            "responses": {"200": {"description": "The commitment"}, **auth}}}
    paths["/api/commitments/{id}/status"] = {"put": {
        "summary": "What became of it: {status: met | partly_met | missed | revoked | superseded | open (clears), "
                   "url, note} or {status, document_id, sentence} (a sentence of another stored document)",
        "security": secured, "parameters": cid,
        "responses": {"200": {"description": "The commitment, with status and status_evidence"},
                      "400": _err("Bad status or no evidence (the message names the field)"), **auth}}}
    paths["/api/commitments/{id}/history"] = {"get": {
        "summary": "Every correction of the record: field, before, after, by, at, note (oldest first)",
        "parameters": cid, "responses": {"200": {"description": "{commitment_id, state, set_fields, items}"},
                                         "404": _err("No such commitment")}}}
    paths["/api/commitments"]["post"] = {
        "summary": "Add a commitment the extractor missed: {document_id, start, end (offsets of the selected "
                   "text: its provenance), actor, action, target?, deadline?, quantity?, strength?, note?}",
        "security": secured,
        "responses": {"201": {"description": "The new commitment (origin: person)"},
                      "400": _err("Bad offsets or values (the message names the field)"), **auth}}
    paths["/api/review/queue"] = {"get": {
        "summary": "Unreviewed records, most worth a look first (low confidence, inferred actor, no target), "
                   "with reasons; and corrections re-extraction could not carry over",
        "security": secured, "parameters": [_param("document", "integer", "Document id"),
                                            _param("actor", "string", "Actor")],
        "responses": {"200": {"description": "{count, items, conflicts}"}, **auth}}}
    paths["/api/documents/{id}"]["patch"] = {
        "summary": "Set document details: {title, published (YYYY-MM-DD; re-dates relative deadlines), "
                   "issuing_body, kind}", "security": secured,
        "parameters": [_param("id", "integer", "Document id", True, "path")],
        "responses": {"200": {"description": "The document's details"},
                      "400": _err("A bad value (the message names the field)"), **auth}}
    paths["/api/corrections.jsonl"] = {"get": {
        "summary": "People's reviewed records (confirmed, edited, added) as JSONL in ../shared/eval's gold format "
                   "(partial: true), labelled data for the extractor",
        "responses": {"200": {"description": "One JSON object per line",
                              "content": {"application/x-ndjson": {}}}}}}
