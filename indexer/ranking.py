"""The order of the matches: exact occurrences first, then BM25F over jieba words and titles;
strings read as words with their words closest together first.

BM25F is Whoosh's (idf, K1, B, the title field's boost), computed with numpy from the word
postings kept beside the index (words.py) for the few paragraphs reranked.
"""
from __future__ import annotations

import math

import numpy as np

from . import store
from .counting import as_array, chronological
from .grams import CANDIDATE_GRAMS, bigrams
from .matching import CHUNK, Budget, Matcher
from .query import ParsedQuery
from .textfold import forms

TITLE_BOOST = 2.0  # a title word's weight, counted twice over: as a field's and a query's boost
PROXIMITY_BOOST = 1.5
RERANK = 100  # how many of the best matches BM25F over jieba words re-ranks
K1, B = 1.2, 0.75
CLOSE_POOL = 400  # matches holding only the words whose closeness is measured (the best by BM25)
NEAR = 16  # characters between words that still count as close together (about 8 words)
FAR = 1 << 20  # the distance of words that do not all stand in the paragraph's text
RANK_MAX_SHARE = 0.05  # words in more paragraphs than this add little to BM25F, and cost most
RANK_MIN_WORDS = 2


def rank_words(snap: store.Snapshot, words: list[str]) -> list[str]:
    """The query's words that rank: all but the very common ones (的, 进行), the rarest kept."""
    limit = RANK_MAX_SHARE * len(snap.folded)
    df = {w: snap.words.frequency(w) for w in dict.fromkeys(words)}  # in query order
    keep = {w for w in df if df[w] <= limit} | set(sorted(df, key=df.get)[:RANK_MIN_WORDS])
    return [w for w in words if w in keep]


def _idf(n: int, df: int) -> float:
    return math.log(n / (df + 1)) + 1  # Whoosh's, for BM25F


def _bm25_idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _norm(lengths: np.ndarray, average: float) -> np.ndarray:
    """BM25's length normalisation of each paragraph (K1 included): tf / (tf + norm) saturates."""
    return K1 * (1 - B + B * lengths / (average or 1))


def closeness_bonus(snap: store.Snapshot, words: list[str]) -> tuple[tuple[str, ...], float] | None:
    """The words whose standing close together adds to a paragraph's score, and how much.

    A phrase matcher would intersect the words' positions over the whole index for each
    search; over the few paragraphs reranked, the distance is measured on their text instead:
    within NEAR characters the paragraph gains PROXIMITY_BOOST times the words' mean IDF.
    """
    words = list(dict.fromkeys(words))
    if len(words) < 2:
        return None
    n = len(snap.folded)
    idf = [_bm25_idf(n, df) for df in map(snap.words.frequency, words)]
    return tuple(words), PROXIMITY_BOOST * sum(idf) / len(idf)


def _bm25(postings, words: list[str], docs: np.ndarray, n: int, boost: float) -> np.ndarray:
    norm = _norm(postings.lengths_of(docs), postings.average(n))
    scores = np.zeros(len(docs))
    for w in words:
        tf = boost * postings.counts_in(w, docs)
        scores += _idf(n, postings.frequency(w)) * tf * (K1 + 1) / (tf + norm)
    return scores


def word_scores(snap: store.Snapshot, words: list[str], docs: np.ndarray) -> np.ndarray:
    """BM25F of `words` over the paragraphs' jieba words and their titles' (title weighing
    TITLE_BOOST twice over: field and query boost, as Whoosh's BM25F did), for each of `docs`."""
    n = len(snap.folded)
    if not words or not len(docs):
        return np.zeros(len(docs))
    return (_bm25(snap.words, words, docs, n, 1.0)
            + TITLE_BOOST * _bm25(snap.title_words, words, docs, n, TITLE_BOOST))


def _counts(snap: store.Snapshot, f: str, docs: np.ndarray) -> np.ndarray:
    """How often folded string `f` stands in each of `docs`: exact for up to two characters,
    else the count of its rarest bigrams (an upper bound, exact unless they also stand apart)."""
    if len(f) < 2:
        return snap.folded.counts(f, docs)
    grams = sorted(set(bigrams(f)), key=snap.grams.frequency)[:CANDIDATE_GRAMS]
    tf = snap.grams.counts_in(grams[0], docs)
    for g in grams[1:]:
        tf = np.minimum(tf, snap.grams.counts_in(g, docs))
    return tf


def string_scores(snap: store.Snapshot, docs: np.ndarray, strings: dict[str, int]) -> np.ndarray:
    """BM25 of the query strings as substrings, title occurrences weighing more (first stage),
    for every one of `docs` at once."""
    n = len(snap.folded)
    norm = _norm(snap.lengths[docs], snap.average_length)
    titles, title_codes = snap.coded("title")
    title_codes = title_codes[docs]
    distinct = np.unique(title_codes).tolist()  # the titles of these paragraphs' documents
    scores = np.zeros(len(docs))
    for s, df in strings.items():
        fs = forms(s)  # each string with its forms (see textfold.forms)
        idf = _bm25_idf(n, df)
        tf = sum(_counts(snap, f, docs) for f in fs)
        in_title = np.zeros(len(titles), dtype=bool)
        in_title[distinct] = [any(f in titles[t] for f in fs) for t in distinct]
        scores += idf * (tf * (K1 + 1) / (tf + norm) + TITLE_BOOST * in_title[title_codes])
    return scores


def _head(keys: tuple[np.ndarray, ...], wanted: int) -> np.ndarray:
    """Positions of the `wanted` smallest by `keys` (the first key decides, the next break ties),
    in order, partitioning on the first key so that only its best few are sorted."""
    first = keys[0]
    if wanted < len(first):
        bound = np.partition(first, wanted - 1)[wanted - 1]
        pool = np.flatnonzero(first <= bound)
    else:
        pool = np.arange(len(first))
    return pool[np.lexsort(tuple(k[pool] for k in reversed(keys)))][:wanted]


def _by_relevance(snap: store.Snapshot, docs: set[int], strings: dict[str, int],
                  rank: list[str], close: tuple[tuple[str, ...], float] | None,
                  wanted: int, budget: Budget) -> list[tuple[int, float]]:
    """The first `wanted` of `docs` in relevance order, with their scores.

    All matches are scored by BM25 of the query strings at once; the best RERANK of them are
    then re-ordered by BM25F over jieba words (title weighing more, words close together
    counting). Ties go to the newest, then to document order, so the order is total
    and pages never overlap.
    """
    if not docs or not wanted:
        return []
    arr = as_array(docs)
    first = string_scores(snap, arr, strings)
    best = _head((-first, snap.recency[arr]), max(wanted, RERANK))
    order = arr[best].tolist()
    score = dict(zip(order, first[best].tolist()))
    head = order[:RERANK]
    second: dict[int, float] = {}
    if rank and not budget.expired():
        scored = word_scores(snap, rank, np.asarray(head, dtype=np.int64))
        second = {d: s for d, s in zip(head, scored.tolist()) if s > 0}
        if close is not None:
            near, bonus = close
            for d in head:
                if _gap(snap.folded[d], near) <= NEAR:
                    second[d] = second.get(d, 0.0) + bonus
    place = {d: i for i, d in enumerate(head)}
    head.sort(key=lambda d: (-second.get(d, 0.0), place[d]))
    return [(d, second.get(d, score[d])) for d in (head + order[RERANK:])[:wanted]]


def _gap(text: str, words: tuple[str, ...]) -> int:
    """Characters between `words` where they stand closest together in `text` (large if one is missing)."""
    if len(words) == 2:
        return _gap_of_two(text, *words)
    marks = sorted((i, k, len(w)) for k, w in enumerate(words) for i in _places(text, w))
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


def _gap_of_two(text: str, a: str, b: str) -> int:
    """_gap of two words, walking their positions in step (the common case, without the
    general one's sorting)."""
    xs, ys = _places(text, a), _places(text, b)
    if not xs or not ys:
        return FAR
    la, lb, best, j, ny = len(a), len(b), FAR, 0, len(ys)
    for i in xs:  # each place of a against the places of b just before it and from it on
        while j < ny and ys[j] < i:
            j += 1
        if j < ny:
            y = ys[j]
            span = (y + lb if y + lb > i + la else i + la) - i
            if span < best:
                best = span
        if j:
            y = ys[j - 1]
            span = (y + lb if y + lb > i + la else i + la) - y
            if span < best:
                best = span
    return max(0, best - la - lb)


def _places(text: str, w: str) -> list[int]:
    """Where `w` starts in `text`, overlapping places included."""
    out, i = [], text.find(w)
    while i != -1:
        out.append(i)
        i = text.find(w, i + 1)
    return out


def _by_closeness(snap: store.Snapshot, parsed: ParsedQuery, docs: set[int], strings: dict[str, int],
                  wanted: int, budget: Budget) -> list[tuple[int, float]]:
    """The first `wanted` of `docs` with the words of each string read as words closest together
    first (fewest characters between them), equally close ones by BM25 of the strings; of many
    matches, the CLOSE_POOL best by BM25 are the ones measured."""
    if not docs or not wanted:
        return []
    splits = [parsed.splits[s].words for s in parsed.positive if s in parsed.splits]
    texts = snap.folded
    arr = as_array(docs)
    first = string_scores(snap, arr, strings)
    # Closeness is measured in Python, on the best of the matches by BM25 of the strings only.
    # (the pool must not depend on `wanted`: every page is cut from the same order)
    pool = _head((-first, snap.recency[arr]), CLOSE_POOL) if CLOSE_POOL else np.zeros(0, np.int64)
    gaps = np.full(len(arr), FAR, dtype=np.int64)
    for n, k in enumerate(pool.tolist()):
        if n % CHUNK == CHUNK - 1 and budget.expired():
            break
        gaps[k] = sum(_gap(texts[int(arr[k])], w) for w in splits)
    head = _head((gaps, -first, snap.recency[arr]), wanted)
    return [(int(arr[i]), float(first[i])) for i in head]


def ordered(snap: store.Snapshot, parsed: ParsedQuery, words: list[str], docs: set[int],
             exact: set[int], sort: str, wanted: int, budget: Budget) -> list[tuple[int, float]]:
    """The first `wanted` matches in the requested order, with their scores.

    By relevance: paragraphs holding every string as typed, those holding the whole query as
    one string first, and in each of these groups the first paragraphs of documents whose title
    holds the query first; then those holding only the words, the closest together first.
    """
    if sort != "relevance":
        return [(d, 0.0) for d in chronological(snap, as_array(docs), wanted, sort == "newest")]
    rank = rank_words(snap, words)
    close = closeness_bonus(snap, rank)
    m = Matcher(snap)
    strings = {s: m.frequency(s) for s in dict.fromkeys(parsed.positive + parsed.words_read)}
    groups: list[set[int]] = [exact]
    if parsed.whole:  # found as any string is (its rarest bigrams' postings), not tried on each match
        whole = m.containing(parsed.whole, exact)
        groups = [whole, exact - whole]
    titled = _titled(snap, parsed) & docs
    ranked: list[tuple[int, float]] = []
    for group in groups:
        for part in ((group & titled, group - titled) if titled else (group,)):
            if len(ranked) >= wanted:
                return ranked
            ranked += _by_relevance(snap, part, strings, rank, close, min(wanted - len(ranked), len(part)), budget)
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


def best_per_document(snap, parsed, words, docs, exact, sort, wanted, budget) -> list[tuple[int, float]]:
    """The first `wanted` documents' best paragraphs, in the order of the paragraphs' ranking."""
    ids = snap.columns["doc_id"]
    size = min(len(docs), max(wanted * 3, 60))
    while True:
        ranked = ordered(snap, parsed, words, docs, exact, sort, size, budget)
        best: dict[str, tuple[int, float]] = {}
        for d, score in ranked:
            best.setdefault(ids[d], (d, score))
        if len(best) >= wanted or size >= len(docs) or budget.expired():
            return list(best.values())[:wanted]
        size = min(len(docs), size * 4)
