"""`policykb lineage rebuild` and `policykb lineage list` (policykb/cli/lineage.py) on a small invented knowledge
base: a plan and its revised version (a moved deadline, a dropped commitment, four restated), and an order
that revokes another."""

from __future__ import annotations

import pytest

from tests.test_entities_scorecard import PORTS, REVOKING, add
from tests.test_lineage_versions import PLAN, REVISED, RulePipeline


@pytest.fixture
def data(tmp_path):
    from kb.config import load_settings
    from kb.store import Store

    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    pipeline = RulePipeline(settings, store)
    pipeline.ingest_bytes(PLAN.encode(), "lakeside-2024.txt")
    pipeline.ingest_bytes(REVISED.encode(), "lakeside-2025.txt")
    add(store, PORTS, "ports.md")
    add(store, REVOKING, "revoking.md")
    store.close()
    return tmp_path


def _run(data, capsys, *args: str) -> tuple[int, list[list[str]]]:
    from policykb.cli.app import main

    code = main(["--data", str(data), "lineage", *args])
    return code, [line.split("\t") for line in capsys.readouterr().out.splitlines()]


def test_rebuild_prints_the_count_of_each_relation(data, capsys):
    code, lines = _run(data, capsys, "rebuild")
    assert code == 0
    assert lines[0][0].startswith("4 documents,") and lines[0][0].endswith("1 version pair")
    counts = {line[0]: int(line[1]) for line in lines[1:]}
    assert counts == {"revoked": 1, "rescinded": 0, "superseded": 0, "amended": 0, "restated": 4, "raised": 0,
                      "lowered": 0, "deadline_moved": 1, "dropped": 1, "progress_reported": 0}


def test_list_shows_the_links_of_one_relation_with_their_evidence(data, capsys):
    code, lines = _run(data, capsys, "list", "--relation", "deadline_moved")
    assert code == 0
    [[relation, older, _older_doc, newer, evidence_doc, confidence, verdict, detail, sentence]] = lines
    assert (relation, verdict, evidence_doc) == ("deadline_moved", "-", "2")
    assert older.isdigit() and newer.isdigit() and float(confidence) >= 0.9
    assert detail.startswith("by 2027 → by 2028") and sentence.endswith("pumping stations by 2028.")

    _code, [revoked] = _run(data, capsys, "list", "--relation", "revoked")
    assert (revoked[0], revoked[1], revoked[3], revoked[7]) == ("revoked", "-", "-", "the whole document")
    assert revoked[8].startswith("Executive Order 19201 of March 3, 2026 (Clean Ports) is hereby revoked")


def test_list_pages_and_says_how_many_more(data, capsys):
    _code, lines = _run(data, capsys, "list", "--limit", "2")
    assert len(lines) == 3 and lines[-1] == ["(2 of 7 shown; --offset 2 for more)"]


def test_an_unknown_relation_is_refused_by_the_parser(data, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _run(data, capsys, "list", "--relation", "forgotten")
    assert exit_info.value.code == 2
    assert "invalid choice: 'forgotten'" in capsys.readouterr().err


def test_the_store_refuses_an_unknown_relation_with_the_list_of_known_ones(data):
    from kb.config import load_settings
    from kb.errors import InvalidQuery
    from kb.store import Store

    store = Store(load_settings(data).db_path)
    with pytest.raises(InvalidQuery, match="relation must be one of revoked, rescinded"):
        store.lineage_rows("forgotten")
    store.close()


def test_the_links_and_a_users_watchlist_of_a_thing_are_found_on_both_backends(backend_store):
    from kb.watchlists import WatchSpec

    store = backend_store
    add(store, PORTS, "ports.md")
    add(store, REVOKING, "revoking.md")
    store.rebuild_lineage()
    rows, total = store.lineage_rows("revoked")
    assert total == 1 and (rows[0].older_commitment_id, rows[0].detail) == (None, "the whole document")
    assert store.lineage_rows("restated") == ([], 0)

    ana, ben = store.add_user("ana", "x" * 60), store.add_user("ben", "x" * 60)
    spec = WatchSpec("filter", filters="actor=Secretary+of+Energy")
    made = store.add_watchlist(ana, "Energy", spec, 30)
    assert store.find_watchlist(ana, WatchSpec("filter", filters="actor=Secretary+of+Energy")).id == made.id
    assert store.find_watchlist(ana, WatchSpec("filter", filters="actor=Secretary+of+Labor")) is None
    assert store.find_watchlist(ben, spec) is None
