"""Incremental indexing: added, changed and deleted files are reflected, nothing else is re-read."""
import pytest

import indexer
import indexer.reading
from conftest import write_doc as write
from indexer import build_index, index_info, search


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    for i in range(20):
        write(root, f"news/{i:02}.txt", f"新闻{i}", f"第{i}条新闻：青溪镇新建公厕{i}座。", "群众普遍满意。")
    return root


@pytest.fixture
def reads(monkeypatch):
    """The archive-relative paths read from disk during the test."""
    seen = []
    original = indexer.reading.read_entry

    def spy(path, rel):
        seen.append(rel)
        return original(path, rel)

    monkeypatch.setattr(indexer.reading, "read_entry", spy)
    return seen


def totals(index):
    return {q: search(index, q).total for q in ("公厕", "养老", "群众", "污水")}


def test_added_changed_and_deleted_files_are_reflected(archive, tmp_path, reads):
    index = tmp_path / "index"
    first = build_index(archive, index, procs=1)
    assert first.mode == "full" and first.documents == 20
    reads.clear()

    write(archive, "news/03.txt", "新闻3", "第3条新闻：青溪镇养老服务中心开工。", "群众普遍满意。")
    write(archive, "news/new.txt", "新增", "柳湾乡污水处理厂投入运行。")
    (archive / "news/07.txt").unlink()
    report = build_index(archive, index, procs=1)

    assert report.mode == "incremental"
    assert (report.added, report.changed, report.deleted) == (["news/new.txt"], ["news/03.txt"], ["news/07.txt"])
    assert sorted(reads) == ["news/03.txt", "news/new.txt"]  # nothing else was read again
    assert report.reindexed == 2
    assert search(index, "养老").total == 1
    assert search(index, "污水").total == 1
    assert search(index, '"新建公厕7座"').total == 0  # the deleted file is gone
    assert search(index, '"新建公厕3座"').total == 0  # the old version of the changed file too

    full = build_index(archive, tmp_path / "full", procs=1, full=True)
    assert (report.documents, report.paragraphs, report.characters) == (
        full.documents, full.paragraphs, full.characters)
    assert totals(index) == totals(tmp_path / "full")
    assert index_info(index)["documents"] == full.documents


def test_nothing_changed_publishes_nothing(archive, tmp_path, reads):
    index = tmp_path / "index"
    build_index(archive, index, procs=1)
    reads.clear()
    report = build_index(archive, index, procs=1)
    assert report.mode == "unchanged" and reads == [] and report.documents == 20


def test_repeated_incremental_runs_stay_consistent(archive, tmp_path):
    index = tmp_path / "index"
    build_index(archive, index, procs=1)
    for round_ in range(4):
        write(archive, f"news/{round_:02}.txt", f"改{round_}", f"第{round_}次修改：新建公厕。")
        assert build_index(archive, index, procs=1).mode == "incremental"
    assert search(index, "修改").total == 4
    assert search(index, "公厕").total == 20
    doc = search(index, '"第2次修改"').hits[0]
    assert indexer.get_document(index, doc.doc_id).paragraphs == ["第2次修改：新建公厕。"]


def test_many_updates_merge_small_segments_instead_of_rebuilding(archive, tmp_path):
    from indexer import store
    from indexer.build_writing import MERGE_SMALL_SEGMENTS

    index, fresh = tmp_path / "index", tmp_path / "fresh"
    build_index(archive, index, procs=1)
    counts = []
    for n in range(2 * MERGE_SMALL_SEGMENTS + 3):
        write(archive, f"news/{n % 20:02}.txt", f"新闻{n}", f"第{n}次更新：养老驿站{n}处。", "群众普遍满意。")
        if n % 5 == 4:
            (archive / f"news/{(n + 7) % 20:02}.txt").unlink(missing_ok=True)
        report = build_index(archive, index, procs=1)
        assert report.mode == "incremental"  # never a full rebuild
        counts.append(len(store.segment_names(store.current_build(index))))
        build_index(archive, fresh, full=True, procs=1)
        assert totals(index) == totals(fresh)
        assert index_info(index)["paragraphs"] == index_info(fresh)["paragraphs"]
        assert search(index, f"养老驿站{n}处").total == 1
    # the full build's segment, a merged one (a third of this small archive by now), the small ones
    assert max(counts) <= 2 + MERGE_SMALL_SEGMENTS, counts
    assert counts[MERGE_SMALL_SEGMENTS] == 2, counts  # the small ones were merged into the new one


def test_boilerplate_learned_anew_reindexes_the_whole_site(archive, tmp_path, reads):
    root = archive
    for i in range(4):
        write(root, f"site/{i}.txt", f"稿{i}", "欢迎访问青溪镇门户网站", f"正文{i}：村里修了路。")
    index = tmp_path / "index"
    build_index(root, index, procs=1)
    assert search(index, "门户网站").total == 0  # learned as site chrome from 4 documents
    for i in range(3):  # now only one of four documents carries it: it is content again
        write(root, f"site/{i}.txt", f"稿{i}", f"正文{i}：村里修了路。")
    reads.clear()
    report = build_index(root, index, procs=1)
    assert report.mode == "incremental"
    assert sorted(reads) == ["site/0.txt", "site/1.txt", "site/2.txt"]
    assert report.reindexed == 4  # site/3.txt was not read again, but is cleaned anew
    full = build_index(root, tmp_path / "full", procs=1, full=True)
    assert search(index, "门户网站").total == search(tmp_path / "full", "门户网站").total == 1
    assert report.paragraphs == full.paragraphs


def test_a_user_dictionary_keeps_local_names_whole_and_a_change_rebuilds(archive, tmp_path):
    write(archive, "report.txt", "报告", "李林森教授团队入驻送桥镇。")
    index = tmp_path / "index"
    build_index(archive, index, procs=1)
    reading = search(index, "李林森 送桥镇").reading
    assert "李林森" not in reading.words  # jieba's own dictionary splits the name

    (archive / "userdict.txt").write_text("李林森 10 nr\n送桥镇 10 ns\n", encoding="utf-8")
    assert indexer.userdict_changed(archive, index)
    report = build_index(archive, index, procs=1)
    assert report.mode == "full" and "userdict.txt" in report.reason
    assert not indexer.userdict_changed(archive, index)
    reading = search(index, "李林森 送桥镇").reading
    assert {"李林森", "送桥镇"} <= set(reading.words)
    assert search(index, "李林森").total == 1  # the dictionary file itself is not a document


@pytest.mark.parametrize("change", ["edit", "delete", "add"])
def test_an_update_keeps_the_bigram_and_word_postings_and_arrays_of_its_texts(archive, tmp_path, change):
    import numpy as np

    from indexer import arrays, grams, store, words
    from indexer.analysis import is_word, word_cutter

    index = tmp_path / "index"
    build_index(archive, index)
    if change == "edit":
        write(archive, "news/03.txt", "新闻3", "青溪镇污水处理厂投入运行。", "群众普遍满意。")
    elif change == "delete":
        (archive / "news/05.txt").unlink()
    else:
        write(archive, "news/99.txt", "新闻99", "养老服务中心开门迎客。")
    assert build_index(archive, index).mode == "incremental"
    snap = store.snapshot(index)
    for got, expected in zip(snap.grams.flat(), grams.postings(snap.folded)):
        assert np.asarray(got).tolist() == expected.tolist()
    cut = word_cutter(snap.ix.schema["words"].analyzer)
    for got, texts in ((snap.words, snap.folded), (snap.title_words, snap.columns["title"])):
        for a, b in zip(got.flat(), words.postings_maker(cut, is_word)(texts)):
            assert np.asarray(a).tolist() == b.tolist()
    derived = arrays.derive(snap.folded, snap.columns)
    assert snap.recency.tolist() == derived["recency"].tolist()
    assert totals(index)["污水"] == (1 if change == "edit" else 0)


@pytest.mark.parametrize("change", ["edit", "delete", "add", "merge"])
def test_an_update_keeps_every_derived_array_and_column_of_a_full_rebuild(archive, tmp_path, change):
    from indexer import arrays, store

    index = tmp_path / "index"
    build_index(archive, index)
    if change == "edit":
        write(archive, "news/03.txt", "新闻3", "青溪镇污水处理厂投入运行。", "群众普遍满意。", date="2020-05-01")
    elif change == "delete":
        (archive / "news/05.txt").unlink()
    elif change == "add":
        write(archive, "news/99.txt", "新闻99", "养老服务中心开门迎客。", date="2019-02-03")
    else:  # enough updates that the small segments are merged, renumbering the rows after them
        for i in range(10):
            write(archive, f"news/{i:02}.txt", f"改{i}", f"第{i}次改动：柳湾乡新修道路{i}公里。")
            assert build_index(archive, index).mode == "incremental"
    assert build_index(archive, index).mode in ("incremental", "unchanged")
    snap = store.snapshot(index)
    derived = arrays.derive(snap.folded, snap.columns)
    for name in ("recency", "chronology", "lengths"):
        assert snap.arrays[name].tolist() == derived[name].tolist()
    for name, (values, codes) in derived["coded"].items():
        assert snap.coded(name)[0] == values and snap.coded(name)[1].tolist() == codes.tolist()
    full = tmp_path / "full"
    build_index(archive, full, full=True)
    rows = lambda s: sorted((t, s.columns["doc_id"][n], s.columns["title"][n], s.columns["date"][n])
                            for n, t in enumerate(s.folded) if s.columns["doc_id"][n])
    assert rows(snap) == rows(store.snapshot(full))
    assert totals(index) == totals(full)
