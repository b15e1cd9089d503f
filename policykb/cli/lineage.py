"""`policykb lineage ...`: the links between commitments of different documents, for the whole knowledge base.

    policykb lineage rebuild                         recompute entities, revocations, versions and every
                                                     cross-document link; print the counts per relation
    policykb lineage list [--relation R] [--limit N] the stored links (tab-separated), one relation or all

Why a command: the pages and the API rebuild these derived tables lazily when commitments changed
(`Store.ensure_lineage`); after a change of the rules (kb/lineage.py) nothing changed in the commitments,
so an operator rebuilds by hand, and wants to see what the rules now find.  Links people confirmed or
rejected keep their verdict (kb/store_lineage.py).
"""

from __future__ import annotations

import argparse
from typing import Any

from kb.config import Settings
from kb.lineage import ALL_RELATIONS
from kb.store import Store


def register(sub: Any) -> None:
    p = sub.add_parser("lineage", help="links between commitments across documents: rebuild, list")
    group = p.add_subparsers(dest="lineage_command", metavar="ACTION", required=True)
    r = group.add_parser("rebuild", help="recompute every cross-document link and revocation; counts per relation")
    r.set_defaults(handler=cmd_rebuild)
    ls = group.add_parser("list", help="stored links, tab-separated: relation, older commitment, older document,"
                                       " newer commitment, evidence document, confidence, verdict, detail, sentence")
    ls.add_argument("--relation", choices=ALL_RELATIONS, help="only this relation")
    ls.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    ls.add_argument("--offset", type=int, default=0)
    ls.set_defaults(handler=cmd_list)


def cmd_rebuild(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    entities = store.rebuild_entities()
    lineage = store.rebuild_lineage()
    revocations: dict[str, int] = {}
    for _revoking, _revoked, relation, _partial, _sentence in store.iter_revocations():
        revocations[relation] = revocations.get(relation, 0) + 1
    print(f"{store.document_count()} documents, {entities.entities} actor entities, "
          f"{lineage.versions} version pair{'' if lineage.versions == 1 else 's'}")
    counts = {**lineage.links, **revocations}
    for relation in ALL_RELATIONS:
        print(f"{relation}\t{counts.get(relation, 0)}")
    return 0


def _cell(value: Any) -> str:
    return "-" if value is None else " ".join(str(value).split())


def cmd_list(args: argparse.Namespace, settings: Settings, store: Store) -> int:
    store.ensure_lineage()
    rows, total = store.lineage_rows(args.relation, limit=max(1, args.limit), offset=max(0, args.offset))
    for k in rows:
        print("\t".join([k.relation, _cell(k.older_commitment_id), str(k.older_document_id),
                         _cell(k.newer_commitment_id), str(k.document_id), f"{k.confidence:.2f}", _cell(k.verdict),
                         _cell(k.detail), _cell(k.sentence[:200])]))
    shown = len(rows)
    if shown < total:
        print(f"({shown} of {total} shown; --offset {max(0, args.offset) + shown} for more)")
    return 0
