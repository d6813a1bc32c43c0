#!/usr/bin/env python
"""How soon a search finds a change under `dangan watch`: from the write to the answer.

    .venv/bin/python bench/watch_check.py --archive /tmp/watch-corpus --index /tmp/watch-index

The archive must be a writable copy of the corpus that the index was built from (never the corpus
itself). The script starts `dangan watch` as a subprocess, then in turn appends a paragraph to one
document, adds a new file, removes it and restores the document, each time measuring from the
write to the moment `indexer.search` in this process finds the paragraph (or stops finding it).
It prints each step, the median and maximum per kind of change, and the seconds the watcher
itself reported for its updates. Figures only; other work on the machine slows every line.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from load import loadavg

PHRASE = "监视基准第{n}轮写入的一段新文字用来检验改动之后多久能搜到甲乙丙丁"
NEW_FILE = "watch-check-{n}.txt"
TIMEOUT = 60.0


class Watch:
    """`dangan watch` as a subprocess, its output lines kept with the time each arrived."""

    def __init__(self, archive: Path, index: Path, debounce: float | None):
        dangan = Path(sys.executable).with_name("dangan")
        cmd = [str(dangan), "watch", str(archive), "--index", str(index)]
        if debounce is not None:
            cmd += ["--debounce", str(debounce)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, encoding="utf-8", bufsize=1)
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def wait_for(self, text: str, after: float = 0.0, timeout: float = TIMEOUT) -> tuple[float, str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for at, line in list(self.lines):
                if at >= after and text in line:
                    return at, line
            if self.proc.poll() is not None:
                sys.exit(f"dangan watch exited ({self.proc.returncode}):\n" + self.output())
            time.sleep(0.01)
        sys.exit(f"no line with {text!r} within {timeout} s:\n" + self.output())

    def output(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def until(index: Path, phrase: str, present: bool, watch: Watch, timeout: float = TIMEOUT) -> float:
    """When `indexer.search` first finds `phrase` (or stops finding it)."""
    import indexer

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if (indexer.search(index, f'"{phrase}"').total > 0) == present:
            return time.monotonic()
        time.sleep(0.02)  # a search costs CPU the watcher would miss on 2 cores
    watch.stop()
    sys.exit(f"search still {'misses' if present else 'finds'} {phrase!r} after {timeout} s; "
             "dangan watch said:\n" + watch.output())


SECONDS = re.compile(r"用时 ([0-9.]+) 秒")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", type=Path, required=True)
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--rel", default="", help="the document to change (default: the middle .txt)")
    ap.add_argument("--rounds", type=int, default=3, help="each round: change, add, remove, restore")
    ap.add_argument("--debounce", type=float, default=None, help="dangan watch --debounce")
    args = ap.parse_args(argv)
    archive, index = args.archive.resolve(), args.index.resolve()
    if archive.is_relative_to(Path("/work/shared")):
        sys.exit("watch_check.py changes files of --archive: give a copy of the corpus")
    import indexer

    files = sorted(p.relative_to(archive) for p in archive.rglob("*.txt"))
    rel = Path(args.rel) if args.rel else files[len(files) // 2]
    path = archive / rel
    original = path.read_bytes()
    print(f"load average {loadavg()}; document changed: {rel}")
    started = time.monotonic()
    watch = Watch(archive, index, args.debounce)
    latency: dict[str, list[float]] = {}
    own: list[float] = []
    cpu: list[float] = []  # the watcher's CPU seconds per update (less sensitive to other work)
    added: list[Path] = []
    try:
        watch.wait_for("正在监视")
        print(f"watcher ready after {time.monotonic() - started:.2f} s "
              f"({watch.lines[0][1] if watch.lines else ''})")
        indexer.search(index, "预热")  # this process's first search opens the index
        import psutil

        watcher = psutil.Process(watch.proc.pid)
        for n in range(1, args.rounds + 1):
            phrase = PHRASE.format(n=n)
            new = archive / NEW_FILE.format(n=n)
            steps = [
                ("change", lambda: path.write_bytes(original.rstrip(b"\n") + f"\n{phrase}。\n".encode()),
                 phrase, True),
                ("restore", lambda: path.write_bytes(original), phrase, False),
                ("add", lambda: new.write_text(f"---\ntitle: 监视基准{n}\ndate: 2024-01-0{n % 9 + 1}\n---\n"
                                                f"{phrase}新文件。\n", encoding="utf-8"),
                 phrase + "新文件", True),
                ("remove", lambda: new.unlink(), phrase + "新文件", False),
            ]
            for kind, act, text, present in steps:
                c0 = sum(watcher.cpu_times()[:2])
                t0 = time.monotonic()
                act()
                if kind == "add":
                    added.append(new)
                t1 = until(index, text, present, watch)
                at, line = watch.wait_for("用时", after=t0)
                secs = SECONDS.search(line)
                own.append(float(secs.group(1)) if secs else float("nan"))
                cpu.append(sum(watcher.cpu_times()[:2]) - c0)
                latency.setdefault(kind, []).append(t1 - t0)
                print(f"round {n} {kind:7s}: searchable after {t1 - t0:.2f} s "
                      f"(watcher CPU {cpu[-1]:.2f} s); watcher: {line.strip()}")
    finally:
        path.write_bytes(original)
        for f in added:
            f.unlink(missing_ok=True)
        watch.stop()
    print(f"load average {loadavg()}")
    print("write → search finds the change (seconds):")
    everything = [x for xs in latency.values() for x in xs]
    for kind, xs in [*latency.items(), ("all", everything)]:
        print(f"  {kind:7s} median {statistics.median(xs):.2f}  max {max(xs):.2f}  ({len(xs)} updates)")
    print(f"watcher's own update seconds: median {statistics.median(own):.2f}  max {max(own):.2f}; "
          f"its CPU seconds per update: median {statistics.median(cpu):.2f}  max {max(cpu):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
