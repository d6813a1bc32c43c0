"""The JSON API: a contract other tools rely on.

    GET /api/search?q=&page=&per_page=&sort=&year=&place=&source=   SearchResult.to_api()
    GET /api/documents/<doc_id>                                     DocumentView.to_api()

Every error is {"error": {"status": ..., "message": ..., "hint": ...}} with that HTTP status.
"""
from __future__ import annotations

import re

from flask import Blueprint, current_app, request

import indexer
from indexer import DocumentNotFound, QueryError

bp = Blueprint("api", __name__, url_prefix="/api")

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_PAGE = 10_000
SORTS = ("relevance", "newest", "oldest")
FILTERS = ("year", "place", "source")
DOC_ID_RE = re.compile(r"[0-9a-f]{16}")


def bad_doc_id() -> DocumentNotFound:
    """Checked before any use: a doc_id is 16 lowercase hex digits, anything else is not found."""
    return DocumentNotFound("没有这份文档：文档编号应为 16 位十六进制数字。",
                            hint="请从搜索结果里的链接打开文档。")


def error_body(status: int, message: str, hint: str = "") -> dict:
    return {"error": {"status": status, "message": message, "hint": hint}}


def int_param(name: str, default: int, lo: int, hi: int) -> int:
    """An integer query parameter in [lo, hi]; QueryError (400) for anything else."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not lo <= int(raw) <= hi:
        raise QueryError(f"参数 {name} 应为 {lo} 到 {hi} 之间的整数，收到的是 “{raw[:40]}”。",
                         hint=f"例如 {name}={default}。")
    return int(raw)


def search_params() -> tuple[str, dict]:
    """q and the search options from the URL, validated; QueryError (400) if one is wrong."""
    q = request.args.get("q", "")
    if not q.strip():
        raise QueryError("缺少查询词：请用参数 q 给出要查找的词。", hint="例如 /api/search?q=养老")
    sort = request.args.get("sort", "").strip() or "relevance"
    if sort not in SORTS:
        raise QueryError(f"参数 sort 只能是 {'、'.join(SORTS)}。", hint="例如 sort=newest。")
    return q, {
        "page": int_param("page", 1, 1, MAX_PAGE),
        "per_page": int_param("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        "sort": sort,
        "filters": {k: request.args[k].strip() for k in FILTERS if request.args.get(k, "").strip()},
    }


@bp.get("/search")
def search():
    q, options = search_params()
    result = indexer.search(current_app.config["INDEX_DIR"], q, **options)
    return result.to_api()


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    if not DOC_ID_RE.fullmatch(doc_id):
        raise bad_doc_id()
    return indexer.get_document(current_app.config["INDEX_DIR"], doc_id).to_api()
