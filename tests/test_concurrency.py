"""Searches keep answering, without a single error, while `dangan index` rebuilds, and pick up
each new index once it is published, without a restart.

Searcher threads call indexer.search in this process, and client threads call the API of a
`dangan serve` started once (the real entry point, waitress), while `dangan index` runs three
times in a row as a subprocess: an incremental update, a full rebuild, and another update
(so old builds are pruned under the readers' feet too). Every answer must be the whole answer of
one version of the archive or of the other, and after each publish both kinds of reader must come
to answer with the new version.
"""
from __future__ import annotations

import signal
import subprocess
import threading
import time

import pytest

import indexer
from conftest import api_search, free_port
from test_crash import QUERIES, _dangan, _versions, _write

READERS = 3  # in-process searcher threads
CLIENTS = 2  # HTTP client threads against dangan serve


def _totals(index) -> dict[str, int]:
    return {q: indexer.search(index, q).total for q in QUERIES}


def _api_total(port: int, q: str) -> int:
    return api_search(port, q, timeout=60)["total"]


class Readers:
    """Threads that search in a loop and remember, per query, the version each answer came from."""

    def __init__(self, expected: dict[str, dict[str, int]], port: int, index):
        self.expected, self.port, self.index = expected, port, index
        self.errors: list[str] = []
        self.searches = {"in-process": 0, "http": 0}
        self.latest: dict[tuple[str, int], str] = {}  # (kind, thread), query -> version
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._loop, args=("in-process", n), daemon=True)
                        for n in range(READERS)]
        self.threads += [threading.Thread(target=self._loop, args=("http", n), daemon=True)
                         for n in range(CLIENTS)]

    def _loop(self, kind: str, n: int) -> None:
        k = n
        while not self.stop.is_set():
            q = QUERIES[k % len(QUERIES)]
            k += 1
            try:
                total = (indexer.search(self.index, q).total if kind == "in-process"
                         else _api_total(self.port, q))
                versions = [v for v, answers in self.expected.items() if answers[q] == total]
                if not versions:
                    raise AssertionError(f"{q!r}: {total} is the answer of no version")
                with self.lock:
                    self.searches[kind] += 1
                    self.latest[(kind, n, q)] = versions
            except Exception as exc:  # every error counts, none may happen
                with self.lock:
                    self.errors.append(f"{kind} {q!r}: {exc.__class__.__name__}: {exc}")

    def searches_done(self) -> int:
        with self.lock:
            return sum(self.searches.values())


@pytest.fixture
def setting(tmp_path):
    v1, v2 = _versions()
    expected = {}
    for name, version in (("v1", v1), ("v2", v2)):
        root = tmp_path / f"ref-{name}"
        _write(root, version)
        indexer.build_index(root, tmp_path / f"ref-index-{name}", procs=1)
        expected[name] = _totals(tmp_path / f"ref-index-{name}")
    assert expected["v1"] != expected["v2"]
    return {"versions": {"v1": v1, "v2": v2}, "expected": expected}


def _wait_until(condition, what: str, process=None, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None:
            assert process.poll() is None, f"{what}: the server exited"
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.1)


def test_searches_answer_during_rebuilds_and_follow_each_new_index(tmp_path, setting):
    versions, expected = setting["versions"], setting["expected"]
    archive, index = tmp_path / "archive", tmp_path / "index"
    _write(archive, versions["v1"])
    indexer.build_index(archive, index)
    assert _totals(index) == expected["v1"]

    port = free_port()
    server = subprocess.Popen(_dangan() + ["serve", str(archive), "--index", str(index), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    readers = Readers(expected, port, index)
    try:
        def up():
            try:
                return _api_total(port, QUERIES[0]) == expected["v1"][QUERIES[0]]
            except OSError:
                return False
        _wait_until(up, "dangan serve to answer", server)
        for thread in readers.threads:
            thread.start()
        _wait_until(lambda: readers.searches["http"] and readers.searches["in-process"], "first answers")

        for version, extra in (("v2", []), ("v1", ["--full"]), ("v2", [])):
            _write(archive, versions[version])
            before = readers.searches_done()
            run = subprocess.run(_dangan() + ["index", str(archive), "--index", str(index), "-q", *extra],
                                 capture_output=True, text=True, timeout=600)
            assert run.returncode == 0, run.stdout + run.stderr
            assert readers.searches_done() > before, "searches stopped while dangan index ran"
            mark = readers.searches_done()
            # Then every reader comes to the new version by itself: no restart, no reload.
            _wait_until(lambda: readers.searches_done() > mark + 4 * len(QUERIES) * (READERS + CLIENTS)
                        and _all_on(readers, version), f"readers to answer with {version}", server)
            assert readers.errors == [], readers.errors[:5]
    finally:
        readers.stop.set()
        for thread in readers.threads:
            thread.join(timeout=60)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert readers.errors == [], readers.errors[:5]
    print(f"searches during 3 rebuilds: {readers.searches}, errors: {len(readers.errors)}")


def _all_on(readers: Readers, version: str) -> bool:
    """Whether the latest answer of every reader to every query is that of `version`."""
    with readers.lock:
        latest = dict(readers.latest)
    keys = [(kind, n, q) for kind, count in (("in-process", READERS), ("http", CLIENTS))
            for n in range(count) for q in QUERIES]
    return all(version in latest.get(key, ()) for key in keys)
