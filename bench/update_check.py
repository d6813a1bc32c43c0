#!/usr/bin/env python
"""Index size per file, and the cost of re-indexing one changed document, on an existing index.

    .venv/bin/python bench/update_check.py --archive /tmp/size-corpus --index /tmp/size-ix
    .venv/bin/python bench/update_check.py --archive ... --index ... --profile --rounds 1

The archive must be a writable folder the index was built from (a copy of the corpus, never the
corpus itself): the script appends one paragraph to one document, runs `build_index` (the
incremental update), checks the paragraph is found, then restores the file and updates again.
`--rounds` repeats the change to report the median; `--profile` prints pyinstrument's call tree
of the first update (of round `--profile-round`: the first pays for imports and caches a
process fills once). Figures only; other work on the machine slows every line.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from load import loadavg

APPENDED = "体积基准追加的一段新文字用来检验一篇文档改动后的重新索引甲乙丙丁。"


def sizes(index: Path) -> list[tuple[str, int]]:
    """(file, bytes) of the live build, Whoosh's segment files summed by extension."""
    import indexer.store as store

    build = store.current_build(index)
    out: dict[str, int] = {}
    for f in build.iterdir():
        name = f.name
        if name.startswith("MAIN_") and "." in name:
            name = "whoosh *" + name[name.index("."):]
        out[name] = out.get(name, 0) + f.stat().st_size
    return sorted(out.items(), key=lambda kv: -kv[1])


def print_sizes(index: Path) -> None:
    rows = sizes(index)
    total = sum(n for _, n in rows)
    print(f"== live build of {index}: {total / 1e6:.1f} MB ==")
    for name, n in rows:
        print(f"  {name:28s} {n / 1e6:9.2f} MB")


def found(index: Path) -> int:
    import indexer

    return indexer.search(index, f'"{APPENDED}"').total


CPU: list[float] = []  # each update's CPU seconds in this process (less sensitive to other work)


def update(archive: Path, index: Path, profiler=None) -> tuple[float, object]:
    import indexer

    t, cpu = time.monotonic(), time.process_time()
    if profiler:
        profiler.start()
    report = indexer.build_index(archive, index)
    if profiler:
        profiler.stop()
    CPU.append(time.process_time() - cpu)
    return time.monotonic() - t, report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", type=Path, required=True)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--rel", default="", help="the document to change (default: the middle .txt)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--profile-round", type=int, default=1,
                    help="the round --profile profiles (a later one: without first-use costs)")
    ap.add_argument("--min-percent", type=float, default=1.5)
    args = ap.parse_args(argv)
    archive, index = args.archive.resolve(), args.index.resolve()
    if archive.is_relative_to(Path("/work/shared")):
        sys.exit("update_check.py changes a file of --archive: give a copy of the corpus")
    print(f"load average {loadavg()}")
    print_sizes(index)
    files = sorted(p.relative_to(archive) for p in archive.rglob("*.txt"))
    rel = Path(args.rel) if args.rel else files[len(files) // 2]
    path = archive / rel
    original = path.read_bytes()
    changed, restored = [], []
    try:
        for r in range(args.rounds):
            profiler = None
            if args.profile and r == args.profile_round - 1:
                from pyinstrument import Profiler
                profiler = Profiler(interval=0.001)
            path.write_bytes(original.rstrip(b"\n") + ("\n" + APPENDED + "\n").encode("utf-8"))
            t1, r1 = update(archive, index, profiler)
            hits = found(index)
            path.write_bytes(original)
            t2, r2 = update(archive, index)
            gone = found(index)
            changed.append(t1)
            restored.append(t2)
            c1, c2 = CPU[-2:]
            print(f"round {r + 1}: {rel}: changed {t1:.2f} s ({c1:.2f} s CPU; {r1.mode}, "
                  f"{r1.reindexed} documents), found {hits}; restored {t2:.2f} s ({c2:.2f} s CPU; "
                  f"{r2.mode}), found {gone}; load average {loadavg()}")
            if profiler:
                from profiling import render
                print(render(profiler, f"update after {rel} changed", args.min_percent))
    finally:
        path.write_bytes(original)
    print(f"one document changed: median {statistics.median(changed):.2f} s "
          f"({statistics.median(CPU[0::2]):.2f} s CPU); restored: median "
          f"{statistics.median(restored):.2f} s ({statistics.median(CPU[1::2]):.2f} s CPU) "
          f"({args.rounds} rounds)")
    print_sizes(index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
