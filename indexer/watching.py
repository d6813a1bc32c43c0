"""Keeping an index up to date while the archive changes: file events, debounced, re-indexed.

A watcher lists the whole archive once on start (build_index, as `dangan index` does), then
waits for the file system's events (watchdog: inotify on Linux). A save is several events (a
truncate, writes, a close, perhaps a rename from a temporary file), so the paths they name are
gathered until the archive has been quiet for `debounce` seconds, and one update re-indexes
them, looking at these paths only (build_index's `changed_paths`). Every `rescan` seconds the
whole archive is listed again, as a safety net for events the system dropped (a full inotify
queue, a network folder). An update that fails leaves the live build as it was (builds are
published whole, see store.py); its paths are looked at again with the next one.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import store
from .building import BuildReport, build_index
from .documents import Skipped

DEBOUNCE = 0.25  # seconds of quiet after an event before updating (a save takes milliseconds)
MAX_DELAY = 5.0  # a file written to without pause is indexed at least this often
RESCAN = 600.0  # seconds between full listings of the archive
# Events that say nothing about a file's contents: reading a file (as an update does) opens it.
_IGNORED_EVENTS = frozenset({"opened", "closed_no_write"})
_POLL = 0.25  # how often a waiting watcher looks whether it was asked to stop


@dataclass
class Update:
    """One update of a watched index: what set it off, what it did or why it failed."""

    paths: list[str]  # archive-relative paths the events named; empty for a full listing
    full_listing: bool  # the whole archive was listed (on start and on each rescan)
    seconds: float
    report: BuildReport | None = None
    error: Exception | None = None
    skipped: list[Skipped] = field(default_factory=list)  # files newly skipped, with reasons
    initial: bool = False  # the update on start

    @property
    def changed(self) -> bool:
        """Whether a new build was published."""
        return self.report is not None and self.report.mode != "unchanged"


class _Events:
    """The paths named by file events since they were last taken, and when the last came."""

    def __init__(self, root: str, index_dir: str):
        from watchdog.events import FileSystemEventHandler

        self.root, self.index = root, os.path.realpath(index_dir)
        self.lock = threading.Lock()
        self.paths: set[str] = set()
        self.arrived = threading.Event()
        self.first = self.last = 0.0
        events = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                events.add(event)

        self.handler = Handler()

    def add(self, event) -> None:
        if event.event_type in _IGNORED_EVENTS:
            return
        if event.is_directory and event.event_type in ("modified", "attrib"):
            return  # a folder's own listing changed: its files' events say which
        named = [event.src_path, getattr(event, "dest_path", "")]
        paths = [os.fsdecode(p) for p in named if p]
        paths = [p for p in paths if self._relevant(p)]
        if not paths:
            return
        now = time.monotonic()
        with self.lock:
            if not self.paths:
                self.first = now
            self.paths.update(paths)
            self.last = now
            self.arrived.set()

    def _relevant(self, path: str) -> bool:
        rel = os.path.relpath(path, self.root)
        if rel.startswith("..") or any(part.startswith(".") for part in Path(rel).parts):
            return False  # hidden files (an editor's swap file) are not indexed
        real = os.path.realpath(path)
        return not (real == self.index or real.startswith(self.index + os.sep))

    def take(self) -> set[str]:
        with self.lock:
            paths, self.paths = self.paths, set()
            self.arrived.clear()
            return paths

    def quiet_for(self) -> tuple[float, float]:
        """(seconds since the last event, seconds since the first one not yet taken)."""
        now = time.monotonic()
        with self.lock:
            return now - self.last, now - self.first


class Watcher:
    """An index kept up to date with its archive folder; `run` until `stop` is set."""

    def __init__(self, archive_dir: str | os.PathLike, index_dir: str | os.PathLike, *,
                 on_update: Callable[[Update], None] | None = None,
                 debounce: float = DEBOUNCE, rescan: float = RESCAN,
                 max_delay: float = MAX_DELAY, **build_options):
        self.root = os.path.abspath(archive_dir)
        self.index_dir = os.fspath(index_dir)
        self.on_update = on_update or (lambda update: None)
        self.debounce, self.rescan, self.max_delay = debounce, rescan, max(debounce, max_delay)
        self.build_options = build_options
        self.stop = threading.Event()
        self.ready = threading.Event()  # set once the first listing is done and events are watched
        self._events = _Events(self.root, self.index_dir)
        self._carried: set[str] = set()  # paths of a failed update, looked at again next time
        self._relist = False  # a full listing failed: the next update lists the archive again
        self._pruning: threading.Thread | None = None
        self._skipped: set[tuple[str, str]] | None = None

    def run(self) -> None:
        """Update on start, then after each quiet spell following events, and every `rescan`
        seconds; returns once `stop` is set (KeyboardInterrupt passes through)."""
        if not os.path.isdir(self.root):
            self._build([], None)  # says the archive is missing, as build_index does
            return
        observer = self._observe()  # before the first listing: what changes during it is seen
        try:
            self._build([], None)
            self.ready.set()
            listed = time.monotonic()
            while not self.stop.is_set():
                left = self.rescan - (time.monotonic() - listed)
                if left <= 0:
                    if not _watching(observer):  # the folder was removed, or put back
                        _end(observer)
                        observer = self._observe()
                    self._carried.clear()
                    self._events.take()
                    self._build([], None)
                    listed = time.monotonic()
                    continue
                if not self._wait_for(self._events.arrived, min(left, _POLL)):
                    continue
                self._settle()
                if self.stop.is_set():
                    break
                paths = self._events.take() | self._carried
                if paths:
                    self._build(sorted(paths), None if self._relist else paths)
        finally:
            _end(observer)
            self._pruned()

    def _pruned(self) -> None:
        """Wait for the last update's pruning: it must not run while a build is written."""
        if self._pruning is not None:
            self._pruning.join()
            self._pruning = None

    def _observe(self):
        """A started watchdog observer of the archive, or None if it cannot watch it now
        (the rescans go on)."""
        from watchdog.observers import Observer

        observer = Observer()
        try:
            observer.schedule(self._events.handler, self.root, recursive=True)
            observer.start()
        except OSError:
            return None
        return observer

    def _wait_for(self, event: threading.Event, timeout: float) -> bool:
        return event.wait(timeout) and not self.stop.is_set()

    def _settle(self) -> None:
        """Wait until no event came for `debounce` seconds (or the first waited `max_delay`)."""
        while not self.stop.is_set():
            since_last, since_first = self._events.quiet_for()
            if since_last >= self.debounce or since_first >= self.max_delay:
                return
            self.stop.wait(min(self.debounce - since_last, self.max_delay - since_first))

    def _build(self, paths: list[str], changed: set[str] | None) -> None:
        started, initial = time.monotonic(), self._skipped is None and not self.ready.is_set()
        rels = sorted({os.path.relpath(p, self.root).replace(os.sep, "/") for p in paths})
        self._pruned()
        store.prune_deferred(True)
        try:
            report = build_index(self.root, self.index_dir, changed_paths=changed,
                                 **self.build_options)
        except Exception as exc:  # DanganError says why; anything else must not end the watch
            if changed:
                self._carried = set(changed)
            self._relist = changed is None
            self.on_update(Update(rels, changed is None, time.monotonic() - started, error=exc,
                                  initial=initial))
            return
        finally:
            store.prune_deferred(False)
        # Removing the build before last (~200 MB) is disk work the search need not wait for.
        self._pruning = threading.Thread(target=store.prune, args=(self.index_dir,),
                                         name="dangan-prune", daemon=True)
        self._pruning.start()
        self._carried, self._relist = set(), False
        skipped = {(s.path, s.reason) for s in report.skipped}
        fresh = [s for s in report.skipped if self._skipped is None
                 or (s.path, s.reason) not in self._skipped]
        self._skipped = skipped
        self.on_update(Update(rels, changed is None, time.monotonic() - started, report=report,
                              skipped=fresh, initial=initial))


def _watching(observer) -> bool:
    """Whether the observer still watches: its thread and its emitters (an emitter ends when
    the folder it watches is removed) are alive."""
    return (observer is not None and observer.is_alive()
            and all(emitter.is_alive() for emitter in observer.emitters) and bool(observer.emitters))


def _end(observer) -> None:
    if observer is not None:
        observer.stop()
        observer.join(timeout=5)


def watch(archive_dir: str | os.PathLike, index_dir: str | os.PathLike, *,
          on_update: Callable[[Update], None] | None = None, debounce: float = DEBOUNCE,
          rescan: float = RESCAN, stop: threading.Event | None = None, **build_options) -> None:
    """Keep the index of `archive_dir` up to date as its files are added, changed or removed,
    until `stop` is set or the process is interrupted; `on_update` hears of each update
    (build_options go to build_index: segmenter, procs)."""
    watcher = Watcher(archive_dir, index_dir, on_update=on_update, debounce=debounce,
                      rescan=rescan, **build_options)
    if stop is not None:
        watcher.stop = stop
    watcher.run()


__all__ = ["Update", "Watcher", "watch"]
