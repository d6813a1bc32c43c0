"""What a build records: its report (BuildReport) and what it was made from (ArchiveState),
kept beside it so that the next run can update it.

The state is two files: STATE_FILE, the whole state as some earlier build wrote it (the base,
hard-linked by the builds after it), and DELTA_FILE, what changed since (entries of the few
files re-read, sites and keys changed), written by every build. An update then writes a few
hundred kilobytes instead of pickling the stat and paths of every file again; once the changes
pass DELTA_SHARE of the files, the base is written anew.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import archive_state, packed
from .documents import Document, Skipped
from .segment import UserWord
from .updating import gc_paused

STATE_FILE = "archive-state.pickle.zst"
DELTA_FILE = "archive-state-delta.pickle.zst"
DELTA_SHARE = 0.05
DELTA_MIN = 256  # changes always kept in the delta, however small the archive
_DICTS = ("files", "sites", "keys", "chrome", "chrome_tally")  # kept as changes to the base's
_MISSING = object()

Progress = Callable[[str, int, "int | None"], None]
# The stages a build reports to `progress`, in order; "done" is the last event of every build.
STAGES = ("read", "clean", "index", "merge", "publish", "done")


@dataclass
class BuildReport:
    """What a build did: counts, files skipped with reasons, time taken, where it went."""

    documents: int = 0
    paragraphs: int = 0
    characters: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    build: str = ""
    mode: str = "full"  # "full", "incremental" or "unchanged"
    added: list[str] = field(default_factory=list)  # files, archive-relative
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    reindexed: int = 0  # documents (re)written by this run
    reason: str = ""  # why a full rebuild was needed, when it was not the first build
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (copy, indexed copy)
    listings: int = 0  # documents indexed as kind "listing" (left out of default results)


@dataclass
class ArchiveState:
    """What the build was made from: every file's stat and raw documents, and the site chrome."""

    archive: str
    segmenter: str
    files: dict[str, tuple[tuple[int, int] | None, list]]  # rel -> (size, mtime_ns), entries
    chrome: dict[str, frozenset[str]]
    userwords: tuple[UserWord, ...] = ()
    sites: dict[str, frozenset[str]] = field(default_factory=dict)  # rel -> its documents' sites
    keys: dict[str, str] = field(default_factory=dict)  # document path -> its cleaned text's key
    listings: frozenset[str] = frozenset()  # paths of the documents of kind "listing"
    chrome_tally: dict | None = None  # site -> its lines' tallies (chrome.py), for updates
    base: StateBase | None = field(default=None, repr=False, compare=False)  # never pickled

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("base", None)
        state["files"] = archive_state.files_state(self.files)
        return state

    def __setstate__(self, state):
        if isinstance(state.get("files"), tuple):
            state = dict(state, files=archive_state.files_from(state["files"]))
        self.__dict__.update(state)

    def raw_documents(self, rels: Iterable[str] | None = None) -> list[Document]:
        keys = self.files.keys() if rels is None else rels
        return [e for rel in keys for e in self.files[rel][1] if isinstance(e, Document)]

    def skipped(self) -> list[Skipped]:
        return [e for _, entries in self.files.values() for e in entries.skipped]

    def paths(self) -> list[str]:
        """Every document's path, without reading packed entries (see archive_state)."""
        return [p for _, entries in self.files.values() for p in entries.paths]


@dataclass
class StateBase:
    """A state's base file and the dicts of _DICTS as it holds them (what a delta is taken from)."""

    path: Path
    dicts: dict[str, dict | None]


def save_state(build: Path, state: ArchiveState) -> None:
    """Write `state` beside `build`, its entries packed (archive_state.save), as the changes to
    its base's (linked) or as a new base, and hold it for this process's next update of the
    build (a watcher's: no read back, unless the files changed)."""
    repacked = archive_state.save(build, state, linked=(build / archive_state.PACK_FILE).is_file())
    archive_state.unread(state.files)  # what the pack holds is read again from it when needed
    with gc_paused():
        delta = None if repacked or state.base is None else _delta(state.base.dicts, state)
        if delta is not None and not _linked(state.base.path, build / STATE_FILE):
            delta = None
        if delta is None:
            packed.dump(build / STATE_FILE, state)
            dicts = {name: None if (d := getattr(state, name)) is None else dict(d) for name in _DICTS}
            delta = {"dicts": {}, "values": _values(state)}  # the base is the state
        else:
            dicts = state.base.dicts
        state.base = StateBase(build / STATE_FILE, dicts)
        packed.dump(build / DELTA_FILE, delta)
    packed.hold(build / DELTA_FILE, state, also=(STATE_FILE,))


def load_state(build: Path) -> ArchiveState:
    """The state saved beside `build`, its packed entries pointed at the build's pack."""
    state = packed.taken(build / DELTA_FILE)  # None after a failed update: the files are read
    if state is None:
        state = read_state(build)
    archive_state.attach(state.files, build)
    return state


def read_state(build: Path) -> ArchiveState:
    """The state saved beside `build`: its base with the delta applied (entries not attached;
    FileNotFoundError without a delta, ValueError or pickle's errors when damaged)."""
    with gc_paused():
        state = packed.load(build / STATE_FILE)
        delta = packed.load(build / DELTA_FILE)
        dicts = {name: getattr(state, name) for name in _DICTS}
        for name, (changed, deleted) in delta["dicts"].items():
            now = dict(dicts[name])
            now.update(changed)
            for key in deleted:
                now.pop(key, None)
            setattr(state, name, now)
        for name, value in delta["values"].items():
            setattr(state, name, value)
    state.base = StateBase(build / STATE_FILE, dicts)
    return state


def _delta(base: dict[str, dict | None], state: ArchiveState) -> dict | None:
    """The changes from `base` to `state`'s dicts (key -> new value, and keys gone) and its
    other values whole, or None when there are more changes than a delta keeps."""
    limit = max(DELTA_MIN, DELTA_SHARE * len(state.files))
    dicts = {}
    values = _values(state)
    for name in _DICTS:
        old, now = base[name], getattr(state, name)
        if old is None or now is None:
            values[name] = now
            continue
        # by identity: an update keeps the objects of what it did not touch (build_index)
        changed = {k: v for k, v in now.items() if old.get(k, _MISSING) is not v}
        added = sum(k not in old for k in changed)
        deleted = list(old.keys() - now.keys()) if len(old) + added != len(now) else []
        if name == "files" and len(changed) + len(deleted) > limit:
            return None  # (the other dicts change with the files)
        dicts[name] = (changed, deleted)
    return {"dicts": dicts, "values": values}


def _values(state: ArchiveState) -> dict:
    """The state's values other than its dicts kept as changes (written whole in every delta)."""
    return {k: v for k, v in state.__dict__.items() if k not in _DICTS and k != "base"}


def _linked(base: Path, path: Path) -> bool:
    """Whether the base file is (now) at `path` too."""
    if base == path:
        return True
    try:
        os.link(base, path)
    except OSError:  # the base's build pruned, another file system
        return False
    return True
