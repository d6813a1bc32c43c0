#!/usr/bin/env python
"""Where a process's memory is: /proc/<pid>/smaps summed per mapping (anonymous vs each file).

    .venv/bin/python bench/smaps.py PID [PID ...]       # a table per process, biggest PSS first

bench/load.py --smaps prints the same table for each server process at the end of its run.
Anonymous memory (heap, arenas, thread stacks) is what Python objects take; a file mapping
(numpy arrays memory-mapped, Whoosh's segment files, shared libraries) is shared between
processes that map the same file, and PSS counts it 1/n in each of n.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

_HEADER = re.compile(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$")
KEYS = ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Shared_Clean", "Shared_Dirty", "Swap")


def mappings(pid: int) -> dict[str, dict[str, int]]:
    """kB per key for each mapped name ("[anon]" for unnamed mappings, "[heap]", a file path)."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KEYS, 0))
    name = "[anon]"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        m = _HEADER.match(line)
        if m:
            name = m.group(1).strip() or "[anon]"
            continue
        key, _, rest = line.partition(":")
        if key in KEYS:
            out[name][key] += int(rest.split()[0])
    return dict(out)


def group(name: str) -> str:
    """A short label: anonymous memory, an index file's kind, or a library."""
    if not name.startswith("/"):
        return name
    path = Path(name)
    if "/builds/" in name:
        n = path.name
        if n.startswith("MAIN_"):
            return "index: whoosh " + n.split(".", 1)[1]
        return "index: " + n
    if ".so" in path.name:
        return "shared libraries (.so)"
    return "other files"


def table(pid: int, top: int = 25) -> list[str]:
    """Lines: per group RSS, PSS, private (MB), biggest PSS first, then the totals."""
    grouped: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(KEYS, 0))
    for name, values in mappings(pid).items():
        for key, v in values.items():
            grouped[group(name)][key] += v
    rows = sorted(grouped.items(), key=lambda kv: -kv[1]["Pss"])
    lines = [f"    {'mapping':<40}{'RSS':>9}{'PSS':>9}{'private':>9}  (MB)"]
    total = dict.fromkeys(KEYS, 0)
    for label, v in rows:
        for key in KEYS:
            total[key] += v[key]
        if len(lines) <= top:
            private = v["Private_Clean"] + v["Private_Dirty"]
            lines.append(f"    {label[:40]:<40}{v['Rss'] / 1024:9.1f}{v['Pss'] / 1024:9.1f}{private / 1024:9.1f}")
    private = total["Private_Clean"] + total["Private_Dirty"]
    lines.append(f"    {'total':<40}{total['Rss'] / 1024:9.1f}{total['Pss'] / 1024:9.1f}{private / 1024:9.1f}")
    return lines


def main(argv: list[str]) -> int:
    for pid in map(int, argv):
        print(f"process {pid}:")
        print("\n".join(table(pid)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
