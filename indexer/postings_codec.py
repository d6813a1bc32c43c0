"""Postings tables (key -> ascending document numbers, with counts) stored compactly in numpy arrays.

A table holds, for each key of `keys` (int64, sorted), a list of ascending document numbers and
how often the key stands in each (1 to 255). Every posting has one 16-bit slot in `gaps`, the
postings of key i standing in slots starts[i]:starts[i + 1]:

    keys      int64   the sorted keys
    starts    uint32  len(keys) + 1: where each key's postings begin
    lasts     uint32  a narrow list's last document; a wide list's place in `highs`, | WIDE
    gaps      uint16  narrow lists: each document less the one before it (0 for the first);
                      wide lists (some gap, or the last document, too large): the low 16 bits
    highs     uint16  the high 16 bits of the wide lists' documents, one after the other
    repeated  uint32  the postings (slot numbers) whose count is more than 1, ascending
    repeats   uint8   their counts

98% of postings are in narrow lists on a whole archive, so a posting costs about 2 bytes and
its count almost nothing, instead of 4 + 1. A list decodes by one cumulative sum (tens of
microseconds for the longest); the tables are saved as .npy files, memory-mapped by readers so
that processes share their pages. The encoding is canonical: the same postings always give
the same arrays, however the table was made (encode() or replaced()).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import numpy as np

PARTS = ("keys", "starts", "lasts", "gaps", "highs", "repeated", "repeats")
WIDE = 1 << 31
NARROW_GAP = 0xFFFF
_U32 = np.uint32


class Table(NamedTuple):
    """The arrays of a postings table (see the module's docstring)."""

    keys: np.ndarray
    starts: np.ndarray
    lasts: np.ndarray
    gaps: np.ndarray
    highs: np.ndarray
    repeated: np.ndarray
    repeats: np.ndarray

    def find(self, key: int) -> int:
        """The index of `key` in the table, -1 if it has no postings."""
        i = int(np.searchsorted(self.keys, key))
        return i if i < len(self.keys) and self.keys[i] == key else -1

    def span(self, i: int) -> tuple[int, int]:
        """The slots of key i's postings."""
        return int(self.starts[i]), int(self.starts[i + 1])

    def docs(self, i: int) -> np.ndarray:
        """The ascending documents of key i (uint32)."""
        lo, hi = self.span(i)
        last = int(self.lasts[i])
        if last & WIDE:
            at = last & ~WIDE
            return (self.highs[at:at + hi - lo].astype(_U32) << 16) | self.gaps[lo:hi]
        docs = np.cumsum(self.gaps[lo:hi], dtype=_U32)
        docs += _U32((last - int(docs[-1])) & 0xFFFFFFFF)
        return docs

    def counts(self, i: int) -> np.ndarray:
        """The counts of key i's postings (uint8), in the order of its documents."""
        lo, hi = self.span(i)
        out = np.ones(hi - lo, dtype=np.uint8)
        r0, r1 = np.searchsorted(self.repeated, np.array((lo, hi), dtype=_U32))  # of its dtype: no copy
        if r1 > r0:
            out[self.repeated[r0:r1] - np.uint32(lo)] = self.repeats[r0:r1]
        return out

    def last_docs(self) -> np.ndarray:
        """Every key's last document (uint32)."""
        lasts = np.array(self.lasts, dtype=_U32)
        wide = np.flatnonzero(lasts & _U32(WIDE))
        if len(wide):
            ends = np.asarray(self.starts[wide + 1], dtype=np.int64) - 1
            at = (lasts[wide] & _U32(~WIDE & 0xFFFFFFFF)).astype(np.int64) + ends - np.asarray(self.starts[wide])
            lasts[wide] = (np.asarray(self.highs)[at].astype(_U32) << 16) | np.asarray(self.gaps)[ends]
        return lasts

    def decoded(self, which: np.ndarray | None = None):
        """(keys, starts, docs, counts) of the keys numbered `which` (ascending; all by
        default), as flat arrays: starts int64, docs uint32, counts uint8."""
        t = Table(*map(np.asarray, self))  # plain arrays: slicing a memmap costs microseconds
        starts = t.starts.astype(np.int64)
        every = which is None
        if every:
            which, gaps = np.arange(len(t.keys)), t.gaps
        else:
            which = np.asarray(which, dtype=np.int64)
            gaps = np.concatenate([t.gaps[a:b] for a, b in zip(starts[which].tolist(), starts[which + 1].tolist())]
                                  + [np.zeros(0, np.uint16)])
        lo, lasts = starts[which], t.lasts[which]
        n = starts[which + 1] - lo
        new_starts = np.r_[0, np.cumsum(n)].astype(np.int64)
        docs = np.cumsum(gaps, dtype=_U32)
        if len(docs):
            # modulo 2**32: each list's sum fits, so the wrapped differences are exact
            docs += np.repeat(lasts - docs[new_starts[1:] - 1], n)
            wide = np.flatnonzero(lasts & _U32(WIDE))
            if len(wide):
                at = _ranges(new_starts[wide], new_starts[wide + 1])
                high_at = _ranges((lasts[wide] & _U32(~WIDE & 0xFFFFFFFF)).astype(np.int64), None, n[wide])
                docs[at] = (t.highs[high_at].astype(_U32) << 16) | gaps[at]
        counts = np.ones(len(docs), dtype=np.uint8)
        if every:
            counts[t.repeated] = t.repeats
            return t.keys.astype(np.int64), new_starts, docs, counts
        r0, r1 = np.searchsorted(t.repeated, t.starts[which]), np.searchsorted(t.repeated, t.starts[which + 1])
        picked = _ranges(r0, r1)
        if len(picked):
            owner = np.repeat(np.arange(len(which)), r1 - r0)
            counts[t.repeated[picked].astype(np.int64) - lo[owner] + new_starts[owner]] = t.repeats[picked]
        return t.keys[which].astype(np.int64), new_starts, docs, counts


def _ranges(lo: np.ndarray, hi: np.ndarray | None, n: np.ndarray | None = None) -> np.ndarray:
    """The integers of the ranges lo[k]:hi[k] (or lo[k]:lo[k] + n[k]), one after the other."""
    n = hi - lo if n is None else n
    total = int(n.sum()) if len(n) else 0
    if not total:
        return np.zeros(0, dtype=np.int64)
    return np.repeat(lo - np.r_[0, np.cumsum(n)[:-1]], n) + np.arange(total)


def encode(keys: np.ndarray, starts: np.ndarray, docs: np.ndarray, counts: np.ndarray) -> Table:
    """The table of flat postings: key i's documents docs[starts[i]:starts[i + 1]], ascending,
    each list non-empty, with their counts (1 to 255)."""
    keys = np.asarray(keys, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    docs = np.asarray(docs, dtype=_U32)
    if len(docs) > 0xFFFFFFFF:
        raise ValueError("more postings than 32-bit slots number")
    n = np.diff(starts)
    lo = starts[:-1]
    gaps = np.zeros(len(docs), dtype=_U32)
    np.subtract(docs[1:], docs[:-1], out=gaps[1:])
    gaps[lo] = 0
    if len(keys):
        lasts = docs[starts[1:] - 1]
        wide = (np.maximum.reduceat(gaps, lo) > NARROW_GAP) | (lasts >= WIDE)
    else:
        lasts, wide = np.zeros(0, _U32), np.zeros(0, bool)
    wide_slot = np.repeat(wide, n)
    gaps[wide_slot] = docs[wide_slot] & _U32(0xFFFF)
    slots = gaps.astype(np.uint16)
    del gaps
    highs = (docs[wide_slot] >> 16).astype(np.uint16)
    placed = np.where(wide, n, 0)
    lasts = np.where(wide, (np.cumsum(placed) - placed) | WIDE, lasts).astype(_U32)
    counts = np.asarray(counts, dtype=np.uint8)
    repeated = np.flatnonzero(counts > 1).astype(_U32)
    return Table(keys, starts.astype(_U32), lasts, slots, highs, repeated, counts[repeated])


def empty() -> Table:
    """A table without postings."""
    return encode(np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, _U32), np.zeros(0, np.uint8))


def replaced(old: Table, dropped: np.ndarray, keys: np.ndarray, starts: np.ndarray, docs: np.ndarray,
             counts: np.ndarray) -> Table:
    """`old` without the lists of the keys `dropped` and with the lists given (flat postings
    as encode() takes, of sorted keys, each non-empty; a key of `old` given loses its old
    list), in proportion to the lists changed: the others' slots are copied in runs, never
    decoded."""
    fresh = encode(keys, starts, docs, counts)
    gone = np.union1d(np.asarray(dropped, dtype=np.int64), fresh.keys)
    old_keys = np.asarray(old.keys)
    at = np.searchsorted(old_keys, gone)
    inside = at < len(old_keys)
    return _merged(old, fresh, at[inside][old_keys[at[inside]] == gone[inside]])


def _merged(old: Table, fresh: Table, drop: np.ndarray) -> Table:
    """The keys of `old` but those numbered `drop` (ascending), and the keys of `fresh` (none
    of them a key of `old` kept), in order."""
    old = Table(*map(np.asarray, old))  # plain arrays: slicing a memmap costs microseconds
    size = len(old.keys)
    old_starts, fresh_starts = old.starts.astype(np.int64), fresh.starts.astype(np.int64)
    ins = np.searchsorted(old.keys, fresh.keys)
    at = ins - np.searchsorted(drop, ins)  # among the old keys kept
    keys = np.insert(np.delete(old.keys, drop), at, fresh.keys)
    n = np.insert(np.delete(np.diff(old_starts), drop), at, np.diff(fresh_starts))
    lasts = np.insert(np.delete(old.lasts, drop), at, fresh.lasts)
    wide = (lasts & _U32(WIDE)) != 0
    placed = np.where(wide, n, 0)
    lasts[wide] = ((np.cumsum(placed) - placed)[wide] | WIDE).astype(_U32)
    # The slots: runs of old keys kept, copied whole, the fresh lists at their places between
    # (a run numbered 2c + 1 after cut c, the fresh lists placed at cut c numbered 2c).
    cuts = np.unique(np.r_[0, size, ins, drop, drop + 1])
    kept = ~np.isin(cuts[:-1], drop)
    groups, first = np.unique(ins, return_index=True)
    first = np.r_[first, len(ins)]
    runs = np.flatnonzero(kept)
    o_high, f_high = _high_at(old, cuts), _high_at(fresh, first)
    o_rep, f_rep = np.searchsorted(old.repeated, old.starts[cuts]), np.searchsorted(fresh.repeated, fresh.starts[first])
    order = np.argsort(np.r_[runs * 2 + 1, np.searchsorted(cuts, groups) * 2], kind="stable")
    pick = lambda o, f: np.r_[o, f][order]  # noqa: E731
    fresh_piece = pick(np.zeros(len(runs), bool), np.ones(len(groups), bool))
    lo = pick(old_starts[cuts[runs]], fresh_starts[first[:-1]])
    hi = pick(old_starts[cuts[runs + 1]], fresh_starts[first[1:]])
    h0, h1 = pick(o_high[runs], f_high[:-1]), pick(o_high[runs + 1], f_high[1:])
    r0, r1 = pick(o_rep[runs], f_rep[:-1]), pick(o_rep[runs + 1], f_rep[1:])
    shift = np.r_[0, np.cumsum(hi - lo)[:-1]] - lo  # each piece's slots move by as much
    gaps, highs, repeated, repeats = [], [], [], []
    for is_fresh, *bounds in zip(fresh_piece.tolist(), *(x.tolist() for x in (lo, hi, h0, h1, r0, r1))):
        t = fresh if is_fresh else old
        slot_lo, slot_hi, high_lo, high_hi, rep_lo, rep_hi = bounds
        gaps.append(t.gaps[slot_lo:slot_hi])
        highs.append(t.highs[high_lo:high_hi])
        repeated.append(t.repeated[rep_lo:rep_hi])
        repeats.append(t.repeats[rep_lo:rep_hi])
    join = lambda parts, dtype: np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)  # noqa: E731
    repeated = (join(repeated, np.int64) + np.repeat(shift, r1 - r0)).astype(_U32)
    return Table(keys.astype(np.int64), np.r_[0, np.cumsum(n)].astype(_U32), lasts.astype(_U32),
                 join(gaps, np.uint16), join(highs, np.uint16), repeated, join(repeats, np.uint8))


def _high_at(table: Table, at: np.ndarray) -> np.ndarray:
    """Where the highs of key number at[k] (or of the first wide key after it) begin."""
    lasts = np.asarray(table.lasts)
    wide = np.flatnonzero(lasts & _U32(WIDE))
    begins = np.r_[lasts[wide] & _U32(~WIDE & 0xFFFFFFFF), len(table.highs)].astype(np.int64)
    return begins[np.searchsorted(wide, at)]


def save(build: Path, prefix: str, table: Table) -> None:
    """Write a table as `prefix` + part + ".npy" files in `build`."""
    for part, array in zip(PARTS, table):
        name = build / f"{prefix}{part}.npy"
        tmp = name.with_name(name.name + ".tmp")
        with open(tmp, "wb") as f:
            np.save(f, np.ascontiguousarray(array), allow_pickle=False)
        os.replace(tmp, name)  # a new file: never truncate one another build may share


def load(build: Path, prefix: str, mmap: bool = True) -> Table:
    """A saved table, memory-mapped read-only (plain ndarray views of the maps: slicing a
    np.memmap costs microseconds a time), or read whole."""
    if not mmap:
        return Table(*(np.load(build / f"{prefix}{part}.npy") for part in PARTS))
    return Table(*(np.load(build / f"{prefix}{part}.npy", mmap_mode="r").view(np.ndarray) for part in PARTS))


def files(prefix: str) -> tuple[str, ...]:
    """The file names of a table saved under `prefix`."""
    return tuple(f"{prefix}{part}.npy" for part in PARTS)
