"""The ingest worker warms the derived tables (entities, versions, lineage links) once its queue runs dry
after storing documents (web/worker.py), so the first document page view after a large upload finds them
fresh instead of rebuilding them while its reader waits.  Invented plans, the real job machinery, SQLite and
the plain-text rules of tests/webapp.py (no models)."""

from __future__ import annotations

import pytest

from kb.config import load_settings
from kb.pipeline import Pipeline
from kb.store import Store
from tests.webapp import parse_plain, rule_commitments
from web.worker import JobRunner, Worker

PLAN = """Lakeside Water Plan 2024

Lakeside draws its drinking water from the lake and from three wells on the eastern ridge. Most of the old town was built before the war, and many of its houses are still connected to the mains by lead pipes.

The Lakeside water board will replace every lead service pipe in the old town by 2030. The water board shall open two new pumping stations by 2027. The water board will restore the wetlands along the northern shore by 2029.

Residents told the consultation that they want clearer bills, fewer burst mains in winter and a say in where the new stations are built. The plan was adopted after six public meetings held in the town hall.
"""
REVISED = PLAN.replace("Water Plan 2024", "Water Plan 2025 update").replace("stations by 2027", "stations by 2028")


class RulePipeline(Pipeline):
    """The real pipeline reading files with the plain-text rules of tests/webapp.py."""

    def read_original(self, sha256, source_name, should_stop=None):
        parsed = parse_plain(self.originals.get(sha256), source_name)
        return parsed, rule_commitments(parsed), {}


@pytest.fixture
def kb(tmp_path):
    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    yield store, RulePipeline(settings, store)
    store.dispose()


def _lineage_fresh(store) -> bool:
    return store._lineage_fresh() and store._entities_fresh()


def test_a_worker_warms_the_lineage_tables_when_its_queue_runs_dry(kb):
    store, pipeline = kb
    pipeline.submit(PLAN.encode(), "lakeside.txt")
    pipeline.submit(REVISED.encode(), "lakeside-2025.txt")
    runner = JobRunner(pipeline, store, name="w1")
    assert [runner.run_one().status, runner.run_one().status] == ["added", "added"]
    assert not _lineage_fresh(store)          # stored, not yet warmed: a page view now would rebuild
    assert runner.run_one() is None           # the queue is dry: the runner warms
    assert _lineage_fresh(store)
    assert store.ensure_lineage() is False    # the first page view finds the tables fresh
    relations = sorted(k[0] for k in store.iter_lineage_links())
    assert relations == ["deadline_moved", "restated", "restated"]


def test_the_web_nodes_worker_warms_on_the_idle_pass_after_documents_were_stored(kb):
    store, pipeline = kb
    worker = Worker(pipeline, store, search=None)
    pipeline.submit(PLAN.encode(), "lakeside.txt")
    assert worker.run_once() == 1
    assert not _lineage_fresh(store)          # a pass that processed jobs does not warm: more may follow
    assert worker.run_once() == 0             # the next, idle pass does
    assert _lineage_fresh(store)
    assert store.ensure_lineage() is False


@pytest.mark.parametrize("second, warmed", [
    (PLAN, False),       # the same bytes again: a duplicate stores nothing, so nothing to warm
    (REVISED, True),
])
def test_only_a_batch_that_stored_a_document_warms(kb, second, warmed):
    store, pipeline = kb
    pipeline.submit(PLAN.encode(), "lakeside.txt")
    runner = JobRunner(pipeline, store, name="w1")
    runner.run_one()
    assert runner.warm() is True              # the first document
    pipeline.submit(second.encode(), "again.txt")
    runner.run_one()
    assert runner.warm() is warmed
    assert runner.warm() is False             # nothing stored since
