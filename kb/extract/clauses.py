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
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from kb.extract.actors import is_generic, is_pronoun
from kb.extract.deadlines import DeadlineMatch, find_deadlines
from kb.extract.strength import ASPIRATIONAL, strength_of
from kb.extract.lists import lead_in, np_item
from kb.extract.syntax import (LIST_MARKER, POLICY_VERBS, Frame, action_text, actor_like, antecedent, antecedent_subject,
                               children, doc_text, find_subject, has_to, is_figure, is_name_not_verb, is_negated,
                               is_passive, mention, modal_of, np_before, span_chars, subject_of, subtree_range,
                               subtree_tokens)
from kb.extract.targets import (ACCELERATE, BUILD_NOUNS, clean_target, gapped, light_target, merge_shared_objects,
                                right_target, split_frames)


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


SKIP_SUBJECT = re.compile(r"^(?:this|the|such)\s+(?:executive\s+)?(?:order|memorandum|section|act|proclamation|"
                          r"directive|law|provision|subsection|paragraph|definition|plan|document)s?$", re.I)


BOILERPLATE = re.compile(
    r"\bnothing\s+in\s+this\b|\bshall\s+(?:not\s+)?be\s+construed\b|\bnot\s+intended\s+to\b|"
    r"\bdoes\s+not,?\s+create\s+any\s+right\b|\bshall\s+be\s+implemented\s+consistent\s+with\s+applicable\s+law\b|"
    r"\bsubject\s+to\s+the\s+availability\s+of\s+appropriations\b|\bis\s+hereby\s+revoked\b|\bmeans\b.{0,40}$|"
    r"\bshall\s+(?:take\s+effect|enter\s+into\s+force|become\s+effective)\b|\bshall\s+be\s+interpreted\b", re.I)


MEANS_SKIP = {"take", "include", "base", "consider", "accord", "follow"}




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
        if lemma in PASSIVE_CHAIN and not is_passive(tok):
            break
        obj_before = [c.i for c in tok.children if c.dep_ in ("dobj", "obj")]
        if lemma in CHAIN_VERBS:
            for c in tok.children:
                if obj_before and c.i > min(obj_before) and c.dep_ == "xcomp":
                    continue        # "propose targets ... to meet X": a purpose, not the action
                if c.dep_ in ("xcomp", "ccomp", "advcl") and has_to(c) and c.i > tok.i \
                        and (c.pos_ in ("VERB", "AUX") or c.dep_ == "xcomp"):
                    nxt = c
                    break
            if nxt is None and lemma in ("commit", "move", "work"):
                # "commits to reducing", "work towards building"
                for p in children(tok, "prep"):
                    for c in children(p, "pcomp"):
                        if c.tag_ == "VBG":
                            nxt = c
        if nxt is None and not children(tok, "dobj", "ccomp", "attr", "oprd", "dative"):
            # "lead by example in order to achieve X": the purpose is the action
            for c in tok.children:
                if c.dep_ in ("advcl", "xcomp") and c.i > tok.i and has_to(c) and c.pos_ == "VERB" \
                        and (any(m.lower_ == "order" for m in c.children) or tok.lemma_.lower() in ("lead", "act", "work", "move")):
                    nxt = c
                    break
        if nxt is None:
            # "achieve an economy-wide target to reduce X": the target's verb is the action
            for d in children(tok, "dobj"):
                if d.lemma_.lower() in TARGET_NOUNS and lemma in ("achieve", "set", "meet", "have", "adopt", "pursue", "announce"):
                    cands = [c for c in d.children if c.dep_ in ("acl", "relcl")]
                    cands += [c for c in tok.children if c.dep_ == "advcl" and c.i == d.right_edge.i + 2]
                    for c in cands:
                        if has_to(c) and c.pos_ == "VERB":
                            nxt = c
        if nxt is None:
            break
        chain.append(tok)
        tok = nxt
    return tok, chain


def _is_commit_head(tok: Token) -> bool:
    """Does this verb head a commitment (before following intention chains)?"""
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    if is_name_not_verb(tok):
        return False
    if modal_of(tok) is not None:
        return True
    # "for the Federal Government to lead", "proposing that Hechi to carry out": an infinitive with its own subject
    if tok.tag_ == "VB" and has_to(tok) and any(c.dep_ == "nsubj" and c.i < tok.i and c.lower_ not in ("that", "which", "who")
                                                and actor_like(c) for c in tok.children):
        return True
    # "are to switch", "is to be slashed"
    if tok.dep_ == "xcomp" and has_to(tok) and tok.head.lemma_ == "be" and tok.head.pos_ == "AUX" \
            and tok.head.tag_ in ("VBZ", "VBP") and subject_of(tok.head) is not None:
        return True
    # present-tense intention: "the city aims to build", "Angola plans to reduce"
    if tok.tag_ in ("VBZ", "VBP") and tok.lemma_.lower() in PRESENT_COMMIT and subject_of(tok) is not None:
        return True
    # "are encouraged to", "is directed to", "is expected to"
    if tok.tag_ == "VBN" and tok.lemma_.lower() in ("encourage", "direct", "expect", "require", "mandate", "task", "instruct", "urge") \
            and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in tok.children) \
            and any(c.dep_ == "xcomp" and has_to(c) for c in tok.children):
        return True
    # "Chile has agreed to reforest", "the country has committed to reducing"
    if tok.tag_ == "VBN" and tok.lemma_.lower() in ("agree", "commit", "pledge", "decide", "resolve", "promise", "undertake", "vow") \
            and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in tok.children) and subject_of(tok) is not None:
        return True
    return False


def _conj_verbs(tok: Token) -> list[Token]:
    out = []
    for c in tok.children:
        past = c.tag_ == "VBD" and c.lower_ != c.lemma_.lower()    # "cut", "set", "put": base forms tagged as past
        if c.dep_ == "conj" and (c.pos_ in ("VERB",) or c.tag_.startswith("VB")) and not past:
            if c.tag_ == "VBN" and not is_passive(c) and modal_of(c) is None and c.lower_ != c.lemma_.lower():
                continue            # "identified or recommended by": a participle, not an action
            if c.lemma_.lower() == "be":
                continue
            if is_name_not_verb(c):
                out.extend(_conj_verbs(c))   # "... Tian'e to Beihai, as well as carry out ...": skip the name
                continue
            if subject_of(c) is not None and (modal_of(c) is not None or _is_commit_head(c)):
                continue            # its own clause, found on its own
            if subject_of(c) is not None and c.tag_ in ("VBZ", "VBP", "VBD") and not _is_commit_head(c):
                continue            # "... and it has already ..."
            out.append(c)
    return out


def _stray_verbs(tok: Token) -> list[Token]:
    """Base-form verbs after "and" that the parser hung inside an object:
    "speed up the construction of X and promote Y"."""
    out = []
    for t in subtree_tokens(tok):
        if t.i <= tok.i or t.tag_ != "VB" or t.dep_ not in ("conj", "appos", "dep") or is_name_not_verb(t):
            continue
        finite_head = t.head.pos_ in ("VERB", "AUX") and not (t.head.tag_ in ("VBG", "VBN") and t.head.dep_ in ("pcomp", "amod", "acl", "pobj"))
        if finite_head or has_to(t) or modal_of(t) is not None or subject_of(t) is not None:
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
            for p in children(c, "pcomp"):
                if p.tag_ == "VBG" and p.lemma_.lower() not in MEANS_SKIP:
                    out.append(p)
        elif c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > tok.i and not subject_of(c) \
                and not children(c, "mark") and c.lemma_.lower() not in MEANS_SKIP \
                and c.i > 0 and c.doc[c.i - 1].text == ",":
            out.append(c)
    return out


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
            if (r.tag_ in ("VB", "VBG", "VBP") or has_to(r)) and subject_of(r) is None and modal_of(r) is None \
                    and r not in heads and r.lemma_.lower() not in ("be", "have"):
                heads.append(r)
    # a goal stated without a finite verb: "An unconditional contribution to reduce X by 2030",
    # "Energy sector: to reduce X"
    if root.pos_ in ("NOUN", "PROPN") and not heads:
        for c in root.children:
            if c.dep_ in ("acl", "relcl", "appos", "dep") and has_to(c) and c.i > root.i and (
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
            if t.i in seen or t.tag_ not in ("VB", "VBP") or subject_of(t) is not None or modal_of(t) is not None \
                    or has_to(t) or is_name_not_verb(t) or t.i < min(v.i for v, _, _ in actions):
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
    frames = merge_shared_objects(frames, doc)
    frames = _drop_quoted(sent, frames)
    # a lead-in: "the Federal Government shall use its scale ... to achieve:" / "each agency shall:"
    if ends_with_colon:
        lead = lead_in(sent, frames, heads)
        if lead is not None:
            frames = [f for f in frames if f.has_target and not f.target_text.endswith(lead.lead_action)]
            for f in frames:
                f.optional = True
            frames.append(lead)
    # a noun-phrase list item: "(ii) 100 percent zero-emission vehicle acquisitions by 2035"
    if item and not frames:
        frames.extend(np_item(sent, group))

    _assign_deadlines(sent, frames, deadlines)
    frames = split_frames(frames, deadlines, doc)
    frames.extend(gapped(sent, frames, deadlines))
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
        for a in children(verb, "acomp"):
            if a.lower_ in ("responsible", "accountable"):
                for p in children(a, "prep"):
                    if p.lower_ == "for":
                        responsible = p
        if responsible is None and not existential:
            return None             # a copula: a description, not an undertaking
    if lemma == "have" and not children(verb, "dobj"):
        return None
    if verb.tag_ == "VBD" and verb.lower_ != verb.lemma_.lower() and modal_of(verb) is None and not chain \
            and verb.i != head.i:
        return None
    # other action verbs below this one (coordinated verbs, means) are not part of its target
    stop_subtrees: set[int] = set()
    lo, hi = verb.left_edge.i, verb.right_edge.i
    for v_i in action_ids:
        if v_i != verb.i and lo <= v_i <= hi:
            stop_subtrees.update(subtree_range(doc[v_i]))
    stop_subtrees.discard(verb.i)
    # subject
    subj = find_subject(verb)
    for c in chain:
        if subj is None:
            subj = find_subject(c)
    if subj is not None and subj.pos_ in ("ADJ", "ADV", "ADP", "VERB"):
        # "(a) Consistent with applicable law, the Secretary ... shall use": the parser took the adjective
        modal = modal_of(verb) or next((modal_of(c) for c in chain if modal_of(c) is not None), None)
        subj = np_before(modal) if modal is not None else None
    if subj is not None and subj.tag_ == "DT" and not list(subj.children):
        subj = None                 # "... worth 10 billion yuan each": not a subject
    if subj is not None and subj.i in deadline_tokens:
        subj = None                 # "By mid-century, ...": the parser took the date for a subject
    passive = is_passive(verb)
    negated = is_negated(verb) or any(is_negated(c) for c in chain) or is_negated(head)
    if subj is not None and SKIP_SUBJECT.match(doc_text(doc)[subj.left_edge.idx:subj.right_edge.idx + len(subj.right_edge.text)]):
        return None
    if subj is not None and subj.lower_ in ("nothing", "none", "no one"):
        return None
    action = action_text(verb)
    target_toks: list[Token] = []
    actor_tok: Token | None = None
    actor_kind = "none"
    light = light_target(verb)
    if responsible is not None:
        action = "be responsible for"
        target_toks = [t for c in responsible.children if c.dep_ in ("pobj", "pcomp") for t in c.subtree]
        target_toks += [t for t in responsible.subtree if t.dep_ == "nsubj" and t.head.dep_ == "pcomp" for t in t.subtree]
        target_toks = sorted(set(target_toks), key=lambda t: t.i)
        if subj is not None:
            actor_tok = subj
    elif existential:
        attrs = children(verb, "attr")
        if not attrs:
            return None
        action = attrs[0].lemma_.lower()
        target_toks = subtree_tokens(attrs[0], stop_subtrees)
    elif passive:
        if subj is not None and (subj.dep_ in ("nsubjpass", "csubjpass") or subj.head is not verb):
            # "X will be promoted", "X are to be slashed": the subject is the target
            if subj.lower_ in ("that", "which", "who") and subj.head.dep_ == "relcl":
                target_toks = [t for t in subj.head.head.subtree if t.i <= subj.head.head.i]
            else:
                target_toks = subtree_tokens(subj)
                # a coordinated subject the parser split in two: "X, Y, and Z will be promoted"
                for other in subj.head.children:
                    if other is not subj and other.dep_ in ("nsubjpass", "nsubj") and other.i < verb.i:
                        target_toks += subtree_tokens(other)
                if target_toks:
                    lo, hi = min(t.i for t in target_toks), max(t.i for t in target_toks)
                    target_toks = [doc[i] for i in range(lo, hi + 1)]
        agents = children(verb, "agent")
        for a in agents:
            for p in children(a, "pobj"):
                if actor_like(p) and not p.like_num:    # "by more than 65 percent" is a figure, not an agent
                    actor_tok = p
                    actor_kind = "named"
        if subj is not None and subj.dep_ == "nsubj" and subj.head is verb:
            actor_tok = subj
        if not target_toks:
            target_toks = right_target(verb, stop_subtrees)
    else:
        # an object that is only a figure ("reach 20 percent") leaves the subject as the target
        has_obj = any(not is_figure(c) for c in children(verb, "dobj", "ccomp", "xcomp", "oprd", "dative"))
        result_like = subj is not None and not actor_like(subj) and (
            lemma in RESULT_VERBS or not has_obj) and subj.lower_ not in ("that", "which", "who")
        if light:
            action, target_toks = light[0], [t for t in light[1] if t.i not in stop_subtrees]
            if subj is not None:
                actor_tok = subj
        elif result_like:
            target_toks = subtree_tokens(subj)
            # "the region wants new energy capacity to pass ...": the actor is the wanter
            for c in chain:
                s = subject_of(c)
                if s is not None and s is not subj and actor_like(s):
                    actor_tok = s
        else:
            target_toks = right_target(verb, stop_subtrees)
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
    span = span_chars(target_toks)
    tstart = tend = None
    ttext = ""
    if span:
        tstart, tend = span
        ttext = doc_text(doc)[tstart:tend]
        # "accelerate the construction of X": X is what is built
        m = BUILD_NOUNS.match(ttext)
        if m and lemma in ACCELERATE and len(ttext) > m.end():
            tstart += m.end()
            ttext = doc_text(doc)[tstart:tend]
    fr = Frame(verb=verb.i, action=action, action_lemma=lemma, sent_start=sent.start_char,
               sent_end=sent.end_char, strength=strength_of([c.lemma_.lower() for c in chain], lemma,
                                                            passive_encouraged=False),
               negated=negated, kind="item_verb" if (item and actor_kind == "item") else "clause", group=group)
    if head.lemma_.lower() == "encourage" and head.tag_ == "VBN":
        fr.strength = "supportive"
    if actor_tok is not None:
        if actor_kind == "relative":
            ante = actor_tok.head.head
            s, e, t = antecedent(ante)
            fr.actor_start, fr.actor_end, fr.actor_text = s, e, t
        else:
            s, e, t = mention(actor_tok)
            fr.actor_start, fr.actor_end, fr.actor_text = s, e, t
            fr.actor_ent = actor_tok.ent_type_
            if is_generic(t):
                actor_kind = "generic"
            if actor_kind == "pronoun" and actor_tok.lower_ in ("it", "they"):
                fr.antecedent = antecedent_subject(actor_tok, sent)
    fr.actor_kind = actor_kind
    fr.target_start, fr.target_end, fr.target_text = tstart, tend, ttext
    fr.quantity_text = ttext
    # the object of a result verb ("reach 20 percent") holds the figure
    if lemma in RESULT_VERBS or passive:
        extra = [t for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "prep", "npadvmod", "advmod", "attr")
                 for t in c.subtree]
        sp = span_chars(extra)
        if sp:
            fr.quantity_text = (ttext + " " + doc_text(doc)[sp[0]:sp[1]]).strip()
    return [fr]


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
        nf.target_start, nf.target_text = start, clean_target(doc_text(doc)[start:end])
        nf.target_end = start + len(nf.target_text)
        nf.quantity_text = nf.target_text
        out.append(nf)
        # the earlier frame's target must not run into this one
        for f in frames:
            if f.target_end is not None and f.target_start is not None and f.target_start < t.idx < f.target_end:
                f.target_end = t.idx
                f.target_text = clean_target(doc_text(doc)[f.target_start:t.idx])
    return out


def _assign_deadlines(sent: Span, frames: list[Frame], deadlines: list[DeadlineMatch]) -> None:
    if not frames:
        return
    doc = sent.doc
    text = sent.text
    # the region each frame owns: its verb's subtree minus other frames' verbs' subtrees
    verbs = {f.verb for f in frames if f.kind != "item_np"}
    first_clause = min((f.actor_start if f.actor_start is not None else doc[f.verb].idx) for f in frames)
    front = [d for d in deadlines if d.end <= first_clause and not d.weak or
             (d.weak and d.end <= first_clause and re.match(r"\s*(?:for|looking|in)\b", doc_text(doc)[d.start:d.end], re.I)
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
            region = set(subtree_range(v))
            for ov in verbs - {f.verb}:
                if ov in region:
                    region.difference_update(subtree_range(doc[ov]))
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
        if own is None and f.kind == "lead_in":
            strong = [d for d in deadlines if not d.weak]
            own = strong[0] if strong else None
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
        before = doc_text(doc)[max(sent.start_char, d.start - 2):d.start]
        after = doc_text(doc)[d.end:sent.end_char].strip()
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
