"""Page furniture: the lines a scraped page carries that are not the document.

Navigation bars, breadcrumbs, photo captions, share buttons, copyright and
"presented by" footers, datelines, page numbers.  (A dateline that names the
issuer, "Issued by the State Council on ...", stays: it says who speaks.)  Left in, they become bogus sentences,
titles and commitments ("nav search" as a title; a caption as an event).  Each
rule below describes a class of furniture, not one site; each is limited to
short lines so that a real paragraph that happens to mention "copyright" or
"share" survives.
"""

from __future__ import annotations

import re

from .metadata import ISSUED_BY, labelled_date

_NAV_WORDS = frozenset(
    """nav navigation menu search home homepage skip to content main back top more close open
    login log in sign up register subscribe newsletter english 中文 首页 toggle sitemap site map
    contact us about previous next related articles stories news""".split()
)
_SHARE_WORDS = frozenset(
    """share this on print email e-mail mail facebook twitter x linkedin weibo wechat whatsapp
    reddit pinterest tumblr telegram qzone copy link url save bookmark tweet""".split()
)
_SEPARATORS = re.compile(r"[\s|·•/,]+")
_BREADCRUMB = re.compile(r"^(?:home|homepage|首页|you are here\s*:?)\s*(?:>|»|›|/|>>|\||:)", re.IGNORECASE)
_CHAIN = re.compile(r"^[^.!?>»›]{1,40}(?:\s*[>»›]\s*[^.!?>»›]{1,40}){2,}$")
_CAPTION_TAG = re.compile(
    r"[\[(](?:photo|image|picture|pic|video|graphic|illustration|file photo)\b[^\])]{0,80}[\])]\s*$",
    re.IGNORECASE,
)
_CAPTION_LABEL = re.compile(r"^(?:photo|image|picture|video|graphic|credit|photo credit)s?\s*(?:[:/]|by\b)", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"^copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4}|all rights reserved|版权所有", re.IGNORECASE
)
_PRESENTED = re.compile(r"^(?:presented|powered|brought to you)\s+by\b", re.IGNORECASE)
_FONT_SIZE = re.compile(r"^(?:font|text)\s*size\b", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:editor|source|author|reporter|journalist|edited by|translated by|责任编辑|来源)\s*[:：]", re.IGNORECASE)

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.IGNORECASE)

_SHORT = 80
_CAPTION_MAX = 300


def continues_sentence(line: str, previous: str) -> bool:
    """True when `line` is a bare number that finishes the sentence `previous` broke off: a source
    wrapped "... run by the service from summer" / "2013" (train: uk-gds-government-digital-strategy-2012-
    actions), or a superscript's digits on their own line ("greater than 10" / "26" in EO 14110, 10^26).
    Such a line is the sentence's last word, not a page number."""
    return bool(_PAGE_NUMBER.match(line.strip())) and re.search(r"[A-Za-z0-9]$", previous.rstrip()) is not None


def is_furniture(line: str) -> bool:
    """True when `line` (one line or one short block of text) is page furniture."""
    text = line.strip().strip("*_#> ").strip()
    if not text:
        return False
    words = [w for w in _SEPARATORS.split(text.lower()) if w]
    short = len(text) <= _SHORT
    return (
        (short and len(words) <= 6 and all(w in _NAV_WORDS for w in words))
        or (short and len(words) <= 8 and all(w in _SHARE_WORDS for w in words))
        or bool(_BREADCRUMB.match(text))
        or (short and bool(_CHAIN.match(text)))
        or (len(text) <= _CAPTION_MAX and bool(_CAPTION_TAG.search(text)))
        or (short and bool(_CAPTION_LABEL.match(text)))
        or (len(text) <= 200 and bool(_COPYRIGHT.search(text)))
        or (short and bool(_PRESENTED.match(text)))
        or (short and bool(_FONT_SIZE.match(text)))
        or (short and len(words) <= 8 and bool(_BYLINE.match(text)))
        or bool(_PAGE_NUMBER.match(text))
        or (labelled_date(text) is not None and not ISSUED_BY.match(text))
    )
