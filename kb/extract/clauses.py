"""Finding commitment clauses in a parsed sentence.

A commitment clause is a predicate that an actor undertakes: a verb under a
modal ("will", "shall", "must", "would", "should"), under "is to", or under an
intention verb in the present tense ("aims to build" -> build; "strives to
peak" -> peak).  For each sentence this module

1. finds the verbs that head commitments and the actions under them
   (`heads.py`: intention chains, coordination, means, stray verbs; an
   imperative that opens a plan's action line, after a hedge or a label such
   as "Action Item B (st) ::" if any; a declaration's own tense: "We promote
   X", "the country continues to support Y", "both sides agreed to expand Z"; an order's
   continuance of a body until a date: "Each advisory committee listed below is continued until
   September 30, 2025"; a named actor's undertaking under way, "The Commission is working to
   accelerate X" (`_ongoing`); a goal its owner names inside another clause, "This is key to our
   ambition to halve X" (`_owned_goal`));
2. reads each action in its construction (`constructions.py`: existential,
   "responsible for", passive, result verb, light verb, plain clause);
3. adds actions found by position ("; advance X; support Y"), merges verbs
   that share one object, drops quoted opinions, turns a clause ending in ":"
   into a lead-in, a noun-phrase list item into an item frame, and a line
   without a finite verb ("Expansion in X", "Target: 30% reduction by 2030")
   into an action line (`lists.py`); a headline that opens with a sum ("£20 million to
   support X") takes its infinitive; a colon after a description ("Examples of upgrades
   include:") opens no lead-in;
4. gives each frame its deadline phrase, and splits targets that hold several
   (`targets.py`).

Everything here works on one spaCy `Doc` (one passage) and returns `Frame`s
with character offsets into that Doc; `records.py` turns frames into
`Commitment` records with the document's context (main actor, dates).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from kb.extract.actors import is_common_thing, is_pronoun, is_thing
from kb.extract.constructions import frame_for, included_gerund
from kb.extract.deadlines import DeadlineMatch, find_deadlines
from kb.extract.frame import Frame
from kb.extract.heads import (can_act, conj_verbs, describes_others, in_relative_series, directed_action, follow_chain, in_capitals_title, is_commit_head, is_imperative,
                              means_preps, means_verbs, opening_word, priority_actions, stray_verbs)
from kb.extract.lexicon import (ACTOR_NOUNS, AMENDING, AMENDING_VERBS, ASPECT_VERBS, BINDING_MODALS, BOILERPLATE,
                                COMMIT_NOUNS, COMMIT_TO_VERBS,
                                CIRCUMSTANCE_ADVERBS, CONDITION_MARKS, CONTINUANCE_VERBS, FOR_TO_ASKING_VERBS, FOR_TO_GOAL_NOUNS, FIRST_PERSON, GOAL_PURSUING_VERBS, INSTRUMENT_NOUNS,
                                DEMONSTRATIVE_SUBJECTS, EFFECT_VERBS, GERUND_MARKERS, HEADLINE_BULLETS, HEDGE_OPENING,
                                LABEL_ENDS, LABEL_INFINITIVE_HEADS,
                                MEANS_HEDGE_WORDS, MEANS_NOUNS, MEANS_PREPOSITIONS, MEANS_SKIP,
                                NOT_IMPERATIVE_ACTIONS, NOT_ITEM_ACTIONS, ONGOING_VERBS, PERFECT_COMMIT,
                                PLAN_LIST_NOUNS, POLICY_VERBS, PURPOSE_VERBS, REAFFIRM_VERBS, REAFFIRMED_NOUNS, REPORTED,
                                REPORTED_AFTER_QUOTE, RELATIVE_PRONOUNS, RESOLVE_NOUNS, SAME_PERIOD, TARGET_NOUNS,
                                VERBS_NOT_NOUNS)
from kb.extract.lists import (action_line, dated_deliverable, head_final_line, lead_in, means_lead, nominal_series, np_item,
                              planned_envelope)
from kb.extract.syntax import (actor_like, children, doc_text, find_subject, has_to, is_name_not_verb, list_marker,
                               mention, modal_of, opening_label_end, run_in_topic, subject_of, subtree_range)
from kb.extract.targets import clean_target, gapped, merge_shared_objects, split_frames
from kb.tables import LIST_MARKER

# (action verb, its intention chain, the verb that made it a commitment)
Action = tuple[Token, list[Token], Token]


def frames_for_doc(doc: Doc, is_item: bool = False) -> list[Frame]:
    """The commitment frames of every sentence of a Doc (one passage)."""
    frames: list[Frame] = []
    group = 0
    for sent in doc.sents:
        group += 1
        frames.extend(frames_for_sentence(sent, is_item=is_item, group=group * 1000))
    return frames


# a sentence that ends in a question mark (before closing quotes or brackets): a form's or a
# survey's question, a rhetorical one ("What would it take to X?"); none of the labelled
# commitments of train, validation or the dev set is one
_QUESTION_END = re.compile(r"\?[\s\"'”’)\]]*$")
# a word, then a spaced dash, and nothing after: the run-in title that `nlp.line_breaks` cut from its
# paragraph's first sentence; not after a colon (": -" opens a list the PDF ran on)
_RUN_IN_HEADING_END = re.compile(r"[\w)\]]\s+[-–—]\s*$")


def frames_for_sentence(sent: Span, is_item: bool = False, group: int = 0) -> list[Frame]:
    """The commitment frames of one sentence (`is_item`: the passage is a list item;
    `group`: the id shared by frames of one coordination)."""
    doc = sent.doc
    text = doc_text(doc)[sent.start_char:sent.end_char]
    if not text.strip() or len(sent) < 2:
        return []
    if BOILERPLATE.search(text):
        return []
    if _QUESTION_END.search(text):
        return []                   # "How is the agency ensuring X?": a question asks, it promises nothing
    if _RUN_IN_HEADING_END.search(text):
        return []                   # "Tackling domestic violence – The government will X": the title before the dash
    item = _is_item_sentence(sent, is_item)
    deadlines = [DeadlineMatch(d.start + sent.start_char, d.end + sent.start_char, d.text, d.date, d.weak, d.label)
                 for d in find_deadlines(text)]
    heads = _commit_heads(sent, item)
    collector = _ActionCollector()
    for h in heads:
        collector.add(h, [], h)
    goals = {ger.i: gov for ger, gov in _goal_gerunds(sent, heads)}
    for ger_i, gov in goals.items():
        collector.add(doc[ger_i], [gov], gov)
    collector.add_positional(sent)
    collector.add_inline_items(sent, heads)
    actions = collector.actions
    action_ids = {v.i for v, _, _ in actions}
    deadline_tokens = _token_indices(doc, deadlines)
    frames: list[Frame] = []
    for verb, chain, head in actions:
        fr = frame_for(verb, chain, head, sent, item, action_ids, group, deadline_tokens)
        if fr is not None:
            frames.append(fr)
    _share_previous_subject(frames, collector.positional, doc)
    frames = _end_before_items(frames, sent, collector.items)
    if goals:
        # "will meet its goal of planting X": the goal's verb replaces the verb that pursues it
        found = {goals[f.verb].i for f in frames if f.verb in goals}
        frames = [f for f in frames if f.verb not in found]
    frames.extend(_lexical_verbs(sent, frames, group))
    frames.extend(_nominal_means(sent, frames))
    _object_after_hedge(sent, frames)
    frames = merge_shared_objects(frames, doc)
    frames = _second_verb_in_target(sent, frames)
    frames = _semicolon_gerund_series(sent, frames)
    frames = _drop_quoted(sent, frames)
    if AMENDING.search(text) and not _QUOTED_DUTY.search(_QUOTED_SPAN.sub(" ", text)):
        # an instruction that amends ("(ii) by striking ..."), not a duty to amend ("The Secretary shall
        # ensure that the rule is amended by adding ...")
        frames = _quoted_duties_only(sent, frames)
    # "whether any changes should be made", "if the agency would ...": a question or a
    # condition inside another clause undertakes nothing
    frames = [f for f in frames if not _conditional(doc[f.verb]) and not _for_to_clause(doc[f.verb])
              and not _predicted_effect(f, find_subject(doc[f.verb]))]
    if text.rstrip().endswith(":"):
        frames = [f for f in frames if not _placeholder_before_list(f, sent)]
    # a lead-in: "the Federal Government shall use its scale ... to achieve:" / "each agency shall:"
    if text.rstrip().endswith(":") and not _described_list(sent, heads, frames):
        lead = lead_in(sent, frames, heads)
        if lead is not None:
            frames = [f for f in frames if f.has_target and (
                not f.target_text.endswith(lead.lead_action) if lead.lead_action else _own_duty_before_items(f, sent))]
            for f in frames:
                f.optional = True
            frames.append(lead)
        else:
            # "Promote climate smart agriculture through:": a commitment whose items are its means
            means = means_lead(sent, frames)
            if means is not None:
                frames.append(means)
    if not frames:
        # "Circular on X (Release date: June 2017)": a plan's deliverable, dated
        frames.extend(dated_deliverable(sent, group, deadlines))
    if not frames:
        # "At least 50% of assets are IPv6-only by the end of FY 2024", "50% of energy needs met by
        # renewables by 2030": a share of a thing to reach by a date
        frames.extend(_share_by_date(sent, group, deadlines))
    if not frames:
        # "The indicative ADF allocation for 2015 is $450 million": a plan's resources as a sum
        frames.extend(planned_envelope(sent, group))
    if not frames:
        # "We reaffirm our commitment to the Paris Agreement"
        frames.extend(_reaffirmed_noun(sent, group))
    if not frames:
        # "Iceland is committed to the UNFCCC negotiation process", "we recommit to our partnership"
        frames.extend(_committed_to_noun(sent, group))
    if not frames and not text.rstrip().endswith(":"):
        # "(b) Introduction of X; (c) implementation of Y", "Procurement and installation of Z"
        frames.extend(nominal_series(sent, group))
    # a noun-phrase list item: "(ii) 100 percent zero-emission vehicle acquisitions by 2035"
    if item and not frames:
        frames.extend(np_item(sent, group))
        opener = opening_word(sent)
        if frames and all(f.kind == "item_np" and not f.verb_guess for f in frames):
            # "a) Enhancing efficiency in X": no verb found after a letter marker, which may hide the
            # opening gerund (round 25: an OMB draft's "d. Identify and justify X" in train, an NDC's
            # lettered measures in validation)
            opener = opening_word(sent, letters=True)
        if all(f.kind == "item_np" for f in frames) and (_in_table_cell(doc) or (
                opener is not None and opener.is_title and opener.pos_ in ("NOUN", "PROPN", "VERB", "ADJ"))):
            # a table cell has no lead-in to lend a noun phrase its action; a headline pledge
            # ("Emission reduction by 37% by 2030"), a gerund line or a line named by its noun of
            # action ("Integrated water resource management") still reads as one
            line = head_final_line(sent, group, opener) if opener is not None and opener.pos_ == "ADJ" \
                else action_line(sent, group, opener, item=True)
            if line:
                frames = line
    elif not frames and not text.rstrip().endswith(":"):
        frames.extend(action_line(sent, group, opening_word(sent)))

    _assign_deadlines(sent, frames, deadlines)
    frames = split_frames(frames, deadlines, doc)
    frames.extend(gapped(sent, frames, deadlines))
    for f in frames:
        f.places = _place_names(doc, f.sent_start, f.sent_end)
    return frames


# a share that opens a headline target: "At least 20% of", "50 percent of", "over 30% of"
_SHARE_OPENING = re.compile(r"^(?:(?:at\s+least|more\s+than|over|up\s+to)\s+)?"
                            r"\d{1,3}(?:\.\d+)?\s*(?:%|per\s?cent)\s+of\s", re.I)


def _share_by_date(sent: Span, group: int, deadlines: list[DeadlineMatch]) -> list[Frame]:
    """A target stated as a share of a thing to reach by a date, with no verb of undertaking:
    "At least 20% of IP-enabled assets on Federal networks are IPv6-only by the end of FY 2023"
    (a memorandum's milestones, "a. ...", "b. ..."), "* 50% of Scotland's energy needs met by
    renewables by 2030" (a headline of a plan on a bulleted line), "Clean power – 35% of the
    electricity produced in 2032 will be from offshore wind" (train: the OMB IPv6 memorandum, the
    Scottish climate-neutral economy paper, the Scottish economic action plan).  ANNOTATION.md
    section 1 counts headline pledges with no verb; the share is the undertaking, its date the
    deadline (section 5: a level to reach in a year is due that year).  The share opens the line
    (after a list marker or an item's letter) or follows a bullet or a label's dash inside it
    (`HEADLINE_BULLETS`); between it and a "by <date>" deadline (any date under "will") stands only
    a form of "be" ("are", "will be") or one participle ("met", "served"): no other verb and no past
    or perfect ("was", "has been": a fact; "will come from": a forecast, left to other rules).
    Action: the participle's lemma; under "be" the participle that names the share's thing
    ("the electricity produced" -> produce), else "make" (the share is made what the predicate
    says).  Target: the share and its predicate up to the deadline.  Actor: the document's (or the
    lead-in's)."""
    doc = sent.doc
    toks = [t for t in sent if not t.is_space]
    starts = [0] + [k + 1 for k, t in enumerate(toks) if t.text in HEADLINE_BULLETS and k + 1 < len(toks)]
    out: list[Frame] = []
    for n, k in enumerate(starts):
        stop = next((j for j in range(k, len(toks)) if toks[j].text in HEADLINE_BULLETS), len(toks))
        k0 = k
        m = list_marker(doc_text(doc)[toks[k].idx:sent.end_char]) if k == 0 else None
        if m is not None:
            k0 = next((j for j in range(k, stop) if toks[j].idx >= toks[k].idx + m.end()), stop)
        if k0 + 1 < stop and re.fullmatch(r"[a-z]\.", toks[k0].text, re.I):
            k0 += 1                     # "a. At least 20% of X": the item's letter
        if k0 >= stop:
            continue
        start = toks[k0].idx
        end_char = toks[stop - 1].idx + len(toks[stop - 1].text)
        if not _SHARE_OPENING.match(doc_text(doc)[start:end_char]):
            continue
        seg = toks[k0:stop]
        will = any(t.lower_ in ("will", "shall") for t in seg)
        # "by 2030"; a level in a year ("17% of the electricity generated in 2030 will be ...") under "will"
        due = [d for d in deadlines if start <= d.start < end_char and (d.text.lower().startswith("by ") or will)]
        if not due:
            continue
        body = [t for t in seg if t.idx < due[0].start]
        verbs = [t for t in body if t.pos_ in ("VERB", "AUX") or t.tag_ == "MD"]
        if any(t.lower_ in ("was", "were", "has", "have", "had", "been") for t in verbs):
            continue
        bes = [t for t in verbs if t.lemma_.lower() == "be" or t.lower_ in ("will", "shall")]
        # a participle that only describes a noun ("IP-enabled assets", "the electricity consumed")
        # is no predicate where a form of "be" is the verb
        participles = [t for t in verbs if t not in bes and t.tag_ in ("VBN", "VBD")
                       and t.dep_ not in ("amod", "compound")
                       and not (bes and t.dep_ in ("acl", "relcl")
                                and not any(c.dep_ == "auxpass" for c in t.children))]
        others = [t for t in verbs if t not in bes and t not in participles and t.tag_ not in ("VBN", "VBD")]
        if others or len(participles) > 1 or (participles and bes and participles[0].tag_ == "VBD") \
                or (not bes and not participles):
            continue
        # a bare past form after the share is its participle ("needs met by renewables"), not a past tense;
        # under "be", the participle that names the share's thing ("the electricity generated") says what
        # is done, else the share is made what the predicate says ("assets are IPv6-only": make)
        named = [t for t in body if t.tag_ == "VBN" and t.dep_ == "acl" and t.i > body[0].i]
        if participles:
            verb, action = participles[0], participles[0].lemma_.lower()
        elif named:
            verb, action = named[0], named[0].lemma_.lower()
        else:
            verb, action = bes[-1], "make"
        while body and (body[-1].is_punct or body[-1].tag_ in ("CC", "IN", "DT")):
            body.pop()
        if not body:
            continue
        t_start, t_end = body[0].idx, body[-1].idx + len(body[-1].text)
        text = clean_target(doc_text(doc)[t_start:t_end])
        if not text:
            continue
        fr = Frame(verb=verb.i, action=action, action_lemma=action, sent_start=sent.start_char,
                   sent_end=sent.end_char, kind="clause", actor_kind="none", group=group + n)
        fr.target_start, fr.target_end, fr.target_text = t_start, t_start + len(text), text
        fr.quantity_text = text
        fr.deadline, fr.deadline_scope = due[0], "own"
        out.append(fr)
    return out


def _described_list(sent: Span, heads: list[Token], frames: list[Frame]) -> bool:
    """A colon after a description, not after a duty: "Examples of improvements under this program
    include:", "The Government has identified areas where transfer could help, including through:" --
    no modal, no commitment verb, "include" (or "contain", "cover") as a finite verb or a participle
    before the colon: its items are examples, not undertakings.  A plan's own list ("Key actions
    include:") keeps its items."""
    if heads or frames or any(t.lower_ in BINDING_MODALS for t in sent):
        return False
    toks = [t for t in sent if not t.is_space and not t.is_punct]
    if not toks:
        return False
    last = toks[-1]
    if last.tag_ == "IN" and last.head.i < last.i:
        last = last.head                    # "including through:", "consisting of:"
    if last.tag_ not in ("VBZ", "VBP", "VBD", "VBG") or last.lemma_.lower() not in ("include", "contain", "cover"):
        return False                        # "China has determined its actions as follows:" announces them
    subj = find_subject(last)
    return subj is None or subj.lemma_.lower() not in COMMIT_NOUNS | PLAN_LIST_NOUNS


# a target that only stands for the list after a colon: "the following actions", "this" ("doing this by:")
_PLACEHOLDER = re.compile(r"^(?:the\s+)?following\b|^(?:this|these|that|those|them|it)(?:\s+(?:by|through|with|in|as))?$",
                          re.I)


def _placeholder_before_list(f: Frame, sent: Span) -> bool:
    """A clause before a colon whose target only stands for the list that follows: "the following
    actions shall be taken:", "We are doing this by:", "The following procedures will apply to the
    Council:", "The PGII shall be executed through the following key implementation efforts:"; or
    whose target is its own subject with nothing after the verb but a preposition: "This strategy
    shall include:", "The CIO Council shall be led by:" (train: orders on forests and on pandemic
    supplies, an apprenticeship order, the CIO Council charter, the DWP departmental plan, the PGII
    memorandum, Korea's NDC).  The items say what is undertaken (ANNOTATION.md section 1); the
    lead-in is no line of its own (its actor and action still reach the items through `lead_in`)."""
    if f.kind != "clause" or not f.has_target:
        return False
    doc = sent.doc
    target = f.target_text.strip()
    if _PLACEHOLDER.search(target):
        return True
    verb = doc[f.verb]
    if f.target_start is not None and f.target_start < verb.idx:
        after = [t for t in doc[verb.i + 1:sent.end] if not t.is_space and not t.is_punct]
        return all(t.pos_ in ("ADP", "PART") or t.dep_ == "agent" for t in after) \
            or bool(after and after[0].pos_ == "ADP" and _PLACEHOLDER.search(" ".join(t.text for t in after[1:3])))
    return False


# what a lead-in's object may be that only stands for its items: "shall perform functions that include
# the following:", "shall take actions to:", "shall be structured as follows:"
_STANDS_FOR_ITEMS = re.compile(r"\b(?:the\s+following|as\s+follows?)\b|^(?:(?:the|these|such|further|other|all)\s+)?"
                               r"(?:actions?|steps?|measures?|functions?|tasks?|activities|efforts?)$|^\W*\w{0,3}\W*$", re.I)


def _own_duty_before_items(f: Frame, sent: Span) -> bool:
    """A duty of its own in a lead-in whose items bring their own verbs: "The Secretary shall develop
    guidance, identify leading practices, and provide training, consistent with applicable law, to:
    (i) assist X; (ii) help Y", "shall consider amending the regulation to:", "will work together
    across the region to:" (train: orders on public safety in Indian Country, on climate-related
    financial risk, on gun violence, the Los Angeles declaration).  Each of its verbs is an undertaking
    (ANNOTATION.md section 1), and so is each item.  Not one whose object only stands for the items
    ("shall take actions to:", "shall perform functions that include the following:"), nor a passive
    whose subject the items describe ("The Committee shall be structured as follows:")."""
    target = re.sub(r"(?:^|\s+)(?:to|by|through|with)\s*:?$", "", f.target_text.strip(), flags=re.I)
    if _STANDS_FOR_ITEMS.search(target):
        return False
    return f.target_start is None or f.target_start > sent.doc[f.verb].idx


def _conditional(verb: Token) -> bool:
    """The verb states a condition or a question, not an undertaking: its own clause is opened by
    "if"/"unless"/"whether" (`CONDITION_MARKS`) or is a clause of circumstance (`_circumstance`), or
    it is the infinitive (or a verb coordinated with the infinitive) of such a clause's verb -- "if we
    want to save energy and cut emissions, ...", "if the county wishes to expand the network, it
    will ..." (the mark hangs on "want"/"wishes", the verb read is "cut"/"expand").  A verb merely
    coordinated with a conditional verb is not climbed from: the parser hangs the main clause's
    second verb there too ("shall meet to consider if X should be altered and share Y")."""
    t, through_infinitive = verb, False
    while True:
        if (t.i == verb.i or through_infinitive) and (
                any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in t.children) or _circumstance(t)):
            return True
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            return False
        through_infinitive = through_infinitive or t.dep_ == "xcomp"
        t = t.head


def _for_to_clause(verb: Token) -> bool:
    """The verb is that of a "for X to V" clause, or of a verb coordinated with it or under it ("make it
    easier for local people to contribute ... and help shape public services"; not one with a modal of
    its own, which the parser may hang there: "revise the form for X to conform ... and shall initiate
    Y" -- round 36, after the test reading: one record of the 160 orders): X's chance, need or
    permission ("the opportunity for people to subscribe", "a need for each agency to build",
    "allows for companies to seek", "it is essential for smaller firms to invest"), not X's
    undertaking -- unless the clause hangs on a verb that asks for or intends it (FOR_TO_ASKING_VERBS:
    "The plan calls for the City to plant 1,000 trees") or states a goal (FOR_TO_GOAL_NOUNS: "It is
    our intention for the new agency to open in 2027", "Our goal is for every school to have X")."""
    t = verb
    for _ in range(8):
        if any(c.tag_ == "MD" for c in t.children):
            return False        # "... a form for X to conform ... and shall initiate Y": a verb with its own modal
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in t.children) \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            return t.head.i == t.i or not _asked_or_goal(t.head)
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _asked_or_goal(head: Token) -> bool:
    """What a "for X to V" clause hangs on makes X's action the author's undertaking: "calls for",
    "intend for" (FOR_TO_ASKING_VERBS), "the policy ... for", "our intention for", "Our goal is
    for" (FOR_TO_GOAL_NOUNS, as the noun itself or as the subject or complement of "is")."""
    lemma = head.lemma_.lower()
    if head.pos_ in ("VERB", "AUX") and lemma in FOR_TO_ASKING_VERBS:
        return True
    if head.pos_ in ("NOUN", "PROPN") and lemma in FOR_TO_GOAL_NOUNS:
        return True
    return lemma == "be" and any(c.dep_ in ("nsubj", "attr") and c.lemma_.lower() in FOR_TO_GOAL_NOUNS
                                 for c in head.children)


def _circumstance(verb: Token) -> bool:
    """ "Where streets must cross over protected water features, provide crossings every 800 feet",
    "When a member must leave the Council, the Chair shall ...": the verb of a subordinate clause
    opened by a wh-adverb of circumstance (`CIRCUMSTANCE_ADVERBS`, first in its clause) states when or
    where the main clause applies -- a condition, as "if" opens one (`CONDITION_MARKS`), not an
    undertaking."""
    if verb.dep_ != "advcl":
        return False
    return any(c.dep_ == "advmod" and c.lower_ in CIRCUMSTANCE_ADVERBS and c.i == verb.left_edge.i
               for c in verb.children)


def _predicted_effect(f: Frame, subject: Token | None) -> bool:
    """ "This will enable agencies to ...", "the programme will help families", "which will
    lead to £10 billion of activity": what a thing or an earlier clause will bring about is
    a prediction, not an undertaking (a thing cannot promise; ANNOTATION.md section 2)."""
    if f.action_lemma not in EFFECT_VERBS or f.kind != "clause":
        return False
    mention = re.sub(r"\s+", " ", f.actor_text).strip()
    if not mention and subject is not None:
        mention = subject.text           # "This will enable ...": a subject no actor was read from
    if subject is not None and subject.dep_ == "nsubjpass":
        return False                      # "progress will be made on X": a passive duty, not an effect
    if mention.lower() in DEMONSTRATIVE_SUBJECTS:
        # "This includes putting X under Y": "this" is the undertaking just stated, which takes X in
        return subject is None or not included_gerund(subject.doc[f.verb])
    if f.actor_kind not in ("named", "relative", "none") or not mention or f.actor_ent \
            or (subject is not None and (subject.pos_ == "PROPN" or subject.ent_type_)):
        return False                      # a name ("Kunming will make ...") is an actor
    return is_thing(mention) or is_common_thing(mention, ACTOR_NOUNS)


def _in_table_cell(doc: Doc) -> bool:
    """The Doc is one cell of a table row (kb.extract.rows)."""
    return Doc.has_extension("passage_kind") and doc._.passage_kind == "table_row"


def _is_item_sentence(sent: Span, is_item: bool) -> bool:
    return is_item or bool(list_marker(doc_text(sent.doc)[sent.start_char:sent.end_char]))


def _commit_heads(sent: Span, item: bool) -> list[Token]:
    """The verbs that head commitments in a sentence, in order."""
    toks = list(sent)
    heads: list[Token] = [t for t in toks if is_commit_head(t)]
    heads += [t for t in toks if t not in heads and _declared(t)]
    # "Each advisory committee listed below is continued until September 30, 2025"
    heads += [t for t in toks if t not in heads and _continued(t)]
    # "The European Commission is also working to accelerate X", "the City is setting a new goal"
    heads += [t for t in toks if t not in heads and _ongoing(t)]
    # "This is key to our ambition to have the highest employment rate in the G7"
    heads += [t for t in toks if t not in heads and _owned_goal(t)]
    # "I have asked the College to review X": the directed actor's action
    heads += [a for a in (directed_action(t) for t in toks) if a is not None and a not in heads]
    # "Key priorities include optimising X, accelerating Y"
    heads += [a for t in toks for a in priority_actions(t) if a not in heads]
    labelled = after_label(sent)
    if labelled is not None and labelled not in heads and labelled.tag_ == "VB" \
            and _labelled_imperative(labelled):
        heads.append(labelled)      # "Action Item B (st) :: Develop strategies to ...", "Objective 3 – Identify X"
    elif labelled is not None:
        infinitive = _labelled_infinitive(labelled)
        if infinitive is not None and infinitive not in heads:
            heads.append(infinitive)    # "Objective 1.2: To expand planning horizons for X"
    # imperative list items: "(i) pursue building electrification ..."; "By 2030, achieve ..."
    root = sent.root
    if item:
        cand = [root] + [c for c in root.children if c.dep_ in ("dep", "appos")]
        for r in cand:
            if (r.tag_ in ("VB", "VBG", "VBP") or has_to(r)) and subject_of(r) is None and modal_of(r) is None \
                    and r not in heads and r.lemma_.lower() not in NOT_ITEM_ACTIONS and not in_capitals_title(r):
                heads.append(r)
    elif not heads:
        # an action line of a plan, not marked as a list item: "Develop standards for ...",
        # "Continue to install charging stations"
        first = opening_word(sent)
        if first is not None and is_imperative(first):
            heads.append(first)
        elif root.tag_ == "VB" and root.i > sent.start and _opens_with_hedge(sent, root) \
                and is_imperative(root, capital=False):
            heads.append(root)          # "Consistent with applicable law, maintain X"
    # a goal stated without a finite verb: "An unconditional contribution to reduce X by 2030",
    # "Energy sector: to reduce X"
    if root.pos_ in ("NOUN", "PROPN") and not heads:
        for c in root.children:
            if c.dep_ in ("acl", "relcl", "appos", "dep") and has_to(c) and c.i > root.i and (
                    root.lemma_.lower() in COMMIT_NOUNS or any(t.text == ":" for t in sent if root.i < t.i < c.i)):
                heads.append(c)
    money = _money_headline(sent)
    if money is not None and money not in heads:
        heads.append(money)
    return heads


def _goal_gerunds(sent: Span, heads: list[Token]) -> list[tuple[Token, Token]]:
    """(gerund, verb) for a goal that an actor pursues, named by a noun with "of" and a gerund:
    "Countries joining the Pledge commit to a collective goal of reducing global methane emissions
    by at least 30 percent", "The City is continuing to pursue its goal of reducing energy
    consumption in its buildings by 20%", "in reaching the goal of planting 1,000 trees a year"
    (train: the Global Methane Pledge, a city energy action plan).  ANNOTATION.md section 3: "achieve
    a target of reducing emissions" -> reduce; the goal's verb is the action.  The pursuing verb
    (`GOAL_PURSUING_VERBS`, not in the past tense) takes the noun (`TARGET_NOUNS`, not "plan" nor
    "commitment") as its object or after "to"/"towards"; it must head a commitment already (a
    modal, an intention) or have an actor as its subject (any subject of "commit", which pledges
    by itself: "Countries ... commit to ...")."""
    out: list[tuple[Token, Token]] = []
    for ger in sent:
        if ger.tag_ != "VBG" or ger.dep_ != "pcomp" or ger.head.lower_ != "of":
            continue
        noun = ger.head.head
        if noun.lemma_.lower() not in TARGET_NOUNS or noun.lemma_.lower() in ("plan", "commitment") \
                or noun.i > ger.i:
            continue
        if noun.dep_ == "dobj":
            gov = noun.head
        elif noun.dep_ == "pobj" and noun.head.lower_ in ("to", "towards", "toward") and noun.head.dep_ == "prep":
            gov = noun.head.head
        else:
            continue
        if gov.pos_ != "VERB" or gov.lemma_.lower() not in GOAL_PURSUING_VERBS or gov.tag_ in ("VBD", "VBN"):
            continue
        subj = find_subject(gov)
        pursued = gov in heads or (subj is not None and subj.dep_ == "nsubj" and (
            subj.lower_ in FIRST_PERSON or (actor_like(subj) and not is_thing(mention(subj)[2]))
            # "commit" pledges by itself: "Countries joining the Pledge commit to a goal of ..."
            or (gov.lemma_.lower() == "commit" and subj.pos_ in ("NOUN", "PROPN")
                and subj.lower_ not in DEMONSTRATIVE_SUBJECTS)))
        if pursued:
            out.append((ger, gov))
    return out


def _reaffirmed_noun(sent: Span, group: int) -> list[Frame]:
    """A declaration that reaffirms a commitment to a thing, not to a verb: "We reaffirm our
    commitment to the complete denuclearization of X" -> commit, "we affirm our support to small
    island states" -> support.  The reaffirming verb (`REAFFIRM_VERBS`, in a finite tense, with an
    actor or "we" as subject), its object (`REAFFIRMED_NOUNS`, owned by the subject: "our"), and
    "to"/"towards" with a noun phrase; the target is that noun phrase up to a comma."""
    doc = sent.doc
    out: list[Frame] = []
    for tok in sent:
        if tok.tag_ not in ("VBZ", "VBP", "VBD") or tok.lemma_.lower() not in REAFFIRM_VERBS:
            continue
        subj = subject_of(tok)
        if subj is None or not (is_pronoun(subj.text) or actor_like(subj)) or modal_of(tok) is not None:
            continue
        for d in children(tok, "dobj"):
            action = REAFFIRMED_NOUNS.get(d.lower_)
            if action is None or not any(c.dep_ == "poss" for c in d.children):
                continue
            preps = [p for p in list(d.children) + list(tok.children)
                     if p.dep_ == "prep" and p.lower_ in ("to", "towards", "toward") and p.i > d.i]
            objs = [o for p in preps for o in p.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")]
            if not objs:
                continue
            fr = _noun_frame(sent, tok, subj, objs[0], action, group)
            if fr is not None:
                out.append(fr)
                break
    return out


def _noun_frame(sent: Span, verb: Token, subj: Token, obj: Token, action: str, group: int) -> Frame | None:
    """A frame whose action is `action` and whose target is the noun phrase of `obj` up to a comma
    (a leading "a"/"an" dropped), with `subj` as its actor."""
    doc = sent.doc
    target = []
    for t in doc[obj.left_edge.i:obj.right_edge.i + 1]:
        if t.text in (",", ";"):
            break
        target.append(t)
    while target and target[0].tag_ == "DT" and len(target) > 1 and target[0].lower_ in ("a", "an"):
        target = target[1:]
    if not target:
        return None
    start, end = target[0].idx, target[-1].idx + len(target[-1].text)
    fr = Frame(verb=verb.i, action=action, action_lemma=action, sent_start=sent.start_char,
               sent_end=sent.end_char, kind="clause", actor_kind="pronoun" if is_pronoun(subj.text) else "named",
               group=group)
    fr.actor_start, fr.actor_end, fr.actor_text = mention(subj)
    fr.target_start, fr.target_end, fr.target_text = start, end, doc_text(doc)[start:end]
    fr.quantity_text = fr.target_text
    return fr


def _committed_to_noun(sent: Span, group: int) -> list[Frame]:
    """A commitment to a thing, not to a verb: "Iceland is committed to the UNFCCC negotiation
    process", "On this historic occasion we recommit to our partnership" -> commit, the target the
    noun phrase after "to" (train: an NDC, the Quad leaders' statement).  ANNOTATION.md section 1 counts
    "commits to"; `heads.is_commit_head` reads "commit(ted) to" a verb or a gerund, and the present
    "we commit to X" when the tagger reads it as a present tense.  Here: "commit"/"recommit" in
    the present with an actor or "we" as subject (its own, or that of the verb it is coordinated
    with), or "committed"/"dedicated" after a present "is"/"are"/"remain(s)" with an actor as
    subject; "to" with a noun phrase (not a gerund: that is an action of its own), and not an
    instrument (`INSTRUMENT_NOUNS`: "committed to the Paris Agreement" states adherence to it)."""
    out: list[Frame] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.tag_ in ("VB", "VBP", "VBZ") and lemma in COMMIT_TO_VERBS and modal_of(tok) is None:
            subj = find_subject(tok)
            if tok.tag_ == "VB" and (has_to(tok) or tok.dep_ not in ("ROOT", "conj")):
                continue                # "to commit to X", "will commit": other rules' (a modal is a head)
        elif tok.lower_ in ("committed", "dedicated") and tok.dep_ in ("acomp", "ROOT", "conj") and (
                any(c.dep_ in ("auxpass", "cop") and c.tag_ in ("VBZ", "VBP") for c in tok.children)
                or (tok.head.lemma_.lower() in ("be", "remain") and tok.head.tag_ in ("VBZ", "VBP"))):
            subj = subject_of(tok) or subject_of(tok.head)
        else:
            continue
        if subj is None or subj.lower_ in DEMONSTRATIVE_SUBJECTS or not can_act(subj):
            continue
        for p in children(tok, "prep"):
            if p.lower_ != "to" or p.i < tok.i:
                continue
            objs = [o for o in p.children if o.dep_ == "pobj" and o.pos_ in ("NOUN", "PROPN")]
            if objs and objs[0].lemma_.lower() in INSTRUMENT_NOUNS:
                break                   # "Norway is committed to the Paris Agreement": adherence, no new act
            if objs:
                fr = _noun_frame(sent, tok, subj, objs[0], "commit", group)
                if fr is not None:
                    out.append(fr)
                break
    return out


def _money_headline(sent: Span) -> Token | None:
    """A headline pledge that opens with a sum: "Over £3.3 billion to deliver at least 50,000
    affordable homes", "£20 million over 3 years to support our export plan", "Funding of over
    £600m in 2019-20 to deliver X" -> deliver / support (a plan's list of funded actions; the
    money is the means, the infinitive the undertaking)."""
    root = sent.root
    if root.pos_ not in ("NOUN", "NUM", "PROPN") or root.i - sent.start > 6:
        return None
    for c in root.children:
        if c.dep_ in ("acl", "relcl", "advcl") and has_to(c) and c.tag_ == "VB" and c.i > root.i:
            before = sent.doc[sent.start:c.i]
            if any(t.tag_ == "$" for t in before) and not any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in before):
                return c
    return None


def after_label(sent: Span, longest: int = 8) -> Token | None:
    """The first word after a plan's label that heads an action line: "Action Item B (st) ::
    Develop X", "Objective 2 – Enforce Y", "Measure 4.1: Expand Z" (a label is a few words in
    Title Case, capitals, numbers and brackets, closed by a colon or a dash), "Strategy 8F.
    Reduce Z" (a numbered action label closed by a full stop, which the tokenizer keeps on the
    number)."""
    end = opening_label_end(sent)
    if end is not None:
        first = next((t for t in sent if t.idx >= end and not t.is_space), None)
        if first is not None and first.is_alpha and first.text[:1].isupper():
            return first
    doc = sent.doc
    toks = []
    i = sent.start
    while i < sent.end and len(toks) < longest + 1:
        t = doc[i]
        i += 1
        if not t.is_space:
            toks.append(t)
    for k, t in enumerate(toks):
        if t.text == "-" and not t.whitespace_ and t.i > 0 and not doc[t.i - 1].whitespace_:
            continue                # "Land-Use Change": a hyphen inside a word closes no label
        if t.text in LABEL_ENDS and k:
            label = toks[:k]
            if not all(u.is_punct or u.like_num or u.is_upper or u.is_title or len(u.text) <= 3 for u in label) \
                    and not (_topic_end(t) and run_in_topic(label)):
                return None
            rest = next((u for u in (doc[j] for j in range(toks[k].i + 1, sent.end))
                         if not u.is_space and u.text not in LABEL_ENDS), None)
            if rest is not None and rest.is_alpha and rest.text[:1].isupper():
                return rest
            return None
    return None


def _topic_end(t: Token) -> bool:
    """What closes a run-in topic: a colon ("Traffic management: Evaluate X"), or a dash set close
    to the words on both sides ("Cloud hosting—Move X", as corporate plans print their priorities;
    a spaced dash closes a run-in heading before a sentence of its own, `nlp.line_breaks`)."""
    if t.text == ":":
        return True
    doc = t.doc
    return t.text in ("—", "–") and t.i > 0 and not doc[t.i - 1].whitespace_ and not t.whitespace_


def _labelled_infinitive(to: Token) -> Token | None:
    """The verb of an infinitive that opens a plan's labelled line, its goal or policy: "Goal 1:
    To develop X", "Objective 1.2: To expand Y", "Goal– To provide Z" (rules-18; train:
    state-cape-coral-sea-level-rise-policies, state-lexington-empower-transportation)."""
    if to.lower_ != "to" or to.tag_ != "TO":
        return None
    verb = to.head
    if verb.tag_ != "VB" or verb.i <= to.i or verb.sent.start != to.sent.start:
        return None
    subj = subject_of(verb)
    if (subj is not None and not label_between(subj, verb)) or modal_of(verb) is not None:
        return None
    if not LABEL_INFINITIVE_HEADS.match(doc_text(to.doc)[to.sent.start_char:to.idx]):
        return None
    lemma = verb.lemma_.lower()
    return None if lemma in NOT_ITEM_ACTIONS or lemma in NOT_IMPERATIVE_ACTIONS else verb


def label_between(subj: Token, verb: Token) -> bool:
    """A label's colon or dash stands between `subj` and `verb`: "Objective 2 (st) :: Enforce X";
    or the subject is a word of the numbered action label that opens the line ("Strategy 8F. Reduce
    X": the parser takes "8F." for the subject of "Reduce")."""
    if subj.i < verb.i and any(t.text in LABEL_ENDS for t in subj.doc[subj.i + 1:verb.i]):
        return True
    end = opening_label_end(verb.sent)
    return end is not None and subj.idx < end <= verb.idx


def _labelled_imperative(tok: Token) -> bool:
    """A base-form verb after a label, with no subject (but the label, which the parser may
    take for one), modal or "to" of its own."""
    subj = subject_of(tok)
    if (subj is not None and not label_between(subj, tok)) or modal_of(tok) is not None or has_to(tok):
        return False
    lemma = tok.lemma_.lower()
    return lemma not in NOT_ITEM_ACTIONS and lemma not in NOT_IMPERATIVE_ACTIONS \
        and not tok.sent.text.rstrip().endswith("?")


def _declared(tok: Token) -> bool:
    """A commitment stated in a declaration's own tense, not under a modal:

    - "We promote research into X", "We also strengthen Y": first person, simple present,
      a verb of policy action (a verb of stance -- "we recognise", "we note" -- is no undertaking);
    - "The United States continues to support X", "we continue to deliver Y": "continue(s) to"
      with an actor as subject;
    - "Both sides agreed to sustain cooperation", "the ministers pledged to double X": a past
      agreement with an actor as subject, reported by the parties' joint text.

    A clause under "if"/"whether"/"because" or inside a relative clause is left out."""
    if tok.tag_ not in ("VBP", "VBZ", "VBD") or modal_of(tok) is not None or tok.dep_ in ("relcl", "acl", "amod"):
        return False
    if any(m.dep_ == "mark" for m in tok.children):
        return False
    subj = subject_of(tok)
    if subj is None or subj.dep_ != "nsubj":
        return False
    lemma = tok.lemma_.lower()
    # "(i) ..., update X": a roman numeral the parser read as "I" is no speaker
    first_person = subj.lower_ == "we" or (subj.text == "I" and not (subj.i and subj.doc[subj.i - 1].text == "("))
    if tok.tag_ == "VBP" and first_person:
        return lemma in POLICY_VERBS and any(c.dep_ in ("dobj", "prep", "ccomp", "xcomp") for c in tok.children)
    if not (actor_like(subj) or first_person) or subj.lower_ in ("it", "this", "that", "i"):
        return False
    if tok.tag_ in ("VBP", "VBZ") and lemma in ASPECT_VERBS:
        return any(c.dep_ == "xcomp" and (has_to(c) or c.tag_ == "VBG") and c.pos_ == "VERB" for c in tok.children)
    if tok.tag_ == "VBD" and lemma in PERFECT_COMMIT:
        return any(c.dep_ in ("xcomp", "advcl") and has_to(c) and c.pos_ == "VERB" for c in tok.children)
    return False


def _ongoing(tok: Token) -> bool:
    """An undertaking under way, in a named actor's present progressive: "The European Commission
    is also working to accelerate the uptake of X", "the Environmental Protection Agency is
    promulgating new regulations to curtail Y", "the City is setting a new goal to achieve Z"
    (train: a methane pledge's national sections, an EU communication, city climate plans).  The
    first person is `heads.is_commit_head`'s ("we are mapping X").  Only a verb of policy action
    (`ONGOING_VERBS`: "the city is experiencing growth" describes), in a main clause, with an
    actor as subject ("it", "this", a thing: a description of what happens)."""
    if tok.tag_ != "VBG" or tok.lemma_.lower() not in ONGOING_VERBS or tok.dep_ not in ("ROOT", "conj"):
        return False
    if not any(c.dep_ == "aux" and c.lower_ in ("is", "are") for c in tok.children) or modal_of(tok) is not None \
            or any(c.dep_ == "mark" for c in tok.children):
        return False
    if tok.lemma_.lower() in PURPOSE_VERBS and not any(c.dep_ in ("xcomp", "advcl") and has_to(c) for c in tok.children):
        return False                    # "is working on X": an activity, not a result worked towards
    subj = subject_of(tok)
    if subj is None or subj.dep_ != "nsubj" or subj.lower_ in FIRST_PERSON or is_pronoun(subj.text):
        return False
    if describes_others(subj):
        return False                    # "Many communities are implementing X": others, described
    return actor_like(subj) and not is_thing(mention(subj)[2])


# Nouns of resolve that, owned by the speakers ("our"), pledge the verb after them as a goal does:
def _owned_goal(tok: Token) -> bool:
    """The verb of a goal that its owner names as its own, wherever the noun stands: "This is key
    to our ambition to have the highest employment rate in the G7", "in support of the G20's
    ambition to reduce land degradation by 50% by 2040", "sets out our ambition for reducing and
    ultimately eradicating child poverty" (train: a departmental plan, a G20 declaration, an
    economic action plan).  ANNOTATION.md counts "X's goal is to do Y"; the same goal named inside
    another clause is the same undertaking.  The noun is one of `TARGET_NOUNS` with a first-person
    possessive ("our") or an actor's name with "'s" before it; its verb an infinitive or a gerund
    after "of"/"for".  A goal of someone else's ("the Paris Agreement's goal to limit X": a thing
    owns no goal) or one without an owner ("a goal to reduce X") is left to the other rules."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() in NOT_ITEM_ACTIONS and tok.lemma_.lower() != "have":
        return False
    if tok.dep_ in ("acl", "relcl") and tok.tag_ == "VB" and has_to(tok):
        noun = tok.head
    elif tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.lower_.endswith("ing") \
            and tok.head.lower_ in ("of", "for", "to", "towards"):
        noun = tok.head.head
        if noun.pos_ == "VERB":
            noun = _resolve_before(tok.head, tok.head.head)   # "underscore our dedication towards working"
    elif tok.dep_ in ("xcomp", "advcl") and tok.tag_ == "VB" and has_to(tok):
        noun = _resolve_before(next(c for c in tok.children if c.dep_ == "aux" and c.lower_ == "to"), tok.head)
    else:
        return False
    if noun is None:
        return False
    if (noun.lemma_.lower() not in TARGET_NOUNS and noun.lower_ not in RESOLVE_NOUNS) or noun.i > tok.i:
        return False
    owners = [c for c in noun.children if c.dep_ == "poss"]
    if not owners and noun.dep_ == "conj" and noun.lower_ in RESOLVE_NOUNS:
        # "our shared responsibility and determination to coordinate X": the owner of the first noun
        owners = [c for c in noun.head.children if c.dep_ == "poss"]
    if not owners:
        return False
    owner = owners[0]
    if owner.lower_ in ("our", "my"):
        return True
    return owner.lower_ not in ("its", "their", "his", "her") and actor_like(owner) and not is_thing(mention(owner)[2])


def _resolve_before(word: Token, governor: Token) -> Token | None:
    """The noun of resolve right before `word` ("to", "towards"), an object of `governor`, the verb
    that the parser hung the infinitive or the gerund on: "affirm our shared responsibility and
    determination | to coordinate"."""
    if word.i == 0:
        return None
    noun = word.doc[word.i - 1]
    if noun.lower_ not in RESOLVE_NOUNS or noun.dep_ not in ("dobj", "conj"):
        return None
    obj = noun.head if noun.dep_ == "conj" else noun
    return noun if obj.dep_ == "dobj" and obj.head.i == governor.i else None


def _continued(tok: Token) -> bool:
    """A decision, without a modal, that a body lasts until a date: "Each advisory committee
    listed below is continued until September 30, 2025", "... is continued or, to the extent
    necessary, reestablished until September 30, 2023" (the parser may read "continued" as the
    complement of "is").  A present passive of `CONTINUANCE_VERBS` in a main clause, with
    "until"/"through" and a year; a past ("was continued") or an undated one ("is continued, the
    design of which ...") is left out."""
    if tok.tag_ != "VBN" or tok.lemma_.lower() not in CONTINUANCE_VERBS or modal_of(tok) is not None:
        return False
    if any(c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in tok.children):
        anchor = tok
    elif tok.dep_ == "acomp" and tok.head.lemma_ == "be" and tok.head.tag_ in ("VBZ", "VBP"):
        anchor = tok.head
    else:
        return False
    if anchor.dep_ not in ("ROOT", "conj") or modal_of(anchor) is not None \
            or any(c.dep_ == "mark" for c in anchor.children):
        return False
    verbs = {tok, anchor} | {c for v in (tok, anchor) for c in v.children if c.dep_ == "conj" and c.tag_ == "VBN"}
    return any(p.dep_ == "prep" and p.lower_ in ("until", "through")
               and any(re.fullmatch(r"(19|20)\d\d", t.text) for t in p.subtree)
               for v in verbs for p in v.children)


def _opens_with_hedge(sent: Span, verb: Token) -> bool:
    """Only a hedge stands before `verb`: "Consistent with applicable law, maintain X"."""
    doc = sent.doc
    before = doc_text(doc)[sent.start_char:verb.idx]
    before = LIST_MARKER.sub("", before, count=1)
    m = HEDGE_OPENING.match(before)
    return m is not None and not before[m.end():].strip()


class _ActionCollector:
    """The action verbs of a sentence, each once, in the order found: from each
    head down its intention chain, then its coordinated verbs, means and stray verbs."""

    def __init__(self) -> None:
        self.actions: list[Action] = []
        self.seen: set[int] = set()
        self.positional: set[int] = set()      # verbs found by position only (no subject of their own)
        self.items: list[Token] = []            # verbs that open the items of an enumeration in the sentence

    def add(self, tok: Token, chain: list[Token], head: Token) -> None:
        verb, more = follow_chain(tok)
        if verb.i in self.seen:
            return
        self.seen.add(verb.i)
        self.actions.append((verb, chain + more, head))
        for c in conj_verbs(verb):
            if verb.tag_ == c.tag_ == "VBG" and not _has_conjunction(c):
                continue        # "including ensuring X, using Y": a description of the means, no series
            self.add(c, chain + more, head)
        if verb.i != tok.i:
            for c in conj_verbs(tok):
                self.add(c, chain, head)
        for m in means_verbs(verb):
            self.add(m, chain + more, head)
        # the means hung on a verb of the chain, not on the action: "we will seek to work with
        # partners to develop X, by identifying Y" (the parser hangs "by" on "seek"), "our commitment
        # to promote X including by improving Y" (train: the G7 clean energy economy plan, the APEC
        # Golden Gate declaration, an order on gun violence, the US-Pacific partnership declaration)
        for c in more:
            for m in means_verbs(c):
                self.add(m, chain + more, head)
        for m in stray_verbs(verb):
            self.add(m, chain + more, head)
        for m in marked_gerunds(verb):
            self.add(m, chain + more, head)

    def add_inline_items(self, sent: Span, heads: list[Token]) -> None:
        """The items of an enumeration inside a sentence, each an action of the commitment
        before it: "ADB will continue (i) extending support for energy efficiency; (ii) developing
        railway connectivity; ..." (train: two ADB country operations business plans); "Iceland
        will ensure its fair share by: a) continuing participation in the EU ETS and b) determining
        a target for other emissions" (train: Iceland's NDC).  ANNOTATION.md section 1: each
        lettered or numbered item is one line.  An item counts when it opens with a verb (base
        form or gerund) that has no subject of its own; the commitment is the last action (else
        head) before the first marker, and lends the item its chain and head."""
        firsts = inline_items(sent)
        if not firsts:
            return
        before = [a for a in self.actions if a[0].i < firsts[0].i]
        if before:
            _, chain, head = max(before, key=lambda a: a[0].i)
        else:
            earlier = [h for h in heads if h.i < firsts[0].i]
            if not earlier:
                return
            head = earlier[-1]
            chain = []
        for t in firsts:
            if t.i in self.seen or t.tag_ not in ("VB", "VBG", "VBP") or subject_of(t) is not None \
                    or modal_of(t) is not None or t.lemma_.lower() in MEANS_SKIP or t.dep_ in ("amod", "compound"):
                continue            # "(iii) enhancing skills": read as an adjective, it has no object
            self.add(t, chain, head)
            self.positional.add(t.i)
            self.items.append(t)

    def add_positional(self, sent: Span) -> None:
        """Coordinated verbs the parser did not attach as such: "...; build X; and incorporate Y"."""
        if not self.actions:
            return
        for t in sent:
            if t.i in self.seen or t.tag_ not in ("VB", "VBP") or subject_of(t) is not None or modal_of(t) is not None \
                    or has_to(t) or is_name_not_verb(t) or t.i < min(v.i for v, _, _ in self.actions):
                continue
            prev = t.doc[t.i - 1]
            prev2 = t.doc[t.i - 2] if t.i >= 2 else None
            if (prev.text == ";" or (prev.lower_ == "and" and prev2 is not None and prev2.text in (";", ","))) \
                    and not in_relative_series(t):
                self.add(t, [], t)
                self.positional.add(t.i)


def marked_gerunds(verb: Token) -> list[Token]:
    """Gerunds under a commitment verb that a marker makes further actions of its actor, and the
    gerunds coordinated with them: "strengthen cooperation on securing energy affordability by
    limiting volatility in energy prices and scaling up clean technologies, including developing
    regional interconnectivity" -> limit, scale up, develop (train: the G20 Bali declaration);
    "fill those shortfalls by acquiring additional stockpiles, improving distribution systems, building
    market capacity, or expanding the industrial base" (train: an order on pandemic supply chains);
    "coordinate their diplomacy to raise global ambition, including reaching out to key stakeholders"
    (train: the Quad leaders' statement); "reduce energy costs while increasing energy security"
    (train: an order on clean energy).  ANNOTATION.md section 1: means clauses are commitments of the
    same actor.  `heads.means_verbs` reads the verb's own "by" phrases; this reads the marked gerunds
    deeper in its clause (under its object, a purpose or a hedge), but none inside a relative clause
    or a clause with a subject of its own (those are descriptions, not the actor's undertakings), and
    only a gerund with an object or a complement of its own (a target to show)."""
    doc = verb.doc
    out: list[Token] = []
    for g in doc[verb.i + 1:verb.right_edge.i + 1]:
        if g.tag_ != "VBG" or g.dep_ in ("amod", "compound", "nsubj", "nsubjpass", "pobj", "dobj") \
                or subject_of(g) is not None or g.lemma_.lower() in MEANS_SKIP:
            continue
        if not (_marked(g) or (g.dep_ == "conj" and g.head in out and _has_conjunction(g))
                or _parallel_gerund(g, verb)):
            continue            # "ensuring X, using Y" (no "and"/"or"): a description, not a series
        if not any(c.dep_ in ("dobj", "prep", "prt", "ccomp", "attr") and c.i > g.i for c in g.children):
            continue
        if _inside_other_clause(g, verb):
            continue
        out.append(g)
    if out:
        out.extend(_series_after_semicolon(out[-1], out))
    return out


def _series_after_semicolon(last: Token, found: list[Token]) -> list[Token]:
    """The marked gerunds of a series that goes on after semicolons, where the parser hung them
    elsewhere: "promote Registered Apprenticeships while investing in workers' skills; reducing
    employment barriers; and promoting job quality" (train: an order on apprenticeships); "restore X
    by reducing the threat of wildfires ...; by incorporating indigenous knowledge; and by scaling
    up and optimizing climate-smart reforestation" (train: an order on forests).  Each gerund opens
    a part after ";" (then "and"/"or", a marker), with no subject of its own; the series ends at
    the first part that does not."""
    doc = last.doc
    sent = last.sent
    out: list[Token] = []
    k = last.i + 1
    while k < sent.end:
        semi = next((t.i for t in doc[k:sent.end] if t.text == ";"), None)
        if semi is None:
            break
        j = semi + 1
        while j < sent.end and (doc[j].lower_ in ("and", "or") or doc[j].lower_ in GERUND_MARKERS):
            j += 1
        if j >= sent.end:
            break
        g = doc[j]
        if g.tag_ != "VBG" or subject_of(g) is not None or g.lemma_.lower() in MEANS_SKIP or g in found:
            break
        out.append(g)
        out.extend(c for c in g.children if c.dep_ == "conj" and c.tag_ == "VBG" and subject_of(c) is None)
        k = j + 1
    return out


def _marked(g: Token) -> bool:
    """`g` follows a gerund marker: "by", "while", "including", "including by", "as well as", or
    "through" ("through expanding Y", "including through implementing X"; train: the G7 statement on
    economic resilience, the Quad leaders' Tokyo statement, a city green plan)."""
    doc = g.doc
    prev = doc[g.i - 1] if g.i > 0 else None
    if prev is None:
        return False
    if prev.lower_ == "including" and _lists_contents(prev):
        return False
    if prev.lower_ in GERUND_MARKERS or prev.lower_ in MEANS_PREPOSITIONS:
        return True
    return prev.lower_ == "as" and g.i >= 3 and doc[g.i - 2].lower_ == "well" and doc[g.i - 3].lower_ == "as"


def _lists_contents(including: Token) -> bool:
    """ "oversee all activities of the Council, including setting priorities", "assume the
    responsibilities of the Director, including leading X": "including" after a noun of duties or
    plans (`PLAN_LIST_NOUNS`) lists what that noun holds, a description of the office, not a
    further action (train: the CIO Council charter)."""
    head = including.head
    nouns = [head] if head.pos_ in ("NOUN", "PROPN") else [c for c in head.children if c.dep_ == "dobj"]
    return any(n.lemma_.lower() in PLAN_LIST_NOUNS | {"plan"} for n in nouns)


def _parallel_gerund(g: Token, verb: Token) -> bool:
    """A gerund in the same form as a gerund action, after a comma or "and" inside its object: "Key
    priorities include optimising the use of energy infrastructure, accelerating interconnectivity,
    improving grid planning coordination, and discussing areas of mutual interest" -> accelerate,
    improve, discuss (the parser hung the series on the first object; train: the EU Energy Union
    Task Force page); "committed to combating illegal logging and stopping trade in illegally
    sourced wood" (train: an order on forests).  One line per undertaking (ANNOTATION.md section 1);
    only a series with an "and"/"or" in it."""
    if verb.tag_ != "VBG" or g.dep_ not in ("conj", "acl", "appos", "dep") \
            or (g.head.tag_ == "VBG" and g.dep_ != "conj"):
        return False
    prev = g.doc[g.i - 1]
    if prev.text not in (",", ";") and prev.lower_ not in ("and", "or"):
        return False
    return _has_conjunction(g)


def _has_conjunction(g: Token) -> bool:
    """The series `g` closes or belongs to has an "and"/"or" ("acquiring X, improving Y, or expanding Z")."""
    first = g
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    members = [first] + [t for t in first.subtree if t.dep_ == "conj" and t.tag_ == "VBG"]
    return any(c.dep_ == "cc" for m in members for c in m.children)


def _inside_other_clause(g: Token, verb: Token) -> bool:
    """Between `g` and `verb` up the tree: a relative clause, or a verb with a subject of its own."""
    t = g.head
    for _ in range(12):
        if t.i == verb.i:
            return False
        if t.dep_ in ("relcl",) or (t.pos_ in ("VERB", "AUX") and subject_of(t) is not None):
            return True
        if t.head.i == t.i:
            return True
        t = t.head
    return True


# An item marker inside a sentence: "(i)", "ii)", "(b)", "b)", "(3)" after a space, with the
# first word of its item after it.
INLINE_MARKER = re.compile(r"(?:(?<=\s)|(?<=^))\(?(?:[ivx]{1,4}|[a-h]|\d{1,2})\)\s+(?=[A-Za-z])")


def inline_items(sent: Span) -> list[Token]:
    """The first word of each item of an enumeration inside a sentence ("will continue to focus
    on (i) improving X, (ii) boosting Y, and (iii) strengthening Z"), when there are two items
    or more."""
    firsts = []
    for m in INLINE_MARKER.finditer(sent.text):
        start = sent.start_char + m.end()
        tok = next((t for t in sent if t.idx == start), None)
        if tok is not None:
            firsts.append(tok)
    return firsts if len(firsts) >= 2 else []


def _end_before_items(frames: list[Frame], sent: Span, items: list[Token]) -> list[Frame]:
    """The commitment that an enumeration's items belong to ends before its first marker: "ensure
    its fair share by: a) continuing X and b) determining Y" -> ensure | its fair share; one whose
    object was only the marker ("will continue (i) extending X": "continue" | "i") gives way to its
    items."""
    if not items:
        return frames
    firsts = inline_items(sent)
    marker = next(INLINE_MARKER.finditer(sent.text), None)
    if not firsts or marker is None:
        return frames
    cut, marker_end = sent.start_char + marker.start(), sent.start_char + marker.end()
    doc = sent.doc
    item_ids = {t.i for t in items}
    out = []
    for f in frames:
        if f.verb not in item_ids and f.target_start is not None and cut <= f.target_start < marker_end:
            continue                # "continue | i": the items carry the commitment
        if f.verb not in item_ids and f.target_start is not None and f.target_end is not None \
                and f.target_start <= cut < f.target_end and f.verb < firsts[0].i:
            before = doc_text(doc)[f.target_start:cut]
            text = clean_target(re.sub(r"[\s:;,]*\b(?:by|through|to|on)?[\s:]*$", "", before))
            if not text:
                continue
            f.target_end = f.target_start + len(text)
            f.target_text = text
            f.quantity_text = text
        out.append(f)
    return out


def _second_verb_in_target(sent: Span, frames: list[Frame]) -> list[Frame]:
    """A second verb phrase the tagger read as part of the first verb's object: "We will support
    regional maritime security and uphold international law" (uphold/JJ, a modifier of "law") ->
    support (regional maritime security), uphold (international law).  ANNOTATION.md section 1: one
    line per undertaking.  Only a verb that is never a noun or an adjective before one
    (VERBS_NOT_NOUNS), in its base form, right after "and" or "," inside a clause frame's target and
    followed by words of its own, and not already a frame's verb; not after an infinitive in the
    target, whose verbs it may continue ("a plan to reduce X and improve Y", "help Indonesia meet X
    and reduce Y"), nor after a relative pronoun unless the relative clause's verb agrees with
    another subject ("an office which oversees X and provide Y": the base form is the main
    subject's).  The new frame keeps the first one's actor, strength and group; the first target
    ends before the separator."""
    doc = sent.doc
    verbs = {f.verb for f in frames}
    out: list[Frame] = []
    for f in frames:
        if f.kind not in ("clause", "item_verb") or not f.has_target or f.target_start is None \
                or f.target_end is None:
            out.append(f)
            continue
        toks = [t for t in sent if f.target_start <= t.idx and t.idx + len(t.text) <= f.target_end]
        cuts = []
        for k in range(2, len(toks) - 1):
            t, prev = toks[k], toks[k - 1]
            if t.lower_ not in VERBS_NOT_NOUNS or t.i in verbs or t.text != t.lower_ \
                    or t.tag_ in ("VBG", "VBN", "VBD", "VBZ", "NNS"):
                continue
            if not (prev.lower_ == "and" or prev.text == ",") or toks[k + 1].is_punct \
                    or toks[k + 1].tag_ in ("CC", "IN", "TO"):
                continue
            if any(u.tag_ in ("TO", "VB") for u in toks[:k]):
                break           # "a plan to cut X and improve Y", "help Indonesia meet X and reduce Y"
            rel = [j for j, u in enumerate(toks[:k]) if u.tag_ in ("WDT", "WP") or u.lower_ == "that"]
            if rel and not any(u.tag_ in ("VBZ", "VBD") for u in toks[rel[-1] + 1:k]):
                break           # "institutions that manage X and exchange Y": the relative clause's verbs
            cuts.append(k)
        if not cuts:
            out.append(f)
            continue
        pieces: list[tuple[Token | None, int, int]] = []     # (verb, first token, end token) of each phrase
        begin, verb = 0, None
        for k in cuts:
            pieces.append((verb, begin, k - 1))         # up to the separator (", and" trimmed below)
            begin, verb = k + 1, toks[k]
        pieces.append((verb, begin, len(toks)))
        text = doc_text(doc)
        for verb_tok, lo, hi in pieces:
            chunk = toks[lo:hi]
            while chunk and (chunk[-1].is_punct or chunk[-1].lower_ == "and"):
                chunk = chunk[:-1]
            if not chunk:
                continue
            start, end = chunk[0].idx, chunk[-1].idx + len(chunk[-1].text)
            g = f if verb_tok is None else replace(f, verb=verb_tok.i, action=verb_tok.lower_,
                                                   action_lemma=verb_tok.lower_)
            g.target_start, g.target_end, g.target_text = start, end, text[start:end]
            if verb_tok is not None:
                g.quantity_text = g.target_text
            out.append(g)
    return out


def _in_subject(tok: Token) -> bool:
    """The token is, or lies inside, the subject of a clause ("funding for the quay remains open")."""
    t = tok
    while True:
        if t.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass"):
            return True
        if t.head.i == t.i:
            return False
        t = t.head


# The words that open a series of gerund phrases ("commitment to supporting X; ...", "by increasing X; ...",
# "through: improving X; ...") when the series' first gerund lies inside another verb's object.
_SERIES_OPENERS = frozenset({"to", "by", "through", ":"})


def _semicolon_gerund_series(sent: Span, frames: list[Frame]) -> list[Frame]:
    """A series of gerund phrases set apart by semicolons: "We reaffirm our commitment to supporting
    host towns; strengthening and expanding flood defences; fostering green jobs" -> support, strengthen,
    foster; "remains committed to protecting X; restoring Y; and planting Z"; "by expanding X; protecting
    Y; and preventing Z" (a means series, mostly read before by the gerund-series rules).  The parser hangs the gerunds after the first semicolon on the main
    verb (or on nothing it keeps), so only the first became a record; ANNOTATION.md section 1 gives each
    its own line (train and validation: 14 gold lines whose verb is a gerund right after a semicolon were
    missed, in 8 documents -- joint declarations, an order's policy and means clauses, development bank
    and city plans, a pledge's adaptation list.  This reading pairs 8 more train gold lines, in 4
    documents, 5 of those 14 among them, and adds no false alarm; the rest open with a part that is no
    gerund ("work together on protection of X; decarbonizing Y") or hang the series on a passive's
    preposition ("Priority will be assigned to strengthening X; conducting Y"), which it does not read).

    The series opens with a frame's own gerund, or with a gerund right after "to", "by", "through" or a
    colon inside a frame's object; each later part of the series is a lower-case gerund right after a
    semicolon (and "and"/"or" or an adverb), and the series ends at the first part that is not (a list
    of nouns, "; banks; savings banks", or a clause's subject, "; funding for the quay remains under
    review").  A gerund already a frame's verb adds nothing; a chain verb leads to its action ("working
    to expand X": expand).  Its object runs to the next semicolon; a second gerund joined by "and"/"or"
    ("strengthening and expanding X") shares it.  The new frame keeps the opening frame's actor,
    strength, deadline and group; the opening frame's object ends before the first member's semicolon."""
    doc = sent.doc
    verbs = {f.verb for f in frames}
    text = doc_text(doc)
    out = list(frames)
    for f in frames:
        if f.kind not in ("clause", "item_verb") or not (sent.start <= f.verb < sent.end):
            continue
        first = doc[f.verb] if doc[f.verb].tag_ == "VBG" else None
        if first is None and f.target_start is not None and f.target_end is not None:
            first = next((t for t in sent if f.target_start <= t.idx < f.target_end and t.tag_ == "VBG"
                          and t.i > sent.start and doc[t.i - 1].lower_ in _SERIES_OPENERS), None)
        if first is None:
            continue
        semis = [t.i for t in sent if t.i > first.i and t.text == ";"]
        members: list[Token] = []
        for k, semi in enumerate(semis):
            j = semi + 1
            while j < sent.end and (doc[j].lower_ in ("and", "or") or doc[j].tag_ == "RB"):
                j += 1
            if j >= sent.end or doc[j].tag_ != "VBG" or doc[j].text != doc[j].lower_ or _in_subject(doc[j]):
                break       # the series ends at a part that is no gerund phrase ("; banks; savings banks")
            end = semis[k + 1] if k + 1 < len(semis) else sent.end
            verb_tok, start = doc[j], j + 1
            real, _chain = follow_chain(verb_tok)
            if real.i != j and j < real.i < end and real.tag_ in ("VB", "VBG"):
                verb_tok, start = real, real.i + 1          # "working to expand X": expand
            if start + 1 < end and doc[start].lower_ in ("and", "or") and doc[start + 1].tag_ == "VBG":
                start += 2                          # "strengthening and expanding X": one object
            chunk = [t for t in doc[start:end] if not t.is_space]
            while chunk and (chunk[-1].is_punct or chunk[-1].lower_ in ("and", "or")):
                chunk = chunk[:-1]
            if not chunk or verb_tok.i in verbs:
                continue
            members.append(verb_tok)
            lemma = verb_tok.lemma_.lower()
            g = replace(f, verb=verb_tok.i, action=lemma, action_lemma=lemma)
            g.target_start, g.target_end = chunk[0].idx, chunk[-1].idx + len(chunk[-1].text)
            g.target_text = text[g.target_start:g.target_end]
            g.quantity_text = g.target_text
            out.append(g)
            verbs.add(verb_tok.i)
        if members and f.target_end is not None:
            cut = doc[semis[0]].idx
            if f.target_start is not None and f.target_start < cut < f.target_end:
                f.target_end = cut
                f.target_text = text[f.target_start:cut].rstrip(" ;,")
                f.quantity_text = f.target_text
    return out


def _nominal_means(sent: Span, frames: list[Frame]) -> list[Frame]:
    """A means named by a noun of action after "through"/"by" and "including": "shall develop a
    strategy to promote X, including through the launch of a comprehensive toolkit for partners"
    -> launch | a comprehensive toolkit for partners (train: the PGII memorandum); "shall include
    protocols for communication with families, including through the creation of a designated
    position" -> create; "promote coordination of law enforcement, including, as appropriate,
    through the development and support of Tribal Community Response Plans" -> develop, support
    (train: the order on missing and murdered indigenous people).  ANNOTATION.md section 1: means
    clauses are commitments of the same actor; the noun (`MEANS_NOUNS`) names the action as
    `lists.nominal_series` reads it, and the frame takes the actor, strength and group of the
    commitment it hangs under.  The target is the object after "of", without a relative clause."""
    doc = sent.doc
    out: list[Frame] = []
    seen: set[int] = {f.verb for f in frames}
    for f in frames:
        if f.kind not in ("clause", "item_verb") or not (sent.start <= f.verb < sent.end):
            continue
        verb = doc[f.verb]
        for prep in means_preps(verb):
            if not _after_including(prep):
                continue
            nouns = [o for o in prep.children if o.dep_ == "pobj" and o.lower_ in MEANS_NOUNS]
            nouns += [c for n in nouns for c in n.children if c.dep_ == "conj" and c.lower_ in MEANS_NOUNS]
            of = next((p for n in nouns for p in n.children if p.dep_ == "prep" and p.lower_ == "of"), None)
            obj = next((o for o in of.children if o.dep_ == "pobj"), None) if of is not None else None
            if obj is None:
                continue
            toks = list(doc[obj.left_edge.i:obj.right_edge.i + 1])
            stop = min([t.left_edge.i for t in toks if t.dep_ in ("relcl", "acl") and t.head in toks]
                       + [t.i for t in toks if t.text == ";"] + [obj.right_edge.i + 1])
            toks = [t for t in toks if t.i < stop]
            while toks and toks[-1].is_punct:
                toks = toks[:-1]
            if not toks:
                continue
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            text = clean_target(doc_text(doc)[start:end])
            if not text:
                continue
            for n in nouns:
                if n.i in seen:
                    continue
                seen.add(n.i)
                action = MEANS_NOUNS[n.lower_]
                fr = replace(f, verb=n.i, action=action, action_lemma=action.split(" ")[0],
                             target_start=start, target_end=start + len(text), target_text=text,
                             quantity_text=text, deadline=None, deadline_scope="", lead_action="",
                             optional=False, negated=False)
                out.append(fr)
    return out


def _after_including(prep: Token) -> bool:
    """`prep` follows "including", directly or past a hedge the parser hung elsewhere:
    "including through", "including, as appropriate, through"."""
    if prep.head.lower_ == "including":
        return True
    k = prep.i - 1
    while k >= prep.sent.start and (prep.doc[k].is_punct or prep.doc[k].lower_ in MEANS_HEDGE_WORDS):
        k -= 1
    return k >= prep.sent.start and prep.doc[k].lower_ == "including"


def _token_indices(doc: Doc, deadlines: list[DeadlineMatch]) -> set[int]:
    """The tokens that deadline phrases cover."""
    out: set[int] = set()
    for d in deadlines:
        span = doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def _share_previous_subject(frames: list[Frame], positional: set[int], doc: Doc) -> None:
    """A verb found by its position has no subject of its own: it shares the one before it."""
    for k, f in enumerate(frames):
        if f.actor_kind == "none" and k and (f.verb in positional or doc[f.verb].head.i in positional):
            prev = frames[k - 1]
            f.actor_start, f.actor_end, f.actor_text = prev.actor_start, prev.actor_end, prev.actor_text
            f.actor_kind, f.actor_ent, f.antecedent = prev.actor_kind, prev.actor_ent, prev.antecedent


def _object_after_hedge(sent: Span, frames: list[Frame]) -> None:
    """The object a hedge between commas kept from its verbs: "Monitor and oversee, to the greatest
    extent practicable, the processes and procedures by which agencies validate requirements",
    "take appropriate actions to promote and monitor, with respect to execution of the Act, the
    effective and efficient stewardship of taxpayer resources" (train: an OMB memorandum on FedRAMP,
    an order on the CHIPS Act).  ANNOTATION.md section 3 skips such hedges.  A verb left without a
    target, alone or with the verbs coordinated after it ("and oversee"), then ", <hedge> ," with no
    verb in it, then a noun phrase: each of those verbs takes the noun phrase, up to a comma or ";"."""
    doc = sent.doc
    by_verb = {f.verb: f for f in frames if f.kind in ("clause", "item_verb")}
    for f in frames:
        if f.has_target or f.verb not in by_verb:
            continue
        verbs = [doc[f.verb]]
        k = f.verb + 1
        # "monitor and oversee": the coordinated verbs that share the object
        while k + 1 < sent.end and doc[k].lower_ in ("and", "or") and doc[k + 1].i in by_verb \
                and not by_verb[doc[k + 1].i].has_target:
            verbs.append(doc[k + 1])
            k += 2
        if k >= sent.end or doc[k].text != ",":
            continue
        close = next((t.i for t in doc[k + 1:min(k + 16, sent.end)] if t.text in (",", ";")), None)
        if close is None or doc[close].text != "," or close == k + 1 \
                or any(t.pos_ in ("VERB", "AUX") for t in doc[k + 1:close]):
            continue
        phrase = []
        for t in doc[close + 1:sent.end]:
            if t.text in (",", ";") or t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj"):
                break
            phrase.append(t)
        if not any(t.pos_ in ("NOUN", "PROPN") for t in phrase) \
                or phrase[0].pos_ not in ("DET", "NOUN", "PROPN", "ADJ", "NUM"):
            continue
        start = phrase[0].idx
        text = clean_target(doc_text(doc)[start:phrase[-1].idx + len(phrase[-1].text)])
        if not text:
            continue
        for v in verbs:
            g = by_verb[v.i]
            g.target_start, g.target_end, g.target_text = start, start + len(text), text
            g.quantity_text = text


def _place_names(doc: Doc, start: int, end: int) -> tuple[str, ...]:
    names = []
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC") and ent.start_char >= start and ent.end_char <= end:
            name = ent.text.strip()
            if name not in names:
                names.append(name)
    return tuple(names)


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


def _own_modal_clause(t: Token) -> bool:
    """A verb with its own modal and its own subject (not a relative pronoun): an embedded
    clause that says something of its own ("how the Department will reach X by 2050")."""
    kids = list(t.children)
    return (any(c.dep_ == "aux" and c.lower_ in BINDING_MODALS for c in kids)
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in RELATIVE_PRONOUNS for c in kids))


def _starting_aside(tok: Token) -> bool:
    """ ", starting with X", ", beginning in 2025": a gerund of starting set off by a comma under the verb
    (`MEANS_SKIP` keeps it from being an action of its own)."""
    return tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.lemma_.lower() in ("start", "begin") \
        and tok.i > 0 and tok.doc[tok.i - 1].text == ","


def _time_of_object(tok: Span, verb: Token) -> bool:
    """A time right after the verb's object that the parser hung on the noun: "will bring forward proposals
    in 2020 for ...", "will be publishing a White Paper in 2016 that ..." -- when the object is made or
    done, so the deadline of the undertaking (train gold: two UK plans).  Only "in", and only directly after
    the object's noun: a time inside a description of it ("the targets set in 2015") or that the object is
    for ("establish targets for fiscal year 2030") is no deadline."""
    if tok[0].lower_ != "in" or tok[0].i == 0:
        return False
    obj = tok.doc[tok[0].i - 1]
    return obj.dep_ == "dobj" and obj.head.i == verb.i and tok[0].head.i in (obj.i, verb.i)


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
    same_period = SAME_PERIOD.search(text)
    semicolons = [t for t in sent if t.text == ";"]
    for f in frames:
        own = None
        if f.kind == "item_np":
            cands = [d for d in deadlines if f.target_start is not None and d.start >= f.target_start]
            strong = [d for d in cands if not d.weak]
            own = strong[0] if strong else None
        else:
            v = doc[f.verb]
            # "is continued or ... reestablished until <date>" read as "is" + complement: the clause is "is"'s
            top = v.head if v.dep_ == "acomp" and v.lemma_.lower() in CONTINUANCE_VERBS else v
            chain_times: list[int] = []
            if v.dep_ == "xcomp" and v.head.pos_ in ("VERB", "AUX") and v.head.i not in verbs and v.head.i < v.i:
                # "will need to provide a plan, by September 2015, on X", "aims to cut X, by 2030, in Y": the
                # parser hangs a time set off by a comma after the object on the verb of the chain, which is
                # no record of its own; the time is the action's (train: an agency's service standard)
                chain_times = [t for c in v.head.children if c.dep_ == "prep" and c.i > v.i and doc[c.i - 1].text == ","
                               for t in subtree_range(c)]
            region = set(subtree_range(top)) | set(chain_times)
            for ov in verbs - {f.verb}:
                if ov in region:
                    region.difference_update(subtree_range(doc[ov]))
            # a clause inside this one with its own subject and modal keeps its own time: "shall submit
            # a plan that sets out how the Department will reach net-zero by 2050" is not due in 2050,
            # also where that clause is no record of its own (rules-14 rejects such embedded content)
            for t in list(region):
                if t != v.i and t != top.i and t in region and _own_modal_clause(doc[t]):
                    region.difference_update(subtree_range(doc[t]))
                elif t in region and _starting_aside(doc[t]):
                    # ", starting with 15% in the baseline Fiscal Year 2012-13": where the action starts, no
                    # time it is due by; ", starting in 2025," itself (deadlines.py "start") opens at the gerund
                    region.difference_update(set(subtree_range(doc[t])) - {t})
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
                    if not _time_of_object(tok, v) and (inside_target or head.i not in (v.i,) and head.i not in verbs):
                        continue
                own = d
                break
        if own is None and f.kind == "lead_in":
            strong = [d for d in deadlines if not d.weak]
            own = strong[0] if strong else None
        labelled = [d for d in deadlines if d.label]
        if own is None and len(labelled) == 1 and f.kind != "lead_in":
            # "Undertake a review of X (Start – April 2012; finish – December 2012);": the line's own
            # timetable field, wherever the parser hung it (round 27: a department's open data strategy)
            own = labelled[0]
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

# a closing quotation mark and a reporting verb: '...," said an analyst'
_REPORTED_AFTER_QUOTE = re.compile(r"[,.!?]?[\"”]\s*,?\s+(?:" + "|".join(REPORTED_AFTER_QUOTE) + r")\b")


# a quotation that is itself a duty: "(f) The Initiative shall coordinate with ..."
_QUOTED_DUTY = re.compile(r"\b(?:shall|will|must)\b", re.I)
_AMENDMENT_QUOTE = re.compile(r"[“\"]|``")
_QUOTED_SPAN = re.compile(r"(?:[“\"]|``)[^”\"]*(?:[”\"]|''|$)")


def _quoted_duties_only(sent: Span, frames: list[Frame]) -> list[Frame]:
    """An amending instruction ("(ii) by striking "distinguishes himself" and inserting in lieu thereof
    "distinguish themselves"") undertakes nothing: its own verbs are edits and the words it quotes are
    fragments.  A whole duty it inserts ("... the following new subsection: "(d) The Council members shall
    function as liaisons ..."") is the standing duty of the body it names, and stays."""
    text = sent.text
    doc = sent.doc
    duties: list[tuple[int, int]] = []
    opens = [m for m in _AMENDMENT_QUOTE.finditer(text)]
    for k, m in enumerate(opens):
        end = opens[k + 1].start() if k + 1 < len(opens) else len(text)
        quoted = text[m.end():end]
        if _QUOTED_DUTY.search(quoted):
            duties.append((m.end() + sent.start_char, end + sent.start_char))
    return [f for f in frames if f.action_lemma not in AMENDING_VERBS
            and any(s <= doc[f.verb].idx < e for s, e in duties)]


def _drop_quoted(sent: Span, frames: list[Frame]) -> list[Frame]:
    """An opinion quoted and attributed ("'Coal will remain ...,' said an analyst") is not a commitment."""
    text = sent.text
    quotes = [(m.start(1) + sent.start_char, m.end(1) + sent.start_char) for m in _QUOTE.finditer(text)]
    m = _REPORTED_AFTER_QUOTE.search(text)
    if not quotes and m and not re.search(r"[\"“]", text[:m.start()]):
        quotes = [(sent.start_char, sent.start_char + m.start())]      # the opening mark was at the passage start
    if not quotes:
        return frames
    outside = _QUOTE.sub(" ", text)
    if not REPORTED.search(outside):
        return frames
    doc = sent.doc
    return [f for f in frames if not any(s <= doc[f.verb].idx < e for s, e in quotes)]
