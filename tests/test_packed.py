"""Values kept beside a build as zstd: what is written reads back, a damaged file is a ValueError,
and a value held by the process that wrote it is handed back only while the file is the same."""
import os

import pytest

from indexer import packed

VALUE = {"title": ["青溪镇简报"] * 3, "paragraph": [0, 1, 2]}


def test_a_value_reads_back(tmp_path):
    packed.dump(tmp_path / "v.pickle.zst", VALUE)
    packed.dump_json(tmp_path / "v.json.zst", VALUE)
    assert packed.load(tmp_path / "v.pickle.zst") == VALUE
    assert packed.load_json(tmp_path / "v.json.zst") == VALUE
    assert not list(tmp_path.glob("*.tmp"))


def test_a_file_that_is_not_zstd_is_a_value_error(tmp_path):
    (tmp_path / "v.pickle.zst").write_bytes(b"\x80\x05not zstd")
    with pytest.raises(ValueError):
        packed.load(tmp_path / "v.pickle.zst")


@pytest.mark.parametrize("change, held", [
    (lambda path: None, True),  # the file as written: the value held is handed back
    (lambda path: packed.dump(path, VALUE), False),  # written again (by another process)
    (lambda path: path.write_bytes(path.read_bytes() + b"\0"), False),  # changed in place
    (lambda path: os.utime(path, ns=(1, 1)), False),
])
def test_a_held_value_only_for_the_file_it_was_written_to(tmp_path, change, held):
    path = tmp_path / "columns.pickle.zst"
    value = {"doc_id": ["a", "b"]}
    packed.dump(path, value, keep=True)
    change(path)
    got = packed.taken(path)
    assert (got is value) is held
    assert packed.taken(path) is None  # taken once: the caller may change it


def test_load_takes_the_held_value_or_reads_the_file(tmp_path):
    path = tmp_path / "arrays.pickle.zst"
    value = {"lengths": [3, 4]}
    packed.dump(path, value, keep=True)
    assert packed.load(path) is not value  # without take: read from the file
    assert packed.load(path, take=True) is value
    assert packed.load(path, take=True) == value and packed.load(path, take=True) is not value
