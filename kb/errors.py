"""The errors PolicyKB raises on purpose.

Each is translated once at its boundary: one line in the CLI, one JSON error
shape in the API, a readable page in the UI.  `str(error)` is the message a
user reads, so it names the file and the reason.
"""

from __future__ import annotations


class PolicyKBError(Exception):
    """Base class: an expected failure with a message meant for the user."""

    code = "error"


class IngestError(PolicyKBError):
    """A file could not be turned into a document."""

    code = "ingest_failed"

    def __init__(self, source_name: str, reason: str):
        self.source_name = source_name
        self.reason = reason
        super().__init__(f"{source_name}: {reason}")

    def __reduce__(self):  # keeps the two fields when sent back from a parser's child process
        return (self.__class__, (self.source_name, self.reason))


class UnsupportedType(IngestError):
    """The bytes are of a type PolicyKB does not read."""

    code = "unsupported_type"


class TooLarge(IngestError):
    """The file is larger than the configured limit."""

    code = "too_large"


class NotFound(PolicyKBError):
    """A document, commitment, job or user asked for does not exist."""

    code = "not_found"


class InvalidQuery(PolicyKBError):
    """A search query or filter that cannot be answered as given."""

    code = "invalid_query"


class IndexMismatch(PolicyKBError):
    """The vector index on disk was built with another model or dimension."""

    code = "index_mismatch"


class AccessDenied(PolicyKBError):
    """The caller lacks the rights for this action."""

    code = "access_denied"
