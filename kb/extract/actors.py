"""Who undertakes a commitment: the document's main actor, and resolving mentions to it.

No coreference model installs offline for spaCy 3.8, so this is by rule:
pronouns and generic mentions ("it", "we", "our countries", "the city", "the
province", "the region", "the country") and agentless passives take the
document's main actor.
The main actor is resolved once per document: first who the document says
speaks (`declared_issuer`: the signatories of a declaration, "We, the Leaders of
the G20"; an executive order's Federal Government; "My government" in a speech;
a first-person text that names its body), then the executing agency a project data
sheet names in its field (`executing_agency`), else by score over the title, the lead
("Issued by the State Council"), the named subjects of commitment clauses and
the names the text keeps returning to -- never a thing (`is_thing`: a plan,
programme, prospectus, mission, "our ambition", a purpose clause, a website, a
year, "whose members", "the second sentence of section 3"), a name cut
short ("The City of") or a technology ("IPv6"); an abbreviation is shown by its
full name, and a place that speaks as "we" by its government ("Scottish
Government").  The title read for the issuer is the document's own (`issuer_title`):
the first heading, not a file name's slug; and a plan's title that opens with its
owner ("G7 Clean Energy Economy Action Plan") credits the owner -- what names the
issuer when the body never does ("We are acting ...").  Before any score over names, a city's or
county's name on its title page or letterhead ("City of Pembroke Pines", `local_government`) and,
in a "we" text, a government named at its top ("New Zealand Government", `speaking_government`)
are the issuer.  "the Academy" is the body named in full before it (`full_name`).  "it" first looks for a
named subject earlier in the same sentence ("Hainan Power Grid said it would
..."); "they" takes the last plural named actor.  Named bodies stay themselves.
"""

from __future__ import annotations

import re
from collections import Counter

from kb.extract.lexicon import (ACTOR_NOUNS, AGENT_WORDS, CURRENCY_WORDS, DOCUMENT_NOUNS, ECONOMIC_SECTOR_WORDS, FIRST_PERSON_GROUP, GENERIC, HEADLINE_VERBS, INITIATIVE_HEADS,
                                ISSUER_NOUNS, ISSUING_VERBS, MEASURE_UNITS, OWNED_BODIES, PEOPLE_NOUNS, PRONOUNS, PROJECT_PART_NOUNS, SIGNATORY_NOUNS,
                                PRESENTED_BY, SPEAKER_GOVERNMENT, TECHNOLOGY_ABBREVIATIONS, THING_NOUNS, THING_OPENERS, WELL_KNOWN_ABBREVIATIONS)

# Units and currencies the entity recogniser takes for organisations ("MW", "GWh", "RMB"): never an actor.
_UNITS = {u.lower() for u in MEASURE_UNITS} | {c.lower() for c in CURRENCY_WORDS} | {"rmb", "co2", "ghg", "bau"} \
    | TECHNOLOGY_ABBREVIATIONS

_DROP_LEAD = re.compile(r"^(?:the|a|an)\s+", re.I)


def is_pronoun(text: str) -> bool:
    word = text.strip()
    if len(word) >= 2 and word.isupper():
        # "ITS shall issue a provisional Open Data Handbook" (New York's Office of Information
        # Technology Services), "US": a pronoun's word in capitals is an acronym, a name
        return False
    return word.lower() in PRONOUNS


def is_generic(text: str) -> bool:
    low = re.sub(r"\s+", " ", text.strip().lower())
    return bool(GENERIC.match(low)) or bool(FIRST_PERSON_GROUP.match(low))


_POSSESSIVE_OR_ARTICLE = re.compile(r"^(?:the|a|an|our|its|their|this|these|that|those|such|new|each|every|all|"
                                    r"any|limited|following)\s+", re.I)
# A noun's head is before its complement: a preposition, a relative clause, or a participle with its own
# phrase ("Each report submitted under subsection (a)", "the plan developed pursuant to section 3").
_HEAD_CUT = re.compile(r"\s+(?:of|for|to|on|in|from|under|with|by|that|which|who|as|until|during|within|[a-z]+ed\s+(?:under|by|pursuant|"
                       r"in|to|for|on|with|through|at))\s+.*$", re.I | re.S)


# Heads of a body described rather than named ("This working group will develop ...", "Our
# working groups will continue ..."; train: fr-omb-fedramp-draft-2023, multi-quad-leaders-2021):
# a body that can promise, not a thing.
_COLLECTIVE_BODIES = frozenset({"group", "committee", "council", "board", "commission", "panel", "team", "taskforce",
                                "coalition", "partnership", "secretariat"})


# A time taken for an actor (train: dev-adb-pds-bangladesh-power-system-efficiency "by Q2 2015" read as
# a passive's agent; ndc-mus "announced in August 2015, which aims ..." read as the subject).
_MONTH_NAMES = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_TIME = re.compile(r"(?:(?:the\s+)?(?:end|middle|beginning|start)\s+of\s+)?(?:the\s+)?(?:"
                   r"q[1-4]|(?:first|second|third|fourth)\s+quarter(?:\s+of)?|" + _MONTH_NAMES + r"|"
                   r"(?:early|late|mid)[-\s]?|spring|summer|autumn|fall|winter)(?:\s+(?:19|20)\d\d)?")


# A sum of money taken for the subject: a currency sign or code and a number ("US $ 54 per capita",
# "$2 million", "€ 300", "Tk 1,200 crore")
_AMOUNT = re.compile(r"(?:US\s?)?(?:[$€£¥]|USD|EUR|GBP|Tk|Rs\.?)\s?\d")
# "the Forestry Sector Strategy (2016-2025": a year or span after a name is not its head
_TRAILING_YEAR = re.compile(r"\s+\(?(?:19|20)\d\d(?:[-–/]\d{2,4})?\)?$")
# a project's part by its label, as the end of a subject's head: "Part B", "Component 2.1", "Phase II"
_PROJECT_PART = re.compile(r"\b(?:" + "|".join(PROJECT_PART_NOUNS) + r")\s+(?:[A-Z]|\d+(?:\.\d+)*[a-z]?|[IVX]+)$", re.I)
# "The Project, when completed, will ...", "The Department, in consultation with X": a clause set off by
# a comma after the subject is not its head
_PARENTHESIS = re.compile(r",\s+(?:when|which|once|if|as|where|while|after|before|having|being|in|with|"
                          r"together|through|upon)\b.*$", re.I | re.S)


def is_thing(text: str) -> bool:
    """A subject that cannot promise anything: a document, programme, plan, purpose clause
    or heading ("our ambition", "This strategy", "the National Defense Stockpile", "such
    inflows", "To reduce emissions, ..."), by its head noun (THING_NOUNS)."""
    t = re.sub(r"\s+", " ", text or "").strip(" ,;:.\"'“”‘’()")
    if not t:
        return False
    low = t.lower()
    if low.startswith(("to ", "in order to ")):
        return True                   # a purpose clause taken for the subject
    if re.fullmatch(r"(?:www\.)?[\w\-]+(?:\.[\w\-]+)*\.(?:gov|com|org|net|eu|int|uk|io)", low) \
            or re.match(r"(?:https?://|www\.)\S", low):
        return True                   # "Code.gov", "https://www.example.gov/a11.pdf": a website or a web address
    if low.startswith("one of "):
        return is_thing(t[7:])        # "One of the significant efforts of the Bank": what it is one of
    if not re.search(r"[a-z]", low):
        return True                   # "2016", "15%": a year or a number the parser took for the subject
    if _TIME.fullmatch(low):
        return True                   # "contract will be awarded by Q2 2015", "announced in August 2015, which aims":
                                      # a time the parser took for the agent or subject
    if low.startswith("whose "):
        return True                   # "whose members are committed to ...": the body before it undertakes
    if re.match(r"(?:the\s+)?(?:first|second|third|fourth|last|final)\s+(?:sentence|paragraph|clause|subsection)\b", low):
        return True                   # "the second sentence of section 203(b)": a place in a text
    if _AMOUNT.match(t):
        return True                   # "US $ 54 per capita", "Tk 300 crore": a sum of money
    first = low.split(" ")[0]
    # "The Project, when completed, will ...": what follows a comma is a parenthesis, not the head;
    # "the National Nutrition Policy 2014": the year after a name is not its head
    head = _TRAILING_YEAR.sub("", _HEAD_CUT.sub("", _PARENTHESIS.sub("", t)))
    while True:
        cut = _POSSESSIVE_OR_ARTICLE.sub("", head)
        if cut == head:
            break
        head = cut
    words = re.findall(r"[\w'’\-]+", head.lower())
    if not words:
        return first in THING_OPENERS
    if _PROJECT_PART.search(head):
        return True                   # "Part B of the project", "Component 2": a part of a project (PROJECT_PART_NOUNS)
    last = re.sub(r"(?:'s|’s)$", "", words[-1])
    if last in THING_NOUNS:
        return True
    if last in ("sector", "sectors") and len(words) >= 2 and words[-2] in ECONOMIC_SECTOR_WORDS:
        return True                   # "the transport sector", "the forestry sector": an area of the economy
    whole_last = re.sub(r"(?:'s|’s)$", "", low.split(" ")[-1])
    if first in THING_OPENERS and whole_last in THING_NOUNS:
        return True                   # "Our new Invest in Scotland Prospectus"
    # "our ambition", "such inflows", "limited resources": a possessive or "such" before a common noun
    return first in THING_OPENERS and not t.split(" ")[-1][:1].isupper() and last not in AGENT_WORDS \
        and last not in PEOPLE_NOUNS and last not in _COLLECTIVE_BODIES and last[:-1] not in _COLLECTIVE_BODIES



# Head nouns of a body that a text, once it has named it in full, goes on calling "the Academy",
# "the Task Force", "the Council" (train: eu-energy-union-task-force-2025 "Energy Union Task Force",
# state-hartford-energy-action-plan "Clean Energy Task Force", fr-cio-council-charter-2020
# "Federal CIO Council").
_SHORT_NAMED_BODIES = _COLLECTIVE_BODIES | {"academy", "agency", "authority", "institute", "force"}
_NOT_NAME_WORDS = r"(?:The|A|An|This|That|These|Our|Its|Their|In|By|For|To|Of|And|With|New)\b"


def full_name(short: str, mention: str, before: str) -> str:
    """The body that "the Academy" means: the last name in `before` (the text up to the
    mention) that ends in the same head and has capitalised words before it ("a new National
    Train Driver Academy" -> "National Train Driver Academy"); `short` itself when the mention
    has no "the", is not a body's head noun, or no such name came before."""
    if not re.match(r"the\s", mention.strip(), re.I) or not re.fullmatch(r"[A-Z][a-z][\w\-]*(?:\s+[A-Z][a-z][\w\-]*)?", short):
        return short
    if short.split()[-1].lower() not in _SHORT_NAMED_BODIES:
        return short
    names = [re.sub(r"\s+", " ", m.group(1) + short) for m in re.finditer(
        r"\b((?:(?!" + _NOT_NAME_WORDS + r")[A-Z][\w'’\-]*\s+){1,4})" + re.escape(short) + r"\b", before)]
    if not names:
        return short
    # "the Financing Coalition" after "the European Energy Efficiency Financing Coalition": the full form
    return max((n for n in names if n.endswith(" " + names[-1]) or n == names[-1]), key=len)


def is_common_thing(text: str, actor_nouns: set[str] | frozenset[str]) -> bool:
    """A subject that is a plain common noun phrase naming no body or person ("quarterly
    newsletters", "new homes consented from 2024", "Non-fossil fuels"): no capitalised
    name in it and a head that is not an actor noun."""
    t = re.sub(r"\s+", " ", text or "").strip(" ,;:.\"'“”‘’()")
    if not t or re.search(r"[A-Z]", t[1:]) or re.search(r"\d", t):
        return False
    head = _HEAD_CUT.sub("", t)
    words = re.findall(r"[A-Za-z'’\-]+", head.lower())
    if not words:
        return False
    known = set(actor_nouns) | PEOPLE_NOUNS | AGENT_WORDS
    # "forces participating in the scheme": any noun of the phrase that names people or a body
    return not any({w, w[:-1] if w.endswith("s") else w} & known for w in words)


_POSSESSIVE_BODY = re.compile(r"^(their|its|our)\s+(?:(?:respective|own|relevant|participating)\s+)?([\w\-]+(?:\s+[\w\-]+)?)$",
                              re.I)


def possessive_owner(text: str) -> str:
    """ "their respective agencies", "its staff", "our ministries": a body named through its
    owner -- "their"/"its"/"our" (lower case), else "".  The record's actor is the owner."""
    m = _POSSESSIVE_BODY.match(re.sub(r"\s+", " ", text.strip()))
    if not m:
        return ""
    head = m.group(2).lower().split()[-1]
    return m.group(1).lower() if head in OWNED_BODIES else ""




_OWNER = re.compile(r"^(?:\(?[A-Za-z0-9]{1,3}[.)]\s+)?(?:the\s+)?(?P<owner>[\w\-]+(?:\s+[\w\-]+){0,5}?)(?:'s|’s|s'|s’)\s+\S")


def thing_owner(text: str) -> str:
    """ "Agencies' public websites", "the Harbour Board's annual report": a thing whose owner
    the mention names; the owner (a body, not another thing) undertakes.  "" when none."""
    m = _OWNER.match(re.sub(r"\s+", " ", text.strip()))
    if not m:
        return ""
    owner = m.group("owner")
    if text[m.end("owner"):].startswith(("s'", "s’")):
        owner += "s"                  # "Agencies' websites": the plural owner keeps its "s"
    last = owner.lower().split()[-1]
    if is_thing(owner) or is_pronoun(owner) or not (last in OWNED_BODIES or last in AGENT_WORDS or
                                                     any(last == n or last == n + "s" for n in ISSUER_NOUNS)):
        return ""                     # "Scotland's Climate Plan": a place's plan; its government speaks
    return owner


# "This Partnership", "the partnership": an initiative described by its head noun
_DESCRIBED_INITIATIVE = re.compile(r"(?:this|the)\s+(?:[\w\-]+\s+){0,2}?(?P<head>[\w\-]+)", re.I)


def names_an_initiative(mention: str, before: str) -> bool:
    """A subject that names an initiative the text launches or joins rather than a body that can
    promise: an abbreviation the text spells out as one ("CEAH" after "the Citizen Energy Advisory
    Hub (CEAH)") or the initiative by its head noun ("This Partnership will further strengthen our
    collaboration").  Its duties are its owner's (ANNOTATION.md section 2: "never an object, a
    program or a thing")."""
    m = re.sub(r"\s+", " ", mention or "").strip(" ,;:.\"'“”")
    d = _DESCRIBED_INITIATIVE.fullmatch(m)
    if d and d.group("head").lower() in INITIATIVE_HEADS:
        return True
    name = _DROP_LEAD.sub("", m)
    if not re.fullmatch(r"[A-Z][A-Z0-9&]{1,7}", name):
        return False
    if abbreviates_common_words(name, before or ""):
        return True                     # "the draft environmental impact statement (DEIS)": a thing, as for
                                        # the main actor (`main_actor`)
    full = expand_abbreviation(name, before or "")
    if full == name:
        return False
    head = _HEAD_CUT.sub("", full).split(" ")[-1].lower()
    # "the Data & Analytics Framework (DAF)", "the Multi-Species Habitat Conservation Plan (MSHCP)", "the
    # National Reconstruction Fund (NRF)": the abbreviation of a plan, a framework or a fund names that thing
    return head in INITIATIVE_HEADS or is_thing(full)


def split_heading(text: str) -> str:
    """A mention with a heading glued before it (a line break, or a run of capitalised
    words that is a heading: "Target Encourage employees") keeps its last line."""
    if "\n" in text:
        lines = [ln for ln in text.split("\n") if ln.strip()]
        return lines[-1] if lines else text
    return text


def clean_actor(text: str) -> str:
    """A mention as a display name: no leading article, no trailing punctuation."""
    text = re.sub(r"\s+", " ", text).strip(" ,;:.\"'“”")
    # "Non-corporate Commonwealth entities1 are required to ...": a PDF's footnote mark glued to the
    # name's last word is no part of the name
    text = re.sub(r"(?<=[a-z]{3})\d{1,2}$", "", text)
    # "IN GENERAL.—The Secretary", "(A) DIRECTOR OF OMB.—The Director": a statute's paragraph heading
    # (United States Code style, a heading closed by a period and an em dash) is no part of the name
    text = _STATUTE_HEADING.sub("", text)
    # "agencies that have field offices in distressed regions or zones that ...": a long
    # relative clause describes the actor; the name is the noun phrase before it
    # "the Secretary, through the Assistant Secretary,", "the Director, in consultation with ...":
    # who helps is not who undertakes
    text = _HELPER_TAIL.sub("", text)
    # "all agencies (as described in section 3502(1) of title 44 ...)": a citation says which, it names nobody
    text = re.sub(r"\s*\((?:as\s+|see\s+|defined\s+|described\s+|pursuant\s+)[^()]*(?:\([^()]*\)[^()]*)*\)", "", text)
    rel = _RELATIVE_TAIL.search(text) or _ESTABLISHED_TAIL.search(text)
    if rel and rel.start() > 0 and len(text.split()) > 6:
        text = text[:rel.start()].rstrip(" ,")
    # "This working group": a described body is shown without its demonstrative
    text = _DEMONSTRATIVE_BODY.sub("", text)
    return _DROP_LEAD.sub("", text) if text[:4].lower() == "the " else text


# a statute's paragraph heading before its text: "(1) IN GENERAL.—", "MAJOR INCIDENT.—", "SECRETARY.—"
_STATUTE_HEADING = re.compile(r"^(?:\(\w{1,4}\)\s*)*[^.—–\n]{2,60}\.\s?[—–]\s*(?=\S)")
_DEMONSTRATIVE_BODY = re.compile(r"^(?:this|these|that|those)\s+(?=(?:[\w\-]+\s+){0,2}(?:"
                                 + "|".join(sorted(_COLLECTIVE_BODIES)) + r")s?$)", re.I)
# "the Secretary, through the Assistant Secretary,", "the Attorney General, working with the heads of other
# agencies as appropriate", "the Secretary of the Interior, as appropriate and consistent with applicable
# law, ...", "the United States—through an element of the Intelligence Community ...": a helper, a hedge
# or a means after the name, not part of it
_HELPER_TAIL = re.compile(r"(?:,\s+|\s*[—–]\s*)(?:acting\s+)?(?:through|in\s+(?:coordination|consultation|cooperation)\s+with"
                          r"|working\s+(?:with|through)|as\s+appropriate|consistent\s+with|to\s+the\s+extent|"
                          r"as\s+permitted\s+by)\s.*$", re.I | re.S)
# ("two Co-Chairs, one of whom shall be the Secretary of X": a relative after "one of" too)
_RELATIVE_TAIL = re.compile(r",?\s+(?:(?:one|each|both|all|either|neither)\s+of\s+)?(?:that|which|who|whom|whose)\s+\S.*$",
                            re.S)
# "the Co-Chairs of the Working Group on Equitable Data established in Executive Order 13985 of ...":
# where a body comes from says which it is, it is no part of its name
# "The Intelligence Community Assessment referenced in subsection (a)(i) of this section", "the report
# required by section 2": where a thing is called for says which it is, too
_ESTABLISHED_TAIL = re.compile(r",?\s+(?:established|created|designated|convened|chartered|referenced|described|required|"
                               r"specified|called\s+for)\s+(?:in|by|under|pursuant\s+to)\s"
                               r".*$", re.S)


_ISSUED_BY = re.compile(r"\b(?i:" + "|".join(ISSUING_VERBS) + r")\s+by\s+(?:the\s+)?"
                        r"((?:[A-Z][\w'’\-]*\s*)+(?:of\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s*)+)?)")


_SIGNATORIES_TITLE = re.compile(r"\b([A-Z][A-Za-z]*\d*[A-Za-z\d]*)[\s\\_]+(?:[A-Z][a-z]+[\s\\_]+){0,2}Leaders\b")
# A joint text's title names who speaks: "Joint Statement by the Prime Ministers of A and B",
# "Declaration of the Governments of A, B and C", "A-B Joint Declaration", "Carbis Bay G7 Summit
# Communiqué" -- the "we" of its sentences is that group.
_TEXT_KINDS = r"(?:Joint\s+)?(?:Statement|Declaration|Communiqu[eé]|Communique|Agreement|Memorandum\s+of\s+Understanding)"
_GROUP = r"(?:" + "|".join(SIGNATORY_NOUNS + ("prime ministers", "presidents", "heads of delegation", "foreign ministers")) + r")"
_TITLE_NAME = (r"[A-Z][\w'’\-]*(?:\s+(?:of\s+(?:the\s+)?|(?:von|van|der|den|de|da|du|di|bin|al)\s+(?:der\s+|den\s+)?)?"
               r"(?!Joint\b)[A-Z][\w'’\-]*)*")
_JOINT_TITLE = re.compile(r"\b" + _TEXT_KINDS + r"\s+(?i:of|by|from|between)\s+(?:the\s+)?(?:(?i:" + _GROUP + r")\s+of\s+(?:the\s+)?)?"
                          r"(?P<names>" + _TITLE_NAME + r"(?:,\s+(?:the\s+)?" + _TITLE_NAME + r")*"
                          r",?\s+and\s+(?:the\s+)?" + _TITLE_NAME + r")")
# "U.S.-Singapore Joint Leaders' Statement", "United States – Aotearoa New Zealand Joint Statement",
# "United States-Australia-Japan Joint Statement", "U.S.-Russia Presidential Joint Statement": the
# parties joined by dashes before the kind of text (a name of one to three words, "of" inside it).
# A word of a title's topic ("Strategic", "High-Level", "Agreement") ends a party's name, and a
# compound's first part ("Indo-Pacific", "Asia-Pacific") is no party.
_TITLE_WORDS = (r"Joint|Leaders|Presidential|Ministerial|Summit|Strategic|Partnership|Agreement|Dialogue|Framework|"
                r"Security|Economic|Trade|High|Level|Cooperation|Alliance|Relationship|Statement|Declaration|Initiative|"
                r"Energy|Climate|Technology|Health|Defen[cs]e|Space|Science|Innovation|Investment|Infrastructure|"
                r"Development|Clean|Critical|Digital|Cyber|Maritime|Nuclear|Education|Supply|Comprehensive|Global|"
                r"Bilateral|Vision|Council|Commission|Committee|Forum|Consultations|Talks|Meeting")
_PARTY = (r"(?!(?:Indo|Asia|Euro|Sino|Afro|Anglo|Trans|Pan|Inter|Latin|Mid)\b)(?!(?:" + _TITLE_WORDS + r")\b)"
          r"[A-Z][\w'’.]*(?:\s+(?:of\s+(?:the\s+)?)?(?!(?:" + _TITLE_WORDS + r")\b|[A-Z]\.)[A-Z][\w'’]*){0,2}")
_PARTIES = r"(?P<pair>" + _PARTY + r"(?:\s*[-–—/]\s*" + _PARTY + r")+)"
_PAIR_TITLE = re.compile(r"(?:^|(?<=\s))(?:the\s+)?" + _PARTIES + r"\s+(?=(?:[A-Z][\w'’]*\s+){0,2}?(?:Joint|Leaders['’]?|Summit)\s)"
                         r"(?:(?:Presidential|Ministerial|Summit|Joint|Leaders['’]?)\s+){1,3}"
                         r"(?:Statement|Declaration|Communiqu[eé])\b")
# "Joint Statement on the U.S.-Ukraine Strategic Partnership", "Joint Statement: U.S.-Mexico High-Level
# Security Dialogue", "Joint Statement on Framework for United States-El Salvador Agreement on Trade":
# in a joint text's title, the parties to the partnership, dialogue or agreement it is about
_JOINT_TEXT = re.compile(r"\b(?:Joint|Leaders['’]?)\s+(?:[A-Z][\w'’]*\s+){0,2}(?:Statement|Declaration|Communiqu[eé])\b")
_LEADERS_OF_TITLE = re.compile(r"\b(?i:" + _GROUP + r")\s+of\s+(?:the\s+)?(?P<names>" + _TITLE_NAME
                               + r"(?:,\s+(?:the\s+)?" + _TITLE_NAME + r")*,?\s+and\s+(?:the\s+)?" + _TITLE_NAME + r")")
_PAIR_TOPIC = re.compile(r"(?:^|(?<=\s))" + _PARTIES + r"\s+(?:[A-Z][\w'’\-]*\s+(?:and\s+)?){0,3}?"
                         r"(?:Strategic|Partnership|Agreement|Dialogue|Framework|Summit|Alliance|Relationship|Cooperation|"
                         r"High-Level|Council|Commission|Committee|Forum|Consultations|Talks|Meeting)\b")
# "Readout of the A-B Dialogue", "Fact Sheet: A-B Partnership": one side's account, not the parties'
_ONE_SIDE = re.compile(r"\s*(?i:readout|fact\s+sheet|remarks|press|background|transcript)\b")
# "Public-Private Partnership", "State-Local Dialogue": kinds of party, not parties
_NOT_PARTIES = frozenset({"public", "private", "state", "local", "federal", "national", "regional", "cross", "multi",
                          "non", "co", "self", "high", "low", "long", "short", "north", "south", "east", "west",
                          "government", "industry", "business", "community", "city", "county", "university"})
# "Joint Statement Following the Meeting Between President Biden and President Lula", "Leaders' Joint
# Statement in Commemoration of the Anniversary of the Alliance between A and B": in a joint text's
# title, the two sides of "between" are its parties (bench/main_actor: multi-joint-14, multi-joint-29)
_BETWEEN_TITLE = re.compile(r"\b(?i:between)\s+(?:the\s+)?(?P<names>" + _TITLE_NAME + r"(?:,\s+(?:the\s+)?" + _TITLE_NAME
                            + r")*,?\s+and\s+(?:the\s+)?" + _TITLE_NAME + r")")
# "Statement from National Security Advisor Jake Sullivan Welcoming the Aqaba Meeting", "Statement by
# President Joe Biden on ...": the one who speaks; a title-case title's gerund or preposition ends the name
_SPEAKER_STOP = r"(?:On|In|At|For|To|Of|After|Following|Ahead|Regarding|About|Upon|With|Concerning|And|As|[A-Z][a-z]+ing)\b"
_STATEMENT_BY = re.compile(r"^\s*Statement\s+(?i:from|by)\s+(?:the\s+)?(?P<who>(?!" + _SPEAKER_STOP
                           + r")[A-Z][\w.'’\-]*(?:\s+(?!" + _SPEAKER_STOP + r")[A-Z][\w.'’\-]*)*)")
_GROUP_TITLE = re.compile(r"\b(?P<g>G\d{1,2}|[A-Z][A-Z\d]{1,6})[\s\\_]+(?:(?i:summit|ministerial|ministers['’]?)[\s\\_]+)?"
                          r"(?:Joint\s+)?(?:Statement|Declaration|Communiqu[eé]|Communique)\b")
# "We, the leaders of A, B, and C, met ...", "We the Leaders of the Group of Seven (G7) remain ...",
# "we the governments of A, the Republic of B, and C are pleased ...", "We, the G20 Leaders, ...":
# the signatories, up to a comma or the verb that follows them
_SIGNATORY_GROUP = "|".join(SIGNATORY_NOUNS + ("member states",))
_AFTER_SIGNATORIES = r"(?=\s*,|\s+(?!(?:of|and|the|for|in|on|de|du|d)\b)[a-z])"
_SIGNATORIES_LEAD = re.compile(
    r"\b(?i:we),?\s+(?i:the)\s+(?:(?:(?P<own>[A-Z][\w\-]*\d*)\s+)?(?i:" + _SIGNATORY_GROUP + r")\s+of\s+(?:the\s+)?(?P<of>[^.;:\n]{2,160}?)"
    + _AFTER_SIGNATORIES + r"|(?P<pre>[A-Z][\w\-]*\d*)\s+(?i:" + _SIGNATORY_GROUP + r")\s*,)")
# "the Quad partners of", "the G20 members of": a group's own name before "partners" or "members",
# or a name with a digit or two capitals before "leaders" -- not "the Prime Ministers of", "the
# Energy Ministers of", "the Joint Leaders of"
_OWN_GROUP = re.compile(r"\b[A-Z][\w\-]*\s+(?i:partners|members)\s+of\b|\b(?=\w*\d|[A-Z]\w*[A-Z])[A-Z][\w\-]*\s+(?i:leaders)\s+of\b")
_CALLED = re.compile(r"\bas\s+[“\"‘']?(?:the\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2})[”\"’']")
# a name in a list of signatories: "Canada", "the Republic of Korea", "Côte d’Ivoire", "Guinea-Bissau"
_LIST_NAME = r"(?:the\s+)?[A-Z][\w\-’'.]*(?:\s+(?:(?:of|de|du|del)\s+(?:the\s+)?|d[’'])?[A-Z][\w\-’'.]*){0,3}"
_LISTED = re.compile(r"((?:" + _LIST_NAME + r"(?:,\s+(?:and\s+)?|\s+and\s+))+" + _LIST_NAME + r")" + _AFTER_SIGNATORIES)
# "We, Angola, Argentina, Brazil, ..., and the United States, as coastal countries ...": the
# signatories listed straight after "We" (three names at least: "We, Canada and Chile" is rare)
_WE_LISTED = re.compile(r"\b[Ww]e,\s+(" + _LIST_NAME + r"(?:,\s+" + _LIST_NAME + r"){1,},?\s+and\s+" + _LIST_NAME
                        + r")" + _AFTER_SIGNATORIES)
# "We, the U.S. Fish and Wildlife Service (Service), announce ...": a body that names itself beside
# "We", as a Federal Register notice or rule opens (train: fr-fws-midwest-wind-mshcp-draft-eis-2016;
# agencies' notices and final rules write it so throughout the Register).  The name must end in a
# body's noun (`ISSUER_NOUNS`: "Service", "Agency", "Department"), so "We, the undersigned," and
# "We, the Leaders of ..." (read above) are not taken.
_WE_THE_BODY = re.compile(r"\bWe,\s+the\s+((?:[A-Z][\w'’.\-]*\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?){0,8}[A-Z][\w'’\-]*)"
                          r"\s*(?:\([^()]{1,40}\)\s*)?,")
_EXECUTIVE_ORDER = re.compile(r"^Executive\s+Order\b|\bauthority\s+vested\s+in\s+me\s+as\s+President\b", re.I)
# A President's memorandum by its heading or title: "NATIONAL SECURITY MEMORANDUM/NSM-16", "National Security
# Memorandum on ...", "Presidential Memorandum on ..."
_PRESIDENTS_MEMORANDUM = re.compile(r"^\s*(?:national\s+security|presidential)\s+memorandum\b", re.I)
_NAME = r"(?:[A-Z][\w'’\-]*)(?:\s+(?:(?:of|for|and|on)\s+(?:the\s+)?)?[A-Z][\w'’\-]*)*"
# The office an order's signer holds, in the enacting formula of a governor's or a mayor's order: "I, Pat
# Quinn, Governor of the State of Illinois, pursuant to the executive authority ...", "I, Andrew M. Cuomo,
# Governor of the State of New York, ... do hereby order" -> "State of Illinois", "State of New York"
# (round 52, train: the Illinois and New York open-data orders); "Mayor of the City of X" -> "City of X".
# Also the formula without the name: "by the power vested in me as the Mayor of the City of New York"
# (round 53, train: two New York City mayoral orders, one of which went to the Federal Government).
_ISSUING_OFFICE = re.compile(r"(?:\bI,\s+[A-Z][^,;]{1,60},|\bvested\s+in\s+me\s+as\s+(?:the\s+)?)\s*"
                             r"(?:(?P<gov>Governor)|Mayor)\s+of\s+(?:the\s+)?"
                             r"(?:(?P<body>State|Commonwealth|City|County|Territory)\s+of\s+)?(?P<place>[A-Z][\w.'’\-]*"
                             r"(?:\s+[A-Z][\w.'’\-]*){0,3})")
_WE_IN = re.compile(r"\b(?:we|our)\b[^.;\n]{0,60}?\b(?:in|at|of|from)\s+the\s+(" + _NAME + ")")


# "release_of_the_alpha_digital_service_standard", "uk-dwp-single-departmental-plan-2015": a file
# name or a web address's slug, not a title (train: nat-au-alpha-digital-service-standard-2015,
# nat-au-digital-service-standard-scope-2015)
_SLUG = re.compile(r"[a-z0-9]+(?:[_\-][a-z0-9]+){2,}")


def issuer_title(title: str, first_heading: str) -> str:
    """The title to read the issuer from: a title that is a file name's slug
    ("introducing_the_digital_transformation_office") gives way to the first heading."""
    if _SLUG.fullmatch((title or "").strip()) and first_heading:
        return first_heading
    return title or ""


# A national climate pledge's title names its party: "Intended Nationally Determined Contribution
# (INDC) of Niger", "INTENDED NATIONALLY DETERMINED CONTRIBUTION OF CABO VERDE", "Nigeria's Intended
# Nationally Determined Contribution", "Submission by Iceland to the ADP".  A name in capitals is shown
# in title case; it ends before "to the UNFCCC", "under ...", "(INDC)".
_PARTY_WORD = r"(?!(?i:to|under|for|in|on|towards|pursuant|submitted|submission|indc|ndc|unfccc)\b)[A-Z][\w'’\-]*"
_PARTY_NAME = _PARTY_WORD + r"(?:\s+(?:(?i:of|and)\s+(?:(?i:the)\s+)?)?" + _PARTY_WORD + r"){0,4}"
_NDC = r"(?i:(?:intended\s+)?nationally\s+determined\s+contributions?)"
_PLEDGE_TITLE = re.compile(
    _NDC + r"(?:\s*\([^)]*\))?\s*[»”\"']?\s*(?i:of|from|for|by)\s+(?:(?i:the)\s+)?(?P<party>" + _PARTY_NAME + r")"
    r"|^\s*(?:(?i:the)\s+)?(?P<owner>" + _PARTY_NAME + r")['’][sS]\s+" + _NDC
    + r"|^\s*(?i:submission)\s+(?i:by|of|from)\s+(?:(?i:the)\s+)?(?P<submitter>" + _PARTY_NAME + r")")


def pledge_party(title: str) -> str:
    """The party a national climate pledge's title names, or ""."""
    m = _PLEDGE_TITLE.search(title or "")
    if not m:
        return ""
    name = re.sub(r"\s+", " ", m.group("party") or m.group("owner") or m.group("submitter"))
    # "Submission of Japan's Intended Nationally Determined Contribution": the owner, not what it owns
    name = re.split(r"['’][sS]\b", name)[0]
    if name.isupper():
        name = " ".join(w if w.lower() not in ("of", "and", "the") else w.lower() for w in name.title().split())
    return name


def declared_issuer(title: str, lead: str) -> str:
    """The issuer when the document says who speaks: the signatories of a declaration
    ("We, the Leaders of the G20", "Quad Leaders' Statement"), an executive order (the
    Federal Government), a speech ("My government will ..."), a first-person text that
    names its body ("Everything we do in the Department for Work and Pensions"), a UK command
    paper (the minister who presents it to Parliament)."""
    # "U.S.-Singapore Joint Leaders' Statement": the parties, not the last of them
    joint = joint_title_issuer(title or "")
    if joint:
        return joint
    party = pledge_party(title or "")
    if party:
        return party
    m = _SIGNATORIES_TITLE.search(title or "")
    if m and m.group(1).lower() not in ("joint", "the", "world", "global"):
        return m.group(1)
    m = _SIGNATORIES_LEAD.search(lead or "")
    if m:
        # "We, the leaders of Australia, India, Japan, and the United States, convened today as
        # 'the Quad'": the name the signatories give themselves, else the list as written
        rest = (lead or "")[m.end():m.end() + 300].split(". ")[0]
        named = _CALLED.search(rest)
        if named:
            return named.group(1)
        name = (m.group("of") or m.group("pre") or "").strip()
        if m.group("of"):
            listed = _LISTED.match((lead or "")[m.start("of"):m.start("of") + 200])
            if listed:
                name = listed.group(1)
            # "We the Quad partners of Australia, India, Japan, and the United States": the name
            # the group gives itself
            if m.group("own") and (listed or not is_thing(name)) and _OWN_GROUP.search(m.group(0)):
                name = m.group("own")
        if name and not is_thing(name):
            return clean_actor(name)
    m = _WE_LISTED.search((lead or "")[:1000])
    if m:
        return clean_actor(m.group(1))
    m = _WE_THE_BODY.search((lead or "")[:3000])
    if m and m.group(1).split()[-1].lower() in ISSUER_NOUNS:
        return clean_actor(m.group(1))
    parties = _JOINT_TEXT.search(title or "") and lead_parties(lead or "")
    if parties:
        return parties
    m = PRESENTED_BY.search((lead or "")[:3000])
    if m:
        # a command paper's presenter ("the Secretary of State for Health"), not "Parliament"
        return clean_actor(m.group(1))
    if _EXECUTIVE_ORDER.search(title or "") or _EXECUTIVE_ORDER.search((lead or "")[:3000]):
        return "Federal Government"
    if _PRESIDENTS_MEMORANDUM.match(title or "") or _PRESIDENTS_MEMORANDUM.match(lead or ""):
        # a National Security Memorandum or a Presidential Memorandum is the President's, as an order is
        # (train: NSM-16, whose page lost its addressee line, gave its policy to the Secretary of Homeland
        # Security, the agency it names most)
        return "Federal Government"
    if SPEAKER_GOVERNMENT.search((lead or "")[:3000]):
        return "Government"
    for m in _WE_IN.finditer((lead or "")[:3000]):
        name = m.group(1).strip()
        if any(n in name.lower().split() or n in name.lower() for n in ISSUER_NOUNS) and not is_thing(name):
            return clean_actor(name)
    return ""


# Words that open a lead's first list but name no party: "On 7-8 March, A and B held ...",
# "Today, A, B and C announced ..."
_NOT_A_PARTY = re.compile(r"(?i:(?:on|in|today|this|last|since)\b.*|" + _MONTH_NAMES + r"|monday|tuesday|wednesday|thursday|"
                          r"friday|saturday|sunday)")


def lead_parties(lead: str) -> str:
    """The parties a joint text's first sentences name as the subject of a verb: "In
    September 2021, A, the B and the C announced D", "On 7-8 March, the A and B held
    consultations" -> the names listed; "" when the lead lists none (bench/main_actor:
    multi-joint-20; speakers 16)."""
    for sentence in re.split(r"(?<=[.!?])\s+", lead.strip())[:2]:
        sentence = sentence[:600]
        for m in _LISTED.finditer(sentence):
            if not re.match(r"\s+(?!(?:van|von|der|den|de|da|du|di|bin|al|of|and|the)\b)[a-z]", sentence[m.end():]):
                continue                          # no verb after it: a list cut short ("A, B, C of D, ...")
            names = [n.strip() for n in re.split(r",\s+(?:and\s+)?|\s+and\s+", m.group(1))]
            while names and _NOT_A_PARTY.fullmatch(names[0]):
                names.pop(0)
            before = sentence[:m.start() + m.group(1).find(names[0])] if names else ""
            # the list opens the sentence or follows its one opening phrase ("In May 2024, ")
            if before.strip() and not (before.rstrip().endswith(",") and before.count(",") == 1):
                continue
            if len(names) >= 2 and not any(is_thing(n) for n in names):
                return clean_actor(_join_parties(names))
    return ""


def joint_title_issuer(title: str) -> str:
    """Who a joint text's title says speaks, or "": "Joint Statement by the Prime Ministers of
    Canada and the United Kingdom" -> "Canada and the United Kingdom"; "Canada-UK Joint
    Declaration" -> "Canada and UK"; "Carbis Bay G7 Summit Communiqué" -> "G7"."""
    m = _JOINT_TITLE.search(title)
    if m:
        return clean_actor(re.sub(r"\s+", " ", m.group("names")))
    m = _PAIR_TITLE.search(title)
    if m:
        return _join_parties(re.split(r"\s*[-–—/]\s*", m.group("pair")))
    m = _STATEMENT_BY.match(title)
    if m and not is_thing(m.group("who")):
        return clean_actor(re.sub(r"\s+", " ", m.group("who")))
    # "US-UK Energy Security and Affordability Partnership", "Vision Statement for the U.S.-Africa
    # Partnership", "Declaration on U.S.-Pacific Partnership": the parties to the partnership a
    # title names (heldout speakers 11, 16; train: multi-us-pacific-partnership-2022)
    m = not _ONE_SIDE.match(title) and _PAIR_TOPIC.search(title)
    if m and not any(p.lower() in _NOT_PARTIES for p in re.split(r"\s*[-–—/]\s*", m.group("pair"))):
        return _join_parties(re.split(r"\s*[-–—/]\s*", m.group("pair")))
    # "Joint Statement Following the Summit of the Leaders of the United States and the GCC"
    m = _JOINT_TEXT.search(title) and (_LEADERS_OF_TITLE.search(title) or _BETWEEN_TITLE.search(title))
    if m:
        return clean_actor(re.sub(r"\s+", " ", m.group("names")))
    m = _GROUP_TITLE.search(title)
    if m and not re.match(r"(?i)cop\d*$|un$|faq$|press$", m.group("g")):
        return m.group("g")
    return ""


def _join_parties(names: list[str]) -> str:
    """["United States", "Australia", "Japan"] -> "United States, Australia and Japan"."""
    names = [re.sub(r"\s+", " ", n).strip() for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# Capitalised words, "of", "for", "and", "the" or "on" between them: "Federal Mobility Group", "Office of
# Management and Budget".  One way only to read each space, so that a failed match cannot backtrack
# through every split of a long run.
# ("&" joins words as "and" does: "the Data & Analytics Framework (DAF)")
_CAPITALISED_RUN = r"[A-Z][\w'’\-]*(?:\s+(?:(?:of|for|and|the|on|&)\s+)?[A-Z][\w'’\-]*)*"
# how far before "(ABBR)" its spelled-out name may start (eight words and their "of"s fit in it)
_SPELLED_OUT_WINDOW = 300


# the small words an abbreviation's initials pass over, and a spelled-out name never ends on
_INITIALS_SKIP = frozenset({"of", "and", "the", "for", "on", "in", "to", "&"})
# An abbreviation: capitals, digits and "&", with at most one hyphen inside ("GSA", "G20", "SD-WAN")
_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9&]{0,7}(?:-[A-Z0-9&]{1,7})?")


def expand_abbreviation(name: str, text: str) -> str:
    """An abbreviation the document spells out ("ADB – Asian Development Bank", "General
    Services Administration (GSA)", "Software Defined Wide Area Networking (SD-WAN)") as its
    full name; anything else as it is."""
    if not _ABBREVIATION.fullmatch(name or "") or len(name.replace("-", "")) < 2:
        return name
    a = re.escape(name)
    m = re.search(r"\b" + a + r"\s*[–—:=-]\s*(" + _CAPITALISED_RUN + ")", text)
    if m:
        words = m.group(1).split()
        for k in range(len(words), 0, -1):       # the first words whose initials spell it
            cand = " ".join(words[:k])
            if _initials_fit(cand, name) and words[k - 1].lower() not in _INITIALS_SKIP:
                return cand
    # "... Federal Mobility Group (FMG)": the capitalised words just before the first "(FMG)" that
    # follows some.  Read in a window before each "(FMG)", never over the whole text: a long run of
    # capitalised words (a table of contents in capitals) made one search over a guide of 60 pages
    # run for minutes.
    for paren in re.finditer(r"\(" + a + r"\)", text):
        window = text[max(0, paren.start() - _SPELLED_OUT_WINDOW):paren.start()]
        m = re.search(r"(" + _CAPITALISED_RUN + r")\s*$", window)
        if not m:
            continue
        words = m.group(1).split()
        # keep the last words whose initials spell the abbreviation
        for k in range(len(words)):
            cand = " ".join(words[k:])
            if _initials_fit(cand, name):
                return cand
        break
    # "EU": a name every reader knows, even where the text never spells it out
    return WELL_KNOWN_ABBREVIATIONS.get(name, name)


# the lower-case words right before "(ABBR)": "the MSHCP draft environmental impact statement (DEIS)"
_LOWER_RUN_BEFORE = re.compile(r"((?:[a-z][a-z\-]*\s+){1,7})$")


def abbreviates_common_words(name: str, text: str) -> bool:
    """An abbreviation the text first spells out in lower-case words -- "draft environmental impact
    statement (DEIS)", "nationally determined contribution (NDC)", "habitat conservation plan (HCP)" -- stands for a
    common noun phrase, a thing, never a body: English writes a body's name with capitals ("the
    Environmental Protection Agency (EPA)").  Issue 10 round 35: a Federal Register notice's main
    actor was "DEIS", the statement it announces (train: fr-fws-midwest-wind-mshcp-draft-eis-2016).
    Only the first "(ABBR)" is read, and only when the initials of the lower-case words before it
    spell the abbreviation.  A glossary or a table's notes say the same with "=": "GRO = economic growth",
    "TCT = transport and information and communication technology" (against "ADB = Asian Development
    Bank"); and a name of several such codes side by side ("TCT GI GRO", a table's sector and theme columns,
    which the recogniser takes for one organisation) is a thing too (issue 10 round 38, seen on an
    unlabelled development bank's business plan whose appendix tables made it the main actor)."""
    words = (name or "").split()
    if len(words) > 1:
        # "TCT GI GRO": codes a table prints side by side, each a common noun phrase of its notes
        return len(words) <= 4 and all(abbreviates_common_words(w, text) for w in words)
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,7}", name or ""):
        return False
    if re.search(r"(?<![\w-])" + re.escape(name) + r"\s?=\s?[a-z]", text or ""):
        return True
    paren = re.search(r"\(" + re.escape(name) + r"\)", text or "")
    if paren is None:
        return False
    m = _LOWER_RUN_BEFORE.search(text[max(0, paren.start() - _SPELLED_OUT_WINDOW):paren.start()])
    if m is None:
        return False
    words = m.group(1).split()
    for k in range(len(words)):
        # "total cost of ownership (TCO)": English initials pass over "of", "and", "the"
        initials = "".join(p[0] for w in words[k:] for p in w.split("-") if p)
        content = "".join(p[0] for w in words[k:] if w not in _INITIALS_SKIP for p in w.split("-") if p)
        if name.upper() in (initials.upper(), content.upper()):
            return True
    return False



def _initials_fit(full: str, abbr: str) -> bool:
    """The capitalised words of `full` spell `abbr`: each capitalised part of a hyphenated word counted
    ("Multi-Species Habitat Conservation Plan (MSHCP)", "Non-Governmental Organization (NGO)"), or
    only the word's first letter, as before."""
    words = [w for w in full.split() if w[:1].isupper()]
    whole = "".join(w[0] for w in words)
    parts = "".join(p[0] for w in words for p in w.split("-") if p[:1].isupper())
    return abbr.replace("-", "").upper() in (whole.upper(), parts.upper())


def government_of(place: str, text: str, adjectives: list[str]) -> str:
    """For a first-person text of a place ("we", "our" all through a plan about
    Scotland): the government the text names ("the Scottish Government", "Government
    of Kenya"), else "<adjective> Government" from the place's adjective in the text."""
    stem = place[:4].lower()
    if len(stem) < 4:
        return ""
    m = re.search(r"\b" + re.escape(place) + r"\s+Government\b", text)
    if m:
        return re.sub(r"\s+", " ", m.group(0))       # "the New Zealand Government"
    for m in re.finditer(r"\b([A-Z][\w'’\-]+)\s+Government\b", text):
        if m.group(1)[:4].lower() == stem:
            return f"{m.group(1)} Government"
    m = re.search(r"\bGovernment\s+of\s+(?:the\s+)?" + re.escape(place) + r"\b", text)
    if m:
        return m.group(0)
    for adj in adjectives:
        # "New Zealanders", "Kenyans": the people, not the adjective ("Swiss" is one)
        if re.search(r"[^s]s$", adj):
            continue
        if adj[:4].lower() == stem and adj.lower() != place.lower():
            return f"{adj} Government"
    return ""


# "G7", "G20": a group of countries named by its number of members, not a year or a technology ("IPv6")
_NUMBERED_GROUP = re.compile(r"[a-z]\d{1,2}", re.I)


def titled_owner(title: str, text: str) -> str:
    """The body a plan's title opens with, when the text also writes that name on its own at least
    three times: "Defra Open Data Strategy" and "Defra will publish ...", "Defra's data" -> "Defra"
    (a department's strategy that says "we" throughout; the entity recogniser read "Defra" as no name).
    At most four words, not a thing, and no word of it an ordinary word that the text also writes in
    lower case ("Open Data Strategy": "open", "data"); "" otherwise."""
    title = re.sub(r"\s+", " ", title or "").strip()
    if not title or not is_thing(title):
        return ""
    words = title.split(" ")
    for k in range(min(4, len(words) - 1), 0, -1):
        head = " ".join(words[:k])
        if not re.fullmatch(r"[A-Z][\w&'’\-]*(?: [A-Z][\w&'’\-]*)*", head) or is_thing(head) \
                or head.lower() in ACTOR_NOUNS or any(_written_lower(w, text) for w in head.split(" ")):
            continue
        # on its own: not the first word of a longer name ("the Defra Transparency Panel")
        alone = re.findall(r"\b" + re.escape(head) + r"\b(?![ \t]+[A-Z])", text or "")
        if len(alone) >= 3:
            return head
    return ""


def _written_lower(word: str, text: str) -> bool:
    """A capitalised word that the text also writes in lower case ("Open" and "open data"): an ordinary
    word, not a name; body nouns ("Council", "Government", ACTOR_NOUNS) are never counted so."""
    low = word.lower()
    # a web or mail address ("www.gov.uk/defra") is no writing of the word
    prose = re.sub(r"\S*[/@]\S*", " ", text or "")
    return word != low and low not in ACTOR_NOUNS and re.search(r"\b" + re.escape(low) + r"\b", prose) is not None


def owner_in_title(title_entity: str, names: list[str]) -> str:
    """The name a thing's title opens with, when the text also uses that name on its own
    ("G7 Clean Energy Economy Action Plan" and "G7" -> "G7"); the longest such name, else ""."""
    words = re.sub(r"\s+", " ", _DROP_LEAD.sub("", title_entity.strip())).split(" ")
    known = {re.sub(r"\s+", " ", _DROP_LEAD.sub("", n.strip())).lower() for n in names}
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k])
        if head.lower() in known and not is_thing(head) and not re.search(r"\b(?:of|for|and|the)$", head.lower()):
            return head
    return ""


# A US city or county plan names its issuing body on its title page or letterhead -- "City of
# Hartford Energy Action Plan" (title), "Planning & Economic Development Division City of Pembroke
# Pines 10/28/2014" (letterhead), "the key policy the City of Greensboro can adopt" (lead) -- and
# then speaks of itself as "the City" (train: state-pembroke-pines-green-plan-2014,
# state-hartford-energy-action-plan, state-greensboro-city-operations,
# state-knoxville-sustainability-work-plan-2021).  The name ends where a word in lower case, a
# possessive, punctuation or the end of the text follows it ("City of Hartford is home to ..."); a
# possessive ends it whatever comes next: "the City of Portland's Pedestrian Design Guide" is the city's
# guide, and the body is "City of Portland" (round 51: a city transport plan's chapter gave the guide
# 68 records as their main actor).
_LOCAL_WORD = r"[A-Z](?:[\w\-]|['’](?![sS]\b))*"   # a capitalised word; an apostrophe, but not a possessive's
_LOCAL_BODY = re.compile(r"\b(City|County|Town|Village|Borough|Township)\s+of\s+(?:the\s+)?"
                         r"(" + _LOCAL_WORD + r"(?:\s+" + _LOCAL_WORD + r"){0,3}?)"
                         r"(?=(?:'s|’s)\b|(?:\s+(?![A-Z\s])|[,.;:)]|\s*$))")



def _local_bodies(text: str, kind: str = "") -> Counter[str]:
    """How often the text names each city or county body ("City of Norfolk"), only those of `kind` if given."""
    return Counter(f"{m.group(1)} of {m.group(2)}" for m in _LOCAL_BODY.finditer(text or "")
                   if not kind or m.group(1) == kind)

def local_government(title: str, top: str, text: str) -> str:
    """The city, county or town whose plan this is, named on its title page or letterhead
    ("City of Pembroke Pines"), when the text also speaks of itself as "the City" at least
    twice; "" otherwise.  Where the title runs the name into the plan's ("City of Hartford
    Energy Action Plan"), the form the text uses most often ("City of Hartford") is kept."""
    named = _local_bodies(text)
    best, best_n = "", 0
    for source in (title or "", top or ""):
        for m in _LOCAL_BODY.finditer(source):
            full = f"{m.group(1)} of {m.group(2)}"
            # the full name and every shorter form of it the text uses on its own
            for name in sorted({full, *(k for k in named if full.startswith(k + " "))}, key=len):
                n = named[name] + 1
                if n > best_n and _names_a_body(name):
                    best, best_n = name, n
    if not best:
        return ""
    kind = best.split(" ")[0]
    # "the City has been a leader", "within the City", "our city": the plan speaks of itself
    itself = re.findall(r"\b(?:the|our)\s+" + kind + r"\b(?!\s+of\b)", text or "", re.I)
    return best if len(itself) >= 2 else ""


# A city's or county's plan that calls itself "the City" all through, where the scores over names
# pick one of its departments ("DWM") or organs ("City Council"): the "we" of the plan is the city,
# by the name the text gives it, even once and only in its body ("the City of Atlanta, along with
# partners, will ...", "the New Orleans City Council") (train: state-atlanta-clean-energy-policy-
# recommendations, state-new-orleans-climate-action-energy).  "the City of", "the City Council",
# "the City Manager" are not the plan speaking of itself.
_SELF_LOCAL = re.compile(r"\b(?:[Tt]he|[Oo]ur)\s+(City|County|Town)\b(?!\s+(?:of|Council|Commission|Manager|Attorney|"
                         r"Clerk|Hall|Board|Government)\b)")
_LOCAL_ORGAN = re.compile(r"\b(?P<name>(?:(?!(?:The|A|An|This|That|Our|Its|Their|In|By|For|To|Of|And|With)\b)"
                          r"[A-Z][\w'’\-]*\s+){1,3}?)(?P<kind>City|County|Town)\s+(?:Council|Commission|Government)\b")
_LOCAL_NAME = re.compile(r"(?:City|County|Town|Village|Borough|Township)\s+of\s+.+|.+\s+(?:City|County)")
# how often the text must call itself "the City" before that outweighs the scores over names
_SELF_LOCAL_MIN = 5


def local_government_in_text(text: str, best: str, place: bool = False) -> str:
    """The city or county a plan that keeps calling itself "the City" names in its text
    ("City of Atlanta", or "City of New Orleans" from "the New Orleans City Council"), when
    `best` (the main actor found by score) is not itself a city's or county's name; else "".

    Where `best` is a place (`place`: "Nashville"), only that place's own body is the City: a
    plan that names other cities as examples ("the City of Evanston adopted ...") is not theirs."""
    # "the City" with its capital: the body; "the city" is the place
    counts = Counter(m.group(1) for m in _SELF_LOCAL.finditer(text or ""))
    if not counts:
        return ""
    kind, n = counts.most_common(1)[0]
    if n < _SELF_LOCAL_MIN or _LOCAL_NAME.fullmatch(re.sub(r"\s+", " ", (best or "").strip())):
        return ""
    names = _local_bodies(text, kind)
    for m in _LOCAL_ORGAN.finditer(text or ""):
        if m.group("kind") == kind:
            names[f"{kind} of {' '.join(m.group('name').split())}"] += 1
    own = [name for name in names if best and best.lower() in name.lower()]
    if own or place:
        names = Counter({name: names[name] for name in own})
    for name, _n in names.most_common():
        if _names_a_body(name):
            return name
    return ""


# A defined term: "the Metropolitan Government of Nashville and Davidson County (referred to herein as
# Nashville, Metro or the City)", "the City of X (the "City")", "X County (hereinafter "the County")"
# -- the drafter says outright whom "the City" means (round 27: a city's advisory committee report,
# whose other "City of ..." names are peer cities cited as examples).
_DEFINED_TERM = re.compile(r"((?:[A-Z][\w'’\-]*\s+(?:(?:of|and|the|&)\s+)*){0,9}[A-Z][\w'’\-]*)\s*"
                           r"\((?:(?:referred\s+to\s+)?(?:herein\s+|hereinafter\s+|below\s+)?(?:referred\s+to\s+)?as\s+"
                           r"[^()]{0,80}?\b|hereinafter\s+|collectively,?\s+)?"
                           r"[\"“]?(?:the\s+)?[\"“]?(City|County|Town)[\"”]?\s*\)")


def defined_local_government(text: str) -> str:
    """The body a text defines as "the City" (County, Town) and then keeps calling so, at least
    `_SELF_LOCAL_MIN` times; "" otherwise."""
    counts = Counter(m.group(1) for m in _SELF_LOCAL.finditer(text or ""))
    for kind, n in counts.most_common():
        if n >= _SELF_LOCAL_MIN:
            defined = _defined_as(text or "", kind)
            if defined:
                return defined
    return ""


def _defined_as(text: str, kind: str) -> str:
    """The name a defined term gives to "the City" (or County, Town): "" when the text defines none."""
    for m in _DEFINED_TERM.finditer(text):
        name = clean_actor(m.group(1))
        if m.group(2) == kind and _names_a_body(name) and len(name.split()) >= 2:
            return name
    return ""


def _names_a_body(name: str) -> bool:
    """"City of Cape Coral", not "City of Cape Coral Comprehensive Plan" (a document of it)."""
    return not is_thing(name) and name.split()[-1].lower() not in DOCUMENT_NOUNS


# A government's name as a line of its own near the top (a letterhead: "New Zealand Government")
# or as the subject of the first promise ("To achieve our 2030 vision, the Australian Government
# will:", "the Scottish Government will identify ..."): in a text that speaks as "we", that
# government is the "we" (train: nat-nz-digital-public-service-strategy-2020,
# nat-au-cyber-security-strategy-2023-shield5, uk-scot-climate-neutral-economy).
_GOVERNMENT = (r"(?:(?!(?:The|Our|This|That|Each|Every|A|An|Any|Local|Its|Their)\b)[A-Z][\w'’\-]+\s+){1,3}Government"
               r"|Government\s+of\s+(?:the\s+)?[A-Z][\w'’\-]+(?:\s+(?:and\s+)?[A-Z][\w'’\-]+){0,2}")
_GOVERNMENT_LINE = re.compile(r"\s*(?:[Tt]he\s+)?(?P<g>" + _GOVERNMENT + r")\s*")
_GOVERNMENT_SPEAKS = re.compile(r"\b(?P<g>" + _GOVERNMENT + r")\s+(?:will|shall|must|is\s+committed\s+to)\b")


def speaking_government(top: list[str]) -> str:
    """The government that a first-person text names at its top, on a line of its own or as
    the subject of a promise; "" when none."""
    for text in top:
        m = _GOVERNMENT_LINE.fullmatch(text or "")
        if m and m.group("g")[:1].isupper():
            return re.sub(r"\s+", " ", m.group("g"))
        m = _GOVERNMENT_SPEAKS.search(text or "")
        if m:
            return re.sub(r"\s+", " ", m.group("g"))
    return ""


# "REPUBLIC OF VANUATU", "United Republic of Tanzania", "Republic of Ghana": a state's formal name as
# a title or a line of its own at the top -- the cover of a national submission -- is its issuer,
# before bodies the text names as subjects (train: ndc-vut, whose "Ministry of Climate Change" was
# the subject twice; ndc-tza, ndc-tur, ndc-phl and validation ndc-lbn, ndc-gha open the same way)
_STATE_NAME = re.compile(r"\s*(?i:the\s+)?((?i:(?:united|federal|islamic|democratic|people's|socialist|cooperative)\s+){0,2}"
                         r"(?i:republic|kingdom|commonwealth|federation|principality|sultanate|federated states)"
                         r"\s+(?i:of)\s+(?i:the\s+)?[A-Z][\w'’\-]*(?:\s+(?:and\s+|AND\s+)?[A-Z][\w'’\-]*){0,3})\s*")
_LOWER_IN_NAMES = frozenset({"of", "the", "and"})


def state_named_alone(line: str) -> str:
    """ "REPUBLIC OF THE PHILIPPINES" -> "Republic of the Philippines"; "" unless the line is only that name."""
    m = _STATE_NAME.fullmatch(line or "")
    if not m:
        return ""
    words = re.sub(r"\s+", " ", m.group(1)).split(" ")
    if words[-1].lower() in _LOWER_IN_NAMES:
        return ""
    return " ".join(w.lower() if w.lower() in _LOWER_IN_NAMES and k else (w.capitalize() if w.isupper() else w)
                    for k, w in enumerate(words))


# The addressee line of a memorandum to every agency: "MEMORANDUM FOR (THE) HEADS OF (ALL) (EXECUTIVE)
# DEPARTMENTS AND AGENCIES", as the Office of Management and Budget and the President address them.
_TO_ALL_AGENCIES = re.compile(r"\s*memorandum\s+for\s+(?:the\s+)?heads\s+of\s+(?:all\s+)?(?:executive\s+)?"
                              r"departments\s+and\s+agencies\b", re.I)


# A memorandum's addressee block that names the heads one by one ("MEMORANDUM FOR THE VICE PRESIDENT" / "THE
# SECRETARY OF STATE" / "THE SECRETARY OF THE TREASURY" / ...), as National Security Memoranda are addressed
_MEMORANDUM_FOR = re.compile(r"\s*memorandum\s+for\s+the\s+", re.I)
_ADDRESSEE = re.compile(r"\s*(?:memorandum\s+for\s+)?the\s+(?:vice\s+president|secretary|attorney\s+general|director|"
                        r"administrator|chair(?:man|woman|person)?|assistant\s+to\s+the\s+president|"
                        r"united\s+states\s+trade\s+representative|representative|counsel|commissioner)\b")
_ADDRESSEES_MIN = 3


def addressed_duties(top: list[str]) -> str:
    """Who the duties of a text that names no one fall to, when that is not its issuer: "agencies" in a
    memorandum for the heads of executive departments and agencies, whose agentless duties and bare
    requirements ("At least 50% of IP-enabled assets ... are IPv6-only by the end of FY 2024", "Require all
    acquisitions to include IPv6 requirements") are the addressees' (issue 10 round 35: train gold gives them
    to "agencies" in an OMB memorandum and a presidential one, where the records gave them to a body the memo
    names, NIST, or to the Federal Government).  The memo's own voice ("my Administration", "we") stays the
    issuer's.  "" for any other text; `top`: its first passages."""
    if any(_TO_ALL_AGENCIES.match(t or "") for t in top):
        return "agencies"
    # the same when the block names the heads one by one (at least three, all in capitals): "the head of each
    # executive department or agency (agency) that owns or operates an NSS shall, consistent with its
    # statutory authority: (A) update X" (train: a National Security Memorandum's unnamed duties, given to
    # the agencies by its gold, went to the last name of its addressee block)
    opened = next((i for i, t in enumerate(top) if _MEMORANDUM_FOR.match(t or "")), None)
    if opened is None:
        # a page that lost its "MEMORANDUM FOR": the block right under the memorandum's heading
        # ("NATIONAL SECURITY MEMORANDUM/NSM-16" / "THE SECRETARY OF STATE" / ...; train: NSM-16)
        heading = next((i for i, t in enumerate(top) if (t or "").isupper() and _PRESIDENTS_MEMORANDUM.match(t or "")),
                       None)
        if heading is None:
            return ""
        opened = heading + 1
    named = 0
    for t in top[opened:]:
        if not (t or "").isupper() or not _ADDRESSEE.match((t or "").lower()):
            break
        named += 1
    return "agencies" if named >= _ADDRESSEES_MIN else ""


def main_actor(title: str, lead: str, subject_mentions: list[str], entity_mentions: list[tuple[str, str]],
               title_entities: list[str], top: list[str] | None = None, text: str = "",
               speaks_as_we: bool = False) -> str:
    """The document's main actor.

    `title`/`lead`: the title and the first paragraphs; `subject_mentions`: the
    named subjects of commitment clauses (as written); `entity_mentions`:
    (text, label) of GPE/ORG entities in the text; `title_entities`: GPE/ORG
    entities of the title; `top`: the first passages (a title page, a letterhead);
    `text`: the whole text; `speaks_as_we`: its commitments are mostly "we will ...".
    After a declared issuer, a city's or county's name on its title page, a plan's owner that
    opens its title (`titled_owner`), then (in a "we" text) the government its top names, are the
    issuer -- before any score over names, which
    a thing named once ("LEED", "Application Programming Interfaces") can win.
    """
    score: Counter[str] = Counter()
    canon: dict[str, str] = {}
    whole_text = text

    def key(name: str) -> str:
        k = clean_actor(name)
        k = re.sub(r"(?:'s|’s)$", "", k)
        canon.setdefault(k.lower(), k)
        return k.lower()

    office = _ISSUING_OFFICE.search((text or "")[:6000])
    if office:
        # "I, Andrew M. Cuomo, Governor of the State of New York, ... do hereby order", after the
        # recitals: a state's executive order is the state's, not the Federal Government's
        body = office.group("body") or ("State" if office.group("gov") else "City")
        return f"{body} of {office.group('place')}"
    declared = declared_issuer(title, lead)
    if declared:
        return declared
    executing = executing_agency(text)
    if executing:
        return executing
    top = top or []
    state = next((found for found in map(state_named_alone, [title, *top[:2]]) if found), "")
    if state:
        return state
    local = defined_local_government(text) or local_government(title, " ".join(top) or lead, text)
    if local:
        return local
    owner = titled_owner(title, text)
    if owner:
        return owner
    if speaks_as_we:
        government = speaking_government(top)
        if government:
            return government
    # "the Citizen Energy Advisory Hub (CEAH)": the abbreviation of a thing is a thing too
    thing_initials = {"".join(w[0] for w in n.split() if w[:1].isupper()).lower()
                      for n in [*title_entities, *subject_mentions, *(t for t, _ in entity_mentions)] if is_thing(n)}
    # "G7 Clean Energy Economy Action Plan", "City of Hartford Energy Action Plan": a title that names
    # a plan after its owner -- the owner, a name the text uses on its own, speaks for the plan
    title_entities = [owner_in_title(e, [t for t, _ in entity_mentions]) if is_thing(e) else e for e in title_entities]
    title_entities = [e for e in title_entities if e and not is_thing(e)]
    subject_mentions = [m for m in subject_mentions if not is_thing(m)]
    entity_mentions = [(t, lab) for t, lab in entity_mentions if not is_thing(t)]
    for ent in title_entities:
        score[key(ent)] += 5
    # "Hechi to build ...", "Inner Mongolia aims to ...": a title that opens with a name
    m = re.match(r"^((?:[A-Z][\w'’\-]*)(?:\s+[A-Z][\w'’\-]*){0,3})\s+(?:" + "|".join(HEADLINE_VERBS) + r")\b", title or "")
    if m:
        score[key(m.group(1))] += 5
    m = re.match(r"^([A-Z][\w'’\- ]{1,60}?)\s*:", title or "")
    if m and len(m.group(1).split()) <= 5 and not re.search(r"\d", m.group(1)) and not is_thing(m.group(1)) \
            and m.group(1).split()[0].lower() not in ("executive", "memorandum", "summary", "annex", "chapter"):
        score[key(m.group(1))] += 4
    for m in _ISSUED_BY.finditer(lead or ""):
        score[key(m.group(1).strip())] += 4
    for mention in subject_mentions:
        score[key(mention)] += 2
    mentions: Counter[str] = Counter()
    for text, _label in entity_mentions:
        k = key(text)
        if k in score:
            score[k] += 0.5
        mentions[k] += 1
    for k, n in mentions.items():
        # a name the whole text keeps coming back to ("Scotland" 26 times) outweighs one subject
        score[k] += min(3.0, 0.25 * n)
    for k in list(score):
        if re.search(r"\b(?:of|for|the|and)$", k) or is_thing(canon[k]) or k in _UNITS \
                or (re.search(r"\d", k) and not _NUMBERED_GROUP.fullmatch(k)) \
                or (canon[k].isupper() and (k in thing_initials or is_thing(expand_abbreviation(canon[k], whole_text))
                                            or abbreviates_common_words(canon[k], whole_text))) \
                or _common_word(canon[k], whole_text) or _topic_of_common_words(canon[k], whole_text):
            # "The City of": a name cut short; "IPv6": a technology; "MW": a unit; "MSHCP", which the text
            # spells out as "the Midwest Wind Energy Multi-Species Habitat Conservation Plan (MSHCP)": a plan
            del score[k]
    # "ADB" and "the Asian Development Bank" are one candidate, under its full name
    for k in list(score):
        if re.fullmatch(r"[a-z][a-z&]{1,7}", k) and canon[k].isupper():
            for full in list(score):
                if full != k and "".join(w[0] for w in canon[full].split() if w[:1].isupper()).lower() == k:
                    score[full] += score.pop(k)
                    break
    if not score:
        counts = Counter(key(t) for t, _ in entity_mentions)
        if not counts:
            return ""
        found = canon[counts.most_common(1)[0][0]]
        return local_government_in_text(whole_text, found) or found
    best = max(score.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    advised = advised_government(canon[best], whole_text, entity_mentions)
    if advised:
        return advised
    parent = parent_department(canon[best], title, entity_mentions)
    if parent:
        return parent
    places = {t.lower() for t, label in entity_mentions if label == "GPE"}
    return local_government_in_text(whole_text, canon[best], place=canon[best].lower() in places) \
        or body_in_full(canon[best], whole_text) or canon[best]


# A body that advises a mayor or a city: "Mayor's Advisory Commission on Climate Change", "the City's
# Sustainability Advisory Board", "County Climate Advisory Committee".
_ADVISORY_BODY = re.compile(r"\bAdvisory\s+(?:Commission|Committee|Council|Board|Panel|Group)\b")
_ADVISES_LOCAL = re.compile(r"^(?:the\s+)?(?:(?P<mayor>Mayor)['’]s\b|.*\b(?P<kind>City|County)\b)")


def advised_government(name: str, text: str, entity_mentions: list[tuple[str, str]]) -> str:
    """The city or county whose advisory body wrote the plan, when that body won the main actor:
    "Mayor's Advisory Commission on Climate Change Mitigation and Adaptation" -> "City of Norfolk".
    An advisory body recommends; the strategies of the plan it writes are the government's to
    carry out, and its tables name the government as each one's lead agency (ANNOTATION.md section
    2: the actor is who undertakes it).  A body of a mayor is the city's; one whose name says
    "City" or "County" is that one's.  The place is the one the text names as a body ("City of
    Norfolk"), else the place its recogniser finds most often, named at least twice; "" when the
    name is no advisory body of a city or county, or no place is found (round 51, train: both cuts of
    a city's climate action plan, whose title page names only the mayor's advisory commission; round
    27 met the same genre in a city's advisory committee report, which defines "the City" itself)."""
    m = _ADVISES_LOCAL.match(name or "")
    if not _ADVISORY_BODY.search(name or "") or not m:
        return ""
    kind = "City" if m.group("mayor") else m.group("kind")
    for body, _n in _local_bodies(text, kind).most_common():
        if _names_a_body(body):
            return body
    places = Counter(t for t, label in entity_mentions if label == "GPE" and t[:1].isupper())
    for place, n in places.most_common(1):
        if n >= 2 and len(place.split()) <= 3:
            return f"{kind} of {place}"
    return ""


# The head noun of a part of a department: "Digital Services Division", "the Delivery Unit".
_SUB_UNIT = re.compile(r"\b(?:Division|Directorate|Unit|Team|Branch)$")
# A ministry or department named in full: "Ministry of Justice", "Department for Work and Pensions".
_DEPARTMENT = re.compile(r"^(?:the\s+)?((?:Ministry|Department)\s+(?:of|for)\s+[A-Z][\w'’\-]*(?:\s+(?:and\s+)?[A-Z][\w'’\-]*){0,4})$")


def parent_department(best: str, title: str, entity_mentions: list[tuple[str, str]]) -> str:
    """The ministry or department a department's own text names, when the name that won the count is one
    of its parts: in a department's strategy "we" is the department, and the division that will deliver
    an action ("agile delivery through the Digital Services Division") is named more often than the
    department only because the department writes "we" (validation, issue 10 round 25: a Ministry of
    Justice strategy chapter that names its Digital Services Division seven times and the Ministry five;
    its gold gives every "we" to the Ministry).  Only a part named by a unit noun (`_SUB_UNIT`) that the
    title does not name, and a department the text names in full at least twice; "" otherwise."""
    if not _SUB_UNIT.search(best) or best.lower() in (title or "").lower():
        return ""
    found: Counter[str] = Counter()
    for text, _label in entity_mentions:
        m = _DEPARTMENT.match(clean_actor(text))
        if m:
            found[m.group(1)] += 1
    named = [(name, n) for name, n in found.most_common() if n >= 2]
    return named[0][0] if len(named) == 1 else ""


# A project data sheet's field naming who carries the project out: "Executing Agencies | Khulna Water
# Supply and Sewerage Authority", "Executing Agency Bangladesh Railway (BR)". The name runs over
# capitalised words (and "of", "and", "for", "&") and stops at the address glued to it
# ("...AuthorityKhulna City", "(BR)JBRLPCON@...", "...Board3 DIT Extension Avenue").
_EXECUTING_FIELD = re.compile(r"^[ \t]*Executing Agenc(?:y|ies)[ \t]*[|:]?[ \t]*(?P<name>[A-Z][^\n|]{2,200})", re.M)
_NAME_WORD = re.compile(r"(?:[A-Z][\w'’&\-]*|of|and|for|the|&)$")


def executing_agency(text: str) -> str:
    """The executing agency a project data sheet names in its field, when it names exactly one:
    the project's implementation is that agency's to do, so agentless passives and unnamed duties
    ("All consulting firms will be recruited ...") are its, not the country's the sheet is about
    (train: three Asian Development Bank project data sheets, whose gold gives such duties to the
    executing agency -- a water authority, a power board, a railway); "" otherwise."""
    names = []
    for m in _EXECUTING_FIELD.finditer(text or ""):
        # "AuthorityKhulna": a lower-case letter followed by a capital inside a word ends the name;
        # so does a house number glued to it ("Board3 DIT Extension Avenue")
        raw = re.sub(r"(?<=[a-z)])(?=[A-Z])|(?<=[A-Za-z)])(?=[0-9])", " \x00", m.group("name"))
        words = []
        for word in raw.split():
            if word.startswith("\x00") or not (_NAME_WORD.match(word) or re.fullmatch(r"\([A-Z][A-Za-z]{1,9}\)", word)):
                break
            words.append(word)
        while words and (words[-1] in ("of", "and", "for", "the", "&") or words[-1].startswith("(")):
            words.pop()         # "Bangladesh Railway (BR)": the name, not its abbreviation
        name = clean_actor(" ".join(words))
        if len(name.split()) >= 2 and not is_thing(name):
            names.append(name)
    return names[0] if len(set(names)) == 1 else ""


def _common_word(name: str, text: str) -> bool:
    """"Digital", "Dataset": one capitalised word that the text writes in lower case at least as
    often is an ordinary word that a heading or a longer name capitalised, not a name ("Scotland",
    "Hechi", "AgID" are never written in lower case). Body nouns ("Council", "Department") are
    left to `body_in_full`. Probes: a strategy for a digital public service ("Digital" 46 times
    capitalised, 85 in lower case) and a department's open data strategy ("Dataset")."""
    if not re.fullmatch(r"[A-Z][a-z]+", name) or name.lower() in ACTOR_NOUNS:
        return False
    lower = len(re.findall(r"\b" + name.lower() + r"\b", text or ""))
    return lower >= 3 and lower >= len(re.findall(r"\b" + name + r"\b", text or ""))


def _topic_of_common_words(name: str, text: str) -> bool:
    """"Consumption & Waste", "Food and Agriculture": capitalised ordinary words joined by "&" or "and",
    a plan's section or topic ("Goal | Consumption & Waste: First reduce, then reuse"), each of which the
    text also writes in lower case, and none a body's noun -- no name of a body ("Trinidad and Tobago" is
    never written in lower case; "Department of Health and Human Services" has its noun).  Train: a city
    climate plan's section names won the count of subjects and named the main actor of a whole chapter
    (issue 10 round 50)."""
    words = name.split()
    if not 3 <= len(words) <= 7 or not any(w in ("&", "and") for w in words):
        return False
    named = [w for w in words if w not in ("&", "and")]
    if not all(re.fullmatch(r"[A-Z][a-z]+", w) and w.lower() not in ACTOR_NOUNS for w in named):
        return False
    return all(re.search(r"\b" + w.lower() + r"\b", text or "") for w in named)


# A body's full name: capitalised words (with "&", "and" or "of" between them) before its head
# noun -- "Sheffield City Council", "Fermanagh and Omagh District Council", "Telford & Wrekin Council"
_BODY_IN_FULL = r"((?:(?!" + _NOT_NAME_WORDS + r")[A-Z][\w'’\-]*\s+(?:(?:&|and|of)\s+)?){1,5}?)"
_FULL_NAME_MIN = 2


def body_in_full(short: str, text: str) -> str:
    """The full name of a body that a text calls by its head noun alone ("the Council will ...",
    read as the main actor "Council"): the name ending in that noun that the text uses most,
    at least twice and more often than any other; "" when `short` is not a bare head noun or the text names no such body
    (round 20's probes: UK council plans of Midlothian, Redbridge, Swindon, Sheffield, Telford &
    Wrekin)."""
    if not re.fullmatch(r"[A-Z][a-z]+", short or "") or short.lower() not in _SHORT_NAMED_BODIES | {"council"}:
        return ""
    counts = Counter(re.sub(r"\s+", " ", m.group(1) + short)
                     for m in re.finditer(r"\b" + _BODY_IN_FULL + re.escape(short) + r"\b", text or ""))
    if not counts:
        return ""
    ranked = counts.most_common(2)
    name, n = ranked[0]
    # "Youth Council" once and "Redbridge Council" once: no telling which is meant
    return name if n >= _FULL_NAME_MIN and (len(ranked) == 1 or ranked[1][1] < n) else ""
