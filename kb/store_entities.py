"""Actor entities and revocations in the store (mixed into `kb.store.Store`).

Why a rebuild: which entity an actor names depends on every document (an
acronym defined in one text, the department names of a federal one), and a
revocation links two documents that may arrive in any order.  So both are
derived tables (kb/schema/010_entities.sql) that `rebuild_entities` refills
in one transaction from the commitments and document texts — after an ingest,
a re-extraction or a deletion (`policykb entities rebuild`).  Nothing a person
typed lives in them: people's merges, splits and renames are overlays in their own table
(kb/schema/014_entity_overlays.sql), named by entity key, that every rebuild lays over the rules
again (`_Overlays`).  Entity ids stay with their key from one rebuild to the next, so links to an
entity's page (and watchlists of it) keep working.

Scorecards count commitments in SCORE_BUCKETS (open, due this year, deadline passed with the status
unknown, met, partly met, missed, revoked), overall and by sector, for an entity, a document or the
whole knowledge base (`scorecard`); the entity list can be sorted by any bucket.

Statuses in the scorecards are the honest ones of `deadline_status_counts`
(a person's status first), with one addition: a commitment of an order that a
later order in the knowledge base revoked (or superseded, as a whole) counts as
'revoked' (or 'superseded') even before anyone reviewed it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterator

from kb.entities import defined_names, is_us_federal, resolve
from kb.errors import NotFound
from kb.lineage import find_revocations, order_number
from kb.store_review import InvalidValue

_REBUILDING_ENTITIES = threading.Lock()   # see ensure_entities

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
# The scorecard's columns (issue 15): still open (a later deadline, or none), due this year, deadline
# passed with nobody saying whether it was done, a person's met / partly met / missed, and revoked
# (a person's word, or a later document revoking or superseding the whole document).
SCORE_BUCKETS = ("open", "due", "deadline_passed", "met", "partly_met", "missed", "revoked")
_BUCKET_OF = {"upcoming": "open", "none": "open", "superseded": "revoked"}
_BUCKET_SQL = ("CASE status WHEN 'upcoming' THEN 'open' WHEN 'none' THEN 'open' WHEN 'superseded' THEN 'revoked'"
               " ELSE status END")
ENTITY_ORDERS = {
    "commitments": "n DESC, e.name COLLATE NOCASE",
    "name": "e.name COLLATE NOCASE",
    "-name": "e.name COLLATE NOCASE DESC",
    "documents": "docs DESC, n DESC, e.name COLLATE NOCASE",
    # by one column of the scorecard, most first
    **{b: f"b_{b} DESC, n DESC, e.name COLLATE NOCASE" for b in SCORE_BUCKETS},
}
MAX_ENTITY_NAME = 200


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
    scores: dict[str, int] | None = None   # by SCORE_BUCKETS, every bucket present (zeros included)


@dataclass(frozen=True)
class ScoreRow:
    """The commitments of one sector (None: no sector found) counted by SCORE_BUCKETS."""

    sector: str | None
    total: int
    scores: dict[str, int]


@dataclass(frozen=True)
class Scorecard:
    """Counts by SCORE_BUCKETS of an entity, a document or the whole knowledge base, and by sector."""

    scope: str          # 'entity', 'document' or 'knowledge base'
    total: int
    scores: dict[str, int]
    statuses: dict[str, int]           # the finer statuses behind the buckets (upcoming, none, superseded...)
    sectors: tuple[ScoreRow, ...]      # most commitments first


@dataclass(frozen=True)
class EntityOverlay:
    """A person's merge, split or rename of an entity, kept across rebuilds (kb/schema/014_entity_overlays.sql)."""

    id: int
    kind: str
    entity_key: str
    mention: str | None
    target_key: str | None
    name: str | None
    created_by: str
    created_at: str


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
        context = {i: (defined_names(text), is_us_federal(text), title, text) for i, (title, text) in docs.items()}
        links: list[tuple[int, str, str, str, str, bool]] = []   # commitment, key, name, mention, rule, joint
        actors: set[str] = set()
        for r in self.conn.execute("SELECT id, document_id, actor, sentence_start FROM commitments_view"
                                   " WHERE actor != ''"):
            actors.add(r["actor"])
            acronyms, federal, title, text = context[r["document_id"]]
            for m in resolve(r["actor"], acronyms, federal, scope=title, text=text, at=r["sentence_start"]):
                links.append((r["id"], m.key, m.name, m.text, m.rule, m.joint))
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
        # people's merges, splits and renames (kb/schema/014_entity_overlays.sql), laid over the rules
        overlays = _Overlays.load(self.conn)
        names: dict[str, Counter[str]] = defaultdict(Counter)      # the rules' names, by the links they made
        moved: dict[str, Counter[str]] = defaultdict(Counter)      # names of links a person moved
        final: list[tuple[int, str, str, str, bool]] = []
        for cid, key, name, mention, rule, joint in links:
            new_key, how = overlays.apply(key, mention)
            (names if new_key == key else moved)[new_key][name] += 1
            final.append((cid, new_key, mention, rule + (f"; {how} by a person" if how else ""), joint))
        keys = {k for _c, k, _m, _r, _j in final}
        seq = self.search_change_seq()
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO entity_builds (id, change_seq) VALUES (1, ?)", (seq,))
            conn.execute("DELETE FROM entity_mentions")
            conn.execute("DELETE FROM revocations")
            # ids stay with their key from one rebuild to the next: links, watchlists and bookmarks keep working
            ids = {r[1]: r[0] for r in conn.execute("SELECT id, key FROM entities")}
            gone = [(i,) for k, i in ids.items() if k not in keys]
            conn.executemany("DELETE FROM entities WHERE id=?", gone)
            for key in keys:
                name = overlays.name(key, names[key], moved[key])
                if key in ids:
                    conn.execute("UPDATE entities SET name=? WHERE id=? AND name IS NOT ?", (name, ids[key], name))
                else:
                    ids[key] = conn.execute("INSERT INTO entities (name, key) VALUES (?, ?)", (name, key)).lastrowid
            conn.executemany(
                "INSERT OR IGNORE INTO entity_mentions (commitment_id, entity_id, mention, rule, joint)"
                " VALUES (?, ?, ?, ?, ?)",
                [(cid, ids[key], mention, rule, int(joint)) for cid, key, mention, rule, joint in final],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO revocations (revoking_document_id, revoked_document_id, relation, partial,"
                " order_number, sentence, sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(a, b, rv.relation, int(rv.partial), rv.order_number, rv.sentence, rv.start, rv.end)
                 for a, b, rv in revocations],
            )
        return EntityRebuild(actors=len(actors), entities=len(keys), mentions=len(final),
                             revocations=len(revocations))

    def ensure_entities(self) -> bool:
        """Rebuild when commitments changed since the last build (True when it rebuilt): pages call this
        first, so entities and revocations follow uploads, re-extractions and deletions.  One rebuild at a
        time in a process: concurrent readers of stale tables wait for it rather than each rebuilding."""
        if self._entities_fresh():
            return False
        with _REBUILDING_ENTITIES:
            if self._entities_fresh():
                return False
            self.rebuild_entities()
        return True

    def _entities_fresh(self) -> bool:
        row = self.conn.execute("SELECT change_seq FROM entity_builds WHERE id=1").fetchone()
        return row is not None and row[0] == self.search_change_seq()

    # -- reading --------------------------------------------------------------

    def entity_summaries(self, today: str, search: str | None = None, order: str = "commitments",
                         limit: int = 500, offset: int = 0, document_id: int | None = None) -> list[EntitySummary]:
        """Entities with their counts by status and by scorecard bucket (`today` an ISO date), `search`
        matching name or alias, `document_id` counting only that document's commitments."""
        where, params = _search_sql(search)
        params.update({"limit": limit, "offset": offset, "today": today, "doc": document_id})
        where = " WHERE (" + where + ")" if where else ""
        pivot = ", ".join(f"SUM(CASE WHEN b = '{b}' THEN 1 ELSE 0 END) AS b_{b}" for b in SCORE_BUCKETS)
        rows = self.conn.execute(
            "WITH s AS (SELECT m.entity_id AS ent, c.document_id AS d, " + _STATUS_SQL + " AS status"
            " FROM entity_mentions m JOIN commitments_view c ON c.id=m.commitment_id"
            " WHERE :doc IS NULL OR c.document_id = :doc),"
            " st AS (SELECT ent, COUNT(*) AS n, COUNT(DISTINCT d) AS docs, " + pivot +
            " FROM (SELECT ent, d, " + _BUCKET_SQL + " AS b FROM s) GROUP BY ent)"
            " SELECT e.id, e.name, st.* FROM entities e JOIN st ON st.ent=e.id" + where
            + " ORDER BY " + ("e.name LIKE :q ESCAPE '\\' DESC, " if where else "")   # name matches before aliases
            + ENTITY_ORDERS.get(order, ENTITY_ORDERS["commitments"]) + " LIMIT :limit OFFSET :offset",
            params,
        ).fetchall()
        statuses = self._entity_statuses([r["id"] for r in rows], today, document_id)
        return [EntitySummary(id=r["id"], name=r["name"], commitments=r["n"], documents=r["docs"],
                              statuses=statuses.get(r["id"], {}),
                              scores={b: r[f"b_{b}"] or 0 for b in SCORE_BUCKETS}) for r in rows]

    def entity_count(self, search: str | None = None, document_id: int | None = None) -> int:
        """Entities with at least one live commitment (`search` and `document_id` as in `entity_summaries`)."""
        where, params = _search_sql(search)
        params["doc"] = document_id
        return self.conn.execute(
            "SELECT COUNT(*) FROM entities e WHERE EXISTS (SELECT 1 FROM entity_mentions m JOIN commitments_view c"
            " ON c.id=m.commitment_id WHERE m.entity_id=e.id AND (:doc IS NULL OR c.document_id = :doc))"
            + (" AND (" + where + ")" if where else ""), params,
        ).fetchone()[0]

    def _entity_statuses(self, ids: list[int], today: str, document_id: int | None = None
                         ) -> dict[int, dict[str, int]]:
        out: dict[int, dict[str, int]] = defaultdict(dict)
        for i in range(0, len(ids), 900):
            chunk = ids[i:i + 900]
            marks = ",".join(f":e{j}" for j in range(len(chunk)))
            params: dict[str, Any] = {f"e{j}": v for j, v in enumerate(chunk)}
            params["today"] = today
            params["doc"] = document_id
            for r in self.conn.execute(
                "SELECT m.entity_id AS e, " + _STATUS_SQL + " AS status, COUNT(*) AS n"
                " FROM entity_mentions m JOIN commitments_view c ON c.id=m.commitment_id"
                f" WHERE m.entity_id IN ({marks}) AND (:doc IS NULL OR c.document_id = :doc)"
                " GROUP BY e, status", params,
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
        statuses = self._entity_statuses([entity_id], today).get(entity_id, {})
        return EntitySummary(id=row["id"], name=row["name"], commitments=counts[0], documents=counts[1],
                             statuses=statuses, scores=score_buckets(statuses))

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
        return self.year_status_counts(today, entity_id=entity_id)

    def year_status_counts(self, today: str, entity_id: int | None = None, document_id: int | None = None
                           ) -> list[tuple[int | None, str, int]]:
        """(deadline year, status, count) of an entity, a document or (neither given) every commitment."""
        source, params = _scope_sql(entity_id, document_id)
        params["today"] = today
        rows = self.conn.execute(
            "SELECT CASE WHEN c.deadline_date IS NULL THEN NULL ELSE CAST(substr(c.deadline_date, 1, 4) AS INTEGER)"
            " END AS y, " + _STATUS_SQL + " AS status, COUNT(*) AS n" + source
            + " GROUP BY y, status ORDER BY y IS NULL, y, status", params,
        ).fetchall()
        return [(r["y"], r["status"], r["n"]) for r in rows]

    def scorecard(self, today: str, entity_id: int | None = None, document_id: int | None = None) -> Scorecard:
        """Counts by SCORE_BUCKETS, overall and by sector, of an entity, a document, or the whole knowledge
        base (neither given); both given: the entity's commitments in that document."""
        source, params = _scope_sql(entity_id, document_id)
        params["today"] = today
        rows = self.conn.execute(
            "SELECT c.sector AS sector, " + _STATUS_SQL + " AS status, COUNT(*) AS n" + source
            + " GROUP BY c.sector, status", params,
        ).fetchall()
        statuses: Counter[str] = Counter()
        by_sector: dict[str | None, Counter[str]] = defaultdict(Counter)
        for r in rows:
            statuses[r["status"]] += r["n"]
            by_sector[r["sector"]][_BUCKET_OF.get(r["status"], r["status"])] += r["n"]
        sectors = sorted(
            (ScoreRow(sector, sum(c.values()), {b: c.get(b, 0) for b in SCORE_BUCKETS}) for sector, c in by_sector.items()),
            key=lambda x: (-x.total, x.sector is None, x.sector or ""))
        scope = "entity" if entity_id is not None else "document" if document_id is not None else "knowledge base"
        return Scorecard(scope=scope, total=sum(statuses.values()), scores=score_buckets(statuses),
                         statuses=dict(statuses), sectors=tuple(sectors))

    def entities_of_commitment(self, commitment_id: int) -> list[tuple[int, str, str]]:
        """(entity id, name, rule) of the entities a commitment's actor names."""
        return [(r[0], r[1], r[2]) for r in self.conn.execute(
            "SELECT e.id, e.name, m.rule FROM entity_mentions m JOIN entities e ON e.id=m.entity_id"
            " WHERE m.commitment_id=? ORDER BY e.name", (commitment_id,),
        )]

    def entities_of_actor(self, actor: str) -> list[tuple[int, str]]:
        """(entity id, name) of the entities the commitments of one exact actor name are linked to (a joint
        actor: each member), so a name's page can lead to the entities' pages and scorecards."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT DISTINCT e.id, e.name FROM entity_mentions m JOIN entities e ON e.id=m.entity_id"
            " JOIN commitments_view c ON c.id=m.commitment_id WHERE c.actor=? ORDER BY e.name", (actor,),
        )]

    # -- people's corrections: merge, split, rename (overlays kept across rebuilds) -------------

    def entity_key(self, entity_id: int) -> str:
        row = self.conn.execute("SELECT key FROM entities WHERE id=?", (entity_id,)).fetchone()
        if row is None:
            raise NotFound(f"no actor entity with id {entity_id}")
        return row[0]

    def entity_id_by_key(self, key: str) -> int | None:
        row = self.conn.execute("SELECT id FROM entities WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def find_entity(self, ref: str) -> int:
        """An entity by id ("12", "#12") or by its exact name (case ignored; it must name one entity)."""
        ref = " ".join(str(ref).split())
        number = ref.removeprefix("#")
        if number.isdigit():
            if len(number) > 18:
                raise NotFound(f"no actor entity with id {number[:30]}")
            self.entity_key(int(number))
            return int(number)
        rows = self.conn.execute("SELECT id FROM entities WHERE name = ? COLLATE NOCASE", (ref,)).fetchall()
        if not rows:
            raise NotFound(f"no actor entity named {ref!r}")
        if len(rows) > 1:
            raise InvalidValue("entity", f"{len(rows)} entities are named {ref!r}: give an id "
                                         f"({', '.join(str(r[0]) for r in rows)})")
        return rows[0][0]

    def merge_entities(self, entity_id: int, into_id: int, by: str) -> int:
        """Every mention of `entity_id` goes to `into_id`, now and after every rebuild; returns `into_id`."""
        key, into_key = self.entity_key(entity_id), self.entity_key(into_id)
        if key == into_key:
            raise InvalidValue("into", "an entity cannot be merged into itself")
        self._add_overlay("merge", key, by, target_key=into_key)
        return self._after_overlay(into_key)

    def split_entity(self, entity_id: int, mention: str, name: str, by: str) -> int:
        """The mentions named `mention` leave `entity_id` for an entity named `name` (a new one, or the
        existing entity of that name); returns the id of the entity they went to."""
        key = self.entity_key(entity_id)
        name = _entity_name(name)
        if not isinstance(mention, str) or not mention.strip():
            raise InvalidValue("mention", "give one of the entity's names (its aliases) to split off")
        mention = " ".join(mention.split())
        known = {a.mention.lower(): a.mention for a in self.entity_aliases(entity_id)}
        if mention.lower() not in known:
            names = sorted(known.values(), key=len)[:8]
            raise InvalidValue("mention", f"{mention[:100]!r} is not a name of this entity (its names include: "
                                          + "; ".join(n if len(n) <= 60 else n[:57] + "..." for n in names) + ")")
        existing = self.conn.execute("SELECT key FROM entities WHERE name = ? COLLATE NOCASE", (name,)).fetchone()
        target = existing[0] if existing else name.lower()
        if target == key:
            raise InvalidValue("name", "the split-off mentions need a name other than the entity's own")
        if len(known) == 1 and not existing:
            raise InvalidValue("mention", "this is the entity's only name: rename the entity instead")
        self._add_overlay("split", key, by, mention=known[mention.lower()], target_key=target, name=name)
        return self._after_overlay(target)

    def rename_entity(self, entity_id: int, name: str, by: str) -> int:
        """Show the entity as `name` from now on (its key, and so its mentions, stay)."""
        key = self.entity_key(entity_id)
        self._add_overlay("rename", key, by, name=_entity_name(name))
        return self._after_overlay(key)

    def entity_overlays(self, entity_id: int | None = None) -> list[EntityOverlay]:
        """People's overlays, oldest first: all, or those that touch one entity (from it or into it)."""
        if entity_id is None:
            rows = self.conn.execute("SELECT * FROM entity_overlays ORDER BY id").fetchall()
        else:
            key = self.entity_key(entity_id)
            rows = self.conn.execute("SELECT * FROM entity_overlays WHERE entity_key=? OR target_key=? ORDER BY id",
                                     (key, key)).fetchall()
        return [EntityOverlay(id=r["id"], kind=r["kind"], entity_key=r["entity_key"], mention=r["mention"],
                              target_key=r["target_key"], name=r["name"], created_by=r["created_by"],
                              created_at=r["created_at"]) for r in rows]

    def delete_entity_overlay(self, overlay_id: int) -> EntityOverlay:
        """Undo one overlay (the entities are rebuilt without it); returns what was undone."""
        found = [o for o in self.entity_overlays() if o.id == overlay_id]
        if not found:
            raise NotFound(f"no entity correction with id {overlay_id}")
        with self.transaction() as conn:
            conn.execute("DELETE FROM entity_overlays WHERE id=?", (overlay_id,))
        self.rebuild_entities()
        return found[0]

    def _add_overlay(self, kind: str, key: str, by: str, mention: str | None = None, target_key: str | None = None,
                     name: str | None = None) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO entity_overlays (kind, entity_key, mention, target_key, name, created_by)"
                         " VALUES (?, ?, ?, ?, ?, ?)", (kind, key, mention, target_key, name, by))

    def _after_overlay(self, key: str) -> int:
        """Rebuild with the new overlay; the id of the entity `key` now belongs to (after merges)."""
        self.rebuild_entities()
        final, _how = _Overlays.load(self.conn).apply(key, "")
        found = self.entity_id_by_key(final)
        if found is None:   # the entity has no live mentions left (cannot happen for a fresh overlay)
            raise NotFound(f"the entity {key!r} has no commitments after the change")
        return found

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


def _entity_name(name: Any) -> str:
    """A person's name for an entity: text, spaces collapsed, 1 to MAX_ENTITY_NAME characters."""
    if not isinstance(name, str):
        raise InvalidValue("name", "must be text")
    name = " ".join(name.split())
    if not name:
        raise InvalidValue("name", "must not be empty")
    if len(name) > MAX_ENTITY_NAME:
        raise InvalidValue("name", f"must be at most {MAX_ENTITY_NAME} characters")
    if any(ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        raise InvalidValue("name", "must not hold control characters")
    return name


def score_buckets(statuses: dict[str, int]) -> dict[str, int]:
    """Finer statuses (upcoming, none, superseded, ...) summed into SCORE_BUCKETS, every bucket present."""
    out = dict.fromkeys(SCORE_BUCKETS, 0)
    for status, n in statuses.items():
        b = _BUCKET_OF.get(status, status)
        if b in out:
            out[b] += n
    return out


def _scope_sql(entity_id: int | None, document_id: int | None) -> tuple[str, dict[str, Any]]:
    """FROM/WHERE of the commitments `c` of an entity and/or a document (all when neither is given)."""
    if entity_id is not None:
        return (" FROM entity_mentions m JOIN commitments_view c ON c.id=m.commitment_id WHERE m.entity_id=:entity"
                " AND (:doc IS NULL OR c.document_id=:doc)"), {"entity": entity_id, "doc": document_id}
    return " FROM commitments_view c WHERE (:doc IS NULL OR c.document_id=:doc)", {"doc": document_id}


def _search_sql(search: str | None) -> tuple[str, dict[str, Any]]:
    """A WHERE condition on entities `e` matching `search` in the name or any alias (LIKE, escaped)."""
    if not search or not search.strip():
        return "", {}
    q = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return ("e.name LIKE :q ESCAPE '\\' OR e.id IN (SELECT entity_id FROM entity_mentions"
            " WHERE mention LIKE :q ESCAPE '\\')"), {"q": q}


class _Overlays:
    """People's merges, splits and renames, read once per rebuild and applied to each mention link.

    A split is looked up on the key the rules gave and again on every key a merge leads to (a person
    may split an alias off an entity that was itself merged), each step at most once, so a chain of
    overlays that loops ends instead of spinning.
    """

    def __init__(self, rows: list[sqlite3.Row]):
        self.merges: dict[str, str] = {}
        self.splits: dict[tuple[str, str], str] = {}
        self.split_names: dict[str, str] = {}
        self.renames: dict[str, str] = {}
        for r in rows:   # in id order: a later overlay of the same kind wins
            if r["kind"] == "merge":
                self.merges[r["entity_key"]] = r["target_key"]
            elif r["kind"] == "split":
                self.splits[(r["entity_key"], r["mention"].lower())] = r["target_key"]
                self.split_names[r["target_key"]] = r["name"]
            else:
                self.renames[r["entity_key"]] = r["name"]

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> "_Overlays":
        return cls(conn.execute("SELECT * FROM entity_overlays ORDER BY id").fetchall())

    def apply(self, key: str, mention: str) -> tuple[str, str | None]:
        """The key a mention ends on, and 'merged' or 'split' when a person moved it (else None)."""
        how: str | None = None
        seen: set[tuple[str, str]] = set()
        lower = mention.lower()
        while True:
            if (key, lower) in self.splits and ("split", key) not in seen:
                seen.add(("split", key))
                key, how = self.splits[(key, lower)], "split"
            elif key in self.merges and ("merge", key) not in seen:
                seen.add(("merge", key))
                key, how = self.merges[key], how or "merged"
            else:
                return key, how

    def name(self, key: str, own: Counter[str], moved: Counter[str]) -> str:
        """A person's name for the entity; else the name most of the links the rules made give; else the
        name a split gave it; else the commonest name of the links people moved to it."""
        if key in self.renames:
            return self.renames[key]
        if own:
            return own.most_common(1)[0][0]
        if key in self.split_names:
            return self.split_names[key]
        return moved.most_common(1)[0][0] if moved else key
