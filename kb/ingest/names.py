"""Safe display names for uploaded files.

`source_name` comes from the user (an upload form, a CLI argument) and is only
ever shown back to people: in error messages, listings and the UI.  It is never
used as a path, so we keep just the last path component and replace anything
that could confuse a terminal, a shell snippet copied from a log, or HTML.
"""

from __future__ import annotations

import os
import re
import unicodedata

_UNSAFE = re.compile(r"[^\w.\- ()+,@=\[\]]+", re.UNICODE)
_MAX_LENGTH = 120
FALLBACK_NAME = "unnamed"


def display_name(source_name: str) -> str:
    """The last path component of `source_name`, reduced to harmless characters.

    "../../etc/passwd" -> "passwd"; "a;rm -rf $(x).txt" -> "a_rm -rf _x_.txt".
    """
    name = unicodedata.normalize("NFC", str(source_name))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.split(r"[\\/]", name)[-1].strip()
    name = _UNSAFE.sub("_", name).strip(" .")
    if len(name) > _MAX_LENGTH:
        stem, ext = os.path.splitext(name)
        name = stem[: _MAX_LENGTH - len(ext)] + ext if len(ext) <= 10 else name[:_MAX_LENGTH]
    return name or FALLBACK_NAME


def name_stem(name: str) -> str:
    """The display name without its extension, used as a last-resort title."""
    stem, dot, _ = name.rpartition(".")
    return (stem if dot and stem else name).replace("_", " ").strip() or name
