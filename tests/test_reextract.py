"""Re-extraction: stored documents re-read from their originals, with a report of what changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kb.models import Commitment, Deadline
from kb.reextract import compare, differing_fields
from tests.test_cli import policykb


def _c(sentence: str, action: str, target: str, actor: str = "The ministry", year: int | None = None) -> Commitment:
    deadline = Deadline(text=f"by {year}", date=f"{year}-12-31") if year else None
    return Commitment(actor=actor, actor_text=actor, action=action, target=target, sentence=sentence,
                      sentence_start=0, sentence_end=len(sentence), passage_index=0, deadline=deadline)


S1 = "The ministry will open 40 clinics and hire 300 nurses by 2027."
S2 = "The ministry shall publish a workforce plan."


def test_the_same_reading_is_all_unchanged() -> None:
    old = [_c(S1, "open", "40 clinics", year=2027), _c(S1, "hire", "300 nurses", year=2027)]
    added, removed, changed, unchanged = compare(old, list(old))
    assert (added, removed, changed, unchanged) == ([], [], [], 2)


def test_records_pair_by_sentence_and_action_and_report_the_fields_that_moved() -> None:
    old = [_c(S1, "open", "40 clinics"), _c(S2, "publish", "a workforce plan")]
    new = [_c(S1, "open", "40 clinics", year=2027), _c(S1, "hire", "300 nurses", year=2027)]
    added, removed, changed, unchanged = compare(old, new)
    assert [c.after.action for c in added] == ["hire"]
    assert [c.before.action for c in removed] == ["publish"]
    assert [(c.after.action, c.fields) for c in changed] == [("open", ("deadline",))]
    assert unchanged == 0


def test_a_new_actor_is_a_changed_field_not_a_new_record() -> None:
    before = _c(S2, "publish", "a workforce plan", actor="Workforce")
    after = _c(S2, "publish", "a workforce plan", actor="The ministry")
    assert differing_fields(before, after) == ("actor",)


@pytest.mark.integration
def test_cli_reextract_restores_what_the_extractor_reads_and_says_what_changed(tmp_path: Path) -> None:
    doc = tmp_path / "harbour-plan.txt"
    doc.write_text(
        "Port Ellery harbour plan\n\nPublished 4 March 2024\n\n"
        "The harbour authority will dredge the northern channel by 2026. "
        "It will also build a second ferry terminal.\n",
        encoding="utf-8",
    )
    data = tmp_path / "kb"
    policykb("ingest", "-q", str(doc), data=data, check=True)
    db = data / "policykb.sqlite3"
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, action, actor FROM commitments ORDER BY id").fetchall()
        assert [r[1] for r in rows] == ["dredge", "build"]
        # as if an older extractor had read a wrong actor and missed the second record
        conn.execute("UPDATE commitments SET actor='Ferry' WHERE id=?", (rows[0][0],))
        conn.execute("DELETE FROM commitments WHERE id=?", (rows[1][0],))

    out = policykb("reextract", "--details", data=data, check=True)
    assert "harbour-plan.txt (document 1): 1 added, 0 removed, 1 changed, 0 unchanged" in out.stdout
    assert "[actor; was: Ferry | dredge" in out.stdout
    assert "+ " in out.stdout and "| build |" in out.stdout
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT actor FROM commitments ORDER BY id")] == [rows[0][2], rows[1][2]]

    again = policykb("reextract", "--document", "harbour-plan.txt", data=data, check=True)
    assert "0 added, 0 removed, 0 changed, 2 unchanged" in again.stdout
    # the search index follows the re-read records
    with sqlite3.connect(db) as conn:
        (build_id,) = conn.execute("SELECT id FROM commitments WHERE action='build'").fetchone()
    hits = policykb("search", "second ferry terminal", "-k", "1", data=data, check=True)
    assert f"harbour-plan.txt (commitment {build_id})" in hits.stdout


def test_cli_reextract_of_an_unknown_document_is_one_line(tmp_path: Path) -> None:
    out = policykb("reextract", "--document", "nothing.pdf", data=tmp_path)
    assert out.returncode == 1
    assert out.stderr.strip() == "policykb: no document named 'nothing.pdf'"
