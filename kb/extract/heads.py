"""Which verbs of a sentence are commitment actions.

A commitment clause is headed by a verb under a modal ("will", "shall",
"must", "would", "should"), under "is to", under an intention verb in the
present tense, under "be committed/determined to", under a verb that restates a
commitment noun ("we reaffirm our commitment to achieve X"), in a declaration's
present progressive ("we are mapping X"), or opens a plan's action line as an
imperative ("Develop standards for X"; `opening_word`, `is_imperative`).  A
speaker's direction names another actor ("I have asked the College to review X";
`directed_action`), and a list of priorities its gerunds ("Key priorities include
modernising X"; `priority_actions`).  From a
head, `follow_chain` goes down to the real action ("aims to build" -> build; "is
expected to reach" -> reach; "make efforts to expand" -> expand; "will continue
making investments" -> make; "will work to ensure" -> ensure); from an action,
`conj_verbs`, `means_verbs` and `stray_verbs` find the further actions that
share its clause ("will accelerate X, stabilize Y, as well as make plans for
Z"; "by authorizing ..."; "speed up X and promote Y"; a means after "including" or
after a hedge: "fill X as soon as practicable by acquiring Y").  Efforts that belong to
someone named are an object ("coordinate the Federal Government's efforts to X" ->
coordinate), and "the purpose / intent / role of X is to ..." says what a thing is for.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kb.extract.lexicon import (ASPECT_VERBS, CHAIN_VERBS, COMMIT_NOUNS, COMMIT_TO_VERBS, INCLUDING_PRONOUNS, COMMITTED_ADJECTIVES, DIRECTED_PARTICIPLES, DIRECTIVE_VERBS,
                                GOAL_SETTING_PRESENT, SET_GOAL_NOUNS,
                                EFFORT_NOUNS, FUNCTION_NOUNS, LIGHT_VERBS,
                                FIRST_PERSON, GERUND_CHAIN_VERBS, HEDGE_OPENING, OBLIGATION_MODALS, REFLEXIVE_PRONOUNS, MEANS_SKIP, NOT_IMPERATIVE_ACTIONS, NOT_ITEM_ACTIONS, OTHERS_QUANTIFIERS,
                                NEEDED_MEANS_NOUNS, PASSIVE_CHAIN, PAST_COMMIT, PERFECT_AUXILIARIES, PERFECT_COMMIT, PRESENT_COMMIT, PURPOSE_VERBS,
                                REAFFIRM_VERBS, RELATIVE_PRONOUNS, RESULT_PARTICIPLES, STATE_VERBS, TARGET_NOUNS,
                                TARGET_SETTING_VERBS, MEANS_PREPOSITIONS)
from kb.extract.actors import is_thing
from kb.extract.syntax import (actor_like, children, has_to, is_name_not_verb, is_passive, mention, modal_of, subject_of,
                               subtree_tokens)
from kb.tables import ROMAN_ITEM_NUMBER


def _means_needed(participle: Token) -> bool:
    """ "International support is required to implement X": the subject of "is required to" is a means
    the task needs (`NEEDED_MEANS_NOUNS`), so no one is directed to do anything."""
    if participle.lemma_.lower() != "require":
        return False
    subj = subject_of(participle)
    return subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() in NEEDED_MEANS_NOUNS


def _obligation(tok: Token) -> Token | None:
    """ "The agencies will have to provide X", "the municipalities shall have to adopt Y": "have to"
    under a modal of the future or of duty (`OBLIGATION_MODALS`) is a duty, and the verb after
    "to" is the action.  "have" in the present ("we have to be careful") and "would have to"
    (a condition) stay no chain.  Train: two parts of a national IT plan (eight lines missed before);
    validation: a national pledge."""
    if not any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in tok.children):
        return None
    for c in tok.children:
        if c.dep_ == "xcomp" and c.i > tok.i and has_to(c) and c.left_edge.i == tok.i + 1 and c.pos_ in ("VERB", "AUX"):
            return c
    return None


def follow_chain(tok: Token) -> tuple[Token, list[Token]]:
    """From an intention verb to the real action: aims -> build, is expected -> reach.

    Returns the action and the verbs passed on the way (the chain)."""
    chain: list[Token] = []
    seen = set()
    while tok.i not in seen:
        seen.add(tok.i)
        nxt = None
        lemma = tok.lemma_.lower()
        if lemma in PASSIVE_CHAIN and not is_passive(tok):
            break
        # "commits itself to expand X": a reflexive object is no object before the action
        obj_before = [c.i for c in tok.children if c.dep_ in ("dobj", "obj") and c.lower_ not in REFLEXIVE_PRONOUNS]
        if lemma in CHAIN_VERBS:
            for c in tok.children:
                if obj_before and c.i > min(obj_before) and c.dep_ == "xcomp":
                    continue        # "propose targets ... to meet X": a purpose, not the action
                if c.dep_ in ("xcomp", "ccomp", "advcl") and has_to(c) and c.i > tok.i \
                        and (c.pos_ in ("VERB", "AUX") or c.dep_ == "xcomp"):
                    nxt = c
                    break
            if nxt is None and lemma in GERUND_CHAIN_VERBS:
                # "commits to reducing", "work towards building"
                for p in children(tok, "prep"):
                    for c in children(p, "pcomp"):
                        if c.tag_ == "VBG":
                            nxt = c
        if nxt is None and lemma in PURPOSE_VERBS and not children(tok, "dobj", "ccomp", "attr", "oprd", "dative"):
            # "will work to ensure X", "must act to protect Y": the purpose is the action
            # (any other verb keeps its own action: a purpose clause is optional)
            for c in tok.children:
                if c.dep_ in ("advcl", "xcomp") and c.i > tok.i and has_to(c) and c.pos_ == "VERB" \
                        and not any(m.lower_ == "order" for m in c.children):
                    nxt = c
                    break
        if nxt is None and lemma == "have" and not obj_before:
            nxt = _obligation(tok)      # "the agencies will have to provide X"
        if nxt is None and lemma in ASPECT_VERBS:
            # "will continue making investments", "will keep supporting X"
            for c in children(tok, "xcomp"):
                if c.tag_ == "VBG" and c.i > tok.i:
                    nxt = c
                    break
        if nxt is None and tok.tag_ in ("VBN", "JJ") and tok.lower_ in COMMITTED_ADJECTIVES:
            nxt = _to_gerund(tok)       # "Israel is committed to working towards X"
        if nxt is None and tok.tag_ == "VBN" and lemma == "aim":
            nxt = _at_gerund(tok)       # "the Task Force is aimed at fostering X"
        if nxt is None:
            # "efforts will be made to improve X", "steps shall be taken to revise Y"
            nxt = _effort_passive(tok)
        if nxt is None:
            # "we are committed to finding X", "Kenya is determined to continue ..."
            nxt = _committed_to(tok)
        if nxt is None:
            # "achieve an economy-wide target to reduce X", "reaffirm our commitment to achieve X",
            # "make comprehensive efforts to improve X": the noun's verb is the action
            nxt = _noun_infinitive(tok)
        if nxt is None:
            break
        chain.append(tok)
        tok = nxt
    return tok, chain


def effort_subject(subj: Token | None, chain: list[Token]) -> bool:
    """`subj` is the effort noun of a passive light verb in `chain` ("efforts will be made to
    improve X"): a means, not the actor."""
    return subj is not None and subj.dep_ == "nsubjpass" and subj.lemma_.lower() in EFFORT_NOUNS \
        and any(subj.head.i == v.i for v in chain)


def _effort_passive(tok: Token) -> Token | None:
    """The action of a passive light verb whose subject is an effort noun: "efforts will be made
    to improve X", "steps shall be taken to revise Y", "measures will be adopted to curb Z" ->
    improve / revise / curb (the active form, "make efforts to", is `_noun_infinitive`)."""
    if tok.lemma_.lower() not in LIGHT_VERBS | {"adopt"} or not is_passive(tok):
        return None
    subj = subject_of(tok)
    if subj is None or subj.lemma_.lower() not in EFFORT_NOUNS:
        return None
    for c in tok.children:
        if c.dep_ in ("advcl", "xcomp") and c.i > tok.i and has_to(c) and c.pos_ == "VERB":
            return c
    return None


def _committed_to(tok: Token) -> Token | None:
    """The action of "be committed to doing X" / "remain determined to do X" under `tok`."""
    if tok.lemma_.lower() not in ("be", "remain", "stay", "stand"):
        return None                 # "stands ready to support X" as well
    for a in children(tok, "acomp"):
        if a.lower_ not in COMMITTED_ADJECTIVES:
            continue
        for c in a.children:
            if c.dep_ == "xcomp" and has_to(c) and c.pos_ in ("VERB", "AUX"):
                return c
            if c.dep_ == "prep" and c.lower_ == "to":
                for p in children(c, "pcomp"):
                    if p.tag_ in ("VBG", "VB"):
                        return p
    return None


def _at_gerund(tok: Token) -> Token | None:
    """The gerund of "aimed at doing" under `tok`."""
    for p in children(tok, "prep"):
        if p.lower_ == "at" and p.i > tok.i:
            for c in children(p, "pcomp"):
                if c.tag_ == "VBG":
                    return c
    return None


def priority_actions(tok: Token) -> list[Token]:
    """The gerunds a list of priorities includes: "Key priorities include optimising X,
    accelerating Y and improving Z" -> optimise (its coordinated gerunds follow from it);
    the priorities are the document's own (a thing as subject).  Also what "This includes" /
    "This will include" lists after an undertaking."""
    if tok.lemma_.lower() != "include":
        return []
    subj = subject_of(tok)
    if subj is None:
        return []
    gerunds = [c for c in tok.children if c.dep_ in ("xcomp", "dobj", "ccomp") and c.tag_ == "VBG" and c.i > tok.i]
    if subj.lemma_.lower() in COMMIT_NOUNS and tok.tag_ in ("VBZ", "VBP"):
        return gerunds
    if subj.lower_ in INCLUDING_PRONOUNS and (tok.tag_ in ("VBZ", "VBP") or tok.tag_ == "VB" and modal_of(tok) is not None):
        # "This includes strengthening information sharing, enhancing early warning systems, ...",
        # "This will include assessing workforce needs": what an undertaking just stated takes in
        # (train: the Los Angeles declaration, the Summer Budget 2015, an Australian cyber strategy,
        # an EU-OLADE memorandum); a gerund with an object of its own
        return [g for g in gerunds if any(c.dep_ in ("dobj", "prep", "prt", "attr") for c in g.children)]
    return []


def can_act(subj: Token) -> bool:
    """Whether a subject can undertake something: a first-person pronoun, or a named actor that is
    not a thing ("the leaders", "Iceland", not "the strategy")."""
    return subj.lower_ in FIRST_PERSON or (actor_like(subj) and not is_thing(mention(subj)[2]))


def _to_gerund(tok: Token) -> Token | None:
    """The gerund of "to doing" under `tok`: "Israel is committed to working towards X" (the
    parser reads "committed" as a passive verb with a "to" phrase)."""
    for p in children(tok, "prep"):
        if p.lower_ == "to" and p.i > tok.i:
            for c in children(p, "pcomp"):
                if c.tag_ == "VBG":
                    return c
    return None


def _noun_infinitive(tok: Token) -> Token | None:
    """The verb of a commitment noun or an effort noun that is `tok`'s object: "achieve a target
    to reduce X", "reaffirm our commitment to achieve X" / "to ending X", "make efforts to expand X"."""
    lemma = tok.lemma_.lower()
    for d in children(tok, "dobj"):
        noun = d.lemma_.lower()
        if not (noun in EFFORT_NOUNS or (noun in TARGET_NOUNS and lemma in TARGET_SETTING_VERBS + REAFFIRM_VERBS)):
            continue
        if noun in EFFORT_NOUNS and _others_effort(tok, d):
            continue
        for c in d.children:
            if c.dep_ in ("acl", "relcl") and has_to(c) and c.pos_ == "VERB":
                return c
        if noun in EFFORT_NOUNS:
            # "take steps to revise X": the parser hung the infinitive on the verb, right after the noun
            for c in tok.children:
                if c.dep_ == "advcl" and has_to(c) and c.pos_ == "VERB" and c.left_edge.i == d.right_edge.i + 1:
                    return c
            if lemma in LIGHT_VERBS:
                # "take steps, consistent with applicable law, to expand X", "take steps, as appropriate
                # and consistent with applicable law, to facilitate X": past a hedge set off by commas the
                # infinitive is still the action, whether the parser hung it on the verb as a purpose or
                # as a coordinated verb (train: eo-14053, eo-14001)
                for c in tok.children:
                    if c.dep_ in ("advcl", "conj") and has_to(c) and c.pos_ == "VERB" and c.i > d.i \
                            and _hedge_between(d.right_edge, c.left_edge):
                        return c
        for c in d.children:
            if c.dep_ == "prep" and c.lower_ == "to" and noun in TARGET_NOUNS:
                for p in children(c, "pcomp"):
                    if p.tag_ == "VBG":
                        return p
    return None


def _hedge_between(last: Token, first: Token) -> bool:
    """Only a hedge set off by commas stands between two tokens: "steps, consistent with
    applicable law, to expand X" (lexicon.HEDGE_OPENING)."""
    between = last.doc[last.i + 1:first.i].text
    if not between.startswith(","):
        return False
    rest = between[1:].lstrip()
    m = HEDGE_OPENING.match(rest)
    return bool(m) and m.end() == len(rest)


def _others_effort(verb: Token, noun: Token) -> bool:
    """ "coordinate the Federal Government's efforts to welcome X", "promote agency efforts to
    strengthen Y", "support the efforts of partners to Z", "support international efforts to bring
    peace": efforts that belong to someone else (named, or the world's) are
    the object of the verb (coordinate, promote), not a light verb's own effort ("make efforts to",
    "redouble our efforts to" keep the infinitive as the action)."""
    if verb.lemma_.lower() in LIGHT_VERBS:
        return False
    return any((c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN", "NOUN"))
               or (c.dep_ == "amod" and c.lower_ in ("international", "global"))     # "support international efforts to"
               or (c.dep_ == "prep" and c.lower_ == "of" and c.i > noun.i) for c in noun.children)


def is_commit_head(tok: Token) -> bool:
    """Does this verb head a commitment (before following intention chains)?"""
    if tok.tag_ == "JJ" and tok.lower_ in COMMITTED_ADJECTIVES and _to_gerund(tok) is not None \
            and any(c.dep_ in ("auxpass", "cop") and c.tag_ in ("VBZ", "VBP") for c in tok.children) \
            and subject_of(tok) is not None:
        return True                 # "Indonesia is committed to using X", "committed" read as an adjective
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    if is_name_not_verb(tok):
        return False
    if modal_of(tok) is not None:
        return True
    # "for the Federal Government to lead", "proposing that Hechi to carry out": an infinitive with its own subject
    if tok.tag_ == "VB" and has_to(tok) and any(c.dep_ == "nsubj" and c.i < tok.i and c.lower_ not in RELATIVE_PRONOUNS
                                                and actor_like(c) for c in tok.children) \
            and not _judged_for(tok):
        return True
    # "are to switch", "is to be slashed"
    if tok.dep_ == "xcomp" and has_to(tok) and tok.head.lemma_ == "be" and tok.head.pos_ == "AUX" \
            and tok.head.tag_ in ("VBZ", "VBP") and subject_of(tok.head) is not None:
        # "The purpose of the initiative is to enhance X": what a body or a document is for
        if extraposed_judgement(tok.head):
            return False
        return subject_of(tok.head).lemma_.lower() not in FUNCTION_NOUNS
    # "It is also the policy of my Administration to X", "It is therefore the policy of the United States
    # to Y": with an adverb after "is" the parser hangs the infinitive on "policy", not on "is" as it does
    # for "It is the policy of ... to" (19 such sentences in the shared corpus of orders; train: EO 14075)
    if tok.tag_ == "VB" and tok.dep_ in ("acl", "relcl") and has_to(tok) and tok.head.lemma_.lower() == "policy" \
            and tok.head.dep_ == "attr" and tok.head.head.lemma_ == "be" and tok.head.head.tag_ in ("VBZ", "VBP") \
            and subject_of(tok.head.head) is not None and subject_of(tok.head.head).lower_ == "it":
        return True
    # present-tense intention: "the city aims to build", "Angola plans to reduce"
    if tok.tag_ in ("VBZ", "VBP") and tok.lemma_.lower() in PRESENT_COMMIT and subject_of(tok) is not None:
        return True
    if _progressive_intention(tok) or _present_goal_setting(tok):
        return True
    # "we recommit to promoting X", "we recommit ourselves to working together to address Y" (train:
    # two joint statements); "we recommit to our partnership" -- a thing, not an act -- is
    # `clauses._committed_to_noun`'s (action "commit")
    if tok.tag_ in ("VBZ", "VBP") and tok.lemma_.lower() in COMMIT_TO_VERBS and subject_of(tok) is not None \
            and follow_chain(tok)[0].i != tok.i:
        return True
    # "are encouraged to", "is directed to", "is expected to"; not a means the task needs ("support is
    # required to implement X")
    if tok.tag_ == "VBN" and tok.lemma_.lower() in DIRECTED_PARTICIPLES \
            and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in tok.children) \
            and not _means_needed(tok) \
            and (any(c.dep_ == "xcomp" and has_to(c) for c in tok.children)
                 # "The Director is charged with issuing X", "is tasked with preparing Y"
                 or (tok.lemma_.lower() in GERUND_CHAIN_VERBS and follow_chain(tok)[0].i != tok.i)):
        return True
    # "we are committed to ending X", "the country remains determined to ..."
    if tok.tag_ in ("VBZ", "VBP") and _committed_to(tok) is not None and subject_of(tok) is not None:
        return True
    # "Mexico is committed to reduce X": the parser reads "committed" as a passive verb
    if tok.tag_ == "VBN" and tok.lower_ in COMMITTED_ADJECTIVES \
            and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in tok.children) \
            and (any(c.dep_ in ("xcomp", "advcl") and has_to(c) and c.pos_ == "VERB" for c in tok.children)
                 or _to_gerund(tok) is not None) \
            and subject_of(tok) is not None:
        return True
    # "we reaffirm our commitment to achieve X", "we share a goal to increase X"
    # (also in a joint text's past tense: "both sides reaffirmed their commitment to cooperate on X")
    if tok.tag_ in ("VBZ", "VBP", "VBD") and tok.lemma_.lower() in REAFFIRM_VERBS and subject_of(tok) is not None \
            and _noun_infinitive(tok) is not None:
        return True
    # "the Task Force is aimed at fostering X"
    if tok.tag_ == "VBN" and tok.lemma_.lower() == "aim" and _at_gerund(tok) is not None \
            and any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in tok.children) \
            and subject_of(tok) is not None:
        return True
    # a declaration's present progressive: "we are mapping the supply chain", "we are taking steps to ..."
    if tok.tag_ == "VBG" and tok.lemma_.lower() not in STATE_VERBS \
            and any(c.dep_ == "aux" and c.lower_ in ("are", "am", "'re") for c in tok.children) \
            and any(c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in tok.children):
        return True
    # A joint text's simple past reports what was undertaken at the meeting: "both sides agreed to
    # sustain X", "the leaders recommitted to advancing Y", "the General Assembly pledged to broaden Z"
    # (train: eu-china-environment-climate-dialogue, eu-energy-efficiency-new-impetus-2025,
    # multi-india-us-joint-statement-2023); the subject must be able to act, and the verb must
    # take an infinitive or "to" and a gerund.
    if tok.tag_ == "VBD" and tok.lemma_.lower() in PAST_COMMIT and subject_of(tok) is not None \
            and can_act(subject_of(tok)) \
            and (any(c.dep_ == "xcomp" and has_to(c) and c.pos_ in ("VERB", "AUX") for c in tok.children)
                 or _to_gerund(tok) is not None):
        return True
    # "Chile has agreed to reforest", "the country has committed to reducing"
    if tok.tag_ == "VBN" and tok.lemma_.lower() in PERFECT_COMMIT \
            and any(c.dep_ == "aux" and c.lower_ in PERFECT_AUXILIARIES for c in tok.children) \
            and subject_of(tok) is not None:
        return True
    return False


def describes_others(subj: Token) -> bool:
    """ "Many communities are implementing X", "Several ports are planning to Y": a subject with a
    quantifier of others (`OTHERS_QUANTIFIERS`) describes what others do; it is not the document's actor."""
    return any(c.lower_ in OTHERS_QUANTIFIERS for c in subj.children if c.dep_ in ("det", "amod", "nummod"))


def _judged_for(tok: Token) -> bool:
    """ "There is a need for Member States to ensure X", "There is an opportunity for the City to
    follow suit": an infinitive with its own subject ("for X to V") that hangs on "there is" or on the
    noun it introduces states a need or a chance -- no one undertakes it (ANNOTATION.md section 1;
    train: the forest strategy, a city sustainability plan; round 29).  "It is imperative for X to V",
    "It is time for agencies to V" pass here (round 29 kept them: the validation labels mark them, as
    optional lines), and since round 36 `clauses._for_to_clause` drops them with every other "for X to
    V" that hangs on no verb asking for it and no goal noun: an opinion of what X should do is no
    undertaking of X; "the plan calls for the Board to V" stays."""
    be = tok.head
    if be.lemma_ != "be" and be.dep_ == "attr":
        be = be.head
    return be.lemma_ == "be" and be.i != tok.i and any(c.dep_ == "expl" for c in be.children)


def _progressive_intention(tok: Token) -> bool:
    """The present progressive of an intention verb with a named actor as subject: "the Commission
    is proposing to increase the target to 45%", "the Authority is planning to close the terminal by
    2028" (train: a Commission plan, an NDC; round 29) -- the same intention as "proposes to"/"plans to"
    (`PRESENT_COMMIT`), written as under way.  The first person is the progressive rule of
    `is_commit_head` ("we are planning to ...").  Only in a main clause (not "while X is seeking
    to", not a relative clause), with a subject that can act (not "the strategy", not "many
    countries": others, described) and an infinitive the chain leads to."""
    if tok.tag_ != "VBG" or tok.lemma_.lower() not in PRESENT_COMMIT or tok.dep_ not in ("ROOT", "conj"):
        return False
    if not any(c.dep_ == "aux" and c.lower_ in ("is", "are") for c in tok.children) or modal_of(tok) is not None \
            or any(c.dep_ == "mark" for c in tok.children):
        return False
    if children(tok, "dobj"):
        return False                    # "is committing a further £3.5 million to address X": a sum spent, a purpose
    subj = subject_of(tok)
    if subj is None or subj.dep_ != "nsubj" or subj.lower_ in FIRST_PERSON or not can_act(subj):
        return False
    if describes_others(subj):
        return False
    return follow_chain(tok)[0].i != tok.i


def _present_goal_setting(tok: Token) -> bool:
    """A goal set in the present tense by an actor in the text that sets it: "Chatham County
    establishes a goal for itself of 5% renewable use by 2010", "the Commission sets the target of
    over 320 GW of solar photovoltaic by 2025" (validation: a county energy plan; train: a
    Commission plan; round 29).  The verb (`GOAL_SETTING_PRESENT`, not past: "the Council set a
    goal" reports) takes a goal noun (`SET_GOAL_NOUNS`) as its object, in a main clause with no
    modal, and its subject can act: "the Paris Agreement sets a goal" (a thing) describes, "many
    cities set targets" describes others.  "This plan adopts the 2035 goal" stays the document's
    outline (`constructions._not_an_actor`)."""
    if tok.tag_ not in ("VBZ", "VBP") or tok.lemma_.lower() not in GOAL_SETTING_PRESENT \
            or tok.dep_ not in ("ROOT", "conj") or modal_of(tok) is not None:
        return False
    if any(c.dep_ == "mark" for c in tok.children) or children(tok, "prt") \
            or not any(d.lemma_.lower() in SET_GOAL_NOUNS for d in children(tok, "dobj")):
        return False                    # "The Act sets out our ambition for X": what a text holds
    subj = subject_of(tok)
    if subj is None or subj.dep_ != "nsubj" or subj.lower_ in FIRST_PERSON:
        return False
    if describes_others(subj):
        return False                    # "Many cities set targets for X"
    return can_act(subj)


def extraposed_judgement(be: Token) -> bool:
    """ "It is necessary to incorporate X", "it is important to migrate from Y", "it is technically
    possible to achieve Z", "it is premature to draw conclusions": "it" + "is" + an adjective
    before the infinitive judges an act (needed, useful, possible), it does not undertake it --
    no actor is named (ANNOTATION.md section 1: a statement of need or of fact is no commitment).
    Train (issue 10): ndc-mex, state-atlanta-clean-energy, fr-omb-m-19-26-tic,
    nat-au-secure-cloud-strategy, ndc-geo, state-greensboro, dev-adb-pds-bangladesh-khulna,
    eo-14034.  "It is the policy of my Administration to X" (a noun, not an adjective) stays."""
    subj = subject_of(be)
    return subj is not None and subj.lower_ == "it" and any(c.dep_ == "acomp" and c.pos_ == "ADJ"
                                                             for c in be.children)


def directed_action(tok: Token) -> Token | None:
    """The action a speaker directs a named actor to take: "I have asked the College to
    introduce X", "we task the Finance Ministers to turn Y", "I hereby direct the Secretary
    to publish Z" -> introduce / turn / publish, whose actor is the object (`find_subject`);
    "we request that the Agency report on X" -> report, with its own subject.  Only a
    first-person speaker directs: "the law asks agencies to ..." describes, and "we call on
    X to ..." appeals."""
    if tok.lemma_.lower() not in DIRECTIVE_VERBS or not tok.tag_.startswith("VB"):
        return None
    subj = subject_of(tok)
    if subj is None or subj.lower_ not in FIRST_PERSON or subj.dep_ != "nsubj":
        return None
    objs = [o for o in children(tok, "dobj") if (actor_like(o) or o.pos_ == "PROPN") and not o.like_num]
    for c in tok.children:
        if objs and c.dep_ in ("xcomp", "advcl") and c.i > objs[0].i and has_to(c) and c.pos_ == "VERB":
            return c
        own = subject_of(c)
        if c.dep_ == "ccomp" and c.tag_ == "VB" and own is not None and actor_like(own) \
                and own.lower_ not in FIRST_PERSON and any(m.lower_ == "that" for m in children(c, "mark")):
            return c
    return None


def conj_verbs(tok: Token) -> list[Token]:
    """Verbs coordinated with `tok` that share its clause: "will accelerate X, stabilize Y"."""
    out = []
    for c in tok.children:
        past = c.tag_ == "VBD" and c.lower_ != c.lemma_.lower()    # "cut", "set", "put": base forms tagged as past
        if c.dep_ == "conj" and (c.pos_ in ("VERB",) or c.tag_.startswith("VB")) and not past:
            if c.tag_ == "VBN" and not is_passive(c) and modal_of(c) is None and c.lower_ != c.lemma_.lower():
                continue            # "identified or recommended by": a participle, not an action
            if c.lemma_.lower() == "be":
                continue
            if is_name_not_verb(c):
                out.extend(conj_verbs(c))   # "... Tian'e to Beihai, as well as carry out ...": skip the name
                continue
            if subject_of(c) is not None and (modal_of(c) is not None or is_commit_head(c)):
                continue            # its own clause, found on its own
            if subject_of(c) is not None and c.tag_ in ("VBZ", "VBP", "VBD") and not is_commit_head(c):
                continue            # "... and it has already ..."
            if _continues_relative_series(c):
                continue
            out.append(c)
        elif _series_verb(c):
            out.append(c)
    return out


def _continues_relative_series(c: Token) -> bool:
    """A verb the parser made a conjunct of the main verb that goes on a series inside a relative
    clause: "will emphasize investments in infrastructure that will drive job creation, safeguard
    against corruption, guarantee respect for workers, and support recovery" ("guarantee" hung on
    "emphasize").  Right after a comma (no "and" before it), the last verb before it lies in a
    relative clause of the main verb's object, so the series describes that object (active
    relative clauses are no undertakings: `constructions._relative_description`); with "and" before it ("fund projects
    that cut emissions, and publish the results") it may be the main verb's."""
    doc = c.doc
    if c.i < 2 or doc[c.i - 1].text != "," or modal_of(c) is not None:
        return False
    prev = next((t for t in reversed(doc[c.head.i + 1:c.i - 1]) if t.pos_ == "VERB"), None)
    t = prev
    while t is not None and t.i != c.head.i and t.head.i != t.i:
        if t.dep_ == "relcl":
            # a finite relative clause ("that will drive X"), not an infinitive the parser calls one
            # ("propose legislation to measure X, put limits on Y": the legislation's content, undertaken)
            return (not has_to(t) and t.tag_ != "VB") or modal_of(t) is not None
        t = t.head
    return False


def in_relative_series(t: Token) -> bool:
    """`t` or a conjunct it hangs on goes on a relative clause's series (`_continues_relative_series`):
    "... that will drive X, safeguard Y, guarantee Z, and support W" -> "support" too."""
    for _ in range(12):
        if t.dep_ != "conj" or t.head.i == t.i:
            return False
        if _continues_relative_series(t):
            return True
        t = t.head
    return False


def _series_verb(c: Token) -> bool:
    """A base-form verb of a comma series that the parser hung on the series' first verb as a
    complement, not as a conjunct: "will use X, regularly consult Y, assess Z and explore W"
    ("consult" as xcomp, often with an adverb before it).  One of the verbs it shares its series
    with is a conjunct of the same head (or of it), so the series is a coordination; a verb with its
    own subject, modal, "to" or subordinating mark is a clause of its own, and one with no comma
    before it a bare infinitive ("help communities adapt")."""
    head = c.head
    if c.dep_ not in ("xcomp", "advcl", "dep", "ccomp") or c.i <= head.i or c.tag_ not in ("VB", "VBP") \
            or c.lower_ != c.lemma_.lower() or c.lemma_.lower() == "be" or is_name_not_verb(c):
        return False
    if has_to(c) or children(c, "mark") or subject_of(c) is not None or modal_of(c) is not None:
        return False
    j = c.i - 1
    while j > head.i and c.doc[j].dep_ == "advmod" and c.doc[j].head.i == c.i:
        j -= 1                      # "regularly consult"
    if c.doc[j].text != ",":
        return False
    return any(k.dep_ == "conj" and k.tag_.startswith("VB") and k.i > c.i
               for k in list(head.children) + list(c.children))


def stray_verbs(tok: Token) -> list[Token]:
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


def means_verbs(tok: Token) -> list[Token]:
    """"by authorizing ...", ", prioritizing ...": sub-actions of a commitment."""
    out = []
    for by in means_preps(tok):
        for p in children(by, "pcomp"):
            if p.tag_ == "VBG" and p.lemma_.lower() not in MEANS_SKIP and p not in out:
                out.append(p)
    for c in tok.children:
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > tok.i and not subject_of(c) \
                and not children(c, "mark") and c.lemma_.lower() not in MEANS_SKIP \
                and c.lemma_.lower() not in RESULT_PARTICIPLES \
                and c.i > 0 and c.doc[c.i - 1].text == ",":
            out.append(c)
    return out


def means_preps(tok: Token) -> list[Token]:
    """The "by" phrases of a verb's means: its own ("fill X by acquiring Y"), after "including"
    ("respond to X, including by building Y"), after a hedge the parser hung them on ("fill X
    as soon as practicable by acquiring Y"), and those coordinated with them ("by investing in
    X and by partnering with Y"); "through" opens a means as "by" does: "including through
    implementing the Partnership" (train: the G7 statement on economic resilience), "reduce paper
    waste through encouraging electronic submittals" (train: a city green plan)."""
    found: list[Token] = []
    hosts = [tok]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "including":
            hosts.append(c)
        elif c.dep_ in ("advmod", "advcl") and c.pos_ in ("ADV", "ADJ") and c.i > tok.i:
            hosts.append(c)                             # "as soon as practicable", "where feasible"
            hosts.extend(g for g in c.children if g.dep_ in ("advmod", "advcl") and g.pos_ in ("ADV", "ADJ"))
    for h in hosts:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in MEANS_PREPOSITIONS:
                found.append(c)
                found.extend(g for g in c.children if g.dep_ == "conj" and g.lower_ in MEANS_PREPOSITIONS)
    return found


def opening_word(sent: Span, letters: bool = False) -> Token | None:
    """The first word of a sentence, after spaces, bullets, list markers and a label
    ending in ":" or a dash ("Target:", "Action 3 -"); None for a title line written as a
    gerund phrase (`gerund_title`: the line names what follows, it opens no action).
    `letters`: a letter that marks an item ("a) Enhancing X") is a marker too; the caller
    asks for it where an item found no verb of its own (kb.extract.clauses)."""
    if gerund_title(sent):
        return None
    first = None
    for t in sent:
        if t.is_space or t.is_punct or not t.text.strip() or not any(ch.isalpha() for ch in t.text):
            continue
        first = t
        break
    if first is None:
        return None
    first = _after_word_marker(sent, first, _LETTER_MARKER if letters else _WORD_MARKER)
    # "Target: reduce X", "Action 3 – Develop Y": the word after a short label
    for t in sent:
        if t.i > first.i + 3:
            break
        if t.text in (":", "–", "—") and t.i + 1 < sent.end:
            nxt = next((u for u in sent.doc[t.i + 1:sent.end] if not u.is_space), None)
            if nxt is not None and nxt.text[:1].isupper():
                return nxt
    return first


# A list item's number that the tokenizer keeps as a word: "vii." or "vii" + ".", "iv" + ")".
_WORD_MARKER = re.compile(r"(?:" + ROMAN_ITEM_NUMBER + r")[.)]")
# ... or a letter, "a" + ")" (`opening_word(letters=True)`).
_LETTER_MARKER = re.compile(r"(?:" + ROMAN_ITEM_NUMBER + r"|[a-z])[.)]")


def _after_word_marker(sent: Span, first: Token, marker: re.Pattern[str] = _WORD_MARKER) -> Token:
    """The word after a lower-case roman item number (or letter) that opens the sentence ("vii.
    Prevent X", "a) Enhance Y"), else `first` itself."""
    end = first.i + 1
    text = first.text
    if end < sent.end and sent.doc[end].text in (".", ")") and not first.whitespace_:
        text += sent.doc[end].text
        end += 1
    if not marker.fullmatch(text):
        return first
    rest = next((u for u in sent.doc[end:sent.end] if any(ch.isalpha() for ch in u.text)), None)
    return first if rest is None else rest


def in_capitals_title(tok: Token) -> bool:
    """ "CLEAN OUR GRID", "USE LESS ENERGY": a verb in capitals before more capitals is a
    section's title set in capitals (beside an icon or a bullet), not an action line."""
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return tok.is_upper and len(tok.text) > 1 and nxt is not None and nxt.is_upper and nxt.is_alpha


def is_imperative(tok: Token, capital: bool = True) -> bool:
    """A capitalised base-form verb that opens its sentence with no subject and no
    modal: an action line of a plan ("Develop standards ...", "Continue to plant trees")."""
    # "ACTION 3: Explore X": after a label the parser hangs the verb on it as an appositive
    after_label = tok.dep_ == "appos" and tok.i > 0 and tok.doc[tok.i - 1].text in (":", "–", "—", "-")
    if tok.tag_ != "VB" or (capital and not tok.text[:1].isupper()) or (tok.dep_ not in ("ROOT", "dep")
                                                                        and not after_label):
        return False
    if subject_of(tok) is not None or modal_of(tok) is not None or has_to(tok):
        return False
    if in_capitals_title(tok):
        return False
    lemma = tok.lemma_.lower()
    if lemma in NOT_ITEM_ACTIONS or lemma in NOT_IMPERATIVE_ACTIONS:
        return False
    sent = tok.sent
    return not sent.text.rstrip().endswith("?")


# words of a title line past which a gerund phrase is read as an action line, not a title
# ("Strengthening infrastructure for climate change monitoring, forecasting and analysis": an NDC's measure)
_TITLE_MAX_WORDS = 8


def gerund_title(sent: Span) -> bool:
    """ "Building resilient supply chains", "Addressing economic coercion", "Leading the transition
    to a climate-neutral economy", "Including community solar and in-valley investments", "Having
    problems seeing this image?": a paragraph line that is a gerund phrase and nothing else -- it
    opens with the capitalised gerund (no bullet, no marker), has no finite verb and no modal, and
    does not end as a list item does (";", ",", ":", a closing "and"/"or") -- is a section title or
    a caption, not an action line of a plan (ANNOTATION.md section 1: captions, navigation; the
    undertakings are in the text under it).  Train (issue 10, round 16; 7 false records removed, no gold
    lost): multi-g7-economic-resilience-statement (five titles), uk-scot-climate-neutral-economy,
    multi-apec-golden-gate-2023.  Kept: a list item (its passage, its bullet
    or marker: "(a) Strengthening the dykes;", an NDC's "Developing a climate-resilient ecosystem;"),
    a line that ends as an item does, a sentence that shares its line with another ("• Expanding X -
    Promoting Y"), a line of more than eight words (an NDC's measure: "Strengthening infrastructure
    for climate change monitoring, forecasting and analysis"), and a run-on line of several capitalised gerunds
    (items whose bullets the text lost: "Avoiding X Replacing Y Establishing Z",
    state-greensboro-city-operations)."""
    kind = sent.doc._.passage_kind if sent.doc.has_extension("passage_kind") else "paragraph"
    if kind in ("list_item", "table_row"):
        return False
    toks = [t for t in sent if not t.is_space and t.text.strip()]
    if not toks or toks[0].tag_ != "VBG" or not toks[0].text[:1].isupper():
        return False                # a bullet or a marker first: an item
    if any(not t.is_space and t.text.strip() for t in sent.doc[:sent.start]) \
            or any(not t.is_space and t.text.strip() for t in sent.doc[sent.end:]):
        return False                # a title is its whole line: "• Expanding X - Promoting Y" is two items
    words = [t for t in toks if not t.is_punct and any(ch.isalpha() for ch in t.text)]
    if len(words) > _TITLE_MAX_WORDS:
        return False
    if any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in sent):
        return False                # "Building new dykes is our first task": a clause
    if toks[-1].text in (";", ",", ":") or words[-1].lower_ in ("and", "or"):
        return False                # an item of a list whose lead-in the text gave
    # "Avoiding X Replacing Y": a second capitalised gerund starts a new item
    return not any(t.tag_ == "VBG" and t.text[:1].isupper() for t in words[1:])
