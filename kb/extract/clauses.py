"""Finding commitment clauses in a parsed sentence.

A commitment clause is a predicate that an actor undertakes: a verb under a
modal ("will", "shall", "must", "would", "should"), under "is to", or under an
intention verb in the present tense ("aims to build" -> build; "strives to
peak" -> peak).  From each such verb the rules follow coordination ("will
accelerate X, stabilize Y, as well as make plans for Z"), means ("by
authorizing ..."), passives ("projects will be promoted": the subject is the
target), results ("the share will reach 20 percent": the subject is the
target), lead-ins that end in a colon and the list items under them.

Everything here works on one spaCy `Doc` (one passage) and returns `Frame`s
with character offsets into that Doc; `records.py` turns frames into
`Commitment` records with the document's context (main actor, dates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from kb.extract.actors import ACTOR_NOUNS, is_generic, is_pronoun
from kb.extract.deadlines import DeadlineMatch, find_deadlines
from kb.extract.strength import ASPIRATIONAL, BINDING_MODALS, strength_of

MODALS = BINDING_MODALS
# verbs followed to the real action: "aims to build", "is expected to reach", "commits to reduce"
CHAIN_VERBS = ASPIRATIONAL | {"commit", "pledge", "undertake", "resolve", "continue", "work", "endeavour", "strive",
                              "encourage", "direct", "require", "expect", "need", "decide", "agree", "promise",
                              "determine", "vow", "move", "begin", "start", "ask", "call", "urge", "choose"}
# present-tense verbs that state a commitment on their own ("the country targets a 35% reduction")
PRESENT_COMMIT = {"target", "commit", "pledge", "undertake", "aim", "plan", "intend", "strive", "seek", "want",
                  "vow", "promise", "expect", "envisage", "propose", "resolve"}
# intransitive result verbs: the subject is what the commitment is about
RESULT_VERBS = {"reach", "rise", "fall", "exceed", "top", "hit", "climb", "drop", "decline", "decrease", "grow",
                "double", "triple", "peak", "pass", "approach", "surpass", "stand", "remain", "stay", "go", "account",
                "increase", "reduce", "exceed", "come", "amount", "total", "stabilize", "plateau", "shrink",
                "expand", "jump", "soar", "dip", "hover", "switch", "become", "achieve", "cover", "make", "flow"}
LIGHT_NOUNS = {"plan", "effort", "part", "role", "attention", "priority", "step", "measure", "use", "progress",
               "arrangement", "preparation", "contribution", "investment", "improvement", "adjustment"}
LIGHT_VERBS = {"make", "take", "play", "pay", "give", "put"}
ACCELERATE = {"accelerate", "speed", "step", "push", "expedite", "quicken", "hasten", "fast-track", "advance"}
BUILD_NOUNS = re.compile(r"^(?:the\s+)?(?:construction|building)\s+of\s+", re.I)
SKIP_SUBJECT = re.compile(r"^(?:this|the|such)\s+(?:executive\s+)?(?:order|memorandum|section|act|proclamation|"
                          r"directive|law|provision|subsection|paragraph|definition|plan|document)s?$", re.I)
BOILERPLATE = re.compile(
    r"\bnothing\s+in\s+this\b|\bshall\s+(?:not\s+)?be\s+construed\b|\bnot\s+intended\s+to\b|"
    r"\bdoes\s+not,?\s+create\s+any\s+right\b|\bshall\s+be\s+implemented\s+consistent\s+with\s+applicable\s+law\b|"
    r"\bsubject\s+to\s+the\s+availability\s+of\s+appropriations\b|\bis\s+hereby\s+revoked\b|\bmeans\b.{0,40}$|"
    r"\bshall\s+(?:take\s+effect|enter\s+into\s+force|become\s+effective)\b|\bshall\s+be\s+interpreted\b", re.I)
TRAILING = re.compile(
    r"\s*,?\s*(?:,\s*(?:as\s+(?:defined|appropriate|necessary|needed|described|provided|set\s+forth|required)|"
    r"consistent\s+with|to\s+the\s+(?:maximum\s+)?extent|in\s+accordance\s+with|pursuant\s+to|where\s+appropriate|"
    r"subject\s+to|based\s+on|with\s+consideration|taking\s+into\s+account|according\s+to|in\s+(?:coordination|consultation)\s+with|"
    r"through\s+the|at\s+least\s+annually|as\s+well\s+as\s+(?:to|in|on)|to\s+(?:include|achieve|ensure|support|meet|help|facilitate|promote)|"
    r"(?:as\s+)?(?:required|described|established|issued|specified|referred\s+to)\s+(?:by|in|under|pursuant))\b.*)$", re.I | re.S)
LIST_MARKER = re.compile(r"^\s*(?:\(?[ivxlc]{1,5}\)|\(?[a-z]\)|\(?\d{1,2}[.)]|[•\-–*·▪])\s*", re.I)
MEANS_SKIP = {"take", "include", "base", "consider", "accord", "follow"}
# verbs of policy action, for words the tagger took for nouns after "; " or "as well as"
POLICY_VERBS = {
    "accelerate", "achieve", "adopt", "advance", "build", "carry", "conduct", "construct", "create", "cut",
    "deepen", "deploy", "design", "develop", "encourage", "enhance", "ensure", "establish", "expand", "explore",
    "facilitate", "foster", "implement", "improve", "incorporate", "increase", "integrate", "introduce", "issue",
    "launch", "lower", "maximize", "minimize", "optimize", "phase", "prioritize", "promote", "protect", "provide",
    "pursue", "raise", "reduce", "reform", "revise", "set", "speed", "strengthen", "support", "upgrade", "use",
    "boost", "cultivate", "modernize", "purchase", "restore", "stabilize", "streamline", "update", "identify",
    "monitor", "publish", "review", "assess", "evaluate", "coordinate", "consolidate", "enforce", "extend",
}


@dataclass
class Frame:
    """One commitment clause found in a Doc (offsets are into `_text(doc)`)."""

    verb: int                           # token index of the action's head
    action: str
    action_lemma: str
    sent_start: int
    sent_end: int
    actor_start: int | None = None      # the mention as written, if any
    actor_end: int | None = None
    actor_text: str = ""
    actor_kind: str = "none"            # "named", "pronoun", "generic", "relative", "none", "item"
    target_start: int | None = None
    target_end: int | None = None
    target_text: str = ""
    deadline: DeadlineMatch | None = None   # offsets relative to _text(doc)
    deadline_scope: str = ""            # "own", "front", "shared", "same_period"
    strength: str = "binding"
    negated: bool = False
    kind: str = "clause"                # "clause", "item_verb", "item_np", "lead_in"
    lead_action: str = ""               # for lead-ins: the action the list items take
    places: tuple[str, ...] = ()
    quantity_text: str = ""             # where to look for a figure
    group: int = 0                      # frames of one coordination share a group id
    actor_ent: str = ""                 # entity label of the subject's head ("GPE", "ORG")
    antecedent: str = ""                # for "it"/"they": a named subject earlier in the sentence
    verb_guess: str = ""                # for noun-phrase items: the first word, if a lead-in with no verb needs one
    verb_guess_end: int | None = None   # where that word ends
    optional: bool = False              # lead-in predicate shown only when it has a target

    @property
    def has_target(self) -> bool:
        return bool(self.target_text.strip())


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def _text(doc: Doc) -> str:
    """`doc.text`, joined once (spaCy rebuilds it from the tokens on every access)."""
    if not len(doc):
        return ""
    text = doc.user_data.get("policykb_text")
    if text is None or len(text) != doc[-1].idx + len(doc[-1].text_with_ws):
        text = doc.text
        doc.user_data["policykb_text"] = text
    return text


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _modal(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS:
            return c
    return None


def _has_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in tok.children)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _subject(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass"):
            return c
    # "The Secretary shall, within 60 days, submit": the parser hung the subject on the modal
    for a in tok.children:
        if a.dep_ in ("aux", "auxpass") and a.i < tok.i:
            for c in a.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    return c
    return None


def _find_subject(tok: Token, depth: int = 0) -> Token | None:
    """The subject of `tok`, climbing coordination and control ("aims to build")."""
    s = _subject(tok)
    if s is not None or depth > 6:
        return s
    if tok.dep_ in ("conj", "xcomp", "pcomp", "acomp", "advcl", "ccomp") and tok.head is not tok:
        if tok.dep_ == "pcomp" or tok.head.dep_ in ("prep", "acomp"):
            head = tok.head
            while head.dep_ in ("prep", "acomp", "pcomp") and head.head is not head:
                head = head.head
            return _find_subject(head, depth + 1)
        return _find_subject(tok.head, depth + 1)
    if tok.dep_ == "prep" and tok.head is not tok:
        return _find_subject(tok.head, depth + 1)
    return None


def _span_chars(tokens: list[Token]) -> tuple[int, int] | None:
    if not tokens:
        return None
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def _subtree_range(tok: Token) -> range:
    """The token indices of `tok`'s subtree (spaCy's parses are projective: a contiguous range)."""
    return range(tok.left_edge.i, tok.right_edge.i + 1)


def _subtree_tokens(tok: Token, exclude: set[int] = frozenset()) -> list[Token]:
    doc = tok.doc
    return [doc[i] for i in _subtree_range(tok) if i not in exclude]


LEMMA_FIXES = {"instal": "install", "enrol": "enroll", "biobase": "biobased", "datum": "data"}


def _lemma(tok: Token) -> str:
    lemma = (tok.lemma_ or tok.text).lower()
    return LEMMA_FIXES.get(lemma, lemma)


_E_STEMS = ("iz", "is", "at", "uc", "ur", "ot", "id", "ov", "as", "us", "ag", "iv", "ut", "rc", "nc", "dg", "rg", "ys")


def _deing(word: str) -> str:
    """ "prioritizing" -> "prioritize", "identifying" -> "identify", "planning" -> "plan" (no POS at hand)."""
    stem = word[:-3]
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]
    if stem.endswith(_E_STEMS):
        return stem + "e"
    return stem


def _action_text(verb: Token) -> str:
    """Lemma first, with particles: "speed up", "carry out", "push forward"."""
    parts = [_lemma(verb)]
    for c in verb.children:
        if c.i > verb.i and (c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in ("forward", "ahead", "up", "out"))):
            if c.i - verb.i <= 3:
                parts.append(c.lower_)
    return " ".join(parts)


def _actor_like(subj: Token) -> bool:
    if subj.lower_ in ("it", "we", "they", "he", "she", "i"):
        return True
    span_tokens = [subj] + [t for t in subj.subtree if t.i < subj.i and t.dep_ in ("compound", "amod")]
    if subj.ent_type_ in ("ORG", "GPE", "NORP", "PERSON", "LOC", "FAC") and subj.ent_type_:
        return True
    if subj.pos_ == "PROPN" and subj.tag_ == "NNP":
        return True
    return subj.lemma_.lower() in ACTOR_NOUNS or subj.lower_ in ACTOR_NOUNS or any(
        t.ent_type_ in ("ORG", "GPE") for t in span_tokens if t.dep_ == "compound")


def _mention(subj: Token) -> tuple[int, int, str]:
    """The subject's span, without a list marker or a leading adverbial."""
    toks = _subtree_tokens(subj)
    # "(a) Agencies": drop list markers and anything before a comma that precedes the head
    while toks and (toks[0].text in ("(", ")", "-", "•", ",") or LIST_MARKER.fullmatch(toks[0].text + (")" if toks[0].text.isalpha() and len(toks) > 1 and toks[1].text == ")" else ""))
                    or (len(toks) > 1 and toks[1].text == ")" and len(toks[0].text) <= 4)):
        toks = toks[2:] if len(toks) > 1 and toks[1].text == ")" else toks[1:]
    commas = [t for t in toks if t.text == "," and t.i < subj.i]
    if commas:
        toks = [t for t in toks if t.i > commas[-1].i]
    if not toks:
        toks = [subj]
    # cut at an appositive/relative clause that starts after a comma: "Hainan Power Grid, a subsidiary of ..., said"
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return s, e, _text(subj.doc)[s:e]


# --------------------------------------------------------------------------
# finding action verbs
# --------------------------------------------------------------------------

PASSIVE_CHAIN = {"encourage", "direct", "require", "expect", "urge", "ask", "call", "instruct", "task", "mandate"}
TARGET_NOUNS = {"target", "goal", "aim", "objective", "commitment", "pledge", "plan", "ambition"}
COMMIT_NOUNS = TARGET_NOUNS | {"contribution", "intention", "undertaking", "priority", "mission", "task"}


def _follow_chain(tok: Token) -> tuple[Token, list[Token]]:
    """From an intention verb to the real action: aims -> build, is expected -> reach."""
    chain: list[Token] = []
    seen = set()
    while tok.i not in seen:
        seen.add(tok.i)
        nxt = None
        lemma = tok.lemma_.lower()
        if lemma in PASSIVE_CHAIN and not _is_passive(tok):
            break
        obj_before = [c.i for c in tok.children if c.dep_ in ("dobj", "obj")]
        if lemma in CHAIN_VERBS:
            for c in tok.children:
                if obj_before and c.i > min(obj_before) and c.dep_ == "xcomp":
                    continue        # "propose targets ... to meet X": a purpose, not the action
                if c.dep_ in ("xcomp", "ccomp", "advcl") and _has_to(c) and c.i > tok.i \
                        and (c.pos_ in ("VERB", "AUX") or c.dep_ == "xcomp"):
                    nxt = c
                    break
            if nxt is None and lemma in ("commit", "move", "work"):
                # "commits to reducing", "work towards building"
                for p in _children(tok, "prep"):
                    for c in _children(p, "pcomp"):
                        if c.tag_ == "VBG":
                            nxt = c
        if nxt is None and not _children(tok, "dobj", "ccomp", "attr", "oprd", "dative"):
            # "lead by example in order to achieve X": the purpose is the action
            for c in tok.children:
                if c.dep_ in ("advcl", "xcomp") and c.i > tok.i and _has_to(c) and c.pos_ == "VERB" \
                        and (any(m.lower_ == "order" for m in c.children) or tok.lemma_.lower() in ("lead", "act", "work", "move")):
                    nxt = c
                    break
        if nxt is None:
            # "achieve an economy-wide target to reduce X": the target's verb is the action
            for d in _children(tok, "dobj"):
                if d.lemma_.lower() in TARGET_NOUNS and lemma in ("achieve", "set", "meet", "have", "adopt", "pursue", "announce"):
                    for c in d.children:
                        if c.dep_ in ("acl", "relcl") and _has_to(c) and c.pos_ == "VERB":
                            nxt = c
        if nxt is None:
            break
        chain.append(tok)
        tok = nxt
    return tok, chain


def _bad_verb(tok: Token) -> bool:
    """A capitalised word inside a sentence tagged as a verb: a name ("Tian'e")."""
    if tok.is_sent_start or tok.i == 0 or not tok.text[:1].isupper():
        return False
    prev = tok.doc[tok.i - 1]
    return not (prev.text in (")", "(", "•", "-", ":", "\n") or prev.is_space or LIST_MARKER.fullmatch(prev.text + " "))


def _is_commit_head(tok: Token) -> bool:
    """Does this verb head a commitment (before following intention chains)?"""
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    if _bad_verb(tok):
        return False
    if _modal(tok) is not None:
        return True
    # "for the Federal Government to lead", "proposing that Hechi to carry out": an infinitive with its own subject
    if tok.tag_ == "VB" and _has_to(tok) and any(c.dep_ == "nsubj" and c.i < tok.i and c.lower_ not in ("that", "which", "who")
                                                and _actor_like(c) for c in tok.children):
        return True
    # "are to switch", "is to be slashed"
    if tok.dep_ == "xcomp" and _has_to(tok) and tok.head.lemma_ == "be" and tok.head.pos_ == "AUX" \
            and tok.head.tag_ in ("VBZ", "VBP") and _subject(tok.head) is not None:
        return True
    # present-tense intention: "the city aims to build", "Angola plans to reduce"
    if tok.tag_ in ("VBZ", "VBP") and tok.lemma_.lower() in PRESENT_COMMIT and _subject(tok) is not None:
        return True
    # "are encouraged to", "is directed to", "is expected to"
    if tok.tag_ == "VBN" and tok.lemma_.lower() in ("encourage", "direct", "expect", "require", "mandate", "task", "instruct", "urge") \
            and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in tok.children) \
            and any(c.dep_ == "xcomp" and _has_to(c) for c in tok.children):
        return True
    # "Chile has agreed to reforest", "the country has committed to reducing"
    if tok.tag_ == "VBN" and tok.lemma_.lower() in ("agree", "commit", "pledge", "decide", "resolve", "promise", "undertake", "vow") \
            and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in tok.children) and _subject(tok) is not None:
        return True
    return False


def _conj_verbs(tok: Token) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ == "conj" and (c.pos_ in ("VERB",) or c.tag_.startswith("VB")) and c.tag_ not in ("VBD",):
            if c.tag_ == "VBN" and not _is_passive(c) and _modal(c) is None:
                continue            # "identified or recommended by": a participle, not an action
            if c.lemma_.lower() == "be":
                continue
            if _bad_verb(c):
                out.extend(_conj_verbs(c))   # "... Tian'e to Beihai, as well as carry out ...": skip the name
                continue
            if _subject(c) is not None and (_modal(c) is not None or _is_commit_head(c)):
                continue            # its own clause, found on its own
            if _subject(c) is not None and c.tag_ in ("VBZ", "VBP", "VBD") and not _is_commit_head(c):
                continue            # "... and it has already ..."
            out.append(c)
    return out


def _stray_verbs(tok: Token) -> list[Token]:
    """Base-form verbs after "and" that the parser hung inside an object:
    "speed up the construction of X and promote Y"."""
    out = []
    for t in _subtree_tokens(tok):
        if t.i <= tok.i or t.tag_ != "VB" or t.dep_ not in ("conj", "appos", "dep") or _bad_verb(t):
            continue
        finite_head = t.head.pos_ in ("VERB", "AUX") and not (t.head.tag_ in ("VBG", "VBN") and t.head.dep_ in ("pcomp", "amod", "acl", "pobj"))
        if finite_head or _has_to(t) or _modal(t) is not None or _subject(t) is not None:
            continue
        prev = t.doc[t.i - 1]
        if prev.lower_ in ("and", "or") or (prev.text == "," and t.dep_ == "conj"):
            out.append(t)
    return out


def _means_verbs(tok: Token) -> list[Token]:
    """"by authorizing ...", ", prioritizing ...": sub-actions of a commitment."""
    out = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            for p in _children(c, "pcomp"):
                if p.tag_ == "VBG" and p.lemma_.lower() not in MEANS_SKIP:
                    out.append(p)
        elif c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > tok.i and not _subject(c) \
                and not _children(c, "mark") and c.lemma_.lower() not in MEANS_SKIP \
                and c.i > 0 and c.doc[c.i - 1].text == ",":
            out.append(c)
    return out


# --------------------------------------------------------------------------
# targets
# --------------------------------------------------------------------------

_OBJ_DEPS = {"dobj", "obj", "dative", "attr", "oprd", "ccomp", "xcomp", "acomp", "prep", "npadvmod", "agent", "pcomp",
             "advmod", "nsubj"}


def _light_target(verb: Token) -> tuple[str, list[Token]] | None:
    """ "make overall plans for X" -> ("make overall plans for", X)."""
    if verb.lemma_.lower() not in LIGHT_VERBS:
        return None
    for d in _children(verb, "dobj"):
        if d.lemma_.lower() in LIGHT_NOUNS:
            preps = [p for p in d.children if p.dep_ == "prep" and p.i > d.i] or \
                    [p for p in verb.children if p.dep_ == "prep" and p.i > d.i]
            if not preps:
                continue
            p = preps[0]
            objs = _children(p, "pobj", "pcomp")
            if not objs:
                continue
            words = [verb.lemma_.lower()] + [t.lower_ for t in d.subtree if t.i <= d.i and t.dep_ not in ("det", "poss")] + [p.lower_]
            return " ".join(words), _subtree_tokens(objs[0])
    return None


def _right_target(verb: Token, stop: set[int]) -> list[Token]:
    """The span the action applies to: its complements to the right, up to the
    next coordinated verb or a comma-led qualifier."""
    doc = verb.doc
    toks: list[Token] = []
    have_obj = False
    dobjs = [c.i for c in verb.children if c.dep_ in ("dobj", "obj") and c.i > verb.i]
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i < verb.i or c.i in stop:
            continue
        if c.dep_ in ("prep", "dative") and dobjs and c.i < dobjs[0] and c.lower_ != "of":
            continue                # "assign to the designated official the responsibility ..."
        if c.dep_ == "advcl" and have_obj and _has_to(c) and not (c.left_edge.i > 0 and doc[c.left_edge.i - 1].text == ","):
            toks.extend(_subtree_tokens(c, stop))   # "pursue strategies to reduce emissions"
            continue
        if c.dep_ == "conj" and _bad_verb(c) and have_obj:
            toks.extend(_subtree_tokens(c, stop))   # "... to Xialao and Tian'e to Beihai": a name, not a verb
            continue
        if c.dep_ in ("conj", "cc"):
            break
        if c.dep_ in ("punct", "prt", "aux", "auxpass", "neg", "mark", "nsubj", "nsubjpass"):
            continue
        if c.dep_ == "advmod" and c.lower_ in ("forward", "ahead", "up", "out", "also", "further", "jointly",
                                                "fully", "actively", "steadily", "vigorously", "strictly", "resolutely"):
            continue
        comma_before = c.left_edge.i > 0 and doc[c.left_edge.i - 1].text in (",", ";")
        if c.dep_ in _OBJ_DEPS:
            if c.dep_ == "prep" and c.lower_ == "by" and any(p.tag_ == "VBG" for p in c.children):
                if have_obj:
                    break
                continue
            if comma_before and have_obj:
                break
            if c.dep_ in ("advmod", "npadvmod") and not have_obj:
                continue
            toks.extend(_subtree_tokens(c, stop))
            if c.dep_ not in ("prep", "advmod", "npadvmod", "agent"):
                have_obj = True
            elif c.dep_ == "prep":
                have_obj = have_obj or bool(toks)
        else:
            if have_obj:
                break
    return toks


def _clean_target(text: str) -> str:
    text = TRAILING.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(?:and|or|as well as|also)\s+", "", text, flags=re.I)
    text = re.sub(r"[\s,;:]+(?:and|or)?$", "", text).strip(" ,;:")
    if text.endswith(".") and not re.search(r"(?:\b[A-Z]|\bNo|\bet al)\.$", text):
        text = text[:-1].rstrip(" ,;:")
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].rstrip(" ,;")
    return text


# --------------------------------------------------------------------------
# the main entry
# --------------------------------------------------------------------------

def _place_names(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    names = []
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC") and ent.start_char >= start and ent.end_char <= end:
            name = ent.text.strip()
            if name not in names:
                names.append(name)
    return tuple(names)


def frames_for_doc(doc: Doc, is_item: bool = False) -> list[Frame]:
    frames: list[Frame] = []
    group = 0
    for sent in doc.sents:
        group += 1
        frames.extend(frames_for_sentence(sent, is_item=is_item, group=group * 1000))
    return frames


def _is_item_sentence(sent: Span, is_item: bool) -> bool:
    return is_item or bool(LIST_MARKER.match(sent.text))


def frames_for_sentence(sent: Span, is_item: bool = False, group: int = 0) -> list[Frame]:
    doc = sent.doc
    text = sent.text
    if not text.strip() or len(sent) < 2:
        return []
    if BOILERPLATE.search(text):
        return []
    item = _is_item_sentence(sent, is_item)
    deadlines = [DeadlineMatch(d.start + sent.start_char, d.end + sent.start_char, d.text, d.date, d.weak)
                 for d in find_deadlines(text)]
    ends_with_colon = text.rstrip().endswith(":")

    heads: list[Token] = [t for t in sent if _is_commit_head(t)]
    # imperative list items: "(i) pursue building electrification ..."; "By 2030, achieve ..."
    root = sent.root
    if item:
        cand = [root] + [c for c in root.children if c.dep_ in ("dep", "appos")]
        for r in cand:
            if (r.tag_ in ("VB", "VBG", "VBP") or _has_to(r)) and _subject(r) is None and _modal(r) is None \
                    and r not in heads and r.lemma_.lower() not in ("be", "have"):
                heads.append(r)
    # a goal stated without a finite verb: "An unconditional contribution to reduce X by 2030",
    # "Energy sector: to reduce X"
    if root.pos_ in ("NOUN", "PROPN") and not heads:
        for c in root.children:
            if c.dep_ in ("acl", "relcl", "appos", "dep") and _has_to(c) and c.i > root.i and (
                    root.lemma_.lower() in COMMIT_NOUNS or any(t.text == ":" for t in sent if root.i < t.i < c.i)):
                heads.append(c)
    actions: list[tuple[Token, list[Token], Token]] = []   # (action verb, chain, clause head)
    seen: set[int] = set()
    lexical_heads: set[int] = set()

    def add(tok: Token, chain: list[Token], head: Token) -> None:
        verb, more = _follow_chain(tok)
        if verb.i in seen:
            return
        seen.add(verb.i)
        actions.append((verb, chain + more, head))
        for c in _conj_verbs(verb):
            add(c, chain + more, head)
        if verb is not tok:
            for c in _conj_verbs(tok):
                add(c, chain, head)
        for m in _means_verbs(verb):
            add(m, chain + more, head)
        for m in _stray_verbs(verb):
            add(m, chain + more, head)

    for h in heads:
        add(h, [], h)
    # coordinated verbs the parser did not attach as such: "...; build X; and incorporate Y"
    if actions:
        for t in sent:
            if t.i in seen or t.tag_ not in ("VB", "VBP") or _subject(t) is not None or _modal(t) is not None \
                    or _has_to(t) or _bad_verb(t) or t.i < min(v.i for v, _, _ in actions):
                continue
            prev = t.doc[t.i - 1]
            prev2 = t.doc[t.i - 2] if t.i >= 2 else None
            if prev.text == ";" or (prev.lower_ == "and" and prev2 is not None and prev2.text in (";", ",")):
                add(t, [], t)
                lexical_heads.add(t.i)

    frames: list[Frame] = []
    action_ids = {v.i for v, _, _ in actions}
    deadline_tokens: set[int] = set()
    for d in deadlines:
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is not None:
            deadline_tokens.update(range(span.start, span.end))
    for verb, chain, head in actions:
        fr = _frame_for(verb, chain, head, sent, item, action_ids, group, deadline_tokens)
        if fr is not None:
            frames.extend(fr)

    # a verb found by its position has no subject of its own: it shares the one before it
    for k, f in enumerate(frames):
        if f.actor_kind == "none" and k and (f.verb in lexical_heads or doc[f.verb].head.i in lexical_heads):
            prev = frames[k - 1]
            f.actor_start, f.actor_end, f.actor_text = prev.actor_start, prev.actor_end, prev.actor_text
            f.actor_kind, f.actor_ent, f.antecedent = prev.actor_kind, prev.actor_ent, prev.antecedent
    frames.extend(_lexical_verbs(sent, frames, group))
    frames = _merge_shared_objects(frames, doc)
    frames = _drop_quoted(sent, frames)
    # a lead-in: "the Federal Government shall use its scale ... to achieve:" / "each agency shall:"
    if ends_with_colon:
        lead = _lead_in(sent, frames, heads)
        if lead is not None:
            frames = [f for f in frames if f.has_target and not f.target_text.endswith(lead.lead_action)]
            for f in frames:
                f.optional = True
            frames.append(lead)
    # a noun-phrase list item: "(ii) 100 percent zero-emission vehicle acquisitions by 2035"
    if item and not frames:
        frames.extend(_np_item(sent, group))

    _assign_deadlines(sent, frames, deadlines)
    frames = _split_frames(frames, deadlines, doc)
    frames.extend(_gapped(sent, frames, deadlines))
    for f in frames:
        f.places = _place_names(doc, f.sent_start, f.sent_end)
    return frames


def _frame_for(verb: Token, chain: list[Token], head: Token, sent: Span, item: bool,
               action_ids: set[int], group: int, deadline_tokens: set[int] = frozenset()) -> list[Frame] | None:
    doc = sent.doc
    lemma = verb.lemma_.lower()
    existential = lemma == "be" and any(c.dep_ == "expl" for c in verb.children)
    responsible = None
    if lemma == "be":
        # "will be responsible for building X"
        for a in _children(verb, "acomp"):
            if a.lower_ in ("responsible", "accountable"):
                for p in _children(a, "prep"):
                    if p.lower_ == "for":
                        responsible = p
        if responsible is None and not existential:
            return None             # a copula: a description, not an undertaking
    if lemma == "have" and not _children(verb, "dobj"):
        return None
    if verb.tag_ == "VBD" and _modal(verb) is None and not chain and verb.i != head.i:
        return None
    # other action verbs below this one (coordinated verbs, means) are not part of its target
    stop_subtrees: set[int] = set()
    lo, hi = verb.left_edge.i, verb.right_edge.i
    for v_i in action_ids:
        if v_i != verb.i and lo <= v_i <= hi:
            stop_subtrees.update(_subtree_range(doc[v_i]))
    stop_subtrees.discard(verb.i)
    # subject
    subj = _find_subject(verb)
    for c in chain:
        if subj is None:
            subj = _find_subject(c)
    if subj is not None and subj.tag_ == "DT" and not list(subj.children):
        subj = None                 # "... worth 10 billion yuan each": not a subject
    if subj is not None and subj.i in deadline_tokens:
        subj = None                 # "By mid-century, ...": the parser took the date for a subject
    passive = _is_passive(verb)
    negated = _negated(verb) or any(_negated(c) for c in chain) or _negated(head)
    if subj is not None and SKIP_SUBJECT.match(_text(doc)[subj.left_edge.idx:subj.right_edge.idx + len(subj.right_edge.text)]):
        return None
    if subj is not None and subj.lower_ in ("nothing", "none", "no one"):
        return None
    action = _action_text(verb)
    target_toks: list[Token] = []
    actor_tok: Token | None = None
    actor_kind = "none"
    light = _light_target(verb)
    if responsible is not None:
        action = "be responsible for"
        target_toks = [t for c in responsible.children if c.dep_ in ("pobj", "pcomp") for t in c.subtree]
        target_toks += [t for t in responsible.subtree if t.dep_ == "nsubj" and t.head.dep_ == "pcomp" for t in t.subtree]
        target_toks = sorted(set(target_toks), key=lambda t: t.i)
        if subj is not None:
            actor_tok = subj
    elif existential:
        attrs = _children(verb, "attr")
        if not attrs:
            return None
        action = attrs[0].lemma_.lower()
        target_toks = _subtree_tokens(attrs[0], stop_subtrees)
    elif passive:
        if subj is not None and (subj.dep_ in ("nsubjpass", "csubjpass") or subj.head is not verb):
            # "X will be promoted", "X are to be slashed": the subject is the target
            if subj.lower_ in ("that", "which", "who") and subj.head.dep_ == "relcl":
                target_toks = [t for t in subj.head.head.subtree if t.i <= subj.head.head.i]
            else:
                target_toks = _subtree_tokens(subj)
                # a coordinated subject the parser split in two: "X, Y, and Z will be promoted"
                for other in subj.head.children:
                    if other is not subj and other.dep_ in ("nsubjpass", "nsubj") and other.i < verb.i:
                        target_toks += _subtree_tokens(other)
                if target_toks:
                    lo, hi = min(t.i for t in target_toks), max(t.i for t in target_toks)
                    target_toks = [doc[i] for i in range(lo, hi + 1)]
        agents = _children(verb, "agent")
        for a in agents:
            for p in _children(a, "pobj"):
                if _actor_like(p) and not p.like_num:    # "by more than 65 percent" is a figure, not an agent
                    actor_tok = p
                    actor_kind = "named"
        if subj is not None and subj.dep_ == "nsubj" and subj.head is verb:
            actor_tok = subj
        if not target_toks:
            target_toks = _right_target(verb, stop_subtrees)
    else:
        # an object that is only a figure ("reach 20 percent") leaves the subject as the target
        has_obj = any(not _is_figure(c) for c in _children(verb, "dobj", "ccomp", "xcomp", "oprd", "dative"))
        result_like = subj is not None and not _actor_like(subj) and (
            lemma in RESULT_VERBS or not has_obj) and subj.lower_ not in ("that", "which", "who")
        if light:
            action, target_toks = light[0], [t for t in light[1] if t.i not in stop_subtrees]
            if subj is not None:
                actor_tok = subj
        elif result_like:
            target_toks = _subtree_tokens(subj)
            # "the region wants new energy capacity to pass ...": the actor is the wanter
            for c in chain:
                s = _subject(c)
                if s is not None and s is not subj and _actor_like(s):
                    actor_tok = s
        else:
            target_toks = _right_target(verb, stop_subtrees)
            if subj is not None:
                actor_tok = subj
    if actor_tok is not None:
        if actor_tok.lower_ in ("that", "which", "who") and actor_tok.head.dep_ == "relcl":
            actor_kind = "relative"
        elif is_pronoun(actor_tok.text):
            actor_kind = "pronoun"
        else:
            actor_kind = "named"
    elif item and subj is None:
        actor_kind = "item"
    target_toks = [t for t in target_toks if t.i >= sent.start and t.i < sent.end]
    span = _span_chars(target_toks)
    tstart = tend = None
    ttext = ""
    if span:
        tstart, tend = span
        ttext = _text(doc)[tstart:tend]
        # "accelerate the construction of X": X is what is built
        m = BUILD_NOUNS.match(ttext)
        if m and lemma in ACCELERATE and len(ttext) > m.end():
            tstart += m.end()
            ttext = _text(doc)[tstart:tend]
    fr = Frame(verb=verb.i, action=action, action_lemma=lemma, sent_start=sent.start_char,
               sent_end=sent.end_char, strength=strength_of([c.lemma_.lower() for c in chain], lemma,
                                                            passive_encouraged=False),
               negated=negated, kind="item_verb" if (item and actor_kind == "item") else "clause", group=group)
    if head.lemma_.lower() == "encourage" and head.tag_ == "VBN":
        fr.strength = "supportive"
    if actor_tok is not None:
        if actor_kind == "relative":
            ante = actor_tok.head.head
            s, e, t = _antecedent(ante)
            fr.actor_start, fr.actor_end, fr.actor_text = s, e, t
        else:
            s, e, t = _mention(actor_tok)
            fr.actor_start, fr.actor_end, fr.actor_text = s, e, t
            fr.actor_ent = actor_tok.ent_type_
            if is_generic(t):
                actor_kind = "generic"
            if actor_kind == "pronoun" and actor_tok.lower_ in ("it", "they"):
                fr.antecedent = _antecedent_subject(actor_tok, sent)
    fr.actor_kind = actor_kind
    fr.target_start, fr.target_end, fr.target_text = tstart, tend, ttext
    fr.quantity_text = ttext
    # the object of a result verb ("reach 20 percent") holds the figure
    if lemma in RESULT_VERBS or passive:
        extra = [t for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "prep", "npadvmod", "advmod", "attr")
                 for t in c.subtree]
        sp = _span_chars(extra)
        if sp:
            fr.quantity_text = (ttext + " " + _text(doc)[sp[0]:sp[1]]).strip()
    return [fr]


def _is_figure(tok: Token) -> bool:
    if tok.like_num or tok.lower_ in ("percent", "%", "half", "third", "quarter"):
        return True
    return any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in tok.children) and tok.dep_ == "dobj" and \
        tok.lower_ in ("percent", "%", "kilowatts", "gw", "mw", "tons", "tonnes", "units", "yuan", "dollars", "points",
                       "kwh", "meters", "metres", "hectares")


def _antecedent_subject(pron: Token, sent: Span) -> str:
    """ "Hainan Power Grid, a subsidiary of ..., said it would ...": the named subject before the pronoun."""
    best = ""
    for t in sent:
        if t.i >= pron.i:
            break
        if t.dep_ in ("nsubj", "nsubjpass") and not is_pronoun(t.text) and t.ent_type_ != "PERSON" \
                and _actor_like(t) and (pron.lower_ != "they" or t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children)):
            toks = [x for x in t.subtree]
            # drop an appositive: "Hainan Power Grid, a subsidiary of ..."
            cut = [x for x in toks if x.dep_ == "appos" and x.head is t]
            if cut:
                toks = [x for x in toks if x.i < cut[0].left_edge.i]
            best = _text(sent.doc)[toks[0].idx:toks[-1].idx + len(toks[-1].text)].strip(" ,")
    return best


def _antecedent(noun: Token) -> tuple[int, int, str]:
    toks = [t for t in noun.subtree if t.i <= noun.i]
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return s, e, _text(noun.doc)[s:e]


def _lead_in(sent: Span, frames: list[Frame], heads: list[Token]) -> Frame | None:
    """A clause ending in ':' whose list items complete it."""
    doc = sent.doc
    toks = [t for t in sent if not t.is_space]
    if len(toks) < 2:
        return None
    colon = toks[-1]
    before = toks[-2]
    # the verb right before the colon: "to achieve:", "shall:", "to include:"
    lead_verb = None
    if before.pos_ in ("VERB", "AUX") or before.tag_.startswith("VB") or before.tag_ == "MD":
        lead_verb = before
    if lead_verb is None:
        return None
    subj_head = None
    for h in heads:
        subj_head = h
        break
    if lead_verb.tag_ == "MD" or lead_verb.lemma_.lower() in ("follow", "be", "comprise", "consist"):
        action = ""             # "shall:", "as follows:": the items bring their own verbs
        clause = lead_verb
    else:
        action = _action_text(lead_verb)
        clause = lead_verb
    subj = None
    for cand in ([lead_verb.head] if lead_verb.tag_ == "MD" else []) + [lead_verb] + ([subj_head] if subj_head is not None else []):
        subj = _find_subject(cand)
        if subj is not None:
            break
    if lead_verb.tag_ == "MD":
        # "the head of each agency shall:" -- the modal's subject, or the noun phrase before it
        for t in sent:
            if t.dep_ in ("nsubj", "nsubjpass") and t.i < lead_verb.i:
                subj = t
        if subj is None and lead_verb.i > sent.start:
            t = doc[lead_verb.i - 1]
            while t.dep_ in ("pobj", "prep", "compound") and t.head.i < lead_verb.i and t.head is not t:
                t = t.head
            if t.pos_ in ("NOUN", "PROPN", "PRON"):
                subj = t
    fr = Frame(verb=clause.i, action=action, action_lemma=action.split(" ")[0] if action else "",
               sent_start=sent.start_char, sent_end=sent.end_char, kind="lead_in", lead_action=action)
    if subj is not None:
        s, e, t = _mention(subj)
        fr.actor_start, fr.actor_end, fr.actor_text = s, e, t
        fr.actor_kind = "pronoun" if is_pronoun(t) else ("generic" if is_generic(t) else "named")
    if subj_head is None and subj is None:
        return None
    fr.strength = "binding"
    return fr


def _lexical_verbs(sent: Span, frames: list[Frame], group: int) -> list[Frame]:
    """Coordinated actions the tagger missed: "; advance pollution prevention; support markets for ...",
    "..., as well as support Nandan, Bama, and Du'an in constructing ..."."""
    if not frames:
        return []
    doc = sent.doc
    verbs = {f.verb for f in frames}
    out = []
    toks = list(sent)
    for k, t in enumerate(toks):
        if t.i in verbs or t.tag_.startswith("VB") or t.lower_ not in POLICY_VERBS or not t.is_lower:
            continue
        prev = toks[k - 1] if k else None
        inside = any(f.target_start is not None and f.target_end is not None and f.target_start < t.idx < f.target_end
                     for f in frames)
        boundary = prev is not None and (prev.text == ";" or (prev.lower_ == "as" and k >= 3 and toks[k - 2].lower_ == "well")
                                         or (prev.lower_ == "and" and k >= 2 and toks[k - 2].text in (";", ","))
                                         or (prev.text == "," and inside))
        if not boundary or k + 1 >= len(toks):
            continue
        nxt = toks[k + 1]
        if nxt.pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "NUM", "PRON") and nxt.tag_ not in ("PRP$",):
            continue
        base = [f for f in frames if f.verb < t.i and f.kind in ("clause", "item_verb")]
        if not base:
            continue
        b = base[-1]
        # the target runs to the next ';' (or the end of the sentence)
        end = sent.end_char
        later = [doc[f.verb].idx for f in frames if f.verb > t.i]
        for u in toks[k + 1:]:
            if u.text == ";" or (later and u.idx >= min(later)):
                end = u.idx
                break
        start = nxt.idx
        nf = replace(b, verb=t.i, action=t.lower_, action_lemma=t.lower_, deadline=None, deadline_scope="")
        nf.target_start, nf.target_text = start, _clean_target(_text(doc)[start:end])
        nf.target_end = start + len(nf.target_text)
        nf.quantity_text = nf.target_text
        out.append(nf)
        # the earlier frame's target must not run into this one
        for f in frames:
            if f.target_end is not None and f.target_start is not None and f.target_start < t.idx < f.target_end:
                f.target_end = t.idx
                f.target_text = _clean_target(_text(doc)[f.target_start:t.idx])
    return out


def _np_item(sent: Span, group: int) -> list[Frame]:
    """A list item that is a noun phrase: the lead-in's action applies to it."""
    doc = sent.doc
    text = sent.text
    m = LIST_MARKER.match(text)
    off = m.end() if m else 0
    body = text[off:]
    lead_deadline = None
    for d in find_deadlines(body):
        # "(i) within 120 days of the date of this order, issue ...": a deadline before the verb
        if d.start == 0 and not d.weak:
            lead_deadline = DeadlineMatch(sent.start_char + off + d.start, sent.start_char + off + d.end, d.text, d.date, d.weak)
            skip = re.match(r"[\s,]*", body[d.end:]).end()
            off += d.end + skip
            body = text[off:]
        break
    # strip a trailing "; and" / "." / "; or"
    body_clean = re.sub(r"[\s;,.:]*(?:and|or)?[\s;,.:]*$", "", body)
    if not re.search(r"[A-Za-z]", body_clean):
        return []
    start = sent.start_char + off
    fr = Frame(verb=sent.root.i, action="", action_lemma="", sent_start=sent.start_char, sent_end=sent.end_char,
               kind="item_np", actor_kind="item", group=group)
    if lead_deadline is not None:
        fr.deadline, fr.deadline_scope = lead_deadline, "own"
    # "(b) conduct climate adaptation analysis ...": a verb the tagger took for a noun
    span = doc.char_span(sent.start_char + off, sent.end_char, alignment_mode="expand")
    if span is not None and len(span) > 2 and span[0].lower_ == "to":
        span = span[1:]
    if span is not None and len(span) > 1 and span[0].is_lower and span[0].is_alpha:
        first = span[0]
        fr.verb_guess, fr.verb_guess_end = _lemma(first), first.idx + len(first.text)
        if first.lower_.endswith("ing") and first.tag_ != "VBG":
            fr.verb_guess = _deing(first.lower_)
    if span is not None and len(span) > 1 and span[0].is_lower and span[0].lower_ in POLICY_VERBS:
        first = span[0]
        fr.kind, fr.verb, fr.action, fr.action_lemma = "item_verb", first.i, first.lower_, first.lower_
        start = span[1].idx
        rest = _text(doc)[start:sent.end_char]
        paren = re.match(r"\s*,[^,]{1,80},\s*", rest)     # "establish, as appropriate, committees ..."
        if paren:
            start += paren.end()
        # "issue and, as needed, update guidance": the object follows the last verb
        coord = re.match(r"\s*(?:and|or)\s*(?:,[^,]{1,60},)?\s*[a-z]+\s+(?=\S)", rest)
        if coord and not paren:
            start += coord.end()
        body_clean = re.sub(r"[\s;,.:]*(?:and|or)?[\s;,.:]*$", "", _text(doc)[start:sent.end_char])
        fr.target_start, fr.target_end = start, start + len(body_clean)
        fr.target_text = _clean_target(body_clean)
        fr.quantity_text = fr.target_text
        return [fr]
    fr.target_start, fr.target_end = start, start + len(body_clean)
    fr.target_text = body_clean
    fr.quantity_text = body_clean
    return [fr]


# --------------------------------------------------------------------------
# deadlines and splitting
# --------------------------------------------------------------------------

def _assign_deadlines(sent: Span, frames: list[Frame], deadlines: list[DeadlineMatch]) -> None:
    if not frames:
        return
    doc = sent.doc
    text = sent.text
    # the region each frame owns: its verb's subtree minus other frames' verbs' subtrees
    verbs = {f.verb for f in frames if f.kind != "item_np"}
    first_clause = min((f.actor_start if f.actor_start is not None else doc[f.verb].idx) for f in frames)
    front = [d for d in deadlines if d.end <= first_clause and not d.weak or
             (d.weak and d.end <= first_clause and re.match(r"\s*(?:for|looking|in)\b", _text(doc)[d.start:d.end], re.I)
              and d.start - sent.start_char < 40)]
    same_period = re.search(r"\b(?:over|during|in|by|within)\s+(?:the\s+)?same\s+period\b|\bby\s+then\b|\bby\s+that\s+time\b",
                            text, re.I)
    semicolons = [t for t in sent if t.text == ";"]
    for f in frames:
        own = None
        if f.kind == "item_np":
            cands = [d for d in deadlines if f.target_start is not None and d.start >= f.target_start]
            strong = [d for d in cands if not d.weak]
            own = strong[0] if strong else None
        else:
            v = doc[f.verb]
            region = set(_subtree_range(v))
            for ov in verbs - {f.verb}:
                if ov in region:
                    region.difference_update(_subtree_range(doc[ov]))
            semi = [t.idx for t in semicolons if t.i > v.i and (f.target_end is None or t.idx >= f.target_end)]
            for d in deadlines:
                if d in front:
                    continue
                if semi and d.start > semi[0]:
                    continue
                tok = doc.char_span(d.start, d.end, alignment_mode="expand")
                if tok is None or tok[0].i not in region:
                    continue
                inside_target = f.target_start is not None and f.target_start <= d.start < (f.target_end or 0)
                if d.weak:
                    head = tok[0].head
                    if inside_target or head.i not in (v.i,) and head.i not in verbs:
                        continue
                own = d
                break
        if own is not None:
            f.deadline, f.deadline_scope = own, "own"
        elif front:
            f.deadline, f.deadline_scope = front[-1], "front"
        elif same_period:
            f.deadline_scope = "same_period"
    # a deadline after a comma at the end of a coordination applies to its verbs without one:
    # "shall increase X, and seek to match Y, by fiscal year 2030."
    for d in deadlines:
        if d.weak:
            continue
        before = _text(doc)[max(sent.start_char, d.start - 2):d.start]
        after = _text(doc)[d.end:sent.end_char].strip()
        if "," in before and (not after or after in (".", ";")):
            for f in frames:
                if f.deadline is None and f.kind != "item_np":
                    f.deadline, f.deadline_scope = d, "shared"


_QUOTE = re.compile(r"[\"“”]([^\"“”]{3,})[\"“”]")
_REPORTED = re.compile(r"\b(?:said|says|told|added|noted|stressed|argued|warned|according\s+to)\b", re.I)


def _drop_quoted(sent: Span, frames: list[Frame]) -> list[Frame]:
    """An opinion quoted and attributed ("'Coal will remain ...,' said an analyst") is not a commitment."""
    text = sent.text
    quotes = [(m.start(1) + sent.start_char, m.end(1) + sent.start_char) for m in _QUOTE.finditer(text)]
    m = re.search(r"[,.!?]?[\"”]\s*,?\s+(?:said|says|added|noted|told)\b", text)
    if not quotes and m and not re.search(r"[\"“]", text[:m.start()]):
        quotes = [(sent.start_char, sent.start_char + m.start())]      # the opening mark was at the passage start
    if not quotes:
        return frames
    outside = _QUOTE.sub(" ", text)
    if not _REPORTED.search(outside):
        return frames
    doc = sent.doc
    return [f for f in frames if not any(s <= doc[f.verb].idx < e for s, e in quotes)]


def _merge_shared_objects(frames: list[Frame], doc: Doc) -> list[Frame]:
    """ "develop and implement annual plans": one commitment, not one without a target."""
    out = []
    for f in frames:
        if not f.has_target and f.kind in ("clause", "item_verb"):
            v = doc[f.verb]
            partner = [g for g in frames if g is not f and g.has_target and 0 < g.verb - f.verb <= 10
                       and v in doc[g.verb].ancestors and doc[g.verb].dep_ == "conj"]
            if partner:
                continue
        out.append(f)
    return out


def _gapped(sent: Span, frames: list[Frame], deadlines: list[DeadlineMatch]) -> list[Frame]:
    """Coordination with the verb left out: "wind capacity will reach 98 GW and solar capacity 52 GW";
    "50 percent ... by fiscal year 2025; and 75 percent by fiscal year 2030"."""
    doc = sent.doc
    out: list[Frame] = []
    toks = list(sent)
    for f in frames:
        if f.kind != "clause" or not f.has_target:
            continue
        v = doc[f.verb]
        result = f.target_start is not None and f.target_start < v.idx
        covered = max([f.target_end or 0, v.idx + len(v.text)] + ([f.deadline.end] if f.deadline else []))
        for k, t in enumerate(toks):
            if t.idx < covered or t.lower_ not in ("and", "while") or k + 2 >= len(toks):
                continue
            seg = []
            for u in toks[k + 1:]:
                if u.text in (";", ".", ",") or u.tag_.startswith("VB") or u.tag_ == "MD":
                    break
                seg.append(u)
            if len(seg) < 2 or not any(u.like_num for u in seg):
                break
            if any(t.i < g.verb <= seg[-1].i for g in frames if g is not f):
                break
            first_num = next(i for i, u in enumerate(seg) if u.like_num)
            start, end = seg[0].idx, seg[-1].idx + len(seg[-1].text)
            own = [d for d in deadlines if start <= d.start < end and not d.weak]
            if result and first_num >= 1 and any(u.pos_ in ("NOUN", "PROPN") for u in seg[:first_num]):
                np_end = seg[first_num - 1].idx + len(seg[first_num - 1].text)
                nf = replace(f, target_start=start, target_end=np_end)
                nf.target_text = _text(doc)[start:np_end]
                nf.quantity_text = _text(doc)[seg[first_num].idx:end]
                if own:
                    nf.deadline, nf.deadline_scope = own[0], "own"
                out.append(nf)
            elif first_num == 0 and own and (f.deadline is None or own[0].start != f.deadline.start):
                nf = replace(f, target_start=start, target_end=own[0].start, deadline=own[0], deadline_scope="own")
                nf.target_text = _clean_target(_text(doc)[start:own[0].start])
                nf.quantity_text = nf.target_text
                out.append(nf)
            break
    return out


def _verb_part(f: Frame, doc: Doc, start: int, text: str) -> Frame | None:
    """A ';'-separated part that starts with its own verb: "; support markets for ..."."""
    lead = len(text) - len(text.lstrip())
    span = doc.char_span(start + lead, start + len(text), alignment_mode="expand")
    if span is None or len(span) < 2:
        return None
    tok = span[0]
    if tok.tag_ not in ("VB", "VBG") or tok.text[:1].isupper() or tok.lower_ in ("including", "according"):
        return None
    if tok.tag_ == "VBG" and f.kind != "item_verb" and doc[f.verb].tag_ != "VBG":
        return None
    k = 1
    while k < len(span) and (span[k].dep_ == "prt" or span[k].lower_ in ("forward", "ahead")) and span[k].head is tok:
        k += 1
    rest = span[k:]
    if not len(rest):
        return None
    nf = replace(f, verb=tok.i, action=_action_text(tok), action_lemma=tok.lemma_.lower())
    nf.target_start = rest.start_char
    nf.target_text = _clean_target(_text(doc)[rest.start_char:start + len(text)])
    nf.target_end = rest.start_char + len(nf.target_text)
    nf.quantity_text = nf.target_text
    return nf


def _split_frames(frames: list[Frame], deadlines: list[DeadlineMatch], doc: Doc) -> list[Frame]:
    """Split targets that hold several deadlines or ';'-separated items; remove the
    deadline phrase and what follows it from the target; cut a nested "including X by Y"."""
    out: list[Frame] = []
    for f in frames:
        if f.target_start is None or f.kind == "lead_in":
            out.append(f)
            continue
        ts, te = f.target_start, f.target_end
        inner = [d for d in deadlines if ts <= d.start < te and not d.weak]
        if f.deadline is not None and f.deadline not in inner and ts <= f.deadline.start < te:
            inner.append(f.deadline)
        inner.sort(key=lambda d: d.start)
        text = f.target_text
        if len(inner) >= 2:
            pos = ts
            for k, d in enumerate(inner):
                seg = text[pos - ts:d.start - ts]
                nf = replace(f, target_start=pos, target_end=d.start, deadline=d, deadline_scope="own")
                nf.target_text = _clean_target(re.sub(r"^[\s,;]*(?:and|or|including)?\s*", "", seg))
                nf.target_start = pos + (len(seg) - len(seg.lstrip(" ,;"))) if seg else pos
                nf.quantity_text = nf.target_text
                if k > 0 and re.match(r"[\s,;]*including\b", seg):
                    nf.optional = False
                out.append(nf)
                pos = d.end
            continue
        if inner:
            d = inner[0]
            rest = text[d.end - ts:]
            head = text[:d.start - ts]
            m = re.match(r"\s*,?\s*including\s+", rest)
            f.target_text = _clean_target(head)
            f.target_end = d.start
            f.quantity_text = f.target_text
            if f.deadline is None:
                f.deadline, f.deadline_scope = d, "own"
            out.append(f)
            if m:
                sub = rest[m.end():]
                subd = [x for x in deadlines if x.start >= d.end + m.end()]
                nf = replace(f, target_start=d.end + m.end(), deadline=subd[0] if subd else d)
                if subd:
                    sub = sub[: subd[0].start - (d.end + m.end())]
                nf.target_text = _clean_target(sub)
                nf.target_end = nf.target_start + len(nf.target_text)
                nf.quantity_text = nf.target_text
                out.append(nf)
            continue
        # list items: "X, including Y" -> X (and Y on its own)
        if f.kind == "item_np":
            m = re.search(r",\s*including\s+", text)
            if m:
                f.target_text = _clean_target(text[:m.start()])
                nf = replace(f, target_start=ts + m.end())
                nf.target_text = _clean_target(text[m.end():])
                nf.quantity_text = nf.target_text
                out.append(f)
                out.append(nf)
                continue
        # "X; Y; and Z" as coordinated objects: one commitment each
        parts = _semicolon_parts(text)
        if len(parts) > 1 and f.kind != "item_np":
            taken = {g.verb for g in frames}
            for k, (off, part) in enumerate(parts):
                vf = _verb_part(f, doc, ts + off, part) if k else None
                if vf is not None:
                    if vf.verb not in taken:
                        out.append(vf)
                    continue
                nf = replace(f, target_start=ts + off)
                nf.target_text = _clean_target(part)
                nf.quantity_text = nf.target_text
                out.append(nf)
            continue
        f.target_text = _clean_target(text)
        out.append(f)
    return out


def _semicolon_parts(text: str) -> list[tuple[int, str]]:
    if ";" not in text:
        return [(0, text)]
    parts, pos, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            parts.append((pos, text[pos:i]))
            pos = i + 1
    parts.append((pos, text[pos:]))
    out = []
    for off, p in parts:
        stripped = re.sub(r"^\s*(?:and|or)?\s*", "", p)
        out.append((off + len(p) - len(stripped), stripped))
    return [(o, p) for o, p in out if p.strip()]
