"""No-answer honesty: the low-confidence signal of a search (indexer.results.low_confidence,
SearchService.confident) on invented hits, and its place in the JSON API; no model needed.
"""

from __future__ import annotations

from dataclasses import replace

from indexer.candidates import Candidate
from indexer.results import SearchHit, dedupe, explain, low_confidence
from indexer.text import analyse_query
from kb.config import RankingParams

P = RankingParams()


def hit(match: float | None, hid: int = 1) -> SearchHit:
    return SearchHit("passage", hid, 1, "plan.txt", "A plan", f"Sentence number {hid}.", 1.0, (), (), (),
                     sentence_start=100 * hid, sentence_end=100 * hid + 20, match=match)


def test_no_hits_is_low_confidence():
    assert low_confidence([], 0.5)


def test_a_good_match_among_the_first_hits_is_confident():
    assert not low_confidence([hit(0.3, 1), hit(0.62, 2), hit(0.2, 3)], 0.5)
    # ... but not when it comes after the first `top` hits
    assert low_confidence([hit(0.3, 1), hit(0.2, 2), hit(0.2, 3), hit(0.9, 4)], 0.5, top=3)


def test_all_first_hits_under_the_threshold_is_low_confidence():
    assert low_confidence([hit(0.31, 1), hit(0.29, 2)], P.low_confidence_match)
    assert not low_confidence([hit(P.low_confidence_match, 1)], P.low_confidence_match)


def test_keyword_hits_without_a_match_score_give_no_signal():
    assert not low_confidence([hit(None, 1), hit(None, 2)], 0.5)


def test_explain_gives_each_hit_its_cosine_and_match():
    h = SearchHit("passage", 1, 1, "plan.txt", "Budget plan", "The hub will open in Lisbon.", 0.0, (), (), ())
    a = Candidate("s", 1, dense=0.4, dense_rank=0, score=0.9)
    b = Candidate("c", 2, dense=0.55, dense_rank=1, score=0.8)
    (out,) = explain([(0.9, a, h, [(a, h), (b, h)])], analyse_query("where will the hub open"), P.dense_floor)
    # best cosine of the merged units; every query term held (hub, open); no answer type asked
    assert out.cosine == 0.55 and out.match == 0.55 + 1.0 + 0.25
    (out,) = explain([(0.9, a, h, [(a, h)])], analyse_query("how much is the hub's budget"), P.dense_floor)
    # holds "hub" and (in the title) "budget"; no amount for a how-much question
    assert out.match == 0.4 + 1.0
    (out,) = explain([(0.9, a, h, [(a, h)])], analyse_query("when will the hub open"), P.dense_floor, 0.5)
    assert out.match == 0.4 + 1.0   # a when question, no year in the sentence
    kw_only = Candidate("s", 3, kw=2.0, kw_rank=0, score=0.5)
    (out,) = explain([(0.5, kw_only, h, [(kw_only, h)])], analyse_query("anything"), P.dense_floor)
    assert out.cosine is None and out.match is None


def test_service_confident_follows_the_parameters(tmp_path):
    from indexer import HashEmbedder, SearchService
    from kb.config import load_settings
    from kb.store import Store

    settings = load_settings(data_dir=tmp_path)
    settings = replace(settings, ranking=replace(settings.ranking, low_confidence_match=0.6))
    service = SearchService(settings, Store(settings.db_path), HashEmbedder())
    # the hash embedder states no threshold of its own: the parameters decide
    assert service.confident([hit(0.7)]) and not service.confident([hit(0.5)])
    assert not service.confident([])


def test_api_search_reports_low_confidence(client):
    body = client.get("/api/search?q=zzzz+qqqq+nothing+like+this").get_json()
    assert body["low_confidence"] is True and body["count"] == 0
