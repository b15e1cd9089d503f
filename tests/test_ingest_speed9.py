"""Ingest speed (issue 13), round 9: three CPU cuts in the spaCy pipeline that must not change a parse.

* `line_breaks` reads `Doc.text` once per passage instead of once per capitalised token;
* the rule lemmatizer remembers every answer (spaCy's own cache skips words already in their base
  form), keyed as spaCy keys its cache: word, part of speech, morphology;
* the attribute ruler finds its matches through `AttributeRuleIndex` (the rules a kind of token
  starts, remembered) instead of spaCy's general `Matcher`.

What these tests pin down is behaviour: each cut is installed and gives what the slow path gives,
on invented sentences that reach the unusual rules (two-token rules, regular expressions, space
tokens, dependency-based rules).  No timing is asserted.
"""

from __future__ import annotations

import pytest

from kb.extract.nlp import AttributeRuleIndex, _inline_label, index_attribute_rules, memoise_lemmas

SENTENCES = [
    "The port authority will electrify two cranes by 2029.",
    "It ain't gonna work, y'all.  Let's go!  I don't know; you did it and it was there.",
    "There is a plan.\n\nNothin' here:   the council shall publish   its report.",
    "Reduce fleet emissions. Objective 2 (mt) :: Enforce the new building code by 2030.",
    "Do they have the funds? The ministries had approved it, and we have done so.",
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from kb.config import Settings
    from kb.extract.nlp import load_nlp

    return load_nlp(Settings())


@pytest.mark.integration
def test_the_loaded_pipeline_has_both_shortcuts_installed(nlp) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(nlp.get_pipe("attribute_ruler").match, AttributeRuleIndex)
    assert getattr(nlp.get_pipe("lemmatizer").lemmatize, "memoised", False) is True


@pytest.mark.integration
def test_installing_twice_changes_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    ruler_match = nlp.get_pipe("attribute_ruler").match
    lemmatize = nlp.get_pipe("lemmatizer").lemmatize
    index_attribute_rules(nlp)
    memoise_lemmas(nlp)
    assert nlp.get_pipe("attribute_ruler").match is ruler_match
    assert nlp.get_pipe("lemmatizer").lemmatize is lemmatize


@pytest.mark.integration
def test_the_rule_index_finds_exactly_the_matchers_matches(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.pipeline import AttributeRuler

    ruler = nlp.get_pipe("attribute_ruler")
    # the Doc as the ruler sees it: tagged and parsed, not yet ruled
    with nlp.select_pipes(enable=["tok2vec", "tagger", "policykb_line_breaks", "parser"]):
        docs = list(nlp.pipe(SENTENCES))
    two_token_rules = 0
    for doc in docs:
        expected = AttributeRuler.match(ruler, doc)
        assert ruler.match(doc) == expected, doc.text
        two_token_rules += sum(1 for _, _, start, end in expected if end - start > 1)
    assert two_token_rules >= 3        # "gon na", "Let 's", "There is" reached the rules of two tokens


@pytest.mark.integration
def test_annotations_are_the_same_with_the_spacy_matcher_and_lemmatizer(nlp) -> None:  # type: ignore[no-untyped-def]
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    fast = (ruler.match, lemmatizer.lemmatize)
    attrs = [TAG, POS, MORPH, LEMMA, DEP]
    with nlp.select_pipes(disable=["policykb_commitments"]):
        got = [doc.to_array(attrs).tolist() for doc in nlp.pipe(SENTENCES)]
        ruler.match = ruler.__class__.match.__get__(ruler)            # spaCy's Matcher
        lemmatizer.lemmatize = lemmatizer.rule_lemmatize                # spaCy's own cache only
        try:
            slow = [doc.to_array(attrs).tolist() for doc in nlp.pipe(SENTENCES)]
        finally:
            ruler.match, lemmatizer.lemmatize = fast
    assert got == slow


@pytest.mark.integration
def test_a_base_form_is_lemmatised_once_and_remembered(nlp) -> None:  # type: ignore[no-untyped-def]
    lemmatizer = nlp.get_pipe("lemmatizer")
    installed = lemmatizer.lemmatize
    calls = []

    def counting(token):  # type: ignore[no-untyped-def]
        calls.append(token.text)
        return lemmatizer.rule_lemmatize(token)

    lemmatizer.lemmatize = counting     # a fresh memo around a rule that counts its calls
    try:
        memoise_lemmas(nlp)
        with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]):
            lemmas = [t.lemma_ for t in nlp("The harbour plan lists a harbour plan.")]
    finally:
        lemmatizer.lemmatize = installed
    assert lemmas[1:3] == lemmas[5:7] == ["harbour", "plan"]
    # singular nouns are base forms, which spaCy's own cache never keeps: the memo asks the rule once
    assert calls.count("harbour") == 1 and calls.count("plan") == 1


def test_a_ruler_with_a_predicate_the_index_does_not_know_keeps_spacys_matcher() -> None:
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": 3}]], {"POS": "NOUN"})          # a length, not a tag, word or dependency
    assert AttributeRuleIndex(ruler).supports is False
    index_attribute_rules(blank)
    assert not isinstance(ruler.match, AttributeRuleIndex)


def test_a_ruler_of_tags_and_words_gets_the_index_and_the_same_matches() -> None:
    import spacy
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    ruler.add([[{"LOWER": {"IN": ["shall", "will"]}}]], {"POS": "AUX"})
    ruler.add([[{"LOWER": "by"}, {"TAG": "CD"}]], {"LEMMA": "by-year"}, index=0)
    ruler.add([[{"LOWER": {"REGEX": "^publish"}, "TAG": {"NOT_IN": ["NN"]}}]], {"LEMMA": "publish"})
    index_attribute_rules(blank)
    assert isinstance(ruler.match, AttributeRuleIndex)
    words = ["The", "council", "shall", "publish", "the", "publishing", "plan", "by", "2030", "."]
    tags = ["DT", "NN", "MD", "VB", "DT", "NN", "NN", "IN", "CD", "."]
    doc = Doc(blank.vocab, words=words, tags=tags)
    found = ruler.match(doc)
    assert found == AttributeRuler.match(ruler, doc)
    assert [(rule, start, end) for rule, _, start, end in found] == [
        (0, 1, 2), (0, 5, 6), (0, 6, 7), (1, 2, 3), (2, 7, 9), (3, 3, 4)]


@pytest.mark.integration
def test_the_line_break_rule_reads_the_same_label_with_the_text_handed_in(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Cut paper use. Action Item B (st) :: Replace the lights with LEDs by 2026."
    with nlp.select_pipes(enable=["tok2vec", "tagger", "policykb_line_breaks", "parser"]):
        doc = nlp(text)
    labels = [i for i in range(1, len(doc)) if _inline_label(doc, i)]
    assert labels == [i for i in range(1, len(doc)) if _inline_label(doc, i, doc.text)]
    assert [doc[i].text for i in labels] == ["Action"]
    assert doc[labels[0]].is_sent_start


# -- the ONNX export without the attention's NaN guards ---------------------------------------------------

def _guarded_attention(path, guard_is_output: bool = False):  # type: ignore[no-untyped-def]
    """A small graph shaped like torch's exported attention: scores -> Softmax -> Where(IsNaN(p), 0, p) -> MatMul,
    and one more Where that is no NaN guard (a mask turned into a bias)."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes = [
        helper.make_node("Where", ["mask", "zero", "minus_inf"], ["bias"], name="mask_bias"),
        helper.make_node("Add", ["scores", "bias"], ["masked"]),
        helper.make_node("Softmax", ["masked"], ["p"], axis=-1),
        helper.make_node("IsNaN", ["p"], ["p_nan"]),
        helper.make_node("Where", ["p_nan", "guard_zero", "p"], ["p_safe"], name="guard"),
        helper.make_node("MatMul", ["p_safe", "values"], ["out"]),
    ]
    inits = [numpy_helper.from_array(np.array(v, dtype=np.float32), name) for name, v in
             (("zero", 0.0), ("minus_inf", -1e9), ("guard_zero", 0.0), ("values", np.eye(3)))]
    outputs = [helper.make_tensor_value_info("out", TensorProto.FLOAT, [2, 3])]
    if guard_is_output:
        outputs.append(helper.make_tensor_value_info("p_safe", TensorProto.FLOAT, [2, 3]))
    graph = helper.make_graph(nodes, "attention", [
        helper.make_tensor_value_info("scores", TensorProto.FLOAT, [2, 3]),
        helper.make_tensor_value_info("mask", TensorProto.BOOL, [2, 3])], outputs, inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    return path


def test_the_nan_guard_is_taken_out_and_the_softmax_feeds_its_reader(tmp_path) -> None:
    import onnx

    from indexer.onnx_model import _drop_nan_guards

    path = _guarded_attention(tmp_path / "a.onnx")
    assert _drop_nan_guards(path) == 1
    graph = onnx.load(str(path)).graph
    assert [n.op_type for n in graph.node] == ["Where", "Add", "Softmax", "MatMul"]   # the mask's Where stays
    assert list(graph.node[-1].input) == ["p", "values"]
    assert "guard_zero" not in {i.name for i in graph.initializer}
    onnx.checker.check_model(onnx.load(str(path)))


def test_a_guard_whose_output_leaves_the_graph_is_kept(tmp_path) -> None:
    import onnx

    from indexer.onnx_model import _drop_nan_guards

    path = _guarded_attention(tmp_path / "b.onnx", guard_is_output=True)
    before = path.read_bytes()
    assert _drop_nan_guards(path) == 0
    assert path.read_bytes() == before
    assert "IsNaN" in [n.op_type for n in onnx.load(str(path)).graph.node]


def test_a_guard_over_something_else_than_a_softmax_is_kept(tmp_path) -> None:
    import onnx

    from indexer.onnx_model import _drop_nan_guards

    path = _guarded_attention(tmp_path / "c.onnx")
    model = onnx.load(str(path))
    softmax = next(n for n in model.graph.node if n.op_type == "Softmax")
    softmax.op_type = "Relu"           # the guarded tensor may now hold a NaN
    del softmax.attribute[:]
    onnx.save(model, str(path))
    assert _drop_nan_guards(path) == 0
    assert "IsNaN" in [n.op_type for n in onnx.load(str(path)).graph.node]


def test_the_file_names_carry_the_export_recipe(tmp_path) -> None:
    from indexer.onnx_model import EXPORT, QUANTISATION, onnx_path

    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    assert onnx_path(tmp_path, model, "fp32").name.endswith(f"-{EXPORT}-fp32.onnx")
    assert onnx_path(tmp_path, model, "int8").name.endswith(f"-{EXPORT}-{QUANTISATION}-int8.onnx")


@pytest.mark.integration
def test_without_the_guard_the_attention_computes_the_same_numbers(tmp_path) -> None:
    import numpy as np
    import onnxruntime

    from indexer.onnx_model import _drop_nan_guards

    scores = np.array([[0.5, 2.0, -1.0], [1.0, 1.0, 3.0]], dtype=np.float32)
    mask = np.array([[True, False, True], [True, True, False]])   # every row keeps a key, as [CLS] is always kept
    outputs = []
    for name, drop in (("with.onnx", False), ("without.onnx", True)):
        path = _guarded_attention(tmp_path / name)
        if drop:
            assert _drop_nan_guards(path) == 1
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        outputs.append(session.run(None, {"scores": scores, "mask": mask})[0])
    assert np.array_equal(outputs[0], outputs[1])
