"""spaCy's matrix products run on NumPy's BLAS, not BLIS (issue 13: cheaper parsing, the same parses).

BLIS falls back to generic kernels on CPUs it does not know (AMD Zen 5 here:
3-5x slower than OpenBLAS), so `kb.extract.nlp.load_nlp` builds the models
with thinc's NumPy ops told not to use it.  The parses are the same (checked
on the dev, labelled and executive-order documents when the change was
made); what these tests pin down is that the switch reaches the models and
leaves the caller's ops as they were.
"""

from __future__ import annotations

import pytest
from thinc.api import NumpyOps, get_current_ops, set_current_ops

from kb.config import Settings
from kb.extract.nlp import load_nlp, numpy_blas


def test_models_made_inside_use_numpys_blas_and_the_ops_are_restored_after() -> None:
    before = get_current_ops()
    with numpy_blas():
        inside = get_current_ops()
        assert isinstance(inside, NumpyOps) and inside.use_blis is False
    assert get_current_ops() is before


def test_the_ops_are_restored_when_loading_fails() -> None:
    before = get_current_ops()
    with pytest.raises(OSError):
        with numpy_blas():
            raise OSError("no such model")
    assert get_current_ops() is before
    set_current_ops(before)


@pytest.mark.integration
def test_every_trained_pipe_of_the_loaded_pipeline_skips_blis() -> None:
    nlp = load_nlp(Settings())
    trained = [(name, pipe) for name, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None]
    assert {"tok2vec", "tagger", "parser", "ner"} <= {name for name, _ in trained}
    for name, pipe in trained:
        assert getattr(pipe.model.ops, "use_blis", None) is False, name
    doc = nlp("The port authority will publish its emissions inventory by 2027.")
    assert [t.dep_ for t in doc if t.dep_ == "ROOT"] == ["ROOT"] and doc[0].tag_ == "DT"
