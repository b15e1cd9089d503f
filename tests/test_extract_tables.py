"""The tables shared by ingestion and extraction (`kb/tables.py`) and the word lists of the
rules (`kb/extract/lexicon.py`): one definition each, read the same way by every caller.

Unit tier: no spaCy pipeline is loaded.  Sentences and phrases are invented for these tests.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

import kb.tables as tables
from kb.extract import _unquote
from kb.extract.deadlines import find_deadlines, normalise_deadline
from kb.extract.quantities import best_quantity, parse_number
from kb.ingest import metadata, normalize

ROOT = Path(__file__).resolve().parents[1]
REF = dt.date(2031, 4, 10)


# --- months ------------------------------------------------------------------

def test_month_table_covers_names_and_abbreviations():
    assert len(tables.MONTHS) == 24        # 12 names, 11 abbreviations ("may" is both), "sept"
    assert sorted(set(tables.MONTHS.values())) == list(range(1, 13))
    assert set(tables.MONTH_NAMES) == set(tables.MONTHS)
    for full in tables.MONTH_NAMES[:12]:
        assert tables.MONTHS[full[:3]] == tables.MONTHS[full]
    assert tables.MONTHS["sept"] == tables.MONTHS["sep"] == 9
    assert tables.MONTHS["may"] == 5


def test_ingest_and_deadlines_share_the_month_table():
    assert metadata._MONTHS is tables.MONTHS
    assert metadata.parse_date("Sept. 3, 2029") == "2029-09-03"
    assert metadata.parse_date("14 Feb 2030") == "2030-02-14"


@pytest.mark.parametrize("phrase, date", [
    ("by Sept. 2032", "2032-09-30"),
    ("no later than February 2033", "2033-02-28"),
    ("by Jun 15, 2034", "2034-06-15"),
    ("before December 1, 2035", "2035-12-01"),
])
def test_deadlines_read_month_names(phrase, date):
    assert normalise_deadline(phrase, REF).date == date


# --- number words ------------------------------------------------------------

@pytest.mark.parametrize("word", sorted(tables.NUMBER_WORDS))
def test_every_number_word_is_a_figure_and_a_deadline_count(word):
    n = tables.NUMBER_WORDS[word]
    assert parse_number(word) == n
    assert parse_number(word.upper()) == n
    found = find_deadlines(f"the board will report within {word} days", REF)
    assert [d.date for d in found] == [(REF + dt.timedelta(days=n)).isoformat()]


def test_articles_count_as_one_only_in_deadlines():
    assert normalise_deadline("within a year", REF).date == "2032-04-10"
    assert normalise_deadline("in an hour", REF) is None
    assert parse_number("a") is None and parse_number("an") is None
    assert "a" not in tables.NUMBER_WORDS and "an" not in tables.NUMBER_WORDS


def test_hyphenated_number_word_is_one_figure():
    q = best_quantity("forty-five percent of new buses")
    assert q is not None and q.value == 45 and q.unit == "percent"


# --- control characters ------------------------------------------------------

def test_ingest_deletes_controls_but_keeps_line_feeds():
    assert normalize._CONTROL is tables.CONTROL_EXCEPT_NEWLINE
    assert normalize.normalize_text("grid\x00 upgrades\x1b\nnext line\x7f") == "grid upgrades\nnext line"


def test_binary_test_counts_controls_but_not_whitespace():
    assert normalize._CONTROL_NOT_WHITESPACE is tables.CONTROL_NOT_WHITESPACE
    assert normalize.control_ratio("a\tb\nc\rd\x0be\x0cf") == 0
    assert normalize.control_ratio("ab\x00\x01") == 0.5


def test_extraction_masks_controls_and_invisibles_keeping_offsets():
    text = "Port\u200b fees\x07 will\ufeff fall\tby half.\n"
    masked = _unquote(text)
    assert len(masked) == len(text)
    assert masked == "Port  fees  will  fall\tby half.\n"


@pytest.mark.parametrize("ch, except_newline, not_whitespace, and_invisible", [
    ("\x00", True, True, True),
    ("\t", True, False, False),
    ("\n", False, False, False),
    ("\r", True, False, False),
    ("\x0c", True, False, True),
    ("\x85", True, True, True),
    ("\u200b", False, False, True),
    ("\ufeff", False, False, True),
    ("a", False, False, False),
])
def test_the_three_control_sets_differ_on_purpose(ch, except_newline, not_whitespace, and_invisible):
    assert bool(tables.CONTROL_EXCEPT_NEWLINE.match(ch)) is except_newline
    assert bool(tables.CONTROL_NOT_WHITESPACE.match(ch)) is not_whitespace
    assert bool(tables.CONTROL_AND_INVISIBLE.match(ch)) is and_invisible


# --- list markers ------------------------------------------------------------

@pytest.mark.parametrize("line, marker", [
    ("(iv) retrofit depots", "(iv) "),
    ("b) publish a map", "b) "),
    ("(12) set fees", "(12) "),
    ("3. plant trees", "3. "),
    ("• cut idling", "• "),
    ("– fund ferries", "– "),
])
def test_list_marker(line, marker):
    m = tables.LIST_MARKER.match(line)
    assert m is not None and m.group(0) == marker


@pytest.mark.parametrize("line", ["Section 3 applies", "Tram lines will grow", "2030 targets"])
def test_not_a_list_marker(line):
    assert tables.LIST_MARKER.match(line) is None


@pytest.mark.parametrize("line, label", [("(c) x", "c"), ("iii. x", "iii"), ("7) x", "7"), ("(xii) x", "xii")])
def test_list_marker_label(line, label):
    assert tables.LIST_MARKER_LABEL.match(line).group(1) == label


def test_list_line_starts_open_list_markers():
    for start in tables.LIST_LINE_STARTS:
        line = "(a) x" if start == "(" else f"{start} x"
        assert tables.LIST_MARKER.match(line)


# --- the lexicon -------------------------------------------------------------

def _lexicon_assignments() -> list[tuple[str, int]]:
    tree = ast.parse((ROOT / "kb" / "extract" / "lexicon.py").read_text(encoding="utf-8"))
    out = []
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id.isupper():
            out.append((target.id, node.lineno))
    return out


def test_every_lexicon_list_says_what_it_is_for():
    lines = (ROOT / "kb" / "extract" / "lexicon.py").read_text(encoding="utf-8").splitlines()
    missing = [name for name, lineno in _lexicon_assignments() if not lines[lineno - 2].startswith("#")]
    assert not missing, f"word lists without a comment: {missing}"


def test_every_lexicon_list_is_used_by_the_rules():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kb" / "extract").glob("*.py")
                        if p.name != "lexicon.py")
    unused = [name for name, _ in _lexicon_assignments() if name not in sources]
    assert not unused, f"word lists no rule reads: {unused}"


def _is_word_list(value: ast.expr) -> bool:
    items = value.keys if isinstance(value, ast.Dict) else getattr(value, "elts", None)
    if not isinstance(value, (ast.Set, ast.List, ast.Tuple, ast.Dict)) or not items:
        return False
    return all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in items)


def test_no_word_list_left_in_the_rules():
    """Module-level literals of words live in the lexicon; parser labels may stay with their rule."""
    # parser labels (dependency roles) and the confidence model's feature names, not words
    allowed = {"__all__", "OBJ_DEPS", "VERB_ROLES", "EVIDENCE_NAMES", "_SHIFTED_OBJECT_DEPS"}
    found = []
    for path in (ROOT / "kb" / "extract").glob("*.py"):
        if path.name == "lexicon.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
            if isinstance(target, ast.Name) and target.id not in allowed and node.value is not None \
                    and _is_word_list(node.value):
                found.append(f"{path.name}:{target.id}")
    assert not found, found
