"""Searching the index: one page of the matching paragraphs, ranked, counted, faceted, highlighted.

Which paragraphs match is matching.py's job, their order ranking.py's, what to try when
nothing matched suggesting.py's; this module puts a search's answer together.
"""
from __future__ import annotations

import html
import os
from collections import Counter
from typing import Iterator

import numpy as np

from . import arrival, store
from . import copies_view
from .counting import as_array, chronological, counts, dated, documents_per_year, facets
from .errors import DocumentNotFound, QueryError
from .matching import Budget, exact_matches, filtered, matching, query_words, read_query
from .near import Near, near_statements, marked_span
from .query import ParsedQuery, apply_filter, parse_query, quote
from .ranking import best_per_document, ordered
from .results import (DocumentSummary, DocumentView, Hit, Mention, QueryReading, SearchResult,
                      Timeline, YearCount)
from .speaker_index import shown, speaker_counts
from .suggesting import never_meet, render, suggestions
from .textfold import find_spans, forms

MAX_PER_PAGE = 100
SORTS = ("relevance", "newest", "oldest")
FACETS = ("year", "place", "source", "speaker")
SPEAKER_FACET = 30  # the most frequent speakers of a result
TIME_LIMIT = 5.0  # seconds a search may take before it answers with what it has (partial)


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
COPIES = ("show", "hide")  # hide: each group of copies once, its earliest paragraph
MAX_OTHERS = 50  # other matching paragraphs listed under a document's best one


def search(index_dir: str | os.PathLike, q: str, page: int = 1, per_page: int = 20,
           sort: str = "relevance", filters: dict | None = None,
           time_limit: float | None = TIME_LIMIT, group: str = "paragraph",
           since: float | None = None, copies: str = "show") -> SearchResult:
    """Paragraphs that contain what `q` asks for, one page of them, ranked, with counts and facets.

    With `since` (Unix seconds), `new_since` counts the matches that entered the index after it.

    With group="document" a page holds documents: each one's best paragraph as the hit, its
    other matching paragraphs (in document order) in `hit.others`. With copies="hide" each
    group of copies (see copies.py) is one match, its earliest paragraph.
    """
    page, per_page = _validate_paging(page, per_page, sort)
    if group not in GROUPS:
        raise QueryError(f"不认识的分组方式 {group!r}。", hint="可用 paragraph（逐段）或 document（按文档）。")
    if copies not in COPIES:
        raise QueryError(f"不认识的转载显示方式 {copies!r}。", hint="可用 show（全部显示）或 hide（隐藏转载）。")
    snap = store.snapshot(index_dir)
    budget = Budget(time_limit)
    parsed, docs = _matched(snap, q, filters, budget)
    words = query_words(parsed, snap)
    docs, hidden = copies_view.hide(snap, docs) if copies == "hide" else (docs, 0)
    exact = exact_matches(snap, parsed, docs, budget)
    offset = (page - 1) * per_page
    cols = snap.columns
    ids = cols["doc_id"]
    matched = as_array(docs)
    per_doc = counts(snap, "doc_id", matched)
    needles = _needles(parsed)

    def hit(d: int, score: float) -> Hit:
        h = _hit(snap.stored(d), score, needles, per_doc, d in exact, d in snap.alt)
        h.copies = copies_view.summary(snap, d)
        return h

    if group == "document":
        ranked = best_per_document(snap, parsed, words, docs, exact, sort, offset + per_page, budget)
        hits = []
        for d, score in ranked[offset:]:
            best = hit(d, score)
            others = [n for n in snap.docnums_of(ids[d]) if n != d and n in docs]
            best.others = [hit(n, 0.0) for n in others[:MAX_OTHERS]]
            hits.append(best)
    else:
        wanted = min(offset + per_page, len(docs))
        ranked = ordered(snap, parsed, words, docs, exact, sort, wanted, budget)
        hits = [hit(d, score) for d, score in ranked[offset:wanted]]
    # Near statements answer with the first page (as the page shows them), not with every page.
    near, near_total = near_statements(snap, parsed, docs, budget, typed=q) if page == 1 else ([], 0)
    # near statements answer a misquote better than a shorter part of it would
    tried = [] if docs or near or budget.exceeded else suggestions(snap, parsed, filters or {})
    return SearchResult(
        query=q, total=len(docs), exact_total=len(exact), page=page, per_page=per_page, hits=hits,
        sort=sort, reading=_reading(parsed, words, filters or {}), facets=_facets(snap, docs, matched),
        suggestions=tried, partial=budget.exceeded,
        notice="" if docs else never_meet(parsed), group=group, documents_total=len(per_doc),
        near=[_near_hit(snap.stored(n.doc), n) for n in near], near_total=near_total,
        new_since=None if since is None else arrival.count_since(snap, docs, since),
        hidden_copies=hidden,
    )


def _near_hit(fields: dict, near: Near) -> Hit:
    """A paragraph nearly saying the quoted string, its aligned window marked."""
    hit = _hit(fields, 0.0, [], Counter({fields["doc_id"]: 1}), exact=False)
    hit.match, hit.similarity, hit.diff = "near", near.similarity, near.diff
    hit.highlight = marked_span(fields["text"], near.span)
    return hit


def _needles(parsed: ParsedQuery) -> list[str]:
    """What to highlight: every string as typed, and the words of those read as words."""
    return list(dict.fromkeys(parsed.positive + parsed.words_read))


def _reading(parsed: ParsedQuery, words: list[str], form_filters: dict) -> QueryReading:
    exact_query = ""
    if parsed.splits:  # the same query with every string quoted: only exact occurrences
        typed = [f"{k}:{quote(v)}" for k, v in parsed.filters.items() if not form_filters.get(k)]
        exact_query = " ".join([render(parsed.must, parsed.any_of, parsed.exclude,
                                        parsed.quoted | set(parsed.splits))] + typed)
    return QueryReading(must=parsed.must, any_of=parsed.any_of, exclude=parsed.exclude,
                        filters=parsed.filters, words=words,
                        also={s: forms(s)[1] for s in parsed.positive + parsed.exclude
                              if len(forms(s)) > 1},
                        read_as_words=[parsed.splits[s].to_api() for s in parsed.positive
                                       if s in parsed.splits],
                        exact_query=exact_query)


def iter_hits(index_dir: str | os.PathLike, q: str, sort: str = "relevance",
              filters: dict | None = None, limit: int | None = None,
              highlight: bool = True) -> Iterator[Hit]:
    """Every matching paragraph (or the first `limit`), in order, produced one at a time.

    With `highlight=False` the hits' `highlight` is only the escaped text (faster, for export).
    """
    _validate_paging(1, 1, sort)
    snap = store.snapshot(index_dir)
    parsed, docs = _matched(snap, q, filters, Budget(None))  # an export follows its results page
    words = query_words(parsed, snap)
    exact = exact_matches(snap, parsed, docs, Budget(None))
    wanted = len(docs) if limit is None else min(limit, len(docs))
    per_doc = counts(snap, "doc_id", as_array(docs))
    needles = _needles(parsed) if highlight else []
    for d, score in ordered(snap, parsed, words, docs, exact, sort, wanted, Budget(None)):
        yield _hit(snap.stored(d), score, needles, per_doc, d in exact, d in snap.alt)


def documents(index_dir: str | os.PathLike, filters: dict | None = None) -> list[DocumentSummary]:
    """Every document passing the filters (year, date, place, source, kind as in search), by date."""
    parsed = ParsedQuery()
    for name, value in (filters or {}).items():
        if value is not None:
            apply_filter(parsed, name, str(value))
    snap = store.snapshot(index_dir)
    ids = snap.columns["doc_id"]
    every = {d for d in range(len(ids)) if ids[d]}
    first: dict[str, int] = {}
    sizes: Counter = Counter()
    for d in sorted(filtered(snap, parsed, every)):  # listing pages only when a kind asks for them
        first.setdefault(ids[d], d)
        sizes[ids[d]] += 1
    out = []
    for doc_id, d in first.items():
        f = snap.stored(d)
        out.append(DocumentSummary(doc_id=doc_id, path=f["path"], title=f.get("title", ""),
                                   date=f.get("date", ""), place=f.get("place", ""),
                                   source=f.get("source", ""), paragraphs=sizes[doc_id],
                                   url=f.get("url", "")))
    out.sort(key=lambda s: (s.date, s.path))
    return out


def timeline(index_dir: str | os.PathLike, q: str, filters: dict | None = None) -> Timeline:
    """Matching paragraphs and documents per year, also per 100,000 characters of that year."""
    snap = store.snapshot(index_dir)
    _, docs = _matched(snap, q, filters, Budget(None))
    cols = snap.columns
    matched = as_array(docs)
    paragraphs = {y: n for y, n in counts(snap, "year", matched).items() if y}
    documents = documents_per_year(snap, matched)
    sizes = snap.characters_per_year()
    years = [YearCount(year=y, paragraphs=paragraphs[y], documents=documents[y],
                       per_100k=round(paragraphs[y] * 100_000 / max(1, sizes.get(y, 0)), 3))
             for y in sorted(paragraphs)]
    with_date = dated(snap, matched)

    def mention(found: list[int]) -> Mention | None:
        if not found:
            return None
        d = found[0]
        return Mention(doc_id=cols["doc_id"][d], paragraph=cols["paragraph"][d], date=cols["date"][d],
                       title=snap.stored(d).get("title", ""))

    return Timeline(query=q, total=len(docs), years=years,
                    first=mention(chronological(snap, with_date, 1, newest=False)),
                    last=mention(chronological(snap, with_date, 1, newest=True)))


RECENT = 8  # queries whose matches a snapshot keeps: a results page asks search and timeline (a
# frequent word's set of matches is megabytes in each worker)


def _matched(snap: store.Snapshot, q: str, filters: dict | None, budget: Budget) -> tuple[ParsedQuery, set[int]]:
    """The query read and its matching paragraphs, kept for the next few asks of the same query
    (never a partial answer). The set is shared: callers make new sets, never change it."""
    key = (q, repr(sorted((filters or {}).items())))
    recent = snap.__dict__.setdefault("recent_matches", {})
    found = recent.get(key)
    if found is None:
        parsed = read_query(snap, q, filters)
        found = parsed, matching(snap, parsed, budget)
        if not budget.exceeded:
            if len(recent) >= RECENT:
                recent.pop(next(iter(recent), None), None)
            recent[key] = found
    return found


def _facets(snap: store.Snapshot, docs: set[int], matched: np.ndarray) -> dict[str, list[tuple[str, int]]]:
    out = facets(snap, matched)
    out["speaker"] = sorted(speaker_counts(snap, docs).items(), key=lambda vn: (-vn[1], vn[0]))[:SPEAKER_FACET]
    return out


def _hit(fields: dict, score: float, needles: list[str], per_doc: dict, exact: bool = True,
         phrases: bool = True) -> Hit:
    doc_id = fields["doc_id"]
    return Hit(
        doc_id=doc_id, path=fields["path"], title=fields.get("title", ""),
        date=fields.get("date", ""), place=fields.get("place", ""),
        source=fields.get("source", ""), paragraph=fields["paragraph"], text=fields["text"],
        highlight=mark(fields["text"], needles, phrases), more_in_doc=per_doc.get(doc_id, 1) - 1, score=score,
        match="exact" if exact else "words",
        title_highlight=mark(fields.get("title", ""), needles),
        page=fields.get("page"), ocr=bool(fields.get("ocr")), speakers=shown(fields.get("speakers")),
    )


def mark(text: str, needles: list[str], phrases: bool = True) -> str:
    """`text` HTML-escaped, with <mark> around every occurrence of the (folded) needles
    (`phrases`: see textfold.find_spans)."""
    out: list[str] = []
    last = 0
    for start, end in find_spans(text, needles, phrases):
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
    paragraphs = [snap.stored(d) for d in nums]
    first = paragraphs[0]
    return DocumentView(
        doc_id=doc_id, path=first["path"], title=first.get("title", ""),
        date=first.get("date", ""), place=first.get("place", ""),
        source=first.get("source", ""), url=first.get("url", ""),
        paragraphs=[p["text"] for p in paragraphs], origin=first.get("origin") or {},
        pages=[p.get("page") for p in paragraphs], ocr=[bool(p.get("ocr")) for p in paragraphs],
        attributions=[dict(a, paragraph=p["paragraph"]) for p in paragraphs for a in shown(p.get("speakers"))],
    )
