"""Whoosh's stored-fields column, compressed ROWS documents to a block instead of one by one.

Whoosh deflates each document's pickled stored fields on its own: a paragraph of a few hundred
characters barely shrinks, and its document's title, path, url and source are written again for
every paragraph. Deflating ROWS consecutive documents together lets the repeats and the common
characters compress (the corpus's stored fields: 108 MB one by one, 36 MB sixteen to a block);
reading one document inflates its block, ~4 KB, and the last few blocks are kept for neighbours.

A column is the blocks, then where each block starts and where the last ends (little-endian
uint64s), then ROWS (uint32). A block is the deflated bytes of its ROWS row lengths
(uint32 each) followed by the rows; a row is a pickled dict, or empty for a document without
stored fields.
"""
from __future__ import annotations

import pickle
import struct
import zlib

import numpy as np

from whoosh.columns import Column, ColumnReader, ColumnWriter

ROWS = 16
LEVEL = 1  # deflate level: 1 is 5× faster to write than 6 and within 5% of its size here
CACHED_BLOCKS = 8
_FOOTER = struct.Struct("<I")


class BlockStoredColumn(Column):
    """Pickled stored fields, deflated ROWS documents to a block."""

    _default = None

    def writer(self, dbfile):
        return _Writer(dbfile)

    def reader(self, dbfile, basepos, length, doccount):
        return _Reader(dbfile, basepos, length, doccount)


class _Writer(ColumnWriter):
    def __init__(self, dbfile):
        self._dbfile = dbfile
        self._rows: list[bytes] = []
        self._block = 0
        self._starts = [0]

    def fill(self, docnum):
        pass  # rows left out are written empty when their block is

    def add(self, docnum, value):
        block, row = divmod(docnum, ROWS)
        while block > self._block:
            self._flush()
        self._rows.extend(b"" for _ in range(row - len(self._rows)))
        self._rows.append(b"" if value is None else pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def _flush(self):
        rows = self._rows + [b""] * (ROWS - len(self._rows))
        lengths = np.fromiter(map(len, rows), dtype="<u4", count=ROWS)
        data = zlib.compress(lengths.tobytes() + b"".join(rows), LEVEL)
        self._dbfile.write(data)
        self._starts.append(self._starts[-1] + len(data))
        self._rows = []
        self._block += 1

    def finish(self, doccount):
        while self._block < -(-doccount // ROWS):
            self._flush()
        self._dbfile.write(np.asarray(self._starts, dtype="<u8").tobytes())
        self._dbfile.write(_FOOTER.pack(ROWS))


class _Reader(ColumnReader):
    def __init__(self, dbfile, basepos, length, doccount):
        self._dbfile = dbfile
        self._basepos = basepos
        self._doccount = doccount
        end = basepos + length - _FOOTER.size
        (self._rows,) = _FOOTER.unpack(dbfile.get(end, _FOOTER.size))
        count = -(-doccount // self._rows) + 1
        self._starts = np.frombuffer(dbfile.get(end - 8 * count, 8 * count), dtype="<u8")
        self._cache: dict[int, list[bytes]] = {}

    def _block(self, block: int) -> list[bytes]:
        rows = self._cache.get(block)
        if rows is None:
            lo, hi = int(self._starts[block]), int(self._starts[block + 1])
            data = zlib.decompress(self._dbfile.get(self._basepos + lo, hi - lo))
            head = 4 * self._rows
            ends = np.cumsum(np.frombuffer(data[:head], dtype="<u4"), dtype=np.int64) + head
            rows = [data[a:b] for a, b in zip([head, *ends[:-1].tolist()], ends.tolist())]
            if len(self._cache) >= CACHED_BLOCKS:
                self._cache.pop(next(iter(self._cache)), None)
            self._cache[block] = rows
        return rows

    def __getitem__(self, docnum):
        if not 0 <= docnum < self._doccount:
            raise IndexError(docnum)
        row = self._block(docnum // self._rows)[docnum % self._rows]
        return pickle.loads(row) if row else None

    def __iter__(self):
        for docnum in range(self._doccount):
            yield self[docnum]
