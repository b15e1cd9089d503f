"""Watchlists: the "Watch" button, the "Watchlists" page, each watchlist's "what changed since your
last visit" page, its Atom feed, and the API under /api/watchlists.

A signed-in user (any role: a watchlist is the user's own, not a change to the knowledge base)
watches a search (query, mode and filters), a commitments-table filter (its query string), an actor
entity or one commitment.  What it matches is worked out again on every read (web/feeds.py); what
changed is read from the store (kb/watchlists.py).  Opening a watchlist's page shows the changes
since the user's last visit and then records this visit; the API's GET shows the same changes but
records nothing (a script polling it must not hide changes from the person).

The feed, /feeds/watchlists/<feed_token>.atom, needs no session: its address carries the
watchlist's random feed token (the id in that URL *is* the unguessable token, never the numeric
id), so anyone holding the address can read that feed and nothing else.  Deleting the watchlist
ends the address.

Another user's watchlist is a 404, the same as one that does not exist.
"""

from __future__ import annotations

import functools
import hashlib

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest, ServiceUnavailable

from kb.errors import InvalidQuery, NotFound
from kb.watchlists import (EVENT_KINDS, EVENT_WORDS, WATCH_KINDS, Watchlist, WatchSpec, check_days, check_name,
                           due_soon, watch_events)
from web.auth import AuthFailed, current_user
from web.common import _int, ctx, today
from web.feeds import FEED_SIZE, atom_feed, check_spec, describe, feed_updated, matching_ids

bp = Blueprint("watchlists", __name__)
api = Blueprint("watchlists_api", __name__, url_prefix="/api")

SECTION_SIZE = 100      # events of one kind shown on a page (the rest: "and N more")


def signed_in(view):
    """Any signed-in user, whatever the role (a reader token too): a watchlist is the user's own.
    Anonymous: the API answers 401, a page GET goes to the login and back."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            if request.method == "GET" and not request.path.startswith("/api/"):
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            raise AuthFailed()
        return view(*args, **kwargs)

    return wrapped


# -- shared by the pages and the API ------------------------------------------------------------

def _spec_from(values, body: bool = False) -> WatchSpec:
    """A WatchSpec from a form (`kind`, `args`: the page's query string, `entity_id`, `commitment_id`)
    or a JSON body (`kind`, `query`, `mode`, `filters`, `entity_id`, `commitment_id`)."""
    kind = values.get("kind")
    if not isinstance(kind, str) or kind not in WATCH_KINDS:
        raise InvalidQuery(f"kind must be one of {', '.join(WATCH_KINDS)}")

    def text(name: str) -> str | None:
        v = values.get(name)
        if v is not None and not isinstance(v, str):
            raise InvalidQuery(f"{name} must be a string")
        return v

    def whole(name: str) -> int:
        v = values.get(name)
        if body:
            if isinstance(v, bool) or not isinstance(v, int):
                raise InvalidQuery(f"{name} is required for a {kind} watchlist: a whole number")
            if not 0 <= v <= 2**63 - 1:
                raise InvalidQuery(f"{name} must be between 0 and {2**63 - 1}")
            return v
        return _int(name, (v or "").strip(), 0)

    store = ctx().store
    if kind == "search":
        if body:
            spec = WatchSpec("search", query=text("query"), mode=text("mode") or "hybrid",
                             filters=text("filters") or "")
        else:   # the search page's own query string: q, mode and its filters
            from web.feeds import filter_args

            args = filter_args(text("args") or "")
            spec = WatchSpec("search", query=args.get("q"), mode=args.get("mode") or "hybrid",
                             filters=text("args") or "")
        return check_spec(spec)
    if kind == "filter":
        return check_spec(WatchSpec("filter", filters=text("filters" if body else "args") or ""))
    if kind == "entity":
        store.ensure_entities()
        key, name = store.entity_key_of(whole("entity_id"))
        return WatchSpec("entity", entity_key=key, entity_name=name)
    cid = whole("commitment_id")
    store.get_commitment(cid)   # NotFound for none (or a rejected record)
    return WatchSpec("commitment", commitment_id=cid)


def _create(values, body: bool = False) -> Watchlist:
    user = current_user()
    assert user is not None   # require_role ran first
    spec = _spec_from(values, body)
    name = values.get("name")
    if name is not None and not isinstance(name, str):
        raise InvalidQuery("name must be a string")
    days = check_days(values.get("days"))
    return ctx().store.add_watchlist(user.id, check_name(name) or describe(spec), spec, days)


def _own(watchlist_id: int) -> Watchlist:
    user = current_user()
    assert user is not None
    return ctx().store.get_watchlist(watchlist_id, user.id)


def _report(wl: Watchlist, since: str | None):
    """(matching ids, events since `since` newest first, commitments due within the watchlist's days)."""
    store = ctx().store
    _fresh_lineage(store)
    ids = matching_ids(wl)
    on = today().isoformat()
    return ids, watch_events(store, ids, today=on, days=wl.days, since=since), due_soon(store, ids, today=on,
                                                                                         days=wl.days)


def _fresh_lineage(store) -> None:
    """Revocations and lineage links are derived tables: rebuilt first when commitments changed since."""
    ensure = getattr(store, "ensure_lineage", None)   # kb/store_lineage.py, which also ensures entities
    (ensure or store.ensure_entities)()


def feed_url(wl: Watchlist) -> str:
    return url_for("watchlists.feed", token=wl.feed_token, _external=True)


def _summary(wl: Watchlist) -> dict:
    s = wl.spec
    return {"id": wl.id, "name": wl.name, "kind": s.kind, "query": s.query, "mode": s.mode, "filters": s.filters,
            "entity_name": s.entity_name, "commitment_id": s.commitment_id, "days": wl.days,
            "created_at": wl.created_at, "last_visited_at": wl.last_visited_at,
            "url": url_for("watchlists.show", watchlist_id=wl.id),
            "api_url": url_for("watchlists_api.get", watchlist_id=wl.id), "feed_url": feed_url(wl)}


# -- pages --------------------------------------------------------------------------------------

@bp.app_context_processor
def _watch_fields():
    """`watch_fields()` for templates/watchlist_button.html: the hidden fields of the Watch button on
    this page (search, commitments table, actor pages, a commitment), or None where nothing is watchable."""

    def watch_fields() -> dict | None:
        ep, view = request.endpoint or "", request.view_args or {}
        query = request.query_string.decode("utf-8", "replace")
        if ep == "search.home" and (request.args.get("q") or "").strip():
            return {"kind": "search", "args": query}
        if ep == "commitments.index":
            return {"kind": "filter", "args": query}
        if ep == "actors.entity" and "entity_id" in view:
            return {"kind": "entity", "entity_id": view["entity_id"]}
        if ep == "actors.show" and "name" in view:
            from urllib.parse import urlencode
            return {"kind": "filter", "args": urlencode({"actor": view["name"]})}
        if ep == "commitment.show" and "cid" in view:
            return {"kind": "commitment", "commitment_id": view["cid"]}
        return None

    def watching(fields: dict | None) -> Watchlist | None:
        """The signed-in user's watchlist of what `fields` would watch, if there is one: the page then says
        "already watching" (a link to it) instead of offering a second Watch button."""
        user = current_user()
        if not fields or user is None:
            return None
        try:
            spec = _spec_from({k: str(v) for k, v in fields.items()})
        except (InvalidQuery, NotFound, ServiceUnavailable):
            return None     # nothing watchable here after all: the button's POST says why
        return ctx().store.find_watchlist(user.id, spec)

    return {"watch_fields": watch_fields, "watching": watching}


@bp.get("/watchlists")
@signed_in
def index():
    """The user's watchlists, each with how many changes wait since the last visit."""
    user = current_user()
    store = ctx().store
    rows = []
    for wl in store.list_watchlists(user.id):
        try:
            _ids, events, due = _report(wl, wl.since)
            rows.append((wl, len(events), len(due), None))
        except (InvalidQuery, ServiceUnavailable) as exc:   # one slow or stale search spoils only its row
            rows.append((wl, 0, 0, getattr(exc, "description", None) or str(exc)))
    return render_template("watchlists.html", rows=rows)


@bp.post("/watchlists")
@signed_in
def create():
    """The Watch button: save what this page shows as a watchlist, then open it (the one the user already
    has of the same thing, when there is one: a second would only repeat its changes)."""
    user = current_user()
    assert user is not None
    try:
        existing = ctx().store.find_watchlist(user.id, _spec_from(request.form))
        wl = existing or _create(request.form)
    except (InvalidQuery, NotFound) as exc:
        flash(f"Could not watch this: {exc}")
        return redirect(request.referrer if _same_site(request.referrer) else url_for("watchlists.index"))
    if existing:
        flash(f"You already watch this in “{wl.name}”.")
    else:
        flash(f"Watching “{wl.name}”. Changes appear here and in its feed.")
    return redirect(url_for("watchlists.show", watchlist_id=wl.id))


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)


@bp.get("/watchlists/<int:watchlist_id>")
@signed_in
def show(watchlist_id: int):
    """What changed since the last visit (then this visit is recorded)."""
    wl = _own(watchlist_id)
    since = wl.since
    ids, events, due = _report(wl, since)
    sections = []
    for kind in ("new", "status", "lineage"):
        found = [e for e in events if e.kind == kind]
        sections.append((kind, EVENT_WORDS[kind], found[:SECTION_SIZE], len(found)))
    fresh = {e.commitment.id for e in events if e.kind == "deadline"}
    ctx().store.mark_watchlist_visited(wl.id, wl.user_id)
    return render_template("watchlist.html", wl=wl, since=since, first_visit=wl.last_visited_at is None,
                           matching=len(ids), sections=sections, due=due, fresh_due=fresh, changes=len(events),
                           feed=feed_url(wl), spec_url=_spec_url(wl))


def _spec_url(wl: Watchlist) -> str | None:
    """Where the watched thing lives in the app (the search, the table, the actor, the commitment)."""
    s = wl.spec
    if s.kind == "search":
        from web.feeds import filter_args

        return url_for("search.home", q=s.query, mode=s.mode, **filter_args(s.filters).to_dict(flat=False))
    if s.kind == "filter":
        from web.feeds import filter_args

        return url_for("commitments.index", **filter_args(s.filters).to_dict(flat=False))
    if s.kind == "entity":
        found = ctx().store.entity_by_key(s.entity_key or "")
        return url_for("actors.entity", entity_id=found[0]) if found else None
    return url_for("commitment.show", cid=s.commitment_id)


@bp.post("/watchlists/<int:watchlist_id>/settings")
@signed_in
def settings(watchlist_id: int):
    """Rename the watchlist and set how many days ahead deadlines are listed."""
    wl = _own(watchlist_id)
    try:
        wl = ctx().store.update_watchlist(wl.id, wl.user_id, check_name(request.form.get("name")) or wl.name,
                                          check_days(request.form.get("days")))
        flash(f"Saved: “{wl.name}”, deadlines within {wl.days} days.")
    except InvalidQuery as exc:
        flash(f"Not saved: {exc}")
    return redirect(url_for("watchlists.show", watchlist_id=wl.id))


@bp.post("/watchlists/<int:watchlist_id>/delete")
@signed_in
def delete(watchlist_id: int):
    wl = _own(watchlist_id)
    ctx().store.delete_watchlist(wl.id, wl.user_id)
    flash(f"Stopped watching “{wl.name}”; its feed address no longer works.")
    return redirect(url_for("watchlists.index"))


@bp.get("/feeds/watchlists/<token>.atom")
def feed(token: str):
    """The watchlist's Atom feed: no session needed, the unguessable token in the address is the key."""
    if len(token) > 100:
        raise NotFound("no watchlist has this feed address")
    wl = ctx().store.watchlist_by_feed_token(token)
    _fresh_lineage(ctx().store)
    events = watch_events(ctx().store, matching_ids(wl), today=today().isoformat(), days=wl.days,
                          limit=FEED_SIZE)
    body = atom_feed(wl, events, self_url=feed_url(wl),
                     page_url=url_for("watchlists.show", watchlist_id=wl.id, _external=True),
                     commitment_url=lambda cid: url_for("commitment.show", cid=cid, _external=True),
                     document_url=lambda did: url_for("documents.show", doc_id=did, _external=True))
    # A feed reader polls: it sends back the ETag (a hash of the document: any change, a renamed watchlist
    # too, gives another) and Last-Modified (the newest event) and gets 304 Not Modified, no body, while
    # nothing changed.  no-cache: a cache must ask again each time rather than serve its copy unasked.
    response = Response(body, mimetype="application/atom+xml", headers={"Cache-Control": "no-cache"})
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    response.last_modified = feed_updated(wl, events)
    return response.make_conditional(request)


# -- the API --------------------------------------------------------------------------------------

def _paging() -> tuple[int, int]:
    limit = _int("limit", (request.args.get("limit") or "100").strip(), 1, 500)
    offset = _int("offset", (request.args.get("offset") or "0").strip(), 0)
    return limit, offset


@api.get("/watchlists")
@signed_in
def list_():
    """The caller's watchlists, newest first: {items, count, limit, offset, next}."""
    user = current_user()
    limit, offset = _paging()
    store = ctx().store
    items = [_summary(wl) for wl in store.list_watchlists(user.id, limit, offset)]
    count = store.count_watchlists(user.id)
    more = offset + len(items) < count
    return jsonify({"items": items, "count": count, "limit": limit, "offset": offset,
                    "next": url_for("watchlists_api.list_", limit=limit, offset=offset + limit) if more else None})


@api.post("/watchlists")
@signed_in
def create_api():
    """Save a watchlist from a JSON body; 201 with it."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object: {kind, query?, mode?, filters?, entity_id?, "
                         "commitment_id?, name?, days?}")
    wl = _create(body, body=True)
    return jsonify(_summary(wl)), 201, {"Location": url_for("watchlists_api.get", watchlist_id=wl.id)}


def _event_dict(e) -> dict:
    sc = e.commitment
    return {"kind": e.kind, "at": e.at, "detail": e.detail, "commitment_id": sc.id,
            "url": url_for("commitment.show", cid=sc.id), "sentence": sc.commitment.sentence,
            "document_id": sc.document_id, "document_title": sc.document_title,
            "evidence_document_id": e.document_id, "evidence_sentence": e.sentence}


@api.get("/watchlists/<int:watchlist_id>")
@signed_in
def get(watchlist_id: int):
    """The watchlist with what changed since the owner's last visit to its page (recording no visit)."""
    wl = _own(watchlist_id)
    ids, events, due = _report(wl, wl.since)
    return jsonify(dict(_summary(wl), since=wl.since, matching=len(ids),
                        events=[_event_dict(e) for e in events[:500]],
                        due_soon=[{"commitment_id": sc.id, "url": url_for("commitment.show", cid=sc.id),
                                   "deadline": sc.commitment.deadline.date if sc.commitment.deadline else None,
                                   "sentence": sc.commitment.sentence} for sc in due[:500]]))


@api.delete("/watchlists/<int:watchlist_id>")
@signed_in
def delete_api(watchlist_id: int):
    wl = _own(watchlist_id)
    ctx().store.delete_watchlist(wl.id, wl.user_id)
    return jsonify({"deleted": wl.id})


__all__ = ["bp", "api", "EVENT_KINDS"]
