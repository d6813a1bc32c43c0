"""What the archive holds: document listings by place, year, source, section and kind, and the
counts the home page shows. Shared by the browse page (/documents) and the API (/api/documents).

    section the part of the archive a document is in: its first folder (reports, news, …)
    kind    listing, article or all, as in search (listing pages are left out unless asked for)
    place   documents with that place at any level (as the search's place: filter)

The counts are worked out once per published build and kept until the next one.
"""
from __future__ import annotations

import bisect
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

import indexer
from indexer import PageOutOfRange

BROWSE_FILTERS = ("place", "year", "date", "source", "section", "kind")
UNKNOWN_PLACES = {"", "不详", "未知"}

_holdings: dict[str, tuple[str, "Holdings"]] = {}
_holdings_lock = threading.Lock()


def section_of(path: str) -> str:
    """The part of the archive a document is in (its first folder); '' at the top."""
    head, sep, _ = path.partition("/")
    return head if sep else ""


def year_of(date: str) -> str:
    return date[:4] if date[:4].isdigit() else ""


LABEL_LENGTH = 24


def source_label(source: str) -> str:
    """A source as a short name for a link: its organisation (CCTV《新闻联播》, not the
    collection notes after it), else its first part, cut at LABEL_LENGTH characters."""
    name = indexer.clean_source(source) or re.split(r"\s+via\s+", source.strip(), maxsplit=1)[0]
    return name if len(name) <= LABEL_LENGTH else name[:LABEL_LENGTH - 1] + "…"


def list_documents(index_dir: str, filters: dict[str, str]) -> list[indexer.DocumentSummary]:
    """The documents passing `filters` (place, year, source and kind as in search; section
    exactly), by date. QueryError if a filter cannot be read."""
    section = filters.get("section")
    searched = {k: v for k, v in filters.items() if k in ("place", "year", "date", "source", "kind") and v}
    # Without those filters it is every document, counted once per build: reading them all
    # takes a second on a large archive, a filtered few take milliseconds.
    docs = indexer.documents(index_dir, searched) if searched else holdings(index_dir).every
    return [d for d in docs if section is None or section_of(d.path) == section]


def pages_of(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def page_of(docs: list, page: int, per_page: int) -> list:
    """One page of `docs`; PageOutOfRange (with the last page) past the last one."""
    pages = pages_of(len(docs), per_page)
    if page > pages:
        raise PageOutOfRange(page, pages)
    return docs[(page - 1) * per_page: page * per_page]


@dataclass
class Holdings:
    """Counts of what the archive holds, each list (value, documents) biggest first; a place or
    source counts the documents its listing shows (those whose place or source starts so)."""

    documents: int = 0
    paragraphs: int = 0
    years: list[tuple[str, int]] = field(default_factory=list)  # newest first
    places: list[tuple[str, int]] = field(default_factory=list)
    sources: list[tuple[str, int]] = field(default_factory=list)
    sections: list[tuple[str, int]] = field(default_factory=list)
    place_years: dict[str, list[str]] = field(default_factory=dict)  # place -> its years
    every: list[indexer.DocumentSummary] = field(default_factory=list, repr=False)  # by date

    def comparable(self, place: str) -> bool:
        """Whether `place` has documents in two or more years (so comparing them makes sense)."""
        return len(self.place_years.get(place, ())) >= 2

    def example_place(self) -> str:
        """A place with documents in the most years, for hints; '' if none has two."""
        best = max(self.place_years.items(), key=lambda kv: (len(kv[1]), kv[0]), default=("", []))
        return best[0] if len(best[1]) >= 2 else ""


def _ranked(counts: Counter) -> list[tuple[str, int]]:
    return sorted(((v, n) for v, n in counts.items() if v), key=lambda vn: (-vn[1], vn[0]))


def _by_prefix(counts: Counter) -> Counter:
    """Each value's count of documents whose value starts with it, as the place: and source:
    filters (and so the listing a value links to) count them: 云川市 includes 云川市柳湾乡."""
    values = sorted(v for v in counts if v)
    out: Counter = Counter()
    for i, v in enumerate(values):
        end = bisect.bisect_left(values, v + "\U0010ffff", i)
        out[v] = sum(counts[w] for w in values[i:end])
    return out


def _count(docs: list[indexer.DocumentSummary]) -> Holdings:
    years, places, sources, sections = Counter(), Counter(), Counter(), Counter()
    place_years: dict[str, set[str]] = {}
    for d in docs:
        year = year_of(d.date)
        years[year] += 1
        sources[d.source] += 1
        sections[section_of(d.path)] += 1
        if d.place not in UNKNOWN_PLACES:
            places[d.place] += 1
            if year:
                place_years.setdefault(d.place, set()).add(year)
    return Holdings(documents=len(docs), paragraphs=sum(d.paragraphs for d in docs),
                    years=sorted(((y, n) for y, n in years.items() if y), reverse=True),
                    places=_ranked(_by_prefix(places)), sources=_ranked(_by_prefix(sources)),
                    sections=_ranked(sections),
                    place_years={p: sorted(ys) for p, ys in place_years.items()}, every=docs)


def holdings(index_dir: str) -> Holdings:
    """What the live index holds; counted once per published build. IndexMissing if none."""
    build = indexer.index_info(index_dir)["build"]
    cached = _holdings.get(index_dir)
    if cached is not None and cached[0] == build:
        return cached[1]
    with _holdings_lock:
        cached = _holdings.get(index_dir)
        if cached is None or cached[0] != build:
            cached = _holdings[index_dir] = (build, _count(indexer.documents(index_dir)))
    return cached[1]
