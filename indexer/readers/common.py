"""What every reader shares: bounded reading of a regular file, dates, front matter, metadata."""
from __future__ import annotations

import datetime as _dt
import os
import re
import stat
from pathlib import Path

import yaml

from ..encoding import ReadError

__all__ = ["MAX_DOCX_BYTES", "MAX_FILE_BYTES", "NOT_REGULAR", "ReadError", "check_regular",
           "date_from_name", "megabytes", "metadata", "normalize_date", "open_regular", "read_bytes",
           "split_front_matter", "too_large"]

METADATA_KEYS = ("title", "date", "place", "source", "url")

# The largest file read, checked before reading so that memory stays bounded: a report or a
# web page is well under 1 MB (the largest of a 24,000-document archive is 170 KB). A Word file
# may carry pictures, so it may be larger. A .jsonl collection is read a line at a time; each
# line (one document) has the same limit as a file.
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DOCX_BYTES = 64 * 1024 * 1024
NOT_REGULAR = "不是普通文件 (not a regular file: a pipe, device or socket)"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)

_FULL_DATE = re.compile(
    r"(?<![0-9A-Za-z])((?:19|20)\d\d)(?:([-_./年]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])"
    r"|[-_./年](\d\d?)[-_./月](\d\d?))日?(?![0-9A-Za-z])")
_LEADING_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?")
_YEAR = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(?![0-9A-Za-z])")


def normalize_date(value: object) -> str:
    """A date-like value as "YYYY-MM-DD", "YYYY-MM" or "YYYY"; "" if it holds no date."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip() if value is not None else ""
    if not text:
        return ""
    match = _LEADING_DATE.match(text)
    if match:
        year, month, day = match.group(1), int(match.group(2)), match.group(3)
        if not 1 <= month <= 12:
            return year
        if day and 1 <= int(day) <= 31:
            return f"{year}-{month:02d}-{int(day):02d}"
        return f"{year}-{month:02d}"
    return date_from_name(text)


def date_from_name(name: str) -> str:
    """The date in a file name such as `20230511_x`, `2022-03-05 x` or `2025_x`, or ""."""
    match = _FULL_DATE.search(name)
    if match:
        year, _, month, day, month2, day2 = match.groups()
        month, day = int(month or month2), int(day or day2)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    match = _YEAR.search(name)
    return match.group(1) if match else ""


def metadata(meta: dict) -> dict[str, str]:
    """Front-matter or JSON values as the Document's string fields."""
    out = {}
    for key in METADATA_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        out[key] = normalize_date(value) if key == "date" else str(value).strip()
    return out


def split_front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter (safely loaded) and the body after it; ({}, text) if there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match.group(1) or "", Loader=_YAML_LOADER)
    except yaml.YAMLError as err:
        raise ReadError(f"front matter 无法解析 (bad YAML front matter: {err.__class__.__name__})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ReadError("front matter 不是键值表 (front matter is not a mapping)")
    return meta, text[match.end():]


def megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def too_large(size: int, limit: int) -> ReadError:
    return ReadError(f"文件太大 (too large: {megabytes(size)}, the limit is {limit // 2**20} MB; "
                     "split it into smaller files)")


def check_regular(st: os.stat_result, limit: int | None) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(NOT_REGULAR)
    if limit is not None and st.st_size > limit:
        raise too_large(st.st_size, limit)


def open_regular(path: Path, limit: int | None):
    """A binary file object of `path` once it is known to be a regular file within `limit` bytes.

    Checked with stat before opening (a pipe would block the run, a device never ends), and
    again on the open file, opened without blocking in case it was swapped meanwhile.
    """
    check_regular(os.stat(path), limit)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    f = os.fdopen(fd, "rb")
    try:
        check_regular(os.fstat(fd), limit)
    except BaseException:
        f.close()
        raise
    return f


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; ReadError otherwise."""
    with open_regular(path, limit) as f:
        data = f.read(limit + 1)  # bounded even if the file grew after the check
    if len(data) > limit:
        raise too_large(len(data), limit)
    return data


