#!/usr/bin/env python
"""Load test: `dangan serve` on 127.0.0.1 under concurrent clients, for a fixed count and time.

Run by hand (not in CI). It starts the real server (the installed `dangan serve`: gunicorn, one
worker process per core, or waitress with --threads) over an index of the whole corpus, and CLIENTS threads send a
seeded mix of requests people make, each on its own keep-alive connection:

    60%  /api/search     words, quoted phrases, two words, OR, exclusions, year/place filters,
                         later pages, sorting by date, strings that occur nowhere, and queries
                         the parser refuses (a 400 with a message is a right answer, not an error)
    15%  /               the search page (hits, facets, the chart of years)
     5%  /api/timeline
    15%  /documents/<id> a document page, at a cited paragraph
     5%  /api/documents/<id>

It stops by itself after --requests requests or --seconds seconds, whichever comes first, then
stops the server. An error is a 5xx, any other unexpected status, a body that is not what the
endpoint sends, a refused or dropped connection, or a timeout; the exit status is 1 if there
was any. The closing note gives requests per second, latency p50/p90/p99/max (overall and per
endpoint), how busy each core was (/proc/stat), the CPU the server's processes used, and its memory
summed over master and workers: RSS, and PSS (a page shared by n processes counts 1/n in each),
with each process's share.

    .venv/bin/python bench/load.py                          # whole corpus, 8 clients, 4,000 requests / 120 s
    .venv/bin/python bench/load.py --index /tmp/ixfull      # an index already built
    .venv/bin/python bench/load.py --clients 16 --requests 10000 --seconds 300 --output bench/results/load.txt

Only 127.0.0.1 is used. The index is built with `dangan index` (about 5 minutes on 2 cores) if
--index holds none. Client threads run on the same machine as the server, so on a small machine
they take CPU from it: the figures are those of the pair.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import indexer  # noqa: E402
import smaps  # noqa: E402  (bench/smaps.py, beside this script)

HOST = "127.0.0.1"
DEFAULT_ARCHIVE = ROOT.parent / "shared" / "corpus"
DEFAULT_INDEX = Path("/tmp/ix-load")
MIX = (("search", 60), ("page", 15), ("timeline", 5), ("document", 15), ("document_api", 5))
REQUEST_TIMEOUT = 120.0
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def loadavg() -> str:
    """The machine's load averages over 1, 5 and 15 minutes, as printed beside every figure."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def dangan() -> list[str]:
    script = Path(sys.executable).parent / "dangan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "web.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- what to ask ------------------------------------------------------------------------------

@dataclass
class Material:
    """Strings and documents drawn from the index, to build requests from."""

    runs: list[str]  # runs of Chinese characters from paragraphs
    doc_ids: list[tuple[str, int]]  # (doc_id, paragraphs)
    places: list[str]
    years: list[int]


def gather(index: Path, rng: random.Random, sample: int = 400) -> Material:
    docs = indexer.documents(index)
    picked = rng.sample(docs, min(sample, len(docs)))
    runs: list[str] = []
    for summary in picked[:150]:
        doc = indexer.get_document(index, summary.doc_id)
        for paragraph in rng.sample(doc.paragraphs, min(4, len(doc.paragraphs))):
            runs.extend(m.group(0) for m in _CJK_RUN.finditer(paragraph) if len(m.group(0)) >= 4)
    places = sorted({d.place for d in docs if d.place and d.place not in ("不详", "未知")})
    years = sorted({int(d.date[:4]) for d in docs if d.date[:4].isdigit()})
    return Material(runs=runs, doc_ids=[(d.doc_id, d.paragraphs) for d in picked],
                    places=places, years=years)


def _span(rng: random.Random, runs: list[str], lo: int, hi: int) -> str:
    run = rng.choice(runs)
    n = min(len(run), rng.randint(lo, hi))
    start = rng.randint(0, len(run) - n)
    return run[start:start + n]


def search_query(rng: random.Random, m: Material) -> dict[str, str]:
    kind = rng.random()
    word = _span(rng, m.runs, 2, 3)
    if kind < 0.30:
        params = {"q": word}
    elif kind < 0.45:
        params = {"q": f'"{_span(rng, m.runs, 4, 12)}"'}
    elif kind < 0.55:
        params = {"q": f"{word} {_span(rng, m.runs, 2, 3)}"}
    elif kind < 0.62:
        params = {"q": f"{word} OR {_span(rng, m.runs, 2, 3)}"}
    elif kind < 0.68:
        params = {"q": f"{word} -{_span(rng, m.runs, 2, 2)}"}
    elif kind < 0.76:
        lo = rng.choice(m.years)
        params = {"q": word, "year": f"{lo}-{min(lo + rng.randint(0, 5), m.years[-1])}"}
    elif kind < 0.82:
        params = {"q": word, "place": rng.choice(m.places)} if m.places else {"q": word}
    elif kind < 0.88:
        params = {"q": word, "page": str(rng.randint(2, 6)), "sort": rng.choice(["newest", "oldest"])}
    elif kind < 0.92:
        params = {"q": rng.choice(["的", "发展", "建设", "工作"])}  # very common: many thousands of hits
    elif kind < 0.96:
        params = {"q": f'"{_span(rng, m.runs, 3, 5)}{_span(rng, m.runs, 3, 5)}不存在"'}
    else:
        params = {"q": rng.choice(['"未闭合', "OR", "year:abcd 养老", "-只排除", "x" * 600])}
    return params


def request_for(rng: random.Random, m: Material) -> tuple[str, str]:
    """(endpoint kind, path with query string)."""
    kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
    if kind == "search":
        return kind, "/api/search?" + urlencode(search_query(rng, m))
    if kind == "page":
        return kind, "/?" + urlencode(search_query(rng, m))
    if kind == "timeline":
        return kind, "/api/timeline?" + urlencode({"q": _span(rng, m.runs, 2, 3)})
    doc_id, paragraphs = rng.choice(m.doc_ids)
    p = rng.randrange(max(1, paragraphs))
    if kind == "document":
        return kind, f"/documents/{doc_id}?" + urlencode({"q": _span(rng, m.runs, 2, 3), "p": p})
    return kind, f"/api/documents/{doc_id}"


# --- clients ----------------------------------------------------------------------------------

@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    partial: int = 0
    refused: int = 0  # 400 answers to queries the parser does not accept
    lock: threading.Lock = field(default_factory=threading.Lock)


def check(kind: str, status: int, headers: dict, body: bytes) -> tuple[str | None, bool]:
    """(an error description or None, whether a search answer was partial)."""
    if status >= 500:
        return f"{status} server error", False
    if kind in ("search", "page") and status not in (200, 400):
        return f"unexpected {status}", False
    if kind in ("timeline", "document", "document_api") and status != 200:
        return f"unexpected {status}", False
    if kind in ("search", "timeline", "document_api"):
        try:
            data = json.loads(body)
        except ValueError:
            return "not JSON", False
        if status == 400:
            return (None if data.get("error", {}).get("message") else "400 without a message"), False
        if kind == "search" and not isinstance(data.get("hits"), list):
            return "search answer without hits", False
        return None, bool(data.get("partial"))
    if b"</html>" not in body[-200:]:
        return "truncated page", False
    return None, False


def client(port: int, jobs: list[tuple[str, str]], lock: threading.Lock, tally: Tally,
           deadline: float) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    while time.monotonic() < deadline:
        with lock:
            if not jobs:
                break
            kind, path = jobs.pop()
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = conn.getresponse()
            body = response.read()
            status, headers = response.status, dict(response.getheaders())
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException) as exc:
            elapsed = time.perf_counter() - started
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            with tally.lock:
                tally.errors.append(f"{kind} {path[:80]}: {exc.__class__.__name__}: {exc}")
                tally.latencies.setdefault(kind, []).append(elapsed)
            continue
        elapsed = time.perf_counter() - started
        error, partial = check(kind, status, headers, body)
        with tally.lock:
            tally.latencies.setdefault(kind, []).append(elapsed)
            tally.statuses[status] = tally.statuses.get(status, 0) + 1
            tally.partial += partial
            tally.refused += status == 400
            if error:
                tally.errors.append(f"{kind} {path[:80]}: {error}")
    conn.close()


# --- the server -------------------------------------------------------------------------------

def memory_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def start_server(index: Path, port: int, workers: int | None,
                 threads: int | None) -> tuple[subprocess.Popen, str]:
    """`dangan serve` answering on port: (the process, the line it printed when it started)."""
    # No ARCHIVE argument: serve the index as it is (given its folder, dangan serve would rebuild an
    # index made elsewhere, e.g. through the benchmark's mirror of symlinks).
    cmd = dangan() + ["serve", "--index", str(index), "--host", HOST, "--port", str(port)]
    cmd += ["--workers", str(workers)] if workers else []
    cmd += ["--threads", str(threads)] if threads else []
    out, err = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")  # never a full pipe
    process = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err.seek(0)
            raise SystemExit(f"dangan serve exited: {err.read()[-2000:]}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            conn.request("GET", "/api/search?q=%E5%8F%91%E5%B1%95")
            if conn.getresponse().status == 200:
                conn.close()
                out.seek(0)
                return process, out.read().strip().splitlines()[-1]
        except OSError:
            time.sleep(0.25)
    process.terminate()
    raise SystemExit("dangan serve did not answer within 300 s")


def server_tree(pid: int) -> list[int]:
    """The server's process and its children (gunicorn's workers)."""
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return pids + [int(c) for c in children]


def process_memory_kb(pid: int) -> list[tuple[int, int, int, int]]:
    """(pid, RSS, PSS, private) of each of the server's processes."""
    out = []
    for p in server_tree(pid):
        fields = {}
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                key, _, rest = line.partition(":")
                if rest.strip().endswith("kB"):
                    fields[key] = int(rest.split()[0])
        except OSError:
            continue
        out.append((p, fields.get("Rss", 0), fields.get("Pss", 0),
                    fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)))
    return out


def tree_memory_kb(pid: int) -> tuple[int, int, int]:
    """(RSS, PSS, processes) summed over the server's tree; PSS counts a page shared by n
    processes as 1/n in each, so the sum is what the server takes from the machine."""
    rows = process_memory_kb(pid)
    return sum(r[1] for r in rows), sum(r[2] for r in rows), len(rows)


def cpu_ticks() -> dict[str, tuple[int, int]]:
    """(busy, total) jiffies per core from /proc/stat."""
    out = {}
    for line in Path("/proc/stat").read_text().splitlines():
        name, *values = line.split()
        if name.startswith("cpu") and name != "cpu":
            v = [int(x) for x in values]
            idle = v[3] + (v[4] if len(v) > 4 else 0)
            out[name] = (sum(v) - idle, sum(v))
    return out


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server's processes so far."""
    total = 0.0
    for p in server_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=4000, help="stop after this many requests")
    parser.add_argument("--seconds", type=float, default=120.0, help="or after this long")
    parser.add_argument("--workers", type=int, default=None,
                        help="dangan serve --workers (default: the server's own, one per core)")
    parser.add_argument("--threads", type=int, default=None,
                        help="dangan serve --threads: waitress with this many threads instead")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    parser.add_argument("--smaps", action="store_true",
                        help="at the end, each server process's memory per mapping (bench/smaps.py)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()

    try:
        info = indexer.index_info(args.index)
    except indexer.IndexMissing:
        log(f"no index at {args.index}: building one with dangan index (minutes) …")
        subprocess.run(dangan() + ["index", str(args.archive), "--index", str(args.index), "-q"], check=True)
        info = indexer.index_info(args.index)
    rng = random.Random(args.seed)
    material = gather(args.index, rng)
    jobs = [request_for(rng, material) for _ in range(args.requests)]
    jobs.reverse()  # popped from the end: requests go out in the order drawn

    port = free_port()
    log(f"starting dangan serve on {HOST}:{port} over {info['documents']} documents …")
    started_server = time.monotonic()
    server, banner = start_server(args.index, port, args.workers, args.threads)
    ready = time.monotonic() - started_server
    rss_ready, pss_ready, processes = tree_memory_kb(server.pid)
    tally = Tally()
    lock = threading.Lock()
    samples: list[tuple[int, int, int]] = []
    try:
        started = time.monotonic()
        deadline = started + args.seconds
        ticks0, server_cpu0 = cpu_ticks(), tree_cpu_seconds(server.pid)
        threads = [threading.Thread(target=client, args=(port, jobs, lock, tally, deadline), daemon=True)
                   for _ in range(args.clients)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            samples.append(tree_memory_kb(server.pid))
            time.sleep(0.5)
        wall = time.monotonic() - started
        ticks1, server_cpu1 = cpu_ticks(), tree_cpu_seconds(server.pid)
        samples.append(tree_memory_kb(server.pid))
        breakdown = process_memory_kb(server.pid)
        peak_kb = memory_kb(server.pid, "VmHWM")
        alive = server.poll() is None
        per_mapping = [f"process {p}:\n" + "\n".join(smaps.table(p)) for p, *_ in breakdown] if args.smaps else []
    finally:
        stop_server(server)
    busy = {c: (ticks1[c][0] - ticks0[c][0]) / max(1, ticks1[c][1] - ticks0[c][1]) for c in sorted(ticks1)}

    done = sum(len(v) for v in tally.latencies.values())
    every = [x for v in tally.latencies.values() for x in v]
    lines = [
        f"dangan load test — {time.strftime('%Y-%m-%d %H:%M')}; {os.cpu_count()} CPUs; "
        f"load average before {' '.join(f'{x:.2f}' for x in load_before)}",
        f"server: {banner}",
        f"        {processes} processes on {HOST}:{port}, first answer {ready:.1f} s after start",
        f"index: {args.index} — {info['documents']} documents, {info['paragraphs']} paragraphs "
        f"(built {info.get('built_at', '?')}); archive {args.archive}",
        f"clients: {args.clients} threads, keep-alive; bound: {args.requests} requests or "
        f"{args.seconds:.0f} s; seed {args.seed}",
        "",
        f"requests: {done} in {wall:.1f} s → {done / wall:.1f} requests/s; "
        f"{'stopped by the count' if done >= args.requests else 'stopped by the time limit'}",
        f"errors: {len(tally.errors)}; statuses: "
        + ", ".join(f"{s}×{n}" for s, n in sorted(tally.statuses.items()))
        + f"; 400s are refused queries with a message ({tally.refused}); partial answers (time limit): "
        f"{tally.partial}",
        f"latency: p50 {ms(pct(every, 50)).strip()}, p90 {ms(pct(every, 90)).strip()}, "
        f"p99 {ms(pct(every, 99)).strip()}, max {ms(max(every) if every else float('nan')).strip()}",
        "",
        f"    {'endpoint':<14}{'n':>6}  {'p50':>11}  {'p90':>11}  {'p99':>11}  {'max':>11}  {'mean':>11}",
    ]
    for kind, _ in MIX:
        values = tally.latencies.get(kind, [])
        if values:
            lines.append(f"    {kind:<14}{len(values):>6}  {ms(pct(values, 50))}  {ms(pct(values, 90))}  "
                         f"{ms(pct(values, 99))}  {ms(max(values))}  {ms(statistics.fmean(values))}")
    lines += [
        "",
        "cores busy during the run (/proc/stat, every process of the machine): "
        + ", ".join(f"{c} {b:.0%}" for c, b in busy.items())
        + f"; the server's processes used {(server_cpu1 - server_cpu0) / wall:.2f} cores on average "
        f"(the rest is the clients and other work)",
        f"server memory, summed over its {processes} processes: when ready RSS {rss_ready / 1024:.0f} MB, "
        f"PSS {pss_ready / 1024:.0f} MB; highest sample during the run RSS "
        f"{max(x[0] for x in samples) / 1024:.0f} MB, PSS {max(x[1] for x in samples) / 1024:.0f} MB; "
        f"at the end RSS {samples[-1][0] / 1024:.0f} MB, PSS {samples[-1][1] / 1024:.0f} MB "
        f"(the first process's own peak VmHWM {peak_kb / 1024:.0f} MB); at the end, per process: "
        + "; ".join(f"{'master' if i == 0 else 'worker'} {p} RSS {r / 1024:.0f} MB, PSS {q / 1024:.0f} MB, "
                    f"private {u / 1024:.0f} MB" for i, (p, r, q, u) in enumerate(breakdown)),
        f"server still running at the end: {'yes' if alive else 'NO'}",
        f"load average after {loadavg()}",
    ]
    if per_mapping:
        lines += ["", "memory per mapping at the end (MB):"] + per_mapping
    if tally.errors:
        lines += ["", "first errors:"] + [f"    {e}" for e in tally.errors[:20]]
    report = "\n".join(lines) + "\n"
    print(report, end="")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report, encoding="utf-8")
    return 0 if not tally.errors and alive else 1


if __name__ == "__main__":
    sys.exit(main())
