"""Every word list the extraction rules use, in one place, each with what it is for.

The rules (`clauses.py`, `constructions.py`, `heads.py`, `actors.py`, `targets.py`,
`lists.py`, `records.py`, `syntax.py`, `strength.py`, `sectors.py`,
`deadlines.py`, `quantities.py`, `nlp.py`) read English through these lists;
the parser's own labels (dependency labels, tags, entity types) stay in the
rules.  Month names and number words, which ingestion shares, live in
`kb.tables`.

Words are lower case; verbs and nouns are lemmas unless a comment says the list
is matched against the word as written.
"""

from __future__ import annotations

import re

# --- modals and strength -----------------------------------------------------

# Modals that make the verb under them a commitment ("will build", "shall submit").
# Matched against the word as written ("wo" is the first half of "won't").
BINDING_MODALS = {"shall", "will", "must", "'ll", "wo", "would", "should"}

# Modals (as written) that recommend rather than bind: "agencies should publish X" is
# advisory.
ADVISORY_MODALS = ("should", "ought")
# every modal the learned proposer (proposer.py) reads as a feature of its own
MODAL_WORDS = ("will", "shall", "must", "should", "may", "can", "would", "could", "might", "ought")

# Intention verbs: followed to the real action ("aims to build" -> build), and
# they make the commitment aspirational.
ASPIRATIONAL = {"aim", "strive", "plan", "seek", "want", "hope", "intend", "endeavour", "endeavor",
                "try", "wish", "expect", "target", "aspire", "envisage", "envision", "propose"}

# An action with one of these heads is "supportive", not "binding" ("will support
# pilot projects").
SUPPORTIVE_ACTIONS = ("support", "encourage")

# --- which verbs head a commitment (heads.py) --------------------------------

# Verbs followed to the action they introduce: "aims to build", "is expected to
# reach", "commits to reduce", "continue to promote".
CHAIN_VERBS = ASPIRATIONAL | {"commit", "recommit", "pledge", "undertake", "resolve", "continue", "work", "endeavour", "strive",
                              "encourage", "direct", "require", "expect", "need", "decide", "agree", "promise",
                              "determine", "vow", "move", "begin", "start", "ask", "call", "urge", "choose",
                              # "the Coalition will focus on operationalising X" (train: eu-energy-efficiency-
                              # new-impetus-2025, eu-energy-union-task-force-2025): the gerund is the action
                              "focus",
                              # "we will look to procure X", "It will actively look to expand Y": the verb
                              # after "look to" is the action (train: uk-moj-digital-strategy-2012-themes-
                              # actions, uk-scot-climate-neutral-economy, multi-us-new-zealand-joint-
                              # statement-2022, uk-moj-open-data-strategy-2012)
                              "look",
                              # "the Council is charged to identify X", "The Director is charged with issuing
                              # Y", "is tasked with preparing Z": a duty assigned in the passive (PASSIVE_CHAIN;
                              # train: two AI use-case inventory guidances, a wind-energy plan notice; round 29)
                              "charge", "task"}

# Reflexive pronouns (as written): the object of "commits itself to X", "recommit ourselves to
# working ...", which adds nothing to the chain verb (train: ndc-geo, twice;
# multi-us-pacific-partnership-2022).
REFLEXIVE_PRONOUNS = ("itself", "ourselves", "themselves", "himself", "herself", "myself", "yourselves")

# Modals under which "have to V" is a duty ("will have to provide X": heads._obligation); "would"
# states a condition and is left out.
OBLIGATION_MODALS = frozenset({"will", "shall", "must", "'ll"})

# Verbs of aspect followed by a gerund that is the action: "will continue making
# investments", "will keep supporting X".
ASPECT_VERBS = ("continue", "keep", "begin", "start", "resume")

# Chain verbs that take a gerund after a preposition: "commits to reducing",
# "work towards building", "move to phasing out", "focus on expanding".
GERUND_CHAIN_VERBS = ("commit", "recommit", "move", "work", "focus", "charge", "task")

# Verbs whose purpose clause is the action even without "in order to": "will work to
# ensure X", "must act to protect Y", "will cooperate to establish Z" (each seen in
# several labelled documents; "lead to X" is a result, "lead by example" its own action).
# Round 20: the other verbs of working together, as train's gold reads them ("collaborate to
# improve X" in three documents, "coordinate to spur X", "partner to mitigate X").
PURPOSE_VERBS = ("act", "work", "cooperate", "collaborate", "coordinate", "partner")

# Verbs that take a target noun whose infinitive is the action: "achieve an
# economy-wide target to reduce X", "set a goal to ...".
TARGET_SETTING_VERBS = ("achieve", "set", "meet", "have", "adopt", "pursue", "announce")

# Verbs (lemma) that, in the present tense, set a goal in the text that states it: "Chatham County
# establishes a goal of 5% renewable use by 2010", "the Commission sets the target of 320 GW by
# 2025" (heads._present_goal_setting).
GOAL_SETTING_PRESENT = ("set", "establish", "adopt")

# Target nouns that a goal-setting verb sets (not "plan", "commitment", "pledge": "adopts a plan" is
# no goal of a figure).
SET_GOAL_NOUNS = ("target", "goal", "objective", "ambition")

# Verbs (lemma) that pursue a goal named by its noun: "pursue its goal of reducing X", "commit to a
# collective goal of reducing Y", "in reaching the goal of planting Z" (clauses._goal_gerunds).
GOAL_PURSUING_VERBS = ("pursue", "achieve", "meet", "reach", "fulfil", "fulfill", "commit", "work", "deliver")

# Verbs that restate a commitment noun: "we reaffirm our commitment to achieve X", "we
# share a goal to increase X" -- the noun's verb is the action.
REAFFIRM_VERBS = ("reaffirm", "reiterate", "renew", "restate", "confirm", "reconfirm", "share", "underline",
                  "underscore", "affirm", "maintain", "uphold")

# Nouns a declaration reaffirms with a thing, not a verb, after "to": "we reaffirm our commitment
# to the Paris Agreement", "we affirm our support to small island states" -- noun -> the action
# (kb.extract.clauses `_reaffirmed_noun`).
REAFFIRMED_NOUNS = {"commitment": "commit", "dedication": "commit", "support": "support"}

# Nouns of effort whose infinitive is the action, whatever the verb: "make efforts to
# expand X", "take steps to revise X", "redouble our efforts to ensure X".
EFFORT_NOUNS = {"effort", "step", "endeavour", "endeavor", "action", "measure"}

# Adjectives (as written) of "be committed to": "we are committed to ending X", "Kenya is
# determined to continue ...".
COMMITTED_ADJECTIVES = ("committed", "determined", "dedicated", "resolved", "ready")

# "recommit to X" is "commit to X" again (clauses._committed_to_noun).
COMMIT_TO_VERBS = ("commit", "recommit")

# A noun made from a verb, naming an act (as written): "cooperation", "adoption",
# "deployment", "building" -- as the subject of an active clause, an act brings something
# about; it undertakes nothing ("Adoption of the framework will lay the foundation for X").
ACT_NOUN = re.compile(r"(?:tion|sion|ment|ance|ence|ing)s?$")

# Bodies whose names end like an act noun (lemma): "both delegations", "member organisations".
BODY_NOUNS = ("delegation", "organisation", "organization", "association", "federation", "foundation",
              "confederation", "alliance", "presidency", "agency", "conference", "convention", "mission",
              "parliament", "management", "secretariat")

# Legal instruments whose names end like an act noun: their clauses state content, not
# effects ("Any guidance shall include X", "the regulations shall define Y").
INSTRUMENT_NOUNS = ("guidance", "regulation", "legislation", "ordinance", "resolution", "convention", "agreement",
                    "settlement", "amendment", "statement", "declaration", "communication", "notification")

# Deliverables whose names end like an act noun (lemma): "These recommendations shall identify X",
# "the assessment must describe Y" state what the deliverable must hold (constructions.required_content).
DELIVERABLE_NOUNS = ("recommendation", "assessment", "evaluation", "submission")

# Modals that lay a duty on a deliverable's content ("shall", "must"); "will" may forecast.
DUTY_MODALS = ("shall", "must")

# Subjects (as written) of a declaration's present progressive: "we are mapping X".
FIRST_PERSON = ("we", "i")

# Verbs by which the speaker directs a named actor, whose infinitive is then that actor's
# action (object control): "I have asked the College to review X", "we task the Finance
# Ministers to turn Y", "I hereby direct the Secretary to publish Z" (EXTDET, train split:
# a UK statement, a G7 communique).  "call on"/"urge" appeal to others and are not here.
DIRECTIVE_VERBS = ("ask", "task", "invite", "commission", "instruct", "direct", "request", "charge", "mandate")

# Verbs of a present progressive that report a state or a perception, not an undertaking:
# "we are facing", "we are seeing".
STATE_VERBS = {"face", "see", "witness", "experience", "live", "hear", "feel", "look", "talk", "say", "speak",
               "go", "come", "meet", "enter", "get", "become", "wait", "hope", "think", "learn", "read"}

# Nouns naming a target: the verb in "a target to reduce X" is the action.
TARGET_NOUNS = {"target", "goal", "aim", "objective", "commitment", "pledge", "plan", "ambition"}

# Nouns naming what a thing is for, not what an actor undertakes: "The purpose of the
# initiative is to enhance X", "The role of the Council is to convene Y", "The intent of
# this memorandum is to communicate Z" (a description of a body or of a document).
FUNCTION_NOUNS = {"purpose", "intent", "role"}

# Verbs of relation, not of action: under a modal they describe how things stand or
# will stand ("the final allocation will depend on X", "allocations will be based on
# Y", "the official text shall prevail", "members must possess Z").
RELATION_VERBS = {"depend", "base", "prevail", "possess", "occur"}

# Verbs of what befalls or is required of someone, and of what something amounts to, not of an act: "many
# cities will face barriers", "Countries will need new infrastructure", "these gases pose risks", "the
# project will cost $4 million", "this represents a shift", "the region will experience more floods",
# "rising seas will exacerbate X"; and "see", a cross-reference ("See Annex 3: Guidance for ...", "for the
# map, see https://...").  Never the verb of an undertaking in the labelled train and validation splits
# (0 of their 6,277 required gold lines; two optional ones, "is also needed" and "look forward to
# seeing"), and the verb of 26 records of rules-33 there, none paired with a gold line.  (`STATE_VERBS`,
# above, are the verbs of a present progressive that reports a state: "we are facing X".)
BEFALL_VERBS = {"face", "need", "pose", "cost", "represent", "experience", "exacerbate", "suffer", "see"}

# Verbs of membership: "The Council shall be composed of the following members:", "the Board shall
# consist of five members", "the committee will comprise X".  Who sits on a body is its make-up, not an
# undertaking (bench/labelled/SOURCES.md: membership lists are not labelled; train: two orders, an OMB and a
# White House memorandum, a report and a GDS paper that set up councils, boards and committees); the body's
# duties are stated elsewhere.
MEMBERSHIP_VERBS = {"compose", "comprise", "consist"}

# What something amounts to: "success will mean: (i) greater visibility ...", "this entails X".  A
# consequence, never an undertaking, and a lead-in ending in one lends its items no action (no line of
# train, validation or the dev set has one as its action; train: an open-government plan's "success
# will mean:" list, eight wrong records).
CONSEQUENCE_VERBS = {"mean", "entail", "imply"}

# Nouns of a plan's own list of actions: "Key actions include:", "Our strategies are:" (its
# items are the plan's undertakings, unlike "Examples of improvements include:").
PLAN_LIST_NOUNS = {"action", "measure", "step", "strategy", "initiative", "activity", "task", "deliverable",
                   "commitment", "responsibility", "duty", "function", "recommendation", "project"}

# Nouns that state a commitment without a finite verb: "An unconditional
# contribution to reduce X by 2030".
COMMIT_NOUNS = TARGET_NOUNS | {"contribution", "intention", "undertaking", "priority", "mission", "task"}

# Present-tense verbs that state a commitment on their own: "the country targets
# a 35% reduction", "the city aims to build".
PRESENT_COMMIT = {"target", "commit", "pledge", "undertake", "aim", "plan", "intend", "strive", "seek", "want",
                  "vow", "promise", "expect", "envisage", "propose", "resolve"}

# Chain verbs that lead on only in the passive: "agencies are directed to ...",
# but not "the order directs agencies" (an active use names a different actor).
PASSIVE_CHAIN = {"encourage", "direct", "require", "expect", "urge", "ask", "call", "instruct", "task", "mandate", "charge"}

# Passive participles that head a commitment with "to": "are encouraged to",
# "is directed to", "is expected to".
DIRECTED_PARTICIPLES = ("encourage", "direct", "expect", "require", "mandate", "task", "instruct", "urge", "charge")

# Past participles that head a commitment after "has"/"have": "Chile has agreed
# to reforest", "the country has committed to reducing".
PERFECT_COMMIT = ("agree", "commit", "pledge", "decide", "resolve", "promise", "undertake", "vow")

# Their simple past, with "recommit", in a joint statement's report of a meeting: "both sides agreed
# to sustain X" (heads.is_commit_head).
PAST_COMMIT = PERFECT_COMMIT + ("recommit",)

# The perfect auxiliaries of PERFECT_COMMIT (as written).
PERFECT_AUXILIARIES = ("has", "have")

# Present passives that decide, without a modal, that a body lasts until a date: "Each advisory
# committee listed below is continued until September 30, 2025" (US orders continuing federal
# advisory committees, EO 14048 and EO 14109 of the corpus).
CONTINUANCE_VERBS = ("continue",)

# The action a deliverable's date field names, by the field's first word: "Guidelines for X (Release date:
# June 2017)" -> release, "(Delivery date: by March 2018)" -> deliver (lists.dated_deliverable; round 51).
DELIVERABLE_DATE_ACTIONS = {"release": "release", "delivery": "deliver", "publication": "publish", "due": "deliver"}

# Verbs of supplying whose passive keeps what is supplied after "with": "The PMU will be provided with
# consultancy and capacity building", "The Transparency Panel will be provided with quarterly summaries",
# "schools are equipped with a network connection" -- the subject receives, the "with" phrase is the
# target (constructions._supplied_with; round 52, train: an ADB project sheet, Defra's open data
# strategy, Italy's ICT plan).
SUPPLY_WITH_VERBS = frozenset({"provide", "supply", "equip", "furnish"})

# States a thing is promised to be in, stated with a modal and "be" and no agent, and the action that
# brings each about: "The store will be available from end-March 2012" -> make available, "This process
# will be operational by April 2015" -> make operational, "Public data sets shall be accessible to search
# engines" -> make accessible, "The first applications should be online in summer 2012" -> put online
# ("in place" -> put in place is read from its preposition; constructions._promised_state; round 52,
# train: two open data strategies, an FWS notice, the Government Digital Strategy, an OGP action plan, the
# Illinois open-data order).
PROMISED_STATES = {"available": "make available", "accessible": "make accessible",
                   "operational": "make operational", "online": "put online"}

# Activities that name a sector of the economy: "the transport sector will play a strategic role",
# "Agriculture, land-use change and the forestry sector": an area where emissions and measures fall,
# no party that undertakes them (actors.is_thing; round 51, train: two INDCs gave their measures to their
# transport and forestry sectors).  Not the private, public, financial or further-education sector, which
# gold takes as a party ("the private sector will invest").
ECONOMIC_SECTOR_WORDS = frozenset({
    "transport", "transportation", "energy", "power", "electricity", "agriculture", "agricultural", "forestry",
    "forest", "land-use", "waste", "industry", "industrial", "building", "buildings", "construction", "tourism",
    "water", "fisheries", "fishery", "fishing", "mining", "manufacturing", "aviation", "shipping", "maritime",
    "housing", "livestock", "oil", "gas", "coal", "cement", "steel", "afolu", "lulucf", "ippu"})

# Verbs that are never the action of an imperative list item ("(a) be ...", "(b) have ...").
NOT_ITEM_ACTIONS = ("be", "have")

# Verbs of an imperative sentence that speaks to the reader, not of a plan's action:
# "See section 3", "Note that ...", "Please contact ...", "Click here".
NOT_IMPERATIVE_ACTIONS = {"see", "note", "refer", "visit", "contact", "click", "read", "please", "email", "call",
                          "find", "learn", "go", "let", "imagine", "look", "ask", "tell", "check", "download",
                          "remember", "thank", "follow", "sign", "subscribe", "get", "say", "think", "know", "watch",
                          "listen", "view"}

# Gerunds that are not sub-actions of a means clause: "by taking into account",
# "by including", "based on", "following"; ", starting in 2025," says when the action starts
# (deadlines.py "start") and ", beginning with X" which of its objects comes first, neither a
# further action (round 35: "will regularly report, starting in 2025, on X" and "will advance a
# corridor, beginning with X providing Y" gave records "start"/"begin" in an EU plan, a joint statement
# and a national plan of train and validation).
MEANS_SKIP = {"take", "include", "base", "consider", "accord", "follow", "start", "begin"}

# The words that introduce a gerund as a further action of the verb it hangs under: its means
# ("by acquiring X"), an action it goes with ("while investing in Y"), one it includes
# ("including developing Z", "including by partnering with W") (clauses.marked_gerunds).
GERUND_MARKERS = ("by", "while", "including")

# --- constructions (constructions.py) ----------------------------------------

# Relative pronouns (as written): a subject "that"/"which"/"who" stands for the noun
# its relative clause hangs on.
RELATIVE_PRONOUNS = ("that", "which", "who")

# Adjectives of the "responsible for" construction: "will be responsible for building X".
RESPONSIBLE_ADJECTIVES = ("responsible", "accountable")

# Subjects that negate the clause (as written): "nothing in this order shall ...".
NEGATIVE_SUBJECTS = ("nothing", "none", "no one")

# The reader addressed as subject (as written): "you will need to obtain permission from the copyright
# holders" (the Open Government Licence notice of a UK publication, train: a DfT strategy, round 29) is
# what the reader must do, not the author's undertaking (no gold commitment of train or validation has
# "you" as its subject).
READER_SUBJECTS = ("you",)

# Pronouns (as written) that look for a named subject earlier in their sentence:
# "Hainan Power Grid said it would ...".
ANAPHORIC_PRONOUNS = ("it", "they")

# Intransitive result verbs: the subject is what the commitment is about ("the
# share of renewables will reach 20 percent": the share is the target), and the
# object holds the figure.
RESULT_VERBS = {"reach", "rise", "fall", "exceed", "top", "hit", "climb", "drop", "decline", "decrease", "grow",
                "double", "triple", "peak", "pass", "approach", "surpass", "stand", "remain", "stay", "go", "account",
                "increase", "reduce", "exceed", "come", "amount", "total", "stabilize", "plateau", "shrink",
                "expand", "jump", "soar", "dip", "hover", "switch", "become", "achieve", "cover", "make", "flow"}

# Verbs of handing something over, which English writes with the addressee first and a heavy object
# last ("submit to the Board a detailed assessment of X": targets._object_after_addressee).
HANDING_VERBS = frozenset({"submit", "provide", "transmit", "deliver", "present", "send", "forward", "give", "return"})

# Words that open an indirect question written after a verb's prepositional phrases
# ("explore with X whether Y", "take forward with X how Y": targets._question_after_preps).
QUESTION_WORDS = frozenset({"whether", "how"})

# Prepositions through which a verb takes its object: "comply with X", "focus on X", "build on X",
# "contribute to X", "invest in X" (constructions._prepositional_object: a thing as subject of
# such a verb is no target, the preposition's object is).
PREPOSITIONAL_OBJECT_PREPS = frozenset({"with", "on", "upon", "to", "into", "in", "for"})
# Verbs of motion or change of state whose subject is what moves ("the data will migrate to X",
# "this duty shall extend to Y"): the subject stays the target (constructions._prepositional_object).
MOTION_VERBS = frozenset({"migrate", "move", "shift", "transition", "extend", "apply", "evolve", "change", "convert",
                          "transfer", "return", "progress", "develop", "turn", "spread", "roll"})

# Nouns of people counted (lemma or as written): "there will be twice as many adults
# over 65" forecasts a population, it undertakes nothing.
POPULATION_NOUNS = {"people", "person", "adult", "child", "resident", "citizen", "household", "inhabitant",
                    "worker", "pensioner", "student", "population", "family", "individual", "birth", "death"}

# Words of a comparison in an existential: "there will be twice as many X", "more X
# than today", "fewer X" -- a forecast, not a commitment.
PROJECTION_WORDS = re.compile(r"\b(?:twice|thrice|times)\s+as\s+(?:many|much)\b|\bas\s+(?:many|much)\b|"
                              r"\bmore\b.*\bthan\b|\bfewer\b|\bless\b.*\bthan\b")

# Light verbs: "make overall plans for X", "take steps to", "play a role in"; with
# a LIGHT_NOUNS object, verb + noun + preposition is the action and the
# preposition's object the target.
LIGHT_VERBS = {"make", "take", "play", "pay", "give", "put"}

# The nouns of light-verb constructions (see LIGHT_VERBS).
LIGHT_NOUNS = {"plan", "effort", "part", "role", "attention", "priority", "step", "measure", "use", "progress",
               "arrangement", "preparation", "contribution", "investment", "improvement", "adjustment"}

# Nouns (lemmas) of a light verb's passive whose preposition names the target:
# "breakthroughs shall be made in key technologies" -> "make breakthroughs in" X.
LIGHT_PASSIVE_NOUNS = {"breakthrough", "progress", "headway", "effort", "investment", "improvement"}

# Verbs of speeding up: "accelerate the construction of X" is about X (see BUILD_NOUNS).
ACCELERATE = {"accelerate", "speed", "step", "push", "expedite", "quicken", "hasten", "fast-track", "advance"}

# The opening cut from an ACCELERATE verb's target: "the construction of" X.
BUILD_NOUNS = re.compile(r"^(?:the\s+)?(?:construction|building)\s+of\s+", re.I)

# A subject that is the document itself: "this order shall be implemented ...",
# "the plan will ..." -- not an actor, no commitment.
SKIP_SUBJECT = re.compile(r"^(?:this|the|such)\s+(?:executive\s+)?(?:order|memorandum|section|act|proclamation|"
                          r"directive|law|provision|subsection|paragraph|definition|plan|document)s?$", re.I)

# Verbs by which a document states its own aim: "The Plan aims to increase X", "This strategy seeks to cut
# Y", "This recommendation seeks to improve Z".  Under them the document (SKIP_SUBJECT) or a plan's item
# named as an act (a recommendation, an initiative) speaks for its author: the aim is the author's
# undertaking, recorded with the document's main actor (ANNOTATION.md section 1: "X aims to do Y"; train:
# a Scottish sector plan, two gold lines, and a Kentucky county's transport plan; validation: a
# Commission plan, an optional line).  "This plan will form part of X" says what the document is, and stays
# none.
DOCUMENT_AIM_VERBS = frozenset({"aim", "seek", "intend", "strive"})

# Legal boilerplate: sentences that look like commitments and are not ("nothing
# in this order shall be construed ...", "subject to the availability of
# appropriations", definitions).  Round 33 added two forms that open or close US orders and acts
# (ANNOTATION.md section 1: conditions and definitions):
# - a definition by reference that is its whole sentence: "(n) The term "United States person" shall
#   have the same meaning as it has in ...", "(c) "Intelligence" has the meaning ...", "For purposes of
#   this order, terms shall have the same meanings ..." (13 records of the 160 shared orders; no gold
#   line of the dev set or the labelled corpus); a duty whose sentence goes on to define a word
#   ("Agencies shall exclude X, where ... "Y" has the meaning defined in ...") stays a duty;
# - the severability clause: "If any provision of this order ... is held to be invalid, the remainder
#   of this order ... shall not be affected" (11 records of the 160 orders; one each of a train and a
#   validation order, neither paired with gold).
# Round 36 added the savings clause of an amending order: "Any provisions of Executive Order 9999 not
# amended in this order shall remain in effect", "All previously issued orders, regulations ... shall
# remain in effect until amended, modified, or revoked" (ANNOTATION.md section 1: the legal status of
# other texts, undertaken by no one; 4 records of the 160 shared orders, one of a validation order, none
# paired with gold).  A thing kept in force until a date ("The moratorium shall remain in effect until
# 2030") is not a savings clause and is read as before.
BOILERPLATE = re.compile(
    r"\bnothing\s+in\s+this\b|\bshall\s+(?:not\s+)?be\s+construed\b|\bnot\s+intended\s+to\b|"
    r"\bdoes\s+not,?\s+create\s+any\s+right\b|\bshall\s+be\s+implemented\s+consistent\s+with\s+applicable\s+law\b|"
    r"\bsubject\s+to\s+the\s+availability\s+of\s+appropriations\b|\bis\s+hereby\s+revoked\b|\bmeans\b.{0,40}$|"
    r"\bshall\s+(?:take\s+effect|enter\s+into\s+force|become\s+effective)\b|\bshall\s+be\s+interpreted\b|"
    r"\A\W*(?:[a-z0-9]{1,4}[.)]\s*)?(?:for\s+(?:the\s+)?purposes\s+of\s+this\s+\w+,\s*)?(?:(?:the|that|such|these)\s+)?"
    r"(?:terms?\s*)?(?:[“\"][^”\"]{1,80}[”\"](?:,?\s+(?:and|or)\s+[“\"][^”\"]{1,80}[”\"])*\s+)?"
    r"(?:shall\s+have|has|have)\s+the\s+(?:same\s+)?meanings?\b|"
    r"\bif\s+any\s+provision\s+of\b.{0,250}?\b(?:held|found|determined)\s+(?:to\s+be\s+)?"
    r"(?:invalid|unenforceable|unconstitutional)\b|"
    r"\b(?:shall|will)\s+(?:remain|continue)\s+in\s+(?:full\s+)?(?:force|effect)(?:\s+and\s+effect)?\b"
    r"(?!\s+(?:until|through|to)\s+(?:\S+\s+){0,3}?(?:19|20)\d\d\b)", re.I | re.S)

# An amending instruction: "(ii) in section 2, by striking "X" and inserting in lieu thereof "Y";",
# "Executive Order 9999 is further amended by adding at the end ...", "(a) by substituting "A" for "B"".
# It changes another text's words; the words it quotes are fragments, and nobody undertakes anything.
AMENDING = re.compile(
    r"\A\s*(?:\(?[a-z0-9]{1,5}[.)]\s*)?(?:in\s+[^,;]{1,80},\s*)?by\s+(?:striking|inserting|adding|substituting|"
    r"redesignating|deleting|removing)\b"
    r"|\bis\s+(?:hereby\s+|further\s+)*amended\s*(?:[—–-]\s*)?(?:,\s*)?(?:in\s+[^,;]{1,80},\s*)?by\s+(?:striking|"
    r"inserting|adding|substituting|redesignating|deleting|removing)\b", re.I)
# The verbs (lemmas) of an amending instruction: edits of another text, not undertakings
AMENDING_VERBS = frozenset({"strike", "insert", "add", "substitute", "redesignate", "delete", "remove", "amend"})

# Verbs of reporting (as written): a quoted opinion attributed with one of them is
# not a commitment ("'Coal will remain ...,' said an analyst").
REPORTED = re.compile(r"\b(?:said|says|told|added|noted|stressed|argued|warned|according\s+to)\b", re.I)

# Verbs (lemmas) that report an undertaking in the past: "X said it would expand Y",
# "the ministry announced that it would build Z" -- "would" under them is a commitment.
REPORTING_VERBS = {"say", "announce", "pledge", "promise", "state", "agree", "add", "declare", "confirm", "vow",
                   "undertake", "commit", "decide", "tell", "note", "indicate", "report", "reveal", "unveil"}

# Reporting verbs (as written) right after a closing quotation mark: "...," said X.
REPORTED_AFTER_QUOTE = ("said", "says", "added", "noted", "told")

# --- verbs found by position (clauses.py, targets.py, lists.py) --------------

# Verbs of policy action, for words the tagger took for nouns after "; ", "as well
# as" or a list marker (as written).
POLICY_VERBS = {
    "accelerate", "achieve", "adopt", "advance", "build", "carry", "conduct", "construct", "create", "cut",
    "deepen", "deploy", "design", "develop", "encourage", "enhance", "ensure", "establish", "expand", "explore",
    "facilitate", "foster", "implement", "improve", "incorporate", "increase", "integrate", "introduce", "issue",
    "launch", "lower", "maximize", "minimize", "optimize", "phase", "prioritize", "promote", "protect", "provide",
    "pursue", "raise", "reduce", "reform", "revise", "set", "speed", "strengthen", "support", "upgrade", "use",
    "boost", "cultivate", "modernize", "purchase", "restore", "stabilize", "streamline", "update", "identify",
    "monitor", "publish", "review", "assess", "evaluate", "coordinate", "consolidate", "enforce", "extend",
    "utilize", "utilise", "replace", "install", "initiate", "educate", "mainstream",
}

# Verbs of an undertaking under way in a named actor's present progressive, besides
# POLICY_VERBS and PURPOSE_VERBS: "the Agency is promulgating new rules" (kb.extract.clauses._ongoing).
# Round 26, verbs of committing resources and effort ("Ghana is mobilizing $7.2billion", "Maldives is
# undertaking adaptation actions", "the Philippines is already undertaking initiatives to mainstream X",
# "the country is embarking on X", "Vanuatu is actively cooperating with UN agencies": train and
# validation NDCs).  Not "commit": "the government is committing £14 million to X" would lead to X's verb.
ONGOING_VERBS = frozenset(POLICY_VERBS | set(PURPOSE_VERBS) | {"promulgate", "prepare", "finalize", "finalise", "draft",
                                                                "mobilize", "mobilise", "undertake", "embark",
                                                                "cooperate"})

# Quantifiers of a subject that stands for others, not for the document's actor: "Many
# communities are implementing X" describes (kb.extract.clauses._ongoing).
OTHERS_QUANTIFIERS = ("many", "some", "most", "several", "other", "few", "numerous")

# Verbs that open a plan's numbered action line set in Title Case, which the tagger reads as a
# name ("ACTION 2: Finalize Benchmarking and Begin Tracking", "Strategy 8E. Further Develop X"):
# the verbs of policy, the aspect verbs, and these (kb.extract.lists.labelled_title_line).
LABELLED_LINE_VERBS = frozenset(POLICY_VERBS | set(ASPECT_VERBS) | {
    "engage", "finalize", "finalise", "formalize", "formalise", "partner", "hire", "assemble", "conserve", "plant",
    "recycle", "track", "adapt", "invest", "retrofit", "convert", "prepare", "acquire", "require"})

# Adverbs that may stand between an action label and its verb ("Strategy 8E. Further Develop X").
LABELLED_LINE_ADVERBS = ("further", "also", "continue to")

# A development bank's business plan states its planned resources as a sum: "The indicative
# ADF allocation for 2015 is $450 million", "The tentative annual TA program averages $4.1
# million" (kb.extract.lists.planned_envelope).  The adjectives that make the sum a plan:
PLANNING_ADJECTIVES = ("indicative", "tentative", "proposed", "provisional", "planned")
# the nouns of a resource envelope, with the action each stands for:
ENVELOPE_NOUNS = {"allocation": "allocate", "allocations": "allocate", "figure": "allocate", "resources": "allocate",
                  "budget": "allocate", "envelope": "allocate", "lending": "lend", "program": "provide",
                  "programme": "provide", "financing": "finance"}
# the verbs (as written) that state the sum:
ENVELOPE_VERBS = ("is", "are", "averages", "average", "amounts", "totals", "comprises")

# Words (as written) that are not a verb opening a ";"-separated part: "; including ...",
# "; according to ...".
NOT_PART_VERBS = ("including", "according")

# A hedge that opens a list item or a clause before its verb (cut from the action and
# the target): "(iii) to the maximum extent permitted by law, support X", "consistent with
# applicable law, maintain X", "as permitted by law, integrate X".
HEDGE_OPENING = re.compile(
    r"^\s*(?:(?:to\s+the\s+(?:maximum|greatest|fullest|full)\s+extent\s+(?:permitted|allowed|practicable|possible|"
    r"feasible|appropriate)(?:\s+(?:by|under)\s+(?:applicable\s+)?law)?|consistent\s+with\s+(?:applicable|existing|"
    r"relevant)\s+law|as\s+(?:appropriate|permitted\s+by\s+law|necessary|needed|practicable|feasible)|"
    r"where\s+(?:appropriate|practicable|feasible|possible)|to\s+the\s+extent\s+[^,]{1,80}|"
    r"in\s+(?:coordination|consultation|cooperation)\s+with\s+[^,]{1,100}|pursuant\s+to\s+[^,]{1,80}|"
    r"subject\s+to\s+[^,]{1,80})(?:\s*,?\s*(?:and|or)\s+)?)+\s*,\s*", re.I)

# Words (as written) after a list item's first word that make that word a noun, not a
# verb: "(ii) selection of sites", "(iv) account for ..." -- a verb takes its object.
NOUN_FOLLOWERS = ("of", "for", "in", "on", "and", "or", ",", "to", "with", "by")

# Tags of a first word that is no verb: "(iv) an account of ..." opens with a noun phrase.
NOT_VERB_TAGS = ("DT", "PRP$", "PRP", "CD", "IN", "RB", "CC", "WDT", "POS", "EX", "PDT")

# Nouns of action (as written, lower case) that open a line of a plan's list of actions,
# with the verb they name: "Expansion in geothermal energy" -> expand, "Establishment of
# micro-generation" -> establish.
NOMINAL_ACTIONS = {
    "expansion": "expand", "enhancement": "enhance", "establishment": "establish", "promotion": "promote",
    "development": "develop", "improvement": "improve", "strengthening": "strengthen",
    "implementation": "implement", "construction": "construct", "introduction": "introduce",
    "reduction": "reduce", "creation": "create", "provision": "provide", "adoption": "adopt",
    "deployment": "deploy", "integration": "integrate", "mainstreaming": "mainstream", "upgrading": "upgrade",
    "rehabilitation": "rehabilitate", "restoration": "restore", "installation": "install",
    "conservation": "conserve", "protection": "protect", "modernisation": "modernise",
    "modernization": "modernize", "elimination": "eliminate", "extension": "extend", "replacement": "replace",
    "retrofitting": "retrofit", "expansions": "expand", "reductions": "reduce", "increase": "increase",
    "decrease": "decrease", "cut": "cut", "cuts": "cut", "phase-out": "phase out", "enforcement": "enforce",
    "digitalisation": "digitalise", "digitalization": "digitalize", "electrification": "electrify",
    "diversification": "diversify", "afforestation": "afforest", "reforestation": "reforest",
    # EXTDET: more nouns of action that open a pledge's action lines ("Removal of barriers to X")
    "removal": "remove", "dissemination": "disseminate", "utilization": "utilize", "utilisation": "utilise",
    "recovery": "recover", "delivery": "deliver", "mitigation": "mitigate", "consolidation": "consolidate",
    "acceleration": "accelerate", "revision": "revise", "preparation": "prepare", "adaptation": "adapt",
}

# Nouns ending like nouns of action that name a body, a kind or a quality instead ("Organization of
# American States", "Specification of X" as a document part): no action line opens with them
# (lists.nominal_action's regular "-ization"/"-ification" derivations).
NOT_ACTION_NOMINALS = frozenset({"organization", "organisation", "organizations", "organisations", "civilization",
                                 "civilisation", "specification", "specifications", "classification",
                                 "qualification", "qualifications", "justification"})

# EXTDET: what closes a plan's label before its action line: "Action Item B (st) :: Develop X",
# "Objective 3 – Expand Y", "Goal 2: Protect Z".
LABEL_ENDS = (":", "::", "–", "—", "-")

# EXTDET: passages whose lines are actions more often than prose (their capitalised first
# word is read again in lower case when the tagger took it for a noun: kb.extract.component).
ACTION_LINE_KINDS = ("list_item", "table_row", "heading")

# Nouns of change (as written, lower case) that, with a figure, state a headline pledge
# without a verb: "Target: 30% reduction below BAU by 2030" (see NOMINAL_ACTIONS).
FIGURE_NOUNS = ("reduction", "reductions", "cut", "cuts", "increase", "decrease")

# Verbs that end a lead-in without an action of their own: "as follows:",
# "shall be:", "comprises:"; the list items bring their verbs.
LIST_OPENING_VERBS = ("follow", "be", "comprise", "consist")

# Participles of reference that close a list's lead-in: "shall make recommendations concerning:", "shall
# develop a strategy regarding:" (kb.extract.lists.lead_in).  They are no action: the items are what the
# noun before them is about, and they take the verb of that noun's undertaking (REFERENCE_NOUN_VERBS) or
# the verb that governs it.
REFERENCE_PARTICIPLES = ("concerning", "regarding", "respecting")

# Nouns of a deliverable whose items under "<noun> concerning:" are undertaken with their own verb:
# "the report shall make recommendations concerning: (i) X" -> recommend X (train and validation gold:
# EO 14017, EO 14123).
REFERENCE_NOUN_VERBS = {"recommendations": "recommend", "recommendation": "recommend"}

# Verbs (lemma) of a participle after a comma that says what a commitment will bring
# about, not another thing undertaken: "..., giving them more freedom", "..., helping to
# deliver stability", "..., allowing agencies to ...".
RESULT_PARTICIPLES = ("give", "help", "allow", "enable", "result", "lead", "contribute", "make", "bring", "benefit",
                      "put", "leave", "mean")

# Verbs (lemma) of an effect: with a thing or "this" as subject ("This will enable
# agencies to ...", "the programme will help families"), a prediction, not a commitment.
EFFECT_VERBS = frozenset(RESULT_PARTICIPLES) | {"require", "play"}

# Subjects (as written, lower case) that stand for an earlier clause, not for an actor.
DEMONSTRATIVE_SUBJECTS = ("this", "that", "these", "those", "doing so", "this work", "this approach")

# Subjects of "include" that point back to an undertaking just stated: "This includes
# strengthening X", "This will include assessing Y" (not "a strategy that shall include X": what a
# document is to hold).
INCLUDING_PRONOUNS = frozenset({"this", "these", "it"})

# The label of a plan's numbered action line: "Strategy 8B. Develop standards ...",
# "ACTION 3: Explore and evaluate ...", "Measure 2.1 - Reduce ...".  Such a line is a
# commitment even when it is set as a heading.
# Also "Goal 1: To develop ...", "Policy 8 – Develop ...", "RECOMMENDATION #4: Develop ..." (train:
# state-cape-coral-sea-level-rise-policy, state-greensboro-city-operations, state-lexington-empower-
# transportation).
ACTION_LABEL = re.compile(r"^\s*(?:strategy|action|measure|objective|initiative|step|priority|task|goal|policy|"
                          r"recommendation)\s+#?"
                          r"(?:\d{1,2}(?:\.\d{1,2})?[A-Za-z]?|[A-Z])\s*[.:\-–—]\s+(?=[A-Z])", re.I)

# The same label where text extraction ran it into the line before ("... baseline data.
# Action Item A (st) :: Ensure X", "... by 2010 Objective 2 (mt) :: Enforce Y"): it starts
# a new sentence (kb.extract.nlp).
INLINE_ACTION_LABEL = re.compile(r"(?:Strategy|Action(?:\s+Item)?|Measure|Objective|Initiative|Step|Priority|Task|"
                                 r"Recommendation|RECOMMENDATION)"
                                 r"\s+#?(?:\d{1,2}(?:\.\d{1,2})?[A-Za-z]?|[A-Z])\s*(?:\([a-z]{1,3}\))?\s*"
                                 r"(?:::|[.:\-–—])\s+(?=[A-Z])")

# Subordinators (as written, lower case) of a question or a condition: a clause they
# open ("whether any changes should be made", "if an agency would ...") is no commitment.
CONDITION_MARKS = ("whether", "if", "unless")

# Verbs (lemma) whose "for X to V" asks for or intends X's action, so that X's verb is what
# the sentence's author undertakes to bring about: "The plan calls for the City to plant 1,000
# trees", "the budget provides for the Board to hire staff", "Australia and New Zealand intend
# for their development banks to fund X" (train: a joint leaders' statement).  Any other head of
# a "for X to V" clause -- a noun ("the opportunity for people to subscribe", "rules for the
# utility to disclose"), an adjective ("easier for agencies to obtain", "imperative for X to
# ensure") or "allows for" -- names a chance, a need or a permission of X, not an undertaking
# (issue 10, round 36; train: 25 such records in 15 documents -- FedRAMP and IPv6 memoranda, a
# habitat plan, cloud and cyber strategies, city plans, an open government plan, NDCs -- one of them
# right, "will provide opportunities for the Government to better meet X", two on lines the labels
# mark optional, "it is imperative for X to ensure" among them).
FOR_TO_ASKING_VERBS = frozenset({"call", "provide", "arrange", "intend", "aim", "plan"})
# ... and the nouns whose "for X to V" is the goal itself: "It is the policy of the County for
# its departments to buy only electric cars", "Our goal is for every school to have solar panels
# by 2030", "It is our intention for the new agency to open in 2027" (a policy statement of this
# form in an order is a commitment, ANNOTATION.md section 1).
FOR_TO_GOAL_NOUNS = frozenset(COMMIT_NOUNS | {"policy"})

# Wh-adverbs (as written, lower case) that open a clause of circumstance: the verb of "Where streets
# must cross over protected water features, provide crossings ...", "When votes are taken, each member
# shall have one vote" is the condition, not what is undertaken (kb.extract.clauses; train: a city
# transport plan, a council charter; validation: an order on military spouses; round 29).
CIRCUMSTANCE_ADVERBS = ("when", "where", "whenever", "wherever")

# Verbs that, with "the following ...:" as their object, only announce the items
# ("is responsible for the following actions:", "shall take the following steps:",
# "accomplish the following:"): the items bring their own verbs.
CONTAINER_VERBS = ("be", "include", "take", "accomplish", "implement", "undertake", "carry", "pursue", "have",
                   "make", "perform", "follow", "comprise", "consist", "contain", "cover", "apply")

# --- actions and lemmas (syntax.py) ------------------------------------------

# Adverbs (as written) that belong to the action: "push forward", "speed up",
# "carry out", "go ahead".
ACTION_PARTICLES = ("forward", "ahead", "up", "out")

# Adverbs (as written) between a verb and its object that are not part of the
# target: "carry out X" ... "actively promote X", "also build X".
TARGET_SKIP_ADVERBS = ("forward", "ahead", "up", "out", "also", "further", "jointly", "fully", "actively", "steadily",
                       "vigorously", "strictly", "resolutely")

# Particles (as written) kept with a verb that opens a ";"-separated part: "; push forward X".
PART_PARTICLES = ("forward", "ahead")

# The lemmatizer's mistakes, corrected: "install" -> "instal" and the like.
LEMMA_FIXES = {"instal": "install", "enrol": "enroll", "datum": "data"}

# Verbs whose base form does end in "-ie" ("tied", "dies"); any other "-ied"/"-ies" form the lemmatizer
# does not know comes from a base in "-y": "inventoried" -> "inventory", not "inventorie" (`syntax.verb_lemma`)
IE_VERBS = frozenset({"tie", "untie", "die", "lie", "belie", "vie"})

# Stem endings that take a final "e" back when "-ing" is cut off a gerund:
# "prioritiz-ing" -> "prioritize", "reduc-ing" -> "reduce".
E_STEMS = ("iz", "is", "at", "uc", "ur", "ot", "id", "ov", "as", "us", "ag", "iv", "ut", "rc", "nc", "dg", "rg", "ys")

# --- figures (syntax.py) -----------------------------------------------------

# Words (as written) that are a figure on their own: "reach 20 percent", "cut by half".
FIGURE_WORDS = ("percent", "%", "half", "third", "quarter")

# Units (as written) of a figure that is a verb's whole object: "reach 20 gw" has no
# object other than its figure, so the subject is the target.
FIGURE_UNITS = ("percent", "%", "kilowatts", "gw", "mw", "tons", "tonnes", "units", "yuan", "dollars", "points",
                "kwh", "meters", "metres", "hectares")

# --- actors (actors.py, syntax.py, records.py) -------------------------------

# Pronouns (as written): a mention that is one of these is resolved, not named.
PRONOUNS = {"it", "we", "they", "he", "she", "i", "us", "our", "its", "their", "this", "that", "which", "who", "you"}

# Subject pronouns (as written) that can undertake a commitment.
ACTOR_PRONOUNS = ("it", "we", "they", "he", "she", "i")

# Pronouns (as written) that take the last plural named actor.
PLURAL_PRONOUNS = ("they", "them")

# Mentions that stand for the document's main actor: "the city", "the provincial
# government", "the country".
GENERIC = re.compile(
    r"^(?:the\s+)?(?:(?:city|municipal|provincial|regional|autonomous\s+regional|county|national|central|state|"
    r"local|prefectural)\s+)?(?:city|province|region|autonomous\s+region|country|nation|municipality|"
    r"government|administration|state|county|prefecture|"
    r"(?:city|municipal|provincial|regional)\s+government)$|"
    # the parties of a bilateral text: "both sides agreed to ...", "the two sides will ..." (train:
    # three sentences of eu-china-environment-climate-dialogue-2025 need it)
    r"^(?:the\s+)?(?:both|two)\s+(?:sides|parties)$|^both\s+(?:the\s+)?(?:sides|parties)$", re.I)

# "our countries", "our governments", "my administration": the speakers of a first-person
# text as a group -- the document's issuer (the signatories of a declaration, a government);
# "each of our governments", "both of our countries" too (round 53, train: the Quad's Wilmington
# Declaration)
FIRST_PERSON_GROUP = re.compile(
    r"^(?:(?:each|all|both|every\s+one)\s+of\s+)?(?:our|my)\s+"
    r"(?:(?:two|three|four|five|six|seven|respective|member|partner|national|own)\s+)?"
    r"(?:countries|nations|governments?|administration|leaders|partnership|economies|states|members|"
    r"institutions|organi[sz]ations?|department|ministry|city|country|nation|state|province|region|union|group)$", re.I)

# Nouns (lemma or as written) that can be an actor: a subject headed by one of
# them undertakes the commitment rather than being its target.
ACTOR_NOUNS = {
    "government", "agency", "agencies", "department", "departments", "ministry", "ministries", "city", "cities",
    "province", "provinces", "region", "regions", "country", "countries", "state", "states", "county", "counties",
    "council", "office", "secretary", "administrator", "director", "chair", "officer", "officers", "commission",
    "committee", "bureau", "authority", "authorities", "administration", "operator", "operators", "company",
    "companies", "firm", "firms", "platform", "platforms", "side", "sides", "group", "groups", "force", "team",
    "president", "governor", "mayor", "enterprise", "enterprises", "grid", "municipality", "nation", "head",
    "heads", "advisor", "adviser", "members", "member", "party", "parties", "governments", "corporation", "bank",
    "banks", "institution", "institutions", "university", "universities", "we", "it", "they", "sector",
    "owners", "manufacturers", "producers", "developers", "zone", "district", "districts",
    "prefecture", "towns", "villages", "schools", "hospitals", "supplier", "suppliers",
    "partner", "partners", "people", "congress", "cabinet", "program", "programme", "board", "boards",
    "panel", "panels", "coalition", "secretaries",
    # a joint statement's "the leaders agreed to ...", a UK text's "the Minister will ..." (train: multi-india-us-
    # joint-statement-2023, uk-canada-uk-joint-declaration-2011, uk-queens-speech-2016)
    "leader", "leaders", "minister", "ministers",
    # "Service Managers will ...", "... improved by a skilled Service Manager", "the National Manager will
    # share ..." (train: uk-gds-government-digital-strategy-2012-actions; unlabelled: EO 14144 of the shared corpus)
    "manager", "managers",
    # "our senior officials will meet regularly", "The applicant will minimize and mitigate the impact",
    # "the contractor must comply" (rules-33; train and validation gold: officials in 8 documents, an
    # applicant in 2, a contractor in 2)
    "official", "officials", "applicant", "applicants", "contractor", "contractors",
}

# Head nouns (lemma or as written) of things that cannot promise anything: a subject
# headed by one of them ("our ambition", "This strategy", "the National Defense
# Stockpile", "such inflows", "Our new Invest in Scotland Prospectus") is not an actor;
# the record takes the document's main actor (or its lead-in's) instead.
THING_NOUNS = {
    "program", "programme", "programs", "programmes", "stockpile", "plan", "plans", "strategy", "strategies",
    "prospectus", "ambition", "ambitions", "mission", "guidance", "review", "document", "order", "orders",
    "inflow", "inflows", "resource", "resources", "framework", "policy", "policies", "report", "reports",
    "initiative", "fund", "funds", "act", "law", "laws", "legislation", "regulation", "regulations", "memorandum",
    "section", "proposal", "proposals", "agreement", "pledge", "declaration", "statement", "charter", "vision",
    "approach", "process", "system", "systems", "project", "projects", "measure", "measures", "action", "actions",
    "activity", "activities", "step", "steps", "practice", "practices", "target", "targets", "goal", "goals",
    "objective", "objectives", "commitment", "commitments", "priority", "priorities", "roadmap", "map", "budget",
    "investment", "investments", "funding", "tool", "tools", "standard", "standards", "contribution", "indc",
    "ndc", "paper", "purpose", "aim", "aims", "effort", "efforts", "work", "package", "scheme", "schemes",
    "mechanism", "mechanisms", "pathway", "pathways", "change", "changes",
    "hub", "hubs", "platform", "platforms", "portal", "portals", "newsletter", "newsletters", "website", "websites",
    "webinar", "webinars", "communique", "communiqué", "communiques", "communiqués", "challenge", "campaign",
    "requirement", "requirements", "provision", "provisions", "guideline", "guidelines", "ai", "this", "these",
    "emission", "emissions", "use", "deployment", "implementation", "development", "support", "following",
    "hub", "hubs", "newsletter", "newsletters", "portal", "website", "webinar", "webinars",
    # a technology or practice named with capitals and abbreviated, which guides make the subject of "will"
    # ("Robotic Process Automation (RPA) will ...", "Technology Business Management (TBM)", "Software Defined
    # Wide Area Networking (SD-WAN)", "Intent-Based Networking", cloud computing); what a project is to bring
    # ("The primary impact of the Project will be ..."). Seen on unlabelled CIO Council guides and ADB
    # project sheets (issue 10 round 39), where such names became the main actor of a whole guide.
    "automation", "networking", "computing", "management", "ownership", "impact", "impacts",
    # a programme's pipeline, a funding window, a design ("the TA pipeline will aim to sharpen X", "A specific
    # REPowerEU window will support Y", "CCPP design will use Z"): what a bank's, the Commission's or an
    # executing agency's work is arranged in, not who does it (train: two ADB documents and the REPowerEU plan,
    # issue 10 round 43)
    "pipeline", "pipelines", "window", "windows", "design", "designs",
    # pledges in the plural ("the proposed INDCs will ..."), and an action named by its noun as the subject
    # ("Introduction of a BRT system will reduce ...", "Construction will begin in 2026"), as "use",
    # "deployment" and "implementation" above
    "indcs", "ndcs", "introduction", "establishment", "promotion", "expansion", "construction", "improvement",
    "adoption", "installation",
    # the documents a body is told to write, as the subject of what they must hold ("The Open Data Handbook
    # shall: (1) provide models ...", "the manual shall set out ..."): their contents are their author's duties
    # (round 52, train: the New York and Illinois open-data orders)
    "handbook", "handbooks", "manual", "manuals", "guidebook", "guidebooks", "playbook", "playbooks",
    "toolkit", "toolkits",
    # what a plan proposes or a system runs on, named as the subject of what it will do ("The proposed
    # interventions to mainstream adaptation in the sector will ...", "A Cross Domain Solution (CDS) shall
    # ..."): as "measures" and "systems" above, no actor; left as actors, a pledge's and a memorandum's
    # later duties went to them (train: an INDC and a security memorandum, issue 10 round 50)
    "intervention", "interventions", "solution", "solutions",
    # what a sentence's subject is about rather than who acts: "The primary reason for the utility to exist
    # is ...", "A key component of the Data Strategy will be ...", "One of the Commission's missions is ..."
    "reason", "reasons", "component", "components", "missions",
    # a deliverable of analysis, which its author writes ("The Intelligence Community Assessment ... shall
    # leverage information ...; identify and assess the networks ...", "The study will examine ..."): like
    # "report" above, what it is to contain is its author's duty (train: a national security memorandum,
    # issue 10 round 49)
    "assessment", "assessments", "analysis", "analyses", "study", "studies", "evaluation", "evaluations",
}

# A part of a project or programme named by its label ("Part B of the project will demonstrate X",
# "Component 2 will finance Y", "Output 3", "Phase II", "Tranche 1"): project data sheets and business plans
# write what a part will do, and the part is done by the executing agency or the bank -- it promises
# nothing itself (ANNOTATION.md section 2: never a program or a thing; train: an ADB project data sheet,
# four records, issue 10 round 43).  Head nouns, before a letter, a number or a roman numeral.
PROJECT_PART_NOUNS = ("part", "component", "subcomponent", "output", "phase", "tranche", "stage", "pillar",
                      "module", "lot", "window")

# Words (as written, lower case) before a thing that never name an actor: "our ambition",
# "this review", "such inflows", "limited resources".
THING_OPENERS = ("our", "its", "their", "this", "these", "such", "limited", "following", "the following")

# The body behind a first-person text or a speech: "My government will ..." (as written,
# lower case) -> "Government".
SPEAKER_GOVERNMENT = re.compile(r"\bmy\s+government\b", re.I)

# A UK command paper or budget names the minister who lays it before Parliament in its front
# matter: "Presented to Parliament by the Secretary of State for [department] by Command of His
# Majesty" (the wording every command paper bears, as the UK Parliament's glossary of command
# papers and university library guides to official publications describe it), "laid before the
# House of Commons by the Chancellor of the Exchequer" (train: uk-hmt-spring-budget-2017-public-
# services). The minister speaks for the text's "we" and "the government"; Parliament only receives it.
PRESENTED_BY = re.compile(
    r"\b(?:presented\s+to\s+parliament|laid\s+before\s+(?:the\s+house\s+of\s+commons|parliament))"
    r"\s+by\s+(?:the\s+)?(?-i:([A-Z][\w'’\-]*(?:\s+(?:(?:of|for|and)\s+)?(?:the\s+)?[A-Z][\w'’\-]*)*))", re.I)

# Collective nouns of the signatories of a declaration: "We, the Leaders of the G20",
# "We, the G7 Leaders", "Joint Statement from Quad Leaders".
SIGNATORY_NOUNS = ("leaders", "heads of state and government", "heads of state", "heads of government",
                   "prime ministers", "presidents", "ministers", "governments", "members", "representatives",
                   "participants", "partners")

# The offices and people through which a body acts: "their agencies" is whoever "they"
# are; "their residents" or "its communities" are other people, not the owner.
OWNED_BODIES = frozenset({"agency", "agencies", "department", "departments", "ministry", "ministries", "office",
                          "offices", "bureau", "bureaus", "staff", "officials", "official", "administration",
                          "administrations", "government", "governments", "secretariat", "representatives"})

# Abbreviations of unions of states that a text uses without spelling them out: "EU".
WELL_KNOWN_ABBREVIATIONS = {"EU": "European Union", "UN": "United Nations"}

# Abbreviations of technologies and fields, which the recogniser often tags as organisations but which
# name no body that could promise anything ("ICT" 27 times in an agency's corporate plan, 8 in a
# national digital strategy; "AI", "IT", "API" in digital plans; "EV", "PV", "LED" in city climate plans)
TECHNOLOGY_ABBREVIATIONS = frozenset({"ict", "it", "ai", "api", "apis", "iot", "gis", "ev", "evs", "pv", "led",
                                      "hvac", "saas", "paas", "iaas"})

# Nouns (as written, lower case) that make a name in a first-person sentence the
# issuer: "Everything we do in the Department for Work and Pensions ...".
ISSUER_NOUNS = ("department", "ministry", "government", "council", "commission", "bank", "office", "agency",
                "authority", "city", "county", "administration", "board", "secretariat", "directorate", "service",
                "task force", "organisation", "organization", "institute", "executive")

# Nouns (as written) of documents and programmes: "the strategy, which will ..."
# means the actor of the clause before, not the strategy.
DOCUMENT_NOUNS = {"strategy", "plan", "policy", "report", "program", "programme", "guidance", "memorandum",
                  "process", "system", "framework", "standard", "standards", "plans", "strategies", "policies"}

# Verbs of a lead that names the document's author: "Issued by the State Council".
ISSUING_VERBS = ("issued", "released", "published", "adopted", "promulgated", "signed")

# Verbs (as written) after a name that opens a headline: "Hechi to build ...",
# "Inner Mongolia aims to ...": the name is the main actor.
HEADLINE_VERBS = ("to", "will", "aims", "plans", "sets", "unveils", "launches", "issues", "pledges", "vows", "targets",
                  "releases")

# --- targets (targets.py) ----------------------------------------------------

# Qualifiers cut from the end of a target: "as defined in ...", "consistent with
# applicable law", "to the extent ...", "in coordination with ...", a "where"
# clause.
TRAILING = re.compile(
    r"\s+where\s+(?:the|a|an|it|they|such)\s.*$|"
    r"\s*,?\s*(?:,\s*(?:as\s+(?:defined|appropriate|necessary|needed|described|provided|set\s+forth|required)|"
    r"consistent\s+with|to\s+the\s+(?:maximum\s+)?extent|in\s+accordance\s+with|pursuant\s+to|where\s+appropriate|"
    r"subject\s+to|based\s+on|with\s+consideration|taking\s+into\s+account|according\s+to|in\s+(?:coordination|consultation)\s+with|"
    r"through\s+the|at\s+least\s+annually|where\s+(?:the|a|an|it|they|such)\s|as\s+well\s+as\s+(?:to|in|on)|to\s+(?:include|achieve|ensure|support|meet|help|facilitate|promote)|"
    r"(?:as\s+)?(?:required|described|established|issued|specified|referred\s+to)\s+(?:by|in|under|pursuant))\b.*)$", re.I | re.S)

# Verbs of a body's sitting ("The Council shall meet at least annually", "we will meet regularly"): with
# no object, how often it sits is what the duty holds (constructions.read_plain_clause; train gold writes
# the frequency as the target in four documents: two orders, the CIO Council charter, the Quad leaders).
SITTING_VERBS = frozenset({"meet", "convene", "reconvene"})
# ... and the words of how often (an adverb, "twice a year", "every six months", "at least quarterly").
FREQUENCY_WORDS = frozenset({"annually", "yearly", "biannually", "biennially", "semiannually", "quarterly", "monthly",
                             "weekly", "daily", "regularly", "periodically", "routinely", "twice", "once", "every",
                             "each", "year", "month", "quarter", "week"})

# Nouns (lemmas) whose infinitive says what they are, kept in a target: "efforts to
# reduce emissions", "steps to revise the rule"; after any other object an infinitive
# is a purpose clause and is cut: "maintain a data standard [to support automation]".
INFINITIVE_NOUNS = {"effort", "step", "measure", "action", "plan", "strategy", "ability", "capacity", "commitment",
                    "goal", "target", "way", "opportunity", "proposal", "power", "authority", "right", "obligation",
                    "requirement", "call", "decision", "attempt", "initiative", "ambition", "aim", "pledge",
                    "agreement", "need", "program", "programme", "recommendation", "option",
                    "progress", "solution", "impulse", "time", "timeline", "award", "grant", "fund", "funding",
                    "resource", "incentive", "support", "assistance", "investment", "finance", "financing", "money",
                    "freedom", "chance", "choice", "permission", "mandate", "duty", "responsibility",
                    "legislation", "bill", "law", "reform", "change", "amendment",
                    # round 25: what procedures or guidance are for says which ones they are ("establish
                    # procedures to provide X", "issue guidance to support Y"; train and validation gold keep
                    # the infinitive; "policy", "mechanism" and "process" were tried and lost records)
                    "procedure", "guidance"}

# Nouns whose complement is a "to" phrase and hardly ever a purpose infinitive: "access to
# clean water", "resilience to climate variability", "threats to old-growth forests" (train
# gold keeps it: access in 10 documents, resilience in 2).  The parser often reads "to
# climate", "to mature" as an infinitive; after these nouns it is kept in the target
# (targets.py `_to_complement`).  Not "transition", "approach", "path": "our transition to
# achieve X" is a purpose.
TO_COMPLEMENT_NOUNS = {"access", "resilience", "threat", "risk", "barrier", "obstacle", "exposure", "vulnerability",
                       "adaptation", "damage", "harm"}

# A written deliverable and the participles that say what it holds, kept in a target:
# "submit a strategy to the President [outlining steps ...]", "a report [describing what
# actions agencies have taken]" (targets.py `right_target`, `split_frames`).
CONTENT_NOUNS = {"report", "strategy", "plan", "proposal", "recommendation", "assessment", "analysis", "summary",
                 "memorandum", "list", "update", "roadmap", "inventory", "review", "study", "framework"}
# ... and the participles (as written) that say what such a deliverable holds.
CONTENT_PARTICIPLES = ("outlining", "describing", "detailing", "identifying", "evaluating", "assessing",
                       "summarizing", "summarising", "explaining", "listing", "recommending", "documenting",
                       "analyzing", "analysing", "setting out", "specifying")

# Verbs of a purpose that names a goal of its own ("to achieve neutrality by 2030", "to reach
# net zero by 2050"): its year is the goal's, not the undertaking's (records.py).
GOAL_VERBS = ("achieve", "reach", "attain", "meet", "realize", "realise")

# Prepositions (as written) that open a complement of the verb after an aside ("develop
# guidance, as necessary, for best practices"); not "through"/"by" (the means) nor "in"
# (often a place or a time) (targets.py).
RESUMING_PREPS = ("for", "on", "to", "regarding", "concerning", "about", "into")

# Prepositions of a place or a channel a verb may name before its heavy object, with no comma ("publish on a
# public website an annual scorecard", "include in each contract the requirements of this section"; targets.py
# `_object_after_place`, round 53).
PLACE_PREPS = frozenset({"on", "in", "into", "onto", "at", "via"})

# prepositions that open what a verb is about ("work with X", "refrain from X", "build upon X"):
# a phrase after them is the complement itself, not an aside before a late object
# (`targets._object_after_asides`)
COMPLEMENT_PREPS = frozenset({"with", "from", "upon", "towards", "toward", "about", "of", "into", "against", "among",
                              "between", "for"})

# Heads (lemmas) of a named law, whose infinitive says what it does ("the Clean Air Bill to
# cap X"); after another named thing an infinitive is a purpose (targets.py `_named_thing`).
LAW_NOUNS = {"bill", "act", "law", "legislation", "regulation", "amendment", "order"}

# Hedges set off by commas inside a target: "develop guidance, as necessary, for best
# practices"; the hedge goes, the complement after it stays (targets.py).
INNER_HEDGES = ("as appropriate", "as necessary", "as needed", "as practicable", "as feasible", "as applicable",
                "where appropriate", "where practicable", "where feasible", "where possible", "if appropriate",
                "when appropriate", "to the extent practicable", "to the extent possible",
                "to the extent permitted by law", "consistent with applicable law")

# Verbs whose object is the subject of the infinitive after it, kept in the target:
# "task the Executive Committee to support X", "help partners to purchase vaccines".
OBJECT_CONTROL_VERBS = {"task", "ask", "require", "direct", "encourage", "enable", "help", "allow", "invite", "urge",
                        "empower", "call", "request", "instruct", "authorize", "permit", "assist", "charge",
                        "incentivize", "oblige", "challenge", "mobilize", "equip", "support", "push", "expect"}

# Prepositions of the means, cut from a target after its object when they hang on the
# verb: "reduce delays [through project design advances]" (not "via": "a railway via X").
MEANS_PREPS = ("through",)

# Text after a target's head phrase that is not part of it (targets.py `trim_target`):
# examples after a complete phrase (after a comma; targets.py `_EXAMPLES` reads them without one),
# hedges, and trailing participles that say where a thing comes from ("developed pursuant to ...",
# "maintained by GSA"; not "the report described in section 2", which says which report).  Each cuts
# to the end of the target.
TARGET_TAIL = re.compile(
    r"(?:\s*[,;]\s*(?:including|such\s+as|in\s+particular|notably|among\s+others|among\s+them)\b"
    r"|\s+(?:as\s+(?:appropriate|necessary|needed|practicable|feasible|applicable|warranted)"
    r"|where\s+(?:appropriate|practicable|feasible|possible|necessary|applicable)"
    r"|to\s+the\s+(?:maximum\s+|greatest\s+|fullest\s+)?extent\s+(?:practicable|possible|feasible|permitted|consistent|allowed)"
    r"|consistent\s+with|in\s+accordance\s+with|in\s+line\s+with|in\s+keeping\s+with"
    r"|on\s+an?\s+(?:regular|periodic|voluntary|rolling|case-by-case|ongoing|continuing|continuous|quarterly|annual|monthly|weekly|as-needed)\s+basis"
    r"|for\s+(?:the\s+)?purposes?\s+of"
    r"|(?:developed|issued|established|adopted|prepared|required|described|identified|specified|set\s+forth|"
    r"referenced|listed|maintained|defined|authorized|enacted|promulgated|submitted|approved|outlined|"
    r"contained|mandated)\s+(?:pursuant\s+to|through)"
    r"|(?:developed|issued|established|adopted|prepared|maintained|authorized|enacted|promulgated|mandated)"
    r"\s+(?:under|by|within)\b))\b.*$", re.I | re.S)

# Citations that only say where a duty comes from, removed wherever they stand in a
# target: "pursuant to section 1115 of title 31", "in section 212(a)(4) of the INA",
# "8 U.S.C. 1182(a)(4)", "(42 U.S.C. 3133)".
CITATION = re.compile(
    r"\s*,?\s*(?:\b(?:pursuant\s+to|under|in|of|by)\s+)?(?:the\s+)?\b(?:sections?|subsections?|sec\.|§+|title|part|"
    r"chapter|paragraph|subparagraph|clause|article)\s+(?:\d[\w.\-]*|\([a-zA-Z0-9]{1,5}\))(?:\([a-zA-Z0-9]{1,5}\))*"
    r"(?:\s+(?:and|or|through)\s+(?:\d[\w.\-]*|\([a-zA-Z0-9]{1,5}\))(?:\([a-zA-Z0-9]{1,5}\))*)?"
    r"(?:\s+of\s+(?:this\s+(?:section|order|title|memorandum|part|chapter)|title\s+\d+(?:,\s+United\s+States\s+Code)?"
    r"|the\s+(?:[A-Z][\w\-]*|of|and|for|on|the|\s)+?(?:Act|Code|Order|Constitution|Regulations)(?:\s+of\s+\d{4})?"
    r"(?:\s*\([A-Z][\w\s]*\))?))?"
    r"(?:\s*,?\s*\(?\d+\s+(?:U\.\s?S\.\s?C\.|C\.?F\.?R\.?)\s*§*\s*[\w.()\-]+(?:\s+et\s+seq\.)?\)?)?"
    r"|\s*,?\s*\(?\b\d+\s+(?:U\.\s?S\.\s?C\.|C\.?F\.?R\.?)\s*§*\s*[\w.()\-]+(?:\s+et\s+seq\.)?\)?"
    r"|\s*\((?:e\.g\.|i\.e\.|for\s+example|see|refer\s+to|Public\s+Law|Pub\.\s*L\.)[^()]*\)")

# What follows a complete target phrase and is not part of the thing (targets.py `trim_target`
# cuts it when two words precede it):
# a purpose ("in order to ...", "so as to ...", "so that ..."), a non-restrictive relative
# clause (", which enable ..."), examples after a dash ("stakeholders -- such as industry"),
# emphasis (", particularly parks", ", especially ..."), and the means or basis of the action
# ("by means of ...", "with the implementation of ...", "based on ...").
TARGET_AFTER_COMPLETE = re.compile(
    r"\s*,?\s*\b(?:in\s+order\s+(?:to|that)|so\s+as\s+(?:to|not\s+to)|so\s+that)\b"
    r"|\s*,\s*(?:which|who)\s+(?!is\s+|are\s+)"
    r"|\s*[—–]\s*(?:such\s+as|including)\b|\s+-{1,2}\s+(?:such\s+as|including)\b"
    r"|\s*,\s*(?:particularly|especially|notably|specifically|primarily|mainly|chiefly)\b"
    # the means and the basis of an action, after its object
    r"|\s+(?:by\s+means\s+of|through\s+the\s+(?:implementation|use|adoption|introduction|establishment)\s+of"
    r"|with\s+the\s+(?:implementation|help|support|assistance)\s+of|based\s+(?:on|upon))\b", re.I)

# Words a target never ends with: "a report to", "the review of".
TARGET_END_WORDS = ("to", "of", "that", "for", "and", "or", "with", "the", "a", "an", "in", "on", "by", "as", "which",
                    "from", "into", "at", "its", "their", "including", "such")

# --- sentences and lines (nlp.py) --------------------------------------------

# Tokens that the tokenizer's rules would split and that are kept whole (as written).
SPECIAL_TOKENS = ("2G", "3G", "4G", "5G", "6G", "5G-A", "PM2.5", "PM10", "PM1", "CO2", "CO2e", "COVID-19", "24/7")

# Words and marks (as written) that end a line in the middle of a sentence: a line
# break after them does not start a new sentence.
LINE_CONTINUES_AFTER = (",", ";", "(", "-", "and", "or", "of", "the", "a", "an", "to", "in", "for")

# --- deadlines (deadlines.py) ------------------------------------------------

# Prepositions (regex-free phrases, spaces between words) of a firm deadline,
# in the order the deadline regex tries them: "by 2025", "no later than
# March 2026", "before the end of 2030".
STRONG_DEADLINE_PREPS = ("by no later than", "no later than", "not later than", "by the end of", "before the end of",
                         "at the end of", "by end of", "by the close of", "by", "before", "until", "till", "through",
                         "prior to", "up to",
                         # "will be explored by the City between now and year-end 2020" (round 35: a train city plan)
                         "between now and")

# Prepositions of a weak deadline: "in 2030", "for 2030", "at 2030" -- a deadline only in a
# future-tense clause, and not inside the target unless it closes it ("cap emissions at
# 40 Mt in 2030": targets.py `_closing_year`).
WEAK_DEADLINE_PREPS = ("in", "for", "around", "looking to", "looking ahead to", "from", "during", "within", "at")

# Seasons (as written, lower case) -> the last month of each (northern hemisphere): "this
# summer" is due by the end of August, "by autumn 2026" by November 2026.
SEASON_END_MONTHS = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 12}

# Nouns of the document itself in "within 90 days of the date of this order".  A report
# or strategy dates its own steps the same way ("within 90 days of the date of issuance of
# this final report": train fr-atc-it-modernization-report-2017, where a list of steps is
# due then; "within 60 days of the release of this strategy").
SELF_DOCUMENT_NOUNS = ("order", "memorandum", "memo", "directive", "proclamation", "act", "decision", "notice", "plan",
                       "regulation", "guidance", "document", "circular", "law", "policy", "report", "strategy",
                       "action plan")

# Events of the document in "within 90 days of the date of this order"; the longer forms
# first ("the date of issuance of this report").
SELF_DOCUMENT_EVENTS = ("date of issuance", "date of publication", "date of release", "date of signature",
                        "publication date", "issuance date", "date", "signing", "issuance", "publication", "release",
                        "effective date")

# Words a document may put between "this" and its own name ("this final report").
SELF_DOCUMENT_ADJECTIVES = ("final", "updated", "revised", "present")

# A deadline that refers to the one before: "over the same period", "by then".
SAME_PERIOD = re.compile(r"\b(?:over|during|in|by|within)\s+(?:the\s+)?same\s+period\b|\bby\s+then\b|\bby\s+that\s+time\b",
                         re.I)

# Articles that mean one in a deadline: "within a year".
ARTICLE_NUMBERS = {"a": 1, "an": 1}

# --- figures (quantities.py) -------------------------------------------------

# Multipliers after a number: "1.2 million", "100 bn".
MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mn": 1e6, "bn": 1e9, "m": 1e6, "k": 1e3}

# Currency symbols before a number -> currency.
CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "RMB": "CNY"}

# Currency words after a number -> currency.
CURRENCY_WORDS = {
    "yuan": "yuan", "rmb": "yuan", "renminbi": "yuan", "dollars": "USD", "dollar": "USD", "usd": "USD",
    "us dollars": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR", "pounds": "GBP", "yen": "JPY",
    "rupees": "INR", "cny": "yuan",
}

# Units written after a number (longest first when matched).
MEASURE_UNITS = [
    "percentage points", "percentage point", "percent", "per cent", "pct", "%",
    "gigawatts", "gigawatt", "megawatts", "megawatt", "kilowatts", "kilowatt", "terawatt-hours",
    "kilowatt-hours", "kilowatt hours", "gwh", "twh", "mwh", "kwh", "gw", "mw", "kw",
    "tonnes", "tons", "tonne", "ton", "tco2eq", "tco2e", "mtco2e", "mt", "kt",
    "cubic meters", "cubic metres", "square meters", "square metres", "gross square feet", "square feet",
    "square kilometers", "square kilometres", "kilometers", "kilometres", "km", "hectares", "mu", "acres",
    "units", "vehicles", "cars",
]

# Spellings of "percent" (as written, lower case) read as "percent".
PERCENT_SPELLINGS = ("%", "per cent", "pct")

# Words (as written) before a bare number that make it a reference, not a figure:
# "section 3", "Executive Order 14057", "No. 5", "phase 2".
REFERENCE_WORDS = ("section", "sections", "title", "part", "order", "article", "law", "no.", "number", "scope",
                   "decision", "phase", "round")

# Words that end the noun after a bare count: "6,000 5G base stations by 2025"
# -> "5G base stations".
COUNT_NOUN_STOPS = ("by", "in", "to", "of", "for", "from", "and", "or", "with", "at", "on", "per", "a", "an", "the",
                    "that", "which", "each", "will", "shall", "is", "are", "be")

# --- sectors (sectors.py) ----------------------------------------------------

# Sector -> keywords (as written, lower case); the sector with the most keywords in
# "action target" wins, earlier sectors win ties.
SECTORS: dict[str, tuple[str, ...]] = {
    "energy": ("energy", "electricity", "power", "solar", "wind", "hydropower", "photovoltaic", "coal", "oil", "gas",
               "renewable", "non-fossil", "nuclear", "hydrogen", "grid", "kilowatt", "gw", "mw", "kwh", "battery",
               "storage", "cogeneration", "fuel", "pumped-storage", "generation"),
    "transport": ("transport", "transportation", "vehicle", "vehicles", "car", "cars", "railway", "rail", "road",
                  "expressway", "highway", "port", "airport", "fleet", "charging", "bus", "buses", "truck", "trucks",
                  "traffic", "logistics", "waterway", "taxis", "ride-hailing", "refueling", "mobility"),
    "digital": ("5g", "4g", "digital", "data", "cloud", "computing", "internet", "broadband", "smart", "network",
                "networks", "telecom", "ai", "software"),
    "environment": ("emission", "emissions", "pollution", "carbon", "climate", "waste", "forest", "forests",
                    "greenhouse", "ghg", "co2", "environmental", "environment", "ecological", "biodiversity",
                    "recycled", "recycling", "landfills", "sinks", "water", "pm2.5", "air", "net-zero", "adaptation",
                    "resilience", "sustainability", "sustainable"),
    "industry": ("industry", "industrial", "manufacturing", "manufacturers", "factory", "factories", "steel",
                 "production", "products", "materials", "supply", "chains", "metallurgy", "parks", "clusters"),
    "agriculture": ("agriculture", "agricultural", "farm", "farmers", "crop", "crops", "rural", "livestock", "food",
                    "fishery", "irrigation", "grain"),
    "urban and housing": ("building", "buildings", "housing", "urban", "city", "cities", "construction", "rooftop",
                          "residential", "infrastructure", "campuses", "facilities", "installations", "district"),
    "social": ("jobs", "workers", "employment", "education", "training", "health", "healthcare", "school",
               "schools", "workforce", "poverty", "equity", "justice", "communities", "skills", "employees"),
    "governance": ("policy", "policies", "guidance", "plan", "plans", "report", "reports", "order", "agency",
                   "agencies", "management", "review", "reviews", "council", "officer", "procurement", "regulations",
                   "laws", "standards", "governance", "targets", "strategy"),
    "finance": ("finance", "financial", "investment", "investments", "fund", "funding", "yuan", "dollars", "usd",
                "loans", "grants", "tax", "budget", "bonds", "insurance", "capital"),
}


# Heads that stay actors after "our"/"their" ("our partners", "their governments").
AGENT_WORDS = {"partners", "partner", "governments", "government", "members", "leaders", "ministers", "agencies",
                "departments", "countries", "cities", "officials", "staff", "people", "communities", "businesses"}


# People and bodies named by a common noun, beyond ACTOR_NOUNS: "Finance Ministers",
# "participating utilities", "staff".
PEOPLE_NOUNS = {"staff", "minister", "ministers", "official", "officials", "employee", "employees", "resident", "residents",
           "household", "households", "business", "businesses", "stakeholder", "stakeholders", "organization",
           "organizations", "organisation", "organisations", "utility", "utilities", "investor", "investors",
           "leader", "leaders", "citizen", "citizens", "community", "communities", "industry", "industries",
           "employer", "employers", "worker", "workers", "farmer", "farmers", "landlord", "landlords", "person",
           "persons", "individual", "individuals", "contractor", "contractors", "vendor", "vendors", "provider",
           "providers", "entity", "entities", "body", "bodies", "everyone", "nobody", "all", "each", "both",
           "police", "force", "forces", "official", "team", "panel", "lead", "chair", "chairs", "co-chairs"}

# Words that open a phrase set off by commas before a modal, which is therefore not the
# subject (records.py `_subject_before_modal`): a time ("Within 90 days of ..."), a basis
# ("Based on ..."), a helper ("in consultation with ...", "with respect to ..."), a
# connective ("Accordingly", "In addition").
SET_OFF_OPENERS = (
    "within", "not", "no", "by", "in", "with", "as", "through", "consistent", "to", "based", "acting",
    "including", "after", "before", "upon", "on", "following", "under", "pursuant", "where", "when",
    "whenever", "if", "for", "at", "during", "accordingly", "moreover", "further", "furthermore",
    "additionally", "also", "however", "therefore", "thus", "then", "similarly", "finally", "first",
    "second", "third", "beginning", "starting", "subject", "except", "unless", "while", "once", "going",
    "looking", "over", "from", "given", "together", "respectively",
)

# targets.py `passive_complement`: prepositions that open a passive verb's own complement:
# where its subject goes or what it is for ("its allocation will be raised [to $310 million]",
# "Proposals will be brought forward [for a British Bill of Rights]", "the membership will be documented [in the FedRAMP Charter]").
PASSIVE_PREPS = {"to", "for", "into", "in", "on", "onto"}
# Objects of such a preposition that say how or when, not where to or for what ("in a timely
# manner", "on a regular basis", "in accordance with", "in line with", "in the future").
ADVERBIAL_OBJECTS = {"manner", "basis", "way", "time", "accordance", "line", "future", "addition", "order", "part",
                     "respect", "case", "place", "conjunction", "coordination", "consultation", "cooperation",
                     "collaboration", "partnership", "support", "light", "view", "response", "turn", "practice",
                     "principle", "general", "particular", "advance", "due"}
# targets.py `passive_complement`: subjects brought in to do something, whose passive verb's
# infinitive says what for ("Legislation will be introduced [to establish a levy]").
PASSIVE_INFINITIVE_SUBJECTS = LAW_NOUNS | {"measure", "proposal", "reform", "rule", "scheme", "programme", "program"}


# --- rules-14 -------------------------------------------------------------------------

# Ordinal words of a quarter in a deadline ("by the end of the third quarter of 2023" -> 2023-09; deadlines.py).
QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

# "We reaffirm our resolve to uphold X", "our determination to deliver Y", "our strong will to
# support Z", "we underscore our dedication towards working with W" (train: the APEC Golden Gate
# declaration, the Quad leaders' statements of 2021 and 2022, the G7 statement on economic
# resilience).  Not "interest", "hope", "wish": a stance, not an undertaking.
RESOLVE_NOUNS = {"resolve", "determination", "will", "dedication", "resolution", "readiness", "willingness"}

# Nouns of action that name what a noun-phrase item under a lead-in of means does ("Forest fire risk
# assessment and management", "Environmental management and safeguards of development activities",
# "Improved monitoring and detection of hydromet extremes" under "Strengthen resilience to ...
# through:"), besides NOMINAL_ACTIONS and SERIES_NOMINAL_ACTIONS (records._means_item_action, for
# lists.means_lead; train: Bhutan's pledge, several items each).
MEANS_ITEM_NOMINALS = {"management": "manage", "assessment": "assess", "assessments": "assess",
                       "monitoring": "monitor"}

# Verbs of policy that English writes as verbs only, never as a noun or an adjective before a noun: met
# after "and" or "," inside another verb's object, in the base form, they open a second verb phrase
# that the tagger read as a modifier of its object ("support regional maritime security and uphold
# international law", "establish a program management office ... and provide advice to government",
# "identify X and coordinate efforts among G7 countries"; clauses._second_verb_in_target; train and
# validation: 26 gold verbs found inside another record's target, 8 of them verbs of this list, in
# joint statements, corporate plans, a county plan and orders; rules-33).
VERBS_NOT_NOUNS = frozenset({
    "accelerate", "achieve", "adopt", "coordinate", "create", "deepen", "develop", "encourage", "enhance",
    "ensure", "establish", "expand", "explore", "facilitate", "foster", "implement", "improve", "incorporate",
    "integrate", "introduce", "invest", "maintain", "maximize", "minimize", "prioritize", "promote",
    "protect", "provide", "pursue", "reduce", "strengthen", "uphold", "assess", "evaluate", "identify",
    "prevent"})

# Action nouns read as actions only in a line that is a series of them (lists.nominal_series), besides
# NOMINAL_ACTIONS; the comment in lists.py above SERIES_NOUNS names the train documents.
SERIES_NOMINAL_ACTIONS = {
    "procurement": "procure", "acquisition": "acquire", "investment": "invest", "conversion": "convert",
    "finalization": "finalize", "finalisation": "finalise",
}

# Verbs of belief, perception and inference whose "that"-clause states what someone thinks will
# happen, not what they undertake: "Iceland foresees that a post-2030 target will be constructed",
# "the City recognises that our workforce will constitute X", "the case assumes that a standard
# will be implemented", "the SWB estimates that they will reduce X" (issue 10, constructions.py; train: ndc-isl,
# nat-au-cyber-security-skills, state-greensboro, state-new-orleans, multi-quad-leaders-2021,
# dev-adb-pds power system, fr-wh-memo spectrum, ndc-ken).  Verbs of undertaking or
# agreement ("agree", "affirm", "stress", "decide") are left out: "we stress that we will cooperate".
BELIEF_VERBS = frozenset({"recognise", "recognize", "note", "assume", "foresee", "estimate", "hope", "believe",
                          "anticipate", "predict", "think", "acknowledge", "know", "expect", "project",
                          "forecast", "conclude", "find", "suppose", "fear"})

# The words that open an indirect question or a free relative: "explain how their study designs will
# consider X", "a plan on how it will adopt the Standard", "consider whether policies prevent X",
# "what we want to achieve" (issue 10, constructions.py; train: eo-14120, eu-citizen-energy-advisory, fr-wh-memo
# spectrum, fr-wh-memo scientific integrity, nat-au-digital-service-standard, nat-au-dta-corporate,
# nat-au-secure-cloud, uk-hmt-spring-budget).
INDIRECT_QUESTION_WORDS = frozenset({"how", "whether", "why", "what"})

# Verbs whose complement names what a measure makes possible for someone: "this tool allows the City
# to compare its buildings", "the network will allow us to access talent", "this will help operators
# to improve X" (issue 10, constructions.py; train: state-hartford-energy, nat-au-cyber-security-skills,
# eu-metering-data, eu-citizen-energy-advisory, ndc-geo, uk-hmt-spring-budget, multi-g7-economic-
# resilience, nat-nz-digital-public-service, state-cape-coral).
ENABLING_VERBS = frozenset({"allow", "enable", "help", "let", "permit"})

# Verbs of wish and expectation that are no undertaking when they are the action themselves, with a
# noun or a clause for object: "We want a thriving port", "they expect services to be simple",
# "OMB expects agencies to do so" (issue 10, constructions.py; train: nat-au-alpha-digital,
# nat-au-dta-corporate-plan, fr-omb-ipv6).  With an infinitive of their own ("we want to promote X")
# the infinitive is the action and stays.
WISH_VERBS = frozenset({"want", "expect", "hope", "wish"})

# --- round 15: fields (actors) ---
# Heads of an initiative a document launches or joins -- "the Citizen Energy Advisory Hub (CEAH)",
# "This Partnership" (train: eu-citizen-energy-advisory-hub-2025, multi-quad-leaders-tokyo-2022; also
# fr-wh-memo-pgii-2022 "The PGII will mobilize ..."):
# named as the subject of "will ...", the initiative is the thing its owner undertakes, not an actor.
INITIATIVE_HEADS = frozenset({"partnership", "hub", "initiative", "programme", "program", "platform", "facility"})

# --- round 15: detection recall (issue 10 and issue 15) ---
# Glyphs that open one headline of a run on one line, or end a label before it: "* A £20 million fund * 50% of
# energy needs met by renewables by 2030" (uk-scot-climate-neutral-economy, uk-scot-economic-action-plan),
# "Clean power – 35% of the electricity produced in 2032 will be from offshore wind" (clauses._share_by_date).
HEADLINE_BULLETS = frozenset({"*", "•", "▪", "·", "–"})

# --- round 15: detection precision (issue 10) ---
# Modals under which an abstract thing as subject forecasts an effect: "Greater coordination will
# increase efficiency" (constructions._effect_of_thing; "shall"/"must" lay a duty instead).
FORECAST_MODALS = ("will", "'ll")

# Means a task needs, as the subject of "is/are required to": "International support is required to
# implement the strategies", "further efforts are required to develop it", "legislative changes are
# required to clarify roles" say what the task takes, not whose duty it is ("agencies are required to
# report X", "new homes are required to use Y" are duties; heads.is_commit_head).  Train and validation:
# 6 records from such sentences, none paired with a required gold line (one with an optional one).
NEEDED_MEANS_NOUNS = frozenset({"support", "assistance", "funding", "finance", "financing", "investment", "resource",
                                "effort", "change", "action", "time", "attention", "workforce", "capacity", "money",
                                "help", "planning", "analysis", "collection", "measure", "intervention", "cooperation"})

# Result verbs of a quantity's change, which forecast a trend when no figure or year says what is
# reached ("demand will continue to grow", "the severity of floods will increase":
# constructions._states_level); "will double", "go live", "come from", "remain" are not of them.
TREND_VERBS = ("rise", "fall", "grow", "increase", "decrease", "decline", "expand", "shrink", "drop", "climb",
               "jump", "soar", "dip")

# Verbs that say what a thing holds or stays, not what it brings about: "Other activities will
# include developing resources", "coordination will involve X", "dialogue will remain a priority"
# (constructions._effect_of_thing keeps them).
CONTENT_VERBS = frozenset({"include", "involve", "comprise", "contain", "consist", "cover", "remain"})

# Things that development banks' documents make undertake: "the project will minimize the risk of X"
# (train: dev-adb-pds-bangladesh-power-system-efficiency; constructions._effect_of_thing keeps them).
UNDERTAKING_THINGS = frozenset({"project", "subproject"})

# Modals (as written) that permit or allow for, not bind: "but may serve further terms", "the agency
# may submit X", "lessons that can be replicated" (constructions._permitted).
PERMISSIVE_MODALS = ("may", "might", "can", "could")

# Polities and institutions named by a common noun, which promise like any government or body: "The
# republic will limit X", "the assembly will introduce legislation", "the township will build Y"
# (constructions._effect_of_thing keeps them as actors; ACTOR_NOUNS and BODY_NOUNS name the usual ones --
# government, state, country, council, agency).  None of them is among the subjects the rule drops on train.
INSTITUTION_NOUNS = frozenset({"republic", "kingdom", "commonwealth", "territory", "union", "federation", "emirate",
                               "principality", "assembly", "legislature", "senate", "court", "tribunal", "judiciary",
                               "police", "army", "navy", "military", "regulator", "inspectorate", "ombudsman",
                               "coalition", "consortium", "institute", "academy", "centre", "center", "fund",
                               "network", "taskforce", "panel", "forum", "observatory", "town", "township",
                               "village", "borough", "parish", "shire", "canton", "commune"})

# --- round 16: commitments in plan tables, headings and list items (issue 10) ---
# Verbs that open the action lines of a plan's list, which the tagger reads as a noun, a name or an
# adjective before a noun, besides LABELLED_LINE_VERBS: "Optimise benefits from X", "Track workforce
# maturity", "Drive product delivery focus to Y" (train: nat-au-dta-corporate-plan-2017-20), "Define and
# embed assurance practices", "Co-create a digital architecture" (train: nat-nz-digital-public-service-
# strategy-2020), "Prevent illnesses that ...", "Reforest high, medium and low watersheds" (train: ndc-mex),
# "Share lessons learned", "Partner, as appropriate, with X" (train: fr-cio-council-charter-2020); the same
# verbs open a plan's lines set as paragraphs: "Amplify and opportunistically expand X", "Research pathways
# to offer Y" (train: state-knoxville-sustainability-work-plan-2021), "Research options for Z", "Survey
# employees" (train: state-winston-salem-sustainability-plan) (kb.extract.lists.opening_item_verb,
# lists._opening_verb_line).
ITEM_LINE_VERBS = frozenset(LABELLED_LINE_VERBS | {
    "optimise", "prevent", "reforest", "define", "embed", "share", "drive", "co-create", "co-design",
    "amplify", "complete", "maintain", "promote", "research", "survey"})

# --- round 16: fields (targets and actors of found records) ---
# Tails of a target that say for whose good, in line with what, or together with whom the action
# is done, not which thing it applies to (targets.py `trim_target`): a beneficiary ("for the benefit
# of ..."; train: eo-14082, multi-us-pacific-partnership-2022), an alignment ("aligned with the ...
# Program"; train: nat-au-secure-cloud-strategy-2017, nat-au-dta-corporate-plan-2017-20), partners
# ("in close collaboration with finance authorities", "in collaboration with international partners";
# train: multi-quad-leaders-tokyo-2022, multi-g7-clean-energy-economy-2023).  Not after a predicate
# ("ensure these plans are aligned to our vision": what is ensured; "This will be done in cooperation
# with X": a clause, PREDICATE_VERBS).  Measured and not taken (round 27): the manner of the action
# ("in an accelerated manner", "in conjunction with X", "in turn"): four train lines gained, but the
# shared dev set keeps such phrases in its targets ("strategies in conjunction with carbon pollution-free
# energy use", "facilities in a manner consistent with the policy ...": two lines lost).
TARGET_MANNER_TAIL = re.compile(
    r"\s*,?\s+(?:(?:more\s+closely\s+)?for\s+the\s+(?:benefit|good)\s+of"
    r"|in\s+(?:close\s+|full\s+|direct\s+)?(?:consultation|collaboration|cooperation|coordination|partnership)\s+with"
    r"|aligned\s+(?:with|to))\b.*$", re.I | re.S)
# ... the words (as written) in the kept part that make it a clause, not a thing: the tail is kept.
PREDICATE_VERBS = ("is", "are", "be", "been", "being", "was", "were", "remain", "remains", "stay", "stays", "become",
                   "will", "shall", "would", "must")

# --- round 17: DETECT ---
# The prepositions that open a means of an action, beside "by": "reduce X through expanding Y",
# "support Z, including through implementing W" (heads.means_preps, clauses._marked).
MEANS_PREPOSITIONS = ("by", "through")
# Nouns of action that name a means after "through"/"by" with "of" and their object: "including
# through the creation of a position" -> create, "through the development and support of plans"
# -> develop, support (clauses._nominal_means).
MEANS_NOUNS = {**NOMINAL_ACTIONS, "launch": "launch", "support": "support", "use": "use"}
# The words of a hedge between "including" and its "through"/"by" ("including, as appropriate,
# through the development of X") (clauses._after_including).
MEANS_HEDGE_WORDS = ("as", "where", "when", "appropriate", "needed", "necessary", "feasible", "practicable",
                     "possible", "relevant")

# --- round 18: DETECT ---
# The labels of a plan whose line may be an infinitive, the goal itself: "Goal 1: To develop X",
# "Objective 1.2: To expand Y", "Goal– To provide Z" (clauses._labelled_infinitive;
# train: state-cape-coral-sea-level-rise-policies, state-lexington-empower-transportation).
LABEL_INFINITIVE_HEADS = re.compile(r"^\s*(?:goal|objective|policy|strategy|action|measure|aim|priority|target|"
                                    r"recommendation)\b", re.I)

# --- round 18: detection precision ---
# Nouns after a passive "by" that name a time, not an agent ("will be finalized by the end of spring",
# "awarded by the third quarter") (constructions._thing_agent).
TIME_AGENT_NOUNS = frozenset({"end", "beginning", "start", "middle", "year", "month", "quarter", "week", "day", "date",
                              "time", "deadline", "spring", "summer", "autumn", "fall", "winter", "close", "fy"})
# Endings of common nouns that name people or bodies ("members", "consultants", "operators") (idem).
PERSON_NOUN_ENDINGS = ("er", "or", "ist", "ian", "ant", "ee")

# Finite forms of "be", "have" and "do": words before a spaced dash that hold one are a clause, not a
# run-in heading ("The plan is ambitious – It ..."), whatever tag the tagger gave them
# (`nlp._after_run_in_heading`).
FINITE_AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had", "does", "do", "did"})

# Prepositions a verb of a coordinated series can be left with when the series shares one object
# after its last verb: "listen to and partner with X", "prepare for, prevent, and respond to X"
# (`targets.raised_object`).
RAISED_OBJECT_PREPOSITIONS = ("with", "to", "for", "from", "on", "in", "into", "about", "by", "upon")

# Parts of speech that may stand before the noun of action that ends a list item's first noun phrase
# ("Integrated watershed and wetland management"; lists._head_final_action).
HEAD_MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "VERB", "CCONJ", "PUNCT", "NUM"})
# What may follow that noun of action: the item's end or a conjunct ("monitoring, assessment, and mapping").
AFTER_ACTION_HEAD = frozenset({",", "and", "or", ";", ".", "&"})
