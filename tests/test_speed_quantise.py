"""The int8 model keeps the fp32 model's vectors (issue 13: a fast embedding path that costs no search quality).

`indexer.onnx_model` quantises the MatMul weights to int8 with one scale per
output channel and leaves the word-embedding table in fp32.  The recipe is
part of the file's name and of the embedder's model name, so a file or an
index made by an earlier recipe is rebuilt rather than mixed with this one.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from kb.config import load_settings
from indexer.embedder import OnnxEmbedder, model_dir
from indexer.onnx_model import QUANTISATION, model_cache, onnx_path

# Invented sentences in the register of policy texts; two pairs say nearly the same thing.
TEXTS = [
    "The ministry will open twelve new vocational colleges by 2028.",
    "Twelve vocational colleges are to be opened by the ministry before 2028.",
    "Each port authority shall publish its emissions inventory every year.",
    "Port authorities must publish yearly inventories of their emissions.",
    "cut flaring",
    "The council commits to retrofit 30,000 social homes with heat pumps and insulation before the end of "
    "the decade, starting with the districts where fuel poverty is highest.",
    "The agency shall consult the public before it sets the new noise limits.",
    "Inspectors are to visit every licensed landfill at least twice a year.",
]


def test_the_int8_file_and_model_name_carry_the_recipe(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"hidden_size": 384}))
    int8 = onnx_path(tmp_path / "models", model, "int8")
    fp32 = onnx_path(tmp_path / "models", model, "fp32")
    assert int8.name.endswith(f"-{QUANTISATION}-int8.onnx")
    assert QUANTISATION not in fp32.name and fp32.name.endswith("-fp32.onnx")

    settings = load_settings(tmp_path / "data")
    assert OnnxEmbedder(settings, precision="int8").name == f"{settings.embedding_name}+onnx-int8-{QUANTISATION}"
    assert OnnxEmbedder(settings, precision="fp32").name == settings.embedding_name


@pytest.fixture(scope="module")
def embedders(tmp_path_factory: pytest.TempPathFactory) -> tuple[OnnxEmbedder, OnnxEmbedder]:
    settings = load_settings(tmp_path_factory.mktemp("kb"), embedding_threads=1)
    fp32, int8 = OnnxEmbedder(settings, precision="fp32"), OnnxEmbedder(settings, precision="int8")
    fp32.load()
    int8.load()
    return fp32, int8


@pytest.mark.integration
def test_int8_vectors_stay_within_a_hair_of_the_fp32_ones(embedders) -> None:
    fp32, int8 = embedders
    reference, vectors = fp32.encode(TEXTS), int8.encode(TEXTS)
    cosines = (reference * vectors).sum(axis=1)
    assert cosines.min() > 0.98, cosines
    assert cosines.mean() > 0.99, cosines
    # each sentence's nearest other sentence is the same under both
    ref_sim, int8_sim = reference @ reference.T, vectors @ vectors.T
    np.fill_diagonal(ref_sim, -1)
    np.fill_diagonal(int8_sim, -1)
    assert int8_sim.argmax(axis=1).tolist() == ref_sim.argmax(axis=1).tolist()
    assert ref_sim.argmax(axis=1)[:4].tolist() == [1, 0, 3, 2]   # the paraphrases find each other


@pytest.mark.integration
def test_only_the_matmul_weights_are_quantised_one_scale_per_channel(embedders) -> None:
    import onnx
    from onnx import numpy_helper

    _, int8 = embedders
    path = onnx_path(model_cache(int8.settings), model_dir(int8.settings), "int8")
    graph = onnx.load(str(path)).graph
    ops = {node.op_type for node in graph.node}
    assert "MatMulInteger" in ops or "DynamicQuantizeMatMul" in ops
    weights = {t.name: t for t in graph.initializer}
    # the word-embedding table (the largest Gather input) stays float
    gathers = [weights[n.input[0]] for n in graph.node if n.op_type == "Gather" and n.input[0] in weights]
    table = max(gathers, key=lambda t: np.prod(t.dims))
    assert table.data_type == onnx.TensorProto.FLOAT and tuple(table.dims) == (30522, 384)
    # per channel: the scale of each quantised weight holds one value per output column
    scales = [numpy_helper.to_array(t) for name, t in weights.items() if name.endswith("_scale")]
    assert len(scales) == 36   # 6 layers x (query, key, value, attention output, 2 feed-forward)
    assert all(s.size in (384, 1536) for s in scales)
