"""Near-duplicate documents (kb/versions.py): an upload that is the same text with small changes is
flagged as a new version of the stored one, with the diff of its commitments, and its commitments are
linked to the earlier version's (restated, deadline moved, dropped).  Invented plans, the real job
machinery and SQLite (the stub extractor of tests/webapp.py: no models)."""

from __future__ import annotations

import pytest

from kb.models import Commitment, CommitmentFilter, Deadline
from kb.pipeline import Pipeline
from kb.versions import VERSION_THRESHOLD, diff_commitments, jaccard, signature
from tests.webapp import parse_plain, rule_commitments

PLAN = """Lakeside Water Plan 2024

Lakeside draws its drinking water from the lake and from three wells on the eastern ridge. Most of the old town was built before the war, and many of its houses are still connected to the mains by lead pipes. Dry summers have lowered the lake in four of the last six years, and the northern wetlands that once filtered the runoff from the farms have shrunk to a third of their former size.

The Lakeside water board will replace every lead service pipe in the old town by 2030. The water board will publish the test results of each school tap every spring. The water board shall open two new pumping stations by 2027.

Residents told the consultation that they want clearer bills, fewer burst mains in winter and a say in where the new stations are built. The board heard from farmers, fishers, schools and the hospital.

The water board will restore the wetlands along the northern shore by 2029. The water board will train forty apprentices in leak detection. The board shall report progress to the council every year.

The plan was adopted by the board after six public meetings held in the town hall and the library.
"""

RETITLED = PLAN.replace("Lakeside Water Plan 2024", "Lakeside Water Plan (council copy)")

REVISED = (PLAN.replace("Lakeside Water Plan 2024", "Lakeside Water Plan 2025 update")
           .replace("pumping stations by 2027", "pumping stations by 2028")
           .replace(" The water board will train forty apprentices in leak detection.", ""))

OTHER = """Harbour Lights Strategy

The harbour office will repaint the lighthouse by 2026. The harbour office shall dredge the marina. The harbour office will hire six pilots by 2028.
"""


def cm(sentence: str, deadline: str | None = None, start: int = 0) -> Commitment:
    return Commitment(actor="water board", actor_text="water board", action="do", target=sentence, sentence=sentence,
                      sentence_start=start, sentence_end=start + len(sentence), passage_index=1,
                      deadline=Deadline(f"by {deadline}", f"{deadline}-12-31") if deadline else None)


def test_a_retitled_copy_shares_nearly_all_its_shingles_and_another_plan_almost_none():
    assert jaccard(signature(PLAN), signature(RETITLED)) > 0.9
    assert VERSION_THRESHOLD <= jaccard(signature(PLAN), signature(REVISED)) < 1.0
    assert jaccard(signature(PLAN), signature(OTHER)) < 0.05
    assert jaccard(signature(""), signature(PLAN)) == 0.0


def test_the_diff_of_two_versions_says_added_removed_changed_and_unchanged():
    old = [cm("Pipes get replaced by 2030.", "2030"), cm("Stations open by 2027.", "2027"), cm("Apprentices are trained.")]
    new = [cm("Pipes get replaced by 2030.", "2030"), cm("Stations open by 2028.", "2028"), cm("A new dam is built.")]
    d = diff_commitments(old, new)
    assert d.unchanged == ((0, 0),) and d.removed == (2,) and d.added == (2,)
    [changed] = d.changed
    assert (changed.old, changed.new) == (1, 1) and set(changed.fields) == {"sentence", "target", "deadline"}
    assert d.summary() == "1 commitment added, 1 removed, 1 changed, 1 unchanged"


class RulePipeline(Pipeline):
    """The real pipeline (jobs, originals, `_parse_extract_store` with its version check) reading files with the
    plain-text rules of tests/webapp.py instead of the parsers and spaCy."""

    def read_original(self, sha256, source_name, should_stop=None):
        parsed = parse_plain(self.originals.get(sha256), source_name)
        return parsed, rule_commitments(parsed), {}


@pytest.fixture
def app(tmp_path):
    from kb.config import load_settings
    from kb.store import Store
    from tests.fake_search import BasicSearch
    from web import create_app

    settings = load_settings(tmp_path)
    store = Store(settings.db_path)
    return create_app(settings, store=store, search=BasicSearch(store), pipeline=RulePipeline(settings, store),
                      start_worker=False, config={"TESTING": True, "TODAY": "2026-06-01"})


@pytest.fixture
def kb(app):
    return app.extensions["policykb"]


def _ids(store, doc_id: int) -> list[int]:
    return [sc.id for sc in store.query_commitments(CommitmentFilter(document_id=doc_id), order="id")]


def test_the_same_plan_with_its_title_changed_is_flagged_as_a_new_version_not_silently_doubled(app, kb):
    first = kb.pipeline.ingest_bytes(PLAN.encode(), "lakeside.txt")
    again = kb.pipeline.ingest_bytes(RETITLED.encode(), "lakeside-copy.txt")
    assert again.status == "added"
    [flag] = [w for w in again.warnings if w.startswith("New version of")]
    assert f"document #{first.document_id}" in flag and "0 commitments added, 0 removed, 0 changed, 6 unchanged" in flag
    # the flag stays on the document and its job, where the upload page shows warnings
    assert flag in kb.store.get_document(again.document_id).warnings
    body = app.test_client().get(f"/api/documents/{again.document_id}/versions").get_json()
    [v] = body["items"]
    assert (v["document_id"], v["previous_id"], v["unchanged"]) == (again.document_id, first.document_id, 6)
    assert body["count"] == 1 and body["changes"] == []
    # every commitment of the first copy is restated in the second
    kb.store.ensure_lineage()
    for cid in _ids(kb.store, first.document_id):
        assert [k.relation for k in kb.store.commitment_lineage_entries(cid)] == ["restated"]


def test_an_unrelated_plan_is_not_flagged(kb):
    kb.pipeline.ingest_bytes(PLAN.encode(), "lakeside.txt")
    other = kb.pipeline.ingest_bytes(OTHER.encode(), "harbour.txt")
    assert not [w for w in other.warnings if w.startswith("New version of")]


def test_a_revised_plan_links_a_moved_deadline_and_a_dropped_commitment(app, kb):
    old = kb.pipeline.ingest_bytes(PLAN.encode(), "lakeside-2024.txt").document_id
    new_outcome = kb.pipeline.ingest_bytes(REVISED.encode(), "lakeside-2025.txt")
    assert "0 commitments added, 1 removed, 1 changed, 4 unchanged" in " ".join(new_outcome.warnings)
    client = app.test_client()
    by_sentence = {sc.commitment.sentence: sc.id for sc in kb.store.query_commitments(CommitmentFilter(document_id=old))}
    stations = by_sentence["The water board shall open two new pumping stations by 2027."]
    apprentices = by_sentence["The water board will train forty apprentices in leak detection."]

    body = client.get(f"/api/commitments/{stations}/lineage").get_json()
    [moved] = body["items"]
    assert (moved["relation"], moved["direction"], moved["document_id"]) == ("deadline_moved", "later", new_outcome.document_id)
    assert moved["detail"].startswith("by 2027 → by 2028") and moved["sentence"].endswith("by 2028.")
    assert moved["commitment_url"] == f"/commitments/{moved['commitment_id']}" and body["next"] is None

    [dropped] = client.get(f"/api/commitments/{apprentices}/lineage").get_json()["items"]
    assert dropped["relation"] == "dropped" and dropped["commitment_id"] is None

    # the newer commitment sees the same link from its side
    newer = client.get(f"/api/commitments/{moved['commitment_id']}/lineage").get_json()["items"]
    assert [(k["relation"], k["direction"], k["commitment_id"]) for k in newer] == [("deadline_moved", "earlier", stations)]

    changes = client.get(f"/api/documents/{new_outcome.document_id}/versions").get_json()["changes"]
    assert sorted((c["kind"], tuple(c["fields"])) for c in changes) == [
        ("changed", ("sentence", "deadline")), ("removed", ())]


def test_lists_filter_by_lineage_relation(app, kb):
    old = kb.pipeline.ingest_bytes(PLAN.encode(), "lakeside-2024.txt").document_id
    new = kb.pipeline.ingest_bytes(REVISED.encode(), "lakeside-2025.txt").document_id
    client = app.test_client()
    dropped = client.get("/api/commitments?lineage=dropped").get_json()
    assert [r["sentence"] for r in dropped["items"]] == ["The water board will train forty apprentices in leak detection."]
    moved = client.get("/api/commitments?lineage=deadline_moved").get_json()
    # both ends of the link: the promise of 2024 and its counterpart of 2025
    assert sorted((r["document_id"], r["sentence"][-8:]) for r in moved["items"]) == [(old, "by 2027."), (new, "by 2028.")]
    both = client.get("/api/commitments?lineage=dropped&lineage=deadline_moved").get_json()
    assert both["count"] == 3
    bad = client.get("/api/commitments?lineage=forgotten")
    assert bad.status_code == 400 and "lineage must be one of" in bad.get_json()["error"]["message"]



def _html(client, url: str):
    """The page at `url`, parsed (lxml, a dependency already), for XPath questions about its links."""
    import lxml.html

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return lxml.html.fromstring(response.data)


def _text(node) -> str:
    return " ".join(node.text_content().split())


def test_the_document_page_shows_its_versions_and_links_the_diff_and_its_scorecard(app, kb):
    old = kb.pipeline.ingest_bytes(PLAN.encode(), "lakeside-2024.txt").document_id
    new = kb.pipeline.ingest_bytes(REVISED.encode(), "lakeside-2025.txt").document_id
    client = app.test_client()

    newer_page = _html(client, f"/documents/{new}")
    [earlier] = newer_page.xpath('//*[@id="versions"]//li[@class="earlier-version"]')
    assert earlier.xpath("./a/@href")[0] == f"/documents/{old}"
    assert earlier.xpath('./a[@class="version-diff"]/@href') == [f"/documents/{new}/versions"]
    assert "0 added, 1 removed, 1 changed" in _text(earlier)
    assert newer_page.xpath('//a[@class="document-scorecard"]/@href') == [f"/actors?document={new}"]

    older_page = _html(client, f"/documents/{old}")
    [later] = older_page.xpath('//*[@id="versions"]//li[@class="later-version"]')
    assert later.xpath("./a/@href") == [f"/documents/{new}", f"/documents/{new}/versions"]

    diff = _html(client, f"/documents/{new}/versions")
    assert diff.xpath('//*[@id="previous-version"]/@href') == [f"/documents/{old}"]
    [changed] = diff.xpath('//table[@id="changed"]/tbody/tr')
    before, now, fields = changed.xpath("./td")
    assert _text(before).endswith("by 2027.") and _text(now).endswith("by 2028.")
    assert _text(fields) == "sentence, deadline"
    assert [_text(li) for li in diff.xpath('//ul[@id="removed"]/li')] == [
        "The water board will train forty apprentices in leak detection."]
    assert diff.xpath('//*[@id="added"]') == []


def test_a_document_without_versions_says_so_and_an_unknown_one_is_not_found(app, kb):
    alone = kb.pipeline.ingest_bytes(OTHER.encode(), "harbour.txt").document_id
    client = app.test_client()
    assert _html(client, f"/documents/{alone}").xpath('//*[@id="versions"]') == []
    assert len(_html(client, f"/documents/{alone}/versions").xpath('//*[@id="no-previous"]')) == 1
    assert client.get("/documents/999/versions").status_code == 404
