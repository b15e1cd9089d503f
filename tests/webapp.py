"""Helpers for testing the web app without the spaCy and embedding models.

`seed_document` puts a hand-made document with commitments straight into a
store; `StubPipeline` is a `Pipeline` whose parse/extract step is a few plain
rules (title = first line, a paragraph per blank-line block, a commitment per
sentence with "will" or "aims to"), so upload tests exercise the real job
machinery (originals, jobs, duplicates, failures, retries) quickly.  Tests
about the models themselves use the real pipeline instead.
"""

from __future__ import annotations

import re

from kb.errors import IngestError
from kb.models import Commitment, Deadline, IngestOutcome, ParsedDocument, Passage
from kb.originals import sha256_of
from kb.pipeline import Pipeline

_SENT = re.compile(r"[^.!?]+[.!?]?")
_YEAR = re.compile(r"\bby (?:the end of )?((?:19|20)\d\d)\b")


def parse_plain(data: bytes, name: str) -> ParsedDocument:
    text_in = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text_in) if b.strip()]
    if not blocks:
        raise IngestError(name, "no text found")
    text, passages = "", []
    for i, block in enumerate(blocks):
        if text:
            text += "\n\n"
        start = len(text)
        text += block
        passages.append(Passage(i, "heading" if i == 0 else "paragraph", block, start, len(text)))
    return ParsedDocument(name, sha256_of(data), "text/plain", blocks[0][:200], None, text, tuple(passages),
                          size=len(data))


def rule_commitments(parsed: ParsedDocument, version: str = "stub-1") -> list[Commitment]:
    out = []
    for p in parsed.passages[1:]:
        for m in _SENT.finditer(p.text):
            sent = m.group(0).strip()
            if not re.search(r"\b(will|aims to|shall)\b", sent):
                continue
            start = p.start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            words = sent.split()
            actor = words[0].strip(",") if words else ""
            verb = re.search(r"\b(?:will|aims to|shall)\s+(\w+)\s+(.*?)(?:\s+by\s+|[.!?]?$)", sent)
            y = _YEAR.search(sent)
            out.append(Commitment(
                actor=actor, actor_text=actor, action=verb.group(1) if verb else "do",
                target=(verb.group(2) if verb else sent)[:120], sentence=sent, sentence_start=start,
                sentence_end=start + len(sent), passage_index=p.index,
                deadline=Deadline(y.group(0), f"{y.group(1)}-12-31") if y else None,
                strength="binding" if " will " in f" {sent} " else "aspirational",
                flags=() if y else ("no_deadline",), extractor_version=version,
            ))
    return out


class StubPipeline(Pipeline):
    """The real job machinery with a rule-based parse/extract step (no models).

    A file whose text contains FAIL_ME fails with a reason, so tests can retry
    it after `fail_marker` is cleared.
    """

    fail_marker: str | None = "FAIL_ME"

    def _parse_extract_store(self, job) -> IngestOutcome:
        data = self.originals.get(job.sha256)
        if self.fail_marker and self.fail_marker.encode() in data:
            raise IngestError(job.source_name, "the stub parser was told to fail")
        parsed = parse_plain(data, job.source_name)
        commitments = rule_commitments(parsed)
        doc_id = self.store.add_document(parsed, commitments, "stub-1", job_id=job.id)
        return IngestOutcome(job.source_name, "added", document_id=doc_id, commitments=len(commitments))


def seed_document(store, text: str, name: str = "doc.txt") -> int:
    """Store `text` (title = first block) with its rule-based commitments; returns the document id."""
    parsed = parse_plain(text.encode("utf-8"), name)
    return store.add_document(parsed, rule_commitments(parsed), "stub-1")


HECHI_TEXT = """Hechi green pilot zone

Hechi will accelerate the construction of a clean energy system. Hechi aims to build 6,000 5G base stations by 2025.

Nandan will build a railway from Liuzhou to Baise by 2030. Bama will improve rural public infrastructure.
"""

OTHER_TEXT = """Albania energy strategy

Albania will raise the share of renewable energy to 42 percent by 2030. Albania aims to install 5G networks in every city by 2027.

The ministry will publish an annual progress report. Tirana shall close the old coal plant by 2020.
"""


def make_app(data_dir, *, seed: bool = True, search=None, config: dict | None = None, max_file_bytes: int | None = None):
    """A test app over a fresh store in `data_dir`: stub pipeline, keyword search, no worker thread."""
    from kb.config import load_settings
    from kb.store import Store
    from web import create_app
    from tests.fake_search import BasicSearch

    overrides = {"max_file_bytes": max_file_bytes} if max_file_bytes else {}
    settings = load_settings(data_dir, **overrides)
    store = Store(settings.db_path)
    pipeline = StubPipeline(settings, store)
    if seed:
        for text, name in ((HECHI_TEXT, "hechi.txt"), (OTHER_TEXT, "albania.txt")):
            pipeline.ingest_bytes(text.encode(), name)
    app = create_app(settings, store=store, search=search or BasicSearch(store), pipeline=pipeline,
                     start_worker=False, config={"TESTING": True, **(config or {})})
    return app


def csrf_of(client) -> str:
    """The session's CSRF token (rendering any page with a form creates it)."""
    with client.session_transaction() as sess:
        tok = sess.get("csrf")
    if not tok:
        client.get("/login")
        with client.session_transaction() as sess:
            tok = sess["csrf"]
    return tok


def login(client, name: str = "editor", password: str = "correct horse", follow: bool = False):
    tok = csrf_of(client)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": tok},
                       follow_redirects=follow)
