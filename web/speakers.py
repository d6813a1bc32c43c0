"""Speakers: who said what in the archive, listed, and one speaker's page and JSON.

    GET /api/speakers?q=&limit=          {"speakers": [{name, kind, statements, documents}]}
    GET /api/speakers/<name>?q=&page=    the profile (roles over time, topics, how obtained),
                                         statements per year, and their statements (matching q)
    GET /speakers?q=                     the list as a page
    GET /speakers/<name>?q=&page=        the speaker's page
"""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for

import indexer
from indexer import QueryError

from .api import int_param
from .chart import year_chart
from .links import accessed_today, cite_hit, hit_api, paragraph_url

bp = Blueprint("speakers", __name__)

MAX_NAME = 40
PER_PAGE = 20
MAX_PAGE = 500
VIA_LABELS = {"stated": "原文写明", "pronoun": "由代词或称谓推断（他、她、总书记）", "header": "报告抬头（报告人）"}
KIND_LABELS = {"person": "人物", "organisation": "机构、会议或职务"}


def _name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise QueryError("说话人的名字应为 1 到 40 个字符。", hint="例如 /speakers/李强。")
    return name


def _limit() -> int:
    return int_param("limit", 50, 1, 200)


def _page() -> int:
    return int_param("page", 1, 1, MAX_PAGE)


def _statements(name: str, q: str, page: int):
    """The speaker's statements (paragraphs they speak in), matching q if given, newest first
    without q."""
    index_dir = current_app.config["INDEX_DIR"]
    return indexer.search(index_dir, q, page=page, per_page=PER_PAGE, sort="relevance" if q else "newest",
                          filters={"speaker": name})


def _timeline(name: str):
    return indexer.timeline(current_app.config["INDEX_DIR"], "", {"speaker": name})


def their_statement(hit, name: str) -> dict | None:
    """The hit's attribution to `name` (the first), for citing it as theirs."""
    return next((a for a in hit.speakers if a["name"] == name), None)


@bp.get("/api/speakers")
def speakers_api():
    q = request.args.get("q", "").strip()[:MAX_NAME]
    rows = indexer.list_speakers(current_app.config["INDEX_DIR"], q, _limit())
    return {"query": q, "speakers": rows}


@bp.get("/api/speakers/<name>")
def speaker_api(name: str):
    name = _name(name)
    profile = indexer.speaker_profile(current_app.config["INDEX_DIR"], name)
    q = request.args.get("q", "").strip()
    result = _statements(profile.name, q, _page())
    accessed = accessed_today()
    body = profile.to_api()
    body["years"] = [y.to_api() for y in _timeline(profile.name).years]
    body["query"] = q
    body["total"] = result.total
    body["page"] = result.page
    body["hits"] = [hit_api(h, accessed) for h in result.hits]
    return body


@bp.get("/speakers")
def speakers_page():
    q = request.args.get("q", "").strip()[:MAX_NAME]
    rows = indexer.list_speakers(current_app.config["INDEX_DIR"], q, 200)
    return render_template("speakers.html", q=q, rows=rows, kind_labels=KIND_LABELS)


@bp.get("/speakers/<name>")
def speaker_page(name: str):
    name = _name(name)
    profile = indexer.speaker_profile(current_app.config["INDEX_DIR"], name)
    q = request.args.get("q", "").strip()
    page = _page()
    result = _statements(profile.name, q, page)
    timeline = _timeline(profile.name)
    chart = year_chart(timeline, lambda y: url_for("pages.search", speaker=profile.name, year=str(y),
                                                   q=q or None))
    accessed = accessed_today()
    statements = [(h, paragraph_url(h.doc_id, h.paragraph, h.text, q=q), cite_hit(h, accessed),
                   their_statement(h, profile.name)) for h in result.hits]
    return render_template("speaker.html", profile=profile, q=q, result=result, statements=statements,
                           chart=chart, timeline=timeline, via_labels=VIA_LABELS, kind_labels=KIND_LABELS,
                           state={"q": f"speaker:{profile.name}"},
                           mention_url=lambda m: url_for("pages.document", doc_id=m.doc_id, p=m.paragraph,
                                                         _anchor=f"p{m.paragraph}"))
