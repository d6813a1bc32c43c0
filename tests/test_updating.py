"""An update's sidecar, spliced from the live build's (updating.py), holds exactly what the
general way (every row read from the new build's segments) writes, for every kind of change."""
import shutil

import numpy as np
import pytest

from conftest import write_doc as write
from indexer import (arrays, build_index, packed, search, sidecar, spliced_arrays, store, textbuffer,
                     updating)
from indexer.build_state import STATE_FILE


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    for i in range(12):
        write(root, f"news/{i:02}.txt", f"新闻{i}", f"第{i}条新闻：青溪镇新建公厕{i}座。", "群众普遍满意。",
              date=f"2021-0{1 + i % 3}-0{1 + i % 7}", place=("青溪镇", "柳湾乡", "")[i % 3])
    return root


def _edit(root):
    write(root, "news/03.txt", "新闻3", "青溪镇污水处理厂投入运行。", "群众普遍满意。", date="2020-05-01")


def _delete_first(root):  # the first row of its place, date and title values
    (root / "news/00.txt").unlink()


def _add(root):
    write(root, "news/99.txt", "新闻99", "养老服务中心开门迎客。", "新的一段。", date="2019-02-03", place="白石村")


def _edit_two(root):
    write(root, "news/01.txt", "改过的标题", "柳湾乡新修道路三公里。")
    write(root, "news/07.txt", "新闻7", "第7条新闻：青溪镇新建公厕7座。", "群众普遍满意。", "多了一段话。",
          date="2021-02-01", place="柳湾乡")


def _only_rows_gone(root):
    write(root, "news/05.txt", "新闻5", "第5条新闻：青溪镇新建公厕5座。", date="2021-03-06", place="")


def _contents(build):
    """Every sidecar file of a build, loaded."""
    got = {}
    for name in sidecar.SIDECAR_FILES:
        path = build / name
        if name.endswith(".npy"):
            got[name] = np.load(path).tolist()
        elif name == sidecar.FOLDED_FILE:
            got[name] = path.read_bytes().decode(textbuffer.ENCODING)
        else:
            got[name] = _plain(packed.load(path))
    return got


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return ("array", str(value.dtype), value.tolist())
    return value


def _merging(root):  # enough updates that the small segments are merged into the last one
    for i in range(9):
        write(root, f"news/{i:02}.txt", f"改{i}", f"第{i}次改动：柳湾乡新修道路{i}公里。", date="2018-01-01")
        build_index(root, root.parent / "index")


@pytest.mark.parametrize("change", [_edit, _delete_first, _add, _edit_two, _only_rows_gone, _merging])
def test_a_spliced_sidecar_is_what_the_general_way_writes(archive, tmp_path, change, monkeypatch):
    index = tmp_path / "index"
    build_index(archive, index)
    spliced, general = [], []
    original = updating.update_sidecar

    def both(live, build, removed):
        again = tmp_path / f"again{len(general)}"
        shutil.copytree(build, again)  # the new build's segments, before any sidecar
        sidecar.update_sidecar(live, again, removed)  # the general way: every row read anew
        general.append(again)
        got = original(live, build, removed)
        packed.written()  # the columns and arrays, written by another thread
        spliced.append(got[1] is not None)
        assert _contents(build) == _contents(again)
        rows = list(textbuffer.FoldedTexts(build / sidecar.FOLDED_FILE))
        kept = sidecar._written[build][0]  # what copies and figures read, without the file
        assert list(kept) == rows and [kept[n] for n in range(len(rows))] == rows and len(kept) == len(rows)
        return got

    monkeypatch.setattr(updating, "update_sidecar", both)
    change(archive)
    write(archive, "news/11.txt", "新闻11", "最后一次改动。")
    report = build_index(archive, index)
    assert report.mode == "incremental" and all(spliced) and len(spliced) >= 1
    full = tmp_path / "full"
    assert (report.documents, report.paragraphs) == (
        (f := build_index(archive, full, full=True)).documents, f.paragraphs)
    for q in ("公厕", "柳湾乡新修道路", "最后一次改动"):
        assert search(index, q).total == search(full, q).total


def test_a_merge_of_small_segments_is_spliced_too(archive, tmp_path):
    from indexer.reading import list_archive_files  # noqa: F401  (the archive is read as usual)

    index = tmp_path / "index"
    build_index(archive, index)
    segments = []
    for i in range(10):
        write(archive, f"news/{i:02}.txt", f"改{i}", f"第{i}次改动：柳湾乡新修道路{i}公里。")
        assert build_index(archive, index).mode == "incremental"
        segments.append(len(store.segment_names(store.current_build(index))))
    assert max(segments) > segments[-1]  # the small segments were merged
    assert search(index, "柳湾乡新修道路").total == 10


@pytest.mark.parametrize("gone, fresh, tail", [
    ([], ["甲乙丙", "乙丙丁"], None), ([1], [], None), ([0, 2], ["丙丁戊己"], None), ([0, 1, 2], ["甲甲甲甲"], None),
    ([], ["丁甲乙乙"], 2),  # the last row merged away, then added again changed
    ([0], ["己庚"], 1),  # every list cut short, a key emptied, a new one
    ([], [], 0),  # everything from the first row on dropped
])
def test_spliced_postings_are_the_postings_of_the_new_texts(gone, fresh, tail):
    from indexer import grams, postings_codec

    texts = ["甲乙丙丁", "乙丙丁", "丙丁甲乙"]
    old = grams.Grams.of(texts).table
    first = len(texts) if tail is None else tail
    nums = np.arange(first, first + len(fresh))
    got = updating.spliced_postings(old, np.asarray(gone, dtype=np.int64), [texts[n] for n in gone],
                                    nums, fresh, grams.postings, tail)
    new = ["" if n in gone else t for n, t in enumerate(texts[:first])] + fresh
    for a, b in zip(got.decoded(), grams.postings(new)):
        assert a.tolist() == b.tolist()
    for a, b in zip(got, postings_codec.encode(*grams.postings(new))):  # the arrays a full build writes
        assert a.dtype == b.dtype and a.tolist() == b.tolist()


def test_postings_that_do_not_match_their_texts_are_refused():
    from indexer import grams

    old = grams.Grams.of(["甲乙丙", "丁戊己"]).table
    assert updating.spliced_postings(old, np.asarray([0]), ["庚辛"], np.arange(2, 2), [], grams.postings) is None


@pytest.mark.parametrize("values, gone, fresh", [
    (["a", "b", "a", "c"], {0: ""}, ["d"]),  # the first "a" blanked: "b" now comes first
    (["a", "b", "a", "c"], {1: "", 3: ""}, []),  # values no longer present are dropped
    (["", "b"], {1: ""}, ["b", "e"]),
    ([2021, 0, 2021], {2: 0}, [2019]),
])
def test_recoded_columns_are_numbered_as_a_whole_column_is(values, gone, fresh):
    old_values, old_codes = arrays._coded(values)
    got = spliced_arrays._recoded(old_values, old_codes, list(gone), list(gone.values()), fresh)
    new = [gone.get(n, v) for n, v in enumerate(values)] + fresh
    expected = arrays._coded(new)
    assert got[0] == expected[0] and got[1].tolist() == expected[1].tolist()


def test_an_update_that_fails_leaves_the_live_build(archive, tmp_path, monkeypatch):
    index = tmp_path / "index"
    build_index(archive, index)
    live = store.current_build(index)

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(updating, "_write", crash)
    _edit(archive)
    with pytest.raises(OSError):
        build_index(archive, index)
    assert store.current_build(index) == live and (live / STATE_FILE).is_file()
    assert search(index, "污水").total == 0 and search(index, "公厕").total == 12


COPIED = "青溪镇召开乡村振兴推进会，部署全年十项重点任务，要求各村按月报告进展并接受群众监督。"


@pytest.mark.parametrize("change", [
    lambda root: write(root, "c1.txt", "转载一", COPIED, date="2022-01-02"),  # a copy added
    lambda root: (root / "c0.txt").unlink(),  # the earliest copy gone
    lambda root: write(root, "c0.txt", "原文", "改成了别的内容，再也不是那一段会议报道的文字了，完全不同。"),
    _edit,
])
def test_an_update_keeps_each_rows_core_and_groups_as_worked_out_anew(archive, tmp_path, change, monkeypatch):
    from indexer import copies, copies_rows

    write(archive, "c0.txt", "原文", COPIED, "另外一段。", date="2022-01-01")
    write(archive, "c2.txt", "转载二", "转载：" + COPIED, date="2022-01-03")
    index = tmp_path / "index"
    build_index(archive, index)
    remaps = []
    original = copies.write_copies
    monkeypatch.setattr(copies, "write_copies",
                        lambda build, previous=None, remap=None: remaps.append(remap) or original(build, previous, remap))
    change(archive)
    assert build_index(archive, index).mode == "incremental" and remaps[0] is not None
    build = store.current_build(index)
    folded, columns = textbuffer.FoldedTexts(build / sidecar.FOLDED_FILE), None
    columns = sidecar.read_columns(build)
    anew = copies_rows.row_cores(list(folded), columns, None, None)
    with np.load(build / copies.STATE_FILE) as state:
        assert state["row_digest"][anew.length >= 0].tolist() == anew.digest[anew.length >= 0].tolist()
        assert state["row_length"].tolist() == anew.length.tolist()
    again = tmp_path / "again"
    shutil.copytree(build, again)
    original(again)  # from scratch
    with np.load(build / copies.COPIES_FILE) as a, np.load(again / copies.COPIES_FILE) as b:
        assert _partition(a["group"]) == _partition(b["group"])


def _partition(groups):
    out = {}
    for row, g in enumerate(groups.tolist()):
        if g >= 0:
            out.setdefault(g, set()).add(row)
    return {frozenset(rows) for rows in out.values()}


def _report(root, year, growth, rel=None):
    write(root, rel or f"docs/{year}.txt", f"{year}年青溪县政府工作报告",
          "各位代表：现在，我代表县人民政府，向大会报告工作。",
          f"过去一年，青溪县地区生产总值增长{growth}%，城镇新增就业1.2万人。",
          f"今年经济社会发展的主要预期目标是：地区生产总值增长{growth + 0.5}%左右。",
          date=f"{year}-01-20", place="青溪县")


@pytest.mark.parametrize("change, linked", [
    (_edit, True),  # news without figures: the live build's file is linked
    (_add, True),
    (lambda root: _report(root, 2024, 6.1), False),  # a report's figures changed
    (lambda root: _report(root, 2026, 4.0), False),  # a report added
    (lambda root: (root / "docs/2025.txt").unlink(), False),  # a report gone
])
def test_an_updates_figures_are_a_full_builds(archive, tmp_path, change, linked):
    from indexer.figure_index import FIGURES_FILE

    _report(archive, 2024, 5.1)
    _report(archive, 2025, 5.6)
    index = tmp_path / "index"
    build_index(archive, index)
    live = store.current_build(index)
    change(archive)
    assert build_index(archive, index).mode == "incremental"
    build = store.current_build(index)
    assert (build / FIGURES_FILE).samefile(live / FIGURES_FILE) == linked
    full = tmp_path / "full"
    build_index(archive, full, full=True)
    strip = lambda f: {k: v for k, v in f.items() if k != "doc_id"}  # noqa: E731
    read = lambda b: [strip(f) for f in packed.load_json(b / FIGURES_FILE)["figures"]]
    assert read(build) == read(store.current_build(full)) and read(build)
