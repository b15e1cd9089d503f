"""Re-reading stored documents when ingestion or extraction improves, and saying what changed.

Every accepted file's original bytes are kept (kb.originals), so a better
parser or extractor can be applied to what is already in the knowledge base.
Each document is re-read from its original and swapped in one transaction
(kb.store.Store.replace_document_content); the report pairs old and new
records so a person sees what the new version added, removed and changed,
not just two counts.

Records are paired by their sentence and action (the same undertaking read
again); among several with the same sentence and action, by target.  A pair
whose other fields differ is "changed", with the names of those fields.

People's work survives: the comparison reads the extractor's own output (not
the corrections laid over it), and after the swap each review (kb/store_review.py)
is re-linked to the record with the same sentence and action, so a confirmed or
edited record keeps the person's fields and a rejected one stays out.  Records
people added from a text selection are put back where their text now is.  A
review whose sentence vanished, or now reads with another action, is kept
unlinked with the reason: it waits in the review queue and the report lists it
(a rejected record whose sentence the extractor no longer reads is no conflict:
it stays rejected, and comes back rejected if a later reading finds it again).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from kb.models import Commitment, DocumentRecord
from kb.pipeline import Pipeline
from kb.store_review import _find, normalise_sentence

# the fields a person reads; offsets and versions are not "changes" by themselves
COMPARED = ("actor", "action", "target", "deadline", "quantity", "strength", "negated", "sector")


@dataclass(frozen=True)
class RecordChange:
    before: Commitment | None     # None: added
    after: Commitment | None      # None: removed
    fields: tuple[str, ...] = ()  # for a changed record: which of COMPARED differ


@dataclass(frozen=True)
class ReextractReport:
    document_id: int
    source_name: str
    old_version: str
    new_version: str
    added: tuple[RecordChange, ...]
    removed: tuple[RecordChange, ...]
    changed: tuple[RecordChange, ...]
    unchanged: int
    carried: int = 0                     # people's reviews re-linked to the new reading
    conflicts: tuple[str, ...] = ()      # reviews that could not be carried over (now in the review queue)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> str:
        line = (f"{self.source_name} (document {self.document_id}): {len(self.added)} added, "
                f"{len(self.removed)} removed, {len(self.changed)} changed, {self.unchanged} unchanged")
        if self.carried or self.conflicts:
            line += f"; corrections: {self.carried} carried over, {len(self.conflicts)} not (in the review queue)"
        return line


def _key(c: Commitment) -> tuple[str, str]:
    return (" ".join(c.sentence.split()).lower(), c.action.lower())


def _deadline(c: Commitment) -> str | None:
    return c.deadline.date if c.deadline else None


def _quantity(c: Commitment) -> tuple | None:
    return (c.quantity.value, c.quantity.upper, c.quantity.unit) if c.quantity else None


def differing_fields(a: Commitment, b: Commitment) -> tuple[str, ...]:
    out = []
    for name in COMPARED:
        if name == "deadline":
            same = _deadline(a) == _deadline(b)
        elif name == "quantity":
            same = _quantity(a) == _quantity(b)
        else:
            same = getattr(a, name) == getattr(b, name)
        if not same:
            out.append(name)
    return tuple(out)


def compare(old: Iterable[Commitment], new: Iterable[Commitment]) -> tuple[list[RecordChange], list[RecordChange],
                                                                             list[RecordChange], int]:
    """(added, removed, changed, unchanged count) between two readings of one document."""
    pool: dict[tuple[str, str], list[Commitment]] = defaultdict(list)
    for c in old:
        pool[_key(c)].append(c)
    added, changed = [], []
    unchanged = 0
    for c in new:
        candidates = pool.get(_key(c))
        if not candidates:
            added.append(RecordChange(None, c))
            continue
        best = min(candidates, key=lambda o: (o.target != c.target, len(differing_fields(o, c))))
        candidates.remove(best)
        fields = differing_fields(best, c)
        if fields:
            changed.append(RecordChange(best, c, fields))
        else:
            unchanged += 1
    removed = [RecordChange(c, None) for rest in pool.values() for c in rest]
    return added, removed, changed, unchanged


def reextract_document(pipeline: Pipeline, document: DocumentRecord) -> ReextractReport:
    """Re-read one stored document from its original and swap the new reading in; what changed."""
    from kb.extract import EXTRACTOR_VERSION

    store = pipeline.store
    old = [s.commitment for s in store.extracted_commitments(document.id)]
    parsed, commitments, sentences = pipeline.read_original(document.sha256, document.source_name)
    added, removed, changed, unchanged = compare(old, commitments)
    with store.transaction():  # the new reading and the re-linked reviews go in together
        person_rows = {s.id: s.commitment for s in store.person_commitment_rows(document.id)}
        anchors = store.review_anchors(document.id)
        store.replace_document_content(document.id, parsed, commitments, EXTRACTOR_VERSION, sentences=sentences)
        store.reapply_document_metadata(document.id, document)
        carried, conflicts = carry_reviews(store, document.id, parsed.text, anchors, person_rows)
    return ReextractReport(document.id, document.source_name, document.extractor_version, EXTRACTOR_VERSION,
                           tuple(added), tuple(removed), tuple(changed), unchanged, carried, tuple(conflicts))


def carry_reviews(store, document_id: int, text: str, anchors, person_rows: dict[int, Commitment]
                  ) -> tuple[int, list[str]]:
    """Re-link each review to the new reading; (how many were carried, a line per one that was not)."""
    by_key: dict[tuple[str, str], list] = defaultdict(list)
    sentences: set[str] = set()
    for sc in store.extracted_commitments(document_id):
        c = sc.commitment
        by_key[(normalise_sentence(c.sentence), c.action.lower())].append(sc)
        sentences.add(normalise_sentence(c.sentence))
    carried, conflicts = 0, []
    for a in anchors:
        quoted = a.anchor_sentence[:80]
        if a.origin == "person":
            old = person_rows.get(a.commitment_id) if a.commitment_id is not None else None
            start = _find(text, old.sentence) if old is not None else None
            new_id = store.reinsert_person_commitment(document_id, old, start) if start is not None else None
            if new_id is not None:
                store.relink_review(a.id, new_id, None)
                carried += 1
            else:
                why = "the text a person selected is no longer in the document"
                store.relink_review(a.id, None, why)
                conflicts.append(f"added by a person: {quoted!r}: {why}")
            continue
        candidates = by_key.get((a.anchor_sentence, a.anchor_action))
        if candidates:
            best = min(candidates, key=lambda sc: (sc.commitment.target != a.anchor_target,
                                                   abs(sc.commitment.sentence_start - (a.anchor_start or 0))))
            candidates.remove(best)
            store.relink_review(a.id, best.id, None)
            carried += 1
            continue
        if a.state == "rejected" and a.anchor_sentence not in sentences:
            # the extractor no longer reads the sentence at all: the person's "not a commitment" holds as it is
            # (the review stays, anchored, in case a later reading brings the record back)
            store.relink_review(a.id, None, None)
            carried += 1
            continue
        why = ("the extractor now reads this sentence with another action (was {!r})".format(a.anchor_action)
               if a.anchor_sentence in sentences else "the sentence is no longer among the extracted records")
        store.relink_review(a.id, None, why)
        conflicts.append(f"{a.state}: {quoted!r}: {why}")
    return carried, conflicts
