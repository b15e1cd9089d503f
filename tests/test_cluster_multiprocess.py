"""PolicyKB beyond one machine, on one machine: the deployment example (deploy/cluster.sh) under load.

One PostgreSQL (pgserver), 2 `policykb worker` processes, 2 `policykb serve --no-worker` web
nodes on their own ports, each with its own data and index folder, all sharing one originals
folder.  50 small invented plans are uploaded through node A while searches run on node B; one
worker is SIGKILLed while it holds a job.  Afterwards: every document stored exactly once, every
job done, node B finds every new document, the index lag on B (a job done -> B's search returns
its document) stays under 5 s, and no request got a 5xx.  The measured lag is printed (`-s`).

Cheap enough for `make test` (about 90 s on 2 cores): tiny documents (3 sentences), the small
real models the suite uses (the embedding model's ONNX file comes from the per-user model cache,
indexer/onnx_model.py, built once), a 4-second lease so the killed worker's job is taken over quickly.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from kb.originals import Originals
from tests.serverproc import ROOT, free_port, multipart, plan_document
from tests.stores import drop_postgres_database, new_postgres_database

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

DOCUMENTS = 50
LEASE_S = 4
MAX_LAG_S = 5.0


def two_free_ports() -> int:
    """A port p with p + 1 free too (the script gives web node j the port BASE_PORT + j - 1)."""
    import socket

    for _ in range(50):
        p = free_port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", p + 1))
            except OSError:
                continue
        return p
    raise RuntimeError("no two consecutive free ports")


class Http:
    """Requests to the nodes, every status kept (the test asserts no 5xx)."""

    def __init__(self) -> None:
        self.statuses: list[tuple[str, int]] = []
        self.lock = threading.Lock()

    def call(self, req: urllib.request.Request | str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status, body = resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as e:
            status, body = e.code, {}
        with self.lock:
            self.statuses.append((req if isinstance(req, str) else req.full_url, status))
        return status, body


def cluster(cmd: str, env: dict[str, str], timeout: float = 400) -> str:
    out = subprocess.run(["bash", str(ROOT / "deploy" / "cluster.sh"), cmd], cwd=ROOT, env=env, text=True,
                         capture_output=True, timeout=timeout)
    assert out.returncode == 0, f"cluster.sh {cmd}: {out.stdout}\n{out.stderr}"
    return out.stdout


def uploader_token(url: str) -> str:
    """An editor's API token, made in the shared database (as `policykb token create` would)."""
    from kb.store import Store
    from web.auth import create_token, create_user

    store = Store(url)
    try:
        create_user(store, "uploader", "a long passphrase")
        return create_token(store, "uploader", label="cluster test")
    finally:
        store.dispose()


def test_two_workers_and_two_web_nodes_share_one_postgresql(tmp_path: Path, postgres_server: str):
    import psycopg

    url = new_postgres_database(postgres_server)
    base_port = two_free_ports()
    folder = tmp_path / "cluster"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "POLICYKB_DATABASE_URL": url, "CLUSTER_DIR": str(folder),
           "WORKERS": "2", "WEB_NODES": "2", "BASE_PORT": str(base_port),
           "WORKER_ARGS": f"--lease-s {LEASE_S} --poll-s 0.5"}
    env.pop("POLICYKB_ORIGINALS_URL", None)   # the script's default: one folder all processes share
    env.pop("POLICYKB_DATA", None)
    node_a, node_b = f"http://127.0.0.1:{base_port}", f"http://127.0.0.1:{base_port + 1}"
    http = Http()
    db = psycopg.connect(url, autocommit=True)
    started = time.time()
    try:
        cluster("start", env)
        print(f"\ncluster up in {time.time() - started:.1f} s")
        token = uploader_token(url)

        # a poller notes when each job is done (its own connection, every 50 ms); searches on node B all
        # along look for each done document until B returns it
        first_seen: dict[int, float] = {}
        done_at: dict[int, float] = {}
        names: dict[int, str] = {}
        search_s: list[float] = []
        stop = threading.Event()

        def poll_jobs() -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                while not stop.is_set():
                    now = time.time()
                    for doc_id, name in conn.execute(
                            "SELECT j.document_id, d.source_name FROM jobs j JOIN documents d ON d.id = j.document_id"
                            " WHERE j.status = 'done'").fetchall():
                        names.setdefault(doc_id, name)
                        done_at.setdefault(doc_id, now)
                    time.sleep(0.05)

        def search_b() -> None:
            while not stop.is_set():
                pending = sorted(d for d in list(done_at) if d not in first_seen)
                if not pending:
                    time.sleep(0.05)
                for doc_id in pending:
                    i = int(names[doc_id].split("-")[1].split(".")[0])
                    q = urllib.parse.urlencode({"q": f"Lakeview{i} bridges", "k": 20})
                    asked = time.time()
                    status, body = http.call(f"{node_b}/api/search?{q}")
                    search_s.append(time.time() - asked)
                    if status == 200 and any(h["document_id"] == doc_id for h in body["items"]):
                        first_seen[doc_id] = time.time()

        poller = threading.Thread(target=poll_jobs, daemon=True)
        poller.start()
        searcher = threading.Thread(target=search_b, daemon=True)
        searcher.start()

        # 50 uploads through node A, one request each
        upload_started = time.time()
        for i in range(DOCUMENTS):
            body, content_type = multipart([(f"plan-{i}.txt", plan_document(i, sentences=3))])
            req = urllib.request.Request(f"{node_a}/api/documents", data=body, method="POST",
                                         headers={"Content-Type": content_type, "Authorization": f"Bearer {token}"})
            status, _ = http.call(req)
            assert status == 202

        # SIGKILL worker 1 while it holds a job
        pid = int((folder / "pids" / "worker-1.pid").read_text())
        killed_job = None
        deadline = time.time() + 60
        while killed_job is None and time.time() < deadline:
            row = db.execute("SELECT current_job_id FROM workers WHERE pid = %s", (pid,)).fetchone()
            if row and row[0]:
                os.kill(pid, signal.SIGKILL)
                killed_job = row[0]
            time.sleep(0.02)
        assert killed_job is not None, "worker 1 never held a job"

        # every job done (the killed one after its lease ran out), every document found on B
        deadline = time.time() + 120
        while time.time() < deadline:
            states = dict(db.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status").fetchall())
            if states == {"done": DOCUMENTS} and len(first_seen) == DOCUMENTS:
                break
            time.sleep(0.2)
        stop.set()
        searcher.join(60)
        poller.join(10)
        ingest_s = max(done_at.values()) - upload_started

        states = dict(db.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status").fetchall())
        assert states == {"done": DOCUMENTS}
        docs = db.execute("SELECT COUNT(*), COUNT(DISTINCT sha256), COUNT(DISTINCT source_name) FROM documents")
        assert docs.fetchone() == (DOCUMENTS, DOCUMENTS, DOCUMENTS)  # each stored exactly once
        assert db.execute("SELECT COUNT(*) FROM jobs WHERE duplicate = 1").fetchone()[0] == 0
        # node A kept the uploads in the one originals folder the workers read them from
        shas = {r[0] for r in db.execute("SELECT sha256 FROM documents").fetchall()}
        assert set(Originals(folder / "originals")) == shas
        taken_over = db.execute("SELECT status, attempts FROM jobs WHERE id = %s", (killed_job,)).fetchone()
        assert taken_over[0] == "done"
        assert len(first_seen) == DOCUMENTS, f"node B never returned {DOCUMENTS - len(first_seen)} document(s)"

        lags = sorted(first_seen[d] - done_at[d] for d in first_seen)
        from kb.store import Store

        store = Store(url)
        try:   # what `policykb status` reports for the nodes: both alive, both caught up
            nodes = [(n.alive, n.lag_changes) for n in store.list_search_nodes()]
        finally:
            store.dispose()
        print(f"{DOCUMENTS} documents through node A in {ingest_s:.1f} s ({DOCUMENTS / ingest_s:.2f} docs/s, "
              f"2 workers, one SIGKILLed holding job {killed_job}, done after {taken_over[1]} attempts); "
              f"index lag on node B (job done -> found by search): median {statistics.median(lags):.2f} s, "
              f"max {lags[-1]:.2f} s; searches on B: median {statistics.median(search_s):.2f} s, "
              f"max {max(search_s):.2f} s; {len(http.statuses)} requests, statuses "
              f"{sorted(set(s for _, s in http.statuses))}")
        assert nodes == [(True, 0), (True, 0)]
        assert lags[-1] < MAX_LAG_S
        assert all(s < 500 for _, s in http.statuses), [x for x in http.statuses if x[1] >= 500]
    finally:
        try:
            cluster("stop", env, timeout=120)
        finally:
            db.close()
            drop_postgres_database(postgres_server, url)
