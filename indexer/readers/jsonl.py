"""JSON-lines collections: one document a line, a JSON object with "text" or "paragraphs"."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from ..documents import Document, Skipped
from ..encoding import decode_bytes
from ..metadata import complete
from .common import MAX_FILE_BYTES, ReadError, megabytes, metadata, open_regular, read_bytes

SUFFIXES = (".jsonl",)


def read(path: Path, rel: str) -> list[Document | Skipped]:
    """The documents of a JSON-lines file, `rel#L<line>` each; a Skipped for each bad line."""
    return list(iter_jsonl(path, rel))


def _jsonl_doc(line: str, rel: str) -> Document:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as err:
        raise ReadError(f"JSON 无法解析 (bad JSON: {err.msg})") from None
    if not isinstance(item, dict):
        raise ReadError("不是 JSON 对象 (line is not a JSON object)")
    if isinstance(item.get("paragraphs"), list):
        paragraphs = [str(p) for p in item["paragraphs"]]
    elif isinstance(item.get("text"), str):
        paragraphs = item["text"].splitlines()
    else:
        raise ReadError("缺少正文 (no 'text' or 'paragraphs')")
    given = metadata(item)
    return complete(Document(path=rel, paragraphs=paragraphs, **given), given=given)


_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 and UTF-32: lines are not split at b"\n"


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | ReadError]]:
    """(line number, text or the ReadError of that line) of a JSON-lines file, a line at a time.

    Memory stays bounded by MAX_FILE_BYTES however large the file: a longer line is reported
    and skipped without being held.
    """
    with open_regular(path, None) as f:
        head = f.read(4)
        if head.startswith(_WIDE_BOMS):
            f.close()
            text, _ = decode_bytes(read_bytes(path))
            yield from enumerate(text.split("\n"), start=1)
            return
        f.seek(0)
        number = 0
        while True:
            raw = f.readline(MAX_FILE_BYTES + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_FILE_BYTES and not raw.endswith(b"\n"):
                size = len(raw)
                while raw and not raw.endswith(b"\n"):  # the rest of the line, a block at a time
                    raw = f.readline(MAX_FILE_BYTES)
                    size += len(raw)
                yield number, ReadError(f"行太长 (line too long: {megabytes(size)}, the limit is "
                                        f"{MAX_FILE_BYTES // 2**20} MB)")
                continue
            try:
                yield number, decode_bytes(raw)[0]
            except ReadError as err:
                yield number, err


def iter_jsonl(path: Path, rel: str) -> Iterator[Document | Skipped]:
    for number, line in _jsonl_lines(path):
        line_rel = f"{rel}#L{number}"
        if isinstance(line, ReadError):
            yield Skipped(line_rel, line.reason)
            continue
        if not line.strip():
            continue
        try:
            yield _jsonl_doc(line, line_rel)
        except ReadError as err:
            yield Skipped(line_rel, err.reason)


