"""The `policykb` command, run as a user runs it: a real process, real models, a temporary data folder."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "hechi-green-pilot-zone.txt"

pytestmark = pytest.mark.integration


def policykb(*args: str, data: Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-m", "policykb", "--data", str(data), *args],
                          capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("kb")
    out = policykb("ingest", "-q", str(SEED), data=data, check=True)
    assert "added 1, duplicates 0, failed 0" in out.stdout
    return data


def test_cli_ingest_reports_duplicates_and_each_failure_by_name(seeded, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    noise = tmp_path / "noise.bin"
    noise.write_bytes(bytes(range(256)) * 4)
    out = policykb("ingest", "-q", str(SEED), str(empty), str(noise), str(tmp_path / "missing.pdf"), data=seeded)
    assert out.returncode == 1
    assert "added 0, duplicates 1, failed 3" in out.stdout
    assert "failed: empty.txt: empty file" in out.stdout
    assert "failed: missing.pdf: no such file" in out.stdout
    assert "failed: noise.bin: " in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_cli_documents_lists_the_seed_with_its_date(seeded):
    out = policykb("documents", data=seeded, check=True)
    assert "2022-05-10" in out.stdout and "Hechi to build green development pilot zone" in out.stdout


def test_cli_show_prints_clean_text_with_passage_boundaries(seeded):
    out = policykb("show", "hechi-green-pilot-zone.txt", data=seeded, check=True)
    assert "[0 " in out.stdout and "paragraph" in out.stdout
    for furniture in ("nav search", "Copyright", "Presented by", "[Photo/Hechi Daily]"):
        assert furniture not in out.stdout


def test_cli_show_unknown_document_is_one_clear_line(seeded):
    out = policykb("show", "nothing-here.txt", data=seeded)
    assert out.returncode == 1
    assert out.stderr.strip() == "policykb: no document named 'nothing-here.txt'"


def test_cli_extract_prints_eval_format_without_touching_the_kb(tmp_path):
    out = policykb("extract", "--jsonl", str(SEED), data=tmp_path / "untouched", check=True)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all({"doc", "sentence", "actor", "action", "target", "deadline"} <= r.keys() for r in rows)
    base = [r for r in rows if "6,000 5G base stations" in r["target"]]
    assert base and base[0]["actor"] == "Hechi" and base[0]["deadline"]["date"].startswith("2025")
    assert not (tmp_path / "untouched" / "policykb.sqlite3").exists()


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl"])
def test_cli_commitments_lists_stored_ones_with_filters(seeded, fmt):
    out = policykb("commitments", "--has-deadline", "--format", fmt, data=seeded, check=True)
    assert "6,000 5G base stations" in out.stdout
    everything = policykb("commitments", "--format", fmt, data=seeded, check=True)
    assert len(everything.stdout.splitlines()) > len(out.stdout.splitlines())


def test_cli_every_command_has_help():
    from policykb.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert set(helps) == set(sub.choices) and all(helps.values()), helps


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_serve_loads_the_corpus_into_an_empty_kb_and_serves_it(tmp_path):
    """What `make run` does, on a fresh data folder."""
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "policykb", "--data", str(tmp_path / "data"), "serve", "--port", str(port),
         "--load-corpus", str(ROOT / "corpus")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
    )
    try:
        deadline = time.time() + 300
        page = None
        while time.time() < deadline and proc.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/documents", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert page is not None, "server did not come up"
        assert "Hechi to build green development pilot zone" in page
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert "loading 1 document(s)" in output


def test_cli_serve_refuses_an_index_built_with_another_model(tmp_path):
    index = tmp_path / "data" / "index"
    index.mkdir(parents=True)
    (index / "manifest.json").write_text(json.dumps({"model": "some-other-model", "dim": 768}))
    out = policykb("serve", "--port", str(_free_port()), data=tmp_path / "data")
    assert out.returncode == 1
    assert "run `policykb reindex`" in out.stderr and "Traceback" not in out.stderr
