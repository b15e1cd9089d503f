"""How strongly a commitment is stated: binding, advisory, aspirational or supportive."""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Token

from kb.extract.lexicon import ADVISORY_MODALS, ASPIRATIONAL, SUPPORTIVE_ACTIONS

# "binding": a modal or an order ("will build", "shall submit"); "advisory": a
# recommendation ("should publish", "ought to review"); "aspirational": an intention
# ("aims to build"); "supportive": support or encouragement ("will support", "are
# encouraged to").
Strength = Literal["binding", "advisory", "aspirational", "supportive"]


def strength_of_modal(modal: Token | None) -> Strength:
    """ "should"/"ought" recommend: advisory; any other modal (or none) binds."""
    if modal is not None and modal.lower_ in ADVISORY_MODALS:
        return "advisory"
    return "binding"


def strength_of(chain_lemmas: list[str], action_lemma: str, passive_encouraged: bool = False,
                modal: Token | None = None) -> Strength:
    """The strength of a commitment from the verbs that lead to its action.

    `chain_lemmas`: the verbs above the action ("aim" in "aims to build"; "be" +
    "direct" in "is directed to"); `action_lemma`: the action's head verb; `modal`:
    the modal that governs it, if any ("should" makes it advisory).
    """
    if passive_encouraged or "encourage" in chain_lemmas:
        return "supportive"
    if any(lemma in ASPIRATIONAL for lemma in chain_lemmas):
        return "aspirational"
    if strength_of_modal(modal) == "advisory":
        return "advisory"
    if action_lemma in SUPPORTIVE_ACTIONS:
        return "supportive"
    return "binding"
