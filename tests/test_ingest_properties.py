"""Whatever the input, ingestion returns a consistent document or an IngestError, nothing else."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.errors import IngestError
from kb.ingest import parse_bytes

FRAGMENTS = st.sampled_from(
    ["# Title", "## Part", "- item", "* item", "    (i) enumerated;", "1. first", "(a) point", "---", "",
     "The city will build roads.", "no full stop here", "**bold** text", "[link](http://x)", "Updated: 2022-05-10",
     "nav search", "Home > News > City", "| a | b |", "|---|---|", "```", "<p>para</p>", "Caption. [Photo/X]",
     "\u00a0", "\t  indented", "Title Case Line", "low-", "carbon grid.", "河池市将建设。", "> quoted"]
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _consistent(data: bytes) -> None:
    try:
        doc = parse_bytes(data, "prop.txt")
    except IngestError as error:
        assert str(error).startswith("prop.txt: ") and "\n" not in str(error)
        return
    assert doc.passages and doc.title
    for i, passage in enumerate(doc.passages):
        assert passage.index == i
        assert doc.text[passage.start:passage.end] == passage.text
        assert passage.text.strip() == passage.text != ""
        assert passage.parent_index is None or passage.parent_index < i
    assert doc.text == "\n\n".join(p.text for p in doc.passages)


@SETTINGS
@given(st.lists(FRAGMENTS, max_size=25), st.sampled_from(["\n", "\r\n"]))
def test_line_soup(lines, newline):
    _consistent(newline.join(lines).encode("utf-8"))


@SETTINGS
@given(st.text(max_size=400))
def test_any_text(text):
    _consistent(text.encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes(data):
    _consistent(data)
