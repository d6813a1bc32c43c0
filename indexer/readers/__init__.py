"""One reader per format, chosen by file suffix: adding a format is a module and a line in READERS.

A reader is a function `read(path, rel) -> list[Document | Skipped]`: the documents of the file
at `path`, named from `rel` (its archive-relative path), with raw paragraphs and metadata; a
Skipped for a part that cannot be read (a line of a .jsonl, a member of a .zip); a ReadError with
the reason shown to the user if the whole file cannot be read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..documents import Document, Skipped
from . import docx, html, jsonl, pdf, text, zip
from .common import ReadError
from .unsupported import unsupported_reason

Reader = Callable[[Path, str], "list[Document | Skipped]"]

READERS: dict[str, Reader] = {}
for _module in (text, html, docx, jsonl, pdf, zip):
    READERS.update(dict.fromkeys(_module.SUFFIXES, _module.read))

SUPPORTED_SUFFIXES = tuple(READERS)


def reader_for(suffix: str) -> Reader | None:
    """The reader of files ending in `suffix` (any case), or None if dangan does not read them."""
    return READERS.get(suffix.lower())


def read_any(path: Path, rel: str) -> list[Document | Skipped]:
    """The entries of one file by its format; ReadError if it cannot be read at all."""
    reader = reader_for(Path(path).suffix)
    if reader is None:
        raise ReadError(unsupported_reason(Path(path).suffix))
    try:
        return reader(Path(path), rel)
    except OSError as err:
        raise ReadError(f"无法读取文件 (cannot read: {err.strerror or err})") from None


__all__ = ["READERS", "SUPPORTED_SUFFIXES", "ReadError", "Reader", "read_any", "reader_for",
           "unsupported_reason"]
