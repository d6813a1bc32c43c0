"""Named errors that the CLI and the web turn into messages for people."""


class DanganError(Exception):
    """Base class: carries a message meant for the user, and an optional hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


class QueryError(DanganError):
    """The query cannot be understood (unbalanced quote, bad filter, nothing to search)."""


class IndexMissing(DanganError):
    """There is no index at the given place yet."""


class DocumentNotFound(DanganError):
    """No document has this id."""


class ArchiveMissing(DanganError):
    """The archive folder does not exist."""


class ArchiveEmpty(DanganError):
    """The archive yields no document to index (no files, or none that can be read)."""

    code = "archive_empty"

    def __init__(self, message: str, hint: str = "", skipped: list | None = None):
        super().__init__(message, hint)
        self.skipped = list(skipped or [])  # the files passed over, with their reasons
