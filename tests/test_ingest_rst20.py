"""reStructuredText, read with docutils (`kb.ingest.rst`).

Some governments publish plans as reStructuredText.  Read as Markdown, a "~~~~" line under a
heading opened a fenced code block, so each wrapped line after it was a passage of its own and
"`text <url>`__" links stayed as written; footnotes and a line block's second line were lost.
Hostile input stays harmless: directives that read files or insert raw HTML are switched off.
All texts are invented."""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from kb.ingest.sniff import MARKDOWN, RST, sniff

PLAN = """\
Harbour digital plan
====================

Data centres and cloud
----------------------

The current situation
~~~~~~~~~~~~~~~~~~~~~

As established by `the harbour law <https://example.org/law>`__ [1]_, the Port
Agency has the task of carrying out a census of the data centres of the
harbour authorities.

| **All harbour authorities** will have to take part in the census.
| Based on the answers, the data centres will be divided into two groups:

-  *Group A* centres will keep running until they migrate.
-  *Group B* centres will be closed by 2026.

.. figure:: media/figure1.png
   :width: 100%

   Figure 1 - The data centres

.. [1] The Port Agency shall publish the census results every year.
"""


def _texts(doc):
    return [(p.kind, p.text) for p in doc.passages]


def test_restructuredtext_is_recognised_by_its_constructs():
    assert sniff(PLAN.encode()) == RST
    assert sniff(b"# Plan\n\nSee [the law](https://example.org) and ~~~ fences.\n") == MARKDOWN


def test_a_plan_in_restructuredtext_reads_as_written():
    doc = parse_bytes(PLAN.encode(), "plan.rst")
    texts = _texts(doc)
    assert doc.title == "Harbour digital plan"
    assert ("heading", "The current situation") in texts
    # wrapped lines make one paragraph; a link shows its text
    assert ("paragraph", "As established by the harbour law [1], the Port Agency has the task of carrying out "
                         "a census of the data centres of the harbour authorities.") in texts
    # both lines of a line block, the list items, the footnote
    assert any(t == "All harbour authorities will have to take part in the census." for _, t in texts)
    assert any(t.startswith("Based on the answers, the data centres will be divided") for _, t in texts)
    assert ("list_item", "Group B centres will be closed by 2026.") in texts
    assert any("shall publish the census results every year" in t for _, t in texts)
    assert not any("`" in t or "~~~" in t or ".. " in t for _, t in texts)


@pytest.mark.parametrize("directive", [
    ".. include:: /etc/passwd",
    ".. raw:: html\n\n   <script>alert(1)</script>",
    ".. csv-table:: Secrets\n   :file: /etc/passwd",
])
def test_directives_that_read_files_or_insert_markup_do_nothing(directive):
    text = PLAN + "\n" + directive + "\n\nThe Port Agency will publish a second census in 2027.\n"
    doc = parse_bytes(text.encode(), "plan.rst")
    assert "root:" not in doc.text and "alert(1)" not in doc.text
    assert "The Port Agency will publish a second census in 2027." in doc.text


def test_broken_restructuredtext_is_still_read():
    text = PLAN + "\n`an unclosed link <https://example.org\n\nThe Port Agency will report in 2027.\n"
    doc = parse_bytes(text.encode(), "plan.rst")
    assert "The Port Agency will report in 2027." in doc.text
