#!/usr/bin/env python3
"""Who speaks for a joint statement: the main actor on statements that no split holds.

    .venv/bin/python bench/eval_main_actor.py [--set joint|speakers] [--show]

A joint statement's "we" is its parties.  `bench/main_actor/joint_statements.jsonl`
lists, for each statement in `bench/main_actor/docs/`, its parties as judged by hand
from the text (each party with the names that count for it: "United States", "U.S.",
"Biden"), written down *before* the round-19 rules ran on them.  `speakers.jsonl` (round 20)
is 30 more, judged the same way by a helper session before the round-20 rules ran on them:
20 joint texts and 10 statements "from" or "by" one speaker ("group" A and B).  For each document
this prints the issuer the document declares (`kb.extract.actors.declared_issuer`,
read from its title and first passages as the extractor reads them) and the main
actor its records carry where the sentence names nobody ("we will ..."); a name is
right when every party is named in it.  The documents are White House briefing-room
texts (US government works, public domain) from the public repository
brian14708/wh-briefings at commit 737ca03 (CC0); each line gives its origin path.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.extract import Extractor  # noqa: E402
from kb.extract.actors import declared_issuer, issuer_title  # noqa: E402
from kb.ingest import parse_file  # noqa: E402

DATA = ROOT / "bench" / "main_actor"
SETS = {"joint": "joint_statements.jsonl", "speakers": "speakers.jsonl"}


def names_all(actor: str, parties: list[list[str]]) -> bool:
    """Every party is named in `actor` by one of the names that count for it (whole words)."""
    return bool(actor) and all(any(re.search(r"(?<![\w.])" + re.escape(n) + r"(?![\w])", actor) for n in names)
                               for names in parties)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="print each document's names")
    ap.add_argument("--set", choices=sorted(SETS), default="joint",
                    help="joint: round 19's 30 statements; speakers: round 20's 30 (20 joint, 10 one speaker)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in (DATA / SETS[args.set]).read_text().splitlines() if line.strip()]
    extractor = Extractor()
    declared_right = declared_n = main_right = main_n = 0
    for row in rows:
        parsed = parse_file(DATA / "docs" / row["doc"])
        first_heading = next((p.text for p in parsed.passages[:8] if p.kind == "heading"), "")
        lead = " ".join(p.text for p in parsed.passages[:4])
        declared = declared_issuer(issuer_title(parsed.title or "", first_heading), lead)
        assumed = Counter(c.actor for c in extractor.extract(parsed).commitments if c.actor_source == "main_actor")
        main = assumed.most_common(1)[0][0] if assumed else ""
        declared_n += bool(declared)
        declared_right += names_all(declared, row["parties"])
        main_n += bool(main)
        main_right += names_all(main, row["parties"])
        if args.show:
            print(f"{row['doc']:22} declared {declared[:60]!r:64} main {main[:60]!r}")
    print(f"{len(rows)} statements ({args.set}): declared issuer right {declared_right} (declared {declared_n}); "
          f"main actor of 'we' records right {main_right} (documents with such records {main_n})")


if __name__ == "__main__":
    main()
