"""Misquoted statements: is the paragraph a statement came from the first `near` hit when the
statement is typed with 1–3 characters changed, and do made-up strings get no near hits?

Statements of 10–30 characters are drawn from the indexed paragraphs (seeded), changed by
substituting, dropping or inserting a character, changing punctuation, or writing a character
in its traditional form, and searched in quotes with indexer.search, timed in process.

    .venv/bin/python bench/near_check.py --index /tmp/dangan-bench/index-corpus-978b7947 [--seed 1]

Counted as found: the first near hit is the statement's paragraph, or holds the very same
statement (an identical sentence in another paragraph cannot be told apart). Where every change
folds away (a traditional form), the string is an exact match and counted apart. Strings with
no close paragraph: the statement's characters shuffled; characters drawn at random from the
archive's text; halves of two unrelated statements joined.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer import search, store  # noqa: E402
from indexer.matching import matching, read_query  # noqa: E402
from indexer.near import core, near_statements  # noqa: E402
from indexer.textfold import fold  # noqa: E402

KINDS = ("substitute", "drop", "insert", "punctuation", "traditional")
PUNCTUATION = "，、；。："
_CLAUSE = re.compile(r"[^。！？；\"“”「」『』＂\s]+")


def s2t():
    import opencc

    return opencc.OpenCC("s2t")


def draw_statement(rng: random.Random, texts: list[str]) -> tuple[int, str] | None:
    """(doc number, a 10–30 character span of one of its sentences), or None for a bad draw."""
    d = rng.randrange(len(texts))
    clauses = [m.group(0) for m in _CLAUSE.finditer(texts[d]) if len(m.group(0)) >= 10]
    if not clauses:
        return None
    clause = rng.choice(clauses)
    length = rng.randint(10, min(30, len(clause)))
    start = rng.randint(0, len(clause) - length)
    statement = clause[start:start + length].strip("，、；：,;: ")
    return (d, statement) if len(core(fold(statement))) >= 10 else None


def is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def mutate(rng: random.Random, s: str, chars: str, converter) -> tuple[str, list[str]]:
    """`s` with 1–3 changes; the kinds applied."""
    kinds = [rng.choice(KINDS) for _ in range(rng.randint(1, 3))]
    out = list(s)
    for kind in kinds:
        inner = range(1, len(out) - 1)  # not at the ends: an edge change only shortens the quote
        han = [i for i in inner if is_han(out[i])]
        if kind == "traditional":
            convertible = [i for i in han if converter.convert(out[i]) != out[i]]
            if convertible:
                i = rng.choice(convertible)
                out[i] = converter.convert(out[i])
                continue
            kind = "substitute"
        if kind == "punctuation":
            marks = [i for i in inner if out[i] in PUNCTUATION + ",;"]
            if marks and rng.random() < 0.6:
                i = rng.choice(marks)
                if rng.random() < 0.5:
                    del out[i]
                else:
                    out[i] = rng.choice([p for p in PUNCTUATION if p != out[i]])
            else:
                out.insert(rng.choice(list(inner)), rng.choice(PUNCTUATION))
        elif kind == "substitute":
            i = rng.choice(han or list(inner))
            out[i] = rng.choice([c for c in chars if c != out[i]] or chars)
        elif kind == "drop":
            del out[rng.choice(han or list(inner))]
        else:
            out.insert(rng.choice(list(inner)), rng.choice(chars))
    return "".join(out), kinds


def timed_search(index: str, s: str):
    started = time.perf_counter()
    result = search(index, f'"{s}"', per_page=10)
    return result, (time.perf_counter() - started) * 1000


def near_ms(snap, s: str) -> float:
    """The time of the near statements alone (the exact matches found beforehand)."""
    parsed = read_query(snap, f'"{s}"')
    exact = matching(snap, parsed)
    started = time.perf_counter()
    near_statements(snap, parsed, exact, typed=s)
    return (time.perf_counter() - started) * 1000


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def window(hit) -> str:
    return "".join(t for op, t in hit.diff if op != "-")


def pct(n: int, total: int) -> str:
    return f"{n}/{total} = {100 * n / max(1, total):.1f}%"


def run(index: str, seed: int, n: int, negatives: int) -> None:
    snap = store.snapshot(index)
    texts, cols = snap.folded, snap.columns
    searcher = snap.searcher()
    rng = random.Random(seed)
    converter = s2t()
    sample = "".join(texts[rng.randrange(len(texts))] for _ in range(300))
    chars = "".join(c for c in sample if is_han(c))
    search(index, '"预热一下索引和缓存"')

    found = strict = exact = missed = no_near = 0
    by_kind: Counter = Counter()
    kind_total: Counter = Counter()
    times: list[float] = []
    near_times: list[float] = []
    misses: list[str] = []
    drawn = 0
    while drawn < n:
        picked = draw_statement(rng, texts)
        if picked is None:
            continue
        d, folded_statement = picked
        original = searcher.stored_fields(d)["text"]
        # the statement as it stands in the original text (its folded form was drawn)
        start = texts[d].find(folded_statement)
        statement = original[start:start + len(folded_statement)] if start >= 0 and len(
            original) == len(texts[d]) else folded_statement
        typed, kinds = mutate(rng, statement, chars, converter)
        if '"' in typed or fold(typed) == fold(statement):
            continue
        drawn += 1
        result, ms = timed_search(index, typed)
        times.append(ms)
        near_times.append(near_ms(snap, typed))
        target = (cols["doc_id"][d], cols["paragraph"][d])
        for k in set(kinds):
            kind_total[k] += 1
        if any((h.doc_id, h.paragraph) == target for h in result.hits) and result.exact_total:
            exact += 1  # every change folded away: the paragraph matches as typed
            continue
        first = result.near[0] if result.near else None
        if first is not None and (first.doc_id, first.paragraph) == target:
            strict += 1
        if first is not None and ((first.doc_id, first.paragraph) == target
                                  or core(fold(window(first))) == core(folded_statement)):
            found += 1
            for k in set(kinds):
                by_kind[k] += 1
        else:
            missed += 1
            no_near += first is None
            if len(misses) < 8:
                got = window(first) if first else "（没有近似结果）"
                misses.append(f"  {'+'.join(kinds)}: “{typed}” ← “{statement}”; 第一个：{got}")
    near_cases = n - exact
    print(f"seed {seed}: {n} statements of 10–30 characters with 1–3 changes")
    print(f"  first near hit is the statement's paragraph or holds the same statement: "
          f"{pct(found, near_cases)}  (the very paragraph: {pct(strict, near_cases)})")
    print(f"  changes folded away, found as exact matches: {exact}; missed: {missed} "
          f"(no near hit at all: {no_near})")
    for k in (k for k in KINDS if kind_total[k]):
        print(f"    with {k:<11} {pct(by_kind[k], kind_total[k])}")
    for line in misses:
        print(line)
    print(f"  search time: p50 {statistics.median(times):.0f} ms, p95 {p95(times):.0f} ms, "
          f"max {max(times):.0f} ms; of which near statements: p50 "
          f"{statistics.median(near_times):.0f} ms, p95 {p95(near_times):.0f} ms")

    made_up = {"shuffled": [], "random characters": [], "two halves": []}
    while len(made_up["shuffled"]) < negatives:
        picked, other = draw_statement(rng, texts), draw_statement(rng, texts)
        if picked is None or other is None:
            continue
        s = list(picked[1])
        rng.shuffle(s)
        made_up["shuffled"].append("".join(s))
        length = rng.randint(10, 30)
        made_up["random characters"].append("".join(rng.choice(chars) for _ in range(length)))
        a, b = picked[1], other[1]
        made_up["two halves"].append(a[: len(a) // 2] + b[len(b) // 2:])
    neg_times, neg_near = [], []
    for kind, strings in made_up.items():
        with_near, shown = 0, []
        for s in strings:
            result, ms = timed_search(index, s)
            neg_times.append(ms)
            neg_near.append(near_ms(snap, s))
            with_near += bool(result.near)
            if result.near and len(shown) < 3:
                shown.append(f"    “{s}” → {window(result.near[0])} ({result.near[0].similarity})")
        print(f"  {kind}: {pct(with_near, len(strings))} get near hits (should be none)")
        for line in shown:
            print(line)
    print(f"  search time of those: p50 {statistics.median(neg_times):.0f} ms, p95 {p95(neg_times):.0f} ms"
          f" (most of it the suggestions made when nothing is found); near statements: p50 "
          f"{statistics.median(neg_near):.0f} ms, p95 {p95(neg_near):.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", default="/tmp/dangan-bench/index-corpus-978b7947")
    parser.add_argument("--seed", type=int, action="append",
                        help="repeatable; default 1 (tuned on) and 2 (held out)")
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--negatives", type=int, default=100, help="made-up strings of each kind")
    args = parser.parse_args()
    print(f"index {args.index}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for seed in args.seed or [1, 2]:
        run(args.index, seed, args.statements, args.negatives)


if __name__ == "__main__":
    main()
