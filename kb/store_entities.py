"""Actor entities and revocations in the store (mixed into `kb.store.Store`).

Why a rebuild: which entity an actor names depends on every document (an
acronym defined in one text, the department names of a federal one), and a
revocation links two documents that may arrive in any order.  So both are
derived tables (kb/schema/010_entities.sql) that `rebuild_entities` refills
in one transaction from the commitments and document texts — after an ingest,
a re-extraction or a deletion (`policykb entities rebuild`).  Nothing a person
typed lives in them.

Statuses in the scorecards are the honest ones of `deadline_status_counts`
(a person's status first), with one addition: a commitment of an order that a
later order in the knowledge base revoked (or superseded, as a whole) counts as
'revoked' (or 'superseded') even before anyone reviewed it.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterator

from kb.entities import defined_acronyms, is_us_federal, resolve
from kb.errors import NotFound
from kb.lineage import find_revocations, order_number

# how a commitment's status is read: a person's status, then a whole revocation, then its deadline
_STATUS_SQL = (
    "CASE WHEN c.review_status IS NOT NULL THEN c.review_status"
    " WHEN EXISTS (SELECT 1 FROM revocations r WHERE r.revoked_document_id=c.document_id AND r.partial=0"
    "  AND r.relation IN ('revoked', 'rescinded')) THEN 'revoked'"
    " WHEN EXISTS (SELECT 1 FROM revocations r WHERE r.revoked_document_id=c.document_id AND r.partial=0"
    "  AND r.relation='superseded') THEN 'superseded'"
    " WHEN c.deadline_date IS NULL THEN 'none' WHEN c.deadline_date < :today THEN 'deadline_passed'"
    " WHEN substr(c.deadline_date, 1, 4) = substr(:today, 1, 4) THEN 'due' ELSE 'upcoming' END"
)
ENTITY_ORDERS = {
    "commitments": "n DESC, e.name COLLATE NOCASE",
    "name": "e.name COLLATE NOCASE",
    "-name": "e.name COLLATE NOCASE DESC",
    "documents": "docs DESC, n DESC, e.name COLLATE NOCASE",
}


@dataclass(frozen=True)
class EntityRebuild:
    """What `rebuild_entities` found: distinct actor strings before merging, entities after, links."""

    actors: int
    entities: int
    mentions: int
    revocations: int


@dataclass(frozen=True)
class EntitySummary:
    """One entity with its commitment and document counts and its counts by status."""

    id: int
    name: str
    commitments: int
    documents: int
    statuses: dict[str, int]


@dataclass(frozen=True)
class EntityAlias:
    """A name under which an entity appears, the rule that linked it, and how many commitments use it."""

    mention: str
    rule: str
    commitments: int


@dataclass(frozen=True)
class LineageLink:
    """A commitment's document is revoked (rescinded, superseded, amended) by a sentence of another document."""

    relation: str
    partial: bool
    order_number: str
    document_id: int
    document_title: str
    sentence: str
    start: int
    end: int


class EntityStore:
    """Entities, their mentions and revocations: the SQL behind the actors pages and lineage."""

    conn: sqlite3.Connection   # `conn` and `transaction` come from kb.store.Store
    transaction: Any
    search_change_seq: Any

    # -- rebuilding -----------------------------------------------------------

    def rebuild_entities(self) -> EntityRebuild:
        """Recompute every entity, mention link and revocation from the commitments and texts."""
        docs = {r["id"]: (r["title"], r["text"]) for r in self.conn.execute("SELECT id, title, text FROM documents")}
        context = {i: (defined_acronyms(text), is_us_federal(text), title) for i, (title, text) in docs.items()}
        names: dict[str, Counter[str]] = defaultdict(Counter)
        links: list[tuple[int, str, str, str, bool]] = []   # commitment, key, mention, rule, joint
        actors: set[str] = set()
        for r in self.conn.execute("SELECT id, document_id, actor FROM commitments_view WHERE actor != ''"):
            actors.add(r["actor"])
            acronyms, federal, title = context[r["document_id"]]
            for m in resolve(r["actor"], acronyms, federal, scope=title):
                names[m.key][m.name] += 1
                links.append((r["id"], m.key, m.text, m.rule, m.joint))
        numbers: dict[str, int] = {}
        for i, (title, text) in sorted(docs.items()):
            n = order_number(title, text)
            if n and n not in numbers:
                numbers[n] = i
        revocations = []
        for i, (_title, text) in docs.items():
            for rv in find_revocations(text):
                target = numbers.get(rv.order_number)
                if target is not None and target != i:
                    revocations.append((i, target, rv))
        seq = self.search_change_seq()
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO entity_builds (id, change_seq) VALUES (1, ?)", (seq,))
            conn.execute("DELETE FROM entity_mentions")
            conn.execute("DELETE FROM entities")
            conn.execute("DELETE FROM revocations")
            ids = {}
            for key, counter in names.items():
                name = counter.most_common(1)[0][0]
                ids[key] = conn.execute("INSERT INTO entities (name, key) VALUES (?, ?)", (name, key)).lastrowid
            conn.executemany(
                "INSERT OR IGNORE INTO entity_mentions (commitment_id, entity_id, mention, rule, joint)"
                " VALUES (?, ?, ?, ?, ?)",
                [(cid, ids[key], mention, rule, int(joint)) for cid, key, mention, rule, joint in links],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO revocations (revoking_document_id, revoked_document_id, relation, partial,"
                " order_number, sentence, sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(a, b, rv.relation, int(rv.partial), rv.order_number, rv.sentence, rv.start, rv.end)
                 for a, b, rv in revocations],
            )
        return EntityRebuild(actors=len(actors), entities=len(ids), mentions=len(links),
                             revocations=len(revocations))

    def ensure_entities(self) -> bool:
        """Rebuild when commitments changed since the last build (True when it rebuilt): pages call this
        first, so entities and revocations follow uploads, re-extractions and deletions."""
        row = self.conn.execute("SELECT change_seq FROM entity_builds WHERE id=1").fetchone()
        if row is not None and row[0] == self.search_change_seq():
            return False
        self.rebuild_entities()
        return True

    # -- reading --------------------------------------------------------------

    def entity_summaries(self, today: str, search: str | None = None, order: str = "commitments",
                         limit: int = 500, offset: int = 0) -> list[EntitySummary]:
        """Entities with their counts by status (`today` an ISO date), `search` matching name or alias."""
        where, params = _search_sql(search)
        params.update({"limit": limit, "offset": offset})
        where = " WHERE (" + where + ")" if where else ""
        rows = self.conn.execute(
            "WITH st AS (SELECT m.entity_id, COUNT(*) AS n, COUNT(DISTINCT c.document_id) AS docs"
            " FROM entity_mentions m JOIN commitments_view c ON c.id=m.commitment_id GROUP BY m.entity_id)"
            " SELECT e.id, e.name, st.n, st.docs FROM entities e JOIN st ON st.entity_id=e.id" + where
            + " ORDER BY " + ("e.name LIKE :q ESCAPE '\\' DESC, " if where else "")   # name matches before aliases
            + ENTITY_ORDERS.get(order, ENTITY_ORDERS["commitments"]) + " LIMIT :limit OFFSET :offset",
            params,
        ).fetchall()
        statuses = self._entity_statuses([r["id"] for r in rows], today)
        return [EntitySummary(id=r["id"], name=r["name"], commitments=r["n"], documents=r["docs"],
                              statuses=statuses.get(r["id"], {})) for r in rows]

    def entity_count(self, search: str | None = None) -> int:
        """Entities with at least one live commitment (`search` as in `entity_summaries`)."""
        where, params = _search_sql(search)
        return self.conn.execute(
            "SELECT COUNT(*) FROM entities e WHERE EXISTS (SELECT 1 FROM entity_mentions m JOIN commitments_view c"
            " ON c.id=m.commitment_id WHERE m.entity_id=e.id)" + (" AND (" + where + ")" if where else ""), params,
        ).fetchone()[0]

    def _entity_statuses(self, ids: list[int], today: str) -> dict[int, dict[str, int]]:
        out: dict[int, dict[str, int]] = defaultdict(dict)
        for i in range(0, len(ids), 900):
            chunk = ids[i:i + 900]
            marks = ",".join(f":e{j}" for j in range(len(chunk)))
            params: dict[str, Any] = {f"e{j}": v for j, v in enumerate(chunk)}
            params["today"] = today
            for r in self.conn.execute(
                "SELECT m.entity_id AS e, " + _STATUS_SQL + " AS status, COUNT(*) AS n"
                " FROM entity_mentions m JOIN commitments_view c ON c.id=m.commitment_id"
                f" WHERE m.entity_id IN ({marks}) GROUP BY e, status", params,
            ):
                out[r["e"]][r["status"]] = r["n"]
        return out

    def get_entity(self, entity_id: int, today: str) -> EntitySummary:
        row = self.conn.execute("SELECT id, name FROM entities WHERE id=?", (entity_id,)).fetchone()
        if row is None:
            raise NotFound(f"no actor entity with id {entity_id}")
        counts = self.conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT c.document_id) FROM entity_mentions m"
            " JOIN commitments_view c ON c.id=m.commitment_id WHERE m.entity_id=?", (entity_id,),
        ).fetchone()
        return EntitySummary(id=row["id"], name=row["name"], commitments=counts[0], documents=counts[1],
                             statuses=self._entity_statuses([entity_id], today).get(entity_id, {}))

    def entity_aliases(self, entity_id: int) -> list[EntityAlias]:
        return [EntityAlias(r["mention"], r["rule"], r["n"]) for r in self.conn.execute(
            "SELECT m.mention, m.rule, COUNT(*) AS n FROM entity_mentions m JOIN commitments_view c"
            " ON c.id=m.commitment_id WHERE m.entity_id=? GROUP BY m.mention, m.rule ORDER BY n DESC, m.mention",
            (entity_id,),
        )]

    def entity_commitment_ids(self, entity_id: int, revoked: bool | None = None, limit: int | None = None,
                              offset: int = 0) -> list[int]:
        """Ids of the entity's commitments by deadline (`revoked`: only those whose document is, or is not, revoked)."""
        sql = ("SELECT c.id FROM entity_mentions m JOIN commitments_view c ON c.id=m.commitment_id"
               " WHERE m.entity_id=?")
        params: list[Any] = [entity_id]
        if revoked is not None:
            sql += (" AND " if revoked else " AND NOT ") + _REVOKED_SQL
        sql += " ORDER BY c.deadline_date IS NULL, c.deadline_date, c.id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [r[0] for r in self.conn.execute(sql, params)]

    def entity_year_status_counts(self, entity_id: int, today: str) -> list[tuple[int | None, str, int]]:
        """(deadline year, status, count) over the entity's commitments, for its chart; statuses as in
        its scorecard (a person's word, then revoked/superseded by a later document, then by deadline)."""
        rows = self.conn.execute(
            "SELECT CASE WHEN c.deadline_date IS NULL THEN NULL ELSE CAST(substr(c.deadline_date, 1, 4) AS INTEGER)"
            " END AS y, " + _STATUS_SQL + " AS status, COUNT(*) AS n"
            " FROM entity_mentions m JOIN commitments_view c ON c.id=m.commitment_id"
            " WHERE m.entity_id=:entity GROUP BY y, status ORDER BY y IS NULL, y, status",
            {"entity": entity_id, "today": today},
        ).fetchall()
        return [(r["y"], r["status"], r["n"]) for r in rows]

    def entities_of_commitment(self, commitment_id: int) -> list[tuple[int, str, str]]:
        """(entity id, name, rule) of the entities a commitment's actor names."""
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            "SELECT e.id, e.name, m.rule FROM entity_mentions m JOIN entities e ON e.id=m.entity_id"
            " WHERE m.commitment_id=? ORDER BY e.name", (commitment_id,),
        )]

    # -- lineage ----------------------------------------------------------------

    def commitment_lineage(self, commitment_id: int) -> list[LineageLink]:
        """The sentences of other documents that revoke, rescind, supersede or amend this commitment's document."""
        row = self.conn.execute("SELECT document_id FROM commitments WHERE id=?", (commitment_id,)).fetchone()
        if row is None:
            raise NotFound(f"no commitment with id {commitment_id}")
        return [
            LineageLink(relation=r["relation"], partial=bool(r["partial"]), order_number=r["order_number"],
                        document_id=r["revoking_document_id"], document_title=r["title"], sentence=r["sentence"],
                        start=r["sentence_start"], end=r["sentence_end"])
            for r in self.conn.execute(
                "SELECT r.*, d.title FROM revocations r JOIN documents d ON d.id=r.revoking_document_id"
                " WHERE r.revoked_document_id=? ORDER BY d.published, r.id", (row["document_id"],),
            )
        ]

    def revoked_commitment_ids(self) -> list[int]:
        """Ids of every commitment whose document a later document revokes, rescinds or supersedes as a whole."""
        return [r[0] for r in self.conn.execute("SELECT c.id FROM commitments_view c WHERE " + _REVOKED_SQL)]

    def iter_revocations(self) -> Iterator[tuple[int, int, str, bool, str]]:
        """(revoking document, revoked document, relation, partial, sentence) of every stored revocation."""
        for r in self.conn.execute("SELECT * FROM revocations ORDER BY id"):
            yield (r["revoking_document_id"], r["revoked_document_id"], r["relation"], bool(r["partial"]),
                   r["sentence"])


_REVOKED_SQL = ("EXISTS (SELECT 1 FROM revocations r WHERE r.revoked_document_id=c.document_id AND r.partial=0"
                " AND r.relation IN ('revoked', 'rescinded', 'superseded'))")


def _search_sql(search: str | None) -> tuple[str, dict[str, Any]]:
    """A WHERE condition on entities `e` matching `search` in the name or any alias (LIKE, escaped)."""
    if not search or not search.strip():
        return "", {}
    q = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return ("e.name LIKE :q ESCAPE '\\' OR e.id IN (SELECT entity_id FROM entity_mentions"
            " WHERE mention LIKE :q ESCAPE '\\')"), {"q": q}
