"""Actors as entities: which body an actor string names, and by which rule.

Why: the extractor reads actors as strings, so one body ends up under many
names ("Secretary of Commerce", "Department of Commerce", "Commerce", "the
Secretary of Commerce and the Secretary of Energy").  A scorecard per body
needs one entity per body.  These are pure functions over an actor string and
the text of its document; `kb.store_entities` stores what they decide.

The rules, each named in `Mention.rule` so a reader can see why two names merged:
- 'exact': the cleaned string itself (leading "the", case and spacing ignored);
- 'acronym in text': an acronym the document defines ("Environmental Protection
  Agency (EPA)") is replaced by its expansion;
- 'federal acronym': in a US federal document, the acronyms of the executive
  departments (HHS, DOE, ...) likewise;
- 'office of body': the head of a body is the body ("Secretary of Commerce",
  "Administrator of the Environmental Protection Agency");
- 'department name': in a US federal document, "Commerce", "the Treasury" or
  "Commerce Department" name the Department;
- 'joint member': each member of a joint actor, linked besides the rule above;
- 'generic name, per document': "the Council" or "the Task Force" is a different body in each
  document, so such a name is one entity per document.
Deputies, assistants and under secretaries ("Under Secretary of Commerce for
Standards and Technology") are offices of their own and are not merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The executive departments by their short name (what follows "Secretary of" / "Department of").
FEDERAL_DEPARTMENTS = (
    "Agriculture", "Commerce", "Defense", "Education", "Energy", "Health and Human Services",
    "Homeland Security", "Housing and Urban Development", "the Interior", "Justice", "Labor", "State",
    "Transportation", "the Treasury", "Veterans Affairs",
)
# Bare short names that are taken to mean the Department in a federal text ("State" is not: "the State" is a state).
_BARE_NAMES = {d.lower().removeprefix("the "): d for d in FEDERAL_DEPARTMENTS if d != "State"}
_DEPARTMENT_KEYS = {d.lower().removeprefix("the "): d for d in FEDERAL_DEPARTMENTS}
# Offices that head a department without "Secretary of".
_HEAD_OFFICES = {"attorney general": "Justice"}

FEDERAL_ACRONYMS = {
    "USDA": "Department of Agriculture", "DOC": "Department of Commerce", "DOD": "Department of Defense",
    "DoD": "Department of Defense", "DOE": "Department of Energy", "HHS": "Department of Health and Human Services",
    "DHS": "Department of Homeland Security", "HUD": "Department of Housing and Urban Development",
    "DOI": "Department of the Interior", "DOJ": "Department of Justice", "DOL": "Department of Labor",
    "DOT": "Department of Transportation", "VA": "Department of Veterans Affairs",
    "OMB": "Office of Management and Budget", "EPA": "Environmental Protection Agency",
    "OPM": "Office of Personnel Management", "GSA": "General Services Administration",
}
# "Secretary of HHS": inside an office title the acronym stands for the department's short name
_ACRONYM_SHORT = {a: v.removeprefix("Department of ") for a, v in FEDERAL_ACRONYMS.items()
                  if v.startswith("Department of ")}

_TITLES = r"(?:Secretary|Administrator|Director|Chair|Chairman|Chairperson|Commissioner|Head)"
_OFFICE = re.compile(rf"^{_TITLES} of (?:the )?(?P<body>.+)$")
_DEPT_SUFFIX = re.compile(r"^(?P<short>[A-Z][A-Za-z ]+?) Department$")
# a member of a joint actor starts with one of these (after an optional "the")
_MEMBER_START = re.compile(rf"^(?:the )?(?:{_TITLES}|Co-Chairs?|Chairs|[Hh]eads? of|Attorney General|Department|Office|Administrator|Assistant"
                           r"|Council|Federal|National|United States|[A-Z]{2,}\b)")
# an office of one of these heads that body ("Director of the Office of ...", "Chair of the ... Commission")
_BODY = re.compile(r"\b(?:Department|Office|Agency|Ministry|Commission|Council|Bureau|Administration|Service|Foundation"
                   r"|Institute|Board|Corporation|Authority)\b")
_FEDERAL = re.compile(r"\b(?:Executive Order|U\.S\.C\.|Federal Register|executive departments and agencies)\b")


# words of names that only a document's context makes one body ("the Council", "the Task Force", "the Secretary")
_GENERIC_WORDS = {
    "council", "commission", "committee", "subcommittee", "task", "force", "working", "group", "board",
    "initiative", "secretary", "director", "administrator", "chair", "chairperson", "co-chairs", "office",
    "interagency", "advisory", "steering", "coordinator", "team", "panel", "program", "center", "network",
    "commissioner", "secretariat", "body", "authority", "executive",
}


@dataclass(frozen=True)
class Mention:
    """One body an actor string names: the entity key and name, and the rule that linked it."""

    text: str     # the actor string, or the member of a joint actor
    key: str      # what mentions are merged on (lower case)
    name: str     # the entity's display name
    rule: str
    joint: bool = False


def is_us_federal(text: str) -> bool:
    """A US federal document: the short names of departments ("Commerce") mean the Department."""
    return bool(_FEDERAL.search(text[:20000]))


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines as "Full Name (ABC)", checked against the initials of the name.

    >>> defined_acronyms("the Environmental Protection Agency (EPA) shall")
    {'EPA': 'Environmental Protection Agency'}
    """
    found: dict[str, str] = {}
    for m in re.finditer(r"\(([A-Z][A-Za-z]{1,9})\)", text):
        acronym = m.group(1)
        if sum(ch.isupper() for ch in acronym) < 2:
            continue
        words = re.findall(r"[A-Za-z][\w'-]*", text[max(0, m.start() - 200):m.start()])
        name = _expansion(acronym, words)
        if name and acronym not in found:
            found[acronym] = name
    return found


def _expansion(acronym: str, words: list[str]) -> str | None:
    """The capitalised words before "(ABC)" whose initials spell ABC (small words like "of" may sit between)."""
    letters = [ch for ch in acronym if ch.isupper()]
    i = len(words) - 1
    j = len(letters) - 1
    start = None
    while i >= 0 and j >= 0:
        w = words[i]
        if w[0].isupper() and w[0] == letters[j]:
            start = i
            j -= 1
        elif w.lower() not in {"of", "and", "for", "the", "on", "in", "to"}:
            return None
        i -= 1
    if j >= 0 or start is None:
        return None
    return " ".join(words[start:])


def clean(actor: str) -> str:
    """The actor string without a leading "the", surrounding punctuation or doubled spaces."""
    s = " ".join(actor.split()).strip(" ,;:.")
    s = re.sub(r"^(?:the|The)\s+", "", s)
    # "..., or their designees", "..., as appropriate": not part of the name
    s = re.sub(r",?\s+(?:or\s+(?:their|his|her|its)\s+designees?|as\s+appropriate)$", "", s)
    # "Office of Personnel Management (OPM)": the acronym a name defines is not part of it
    s = re.sub(r"\s+\([A-Z][A-Za-z]{1,9}\)$", "", s)
    return s


def split_joint(actor: str) -> list[str]:
    """The members of a joint actor, or [actor] when it names one body.

    "the Secretary of Commerce and the Secretary of Energy" -> two members; "Secretary of
    Health and Human Services" stays whole ("Human Services" does not start an actor).
    """
    s = clean(actor)
    pieces = re.split(r"(;\s+(?:and\s+)?|,?\s+and\s+|,\s+)", s)
    members = [pieces[0]]
    for sep, part in zip(pieces[1::2], pieces[2::2]):
        depth = members[-1].count("(") - members[-1].count(")")
        if depth <= 0 and _MEMBER_START.match(part):
            members.append(part)
        else:  # "Office of Management and Budget": not a new member
            members[-1] += sep + part
    return [clean(p) for p in members] if len(members) > 1 else [s]


def is_generic(name: str) -> bool:
    """A name that means a different body in each document ("the Council", "Interagency Working Group")."""
    words = clean(name).lower().split()
    return 0 < len(words) <= 3 and all(w in _GENERIC_WORDS for w in words)


def resolve(actor: str, acronyms: dict[str, str], federal: bool, scope: str | None = None) -> list[Mention]:
    """The entities an actor string names (several for a joint actor), each with its rule.

    `scope` (the document's title): a generic name ("the Council") is one entity per document,
    named "Council (<scope>)", with the rule 'generic name, per document'.
    """
    members = split_joint(actor)
    joint = len(members) > 1
    out: list[Mention] = []
    for member in members:
        m = _resolve_one(member, acronyms, federal)
        if scope is not None and is_generic(m.name):
            name = f"{m.name} ({scope[:80]})"
            m = Mention(text=m.text, key=name.lower(), name=name, rule=m.rule + "; generic name, per document")
        if joint:
            m = Mention(text=clean(actor), key=m.key, name=m.name, rule="joint member; " + m.rule, joint=True)
        if m.key and all(o.key != m.key for o in out):
            out.append(m)
    return out


def _body_short(body: str, federal: bool) -> str | None:
    """The department short name ("the Treasury") of an office's body in a federal text, else None."""
    return _DEPARTMENT_KEYS.get(clean(body).lower()) if federal else None


_QUALIFIER = re.compile(r",?\s+(?:working with|in consultation with|in coordination with|including|acting through)\b.*$")


def _resolve_one(actor: str, acronyms: dict[str, str], federal: bool) -> Mention:
    # "Secretary of the Interior, working with the heads of other agencies": the body is the Interior
    s = clean(_QUALIFIER.sub("", clean(actor)))
    rules: list[str] = []
    # a whole-string acronym: "EPA"
    if s in acronyms:
        s, rules = acronyms[s], ["acronym in text"]
    elif federal and s in FEDERAL_ACRONYMS:
        s, rules = FEDERAL_ACRONYMS[s], ["federal acronym"]
    else:
        # an acronym inside an office title: "Secretary of HHS", "Administrator of the EPA"
        m = _OFFICE.match(s)
        if m and m.group("body") in acronyms:
            s, rules = s[:m.start("body")] + acronyms[m.group("body")], ["acronym in text"]
        elif m and federal and m.group("body") in _ACRONYM_SHORT:
            s, rules = s[:m.start("body")] + _ACRONYM_SHORT[m.group("body")], ["federal acronym"]
    s = clean(s)
    name = s
    m = _OFFICE.match(s)
    head = _HEAD_OFFICES.get(s.lower()) if federal else None
    if head:
        name, rules = "Department of " + head, rules + ["office of body"]
    elif m and " for " not in m.group("body") and "," not in m.group("body") and (_body_short(m.group("body"), federal) or _BODY.search(m.group("body"))):
        short = _body_short(m.group("body"), federal)
        name = "Department of " + short if short else clean(m.group("body"))
        rules.append("office of body")
    elif federal:
        dm = _DEPT_SUFFIX.match(s)
        short = _DEPARTMENT_KEYS.get(dm.group("short").lower()) if dm else _BARE_NAMES.get(s.lower())
        if short:
            name, rules = "Department of " + short, rules + ["department name"]
    if name.lower().startswith("department of "):
        short = _DEPARTMENT_KEYS.get(name[14:].lower().removeprefix("the "))
        if short:
            name = "Department of " + short
    return Mention(text=clean(actor), key=name.lower(), name=name, rule="; ".join(rules) or "exact")
