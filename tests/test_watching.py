"""`dangan watch`: the index follows the archive as files are added, changed and removed."""
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
from watchdog import events as fs

import indexer
import indexer.updating
from conftest import write_doc
from indexer import build_index, search
from indexer.walking import archive_stats, changed_files
from indexer.watching import Update, Watcher, _Events
from web import create_app
from web.cli import cli
from web.watching import update_line

DEADLINE = 60  # seconds an outcome may take on a loaded machine; polled, never slept for


def eventually(check, what: str, deadline: float = DEADLINE):
    """Poll `check` until it returns something true; fail after `deadline` seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        got = check()
        if got:
            return got
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def write(root: Path, rel: str, title: str, *paragraphs: str) -> None:
    """write_doc, but the file appears whole (written beside the archive, then renamed into
    it, as editors save): a debounce on a loaded machine never sees it half written."""
    staging = root.parent / (root.name + "-staging")
    write_doc(staging, rel, title, *paragraphs)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging / rel, root / rel)


def put_bytes(path: Path, data: bytes) -> None:
    staging = path.parent / f".{path.name}.part"  # hidden: neither listed nor watched
    staging.write_bytes(data)
    os.replace(staging, path)


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    for i in range(4):
        write(root, f"news/{i:02}.txt", f"新闻{i}", f"第{i}条新闻：青溪镇新建公厕{i}座。", "群众普遍满意。")
    return root


class Running:
    """A Watcher on its own thread, with every update it reported."""

    def __init__(self, archive: Path, index: Path, **options):
        self.updates: list[Update] = []
        self.watcher = Watcher(archive, index, on_update=self.updates.append, procs=1, **options)
        self.thread = threading.Thread(target=self.watcher.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        eventually(self.watcher.ready.is_set, "the first listing")
        return self

    def __exit__(self, *exc):
        self.watcher.stop.set()
        self.thread.join(timeout=DEADLINE)
        assert not self.thread.is_alive()

    def next_update(self, after: int) -> Update:
        """The first update reported after the `after` first ones."""
        eventually(lambda: len(self.updates) > after, "an update")
        return self.updates[after]


@pytest.fixture
def index(archive, tmp_path):
    index = tmp_path / "index"
    build_index(archive, index, procs=1)
    return index


def test_added_changed_and_removed_files_are_followed(archive, index):
    with Running(archive, index, debounce=0.05) as run:
        first = run.updates[0]
        assert first.initial and first.full_listing and first.report.mode == "unchanged"

        write(archive, "news/new.txt", "新增", "柳湾乡污水处理厂投入运行。")
        added = run.next_update(1)
        assert (added.report.mode, added.report.added, added.full_listing) == (
            "incremental", ["news/new.txt"], False)
        assert search(index, "污水").total == 1

        write(archive, "news/01.txt", "新闻1", "第1条新闻：青溪镇养老服务中心开工。")
        changed = eventually(lambda: [u for u in run.updates[2:] if u.report and u.report.changed],
                             "the change")[0]
        assert changed.report.changed == ["news/01.txt"]
        assert search(index, "养老").total == 1
        assert search(index, '"新建公厕1座"').total == 0

        seen = len(run.updates)
        (archive / "news/02.txt").unlink()
        removed = eventually(lambda: [u for u in run.updates[seen:] if u.report and u.report.deleted],
                             "the removal")[0]
        assert removed.report.deleted == ["news/02.txt"]
        assert search(index, '"新建公厕2座"').total == 0
        assert "删除 news/02.txt" in update_line(removed)


def test_a_burst_of_writes_is_one_update(archive, index):
    # Three files written without a pause, well within the quiet spell the watcher waits for.
    with Running(archive, index, debounce=1.0) as run:
        for name in ("a", "b", "c"):
            write(archive, f"burst/{name}.txt", name, f"爆发写入的第{name}份文件。")
        update = run.next_update(1)
        assert update.report.added == ["burst/a.txt", "burst/b.txt", "burst/c.txt"]
        assert "burst" in update.paths  # the new folder, listed whole


def test_a_bad_file_is_named_and_the_watch_goes_on(archive, index):
    with Running(archive, index, debounce=0.05) as run:
        put_bytes(archive / "news/broken.docx", b"PK\x03\x04 not really a Word file")
        bad = run.next_update(1)
        assert bad.error is None
        assert [s.path for s in bad.skipped] == ["news/broken.docx"]
        assert "Word" in bad.skipped[0].reason
        write(archive, "news/after.txt", "之后", "坏文件之后写入的文件照样收录。")
        eventually(lambda: [u for u in run.updates[2:] if u.report and u.report.added], "the next file")
        assert search(index, "坏文件之后").total == 1
        assert all(not u.skipped for u in run.updates[2:])  # named once, when first skipped


def test_a_failed_update_keeps_the_live_index_and_is_retried(archive, index, monkeypatch):
    original = indexer.updating.update_sidecar
    calls = []

    def fails_once(*args):
        calls.append(args)
        if len(calls) == 1:
            raise OSError("disk full (simulated)")
        return original(*args)

    monkeypatch.setattr(indexer.updating, "update_sidecar", fails_once)
    live = indexer.index_info(index)["build"]
    with Running(archive, index, debounce=0.05) as run:
        write(archive, "news/00.txt", "新闻0", "第0条新闻：青溪镇图书馆开放。")
        failed = run.next_update(1)
        assert isinstance(failed.error, OSError) and failed.paths == ["news/00.txt"]
        assert "更新失败" in update_line(failed) and "disk full" in update_line(failed)
        assert indexer.index_info(index)["build"] == live  # the previous build stays live
        assert search(index, "图书馆").total == 0
        builds = sorted(p.name for p in (index / "builds").iterdir())
        assert builds == [Path(live).name]  # the half-written build was removed

        write(archive, "news/03.txt", "新闻3", "第3条新闻：柳湾乡卫生院扩建。")
        retried = run.next_update(2)
        assert retried.report.changed == ["news/00.txt", "news/03.txt"]  # the failed path again
        assert search(index, "图书馆").total == 1 and search(index, "卫生院").total == 1


def test_the_first_listing_builds_a_missing_index(archive, tmp_path):
    index = tmp_path / "fresh-index"
    with Running(archive, index, debounce=0.05) as run:
        assert run.updates[0].report.mode == "full" and run.updates[0].report.documents == 4
        assert search(index, "公厕").total == 4


def test_an_emptied_archive_is_reported_and_watched_on(archive, index):
    with Running(archive, index, debounce=0.05) as run:
        for f in (archive / "news").iterdir():
            f.unlink()
        failed = eventually(lambda: [u for u in run.updates[1:] if u.error], "the empty archive")[0]
        assert isinstance(failed.error, indexer.ArchiveEmpty)
        assert search(index, "公厕").total == 4  # nothing indexable: the live index stays
        write(archive, "news/back.txt", "回来", "档案清空之后又放进一份文件。")
        eventually(lambda: search(index, "清空之后").total == 1, "the file put back")


def test_the_rescan_finds_what_no_event_said(archive, index):
    with Running(archive, index, debounce=0.05, rescan=0.5) as run:
        run.watcher._events.add = lambda event: None  # as if the system dropped every event
        write(archive, "news/00.txt", "新闻0", "第0条新闻：重新扫描发现的改动。")
        eventually(lambda: [u for u in run.updates[1:] if u.full_listing and u.report
                            and u.report.changed == ["news/00.txt"]], "the rescan")
        assert search(index, "重新扫描").total == 1


def test_the_server_answers_from_each_new_build(archive, index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(index), "ARCHIVE_DIR": str(archive)}).test_client()
    assert client.get("/api/search?q=敬老院").get_json()["total"] == 0
    with Running(archive, index, debounce=0.05):
        write(archive, "news/new.txt", "新增", "石桥村敬老院落成。")
        eventually(lambda: client.get("/api/search?q=敬老院").get_json()["total"] == 1,
                   "the server to answer from the new build")


# --- which events count -------------------------------------------------------------------

@pytest.mark.parametrize("make, expected", [
    (lambda r: fs.FileModifiedEvent(f"{r}/a.txt"), ["a.txt"]),
    (lambda r: fs.FileCreatedEvent(f"{r}/sub/b.md"), ["sub/b.md"]),
    (lambda r: fs.FileDeletedEvent(f"{r}/a.txt"), ["a.txt"]),
    (lambda r: fs.FileClosedEvent(f"{r}/a.txt"), ["a.txt"]),
    (lambda r: fs.FileMovedEvent(f"{r}/.a.txt.swp", f"{r}/a.txt"), ["a.txt"]),  # an editor's save
    (lambda r: fs.FileMovedEvent(f"{r}/a.txt", f"{r}/b.txt"), ["a.txt", "b.txt"]),
    (lambda r: fs.DirMovedEvent(f"{r}/old", f"{r}/new"), ["new", "old"]),
    (lambda r: fs.DirCreatedEvent(f"{r}/folder"), ["folder"]),
    (lambda r: fs.FileOpenedEvent(f"{r}/a.txt"), []),  # the indexer reading a file
    (lambda r: fs.FileClosedNoWriteEvent(f"{r}/a.txt"), []),
    (lambda r: fs.DirModifiedEvent(f"{r}/sub"), []),
    (lambda r: fs.FileModifiedEvent(f"{r}/.hidden/a.txt"), []),
    (lambda r: fs.FileModifiedEvent(f"{r}/index/builds/x/meta.json"), []),  # the index inside
])
def test_events_name_the_files_to_look_at(tmp_path, make, expected):
    events = _Events(str(tmp_path), str(tmp_path / "index"))
    events.add(make(str(tmp_path)))
    assert sorted(os.path.relpath(p, tmp_path) for p in events.take()) == expected
    assert not events.arrived.is_set()


# --- the listing of named paths -----------------------------------------------------------

def _mkfile(root: Path, rel: str, text: str = "正文") -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


CHANGES = {
    "file changed": (lambda r: _mkfile(r, "a/one.txt", "改动之后更长的正文"), ["a/one.txt"]),
    "file added": (lambda r: _mkfile(r, "a/new.txt"), ["a/new.txt"]),
    "file removed": (lambda r: (r / "a/two.txt").unlink(), ["a/two.txt"]),
    "folder added": (lambda r: [_mkfile(r, "c/d/x.txt"), _mkfile(r, "c/y.html")], ["c"]),
    "folder removed": (lambda r: [p.unlink() for p in (r / "b").iterdir()] and (r / "b").rmdir(),
                       ["b"]),
    "folder renamed": (lambda r: (r / "b").rename(r / "renamed"), ["b", "renamed"]),
    "hidden file": (lambda r: _mkfile(r, "a/.secret.txt"), ["a/.secret.txt"]),
    "user dictionary": (lambda r: _mkfile(r, "userdict.txt", "青溪镇 10 ns"), ["userdict.txt"]),
    "index inside": (lambda r: _mkfile(r, "ix/builds/x.txt"), ["ix/builds/x.txt"]),
    "link to a folder": (lambda r: (r / "link").symlink_to(r / "a"), ["link"]),
    "outside the archive": (lambda r: None, ["../elsewhere.txt"]),
    "absolute path": (lambda r: _mkfile(r, "a/abs.txt"), ["<root>/a/abs.txt"]),
}


def changed_stats(root, previous: dict, paths, exclude=None) -> list | None:
    """archive_stats as changed_files says it is now: `previous` with the changes made."""
    changes = changed_files(root, previous, paths, exclude)
    if changes is None:
        return None
    stats = {rel: (str(Path(root) / rel), st) for rel, st in previous.items()}
    for rel, got in changes.items():
        if got is None:
            stats.pop(rel, None)
        else:
            stats[rel] = got
    return [(stats[rel][0], rel, stats[rel][1]) for rel in sorted(stats)]


@pytest.mark.parametrize("change", CHANGES)
def test_listing_named_paths_is_listing_the_archive(tmp_path, change):
    root = tmp_path / "archive"
    for rel in ("a/one.txt", "a/two.txt", "b/three.md", "b/four.txt"):
        _mkfile(root, rel)
    before = {rel: st for _, rel, st in archive_stats(root, exclude=root / "ix")}
    make, named = CHANGES[change]
    make(root)
    paths = [p.replace("<root>", str(root)) for p in named]
    assert changed_stats(root, before, paths, exclude=root / "ix") == [
        (str(root / rel), rel, st) for _, rel, st in archive_stats(root, exclude=root / "ix")]


def test_build_index_looks_only_at_the_named_paths(archive, index):
    write(archive, "news/00.txt", "新闻0", "第0条新闻：没有点名的改动。")
    write(archive, "news/01.txt", "新闻1", "第1条新闻：点名的改动。")
    report = build_index(archive, index, procs=1, changed_paths=[str(archive / "news/01.txt")])
    assert report.changed == ["news/01.txt"]
    assert search(index, "没有点名").total == 0
    assert build_index(archive, index, procs=1).changed == ["news/00.txt"]  # the full listing
    assert search(index, "没有点名").total == 1


# --- the command --------------------------------------------------------------------------

def test_watch_needs_an_archive_folder(tmp_path):
    result = CliRunner().invoke(cli, ["watch", str(tmp_path / "missing"), "--index", str(tmp_path / "ix")])
    assert result.exit_code != 0
    assert "档案文件夹不存在" in result.output


def test_dangan_watch_prints_each_update_and_stops_on_ctrl_c(archive, index):
    dangan = Path(sys.executable).with_name("dangan")
    proc = subprocess.Popen([str(dangan), "watch", str(archive), "--index", str(index),
                             "--debounce", "0.05"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, encoding="utf-8")
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        eventually(lambda: any("正在监视" in line for line in lines), "the watcher to start")
        write(archive, "news/cli.txt", "命令行", "命令行监视收录的新文件。")
        line = eventually(lambda: [x for x in lines if "新增 news/cli.txt" in x], "its line")[0]
        assert "秒" in line and "共 5 篇文档、9 个段落" in line
        assert search(index, "命令行监视").total == 1
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=DEADLINE)
        reader.join(timeout=DEADLINE)
    assert proc.returncode == 0
    assert lines[-1].strip() == "已停止监视。"
    assert not any("Traceback" in line for line in lines)


def test_a_name_that_is_not_utf8_makes_the_update_list_the_archive(tmp_path):
    root = tmp_path / "archive"
    write(root, "a.txt", "甲", "青溪镇的第一份文件。")
    index = tmp_path / "index"
    build_index(root, index, procs=1)
    gbk = os.path.join(os.fsencode(root), "乙".encode("gb18030") + b".txt")
    with open(gbk, "wb") as f:
        f.write("---\ntitle: 乙\n---\n柳湾乡的第二份文件。\n".encode("utf-8"))
    before = {rel: st for _, rel, st in archive_stats(root)}
    assert changed_stats(root, before, [os.fsdecode(gbk)]) is None
    report = build_index(root, index, procs=1, changed_paths=[os.fsdecode(gbk)])
    assert report.added == ["乙.txt"]  # the name read as GBK, as the full listing reads it
    assert search(index, "柳湾乡").total == 1


def test_ctrl_c_in_the_middle_of_an_update_keeps_the_previous_build(archive, index, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt  # as Ctrl+C lands while the new build is being written

    monkeypatch.setattr(indexer.updating, "update_sidecar", interrupted)
    live = indexer.index_info(index)["build"]
    watcher = Watcher(archive, index, debounce=0.05, procs=1)

    def change_once_ready():
        watcher.ready.wait(DEADLINE)
        write(archive, "news/00.txt", "新闻0", "第0条新闻：按下 Ctrl+C 时写到一半的改动。")

    threading.Thread(target=change_once_ready, daemon=True).start()
    before = set(threading.enumerate())
    with pytest.raises(KeyboardInterrupt):
        watcher.run()
    assert indexer.index_info(index)["build"] == live
    assert sorted(p.name for p in (index / "builds").iterdir()) == [Path(live).name]
    assert search(index, "写到一半").total == 0
    eventually(lambda: not [t for t in set(threading.enumerate()) - before if t.is_alive()
                            and t.name != "MainThread" and "change_once_ready" not in t.name],
               "the observer's threads to end")


def test_an_archive_folder_removed_and_put_back_is_watched_again(archive, index):
    import shutil

    with Running(archive, index, debounce=0.05, rescan=0.5) as run:
        shutil.rmtree(archive)
        eventually(lambda: [u for u in run.updates[1:] if isinstance(u.error, indexer.ArchiveMissing)],
                   "the missing folder reported")
        write(archive, "back/a.txt", "回来", "文件夹删掉之后又建起来。")
        eventually(lambda: search(index, "又建起来").total == 1, "the rescan of the folder put back")
        # The rescan that found the folder watched it again before listing it; from now on
        # only an event can find a file.
        run.watcher.rescan = 600
        seen = len(run.updates)
        write(archive, "back/b.txt", "事件", "重新监视之后由事件发现的文件。")
        eventually(lambda: [u for u in run.updates[seen:] if u.report and not u.full_listing
                            and u.report.added == ["back/b.txt"]], "the event-driven update")
        assert search(index, "由事件发现").total == 1


def test_old_builds_are_pruned_after_each_update(archive, index):
    with Running(archive, index, debounce=0.05) as run:
        for n in range(3):
            write(archive, f"news/p{n}.txt", f"修剪{n}", f"第{n}份触发修剪的文件。")
            run.next_update(1 + n)
        eventually(lambda: len(list((index / "builds").iterdir())) == 2, "the builds pruned")
    live = Path(indexer.index_info(index)["build"]).name
    assert live in {p.name for p in (index / "builds").iterdir()}  # and the one before it
