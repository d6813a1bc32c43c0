"""Searching the index: parse, match every paragraph containing the strings, rank, page, highlight."""
from __future__ import annotations

import html
import os

from whoosh import query as wq
from whoosh import sorting

from . import store
from .analysis import bigrams
from .documents import make_doc_id  # noqa: F401  (re-exported for callers that build links)
from .errors import DocumentNotFound, QueryError
from .query import ParsedQuery, parse_query
from .results import DocumentView, Hit, QueryReading, SearchResult
from .segment import DEFAULT_SEGMENTER, get_segmenter
from .textfold import find_spans

MAX_PER_PAGE = 100
SORTS = ("relevance", "newest", "oldest")
FACETS = ("year", "place", "source")
TITLE_BOOST = 2.0
PROXIMITY_BOOST = 1.5
# Best score first; equal scores newest first, then in document order (stable across pages).
RELEVANCE = sorting.MultiFacet([sorting.ScoreFacet(), sorting.FieldFacet("date", reverse=True),
                                sorting.FieldFacet("doc_id"), sorting.FieldFacet("paragraph")])


def contains(folded: str) -> wq.Query:
    """Paragraphs whose folded text contains `folded`: consecutive bigrams, or a prefix for one char."""
    grams = bigrams(folded)
    if len(folded) == 1:
        return wq.Prefix("grams", folded)
    if len(grams) == 1:
        return wq.Term("grams", grams[0])
    return wq.Phrase("grams", grams)


def query_words(parsed: ParsedQuery, segmenter: str) -> list[str]:
    """The query's strings cut into words the way queries are cut (accurate mode)."""
    seg = get_segmenter(segmenter)
    words: list[str] = []
    for s in parsed.positive:
        for word, _, _ in seg.tokenize(s):
            if word.strip() and any(c.isalnum() for c in word) and word not in words:
                words.append(word)
    return words


def _filter_query(parsed: ParsedQuery) -> wq.Query | None:
    parts: list[wq.Query] = []
    if parsed.year_range:
        lo, hi = parsed.year_range
        parts.append(wq.NumericRange("year", lo, hi))
    if parsed.date_range:
        lo, hi = parsed.date_range
        parts.append(wq.TermRange("date", lo, hi))
    for name in ("place", "source"):
        value = parsed.filters.get(name)
        if value:
            parts.append(wq.Prefix(name, value))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _match_query(parsed: ParsedQuery) -> wq.Query:
    required: list[wq.Query] = [contains(s) for s in parsed.must]
    required += [wq.Or([contains(s) for s in group]) for group in parsed.any_of]
    q: wq.Query = required[0] if len(required) == 1 else wq.And(required)
    if parsed.exclude:
        q = wq.AndNot(q, wq.Or([contains(s) for s in parsed.exclude]))
    return q


def _rank_query(words: list[str]) -> wq.Query | None:
    """Optional clauses that order the matches: words, title words, words close together."""
    clauses: list[wq.Query] = []
    for w in words:
        clauses.append(wq.Term("words", w))
        clauses.append(wq.Term("title", w, boost=TITLE_BOOST))
    if len(words) > 1:
        clauses.append(wq.Phrase("words", words, slop=8, boost=PROXIMITY_BOOST))
    return wq.Or(clauses) if clauses else None


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


def search(index_dir: str | os.PathLike, q: str, page: int = 1, per_page: int = 20,
           sort: str = "relevance", filters: dict | None = None) -> SearchResult:
    """Paragraphs that contain what `q` asks for, one page of them, ranked, with counts and facets."""
    page, per_page = _validate_paging(page, per_page, sort)
    parsed = parse_query(q, filters)
    searcher, meta = store.searcher_for(index_dir)
    words = query_words(parsed, meta.get("segmenter", DEFAULT_SEGMENTER))
    match = _match_query(parsed)
    rank = _rank_query(words)
    scored = wq.AndMaybe(match, rank) if rank is not None else match
    filt = _filter_query(parsed)

    facets = {name: sorting.FieldFacet(name) for name in FACETS + ("doc_id",)}
    counted = searcher.search(match, filter=filt, limit=1, groupedby=facets,
                              maptype=sorting.Count, scored=False)
    total = len(counted)
    offset = (page - 1) * per_page
    wanted = offset + per_page

    if sort != "relevance":
        order = sorting.MultiFacet([sorting.FieldFacet("date", reverse=sort == "newest"),
                                    sorting.FieldFacet("doc_id"),
                                    sorting.FieldFacet("paragraph")])
        ranked = list(searcher.search(match, filter=filt, limit=wanted, sortedby=order))
    elif parsed.whole:
        # Paragraphs containing the whole query as typed come before all the others.
        exact = contains(parsed.whole)
        ranked = list(searcher.search(wq.And([scored, exact]), filter=filt, limit=wanted,
                                      sortedby=RELEVANCE))
        if len(ranked) < wanted:
            ranked += searcher.search(wq.AndNot(scored, exact), filter=filt,
                                      limit=wanted - len(ranked), sortedby=RELEVANCE)
    else:
        ranked = list(searcher.search(scored, filter=filt, limit=wanted, sortedby=RELEVANCE))

    per_doc = counted.groups("doc_id")
    needles = parsed.positive
    hits = [_hit(h, needles, per_doc) for h in ranked[offset:wanted]]
    return SearchResult(
        query=q, total=total, page=page, per_page=per_page, hits=hits, sort=sort,
        reading=QueryReading(must=parsed.must, any_of=parsed.any_of, exclude=parsed.exclude,
                             filters=parsed.filters, words=words),
        facets={name: _facet_values(counted.groups(name), name) for name in FACETS},
    )


def _facet_values(groups: dict, name: str) -> list[tuple[str, int]]:
    items = [(str(k), n) for k, n in groups.items() if k not in (None, "", 0)]
    if name == "year":
        return sorted(items, key=lambda kv: kv[0], reverse=True)
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))


def _hit(h, needles: list[str], per_doc: dict) -> Hit:
    doc_id = h["doc_id"]
    return Hit(
        doc_id=doc_id, path=h["path"], title=h.get("title", ""), date=h.get("date", ""),
        place=h.get("place", ""), source=h.get("source", ""), paragraph=h["paragraph"],
        text=h["text"], highlight=mark(h["text"], needles),
        more_in_doc=max(0, per_doc.get(doc_id, 1) - 1),
        score=h.score if isinstance(h.score, float) else 0.0,
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


def highlight(text: str, q: str) -> str:
    """A paragraph HTML-escaped with the strings of query `q` marked; plain escaped if q is unusable."""
    try:
        parsed = parse_query(q)
    except QueryError:
        return html.escape(text)
    return mark(text, parsed.positive)


def get_document(index_dir: str | os.PathLike, doc_id: str) -> DocumentView:
    """The whole document with this id, paragraphs in order; DocumentNotFound if none."""
    searcher, _ = store.searcher_for(index_dir)
    hits = searcher.search(wq.Term("doc_id", doc_id), limit=None,
                           sortedby=sorting.FieldFacet("paragraph"))
    if not len(hits):
        raise DocumentNotFound(f"找不到文档 {doc_id}。",
                               hint="文档可能已从档案中删除，或索引已重建；请重新搜索。")
    first = hits[0]
    return DocumentView(
        doc_id=doc_id, path=first["path"], title=first.get("title", ""),
        date=first.get("date", ""), place=first.get("place", ""),
        source=first.get("source", ""), url=first.get("url", ""),
        paragraphs=[h["text"] for h in hits],
    )
