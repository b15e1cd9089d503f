"""bench/merge_shared_object_lines.py: two gold lines for verbs that share one object become one line
with both verbs, as the shared dev set's annotators write them; lines with objects of their own stay
apart.  Invented lines."""

from __future__ import annotations

import pytest

from bench.merge_shared_object_lines import coordinated, merged


def _line(action: str, target: str, sentence: str, **extra) -> dict:
    return {"doc": "x", "sentence": sentence, "actor": ["Port Board"], "action": [action], "target": target,
            "deadline": None, **extra}


S = "The Port Board will develop and implement a dredging plan"


@pytest.mark.parametrize("first, second, excerpt, expected", [
    ("develop", "implement", S, True),
    ("revise", "issue", "shall review, revise, and issue harbour guidance", True),   # each verb with the next
    ("purchase", "generate", "Purchase or generate green power", True),
    ("develop", "implement", "develop a plan and then implement the dredging", False),   # objects of their own
    ("develop", "implement", "implement and develop a plan", False),                     # not in that order
])
def test_coordinated(first, second, excerpt, expected):
    assert coordinated(first, second, excerpt) is expected


def test_a_shared_object_is_one_line_with_both_verbs():
    out, groups = merged([_line("develop", "a dredging plan", S), _line("implement", "a dredging plan", S)])
    assert [x["action"] for x in out] == [["develop", "implement"]]
    assert len(groups) == 1


@pytest.mark.parametrize("second", [
    _line("implement", "a ferry plan", S),                          # another target
    _line("implement", "a dredging plan", S, optional=True),        # optional against required
    _line("implement", "a dredging plan", S, deadline="2030"),      # another deadline
])
def test_lines_that_differ_stay_apart(second):
    out, groups = merged([_line("develop", "a dredging plan", S), second])
    assert len(out) == 2 and groups == []


def test_three_verbs_in_a_row_are_one_line():
    s = "The Port Board shall review, revise, and issue harbour guidance"
    out, _ = merged([_line("review", "harbour guidance", s), _line("revise", "harbour guidance", s),
                     _line("issue", "harbour guidance", s)])
    assert [x["action"] for x in out] == [["review", "revise", "issue"]]
