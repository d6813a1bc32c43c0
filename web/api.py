"""The JSON API: a contract other tools rely on (keys are only ever added, never changed).
Described in OpenAPI 3.1 at /api/openapi.json (web/openapi.py).

    GET /api/search?q=&page=&per_page=&sort=&copies=&year=&place=&source=&date=   SearchResult.to_api(),
        with "pages", each hit with "paragraph_number", "fingerprint" and "citation" added;
        for a quoted string of 8+ characters "near" (paragraphs nearly saying it, not in total);
        with since=<ISO 8601 time>, "new_since": the matches that entered the index after it
    GET /api/documents?place=&year=&source=&section=&kind=&page=&per_page= the archive's documents
    GET /api/documents/<doc_id>?p=&k=                                     DocumentView.to_api(),
        with "fingerprints", "citation" (of paragraph p if given, else of the document),
        "duplicates" (paths of other files with the same text, not indexed) and,
        when p or k is given, "target" (where that paragraph is now)
    GET /api/timeline?q=&place=&source=&year=&date=                       Timeline.to_api()
    GET /api/copies/<doc_id>/<paragraph>       a paragraph's copies in other documents (web/copies.py)
    GET /api/figures?place=&indicator=&kind=&year=                        the reports' figures
    GET /api/export.csv?q=&sort=&...   GET /api/export.json?q=&sort=&...  every hit, streamed
    GET /api/openapi.json                                                 this API, described

Filters: year (2022 or 2020-2023), place and source (prefixes), date (2022-01-01..2022-06-30,
2022-03, or the two ends as from= and to=), kind (listing, article or all; listing pages are
left out unless asked for). `paragraph` is 0-based (as in the #p anchors),
`paragraph_number` 1-based (第 N 段). Every error is
{"error": {"status": ..., "code": ..., "message": ..., "hint": ...}} with that HTTP status;
`code` is machine-readable (bad_query, page_out_of_range, not_found, index_missing, ...).
"""
from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, request, stream_with_context, url_for

import indexer
from indexer import DocumentNotFound, PageOutOfRange, QueryError

from .figures import add_hit_figures, document_figures, figures_api
from .browse import BROWSE_FILTERS, list_documents, page_of, pages_of
from .links import (accessed_today, cite_document, cite_paragraph, date_filter, hit_api,
                    paragraph_url)

bp = Blueprint("api", __name__, url_prefix="/api")

from .limits import DEFAULT_PER_PAGE, MAX_PER_PAGE  # noqa: E402
MAX_PAGE = 10_000
MAX_PARAGRAPH = 1_000_000
SORTS = ("relevance", "newest", "oldest")
GROUPS = ("paragraph", "document")
COPIES = ("show", "hide")
FILTERS = ("year", "place", "source", "kind", "speaker")
DOC_ID_RE = re.compile(r"[0-9a-f]{16}")
KEY_RE = re.compile(r"[0-9a-f]{8}")

EXPORT_FIELDS = ["doc_id", "path", "title", "date", "place", "source", "paragraph",
                 "paragraph_number", "text", "fingerprint", "permalink", "author", "accessed",
                 "reference", "gbt7714", "plain"]
# A spreadsheet runs a cell that starts like a formula; such text cells get a leading '.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def bad_doc_id() -> DocumentNotFound:
    """Checked before any use: a doc_id is 16 lowercase hex digits, anything else is not found."""
    return DocumentNotFound("没有这份文档：文档编号应为 16 位十六进制数字。",
                            hint="请从搜索结果里的链接打开文档。")


def error_body(status: int, message: str, hint: str = "", code: str = "error") -> dict:
    """The API's one error shape (also what `dangan search --json` prints for a bad query)."""
    return {"error": {"status": status, "code": code, "message": message, "hint": hint}}


def int_param(name: str, default: int, lo: int, hi: int) -> int:
    """An integer query parameter in [lo, hi]; QueryError (400) for anything else."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not lo <= int(raw) <= hi:
        raise QueryError(f"参数 {name} 应为 {lo} 到 {hi} 之间的整数，收到的是 “{raw[:40]}”。",
                         hint=f"例如 {name}={default}。")
    return int(raw)


def filter_params(args=None) -> dict[str, str]:
    """The filters given as URL parameters: year, place, source and a date range."""
    args = request.args if args is None else args
    filters = {k: args[k].strip() for k in FILTERS if args.get(k, "").strip()}
    date = args.get("date", "").strip() or date_filter(args.get("from", ""), args.get("to", ""))
    if date:
        filters["date"] = date
    return filters


def query_param() -> str:
    q = request.args.get("q", "")
    if not q.strip():
        raise QueryError("缺少查询词：请用参数 q 给出要查找的词。",
                         hint=f"例如 {request.path}?q=养老")
    return q


def choice_param(name: str, default: str, allowed: tuple[str, ...], hint: str) -> str:
    """A parameter that takes one of `allowed` values (`default` when absent); QueryError if not."""
    value = request.args.get(name, "").strip() or default
    if value not in allowed:
        raise QueryError(f"参数 {name} 只能是 {'、'.join(allowed)}。", hint=hint)
    return value


def sort_param() -> str:
    return choice_param("sort", "relevance", SORTS, "例如 sort=newest。")


def group_param() -> str:
    return choice_param("group", "paragraph", GROUPS, "group=document 每篇文档一条，附其他匹配段落。")


def since_param() -> float | None:
    """`since` (an ISO 8601 time) as Unix seconds, None if not given; QueryError if unreadable."""
    raw = request.args.get("since", "").strip()
    if not raw:
        return None
    try:
        return indexer.parse_time(raw)
    except (ValueError, OverflowError, OSError):
        raise QueryError(f"参数 since 应为 ISO 8601 时间，收到的是 “{raw[:40]}”。",
                         hint="例如 since=2026-12-01T08:00:00Z。") from None


def copies_param() -> str:
    return choice_param("copies", "show", COPIES, "copies=hide 隐藏转载：同一段落只列最早的一处。")


def search_params() -> tuple[str, dict]:
    """q and the search options from the URL, validated; QueryError (400) if one is wrong."""
    q = query_param()
    sort = sort_param()
    return q, {
        "page": int_param("page", 1, 1, MAX_PAGE),
        "per_page": int_param("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        "sort": sort,
        "filters": filter_params(),
        "group": group_param(),
        "since": since_param(),
        "copies": copies_param(),
    }


def search_answer(index_dir: str, q: str, *, page: int = 1, per_page: int = DEFAULT_PER_PAGE,
                  sort: str = "relevance", filters: dict | None = None,
                  group: str = "paragraph", since: float | None = None,
                  copies: str = "show") -> dict:
    """The API's answer to a search (also what `dangan search --json` prints): needs a Flask
    request context for the links. PageOutOfRange past the last page."""
    result = indexer.search(index_dir, q, page=page, per_page=per_page, sort=sort,
                            filters=filters or {}, group=group, since=since, copies=copies)
    if result.page > result.pages:
        raise PageOutOfRange(result.page, result.pages)
    body = result.to_api()
    accessed = accessed_today()
    body["hits"] = [hit_api(h, accessed) for h in result.hits]
    body["near"] = [hit_api(h, accessed) for h in result.near]
    add_hit_figures(result.hits, body["hits"])
    return body


@bp.get("/search")
def search():
    q, options = search_params()
    return search_answer(current_app.config["INDEX_DIR"], q, **options)


@bp.get("/documents")
def documents():
    """The archive's documents, filtered by place, year, source and kind, a page at a time."""
    page = int_param("page", 1, 1, MAX_PAGE)
    per_page = int_param("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    filters = {k: request.args[k].strip() for k in BROWSE_FILTERS if request.args.get(k, "").strip()}
    docs = list_documents(current_app.config["INDEX_DIR"], filters)
    shown = page_of(docs, page, per_page)
    return {"filters": filters, "total": len(docs), "page": page, "per_page": per_page,
            "pages": pages_of(len(docs), per_page),
            "documents": [document_api(d) for d in shown]}


def document_api(doc: indexer.DocumentSummary) -> dict:
    """A listed document as the API returns it: `url` its page here, `source_url` its origin."""
    body = doc.to_api()
    return {**{k: body[k] for k in ("doc_id", "path", "title", "date", "place", "source")},
            "url": url_for("pages.document", doc_id=doc.doc_id),
            "source_url": body["source_url"], "paragraphs": body["paragraphs"]}


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    from .openapi import openapi_description

    return openapi_description(request.host_url.rstrip("/"))


def paragraph_params() -> tuple[int | None, str | None]:
    """p (a 0-based paragraph number) and k (its fingerprint) of a permalink; bad ones ignored."""
    raw_p = request.args.get("p", "").strip()
    p = int(raw_p) if re.fullmatch(r"[0-9]{1,7}", raw_p) and int(raw_p) < MAX_PARAGRAPH else None
    k = request.args.get("k", "").strip().lower()
    return p, (k if KEY_RE.fullmatch(k) else None)


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    if not DOC_ID_RE.fullmatch(doc_id):
        raise bad_doc_id()
    doc = indexer.get_document(current_app.config["INDEX_DIR"], doc_id)
    body = doc.to_api()
    body["fingerprints"] = [indexer.fingerprint(t) for t in doc.paragraphs]
    body["duplicates"] = indexer.duplicates_of(current_app.config["INDEX_DIR"], doc_id)
    body["figures"] = document_figures(doc_id)
    p, k = paragraph_params()
    body["citation"] = cite_document(doc)
    if p is not None or k:
        where = indexer.locate(doc.paragraphs, p, k)
        body["target"] = {"paragraph": where.paragraph,
                          "paragraph_number": None if where.paragraph is None else where.paragraph + 1,
                          "requested": where.requested, "status": where.status}
        if where.paragraph is not None:
            body["citation"] = cite_paragraph(doc, where.paragraph, doc.paragraphs[where.paragraph])
    return body


bp.add_url_rule("/figures", "figures", figures_api)  # described in web/openapi.py


@bp.get("/timeline")
def timeline():
    q = query_param()
    index_dir = current_app.config["INDEX_DIR"]
    body = indexer.timeline(index_dir, q, filter_params()).to_api()
    for end in ("first", "last"):  # their links too survive re-indexing (?p=&k=)
        mention = body[end]
        if mention:
            try:
                text = indexer.get_document(index_dir, mention["doc_id"]).paragraphs[mention["paragraph"]]
            except (indexer.DocumentNotFound, IndexError):  # re-indexed meanwhile: keep the plain link
                continue
            mention["url"] = paragraph_url(mention["doc_id"], mention["paragraph"], text)
    return body


def _safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_row(hit: indexer.Hit, accessed: str) -> dict:
    api = hit_api(hit, accessed)
    cite = api["citation"]
    return {**{k: api[k] for k in ("doc_id", "path", "title", "date", "place", "source",
                                   "paragraph", "text", "fingerprint")},
            "paragraph_number": hit.paragraph + 1, "permalink": cite["url"],
            **{k: cite[k] for k in ("author", "accessed", "reference", "gbt7714", "plain")}}


def _csv_line(values: list) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(values)
    return out.getvalue()


def _export_filename(q: str, fmt: str) -> str:
    name = re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", q).strip("_.")[:40] or "export"
    return (f"attachment; filename=\"dangan-export.{fmt}\"; "
            f"filename*=UTF-8''{quote('dangan-' + name + '.' + fmt)}")


@bp.get("/export.<fmt>")
def export(fmt: str):
    """Every hit of the query (not one page), streamed as CSV (with a BOM for Excel) or JSON."""
    if fmt not in ("csv", "json"):
        abort(404)
    q, sort, filters = query_param(), sort_param(), filter_params()
    # The JSON hits are the API's (highlights included); the CSV has no highlight column.
    hits = indexer.iter_hits(current_app.config["INDEX_DIR"], q, sort=sort, filters=filters,
                             highlight=fmt == "json")
    first = next(hits, None)  # reads the query now, so a bad one is a 400 before streaming
    accessed = accessed_today()

    def every_hit():
        if first is not None:
            yield first
            yield from hits

    def csv_body():
        yield "\ufeff" + _csv_line(EXPORT_FIELDS)
        for hit in every_hit():
            row = export_row(hit, accessed)
            yield _csv_line([_safe_cell(row[k]) for k in EXPORT_FIELDS])

    def json_body():
        head = {"query": q, "sort": sort, "filters": filters, "accessed": accessed}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "hits": ['
        total = 0
        for hit in every_hit():
            rec = hit_api(hit, accessed)
            add_hit_figures([hit], [rec])  # as /api/search gives it
            yield ("," if total else "") + "\n" + json.dumps(rec, ensure_ascii=False)
            total += 1
        yield f'\n], "total": {total}}}\n'

    body, mimetype = (csv_body(), "text/csv") if fmt == "csv" else (json_body(), "application/json")
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = _export_filename(q, fmt)
    response.headers["Cache-Control"] = "no-store"
    return response
