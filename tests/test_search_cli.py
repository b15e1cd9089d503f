"""The `search` and `reindex` subcommands: arguments, batch JSONL in the scorer's format, one-line errors."""

from __future__ import annotations

import argparse
import io
import json

import pytest

import indexer
from indexer import HashEmbedder
from tests.search_builders import new_store
from kb.errors import InvalidQuery, PolicyKBError
from policykb.cli.search import register as add_search_commands


@pytest.fixture
def env(tmp_path, monkeypatch):
    settings, store, ids = new_store(tmp_path)
    # the commands build their own SearchService: give it the fast fake embedder
    real_init = indexer.SearchService.__init__

    def init(self, settings, store, embedder=None):
        real_init(self, settings, store, embedder or HashEmbedder())

    monkeypatch.setattr(indexer.SearchService, "__init__", init)
    parser = argparse.ArgumentParser(prog="policykb")
    sub = parser.add_subparsers(dest="command")
    add_search_commands(sub)
    return parser, settings, store, tmp_path


def _run(env, *argv):
    parser, settings, store, _ = env
    args = parser.parse_args(list(argv))
    out = io.StringIO()
    code = args.handler.__wrapped__(args, settings, store, out) if hasattr(args.handler, "__wrapped__") else \
        args.handler(args, settings, store, out)
    return code, out.getvalue()


def test_cli_commands_have_help():
    parser = argparse.ArgumentParser(prog="policykb")
    sub = parser.add_subparsers(dest="command")
    add_search_commands(sub)
    for name in ("search", "reindex"):
        assert sub.choices[name].format_help()
        assert sub.choices[name].description


def test_cli_search_text_and_json(env):
    code, out = _run(env, "search", "zero-emission vehicles", "-k", "2")
    assert code == 0 and "eo-fleet.md" in out and "[" in out
    code, out = _run(env, "search", "Hechi base stations", "--json", "--mode", "keyword", "--actor", "Hechi")
    obj = json.loads(out)
    assert obj["query"] == "Hechi base stations"
    assert obj["results"] and all(r["actor"] == "Hechi" for r in obj["results"])
    first = obj["results"][0]
    for key in ("kind", "id", "doc", "doc_title", "sentence", "actor", "action", "target", "deadline", "score",
                "matched_by", "matched_terms", "highlights"):
        assert key in first


def test_cli_search_batch_writes_scorer_format(env):
    *_, tmp_path = env
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"query": "Albania emissions 2030"}\n\n{"query": "railway stations"}\n{"query": ""}\n')
    code, out = _run(env, "search", "--queries", str(queries), "--json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [line["query"] for line in lines] == ["Albania emissions 2030", "railway stations", ""]
    assert lines[0]["results"][0]["doc"] == "ndc-alb.txt" and "sentence" in lines[0]["results"][0]
    assert lines[2]["results"] == [] and "empty" in lines[2]["error"]


@pytest.mark.parametrize("argv, message", [
    (("search",), "give a query"),
    (("search", "x", "-k", "0"), "k must"),
    (("search", "energy", "--deadline-from", "2030", "--deadline-to", "2020"), "empty"),
    (("search", "--queries", "/nonexistent/q.jsonl"), "cannot read"),
])
def test_cli_search_errors_are_one_line_policykb_errors(env, argv, message):
    with pytest.raises(PolicyKBError, match=message) as info:
        _run(env, *argv)
    assert "\n" not in str(info.value)


def test_cli_search_batch_rejects_malformed_lines(env):
    *_, tmp_path = env
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    with pytest.raises(InvalidQuery, match="line 1"):
        _run(env, "search", "--queries", str(bad))


def test_cli_reindex(env):
    code, out = _run(env, "reindex", "--json")
    report = json.loads(out)
    assert code == 0 and report["rebuilt"] and report["commitments"] == 7
