"""Each sidecar row's core as copies.py groups it, kept per row (the hash and length of its
core) so that an update works out the cores of its fresh rows only.

copies.write_copies groups the distinct cores of the rows that take part (see copies._eligible).
A full build computes every row's core; an update whose rows kept their numbers (updating.py
gives each live row's new number) takes the kept rows' hashes and lengths from the live build's
state and decodes a kept row's text only when a candidate pair needs it.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .listing import LISTING


class RowCores:
    """Per row: the hash of its core and its length (-1 when the row takes no part before
    boilerplate is looked at), and the cores worked out in this build, by row."""

    def __init__(self, digest: np.ndarray, length: np.ndarray, known: dict[int, str]):
        self.digest, self.length, self.known = digest, length, known


def row_cores(folded: Sequence[str], columns: dict[str, list], old: dict | None,
              remap: np.ndarray | None) -> RowCores:
    """Every row's core hash and length: from `old` (the live build's copies state) for the
    rows `remap` numbers (live row -> new row, -1 where gone), worked out for the others."""
    from . import copies

    n = len(folded)
    digest = np.zeros(n, dtype=np.int64)
    length = np.full(n, -1, dtype=np.int32)
    todo = np.ones(n, dtype=bool)
    if old is not None and remap is not None and "row_digest" in old and len(old["row_digest"]) == len(remap):
        kept = remap >= 0
        to = remap[kept]
        digest[to] = old["row_digest"][kept]
        length[to] = old["row_length"][kept]
        todo[to] = False
    rows = np.flatnonzero(todo).tolist()
    ids, kinds = columns["doc_id"], columns.get("kind") or [""] * n
    known: dict[int, str] = {}
    for row, c in zip(rows, copies.all_cores([folded[r] for r in rows])):
        if ids[row] and kinds[row] != LISTING and len(c) >= copies.MIN_CHARS:
            known[row] = c
    if known:
        at = np.fromiter(known, dtype=np.int64, count=len(known))
        digest[at] = np.fromiter(map(copies._digest, known.values()), dtype=np.int64, count=len(known))
        length[at] = np.fromiter(map(len, known.values()), dtype=np.int32, count=len(known))
    return RowCores(digest, length, known)


def doc_numbers(ids: list[str]) -> np.ndarray:
    """Each row's document number (in order of first row), from the rows' doc_ids."""
    number: dict[str, int] = {}
    return np.fromiter((number.setdefault(d, len(number)) for d in ids), dtype=np.int64, count=len(ids))


def taking_part(rows: RowCores, columns: dict[str, list], docs: np.ndarray | None = None) -> np.ndarray:
    """Which rows take part: a core, and not boilerplate (a short core that BOILERPLATE_DOCS
    documents or more hold), as copies._eligible decides. `docs`: each row's document number
    (doc_numbers() of the columns when not given)."""
    from . import copies

    part = rows.length >= 0
    short = np.flatnonzero(part & (rows.length < copies.BOILERPLATE_CHARS))
    if len(short):
        if docs is None:
            docs = doc_numbers(columns["doc_id"])
        doc = docs[short].astype(np.int64)
        dig = rows.digest[short]
        order = np.lexsort((doc, dig))
        dig, doc = dig[order], doc[order]
        new_pair = np.r_[True, (dig[1:] != dig[:-1]) | (doc[1:] != doc[:-1])]
        pair_dig = dig[new_pair]  # one per distinct (core, document), sorted by core
        starts = np.flatnonzero(np.r_[True, pair_dig[1:] != pair_dig[:-1]])
        holders = np.diff(np.r_[starts, len(pair_dig)])  # documents holding each core
        common = pair_dig[starts[holders >= copies.BOILERPLATE_DOCS]]
        if len(common):
            part[short[np.isin(rows.digest[short], common)]] = False
    return part


class Cores(Sequence):
    """The distinct cores in order of first row, each worked out from its row when asked."""

    def __init__(self, folded: Sequence[str], first_row: np.ndarray, known: dict[int, str]):
        self.folded, self.first_row, self.known = folded, first_row.tolist(), known

    def __len__(self) -> int:
        return len(self.first_row)

    def __getitem__(self, i):
        from . import copies

        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        row = self.first_row[i]
        c = self.known.get(row)
        if c is None:
            c = self.known[row] = copies.core(self.folded[row])
        return c


def distinct(rows: RowCores, part: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(each distinct core's hash, in order of first row; that first row; each row's core
    number, -1 for rows taking no part)."""
    members = np.flatnonzero(part)
    at = np.full(len(part), -1, dtype=np.int64)
    if not len(members):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), at
    uniq, first, inverse = np.unique(rows.digest[members], return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    number = np.empty(len(order), dtype=np.int64)
    number[order] = np.arange(len(order))
    at[members] = number[inverse.ravel()]
    return uniq[order], members[first[order]], at
