"""How strongly a commitment is stated: binding, aspirational or supportive; negated."""

from __future__ import annotations

BINDING_MODALS = {"shall", "will", "must", "'ll", "wo", "would", "should"}
# intention verbs: followed to the real action ("aims to build" -> build)
ASPIRATIONAL = {"aim", "strive", "plan", "seek", "want", "hope", "intend", "endeavour", "endeavor",
                "try", "wish", "expect", "target", "aspire", "envisage", "envision", "propose"}
BINDING_VERBS = {"direct", "require", "instruct", "order", "mandate", "oblige", "obligate", "commit", "pledge",
                 "undertake", "resolve", "ensure", "task"}
SUPPORTIVE = {"support", "encourage", "help", "assist", "facilitate", "enable", "promote"}


def strength_of(chain_lemmas: list[str], action_lemma: str, passive_encouraged: bool = False) -> str:
    """The strength of a commitment from the verbs that lead to its action.

    `chain_lemmas`: the verbs above the action ("aim" in "aims to build"; "be" +
    "direct" in "is directed to"); `action_lemma`: the action's head verb.
    """
    if passive_encouraged or "encourage" in chain_lemmas:
        return "supportive"
    if any(lemma in ASPIRATIONAL for lemma in chain_lemmas):
        return "aspirational"
    if action_lemma in ("support", "encourage"):
        return "supportive"
    return "binding"
