"""The HTML pages: search, document, compare across years, and the OpenSearch description.

    GET /?q=&page=&sort=&year=&place=&source=&from=&to=   search (help when there is no query)
    GET /documents/<doc_id>?q=&p=&k=#p<n>                 a whole document, the query's matches
                                                          marked, paragraph p (fingerprint k)
                                                          highlighted and citable
    GET /compare?place=&in=&q=                            one place's documents, a column a year
                                                          (in=: only one part of the archive)
    GET /documents?place=&year=&source=&section=&kind=&page=   the archive's documents, listed
    GET /opensearch.xml                                   search the archive from the address bar

Bad page numbers are clamped rather than refused; a query the indexer cannot read is shown
on the search page with its message, status 400. A permalink whose paragraph moved (the
archive was re-indexed) redirects to where the paragraph is now and says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import (Blueprint, current_app, make_response, redirect, render_template, request,
                   url_for)

import indexer
from indexer import QueryError

from .browse import (BROWSE_FILTERS, UNKNOWN_PLACES, holdings, section_of, list_documents, page_of,
                     pages_of, year_of)
from .api import (DEFAULT_PER_PAGE, DOC_ID_RE, FILTERS, MAX_PAGE, MAX_PER_PAGE, SORTS, bad_doc_id,
                  paragraph_params)
from .chart import year_chart
from .feeds import follow_links
from .figures import hits_figure_links, paragraph_figure_links
from .links import accessed_today, cite_document, cite_hit, cite_paragraph, date_filter, \
    paragraph_url, split_date

bp = Blueprint("pages", __name__)

SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}
FACET_LABELS = {"year": "年份", "place": "地点", "source": "来源", "speaker": "说话人"}
PAGE_FILTERS = FILTERS + ("from", "to")
EXAMPLES = [
    ("养老", "含有“养老”的段落"),
    ("养老 服务", "两个词都出现"),
    ('"天安门广场"', "完整短语"),
    ("公厕 OR 厕所", "任意一个"),
    ("养老 -疫情", "排除“疫情”"),
    ("养老 year:2020-2023", "限定年份"),
]
COMPARE_DOCS_PER_YEAR = 20
COMPARE_HITS_PER_DOC = 12


def clamped_int(name: str, default: int, lo: int, hi: int) -> int:
    raw = request.args.get(name, "").strip()
    if not re.fullmatch(r"[0-9]{1,9}", raw):
        return default
    return min(max(int(raw), lo), hi)


def page_state() -> dict:
    """The search as given in the URL, with out-of-range values replaced by sensible ones."""
    sort = request.args.get("sort", "")
    state = {
        "q": request.args.get("q", "").strip(),
        "sort": sort if sort in SORTS else "relevance",
        "page": clamped_int("page", 1, 1, MAX_PAGE),
        "per_page": clamped_int("per_page", DEFAULT_PER_PAGE, 10, MAX_PER_PAGE),
        # one card per document by default; group=paragraph lists every paragraph on its own
        "group": "paragraph" if request.args.get("group") == "paragraph" else "document",
        "copies": "hide" if request.args.get("copies") == "hide" else "show",  # 隐藏转载
    }
    state.update({k: request.args.get(k, "").strip() for k in PAGE_FILTERS})
    if not state["from"] and not state["to"] and request.args.get("date", "").strip():
        state["from"], state["to"] = split_date(request.args["date"])  # the API's date=lo..hi
    return state


def browse_filters(state: dict) -> dict[str, str] | None:
    """The browse page's filters for a search of filters alone (typed or chosen), else None."""
    typed = indexer.filters_only(state["q"]) if state["q"] else {}
    if typed is None:
        return None
    given = {**typed, **{k: state[k] for k in PAGE_FILTERS if state.get(k)}}
    if not set(given) <= set(BROWSE_FILTERS):  # a date range or other filter: search as before
        return None
    return given


def state_filters(state: dict) -> dict[str, str]:
    """The indexer's filters for a page state: year, place, source and date (from..to)."""
    filters = {k: state[k] for k in FILTERS if state.get(k)}
    date = date_filter(state.get("from", ""), state.get("to", ""))
    if date:
        filters["date"] = date
    return filters


def search_url(state: dict, **changes) -> str:
    """The search page URL for `state` with `changes`; any change but page goes back to page 1."""
    params = dict(state, **changes)
    if "page" not in changes:
        params["page"] = 1
    defaults = {"page": 1, "sort": "relevance", "per_page": DEFAULT_PER_PAGE, "group": "document",
                "copies": "show"}
    return url_for("pages.search", **{k: v for k, v in params.items()
                                      if v not in ("", None) and defaults.get(k) != v})


def export_url(state: dict, fmt: str) -> str:
    params = {k: state[k] for k in ("q", "sort", *PAGE_FILTERS) if state.get(k)}
    if params.get("sort") == "relevance":
        del params["sort"]
    return url_for("api.export", fmt=fmt, **params)


def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page links to show: first, last and a window around the current page; None for a gap."""
    shown = sorted({1, pages, *range(max(1, page - around), min(pages, page + around) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def http_url(url: str) -> str:
    """`url` if it is an http(s) link (safe to put in href), else ''."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return ""
    return parts.geturl() if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def mention_url(mention, q: str) -> str:
    return url_for("pages.document", doc_id=mention.doc_id, q=q, p=mention.paragraph,
                   _anchor=f"p{mention.paragraph}")


@bp.get("/")
def search():
    state = page_state()
    context = {"state": state, "url": lambda **c: search_url(state, **c), "examples": EXAMPLES,
               "sort_labels": SORT_LABELS, "facet_labels": FACET_LABELS}
    index_dir = current_app.config["INDEX_DIR"]
    try:
        context["holdings"] = holdings(index_dir)
    except indexer.IndexMissing:
        context["holdings"] = None
    if not state["q"] and not any(state[k] for k in PAGE_FILTERS):
        return render_template("search.html", result=None, **context)
    listing = browse_filters(state)
    if listing is not None:  # filters alone (place:云川市, or a year chosen): what the archive holds
        return redirect(url_for("pages.browse", **listing))
    filters = state_filters(state)
    try:
        result = indexer.search(index_dir, state["q"], page=state["page"],
                                per_page=state["per_page"], sort=state["sort"], filters=filters,
                                group=state["group"], copies=state["copies"])
        # The chart shows every year, so it leaves out the year and date filters.
        timeline = indexer.timeline(index_dir, state["q"],
                                    {k: v for k, v in filters.items() if k not in ("year", "date")})
    except QueryError as exc:
        return render_template("search.html", result=None, error=exc, **context), 400
    typed_filters = {k: v for k, v in result.reading.filters.items() if not state.get(k)}
    accessed = accessed_today()
    hits = [(hit, paragraph_url(hit.doc_id, hit.paragraph, hit.text, q=state["q"]),
             cite_hit(hit, accessed)) for hit in result.hits]
    chart = year_chart(timeline, lambda y: search_url(state, year=str(y), **{"from": "", "to": ""}),
                       selected=state["year"])
    return render_template("search.html", result=result, hits=hits, typed_filters=typed_filters,
                           timeline=timeline, chart=chart, figure_links=hits_figure_links(result.hits),
                           para_link=lambda h: paragraph_url(h.doc_id, h.paragraph, h.text, q=state["q"]),
                           mention_url=lambda m: mention_url(m, state["q"]),
                           exports={fmt: export_url(state, fmt) for fmt in ("csv", "json")},
                           pagination=page_numbers(result.page, result.pages),
                           follow=follow_links(state["q"], filters, search_url(state)), **context)


# --- the same place in other years -------------------------------------------------------------

@dataclass
class DocRef:
    doc_id: str
    title: str
    date: str
    path: str
    hits: list = field(default_factory=list)  # (hit, link) of the compared query


def in_section(path: str, section: str | None) -> bool:
    """Whether a document is in `section` (a first folder); every document is in None."""
    return section is None or section_of(path) == section


def place_documents(place: str, section: str | None, year: str = "") -> dict[str, list[DocRef]]:
    """The documents of `place` (exactly) in `section` (a first folder, or None for the whole
    archive), by year, oldest first; `year` may be a year or a range (2015-2026). QueryError if
    `year` cannot be read."""
    if place in UNKNOWN_PLACES or not place:
        return {}
    filters = {k: v for k, v in {"place": place, "year": year}.items() if v}
    by_year: dict[str, list[DocRef]] = {}
    for doc in indexer.documents(current_app.config["INDEX_DIR"], filters):
        if doc.place == place and in_section(doc.path, section) and year_of(doc.date):
            by_year.setdefault(year_of(doc.date), []).append(
                DocRef(doc.doc_id, doc.title or doc.path, doc.date, doc.path))
    return by_year


def other_years(place: str, path: str) -> tuple[dict[str, list[DocRef]], str | None]:
    """The years of `place` to compare a document with, and the section compared: its own part
    of the archive (reports stay with reports) if that has two years, else the whole archive."""
    try:
        years = place_documents(place, section_of(path))
        if len(years) >= 2:
            return years, section_of(path)
        return place_documents(place, None), None
    except QueryError:  # a place whose name is no searchable text
        return {}, None


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    if not DOC_ID_RE.fullmatch(doc_id):
        raise bad_doc_id()
    doc = indexer.get_document(current_app.config["INDEX_DIR"], doc_id)
    q = request.args.get("q", "").strip()
    p, k = paragraph_params()
    where = indexer.locate(doc.paragraphs, p, k) if p is not None or k else None
    if where is not None and where.moved:
        # Re-indexed: the paragraph is elsewhere now. Send the browser there (the #anchor too).
        n = where.paragraph
        return redirect(paragraph_url(doc_id, n, doc.paragraphs[n], q=q, was=where.requested))
    target = where.paragraph if where else None
    was = clamped_int("was", -1, -1, 10**7)
    notice = ""
    if where is not None and where.status == "changed":
        notice = (f"这个链接所指的那一段已经修改或删除。下面标出的是原来的第 {p + 1} 段，"
                  "内容可能与引用时不同。")
    elif where is not None and where.status == "missing":
        notice = f"这个链接所指的段落已不在本文中（本文现有 {len(doc.paragraphs)} 段）。"
    elif target is not None and was >= 0 and was != target:
        notice = f"文档更新后段落编号有变：链接原指第 {was + 1} 段，这一段现在是第 {target + 1} 段。"

    marked, error = None, None
    if q:
        try:
            marked = indexer.highlight_paragraphs(doc.paragraphs, q, current_app.config["INDEX_DIR"])
        except QueryError as exc:
            error = exc
    matches = [n for n, html in enumerate(marked or []) if "<mark>" in html]
    accessed = accessed_today()
    links = [paragraph_url(doc_id, n, text, q=q) for n, text in enumerate(doc.paragraphs)]
    years, section = other_years(doc.place, doc.path)
    others = len(years) >= 2
    return render_template(
        "document.html", doc=doc, q=q, marked=marked, matches=matches, error=error,
        source_url=http_url(doc.url), links=links, target=target, notice=notice,
        target_cite=cite_paragraph(doc, target, doc.paragraphs[target], accessed)
        if target is not None else None,
        doc_cite=cite_document(doc, accessed), years=years, this_year=year_of(doc.date),
        duplicates=indexer.duplicates_of(current_app.config["INDEX_DIR"], doc_id),
        figure_links=paragraph_figure_links(doc_id),
        compare_url=url_for("pages.compare", place=doc.place, q=q or None, **{"in": section})
        if others else "")


def _add_matches(by_year: dict[str, list[DocRef]], q: str, place: str, section: str | None,
                 year: str) -> int:
    """Attach the paragraphs of `place`'s documents that match `q` to them; how many there are."""
    found = {ref.doc_id: ref for docs in by_year.values() for ref in docs}
    total = 0
    filters = {k: v for k, v in {"place": place, "year": year}.items() if v}
    for hit in indexer.iter_hits(current_app.config["INDEX_DIR"], q, sort="oldest", filters=filters):
        if hit.place != place or not in_section(hit.path, section) or not year_of(hit.date):
            continue
        ref = found.get(hit.doc_id)
        if ref is None:  # a document that never names its place
            ref = found[hit.doc_id] = DocRef(hit.doc_id, hit.title or hit.path, hit.date, hit.path)
            by_year.setdefault(year_of(hit.date), []).append(ref)
        ref.hits.append((hit, paragraph_url(hit.doc_id, hit.paragraph, hit.text, q=q)))
        total += 1
    return total


@bp.get("/compare")
def compare():
    """One place's documents side by side, a column a year; with q, each one's matching paragraphs.

    With a query, years whose documents never match are listed under the columns rather than
    given a column each (a national series has seventy years)."""
    place = request.args.get("place", "").strip()
    section = request.args.get("in", "").strip() or None  # without in=, the whole archive
    year = request.args.get("year", "").strip()
    q = request.args.get("q", "").strip()
    if not place:
        try:
            example = holdings(current_app.config["INDEX_DIR"]).example_place()
        except indexer.IndexMissing:
            example = ""
        hint = "从文档页的“其他年份”或搜索结果的地点筛选打开比较"
        raise QueryError("请给出要比较的地点：参数 place。",
                         hint=f"{hint}，或写成 /compare?place={example}。"
                         if example else f"{hint}。")
    error, total, by_year = None, 0, {}
    try:
        by_year = place_documents(place, section, year)
        if q:
            total = _add_matches(by_year, q, place, section, year)
    except QueryError as exc:
        error = exc
    columns, silent = [], []
    for y in sorted(by_year):
        docs = sorted(by_year[y], key=lambda r: (r.date, r.doc_id))
        shown = [r for r in docs if r.hits] if q else docs
        if not shown:
            silent.append((y, docs[0]))
            continue
        columns.append({"year": y, "count": len(docs), "docs": shown[:COMPARE_DOCS_PER_YEAR],
                        "more": max(0, len(shown) - COMPARE_DOCS_PER_YEAR),
                        "paragraphs": sum(len(r.hits) for r in shown)})
    page = render_template(
        "compare.html", place=place, section=section, year=year, q=q, columns=columns,
        silent=silent, error=error, total=total, per_doc=COMPARE_HITS_PER_DOC,
        search_url=lambda **kw: url_for("pages.search", q=q, place=place, **kw))
    return page, 400 if error else 200


BROWSE_PER_PAGE = 50


@bp.get("/documents")
def browse():
    """The archive's documents, filtered by place, year, source, section or kind, newest first."""
    filters = {k: request.args.get(k, "").strip() for k in BROWSE_FILTERS}
    given = {k: v for k, v in filters.items() if v}
    page = clamped_int("page", 1, 1, MAX_PAGE)
    index_dir = current_app.config["INDEX_DIR"]
    held = holdings(index_dir)
    try:
        docs = list_documents(index_dir, given)[::-1]
    except QueryError as exc:
        return render_template("browse.html", filters=filters, error=exc, docs=[], total=0,
                               page=1, pages=1, pagination=[1], holdings=held,
                               url=lambda **c: browse_url(given, **c)), 400
    pages = pages_of(len(docs), BROWSE_PER_PAGE)
    page = min(page, pages)  # pages clamp bad page numbers, as the search page does
    shown = page_of(docs, page, BROWSE_PER_PAGE)
    place = filters["place"]
    return render_template(
        "browse.html", filters=filters, error=None, docs=shown, total=len(docs), page=page,
        per_page=BROWSE_PER_PAGE,
        pages=pages, pagination=page_numbers(page, pages), holdings=held,
        compare_url=url_for("pages.compare", place=place) if held.comparable(place) else "",
        url=lambda **c: browse_url(given, **c))


def browse_url(filters: dict, **changes) -> str:
    """The browse page for `filters` with `changes`; any change but page goes back to page 1."""
    params = dict(filters, **changes)
    if "page" not in changes:
        params.pop("page", None)
    return url_for("pages.browse", **{k: v for k, v in params.items() if v not in ("", None, 1)})


@bp.get("/opensearch.xml")
def opensearch():
    response = make_response(render_template("opensearch.xml"))
    response.mimetype = "application/opensearchdescription+xml"
    return response
