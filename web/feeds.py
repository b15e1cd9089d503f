"""What a watchlist matches now, what changed for it, and its Atom feed (feedgen).

Matching is done here, in the web layer, because a search watchlist needs the search
service (`kb` may not import `indexer`):

- **search**: the commitments among the first WATCH_SEARCH_DEPTH results of the saved query,
  mode and filters that really match -- found by its words (keyword engine or a words mode), or
  with a `match` the service calls good (the same calibrated threshold as the search page's
  "No result matches well"), so a meaning search does not "match" every nearest neighbour.
  A sentence folded into a hit (the same sentence in another document) counts too.
- **filter**: the commitments table's query string, read by `parse_filters` and run as the
  store's own filter (`Store.commitment_ids`), exactly what /commitments?<filters> lists.
- **entity**: the commitments of the entity merged on the saved key (entity ids change when the
  derived entity tables are rebuilt; the key does not).
- **commitment**: that one record, while it is live.

The feed is reached by an unguessable per-watchlist token in its URL
(/feeds/watchlists/<feed_token>.atom), not by the watchlist's id: a feed reader has no
session, and the token is the read-only capability to that one feed.  It lists the latest
FEED_SIZE events (kb.watchlists.watch_events), newest first, each with a stable id, so a
reader shows every change once.
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode

from feedgen.feed import FeedGenerator
from werkzeug.datastructures import MultiDict

from kb.errors import InvalidQuery, NotFound
from kb.watchlists import EVENT_WORDS, Watchlist, WatchEvent, WatchSpec
from web.common import FILTER_ARGS, SEARCH_MODES, active_filters, ctx, parse_filters, run_search_page, ui_mode

WATCH_SEARCH_DEPTH = 200     # results of a saved search looked at for matches
FEED_SIZE = 50               # entries in a feed
FILTER_KEYS = (*FILTER_ARGS, "q")   # what a filter watchlist keeps of a query string (not page, sort)


def clean_filters(query_string: str, keep: tuple[str, ...] = FILTER_ARGS) -> str:
    """The filter arguments of a query string, in a stable order, others (page, sort, mode) dropped."""
    pairs = [(k, v.strip()) for k, v in parse_qsl(query_string or "", keep_blank_values=False)
             if k in keep and v.strip()]
    return urlencode(sorted(pairs, key=lambda kv: keep.index(kv[0])))


def filter_args(query_string: str) -> MultiDict:
    return MultiDict(parse_qsl(query_string or "", keep_blank_values=False))


def check_spec(spec: WatchSpec) -> WatchSpec:
    """Read the saved filters and query now, so a bad one is refused when saved (InvalidQuery), not later."""
    if spec.kind == "search":
        from indexer.query import validate_search

        mode = ui_mode(spec.mode)
        filters = parse_filters(filter_args(spec.filters))
        validate_search(spec.query, 10, SEARCH_MODES[mode][1], None if filters.is_empty() else filters)
        return WatchSpec("search", query=" ".join((spec.query or "").split()), mode=mode,
                         filters=clean_filters(spec.filters))
    if spec.kind == "filter":
        cleaned = clean_filters(spec.filters, FILTER_KEYS)
        parse_filters(filter_args(cleaned), text=True)
        return WatchSpec("filter", filters=cleaned)
    return spec


def describe(spec: WatchSpec) -> str:
    """A watchlist's default name, in words."""
    if spec.kind == "search":
        chips = [label for _k, _v, label in active_filters(filter_args(spec.filters))]
        return f"Search: “{spec.query}”" + (f" ({', '.join(chips)})" if chips else "")
    if spec.kind == "filter":
        args = filter_args(spec.filters)
        chips = [label for _k, _v, label in active_filters(args)]
        if args.get("q"):
            chips.insert(0, f"Words: {args.get('q')}")
        return "Commitments: " + (", ".join(chips) if chips else "all")
    if spec.kind == "entity":
        return f"Actor: {spec.entity_name}"
    try:
        c = ctx().store.get_commitment(int(spec.commitment_id or 0)).commitment
        return f"Commitment {spec.commitment_id}: {c.actor} {c.action} {c.target}"[:200]
    except NotFound:
        return f"Commitment {spec.commitment_id}"


def matching_ids(wl: Watchlist | WatchSpec) -> list[int]:
    """The ids of the live commitments the watchlist matches now (see the module docstring)."""
    spec = wl.spec if isinstance(wl, Watchlist) else wl
    store = ctx().store
    if spec.kind == "commitment":
        return store.live_commitment_ids([int(spec.commitment_id or 0)])
    if spec.kind == "entity":
        store.ensure_entities()
        found = store.entity_by_key(spec.entity_key or "")
        return sorted(store.entity_commitment_ids(found[0])) if found else []
    if spec.kind == "filter":
        return sorted(store.commitment_ids(parse_filters(filter_args(spec.filters), text=True)))
    return _search_ids(spec)


def _search_ids(spec: WatchSpec) -> list[int]:
    mode = ui_mode(spec.mode)
    page = run_search_page(spec.query or "", WATCH_SEARCH_DEPTH, mode, parse_filters(filter_args(spec.filters)))
    confident = getattr(ctx().search, "confident", None)
    by_words = SEARCH_MODES[mode][1] in ("keyword", "all_words", "phrase")
    ids: set[int] = set()
    for hit in page.hits:
        if hit.kind != "commitment":
            continue
        if not (by_words or "keyword" in hit.matched_by or confident is None or confident([hit])):
            continue
        ids.add(hit.id)
        ids.update(i for kind, i, _doc in hit.duplicates if kind == "commitment")
    return sorted(ctx().store.live_commitment_ids(sorted(ids)))


def _when(iso: str) -> datetime:
    at = datetime.fromisoformat(iso)
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def feed_updated(wl: Watchlist, events: list[WatchEvent]) -> datetime:
    """When the feed last changed: its newest event, else when the watchlist was made (its `updated`, and
    the Last-Modified the feed answers with)."""
    return max(_when(e.at) for e in events) if events else _when(wl.created_at)


def entry_title(event: WatchEvent) -> str:
    c = event.commitment.commitment
    return f"{EVENT_WORDS[event.kind]}: {c.actor} {c.action} {c.target}".strip()[:300]


def atom_feed(wl: Watchlist, events: list[WatchEvent], *, self_url: str, page_url: str,
              commitment_url, document_url) -> bytes:
    """The watchlist's Atom document: one entry per event, newest first (`commitment_url(id)` and
    `document_url(id)` give absolute links)."""
    fg = FeedGenerator()
    fg.id(self_url)
    fg.title(f"PolicyKB watchlist: {wl.name}")
    fg.subtitle("New matching commitments, deadlines coming up, status and lineage changes")
    fg.author({"name": "PolicyKB"})
    fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.generator("PolicyKB (feedgen)")
    fg.updated(feed_updated(wl, events))
    for event in events:
        sc = event.commitment
        fe = fg.add_entry(order="append")
        fe.id(f"{self_url}#{event.key}")
        fe.title(entry_title(event))
        fe.link(href=commitment_url(sc.id), rel="alternate", type="text/html")
        fe.updated(_when(event.at))
        fe.published(_when(event.at))
        lines = [f"“{sc.commitment.sentence}”", f"From {sc.document_title or sc.document_name}.",
                 event.detail[0].upper() + event.detail[1:] + "."]
        if event.sentence:
            lines.append(f"Evidence: “{event.sentence}” ({document_url(event.document_id)})")
        fe.content("\n".join(lines), type="text")
        fe.category(term=event.kind, label=EVENT_WORDS[event.kind])
    return fg.atom_str(pretty=True)
