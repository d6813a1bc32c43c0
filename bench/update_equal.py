#!/usr/bin/env python
"""Whether an index brought up to date by updates holds what a full build of the same archive
holds: every row's folded text and columns, the bigram, word and title-word postings, the
figures, the speakers' lexicon, and the groups of copies (compared by document and paragraph,
since the two builds number their rows differently).

    .venv/bin/dangan index /tmp/update-corpus --index /tmp/update-full --full
    .venv/bin/python bench/update_equal.py /tmp/update-ix /tmp/update-full

Prints what differs; exit status 1 if rows, columns, texts or postings differ. Groups of
copies are reported, not judged: an update regroups only around what changed, so after many
updates a few groups may be cut differently than a full build cuts them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np


def _load(index: Path):
    from indexer import sidecar, store, textbuffer

    build = store.current_build(index)
    folded = list(textbuffer.FoldedTexts(build / sidecar.FOLDED_FILE))
    columns = sidecar.read_columns(build)
    rows = [n for n, d in enumerate(columns["doc_id"]) if d]
    order = sorted(rows, key=lambda n: (columns["doc_id"][n], columns["paragraph"][n]))
    canon = np.full(len(folded), -1, dtype=np.int64)  # row -> its place in (doc_id, paragraph) order
    canon[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    return build, folded, columns, order, canon


def _postings(build: Path, prefix: str, canon: np.ndarray) -> np.ndarray:
    from indexer import postings_codec

    keys, starts, docs, counts = postings_codec.load(build, prefix, mmap=False).decoded()
    rows = canon[docs.astype(np.int64)]
    table = np.stack([np.repeat(keys, np.diff(starts)), rows, counts.astype(np.int64)], axis=1)
    return table[np.lexsort((table[:, 2], table[:, 1], table[:, 0]))]


def _groups(build: Path, canon: np.ndarray) -> set[frozenset[int]]:
    from indexer import copies

    out: dict[int, set[int]] = {}
    for row, g in enumerate(np.load(build / copies.COPIES_FILE)["group"].tolist()):
        if g >= 0:
            out.setdefault(g, set()).add(int(canon[row]))
    return {frozenset(s) for s in out.values()}


def main(argv=None) -> int:
    from indexer import grams, words
    from indexer.figure_index import FIGURES_FILE
    from indexer.speaker_index import LEXICON_FILE

    updated, full = (Path(a) for a in (argv or sys.argv[1:]))
    a, b = _load(updated), _load(full)
    bad = []
    if len(a[3]) != len(b[3]):
        bad.append(f"rows: {len(a[3])} and {len(b[3])}")
    else:
        for name in a[2]:
            if name != "indexed" and [a[2][name][n] for n in a[3]] != [b[2][name][n] for n in b[3]]:
                bad.append(f"column {name}")
        if [a[1][n] for n in a[3]] != [b[1][n] for n in b[3]]:
            bad.append("folded texts")
        for prefix in (grams.PREFIX, words.WORD_PREFIX, words.TITLE_PREFIX):
            pa, pb = _postings(a[0], prefix, a[4]), _postings(b[0], prefix, b[4])
            if (pa[:, 1] < 0).any() or not np.array_equal(pa, pb):
                bad.append(f"postings {prefix}*")
    from indexer import packed

    read = lambda build, name: packed.load_json(build / name) if name.endswith(".zst") else json.loads((build / name).read_text("utf-8"))  # noqa: E731
    same = lambda name: read(a[0], name) == read(b[0], name)  # noqa: E731
    print(f"rows {len(a[3])}: " + ("; ".join(bad) + " differ" if bad else
                                   "columns, folded texts, bigram, word and title postings the same"))
    print(f"figures the same: {same(FIGURES_FILE)}; speakers' lexicon the same: {same(LEXICON_FILE)}")
    ga, gb = _groups(a[0], a[4]), _groups(b[0], b[4])
    print(f"groups of copies: {len(ga)} and {len(gb)}, {len(ga - gb)} cut differently")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
