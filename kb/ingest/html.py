"""HTML -> blocks.

Trafilatura finds the main content of a full web page and drops navigation,
footers, scripts and styles; its Markdown output keeps headings and lists and
goes through the Markdown reader.  Small pages, and pages where trafilatura
finds little, are read by walking the lxml tree ourselves, with scripts,
styles and navigation removed first so that their contents never reach the text.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura

from .blocks import Block, Extracted
from .markdown import read_markdown
from .metadata import find_published, parse_date
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
_META_DATE_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time' or @itemprop='datePublished'"
    " or @name='pubdate' or @name='PubDate' or @name='publishdate' or @name='dc.date' or @name='DC.date']/@content"
)
_SITE_SUFFIX = re.compile(r"\s+[-|–—_]\s+[^-|–—_]{2,60}$")


class NotHtml(ValueError):
    """lxml could not make a document of the markup."""


def read_html(markup: str) -> Extracted:
    markup = _XML_DECLARATION.sub("", markup, count=1)
    try:
        root = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as error:
        raise NotHtml(str(error) or "no markup") from error
    warnings: list[str] = []
    scripts = len(root.xpath("//script"))
    if scripts:
        warnings.append(f"HTML had {scripts} script block{'s' if scripts != 1 else ''} removed")
    title = _title(markup, root)
    meta_date = _meta_date(root)
    blocks = _all_text_blocks(root)
    extracted = Extracted(blocks)
    page_size = sum(len(block.text) for block in blocks)
    if page_size >= _MAIN_CONTENT_MIN_PAGE:
        main = _main_content(markup)
        if main is not None and sum(len(b.text) for b in main.blocks) >= _MAIN_CONTENT_MIN_SHARE * page_size:
            extracted = main
    extracted.title = title
    # Datelines are often outside the main content, so look for them in the whole page.
    extracted.published = find_published(block.text for block in blocks) or meta_date
    extracted.warnings[:0] = warnings
    return extracted


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


def _title(markup: str, root: lxml.html.HtmlElement) -> str | None:
    """trafilatura's title (site names trimmed), else the first h1, else <title>."""
    metadata = trafilatura.extract_metadata(markup)
    if metadata is not None and metadata.title:
        return squash(normalize_text(metadata.title))
    h1 = squash(normalize_text(root.xpath("string(//h1[1])")))
    if h1:
        return h1
    title = squash(normalize_text(root.findtext(".//title") or ""))
    return _SITE_SUFFIX.sub("", title) or None


def _meta_date(root: lxml.html.HtmlElement) -> str | None:
    """A publication date from the page's meta tags (Open Graph, schema.org, Chinese CMS "PubDate")."""
    for content in root.xpath(_META_DATE_XPATH):
        iso = parse_date(str(content)[:10])
        if iso:
            return iso
    return None


def _all_text_blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """Every text run of the page, one block per block-level element."""
    for element in root.xpath("|".join(f"//{tag}" for tag in _DROPPED_TAGS)):
        element.drop_tree()
    blocks: list[Block] = []
    buffer: list[str] = []
    stack: list[tuple[str, int]] = [("paragraph", 1)]

    def flush() -> None:
        text = squash(normalize_text("".join(buffer)))
        buffer.clear()
        if text:
            kind, level = stack[-1]
            blocks.append(Block(kind, text, level=level))

    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if tag in _BLOCK_TAGS:
            flush()
            if event == "start":
                stack.append(_kind(tag))
                buffer.append(element.text or "")
            else:
                stack.pop()
                buffer.append(element.tail or "")
        elif event == "start":
            buffer.append((element.text or "") if tag else "")
        else:
            buffer.append(element.tail or "")
    flush()
    return blocks


def _kind(tag: str) -> tuple[str, int]:
    if tag in _HEADINGS:
        return "heading", _HEADINGS[tag]
    if tag in ("li", "dd"):
        return "list_item", 1
    return "paragraph", 1
