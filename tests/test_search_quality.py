"""Ranking quality on a tiny made-up corpus: hybrid is at least as good as each single mode.

The `integration` tests use the real embedding model (all-MiniLM-L6-v2) and
real FAISS; the others use the hashing embedder.
"""

from __future__ import annotations

import math
import os

import pytest

from indexer import HashEmbedder, SearchService
from kb.models import CommitmentFilter
from tests.search_builders import make_doc, new_store

# Invented documents in the register of climate pledges and executive orders (no sentence of the dev set).
CORPUS = (
    make_doc("ndc-alb.txt", "Albania: climate pledge — mitigation target",
             ["Under the pledge it commits to reduce CO2 emissions by 12 percent below business as usual over "
              "the years 2021 to 2030."],
             [{"sentence": "Under the pledge it commits to reduce CO2 emissions by 12 percent below business as "
                           "usual over the years 2021 to 2030.",
               "actor": "Albania", "actor_text": "it", "action": "reduce", "target": "CO2 emissions",
               "year": 2030}]),
    make_doc("ndc-bra.txt", "Brazil: climate pledge — mitigation target",
             ["Brazil will cut greenhouse gas emissions to 37% below 2005 levels in 2025."],
             [{"sentence": "Brazil will cut greenhouse gas emissions to 37% below 2005 levels in 2025.",
               "actor": "Brazil", "action": "cut", "target": "greenhouse gas emissions", "year": 2025}]),
    make_doc("hainan.txt", "Hainan phases out fossil-fuel car sales",
             ["Hainan will end sales of new combustion-engine cars on the island by 2030.",
              "Each city and county will build charging facilities in its public car parks.",
              "With few factories on the island, tailpipe emissions are its biggest air quality problem."],
             [{"sentence": "Hainan will end sales of new combustion-engine cars on the island by 2030.",
               "actor": "Hainan", "action": "end", "target": "sales of new combustion-engine cars",
               "year": 2030},
              {"sentence": "Each city and county will build charging facilities in its public car parks.",
               "actor": "Each city and county", "action": "build", "target": "charging facilities"}]),
    make_doc("eo.md", "Executive order on federal operations",
             ["Each agency shall keep at least half of its construction and demolition debris out of landfills "
              "by fiscal year 2025.",
              "The Administrator of GSA shall track disclosure of supplier emissions in every major contract.",
              "Each agency shall bring its whole portfolio of buildings to net-zero emissions by 2045.",
              "The Director of OPM shall send the President a report on training for energy auditors within "
              "90 days."],
             [{"sentence": "Each agency shall keep at least half of its construction and demolition debris out of "
                           "landfills by fiscal year 2025.", "actor": "Each agency", "action": "keep",
               "target": "construction and demolition debris", "year": 2025},
              {"sentence": "The Administrator of GSA shall track disclosure of supplier emissions in every major "
                           "contract.", "actor": "Administrator of GSA", "action": "track",
               "target": "disclosure of supplier emissions"},
              {"sentence": "Each agency shall bring its whole portfolio of buildings to net-zero emissions by 2045.",
               "actor": "Each agency", "action": "bring", "target": "its whole portfolio of buildings",
               "year": 2045},
              {"sentence": "The Director of OPM shall send the President a report on training for energy auditors "
                           "within 90 days.", "actor": "Director of OPM", "action": "send", "target": "a report"}]),
)

QUERIES = [
    ("Albania's 2030 target", "ndc-alb.txt", "it commits to reduce CO2 emissions"),
    ("How much will Brazil cut emissions by 2025?", "ndc-bra.txt", "37% below 2005 levels"),
    ("When does Hainan stop selling gasoline cars?", "hainan.txt", "combustion-engine cars"),
    ("who builds EV chargers in Hainan", "hainan.txt", "charging facilities"),
    ("keeping demolition debris out of landfills", "eo.md", "demolition debris"),
    ("GSA supplier emissions disclosure", "eo.md", "track disclosure"),
    ("net zero federal buildings", "eo.md", "portfolio of buildings"),
    ("OPM report within 90 days", "eo.md", "within 90 days"),
]


def _ndcg(service: SearchService, mode: str) -> float:
    total = 0.0
    for query, doc, excerpt in QUERIES:
        hits = service.search(query, k=10, mode=mode)
        for rank, h in enumerate(hits):
            if h.doc_name == doc and excerpt in h.sentence:
                total += 1 / math.log2(rank + 2)
                break
    return total / len(QUERIES)


def test_search_hybrid_at_least_as_good_as_each_mode_fake_embedder(tmp_path):
    settings, store, _ = new_store(tmp_path, docs=CORPUS)
    service = SearchService(settings, store, embedder=HashEmbedder(dim=256))
    scores = {mode: _ndcg(service, mode) for mode in ("hybrid", "dense", "keyword")}
    assert scores["hybrid"] >= max(scores["dense"], scores["keyword"]) - 1e-9, scores


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    pytest.importorskip("sentence_transformers")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings, store, ids = new_store(tmp_path_factory.mktemp("real"), docs=CORPUS)
    service = SearchService(settings, store)
    service.sync()
    return settings, store, ids, service


@pytest.mark.integration
def test_search_real_model_hybrid_at_least_as_good_as_each_mode(real):
    service = real[3]
    scores = {mode: _ndcg(service, mode) for mode in ("hybrid", "dense", "keyword")}
    assert scores["hybrid"] >= max(scores["dense"], scores["keyword"]) - 1e-9, scores
    assert scores["hybrid"] >= 0.8, scores


@pytest.mark.integration
def test_search_real_model_finds_sentence_through_its_context(real):
    # the sentence says only "it commits to reduce"; Albania and 2030 come from the title, actor and deadline
    for mode in ("dense", "hybrid"):
        hits = real[3].search("Albania's 2030 target", k=3, mode=mode)
        first = next(h for h in hits if h.kind == "commitment")
        assert first.doc_name == "ndc-alb.txt" and "it commits" in first.sentence
    assert real[3].search("Albania's 2030 target", k=1)[0].kind == "commitment"  # hybrid prefers commitments


@pytest.mark.integration
def test_search_real_model_vectors_are_normalised_and_model_recorded(real):
    settings, _, _, service = real
    vecs = service.embedder.encode(["short", "a much longer sentence about emissions targets " * 5])
    assert vecs.shape == (2, settings.embedding_dim)
    assert abs(float((vecs ** 2).sum(axis=1).max()) - 1.0) < 1e-4
    import json

    manifest = json.loads((settings.index_dir / "manifest.json").read_text())
    # the embedder's own name: the model, and how it runs (int8 names itself apart from fp32)
    assert manifest["model"] == service.model_name and manifest["dim"] == settings.embedding_dim
    assert manifest["model"].startswith(settings.embedding_name)
    service.check()


@pytest.mark.integration
@pytest.mark.parametrize("query", ["中国的碳达峰目标", "🚗🔋", "x" * 1000])
def test_search_real_model_odd_queries(real, query):
    from kb.errors import InvalidQuery

    try:
        hits = real[3].search(query)
    except InvalidQuery as exc:
        assert str(exc)
    else:
        assert isinstance(hits, list)


@pytest.mark.integration
def test_search_real_model_filters_and_similar(real):
    settings, store, ids, service = real
    hits = service.search("emissions target", k=10, filters=CommitmentFilter(deadline_from=2026))
    assert hits and all(h.kind == "commitment" and h.commitment.commitment.deadline.year >= 2026 for h in hits)
    cid = store.commitment_ids(CommitmentFilter(document_id=ids[0]))[0]
    similar = service.similar_commitments(cid, k=2)
    assert similar and all(h.document_id != ids[0] for h in similar)
    assert similar[0].doc_name == "ndc-bra.txt"  # the other national emissions target


@pytest.mark.integration
def test_search_real_model_mismatch_after_model_change(real, tmp_path):
    from dataclasses import replace

    from kb.errors import IndexMismatch

    settings, store, _, service = real
    other = SearchService(replace(settings, embedding_name="another-model", embedding_dim=768), store)
    with pytest.raises(IndexMismatch, match="reindex"):
        other.check()
