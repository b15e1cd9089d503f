"""The general rules behind ingestion: furniture, datelines, titles, Markdown syntax, lists."""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from kb.ingest.furniture import is_furniture
from kb.ingest.metadata import labelled_date


@pytest.mark.parametrize(
    "line",
    [
        "nav search",
        "Home>  Hechi Updates",
        "Home > News > Liuzhou",
        "News » World » Asia",
        "Electric minicars wait to be shipped. [Photo/Liuzhou Daily]",
        "Workers install panels on a roof. [Photo by Wang Jing/China Daily]",
        "Photo: Xinhua",
        "Copyright © Hechi Municipal Government. All rights reserved.",
        "Presented by China Daily.",
        "Share",
        "Print",
        "Facebook Twitter",
        "Share on Facebook | Email | Print",
        "Font size: A A A",
        "Updated: 2022-05-10",
        "Xinhua | Updated: 2023-11-21",
        "Editor: Li Wei",
        "Page 3 of 12",
    ],
)
def test_furniture_lines(line):
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "Hechi to build green development pilot zone",
        "The city will share its data with neighbouring provinces by 2025.",
        "The ministry will print and distribute the guidance to all counties.",
        "Home energy efficiency will be improved across the region.",
        "Copyright law reform is a priority, and the ministry will revise the Copyright Law by 2025.",
        "Search and rescue teams will be set up in every county.",
        "Issued by the State Council on June 12, 2023",
        "(a) Leading the Nation on a firm path to net-zero emissions by 2050.",
    ],
)
def test_content_lines_are_not_furniture(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Updated: 2022-05-10", "2022-05-10"),
        ("Xinhua | Updated: 2023-11-21", "2023-11-21"),
        ("By staff reporter | Updated: 2019-07-03 10:15", "2019-07-03"),
        ("**Date:** December 08, 2021", "2021-12-08"),
        ("Published on 21 November 2023", "2023-11-21"),
        ("Date: 2021-12-08", "2021-12-08"),
        ("Published: March 3, 2022", "2022-03-03"),
        ("Issued by the State Council on June 12, 2023", "2023-06-12"),
        ("发布日期：2021年12月8日", "2021-12-08"),
        ("来源：新华社 | 发布时间：2023-03-05 10:20", "2023-03-05"),
        ("Date: February 30, 2021", None),
        ("The plan was updated on 2020-01-01 after a review of all projects.", None),
    ],
)
def test_labelled_dates(line, iso):
    assert labelled_date(line) == iso


def test_published_only_from_the_top():
    body = "\n\n".join(f"Paragraph {i} says the city will act." for i in range(20))
    data = f"Title here\n\n{body}\n\nUpdated: 2020-01-01\n".encode()
    assert parse_bytes(data, "late.txt").published is None


def test_body_dates_are_not_publication_dates():
    data = b"Plan title\n\nThe city will build 6,000 stations by 2025-12-31.\n"
    assert parse_bytes(data, "d.txt").published is None


@pytest.mark.parametrize(
    ("data", "name", "title"),
    [
        (b"nav search\nHome > News > City\n\nCity plans new park\n\nThe city will open a park.\n", "a.txt", "City plans new park"),
        (b"Intro text without a heading.\n\n# Real Title\n\nBody text.\n", "b.md", "Real Title"),
        (("The city will " + "act " * 60 + "today.\n").encode(), "long-report_2024.txt", "long-report 2024"),
    ],
)
def test_titles(data, name, title):
    assert parse_bytes(data, name).title == title


def test_markdown_inline_syntax_is_removed():
    data = b"""# Order

Some **bold**, *italic*, _under_, `code`, ~~gone~~, [a link](http://x.org), an image ![pic](p.png)
and a \\*literal star\\* with snake_case_name kept.

[ref]: http://example.org
"""
    doc = parse_bytes(data, "inline.md")
    assert doc.passages[1].text == (
        "Some bold, italic, under, code, gone, a link, an image and a *literal star* with snake_case_name kept."
    )
    assert "http" not in doc.text


def test_markdown_setext_headings_hard_breaks_and_tables():
    data = b"""Big Title
=========

Sub part
--------

**Title 3 - The President**  \n**Executive Order 1 of May 1, 2021**

| Sector | Target |
|--------|--------|
| Power  | 50%    |
"""
    doc = parse_bytes(data, "setext.md")
    assert [(p.kind, p.text) for p in doc.passages] == [
        ("heading", "Big Title"),
        ("heading", "Sub part"),
        ("paragraph", "Title 3 - The President"),
        ("paragraph", "Executive Order 1 of May 1, 2021"),
        ("table_row", "Sector | Target"),
        ("table_row", "Power | 50%"),
    ]
    assert doc.passages[1].section == "Big Title"


def test_markdown_front_matter():
    data = b"---\ntitle: Front Title\ndate: 2023-04-05\n---\n\n## Part\n\nThe agency will report.\n"
    doc = parse_bytes(data, "fm.md")
    assert (doc.title, doc.published) == ("Front Title", "2023-04-05")
    assert "title:" not in doc.text


def test_title_case_line_run_into_text_is_split():
    data = b"# Order\n\nIntro.\n\nReducing Agency Emissions\nEach agency shall reduce its emissions.\n"
    doc = parse_bytes(data, "split.md")
    assert [p.text for p in doc.passages][-2:] == ["Reducing Agency Emissions", "Each agency shall reduce its emissions."]


def test_numbered_heading_takes_its_name_from_the_next_line():
    data = b"# Order\n\n### Section 202.\n\nReducing Agency Emissions\nEach agency shall reduce its emissions.\n"
    doc = parse_bytes(data, "named.md")
    assert [(p.kind, p.text) for p in doc.passages][1:] == [
        ("heading", "Section 202. Reducing Agency Emissions"),
        ("paragraph", "Each agency shall reduce its emissions."),
    ]
    assert doc.passages[-1].section == "Section 202. Reducing Agency Emissions"


@pytest.mark.parametrize(
    ("line", "item_text"),
    [
        ("(i) build ten plants;", "(i) build ten plants;"),
        ("(2) cut coal use.", "(2) cut coal use."),
        ("1. expand the grid", "1. expand the grid"),
        ("a) plant trees", "a) plant trees"),
        ("- train staff", "train staff"),
        ("\u2022 fund research", "fund research"),
    ],
)
def test_plain_text_list_markers(line, item_text):
    data = f"Plan\n\nThe ministry will:\n{line}\n".encode()
    doc = parse_bytes(data, "list.txt")
    item = doc.passages[-1]
    assert (item.kind, item.text) == ("list_item", item_text)
    assert doc.passages[item.parent_index].text == "The ministry will:"


def test_wrapped_lines_join_into_one_paragraph():
    data = b"Plan\n\nThe city will build new roads across\nthe northern districts and it will upgrade\nthe low-\ncarbon grid by 2030.\n"
    doc = parse_bytes(data, "wrap.txt")
    assert doc.passages[-1].text == (
        "The city will build new roads across the northern districts and it will upgrade the low-carbon grid by 2030."
    )
