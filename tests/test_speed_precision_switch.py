"""An index saved with the same model run another way is rebuilt, not refused (issue 13: int8 becomes the default).

A knowledge base indexed with fp32 vectors ("all-MiniLM-L6-v2") meets
settings that run the model in int8 ("all-MiniLM-L6-v2+onnx-int8-pcmm") the
first time it starts after the default changed.  Its vectors must not be
mixed with the new ones, and the user has nothing to fix: the service
re-embeds the store's units on load, as it does for a saved index of an old
format.  Another model, or another dimension, is still an error to act on.
Stand-in embedders (hashed words) play the two precisions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer import SearchService, snapshot
from indexer.embedder import HashEmbedder
from kb.errors import IndexMismatch
from tests.search_builders import new_store

FP32 = "all-MiniLM-L6-v2"
INT8 = "all-MiniLM-L6-v2+onnx-int8-pcmm"


def test_the_model_behind_a_vector_name_ignores_how_it_runs() -> None:
    assert snapshot.base_model(INT8) == FP32
    assert snapshot.base_model(FP32) == FP32
    assert snapshot.base_model("all-mpnet-base-v2") == "all-mpnet-base-v2"


def test_an_fp32_index_is_rebuilt_with_int8_vectors_and_searched(tmp_path: Path) -> None:
    settings, store, _ = new_store(tmp_path)
    first = SearchService(settings, store, embedder=HashEmbedder(dim=settings.embedding_dim, name=FP32))
    first.sync()
    first.flush()
    assert snapshot.read_manifest(settings.index_dir)["model"] == FP32

    int8 = HashEmbedder(dim=settings.embedding_dim, name=INT8)
    second = SearchService(settings, store, embedder=int8)
    second.check()                                   # what `policykb serve` asks at start: no error
    report = second.sync()
    assert report.rebuilt and "vectors of all-MiniLM-L6-v2" in report.reason
    assert report.added == second.stats()["commitments"] + second.stats()["sentences"]
    hits = second.search("railway stations", k=3)
    assert hits and "railway stations" in hits[0].sentence
    second.flush()
    assert snapshot.read_manifest(settings.index_dir)["model"] == INT8


def test_another_model_is_still_an_error_to_act_on(tmp_path: Path) -> None:
    settings, store, _ = new_store(tmp_path)
    first = SearchService(settings, store, embedder=HashEmbedder(dim=settings.embedding_dim, name=FP32))
    first.sync()
    first.flush()
    other = SearchService(settings, store, embedder=HashEmbedder(dim=settings.embedding_dim, name="all-mpnet-base-v2"))
    with pytest.raises(IndexMismatch, match="policykb reindex"):
        other.check()
