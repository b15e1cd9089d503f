"""The source's links, kept as spans of the clean text.

Readers drop markup, so the Federal Register URL behind "this notice" in an HTML
page, a Markdown reference or a PDF's link box would otherwise be lost.  Each
reader that sees links (HTML <a href>, Markdown [text](url), PDF link annotations)
hands over (anchor text, URL) pairs in reading order; `locate` finds each anchor
in the assembled text, walking forward so that the n-th "here" gets the n-th link,
and adds the URLs printed in the text itself ("see https://www.federalregister.gov/d/...").
The search for an anchor looks a bounded stretch ahead, so a page of thousands of links
the text no longer holds costs linear time, not links x text.

Only http(s) and mailto URLs are kept: a javascript: or data: link never reaches
the store, so no page can render one.  An anchor the text no longer holds (a
navigation link trafilatura left out) is dropped, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from kb.models import SourceLink

from .normalize import normalize_text, squash

MAX_URL = 2000
MAX_LINKS = 5000             # a page with more keeps its first 5,000
_MAX_ANCHOR = 300
_WINDOW = 50_000             # an anchor is looked for this many characters past the previous one, no further
_SAFE_SCHEMES = ("http", "https", "mailto")
_BAD_CHARS = re.compile(r"[\x00-\x20\x7f<>\"\\^`{|}]")
# A URL printed in the text: it ends at a space or a bracket; trailing punctuation is the sentence's.
_PRINTED = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\""


def safe_url(raw: str | None, base: str | None = None) -> str | None:
    """`raw` as an absolute http(s) or mailto URL (resolved against `base` when relative), else None."""
    url = (raw or "").strip()
    if not url or url.startswith("#") or len(url) > MAX_URL:
        return None
    if base and not urlsplit(url).scheme:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SAFE_SCHEMES or _BAD_CHARS.search(url):
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url


def base_url(candidates: Iterable[str | None]) -> str | None:
    """The first absolute http(s) URL among `candidates` (<base href>, a canonical link, og:url)."""
    for candidate in candidates:
        url = (candidate or "").strip()
        if urlsplit(url).scheme.lower() in ("http", "https") and urlsplit(url).netloc:
            return url
    return None


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _find_anchor(text: str, anchor: str, start: int, end: int) -> int:
    """Where `anchor` first stands as whole words in text[start:end] ("Mar" never inside "March"), or -1."""
    at = text.find(anchor, start, end)
    while at >= 0:
        stop = at + len(anchor)
        if not (_word(anchor[0]) and at > 0 and _word(text[at - 1])) and \
                not (_word(anchor[-1]) and stop < len(text) and _word(text[stop])):
            return at
        at = text.find(anchor, at + 1, end)
    return -1


def locate(text: str, anchors: Iterable[tuple[str, str]]) -> tuple[SourceLink, ...]:
    """Spans of `text` for the readers' (anchor text, URL) pairs, in reading order, plus the URLs printed
    in `text`; spans never overlap (the first found wins), URLs are already checked by `safe_url`."""
    found: list[SourceLink] = []
    cursor = 0
    for anchor, url in list(anchors)[:MAX_LINKS]:
        anchor = squash(normalize_text(anchor))
        if len(anchor) < 2 or len(anchor) > _MAX_ANCHOR or not url:
            continue
        at = _find_anchor(text, anchor, cursor, cursor + _WINDOW)
        if at < 0:
            continue
        found.append(SourceLink(at, at + len(anchor), url))
        cursor = at + len(anchor)
    taken = sorted((link.start, link.end) for link in found)
    for match in _PRINTED.finditer(text):
        if len(found) >= MAX_LINKS:
            break
        printed = match.group(0).rstrip(_TRAILING)
        if printed.endswith(")") and printed.count("(") < printed.count(")"):
            printed = printed[:-1]
        start, end = match.start(), match.start() + len(printed)
        if any(s < end and start < e for s, e in taken):
            continue
        url = safe_url(printed if "://" in printed else "https://" + printed)
        if url is not None and "." in urlsplit(url).netloc:
            found.append(SourceLink(start, end, url))
    return tuple(sorted(found, key=lambda link: link.start))
