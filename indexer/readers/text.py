"""Plain-text and Markdown files: optional YAML front matter, then a paragraph a line."""
from __future__ import annotations

import re
from pathlib import Path

from ..documents import Document
from ..encoding import decode_bytes
from ..metadata import complete
from .common import metadata, read_bytes, split_front_matter

SUFFIXES = (".txt", ".md")

# Markdown that is only markup: heading hashes, quote and bullet marks, bold and code marks.
_MD_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)|\*\*|__|`")


def read(path: Path, rel: str) -> list[Document]:
    """The one document of a text or Markdown file."""
    text, _ = decode_bytes(read_bytes(path))
    meta, body = split_front_matter(text)
    lines = body.splitlines()
    if path.suffix.lower() == ".md":
        lines = [_MD_MARKUP.sub("", line) for line in lines]
    given = metadata(meta)
    return [complete(Document(path=rel, paragraphs=lines, **given), given=given)]
