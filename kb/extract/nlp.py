"""Loading the spaCy pipeline once, with PolicyKB's tokenizer rules and components.

Tokenizer: "5G", "4G", "PM2.5" ... stay single tokens (spaCy's English suffix
rules would split "5G" into "5" + "G", a number and a unit).  A line-break rule
marks a new sentence where a line ends without punctuation and the next begins
with a capital or a list marker (headings glued to a paragraph, list lines), and
where a PDF's text extraction ran list lines into one: at a bullet glyph or a
spaced hyphen before a capitalised verb, and at a plan's action label
("... baseline data. Action Item A (st) :: Ensure X").
"""

from __future__ import annotations

import importlib.util
import logging
from contextlib import contextmanager
from typing import Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from kb.config import Settings
from kb.extract.lexicon import INLINE_ACTION_LABEL, LINE_CONTINUES_AFTER, SPECIAL_TOKENS
from kb.tables import LIST_LINE_STARTS

log = logging.getLogger(__name__)


def add_tokenizer_rules(nlp: Language) -> Language:
    """Teach the tokenizer PolicyKB's special tokens (idempotent)."""
    for text in SPECIAL_TOKENS:
        nlp.tokenizer.add_special_case(text, [{"ORTH": text}])
        nlp.tokenizer.add_special_case(text.lower(), [{"ORTH": text.lower()}])
    # "24/7" and "PM2.5-related": keep infixes from cutting inside these names
    infixes = [p for p in nlp.Defaults.infixes]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


@Language.component("policykb_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break that ends a heading or begins a list line.

    Runs before the parser, which respects the boundaries it is given.
    """
    for i in range(1, len(doc)):
        prev, tok = doc[i - 1], doc[i]
        if _inline_bullet(doc, i) or _inline_label(doc, i):
            # "... with LEDs > Create a plan ...", "... data. Action Item A (st) :: Ensure X":
            # PDF list lines run together
            tok.is_sent_start = True
            continue
        if "\n" not in prev.whitespace_ and not (prev.is_space and "\n" in prev.text):
            continue
        last = prev
        j = i - 1
        while j > 0 and doc[j].is_space:
            j -= 1
        last = doc[j]
        if last.text in LINE_CONTINUES_AFTER:
            continue
        if tok.is_space:
            continue
        if tok.text[:1].isupper() or tok.text[:1] in LIST_LINE_STARTS or tok.like_num:
            tok.is_sent_start = True
    return doc


# A bullet glyph: a PDF's symbol-font bullets land in the private use area (U+F000-U+F0FF);
# ">" and "➢" mark list lines in some plans.
_BULLETS = frozenset("•▪◦●■➢>") | frozenset(chr(c) for c in range(0xF000, 0xF100))


def _inline_bullet(doc: Doc, i: int) -> bool:
    """Token `i` is a bullet between two list lines that text extraction ran together on one
    line: a lone glyph after a word and before a capitalised word ("Replace lights with LEDs >
    Create a plan", "Recycled paper \uf0a7 Paperless meetings"), or a spaced hyphen before a
    capitalised verb ("... until 2030 - Tapping the hydroelectric potential - Enhancing X")."""
    tok = doc[i]
    if len(tok.text) != 1 or i + 1 >= len(doc) or not tok.whitespace_:
        return False
    prev, nxt = doc[i - 1], doc[i + 1]
    if not prev.whitespace_ or prev.is_space or not nxt.text[:1].isupper():
        return False
    if tok.text == "-":
        return nxt.tag_ in ("VB", "VBG") and nxt.is_alpha
    return tok.text in _BULLETS


def _inline_label(doc: Doc, i: int) -> bool:
    """Token `i` opens a plan's action label inside a line ("Objective 2 (mt) :: Enforce X")."""
    tok = doc[i]
    return tok.text[:1].isupper() and not doc[i - 1].is_space \
        and INLINE_ACTION_LABEL.match(doc.text, tok.idx) is not None


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


@contextmanager
def numpy_blas() -> Iterator[None]:
    """Models loaded inside do their matrix products with NumPy's BLAS (OpenBLAS) instead of BLIS.

    Why (issue 13, speed only): BLIS picks its kernels by CPU model and falls back to slow generic
    ones on a CPU it does not know (AMD Zen 5: 3-5x slower than OpenBLAS on spaCy's matrices), and
    the tok2vec and NER layers are mostly matrix products.  The parses do not change: extraction of
    the dev, labelled and executive-order documents is identical either way."""
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    previous = get_current_ops()
    set_current_ops(NumpyOps(use_blis=False))
    try:
        yield
    finally:
        set_current_ops(previous)


def load_nlp(settings: Settings | None = None) -> Language:
    """The first installed pipeline of `settings.spacy_models`, ready for extraction."""
    settings = settings or Settings()
    errors = []
    for name in settings.spacy_models:
        if not _installed(name):
            errors.append(f"{name}: not installed")
            continue
        try:
            with numpy_blas():
                nlp = spacy.load(name)
        except (OSError, ImportError) as exc:  # pragma: no cover - broken install
            errors.append(f"{name}: {exc}")
            continue
        return prepare(nlp)
    raise RuntimeError("no spaCy pipeline available: " + "; ".join(errors))


def prepare(nlp: Language) -> Language:
    """Add the tokenizer rules, the line-break rule and the commitment component."""
    from kb.extract import component  # noqa: F401  (registers the factory)

    if "parser" not in nlp.pipe_names:
        raise ValueError(f"spaCy pipeline {nlp.meta.get('name', '?')!r} has no dependency parser; "
                         "commitment extraction needs one (install en_core_web_sm)")

    add_tokenizer_rules(nlp)
    if "policykb_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("policykb_line_breaks", before="parser")
    if "policykb_commitments" not in nlp.pipe_names:
        nlp.add_pipe("policykb_commitments", last=True)
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp
