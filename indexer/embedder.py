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
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from kb.config import Settings
from kb.errors import PolicyKBError

from indexer.onnx_model import QUANTISATION


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
        _offline_and_quiet()
        import torch
        from sentence_transformers import SentenceTransformer

        # deliberate, not torch's default of every core: `policykb ingest` parses on one core while
        # the model encodes on the other (Settings.embedding_threads)
        torch.set_num_threads(max(1, self.settings.embedding_threads))
        path = model_dir(self.settings)
        model = SentenceTransformer(str(path), device="cpu")
        dim_of = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        got = dim_of()
        if got != self.dim:
            raise PolicyKBError(f"embedding model {str(path)!r} makes {got}-d vectors, settings say {self.dim}")
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


class OnnxEmbedder:
    """The same sentence model run by ONNX Runtime, in fp32 (same vectors as torch) or int8 (faster).

    int8 (`indexer.onnx_model._quantise`: MatMul weights, one scale per channel) embeds the executive
    orders' units in about half the CPU seconds of fp32, with vectors of cosine 0.985-0.999 to fp32
    and the same dev hybrid nDCG@10 (0.855 against 0.853; bench/bench_embed.py --units, bench/eval_search.py).

    The ONNX file is built once per user and tool versions from the installed weights, into the
    model cache shared by every data folder (`indexer.onnx_model.model_cache`; `make install` builds
    it), and loaded on first use; while it builds, a short fp32 call (a search's query)
    is encoded by torch rather than waiting (`load`).  An int8 model makes slightly different vectors, so
    it carries its own name: an index built with one is never searched with the
    other (`SearchService.check` compares the names).

    How it spends the CPU (measured on executive-order units, 2 shared cores;
    bench/bench_ingest.py shows the effect on a whole ingest):

    * small batches of length-sorted texts, padded to the batch's longest:
      batches of 8 take about 30% less CPU than batches of 64 (less padding,
      activations that stay in cache); the texts of a call are tokenised once
      and sorted by token count (`_tokens`), so most batches need no padding
      at all (3-4% less CPU than sorting by characters; batches of 8, 16 or
      32 texts of equal token count measured no faster than 2);
    * the session runs each batch on one thread, and `workers` threads run
      batches side by side (ONNX Runtime's `run` is thread-safe and releases
      the GIL): whole batches in parallel scale better than splitting each
      small batch's matrix products across cores, and the number of workers
      can change between calls -- `policykb ingest` embeds on one core while
      the other parses, then on both once parsing is done (`set_workers`);
    * a text that occurs twice in one call is encoded once.
    """

    # texts per ONNX Runtime call (see above); int8 gains from even smaller batches: 2 texts a call took
    # 13-15% less CPU than 8 on 2,500 executive-order units (5.6-6.1 against 6.4-7.2 ms a text)
    BATCH = {"fp32": 8, "int8": 2}

    # fp32 only: until the ONNX file is built, a call with fewer texts than this is encoded by torch
    # (the same vectors), so a search or a one-file ingest does not wait for the export (tens of seconds)
    BUILD_MIN_TEXTS = 500

    def __init__(self, settings: Settings, precision: str = "int8"):
        self.settings = settings
        self.precision = precision
        # int8 vectors differ a little from fp32 ones, and from an earlier int8 recipe's: a name of their own
        self.name = (settings.embedding_name if precision == "fp32"
                     else f"{settings.embedding_name}+onnx-{precision}-{QUANTISATION}")
        self.dim = settings.embedding_dim
        self._session = None
        self._tokenizer = None
        self._pad_id = 0             # BERT's [PAD]; padded positions are masked out, their id is never read
        self._torch: SentenceEmbedder | None = None
        self._lock = threading.Lock()          # guards the fields; never held while a model is built or loaded
        self._build_lock = threading.Lock()    # one build/load at a time
        self._building = False
        self.workers = max(1, settings.embedding_threads)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_size = 0
        # CPU seconds spent tokenising and running batches, summed (`policykb ingest --timings`)
        self.cpu_seconds = 0.0

    def set_workers(self, n: int) -> None:
        """Run up to `n` batches at once from the next call on (e.g. every core once the parser is done)."""
        self.workers = max(1, n)

    def load(self) -> None:
        """Build (once) and load the ONNX model now: before a large job, so all of it runs on ONNX Runtime.

        The build (tens of seconds) holds only the build lock: meanwhile a short fp32 call -- a search's
        query -- is encoded by torch (the same vectors) instead of waiting for it."""
        with self._build_lock:
            if self._session is not None:
                return
            with self._lock:
                self._building = True
            try:
                tokenizer, session = self._load()
            finally:
                with self._lock:
                    self._building = False
            with self._lock:
                self._tokenizer, self._session = tokenizer, session
                self._torch = None

    def _built(self) -> bool:
        from indexer.onnx_model import model_cache, onnx_path

        return onnx_path(model_cache(self.settings), model_dir(self.settings), self.precision).exists()

    def _load(self):  # type: ignore[no-untyped-def]
        """(tokenizer, session): the ONNX model built if need be, and loaded."""
        import onnxruntime
        from tokenizers import Tokenizer

        from indexer.onnx_model import ensure_onnx_model, max_tokens, model_cache

        _offline_and_quiet(transformers_too=not self._built())   # an export needs transformers, quiet
        source = model_dir(self.settings)
        path = ensure_onnx_model(model_cache(self.settings), source, self.precision)
        tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
        tokenizer.enable_truncation(max_tokens(source))
        tokenizer.no_padding()   # each batch is padded to its own longest (`_run_batch`)
        options = onnxruntime.SessionOptions()
        # one thread per call: parallelism comes from running batches side by side (`workers`)
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL   # the fused int8 MatMuls
        session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        got = session.get_outputs()[0].shape[-1]
        if got != self.dim:
            raise PolicyKBError(f"embedding model makes {got}-d vectors, settings say {self.dim}")
        return tokenizer, session

    def encode(self, texts: Sequence[str], batch_size: int = 0) -> np.ndarray:
        """`batch_size` 0: `BATCH` of this precision."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        torch_embedder: SentenceEmbedder | None = None
        with self._lock:
            ready = self._session is not None
            if (not ready and self.precision == "fp32" and len(texts) < self.BUILD_MIN_TEXTS
                    and (self._building or not self._built())):
                if self._torch is None:
                    self._torch = SentenceEmbedder(self.settings)
                torch_embedder = self._torch
        if torch_embedder is not None:
            return torch_embedder.encode(texts, batch_size or 64)
        if not ready:
            self.load()
        assert self._session is not None and self._tokenizer is not None
        distinct, where = _distinct(texts)
        tokens = self._tokens(distinct)
        # Sort by token count, so a batch of texts of equal length has no padding; rows go back in order.
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        size = batch_size if batch_size > 0 else self.BATCH[self.precision]
        batches = [order[start:start + size] for start in range(0, len(order), size)]
        vecs = np.empty((len(tokens), self.dim), dtype=np.float32)

        def run(rows: list[int]) -> None:
            c0 = time.thread_time()   # with one intra-op thread the session computes on the calling thread
            vecs[rows] = self._run_batch([tokens[i] for i in rows])
            spent = time.thread_time() - c0
            with self._lock:
                self.cpu_seconds += spent

        pool = self._executor() if len(batches) > 1 else None
        if pool is None:
            for rows in batches:
                run(rows)
        else:
            for _ in pool.map(run, batches):
                pass
        return _normalise(vecs[where])

    def _tokens(self, texts: list[str]) -> list[list[int]]:
        """The token ids of each text, tokenised once, in one call, before any batch is made (issue 13).

        Why: batches can then be cut by token count, not by characters -- two texts of equal token
        count make a batch without padding (3-4% of the model's CPU on the executive orders' units)."""
        assert self._tokenizer is not None
        return [e.ids[:sum(e.attention_mask)]    # a padding tokenizer's padding left out
                for e in self._tokenizer.encode_batch(texts)]

    def _run_batch(self, tokens: list[list[int]]) -> np.ndarray:
        """The vectors of one batch of token sequences, padded to the batch's longest."""
        assert self._session is not None
        width = max(len(t) for t in tokens)
        ids = np.full((len(tokens), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(tokens), width), dtype=np.int64)
        for row, t in enumerate(tokens):
            ids[row, :len(t)] = t
            mask[row, :len(t)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self._session.run(None, feed)[0]

    def _executor(self) -> ThreadPoolExecutor | None:
        """A pool of `workers` threads (None for one worker: the caller's thread runs the batches)."""
        with self._lock:
            if self.workers <= 1:
                return None
            if self._pool is None or self._pool_size != self.workers:
                if self._pool is not None:
                    self._pool.shutdown(wait=False)
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="policykb-embed")
                self._pool_size = self.workers
            return self._pool


def _distinct(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The distinct texts (first occurrence order) and, for each text, the row of its distinct text."""
    rows: dict[str, int] = {}
    where = np.fromiter((rows.setdefault(t, len(rows)) for t in texts), dtype=np.int64, count=len(texts))
    return list(rows), where


def _offline_and_quiet(transformers_too: bool = True) -> None:
    """Models come from disk only, and loading them prints nothing.

    `transformers_too` False: leave the transformers package unimported (a second of CPU and 100 MB) when
    nothing will use it -- the ONNX path once its file is built reads only the tokenizer's JSON."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if not transformers_too:
        return
    try:
        import transformers

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
    except (ImportError, AttributeError):
        pass


def model_dir(settings: Settings) -> Path:
    """Where the sentence model's files are: `settings.embedding_package` is a path or a package that bundles them."""
    source = settings.embedding_package
    if os.path.exists(source):
        return Path(source)
    try:
        module = importlib.import_module(source)
    except ImportError as exc:
        raise PolicyKBError(f"embedding model package {source!r} is not installed") from exc
    return Path(module.get_model_path())


BACKENDS = ("torch", "onnx-fp32", "onnx-int8")


def make_embedder(settings: Settings) -> Embedder:
    """The embedder `settings.embedding_backend` names."""
    backend = settings.embedding_backend
    if backend == "torch":
        return SentenceEmbedder(settings)
    if backend in ("onnx-fp32", "onnx-int8"):
        return OnnxEmbedder(settings, precision=backend.split("-", 1)[1])
    raise PolicyKBError(f"unknown embedding backend {backend!r}: choose one of {', '.join(BACKENDS)}")
