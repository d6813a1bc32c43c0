"""benchmark.py's scale mode: the corpus K times over, built, queried and served, one table.

For each K of `--copies` (e.g. 1,3), a temporary archive holds the corpus K times: copy 0 is a
folder of symlinks to the corpus files, and copy j ≥ 1 is every document again under `copy<j>/`
(a distinct path, hence a distinct id) with one more real paragraph after its first one, the
longest paragraph of another document, so that no two files have the same text (identical files are indexed once). Then:

    build      `dangan index` in a child process: wall, peak RSS summed over its process tree
               (sampled every 0.1 s), index size on disk
    queries    a fresh Python process: import indexer, first search (start to first answer), then
               the benchmark's query mix (first page of 20 with total and facets): p50/p95, its RSS
    yardstick  the same queries as a plain substring scan of the K-fold folded paragraphs held in
               a Python list, in this process (finds every match, ranks nothing)
    reindex    one document changed (a paragraph appended), `dangan index` again (incremental)
    watch      `dangan watch` started, another document changed three times: from each write to
               the search that finds it (median), and the watcher's own update seconds
    serve      `dangan serve` started until the first HTTP 200 of /api/search

The load average is printed before each K; other work on the machine shows in every figure.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import benchmark as bm
import evaluate
from load import dangan, loadavg

# Offsets between a document and the one its extra paragraph comes from, one per copy.
DONOR_STRIDE = 7919
APPENDED = "规模基准追加的一段文字用来检验一篇文档改动后的重新索引甲乙丙丁。"

QUERY_CHILD = r"""
import json, sys, time
t0 = time.monotonic()
import indexer
index, queries, per_page = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8")), int(sys.argv[3])
imported = time.monotonic()
def one(q):
    try:
        indexer.search(index, q, per_page=per_page)
        return True
    except indexer.DanganError:
        return False
one(queries[0])
first = time.monotonic()
times = []
for q in queries:
    t = time.perf_counter()
    one(q)
    times.append(time.perf_counter() - t)
status = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
kb = lambda key: int(status[key].split()[0]) * 1024
print(json.dumps({"started": t0, "imported": imported, "first": first, "times": times,
                  "rss": kb("VmRSS"), "hwm": kb("VmHWM")}))
"""


def run_tree(cmd: list[str]) -> dict:
    """Run cmd, sampling the RSS summed over its process tree every 0.1 s."""
    import psutil

    t = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    parent = psutil.Process(proc.pid)
    peak = procs = 0
    while proc.poll() is None:
        rss, n = bm.tree_rss(parent)
        peak, procs = max(peak, rss), max(procs, n)
        time.sleep(0.1)
    out = proc.stdout.read()
    proc.wait()
    wall = time.monotonic() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} … failed ({proc.returncode}): {out[-2000:]}")
    return {"wall": wall, "peak": peak, "procs": procs, "output": out}


def donor_paragraph(docs, i: int, j: int) -> tuple[int, int]:
    """(document, paragraph) whose text copy j of document i gets: the longest paragraph of
    another document (a long one, so that cleaning keeps it as body text)."""
    n = len(docs)
    donor = (i + j * DONOR_STRIDE) % n if n > 1 else i
    paragraphs = docs[donor].paragraphs
    return donor, max(range(len(paragraphs)), key=lambda k: len(paragraphs[k]))


def with_paragraph(text: str, extra: str) -> str:
    """The file's text with `extra` as a line after the first line of its body (past any front matter)."""
    start = 0
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        start = end + 5 if end >= 0 else 0
    lines = text[start:].split("\n")
    first = next((k for k, line in enumerate(lines) if line.strip()), 0)
    lines.insert(first + 1, extra)
    return text[:start] + "\n".join(lines)


def make_copies(corpus: Path, docs, k: int, root: Path) -> Path:
    """The K-fold archive under root/archive (see the module docstring)."""
    archive = root / "archive"
    for d in docs:
        target = archive / d.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(corpus / d.path)
    for j in range(1, k):
        for i, d in enumerate(docs):
            donor, p = donor_paragraph(docs, i, j)
            text = (corpus / d.path).read_text(encoding="utf-8")
            target = archive / f"copy{j}" / d.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(with_paragraph(text, docs[donor].paragraphs[p]), encoding="utf-8")
    return archive


def folded_k(c, k: int) -> list[str]:
    """The folded paragraphs of the K-fold archive, as make_copies writes it (references only)."""
    starts, at = [], 0
    for d in c.docs:
        starts.append(at)
        at += len(d.paragraphs)
    folded = c.prod.folded
    out = list(folded)
    for j in range(1, k):
        for i, d in enumerate(c.docs):
            donor, p = donor_paragraph(c.docs, i, j)
            out.extend(folded[starts[i]:starts[i] + len(d.paragraphs)])
            out.append(folded[starts[donor] + p])
    return out


def run_queries(index: Path, mix, root: Path) -> dict:
    qfile = root / "queries.json"
    qfile.write_text(json.dumps([q.typed for q in mix], ensure_ascii=False), encoding="utf-8")
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, "-c", QUERY_CHILD, str(index), str(qfile), str(bm.PER_PAGE)],
                         capture_output=True, text=True, check=True)
    info = json.loads(out.stdout.strip().splitlines()[-1])
    # CLOCK_MONOTONIC is one clock for every process of the machine.
    info["start_to_first"] = info["first"] - t0
    info["import"] = info["imported"] - t0
    return info


def detached(path: Path) -> str:
    """The text of a copy-0 symlink into the corpus, the link replaced by a file of its own (the
    corpus is never written)."""
    text = path.read_text(encoding="utf-8")
    path.unlink()
    path.write_text(text, encoding="utf-8")
    return text


def reindex_one(archive: Path, index: Path, docs) -> dict:
    """Append a paragraph to one document (a copy-0 symlink replaced by a file) and re-index."""
    rel = docs[len(docs) // 2].path
    path = archive / rel
    text = detached(path)
    path.write_text(text.rstrip("\n") + "\n\n" + APPENDED + "\n", encoding="utf-8")
    r = run_tree(dangan() + ["index", str(archive), "--index", str(index), "-q"])
    m = re.search(r"用时 ([\d.]+) 秒", r["output"])
    r["seconds"] = float(m.group(1)) if m else float("nan")
    r["incremental"] = "增量更新" in r["output"]
    import indexer

    r["found"] = indexer.search(index, f'"{APPENDED}"').total
    return r


WATCH_ROUNDS = 3


def watched_changes(archive: Path, index: Path, docs, rounds: int = WATCH_ROUNDS) -> dict:
    """Under `dangan watch`: a paragraph appended to another document, `rounds` times (a new
    one each time); from each write to the search that finds it, and the watcher's own seconds."""
    import statistics

    import indexer
    import watch_check

    rel = docs[len(docs) // 3].path
    path = archive / rel
    text = detached(path)
    watch = watch_check.Watch(archive, index, None)
    latency, own = [], []
    try:
        watch.wait_for("正在监视", timeout=600)
        indexer.search(index, "预热")
        for n in range(1, rounds + 1):
            phrase = f"{APPENDED[:-1]}第{n}次监视。"
            t0 = time.monotonic()
            path.write_text(text.rstrip("\n") + f"\n\n{phrase}\n", encoding="utf-8")
            latency.append(watch_check.until(index, phrase, True, watch) - t0)
            _, line = watch.wait_for("用时", after=t0)
            secs = watch_check.SECONDS.search(line)
            own.append(float(secs.group(1)) if secs else float("nan"))
    finally:
        watch.stop()
    return {"latency": statistics.median(latency), "latency_max": max(latency),
            "own": statistics.median(own), "rounds": rounds}


def serve_first_200(index: Path, archive: Path) -> float:
    import http.client

    port = bm.free_port()
    t0 = time.monotonic()
    proc = subprocess.Popen(bm.serve_command(index, archive, port), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        while time.monotonic() - t0 < 120:
            if proc.poll() is not None:
                raise RuntimeError(f"dangan serve exited: {proc.stderr.read()[-2000:]}")
            try:
                conn = http.client.HTTPConnection(bm.HOST, port, timeout=30)
                status, _ = bm.get(conn, "发展")
                conn.close()
                if status == 200:
                    return time.monotonic() - t0
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError("no answer from dangan serve within 120 s")
    finally:
        bm.stop_server(proc)


def one_scale(corpus: Path, c, mix, k: int) -> dict:
    load = loadavg()
    print(f"\n== {k}× the corpus (load average {load}) ==", flush=True)
    root = Path(tempfile.mkdtemp(prefix=f"dangan-bench-scale{k}-"))
    try:
        t = time.monotonic()
        archive = make_copies(corpus, c.docs, k, root)
        print(f"archive of {k}× {len(c.docs)} documents written in {time.monotonic() - t:.1f} s", flush=True)
        index = root / "index"
        b = run_tree(dangan() + ["index", str(archive), "--index", str(index), "-q"])
        import indexer

        meta = indexer.index_info(index)
        size = bm.dir_size(Path(meta["build"]))
        print(f"build: {meta['documents']} documents, {meta['paragraphs']} paragraphs, "
              f"{b['wall']:.1f} s wall, peak {bm.mb(b['peak'])} over up to {b['procs']} processes, "
              f"index {bm.mb(size)}", flush=True)
        q = run_queries(index, mix, root)
        print(f"queries: {len(mix)} in a fresh process: import {q['import']:.2f} s, start to first "
              f"answer {q['start_to_first']:.2f} s, p50 {bm.ms(bm.pct(q['times'], 50)).strip()}, "
              f"p95 {bm.ms(bm.pct(q['times'], 95)).strip()}, RSS {bm.mb(q['rss'])} "
              f"(peak {bm.mb(q['hwm'])})", flush=True)
        paragraphs = folded_k(c, k)
        s = bm.scan_times(paragraphs, mix)
        print(f"yardstick: substring scan of {len(paragraphs)} folded paragraphs: "
              f"p50 {bm.ms(bm.pct(s, 50)).strip()}, p95 {bm.ms(bm.pct(s, 95)).strip()}", flush=True)
        del paragraphs
        r = reindex_one(archive, index, c.docs)
        print(f"one changed document: dangan index {r['wall']:.2f} s wall (build_index {r['seconds']:.2f} s, "
              f"{'incremental' if r['incremental'] else 'NOT incremental'}); the appended paragraph "
              f"found {r['found']} time(s)", flush=True)
        w = watched_changes(archive, index, c.docs)
        print(f"under dangan watch, a paragraph appended {w['rounds']} times: searchable after "
              f"{w['latency']:.2f} s median ({w['latency_max']:.2f} s max), the watcher's update "
              f"{w['own']:.2f} s median", flush=True)
        serve = serve_first_200(index, archive)
        print(f"dangan serve: first HTTP 200 {serve:.2f} s after start", flush=True)
        return {"documents": meta["documents"], "paragraphs": meta["paragraphs"], "build": b["wall"],
                "peak": b["peak"], "size": size, "p50": bm.pct(q["times"], 50),
                "p95": bm.pct(q["times"], 95), "rss": q["rss"], "scan50": bm.pct(s, 50),
                "scan95": bm.pct(s, 95), "reindex": r["wall"], "reindex_build": r["seconds"],
                "first": q["start_to_first"], "serve": serve, "load": load,
                "watch": w["latency"], "watch_own": w["own"]}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def table(rows: dict[int, dict]) -> None:
    ks = list(rows)
    lines = [
        ("documents / paragraphs", lambda r: f"{r['documents']:,} / {r['paragraphs']:,}"),
        ("build wall (dangan index)", lambda r: f"{r['build']:.1f} s"),
        ("build peak memory (process tree)", lambda r: f"{r['peak'] / 1e6:,.0f} MB"),
        ("index on disk", lambda r: f"{r['size'] / 1e6:,.0f} MB"),
        ("query p50 / p95", lambda r: f"{r['p50'] * 1e3:.1f} / {r['p95'] * 1e3:.1f} ms"),
        ("querying process RSS", lambda r: f"{r['rss'] / 1e6:,.0f} MB"),
        ("yardstick: substring scan p50 / p95", lambda r: f"{r['scan50'] * 1e3:.1f} / {r['scan95'] * 1e3:.1f} ms"),
        ("one changed document re-indexed", lambda r: f"{r['reindex']:.2f} s ({r['reindex_build']:.2f} s in build_index)"),
        ("one changed document under dangan watch", lambda r: f"{r['watch']:.2f} s to searchable ({r['watch_own']:.2f} s update)"),
        ("start to first answer (fresh process)", lambda r: f"{r['first']:.2f} s"),
        ("dangan serve start to first HTTP 200", lambda r: f"{r['serve']:.2f} s"),
        ("load average before (1, 5, 15 min)", lambda r: r["load"]),
    ]
    print("\n| | " + " | ".join(f"{k}×" for k in ks) + " |")
    print("|---|" + "---|" * len(ks))
    for label, cell in lines:
        print(f"| {label} | " + " | ".join(cell(rows[k]) for k in ks) + " |")


def run(corpus: Path, copies: list[int], per_kind: int, seed: int) -> None:
    c = evaluate.load_corpus(corpus)
    mix = bm.query_mix(c, per_kind, seed)
    print(f"scale mode: {len(c.docs)} documents × {copies}; {len(mix)} queries (per kind {per_kind}, "
          f"seed {seed}); {os.cpu_count()} CPUs", flush=True)
    rows: dict[int, dict] = {}
    for k in copies:
        rows[k] = one_scale(corpus, c, mix, k)
        if len(rows) < len(copies):
            table(rows)  # so far: a run stopped during a larger K still has its table
    table(rows)
