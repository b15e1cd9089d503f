"""`policykb status`: where a deployment stands, read from the shared store.

Why one command: with one PostgreSQL database, N `policykb worker` processes and M web nodes, an
operator asks three things, and the store knows all three (every process registers there):

* the queue: how many jobs are in each state (`Store.queue_counts`, kb/store_jobs.py);
* the workers: which are alive and what each holds (`Store.list_workers`);
* the search nodes: how far behind the store's change log each node's index is
  (`Store.list_search_nodes`, kb/store_nodes.py): changes not applied yet and the age of the
  oldest of them, so "node B is 3 s behind" is a figure, not a guess.

`--json` prints the same as one JSON object for scripts and monitoring.  Warnings name nodes of
one machine that share an index folder (they would overwrite each other's snapshots: give each
its own POLICYKB_INDEX_DIR).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from kb.config import Settings
from kb.store import Store
from policykb.cli.database import describe


def register(sub: Any) -> None:
    p = sub.add_parser("status", help="queue depth, workers alive, and each search node's index lag")
    p.add_argument("--json", action="store_true", help="one JSON object instead of text")
    p.set_defaults(handler=cmd_status)


def collect(settings: Settings, store: Store) -> dict:
    """What `policykb status` reports, as plain data (the `--json` output)."""
    nodes = store.list_search_nodes()
    workers = store.list_workers()
    return {
        "database": {"dialect": store.dialect, "where": describe(settings), "schema_version": store.schema_version},
        "queue": store.queue_counts(),
        "workers": [asdict(w) for w in workers],
        "search_log": {"last_seq": store.search_change_seq(), "pruned_upto": store.search_changes_pruned_upto()},
        "nodes": [asdict(n) for n in nodes],
        "warnings": shared_index_warnings(nodes),
    }


def shared_index_warnings(nodes: list) -> list[str]:
    """Alive nodes of one machine that use one index folder: each needs its own."""
    seen: dict[tuple[str, str], str] = {}
    out = []
    for n in nodes:
        if not n.alive:
            continue
        key = (n.host, n.index_dir)
        if key in seen:
            out.append(f"nodes {seen[key]} and {n.name} share the index folder {n.index_dir} on {n.host}:"
                       " give each its own POLICYKB_INDEX_DIR")
        else:
            seen[key] = n.name
    return out


def cmd_status(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    data = collect(settings, store)
    if args.json:
        print(json.dumps(data, indent=1))
        return 0
    print(f"database: {data['database']['where']} (schema version {data['database']['schema_version']})")
    queue = data["queue"]
    print("queue: " + ", ".join(f"{n} {state}" for state, n in queue.items()))
    workers = data["workers"]
    print(f"workers: {sum(w['alive'] for w in workers)} alive of {len(workers)} registered")
    if workers:
        _table(["name", "host", "pid", "alive", "job", "last seen"],
               [[w["name"], w["host"], w["pid"], _yes(w["alive"]), w["current_job_id"] or "-", w["last_seen"]]
                for w in workers])
    log = data["search_log"]
    print(f"search change log: last change {log['last_seq']}, pruned up to {log['pruned_upto']}")
    nodes = data["nodes"]
    print(f"search nodes: {sum(n['alive'] for n in nodes)} alive of {len(nodes)} registered")
    if nodes:
        _table(["name", "url", "alive", "applied", "lag (changes)", "lag (s)", "last seen", "index folder"],
               [[n["name"], n["url"] or "-", _yes(n["alive"]), n["applied_seq"], n["lag_changes"],
                 f"{n['lag_seconds']:.1f}", n["last_seen"], n["index_dir"]] for n in nodes])
    for warning in data["warnings"]:
        print(f"warning: {warning}")
    return 0


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _table(header: list[str], rows: list[list[Any]]) -> None:
    cells = [header] + [[str(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        print("  " + "  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
