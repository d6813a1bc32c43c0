"""The reports' figures of a build: computed when the build is published, kept beside it in
figures.json.zst, read once per process and build, and filtered by place, indicator, kind and year.

Every publish (full build or update) recomputes them from the build's stored paragraphs: only
reports are read (a few hundred documents), so it stays simple and always right.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

from whoosh import index as whoosh_index

from . import packed, sidecar, store
from .errors import QueryError
from .figures import document_figures, is_report, report_year
from .figure_names import is_named
from .indicators import canonical_indicator

FIGURES_FILE = "figures.json.zst"
FIGURES_VERSION = 4  # raise when extraction changes: older files are then recomputed on reading (4: undated reports' report_year)
KINDS = ("actual", "target")
REPORT_MARKS = ("政府工作报告", "主要预期目标")


def _order(r: dict) -> tuple:
    """The order figures are kept in: by place, indicator, year, kind, then where they stand."""
    return r["place"], r["indicator"], r["ref_year"], r["kind"], r["doc_id"], r["paragraph"], r["start"]


def _report_docnums(build: Path, only: frozenset[str] | None = None) -> dict[str, list[int]]:
    """Document numbers, by doc_id, of the documents that may be reports: a title or a
    paragraph names a work report or states main targets (is_report decides on the text)."""
    folded, columns = sidecar._read_sidecar(build)
    ids, titles = columns["doc_id"], columns["title"]
    # An update's `only` documents first (its texts are decoded when asked for).
    rows = range(len(ids)) if only is None else [n for n, d in enumerate(ids) if d in only]
    candidates: set[str] = set()
    for n in rows:
        doc_id, title = ids[n], titles[n]
        if doc_id and any(mark in title or mark in folded[n] for mark in REPORT_MARKS):
            candidates.add(doc_id)
    by_doc: dict[str, list[int]] = {}
    for n in rows:  # a candidate's rows are all among `rows`
        if ids[n] in candidates:
            by_doc.setdefault(ids[n], []).append(n)
    return by_doc


def compute_figures(build: Path, skip: frozenset[str] = frozenset(),
                    only: frozenset[str] | None = None) -> list[dict]:
    """Every figure of every report in a build (but those of the `skip` doc ids; only those of
    the `only` ones when given), as API records."""
    out: list[dict] = []
    ix = whoosh_index.open_dir(str(build))
    with ix.reader() as reader:
        for doc_id, nums in _report_docnums(build, only).items():
            if doc_id in skip:
                continue
            rows = sorted((reader.stored_fields(n) for n in nums), key=lambda r: r["paragraph"])
            first = rows[0]
            title, date = first.get("title", ""), first.get("date", "")
            paragraphs = [r["text"] for r in rows]
            if not is_report(title, paragraphs):
                continue
            year = report_year(date, title)  # the year document_figures reads the report as of
            for i, fig in document_figures(paragraphs, date, title, first.get("place", "")):
                rec = fig.to_dict()
                out.append({"place": first.get("place", ""), "report_year": year, **rec, "doc_id": doc_id,
                            "paragraph": rows[i]["paragraph"], "title": title, "date": date,
                            "path": first.get("path", ""),
                            "shown": is_named(fig.indicator_as_written, fig.indicator)})
    out.sort(key=_order)
    return out


def _stored(build: Path) -> list[dict] | None:
    try:
        data = packed.load_json(build / FIGURES_FILE)
        return data["figures"] if data.get("version") == FIGURES_VERSION else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_figures(build: Path, previous: Path | None = None, changed: set[str] = frozenset(),
                  added: set[str] | None = None, fresh: list[dict] | None = None) -> int:
    """Compute the build's figures and write them beside its index; returns how many.

    An update passes the live build, the doc ids it removed or replaced and those it added:
    the figures of the other documents are taken from the live build instead of being
    extracted again (only the `added` documents are read, when given; `fresh`: their figures,
    when already extracted)."""
    old = _stored(previous) if previous is not None else None
    kept = [] if old is None else [f for f in old if f["doc_id"] not in changed]
    only = frozenset(added) if old is not None and added is not None else None
    skip = frozenset(f["doc_id"] for f in kept)
    if fresh is not None and only is not None:  # compute_figures(build, only=added), made already
        figures = kept + [f for f in fresh if f["doc_id"] not in skip]
    else:
        figures = kept + compute_figures(build, skip, only)
    figures.sort(key=_order)
    packed.dump_json(build / FIGURES_FILE, {"version": FIGURES_VERSION, "figures": figures})
    return len(figures)


_cache: dict[Path, list[dict]] = {}
_lock = threading.Lock()


def build_figures(build: Path) -> list[dict]:
    """A build's figures, read once per process (computed if the build predates figures.json.zst)."""
    got = _cache.get(build)
    if got is None:
        with _lock:
            got = _cache.get(build)
            if got is None:
                got = _stored(build)
                if got is None:
                    got = _compute_apart(build)
                _cache.clear()  # only the live build is asked for
                _cache[build] = got
    return got


def _compute_apart(build: Path) -> list[dict]:
    """compute_figures(build) in a child process where this one can fork safely (POSIX, one
    thread): jieba's part-of-speech tagger, which naming figures may load (~100 MB of Python
    objects), then never stays in a reader that lives on, such as a server."""
    if os.name != "posix" or threading.active_count() > 1:
        return compute_figures(build)
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            return pool.apply(_compute, (build,))
    except OSError:  # no process to be had: compute here
        return compute_figures(build)


def _compute(build: Path) -> list[dict]:  # looked up in the child: what this module calls compute_figures
    return compute_figures(build)


_docs: dict[Path, tuple[int, dict[str, list[dict]]]] = {}


def _by_doc(build: Path, figures: list[dict]) -> dict[str, list[dict]]:
    """The build's figures by doc_id, made once per build."""
    got = _docs.get(build)
    if got is None or got[0] != id(figures):
        by_doc: dict[str, list[dict]] = {}
        for f in figures:
            by_doc.setdefault(f["doc_id"], []).append(f)
        _docs.clear()
        _docs[build] = got = (id(figures), by_doc)
    return got[1]


def _years(raw: str) -> tuple[int, int]:
    raw = raw.strip()
    parts = raw.split("-")
    if len(parts) in (1, 2) and all(p.isdigit() and len(p) == 4 for p in parts):
        lo, hi = int(parts[0]), int(parts[-1])
        if lo <= hi:
            return lo, hi
    raise QueryError(f"年份 “{raw[:40]}” 看不懂。", hint="例如 year=2024 或 year=2015-2025。")


def find_figures(index_dir: str | os.PathLike, place: str = "", indicator: str = "", kind: str = "",
                 year: str = "", doc_id: str = "", everything: bool = False) -> list[dict]:
    """The live build's report figures: place a prefix (全国, 江苏省), indicator by its
    canonical name (国内生产总值 finds 地区生产总值), kind actual or target,
    year the year referred to (2024 or 2015-2025), doc_id one document's; only those shown
    (named by a known indicator head, the class measured precise enough) unless `everything`."""
    if kind and kind not in KINDS:
        raise QueryError(f"kind 应为 actual（结果）或 target（目标），收到的是 “{kind[:40]}”。",
                         hint="例如 kind=target。")
    span = _years(year) if year else None
    name = canonical_indicator(indicator) if indicator else ""
    place = place.strip()
    build = store.current_build(index_dir)
    figures = build_figures(build)
    if doc_id:  # a document's or a search hit's: looked up, not scanned
        figures = _by_doc(build, figures).get(doc_id, [])
    out = []
    for f in figures:
        if not everything and not f.get("shown", True):
            continue
        if place and not f["place"].startswith(place):
            continue
        if name and f["indicator"] != name:
            continue
        if kind and f["kind"] != kind:
            continue
        if span and not span[0] <= f["ref_year"] <= span[1]:
            continue
        out.append(f)
    return out
