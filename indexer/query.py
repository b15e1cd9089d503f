"""What a search request may ask, checked in one place.

Why a module: the command line, the JSON API and the web pages all reach
`SearchService.search`, and each used to repeat some of these checks with its
own limits and wording.  Now the service checks every request here, and the
callers just pass what the user typed: one set of limits (MODES, MAX_K,
MAX_QUERY_CHARS) and one message for each mistake, raised as InvalidQuery.
"""

from __future__ import annotations

from kb.errors import InvalidQuery
from kb.models import CommitmentFilter

from indexer.text import words

# hybrid: meaning and words fused; dense: meaning only; keyword: BM25, any of the words;
# all_words: every word of the query in the sentence (in any order, any inflection of a longer word);
# phrase: the query's words in that order
MODES = ("hybrid", "dense", "keyword", "all_words", "phrase")
MAX_K = 1000
MAX_QUERY_CHARS = 1000


def normalise_query(query: object) -> str:
    """The query with its white space collapsed; InvalidQuery when it has nothing to search for or is too long."""
    if not isinstance(query, str):
        raise InvalidQuery("the query must be text")
    query = " ".join(query.split())
    if not query:
        raise InvalidQuery("the query is empty: type some words to search for")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidQuery(f"the query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    if not words(query):
        raise InvalidQuery("the query has no words to search for (only symbols or emoji)")
    return query


def check_k(k: object) -> int:
    """The number of results asked for: a whole number from 1 to MAX_K (True is not a number here)."""
    if not isinstance(k, int) or isinstance(k, bool) or k < 1 or k > MAX_K:
        raise InvalidQuery(f"k must be a whole number from 1 to {MAX_K}, not {k!r}")
    return int(k)


def check_offset(offset: object, k: int) -> int:
    """How many results to skip (for page 2 and on): a whole number, with offset + k at most MAX_K."""
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidQuery(f"offset must be a whole number, 0 or more, not {offset!r}")
    if offset + k > MAX_K:
        raise InvalidQuery(f"offset + k must be at most {MAX_K} (results past the {MAX_K}th are not ranked)")
    return int(offset)


def check_mode(mode: object) -> str:
    if mode not in MODES:
        raise InvalidQuery(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
    return str(mode)


def check_filters(filters: CommitmentFilter | None) -> None:
    """Filters that can match nothing by construction (an empty year range) are a mistake, not an empty result."""
    if filters is None:
        return
    f = filters
    if f.deadline_from is not None and f.deadline_to is not None and f.deadline_from > f.deadline_to:
        raise InvalidQuery(f"deadline range {f.deadline_from}-{f.deadline_to} is empty: 'from' is after 'to'")
    for name in ("deadline_from", "deadline_to"):
        v = getattr(f, name)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or not 1000 <= v <= 9999):
            raise InvalidQuery(f"{name.replace('_', ' ')} must be a four-digit year, not {v!r}")
    if f.has_deadline is False and (f.deadline_from is not None or f.deadline_to is not None):
        raise InvalidQuery("a deadline range cannot be combined with 'no deadline'")


def validate_search(query: object, k: object, mode: object, filters: CommitmentFilter | None) -> tuple[str, int]:
    """The normalised query and k of a search request, or InvalidQuery naming the first mistake."""
    query = normalise_query(query)
    k = check_k(k)
    check_mode(mode)
    check_filters(filters)
    return query, k
