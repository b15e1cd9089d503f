"""The commitment filters, defined once for every command that lists or searches commitments."""

from __future__ import annotations

import argparse

from kb.models import STRENGTHS, CommitmentFilter


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """--actor, --document, --deadline-from/-to, --has-deadline, --sector, --strength, --has-quantity."""
    p.add_argument("--actor", help="only commitments by this actor (exact, any case), e.g. Hechi")
    p.add_argument("--document", dest="document_id", type=int, metavar="ID", help="only this document's commitments")
    p.add_argument("--deadline-from", type=int, metavar="YEAR", help="only deadlines in or after this year")
    p.add_argument("--deadline-to", type=int, metavar="YEAR", help="only deadlines in or before this year")
    p.add_argument("--has-deadline", action="store_true", help="only commitments with a deadline")
    p.add_argument("--sector", help="only commitments of this sector")
    p.add_argument("--strength", choices=STRENGTHS, help="only this strength of wording")
    p.add_argument("--has-quantity", action="store_true", help="only commitments with a figure")


def filters_from_args(args: argparse.Namespace) -> CommitmentFilter:
    """The CommitmentFilter the options above describe (options a command lacks count as unset)."""
    g = lambda name: getattr(args, name, None)  # noqa: E731
    return CommitmentFilter(
        actor=g("actor"),
        document_id=g("document_id"),
        deadline_from=g("deadline_from"),
        deadline_to=g("deadline_to"),
        has_deadline=True if g("has_deadline") else None,
        sector=g("sector"),
        strength=g("strength"),
        has_quantity=True if g("has_quantity") else None,
    )
