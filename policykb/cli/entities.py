"""`policykb entities rebuild` and `policykb entities list`: actors merged into entities, and revocations.

The work is done by kb.store_entities (rules in kb.entities and kb.lineage); run the rebuild after
adding, re-extracting or deleting documents.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from kb.config import Settings
from kb.store import Store


def register(sub: Any) -> None:
    p = sub.add_parser("entities", help="actors merged into entities; revocations between documents")
    group = p.add_subparsers(dest="entities_command", metavar="ACTION", required=True)
    r = group.add_parser("rebuild", help="recompute entities, their mentions and revocations from the documents")
    r.set_defaults(handler=cmd_rebuild)
    ls = group.add_parser("list", help="entities with their commitment counts")
    ls.add_argument("--search", help="only entities whose name or alias contains this")
    ls.add_argument("--limit", type=int, default=50)
    ls.set_defaults(handler=cmd_list)


def cmd_rebuild(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    r = store.rebuild_entities()
    print(f"{r.actors} actor names merged into {r.entities} entities ({r.mentions} mention links); "
          f"{r.revocations} revocations between documents")
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    for e in store.entity_summaries(date.today().isoformat(), search=args.search, limit=max(1, args.limit)):
        print(f"{e.id}\t{e.commitments}\t{e.documents}\t{e.name}")
    return 0
