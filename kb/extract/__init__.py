"""Commitment extraction: ParsedDocument -> (actor, action, target, deadline) records.

    from kb.extract import Extractor
    result = Extractor().extract(parsed_document)
    for c in result.commitments: ...

The spaCy pipeline is loaded lazily, once per `Extractor`, from the first
installed name in `Settings.spacy_models`.  Each passage is parsed once (one
`nlp.pipe` over all passages of all documents), never across passages; very
long passages are cut into chunks first, with a warning.

Modules, in the order a passage meets them:

- `nlp.py`: loading spaCy, tokenizer rules, the line-break sentence rule;
- `component.py`: the spaCy component that runs the clause rules on each Doc;
- `clauses.py`: one sentence -> frames (heads, actions, lead-ins, deadlines per frame);
- `heads.py`: which verbs head commitments, intention chains, coordinated/means verbs;
- `constructions.py`: one action verb -> one frame, one reader per construction of English;
- `targets.py`, `lists.py`: target spans and splitting; lead-ins and list items;
- `rows.py`: table rows, parsed cell by cell; their header rows and date cells;
- `syntax.py`: token helpers; `frame.py`: the `Frame` and its typed values;
- `records.py`: frames of a whole document -> `Commitment` records (`ActorResolver`);
- `actors.py`, `deadlines.py`, `quantities.py`, `sectors.py`, `strength.py`: the fields;
- `lexicon.py`: every word list the rules read (`kb.tables`: tables shared with ingestion).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Sequence

from spacy.language import Language

from kb.config import Settings
from kb.extract.deadlines import find_deadlines, normalise_deadline
from kb.extract.records import ParsedPassage, build_commitments
from kb.extract.rows import cell_spans, for_tagger
from kb.extract.syntax import doc_text
from kb.models import Commitment, ParsedDocument
from kb.tables import CONTROL_AND_INVISIBLE

__all__ = ["EXTRACTOR_VERSION", "Extractor", "ExtractionResult", "normalise_deadline", "find_deadlines", "chunk_text"]

EXTRACTOR_VERSION = "rules-54"  # rules-54: a National Security or Presidential Memorandum is the President's (the Federal Government's), and its addressee block lays its unnamed duties on the agencies even where the page lost "MEMORANDUM FOR"; a list item that ends in ":" opens a list inside the list ("(c) The heads of agencies shall:" / "(i) ..." / "(d) ..."), "(A)" items included, and a lead-in of the same list is a sibling, no lead-in; a thing's lead-in inside an item ("The NPDRS shall:") is the outer lead-in actor's; a lead-in's subject before its modal gives the items their actor past hedges after the modal ("shall, within existing appropriations and consistent with applicable law:") and past "take the following actions" ("shall take the following actions with respect to X:"); "by the power vested in me as the Mayor of the City of X" makes an order the city's; "each of our governments" is the speakers' group; "make X available (to Y)" is "make available" X; a heavy object after a place ("publish on a public website an annual scorecard") is the target; "a plan that will:" ends before "that will"; read with round 53's text (a sentence that lists officials over title-like lines stays one paragraph); rules-53: a governor's or a mayor's order ("I, X, Governor of the State of Y, ... do hereby order") is the state's or the city's, not the Federal Government's; a pronoun's word in capitals ("ITS shall issue X") is an acronym, a name; a handbook, manual, guidebook, playbook or toolkit is a document, its contents its author's duties; in the passive of a verb of supplying ("will be provided with X") the "with" phrase is the target; rules-52: a city's plan drafted by its advisory body ("Mayor's Advisory Commission on Climate Change") is the city's: its main actor is the city the text names; a deliverable named with its date in brackets and no verb ("Guidelines for X (Release date: June 2017)") is released by that date, and "Release/Delivery/Publication date:" is a timetable field; a possessive ends a city's name ("the City of Portland's Pedestrian Design Guide" is the city's); a sector of the economy ("the transport sector") is no party; rules-51: a memorandum addressed head by head ("MEMORANDUM FOR THE VICE PRESIDENT / THE SECRETARY OF STATE / ...") lays the duties it gives no one on the agencies; a whole date after "on" ("will be introduced on 1 March 2021") is a weak deadline and no part of the object; capitalised ordinary words joined by "&" ("Consumption & Waste") are a topic, no main actor; a table cell that opens with a run-in title keeps its capital; an intervention and a solution are things; an unknown verb in "-ied" lemmatises to "-y"; rules-50: an assessment, a study or an analysis is a thing, its contents its author's duty; a reference after a thing's name ("referenced in subsection (a)(i)") is no part of it; rules-49: a run-in topic before a colon is no subject of the policy after it ("Bicycle transportation: Create conditions ..."); a verb of policy before a name opens an item whatever its last character; a hyphen inside a word closes no label; rules-48: a list item named by the noun of action that ends its first noun phrase ("Integrated water resource management"); a plan's title that opens with its owner ("Defra Open Data Strategy") names the document's main actor
# rules-47: a series of gerund phrases set apart by semicolons after an opening gerund ("our commitment to supporting X; strengthening Y; and fostering Z", "remains committed to protecting X; restoring Y") gives each gerund its own record, with the opening's actor (a gerund that is a clause's subject adds none); rules-46: a heading that is only a time ("Within 30 days of the date of issuance of this final report:", "By June 2018") dates the steps of the paragraphs under it and of a list right under it, up to the next heading, that state no time of their own, when the document's date is known; rules-45: a part of a project named by its label ("Part B of the project will demonstrate X", "Component 2", "Phase II"), a programme's pipeline, a funding window and a design are things, no actor; a plan that states its own aim ("The Plan aims to increase X") and a plan's item named as an act ("This recommendation seeks to improve Y") state their author's undertaking; rules-44: a span of months is due at its end ("from June 2017 to December 2018" -> December 2018; the span's start was read); an action sheet, a two-column table of records one field per row ("Subject | X", "Time Frames | By June 2018", "Description | Z will ..."), dates the records of its rows by its time row (not by a time that only starts the work: "From January 2018"); a table column for a period left open ("Targets for 2019–20 and beyond") dates nothing; a Commission text's dateline ("Brussels, 18.5.2022") is its date, so "this autumn" is dated; rules-43: an indirect question written after the verb's prepositional phrases is its object ("explore with the councils whether X", "take forward with colleges how we can Y"); a verb of handing over takes the heavy object written after its addressee ("submit to the Board a detailed assessment of X", "provide to the Administrator, through the Working Group, a summary of Y", "submit to A, B, and the Chief Officer a plan"); an object after an aside the parser hung on the aside ("build, through this engagement, an accreditation scheme") is the target; a thing as subject of a verb that takes its object through a preposition ("the next regulation will focus on X", "the plan shall build on Y") is no target, the preposition's object is (a verb of motion or reach keeps its subject: "this duty shall extend to X"); "have to" under "will", "shall" or "must" is a duty ("the councils will have to adopt X"); rules-42: a lead-in whose items bring their own verbs keeps its own duties ("shall develop guidance, identify practices and provide training to: (i) ..."), unless its object only stands for the items ("take actions to:", "functions that include the following:", "be structured as follows:"); examples after "such as"/"including" separated by semicolons are one object; a base-form verb of a comma series that the parser hung as a complement ("will use X, regularly consult Y, assess Z and explore W") is an action; a series inside a finite relative clause of the object ("investments that will drive X, safeguard Y, guarantee Z") lends no verb to the main verb; how often a body sits is the target of "shall meet/convene" ("at least annually", "twice a year"); a topic closed by an unspaced dash opens an action line as a colon does ("Cloud hosting\u2014Move X"); rules-41: a name headed by a technique or an effect ("Robotic Process Automation", "Technology Business Management", "the primary impact of the Project"), a sum of money, a web address, a name with its years after it, "one of" a thing and a thing with a clause set off by a comma are things, no actor and no main actor; a hyphenated abbreviation ("SD-WAN") is spelled out and initials pass over "of"/"and" ("total cost of ownership (TCO)"); "Submission of X's INDC" is X's; a statute's paragraph heading ("IN GENERAL.—") and where a body was established are no part of its name; a verb with a hyphenated prefix ("co-ordinate", "re-design", "de-risk") is one word, lemmatised on the word after the prefix; rules-40: a series of nouns of action after a paragraph's colon ("include the following: (a) expansion of X; (b) introduction of Y") gives one record each, as a list line of them did; a code a glossary or a table's notes spell out in lower-case words ("GRO = economic growth") and a run of such codes ("TCT GI GRO") name a thing, no main actor; read with round 38's PDF text (body size without tables, inline series wrapped to a line start, a last table row's wrapped value lines, labels wrapped beside an unfinished value); rules-39: a verb left with only its preposition takes the object its coordinated series shares ("listen to and partner with the towns" -> "to the towns"); a run-in heading ("Bus shelters – The Council will replace X") ends at its spaced dash, its sentence is read alone and the title gives no record; a weak year whose preposition hangs on the verb inside the target ("grant £30 million to councils in 2027 for flood defences") is the deadline; typeset hyphens ("2027\u201128") read as "-" in year ranges; rules-38: a "for X to V" clause that hangs on a noun, an adjective or "allows for" ("the opportunity for people to subscribe", "easier for agencies to obtain", "rules for the utility to disclose", "it is imperative for X to ensure") is X's chance, need or permission, no undertaking, unless a verb asks for or intends it ("calls for the City to plant", "intend for X to fund") or a goal noun states it ("It is the policy of X for Y to V", "our intention for X to V"); an amending order's savings clause ("Any provisions of Executive Order X not amended in this order shall remain in effect") is boilerplate; rules-37: a body that names itself beside "We" ("We, the U.S. Fish and Wildlife Service (Service), announce ...") is the issuer; an abbreviation the text spells out in lower-case words ("draft environmental impact statement (DEIS)") is a thing, no actor and no main actor; "around 2030" closes the object as "in 2030" does; ", starting in 2025," says when the action is due and "starting"/"beginning with X" is no action; a time set off after the object of a chain verb ("will need to provide X, by September 2015, on Y") is the action's; "moved/shifted/advanced to 2014" is due that year; "between now and year-end 2020" is a deadline; a memorandum for the heads of departments and agencies lays the duties it gives no one on "agencies" (its policy statements stay the main actor's); rules-36: a time that closes the object says when it is due, with "during" as with "in" and a season, quarter or half before the year ("review the register during 2014", "hold a consultation in spring 2014", "offered training from summer 2013"), and "by the end of spring 2016" is a deadline; a section a gerund acts on ("detailing progress in implementing section 11 of this order") is no citation to cut; a report sent "through" an office on its way to what it holds keeps what it holds; a label's capital letter ("Band A") is no dangling article; a lead-in that assigns "the following reports" dates the clause items that do what it names; partners after "with" ("We will work with our partners to V") are no subject of the infinitive; rules-35: a wish under "if"/"unless" is a condition ("if we want to lower bills and cut emissions", "If the county wishes to widen the network"); a verb of a quantity's change with a thing as subject and no figure forecasts a trend ("demand will continue to grow"); a means the task needs is no party with a duty ("International support is required to implement X"); a definition by reference ("The term X shall have the same meaning as ...") and a severability clause ("If any provision of this order is held to be invalid, ...") are boilerplate; rules-34: an abbreviation the text spells out as a plan, a framework or a fund ("the Data & Analytics Framework (DAF)") is no actor and no main actor, "&" and the parts of a hyphenated word read in a spelled-out name; verbs of what befalls, is needed or amounts to ("will face X", "will need X", "will cost X") and a cross-reference ("see X") are no undertakings; an "including" list after a target is cut without a comma too ("use strategies including X"); a timetable in parentheses ("(November 2013)") and the start of a duty opening its sentence ("Beginning with Fiscal Year 2025, ...") say when it is due; rules-33: the noun-phrase items of a commitment's means list ("Strengthen resilience to X through:") are that commitment's actor's undertakings, with its verb or the item's own noun of action ("Flood risk assessment and management" -> assess); a second verb phrase the tagger read into the first verb's object ("support X and uphold Y") is its own record; an applicant, a contractor and officials are actors; rules-32: a report, strategy or action plan dates its steps from itself ("within 90 days of the date of issuance of this final report"); a list lead-in that is only a time ("By 2029:", "Within 6 months of the date of this plan:") gives every item its deadline; "Key activities for this year are:" gives its items its time, also an item whose label the parser took for its subject; a table column whose header states a period ("Targets for 2027–28") dates its cells; a bullet glyph opens an item whatever its first letter; the learned target trimmer refitted and on; rules-31: an intention in a named actor's present progressive ("the Commission is proposing to increase X"); a goal set in the present tense by an actor ("the County establishes a goal of 5%"); a duty assigned with "is charged/tasked to V" or "with V-ing"; "you" as subject is the reader, not the author; a clause opened by "where"/"when" is a circumstance; "there is a need/an opportunity for X to V" is no undertaking; a plan's label that the parser gave the verb as a second subject ("Action 01: Boards will include X") does not make the line a forecast; the confidence model refitted, its floor chosen out of fold (0.15); rules-30: "will look to V" reads V as the action; a modal the parser hung on the subject when an aside follows it ("The Secretary of X shall, within 90 days, publish Y") is the verb's, and no word of the name; records whose confidence is under the floor chosen out of fold (0.1) are dropped; rules-29: a house number glued to a project data sheet's executing agency ends its name ("Board3 DIT Extension Avenue"); a footnote mark glued to an actor's last word is no part of it; a relative lead-in ("maintain a record ... that includes:") gives its items to the maker of the thing; a defined term ("X (referred to herein as ... the City)") says whom "the City" means; "-ization/-ification of X" opens an action line with its verb; "We will:" lends its items the main actor, not "We"; a timetable field ("finish – December 2012", "Deadline: March 2014") is its line's deadline; a topic in sentence case before a colon ("Parking management: Reduce X") and a letter with a colon ("d: Establish Y") open policy lines; an item's capitalised gerund of a verb of policy ("• Enhancing X" under "actions include:") is its action; rules-28: a heavy object written after the verb's asides ("submit to X, within 90 days, a plan that ...") is the target; a question is no commitment; "this plan" after a plan an earlier sentence promised is that plan (what it will include is the promiser's duty); an operative verb of policy in capitals opens its line ("EXPAND cooperation"); a symbol-font bullet inside a PDF table cell keeps the cell's items apart; "will mean:" is no undertaking and lends its items no action; a list item's "including" examples are no records of their own (its "including by V-ing" means still are); rules-27: a letter that marks a list item ("a) Enhancing X") is no word of the line; a capitalised gerund of a policy verb tagged as a noun opens an action line; "procedures"/"guidance"/"opportunities" keep the infinitive that says which ones, past a hedge between commas; rules-26: a result verb with a noun object ("the strategy aims to reduce freight costs") is done by its subject, the object is the target; membership ("shall be composed of", "will consist of") is no commitment and lends its items no action; an item's later sentences that are clauses with their own subject are no items; a division that outnumbers its department in a department's text yields to the department; "is mobilizing/undertaking/embarking on/cooperating" as undertakings under way; rules-25: a project data sheet's "Executing Agencies" field names the main actor (its agentless duties are the executing agency's); a reflexive object ("commits itself to expand X") does not stop a chain verb; present "we recommit to X-ing" leads to its action; rules-24: an agentless passive or lead-in about a thing a record just undertook ("The Plan shall be updated", "The Plan shall:") is that record actor's; a state's formal name alone as title or top line ("REPUBLIC OF VANUATU") is the issuer; a capitalised word the text writes in lower case as often is no main actor ("Digital"), nor is a technology abbreviation ("ICT"); a run-in heading before a colon is no subject when the verb has one after it; a target ending in an adjective of a series runs on to its noun; Markdown bold closed after a space is read as bold, and a bold name wrapped over two lines is one line; "the New Zealand Government" found as written, a plural demonym makes no government; a lead-in's "it" is the actor of the passage before ("In particular, it shall:"); rules-23: a passive with a retained object targets the object ("X will be offered a programme"), "It is also the policy of X to Y", items under "shall submit a report on:" take the duty, a label's noun is no subject beside the real one ("Action 02: Services will be redesigned"), "manager" can be an actor, a thing with a participle after its head ("Each report submitted under ...") is no actor, a bare number that ends a wrapped Markdown line is kept, "####Heading" of any length is a heading; rules-22 (rounds 18-22, which left the name as it was until now): days before months, months without a year, half and two-digit fiscal years as deadlines; "in 2020" after the object; a numbered list goes on past a paragraph between its items; a clause item doing what its lead-in announced takes the lead-in's deadline; "recommendations concerning:" items are recommended; rules-17: a joint statement's simple past undertakings ("both sides agreed to X", "the leaders recommitted to Y-ing"), "the leaders"/"the ministers" as actors, numbered recommendation/goal/policy labels open action lines, means clauses opened by "through" and a gerund or "including through the <action noun> of X"; rules-16: plan lines that open with a verb the tagger misreads ("Define and embed X", "Amplify X") give records; a capitalised gerund title of a few words is no action line; purposes hung on a participle inside the object, beneficiary, alignment and partner tails are cut from targets; rules-15: what an abstract thing "will" bring about and a verb under its own "may"/"can" are no commitments; a share to reach by a date ("50% of energy needs met by renewables by 2030") is a headline target; an initiative named as subject ("This Partnership", a hub's abbreviation) speaks for its owner; "›" and "−" bullets open list items; rules-14: active "that/which" relative clauses, belief-verb contents, "it is <adj> to", what a thing allows someone to do and bare wishes are no commitments; "our resolve/determination to X", action-noun series lines and "V1 and V2 X" list items give records; a city plan that calls itself "the City" speaks as the city it names, a page's top line as its date, quarters as deadlines; rules-13: a city's or county's name on its title page and a government named at the top of a "we" text as issuer, "the Academy" as the body named before, a thing as subject takes the actor of the record that named it, "take steps, <hedge>, to X" reads X, placeholders before a list's colon, "by ..." means on an intention chain, paragraphs no longer cut at capitalised lines inside a sentence, Jekyll pages read as Markdown, a learned target trimmer (off); rules-12: gerund series after by/while/including/as well as, inline (i)/(ii) items, nouns taking "to" in targets, long lists cut to their first phrase, all-caps names before a modal, a command paper's presenter as issuer; rules-11: the issuer read from a slug title's first heading and a plan title's owner, "G7"/"G20" names, front-matter titles, a learned proposer (off); rules-10b: spaCy tokens compared by position (rules written with `is` never fired); rules-10: goal gerunds, commitments to things, deliverables under shall, objects past a hedge, passive complements, shared objects of coordinated verbs; rules-9: misread item verbs, list markers never subjects, ongoing named-actor work, owned goals, means cut from targets, list lead-in periods to items; rules-8b: "is continued until DATE" (no modal); rules-8: numbered action headings, planned resource sums, "reaffirm our commitment to X", asides inside targets, report participles, "shall:" lead-in actors, goal years; rules-7: means clauses, relation verbs, gap objects, roman items, shared subjects
# rules-6: directed actors, effort passives, acts as subjects, inline bullets (EXTDET)
# rules-6 fields: issuers of joint titles, owners of "their agencies"/"Agencies' websites", things' abbreviations,
# "within N days of this memo", examples cut from targets (EXTFIELDS)
# rules-5: declaration tense, labelled and misread action lines, forecasts dropped
# rules-4: table rows read cell by cell (rows.py); rules-3: open lead-ins, recommendations dropped

# A stretch longer than this without a sentence end is cut into chunks (the
# parser's cost and the rules' cost grow with sentence length).
MAX_SENTENCE_CHARS = 3_000
MAX_CHUNK_CHARS = 20_000
_SENT_END = re.compile(r"[.!?;。！？；]['\"”’)\]]*\s+|\n\s*\n")


@dataclass(frozen=True)
class ExtractionResult:
    commitments: tuple[Commitment, ...]
    warnings: tuple[str, ...] = ()
    # passage index -> spaCy's sentences of that passage, (start, end) relative to the passage's
    # text; the search index splits passages with these (indexer.units.sentence_spans)
    sentences: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)


def sentence_spans(parts: Sequence[ParsedPassage]) -> dict[int, tuple[tuple[int, int], ...]]:
    """spaCy's sentences of each parsed passage (chunks joined), relative to the passage, whitespace trimmed."""
    out: dict[int, list[tuple[int, int]]] = {}
    for part in parts:
        base = part.offset - part.passage.start
        spans = out.setdefault(part.passage.index, [])
        whole = doc_text(part.doc)   # joined once (issue 13, round 15): `sent.text` is its slice
        for sent in part.doc.sents:
            text = whole[sent.start_char:sent.end_char]
            start = sent.start_char + len(text) - len(text.lstrip())
            end = sent.end_char - (len(text) - len(text.rstrip()))
            if end > start:
                spans.append((base + start, base + end))
    return {index: tuple(spans) for index, spans in out.items()}


def chunk_text(text: str, max_sentence: int = MAX_SENTENCE_CHARS,
               max_chunk: int = MAX_CHUNK_CHARS) -> tuple[list[tuple[int, str]], bool]:
    """Cut `text` into (offset, piece) chunks of at most `max_chunk` characters,
    at sentence ends where possible; a stretch of more than `max_sentence`
    characters without a sentence end is cut at whitespace.  Returns the chunks and
    whether such a forced cut happened."""
    if len(text) <= max_sentence:
        return [(0, text)], False
    # sentence-sized pieces
    pieces: list[tuple[int, int]] = []
    pos = 0
    forced = False
    for m in _SENT_END.finditer(text):
        pieces.append((pos, m.end()))
        pos = m.end()
    pieces.append((pos, len(text)))
    split: list[tuple[int, int]] = []
    for s, e in pieces:
        while e - s > max_sentence:
            forced = True
            cut = text.rfind(" ", s + max_sentence // 2, s + max_sentence)
            if cut <= s:
                cut = s + max_sentence
            split.append((s, cut))
            s = cut
        if e > s:
            split.append((s, e))
    chunks: list[tuple[int, str]] = []
    cs, ce = split[0]
    for s, e in split[1:]:
        if e - cs <= max_chunk and not forced:
            ce = e
        else:
            chunks.append((cs, text[cs:ce]))
            cs, ce = s, e
    chunks.append((cs, text[cs:ce]))
    return chunks, forced


_LEADING_QUOTE = re.compile(r"^(\s*)[\"“]")


# "HOHHOT, Nov 20 -- ", "BOAO, Hainan -- ", "JINAN (Reuters) - ": a news dateline
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?(?:\s*\([A-Za-z .]+\))?\s*(?:--|—|–|-)\s+(?=[A-Z\"“])")


# control and invisible characters, masked with spaces (offsets kept)
_CONTROL = CONTROL_AND_INVISIBLE


_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _text_problem(text: str) -> str | None:
    """Why a passage holds no English prose to read, or None."""
    # the answer for nearly every passage, counted in C (issue 13, round 15, speed only): at least 20
    # characters besides whitespace (`str.split` and `str.isspace` share one definition of whitespace),
    # and at least a quarter of them ASCII letters -- a lower bound on the Latin letters counted below,
    # so None here is None there
    n_chars = sum(map(len, text.split()))
    if n_chars < 20:
        return None
    ascii_text = text.encode("ascii", "ignore")
    if (len(ascii_text) - len(ascii_text.translate(None, _ASCII_LETTERS))) / n_chars >= 0.25:
        return None
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 20:
        return None
    latin = sum(1 for c in chars if "a" <= c.lower() <= "z")
    if latin / len(chars) >= 0.25:
        return None
    digits = sum(1 for c in chars if c.isdigit())
    if digits / len(chars) > 0.5:
        return "numbers only, no English text"
    if sum(1 for c in chars if ord(c) > 0x2E7F) / len(chars) > 0.5:
        return "non-Latin script, not English text"
    return "little English text"


def _unquote(text: str) -> str:
    """Mask what confuses the tagger at the start of a passage, keeping offsets and length:
    an opening quotation mark ("Angola plans" read as a noun) and a news dateline."""
    text = _CONTROL.sub(" ", text)
    text = _DATELINE.sub(lambda m: " " * len(m.group(0)), text, count=1)
    return _LEADING_QUOTE.sub(lambda m: m.group(1) + " ", text, count=1)


class Extractor:
    """Turns parsed documents into commitments.  Thread-safe lazy loading; reuse one."""

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None, scorer=None, proposer=None,
                 trimmer=None):
        self.settings = settings or Settings()
        self._nlp = nlp
        # (parsed, parts, records) -> records: the learned filter and confidence (kb.extract.confidence)
        self.scorer = scorer
        # (parts) -> frames added: the learned proposer (kb.extract.proposer; the shipped one is off)
        self.proposer = proposer
        # (parsed, parts, records) -> records: the learned target trimmer (kb.extract.trimmer)
        self.trimmer = trimmer
        self._prepared = False
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Language:
        with self._lock:
            if self._nlp is None:
                from kb.extract.nlp import load_nlp
                self._nlp = load_nlp(self.settings)
                self._prepared = True
            elif not self._prepared:
                from kb.extract.nlp import prepare
                prepare(self._nlp)
                self._prepared = True
        return self._nlp

    def extract(self, doc: ParsedDocument) -> ExtractionResult:
        return self.extract_many([doc])[0]

    def extract_many(self, docs: Sequence[ParsedDocument], batch_size: int = 64) -> list[ExtractionResult]:
        nlp = self.nlp
        warnings: list[list[str]] = [[] for _ in docs]
        inputs = []
        for di, parsed in enumerate(docs):
            for p in parsed.passages:
                text = parsed.text[p.start:p.end] if parsed.text else p.text
                if not text.strip():
                    continue
                problem = _text_problem(text)
                if problem:
                    warnings[di].append(f"passage {p.index}: {problem}; skipped")
                    continue
                controls = len(_CONTROL.findall(text))
                if controls:
                    warnings[di].append(f"passage {p.index}: {controls} control or invisible characters ignored")
                # a table row is parsed cell by cell (kb.extract.rows); any other passage whole
                pieces = [(s, e) for s, e in cell_spans(text)] if p.kind == "table_row" else [(0, len(text))]
                for cell_start, cell_end in pieces:
                    chunks, forced = chunk_text(text[cell_start:cell_end])
                    if forced:
                        warnings[di].append(f"passage {p.index}: {cell_end - cell_start} characters without a "
                                            f"sentence end; split into chunks")
                    for off, piece in chunks:
                        if len(piece) > nlp.max_length:  # pragma: no cover - chunking keeps pieces small
                            warnings[di].append(f"passage {p.index}: chunk too long, skipped")
                            continue
                        if p.kind == "table_row" and off == 0:
                            piece = for_tagger(piece)
                        d = nlp.make_doc(_unquote(piece))
                        d._.passage_kind = p.kind
                        cell = cell_start if p.kind == "table_row" else None
                        inputs.append((d, (di, p, p.start + cell_start + off, cell)))
        parts: list[list[ParsedPassage]] = [[] for _ in docs]
        for d, (di, p, offset, cell) in nlp.pipe(inputs, as_tuples=True, batch_size=batch_size):
            for w in d.user_data.get("policykb_warnings", []):
                warnings[di].append(f"passage {p.index}: {w}")
            parts[di].append(ParsedPassage(passage=p, offset=offset, doc=d, cell_start=cell))
        results = []
        for di, parsed in enumerate(docs):
            try:  # the learned proposer (kb.extract.proposer): frames for sentences the rules left empty
                from kb.extract.proposer import default_proposer
                (self.proposer or default_proposer())(parts[di])
            except Exception as exc:  # the rules' frames stand
                warnings[di].append(f"proposer failed: {exc!r}")
            try:
                commitments = build_commitments(parsed, parts[di], EXTRACTOR_VERSION, nlp)
            except Exception as exc:  # never lose a document to one odd sentence
                commitments = []
                warnings[di].append(f"commitment records failed: {exc!r}")
            try:  # the learned target trimmer (kb.extract.trimmer): the rules propose a span, a model ends it
                from kb.extract.trimmer import default_trimmer
                commitments = (self.trimmer or default_trimmer())(parsed, parts[di], commitments)
            except Exception as exc:  # the rules' targets stand
                warnings[di].append(f"target trimmer failed: {exc!r}")
            try:
                if self.scorer is None:
                    from kb.extract.confidence import default_scorer
                    self.scorer = default_scorer()
                commitments = self.scorer(parsed, parts[di], commitments)
            except Exception as exc:  # records stay, unscored
                warnings[di].append(f"confidence scoring failed: {exc!r}")
            if not commitments and not warnings[di] and not any(p.text.strip() for p in parsed.passages):
                warnings[di].append("no text to extract from")
            results.append(ExtractionResult(commitments=tuple(commitments), warnings=tuple(warnings[di]),
                                            sentences=sentence_spans(parts[di])))
        return results
