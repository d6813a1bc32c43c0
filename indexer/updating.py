"""An update's sidecar made from the live build's files in proportion to the change.

An update keeps the live build's segments in front, in place (Whoosh never rewrites one), and
writes one new segment after them, into which it may merge the small segments at the end. The
new build's rows are then the live build's rows of the segments kept, those of the removed
documents blanked, followed by the rows of the new segment. The folded texts are spliced as
bytes, the columns patched in place, each postings list loses the postings of the blanked rows
(found from their own texts) and of the merged ones and gains those of the new rows, and the
derived arrays are renumbered with numpy (spliced_arrays.py), instead of reading, re-deriving and re-sorting every
row in Python. Anything else (a segment kept but moved, a damaged sidecar) goes the general way
(sidecar.update_sidecar). The files written are the same, in the same formats, as a full build's.
Figures (write_figures) are linked from the live build when nothing changed them.
"""
from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from . import arrays, packed, sidecar, spliced_arrays, textbuffer
from . import postings_codec as codec
from . import grams as bigram_postings
from . import words as word_postings
from .analysis import is_word, word_cutter


@contextmanager
def gc_paused():
    """The cyclic garbage collector off: loading or writing a pickle of 100,000s of objects
    makes it run again and again over them, finding nothing (they hold no cycles)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def update_sidecar(live: Path, build: Path, removed: set[str]
                   ) -> tuple[tuple[int, int, int], np.ndarray | None]:
    """sidecar.update_sidecar's result, and each live row's new number (-1 where gone) when the
    rows kept their numbers (None when the general way was taken)."""
    got = _spliced(live, build, removed)
    if got is None:
        return sidecar.update_sidecar(live, build, removed), _kept_rows(live, build, removed)
    return got


def _kept_rows(live: Path, build: Path, removed: set[str]) -> np.ndarray | None:
    """Each live row's number in the new build, as sidecar.update_sidecar keeps rows (those of
    the segments both builds hold, but the `removed` documents'), -1 for the others."""
    old_ranges = sidecar._segment_ranges(whoosh_index.open_dir(str(live)))
    ranges = sidecar._segment_ranges(whoosh_index.open_dir(str(build)))
    ids = sidecar.read_columns(live)["doc_id"]
    if sum(n for _, n in old_ranges.values()) != len(ids):
        return None
    remap = np.full(len(ids), -1, dtype=np.int64)
    for seg, (start, count) in ranges.items():
        kept = old_ranges.get(seg)
        if kept is not None and kept[1] == count:
            remap[kept[0]:kept[0] + count] = np.arange(start, start + count)
    if removed:
        remap[[n for n, d in enumerate(ids) if d in removed]] = -1
    return remap


def _spliced(live: Path, build: Path, removed: set[str]):
    old_ix, ix = whoosh_index.open_dir(str(live)), whoosh_index.open_dir(str(build))
    old_ranges, ranges = sidecar._segment_ranges(old_ix), sidecar._segment_ranges(ix)
    size = sum(n for _, n in old_ranges.values())
    olds, news = list(old_ranges.items()), list(ranges.items())
    kept = 0  # the live build's segments that the new one holds in place, in front
    while kept < min(len(olds), len(news)) and olds[kept] == news[kept]:
        kept += 1
    if any(seg in ranges for seg, _ in olds[kept:]):
        return None  # a segment kept but moved: rows renumbered
    # The live rows from `tail` on were those of small segments merged into the new one.
    tail = olds[kept][1][0] if kept < len(olds) else size
    total = sum(n for _, n in ranges.values())
    old = textbuffer.FoldedTexts(live / sidecar.FOLDED_FILE)
    with gc_paused():
        columns = packed.load(live / sidecar.COLUMNS_FILE, take=True)
    if len(old) != size or any(len(v) != size for v in columns.values()):
        return None
    try:
        with gc_paused():
            derived = packed.load(live / arrays.ARRAYS_FILE, take=True)
    except (OSError, ValueError, EOFError, pickle.UnpicklingError):
        return None
    gone = _rows_of(derived, columns, removed, tail) if removed else []
    gone_texts = [old[n] for n in gone]
    gone_titles = [columns["title"][n] for n in gone]
    fresh_texts, fresh_rows = [], []
    with ix.reader() as reader:
        for docnum in range(tail, total):
            text, row = sidecar._sidecar_row(reader.stored_fields(docnum))
            fresh_texts.append(text)
            fresh_rows.append(row)
    if any(set(row) != set(columns) for row in fresh_rows):
        return None
    for values in columns.values():
        del values[tail:]
        for n in gone:  # blanked as sidecar.update_sidecar blanks them
            values[n] = "" if isinstance(values[n], str) else 0
    if fresh_rows:
        fresh = sidecar._shared({name: [row[name] for row in fresh_rows] for name in columns})
        for name, values in columns.items():
            values.extend(fresh[name])
    made = spliced_arrays.spliced(derived, columns, gone, size, tail, fresh_texts)
    if made is None:
        return None
    nums = np.arange(tail, total, dtype=np.int64)
    cut = word_cutter(ix.schema["words"].analyzer)
    make_words = word_postings.postings_maker(cut, is_word)
    postings = []
    for kind, make, lost, added in (
            (bigram_postings.Grams, bigram_postings.postings, gone_texts, fresh_texts),
            (word_postings.Words, make_words, gone_texts, fresh_texts),
            (word_postings.TitleWords, make_words, gone_titles, [r["title"] for r in fresh_rows])):
        arrays_ = spliced_postings(kind(live).table, np.asarray(gone, dtype=np.int64), lost, nums, added, make,
                                   tail if tail < size else None)
        if arrays_ is None:
            return None
        postings.append(arrays_)
    _write(build, _spliced_text(old, gone, tail, fresh_texts), columns, made, postings)
    sidecar.remember(build, SplicedRows(old, set(gone), tail, fresh_texts), columns, made)
    remap = np.full(size, -1, dtype=np.int64)
    remap[:tail] = np.arange(tail)
    remap[np.asarray(gone, dtype=np.int64)] = -1
    return sidecar._totals(columns), remap


def _rows_of(derived: dict, columns: dict, removed: set[str], tail: int) -> list[int]:
    """The rows before `tail` of the `removed` documents, found by their doc_id codes."""
    coded = derived.get("coded", {}).get("doc_id")
    if coded is None or len(coded[1]) != len(columns["doc_id"]):
        return [n for n, d in enumerate(columns["doc_id"][:tail]) if d in removed]
    values, codes = coded
    wanted = [i for i, v in enumerate(values) if v in removed]
    return np.flatnonzero(np.isin(codes[:tail], wanted)).tolist()


class SplicedRows(Sequence):
    """The new build's folded texts without a copy of the file: the live build's rows before
    `tail` (those `gone` empty), then the `fresh` ones."""

    def __init__(self, old: textbuffer.FoldedTexts, gone: set[int], tail: int, fresh: list[str]):
        self.old, self.gone, self.tail, self.fresh = old, gone, tail, fresh

    def __len__(self) -> int:
        return self.tail + len(self.fresh)

    def __getitem__(self, n):
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        if n < 0:
            n += len(self)
        if not 0 <= n < len(self):
            raise IndexError(n)
        if n >= self.tail:
            return self.fresh[n - self.tail]
        return "" if n in self.gone else self.old[n]

    def __iter__(self):
        for n, text in enumerate(self.old):
            if n == self.tail:
                break
            yield "" if n in self.gone else text
        yield from self.fresh


def _spliced_text(old: textbuffer.FoldedTexts, gone: list[int], tail: int, fresh: list[str]) -> list:
    """The folded-text file's pieces, with the `gone` rows emptied, the rows from `tail` on
    dropped and the `fresh` rows after the rest."""
    view, pieces, at = memoryview(old.buf), [], 0
    for n in gone:
        pieces.append(view[at:int(old.starts[n])])
        at = int(old.ends[n])  # the row's newline stays: an empty row
    pieces.append(view[at:int(old.starts[tail]) if tail < len(old) else len(old.buf)])
    if fresh:
        pieces.append(textbuffer.encode(fresh))
    return pieces


def _write(build: Path, folded: list, columns: dict, made: dict, postings: list) -> None:
    grams_, words_, titles_ = postings
    bigram_postings.write(build, [], grams_)
    bigram_postings.write(build, [], words_, prefix=word_postings.WORD_PREFIX)
    bigram_postings.write(build, [], titles_, prefix=word_postings.TITLE_PREFIX)
    for name, value in ((arrays.ARRAYS_FILE, made), (sidecar.COLUMNS_FILE, columns)):
        with gc_paused():
            packed.dump(build / name, value, keep=True, background=True)
    with open(build / sidecar.FOLDED_FILE, "wb") as f:
        f.writelines(folded)


def spliced_postings(old: codec.Table, gone: np.ndarray, gone_texts: list[str], nums: np.ndarray,
                     fresh_texts: list[str], make, tail: int | None = None) -> codec.Table | None:
    """The `old` postings table less the postings of rows `gone` (whose texts were
    `gone_texts`) and of the rows from `tail` on, plus those of `fresh_texts` numbered `nums`
    (after every row kept); None if the gone rows' postings are not where their texts put
    them. Only the lists that change are decoded and encoded again."""
    keys = np.asarray(old.keys)
    touched = [np.zeros(0, dtype=np.int64)]
    if len(gone):
        k, st, d, _ = make(gone_texts)
        key_of = np.repeat(k, np.diff(st))
        row_of = gone[d].astype(np.int64)
        at = np.searchsorted(keys, key_of)
        if len(at) and (at.max() >= len(keys) or not np.array_equal(keys[at], key_of)):
            return None
        touched.append(at)
    if tail is not None:
        touched.append(np.flatnonzero(old.last_docs() >= tail))  # the lists holding rows from tail on
    k2, st2, d2, c2 = make(fresh_texts) if fresh_texts else (
        np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.uint32), np.zeros(0, np.uint8))
    at2 = np.searchsorted(keys, k2)
    inside = at2 < len(keys)
    touched.append(at2[inside][keys[at2[inside]] == k2[inside]])
    lists = np.unique(np.concatenate(touched))
    lk, ls, ld, lc = old.decoded(lists)
    per_key = np.diff(ls)
    keep = None
    if tail is not None:
        keep = ld < tail
        per_key = per_key - np.add.reduceat(~keep, ls[:-1], dtype=np.int64) if len(lists) else per_key
    if len(gone):
        # the gone rows' postings are the touched lists' postings of their numbers: check that
        # they are those of their texts, in the lists the texts put them in
        pos = np.flatnonzero(np.isin(ld, gone))
        found = ((np.searchsorted(ls, pos, side="right") - 1) << 32) | ld[pos].astype(np.int64)
        wanted = np.sort((np.searchsorted(lists, at) << 32) | row_of)
        if not np.array_equal(found, wanted):
            return None
        keep = np.ones(len(ld), dtype=bool) if keep is None else keep
        keep[pos] = False
        per_key = per_key - np.bincount(found >> 32, minlength=len(lists))
    if keep is not None:
        ld, lc = ld[keep], lc[keep]
    where, merged = bigram_postings.placement(lk, per_key, k2, st2)
    new_docs = np.insert(ld, where, nums[d2].astype(np.uint32))
    new_counts = np.insert(lc, where, c2)
    new_keys, new_starts = merged()
    return codec.replaced(old, lk, new_keys, new_starts, new_docs, new_counts)


def write_figures(build: Path, live: Path, changed: set[str], added: set[str]) -> None:
    """figure_index.write_figures for an update; when no document it removed or added has a
    figure, the live build's figures.json.zst is linked instead of being read and written again."""
    from . import figure_index

    old = live / figure_index.FIGURES_FILE
    try:
        data = packed.read_bytes(old)
    except (OSError, ValueError):
        data = b""
    fresh = figure_index.compute_figures(build, only=frozenset(added))
    # A doc id that the file does not hold anywhere has no figure in it.
    if (data.startswith(b'{"version": %d, ' % figure_index.FIGURES_VERSION)
            and not any(doc_id.encode() in data for doc_id in changed) and not fresh):
        os.link(old, build / figure_index.FIGURES_FILE)
        return
    figure_index.write_figures(build, previous=live, changed=changed, added=added, fresh=fresh)
