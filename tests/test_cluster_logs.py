"""Structured logs (POLICYKB_LOG_FORMAT=json): one JSON object a line, with request and job ids.

A request's id comes from its X-Request-ID header (or is made up) and goes back in the answer;
a job's id is on every line written while a worker processes it.  Text stays the default.
"""

from __future__ import annotations

import io
import json
import logging
import re
from pathlib import Path

import pytest

from kb.logs import handler, log_context, request_id_from
from tests.webapp import make_app


@pytest.fixture
def json_lines():
    """Everything logged meanwhile, as the JSON lines a collector would read."""
    stream = io.StringIO()
    h = handler("json", stream)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(h)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(h)
        root.setLevel(old_level)


def test_a_json_line_carries_time_level_logger_message_and_the_contexts_ids(json_lines):
    with log_context(request_id="req-7", job_id=42):
        logging.getLogger("policykb.test").warning("the parser took %d s", 3)
    logging.getLogger("policykb.test").info("outside any request")
    inside, outside = json_lines()
    assert inside["message"] == "the parser took 3 s"
    assert (inside["level"], inside["logger"], inside["request_id"], inside["job_id"]) == (
        "WARNING", "policykb.test", "req-7", 42)
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", inside["time"])
    assert "request_id" not in outside and "job_id" not in outside


def test_a_callers_request_id_comes_back_and_is_on_the_requests_log_line(tmp_path: Path, json_lines):
    client = make_app(tmp_path).test_client()
    r = client.get("/api/search?q=bridges", headers={"X-Request-ID": "proxy-5f2a.17"})
    assert r.status_code == 200
    assert r.headers["X-Request-ID"] == "proxy-5f2a.17"
    [line] = [x for x in json_lines() if x.get("event") == "request"]
    assert (line["request_id"], line["method"], line["path"], line["status"]) == (
        "proxy-5f2a.17", "GET", "/api/search", 200)
    assert isinstance(line["ms"], float)


def test_without_a_request_id_each_request_gets_a_new_one(tmp_path: Path):
    client = make_app(tmp_path).test_client()
    first, second = client.get("/api/commitments"), client.get("/api/commitments")
    assert re.fullmatch(r"[0-9a-f]{32}", first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.parametrize("forged", ["two words", "x" * 129, "line\\nbreak", "<script>"])
def test_a_request_id_that_is_not_a_plain_token_is_replaced(forged: str):
    assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(forged))


def test_errors_carry_the_request_id_too(tmp_path: Path, json_lines):
    client = make_app(tmp_path).test_client()
    r = client.get("/api/commitments/999999", headers={"X-Request-ID": "missing-1"})
    assert r.status_code == 404 and r.headers["X-Request-ID"] == "missing-1"
    lines = [x for x in json_lines() if x.get("request_id") == "missing-1"]
    # the error handler's line and the request's own line, tied together by the id
    assert [x["logger"] for x in lines] == ["web.errors", "policykb.request"]
    assert "not_found" in lines[0]["message"] and lines[1]["status"] == 404


def test_a_jobs_lines_carry_its_id_from_upload_to_finish(tmp_path: Path, json_lines):
    app = make_app(tmp_path, seed=False)
    ctx = app.extensions["policykb"]
    job = ctx.pipeline.submit(b"Ferry plan\n\nThe port will add two night ferries by 2027.\n", "ferry.txt")
    ctx.worker.run_once()
    [finished] = [x for x in json_lines() if x.get("event") == "job_finished"]
    assert (finished["job_id"], finished["status"], finished["source_name"]) == (job.id, "added", "ferry.txt")


def test_the_command_line_writes_json_lines_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]):
    from policykb.cli import main

    root = logging.getLogger()
    before = list(root.handlers)
    monkeypatch.setenv("POLICYKB_LOG_FORMAT", "json")
    try:
        assert main(["--data", str(tmp_path / "data"), "documents"]) == 0
    finally:
        for h in root.handlers[len(before):]:
            root.removeHandler(h)
            h.close()
    [line] = [json.loads(x) for x in capsys.readouterr().err.splitlines()]
    assert line["logger"] == "policykb" and line["message"].startswith("documents took")
    logged = (tmp_path / "data" / "policykb.log").read_text(encoding="utf-8").splitlines()
    assert json.loads(logged[-1])["message"] == line["message"]


def test_plain_text_stays_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]):
    from policykb.cli import main

    root = logging.getLogger()
    before = list(root.handlers)
    monkeypatch.delenv("POLICYKB_LOG_FORMAT", raising=False)
    try:
        assert main(["--data", str(tmp_path / "data"), "documents"]) == 0
    finally:
        for h in root.handlers[len(before):]:
            root.removeHandler(h)
            h.close()
    assert capsys.readouterr().err == ""
    last = (tmp_path / "data" / "policykb.log").read_text(encoding="utf-8").splitlines()[-1]
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ INFO policykb: documents took", last)
