"""Following a search: its matching paragraphs newest first by when they entered the index."""
from __future__ import annotations

import heapq
import os
from collections import Counter

from . import arrival, store
from .matching import matching, read_query
from .results import Hit
from .searching import _hit, _needles

FEED_SIZE = 50


def latest(index_dir: str | os.PathLike, q: str, filters: dict | None = None,
           limit: int = FEED_SIZE) -> list[tuple[Hit, int]]:
    """The `limit` matching paragraphs that entered the index last, newest first, each with its
    first-indexed time (Unix seconds); of those indexed together, the latest dated first."""
    snap = store.snapshot(index_dir)
    parsed = read_query(snap, q, filters)
    docs = matching(snap, parsed)
    times, cols = arrival.times(snap), snap.columns
    dates, ids, paragraphs = cols["date"], cols["doc_id"], cols["paragraph"]
    newest = heapq.nlargest(limit, docs, key=lambda d: (times[d] or 0, dates[d], ids[d], -paragraphs[d]))
    per_doc = Counter(ids[d] for d in docs)
    needles = _needles(parsed)
    return [(_hit(snap.stored(d), 0.0, needles, per_doc), times[d] or 0) for d in newest]
