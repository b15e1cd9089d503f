"""A page saved with one inline element per indented line reads as the browser shows it (round 27).

EUR-Lex pages kept by a crawler went through an HTML "prettifier": every <span> of a paragraph sits on
its own indented line.  A browser renders the line breaks and indentation between inline elements as one
space; trafilatura kept them, and the Markdown reader then cut the paragraph at each element ("the" /
"Commission will put forward" / "a legislative proposal ...").  A Commission strategy came out as 134
passages instead of the 47 paragraphs it prints.

The page below is invented."""

from __future__ import annotations

from kb.ingest import parse_bytes

_OPENING = "To this end and subject to an impact assessment, the Harbour Agency will put forward a legislative proposal"


def _prettified_page() -> bytes:
    spans = ["To this end and subject to an impact assessment, the", "Harbour Agency will put forward",
             "a legislative proposal for a coastal monitoring framework", ". This will establish an",
             "integrated monitoring system", "."]
    paragraph = "\n    <p class=\"Normal\">\n" + "".join(f"     <span>\n      {s}\n     </span>\n" for s in spans) + "    </p>\n"
    filler = ("\n    <p class=\"Normal\">\n     <span>\n      The coast is long and its ports are busy; the agency "
              "watches over shipping, fishing and the beaches that draw visitors every summer.\n     </span>\n    </p>\n")
    body = filler * 6 + paragraph + filler * 6
    return f"<html>\n <head>\n  <title>Coastal Strategy</title>\n </head>\n <body>\n{body} </body>\n</html>".encode()


def test_a_prettified_paragraph_is_one_passage():
    doc = parse_bytes(_prettified_page(), "coastal-strategy.html")
    texts = [p.text for p in doc.passages]
    whole = [t for t in texts if t.startswith(_OPENING)]
    assert len(whole) == 1 and "integrated monitoring system" in whole[0], texts
    assert len(texts) == 13, texts      # twelve filler paragraphs and the one that was cut into six
