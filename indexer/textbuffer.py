"""A build's folded paragraph texts read in place: the sidecar file memory-mapped, one buffer.

Every process that reads the build maps the same file, so its pages are held once by the
machine (the page cache) instead of once per worker as a list of Python strings, and none is
copied on write after a fork. A paragraph is decoded only when it is shown or measured.

UTF-8 is self-synchronising: the bytes of a string stand in a text's bytes exactly where the
string stands in the text, never across a character, so presence and counts are tested on the
bytes without decoding.
"""
from __future__ import annotations

import mmap
import os
from typing import Iterable, Iterator

import numpy as np

NEWLINE = 0x0A  # the file holds one folded text a line
SCAN_FROM = 30_000  # candidates from which one pass over the whole buffer is cheaper than a find each
SCAN_CHUNK = 1 << 22  # bytes compared at a time in that pass


class FoldedTexts:
    """The folded texts in document-number order, as a read-only sequence of str; `buf` holds
    them as UTF-8, text d in buf[starts[d]:ends[d]], ends[d] its newline."""

    def __init__(self, path: str | os.PathLike):
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            self.buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._raw = np.frombuffer(self.buf, dtype=np.uint8)
        self.ends = np.flatnonzero(self._raw == NEWLINE)  # each text's newline
        self.starts = np.concatenate(([0], self.ends[:-1] + 1)).astype(np.int64)

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, d: int) -> str:
        return self.buf[self.starts[d]:self.ends[d]].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        for d in range(len(self)):
            yield self[d]

    def holds(self, d: int, s: str) -> bool:
        """Whether text `d` contains `s`."""
        return self.buf.find(s.encode("utf-8"), self.starts[d], self.ends[d]) != -1

    def containing(self, s: str, docs: Iterable[int]) -> list[int]:
        """Those of `docs` (in their order) whose text contains `s`."""
        docs = docs if isinstance(docs, list) else list(docs)
        if not docs:
            return []
        if len(docs) >= SCAN_FROM:
            hit = np.zeros(len(self) + 1, dtype=bool)
            hit[self.everywhere(s)] = True
            return [d for d in docs if hit[d]] if len(docs) < len(self) else np.flatnonzero(hit).tolist()
        at = np.asarray(docs, dtype=np.int64)
        needle, find = s.encode("utf-8"), self.buf.find
        return [d for d, a, e in zip(docs, self.starts[at].tolist(), self.ends[at].tolist())
                if find(needle, a, e) != -1]

    def occurrences(self, s: str) -> np.ndarray:
        """The byte offset where each occurrence of `s` (without a newline) starts, overlapping
        ones included, found in one pass over the buffer."""
        needle = s.encode("utf-8")
        raw, k = self._raw, len(needle)
        if not k or k > len(raw) or b"\n" in needle:  # no text holds a newline
            return np.zeros(0, dtype=np.int64)
        found = []
        for lo in range(0, len(raw) - k + 1, SCAN_CHUNK):  # a chunk at a time: a small temporary
            hi = min(lo + SCAN_CHUNK, len(raw) - k + 1)
            at = np.flatnonzero(raw[lo + k - 1:hi + k - 1] == needle[-1]) + lo  # starts whose last byte fits
            for i in range(k - 1):
                at = at[raw[at + i] == needle[i]]
            found.append(at)
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def everywhere(self, s: str) -> np.ndarray:
        """Document numbers of every text that contains `s`, ascending."""
        if not s:
            return np.arange(len(self))
        found = np.searchsorted(self.ends, self.occurrences(s))
        return np.unique(found) if len(found) else found

    def counts(self, s: str, docs: np.ndarray) -> np.ndarray:
        """How often `s` stands in each of `docs` (overlapping occurrences counted)."""
        docs = np.asarray(docs, dtype=np.int64)
        if len(docs) >= SCAN_FROM:
            per = np.bincount(np.searchsorted(self.ends, self.occurrences(s)), minlength=len(self) + 1)
            return per[docs]
        needle, buf = s.encode("utf-8"), self.buf
        count = bytes.count if len(s) == 1 else _overlapping  # one character cannot overlap itself
        return np.fromiter((count(buf[a:e], needle) for a, e in
                            zip(self.starts[docs].tolist(), self.ends[docs].tolist())),
                           dtype=np.int64, count=len(docs))


def _overlapping(text: bytes, needle: bytes) -> int:
    n, i = 0, text.find(needle)
    while i != -1:
        n += 1
        i = text.find(needle, i + 1)
    return n
