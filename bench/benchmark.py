#!/usr/bin/env python
"""Speed and size of dangan: build, index size, memory, query latency in process and over HTTP.

Prints figures only (no assertions). Parts, run in this order (choose with --only):

    build    full index build: time, throughput (MB of UTF-8 text/s), index size, peak memory
             (with child processes)
    reindex  time to bring the index up to date after one document changes: the whole corpus
             (through the build's mirror of symlinks) and a small archive of 300 copied documents
    query    in-process latency p50/p95/p99 of the evaluation's query mix (first page, 20 hits),
             against a plain substring scan of the folded paragraphs held in memory
    http     `dangan serve` on 127.0.0.1 (gunicorn's workers): start to first answered search, latency, requests/s with
             8 concurrent clients (bounded: 2,000 requests or 60 s), server resident memory
    segment  jieba vs rjieba: characters per second and share of tokens that differ
    --copies 1,3   scale mode instead (bench/scale.py): the corpus K times over, for each K the
             build, index size, queries in a fresh process against a substring scan, one document
             re-indexed, start to first answer; one table

    .venv/bin/python bench/benchmark.py                    # everything, whole corpus (~15 min on 2 cores)
    .venv/bin/python bench/benchmark.py --only query,http  # reuse the evaluation's index
    .venv/bin/python bench/benchmark.py --copies 1,3       # scale mode (~30 min on 2 cores)

Only loopback addresses are used. Figures depend on what else runs on the machine (the load
average is printed at the start and the end).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate  # noqa: E402  (the query sampler and corpus loading are shared)
from load import loadavg, stop_server  # noqa: E402

PARTS = ("build", "reindex", "query", "http", "segment")
HOST = "127.0.0.1"
CONCURRENCY = 8
MAX_REQUESTS = 2000
MAX_SECONDS = 60.0
REINDEX_DOCS = 300
SEGMENT_CHARS = 1_500_000
PER_PAGE = 20


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.4999)) - 1))
    return s[k]


def ms(x: float) -> str:
    return f"{x * 1000:8.1f} ms"


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def dir_size(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            fp = os.path.join(root, f)
            if not os.path.islink(fp):
                total += os.path.getsize(fp)
    return total


def corpus_bytes(corpus: Path) -> tuple[int, int]:
    files = [p for p in corpus.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


# --- build ----------------------------------------------------------------------------------

BUILD_CHILD = r"""
import inspect, json, sys, time
import indexer
t = time.monotonic()
full = {"full": True} if "full" in inspect.signature(indexer.build_index).parameters else {}
r = indexer.build_index(sys.argv[1], sys.argv[2], **full)
print(json.dumps({"documents": r.documents, "paragraphs": r.paragraphs, "characters": r.characters,
                  "seconds": r.seconds, "wall": time.monotonic() - t, "build": r.build}))
"""


def tree_rss(parent) -> tuple[int, int]:
    """The RSS summed over a psutil process and its descendants, and how many they are."""
    import psutil

    try:
        tree = [parent] + parent.children(recursive=True)
    except psutil.Error:
        return 0, 0
    rss = 0
    for p in tree:
        try:
            rss += p.memory_info().rss
        except psutil.Error:
            pass
    return rss, len(tree)


def run_build(corpus: Path, out_dir: Path) -> dict:
    """Build in a child process, sampling the RSS of its whole process tree."""
    import psutil
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", BUILD_CHILD, str(corpus), str(out_dir)],
                            stdout=subprocess.PIPE, text=True)
    parent = psutil.Process(proc.pid)
    peak_tree = 0
    peak_procs = 1
    while proc.poll() is None:
        rss, n = tree_rss(parent)
        peak_tree, peak_procs = max(peak_tree, rss), max(peak_procs, n)
        time.sleep(0.1)
    out, _ = proc.communicate()
    wall = time.monotonic() - t
    if proc.returncode != 0:
        raise RuntimeError(f"build failed with exit code {proc.returncode}")
    info = json.loads(out.strip().splitlines()[-1])
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    info.update(wall_outer=wall, peak_tree_rss=peak_tree, peak_procs=peak_procs,
                ru_maxrss_children=max(after, before) * 1024)
    return info


def mirror_archive(corpus: Path, root: Path) -> Path:
    """A folder of symlinks to every file of the corpus (same relative paths): an archive one
    document of which can be changed without copying the corpus."""
    mirror = root / "archive"
    for f in sorted(corpus.rglob("*")):
        if f.is_file():
            target = mirror / f.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(f)
    return mirror


def part_build(corpus: Path) -> tuple[Path, Path, Path]:
    """Full build of the corpus (through a mirror of symlinks) into a fresh folder:
    (temporary root, mirror archive, index folder marked with the code fingerprint)."""
    print("\n== build ==")
    root = Path(tempfile.mkdtemp(prefix="dangan-bench-build-"))
    mirror = mirror_archive(corpus, root)
    target = root / "index"
    target.mkdir()
    fingerprint = evaluate.indexing_fingerprint()
    nfiles, nbytes = corpus_bytes(corpus)
    info = run_build(mirror, target)
    (target / evaluate.FINGERPRINT_FILE).write_text(fingerprint + "\n")
    build = Path(info["build"])
    size = dir_size(build)
    print(f"input: {nfiles} files, {mb(nbytes)} on disk (with front matter); indexed {info['documents']} "
          f"documents, {info['paragraphs']} paragraphs, {info['characters']:,} characters")
    print(f"build time (build_index: read+clean+index+publish): {info['seconds']:.1f} s "
          f"(process wall incl. imports {info['wall_outer']:.1f} s)")
    print(f"throughput: {nbytes / 1e6 / info['seconds']:.3f} MB/s of UTF-8 input files, "
          f"{info['characters'] / info['seconds']:,.0f} characters/s of cleaned text")
    print(f"index size on disk: {mb(size)} ({size / max(1, nbytes):.1f}× the input files); largest files:")
    for f in sorted(build.iterdir(), key=lambda f: -f.stat().st_size)[:5]:
        print(f"    {f.name:<40} {mb(f.stat().st_size)}")
    print(f"peak memory of the build: {mb(info['peak_tree_rss'])} RSS summed over the process tree "
          f"(sampled every 0.1 s, up to {info['peak_procs']} processes); largest single process "
          f"{mb(info['ru_maxrss_children'])} (RUSAGE_CHILDREN ru_maxrss)")
    return root, mirror, target


# --- queries --------------------------------------------------------------------------------

def query_mix(c, per_kind: int, seed: int) -> list[evaluate.Query]:
    kinds = [k for k in evaluate.KINDS if k != "fold_edge"]  # targeted, not a query mix
    qs = evaluate.sample_queries(c, kinds, per_kind, seed, evaluate.DEFAULT_CAP)
    mix = [q for kind in evaluate.KINDS for q in qs.get(kind, [])]
    random.Random(seed).shuffle(mix)
    return mix


def latency_table(rows: dict[str, list[float]]) -> None:
    print(f"    {'kind':<30}{'n':>5}{'p50':>12}{'p95':>12}{'p99':>12}{'max':>12}")
    for kind, xs in rows.items():
        print(f"    {kind:<30}{len(xs):>5}{ms(pct(xs, 50)):>12}{ms(pct(xs, 95)):>12}"
              f"{ms(pct(xs, 99)):>12}{ms(max(xs)):>12}")


def by_kind(mix, times) -> dict[str, list[float]]:
    rows: dict[str, list[float]] = {"all": list(times)}
    for kind in evaluate.KINDS:
        xs = [t for q, t in zip(mix, times) if q.kind == kind]
        if xs:
            rows[evaluate.KIND_LABELS[kind]] = xs
    return rows


def scan_times(paragraphs: list[str], mix) -> list[float]:
    """Seconds a plain substring scan of the folded paragraphs takes for each query of the mix."""
    times = []
    for q in mix:
        needles = [evaluate.product_fold(x) for x in q.needles]
        t = time.perf_counter()
        found = [i for i, p in enumerate(paragraphs) if all(n in p for n in needles)]
        times.append(time.perf_counter() - t)
        del found
    return times


def part_query(c, index_dir: Path, mix) -> dict:
    import indexer

    import psutil

    print("\n== query (in process) ==")
    me = psutil.Process()
    rss0 = me.memory_info().rss
    t = time.monotonic()
    indexer.search(index_dir, mix[0].typed, per_page=PER_PAGE)
    cold = time.monotonic() - t
    rss1 = me.memory_info().rss
    times, partial = [], 0
    for q in mix:
        t = time.perf_counter()
        try:
            partial += bool(getattr(indexer.search(index_dir, q.typed, per_page=PER_PAGE), "partial", False))
        except indexer.DanganError:
            pass
        times.append(time.perf_counter() - t)
    print(f"{len(mix)} queries (the evaluation's sampler, all kinds mixed), first page of {PER_PAGE} "
          f"hits with total and facets ({partial} partial); first search after import (opens the index) "
          f"{ms(cold).strip()}")
    latency_table(by_kind(mix, times))
    print(f"this process's RSS: {mb(rss0)} before the first search (corpus and truth loaded), "
          f"+{mb(rss1 - rss0)} after opening the index, +{mb(me.memory_info().rss - rss1)} more after "
          f"the {len(mix)} queries (one thread)")

    # Baseline: a plain scan of the folded paragraphs held in memory (the product's fold).
    paras = c.prod.folded
    scan = scan_times(paras, mix)
    print(f"plain substring scan of {len(paras)} folded paragraphs in a Python list (finds all, "
          f"no ranking):")
    latency_table({"all": scan})
    p50, s50 = pct(times, 50), pct(scan, 50)
    print(f"ratio at p50: index {ms(p50).strip()} / scan {ms(s50).strip()} = {p50 / s50:.2f}× "
          f"({'index faster' if p50 < s50 else 'scan faster'}); at p95: {pct(times, 95) / pct(scan, 95):.2f}×")
    return {"p50": p50}


# --- http -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def serve_command(index_dir: Path, corpus: Path, port: int) -> list[str]:
    script = Path(sys.executable).parent / "dangan"
    base = [str(script)] if script.exists() else [sys.executable, "-c", "from web.cli import cli; cli()"]
    return base + ["serve", str(corpus), "--index", str(index_dir), "--host", HOST, "--port", str(port)]


def get(conn: http.client.HTTPConnection, q: str) -> tuple[int, bytes]:
    path = "/api/search?" + urllib.parse.urlencode({"q": q, "per_page": PER_PAGE})
    conn.request("GET", path)
    resp = conn.getresponse()
    return resp.status, resp.read()


def is_partial(body: bytes) -> bool:
    """Whether the API answered with what it had when the search's time limit was reached."""
    return b'"partial":true' in body.replace(b" ", b"")


def part_http(index_dir: Path, corpus: Path, mix) -> None:
    import psutil

    print("\n== http (dangan serve, 127.0.0.1) ==")
    port = free_port()
    cmd = serve_command(index_dir, corpus, port)
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first = None
        while time.monotonic() - t0 < 120:
            if proc.poll() is not None:
                raise RuntimeError(f"dangan serve exited: {proc.stderr.read()[-2000:]}")
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                status, _ = get(conn, "发展")
                conn.close()
                if status == 200:
                    first = time.monotonic() - t0
                    break
            except OSError:
                pass
            time.sleep(0.05)
        if first is None:
            raise RuntimeError("no answer from dangan serve within 120 s")
        server = psutil.Process(proc.pid)

        def rss() -> int:
            return sum(p.memory_info().rss for p in [server] + server.children(recursive=True))

        memory = [("after the first answer", rss())]
        print(f"start of `dangan serve` to first answered /api/search: {first:.2f} s")

        for run in (1, 2):
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            times, errors, partial = [], 0, 0
            for q in mix:
                t = time.perf_counter()
                status, body = get(conn, q.typed)
                times.append(time.perf_counter() - t)
                errors += status not in (200, 400)
                partial += is_partial(body)
            conn.close()
            memory.append((f"after sequential pass {run}", rss()))
            print(f"pass {run}: {len(mix)} queries one after another over one keep-alive connection "
                  f"(first page of {PER_PAGE}; {errors} non-200/400 answers, {partial} partial)"
                  + (" — the same queries again:" if run == 2 else ":"))
            latency_table(by_kind(mix, times) if run == 1 else {"all": times})

        lat: list[float] = []
        lock = threading.Lock()
        state = {"n": 0, "errors": 0, "partial": 0}
        deadline = time.monotonic() + MAX_SECONDS

        def client(k: int) -> None:
            rng = random.Random(k)
            c = http.client.HTTPConnection(HOST, port, timeout=60)
            while time.monotonic() < deadline:
                with lock:
                    if state["n"] >= MAX_REQUESTS:
                        break
                    state["n"] += 1
                q = rng.choice(mix).typed
                t = time.perf_counter()
                body = b""
                try:
                    status, body = get(c, q)
                except (OSError, http.client.HTTPException):
                    status = 0
                    c.close()
                    c = http.client.HTTPConnection(HOST, port, timeout=60)
                dt = time.perf_counter() - t
                with lock:
                    lat.append(dt)
                    state["errors"] += status not in (200, 400)
                    state["partial"] += is_partial(body)
            c.close()

        t = time.monotonic()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(CONCURRENCY)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.monotonic() - t
        print(f"{CONCURRENCY} concurrent clients (bounded by {MAX_REQUESTS} requests or "
              f"{MAX_SECONDS:.0f} s): {len(lat)} requests in {elapsed:.1f} s = "
              f"{len(lat) / elapsed:.1f} requests/s; latency under load p50 {ms(pct(lat, 50)).strip()}, "
              f"p95 {ms(pct(lat, 95)).strip()}, p99 {ms(pct(lat, 99)).strip()}; errors {state['errors']}, "
              f"partial answers {state['partial']}")
        memory.append(("after the concurrent load", rss()))
        print(f"server resident memory (RSS, serving this corpus; {1 + len(server.children(recursive=True))} "
              f"process): " + "; ".join(f"{label} {mb(x)}" for label, x in memory)
              + f"; {server.num_threads()} threads")
    finally:
        stop_server(proc)


# --- reindex --------------------------------------------------------------------------------

APPENDED = "基准测试追加的一段新文字用来检验重新索引甲乙丙丁。"


def _timed_build(archive: Path, index_dir: Path, **options):
    import indexer

    t = time.monotonic()
    r = indexer.build_index(archive, index_dir, **options)
    return time.monotonic() - t, r


def _mode(r) -> str:
    mode = getattr(r, "mode", "full (no incremental mode)")
    n = getattr(r, "reindexed", None)
    return mode + (f", {n} documents re-indexed" if n is not None and mode == "incremental" else "")


def _found(index_dir: Path) -> int:
    import indexer

    return indexer.search(index_dir, f'"{APPENDED}"').total


def _change_one(archive: Path, rel: Path, corpus: Path) -> None:
    """Replace the document (a symlink or a copy) by a changed copy: one paragraph appended."""
    path = archive / rel
    text = (corpus / rel).read_text(encoding="utf-8")
    path.unlink()
    path.write_text(text.rstrip("\n") + "\n" + APPENDED + "\n", encoding="utf-8")


def part_reindex(corpus: Path, built: tuple[Path, Path, Path] | None) -> None:
    """Re-index after one document changes: the whole corpus (when the build part ran, through
    its mirror of symlinks) and a small 300-document archive."""
    import inspect

    import indexer

    incremental = "full" in inspect.signature(indexer.build_index).parameters
    print("\n== reindex after one document changes ==")
    print("build_index " + ("updates incrementally (re-reads added and changed files only)"
                            if incremental else "has no incremental mode: every build re-indexes everything"))
    if built:
        _, mirror, index_dir = built
        files = sorted(p.relative_to(mirror) for p in mirror.rglob("*.txt"))
        rel = files[len(files) // 2]
        before = _found(index_dir)
        _change_one(mirror, rel, corpus)
        t1, r1 = _timed_build(mirror, index_dir)
        after = _found(index_dir)
        t2, r2 = _timed_build(mirror, index_dir)
        (mirror / rel).unlink()
        (mirror / rel).symlink_to(corpus / rel)
        t3, r3 = _timed_build(mirror, index_dir)
        restored = _found(index_dir)
        print(f"whole corpus ({r1.documents} documents): one document changed {t1:.1f} s ({_mode(r1)}); "
              f"nothing changed {t2:.1f} s ({_mode(r2)}); the change undone {t3:.1f} s ({_mode(r3)})")
        print(f"  the appended paragraph is found {before} → {after} → {restored} times "
              f"(expected 0 → 1 → 0)")
    files = sorted(corpus.rglob("*.txt"))
    step = max(1, len(files) // REINDEX_DOCS)
    chosen = files[::step][:REINDEX_DOCS]
    tmp = Path(tempfile.mkdtemp(prefix="dangan-bench-reindex-"))
    try:
        archive, index_dir = tmp / "archive", tmp / "index"
        for f in chosen:
            target = archive / f.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
        t0, r0 = _timed_build(archive, index_dir)
        _change_one(archive, chosen[len(chosen) // 2].relative_to(corpus), corpus)
        t1, r1 = _timed_build(archive, index_dir)
        t2, r2 = _timed_build(archive, index_dir, **({"full": True} if incremental else {}))
        print(f"{r0.documents}-document archive ({r0.characters:,} characters, copied to a temporary "
              f"folder): first build {t0:.2f} s; one document changed {t1:.2f} s ({_mode(r1)}); "
              f"full rebuild {t2:.2f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- segmentation ---------------------------------------------------------------------------

def part_segment(c, seed: int) -> None:
    import jieba
    import rjieba

    print("\n== segmentation: jieba vs rjieba (accurate mode, HMM on) ==")
    rng = random.Random(seed)
    order = rng.sample(range(len(c.paragraphs)), len(c.paragraphs))
    sample, n = [], 0
    for i in order:
        if n >= SEGMENT_CHARS:
            break
        sample.append(c.prod.folded[i])
        n += len(c.prod.folded[i])
    t = time.monotonic()
    jieba.setLogLevel(60)
    jt = jieba.Tokenizer()
    jt.initialize()
    jload = time.monotonic() - t
    t = time.monotonic()
    rj = rjieba.Jieba()
    rj.cut("预热")
    rload = time.monotonic() - t
    t = time.monotonic()
    jtoks = [list(jt.tokenize(p)) for p in sample]
    jsec = time.monotonic() - t
    t = time.monotonic()
    rtoks = [rj.tokenize(p, "default", True) for p in sample]
    rsec = time.monotonic() - t
    total = differ = 0
    for a, b in zip(jtoks, rtoks):
        sa = {(s, e) for _, s, e in a}
        sb = {(s, e) for _, s, e in b}
        total += len(sb)
        differ += len(sb - sa)
    jn = sum(len(x) for x in jtoks)
    print(f"sample: {len(sample)} folded paragraphs, {n:,} characters")
    print(f"jieba  : {n / jsec:>12,.0f} chars/s ({jsec:.2f} s; dictionary load {jload:.2f} s; {jn:,} tokens)")
    print(f"rjieba : {n / rsec:>12,.0f} chars/s ({rsec:.2f} s; dictionary load {rload:.2f} s; {total:,} tokens)")
    print(f"rjieba is {jsec / rsec:.1f}× faster; {differ:,} of rjieba's tokens ({differ / max(1, total):.3%}) "
          f"are not tokens of jieba at the same position (index and queries must use one segmenter)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=evaluate.DEFAULT_CORPUS)
    ap.add_argument("--index", type=Path, default=None,
                    help="index for the query/http parts (default: the evaluation's, under /tmp; "
                         "built if missing)")
    ap.add_argument("--only", default=",".join(PARTS), help="comma-separated parts: " + ",".join(PARTS))
    ap.add_argument("--seed", type=int, default=evaluate.DEFAULT_SEED)
    ap.add_argument("--per-kind", type=int, default=30, help="queries per kind in the query mix")
    ap.add_argument("--subset", type=int, default=0, help="use only N documents (quick runs)")
    ap.add_argument("--reuse-stale", action="store_true",
                    help="reuse the index even if the indexing code changed since it was built")
    ap.add_argument("--copies", default="",
                    help="scale mode: comma-separated K (e.g. 1,3), the corpus K times over; other parts skipped")
    args = ap.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    if set(parts) - set(PARTS):
        ap.error(f"unknown parts {sorted(set(parts) - set(PARTS))}")

    corpus = args.corpus.resolve()
    if args.subset:
        corpus = evaluate.subset_archive(corpus, args.subset)
    started = time.monotonic()
    if args.copies:
        import scale

        copies = [int(k) for k in args.copies.split(",") if k.strip()]
        if not copies or min(copies) < 1:
            ap.error("--copies takes positive whole numbers, e.g. 1,3")
        print(f"dangan benchmark, scale mode — {time.strftime('%Y-%m-%d %H:%M')}; load average at start "
              f"{loadavg()}; corpus {corpus}")
        scale.run(corpus, copies, args.per_kind, args.seed)
        print(f"\nload average at the end {loadavg()}; "
              f"benchmark took {time.monotonic() - started:.0f} s")
        return 0
    index_dir = (args.index or evaluate.default_index_dir(corpus)).resolve()
    print(f"dangan benchmark — {time.strftime('%Y-%m-%d %H:%M')}; {os.cpu_count()} CPUs; "
          f"load average at start {loadavg()} "
          "(other work on the machine makes every figure approximate)")
    print(f"corpus {corpus}; index {index_dir}; parts {','.join(parts)}")

    import indexer

    built = part_build(corpus) if "build" in parts else None
    if "reindex" in parts:
        part_reindex(corpus, built)
    c = mix = None
    if {"query", "http", "segment"} & set(parts):
        if {"query", "http"} & set(parts):
            if (built and not evaluate.index_is_fresh(index_dir) and evaluate.index_is_fresh(built[2])
                    and not args.reuse_stale):
                # The index under test is missing or stale: the one just built takes its place.
                shutil.rmtree(index_dir, ignore_errors=True)
                index_dir.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(built[2]), str(index_dir))
                print(f"(the index just built replaces the missing or stale one at {index_dir})")
            else:
                evaluate.ensure_index(corpus, index_dir, reuse_stale=args.reuse_stale)
        c = evaluate.load_corpus(corpus)
        if {"query", "http"} & set(parts):
            mix = query_mix(c, args.per_kind, args.seed)
            meta = indexer.index_info(index_dir)
            live = (index_dir / "current").resolve()
            print(f"index in use: built {meta.get('built_at')}, {meta.get('documents')} documents, "
                  f"{meta.get('paragraphs')} paragraphs; size {mb(dir_size(live))}")
    if "query" in parts:
        part_query(c, index_dir, mix)
    if "http" in parts:
        part_http(index_dir, corpus, mix)
    if "segment" in parts:
        part_segment(c, args.seed)
    if built:
        shutil.rmtree(built[0], ignore_errors=True)
    print(f"\nload average at the end {loadavg()}; "
          f"benchmark took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
