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
    return {
        "openapi": "3.1.0",
        "info": {"title": "PolicyKB API", "version": __version__,
                 "description": "Commitments (actor, action, target, deadline) read from policy documents. "
                                "Reading is open; uploading, retrying and deleting need a bearer token "
                                "(`policykb token create`) or a logged-in session with an X-CSRF-Token header."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Search commitments and passages",
                "parameters": [_param("q", "string", "The query", True),
                               _param("k", "integer", "Number of hits (1-100, default 10)"),
                               _param("mode", "string", "hybrid (default), meaning, or exact",
                                      enum=["hybrid", "meaning", "exact"])] + filters,
                "responses": {"200": {
                    "description": "Hits, best first, and `low_confidence`: true when no hit answers the query "
                                   "well (a calibrated threshold; say so rather than hide the hits)",
                    "content": {"application/json": {"schema": {
                        "type": "object", "required": ["low_confidence", "hits"],
                        "properties": {"low_confidence": {"type": "boolean"}, "hits": {"type": "array"}}}}}},
                    "400": _err("Bad query or filter")}}},
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
                "responses": {"200": {"description": "The commitment"}, "404": _err("No such commitment")}}},
            "/api/documents": {
                "get": {"summary": "All documents, newest first",
                        "responses": {"200": {"description": "{documents: [...]}"}}},
                "post": {"summary": "Upload files (multipart, field `file`, repeatable; .zip unpacked)",
                         "security": secured,
                         "requestBody": {"content": {"multipart/form-data": {"schema": {
                             "type": "object", "properties": {"file": {"type": "array", "items": {
                                 "type": "string", "format": "binary"}}}}}}},
                         "responses": {"202": {"description": "{jobs: [Job]}; poll /api/jobs/{id}"},
                                       "400": _err("No file"), "401": _err("Not logged in / no token"),
                                       "413": _err("A file is over the size limit")}}},
            "/api/documents/{id}": {
                "get": {"summary": "One document with its text and commitments",
                        "parameters": [_param("id", "integer", "Document id", True, "path")],
                        "responses": {"200": {"description": "The document"}, "404": _err("No such document")}},
                "delete": {"summary": "Delete a document and its commitments", "security": secured,
                           "parameters": [_param("id", "integer", "Document id", True, "path")],
                           "responses": {"200": {"description": "{deleted: id}"}, "401": _err("Not allowed"),
                                         "404": _err("No such document")}}},
            "/api/jobs": {"get": {"summary": "The latest ingestion jobs",
                                  "responses": {"200": {"description": "{jobs: [Job]}"}}}},
            "/api/jobs/{id}": {"get": {
                "summary": "An ingestion job's status", "parameters": [_param("id", "integer", "Job id", True, "path")],
                "responses": {"200": {"description": "The job", "content": {"application/json": {"schema": job}}},
                              "404": _err("No such job")}}},
            "/api/jobs/{id}/retry": {"post": {
                "summary": "Queue a failed job again", "security": secured,
                "parameters": [_param("id", "integer", "Job id", True, "path")],
                "responses": {"202": {"description": "The queued job"}, "401": _err("Not allowed"),
                              "404": _err("No such job"), "409": _err("The job has not failed")}}},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI"}}}},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "session": {"type": "apiKey", "in": "cookie", "name": "policykb_session"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
                "Job": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "source_name": {"type": "string"},
                    "status": {"type": "string", "enum": ["queued", "processing", "done", "failed"]},
                    "reason": {"type": ["string", "null"]}, "document_id": {"type": ["integer", "null"]},
                    "commitments": {"type": "integer"}, "duplicate": {"type": "boolean"},
                    "warnings": {"type": "array", "items": {"type": "string"}}}},
            },
        },
    }
