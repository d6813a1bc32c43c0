"""Whoosh's stored-fields column, compressed with a dictionary learned from the segment's own rows.

Whoosh deflates each document's pickled stored fields on its own: a paragraph of a few hundred
characters barely shrinks, and its document's title, path, url and source are written again for
every paragraph. Here each CHUNK_ROWS rows of a segment train a zstd dictionary (the field
names, the common characters and phrases, the sources and url prefixes), and are compressed
ROWS documents to a block with it: reading a document reads and decompresses one small block
(~500 bytes, ~8 µs).
Rows too few to learn from are compressed without a dictionary.

A column is the blocks, the chunks' dictionaries (each possibly empty), where each dictionary
starts and the last ends, where each block starts and the last ends (little-endian uint64s,
from the column's start), then the number of chunks, ROWS and CHUNK_ROWS (uint32 each). A block
is the zstd frame of its ROWS row lengths (uint32 each) followed by the rows; a row is a
pickled dict, or empty for a document without stored fields.
"""
from __future__ import annotations

import io
import os
import pickle
import struct
import threading
import weakref
from collections import OrderedDict

import numpy as np
import zstandard

from whoosh.columns import Column, ColumnReader, ColumnWriter

ROWS = 4
CHUNK_ROWS = 16_384  # rows that share a dictionary, learned from them (a segment's texts change)
LEVEL = 3  # zstd's default; higher levels are slower to write and barely smaller here
TRAIN_ROWS = 2000  # rows of a chunk a dictionary is learned from (more take longer, gain little)
MIN_TRAIN_ROWS = 1000  # fewer: no dictionary (an update's small segments are written without learning)
DICT_BYTES = 64_000  # at most; and a sixteenth of the rows learned from, so that it pays for itself
CACHED_BLOCKS = 16
_FOOTER = struct.Struct("<III")
_LENGTHS = struct.Struct("<" + "I" * ROWS)


class BlockStoredColumn(Column):
    """Pickled stored fields, zstd-compressed ROWS documents to a block with learned dictionaries."""

    _default = None

    def writer(self, dbfile):
        return _Writer(dbfile)

    def reader(self, dbfile, basepos, length, doccount):
        return _Reader(dbfile, basepos, length, doccount)


def _dictionary(rows: list[bytes]) -> bytes:
    """A zstd dictionary learned from (up to TRAIN_ROWS of) `rows`, or b"" when too few."""
    samples = [r for r in rows if r]
    if len(samples) < MIN_TRAIN_ROWS:
        return b""
    samples = samples[::-(-len(samples) // TRAIN_ROWS)]  # spread over the whole chunk
    try:
        size = min(DICT_BYTES, sum(map(len, samples)) // 16)
        return zstandard.train_dictionary(size, samples, level=LEVEL).as_bytes()
    except zstandard.ZstdError:  # too little or too uniform text to learn from
        return b""


class _Writer(ColumnWriter):
    def __init__(self, dbfile):
        self._dbfile = dbfile
        self._rows: list[bytes] = []  # the rows of the chunk not written yet
        self._first = 0  # the document number of self._rows[0]
        self._starts = [0]  # where each block starts
        self._dicts: list[bytes] = []

    def fill(self, docnum):
        pass  # rows left out are written empty when their block is

    def add(self, docnum, value):
        self._pad(docnum)
        self._rows.append(b"" if value is None else pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def _pad(self, docnum):
        while docnum - self._first >= CHUNK_ROWS:  # the rows before `docnum` are final
            self._rows.extend(b"" for _ in range(CHUNK_ROWS - len(self._rows)))
            self._write_chunk()
        self._rows.extend(b"" for _ in range(docnum - self._first - len(self._rows)))

    def _write_chunk(self):
        rows, self._rows = self._rows, []
        self._dicts.append(_dictionary(rows))
        dict_data = zstandard.ZstdCompressionDict(self._dicts[-1]) if self._dicts[-1] else None
        compress = zstandard.ZstdCompressor(level=LEVEL, dict_data=dict_data).compress
        rows += [b""] * (-len(rows) % ROWS)
        write, starts = self._dbfile.write, self._starts
        for at in range(0, len(rows), ROWS):
            block = rows[at:at + ROWS]
            data = compress(_LENGTHS.pack(*map(len, block)) + b"".join(block))
            write(data)
            starts.append(starts[-1] + len(data))
        self._first += len(rows)

    def finish(self, doccount):
        self._pad(doccount)
        if self._rows:
            self._write_chunk()
        dict_starts = np.cumsum([self._starts[-1], *map(len, self._dicts)], dtype=np.int64)
        for d in self._dicts:
            self._dbfile.write(d)
        self._dbfile.write(dict_starts.astype("<u8").tobytes())
        self._dbfile.write(np.asarray(self._starts, dtype="<u8").tobytes())
        self._dbfile.write(_FOOTER.pack(len(self._dicts), ROWS, CHUNK_ROWS))


class _Reader(ColumnReader):
    def __init__(self, dbfile, basepos, length, doccount):
        self._dbfile = dbfile
        self._basepos = basepos
        self._doccount = doccount
        end = basepos + length - _FOOTER.size
        chunks, self._rows, self._chunk_rows = _FOOTER.unpack(dbfile.get(end, _FOOTER.size))
        self._lengths = struct.Struct("<" + "I" * self._rows)
        blocks = -(-doccount // self._rows) + 1
        end -= 8 * blocks
        # an array, not a list of ints: pages a server's workers share stay shared (no refcounts)
        self._starts = np.frombuffer(dbfile.get(end, 8 * blocks), dtype="<u8")
        end -= 8 * (chunks + 1)
        self._dict_starts = np.frombuffer(dbfile.get(end, 8 * (chunks + 1)), dtype="<u8").tolist()
        self._get = _positional(self, dbfile, basepos) or (lambda at, n: dbfile.get(basepos + at, n))
        self._local = threading.local()  # zstd contexts are not shared between threads
        self._cache: OrderedDict[int, tuple[bytes, list[int]]] = OrderedDict()

    def _decompressor(self, chunk: int):
        contexts = getattr(self._local, "contexts", None)
        if contexts is None:
            contexts = self._local.contexts = {}
        d = contexts.get(chunk)
        if d is None:
            lo, hi = self._dict_starts[chunk], self._dict_starts[chunk + 1]
            dict_data = zstandard.ZstdCompressionDict(self._get(lo, hi - lo)) if hi > lo else None
            d = contexts[chunk] = zstandard.ZstdDecompressor(dict_data=dict_data)
        return d

    def _block(self, block: int) -> tuple[bytes, list[int]]:
        """The block's bytes, and where each of its rows starts (and the last ends)."""
        got = self._cache.get(block)
        if got is None:
            lo, hi = int(self._starts[block]), int(self._starts[block + 1])
            chunk = block * self._rows // self._chunk_rows
            data = self._decompressor(chunk).decompress(self._get(lo, hi - lo))
            at = [self._lengths.size]
            for n in self._lengths.unpack_from(data):
                at.append(at[-1] + n)
            got = data, at
            if len(self._cache) >= CACHED_BLOCKS:
                try:  # one C call, safe while other threads read the same column
                    self._cache.popitem(last=False)
                except KeyError:
                    pass
            self._cache[block] = got
        return got

    def __getitem__(self, docnum):
        if not 0 <= docnum < self._doccount:
            raise IndexError(docnum)
        data, at = self._block(docnum // self._rows)
        row = docnum % self._rows
        return pickle.loads(data[at[row]:at[row + 1]]) if at[row + 1] > at[row] else None

    def __iter__(self):
        for docnum in range(self._doccount):
            yield self[docnum]


def _positional(owner, dbfile, basepos):
    """Reads from the column's file by position (os.pread: no shared seek offset, so threads and
    forked workers may read at once; and no mapping, so a server's memory does not count the
    page cache), if it is a plain file; None otherwise. The descriptor is the reader's own."""
    try:
        fd = os.dup(dbfile.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None
    weakref.finalize(owner, os.close, fd)
    return lambda at, n: os.pread(fd, n, basepos + at)
