"""The ONNX embedder's speed-ups change no vector.

`OnnxEmbedder.encode` encodes each distinct text once, in small length-sorted
batches, and runs batches side by side on `workers` threads (issue 13).  A
vector must not depend on any of that: not on which other texts share its
call, nor on the batch size, nor on the number of workers.
"""

from __future__ import annotations

import numpy as np
import pytest

from kb.config import load_settings
from indexer.embedder import OnnxEmbedder, _distinct

# Invented sentences in the register of policy texts, of different lengths so batches pad.
TEXTS = [
    "The ministry will open twelve new vocational colleges by 2028.",
    "Each port authority shall publish its emissions inventory every year.",
    "cut flaring",
    "The council commits to retrofit 30,000 social homes with heat pumps and insulation before the end of "
    "the decade, starting with the districts where fuel poverty is highest.",
    "Grants for community energy schemes are to double within three years.",
    "The agency shall consult the public before it sets the new noise limits.",
    "Rail freight capacity will grow by a quarter.",
    "The government aims to halve food waste in schools and hospitals by 2030.",
    "Inspectors are to visit every licensed landfill at least twice a year.",
]


def test_distinct_keeps_first_occurrences_and_maps_every_text_to_its_row() -> None:
    distinct, where = _distinct(["b", "a", "b", "c", "a"])
    assert distinct == ["b", "a", "c"]
    assert where.tolist() == [0, 1, 0, 2, 1]
    assert [distinct[i] for i in where] == ["b", "a", "b", "c", "a"]


def test_distinct_of_nothing_is_nothing() -> None:
    distinct, where = _distinct([])
    assert distinct == []
    assert where.shape == (0,)


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> OnnxEmbedder:
    onnx = OnnxEmbedder(load_settings(tmp_path_factory.mktemp("kb"), embedding_threads=1), precision="fp32")
    onnx.load()
    return onnx


@pytest.mark.integration
def test_a_repeated_text_gets_the_vector_a_fresh_encode_gives_it(embedder: OnnxEmbedder) -> None:
    texts = TEXTS + [TEXTS[0], TEXTS[3], TEXTS[0]]
    vectors = embedder.encode(texts)
    assert vectors.shape == (len(texts), 384)
    for row, text in enumerate(texts):
        alone = embedder.encode([text])[0]
        assert np.allclose(vectors[row], alone, atol=1e-5), text
    assert np.array_equal(vectors[len(TEXTS)], vectors[0])


@pytest.mark.integration
def test_batch_size_and_workers_change_no_vector(embedder: OnnxEmbedder) -> None:
    one_by_one = embedder.encode(TEXTS, batch_size=1)
    default = embedder.encode(TEXTS)
    embedder.set_workers(2)
    try:
        parallel = embedder.encode(TEXTS * 3, batch_size=2)   # many batches on two threads
    finally:
        embedder.set_workers(1)
    assert np.allclose(default, one_by_one, atol=1e-5)
    assert np.allclose(parallel, np.vstack([one_by_one] * 3), atol=1e-5)
    assert embedder.workers == 1


class CountingSession:
    """Stands in for an ONNX Runtime session: records how many texts each call gets."""

    def __init__(self) -> None:
        self.sizes: list[int] = []

    def run(self, _outputs, feed):  # type: ignore[no-untyped-def]
        n = len(feed["input_ids"])
        self.sizes.append(n)
        out = np.zeros((n, 384), dtype=np.float32)
        out[:, 0] = 1.0
        return [out]


class WordTokenizer:
    class _Encoding:
        def __init__(self, text: str) -> None:
            self.ids = [101] + [len(w) for w in text.split()] + [102]
            self.attention_mask = [1] * len(self.ids)

    def encode_batch(self, texts):  # type: ignore[no-untyped-def]
        width = max(len(t.split()) for t in texts) + 2
        encodings = [self._Encoding(t) for t in texts]
        for e in encodings:   # padded to the batch's longest, as the real tokenizer is
            e.ids += [0] * (width - len(e.ids))
            e.attention_mask += [0] * (width - len(e.attention_mask))
        return encodings


@pytest.mark.parametrize("precision, size", [("int8", 2), ("fp32", 8)])
def test_each_precision_runs_its_own_batch_size(tmp_path, precision: str, size: int) -> None:
    emb = OnnxEmbedder(load_settings(tmp_path, embedding_threads=1), precision=precision)
    session = CountingSession()
    emb._session, emb._tokenizer = session, WordTokenizer()
    vectors = emb.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384)
    assert session.sizes == [size] * (len(TEXTS) // size) + ([len(TEXTS) % size] if len(TEXTS) % size else [])
