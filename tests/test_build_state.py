"""The archive state a build records: kept in memory by the process that saved it, for its next
update (a watcher's), and read from the file whenever the file is not the one saved."""
import functools

import pytest

from conftest import write_doc
from indexer import arrays, build_index, build_state, packed, search, sidecar, store

write = functools.partial(write_doc, date="2023-05-06", place="柳湾乡")


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    for i in range(4):
        write(root, f"news/{i}.txt", f"简报{i}", f"第{i}期：柳湾乡修缮水渠{i}处。", "村民出工出力。")
    return root


@pytest.fixture
def loads(monkeypatch):
    """The state files read from disk during the test."""
    seen = []
    original = packed.read_bytes

    def spy(path):
        if path.name in (build_state.STATE_FILE, build_state.DELTA_FILE):
            seen.append(path)
        return original(path)

    monkeypatch.setattr(packed, "read_bytes", spy)
    return seen


def test_the_next_update_starts_from_the_state_just_saved(archive, tmp_path, loads, monkeypatch):
    index = tmp_path / "index"
    build_index(archive, index)
    read = []
    original = packed.read_bytes  # the fixture's spy, which this one calls
    monkeypatch.setattr(packed, "read_bytes", lambda path: read.append(path.name) or original(path))
    for n in range(2):
        write(archive, f"news/new{n}.txt", f"新增{n}", f"第{n}篇新增：桃源村新栽果树{n}百株。")
        assert build_index(archive, index).mode == "incremental"
    assert loads == []
    # nor the columns and derived arrays the last build wrote: held by the process that wrote them
    assert not {sidecar.COLUMNS_FILE, arrays.ARRAYS_FILE} & set(read)
    assert search(index, "新栽果树").total == 2 and search(index, "修缮水渠").total == 4


@pytest.mark.parametrize("name", [build_state.STATE_FILE, build_state.DELTA_FILE])
@pytest.mark.parametrize("damage", [
    lambda path: packed.dump(path, packed.load(path)),  # written again: another file
    lambda path: path.write_bytes(b"not a state"),
])
def test_a_state_file_changed_since_is_read_from_disk(archive, tmp_path, loads, damage, name):
    index = tmp_path / "index"
    build_index(archive, index)
    damage(store.current_build(index) / name)
    loads.clear()
    write(archive, "news/9.txt", "简报9", "第9期：柳湾乡新建桥梁一座。")
    report = build_index(archive, index)
    assert loads and report.mode in ("incremental", "full")
    assert search(index, "新建桥梁").total == 1


def test_an_update_that_failed_reads_the_state_again(archive, tmp_path, loads, monkeypatch):
    index = tmp_path / "index"
    build_index(archive, index)
    write(archive, "news/9.txt", "简报9", "第9期：柳湾乡新建桥梁一座。")
    monkeypatch.setattr(store, "publish", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        build_index(archive, index)
    monkeypatch.undo()
    loads_after = []
    original = packed.read_bytes
    monkeypatch.setattr(packed, "read_bytes", lambda path: (loads_after.append(path.name), original(path))[1])
    assert build_index(archive, index).mode == "incremental"
    assert build_state.STATE_FILE in loads_after
    assert search(index, "新建桥梁").total == 1
