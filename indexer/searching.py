"""Searching the index: find every paragraph containing the query's strings, rank, page, highlight.

Matching is exact: candidate paragraphs come from the bigram postings (the rarest bigrams of
each string), and each candidate's folded text is then checked for the string itself. Ranking
is BM25F over jieba words and title words, after paragraphs containing the whole query.
"""
from __future__ import annotations

import bisect
import heapq
import html
import math
import os
import time
from collections import Counter
from dataclasses import replace
from typing import Iterator

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

from . import store
from .analysis import bigrams
from .errors import DocumentNotFound, QueryError
from .places import place_matches
from .query import MAX_QUERY_LENGTH, ParsedQuery, apply_filter, parse_query, quote
from .results import (DocumentSummary, DocumentView, Hit, Mention, QueryReading, SearchResult,
                      Suggestion, Timeline, YearCount)
from .textfold import find_spans, forms
from .wordsplit import split_string

MAX_PER_PAGE = 100
SORTS = ("relevance", "newest", "oldest")
FACETS = ("year", "place", "source")
TITLE_BOOST = 2.0
PROXIMITY_BOOST = 1.5
CANDIDATE_GRAMS = 3  # the rarest bigrams of a string that select candidates
RERANK = 100  # how many of the best matches Whoosh's BM25F over jieba words re-ranks
K1, B = 1.2, 0.75
SCAN_BELOW = 4000  # check a set this small directly rather than through the postings
TIME_LIMIT = 5.0  # seconds a search may take before it answers with what it has (partial)
FAR = 1 << 20  # the distance of words that do not all stand in the paragraph's text


def read_query(snap: store.Snapshot, q: str, filters: dict | None = None) -> ParsedQuery:
    """The query parsed, each unquoted string cut by the index's analyzer and read as words
    where it holds two or more content words (see wordsplit)."""
    parsed = parse_query(q, filters)
    analyzer = snap.ix.schema["words"].analyzer
    for s in parsed.positive:
        if s not in parsed.quoted and s not in parsed.splits:
            split = split_string(s, [t.text for t in analyzer(s, mode="query")])
            if split:
                parsed.splits[s] = split
    return parsed


def query_words(parsed: ParsedQuery, snap: store.Snapshot) -> list[str]:
    """The query's strings cut into words by the index's own analyzer, in query mode."""
    analyzer = snap.ix.schema["words"].analyzer
    words: list[str] = []
    for s in parsed.positive:
        for token in analyzer(s, mode="query"):
            if any(c.isalnum() for c in token.text) and token.text not in words:
                words.append(token.text)
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


def _checked(docs, test, budget: Budget) -> set[int]:
    """The docs passing `test`, checked in chunks while the budget lasts (the rest left out)."""
    docs = docs if isinstance(docs, list) else list(docs)
    out: set[int] = set()
    for i in range(0, len(docs), CHUNK):
        if budget.expired():
            break
        out.update(d for d in docs[i : i + CHUNK] if test(d))
    return out


def _holds(snap: store.Snapshot, d: int, s: str) -> bool:
    """Whether paragraph `d` contains folded string `s`, under either fold (see textfold.forms)."""
    text, alt = snap.folded[d], snap.alt.get(d, "")
    return any(f in text or (alt and f in alt) or (snap.titles.holds(d, f) and d in _title_only(snap, f))
               for f in forms(s))


TITLE_CACHE = 1024


def _title_only(snap: store.Snapshot, f: str) -> set[int]:
    """Lead paragraphs of the documents whose title holds `f` while none of their paragraphs does:
    such a document is found by its first paragraph (a headline typed as such finds its article)."""
    cache = snap.__dict__.setdefault("_title_only", {})
    found = cache.get(f)
    if found is None:
        texts, alt, ids = snap.folded, snap.alt, snap.columns["doc_id"]
        found = {d for d in snap.titles.containing(f)
                 if not any(f in texts[n] or f in alt.get(n, "") for n in snap.docnums_of(ids[d]))}
        if len(cache) >= TITLE_CACHE:
            cache.clear()
        cache[f] = found
    return found


class _Matcher:
    """Sets of document numbers whose folded paragraph contains a string."""

    def __init__(self, snap: store.Snapshot, budget: Budget | None = None):
        self.texts = snap.folded
        self.alt = snap.alt
        self.snap = snap
        self.searcher = snap.searcher()
        self.budget = budget or Budget(None)

    def frequency(self, s: str) -> int:
        if len(s) < 2:
            return len(self.texts)
        return min(self.searcher.doc_frequency("grams", g) for g in set(bigrams(s)))

    def containing(self, s: str, within: set[int] | None = None) -> set[int]:
        found: set[int] = set()
        for f in forms(s):
            found |= self._containing(f, within)
            lead = _title_only(self.snap, f)
            found |= lead if within is None else lead & within
        if self.alt:  # the few paragraphs whose phrase-level fold differs are checked directly
            pool = self.alt.keys() if within is None else within.intersection(self.alt)
            found.update(d for d in pool if any(f in self.alt[d] for f in forms(s)))
        return found

    def _containing(self, s: str, within: set[int] | None) -> set[int]:
        texts = self.texts

        def test(d: int) -> bool:
            return s in texts[d]

        if within is not None and len(within) <= SCAN_BELOW:
            return {d for d in within if s in texts[d]}
        if len(s) < 2:
            return _checked(within if within is not None else range(len(texts)), test, self.budget)
        grams = sorted(set(bigrams(s)), key=lambda g: self.searcher.doc_frequency("grams", g))
        terms = [wq.Term("grams", g) for g in grams[:CANDIDATE_GRAMS]]
        candidates = self.searcher.docs_for_query(terms[0] if len(terms) == 1 else wq.And(terms))
        if within is not None:
            candidates = within.intersection(candidates)
        return _checked(candidates, test, self.budget)


def _matching(snap: store.Snapshot, parsed: ParsedQuery, budget: Budget | None = None) -> set[int]:
    """Paragraphs containing every required string, one of each OR group, no excluded one.

    Past the budget, unchecked candidates are left out: a partial result is smaller, never wrong.
    """
    budget = budget or Budget(None)
    m = _Matcher(snap, budget)
    docs: set[int] | None = None
    required = dict.fromkeys(p for s in parsed.must for p in parsed.parts(s))
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
    assert docs is not None  # parse_query guarantees at least one string to find
    if parsed.exclude:
        docs = _checked(docs, lambda d: not any(_holds(snap, d, x) for x in parsed.exclude), budget)
    return _filtered(snap, parsed, docs)


def _filtered(snap: store.Snapshot, parsed: ParsedQuery, docs: set[int]) -> set[int]:
    cols = snap.columns
    if parsed.year_range:
        lo, hi = parsed.year_range
        docs = {d for d in docs if lo <= snap.years[d] <= hi}
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
    kind = parsed.filters.get("kind", "article")  # listings only when asked for
    if kind == "listing":
        docs = docs & snap.listings
    elif kind != "all" and snap.listings:
        docs = docs - snap.listings
    return docs


RANK_MAX_SHARE = 0.05  # words in more paragraphs than this add little to BM25F, and cost most
RANK_MIN_WORDS = 2


def _rank_words(snap: store.Snapshot, words: list[str]) -> list[str]:
    """The query's words that rank: all but the very common ones (的, 进行), the rarest kept."""
    searcher, limit = snap.searcher(), RANK_MAX_SHARE * len(snap.folded)
    df = {w: searcher.doc_frequency("words", w) for w in dict.fromkeys(words)}  # in query order
    keep = {w for w in df if df[w] <= limit} | set(sorted(df, key=df.get)[:RANK_MIN_WORDS])
    return [w for w in words if w in keep]


def _rank_query(words: list[str]) -> wq.Query | None:
    """Optional clauses that order the matches: words, title words, words close together."""
    clauses: list[wq.Query] = []
    for w in words:
        clauses.append(wq.Term("words", w))
        clauses.append(wq.Term("title", w, boost=TITLE_BOOST))
    if len(words) > 1:
        clauses.append(wq.Phrase("words", words, slop=8, boost=PROXIMITY_BOOST))
    return wq.Or(clauses) if clauses else None


class DocSet(wq.Query):
    """Matches exactly the given top-level document numbers, adding the same score to each.

    And-ed with the ranking query it lets Whoosh skip straight to the matching paragraphs
    instead of walking every posting of common words and checking a filter.
    """

    def __init__(self, docnums):
        self.docnums = sorted(docnums)

    def __eq__(self, other):
        return type(self) is type(other) and self.docnums == other.docnums

    def __hash__(self):
        return hash(tuple(self.docnums))

    def estimate_size(self, ixreader):
        return len(self.docnums)

    def estimate_min_size(self, ixreader):
        return len(self.docnums)

    def matcher(self, searcher, context=None):
        parent = searcher.get_parent()
        offset = 0 if parent is searcher else parent._offset_for_subsearcher(searcher)
        lo = bisect.bisect_left(self.docnums, offset)
        hi = bisect.bisect_left(self.docnums, offset + searcher.doc_count_all())
        ids = [d - offset for d in self.docnums[lo:hi]]
        return ListMatcher(ids) if ids else NullMatcher()


def _string_scores(snap: store.Snapshot, docs: set[int], strings: dict[str, int],
                   budget: Budget) -> dict[int, float]:
    """BM25 of the query strings as substrings, title occurrences weighing more (first stage).

    Paragraphs not reached within the budget score 0 (they are still returned, ranked last).
    """
    n = len(snap.folded)
    # each string with its forms (see textfold.forms), looked up once rather than per paragraph
    idf = {forms(s): math.log(1 + (n - df + 0.5) / (df + 0.5)) for s, df in strings.items()}
    texts, titles, avg = snap.folded, snap.columns["title"], snap.average_length
    scores = dict.fromkeys(docs, 0.0)
    for k, d in enumerate(docs):
        if k % CHUNK == CHUNK - 1 and budget.expired():
            break
        text, title = texts[d], titles[d]
        norm = K1 * (1 - B + B * len(text) / avg)
        score = 0.0
        for fs, w in idf.items():
            tf = sum(text.count(f) for f in fs)
            in_title = any(f in title for f in fs)
            score += w * (tf * (K1 + 1) / (tf + norm) + (TITLE_BOOST if in_title else 0.0))
        scores[d] = score
    return scores


def _by_relevance(snap: store.Snapshot, docs: set[int], strings: dict[str, int],
                  rank: wq.Query | None, wanted: int, budget: Budget) -> list[tuple[int, float]]:
    """The first `wanted` of `docs` in relevance order, with their scores.

    All matches are ordered by BM25 of the query strings; the best RERANK of them are then
    re-ordered by Whoosh's BM25F over jieba words (title weighing more, words close together
    counting). Ties go to the newest, then to document order, so the order is total and pages
    never overlap.
    """
    if not docs or not wanted:
        return []
    dates = snap.columns["date"]
    first = _string_scores(snap, docs, strings, budget)

    def key(d):
        return (-first[d], _desc(dates[d]), d)

    if wanted <= RERANK:
        order = heapq.nsmallest(RERANK, docs, key=key)
    else:
        order = sorted(docs, key=key)
    head = order[:RERANK]
    second: dict[int, float] = {}
    if rank is not None and not budget.expired():
        results = snap.searcher().search(wq.And([DocSet(head), rank]), limit=None)
        second = {d: s for s, d in results.top_n}
    head.sort(key=lambda d: (-second.get(d, 0.0),) + key(d))
    return [(d, second.get(d, first[d])) for d in (head + order[RERANK:])[:wanted]]


def _desc(date: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in date) + (1,)


def _validate_paging(page, per_page, sort) -> tuple[int, int]:
    try:
        page, per_page = int(page), int(per_page)
    except (TypeError, ValueError):
        raise QueryError("页码和每页条数必须是整数。", hint="例如 page=2&per_page=20。") from None
    if page < 1:
        raise QueryError("页码从 1 开始。", hint="例如 page=1。")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise QueryError(f"每页条数应在 1 到 {MAX_PER_PAGE} 之间。", hint="例如 per_page=20。")
    if sort not in SORTS:
        raise QueryError(f"不认识的排序方式 {sort!r}。", hint="可用 relevance、newest、oldest。")
    return page, per_page


GROUPS = ("paragraph", "document")
MAX_OTHERS = 50  # other matching paragraphs listed under a document's best one


def search(index_dir: str | os.PathLike, q: str, page: int = 1, per_page: int = 20,
           sort: str = "relevance", filters: dict | None = None,
           time_limit: float | None = TIME_LIMIT, group: str = "paragraph") -> SearchResult:
    """Paragraphs that contain what `q` asks for, one page of them, ranked, with counts and facets.

    With group="document" a page holds documents: each one's best paragraph as the hit, its
    other matching paragraphs (in document order) in `hit.others`.
    """
    page, per_page = _validate_paging(page, per_page, sort)
    if group not in GROUPS:
        raise QueryError(f"不认识的分组方式 {group!r}。", hint="可用 paragraph（逐段）或 document（按文档）。")
    snap = store.snapshot(index_dir)
    parsed = read_query(snap, q, filters)
    words = query_words(parsed, snap)
    budget = Budget(time_limit)
    docs = _matching(snap, parsed, budget)
    exact = _exact(snap, parsed, docs, budget)
    offset = (page - 1) * per_page
    cols = snap.columns
    ids = cols["doc_id"]
    by_doc: dict[str, list[int]] = {}
    for d in docs:
        by_doc.setdefault(ids[d], []).append(d)
    per_doc = Counter({k: len(v) for k, v in by_doc.items()})
    searcher = snap.searcher()
    needles = _needles(parsed)

    def hit(d: int, score: float) -> Hit:
        return _hit(searcher.stored_fields(d), score, needles, per_doc, d in exact)

    if group == "document":
        ranked = _best_per_document(snap, parsed, words, docs, exact, sort, offset + per_page, budget)
        hits = []
        for d, score in ranked[offset:]:
            best = hit(d, score)
            others = sorted((n for n in by_doc[ids[d]] if n != d), key=cols["paragraph"].__getitem__)
            best.others = [hit(n, 0.0) for n in others[:MAX_OTHERS]]
            hits.append(best)
    else:
        wanted = min(offset + per_page, len(docs))
        ranked = _ordered(snap, parsed, words, docs, exact, sort, wanted, budget)
        hits = [hit(d, score) for d, score in ranked[offset:wanted]]
    suggestions = [] if docs or budget.exceeded else _suggestions(snap, parsed, filters or {})
    return SearchResult(
        query=q, total=len(docs), exact_total=len(exact), page=page, per_page=per_page, hits=hits,
        sort=sort, reading=_reading(parsed, words, filters or {}), facets=_facets(snap, docs),
        suggestions=suggestions, partial=budget.exceeded,
        notice="" if docs else _never_meet(parsed), group=group, documents_total=len(by_doc),
    )


def _best_per_document(snap, parsed, words, docs, exact, sort, wanted, budget) -> list[tuple[int, float]]:
    """The first `wanted` documents' best paragraphs, in the order of the paragraphs' ranking."""
    ids = snap.columns["doc_id"]
    size = min(len(docs), max(wanted * 3, 60))
    while True:
        ranked = _ordered(snap, parsed, words, docs, exact, sort, size, budget)
        best: dict[str, tuple[int, float]] = {}
        for d, score in ranked:
            best.setdefault(ids[d], (d, score))
        if len(best) >= wanted or size >= len(docs) or budget.expired():
            return list(best.values())[:wanted]
        size = min(len(docs), size * 4)


def _needles(parsed: ParsedQuery) -> list[str]:
    """What to highlight: every string as typed, and the words of those read as words."""
    return list(dict.fromkeys(parsed.positive + parsed.words_read))


def _reading(parsed: ParsedQuery, words: list[str], form_filters: dict) -> QueryReading:
    exact_query = ""
    if parsed.splits:  # the same query with every string quoted: only exact occurrences
        typed = [f"{k}:{quote(v)}" for k, v in parsed.filters.items() if not form_filters.get(k)]
        exact_query = " ".join([_render(parsed.must, parsed.any_of, parsed.exclude,
                                        parsed.quoted | set(parsed.splits))] + typed)
    return QueryReading(must=parsed.must, any_of=parsed.any_of, exclude=parsed.exclude,
                        filters=parsed.filters, words=words,
                        also={s: forms(s)[1] for s in parsed.positive + parsed.exclude
                              if len(forms(s)) > 1},
                        read_as_words=[parsed.splits[s].to_api() for s in parsed.positive
                                       if s in parsed.splits],
                        exact_query=exact_query)


def _never_meet(parsed: ParsedQuery) -> str:
    """Says which words no paragraph holds together, when strings were read as words."""
    if not parsed.splits:
        return ""
    words = parsed.words_read
    listed = "、".join(f"“{w}”" for w in words[:-1]) + f"和“{words[-1]}”"
    return f"没有一个段落同时包含{listed}。"


MIN_PART = 2  # the shortest part of a long string worth suggesting


def _suggestions(snap: store.Snapshot, parsed: ParsedQuery, form_filters: dict) -> list[Suggestion]:
    """What to try when nothing matched: without filters, one string alone, a shorter part."""
    m = _Matcher(snap)
    out: list[Suggestion] = []
    unfiltered = replace(parsed, filters={}, year_range=None, date_range=None)
    bare = _render(parsed.must, parsed.any_of, parsed.exclude, parsed.quoted)
    if parsed.filters:
        n = len(_matching(snap, unfiltered))
        if n:
            out.append(Suggestion(bare, {}, f"去掉筛选条件（{_describe(parsed.filters)}）后有 {n} 个段落", n))
    out += _without_a_word(snap, parsed, form_filters)
    if len(parsed.positive) > 1:
        for s in parsed.positive:
            n = len(_matching(snap, ParsedQuery(must=[s], quoted=parsed.quoted, splits=parsed.splits,
                                                filters=parsed.filters, year_range=parsed.year_range,
                                                date_range=parsed.date_range)))
            if n:
                alone = _render([s], [], [], parsed.quoted)
                out.append(Suggestion(alone, form_filters, f"只查“{s}”有 {n} 个段落", n))
    for s in parsed.positive:
        if len(s) > MIN_PART and s not in parsed.splits and not _filtered(snap, parsed, m.containing(s)):
            part = _longest_part(snap, parsed, m, s)
            if part:
                n = len(_filtered(snap, parsed, m.containing(part)))
                must = [part if x == s else x for x in parsed.must]
                any_of = [[part if x == s else x for x in g] for g in parsed.any_of]
                out.append(Suggestion(_render(must, any_of, parsed.exclude, parsed.quoted | {part}),
                                      form_filters, f"“{s}”没有出现；其中的“{part}”出现在 {n} 个段落", n))
    # a suggestion is a link to a new search: it must itself be a query the parser accepts
    return [x for x in out if len(x.query) <= MAX_QUERY_LENGTH][:5]


def _longest_part(snap, parsed, m: _Matcher, s: str) -> str:
    """The longest prefix or suffix of `s` that occurs (under the query's filters), or ''."""
    best = ""
    for cut in (lambda k: s[:k], lambda k: s[-k:]):
        lo, hi = MIN_PART, len(s) - 1  # find the longest k with cut(k) occurring
        if not _filtered(snap, parsed, m.containing(cut(lo))):
            continue
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _filtered(snap, parsed, m.containing(cut(mid))):
                lo = mid
            else:
                hi = mid - 1
        if lo > len(best):
            best = cut(lo)
    return best


def _without_a_word(snap: store.Snapshot, parsed: ParsedQuery, form_filters: dict) -> list[Suggestion]:
    """For strings read as words that never meet: the search without each word, with its count."""
    out: list[Suggestion] = []
    for s, split in parsed.splits.items():
        if s not in parsed.must:
            continue
        for w in split.words:
            rest = [x for x in split.words if x != w]
            must = [x for t in parsed.must for x in (rest if t == s else [t])]
            trial = replace(parsed, must=list(dict.fromkeys(must)), splits={})
            n = len(_matching(snap, trial))
            if n:
                query = _render(trial.must, parsed.any_of, parsed.exclude, parsed.quoted)
                out.append(Suggestion(query, form_filters, f"不含“{w}”：{n} 个段落", n))
    return sorted(out, key=lambda x: -x.total)


def _render(must: list[str], any_of: list[list[str]], exclude: list[str],
            quoted: set[str] = frozenset()) -> str:
    """Query text for these strings; those that were exact are quoted so that they stay exact."""
    def q(s: str) -> str:
        return quote(s, force=s in quoted)

    parts = [q(s) for s in must]
    parts += [" OR ".join(q(s) for s in group) for group in any_of]
    parts += ["-" + q(s) for s in exclude]
    return " ".join(parts)


def _describe(filters: dict[str, str]) -> str:
    names = {"year": "年份", "date": "日期", "place": "地点", "source": "来源"}
    return "、".join(f"{names.get(k, k)} {v}" for k, v in filters.items())


def _exact(snap: store.Snapshot, parsed: ParsedQuery, docs: set[int], budget: Budget) -> set[int]:
    """The matches that hold every string as typed (not only the words a string was read as)."""
    if not parsed.splits:
        return docs
    must = [s for s in parsed.must if s in parsed.splits]
    groups = [g for g in parsed.any_of if any(s in parsed.splits for s in g)]
    return _checked(docs, lambda d: all(_holds(snap, d, s) for s in must)
                    and all(any(_holds(snap, d, s) for s in g) for g in groups), budget)


def _gap(text: str, words: tuple[str, ...]) -> int:
    """Characters between `words` where they stand closest together in `text` (large if one is missing)."""
    marks = sorted((i, k, len(w)) for k, w in enumerate(words) for i in _positions(text, w))
    if {k for _, k, _ in marks} != set(range(len(words))):
        return FAR
    best, last, need = FAR, {}, sum(map(len, words))
    for i, k, n in marks:
        last[k] = (i, n)
        if len(last) == len(words):
            start = min(a for a, _ in last.values())
            end = max(a + b for a, b in last.values())
            best = min(best, max(0, end - start - need))
    return best


def _positions(text: str, w: str) -> Iterator[int]:
    i = text.find(w)
    while i != -1:
        yield i
        i = text.find(w, i + 1)


def _by_closeness(snap: store.Snapshot, parsed: ParsedQuery, docs: set[int], strings: dict[str, int],
                  wanted: int, budget: Budget) -> list[tuple[int, float]]:
    """The first `wanted` of `docs` with the words of each string read as words closest together
    first (fewest characters between them), equally close ones by BM25 of the strings."""
    if not docs or not wanted:
        return []
    splits = [parsed.splits[s].words for s in parsed.positive if s in parsed.splits]
    texts, dates = snap.folded, snap.columns["date"]
    gaps: dict[int, int] = {}
    for k, d in enumerate(docs):
        if k % CHUNK == CHUNK - 1 and budget.expired():
            break
        gaps[d] = sum(_gap(texts[d], w) for w in splits)
    first = _string_scores(snap, docs, strings, budget)

    def key(d):
        return (gaps.get(d, FAR), -first[d], _desc(dates[d]), d)

    order = heapq.nsmallest(wanted, docs, key=key) if wanted <= RERANK else sorted(docs, key=key)[:wanted]
    return [(d, first[d]) for d in order]


def _ordered(snap: store.Snapshot, parsed: ParsedQuery, words: list[str], docs: set[int],
             exact: set[int], sort: str, wanted: int, budget: Budget) -> list[tuple[int, float]]:
    """The first `wanted` matches in the requested order, with their scores.

    By relevance: paragraphs holding every string as typed, those holding the whole query as
    one string first, and in each of these groups the first paragraphs of documents whose title
    holds the query first; then those holding only the words, the closest together first.
    """
    cols = snap.columns
    if sort != "relevance":
        def key(d):
            return (cols["date"][d], cols["doc_id"][d], cols["paragraph"][d])
        ordered = sorted(docs, key=key, reverse=sort == "newest")[:wanted]
        return [(d, 0.0) for d in ordered]
    rank = _rank_query(_rank_words(snap, words))
    m = _Matcher(snap)
    strings = {s: m.frequency(s) for s in dict.fromkeys(parsed.positive + parsed.words_read)}
    groups: list[set[int]] = [exact]
    if parsed.whole:
        whole = {d for d in exact if _holds(snap, d, parsed.whole)}
        groups = [whole, exact - whole]
    titled = _titled(snap, parsed) & docs
    ranked: list[tuple[int, float]] = []
    for group in groups:
        for part in ((group & titled, group - titled) if titled else (group,)):
            if len(ranked) >= wanted:
                return ranked
            ranked += _by_relevance(snap, part, strings, rank, min(wanted - len(ranked), len(part)), budget)
    if len(ranked) < wanted:
        ranked += _by_closeness(snap, parsed, docs - exact, strings, wanted - len(ranked), budget)
    return ranked


def _titled(snap: store.Snapshot, parsed: ParsedQuery) -> set[int]:
    """Lead paragraphs of the documents whose title holds every string of the query as typed."""
    titles = snap.titles
    out: set[int] | None = None
    for s in parsed.must:
        found = set().union(*(titles.containing(f) for f in forms(s)))
        out = found if out is None else out & found
    for group in parsed.any_of:
        found = set().union(*(titles.containing(f) for s in group for f in forms(s)))
        out = found if out is None else out & found
    return out or set()


def iter_hits(index_dir: str | os.PathLike, q: str, sort: str = "relevance",
              filters: dict | None = None, limit: int | None = None,
              highlight: bool = True) -> Iterator[Hit]:
    """Every matching paragraph (or the first `limit`), in order, produced one at a time.

    With `highlight=False` the hits' `highlight` is only the escaped text (faster, for export).
    """
    _validate_paging(1, 1, sort)
    snap = store.snapshot(index_dir)
    parsed = read_query(snap, q, filters)
    words = query_words(parsed, snap)
    docs = _matching(snap, parsed)
    exact = _exact(snap, parsed, docs, Budget(None))
    wanted = len(docs) if limit is None else min(limit, len(docs))
    per_doc = Counter(snap.columns["doc_id"][d] for d in docs)
    searcher = snap.searcher()
    needles = _needles(parsed) if highlight else []
    for d, score in _ordered(snap, parsed, words, docs, exact, sort, wanted, Budget(None)):
        yield _hit(searcher.stored_fields(d), score, needles, per_doc, d in exact)


def documents(index_dir: str | os.PathLike, filters: dict | None = None) -> list[DocumentSummary]:
    """Every document passing the filters (year, date, place, source as in search), by date."""
    parsed = ParsedQuery()
    for name, value in (filters or {}).items():
        if value is not None:
            apply_filter(parsed, name, str(value))
    snap = store.snapshot(index_dir)
    ids = snap.columns["doc_id"]
    every = {d for d in range(len(ids)) if ids[d]}
    first: dict[str, int] = {}
    sizes: Counter = Counter()
    for d in sorted(_filtered(snap, parsed, every) if parsed.filters else every):
        first.setdefault(ids[d], d)
        sizes[ids[d]] += 1
    searcher = snap.searcher()
    out = []
    for doc_id, d in first.items():
        f = searcher.stored_fields(d)
        out.append(DocumentSummary(doc_id=doc_id, path=f["path"], title=f.get("title", ""),
                                   date=f.get("date", ""), place=f.get("place", ""),
                                   source=f.get("source", ""), paragraphs=sizes[doc_id],
                                   url=f.get("url", "")))
    out.sort(key=lambda s: (s.date, s.path))
    return out


def timeline(index_dir: str | os.PathLike, q: str, filters: dict | None = None) -> Timeline:
    """Matching paragraphs and documents per year, also per 100,000 characters of that year."""
    snap = store.snapshot(index_dir)
    parsed = read_query(snap, q, filters)
    docs = _matching(snap, parsed)
    cols = snap.columns
    paragraphs: Counter = Counter()
    documents: dict[int, set] = {}
    for d in docs:
        year = snap.years[d]
        if year:
            paragraphs[year] += 1
            documents.setdefault(year, set()).add(cols["doc_id"][d])
    sizes = snap.characters_per_year()
    years = [YearCount(year=y, paragraphs=paragraphs[y], documents=len(documents[y]),
                       per_100k=round(paragraphs[y] * 100_000 / max(1, sizes.get(y, 0)), 3))
             for y in sorted(paragraphs)]
    dated = sorted((cols["date"][d], cols["doc_id"][d], cols["paragraph"][d]) for d in docs
                   if cols["date"][d])
    searcher = snap.searcher()

    def mention(entry) -> Mention | None:
        if entry is None:
            return None
        date, doc_id, paragraph = entry
        d = next(n for n in snap.docnums_of(doc_id) if cols["paragraph"][n] == paragraph)
        return Mention(doc_id=doc_id, paragraph=paragraph, date=date,
                       title=searcher.stored_fields(d).get("title", ""))

    return Timeline(query=q, total=len(docs), years=years,
                    first=mention(dated[0] if dated else None),
                    last=mention(dated[-1] if dated else None))


def _facets(snap: store.Snapshot, docs: set[int]) -> dict[str, list[tuple[str, int]]]:
    years = Counter(snap.years[d] for d in docs)
    facets = {"year": sorted(((str(y), n) for y, n in years.items() if y), reverse=True)}
    for name in ("place", "source"):
        values = snap.columns[name]
        counts = Counter(values[d] for d in docs)
        facets[name] = sorted(((v, n) for v, n in counts.items() if v), key=lambda vn: (-vn[1], vn[0]))
    return facets


def _hit(fields: dict, score: float, needles: list[str], per_doc: Counter, exact: bool = True) -> Hit:
    doc_id = fields["doc_id"]
    return Hit(
        doc_id=doc_id, path=fields["path"], title=fields.get("title", ""),
        date=fields.get("date", ""), place=fields.get("place", ""),
        source=fields.get("source", ""), paragraph=fields["paragraph"], text=fields["text"],
        highlight=mark(fields["text"], needles), more_in_doc=per_doc[doc_id] - 1, score=score,
        match="exact" if exact else "words",
        title_highlight=mark(fields.get("title", ""), needles),
    )


def mark(text: str, needles: list[str]) -> str:
    """`text` HTML-escaped, with <mark> around every occurrence of the (folded) needles."""
    out: list[str] = []
    last = 0
    for start, end in find_spans(text, needles):
        out.append(html.escape(text[last:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def highlight(text: str, q: str, index_dir: str | os.PathLike | None = None) -> str:
    """A paragraph HTML-escaped with the strings of query `q` marked; plain escaped if q is unusable.

    With the index, strings read as words (see read_query) have their words marked too.
    """
    return highlight_paragraphs([text], q, index_dir)[0]


def highlight_paragraphs(paragraphs: list[str], q: str,
                         index_dir: str | os.PathLike | None = None) -> list[str]:
    """Each paragraph highlighted as by `highlight`, the query read once."""
    try:
        parsed = read_query(store.snapshot(index_dir), q) if index_dir is not None else parse_query(q)
    except QueryError:
        return [html.escape(text) for text in paragraphs]
    needles = _needles(parsed)
    return [mark(text, needles) for text in paragraphs]


def get_document(index_dir: str | os.PathLike, doc_id: str) -> DocumentView:
    """The whole document with this id, paragraphs in order; DocumentNotFound if none."""
    snap = store.snapshot(index_dir)
    nums = snap.docnums_of(doc_id)
    if not nums:
        raise DocumentNotFound(f"找不到文档 {doc_id}。",
                               hint="文档可能已从档案中删除，或索引已重建；请重新搜索。")
    searcher = snap.searcher()
    paragraphs = [searcher.stored_fields(d) for d in nums]
    first = paragraphs[0]
    return DocumentView(
        doc_id=doc_id, path=first["path"], title=first.get("title", ""),
        date=first.get("date", ""), place=first.get("place", ""),
        source=first.get("source", ""), url=first.get("url", ""),
        paragraphs=[p["text"] for p in paragraphs], origin=first.get("origin") or {},
    )
