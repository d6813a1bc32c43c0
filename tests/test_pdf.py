"""PDF reading: the text layer's lines made into paragraphs with their pages, running lines
dropped, scans named (or read by OCR when the extra is installed), pages shown and cited."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import indexer
import indexer.reading
from indexer.documents import Document, Skipped
from indexer.readers import ocr
from indexer.readers.pdflayout import Line, is_page_number, join_spaced_han, paragraphs
from indexer.reading import read_entry
from pdfmaker import FONT, layout, make_pdf, make_scan

import pypdfium2  # noqa: E402,F401 - a dependency of dangan: its absence is an error, not a skip


@pytest.fixture
def cjk_font():
    """The font the test PDFs are set in; missing, the tests fail and say how to install it."""
    if not FONT.exists():
        pytest.fail(f"{FONT} is missing: apt-get install fonts-wqy-zenhei (as .ci/run does)", pytrace=False)


needs_font = pytest.mark.usefixtures("cjk_font")

NAME = "2025_青溪县_政府工作报告.pdf"
HEADER_LINE = "——2025年1月10日在青溪县第十八届人民代表大会第五次会议上"
PARAGRAPHS = [
    HEADER_LINE,
    "各位代表：",
    "现在，我代表县人民政府向大会报告工作，请予审议，并请县政协委员和其他列席人员提出意见。",
    "一、过去一年工作回顾",
    "过去一年，全县上下坚持稳中求进，地区生产总值增长百分之六点二，一般公共预算收入完成十二亿元，"
    "城乡居民人均可支配收入分别增长百分之五点一和百分之七点三，主要指标好于预期。",
    "（一）城乡面貌持续改善。青溪镇新建公厕十二座，改造老旧小区二十八个，新修农村公路九十六公里，"
    "送桥镇污水处理厂投入运行，群众普遍满意。",
    "（二）民生保障更加有力。新增城镇就业四千二百人，新建社区养老服务中心十四个，"
    "县人民医院新院区建成使用，义务教育优质均衡发展通过国家评估。",
    "二、今年的主要任务",
    "今年是全面完成规划目标任务的关键一年，我们将坚持项目为王，抓好招商引资，"
    "力争地区生产总值增长百分之六左右，城乡居民收入增长与经济增长同步。",
    "各位代表！让我们团结一心、真抓实干，为建设美丽幸福新青溪而努力奋斗！",
]
TITLE = "青溪县政府工作报告"


def report_pdf(folder: Path, name: str = NAME) -> Path:
    """A three-page report: a running header, page numbers, a centred title in a larger size."""
    pages = layout(PARAGRAPHS * 3, title=TITLE, header="青溪县人民政府文件")
    assert len(pages) >= 3
    return make_pdf(folder / name, pages)


# --- clean-up rules, table-driven --------------------------------------------------------

@pytest.mark.parametrize("line, expected", [
    ("— 3 —", True), ("－3－", True), ("- 12 -", True), ("3", True), ("第3页", True),
    ("第 3 页 共 30 页", True), ("3/30", True), ("一3一", True), ("—３—", True),
    ("一、总体要求", False), ("2025年", False), ("第三章", False), ("三、", False), ("", False),
    ("增长3%", False),
])
def test_page_number_lines(line, expected):
    assert is_page_number(line) is expected


@pytest.mark.parametrize("text, expected", [
    ("政 府 工 作 报 告", "政府工作报告"),
    ("政\u3000府\u3000工\u3000作", "政府工作"),
    ("山东省省长 周乃翔", "山东省省长 周乃翔"),  # a space between two words stays
    ("各 位 代 表：现在", "各位代表：现在"),
    ("GDP 增长 5%", "GDP 增长 5%"),
    ("2025 年", "2025 年"),
])
def test_spaced_out_han_is_joined(text, expected):
    assert join_spaced_han(text) == expected


def _lines(*rows):
    """Lines on one page from (text, left, right) rows, 15 points high, 27 apart."""
    return [Line(text, 1, left, right, 700 - 27 * i, 715 - 27 * i) for i, (text, left, right) in enumerate(rows)]


FULL, INDENT = (86, 516), 116


@pytest.mark.parametrize("rows, expected", [
    # a full line continues; a line that stops short ends the paragraph
    ([("第一段开头写到这里还没有", INDENT, 516), ("写完，到这里结束。", 86, 250), ("第二段。", INDENT, 200)],
     ["第一段开头写到这里还没有写完，到这里结束。", "第二段。"]),
    # an indented line starts a paragraph even after a full line ending in a sentence
    ([("上一段最后一句正好写满整行。", INDENT, 516), ("下一段从缩进开始，写到这里。", INDENT, 516),
      ("接着写完。", 86, 200)],
     ["上一段最后一句正好写满整行。", "下一段从缩进开始，写到这里。接着写完。"]),
    # a full line ending in a sentence mark continues when paragraphs are indented
    ([("这一段很长，句子在行尾结束。", INDENT, 516), ("下一句接着写，这一行也写满了", 86, 516),
      ("最后一行。", 86, 200), ("另起一段也要缩进才行，这里缩进了。", INDENT, 400)],
     ["这一段很长，句子在行尾结束。下一句接着写，这一行也写满了最后一行。", "另起一段也要缩进才行，这里缩进了。"]),
    # a centred title in body size runs over to a shorter centred line
    ([("第十四届全国人民代表大会第一次会议关于政", 92, 510), ("府工作报告的决议", 217, 385),
      ("（2023年3月13日第十四届全国人民代表大会第一次会议通", INDENT, 516), ("过）", 86, 116),
      ("会议听取和审议了报告。", INDENT, 300)],
     ["第十四届全国人民代表大会第一次会议关于政府工作报告的决议", "（2023年3月13日第十四届全国人民代表大会第一次会议通过）"]),
])
def test_lines_are_rejoined_into_paragraphs(rows, expected):
    lines = _lines(*rows) + _lines(*[("填充的正文行，用来确定左右边距和行高。", 86, 516)] * 6)
    texts, pages = paragraphs([lines])
    assert texts[:len(expected)] == expected
    assert pages[:len(expected)] == [1] * len(expected)


def test_without_indents_a_sentence_end_or_a_numbered_heading_ends_a_paragraph():
    rows = [("没有缩进的排版，这一句在行尾结束。", 86, 516), ("一、第二部分的标题", 86, 230),
            ("正文第一行没有写完，", 86, 516), ("第二行写完了。", 86, 516), ("新的一段。", 86, 516)]
    texts, _ = paragraphs([_lines(*rows)])
    assert texts == ["没有缩进的排版，这一句在行尾结束。", "一、第二部分的标题", "正文第一行没有写完，第二行写完了。",
                     "新的一段。"]


def test_running_headers_and_page_numbers_are_dropped_but_body_lines_are_not():
    pages = []
    for n in range(1, 5):
        body = [("青溪县人民政府文件", 86, 200)] + [("正文，第%d页的内容写满了一整行。" % n, 86, 516)] * 3
        lines = _lines(*body, (f"— {n} —", 280, 315))
        for line in lines:
            line.page = n
        pages.append(lines)
    texts, starts = paragraphs(pages)
    joined = "".join(texts)
    assert "青溪县人民政府文件" not in joined and "—" not in joined
    assert "正文，第4页的内容" in joined


# --- reading real (generated) PDFs ---------------------------------------------------------

@needs_font
def test_a_typeset_pdf_reads_as_its_paragraphs_with_pages_and_metadata(tmp_path):
    [doc] = read_entry(report_pdf(tmp_path), NAME)
    assert isinstance(doc, Document)
    assert doc.paragraphs == [TITLE] + PARAGRAPHS * 3  # no header, no page numbers, no broken lines
    assert len(doc.pages) == len(doc.paragraphs)
    assert doc.pages[0] == 1 and doc.pages[-1] >= 3 and doc.pages == sorted(doc.pages)
    assert doc.title == TITLE
    assert doc.date == "2025-01-10"
    assert doc.place.startswith("青溪县") or doc.place == ""  # invented county: no gazetteer entry
    assert doc.ocr_pages == []


@pytest.mark.parametrize("content, reason", [
    (b"%PDF-1.4\nnot really a PDF", "PDF"),
    (b"", "PDF"),
])
def test_a_broken_pdf_is_named_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    [entry] = read_entry(path, "broken.pdf")
    assert isinstance(entry, Skipped) and reason in entry.reason


@needs_font
def test_a_scan_without_the_ocr_extra_is_named_with_the_hint(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = make_scan(tmp_path / "scan.pdf", make_pdf(tmp_path / "typeset.pdf", layout(PARAGRAPHS[:4])))
    [entry] = read_entry(scan, "scan.pdf")
    assert isinstance(entry, Skipped) and entry.path == "scan.pdf"
    assert "扫描件" in entry.reason and "dangan[ocr]" in entry.reason


@needs_font
def test_a_pdf_with_one_scanned_page_keeps_its_text_and_names_the_page(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    import pypdfium2 as pdfium

    typeset = pdfium.PdfDocument(str(report_pdf(tmp_path)))
    scan = pdfium.PdfDocument(str(make_scan(tmp_path / "scan.pdf", tmp_path / NAME)))
    typeset.import_pages(scan, [1])  # a fourth page that is a picture
    typeset.save(str(tmp_path / "mixed.pdf"))
    doc, skipped = read_entry(tmp_path / "mixed.pdf", "mixed.pdf")
    assert isinstance(doc, Document) and doc.paragraphs[1:len(PARAGRAPHS) + 1] == PARAGRAPHS
    assert skipped.path == f"mixed.pdf#page={len(typeset)}"


@needs_font
def test_pages_are_stored_shown_and_cited(tmp_path):
    archive, index = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    report_pdf(archive)
    report = indexer.build_index(archive, index, procs=1)
    assert report.skipped == []
    view = indexer.get_document(index, indexer.make_doc_id(NAME))
    assert len(view.pages) == len(view.paragraphs) and view.pages[-1] >= 3
    assert view.to_api()["pages"] == view.pages
    assert "ocr" not in view.to_api()

    from web import create_app
    client = create_app({"TESTING": True, "INDEX_DIR": str(index), "ARCHIVE_DIR": str(archive)}).test_client()
    last = len(view.paragraphs) - 1
    page = client.get(f"/documents/{view.doc_id}?p={last}").get_data(as_text=True)
    assert "第 2 页" in page and f"第 {view.pages[-1]} 页，第 {last + 1} 段" in page
    assert "机器识别" not in page
    hit = indexer.search(index, '"送桥镇污水处理厂"').hits[0]
    assert hit.page is not None and hit.to_api()["page"] == hit.page and "ocr" not in hit.to_api()
    results = client.get("/?q=送桥镇污水处理厂&group=paragraph").get_data(as_text=True)
    assert f"<span>第 {hit.page} 页</span>" in results, re.findall(r"hit-meta.{0,300}", results)[:2]


@needs_font
def test_an_unchanged_pdf_is_not_read_again(tmp_path, monkeypatch):
    archive, index = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    report_pdf(archive)
    (archive / "note.txt").write_text("青溪镇新建公厕十二座。", encoding="utf-8")
    indexer.build_index(archive, index, procs=1)
    seen = []
    original = indexer.reading.read_entry
    monkeypatch.setattr(indexer.reading, "read_entry", lambda p, r: seen.append(r) or original(p, r))
    (archive / "note.txt").write_text("青溪镇新建公厕十三座。", encoding="utf-8")
    report = indexer.build_index(archive, index, procs=1)
    assert seen == ["note.txt"] and report.mode == "incremental"


# --- OCR (the optional extra) --------------------------------------------------------------

@pytest.fixture
def ocr_extra():
    """The OCR extra; missing, the tests fail and say how to install it (never a silent skip)."""
    if not ocr.available():
        pytest.fail("the ocr extra is not installed: pip install -e '.[test,ocr]' (as .ci/run does)",
                    pytrace=False)


needs_ocr = pytest.mark.usefixtures("ocr_extra")


@pytest.fixture(scope="module")
def scanned_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan")
    archive, index = folder / "archive", folder / "index"
    archive.mkdir()
    typeset = make_pdf(folder / "typeset.pdf", layout(PARAGRAPHS[:6], title=TITLE))
    make_scan(archive / "2025_青溪县_政府工作报告_扫描件.pdf", typeset)
    report = indexer.build_index(archive, index, procs=1)
    return archive, index, report


def _squash(text):
    return re.sub(r"\s+", "", text)


@needs_font
@needs_ocr
def test_a_scan_is_read_by_ocr_and_marked(scanned_index):
    archive, index, report = scanned_index
    assert report.skipped == []
    view = indexer.get_document(index, indexer.make_doc_id("2025_青溪县_政府工作报告_扫描件.pdf"))
    text = _squash("".join(view.paragraphs))
    assert "青溪镇新建公厕十二座" in text and "送桥镇污水处理厂投入运行" in text
    assert all(view.ocr) and view.to_api()["ocr"] == view.ocr
    assert "各位代表：" in view.paragraphs  # a paragraph of its own, as typeset
    [hit] = indexer.search(index, '"青溪镇新建公厕"').hits
    assert hit.ocr and hit.to_api()["ocr"] is True and hit.page == 1

    from web import create_app
    client = create_app({"TESTING": True, "INDEX_DIR": str(index), "ARCHIVE_DIR": str(archive)}).test_client()
    page = client.get(f"/documents/{view.doc_id}?p=2").get_data(as_text=True)
    assert "机器识别（OCR）" in page
