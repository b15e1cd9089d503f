"""Build the ONNX form of the installed sentence-embedding model, once, from its own weights.

Why: the same all-MiniLM-L6-v2 run by ONNX Runtime encodes 2-4 times faster
on two CPU cores than through torch, and dynamic int8 quantisation of its
weights adds to that (see `bench/bench_embed.py`).  Nothing is downloaded:
the graph is traced from the weights that the model's pip package put on
disk, with mean pooling and L2 normalisation inside the graph, so the ONNX
model's output is the sentence vector itself.  The attention's NaN guards,
which never fire here, are taken out of the exported graph (`_drop_nan_guards`:
the same vectors, bit for bit, for 7-10% less CPU).

The built files are kept in one cache per user, not per data folder
(`model_cache`: `Settings.model_cache_dir`, `$POLICYKB_MODEL_CACHE`, else
`$XDG_CACHE_HOME/policykb/models` or `~/.cache/policykb/models`), so a fresh
data folder, a test's temporary knowledge base or a second search node costs
no build: `make install` builds both files once (`main`),
and the first use builds whatever is missing.  A folder per onnxruntime and
torch version (`versions_key`), and in it a file name per model fingerprint
(its weight and config files) and quantisation recipe: a new model, exporter
or quantiser builds new files, never mixes with old ones.  Files are written
atomically (a second process building at the same time writes the same bytes
under another temporary name).  Where the shared cache cannot be written (a
read-only home), the files go under `<data>/models/` as before.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
import warnings
from importlib import metadata
from pathlib import Path

from kb.config import Settings, load_settings
from kb.errors import PolicyKBError

OPSET = 17
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def model_fingerprint(model_dir: Path) -> str:
    """A short hash of the model's weight and config files: a new model version builds a new ONNX file."""
    h = hashlib.sha256()
    for name in sorted(os.listdir(model_dir)):
        path = model_dir / name
        if path.is_file() and name.endswith((".safetensors", ".bin", ".json")):
            st = path.stat()
            h.update(f"{name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:12]


# How the int8 file is quantised, part of its file name and of the int8 embedder's model name, so a file or an
# index made by an earlier recipe is rebuilt, never mixed with this one's vectors.  "pcmm": dynamic int8
# quantisation of the MatMul weights only, one scale per output channel (see `_quantise`).
QUANTISATION = "pcmm"


# How the graph is exported, part of both files' names (not of the embedder's name: the vectors are the same),
# so a file exported by an earlier recipe is rebuilt.  "noguard": the attention's NaN guards are left out
# (`_drop_nan_guards`).
EXPORT = "noguard"


def onnx_path(cache_dir: Path, model_dir: Path, precision: str) -> Path:
    recipe = f"-{QUANTISATION}" if precision == "int8" else ""
    return cache_dir / f"sentence-{model_fingerprint(model_dir)}-{EXPORT}{recipe}-{precision}.onnx"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def versions_key() -> str:
    """The tools that make the files: torch exports the graph, onnxruntime quantises it (and runs it)."""
    return f"onnxruntime-{_version('onnxruntime')}-torch-{_version('torch')}"


def shared_cache_root(settings: Settings) -> Path:
    """The per-user model cache: `Settings.model_cache_dir`, `$POLICYKB_MODEL_CACHE`, else the XDG cache."""
    if settings.model_cache_dir is not None:
        return Path(settings.model_cache_dir)
    if os.environ.get("POLICYKB_MODEL_CACHE"):
        return Path(os.environ["POLICYKB_MODEL_CACHE"])
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "policykb" / "models"


def model_cache(settings: Settings) -> Path:
    """The folder the ONNX files of these tool versions live in: the shared cache if it can be written,
    else `<data>/models/` (same layout)."""
    shared = shared_cache_root(settings) / versions_key()
    try:
        shared.mkdir(parents=True, exist_ok=True)
        if os.access(shared, os.W_OK | os.X_OK):
            return shared
    except OSError:
        pass
    return settings.data_dir / "models" / versions_key()


def ensure_onnx_model(cache_dir: Path, model_dir: Path, precision: str) -> Path:
    """The ONNX model for `precision` ("fp32" or "int8"), built from `model_dir` if not built yet."""
    if precision not in ("fp32", "int8"):
        raise PolicyKBError(f"unknown embedding precision {precision!r} (fp32 or int8)")
    target = onnx_path(cache_dir, model_dir, precision)
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    fp32 = onnx_path(cache_dir, model_dir, "fp32")
    if not fp32.exists():
        _atomic_build(fp32, lambda tmp: _export(model_dir, tmp))
    if precision == "int8":
        _atomic_build(target, lambda tmp: _quantise(fp32, tmp))
    return target


def _atomic_build(target: Path, build) -> None:  # type: ignore[no-untyped-def]
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        build(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _export(model_dir: Path, out: Path) -> None:
    """Trace the transformer with mean pooling and normalisation into one ONNX graph."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    model = AutoModel.from_pretrained(str(model_dir)).eval()

    class Pooled(torch.nn.Module):
        def __init__(self, encoder: torch.nn.Module):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    sample = tokenizer(["an example sentence", "another, longer example sentence"], padding=True, return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    axes["embedding"] = {0: "batch"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on BERT's attention code; the tests check the output
        torch.onnx.export(
            Pooled(model), tuple(sample[name] for name in INPUTS), str(out),
            input_names=list(INPUTS), output_names=["embedding"], dynamic_axes=axes,
            opset_version=OPSET, dynamo=False,
        )
    _drop_nan_guards(out)


def _drop_nan_guards(path: Path) -> int:
    """Take the NaN guards out of the exported attention (in place); how many were taken out.

    torch exports its fused attention with a guard after each softmax, `Where(IsNaN(p), 0, p)`, for a
    query row whose keys are all masked.  None is here: the mask hides only padding keys, and every
    text keeps its [CLS] and [SEP] tokens, so `p` never holds a NaN and the guard passes it through
    unchanged -- over a whole (batch, heads, tokens, tokens) tensor per layer: 7-8% of the int8 model's
    CPU on the executive orders' units.  Without it the vectors are bit for bit the same (fp32 and int8,
    1,000 units of the orders: largest difference 0.0) for 7% (int8) to 10% (fp32) less CPU (issue 13)."""
    import onnx

    model = onnx.load(str(path))
    graph = model.graph
    made_by = {output: node for node in graph.node for output in node.output}
    through: dict[str, str] = {}
    dropped = []
    for node in graph.node:
        test = made_by.get(node.input[0]) if node.op_type == "Where" and len(node.input) == 3 else None
        if test is None:
            continue
        guarded = made_by.get(node.input[2])
        if test.op_type == "IsNaN" and test.input[0] == node.input[2] and guarded is not None \
                and guarded.op_type == "Softmax":     # only a softmax's: the reasoning above is about those
            through[node.output[0]] = node.input[2]
            dropped += [node, test]
    if not dropped or any(output.name in through for output in graph.output):
        return 0
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name in through:
                node.input[i] = through[name]
    zeros = {node.input[1] for node in dropped if node.op_type == "Where"}
    for node in dropped:
        graph.node.remove(node)
    used = {name for node in graph.node for name in node.input} | {output.name for output in graph.output}
    for node in [n for n in graph.node if n.op_type == "Constant" and n.output[0] in zeros - used]:
        graph.node.remove(node)            # the guards' zeros (a Constant node or an initializer)
    for init in [init for init in graph.initializer if init.name in zeros - used]:
        graph.initializer.remove(init)
    onnx.save(model, str(path))
    return len(dropped) // 2


def _quantise(fp32: Path, out: Path) -> None:
    """Dynamic int8 quantisation of the MatMul weights, per output channel (activations stay float).

    Why this recipe (measured with bench/bench_embed.py on 16,333 executive-order units): ONNX Runtime's
    default (every MatMul and Gather, one scale per tensor) made vectors of mean cosine 0.956 to fp32 --
    enough to cost 0.025 dense nDCG@10 on the dev queries; a scale per output channel and the word
    embeddings left in fp32 (a Gather: a table lookup, no arithmetic to save) give mean cosine 0.994
    (min 0.985), and run faster still (1.9x fp32 in CPU seconds, against 1.7x), since the int8 kernels
    are the same and no dequantised embedding table is rebuilt per call.  The file is larger (59 MB
    against 23 MB: the embedding table stays fp32).
    """
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(max(level, logging.ERROR))  # its "run pre-processing first" hint is noise here
    try:
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"])
    finally:
        root.setLevel(level)


def max_tokens(model_dir: Path, default: int = 256) -> int:
    """The sequence limit sentence-transformers uses for this model (its `sentence_bert_config.json`)."""
    try:
        return int(json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"])
    except (OSError, KeyError, ValueError):
        return default


def main(argv: list[str] | None = None) -> int:
    """Build the fp32 and int8 files into the model cache now (`make models`, part of `make install`)."""
    from indexer.embedder import _offline_and_quiet, model_dir

    _offline_and_quiet()
    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--precision", action="append", choices=("fp32", "int8"),
                    help="which file to build (repeatable; default both)")
    args = ap.parse_args(argv)
    settings = load_settings()
    source = model_dir(settings)
    cache = model_cache(settings)
    for precision in args.precision or ["fp32", "int8"]:
        t0 = time.perf_counter()
        built = not onnx_path(cache, source, precision).exists()
        path = ensure_onnx_model(cache, source, precision)
        how = f"built in {time.perf_counter() - t0:.1f} s" if built else "already built"
        print(f"{precision}: {path} ({how})")
    return 0
