#!/usr/bin/env python
"""Draw the paragraphs to label for bench/speakers_check.py: seeded, stratified, a third held out.

Strata: news items and reports (gov_reports, party_congress), each split into paragraphs that
hold a statement cue (指出, 表示, 说…) and paragraphs that do not. Report paragraphs longer than
MAX_CHARS are left out so that each can be read whole when labelling. Prints one JSON line per
paragraph (path, paragraph, stratum, held_out, text) for the labeller; the labels file keeps only
path, paragraph and the labelled speakers, never the text.

    .venv/bin/python bench/speakers_sample.py --index /tmp/dangan-bench/index-corpus-978b7947
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.speaker_lexicon import CUE_RE  # noqa: E402

# The strata as drawn (2026-12-01): a paragraph "has a cue" if it holds a cue word or is a header
# line of this shape. Kept as it was then so that the draw stays the same as the rules change.
_HEADER = re.compile(r"^[-—－─\s]*(?:19|20|１９|２０)[\d０-９]{2}\s*年\s*[\d０-９]{1,2}\s*月\s*[\d０-９]{1,2}\s*日"
                     r"(?P<before>[^在，,。]{0,24})在(?P<where>[^，,。]{0,60}(?:会议|会議|大会))(?:上|的)?"
                     r"(?P<after>.*)$")

SEED = 20261201
SIZES = {("news", True): 150, ("news", False): 50, ("report", True): 70, ("report", False): 60}
MAX_CHARS = 600


def corpus_paragraphs(index_dir: str):
    """(path, paragraph number, text) of every paragraph of the index, in a stable order."""
    from whoosh import index as whoosh_index

    from indexer import store

    ix = whoosh_index.open_dir(str(store.current_build(index_dir)))
    with ix.reader() as reader:
        rows = [(f["path"], f["paragraph"], f["text"]) for f in reader.all_stored_fields()]
    return sorted(rows, key=lambda r: (r[0], r[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    args = parser.parse_args()
    strata: dict[tuple, list] = {k: [] for k in SIZES}
    for path, n, text in corpus_paragraphs(args.index):
        kind = "news" if path.startswith("news") else "report"
        if kind == "report" and len(text) > MAX_CHARS:
            continue
        cue = CUE_RE.search(text) is not None or _HEADER.match(text.strip()) is not None
        strata[(kind, cue)].append((path, n, text))
    rng = random.Random(SEED)
    for key, size in SIZES.items():
        for path, n, text in rng.sample(strata[key], size):
            print(json.dumps({"path": path, "paragraph": n, "stratum": f"{key[0]}-{'cue' if key[1] else 'plain'}",
                              "held_out": rng.random() < 1 / 3, "text": text}, ensure_ascii=False))


if __name__ == "__main__":
    main()
