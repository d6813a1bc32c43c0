"""Reading an archive folder into Documents: the public names of readers/ (one module per format)
and walking.py (the folder walk and the per-file accounting), kept in one place."""
from __future__ import annotations

from pathlib import Path

from .documents import Document, Skipped
from .readers import READERS, SUPPORTED_SUFFIXES, read_any, reader_for
from .readers.common import (MAX_DOCX_BYTES, MAX_FILE_BYTES, NOT_REGULAR, ReadError, date_from_name,
                             normalize_date, read_bytes, split_front_matter, too_large)
from .readers.html import HTML_SUFFIXES, HtmlPage, extract_html
from .readers.unsupported import IMAGE_SUFFIXES, unsupported_reason
from .walking import (NO_TEXT, RESERVED_NAMES, iter_archive, list_archive_files, load_archive,
                      read_entry)

__all__ = [
    "HTML_SUFFIXES", "HtmlPage", "IMAGE_SUFFIXES", "MAX_DOCX_BYTES", "MAX_FILE_BYTES", "NOT_REGULAR",
    "NO_TEXT", "READERS", "RESERVED_NAMES", "SUPPORTED_SUFFIXES", "ReadError", "date_from_name",
    "extract_html", "iter_archive", "list_archive_files", "load_archive", "normalize_date",
    "read_bytes", "read_entry", "read_file", "reader_for", "split_front_matter", "too_large",
    "unsupported_reason",
]


def read_file(path: Path, rel: str) -> list[Document]:
    """Read one archive file into its documents (raw paragraphs); raise ReadError if it, or any
    part of it (a line of a .jsonl, a member of a .zip), cannot be read."""
    docs = []
    for item in read_any(Path(path), rel):
        if isinstance(item, Skipped):
            raise ReadError(f"{item.path}: {item.reason}")
        docs.append(item)
    return docs
