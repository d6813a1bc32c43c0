"""The archive state's read entries, kept compressed in a pack beside the build and read back
only for the files an update needs.

An update needs every file's stat, its documents' paths and titles and its Skipped entries
(kept in the state itself, small), but the paragraphs of only a few files: those re-read, those
of a site whose boilerplate is learned again, those of a copy promoted. A full build writes the
paragraphs of every file into PACK_FILE, a zip of zstd-compressed chunks (a folder's files, at most
CHUNK_FILES together, since a site's boilerplate is learned over a folder), which later builds
hard-link and never rewrite; an update keeps the entries it re-read in the state itself, until
they are more than REPACK_SHARE of the files and the pack is written anew.
"""
from __future__ import annotations

import os
import pickle
import posixpath
import zipfile
from pathlib import Path
from typing import Iterable, Iterator

import zstandard

from .documents import Document, Skipped
from .listing import headline_key

PACK_FILE = "archive-entries.zip"
CHUNK_FILES = 512
REPACK_SHARE = 0.1
_LEVEL = 9  # zstd: 29% of the pickled size in 1.3 s for the whole corpus (zlib 6: 36% in ~3 s)


class Pack:
    """A build's pack of entries, opened when first asked and read chunk by chunk."""

    def __init__(self, path: Path):
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self._chunks: dict[str, dict[str, list]] = {}

    def entries(self, chunk: str, rel: str) -> list:
        got = self._chunks.get(chunk)
        if got is None:
            if self._zip is None:
                self._zip = zipfile.ZipFile(self.path)
            data = zstandard.ZstdDecompressor().decompress(self._zip.read(chunk))
            got = self._chunks[chunk] = pickle.loads(data)
        return got[rel]


class Entries:
    """A file's entries (Documents and Skipped), read from a pack when first iterated."""

    __slots__ = ("_list", "_where", "paths", "title_keys", "skipped")

    def __init__(self, entries: Iterable | None = None):
        self._list = list(entries) if entries is not None else None
        self._where: tuple[Pack, str, str] | None = None
        docs = [e for e in self._list or () if isinstance(e, Document)]
        self.paths = tuple(d.path for d in docs)
        self.title_keys = tuple(headline_key(d.title) for d in docs)  # for cleaning's titles count
        self.skipped = tuple(e for e in self._list or () if isinstance(e, Skipped))

    @property
    def packed(self) -> bool:
        return self._where is not None

    def __iter__(self) -> Iterator:
        if self._list is None:
            pack, chunk, rel = self._where
            self._list = pack.entries(chunk, rel)
        return iter(self._list)

    def __getstate__(self):
        light = (self.paths, self.title_keys, self.skipped)
        if self._where is not None:
            return ("packed", self._where[1]) + light
        return ("inline", self._list) + light

    def __setstate__(self, state):
        how, value, self.paths, self.title_keys, self.skipped = state
        self._list, self._where = (value, None) if how == "inline" else (None, (None, value, ""))


def _chunk_of(rel: str, counts: dict[str, int]) -> str:
    folder = posixpath.dirname(rel)
    n = counts[folder] = counts.get(folder, 0) + 1
    return f"{folder}/{(n - 1) // CHUNK_FILES}.pickle"


def attach(files: dict[str, tuple], build: Path) -> None:
    """Point the packed entries of a state just loaded from `build` at its pack
    (FileNotFoundError if they have none)."""
    pack = Pack(build / PACK_FILE)
    packed = False
    for rel, (_, entries) in files.items():
        where = entries._where
        if where is not None:
            entries._where = (pack, where[1], rel)
            packed = True
    if packed and not pack.path.is_file():
        raise FileNotFoundError(pack.path)


def unread(files: dict[str, tuple]) -> None:
    """Forget the paragraphs of packed entries that were read (they are read again from the
    pack when next needed), so that a state kept in memory holds no more than one just loaded."""
    for _, entries in files.values():
        if isinstance(entries, Entries) and entries._where is not None:
            entries._list = None


def _share_paths(state) -> None:
    """One string object for each path in the state's files, sites and keys, so that pickle
    writes it once (a .txt file's path is its one document's)."""
    one = {p: p for _, e in state.files.values() if isinstance(e, Entries) for p in e.paths}
    for name in ("files", "sites", "keys"):
        table = getattr(state, name)
        setattr(state, name, {one.setdefault(k, k): v for k, v in table.items()})
    # One object per distinct value too: most files' sites are the same set, their chunks few.
    same: dict = {}
    state.sites = {rel: same.setdefault(sites, sites) for rel, sites in state.sites.items()}
    for _, entries in state.files.values():
        if isinstance(entries, Entries) and entries._where is not None:
            pack, chunk, rel = entries._where
            entries._where = (pack, same.setdefault(chunk, chunk), rel)


def save(build: Path, state, linked: bool) -> bool:
    """Before `state` (build_state.ArchiveState) is pickled into `build`: its entries packed (all
    of them, unless the build has the `linked` pack of the live one and few files were re-read
    since). Whether they were."""
    files = state.files
    inline = sum(not (isinstance(e, Entries) and e.packed) for _, e in files.values())
    if linked and inline <= REPACK_SHARE * len(files):
        return False  # an update: its strings are the live state's, already shared (but the few new)
    _share_paths(state)
    chunks: dict[str, dict[str, list]] = {}
    counts: dict[str, int] = {}
    where: dict[str, str] = {}
    for rel in sorted(files):
        entries = files[rel][1]
        where[rel] = chunk = _chunk_of(rel, counts)
        chunks.setdefault(chunk, {})[rel] = list(entries)
    part = build / (PACK_FILE + ".tmp")
    squeeze = zstandard.ZstdCompressor(level=_LEVEL).compress
    with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED) as z:  # the zip is only the chunks' table
        for name, members in chunks.items():
            z.writestr(name, squeeze(pickle.dumps(members, protocol=pickle.HIGHEST_PROTOCOL)))
    os.replace(part, build / PACK_FILE)  # a new file: never truncate the one the live build has
    pack = Pack(build / PACK_FILE)
    for rel, (stat, entries) in list(files.items()):
        if not isinstance(entries, Entries):
            entries = Entries(entries)
            files[rel] = (stat, entries)
        entries._where = (pack, where[rel], rel)
    return True


def files_state(files: dict[str, tuple]) -> tuple:
    """The state's files as plain columns (relative paths, stats, each Entries' state), which
    pickle writes and reads in C, instead of calling Python for each of ~24,000 objects."""
    rels = list(files)
    stats = [files[rel][0] for rel in rels]
    entries = [(e if isinstance(e, Entries) else Entries(e)).__getstate__()
               for e in (files[rel][1] for rel in rels)]
    return rels, stats, entries


def files_from(columns: tuple) -> dict[str, tuple]:
    """files_state() undone."""
    rels, stats, states = columns
    new = Entries.__new__
    out = {}
    for rel, stat, state in zip(rels, stats, states):
        e = new(Entries)
        e.__setstate__(state)
        out[rel] = (stat, e)
    return out
