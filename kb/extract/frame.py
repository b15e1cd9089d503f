"""The `Frame`: one commitment clause found in one spaCy Doc, and the typed values it holds.

The clause rules (`clauses.py`, `constructions.py`, `lists.py`, `targets.py`)
fill frames with character offsets into that Doc's text; `records.py` turns
them into `Commitment` records with the document's context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kb.extract.deadlines import DeadlineMatch
from kb.extract.strength import Strength

# What a frame is:
# "clause": a verb with its own clause ("the city will build X");
# "item_verb": a list item that opens with its verb ("(i) retrofit heating systems");
# "item_np": a list item that is a noun phrase and takes its lead-in's action
#   ("(ii) 100 percent zero-emission vehicle acquisitions by 2035");
# "lead_in": a clause ending in ":" whose actor and verb carry over to the items under it.
FrameKind = Literal["clause", "item_verb", "item_np", "lead_in"]

# How the sentence mentions the actor of a frame:
# "named": a named subject ("the Department of Energy", "Hechi");
# "pronoun": "it", "we", "they" (resolved in records.py);
# "generic": a mention that stands for the document's main actor ("the city", "the government");
# "relative": "that"/"which"/"who", standing for the noun its clause hangs on;
# "item": a list item with no subject (its lead-in's actor);
# "none": no mention (an agentless passive, an imperative).
MentionKind = Literal["named", "pronoun", "generic", "relative", "item", "none"]

# Where a frame's deadline comes from:
# "own": a deadline phrase in the verb's own clause;
# "front": a phrase before the first clause of the sentence ("By 2030, X will ...");
# "shared": a phrase after a comma that ends a coordination ("... and seek Y, by 2030.");
# "same_period": "over the same period" / "by then": the previous deadline in the document;
# "": none.
DeadlineScope = Literal["own", "front", "shared", "same_period", ""]

# Which construction of English a clause frame was read from (constructions.py).
Construction = Literal["existential", "responsible_for", "passive", "light_verb", "result_verb", "plain_clause"]


@dataclass
class Frame:
    """One commitment clause found in a Doc (offsets are into `doc_text(doc)`)."""

    verb: int                           # token index of the action's head
    action: str
    action_lemma: str
    sent_start: int
    sent_end: int
    actor_start: int | None = None      # the mention as written, if any
    actor_end: int | None = None
    actor_text: str = ""
    actor_kind: MentionKind = "none"
    target_start: int | None = None
    target_end: int | None = None
    target_text: str = ""
    deadline: DeadlineMatch | None = None   # offsets relative to doc_text(doc)
    deadline_scope: DeadlineScope = ""
    strength: Strength = "binding"
    negated: bool = False
    kind: FrameKind = "clause"
    lead_action: str = ""               # for lead-ins: the action the list items take
    places: tuple[str, ...] = ()
    quantity_text: str = ""             # where to look for a figure
    group: int = 0                      # frames of one coordination share a group id
    actor_ent: str = ""                 # entity label of the subject's head ("GPE", "ORG")
    antecedent: str = ""                # for "it"/"they": a named subject earlier in the sentence
    verb_guess: str = ""                # for noun-phrase items: the first word, if a lead-in with no verb needs one
    verb_guess_end: int | None = None   # where that word ends
    optional: bool = False              # lead-in predicate shown only when it has a target
    means: bool = False                 # a lead-in whose items are its means ("Promote X through:")

    @property
    def has_target(self) -> bool:
        return bool(self.target_text.strip())
