"""Helpers every screen shares: the app context, filters from the query string,
running a search, facets, sorting, retrying a job, highlight markup, deadline
status and URLs that add or drop one filter.

Blueprints (web/views/*.py, web/api.py) never import each other: anything two
of them need lives here (import-linter checks it, see pyproject.toml).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import date, datetime, timezone
from typing import Any, Iterable

from flask import current_app, request, url_for
from markupsafe import Markup, escape
from werkzeug.exceptions import Conflict

from kb.errors import InvalidQuery
from kb.models import STATUSES, STRENGTHS, CommitmentFilter, StoredCommitment

# query-string name -> CommitmentFilter field
FILTER_ARGS = ("actor", "document", "year", "year_from", "year_to", "has_deadline", "sector", "strength",
               "has_quantity", "published_from", "published_to", "status", "lineage")
# arguments that may repeat (actor=A&actor=B: any of them)
MULTI_ARGS = ("actor", "document", "sector", "strength", "status", "lineage")

# UI mode name -> (label, SearchService mode).  "exact" keeps its old name (shared URLs) but says what it
# is: BM25 over any of the words; "all_words" needs every word as a word, "phrase" the words in that order.
SEARCH_MODES = {
    "hybrid": ("Hybrid", "hybrid"),
    "meaning": ("By meaning", "dense"),
    "exact": ("Any of the words", "keyword"),
    "all_words": ("All words", "all_words"),
    "phrase": ("Exact phrase", "phrase"),
}
MODE_HELP = {
    "hybrid": "Meaning and words together (default)",
    "meaning": "Sentences that say the same thing, in other words",
    "exact": "Any of the words, ranked by how many and how rare",
    "all_words": "Every word, as a whole word, in any order",
    "phrase": "The words in that order",
}
# service mode names accepted as aliases in the API
MODE_ALIASES = {"semantic": "meaning", "dense": "meaning", "vector": "meaning", "keyword": "exact",
                "bm25": "exact", "lexical": "exact", "all": "all_words", "exact_phrase": "phrase"}
# results per search page, and how deep paging goes (the service ranks at most 1000: indexer/query.py)
SEARCH_PAGE_SIZE = 20
SEARCH_MAX_RESULTS = 1000

# facet field -> label, in the order the sidebar shows them
FACETS = (("actor", "Actor"), ("deadline_year", "Deadline year"), ("sector", "Sector"), ("strength", "Strength"),
          ("document", "Document"))

# commitment table sort keys (prefix - for descending)
SORTS = {"deadline": "Deadline", "actor": "Actor", "document": "Document"}

# Honest status words (issue 14): a passed deadline says nothing about whether the thing was done.
# met .. superseded are a person's word with evidence (kb/store_review.py); the rest follow from the deadline.
STATUS_LABELS = {
    "met": "Met",
    "partly_met": "Partly met",
    "missed": "Missed",
    "revoked": "Revoked",
    "superseded": "Superseded",
    "deadline_passed": "Deadline passed (status unknown)",
    "due": "Due this year",
    "upcoming": "Upcoming",
    "none": "No deadline",
    "open": "Open",
}


def ctx():
    """The app's WebContext (settings, store, pipeline, search, worker)."""
    return current_app.extensions["policykb"]


INT64_MAX = 2**63 - 1  # ids and offsets are SQLite INTEGERs


def _int(name: str, value: str, lo: int | None = None, hi: int | None = None) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise InvalidQuery(f"{name} must be a whole number, not {value!r}"[:200]) from None
    hi = INT64_MAX if hi is None else hi
    if (lo is not None and n < lo) or n > hi:
        raise InvalidQuery(f"{name} must be between {lo} and {hi}" if lo is not None else f"{name} must be at most {hi}")
    return n


def _bool(name: str, value: str) -> bool:
    v = value.strip().lower()
    if v in ("1", "true", "yes", "y"):
        return True
    if v in ("0", "false", "no", "n"):
        return False
    raise InvalidQuery(f"{name} must be yes or no, not {value!r}")


_DATE_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _date_prefix(name: str, value: str) -> str:
    if not _DATE_PREFIX.fullmatch(value):
        raise InvalidQuery(f"{name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}"[:200])
    return value


def parse_filters(args=None, text: bool = False) -> CommitmentFilter:
    """A CommitmentFilter from query-string arguments; bad values raise InvalidQuery (-> 400).

    actor, document, sector, strength and status may repeat (any of them).  `text=True` reads `q`
    as a text filter (the commitments table and /api/commitments; on the search pages q is the query)."""
    args = request.args if args is None else args
    get = lambda k: (args.get(k) or "").strip() or None  # noqa: E731

    def many(k: str) -> list[str]:
        values = args.getlist(k) if hasattr(args, "getlist") else [args.get(k)]
        return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))

    def one_or_tuple(values: list):
        return None if not values else values[0] if len(values) == 1 else tuple(values)

    year_from = year_to = None
    if get("year") and get("year") != "none":
        year_from = year_to = _int("year", get("year"), 1000, 9999)
    if get("year_from"):
        year_from = _int("year_from", get("year_from"), 1000, 9999)
    if get("year_to"):
        year_to = _int("year_to", get("year_to"), 1000, 9999)
    has_deadline = _bool("has_deadline", get("has_deadline")) if get("has_deadline") else None
    if get("year") == "none":
        has_deadline = False
    strengths = many("strength")
    for strength in strengths:
        if strength not in STRENGTHS:
            raise InvalidQuery(f"strength must be one of {', '.join(STRENGTHS)}")
    statuses = many("status")
    for status in statuses:
        if status not in STATUSES:
            raise InvalidQuery(f"status must be one of {', '.join(STATUSES)}")
    lineage = many("lineage")   # has a lineage link: revoked, raised, dropped, ... (kb/store_lineage.py)
    if lineage:
        from kb.lineage import ALL_RELATIONS
        for relation in lineage:
            if relation not in ALL_RELATIONS:
                raise InvalidQuery(f"lineage must be one of {', '.join(ALL_RELATIONS)}")
        ctx().store.ensure_lineage()   # derived tables: rebuilt when commitments changed
    words = (get("q") or "").strip() if text else ""
    if len(words) > 500:
        raise InvalidQuery("q (the text filter) must be at most 500 characters")
    return CommitmentFilter(
        actor=one_or_tuple(many("actor")),
        document_id=one_or_tuple([_int("document", v, 1) for v in many("document")]),
        deadline_from=year_from,
        deadline_to=year_to,
        has_deadline=has_deadline,
        sector=one_or_tuple(many("sector")),
        strength=one_or_tuple(strengths),
        has_quantity=_bool("has_quantity", get("has_quantity")) if get("has_quantity") else None,
        published_from=_date_prefix("published_from", get("published_from")) if get("published_from") else None,
        published_to=_date_prefix("published_to", get("published_to")) if get("published_to") else None,
        status=one_or_tuple(statuses),
        text=words or None,
        lineage=one_or_tuple(lineage),
        today=today().isoformat() if statuses else None,
    )


def active_filters(args=None) -> list[tuple[str, str, str]]:
    """(arg, value, label) for each filter set in the query string, for removable chips."""
    args = request.args if args is None else args
    out = []
    names = {"actor": "Actor", "document": "Document", "year": "Deadline year", "year_from": "From",
             "year_to": "To", "has_deadline": "Has deadline", "sector": "Sector", "strength": "Strength",
             "has_quantity": "Has quantity", "published_from": "Published from", "published_to": "Published to",
             "status": "Status", "lineage": "Lineage"}
    for k in FILTER_ARGS:
        for v in (args.getlist(k) if hasattr(args, "getlist") else [args.get(k)]):
            v = (v or "").strip()
            if not v:
                continue
            label = STATUS_LABELS.get(v, v) if k == "status" else v
            if k == "document" and v.isdigit():
                try:
                    label = ctx().store.get_document(int(v)).title
                except Exception:
                    pass
            out.append((k, v, f"{names[k]}: {label}"))
    return out


def url_with(endpoint: str | None = None, drop: Iterable[str] = (), **changes: Any) -> str:
    """The current URL's query with some arguments changed (None drops one); page resets."""
    args: dict[str, Any] = request.args.to_dict(flat=False)  # repeated filters (actor=A&actor=B) stay
    for k in drop:
        args.pop(k, None)
    args.pop("page", None)
    for k, v in changes.items():
        if v is None:
            args.pop(k, None)
        else:
            args[k] = v
    return url_for(endpoint or request.endpoint, **(request.view_args or {}), **args)


def url_toggle(arg: str, value: str, endpoint: str | None = None) -> str:
    """The current URL with one value of a repeatable filter added, or removed when it is already there."""
    values = request.args.getlist(arg)
    values = [v for v in values if v != value] if value in values else values + [value]
    return url_with(endpoint, **{arg: values or None})


def filter_selected(arg: str, value: Any) -> bool:
    """Whether the query string has this filter value (a facet entry shown as chosen)."""
    return str(value) in request.args.getlist(arg)


def highlight(text: str, spans: Iterable[tuple[int, int]], tag: str = "mark") -> Markup:
    """`text` with the given character spans wrapped in <mark>; every piece escaped first."""
    clean = []
    n = len(text)
    for span in spans or ():
        try:
            s, e = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            continue
        s, e = max(0, s), min(n, e)
        if e > s:
            clean.append((s, e))
    clean.sort()
    merged: list[list[int]] = []
    for s, e in clean:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out = []
    pos = 0
    for s, e in merged:
        out.append(str(escape(text[pos:s])))
        out.append(f"<{tag}>{escape(text[s:e])}</{tag}>")
        pos = e
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def today() -> date:
    override = current_app.config.get("TODAY")
    if override:
        return date.fromisoformat(override) if isinstance(override, str) else override
    return date.today()


def deadline_status(sc: StoredCommitment | None = None, deadline_date: str | None = None, on: date | None = None) -> str:
    """A person's status (met, partly_met, missed, revoked, superseded) when one is recorded, else
    deadline_passed (status unknown) | due (this year, not yet passed) | upcoming | none."""
    if sc is not None:
        if sc.review is not None and sc.review.status:
            return sc.review.status
        d = sc.commitment.deadline
        deadline_date = d.date if d else None
    if not deadline_date:
        return "none"
    on = on or today()
    try:
        due = date.fromisoformat(deadline_date[:10])
    except ValueError:
        return "none"
    if due < on:
        return "deadline_passed"
    if due.year == on.year:
        return "due"
    return "upcoming"


def doc_summary(doc, n_commitments: int | None = None) -> dict[str, Any]:
    d = {
        "id": doc.id, "title": doc.title, "source_name": doc.source_name, "sha256": doc.sha256,
        "media_type": doc.media_type, "published": doc.published, "size": doc.size, "added_at": doc.added_at,
        "extractor_version": doc.extractor_version, "warnings": list(doc.warnings),
        "issuing_body": doc.issuing_body, "kind": doc.kind, "set_by_person": list(doc.metadata_set),
    }
    if n_commitments is not None:
        d["commitments"] = n_commitments
    return d


def job_dict(job) -> dict[str, Any]:
    d = {
        "id": job.id, "source_name": job.source_name, "sha256": job.sha256, "status": job.status,
        "reason": job.reason, "document_id": job.document_id, "commitments": job.commitments,
        "duplicate": job.duplicate, "warnings": list(job.warnings), "created_at": job.created_at,
        "updated_at": job.updated_at, "attempts": job.attempts, "next_attempt_at": job.next_attempt_at,
        "retryable": job_retryable(job), "elapsed_s": job_elapsed_s(job), "stage": job.stage or None,
        "url": url_for("api.get_job", job_id=job.id),
        "document_url": url_for("documents.show", doc_id=job.document_id) if job.document_id else None,
    }
    return d


def job_retryable(job) -> bool:
    """Whether a Retry could ever help: the upload page offers it only then.

    A file refused at upload (no sha256 kept) or failed by `Store.fail_job` (a parser's
    refusal, an empty or broken file, a known-bad file, a budget overrun: `failed` with
    no `next_attempt_at`) fails the same way every time.  A transient failure (`failed`
    waiting for its backoff, `dead` after its attempts) or a cancelled job may succeed.
    """
    if not job.sha256:
        return False
    if job.status in ("dead", "cancelled"):
        return True
    return job.status == "failed" and job.next_attempt_at is not None


def job_elapsed_s(job, now: datetime | None = None) -> int | None:
    """Seconds a processing job has been at it (since it was claimed: its `updated_at`); None otherwise."""
    if job.status != "processing" or not job.updated_at:
        return None
    try:
        started = datetime.fromisoformat(job.updated_at)
    except ValueError:
        return None
    if started.tzinfo is None:
        started = started.replace(tzinfo=timezone.utc)
    return max(0, int(((now or datetime.now(timezone.utc)) - started).total_seconds()))


def elapsed_words(seconds: int | None) -> str:
    """"12 s", "2 min 05 s": how long a job has been processing, for the upload page."""
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


# -- search, facets, sorting, jobs: shared by the screens and the API -------------------------

def ui_mode(raw: str | None) -> str:
    """A UI search mode name (hybrid, meaning, exact) from the query string; service names are aliases."""
    raw = (raw or "hybrid").strip().lower()
    if raw in SEARCH_MODES:
        return raw
    if raw in MODE_ALIASES:
        return MODE_ALIASES[raw]
    raise InvalidQuery(f"mode must be one of {', '.join(SEARCH_MODES)} (or the service's names dense, keyword)")


def run_search(query: str, k: int, mode: str, filters, offset: int = 0):
    """The search service's hits for a UI mode name; InvalidQuery for a bad query (the service checks it:
    indexer/query.py holds the one set of limits for the CLI, the API and these pages)."""
    return run_search_page(query, k, mode, filters, offset).hits


def run_search_page(query: str, k: int, mode: str, filters, offset: int = 0):
    """A `SearchPage` (indexer/results.py) for a UI mode name: the hits from `offset`, how many matched,
    facets over all matches, the no-answer signal and a "did you mean".

    A stand-in service with only `search` (tests about something else) gets a page built from its hits:
    the count and facets of those hits, low confidence only when nothing was found."""
    service_mode = SEARCH_MODES[mode][1]
    service = ctx().search
    budget = current_app.config.get("SEARCH_TIME_BUDGET", 60)
    args = dict(k=k, mode=service_mode, filters=None if filters.is_empty() else filters)
    if offset:
        args["offset"] = offset
    if getattr(service, "search_page", None) is not None:
        call = lambda: service.search_page(query or "", **args)  # noqa: E731
    else:
        call = lambda: _page_from_hits(query, service_mode, k, offset, service.search(query or "", **args))  # noqa: E731
    if not budget:
        return call()
    return _within_budget(call, float(budget))


def _page_from_hits(query: str, mode: str, k: int, offset: int, hits):
    from indexer import SearchPage
    from indexer.results import facet_counts

    hits = tuple(hits)
    return SearchPage(" ".join((query or "").split()), mode, k, offset, hits, offset + len(hits),
                      facet_counts(list(hits)), low_confidence(list(hits)), None)


def search_offset(args=None) -> tuple[int, int]:
    """(page, offset) of the search page from `page` (1-based) in the query string; InvalidQuery past the
    last page the service ranks."""
    args = request.args if args is None else args
    last = SEARCH_MAX_RESULTS // SEARCH_PAGE_SIZE
    raw = (args.get("page") or "").strip()
    page = _int("page", raw, 1, last) if raw else 1
    return page, (page - 1) * SEARCH_PAGE_SIZE


_EXAMPLE_ACTOR: dict[tuple[int, int], str | None] = {}


def home_example() -> str:
    """An example query for the empty search box, from this knowledge base: its most frequent actor's
    commitments, else a question any policy collection can answer."""
    store = ctx().store
    key = (id(store), store.search_change_seq())   # counted again only after the commitments change
    actor = _EXAMPLE_ACTOR.get(key, "")
    if actor == "":
        rows = store.facet_counts("actor", CommitmentFilter(), limit=1)
        actor = rows[0][0] if rows and rows[0][0] else None
        _EXAMPLE_ACTOR.clear()
        _EXAMPLE_ACTOR[key] = actor
    return f"e.g. what {actor} will do, or what is due by 2030" if actor else "e.g. what is due by 2030"


# Searches run on a pool larger than the server's thread count (12), so one request waits at most
# SEARCH_TIME_BUDGET seconds (default 60: the first search also loads the model) and a search over
# budget gets a 503; its thread finishes in the background, and no more than the pool's size run
# at once, so a burst of slow searches ends in 503s instead of hung requests.
_SEARCH_POOL = None
_SEARCH_POOL_LOCK = threading.Lock()


def _within_budget(call, seconds: float):
    global _SEARCH_POOL
    from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout

    from werkzeug.exceptions import ServiceUnavailable

    with _SEARCH_POOL_LOCK:
        if _SEARCH_POOL is None:
            _SEARCH_POOL = ThreadPoolExecutor(max_workers=16, thread_name_prefix="search")
    future = _SEARCH_POOL.submit(call)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        future.cancel()
        raise ServiceUnavailable(f"The search took longer than {seconds:g} s and was stopped waiting; "
                                 "try fewer or more specific words, or a filter.") from None


def low_confidence(hits) -> bool:
    """Whether a search's hits hold nothing that matches well (the search service's calibrated signal;
    a stand-in service without one says so only when nothing was found)."""
    confident = getattr(ctx().search, "confident", None)
    return not (confident(hits) if confident is not None else bool(hits))


def counts_from_hits(hits) -> dict[str, list[tuple[object, int]]]:
    """Facet counts over the results shown, so each count says how many of them a click keeps.

    Passage hits have only a document; commitment hits have every field.
    """
    counters: dict[str, Counter] = {field: Counter() for field, _label in FACETS}
    for hit in hits:
        counters["document"][hit.doc_title] += 1
        if hit.commitment is None:
            continue
        c = hit.commitment.commitment
        counters["actor"][c.actor] += 1
        counters["deadline_year"][c.deadline.year if c.deadline else None] += 1
        counters["sector"][c.sector] += 1
        counters["strength"][c.strength] += 1
    return {field: counter.most_common(10) for field, counter in counters.items()}


def facet_links(filters, hits=None, counts=None):
    """{field: [(value, arg, count)]} for the facet sidebar: the given counts (a search page's, over all its
    matches), else over the hits of a search, else over the KB."""
    store = ctx().store
    if counts is not None:
        counts = {field: list(counts.get(field, ())) for field, _label in FACETS}
    elif hits:
        counts = counts_from_hits(hits)
    else:
        counts = {field: store.facet_counts(field, filters, limit=10) for field, _label in FACETS}
    titles = store.document_ids_by_title([v for v, _n in counts["document"]])
    out = {}
    for field, _label in FACETS:
        rows = []
        for value, n in counts[field]:
            if field == "document":
                arg = ("document", str(titles.get(value, "")))
            elif field == "deadline_year":
                arg = ("year", "none" if value is None else str(value))
                value = "No deadline" if value is None else value
            else:
                if value is None:
                    continue
                arg = (field, str(value))
            rows.append((value, arg, n))
        out[field] = rows
    return out


def sort_arg() -> str:
    """The commitment table's sort key from the query string (default: deadline)."""
    sort = (request.args.get("sort") or "deadline").strip()
    if sort.lstrip("-") not in SORTS:
        raise InvalidQuery(f"sort must be one of {', '.join(SORTS)} (prefix - for descending)")
    return sort


def retry_job(job_id: int):
    """Queue a failed job again (the upload page and the API); Conflict when it cannot be retried."""
    c = ctx()
    job = c.store.get_job(job_id)
    if job.status not in ("failed", "dead", "cancelled"):
        raise Conflict(f"job {job_id} is {job.status}; only failed, dead or cancelled jobs can be retried")
    if not job.sha256:
        raise Conflict(f"{job.source_name} was refused before it was kept ({job.reason}); upload it again")
    job = c.store.retry_job(job_id)
    if c.worker is not None:
        c.worker.wake()
    return job


def public_job(job) -> bool:
    """Whether anyone may see a job's file name: it made (or found) a document that is still there."""
    return job.status == "done" and job.document_id is not None and not job.hidden


def job_for_viewer(job) -> dict[str, Any]:
    """`job_dict`, without file name, sha256, reason and warnings for readers unless the job is public:
    a failed upload's name and a deleted document's are for editors and admins only."""
    from web.auth import has_role   # web.auth imports this module

    d = job_dict(job)
    if not public_job(job) and not has_role("editor"):
        d.update(source_name=None, sha256=None, reason=None, warnings=[], document_url=None)
    return d


def cancel_job(job_id: int):
    """Cancel a queued or processing job (Conflict otherwise; the worker abandons a running one), audited."""
    from kb.store_jobs import JobConflict
    from web.auth import audit

    c = ctx()
    try:
        job = c.store.cancel_job(job_id)
    except JobConflict as exc:
        raise Conflict(str(exc)) from None
    audit("job.cancel", f"job {job_id}", {"name": job.source_name})
    if c.worker is not None:
        c.worker.wake()
    return job


# -- the API's one list shape: shared by web.api and the blueprints with JSON routes (review, admin) --------

def api_paging(default: int, most: int) -> tuple[int, int]:
    """`limit` (1..most, default `default`) and `offset` (0 or more) from the query string."""
    limit = _int("limit", (request.args.get("limit") or str(default)).strip(), 1, most)
    offset = _int("offset", (request.args.get("offset") or "0").strip(), 0)
    return limit, offset


def carried_args(drop: tuple) -> dict:
    """The query string to repeat in a `next` link, less `drop` and names url_for reserves."""
    return {k: v for k, v in request.args.lists() if k not in drop and k != "endpoint" and not k.startswith("_")}


def list_page(items: list, count: int, limit: int, offset: int, endpoint: str, **values) -> dict:
    """The one list shape of the API: {items, count, limit, offset, next} (`count`: every match;
    `next`: the following page's URL with the same query, or null on the last page)."""
    args = carried_args(("limit", "offset", *values))
    more = offset + len(items) < count
    return {"items": items, "count": count, "limit": limit, "offset": offset,
            "next": url_for(endpoint, **values, **args, limit=limit, offset=offset + limit) if more else None}
