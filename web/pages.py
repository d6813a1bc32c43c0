"""The HTML pages: the search page and the document page.

    GET /?q=&page=&sort=&year=&place=&source=    search (help when there is no query)
    GET /documents/<doc_id>?q=#p<n>              a whole document, the query's matches marked

Bad page numbers are clamped rather than refused; a query the indexer cannot read is shown
on the search page with its message, status 400.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, current_app, render_template, request, url_for

import indexer
from indexer import QueryError

from .api import DEFAULT_PER_PAGE, DOC_ID_RE, FILTERS, MAX_PAGE, MAX_PER_PAGE, SORTS, bad_doc_id

bp = Blueprint("pages", __name__)

SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}
FACET_LABELS = {"year": "年份", "place": "地点", "source": "来源"}
EXAMPLES = [
    ("养老", "含有“养老”的段落"),
    ("养老 服务", "两个词都出现"),
    ('"天安门广场"', "完整短语"),
    ("公厕 OR 厕所", "任意一个"),
    ("养老 -疫情", "排除“疫情”"),
    ("养老 year:2020-2023", "限定年份"),
]


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
    }
    state.update({k: request.args.get(k, "").strip() for k in FILTERS})
    return state


def search_url(state: dict, **changes) -> str:
    """The search page URL for `state` with `changes`; any change but page goes back to page 1."""
    params = dict(state, **changes)
    if "page" not in changes:
        params["page"] = 1
    defaults = {"page": 1, "sort": "relevance", "per_page": DEFAULT_PER_PAGE}
    return url_for("pages.search", **{k: v for k, v in params.items()
                                      if v not in ("", None) and defaults.get(k) != v})


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


@bp.get("/")
def search():
    state = page_state()
    context = {"state": state, "url": lambda **c: search_url(state, **c), "examples": EXAMPLES,
               "sort_labels": SORT_LABELS, "facet_labels": FACET_LABELS}
    if not state["q"] and not any(state[k] for k in FILTERS):
        return render_template("search.html", result=None, **context)
    try:
        result = indexer.search(current_app.config["INDEX_DIR"], state["q"], page=state["page"],
                                per_page=state["per_page"], sort=state["sort"],
                                filters={k: state[k] for k in FILTERS})
    except QueryError as exc:
        return render_template("search.html", result=None, error=exc, **context), 400
    typed_filters = {k: v for k, v in result.reading.filters.items() if not state.get(k)}
    return render_template("search.html", result=result, typed_filters=typed_filters,
                           pagination=page_numbers(result.page, result.pages), **context)


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    if not DOC_ID_RE.fullmatch(doc_id):
        raise bad_doc_id()
    doc = indexer.get_document(current_app.config["INDEX_DIR"], doc_id)
    q = request.args.get("q", "").strip()
    marked, error = None, None
    if q:
        try:
            marked = [indexer.highlight(text, q) for text in doc.paragraphs]
        except QueryError as exc:
            error = exc
    matches = [n for n, html in enumerate(marked or []) if "<mark>" in html]
    return render_template("document.html", doc=doc, q=q, marked=marked, matches=matches,
                           error=error, source_url=http_url(doc.url))
