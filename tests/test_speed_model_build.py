"""A search does not wait for the ONNX model's build (issue 13: searching while ingesting).

The first large ingest builds the ONNX file (tens of seconds).  A search's
query, a short fp32 call, is meanwhile encoded by torch -- the same vectors --
instead of queueing behind the build; a large call waits for it and then
runs on ONNX Runtime.  The build itself is faked here (an event holds it),
and so is torch: what is tested is who waits for whom.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from kb.config import load_settings
from indexer import embedder as embedder_module
from indexer.embedder import OnnxEmbedder


class FakeTorch:
    """Stands in for the torch model: a vector of 1s in the first column."""

    def __init__(self, settings) -> None:  # type: ignore[no-untyped-def]
        self.dim = settings.embedding_dim

    def encode(self, texts, batch_size: int = 64) -> np.ndarray:  # type: ignore[no-untyped-def]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, 0] = 1.0
        return out


class FakeSession:
    def __init__(self, dim: int) -> None:
        self.dim = dim

    def run(self, _outputs, feed):  # type: ignore[no-untyped-def]
        out = np.zeros((len(feed["input_ids"]), self.dim), dtype=np.float32)
        out[:, 1] = 1.0
        return [out]


class FakeTokenizer:
    class _Encoding:
        ids = [101, 7, 102]
        attention_mask = [1, 1, 1]

    def encode_batch(self, texts):  # type: ignore[no-untyped-def]
        return [self._Encoding() for _ in texts]


@pytest.fixture
def building(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An fp32 embedder whose build is under way until the returned event is set."""
    release = threading.Event()
    settings = load_settings(tmp_path / "data", embedding_threads=1)
    emb = OnnxEmbedder(settings, precision="fp32")

    def slow_build():  # type: ignore[no-untyped-def]
        assert release.wait(30), "the test never released the build"
        return FakeTokenizer(), FakeSession(settings.embedding_dim)

    monkeypatch.setattr(embedder_module, "SentenceEmbedder", FakeTorch)
    monkeypatch.setattr(emb, "_load", slow_build)
    monkeypatch.setattr(emb, "_built", lambda: False)
    builder = threading.Thread(target=emb.load)
    builder.start()
    for _ in range(1000):
        if emb._building:
            break
        threading.Event().wait(0.01)
    assert emb._building
    yield emb, release
    release.set()
    builder.join(30)


def test_a_query_during_the_build_is_encoded_by_torch_at_once(building) -> None:
    emb, release = building
    vector = emb.encode(["when will the port publish its inventory"])
    assert not release.is_set(), "answered while the build was still under way"
    assert vector[0, 0] == 1.0   # torch's vector


def test_a_large_call_waits_for_the_build_and_runs_on_onnx_runtime(building) -> None:
    emb, release = building
    texts = [f"sentence number {i}" for i in range(OnnxEmbedder.BUILD_MIN_TEXTS)]
    got: list[np.ndarray] = []
    caller = threading.Thread(target=lambda: got.append(emb.encode(texts)))
    caller.start()
    caller.join(0.3)
    assert caller.is_alive() and not got, "a large call waits for the ONNX model"
    release.set()
    caller.join(30)
    assert got and got[0].shape == (len(texts), emb.dim)
    assert (got[0][:, 1] == 1.0).all()   # ONNX Runtime's vectors
    assert emb.encode(["after the build"])[0, 1] == 1.0
