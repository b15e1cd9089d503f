"""From the frames on parsed passages to `Commitment` records.

This is the one place that sees the whole document: it finds the main actor,
resolves "it"/"the city"/agentless passives to it (`ActorResolver`), gives list
items the actor and action of their lead-in (`LeadIns`), recovers a subject the
parser lost (a verb coordinated after one with a subject shares it; "the Secretary,
in consultation with A, B and C, shall ..." names it before its modal; the items
under a sentence that ends in ":" take that sentence's actor, or the names before its
"shall:"), normalises deadlines against the document's date, drops a year that
belongs to a goal in a purpose or an example after the target, and carries "over
the same period" from the previous deadline (`DeadlineCarry`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

from spacy.tokens import Doc

from kb.extract.actors import (clean_actor, expand_abbreviation, full_name, government_of, is_common_thing, is_generic,
                               addressed_duties, is_pronoun, is_thing,
                               issuer_title, main_actor, names_an_initiative, possessive_owner, split_heading,
                               thing_owner)
from kb.extract.deadlines import DeadlineMatch, find_deadlines, normalise_deadline
from kb.extract.frame import Frame
from kb.extract.lexicon import (ACTION_LABEL, ACTOR_NOUNS, CONTAINER_VERBS, DOCUMENT_NOUNS, GOAL_VERBS,
                                MEANS_ITEM_NOMINALS, PLURAL_PRONOUNS, POLICY_VERBS, RELATIVE_PRONOUNS,
                                SET_OFF_OPENERS, SKIP_SUBJECT)
from kb.extract.lists import series_verb
from kb.extract.quantities import best_quantity
from kb.extract.rows import TableRows
from kb.extract.sectors import sector_of
from kb.extract.syntax import base_of_gerund, doc_text
from kb.extract.targets import passive_complement, raised_object, shared_object
from kb.models import Commitment, Deadline, ParsedDocument, Passage, Quantity
from kb.tables import LIST_MARKER, LIST_MARKER_LABEL, ROMAN_NUMERALS


@dataclass
class ParsedPassage:
    passage: Passage
    offset: int          # where this Doc's text starts in ParsedDocument.text
    doc: Doc
    cell_start: int | None = None   # a table row's cell: where the cell starts in the passage's text


def _reference(parsed: ParsedDocument) -> dt.date | None:
    if not parsed.published:
        return None
    try:
        return dt.date.fromisoformat(parsed.published[:10])
    except ValueError:
        return None


# The passages read as a document's top: its title page and letterhead ("New Zealand Government"
# is the sixth passage of a PDF whose first lines are its title in two languages).
_TOP_PASSAGES = 8


# "AgID", "DfT", "DfE": an abbreviation in mixed case, which the recogniser rarely knows (all
# capitals, "ADB", "OMB", it mostly does, and counting those too moved two train documents' main
# actor from the project's agency to the bank that wrote about it)
_ABBREVIATED_NAME = re.compile(r"(?=[A-Za-z]*[a-z])[A-Z][A-Za-z]{0,3}[A-Z][A-Za-z]{0,4}(?<!s)")


def find_main_actor(parsed: ParsedDocument, parts: list[ParsedPassage], nlp=None) -> str:
    """The document's main actor, from its title, its lead and the named subjects of its clauses."""
    first_heading = next((doc_text(p.doc) for p in parts[:8] if p.passage.kind == "heading"), "")
    title = issuer_title(parsed.title or "", first_heading)
    if len(title.split()) > 14 and title.rstrip().endswith((".", "!", "?")):
        title = ""          # a sentence taken for the title (no title found): it names no issuer
    lead = " ".join(doc_text(p.doc) for p in parts[:4])
    subjects: list[str] = []
    entities: list[tuple[str, str]] = []
    title_entities: list[str] = []
    for part in parts:
        # "US$ 8.7 billion", "NZ$ 20 million": a currency, not the country
        names = [e for e in part.doc.ents if e.label_ in ("GPE", "ORG")
                 and not (e.end < len(part.doc) and part.doc[e.end].text.startswith("$"))]
        entities.extend((ent.text, ent.label_) for ent in names)
        for ent in names:
            # a named subject of any clause: "Hechi will ...", "the Federal Government faces ..."
            if ent.root.dep_ in ("nsubj", "nsubjpass") and part.passage.kind != "heading":
                subjects.append(ent.text)
        # "AgID will publish ...", "DfT will ...": an abbreviated name the recogniser does not know is
        # a name all the same (round 20: an Italian agency's plan, labelled into train, gave its main
        # actor to a company the recogniser knew, named half as often)
        if part.passage.kind != "heading":
            for tok in part.doc:
                if tok.dep_ in ("nsubj", "nsubjpass") and tok.ent_type_ not in ("GPE", "ORG") \
                        and _ABBREVIATED_NAME.fullmatch(tok.text) and tok.head.pos_ in ("VERB", "AUX"):
                    subjects.append(tok.text)
                    entities.append((tok.text, "ORG"))
    if title:
        for part in parts:
            if doc_text(part.doc).strip() == title.strip():
                title_entities = [e.text for e in part.doc.ents if e.label_ in ("GPE", "ORG")]
                break
        else:
            if nlp is not None:
                with nlp.select_pipes(enable=[p for p in ("tok2vec", "ner") if p in nlp.pipe_names]):
                    title_doc = nlp(title[:500])
                title_entities = [e.text for e in title_doc.ents if e.label_ in ("GPE", "ORG")]
    text = parsed.text or " ".join(doc_text(p.doc) for p in parts)
    top = [doc_text(p.doc) for p in parts[:_TOP_PASSAGES]]
    we = _speaks_as_we(parts)
    main = main_actor(title, lead, subjects, entities, title_entities, top=top, text=text, speaks_as_we=we)
    main = expand_abbreviation(main, text)
    labels = {t: lab for t, lab in entities}
    if main and labels.get(main) == "GPE" and we:
        # a plan about Scotland written as "we will ...": the Scottish Government speaks
        adjectives = [e.text for part in parts for e in part.doc.ents if e.label_ == "NORP"]
        main = government_of(main, text, adjectives) or main
    return main


def _speaks_as_we(parts: list[ParsedPassage]) -> bool:
    """A text whose commitments are mostly in the first person plural ("we will ...")."""
    we = named = 0
    for part in parts:
        for f in part.doc._.commitment_frames or []:
            if f.actor_kind == "pronoun" and f.actor_text.strip().lower() == "we":
                we += 1
            elif f.actor_kind == "named" and f.actor_ent == "GPE":
                named += 1
    return we >= 3 and we > named


def _previous_marker(text: str) -> str | None:
    """ "(c) ..." -> "b"; "(iii) ..." -> "ii"; "3. ..." -> "2"."""
    m = LIST_MARKER_LABEL.match(text)
    if not m:
        return None
    mark = m.group(1).lower()
    if mark.isdigit():
        return str(int(mark) - 1) if int(mark) > 1 else None
    if mark in ROMAN_NUMERALS and mark not in ("c", "d", "l", "x", "v") or mark in ("ii", "iii", "iv", "vi"):
        k = ROMAN_NUMERALS.index(mark)
        return ROMAN_NUMERALS[k - 1] if k else None
    if len(mark) == 1 and mark > "a":
        return chr(ord(mark) - 1)
    return None


# --- actors ------------------------------------------------------------------

# A list marker the parser took for the subject: "(iv) shall collect ..." -> "iv".
_LIST_MARK_ACTOR = re.compile(r"(?i:[ivxl]{1,5}|[a-z]|\d{1,2})")

# Where a record's actor comes from:
# "named": the sentence names it ("the Department of Energy will ...", "projects which ...");
# "pronoun_resolved": "it"/"they" resolved to a named subject of the sentence, of the passage,
#   or to the last plural actor;
# "lead_in": a list item takes the actor of its lead-in ("Each agency shall: (i) ...");
# "main_actor": the document's main actor, for "the city", "we", agentless passives, imperatives (in a
# memorandum for the heads of departments and agencies, agentless duties and bare requirements take its
# addressees, "agencies": `ActorResolver.unnamed`; inferred all the same).
ActorSource = Literal["named", "pronoun_resolved", "lead_in", "main_actor"]


class ResolvedActor(NamedTuple):
    name: str               # the actor as shown: "Hechi"
    text: str               # the mention as written in the sentence ("the city"); "" when none
    source: ActorSource


# How many passages back "The strategy shall ..." looks for the record that undertook the strategy.
_UNDERTAKEN_REACH = 3

# How far back (characters) "the Academy" looks for the name it was given in full.
_LOOK_BACK = 30_000


class ActorResolver:
    """Who undertakes each frame's commitment, across one document, passage by passage.

    Named subjects stay themselves.  Generic mentions ("the city") and frames
    without an actor take the document's main actor.  "it" takes a named subject
    earlier in its sentence, else the last actor in its passage; "they" the last
    plural named actor; "which"/"that" the noun it hangs on (or, for "the plan,
    which ...", the actor of the clause before).  List items take the actor of
    their lead-in.  A thing as subject ("our ambition", "This strategy", "such
    inflows", a purpose clause, a heading glued to the sentence) is no actor: the
    record takes the last actor of its section (never across a heading), else the
    main actor, and its `source` says so.

    Call `enter` at each passage, `of_lead_in` for its lead-ins, `of_frame` or
    `of_list_item` for its frames, and `remember` after each record.
    """

    def __init__(self, main: str, addressees: str = ""):
        self.main = main
        # who a text's duties with no named actor fall to, where that is not the main actor: "agencies" in a
        # memorandum for the heads of departments and agencies (`addressed_duties`); "" otherwise
        self.unnamed = addressees or main
        self._passage = -1
        self._last_plural = ""                      # the last named actor that is plural
        self._previous: tuple[int, str] | None = None   # (passage, actor) of the last record with a mention
        self._lead_actors: dict[int, str] = {}       # passage index of a lead-in -> its actor
        self._section = 0                             # first passage after the last heading
        self._before = ""                             # the document's text before the current sentence
        self._undertaken: dict[str, tuple[int, str]] = {}   # a word of a record's target -> (passage, actor)

    def enter(self, passage_index: int) -> None:
        self._passage = passage_index

    def read_to(self, text: str, end: int) -> None:
        """Where the sentence about to be resolved starts in the document's `text`: `full_name`
        looks back over the text before it."""
        self._before = text[max(0, end - _LOOK_BACK):end]

    def of_frame(self, f: Frame, sentence_frames: list[Frame]) -> ResolvedActor:
        """The actor of a clause frame, from its mention."""
        text = clean_actor(split_heading(f.actor_text))
        text = re.sub(r"\s+(?:of|for)$", "", text)        # "The City of": a name cut short -> "City"
        if f.actor_kind == "named":
            if is_generic(text):
                return self._main_or(text, f.actor_text)
            if is_thing(text) or not text or (
                    not f.actor_ent and is_common_thing(split_heading(f.actor_text), ACTOR_NOUNS)):
                # "our ambition", "This strategy", a purpose clause: things promise nothing
                return self._thing(f)
            if names_an_initiative(split_heading(f.actor_text), self._before):
                # "CEAH will host a webinar", "This Partnership will strengthen ...": the initiative's owner
                return self._thing(f)
            owner = possessive_owner(text)
            if owner:
                # "their respective agencies", "its staff": the body of whoever "their"/"its" means
                return self._possessed(owner, text, f)
            # "The Task Force will ...": the body named in full before ("the Energy Union Task Force")
            text = full_name(text, split_heading(f.actor_text), self._before)
            self._note_plural(text, f.actor_ent)
            return ResolvedActor(text, f.actor_text, "named")
        if f.actor_kind == "generic":
            return self._main_or(text, f.actor_text)
        if f.actor_kind == "pronoun":
            return self._pronoun(f)
        if f.actor_kind == "relative":
            return self._relative(f, text, sentence_frames)
        return ResolvedActor(self.unnamed, "", "main_actor")

    def of_lead_in(self, passage_index: int, f: Frame, passage_frames: list[Frame],
                   outer: Frame | None, outer_index: int | None) -> str:
        """The actor of a lead-in (kept for its items); a lead-in without one, itself
        an item of an outer lead-in, takes the outer one's."""
        if f.actor_kind == "none" and outer is not None and outer_index in self._lead_actors:
            actor = self._lead_actors[outer_index]
        elif f.actor_kind == "pronoun" and f.actor_text.strip().lower() == "it" and self._previous is not None \
                and self._previous[1] and self._section <= self._previous[0] == self._passage - 1:
            # "(a) The Council shall advise and assist the President." / "In particular, it shall:" /
            # "(i) coordinate ...": a lead-in's "it" is the actor of the passage just before, under the
            # same heading (train: eo-14056; probes: the orders establishing councils and committees)
            actor = self._previous[1]
        elif f.actor_kind == "pronoun" and f.actor_text.strip().lower() in RELATIVE_PRONOUNS and (
                maker := _clause_before(f, passage_frames)) is not None:
            # "The head of each agency shall maintain a record ... that includes: (i) ...", "the Secretary
            # shall submit a report ... on an approach that includes: (i) ...": what the record or report
            # holds is the duty of whoever makes it (the report-content convention of bench/labelled/
            # SOURCES.md; train: eo-14072; round 27's tribal-consultation memorandum)
            actor = self.of_frame(maker, passage_frames).name
        elif f.actor_kind != "none":
            resolved = self.of_frame(f, passage_frames)
            actor = resolved.name
            if resolved.source in ("main_actor", "pronoun_resolved") and f.actor_kind == "named" and outer is not None \
                    and outer_index in self._lead_actors:
                # "(g) The Secretary of Agriculture shall maintain: ... (ii) a National Plant Disease Recovery
                # System (NPDRS) capable of ... The NPDRS shall: (A) ...": a thing's lead-in inside an item is
                # the outer lead-in actor's to carry out, not the last actor named before it (train: NSM-16)
                actor = self._lead_actors[outer_index]
        else:
            actor = self.unnamed
        self._lead_actors[passage_index] = actor
        return actor

    def of_list_item(self, lead: Frame | None, lead_index: int | None) -> ResolvedActor:
        """The actor of a list item without a subject: its lead-in's, else the main actor (or the addressees
        a memorandum lays its unnamed duties on: `unnamed`)."""
        if lead is not None and lead_index in self._lead_actors:
            return ResolvedActor(self._lead_actors[lead_index], lead.actor_text, "lead_in")
        return ResolvedActor(self.unnamed, "", "main_actor")

    def remember(self, actor: str, f: Frame, source: str = "named") -> None:
        """Note a record's actor: a later "it" in the same passage may mean it, and a later "The
        strategy shall ..." means the strategy this record's actor undertook to make (an actor that
        is only the document's main actor, by default, undertook nothing: "The Plan shall be
        updated" names no one, and the plan stays the one who was to issue it)."""
        if actor and f.actor_kind in ("named", "pronoun", "generic") and not (
                f.actor_kind == "named" and actor.split(" ")[-1].lower().endswith("s") and f.actor_ent == ""):
            self._previous = (self._passage, actor)
        if actor and source != "main_actor":
            for word in re.findall(r"[a-z]+", (f.target_text or "").lower()):
                self._undertaken[word] = (self._passage, actor)

    def _thing(self, f: Frame) -> ResolvedActor:
        """A thing as subject ("These reports shall include ..."): its owner when the
        sentence names one ("Agencies' public websites must ..."), else the last actor of
        its passage (whoever the thing belongs to), else the document's main actor."""
        owner = thing_owner(clean_actor(split_heading(f.actor_text)))
        if owner:
            return self._main_or(owner, f.actor_text) if is_generic(owner) else ResolvedActor(owner, f.actor_text,
                                                                                              "named")
        # "The Attorney General shall ... develop a ... law enforcement strategy ... The strategy shall set
        # out a plan ...": the thing is the one a record of the last few passages undertook, and its
        # duties are that actor's (train: eo-14053; nat-au-cyber-security-strategy-2023-shield5 "The program
        # will provide ...")
        head = re.sub(r"s$", "", clean_actor(split_heading(f.actor_text)).split(" ")[-1].lower())
        for noun in (head, head + "s"):
            made = self._undertaken.get(noun)
            if made is not None and self._passage - made[0] <= _UNDERTAKEN_REACH:
                return ResolvedActor(made[1], f.actor_text, "pronoun_resolved")
        if SKIP_SUBJECT.match(f.actor_text.strip()) and f.actor_text.strip().lower().startswith("this "):
            # "This order seeks to recognize X": the document itself speaks for its issuer, not for the
            # subject of the sentence before (constructions.py `_document_aim`); "the memorandum" of an
            # order is the one an earlier duty asked for, whose maker the lines above name
            return ResolvedActor(self.main, f.actor_text, "main_actor")
        if self._previous is not None and self._previous[0] >= self._section and self._previous[1]:
            return ResolvedActor(self._previous[1], f.actor_text, "pronoun_resolved")
        return ResolvedActor(self.main, f.actor_text, "main_actor")

    def undertaker(self, thing: str) -> str:
        """Who undertook the thing an agentless passive is about ("The Harbour Plan shall be updated
        every 4 years": whoever was to issue the plan, named within the last few passages); ""."""
        words = clean_actor(split_heading(thing)).split(" ")
        head = re.sub(r"s$", "", words[-1].lower()) if words and words[-1] else ""
        for noun in (head, head + "s"):
            made = self._undertaken.get(noun) if noun else None
            if made is not None and self._passage - made[0] <= _UNDERTAKEN_REACH:
                return made[1]
        return ""

    def section_break(self) -> None:
        """A heading: what a thing of the next section belongs to is not carried across it."""
        self._section = self._passage + 1

    def _main_or(self, text: str, mention: str) -> ResolvedActor:
        if self.main:
            return ResolvedActor(self.main, mention, "main_actor")
        return ResolvedActor(text, mention, "named")

    def _possessed(self, owner: str, text: str, f: Frame) -> ResolvedActor:
        if owner == "our":
            return self._main_or(text, f.actor_text)
        if owner == "their" and self._last_plural:
            return ResolvedActor(self._last_plural, f.actor_text, "pronoun_resolved")
        if owner == "its" and self._previous is not None and self._previous[0] >= self._section and self._previous[1]:
            return ResolvedActor(self._previous[1], f.actor_text, "pronoun_resolved")
        return ResolvedActor(text, f.actor_text, "named")

    def _note_plural(self, text: str, entity: str) -> None:
        low = text.lower()
        if entity == "" and low.split(" ")[-1].endswith("s"):
            self._last_plural = text
        elif " and " in low:
            self._last_plural = text

    def _pronoun(self, f: Frame) -> ResolvedActor:
        low = f.actor_text.strip().lower()
        if f.antecedent and not is_generic(f.antecedent) and not is_thing(f.antecedent):
            return ResolvedActor(clean_actor(f.antecedent), f.actor_text, "pronoun_resolved")
        if low == "it" and self._previous is not None and self._previous[0] == self._passage and self._previous[1]:
            # "The Department will set targets. It will also publish ...": the last actor in the passage
            return ResolvedActor(self._previous[1], f.actor_text, "pronoun_resolved")
        if low in PLURAL_PRONOUNS and self._last_plural:
            return ResolvedActor(self._last_plural, f.actor_text, "pronoun_resolved")
        return ResolvedActor(self.main, f.actor_text, "main_actor")

    def _relative(self, f: Frame, text: str, sentence_frames: list[Frame]) -> ResolvedActor:
        head = text.split(" ")[-1].lower() if text else ""
        if head in DOCUMENT_NOUNS or is_thing(text):
            # "the plan, which will ...": the plan does nothing; the actor of the clause before does
            for g in sentence_frames:
                if g is not f and g.actor_kind in ("named", "generic") and g.verb < f.verb:
                    return self.of_frame(g, sentence_frames)
            if is_thing(text):
                return self._thing(f)
        return ResolvedActor(text, f.actor_text, "named")


def _clause_before(f: Frame, frames: list[Frame]) -> Frame | None:
    """The clause of `f`'s sentence, before it, whose subject names someone: the maker of the thing
    a relative lead-in ("... a record that includes:") is about."""
    for g in frames:
        if g is not f and g.kind != "lead_in" and g.sent_start == f.sent_start and g.verb < f.verb \
                and g.actor_kind in ("named", "generic"):
            return g
    return None


# --- lead-ins, deadlines -----------------------------------------------------

def _same_kind_of_label(a: str, b: str) -> bool:
    """Both texts open with a list label of one kind: "(f)" and "(e)", "3." and "2." (not "(f)" and a bare
    line, nor "(ii)" and "4.")."""
    la, lb = LIST_MARKER_LABEL.match(a), LIST_MARKER_LABEL.match(b)
    return bool(la and lb) and la.group(1).isdigit() == lb.group(1).isdigit()


class LeadIns:
    """Lead-in frames by passage, and the lead-in each list item falls under.

    A list item's lead-in is its parent passage's, else the nearest one above it
    among list items; "(c)" after other paragraphs takes the lead-in of "(b)"."""

    def __init__(self, first_parts: dict[int, ParsedPassage], order: list[int]):
        self._parts = first_parts
        self._order = order
        self._frames: dict[int, Frame] = {}
        self._item_leads: dict[int, int] = {}       # list item's passage index -> its lead-in's
        self._above: dict[int, Frame | _PeriodAbove | None] = {}    # passage index -> `deadline_above`

    def add(self, index: int, f: Frame) -> None:
        self._frames[index] = f

    def find(self, index: int) -> tuple[Frame | None, int | None]:
        """The lead-in of passage `index` and the passage it is in, or (None, None)."""
        lead, lead_index = self._lookup(index)
        if lead_index is not None:
            self._item_leads[index] = lead_index
        return lead, lead_index

    def _lookup(self, index: int) -> tuple[Frame | None, int | None]:
        p = self._parts[index].passage
        if p.parent_index is not None and p.parent_index in self._frames:
            return self._frames[p.parent_index], p.parent_index
        if not _is_listish(p):
            return None, None
        pos = self._order.index(index)
        # "(c)" after other paragraphs: the lead-in of "(b)", if "(b)" had one
        prev_mark = _previous_marker(p.text)
        if prev_mark and self._item_leads:
            for j in range(pos - 1, max(-1, pos - 12), -1):
                q = self._parts[self._order[j]].passage
                if q.kind == "heading":
                    break
                m = LIST_MARKER_LABEL.match(q.text)
                if m and m.group(1).lower() == prev_mark:
                    if self._order[j] in self._item_leads:
                        li = self._item_leads[self._order[j]]
                        return self._frames[li], li
                    break
        for j in range(pos - 1, max(-1, pos - 40), -1):
            q = self._parts[self._order[j]].passage
            if self._order[j] in self._frames:
                if p.parent_index is not None and q.kind == "list_item" and q.parent_index == p.parent_index \
                        and _same_kind_of_label(p.text, q.text):
                    # "(f)" after "(e) ... shall:" and its own items: a lead-in of the same list is a sibling
                    # (an unnumbered item after "7. Promote X through:" in a PDF is that item's still)
                    return None, None
                return self._frames[self._order[j]], self._order[j]
            if q.kind == "heading" or not _is_listish(q):
                return None, None
        return None, None


    def deadline_above(self, index: int) -> Frame | _PeriodAbove | None:
        """For a list item: the frame with a deadline in the sentence that ends in ":" above
        it, whether or not a lead-in frame was read there ("(b) Within 1 year of the date of
        this order, the Secretary shall work with agencies to: (i) ..."); for any passage, else,
        the time of a heading above it that is only a time (`_time_heading_above`)."""
        if index not in self._above:
            self._above[index] = self._deadline_above(index)
        return self._above[index]

    def _deadline_above(self, index: int) -> Frame | _PeriodAbove | None:
        p = self._parts[index].passage
        if not _is_listish(p):
            return self._time_heading_above(index)
        pos = self._order.index(index)
        cands = [p.parent_index] if p.parent_index is not None and p.parent_index in self._parts else []
        heading = None
        for j in range(pos - 1, max(-1, pos - 40), -1):
            q = self._parts[self._order[j]].passage
            if q.kind == "heading":
                heading = q
                break
            if q.text.rstrip().endswith(":"):
                cands.append(self._order[j])
                break
            if not _is_listish(q):
                break
        for ci in cands:
            doc = self._parts[ci].doc
            text = doc_text(doc).rstrip()
            if not text.endswith(":"):
                continue
            frames = [f for f in (doc._.commitment_frames or []) if f.deadline is not None and not f.deadline.weak
                      and f.sent_end >= len(text) - 1]
            if frames:
                return frames[0]
            period = _stated_period(text)
            if period is not None:
                return period
        # a list right under a heading that is only a time (a numbered line after the section's
        # paragraphs may open the next section: no time reaches it across them)
        return _time_heading(heading.text) if heading is not None else None

    def _time_heading_above(self, index: int) -> _PeriodAbove | None:
        """The time of the heading a passage sits under, when the heading is nothing but a time:
        an implementation plan's timetable ("Within 30 days of the date of issuance of this final
        report:", "By June 2018", "By 2025:") dates every commitment of the paragraphs and lists
        below it, up to the next heading, that states no time of its own -- as a list's lead-in
        that is only a time dates its items (`_stated_period`; ANNOTATION.md 5: a deadline goes
        to the items of its own list, and the paragraphs under such a heading are its list).
        Train: a report to the President whose implementation plan sets its steps out as
        paragraphs under ten headings "Within 30 days of the date of issuance of this final
        report:" ... "Within 365 days ...:" (the only such headings in train and validation; the
        report is dated by its year alone, so its steps stay undated: `DeadlineCarry.of`).  A
        heading with anything beside its time ("2030 targets", "Short-term actions
        (2020-2022)") says what the section is about, not when its steps are due, and dates
        nothing."""
        pos = self._order.index(index)
        for j in range(pos - 1, max(-1, pos - 60), -1):
            q = self._parts[self._order[j]].passage
            if q.kind == "heading":
                return _time_heading(q.text)
            if q.text.rstrip().endswith(":") and not _is_listish(q):
                # the same line read as a paragraph (a text file, a page without type sizes)
                found = _time_heading(q.text)
                if found is not None:
                    return found
        return None


def _time_heading(text: str) -> _PeriodAbove | None:
    """A heading that is only a time, a list mark or a colon beside it ("Within 90 days of the date
    of this plan:", "(a) By 2030"), the time opened by a preposition: a date alone ("December
    2017") heads a report as its date line, not as its timetable."""
    found = find_deadlines(text)
    if len(found) != 1 or found[0].weak or not _TIMETABLE_OPENING.match(found[0].text):
        return None
    rest = text[:found[0].start] + "@" + text[found[0].end:]
    return _PeriodAbove(found[0], whole=True, heading=True) if _TIME_HEADING.fullmatch(rest) else None


class _PeriodAbove(NamedTuple):
    """A deadline stated by a sentence introducing a list that holds no commitment frame of
    its own ("Actions to be implemented for the period 2020 – 2030 are the following:").
    `whole`: the sentence is nothing but its time ("By 2030:", "Within 90 days of the date
    of this report:"), which says when every item is due, an item with a subject of its own
    too.  `heading`: the time heads the section the passage is in (`_time_heading_above`)."""
    deadline: DeadlineMatch
    whole: bool = False
    sentence: str = ""      # the announcing sentence, whose verb a clause item may repeat
    heading: bool = False


# "the following", "as follows", "include", "are": a sentence that announces the items below it
# a plural subject with its verb right before the colon ("Key activities for this year are:",
# "Priority measures for 2021-2025 include:")
_ANNOUNCES_ITEMS = re.compile(r"\b(?:(?:are|is|include|includes|as)\s+(?:the\s+)?(?:following|follows)|"
                              r"following\s+(?:actions|measures|steps|activities|priorities|goals|targets))\b|"
                              # "shall submit the following reports to the President:": a duty whose object is
                              # the items below, which the parser gives no frame of its own
                              r"\b(?:shall|will|must)\s+(?:\w+\s+){0,2}?the\s+following\s+[a-z]+s\b[^:]*:\s*$|"
                              r"\b(?:actions|measures|steps|activities|priorities|deliverables|milestones|tasks)\b"
                              r"[^:]*\b(?:are|include)\s*:\s*$", re.I)


def _stated_period(text: str) -> _PeriodAbove | None:
    """The deadline of a list's announcing sentence that names actions or measures and
    a period or year they are due by, but no commitment frame: its items take it
    (ANNOTATION.md 5: a deadline goes to the items of its own list).  Train: ndc-mex, three
    such sentences ("Actions to be implemented for the period 2020 – 2030 on this topic
    are the following:"); the frame-holding form ("By 2030, the province will: ...") is
    `LeadIns.deadline_above`'s first case.  A sentence that is only a time ("By 2030:",
    "Within 1 year of the date of this order:") is `whole`; one whose verb ends it ("Key
    activities for this year are:") announces too, and a time counted from the document
    ("this year") counts once the document's date is known."""
    sentence = re.split(r"(?<=[.;])\s+", text.strip())[-1]
    found = find_deadlines(sentence)
    if len(found) == 1 and _TIME_ONLY_LEAD.fullmatch(sentence[:found[0].start] + "@" + sentence[found[0].end:]):
        return _PeriodAbove(found[0], whole=True)
    if not _ANNOUNCES_ITEMS.search(sentence):
        return None
    found = [d for d in found if not d.weak and (d.date or _dates_from_document(d))]
    return _PeriodAbove(found[-1], sentence=sentence) if found else None


def _dates_from_document(d: DeadlineMatch) -> bool:
    """ "this year", "within 90 days of the date of this report": a date once the document's own is known."""
    found = normalise_deadline(d.text, dt.date(2000, 1, 1))
    return found is not None and found.date is not None


# A list's lead-in that is only a time and its colon ("By 2030:", "(b) Within 1 year of the date
# of this report:", "In 2024, the following:"); "@" stands for the time phrase.
_TIME_ONLY_LEAD = re.compile(r"\s*(?:\(?[0-9a-z]{1,4}[.)]\s+)?@\s*(?:,\s*(?:the\s+following|as\s+follows))?\s*:\s*",
                             re.I)

# A heading that is only a time, with or without its colon ("Within 30 days of the date of this
# report:", "By June 2018", "(b) By 2025:"); "@" stands for the time phrase (`_time_heading`).
_TIME_HEADING = re.compile(r"\s*(?:\(?[0-9a-z]{1,4}[.)]\s+)?@\s*[:.]?\s*", re.I)
# The words that open a timetable heading's time ("Within ...", "By ...", "No later than ..."): a date
# alone ("December 2017") is a report's date line.
_TIMETABLE_OPENING = re.compile(r"(?:within|by|before|no\s+later\s+than|not\s+later\s+than|in|during|until|"
                                r"through|over)\b", re.I)


def _is_listish(p: Passage) -> bool:
    return p.kind == "list_item" or bool(LIST_MARKER.match(p.text))


class DeadlineCarry:
    """Records' deadlines, normalised against the document's date; "over the same
    period" takes the last dated deadline, a list item its lead-in's."""

    def __init__(self, reference: dt.date | None):
        self.reference = reference
        self.last: Deadline | None = None

    def of(self, f: Frame, lead: Frame | None, above: Frame | None = None) -> Deadline | None:
        """`above`: for a list item, a frame with a deadline in the ":" sentence above it
        (`LeadIns.deadline_above`), used when the lead-in has none."""
        deadline = None
        if f.deadline is not None:
            deadline = normalise_deadline(f.deadline.text, self.reference)
            if deadline is not None and deadline.date is None and f.deadline.weak:
                deadline = None
        if deadline is None and f.deadline_scope == "same_period" and self.last is not None:
            deadline = Deadline(text=self.last.text, date=self.last.date)
        # an item that is a whole clause of its own with no time of its own, doing what its lead-in announced:
        # "(b) Within 1 year of the date of this order, the specified heads of agencies shall submit the
        # following reports: (i) The Secretary of Defense ... shall submit a report on X" (ANNOTATION.md: a
        # list's lead-in deadline goes to its items); an item that does something else keeps no deadline
        own_clause_item = f.kind == "clause" and f.deadline is None and (
            isinstance(above, Frame) and _announces(above, f.action_lemma)
            # the lead-in gave no frame ("... shall submit the following reports to the President:"): its
            # sentence names the verb
            or isinstance(above, _PeriodAbove) and bool(f.action_lemma) and re.search(
                r"\b" + re.escape(f.action_lemma.lower()) + r"\b", above.sentence.lower()) is not None)
        # a line's label the parser took for its subject ("Data collection: Continue to collect X") makes no clause
        labelled_item = f.kind == "clause" and f.actor_text.rstrip().endswith(":")
        if f.kind in ("item_np", "item_verb") or labelled_item \
                or f.actor_kind in ("none", "item") and isinstance(above, _PeriodAbove) \
                or own_clause_item or isinstance(above, _PeriodAbove) and above.whole and lead is None:
            # an item, or an imperative item read as a clause ("ii. Guarantee the safety of X")
            source = lead if lead is not None and lead.deadline is not None else above
            if source is not None and source.deadline is not None and (
                    deadline is None or _relative_beats_year(source.deadline.text, deadline)):
                found = normalise_deadline(source.deadline.text, self.reference)
                if isinstance(source, _PeriodAbove) and source.heading and (found is None or found.date is None):
                    # a section's time counted from a document whose date is unknown ("Within 30 days of
                    # the date of issuance of this final report" in a report dated only by its year) is
                    # left off: the record's confidence reads an undated time it cannot find in the
                    # sentence as doubt, and on train 20 of 41 such records then fell under the floor
                    found = None
                deadline = found or deadline
        if deadline is not None and deadline.date:
            self.last = deadline
        return deadline


def _announces(lead: Frame, lemma: str) -> bool:
    """Does the lead-in above a list name the verb of an item ("shall submit the following reports:" above
    "(i) The Secretary ... shall submit a report on X")?  The lead-in's frame may be its own clause or,
    where the lead-in is itself a lettered item, a noun-phrase item holding the clause as its text."""
    words = f"{lead.action} {lead.lead_action} {lead.target_text}".lower()
    return bool(lemma) and re.search(r"\b" + re.escape(lemma.lower()) + r"\b", words) is not None


def _relative_beats_year(lead_text: str, own: Deadline) -> bool:
    """ "Within 1 year of the date of this order, the Secretary shall: (i) develop a goal to
    restore forests by 2030": the lead-in's deadline counted from the document says when
    the item is due; a bare year in the item describes the goal."""
    return bool(re.search(r"\b(?:days?|weeks?|months?|years?)\s+(?:of|after|from|following)\b", lead_text, re.I)) \
        and bool(re.fullmatch(r"\s*(?:by|in|before|until|through)\s+(?:the\s+end\s+of\s+)?(?:the\s+year\s+)?\d{4}\s*",
                              own.text, re.I))


# --- records -----------------------------------------------------------------

def _action_and_target(f: Frame, part: ParsedPassage, lead: Frame | None) -> tuple[str, str] | None:
    """A frame's action and target; a noun-phrase item takes its lead-in's action
    (None when it has no lead-in or no action)."""
    target = f.target_text.strip()
    if f.kind != "item_np":
        return f.action, target
    if lead is None and part.cell_start is not None and f.verb_guess and f.verb_guess_end is not None and any(
            t.idx + len(t.text) == f.verb_guess_end and t.tag_ in ("VB", "VBP") for t in part.doc):
        # a table cell "Expand rainwater harvesting in X": an instruction, its own verb the action
        return f.verb_guess, target[target.find(" ") + 1:] if " " in target else ""
    if lead is None:
        return None
    opening = target.split(" ", 1)
    if not f.verb_guess and len(opening) == 2 and opening[0][:1].isupper() and opening[0].lower().endswith("ing") \
            and base_of_gerund(opening[0].lower()) in POLICY_VERBS:
        # "Enhancing preparedness and response to climate change induced disasters" under "... include:"
        # or "... through:": the parser read a later participle as the verb, so the line came as a noun
        # phrase, but its own capitalised gerund of a verb of policy is its action, not the lead-in's
        # (round 27: Bhutan's pledge, a PDF whose bullets the reading leaves out)
        return base_of_gerund(opening[0].lower()), opening[1]
    gerund = f.verb_guess and doc_text(part.doc)[f.target_start:f.verb_guess_end].lower().endswith("ing") \
        if f.target_start is not None and f.verb_guess_end is not None else False
    # under "..., including:" an item's own verb ("(iii) publish X") is its action
    own = f.verb_guess_end is not None and any(
        t.idx + len(t.text) == f.verb_guess_end and (t.tag_.startswith("VB") or t.lower_ in POLICY_VERBS)
        for t in part.doc)
    if lead.means and not gerund and not own:
        # "Forest fire risk assessment and management" under "Strengthen resilience ... through:": a noun
        # of action says what the item does; "Organic farming and conservation agriculture" under
        # "Promote climate smart agriculture through:" is promoted
        return _means_item_action(target) or (lead.lead_action, target)
    if lead.lead_action and not gerund and not (own and lead.lead_action.split(" ")[0] in CONTAINER_VERBS):
        return lead.lead_action, target
    if f.verb_guess and f.verb_guess_end is not None:
        # "each agency shall: (i) retrofit heating systems": the item opens with its verb
        return f.verb_guess, target[target.find(" ") + 1:] if " " in target else ""
    return None


# where a noun-phrase item's own words stop naming the thing it acts on: "Vulnerability assessments
# and risk mapping using multi-hazard approaches", "Promotion of X with support from Y"
_MEANS_ITEM_STOP = re.compile(r"\s+(?:using|through|with|for|to|in\s+order|including|such\s+as|as)\s", re.I)


def _means_item_action(target: str) -> tuple[str, str] | None:
    """The action a noun of action names in a noun-phrase item that gives a commitment's means
    (`lists.means_lead`): "Development of climate change scenarios" -> develop, climate change
    scenarios; "Forest fire risk assessment and management" -> assess, the whole line.  None when no
    noun of action names it (the lead-in's verb then applies)."""
    words = re.sub(r"^(?:the|a|an)\s+", "", target, flags=re.I).split(" ")
    if len(words) >= 3 and words[1].lower() == "of":
        verb = _item_nominal(words[0])
        return (verb, " ".join(words[2:])) if verb else None
    # the head of the first conjunct: "Forest fire risk assessment" of "... assessment and management"
    head = re.split(r",|\s(?:and|or)\s", _MEANS_ITEM_STOP.split(target, 1)[0].split(" of ", 1)[0], maxsplit=1)[0]
    last = re.findall(r"[A-Za-z-]+", head)
    verb = _item_nominal(last[-1]) if last else ""
    return (verb, target) if verb else None


def _item_nominal(word: str) -> str:
    return MEANS_ITEM_NOMINALS.get(word.lower()) or series_verb(word)


def _deadline_span(f: Frame) -> tuple[int, int] | None:
    """The characters of the frame's deadline, which no target takes in."""
    return (f.deadline.start, f.deadline.end) if f.deadline is not None else None


def _with_passive_complement(doc: Doc, f: Frame, target: str) -> str:
    """A passive duty whose target is its subject, with the verb's own complement joined on
    (`targets.passive_complement`): "its allocation will be raised to $310 million" ->
    "its allocation to $310 million"."""
    if f.kind != "clause" or not target or f.target_start is None or f.target_start >= doc[f.verb].idx:
        return target
    extra = passive_complement(doc[f.verb], _deadline_span(f))
    return f"{target} {extra}" if extra else target


# "make X available to Y", "make available X", "X will be made publicly available": a thing made available.
# Only "available": train's gold gives "make available" and the thing alone in 42 of its 57 such lines, but
# keeps the state in the target of 5 of its 7 "make X accessible" (round 53).  The adverb is no part of it.
_HOW_MADE = r"(?:(?:publicly|freely|widely|openly|readily|easily|more|fully)\s+)?"
_AVAILABLE_FIRST = re.compile(rf"^{_HOW_MADE}available\s+(?P<thing>\S.*)$", re.I | re.S)
_AVAILABLE_AFTER = re.compile(rf"^(?P<thing>\S.*?)\s+{_HOW_MADE}available\b.*$", re.I | re.S)
_MADE_AVAILABLE = re.compile(rf"^made\s+{_HOW_MADE}available\b", re.I)


def _made_available(doc: Doc, f: Frame, action: str, target: str) -> tuple[str, str]:
    """"make these findings available to the Council" -> ("make available", "these findings"): the
    thing made available is the target, "available" is part of the action, and who receives it is no part
    of either (round 53, train: EO 14005's "make these findings available to the FAR Council", open data
    strategies' "make more free data available for re-use").  The passive ("Data sets will be made
    available to researchers") keeps its subject as target and takes "available" into its action."""
    if action not in ("make", "not make") or f.kind not in ("clause", "item_verb"):
        return action, target
    m = _AVAILABLE_FIRST.match(target) or _AVAILABLE_AFTER.match(target)
    if m:
        thing = m.group("thing").strip(" ,")
    elif f.target_start is not None and f.target_start < doc[f.verb].idx \
            and _MADE_AVAILABLE.match(doc_text(doc)[doc[f.verb].idx:]):
        thing = target
    else:
        return action, target
    return (action + " available", thing) if thing else (action, target)


def _with_shared_object(doc: Doc, f: Frame, target: str) -> str:
    """A clause verb with no target of its own, coordinated before another verb, takes the
    object they share (`targets.shared_object`): "oversee and support agency TIC pilots"; one
    left with only its preposition takes it too (`targets.raised_object`): "listen to and
    partner with the towns" -> "to the towns"."""
    if f.kind not in ("clause", "item_verb"):
        return target
    if target:      # "listen to and partner with X": only the preposition was read
        return raised_object(doc[f.verb], target, _deadline_span(f)) or target
    return shared_object(doc[f.verb], _deadline_span(f)) or target


def _as_written(parsed: ParsedDocument, part: ParsedPassage, f: Frame, target: str) -> str:
    """A table cell's target with the capital the tagger did not see (`rows.for_tagger`)."""
    if f.target_start is None or not parsed.text:
        return target
    pos = part.offset + f.target_start
    written = parsed.text[pos:pos + len(target)]
    return written if written.lower() == target.lower() else target


# a phrase set off before the modal that opens with one of these is not the subject (lexicon.SET_OFF_OPENERS)
_NOT_SUBJECT_OPENERS = re.compile(r"^(?:" + "|".join(SET_OFF_OPENERS) + r")\b", re.I)
_SEGMENT_CUT = re.compile(r"\s*[,;\u2014\u2013]\s*|\s+--?\s+")


def _subject_before_modal(doc: Doc, f: Frame) -> str:
    """ "the Secretary of Commerce, in consultation with A, B, and C, shall provide ...",
    "agencies, as part of their planning, shall take steps ...": a subject the parser lost
    behind a phrase set off by commas.  The names before the modal, once the phrases that
    open with a time, a basis or a helper are set aside; "" when there is none."""
    verb = doc[f.verb]
    if any(c.dep_ == "auxpass" for c in verb.children):
        return ""                  # an agentless passive takes the main actor (ANNOTATION.md 2)
    if f.target_start is not None and f.target_start < verb.idx:
        return ""                  # "the share of X will reach 40%": the subject is the target
    heads = [verb]
    while heads[-1].dep_ == "conj" and heads[-1].head.i < heads[-1].i and len(heads) < 6:
        heads.append(heads[-1].head)
    modal = next((c for h in heads for c in h.children
                  if c.tag_ == "MD" and c.dep_ == "aux" and c.i < h.i and c.i >= verb.sent.start), None)
    if modal is None:
        return ""
    return _names_before_modal(doc_text(doc)[verb.sent.start_char:modal.idx])


# A sentence that ends in its modal and a colon: "X shall:", "X shall promptly:", a modal with hedges set off by a comma ("The Administrator shall, within
# existing appropriations and consistent with applicable law:"; round 53, train: EO 14008's lead-ins, whose items
# went to the main actor), and a modal whose verb's object stands for the items ("The Attorney General, in
# consultation with X, shall take the following actions with respect to the Database established pursuant to
# subsection (a):"; round 53, train: EO 14074): the subject before the modal is the items' actor.  Not any text
# between the modal and the colon: "the steps the government will take to:" has its modal in a relative clause.
_MODAL_COLON = re.compile(
    r"^(?P<before>.*?)\b(?:shall|will|must|are\s+to|is\s+to)(?:\s+\w+ly)?"
    r"(?P<after>\s*,\s*(?:within|consistent|to\s+the\s+extent|as\s+(?:appropriate|practicable|necessary)|"
    r"in\s+(?:coordination|consultation|accordance|collaboration)|subject\s+to|pursuant|where|(?:no|not)\s+later)\b"
    r"[^:;()]*|\s+(?:take|undertake|carry\s+out)\s+the\s+following\s+(?:actions|steps|measures)\b[^.;:]*)?"
    r"\s*:\s*$", re.I | re.S)


# "It is (therefore) the policy of X to": a policy statement before its verb
_POLICY_OF = re.compile(r"\bpolicy\s+of\b", re.I)


def _colon_subject(text: str) -> str:
    """The subject of a sentence that ends in its modal and a colon (`_MODAL_COLON`) when the parser
    read no lead-in actor from it ("(c) To advance innovation and risk mitigation, agency Members of
    the Initiative shall:", "(d) The Director of OPM, in consultation with the Director of OMB, shall
    promptly:"): the names before the modal, as `_subject_before_modal` reads them."""
    m = _MODAL_COLON.match(text.strip())
    if not m or re.search(r"\b(?:that|which|who)\s*$", m.group("before"), re.I):
        return ""       # "a number of actions that will:": the actions' maker, named before
    # "Execution. The Secretary shall:": the last sentence ("the U.S. Trade Representative" is one)
    sentence = re.split(r"(?<=[a-z]{2}[.;])\s+(?=[A-Z(])", m.group("before"))[-1]
    names = _names_before_modal(sentence)
    return "" if is_thing(names) else names


# "NIST's updates to the Test Program": a thing its owner has, not a name that can promise
_POSSESSED_THING = re.compile(r"(?:the\s+)?[\w\-]+(?:\s+[\w\-]+){0,4}?(?:'s|’s)\s+[a-z]")


def _names_before_modal(text: str) -> str:
    """The names in `text` (what stands before a modal), once the phrases that open with a
    time, a basis, a purpose or a helper are set aside; "" when there is none."""
    text = re.sub(r"^\s*\(?[A-Za-z0-9]{1,4}[.)]\s+", "", text)
    if not text.strip() or text.count("(") != text.count(")"):
        return ""
    names: list[str] = []
    for seg in _SEGMENT_CUT.split(text.strip()):
        seg = seg.strip()
        if not seg:
            continue
        bare = re.sub(r"^(?:and|or)\s+", "", seg)
        if _NOT_SUBJECT_OPENERS.match(bare) or re.search(r"\b(?:shall|will|must|should|may)\b", bare):
            if names:
                break               # "X, in consultation with A, B, and C,": the helpers' list is not the subject
            continue
        # a name opens with a capital ("DHS", "EPA", "The Secretary"); a common subject with
        # its determiner ("each agency", "agencies"): the capital is tested without re.I
        if not (re.match(r"(?:the|each|every|all|any|agencies|agency|heads?)\b", bare, re.I) or bare[:1].isupper()) \
                or len(bare.split()) > 14 or _POSSESSED_THING.match(bare):
            if names:
                break
            continue
        if names and not seg.lower().startswith(("and ", "or ")) and not re.match(r"(?:the\s+)?[A-Z]", seg):
            break
        names.append(seg)
    if not names:
        return ""
    name = ", ".join(names)
    # "We will:" names nobody: its "we" is the main actor the lead-in already gave (round 27: a
    # department's strategy whose "We will:" lists came out with "We" as their actor)
    if is_thing(name) or is_generic(name) or is_pronoun(name) or is_common_thing(name, ACTOR_NOUNS):
        return ""
    return name


def _sentence_actor(f: Frame, sentence_frames: list[Frame]) -> Frame | None:
    """ "The Council shall coordinate X; identify Y; and facilitate Z": a verb with no subject
    of its own, coordinated after one with a subject in the same sentence, shares it."""
    for g in sorted(sentence_frames, key=lambda g: -g.verb):
        if g is not f and g.verb < f.verb and g.group == f.group and g.kind == "clause" \
                and g.actor_kind in ("named", "pronoun"):
            return g
    return None


def _colon_parent(by_index: dict[int, list[ParsedPassage]], order: list[int], index: int) -> int | None:
    """For a list item: the passage above its list whose text ends in ":" (its parent, else
    the nearest such passage before the run of list items it is in), or None."""
    p = by_index[index][0].passage
    if not _is_listish(p):
        return None
    if p.parent_index is not None and p.parent_index in by_index:
        q = by_index[p.parent_index][0]
        return p.parent_index if doc_text(q.doc).rstrip().endswith(":") else None
    pos = order.index(index)
    for j in range(pos - 1, max(-1, pos - 40), -1):
        q = by_index[order[j]][0].passage
        if q.kind == "heading":
            return None
        if not _is_listish(q):
            return order[j] if doc_text(by_index[order[j]][-1].doc).rstrip().endswith(":") else None
    return None


# after the target, before a year: a purpose that names a goal of its own ("... to achieve land
# degradation neutrality by 2030") or examples ("... such as the pledge to triple X by 2030")
_GOAL_BETWEEN = re.compile(r"^[\s,]*(?:(?:in\s+order\s+)?to\s+(?:" + "|".join(GOAL_VERBS) + r")\b|such\s+as\b)", re.I)


def _goal_of_purpose(doc: Doc, f: Frame) -> bool:
    """The frame's year deadline stands in a purpose clause or an example after its target,
    and says when that goal is reached, not when the undertaking is due: "We will scale up
    efforts to combat biodiversity loss to achieve land degradation neutrality by 2030"
    (ANNOTATION.md 5: a deadline does not spread to what it is not stated for)."""
    d = f.deadline
    if d is None or f.target_start is None or not f.target_text or d.weak:
        return False
    if not re.fullmatch(r"(?:by|before)\s+(?:the\s+end\s+of\s+)?\d{4}", d.text.strip(), re.I):
        return False
    text = doc_text(doc)
    at = text.find(f.target_text, f.target_start)
    if at < 0 or at > f.target_start + 3:
        return False
    end = at + len(f.target_text)
    return end <= d.start and bool(_GOAL_BETWEEN.match(text[end:d.start]))


def _takes_lead_actor(f: Frame) -> bool:
    """A list item with no subject of its own."""
    return f.kind == "item_np" or f.actor_kind in ("item", "none")


_LEADING_BULLET = re.compile(r"^\s*[\u2022\u25cf\u25e6\u25aa\u25a0\u2023]\s+")


def _sentence_span(parsed: ParsedDocument, part: ParsedPassage, f: Frame) -> tuple[int, int, str]:
    """The frame's sentence in the document: start, end, text (stripped)."""
    off = part.offset
    sent_text = parsed.text[off + f.sent_start:off + f.sent_end] \
        if parsed.text else doc_text(part.doc)[f.sent_start:f.sent_end]
    bullet = _LEADING_BULLET.match(sent_text)   # "• Install X": the item's words, not its bullet
    lstrip = bullet.end() if bullet else len(sent_text) - len(sent_text.lstrip())
    sent_clean = sent_text[lstrip:].strip()
    s_start = off + f.sent_start + lstrip
    return s_start, s_start + len(sent_clean), sent_clean


def _target_span(parsed: ParsedDocument, part: ParsedPassage, f: Frame, target: str) -> tuple[int | None, int | None]:
    """Where the target text is in the document, near the frame's target offset."""
    off = part.offset
    if target and f.target_start is not None:
        pos = parsed.text.find(target, off + f.target_start - 5 if f.target_start >= 5 else off)
        if pos >= 0 and pos <= off + f.sent_end:
            return pos, pos + len(target)
    return None, None


def _flags(f: Frame, deadline: Deadline | None, quantity: Quantity | None, actor_text: str,
           actor_source: str = "named") -> tuple[str, ...]:
    flags = []
    if deadline is None or deadline.date is None:
        flags.append("no_deadline")
    if quantity is None:
        flags.append("no_quantity")
    if not actor_text or f.actor_kind in ("pronoun", "generic", "none", "item") or is_generic(actor_text) \
            or actor_source != "named":
        flags.append("no_named_actor")
    return tuple(flags)


def build_commitments(parsed: ParsedDocument, parts: list[ParsedPassage], version: str, nlp=None) -> list[Commitment]:
    # one entry per passage (chunks of one passage merged in order)
    order: list[int] = []
    by_index: dict[int, list[ParsedPassage]] = {}
    for part in parts:
        if part.passage.index not in by_index:
            order.append(part.passage.index)
        by_index.setdefault(part.passage.index, []).append(part)
    actors = ActorResolver(find_main_actor(parsed, parts, nlp),
                           addressed_duties([doc_text(p.doc) for p in parts[:_TOP_PASSAGES]]))
    lead_ins = LeadIns({i: ps[0] for i, ps in by_index.items()}, order)
    deadlines = DeadlineCarry(_reference(parsed))
    rows = TableRows(parsed.passages, _reference(parsed))
    out: list[Commitment] = []
    seen: set[tuple[int, str, str]] = set()
    # passage index -> the named actor of its last record: the items of a list under a
    # sentence that ends in ":" but yields no lead-in ("X shall prioritize awards, with an
    # emphasis on: (i) ...") are that actor's (ANNOTATION.md 2: an actor carries over to the
    # items of its own list)
    passage_actor: dict[int, str] = {}
    for idx in order:
        actors.enter(idx)
        chunks = by_index[idx]
        lead, lead_idx = lead_ins.find(idx)
        frames = [(c, f) for c in chunks for f in (c.doc._.commitment_frames or [])]
        if chunks[0].passage.kind == "heading":
            actors.section_break()
            if not ACTION_LABEL.match(chunks[0].passage.text):
                continue            # a headline repeats what the text says; a labelled action line does not
        if rows.is_header(idx):
            continue                # "Sector | Action | Timeline": a table's header names columns, it promises nothing
        for c, f in frames:
            if f.kind == "lead_in":
                # the text before the lead-in, where "(NPDRS)" may spell out the thing that "The NPDRS shall:" names
                actors.read_to(parsed.text or "", c.offset + f.sent_start)
                actors.of_lead_in(idx, f, [g for _, g in frames], lead, lead_idx)
                lead_ins.add(idx, f)
        for c, f in frames:
            if f.kind == "lead_in":
                continue
            # "agencies should ...", "This review should: (i) ...": a recommendation, not an
            # undertaking (ANNOTATION.md section 1 lists will/shall/must/is to/aims to ...)
            if f.strength == "advisory" or (lead is not None and lead.strength == "advisory" and _takes_lead_actor(f)):
                continue
            what = _action_and_target(f, c, lead)
            if what is None:
                continue
            action, target = what
            target = _with_passive_complement(c.doc, f, target)
            target = _with_shared_object(c.doc, f, target)
            action, target = _made_available(c.doc, f, action, target)
            if c.cell_start is not None:
                target = _as_written(parsed, c, f, target)
            # a negated duty keeps "not" in its action; the items of "I will not:" are negated
            negated = f.negated or (lead is not None and lead.negated and _takes_lead_actor(f))
            if negated and action and not action.startswith("not "):
                action = "not " + action
            marker = f.actor_text.strip()
            if _takes_lead_actor(f) or (lead is not None and marker != "I" and _LIST_MARK_ACTOR.fullmatch(marker)):
                # "(i) shall hold hearings": the parser took the list marker for the subject
                who = actors.of_list_item(lead, lead_idx)
            else:
                actors.read_to(parsed.text or "", c.offset + f.sent_start)
                who = actors.of_frame(f, [g for cc, g in frames if g.sent_start == f.sent_start and cc is c])
                if who.source == "named" and _LIST_MARK_ACTOR.fullmatch(who.name):
                    who = actors.of_list_item(lead, lead_idx)    # "(iv) shall collect ...": the marker is no actor
            if who.name == actors.unnamed != actors.main and who.source == "main_actor" and _POLICY_OF.search(
                    doc_text(c.doc)[f.sent_start:c.doc[f.verb].idx]):
                # "It is the policy of the United States to V" in a memorandum to every agency: a policy
                # statement is the document's main actor's (ANNOTATION.md 2), not its addressees'
                who = ResolvedActor(actors.main, "", "main_actor")
            lost_subject = f.actor_kind in ("none", "item") or (
                f.actor_kind == "named" and bool(_NOT_SUBJECT_OPENERS.match(f.actor_text.strip())))
            if who.source == "main_actor" and lead is None and lost_subject and f.kind in ("clause", "item_verb"):
                # a verb whose subject the parser lost: the subject of its coordination, else the
                # names before its modal
                same = [g for cc, g in frames if g.sent_start == f.sent_start and cc is c]
                partner = _sentence_actor(f, same)
                if partner is not None:
                    who = actors.of_frame(partner, same)
                else:
                    lost = _subject_before_modal(c.doc, f)
                    if lost:
                        who = ResolvedActor(clean_actor(lost), lost, "named")
            if who.source == "main_actor" and lead is None and f.actor_kind == "none" and f.target_start is not None \
                    and f.target_start < c.doc[f.verb].idx and is_thing(f.target_text):
                # "The Military-Connected Plan shall be updated every 4 years": an agentless passive
                # about a thing a record just undertook is that record actor's to do (train:
                # eo-14053 "The strategy shall ...", validation: eo-14100)
                owner = actors.undertaker(f.target_text)
                if owner:
                    who = ResolvedActor(owner, "", "pronoun_resolved")
            if who.source == "main_actor" and lead is None and _takes_lead_actor(f):
                above = _colon_parent(by_index, order, idx)
                if above is not None and above in passage_actor:
                    who = ResolvedActor(passage_actor[above], "", "lead_in")
            if who.name in (actors.main, actors.unnamed) and who.source in ("main_actor", "lead_in") and _takes_lead_actor(f):
                # items under "X, in consultation with Y, shall:" whose lead-in gave no actor
                above = _colon_parent(by_index, order, idx)
                named = _colon_subject(doc_text(by_index[above][-1].doc)) if above is not None else ""
                if named:
                    who = ResolvedActor(clean_actor(named), named, "lead_in")
            if not action:
                continue
            deadline = deadlines.of(f, lead, lead_ins.deadline_above(idx))
            if deadline is not None and _goal_of_purpose(c.doc, f):
                deadline = None
            if deadline is None and c.cell_start is not None:
                # "Health | Strengthen X | 2030": the row's date cell, or its "Timeline" column
                deadline = rows.deadline(idx, c.cell_start)
            s_start, s_end, sentence = _sentence_span(parsed, c, f)
            key = (s_start, action, target)
            if key in seen:
                continue
            seen.add(key)
            t_start, t_end = _target_span(parsed, c, f, target)
            quantity = best_quantity(f.quantity_text or target)
            out.append(Commitment(
                actor=who.name or "",
                actor_text=(who.text or "").strip(),
                action=action,
                target=target,
                sentence=sentence,
                sentence_start=s_start,
                sentence_end=s_end,
                passage_index=idx,
                deadline=deadline,
                quantity=quantity,
                strength=f.strength,
                negated=negated,
                sector=sector_of(f"{action} {target}"),
                places=f.places,
                flags=_flags(f, deadline, quantity, who.text, who.source),
                page=chunks[0].passage.page,
                extractor_version=version,
                target_start=t_start,
                target_end=t_end,
                actor_source=who.source,
            ))
            actors.remember(who.name, f, who.source)
            if who.source in ("named", "pronoun_resolved") and who.name:
                passage_actor[idx] = who.name
    return out
