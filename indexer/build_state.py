"""What a build records: its report (BuildReport) and what it was made from (ArchiveState),
kept beside it (STATE_FILE) so that the next run can update it."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import archive_state, packed
from .documents import Document, Skipped
from .segment import UserWord
from .updating import gc_paused

STATE_FILE = "archive-state.pickle.zst"

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

    def __getstate__(self):
        state = dict(self.__dict__)
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


def save_state(build: Path, state: ArchiveState) -> None:
    """Write `state` beside `build`, its entries packed (archive_state.save), and hold it for
    this process's next update of the build (a watcher's: no read back, unless the file changed)."""
    archive_state.save(build, state, linked=(build / archive_state.PACK_FILE).is_file())
    archive_state.unread(state.files)  # what the pack holds is read again from it when needed
    with gc_paused():
        packed.dump(build / STATE_FILE, state, keep=True)


def load_state(build: Path) -> ArchiveState:
    """The state saved beside `build`, its packed entries pointed at the build's pack."""
    with gc_paused():
        state = packed.load(build / STATE_FILE, take=True)  # taken: a failed update reads the file
    archive_state.attach(state.files, build)
    return state
