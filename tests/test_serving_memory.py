"""What `dangan serve` does for its memory: a warm-up before the fork (the index loaded once,
each process its own Whoosh searcher), and workers that give their free heap back."""
from __future__ import annotations

import os
import types

import pytest

import indexer
from indexer import store
from web import create_app, serving

NEWS = "---\ntitle: 养老新闻第{n}篇\ndate: 2024-05-01\nplace: 高邮市\n---\n养老驿站开门，第{n}个社区的老人有了去处。\n"


@pytest.fixture
def index(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for n in range(3):
        (archive / f"news{n}.txt").write_text(NEWS.format(n=n), encoding="utf-8")
    indexer.build_index(archive, tmp_path / "index", procs=1)
    return tmp_path / "index"


def test_the_warm_up_opens_the_index_in_this_process(index):
    key = os.path.abspath(index)
    store._snapshots.pop(key, None)
    serving.warm(create_app({"INDEX_DIR": key}))
    assert key in store._snapshots


def test_a_forked_process_opens_its_own_searcher(index, monkeypatch):
    snap = store.snapshot(index)
    first = snap.searcher()
    assert snap.searcher() is first  # the same process and thread: the same searcher
    monkeypatch.setattr(store.os, "getpid", lambda: -1)  # as in a worker forked after the warm-up
    theirs = snap.searcher()
    assert theirs is not first
    assert snap.searcher() is theirs
    assert indexer.search(index, "养老驿站").total == 3


def test_the_warm_up_leaves_a_missing_index_to_the_workers(tmp_path):
    serving.warm(create_app({"INDEX_DIR": str(tmp_path / "nothing")}))  # no error: workers say it


class FakeLibc:
    def __init__(self):
        self.trims, self.options = 0, []

    def malloc_trim(self, pad):
        self.trims += 1

    def mallopt(self, option, value):
        self.options.append((option, value))


@pytest.mark.parametrize("requests, trims", [(1, 0), (serving.TRIM_EVERY - 1, 0), (serving.TRIM_EVERY, 1),
                                             (3 * serving.TRIM_EVERY + 1, 3)])
def test_a_worker_trims_its_heap_every_few_requests(monkeypatch, requests, trims):
    libc = FakeLibc()
    monkeypatch.setattr(serving, "_malloc", lambda: libc)
    worker = types.SimpleNamespace()
    serving._steady_heap(worker)
    assert libc.options == [(-3, 256 * 1024)]  # M_MMAP_THRESHOLD fixed
    for _ in range(requests):
        serving._trim(worker, None, None, None)
    assert libc.trims == trims


def test_without_glibc_nothing_is_trimmed(monkeypatch):
    monkeypatch.setattr(serving, "_malloc", lambda: None)
    worker = types.SimpleNamespace()
    serving._steady_heap(worker)
    for _ in range(2 * serving.TRIM_EVERY):
        serving._trim(worker, None, None, None)  # no error
