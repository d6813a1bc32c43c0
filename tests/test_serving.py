"""`dangan serve`'s server: gunicorn workers (one per core) on POSIX, waitress when asked or where
gunicorn cannot run; each worker's Whoosh searcher opened in it, never before the fork (the
warm-up before it loads the rest: test_serving_memory.py); Ctrl+C stops all."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from conftest import api_search, free_port
from indexer import store
from web import serving
from web.cli import cli

NEWS = """---
title: {title}
date: 2024-05-01
place: 高邮市
---
{body}
"""
POSIX = pytest.mark.skipif(not serving.prefork_available(), reason="gunicorn runs on POSIX only")


def _write(root: Path, version: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for n in range(6):
        (root / f"news{n}.txt").write_text(
            NEWS.format(title=f"养老新闻第{n}篇", body=f"养老驿站{version}开门，第{n}个社区的老人有了去处。"),
            encoding="utf-8")


@pytest.mark.parametrize("workers, threads, available, cores, expected", [
    (None, None, True, 2, ("gunicorn", 2)),  # the default: a worker per core
    (None, None, True, 4, ("gunicorn", 4)),
    (3, None, True, 2, ("gunicorn", 3)),
    (None, None, True, 1, ("waitress", 8)),  # one core: one process with threads
    (1, None, True, 4, ("waitress", 8)),
    (None, 4, True, 2, ("waitress", 4)),  # a thread count asks for waitress
    (2, 4, True, 2, ("waitress", 4)),
    (None, None, False, 2, ("waitress", 8)),  # Windows, or gunicorn missing
    (4, None, False, 2, ("waitress", 8)),
])
def test_server_for_the_options(monkeypatch, workers, threads, available, cores, expected):
    monkeypatch.setattr(serving, "prefork_available", lambda: available)
    monkeypatch.setattr(serving, "cores", lambda: cores)
    assert serving.server_for(workers, threads) == expected


@pytest.fixture
def indexed(tmp_path):
    archive, index = tmp_path / "archive", tmp_path / "index"
    _write(archive, "甲")
    indexer.build_index(archive, index, procs=1)
    return archive, index


@pytest.mark.parametrize("args, server, says", [
    (["--workers", "2"], ("gunicorn", 2), "2 个工作进程"),
    (["--workers", "1"], ("waitress", 8), "8 个线程"),
    (["--threads", "3"], ("waitress", 3), "3 个线程"),
])
def test_serve_options_choose_the_server(monkeypatch, indexed, args, server, says):
    monkeypatch.setattr(serving, "prefork_available", lambda: True)
    calls = []
    monkeypatch.setattr(serving, "serve", lambda app, host, port, chosen: calls.append((app, host, port, chosen)))
    archive, index = indexed
    store._snapshots.pop(os.path.abspath(index), None)
    result = CliRunner().invoke(cli, ["serve", str(archive), "--index", str(index), "--port", "5123", *args])
    assert result.exit_code == 0, result.output
    (app, host, port, chosen), = calls
    assert (host, port, chosen) == ("127.0.0.1", 5123, server)
    assert f"（6 篇文档；{says}；Ctrl+C 退出）" in result.output
    # Nothing before the server starts (its warm-up, in serve) has opened the index; a worker
    # forked after it opens its own searcher (a Whoosh searcher's files are not to be shared).
    assert os.path.abspath(index) not in store._snapshots
    assert app.test_client().get("/api/search", query_string={"q": "养老"}).get_json()["total"] == 6


@pytest.mark.parametrize("option", ["--workers", "--threads"])
def test_serve_refuses_a_count_below_one(indexed, option):
    archive, index = indexed
    result = CliRunner().invoke(cli, ["serve", str(archive), "--index", str(index), option, "0"])
    assert result.exit_code == 2
    assert f"'{option}' 的值无效" in result.output and "Traceback" not in result.output


# --- the real server ------------------------------------------------------------------------------

def _dangan() -> list[str]:
    script = Path(sys.executable).parent / "dangan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "web.cli"]


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _read_chars(pid: int) -> int:
    """Bytes the process has read with read(2) and the like (files and sockets)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar")


def _wait(condition, what: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, f"{what}: dangan serve exited"
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.1)


@POSIX
def test_two_workers_each_open_the_index_and_follow_a_new_build(indexed, tmp_path):
    archive, index = indexed
    port = free_port()
    log = open(tmp_path / "serve.log", "w+")
    process = subprocess.Popen(_dangan() + ["serve", str(archive), "--index", str(index), "--port", str(port),
                                            "--workers", "2"],
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait(lambda: Path(f"/proc/{process.pid}/task/{process.pid}/children").exists()
              and len(_children(process.pid)) == 2, "two workers", process)
        workers = _children(process.pid)
        before = {pid: _read_chars(pid) for pid in [process.pid, *workers]}
        build = Path(indexer.index_info(index)["build"])
        sidecar = sum(f.stat().st_size for f in build.iterdir() if f.suffix in (".folded", ".pickle"))

        def up() -> bool:
            try:
                return api_search(port, "养老")["total"] == 6
            except OSError:
                return False
        _wait(up, "a first answer", process)

        # Clients at once, until each worker has read the index's sidecar files itself.
        answers: list[int] = []

        def client() -> None:
            for _ in range(10):
                answers.append(api_search(port, "养老驿站甲")["total"])
        for _ in range(5):
            threads = [threading.Thread(target=client) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            if all(_read_chars(pid) - before[pid] >= sidecar for pid in workers):
                break
        assert all(_read_chars(pid) - before[pid] >= sidecar for pid in workers), "a worker never searched"
        assert set(answers) == {6}
        # the master read the index for its warm-up before the fork, and nothing since
        assert _read_chars(process.pid) - before[process.pid] < sidecar
        assert _children(process.pid) == workers  # no worker died and was replaced

        # A new build published under the running server: every answer comes to be the new one.
        _write(archive, "乙")
        run = subprocess.run(_dangan() + ["index", str(archive), "--index", str(index), "-q"],
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout + run.stderr
        assert [api_search(port, "养老驿站乙")["total"] for _ in range(20)] == [6] * 20
        assert [api_search(port, "养老驿站甲")["total"] for _ in range(20)] == [0] * 20
    finally:
        # Ctrl+C in a terminal signals the whole process group: master and workers.
        os.killpg(process.pid, signal.SIGINT)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
    log.seek(0)
    output = log.read()
    log.close()
    assert code == 0, output[-2000:]
    assert "Traceback" not in output and "Error" not in output, output[-2000:]
    assert "2 个工作进程" in output
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
