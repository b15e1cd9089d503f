"""Search hits built from an invented sentence, for ranking tests that do not need a store.

A hit's sentence spans 100 * id .. 100 * id + len(sentence) in one invented document, so
two hits never share a sentence unless a test says so.
"""

from __future__ import annotations

from indexer.results import SearchHit
from kb.models import Commitment, Passage, StoredCommitment, StoredPassage

DOC_NAME, DOC_TITLE = "harbour.txt", "A harbour plan"


def commitment_hit(cid: int, sentence: str, actor: str = "The port", action: str = "do",
                   target: str = "it") -> SearchHit:
    """A commitment record of `actor` whose sentence is `sentence`."""
    c = Commitment(actor=actor, actor_text=actor, action=action, target=target, sentence=sentence,
                   sentence_start=100 * cid, sentence_end=100 * cid + len(sentence), passage_index=0)
    sc = StoredCommitment(cid, 1, None, c, document_title=DOC_TITLE, document_name=DOC_NAME)
    return SearchHit("commitment", cid, 1, DOC_NAME, DOC_TITLE, sentence, 0.0, (), (), (),
                     commitment=sc, sentence_start=100 * cid, sentence_end=100 * cid + len(sentence))


def passage_hit(pid: int, sentence: str) -> SearchHit:
    """A bare passage sentence (no record made of it)."""
    sp = StoredPassage(pid, 1, Passage(0, "paragraph", sentence, 100 * pid, 100 * pid + len(sentence)))
    return SearchHit("passage", pid, 1, DOC_NAME, DOC_TITLE, sentence, 0.0, (), (), (), passage=sp,
                     sentence_start=100 * pid, sentence_end=100 * pid + len(sentence))
