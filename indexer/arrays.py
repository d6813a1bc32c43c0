"""Per-paragraph arrays derived from a build's sidecar columns when it is written, so that a
reader opening the build does not sort or number 100,000s of values before its first answer.

    coded       column name -> (distinct values, each paragraph's value number as int32)
    recency     each paragraph's place in newest-date-first order (document number breaks ties)
    chronology  each paragraph's place in (date, doc_id, paragraph) order
    lengths     each paragraph's folded length
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from . import packed

ARRAYS_FILE = "arrays.pickle.zst"
CODED = ("doc_id", "place", "source", "title", "date", "year", "speakers")


def year_of(date: str) -> int:
    return int(date[:4]) if date[:4].isdigit() else 0


def _coded(values: list) -> tuple[list, np.ndarray]:
    """(distinct values in order of first occurrence, each value's number)."""
    number = {v: i for i, v in enumerate(dict.fromkeys(values))}
    codes = np.fromiter(map(number.__getitem__, values), dtype=np.int32, count=len(values))
    return list(number), codes


def _ranks(values: list) -> np.ndarray:
    """Each value's place among the distinct values in sorted order (Python's comparison)."""
    place = {v: i for i, v in enumerate(sorted(set(values)))}
    return np.fromiter(map(place.__getitem__, values), dtype=np.int64, count=len(values))


def _chronology(dates: list, ids: list, paragraphs: list) -> list[int]:
    """Document numbers in (date, doc_id, paragraph) order, ties in document-number order."""
    try:
        return np.lexsort((_ranks(paragraphs), _ranks(ids), _ranks(dates))).tolist()
    except TypeError:  # values that do not compare within a column: Python's tuple order
        return sorted(range(len(dates)), key=lambda d: (dates[d], ids[d], paragraphs[d]))


def _rank(order: list[int]) -> np.ndarray:
    rank = np.empty(len(order), dtype=np.int32)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
    return rank


def derive(texts: list[str], columns: dict[str, list]) -> dict:
    """The arrays of one build's folded texts and columns (see the module's docstring)."""
    dates, ids, paragraphs = columns["date"], columns["doc_id"], columns["paragraph"]
    n = len(texts)
    years = {d: year_of(d) for d in set(dates)}
    source = dict(columns, year=list(map(years.__getitem__, dates)))
    return {
        "coded": {name: _coded(source[name]) for name in CODED if name in source},
        "recency": _rank(sorted(range(n), key=dates.__getitem__, reverse=True)),  # stable
        "chronology": _rank(_chronology(dates, ids, paragraphs)),
        "lengths": np.fromiter(map(len, texts), dtype=np.int32, count=n),
    }


def write(build: Path, texts: list[str], columns: dict[str, list]) -> dict:
    """Derive and write the build's arrays; returns them."""
    made = derive(texts, columns)
    packed.dump(build / ARRAYS_FILE, made, keep=True)
    return made


def load(build: Path) -> dict:
    return packed.load(build / ARRAYS_FILE)
