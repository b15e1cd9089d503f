"""`make bench`: every benchmark, one after the other, printing their figures.

Each benchmark is also runnable alone (see its docstring).  The 1M-commitment
search case is left to `bench/bench_search.py --sizes 10000,100000,1000000`
because it takes long on a 2-core machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

RUNS = [
    ("ingestion: `policykb ingest` on the seed and on 100 generated documents", ["bench_ingest.py"]),
    ("extraction: words per second, parsing alone and with extraction", ["bench_extract.py"]),
    ("search: build time, memory, latency at 10k and 100k commitments", ["bench_search.py"]),
    ("load: 8 uploaders and 50 searchers against a real server for 60 s", ["load.py", "--seconds", "60"]),
    ("first result: Enter -> first result in Chromium, dev queries", ["bench_first_result.py"]),
]


def main() -> int:
    failed = 0
    for title, args in RUNS:
        print(f"\n=== {title}", flush=True)
        code = subprocess.call([sys.executable, str(HERE / args[0]), *args[1:]], cwd=HERE.parent)
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
