"""The same paragraph in other documents: which pairs are copies, groups in a built index,
incremental updates, the search's `copies` and 隐藏转载, the copies page and API."""
from __future__ import annotations

import numpy as np
import pytest

import indexer
from conftest import write_doc
from indexer import build_index, copies, copies_view, minhash, search
from web import create_app

# Invented paragraphs in the style of local news (each well over MIN_CHARS letters).
BASE = ("青溪镇召开年度任务清单，要求各村对照年度任务清单逐项落实，"
        "加快补齐人居环境短板，确保农村公路养护、饮水工程改造和垃圾分类收运按期完成。")
OTHER = ("枫林县图书馆开展全民阅读月活动，组织志愿者走进社区和学校，"
         "举办亲子共读、经典诵读和读书分享会，吸引了众多居民和学生参加。")
ADDED = "会议由镇党委副书记主持，各村党支部书记参加。"


def swap(text: str, *positions: int) -> str:
    """`text` with the characters at `positions` replaced (by one that is not a numeral)."""
    chars = list(text)
    for p in positions:
        chars[p] = "甲" if chars[p] != "甲" else "乙"
    return "".join(chars)


@pytest.mark.parametrize("a, b, same", [
    (BASE, BASE, True),
    (BASE, BASE.replace("，", ","), True),  # punctuation differs
    (BASE, BASE + ADDED, True),  # a sentence added at the end
    (BASE, ADDED + BASE, True),  # ... at the start
    (BASE, BASE[:40] + ADDED + BASE[40:], True),  # ... in the middle
    (BASE, swap(BASE, 5), True),  # one character changed
    (BASE, swap(BASE, 5, 30, 60), True),  # three characters changed
    (BASE, BASE[:20] + BASE[22:], True),  # two characters dropped
    (BASE, swap(BASE, *range(5, 70, 6)), False),  # many characters changed
    (BASE + OTHER, BASE[:45], False),  # a third of it: a quote, not a copy
    (BASE, OTHER, False),
    (BASE, BASE + OTHER + ADDED + OTHER, False),  # lost inside a much longer text
    ("今年全镇新建农村公路十二公里，改造危桥三座，新增公交线路两条，方便群众出行。",
     "今年全镇新建农村公路十五公里，改造危桥三座，新增公交线路两条，方便群众出行。", False),
    ("2023年全县接待游客128万人次，实现旅游收入9.6亿元，同比分别增长12%和15%。",
     "2024年全县接待游客128万人次，实现旅游收入9.6亿元，同比分别增长12%和15%。", False),
])
def test_which_pairs_are_copies(a, b, same):
    fa, fb = copies.core(indexer.textfold.fold(a)), copies.core(indexer.textfold.fold(b))
    assert copies.is_copy(fa, fb) is same
    assert copies.is_copy(fb, fa) is same


@pytest.mark.parametrize("text, kept", [
    ("会议还研究了其他事项。", False),  # too short
    (BASE, True),
    ("，。、！" * 20, False),  # punctuation only
])
def test_short_paragraphs_take_no_part(text, kept):
    cores = copies._eligible([indexer.textfold.fold(text)], {"doc_id": ["d"], "kind": ["article"]})
    assert (cores[0] is not None) is kept


def test_a_listing_page_and_frequent_boilerplate_take_no_part():
    line = "本网站所有内容版权归青溪镇人民政府所有，未经许可不得转载复制。"
    n = copies.BOILERPLATE_DOCS
    folded = [indexer.textfold.fold(line)] * n + [indexer.textfold.fold(BASE)] * 2
    columns = {"doc_id": [f"d{i}" for i in range(n + 2)], "kind": ["article"] * n + ["listing", "article"]}
    cores = copies._eligible(folded, columns)
    assert cores[:n] == [None] * n
    assert cores[n] is None and cores[n + 1] is not None


def test_cores_of_many_texts_at_once_are_core_of_each():
    import re

    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and c != 0x0A)
    samples = [every[i:i + 997] for i in range(0, len(every), 997)]
    samples += ["", "＿_a", "𠀀𝟘\U0001F600〇", "青溪镇：新建公厕3座（第2批）。"]
    assert copies.all_cores(samples) == [re.sub(r"[\W_]+", "", t) for t in samples]


def test_groups_of_rows_span_documents_and_are_numbered_by_label():
    cores = ["甲" * 30, None, "乙" * 30, "甲" * 30, "丙" * 30, "乙" * 30]
    columns = {"doc_id": ["d1", "d1", "d2", "d3", "d4", "d2"]}
    texts = ["甲" * 30, "乙" * 30, "丙" * 30]
    labels = np.array([7, 3, 3])  # 乙 and 丙 one group; 乙 twice but in d2 only
    assert copies.row_groups(cores, columns, texts, labels).tolist() == [1, -1, 0, 1, 0, 0]
    assert copies.row_groups([None, None], columns, texts, labels).tolist() == [-1, -1]
    alone = ["甲" * 30, "乙" * 30, None, "甲" * 30, None, None]  # each group in one document
    assert copies.row_groups(alone, {"doc_id": ["d1", "d2", "d2", "d1", "d4", "d2"]}, texts,
                             labels).tolist() == [-1] * 6


@pytest.mark.parametrize("ids, docs", [
    (["d1", "d1", "d2", "d3", "d4", "d2"], [0, 0, 1, 2, 3, 1]),
    (["d1", "d1", "d2", "d3", "d4", "d2"], [9, 9, 4, 0, 7, 4]),  # any numbering, one per document
    (["d1", "d2", "d2", "d1", "d4", "d2"], [5, 1, 1, 5, 2, 1]),
])
def test_groups_of_rows_by_known_document_numbers_are_the_same(ids, docs):
    at = np.array([0, -1, 1, 0, 2, 1])
    labels = np.array([7, 3, 3])
    columns = {"doc_id": ids}
    by_ids = copies.groups_of_rows(at, columns, labels)
    assert copies.groups_of_rows(at, columns, labels, np.array(docs, dtype=np.int32)).tolist() == by_ids.tolist()


def test_signatures_estimate_jaccard():
    texts = [copies.core(BASE), copies.core(BASE + ADDED), copies.core(OTHER)]
    sig = minhash.signatures(texts)
    assert sig.shape == (3, minhash.PERMUTATIONS)
    same = (sig[0] == sig[1]).mean()
    shingles = [{t[i:i + 3] for i in range(len(t) - 2)} for t in texts]
    jaccard = len(shingles[0] & shingles[1]) / len(shingles[0] | shingles[1])
    assert abs(same - jaccard) < 0.15
    assert (sig[0] == sig[2]).mean() < 0.1
    # the same text hashed alone or among others has the same signature
    assert (minhash.signatures(texts[1:2])[0] == sig[1]).all()


def write(root, rel, title, date, *paragraphs):
    write_doc(root, rel, title, *paragraphs, date=date, source="青溪新闻网")


FILLER = ["第{n}期简报：本周{n}个村完成了厕所改造验收工作，群众反映良好。",
          "志愿服务队第{n}次走访独居老人，帮助打扫卫生、检查用电安全。"]


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    write(root, "a.txt", "青溪镇推进乡村振兴", "2023-05-11", BASE, FILLER[0].format(n=1))
    write(root, "b.txt", "县融媒转载：青溪镇乡村振兴", "2023-06-02", FILLER[1].format(n=2), BASE + ADDED)
    write(root, "c.txt", "乡村振兴一周要闻", "2023-07-20", swap(BASE, 10, 50), FILLER[0].format(n=3))
    write(root, "d.txt", "枫林县全民阅读", "2023-04-01", OTHER, FILLER[1].format(n=4))
    write(root, "e.txt", "阅读月回顾", "2023-08-08", OTHER.replace("，", ","))
    return root


def groups_of(index):
    """The groups of the live build, as sets of (title, paragraph)."""
    snap = indexer.store.snapshot(index)
    got = copies_view.build_copies(snap)
    titles = [snap.searcher().stored_fields(n)["title"] for n in range(len(snap.folded))]
    return {frozenset((titles[n], snap.columns["paragraph"][n]) for n in rows)
            for rows in got.members.values()}


def copy_cores(index):
    """The cores of the live build's paragraphs that have a copy."""
    snap = indexer.store.snapshot(index)
    return {copies.core(snap.folded[n]) for rows in copies_view.build_copies(snap).members.values()
            for n in rows}


def test_groups_in_a_built_index(archive, tmp_path):
    index = tmp_path / "index"
    build_index(archive, index)
    assert groups_of(index) == {
        frozenset({("青溪镇推进乡村振兴", 0), ("县融媒转载：青溪镇乡村振兴", 1), ("乡村振兴一周要闻", 0)}),
        frozenset({("枫林县全民阅读", 0), ("阅读月回顾", 0)}),
    }


@pytest.fixture
def hashed(monkeypatch):
    """The texts MinHash-hashed during the test."""
    seen: list[str] = []
    original = minhash.signatures

    def spy(texts):
        seen.extend(texts)
        return original(texts)

    monkeypatch.setattr(minhash, "signatures", spy)
    return seen


@pytest.mark.parametrize("change, expected", [
    # c.txt rewritten: its copy leaves the group, a copy of the reading news joins the other
    (lambda root: write(root, "c.txt", "乡村振兴一周要闻", "2023-07-20", OTHER + ADDED,
                        FILLER[0].format(n=3)),
     {frozenset({("青溪镇推进乡村振兴", 0), ("县融媒转载：青溪镇乡村振兴", 1)}),
      frozenset({("枫林县全民阅读", 0), ("阅读月回顾", 0), ("乡村振兴一周要闻", 0)})}),
    # the earliest copy deleted: the two others stay one group
    (lambda root: (root / "a.txt").unlink(),
     {frozenset({("县融媒转载：青溪镇乡村振兴", 1), ("乡村振兴一周要闻", 0)}),
      frozenset({("枫林县全民阅读", 0), ("阅读月回顾", 0)})}),
    # a new file with one more copy
    (lambda root: write(root, "f.txt", "再转载", "2023-09-09", "原标题：青溪镇乡村振兴。" + BASE),
     {frozenset({("青溪镇推进乡村振兴", 0), ("县融媒转载：青溪镇乡村振兴", 1), ("乡村振兴一周要闻", 0),
                 ("再转载", 0)}),
      frozenset({("枫林县全民阅读", 0), ("阅读月回顾", 0)})}),
    # e.txt changed so that it is no copy any more: that group is gone
    (lambda root: write(root, "e.txt", "阅读月回顾", "2023-08-08", FILLER[1].format(n=9)),
     {frozenset({("青溪镇推进乡村振兴", 0), ("县融媒转载：青溪镇乡村振兴", 1), ("乡村振兴一周要闻", 0)})}),
])
def test_an_update_hashes_only_the_changed_files_paragraphs(archive, tmp_path, hashed, change, expected):
    index = tmp_path / "index"
    build_index(archive, index)
    before, old_copies = len(hashed), copy_cores(index)
    change(archive)
    report = build_index(archive, index)
    assert report.mode == "incremental"
    touched = report.added + report.changed
    fresh = {copies.core(indexer.textfold.fold(line)) for rel in touched
             for line in (archive / rel).read_text(encoding="utf-8").split("---\n")[-1].splitlines()}
    # the paragraphs of the added or changed file are hashed, and of the others only copies (an
    # old text paired with a new one is signed again for the estimate), each once
    neighbours = old_copies | copy_cores(index)
    assert set(hashed[before:]) <= fresh | neighbours
    assert len(hashed[before:]) == len(set(hashed[before:]))
    assert groups_of(index) == expected
    # the same groups as a full build of the changed archive
    full = tmp_path / "full"
    build_index(archive, full)
    assert groups_of(full) == expected


def test_an_update_keeps_band_hashes_of_unchanged_texts(archive, tmp_path):
    index = tmp_path / "index"
    build_index(archive, index)
    live = indexer.store.current_build(index)
    with np.load(live / copies.STATE_FILE) as old:
        old_sigs = dict(zip(old["digest"].tolist(), old["bands"]))
    write(archive, "g.txt", "新增一篇", "2024-01-01", FILLER[0].format(n=7))
    build_index(archive, index)
    with np.load(indexer.store.current_build(index) / copies.STATE_FILE) as new:
        kept = {d: s for d, s in zip(new["digest"].tolist(), new["bands"]) if d in old_sigs}
    assert len(kept) == len(old_sigs)
    assert all((old_sigs[d] == s).all() for d, s in kept.items())


@pytest.fixture
def index(archive, tmp_path):
    index = tmp_path / "index"
    build_index(archive, index)
    return index


def test_hits_carry_their_copies(index):
    result = search(index, "年度任务清单", group="paragraph", sort="oldest")
    assert result.total == 3
    by_title = {h.title: h.copies for h in result.hits}
    assert by_title["县融媒转载：青溪镇乡村振兴"] == {
        "count": 2, "first": {"doc_id": result.hits[0].doc_id, "paragraph": 0, "date": "2023-05-11",
                              "title": "青溪镇推进乡村振兴"}}
    assert all(c["count"] == 2 for c in by_title.values())
    assert search(index, "厕所改造验收").hits[0].copies is None


@pytest.mark.parametrize("q, total, hidden", [
    ("年度任务清单", 1, 2),
    ("全民阅读月活动", 1, 1),
    ("厕所改造验收", 2, 0),
])
def test_hiding_copies_shows_each_group_once_its_earliest(index, q, total, hidden):
    shown = search(index, q)
    result = search(index, q, copies="hide")
    assert (result.total, result.hidden_copies) == (total, hidden)
    assert shown.total == total + hidden
    earliest = min(h.date for h in shown.hits)
    assert min(h.date for h in result.hits) == earliest


def test_a_bad_copies_value_is_refused(index):
    with pytest.raises(indexer.QueryError):
        search(index, "乡村振兴", copies="maybe")


@pytest.fixture
def client(index):
    return create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()


def test_the_api_gives_copies_and_hides_them(client):
    body = client.get("/api/search?q=年度任务清单&sort=oldest").get_json()
    assert body["hidden_copies"] == 0
    first = body["hits"][0]
    assert first["copies"]["count"] == 2 and first["copies"]["first"]["date"] == "2023-05-11"
    hidden = client.get("/api/search?q=年度任务清单&copies=hide").get_json()
    assert (hidden["total"], hidden["hidden_copies"]) == (1, 2)
    assert hidden["hits"][0]["date"] == "2023-05-11"
    plain = client.get("/api/search?q=厕所改造验收").get_json()
    assert all("copies" not in h for h in plain["hits"])
    bad = client.get("/api/search?q=乡村振兴&copies=yes")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "bad_query"


def test_the_copies_api_lists_them_by_date(client):
    hit = client.get("/api/search?q=年度任务清单&sort=newest").get_json()["hits"][0]
    body = client.get(f"/api/copies/{hit['doc_id']}/{hit['paragraph']}").get_json()
    assert body["count"] == 2
    assert [c["date"] for c in body["copies"]] == ["2023-05-11", "2023-06-02", "2023-07-20"]
    assert [c["this"] for c in body["copies"]] == [False, False, True]
    assert body["copies"][1]["text"].endswith(ADDED)
    lone = client.get("/api/search?q=厕所改造验收").get_json()["hits"][0]
    alone = client.get(f"/api/copies/{lone['doc_id']}/{lone['paragraph']}").get_json()
    assert alone["count"] == 0 and len(alone["copies"]) == 1
    assert client.get(f"/api/copies/{hit['doc_id']}/99").status_code == 404
    assert client.get("/api/copies/nothex/0").status_code == 404


def test_the_search_page_shows_the_copies_line_and_the_switch(client):
    page = client.get("/?q=年度任务清单&group=paragraph&sort=newest").get_data(as_text=True)
    assert "此段另见于 2 篇" in page and "最早 2023-05-11《青溪镇推进乡村振兴》" in page
    assert "，本篇最早（2023-05-11）" in page  # the earliest one's own line
    assert "copies=hide" in page
    hidden = client.get("/?q=年度任务清单&copies=hide").get_data(as_text=True)
    assert "已隐藏 2 个转载段落" in hidden and "显示全部" in hidden
    assert hidden.count('class="hit match') == 1
    assert 'name="copies" value="hide"' in hidden  # a new search keeps the switch


def test_the_copies_page(client):
    hit = client.get("/api/search?q=全民阅读月活动&sort=oldest").get_json()["hits"][0]
    page = client.get(f"/copies/{hit['doc_id']}/{hit['paragraph']}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "另见于 <strong>1</strong> 篇文档" in text
    assert text.index("2023-04-01") < text.index("2023-08-08")
    assert "（本段）" in text
    assert client.get("/copies/0123456789abcdef/0").status_code == 404


def test_a_paragraph_holding_two_items_does_not_join_their_groups(tmp_path):
    root = tmp_path / "archive"
    write(root, "x1.txt", "甲", "2023-01-01", BASE)
    write(root, "x2.txt", "乙", "2023-01-02", BASE.replace("，", ","))
    write(root, "y1.txt", "丙", "2023-01-03", OTHER)
    write(root, "y2.txt", "丁", "2023-01-04", OTHER.replace("，", ","))
    write(root, "xy.txt", "戊", "2023-01-05", BASE + OTHER)  # two items run together
    build_index(root, tmp_path / "index")
    groups = groups_of(tmp_path / "index")
    assert {("甲", 0), ("乙", 0)} in [set(g) - {("戊", 0)} for g in groups]
    assert {("丙", 0), ("丁", 0)} in [set(g) - {("戊", 0)} for g in groups]
    assert len(groups) == 2
    assert sum(("戊", 0) in g for g in groups) == 1
