"""The archive state's entries packed beside the build: written by a full build, linked and
read chunk by chunk by updates, packed again once many files were re-read."""
import functools
import os
import pickle

import pytest

from conftest import write_doc
from indexer import archive_state, build_index, build_state, packed, search, store
from indexer.build_state import DELTA_FILE, STATE_FILE, read_state

write = functools.partial(write_doc, date="2022-03-04", place="柳湾乡")


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    for i in range(12):
        write(root, f"east/{i:02}.txt", f"东区简报{i}", f"东区第{i}期：柳湾乡修缮水渠{i}处。", "村民出工出力。")
        write(root, f"west/{i:02}.txt", f"西区简报{i}", f"西区第{i}期：桃源村新栽果树{i}百株。", "合作社统一管护。")
    return root


def live(index):
    return store.current_build(index)


def test_a_full_build_packs_the_paragraphs_and_keeps_the_state_small(archive, tmp_path):
    index = tmp_path / "index"
    build_index(archive, index)
    state_bytes = packed.read_bytes(live(index) / STATE_FILE)
    assert "桃源村新栽果树".encode("utf-8") not in state_bytes  # paragraphs are in the pack only
    assert "west/03.txt".encode("utf-8") in state_bytes  # paths stay, and titles as headline keys
    state = pickle.loads(state_bytes)
    archive_state.attach(state.files, live(index))
    docs = state.raw_documents(["west/03.txt"])
    assert docs[0].paragraphs == ["西区第3期：桃源村新栽果树3百株。", "合作社统一管护。"]


def test_an_update_links_the_pack_and_reads_only_the_chunks_it_needs(archive, tmp_path, monkeypatch):
    index = tmp_path / "index"
    build_index(archive, index)
    before = live(index) / archive_state.PACK_FILE
    read = []
    original = archive_state.Pack.entries

    def spy(self, chunk, rel):
        read.append(chunk)
        return original(self, chunk, rel)

    monkeypatch.setattr(archive_state.Pack, "entries", spy)
    write(archive, "east/04.txt", "东区简报4", "东区第4期：柳湾乡新建桥梁一座。", "村民出工出力。")
    report = build_index(archive, index)
    assert report.mode == "incremental" and report.changed == ["east/04.txt"]
    assert read and {c.split("/")[0] for c in read} == {"east"}  # the folder learned again only
    after = live(index) / archive_state.PACK_FILE
    assert os.stat(after).st_ino == os.stat(before).st_ino  # linked, not rewritten
    assert search(index, "新建桥梁").total == 1 and search(index, "修缮水渠4处").total == 0


def test_many_files_re_read_are_packed_again_and_updates_stay_right(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(archive_state, "REPACK_SHARE", 0.1)
    index = tmp_path / "index"
    build_index(archive, index)
    inode = os.stat(live(index) / archive_state.PACK_FILE).st_ino
    write(archive, "west/01.txt", "西区简报1", "西区第1期：桃源村修通机耕路。")
    build_index(archive, index)
    assert os.stat(live(index) / archive_state.PACK_FILE).st_ino == inode  # 1 of 24 files: kept
    for i in (2, 3, 4):
        write(archive, f"west/{i:02}.txt", f"西区简报{i}", f"西区第{i}期：桃源村修通机耕路{i}里。")
    build_index(archive, index)
    assert os.stat(live(index) / archive_state.PACK_FILE).st_ino != inode  # 4 of 24: packed anew
    write(archive, "east/00.txt", "东区简报0", "东区第0期：柳湾乡清理河道。")
    assert build_index(archive, index).mode == "incremental"
    full = tmp_path / "full"
    build_index(archive, full, full=True)
    for q in ("机耕路", "清理河道", "修缮水渠", "果树"):
        assert search(index, q).total == search(full, q).total
    state, fresh = read_state(live(index)), read_state(live(full))
    archive_state.attach(state.files, live(index))
    archive_state.attach(fresh.files, live(full))
    assert state.raw_documents(sorted(state.files)) == fresh.raw_documents(sorted(fresh.files))


def test_a_missing_pack_means_a_full_rebuild(archive, tmp_path):
    index = tmp_path / "index"
    build_index(archive, index)
    (live(index) / archive_state.PACK_FILE).unlink()
    write(archive, "east/05.txt", "东区简报5", "东区第5期：柳湾乡安装路灯。")
    report = build_index(archive, index)
    assert report.mode == "full"
    assert search(index, "安装路灯").total == 1


def test_an_update_links_the_state_and_writes_only_what_changed(archive, tmp_path):
    index = tmp_path / "index"
    build_index(archive, index)
    before = live(index)
    path = archive / "east/02.txt"
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert build_index(archive, index).mode == "incremental"
    assert os.stat(live(index) / STATE_FILE).st_ino == os.stat(before / STATE_FILE).st_ino
    state = read_state(live(index))
    delta = packed.load(live(index) / DELTA_FILE)
    assert list(delta["dicts"]["files"][0]) == ["east/02.txt"]  # the file re-read, nothing else
    assert state.files["east/02.txt"][0] == (path.stat().st_size, path.stat().st_mtime_ns)
    inline = len(pickle.dumps(list(state.files["east/02.txt"][1]), protocol=pickle.HIGHEST_PROTOCOL))
    assert len(packed.read_bytes(live(index) / DELTA_FILE)) < inline + 1024


def test_many_changes_write_the_state_anew(archive, tmp_path, monkeypatch):
    monkeypatch.setattr(build_state, "DELTA_MIN", 2)
    monkeypatch.setattr(build_state, "DELTA_SHARE", 0.0)
    index = tmp_path / "index"
    build_index(archive, index)
    inode = os.stat(live(index) / STATE_FILE).st_ino
    write(archive, "east/03.txt", "东区简报3", "东区第3期：柳湾乡安装路灯。")
    build_index(archive, index)
    assert os.stat(live(index) / STATE_FILE).st_ino == inode  # one change: in the delta
    write(archive, "east/04.txt", "东区简报4", "东区第4期：柳湾乡疏浚河道。")
    write(archive, "west/05.txt", "西区简报5", "西区第5期：桃源村硬化村道。")
    (archive / "west/06.txt").unlink()
    assert build_index(archive, index).mode == "incremental"
    assert os.stat(live(index) / STATE_FILE).st_ino != inode  # more than two: a new base
    state = read_state(live(index))
    assert "west/06.txt" not in state.files and "west/06.txt" not in state.sites
    write(archive, "west/07.txt", "西区简报7", "西区第7期：桃源村新修水塘。")
    assert build_index(archive, index).mode == "incremental"
    full = tmp_path / "full"
    build_index(archive, full, full=True)
    got, fresh = read_state(live(index)), read_state(live(full))
    for name in ("keys", "sites", "listings", "chrome", "chrome_tally"):
        assert getattr(got, name) == getattr(fresh, name), name
    assert {rel: stat for rel, (stat, _) in got.files.items()} == {
        rel: stat for rel, (stat, _) in fresh.files.items()}


def test_a_state_without_its_delta_means_a_full_rebuild(archive, tmp_path):
    index = tmp_path / "index"
    build_index(archive, index)
    (live(index) / DELTA_FILE).unlink()
    write(archive, "east/05.txt", "东区简报5", "东区第5期：柳湾乡安装路灯。")
    report = build_index(archive, index)
    assert report.mode == "full"
    assert search(index, "安装路灯").total == 1
