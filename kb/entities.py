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
- 'short name in text': a short name the document defines ("the Harbour Council (Council)",
  "the Secretary of Labor (Secretary)") is replaced by the full name;
- 'all agencies': "agencies", "each agency", "heads of executive departments and agencies" name one
  group, every agency;
- 'office of body named in text': "Administrator of General Services" heads the "General Services
  Administration" when the text names it so;
- 'secretary named before, per document': a bare "the Secretary" in a federal order that does not define
  it is the Secretary its numbered subsection ("4.2.") or else its section last named as acting before the
  sentence; an order numbered "4.1.", "4.2." without "Sec." headings has its sections found from those
  numbers (else 'the one secretary in text': the one department Secretary the whole order names);
- 'generic name, per document': "the Council", "the Task Force", "any member of the Council",
  "the province", "the city", "such agencies" or a phrase about the document itself ("section 1 of
  this order") is a different body in each document, so such a name is one entity per document.
Deputies, assistants and under secretaries ("Under Secretary of Commerce for
Standards and Technology") are offices of their own and are not merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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
    # plurals and the other nouns that name a body only through the document around them
    "councils", "commissions", "committees", "boards", "groups", "offices", "secretaries", "directors",
    "administrators", "chairs", "co-chair", "chairpersons", "commissioners", "coordinators", "member", "members",
    "agency", "agencies", "department", "departments", "assistant", "official", "officials", "person", "persons",
    "party", "parties", "head", "heads", "function", "role", "emergency", "advisor", "advisors", "designee",
    "designees", "staff", "implementation", "interagency", "federal", "senior", "independent", "regulatory",
    # places a plan names by their kind ("the province", "the city"): the document's own
    "province", "provinces", "city", "cities", "region", "regions", "municipality", "prefecture", "county",
    "district", "town", "local", "provincial", "municipal", "regional",
}
# a word that is generic alone ("the government": the document's) but not in a name ("Federal Government")
_GENERIC_ALONE = {"government", "state", "country", "nation"}
# words that pick out a body only with the sentence around them ("any member of the", "such agencies")
_DETERMINERS = {"a", "an", "the", "this", "these", "those", "such", "any", "each", "every", "all", "its", "their",
                "his", "her", "our", "other", "relevant", "respective", "applicable", "appropriate", "implementing",
                "certain", "that", "no", "of", "to", "for", "and", "in", "on", "shall", "new"}
# "this order", "section 2(a) of this order": a phrase about the document it is in
_DOC_RELATIVE = re.compile(r"\b(?:this|the) (?:order|section|subsection|memorandum|proclamation|plan)\b|\bsection \d",
                           re.IGNORECASE)
# every agency, however a federal text says it: "heads of executive departments and agencies (agencies)",
# "each agency", "head of each agency", "agency heads", "All agencies of the United States Government"
_ALL_AGENCIES = re.compile(
    r"^(?:(?:the\s+)?heads?\s+of\s+)?(?P<q>(?:all|each|every)\s+(?:of\s+the\s+)?)?(?:executive\s+)?"
    r"(?:departments\s+and\s+)?agenc(?P<n>y|ies)(?P<h>\s+heads?)?"
    r"(?:\s+of\s+the\s+(?:United\s+States|Federal\s+Government)(?:\s+Government)?)?(?:\s+\(agencies\))?$",
    re.IGNORECASE)
ALL_AGENCIES = "All executive departments and agencies"


@dataclass(frozen=True)
class Mention:
    """One body an actor string names: the entity key and name, and the rule that linked it."""

    text: str     # the actor string, or the member of a joint actor
    key: str      # what mentions are merged on (lower case)
    name: str     # the entity's display name
    rule: str
    joint: bool = False
    member: str = ""  # the member of a joint actor this link is for (the actor itself when not joint)


def is_us_federal(text: str) -> bool:
    """A US federal document: the short names of departments ("Commerce") mean the Department."""
    return bool(_FEDERAL.search(text[:20000]))


def defined_names(text: str) -> dict[str, str]:
    """Acronyms ("(EPA)") and short names ("(Council)") the text defines, with what they stand for."""
    return {**defined_short_names(text), **defined_acronyms(text)}


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


# "the Secretary of Education (Secretary)", "a White House Gender Policy Council (Council)": a short name
# (one to three capitalised words) that the name before it contains
_SHORT_NAME = re.compile(r"\((?:the\s+)?[\"“]?([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})[\"”]?\)")
_CONNECTORS = {"of", "and", "for", "the", "on", "in", "to", "a", "an"}
_TITLE_WORDS = {"secretary", "secretaries", "administrator", "director", "chair", "chairman", "chairperson",
                "commissioner", "head", "executive", "deputy", "under", "assistant", "chief", "presidential",
                "president's", "white", "national", "federal", "interagency", "committee", "commission",
                "council", "board", "office", "task", "working"}
_ARTICLES = {"the", "a", "an"}


def defined_short_names(text: str) -> dict[str, str]:
    """Short names the text defines for a longer name before them, the first definition of each.

    >>> defined_short_names("There is established the Harbour Safety Council (Council).")
    {'Council': 'Harbour Safety Council'}
    """
    found: dict[str, str] = {}
    for m in _SHORT_NAME.finditer(text):
        short = m.group(1)
        if short in found:
            continue
        before = text[max(0, m.start() - 300):m.start()]
        tokens = list(re.finditer(r"[A-Za-z][\w'’-]*", before))
        run: list[re.Match] = []
        for t in reversed(tokens):
            gap = before[t.end():run[0].start() if run else len(before)]
            if run and not re.fullmatch(r"[\s,]*", gap) or not run and gap.strip():
                break
            if t.group()[0].isupper() or t.group() in _CONNECTORS:
                run.insert(0, t)
            else:
                break
        words = [t.group() for t in run]
        first = next((i for i, w in enumerate(words) if w == short.split()[0]), None)
        if first is None or not set(short.split()) <= set(words):
            continue
        # the name starts after the last article before the short name ("established the X Council"), but
        # "Assistant to the President and ..." keeps its "to the"; a heading's "Establishment of" is cut
        start = max([i + 1 for i, w in enumerate(words[:first]) if w.lower() in _ARTICLES
                     and (i == 0 or words[i - 1] != "to")] or [0])
        if words[start].lower() not in _TITLE_WORDS:
            start = max([start] + [i + 1 for i, w in enumerate(words[:first]) if i >= start and w == "of"])
        while start < len(words) and words[start] in _CONNECTORS:
            start += 1
        name = before[run[start].start():].strip(" ,") if start < len(run) else ""
        if name and name != short and len(name) <= 160:
            found[short] = name
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
    """A name that means a different body in each document: "the Council", "Interagency Working Group",
    "any member of the Council", "such agencies", "Assistant to the President", "those", or a phrase
    about the document itself ("prohibitions in section 1 of this order")."""
    name = clean(name)
    if not name:
        return False
    if _DOC_RELATIVE.search(name):
        return True
    name = re.sub(r"\s+to the President$", "", name)
    words = [w for w in re.findall(r"[a-z][\w'-]*", name.lower()) if w not in _DETERMINERS]
    if len(words) == 1 and words[0] in _GENERIC_ALONE:
        return True
    return len(words) <= 3 and all(w in _GENERIC_WORDS for w in words)


def resolve(actor: str, acronyms: dict[str, str], federal: bool, scope: str | None = None,
            text: str = "", at: int | None = None) -> list[Mention]:
    """The entities an actor string names (several for a joint actor), each with its rule.

    `acronyms`: what the document defines (`defined_names`); `scope` (the document's title): a generic
    name ("the Council" the text does not define) is one entity per document, named "Council (<scope>)",
    with the rule 'generic name, per document'; `text`: the document, where an office's body may be
    named in full; `at`: where the actor's sentence starts in it (a bare "the Secretary" is the Secretary
    the order last named before it, `secretary_named_before`).
    """
    members = split_joint(actor)
    joint = len(members) > 1
    out: list[Mention] = []
    for member in members:
        m = _resolve_one(member, acronyms, federal, text)
        if federal and text and clean(member).lower() == "secretary" and "Secretary" not in acronyms:
            department = secretary_named_before(text, at)
            if department:
                m = Mention(text=m.text, key=f"department of {department}".lower(), name="Department of " + department,
                            rule=department_rule(text, at))
        if scope is not None and m.key != ALL_AGENCIES.lower() and is_generic(m.name):
            name = f"{m.name} ({scope[:80]})"
            m = Mention(text=m.text, key=name.lower(), name=name, rule=m.rule + "; generic name, per document")
        if joint:
            m = Mention(text=clean(actor), key=m.key, name=m.name, rule="joint member; " + m.rule, joint=True)
        m = replace(m, member=member)
        if m.key and all(o.key != m.key for o in out):
            out.append(m)
    return out


# "Secretary of Energy", "Secretary of the Treasury" — not "Under Secretary of ...", "Executive Secretary of ..."
_SECRETARY_OF = re.compile(r"(?<![Aa]ssistant )(?<![Uu]nder )(?<![Dd]eputy )(?<![Ee]xecutive )\bSecretary of (?:the )?"
                           r"(" + "|".join(re.escape(d.removeprefix("the ")) for d in
                                           sorted(FEDERAL_DEPARTMENTS, key=len, reverse=True)) + r")\b")
_SECTION_START = re.compile(r"^\s*(?:Sec\.|Section)\s+\d+", re.M)
# a numbered heading "4.2." (or "4.2. Title"), at the start of a line or, where the parser joined it to the paragraph
# before, after that paragraph's last sentence at the end of a line ("... existing solutions. 4.2.\n\nEnsuring Safe"):
# orders and plans numbered so.  Not a reference inside a sentence ("subsection 4.2(a)", "in section 4.2. The").
_NUMBERED_HEADING = re.compile(r"(?:^[ \t]*|(?<=[.;:!?])[ \t]+)(\d{1,2})\.\d{1,2}\.(?=[ \t]*$|[ \t]+[A-Z])", re.M)
_BARE_SECRETARY = re.compile(r"\bSecretary\b(?! of)")


# a Secretary named as someone consulted, not as the one who acts: "The Secretary of Commerce, in consultation
# with the Secretary of State, the Secretary of Energy, ..., shall define ..."
_CONSULTED = re.compile(r"\b(?:consultation|coordination|consult|consulting|coordinate|coordinating|cooperation|"
                        r"collaboration|collaborate|collaborating|working|together|jointly)\s+with\b")


def _scopes(text: str, at: int | None) -> tuple[list[str], str]:
    """The texts a bare "Secretary" at `at` is read in, narrowest first, each up to it (or to the end of its
    line when it has none): its numbered subsection ("4.2."), then its section ("Sec. 4.", or in a text without
    such headings the run of "4.x." headings it is in, so that a Secretary of section 2 does not carry into
    section 4); and the whole text."""
    if at is None:
        return [], text
    line_end = text.find("\n", at)
    line_end = min(at + 600, len(text) if line_end < 0 else line_end)
    bare = _BARE_SECRETARY.search(text, at, line_end)
    upto = bare.start() if bare else line_end
    starts = [m.start() for m in _SECTION_START.finditer(text, 0, upto)]
    heads = [(m.start(), m.group(1)) for m in _NUMBERED_HEADING.finditer(text, starts[-1] if starts else 0, upto)]
    if starts:
        section = starts[-1]
    elif heads:
        # no "Sec." headings: section N runs from its first "N.x." heading
        k = len(heads) - 1
        while k > 0 and heads[k - 1][1] == heads[-1][1]:
            k -= 1
        section = heads[k][0]
    else:
        section = 0
    narrow = [text[heads[-1][0]:upto]] if heads and heads[-1][0] > section else []
    return narrow + [text[section:upto]], text


def _acting_secretaries(section: str) -> list[str]:
    """The departments of the Secretaries a text names as acting (not those consulted), in order."""
    out = []
    for m in _SECRETARY_OF.finditer(section):
        clause_start = max(section.rfind(".", 0, m.start()), section.rfind("\n", 0, m.start()), section.rfind(";", 0, m.start()))
        if not _CONSULTED.search(section, clause_start + 1, m.start()):
            out.append(m.group(1))
    return out


def secretary_named_before(text: str, at: int | None) -> str | None:
    """The department a bare "the Secretary" of a federal order means: the acting Secretary its numbered
    subsection ("4.2."), else its section, last named before the sentence at `at` ("... the Secretary of Energy
    shall ... The Secretary shall further ...";
    one named "in consultation with" does not count), else the one department Secretary the whole order
    names; None when that is not one department."""
    scopes, whole = _scopes(text, at)
    for scope in scopes:        # the subsection first ("4.2."), then its section
        named = _acting_secretaries(scope)
        if named:
            return _DEPARTMENT_KEYS[named[-1].lower()]
    distinct = {d.lower() for d in _SECRETARY_OF.findall(whole)}
    return _DEPARTMENT_KEYS[distinct.pop()] if len(distinct) == 1 else None


def department_rule(text: str, at: int | None) -> str:
    """The rule that resolved a bare "the Secretary" (see `secretary_named_before`)."""
    return ("secretary named before, per document" if any(_acting_secretaries(x) for x in _scopes(text, at)[0])
            else "the one secretary in text")


def _body_short(body: str, federal: bool) -> str | None:
    """The department short name ("the Treasury") of an office's body in a federal text, else None."""
    return _DEPARTMENT_KEYS.get(clean(body).lower()) if federal else None


_QUALIFIER = re.compile(r",?\s+(?:working with|in consultation with|consulting with|in coordination with|including"
                        r"|acting through|through|with respect to|as appropriate|consistent with|in (?:his|her|their) "
                        r"capacity)\b.*$|\s+\((?:as|in) [^)]*\)$|,?\s+and$")
# an office of a body the text names by its short name or acronym: "Executive Director of the Council"
_OF_BODY = re.compile(r"^(?P<head>.*?\b(?:of|for) (?:the )?)(?P<body>[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,2})$")
# what an office's body is called in full, when the text says so ("Administrator of General Services" heads
# the "General Services Administration")
_BODY_WORDS = ("Administration", "Agency", "Commission", "Board", "Office", "Service", "Council", "Bureau",
               "Foundation")


def _defined(short: str) -> str:
    """The rule for a name the text defines: an acronym ("EPA") or a short name ("the Council")."""
    return "acronym in text" if short.isupper() or sum(ch.isupper() for ch in short) > 1 and " " not in short \
        else "short name in text"


def _resolve_one(actor: str, acronyms: dict[str, str], federal: bool, text: str = "") -> Mention:
    # "Secretary of the Interior, working with the heads of other agencies": the body is the Interior
    s = clean(_QUALIFIER.sub("", clean(actor)))
    rules: list[str] = []
    every = _ALL_AGENCIES.match(s)
    # "agencies", "each agency", "agency heads": all of them; "agency" alone is one agency, read in its document
    if every and (every.group("n") == "ies" or every.group("q") or every.group("h") or s.lower().startswith("head")):
        return Mention(text=clean(actor), key=ALL_AGENCIES.lower(), name=ALL_AGENCIES, rule="all agencies")
    # a whole-string acronym or short name: "EPA", "the Council"
    if s in acronyms:
        s, rules = clean(acronyms[s]), [_defined(s)]
    elif federal and s in FEDERAL_ACRONYMS:
        s, rules = FEDERAL_ACRONYMS[s], ["federal acronym"]
    # an acronym or short name inside an office title: "Secretary of HHS", "Executive Director of the Council"
    # (also when a short name stood for such a title: "the Secretary (Secretary of HHS)")
    m = _OF_BODY.match(s)
    if m and m.group("body") in acronyms and m.group("body") != s:
        s, rules = s[:m.start("body")] + acronyms[m.group("body")], rules + [_defined(m.group("body"))]
    elif m and federal and m.group("body") in _ACRONYM_SHORT and _OFFICE.match(s):
        s, rules = s[:m.start("body")] + _ACRONYM_SHORT[m.group("body")], rules + ["federal acronym"]
    elif m and federal and m.group("body") in FEDERAL_ACRONYMS:
        s, rules = s[:m.start("body")] + FEDERAL_ACRONYMS[m.group("body")], rules + ["federal acronym"]
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
    elif m and text and " for " not in m.group("body") and "," not in m.group("body"):
        # "Administrator of General Services": the text names the body "General Services Administration"
        body = clean(m.group("body"))
        full = next((f"{body} {w}" for w in _BODY_WORDS if f"{body} {w}" in text), None)
        if full:
            name, rules = full, rules + ["office of body named in text"]
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
