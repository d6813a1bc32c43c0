"""Cleaning: golden files, site chrome learned from the archive, banners, broken paragraphs.

Golden files are `fixtures/cleaning/<name>_raw.*` -> `<name>_clean.txt` (one paragraph a line).
Regenerate a clean file by hand only, after reading the diff.
"""
from pathlib import Path

import pytest

from indexer.cleaning import (
    clean_documents, clean_paragraphs, continues, drop_head_menus, drop_trailing_banner, is_sentence, pick_title,
    site_chrome, site_key,
)
from indexer.documents import Document
from indexer.reading import load_archive, read_file

GOLDEN = Path(__file__).parent / "fixtures" / "cleaning"
RAW_FILES = sorted(GOLDEN.glob("*_raw.*"))


def test_there_are_golden_files():
    assert len(RAW_FILES) >= 4


@pytest.mark.parametrize("raw", RAW_FILES, ids=lambda p: p.name)
def test_golden(raw):
    expected = (GOLDEN / (raw.name.rsplit("_raw", 1)[0] + "_clean.txt")).read_text(encoding="utf-8")
    [doc] = clean_documents(read_file(raw, raw.name))
    assert doc.paragraphs == expected.splitlines()


def test_golden_scraped_report_keeps_headings_apart():
    [doc] = clean_documents(read_file(GOLDEN / "scraped_report_raw.txt", "scraped_report_raw.txt"))
    heading = doc.paragraphs.index("坚持项目为王,稳住经济基本盘,发展动能持续增强")
    assert doc.paragraphs[heading + 1].startswith("工业经济稳中有升。")
    assert not any("http" in p or "0000-6612345" in p for p in doc.paragraphs)


@pytest.mark.parametrize("line, sentence", [
    ("经济运行稳中向好。", True),
    ("各位代表！", True),
    ("他说：“要坚持下去。”", True),
    ("（1）全国中小学陆续迎来春季新学期；", True),
    ("生态饭”.......", True),
    ("各位代表：", False),
    ("坚持精准施策,化压力为动力,经济发展破冰前行", False),
    ("热烈祝贺高邮市十六届人大二次会议 胜利召开", False),
    ("累计完成专利授权1133", False),
])
def test_is_sentence(line, sentence):
    assert is_sentence(line) is sentence


LONG = "围绕企业发展、招商引资和科技创新全面分析难点堵点，采取一系列措施"  # > 30 chars, clause inside


@pytest.mark.parametrize("prev, nxt, joined", [
    ("科技创新成果显著。累计完成专利授权1133", "件，发明专利申请130件。", True),
    ("城乡面貌持续改善。完成非开挖修复23", "个点位，群众出行更方便。", True),
    ("坚持精准施策,化压力为动力,经济发展破冰前行", "经济运行稳中向好。全年完成产值161亿元。", False),
    ("一、2022年工作回顾", "过去一年，我们坚持稳中求进。", False),
    ("县政府认真贯彻《", "中华人民共和国行政许可法", True),
    ("中华人民共和国行政许可法", "》，清理审批事项。", True),
    ("第一，", "稳定粮食生产。", True),
    ("坚持就业优先，全年城镇新增就业5200人，", "农村劳动力转移就业8600人。", True),
    ("细颗粒物（PM", "2.5）浓度下降。", True),
    (LONG + "，对群众反映强烈、期", "待解决的问题抓紧解决。", True),
    (LONG + "，推动两县友好关系不断迈上新台阶", "县长王明主持　副县长李华出席", False),
    ("各位代表：", "现在，我代表县人民政府向大会报告工作。", False),
    ("经济运行稳中向好。", "，这不会是新的段落。", False),
    ("2026-01-31 07:00:44", "来源：青海日报", False),
    ("建筑业产值104.7亿元，服务业增加值48", "一、2023年工作安排", False),
    ("国内生产总值达到74.4", "万亿元，增长6.7%。", True),
    ("互联网用户3.4亿、光缆线路550", "多万公里。", True),
    ("时间：2026-02-03", "天津市市长 张某", False),
    ("全市建成公共充电桩1200", "天津市民出行更方便。", False),
    ("东盟外长会承诺全面有效实施RCEP", "17日，东盟国家外长举行会议。", False),
    ("今年广义货币M", "2增长8%左右。", True),
])
def test_continues(prev, nxt, joined):
    assert continues(prev, nxt) is joined


@pytest.mark.parametrize("lines, kept", [
    (["正文一。", "正文二。", "热烈祝贺某会议 胜利召开"], 2),
    (["正文。", "相关报道："], 1),
    (["正文。", "扫一扫在手机打开当前页", "【", "打印本页", "】"], 1),
    (["现予公告。", "中华人民共和国主席　习近平", "2023年3月12日"], 3),
    (["特此公告。", "某某同志治丧委员会", "2022年12月1日于北京"], 3),
    (["名单如下：", "一、委员", "张三　李四", "二、候补委员", "王五"], 5),
    (["十大新闻包括：", "1. 第一条新闻", "2. 第二条新闻"], 3),
    (["主办单位：交通厅", "实施交通惠民工程。", "主办单位：各市人民政府"], 3),
    (["只有标题", "没有句子"], 2),
    ([], 0),
])
def test_drop_trailing_banner(lines, kept):
    assert drop_trailing_banner(lines) == lines[:kept]


def test_repeated_contact_lines_go_but_repeated_content_stays():
    lines = [
        "投稿: http://tg.example.cn 热线: 84683100",
        "一、工作回顾",
        "各位代表！",
        "正文第一段。",
        "投稿: http://tg.example.cn 热线: 84683100",
        "小结",
        "各位代表！",
        "小结",
        "正文第二段。",
    ]
    assert clean_paragraphs(lines) == [
        "一、工作回顾", "各位代表！", "正文第一段。", "小结", "各位代表！", "小结", "正文第二段。"]


@pytest.mark.parametrize("lines, cleaned", [
    (["  正文。\u200b ", "", "\u3000", "\ufeff第二段。"], ["正文。", "第二段。"]),
    (["全角１２３不变。"], ["全角１２３不变。"]),
])
def test_lines_are_stripped_but_characters_kept(lines, cleaned):
    assert clean_paragraphs(lines) == cleaned


@pytest.mark.parametrize("lines, kept", [
    (["当前位置：", "首页", ">", "政务信息", ">", "要闻", "2026年某省政府工作报告", "各位代表：", "正文。"],
     ["2026年某省政府工作报告", "各位代表：", "正文。"]),
    (["某某报告", "来源：某某日报", "【字体：", "大", "中", "小", "】", "正文。"],
     ["某某报告", "来源：某某日报", "正文。"]),
    (["下载", "打印", "全屏", "收藏", "加大", "某市政府工作报告", "正文。"], ["某市政府工作报告", "正文。"]),
    # short lines that are not a menu stay: fewer than five, no bare separator
    (["政府工作报告", "省长 某某", "毛伟明", "各位代表：", "正文。"],
     ["政府工作报告", "省长 某某", "毛伟明", "各位代表：", "正文。"]),
    # only the head is looked at: after the first sentence, short lines are content
    (["正文。", "一", ">", "二", "三", "四", "五"], ["正文。", "一", ">", "二", "三", "四", "五"]),
])
def test_head_menus_are_dropped(lines, kept):
    assert drop_head_menus(lines) == kept


def site_docs(n: int, host: str = "https://www.example.gov.cn/a/{}.html") -> list[Document]:
    """n documents of one site: a menu on top, a shared heading and sign-off, their own text."""
    docs = []
    for i in range(n):
        docs.append(Document(path=f"site/{i}.txt", url=host.format(i), paragraphs=[
            "首页", "打印", "关闭窗口", f"第{i}号文件标题", "各位代表：", f"第{i}篇正文。",
            "一、工作回顾", "结束语", f"第{i}篇结尾。", "返回顶部"]))
    return docs


def test_site_chrome_is_learned_from_the_archive():
    docs = site_docs(6)
    chrome = site_chrome(docs)[site_key(docs[0])]
    assert {"首页", "打印", "关闭窗口", "返回顶部"} <= chrome
    assert "一、工作回顾" not in chrome  # numbered headings are never chrome
    cleaned = clean_documents(docs)
    assert cleaned[0].paragraphs == ["第0号文件标题", "各位代表：", "第0篇正文。", "一、工作回顾", "结束语",
                                     "第0篇结尾。"]
    assert cleaned[0].title == "第0号文件标题"


def test_site_chrome_needs_enough_documents():
    docs = site_docs(2)
    assert site_chrome(docs) == {}
    assert clean_documents(docs)[0].paragraphs[0] == "首页"


def test_site_chrome_is_per_site():
    docs = site_docs(4) + [Document(path="other/1.txt", paragraphs=["首页", "另一个网站的正文。"])]
    cleaned = {d.path: d for d in clean_documents(docs)}
    assert cleaned["other/1.txt"].paragraphs == ["首页", "另一个网站的正文。"]


@pytest.mark.parametrize("doc, key", [
    (Document(path="a/b.txt", url="https://news.example.cn/x"), "host:news.example.cn"),
    (Document(path="a/b.txt", url="news.example.cn/x"), "host:news.example.cn"),
    (Document(path="a/b.txt"), "dir:a"),
    (Document(path="a/items.jsonl#L3"), "dir:a"),
    (Document(path="top.txt"), "dir:."),
])
def test_site_key(doc, key):
    assert site_key(doc) == key


@pytest.mark.parametrize("paragraphs, path, title", [
    (["荷花镇召开养老工作会议", "正文。"], "x/1.txt", "荷花镇召开养老工作会议"),
    (["这是第一句正文。"], "x/20230110_荷花镇工作总结.txt", "荷花镇工作总结"),
    (["2026-01-31 07:00:44", "正文。"], "x/2024_说明.txt", "说明"),
    (["各位代表：", "正文。"], "x/items.jsonl#L2", "items"),
    (["很" * 41], "x/长.txt", "长"),
])
def test_pick_title(paragraphs, path, title):
    assert pick_title(paragraphs, path) == title


def test_documents_left_empty_are_dropped_and_front_matter_title_kept():
    docs = [Document(path="a.txt", title="有标题", paragraphs=["", "正文。"]),
            Document(path="b.txt", paragraphs=["", "  ", "\u200b"])]
    cleaned = clean_documents(docs)
    assert [(d.path, d.title) for d in cleaned] == [("a.txt", "有标题")]
    assert docs[0].paragraphs == ["", "正文。"]  # the input is not changed


def test_cleaning_is_deterministic(tmp_path):
    archive = Path(__file__).resolve().parent.parent / "archive"
    first, _ = load_archive(archive)
    second, _ = load_archive(archive)
    assert [(d.path, d.paragraphs) for d in first] == [(d.path, d.paragraphs) for d in second]


@pytest.mark.parametrize("path, title, paragraphs, expected", [
    # a web page's <h1> that is its title is not a paragraph of its own
    ("web/a.html", "青溪镇打造养老服务圈", ["青溪镇打造养老服务圈", "正文第一段。"], ["正文第一段。"]),
    ("web/a.shtml", "青溪镇 打造养老服务圈", ["青溪镇打造养老服务圈", "正文。"], ["正文。"]),
    # a headline that differs from the title, a text file's heading, a page of only its headline: kept
    ("web/a.html", "青溪镇打造养老服务圈", ["另一个标题", "正文。"], ["另一个标题", "正文。"]),
    ("reports/a.txt", "2021年工作报告", ["2021年工作报告", "正文。"], ["2021年工作报告", "正文。"]),
    ("web/a.html", "只有标题", ["只有标题"], ["只有标题"]),
])
def test_a_pages_headline_is_not_a_paragraph(path, title, paragraphs, expected):
    from indexer.cleaning import drop_headline
    from indexer.documents import Document
    assert drop_headline(paragraphs, Document(path, title=title, paragraphs=paragraphs)) == expected
