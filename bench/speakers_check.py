#!/usr/bin/env python
"""Precision and recall of who-said-it attributions against hand labels, by kind of cue.

The labels (tests/fixtures/speakers_labels.json) name a paragraph by its document's path under
the corpus and its 0-based index, and list its statements as "speaker kind cue". A pair
(paragraph, speaker) is right when the product attributes a statement of that paragraph to
that speaker. The attributions compared are the product's own: those stored in an index built
by this version (field `speakers`), or, for an index built before it, those the same code
computes from that index's paragraphs (the lexicon learned from all of them, as at index time).
Pairs are counted at the confidence the UI shows (speakers.SHOWN_CONFIDENCE) and, for the tuned
part, at other thresholds, to choose that one.

    .venv/bin/python bench/speakers_check.py --index /tmp/speakers-index [--verbose]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer import speakers  # noqa: E402

LABELS = REPO / "tests" / "fixtures" / "speakers_labels.json"
CUE_KINDS = {"指出": "指出", "强调指出": "指出", "明确指出": "指出", "深刻指出": "指出", "进一步指出": "指出",
             "强调": "强调", "表示": "表示", "明确表示": "表示", "说": "说", "补充说": "说", "称": "称",
             "声称": "称", "宣称": "称", "报告": "报告(header)"}
THRESHOLDS = (0.0, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def cue_kind(cue: str) -> str:
    return CUE_KINDS.get(cue, "其他")


def product_attributions(index_dir: str, wanted: set[str]) -> dict[tuple[str, int], list[dict]]:
    """(path, paragraph) -> attributions, for the documents of `wanted` paths."""
    from whoosh import index as whoosh_index

    from indexer import store

    ix = whoosh_index.open_dir(str(store.current_build(index_dir)))
    out: dict[tuple[str, int], list[dict]] = {}
    with ix.reader() as reader:
        rows = list(reader.all_stored_fields())
    if rows and "speakers" in rows[0]:
        for f in rows:
            if f["path"] in wanted:
                out[(f["path"], f["paragraph"])] = list(f.get("speakers") or ())
        return out
    started = time.monotonic()
    docs: dict[str, dict[int, str]] = defaultdict(dict)
    for f in rows:
        docs[f["path"]][f["paragraph"]] = f["text"]
    lex = speakers.learn(t for d in docs.values() for t in d.values())
    names = speakers.NameFinder(lex)
    for path in wanted:
        paras = [docs[path][n] for n in sorted(docs.get(path, {}))]
        per, presenter = speakers.attribute_document(paras, lex, names)
        for n, atts in enumerate(per):
            out[(path, n)] = [a.to_json() for a in speakers.with_presenter(atts, presenter, paras[n])]
    print(f"(computed from the index's paragraphs in {time.monotonic() - started:.1f} s: "
          f"{len(lex.names)} names, {len(lex.titles)} titles learned)")
    return out


def score(entries: list[dict], got: dict, threshold: float, verbose: bool = False) -> dict:
    tp, fp, fn = defaultdict(int), defaultdict(int), defaultdict(int)
    for e in entries:
        key = (e["path"], e["paragraph"])
        truth: dict[str, str] = {}
        for s in e["statements"]:
            name, _kind, cue = s.split()
            truth.setdefault(name, cue_kind(cue))
        pred: dict[str, str] = {}
        for a in got.get(key, ()):
            if a["confidence"] >= threshold:
                pred.setdefault(a["name"], cue_kind(a["cue"]))
        for name, kind in pred.items():
            if name in truth:
                tp[kind] += 1
                tp["all"] += 1
            else:
                fp[kind] += 1
                fp["all"] += 1
                if verbose:
                    print(f"  extra  {e['path']}:{e['paragraph']} {name} ({kind})")
        for name, kind in truth.items():
            if name not in pred:
                fn[kind] += 1
                fn["all"] += 1
                if verbose:
                    print(f"  missed {e['path']}:{e['paragraph']} {name} ({kind})")
    # recall by the labelled cue: the found pairs counted under the label's kind
    found_by_label = defaultdict(int)
    for e in entries:
        preds = {a["name"] for a in got.get((e["path"], e["paragraph"]), ()) if a["confidence"] >= threshold}
        seen = set()
        for s in e["statements"]:
            name, _kind, cue = s.split()
            if name in seen:
                continue
            seen.add(name)
            if name in preds:
                found_by_label[cue_kind(cue)] += 1
    return {"tp": tp, "fp": fp, "fn": fn, "found": found_by_label}


def line(label: str, tp: int, fp: int, found: int, missed: int) -> str:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = found / (found + missed) if found + missed else float("nan")
    return f"  {label:<14} P {p:6.3f} ({tp}/{tp + fp})   R {r:6.3f} ({found}/{found + missed})"


def report(title: str, entries: list[dict], got: dict, threshold: float, verbose: bool) -> None:
    s = score(entries, got, threshold, verbose)
    labelled = sum(1 for e in entries if e["statements"])
    print(f"{title}: {len(entries)} paragraphs ({labelled} with statements), threshold {threshold}")
    print(line("all", s["tp"]["all"], s["fp"]["all"], s["tp"]["all"], s["fn"]["all"]))
    kinds = sorted({*s["tp"], *s["fp"], *s["fn"]} - {"all"})
    missed_by_label = defaultdict(int)
    for e in entries:
        preds = {a["name"] for a in got.get((e["path"], e["paragraph"]), ()) if a["confidence"] >= threshold}
        seen = set()
        for st in e["statements"]:
            name, _k, cue = st.split()
            if name not in seen and name not in preds:
                missed_by_label[cue_kind(cue)] += 1
            seen.add(name)
    for kind in kinds:
        print(line(kind, s["tp"][kind], s["fp"][kind], s["found"][kind], missed_by_label[kind]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, help="index folder built from the corpus")
    parser.add_argument("--labels", default=str(LABELS))
    parser.add_argument("--verbose", action="store_true", help="list every miss and extra (tuned part only)")
    args = parser.parse_args()
    labels = json.loads(Path(args.labels).read_text(encoding="utf-8"))["paragraphs"]
    got = product_attributions(args.index, {e["path"] for e in labels})
    tuned = [e for e in labels if not e.get("held_out")]
    held = [e for e in labels if e.get("held_out")]
    print("precision by the cue the product gave; recall by the labelled cue")
    report("tuned", tuned, got, speakers.SHOWN_CONFIDENCE, args.verbose)
    report("held-out", held, got, speakers.SHOWN_CONFIDENCE, False)
    print("tuned, by threshold:")
    for t in THRESHOLDS:
        s = score(tuned, got, t)
        print(line(f">= {t}", s["tp"]["all"], s["fp"]["all"], s["tp"]["all"], s["fn"]["all"]))


if __name__ == "__main__":
    main()
