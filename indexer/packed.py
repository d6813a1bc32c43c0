"""Values kept beside a build as zstd-compressed pickles or JSON, each written to a new file.

The build's metadata columns, derived arrays, archive state and figures are pickles or JSON of
repeated strings and small integers: zstd at a low level makes them a fifth of their size for
a few milliseconds each way, and readers load them whole anyway.
"""
from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Any

import zstandard

LEVEL = 3  # higher levels save ~10% more for ~5× the time (measured on the whole corpus)
# Values this process wrote and will read again (a watcher's next update starts from the files
# of the build it just published), by file name: (the file's identity, the value).
_kept: dict[str, tuple[tuple, Any]] = {}


def write_bytes(path: Path, data: bytes, level: int = LEVEL) -> None:
    """Write `data` compressed to a new file renamed onto `path` (never truncating a file
    another build shares through a hard link)."""
    part = path.with_name(path.name + ".tmp")
    with open(part, "wb") as f:
        f.write(zstandard.ZstdCompressor(level=level).compress(data))
    os.replace(part, path)


def read_bytes(path: Path) -> bytes:
    """The bytes written by write_bytes (OSError if unreadable, ValueError if not zstd)."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        return zstandard.ZstdDecompressor().decompress(data)
    except zstandard.ZstdError as exc:
        raise ValueError(f"{path}: {exc}") from None


def dump(path: Path, value: Any, keep: bool = False) -> None:
    """Pickle `value` into `path`, compressed; with `keep`, also hold it for load(take=True)."""
    write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    if keep:
        hold(path, value)


def load(path: Path, take: bool = False) -> Any:
    """The value dump() wrote; with `take`, the one held for the file if it is still the file
    written (no longer held then: a caller may change it)."""
    if take:
        got = taken(path)
        if got is not None:
            return got
    return pickle.loads(read_bytes(path))


def hold(path: Path, value: Any) -> None:
    """Hold `value`, just written to `path`, for taken() (one value per file name)."""
    _kept[path.name] = (_identity(path), value)


def taken(path: Path) -> Any:
    """The value held for `path` if the file is the one it was written to, else None."""
    got = _kept.pop(path.name, None)
    if got is None:
        return None
    try:
        return got[1] if got[0] == _identity(path) else None
    except OSError:
        return None


def _identity(path: Path) -> tuple:
    st = os.stat(path)
    return (os.path.realpath(path), st.st_ino, st.st_size, st.st_mtime_ns)


def dump_json(path: Path, value: Any) -> None:
    """Write `value` as JSON (UTF-8, not ASCII-escaped) into `path`, compressed."""
    write_bytes(path, json.dumps(value, ensure_ascii=False).encode("utf-8"))


def load_json(path: Path) -> Any:
    """The value dump_json() wrote."""
    return json.loads(read_bytes(path))
