"""Small helpers over spaCy tokens shared by the commitment rules.

Subjects, modals, passives, negation, subtrees and spans; the action's text
(lemma with particles); whether a subject can be an actor; a subject's mention.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kb.extract.actors import is_pronoun
from kb.extract.lexicon import (ACTION_LABEL, ACTION_PARTICLES, ACTOR_NOUNS, ACTOR_PRONOUNS, BINDING_MODALS, DIRECTIVE_VERBS,
                                E_STEMS, FIGURE_UNITS, FIGURE_WORDS, IE_VERBS, INLINE_ACTION_LABEL, LEMMA_FIXES)
from kb.tables import LIST_MARKER


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once (spaCy rebuilds it from the tokens on every access)."""
    if not len(doc):
        return ""
    text = doc.user_data.get("policykb_text")
    if text is None or len(text) != doc[-1].idx + len(doc[-1].text_with_ws):
        text = doc.text
        doc.user_data["policykb_text"] = text
    return text


def opening_label_end(sent: Span) -> int | None:
    """Where a plan's numbered action label that opens `sent` ends (a character offset into the
    Doc), or None: "Strategy 8F. Reduce X", "ACTION 2: Finalize Y", "Action Item A (st) :: Enforce Z"."""
    # `sent.text` is the Doc's text between the sentence's first and last characters; cut from the text
    # joined once (issue 13, round 15, speed only: `Span.text` joins the tokens anew, twice per sentence)
    text = doc_text(sent.doc)[sent.start_char:sent.end_char]
    lead = len(text) - len(text.lstrip())
    m = ACTION_LABEL.match(text) or INLINE_ACTION_LABEL.match(text, lead)
    return sent.start_char + m.end() if m else None


# A figure with decimals at the start of a line: "11.2% reduction from BAU by 2030", "2.5 million
# hectares restored": its "11." or "2." is no list marker (`list_marker`).
_DECIMAL_OPENING = re.compile(r"^\s*\(?\d{1,2}\.\d")


def list_marker(text: str) -> re.Match[str] | None:
    """`LIST_MARKER` at the start of `text`, unless it is the whole part of a decimal figure
    ("11.2% reduction in emissions by 2030" is a headline pledge, not item 11)."""
    if _DECIMAL_OPENING.match(text):
        return None
    return LIST_MARKER.match(text)


def children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def modal_of(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass") and c.lower_ in BINDING_MODALS:
            return c
    return stranded_modal(tok)


def stranded_modal(tok: Token) -> Token | None:
    """ "The Secretary of the Interior shall, within 180 days, publish X": when an aside between commas
    follows the modal, the small parser may hang the modal on the subject (as an apposition) and
    leave the verb without it.  The modal is the verb's when it ends the verb's subject and the aside
    runs from it to the verb (orders write duties so; 127 "<Name> shall, " in the shared corpus of
    orders)."""
    doc = tok.doc
    if tok.tag_ not in ("VB", "VBP") or tok.i < 2 or doc[tok.i - 1].text != ",":
        return None
    for subj in (c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i):
        # or it takes the modal itself for the subject, the name hung on the modal ("the Secretary
        # shall, consistent with X, consider Y")
        if subj.tag_ != "MD" and tok.tag_ != "VB":
            continue
        for m in subj.subtree:
            if m.tag_ == "MD" and m.lower_ in BINDING_MODALS and m.dep_ not in ("aux", "auxpass") \
                    and m.i + 2 < tok.i and doc[m.i + 1].text == ",":
                return m
    return None


def has_to(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in tok.children)


def is_negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def subject_of(tok: Token) -> Token | None:
    """The subject of `tok`, or None.  A list marker is never the subject of the verb that opens
    its item: in "iii. Conserve and restore ecosystems" or "i. Reach a rate of 0% deforestation by
    2030" the parser takes the item's number ("iii", ".", "i.") for the subject of the imperative
    right after it (`marks_item_of`)."""
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass") and not marks_item_of(c, tok) \
                and not topic_before_colon(c, tok):
            return c
    # "The Secretary shall, within 60 days, submit": the parser hung the subject on the modal
    for a in tok.children:
        if a.dep_ in ("aux", "auxpass") and a.i < tok.i:
            for c in a.children:
                if c.dep_ in ("nsubj", "nsubjpass") and not marks_item_of(c, tok):
                    return c
    return None


def marks_item_of(tok: Token, verb: Token) -> bool:
    """`tok` is (part of) the list marker that opens its sentence, and `verb` the first word after
    that marker: "iii" or "." of "iii. Conserve X".  (A verb further on keeps what the parser
    made its subject: "(i) within 90 days, issue and update X" is read as it was.)"""
    if tok.i >= verb.i or verb.i - tok.sent.start > 4 or tok.is_alpha and len(tok.text) > 4:
        return False
    sent = tok.sent
    m = list_marker(sent.text)
    return m is not None and m.group(0).strip() != "" and verb.idx == sent.start_char + m.end()


# how many words a run-in topic before a colon may have ("Regional congestion management: Coordinate X")
RUN_IN_TOPIC_MAX = 6


def run_in_topic(label: list[Token]) -> bool:
    """A topic set before a colon in sentence case, as a plan's policies open: "Traffic management:
    Evaluate X", "Projects and programs: Integrate Y" (round 27: a city's transportation plan sets each
    of its policies so): a capitalised first word and then nouns, adjectives, "and", "of" -- no verb,
    no figure, at most `RUN_IN_TOPIC_MAX` words."""
    words = [u for u in label if not u.is_punct]
    return 0 < len(words) <= RUN_IN_TOPIC_MAX and words[0].is_title and all(
        u.is_alpha and u.tag_ in ("NN", "NNS", "NNP", "NNPS", "JJ", "CC", "IN", "DT", "VBG") for u in words)


def topic_before_colon(subj: Token, verb: Token) -> bool:
    """`subj` ends the run-in topic (`run_in_topic`) that opens its sentence and `verb` is the
    capitalised imperative right after the topic's colon: "Bicycle transportation: Create conditions
    that ...", "Transit funding: Consider X" (a city plan sets each policy so; train: two chapters of
    one city transportation plan).  The parser takes the topic's last noun for the subject of the
    imperative; it names what the policy is about, not who acts, and a noun of action there
    ("transportation") made the policy read as a forecast.  A name or an actor noun ending the topic
    is left as the parser read it."""
    doc = subj.doc
    if verb.tag_ != "VB" or not verb.text[:1].isupper() or subj.i != verb.i - 2 or doc[verb.i - 1].text != ":":
        return False
    if not run_in_topic([t for t in doc[verb.sent.start:subj.i + 1] if not t.is_space]):
        return False
    return subj.pos_ != "PROPN" and not subj.ent_type_ and subj.lower_ not in ACTOR_NOUNS


def find_subject(tok: Token, depth: int = 0) -> Token | None:
    """The subject of `tok`, climbing coordination and control ("aims to build")."""
    s = subject_of(tok)
    if s is not None or depth > 6:
        return s
    if tok.dep_ in ("xcomp", "advcl") and has_to(tok) and tok.head.lemma_.lower() in DIRECTIVE_VERBS:
        # object control: "we asked the College to review X" -- the College reviews
        objs = [o for o in tok.head.children if o.dep_ == "dobj" and o.i < tok.i]
        if objs:
            return objs[0]
    if tok.dep_ in ("conj", "xcomp", "pcomp", "acomp", "advcl", "ccomp") and tok.head.i != tok.i:
        if tok.dep_ == "pcomp" or tok.head.dep_ in ("prep", "acomp"):
            head = tok.head
            while head.dep_ in ("prep", "acomp", "pcomp") and head.head.i != head.i:
                head = head.head
            return find_subject(head, depth + 1)
        return find_subject(tok.head, depth + 1)
    if tok.dep_ == "prep" and tok.head.i != tok.i:
        return find_subject(tok.head, depth + 1)
    return None


def span_chars(tokens: list[Token]) -> tuple[int, int] | None:
    if not tokens:
        return None
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def subtree_range(tok: Token) -> range:
    """The token indices of `tok`'s subtree (spaCy's parses are projective: a contiguous range)."""
    return range(tok.left_edge.i, tok.right_edge.i + 1)


def subtree_tokens(tok: Token, exclude: set[int] = frozenset()) -> list[Token]:
    doc = tok.doc
    return [doc[i] for i in subtree_range(tok) if i not in exclude]


def verb_lemma(tok: Token) -> str:
    if not tok.tag_.startswith("VB") and has_to(tok):
        return tok.lower_           # "To lower emissions": tagged as an adjective, used as a verb
    lemma = (tok.lemma_ or tok.text).lower()
    if lemma.endswith("ie") and tok.lower_.endswith(("ied", "ies")) and lemma not in IE_VERBS:
        lemma = lemma[:-2] + "y"    # "NSS shall be inventoried": the lemmatizer's table lacks "inventory"
    return LEMMA_FIXES.get(lemma, lemma)


def base_of_gerund(word: str) -> str:
    """ "prioritizing" -> "prioritize", "identifying" -> "identify", "planning" -> "plan" (no POS at hand)."""
    stem = word[:-3]
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]
    if stem.endswith(E_STEMS):
        return stem + "e"
    return stem


def action_text(verb: Token) -> str:
    """Lemma first, with particles: "speed up", "carry out", "push forward"."""
    parts = [verb_lemma(verb)]
    for c in verb.children:
        if c.i > verb.i and (c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in ACTION_PARTICLES)):
            if c.i - verb.i <= 3:
                parts.append(c.lower_)
    return " ".join(parts)


def actor_like(subj: Token) -> bool:
    if subj.lower_ in ACTOR_PRONOUNS:
        return True
    span_tokens = [subj] + [t for t in subj.subtree if t.i < subj.i and t.dep_ in ("compound", "amod")]
    if subj.ent_type_ in ("ORG", "GPE", "NORP", "PERSON", "LOC", "FAC") and subj.ent_type_:
        return True
    if subj.pos_ == "PROPN" and subj.tag_ == "NNP":
        return True
    return subj.lemma_.lower() in ACTOR_NOUNS or subj.lower_ in ACTOR_NOUNS or any(
        t.ent_type_ in ("ORG", "GPE") for t in span_tokens if t.dep_ == "compound")


def mention(subj: Token) -> tuple[int, int, str]:
    """The subject's span, without a list marker or a leading adverbial."""
    toks = subtree_tokens(subj)
    if subj.head.i > subj.i:
        # a subject before its verb ends where its own words do: where the parser hangs a phrase after
        # the verb on the subject ("Our countries will expand X, including Y; Z; ..."), the mention is
        # not the whole sentence
        cut = next((t.i for t in toks if t.i > subj.i and subj not in t.ancestors), None)
        if cut is not None:
            toks = [t for t in toks if t.i < cut]
    # a modal the parser hung on the subject ("The Secretary of the Interior shall, within 90 days, ...")
    # is no word of the name: the name ends before it
    modal = next((t.i for t in toks if t.i >= subj.i and t.tag_ == "MD" and t.dep_ not in ("aux", "auxpass")), None)
    if modal is not None and modal > toks[0].i:
        toks = [t for t in toks if t.i < modal]
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
    return s, e, doc_text(subj.doc)[s:e]


def is_name_not_verb(tok: Token) -> bool:
    """A capitalised word inside a sentence tagged as a verb: a name ("Tian'e")."""
    if tok.is_sent_start or tok.i == 0 or not tok.text[:1].isupper():
        return False
    prev = tok.doc[tok.i - 1]
    return not (prev.text in (")", "(", "•", "-", ":", "\n") or prev.is_space or LIST_MARKER.fullmatch(prev.text + " "))


def is_figure(tok: Token) -> bool:
    if tok.like_num or tok.lower_ in FIGURE_WORDS:
        return True
    return any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in tok.children) and tok.dep_ == "dobj" and \
        tok.lower_ in FIGURE_UNITS


def np_before(modal: Token) -> Token | None:
    """The head of the noun phrase that ends right before a modal: "..., the Administrator of GSA shall"."""
    if modal.i == 0:
        return None
    t = modal.doc[modal.i - 1]
    while t.dep_ in ("pobj", "prep", "compound") and t.head.i < modal.i and t.head.i != t.i:
        t = t.head
    if t.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    # climb a coordination to its first member: "the Secretary of Defense, ..., and the Administrator of GSA"
    while t.dep_ == "conj" and t.head.pos_ in ("NOUN", "PROPN") and t.head.i < t.i:
        t = t.head
    return t


def antecedent_subject(pron: Token, sent: Span) -> str:
    """ "The Harbour Authority, a body set up in 1990, said it would ...": the named subject before the
    pronoun, without the appositive that describes it (a construction of English; our train split holds
    no such sentence, the shared dev set one)."""
    best = ""
    for t in sent:
        if t.i >= pron.i:
            break
        if t.dep_ in ("nsubj", "nsubjpass") and not is_pronoun(t.text) and t.ent_type_ != "PERSON" \
                and actor_like(t) and (pron.lower_ != "they" or t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children)):
            toks = [x for x in t.subtree]
            # drop an appositive after a name ("The Harbour Authority, a body set up in 1990"); after a
            # pronoun the appositive is the name ("I, [name], President of ...")
            cut = [x for x in toks if x.dep_ == "appos" and x.head.i == t.i and x.left_edge.i > t.i]
            kept = [x for x in toks if x.i < cut[0].left_edge.i] if cut and t.pos_ != "PRON" else []
            if any(x.is_alpha for x in kept):   # a misparsed subject ("." before "President of ...") keeps it
                toks = kept
            best = doc_text(sent.doc)[toks[0].idx:toks[-1].idx + len(toks[-1].text)].strip(" ,")
    return best


def antecedent(noun: Token) -> tuple[int, int, str]:
    toks = [t for t in noun.subtree if t.i <= noun.i]
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return s, e, doc_text(noun.doc)[s:e]
