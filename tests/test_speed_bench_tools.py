"""The measuring tools of the speed benchmarks count what they claim to count (issue 13).

`bench/bench_ingest.py` reports the CPU seconds of `policykb ingest` and all
its descendants (the sandbox's parsing children hang off multiprocessing's
fork server, which the ingest never waits for, so `RUSAGE_CHILDREN` misses
them); `bench/load.py --folder` waits until the server's saved index holds
every change of the store's log.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from bench.bench_ingest import TreeCPU
from bench.load import index_caught_up

# a child that starts a grandchild burning about one CPU second, and both stay a while so they are seen
FAMILY = textwrap.dedent("""
    import subprocess, sys, time
    burn = "import time\\nt = time.process_time()\\nwhile time.process_time() - t < 1.0: pass\\ntime.sleep(1.5)"
    subprocess.run([sys.executable, "-c", burn])
""")


def test_tree_cpu_counts_a_grandchild_that_its_parent_never_reports() -> None:
    proc = subprocess.Popen([sys.executable, "-c", FAMILY])
    tree = TreeCPU(proc.pid)
    while proc.poll() is None:
        tree.sample()
        time.sleep(0.2)
    assert len(tree.seen) >= 2, "the child and its grandchild"
    assert tree.seconds >= 0.9


def test_tree_cpu_of_a_process_that_is_gone_is_nothing() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    tree = TreeCPU(proc.pid)
    tree.sample()
    assert tree.seconds == 0.0


def _store(data: Path, seq: int) -> None:
    data.mkdir(parents=True)
    conn = sqlite3.connect(data / "policykb.sqlite3")
    conn.execute("CREATE TABLE search_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT)")
    conn.executemany("INSERT INTO search_changes (kind) VALUES (?)", [("c",)] * seq)
    conn.commit()
    conn.close()


def test_the_index_has_caught_up_once_its_manifest_reaches_the_end_of_the_change_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store(data, seq=7)
    assert not index_caught_up(data), "no saved index yet"
    (data / "index").mkdir()
    (data / "index" / "manifest.json").write_text(json.dumps({"change_seq": 5}))
    assert not index_caught_up(data)
    (data / "index" / "manifest.json").write_text(json.dumps({"change_seq": 7}))
    assert index_caught_up(data)
