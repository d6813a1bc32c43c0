"""Word (.docx) files: paragraphs, then table cells; the title from the document properties."""
from __future__ import annotations

import io
from pathlib import Path

from ..documents import Document
from ..metadata import complete
from .common import MAX_DOCX_BYTES, ReadError, read_bytes

SUFFIXES = (".docx",)


def read(path: Path, rel: str) -> list[Document]:
    """The one document of a .docx file."""
    try:
        import docx
    except ImportError:
        raise ReadError("需要 python-docx (.docx needs the optional python-docx package)") from None
    data = read_bytes(path, MAX_DOCX_BYTES)
    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises many kinds of errors for broken zips
        raise ReadError(f"无法打开 Word 文件 (not a readable .docx: {err.__class__.__name__})") from None
    paragraphs = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            paragraphs.extend(cell.text for cell in row.cells)
    props = word.core_properties
    return [complete(Document(path=rel, title=(props.title or "").strip(), paragraphs=paragraphs))]
