"""How long `policykb ingest` takes on a real folder, against the raw embedding model on the same texts.

    .venv/bin/python bench/bench_ingest.py [--docs DIR] [--files N] [--sample N] [--keep DIR] [--backend onnx-int8]
        [--no-baseline]

One run prints:

* the end-to-end wall time of `policykb ingest DIR` in a fresh data folder
  (process start, model loading, parsing, extraction, storing, indexing and
  saving the index, as a user waits for it), its peak RSS, and the seconds of
  each stage (`policykb ingest --timings`; parse and extract run on one
  core while the index embeds on the other, then the embedder takes both
  (`OnnxEmbedder.set_workers`), so stages overlap and their sum exceeds the
  wall time);
* the texts embedded (a unit -- a commitment, or a passage sentence that is
  not a commitment's sentence -- gets the vector of its `UnitText.embedded`
  text, each distinct text once: indexer/units.py), per second, and the
  tokens the model read for them;
* the baseline, measured in the same run on the same texts: the raw
  sentence-transformers model (torch fp32, both cores) encoding the texts the
  index embedded, nothing else (`--sample N`: time N of them, chosen at random,
  and scale to all);
* the ratio of the two (target: ingest <= 1.2x the raw encode), in wall and in
  CPU seconds: on a shared machine other processes stretch the wall times
  (and torch's threads waiting on each other suffer most), while the CPU
  seconds each side used stay close to what two free cores would spend.

`--files N` ingests N of the folder's files, spread evenly over it (every k-th in name order), to iterate
on a change in a few minutes; the ingest's own CPU seconds per stage (`stage CPU seconds:`: the sandbox's
parse and extract, the ONNX embedder's batches) are printed with its wall seconds per stage.

The off-limits executive orders (14057, 14058, 14154: ../shared/corpus/README.md) are left out of
any folder that holds them (the ingest then reads a folder of links to the others).

`--no-baseline` stops after the ingest's own figures: the raw torch encode costs more CPU than the
ingest itself, and comparing two versions of the ingest (same `--files`) does not need it.

The ONNX file the default backend needs is built once per user, into the
model cache every data folder shares (`make install` builds it;
indexer/onnx_model.py); if it is missing it is built before the timed ingest
here and its build time is printed on its own line.  Asserts nothing.
Default folder: ../shared/corpus/us-executive-orders-2021-2025.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "us-executive-orders-2021-2025"


class TreeCPU:
    """CPU seconds (user + system) of a process and all its descendants, read from /proc twice a second.

    Why not `RUSAGE_CHILDREN`: the sandbox's parsing children hang off multiprocessing's fork server,
    which the ingest never waits for, so their CPU would be missing.  A process that ends between two
    reads loses at most half a second of its time.
    """

    TICK = os.sysconf("SC_CLK_TCK")

    def __init__(self, root: int):
        self.root = root
        self.seen: dict[int, float] = {}

    def sample(self) -> None:
        parent: dict[int, int] = {}
        cpu: dict[int, float] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(entry)] = int(fields[1])
            cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / self.TICK
        family = {self.root}
        grew = True
        while grew:
            more = {pid for pid, pp in parent.items() if pp in family and pid not in family}
            family |= more
            grew = bool(more)
        for pid in family:
            if pid in cpu:
                self.seen[pid] = max(self.seen.get(pid, 0.0), cpu[pid])

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def timed_ingest(data: Path, docs: Path) -> tuple[float, float, int, str, str]:
    """(wall seconds, CPU seconds of the ingest and its descendants, peak RSS in bytes, stdout, stderr)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        proc = subprocess.Popen([sys.executable, "-m", "policykb", "--data", str(data), "ingest", "-q", "--timings",
                                 str(docs)], stdout=out_f, stderr=err_f, text=True, env=env, cwd=ROOT)
        tree = TreeCPU(proc.pid)
        while proc.poll() is None:
            tree.sample()
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        out_f.seek(0)
        err_f.seek(0)
        stdout, stderr = out_f.read(), err_f.read()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024   # KiB on Linux
    if proc.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({proc.returncode}): {stderr[-2000:]}")
    return seconds, tree.seconds, peak, stdout, stderr


# executive orders never to be used anywhere (../shared/corpus/README.md); skipped if a folder holds them
OFF_LIMITS = re.compile(r"(14057|14058|14154)")


def spread_files(folder: Path, n: int) -> list[Path]:
    """`n` of the files under `folder`, spread evenly over them in name order (all of them for n <= 0),
    the off-limits orders left out."""
    from kb.pipeline import iter_files

    files = [f for f in iter_files([folder]) if not OFF_LIMITS.search(f.name)]
    if n <= 0 or n >= len(files):
        return files
    return [files[i * len(files) // n] for i in range(n)]


def linked_folder(files: list[Path], into: Path) -> Path:
    """A folder of links to `files` (names kept; a clash gets a numbered prefix), for `policykb ingest`."""
    into.mkdir(parents=True)
    for i, f in enumerate(files):
        target = into / f.name
        if target.exists():
            target = into / f"{i}-{f.name}"
        target.symlink_to(f.resolve())
    return into


def unit_texts(data: Path) -> list[str]:
    """The texts the index embeds for the store in `data` (a build with a recording encoder, no model)."""
    import numpy as np

    from indexer import sync
    from kb.config import load_settings
    from kb.store import Store

    settings = load_settings(data_dir=data)
    store = Store(settings.db_path)
    texts: list[str] = []

    def record(batch: list[str]) -> np.ndarray:
        texts.extend(batch)
        return np.zeros((len(batch), settings.embedding_dim), np.float32)

    sync.build(store, record, settings.embedding_dim, settings.exact_index_limit)
    store.close()
    return texts


def token_count(settings, texts: list[str]) -> int:  # type: ignore[no-untyped-def]
    """The tokens the model reads for `texts` (its tokenizer, truncated as the embedder truncates; no padding)."""
    from tokenizers import Tokenizer

    from indexer.embedder import model_dir
    from indexer.onnx_model import max_tokens

    source = model_dir(settings)
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.enable_truncation(max_tokens(source))
    tokenizer.no_padding()
    return sum(len(e.ids) for e in tokenizer.encode_batch(texts))


def units_indexed(out: str) -> str:
    """"N commitments and M passage sentences" from the ingest's summary line."""
    m = re.search(r"(\d+) commitments and (\d+) passage sentences indexed", out)
    return f"{int(m.group(1)) + int(m.group(2)):,} units" if m else "units unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, default=CORPUS)
    ap.add_argument("--files", type=int, default=0, help="ingest N of the folder's files, spread evenly (0: all)")
    ap.add_argument("--sample", type=int, default=0, help="time the raw encode on N texts and scale (0: all)")
    ap.add_argument("--keep", type=Path, help="data folder to use and keep (must not exist)")
    ap.add_argument("--backend", choices=("torch", "onnx-fp32", "onnx-int8"),
                    help="the embedding backend of the ingest (default: the settings'; POLICYKB_EMBEDDING_BACKEND)")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the raw torch encode (it costs more CPU than the ingest; for comparing two versions)")
    args = ap.parse_args()
    if args.backend:   # read by load_settings here and in the `policykb ingest` child
        os.environ["POLICYKB_EMBEDDING_BACKEND"] = args.backend

    from kb.config import load_settings
    from indexer.embedder import SentenceEmbedder, make_embedder
    from indexer.onnx_model import model_cache
    from kb.pipeline import iter_files

    tmp = Path(tempfile.mkdtemp(prefix="policykb-bench-ingest-"))
    data = args.keep or tmp / "data"
    try:
        settings = load_settings(data_dir=data)
        print(f"backend {settings.embedding_backend}; {os.cpu_count()} cores; {args.docs}")
        emb = make_embedder(settings)
        if hasattr(emb, "load"):
            t0 = time.perf_counter()
            emb.load()   # type: ignore[attr-defined]
            print(f"ONNX file built or found (once per user, {model_cache(settings)}):"
                  f"  {time.perf_counter() - t0:6.1f} s")
        del emb

        docs = args.docs
        files = spread_files(args.docs, args.files)
        if args.files > 0 or any(OFF_LIMITS.search(f.name) for f in iter_files([args.docs])):
            docs = linked_folder(files, tmp / "files")
            print(f"{len(files)} of the folder's files" + (", spread evenly" if args.files > 0 else ""))
        seconds, cpu, peak, out, err = timed_ingest(data, docs)
        summary = [line for line in out.splitlines() if line.strip()]
        if not summary or "search index:" not in out:
            raise SystemExit(f"ingest did not finish its index: {err[-3000:]}")
        stages = next((line for line in err.splitlines() if line.startswith("stage seconds:")), "")
        stage_cpu = next((line for line in err.splitlines() if line.startswith("stage CPU seconds:")), "")
        texts = unit_texts(data)
        print(f"policykb ingest, end to end:          {seconds:6.1f} s   peak RSS {peak / 2**30:.2f} GB")
        print(f"  CPU time of the ingest and its children: {cpu:6.1f} s (user + system; {os.getloadavg()[0]:.1f}"
              f" load average at the end: other processes inflate the wall time, not this)")
        for line in summary[:1] + [s for s in summary if s.startswith("search index:")]:
            print(f"  {line}")
        print(f"  {stages}")
        print(f"  {stage_cpu}")
        print(f"  {len(texts):,} texts embedded ({units_indexed(out)}): {len(texts) / seconds:.1f} texts/s end to end;"
              f" {token_count(settings, texts):,} tokens")

        if args.no_baseline:
            return 0
        # the baseline: the raw torch model on the same texts, both cores, nothing else
        raw = SentenceEmbedder(load_settings(data_dir=data, embedding_threads=os.cpu_count() or 1))
        raw.encode(texts[:32])   # load + warm up, not timed
        timed = texts
        if args.sample and args.sample < len(texts):
            timed = random.Random(13).sample(texts, args.sample)
        t0, c0 = time.perf_counter(), time.process_time()
        raw.encode(timed)
        raw_s = (time.perf_counter() - t0) * len(texts) / len(timed)
        raw_cpu = (time.process_time() - c0) * len(texts) / len(timed)
        how = f"{len(timed):,} timed, scaled" if timed is not texts else "all"
        print(f"raw torch fp32 encode of the same texts: {raw_s:6.1f} s   ({len(texts) / raw_s:.1f} texts/s; {how});"
              f" CPU {raw_cpu:.1f} s")
        print(f"ingest / raw encode:                  {seconds / raw_s:6.2f}x   (target <= 1.2x);"
              f" in CPU seconds {cpu / raw_cpu:.2f}x")
        m = re.search(r"wall ([\d.]+)", stages)
        if m:
            print(f"  (the ingest's own wall clock: {float(m.group(1)):.1f} s)")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
