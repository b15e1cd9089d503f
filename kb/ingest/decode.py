"""Bytes -> str for text formats, guessing the encoding from the bytes.

PolicyKB reads English policy texts (UTF-8, sometimes Windows-1252/Latin-1) and
Chinese government pages (often GB2312/GBK/GB18030).  The order of tries
matters: a BOM is unambiguous, strict UTF-8 almost never succeeds on anything
that is not UTF-8, and an HTML page's declared charset is next best.  Only then
is the encoding guessed, by charset-normalizer: first between the two legacy
encodings PolicyKB expects (Windows-1252 and GB18030; GB18030 decodes many
Latin-1 byte pairs "successfully", and the library's measure of how garbled a
decoding reads tells the two apart), then -- when neither reads cleanly -- among
every encoding it knows (Cyrillic, Korean, Big5 ...).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from .normalize import control_ratio

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)
# What browsers decode these labels as (WHATWG Encoding Standard): supersets of the declared charset.
_BROWSER_CHARSETS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030"}
_MAX_CONTROL_RATIO = 0.02
# A few bad bytes in otherwise valid UTF-8/UTF-16 are damage, not another encoding.
_MAX_DAMAGE = 0.01
# The legacy encodings PolicyKB expects, tried first; both are supersets (of Latin-1, of GB2312/GBK).
_EXPECTED = ["cp1252", "gb18030"]
# charset-normalizer's "chaos" (share of the text that reads as garbled) above which another encoding is looked for.
_MAX_CHAOS = 0.1


class NotText(ValueError):
    """The bytes do not decode to plausible text in any encoding we try."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


def decode(data: bytes) -> Decoded:
    """Decode `data`, raising `NotText` for binary data."""
    decoded = _decode(data)
    if control_ratio(decoded.text) > _MAX_CONTROL_RATIO:
        raise NotText("binary data (control characters), not text")
    return decoded


def _decode(data: bytes) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as error:
                damaged = _damaged(data, encoding)
                if damaged is None:
                    raise NotText(f"invalid {encoding} text after its byte-order mark") from error
                return damaged
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        raise NotText("binary data (NUL bytes), not text")
    damaged = _damaged(data, "utf-8", require_multibyte=True)
    if damaged is not None:
        return damaged
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return Decoded(data.decode("latin-1"), "latin-1")  # every byte is a Latin-1 character


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, as the codec browsers actually use."""
    found = _META_CHARSET.search(data[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii").lower()
    name = _BROWSER_CHARSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) // 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) // 2)
    encoding = "utf-16-le" if odd_nuls > 0.3 > even_nuls else "utf-16-be" if even_nuls > 0.3 > odd_nuls else None
    if encoding is None:
        return None
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        return None


def _damaged(data: bytes, encoding: str, *, require_multibyte: bool = False) -> Decoded | None:
    """Text with a few broken bytes (a truncated download, a bad copy-paste) in `encoding`.

    Without a BOM, UTF-8 is only assumed when it has valid multi-byte characters,
    more of them than broken ones.
    """
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    if bad > max(1, len(text) * _MAX_DAMAGE):
        return None
    if require_multibyte:
        multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
        if multibyte < 3 or bad >= multibyte:
            return None
    return Decoded(text, encoding, f"{bad} byte sequence(s) were not valid {encoding.upper()} and were replaced")


def _guess(data: bytes) -> Decoded | None:
    """charset-normalizer's reading: an expected encoding if one reads cleanly, else the least garbled of all."""
    best = from_bytes(data, cp_isolation=_EXPECTED).best()
    if best is None or best.chaos > _MAX_CHAOS:
        anything = from_bytes(data).best()
        if anything is not None and (best is None or anything.chaos < best.chaos):
            best = anything
    if best is None:
        return None
    return Decoded(str(best), best.encoding)
