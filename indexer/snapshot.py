"""Saving the search index to disk and reading it back, so a restart does not re-embed everything.

Why a module: a snapshot must never be seen half-written, by this process
after a crash or by another process (the CLI beside the web app) reading the
same folder.  The rules that make that so live here and nowhere else:

* a snapshot is a folder `snap-<random>` holding both vector indexes, the
  keyword index and `meta.pkl`; it is written under a temporary name, every
  file fsynced, then renamed into place;
* `manifest.json` names the current snapshot, the model and dimension it was
  built with, the store schema, the last store change it holds and its unit
  counts; it is replaced by an atomic rename after the snapshot is complete;
* older snapshots and crashed temporary folders are removed afterwards.

Deltas, so that a save does not grow with the index: between full snapshots
(`save`, the "base"), a save writes only the vectors embedded since the last
one (`save_delta`: `delta-*.npz` in the base's folder, the text's hash ->
vector, fsynced and renamed, then named in the manifest).  The store's change
log is pruned only up to the base (`manifest["base_seq"]`), so loading takes
the base and replays the log from there, taking each unit's vector from the
deltas instead of the model (`delta_vectors`): no re-embedding, and a delta
lost in a crash costs only re-embedding what it held.  `manifest["change_seq"]`
says how far base + deltas reach.  Compaction (a new full snapshot, deltas
gone) happens when the caller is idle (`SearchService.flush`).

Reading checks the manifest against the model, the store and the files, and
says why a snapshot cannot be used (`SnapshotUnusable`); the caller then
rebuilds from the store.  A snapshot built with another model or dimension is
an error the user must act on (IndexMismatch: run `policykb reindex`).
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import shutil
import time
import uuid
import zlib
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import numpy as np

from kb.errors import IndexMismatch
from kb.store import Store

from indexer.keyword import KeywordIndex
from indexer.units import IndexState
from indexer.vectors import VectorIndex

log = logging.getLogger(__name__)

# 2: a commitment's sentence is not a passage-sentence unit; commitment -> passage map
# 3: a unit's vector composed of its sentence's and its context's (indexer/units.py `compose`; not released)
# 4: whole unit texts embedded again (indexer/units.py CONTEXT_WEIGHT None), so a format-3 index is rebuilt
# 5: a title's numbered designation ("Executive Order 14001: ") left out of the embedded text (indexer/units.py
#    `UnitText.embedded`), so the vectors of a format-4 index are rebuilt alike
INDEX_FORMAT = 5
MANIFEST = "manifest.json"


class SnapshotUnusable(Exception):
    """The saved index cannot be used (missing, stale, unreadable); the message says why."""


def read_manifest(index_dir: Path) -> dict | None:
    """The current manifest, or None when there is none or it cannot be read (the index is then rebuilt)."""
    path = Path(index_dir) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        log.warning("unreadable search manifest %s: the index will be rebuilt", path)
        return None


def base_model(name: str) -> str:
    """The model a vector name is made by, whatever runs it: "all-MiniLM-L6-v2+onnx-int8-pcmm" -> "all-MiniLM-L6-v2"."""
    return name.split("+onnx-", 1)[0]


def check_model(manifest: dict | None, model: str, dim: int, index_dir: Path) -> None:
    """Raise IndexMismatch when the saved index was built with another model or dimension.

    The same model run another way (int8 against fp32 weights: the default changed, or the settings
    did) is no error for the user to act on: `load` rebuilds such an index from the store."""
    if manifest is None:
        return
    if base_model(str(manifest.get("model"))) != base_model(model) or int(manifest.get("dim", -1)) != dim:
        raise IndexMismatch(
            f"the search index in {index_dir} was built with {manifest.get('model')!r} "
            f"({manifest.get('dim')}-d vectors) but the settings name {model!r} ({dim}-d):"
            " run `policykb reindex`"
        )


def load(index_dir: Path, store: Store, model: str, dim: int, exact_limit: int) -> IndexState:
    """The saved index, checked against the model, the store and its own manifest; SnapshotUnusable if not usable."""
    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    if manifest is None:
        raise SnapshotUnusable("no saved index")
    check_model(manifest, model, dim, index_dir)
    if manifest.get("model") != model:
        raise SnapshotUnusable(f"vectors of {manifest.get('model')}, the settings run {model}")
    if manifest.get("format") != INDEX_FORMAT:
        raise SnapshotUnusable("index format changed")
    if manifest.get("store_schema") != store.schema_version:
        raise SnapshotUnusable("store schema changed")
    if int(manifest.get("base_seq", manifest.get("change_seq", 0))) > store.search_change_seq() \
            and store.search_change_seq() > 0:
        raise SnapshotUnusable("index is ahead of the store")
    snap = index_dir / manifest["snapshot"]
    try:
        with open(snap / "meta.pkl", "rb") as fh:
            meta = pickle.load(fh)  # our own file
        commitments = VectorIndex.read(snap / "commitments.faiss", dim, exact_limit, meta["tombstones_c"])
        sentences = VectorIndex.read(snap / "sentences.faiss", dim, exact_limit, meta["tombstones_s"])
        keywords = KeywordIndex.read(snap / "keyword.pkl")
    except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError, RuntimeError) as exc:
        raise SnapshotUnusable(f"saved index unreadable ({type(exc).__name__})") from None
    counts = manifest.get("counts", {})
    if (len(commitments) != counts.get("commitments") or len(sentences) != counts.get("sentences")
            or len(keywords) != counts.get("keyword")
            or ids_checksum(commitments.ids()) != manifest.get("commitment_ids_crc")):
        raise SnapshotUnusable("saved index files disagree with their manifest")
    return IndexState(commitments, sentences, keywords, meta["passage_sentences"],
                      int(manifest.get("base_seq", manifest.get("change_seq", 0))), meta["commitment_passages"])


def save(index_dir: Path, state: IndexState, model: str, dim: int, store_schema: int,
         lock: AbstractContextManager | None = None) -> str:
    """Write a new snapshot (temp dir, fsync), then switch the manifest to it with an atomic rename.

    `lock` is held while the in-memory indexes are read (they may change
    between searches); the fsyncs and renames run outside it.  Returns the
    snapshot's folder name.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"snap-{uuid.uuid4().hex[:12]}"
    tmp = index_dir / (name + ".tmp")
    tmp.mkdir()
    with lock if lock is not None else nullcontext():
        state.commitments.write(tmp / "commitments.faiss")
        state.sentences.write(tmp / "sentences.faiss")
        state.keywords.write(tmp / "keyword.pkl")
        with open(tmp / "meta.pkl", "wb") as fh:
            pickle.dump({
                "passage_sentences": state.passage_sentences,
                "commitment_passages": state.commitment_passages,
                "tombstones_c": state.commitments.tombstones,
                "tombstones_s": state.sentences.tombstones,
            }, fh, protocol=pickle.HIGHEST_PROTOCOL)
        manifest = {
            "format": INDEX_FORMAT,
            "model": model,
            "dim": dim,
            "store_schema": store_schema,
            "change_seq": state.seq,
            "base_seq": state.seq,
            "snapshot": name,
            "deltas": [],
            "counts": {
                "commitments": len(state.commitments), "sentences": len(state.sentences),
                "passages": len(state.passage_sentences), "keyword": len(state.keywords),
            },
            "commitment_ids_crc": ids_checksum(state.commitments.ids()),
            "vector_index": {"commitments": state.commitments.kind, "sentences": state.sentences.kind},
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
    for f in tmp.iterdir():
        fsync(f)
    os.rename(tmp, index_dir / name)
    fsync_dir(index_dir)
    atomic_write(index_dir / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    for old in index_dir.iterdir():  # older snapshots and crashed temp dirs
        if old.is_dir() and old.name.startswith("snap-") and old.name != name:
            shutil.rmtree(old, ignore_errors=True)
    return name


def save_delta(index_dir: Path, hashes: list[bytes], vecs: np.ndarray, seq: int) -> bool:
    """Add the vectors embedded since the last save to the current snapshot, reaching store change `seq`.

    Returns False (nothing written) when there is no snapshot to add to; the caller then saves a full one.
    """
    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    if manifest is None or "base_seq" not in manifest:
        return False
    snap = index_dir / manifest["snapshot"]
    if not snap.is_dir():
        return False
    name = f"delta-{seq:012d}-{uuid.uuid4().hex[:8]}.npz"
    tmp = snap / (name + ".tmp")
    with open(tmp, "wb") as fh:
        np.savez(fh, hashes=np.frombuffer(b"".join(hashes), dtype=np.uint8).reshape(len(hashes), -1)
                 if hashes else np.zeros((0, HASH_BYTES), np.uint8),
                 vectors=np.ascontiguousarray(vecs, dtype=np.float32))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, snap / name)
    fsync_dir(snap)
    manifest = dict(manifest)
    manifest["deltas"] = list(manifest.get("deltas", [])) + [{"file": name, "rows": len(hashes), "seq": seq}]
    manifest["change_seq"] = max(int(manifest.get("change_seq", 0)), seq)
    manifest["saved_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    atomic_write(index_dir / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    return True


HASH_BYTES = 16


def text_hash(text: str) -> bytes:
    """The key of a text's vector in the deltas."""
    import hashlib

    return hashlib.blake2b(text.encode("utf-8"), digest_size=HASH_BYTES).digest()


def delta_vectors(index_dir: Path, manifest: dict) -> dict[bytes, np.ndarray]:
    """The vectors the current snapshot's deltas hold, by text hash (an unreadable delta is skipped: re-embedded)."""
    out: dict[bytes, np.ndarray] = {}
    snap = Path(index_dir) / manifest.get("snapshot", "")
    for d in manifest.get("deltas", []):
        try:
            with np.load(snap / d["file"]) as z:
                hashes, vecs = z["hashes"], z["vectors"]
        except (OSError, ValueError, KeyError, EOFError):
            log.warning("unreadable index delta %s: its units will be embedded again", d.get("file"))
            continue
        for h, v in zip(hashes, vecs):
            out[h.tobytes()] = v
    return out


def delta_rows(manifest: dict | None) -> int:
    return sum(int(d.get("rows", 0)) for d in (manifest or {}).get("deltas", []))


def ids_checksum(ids: np.ndarray) -> int:
    """A checksum of a set of ids (order does not matter)."""
    return zlib.crc32(np.sort(np.asarray(ids, dtype=np.int64)).tobytes())


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    try:
        fsync(path)
    except OSError:  # some file systems cannot fsync a directory
        pass


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old or the new content, never a mix."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)
