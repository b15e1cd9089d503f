"""Lineage across documents and versions of one document, in the store (mixed into `kb.store.Store`).

Why derived tables: a link joins two documents that may arrive in any order, and which commitments
pair depends on every document of an actor (kb/lineage.py), so `rebuild_lineage` recomputes
`lineage_links` and `document_versions` (kb/schema/012_lineage.sql) in one transaction whenever
commitments changed since the last build (`ensure_lineage`, called by the pages and the API).

What people say about a link lives apart, in `lineage_judgements`, keyed by the documents' sha256
and sentence offsets (which survive re-extraction, unlike commitment ids): a rejected link stays
visible on the commitment page as rejected and drops out of the lineage filter; a confirmed link
the rules no longer find is put back from the endpoints the judgement recorded.

Revocations (an order revoking another) are ENTITY15's table `revocations` (kb/store_entities.py);
`commitment_lineage_entries` shows them with the cross-document links as one history, and people
can confirm or reject them by the same kind of key.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from dataclasses import dataclass, replace
from typing import Any, Sequence

from kb.errors import InvalidQuery, NotFound
from kb.entities import defined_names, is_us_federal, resolve
from kb.lineage import (ALL_RELATIONS, ASSUMED_ACTORS, CROSS_RELATIONS, RELATIONS, CrossLink, Doc, Item, find_links,
                        lead_in_actor, lead_in_of)
from kb.rows import utc_now
from kb.versions import VERSION_THRESHOLD, VersionMatch, best_match, diff_commitments, from_blob, signature, to_blob

# One rebuild at a time in a process: eight readers of a page that find the derived tables stale must not
# rebuild them eight times over (each a pass over every commitment); the others wait, then find them fresh.
_REBUILDING = threading.Lock()

VERDICTS = ("confirmed", "rejected")
# the relations whose target is a whole document (kb/store_entities.py revocations)
DOCUMENT_RELATIONS = RELATIONS


@dataclass(frozen=True)
class LineageRebuild:
    versions: int
    links: dict[str, int]          # relation -> count


@dataclass(frozen=True)
class LineageEntry:
    """One step of a commitment's history, as its page and /api/commitments/{id}/lineage show it.

    direction: 'later' — a later document did this to the commitment (revoked it, raised its figure,
    dropped it, reported progress); 'earlier' — this commitment is the later counterpart of an earlier
    one (it restates, raises or moves the deadline of `commitment_id`)."""

    key: str
    relation: str
    direction: str
    document_id: int              # the other document (the evidence, or the earlier one)
    document_title: str
    sentence: str
    start: int | None
    end: int | None
    confidence: float
    detail: str
    commitment_id: int | None = None   # the counterpart commitment, when there is one
    partial: bool = False              # a revocation of some sections only
    verdict: str | None = None         # 'confirmed' | 'rejected' by a person
    judged_by: str | None = None
    judged_at: str | None = None
    link_id: int | None = None         # lineage_links id (None for revocations)


@dataclass(frozen=True)
class DocumentVersion:
    """One document that is a version of another, and what changed in its commitments."""

    document_id: int              # the newer version
    previous_id: int
    previous_title: str
    title: str
    similarity: float
    added: int
    removed: int
    changed: int
    unchanged: int


@dataclass(frozen=True)
class VersionChange:
    """A commitment of a version diff: kind 'added', 'removed', 'changed' (with the fields that differ)."""

    kind: str
    old_id: int | None
    new_id: int | None
    old_sentence: str | None
    new_sentence: str | None
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineageRow:
    """One stored link as `policykb lineage list` shows it: a cross-document link (older commitment → what a
    later document did) or a revocation (older_commitment_id None: the whole revoked document)."""

    relation: str
    older_commitment_id: int | None
    older_document_id: int
    newer_commitment_id: int | None
    document_id: int              # the later document: the evidence
    confidence: float
    detail: str
    sentence: str
    verdict: str | None = None    # 'confirmed' | 'rejected' by a person (cross-document links)


class LineageStore:
    """Lineage links, document versions and people's judgements: the SQL behind a commitment's history."""

    conn: sqlite3.Connection      # these come from kb.store.Store
    transaction: Any
    search_change_seq: Any
    ensure_entities: Any
    commitments_by_ids: Any

    # -- signatures and versions ----------------------------------------------------

    def _signatures(self) -> dict[int, Any]:
        """Every document's shingle signature, computing the missing ones (new documents)."""
        missing = self.conn.execute(
            "SELECT id, text FROM documents WHERE id NOT IN (SELECT document_id FROM document_signatures)").fetchall()
        if missing:
            rows = [(r["id"], signature(r["text"])) for r in missing]
            with self.transaction() as conn:
                conn.executemany("INSERT OR REPLACE INTO document_signatures (document_id, shingles, signature)"
                                 " VALUES (?, ?, ?)", [(i, len(s), to_blob(s)) for i, s in rows])
        return {r[0]: from_blob(r[1]) for r in self.conn.execute("SELECT document_id, signature FROM document_signatures")}

    def find_previous_version(self, text: str, exclude: int | None = None) -> VersionMatch | None:
        """The stored document `text` is most likely a new version of (Jaccard of shingles at or above
        kb.versions.VERSION_THRESHOLD), or None.  Used on upload, before the document is stored."""
        sigs = self._signatures()
        return best_match(signature(text), ((i, s) for i, s in sigs.items() if i != exclude))

    def version_warning(self, text: str, commitments: Sequence[Any]) -> str | None:
        """On upload, before storing: the warning that says the text is a new version of a stored document,
        with the diff of commitments, or None.  The document is still stored (a person may well mean to keep
        both), and `rebuild_lineage` links the two versions' commitments (restated, changed, dropped)."""
        m = self.find_previous_version(text)
        if m is None:
            return None
        row = self.conn.execute("SELECT title, source_name FROM documents WHERE id=?", (m.document_id,)).fetchone()
        old = [c for _i, c in self._doc_commitments(m.document_id)]
        d = diff_commitments(old, list(commitments))
        return (f"New version of document #{m.document_id} “{row['title'] or row['source_name']}”"
                f" ({m.similarity:.0%} of its text is the same): {d.summary()}."
                " Its commitments are linked to the earlier version's on their pages.")

    def _version_pairs(self, order: dict[int, tuple[str, int]]) -> dict[int, tuple[int, float]]:
        """newer document -> (its previous version, similarity): each document against the older ones."""
        sigs = self._signatures()
        out: dict[int, tuple[int, float]] = {}
        ids = sorted(sigs, key=lambda i: order.get(i, ("", i)))
        for k, i in enumerate(ids):
            m = best_match(sigs[i], ((j, sigs[j]) for j in ids[:k]), VERSION_THRESHOLD)
            if m is not None:
                out[i] = (m.document_id, m.similarity)
        return out

    # -- rebuilding ------------------------------------------------------------------

    def rebuild_lineage(self, vectors: Any = None) -> LineageRebuild:
        """Recompute document versions and every cross-document link (`vectors`: commitment id -> unit
        vector from a caller above kb that has embeddings; default TF-IDF of the words)."""
        self.ensure_entities()
        docs = {r["id"]: Doc(r["id"], ((r["published"] or r["added_at"] or "")[:10], r["id"]), r["text"], r["title"])
                for r in self.conn.execute("SELECT id, published, added_at, text, title FROM documents")}
        shas = {r[0]: r[1] for r in self.conn.execute("SELECT id, sha256 FROM documents")}
        contexts: dict[int, tuple] = {}      # document id -> (defined names, federal?), filled when a lead-in needs it
        groups: dict[int, list[str]] = {}
        for r in self.conn.execute("SELECT m.commitment_id, e.key FROM entity_mentions m JOIN entities e"
                                   " ON e.id=m.entity_id"):
            groups.setdefault(r[0], []).append(r[1])
        rows = self.conn.execute("SELECT id FROM commitments_view ORDER BY id").fetchall()
        stored = self.commitments_by_ids([r[0] for r in rows])
        items = [_with_lead_in(Item(sc.id, sc.document_id, tuple(groups.get(sc.id, ())), sc.commitment), docs, contexts)
                 for sc in (stored[r[0]] for r in rows if r[0] in stored)]
        pairs = self._version_pairs({i: d.order for i, d in docs.items()})
        version_rows = []
        by_doc: dict[int, list[Item]] = {}
        for it in items:
            by_doc.setdefault(it.document_id, []).append(it)
        for new, (old, sim) in pairs.items():
            d = diff_commitments([x.commitment for x in by_doc.get(old, [])], [x.commitment for x in by_doc.get(new, [])])
            version_rows.append((new, old, sim, len(d.added), len(d.removed), len(d.changed), len(d.unchanged)))
        links = find_links(items, docs, {new: old for new, (old, _s) in pairs.items()}, vectors=vectors)
        where = {it.id: it for it in items}
        rows_out = []
        keys = set()
        for k in links:
            key = _link_key(k, where, shas)
            if key in keys:
                continue
            keys.add(key)
            rows_out.append((key, k.relation, k.older_id, k.newer_id, k.document_id, k.sentence, k.start, k.end,
                             k.confidence, k.detail, "rules"))
        rows_out += self._confirmed_missing(keys, shas)
        seq = self.search_change_seq()
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO lineage_builds (id, change_seq) VALUES (1, ?)", (seq,))
            conn.execute("DELETE FROM lineage_links")
            conn.execute("DELETE FROM document_versions")
            conn.executemany("INSERT INTO document_versions (document_id, previous_id, similarity, added, removed,"
                             " changed, unchanged) VALUES (?, ?, ?, ?, ?, ?, ?)", version_rows)
            conn.executemany("INSERT OR IGNORE INTO lineage_links (key, relation, older_id, newer_id, document_id,"
                             " sentence, sentence_start, sentence_end, confidence, detail, source)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows_out)
        counts: dict[str, int] = {}
        for r in rows_out:
            counts[r[1]] = counts.get(r[1], 0) + 1
        return LineageRebuild(versions=len(version_rows), links=counts)

    def ensure_lineage(self) -> bool:
        """Rebuild when commitments changed since the last build (True when it rebuilt)."""
        if self._lineage_fresh():
            self.ensure_entities()
            return False
        with _REBUILDING:
            if self._lineage_fresh():      # another request rebuilt it while this one waited
                self.ensure_entities()
                return False
            self.rebuild_lineage()
        return True

    def _lineage_fresh(self) -> bool:
        row = self.conn.execute("SELECT change_seq FROM lineage_builds WHERE id=1").fetchone()
        return row is not None and row[0] == self.search_change_seq()

    def _confirmed_missing(self, keys: set[str], shas: dict[int, str]) -> list[tuple]:
        """Rows for confirmed links the rules no longer find, when their commitments still exist."""
        by_sha = {s: i for i, s in shas.items()}
        out = []
        for r in self.conn.execute("SELECT key, link FROM lineage_judgements WHERE verdict='confirmed'"):
            if r["key"] in keys or r["key"].startswith("doc|"):
                continue
            link = json.loads(r["link"])
            older = self._commitment_at(by_sha, link["older"])
            newer = self._commitment_at(by_sha, link["newer"]) if link.get("newer") else None
            doc = by_sha.get(link["document"])
            if older is None or doc is None or (link.get("newer") and newer is None):
                continue
            out.append((r["key"], link["relation"], older, newer, doc, link["sentence"], link["start"], link["end"],
                        1.0, link["detail"], "person"))
        return out

    def _commitment_at(self, by_sha: dict[str, int], end: list) -> int | None:
        sha, start, action, tag = end
        doc = by_sha.get(sha)
        if doc is None:
            return None
        for row in self.conn.execute("SELECT id, target FROM commitments_view WHERE document_id=? AND sentence_start=?"
                                     " AND action=? ORDER BY id", (doc, start, action)):
            if _target_tag(row[1]) == tag:
                return row[0]
        return None

    # -- reading -------------------------------------------------------------------------

    def commitment_lineage_entries(self, commitment_id: int) -> list[LineageEntry]:
        """A commitment's line of history: revocations of its document, then what later documents did to
        it and what it does to earlier commitments, by date of the other document."""
        row = self.conn.execute("SELECT c.document_id, d.sha256 FROM commitments c JOIN documents d"
                                " ON d.id=c.document_id WHERE c.id=?", (commitment_id,)).fetchone()
        if row is None:
            raise NotFound(f"no commitment with id {commitment_id}")
        judged = self._judgements()
        out: list[LineageEntry] = []
        for r in self.conn.execute(
            "SELECT r.*, d.title, d.sha256 AS by_sha FROM revocations r JOIN documents d ON d.id=r.revoking_document_id"
            " WHERE r.revoked_document_id=? ORDER BY d.published, r.id", (row["document_id"],),
        ):
            key = _revocation_key(r["relation"], row["sha256"], r["by_sha"], r["sentence_start"])
            j = judged.get(key)
            out.append(LineageEntry(
                key=key, relation=r["relation"], direction="later", document_id=r["revoking_document_id"],
                document_title=r["title"], sentence=r["sentence"], start=r["sentence_start"], end=r["sentence_end"],
                confidence=1.0 if j and j[0] == "confirmed" else 0.95, detail=f"Executive Order {r['order_number']}",
                partial=bool(r["partial"]), verdict=j[0] if j else None, judged_by=j[1] if j else None,
                judged_at=j[2] if j else None))
        for r in self.conn.execute(
            "SELECT l.*, d.title, d.published, CASE WHEN l.older_id=:c THEN 'later' ELSE 'earlier' END AS direction,"
            " od.id AS older_doc, od.title AS older_title FROM lineage_links l JOIN documents d ON d.id=l.document_id"
            " JOIN commitments oc ON oc.id=l.older_id JOIN documents od ON od.id=oc.document_id"
            " WHERE l.older_id=:c OR l.newer_id=:c ORDER BY d.published, l.id", {"c": commitment_id},
        ):
            j = judged.get(r["key"])
            later = r["direction"] == "later"
            out.append(LineageEntry(
                key=r["key"], relation=r["relation"], direction=r["direction"],
                document_id=r["document_id"] if later else r["older_doc"],
                document_title=r["title"] if later else r["older_title"],
                sentence=r["sentence"], start=r["sentence_start"], end=r["sentence_end"],
                confidence=1.0 if j and j[0] == "confirmed" else r["confidence"], detail=r["detail"],
                commitment_id=r["newer_id"] if later else r["older_id"],
                verdict=j[0] if j else None, judged_by=j[1] if j else None, judged_at=j[2] if j else None,
                link_id=r["id"]))
        return out

    def _judgements(self) -> dict[str, tuple[str, str, str]]:
        return {r[0]: (r[1], r[2], r[3]) for r in self.conn.execute("SELECT key, verdict, by, at FROM lineage_judgements")}

    def judge_lineage(self, key: str, verdict: str | None, by: str, note: str | None = None) -> None:
        """A person confirms or rejects the link `key` (verdict None: forget what was said)."""
        if verdict is not None and verdict not in VERDICTS:
            raise InvalidQuery(f"verdict must be one of {', '.join(VERDICTS)} (or null to clear)")
        link = self._link_record(key)
        with self.transaction() as conn:
            if verdict is None:
                conn.execute("DELETE FROM lineage_judgements WHERE key=?", (key,))
            else:
                conn.execute("INSERT OR REPLACE INTO lineage_judgements (key, verdict, by, at, note, link)"
                             " VALUES (?, ?, ?, ?, ?, ?)", (key, verdict, by, utc_now(), note, json.dumps(link)))

    def _link_record(self, key: str) -> dict[str, Any]:
        """What a judgement keeps of the link `key` (NotFound when no current link has it)."""
        r = self.conn.execute(
            "SELECT l.*, od.sha256 AS older_sha, oc.sentence_start AS older_start, oc.action AS older_action,"
            " oc.target AS older_target, nd.sha256 AS newer_sha, nc.sentence_start AS newer_start,"
            " nc.action AS newer_action, nc.target AS newer_target, d.sha256 AS doc_sha"
            " FROM lineage_links l JOIN commitments oc ON oc.id=l.older_id JOIN documents od ON od.id=oc.document_id"
            " LEFT JOIN commitments nc ON nc.id=l.newer_id LEFT JOIN documents nd ON nd.id=nc.document_id"
            " JOIN documents d ON d.id=l.document_id WHERE l.key=?", (key,)).fetchone()
        if r is not None:
            return {"relation": r["relation"],
                    "older": [r["older_sha"], r["older_start"], r["older_action"], _target_tag(r["older_target"])],
                    "newer": [r["newer_sha"], r["newer_start"], r["newer_action"], _target_tag(r["newer_target"])]
                    if r["newer_id"] else None,
                    "document": r["doc_sha"], "sentence": r["sentence"], "start": r["sentence_start"],
                    "end": r["sentence_end"], "detail": r["detail"]}
        if key.startswith("doc|"):
            for rv in self.conn.execute("SELECT r.*, a.sha256 AS by_sha, b.sha256 AS of_sha FROM revocations r"
                                        " JOIN documents a ON a.id=r.revoking_document_id"
                                        " JOIN documents b ON b.id=r.revoked_document_id"):
                if _revocation_key(rv["relation"], rv["of_sha"], rv["by_sha"], rv["sentence_start"]) == key:
                    return {"relation": rv["relation"], "document": rv["by_sha"], "sentence": rv["sentence"]}
        raise NotFound(f"no lineage link {key!r}")

    def lineage_counts(self) -> dict[str, int]:
        """Links by relation (rejected ones left out), for the bench and the CLI."""
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT relation, COUNT(*) FROM lineage_links l WHERE NOT EXISTS (SELECT 1 FROM lineage_judgements j"
            " WHERE j.key=l.key AND j.verdict='rejected') GROUP BY relation")}

    def lineage_rows(self, relation: str | None = None, limit: int = 100, offset: int = 0) -> tuple[list[LineageRow], int]:
        """Stored links of one relation (or all), oldest evidence first, a page at a time, and how many
        there are: the cross-document links of `lineage_links`, then the revocations between documents."""
        if relation is not None and relation not in ALL_RELATIONS:
            raise InvalidQuery(f"relation must be one of {', '.join(ALL_RELATIONS)}")
        rows: list[LineageRow] = []
        where, args = (" WHERE relation=?", (relation,)) if relation else ("", ())
        if relation is None or relation in CROSS_RELATIONS:
            rows += [LineageRow(r["relation"], r["older_id"], r["older_document_id"], r["newer_id"], r["document_id"],
                                r["confidence"], r["detail"] or "", r["sentence"] or "", r["verdict"])
                     for r in self.conn.execute(
                "SELECT l.*, c.document_id AS older_document_id, j.verdict FROM lineage_links l"
                " JOIN commitments c ON c.id=l.older_id LEFT JOIN lineage_judgements j ON j.key=l.key"
                + where.replace("relation", "l.relation") + " ORDER BY l.id", args)]
        if relation is None or relation in DOCUMENT_RELATIONS:
            rows += [LineageRow(r["relation"], None, r["revoked_document_id"], None, r["revoking_document_id"], 1.0,
                                "some sections" if r["partial"] else "the whole document", r["sentence"] or "")
                     for r in self.conn.execute(
                "SELECT * FROM revocations" + where + " ORDER BY id", args)]
        return rows[offset:offset + limit], len(rows)

    def iter_lineage_links(self) -> list[tuple[str, int, int | None, int, str, float, str]]:
        """(relation, older commitment, newer commitment, evidence document, sentence, confidence, detail)."""
        return [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in self.conn.execute(
            "SELECT relation, older_id, newer_id, document_id, sentence, confidence, detail FROM lineage_links ORDER BY id")]

    def document_versions(self, document_id: int) -> list[DocumentVersion]:
        """The version links a document is part of: the one it is a newer version of, and any newer versions."""
        return [DocumentVersion(r["document_id"], r["previous_id"], r["ptitle"], r["title"], r["similarity"],
                                r["added"], r["removed"], r["changed"], r["unchanged"]) for r in self.conn.execute(
            "SELECT v.*, p.title AS ptitle, d.title FROM document_versions v JOIN documents p ON p.id=v.previous_id"
            " JOIN documents d ON d.id=v.document_id WHERE v.document_id=? OR v.previous_id=? ORDER BY v.document_id",
            (document_id, document_id))]

    def version_changes(self, document_id: int) -> tuple[DocumentVersion | None, list[VersionChange]]:
        """The diff of commitments between a document and its previous version (None, [] when it has none)."""
        v = next((x for x in self.document_versions(document_id) if x.document_id == document_id), None)
        if v is None:
            return None, []
        old = self._doc_commitments(v.previous_id)
        new = self._doc_commitments(document_id)
        d = diff_commitments([c for _i, c in old], [c for _i, c in new])
        out = [VersionChange("added", None, new[j][0], None, new[j][1].sentence) for j in d.added]
        out += [VersionChange("removed", old[i][0], None, old[i][1].sentence, None) for i in d.removed]
        out += [VersionChange("changed", old[p.old][0], new[p.new][0], old[p.old][1].sentence, new[p.new][1].sentence,
                              p.fields) for p in d.changed]
        return v, out

    def _doc_commitments(self, document_id: int) -> list:
        ids = [r[0] for r in self.conn.execute(
            "SELECT id FROM commitments_view WHERE document_id=? ORDER BY sentence_start, id", (document_id,))]
        found = self.commitments_by_ids(ids)
        return [(i, found[i].commitment) for i in ids if i in found]


def _with_lead_in(it: Item, docs: dict[int, Doc], contexts: dict[int, tuple]) -> Item:
    """A commitment whose actor the extractor assumed, with the actor its list's lead-in names instead (its
    entity keys as groups, resolved as kb/store_entities.py resolves actors): see kb.lineage.lead_in_of."""
    c = it.commitment
    doc = docs.get(it.document_id)
    if c.actor_source not in ASSUMED_ACTORS or doc is None or c.sentence_start is None:
        return it
    lead = lead_in_of(doc.text, c.sentence_start)
    actor = lead_in_actor(lead) if lead else ""
    if not actor:
        return it
    if it.document_id not in contexts:
        contexts[it.document_id] = (defined_names(doc.text), is_us_federal(doc.text))
    names, federal = contexts[it.document_id]
    keys = tuple(m.key for m in resolve(actor, names, federal, scope=doc.title, text=doc.text,
                                        at=doc.text.rfind(lead, 0, c.sentence_start)))
    return replace(it, groups=keys, lead_in=lead) if keys else it


def _target_tag(target: str) -> str:
    """A short stable tag of a target, so that the commitments of one sentence with one verb get distinct keys."""
    return format(zlib.crc32(" ".join(target.lower().split()).encode()), "08x")


def _end(it: Item | None, shas: dict[int, str]) -> str:
    if it is None:
        return "-"
    c = it.commitment
    return f"{shas[it.document_id]}:{c.sentence_start}:{c.action}:{_target_tag(c.target)}"


def _link_key(k: CrossLink, where: dict[int, Item], shas: dict[int, str]) -> str:
    """A name for a link that survives re-extraction: relation, both ends and the evidence by sha256 and offsets."""
    newer = where.get(k.newer_id) if k.newer_id is not None else None
    return f"{k.relation}|{_end(where[k.older_id], shas)}|{_end(newer, shas)}|{shas[k.document_id]}:{k.start}"


def _revocation_key(relation: str, revoked_sha: str, revoking_sha: str, start: int) -> str:
    return f"doc|{relation}|{revoked_sha}|{revoking_sha}:{start}"


def lineage_filter_sql(values: Sequence[str]) -> tuple[str, list[Any]]:
    """A WHERE condition on commitments `c` that have a link of one of `values` (CommitmentFilter.lineage):
    revoked, rescinded, superseded (whole documents) and amended from the revocations; the cross-document
    relations from lineage_links, on either end, unless a person rejected the link."""
    bad = [v for v in values if v not in ALL_RELATIONS]
    if bad:
        raise InvalidQuery(f"lineage must be one of {', '.join(ALL_RELATIONS)}")
    parts: list[str] = []
    params: list[Any] = []
    whole = [v for v in values if v in DOCUMENT_RELATIONS and v != "amended"]
    if whole:
        parts.append("EXISTS (SELECT 1 FROM revocations r WHERE r.revoked_document_id=c.document_id AND r.partial=0"
                     f" AND r.relation IN ({','.join('?' * len(whole))}))")
        params += whole
    if "amended" in values:
        parts.append("EXISTS (SELECT 1 FROM revocations r WHERE r.revoked_document_id=c.document_id"
                     " AND r.relation='amended')")
    cross = [v for v in values if v in CROSS_RELATIONS]
    if cross:
        parts.append("EXISTS (SELECT 1 FROM lineage_links l WHERE (l.older_id=c.id OR l.newer_id=c.id)"
                     f" AND l.relation IN ({','.join('?' * len(cross))}) AND NOT EXISTS (SELECT 1 FROM"
                     " lineage_judgements j WHERE j.key=l.key AND j.verdict='rejected'))")
        params += cross
    return "(" + " OR ".join(parts) + ")", params
