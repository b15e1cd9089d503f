"""Who undertakes a commitment: the document's main actor, and resolving mentions to it.

No coreference model installs offline for spaCy 3.8, so this is by rule:
pronouns and generic mentions ("it", "we", "the city", "the province", "the
region", "the country") and agentless passives take the document's main actor,
found from the title, the lead ("Issued by the State Council") and the subjects
of commitment clauses.  "it" first looks for a named subject earlier in the same
sentence ("Hainan Power Grid said it would ..."); "they" takes the last plural
named actor.  Named bodies stay themselves.
"""

from __future__ import annotations

import re
from collections import Counter

PRONOUNS = {"it", "we", "they", "he", "she", "i", "us", "our", "its", "their", "this", "that", "which", "who", "you"}
# Mentions that stand for the document's main actor.
GENERIC = re.compile(
    r"^(?:the\s+)?(?:(?:city|municipal|provincial|regional|autonomous\s+regional|county|national|central|state|"
    r"local|prefectural)\s+)?(?:city|province|region|autonomous\s+region|country|nation|municipality|"
    r"government|administration|state|county|prefecture|two\s+sides|both\s+sides|"
    r"(?:city|municipal|provincial|regional)\s+government)$", re.I)
ACTOR_NOUNS = {
    "government", "agency", "agencies", "department", "departments", "ministry", "ministries", "city", "cities",
    "province", "provinces", "region", "regions", "country", "countries", "state", "states", "county", "counties",
    "council", "office", "secretary", "administrator", "director", "chair", "officer", "officers", "commission",
    "committee", "bureau", "authority", "authorities", "administration", "operator", "operators", "company",
    "companies", "firm", "firms", "platform", "platforms", "side", "sides", "group", "groups", "force", "team",
    "president", "governor", "mayor", "enterprise", "enterprises", "grid", "municipality", "nation", "head",
    "heads", "advisor", "adviser", "members", "member", "party", "parties", "governments", "corporation", "bank",
    "banks", "institution", "institutions", "university", "universities", "we", "it", "they", "sector",
    "owners", "carmakers", "manufacturers", "producers", "developers", "zone", "district", "districts",
    "prefecture", "league", "leagues", "towns", "villages", "schools", "hospitals", "supplier", "suppliers",
    "partner", "partners", "people", "china", "congress", "cabinet", "program", "programme",
}
_DROP_LEAD = re.compile(r"^(?:the|a|an)\s+", re.I)


def is_pronoun(text: str) -> bool:
    return text.strip().lower() in PRONOUNS


def is_generic(text: str) -> bool:
    return bool(GENERIC.match(text.strip().lower()))


def clean_actor(text: str) -> str:
    """A mention as a display name: no leading article, no trailing punctuation."""
    text = re.sub(r"\s+", " ", text).strip(" ,;:.\"'“”")
    return _DROP_LEAD.sub("", text) if text[:4].lower() == "the " else text


_ISSUED_BY = re.compile(r"\b(?i:issued|released|published|adopted|promulgated|signed)\s+by\s+(?:the\s+)?"
                        r"((?:[A-Z][\w'’\-]*\s*)+(?:of\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s*)+)?)")


def main_actor(title: str, lead: str, subject_mentions: list[str], entity_mentions: list[tuple[str, str]],
               title_entities: list[str]) -> str:
    """The document's main actor.

    `title`/`lead`: the title and the first paragraphs; `subject_mentions`: the
    named subjects of commitment clauses (as written); `entity_mentions`:
    (text, label) of GPE/ORG entities in the text; `title_entities`: GPE/ORG
    entities of the title.
    """
    score: Counter[str] = Counter()
    canon: dict[str, str] = {}

    def key(name: str) -> str:
        k = clean_actor(name)
        k = re.sub(r"(?:'s|’s)$", "", k)
        canon.setdefault(k.lower(), k)
        return k.lower()

    for ent in title_entities:
        score[key(ent)] += 5
    # "Hechi to build ...", "Inner Mongolia aims to ...": a title that opens with a name
    m = re.match(r"^((?:[A-Z][\w'’\-]*)(?:\s+[A-Z][\w'’\-]*){0,3})\s+(?:to|will|aims|plans|sets|unveils|launches|issues|pledges|vows|targets|releases)\b", title or "")
    if m:
        score[key(m.group(1))] += 5
    m = re.match(r"^([A-Z][\w'’\- ]{1,60}?)\s*:", title or "")
    if m and len(m.group(1).split()) <= 5 and not re.search(r"\d", m.group(1)):
        score[key(m.group(1))] += 4
    for m in _ISSUED_BY.finditer(lead or ""):
        score[key(m.group(1).strip())] += 4
    for mention in subject_mentions:
        score[key(mention)] += 2
    for text, _label in entity_mentions:
        k = key(text)
        if k in score:
            score[k] += 0.5
    if not score:
        counts = Counter(key(t) for t, _ in entity_mentions)
        if not counts:
            return ""
        return canon[counts.most_common(1)[0][0]]
    best = max(score.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    return canon[best]
