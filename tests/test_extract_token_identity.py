"""spaCy tokens are compared by position, never by identity.

spaCy builds a new `Token` object each time one is reached (`doc[i]`, `tok.head`,
`tok.children`), so `tok.head is tok` is False even for the root, and a rule written
with `is` silently never fires (rules-10b found thirteen such comparisons).  The first
test reads the extraction package's source and lets `is` / `is not` compare only with a
constant (None, True, False) or between our own objects named below; the others show
the rule that the fix brought back to life.  Sentences are invented.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# identity comparisons of our own objects (frames, passages), not of tokens: "file:source"
NOT_TOKENS = {"records.py:g is not f", "records.py:cc is c", "targets.py:g is not f"}


def _identity_comparisons() -> list[str]:
    found = []
    for path in sorted((ROOT / "kb" / "extract").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            for op, right in zip(node.ops, node.comparators):
                if isinstance(op, (ast.Is, ast.IsNot)) and not isinstance(right, ast.Constant):
                    found.append(f"{path.name}:{ast.unparse(node)}")
    return found


def test_spacy_objects_are_never_compared_by_identity():
    assert _identity_comparisons(), "the scan finds nothing: check its path"
    unexpected = [c for c in _identity_comparisons() if c not in NOT_TOKENS]
    assert unexpected == []


def test_a_fresh_token_is_not_the_same_object():
    """Why the rule exists, shown on spaCy itself."""
    import spacy

    doc = spacy.blank("en")("The board will act.")
    assert doc[0] is not doc[0]
    assert doc[0].i == doc[0].i


APPOSITIVES = [
    # sentence -> the antecedent a later "it" takes
    ("The Harbour Authority, a body set up in 1990, said it would dredge the channel by 2027.",
     "The Harbour Authority"),
    ("The Ferry Company, a subsidiary of the Island Council, says it will renew two vessels.",
     "The Ferry Company"),
]


@pytest.mark.integration
@pytest.mark.parametrize("sentence,antecedent", APPOSITIVES)
def test_an_appositive_after_the_antecedent_is_left_out(sentence, antecedent):
    from kb.extract.nlp import load_nlp
    from kb.extract.syntax import antecedent_subject

    doc = load_nlp()(sentence)
    pronoun = next(t for t in doc if t.lower_ == "it")
    assert antecedent_subject(pronoun, next(iter(doc.sents))) == antecedent
