"""Property-based requests from /api/openapi.json against a live `policykb serve` (schemathesis).

Why: the OpenAPI document is a promise to script writers.  schemathesis reads it, generates
requests for every operation (valid and edge-case parameters and bodies, read and write
routes alike, with an editor's bearer token) and checks two things of every answer:

- no server error (`not_a_server_error`: no 5xx for anything a client can send), and
- the answer conforms: its status code is one the document lists for that operation, its
  content type is the documented one, and its body matches the schema (the Error shape for
  4xx) (`status_code_conformance`, `content_type_conformance`, `response_schema_conformance`).

The server is a real process on a free 127.0.0.1 port over a small knowledge base of one
invented document (tests/serverproc.py), so the whole stack runs: routing, auth, SQLite,
search, the error translation.  The run is bounded (`max_examples` per operation, derandomized
so every run sends the same requests) to stay well under 90 s; the number of requests sent is
written to test-artifacts/schemathesis-requests.txt.  For a deeper run:
POLICYKB_SCHEMATHESIS_EXAMPLES=100 .venv/bin/python -m pytest tests/test_api_schemathesis.py
"""

from __future__ import annotations

import os
import time

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,  # noqa: E402
                                               status_code_conformance)

from tests.serverproc import ROOT, Server, policykb  # noqa: E402

pytestmark = pytest.mark.integration

MAX_EXAMPLES = int(os.environ.get("POLICYKB_SCHEMATHESIS_EXAMPLES", "15"))  # per operation: ~350 requests
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ARTIFACT = ROOT / "test-artifacts" / "schemathesis-requests.txt"

PLAN = (b"Riverbend climate plan\n\n"
        b"The Riverbend transport office will electrify 40 buses by 2029.\n\n"
        b"The city council shall publish a heat map of every district within two years.\n\n"
        b"Local schools should plant 500 trees each spring.\n")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A served knowledge base with one document, and an editor's token."""
    data = tmp_path_factory.mktemp("schemathesis") / "data"
    policykb(data, "user", "add", "writer", "--password", "a long enough password", "--role", "editor")
    token = policykb(data, "token", "create", "--user", "writer").strip().splitlines()[0]
    server = Server(data).start()
    try:
        job = server.upload([("riverbend.txt", PLAN)], token)["items"][0]
        deadline = time.time() + 120
        while server.get(f"/api/jobs/{job['id']}")["status"] not in ("done", "failed", "dead"):
            assert time.time() < deadline, "the seed document was not ingested within 120 s"
            time.sleep(0.3)
        assert server.get(f"/api/jobs/{job['id']}")["status"] == "done"
        yield server, token
    finally:
        server.stop()


def test_every_operation_answers_without_server_errors_and_as_documented(live):
    """Each operation of the document gets MAX_EXAMPLES generated requests; every failure (a 5xx or a
    body that does not match its schema) is collected, so one run lists them all."""
    server, token = live
    schema = schemathesis.openapi.from_url(server.url + "/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    sent: list[str] = []
    failures: list[str] = []
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        def run(case):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
            response = case.call(base_url=server.url, timeout=30)
            sent.append(f"{case.method} {case.formatted_path} -> {response.status_code}")
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collected and reported below, one line per operation
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(f"{len(sent)} generated requests over {len(operations)} operations\n"
                        + "\n".join(sent) + "\n")
    print(f"schemathesis: {len(sent)} generated requests over {len(operations)} operations")
    assert not failures, "\n\n".join(failures)
    exercised = {line.split(" -> ")[0] for line in sent}
    assert len(sent) >= 3 * len(operations) and len(exercised) > len(operations)
