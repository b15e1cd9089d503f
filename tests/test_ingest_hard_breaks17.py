"""Hard line breaks in Markdown and <br> in HTML: a paragraph break only where the line could end one.

Markdown exports of memoranda and scraped pages (where every `<br>` became a hard break)
wrap lines with two trailing spaces in the middle of a sentence, and HTML pages wrap them
with <br> (which trafilatura turns into paragraph breaks).  Before, every hard break
ended the paragraph, so "SUBJECT: Modernizing ... Policy and" and its next line
became two passages and a sentence was cut in half.  A hard break after a line that ends
a sentence, or after a short heading-like line (an address, a name, a title) still ends
it.  Every page here is invented.
"""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from kb.ingest.lines import break_ends_paragraph


def _passages(markdown: str) -> list[str]:
    return [p.text for p in parse_bytes(markdown.encode(), "memo.md").passages]


def test_a_sentence_wrapped_with_hard_breaks_is_one_passage():
    page = (
        "# Memorandum on harbour dredging\n\n"
        "By March 31, 2027, the  \n"
        "Secretary of Transportation, acting through the Maritime Administration, shall prepare a  \n"
        "Harbour Dredging Plan and submit it to the  \n"
        "President.\n"
    )
    assert _passages(page)[-1] == (
        "By March 31, 2027, the Secretary of Transportation, acting through the Maritime "
        "Administration, shall prepare a Harbour Dredging Plan and submit it to the President."
    )


def test_a_subject_line_wrapped_on_a_conjunction_stays_whole():
    page = "SUBJECT: Rebuilding Coastal Ports and  \nModernizing Inland Waterways  \n\nThe ports matter.\n"
    assert _passages(page)[0] == "SUBJECT: Rebuilding Coastal Ports and Modernizing Inland Waterways"


def test_hard_breaks_after_address_lines_still_end_paragraphs():
    page = (
        "Office of the Harbour Master  \n"
        "Port Street 4  \n"
        "The council will publish the dredging plan.\n"
    )
    assert _passages(page) == [
        "Office of the Harbour Master",
        "Port Street 4",
        "The council will publish the dredging plan.",
    ]


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("The council will publish the plan.", True),        # a whole sentence
        ("Guidance for applicants:", True),                  # a lead-in ends a line on purpose
        ("Office of the Harbour Master", True),              # a name on a letterhead
        ("By March 31, 2027, the", False),                   # stops on an article
        ("Rebuilding Coastal Ports and", False),             # stops on a conjunction
        ("the Secretary of Commerce, acting through NTIA, shall develop a National", False),  # a full-width wrap
        ("Port Street 4", True),                             # a short line: an address, a list entry
        ("Harbour Dredging Plan", True),
        ("in close consultation with ports,", False),        # stops on a comma
    ],
)
def test_which_lines_a_hard_break_ends(line, ends):
    assert break_ends_paragraph(line) is ends


FILLER = "<p>The harbour board met in May. It heard the pilots and the ferry operators, and it published the minutes.</p>" * 12


@pytest.mark.parametrize("page_size", ["small page, read by our walker", "long page, read by trafilatura"])
def test_an_html_sentence_wrapped_with_br_is_one_passage(page_size):
    body = (
        "<p>By March 31, 2027, the<br>Secretary of Transportation, acting through the Maritime Administration, "
        "shall prepare a<br>Harbour Dredging Plan and submit it to the<br>President.</p>"
        "<p>Office of the Harbour Master<br>Port Street 4</p>"
    )
    filler = FILLER if page_size.startswith("long") else ""
    page = f"<html><head><title>Harbour plan</title></head><body><article><h1>Harbour plan</h1>{body}{filler}</article></body></html>"
    passages = [p.text for p in parse_bytes(page.encode(), "plan.html").passages]
    assert passages[1:4] == [
        "By March 31, 2027, the Secretary of Transportation, acting through the Maritime Administration, "
        "shall prepare a Harbour Dredging Plan and submit it to the President.",
        "Office of the Harbour Master",
        "Port Street 4",
    ]


def test_a_capitalised_wrapped_line_inside_a_sentence_is_no_heading():
    # Plain soft-wrapped Markdown (no hard breaks): the second and third lines are mostly capitalised,
    # but the second opens in lower case, so it goes on with the sentence and the third does too.
    page = (
        "# Joint statement on universities\n\n"
        "The ministers welcomed new research partnerships, such as those\n"
        "between the Lakeside Institute of Technology and Northern Coastal Marine\n"
        "Laboratory, and the Joint Centers of the State University of North\n"
        "Harbour and the River Valley College, in the areas of clean energy.\n"
    )
    assert _passages(page)[-1] == (
        "The ministers welcomed new research partnerships, such as those between the Lakeside Institute of "
        "Technology and Northern Coastal Marine Laboratory, and the Joint Centers of the State University of "
        "North Harbour and the River Valley College, in the areas of clean energy."
    )
