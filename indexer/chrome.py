"""Site chrome kept as per-site tallies of repeated lines, so that an update adjusts the tallies
of the documents it re-read instead of counting a whole site's lines again.

A site's tally is its number of documents and, for each line that may be chrome (see
cleaning._chrome_candidate), how many of its documents hold it; chrome() then picks the lines
exactly as cleaning.site_chrome does from the documents themselves.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Iterable

from .cleaning import CHROME_MIN_DOCS, CHROME_MIN_SHARE, _chrome_candidate, site_key, strip_lines
from .documents import Document

Tally = dict[str, tuple[int, Counter]]  # site -> (documents, candidate line -> documents holding it)


def _lines(doc: Document) -> set[str]:
    return {line for line in set(strip_lines(doc.paragraphs)) if _chrome_candidate(line)}


def tally(docs: Iterable[Document]) -> Tally:
    """The tallies of the sites of `docs`."""
    out: dict[str, list] = {}
    for doc in docs:
        got = out.setdefault(site_key(doc), [0, Counter()])
        got[0] += 1
        got[1].update(_lines(doc))
    return {site: (n, counts) for site, (n, counts) in out.items()}


def adjust(old: Tally, removed: Iterable[Document], added: Iterable[Document]) -> tuple[Tally, set[str]]:
    """`old` less the `removed` documents and plus the `added` ones (the tallies of untouched
    sites shared, not copied), and the sites touched."""
    new = dict(old)
    copied: set[str] = set()

    def site_of(doc: Document) -> tuple[str, list]:
        site = site_key(doc)
        if site not in copied:
            n, counts = new.get(site, (0, Counter()))
            new[site] = [n, Counter(counts)]
            copied.add(site)
        return site, new[site]

    for doc in removed:
        _, got = site_of(doc)
        got[0] -= 1
        counts = got[1]
        for line in _lines(doc):
            counts[line] -= 1
            if counts[line] <= 0:
                del counts[line]
    for doc in added:
        _, got = site_of(doc)
        got[0] += 1
        got[1].update(_lines(doc))
    for site in copied:
        n, counts = new[site]
        if n > 0:
            new[site] = (n, counts)
        else:
            del new[site]
    return new, copied


def chrome(tallies: Tally, sites: Iterable[str] | None = None) -> dict[str, frozenset[str]]:
    """For each site (of `sites`, by default all), the lines present in enough of its documents:
    what cleaning.site_chrome learns from the same documents."""
    out = {}
    for site in tallies if sites is None else sites:
        if site not in tallies:
            continue
        n, counts = tallies[site]
        need = max(CHROME_MIN_DOCS, math.ceil(CHROME_MIN_SHARE * n))
        if n < need:
            continue
        found = frozenset(line for line, k in counts.items() if k >= need)
        if found:
            out[site] = found
    return out
