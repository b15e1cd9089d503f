"""Ingest speed (issue 13), round 10: two CPU cuts that must not change what is stored.

* `OnnxEmbedder.encode` tokenises every text of a call once, before it makes batches, and cuts the
  batches by token count instead of characters: texts of equal token count share a batch with no
  padding, and each batch is padded to its own longest text (`_tokens`, `_run_batch`);
* `policykb ingest` imports the extraction package (spaCy) without letting thinc import torch, in
  the sandbox's helper and in the ingesting process (`kb.pipeline.import_extract_package`), and the
  sandbox's factory (`make_extractor`) does not import the package in the process that builds it.

The embedder tests use a recording session and a word tokenizer, so they need no model; the
import test runs in a fresh interpreter, where nothing has imported spaCy yet.  No timing is asserted.
"""

from __future__ import annotations

import importlib.util
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kb.config import load_settings
from indexer.embedder import OnnxEmbedder

ROOT = Path(__file__).resolve().parents[1]

# Invented sentences: "cut flaring" is short in characters and in words; the two sentences with
# long words have fewer words (tokens, for the word tokenizer below) than their characters suggest.
TEXTS = [
    "The ministry will publish a national plan for rail freight by 2027.",
    "Decarbonisation, electrification, modernisation: nationwide.",
    "cut flaring",
    "Each port authority shall report its emissions to the regulator every year.",
    "Intergovernmental coordination mechanisms strengthened.",
    "The agency will consult the public.",
]


class RecordingSession:
    """Stands in for the ONNX session: remembers each batch's ids and mask; a text's vector is its row sum."""

    def __init__(self) -> None:
        self.feeds: list[dict[str, np.ndarray]] = []

    def run(self, _outputs, feed):  # type: ignore[no-untyped-def]
        self.feeds.append({k: v.copy() for k, v in feed.items()})
        out = np.zeros((len(feed["input_ids"]), 384), dtype=np.float32)
        out[:, 0] = (feed["input_ids"] * feed["attention_mask"]).sum(axis=1)
        out[:, 1] = 1.0
        return [out]


class WordTokenizer:
    """One token per word (its length), between [CLS] 101 and [SEP] 102; pads like a padding tokenizer."""

    class _Encoding:
        def __init__(self, text: str, width: int) -> None:
            words = [len(w) for w in text.split()]
            self.ids = [101] + words + [102] + [0] * (width - len(words))
            self.attention_mask = [1] * (len(words) + 2) + [0] * (width - len(words))

    def encode_batch(self, texts):  # type: ignore[no-untyped-def]
        width = max(len(t.split()) for t in texts)
        return [self._Encoding(t, width) for t in texts]


def embedder(tmp_path: Path) -> tuple[OnnxEmbedder, RecordingSession]:
    emb = OnnxEmbedder(load_settings(tmp_path, embedding_threads=1), precision="int8")
    session = RecordingSession()
    emb._session, emb._tokenizer = session, WordTokenizer()
    return emb, session


def test_each_text_is_tokenised_once_and_a_padding_tokenizers_padding_is_left_out(tmp_path: Path) -> None:
    emb, _ = embedder(tmp_path)
    tokens = emb._tokens(["cut flaring", "The agency will consult the public."])
    assert tokens == [[101, 3, 7, 102], [101, 3, 6, 4, 7, 3, 7, 102]]


# Two texts of 4 words-tokens and two of 8, whose character lengths interleave them (11, 35, 57, 79 characters):
# sorted by characters they would pair 4 with 8 tokens twice; sorted by tokens, each pair has one length.
INTERLEAVED = [
    "Intergovernmental coordination mechanisms strengthened considerably nationwide.",
    "cut flaring",
    "Decarbonisation/electrification/modernisation programmes.",
    "The agency will consult the public.",
]


def test_batches_are_cut_by_token_count_so_equal_counts_need_no_padding(tmp_path: Path) -> None:
    emb, session = embedder(tmp_path)
    emb.encode(INTERLEAVED)
    assert [feed["input_ids"].shape for feed in session.feeds] == [(2, 4), (2, 8)]
    assert all(feed["attention_mask"].all() for feed in session.feeds)      # no padding at all


def test_a_batch_of_unequal_texts_is_padded_to_its_longest_with_pad_ids(tmp_path: Path) -> None:
    emb, session = embedder(tmp_path)
    emb.encode(["cut flaring", "The agency will consult the public."])
    (feed,) = session.feeds
    assert feed["attention_mask"].tolist() == [[1, 1, 1, 1, 0, 0, 0, 0], [1] * 8]
    assert feed["input_ids"][0].tolist() == [101, 3, 7, 102, 0, 0, 0, 0]    # [PAD] is 0
    assert not feed["token_type_ids"].any()


def test_vectors_come_back_in_the_callers_order_with_repeats(tmp_path: Path) -> None:
    emb, session = embedder(tmp_path)
    texts = TEXTS + [TEXTS[2], TEXTS[0]]
    vectors = emb.encode(texts)
    assert vectors.shape == (len(texts), 384)
    assert sum(len(feed["input_ids"]) for feed in session.feeds) == len(TEXTS)   # each distinct text once
    sums = [sum([101, 102] + [len(w) for w in t.split()]) for t in texts]
    unit = np.array([[s, 1.0] for s in sums]) / np.linalg.norm([[s, 1.0] for s in sums], axis=1, keepdims=True)
    assert np.allclose(vectors[:, :2], unit, atol=1e-6)
    assert np.array_equal(vectors[len(TEXTS)], vectors[2])


def test_the_sandbox_factory_pickles_without_the_extraction_package() -> None:
    from kb.pipeline import make_extractor

    import functools

    factory = pickle.loads(pickle.dumps(functools.partial(make_extractor, load_settings())))
    assert factory.func is make_extractor


IMPORTS = """
import sys, tempfile
from kb.config import load_settings
from kb.pipeline import Pipeline, import_extract_package
from kb.store import Store
settings = load_settings(data_dir=tempfile.mkdtemp())
Pipeline(settings, Store(settings.db_path)).sandbox          # the factory is made, no helper started
print("extract package before:", "kb.extract" in sys.modules)
import_extract_package()
import thinc.compat
print("extract package after:", "kb.extract" in sys.modules)
print("torch loaded:", "torch" in sys.modules, "thinc has torch:", thinc.compat.has_torch)
import torch
print("torch importable after:", torch.__name__ == "torch")
"""


@pytest.mark.integration
@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
def test_the_extraction_package_is_imported_without_torch_and_torch_stays_importable() -> None:
    out = subprocess.run([sys.executable, "-c", IMPORTS], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.splitlines() == [
        "extract package before: False",
        "extract package after: True",
        "torch loaded: False thinc has torch: False",
        "torch importable after: True",
    ]


def test_the_import_hook_refuses_torch_to_thinc_alone() -> None:
    from kb.pipeline import _NoTorchForThinc

    finder = _NoTorchForThinc()
    assert finder.find_spec("torch") is None            # any other importer: left to the normal finders
    assert finder.find_spec("numpy") is None
    as_thinc = {"__name__": "thinc.compat", "finder": finder}
    with pytest.raises(ModuleNotFoundError):
        exec("finder.find_spec('torch')", as_thinc)      # the same call made from thinc's module
    exec("spec = finder.find_spec('numpy')", as_thinc)
    assert as_thinc["spec"] is None
