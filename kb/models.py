"""The records PolicyKB passes from stage to stage.

Every concept is defined once here as a frozen dataclass.  Stages hand these
records to each other; dicts appear only at the SQLite and JSON edges
(`Store` and the web API).  Every extracted fact carries its provenance:
document, character offsets, page and extractor version.
"""

from __future__ import annotations

from dataclasses import dataclass, asdict
from typing import Any


# --------------------------------------------------------------------------
# Ingestion: file -> clean text -> passages
# --------------------------------------------------------------------------

# table_row: one row of a table, cells joined by " | " (parent_index: the table's first row, its header);
# footnote: a note moved out of the running text, its number in `label`.
PASSAGE_KINDS = ("heading", "paragraph", "list_item", "table_row", "footnote")


@dataclass(frozen=True)
class Passage:
    """A block of the clean text: a heading, a paragraph or a list item.

    `start`/`end` are character offsets into `ParsedDocument.text`, so
    `text == document.text[start:end]` always holds.  A sentence never runs
    across two passages.
    """

    index: int                      # position within the document, from 0
    kind: str                       # one of PASSAGE_KINDS
    text: str
    start: int
    end: int
    page: int | None = None         # 1-based page for PDFs, else None
    section: str | None = None      # title of the heading this passage sits under
    parent_index: int | None = None  # list item -> index of the passage that introduces the list
    label: str | None = None        # numbered paragraph's label ("2.7", "Sec. 3."), footnote's number; not in text
    ocr: bool = False               # read by OCR from a scanned page
    ocr_confidence: float | None = None  # tesseract's mean word confidence (0-100) on its page, when OCR'd


@dataclass(frozen=True)
class SourceLink:
    """A link of the source file (an HTML <a href>, a Markdown link, a PDF link, a URL printed in the text),
    kept as a span of the clean text: `text[start:end]` is its anchor.  `url` is http(s) or mailto only."""

    start: int
    end: int
    url: str


@dataclass(frozen=True)
class ParsedDocument:
    """What ingestion makes of one file's bytes, before anything is stored."""

    source_name: str                # the file name as given by the user (display only, never a path)
    sha256: str                     # of the original bytes
    media_type: str                 # sniffed: text/plain, text/markdown, text/html, application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document
    title: str
    published: str | None           # ISO date (YYYY-MM-DD) when the text states one
    text: str                       # clean text; passages are slices of it
    passages: tuple[Passage, ...]
    warnings: tuple[str, ...] = ()
    size: int = 0                   # bytes of the original file
    title_source: str | None = None      # where the title came from: "pdf-metadata", "first-page heading", ...
    published_source: str | None = None  # where the date came from: "text: 'Published 3 March 2025'", ...
    issuing_body: str | None = None      # the body the document says issued it ("Published by X"), if stated
    issuing_body_source: str | None = None
    links: tuple[SourceLink, ...] = ()   # the source's links, as spans of `text` (kb.ingest.links)


# --------------------------------------------------------------------------
# Extraction: passages -> commitments
# --------------------------------------------------------------------------

STRENGTHS = ("binding", "advisory", "aspirational", "supportive")


@dataclass(frozen=True)
class Deadline:
    """A deadline as written and normalised.

    `date` is an ISO date (YYYY-MM-DD) for the last day by which the thing is
    due ("by 2025" -> 2025-12-31); None when the phrase names no resolvable date.
    """

    text: str
    date: str | None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class Quantity:
    """A figure attached to a commitment: "6,000 5G base stations", "20 percent"."""

    value: float
    unit: str
    text: str
    upper: float | None = None      # upper bound of a range ("20-25 percent")


# Where a commitment's actor came from.  Only "named" is read off the sentence itself;
# "unknown" marks records stored before the extractor said (re-extraction fills it in).
ACTOR_SOURCES = ("named", "pronoun_resolved", "lead_in", "main_actor", "unknown", "person")
ACTOR_SOURCE_LABELS = {
    "person": "set by a person",   # a reviewer corrected or confirmed it (kb.store_review)
    "named": "named in the sentence",
    "pronoun_resolved": "resolved from a pronoun or description",
    "lead_in": "carried from the list lead-in or section",
    "main_actor": "assumed: the document's main actor",  # no actor named, or only "the city", "we"
    "unknown": "not recorded",
}


@dataclass(frozen=True)
class Commitment:
    """One thing one actor undertakes to do, with a link to its sentence."""

    actor: str                      # resolved ("it" -> "Hechi")
    actor_text: str                 # the mention as written ("it", "the city", "" for agentless passives)
    action: str                     # verb phrase, lemma first ("build", "make overall plans for")
    target: str                     # the span the action applies to
    sentence: str                   # the whole source sentence
    sentence_start: int             # offsets into ParsedDocument.text
    sentence_end: int
    passage_index: int
    deadline: Deadline | None = None
    quantity: Quantity | None = None
    strength: str = "binding"       # one of STRENGTHS
    negated: bool = False
    sector: str | None = None
    places: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()     # vagueness: "no_deadline", "no_quantity", "no_named_actor"
    page: int | None = None
    extractor_version: str = ""
    target_start: int | None = None  # offsets of the target span into ParsedDocument.text, when known
    target_end: int | None = None
    actor_source: str = "named"     # one of ACTOR_SOURCES: whether the sentence named the actor
    confidence: float | None = None  # 0-1: how likely all four fields are right (calibrated; None: not scored)

    @property
    def actor_inferred(self) -> bool:
        """True when the sentence did not name the actor: every screen and export must say so."""
        return self.actor_source not in ("named", "unknown", "person")


# --------------------------------------------------------------------------
# Stored records: what the store hands back (with ids)
# --------------------------------------------------------------------------

# dead: gave up after too many attempts (kb.store_jobs.MAX_ATTEMPTS); cancelled: stopped by an admin
JOB_STATES = ("queued", "processing", "done", "failed", "dead", "cancelled")


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    source_name: str
    sha256: str
    media_type: str
    title: str
    published: str | None
    text: str
    size: int
    added_at: str
    extractor_version: str
    warnings: tuple[str, ...] = ()
    issuing_body: str | None = None     # set by people (upload form, document page, API)
    kind: str | None = None             # "plan", "order", "guidance", ... free text
    metadata_set: tuple[str, ...] = ()  # which of title, published, issuing_body, kind a person set
    title_source: str | None = None      # where ingestion found each (ParsedDocument); None if not recorded
    published_source: str | None = None
    issuing_body_source: str | None = None


@dataclass(frozen=True)
class StoredPassage:
    id: int
    document_id: int
    passage: Passage
    # the parser's sentences, (start, end) relative to passage.text; None when not parsed
    sentences: tuple[tuple[int, int], ...] | None = None


# -- people's review of extracted records (kb/store_review.py) -----------------

# The fields a person may correct; everything else stays the extractor's.
REVIEW_FIELDS = ("actor", "action", "target", "deadline", "quantity", "strength")
# Review states: confirmed (as extracted or after edits), edited, rejected ("not a commitment"),
# added (a person selected text the extractor missed).
REVIEW_STATES = ("confirmed", "edited", "rejected", "added")
# What became of a commitment.  "open" and "deadline_passed" (status unknown) follow from the
# deadline and today; the others are set by a person, with evidence.
STATUSES = ("open", "deadline_passed", "met", "partly_met", "missed", "revoked", "superseded")
SET_STATUSES = ("met", "partly_met", "missed", "revoked", "superseded")
STATUS_WORDS = {
    "open": "Open", "deadline_passed": "Deadline passed (status unknown)", "met": "Met",
    "partly_met": "Partly met", "missed": "Missed", "revoked": "Revoked", "superseded": "Superseded",
}


@dataclass(frozen=True)
class StatusEvidence:
    """Why a person says a commitment was met, missed, ...: a sentence of another document or a URL, and a note."""

    note: str | None = None
    url: str | None = None
    document_id: int | None = None      # a sentence of a stored document: offsets into its text
    start: int | None = None
    end: int | None = None
    sentence: str | None = None


@dataclass(frozen=True)
class Review:
    """What people did to one record: kept beside the extractor's output, never over it."""

    id: int
    state: str                          # one of REVIEW_STATES
    set_fields: tuple[str, ...] = ()    # of REVIEW_FIELDS: the values a person set
    by: str | None = None               # who acted last, and when (ISO time)
    at: str | None = None
    status: str | None = None           # of SET_STATUSES, None while nobody said
    status_by: str | None = None
    status_at: str | None = None
    evidence: StatusEvidence | None = None
    conflict: str | None = None         # why re-extraction could not carry it over (it waits in the queue)


@dataclass(frozen=True)
class Correction:
    """One line of a record's history: who changed which field from what to what, when, and why."""

    id: int
    review_id: int
    commitment_id: int | None
    by: str
    at: str
    field: str                          # a REVIEW_FIELD, or "confirmed", "rejected", "added", "status"
    before: Any
    after: Any
    note: str | None = None


@dataclass(frozen=True)
class StoredCommitment:
    id: int
    document_id: int
    passage_id: int | None
    commitment: Commitment
    document_title: str = ""
    document_name: str = ""
    review: Review | None = None        # None: nobody reviewed it
    origin: str = "extractor"           # "extractor" | "person" (added from a text selection)
    document_published: str | None = None
    document_issuer: str | None = None

    def status_on(self, today: str) -> str:
        """The honest status on `today` (ISO date): a person's word, else open / deadline passed (unknown)."""
        if self.review is not None and self.review.status:
            return self.review.status
        d = self.commitment.deadline
        if d is not None and d.date and d.date[:10] < today[:10]:
            return "deadline_passed"
        return "open"


@dataclass(frozen=True)
class Job:
    """An ingestion job: one file's way from upload to done or failed."""

    id: int
    source_name: str
    sha256: str | None
    status: str                     # one of JOB_STATES
    reason: str | None
    document_id: int | None
    commitments: int
    created_at: str
    updated_at: str
    warnings: tuple[str, ...] = ()
    duplicate: bool = False         # done because the same bytes were already in
    attempts: int = 0               # times a worker started it (a crash mid-job counts)
    next_attempt_at: str | None = None  # backoff: not started again before this time
    hidden: bool = False            # its document was deleted: readers do not see its file name
    # document details given at upload ((field, value) pairs: title, published, issuing_body, kind),
    # set on the document when the job stores it
    document_details: tuple[tuple[str, str], ...] = ()
    stage: str = ""                 # while processing: one of JOB_STAGES ('' otherwise)
    worker: str | None = None       # while processing: the worker that claimed it (kb/store_jobs.py leases)
    lease_until: str | None = None  # while processing: another worker may take it after this time


# what a processing job is doing, in order (kb/pipeline.py marks each as it starts)
JOB_STAGES = ("reading", "storing")


@dataclass(frozen=True)
class WorkerInfo:
    """A worker that processes jobs (a `policykb worker` process, or a web node's worker thread), as the
    `workers` table knows it (kb/store_jobs.py: `Store.list_workers`)."""

    name: str
    host: str
    pid: int
    started_at: str                 # ISO 8601 UTC
    last_seen: str                  # its last heartbeat
    current_job_id: int | None      # the job it holds now, if any
    alive: bool                     # seen within 3 lease periods (a killed worker stops being seen)
    lease_s: float = 60.0           # its lease length: how long a job it holds stays its own unrenewed


@dataclass(frozen=True)
class SearchNode:
    """A web node's search index replica, as the `search_nodes` table knows it (kb/store_nodes.py), with
    its lag behind the store's change log (`search_changes`)."""

    name: str
    url: str | None
    host: str
    pid: int
    index_dir: str
    applied_seq: int                # the last change of the log its in-memory index holds
    snapshot_seq: int               # the change its saved snapshot starts from (what it replays from on restart)
    started_at: str                 # ISO 8601 UTC
    last_seen: str                  # its last heartbeat
    alive: bool                     # seen within a few heartbeats
    lag_changes: int = 0            # the store's last change minus `applied_seq`
    lag_seconds: float = 0.0        # seconds since the first change it has not applied was logged (0: none)


@dataclass(frozen=True)
class IngestOutcome:
    """The result of putting one file into the knowledge base."""

    source_name: str
    status: str                     # "added" | "duplicate" | "failed" | "cancelled"
    document_id: int | None = None
    reason: str | None = None
    commitments: int = 0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommitmentFilter:
    """The filters every list and search of commitments accepts.

    None means "any".  Years and dates are inclusive.  Applied inside the store's
    SQL and inside the search (as a pre-filtered id set), never by throwing away
    results afterwards.  actor, document_id, sector, strength and status take one
    value or a tuple of several ("any of them", like Datasette's repeated facets).
    """

    actor: str | tuple[str, ...] | None = None    # resolved actor, case-insensitive exact match
    document_id: int | tuple[int, ...] | None = None
    deadline_from: int | None = None    # year
    deadline_to: int | None = None      # year
    has_deadline: bool | None = None
    sector: str | tuple[str, ...] | None = None
    strength: str | tuple[str, ...] | None = None
    has_quantity: bool | None = None
    published_from: str | None = None   # ISO date (YYYY, YYYY-MM or YYYY-MM-DD) of the document
    published_to: str | None = None
    status: str | tuple[str, ...] | None = None   # of STATUSES: a person's word, else open / deadline_passed
    text: str | None = None             # words within the sentence, actor, target or document title
    lineage: str | tuple[str, ...] | None = None  # has a lineage link: "revoked", "raised", ... (kb/lineage.py)
    today: str | None = None            # ISO date that open vs deadline_passed is judged on (None: today)

    def is_empty(self) -> bool:
        return all(getattr(self, f) is None for f in self.__dataclass_fields__ if f != "today")


def filter_values(value) -> tuple:
    """A CommitmentFilter field as a tuple of values: () for None, (v,) for one value."""
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


@dataclass(frozen=True)
class Account:
    """Who is acting: a user, with the role of this login or token (reader < editor < admin)."""

    id: int
    name: str
    role: str

    def __str__(self) -> str:  # templates print the name
        return self.name


@dataclass(frozen=True)
class UserRecord:
    """An account as the admin pages and `policykb user list` show it."""

    id: int
    name: str
    role: str
    created_at: str
    sessions: int = 0
    tokens: int = 0


@dataclass(frozen=True)
class TokenRecord:
    """An API token's metadata (the token itself is never stored).  Times are epoch seconds."""

    id: int
    user_id: int
    user_name: str
    label: str | None
    role: str
    created_at: str
    expires_at: float | None
    last_used_at: float | None
    revoked_at: float | None


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log: who did what to which thing, when."""

    id: int
    at: str
    actor: str
    action: str
    subject: str
    detail: str | None
    address: str | None


def to_dict(record: Any) -> dict[str, Any]:
    """A record as a plain dict (for JSON output)."""
    return asdict(record)
