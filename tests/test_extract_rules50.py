"""A deliverable that a memorandum makes the subject of its items, and a policy's last line in smaller
type (round 49: rules-50; issue 10).

* "(ii) The Stock Assessment referenced in subsection (a)(i) of this section shall draw on X; identify Y;
  and detail Z": an assessment, a study or an analysis promises nothing; what it is to contain is the
  duty of whoever is to write it -- like a report's, which was already so (in the memorandum it came
  from, the Director who is to produce the assessment).  The reference after the name ("referenced in
  subsection (a)(i)") says which assessment is meant; it is no part of a name, and with it the
  subject was shown as an actor (train: a national security memorandum).
* A city plan sets each policy's citation in smaller type at the end of its last line ("street
  classification. (Comprehensive Plan Policy 8.40)").  That line, mostly in the smaller type, was
  measured against the pitch of the smaller type, found too far below the line before, and cut off:
  the policy broke in two and its first line, alone, read as a heading; at the foot of a page the line,
  in smaller type below the last line of body type, was taken for a footnote and moved to the end of
  the document (train: a city transportation plan's policies chapter).

All names and sentences are invented."""

from __future__ import annotations

import pytest

from kb.ingest import parse_bytes
from tests.textdoc import document_from_text

fpdf = pytest.importorskip("fpdf")

_MEMORANDUM = ("Memorandum on the coastal fisheries of Tarnia\n\n"
               "Sec. 2. Policy. (a) Establish a common picture of the fish stocks.\n\n"
               "(i) Within 90 days of the date of this memorandum, the Administrator of the Fisheries Service "
               "shall produce a Stock Assessment on the state of the coastal fisheries.\n\n"
               "(ii) The Stock Assessment referenced in subsection (a)(i) of this section shall draw on data "
               "from the port authorities; identify the fleets that fish beyond quota; and detail emerging "
               "trends in catches.\n")


@pytest.mark.integration
def test_an_assessment_is_no_actor_of_what_it_is_to_contain(extractor):
    records = extractor.extract(document_from_text(_MEMORANDUM)).commitments
    items = {c.action: c.actor for c in records if c.sentence.startswith("(ii)")}
    assert sorted(items) == ["detail", "draw", "identify"], [(c.actor, c.action, c.sentence[:40]) for c in records]
    # before, "Stock Assessment referenced in subsection (a)(i) of this section" was the actor of "draw on"
    assert [a for a in items.values() if "Assessment" in a] == [], items


_POLICIES = [
    ("Harbour access: Improve and maintain the harbour roads to support freight and access to the",
     "ferry terminal as is consistent with the", "street plan.", "(Harbour Plan Policy 4.10)"),
    ("Quay function: Improve and maintain the quays to support equitable use by fishing boats, ferries and",
     "pleasure craft, including moorings for visiting", "boats.", "(Harbour Plan Policy 4.11)"),
    ("Age-friendly harbour: Promote harbour facility designs that make the waterfront of Kestrel more",
     "welcoming to", "older visitors.", "(Harbour Plan Policy 4.12)"),
]


def _policies_pdf(top: float = 130.0, footnote: str = "") -> bytes:
    """Each policy in 11 pt lines 15 pt apart; its last line ends with the citation in 9 pt."""
    pdf = fpdf.FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size=16)
    pdf.text(72, 80, "Harbour Policies")
    pdf.set_font("Helvetica", size=11)
    pdf.text(72, 100, "The Harbour Board adopted these policies in its plan for the next ten years of works.")
    if footnote:
        pdf.set_font("Helvetica", size=8)
        pdf.text(72, 815, footnote)
    y = top
    for first, second, last_words, citation in _POLICIES:
        pdf.set_font("Helvetica", size=11)
        pdf.text(72, y, first)
        pdf.text(72, y + 15, second)
        pdf.text(72, y + 30, last_words)
        x = 72 + pdf.get_string_width(last_words + " ")
        pdf.set_font("Helvetica", size=9)
        pdf.text(x, y + 30, citation)
        y += 60
    return bytes(pdf.output())


@pytest.mark.parametrize("top", [130.0, 640.0], ids=["top of the page", "foot of the page"])
def test_a_policys_last_line_with_a_smaller_citation_stays_in_its_paragraph(top):
    # at the foot of the page the last line, in smaller type below the last line of body type, looked
    # like a footnote too, and went to the end of the document with the notes
    passages = parse_bytes(_policies_pdf(top), "harbour-policies.pdf").passages
    texts = [p.text for p in passages]
    for first, second, last_words, citation in _POLICIES:
        whole = [p for p in passages if p.text.startswith(first.split(":")[0])]
        assert len(whole) == 1, texts
        assert whole[0].kind == "paragraph", (whole[0].kind, whole[0].text)
        assert whole[0].text.endswith(last_words + " " + citation), whole[0].text
    # no line of a policy is a passage of its own
    assert not [t for t in texts if t.startswith(("ferry terminal", "pleasure craft", "welcoming", "street plan",
                                                  "boats.", "older visitors"))], texts


def test_a_footnote_under_the_policies_is_still_a_footnote():
    note = "1 The Harbour Board's plan of works was adopted on 3 March."
    passages = parse_bytes(_policies_pdf(640.0, footnote=note), "harbour-policies.pdf").passages
    notes = [p for p in passages if p.kind == "footnote"]
    assert [p.text for p in notes] == [note[2:]], [(p.kind, p.text) for p in passages]
    assert notes[0].label == "1"
