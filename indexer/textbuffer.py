"""A build's folded paragraph texts read in place: the sidecar file memory-mapped, one buffer.

Every process that reads the build maps the same file, so its pages are held once by the
machine (the page cache) instead of once per worker as a list of Python strings, and none is
copied on write after a fork. A paragraph is decoded only when it is shown or measured.

The texts are kept as UTF-16 (little-endian): two bytes a Chinese character against UTF-8's
three, 30 MB for the corpus's 15 million characters against 42. Presence and counts are tested
on the code units without decoding: a string's units stand in a text's units exactly where the
string stands in the text, never across a character (no character's units, surrogates
included, start inside another's), provided a match starts on a unit (an even byte offset).
"""
from __future__ import annotations

import mmap
import os
from typing import Iterable, Iterator

import numpy as np

ENCODING = "utf-16-le"
NEWLINE = 0x0A  # the file holds one folded text a line (the unit 0x000A)
SCAN_FROM = 30_000  # candidates from which one pass over the whole buffer is cheaper than a find each
SCAN_CHUNK = 1 << 22  # bytes compared at a time in that pass


class FoldedTexts:
    """The folded texts in document-number order, as a read-only sequence of str; `buf` holds
    them as UTF-16-LE, text d in buf[starts[d]:ends[d]] (byte offsets), ends[d] its newline."""

    def __init__(self, path: str | os.PathLike):
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            self.buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._units = np.frombuffer(self.buf, dtype="<u2")
        self.ends = np.flatnonzero(self._units == NEWLINE) * 2  # each text's newline
        self.starts = np.concatenate(([0], self.ends[:-1] + 2)).astype(np.int64)

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, d: int) -> str:
        return self.buf[self.starts[d]:self.ends[d]].decode(ENCODING)

    def __iter__(self) -> Iterator[str]:
        for d in range(len(self)):
            yield self[d]

    def holds(self, d: int, s: str) -> bool:
        """Whether text `d` contains `s`."""
        return _find(self.buf.find, s.encode(ENCODING), int(self.starts[d]), int(self.ends[d])) != -1

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
        needle, find = s.encode(ENCODING), self.buf.find
        return [d for d, a, e in zip(docs, self.starts[at].tolist(), self.ends[at].tolist())
                if _find(find, needle, a, e) != -1]

    def occurrences(self, s: str) -> np.ndarray:
        """The byte offset where each occurrence of `s` (without a newline) starts, overlapping
        ones included, found in one pass over the buffer (compared a code unit at a time)."""
        needle = np.frombuffer(s.encode(ENCODING), dtype="<u2")
        raw, k = self._units, len(needle)
        if not k or k > len(raw) or "\n" in s:  # no text holds a newline
            return np.zeros(0, dtype=np.int64)
        found = []
        for lo in range(0, len(raw) - k + 1, SCAN_CHUNK):  # a chunk at a time: a small temporary
            hi = min(lo + SCAN_CHUNK, len(raw) - k + 1)
            at = np.flatnonzero(raw[lo + k - 1:hi + k - 1] == needle[-1]) + lo  # starts whose last byte fits
            for i in range(k - 1):
                at = at[raw[at + i] == needle[i]]
            found.append(at)
        return np.concatenate(found) * 2 if found else np.zeros(0, dtype=np.int64)

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
        needle, find = s.encode(ENCODING), self.buf.find
        return np.fromiter((_count(find, needle, a, e) for a, e in
                            zip(self.starts[docs].tolist(), self.ends[docs].tolist())),
                           dtype=np.int64, count=len(docs))


def encode(texts: Iterable[str]) -> bytes:
    """The file's bytes for `texts`, each followed by its newline."""
    return "".join(t + "\n" for t in texts).encode(ENCODING)


def _find(find, needle: bytes, start: int, end: int) -> int:
    """find(needle, start, end) that skips a match starting inside a code unit (odd offset)."""
    i = find(needle, start, end)
    while i != -1 and (i - start) & 1:
        i = find(needle, i + 1, end)
    return i


def _count(find, needle: bytes, start: int, end: int) -> int:
    """The matches of `needle` in buf[start:end] on a code unit, overlapping ones included (a
    find from each match's next byte: as fast as bytes.count, which would count odd ones)."""
    n, i = 0, find(needle, start, end)
    while i != -1:
        n += not (i - start) & 1
        i = find(needle, i + 1, end)
    return n
