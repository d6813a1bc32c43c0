"""Where indexes live: builds side by side, a `current` link switched atomically, safe opening.

    <index_dir>/builds/<name>/   one complete Whoosh index each, plus meta.json
    <index_dir>/current          symlink to the live build, replaced with os.replace

A build writes into a fresh folder and is published only once complete, so a reader always
sees one whole index, and a crash mid-build leaves the previous one live. Old builds are
removed, keeping the previous one for readers that still have it open.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from .analysis import GramAnalyzer, WordAnalyzer
from .errors import IndexMissing

FORMAT_VERSION = 1
KEEP_OLD_BUILDS = 1


def make_schema(segmenter: str) -> Schema:
    """One record per paragraph, with its document's metadata."""
    return Schema(
        pid=ID(unique=True, stored=True),  # "<doc_id>:<paragraph>"
        doc_id=ID(stored=True, sortable=True),
        path=STORED(),
        title=TEXT(analyzer=WordAnalyzer(segmenter), stored=True, field_boost=2.0),
        date=ID(stored=True, sortable=True),
        year=NUMERIC(int, sortable=True),
        place=ID(stored=True, sortable=True),
        source=ID(stored=True, sortable=True),
        url=STORED(),
        paragraph=NUMERIC(int, stored=True, sortable=True),
        text=STORED(),
        words=TEXT(analyzer=WordAnalyzer(segmenter), phrase=True),
        grams=TEXT(analyzer=GramAnalyzer(), phrase=True),
    )


def builds_dir(index_dir: Path) -> Path:
    return Path(index_dir) / "builds"


def current_build(index_dir: str | os.PathLike) -> Path:
    """The live build folder; IndexMissing if there is none."""
    link = Path(index_dir) / "current"
    try:
        target = os.readlink(link)
    except OSError:
        raise IndexMissing(
            f"还没有索引：{index_dir}",
            hint="先运行 dangan index [ARCHIVE] --index DIR 建立索引。",
        ) from None
    return (link.parent / target).resolve()


def new_build(index_dir: str | os.PathLike) -> Path:
    """A fresh, empty build folder beside the live one."""
    root = builds_dir(Path(index_dir))
    root.mkdir(parents=True, exist_ok=True)
    name = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    path = root / name
    path.mkdir()
    return path


def publish(index_dir: str | os.PathLike, build: Path, meta: dict) -> None:
    """Write the build's meta.json and switch `current` to it atomically, then prune old builds."""
    meta = dict(meta, format=FORMAT_VERSION)
    tmp_meta = build / "meta.json.tmp"
    tmp_meta.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    _fsync_file(tmp_meta)
    os.replace(tmp_meta, build / "meta.json")
    for f in build.iterdir():
        _fsync_file(f)
    link = Path(index_dir) / "current"
    tmp_link = Path(index_dir) / f".current.{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.relpath(build, index_dir), tmp_link)
    os.replace(tmp_link, link)
    prune(index_dir)


def _fsync_file(path: Path) -> None:
    if path.is_file():
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def prune(index_dir: str | os.PathLike) -> None:
    """Remove builds that are neither live nor the most recent previous one (and failed builds)."""
    root = builds_dir(Path(index_dir))
    try:
        live = current_build(index_dir)
    except IndexMissing:
        return
    others = sorted((p for p in root.iterdir() if p.resolve() != live),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    kept = 0
    for p in others:
        complete = (p / "meta.json").exists()
        if complete and kept < KEEP_OLD_BUILDS:
            kept += 1
            continue
        if not complete and _recent(p):
            continue  # perhaps another `dangan index` is writing it right now
        shutil.rmtree(p, ignore_errors=True)


def _recent(path: Path, seconds: float = 6 * 3600) -> bool:
    try:
        newest = max((f.stat().st_mtime for f in path.iterdir()), default=path.stat().st_mtime)
    except OSError:
        return False
    return time.time() - newest < seconds and _writer_alive(path)


def _writer_alive(path: Path) -> bool:
    """Whether the process that created this build folder is still running."""
    try:
        pid = int(path.name.split("-")[2])
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def read_meta(build: Path) -> dict:
    return json.loads((build / "meta.json").read_text(encoding="utf-8"))


class _Opened(threading.local):
    build: Path | None = None
    ix = None
    searcher = None
    meta: dict | None = None


_opened: dict[str, _Opened] = {}
_opened_lock = threading.Lock()


def searcher_for(index_dir: str | os.PathLike):
    """(searcher, meta) for the live build, reused per thread, reopened when a new build is live."""
    key = os.path.abspath(index_dir)
    with _opened_lock:
        local = _opened.setdefault(key, _Opened())
    build = current_build(index_dir)
    if local.build != build or local.searcher is None:
        if local.searcher is not None:
            local.searcher.close()
        try:
            meta = read_meta(build)
            ix = whoosh_index.open_dir(str(build))
        except (OSError, ValueError, whoosh_index.EmptyIndexError) as exc:
            raise IndexMissing(f"索引无法打开：{build}（{exc}）",
                               hint="重新运行 dangan index 建立索引。") from None
        local.ix, local.meta, local.build = ix, meta, build
        local.searcher = ix.searcher()
    return local.searcher, local.meta


def index_info(index_dir: str | os.PathLike) -> dict:
    """The live build's meta.json: counts, segmenter, when it was built."""
    return read_meta(current_build(index_dir))
