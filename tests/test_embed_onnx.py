"""The ONNX Runtime embedder: built once from the installed weights, same vectors as torch in fp32.

These use the real model (integration tier): the point is that the exported
graph, its pooling and its tokenizer agree with sentence-transformers.
"""

from __future__ import annotations

import numpy as np
import pytest

from kb.config import load_settings
from kb.errors import PolicyKBError
from indexer.embedder import OnnxEmbedder, SentenceEmbedder, make_embedder
from indexer.onnx_model import model_cache

pytestmark = pytest.mark.integration

# Invented sentences in the register of policy texts, of different lengths so batches pad.
TEXTS = [
    "The department will publish a freight decarbonisation roadmap by 2027.",
    "Each agency shall report its progress to the council every six months.",
    "Coverage of rural broadband networks is to reach 95 percent of households within three years of this plan.",
    "cut methane",
    "The region aims to plant 40,000 hectares of native woodland and restore 12 wetlands before the end of the decade, "
    "with community groups choosing the sites.",
]


@pytest.fixture(scope="module")
def onnx_dir(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("kb")


def settings_of(data_dir, **overrides):  # type: ignore[no-untyped-def]
    """Settings with a model cache of the test's own (under the data folder), not the user's shared one."""
    return load_settings(data_dir, model_cache_dir=data_dir / "model-cache", **overrides)


def test_fp32_onnx_vectors_equal_the_torch_ones(onnx_dir) -> None:
    settings = settings_of(onnx_dir)
    reference = SentenceEmbedder(settings).encode(TEXTS)
    onnx = OnnxEmbedder(settings, precision="fp32")
    onnx.load()   # build the ONNX file now: a few texts before it exists are encoded by torch
    vectors = onnx.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    cosines = (reference * vectors).sum(axis=1)
    assert cosines.min() > 0.9999
    assert np.allclose(onnx.encode(TEXTS[:2]), vectors[:2], atol=1e-5)   # a second call, on the loaded session


def test_fp32_before_the_onnx_file_is_built_a_few_texts_are_encoded_by_torch(tmp_path) -> None:
    settings = settings_of(tmp_path)
    onnx = OnnxEmbedder(settings, precision="fp32")
    vectors = onnx.encode(TEXTS)
    assert not list(tmp_path.rglob("*.onnx")), "no export for a handful of texts"
    reference = SentenceEmbedder(settings).encode(TEXTS)
    assert (reference * vectors).sum(axis=1).min() > 0.9999
    assert onnx.name == settings.embedding_name   # one index for both: the same vectors


def test_int8_vectors_stay_close_and_keep_the_neighbours(onnx_dir) -> None:
    settings = settings_of(onnx_dir)
    reference = SentenceEmbedder(settings).encode(TEXTS)
    vectors = OnnxEmbedder(settings, precision="int8").encode(TEXTS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (reference * vectors).sum(axis=1).min() > 0.98
    # the nearest other sentence of each sentence is the same under both, where there is a clear nearest one
    # (the last sentence is about equally far from two others: 0.13 and 0.14, a tie int8 may break either way)
    torch_sim, int8_sim = reference @ reference.T, vectors @ vectors.T
    np.fill_diagonal(torch_sim, -1)
    np.fill_diagonal(int8_sim, -1)
    top2 = np.sort(torch_sim, axis=1)[:, -2:]
    clear = top2[:, 1] - top2[:, 0] > 0.04
    assert clear.sum() == 4
    assert int8_sim.argmax(axis=1)[clear].tolist() == torch_sim.argmax(axis=1)[clear].tolist()


def test_the_onnx_model_is_built_once_and_reused(onnx_dir) -> None:
    settings = settings_of(onnx_dir)
    OnnxEmbedder(settings, precision="int8").encode(["first use builds it"])
    built = sorted(model_cache(settings).glob("*.onnx"))
    assert [p.name.rsplit("-", 1)[1] for p in built] == ["fp32.onnx", "int8.onnx"]
    stamps = [p.stat().st_mtime_ns for p in built]
    OnnxEmbedder(settings, precision="int8").encode(["a second embedder reuses it"])
    assert [p.stat().st_mtime_ns for p in built] == stamps
    assert not list(model_cache(settings).glob("*.tmp"))


def test_int8_vectors_carry_their_own_model_name(onnx_dir) -> None:
    settings = settings_of(onnx_dir)
    assert OnnxEmbedder(settings, precision="fp32").name == settings.embedding_name
    assert OnnxEmbedder(settings, precision="int8").name != settings.embedding_name


def test_an_unknown_backend_is_refused_by_name(onnx_dir) -> None:
    with pytest.raises(PolicyKBError, match="onnx-int8"):
        make_embedder(load_settings(onnx_dir, embedding_backend="tensorflow"))
