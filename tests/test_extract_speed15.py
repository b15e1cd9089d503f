"""Extraction speed (issue 13), round 15: CPU cuts that must not change a single record.

* `_text_problem` answers most passages from counts made in C (a lower bound on the Latin letters);
* `line_breaks` reads each token's words once (`_bullet_at` is the former `doc[i]` bullet test over those lists);
* `opening_label_end` and `sentence_spans` cut a sentence's text from the Doc's text joined once;
* the confidence features find a sentence's and a target's tokens by bisection (`_tokens_between`),
  read a sentence's characters once (`_sentence_text_features`), build the model's matrix in one call,
  and leave out the `tensor_` features when the models read none (`RecordScorer.read_names`).

Each test compares the new path with what the old code computed (kept here as the reference), on
invented sentences that reach the unusual cases.  No timing is asserted.
"""

from __future__ import annotations

import numpy as np
import pytest

from kb.extract import _text_problem
from kb.extract.features import _sentence_text_features, _tokens_between, feature_matrix


# -- the old code, as the reference ----------------------------------------------------------------

def _text_problem_before(text: str) -> str | None:
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 20:
        return None
    latin = sum(1 for c in chars if "a" <= c.lower() <= "z")
    if latin / len(chars) >= 0.25:
        return None
    digits = sum(1 for c in chars if c.isdigit())
    if digits / len(chars) > 0.5:
        return "numbers only, no English text"
    if sum(1 for c in chars if ord(c) > 0x2E7F) / len(chars) > 0.5:
        return "non-Latin script, not English text"
    return "little English text"


PASSAGES = [
    "",
    "   \n\t  ",
    "Short line.",
    "The harbour board will dredge the channel by 2028.",
    "12 345 678 910 111 213 141 516 171 819 202 122",
    "2021 2022 2023 2024 2025 2026 2027 2028 total 99 88 77 66",
    "市政府将在2030年前建成五十座充电站并推广新能源公交车辆的使用",
    "Москва планирует построить новые станции метро к 2030 году и далее",
    "ΚΚΚΚΚΚΚΚΚΚΚΚΚΚΚΚΚΚΚΚΚΚ",                                # Greek capitals: not Latin
    "\u212a\u212a\u212a\u212a\u212a\u212a\u212a\u212a 99999999999999999999",   # Kelvin signs lower to "k"
    "İİİİİİİ 1234567890123456789012345 ---- ++++",           # dotted capital I lowers to two characters
    "a\u00a0b\u2003c\u3000d\u2028e\u0085f 1234567890123456789 ############",   # odd whitespace
    "—— •• ▪▪ ●● ■■ ➢➢ ;; :: ,, .. !! ?? %% $$ && ** ((( )))",
    "Tabelle: Ökologische Maßnahmen für Überschwemmungsgebiete 2030",
    "x" * 3 + "7" * 40 + "ä" * 5,
]


@pytest.mark.parametrize("text", PASSAGES)
def test_text_problem_answers_as_before(text: str) -> None:
    assert _text_problem(text) == _text_problem_before(text)


SENTENCES = [
    "",
    "The Harbour Commissioner shall deliver a short memo within 45 days.",
    "See 42 U.S.C. 7401 et seq.; 3 CFR 2021 Comp., p. 1, sec. 2(b)(iii).",
    "Strategy 8F. Reduce planBetter emissions \uf0a7 at the H2O plant \u00ad by 2030 (phase 2).",
    "“Ministers said” the ﬁrst stage — 50 % — is done; ½ of ² remains ³.",
    "a b c d e 1st 2nd 3rd 10th 1990s A1 b2 MIXED9 x",
]


def _sentence_text_before(sentence: str) -> dict[str, float]:
    from kb.extract.features import BOILERPLATE, REPORTED, _garbled

    words = sentence.split()
    return {
        "sentence_garbage": (sum(_garbled(w.strip(".,;:()[]\"'")) for w in words) / len(words)) if words else 0.0,
        "sentence_nonascii": (sum(ord(ch) > 127 for ch in sentence) / len(sentence)) if sentence else 0.0,
        "sentence_reported": float(bool(REPORTED.search(sentence))),
        "sentence_boilerplate": float(bool(BOILERPLATE.search(sentence))),
        "sentence_digits_share": (sum(ch.isdigit() for ch in sentence) / len(sentence)) if sentence else 0.0,
        "sentence_parens": float(min(sentence.count("("), 3)),
    }


@pytest.mark.parametrize("sentence", SENTENCES)
def test_sentence_text_features_are_the_old_ones(sentence: str) -> None:
    got = dict(_sentence_text_features(sentence))
    assert got == _sentence_text_features_again(sentence) == _sentence_text_before(sentence)


def _sentence_text_features_again(sentence: str) -> dict[str, float]:
    return dict(_sentence_text_features(sentence))     # the remembered answer is the same


@pytest.mark.parametrize("rows,names", [
    ([], ("a", "b")),
    ([{"a": 1.0}], ("a", "b")),
    ([{"a": 1.0, "b": 0.25, "c": 9.0}, {"b": True, "a": 3}], ("b", "a")),
    ([{"x": 1e-300}, {"x": -2.5}], ("x",)),
    ([{"a": 1.0}], ()),
])
def test_feature_matrix_is_the_cell_by_cell_one(rows, names) -> None:  # type: ignore[no-untyped-def]
    before = np.zeros((len(rows), len(names)), dtype=np.float64)
    for i, row in enumerate(rows):
        for j, name in enumerate(names):
            before[i, j] = row.get(name, 0.0)
    got = feature_matrix(rows, names)
    assert got.dtype == before.dtype and got.shape == before.shape and np.array_equal(got, before)


# -- with the real spaCy pipeline ----------------------------------------------------------------

TEXTS = [
    "The port authority will electrify two cranes by 2029.  The council shall publish its report.",
    "Replace lights with LEDs > Create a plan for the depot • Recycled paper \uf0a7 Paperless meetings",
    "Reduce fleet emissions until 2030 - Tapping the hydroelectric potential - Enhancing grid links",
    "Baseline data. Action Item A (st) :: Ensure the fleet is electric. Objective 2 (mt) :: Enforce the code",
    "Section 1. Purpose\nThe Secretary shall act.\n\n(a) Agencies shall report;\n  (b) the Board will\nreview it\n2. Next",
    "Energy efficiency and\nrenewable heat.\nPlans:\n- Build 40 stations\n- Upgrade the grid -\nFinally done",
    "   \n\n  Leading spaces  \n\n\n",
]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from kb.extract.nlp import load_nlp

    return load_nlp()


def _inline_bullet(doc, i: int) -> bool:  # type: ignore[no-untyped-def]
    """The bullet test as it read `doc[i]` before round 15: the reference that `_bullet_at` must equal."""
    from kb.extract.nlp import _BULLETS

    tok = doc[i]
    if len(tok.text) != 1 or i + 1 >= len(doc) or not tok.whitespace_:
        return False
    prev, nxt = doc[i - 1], doc[i + 1]
    if not prev.whitespace_ or prev.is_space or not nxt.text[:1].isupper():
        return False
    if tok.text == "-":
        return nxt.tag_ in ("VB", "VBG") and nxt.is_alpha
    return tok.text in _BULLETS


def _line_breaks_before(doc):  # type: ignore[no-untyped-def]
    from kb.extract.lexicon import LINE_CONTINUES_AFTER
    from kb.extract.nlp import _inline_label
    from kb.tables import LIST_LINE_STARTS

    text = doc.text
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        if _inline_bullet(doc, i) or _inline_label(doc, i, text):
            tok.is_sent_start = True
            continue
        if "\n" not in prev.whitespace_ and not (prev.is_space and "\n" in prev.text):
            continue
        j = i - 1
        while j > 0 and doc[j].is_space:
            j -= 1
        if doc[j].text in LINE_CONTINUES_AFTER:
            continue
        if tok.is_space:
            continue
        if tok.text[:1].isupper() or tok.text[:1] in LIST_LINE_STARTS or tok.like_num:
            tok.is_sent_start = True
    return doc


@pytest.mark.integration
@pytest.mark.parametrize("text", TEXTS)
def test_line_breaks_mark_the_same_sentence_starts(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from kb.extract.nlp import _bullet_at, line_breaks

    with nlp.select_pipes(enable=["tok2vec", "tagger"]):
        new, old = nlp(text), nlp(text)
    line_breaks(new)
    _line_breaks_before(old)
    assert [t.is_sent_start for t in new] == [t.is_sent_start for t in old]
    toks = list(new)
    words, spaces, is_space = [t.text for t in toks], [t.whitespace_ for t in toks], [t.is_space for t in toks]
    assert [_bullet_at(toks, words, spaces, is_space, i) for i in range(1, len(toks))] == \
        [_inline_bullet(new, i) for i in range(1, len(toks))]


@pytest.mark.integration
@pytest.mark.parametrize("text", TEXTS)
def test_sentence_text_cut_from_the_doc_text_is_span_text(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    from kb.extract.syntax import ACTION_LABEL, INLINE_ACTION_LABEL, doc_text, opening_label_end

    doc = nlp(text)
    for sent in doc.sents:
        assert doc_text(doc)[sent.start_char:sent.end_char] == sent.text
        t = sent.text
        m = ACTION_LABEL.match(t) or INLINE_ACTION_LABEL.match(t, len(t) - len(t.lstrip()))
        assert opening_label_end(sent) == (sent.start_char + m.end() if m else None)


@pytest.mark.integration
@pytest.mark.parametrize("text", TEXTS)
def test_tokens_between_are_the_scanned_tokens(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    n = len(doc.text)
    bounds = [(s, e) for s in range(-2, n + 3, 3) for e in range(s - 1, n + 4, 5)]
    cache: dict = {}
    for s, e in bounds:
        want = [t.i for t in doc if s <= t.idx < e and not t.is_space]
        assert [t.i for t in _tokens_between(doc, s, e)] == want
        assert [t.i for t in _tokens_between(doc, s, e, cache)] == want


DOCUMENT = """Harbour Climate Plan

The Harbour Board will install 2,500 public charging points by 2027, and the Department of Water
shall replace 120 kilometres of lead pipes by 2030.

The Secretary of Transport, the Secretary of Energy and the Administrator shall each submit a report
within 90 days; the Board will review it.

The Parks Board will:
(a) plant 50,000 street trees by 2029;
(b) restore the wetlands along the Silver River.
"""


@pytest.mark.integration
def test_scorer_rows_of_what_the_models_read_give_the_same_confidences(nlp) -> None:  # type: ignore[no-untyped-def]
    """Rows without the features no model reads give the same records and confidences as full rows."""
    from kb.extract import Extractor
    from kb.extract.confidence import RecordScorer, default_scorer
    from kb.extract.features import FEATURE_NAMES
    from tests.textdoc import document_from_text

    rows_seen = []

    class Collect:
        def __call__(self, parsed, parts, commitments):  # type: ignore[no-untyped-def]
            rows_seen.append((parsed, parts, list(commitments)))
            return list(commitments)

    Extractor(nlp=nlp, scorer=Collect()).extract(document_from_text(DOCUMENT))
    parsed, parts, rules = rows_seen[0]
    assert len(rules) >= 4
    shipped = default_scorer()
    names = shipped.read_names()
    full = RecordScorer.rows(parsed, parts, rules)
    lean = RecordScorer.rows(parsed, parts, rules, names=names)
    assert all(set(r) >= set(FEATURE_NAMES) for r in full)
    if not any(n.startswith("tensor_") for n in names):
        assert not any(k.startswith("tensor_") for r in lean for k in r)
    # every feature a model reads is the same in both rows
    assert [{k: r[k] for k in names if k in r} for r in lean] == [{k: r[k] for k in names if k in r} for r in full]
    assert [(c.target, c.confidence) for c in shipped.apply(rules, lean)] == \
        [(c.target, c.confidence) for c in shipped.apply(rules, full)]
    assert [c.confidence for c in shipped(parsed, parts, rules)] == [c.confidence for c in shipped.apply(rules, full)]


@pytest.mark.integration
def test_attribute_setter_sets_what_spacys_sets(nlp) -> None:  # type: ignore[no-untyped-def]
    from kb.extract.nlp import _AttributeSetter

    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.set_annotations, _AttributeSetter)
    texts = TEXTS + ["It ain't gonna work, y'all.  There is a plan; there are two.  Nothin' here:   done."]
    with nlp.select_pipes(enable=["tok2vec", "tagger", "policykb_line_breaks", "parser"]):
        docs = [(nlp(t), nlp(t)) for t in texts]
    for ours, theirs in docs:
        ruler.set_annotations(ours, ruler.match(ours))
        ruler.set_annotations.original(theirs, ruler.match(theirs))
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.norm_) for t in ours] == \
            [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.norm_) for t in theirs]
