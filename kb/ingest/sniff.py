"""Media type from the bytes themselves, never from the file name.

Uploads arrive with names that lie ("report.pdf" that is an HTML error page,
"notes.txt" that is a DOCX), so the reader is chosen by content: magic numbers
for binary formats, markup for HTML, Markdown syntax for Markdown, reStructuredText's
directives, links and underlines for reStructuredText.
"""

from __future__ import annotations

import io
import re
import zipfile

from .decode import NotText, decode

TEXT = "text/plain"
MARKDOWN = "text/markdown"
RST = "text/x-rst"
HTML = "text/html"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
BINARY = "application/octet-stream"

SUPPORTED_TYPES: tuple[str, ...] = (TEXT, MARKDOWN, RST, HTML, PDF, DOCX)

# Binary formats we recognise only to say clearly that we do not read them.
_KNOWN_BINARY = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # legacy .doc/.xls
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"\x1f\x8b", "application/gzip"),
    (b"{\\rtf", "application/rtf"),
)
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_PDF_MAGIC = b"%PDF-"
_PDF_MAGIC_WINDOW = 1024  # the PDF spec lets junk precede the header

# reStructuredText's own constructs: a directive (".. figure:: x.png", ".. note::"), a link with its
# target inside the backquotes ("`text <https://...>`_"), a footnote reference ("[9]_"), a field
# (":width: 100%"), a heading underlined with a character Markdown never underlines with ("~~~", "^^^")
_RST_SIGNS = (
    re.compile(r"^\.\. [A-Za-z][\w-]*::", re.MULTILINE),
    re.compile(r"`[^`\n]+ <[^<>`\s]+>`__?"),
    re.compile(r"\[(?:\d+|#[\w-]*|\*)\]_(?!\w)"),
    re.compile(r"^[ \t]+:[a-z][\w-]*:(?:[ \t]|$)", re.MULTILINE),
    re.compile(r"^[^\s].*\n[~^\"'`#*+]{3,}[ \t]*$", re.MULTILINE),
)
_RST_MIN_SIGNS = 2
# A whole HTML page, not a fragment that Markdown may carry
_HTML_DOCUMENT = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_MARKERS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|table|article|section|h[1-6]|title|meta|br)[\s/>]",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6} \S", re.MULTILINE)
_MD_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")
_MD_BOLD = re.compile(r"(\*\*|__)\S[^\n]*?\S\1")
_MD_LIST = re.compile(r"^ {0,3}[-*+] \S", re.MULTILINE)
_MD_RULE = re.compile(r"^ {0,3}(?:-{3,}|\*{3,}|_{3,})\s*$", re.MULTILINE)
_MD_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.MULTILINE)
_MARKDOWN_THRESHOLD = 2
# A YAML front-matter block at the very start ("---", `key: value` lines, "---"): the convention of static
# site generators and of the Markdown exports our sources publish, whatever the body looks like.  Such
# a file read as plain text loses its `title:` to a guessed first line ("--- tags: statements-releases").
# kb/ingest/markdown.py reads the block (`block`) with the same pattern; a "---" line over a line without
# a key is a rule and a setext heading, not front matter.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<block>(?:[A-Za-z_][\w-]*:[^\n]*\r?\n|[ \t-][^\n]*\r?\n)+?)"
                          r"(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_SNIFF_BYTES = 64 * 1024


def sniff(data: bytes) -> str:
    """The media type of `data`: one of SUPPORTED_TYPES, or a type we do not read."""
    if _PDF_MAGIC in data[:_PDF_MAGIC_WINDOW]:
        return PDF
    if data.startswith(_ZIP_MAGICS):
        return DOCX if _is_docx(data) else ZIP
    for magic, media_type in _KNOWN_BINARY:
        if data.startswith(magic):
            return media_type
    try:
        text = decode(data[:_SNIFF_BYTES]).text
    except NotText:
        if len(data) <= _SNIFF_BYTES:
            return BINARY
        try:  # the sample may end inside a multi-byte character
            text = decode(data).text
        except NotText:
            return BINARY
    return sniff_text(text)


def sniff_text(text: str) -> str:
    """HTML, Markdown, reStructuredText or plain text, judged from the start of decoded text."""
    head = text[:8192]
    if FRONT_MATTER.match(head):  # a site generator's page: Markdown, even where HTML blocks open its body
        return MARKDOWN
    html_tag = _HTML_MARKERS.search(head.lstrip()[:2048])
    if html_tag and _HTML_DOCUMENT.search(head.lstrip()[:2048]):
        return HTML
    if not html_tag and sum(bool(sign.search(head)) for sign in _RST_SIGNS) >= _RST_MIN_SIGNS:
        return RST
    score = (
        2 * bool(_MD_HEADING.search(head))
        + 2 * bool(_MD_LINK.search(head))
        + bool(_MD_BOLD.search(head))
        + bool(_MD_LIST.search(head))
        + bool(_MD_RULE.search(head))
        + bool(_MD_FENCE.search(head))
    )
    if score >= _MARKDOWN_THRESHOLD:
        # Markdown may hold HTML blocks ("<div class=...>", "<h4 id=...>"): a fragment's tags in a
        # text with Markdown's headings and links are Markdown's (two UK departmental strategies,
        # published as Markdown with HTML blocks, read as HTML showed "##01" and "[text](url)" raw)
        return MARKDOWN
    return HTML if html_tag else TEXT


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def describe(media_type: str) -> str:
    """Words for an unsupported media type, for the user-facing error."""
    return {
        ZIP: "a zip archive that is not a Word (DOCX) document",
        BINARY: "binary data, not text",
        "application/x-ole-storage": "a legacy Office file (.doc/.xls): save it as DOCX or PDF",
        "image/png": "a PNG image",
        "image/jpeg": "a JPEG image",
        "image/gif": "a GIF image",
        "application/gzip": "a gzip archive",
        "application/rtf": "an RTF document: save it as DOCX or PDF",
    }.get(media_type, media_type)
