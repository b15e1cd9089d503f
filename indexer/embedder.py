"""Embedders: text -> normalised float32 vectors.

`SentenceEmbedder` wraps sentence-transformers and loads the model once, on
first use (a model takes seconds to load; the CLI's `list` never needs it).
`HashEmbedder` is an honest stand-in for tests and benchmarks: it hashes
stemmed words (and word pairs) into a vector, so texts that share words are
near each other, and it is instant.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import threading
from typing import Protocol, Sequence

import numpy as np

from kb.config import Settings
from kb.errors import PolicyKBError


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """(len(texts), dim) float32, each row of unit length."""
        ...


def _normalise(vecs: np.ndarray) -> np.ndarray:
    vecs = np.ascontiguousarray(vecs, dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms


class SentenceEmbedder:
    """A sentence-transformers model named by `settings.embedding_package` (a package that bundles it, or a path)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.name = settings.embedding_name
        self.dim = settings.embedding_dim
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self):  # type: ignore[no-untyped-def]
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            import transformers

            transformers.logging.set_verbosity_error()
            transformers.logging.disable_progress_bar()
        except (ImportError, AttributeError):
            pass
        from sentence_transformers import SentenceTransformer

        source = self.settings.embedding_package
        if os.path.exists(source):
            path = source
        else:
            try:
                module = importlib.import_module(source)
            except ImportError as exc:
                raise PolicyKBError(f"embedding model package {source!r} is not installed") from exc
            path = module.get_model_path()
        model = SentenceTransformer(str(path), device="cpu")
        dim_of = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        got = dim_of()
        if got != self.dim:
            raise PolicyKBError(f"embedding model {source!r} makes {got}-d vectors, settings say {self.dim}")
        return model

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self.model
        # Sort by length so each batch pads little; put the rows back in order after.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vecs = model.encode(
            [texts[i] for i in order], batch_size=batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )
        out = np.empty((len(texts), vecs.shape[1]), dtype=np.float32)
        out[np.asarray(order)] = vecs
        return _normalise(out)


class HashEmbedder:
    """Words and word pairs hashed into a fixed-size vector: a fast, model-free embedder for tests."""

    relevance_floor = -1.0  # hashed words give small, even negative cosines: no floor

    def __init__(self, dim: int = 64, name: str = "hash-embedder"):
        self.name = name
        self.dim = dim
        self.calls = 0

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        from indexer.text import terms

        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            toks = terms(text)
            for tok in toks + [a + " " + b for a, b in zip(toks, toks[1:])]:
                h = hashlib.blake2b(tok.encode("utf-8"), digest_size=8).digest()
                idx = int.from_bytes(h[:4], "little") % self.dim
                sign = 1.0 if h[4] & 1 else -1.0
                out[row, idx] += sign * (1.0 if " " not in tok else 0.5)
        return _normalise(out)


def make_embedder(settings: Settings) -> Embedder:
    return SentenceEmbedder(settings)
