"""Named errors that the CLI and the web turn into messages for people.

Each carries a machine-readable `code` (the API's error.code) beside its message and hint.
"""


class DanganError(Exception):
    """Base class: carries a message meant for the user, and an optional hint."""

    code = "error"

    def __init__(self, message: str, hint: str = "", code: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if code:
            self.code = code


class QueryError(DanganError):
    """The query cannot be understood (unbalanced quote, bad filter, nothing to search)."""

    code = "bad_query"


class PageOutOfRange(QueryError):
    """A results page past the last one; the hint names the last page."""

    code = "page_out_of_range"

    def __init__(self, page: int, pages: int):
        super().__init__(f"没有第 {page} 页：结果只有 {pages} 页。",
                         hint=f"最后一页是 page={pages}。")
        self.page, self.pages = page, pages


class IndexMissing(DanganError):
    """There is no index at the given place yet."""

    code = "index_missing"


class DocumentNotFound(DanganError):
    """No document has this id."""

    code = "not_found"


class ArchiveMissing(DanganError):
    """The archive folder does not exist."""

    code = "archive_missing"

class ArchiveEmpty(DanganError):
    """The archive yields no document to index (no files, or none that can be read)."""

    code = "archive_empty"

    def __init__(self, message: str, hint: str = "", skipped: list | None = None):
        super().__init__(message, hint)
        self.skipped = list(skipped or [])  # the files passed over, with their reasons
