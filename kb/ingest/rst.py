"""reStructuredText -> blocks, with docutils (the format's reference implementation).

Some governments publish their plans as reStructuredText (Italy's Docs Italia: the
three-year plans for IT in public administration).  Read as Markdown, such a text came
apart: a "~~~~" line under a heading opened a fenced code block, so every wrapped line
after it was a passage of its own, and "`*law* <url>`__" links and "[9]_" footnote
references stayed in the text.  docutils parses the text into its document tree and
writes HTML, which the HTML reader then reads whole (no main-content extraction: the page
has no boilerplate, and trafilatura dropped a line block's second line) -- headings, lists,
tables, footnotes: the writer's footnote <aside>s become plain blocks, since a page reader
skips an <aside> as a sidebar).

An uploaded text may be hostile: directives that read files or insert raw markup
("include", "raw", "csv-table :file:") are switched off, and docutils never stops or
prints on a markup error (a broken construct stays text).
"""

from __future__ import annotations

import re

import docutils.core

from .blocks import Extracted
from .html import read_html

_ASIDE_OPEN = re.compile(r"<aside(?=[\s>])")
# the lone heading under the title, which docutils makes the document's subtitle: a heading still
_SUBTITLE = re.compile(r"<p( class=\"subtitle\"[^>]*)>(.*?)</p>", re.S)
# No file access, no raw HTML, no messages in the output, never halt on an error.
_SETTINGS = {
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "traceback": False,
    "_disable_config": True,
    "embed_stylesheet": False,
    "stylesheet_path": "",
    "syntax_highlight": "none",
    "input_encoding": "unicode",
    "output_encoding": "unicode",
    "doctitle_xform": True,
}


def read_rst(text: str) -> Extracted:
    """The blocks of a reStructuredText document (its title from its lone top heading)."""
    html = docutils.core.publish_string(source=text, writer="html5", settings_overrides=_SETTINGS)
    html = html if isinstance(html, str) else html.decode("utf-8")
    # the HTML5 writer puts each footnote in an <aside>, which a page reader skips as a sidebar
    html = _SUBTITLE.sub(r"<h2\1>\2</h2>", _ASIDE_OPEN.sub("<div", html).replace("</aside>", "</div>"))
    extracted = read_html(html, whole_page=True)
    if extracted.title == "<string>":       # docutils' name for a text with no title of its own
        extracted.title, extracted.title_source = None, None
    return extracted
