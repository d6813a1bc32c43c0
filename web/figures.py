"""Figures of the reports: the JSON API's answer, a series as CSV, and the page of a place's
indicator over the years with its targets against the results later reported.

    GET /api/figures?place=&indicator=&kind=&year=   {"figures": [...]}
    GET /figures?place=&indicator=                     the page (without indicator: the place's indicators)
    GET /figures.csv?place=&indicator=&kind=&year=     the same figures as CSV, with citations

Only figures named by a known indicator head (the class whose precision is measured ≥ 0.95,
bench/figures_sample.py) are given; all=1 on the API and the CSV gives the others too, flagged
"shown": false.
"""
from __future__ import annotations

import csv
import io
import os
from collections import Counter

from flask import Blueprint, Response, current_app, render_template, request, url_for

import indexer
from indexer import QueryError, permalink

from .figure_series import MEASURED, SHOWN_MEASURED, Tolerance, compare, group_label, rules, series_charts

bp = Blueprint("figures", __name__)

API_FIELDS = ("place", "report_year", "ref_year", "indicator", "indicator_as_written", "value", "unit",
              "lo", "hi", "modifier", "change", "kind", "doc_id", "paragraph", "start", "end", "text",
              "normalised", "base_unit", "title", "date", "path", "url", "series", "shown")
CSV_FIELDS = ("place", "indicator", "kind", "ref_year", "report_year", "value", "unit", "lo", "hi",
              "modifier", "change", "indicator_as_written", "text", "title", "date", "path", "paragraph",
              "paragraph_number", "permalink")
MAX_PARAM = 100
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def tolerance(config) -> Tolerance:
    """The 左右 tolerance an app is configured with (FIGURES_TOLERANCE in percentage points,
    FIGURES_TOLERANCE_SHARE for other units), else the environment's DANGAN_FIGURES_TOLERANCE…
    (so `DANGAN_FIGURES_TOLERANCE=0.3 dangan serve` works); ValueError, saying which, if one is
    no number ≥ 0."""
    values = {}
    for key, name, default in (("FIGURES_TOLERANCE", "points", Tolerance.points),
                               ("FIGURES_TOLERANCE_SHARE", "share", Tolerance.share)):
        raw = config.get(key, os.environ.get("DANGAN_" + key, default))
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = -1.0
        if not value >= 0 or value == float("inf"):
            raise ValueError(f"{key} must be a number ≥ 0 (got {raw!r})")
        values[name] = value
    return Tolerance(**values)


def figure_params() -> dict:
    """place, indicator, kind and year from the query string (and everything, for all=1);
    QueryError if one is too long."""
    out: dict = {"everything": request.args.get("all", "") in ("1", "true", "yes")}
    for name in ("place", "indicator", "kind", "year"):
        value = request.args.get(name, "").strip()
        if len(value) > MAX_PARAM:
            raise QueryError(f"参数 {name} 太长（{len(value)} 个字符）。", hint=f"最多 {MAX_PARAM} 个字符。")
        out[name] = value
    return out


def series_url(fig: dict) -> str:
    """The page of a figure's series: its place's indicator over the years."""
    return url_for("figures.figures_page", place=fig["place"], indicator=fig["indicator"])


def figure_api(fig: dict) -> dict:
    """One figure as the API gives it (keys only ever added)."""
    rec = {"shown": True, **fig, "url": permalink(fig["doc_id"], fig["paragraph"]), "series": series_url(fig)}
    return {k: rec.get(k) for k in API_FIELDS}


def hits_figures(hits) -> dict[tuple[str, int], list[dict]]:
    """The figures of the paragraphs search hits stand in, by (doc_id, paragraph)."""
    wanted = {(h.doc_id, h.paragraph) for h in hits}
    out: dict[tuple[str, int], list[dict]] = {}
    for doc_id in {d for d, _ in wanted}:
        for f in indexer.find_figures(current_app.config["INDEX_DIR"], doc_id=doc_id):
            if (doc_id, f["paragraph"]) in wanted:
                out.setdefault((doc_id, f["paragraph"]), []).append(f)
    return out


def add_hit_figures(hits, records: list[dict]) -> None:
    """Give each API hit record the figures of its paragraph (`figures`, only where there are)."""
    found = hits_figures(hits)
    for hit, rec in zip(hits, records):
        figs = found.get((hit.doc_id, hit.paragraph))
        if figs:
            rec["figures"] = [figure_api(f) for f in figs]


def hits_figure_links(hits) -> dict[tuple[str, int], list[tuple[str, str]]]:
    """For the search page: each hit's paragraph's figures, each linked to its series."""
    return {key: [(f["text"], series_url(f)) for f in figs] for key, figs in hits_figures(hits).items()}


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
    every = indexer.find_figures(index_dir, place=place, indicator=indicator, everything=True) if indicator else []
    figs = [f for f in every if f.get("shown", True)]
    hidden = len(every) - len(figs)
    indicators = []
    if not figs:
        counts = Counter(f["indicator"] for f in indexer.find_figures(index_dir, place=place))
        indicators = counts.most_common(40)
    tol = tolerance(current_app.config)
    rows = compare(figs, tol)
    texts: dict = {}
    sides = [(row, _paragraph_text(texts, row.target), _paragraph_text(texts, row.result))
             for row in rows]
    return render_template("figures.html", place=place, indicator=indicator, figures=figs,
                           charts=series_charts(figs), rows=sides, indicators=indicators,
                           rules=rules(tol), measured=MEASURED, group_label=group_label, hidden=hidden,
                           shown_measured=SHOWN_MEASURED,
                           permalink=permalink)


def paragraph_figure_links(doc_id: str) -> dict[int, list[tuple[str, str]]]:
    """For a document page: each paragraph's figures, each linked to its place's series."""
    out: dict[int, list[tuple[str, str]]] = {}
    for f in indexer.find_figures(current_app.config["INDEX_DIR"], doc_id=doc_id):
        out.setdefault(f["paragraph"], []).append((f["text"], series_url(f)))
    return out
