"""A real `policykb serve` process for tests that need one: start, wait, upload, kill.

Shared by the crash-recovery and load tests (and bench/load.py), which must
see the server as a user does: over HTTP on loopback, as a separate process
that can be killed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def policykb(data: Path, *args: str) -> str:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-m", "policykb", "--data", str(data), *args],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=True)
    return out.stdout


class Server:
    """`policykb serve` on 127.0.0.1 with its own data folder."""

    def __init__(self, data: Path, port: int | None = None):
        self.data = data
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data / f"server-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180) -> "Server":
        self.data.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "HF_HUB_OFFLINE": "1"}
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "policykb", "--data", str(self.data), "serve", "--port", str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
            )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(self.url + "/api/documents", timeout=5).read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("server did not come up")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as in a power cut or an OOM kill."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=60) as resp:
            return json.loads(resp.read())

    def upload(self, files: list[tuple[str, bytes]], token: str) -> dict:
        """POST /api/documents as multipart/form-data with a bearer token."""
        body, content_type = multipart(files)
        req = urllib.request.Request(
            self.url + "/api/documents", data=body, method="POST",
            headers={"Content-Type": content_type,
                     "Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(req, timeout=120) as resp:
            assert resp.status == 202, resp.status
            return json.loads(resp.read())


def plan_document(i: int, sentences: int = 30) -> bytes:
    """A small policy text with one commitment per sentence, unique to `i`."""
    lines = [f"Township {i} infrastructure plan", "Updated: 2024-03-01", ""]
    body = " ".join(
        f"The township of Lakeview{i} will build {100 + n} bridges in district {n} by {2030 + n % 10}."
        for n in range(sentences)
    )
    return ("\n".join(lines) + body + "\n").encode()


def multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body with each (file name, bytes) as a `file` field, and its Content-Type."""
    boundary = uuid.uuid4().hex
    body = bytearray()
    for name, data in files:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n").encode()
        body += data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return bytes(body), f"multipart/form-data; boundary={boundary}"
