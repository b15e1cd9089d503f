"""The two engines under the search: the BM25 keyword index and the FAISS vector index, checked against brute force."""

from __future__ import annotations

import math

import numpy as np
import pytest

from indexer.keyword import KeywordIndex
from indexer.text import analyse_query, has_amount, split_sentences, stem, terms
from indexer.vectors import VectorIndex


def _kw(docs: dict[int, str]) -> KeywordIndex:
    ki = KeywordIndex()
    for key, text in docs.items():
        ki.add(key, terms(text))
    return ki


DOCS = {
    10: "Each agency shall reduce emissions by 50 percent by 2030.",
    12: "The city will build 6,000 5G base stations.",
    14: "Reducing emissions from buildings and reduced waste.",
    16: "Wind and solar capacity will reach 1,200 GW.",
}


def test_keyword_bm25_matches_a_brute_force_formula():
    ki = _kw(DOCS)
    q = terms("emissions reduction buildings")
    scores, keys = ki.search(q, 10)
    n = len(DOCS)
    toks = {k: terms(t) for k, t in DOCS.items()}
    avgdl = sum(len(t) for t in toks.values()) / n
    expect = {}
    for k, t in toks.items():
        s = 0.0
        for term in set(q):
            df = sum(term in tt for tt in toks.values())
            tf = t.count(term)
            if tf:
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                s += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(t) / avgdl))
        if s:
            expect[k] = s
    got = dict(zip(keys.tolist(), scores.tolist()))
    assert got.keys() == expect.keys()
    assert all(got[k] == pytest.approx(v, rel=1e-5) for k, v in expect.items())
    assert keys[0] == 14  # "reducing", "reduced", "buildings" stem to the query's terms


@pytest.mark.parametrize("query", [
    '"net zero"', "emissions*", "-emissions", "title:emissions", "emissions AND OR NOT", "(emissions",
    "emissions)", "NEAR(emissions)", "'; DROP TABLE commitments; --", "\\", "%", "^~@#$", "\x00",
])
def test_keyword_query_syntax_characters_are_plain_text(query):
    ki = _kw(DOCS)
    scores, keys = ki.search(terms(query), 5)
    assert len(scores) == len(keys)
    if "emissions" in query:
        assert set(keys.tolist()) == {10, 14}


def test_keyword_filter_excludes_and_remove_and_compact():
    ki = _kw(DOCS)
    _, keys = ki.search(terms("emissions"), 5, allowed=np.array([14, 16]))
    assert keys.tolist() == [14]
    _, keys = ki.search(terms("emissions"), 5, exclude=np.array([14]))
    assert keys.tolist() == [10]
    ki.remove([10])
    assert 10 not in ki and len(ki) == 3
    _, keys = ki.search(terms("emissions"), 5)
    assert keys.tolist() == [14]
    ki.add(10, terms("emissions again"))  # a removed key can come back
    ki.remove([12, 16])  # over a fifth dead: compacts
    assert ki.dead == 0 and len(ki.keys) == 2
    _, keys = ki.search(terms("emissions"), 5)
    assert sorted(keys.tolist()) == [10, 14]


def test_keyword_persistence_round_trip(tmp_path):
    ki = _kw(DOCS)
    ki.remove([12])
    ki.write(tmp_path / "k.pkl")
    back = KeywordIndex.read(tmp_path / "k.pkl")
    for q in ("emissions", "stations", "solar capacity"):
        a, b = ki.search(terms(q), 5), back.search(terms(q), 5)
        assert a[1].tolist() == b[1].tolist()
        assert np.allclose(a[0], b[0])


def test_keyword_units_holding_every_term_skip_removed_ones():
    ki = _kw(DOCS)
    assert sorted(ki.matching_all(terms("emissions reduce")).tolist()) == [10, 14]   # stems: reducing, reduced
    assert ki.matching_all(terms("emissions stations")).tolist() == []
    assert ki.matching_all(terms("emissions zzzz")).tolist() == []
    ki.remove([14])
    assert ki.matching_all(terms("emissions reduce")).tolist() == [10]


def test_keyword_suggests_the_nearest_indexed_word_for_an_unknown_one(tmp_path):
    ki = KeywordIndex()
    for key, text in DOCS.items():
        ki.add(key, terms(text))
        ki.note_words(w.lower() for w in text.replace(".", " ").replace(",", " ").split())
    assert ki.suggest("emisions") == "emissions"
    assert ki.suggest("statoins") == "stations"      # a swap is two edits: allowed from seven letters
    assert ki.suggest("emissions") is None            # known
    assert ki.suggest("qqqqqqqq") is None             # nothing near
    ki.write(tmp_path / "kw.pkl")
    assert KeywordIndex.read(tmp_path / "kw.pkl").suggest("capacty") == "capacity"


def test_keyword_empty_and_unknown_terms():
    ki = KeywordIndex()
    assert len(ki.search(["x"], 5)[0]) == 0
    ki = _kw(DOCS)
    assert len(ki.search(["zzzz"], 5)[0]) == 0
    assert len(ki.search([], 5)[0]) == 0


def test_text_words_stems_sentences_and_query_analysis():
    assert stem("emissions") == stem("emission")
    assert stem("reducing") == stem("reduce")
    assert "6,000" in terms("build 6,000 stations") or "6000" in terms("build 6,000 stations")
    assert terms("中国") == ["中", "国"]
    text = "Hechi will act. The U.S. Government shall help. In 2025, it will build 6,000 stations by 2030."
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert sents == ["Hechi will act.", "The U.S. Government shall help.",
                     "In 2025, it will build 6,000 stations by 2030."]
    info = analyse_query("What has Albania promised before 2030, and Inner Mongolia by 2025?")
    assert info.years == (2030, 2025) and info.year_before == 2030
    assert "Albania" in info.names and "Inner Mongolia" in info.names
    assert "what" not in info.terms


def test_query_analysis_answer_type():
    assert analyse_query("When will the city stop selling petrol cars?").wants_date
    assert analyse_query("deadline for the fleet plan").wants_date
    assert not analyse_query("solar panels on rooftops").wants_date
    assert analyse_query("How much will the province invest?").wants_amount
    assert analyse_query("what share of power comes from wind").wants_amount
    assert not analyse_query("Who builds the chargers?").wants_amount
    assert has_amount("cut emissions by 35% by 2030") and has_amount("build 6,000 base stations")
    assert has_amount("invest 50 billion yuan") and has_amount("a 50 percent reduction")
    assert not has_amount("by 2030, in section 603") and not has_amount("within 90 days")


def _rand(n: int, d: int = 32, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("exact_limit", [10_000, 100])  # flat, and HNSW above 100 vectors
def test_vectors_search_matches_brute_force_with_filters_and_deletes(exact_limit):
    vecs = _rand(400)
    ids = np.arange(1000, 1400, dtype=np.int64) * 3
    vi = VectorIndex(32, exact_limit=exact_limit)
    vi.add(ids, vecs)
    assert vi.exact == (exact_limit > 400)
    q = _rand(5, seed=1)
    _, got = vi.search(q, 10)
    truth = ids[np.argsort(-(q @ vecs.T), axis=1)[:, :10]]
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got.tolist(), truth.tolist())])
    assert recall >= 0.95
    # filtered: only allowed ids, exact over the subset
    allowed = ids[::7]
    _, got = vi.search(q, 5, allowed=allowed)
    sub = vecs[::7]
    assert got.tolist() == allowed[np.argsort(-(q @ sub.T), axis=1)[:, :5]].tolist()
    # delete: gone from results, and a deleted id can come back with a new vector
    top = int(got[0, 0])
    vi.remove(np.array([top]))
    assert top not in vi.search(q[:1], 50)[1][0].tolist()
    assert top not in vi.ids().tolist()
    vi.add(np.array([top]), q[:1])
    s, got = vi.search(q[:1], 1)
    assert got[0, 0] == top and s[0, 0] == pytest.approx(1.0, abs=1e-4)
    assert len(vi) == 400


def test_vectors_grow_from_exact_to_hnsw_and_persist(tmp_path):
    vi = VectorIndex(32, exact_limit=50)
    vecs = _rand(120)
    vi.add(np.arange(40), vecs[:40])
    assert vi.exact
    vi.add(np.arange(40, 120), vecs[40:])
    assert not vi.exact and len(vi) == 120
    vi.remove(np.array([3, 4]))
    vi.write(tmp_path / "v.faiss")
    back = VectorIndex.read(tmp_path / "v.faiss", 32, 50, tombstones=vi.tombstones)
    assert sorted(back.ids().tolist()) == sorted(vi.ids().tolist())
    q = vecs[3:4]
    assert 3 not in back.search(q, 10)[1][0].tolist()
    assert back.search(q, 10, allowed=np.array([3, 5]))[1][0].tolist() == [5]
    with pytest.raises(ValueError):
        VectorIndex.read(tmp_path / "v.faiss", 16, 50)


def test_keyword_filter_with_many_allowed_keys_matches_small_path():
    ki = KeywordIndex()
    for k in range(500):
        ki.add(k * 2, terms(f"plan {k % 7} emissions wind" if k % 3 else f"solar {k}"))
    ki.remove([10, 20, 30])
    allowed = np.arange(0, 1000, 4, dtype=np.int64)  # 250 keys, vectorised lookup
    s_big, k_big = ki.search(terms("emissions wind"), 1000, allowed=allowed)
    expect = {int(k) for k in allowed if k in ki and k // 2 % 3}
    assert set(k_big.tolist()) == expect
    s_small, k_small = ki.search(terms("emissions wind"), 1000, allowed=allowed[:40])
    assert set(k_small.tolist()) == {int(k) for k in allowed[:40] if k in ki and k // 2 % 3}


def test_vectors_large_filter_in_hnsw_uses_selector_and_stays_exact_enough():
    vecs = _rand(8000, seed=3)
    ids = np.arange(8000, dtype=np.int64) + 5
    vi = VectorIndex(32, exact_limit=100)
    vi.add(ids, vecs)
    vi.remove(ids[:10])
    allowed = ids[::1]  # 8000 > SMALL_SUBSET: graph search through a bitmap selector
    q = _rand(20, seed=4)
    _, got = vi.search(q, 10, allowed=allowed[::2])
    live = vecs[10:][::2]
    live_ids = ids[10:][::2]
    truth = live_ids[np.argsort(-(q @ live.T), axis=1)[:, :10]]
    assert set(got.ravel().tolist()) <= set(live_ids.tolist())
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got.tolist(), truth.tolist())])
    assert recall >= 0.9
