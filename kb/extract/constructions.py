"""One commitment frame from one action verb, read by the construction of English it appears in.

`frame_for` rejects what is not an undertaking (a copula, a bare "have", a verb of
relation such as "will depend on", a light verb whose object is a relative clause's gap
such as "the steps they will take", a past-tense report, "would" outside reported speech, "doing so will ensure", an
existential forecast such as "there will be twice as many adults"; since rules-14 also an active
relative clause that describes a thing -- "an investment that will create jobs" --, the clause of
a verb of belief or an indirect question -- "we recognise that X will constitute Y", "explain how
they will adopt X" --, what a measure allows someone to do -- "this tool allows the City to
compare X" -- and a bare wish -- "we want a competitive rail sector"; since rules-15 also what an
abstract thing will bring about -- "greater coordination will increase efficiency" -- and a verb
under its own "may"/"can" -- "but may serve a second term"), finds the
clause's subject, and hands the clause to the reader of its construction:

==================  =========================================  ==============================
construction        example                                    target / actor
==================  =========================================  ==============================
responsible_for     "the Office will be responsible for X"     X / the subject
existential         "there will be 300 new charging stations"  the noun phrase / none
passive             "X will be promoted (by the Ministry)"     the subject / the agent
light_verb          "the city will make overall plans for X"   X / the subject
result_verb         "the share of X will reach 20 percent"     the subject / the intention's subject
plain_clause        "the city will build X"                    the complements / the subject
==================  =========================================  ==============================

Each reader returns a `Reading` (action, target tokens, actor token);
`_frame` turns it into a `Frame` with offsets, strength and the actor's mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kb.extract.actors import is_generic, is_pronoun
from kb.extract.frame import Construction, Frame, MentionKind
from kb.extract.heads import effort_subject, priority_actions
from kb.extract.lexicon import (FREQUENCY_WORDS, MOTION_VERBS, PREPOSITIONAL_OBJECT_PREPS, SITTING_VERBS, ACCELERATE, ACT_NOUN, ACTOR_NOUNS, ANAPHORIC_PRONOUNS, BELIEF_VERBS, BODY_NOUNS, BUILD_NOUNS,
                                ENABLING_VERBS, INDIRECT_QUESTION_WORDS, WISH_VERBS,
                                CONSEQUENCE_VERBS, CONTINUANCE_VERBS, DELIVERABLE_NOUNS,
                                DEMONSTRATIVE_SUBJECTS, DOCUMENT_AIM_VERBS, DOCUMENT_NOUNS, CONTENT_VERBS, FORECAST_MODALS, PERMISSIVE_MODALS, INSTITUTION_NOUNS, UNDERTAKING_THINGS, DUTY_MODALS, EFFECT_VERBS, INSTRUMENT_NOUNS, LIGHT_PASSIVE_NOUNS, LIGHT_VERBS,
                                NEGATIVE_SUBJECTS, READER_SUBJECTS, PEOPLE_NOUNS, POPULATION_NOUNS, RELATION_VERBS, BEFALL_VERBS, MEMBERSHIP_VERBS,
                                PROJECTION_WORDS, RELATIVE_PRONOUNS, REPORTING_VERBS, RESPONSIBLE_ADJECTIVES,
                                PROMISED_STATES, RESULT_VERBS, SKIP_SUBJECT, SUPPLY_WITH_VERBS, TARGET_NOUNS, TIME_AGENT_NOUNS, TREND_VERBS, PERSON_NOUN_ENDINGS)
from kb.extract.strength import strength_of
from kb.extract.syntax import (action_text, actor_like, antecedent, antecedent_subject, children, doc_text,
                               find_subject, has_to, is_figure, is_negated, is_passive, mention, modal_of, np_before,
                               opening_label_end,
                               span_chars, subject_of, subtree_range, subtree_tokens, topic_before_colon)
from kb.extract.targets import light_target, right_target


@dataclass
class Clause:
    """An action verb in its clause, with what every construction reader needs."""

    verb: Token
    lemma: str                  # the verb's lemma, lower case
    chain: list[Token]          # intention verbs above it ("aims" in "aims to build")
    head: Token                 # the verb that made it a commitment (modal's verb, intention verb)
    sent: Span
    item: bool                  # the sentence is a list item
    subj: Token | None          # the clause's subject, if any
    stop: set[int]              # token indices of other actions below this verb: not part of its target
    passive: bool


@dataclass
class Reading:
    """What a construction reader found."""

    construction: Construction
    action: str
    target: list[Token]
    actor: Token | None = None


def frame_for(verb: Token, chain: list[Token], head: Token, sent: Span, item: bool,
              action_ids: set[int], group: int, deadline_tokens: set[int] = frozenset()) -> Frame | None:
    """The frame of one action verb, or None when its clause is no undertaking."""
    if not _may_undertake(verb, chain, head) or _demonstrative_subject(verb, chain):
        return None
    if _relative_description(verb, chain, head) or _embedded_content(verb, chain, head) \
            or _enabled_act(verb, chain, head) or _bare_wish(verb, chain) or _permitted(verb, chain):
        return None
    clause = Clause(verb=verb, lemma=verb.lemma_.lower(), chain=chain, head=head, sent=sent, item=item,
                    subj=_subject(verb, chain, deadline_tokens), stop=_other_actions(verb, action_ids),
                    passive=is_passive(verb) or _continuance_complement(verb))
    if clause.subj is not None and _not_an_actor(clause.subj):
        return None
    if clause.passive and _thing_agent(verb, deadline_tokens):
        return None
    reading = _read(clause)
    if reading is None or _forecast(clause, reading) or _hypothetical(clause) or _expected_outcome(clause):
        return None
    if _effect_of_thing(clause, reading):
        return None
    return _frame(clause, reading, group)


def _permitted(verb: Token, chain: list[Token]) -> bool:
    """ "The Vice-Chairperson shall serve two terms, but may serve further terms", "the disputing
    agency may submit the disagreement", "applications that may pose an undue risk", "lessons that
    can be replicated elsewhere": a verb under its own "may"/"might"/"can"/"could"
    (`PERMISSIVE_MODALS`) grants a permission or states a possibility -- no undertaking, even beside
    a "shall" it is coordinated with (ANNOTATION.md section 1).  Train (issue 10, round 15):
    fr-cio-council-charter-2020 ("but may serve multiple terms"), fr-omb-fedramp-draft-2023 ("the
    Office ... may attend Board meetings").  A "may" beside a binding modal ("we can and must take
    action") leaves the duty."""
    for v in [verb] + chain:
        if modal_of(v) is not None:
            continue                # "we can and must take action": the duty wins
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in PERMISSIVE_MODALS and c.i < v.i for c in v.children):
            return True
    return False


def _thing_agent(verb: Token, deadline_tokens: set[int]) -> bool:
    """ "Cyber security firms will be supported by a robust market", "Economic growth will be
    accompanied by an increase in emissions", "The strategic priorities will be driven by three trends":
    a passive whose "by" agent is a plain thing -- no name, no body, no people -- describes how
    something stands or is shaped; nobody undertakes anything (ANNOTATION.md section 1: descriptions
    and predictions).  Train (issue 10, round 18): nat-au-cyber-security-strategy-2023-shield5 ("supported
    by a robust market"), nat-au-dta-corporate-plan-2017-20 ("driven by three trends"), ndc-geo
    ("accompanied by increase in GHG emissions"), fr-omb-ipv6-draft-2020 ("will continue to be implemented
    by accredited external testing laboratories": outside bodies that no word list names, read as a
    thing here; the memo only describes their work).  An agent that is an actor ("by the City", "by
    members of the board", "by APSC"), a named thing ("by a Digital Service Design Guide") or a time
    ("by the end of spring 2016") keeps the clause."""
    for a in children(verb, "agent"):
        for p in children(a, "pobj"):
            if p.i in deadline_tokens or p.pos_ != "NOUN" or p.ent_type_ or p.like_num or actor_like(p):
                continue
            lemma = p.lemma_.lower()
            if lemma in TIME_AGENT_NOUNS or lemma in PEOPLE_NOUNS or lemma in POPULATION_NOUNS \
                    or lemma in BODY_NOUNS or lemma in INSTITUTION_NOUNS or lemma in ACTOR_NOUNS \
                    or lemma.endswith(PERSON_NOUN_ENDINGS):
                continue
            if any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "GPE", "NORP", "PERSON", "FAC", "LOC", "LAW", "PRODUCT")
                   for t in p.subtree if t.i < p.i):
                continue            # "by a Digital Service Design Guide", "by the EU market"
            return True
    return False


def _effect_of_thing(c: Clause, r: Reading) -> bool:
    """ "Greater coordination with partners will increase efficiency", "More coordinated oversight
    will improve risk identification", "The knowledge exchange will provide an opportunity to
    iterate", "Crises will continue to affect our global community", "High-quality training
    opportunities will support defined pathways": an active clause under "will" whose subject is an abstract
    thing -- no actor, person, body, document or instrument -- forecasts what that thing will bring
    about; it is no undertaking (ANNOTATION.md section 1: predictions; section 2: a thing cannot
    promise).  Train (issue 10, round 15; 25 false records removed, 5 gold lost): fr-wh-memo-pgii-2022,
    nat-au-dta-corporate-plan, nat-au-secure-cloud-strategy, nat-au-cyber-security-strategy,
    multi-us-pacific-partnership, ndc-geo, state-atlanta-clean-energy, state-hartford-energy-action-plan,
    state-new-orleans-climate-action, eu-citizen-energy-advisory-hub, eu-energy-efficiency-new-impetus,
    eu-jorgensen-azerbaijan-energy-cooperation; a verb with no object
    ("public consensus will cohere", "IPv6 growth will continue to accelerate": cn-ndc-2021,
    fr-omb-ipv6-draft-2020) as well, but not a result verb's figure ("the share of X will reach 20
    percent", `RESULT_VERBS`: a target).  Kept: list items
    (the item's actor is the lead's), "shall"/"must" (a duty laid on a deliverable), a subject owned
    by a named actor ("The Government's reforms will provide X", "the City's goal will be phased
    in", "our work with the industry will improve X"), an acronym ("the EAs will ensure X"), a
    project ("the project will minimize X": `UNDERTAKING_THINGS`, what a development bank's
    documents make their actor) and the verbs that say what a thing holds ("other activities will
    include developing resources": `CONTENT_VERBS`)."""
    subj = c.subj
    if c.item or c.passive or subj is None:
        return False
    # a result verb reads a figure the thing will reach ("emissions will fall by 30%"): a target; a
    # verb without an object read that way is not one ("IPv6 growth will continue to accelerate")
    if r.construction not in ("plain_clause", "light_verb", "result_verb"):
        return False
    if r.construction == "result_verb" and c.lemma in RESULT_VERBS \
            and (c.lemma not in TREND_VERBS or _states_level(c)):
        return False                # "the share of renewables will reach 20 percent", "emissions will fall by 2030"
    if c.lemma in RESULT_VERBS and _by_figure(c.verb):
        return False                # "Cooperation between the towns will reduce flood losses by 30 percent": a target
    modal = _modal(c)
    if modal is None or modal.lower_ not in FORECAST_MODALS:
        return False
    verbs = [c.verb, c.head] + c.chain
    if any(v.lemma_.lower() in CONTENT_VERBS for v in verbs):
        return False                # "Other activities will include developing resources"
    # the subject must be the clause's own: one the parser found elsewhere in the sentence says nothing
    if subj.pos_ != "NOUN" or subj.dep_ != "nsubj" or subj.head.i not in {_clause_verb(v).i for v in verbs} \
            | {v.i for v in verbs}:
        return False
    if subj.ent_type_ or actor_like(subj) or subj.lower_ in RELATIVE_PRONOUNS or sum(ch.isupper() for ch in subj.text) >= 2:
        return False
    lemma = subj.lemma_.lower()
    if lemma in DOCUMENT_NOUNS or lemma in INSTRUMENT_NOUNS or lemma in DELIVERABLE_NOUNS or lemma in PEOPLE_NOUNS \
            or lemma in BODY_NOUNS or lemma in ACTOR_NOUNS or lemma in UNDERTAKING_THINGS or lemma in INSTITUTION_NOUNS \
            or lemma.endswith(("er", "or", "ist", "ian")):
        return False
    # "the township of Lakeview", "the Government of Ireland": a body named by what follows "of"
    if any(p.dep_ == "prep" and p.lower_ == "of" and any(o.dep_ == "pobj" and (o.ent_type_ in ("GPE", "ORG", "LOC")
                                                                              or o.pos_ == "PROPN") for o in p.children)
           for p in subj.children):
        return False
    # "The Government's reforms", "Hartford's goal", "our work with the industry": owned by an actor
    return not any(t.dep_ in ("poss", "compound") and (actor_like(t) or t.pos_ == "PROPN" or t.lower_ in ("our", "my"))
                   for t in subj.subtree if t.i < subj.i)


def _states_level(c: Clause) -> bool:
    """A verb of a quantity's change (`TREND_VERBS`) says what level is reached or when: a figure or
    a year outside the subject ("will rise to 20 percent", "will fall by 30% by 2030").  Without one,
    "demand will continue to grow" or "the severity of floods will increase" forecasts a trend and
    sets no target (`_effect_of_thing`)."""
    inside = set(subtree_range(c.subj)) if c.subj is not None else set()
    return any(t.i not in inside and (t.like_num or t.lower_ in ("%", "percent")) for t in c.verb.subtree)


def _by_figure(verb: Token) -> bool:
    """The verb changes something by a figure: "reduce flood losses [by 30 percent]" (not a year: "by 2030")."""
    return any(p.lower_ == "by" and any(t.lower_ in ("%", "percent", "per") or t.like_num
                                        and not re.fullmatch(r"(?:19|20)\d\d", t.text) for t in p.subtree)
               for p in children(verb, "prep"))


def _clause_verb(v: Token) -> Token:
    """The verb that heads `v`'s clause: up coordination, while the coordinated verb has no modal
    of its own ("platforms that will provide X and create Y" -> provide; "the risk may increase
    ... and will continue to work" keeps "continue": its own "will" starts a new undertaking)."""
    while v.dep_ == "conj" and v.head.i != v.i and modal_of(v) is None:
        v = v.head
    return v


def _relative_description(verb: Token, chain: list[Token], head: Token) -> bool:
    """ "an investment in infrastructure that will create jobs", "the Roadmap, which will foster an
    inclusive digital economy", "a Task Force, which will include members of X", "applications that
    may pose an undue risk": an active relative clause under "that"/"which" says what a thing will
    do or hold -- a description or a forecast of effects, not an undertaking (ANNOTATION.md section
    1; a thing cannot promise, section 2).  Train: fr-wh-memo-pgii-2022, multi-apec-golden-gate,
    eo-14034, eo-14082, eo-14120, nat-au-cyber-security-skills, nat-au-dta-corporate-plan,
    state-atlanta-clean-energy, multi-g7-clean-energy-economy, ndc-mus and 14 more.  A passive
    relative clause ("the CPS, which will be prepared in 2010") still lays a duty, and "who" stands
    for a person or a body that can act.  Under "shall"/"must" the clause says what a deliverable
    must hold ("a roadmap ..., which shall provide X"): a standing duty of its author, as
    `required_content` reads "these recommendations shall identify X"."""
    for v in [verb, head] + chain:
        u = _clause_verb(v)
        if u.dep_ != "relcl" or is_passive(u):
            continue
        modal = modal_of(u)
        if modal is not None and modal.lower_ in DUTY_MODALS:
            continue
        subj = subject_of(u)
        if subj is not None and subj.lower_ in ("that", "which") and subj.i < u.i:
            return True
    return False


def _embedded_content(verb: Token, chain: list[Token], head: Token) -> bool:
    """The clause is what someone believes will happen ("we recognise that X will constitute Y",
    `BELIEF_VERBS`) or an indirect question ("explain how their designs will consider X",
    `INDIRECT_QUESTION_WORDS`): its modal reports a forecast or asks, it does not undertake."""
    for v in [verb, head] + chain:
        u = _clause_verb(v)
        if u.dep_ == "ccomp" and u.head.i != u.i and u.head.lemma_.lower() in BELIEF_VERBS \
                and u.head.pos_ in ("VERB", "AUX"):
            return True
        if u.dep_ in ("ccomp", "advcl", "pcomp", "xcomp", "pobj", "dobj", "csubj", "relcl") \
                and any(c.lower_ in INDIRECT_QUESTION_WORDS and c.i < u.i for c in u.children):
            return True
    return False



def _enabled_act(verb: Token, chain: list[Token], head: Token) -> bool:
    """ "This tool allows the City to compare its buildings", "the outreach network will allow us to
    access talent pools": the verb is what a measure will make possible (`ENABLING_VERBS`) -- a
    description of its effect, not an undertaking of the one it enables (ANNOTATION.md section 1)."""
    for v in [verb, head] + chain:
        u = _clause_verb(v)
        enabler = u.head
        if u.dep_ in ("ccomp", "xcomp", "advcl") and enabler.i != u.i \
                and enabler.lemma_.lower() in ENABLING_VERBS and enabler.pos_ in ("VERB", "AUX") and enabler.i < u.i:
            subj = subject_of(enabler)
            # "The Bank will help Bangladesh to improve X": an actor's help is its own undertaking
            return subj is None or not (actor_like(subj) or subj.pos_ == "PROPN" or subj.lower_ in ("we", "i"))
    return False


def _bare_wish(verb: Token, chain: list[Token]) -> bool:
    """ "We want a thriving port", "They expect services to be simple": a wish
    or an expectation is the action itself (`WISH_VERBS`) -- no undertaking (ANNOTATION.md section 1)."""
    if chain or verb.lemma_.lower() not in WISH_VERBS or is_passive(verb):
        return False
    # "GOB expects to increase X to 7000MW": an infinitive the parser left under it is an intention
    return not any(c.dep_ == "xcomp" and has_to(c) and c.lemma_.lower() not in ("be", "see") for c in verb.children)


def _continuance_complement(verb: Token) -> bool:
    """ "Each committee is continued or, to the extent necessary, reestablished until <date>": the
    parser may read the participle as the complement of "is", not as a passive; it is one."""
    return verb.lemma_.lower() in CONTINUANCE_VERBS and verb.tag_ == "VBN" and verb.dep_ == "acomp" \
        and verb.head.lemma_ == "be"


def _forecast(c: Clause, r: Reading) -> bool:
    """An active clause whose subject is an act, not an actor: "doing so will ensure X" -- a
    forecast of effects, not an undertaking.  (A thing as subject -- "legislation will
    strengthen X", "these reports shall include Y" -- is kept: the labels give it to the
    document's actor.)"""
    if r.construction not in ("plain_clause", "light_verb") or c.item:
        return False
    # "Doing so will ensure ...": the parser's clausal subject (which `_subject` sets aside)
    # ("Recalling decision 1/CP.20, Turkey will use X": an opening participle beside a named subject is none)
    if any(t.dep_ in ("csubj", "csubjpass") and t.tag_ == "VBG" and not children(v, "nsubj")
           for v in [c.verb] + c.chain for t in v.children):
        return True
    return _act_as_subject(c.verb)


def _act_as_subject(verb: Token) -> bool:
    """ "Building resilient supply chains will provide a foundation to strengthen X, advance Y",
    "Close cooperation with allies will foster Z", "Adoption of the framework will lay the
    foundation for W": an act (a gerund clause, or a noun made from a verb) as the subject of
    an active clause, or of the clause it hangs on, brings something about -- a forecast of
    effects, not an undertaking.  The first subject up the tree decides: an actor there
    ("the Council will coordinate X") keeps the clause."""
    v: Token | None = verb
    for _ in range(6):
        if v is None or is_passive(v) or v.lemma_.lower() == "be":
            return False            # "The function of the Council is to coordinate X" states its duty
        # "Bicycle transportation: Create X": the run-in topic the parser made the subject is none
        subjects = [s for s in children(v, "nsubj") if not topic_before_colon(s, v)]
        if subjects and subjects[0].lower_ in ("us", "them") and v.dep_ in ("ccomp", "xcomp"):
            subjects = []           # "This will allow us to assess X": the subject of "allow" decides
        label_end = opening_label_end(v.sent) if subjects else None
        if label_end is not None:
            # "Action 01: Departmental boards will include X": the parser gave the verb the label's noun
            # ("Action", an act by its form) as a subject beside the real one, which decides (train: the
            # Government Digital Strategy's actions; round 29).  A line with no other subject ("ACTION 5:
            # Finalize X and Begin Y") is left to the readers of action lines.
            own = [x for x in subjects if not x.idx < label_end <= v.idx]
            if own:
                subjects = own
        if subjects:                # "Recalling X, Turkey will ...": a named subject wins over an opening participle
            if v.lemma_.lower() in DOCUMENT_AIM_VERBS and v.i != verb.i:
                return False        # "This recommendation seeks to improve X": a plan's item states its aim
            if v.i != verb.i and v.lemma_.lower() in EFFECT_VERBS and subjects[0].lower_ in DEMONSTRATIVE_SUBJECTS:
                return True         # "This will allow us to assess X", "this will help agencies to plan Y"
            if required_content(v, subjects[0]):
                return False        # "These recommendations shall identify X": what a deliverable must hold
            return _nominal_act(subjects[0])
        if any(t.dep_ == "csubj" and t.tag_ == "VBG" for t in v.children):
            return True
        if v.head.i == v.i or v.dep_ in ("relcl", "ROOT"):
            return False
        v = v.head
    return False


def required_content(verb: Token, subj: Token) -> bool:
    """A deliverable or an instrument under "shall"/"must" as the subject: "These recommendations
    shall identify any changes that may be necessary", "Each submission shall include a budget"
    (train: an order on women's health research; "these reports shall include X" in an order on
    gun safety, "this agency policy must promote X" in an OMB memorandum on FedRAMP).  The clause lays
    a duty on what its author must put in it -- ANNOTATION.md section 1, a standing duty -- not a
    forecast of effects ("cooperation will foster X", "the programme will help Y" stay forecasts:
    no duty modal).  A bare "this"/"these" is `_demonstrative_subject`'s.  (Documents and instruments
    -- `DOCUMENT_NOUNS`, `INSTRUMENT_NOUNS` -- are never acts for `_nominal_act` either.)"""
    modal = modal_of(verb)
    if modal is None or modal.lower_ not in DUTY_MODALS or subj.pos_ != "NOUN":
        return False
    lemma = subj.lemma_.lower()
    return lemma in DELIVERABLE_NOUNS or lemma in DOCUMENT_NOUNS or lemma in INSTRUMENT_NOUNS


def _nominal_act(subj: Token) -> bool:
    """A common noun made from a verb that names no body: "cooperation", "adoption",
    "building" (not "the Administration", "the Commission", "the Department")."""
    lemma = subj.lemma_.lower()
    if subj.pos_ != "NOUN" or subj.ent_type_ or actor_like(subj) or lemma in ACTOR_NOUNS \
            or lemma in DOCUMENT_NOUNS or lemma in INSTRUMENT_NOUNS or lemma in BODY_NOUNS:
        return False                # "Any guidance shall include X": an instrument's content, not an effect
    if any(t.ent_type_ in ("ORG", "GPE", "NORP") or t.pos_ == "PROPN" for t in subj.lefts):
        return False
    return bool(ACT_NOUN.search(subj.lower_))


def included_gerund(verb: Token) -> bool:
    """`verb` is one of the gerunds that "This includes" / "This will include" lists after an
    undertaking: "This includes putting X under Y, establishing Z, and giving W" (the parser hangs
    the later ones on the first, as a series after commas or as conjuncts)."""
    first = verb
    while first.tag_ == "VBG" and first.head.tag_ == "VBG" and first.head.i < first.i and (
            first.dep_ == "conj" or first.dep_ == "advcl" and first.i > 0 and first.doc[first.i - 1].text == ","):
        first = first.head
    return first.tag_ == "VBG" and first.dep_ in ("xcomp", "dobj", "ccomp") and first.head.lemma_.lower() == "include" \
        and bool(priority_actions(first.head))


def _demonstrative_subject(verb: Token, chain: list[Token]) -> bool:
    """ "This will allow us to assess X", "These will include projects in Y", "This will unlock
    billions": a bare "this"/"these" as subject stands for the clause before it; what it will
    do is an effect or a description, not an undertaking (a thing cannot promise)."""
    if included_gerund(verb):
        return False                # "This includes strengthening X": what the undertaking before takes in
    subj = find_subject(verb)
    for v in chain:
        subj = subj or find_subject(v)
    return subj is not None and subj.dep_ == "nsubj" and subj.tag_ == "DT" and not list(subj.children) \
        and subj.lower_ in DEMONSTRATIVE_SUBJECTS


def _expected_outcome(c: Clause) -> bool:
    """ "Emissions are expected to increase to 105 Mt", "the partnership is expected to help shift
    X", "some projects are expected to secure funding": "is expected to" after a subject that is
    no actor forecasts an outcome; after an actor ("agencies are expected to comply", "the Bank
    is expected to continue to lead") it states a duty."""
    expected = [v for v in [c.head] + c.chain if v.lemma_.lower() == "expect" and is_passive(v)]
    if not expected:
        return False
    subj = subject_of(expected[0])
    if subj is None:
        return True
    # an actor: a name, an office, people ("fleet managers"), or an acronym the tagger read as a
    # common noun ("CIOs")
    lemma = subj.lemma_.lower()
    return not (actor_like(subj) or subj.pos_ == "PROPN" or sum(ch.isupper() for ch in subj.text) >= 2
                or lemma in PEOPLE_NOUNS or lemma.endswith(("er", "or", "ist", "ian")))


def _hypothetical(c: Clause) -> bool:
    """ "The City would need to reduce X", "this project would provide Y": "would" outside
    reported speech states a condition, not an undertaking ("X said it would expand Y" is kept)."""
    modal = _modal(c)
    if modal is None or modal.lower_ != "would":
        return False
    return not any(t.lemma_.lower() in REPORTING_VERBS and t.i < modal.i for t in c.sent)


def _read(c: Clause) -> Reading | None:
    """Dispatch to the reader of the clause's construction (first that applies)."""
    if c.lemma == "be":
        prep = _responsible_for(c.verb)
        if prep is not None:
            return read_responsible_for(c, prep)
        state = _promised_state(c.verb)
        if state is not None and c.subj is not None:
            # "The store will be available from March": as "will be made available", with no agent
            return Reading("passive", state, subtree_tokens(c.subj, c.stop))
        return read_existential(c)          # `_may_undertake` let through no other "be"
    if c.passive:
        return read_passive(c)
    return read_light_verb(c) or read_result_verb(c) or read_plain_clause(c)


# --- the six constructions ---------------------------------------------------

def read_responsible_for(c: Clause, prep: Token) -> Reading:
    """ "X will be responsible for building Y": the action is "be responsible for",
    the target what follows "for" (with the subject of a gerund clause), the actor X."""
    target = [t for p in prep.children if p.dep_ in ("pobj", "pcomp") for t in p.subtree]
    target += [t for t in prep.subtree if t.dep_ == "nsubj" and t.head.dep_ == "pcomp" for t in t.subtree]
    return Reading("responsible_for", "be responsible for", sorted(set(target), key=lambda t: t.i), c.subj)


def _promised_state(verb: Token) -> str | None:
    """The action that brings about the state a modal copula promises a thing: "The store will be
    available from end-March 2012" -> "make available", "Service Managers will be in place from April
    2013" -> "put in place", "This process will be operational by April 2015" -> "make operational"
    (`PROMISED_STATES`).  The state is the result of a duty nobody is named for, as in "will be made
    available" (ANNOTATION.md section 1: passive duties), and the thing is its target.  Only a main
    clause whose subject is a noun: a condition ("if funds will be available") or a relative clause
    describes, and "this will be in place" says nothing of what."""
    if verb.lemma_.lower() != "be" or modal_of(verb) is None or verb.dep_ not in ("ROOT", "conj") \
            or any(c.dep_ == "mark" for c in verb.children):
        return None
    subj = subject_of(verb)
    if subj is None or subj.dep_ != "nsubj" or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    for a in verb.children:
        if a.dep_ in ("acomp", "advmod") and a.lower_ in PROMISED_STATES and a.i > verb.i:
            return PROMISED_STATES[a.lower_]
    for p in children(verb, "prep"):
        objs = children(p, "pobj")
        if not objs or p.i < verb.i:
            continue
        if p.lower_ == "in" and objs[0].lower_ == "place" and objs[0].i == p.i + 1:
            return "put in place"
        if p.lower_ == "on" and objs[0].lower_ == "line" and objs[0].i == p.i + 2 and p.doc[p.i + 1].text == "-":
            return "put on-line"
    return None


def read_existential(c: Clause) -> Reading | None:
    """ "There will be 300 new charging stations": the noun after "be" names the
    action ("station") and its phrase is the target; there is no actor."""
    attrs = children(c.verb, "attr")
    if not attrs:
        return None
    if _is_projection(attrs[0]):
        return None
    return Reading("existential", attrs[0].lemma_.lower(), subtree_tokens(attrs[0], c.stop))


def _is_projection(attr: Token) -> bool:
    """ "There will be twice as many adults over 65", "there will be more people in cities":
    a forecast of numbers (a comparison, or people counted), not something undertaken."""
    words = [t.lower_ for t in attr.subtree]
    if attr.lemma_.lower() in POPULATION_NOUNS or attr.lower_ in POPULATION_NOUNS:
        return True
    text = " ".join(words)
    return bool(PROJECTION_WORDS.search(text))


def read_passive(c: Clause) -> Reading:
    """ "X will be promoted by the Ministry", "X, Y and Z are to be slashed": the
    passive subject is the target (a relative pronoun stands for its noun), the
    agent of "by" the actor; an active subject the parser found higher up
    ("the city will ensure X is done") is the actor."""
    verb, subj = c.verb, c.subj
    doc = verb.doc
    target: list[Token] = []
    actor: Token | None = None
    if subj is not None and (subj.dep_ in ("nsubjpass", "csubjpass") or subj.head.i != verb.i):
        if subj.lower_ in RELATIVE_PRONOUNS and subj.head.dep_ == "relcl":
            target = [t for t in subj.head.head.subtree if t.i <= subj.head.head.i]
        else:
            target = subtree_tokens(subj)
            # a coordinated subject the parser split in two: "X, Y, and Z will be promoted"
            label_end = opening_label_end(verb.sent) or 0
            for other in subj.head.children:
                if other.i != subj.i and other.dep_ in ("nsubjpass", "nsubj") and label_end <= other.idx < verb.idx:
                    target += subtree_tokens(other)
            if target:
                lo, hi = min(t.i for t in target), max(t.i for t in target)
                target = [doc[i] for i in range(lo, hi + 1)]
    for a in children(verb, "agent"):
        for p in children(a, "pobj"):
            if actor_like(p) and not p.like_num:    # "by more than 65 percent" is a figure, not an agent
                actor = p
    if subj is not None and subj.dep_ == "nsubj" and subj.head.i == verb.i:
        actor = subj
    if not target or _retained_object(verb):
        # "Pilots will be offered a training programme": the subject receives, the object is given
        target = right_target(verb, c.stop) or target
    supplied = _supplied_with(verb)
    if supplied is not None:
        # "The PMU will be provided with consultancy": the subject receives, "with" names what is given
        after = right_target(verb, c.stop)
        target = [t for t in after if t.i > supplied.i] or target
    action = action_text(verb)
    light = _light_passive(verb, subj)
    if light is not None:
        # "breakthroughs shall be made in key technologies": the light noun belongs to the action
        action, target = light
    return Reading("passive", action, target, actor)


def _retained_object(verb: Token) -> bool:
    """A passive that keeps a direct object after it: its subject is who receives, the object what
    is undertaken -- "Service Managers will be offered an extensive programme of training", "these
    city regions will be granted significant additional powers", "agencies will be given approval
    to begin cloud migration" (train: uk-gds-government-digital-strategy-2012-actions,
    uk-hmt-summer-budget-2015-national-recovery, fr-atc-it-modernization-report-2017)."""
    if verb.lemma_.lower() in _NAMING_VERBS:
        return False                # "a grant shall be deemed any grant that ...": what it counts as
    return any(ch.dep_ in ("dobj", "obj") and ch.i > verb.i for ch in verb.children)


def _supplied_with(verb: Token) -> Token | None:
    """The "with" of a passive verb of supplying (`SUPPLY_WITH_VERBS`) that names what is supplied:
    "The Transparency Panel will be provided with quarterly summaries of the requests" -- the subject
    receives, the object of "with" is the target, as for the retained object of "will be given X"
    (`_retained_object`)."""
    if verb.lemma_.lower() not in SUPPLY_WITH_VERBS or not is_passive(verb):
        return None
    return next((ch for ch in verb.children
                 if ch.dep_ == "prep" and ch.lower_ == "with" and ch.i > verb.i and children(ch, "pobj")), None)


# Verbs whose passive takes a name or a class after it, not a thing given: "X shall be deemed Y",
# "the post will be called Z", "she was appointed Chair".
_NAMING_VERBS = frozenset({"deem", "consider", "call", "name", "term", "designate", "appoint", "elect", "make",
                           "declare", "regard", "label", "title", "style", "rename", "dub"})


def _light_passive(verb: Token, subj: Token | None) -> tuple[str, list[Token]] | None:
    """ "Breakthroughs shall be made in X", "progress will be made on Y": (action, target)."""
    if subj is None or verb.lemma_.lower() not in LIGHT_VERBS or subj.lemma_.lower() not in LIGHT_PASSIVE_NOUNS:
        return None
    for p in children(verb, "prep"):
        if p.i > verb.i and p.lower_ in ("in", "on", "towards", "toward", "to"):
            objs = children(p, "pobj")
            if objs:
                return f"{action_text(verb)} {subj.lower_} {p.lower_}", subtree_tokens(objs[0])
    return None


def read_light_verb(c: Clause) -> Reading | None:
    """ "The city will make overall plans for X", "take steps towards X": a light
    verb with a light noun; verb + noun + preposition is the action, the
    preposition's object the target, the subject the actor."""
    light = light_target(c.verb)
    if light is None:
        return None
    action, target = light
    return Reading("light_verb", action, [t for t in target if t.i not in c.stop], c.subj)


def read_result_verb(c: Clause) -> Reading | None:
    """ "The share of renewables will reach 20 percent", "emissions will peak": a
    subject that is no actor, with a result verb or no real object, is the
    target; the actor is the subject of an intention above it ("the region wants
    new energy capacity to pass ...").  A result verb with a noun for its object is
    done by its subject ("the strategy aims to reduce transport costs": a plain
    clause, the object the target; train: two project data sheets, an order, an OMB
    guidance, a cloud strategy, an NDC, three city-plan lines; validation: an NDC), except that a figure it changes the object by ("cooperation between
    the towns will reduce flood losses by 30 percent") still states a target of the
    document's actor, whatever the subject."""
    subj = c.subj
    if subj is None or actor_like(subj) or subj.lower_ in RELATIVE_PRONOUNS or _goal_subject(c) is not None:
        return None
    # an object that is only a figure ("reach 20 percent") leaves the subject as the target
    has_obj = any(not is_figure(o) for o in children(c.verb, "dobj", "ccomp", "xcomp", "oprd", "dative"))
    done_to = any(not is_figure(o) and o.pos_ in ("NOUN", "PROPN") for o in children(c.verb, "dobj"))
    target = subtree_tokens(subj)
    if has_obj and (c.lemma not in RESULT_VERBS or done_to):
        if not (c.lemma in RESULT_VERBS and done_to and _by_figure(c.verb)):
            return None
        target = right_target(c.verb, c.stop)
    actor = None
    for v in c.chain:
        s = subject_of(v)
        if s is not None and s.i != subj.i and actor_like(s):
            actor = s
    if not has_obj and c.lemma not in RESULT_VERBS | MOTION_VERBS and _prepositional_object(c.verb):
        target = right_target(c.verb, c.stop)     # read as before, only the target is the preposition's
    return Reading("result_verb", action_text(c.verb), target, actor)


def _prepositional_object(verb: Token) -> bool:
    """ "Subsequent regulations will focus on data relating to X", "the comprehensive plan shall build
    on the existing evidence base", "the PAs will comply with the Technical Rules": a verb that takes
    its object through a preposition (`PREPOSITIONAL_OBJECT_PREPS`, the first complement after the
    verb, its object a noun that is no time) acts on that object, whatever its subject; the subject
    is no target as a result verb's is ("emissions will peak in 2030"), nor a verb of motion's
    ("all registry data will migrate to the new system": `MOTION_VERBS`).  The subject, a thing, is
    no actor either: the actor is found as for a result verb (the document's, unless an intention
    above names one).  Train: an implementing regulation, two orders, a national plan (five lines)."""
    for c in sorted(verb.children, key=lambda t: t.i):
        if c.i < verb.i or c.dep_ in ("advmod", "punct", "prt", "neg"):
            continue
        if c.dep_ != "prep" or c.lower_ not in PREPOSITIONAL_OBJECT_PREPS:
            return False
        obj = next((o for o in c.children if o.dep_ == "pobj"), None)
        return obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.ent_type_ not in ("DATE", "TIME")
    return False


def read_plain_clause(c: Clause) -> Reading:
    """ "The city will build 6,000 base stations": the verb (with its particle) is
    the action, its complements to the right the target, the subject the actor.
    "Our ambition is to double X", "Kenya's goal is to plant Y": the goal's owner is the actor."""
    actor = c.subj
    goal = _goal_subject(c)
    if goal is not None:
        actor = next((t for t in goal.children if t.dep_ == "poss"), None)
    target = right_target(c.verb, c.stop)
    if not target and c.lemma in SITTING_VERBS:
        target = _frequency(c.verb)
    return Reading("plain_clause", action_text(c.verb), target, actor)


def _frequency(verb: Token) -> list[Token]:
    """How often a body sits, for a sitting verb with no object ("shall meet at least annually",
    "will meet twice a year", "shall convene every six months"): the adverbial after the verb
    that holds a word of frequency (`FREQUENCY_WORDS`)."""
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("advmod", "npadvmod", "prep"):
            toks = list(c.subtree)
            if any(t.lower_ in FREQUENCY_WORDS for t in toks):
                return toks
    return []


def _goal_subject(c: Clause) -> Token | None:
    """The subject of "<goal> is to <verb>" ("our ambition is to double X"), if that is the clause."""
    subj = c.subj
    if subj is None or subj.lemma_.lower() not in TARGET_NOUNS:
        return None
    head = c.verb.head if c.verb.dep_ == "xcomp" else None
    own = subject_of(head) if head is not None else None
    if head is None or head.lemma_.lower() != "be" or own is None or own.i != subj.i:
        return None
    return subj


# --- before reading: what is no undertaking, and the subject -----------------

def _responsible_for(verb: Token) -> Token | None:
    """The "for" of "be responsible for" / "be accountable for" under `verb`, if any."""
    found = None
    for a in children(verb, "acomp"):
        if a.lower_ in RESPONSIBLE_ADJECTIVES:
            for p in children(a, "prep"):
                if p.lower_ == "for":
                    found = p
    return found


def _may_undertake(verb: Token, chain: list[Token], head: Token) -> bool:
    """False for verbs that state no undertaking: a copula ("will be important"),
    "have" without an object, a past tense that reports ("set up" read as past)."""
    lemma = verb.lemma_.lower()
    if lemma == "be" and _responsible_for(verb) is None and not any(c.dep_ == "expl" for c in verb.children) \
            and _promised_state(verb) is None:
        return False                # a copula: a description, not an undertaking
    if lemma == "have" and not children(verb, "dobj"):
        return False
    if lemma in RELATION_VERBS:
        return False                # "will depend on X", "will be based on Y": a relation, not an act
    if lemma in BEFALL_VERBS:
        return False                # "will face barriers", "will need new roads": what befalls, not an act
    if lemma in MEMBERSHIP_VERBS:
        return False                # "shall be composed of the following members": a body's make-up
    if lemma in CONSEQUENCE_VERBS:
        return False                # "success will mean X": what something amounts to
    if lemma in LIGHT_VERBS and not is_passive(verb) \
            and all(o.tag_ in ("WDT", "WP") for o in children(verb, "dobj", "dative", "attr")) \
            and any(v.dep_ in ("relcl", "acl") for v in [verb, head] + chain):
        return False                # "the steps that agencies will take to ...": the object is the gap of a
        #                             relative clause; what is undertaken is said by the clause around it
    if not any(ch.isalpha() for ch in verb.text):
        return False                # "co-chaired" split by the tokenizer: its "-" is no verb
    if verb.tag_ == "VBD" and verb.lower_ != verb.lemma_.lower() and modal_of(verb) is None and not chain \
            and verb.i != head.i:
        return False
    return True


def _other_actions(verb: Token, action_ids: set[int]) -> set[int]:
    """Token indices of other action verbs' subtrees below this one (coordinated
    verbs, means): they are not part of this verb's target."""
    doc = verb.doc
    stop: set[int] = set()
    lo, hi = verb.left_edge.i, verb.right_edge.i
    for v_i in action_ids:
        if v_i != verb.i and lo <= v_i <= hi:
            stop.update(subtree_range(doc[v_i]))
    stop.discard(verb.i)
    return stop


def _subject(verb: Token, chain: list[Token], deadline_tokens: set[int]) -> Token | None:
    """The clause's subject: the verb's own, else the first one up its chain."""
    subj = find_subject(verb)
    if subj is not None and _partner_read_as_subject(verb, subj):
        subj = find_subject(verb.head)
    for c in chain:
        if subj is None:
            subj = find_subject(c)
    if subj is not None and subj.pos_ in ("ADJ", "ADV", "ADP", "VERB"):
        # "(a) Consistent with applicable law, the Secretary ... shall use": the parser took the adjective
        modal = modal_of(verb) or next((modal_of(c) for c in chain if modal_of(c) is not None), None)
        subj = np_before(modal) if modal is not None else None
    if subj is not None and subj.tag_ == "DT" and not list(subj.children):
        subj = None                 # "... worth 10 billion yuan each": not a subject
    if effort_subject(subj, chain):
        subj = None                 # "Efforts will be made to improve X": the effort is no actor
    if subj is not None and subj.i in deadline_tokens:
        subj = None                 # "By mid-century, ...": the parser took the date for a subject
    if subj is not None and subj.i < verb.i and subj.is_sent_start is not True \
            and any(t.text in (":", "::", "–", "—") for t in verb.doc[subj.i + 1:verb.i]) \
            and not any(t.pos_ in ("VERB", "AUX") for t in verb.doc[subj.i + 1:verb.i]):
        subj = None                 # "Action Item B (st) :: Develop X": the label is no subject
    if subj is not None and subj.i < verb.i:
        colon = next((t.i for t in verb.doc[subj.i + 1:verb.i] if t.text in (":", "::")), None)
        later = next((c for c in subj.head.children if c.dep_ in ("nsubj", "nsubjpass") and colon is not None
                      and colon < c.i < verb.i), None)
        if later is not None:
            # "Strengthen Resilience of Supply Chains: The United States and Canada will work ...": a
            # run-in heading before a colon, and the parser gave the verb both as subjects; the one
            # after the colon is the subject (joint statements' numbered bold headings; the heading
            # glued to its sentence was the actor)
            subj = later
        label_end = opening_label_end(verb.sent)
        if label_end is not None and subj.idx < label_end <= verb.idx:
            # "Strategy 8F. Reduce X": the parser took the label's number for a subject; "Action 02:
            # Services handling X will be redesigned": the subject is the one after the label (train:
            # uk-gds-government-digital-strategy-2012-actions; state-hartford-energy-action-plan "ACTION 5:")
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and label_end <= c.idx < verb.idx),
                        None)
    return subj


def _partner_read_as_subject(verb: Token, subj: Token) -> bool:
    """ "We will work with our delivery partners to enable X", "We will work with this community, the
    Board and the data owners to grow the market": the parser made the partners named after "with" the
    subject of the infinitive, which has none of its own in English (only "for X to V" gives one, and then
    "for" is its mark); the one who works with them does it (train: two records of a department's open data
    strategy gave the partners as actors).  Only a subject right after the verb's head's "with" phrase."""
    if subj.dep_ != "nsubj" or subj.head.i != verb.i or not has_to(verb) or verb.head.i == verb.i \
            or not subj.i < verb.i or any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children):
        return False
    return any(w.dep_ == "prep" and w.lower_ == "with" and w.i < subj.left_edge.i
               and w.right_edge.i >= subj.left_edge.i - 2 for w in verb.head.children)


def _not_an_actor(subj: Token) -> bool:
    """A subject that makes the clause no commitment: the document itself ("this
    order shall ..."), "nothing"/"none", or the reader ("you will need to obtain permission")."""
    doc = subj.doc
    if SKIP_SUBJECT.match(doc_text(doc)[subj.left_edge.idx:subj.right_edge.idx + len(subj.right_edge.text)]):
        return not _deliverable_named_before(subj) and not _document_aim(subj)
    return subj.lower_ in NEGATIVE_SUBJECTS or subj.lower_ in READER_SUBJECTS


def _document_aim(subj: Token) -> bool:
    """ "The Plan aims to increase X", "This plan seeks to cut Y": a plan or an order that states its own aim
    (`DOCUMENT_AIM_VERBS`) states its author's, which the record gives the document's main actor; what the
    document itself will do or be ("This plan will form part of X", "This order shall be implemented ...")
    stays none.  Only a whole document (a section or a paragraph states no aim of its own), and only an aim
    the parser gave an object ("The plan shall aim to use, as appropriate and consistent with applicable law,
    all available authorities", where the parse leaves "use" without one, stays none as before)."""
    return subj.dep_ == "nsubj" and subj.head.lemma_.lower() in DOCUMENT_AIM_VERBS \
        and subj.lemma_.lower() in ("plan", "document", "order", "memorandum", "directive") \
        and any(c.dep_ == "xcomp" and any(g.dep_ in ("dobj", "ccomp") for g in c.children) for c in subj.head.children)


def _deliverable_named_before(subj: Token) -> bool:
    """ "NIST will provide OMB with a plan to improve X. This plan will include a process for Y",
    "GSA will submit a plan ... to OMB. The plan will include a timeline": "this plan" is the plan an
    earlier sentence of the passage undertook to write (its object), not the document -- what it
    will hold is part of that duty (ANNOTATION.md section 1: passive and active duties alike; the
    actor is the record's that named it, `records.ActorResolver`).  Train: an IT modernisation
    report (two lines) and a FedRAMP memorandum (one line)."""
    lemma = subj.lemma_.lower()
    if not any(c.dep_ in ("dobj", "ccomp") for c in subj.head.children):
        return False                # "The Plan will develop along three directions": the document's outline
    return any(t.lemma_.lower() == lemma and t.dep_ in ("dobj", "pobj") and t.head.pos_ in ("VERB", "ADP")
               and t.sent.start < subj.sent.start for t in subj.doc[:subj.sent.start])


# --- after reading: the frame ------------------------------------------------

def _modal(c: Clause) -> Token | None:
    """The modal that governs the action: its own, its chain's, its head's ("should")."""
    for v in [c.verb] + c.chain + [c.head]:
        m = modal_of(v)
        if m is not None:
            return m
    # a coordinated verb shares the modal of the verb it hangs on: "should review X and publish Y"
    v = c.verb
    while v.dep_ == "conj" and v.head.i != v.i:
        v = v.head
        m = modal_of(v)
        if m is not None:
            return m
    return None


def _mention_kind(actor: Token | None, c: Clause) -> MentionKind:
    if actor is not None:
        if actor.lower_ in RELATIVE_PRONOUNS and actor.head.dep_ == "relcl":
            return "relative"
        if is_pronoun(actor.text):
            return "pronoun"
        return "named"
    if c.item and c.subj is None:
        return "item"
    return "none"


def _frame(c: Clause, r: Reading, group: int) -> Frame:
    """The frame of a reading: target offsets, strength, negation, the actor's mention, the figure."""
    verb, sent = c.verb, c.sent
    doc = sent.doc
    actor_kind = _mention_kind(r.actor, c)
    target = [t for t in r.target if t.i >= sent.start and t.i < sent.end]
    span = span_chars(target)
    tstart = tend = None
    ttext = ""
    if span:
        tstart, tend = span
        ttext = doc_text(doc)[tstart:tend]
        # "accelerate the construction of X": X is what is built
        m = BUILD_NOUNS.match(ttext)
        if m and c.lemma in ACCELERATE and len(ttext) > m.end():
            tstart += m.end()
            ttext = doc_text(doc)[tstart:tend]
    negated = is_negated(verb) or any(is_negated(v) for v in c.chain) or is_negated(c.head)
    fr = Frame(verb=verb.i, action=r.action, action_lemma=c.lemma, sent_start=sent.start_char,
               sent_end=sent.end_char, strength=strength_of([v.lemma_.lower() for v in c.chain], c.lemma,
                                                            passive_encouraged=False, modal=_modal(c)),
               negated=negated, kind="item_verb" if (c.item and actor_kind == "item") else "clause", group=group)
    if c.head.lemma_.lower() == "encourage" and c.head.tag_ == "VBN":
        fr.strength = "supportive"
    if r.actor is not None:
        if actor_kind == "relative":
            fr.actor_start, fr.actor_end, fr.actor_text = antecedent(r.actor.head.head)
        else:
            fr.actor_start, fr.actor_end, fr.actor_text = mention(r.actor)
            fr.actor_ent = r.actor.ent_type_
            if is_generic(fr.actor_text):
                actor_kind = "generic"
            if actor_kind == "pronoun" and r.actor.lower_ in ANAPHORIC_PRONOUNS:
                fr.antecedent = antecedent_subject(r.actor, sent)
    fr.actor_kind = actor_kind
    fr.target_start, fr.target_end, fr.target_text = tstart, tend, ttext
    fr.quantity_text = ttext
    # the object of a result verb ("reach 20 percent") holds the figure
    if c.lemma in RESULT_VERBS or c.passive:
        extra = [t for o in verb.children if o.i > verb.i and o.dep_ in ("dobj", "prep", "npadvmod", "advmod", "attr")
                 for t in o.subtree]
        sp = span_chars(extra)
        if sp:
            fr.quantity_text = (ttext + " " + doc_text(doc)[sp[0]:sp[1]]).strip()
    return fr
