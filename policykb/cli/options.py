"""The commitment filters, defined once for every command that lists or searches commitments.

They match the web's query arguments (web/common.py parse_filters): --actor, --sector, --strength,
--document and --status repeat (any of the values), years and publication dates take ranges.
"""

from __future__ import annotations

import argparse
import re
from datetime import date

from kb.models import STATUSES, STRENGTHS, CommitmentFilter


def _date_prefix(value: str) -> str:
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise argparse.ArgumentTypeError(f"a date is YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """--actor, --document, --deadline-from/-to, --has-deadline, --sector, --strength, --has-quantity,
    --published-from/-to, --status, --text."""
    p.add_argument("--actor", action="append", help="only commitments by this actor (exact, any case), e.g. Hechi;"
                   " repeat for several")
    p.add_argument("--document", dest="document_id", type=int, action="append", metavar="ID",
                   help="only this document's commitments; repeat for several")
    p.add_argument("--deadline-from", type=int, metavar="YEAR", help="only deadlines in or after this year")
    p.add_argument("--deadline-to", type=int, metavar="YEAR", help="only deadlines in or before this year")
    p.add_argument("--has-deadline", action="store_true", help="only commitments with a deadline")
    p.add_argument("--sector", action="append", help="only commitments of this sector; repeat for several")
    p.add_argument("--strength", choices=STRENGTHS, action="append", help="only this strength of wording; repeat")
    p.add_argument("--has-quantity", action="store_true", help="only commitments with a figure")
    p.add_argument("--published-from", type=_date_prefix, metavar="DATE",
                   help="only documents published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--published-to", type=_date_prefix, metavar="DATE",
                   help="only documents published on or before this date")
    p.add_argument("--status", choices=STATUSES, action="append",
                   help="only this status (a person's word, else open / deadline_passed); repeat for several")
    p.add_argument("--text", metavar="WORDS", help="only commitments whose sentence, actor, target or document"
                   " title contains every one of these words")


def _one_or_tuple(values):
    """One value as itself, several as a tuple (options that a command declares without repeats pass through)."""
    if values is None or values == []:
        return None
    if not isinstance(values, list):
        return values
    values = list(dict.fromkeys(values))
    return values[0] if len(values) == 1 else tuple(values)


def filters_from_args(args: argparse.Namespace) -> CommitmentFilter:
    """The CommitmentFilter the options above describe (options a command lacks count as unset)."""
    g = lambda name: getattr(args, name, None)  # noqa: E731
    status = _one_or_tuple(g("status"))
    return CommitmentFilter(
        actor=_one_or_tuple(g("actor")),
        document_id=_one_or_tuple(g("document_id")),
        deadline_from=g("deadline_from"),
        deadline_to=g("deadline_to"),
        has_deadline=True if g("has_deadline") else None,
        sector=_one_or_tuple(g("sector")),
        strength=_one_or_tuple(g("strength")),
        has_quantity=True if g("has_quantity") else None,
        published_from=g("published_from"),
        published_to=g("published_to"),
        status=status,
        text=(g("text") or "").strip() or None,
        today=date.today().isoformat() if status else None,
    )
