#!/usr/bin/env python
"""Where the time goes: pyinstrument profiles of the benchmark's query mix and of one build.

    .venv/bin/python bench/profiling.py --index /tmp/dangan-bench/index-corpus-978b7947
    .venv/bin/python bench/profiling.py --only build --subset 2000

query  the benchmark's query mix (first page of 20 with total and facets) against --index, in
       this process, after one search that opens the index
build  a full build of --subset documents of the corpus into a temporary folder, with one
       writer process (procs=1) so that the whole build runs in the profiled process

Each profile is printed as pyinstrument's call tree (calls under --min-percent hidden) and, with
--output, written to that file too. Figures only; other work on the machine slows every line.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchmark as bm  # noqa: E402
import evaluate  # noqa: E402


def render(profiler, title: str, min_percent: float) -> str:
    """The call tree, calls under min_percent hidden; Whoosh's frames shown (not folded as a
    library's), since the engine's time goes there."""
    from pyinstrument.renderers import ConsoleRenderer

    tree = profiler.output(ConsoleRenderer(unicode=True, color=False, short_mode=True, processor_options={
        "filter_threshold": min_percent / 100, "show_regex": r".*(whoosh|indexer|web|rjieba|opencc).*"}))
    return f"== {title} ==\n{tree}\n"


def profile_queries(index: Path, corpus: Path, per_kind: int, seed: int, min_percent: float) -> str:
    from pyinstrument import Profiler

    import indexer

    c = evaluate.load_corpus(corpus)
    mix = bm.query_mix(c, per_kind, seed)
    del c
    indexer.search(index, mix[0].typed, per_page=bm.PER_PAGE)  # opens the index
    profiler = Profiler(interval=0.0005)
    t = time.monotonic()
    profiler.start()
    for q in mix:
        try:
            indexer.search(index, q.typed, per_page=bm.PER_PAGE)
        except indexer.DanganError:
            pass
    profiler.stop()
    wall = time.monotonic() - t
    return render(profiler, f"{len(mix)} queries against {index} ({wall:.1f} s, "
                            f"{wall / len(mix) * 1000:.1f} ms a query on average)", min_percent)


def profile_build(corpus: Path, min_percent: float) -> str:
    from pyinstrument import Profiler

    import indexer

    target = Path(tempfile.mkdtemp(prefix="dangan-profile-build-"))
    try:
        profiler = Profiler(interval=0.001)
        t = time.monotonic()
        profiler.start()
        report = indexer.build_index(corpus, target / "index", procs=1)
        profiler.stop()
        wall = time.monotonic() - t
    finally:
        shutil.rmtree(target, ignore_errors=True)
    return render(profiler, f"build of {report.documents} documents, {report.paragraphs} paragraphs "
                            f"({corpus}; procs=1) in {wall:.1f} s", min_percent)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=evaluate.DEFAULT_CORPUS)
    ap.add_argument("--index", type=Path, default=None, help="index for the query profile")
    ap.add_argument("--only", default="query,build")
    ap.add_argument("--subset", type=int, default=2000, help="documents of the corpus for the build")
    ap.add_argument("--per-kind", type=int, default=35)
    ap.add_argument("--seed", type=int, default=evaluate.DEFAULT_SEED)
    ap.add_argument("--min-percent", type=float, default=2.0, help="hide calls below this share")
    ap.add_argument("--output", type=Path)
    args = ap.parse_args(argv)
    parts = {p.strip() for p in args.only.split(",") if p.strip()}
    corpus = args.corpus.resolve()
    out = [f"dangan profiles — {time.strftime('%Y-%m-%d %H:%M')}; {os.cpu_count()} CPUs; load average "
           f"{bm.loadavg()}"]
    if "query" in parts:
        index = (args.index or evaluate.default_index_dir(corpus)).resolve()
        out.append(profile_queries(index, corpus, args.per_kind, args.seed, args.min_percent))
        print(out[-1], flush=True)
    if "build" in parts:
        out.append(profile_build(evaluate.subset_archive(corpus, args.subset), args.min_percent))
        print(out[-1], flush=True)
    out.append(f"load average at the end {bm.loadavg()}")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
