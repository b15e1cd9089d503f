"""The ONNX files are built once per user, not once per data folder (issue 13: a fresh data folder costs nothing).

`indexer.onnx_model.model_cache` is one folder shared by every knowledge
base of the user (`Settings.model_cache_dir` here, a temporary folder), with
a sub-folder per onnxruntime and torch version.  The first embedder to need
a file builds it; an embedder of another data folder finds it there.  A new
version of the model's files (another fingerprint) builds new files; the
old ones are never read for it.  Where the cache cannot be written, the
files go under the data folder, as before.

The unit tests replace the export and the quantisation with stand-ins that
count their calls and write a few bytes; the integration test builds the
real files with every network connection refused: nothing is downloaded.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import numpy as np
import pytest

from kb.config import load_settings
from indexer import onnx_model
from indexer.embedder import OnnxEmbedder, model_dir
from indexer.onnx_model import ensure_onnx_model, model_cache, onnx_path, versions_key


@pytest.fixture
def counted_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stand-ins for the export and the quantisation: each call is recorded and writes a small file."""
    calls: list[str] = []

    def export(model: Path, out: Path) -> None:
        calls.append("export")
        out.write_bytes(b"fp32 graph of " + str(model).encode())

    def quantise(fp32: Path, out: Path) -> None:
        calls.append("quantise")
        out.write_bytes(b"int8 graph of " + fp32.read_bytes())

    monkeypatch.setattr(onnx_model, "_export", export)
    monkeypatch.setattr(onnx_model, "_quantise", quantise)
    return calls


@pytest.fixture
def fake_model(tmp_path: Path) -> Path:
    """A model folder with the files its fingerprint reads."""
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"hidden_size": 384}))
    (model / "model.safetensors").write_bytes(b"\0" * 64)
    return model


def settings_for(tmp_path: Path, name: str, model: Path, cache: Path):  # type: ignore[no-untyped-def]
    return load_settings(tmp_path / name, embedding_package=str(model), model_cache_dir=cache)


def test_a_second_data_folder_reuses_the_files_the_first_one_built(tmp_path: Path, fake_model: Path,
                                                                   counted_builds: list[str]) -> None:
    cache = tmp_path / "cache"
    first = settings_for(tmp_path, "newsroom-a", fake_model, cache)
    second = settings_for(tmp_path, "newsroom-b", fake_model, cache)

    built = ensure_onnx_model(model_cache(first), model_dir(first), "int8")
    assert counted_builds == ["export", "quantise"]
    again = ensure_onnx_model(model_cache(second), model_dir(second), "int8")
    assert again == built and counted_builds == ["export", "quantise"]   # nothing built for the second folder
    assert built.parent == cache / versions_key()
    assert not (tmp_path / "newsroom-a" / "models").exists() and not (tmp_path / "newsroom-b" / "models").exists()
    # the embedder of the second folder sees the file as built (no torch stand-in, no build while it searches)
    assert OnnxEmbedder(second, precision="int8")._built()
    assert OnnxEmbedder(second, precision="fp32")._built()


def test_a_changed_model_builds_new_files_and_leaves_the_old_ones(tmp_path: Path, fake_model: Path,
                                                                  counted_builds: list[str]) -> None:
    settings = settings_for(tmp_path, "kb", fake_model, tmp_path / "cache")
    old = ensure_onnx_model(model_cache(settings), fake_model, "int8")
    (fake_model / "model.safetensors").write_bytes(b"\1" * 128)   # a new version of the weights
    new = ensure_onnx_model(model_cache(settings), fake_model, "int8")
    assert new != old and new.exists() and old.exists()
    assert counted_builds == ["export", "quantise", "export", "quantise"]
    assert new == onnx_path(model_cache(settings), fake_model, "int8")


def test_the_folder_names_the_versions_of_the_tools_that_build_the_files() -> None:
    from importlib import metadata

    key = versions_key()
    assert key == f"onnxruntime-{metadata.version('onnxruntime')}-torch-{metadata.version('torch')}"


def test_the_cache_is_named_by_the_settings_then_the_environment_then_xdg(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("POLICYKB_MODEL_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert model_cache(load_settings(tmp_path / "kb")) == tmp_path / "xdg" / "policykb" / "models" / versions_key()
    monkeypatch.setenv("POLICYKB_MODEL_CACHE", str(tmp_path / "env"))
    assert model_cache(load_settings(tmp_path / "kb")) == tmp_path / "env" / versions_key()
    chosen = load_settings(tmp_path / "kb", model_cache_dir=tmp_path / "chosen")
    assert model_cache(chosen) == tmp_path / "chosen" / versions_key()


def test_a_cache_that_cannot_be_written_falls_back_to_the_data_folder(tmp_path: Path, fake_model: Path,
                                                                      counted_builds: list[str]) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be: no folder can be made under it")
    settings = settings_for(tmp_path, "kb", fake_model, blocked)
    folder = model_cache(settings)
    assert folder == tmp_path / "kb" / "models" / versions_key()
    path = ensure_onnx_model(folder, fake_model, "fp32")
    assert path.exists() and counted_builds == ["export"]


# Invented sentences in the register of policy texts.
TEXTS = ["The ministry will open twelve new vocational colleges by 2028.",
         "Each port authority shall publish its emissions inventory every year."]


@pytest.mark.integration
def test_the_real_files_are_built_offline_once_and_a_second_data_folder_loads_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"a network connection was attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    cache = tmp_path / "cache"
    first = OnnxEmbedder(load_settings(tmp_path / "a", model_cache_dir=cache, embedding_threads=1), precision="int8")
    first.load()
    vectors = first.encode(TEXTS)
    files = sorted(p.name for p in (cache / versions_key()).iterdir())
    assert len(files) == 2 and files[0].endswith("-fp32.onnx") and files[1].endswith("-int8.onnx"), files

    def no_build(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the second data folder built a model file")

    monkeypatch.setattr(onnx_model, "_export", no_build)
    monkeypatch.setattr(onnx_model, "_quantise", no_build)
    second = OnnxEmbedder(load_settings(tmp_path / "b", model_cache_dir=cache, embedding_threads=1), precision="int8")
    second.load()
    assert np.allclose(second.encode(TEXTS), vectors, atol=1e-6)
    assert not (tmp_path / "b" / "models").exists()
