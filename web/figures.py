"""Figures of the reports: the JSON API's answer, a series as CSV, and the page of a place's
indicator over the years with its targets against the results later reported.

    GET /api/figures?place=&indicator=&kind=&year=   {"figures": [...]}
    GET /figures?place=&indicator=                     the page (without indicator: the place's indicators)
    GET /figures.csv?place=&indicator=&kind=&year=     the same figures as CSV, with citations
"""
from __future__ import annotations

import csv
import io
from collections import Counter

from flask import Blueprint, Response, current_app, render_template, request, url_for

import indexer
from indexer import QueryError, permalink

from .figure_series import MEASURED, RULES, compare, group_label, series_charts

bp = Blueprint("figures", __name__)

API_FIELDS = ("place", "report_year", "ref_year", "indicator", "indicator_as_written", "value", "unit",
              "lo", "hi", "modifier", "change", "kind", "doc_id", "paragraph", "start", "end", "text",
              "normalised", "base_unit", "title", "date", "path", "url")
CSV_FIELDS = ("place", "indicator", "kind", "ref_year", "report_year", "value", "unit", "lo", "hi",
              "modifier", "change", "indicator_as_written", "text", "title", "date", "path", "paragraph",
              "paragraph_number", "permalink")
MAX_PARAM = 100
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def figure_params() -> dict[str, str]:
    """place, indicator, kind and year from the query string; QueryError if one is too long."""
    out = {}
    for name in ("place", "indicator", "kind", "year"):
        value = request.args.get(name, "").strip()
        if len(value) > MAX_PARAM:
            raise QueryError(f"参数 {name} 太长（{len(value)} 个字符）。", hint=f"最多 {MAX_PARAM} 个字符。")
        out[name] = value
    return out


def figure_api(fig: dict) -> dict:
    """One figure as the API gives it (keys only ever added)."""
    rec = {**fig, "url": permalink(fig["doc_id"], fig["paragraph"])}
    return {k: rec.get(k) for k in API_FIELDS}


def document_figures(doc_id: str) -> list[dict]:
    """A document's figures, for /api/documents/<doc_id>."""
    return [figure_api(f) for f in indexer.find_figures(current_app.config["INDEX_DIR"], doc_id=doc_id)]


def figures_api():
    """GET /api/figures (registered on the API's blueprint, web/api.py)."""
    figs = indexer.find_figures(current_app.config["INDEX_DIR"], **figure_params())
    return {"figures": [figure_api(f) for f in figs]}


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@bp.get("/figures.csv")
def figures_csv():
    figs = indexer.find_figures(current_app.config["INDEX_DIR"], **figure_params())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    base = request.host_url.rstrip("/")
    for f in figs:
        row = {**f, "paragraph_number": f["paragraph"] + 1,
               "permalink": base + permalink(f["doc_id"], f["paragraph"])}
        writer.writerow([_cell(row.get(k)) for k in CSV_FIELDS])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=figures.csv"})


def _paragraph_text(cache: dict, fig: dict | None) -> str:
    """The paragraph a figure stands in, for showing target and result side by side."""
    if fig is None:
        return ""
    key = fig["doc_id"]
    if key not in cache:
        cache[key] = indexer.get_document(current_app.config["INDEX_DIR"], key).paragraphs
    paragraphs = cache[key]
    return paragraphs[fig["paragraph"]] if fig["paragraph"] < len(paragraphs) else ""


@bp.get("/figures")
def figures_page():
    params = figure_params()
    index_dir = current_app.config["INDEX_DIR"]
    place, indicator = params["place"], params["indicator"]
    figs = indexer.find_figures(index_dir, place=place, indicator=indicator) if indicator else []
    indicators = []
    if not figs:
        counts = Counter(f["indicator"] for f in indexer.find_figures(index_dir, place=place))
        indicators = counts.most_common(40)
    rows = compare(figs)
    texts: dict = {}
    sides = [(row, _paragraph_text(texts, row.target), _paragraph_text(texts, row.result))
             for row in rows]
    return render_template("figures.html", place=place, indicator=indicator, figures=figs,
                           charts=series_charts(figs), rows=sides, indicators=indicators,
                           rules=RULES, measured=MEASURED, group_label=group_label,
                           permalink=permalink)


def paragraph_figure_links(doc_id: str) -> dict[int, list[tuple[str, str]]]:
    """For a document page: each paragraph's figures, each linked to its place's series."""
    out: dict[int, list[tuple[str, str]]] = {}
    for f in indexer.find_figures(current_app.config["INDEX_DIR"], doc_id=doc_id):
        href = url_for("figures.figures_page", place=f["place"], indicator=f["indicator"])
        out.setdefault(f["paragraph"], []).append((f["text"], href))
    return out
