"""An update's derived arrays (arrays.py) made from the live build's: coded columns renumbered
and ranks recomputed with numpy for the rows blanked and appended (see updating.py), the same
arrays as arrays.derive of the whole new build."""
from __future__ import annotations

import numpy as np

from . import arrays


def _first_order(codes: np.ndarray, size: int) -> np.ndarray:
    """The value numbers present in `codes`, in order of first occurrence."""
    first = np.full(size, len(codes), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    present = np.flatnonzero(first < len(codes))
    return present[np.argsort(first[present], kind="stable")]


def _recoded(values: list, codes: np.ndarray, gone: list[int], gone_values: list, fresh_values: list):
    """A coded column (arrays._coded) with rows `gone` set to `gone_values` and `fresh_values`
    appended: the same (values, codes) as arrays._coded of the whole new column."""
    values = list(values)
    index = {v: i for i, v in enumerate(values)}

    def number(v) -> int:
        i = index.get(v)
        if i is None:
            i = index[v] = len(values)
            values.append(v)
        return i

    codes = codes.astype(np.int64)
    if gone:
        codes[np.asarray(gone, dtype=np.int64)] = [number(v) for v in gone_values]
    codes = np.concatenate([codes, np.asarray([number(v) for v in fresh_values], dtype=np.int64)])
    order = _first_order(codes, len(values))
    renumber = np.zeros(len(values), dtype=np.int64)
    renumber[order] = np.arange(len(order))
    return [values[i] for i in order.tolist()], renumber[codes].astype(np.int32)


def _ranks_of(values: list, codes: np.ndarray) -> np.ndarray:
    """Each row's value's place among the distinct values sorted (TypeError if they do not
    compare)."""
    place = {v: i for i, v in enumerate(sorted(values))}
    return np.asarray([place[v] for v in values], dtype=np.int64)[codes]


def spliced(old: dict, columns: dict, gone: list[int], size: int, tail: int,
            fresh_texts: list[str]) -> dict | None:
    """arrays.derive of the new rows, from the live build's derived arrays (None if these do
    not cover the same columns, or a column's values do not compare)."""
    coded = old.get("coded", {})
    dates = columns["date"]
    wanted = [name for name in arrays.CODED if name in columns or name == "year"]
    if set(coded) != set(wanted):
        return None
    out = {}
    for name in wanted:
        values, codes = coded[name]
        if len(codes) != size:
            return None
        new = columns[name] if name != "year" else None
        if name == "year":
            gone_values = [arrays.year_of(dates[n]) for n in gone]
            fresh_values = [arrays.year_of(d) for d in dates[tail:]]
        else:
            gone_values = [new[n] for n in gone]
            fresh_values = new[tail:]
        out[name] = _recoded(values, codes[:tail], gone, gone_values, fresh_values)
    n = len(dates)
    try:
        date_rank = _ranks_of(*out["date"])
        id_rank = _ranks_of(*out["doc_id"])
        paragraphs = np.asarray(columns["paragraph"])
    except TypeError:
        return None
    if paragraphs.dtype.kind not in "iu" or len(paragraphs) != n:
        return None
    lengths = np.asarray(old["lengths"], dtype=np.int32).copy()
    if len(lengths) != size:
        return None
    lengths = lengths[:tail]
    lengths[np.asarray(gone, dtype=np.int64)] = 0
    lengths = np.concatenate([lengths, np.fromiter(map(len, fresh_texts), dtype=np.int32,
                                                   count=len(fresh_texts))])
    return {
        "coded": out,
        "recency": arrays._rank(np.argsort(-date_rank, kind="stable")),  # as sorted(reverse=True)
        "chronology": arrays._rank(np.lexsort((paragraphs, id_rank, date_rank))),
        "lengths": lengths,
    }
