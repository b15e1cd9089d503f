#!/usr/bin/env python3
"""Fit the learned target trimmer (kb/extract/trimmer.py) and measure it against the rules alone.

    .venv/bin/python bench/train_trimmer.py --collect train        # extraction, rules only, parses kept
    .venv/bin/python bench/train_trimmer.py --collect validation
    .venv/bin/python bench/train_trimmer.py --collect dev          # the shared dev set
    .venv/bin/python bench/train_trimmer.py --fit [--write]        # fit on train, choose on validation

`--collect` runs the product's ingestion and extractor over a split with a
recording trimmer in place of the model (so the records are the rules' own),
and keeps for each record its export row and the light tokens of its target's
sentence (`trimmer.locate`) in DIR/collect-SPLIT.jsonl.  `--fit` pairs the
train records with gold as the shared scorer does (same documents, sentence
overlap >= 0.6, action+target overlap, greedy best first), labels every
candidate end of every paired record by whether the target ending there is
right by the scorer (content-word F1 >= 0.6 with the gold span), fits a
logistic regression (scikit-learn) for each C of a small grid, and scores the
trimmed records with the scorer itself: out of fold over train documents
(GroupKFold) and on validation, for each decision margin.  The C and margin
with the best validation tuple F1 are kept (ties: the larger margin, fewer
cuts); the shared dev set is reported, not a guard (until round 30 it was:
"dev not lower"), and `--cv` reports every setting out of fold.  `--write`
stores the model with `enabled` true only when validation tuple F1 rises over
the rules alone.  Only train and validation are read here, and dev (with
`--collect dev`) to report it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
SHARED = ROOT.parent / "shared" / "eval"

import labelled_data  # noqa: E402
from kb.extract.trimmer import (MODEL_PATH, Located, TrimModel, candidate_features, candidates,  # noqa: E402
                                choose_end, locate)

# which candidate ends count as right: "best", the ends closest to the gold span among those the
# scorer takes (content-word F1 >= 0.6); "ok", every end the scorer takes
LABEL = "best"
MARGINS = (-0.1, -0.05, 0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
CS = (0.03, 0.1, 0.3, 1.0)




S = labelled_data.shared_scorer("score_commitments")


# -- collecting the rules' records with their parses ------------------------------------

class Recorder:
    """Stands in for the trimmer: keeps each record's row and located target, changes nothing."""

    def __init__(self, names: dict[int, str]):
        self.names = names
        self.rows: list[dict] = []

    def __call__(self, parsed, parts, commitments):  # type: ignore[no-untyped-def]
        from kb.export import commitment_row
        for c in commitments:
            loc = locate(parsed, parts, c)
            self.rows.append({"row": commitment_row(c, self.names[id(parsed)], parsed.title),
                              "target_start": c.target_start,
                              "loc": loc.to_json() if loc is not None else None,
                              "text": parsed.text[c.target_start:loc.offset + loc.toks[loc.b - 1].end]
                              if loc is not None else None,
                              "cut_texts": None})
            if loc is not None:       # the target each candidate end would give, as the run time makes it
                from kb.extract.trimmer import trimmed_text
                self.rows[-1]["cut_texts"] = [trimmed_text(parsed.text, c, loc, k) for k in candidates(loc)]
        return list(commitments)


def split_paths(split: str) -> list[Path]:
    if split == "dev":
        return sorted(p for p in (SHARED / "dev" / "docs").iterdir() if p.is_file())
    if split == "test":
        sys.exit("the test split is not read here")
    return [p for _, p in sorted(labelled_data.split_documents(split).items())]


def collect(split: str, out_dir: Path) -> Path:
    from kb.extract import Extractor
    from kb.ingest import parse_file
    paths = split_paths(split)
    docs = [parse_file(p) for p in paths]
    rec = Recorder({id(d): p.stem for d, p in zip(docs, paths)})
    t0 = time.perf_counter()
    Extractor(trimmer=rec).extract_many(docs)
    out = out_dir / f"collect-{split}.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rec.rows), encoding="utf-8")
    print(f"{split}: {len(rec.rows)} records from {len(docs)} documents in {time.perf_counter() - t0:.0f}s -> {out}",
          file=sys.stderr)
    return out


def gold_of(split: str) -> list[dict]:
    if split == "dev":
        return S.load(str(SHARED / "dev" / "gold_commitments.jsonl"))
    return labelled_data.gold([p.stem for p in split_paths(split)])


# -- pairing and labels ---------------------------------------------------------------------

def pairs(gold: list[dict], pred: list[dict]) -> dict[int, int]:
    """prediction index -> gold index, paired as score_commitments.score pairs them."""
    cands = []
    for gi, g in enumerate(gold):
        no_target = g.get("target") is None
        g_words = [] if no_target else S.content(" ".join(S.as_list(g["action"])[:1]) + " " + g["target"])
        for pi, p in enumerate(pred):
            if S.doc_key(p.get("doc")) != S.doc_key(g["doc"]):
                continue
            overlap = S.sentence_overlap(p.get("sentence", ""), g["sentence"])
            if overlap < 0.6:
                continue
            if no_target:
                right = S.deadline_ok(p.get("deadline"), g.get("deadline"))
                cands.append(((1.0 if right else 0.5) + 0.1 * overlap, gi, pi))
                continue
            t = S.f1(S.content(f"{p.get('action', '')} {p.get('target', '')}"), g_words)
            t = max(t, S.f1(S.content(p.get("target")), S.content(g["target"])))
            if t >= 0.4:
                cands.append((t + 0.1 * overlap, gi, pi))
    cands.sort(reverse=True)
    used_g, out = set(), {}
    for _, gi, pi in cands:
        if gi in used_g or pi in out:
            continue
        used_g.add(gi)
        out[pi] = gi
    return out


def examples(recs: list[dict], gold: list[dict]) -> list[tuple[str, list[dict], list[int]]]:
    """(document, feature rows, labels) per paired record with a located target and a gold span."""
    paired = pairs(gold, [r["row"] for r in recs])
    out = []
    for pi, gi in paired.items():
        r, g = recs[pi], gold[gi]
        if r["loc"] is None or g.get("target") is None or g.get("optional"):
            continue
        loc = Located.from_json(r["loc"])
        gw = S.content(g["target"])
        rows = [candidate_features(loc, k, i) for i, k in enumerate(candidates(loc))]
        scores = [S.f1(S.content(t), gw) for t in r["cut_texts"]]
        if LABEL == "best":     # where a person ends it: the closest of the ends the scorer takes
            labels = [int(v >= 0.6 and v >= max(scores) - 1e-9) for v in scores]
        else:                   # every end the scorer takes
            labels = [int(v >= 0.6) for v in scores]
        out.append((r["row"]["doc"], rows, labels))
    return out


# -- fitting and measuring ------------------------------------------------------------------

def fit(exs: list[tuple[str, list[dict], list[int]]], C: float) -> TrimModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    X = [f for _, rows, _ in exs for f in rows]
    y = [v for _, _, labels in exs for v in labels]
    vec = DictVectorizer()
    M = vec.fit_transform(X)
    lr = LogisticRegression(C=C, max_iter=3000)
    lr.fit(M, y)
    weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), lr.coef_[0])}
    return TrimModel(weights=weights, intercept=float(lr.intercept_[0]), meta={"C": C})


def probabilities(model: TrimModel, recs: list[dict]) -> list[tuple[list[int], list[float]] | None]:
    """Per record: its candidate ends and the model's probability for each (None: no located target)."""
    out = []
    for r in recs:
        if r["loc"] is None:
            out.append(None)
            continue
        loc = Located.from_json(r["loc"])
        ends = candidates(loc)
        out.append((ends, [model.prob(candidate_features(loc, k, i)) for i, k in enumerate(ends)]))
    return out


def apply(recs: list[dict], probs: list | None, margin: float) -> list[dict]:
    """The export rows with each target as the trimmer would leave it (probs None: the rules alone);
    the same choice as `trimmer.choose_end`, on probabilities computed once."""
    out, seen = [], set()
    for i, r in enumerate(recs):
        row = r["row"]
        if probs is not None and probs[i] is not None:
            ends, p = probs[i]
            best = max(range(len(ends) - 1), key=lambda j: (p[j], -j), default=None)
            if best is not None and p[best] > p[-1] + margin:
                t = r["cut_texts"][best]
                if t and any(ch.isalnum() for ch in t):
                    row = {**row, "target": t}
        key = (row["doc"], row["sentence_start"], row["action"], row["target"])
        if key in seen:
            continue
        seen.add(key)
        out.append(row)
    return out


def measure(gold: list[dict], rows: list[dict]) -> dict:
    """The scorer's figures, scored document by document (pairs never cross documents) and summed."""
    docs = sorted({S.doc_key(g["doc"]) for g in gold})
    g_by, p_by = defaultdict(list), defaultdict(list)
    for g in gold:
        g_by[S.doc_key(g["doc"])].append(g)
    for p in rows:
        p_by[S.doc_key(p.get("doc"))].append(p)
    n_gold = n_pred = paired = full = target = 0
    for d in docs:
        s = S.score(g_by[d], p_by[d])
        n_gold += s["gold"]
        n_pred += s["predicted"]
        paired += s["paired"]
        full += s["paired"] - len(s["_errors"])
        target += round(s["fields"]["target"] * s["paired"])

    def f1(tp: int) -> float:
        p, r = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
        return round(2 * p * r / (p + r), 3) if p + r else 0.0

    return {"det_f1": f1(paired), "tuple_f1": f1(full), "target": round(target / paired, 3) if paired else 0.0,
            "paired": paired, "predicted": n_pred, "full": full}


def by_family(gold: list[dict], rows: list[dict]) -> dict[str, dict]:
    fam = lambda d: S.doc_key(d.get("doc")).split("-")[0]  # noqa: E731
    return {f: measure([g for g in gold if fam(g) == f], [p for p in rows if fam(p) == f])
            for f in sorted({fam(g) for g in gold})}


def load_collected(split: str, out_dir: Path) -> list[dict]:
    path = out_dir / f"collect-{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cross_validate(train: list[dict], gold: list[dict], C: float, folds: int = 5) -> dict[float, float]:
    """Tuple F1 over train, each document's records trimmed by a model fitted without its fold."""
    docs = sorted({r["row"]["doc"] for r in train})
    fold_of = {d: i % folds for i, d in enumerate(docs)}
    by_margin: dict[float, list[dict]] = defaultdict(list)
    for k in range(folds):
        inner = [r for r in train if fold_of[r["row"]["doc"]] != k]
        inner_docs = {r["row"]["doc"] for r in inner}
        model = fit(examples(inner, [g for g in gold if S.doc_key(g["doc"]) in inner_docs]), C)
        held = [r for r in train if fold_of[r["row"]["doc"]] == k]
        probs = probabilities(model, held)
        for m in MARGINS:
            by_margin[m].extend(apply(held, probs, m))
    return {m: measure(gold, rows)["tuple_f1"] for m, rows in by_margin.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--collect", choices=("train", "validation", "dev"))
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--cv", action="store_true", help="also score out of fold over train documents")
    ap.add_argument("--write", action="store_true", help=f"write {MODEL_PATH.relative_to(ROOT)}")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/trim13"))
    ap.add_argument("--label", choices=("best", "ok"), default=LABEL)
    args = ap.parse_args()
    globals()["LABEL"] = args.label
    args.dir.mkdir(parents=True, exist_ok=True)
    if args.collect:
        collect(args.collect, args.dir)
        return 0
    if not args.fit:
        ap.error("--collect SPLIT or --fit")
    sets = {"train": load_collected("train", args.dir), "validation": load_collected("validation", args.dir)}
    if (args.dir / "collect-dev.jsonl").exists():
        sets["dev"] = load_collected("dev", args.dir)
    golds = {name: gold_of(name) for name in sets}
    exs = examples(sets["train"], golds["train"])
    n_cands = sum(len(r) for _, r, _ in exs)
    print(f"train: {len(exs)} paired records with a located target, {n_cands} candidate ends, "
          f"{sum(v for _, _, l in exs for v in l)} right; full span right in {sum(l[-1] for _, _, l in exs)}; "
          f"some end right in {sum(any(l) for _, _, l in exs)}", file=sys.stderr)
    base = {name: measure(golds[name], apply(recs, None, 0)) for name, recs in sets.items()}
    print("rules only:", json.dumps(base), file=sys.stderr)
    best = None
    for C in CS:
        model = fit(exs, C)
        probs = {name: probabilities(model, recs) for name, recs in sets.items()}
        cv = cross_validate(sets["train"], golds["train"], C) if args.cv else {}
        for m in MARGINS:
            line = {"C": C, "margin": m}
            for name, recs in sets.items():
                line[name] = measure(golds[name], apply(recs, probs[name], m))["tuple_f1"]
            if cv:
                line["train_cv"] = cv[m]
            print(json.dumps(line), file=sys.stderr)
            # the best validation tuple F1, then the larger margin.  The shared dev set is reported, not a
            # guard: its 22 documents were studied while the rules were written (round 30: the model this
            # chose rose +0.012 on validation and, in the same setting, +0.005 out of fold over train, and
            # moved two of dev's 199 paired records)
            key = (line["validation"], m)
            if best is None or key > best[0]:
                best = (key, C, m, model, probs)
    _, C, m, model, probs = best
    figures: dict = {"rules": base, "trimmer": {name: measure(golds[name], apply(recs, probs[name], m))
                                                 for name, recs in sets.items()}}
    for name, recs in sets.items():
        if name != "train":
            figures[f"{name}_by_family"] = {"rules": by_family(golds[name], apply(recs, None, 0)),
                                            "trimmer": by_family(golds[name], apply(recs, probs[name], m))}
    wins = figures["trimmer"]["validation"]["tuple_f1"] > base["validation"]["tuple_f1"]
    print(f"chosen C {C} margin {m}: " + json.dumps(figures), file=sys.stderr)
    if args.write:
        meta = {"predicts": "P(the record's target ending at this candidate is right by the scorer)",
                "trained_on": "bench/labelled train split (records the rules found, paired with gold)",
                "chosen_on": "validation tuple F1 (C and margin); dev reported, not a guard", "C": C,
                "figures": figures}
        out = dataclasses.replace(model, margin=m, enabled=wins, meta=meta)
        MODEL_PATH.write_text(json.dumps(out.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} (enabled {wins})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
