"""A file that opens with a YAML front-matter block is Markdown, whatever its body looks like.

Statements exported from web sites often carry only plain paragraphs under their front matter; read as
plain text, the front matter became the title ("--- tags: statements-releases") and its lines passages.
"""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from kb.ingest.sniff import MARKDOWN, TEXT, sniff_text

STATEMENT = """---
tags: statements-releases
date: '2024-05-02'
title: "Joint Statement of the Harbour Cities Forum"
source_url: https://example.org/statement
---
We, the members of the forum, met in Porto today.

We will open three shared research berths by 2027.
"""


@pytest.mark.parametrize("text, kind", [
    (STATEMENT, MARKDOWN),
    ("---\ntitle: Plan\n---\nOne plain paragraph.\n", MARKDOWN),
    ("---\ntitle: Plan\nkeywords:\n  - ports\n  - berths\n...\nOne plain paragraph.\n", MARKDOWN),
    # a rule line that opens no key: value block is not front matter
    ("---\nMinutes of the meeting\n---\nOne plain paragraph.\n", TEXT),
    # front matter only counts at the very start
    ("A note.\n---\ntitle: Plan\n---\n", TEXT),
])
def test_front_matter_decides_markdown(text: str, kind: str) -> None:
    assert sniff_text(text) == kind


def test_front_matter_title_is_the_documents_title() -> None:
    parsed = parse_bytes(STATEMENT.encode(), "statement.txt")
    assert parsed.title == "Joint Statement of the Harbour Cities Forum"
    assert parsed.published == "2024-05-02"
    assert "statements-releases" not in parsed.text
    assert "We will open three shared research berths by 2027." in parsed.text
