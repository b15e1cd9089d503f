"""The pipeline `load_nlp` builds on NumPy's BLAS parses exactly as spaCy's default (BLIS) build does.

Issue 13 (speed only): `kb.extract.nlp.numpy_blas` builds spaCy's models with thinc's NumPy
ops told not to use BLIS, so their matrix products run on NumPy's OpenBLAS.  The two
libraries add the same products in a different order, so the scores may differ in the
last bits of a float; what must not change is the analysis.  These tests compare the
heads, dependency labels, tags and entities of invented passages parsed by the pipeline
`load_nlp` returns with those of the same model loaded by plain `spacy.load` (BLIS).
"""

from __future__ import annotations

import pytest
import spacy
from thinc.api import NumpyOps

from kb.config import Settings
from kb.extract.nlp import _installed, load_nlp

pytestmark = pytest.mark.integration

PASSAGES = [
    "Within 90 days the Harbour Commissioner shall deliver to the Governor a study of ferry reliability.",
    "By the end of 2027, the city of Riverton will install 400 charging stations along Route 9 "
    "and cut the energy use of its public buildings by 20 percent.",
    "Each county clerk shall, where the budget allows, revisit the permits "
    "granted under the Clean Water Act and propose revisions by June 30, 2026.",
]


def _analysis(doc):  # type: ignore[no-untyped-def]
    """What extraction reads from a parse: each token's head, label and tag, and the entities."""
    tokens = [(t.i, t.head.i, t.dep_, t.tag_) for t in doc]
    entities = [(e.start, e.end, e.label_) for e in doc.ents]
    return tokens, entities


@pytest.fixture(scope="module")
def pipelines():  # type: ignore[no-untyped-def]
    settings = Settings()
    name = next((n for n in settings.spacy_models if _installed(n)), None)
    if name is None:
        pytest.skip("no spaCy pipeline installed")
    return load_nlp(settings), spacy.load(name)


def test_the_loaded_pipeline_runs_its_trained_pipes_without_blis_and_the_default_build_with_it(pipelines) -> None:
    ours, default = pipelines
    for name in ("tok2vec", "parser", "ner"):
        assert isinstance(ours.get_pipe(name).model.ops, NumpyOps)
        assert ours.get_pipe(name).model.ops.use_blis is False, name
        assert default.get_pipe(name).model.ops.use_blis is True, name


@pytest.mark.parametrize("text", PASSAGES)
def test_an_invented_passage_gets_the_same_heads_labels_tags_and_entities_either_way(pipelines, text: str) -> None:
    ours, default = pipelines
    ours_doc = ours(text)
    default_doc = default(text)
    assert [t.text for t in ours_doc] == [t.text for t in default_doc]
    assert _analysis(ours_doc) == _analysis(default_doc)


def test_a_batch_through_pipe_gets_the_same_analyses_either_way(pipelines) -> None:
    """The parser and NER advance the passages of a batch together; the batch sees the same parses."""
    ours, default = pipelines
    with ours.select_pipes(disable=["policykb_commitments", "policykb_line_breaks"]):
        ours_docs = list(ours.pipe(PASSAGES, batch_size=8))
    default_docs = list(default.pipe(PASSAGES, batch_size=8))
    assert [_analysis(d) for d in ours_docs] == [_analysis(d) for d in default_docs]
    assert any(d.ents for d in ours_docs)
