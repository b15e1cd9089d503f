"""HTML -> blocks.

Trafilatura finds the main content of a full web page and drops navigation,
footers, scripts and styles; its Markdown output keeps headings and lists and
goes through the Markdown reader.  Small pages, and pages where trafilatura
finds little, are read by walking the lxml tree ourselves, with scripts,
styles and navigation removed first so that their contents never reach the text.

Tables are read row by row ("Target | 2030 | 50%"), footnote markers
(<sup><a href="#fn2">2</a></sup>) are taken out of the sentences and the page's
list of notes becomes numbered "footnote" blocks.  The title is the page's own
(Open Graph, an <h1> that <title> repeats, <title> less the site's name), never
a site banner; the date comes from a dateline in the page ("Published" | "5 March
2024") or its meta tags (GOV.UK's first publication, Open Graph, Dublin Core).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

from .blocks import CELL_SEPARATOR, Block, Extracted
from .lines import break_ends_paragraph
from .links import base_url, safe_url
from .markdown import read_markdown
from .metadata import find_published_with_source, parse_date
from .normalize import normalize_text, squash

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "head", "nav", "footer", "aside", "form")
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BLOCK_TAGS = frozenset(
    """address article aside blockquote body br caption dd div dl dt figcaption figure footer form header hr
    li main nav ol p pre section table tbody td tfoot th thead tr ul""".split()
) | frozenset(_HEADINGS)
# Below this much text a page is all content: trafilatura's boilerplate detection
# is unreliable on small pages and flattens their headings and lists.
_MAIN_CONTENT_MIN_PAGE = 1500
# Trafilatura output much smaller than the page means it missed the content.
_MAIN_CONTENT_MIN_SHARE = 0.2
# Publication dates in meta tags, most specific first: GOV.UK's first publication, Open Graph and
# schema.org, Dublin Core "issued", Highwire citation tags, Chinese CMS "PubDate".  Never "updated" dates.
_META_DATE_NAMES = (
    "govuk:first-published-at", "article:published_time", "datePublished", "dcterms.issued", "dc.date.issued",
    "citation_publication_date", "citation_date", "pubdate", "publishdate", "publish-date", "dc.date", "dcterms.date",
)
_META_TITLE_NAMES = ("og:title", "twitter:title", "dc.title", "dcterms.title", "citation_title")
_NOTE_NAME = re.compile(r"footnote|fnref|\bfn\b|reference|endnote")
_NOTE_ID = re.compile(r"^(?:fn|footnote|endnote|note|cite_note)[-_:]?(?:[a-z]+-)?(\w{1,8})$", re.IGNORECASE)
_ENUMERATED = re.compile(r"^\d{1,3}[.)]\s+")
_CELL = "\x1f"  # marks a cell boundary in the text buffer of a table row
_SITE_SUFFIX = re.compile(r"\s+[-|–—_]\s+[^-|–—_]{2,60}$")
# White space that a browser renders as one space (outside the tags whose text is shown as written)
_BROKEN_SPACE = re.compile(r"[ \t\r\f\v]*\n\s*")
_LITERAL_TAGS = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})


class NotHtml(ValueError):
    """lxml could not make a document of the markup."""


def read_html(markup: str, *, whole_page: bool = False) -> Extracted:
    """The blocks of an HTML page; `whole_page`: every block is content (a page we wrote ourselves,
    such as docutils' rendering of reStructuredText), so no main-content extraction trims it."""
    markup = _XML_DECLARATION.sub("", markup, count=1)
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as error:
        raise NotHtml(str(error) or "no markup") from error
    warnings: list[str] = []
    scripts = len(root.xpath("//script"))
    if scripts:
        warnings.append(f"HTML had {scripts} script block{'s' if scripts != 1 else ''} removed")
    title, title_source = _title(root)
    meta_date, meta_date_source = _meta_date(root)
    issuer = _meta_issuer(root)
    base = base_url([*root.xpath("//base/@href"), *root.xpath("//link[@rel='canonical']/@href"),
                     *_meta(root, "og:url")])
    dropped_notes = _drop_note_markers(root)
    if _join_wrapped_lines(root) or dropped_notes:
        markup = lxml.html.tostring(root, encoding="unicode")
    blocks = _all_text_blocks(root, paragraph_items=whole_page)
    anchors = _anchors(root, base)
    extracted = Extracted(blocks)
    page_size = sum(len(block.text) for block in blocks)
    if page_size >= _MAIN_CONTENT_MIN_PAGE and not whole_page:
        main = _main_content(_rendered_whitespace(root))
        if main is not None and sum(len(b.text) for b in main.blocks) >= _MAIN_CONTENT_MIN_SHARE * page_size:
            extracted = main
            _mark_notes(extracted.blocks, [block for block in blocks if block.kind == "footnote"])
    extracted.title, extracted.title_source = title, title_source
    # Datelines are often outside the main content, so look for them in the whole page.
    dated = find_published_with_source(block.text for block in blocks)
    extracted.published, extracted.published_source = dated if dated else (meta_date, meta_date_source)
    if issuer:
        extracted.issuing_body, extracted.issuing_body_source = issuer
    extracted.warnings[:0] = warnings
    extracted.links = anchors
    return extracted


def fragment_blocks(markup: str) -> list[Block]:
    """The blocks of a piece of HTML inside another format (a table or list that a Markdown file
    writes in HTML): one per paragraph, heading, list item and table row, as for a whole page, with
    no main-content extraction.  Empty when the piece does not parse."""
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return []
    return _all_text_blocks(root)


def _rendered_whitespace(root: lxml.html.HtmlElement) -> str:
    """The page's markup with each run of white space that holds a line break collapsed to one space,
    as a browser renders it outside <pre>.  Trafilatura keeps such runs as they are, and a page saved
    with one inline element per indented line (a "prettified" EUR-Lex page: "<span>the</span>
    <span>Commission will put forward</span>") then reaches the Markdown reader as one short
    paragraph per element (round 27: a Commission strategy cut into 134 passages, 47 as printed).
    Our own reader (`_all_text_blocks`) squashes white space already and reads the page unchanged."""
    page = copy.deepcopy(root)
    for element in page.iter():
        inside = any(a.tag in _LITERAL_TAGS for a in element.iterancestors())
        literal = inside or element.tag in _LITERAL_TAGS
        if element.text and isinstance(element.tag, str) and not literal:
            element.text = _BROKEN_SPACE.sub(" ", element.text)
        if element.tail and not inside:
            element.tail = _BROKEN_SPACE.sub(" ", element.tail)
    return lxml.html.tostring(page, encoding="unicode")


def _anchors(root: lxml.html.HtmlElement, base: str | None) -> list[tuple[str, str]]:
    """(anchor text, URL) of the page's links to elsewhere, in page order (navigation is already gone;
    in-page "#..." links and unsafe schemes are left out by `safe_url`)."""
    out = []
    for a in root.iter("a"):
        url = safe_url(a.get("href"), base)
        text = a.text_content()
        if url and text and text.strip():
            out.append((text, url))
    return out


def _join_wrapped_lines(root: lxml.html.HtmlElement) -> bool:
    """Take out the <br> line breaks that wrap a sentence ("By March 31, 2027, the<br>Secretary
    shall ..."), so that neither our reader nor trafilatura (which turns every <br> into a
    paragraph break) cuts the sentence; a <br> after a line that could end a paragraph (see
    `lines.break_ends_paragraph`) stays.  True if any was taken out."""
    joined = False
    for br in list(root.iter("br")):
        line = squash(normalize_text(_line_before(br)))
        if not line or break_ends_paragraph(line):
            continue
        glue = "" if re.search(r"\w-$", line) else " "
        br.tail = glue + (br.tail or "").lstrip()
        br.drop_tree()
        joined = True
    return joined


def _line_before(br: lxml.html.HtmlElement) -> str:
    """The text of the line a <br> ends: back to the previous <br> or the start of its block."""
    parts: list[str] = []
    node = br
    while True:
        previous = node.getprevious()
        if previous is None:
            parent = node.getparent()
            if parent is None:
                break
            parts.append(parent.text or "")
            if not isinstance(parent.tag, str) or parent.tag.lower() in _BLOCK_TAGS:
                break
            node = parent
            continue
        parts.append(previous.tail or "")
        if not isinstance(previous.tag, str):
            node = previous
            continue
        if previous.tag.lower() in _BLOCK_TAGS:
            break
        parts.append(previous.text_content())
        node = previous
    return "".join(reversed(parts))


def _drop_note_markers(root: lxml.html.HtmlElement) -> bool:
    """Remove footnote markers (<sup><a href="#fn1">1</a></sup>) and notes' links back, so that
    "investment.<sup>2</sup> We" reads "investment. We"; True if any were found."""
    found = False
    for sup in root.xpath("//sup"):
        named = " ".join(str(sup.get(attribute) or "") for attribute in ("class", "id")).lower()
        if sup.xpath(".//a[starts-with(@href, '#')]") or _NOTE_NAME.search(named):
            sup.drop_tree()
            found = True
    for link in root.xpath("//a[starts-with(@href, '#fnref') or starts-with(@href, '#cite_ref') or @rev='footnote']"):
        link.drop_tree()
        found = True
    return found


def _note_label(element: lxml.html.HtmlElement) -> str | None:
    """The number of a footnote in a page's list of notes (<li id="fn:3">, <li id="cite_note-3">), else None."""
    found = _NOTE_ID.match(str(element.get("id") or ""))
    return found.group(1) if found else None


def _mark_notes(blocks: list[Block], notes: list[Block]) -> None:
    """The page's footnotes in trafilatura's main content, in place: its list items that are notes become
    footnote blocks again, and notes it left out as boilerplate (a "footnotes" box) go at the end."""
    by_text = {note.text: note for note in notes}
    found = set()
    for index, block in enumerate(blocks):
        note = by_text.get(block.text) or by_text.get(_ENUMERATED.sub("", block.text))
        if note is not None:
            blocks[index] = Block("footnote", note.text, label=note.label)
            found.add(note.text)
    blocks.extend(Block("footnote", note.text, label=note.label) for note in notes if note.text not in found)


def _main_content(markup: str) -> Extracted | None:
    """Trafilatura's main content as Markdown, read by the Markdown reader."""
    main = trafilatura.extract(
        markup,
        output_format="markdown",
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    return read_markdown(main) if main and main.strip() else None


def _title(root: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    """The page's own title, never the site's name.

    In order: Open Graph / Dublin Core title (the publisher's title of this page, unless it is
    only the site name); an <h1> that <title> repeats ("Flood Strategy" in "Flood Strategy -
    GOV.UK"); <title> without its site suffix; else the first <h1>.  An <h1> that <title> does
    not repeat is often the site's banner ("Ministry of Roads"), so <title> wins over it.
    """
    page_title = squash(normalize_text(root.findtext(".//title") or ""))
    trimmed = _SITE_SUFFIX.sub("", page_title)
    site = page_title[len(trimmed):].strip(" -|–—_:")
    h1s = [t for t in (squash(normalize_text(h.text_content())) for h in root.xpath("//h1")) if t]
    for name in _META_TITLE_NAMES:
        for content in _meta(root, name):
            candidate = squash(normalize_text(content))
            if candidate and _key(candidate) != _key(site):
                return (trimmed if candidate == page_title and trimmed else candidate), f"html {name}"
    for h1 in h1s:
        if _key(h1) and _key(h1) in _key(page_title) and _key(h1) != _key(site):
            return h1, "html <h1> repeated in <title>"
    if trimmed:
        return trimmed, "html <title>"
    return (h1s[0], "html <h1>") if h1s else (None, None)


def _meta(root: lxml.html.HtmlElement, name: str) -> list[str]:
    """Contents of <meta> tags whose name, property or itemprop is `name` (any case)."""
    found = []
    for meta in root.iter("meta"):
        keys = {str(meta.get(attribute) or "").lower() for attribute in ("name", "property", "itemprop")}
        if name.lower() in keys and meta.get("content"):
            found.append(str(meta.get("content")))
    return found


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _meta_date(root: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    """A publication date from the page's meta tags (GOV.UK, Open Graph, schema.org, Dublin Core, "PubDate"), with its tag."""
    for name in _META_DATE_NAMES:
        for content in _meta(root, name):
            iso = parse_date(content.strip()[:10].replace("/", "-"))
            if iso:
                return iso, f"html meta {name}"
    for content in root.xpath("//time[@itemprop='datePublished' or @pubdate]/@datetime"):
        iso = parse_date(str(content).strip()[:10])
        if iso:
            return iso, "html <time datetime>"
    return None, None


# Who published the page, in the order a publisher's own tag is trusted: a named publisher first,
# the site's name last (often the body itself on government sites, "GOV.UK" on others).
_META_ISSUER_NAMES = ("dc.publisher", "dcterms.publisher", "publisher", "article:publisher", "author", "dc.creator",
                      "og:site_name")
_MAX_ISSUER = 120


def _meta_issuer(root: lxml.html.HtmlElement) -> tuple[str, str] | None:
    """The issuing body a page's meta tags name (publisher, author, og:site_name), with the tag; None if none."""
    for name in _META_ISSUER_NAMES:
        for content in _meta(root, name):
            value = squash(normalize_text(content))
            if value and len(value) <= _MAX_ISSUER and not value.lower().startswith(("http:", "https:")):
                return value, f"html meta {name}"
    return None


def _all_text_blocks(root: lxml.html.HtmlElement, paragraph_items: bool = False) -> list[Block]:
    """Every text run of the page, one block per block-level element.

    A table row (<tr>) is one "table_row" block, its cells joined by " | ", whatever
    blocks the cells hold; an item of a page's list of notes (<li id="fn:2">) is a
    "footnote" block labelled with its number.  `paragraph_items`: a paragraph inside a list item
    (<li><p>) is the item, as in a page we rendered ourselves.
    """
    for element in root.xpath("|".join(f"//{tag}" for tag in _DROPPED_TAGS)):
        element.drop_tree()
    blocks: list[Block] = []
    buffer: list[str] = []
    stack: list[_Open] = [_Open("paragraph")]
    rows = 0  # open <tr> elements: inside one, cells are separated and nothing else starts a block

    def flush() -> None:
        if rows:
            cells = (squash(normalize_text(cell)) for cell in "".join(buffer).split(_CELL))
            text = CELL_SEPARATOR.join(cell for cell in cells if cell)
        else:
            text = squash(normalize_text("".join(buffer).replace(_CELL, " ")))
        buffer.clear()
        if text:
            top = stack[-1]
            blocks.append(Block(top.kind, text, level=top.level, label=top.label))

    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        start = event == "start"
        if tag == "tr":
            flush()
            if start:
                rows += 1
                stack.append(_Open("table_row"))
            else:
                stack.pop()
                rows -= 1
        elif rows and tag in ("td", "th"):
            buffer.append(_CELL if start else "")
        elif rows and tag in _BLOCK_TAGS:  # a paragraph or list inside a cell stays in the cell
            # its items keep a bullet, as a PDF table cell's do (kb.ingest.pdf_tables), so that the
            # cell's list reads as items ("• Deliver X • Publish Y"), not one run-on line
            buffer.append(" • " if start and tag == "li" else " ")
        elif tag in _BLOCK_TAGS:
            flush()
            if start:
                label = _note_label(element) if tag == "li" else None
                if label:
                    stack.append(_Open("footnote", label=label))
                elif stack[-1].kind == "footnote":  # a paragraph inside a footnote is the footnote
                    stack.append(stack[-1])
                elif paragraph_items and stack[-1].kind == "list_item" and tag == "p":
                    # <li><p>...</p></li> in a page we rendered (reStructuredText): still the item.  A
                    # published page may number whole paragraphs so (a declaration's clauses); they stay
                    # paragraphs there.
                    stack.append(stack[-1])
                else:
                    stack.append(_open(tag))
            else:
                stack.pop()
        if start:
            buffer.append((element.text or "") if tag else "")
        else:
            buffer.append(element.tail or "")
    flush()
    return blocks


@dataclass(frozen=True)
class _Open:
    """An open block-level element: the kind of block its text makes."""

    kind: str
    level: int = 1
    label: str | None = None


def _open(tag: str) -> _Open:
    if tag in _HEADINGS:
        return _Open("heading", _HEADINGS[tag])
    if tag in ("li", "dd"):
        return _Open("list_item")
    return _Open("paragraph")
