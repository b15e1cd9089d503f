"""How long `make run` takes to start on an existing knowledge base (issue 13: it must not get slower).

    .venv/bin/python bench/bench_start.py DATA [--runs 3]

Starts `policykb --data DATA serve --load-corpus corpus` (what `make run`
runs after its install step, which is a no-op once installed) on a free port
of 127.0.0.1, and prints the seconds until the server answers
`/api/documents` and until its first search answers (which loads the saved
index and the query model), plus the CPU seconds of the server process by
then.  DATA is left as it was found apart from its log.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.serverproc import free_port  # noqa: E402


def one_start(data: Path) -> tuple[float, float, float]:
    """(seconds to the first page, seconds to the first search, CPU seconds of the server by then)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "policykb", "--data", str(data), "serve", "--port", str(port),
                             "--load-corpus", "corpus"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"server exited with {proc.returncode}")
            try:
                urllib.request.urlopen(url + "/api/documents", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        up = time.perf_counter() - t0
        urllib.request.urlopen(url + "/api/search?q=clean%20electricity&k=10", timeout=300).read()
        searched = time.perf_counter() - t0
        with open(f"/proc/{proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    finally:
        proc.terminate()
        proc.wait(30)
    return up, searched, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    runs = [one_start(args.data) for _ in range(args.runs)]
    for i, (up, searched, cpu) in enumerate(runs, 1):
        print(f"start {i}: serving after {up:5.1f} s, first search answered after {searched:5.1f} s, CPU {cpu:5.1f} s")
    print(f"median: serving {statistics.median(r[0] for r in runs):.1f} s, first search "
          f"{statistics.median(r[1] for r in runs):.1f} s, CPU {statistics.median(r[2] for r in runs):.1f} s"
          f" ({os.getloadavg()[0]:.1f} load average)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
