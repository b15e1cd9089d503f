"""`policykb search` and `policykb reindex`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from indexer import MODES, SearchService, hit_to_dict
from kb.config import Settings
from kb.errors import InvalidQuery
from kb.store import Store
from policykb.cli.options import add_filter_options, filters_from_args


def register(sub: Any) -> None:
    """Register `search` and `reindex`; each handler is fn(args, settings, store[, out]) -> exit code."""
    p = sub.add_parser(
        "search", help="search commitments and passages by meaning and by words",
        description="Search commitments and passages. Hybrid mode fuses meaning (embeddings) and words (BM25).",
    )
    p.add_argument("query", nargs="?", help="what to look for, in plain words")
    p.add_argument("-k", type=int, default=10, help="number of results (1-1000, default 10)")
    p.add_argument("--offset", type=int, default=0,
                   help="skip the first N results, for the next page (offset + k at most 1000)")
    p.add_argument("--mode", choices=MODES, default="hybrid",
                   help="hybrid (default: meaning and words), dense (meaning only), keyword (any of the words), "
                        "all_words (every word, as a whole word) or phrase (the words in that order)")
    add_filter_options(p)
    p.add_argument("--json", action="store_true", help="print JSON (one object per line with --queries)")
    p.add_argument("--queries", metavar="FILE.jsonl",
                   help='run a batch: one {"query": ...} per line; prints {"query", "results"} per line')
    p.set_defaults(handler=cmd_search)

    r = sub.add_parser("reindex", help="rebuild the search index from the knowledge base",
                       description="Rebuild the search index (after changing the embedding model).")
    r.add_argument("--json", action="store_true", help="print the report as JSON")
    r.set_defaults(handler=cmd_reindex)


def cmd_search(args: argparse.Namespace, settings: Settings, store: Store, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    filters = filters_from_args(args)
    service = SearchService(settings, store)
    if args.queries:
        if args.query:
            raise InvalidQuery("give either a query or --queries FILE, not both")
        for query in read_queries(args.queries):
            try:
                hits = service.search(query, k=args.k, mode=args.mode, filters=filters, offset=args.offset)
                line: dict[str, Any] = {"query": query, "low_confidence": not service.confident(hits),
                                        "results": [hit_to_dict(h) for h in hits]}
            except InvalidQuery as exc:
                line = {"query": query, "results": [], "error": str(exc)}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return 0
    if not args.query:
        raise InvalidQuery("give a query, e.g. policykb search \"2030 emissions target\"")
    hits = service.search(args.query, k=args.k, mode=args.mode, filters=filters, offset=args.offset)
    if args.json:
        out.write(json.dumps({"query": args.query, "offset": args.offset,
                              "low_confidence": not service.confident(hits),
                              "results": [hit_to_dict(h) for h in hits]}, ensure_ascii=False) + "\n")
        return 0
    if not hits:
        out.write("no results\n" if not args.offset else f"no results after the first {args.offset}\n")
        return 0
    if args.offset == 0 and not service.confident(hits):
        out.write("no result matches well; these are the nearest\n")
    for rank, h in enumerate(hits, args.offset + 1):
        marked = mark(h.sentence, h.highlights)
        who = ""
        if h.commitment is not None:
            c = h.commitment.commitment
            who = f"  [{c.actor}" + (f", {c.deadline.text}" if c.deadline else "") + "]"
        out.write(f"{rank:>2}. {h.score:.3f} {h.doc_name} ({h.kind} {h.id}){who}  via {'+'.join(h.matched_by)}\n")
        out.write(f"    {marked}\n")
        if h.why:
            out.write(f"    why: {h.why}\n")
    return 0


def read_queries(path: str) -> list[str]:
    """The queries of a batch file: one {"query": ...} per line (blank lines skipped)."""
    queries = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    query = obj["query"] if isinstance(obj, dict) else None
                except (ValueError, KeyError):
                    query = None
                if not isinstance(query, str):
                    raise InvalidQuery(f"{path}, line {n}: expected a JSON object with a \"query\" string")
                queries.append(query)
    except OSError as exc:
        raise InvalidQuery(f"cannot read {path}: {exc.strerror or exc}") from None
    return queries


def mark(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The sentence with each matched span in [brackets]."""
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s] + "[" + text[s:e] + "]")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def cmd_reindex(args: argparse.Namespace, settings: Settings, store: Store, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    report = SearchService(settings, store).reindex()
    if args.json:
        out.write(json.dumps(report.__dict__) + "\n")
    else:
        out.write(f"search index rebuilt: {report.commitments} commitments, {report.sentences} passage sentences"
                  f" in {report.seconds:.1f} s\n")
    return 0
