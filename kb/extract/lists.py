"""Lead-ins and list items: "the Federal Government shall achieve: (i) X by 2030; (ii) Y".

A sentence that ends in ":" after a commitment verb is a lead-in: its actor and
(last) verb carry over to the list items under it ("I will not:" makes its items
negated duties; "a report consisting of:" gives them the verb above, "provide").
A list item that is a noun phrase takes the lead-in's action; one that opens with
a verb keeps its own (a hedge or an adverb before that verb is skipped), also when
the tagger read that capitalised verb as a noun or a name ("Invert the proportion of
X": `misread_item_verb`).

`action_line` reads a line of a plan's list of actions that has no finite verb:
a gerund ("Strengthening X"), a noun of action ("Expansion in X") or a headline
pledge with a figure ("Target: 30% reduction below BAU by 2030").
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from kb.extract.actors import is_generic, is_pronoun
from kb.extract.deadlines import DeadlineMatch, find_deadlines
from kb.extract.frame import Frame
from kb.extract.lexicon import (AFTER_ACTION_HEAD, ASPECT_VERBS, CONTAINER_VERBS, DELIVERABLE_DATE_ACTIONS, ENVELOPE_NOUNS,
                                ENVELOPE_VERBS, FIGURE_NOUNS,
                                HEAD_MODIFIER_POS, HEDGE_OPENING, ITEM_LINE_VERBS, LABELLED_LINE_ADVERBS, LABELLED_LINE_VERBS,
                                LIST_OPENING_VERBS, MEANS_PREPOSITIONS, MEMBERSHIP_VERBS, CONSEQUENCE_VERBS,
                                NOMINAL_ACTIONS, NOT_ACTION_NOMINALS,
                                NOT_VERB_TAGS, NOUN_FOLLOWERS,
                                PLANNING_ADJECTIVES, POLICY_VERBS, REFERENCE_NOUN_VERBS, REFERENCE_PARTICIPLES,
                                MEANS_ITEM_NOMINALS, RESPONSIBLE_ADJECTIVES, SERIES_NOMINAL_ACTIONS)
from kb.extract.strength import strength_of_modal
from kb.extract.syntax import (action_text, base_of_gerund, children, doc_text, find_subject, is_negated, list_marker,
                               mention, modal_of, opening_label_end, subtree_range, verb_lemma)
from kb.extract.targets import clean_target, right_target


def nominal_action(word: str) -> str:
    """The verb a noun of action names: NOMINAL_ACTIONS, else the regular English derivations
    "-ization"/"-isation" -> "-ize"/"-ise" and "-ification" -> "-ify" ("Decarbonization of the grid"
    -> decarbonize, "Rationalisation of the data centres" -> rationalise; round 27: a city's list of
    key strategies and Italy's ICT plan), but not nouns of those shapes that name a body or a kind
    (NOT_ACTION_NOMINALS: "Organization of American States")."""
    low = word.lower()
    if low in NOMINAL_ACTIONS:
        return NOMINAL_ACTIONS[low]
    if low in NOT_ACTION_NOMINALS or len(low) < 10:
        return ""
    for suffix, verb_end in (("ization", "ize"), ("isation", "ise"), ("ification", "ify")):
        if low.endswith(suffix):
            return low[:-len(suffix)] + verb_end
    return ""


def lead_in(sent: Span, frames: list[Frame], heads: list[Token]) -> Frame | None:
    """A clause ending in ':' whose list items complete it."""
    doc = sent.doc
    toks = [t for t in sent if not t.is_space]
    if len(toks) < 2:
        return None
    before = toks[-2]
    # "I will not:", "each agency shall not:": a negated lead-in; its items are negated duties
    negated = False
    if before.dep_ == "neg" and len(toks) >= 3 and before.head.i == toks[-3].i:
        negated = True
        before = toks[-3]
    # "a report consisting of:", "a panel composed of:": the verb before the preposition
    if before.tag_ == "IN" and before.head.i == before.i - 1 and before.head.tag_.startswith("VB"):
        before = before.head
    # "shall include a review of:", "shall submit a report on:", "shall conduct an assessment of:": the
    # items are what the duty's object is about, and the duty's verb is theirs (ANNOTATION.md section 1:
    # each item of a list under "X shall:"; train: EO 14017; 14 such lead-ins in the corpus of orders)
    noun = doc[before.i - 1] if before.i > sent.start else None
    if before.tag_ == "IN" and before.lower_ != "to" and noun is not None and noun.pos_ == "NOUN" \
            and noun.dep_ in ("dobj", "obj") and noun.head in heads and noun.head.pos_ == "VERB" \
            and before.head.i in (noun.i, noun.head.i):
        before = noun.head
    # "shall make recommendations concerning:", "shall develop a strategy regarding:": the participle is
    # no action; the noun's own verb ("recommend"), else the verb that governs the noun, is the items'
    reference_action = ""
    if before.lower_ in REFERENCE_PARTICIPLES and before.dep_ == "acl" and before.head.pos_ == "NOUN":
        noun = before.head
        reference_action = REFERENCE_NOUN_VERBS.get(noun.lower_, "")
        if not reference_action and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
            before = noun.head
    # the verb right before the colon: "to achieve:", "shall:", "to include:"
    lead_verb = None
    items_bring_verbs = False
    if before.pos_ in ("VERB", "AUX") or before.tag_.startswith("VB") or before.tag_ == "MD":
        lead_verb = before
    else:
        lead_verb = _open_lead_verb(sent, toks, before)
        if lead_verb is not None and not (lead_verb in heads or any(
                t.tag_ == "MD" or t.lower_ in RESPONSIBLE_ADJECTIVES for t in sent)):
            return None         # "a rule was issued amending the regulation to:": no duty announced
        if lead_verb is None:
            return _subject_only_lead(sent, toks)
        items_bring_verbs = lead_verb.tag_ == "MD" or before.lower_ == "to" \
            or lead_verb.lemma_.lower() in CONTAINER_VERBS
    subj_head = None
    for h in heads:
        subj_head = h
        break
    outer = _verb_above(lead_verb, frames) if lead_verb.dep_ in ("acl", "relcl") else None
    if outer is None and lead_verb.lemma_.lower() in MEMBERSHIP_VERBS:
        return None             # "The Council shall be composed of the following members:": its make-up
    if lead_verb.lemma_.lower() in CONSEQUENCE_VERBS:
        return None             # "Success will mean:": what follows is what it amounts to
    if outer is not None and lead_verb.lemma_.lower() in LIST_OPENING_VERBS:
        # "shall provide a report consisting of: (i) ...": the items are what is provided
        action = outer.action
        clause = lead_verb
    elif lead_verb.tag_ == "MD" or lead_verb.lemma_.lower() in LIST_OPENING_VERBS or items_bring_verbs:
        action = ""             # "shall:", "as follows:", "to:": the items bring their own verbs
        clause = lead_verb
    else:
        action = action_text(lead_verb)
        clause = lead_verb
    subj = None
    for cand in ([lead_verb.head] if lead_verb.tag_ == "MD" else []) + [lead_verb] + ([subj_head] if subj_head is not None else []):
        subj = find_subject(cand)
        if subj is not None:
            break
    if lead_verb.tag_ == "MD":
        # "the head of each agency shall:" -- the modal's subject, or the noun phrase before it
        for t in sent:
            # "agencies that have field offices ... shall, as appropriate:": not the relative pronoun
            if t.dep_ in ("nsubj", "nsubjpass") and t.i < lead_verb.i and t.tag_ not in ("WDT", "WP") \
                    and t.head.dep_ not in ("relcl", "acl"):
                subj = t
        if subj is None and lead_verb.i > sent.start:
            t = doc[lead_verb.i - 1]
            # climb out of prepositions and relative clauses: "agencies that have offices in regions shall:"
            while (t.dep_ in ("pobj", "prep", "compound", "relcl") or t.dep_ == "dobj" and t.head.dep_ == "relcl") \
                    and t.head.i < lead_verb.i and t.head.i != t.i:
                t = t.head
            if t.pos_ in ("NOUN", "PROPN", "PRON"):
                subj = t
    if subj is None:
        # "..., the Secretary of Commerce, through the Assistant Secretary, shall work with agencies to:":
        # a long opening leaves the subject loose; the last noun phrase that hangs on no preposition
        for t in reversed(list(sent)[:lead_verb.i - sent.start]):
            if t.dep_ in ("nsubj", "npadvmod", "appos", "ROOT") and t.pos_ in ("PROPN", "NOUN") \
                    and t.head.dep_ not in ("prep", "pobj") and not t.like_num and t.text[:1].isupper():
                subj = t
                break
    action = reference_action or action
    fr = Frame(verb=clause.i, action=action, action_lemma=action.split(" ")[0] if action else "",
               sent_start=sent.start_char, sent_end=sent.end_char, kind="lead_in", lead_action=action)
    if subj is not None:
        s, e, t = mention(subj)
        fr.actor_start, fr.actor_end, fr.actor_text = s, e, t
        fr.actor_kind = "pronoun" if is_pronoun(t) else ("generic" if is_generic(t) else "named")
    if subj_head is None and subj is None:
        return None
    fr.strength = strength_of_modal(lead_verb if lead_verb.tag_ == "MD" else modal_of(lead_verb))
    fr.negated = negated or is_negated(lead_verb)
    return fr


def means_lead(sent: Span, frames: list[Frame]) -> Frame | None:
    """A commitment whose list gives its means: "7. Promote climate smart agriculture to contribute
    towards food security through:", "4. Strengthen resilience to climate change induced hazards
    through:".  ANNOTATION.md section 1: means are commitments of the same actor, and an actor carries
    over to the items of its own list.  The colon follows a preposition of means (MEANS_PREPOSITIONS)
    that hangs on the verb of one of the sentence's frames, or on a verb below it; that frame stays a
    record of its own, and the lead-in frame made here lends the items its actor, strength, deadline
    and action (a noun-phrase item such as "Organic farming and conservation agriculture" is
    promoted; one named by a noun of action, "Forest fire risk assessment and management", does what
    its noun says: records._means_item_action).  Train (rules-33): Bhutan's pledge, a dozen such
    lead-ins, the only train document whose means lead-ins are records themselves (Italy's ICT plan
    writes "The BDT-PA designs and defines X by:", a present description the rules read no duty in)."""
    toks = [t for t in sent if not t.is_space]
    if len(toks) < 4 or toks[-1].text != ":" or toks[-2].lower_ not in MEANS_PREPOSITIONS:
        return None
    prep = toks[-2]
    # the verb the preposition hangs on, or a verb above it ("Promote X to contribute towards Y through:")
    above = [prep.head]
    while above[-1].head.i != above[-1].i and len(above) < 6:
        above.append(above[-1].head)
    by_verb = {f.verb: f for f in frames if f.kind in ("clause", "item_verb") and f.has_target and f.action}
    owner = next((by_verb[t.i] for t in above if t.i in by_verb), None)
    if owner is None or owner.action.split(" ")[0] in CONTAINER_VERBS:
        return None         # "initiatives must include an integrated approach through:": what it holds
    # "Strengthen resilience to climate hazards through:": the preposition is no part of the target
    bare = re.sub(r"[\s,]+(?:through|by)\s*:?$", "", owner.target_text, flags=re.I)
    if bare != owner.target_text and owner.target_start is not None:
        owner.target_text, owner.target_end = bare, owner.target_start + len(bare)
    return replace(owner, kind="lead_in", lead_action=owner.action, optional=False, means=True,
                   target_start=None, target_end=None, target_text="", deadline=owner.deadline,
                   deadline_scope=owner.deadline_scope)


def _open_lead_verb(sent: Span, toks: list[Token], before: Token) -> Token | None:
    """The verb or modal of a lead-in whose last word before the colon is not a verb:
    "shall work with the agencies to:" (the items complete the infinitive), "shall, as
    appropriate and consistent with applicable law:" and "shall within 1 year:" (a hedge
    or a time after the modal), "is responsible for the following actions:"."""
    if before.lower_ == "to":
        if before.head.i < before.i and before.head.pos_ == "VERB":
            return before.head
        verbs = [t for t in sent if t.i < before.i and (t.pos_ == "VERB" or t.tag_ == "MD")]
        return verbs[-1] if verbs else None
    modals = [t for t in sent if t.tag_ == "MD"]
    if modals and not any(t.pos_ in ("VERB", "AUX") for t in sent if t.i > modals[-1].i):
        return modals[-1]
    if any(t.lower_ == "following" for t in toks[-4:-1]):
        t = before
        for _ in range(6):
            if t.pos_ in ("VERB", "AUX"):
                return t
            if t.head.i == t.i:
                break
            t = t.head
    return None


def _subject_only_lead(sent: Span, toks: list[Token]) -> Frame | None:
    """ "To do so, the Working Group:", "In addition, each agency:": an opening adverbial,
    then only the subject of the items below ("(i) shall review ...")."""
    if any(t.tag_ in ("MD", "VBZ", "VBP", "VBD") for t in sent):
        return None
    commas = [i for i, t in enumerate(toks[:-1]) if t.text == ","]
    if not commas or commas[-1] == 0:
        return None
    np = toks[commas[-1] + 1:-1]
    if not 1 <= len(np) <= 8 or np[-1].pos_ not in ("NOUN", "PROPN") \
            or any(t.pos_ in ("VERB", "AUX", "ADP") for t in np) \
            or not (np[0].lower_ in ("the", "each", "every", "all") or np[0].text[:1].isupper()):
        return None
    text = doc_text(sent.doc)[np[0].idx:np[-1].idx + len(np[-1].text)]
    if is_pronoun(text) or any(t.lower_ == "following" for t in np):
        return None
    fr = Frame(verb=np[-1].i, action="", action_lemma="", sent_start=sent.start_char, sent_end=sent.end_char,
               kind="lead_in", lead_action="")
    fr.actor_start, fr.actor_end, fr.actor_text = np[0].idx, np[-1].idx + len(np[-1].text), text
    fr.actor_kind = "generic" if is_generic(text) else "named"
    return fr


def _verb_above(tok: Token, frames: list[Frame]) -> Frame | None:
    """The frame whose verb governs the noun that `tok`'s clause describes."""
    by_verb = {f.verb: f for f in frames if f.kind == "clause"}
    t = tok.head
    for _ in range(6):
        if t.i in by_verb:
            return by_verb[t.i]
        if t.head.i == t.i:
            return None
        t = t.head
    return None


# what ends a list item but is no part of it: "; and", "; or", ".", ":" (a whole word "and", not "brand")
_ITEM_END = re.compile(r"[\s;,.:]*(?:\b(?:and|or))?[\s;,.:]*$")


def _without_item_end(text: str) -> str:
    """`text` without the punctuation and the "and"/"or" that join a list item to the next one."""
    return _ITEM_END.sub("", text)


def _later_clause_of_item(sent: Span) -> bool:
    """ "• Shared hubs - Shared hubs are a key part of the network. Managing them is a challenge. Many
    councils run their own depots.": an item's second and later sentences, when each is a clause of
    its own (a finite verb with its subject), describe the item; they are not more items for the
    lead-in's action ("Platforms that will be explored include:").  Train (issue 10, round 25):
    nat-au-secure-cloud-strategy (ten such sentences under two items).  The item's first sentence, a
    later one with no finite verb ("Solar parks. Wind farms.") and an imperative ("Facilitate and
    continue to invest in X") stay items."""
    before = [t for t in sent.doc[:sent.start] if not t.is_space]
    if len([t for t in before if t.is_alpha]) < 3 or before[-1].text not in (".", "!", "?"):
        return False                # the item's first sentence, after its marker ("(ii) an assessment ...")
    root = sent.root
    finite = root.tag_ in ("VBZ", "VBP", "VBD") or any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children)
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")), None)
    if not finite or subj is None:
        return False
    # "Facilitate and continue to invest in X": an imperative whose first verb the tagger took for a bare
    # singular noun, the subject of the verb after "and", is still an item
    return not (subj.i == sent.start and subj.tag_ == "NN" and all(c.dep_ in ("cc", "conj") for c in subj.children))


def np_item(sent: Span, group: int) -> list[Frame]:
    """A list item that is a noun phrase: the lead-in's action applies to it."""
    doc = sent.doc
    if _later_clause_of_item(sent):
        return []
    text = sent.text
    m = list_marker(text)
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
    body_clean = _without_item_end(body)
    if not re.search(r"[A-Za-z]", body_clean):
        return []
    start = sent.start_char + off
    fr = Frame(verb=sent.root.i, action="", action_lemma="", sent_start=sent.start_char, sent_end=sent.end_char,
               kind="item_np", actor_kind="item", group=group)
    if lead_deadline is not None:
        fr.deadline, fr.deadline_scope = lead_deadline, "own"
    # "(b) conduct climate adaptation analysis ...": a verb the tagger took for a noun
    span = doc.char_span(sent.start_char + off, sent.end_char, alignment_mode="expand")
    if span is not None:
        # "(iii) to the maximum extent permitted by law, support X", "(i) promptly revise X":
        # a hedge or an adverb before the verb is no part of the action or the target
        hedge = HEDGE_OPENING.match(doc_text(doc)[span.start_char:sent.end_char])
        if hedge and hedge.end():
            span = doc.char_span(span.start_char + hedge.end(), sent.end_char, alignment_mode="expand") or span
            off = span.start_char - sent.start_char
            body_clean = _without_item_end(text[off:])
            start = span.start_char
            fr.target_start, fr.target_end, fr.target_text = start, start + len(body_clean), body_clean
        if len(span) > 2 and span[0].tag_ == "RB" and span[0].lower_.endswith("ly"):
            span = span[1:]
            start = span.start_char
            body_clean = _without_item_end(doc_text(doc)[start:sent.end_char])
    if span is not None and len(span) > 2 and span[0].lower_ == "to":
        span = span[1:]
    # "Continue to enhance X": the verb after an aspect verb is the action
    if span is not None and len(span) > 3 and span[0].lower_ in ASPECT_VERBS and span[1].lower_ == "to" \
            and span[2].tag_ in ("VB", "VBP"):
        span = span[2:]
        start = span.start_char
        body_clean = _without_item_end(doc_text(doc)[start:sent.end_char])
    # "Grant authorizations ...", "Consult with the committee ...": an item that opens with a
    # capitalised verb, as the tagger reads it
    opens_with_verb = span is not None and len(span) > 1 and span[0].is_title and span[0].tag_ in ("VB", "VBP") \
        and span[0].i > sent.start
    if span is not None and len(span) > 1 and (span[0].is_lower or opens_with_verb) and span[0].is_alpha:
        first = span[0]
        fr.verb_guess_end = first.idx + len(first.text)
        if first.tag_.startswith("VB"):
            fr.verb_guess = verb_lemma(first)
        elif first.lower_.endswith("ing"):
            fr.verb_guess = base_of_gerund(first.lower_)
        elif first.tag_.startswith("NN") and span[1].lower_ in NOUN_FOLLOWERS:
            # "(ii) selection of sites ...", "(iv) account of ...": a noun phrase, no verb
            # ("(ii) expansion of X": a noun of action names its verb)
            fr.verb_guess = NOMINAL_ACTIONS.get(first.lower_, "")
            if not fr.verb_guess:
                fr.verb_guess_end = None
        elif first.tag_ not in NOT_VERB_TAGS:
            fr.verb_guess = first.lower_      # "To lower ...": tagged as an adjective, lemma "low"
        else:
            fr.verb_guess_end = None          # "(iv) an account of ...": a noun phrase, no verb
    if span is not None and len(span) > 1 and (span[0].lower_ in POLICY_VERBS
                                               and (span[0].is_lower or span[0].is_title and span[0].tag_ not in ("NNP", "NNPS"))
                                               or misread_item_verb(span) or opening_item_verb(span)):
        first = span[0]
        fr.kind, fr.verb, fr.action, fr.action_lemma = "item_verb", first.i, first.lower_, first.lower_
        start = span[1].idx
        rest = doc_text(doc)[start:sent.end_char]
        paren = re.match(r"\s*,[^,]{1,80},\s*", rest)     # "establish, as appropriate, committees ..."
        if paren:
            start += paren.end()
        # "issue and, as needed, update guidance": the object follows the last verb
        coord = re.match(r"\s*(?:and|or)\s*(?:,[^,]{1,60},)?\s*[a-z]+\s+(?=\S)", rest)
        if coord and not paren:
            start += coord.end()
        # "develop, in collaboration with A, B, and C, a plan ...", "evaluate and document, in
        # consultation with X, changes in ...": a hedge with commas of its own; the parse finds the object
        parsed = _parsed_object(first) if re.match(r"\s*(?:,|(?:and|or)\b[^,]{0,30},)", rest) else None
        if parsed is not None:
            start = parsed[0]
        body_clean = _without_item_end(doc_text(doc)[start:sent.end_char])
        if parsed is not None and parsed[1] is not None:
            body_clean = doc_text(doc)[start:parsed[1]]
        fr.target_start, fr.target_end = start, start + len(body_clean)
        fr.target_text = clean_target(body_clean)
        fr.quantity_text = fr.target_text
        second = _second_item_verb(span, coord) if coord and not paren and parsed is None else None
        if second is not None and fr.target_text:
            # "Issue and make available X", "Support and advise Y": one line per verb (ANNOTATION.md
            # section 1; train: the IPv6 memorandum, the DTA corporate plan)
            return [fr, replace(fr, verb=second.i, action=second.lower_, action_lemma=second.lower_)]
        return [fr]
    fr.target_start, fr.target_end = start, start + len(body_clean)
    fr.target_text = body_clean
    fr.quantity_text = body_clean
    return [fr]


def _second_item_verb(span: Span, coord: re.Match[str]) -> Token | None:
    """The verb after "and" in an item that opens with two verbs sharing one object ("Assess and
    update X"), or None ("issue and, as needed, update X" keeps its hedge out; "or" joins one
    undertaking worded twice)."""
    if not coord.group(0).lstrip().lower().startswith("and") or "," in coord.group(0):
        return None
    end = span[1].idx + coord.end()
    words = [t for t in span[1:] if t.idx < end and t.is_alpha and not (t.tag_ == "RB" and t.lower_.endswith("ly"))]
    if len(words) != 2 or words[0].lower_ != "and":
        return None
    verb = words[1]
    return verb if verb.pos_ == "VERB" or verb.lower_ in ITEM_LINE_VERBS else None


def opening_item_verb(span: Span, relative_modals: bool = False) -> bool:
    """A list item that opens with a capitalised verb of a plan's action lines (`ITEM_LINE_VERBS`),
    however the tagger read it: "Optimise benefits from X", "Track workforce maturity", "Define and
    embed X" (tagged a verb, parsed as a modifier), "Reforest high, medium and low watersheds",
    "Partner, as appropriate, with X" (train: the DTA corporate plan, New Zealand's digital strategy,
    Mexico's NDC, the CIO Council charter; ANNOTATION.md section 1: each item of a plan's list is an
    undertaking).  Not a noun: the word is followed by a lower-case word, a determiner, "and"/"or" or
    a comma, never by "of" or a possessive ("Share of renewables", "Drive's"); and not the subject of
    a clause: the item has no modal and no finite verb right after the word ("Survey results show");
    with `relative_modals`, a modal inside a relative clause ("programs that will achieve X") is allowed.
    The entity recogniser is not asked: it takes a capitalised verb for a place ("Pursue")."""
    if len(span) < 3:
        return False
    first, nxt = span[0], span[1]
    if not (first.is_title and first.is_alpha) or first.lower_ not in ITEM_LINE_VERBS or title_case(span):
        return False            # "Support for Global Partners": a heading in Title Case names a topic
    if nxt.lower_ in ("of", "'s", "’s") or nxt.tag_ in ("VBZ", "VBD", "POS", "MD"):
        return False
    if not relative_modals and any(t.tag_ == "MD" for t in span):
        return False
    return nxt.is_lower or nxt.tag_ in ("DT", "PRP$") or nxt.text == ","


# the ending of a noun made from a verb ("Implementation", "Enhancement"): no verb opens with it
_NOUN_MADE_FROM_VERB = re.compile(r"(?:tion|sion|ment|ance|ence|ity|ness|ism|ship|ure|ing|ist|ics|ery|ogy|cy)s?$")


def misread_item_verb(span: Span) -> bool:
    """A list item that opens with a capitalised verb the tagger read as a noun, a name or an
    adjective: "Invert the proportion of X", "Partner with state agencies", "Optimise and recalibrate
    partnership with Y" (an action table's or a plan's items; seen in train plans, NDCs and charters).
    The tagger, which reads a capitalised first word as a name, is outvoted by what follows it: a
    determiner or a possessive (a noun does not run into "the"), "and"/"or" and a base-form verb (a
    verb is coordinated with a verb), or, for a verb of a plan's action lines (`LABELLED_LINE_VERBS`),
    a preposition or a plural noun.  Never a word with a noun's ending ("Implementation of X")."""
    if len(span) < 3:
        return False
    first, nxt = span[0], span[1]
    if not (first.is_title and first.is_alpha and len(first.text) > 2) or first.tag_ not in ("NN", "NNP", "JJ", "JJS") \
            or _NOUN_MADE_FROM_VERB.search(first.lower_) or first.ent_type_ in ("GPE", "PERSON", "DATE", "NORP"):
        return False
    if nxt.tag_ in ("DT", "PRP$") and nxt.lower_ not in ("that", "which", "each", "all", "both", "no"):
        return True                                     # "Invert the proportion", "Protect our forests"
    if nxt.lower_ in ("and", "or") and span[2].tag_ in ("VB", "VBP") and span[2].is_lower:
        return True                                     # "Optimise and recalibrate X"
    return first.lower_ in LABELLED_LINE_VERBS and first.tag_ != "NNP" \
        and (nxt.tag_ == "NNS" or nxt.lower_ in ("with", "on", "in", "for", "to"))


def _parsed_object(verb: Token) -> tuple[int, int | None] | None:
    """Start and end (characters; no end: to the end of the item) of the object of an item's
    opening verb, or of the verb coordinated with it, as the parse reads it; None when it
    finds none."""
    doc = verb.doc
    # "develop, in collaboration with A, B, and C, a plan ...": the object starts after the comma
    # that closes the hedge's phrase (its subtree), whatever the parser made of the rest
    nxt = doc[verb.i + 1] if verb.i + 2 < len(doc) and doc[verb.i + 1].text == "," else None
    if nxt is not None and doc[verb.i + 2].dep_ == "prep" and doc[verb.i + 2].head.i == verb.i:
        end = doc[verb.i + 2].right_edge.i
        if end + 2 < len(doc) and doc[end + 1].text == "," and doc[end + 2].is_alpha:
            return doc[end + 2].idx, None
    for c in verb.children:
        # the object after the hedge's closing comma, however the parser attached it
        if c.i > verb.i + 1 and c.pos_ in ("NOUN", "PROPN") and c.dep_ in ("dobj", "npadvmod", "conj", "appos") \
                and doc[c.left_edge.i - 1].text == ",":
            sub = list(c.subtree)
            return sub[0].idx, sub[-1].idx + len(sub[-1].text)
    toks = right_target(verb, set())
    if not toks:
        for c in verb.children:
            if c.dep_ == "conj" and c.pos_ == "VERB":
                toks = right_target(c, set())
                break
    if not toks or toks[0].text in (",", "in", "with", "through", "as"):
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


# --- action lines without a finite verb --------------------------------------

def action_line(sent: Span, group: int, first: Token | None, item: bool = False) -> list[Frame]:
    """A line of a plan's list of actions with no finite verb: "Strengthening infrastructure
    for X" (a gerund), "Expansion in X", "Establishment of micro-generation" (a noun of
    action), "Target: 30% reduction below BAU by 2030" (a headline pledge with a figure).
    Its actor is the document's; `first` is the sentence's opening word."""
    if first is None or len(sent) > 60:
        return []
    opening = _opening_verb_line(sent, group)
    if opening:
        return opening
    if any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in sent):
        return []
    labelled = labelled_title_line(sent, group)
    if labelled:
        return labelled
    doc = sent.doc
    verb: Token | None = None
    action = ""
    target: list[Token] = []
    if title_case(sent):
        pass                        # a heading in Title Case: only a headline pledge with a figure (below)
    elif first.tag_ == "VBG" and first.dep_ == "ROOT" and first.text[:1].isupper() and children(first, "dobj"):
        verb, action = first, verb_lemma(first)
        target = right_target(first, set())
    elif first.pos_ in ("NOUN", "PROPN") and first.dep_ == "ROOT" and first.text[:1].isupper() \
            and nominal_action(first.text):
        for p in first.children:
            if p.dep_ == "prep" and p.lower_ in ("of", "in", "for") and children(p, "pobj"):
                verb, action = first, nominal_action(first.text)
                # "Recovery of methane from landfills": what follows "of", with the noun's later phrases
                start = min(o.left_edge.i for o in children(p, "pobj"))
                target = [t for t in first.subtree if t.i >= start]
                break
    if verb is None and not title_case(sent):
        # the parser hung the opening word inside the noun phrase: "Increasing capacity of X to 10 GW
        # until 2030" (read as an adjective), "Establishment of micro-generation, co-generation systems"
        verb, action, target = _opening_action(sent, first)
    if verb is None and item and not title_case(sent):
        # "Integrated watershed and wetland management": a list item named by the noun of action that
        # ends its first noun phrase (`head_final_line`)
        verb, action, target = _head_final_action(sent, first)
    if verb is None:
        # a headline pledge: "OUR GOAL 20% REDUCTION of energy consumption", "Emission reduction by 37%"
        for t in sent:
            if t.pos_ in ("NOUN", "PROPN") and t.lower_ in FIGURE_NOUNS \
                    and any(u.like_num or u.text == "%" for u in t.subtree if u.i != t.i):
                verb, action = t, NOMINAL_ACTIONS[t.lower_]
                # the figure and what it applies to, without the year it is due ("by 2030")
                dated = {i for p in t.subtree if p.dep_ == "prep" and p.lower_ in ("by", "in")
                         and any(w.like_num and len(w.text) == 4 for w in p.children) for i in subtree_range(p)}
                target = [u for u in t.subtree if u.i not in dated]
                break
    if verb is None or not target or not clean_target(_span_text(target)):
        return []
    return [_line_frame(sent, group, verb, action, target)]


def _span_text(target: list[Token]) -> str:
    """The text from the first to the last of `target`'s tokens (not empty), as written."""
    doc = target[0].doc
    lo, hi = min(u.i for u in target), max(u.i for u in target)
    return doc_text(doc)[doc[lo].idx:doc[hi].idx + len(doc[hi].text)]


def _line_frame(sent: Span, group: int, verb: Token, action: str, target: list[Token]) -> Frame:
    """A line's frame: `verb` names the action, `target` (tokens, not empty) its object; the actor is the document's."""
    doc = sent.doc
    start = doc[min(u.i for u in target)].idx
    text = clean_target(_span_text(target))
    fr = Frame(verb=verb.i, action=action, action_lemma=action.split(" ")[0], sent_start=sent.start_char,
               sent_end=sent.end_char, kind="clause", actor_kind="none", group=group)
    fr.target_start, fr.target_end, fr.target_text = start, start + len(text), text
    fr.quantity_text = text
    return fr


def labelled_title_line(sent: Span, group: int) -> list[Frame]:
    """A plan's numbered action line in Title Case, which the tagger reads as a name: "ACTION 1:
    Build Capacity", "Strategy 8E. Further Develop Energy Management Team", "ACTION 2: Finalize
    Benchmarking and Begin Tracking" (two actions).  After the label, each capitalised verb of
    `LABELLED_LINE_VERBS` that opens the line or follows "and" / "," opens an action; its target
    is the words up to the next such verb.  [] when the line opens with no label or no such verb."""
    end = opening_label_end(sent)
    if end is None:
        return []
    doc = sent.doc
    words = [t for t in sent if t.idx >= end and not t.is_space]
    while words and words[0].lower_ in LABELLED_LINE_ADVERBS:
        words = words[1:]
    if len(words) < 2 or not _opens_labelled_action(words[0]):
        return []
    # the verbs that open an action: the first word, and a capitalised verb after "and" or ","
    starts = [0] + [k for k in range(2, len(words)) if _opens_labelled_action(words[k])
                    and words[k - 1].lower_ in ("and", ",", "&")]
    frames: list[Frame] = []
    for n, k in enumerate(starts):
        stop = starts[n + 1] - 1 if n + 1 < len(starts) else len(words)
        target = words[k + 1:stop]
        while target and (target[-1].is_punct or target[-1].tag_ in ("CC", "IN", "DT")):
            target.pop()
        if not target:
            continue
        verb = words[k]
        start, end_char = target[0].idx, target[-1].idx + len(target[-1].text)
        text = clean_target(doc_text(doc)[start:end_char])
        if not text:
            continue
        fr = Frame(verb=verb.i, action=verb.lower_, action_lemma=verb.lower_, sent_start=sent.start_char,
                   sent_end=sent.end_char, kind="clause", actor_kind="none", group=group)
        fr.target_start, fr.target_end, fr.target_text = start, start + len(text), text
        fr.quantity_text = text
        frames.append(fr)
    return frames


# a bracketed reference to a table, an appendix or a figure
_REFERENCE = re.compile(r"\s*\((?:Table|Appendix|Annex|Figure|Box|Chart)\b[^()]*\)")


def planned_envelope(sent: Span, group: int) -> list[Frame]:
    """A plan's resource envelope stated as a sum: "For 2015, the indicative ADF allocation is $450
    million", "The tentative annual TA program for 2015-2017 averages about $4.1 million".  A
    planning adjective (`PLANNING_ADJECTIVES`) before a noun of an envelope (`ENVELOPE_NOUNS`, which
    names the action: allocation -> allocate, program -> provide), then a verb that states the sum
    (`ENVELOPE_VERBS`) and a sum in a currency after it.  The target runs from the word after the
    adjective to the end of the sum; the actor is the document's.  [] for any other sentence."""
    toks = [t for t in sent if not t.is_space]
    if len(toks) > 60 or any(t.tag_ == "MD" for t in toks):
        return []
    adj = next((k for k, t in enumerate(toks) if t.lower_ in PLANNING_ADJECTIVES), None)
    if adj is None:
        return []
    noun = next((k for k in range(adj + 1, min(adj + 8, len(toks))) if toks[k].lower_ in ENVELOPE_NOUNS), None)
    if noun is None:
        return []
    verb = next((k for k in range(noun + 1, len(toks)) if toks[k].lower_ in ENVELOPE_VERBS), None)
    if verb is None:
        return []
    money = next((k for k in range(verb + 1, len(toks)) if toks[k].tag_ == "$" or toks[k].text in ("$", "€", "£")), None)
    if money is None or any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in toks[verb + 1:money]):
        return []                   # "... is expected to come from X in the amount of $2.2 billion": not the sum stated
    last = money
    while last + 1 < len(toks) and (toks[last + 1].like_num or toks[last + 1].lower_ in ("million", "billion")):
        last += 1
    if last == money:
        return []
    doc = sent.doc
    start, end = toks[adj + 1].idx, toks[last].idx + len(toks[last].text)
    # "(Table A2.1, Appendix 2)": a reference to where the figures stand is no part of the target
    text = _REFERENCE.sub("", doc_text(doc)[start:end])
    action = ENVELOPE_NOUNS[toks[noun].lower_]
    fr = Frame(verb=toks[verb].i, action=action, action_lemma=action, sent_start=sent.start_char,
               sent_end=sent.end_char, kind="clause", actor_kind="none", group=group)
    fr.target_start, fr.target_end, fr.target_text = start, end, text
    fr.quantity_text = doc_text(doc)[toks[money].idx:end]
    return [fr]


# A deliverable's date field in brackets: "(Release date: June 2017)", "(release date first release:
# December 2017 - ...)", "(Delivery date: by March 2018)", "(Publication date: 30 June 2019)".
_DATED_DELIVERABLE = re.compile(r"^(?P<thing>[^()]+?)\s*[(\[]\s*\*?(?P<field>release|delivery|publication|due)\s+date\b"
                                r"[^:()]{0,30}:\s*(?P<when>[^()\]]+)[)\]]\s*\*?[.;]?\s*$", re.I)


def dated_deliverable(sent: Span, group: int, deadlines: list[DeadlineMatch]) -> list[Frame]:
    """A plan's deliverable named with its date in brackets and no verb: "Circular on criteria for
    qualifying SaaS services (Release date: June 2017)", "Minimum set of indicators for measuring the
    progress of the Plan (release date: July 2017)" -> release, the deliverable as the target, the
    date as the deadline (a "Result" or "Output" field of an action sheet lists them one per line; train:
    four chapters of a national ICT plan, 18 labelled deliverables, none found before round 51).  The
    field's own word names the action ("Delivery date" -> deliver); the actor is the document's (or the
    action sheet's).  A line whose deliverable has a verb of its own in a finite tense is a clause the
    other rules read; [] for it and for any other sentence."""
    doc = sent.doc
    text = doc_text(doc)[sent.start_char:sent.end_char]
    m = _DATED_DELIVERABLE.match(text)
    if m is None:
        return []
    thing_end = sent.start_char + m.end("thing")
    toks = [t for t in sent if not t.is_space and t.idx < thing_end]
    if not toks or len(toks) > 40 or any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in toks):
        return []
    field = next((t for t in sent if t.idx >= sent.start_char + m.start("field")), None)
    if field is None:
        return []
    # a list marker or a bullet before the deliverable is no part of it
    while toks and (toks[0].is_punct or list_marker(toks[0].text)):
        toks = toks[1:]
    if not toks or not any(t.is_alpha for t in toks):
        return []
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    action = DELIVERABLE_DATE_ACTIONS[m.group("field").lower()]
    fr = Frame(verb=field.i, action=action, action_lemma=action, sent_start=sent.start_char,
               sent_end=sent.end_char, kind="clause", actor_kind="none", group=group)
    fr.target_start, fr.target_end, fr.target_text = start, end, doc_text(doc)[start:end]
    fr.quantity_text = fr.target_text
    # the date in the brackets, whether read as the field ("Release date: June 2017") or as "by March 2018"
    own = [d for d in deadlines if d.start >= sent.start_char + m.start("field") and not d.weak]
    if own:
        fr.deadline, fr.deadline_scope = own[0], "own"
    return [fr]


def _opening_verb_line(sent: Span, group: int) -> list[Frame]:
    """A plan's action line set as a line of its own, not as a list item, that opens with a
    capitalised verb of plan actions (`ITEM_LINE_VERBS`) the parse did not read as its head:
    "Pursue food waste reduction programs that capture X" (the tagger's "Pursue" is a name),
    "Research options for acquiring solar PV systems" (a noun), "Partner with fleet operators
    to transition to electric vehicles" (hung on the infinitive), "Explore feasibility of an energy
    code that will require X" (a modal in a relative clause; train: the Knoxville work plan, the
    Winston-Salem plan, Atlanta's clean energy recommendations, Pembroke Pines' green plan,
    Mauritius's NDC).  `opening_item_verb` decides that the word is a verb; the line has no
    subject before a finite verb or modal of its own outside a relative clause ("Research shows",
    "Partner agencies will ...").  Target: the rest of the line, cleaned; "V1 and V2 X" gives two
    lines (`_second_item_verb`).  [] for any other line."""
    doc = sent.doc
    toks = [t for t in sent if not t.is_space]
    end = opening_label_end(sent)
    if end is not None:
        toks = [t for t in toks if t.idx >= end]
    while toks and toks[0].lower_ in LABELLED_LINE_ADVERBS:
        toks = toks[1:]
    if len(toks) < 3:
        return []
    span = doc[toks[0].i:sent.end]
    if not opening_item_verb(span, relative_modals=True) or toks[0].dep_ in ("nsubj", "nsubjpass"):
        return []
    # a finite verb or a modal outside a relative clause has a subject of its own: not an instruction
    relative = False
    for t in toks[1:]:
        if t.tag_ in ("WDT", "WP") or t.lower_ == "that":
            relative = True
        elif t.tag_ in ("VBZ", "VBD", "MD") and not relative:
            return []
    first = toks[0]
    start = toks[1].idx
    rest = doc_text(doc)[start:sent.end_char]
    # "Amplify and opportunistically expand X": an adverb before the second verb
    coord = re.match(r"\s*(?:and|or)\s+(?:[a-z]+ly\s+)?[a-z]+\s+(?=\S)", rest)
    second = None
    if coord:
        second = _second_item_verb(span, coord)
        if second is not None:
            start += coord.end()
    text = clean_target(_without_item_end(doc_text(doc)[start:sent.end_char]))
    if not text or not re.search(r"[A-Za-z]", text):
        return []
    fr = Frame(verb=first.i, action=first.lower_, action_lemma=first.lower_, sent_start=sent.start_char,
               sent_end=sent.end_char, kind="clause", actor_kind="none", group=group)
    fr.target_start, fr.target_end, fr.target_text = start, start + len(text), text
    fr.quantity_text = text
    if second is not None:
        return [fr, replace(fr, verb=second.i, action=second.lower_, action_lemma=second.lower_)]
    return [fr]


def _opens_labelled_action(tok: Token) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and tok.lower_ in LABELLED_LINE_VERBS


def _opening_action(sent: Span, first: Token) -> tuple[Token | None, str, list[Token]]:
    """An action line that opens with a capitalised gerund ("Increasing X", "Implementing Y") or
    a noun of action and "of" ("Establishment of Z"), however the parser attached it: the
    word names the action, the rest of the line up to a deadline, a purpose ("to ensure ...")
    or a ";" is the target.  (None, "", []) when the line opens otherwise."""
    doc = sent.doc
    if not first.text[:1].isupper() or first.i + 1 >= sent.end:
        return None, "", []
    nxt = doc[first.i + 1]
    if first.dep_ == "advcl":
        return None, "", []         # "Using the inventory, select areas ...": the gerund is an adjunct
    # "Facilitating provision of X": a gerund of a policy verb the tagger took for a noun (round 25;
    # validation: one NDC measure -- the rule rests on the tagger's known misreading of capitalised
    # openers, `kb.extract.component.reread_openers`, which skips lines of this shape)
    misread = first.tag_ == "NN" and first.lower_.endswith("ing") and base_of_gerund(first.lower_) in POLICY_VERBS
    if (first.tag_ == "VBG" or misread) and first.lower_.endswith("ing") and nxt.is_alpha \
            and nxt.tag_ not in ("IN", "CC", "TO"):
        action, begin = (base_of_gerund(first.lower_) if misread else verb_lemma(first)), first.i + 1
    elif nominal_action(first.text) and first.lower_ not in FIGURE_NOUNS and nxt.lower_ == "of" \
            and first.i + 2 < sent.end:     # ("Reduction of X by 20%": a headline pledge, below)
        action, begin = nominal_action(first.text), first.i + 2
    else:
        return None, "", []
    dated = set()
    for d in find_deadlines(sent.text):
        span = doc.char_span(sent.start_char + d.start, sent.start_char + d.end, alignment_mode="expand")
        if span is not None:
            dated.update(range(span.start, span.end))
    target: list[Token] = []
    for t in doc[begin:sent.end]:
        purpose = t.lower_ in ("to", "in") and t.i + 1 < sent.end and doc[t.i + 1].tag_ == "VB" or \
            t.lower_ == "in" and t.i + 2 < sent.end and doc[t.i + 1].lower_ == "order"
        if t.i in dated or purpose or t.text in (";", ":"):
            break
        target.append(t)
    while target and (target[-1].is_punct or target[-1].tag_ in ("CC", "IN", "DT")):
        target.pop()
    # "Guiding principles", "Leading companies": a gerund before one noun is an adjective of a heading
    return (first, action, target) if len(target) >= 2 else (None, "", [])


def _head_final_action(sent: Span, first: Token) -> tuple[Token | None, str, list[Token]]:
    """A list item that names its action by a noun of action at the end of its first noun phrase:
    "Integrated watershed and wetland management" -> manage, "Sustainable tourism development" ->
    develop, "Water resources monitoring, assessment, and mapping" -> monitor (the whole line is
    the target; train: Bhutan's and Vanuatu's INDCs list their priority measures so).  The
    noun is reached from the item's first word through modifiers alone (no determiner, no verb
    phrase), within eight words, in a line that does not end with a full stop; the target runs to a
    means, a purpose or examples.  (None, "", []) for any other line."""
    doc = sent.doc
    if sent.text.rstrip().endswith("."):
        # "Water resource management and climate change impacts.": a noun phrase closed by a full stop is
        # a heading or a caption (train: a project data sheet's); an item runs on or ends bare or with ";"
        return None, "", []
    head, action = None, ""
    for t in doc[first.i:min(sent.end, first.i + 8)]:
        verb = (MEANS_ITEM_NOMINALS.get(t.lower_) or series_verb(t.text)) if t.pos_ == "NOUN" and t.i > first.i else ""
        if verb:
            head, action = t, verb
            break
        if t.pos_ not in HEAD_MODIFIER_POS or t.tag_ in ("VBZ", "VBP", "VBD", "VB", "MD"):
            return None, "", []
    if head is None:
        return None, "", []
    nxt = doc[head.i + 1] if head.i + 1 < sent.end else None
    if nxt is not None and not nxt.is_space and nxt.lower_ not in AFTER_ACTION_HEAD:
        return None, "", []
    target: list[Token] = []
    for t in doc[first.i:sent.end]:
        if _ends_series_object(t) or t.lower_ in ("using", "with", "for") or t.text in (";", ":"):
            break
        # "Forest fire management and rehabilitation of degraded lands": a second undertaking
        if t.i > head.i and t.lower_ in ("and", ",") and t.i + 2 < sent.end and series_verb(doc[t.i + 1].text) \
                and doc[t.i + 2].lower_ == "of":
            break
        target.append(t)
    while target and (target[-1].is_punct or target[-1].tag_ in ("CC", "IN", "DT")):
        target.pop()
    # "Smart investment": two words are a heading's
    return (head, action, target) if len(target) >= 3 else (None, "", [])


def head_final_line(sent: Span, group: int, first: Token) -> list[Frame]:
    """A list item that opens with an adjective and names its action by the noun of action that ends
    its first noun phrase ("Sustainable tourism development", "Integrated coastal zone management"):
    `_head_final_action`'s frame, the actor the document's; [] for any other line (a headline
    pledge that opens with an adjective is not read here)."""
    if len(sent) > 60 or title_case(sent) or any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in sent):
        return []
    verb, action, target = _head_final_action(sent, first)
    if verb is None:
        return []
    return [_line_frame(sent, group, verb, action, target)] if clean_target(_span_text(target)) else []


def title_case(sent: Span) -> bool:
    """A line in Title Case ("Catalyzing Clean Energy Industries and Jobs"): a heading, not an action."""
    words = [t for t in sent if t.is_alpha and len(t.text) > 3]
    return len(words) >= 3 and sum(1 for t in words if t.text[:1].isupper()) >= 0.6 * len(words)


# Nouns of action that NOMINAL_ACTIONS lacks (SERIES_NOMINAL_ACTIONS, kb.extract.lexicon), with their verb, for a series of
# them on one line (`nominal_series` only): "Procurement and installation of rainwater harvesting
# systems", "Acquisition of hybrid and electric means of mass transportation", "Investment in water
# infrastructure" (train: Mauritius's NDC), "conversion of less efficient peaking plants" (train: an
# ADB project data sheet), "finalization of the LEDS" (train: Georgia's NDC).
SERIES_NOUNS = {**NOMINAL_ACTIONS, **SERIES_NOMINAL_ACTIONS}


def _series_verb(tok: Token) -> str:
    """The verb a noun of action in a series names ("" for any other word): `series_verb`."""
    return series_verb(tok.text)


def series_verb(word: str) -> str:
    """The verb a noun of action names, in a series or an item ("" for any other word): SERIES_NOUNS,
    else the regular derivations of `nominal_action` ("Rationalisation of X and consolidation of Y")."""
    return SERIES_NOUNS.get(word.lower()) or nominal_action(word)



def _ends_series_object(t: Token) -> bool:
    """What ends a noun of action's object inside a series: a means ("through the use of X"), a
    purpose ("to accelerate X", "in order to"), a description (", which is ..."), examples
    ("including", "such as")."""
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if t.lower_ in ("through", "via", "which", "including"):
        return True
    if t.lower_ == "in" and nxt is not None and nxt.lower_ == "order":
        return True
    if t.lower_ == "such" and nxt is not None and nxt.lower_ == "as":
        return True
    return t.lower_ == "to" and nxt is not None and nxt.tag_ == "VB"
_INLINE_ITEM = re.compile(r"^\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})\)$")
# a colon, then the first marker of an inline enumeration: ": (a) ", ": a) ", ": (i) "
_COLON_SERIES = re.compile(r":\s+\(?(?:i|a|1)\)\s+(?=[A-Za-z])")


def nominal_series(sent: Span, group: int) -> list[Frame]:
    """A line that is a series of nouns of action, each one undertaking: "(b) Introduction of
    innovative irrigation management; (c) implementation of anti-erosion measures; (d)
    establishment of information centers" -> introduce, implement, establish (train: Georgia's
    NDC, first seen so when the PDF reader broke its paragraph at "(b)"; read whole since round 38,
    the series runs on after the paragraph's colon, "Those include the following: (a) ...", and is
    read from its first marker on, without the rule on the sentence's root); "Procurement and
    installation of rainwater harvesting systems and improvement in the water framework" -> procure,
    install, improve; "Development and implementation of fishing
    management plans, strengthening of institutional capacity and adaptation of infrastructure";
    "modernisation of the grid ...; efficient use of energy ..." (train: Mauritius's NDC).  ANNOTATION.md
    section 1: one line per undertaking.  The line opens with a noun of action (after a list marker)
    followed by "of"/"in" or by "and" and another such noun, which share the object ("Procurement and
    installation of X"); each later noun of action follows ",", ";", "and" or an item marker.  At
    least two, in a line with no modal whose root is a noun (not a clause), not a heading in Title
    Case.  Each takes the words after its "of"/"in" up to the next noun's separator, without a means,
    a purpose or examples.  The actor is the document's."""
    doc = sent.doc
    m = list_marker(sent.text)
    # "Those include the following: (a) research on X; (b) introduction of Y; (c) ...": the series runs on
    # inside the sentence after its colon (a paragraph that wraps an item marker to a line's start used to be
    # read as a list item from there on, which is how the Georgia line above was first seen)
    after_colon = None if m else _COLON_SERIES.search(sent.text)
    begin = sent.start_char + (m.end() if m else after_colon.end() if after_colon else 0)
    toks = [t for t in sent if t.idx >= begin and not t.is_space]
    if len(toks) > 90 or any(t.tag_ == "MD" for t in toks) or title_case(sent):
        return []
    while toks and (toks[0].is_punct or not any(ch.isalnum() for ch in toks[0].text)):
        toks = toks[1:]
    if len(toks) < 4 or (after_colon is None and not _series_verb(toks[0])):
        return []
    root = sent.root
    if after_colon is None and root.pos_ not in ("NOUN", "PROPN") and not _series_verb(root):
        return []
    n = len(toks)

    def has_object(k: int) -> bool:
        return k + 1 < n and toks[k + 1].lower_ in ("of", "in")

    def shares_object(k: int) -> bool:
        return k + 2 < n and toks[k + 1].lower_ == "and" and bool(_series_verb(toks[k + 2])) and has_object(k + 2)

    def after_separator(k: int) -> bool:
        prev = toks[k - 1]
        return prev.text in (",", ";") or prev.lower_ == "and" or (
            prev.text == ")" and k >= 2 and _INLINE_ITEM.match(
                "".join(t.text for t in toks[max(0, k - 3):k]).lstrip(",;")) is not None)

    heads: list[int] = []
    for k, t in enumerate(toks):
        if not _series_verb(t) or not (has_object(k) or shares_object(k)):
            continue
        if k == 0 or after_separator(k):
            heads.append(k)
    if len(heads) < 2 or (heads[0] != 0 and after_colon is None):
        return []
    # the end of each object: the separator before the next noun of action (marker, ",", ";", "and")
    frames: list[Frame] = []
    spans: dict[int, tuple[int, int]] = {}
    for j, k in enumerate(heads):
        if not has_object(k):
            continue
        lo = k + 2
        hi = heads[j + 1] if j + 1 < len(heads) else n
        while hi > lo and (toks[hi - 1].is_punct or toks[hi - 1].lower_ in ("and", "or", "etc")
                           or _INLINE_ITEM.match(toks[hi - 1].text) or toks[hi - 1].text in "()"):
            hi -= 1
        for q in range(lo + 1, hi):
            if _ends_series_object(toks[q]):
                hi = q
                break
        while hi > lo and toks[hi - 1].is_punct:
            hi -= 1
        if not any(t.pos_ in ("NOUN", "PROPN", "NUM") for t in toks[lo:hi]):
            continue                        # "promotion and implementation of the": a line cut short
        start, end = toks[lo].idx, toks[hi - 1].idx + len(toks[hi - 1].text)
        text = clean_target(doc_text(doc)[start:end])
        if text:
            spans[k] = (start, start + len(text))
    for k in heads:
        own = k if k in spans else (k + 2 if shares_object(k) and k + 2 in spans else None)
        if own is None:
            continue
        start, end = spans[own]
        action = _series_verb(toks[k])
        fr = Frame(verb=toks[k].i, action=action, action_lemma=action.split(" ")[0], sent_start=sent.start_char,
                   sent_end=sent.end_char, kind="clause", actor_kind="none", group=group)
        fr.target_start, fr.target_end, fr.target_text = start, end, doc_text(doc)[start:end]
        fr.quantity_text = fr.target_text
        frames.append(fr)
    return frames if len(frames) >= 2 else []
