"""Stored fields compressed in blocks read back exactly as written, wherever a block ends,
with a dictionary learned from the segment or without one."""
import os
import pickle
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
import zstandard
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from indexer import stored_blocks
from indexer.codec import Codec, stored_columns
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


PHRASES = ["政府工作报告", "推进高质量发展", "全年粮食产量", "城镇新增就业", "乡村振兴",
           "生态环境保护", "人民生活水平", "科技创新能力", "区域协调发展", "营商环境"]


def _row(n: int) -> dict:
    rnd = random.Random(n)
    return {"doc_id": f"{n // 7:016x}", "paragraph": n % 7, "page": None, "speakers": [],
            "title": f"第{n // 7}号文件", "url": f"https://example.org/a/{n // 7}.html",
            "text": "，".join(rnd.choice(PHRASES) + str(rnd.randrange(1000)) for _ in range(rnd.randrange(1, 12)))}


@pytest.mark.parametrize("doccount, present", [
    (0, []),
    (1, [0]),
    (ROWS, list(range(ROWS))),  # exactly one block
    (ROWS + 1, list(range(ROWS + 1))),  # one row into the second
    (3 * ROWS + 5, [0, 2, ROWS - 1, ROWS, 2 * ROWS + 3]),  # gaps, and whole blocks empty
    (5, []),  # documents none of which stored anything
    (700, [n for n in range(700) if n % 5]),  # too few rows to learn a dictionary from
    (1400, [n for n in range(1400) if n % 5]),  # enough
    (3000, list(range(0, 3000, 2))),  # a dictionary learned before the column ends
])
def test_rows_read_back_as_written_and_missing_rows_are_none(doccount, present):
    rows = {n: _row(n) for n in present}
    col = _column(rows, doccount)
    assert len(col) == doccount
    assert [col[n] for n in range(doccount)] == [rows.get(n) for n in range(doccount)]
    assert list(col) == [rows.get(n) for n in range(doccount)]
    with pytest.raises(IndexError):
        col[doccount]


@pytest.mark.parametrize("count, learned", [(150, False), (1200, True)])
def test_a_dictionary_is_learned_when_there_are_rows_enough_and_makes_them_smaller(count, learned):
    rows = {n: _row(n) for n in range(count)}
    col = _column(rows, count)
    assert (col._dict_starts[1] > col._dict_starts[0]) is learned
    assert [col[n] for n in range(count)] == [rows[n] for n in range(count)]
    if learned:
        plain = sum(len(zstandard.ZstdCompressor(level=3).compress(pickle.dumps(rows[n], 5)))
                    for n in range(count))
        assert col._starts[-1] < plain / 2


def test_each_chunk_learns_its_own_dictionary(monkeypatch):
    monkeypatch.setattr(stored_blocks, "CHUNK_ROWS", 400)
    monkeypatch.setattr(stored_blocks, "MIN_TRAIN_ROWS", 100)
    count = 1500  # three chunks of 400 rows and one of 300, a few of them empty
    rows = {n: _row(n) for n in range(count) if not 420 <= n < 430}
    col = _column(rows, count)
    assert len(col._dict_starts) == 5 and col._chunk_rows == 400
    assert all(b > a for a, b in zip(col._dict_starts, col._dict_starts[1:]))
    assert [col[n] for n in range(count - 1, -1, -1)] == [rows.get(n) for n in range(count - 1, -1, -1)]


def test_blocks_are_cached_up_to_a_bound(monkeypatch):
    monkeypatch.setattr(stored_blocks, "CACHED_BLOCKS", 2)
    count = 5 * ROWS
    col = _column({n: {"n": n} for n in range(count)}, count)
    assert [col[n]["n"] for n in range(0, count, ROWS)] == list(range(0, count, ROWS))
    assert len(col._cache) == 2


DOCS = 1600


def _index(folder, codec):
    folder.mkdir(exist_ok=True)
    schema = Schema(doc_id=ID(stored=True), title=STORED(), url=STORED(), text=STORED(), words=TEXT())
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer(codec=codec, compound=False)
    for n in range(DOCS):
        row = _row(n)
        fields = {"doc_id": str(n), "words": f"w{n}"}
        if n % 3:  # some documents store nothing but their id
            fields.update(title=row["title"], url=row["url"], text=row["text"])
        writer.add_document(**fields)
    writer.commit()
    return ix


def test_an_index_stores_the_same_fields_in_fewer_bytes_than_whooshs_own(tmp_path):
    ours, theirs = _index(tmp_path / "ours", Codec()), _index(tmp_path / "theirs", W3Codec())
    with ours.reader() as a, theirs.reader() as b:
        assert list(a.all_stored_fields()) == list(b.all_stored_fields())
        assert a.stored_fields(5) == b.stored_fields(5) == {
            "doc_id": "5", "title": "第0号文件", "url": _row(5)["url"], "text": _row(5)["text"]}
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
    assert len(ix._segments()) == 1 and len(stored) == DOCS + 1
    assert stored["new"] == {"doc_id": "new", "title": "另一个", "text": "新增"}
    assert stored["4"] == {"doc_id": "4", "title": "第0号文件", "url": _row(4)["url"], "text": _row(4)["text"]}
    assert stored["3"] == {"doc_id": "3"}
    assert pickle.loads(pickle.dumps(ix._segments()[0].codec())).__class__ is Codec


def test_threads_reading_one_column_each_get_their_rows(tmp_path):
    ix = _index(tmp_path / "ix", Codec())
    (start,), (col,) = stored_columns(ix)
    order = list(range(DOCS)) * 4
    random.Random(3).shuffle(order)
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda n: (n, col[n]), order))
    assert all((row or {}).get("doc_id") == str(n) for n, row in got)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX: a server forks its workers")
def test_a_forked_process_and_its_parent_read_one_open_column_at_once(tmp_path):
    ix = _index(tmp_path / "ix", Codec())
    (_,), (col,) = stored_columns(ix)
    col[0]  # opened before the fork, as a server's warm-up does
    order = list(range(DOCS)) * 2
    random.Random(5).shuffle(order)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: reads every row while the parent does, says whether all matched
        ok = all((col[n] or {}).get("doc_id") == str(n) for n in order)
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    ok = all((col[n] or {}).get("doc_id") == str(n) for n in reversed(order))
    os.waitpid(pid, 0)
    assert ok and os.read(read, 1) == b"1"
