"""indexer/sync.py and indexer/units.py on their own: building the index from a store and replaying its change log.

A real Store in a tmp dir (the change log is its triggers); the embedder is a
recording fake around HashEmbedder, so the test can see what was embedded.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from indexer import sync
from indexer.embedder import HashEmbedder
from indexer.units import (
    SENTENCES_PER_PASSAGE,
    IndexState,
    commitment_text,
    covered,
    keyword_key,
    passage_of,
    sentence_key,
    sentence_spans,
    unit_of_keyword_key,
)
from kb.models import Passage, StoredPassage
from tests.search_builders import make_doc, new_store

DIM = 64


class RecordingEmbed:
    def __init__(self) -> None:
        self.model = HashEmbedder(dim=DIM)
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.model.encode(texts)


class CountingLock:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.entered = 0

    def __enter__(self) -> None:
        self.lock.acquire()
        self.entered += 1

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


@pytest.fixture
def kb(tmp_path):
    settings, store, ids = new_store(tmp_path)
    return store, ids


def expected_units(store) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    """Every commitment, and every passage sentence that is not a commitment's sentence (embedded once)."""
    c = sorted(store.commitment_ids())
    taken: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for sc in store.iter_commitments():
        taken.setdefault((sc.document_id, sc.commitment.passage_index), []).append(
            (sc.commitment.sentence_start, sc.commitment.sentence_end))
    s = sorted(sentence_key(sp.id, i) for sp in store.iter_passages()
               for i, (a, b) in enumerate(sentence_spans(sp))
               if not covered(sp.passage.start + a, sp.passage.start + b,
                              taken.get((sp.document_id, sp.passage.index), [])))
    return c, s


def assert_holds_the_store(state: IndexState, store) -> None:  # type: ignore[no-untyped-def]
    c, s = expected_units(store)
    assert sorted(state.commitments.ids().tolist()) == c
    assert sorted(state.sentences.ids().tolist()) == s
    assert sorted(state.keywords.ids().tolist()) == sorted([keyword_key("c", i) for i in c]
                                                            + [keyword_key("s", i) for i in s])
    assert state.passage_sentences == {sp.id: len(sentence_spans(sp)) for sp in store.iter_passages()}


# -- the id scheme ---------------------------------------------------------------------

def test_unit_ids_round_trip():
    assert passage_of(sentence_key(17, 3)) == (17, 3)
    assert sentence_key(17, 3) == 17 * SENTENCES_PER_PASSAGE + 3
    assert unit_of_keyword_key(keyword_key("c", 42)) == ("c", 42)
    assert unit_of_keyword_key(keyword_key("s", 42)) == ("s", 42)
    assert keyword_key("c", 42) != keyword_key("s", 42)
    assert keyword_key("s", np.array([1, 2])).tolist() == [3, 5]


def _passage(text: str, sentences=None) -> StoredPassage:  # type: ignore[no-untyped-def]
    return StoredPassage(1, 1, Passage(index=0, kind="paragraph", text=text, start=0, end=len(text)), sentences)


def test_a_passage_has_at_most_the_sentences_its_ids_allow():
    text = " ".join(f"Sentence number {i} is here." for i in range(SENTENCES_PER_PASSAGE + 5))
    spans = sentence_spans(_passage(text))
    assert len(spans) == SENTENCES_PER_PASSAGE and spans[-1][1] == len(text)
    parsed = tuple((i * 29, i * 29 + 28) for i in range(SENTENCES_PER_PASSAGE + 5))
    assert len(sentence_spans(_passage(text, parsed))) == SENTENCES_PER_PASSAGE


def test_the_parsers_sentences_win_over_the_fallback_splitter():
    text = "The agency will fund 12 pilot plants; it will report yearly on each of them."
    assert sentence_spans(_passage(text)) == [(0, len(text))]
    # the parser cut at the semicolon: the index uses its sentences, not the fallback's
    assert sentence_spans(_passage(text, ((0, 37), (38, len(text))))) == [(0, 37), (38, len(text))]


# -- build ------------------------------------------------------------------------------------

def test_build_indexes_every_unit_of_the_store_up_to_the_end_of_the_log(kb):
    store, _ = kb
    embed = RecordingEmbed()
    state = sync.build(store, embed, DIM, 1000)
    assert_holds_the_store(state, store)
    assert state.seq == store.search_change_seq() > 0
    assert len(embed.texts) == len(state.commitments) + len(state.sentences)


def test_embedded_text_carries_title_actor_and_deadline(kb):
    store, ids = kb
    embed = RecordingEmbed()
    sync.build(store, embed, DIM, 1000)
    albania = [t for t in embed.texts if "commits to reduce" in t]
    # the commitment (title, resolved actor, action, target, year, sentence) and its passage sentence
    assert any(t.startswith("Albania: climate pledge. ") and "Albania reduce CO2 emissions by 2030"
               in t for t in albania)
    sc = next(iter(store.commitments_by_ids(store.commitment_ids()[:1]).values()))
    assert commitment_text(sc).endswith(sc.commitment.sentence)


def test_list_items_carry_their_introduction(tmp_path):
    doc = make_doc("ndc-xyz.txt", "A climate pledge",
                   ["Our nationally determined actions to 2030 are as follows:",
                    "To cut carbon dioxide emissions per unit of GDP by 40% to 45% from the 2010 level;"],
                   list_parent={2: 1})
    _, store, _ = new_store(tmp_path, docs=(doc,))
    embed = RecordingEmbed()
    sync.build(store, embed, DIM, 1000)
    item = [t for t in embed.texts if "per unit of GDP" in t]
    assert item and all("as follows:" in t for t in item)


def test_build_of_an_empty_store_never_embeds(tmp_path):
    _, store, _ = new_store(tmp_path, docs=())

    def embed(texts):  # type: ignore[no-untyped-def]
        raise AssertionError("the model must not load for nothing")

    state = sync.build(store, embed, DIM, 1000)
    assert len(state.commitments) == len(state.sentences) == len(state.keywords) == 0


# -- replay ----------------------------------------------------------------------------------------

def built(store) -> IndexState:  # type: ignore[no-untyped-def]
    return sync.build(store, RecordingEmbed(), DIM, 1000)


def test_replay_with_an_empty_log_does_nothing(kb):
    store, _ = kb
    state = built(store)
    embed = RecordingEmbed()
    assert sync.replay(store, embed, DIM, state, CountingLock()) == (0, 0)
    assert embed.texts == [] and state.seq == store.search_change_seq()


def test_replay_adds_a_new_document_in_place(kb):
    store, _ = kb
    state = built(store)
    before = len(state.commitments), len(state.sentences)
    parsed, comms = make_doc("new.txt", "Ruritania plan", ["Ruritania will plant 5 million trees by 2028."],
                             [{"sentence": "Ruritania will plant 5 million trees by 2028.", "actor": "Ruritania"}])
    store.add_document(parsed, comms, "test")
    embed, lock = RecordingEmbed(), CountingLock()
    added, removed = sync.replay(store, embed, DIM, state, lock)
    # one commitment and one passage sentence (the title heading): the paragraph's one sentence is the
    # commitment's, embedded once, as the commitment
    assert (added, removed) == (2, 0) and len(embed.texts) == 2
    assert (len(state.commitments), len(state.sentences)) == (before[0] + 1, before[1] + 1)
    assert state.seq == store.search_change_seq()
    assert lock.entered >= 3     # removals, additions and the new position, each under the lock
    assert_holds_the_store(state, store)


def test_replay_removes_a_deleted_document(kb):
    store, ids = kb
    state = built(store)
    units = len(state.commitments) + len(state.sentences)
    store.delete_document(ids[0])
    embed = RecordingEmbed()
    added, removed = sync.replay(store, embed, DIM, state, CountingLock())
    assert added == 0 and removed == units - len(state.commitments) - len(state.sentences) > 0
    assert embed.texts == []
    assert_holds_the_store(state, store)


def test_replay_of_a_document_added_then_deleted_only_moves_the_position(kb):
    store, _ = kb
    state = built(store)
    parsed, comms = make_doc("brief.txt", "Brief plan", ["Brieftown will do 1 thing."],
                             [{"sentence": "Brieftown will do 1 thing.", "actor": "Brieftown"}])
    store.delete_document(store.add_document(parsed, comms, "test"))
    embed = RecordingEmbed()
    assert sync.replay(store, embed, DIM, state, CountingLock()) == (0, 0)
    assert embed.texts == [] and state.seq == store.search_change_seq()
    assert_holds_the_store(state, store)


def test_replay_swaps_re_extracted_commitments(kb):
    store, ids = kb
    state = built(store)
    old = set(store.commitment_ids())
    _, comms = make_doc("hechi.txt", "Hechi", ["Hechi will build 10 parks by 2030."],
                        [{"sentence": "Hechi will build 10 parks by 2030.", "actor": "Hechi"}])
    store.replace_commitments(ids[1], comms, "v2")
    sync.replay(store, RecordingEmbed(), DIM, state, CountingLock())
    assert_holds_the_store(state, store)
    assert set(state.commitments.ids().tolist()) != old


def test_replay_picks_up_from_the_states_position(kb):
    store, ids = kb
    state = built(store)
    store.delete_document(ids[2])
    sync.replay(store, RecordingEmbed(), DIM, state, CountingLock())
    # a second replay of the same log would remove nothing more
    assert sync.replay(store, RecordingEmbed(), DIM, state, CountingLock()) == (0, 0)
