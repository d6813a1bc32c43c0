#!/usr/bin/env python
"""Precision and recall of the figures dangan extracts from reports, against hand labels.

The labels (tests/fixtures/figures_labels.json) name a report by its path under the corpus and
a paragraph by its 0-based index, and list the figures that paragraph states. The figures
compared are the product's own: those of the live build of an index of the corpus (or of its
gov_reports folder), as /api/figures gives them. A figure is right when value, unit, kind and
ref_year all are; whether its canonical indicator is right too is counted apart.

    .venv/bin/python bench/figures_check.py --index dangan-index [--verbose [--verbose-set 'held out 4']]
    .venv/bin/python bench/figures_check.py --index dangan-index --only 'held out 5'
    .venv/bin/python bench/figures_check.py --index dangan-index --example [--place 全国 --years 2015-2025]

--example prints, instead, a place's GDP growth targets against the results later reported, as
the figures page sets them (web/figure_series.compare, the default 左右 tolerance).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import indexer  # noqa: E402

LABELS = REPO / "tests" / "fixtures" / "figures_labels.json"


def parse_label(text: str) -> dict:
    """'地区生产总值 6.6 % actual 2018 [modifier]' as a figure record."""
    parts = text.split()
    return {"indicator": parts[0], "value": float(parts[1]), "unit": parts[2], "kind": parts[3],
            "ref_year": int(parts[4]), "modifier": parts[5] if len(parts) > 5 else ""}


def key(fig: dict) -> tuple:
    return (round(fig["value"], 4), fig["unit"], fig["kind"], fig["ref_year"])


def doc_ids_by_path(index_dir: str) -> dict[str, str]:
    return {d.path: d.doc_id for d in indexer.documents(index_dir, {"kind": "all"})}


def find_doc(paths: dict[str, str], label_path: str) -> str | None:
    """The doc_id of the labelled report, whether the index holds the corpus or one of its folders."""
    for path, doc_id in paths.items():
        if label_path == path or label_path.endswith("/" + path):
            return doc_id
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default="dangan-index", help="index folder (built from the corpus)")
    parser.add_argument("--labels", default=str(LABELS))
    parser.add_argument("--verbose", action="store_true", help="list every miss and every extra")
    parser.add_argument("--verbose-set", default="all",
                        help="the set whose misses --verbose lists, by the start of its name (all, held out 4)")
    parser.add_argument("--only", default="", help="print only the sets whose name starts so (held out 4)")
    parser.add_argument("--example", action="store_true",
                        help="print a place's GDP growth targets against results instead")
    parser.add_argument("--place", default="全国")
    parser.add_argument("--years", default="2015-2025")
    args = parser.parse_args()
    if args.example:
        example(args.index, args.place, args.years)
        return
    labels = json.loads(Path(args.labels).read_text(encoding="utf-8"))["paragraphs"]
    paths = doc_ids_by_path(args.index)
    tuned = [e for e in labels if not e.get("held_out")]
    held = [e for e in labels if e.get("held_out") is True]
    new = [e for e in labels if e.get("held_out") == "new"]
    third = [e for e in labels if e.get("held_out") == "third"]
    fourth = [e for e in labels if e.get("held_out") == "fourth"]
    fifth = [e for e in labels if e.get("held_out") == "fifth"]
    sets = (("all", labels), ("tuned on", tuned),
            ("held out 1 (labelled in session 1, seen while changing it in session 2)", held),
            ("held out 2 (labelled in session 2 before looking, then its misses read)", new),
            ("held out 3 (labelled in session 2 before looking, then its misses read)", third),
            ("held out 4 (labelled in session 3 before looking, then its misses read)", fourth),
            ("held out 5 (labelled in session 3 before looking, measured once at its end)", fifth))
    for name, entries in sets:
        if entries and (not args.only or name.startswith(args.only)):
            print(f"== {name}")
            check(args.index, paths, entries, args.verbose and name.startswith(args.verbose_set))


def _fmt(fig: dict | None) -> str:
    if fig is None:
        return "—"
    value = f"{fig['lo']:g}–{fig['hi']:g}" if fig["hi"] is not None else f"{fig['value']:g}"
    return f"{value}{fig['unit']}{fig['modifier'] if fig['modifier'] in ('左右', '以上', '以内') else ''}"


def example(index_dir: str, place: str, years: str) -> None:
    """Print a place's GDP growth targets against the results reported for the same years."""
    from web.figure_series import compare

    lo, hi = (int(y) for y in (years.split("-") + years.split("-"))[:2])
    figs = indexer.find_figures(index_dir, place=place, indicator="地区生产总值")
    rows = {r.year: r for r in compare(figs) if r.group == ("rate", "%")}
    results = {f["ref_year"]: f for f in sorted(figs, key=lambda f: -f["report_year"])
               if f["kind"] == "actual" and f["change"] == "rate" and f["unit"] == "%"}
    print(f"{place} 地区生产总值增长：目标与后来报告的结果（{lo}–{hi}）")
    print("| year | target | result | status shown | target from | result from |")
    print("|---|---|---|---|---|---|")
    for year in range(lo, hi + 1):
        row = rows.get(year)
        target, result = (row.target, row.result) if row else (None, results.get(year))
        status = row.wording if row else ("no target found" if result else "neither found")
        src = lambda f: f"{f['report_year']} report ¶{f['paragraph'] + 1}" if f else "—"  # noqa: E731
        print(f"| {year} | {_fmt(target)} | {_fmt(result)} | {status} | {src(target)} | {src(result)} |")


def check(index_dir: str, paths: dict[str, str], labels: list[dict], verbose: bool) -> None:
    """Print precision and recall of the extracted figures of the labelled paragraphs: all the
    data holds, and those shown by default (named by a known indicator head)."""
    right = indicator_right = extracted = labelled = 0
    shown = shown_right = 0
    reports = set()
    kinds: Counter = Counter()
    for entry in labels:
        doc_id = find_doc(paths, entry["path"])
        if doc_id is None:
            sys.exit(f"not in the index: {entry['path']} (build it from the corpus first)")
        reports.add(entry["path"])
        truth = [parse_label(t) for t in entry["figures"]]
        got = [f for f in indexer.find_figures(index_dir, doc_id=doc_id, everything=True)
               if f["paragraph"] == entry["paragraph"]]
        shown += sum(f.get("shown", True) for f in got)
        labelled += len(truth)
        extracted += len(got)
        kinds.update(t["kind"] for t in truth)
        unmatched = list(truth)
        extras = []
        for fig in got:
            hit = next((t for t in unmatched if key(t) == key(fig)
                        and t["indicator"] == fig["indicator"]), None)
            hit = hit or next((t for t in unmatched if key(t) == key(fig)), None)
            if hit is None:
                extras.append(fig)
                continue
            unmatched.remove(hit)
            right += 1
            shown_right += fig.get("shown", True)
            indicator_right += hit["indicator"] == fig["indicator"]
        if verbose:
            for t in unmatched:
                print(f"  missed  {entry['path']}#{entry['paragraph']}: {t['indicator']} {t['value']:g}"
                      f"{t['unit']} {t['kind']} {t['ref_year']}")
            for f in extras:
                print(f"  extra   {entry['path']}#{entry['paragraph']}: {f['indicator']} {f['value']:g}"
                      f"{f['unit']} {f['kind']} {f['ref_year']} «{f['text']}»")
    precision = right / extracted if extracted else 0.0
    recall = right / labelled if labelled else 0.0
    print(f"reports {len(reports)}, paragraphs {len(labels)}, labelled figures {labelled} "
          f"({kinds['actual']} results, {kinds['target']} targets), extracted {extracted}")
    print(f"right (value, unit, kind, ref_year): {right}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    print(f"shown by default (name ends in a known indicator head): {shown}, right {shown_right}: "
          f"precision {shown_right / max(1, shown):.3f}  recall {shown_right / max(1, labelled):.3f}")
    print(f"with the canonical indicator right too: {indicator_right} "
          f"(precision {indicator_right / max(1, extracted):.3f}, "
          f"recall {indicator_right / max(1, labelled):.3f})")


if __name__ == "__main__":
    main()
