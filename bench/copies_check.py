#!/usr/bin/env python
"""Pair recall and precision of the copies dangan groups, on an archive with known copies,
and the cost of grouping on the whole corpus.

The archive: --docs documents drawn at random from the corpus (untouched), and --copies new
documents each reposting one paragraph of one of them (an eligible one: MIN_CHARS letters and
digits at least, no listing page), in one of three ways, in turn:
  exact     the paragraph as it is, the rest of the new document other paragraphs
  sentence  with a sentence added (before, after, or between two of its sentences), drawn from
            a document that is not in the archive
  chars     with 1-3 characters changed or dropped (not figures: a different number is a
            different statement, see indexer/copies.py)
Each new document's other paragraphs come from documents that are not in the archive either.

The archive is indexed with build_index and the groups read from the build. A known pair is
(source paragraph, its copy); recall is the share of them in one group. Precision is over the
grouped pairs that involve a new copy: a pair is right when both are the same source's family,
or when the other paragraph is a copy of the source already in the corpus (an independent
check: rapidfuzz's partial_ratio >= 90, the shorter text nearly in the longer, punctuation
left out; the same check for a pair of a repost's other paragraph, itself perhaps a corpus
repost, with the paragraph it is grouped with). Pairs among the drawn corpus documents alone are counted apart (their truth is not
known): that is the corpus's own reposting.

    .venv/bin/python bench/copies_check.py [--corpus ../shared/corpus] [--docs 3000]
        [--copies 600] [--seed 7] [--whole-index /tmp/dangan-bench/index-corpus-978b7947]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import frontmatter  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from indexer import build_index, copies, copies_view, sidecar, store  # noqa: E402
from indexer.textfold import fold  # noqa: E402

KINDS = ("exact", "sentence", "chars")
SAME_TEXT = 90  # the independent check of a pair outside the known families


def same_text(a: str, b: str) -> bool:
    """Whether the shorter text is all but nearly in the longer (rapidfuzz's partial_ratio:
    the best-matching stretch of the longer, compared with the shorter)."""
    return fuzz.partial_ratio(a, b) >= SAME_TEXT
_SENTENCE = re.compile(r"(?<=[。！？；])")
_FIGURE = copies._FIGURE


def read_corpus(root: Path) -> list[tuple[str, dict, list[str]]]:
    """(relative path, metadata, paragraphs) of every corpus file."""
    out = []
    for path in sorted(root.rglob("*.txt")):
        post = frontmatter.load(path)
        paragraphs = [p.strip() for p in post.content.splitlines() if p.strip()]
        out.append((str(path.relative_to(root)), dict(post.metadata), paragraphs))
    return out


def eligible(text: str) -> bool:
    return len(copies.core(fold(text))) >= copies.MIN_CHARS + 10


def change_chars(text: str, rng: random.Random, alphabet: str) -> str:
    """`text` with 1-3 characters (no figures, no punctuation) substituted or dropped."""
    chars = list(text)
    spots = [i for i, c in enumerate(chars) if c.isalpha() and not _FIGURE.match(c)]
    for i in sorted(rng.sample(spots, rng.randint(1, 3)), reverse=True):
        if rng.random() < 0.3:
            del chars[i]
        else:
            chars[i] = rng.choice(alphabet.replace(chars[i], ""))
    return "".join(chars)


def add_sentence(text: str, sentence: str, rng: random.Random) -> str:
    parts = [p for p in _SENTENCE.split(text) if p]
    at = rng.randint(0, len(parts))
    return "".join(parts[:at] + [sentence] + parts[at:])


def write_doc(path: Path, meta: dict, paragraphs: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    post = frontmatter.Post("\n".join(paragraphs), **meta)
    path.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")


def make_archive(corpus: list, out: Path, n_docs: int, n_copies: int, rng: random.Random):
    """Write the archive; returns the known copies [(source path, its text, copy path, its
    text, kind)], texts as cores (see copies.core)."""
    order = list(range(len(corpus)))
    rng.shuffle(order)
    drawn, spare = order[:n_docs], order[n_docs:]
    for i in drawn:
        rel, meta, paragraphs = corpus[i]
        write_doc(out / rel, meta, paragraphs)
    spare_paragraphs = [p for i in spare[:8 * n_copies] for p in corpus[i][2] if eligible(p)]
    sentences = [s for p in spare_paragraphs for s in _SENTENCE.split(p) if 10 <= len(s) <= 60]
    alphabet = "".join(sorted({c for p in spare_paragraphs[:2000] for c in p
                               if "\u4e00" <= c <= "\u9fff" and not _FIGURE.match(c)}))
    fillers = list(dict.fromkeys(spare_paragraphs))
    rng.shuffle(fillers)
    sources = [(i, n) for i in drawn for n, p in enumerate(corpus[i][2]) if eligible(p)]
    known = []
    for k, (i, n) in enumerate(rng.sample(sources, n_copies)):
        rel, meta, paragraphs = corpus[i]
        kind = KINDS[k % len(KINDS)]
        text = paragraphs[n]
        if kind == "sentence":
            text = add_sentence(text, rng.choice(sentences), rng)
        elif kind == "chars":
            text = change_chars(text, rng, alphabet)
        others = [fillers.pop() for _ in range(rng.randint(1, 4))]  # each used once
        at = rng.randint(0, len(others))
        body = others[:at] + [text] + others[at:]
        copy_rel = f"reposts/{k:05d}.txt"
        date = str(meta.get("date", "2024-01-01"))
        write_doc(out / copy_rel, {"title": f"转载{k}：{meta.get('title', '')}", "date": date,
                                   "place": "某县", "source": "某县融媒体中心"}, body)
        known.append((rel, copies.core(fold(paragraphs[n])), copy_rel, copies.core(fold(text)), kind))
    return known


def resolve(known, texts) -> list:
    """The known copies with (path, paragraph) keys of the index (cleaning may drop lines, so
    paragraphs are found by their text); those cleaning removed are left out."""
    by_text = {(path, t): (path, n) for (path, n), t in texts.items()}
    out = []
    for s, s_text, c, c_text, kind in known:
        a, b = by_text.get((s, s_text)), by_text.get((c, c_text))
        if a and b:
            out.append((a[0], a[1], b[0], b[1], kind))
    return out


def groups_by_path(index: Path) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int], str]]:
    """Each grouped paragraph's (path, paragraph) -> group, and every paragraph's core text."""
    snap = store.snapshot(index)
    got = copies_view.build_copies(snap)
    searcher = snap.searcher()
    where, texts = {}, {}
    for n in range(len(snap.folded)):
        if not snap.columns["doc_id"][n]:
            continue
        fields = searcher.stored_fields(n)
        key = (fields["path"], fields["paragraph"])
        texts[key] = copies.core(snap.folded[n])
        if got.group[n] >= 0:
            where[key] = int(got.group[n])
    return where, texts


def evaluate(known, where, texts) -> dict:
    found = sum(1 for s, n, c, m, _ in known if (s, n) in where and where.get((s, n)) == where.get((c, m)))
    by_kind = {kind: [0, 0] for kind in KINDS}
    for s, n, c, m, kind in known:
        by_kind[kind][1] += 1
        by_kind[kind][0] += (s, n) in where and where.get((s, n)) == where.get((c, m))
    family = {}
    for s, n, c, m, _ in known:
        family[(c, m)] = (s, n)
        family.setdefault((s, n), (s, n))
    members: dict[int, list] = {}
    for key, g in where.items():
        members.setdefault(g, []).append(key)
    right = wrong = natural = 0
    wrong_examples = []
    for rows in members.values():
        for a, b in combinations(rows, 2):
            if a[0] == b[0]:
                continue  # one document: not a copy in another document
            if not (a[0].startswith("reposts/") or b[0].startswith("reposts/")):
                natural += 1
                continue
            fa, fb = family.get(a), family.get(b)
            if fa is not None and fa == fb:
                right += 1
                continue
            copy = a if a[0].startswith("reposts/") else b
            other = b if copy is a else a
            # not one family: right only if the other is plainly the same text anyway (a
            # paragraph the corpus itself reposts, or a filler that happens to be one)
            reference = texts[family[copy]] if copy in family else texts[copy]
            if same_text(reference, texts[other]):
                right += 1
            else:
                wrong += 1
                if len(wrong_examples) < 5:
                    wrong_examples.append((copy, other, texts[copy][:60], texts[other][:60]))
    return {"found": found, "known": len(known), "by_kind": by_kind, "right": right,
            "wrong": wrong, "natural": natural, "wrong_examples": wrong_examples,
            "groups": len(members)}


def whole_corpus(build: Path) -> None:
    """The grouping stage on a whole-corpus build (its sidecar), timed, beside the build's time."""
    meta = store.read_meta(build)
    started = time.monotonic()
    folded, columns = sidecar._read_sidecar(build)
    cores = copies._eligible(folded, columns)
    texts = list(dict.fromkeys(c for c in cores if c is not None))
    state, counts = copies.group_texts(texts)
    groups = copies.row_groups(cores, columns, texts, state["label"])
    seconds = time.monotonic() - started
    load = os.getloadavg()
    members: dict[int, set] = {}
    for n in (groups >= 0).nonzero()[0].tolist():
        members.setdefault(int(groups[n]), set()).add(columns["doc_id"][n])
    sizes = sorted((len(v) for v in members.values()), reverse=True)
    print(f"\nwhole corpus ({meta['documents']} documents, {meta['paragraphs']} paragraphs; "
          f"{len(texts)} distinct paragraphs take part)")
    print(f"  grouping stage: {seconds:.1f} s (load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}); "
          f"that build took {meta['seconds']:.0f} s without it: +{100 * seconds / meta['seconds']:.1f}%")
    print(f"  groups: {len(members)}, paragraphs in a group: {int((groups >= 0).sum())}, "
          f"largest groups (documents): {sizes[:10]}")
    # An update: one document's paragraphs changed (a sentence added to each), as group_texts
    # sees it with the state of the build before.
    doc = columns["doc_id"][next(n for n in range(len(cores)) if cores[n] is not None)]
    mine = {cores[n] for n in range(len(cores)) if columns["doc_id"][n] == doc and cores[n]}
    changed = [t for t in texts if t not in mine] + [t + "本台记者报道" for t in mine]
    started = time.monotonic()
    _, update = copies.group_texts(changed, state)
    print(f"  an update changing one document ({len(mine)} paragraphs): "
          f"{time.monotonic() - started:.1f} s, {update['hashed']} texts hashed, "
          f"{update['queried']} looked up")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(REPO.parent / "shared" / "corpus"))
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--copies", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--whole-index", default="", help="an index of the whole corpus (read only)")
    ap.add_argument("--whole-only", action="store_true", help="only the whole-corpus figures")
    args = ap.parse_args()
    if args.whole_only:
        whole_corpus(store.current_build(args.whole_index))
        return
    rng = random.Random(args.seed)
    corpus = read_corpus(Path(args.corpus))
    with tempfile.TemporaryDirectory(prefix="dangan-copies-") as tmp:
        archive, index = Path(tmp) / "archive", Path(tmp) / "index"
        known = make_archive(corpus, archive, args.docs, args.copies, rng)
        started = time.monotonic()
        report = build_index(archive, index)
        built = time.monotonic() - started
        where, texts = groups_by_path(index)
        known = resolve(known, texts)
        r = evaluate(known, where, texts)
    print(f"archive: {args.docs} corpus documents + {args.copies} reposts, {len(known)} found "
          "again after cleaning "
          f"({report.paragraphs} paragraphs), seed {args.seed}; built in {built:.1f} s")
    print(f"pair recall: {r['found']}/{r['known']} = {r['found'] / r['known']:.3f}")
    for kind, (f, n) in r["by_kind"].items():
        print(f"  {kind:9s} {f}/{n} = {f / max(1, n):.3f}")
    judged = r["right"] + r["wrong"]
    print(f"pair precision (pairs with a repost): {r['right']}/{judged} = {r['right'] / max(1, judged):.3f}")
    for *keys, a, b in r["wrong_examples"]:
        print(f"  wrong: {keys} {a} | {b}")
    print(f"pairs among the corpus documents alone (their own reposts, not judged): {r['natural']}")
    print(f"groups in this archive: {r['groups']}")
    if args.whole_index:
        whole_corpus(store.current_build(args.whole_index))


if __name__ == "__main__":
    main()
