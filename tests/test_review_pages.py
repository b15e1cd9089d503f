"""The pages of issue 14: the review queue, the commitment page's corrections and history, honest
status words on the timeline, tables and actor pages, document details, and what readers see."""

from __future__ import annotations

import re

import pytest

from kb.models import CommitmentFilter
from kb.store_review import Editor
from web.auth import create_user
from tests.webapp import csrf_of, login, make_app

ERIN = Editor("erin", 1)


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, config={"TODAY": "2026-06-01"})
    create_user(app.extensions["policykb"].store, "erin", "correct horse")
    return app


@pytest.fixture
def editor(client):
    login(client, "erin", "correct horse")
    return client


def record(store, words: str):
    return next(sc for sc in store.query_commitments() if words in sc.commitment.sentence)


def test_readers_see_no_edit_controls_and_cannot_open_the_queue(client, store):
    sc = record(store, "railway")
    page = client.get(f"/commitments/{sc.id}").get_data(as_text=True)
    assert "History (0 changes)" in page and "Correct this record" not in page and 'name="do"' not in page
    doc = client.get(f"/documents/{sc.document_id}").get_data(as_text=True)
    assert "add-commitment" not in doc and "Edit document details" not in doc
    r = client.get("/review")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    r = client.post(f"/commitments/{sc.id}/correct", data={"do": "reject", "csrf_token": csrf_of(client)})
    assert r.status_code == 401 and store.get_commitment(sc.id).review is None


def test_an_editor_corrects_on_the_commitment_page_and_the_page_says_who(editor, store):
    sc = record(store, "railway")
    page = editor.get(f"/commitments/{sc.id}").get_data(as_text=True)
    assert "Correct this record" in page and "Not a commitment" in page
    form = {"csrf_token": csrf_of(editor), "do": "fix", "actor": "Nandan County", "action": "build",
            "target": sc.commitment.target, "deadline": sc.commitment.deadline.text, "quantity": "",
            "strength": sc.commitment.strength, "note": "county government"}
    r = editor.post(f"/commitments/{sc.id}/correct", data=form, follow_redirects=True)
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "Nandan County" in page
    assert re.search(r"Corrected by erin on \d{4}-\d\d-\d\d; fields set by a person: actor\.", page)
    assert "History (1 change)" in page and "county government" in page
    # only the actor changed: the form's unchanged fields are not corrections
    assert [h.field for h in store.commitment_history(sc.id)] == ["actor"]
    r = editor.post(f"/commitments/{sc.id}/correct", data={"csrf_token": csrf_of(editor), "do": "confirm"},
                    follow_redirects=True)
    assert re.search(r"Confirmed by erin on \d{4}-", r.get_data(as_text=True))


def test_a_bad_value_in_the_form_is_a_readable_page_that_names_the_field(editor, store):
    sc = record(store, "railway")
    r = editor.post(f"/commitments/{sc.id}/correct", data={"csrf_token": csrf_of(editor), "do": "fix",
                                                            "actor": "", "action": "build"})
    assert r.status_code == 400 and "actor: must not be empty" in r.get_data(as_text=True)


def test_queue_puts_inferred_actors_and_low_confidence_first_and_filters(editor, store):
    conn = store.conn
    low = record(store, "railway")
    inferred = record(store, "annual progress")
    conn.execute("UPDATE commitments SET confidence=0.9")
    conn.execute("UPDATE commitments SET confidence=0.2 WHERE id=?", (low.id,))
    conn.execute("UPDATE commitments SET actor_source='main_actor' WHERE id=?", (inferred.id,))
    queue = store.review_queue()
    assert [sc.id for sc in queue[:2]] == [low.id, inferred.id]
    page = editor.get("/review").get_data(as_text=True)
    ids = re.findall(r'class="review-item[^"]*" data-id="(\d+)"', page)
    assert ids[:2] == [str(low.id), str(inferred.id)] and 'class="review-item current" data-id="%d"' % low.id in page
    assert "low confidence (0.20)" in page and "actor inferred" in page
    page = editor.get(f"/review?document={inferred.document_id}").get_data(as_text=True)
    assert str(low.id) not in re.findall(r'data-id="(\d+)"', page)
    page = editor.get("/review?actor=Nandan").get_data(as_text=True)
    assert re.findall(r'class="review-item[^"]*" data-id="(\d+)"', page) == [str(low.id)]
    # a reviewed record leaves the queue
    store.confirm_commitment(low.id, ERIN)
    assert low.id not in [sc.id for sc in store.review_queue()]


def test_honest_status_words_replace_overdue_and_met_shows_on_timeline_actor_page_and_tables(editor, store):
    coal = record(store, "coal plant")   # Tirana, by 2020: passed
    for path in ("/timeline", "/actors/Tirana", "/commitments", f"/commitments/{coal.id}"):
        page = editor.get(path).get_data(as_text=True)
        assert "Overdue" not in page, path
        assert "Deadline passed (status unknown)" in page, path
    r = editor.post(f"/commitments/{coal.id}/correct", follow_redirects=True, data={
        "csrf_token": csrf_of(editor), "do": "status", "status": "met", "url": "https://example.org/closure",
        "note": "closure notice", "document_id": "", "sentence": ""})
    page = r.get_data(as_text=True)
    assert 'data-status="met">Met</span>' in page and "https://example.org/closure" in page and "set by erin" in page
    timeline = editor.get("/timeline").get_data(as_text=True)
    assert re.search(r'class="stat st-met"><span class="n">1</span> Met', timeline)
    actor = editor.get("/actors/Tirana").get_data(as_text=True)
    assert re.search(r'class="stat st-met"><span class="n">1</span> Met', actor)
    assert 'chip st-met' in actor
    table = editor.get("/timeline?year=2020").get_data(as_text=True)
    assert "chip st-met" in table


def test_document_details_form_sets_metadata(editor, store):
    doc = store.find_document("hechi.txt")
    page = editor.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert 'id="add-commitment"' in page and 'class="ptext" data-start="0"' in page
    r = editor.post(f"/documents/{doc.id}/metadata", data={"csrf_token": csrf_of(editor), "title": "Hechi plan",
                                                          "published": "2024-03-01", "issuing_body": "Hechi government",
                                                          "kind": "plan"})
    assert r.status_code == 302
    doc = store.get_document(doc.id)
    assert (doc.title, doc.published, doc.issuing_body, doc.kind) == ("Hechi plan", "2024-03-01", "Hechi government", "plan")
    sc = record(store, "railway")
    assert "Hechi plan (Hechi government, 2024-03-01)" in editor.get(f"/commitments/{sc.id}").get_data(as_text=True)


def test_add_from_a_selection_through_the_document_form(editor, store):
    doc = store.find_document("hechi.txt")
    words = "Bama will improve rural public infrastructure."
    start = doc.text.index(words)
    r = editor.post(f"/documents/{doc.id}/commitments", data={
        "csrf_token": csrf_of(editor), "start": str(start), "end": str(start + len(words)), "actor": "Bama",
        "action": "improve", "target": "rural public infrastructure", "deadline": "", "note": ""})
    assert r.status_code == 302
    added = [sc for sc in store.query_commitments(CommitmentFilter(actor="Bama")) if sc.origin == "person"]
    assert len(added) == 1 and added[0].commitment.target_start == start + words.index("rural")


def test_queue_reasons_name_what_is_worth_a_look():
    from kb.models import Commitment, StoredCommitment
    from web.views.review import queue_reasons

    sentence = "The city will lay 40 km of track by 2025 and 90 km by 2030."
    c = Commitment(actor="Aldport", actor_text="The city", action="lay", target="", sentence=sentence,
                   sentence_start=0, sentence_end=len(sentence), passage_index=0, actor_source="pronoun_resolved",
                   confidence=0.31)
    reasons = queue_reasons(StoredCommitment(1, 1, None, c))
    assert reasons == ["low confidence (0.31)", "actor inferred, not named in the sentence", "no target",
                       "2 deadline candidates in the sentence"]
