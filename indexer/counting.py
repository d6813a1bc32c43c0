"""Counts over a set of matching paragraphs with array operations: facets, per document, per year.

A search may match tens of thousands of paragraphs; counting them value by value in Python
would cost more than finding them. Each column is coded once per snapshot (store.Snapshot.coded)
and counted here with numpy.bincount.
"""
from __future__ import annotations

from collections.abc import Collection

import numpy as np

from . import store

FACETS = ("place", "source")


def as_array(docs: Collection[int]) -> np.ndarray:
    """The document numbers as an int64 array (in no particular order)."""
    return np.fromiter(docs, dtype=np.int64, count=len(docs))


def counts(snap: store.Snapshot, name: str, docs: np.ndarray) -> dict:
    """How many of `docs` hold each value of column `name` (values with none left out)."""
    values, codes = snap.coded(name)
    tally = np.bincount(codes[docs], minlength=len(values))
    return {values[i]: int(tally[i]) for i in np.flatnonzero(tally)}


def facets(snap: store.Snapshot, docs: np.ndarray) -> dict[str, list[tuple[str, int]]]:
    """Years (newest first), places and sources (most frequent first) with their counts."""
    years = counts(snap, "year", docs)
    out = {"year": sorted(((str(y), n) for y, n in years.items() if y), reverse=True)}
    for name in FACETS:
        out[name] = sorted(((v, n) for v, n in counts(snap, name, docs).items() if v),
                           key=lambda vn: (-vn[1], vn[0]))
    return out


def documents_per_year(snap: store.Snapshot, docs: np.ndarray) -> dict[int, int]:
    """How many distinct documents of each year hold one of `docs`."""
    years, ycodes = snap.coded("year")
    ids, dcodes = snap.coded("doc_id")
    pairs = np.unique(ycodes[docs].astype(np.int64) * len(ids) + dcodes[docs])
    tally = np.bincount(pairs // len(ids), minlength=len(years))
    return {years[i]: int(tally[i]) for i in np.flatnonzero(tally)}


def dated(snap: store.Snapshot, docs: np.ndarray) -> np.ndarray:
    """Those of `docs` whose document has a date."""
    values, codes = snap.coded("date")
    has_date = np.fromiter(map(bool, values), dtype=bool, count=len(values))
    return docs[has_date[codes[docs]]]


def chronological(snap: store.Snapshot, docs: np.ndarray, wanted: int, newest: bool) -> list[int]:
    """The first `wanted` of `docs` in (date, doc_id, paragraph) order, or its reverse, without
    sorting them all."""
    if not len(docs) or wanted <= 0:
        return []
    rank = snap.chronology[docs]
    if newest:
        rank = -rank
    wanted = min(wanted, len(docs))
    head = np.argpartition(rank, wanted - 1)[:wanted] if wanted < len(docs) else np.arange(len(docs))
    head = head[np.argsort(rank[head])]
    return docs[head].tolist()
