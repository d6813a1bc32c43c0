"""Values kept beside a build as zstd-compressed pickles or JSON, each written to a new file.

The build's metadata columns, derived arrays, archive state and figures are pickles or JSON of
repeated strings and small integers: zstd at a low level makes them a fifth of their size for
a few milliseconds each way, and readers load them whole anyway.
"""
from __future__ import annotations

import json
import os
import pickle
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import zstandard

LEVEL = 3  # higher levels save ~10% more for ~5× the time (measured on the whole corpus)
# Values this process wrote and will read again (a watcher's next update starts from the files
# of the build it just published), by file name: (the names of the files the value stands for,
# their identities, the value).
_kept: dict[str, tuple[tuple[str, ...], list[tuple], Any]] = {}


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


def dump(path: Path, value: Any, keep: bool = False, background: bool = False) -> None:
    """Pickle `value` into `path`, compressed; with `keep`, also hold it for load(take=True).
    With `background`, compressed and written by another thread (zstd lets go of the GIL) while
    the caller goes on: until written() returns, the file may not be there yet."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def work():
        write_bytes(path, data)
        if keep:
            hold(path, value)

    if not background:
        work()
        return
    global _writer
    if _writer is None:
        _writer = ThreadPoolExecutor(1, thread_name_prefix="dangan-packed")
    _pending.__dict__.setdefault("futures", []).append(_writer.submit(work))


_writer: ThreadPoolExecutor | None = None
_pending = threading.local()  # .futures: this thread's writes not yet waited for


def written() -> None:
    """Wait for this thread's background dumps; raise the first one's error, if any."""
    futures: list[Future] = _pending.__dict__.pop("futures", [])
    errors = [f.exception() for f in futures]
    for error in errors:
        if error is not None:
            raise error


def load(path: Path, take: bool = False) -> Any:
    """The value dump() wrote; with `take`, the one held for the file if it is still the file
    written (no longer held then: a caller may change it)."""
    if take:
        got = taken(path)
        if got is not None:
            return got
    return pickle.loads(read_bytes(path))


def hold(path: Path, value: Any, also: tuple[str, ...] = ()) -> None:
    """Hold `value`, just written to `path` (and to the files named `also` beside it), for
    taken() (one value per file name)."""
    names = (path.name, *also)
    _kept[path.name] = (names, [_identity(path.with_name(n)) for n in names], value)


def taken(path: Path) -> Any:
    """The value held for `path` if its files are the ones it was written to, else None."""
    got = _kept.pop(path.name, None)
    if got is None:
        return None
    names, identities, value = got
    try:
        return value if [_identity(path.with_name(n)) for n in names] == identities else None
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
