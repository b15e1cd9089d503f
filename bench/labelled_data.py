"""The project's own labelled corpus (bench/labelled/): its splits, gold commitments and judged queries.

    .venv/bin/python bench/labelled_data.py --make-splits   # freeze the split of every document not yet in splits.json
    .venv/bin/python bench/labelled_data.py                 # documents, commitments and queries per split and kind

Splits are by document, within each kind of document (the file name up to
its first "-"): about 60% train, 20% validation, 20% test, assigned by the
rank of a hash of the document's name, so that nobody chooses which document
lands in test.  Once frozen, a document keeps its split.  `--make-splits` draws splits for
the documents added since, the same way, among themselves (a new kind of
document gets its own train / validation / test); until then a new document
is assigned by the same hash against fixed thresholds.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

LABELLED = Path(__file__).resolve().parent / "labelled"
SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
SPLITS = ("train", "validation", "test")
DOC_SUFFIXES = (".txt", ".md", ".rst", ".html", ".htm", ".xml", ".pdf", ".docx")


def family(doc: str) -> str:
    return doc.split("-", 1)[0]


def _hash(doc: str) -> float:
    return int(hashlib.sha256(doc.encode()).hexdigest()[:12], 16) / 16**12


def shared_scorer(name: str):  # type: ignore[no-untyped-def]
    """The shared evaluation kit's scorer module (`score_commitments` or `score_search`,
    ../shared/eval/), loaded from its file: the kit is scripts, not a package."""
    spec = importlib.util.spec_from_file_location(name, SHARED_EVAL / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def documents(root: Path = LABELLED) -> dict[str, Path]:
    """Every labelled document (name without extension -> file) that has a gold file."""
    docs = {}
    for path in sorted((root / "docs").iterdir()):
        if path.suffix.lower() in DOC_SUFFIXES and (root / "gold" / f"{path.stem}.jsonl").exists():
            docs[path.stem] = path
    return docs


def make_splits(names: list[str]) -> dict[str, str]:
    """Within each kind: the first 60% by hash rank train, the next 20% validation, the rest test."""
    by_family: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_family[family(name)].append(name)
    out = {}
    for members in by_family.values():
        members.sort(key=_hash)
        n = len(members)
        n_test = max(1, round(0.2 * n)) if n >= 3 else 0
        n_val = max(1, round(0.2 * n)) if n >= 3 else 0
        for i, name in enumerate(members):
            out[name] = "train" if i < n - n_val - n_test else "validation" if i < n - n_test else "test"
    return out


def load_splits(root: Path = LABELLED) -> dict[str, str]:
    path = root / "splits.json"
    frozen = json.loads(path.read_text()) if path.exists() else {}
    for name in documents(root):
        if name not in frozen:  # added after the freeze: the same hash, fixed thresholds
            h = _hash(name)
            frozen[name] = "train" if h < 0.6 else "validation" if h < 0.8 else "test"
    return frozen


def split_documents(split: str, root: Path = LABELLED) -> dict[str, Path]:
    splits = load_splits(root)
    return {name: path for name, path in documents(root).items() if splits.get(name) == split}


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold(names: list[str], root: Path = LABELLED) -> list[dict]:
    return [row for name in names for row in _jsonl(root / "gold" / f"{name}.jsonl")]


def queries(names: list[str], root: Path = LABELLED) -> list[dict]:
    """Judged queries over these documents, each tagged with the kind of the document it was written for."""
    out = []
    for name in names:
        for row in _jsonl(root / "queries" / f"{name}.jsonl"):
            out.append({**row, "family": family(name)})
    return out


def write_jsonl(rows: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--make-splits", action="store_true", help="freeze splits.json from the documents present")
    args = ap.parse_args()
    docs = documents()
    if args.make_splits:
        path = LABELLED / "splits.json"
        frozen = json.loads(path.read_text()) if path.exists() else {}
        new = [name for name in docs if name not in frozen]
        frozen.update(make_splits(new))
        path.write_text(json.dumps(frozen, indent=1, sort_keys=True) + "\n")
        print(f"{len(new)} documents given a split; {len(frozen)} in {path.name}", file=sys.stderr)
    splits = load_splits()
    print(f"{'split':<11} {'kind':<7} {'docs':>5} {'commitments':>12} {'queries':>8} {'no-answer':>10}")
    for split in SPLITS:
        names = [n for n in docs if splits.get(n) == split]
        counts: dict[str, Counter] = defaultdict(Counter)
        for name in names:
            c = counts[family(name)]
            c["docs"] += 1
            c["commitments"] += sum(1 for g in gold([name]) if not g.get("optional"))
            qs = queries([name])
            c["queries"] += sum(1 for q in qs if q["relevant"])
            c["no_answer"] += sum(1 for q in qs if not q["relevant"])
        for fam in sorted(counts):
            c = counts[fam]
            print(f"{split:<11} {fam:<7} {c['docs']:>5} {c['commitments']:>12} {c['queries']:>8} {c['no_answer']:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
