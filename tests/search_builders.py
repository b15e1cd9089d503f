"""Tiny knowledge bases for the search tests, written straight into a Store (no parser, no extractor).

A test helper, so it lives under tests/ rather than inside the shipped `indexer` package.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kb.config import load_settings
from kb.models import Commitment, Deadline, ParsedDocument, Passage, Quantity
from kb.store import Store


def make_doc(name: str, title: str, paragraphs: list[str], commitments: list[dict] | None = None,
             list_parent: dict[int, int] | None = None) -> tuple[ParsedDocument, list[Commitment]]:
    """A document whose text is the title and the paragraphs; commitments name their sentence by text."""
    text = title + "\n\n"
    passages = [Passage(0, "heading", title, 0, len(title))]
    for i, para in enumerate(paragraphs, start=1):
        start = len(text)
        text += para + "\n\n"
        kind = "list_item" if list_parent and i in list_parent else "paragraph"
        parent = list_parent.get(i) if list_parent else None
        passages.append(Passage(i, kind, para, start, start + len(para), section=title, parent_index=parent))
    comms = []
    for c in commitments or []:
        sentence = c["sentence"]
        start = text.index(sentence)
        pidx = next(p.index for p in passages if p.start <= start < p.end)
        year = c.get("year")
        comms.append(Commitment(
            actor=c.get("actor", "Someone"), actor_text=c.get("actor_text", c.get("actor", "")),
            action=c.get("action", "do"), target=c.get("target", ""), sentence=sentence,
            sentence_start=start, sentence_end=start + len(sentence), passage_index=pidx,
            deadline=Deadline(f"by {year}", f"{year}-12-31") if year else None,
            quantity=Quantity(c["quantity"], "percent", f"{c['quantity']} percent") if c.get("quantity") else None,
            strength=c.get("strength", "binding"), sector=c.get("sector"), extractor_version="test",
        ))
    parsed = ParsedDocument(
        source_name=name, sha256=hashlib.sha256(text.encode()).hexdigest(), media_type="text/plain",
        title=title, published=None, text=text, passages=tuple(passages), size=len(text),
    )
    return parsed, comms


ALBANIA = make_doc(
    "ndc-alb.txt", "Albania: climate pledge",
    ["Under its pledge the country commits to reduce CO2 emissions by 11.5 percent against business as usual "
     "by 2030.",
     "The cut equals about 700 kilotonnes of carbon dioxide in 2030."],
    [{"sentence": "Under its pledge the country commits to reduce CO2 emissions by 11.5 percent against business "
                  "as usual by 2030.",
      "actor": "Albania", "actor_text": "the country", "action": "reduce", "target": "CO2 emissions", "year": 2030,
      "quantity": 11.5, "sector": "energy"}],
)

HECHI = make_doc(
    "hechi.txt", "Hechi to build green development pilot zone",
    ["Hechi will accelerate the construction of a clean, low-carbon energy system. "
     "In addition, the city aims to build 6,000 5G base stations by 2025.",
     "The city will speed up the construction of high-speed railway stations.",
     "An aerial view of Hechi at dusk over the river."],
    [{"sentence": "Hechi will accelerate the construction of a clean, low-carbon energy system.",
      "actor": "Hechi", "action": "accelerate", "target": "a clean, low-carbon energy system", "sector": "energy"},
     {"sentence": "In addition, the city aims to build 6,000 5G base stations by 2025.",
      "actor": "Hechi", "action": "build", "target": "6,000 5G base stations", "year": 2025,
      "strength": "aspirational", "sector": "digital", "quantity": 6000},
     {"sentence": "The city will speed up the construction of high-speed railway stations.",
      "actor": "Hechi", "action": "speed up", "target": "the construction of high-speed railway stations",
      "sector": "transport"}],
)

FLEET = make_doc(
    "eo-fleet.md", "Federal fleet order",
    ["Each agency shall acquire only zero-emission light-duty vehicles by 2027.",
     "Agencies shall divert at least 50 percent of construction waste from landfills by 2030.",
     "The Secretary of Energy shall provide technical support to agencies."],
    [{"sentence": "Each agency shall acquire only zero-emission light-duty vehicles by 2027.",
      "actor": "Each agency", "action": "acquire", "target": "zero-emission light-duty vehicles", "year": 2027,
      "sector": "transport"},
     {"sentence": "Agencies shall divert at least 50 percent of construction waste from landfills by 2030.",
      "actor": "Each agency", "action": "divert", "target": "construction waste", "year": 2030,
      "quantity": 50, "sector": "waste"},
     {"sentence": "The Secretary of Energy shall provide technical support to agencies.",
      "actor": "Secretary of Energy", "action": "provide", "target": "technical support"}],
)

ALL_DOCS = (ALBANIA, HECHI, FLEET)


def new_store(tmp_path: Path, docs=ALL_DOCS, **overrides) -> tuple:  # type: ignore[no-untyped-def]
    settings = load_settings(data_dir=tmp_path / "data", **overrides)
    store = Store(settings.db_path)
    ids = [store.add_document(parsed, comms, "test") for parsed, comms in docs]
    return settings, store, ids
