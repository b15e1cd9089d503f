"""How long `policykb ingest` takes: on the seed, and on 100 generated documents of every format.

Run: .venv/bin/python bench/bench_ingest.py   (prints figures; asserts nothing)
The figure includes process start, model loading, parsing, extraction,
storing and indexing, as a user waits for it.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ACTORS = ["The city", "The province", "Each agency", "The Ministry of Transport", "The regional government"]
VERBS = ["build", "install", "plant", "upgrade", "retrofit", "connect"]
THINGS = ["5G base stations", "charging piles", "kilometres of expressway", "hydropower stations",
          "public buildings", "rural water systems"]


def sentence(rng: random.Random) -> str:
    n = rng.choice([20, 150, 1200, 6000, 20000])
    return (f"{rng.choice(ACTORS)} will {rng.choice(VERBS)} {n:,} {rng.choice(THINGS)} "
            f"by {rng.randint(2024, 2040)}, as well as {rng.choice(VERBS)} the {rng.choice(THINGS)} network.")


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))


def generate(folder: Path, count: int = 100, seed: int = 7) -> None:
    from fpdf import FPDF
    import docx

    rng = random.Random(seed)
    kinds = ["txt", "md", "html", "pdf", "docx"]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        title = f"Plan {i} for green infrastructure"
        paras = [paragraph(rng) for _ in range(rng.randint(3, 8))]
        path = folder / f"doc{i:03d}.{kind}"
        if kind == "txt":
            path.write_text(title + "\nUpdated: 2023-01-15\n\n" + "\n\n".join(paras))
        elif kind == "md":
            path.write_text(f"# {title}\n\n**Date:** March 3, 2023\n\n" + "\n\n".join(f"- {p}" for p in paras))
        elif kind == "html":
            body = "".join(f"<p>{p}</p>" for p in paras)
            path.write_text(f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>")
        elif kind == "pdf":
            pdf = FPDF()
            pdf.set_font("Helvetica", size=11)
            pdf.add_page()
            for p in paras:
                pdf.multi_cell(0, 6, p)
                pdf.ln(4)
            path.write_bytes(bytes(pdf.output()))
        else:
            d = docx.Document()
            d.add_heading(title, level=1)
            for p in paras:
                d.add_paragraph(p)
            buf = io.BytesIO()
            d.save(buf)
            path.write_bytes(buf.getvalue())


def timed_ingest(data: Path, *paths: Path) -> tuple[float, str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "policykb", "--data", str(data), "ingest", "-q", *map(str, paths)],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    return time.perf_counter() - started, out.stdout.strip().splitlines()[0] if out.stdout else out.stderr


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        seconds, summary = timed_ingest(tmp_path / "seed", ROOT / "corpus" / "hechi-green-pilot-zone.txt")
        print(f"seed document:            {seconds:6.1f} s  ({summary})")
        docs = tmp_path / "docs"
        docs.mkdir()
        generate(docs)
        words = sum(len(p.read_bytes()) for p in docs.iterdir()) // 6
        seconds, summary = timed_ingest(tmp_path / "hundred", docs)
        print(f"100 generated documents:  {seconds:6.1f} s  ({summary}); about {words:,} words")


if __name__ == "__main__":
    main()
