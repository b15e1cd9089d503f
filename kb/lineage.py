"""Lineage of commitments across documents: revocations, and what later texts did to a promise.

Two parts.  The first (revocations) reads sentences by which one order revokes, rescinds,
supersedes or amends another.  The second (`find_links`, below) links a commitment to its
counterparts in later documents of the same actor entity — restated, raised or lowered (figures
compared in one unit), deadline moved, dropped (absent from a newer version of the same text,
kb/versions.py) — and to later sentences reporting progress on it, each link with its evidence
sentence and a confidence.  A list item whose actor the extractor assumed takes the actor its list's
lead-in names (`lead_in_of`); a progress sentence giving a figure in the unit of the promise's may say
less of the promise than one without.  An amending order that quotes the new wording of the earlier order's text
(`quoted_amendments`) links each quoted commitment to the earlier one of the same section and subject, whatever
the entities say (`_quoted_links`); without such a quotation, a pair of an amending and an amended order is called
raised, lowered or deadline moved only when it is the same verb with its other words as alike as a restatement's
(`same_object`, CHANGED_SIM).  Editions of one rolling plan for successive periods (`plan_series`: same heading,
title and period line, "Bangladesh 2011–2013" then "Bangladesh 2013–2015") count as a later edition replacing the
earlier one: their items pair even when the extractor assumed the actor, and a revised figure or period is found at
SERIES_SIM; figures the extractor did not keep are read from the sentence's one sum of money (`figure_of`), and
totals over periods of different length are not compared (`span_years`).  A pledge whose heading says it updates
the designation another pledge of the same author gives in its heading ("Update of the Nationally Determined
Contribution of Iceland", "Iceland's Intended Nationally Determined Contribution") is a new edition of it too
(`pledge_updates`), placed after it when no date says so (`in_update_order`).  kb/store_lineage.py stores them;
bench/eval_lineage.py --cross and --tuning measure them.

Why: an order revoked by a later one in the same knowledge base would otherwise
show its commitments as open or overdue.  `find_revocations` reads a document's
text for statements such as "Executive Order 14042 ... is hereby revoked" and
returns, for each order number it names as the object, the relation and the
sentence (with offsets, so pages can show and link the evidence).
`order_number` says which order a document is, from its title or opening text.
The store links every commitment of the revoked document to that sentence.

Only the order a sentence acts on is taken: in "Section 1-102 of Executive Order
12898, as amended by section 220(a) of Executive Order 14008, is amended", 12898
is amended and 14008 is not.  "Section 2 of Executive Order ..." marks the
relation as partial (some sections only) and keeps the section numbers it names ("Sections 1 and 3 of
Executive Order X are revoked" -> sections ("1", "3")), so that a later order's changed figures are compared
only with the promises of the sections it rewrote or revoked (`amendments`, `section_of`).

A revocation may list its objects: "Executive Orders X and Y are revoked", "Executive Order X of <date>;
Presidential Memorandum of <date> (...); and Executive Order Y ... are revoked" (a `;`-series whose last
item opens with "and"), "Section 4 of Executive Order X and section 2 of Executive Order Y are revoked";
other instruments in the list (memoranda, proclamations) are skipped, each order named is revoked, and so
are the orders listed one a line after "The following orders are hereby revoked:".
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import AbstractSet, Iterable, Mapping, Sequence

import numpy as np
import Stemmer

from kb.models import Commitment, Quantity

RELATIONS = ("revoked", "rescinded", "superseded", "amended")

_EO = re.compile(r"Executive Orders?\s+((?:\d{4,5}(?:,?\s+(?:and\s+)?)?)+)")
_NUM = re.compile(r"\d{4,5}")
# "... is hereby revoked", "are revoked", "is superseded", "which is hereby revoked", "is amended"
_PASSIVE = re.compile(r"\b(?:is|are)\s+(?:hereby\s+|further\s+)?(revoked|rescinded|superseded|amended)\b")
# "I hereby revoke Executive Order ...", "This order supersedes Executive Order ...", "The following ... are revoked: ..."
_ACTIVE = re.compile(r"\b(?:hereby\s+(revoke|rescind)|(supersedes)|following\s+[\w ]{0,40}?(?:are|is)\s+(revoked|rescinded)\s*:)")
_MODIFIER = re.compile(r"(?:(?:as\s+)?(?:further\s+)?amended\s+by|amending|revoking|superseding|exemption\s+from)\s+"
                       r"(?:sections?\s+[\w().-]+\s+of\s+)?$", re.I)
_PARTIAL = re.compile(r"\b(?:sections?|subsections?|paragraphs?|the first sentence)\b[^.;]{0,60}?\bof\s+$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z(])|\n+")


@dataclass(frozen=True)
class Revocation:
    """One order a sentence revokes (or rescinds, supersedes, amends)."""

    order_number: str
    relation: str          # one of RELATIONS
    partial: bool          # only some sections of the order
    sentence: str
    start: int             # offsets of the sentence in the text
    end: int
    sections: tuple[str, ...] = ()   # the sections named when partial ("1", "3"); () when whole or not said


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of a text, split at sentence ends and line breaks."""
    out = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text)))
    return out


def find_revocations(text: str) -> list[Revocation]:
    """Every order number a sentence of `text` revokes, rescinds, supersedes or amends, in text order."""
    found: list[Revocation] = []
    listed: str | None = None       # "The following are hereby revoked:": the relation of the items that follow
    for start, end in sentences(text):
        sentence = " ".join(text[start:end].split())      # runs of spaces and tabs read as one
        if listed and _LIST_ITEM.match(sentence) and not _CLAUSE_VERB.search(_strip_parentheses(sentence)):
            for number, _r, partial, sections in _objects("hereby revoke " + sentence):
                found.append(Revocation(number, listed, partial, sentence.strip(), start, end, sections))
            continue
        lead = _LIST_LEAD.search(sentence)
        verb = next((g for g in lead.groups() if g), None) if lead else None
        listed = {"revoke": "revoked", "rescind": "rescinded"}.get(verb, verb) if verb else None
        if "Executive Order" not in sentence:
            continue
        for number, relation, partial, sections in _objects(sentence):
            found.append(Revocation(number, relation, partial, sentence.strip(), start, end, sections))
    return found


# "The following orders are hereby revoked:" followed by the orders, one an item
_LIST_LEAD = re.compile(r"\b(?:following\s+[\w ]{0,40}?(?:are|is)\s+(?:hereby\s+)?(revoked|rescinded|superseded)"
                        r"|hereby\s+(revoke|rescind)\s+the\s+following\s+[\w ]{0,40}?)\s*:\s*$")
_LIST_ITEM = re.compile(r"\s*(?:\(?[a-zA-Z0-9]{1,4}[.)]\s*|[-•*]\s*)?(?:(?:sub)?sections?\s+[\w().-]+\s+of\s+)?"
                        r"(?:Executive Orders?|(?:the\s+)?Presidential\s+Memorand|(?:the\s+)?Memorand|Proclamation)", re.I)


_SECTION_NUMBERS = re.compile(r"\b(?:sub)?sections?\s+((?:[\w().-]+?(?:,\s*|\s+(?:and|or)\s+|,\s+and\s+))*[\w().-]+?)\s+of\s+$",
                              re.I)


def _sections_named(before: str) -> tuple[str, ...]:
    """The section numbers just before "of Executive Order X": "Sections 1 and 3 of " -> ("1", "3");
    "section 4(b) of " -> ("4",) (the section a subsection belongs to)."""
    m = _SECTION_NUMBERS.search(before)
    if not m:
        return ()
    out = []
    for part in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", m.group(1)):
        n = re.match(r"\d+(?:-\d+)?", part.strip())
        if n and n.group(0) not in out:
            out.append(n.group(0))
    return tuple(out)


_CLAUSE_VERB = re.compile(r"\b(?:shall|will|must|may|is|are|was|were|has|have|remains?)\b")


def _series_subject(subject: str) -> list[str]:
    """The items of a `;`-series before the verb: "X of <date>; Presidential Memorandum of <date>; and Y" ->
    the three items; without a series ("Section 3 shall ...; Executive Order X is revoked") the last clause."""
    parts = subject.split(";")
    items = [parts[-1]]
    if len(parts) > 1 and re.match(r"\s*(?:and|or)\b", parts[-1]):
        for part in reversed(parts[:-1]):
            if _CLAUSE_VERB.search(_strip_parentheses(part)):
                break   # a clause, not an item of the list
            items.insert(0, part)
    return items


def _objects(sentence: str) -> list[tuple[str, str, bool, tuple[str, ...]]]:
    out: list[tuple[str, str, bool, tuple[str, ...]]] = []
    seen: set[str] = set()

    def add(region: str, relation: str, subject: bool) -> None:
        for m in _EO.finditer(region):
            before = region[:m.start()]
            if _MODIFIER.search(before[-80:]):
                continue
            if subject and not _only_fillers(region[m.end():]):
                continue  # "... Executive Order 14003, Civil Service Rule VI is amended": the order is not the subject
            partial = bool(_PARTIAL.search(before[-80:]))
            sections = _sections_named(before[-80:]) if partial else ()
            for n in _NUM.findall(m.group(1)):
                if n not in seen:
                    seen.add(n)
                    out.append((n, relation, partial, sections))

    passive = _PASSIVE.search(sentence)
    if passive:
        subject = sentence[:passive.start()]
        # "This order supersedes Executive Order X ..., which is hereby revoked": the subject is after "supersedes";
        # "Executive Order X of <date>; Presidential Memorandum ...; and Executive Order Y are revoked": each item
        for item in _series_subject(subject):
            add(_strip_parentheses(item), passive.group(1), subject=True)
    active = _ACTIVE.search(sentence)
    if active:
        verb = next(g for g in active.groups() if g)
        relation = {"revoke": "revoked", "rescind": "rescinded", "supersedes": "superseded"}.get(verb, verb)
        obj = _strip_parentheses(sentence[active.end():])
        add(obj, relation, subject=False)
        if relation == "superseded" and passive and passive.group(1) in ("revoked", "rescinded"):
            # "supersedes EO X ..., which is hereby revoked": X is revoked
            out[:] = [(n, passive.group(1), p, sec) for n, _r, p, sec in out]
    return out


# What may stand between an order and the verb of which it is the subject: more orders, their dates, sections of
# them, other instruments listed with them ("and the Presidential Memorandum of June 2, 2003, are revoked")
_FILLERS = re.compile(r"(?:as\s+)?(?:further\s+)?amended\s+by\s+(?:sections?\s+[\w().-]+\s+of\s+)?Executive Orders?\s+[\d, and]+"
                      r"|Executive Orders?\s+[\d, and]+|of\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}|as amended|in its entirety"
                      r"|(?:sub)?sections?\s+[\w().-]+(?:(?:,|\s+and|,\s+and)\s+[\w().-]+)*\s+of\b"
                      r"|(?:Presidential\s+)?(?:Memorand(?:um|a)|Proclamations?|Directives?|Policy\s+Directives?)"
                      r"(?:\s+(?:No\.\s*)?[\w-]*\d[\w-]*)?"
                      r"|including the amendments[^,]*|\band\b|\bthe\b|[,;]")


def _only_fillers(tail: str) -> bool:
    """Whether the text between an order and the verb holds nothing but more orders, dates and commas."""
    return len(_FILLERS.sub(" ", tail).split()) <= 1


def _strip_parentheses(s: str) -> str:
    """The text without parenthesised titles ("(Amending Executive Order 13803—...)") that name other orders."""
    prev = None
    while prev != s:
        prev = s
        s = re.sub(r"\([^()]*\)", "", s)
    return s


def order_number(title: str, text: str) -> str | None:
    """The executive order number a document is, from its title or the first lines of its text."""
    for source in (title, text[:400]):
        m = re.search(r"Executive Order (?:No\.\s*)?(\d{4,5})\b", source)
        if m:
            return m.group(1)
    return None


# ================================================================================================
# Lineage across documents: one commitment and its counterparts in later documents of its actor
# ================================================================================================
#
# Why text features: kb sits below the indexer (import-linter), so it cannot ask the embedding
# model; a TF-IDF cosine over the content words of action + target, with the IDF taken over every
# commitment of the knowledge base, is enough to pair "deploy 500,000 chargers" with "deploy
# 1,000,000 chargers" and keeps generic targets ("a report") from pairing: a pair must share at
# least MIN_SHARED of IDF mass (a few rare words), not only be similar.  Callers above kb that hold
# embeddings may pass them in (`vectors`) and they replace the TF-IDF cosine.
#
# Candidates are commitments of the same actor entity in different documents; for each older
# commitment and each later document only the mutual best pair is kept.  Two versions of one text
# (kb/versions.py) are compared sentence by sentence instead (`diff_commitments`), which also says
# what a newer version dropped.

CROSS_RELATIONS = ("restated", "raised", "lowered", "deadline_moved", "dropped", "progress_reported")
ALL_RELATIONS = RELATIONS + CROSS_RELATIONS

MIN_SIM = 0.55          # cosine of two commitments' content words for any pair relation
RESTATED_SIM = 0.8      # ... to call a pair with the same figures and deadline a restatement
CHANGED_SIM = 0.8       # ... to call a pair of an amending order and the order it amends raised, lowered or deadline
                        # moved when the amending order does not quote the new wording (`same_object`): set on
                        # bench/lineage/tuning_cross.jsonl, where pairs of different goals of amended orders reach
                        # 0.55-0.6 and a changed goal keeps its other words (1.0)
SERIES_SIM = MIN_SIM    # ... between two editions of one plan (`plan_series`), same verb: in the ADB business plans of
                        # bench/lineage/tuning_versions.jsonl a revised allocation or program pairs with its earlier
                        # figure at 0.72-1.0, while different items with the same verb reach 0.50 (the OCR and the ADF
                        # allocation, kept apart by the mutual best pair) and "rename ..." items 0.44
MIN_SHARED = 1.0        # summed IDF of the words both share, in units of the rarest word's IDF (one rare word,
                        # or several common ones; 1.0 is about 9 on the 5,500 commitments of the 160 orders)
QUOTED_SIM = 0.55        # ... for a commitment and the new wording an amending order quotes for it (same section, same subject)
PROGRESS_SIM = 0.6      # share of a commitment's words (IDF-weighted) that a progress sentence covers
PROGRESS_ASSUMED = 0.8  # ... when the extractor assumed the actor (the sentence cannot be checked for it)
PROGRESS_FIGURE = 0.3   # ... when the sentence gives a figure in the unit of the promise's ("has trained 350 new
                        # researchers" for "a pilot program ..., with the goal of training 500 new researchers"): the
                        # figure says which promise, so the report may leave out the promise's other words
MIN_WORDS = 3           # content words of action + target, each side, for a pair across documents
BOILERPLATE_DOCS = 3    # the same words in this many documents: boilerplate, not a promise restated
# actors the extractor assumed (the document's main actor, unrecorded): no basis for pairing across documents, except
# between editions of one plan (`plan_series`), whose items are all the plan author's
ASSUMED_ACTORS = ("main_actor", "unknown")

_STOP = frozenset(
    "a an the of to and or for in on by with at from as be is are was were been being that this these those its"
    " their his her our such any all other each shall will may must not into under within than more less most"
    " which who whom whose it they them we us he she also there where when while through throughout including"
    " include includes appropriate consistent applicable law order executive section sec subsection purpose"
    " new take make ensure develop provide least one two three four five six seven eight nine ten eleven twelve"
    " twenty thirty forty fifty hundred thousand million billion percent"
    # hedges on a figure ("is about $7.4 million", "approximately 40 percent"): the figure is compared, not the hedge
    " about approximately roughly nearly around".split())
_TOKEN = re.compile(r"[A-Za-z][A-Za-z\-]+")
_PROGRESS = re.compile(
    r"\b(?:has|have|had)\s+(?:already\s+|now\s+|successfully\s+|so\s+far\s+)?(?:been\s+)?"
    r"(reached|achieved|met|exceeded|surpassed|completed|fulfilled|delivered|installed|built|deployed|"
    r"conserved|protected|trained|hired|awarded|planted|retired|restored|finished|done|identified|established|"
    r"issued|published|submitted|launched|engaged|opened|adopted|implemented)\b"
    r"|\b(?:so far|to date|on track to|halfway to)\b|\bpercent of (?:the|its|our|this) (?:target|goal)\b", re.I)
_OBLIGES = re.compile(r"\b(?:shall|will|must|should|may|until|after|when|if)\b", re.I)
_RELATIVE = re.compile(r"\b(?:that|which|who|whom)\s+(?:\w+ly\s+)?$", re.I)
_REACHED = frozenset(("reached", "achieved", "met", "exceeded", "surpassed", "completed", "fulfilled", "finished"))


_STEMMER = Stemmer.Stemmer("english")


def content_words(text: str) -> list[str]:
    """Lower-case content words of a text, stemmed by Snowball ("has established" meets "establish",
    "stations" meets "station"), figures and function words left out."""
    return _STEMMER.stemWords([w for w in _TOKEN.findall(text.lower()) if w not in _STOP and len(w) >= 3])


# words every office has: an actor is recognised in a progress sentence by its other words ("Permitting", "Energy")
_GENERIC_ACTOR = frozenset(content_words(
    "secretary department director office administrator agency agencies head heads national federal government"
    " united states council board committee chair president deputy assistant general"))


def idf_table(texts: Iterable[str]) -> dict[str, float]:
    """Inverse document frequency of each content word over `texts` (each text one 'document')."""
    df: Counter[str] = Counter()
    n = 0
    for t in texts:
        n += 1
        df.update(set(content_words(t)))
    return {w: math.log((1 + n) / (1 + k)) + 1.0 for w, k in df.items()}


def _matrix(texts: Sequence[str], idf: Mapping[str, float]) -> tuple[np.ndarray, list[set[str]]]:
    """Row-normalised TF-IDF vectors of `texts` over their own vocabulary, and each text's word set."""
    bags = [Counter(content_words(t)) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for b in bags for w in b}))}
    m = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    default = max(idf.values(), default=1.0)
    for r, bag in enumerate(bags):
        for w, k in bag.items():
            m[r, vocab[w]] = (1 + math.log(k)) * idf.get(w, default)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms, [set(b) for b in bags]


def shared_mass(a: set[str], b: set[str], idf: Mapping[str, float]) -> float:
    """The IDF the two word sets share, over the largest IDF (the rarest word counts 1)."""
    top = max(idf.values(), default=1.0)
    return sum(idf.get(w, top) for w in a & b) / top


@dataclass(frozen=True)
class Item:
    """A commitment as lineage compares it: its document and the actor entities (or names) it belongs to."""

    id: int
    document_id: int
    groups: tuple[str, ...]      # entity keys the actor was linked to; a pair must share one
    commitment: Commitment
    lead_in: str = ""            # when the extractor assumed the actor: the list's lead-in that names it (`lead_in_of`)

    @property
    def text(self) -> str:
        return f"{self.commitment.action} {self.commitment.target}"


@dataclass(frozen=True)
class Doc:
    """What lineage needs of a document: its place in time (older before newer) and its text."""

    id: int
    order: tuple[str, int]       # (publication date or '', id): sorts older first
    text: str = ""
    title: str = ""


_CHANGES = re.compile(r"\b(?:amend|amends|amended|replaces?|replaced|supersedes?|superseded|updates?|updated|revises?|"
                      r"revised|revokes?|revoked)\b")


def amendments(docs: Mapping[int, Doc]) -> set[tuple[int, int]]:
    """(amending, amended) pairs: a sentence of the first amends, supersedes or revokes the second (by number)."""
    return set(amendment_scope(docs))


_SEC_HEADING = re.compile(r"(?m)^[ \t#*]*(?:Sec\.|Section)\s+(\d+)\b")


def section_of(text: str, start: int) -> str | None:
    """The number of the section ("Sec. 3." / "Section 3.") a position of an order's text lies in, or None."""
    last = None
    for m in _SEC_HEADING.finditer(text, 0, start + 1):
        last = m.group(1)
    return last


def amendment_scope(docs: Mapping[int, Doc]) -> dict[tuple[int, int], frozenset[str] | None]:
    """(amending, amended) pairs with the sections of the amended order the amending one acts on: None when
    it acts on the whole order (or a part it does not number: "the first sentence of"), else the sections
    named ("Sections 1 and 3 of Executive Order X are revoked" -> {"1", "3"}); a plan that "updates" another
    acts on the whole."""
    by_number: dict[str, int] = {}
    for i, d in sorted(docs.items()):
        n = order_number(d.title, d.text)
        if n:
            by_number.setdefault(n, i)
    out: dict[tuple[int, int], frozenset[str] | None] = {}
    for i, d in docs.items():
        for rv in find_revocations(d.text):
            j = by_number.get(rv.order_number)
            if j is not None and j != i:
                known = out.get((i, j), frozenset())
                if rv.partial and rv.sections and known is not None:
                    out[(i, j)] = known | frozenset(rv.sections)
                else:
                    out[(i, j)] = None
        # a plan that names the plan it "updates", "replaces" or "revises" just before its title
        low = d.text.lower()
        for j, other in docs.items():
            t = other.title.lower()
            if j == i or len(t.split()) < 4 or t not in low:
                continue
            for m in re.finditer(re.escape(t), low):
                if _CHANGES.search(low[max(0, m.start() - 150):m.start()]):   # "This plan updates the ..."
                    out[(i, j)] = None
                    break
    return out


def citations(docs: Mapping[int, Doc]) -> set[tuple[int, int]]:
    """(citing, cited) pairs of documents: the citing text names the other's order number ("Executive
    Order 14008") or its whole title (four words or more), as a later plan names the plan it updates."""
    out = set()
    numbers = {i: order_number(d.title, d.text) for i, d in docs.items()}
    for i, d in docs.items():
        mentioned = set(_NUM.findall(" ".join(m.group(0) for m in _EO.finditer(d.text))))
        low = d.text.lower()
        for j, other in docs.items():
            if i == j:
                continue
            if numbers[j] and numbers[j] in mentioned and numbers[j] != numbers[i]:
                out.add((i, j))
            elif len(other.title.split()) >= 4 and not numbers[j] and other.title.lower() in low:
                out.add((i, j))
    return out


# Successive editions of one plan: a rolling plan ("Country Operations Business Plan ... Bangladesh 2011–2013", then
# "... Bangladesh 2013–2015") is reissued under the same heading and title for a later period; the new edition
# replaces the old one as an amending order replaces the text it amends, but it names no order number and seldom
# the edition before (the 2013–2015 plan "updates the COBP, 2012–2014", an edition not stored).  Its standing items
# are said again with the period moved on, and its figures (allocations, programs) are the earlier ones revised.
# "2011–2013", "2020-22"; not the start of a date ("2019-07-01")
_YEAR_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*[–—-]\s*((?:19|20)\d{2}|\d{2})\b(?![–—-]\d)")
PLAN_OPENING = 600          # characters of a document's opening where its heading and period stand


def plan_period(text: str) -> tuple[int, int] | None:
    """The period a plan's opening names ("Bangladesh 2011–2013" -> (2011, 2013), "2020-22" -> (2020, 2022)), or
    None; a date ("2019-07-01") is no period."""
    for m in _YEAR_RANGE.finditer(text[:PLAN_OPENING]):
        start, end = int(m.group(1)), m.group(2)
        end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
        if start < end_year <= start + 10:
            return (start, end_year)
    return None


def _words(line: str) -> str:
    """A line in lower case without figures, markup and punctuation."""
    return " ".join(re.findall(r"[^\W\d_]+", line.lower()))


def _period_line(text: str) -> str:
    """The words of the opening line that names the plan's period ("Bangladesh 2011–2013" -> "bangladesh")."""
    opening = text[:PLAN_OPENING]
    for m in _YEAR_RANGE.finditer(opening):
        if plan_period(opening[m.start():]):
            start = opening.rfind("\n", 0, m.start()) + 1
            end = opening.find("\n", m.end())
            return _words(opening[start:end if end >= 0 else len(opening)])
    return ""


def plan_series(docs: Mapping[int, Doc]) -> set[tuple[int, int]]:
    """(older, newer) pairs of documents that are editions of one plan for different periods: the same heading
    (first line, two words or more), the same title, the same words on the line that names the period ("Bangladesh
    2011–2013", "Bangladesh 2013–2015": a plan for another country or body is another plan), and a later period in
    the newer."""
    keyed: dict[tuple[str, str, str], list[tuple[tuple[int, int], int]]] = defaultdict(list)
    for i, d in docs.items():
        head, period = _words(next((x for x in d.text.splitlines() if x.strip()), "")), plan_period(d.text)
        if len(head.split()) >= 2 and d.title.strip() and period:
            keyed[(head, d.title.strip().lower(), _period_line(d.text))].append((period, i))
    out = set()
    for editions in keyed.values():
        for pa, a in editions:
            for pb, b in editions:
                if pa[0] < pb[0] and docs[a].order < docs[b].order:
                    out.add((a, b))
    return out


# An updated pledge: a country's "Update of the Nationally Determined Contribution of Iceland" (2021) replaces its
# "Iceland's Intended Nationally Determined Contribution" (2015), and "The Republic of Korea's Update of its First
# Nationally Determined Contribution" (2020) its "Submission by the Republic of Korea / Intended Nationally Determined
# Contribution" (2015) (bench/lineage/real_ndc.jsonl, tuning part: the INDCs ndc-isl and ndc-kor of bench/labelled's
# train split).  Neither names a period or the earlier document's title, so neither `plan_series` nor `citations`
# sees them; what they share is the designation their headings give (three words or more: "nationally determined
# contribution"), a heading of the later one that says it updates (revises, enhances) that designation, and the
# author (the document's main actor: "Iceland", "Korea" and "Republic of Korea").  The later one is then read as a
# new edition of the earlier one, as between editions of one plan.
_UPDATE_WORD = re.compile(r"\b(?:update[ds]?|revised|revision|enhanced)\b")
HEADING_LINES = 3           # lines of a document's opening read as its heading (besides its title)
DESIGNATION_WORDS = 3       # words a designation has at least ("nationally determined contribution")


def _heading_lines(d: Doc) -> list[str]:
    """A document's title and the first HEADING_LINES non-empty lines of its opening, as `_words`."""
    lines = [x for x in d.text[:PLAN_OPENING].splitlines() if x.strip()][:HEADING_LINES]
    return [w for w in (_words(x) for x in [d.title, *lines]) if w]


def _common_run(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest run of words that `a` and `b` both have, in order."""
    best = 0
    for i in range(len(a)):
        for j in range(len(b)):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            best = max(best, k)
    return best


def pledge_updates(docs: Mapping[int, Doc], authors: Mapping[int, str]) -> set[tuple[int, int]]:
    """(older, newer) pairs where the newer document's heading says it updates what the older one's heading names
    (the words after "update" share a run of DESIGNATION_WORDS words with a heading line of the older: "Update of the
    Nationally Determined Contribution of Iceland" and "Iceland's Intended Nationally Determined Contribution"), both
    have one author (`authors`: document -> its main actor; the words of one are the other's or among them, "Korea"
    and "Republic of Korea"), and the older's heading does not say it updates that designation too.  The heading
    says which is the newer: a pledge often gives no date the ingest reads ("Submission by the Republic of Korea"),
    so the documents' order may not ("the update" then sorts after it, `in_update_order`)."""
    heads_of = {i: _heading_lines(d) for i, d in docs.items()}
    tails_of = {i: [line[m.end():].split() for line in heads for m in [_UPDATE_WORD.search(line)] if m]
                for i, heads in heads_of.items()}
    out = set()
    for b in docs:
        tails = tails_of[b]
        if not tails or not authors.get(b):
            continue
        wb = set(content_words(authors[b]))
        for a in docs:
            wa = set(content_words(authors.get(a, "")))
            if a == b or tails_of[a] or not wa or not wb or not (wa <= wb or wb <= wa):
                continue
            if any(_common_run(t, h.split()) >= DESIGNATION_WORDS for t in tails for h in heads_of[a]):
                out.add((a, b))
    return out


def in_update_order(docs: Mapping[int, Doc], updates: AbstractSet[tuple[int, int]]) -> dict[int, Doc]:
    """`docs` with each update (`pledge_updates`) placed just after the document it updates when the stored order
    (publication date, else when it was added) does not already put it later."""
    out = dict(docs)
    for older, newer in sorted(updates):
        if out[older].order >= out[newer].order:
            d = out[newer]
            out[newer] = Doc(d.id, (*out[older].order, d.id), d.text, d.title)  # type: ignore[arg-type]
    return out


def document_authors(items: Sequence[Item]) -> dict[int, str]:
    """Each document's main actor: the actor most of its items were given as the document's main actor."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for it in items:
        if it.commitment.actor_source == "main_actor" and it.commitment.actor:
            counts[it.document_id][it.commitment.actor] += 1
    return {d: c.most_common(1)[0][0] for d, c in counts.items()}


@dataclass(frozen=True)
class CrossLink:
    """An older commitment and what a later document did to it, with the evidence sentence and how sure."""

    relation: str                 # one of CROSS_RELATIONS
    older_id: int                 # the commitment the link is about
    newer_id: int | None          # its counterpart in the later document (None: dropped, progress_reported)
    document_id: int              # the later document (evidence)
    sentence: str                 # the evidence sentence ('' for dropped: the evidence is its absence)
    start: int | None
    end: int | None
    confidence: float             # 0-1
    detail: str                   # "500,000 charging points → 1,000,000 charging points", "2030 → 2035"


def _unit(u: str) -> str:
    u = u.lower().strip()
    if u in ("%", "percent", "per cent", "percentage points"):
        return "percent"
    words = content_words(u)
    return words[0] if words else u


_RATE = re.compile(r"\s*(?:(?:per|an?|each|every)\s+(hour|day|week|month|year|annum|fiscal year)\b"
                   r"|(hourly|daily|weekly|monthly|annually|yearly))", re.I)
_RATE_UNIT = {"annum": "year", "fiscal year": "year", "hourly": "hour", "daily": "day", "weekly": "week",
              "monthly": "month", "annually": "year", "yearly": "year"}


def rate_of(q: Quantity | None, sentence: str) -> str:
    """The period a figure is counted over, said right after it: "2.5 percent annually" -> "year", "$15.00 per
    hour" -> "hour"; '' for a figure that is not a rate ("26 percent by the end of fiscal year 2025")."""
    if q is None or not q.text:
        return ""
    at = sentence.find(q.text)
    if at < 0:
        return ""
    m = _RATE.match(sentence, at + len(q.text))
    if not m:
        return ""
    word = (m.group(1) or m.group(2)).lower()
    return _RATE_UNIT.get(word, word)


def comparable(a: Quantity | None, b: Quantity | None) -> bool:
    """Both figures present and in the same unit (percent with percent, "stations" with "base stations")."""
    if a is None or b is None:
        return False
    ua, ub = _unit(a.unit), _unit(b.unit)
    return bool(ua) and (ua == ub or ua in content_words(b.unit) or ub in content_words(a.unit))


def _fmt(q: Quantity) -> str:
    return q.text or f"{q.value:g} {q.unit}"


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_DURATION = re.compile(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")(?:\s*\(\d+\))?\s+(day|week|month|year)s?\b", re.I)


def durations(text: str) -> tuple[tuple[int, str], ...]:
    """The spans of time a deadline phrase allows, in order: "within 60 days of receiving" -> ((60, 'day'),);
    "one year (1)" and "1 year" are the same span."""
    out = []
    for m in _DURATION.finditer(text):
        n = m.group(1).lower()
        out.append((int(n) if n.isdigit() else _NUMBER_WORDS[n], m.group(2).lower()))
    return tuple(out)


# A demonstrative that points back into its own document ("In developing this guidance, the Attorney General
# shall consult ...", "Within 270 days of receiving these recommendations"): what the promise is about is said
# elsewhere in that document, so the same words in another order are about another guidance.  Left out: the
# document pointing at itself or its parts ("this order", "this section"), reasons and ends ("For these reasons",
# "To this end"), and "such ... as" ("such actions as may be necessary"), which describes rather than points.
_DEMONSTRATIVE = re.compile(r"\b(this|these|such|said)\s+([A-Za-z][\w-]*)", re.I)
_SELF_REFERENCE = frozenset(
    "order orders section sections subsection subsections paragraph paragraphs subparagraph part sentence clause"
    " memorandum proclamation directive chapter title article schedule annex appendix document a an the as that"
    " reason reasons end regard respect context time purpose effort efforts".split())


def leans_on_context(sentence: str) -> bool:
    """Whether the sentence names what it is about only by pointing back into its document ("this guidance",
    "these recommendations", "such plan"), so that its words alone do not say which thing it promises."""
    for m in _DEMONSTRATIVE.finditer(sentence):
        if m.group(2).lower() in _SELF_REFERENCE:
            continue
        if m.group(1).lower() == "such" and re.match(r"(?:\s+[\w-]+){0,4}?\s+as\b", sentence[m.end():]):
            continue
        return True
    return False


# The later sentence acts under the earlier order ("Consistent with section 6 of Executive Order 13985, the
# Director of OMB shall identify opportunities to promote gender equity ..."): a further step taken under the
# earlier promise, not the promise said again ("As set forth in Executive Order 14045, ..." is said again).
_UNDER = re.compile(r"\b(?:consistent with|pursuant to|in accordance with|in furtherance of|to implement|"
                    r"as (?:directed|required|provided|called for) (?:by|in|under)|under)\s+"
                    r"(?:(?:sub)?sections?\s+[\w().-]+\s+(?:and\s+[\w().-]+\s+)?of\s+)?Executive Orders?\s+"
                    r"((?:\d{4,5}(?:,?\s+(?:and\s+)?)?)+)", re.I)


def acts_under(sentence: str, number: str | None) -> bool:
    """Whether `sentence` says it acts under (consistent with, pursuant to) the order numbered `number`."""
    return bool(number) and any(number in _NUM.findall(m.group(1)) for m in _UNDER.finditer(sentence))


def money_figure(sentence: str) -> Quantity | None:
    """The one sum of money a sentence gives, when the extractor kept no figure for its commitment ("The indicative
    allocation of ordinary capital resources for 2015-2017 is $1,224 million." -> 1,224,000,000 USD); None when the
    sentence gives none or several (then which one is the commitment's cannot be told)."""
    sums = [q for q in figures_in(sentence) if q.unit in _CURRENCY.values()]
    return sums[0] if len(sums) == 1 else None


def figure_of(c: Commitment) -> Quantity | None:
    """The commitment's figure: the extractor's, else the one sum of money its sentence gives (`money_figure`)."""
    return c.quantity or money_figure(c.sentence)


_SPAN = re.compile(r"^\s*(?:for|in|during|over)\s+(?:the\s+)?(?:(?:fiscal|calendar)\s+years?\s+|FY\s*)?"
                   r"((?:19|20)\d{2})(?:\s*[–—-]\s*((?:19|20)\d{2}))?\s*$", re.I)


def span_years(deadline_text: str) -> int:
    """How many years a deadline phrase that names a period covers: "for 2013–2015" -> 3, "For 2015" -> 1; 0 when it
    names no period ("by 2025" and "by the end of fiscal year 2025" are dates to reach, not periods to count over)."""
    m = _SPAN.match(deadline_text or "")
    if not m:
        return 0
    return int(m.group(2)) - int(m.group(1)) + 1 if m.group(2) else 1


def classify(a: Commitment, b: Commitment, sim: float) -> list[tuple[str, float, str]]:
    """What `b` (later) does to `a` (earlier), given their similarity: (relation, confidence, detail) for
    raised / lowered (figures in one unit), deadline_moved (two dates), restated (neither changed)."""
    out: list[tuple[str, float, str]] = []
    sure = min(0.95, 0.55 + 0.45 * sim)
    qa, qb = figure_of(a), figure_of(b)
    figures_differ = False
    spans = (span_years(a.deadline.text if a.deadline else ""), span_years(b.deadline.text if b.deadline else ""))
    if comparable(qa, qb) and rate_of(qa, a.sentence) != rate_of(qb, b.sentence):
        figures_differ = True          # "2 percent annually" and "26 percent by 2025": a rate and a total
    elif comparable(qa, qb) and all(spans) and spans[0] != spans[1]:
        figures_differ = True          # "$450 million for 2015" and "$1,222 million for 2015–2017": totals over
                                       # periods of different length
    elif comparable(qa, qb):
        assert qa is not None and qb is not None
        va, vb = (qa.upper or qa.value), (qb.upper or qb.value)
        if abs(vb - va) > 0.005 * max(abs(va), abs(vb)):
            figures_differ = True
            out.append(("raised" if vb > va else "lowered", sure, f"{_fmt(qa)} → {_fmt(qb)}"))
    elif (qa is None) != (qb is None) or (qa is not None and qb is not None):
        figures_differ = True          # a figure added, dropped or in another unit: not a restatement
    da = a.deadline.date if a.deadline else None
    db = b.deadline.date if b.deadline else None
    if da and db and a.deadline.text.lower().strip() == b.deadline.text.lower().strip():  # type: ignore[union-attr]
        db = da            # "within 90 days of the date of this order" in two orders: the same deadline
    spans = (durations(a.deadline.text), durations(b.deadline.text)) if a.deadline and b.deadline else ((), ())
    if not (da and db) and all(spans) and spans[0] != spans[1]:
        # "within 60 days of receiving the recommendations" → "within 270 days of receiving ...": no date to
        # compare (the event is not dated), but the time allowed differs, so it is another deadline
        out.append(("deadline_moved", sure, f"{a.deadline.text} → {b.deadline.text}"))  # type: ignore[union-attr]
    elif da and db and da != db:
        out.append(("deadline_moved", sure, f"{a.deadline.text} → {b.deadline.text}"))  # type: ignore[union-attr]
    elif not out and not figures_differ and (da == db or not da or not db) and sim >= RESTATED_SIM:
        out.append(("restated", round(min(0.95, sim), 3), "restated" if da == db else "restated (one without deadline)"))
    return out


def find_links(items: Sequence[Item], docs: Mapping[int, Doc], versions: Mapping[int, int],
               vectors: Mapping[int, np.ndarray] | None = None) -> list[CrossLink]:
    """Every cross-document link among `items`: pairs of one actor in different documents, the changes
    between two versions of one text (`versions`: newer document id -> older), and progress sentences.

    `vectors` (commitment id -> unit vector), when given, replaces the TF-IDF cosine of pairs.
    """
    idf = idf_table(i.text for i in items)
    by_doc: dict[int, list[Item]] = defaultdict(list)
    for it in items:
        by_doc[it.document_id].append(it)
    links: list[CrossLink] = []
    version_pairs = {(old, new) for new, old in versions.items()}
    for new, old in versions.items():
        links += _version_links(by_doc.get(old, []), by_doc.get(new, []), new, docs[new].text if new in docs else "")
    updates = pledge_updates(docs, document_authors(items))
    docs = in_update_order(docs, updates)
    series = plan_series(docs) | updates
    common = _boilerplate(items, series)
    cited = citations(docs)
    amended = amendment_scope(docs)
    for older, newer in series:
        cited.add((newer, older))
        amended.setdefault((newer, older), None)    # a new edition replaces the whole earlier one
    in_series = {d for pair in series for d in pair}
    groups: dict[str, list[Item]] = defaultdict(list)
    for it in items:
        if it.id in common or (it.commitment.actor_source in ASSUMED_ACTORS and not it.lead_in
                               and it.document_id not in in_series):
            continue        # an assumed actor is no basis for pairing, unless its list's lead-in names the actor or
                            # the document is an edition of a plan (the plan's author is the actor of its items)
        for g in it.groups:
            groups[g].append(it)
    seen: set[tuple[int, int, str]] = {(k.older_id, k.newer_id or 0, k.relation) for k in links}
    pair_links: list[CrossLink] = _quoted_links(items, docs, idf, version_pairs, common)
    quoted = {(k.older_id, k.document_id) for k in pair_links} | {(k.newer_id, k.document_id) for k in pair_links}
    for k in pair_links:
        seen.add((k.older_id, k.newer_id or 0, k.relation))
    for members in groups.values():
        if len({m.document_id for m in members}) < 2:
            continue
        for k in _pair_links(members, docs, idf, version_pairs, cited, amended, vectors, series):
            key = (k.older_id, k.newer_id or 0, k.relation)
            if (k.older_id, k.document_id) in quoted or (k.newer_id, k.document_id) in quoted:
                continue    # the amending text quoted this sentence's new wording: that pairing stands
            if key not in seen:
                seen.add(key)
                pair_links.append(k)
    # a commitment restated in five later orders: one link to the next, which links to the one after
    first: dict[int, tuple[str, int]] = {}
    for k in pair_links:
        o = docs[k.document_id].order
        if k.older_id not in first or o < first[k.older_id]:
            first[k.older_id] = o
    links += [k for k in pair_links if docs[k.document_id].order == first[k.older_id]]
    links += _progress_links(items, docs, idf, versions, common)
    return links


def _boilerplate(items: Sequence[Item], series: AbstractSet[tuple[int, int]] = frozenset()) -> set[int]:
    """Ids of commitments whose words recur in BOILERPLATE_DOCS or more documents ("Each agency shall bear
    its own expenses of participating in the Council"): the same words about different things.  The editions of
    one plan (`series`) count as one document: a rolling plan says its standing items again in every edition
    ("The indicative allocation of ordinary capital resources for 2015-2017 is ..."), and that is the plan's
    own lineage, not boilerplate."""
    first: dict[int, int] = {}          # document -> the earliest edition of its plan (itself when none)
    for older, newer in sorted(series):
        root = first.get(older, older)
        first[newer] = min(first.get(newer, newer), root)
        first.setdefault(older, older)
    docs_of: dict[frozenset[str], set[int]] = defaultdict(set)
    keys = {}
    for it in items:
        key = frozenset(content_words(it.text))
        keys[it.id] = key
        docs_of[key].add(first.get(it.document_id, it.document_id))
    return {i for i, k in keys.items() if len(docs_of[k]) >= BOILERPLATE_DOCS}


def _pair_links(members: Sequence[Item], docs: Mapping[int, Doc], idf: Mapping[str, float],
                version_pairs: set[tuple[int, int]], cited: set[tuple[int, int]],
                amended: Mapping[tuple[int, int], frozenset[str] | None],
                vectors: Mapping[int, np.ndarray] | None,
                series: AbstractSet[tuple[int, int]] = frozenset()) -> list[CrossLink]:
    m, words = _matrix([x.text for x in members], idf)
    if vectors is not None and all(x.id in vectors for x in members):
        m = np.stack([vectors[x.id] for x in members]).astype(np.float32)
    sims = m @ m.T
    doc_of = np.array([x.document_id for x in members])
    sims[doc_of[:, None] == doc_of[None, :]] = 0.0     # pairs within one document are not lineage
    # the mutual best pair per (commitment, other document)
    best: dict[tuple[int, int], tuple[float, int]] = {}
    rows, cols = np.nonzero(sims >= MIN_SIM)
    for r, c in zip(rows.tolist(), cols.tolist()):
        s = float(sims[r, c])
        key = (r, int(doc_of[c]))
        if key not in best or s > best[key][0]:
            best[key] = (s, c)
    out = []
    for (r, other_doc), (s, c) in best.items():
        if best.get((c, int(doc_of[r])), (0.0, -1))[1] != r:
            continue
        a, b = members[r], members[c]
        if docs[a.document_id].order >= docs[b.document_id].order:
            continue        # each pair once, from the older to the newer
        if (a.document_id, b.document_id) in version_pairs:
            continue        # compared sentence by sentence in _version_links
        if (b.document_id, a.document_id) not in cited:
            continue        # a later text that does not name the earlier one: parallel wording, not lineage
        if (a.document_id, b.document_id) not in series and any(
                x.commitment.actor_source in ASSUMED_ACTORS and not x.lead_in for x in (a, b)):
            continue        # an assumed actor pairs only between editions of one plan
        amends = (b.document_id, a.document_id) in amended
        scope = amended.get((b.document_id, a.document_id))
        if amends and scope is not None and section_of(docs[a.document_id].text, a.commitment.sentence_start) not in scope:
            amends = False  # "Section 2 of Executive Order X is revoked": the other sections' promises stand
        in_series = (a.document_id, b.document_id) in series
        if shared_mass(words[r], words[c], idf) < MIN_SHARED or min(len(words[r]), len(words[c])) < MIN_WORDS - (
                in_series and comparable(figure_of(a.commitment), figure_of(b.commitment))):
            continue        # "adhere to these principles": too few words to say which principles; between editions of
                            # a plan, a figure in one unit says which item as a word would ("allocate ADF allocation
                            # is $450 million" and "... is $1,222 million"; "annual TA program ... $7.6 million")
        if not amends and (leans_on_context(a.commitment.sentence) or leans_on_context(b.commitment.sentence)):
            continue        # "this guidance" in two orders: two guidances (an amending order rewrites the
                            # earlier text in place, so there "this Task Force" is the same task force)
        older = docs[a.document_id]
        if acts_under(b.commitment.sentence, order_number(older.title, older.text)):
            continue        # a step taken under the earlier order, not its promise restated
        for relation, conf, detail in classify(a.commitment, b.commitment, s):
            if relation != "restated" and not amends:
                continue    # another order with another figure or deadline makes a new promise; only an order
                            # that amends the earlier one changes it
            bar = SERIES_SIM if in_series else CHANGED_SIM
            if relation != "restated" and not same_object(a.commitment, b.commitment, s, bar):
                continue    # two goals of one amended order that share words ("the agency's existing buildings")
            cb = b.commitment
            out.append(CrossLink(relation, a.id, b.id, b.document_id, cb.sentence, cb.sentence_start,
                                 cb.sentence_end, round(conf, 3), detail))
    return out


# An amending order that quotes the new wording of the earlier order's text ("Section 2(b) of Executive Order X is
# hereby amended to read as follows: “(b) The PCAST shall be composed of not more than 32 members.”"; "by striking
# section 7 and inserting, in lieu thereof, the following: “...”") rewrites that text in place: a commitment inside
# the quotation is the earlier order's promise in its new words, said by the same subject, in the section named.
# That is the strongest evidence of lineage across documents, and it holds where the entities cannot tell (the
# actor assumed, or "this Task Force" resolved per document).
_QUOTATION = re.compile(r"“([^“”]*)”")
_SECTION_NAMED = re.compile(r"\bsections?\s+(\d+)", re.I)
QUOTED_MIN_WORDS = 4        # a quotation shorter than this replaces words ("striking “and”"), not a sentence
QUOTED_REACH = 6000         # characters an instruction ("Executive Order X is amended as follows:") reaches


@dataclass(frozen=True)
class QuotedAmendment:
    """New wording an amending text quotes for an order: the order's number, the section it replaces (None: not
    said), and the offsets of the quotation in the amending text."""

    order_number: str
    section: str | None
    start: int
    end: int


def quoted_amendments(text: str) -> list[QuotedAmendment]:
    """The quotations of `text` that give new wording for an order it amends or supersedes, each with the section
    the instruction names before it ("in section 3, by striking subsection (f) and inserting ...: “...”" -> "3")."""
    anchors = [r for r in find_revocations(text) if r.relation in ("amended", "superseded")]
    out: list[QuotedAmendment] = []
    previous_end = 0        # the end of the last quotation of new wording: the next instruction starts after it
    for m in _QUOTATION.finditer(text):
        anchor = next((r for r in reversed(anchors) if r.start <= m.start()), None)
        if anchor is None or m.start() - anchor.end > QUOTED_REACH or len(m.group(1).split()) < QUOTED_MIN_WORDS:
            continue
        if len(anchor.sections) == 1:       # "Section 2(b) of Executive Order X is amended to read: “...”"
            section: str | None = anchor.sections[0]
        else:                               # "X is amended as follows: ... (c) in section 3, by striking ...: “...”"
            named = _SECTION_NAMED.findall(text[max(anchor.start, previous_end):m.start()])
            section = named[-1] if named else None
        out.append(QuotedAmendment(anchor.order_number, section, m.start(1), m.end(1)))
        previous_end = m.end()
    return out


_ITEM_MARK = re.compile(r"^\s*(?:\(?[a-zA-Z0-9]{1,5}\)\s*)+")


def subject_of(sentence: str) -> frozenset[str]:
    """The content words of what a sentence names before its first modal, item marks left out ("(f) The
    Initiative shall coordinate ..." -> {initi}); empty when it has no modal."""
    m = _MODAL.search(sentence)
    if not m:
        return frozenset()
    head = re.split(r"[“:]", sentence[:m.start()])[-1]     # the quoted sentence, not the instruction before it
    return frozenset(content_words(_ITEM_MARK.sub("", head)))


def same_subject(a: frozenset[str], b: frozenset[str]) -> bool:
    """The same subject, or one that adds members to it ("The National Climate Advisor and the Assistant ..." and
    "The National Climate Advisor, the Assistant ..., and the Senior Advisor ...")."""
    return bool(a) and bool(b) and (a <= b or b <= a)


def _quoted_links(items: Sequence[Item], docs: Mapping[int, Doc], idf: Mapping[str, float],
                  version_pairs: set[tuple[int, int]], common: set[int]) -> list[CrossLink]:
    """Links from an earlier order's commitments to the commitments an amending order quotes as their new wording:
    same section (when named), same subject before the modal, the most similar wording (mutual best)."""
    by_number: dict[str, int] = {}
    for i, d in sorted(docs.items(), key=lambda kv: kv[1].order):
        n = order_number(d.title, d.text)
        if n:
            by_number.setdefault(n, i)
    by_doc: dict[int, list[Item]] = defaultdict(list)
    for it in items:
        if it.id not in common:
            by_doc[it.document_id].append(it)
    out: list[CrossLink] = []
    for i, d in docs.items():
        if "“" not in d.text:
            continue
        for qa in quoted_amendments(d.text):
            j = by_number.get(qa.order_number)
            if j is None or j == i or (j, i) in version_pairs or docs[j].order >= d.order:
                continue
            newer = [it for it in by_doc.get(i, ()) if qa.start <= _anchor(it) < qa.end]
            older = [it for it in by_doc.get(j, ()) if qa.section is None
                     or section_of(docs[j].text, it.commitment.sentence_start) == qa.section]
            if not newer or not older:
                continue
            m, _w = _matrix([x.text for x in older] + [x.text for x in newer], idf)
            sims = m[len(older):] @ m[:len(older)].T         # newer x older
            subj_old = [subject_of(x.commitment.sentence) for x in older]
            for r, b in enumerate(newer):
                sb = subject_of(d.text[max(qa.start, b.commitment.sentence_start):b.commitment.sentence_end])
                for c, sa in enumerate(subj_old):
                    if not same_subject(sa, sb):
                        sims[r, c] = 0.0
            for r, b in enumerate(newer):
                c = int(sims[r].argmax())
                s = float(sims[r, c])
                if s < QUOTED_SIM or int(sims[:, c].argmax()) != r:
                    continue        # the mutual best pair only
                a = older[c]
                for relation, conf, detail in classify(a.commitment, b.commitment, s):
                    if relation != "restated" and not same_object(a.commitment, b.commitment, max(s, CHANGED_SIM)):
                        continue    # the quotation is the evidence for the words; the verb must still be the same
                    cb = b.commitment
                    out.append(CrossLink(relation, a.id, b.id, i, cb.sentence, cb.sentence_start, cb.sentence_end,
                                         round(max(conf, 0.9), 3), detail + " (new wording quoted by the amending order)"))
    return out


def _anchor(it: Item) -> int:
    """Where a commitment's words are in its text: its target when known, else its sentence."""
    c = it.commitment
    return c.target_start if c.target_start is not None else c.sentence_start


def same_object(a: Commitment, b: Commitment, sim: float, bar: float = CHANGED_SIM) -> bool:
    """Whether a later commitment of an amending order is the earlier one with only its figure or deadline
    changed: the same verb, and its other words as alike as a restatement's (CHANGED_SIM).  Two goals of one
    section share generic words ("reduce greenhouse gas emissions", "the agency's buildings") and pair at a lower
    similarity; across documents that is no evidence that one goal's date moved.  Between editions of one plan
    the caller passes SERIES_SIM."""
    verb = lambda c: (c.action.split() or [""])[0].lower()  # noqa: E731
    return sim >= bar and _STEMMER.stemWord(verb(a)) == _STEMMER.stemWord(verb(b))


def _words_only(text: str) -> str:
    return " " + " ".join(re.findall(r"[^\W_]+", text.lower())) + " "


def _version_links(old: Sequence[Item], new: Sequence[Item], new_doc: int, new_text: str) -> list[CrossLink]:
    """Links between two versions of one text: restated, raised/lowered, deadline moved, dropped."""
    from kb.versions import diff_commitments

    d = diff_commitments([x.commitment for x in old], [x.commitment for x in new])
    out = []
    for i, j in d.unchanged:
        c = new[j].commitment
        out.append(CrossLink("restated", old[i].id, new[j].id, new_doc, c.sentence, c.sentence_start,
                             c.sentence_end, 0.95, "unchanged in the newer version"))
    for p in d.changed:
        c = new[p.new].commitment
        for relation, conf, detail in classify(old[p.old].commitment, c, max(RESTATED_SIM, p.ratio / 100)):
            out.append(CrossLink(relation, old[p.old].id, new[p.new].id, new_doc, c.sentence, c.sentence_start,
                                 c.sentence_end, round(max(conf, 0.9), 3), detail + " (newer version)"))
    kept = _words_only(new_text)
    for i in d.removed:
        if _words_only(old[i].commitment.sentence) in kept:
            continue    # the sentence is still there (the extractor read it otherwise): not dropped
        out.append(CrossLink("dropped", old[i].id, None, new_doc, "", None, None, 0.9,
                             "no counterpart in the newer version of this document"))
    return out


_FIGURE = re.compile(r"(?<![\w.])([$€£]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(million|billion)?\s*"
                     r"(%|percent\b|per cent\b|[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)?")
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP"}     # the units kb.extract.quantities gives sums of money


def figures_in(sentence: str) -> list[Quantity]:
    """The figures of a progress sentence with the word(s) after them as unit ("300,000 charging points",
    "40 percent"), a sum of money in its currency ("$1.5 million" -> 1,500,000 USD); years are not figures.
    (kb.extract.quantities reads commitments; importing it here
    would load spaCy, and a progress sentence needs only figure and unit.)"""
    out = []
    for m in _FIGURE.finditer(sentence):
        currency, whole, decimals, scale, unit = m.groups()
        if not currency and not unit:
            continue        # a bare number ("section 3."); a sum of money needs no word after it ("$4.1 million.")
        whole = whole.replace(",", "")
        if (not currency and len(whole) == 4 and whole[:2] in ("19", "20") and not decimals
                and unit not in ("%", "percent")):
            continue
        value = float(whole + ("." + decimals if decimals else ""))
        value *= {"million": 1e6, "billion": 1e9}.get(scale or "", 1.0)
        if currency:        # "$1.5 million in grants": a sum of money, in the extractor's unit
            text = m.group(0)[:m.end(4) - m.start()] if scale else m.group(0)[:m.end(3 if decimals else 2) - m.start()]
            out.append(Quantity(value=value, unit=_CURRENCY[currency.strip()], text=text.strip()))
        else:
            out.append(Quantity(value=value, unit=unit, text=m.group(0).strip()))
    return out


_MODAL = re.compile(r"\b(?:shall|will|must|should)\b")
_OFFICE = re.compile(r"\b(?:Secretary|Minist(?:er|ry)|Director|Administrator|Attorney General|Chair|Commissioner|Department|Office|"
                     r"Council|Agency|Board|Committee|Task Force|Head)\b(?:\s+(?:of|for|on)\s+(?:the\s+)?)?"
                     r"((?:[A-Z][\w&-]*\s*)+)")


def _subject_words(sentence: str) -> set[str]:
    """The distinguishing words of the offices a sentence names before its first modal ("the Secretary of
    Energy, in coordination with the Director of NSF, shall" -> {energi, nsf}); empty when it names none."""
    m = _MODAL.search(sentence)
    head = sentence[:m.start()] if m else ""
    return {w for o in _OFFICE.finditer(head) for w in content_words(o.group(1))} - _GENERIC_ACTOR


# A list item ("(ii) diverting at least 50 percent of ...") promises what its list's lead-in sentence's actor
# promises ("... the head of each agency shall, where life-cycle cost-effective, ...:").  When the extractor could
# not carry that actor to the item and assumed the document's main actor, the lead-in still names it: lineage
# reads it there (`lead_in_of`), through nested lists ("(j) advance waste prevention by:") and the paragraphs that
# continue an item ("(b) ... shall include every appointee ...\n\nIt does not include ..."), up to the first line
# ending in ":" whose subject before its modal is an actor; a line ending in ":" that is no item and names none
# ("For purposes of this order:") is its list's own lead-in, and a section heading ends the search.
_ITEM_LINE = re.compile(r"^\s*(?:\(?[a-zA-Z0-9]{1,5}\)|[a-zA-Z0-9]{1,4}[.)]|[-•*])\s")
_LEAD_END = re.compile(r":\s*$")
_HEADING = re.compile(r"^\s*(?:Sec\.|Section)\s+\d+|^\s*\d{1,2}\.\d{1,2}\.\s*$")


def lead_in_of(text: str, start: int, lookback: int = 40000) -> str:
    """The lead-in sentence (ending in ":", with a modal) of the list the line at `start` is an item of; '' when
    the line is not a list item or no such lead-in comes before it within its section (a long section's lead-in
    may stand pages before its last items)."""
    end = text.find("\n", start)
    if not _ITEM_LINE.match(text[start:end if end >= 0 else len(text)]):
        return ""
    limit = max(0, start - lookback)
    pos = start
    while pos > limit:
        begin = text.rfind("\n", limit, pos - 1) + 1 if pos > 0 else 0
        begin = max(begin, limit)
        line = text[begin:pos]
        pos = begin - 1 if begin > limit else limit
        if not line.strip():
            continue
        if _LEAD_END.search(line):
            if _MODAL.search(line) and lead_in_actor(line):
                return line.strip()
            if _ITEM_LINE.match(line):
                continue        # a nested lead-in naming no actor ("(j) advance waste prevention by:")
            return ""
        if _HEADING.match(line):
            return ""           # the section ends before the lead-in was found
    return ""


def lead_in_actor(lead_in: str) -> str:
    """The actor a lead-in names before its modal: "In implementing ..., the head of each agency shall, where ...:"
    -> "the head of each agency"; "(p) The Secretary of Health and Human Services shall:" -> the Secretary ..."""
    m = _MODAL.search(lead_in)
    if not m:
        return ""
    head = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", lead_in[:m.start()])[-1]     # its last sentence ("Sec. 3. Goals. In ...")
    head = re.sub(r"^\s*(?:\(?[a-zA-Z0-9]{1,5}\)|[a-zA-Z0-9]{1,4}[.)])\s+", "", head).strip(" ,")
    # the subject is the first clause that is neither an opening phrase ("In implementing ...", "Within 90 days",
    # "to help ensure ...") nor a qualifier after it ("acting through ...", "in coordination with ...")
    for part in (x.strip() for x in head.split(",")):
        if not part or _OPENING.match(part):
            continue
        if (re.match(r"(?:the\s+)?[A-Z]|(?:the\s+)?heads?\b|each\b|all\b", part) and _BODY_WORD.search(part)
                and ". " not in part and not re.search(r"['’]s\b", part) and len(part.split()) <= 20):
            return part
        return ""
    return ""


# what a lead-in's subject must name to be an actor ("The requirements", "Accordingly", "The Director's guidance" are not)
_BODY_WORD = re.compile(r"\b(?:Secretar(?:y|ies)|Administrator|Director|Attorney General|Chair\w*|Co-Chairs?|Commissioner|"
                        r"[Hh]eads?|Department|Minist(?:er|ry)|Office|[Aa]genc(?:y|ies)|Council|Board|Committee|Commission|"
                        r"Task Force|Group|Subcommittee|Initiative|Service|Administration|Bureau|Foundation|Authority|"
                        r"[A-Z]{2,}s?)\b")

_OPENING = re.compile(r"(?i)(?:in|to|within|not|no|consistent|pursuant|by|as|beginning|until|after|where|when|for|under"
                      r"|with|once|following|upon|at|if|unless|subject|except|from|on|during|through|acting|and|or"
                      r"|including|working)\b")


def _progress_links(items: Sequence[Item], docs: Mapping[int, Doc], idf: Mapping[str, float],
                    versions: Mapping[int, int], common: set[int]) -> list[CrossLink]:
    """Sentences of later documents saying a commitment's target was reached or how far it got."""
    found: list[tuple[int, int, int, str]] = []     # document, start, end, sentence
    for d in docs.values():
        for s, e in sentences(d.text):
            cue = _PROGRESS.search(d.text[s:e])
            # "so far", "to date" say how far only with a figure ("Progress so far" is a heading); a sentence
            # that still obliges ("shall submit ... until the work has been completed") reports nothing; nor
            # does a cue in a relative clause, which describes things ("solicitations that have already been
            # issued") instead of saying what someone did
            if cue and _RELATIVE.search(d.text[s:s + cue.start()]):
                continue
            if cue and (cue.group(1) or figures_in(d.text[s:e])) and not _OBLIGES.search(d.text[s:e]):
                found.append((d.id, s, e, d.text[s:e].strip()))
    if not found or not items:
        return []
    texts = [x.text for x in items] + [f[3] for f in found]
    words = [set(content_words(t)) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted(set().union(*words)))}
    top = max(idf.values(), default=1.0)
    col = np.array([idf.get(w, top) for w in sorted(vocab, key=vocab.get)], dtype=np.float32)
    present = np.zeros((len(texts), max(1, len(vocab))), dtype=np.float32)
    for r, ws in enumerate(words):
        present[r, [vocab[w] for w in ws]] = 1.0
    # how much of a commitment's words (IDF-weighted) a progress sentence covers: a report sentence says more
    # than the promise ("The Director of NSF has established 3 new institutes since the order, ...")
    promised = present[:len(items)] * col[None, :len(vocab)]
    mass = promised.sum(axis=1).clip(min=1e-6)
    sims = (present[len(items):] @ promised.T) / mass[None, :]     # progress sentences x commitments, 0-1
    family = {(a, b) for b, a in versions.items()} | {(b, a) for b, a in versions.items()}
    out: list[tuple[float, CrossLink]] = []
    for k, (doc_id, s, e, sentence) in enumerate(found):
        figures = figures_in(sentence)
        for r in np.nonzero(sims[k] >= min(PROGRESS_SIM, PROGRESS_FIGURE))[0].tolist():
            it = items[r]
            q = it.commitment.quantity
            same = [f for f in figures if comparable(q, f)]
            if sims[k, r] < (PROGRESS_FIGURE if same else PROGRESS_SIM):
                continue
            if docs[it.document_id].order >= docs[doc_id].order:
                continue        # progress is reported later than the promise
            if (it.document_id, doc_id) in family:
                continue        # a newer version repeats the text; it reports nothing
            assumed = it.commitment.actor_source in ASSUMED_ACTORS
            who = set(content_words(it.commitment.actor)) - _GENERIC_ACTOR
            if assumed:
                # the extractor assumed the actor, but the sentence may still name one before its modal ("the
                # Secretary of Defense and the Secretary of Energy shall, if possible, each identify ..."): then
                # the report must name that one, as it must name a recorded actor
                who = _subject_words(it.commitment.sentence) or _subject_words(it.lead_in)
                assumed = not who
            if it.id in common or (assumed and sims[k, r] < PROGRESS_ASSUMED) or (
                    not assumed and not (who and who & words[len(items) + k])):
                continue        # boilerplate, or a sentence that does not name who promised (when the
                                # extractor had to assume the actor, the words of the promise must do)
            if shared_mass(words[r], words[len(items) + k], idf) < MIN_SHARED or len(words[r]) < MIN_WORDS:
                continue
            cue = _PROGRESS.search(sentence)
            verb = cue.group(1).lower() if cue and cue.group(1) else None
            if verb and verb not in _REACHED and _STEMMER.stemWord(verb) not in words[r]:
                continue    # "has identified 4 sites" reports on "identify 3 sites", not on "lease the sites"
            reached = verb in _REACHED
            detail = "reached" if reached else "progress"
            if q is not None and same:
                detail = f"{_fmt(same[0])} of {_fmt(q)}"
                if same[0].value >= (q.upper or q.value):
                    detail += " (reached)"
            sim = float(sims[k, r])
            out.append((sim, CrossLink("progress_reported", it.id, None, doc_id, sentence, s, e,
                                       round(min(0.95, 0.5 + 0.5 * sim), 3), detail)))
    # one progress sentence reports on one promise of a document: the one whose words it covers best
    doc_of = {x.id: x.document_id for x in items}
    best: dict[tuple[int, int, int], float] = {}
    for sim, k in out:
        key = (k.document_id, k.start or 0, doc_of[k.older_id])
        best[key] = max(best.get(key, 0.0), sim)
    return [k for sim, k in out if sim >= best[(k.document_id, k.start or 0, doc_of[k.older_id])] - 1e-6]
