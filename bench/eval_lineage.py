"""Actor merging and revocation links on the US executive orders corpus (issue 15).

Prints: distinct actor names before merging and entities after; merge precision on the 50 hand-checked
mentions of bench/lineage/actor_sample.jsonl (each line: a mention, the entity it was linked to, and
`correct`, a person's judgement); and recall / precision of the revocation links against
bench/lineage/revocations.jsonl (every revocation, supersession or amendment between two orders of the
corpus that the texts state, found by reading them with grep, not by this code).

    .venv/bin/python bench/eval_lineage.py --data /tmp/eo-kb            # builds the KB there if empty
    .venv/bin/python bench/eval_lineage.py --data /tmp/eo-kb --write-sample   # a fresh unjudged sample

    .venv/bin/python bench/eval_lineage.py --data /tmp/eo-kb --cross --work /tmp/lineage-work   # lineage per relation
    .venv/bin/python bench/eval_lineage.py --data /tmp/eo-kb --tuning      # cross-document tuning pairs only
    .venv/bin/python bench/eval_lineage.py --data /tmp/eo-kb --cross --no-heldout   # --cross without the held-out part
    .venv/bin/python bench/eval_lineage.py --ndc tuning --work /tmp/ndc-work    # real successive NDCs, tuning pairs
    .venv/bin/python bench/eval_lineage.py --ndc heldout --work /tmp/ndc-work   # ... held-out pairs (report only)

`--tuning` measures, per relation, the links between corpus orders that amend, supersede or revoke one another
(bench/lineage/tuning_cross.jsonl: labelled before the rules ran on them; tuning data, rules may be written from it),
lists the judged candidate pairs the cross-document bar (kb.lineage.CHANGED_SIM) was set on, and measures the links
between real successive versions of one plan (bench/lineage/tuning_versions.jsonl: three ADB business plans of the
labelled corpus's train split, ingested into a copy of the KB under --work; labelled before the rules ran on them).

`--cross` measures lineage across documents, per relation (gold, found, correct, precision, recall): the links
among the real orders (judged by hand, bench/lineage/eo_links.jsonl); constructed versions and progress reports
(bench/lineage/versions.jsonl, its dev part for tuning, its held-out part only reported); and real earlier and
later orders outside the corpus (bench/lineage/real_heldout.jsonl with the texts under bench/lineage/real/,
labelled before the rules ran on them: held out).

`--ndc tuning|heldout` measures, per relation, the links between real successive national climate pledges
(bench/lineage/real_ndc.jsonl: a 2015 INDC of bench/labelled's train or validation split and the same country's
updated NDC, texts under bench/lineage/real_ndc/, labelled before the rules ran on them).  Its pairs are marked
`"part": "tuning"` (rules may be written from them) or `"part": "heldout"` (only reported).  The documents are
ingested into a fresh knowledge base under --work that holds only the pledges (no corpus orders; --data is not
needed): lineage pairs commitments within one actor entity, so the orders would add nothing but word weights.

The knowledge base is built with kb.pipeline only (no search index: no embeddings needed).  Off-limits
orders (../shared/corpus/README.md) are skipped.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "us-executive-orders-2021-2025"
OFF_LIMITS = ("14057", "14058", "14154")
SAMPLE = ROOT / "bench" / "lineage" / "actor_sample.jsonl"
GOLD = ROOT / "bench" / "lineage" / "revocations.jsonl"


def build(data: Path):
    from kb.config import load_settings
    from kb.pipeline import Pipeline
    from kb.store import Store

    settings = load_settings(data)
    store = Store(settings.db_path)
    if store.document_count() == 0:
        pipeline = Pipeline(settings, store)
        for f in sorted(CORPUS.glob("*.md")):
            if not any(n in f.name for n in OFF_LIMITS):
                pipeline.ingest_path(f)
    return store


def mention_rows(store) -> list[dict]:
    rows = store.conn.execute(
        "SELECT m.mention, m.rule, e.name AS entity, c.actor, d.source_name, c.sentence_start"
        " FROM entity_mentions m JOIN entities e ON e.id=m.entity_id JOIN commitments_view c ON c.id=m.commitment_id"
        " JOIN documents d ON d.id=c.document_id ORDER BY d.source_name, c.sentence_start, e.name"
    ).fetchall()
    return [{"document": r["source_name"], "sentence_start": r["sentence_start"], "actor": r["actor"],
             "mention": r["mention"], "entity": r["entity"], "rule": r["rule"]} for r in rows]


# -- lineage across documents: constructed versions and progress reports, and the real links among the orders ----

VERSIONS = ROOT / "bench" / "lineage" / "versions.jsonl"
EO_LINKS = ROOT / "bench" / "lineage" / "eo_links.jsonl"
VERBOSE = False
PAIR_RELATIONS = ("restated", "raised", "lowered", "deadline_moved", "dropped", "progress_reported")


def _norm(s: str) -> str:
    return " ".join(s.split())


def _link_matches(k, e) -> bool:  # type: ignore[no-untyped-def]
    """Whether a found link `k` (relation, older id, newer id, document, evidence, ...) is the labelled link `e`
    (relation, older ids, newer ids or None, evidence text or None, ...)."""
    relation, older, newer, evidence = e[:4]
    if k[0] != relation or k[1] not in older:
        return False
    if newer is not None and k[2] not in newer:
        return False
    return evidence is None or evidence in _norm(k[4])


def _working_copy(store_path: Path, work: Path):  # type: ignore[no-untyped-def]
    """The corpus KB at `store_path` copied to `work` (once: a later run adds only what is missing
    there) and a pipeline that ingests into the copy; (store, pipeline)."""
    import shutil

    from kb.config import load_settings
    from kb.pipeline import Pipeline
    from kb.store import Store

    work.mkdir(parents=True, exist_ok=True)
    if not (work / "policykb.sqlite3").exists():
        for suffix in ("", "-wal", "-shm"):
            if Path(str(store_path) + suffix).exists():
                shutil.copy(str(store_path) + suffix, work / ("policykb.sqlite3" + suffix))
    settings = load_settings(work)
    store = Store(settings.db_path)
    return store, Pipeline(settings, store)


def build_versions(store_path: Path, work: Path) -> tuple[object, dict[str, str], list[dict]]:
    """A copy of the corpus KB at `work` with the versions and reports of bench/lineage/versions.jsonl ingested
    through the real pipeline; (store, {name: upload warning}, gold entries)."""
    gold = [json.loads(line) for line in VERSIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    store, pipeline = _working_copy(store_path, work)
    have = {d.source_name: d.id for d, _n in store.document_summaries()}
    warnings = {}
    for g in gold:
        if g["name"] in have:
            doc = store.get_document(have[g["name"]])
            warnings[g["name"]] = next((w for w in doc.warnings if w.startswith("New version of")), "")
            continue
        if g["kind"] == "version":
            text = (CORPUS / g["base"]).read_text(encoding="utf-8")
            for find, replace in g["edits"]:
                assert text.count(find) == 1, (g["name"], find)
                text = text.replace(find, replace)
        else:
            text = g["text"]
        outcome = pipeline.ingest_bytes(text.encode("utf-8"), g["name"])
        assert outcome.status == "added", (g["name"], outcome)
        warnings[g["name"]] = next((w for w in outcome.warnings if w.startswith("New version of")), "")
    return store, warnings, gold


def evaluate_versions(store, gold: list[dict]) -> dict[str, list[int]]:
    """Per relation [gold, found, correct found, gold found]: precision over the links that start in a base
    order of the set (or its version) and whose evidence is a version or report of the set; recall over
    the gold links (restated: every commitment whose sentence no edit touched)."""
    docs = {d.source_name: d.id for d, _n in store.document_summaries()}
    rows = store.conn.execute("SELECT c.id, c.document_id, c.sentence FROM commitments_view c").fetchall()
    sent = {r["id"]: (r["document_id"], _norm(r["sentence"])) for r in rows}

    actions = {r["id"]: r["action"] for r in store.conn.execute("SELECT id, action FROM commitments_view")}

    def ids(doc_name: str, fragment: str, action: str | None = None) -> set[int]:
        d, f = docs[doc_name], _norm(fragment)
        return {i for i, (doc, s) in sent.items() if doc == d and f in s and action in (None, actions[i])}

    base_of = {docs[g["name"]]: docs[g["base"]] for g in gold if g["kind"] == "version"}
    eval_docs = {docs[g["name"]] for g in gold}
    # orders a report speaks of without a version of them in the set ("reports_on")
    reported_on = [n for g in gold for n in g.get("reports_on", ())]
    start_docs = set(base_of.values()) | set(base_of) | {docs[n] for n in reported_on}
    expected: list[tuple[str, set[int], set[int] | None, str | None]] = []   # relation, older ids, newer ids, evidence
    for g in gold:
        new_doc = g["name"]
        for k in g["links"]:
            if k["relation"] == "progress_reported":
                older = set().union(*(ids(n, k["older"]) for n in [g2.get("base", g2["name"]) for g2 in gold]
                                      + [g2["name"] for g2 in gold if g2["kind"] == "version"] + reported_on if n in docs))
                expected.append(("progress_reported", older, None, _norm(k["evidence"])))
            elif k["relation"] == "dropped":
                expected.append(("dropped", ids(g["base"], k["older"]), None, None))
            else:
                expected.append((k["relation"], ids(g["base"], k["older"], k.get("action")),
                                 ids(new_doc, k["newer"], k.get("action")), None))
        if g["kind"] == "version":
            finds = [_norm(f) for f, _r in g["edits"]]
            for i, (doc, s) in sent.items():
                same = {j for j, (d2, s2) in sent.items() if d2 == docs[new_doc] and s2 == s}
                if doc == docs[g["base"]] and same and not any(f in s or s in f for f in finds if f):
                    expected.append(("restated", {i}, same, None))
    table = {r: [0, 0, 0, 0] for r in PAIR_RELATIONS}
    for relation, *_rest in expected:
        table[relation][0] += 1
    found = [k for k in store.iter_lineage_links()
             if sent.get(k[1], (0,))[0] in start_docs and k[3] in eval_docs]

    for k in found:
        table[k[0]][1] += 1
        if any(_link_matches(k, e) for e in expected):
            table[k[0]][2] += 1
        else:
            print(f"  wrong {k[0]}: [{k[1]}] {sent[k[1]][1][:110]} -> {(sent[k[2]][1][:110] if k[2] else k[4][:110])} ({k[6]})")
    for e in expected:
        if any(_link_matches(k, e) for k in found):
            table[e[0]][3] += 1
        else:
            first = next(iter(e[1]), None)
            if e[0] != "restated" or VERBOSE:
                print(f"  missed {e[0]}: {sent[first][1][:120] if first else '(fragment matches no commitment)'}")
    return table


# -- real later texts: successive orders on one subject (bench/lineage/real_heldout.jsonl, held out) -----------------

REAL = ROOT / "bench" / "lineage" / "real_heldout.jsonl"
TUNING = ROOT / "bench" / "lineage" / "tuning_cross.jsonl"


def build_real(store_path: Path, work: Path) -> tuple[object, list[dict]]:
    """A copy of the corpus KB at `work` with the real documents of bench/lineage/real_heldout.jsonl (earlier and later
    orders, public domain) ingested through the real pipeline; (store, entries of the file)."""
    return _with_documents(store_path, work, REAL, REAL.parent)


def _with_documents(store_path: Path, work: Path, labels: Path, base: Path) -> tuple[object, list[dict]]:
    """A copy of the corpus KB at `work` with the `"type": "document"` lines of the labels file `labels` (their
    `file` relative to `base`) ingested through the real pipeline; (store, entries of the file)."""
    entries = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    store, pipeline = _working_copy(store_path, work)
    have = {d.source_name for d, _n in store.document_summaries()}
    for e in entries:
        if e["type"] == "document" and e["name"] not in have:
            text = (base / e["file"]).read_bytes()
            outcome = pipeline.ingest_bytes(text, e["name"])
            assert outcome.status == "added", (e["name"], outcome)
    return store, entries


# -- real successive national climate pledges (bench/lineage/real_ndc.jsonl: tuning and held-out parts) ------------

REAL_NDC = ROOT / "bench" / "lineage" / "real_ndc.jsonl"


def build_ndc(work: Path) -> tuple[object, list[dict]]:
    """A fresh knowledge base at `work` with the pledges of bench/lineage/real_ndc.jsonl (2015 INDCs of bench/labelled
    and the same countries' updated NDCs) ingested through the real pipeline; (store, entries of the file)."""
    from kb.config import load_settings
    from kb.pipeline import Pipeline
    from kb.store import Store

    entries = [json.loads(line) for line in REAL_NDC.read_text(encoding="utf-8").splitlines() if line.strip()]
    work.mkdir(parents=True, exist_ok=True)
    settings = load_settings(work)
    store = Store(settings.db_path)
    pipeline = Pipeline(settings, store)
    have = {d.source_name for d, _n in store.document_summaries()}
    for e in entries:
        if e["type"] == "document" and e["name"] not in have:
            outcome = pipeline.ingest_bytes((ROOT / e["file"]).read_bytes(), e["name"])
            assert outcome.status == "added", (e["name"], outcome)
    return store, entries


def ndc_part(entries: list[dict], part: str) -> list[dict]:
    """The lines of real_ndc.jsonl for one part ("tuning" or "heldout"): its pairs, links and negative pairs."""
    return [e for e in entries if e["type"] not in ("pair", "link", "judged", "negative") or e.get("part") == part]


# -- real successive versions of one plan (bench/lineage/tuning_versions.jsonl: train documents, tuning) ------------

TUNING_VERSIONS = ROOT / "bench" / "lineage" / "tuning_versions.jsonl"


def build_plan_versions(store_path: Path, work: Path) -> tuple[object, list[dict]]:
    """A copy of the corpus KB at `work` with the successive plans of bench/lineage/tuning_versions.jsonl (documents
    of bench/labelled's train split) ingested through the real pipeline; (store, entries of the file)."""
    return _with_documents(store_path, work, TUNING_VERSIONS, ROOT)


def evaluate_real(store, entries: list[dict]) -> dict[str, list[int]]:
    """Per relation [gold, found, correct found, gold found] on the labelled document pairs of real_heldout.jsonl.

    Found: every link whose commitment is in the earlier document of a labelled pair and whose evidence is the
    later one.  Correct: it matches a gold link (optional ones included: true, but not required for recall) or a
    judgement recorded after a run (`"type": "judged"`, read from both sentences; the file says which).  Recall:
    over the gold links not marked optional."""
    docs = {d.source_name: d.id for d, _n in store.document_summaries()}
    rows = store.conn.execute("SELECT id, document_id, sentence, action FROM commitments_view").fetchall()
    sent = {r["id"]: (r["document_id"], _norm(r["sentence"]), r["action"]) for r in rows}

    def ids(doc_name: str, fragments) -> set[int]:
        frags = [_norm(f) for f in ([fragments] if isinstance(fragments, str) else fragments)]
        return {i for i, (d, s, _a) in sent.items() if d == docs[doc_name] and any(f in s for f in frags)}

    pairs = {(docs[e["older_document"]], docs[e["document"]]) for e in entries if e["type"] == "pair"}
    expected = []      # relation, older ids, newer ids | None, evidence | None, required
    for e in entries:
        if e["type"] not in ("link", "judged"):
            continue
        newer = ids(e["document"], e["newer"]) if "newer" in e else None
        required = e["type"] == "link" and not e.get("optional")
        if e["type"] == "judged" and not e["correct"]:
            continue
        expected.append((e["relation"], ids(e["older_document"], e["older"]), newer,
                         _norm(e["evidence"]) if "evidence" in e else None, required))
    table = {r: [0, 0, 0, 0] for r in PAIR_RELATIONS}
    for relation, *_rest, required in expected:
        table[relation][0] += required
    found = [k for k in store.iter_lineage_links() if (sent.get(k[1], (0,))[0], k[3]) in pairs]

    for k in found:
        table[k[0]][1] += 1
        if any(_link_matches(k, e) for e in expected):
            table[k[0]][2] += 1
        else:
            print(f"  wrong or unjudged {k[0]}: [{k[1]}] {sent[k[1]][1][:150]}\n      -> "
                  f"{(sent[k[2]][1][:150] if k[2] else k[4][:150])} ({k[6]})")
    for e in expected:
        if not e[4]:
            continue
        if any(_link_matches(k, e) for k in found):
            table[e[0]][3] += 1
        else:
            first = next(iter(e[1]), None)
            print(f"  missed {e[0]}: {sent[first][1][:150] if first else '(fragment matches no commitment)'}")
    for e in (e for e in entries if e["type"] == "negative"):
        # a pair labelled as NOT the relation: found, it is a wrong link (already counted above); say which
        neg = (e["relation"], ids(e["older_document"], e["older"]),
               ids(e["document"], e["newer"]) if "newer" in e else None, None)
        if any(_link_matches(k, neg) for k in found):
            print(f"  negative found {e['relation']}: {e.get('note', '')}")
    return table


def print_table(title: str, table: dict[str, list[int]]) -> None:
    print(title)
    print(f"  {'relation':<18} {'gold':>5} {'found':>6} {'correct':>8} {'precision':>10} {'recall':>7}")
    for r, (g, f, ok, hit) in table.items():
        p = f"{ok / f:.3f}" if f else "-"
        rc = f"{hit / g:.3f}" if g else "-"
        print(f"  {r:<18} {g:>5} {f:>6} {ok:>8} {p:>10} {rc:>7}")


def judge_eo_links(store, write: bool) -> dict[str, list[int]]:
    """Precision of the links the rules find among the real orders (judged by hand in bench/lineage/eo_links.jsonl;
    recall is not known there: nobody listed every restatement among 160 orders)."""
    names = {d.id: d.source_name for d, _n in store.document_summaries()}
    rows = {r["id"]: r for r in store.conn.execute("SELECT id, document_id, sentence_start, action, sentence FROM commitments_view")}
    found = []
    for relation, older, newer, doc, sentence, conf, detail in store.iter_lineage_links():
        o = rows[older]
        if not names[o["document_id"]].endswith(tuple(f"executive-order-{n}.md" for n in range(13985, 14150))):
            continue
        if not names[doc].startswith(("2021", "2022", "2023", "2024", "2025")):
            continue
        n = rows[newer] if newer else None
        found.append({"relation": relation, "older_document": names[o["document_id"]], "older_start": o["sentence_start"],
                      "older_action": o["action"], "older_sentence": o["sentence"][:300],
                      "document": names[doc], "newer_start": n["sentence_start"] if n else None,
                      "newer_action": n["action"] if n else None, "evidence": sentence[:300], "detail": detail})
    key = lambda x: (x["relation"], x["older_document"], x["older_start"], x["older_action"], x["document"],  # noqa: E731
                     x["newer_start"], x["newer_action"])
    judged = {}
    if EO_LINKS.exists():
        for line in EO_LINKS.read_text(encoding="utf-8").splitlines():
            if line.strip():
                j = json.loads(line)
                judged[key(j)] = j
    if write:
        out = [dict(x, correct=judged.get(key(x), {}).get("correct"), note=judged.get(key(x), {}).get("note"))
               for x in found]
        EO_LINKS.write_text("".join(json.dumps(x) + "\n" for x in out), encoding="utf-8")
        print(f"wrote {EO_LINKS}: {len(out)} links ({sum(1 for x in out if x['correct'] is None)} unjudged)")
    table = {r: [0, 0, 0, 0] for r in PAIR_RELATIONS}
    for x in found:
        table[x["relation"]][1] += 1
        j = judged.get(key(x))
        if j is None:
            print(f"  unjudged {x['relation']}: {x['older_document']} {x['older_start']} -> {x['document']}")
        elif j["correct"]:
            table[x["relation"]][2] += 1
    return table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=None, help="data folder of the corpus KB (built there when empty; required "
                                                    "except with --ndc)")
    ap.add_argument("--write-sample", action="store_true", help=f"write 50 unjudged mentions to {SAMPLE}")
    ap.add_argument("--cross", action="store_true",
                    help="lineage across documents: constructed versions and reports (bench/lineage/versions.jsonl, "
                         "ingested into a copy of the KB under --work) and the judged links among the real orders")
    ap.add_argument("--work", default=None, help="folder for the copy with the versions (default: a temporary one)")
    ap.add_argument("--write-eo-links", action="store_true", help=f"write the links among the orders to {EO_LINKS}")
    ap.add_argument("--verbose", action="store_true", help="also list the missed restatements")
    ap.add_argument("--tuning", action="store_true",
                    help="lineage on the cross-document tuning pairs only (bench/lineage/tuning_cross.jsonl)")
    ap.add_argument("--no-heldout", action="store_true",
                    help="with --cross: leave out the held-out real orders (bench/lineage/real_heldout.jsonl)")
    ap.add_argument("--ndc", choices=("tuning", "heldout"), default=None,
                    help="lineage between real successive national pledges (bench/lineage/real_ndc.jsonl), one part")
    args = ap.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    if args.ndc:
        import tempfile

        work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="lineage-ndc-"))
        nstore, nentries = build_ndc(work / "real-ndc")
        nstore.rebuild_lineage()
        what = "tuning: rules may be written from it" if args.ndc == "tuning" else "held out: only reported"
        print_table(f"real successive national pledges, {args.ndc} part ({what}; bench/lineage/real_ndc.jsonl):",
                    evaluate_real(nstore, ndc_part(nentries, args.ndc)))
        return 0
    if not args.data:
        ap.error("--data is required")
    store = build(Path(args.data))
    if args.tuning:
        r = store.rebuild_lineage()
        entries = [json.loads(line) for line in TUNING.read_text(encoding="utf-8").splitlines() if line.strip()]
        print_table("cross-document tuning pairs among the corpus orders (bench/lineage/tuning_cross.jsonl):",
                    evaluate_real(store, entries))
        print("judged candidate pairs (mutual best, same entity; the bar for changed relations is set on them):")
        for e in (e for e in entries if e["type"] == "candidate"):
            print(f"  {e['similarity']:.3f} same object: {e['same_object']!s:<5} amends: {e['amends']!s:<5} {e['note']}")
        import tempfile

        work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="lineage-tuning-"))
        pstore, pentries = build_plan_versions(Path(store.path), work / "plan-versions")
        pstore.rebuild_lineage()
        print_table("successive versions of one plan (bench/lineage/tuning_versions.jsonl: ADB business plans "
                    "for Bangladesh, train documents):", evaluate_real(pstore, pentries))
        return 0
    if args.cross:
        import tempfile
        import time

        t0 = time.perf_counter()
        r = store.rebuild_lineage()
        print(f"lineage rebuilt on {store.document_count()} orders in {time.perf_counter() - t0:.1f} s: "
              f"{r.versions} version pairs, links {r.links}")
        for v in store.conn.execute("SELECT a.source_name AS a, b.source_name AS b, v.similarity FROM document_versions v"
                                    " JOIN documents a ON a.id=v.document_id JOIN documents b ON b.id=v.previous_id"):
            print(f"  version pair among the orders: {v['b']} -> {v['a']} (Jaccard {v['similarity']:.3f})")
        texts = [store.get_document(d.id).text for d, _n in store.document_summaries()[:20]]
        t0 = time.perf_counter()
        for text in texts:
            store.find_previous_version(text)
        print(f"near-duplicate check of an upload against {store.document_count()} stored texts: "
              f"{(time.perf_counter() - t0) / len(texts) * 1000:.1f} ms each (mean of {len(texts)})")
        print_table("links among the real orders (precision judged by hand; recall unknown):",
                    judge_eo_links(store, args.write_eo_links))
        work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="lineage-eval-"))
        vstore, warnings, gold = build_versions(Path(store.path), work)
        for name, w in warnings.items():
            print(f"  upload {name}: {w or 'no version flag'}")
        t0 = time.perf_counter()
        r = vstore.rebuild_lineage()
        print(f"lineage rebuilt with the versions in {time.perf_counter() - t0:.1f} s: {r.versions} version pairs")
        for split, what in (("dev", "written while the rules were written"),
                            ("heldout", "written after the rules were frozen")):
            print_table(f"constructed versions and progress reports, {split} ({what}; bench/lineage/versions.jsonl):",
                        evaluate_versions(vstore, [g for g in gold if g["split"] == split]))
        if args.no_heldout:
            return 0
        rstore, entries = build_real(Path(store.path), work / "real")
        t0 = time.perf_counter()
        rstore.rebuild_lineage()
        print(f"lineage rebuilt with the real earlier and later orders in {time.perf_counter() - t0:.1f} s")
        print_table("real earlier and later orders, held out (labelled before the rules ran on them; "
                    "bench/lineage/real_heldout.jsonl):", evaluate_real(rstore, entries))
        return 0
    from kb.lineage import order_number

    r = store.rebuild_entities()
    print(f"documents: {store.document_count()}")
    print(f"actor names before merging: {r.actors}; entities after: {r.entities} "
          f"({r.mentions} mention links, joint actors linked to each member)")
    rows = mention_rows(store)
    merged = [x for x in rows if x["rule"] != "exact"]
    print(f"mention links made by a merging rule (not 'exact'): {len(merged)} of {len(rows)}")

    if args.write_sample:
        # from the links a merging rule made: an 'exact' link (the string itself) cannot merge wrongly
        sample = random.Random(15).sample(merged, 50)
        SAMPLE.write_text("".join(json.dumps(dict(x, correct=None)) + "\n" for x in sample), encoding="utf-8")
        print(f"wrote {SAMPLE}: judge each line (correct: true/false, note)")
        return 0

    current = {(x["document"], x["sentence_start"], x["mention"], x["entity"]) for x in rows}
    judged = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    stale = [j for j in judged if (j["document"], j["sentence_start"], j["mention"], j["entity"]) not in current]
    ok = sum(1 for j in judged if j["correct"])
    print(f"merge precision on the hand-checked sample: {ok}/{len(judged)} = {ok / len(judged):.3f}"
          f" (links no longer made by the code: {len(stale)})")
    by_rule = [j for j in judged if j["rule"] != "exact"]
    ok_rule = sum(1 for j in by_rule if j["correct"])
    if by_rule:
        print(f"  of which linked by a merging rule: {ok_rule}/{len(by_rule)} = {ok_rule / len(by_rule):.3f}")

    numbers = {}
    for doc, _n in store.document_summaries():
        d = store.get_document(doc.id)
        numbers[doc.id] = order_number(d.title, d.text)
    found = {(numbers[a], numbers[b], rel) for a, b, rel, _p, _s in store.iter_revocations()}
    gold = {(g["revoking"], g["revoked"], g["relation"])
            for g in (json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip())}
    tp = found & gold
    print(f"revocation links (pairs of orders with relation): gold {len(gold)}, found {len(found)}, "
          f"correct {len(tp)}; recall {len(tp) / len(gold):.3f}, precision {len(tp) / max(1, len(found)):.3f}")
    for miss in sorted(gold - found):
        print("  missed:", miss)
    for extra in sorted(found - gold):
        print("  wrong:", extra)
    whole = {(a, b) for a, b, rel in gold if rel in ("revoked", "rescinded")}
    print(f"  whole revocations in gold: {len(whole)}; commitments now counted revoked or superseded: "
          f"{len(store.revoked_commitment_ids())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
