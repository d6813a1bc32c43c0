"""Killing `dangan index` with SIGKILL at random moments loses nothing.

The archive switches between two versions (v1, v2: files added, changed and deleted) before
every run, so each killed run has real work to do, alternately as a full rebuild and as an
incremental update. After each kill the live index answers the probe queries exactly as one
whole version does (the one before, or the new one if the kill came after it was published),
never a mixture and never an error. Then a run that is left alone recovers on its own, with no
manual step (stale build folders, locks and links included), and its counts and answers are
those of an uninterrupted run on a fresh index.

The delays are drawn from a seeded random generator over the length of an uninterrupted run,
so they land in start-up, reading, writing and publishing alike. The whole process group gets
the SIGKILL (as when a machine or a job is killed): Whoosh's index-writer subprocesses die too.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import indexer

KILLS = 10
SEED = 20261128
QUERIES = ["养老", "公厕", "道路", "改版新增", "删除前独有", "饮水 -道路", "垃圾 OR 污水", "year:2021 文化"]
TOPICS = ["养老服务", "公厕改造", "道路硬化", "饮水安全", "垃圾分类", "文化广场", "污水处理", "农村电商"]
PLACES = ["送桥镇", "平桥区", "青溪镇", "柳湾乡"]


def _dangan() -> list[str]:
    script = Path(sys.executable).parent / "dangan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "web.cli"]


def _doc(rng: random.Random, n: int, extra: str = "") -> str:
    place = PLACES[n % len(PLACES)]
    year = 2018 + n % 6
    body = [f"{place}第{n}号简报：{rng.choice(TOPICS)}工作取得新进展，{rng.choice(TOPICS)}同步推进。"]
    for k in range(rng.randint(2, 5)):
        body.append(f"第{k + 1}项，{place}围绕{rng.choice(TOPICS)}开展{rng.randint(2, 90)}次专项行动，"
                    f"群众满意度达到百分之{rng.randint(80, 99)}。")
    if extra:
        body.append(extra)
    return (f"---\ntitle: {place}简报第{n}号\ndate: {year}-{n % 12 + 1:02d}-{n % 27 + 1:02d}\n"
            f"place: {place}\n---\n" + "\n".join(body) + "\n")


FILES = 640


def _versions() -> tuple[dict[str, str], dict[str, str]]:
    """Two versions of a 640-file archive: v2 changes 64 files, deletes 40 and adds 40."""
    rng = random.Random(SEED)

    def rel(n):
        return f"news/{n // 50:02d}/{n:03d}.txt"

    v1 = {rel(n): _doc(rng, n, "删除前独有的段落。" if n % 15 == 0 else "") for n in range(FILES)}
    v2 = dict(v1)
    for n in range(0, FILES, 10):
        v2[rel(n)] = _doc(rng, n, "改版新增的饮水安全段落。")
    for n in range(5, FILES, 16):
        v2.pop(rel(n), None)
    for n in range(FILES, FILES + 40):
        v2[f"added/{n:03d}.txt"] = _doc(rng, n, "改版新增的污水处理段落。")
    return v1, v2


def _write(root: Path, version: dict[str, str]) -> None:
    """Make `root` hold exactly `version` (files rewritten only where they differ)."""
    existing = {p.relative_to(root).as_posix() for p in root.rglob("*.txt")}
    for rel in existing - set(version):
        (root / rel).unlink()
    for rel, text in version.items():
        path = root / rel
        if rel not in existing or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            st = path.stat()  # a new mtime even within the same clock tick
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def _answers(index: Path) -> dict:
    info = indexer.index_info(index)
    return {"documents": info["documents"], "paragraphs": info["paragraphs"],
            **{q: indexer.search(index, q).total for q in QUERIES}}


def _index(archive: Path, index: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(_dangan() + ["index", str(archive), "--index", str(index), "-q", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)


def _run(archive: Path, index: Path, *extra: str) -> float:
    started = time.monotonic()
    process = _index(archive, index, *extra)
    out, _ = process.communicate(timeout=600)
    assert process.returncode == 0, out.decode("utf-8", "replace")
    return time.monotonic() - started


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The answers of each version from uninterrupted runs on fresh indexes, and how long a run takes."""
    v1, v2 = _versions()
    out, seconds = {}, []
    for name, version in (("v1", v1), ("v2", v2)):
        root = tmp_path_factory.mktemp(f"archive-{name}")
        _write(root, version)
        index = tmp_path_factory.mktemp(f"ref-index-{name}")
        seconds.append(_run(root, index))
        out[name] = _answers(index)
    assert out["v1"] != out["v2"]
    return {"versions": {"v1": v1, "v2": v2}, "answers": out, "seconds": max(seconds)}


def test_sigkill_at_random_moments_loses_nothing_and_the_next_run_recovers(tmp_path, reference):
    answers, versions = reference["answers"], reference["versions"]
    archive, index = tmp_path / "archive", tmp_path / "index"
    _write(archive, versions["v1"])
    _run(archive, index)
    live = "v1"
    assert _answers(index) == answers[live]

    rng = random.Random(SEED)
    landed = {"before building": 0, "while building": 0, "after publishing": 0}
    for kill in range(KILLS):
        target = "v2" if live == "v1" else "v1"
        _write(archive, versions[target])
        before = set((index / "builds").iterdir())
        process = _index(archive, index, *(["--full"] if kill % 2 else []))
        time.sleep(rng.uniform(0.05, reference["seconds"] * 0.9))
        os.killpg(process.pid, signal.SIGKILL)  # its own session: the run and its index writers
        process.communicate()
        unfinished = [b for b in set((index / "builds").iterdir()) - before if not (b / "meta.json").exists()]
        now = _answers(index)  # whole, and one version or the other: never a mixture, no error
        assert now in (answers[live], answers[target]), (kill, now)
        landed["after publishing" if now != answers[live] else
               "while building" if unfinished else "before building"] += 1
        live = "v1" if now == answers["v1"] else "v2"

    # A run left alone recovers by itself and gives what an uninterrupted run gives.
    _write(archive, versions["v2"])
    _run(archive, index)
    assert _answers(index) == answers["v2"]
    assert landed["while building"] >= 1, landed  # the seeded delays did interrupt builds

    # Nothing a killed run left behind stays: no half-written build, no temporary link.
    _run(archive, index, "--full")
    assert _answers(index) == answers["v2"]
    builds = sorted(p.name for p in (index / "builds").iterdir())
    complete = [b for b in builds if (index / "builds" / b / "meta.json").exists()]
    assert builds == complete and len(builds) <= 2, builds  # the live one and the previous one
    assert sorted(p.name for p in index.iterdir()) == ["builds", "current"]
    print(f"{KILLS} kills survived: {landed}; an uninterrupted run takes {reference['seconds']:.1f} s")


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_sigkill_of_dangan_index_alone_leaves_no_orphan_writers(tmp_path):
    """kill -9 <pid> of a `dangan index` that is writing with 2 processes: its Whoosh writer
    subprocesses must not live on (today they wait on their job queue for ever)."""
    archive, index = tmp_path / "archive", tmp_path / "index"
    _write(archive, _versions()[0])
    process = _index(archive, index, "--full", "--procs", "2")
    try:
        while not psutil.Process(process.pid).children():
            assert process.poll() is None
            time.sleep(0.02)  # wait until the writer processes are started
        time.sleep(0.2)
        os.kill(process.pid, signal.SIGKILL)  # the main process only, as `kill -9 PID` does
        process.wait()
        deadline = time.monotonic() + 30
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _group_alive(process.pid), "index writer processes outlived dangan index"
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
