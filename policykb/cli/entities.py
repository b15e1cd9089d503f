"""`policykb entities ...`: actors merged into entities, people's corrections to them, and revocations.

    policykb entities rebuild                      recompute entities, mention links and revocations
    policykb entities list [--search S]            entities with their commitment counts and scorecard
    policykb entities merge ENTITY INTO            every name of ENTITY counts under INTO from now on
    policykb entities split ENTITY MENTION --name NAME   one of ENTITY's names goes to an entity NAME
    policykb entities rename ENTITY NAME           show ENTITY as NAME
    policykb entities overlays                     the merges, splits and renames people made
    policykb entities undo ID                      undo one of them

ENTITY and INTO are an entity id (see `list`) or an entity's exact name.  The work is done by
kb.store_entities (rules in kb.entities and kb.lineage); corrections are overlays kept across
rebuilds and re-extraction, and each is written to the audit log as done by "cli".
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from kb.config import Settings
from kb.store import Store
from kb.store_entities import SCORE_BUCKETS
from web.auth import audit


def register(sub: Any) -> None:
    p = sub.add_parser("entities", help="actors merged into entities; people's corrections; revocations")
    group = p.add_subparsers(dest="entities_command", metavar="ACTION", required=True)
    r = group.add_parser("rebuild", help="recompute entities, their mentions and revocations from the documents")
    r.set_defaults(handler=cmd_rebuild)
    ls = group.add_parser("list", help="entities with their commitment counts (tab-separated)")
    ls.add_argument("--search", help="only entities whose name or alias contains this")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--scores", action="store_true", help="add the scorecard columns (" + ", ".join(SCORE_BUCKETS) + ")")
    ls.set_defaults(handler=cmd_list)
    m = group.add_parser("merge", help="merge an entity into another (kept across rebuilds)")
    m.add_argument("entity", help="id or exact name of the entity merged away")
    m.add_argument("into", help="id or exact name of the entity it joins")
    m.set_defaults(handler=cmd_merge)
    s = group.add_parser("split", help="move one of an entity's names to an entity of its own (or another, by name)")
    s.add_argument("entity", help="id or exact name")
    s.add_argument("mention", help="the name to move, as `list`'s entity page or the API's aliases show it")
    s.add_argument("--name", required=True, help="the name of the entity it goes to (new unless it exists)")
    s.set_defaults(handler=cmd_split)
    rn = group.add_parser("rename", help="give an entity the name people know it by")
    rn.add_argument("entity", help="id or exact name")
    rn.add_argument("name")
    rn.set_defaults(handler=cmd_rename)
    ov = group.add_parser("overlays", help="the merges, splits and renames people made, oldest first")
    ov.set_defaults(handler=cmd_overlays)
    u = group.add_parser("undo", help="undo one merge, split or rename (its id from `overlays`)")
    u.add_argument("id", type=int)
    u.set_defaults(handler=cmd_undo)


def cmd_rebuild(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    r = store.rebuild_entities()
    print(f"{r.actors} actor names merged into {r.entities} entities ({r.mentions} mention links); "
          f"{r.revocations} revocations between documents")
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    store.ensure_entities()
    if args.scores:
        print("\t".join(["id", "commitments", "documents", "name", *SCORE_BUCKETS]))
    for e in store.entity_summaries(date.today().isoformat(), search=args.search, limit=max(1, args.limit)):
        cells = [str(e.id), str(e.commitments), str(e.documents), e.name]
        if args.scores:
            cells += [str((e.scores or {}).get(b, 0)) for b in SCORE_BUCKETS]
        print("\t".join(cells))
    return 0


def _done(store: Store, entity_id: int, what: str, detail: dict) -> int:
    audit(what, f"entity {detail.get('entity', entity_id)}", detail, store=store)
    e = store.get_entity(entity_id, date.today().isoformat())
    print(f"{e.id}\t{e.commitments}\t{e.documents}\t{e.name}")
    return 0


def cmd_merge(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    store.ensure_entities()
    source, into = store.find_entity(args.entity), store.find_entity(args.into)
    new_id = store.merge_entities(source, into, "cli")
    return _done(store, new_id, "entity.merge", {"entity": source, "into": into})


def cmd_split(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    store.ensure_entities()
    source = store.find_entity(args.entity)
    new_id = store.split_entity(source, args.mention, args.name, "cli")
    return _done(store, new_id, "entity.split", {"entity": source, "mention": args.mention, "name": args.name})


def cmd_rename(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    store.ensure_entities()
    source = store.find_entity(args.entity)
    new_id = store.rename_entity(source, args.name, "cli")
    return _done(store, new_id, "entity.rename", {"entity": source, "to": args.name})


def cmd_overlays(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    for o in store.entity_overlays():
        what = {"merge": f"{o.entity_key} -> {o.target_key}", "rename": f"{o.entity_key} as {o.name!r}",
                "split": f"{o.mention!r} of {o.entity_key} -> {o.name!r}"}[o.kind]
        print(f"{o.id}\t{o.kind}\t{what}\t{o.created_by}\t{o.created_at}")
    return 0


def cmd_undo(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    done = store.delete_entity_overlay(args.id)
    audit("entity.undo", f"entity correction {args.id}", {"kind": done.kind, "entity_key": done.entity_key},
          store=store)
    print(f"undid {done.kind} {args.id}")
    return 0
