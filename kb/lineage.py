"""Revocations: sentences by which one order revokes, rescinds, supersedes or amends another.

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
relation as partial (some sections only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    for start, end in sentences(text):
        sentence = text[start:end]
        if "Executive Order" not in sentence:
            continue
        for number, relation, partial in _objects(sentence):
            found.append(Revocation(number, relation, partial, sentence.strip(), start, end))
    return found


def _objects(sentence: str) -> list[tuple[str, str, bool]]:
    out: list[tuple[str, str, bool]] = []
    seen: set[str] = set()

    def add(region: str, relation: str, subject: bool) -> None:
        for m in _EO.finditer(region):
            before = region[:m.start()]
            if _MODIFIER.search(before[-80:]):
                continue
            if subject and not _only_fillers(region[m.end():]):
                continue  # "... Executive Order 14003, Civil Service Rule VI is amended": the order is not the subject
            partial = bool(_PARTIAL.search(before[-80:]))
            for n in _NUM.findall(m.group(1)):
                if n not in seen:
                    seen.add(n)
                    out.append((n, relation, partial))

    passive = _PASSIVE.search(sentence)
    if passive:
        subject = sentence[:passive.start()]
        # "This order supersedes Executive Order X ..., which is hereby revoked": the subject is after "supersedes"
        subject = re.split(r";", subject)[-1]
        add(_strip_parentheses(subject), passive.group(1), subject=True)
    active = _ACTIVE.search(sentence)
    if active:
        verb = next(g for g in active.groups() if g)
        relation = {"revoke": "revoked", "rescind": "rescinded", "supersedes": "superseded"}.get(verb, verb)
        obj = _strip_parentheses(sentence[active.end():])
        add(obj, relation, subject=False)
        if relation == "superseded" and passive and passive.group(1) in ("revoked", "rescinded"):
            # "supersedes EO X ..., which is hereby revoked": X is revoked
            out[:] = [(n, passive.group(1), p) for n, _r, p in out]
    return out


_FILLERS = re.compile(r"(?:as\s+)?(?:further\s+)?amended\s+by\s+(?:sections?\s+[\w().-]+\s+of\s+)?Executive Orders?\s+[\d, and]+"
                      r"|Executive Orders?\s+[\d, and]+|of\s+[A-Z][a-z]+\s+\d{1,2},\s+\d{4}|as amended|in its entirety"
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
