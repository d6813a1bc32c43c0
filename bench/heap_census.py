#!/usr/bin/env python
"""What a server worker's Python heap holds: tracemalloc after opening the index and after serving.

    .venv/bin/python bench/heap_census.py --index /tmp/lead-ix                 # 2,000 requests
    .venv/bin/python bench/heap_census.py --index /tmp/lead-ix --requests 4000 --top 40

It builds the app as `dangan serve` does, draws bench/load.py's seeded request mix, and sends
it through Flask's test client in this one process (a worker of a 2-worker server answers about
half of load.py's requests). It prints the process's RSS and the traced total at each stage,
then the allocation sites holding the most memory at the end (by file and line), and what
serving added (after minus opened). tracemalloc sees Python objects and numpy's arrays, not
memory the Rust segmenter or other native code allocates by itself.
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import json
import subprocess
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import load  # noqa: E402  (bench/load.py: the request mix)
import smaps  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                "fsmblks", "uordblks", "fordblks", "keepcost")]


def malloc_mb() -> str:
    """glibc's heap: bytes in use, free but kept (fragments), and in mmapped blocks."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = _Mallinfo2
        m = libc.mallinfo2()
    except (OSError, AttributeError):
        return ""
    return (f"   malloc: in use {m.uordblks / 2**20:6.1f} MB, free kept {m.fordblks / 2**20:6.1f} MB, "
            f"mmapped {m.hblkhd / 2**20:6.1f} MB")


def stage(name: str) -> tracemalloc.Snapshot:
    gc.collect()
    snap = tracemalloc.take_snapshot()
    traced = sum(s.size for s in snap.statistics("filename")) / 2**20
    print(f"{name:<32} RSS {rss_mb():7.1f} MB   traced {traced:7.1f} MB{malloc_mb()}", flush=True)
    return snap


def show(stats, top: int, title: str) -> None:
    print(f"\n{title}")
    for s in stats[:top]:
        frame = s.traceback[0]
        where = f"{Path(frame.filename).parent.name}/{Path(frame.filename).name}:{frame.lineno}"
        size = getattr(s, "size_diff", s.size)
        count = getattr(s, "count_diff", s.count)
        print(f"    {size / 2**20:8.1f} MB {count:>9} blocks  {where}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--frames", type=int, default=1, help="traceback depth kept per allocation")
    parser.add_argument("--no-trace", action="store_true", help="RSS and malloc only (full speed)")
    parser.add_argument("--fork", action="store_true",
                        help="warm up as the server's first process does, then census a forked worker")
    parser.add_argument("--jobs", help=argparse.SUPPRESS)  # the requests, drawn by the parent process
    args = parser.parse_args(argv)

    if args.jobs is None:  # draw the requests here, census in a fresh process that never gathered
        rng = random.Random(args.seed)
        material = load.gather(args.index, rng)
        jobs = [load.request_for(rng, material) for _ in range(args.requests)]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(jobs, f)
        try:
            return subprocess.call([sys.executable, __file__, *(argv if argv is not None else sys.argv[1:]),
                                    "--jobs", f.name])
        finally:
            os.unlink(f.name)
    jobs = json.loads(Path(args.jobs).read_text())

    from web import create_app

    app = create_app({"INDEX_DIR": str(args.index)})
    client = app.test_client()
    if args.fork:  # as `dangan serve` does: the first process warms up, then a worker is forked
        return forked(app, jobs, args)
    if args.no_trace:
        tracemalloc.take_snapshot = lambda: tracemalloc.Snapshot([], 1)  # stages print RSS only
    else:
        tracemalloc.start(args.frames)
    start = stage("app made (before the index)")
    client.get("/api/search?q=%E5%8F%91%E5%B1%95")  # the readiness probe: opens the index
    opened = stage("index opened (one search)")
    print("\n".join(smaps.table(os.getpid(), top=12)))
    t = time.monotonic()
    statuses: dict[int, int] = {}
    for n, (_, path) in enumerate(jobs, 1):
        status = client.get(path).status_code
        statuses[status] = statuses.get(status, 0) + 1
        if n % 500 == 0:
            stage(f"after {n} requests")
    wall = time.monotonic() - t
    served = stage("served")
    print("\n".join(smaps.table(os.getpid(), top=12)))
    print(f"{len(jobs)} requests in {wall:.1f} s (traced); statuses {sorted(statuses.items())}")
    key = "traceback" if args.frames > 1 else "lineno"
    show(opened.compare_to(start, key), args.top, "what opening the index added:")
    show(served.compare_to(opened, key), args.top, "what serving added:")
    show(served.statistics(key), args.top, "held at the end:")
    if args.frames > 1:
        for s in served.statistics("traceback")[:8]:
            print(f"\n{s.size / 2**20:.1f} MB:")
            print("\n".join("    " + line for line in s.traceback.format()))
    return 0


def forked(app, jobs: list, args) -> int:
    """The worker's own memory: smaps of a child forked as `dangan serve` forks its workers
    (web/serving.py's warm-up and hooks; private = what it copied or made), and, traced,
    what it allocated after the fork."""
    import types

    import indexer
    from web import serving

    gc.disable()
    indexer.prepare(app.config["INDEX_DIR"])
    serving.warm(app)
    gc.freeze()
    pid = os.fork()
    if pid:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    worker = types.SimpleNamespace()
    serving._worker_init(worker)
    client = app.test_client()
    if not args.no_trace:
        tracemalloc.start(args.frames)
    print("\n".join(smaps.table(os.getpid(), top=3)))
    for n, (_, path) in enumerate(jobs, 1):
        client.get(path)
        serving._trim(worker, None, None, None)
        if n in (50, 200, 1000):
            print(f"worker after {n} requests{malloc_mb()}")
            print("\n".join(smaps.table(os.getpid(), top=2)))
    print(f"worker after {len(jobs)} requests{malloc_mb()}")
    print("\n".join(smaps.table(os.getpid(), top=12)))
    if not args.no_trace:
        key = "traceback" if args.frames > 1 else "lineno"
        show(tracemalloc.take_snapshot().statistics(key), args.top, "allocated by the worker, held at the end:")
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
