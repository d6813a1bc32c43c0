"""Stored fields deflated in blocks read back exactly as written, wherever a block ends."""
import pickle

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from indexer import stored_blocks
from indexer.codec import Codec
from indexer.stored_blocks import ROWS, BlockStoredColumn


def _column(rows: dict[int, dict], doccount: int):
    """Write `rows` (docnum -> value) into a column of `doccount` rows and open its reader."""
    storage = RamStorage()
    f = storage.create_file("col")
    writer = BlockStoredColumn().writer(f)
    for docnum in sorted(rows):
        writer.add(docnum, rows[docnum])
    writer.finish(doccount)
    length = f.tell()
    f.close()
    return BlockStoredColumn().reader(storage.open_file("col"), 0, length, doccount)


@pytest.mark.parametrize("doccount, present", [
    (0, []),
    (1, [0]),
    (ROWS, list(range(ROWS))),  # exactly one block
    (ROWS + 1, list(range(ROWS + 1))),  # one row into the second
    (3 * ROWS + 5, [0, 2, ROWS - 1, ROWS, 2 * ROWS + 3]),  # gaps, and whole blocks empty
    (5, []),  # documents none of which stored anything
])
def test_rows_read_back_as_written_and_missing_rows_are_none(doccount, present):
    rows = {n: {"doc_id": f"d{n}", "text": "第" + "段" * n, "page": None} for n in present}
    col = _column(rows, doccount)
    assert len(col) == doccount
    assert [col[n] for n in range(doccount)] == [rows.get(n) for n in range(doccount)]
    assert list(col) == [rows.get(n) for n in range(doccount)]
    with pytest.raises(IndexError):
        col[doccount]


def test_blocks_are_cached_up_to_a_bound(monkeypatch):
    monkeypatch.setattr(stored_blocks, "CACHED_BLOCKS", 2)
    count = 5 * ROWS
    col = _column({n: {"n": n} for n in range(count)}, count)
    assert [col[n]["n"] for n in range(0, count, ROWS)] == list(range(0, count, ROWS))
    assert len(col._cache) == 2


def _index(folder, codec):
    folder.mkdir(exist_ok=True)
    schema = Schema(doc_id=ID(stored=True), title=STORED(), text=STORED(), words=TEXT())
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer(codec=codec, compound=False)
    for n in range(3 * ROWS + 2):
        fields = {"doc_id": str(n), "words": f"w{n}"}
        if n % 3:  # some documents store nothing but their id
            fields.update(title="同一个标题", text="政府工作报告" * (n % 7))
        writer.add_document(**fields)
    writer.commit()
    return ix


def test_an_index_stores_the_same_fields_in_fewer_bytes_than_whooshs_own(tmp_path):
    ours, theirs = _index(tmp_path / "ours", Codec()), _index(tmp_path / "theirs", W3Codec())
    with ours.reader() as a, theirs.reader() as b:
        assert list(a.all_stored_fields()) == list(b.all_stored_fields())
        assert a.stored_fields(5) == b.stored_fields(5) == {
            "doc_id": "5", "title": "同一个标题", "text": "政府工作报告" * 5}
    size = {name: sum(f.stat().st_size for f in (tmp_path / name).glob("*._stored.col"))
            for name in ("ours", "theirs")}
    assert size["ours"] < size["theirs"] / 2


def test_segments_merge_through_the_block_column(tmp_path):
    ix = _index(tmp_path, Codec())
    writer = ix.writer(codec=Codec(), compound=False)
    writer.add_document(doc_id="new", title="另一个", text="新增", words="w")
    writer.commit(optimize=True)  # rewrites both segments' stored fields into one
    with ix.reader() as r:
        stored = {f["doc_id"]: f for f in r.all_stored_fields()}
    assert len(ix._segments()) == 1 and len(stored) == 3 * ROWS + 3
    assert stored["new"] == {"doc_id": "new", "title": "另一个", "text": "新增"}
    assert stored["4"] == {"doc_id": "4", "title": "同一个标题", "text": "政府工作报告" * 4}
    assert stored["3"] == {"doc_id": "3"}
    assert pickle.loads(pickle.dumps(ix._segments()[0].codec())).__class__ is Codec
