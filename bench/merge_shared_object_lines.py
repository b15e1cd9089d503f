#!/usr/bin/env python3
"""Merge gold lines that split one shared-object coordination into one line, as the shared dev set writes it.

    .venv/bin/python bench/merge_shared_object_lines.py --split train --split validation [--write]

Why: the dev set's annotators (`../shared/eval/dev/gold_commitments.jsonl`) write "The heads of
principal agencies shall develop and implement annual Sustainability Plans" as one line with
both verbs as alternative actions; ANNOTATION.md's "three coordinated verbs are three lines" has
three objects.  Our helper sessions mostly wrote such a sentence as two lines, which scores an
extractor that follows the dev set as missing one.  Two lines of one document merge when they
have the same target, actors, deadline and optional flag and their first actions stand
coordinated in an excerpt ("A and B", "A, B and C", "A or B": at most four words apart, with
only commas, "and"/"or" and adverbs between; "A, B" pairs only inside such a series, since the
other lines must share the target); the merged line keeps the first line and takes
every action of the group, in order.  Prints each merge; `--write` rewrites the gold files.
Round 23 ran it on train and validation (142 merges in 47 files); the test split's gold is merged only
before a reading, never after one.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import labelled_data  # noqa: E402

_WORD = re.compile(r"[a-z][a-z\-']*|,")


def _forms(verb: str) -> set[str]:
    v = verb.split()[0].lower()
    out = {v, v + "s", v + "ed", v + "d", v + "ing"}
    if v.endswith("e"):
        out.add(v[:-1] + "ing")
    if v.endswith("y"):
        out.add(v[:-1] + "ies")
    return out


def coordinated(first: str, second: str, excerpt: str) -> bool:
    """Do the two verbs stand coordinated in the excerpt ("develop and implement", "review, revise, and issue")?"""
    words = _WORD.findall(excerpt.lower())
    a, b = _forms(first), _forms(second)
    for i, w in enumerate(words):
        if w not in a:
            continue
        for j in range(i + 1, min(i + 5, len(words))):
            if words[j] in b:
                between = words[i + 1:j]
                return bool(between) and all(x in (",", "and", "or") or x.endswith("ly") for x in between)
    return False


def merged(lines: list[dict]) -> tuple[list[dict], list[list[dict]]]:
    """The lines with each shared-object coordination as one line, and the groups merged."""
    used: set[int] = set()
    out: list[dict] = []
    groups: list[list[dict]] = []
    for i, a in enumerate(lines):
        if i in used:
            continue
        group = [a]
        for j in range(i + 1, len(lines)):
            b = lines[j]
            if j in used or b["target"] != a["target"] or b["actor"] != a["actor"] \
                    or b.get("deadline") != a.get("deadline") or b.get("optional", False) != a.get("optional", False) \
                    or b["action"][0] in a["action"]:
                continue
            if any(coordinated(g["action"][0], b["action"][0], s) for g in group for s in (a["sentence"], b["sentence"])):
                group.append(b)
                used.add(j)
        if len(group) == 1:
            out.append(a)
            continue
        line = dict(a)
        line["action"] = list(dict.fromkeys(x for g in group for x in g["action"]))
        out.append(line)
        groups.append(group)
    return out, groups


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", action="append", required=True, choices=("train", "validation", "test"))
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    total = 0
    names = sorted(name for split in args.split for name in labelled_data.split_documents(split))
    for name in names:
        path = labelled_data.LABELLED / "gold" / f"{name}.jsonl"
        lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        out, groups = merged(lines)
        for group in groups:
            print(f"{name} | {[g['action'] for g in group]} | {group[0]['target'][:60]}")
        total += sum(len(g) - 1 for g in groups)
        if args.write and groups:
            path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in out), encoding="utf-8")
    print(f"merged {total} lines{'' if args.write else ' (not written: --write)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
