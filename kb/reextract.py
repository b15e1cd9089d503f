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
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from kb.models import Commitment, CommitmentFilter, DocumentRecord
from kb.pipeline import Pipeline

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

    @property
    def touched(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def summary(self) -> str:
        return (f"{self.source_name} (document {self.document_id}): {len(self.added)} added, "
                f"{len(self.removed)} removed, {len(self.changed)} changed, {self.unchanged} unchanged")


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
    old = [s.commitment for s in store.iter_commitments(CommitmentFilter(document_id=document.id))]
    parsed, commitments, sentences = pipeline.read_original(document.sha256, document.source_name)
    added, removed, changed, unchanged = compare(old, commitments)
    store.replace_document_content(document.id, parsed, commitments, EXTRACTOR_VERSION, sentences=sentences)
    return ReextractReport(document.id, document.source_name, document.extractor_version, EXTRACTOR_VERSION,
                           tuple(added), tuple(removed), tuple(changed), unchanged)
