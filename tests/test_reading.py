"""Reading an archive folder: formats, metadata, file order, files that cannot be read."""
import datetime
import json
import os
from pathlib import Path

import pytest

from indexer.documents import Document, Skipped
from indexer.errors import ArchiveMissing
from indexer.reading import (
    SUPPORTED_SUFFIXES, ReadError, date_from_name, extract_html, iter_archive, load_archive,
    normalize_date, read_file, split_front_matter,
)

ARCHIVE = Path(__file__).resolve().parent.parent / "archive"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def read_one(tmp_path: Path, name: str, content: str | bytes) -> Document:
    [doc] = read_file(write(tmp_path, name, content), name)
    return doc


# --- metadata -------------------------------------------------------------------------------

@pytest.mark.parametrize("name, date", [
    ("2025_上海市_政府工作报告", "2025"),
    ("20230511_送桥镇新闻", "2023-05-11"),
    ("2022-03-05 会议纪要", "2022-03-05"),
    ("2022年3月5日讲话", "2022-03-05"),
    ("report.2024.06.01", "2024-06-01"),
    ("20260302_VIDEabc260302", "2026-03-02"),
    ("000_a5f1e69a12689157", ""),
    ("a2015b", ""),
    ("2022-13-45_x", "2022"),
    ("说明", ""),
])
def test_date_from_file_name(name, date):
    assert date_from_name(name) == date


@pytest.mark.parametrize("value, date", [
    (datetime.date(2023, 2, 8), "2023-02-08"),
    (datetime.datetime(2023, 2, 8, 10, 30), "2023-02-08"),
    ("2026-03-02 19:00", "2026-03-02"),
    ("2024/6/3", "2024-06-03"),
    ("2024年6月", "2024-06"),
    ("2021", "2021"),
    (2021, "2021"),
    ("2021年", "2021"),
    ("20230511", "2023-05-11"),
    ("不详", ""),
    ("", ""),
    (None, ""),
])
def test_normalize_date(value, date):
    assert normalize_date(value) == date


@pytest.mark.parametrize("front, expected", [
    ('title: "标题"\ndate: "2024-05-18"\n', {"title": "标题", "date": "2024-05-18"}),
    ("title: 标题\ndate: 2024-05-18\nplace: 青溪镇\n", {"title": "标题", "date": "2024-05-18", "place": "青溪镇"}),
    ("title: 2024\nsource: 1\n", {"title": "2024", "source": "1"}),
    ("", {}),
])
def test_front_matter_values_become_strings(tmp_path, front, expected):
    doc = read_one(tmp_path, "x.txt", f"---\n{front}---\n第一段。\n")
    got = {key: getattr(doc, key) for key in ("title", "date", "place", "source", "url") if getattr(doc, key)}
    assert got == expected
    assert doc.paragraphs == ["第一段。"]


def test_front_matter_is_loaded_safely():
    with pytest.raises(ReadError):
        split_front_matter("---\nx: !!python/object/apply:os.system ['true']\n---\nbody\n")


@pytest.mark.parametrize("text", ["---\n[1, 2]\n---\n正文。\n", "---\ntitle: [unclosed\n---\n正文。\n"])
def test_bad_front_matter_is_a_read_error(tmp_path, text):
    with pytest.raises(ReadError):
        read_file(write(tmp_path, "bad.txt", text), "bad.txt")


def test_text_without_front_matter_gets_date_from_name_and_title_after_cleaning(tmp_path):
    write(tmp_path, "20230511_报告.txt", "荷花镇召开养老工作会议\n会议部署了今年的养老服务工作。\n")
    write(tmp_path, "2024_说明.txt", "这是一段没有标题的正文。\n")
    docs, skipped = load_archive(tmp_path)
    assert skipped == []
    assert [(d.path, d.title, d.date) for d in docs] == [
        ("20230511_报告.txt", "荷花镇召开养老工作会议", "2023-05-11"),
        ("2024_说明.txt", "说明", "2024"),
    ]


def test_markdown_markup_is_dropped(tmp_path):
    doc = read_one(tmp_path, "a.md", "# 标题\n\n- **养老**服务\n> 引用的话。\n")
    assert doc.paragraphs == ["标题", "", "养老服务", "引用的话。"]


# --- HTML -----------------------------------------------------------------------------------

@pytest.mark.parametrize("body, paragraphs", [
    ("<p>送桥<b>镇</b>养老</p>", ["送桥镇养老"]),
    ("<div>a</div><div>b</div>", ["a", "b"]),
    ("<p>第一句。<br>第二句。</p>", ["第一句。", "第二句。"]),
    ("<p>送桥\n  <span>镇</span>\n  养老</p>", ["送桥镇养老"]),
    ("<p>Hello <i>dangan</i> world</p>", ["Hello dangan world"]),
    ("<p>民法典实施五周年 审结案件</p>", ["民法典实施五周年 审结案件"]),
    ("<p>主要内容：\n1.第一条；\n2.第二条。</p>", ["主要内容：", "1.第一条；", "2.第二条。"]),
    ("<ul><li>一</li><li>二</li></ul>", ["一", "二"]),
    ("<pre>第一行\n第二行</pre>", ["第一行", "第二行"]),
    ("<p>正文<script>var x = 1;</script>继续</p><style>p{}</style>", ["正文继续"]),
    ("<nav>首页 新闻</nav><p>正文。</p><footer>版权所有</footer>", ["正文。"]),
    ("<p>正文<!-- 注释 -->。</p>", ["正文。"]),
])
def test_blocks_make_paragraphs_and_inline_elements_join(body, paragraphs):
    page = extract_html(f"<html><body>{body}</body></html>")
    assert page.paragraphs == paragraphs


def test_html_main_text_is_the_densest_block_not_the_link_lists():
    links = "".join(f'<li><a href="/n/{i}">荷花镇新闻标题第{i}条</a></li>' for i in range(30))
    body = (f'<div class="nav"><ul>{links}</ul></div>'
            '<div class="wrap"><div class="text">'
            + "".join(f"<p>第{i}段正文，介绍荷花镇养老服务中心的建设进展和运营情况。</p>" for i in range(5))
            + '</div><div class="zebian"><span>编辑：某某</span></div></div>'
            f'<div class="related"><ul>{links}</ul></div>')
    page = extract_html(f"<html><head><title>标题_某网</title></head><body>{body}</body></html>")
    assert page.paragraphs == [f"第{i}段正文，介绍荷花镇养老服务中心的建设进展和运营情况。" for i in range(5)]


def test_a_one_paragraph_article_beats_the_metadata_box_and_menus():
    menu = "".join(f'<li><a href="/c/{i}">频道{i}</a></li>' for i in range(20))
    body = (f'<div class="nav"><ul>{menu}</ul></div>'
            '<div class="cnt_bd"><p>央视网消息（新闻联播）：本台播发快评《昂首阔步向未来》，回顾过去一年。</p></div>'
            '<div class="text_box"><p>来源：央视网</p><p>更新时间：2022年01月01日 19:19</p>'
            '<p>视频简介：快评《昂首阔步向未来》，回顾过去一年的奋斗历程。</p></div>'
            '<div class="top"><div class="text">和某某一起走进光影变化的世界</div></div>')
    page = extract_html(f"<html><body>{body}</body></html>")
    assert page.paragraphs == ["央视网消息（新闻联播）：本台播发快评《昂首阔步向未来》，回顾过去一年。"]


@pytest.mark.parametrize("head, title, date", [
    ('<meta property="og:title" content="OG 标题"><title>页面标题</title>', "OG 标题", ""),
    ("<title>[视频]荷花镇新闻</title>", "荷花镇新闻", ""),
    ("<title></title>", "正文大标题", ""),
    ('<meta name="pubdate" content="2024-06-03 09:30">', "正文大标题", "2024-06-03 09:30"),
    ('<meta property="article:published_time" content="2024-06-03T09:30:00+08:00">', "正文大标题",
     "2024-06-03T09:30:00+08:00"),
    ('<meta name="PublishDate" content="2022-01-02">', "正文大标题", "2022-01-02"),
    ("<title>正文大标题_荷花网</title>", "正文大标题", ""),
    ("<title>荷花网首页</title>", "荷花网首页", ""),
])
def test_html_title_and_date(head, title, date):
    page = extract_html(f"<html><head>{head}</head><body><h1>正文大标题</h1><p>正文。</p></body></html>")
    assert (page.title, page.date) == (title, date)


@pytest.mark.parametrize("name, markup, date", [
    ("20240603_a.html", "<p>正文。</p>", "2024-06-03"),
    ("a.html", '<meta name="pubdate" content="2023-01-05 10:00"><p>正文。</p>', "2023-01-05"),
    ("b.html", '<span class="time">2026-03-02 19:00</span><p>正文。</p>', "2026-03-02"),
    ("c.html", "<p>正文没有日期。</p>", ""),
])
def test_html_document_date(tmp_path, name, markup, date):
    assert read_one(tmp_path, name, f"<html><body>{markup}</body></html>").date == date


# --- JSON lines and Word --------------------------------------------------------------------

def test_jsonl_good_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"title": "甲", "date": "2024-07-12", "place": "北京市", "text": "第一段。\n第二段。"},
                   ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"title": "乙", "paragraphs": ["一段。", "两段。"], "url": "https://x.example/1"},
                   ensure_ascii=False),
        json.dumps(["a list"]),
        json.dumps({"title": "无正文"}, ensure_ascii=False),
    ]
    write(tmp_path, "news/items.jsonl", "\n".join(lines) + "\n")
    items = list(iter_archive(tmp_path))
    docs = [i for i in items if isinstance(i, Document)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [(d.path, d.title, d.date, d.paragraphs) for d in docs] == [
        ("news/items.jsonl#L1", "甲", "2024-07-12", ["第一段。", "第二段。"]),
        ("news/items.jsonl#L4", "乙", "", ["一段。", "两段。"]),
    ]
    assert [s.path for s in skipped] == ["news/items.jsonl#L2", "news/items.jsonl#L5", "news/items.jsonl#L6"]
    assert all(s.reason for s in skipped)
    assert docs[0].doc_id != docs[1].doc_id


def test_read_file_on_a_bad_jsonl_line_raises(tmp_path):
    with pytest.raises(ReadError, match="L2"):
        read_file(write(tmp_path, "a.jsonl", '{"text": "好。"}\nnope\n'), "a.jsonl")


def test_docx(tmp_path):
    docx = pytest.importorskip("docx")
    word = docx.Document()
    word.core_properties.title = "荷花镇工作报告"
    word.add_paragraph("各位代表：")
    word.add_paragraph("荷花镇新建公厕12座。")
    table = word.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "养老床位"
    table.rows[0].cells[1].text = "90张"
    word.save(tmp_path / "2024_荷花镇.docx")
    [doc] = read_file(tmp_path / "2024_荷花镇.docx", "2024_荷花镇.docx")
    assert (doc.title, doc.date) == ("荷花镇工作报告", "2024")
    assert doc.paragraphs == ["各位代表：", "荷花镇新建公厕12座。", "养老床位", "90张"]


def test_broken_docx_is_a_read_error(tmp_path):
    pytest.importorskip("docx")
    with pytest.raises(ReadError):
        read_file(write(tmp_path, "x.docx", b"PK\x03\x04 not really a zip"), "x.docx")


# --- walking the archive --------------------------------------------------------------------

def test_walk_is_sorted_and_skips_hidden_reserved_and_unknown_files(tmp_path):
    for name in ["b/2.txt", "a.txt", "b/1.md", "c.html", ".hidden.txt", ".git/x.txt", "userdict.txt",
                 "b/userdict.txt", "notes.xls", "image.png", "README"]:
        write(tmp_path, name, "<p>正文。</p>" if name.endswith("html") else "正文。\n")
    calls = []
    paths = [d.path for d in iter_archive(tmp_path, progress=lambda: calls.append(1))]
    assert paths == ["a.txt", "b/1.md", "b/2.txt", "c.html"]
    assert len(calls) == 4
    assert set(SUPPORTED_SUFFIXES) >= {".txt", ".md", ".html", ".htm", ".shtml", ".docx", ".jsonl"}


def test_a_file_that_cannot_be_decoded_is_skipped_and_the_rest_is_read(tmp_path):
    write(tmp_path, "a_good.txt", "荷花镇新建公厕。\n")
    write(tmp_path, "b_bad.txt", bytes(range(1, 256)) * 4)
    write(tmp_path, "c_image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))
    write(tmp_path, "d_gbk.txt", "荷花镇养老服务中心开业。\n".encode("gbk"))
    docs, skipped = load_archive(tmp_path)
    assert [d.path for d in docs] == ["a_good.txt", "d_gbk.txt"]
    assert [s.path for s in skipped] == ["b_bad.txt", "c_image.html"]
    assert "无法识别编码" in skipped[0].reason
    assert "binary" in skipped[1].reason


def test_load_archive_needs_a_folder(tmp_path):
    with pytest.raises(ArchiveMissing) as err:
        load_archive(tmp_path / "nowhere")
    assert err.value.hint


def test_sample_archive_loads_cleanly():
    docs, skipped = load_archive(ARCHIVE)
    assert skipped == []
    assert len(docs) >= 8
    text = "\n".join(p for d in docs for p in d.paragraphs)
    for word in ["养老", "公厕", "项目为王", "专利授权1133件", "天安门广场"]:
        assert word in text
    assert "http" not in text and "热烈祝贺" not in text
    years = {d.year for d in docs}
    assert {2021, 2022, 2023, 2024} <= years
    assert sum(p.stat().st_size for p in ARCHIVE.rglob("*") if p.is_file()) < 30_000


def test_listing_walks_folders_in_order_and_follows_only_file_links(tmp_path):
    from indexer.reading import list_archive_files

    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "linked.txt").write_text("链接的文件", encoding="utf-8")
    (outside / "deep" / "hidden.txt").write_text("不该出现", encoding="utf-8")
    root = tmp_path / "archive"
    for rel in ["b/2.txt", "b/1.HTML", "a.md", "a/z.jsonl", ".git/x.txt", "b/.draft.txt",
                "notes.xls", "userdict.txt", "b/c/d/e.docx"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")
    os.symlink(outside / "linked.txt", root / "b" / "link.txt")
    os.symlink(outside, root / "folder-link")  # not followed
    listed = list_archive_files(root)
    assert [rel for _, rel in listed] == [
        "a.md", "a/z.jsonl", "b/1.HTML", "b/2.txt", "b/c/d/e.docx", "b/link.txt"]
    assert all(path == root / rel for path, rel in listed)
