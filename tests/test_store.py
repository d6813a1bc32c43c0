"""Publishing builds atomically: a failed build leaves the previous index live and searchable."""
import os

import pytest

from indexer import Document, IndexMissing, index_info, search, write_index
from indexer import sidecar, store

DOC = Document("a.txt", title="甲", date="2022-01-01", paragraphs=["送桥镇养老服务中心建成。"])
DOC2 = Document("b.txt", title="乙", date="2023-01-01", paragraphs=["新建公厕二十三处。"])


def test_missing_index_is_a_named_error(tmp_path):
    with pytest.raises(IndexMissing) as info:
        search(tmp_path / "nothing", "养老")
    assert "dangan index" in info.value.hint


def test_publish_switches_current_and_readers_follow(tmp_path):
    write_index([DOC], tmp_path, procs=1)
    first = store.current_build(tmp_path)
    assert search(tmp_path, "养老").total == 1
    write_index([DOC, DOC2], tmp_path, procs=1)
    assert store.current_build(tmp_path) != first
    assert search(tmp_path, "公厕").total == 1  # the same process sees the new build
    assert index_info(tmp_path)["documents"] == 2


def test_old_builds_are_pruned_but_the_previous_one_kept(tmp_path):
    for _ in range(4):
        write_index([DOC], tmp_path, procs=1)
    assert len(list((tmp_path / "builds").iterdir())) == 1 + store.KEEP_OLD_BUILDS


class Boom(Exception):
    pass


def test_a_crash_mid_build_leaves_the_previous_index(tmp_path):
    write_index([DOC], tmp_path, procs=1)
    live = store.current_build(tmp_path)

    def exploding():
        yield DOC2
        raise Boom()

    class Docs(list):
        def __iter__(self):
            return exploding()

    with pytest.raises(Boom):
        write_index(Docs([DOC2]), tmp_path, procs=1)
    assert store.current_build(tmp_path) == live
    assert search(tmp_path, "养老").total == 1
    assert search(tmp_path, "公厕").total == 0
    assert os.listdir(tmp_path / "builds") == [live.name]


def test_prepare_loads_the_index_segmenter_with_its_user_words_without_opening_the_texts(tmp_path, monkeypatch):
    from indexer import prepare, segment

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "userdict.txt").write_text("送桥镇镇长 10 n\n", encoding="utf-8")
    (archive / "a.txt").write_text("---\ntitle: 报告\n---\n送桥镇镇长讲话。\n", encoding="utf-8")
    from indexer import build_index

    build_index(archive, tmp_path / "ix", procs=1)
    monkeypatch.setattr(segment, "_segmenters", {})
    monkeypatch.setattr(sidecar, "_read_columns", lambda build: pytest.fail("prepare read the columns"))
    monkeypatch.setattr(store.textbuffer, "FoldedTexts", lambda path: pytest.fail("prepare read the texts"))
    prepare(tmp_path / "ix")
    [(name, words)] = segment._segmenters
    assert name == "rjieba" and ("送桥镇镇长", 10, "n") in words
    prepare(tmp_path / "missing")  # nothing to prepare: no error either


def test_an_index_an_older_dangan_wrote_is_refused_with_a_hint_and_rebuilt_whole(tmp_path):
    import json

    from indexer import build_index

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text("---\ntitle: 甲\n---\n送桥镇养老服务中心建成。\n", encoding="utf-8")
    build_index(archive, tmp_path / "ix")
    meta_file = store.current_build(tmp_path / "ix") / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta_file.write_text(json.dumps(dict(meta, format=store.FORMAT_VERSION - 1)), encoding="utf-8")
    with pytest.raises(IndexMissing) as info:
        search(tmp_path / "ix", "养老")
    assert "旧版本" in info.value.message and "dangan index" in info.value.hint
    assert build_index(archive, tmp_path / "ix").mode == "full"
    assert search(tmp_path / "ix", "养老").total == 1


def test_a_snapshot_reads_stored_fields_as_whoosh_does_across_segments(tmp_path):
    docs = [Document(f"{n}.txt", title=f"标题{n}", date="2022-01-01",
                     paragraphs=[f"第{n}篇第{p}段，送桥镇养老服务。" for p in range(n % 4 + 1)]) for n in range(300)]
    write_index(docs, tmp_path, procs=2)  # two writers, batches of 100 paragraphs: two segments
    snap = store.snapshot(tmp_path)
    assert len(snap.ix._segments()) == 2
    searcher = snap.searcher()
    count = searcher.doc_count_all()
    assert [snap.stored(d) for d in range(count)] == [searcher.stored_fields(d) for d in range(count)]
    assert {snap.stored(d)["title"] for d in range(count)} == {f"标题{n}" for n in range(300)}
