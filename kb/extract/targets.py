"""Targets: the span an action applies to, and how one clause splits into several commitments.

`right_target` reads a verb's complements up to the next coordinated verb or a
comma-led qualifier, and stops before a purpose ("publish a data standard [to
support X]") once the object names its thing (a thing with a proper name always
does); it reads on past an aside set off by commas ("guidance[, as necessary,] for
X") and keeps what a written deliverable holds ("a report outlining X"); `clean_target` trims qualifiers
("as defined in ...", "consistent with applicable law", "in order to ...",
", which ...") and keeps the first of a serial list of long phrases ("A, B, and C"); `split_frames` splits targets that hold
several deadlines, ";"-separated items or a nested "including X by Y", and takes a
year that closes the target ("cap emissions at 40 Mt in 2030") as its deadline;
`gapped` recovers coordination with the verb left out ("wind capacity will reach
98 GW and solar capacity 52 GW").
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from kb.extract.deadlines import DeadlineMatch
from kb.extract.frame import Frame
from kb.extract.lexicon import (ACTOR_NOUNS, ADVERBIAL_OBJECTS, AGENT_WORDS, CITATION, COMPLEMENT_PREPS, CONTENT_NOUNS, CONTENT_PARTICIPLES,
                                INFINITIVE_NOUNS, INNER_HEDGES, TO_COMPLEMENT_NOUNS, LAW_NOUNS, LIGHT_NOUNS, LIGHT_VERBS, MEANS_PREPS, NOT_PART_VERBS, RESUMING_PREPS,
                                OBJECT_CONTROL_VERBS, TARGET_AFTER_COMPLETE,
                                PART_PARTICLES, PASSIVE_INFINITIVE_SUBJECTS, PLACE_PREPS, PASSIVE_PREPS, PEOPLE_NOUNS, TARGET_END_WORDS, TARGET_SKIP_ADVERBS, TARGET_TAIL, TRAILING,
                                TARGET_MANNER_TAIL, PREDICATE_VERBS, QUARTER_WORDS, QUESTION_WORDS, HANDING_VERBS, RAISED_OBJECT_PREPOSITIONS, SEASON_END_MONTHS)
from kb.extract.syntax import action_text, base_of_gerund, children, doc_text, has_to, is_name_not_verb, subtree_tokens
from kb.tables import MONTH_NAMES

# dependency labels of a verb's complements that make up its target
OBJ_DEPS = {"dobj", "obj", "dative", "attr", "oprd", "ccomp", "xcomp", "acomp", "prep", "npadvmod", "agent", "pcomp",
             "advmod", "nsubj"}


def light_target(verb: Token) -> tuple[str, list[Token]] | None:
    """ "make overall plans for X" -> ("make overall plans for", X)."""
    if verb.lemma_.lower() not in LIGHT_VERBS:
        return None
    for d in children(verb, "dobj"):
        if d.lemma_.lower() in LIGHT_NOUNS:
            preps = [p for p in d.children if p.dep_ == "prep" and p.i > d.i] or \
                    [p for p in verb.children if p.dep_ == "prep" and p.i > d.i]
            if not preps:
                continue
            p = preps[0]
            objs = children(p, "pobj", "pcomp")
            if not objs:
                continue
            words = [verb.lemma_.lower()] + [t.lower_ for t in d.subtree if t.i <= d.i and t.dep_ not in ("det", "poss")] + [p.lower_]
            return " ".join(words), subtree_tokens(objs[0])
    return None


def right_target(verb: Token, stop: set[int]) -> list[Token]:
    """The span the action applies to: its complements to the right, up to the
    next coordinated verb or a comma-led qualifier."""
    doc = verb.doc
    toks: list[Token] = []
    have_obj = False
    dobjs = [c.i for c in verb.children if c.dep_ in ("dobj", "obj") and c.i > verb.i]
    resume = -1     # a complement after an aside set off by commas: "guidance, as necessary, [for X]"
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i < verb.i or c.i in stop:
            continue
        if have_obj and c.i > resume:
            after = _after_aside(verb, c)
            if after is not None:
                resume = after
                continue
        if c.dep_ == "advcl" and have_obj and c.i == toks[-1].i + 1 and _content_participle(c, toks):
            toks.extend(c.subtree)   # "submit a strategy to the President [outlining steps ...]": all it says
            continue
        if c.dep_ in ("prep", "dative") and dobjs and c.i < dobjs[0] and c.lower_ != "of":
            continue                # "assign to the designated official the responsibility ..."
        if c.dep_ in ("cc", "conj") and not have_obj and dobjs and c.i < dobjs[0] and _same_clause(verb, dobjs[0]) \
                and (is_name_not_verb(c) if c.dep_ == "conj"
                     else any(x.dep_ == "conj" and c.i < x.i < dobjs[0] for x in verb.children)):
            continue                # "submit to A, B, and the Chief Officer a plan", "prepare and submit to X, within 90
                                    # days, a plan": an "and" that joins something before the verb's own object (a name
                                    # the parser made a conjunct of the verb, a verb) does not end its target; a bare
                                    # "and" ("oversee and support X", "support" read into the object) still does
        if c.dep_ == "advcl" and have_obj and c.tag_ == "VBG" and toks and toks[-1].like_num and c.i == toks[-1].i + 1:
            toks.extend(subtree_tokens(c, stop))   # "set up 300 charging piles": the parser read "charging" as a verb
            continue
        if c.dep_ in ("advcl", "xcomp") and have_obj and _to_complement(toks, c):
            toks.extend(subtree_tokens(c, stop))   # "enhance the resilience of ecosystems [to climate variability]"
            continue
        if c.dep_ == "advcl" and have_obj and has_to(c) and not (c.left_edge.i > 0 and doc[c.left_edge.i - 1].text == ","
                                                                 and not _closes_hedge(doc, c.left_edge.i - 1)):
            if _takes_infinitive(toks) and not _named_thing(toks) or c.lemma_.lower() in ("be", "become", "remain") \
                    or verb.lemma_.lower() in OBJECT_CONTROL_VERBS:
                toks.extend(subtree_tokens(c, stop))   # "pursue strategies to reduce emissions"
                continue
            break                   # "maintain a data standard [to support automation]": a purpose clause
        if c.dep_ == "xcomp" and have_obj and has_to(c) and verb.lemma_.lower() not in OBJECT_CONTROL_VERBS \
                and (_named_thing(toks) or not _takes_infinitive(toks) and _complete_thing(toks)):
            break                   # "form a Clean Fleet Team [to share good practice]": the parser's xcomp is a purpose
        if c.dep_ == "prep" and have_obj and c.lower_ in MEANS_PREPS and not _dated(c) \
                and not _routed_to_content(verb, c, toks):
            break                   # "reduce delays [through project design advances]": the means
        if c.dep_ == "conj" and is_name_not_verb(c) and have_obj:
            toks.extend(subtree_tokens(c, stop))   # "... to Xialao and Tian'e to Beihai": a name, not a verb
            continue
        if c.dep_ == "cc" and have_obj:
            nxt = [x for x in verb.children if x.i > c.i and x.dep_ == "conj"]
            if nxt and is_name_not_verb(nxt[0]):
                toks.append(c)
                continue
        if c.dep_ in ("conj", "cc"):
            break
        if c.dep_ in ("punct", "prt", "aux", "auxpass", "neg", "mark", "nsubj", "nsubjpass"):
            continue
        if c.dep_ == "advmod" and c.lower_ in TARGET_SKIP_ADVERBS:
            continue
        comma_before = c.left_edge.i > 0 and doc[c.left_edge.i - 1].text in (",", ";") and c.i != resume \
            and not _resumes_after_aside(c, toks) \
            and not (has_to(c) and _takes_infinitive(toks) and _closes_hedge(doc, c.left_edge.i - 1))
        if c.dep_ in OBJ_DEPS:
            if c.dep_ == "prep" and c.lower_ == "by" and any(p.tag_ == "VBG" for p in c.children):
                if have_obj:
                    break
                continue
            if comma_before and have_obj:
                break
            if c.dep_ in ("advmod", "npadvmod") and not have_obj:
                continue
            toks.extend(subtree_tokens(c, stop))
            if c.dep_ not in ("prep", "advmod", "npadvmod", "agent"):
                have_obj = True
            elif c.dep_ == "prep":
                have_obj = have_obj or bool(toks)
        else:
            if have_obj:
                break
    toks = _adjective_series_noun(_whole_content_clauses(toks), stop)
    late = _question_after_preps(verb, toks) or _object_after_recipient(verb, toks, stop) \
        or _object_after_hedge(verb, toks) or _object_after_asides(verb, toks) or _object_after_addressee(verb, toks) \
        or _object_after_place(verb, toks)
    if late:
        return _cut_purpose(late)
    return _cut_purpose(toks)


# one hedge or several joined by "and": "as appropriate and consistent with applicable law"
_ONE_HEDGE = "(?:" + "|".join(r"\s+".join(h.split()) for h in INNER_HEDGES) + ")"
_HEDGE = _ONE_HEDGE + r"(?:\s*,?\s+and\s+" + _ONE_HEDGE + ")*"


_SERIES_TAGS = frozenset({",", "CC", "JJ", "JJR", "JJS", "RB", "HYPH", "VBN", "NN", "NNS", "NNP", "NNPS"})


def _same_clause(verb: Token, obj: int) -> bool:
    """The verb's object lies in the verb's own clause: no ";" or ":" between them (a parse that hangs
    a noun of the next item of a series on the verb is no object of it)."""
    return not any(t.text in (";", ":") for t in verb.doc[verb.i + 1:obj])


def _adjective_series_noun(toks: list[Token], stop: set[int]) -> list[Token]:
    """"create a strong, environmentally responsible, and resilient North American supply chain":
    the parser takes an adjective of the series for the object and hangs the rest on the verb, so
    the target would end at "responsible". A target that ends in an adjective runs on through the
    series (commas, "and", adjectives, adverbs) to the noun the adjectives describe; nothing
    changes when no noun follows ("make the data available")."""
    if not toks or not toks[-1].tag_.startswith("JJ"):
        return toks
    doc = toks[-1].doc
    end = toks[-1].sent.end
    seen_series = False
    for j in range(toks[-1].i + 1, end):
        t = doc[j]
        if j in stop or t.tag_ not in _SERIES_TAGS:
            return toks
        if t.tag_ in (",", "CC"):
            if t.tag_ == "CC" and t.lower_ not in ("and", "or"):
                return toks
            seen_series = True
            continue
        if t.tag_.startswith("NN") and seen_series:
            if j + 1 < end and doc[j + 1].tag_.startswith("NN"):
                continue            # "... supply [chain]": the compound goes on to its last noun
            return toks + [doc[k] for k in range(toks[-1].i + 1, j + 1)]
        if t.tag_.startswith("NN"):
            return toks             # "make the data available [online]"-like: no series before the noun
    return toks


def _after_aside(verb: Token, c: Token) -> int | None:
    """`c` opens an aside set off by commas after the object -- a hedge (", as necessary,") or
    examples (", including recommendations for X,") -- and the verb's next complement after the
    closing comma is a preposition or an infinitive: the index of that preposition or of the
    infinitive's verb (the aside is left out), else None."""
    doc = verb.doc
    if c.left_edge.i < 1 or doc[c.left_edge.i - 1].text != ",":
        return None
    words = " ".join(t.lower_ for t in doc[c.left_edge.i:c.right_edge.i + 1])
    if not (re.fullmatch(_HEDGE, words, re.I) or c.lower_ == "including" and c.dep_ == "prep"):
        return None
    k = c.right_edge.i + 1
    if k + 1 >= len(doc) or doc[k].text != ",":
        return None
    nxt = doc[k + 1]
    if nxt.dep_ == "prep" and nxt.head.i == verb.i and nxt.lower_ in RESUMING_PREPS:
        return nxt.i
    if nxt.lower_ == "to" and nxt.dep_ == "aux" and nxt.head.head.i == verb.i and nxt.head.dep_ in ("advcl", "xcomp"):
        return nxt.head.i           # "develop guidance, as appropriate, [to help X]": the object decides (below)
    return None


def _closes_hedge(doc: Doc, comma: int) -> bool:
    """The comma at `comma` closes a hedge set off by commas ("establish procedures, consistent with
    applicable law, [to provide X]"): what follows it reads on from before the hedge, as if the hedge were
    not there (ANNOTATION.md section 4 cuts hedges, not the complement after them; round 25, train: an
    order's "seek opportunities, consistent with applicable law, to adopt X"; validation: two duties of
    one order).  Whether the infinitive stays is the object's to say (`_takes_infinitive`), and
    `clean_target` drops the hedge only before the infinitive of procedures, guidance or opportunities."""
    opening = next((k for k in range(comma - 1, max(comma - 14, -1), -1) if doc[k].text == ","), None)
    if opening is None:
        return False
    words = " ".join(t.lower_ for t in doc[opening + 1:comma])
    return re.fullmatch(_HEDGE, words, re.I) is not None


def _whole_content_clauses(toks: list[Token]) -> list[Token]:
    """ "a plan to the Mayor outlining steps [the operators should take to cut fares]": what a
    written deliverable holds is kept whole, with the verbs inside it that read as actions
    of their own (they are left out of other complements)."""
    have = {t.i for t in toks}
    extra = [u for t in toks if t.dep_ == "acl" and t.head.i in have and _content_participle(t, toks)
             for u in t.subtree if u.i not in have]
    if not extra:
        return toks
    return sorted({t.i: t for t in toks + extra}.values(), key=lambda t: t.i)


def _resumes_after_aside(c: Token, toks: list[Token]) -> bool:
    """ "deliver a study, including two pilots, [for an approach to X]": the aside hangs on the
    object (not on the verb, as `_after_aside` reads it) and ends right before the comma that
    precedes `c`, a preposition of the verb."""
    doc = c.doc
    if c.dep_ != "prep" or c.lower_ not in RESUMING_PREPS or c.i < 3 or doc[c.i - 1].text != ",":
        return False
    for t in toks:
        if t.right_edge.i == c.i - 2 and t.left_edge.i > 0 and doc[t.left_edge.i - 1].text == "," and t.head.i != c.head.i:
            words = " ".join(u.lower_ for u in doc[t.left_edge.i:t.right_edge.i + 1])
            if t.lower_ == "including" and t.dep_ == "prep" or re.fullmatch(_HEDGE, words, re.I):
                return True
    return False


def _content_participle(c: Token, toks: list[Token]) -> bool:
    """ "submit a strategy to the President outlining steps ...": a participle that says what a
    written deliverable in the object holds (no comma before it), parsed as hung on the verb."""
    if c.tag_ != "VBG" or c.left_edge.i != c.i:
        return False
    words = c.lower_ + (" " + c.doc[c.i + 1].lower_ if c.i + 1 < len(c.doc) else "")
    if c.lower_ not in CONTENT_PARTICIPLES and words not in CONTENT_PARTICIPLES:
        return False
    return any(t.dep_ in ("dobj", "obj") and t.lemma_.lower() in CONTENT_NOUNS for t in toks)


def _routed_to_content(verb: Token, c: Token, toks: list[Token]) -> bool:
    """ "submit a report to the President through the APDP detailing progress in implementing X": a
    deliverable sent through an office (a name after "through") on its way to a participle that says what
    it holds is no means; the target runs on to what the report holds (train: seven lines of one order;
    the 160 shared orders write it 13 times, "through the Assistant to the President for National Security
    Affairs (APNSA), describing ...").  Only prepositions may come between the office and the participle
    ("through the Assistant to the President for Domestic Policy")."""
    if not any(o.dep_ == "pobj" and o.tag_ in ("NNP", "NNPS") for o in c.children):
        return False
    for later in sorted((x for x in verb.children if x.i > c.i), key=lambda t: t.i):
        if later.dep_ == "prep" or later.dep_ == "punct" and later.text == ",":
            continue
        return later.dep_ == "advcl" and _content_participle(later, toks)
    return False


def _object_after_hedge(verb: Token, toks: list[Token]) -> list[Token]:
    """ "develop, in collaboration with A, B, and C, a plan to ...": a phrase set off by
    commas right after the verb is a hedge; the object is what follows its closing comma
    (to the end of the clause), however the parser attached it."""
    doc = verb.doc
    if not toks or toks[0].dep_ != "prep" or toks[0].head.i != verb.i or toks[0].i != verb.i + 2 \
            or doc[verb.i + 1].text != ",":
        return []
    if any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return []
    end = toks[0].right_edge.i
    # "build, through this engagement, an accreditation scheme": the parser hangs the object on the
    # hedge's noun as an appositive, so the hedge ends before the comma that opens it
    shifted = [t for t in toks[0].subtree if t.dep_ == "appos" and t.left_edge.i > toks[0].i + 1
               and doc[t.left_edge.i - 1].text == "," and t.left_edge.tag_ in ("DT", "PRP$", "JJ", "CD")]
    if shifted:
        end = shifted[0].left_edge.i - 2
    sent_end = verb.sent.end
    if end + 2 >= sent_end or doc[end + 1].text != "," or not doc[end + 2].is_alpha:
        return []
    out = []
    for t in doc[end + 2:sent_end]:
        if t.text in (";", ":") or (t.text == "." and t.i == sent_end - 1):
            break
        out.append(t)
    return out


def _object_after_recipient(verb: Token, toks: list[Token], stop: set[int]) -> list[Token]:
    """ "provide to the President, through the Coordinator, a report on X": with the
    recipient first, the parser hangs the object on the last noun before it (an
    appositive); the object is the target, not "to the President".  (A question after the
    recipient, "recommend to the President whether X", is `_question_after_preps`'s.)"""
    if not toks or toks[0].lower_ != "to" or toks[0].dep_ not in ("prep", "dative") or toks[0].head.i != verb.i:
        return []
    if any(c.dep_ in ("dobj", "obj", "ccomp") and c.i > verb.i for c in verb.children):
        return []
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i <= toks[0].i:
            continue
        if c.dep_ == "prep" and c.i not in stop:
            for t in c.subtree:
                if t.dep_ == "appos" and t.i > t.head.i and t.doc[t.left_edge.i - 1].text == ",":
                    return subtree_tokens(t, stop)
    return []


# where a word the tagger took for a verb sits as a noun ("the county councils" tagged VBZ)
_NOUN_DEPS = frozenset({"pobj", "dobj", "compound", "amod", "nmod", "appos", "nsubj"})


def _question_after_preps(verb: Token, toks: list[Token]) -> list[Token]:
    """ "explore with local councils whether X", "recommend to the Minister, through the Board, whether
    X", "take forward with colleges and employers how we can Y": an indirect question is the object of
    a verb of considering or advising, and English writes it after the verb's prepositional phrases
    (it is heavy); the parser hangs it on the verb or on the last noun before it.  The target is the
    question, not the preposition that reads first.  Only when the target as read opens with a
    preposition of the verb, the verb has no object of its own, and nothing but those phrases and
    commas (no verb) comes between the verb and "whether"/"how".  Train: an order, a digital
    inclusion approach, a skills action plan."""
    doc = verb.doc
    if not toks or toks[0].dep_ not in ("prep", "dative") or toks[0].head.i != verb.i:
        return []
    if any(c.dep_ in ("dobj", "obj", "xcomp", "attr") and c.i > verb.i for c in verb.children):
        return []
    if any(t.dep_ not in ("advmod", "prt") for t in doc[verb.i + 1:toks[0].i]):
        return []
    preps = [c for c in verb.children if c.dep_ in ("prep", "dative") and c.i >= toks[0].i]
    for w in doc[toks[0].i + 1:verb.sent.end]:
        if w.text in (";", ":") or w.pos_ in ("VERB", "AUX") and w.dep_ not in _NOUN_DEPS:
            return []               # "submit to X a plan, which shall detail how ...": the question is the plan's
        if w.lower_ not in QUESTION_WORDS:
            continue
        clause = w.head
        if clause.dep_ not in ("advcl", "ccomp", "relcl") or clause.pos_ not in ("VERB", "AUX") \
                or clause.left_edge.i > w.i:
            return []
        # before "whether"/"how": the verb's prepositions, its adverbs, and an aside set off by commas
        # that the parser hung on the question ("with the unions, in the course of the year, how X")
        aside = set(range(clause.left_edge.i, w.i)) if doc[clause.left_edge.i - 1].text == "," else set()
        between = [t for t in doc[verb.i + 1:w.i] if not t.is_punct]
        if all(t.i in aside or any(p.left_edge.i <= t.i <= p.right_edge.i and not (clause.left_edge.i <= t.i <= clause.right_edge.i)
                                   for p in preps) or t.dep_ in ("advmod", "prt") and t.head.i == verb.i for t in between):
            return list(doc[w.i:clause.right_edge.i + 1])
        return []
    return []


def _object_after_addressee(verb: Token, toks: list[Token]) -> list[Token]:
    """ "submit to the Board of Directors a detailed assessment of X", "provide to the Administrator,
    through the Working Group, a summary of Y", "submit to the Director, the Council, and the Chief
    Data Officer a plan to Z": a verb of handing over (`HANDING_VERBS`) names its addressee first
    and its heavy object last, which the parser often reads as part of the addressee or as the
    subject of a clause of its own.  When the target as read is only "to <addressee>" and the verb
    has no object, the object is found by its words: an "a"/"an" right after a noun (a new noun
    phrase with no comma before it), or a stretch after a comma that opens like a noun phrase when
    every stretch before it (after the addressee) opens with a preposition ("through X", "within
    90 days").  The target runs from there to the end of the clause.  Train: two orders ("submit to
    the President a technical evaluation of X", "submit to the Co-Chairs of the Working Group a Data
    Action Plan")."""
    doc = verb.doc
    if verb.lemma_.lower() not in HANDING_VERBS or not toks or toks[0].lower_ != "to" or toks[0].head.i != verb.i:
        return []
    if any(t.dep_ not in ("advmod",) for t in doc[verb.i + 1:toks[0].i]):
        return []
    if any(c.dep_ in ("dobj", "obj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return []
    end = next((t.i for t in doc[toks[0].i:verb.sent.end] if t.text in (";", ":")), verb.sent.end)
    start = None
    after_comma = False
    aside = False
    for t in doc[toks[0].i + 1:end]:
        if t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" and t.dep_ not in _NOUN_DEPS:
            return []               # a clause of its own before any object
        if t.text == ",":
            after_comma, aside = True, False
            continue
        if after_comma:
            after_comma = False
            if t.tag_ in ("IN", "RB"):
                aside = True        # "through the Working Group", "within 90 days of this order"
                continue
            if t.tag_ in _OBJECT_OPENERS and t.lower_ not in ("such",) and _aside_before(doc, toks[0].i, t.i):
                start = t.i
                break
            continue
        if not aside and t.lower_ in ("a", "an") and doc[t.i - 1].tag_.startswith("NN"):
            start = t.i             # "to the Board of Directors [a detailed assessment]"
            break
    if start is None:
        return []
    out = list(doc[start:end])
    while out and out[-1].is_punct:
        out.pop()
    return out if any(t.pos_ in ("NOUN", "PROPN") for t in out) else []


def _object_after_place(verb: Token, toks: list[Token]) -> list[Token]:
    """ "publish on a public website an annual Environmental Justice Scorecard", "include in a contract
    involving a City-contracted vehicle the requirements identified in this section": with no comma, a
    heavy object written after the place or channel it goes to, which the parser hangs on that place's
    noun.  As `_object_after_addressee` reads it for a verb of handing over: the verb has no object of
    its own, the target as read opens with the preposition right after the verb, and a new noun phrase
    ("a", "an", "the") follows a noun with no comma or verb between (round 53, train: EO 14008 and a New
    York City order; "post on its website a summary" the parser reads right)."""
    doc = verb.doc
    if not toks or toks[0].i != verb.i + 1 or toks[0].lower_ not in PLACE_PREPS or toks[0].head.i != verb.i:
        return []
    if any(c.dep_ in ("dobj", "obj", "ccomp", "xcomp", "attr") and c.i > verb.i for c in verb.children):
        return []
    end = next((t.i for t in doc[toks[0].i:verb.sent.end] if t.text in (";", ":")), verb.sent.end)
    for t in doc[toks[0].i + 1:end]:
        if t.text == "," or (t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN", "VBG")):
            return []
        if t.lower_ in ("a", "an", "the") and doc[t.i - 1].tag_ in ("NN", "NNS", "NNP", "NNPS"):
            out = list(doc[t.i:end])
            while out and out[-1].is_punct:
                out.pop()
            return out if any(x.pos_ in ("NOUN", "PROPN") for x in out) else []
    return []


def _aside_before(doc: Doc, to_i: int, i: int) -> bool:
    """Every stretch between the addressee's commas and `i` opens with a preposition or an adverb,
    so the noun phrase at `i` is no further addressee of a list ("to A, B, and C")."""
    opened = [doc[k + 1] for k in range(to_i, i - 1) if doc[k].text == ","]
    return bool(opened) and all(o.tag_ in ("IN", "RB") for o in opened)


_OBJECT_OPENERS = frozenset({"DT", "PRP$", "JJ", "JJS", "JJR", "CD", "NN", "NNS"})
# how the parser hangs an object written after the verb's asides: on the noun before it
_SHIFTED_OBJECT_DEPS = ("appos", "pobj", "dobj", "npadvmod", "attr")


def _object_after_asides(verb: Token, toks: list[Token]) -> list[Token]:
    """ "submit to the Secretary, within 90 days of this order, a plan that ...", "publish on the
    website, and disseminate via newsletters, a report on X": a heavy object written after the
    verb's prepositional phrases and asides set off by commas (English puts a long object last).
    The parser hangs it on the last noun before it (an appositive, a second object of a
    preposition); the object is the target, not the preposition.  Only when the verb has no
    object of its own, the target as read opens with a preposition right after the verb, every
    stretch between the commas opens with a preposition, an adverb or "and"/"or" and a verb, and
    the object is no item of a list ("with A, B, and C": the parser makes those conjuncts)."""
    doc = verb.doc
    if not toks or toks[0].i != verb.i + 1 or toks[0].tag_ != "IN" or toks[0].dep_ not in ("prep", "dative") \
            or toks[0].lower_ in COMPLEMENT_PREPS:
        return []
    if any(c.dep_ in ("dobj", "obj", "ccomp", "xcomp", "attr") and c.i > verb.i for c in verb.children):
        return []
    # the clause after the verb, up to a ";" or ":" (or the sentence's end), in stretches between commas
    end = next((t.i for t in doc[verb.i + 1:verb.sent.end] if t.text in (";", ":")), verb.sent.end)
    chunks: list[list[Token]] = [[]]
    for t in doc[verb.i + 1:end]:
        if t.text == ",":
            chunks.append([])
        else:
            chunks[-1].append(t)
    while chunks and all(t.is_punct for t in chunks[-1]):
        chunks.pop()                 # the sentence's closing stop, a trailing comma
    for k in range(1, len(chunks)):
        ch = chunks[k]
        if not ch:
            return []
        first = ch[0]
        if first.tag_ in ("IN", "RB", "VBG") and first.lower_ not in ("that", "which", "including"):
            continue                 # "within 90 days of this order", "as appropriate"
        if first.tag_ == "CC" and len(ch) > 2 and ch[1].tag_ == "VB" and ch[1].dep_ == "conj" and ch[2].tag_ == "IN":
            continue                 # "and disseminate via newsletters": a verb sharing the object
        if first.tag_ not in _OBJECT_OPENERS:
            return []
        heads = [t for t in ch if not t.is_punct and (t.head.i == t.i or t.head.i < ch[0].i or t.head.i > ch[-1].i)]
        if len(heads) != 1 or heads[0].pos_ not in ("NOUN", "PROPN") or heads[0].dep_ not in _SHIFTED_OBJECT_DEPS \
                or first.lower_ == "such":
            return []               # one noun phrase ("..., the Secretary shall X" has a verb as its head)
        nxt = chunks[k + 1] if k + 1 < len(chunks) else []
        if len(nxt) > 1 and nxt[0].lower_ in ("and", "or") and nxt[1].tag_ in _OBJECT_OPENERS | {"NNP"}:
            return []                # "A, the B, and the C": a list
        out = list(doc[first.i:end])
        while out and out[-1].is_punct:
            out.pop()
        return out
    return []


def _to_complement(toks: list[Token], c: Token) -> bool:
    """ "enhance the resilience of ecosystems to climate variability and change", "analyze the
    threats to mature and old-growth forests": the parser reads "to climate", "to mature" as an
    infinitive on the verb, but after a noun that takes a "to" phrase (TO_COMPLEMENT_NOUNS:
    access, resilience, threat ...) it says what the thing is (train: ndc-ken,
    eo-14072).  The object's head noun or its last noun must be such a noun, with the "to"
    right after the object."""
    if not toks or not has_to(c) or c.left_edge.lower_ != "to" or c.left_edge.i != toks[-1].i + 1:
        return False
    nouns = [t for t in toks if t.pos_ in ("NOUN", "PROPN")]
    heads = [t for t in toks if t.dep_ in ("dobj", "obj")][:1] + nouns[-1:]
    return any(t.lemma_.lower() in TO_COMPLEMENT_NOUNS for t in heads)


def _takes_infinitive(toks: list[Token]) -> bool:
    """Whether an infinitive after this object says what the object is: a noun such as
    "efforts to ...", an amount of money ("£17 million to expand the network"), or the
    subject of a for-infinitive ("the time line for DHS to review")."""
    nouns = [t for t in toks if t.pos_ in ("NOUN", "PROPN")]
    if nouns and nouns[-1].lemma_.lower() in INFINITIVE_NOUNS:
        return True
    if any(t.ent_type_ == "MONEY" or t.tag_ == "$" for t in toks):
        return True
    last = toks[-1] if toks else None
    return last is not None and last.dep_ == "pobj" and last.head.lower_ == "for"


def _named_thing(toks: list[Token]) -> bool:
    """The object is a thing named by a proper name ("a Food and Drink Environmental Action
    Plan", "the USGv6 Profile", "P2AD Partnership Program"): it is identified, so an
    infinitive after it says what it is used for, a purpose (ANNOTATION.md 4)."""
    objs = [t for t in toks if t.dep_ in ("dobj", "obj")]
    if not objs:
        return False
    head = objs[0]
    if head.tag_ != "NNP" or not head.text[:1].isupper() or head.lemma_.lower() in LAW_NOUNS:
        return False
    return any(c.dep_ in ("compound", "nmod", "amod") and c.i < head.i and c.text[:1].isupper()
               for c in head.children)


def _dated(prep: Token) -> bool:
    """ "through 2030", "through the end of 2025": a deadline, not a means."""
    nxt = prep.doc[prep.i + 1] if prep.i + 1 < len(prep.doc) else None
    return nxt is not None and (nxt.like_num or nxt.lower_ in ("the", "to") and any(
        t.like_num for t in prep.doc[prep.i + 1:min(len(prep.doc), prep.i + 6)]))


def _cut_purpose(toks: list[Token]) -> list[Token]:
    """Cut a means phrase on a verb inside the object ("help partners purchase vaccines
    [through $3.3 billion of loans]"), and a purpose infinitive after an object that already
    names its thing ("set up a data exchange platform [to support monitoring]").  An
    infinitive on a bare noun stays: it says what the thing is ("legislation to measure
    methane emissions", "measures to protect wetlands")."""
    if len(toks) < 3:
        return toks
    ids = {t.i for t in toks}
    first = toks[0].i
    for t in toks:
        if t.i <= first + 1 or t.head.i not in ids or t.head.i >= t.i:
            continue
        cut = None
        if t.dep_ == "prep" and t.lower_ in MEANS_PREPS and not _dated(t) and (
                t.head.pos_ in ("VERB", "AUX") or _means_on_object(t, toks)):
            cut = t.i
        elif _purpose_infinitive(t, [u for u in toks if u.i < t.left_edge.i]):
            cut = t.left_edge.i
        elif _comma_before(t) and (t.dep_ == "advcl" and t.tag_ == "VBG" and t.left_edge.i == t.i
                                   or t.dep_ == "appos" and t.left_edge.lower_ in ("a", "an")):
            cut = t.left_edge.i - 1     # ", giving people more choice": a description; ", a countywide effort to ...": an aside
        if cut is not None and any(u.pos_ in ("NOUN", "PROPN", "NUM") for u in toks if u.i < cut):
            return [u for u in toks if u.i < cut]
    return toks


def _means_on_object(t: Token, toks: list[Token]) -> bool:
    """ "promote inclusive growth [through the Regeneration Capital Grant Fund]", "build
    community support for renewable energy [through education and outreach]": "through"
    hung by the parser on the object's noun says how the action is done, not which thing
    it is (train: uk-scot-economic-action-plan-headline-actions, ndc-mex; validation:
    state-chatham-county-energy); the object before it must already name its thing in two
    content words."""
    head = t.head
    return head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("dobj", "obj", "pobj") \
        and len(_content([u for u in toks if u.i < t.i])) >= 2


# content words a noun phrase needs before a following infinitive reads as a purpose
# rather than as what the thing is ("a Bill to reform X" keeps it; "a regional data
# exchange platform to support X" is complete without it)
_PURPOSE_MIN_WORDS = 3


def _purpose_infinitive(t: Token, before: list[Token]) -> bool:
    """`t` heads "to VERB ..." hung on a noun of the object, and the words before it already
    make a complete thing of at least `_PURPOSE_MIN_WORDS` content words whose head noun
    does not take an infinitive as its content ("efforts to", "a plan to")."""
    if t.dep_ not in ("acl", "advcl", "relcl", "xcomp") or t.tag_ != "VB" or not has_to(t) or t.left_edge.lower_ != "to":
        return False
    head = t.head
    if _participle_in_object(head):
        return (head.tag_ == "VBG" or t.left_edge.i > head.i + 1) and _complete_thing(before) and not any(
            u.pos_ in ("NOUN", "PROPN") and u.lemma_.lower() in INFINITIVE_NOUNS and u.dep_ in ("dobj", "obj")
            for u in before)
    if t.dep_ == "xcomp":
        return False
    if head.pos_ not in ("NOUN", "PROPN") or head.lemma_.lower() in INFINITIVE_NOUNS | TO_COMPLEMENT_NOUNS:
        return False
    if head.dep_ == "pobj" and head.head.lower_ != "of":
        return False    # "match use on an hourly basis to achieve X": hung on an adverbial phrase
    if before and before[-1].pos_ == "ADJ":
        return False    # "the assistance necessary to implement X": the adjective's complement
    if before and before[-1].text in (",", "(", "—", "–"):
        return True     # ", to support ...": set off from the noun
    return _complete_thing(before)


def _participle_in_object(head: Token) -> bool:
    """A participle or gerund inside the object that an infinitive hangs on: "policies submitted by
    the agencies [to ensure X]", "technology horizon scanning [to provide advice]", "the assessment of
    establishing a marketplace [to help people ...]" -- the parser hangs the purpose on the nearest
    verb form, which describes the object and takes no infinitive of its own (train:
    fr-wh-memo-scientific-integrity, nat-au-dta-corporate-plan-2017-20,
    nat-nz-digital-public-service-strategy-2020).  Not right after a past participle, whose own
    complement it is ("the recommendations designed [to remove X]", "skills needed [to thrive]"),
    nor after an object whose noun takes an infinitive as its content ("a strategy for using
    Embassy Deal Teams [to identify projects]": what the strategy is)."""
    return head.tag_ in ("VBN", "VBG") and head.dep_ in ("acl", "pcomp") and head.head.pos_ in ("NOUN", "PROPN", "ADP")


def _comma_before(t: Token) -> bool:
    return t.left_edge.i > 0 and t.doc[t.left_edge.i - 1].text == ","


def _complete_thing(toks: list[Token]) -> bool:
    """The object so far names its thing: at least `_PURPOSE_MIN_WORDS` content words, not
    ending on an adjective that wants a complement ("support necessary [to run X]")."""
    if toks and toks[-1].pos_ == "ADJ":
        return False
    n = len(_content(toks))
    return n >= _PURPOSE_MIN_WORDS or n == _PURPOSE_MIN_WORDS - 1 and _plain_thing(toks)


def _plain_thing(toks: list[Token]) -> bool:
    """A two-word object that names a made thing, not an act or a body: "educational
    material", "the welfare system", "our energy transition" (train: state-winston-salem-
    sustainability-plan, uk-dwp-single-departmental-plan-2015; validation: multi-indonesia-jetp).  An
    infinitive after it is a purpose; after "policies and measures" (nouns whose infinitive
    is their content) or "key industries" (who does the infinitive) it is not."""
    nouns = [t for t in toks if t.pos_ in ("NOUN", "PROPN")]
    if not nouns or any(t.lemma_.lower() in INFINITIVE_NOUNS for t in nouns):
        return False
    last = nouns[-1]
    low = {last.lower_, last.lemma_.lower()}
    return not low & (ACTOR_NOUNS | PEOPLE_NOUNS | AGENT_WORDS) and last.tag_ not in ("NNS", "NNPS")


def _content(toks: list[Token]) -> list[Token]:
    return [u for u in toks if (u.is_alpha or u.like_num) and not u.is_stop]


def trim_target(text: str) -> str:
    """Remove what is not part of the thing: citations ("pursuant to section 1115 of title 31"),
    examples after a complete phrase (", including ..."), hedges ("as appropriate"), trailing
    participles ("developed pursuant to ..."), and a dangling last word ("to", "of", "that")."""
    m = TARGET_TAIL.search(text)
    if m and re.search(r"[A-Za-z0-9]", text[:m.start()]):
        text = text[:m.start()]
    m = TARGET_AFTER_COMPLETE.search(text)
    if m and len(re.findall(r"[A-Za-z0-9]+", text[:m.start()])) >= 2:
        text = text[:m.start()]
    m = TARGET_MANNER_TAIL.search(text)
    before = [w.lower() for w in re.findall(r"[A-Za-z0-9]+", text[:m.start()])] if m else []
    if m and len(before) >= 2 and not set(before) & set(PREDICATE_VERBS) and not before[-1].endswith("ed"):
        # "link our economies [more closely for the benefit of all]": for whom; not after a participle
        # ("a plan developed in consultation with industry": how the thing is made)
        text = text[:m.start()]
    m = _EXAMPLES.search(text)
    if m and len(re.findall(r"[A-Za-z0-9]+", text[:m.start()])) >= (1 if m.group("word").lower() == "including" else 3) \
            and not _CLAUSE_TARGET.match(text) and not _GERUND_AFTER.search(text[:m.start()]):
        text = text[:m.start()]     # "research on coastal erosion [such as dune surveys]": examples, no comma before
    text = CITATION.sub(_citation, text)
    text = re.sub(r"[\s,;:]+(?:and|or|as\s+well\s+as|and\s+also)$", "", text).rstrip(" ,;:")
    # "submit a strategy and action plan that will:" -- the relative clause's modal with its verbs in the
    # items below (round 53, train: NSM-16) is no part of the plan
    text = _DANGLING_RELATIVE.sub("", text)
    while True:
        words = text.rsplit(None, 1)
        if len(words) < 2 or words[1].lower() not in TARGET_END_WORDS:
            break
        if words[1] == "A" and re.search(r"\b[A-Z][\w-]*$", words[0]):
            break       # "champions at Band A", "Schedule A": a label's letter after its capitalised noun, no article
        text = words[0].rstrip(" ,;:")
    return text


_DANGLING_RELATIVE = re.compile(r"\s+(?:that|which|who)\s+(?:shall|will|must|should|would|can|may)(?:\s+\w+ly)?$", re.I)


# Examples after a noun with no comma before them ("in sectors like mining", "tools such as
# maps"); not "would like", "look like", "more like", where "like" is a verb or an adverb.  "such as"
# and "like" need a phrase of three words before them ("tools such as maps" stays whole); "including"
# any ("use strategies [including demand management]": train and validation gold cut it 20 times of
# 20, after one word twice).  Not "such as to" ("characteristics such as to guarantee X"), not inside a
# clause ("ensure that officials including CAOs are given X": the clause's subject, `_CLAUSE_TARGET`)
# and not the gerund after a preposition ("by including women", `_GERUND_AFTER`).
_EXAMPLES = re.compile(r"(?<=[a-z])(?<!\bwould)(?<!\blook)(?<!\blooks)(?<!\bfeel)(?<!\bmore)(?<!\bmuch)(?<!\bseem)"
                       r"\s+(?P<word>such\s+as(?!\s+to\s)|like|including)\s+(?=[\w“\"'])")
# a target that is a clause ("that officials including X are given Y", "whether ..."): the words after
# "including", "such as" or "like" may be examples of its own subject, before its verb
_CLAUSE_TARGET = re.compile(r"(?:that|whether|how|what|where|when|which|who)\s", re.I)
# a preposition before "including": the gerund of "include", not examples ("an approach [by including]
# women from all regions", "a budget [for including] new members")
_GERUND_AFTER = re.compile(r"\b(?:for|by|of|in|on|to|with|without|about|from|after|before)\s*$", re.I)


def _citation(m: re.Match[str]) -> str:
    """A citation goes, unless a participle before it makes it say which thing is meant:
    "the report described in section 2(d) of this order"."""
    before = m.string[:m.start()].rsplit(None, 1)
    if before and before[-1].lower() in ("described", "defined", "listed", "specified", "identified", "referenced",
                                         "forth", "to", "in", "under"):
        return m.group(0)
    if before and before[-1].lower().endswith("ing") and re.match(
            r"(?:the\s+)?(?:sections?|subsections?|sec\.|§|title|part|chapter|paragraph|subparagraph|clause|article)\b",
            m.group(0).lstrip(" ,"), re.I):
        # "a report detailing progress in implementing section 11 of this order": the section is what
        # the gerund acts on, no note of where a duty comes from (train: the report lines of one order)
        return m.group(0)
    return ""


# An aside set off by commas before a complement that goes on: a hedge or an "including" list
# without commas of its own ("guidance[, as necessary,] for best practices", "options[,
# including recommendations for legislation,] for an approach to X").
_INNER_ASIDE = re.compile(r"\s*,\s*(?:" + _HEDGE
                          + r"|including\s[^,;()]+?)\s*,\s*(?=(?:" + "|".join(p for p in RESUMING_PREPS if p != "to")
                          + r"|to\s+(?:the|a|an|its|their|all|each)\b)\s)", re.I)
# a hedge before the infinitive that says which procedures, guidance or opportunities ("procedures,
# consistent with applicable law, to provide X", "seek opportunities, consistent with applicable law, to
# adopt Y"); after other nouns the infinitive is a purpose and goes with the hedge ("a plan, as
# appropriate, to reduce delays": TRAILING)
_HEDGE_BEFORE_INFINITIVE = re.compile(r"(?:(?<=\bprocedures)|(?<=\bprocedure)|(?<=\bguidance)|(?<=\bopportunities))\s*,\s*" + _HEDGE
                                      + r"\s*,\s*(?=to\s+[a-z]+\b)", re.I)


def clean_target(text: str) -> str:
    text = _INNER_ASIDE.sub(" ", text)
    text = _HEDGE_BEFORE_INFINITIVE.sub(" ", text)
    text = TRAILING.sub("", text)
    text = trim_target(text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(?:and|or|as well as|also)\s+", "", text, flags=re.I)
    text = re.sub(r"[\s,;:]+(?:and|or|as\s+well\s+as|and\s+also)?$", "", text).strip(" ,;:")
    if text.endswith(".") and not re.search(r"(?:\b[A-Z]|\bNo|\bet al)\.$", text):
        text = text[:-1].rstrip(" ,;:")
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].rstrip(" ,;")
    return _first_of_long_list(text)


# content words each item of a serial list needs before the target is cut to its first item
_LONG_ITEM_WORDS = 3
_FIRST_ITEM_WORDS = 5
# the last word of a list item that names bodies or people ("health providers", "cooperatives")
_BODY_WORDS = {w.lower() for w in ACTOR_NOUNS | PEOPLE_NOUNS | AGENT_WORDS}


def _first_of_long_list(text: str) -> str:
    """ "an analysis of the role of foreign supply chains in the pandemic supply chain, the
    country's role in the international supply chain, and options for X", "a report describing
    what actions agencies have taken to implement the Act, data and analysis regarding its use,
    and additional steps agencies will take": a serial list ("A, B, and C") of long phrases is
    one undertaking per phrase, and the target is the first (train: eo-14001, eo-14092,
    dev-adb-cobp-bangladesh-2011-2013).  Only when every item holds at least `_LONG_ITEM_WORDS`
    content words and the first at least `_FIRST_ITEM_WORDS`: a list of short things ("public
    transport, taxis and urban logistics", "buildings, campuses, and installations") is one
    thing, and so is a pair ("A, and B"); a list of bodies or people says who it is for, and a
    list of names ("the X Act of 1974, the Y Act of 1986, and any other relevant laws") qualifies
    the first phrase (an order on climate-related financial risk, labelled in round 12)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):      # commas outside brackets and quotation marks
        if ch in "(“[":
            depth += 1
        elif ch in ")”]":
            depth -= 1
        elif ch == "," and depth <= 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    if len(parts) < 3 or not re.match(r"\s*(?:and|or)\s", parts[-1]):
        return text
    sizes = [len([w for w in re.findall(r"[A-Za-z0-9]+", p) if w.lower() not in STOP_WORDS]) for p in parts]
    if sizes[0] < _FIRST_ITEM_WORDS or min(sizes[1:]) < _LONG_ITEM_WORDS:
        return text
    if any(re.match(r"\s*(?:the\s+)?[A-Z]", p) for p in parts[1:-1]):
        return text             # "under the X Act of 1974, the Y Act of 1986, and any other laws": named things
    lasts = [re.findall(r"[A-Za-z]+", p)[-1:] for p in parts[1:]]
    if any(w and w[0].lower() in _BODY_WORDS for w in lasts):
        return text             # "access to X for Tribal governments, health providers, and urban organizations": who for
    return parts[0].rstrip()


def merge_shared_objects(frames: list[Frame], doc: Doc) -> list[Frame]:
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


def gapped(sent: Span, frames: list[Frame], deadlines: list[DeadlineMatch]) -> list[Frame]:
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
        covered = max(f.target_end or 0, v.idx + len(v.text))
        for k, t in enumerate(toks):
            if t.idx < covered or t.lower_ not in ("and", "while") or k + 2 >= len(toks):
                continue
            if any(d.start <= t.idx < d.end for d in deadlines):
                continue            # "between now and year-end 2020": the "and" of a time, no second clause
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
                nf.target_text = doc_text(doc)[start:np_end]
                nf.quantity_text = doc_text(doc)[seg[first_num].idx:end]
                if own:
                    nf.deadline, nf.deadline_scope = own[0], "own"
                out.append(nf)
            elif first_num == 0 and own and (f.deadline is None or own[0].start != f.deadline.start):
                nf = replace(f, target_start=start, target_end=own[0].start, deadline=own[0], deadline_scope="own")
                nf.target_text = clean_target(doc_text(doc)[start:own[0].start])
                nf.quantity_text = nf.target_text
                out.append(nf)
            break
    return out


def verb_part(f: Frame, doc: Doc, start: int, text: str) -> Frame | None:
    """A ';'-separated part that starts with its own verb: "; support markets for ..."."""
    lead = len(text) - len(text.lstrip())
    span = doc.char_span(start + lead, start + len(text), alignment_mode="expand")
    if span is None or len(span) < 2:
        return None
    tok = span[0]
    if tok.tag_ not in ("VB", "VBG") or tok.text[:1].isupper() or tok.lower_ in NOT_PART_VERBS:
        return None
    if tok.tag_ == "VBG" and f.kind != "item_verb" and doc[f.verb].tag_ != "VBG":
        return None
    k = 1
    while k < len(span) and (span[k].dep_ == "prt" or span[k].lower_ in PART_PARTICLES) and span[k].head.i == tok.i:
        k += 1
    rest = span[k:]
    if not len(rest):
        return None
    nf = replace(f, verb=tok.i, action=action_text(tok), action_lemma=tok.lemma_.lower())
    nf.target_start = rest.start_char
    nf.target_text = clean_target(doc_text(doc)[rest.start_char:start + len(text)])
    nf.target_end = rest.start_char + len(nf.target_text)
    nf.quantity_text = nf.target_text
    return nf


# what an item's "including" opens that is an undertaking of its own, not examples of the item's
# thing: a means clause ("including by expanding X", ANNOTATION.md section 1) or a nested list
# ("including information on: (A) ..."); train and validation: executive orders' report items
_INCLUDED_UNDERTAKING = re.compile(r"(?:by|through|via)\s+\w+ing\b|[^:;]*:", re.I)
_MEANS_GERUND = re.compile(r"(?:by|through|via)\s+(\w+ing)\b", re.I)


def split_frames(frames: list[Frame], deadlines: list[DeadlineMatch], doc: Doc) -> list[Frame]:
    """Split targets that hold several deadlines or ';'-separated items; remove the
    deadline phrase and what follows it from the target; cut a nested "including X by Y"."""
    out: list[Frame] = []
    for f in frames:
        if f.target_start is None or f.kind == "lead_in":
            out.append(f)
            continue
        _prefer_front_deadline(f, deadlines, doc)
        ts, te = f.target_start, f.target_end
        inner = [d for d in deadlines if ts <= d.start < te and not d.weak]
        end_year = _closing_year(f, deadlines, doc)
        if end_year is not None and not inner:
            inner = [end_year]
        if f.deadline is not None and f.deadline not in inner and ts <= f.deadline.start < te:
            inner.append(f.deadline)
        inner.sort(key=lambda d: d.start)
        text = f.target_text
        if len(inner) >= 2:
            pos = ts
            for k, d in enumerate(inner):
                seg = text[pos - ts:d.start - ts]
                nf = replace(f, target_start=pos, target_end=d.start, deadline=d, deadline_scope="own")
                nf.target_text = clean_target(re.sub(r"^[\s,;]*(?:and|or|including)?\s*", "", seg))
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
            f.target_text = clean_target(head)
            f.target_end = d.start
            if _CONTENT_AFTER.match(rest) and _CONTENT_BEFORE.search(head) or d.weak and _NOUN_GOES_ON.match(rest):
                # "submit a report to the President [within 60 days] describing X": the deadline goes, what
                # the report holds stays
                f.target_text = clean_target(head.rstrip() + " " + rest.strip())
                f.target_end = te
            elif not head.strip() and not m and _opens_noun_phrase(doc, after := d.end + len(rest) - len(rest.lstrip(" ,"))):
                # the time before the object: "will establish [by 1 January 2014] a working group"
                f.target_text = clean_target(rest.strip(" ,"))
                f.target_start, f.target_end = after, te
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
                nf.target_text = clean_target(sub)
                nf.target_end = nf.target_start + len(nf.target_text)
                nf.quantity_text = nf.target_text
                out.append(nf)
            continue
        # list items: "X, including Y" -> X; Y on its own only when it is a means ("including by
        # building Z") or a list of its own ("including information on: (A) ...")
        if f.kind == "item_np":
            m = re.search(r",\s*including\s+", text)
            if m:
                f.target_text = clean_target(text[:m.start()])
                out.append(f)
                if not _INCLUDED_UNDERTAKING.match(text[m.end():]):
                    continue        # "(ii) other goods, including digital products": examples of the item's thing
                means = _MEANS_GERUND.match(text[m.end():])
                start = m.end() + (means.start(1) if means else 0)
                nf = replace(f, target_start=ts + start)
                nf.target_text = clean_target(text[start:])
                if means:           # "including by expanding X": the gerund is the action, X the target
                    nf.verb_guess = base_of_gerund(means.group(1).lower())
                    nf.verb_guess_end = ts + start + len(means.group(1))
                nf.quantity_text = nf.target_text
                out.append(nf)
                continue
        # "X; Y; and Z" as coordinated objects: one commitment each
        parts = semicolon_parts(text)
        if len(parts) > 1 and f.kind != "item_np":
            taken = {g.verb for g in frames}
            examples = _examples_series(parts[0][1])
            for k, (off, part) in enumerate(parts):
                vf = verb_part(f, doc, ts + off, part) if k else None
                if vf is not None:
                    if vf.verb not in taken:
                        out.append(vf)
                    continue
                if k and examples and not _ITEM_AFTER.match(part):
                    continue        # "consult stakeholders—such as industry; academia; and labor unions"
                nf = replace(f, target_start=ts + off)
                nf.target_text = clean_target(part)
                nf.quantity_text = nf.target_text
                out.append(nf)
            continue
        f.target_text = clean_target(text)
        out.append(f)
    return out


# a weak time inside the object ("bring forward proposals [in 2020] for ...", "publish a White Paper [in 2016]
# that will set out ..."; clauses._time_of_object): the noun's complement or relative clause after it stays
_NOUN_GOES_ON = re.compile(r"\s*(?:that|which|for|on|of|about)\s", re.I)
_CONTENT_AFTER = re.compile(r"\s*(?:" + "|".join(r"\s+".join(w.split()) for w in CONTENT_PARTICIPLES) + r")\s", re.I)
_CONTENT_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(CONTENT_NOUNS)) + r")s?\b", re.I)


# "in 2030", "for the year 2030", "in early 2024", "in March 2026", "in 2019/20" (round 20: three
# undertakings of two newly labelled documents, "deploy a cutter to the Pacific in early 2024",
# "run an open policy making exercise in early 2013", "pilot apprenticeships in 2019/20")
# Round 21: "from" a year or a date ("introduce a new tax relief ... from 1 April 2016", "introducing a new
# programme from 2017": train gold in three UK documents reads what starts then as due then; a baseline, "a 30%
# cut from 2005", is no deadline match at all, deadlines._from_year).
# Round 34: "during" as "in" ("review the list during 2014", "through mandatory training during 2013": train
# and validation gold read all three "during" + year after an object as the deadline), and a part of the year
# before it: a season ("hold a consultation in spring 2014", "launched in Autumn 2013", "offered training
# from summer 2013"), a quarter or a half ("table requirements in the first quarter of 2023").
# Round 50: "on" with a whole date ("open the registry on 15 June 2020"; `deadlines` reads "on" only with its day).
# Round 35: "around" as "in" ("stabilise its emissions with the aim of peaking around 2030": five train lines
# of an NDC, all with the year; national pledges write "peak around 2030" so).
_CLOSING_YEAR = re.compile(r"(?i)(?:in|at|for|from|during|around|on)\s+(?:the\s+year\s+)?(?:the\s+)?(?:(?:early|late|mid)[-\s]+)?"
                           r"(?:(?:" + "|".join(QUARTER_WORDS) + r")\s+(?:quarter|half)\s+of\s+(?:the\s+year\s+)?)?"
                           r"(?:(?:" + "|".join(SEASON_END_MONTHS) + r")\s+(?:of\s+)?)?"
                           r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
                           r"(?:(?:" + "|".join(MONTH_NAMES) + r")\.?\s+)?\d{4}(?:\s*[-–/\u2010-\u2012]\s*\d\d)?$")


def _opens_noun_phrase(doc: Doc, char: int) -> bool:
    """Whether the word at `char` can open an object noun phrase ("a", "new", "its", "Member States"), not
    an adverb or phrase that closes a clause ("periodically thereafter", "at the latest")."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span[0]
    return tok.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM") or tok.tag_ == "PRP$"


# a non-restrictive clause after the time, which the parser hangs on the year: "introducing a new programme
# from 2017, which we will work with local partners to deliver"
_ASIDE_AFTER = re.compile(r"\s*,\s*(?:which|who)\b", re.I)


def _closing_year(f: Frame, deadlines: list[DeadlineMatch], doc: Doc) -> DeadlineMatch | None:
    """A future year that closes the target of an undertaking with no deadline of its own:
    "cap emissions at 290 Mt in 2030", "reduce losses to 15 percent at 2030", "hold a joint
    exercise in 2026" -- a level to reach, or a thing to do, in that year (ANNOTATION.md 5).
    A weak phrase ("in"/"for"/"at" + year) elsewhere in the target describes the thing."""
    if f.deadline is not None or f.target_start is None or f.target_end is None:
        return None
    for d in deadlines:
        if not d.weak or d.date is None or not (f.target_start < d.start < f.target_end):
            continue
        rest = doc_text(doc)[d.end:f.target_end]
        closes = rest.strip(" .,;:)") == "" or _ASIDE_AFTER.match(rest) or _on_the_verb(d, f, doc)
        if closes and _CLOSING_YEAR.match(d.text.strip()) and not _in_described_event(d, f, doc):
            return d
    return None


def _on_the_verb(d: DeadlineMatch, f: Frame, doc: Doc) -> bool:
    """The phrase's preposition hangs on the undertaking's own verb, with more of the target after
    it: "provide £100 million to hospitals in 2027-28 for new wards" -- the year the money is given,
    not a year that names a thing in the object ("the 2030 agenda", "a plan adopted in 2020")."""
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    prep = span[0]
    return prep.dep_ == "prep" and prep.head.i == f.verb


def _in_described_event(d: DeadlineMatch, f: Frame, doc: Doc) -> bool:
    """The year belongs to a clause that describes something in the object, not to the
    undertaking: "take into account the needs of A and B, which became members in May 2014"
    (validation: dev-adb-rcobp-south-asia-2015-2017)."""
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return False
    for tok in span[0].ancestors:
        if tok.i == f.verb:
            return False
        if tok.dep_ in ("relcl", "acl", "advcl") or tok.tag_ == "VBD":
            return True
    return False


def _prefer_front_deadline(f: Frame, deadlines: list[DeadlineMatch], doc: Doc) -> None:
    """Two dates in a sentence: "Within 90 days of the date of this order, the Secretary shall
    submit a plan to reach net zero by 2050" -- the phrase before the clause says when the
    action is due; the year nested inside the object describes the thing."""
    d = f.deadline
    if d is None or f.target_start is None or not (f.target_start <= d.start < (f.target_end or 0)):
        return
    verb = doc[f.verb]
    if f.actor_start is not None and f.actor_start < verb.idx:
        front = [x for x in deadlines if not x.weak and x.end <= f.actor_start and x.start >= f.sent_start]
    else:   # no subject before the verb: only a phrase that opens the sentence ("(i) By 2030, ...")
        opening = re.match(r"\s*(?:\(?[0-9a-zA-Z]{1,4}[.)]\s+)?", doc_text(doc)[f.sent_start:verb.idx]).end()
        front = [x for x in deadlines if not x.weak and x.start == f.sent_start + opening]
    if not front:
        return
    span = doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None or span[0].head.i == verb.i:
        return
    f.deadline, f.deadline_scope = front[-1], "front"


def _examples_series(first: str) -> bool:
    """The first ";"-separated part of a target opens a list of examples ("outside stakeholders—such
    as private industry; academic institutions; labor unions", "experts, including farmers;
    engineers"): the later noun parts are more examples of the same object, not objects of their own
    (one commitment: "consult outside stakeholders"; four of the 160 orders write that sentence, and three of
    them gave five records each)."""
    m = _EXAMPLES_OPEN.search(first)
    return m is not None and not _ITEM_AFTER.match(first[m.end():])


# what opens examples of a thing ("stakeholders—such as industry", "experts, including farmers", "e.g.")
_EXAMPLES_OPEN = re.compile(r"(?:[,—–]\s*|\s-{1,2}\s+|\s)(?:such\s+as|including|e\.g\.|for\s+example|"
                            r"for\s+instance|in\s+particular|notably|among\s+others)\b", re.I)
# ... unless what follows is a lettered list ("including: (A) X; (B) Y", "(A) a plan, including X; (B) a
# budget"): its items, one line each
_ITEM_AFTER = re.compile(r"\s*:?\s*\((?:[A-Za-z]|[ivxIVX]{1,4}|\d{1,2})\)")


def semicolon_parts(text: str) -> list[tuple[int, str]]:
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


# --- the complement of an agentless passive -------------------------------------

# PASSIVE_PREPS and ADVERBIAL_OBJECTS (lexicon): a passive verb's own complement opens with one of
# the first, unless its object is one of the second.
_PASSIVE_COMPLEMENT_MAX_WORDS = 15


def passive_complement(verb: Token, exclude: tuple[int, int] | None = None) -> str:
    """The complement of an agentless passive whose subject is the target, as text ("" when none).

    ANNOTATION.md 4 keeps the complements that say which thing is meant, and the gold of a
    passive duty joins the subject and the verb's own complement: "its allocation will be
    raised to $310 million" -> "its allocation to $310 million"; "further powers will be
    devolved to directly elected mayors" -> "further powers to directly elected mayors";
    "Legislation will be introduced to establish a levy" -> "legislation to establish a
    levy" (train: dev-adb-cobp-bangladesh-2013-2015, uk-queens-speech-2016,
    fr-omb-fedramp-draft-2023, fr-omb-ipv6-draft-2020).  Only the first complement right
    after the verb (a particle or an adverb may stand between), never a time ("in 2014",
    `exclude`: the deadline's character span), a manner ("in a timely manner") or an agent;
    a description after it (a participle, a relative clause, "including ...") and a purpose
    inside it are cut."""
    if not any(c.dep_ == "auxpass" for c in verb.children) or any(c.dep_ == "agent" for c in verb.children):
        return ""
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    if subj is None:
        return ""
    doc = verb.doc
    nxt = verb.i + 1
    while nxt < len(doc) and doc[nxt].dep_ in ("prt", "advmod") and doc[nxt].head.i == verb.i:
        nxt += 1                        # "brought forward", "raised further"
    if nxt >= len(doc):
        return ""
    c = doc[nxt]
    if c.dep_ == "aux" and c.lower_ == "to" and c.head.head.i == verb.i:
        c = c.head                      # "introduced [to] establish": the infinitive
    if c.head.i != verb.i:
        return ""
    if c.dep_ == "prep" and c.lower_ in PASSIVE_PREPS:
        objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
        if not objs or _dated(c) or objs[0].lemma_.lower() in ADVERBIAL_OBJECTS \
                or objs[0].ent_type_ in ("DATE", "TIME"):
            return ""
    elif c.dep_ in ("xcomp", "advcl") and c.tag_ == "VB" and has_to(c) and c.left_edge.lower_ == "to":
        if subj.lemma_.lower() not in PASSIVE_INFINITIVE_SUBJECTS:
            return ""                   # "X will be expanded to meet demand": a purpose
    else:
        return ""
    toks = _cut_purpose(subtree_tokens(c))
    # "in the FedRAMP Charter [maintained by GSA]": a participle or relative clause describes it;
    # "to establish a levy [to help tackle obesity]": a purpose of the infinitive is cut
    described = [t.left_edge.i for t in toks if t.left_edge.i > c.i + 1 and (
        t.dep_ in ("acl", "relcl") or t.dep_ == "advcl" and t.head.i == c.i and has_to(t))]
    end = min(described, default=len(doc))
    out: list[Token] = []
    for t in toks:
        if t.i >= end or (exclude is not None and exclude[0] <= t.idx < exclude[1]):
            break                       # "reallocated to X [in 2014]": the deadline is no part of it
        if t.text in (",", ";", ":", "—", "–") or t.lower_ in ("including", "such"):
            break
        out.append(t)
    words = [t for t in out if t.is_alpha or t.like_num]
    if len(out) < 2 or len(words) > _PASSIVE_COMPLEMENT_MAX_WORDS:
        return ""
    text = doc_text(doc)[out[0].idx:out[-1].idx + len(out[-1].text)]
    return trim_target(text)


def shared_object(verb: Token, exclude: tuple[int, int] | None = None) -> str:
    """The object a verb shares with the verb coordinated right after it, as text ("" when none):
    "DHS shall oversee and support agency TIC pilots" -> "agency TIC pilots" for "oversee";
    "ACTION 3: Explore and Evaluate the ESCO Model" -> "the ESCO Model" for "Explore" (train:
    fr-omb-m-19-26-tic, state-hartford-energy-action-plan).  The
    parser often reads the second verb as a noun ("support/compound"), and the first is left
    without a target; the words after "and VERB" up to a comma, a colon or the deadline
    (`exclude`: its character span) are its object, a purpose after a complete object cut.
    When the parser reads both as verbs, `merge_shared_objects` already keeps only the second."""
    doc = verb.doc
    i = verb.i + 1
    if i + 2 >= len(doc) or doc[i].lower_ not in ("and", "or") or verb.sent.end <= i + 2:
        return ""
    i += 1
    if doc[i].pos_ == "ADV" and doc[i].lower_.endswith("ly"):
        i += 1                          # "establish and regularly update requirements"
    second = doc[i]
    if not second.is_alpha or second.pos_ in ("DET", "ADP", "PRON", "NUM") or second.is_stop:
        return ""                       # "ensure and the ...": no verb after "and"
    last = second.i
    while not doc[last].whitespace_ and last + 1 < verb.sent.end and doc[last + 1].text not in (",", ";", ":", "."):
        last += 1                       # "co-chair": one word in three tokens
    toks: list[Token] = []
    for t in doc[last + 1:verb.sent.end]:
        if t.text in (",", ";", ":", ".", "—", "–") or (exclude is not None and exclude[0] <= t.idx < exclude[1]):
            break
        toks.append(t)
    if not toks or toks[0].pos_ in ("ADP", "SCONJ", "PART", "AUX", "VERB") or toks[0].lower_ in ("and", "or"):
        return ""                       # "oversee and report to X": the second verb's own complement
    toks = _cut_purpose(toks)
    if len(_content(toks)) == 0 or len(toks) > 25:
        return ""
    return clean_target(doc_text(doc)[toks[0].idx:toks[-1].idx + len(toks[-1].text)])


# "listen to and partner with X", "prepare for, prevent, and respond to X": after the first verb's
# preposition, the other verbs of the series (each with its own preposition, if any), then the object
_SERIES_PREP = r"(?:\s+(?:" + "|".join(RAISED_OBJECT_PREPOSITIONS) + r"))?"
_RAISED_SERIES = re.compile(r"\s*,?\s*(?:[A-Za-z][\w-]*" + _SERIES_PREP + r"\s*,\s*)*(?:and|or)\s+[A-Za-z][\w-]*" + _SERIES_PREP + r"\s+")


def raised_object(verb: Token, target: str, exclude: tuple[int, int] | None = None) -> str:
    """The object a verb left with only its preposition shares with the verbs coordinated after it
    (right-node raising): "listen to and partner with the towns of the valley" -> "to the towns of the
    valley" for "listen"; "prepare for, prevent, and respond to floods" -> "for floods".  The parser
    gives the first preposition no object, and the target read from it is the bare preposition
    ("" when the sentence is not so built, or the shared words are no noun phrase)."""
    doc = verb.doc
    if target.strip().lower() not in RAISED_OBJECT_PREPOSITIONS:
        return ""
    prep = next((t for t in doc[verb.i + 1:min(verb.i + 3, verb.sent.end)] if t.lower_ == target.strip().lower()), None)
    if prep is None:
        return ""
    text = doc_text(doc)
    m = _RAISED_SERIES.match(text, prep.idx + len(prep.text))
    if m is None:
        return ""
    toks: list[Token] = []
    for t in doc[prep.i + 1:verb.sent.end]:
        if t.idx < m.end():
            continue
        if t.text in (",", ";", ":", ".", "—", "–") or (exclude is not None and exclude[0] <= t.idx < exclude[1]):
            break
        toks.append(t)
    if not toks or not (toks[0].pos_ in ("DET", "NOUN", "PROPN", "ADJ", "NUM") or toks[0].tag_ == "PRP$"):
        return ""                       # "coordinate with, and consider undertaking X": no shared noun phrase
    ids = {t.i for t in toks}
    phrase = next((t for t in toks if t.head.i not in ids or t.head.i == t.i), None)
    if phrase is not None and phrase.left_edge.i == toks[0].i:
        # the shared noun phrase only: "the countries of the Pacific [to meet X]" -- what hangs on the
        # last verb of the series (a purpose, a means) is that verb's, not the object's
        toks = [t for t in toks if t.i <= phrase.right_edge.i]
    toks = _cut_purpose(toks)
    if not _content(toks) or len(toks) > 25:
        return ""
    return f"{prep.text} " + clean_target(text[toks[0].idx:toks[-1].idx + len(toks[-1].text)])
