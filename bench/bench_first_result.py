"""Time to first result as a reader sees it: Enter in the search box -> the first result on screen.

    .venv/bin/python bench/bench_first_result.py                 # this checkout
    .venv/bin/python bench/bench_first_result.py --compare-head  # and the last commit, for the before/after figure

For each code base it builds a knowledge base of the dev documents (../shared/eval/dev/docs)
with that code's own CLI (`policykb ingest`), serves it with that code's `policykb serve`
(waitress, the real pipeline, embedding model and FAISS), and drives Debian's headless
Chromium through playwright: for each of the dev queries (../shared/eval/dev/queries.jsonl)
it opens the home page, types the query, and times from pressing Enter to the first result
(or the "Nothing found" notice) being in the page.  One search before the timed ones loads
the model and is not counted.  It prints the median, p90, min and max in milliseconds.

`--compare-head` exports the last commit with `git archive HEAD` into a temporary folder (git's
state is not touched), builds and serves it the same way with the same Python environment, and
the two servers take turns query by query (ABBA...), so the two figures differ by the code and
not by what else the machine was doing.  Timings on a shared 2-core machine are noisy: compare
the two medians of one run, not figures of different runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev"
CHROMIUM = "/usr/bin/chromium"
FIRST_RESULT = "ol.hits > li, .results .empty, .results .error-box"


def _env(code: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(code), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.pop("POLICYKB_DATA", None)
    return env


def build_kb(code: Path, data: Path, docs: Path) -> float:
    """Ingest `docs` into `data` with the CLI of `code`; returns the seconds it took."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "policykb", "--data", str(data), "ingest", "-q", str(docs)],
                   cwd=code, env=_env(code), check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(code: Path, data: Path) -> Iterator[str]:
    """`policykb serve` of `code` over `data` on a free local port; yields its base URL, stops it after."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "policykb", "--data", str(data), "serve", "--host", "127.0.0.1",
                             "--port", str(port)], cwd=code, env=_env(code),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server of {code} stopped: {proc.stderr.read().decode()[-2000:]}")
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server of {code} did not answer within 120 s") from None
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def first_result_ms(page, base: str, query: str) -> float:
    """Milliseconds from pressing Enter in the home page's box to the first result (or the notice) in the page."""
    page.goto(base + "/")
    page.fill("#q", query)
    t0 = time.perf_counter()
    page.press("#q", "Enter")
    page.wait_for_selector(FIRST_RESULT, state="attached")
    return (time.perf_counter() - t0) * 1000


def summary(name: str, ms: list[float]) -> str:
    ordered = sorted(ms)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return (f"{name:<14} median {statistics.median(ms):7.1f} ms   p90 {p90:7.1f}   min {ordered[0]:7.1f}"
            f"   max {ordered[-1]:7.1f}   ({len(ms)} queries)")


def export_head(dest: Path, rev: str = "HEAD") -> str:
    """A commit's files in `dest` (git archive: reads the repository, changes nothing); its short id."""
    commit = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return commit


def prepare(name: str, code: Path, docs: Path, keep: Path | None) -> Path:
    """The knowledge base of `docs` built by `code` (reused from --keep when it is there)."""
    data = (keep / name) if keep else Path(tempfile.mkdtemp(prefix=f"policykb-first-{name}-"))
    data.mkdir(parents=True, exist_ok=True)
    if not (data / "policykb.sqlite3").exists():
        print(f"{name}: ingesting {docs} ...", file=sys.stderr)
        print(f"{name}: ingested in {build_kb(code, data, docs):.1f} s", file=sys.stderr)
    return data


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", default=str(DEV / "docs"))
    ap.add_argument("--queries", default=str(DEV / "queries.jsonl"))
    ap.add_argument("--compare-head", action="store_true", help="also measure the last commit (git archive HEAD)")
    ap.add_argument("--against", metavar="REV", help="also measure this commit instead of HEAD (e.g. the last release)")
    ap.add_argument("--keep", help="keep the knowledge bases in this folder (reused by the next run)")
    args = ap.parse_args()
    if not os.path.exists(CHROMIUM):
        print(f"{CHROMIUM} is missing (make browser)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    queries = [json.loads(line)["query"] for line in Path(args.queries).read_text(encoding="utf-8").splitlines()
               if line.strip()]
    keep = Path(args.keep) if args.keep else None
    codes = {"this checkout": ROOT}
    with ExitStack() as stack:
        if args.compare_head or args.against:
            rev = args.against or "HEAD"
            head = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="policykb-head-")))
            codes[f"{rev} {export_head(head, rev)}"] = head
        bases = {}
        for i, (name, code) in enumerate(codes.items()):
            data = prepare(f"code{i}", code, Path(args.docs), keep)
            if keep is None:
                stack.callback(shutil.rmtree, data, True)
            bases[name] = stack.enter_context(serving(code, data))
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        stack.callback(browser.close)
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.set_default_timeout(120_000)
        for base in bases.values():          # one untimed search each: loads the model
            first_result_ms(page, base, queries[0])
        results: dict[str, list[float]] = {name: [] for name in bases}
        for i, query in enumerate(queries):  # the code bases take turns, first one then the other
            order = list(bases.items()) if i % 2 == 0 else list(reversed(bases.items()))
            for name, base in order:
                results[name].append(first_result_ms(page, base, query))
    print("Enter -> first result in Chromium (dev queries, KB of the dev documents):")
    for name, ms in results.items():
        print(summary(name, ms))
    if len(results) == 2:
        (a, now), (b, before) = results.items()
        change = statistics.median(now) - statistics.median(before)
        print(f"median change: {change:+.1f} ms ({a} vs {b})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
