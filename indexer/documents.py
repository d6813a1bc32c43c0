"""Document and skipped-file records passed between reading, cleaning and indexing."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def make_doc_id(path: str) -> str:
    """Stable id of a document: a hash of its archive-relative path, not of index order."""
    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    """One document of the archive: metadata and its paragraphs as displayed."""

    path: str  # relative to the archive root, POSIX separators
    title: str = ""
    date: str = ""  # "YYYY-MM-DD", "YYYY-MM", "YYYY" or ""
    place: str = ""
    source: str = ""
    url: str = ""
    paragraphs: list[str] = field(default_factory=list)
    # where each metadata value came from: "front matter", "page" or "inferred" (metadata.py)
    origin: dict[str, str] = field(default_factory=dict)
    kind: str = ""  # "listing" (index page, programme listing, table of contents) or "article"
    link_share: float = 0.0  # share of the text that is link text (HTML pages)
    pages: list[int] = field(default_factory=list)  # the page each paragraph starts on (PDF), or []
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text was machine-read (OCR)

    @property
    def doc_id(self) -> str:
        return make_doc_id(self.path)

    @property
    def year(self) -> int | None:
        head = self.date[:4]
        return int(head) if len(head) == 4 and head.isdigit() else None


@dataclass
class Skipped:
    """A file that could not be read, with the reason shown to the user."""

    path: str
    reason: str
