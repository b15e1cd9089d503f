"""Attacks against a live waitress server on 127.0.0.1: a nested zip bomb, a slow 300 MB anonymous POST,
a slow-loris flood, and eight concurrent requests for the largest document page.

The server is `policykb serve`'s own waitress setup (`policykb.cli.serve.serve`,
the same limits) around the test app (stub pipeline, keyword search), run as a
separate process so its memory can be read from /proc and its connections
filled from outside.  Every flood is bounded in count and time and stays on
loopback.  Marked `integration` (it starts a server process and takes about a
minute); run it with `.venv/bin/python -m pytest -q -s tests/test_attack_server.py`
to see the figures it measures.
"""

from __future__ import annotations

import io
import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.serverproc import free_port, multipart

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def serve_stub(data_dir: str, port: str) -> None:
    """Run in the server process: the test app under policykb serve's waitress limits; writes <data>/token."""
    from policykb.cli.serve import serve
    from web.auth import create_token, create_user
    from tests.webapp import make_app

    app = make_app(Path(data_dir), seed=False)
    store = app.extensions["policykb"].store
    create_user(store, "editor", "correct horse")
    (Path(data_dir) / "token").write_text(create_token(store, "editor"))
    serve(app, app.extensions["policykb"].settings, "127.0.0.1", int(port))


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


class Live:
    def __init__(self, data: Path):
        self.data = data
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(data / "server.log", "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from tests.test_attack_server import serve_stub; serve_stub(*sys.argv[1:])",
             str(data), str(self.port)], cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env={**os.environ, "HF_HUB_OFFLINE": "1"})
        deadline = time.time() + 120
        while time.time() < deadline:
            assert self.proc.poll() is None, (data / "server.log").read_text()[-3000:]
            try:
                urllib.request.urlopen(self.url + "/api/openapi.json", timeout=5).read()
                break
            except OSError:
                time.sleep(0.3)
        else:
            raise AssertionError("server did not come up")
        self.token = (data / "token").read_text()

    def stop(self):
        self.proc.kill()
        self.proc.wait(30)
        self.log.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    data = tmp_path_factory.mktemp("live")
    from tests.test_attack_limits import big_document
    from kb.config import load_settings
    from kb.store import Store

    store = Store(load_settings(data).db_path)
    started = time.perf_counter()
    doc_id = big_document(store, passages=14_000)  # 84,000 commitments, ~5.3 MB of text
    print(f"\nbig document: {len(store.get_document(doc_id).text) / MB:.1f} MB, "
          f"{store.count_commitments()} commitments, built in {time.perf_counter() - started:.1f} s")
    store.close()
    server = Live(data)
    server.big_doc = doc_id
    yield server
    server.stop()


def zeros_zip(members: int, size: int) -> bytes:
    """A zip of `members` files of `size` zero bytes each, written in chunks (never `size` bytes in memory)."""
    buf = io.BytesIO()
    chunk = bytes(MB)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(members):
            with z.open(f"zeros{i}.txt", "w", force_zip64=True) as fh:
                for _ in range(size // MB):
                    fh.write(chunk)
    return buf.getvalue()


# -- 1. the nested zip ----------------------------------------------------------------------

def test_nested_zip_bomb_is_refused_in_bounded_memory_and_nothing_is_kept(live):
    inner = zeros_zip(4, 50 * MB)  # 200 MB unpacked, ~200 KB packed
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(6):
            z.writestr(f"inner{i}.zip", inner)
    body, ctype = multipart([("bomb.zip", outer.getvalue())])
    print(f"\nnested zip: {len(body) / 1024:.0f} KB sent, unpacks to 1200 MB")

    def post(b, c):
        req = urllib.request.Request(live.url + "/api/documents", data=b, method="POST",
                                     headers={"Content-Type": c, "Authorization": f"Bearer {live.token}"})
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    ok_body, ok_type = multipart([("warm.zip", _small_zip())])
    assert post(ok_body, ok_type)[0] == 202  # warm the upload path up first
    before = rss_kb(live.proc.pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(live.proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    status, answer = post(body, ctype)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    hwm = rss_kb(live.proc.pid, "VmHWM")
    growth_mb = (peak[0] - before) / 1024
    print(f"nested zip: {status} in {elapsed:.2f} s; server RSS {before / 1024:.0f} MB before, sampled peak "
          f"+{growth_mb:.1f} MB, VmHWM {hwm / 1024:.0f} MB; message: {answer['error']['message']}")
    assert status == 413 and "unpacking budget of one upload" in answer["error"]["message"]
    assert growth_mb < 100 and (hwm - before) / 1024 < 100
    kept = [p for p in (live.data / "originals").rglob("*") if p.is_file()]
    assert len(kept) == 1  # only the warm-up file: nothing of the bomb
    names = [j.get("source_name") or "" for j in json.loads(urllib.request.urlopen(live.url + "/api/jobs").read())["items"]]
    assert not any(n.startswith("zeros") for n in names)


def _small_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("warm.txt", b"Warm plan\n\nLakeview will warm up by 2030.\n")
    return buf.getvalue()


# -- 3. request bodies and slow connections ------------------------------------------------------------

def slow_post(live, total: int, extra_headers: str = "") -> tuple[int, bytes]:
    """POST `total` bytes to /api/documents a chunk at a time, watching for an answer after each chunk;
    stops at a tenth of `total`.  Returns (bytes sent, what the server answered)."""
    sock = socket.create_connection(("127.0.0.1", live.port), timeout=10)
    sock.sendall((f"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
                  f"boundary=x\r\nContent-Length: {total}\r\n{extra_headers}\r\n").encode())
    chunk = b"\0" * (256 * 1024)
    sent = 0
    answer = b""
    try:
        while sent < total // 10:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            sock.sendall(chunk)
            sent += len(chunk)
            time.sleep(0.005)  # a slow client
    except (BrokenPipeError, ConnectionResetError):
        pass
    sock.settimeout(10)
    try:
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            more = sock.recv(4096)
            if not more:
                break
            answer += more
    except (ConnectionResetError, socket.timeout):
        pass
    sock.close()
    return sent, answer


def test_anonymous_300mb_post_is_answered_before_a_tenth_is_sent(live):
    sent, answer = slow_post(live, 300 * MB)
    print(f"\nanonymous 300 MB POST: answered after {sent / MB:.2f} MB sent: {answer.splitlines()[:1]!r}")
    assert sent < 30 * MB
    assert answer.startswith(b"HTTP/1.1 401") and b'"code": "unauthorized"' in answer, answer[:300]


def test_anonymous_upload_under_the_size_limit_is_refused_before_its_body_too(live):
    """40 MB is under the 51 MB body limit: before, waitress buffered all of it and then the app said 401."""
    sent, answer = slow_post(live, 40 * MB)
    print(f"\nanonymous 40 MB POST: answered after {sent / MB:.2f} MB sent")
    assert sent < 4 * MB and answer.startswith(b"HTTP/1.1 401"), answer[:300]


def test_an_oversized_post_with_a_token_is_413_before_a_tenth_is_sent(live):
    sent, answer = slow_post(live, 300 * MB, f"Authorization: Bearer {live.token}\r\n")
    print(f"\n300 MB POST with a token: answered after {sent / MB:.2f} MB sent")
    assert sent < 30 * MB
    assert answer.startswith(b"HTTP/1.1 413") and b'"code": "too_large"' in answer, answer[:300]


def test_slow_loris_connections_do_not_lock_out_a_normal_request(live):
    conns = []
    stop = threading.Event()
    for _ in range(120):
        s = socket.create_connection(("127.0.0.1", live.port), timeout=5)
        s.sendall(b"G")
        conns.append(s)
    header = b"ET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000

    def drip():  # one more header byte on every connection, every 0.2 s, for at most 25 s
        pos, end = 0, time.time() + 25
        while not stop.is_set() and time.time() < end and pos < len(header):
            for s in conns:
                try:
                    s.send(header[pos:pos + 1])
                except OSError:
                    pass
            pos += 1
            stop.wait(0.2)

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        time.sleep(1.0)
        started = time.perf_counter()
        body = urllib.request.urlopen(live.url + "/api/jobs", timeout=10).read()
        elapsed = time.perf_counter() - started
        print(f"\nslow loris: 120 dripping connections; a normal request answered in {elapsed * 1000:.0f} ms")
        assert b"jobs" in body and elapsed < 5
    finally:
        stop.set()
        dripper.join()
        for s in conns:
            s.close()


# -- 2. bounded pages ----------------------------------------------------------------------------------

def test_eight_requests_for_the_largest_document_page_leave_the_site_responsive(live):
    url = f"{live.url}/documents/{live.big_doc}"
    stop = threading.Event()
    page_times, sizes, errors = [], [], []

    def hammer():
        while not stop.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=120) as resp:
                    sizes.append(len(resp.read()))
                page_times.append(time.perf_counter() - started)
            except OSError as exc:
                errors.append(repr(exc))
                return

    threads = [threading.Thread(target=hammer, daemon=True) for _ in range(8)]
    for t in threads:
        t.start()
    small = []
    try:
        time.sleep(1.0)
        for _ in range(5):
            started = time.perf_counter()
            urllib.request.urlopen(live.url + "/api/openapi.json", timeout=10).read()
            small.append(time.perf_counter() - started)
            time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join(150)
    page_times.sort()
    print(f"\n8 concurrent document-page readers: {len(page_times)} pages, median "
          f"{page_times[len(page_times) // 2] * 1000 if page_times else -1:.0f} ms, max "
          f"{max(page_times, default=-1) * 1000:.0f} ms, page size {max(sizes, default=0) / 1024:.0f} KB; "
          f"small request max {max(small) * 1000:.0f} ms")
    assert not errors
    assert max(small) < 1.0
    assert max(sizes) < 2 * MB

    for path in (f"/api/documents/{live.big_doc}", "/actors/Ferncastle%20agency", "/timeline?year=2030"):
        started = time.perf_counter()
        size = len(urllib.request.urlopen(live.url + path, timeout=60).read())
        print(f"{path}: {size / 1024:.0f} KB in {(time.perf_counter() - started) * 1000:.0f} ms")
        assert size < 6 * MB  # the API carries the document's 5.3 MB text once; pages far less
