"""Which paragraphs match a query: candidates from the bigram postings, checked on folded text.

Every string is looked up by its rarest bigrams, and each candidate paragraph's folded text is
then checked for the string itself, so every paragraph that holds it is found, inside longer
words too, and nothing else. A document's title counts for its first paragraph where none of
its paragraphs holds the string. Past a search's time budget, unchecked candidates are left
out: a partial result is smaller, never wrong.
"""
from __future__ import annotations

import time

import numpy as np

from . import store
from .grams import bigrams
from .places import place_matches
from .speaker_index import speaker_docs
from .textbuffer import SCAN_FROM
from .query import ParsedQuery, parse_query
from .textfold import forms
from .wordsplit import split_string

SCAN_BELOW = 4000  # check a set this small directly rather than through the postings


def read_query(snap: store.Snapshot, q: str, filters: dict | None = None) -> ParsedQuery:
    """The query parsed, each unquoted string cut by the index's analyzer and read as words
    where it holds two or more content words (see wordsplit)."""
    parsed = parse_query(q, filters)
    for s in parsed.positive:
        if s not in parsed.quoted and s not in parsed.splits:
            split = split_string(s, query_tokens(snap, s))
            if split:
                parsed.splits[s] = split
    return parsed


TOKEN_CACHE = 4096


def query_tokens(snap: store.Snapshot, s: str) -> tuple[str, ...]:
    """A query string cut by the index's analyzer in query mode (remembered: a search reads each
    string's words twice, to read the query and to rank)."""
    cache = snap.__dict__.setdefault("query_tokens", {})
    tokens = cache.get(s)
    if tokens is None:
        if len(cache) >= TOKEN_CACHE:
            cache.clear()
        tokens = cache[s] = tuple(t.text for t in snap.analyzer(s, mode="query"))
    return tokens


def query_words(parsed: ParsedQuery, snap: store.Snapshot) -> list[str]:
    """The query's strings cut into words by the index's own analyzer, in query mode."""
    words: list[str] = []
    for s in parsed.positive:
        for text in query_tokens(snap, s):
            if any(c.isalnum() for c in text) and text not in words:
                words.append(text)
    return words


class Budget:
    """A search's time limit; work past it is left out and the result is marked partial."""

    def __init__(self, seconds: float | None):
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.exceeded = False

    def expired(self) -> bool:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.exceeded = True
        return self.exceeded
CHUNK = 20_000  # paragraphs checked between looks at the clock


def checked(docs, test, budget: Budget) -> set[int]:
    """The docs passing `test`, checked in chunks while the budget lasts (the rest left out).
    `test` takes a chunk (a list) and returns those of it that pass."""
    docs = docs if isinstance(docs, list) else list(docs)
    out: set[int] = set()
    for i in range(0, len(docs), CHUNK):
        if budget.expired():
            break
        out.update(test(docs[i : i + CHUNK]))
    return out


def holds(snap: store.Snapshot, d: int, s: str) -> bool:
    """Whether paragraph `d` contains folded string `s`, under either fold (see textfold.forms)."""
    texts, alt = snap.folded, snap.alt.get(d, "")
    return any(texts.holds(d, f) or (alt and f in alt) or (snap.titles.holds(d, f) and d in title_only(snap, f))
               for f in forms(s))
TITLE_CACHE = 1024


def title_only(snap: store.Snapshot, f: str, holding: set[int] | None = None) -> set[int]:
    """Lead paragraphs of the documents whose title holds `f` while none of their paragraphs does:
    such a document is found by its first paragraph (a headline typed as such finds its article).
    `holding`: every paragraph whose folded text holds `f`, when the caller has just found them."""
    cache = snap.__dict__.setdefault("title_only", {})
    found = cache.get(f)
    if found is None:
        found = _titles_alone(snap, f) if holding is None else _titles_without(snap, f, holding)
        if len(cache) >= TITLE_CACHE:
            cache.clear()
        cache[f] = found
    return found


def _titles_without(snap: store.Snapshot, f: str, holding: set[int]) -> set[int]:
    """_titles_alone, from the paragraphs known to hold `f` (numpy over them, no text read again)."""
    leads = snap.titles.containing(f)
    if not leads:
        return set()
    _, doc_of = snap.coded("doc_id")
    rows = np.fromiter(holding, dtype=np.int64, count=len(holding))
    alt = [n for n, text in snap.alt.items() if f in text]
    held = np.unique(doc_of[np.concatenate([rows, np.asarray(alt, dtype=np.int64)])])
    lead = np.fromiter(leads, dtype=np.int64, count=len(leads))
    return set(lead[~np.isin(doc_of[lead], held)].tolist())


def _titles_alone(snap: store.Snapshot, f: str) -> set[int]:
    leads = snap.titles.containing(f)
    if not leads:
        return set()
    _, doc_of = snap.coded("doc_id")
    wanted = np.unique(doc_of[np.fromiter(leads, dtype=np.int64, count=len(leads))])
    if len(f) >= 2:  # the paragraphs of those documents that may hold f: by its rarest bigrams
        pool = snap.grams.candidates(f).astype(np.int64)
        pool = pool[np.isin(doc_of[pool], wanted)]
    else:
        pool = np.flatnonzero(np.isin(doc_of, wanted))
    texts, alt = snap.folded, snap.alt
    among = set(wanted.tolist())
    tried = set(pool.tolist()) | {n for n in alt if doc_of[n] in among}
    holding = {int(doc_of[n]) for n in texts.containing(f, tried)}
    holding.update(int(doc_of[n]) for n in tried if f in alt.get(n, ""))
    return {d for d in leads if int(doc_of[d]) not in holding}


class Matcher:
    """Sets of document numbers whose folded paragraph contains a string."""

    def __init__(self, snap: store.Snapshot, budget: Budget | None = None):
        self.texts = snap.folded
        self.alt = snap.alt
        self.snap = snap
        self.grams = snap.grams
        self.budget = budget or Budget(None)

    def frequency(self, s: str) -> int:
        if len(s) < 2:
            return len(self.texts)
        return min(self.grams.frequency(g) for g in set(bigrams(s)))

    def containing(self, s: str, within: set[int] | None = None) -> set[int]:
        found: set[int] = set()
        for f in forms(s):
            got = self._containing(f, within)
            found |= got
            whole = within is None and not self.budget.exceeded  # `got` is every paragraph holding f
            lead = title_only(self.snap, f, got if whole else None)
            found |= lead if within is None else lead & within
        if self.alt:  # the few paragraphs whose phrase-level fold differs are checked directly
            pool = self.alt.keys() if within is None else within.intersection(self.alt)
            found.update(d for d in pool if any(f in self.alt[d] for f in forms(s)))
        return found

    def _containing(self, s: str, within: set[int] | None) -> set[int]:
        texts = self.texts
        if within is not None and len(within) <= SCAN_BELOW:
            return set(texts.containing(s, within))
        if len(s) < 2:  # one pass over every text (a fixed few milliseconds)
            found = set(texts.everywhere(s).tolist())
            return found if within is None else found & within
        candidates = self.grams.candidates(s).tolist()
        if within is not None:
            candidates = within.intersection(candidates)
        if len(s) == 2:  # a paragraph holds a two-character string exactly when it holds its bigram
            return set(candidates)
        if len(candidates) >= SCAN_FROM:  # every text holding s is a candidate: one pass over them all
            found = set(texts.everywhere(s).tolist())
            return found if within is None else found & within
        return checked(candidates, lambda chunk: texts.containing(s, chunk), self.budget)


def matching(snap: store.Snapshot, parsed: ParsedQuery, budget: Budget | None = None) -> set[int]:
    """Paragraphs containing every required string, one of each OR group, no excluded one.

    Past the budget, unchecked candidates are left out: a partial result is smaller, never wrong.
    """
    budget = budget or Budget(None)
    m = Matcher(snap, budget)
    docs: set[int] | None = None
    required = dict.fromkeys(p for s in parsed.must for p in parsed.parts(s))
    if not parsed.positive and parsed.filters.get("speaker"):  # speaker:李强 alone
        docs = speaker_docs(snap, parsed.filters["speaker"])
    for s in sorted(required, key=m.frequency):
        docs = m.containing(s, docs)
        if not docs:
            return set()
    for group in parsed.any_of:
        union: set[int] = set()
        for s in group:
            sub = docs
            for p in sorted(parsed.parts(s), key=m.frequency):
                sub = m.containing(p, sub)
                if not sub:
                    break
            union |= sub or set()
        docs = union
    if docs is None and not parsed.positive:  # a speaker filter alone, taken away (suggestions)
        return set()
    assert docs is not None  # parse_query guarantees at least one string to find
    if parsed.exclude:
        docs = checked(docs, lambda chunk: [d for d in chunk if not any(holds(snap, d, x) for x in parsed.exclude)],
                       budget)
    return filtered(snap, parsed, docs)


def filtered(snap: store.Snapshot, parsed: ParsedQuery, docs: set[int]) -> set[int]:
    cols = snap.columns
    if parsed.year_range:
        lo, hi = parsed.year_range
        arr = np.fromiter(docs, dtype=np.int64, count=len(docs))
        years = snap.years[arr]
        docs = set(arr[(years >= lo) & (years <= hi)].tolist())
    if parsed.date_range:
        lo, hi = parsed.date_range
        dates = cols["date"]
        docs = {d for d in docs if dates[d] and lo <= dates[d] <= hi}
    for name in ("place", "source"):
        value = parsed.filters.get(name)
        if value:
            values = cols[name]
            if name == "place":  # any level of the place: 送桥镇 and 江苏 find 江苏省…送桥镇
                ok = {v for v in {values[d] for d in docs} if place_matches(v, value)}
                docs = {d for d in docs if values[d] in ok}
            else:
                docs = {d for d in docs if values[d].startswith(value)}
    if parsed.filters.get("speaker"):  # any of the person's forms: 李强, 国务院总理李强
        docs = docs & speaker_docs(snap, parsed.filters["speaker"])
    kind = parsed.filters.get("kind", "article")  # listings only when asked for
    if kind == "listing":
        docs = docs & snap.listings
    elif kind != "all" and snap.listings:
        docs = docs - snap.listings
    return docs


def exact_matches(snap: store.Snapshot, parsed: ParsedQuery, docs: set[int], budget: Budget) -> set[int]:
    """The matches that hold every string as typed (not only the words a string was read as)."""
    if not parsed.splits:
        return docs
    must = [s for s in parsed.must if s in parsed.splits]
    groups = [g for g in parsed.any_of if any(s in parsed.splits for s in g)]
    m, found = Matcher(snap, budget), docs
    for s in sorted(must, key=m.frequency):  # by the postings, as matching found the words
        found = m.containing(s, found)
    for group in groups:
        found = set().union(*(m.containing(s, found) for s in group))
    return found
