"""Loading the spaCy pipeline once, with PolicyKB's tokenizer rules and components.

Tokenizer: "5G", "4G", "PM2.5" ... stay single tokens (spaCy's English suffix
rules would split "5G" into "5" + "G", a number and a unit).  A line-break rule
marks a new sentence where a line ends without punctuation and the next begins
with a capital or a list marker (headings glued to a paragraph, list lines), and
where a PDF's text extraction ran list lines into one: at a bullet glyph or a
spaced hyphen before a capitalised verb, and at a plan's action label
("... baseline data. Action Item A (st) :: Ensure X").

Speed (issue 13), with the same annotations: the line-break rule reads the
passage's text once; the rule lemmatizer remembers every lemma
(`memoise_lemmas`); the attribute ruler looks its rules up by tag and word
(`AttributeRuleIndex`).  Measured in one process on 16 executive orders,
alternating: 12-14% less extraction CPU; the records of the train,
validation and dev documents and 20 orders are identical.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from contextlib import contextmanager
from typing import Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from kb.config import Settings
from kb.extract.lexicon import FINITE_AUXILIARIES, INLINE_ACTION_LABEL, LINE_CONTINUES_AFTER, SPECIAL_TOKENS
from kb.tables import LIST_LINE_STARTS

log = logging.getLogger(__name__)


# the prefixes whose hyphen the tokenizer leaves inside the word (see `add_tokenizer_rules`)
_PREFIX_KEPT = r"(?<!\b[Cc]o)(?<!\b[Rr]e)(?<!\b[Dd]e)(?<!\b[Pp]re)"


def add_tokenizer_rules(nlp: Language) -> Language:
    """Teach the tokenizer PolicyKB's special tokens (idempotent)."""
    for text in SPECIAL_TOKENS:
        nlp.tokenizer.add_special_case(text, [{"ORTH": text}])
        nlp.tokenizer.add_special_case(text.lower(), [{"ORTH": text.lower()}])
    # "24/7" and "PM2.5-related": keep infixes from cutting inside these names
    infixes = [p for p in nlp.Defaults.infixes]
    # "co-ordinate", "re-design", "pre-register", "de-risk": a verb with a hyphenated prefix is one word.
    # Cut at its hyphen, the tagger read "co" or "re" as the verb and the rest as an adjective of the
    # object (issue 10 round 39: "will co-ordinate activity" gave the action "co"; British and
    # development-bank English writes these prefixes with a hyphen).  Other hyphenated words are cut
    # as the model was trained ("low - carbon").
    infixes = [_PREFIX_KEPT + p if p.startswith("(?<=[") and "(?:-|" in p else p for p in infixes]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


@Language.component("policykb_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break that ends a heading or begins a list line.

    Runs before the parser, which respects the boundaries it is given.
    """
    # read once (issue 13): `Doc.text` joins every token anew on each call, and the label rule reads it at
    # every capitalised token -- quadratic in a passage's length (about 8% of extraction CPU on the orders)
    text = doc.text
    # each token's words read once (issue 13, round 15, speed only): `doc[i]` makes a new Token object and
    # `.text`/`.whitespace_` a new string on every call, and the rules below read each token three to five
    # times.  The same tests as `_inline_label` and the line-break rule, in the same order.
    toks = list(doc)
    words = [t.text for t in toks]
    spaces = [t.whitespace_ for t in toks]
    is_space = [t.is_space for t in toks]
    n = len(toks)
    line_start = 0      # the first token of the current line, or of the last sentence this rule began
    for i in range(1, n):
        tok, word = toks[i], words[i]
        if _bullet_at(toks, words, spaces, is_space, i) \
                or (word[:1].isupper() and not is_space[i - 1] and INLINE_ACTION_LABEL.match(text, tok.idx) is not None) \
                or _after_run_in_heading(toks, words, spaces, is_space, line_start, i):
            # "... with LEDs > Create a plan ...", "... data. Action Item A (st) :: Ensure X":
            # PDF list lines run together; "Centenary fund – The government will create X"
            tok.is_sent_start = True
            line_start = i
            continue
        if "\n" not in spaces[i - 1] and not (is_space[i - 1] and "\n" in words[i - 1]):
            continue
        line_start = i
        j = i - 1
        while j > 0 and is_space[j]:
            j -= 1
        if words[j] in LINE_CONTINUES_AFTER:
            continue
        if is_space[i]:
            continue
        if word[:1].isupper() or word[:1] in LIST_LINE_STARTS or tok.like_num:
            tok.is_sent_start = True
    return doc


def _bullet_at(toks: list, words: list[str], spaces: list[str], is_space: list[bool], i: int) -> bool:
    """Token `i` is a bullet between two list lines that text extraction ran together on one
    line: a lone glyph after a word and before a capitalised word ("Replace lights with LEDs >
    Create a plan", "Recycled paper \uf0a7 Paperless meetings"), or a spaced hyphen before a
    capitalised verb ("... until 2030 - Tapping the hydroelectric potential - Enhancing X").

    Reads the token lists `line_breaks` made once (`words`, `spaces`, `is_space`: each token's
    text, trailing whitespace and is_space), not `doc[i]`, which builds new objects per call."""
    word = words[i]
    if len(word) != 1 or i + 1 >= len(toks) or not spaces[i]:
        return False
    if not spaces[i - 1] or is_space[i - 1]:
        return False
    if word in _ITEM_GLYPHS and words[i + 1][:1].isalpha():
        return True     # a bullet glyph opens an item whatever its first letter ("• delivery of X • review of Y")
    if not words[i + 1][:1].isupper():
        return False
    if word == "-":
        nxt = toks[i + 1]
        return nxt.tag_ in ("VB", "VBG") and nxt.is_alpha
    return word in _BULLETS


def _after_run_in_heading(toks: list, words: list[str], spaces: list[str], is_space: list[bool],
                          line_start: int, i: int) -> bool:
    """Token `i` begins the sentence after a run-in heading: a short title at the start of a line,
    then a spaced dash, then the paragraph's first sentence ("Centenary fund – The government will
    create a £5 million fund", "Solar Survey - Inventory all municipal rooftops", "Priority 2 –
    support government transformation").  Read as one sentence, the title's noun becomes the root
    and the clause after the dash an appendage the rules do not read as a commitment.

    A title has 1-12 words, begins with a capital, and has no past-tense verb, auxiliary, modal,
    pronoun or clause punctuation ("Today, we – Prime Minister X of Y, ..." is an apposition, not
    a title); the word after the dash is a capitalised word or a bare verb.  A present-tense tag
    alone does not count: the tagger reads a title's plural noun as one ("Consumers and markets")."""
    if i < 2 or i - 1 - line_start < 1 or i - 1 - line_start > 12:
        return False
    dash = i - 1
    if words[dash] not in _RUN_IN_DASHES or not spaces[dash] or not spaces[dash - 1]:
        return False
    nxt = toks[i]
    if not nxt.is_alpha or not (words[i][:1].isupper() or nxt.tag_ == "VB") or nxt.tag_ == "TO":
        return False    # "Policy 4 – To reduce X": a plan label and its infinitive, one line (rules-18)
    if not words[line_start][:1].isupper():
        return False
    for j in range(line_start, dash):
        if is_space[j] or words[j] in _CLAUSE_MARKS or toks[j].tag_ in _NOT_IN_TITLES \
                or words[j].lower() in FINITE_AUXILIARIES:
            return False
    return True


_RUN_IN_DASHES = frozenset(("-", "–", "—"))
_CLAUSE_MARKS = frozenset((",", ";", ":", ".", "?", "!", "|"))
# a past-tense verb or a modal makes the words before a dash a clause, a pronoun an apposition's head
# (and `lexicon.FINITE_AUXILIARIES`, whatever their tag)
_NOT_IN_TITLES = frozenset(("VBD", "MD", "PRP", "WDT", "WP"))


# A bullet glyph: a PDF's symbol-font bullets land in the private use area (U+F000-U+F0FF);
# ">" and "➢" mark list lines in some plans.
_BULLETS = frozenset("•▪◦●■➢>") | frozenset(chr(c) for c in range(0xF000, 0xF100))
# Glyphs that are only ever bullets (not ">", which compares, nor "-"): an item opens after one
# even when its first word is in lower case, as the items of a table cell's list often are
_ITEM_GLYPHS = frozenset("•▪◦●■") | frozenset(chr(c) for c in range(0xF000, 0xF100))


def _inline_label(doc: Doc, i: int, text: str | None = None) -> bool:
    """Token `i` opens a plan's action label inside a line ("Objective 2 (mt) :: Enforce X").
    `text`: `doc.text`, when the caller has it already."""
    tok = doc[i]
    return tok.text[:1].isupper() and not doc[i - 1].is_space \
        and INLINE_ACTION_LABEL.match(doc.text if text is None else text, tok.idx) is not None


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
    memoise_lemmas(nlp)
    lemmatise_prefixed_words(nlp)
    index_attribute_rules(nlp)
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


# remembered lemmas and attribute-rule starts, each (about 200 bytes an entry): a long-lived
# process meets ever more words, so a full memo starts again
MEMO_LIMIT = 200_000


def memoise_lemmas(nlp: Language) -> None:
    """Remember every lemma the rule lemmatizer works out, by the key spaCy's own cache uses (idempotent).

    Why (issue 13, speed only): spaCy's rule lemmatizer caches its answer under (word, part of speech,
    morphology) -- except when the word is already its base form (a singular noun, an infinitive, a
    positive adjective: most words), which it re-derives every time from the token's morphology.  The
    answer is a function of that key alone (the word, its part of speech and morphology, and the fixed
    lookup tables), so remembering all of them gives the same lemmas for less CPU."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer.lemmatize, "memoised", False):
        return
    rule = lemmatizer.lemmatize
    memo: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token):  # type: ignore[no-untyped-def]
        key = (token.orth, token.pos, token.morph.key)
        forms = memo.get(key)
        if forms is None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            forms = memo[key] = rule(token)
        return forms

    lemmatize.memoised = True  # type: ignore[attr-defined]
    lemmatizer.lemmatize = lemmatize


# a word with a hyphenated prefix that the tokenizer keeps whole ("re-designing"; `add_tokenizer_rules`)
_PREFIXED_WORD = re.compile(r"(co|re|de|pre)-([a-z]{3,})")


def lemmatise_prefixed_words(nlp: Language) -> None:
    """Lemmatise "re-designing" as "re-design": the prefix, a hyphen and the lemma of the word after it
    (idempotent).  The rule lemmatizer does not know the whole word and guessed "re-designe" from its
    ending; the word after the prefix is one it knows."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer.lemmatize, "prefixed", False):
        return
    inner = lemmatizer.lemmatize

    def lemmatize(token):  # type: ignore[no-untyped-def]
        m = _PREFIXED_WORD.fullmatch(token.lower_)
        if m is None:
            return inner(token)
        word = Doc(token.vocab, words=[m.group(2)], pos=[token.pos_], morphs=[str(token.morph)])[0]
        return [f"{m.group(1)}-{form}" for form in inner(word)]

    lemmatize.prefixed = True  # type: ignore[attr-defined]
    lemmatize.memoised = getattr(inner, "memoised", False)  # type: ignore[attr-defined]
    lemmatizer.lemmatize = lemmatize


class AttributeRuleIndex:
    """The attribute ruler's matches, found by remembering which rules each kind of token starts.

    Why (issue 13, speed only): spaCy's attribute ruler (en_core_web_sm: 179 rules mapping each
    fine tag to its part of speech and morphology, plus word exceptions) runs a general `Matcher` that
    tries every rule at every token.  Whether a rule's first token matches depends only on the token's
    tag, lowercase word, dependency label and whether it is space, so the rules a token starts are
    worked out once per such combination, among the rules that name its tag or its word and the few
    that name neither, and remembered; only the few rules of two tokens ("gon na", "there is") look
    further.  Measured: the matches 8x faster than spaCy's matcher, the same lists.  It returns what `AttributeRuler.match` returns -- (rule, rule key,
    start, end), sorted -- and the ruler sets the attributes as before, so the annotations are the
    same.  `supports` says whether every rule is made of the predicates this index understands; if
    not, the ruler keeps its own matcher.
    """

    ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")

    def __init__(self, ruler):  # type: ignore[no-untyped-def]
        from spacy.strings import get_string_id

        self.ruler = ruler
        self._id = get_string_id
        self.rules: list[tuple[int, int, list]] = []     # (rule number, rule key, one check list per token)
        # the rules whose first token names a tag, or a word, by that tag or word; the others
        self._by_tag: dict[int, list] = {}
        self._by_word: dict[int, list] = {}
        self._anywhere: list = []
        self._starts: dict[tuple, tuple] = {}            # a token's attributes -> the rules that can start there
        self.supports = True
        for k, rule in enumerate(ruler.patterns):
            key = ruler.vocab.strings[str(k)]
            for pattern in rule["patterns"]:
                steps = [self._compile(token) for token in pattern]
                if not steps or any(step is None for step in steps):
                    self.supports = False
                    return
                self.rules.append((k, key, steps))
                first = pattern[0]
                if isinstance(first.get("TAG"), str):
                    self._by_tag.setdefault(get_string_id(first["TAG"]), []).append((k, key, steps))
                elif isinstance(first.get("LOWER"), str):
                    self._by_word.setdefault(get_string_id(first["LOWER"]), []).append((k, key, steps))
                else:
                    self._anywhere.append((k, key, steps))

    def _compile(self, token: dict):  # type: ignore[no-untyped-def]
        """One token's predicates as (column, kind, value) checks; None for a predicate not understood."""
        checks = []
        for attr, value in token.items():
            if attr not in self.ATTRS:
                return None
            col = self.ATTRS.index(attr)
            if attr == "IS_SPACE":
                if not isinstance(value, bool):
                    return None
                checks.append((col, "eq", int(value)))
            elif isinstance(value, str):
                checks.append((col, "eq", self._id(value)))
            elif isinstance(value, dict) and len(value) == 1:
                (op, arg), = value.items()
                if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(a, str) for a in arg):
                    checks.append((col, op, frozenset(self._id(a) for a in arg)))
                elif op == "REGEX" and isinstance(arg, str):
                    checks.append((col, "REGEX", re.compile(arg)))
                else:
                    return None
            else:
                return None
        return tuple(checks)

    def _holds(self, checks, row) -> bool:  # type: ignore[no-untyped-def]
        for col, kind, value in checks:
            got = row[col]
            if kind == "eq":
                ok = got == value
            elif kind == "IN":
                ok = got in value
            elif kind == "NOT_IN":
                ok = got not in value
            else:   # REGEX, searched in the attribute's text, as spaCy's matcher does
                ok = bool(value.search(self.ruler.vocab.strings[got]))
            if not ok:
                return False
        return True

    def _rules_starting(self, row: tuple) -> tuple:
        """(rules of one token that match `row`, rules of more tokens whose first token matches it)."""
        found = self._starts.get(row)
        if found is None:
            rules = [*self._by_tag.get(row[0], ()), *self._by_word.get(row[1], ()), *self._anywhere]
            single = tuple((k, key) for k, key, steps in rules if len(steps) == 1 and self._holds(steps[0], row))
            longer = tuple((k, key, steps) for k, key, steps in rules if len(steps) > 1 and self._holds(steps[0], row))
            if len(self._starts) >= MEMO_LIMIT:
                self._starts.clear()
            found = self._starts[row] = (single, longer)
        return found

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        if not len(doc):
            return []
        rows = [tuple(r) for r in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        matches = []
        for i, row in enumerate(rows):
            single, longer = self._rules_starting(row)
            for k, key in single:
                matches.append((k, key, i, i + 1))
            for k, key, steps in longer:
                end = i + len(steps)
                if end <= len(rows) and all(self._holds(step, rows[i + j]) for j, step in enumerate(steps[1:], 1)):
                    matches.append((k, key, i, end))
        matches.sort()
        return matches


def index_attribute_rules(nlp: Language) -> None:
    """Let the attribute ruler find its matches through `AttributeRuleIndex` (idempotent; a ruler whose
    rules the index does not understand keeps its own matcher)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(getattr(ruler, "match", None), AttributeRuleIndex):
        return
    index = AttributeRuleIndex(ruler)
    if index.supports:
        ruler.match = index
        ruler.set_annotations = _AttributeSetter(ruler)


class _AttributeSetter:
    """`AttributeRuler.set_annotations` without a `Span` per match (issue 13, round 15, speed only).

    spaCy's version makes a Span over every match (one per token of every Doc, nearly all of them
    one-token rules) and reads `span[index]` twice to find the token that takes the rule's attributes;
    this finds the same token by its position and sets the same attributes with spaCy's own
    `set_token_attrs`, in the same order.  An index outside its match (a broken rule) goes to spaCy's
    version, which raises its error."""

    def __init__(self, ruler):  # type: ignore[no-untyped-def]
        from spacy.tokens._retokenize import set_token_attrs

        self.ruler = ruler
        self.original = ruler.set_annotations
        self._set = set_token_attrs

    def __call__(self, doc: Doc, matches):  # type: ignore[no-untyped-def]
        attrs, indices, set_attrs = self.ruler.attrs, self.ruler.indices, self._set
        for attr_id, match_id, start, end in matches:
            index = indices[attr_id]
            i = (start if index >= 0 else end) + index
            if not start <= i < end:
                return self.original(doc, matches)   # sets the same again, then raises
            set_attrs(doc[i], attrs[attr_id])
        return doc
