#!/usr/bin/env python
"""Precision of the corpus's figures per class (shown: named by a known indicator head; not
shown: amounts and counts named by any noun phrase), on a random sample judged by hand.

The sample is drawn with a fixed seed from every figure of every report of an index (computed
in-process with this checkout's extractor, as find_figures(everything=True) gives them), so
it reaches paragraphs no label set covers. Each sampled figure is printed with a little of its
paragraph for the judge; the judgments (right when value, unit, kind and ref_year all are,
and the name is that of what the number counts) are kept in tests/fixtures/figures_sample.json,
keyed by report path, paragraph and character offset, and only the short figure text.

    .venv/bin/python bench/figures_sample.py --index /tmp/final-ix [--per-class 30] [--seed 18] [--context]
    .venv/bin/python bench/figures_sample.py --rounds     # every judged round, as judged
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import indexer  # noqa: E402

JUDGED = REPO / "tests" / "fixtures" / "figures_sample.json"
CONTEXT = 30


def sample(index_dir: str, per_class: int, seed: int) -> dict[bool, list[dict]]:
    """per_class figures of each class (shown or not), drawn with `seed`."""
    figures = indexer.find_figures(index_dir, everything=True)
    out = {}
    for shown in (True, False):
        pool = sorted((f for f in figures if f["shown"] is shown),
                      key=lambda f: (f["path"], f["paragraph"], f["start"]))
        out[shown] = random.Random(seed).sample(pool, min(per_class, len(pool)))
    return out


def key(fig: dict) -> str:
    return f"{fig['path']}#{fig['paragraph']}@{fig['start']}"


def figure_line(fig: dict) -> str:
    """What was judged: the reading, so that a changed reading is not taken as judged."""
    return f"{fig['indicator']} {fig['value']:g} {fig['unit']} {fig['kind']} {fig['ref_year']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", default="dangan-index")
    parser.add_argument("--per-class", type=int, default=30)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--judged", default=str(JUDGED))
    parser.add_argument("--context", action="store_true", help="print some paragraph text for judging")
    parser.add_argument("--rounds", action="store_true",
                        help="print each judged round's precision per class as judged, without an index")
    args = parser.parse_args()
    judged_path = Path(args.judged)
    rounds = json.loads(judged_path.read_text(encoding="utf-8"))["rounds"] if judged_path.exists() else []
    if args.rounds:
        for r in rounds:
            for cls in ("shown", "not shown"):
                v = [j["verdict"] for j in r["judged"].values() if j["class"] == cls]
                print(f"seed {r['seed']} (commit {r['commit']}) {cls:9}: {v.count('right')} of {len(v)} right, "
                      f"precision {v.count('right') / max(1, len(v)):.3f}")
        return
    this = next((r for r in rounds if r["seed"] == args.seed), {})
    judged = this.get("judged", {})
    if this:
        print(f"# judgments of round seed {args.seed}, made on the figures of commit {this['commit']}; "
              "a figure the extractor now reads differently shows as '?'")
    paragraphs: dict[str, list[str]] = {}
    for shown, figs in sample(args.index, args.per_class, args.seed).items():
        name = "shown (name ends in a known indicator head)" if shown else "not shown (other names)"
        print(f"== {name}: {len(figs)} sampled, seed {args.seed}")
        right = wrong = 0
        for f in figs:
            seen = judged.get(key(f), {})
            same = seen.get("figure") in (None, figure_line(f))
            verdict = seen.get("verdict", "?") if same else "?"
            right += verdict == "right"
            wrong += verdict == "wrong"
            line = (f"  [{verdict:5}] {key(f)}  {f['indicator']} {f['value']:g} {f['unit']} {f['kind']} "
                    f"{f['ref_year']} «{f['text']}»")
            if args.context:
                if f["doc_id"] not in paragraphs:
                    paragraphs[f["doc_id"]] = indexer.get_document(args.index, f["doc_id"]).paragraphs
                para = paragraphs[f["doc_id"]][f["paragraph"]]
                line += f"\n          …{para[max(0, f['start'] - CONTEXT):f['end'] + CONTEXT]}…"
            print(line)
        done = right + wrong
        print(f"judged {done} of {len(figs)}: right {right}, wrong {wrong}, "
              f"precision {right / done:.3f}" if done else "none judged yet")


if __name__ == "__main__":
    main()
