"""An archive as it arrives: listings, copies of one document, files that cannot be read, an
archive with nothing to index, and the progress of a build from the first file to the end."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer import ArchiveEmpty, QueryError, build_index, make_doc_id, search
from indexer.build_state import STAGES
from indexer.duplicates import changed_copies, copies, kept_copies
from web import create_app
from web.cli import cli

HEADLINES = ["荷花镇新建12座公厕 第三卫生间同步投用", "荷花镇养老服务中心开工建设",
             "柳湾乡污水处理厂投入运行", "荷花县召开经济工作会议 部署今年重点任务"]
STORIES = [
    "近日，荷花镇新建的12座公厕全部投入使用，其中6座位于镇区主干道沿线。新公厕配备了无障碍设施和第三卫生间。",
    "昨天，荷花镇养老服务中心开工建设，建成后将提供床位120张，并为周边村的老人提供助餐服务。",
    "柳湾乡污水处理厂日前投入运行，日处理污水500吨，出水水质达到一级A标准，惠及沿河8个村。",
    "荷花县召开经济工作会议，总结去年工作，部署今年重点任务，提出地区生产总值增长百分之六左右。",
]


def article(n: int, charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{HEADLINES[n]}_荷花网</title>
<meta property="og:title" content="{HEADLINES[n]}"></head>
<body><div class="nav"><a href="/">首页</a><a href="/news">新闻</a></div>
<div class="cnt_bd"><h1>{HEADLINES[n]}</h1>
<div class="content_area"><p>荷花网消息（荷花新闻）：</p><p>{STORIES[n]}</p>
<p>记者了解到，这项工作是荷花县今年十件民生实事之一，群众普遍表示满意。</p></div>
<div class="zebian">编辑：王小五</div></div></body></html>
"""


def day_listing() -> str:
    items = "".join(
        f'<li><div class="image"><a href="https://news.example.cn/2024/06/03/{n}.shtml" title="[视频]{h}">'
        f'<img src="{n}.jpg"></a><span>00:0{n + 1}:2{n}</span></div>'
        f'<a href="https://news.example.cn/2024/06/03/{n}.shtml"><i>完整版</i>[视频]{h}</a></li>\n'
        for n, h in enumerate(HEADLINES))
    return f"<ul>\n{items}</ul>\n"


def programme() -> str:
    items = "\n".join(f"{n}.{h}；" for n, h in enumerate(HEADLINES, 1))
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>《荷花新闻》 20240603 19:00</title></head>
<body><div class="phone_content"><div class="laiyuan">来源：荷花网    更新时间：2024年06月03日 19:00</div>
<ul><li><div class="video_title">视频简介</div>
<div class="video_brief">本期节目主要内容：
{items}
</div></li></ul></div></body></html>
"""


UNSUPPORTED = {
    "attachments/old.doc": "另存为 .docx",
    "attachments/table.xlsx": "表格",
    "attachments/photo.jpg": "图片",
    "attachments/notes.wps": "另存为 .docx",
    "attachments/README": "没有扩展名",
}
# Formats dangan reads, in files that are broken: named with what is wrong.
BROKEN = {
    "attachments/report.pdf": "无法打开 PDF",
    "attachments/all.zip": "无法打开压缩包",
}


def make_archive(root: Path) -> Path:
    for n in range(len(HEADLINES)):
        (root / "news" / "2024").mkdir(parents=True, exist_ok=True)
        (root / "news" / "2024" / f"a{n}.html").write_text(article(n), encoding="utf-8")
    (root / "lists").mkdir()
    (root / "lists" / "day.shtml").write_text(day_listing(), encoding="utf-8")
    (root / "lists" / "programme.shtml").write_text(programme(), encoding="utf-8")
    (root / "news" / "gbk").mkdir()
    (root / "news" / "gbk" / "a1.html").write_bytes(article(1, "gbk").encode("gb18030"))
    (root / "news" / "2024" / "a1 (1).html").write_text(article(1), encoding="utf-8")  # downloaded again
    for rel in [*UNSUPPORTED, *BROKEN]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"PK\x03\x04 not a document dangan reads")
    (root / ".hidden.txt").write_text("隐藏文件不索引。", encoding="utf-8")
    return root


COPIES = sorted(["news/2024/a1 (1).html", "news/2024/a1.html", "news/gbk/a1.html"])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = make_archive(tmp_path_factory.mktemp("arriving"))
    index = tmp_path_factory.mktemp("arriving-index")
    report = build_index(root, index, procs=1)
    return root, index, report


def test_the_report_counts_listings_copies_and_unsupported_files(built):
    _, _, report = built
    assert report.documents == 4 + 2  # four articles (one of them thrice) and two listings
    assert report.listings == 2
    kept = COPIES[0]
    assert report.duplicates == [(c, kept) for c in COPIES[1:]]
    assert {s.path for s in report.skipped} == set(UNSUPPORTED) | set(BROKEN)


@pytest.mark.parametrize("path, hint", sorted(UNSUPPORTED.items()))
def test_unsupported_files_are_named_with_a_reason_and_a_hint(built, path, hint):
    reasons = {s.path: s.reason for s in built[2].skipped}
    assert reasons[path].startswith("不支持的格式")
    assert hint in reasons[path]


@pytest.mark.parametrize("path, reason", sorted(BROKEN.items()))
def test_broken_files_of_a_read_format_are_named_with_what_is_wrong(built, path, reason):
    assert reason in {s.path: s.reason for s in built[2].skipped}[path]


def paths(result) -> set[str]:
    return {h.path for h in result.hits}


@pytest.mark.parametrize("filters, expected", [
    ("", {"news/2024/a1 (1).html"}),  # the article only, once
    (" kind:listing", {"lists/day.shtml", "lists/programme.shtml"}),
    (" kind:all", {"news/2024/a1 (1).html", "lists/day.shtml", "lists/programme.shtml"}),
    (" kind:article", {"news/2024/a1 (1).html"}),
    (" 类型:LISTING", {"lists/day.shtml", "lists/programme.shtml"}),
])
def test_listings_are_found_only_when_asked_for(built, filters, expected):
    _, index, _ = built
    assert paths(search(index, f'"荷花镇养老服务中心开工建设"{filters}', per_page=50)) == expected


def test_a_bad_kind_is_a_query_error(built):
    with pytest.raises(QueryError, match="类型") as err:
        search(built[1], "养老 kind:news")
    assert "kind:listing" in err.value.hint


def test_labels_and_lead_ins_are_not_paragraphs(built):
    doc = indexer.get_document(built[1], make_doc_id("news/2024/a0.html"))
    assert doc.paragraphs[0] == "荷花网消息（荷花新闻）：" + STORIES[0]
    assert not any(p.startswith(("编辑：", "视频简介", "来源：")) for p in doc.paragraphs)
    toc = indexer.get_document(built[1], make_doc_id("lists/programme.shtml"))
    assert toc.paragraphs[0] == "本期节目主要内容："


@pytest.fixture(scope="module")
def client(built):
    _, index, _ = built
    app = create_app({"INDEX_DIR": str(index), "TESTING": True})
    return app.test_client()


def test_api_names_the_other_copies(client):
    body = client.get(f"/api/documents/{make_doc_id(COPIES[0])}").get_json()
    assert body["duplicates"] == COPIES[1:]
    assert client.get(f"/api/documents/{make_doc_id('news/2024/a0.html')}").get_json()["duplicates"] == []
    assert client.get(f"/api/documents/{make_doc_id(COPIES[1])}").status_code == 404  # not indexed


@pytest.mark.parametrize("params, expected", [
    ({}, {"news/2024/a1 (1).html"}),
    ({"kind": "listing"}, {"lists/day.shtml", "lists/programme.shtml"}),
    ({"kind": "all"}, {"news/2024/a1 (1).html", "lists/day.shtml", "lists/programme.shtml"}),
])
def test_api_kind_filter(client, params, expected):
    body = client.get("/api/search", query_string={"q": "养老服务中心开工", **params}).get_json()
    assert {h["path"] for h in body["hits"]} == expected


def test_api_bad_kind_is_400(client):
    assert client.get("/api/search", query_string={"q": "养老", "kind": "news"}).status_code == 400


def test_document_page_names_the_other_copies(client):
    page = client.get(f"/documents/{make_doc_id(COPIES[0])}").get_data(as_text=True)
    assert all(c in page for c in COPIES[1:])
    other = client.get(f"/documents/{make_doc_id('news/2024/a0.html')}").get_data(as_text=True)
    assert "相同副本" not in other


# --- copies across incremental updates --------------------------------------------------------

def small_archive(root: Path) -> Path:
    (root / "a").mkdir(parents=True)
    for n in range(3):
        (root / "a" / f"{n}.html").write_text(article(n), encoding="utf-8")
    (root / "b").mkdir()
    (root / "b" / "1.html").write_bytes(article(1, "gbk").encode("gb18030"))
    return root


def state_of(index) -> tuple:
    """What a reader sees: the documents indexed, their kinds' count and the copies named."""
    meta = indexer.index_info(index)
    docs = {d.path for d in indexer.documents(index)}
    return docs, meta["documents"], meta["paragraphs"], meta["duplicates"]


def change(root: Path, step: str) -> None:
    if step == "delete kept":
        (root / "a" / "1.html").unlink()
    elif step == "change copy":
        (root / "b" / "1.html").write_text(article(1).replace("群众普遍表示满意", "群众拍手称好"), encoding="utf-8")
    elif step == "add earlier twin":
        (root / "0-first.html").write_text(article(2), encoding="utf-8")
    elif step == "restore twin":
        (root / "b" / "1.html").write_text(article(1), encoding="utf-8")
    elif step == "delete copy":
        (root / "b" / "1.html").unlink()


@pytest.mark.parametrize("steps", [
    ["delete kept"],
    ["change copy"],
    ["add earlier twin"],
    ["change copy", "restore twin"],
    ["delete copy"],
    ["add earlier twin", "delete kept", "change copy"],
])
def test_copies_stay_right_across_updates(tmp_path, steps):
    root = small_archive(tmp_path / "archive")
    index = tmp_path / "index"
    build_index(root, index, procs=1)
    for n, step in enumerate(steps):
        change(root, step)
        report = build_index(root, index, procs=1)
        assert report.mode == "incremental"
        fresh = tmp_path / f"fresh{n}"
        full = build_index(root, fresh, procs=1, full=True)
        assert state_of(index) == state_of(fresh)
        assert report.duplicates == full.duplicates


def test_which_copy_is_kept_does_not_depend_on_the_order_files_came(tmp_path):
    root = small_archive(tmp_path / "archive")
    report = build_index(root, tmp_path / "index", procs=1)
    assert report.duplicates == [("b/1.html", "a/1.html")]
    assert {d.path for d in indexer.documents(tmp_path / "index")} == {"a/0.html", "a/1.html", "a/2.html"}


# --- nothing to index ------------------------------------------------------------------------

def test_an_empty_folder_fails_with_its_reason(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(cli, ["index", str(tmp_path / "empty"), "--index", str(tmp_path / "ix"), "-q"])
    assert result.exit_code != 0
    assert "没有文件" in result.output
    with pytest.raises(ArchiveEmpty):
        build_index(tmp_path / "empty", tmp_path / "ix")


def test_a_folder_of_unreadable_files_fails_and_names_them(tmp_path):
    root = tmp_path / "wrong"
    root.mkdir()
    (root / "scan.pdf").write_bytes(b"%PDF-1.4 scanned pages")
    (root / "empty.txt").write_text("  \n", encoding="utf-8")
    (root / "only-labels.txt").write_text("来源：荷花网\n编辑：王小五\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(root), "--index", str(tmp_path / "ix"), "-q"])
    assert result.exit_code != 0
    assert "没有可索引的文档" in result.output
    for name in ("scan.pdf", "empty.txt", "only-labels.txt"):
        assert name in result.output


def test_a_failed_run_leaves_the_live_index_as_it_was(tmp_path):
    root = small_archive(tmp_path / "archive")
    index = tmp_path / "index"
    build_index(root, index, procs=1)
    before = state_of(index)
    shutil.rmtree(root / "a")
    shutil.rmtree(root / "b")
    (root / "scan.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ArchiveEmpty):
        build_index(root, index, procs=1)
    assert state_of(index) == before


def test_the_summary_names_listings_and_copies(tmp_path):
    root = make_archive(tmp_path / "archive")
    result = CliRunner().invoke(cli, ["index", str(root), "--index", str(tmp_path / "ix"), "-q"])
    assert result.exit_code == 0, result.output
    assert "2 篇是列表页" in result.output and "kind:listing" in result.output
    assert "2 个文件与另一个文件内容相同" in result.output
    for copy in COPIES[1:]:
        assert f"{copy} = {COPIES[0]}" in result.output
    assert "attachments/old.doc: 不支持的格式" in result.output


def test_an_index_inside_the_archive_is_not_part_of_it(tmp_path):
    root = small_archive(tmp_path / "archive")
    build_index(root, root / "index", procs=1)
    report = build_index(root, root / "index", procs=1, full=True)
    assert not any(s.path.startswith("index/") for s in report.skipped)


# --- progress --------------------------------------------------------------------------------

class Recorder:
    def __init__(self):
        self.events: list[tuple[str, int, int | None]] = []

    def __call__(self, stage, advance, total):
        self.events.append((stage, advance, total))

    def stages(self) -> list[str]:
        return list(dict.fromkeys(stage for stage, _, _ in self.events))

    def count(self, stage: str) -> int:
        return sum(a for s, a, _ in self.events if s == stage)


def test_progress_covers_every_stage_of_a_full_build_in_order(tmp_path):
    root = small_archive(tmp_path / "archive")
    rec = Recorder()
    build_index(root, tmp_path / "index", procs=1, progress=rec)
    assert rec.stages() == list(STAGES)
    order = [STAGES.index(stage) for stage, _, _ in rec.events]
    assert order == sorted(order)  # no stage comes back once the next has begun
    assert rec.events[-1] == ("done", 1, 1)
    assert rec.count("read") == 4 and rec.count("clean") == 4 and rec.count("index") == 3
    for stage in ("merge", "publish"):  # a start and an end each
        assert [(a, t) for s, a, t in rec.events if s == stage] == [(0, 1), (1, 1)]


@pytest.mark.parametrize("step, stages", [
    ("change copy", list(STAGES)),
    (None, ["read", "done"]),  # nothing changed: read, and the end
])
def test_progress_of_an_update_ends_with_done(tmp_path, step, stages):
    root = small_archive(tmp_path / "archive")
    build_index(root, tmp_path / "index", procs=1)
    if step:
        change(root, step)
    rec = Recorder()
    report = build_index(root, tmp_path / "index", procs=1, progress=rec)
    assert report.mode == ("incremental" if step else "unchanged")
    assert rec.stages() == stages
    assert rec.events[-1] == ("done", 1, 1)


def test_the_cli_progress_bar_closes_at_the_end(tmp_path, capsys):
    from web.cli import _Progress

    bar = _Progress(enabled=True)
    for event in [("read", 1, 2), ("read", 1, 2), ("clean", 0, 2), ("clean", 1, 3), ("merge", 0, 1),
                  ("merge", 1, 1), ("done", 1, 1)]:
        bar(*event)
    assert all(b.disable or b.n == b.total for b in bar.bars.values())
    assert bar.bars["clean"].total == 3  # the estimate given at the start was corrected
    err = capsys.readouterr().err
    assert "读取文件" in err and "清理文档" in err and "合并片段" in err


# --- which copy is indexed -------------------------------------------------------------------

@pytest.mark.parametrize("urls, indexed", [
    (["", ""], 1),  # no address: a copy
    (["https://news.example.cn/1.shtml"] * 2, 1),  # the same page saved twice
    (["https://news.example.cn/2022/1.shtml", "https://news.example.cn/2023/1.shtml"], 2),  # published twice
])
def test_the_same_text_at_two_addresses_is_two_documents(tmp_path, urls, indexed):
    root = tmp_path / "archive"
    root.mkdir()
    for n, url in enumerate(urls):
        front = f"---\ntitle: 烈士纪念日活动预告\ndate: 202{n + 2}-09-29\nurl: \"{url}\"\n---\n" if url else ""
        (root / f"{n}.txt").write_text(front + "烈士纪念日向人民英雄敬献花篮仪式明天上午举行。\n", encoding="utf-8")
    report = build_index(root, tmp_path / "index", procs=1)
    assert report.documents == indexed
    assert len(report.duplicates) == 2 - indexed


@pytest.mark.parametrize("keys, kept", [
    ({"b.html": "x", "a.html": "x", "c.html": "y"}, {"a.html": "a.html", "b.html": "a.html", "c.html": "c.html"}),
    ({"gbk/1.html": "x", "cctv/1.html": "x"}, {"cctv/1.html": "cctv/1.html", "gbk/1.html": "cctv/1.html"}),
    ({"a.txt": "x"}, {"a.txt": "a.txt"}),
    ({}, {}),
])
def test_kept_copies_keep_the_first_path(keys, kept):
    assert kept_copies(keys) == kept
    assert copies(keys) == sorted((p, k) for p, k in kept.items() if p != k)


@pytest.mark.parametrize("old, new, fresh, gone, promoted, demoted", [
    # the kept copy a was deleted: b, not re-read, is indexed now
    ({"a": "x", "b": "x"}, {"b": "x"}, set(), {"a"}, {"b"}, set()),
    # a changed: b is indexed too (a, re-read, is written anyway)
    ({"a": "x", "b": "x"}, {"a": "z", "b": "x"}, {"a"}, {"a"}, {"b"}, set()),
    # an earlier twin 0 came: b leaves the index
    ({"b": "x"}, {"0": "x", "b": "x"}, {"0"}, {"0"}, set(), {"b"}),
    # nothing about copies changed
    ({"a": "x", "b": "y"}, {"a": "x", "b": "y", "c": "z"}, {"c"}, {"c"}, set(), set()),
])
def test_changed_copies(old, new, fresh, gone, promoted, demoted):
    assert changed_copies(old, new, fresh, gone) == (promoted, demoted)
