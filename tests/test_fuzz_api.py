"""Fuzzing the request side: query strings, ids, offsets, filters and search queries never give a 500.

Every answer to a generated request is a page or a JSON body, or a 4xx/503
with the one error shape ({"error": {"code", "message"}} under /api); a 500,
a stack trace in the body or a traceback in the log is a bug.  The query
checks of the search layer (indexer/query.py) get arbitrary objects too.

POLICYKB_FUZZ_EXAMPLES sets the examples per test (default 60 here, in the
unit tier; `make fuzz` runs thousands together with tests/test_fuzz_ingest.py).
"""

from __future__ import annotations

import logging
import os
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kb.errors import InvalidQuery

EXAMPLES = int(os.environ.get("POLICYKB_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

ROUTES = ["/", "/commitments", "/timeline", "/actors", "/documents", "/api/search", "/api/commitments",
          "/api/documents", "/api/jobs", "/commitments/export.csv", "/commitments/export.json"]
ID_ROUTES = ["/documents/{}", "/commitments/{}", "/api/documents/{}", "/api/commitments/{}", "/api/jobs/{}",
             "/documents/{}/original", "/actors/{}"]
PARAMS = ["q", "k", "mode", "document", "actor", "year", "year_from", "year_to", "has_deadline", "sector",
          "strength", "has_quantity", "offset", "limit", "page", "sort", "format", "commitment"]

# integers around the 64-bit edges (SQLite's INTEGER) as well as anywhere, and strings that only look numeric
EDGES = [str(n) for n in (2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30)]
numbers = st.one_of(st.sampled_from(EDGES), st.integers(-2**70, 2**70).map(str),
                    st.sampled_from(["", "0", "-0", "1e3", "0x10", " 7 ", "NaN", "inf", "٣", "1_000"]))
values = st.one_of(numbers, st.text(max_size=60), st.sampled_from(["none", "yes", "no", "csv", "json", "xml",
                                                                   "hybrid", "exact", "-deadline"]))
queries = st.dictionaries(st.sampled_from(PARAMS), values, max_size=6)


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory):
    from tests.webapp import make_app

    return make_app(tmp_path_factory.mktemp("fuzz"), config={"TODAY": "2026-06-01"}).test_client()


def _check(client, url: str) -> None:
    r = client.get(url)
    body = r.get_data()  # streamed exports run to the end here
    assert r.status_code < 500 or r.status_code == 503, (url, r.status_code, body[:300])
    assert b"Traceback" not in body
    if r.status_code >= 400 and url.startswith("/api/"):
        error = r.get_json()["error"]
        assert error["code"] and error["message"]


@FUZZ
@given(route=st.sampled_from(ROUTES), params=queries)
def test_fuzz_query_strings_never_500(fuzz_client, route, params, caplog):
    with caplog.at_level(logging.ERROR):
        _check(fuzz_client, route + "?" + urllib.parse.urlencode(params))
    assert not [r for r in caplog.records if r.exc_info], "an unexpected exception was logged"


@FUZZ
@given(route=st.sampled_from(ID_ROUTES), ident=st.one_of(numbers, st.text(min_size=1, max_size=40)))
def test_fuzz_ids_in_paths_never_500(fuzz_client, route, ident):
    _check(fuzz_client, route.format(urllib.parse.quote(ident, safe="")))


@FUZZ
@given(query=st.one_of(st.none(), st.integers(), st.text(max_size=600), st.binary(max_size=50)),
       k=st.one_of(st.none(), st.integers(-2**64, 2**64), st.text(max_size=5), st.floats()),
       mode=st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["hybrid", "dense", "keyword"])))
def test_fuzz_search_query_checks_accept_or_refuse_cleanly(query, k, mode):
    from indexer.query import validate_search

    try:
        text, kk = validate_search(query, k, mode, None)
    except InvalidQuery as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(text, str) and isinstance(kk, int) and kk >= 1
