"""Metadata from the document itself: golden files of raw input, and table tests of each finder."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import indexer
from indexer import metadata
from indexer.documents import Document
from indexer.reading import read_file
from web import create_app

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"
FIELDS = ("title", "date", "place", "source", "url")
GOLDEN = sorted(p.name[:-len(".json")] for p in FIXTURES.glob("*.json"))


def _write_docx(lines_file: Path, target: Path) -> Path:
    """A Word file whose paragraphs are the fixture's lines (Word files are binary: the fixture
    keeps their text, the test writes the file)."""
    import docx

    word = docx.Document()
    for line in lines_file.read_text(encoding="utf-8").splitlines():
        word.add_paragraph(line)
    word.save(target)
    return target


def _raw_file(name: str, folder: Path) -> Path:
    if name.endswith(".docx"):
        return _write_docx(FIXTURES / (name + ".txt"), folder / name)
    return FIXTURES / name


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_metadata(name, tmp_path):
    want = json.loads((FIXTURES / (name + ".json")).read_text(encoding="utf-8"))
    [doc] = read_file(_raw_file(name, tmp_path), name)
    got = {field: getattr(doc, field) for field in FIELDS}
    assert got == {field: want[field] for field in FIELDS}
    assert doc.origin == want["origin"]


def test_golden_files_cover_every_kind_of_raw_input():
    suffixes = {Path(name).suffix for name in GOLDEN}
    assert {".shtml", ".docx", ".txt"} <= suffixes
    assert len([n for n in GOLDEN if n.endswith(".shtml")]) >= 2  # both CCTV page templates


def test_front_matter_always_wins(tmp_path):
    text = ("---\ntitle: 给定的标题\ndate: 2020-02-02\nplace: 云川市\nsource: 某某日报\n---\n"
            "2025年江苏省政府工作报告\n来源：江苏新闻\n——2025年1月19日在江苏省第十四届人民代表大会上\n")
    path = tmp_path / "2025_x.txt"
    path.write_text(text, encoding="utf-8")
    [doc] = read_file(path, "2025_x.txt")
    assert (doc.title, doc.date, doc.place, doc.source) == ("给定的标题", "2020-02-02", "云川市", "某某日报")
    assert doc.origin == dict.fromkeys(("title", "date", "place", "source"), "front matter")


def test_jsonl_fields_count_as_front_matter(tmp_path):
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"title": "甲", "place": "云川市", "text": "高邮市送桥镇召开会议。"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    [doc] = read_file(path, "items.jsonl")
    assert doc.origin["title"] == doc.origin["place"] == "front matter"
    assert doc.place == "云川市"


# --- the place finder -------------------------------------------------------------------------

@pytest.mark.parametrize("heads, body, national, want", [
    # the hierarchy, from any level named
    ([("扬州市高邮市送桥镇召开会议", 3)], "", False, "江苏省扬州市高邮市送桥镇"),
    ([("高邮市送桥镇", 3)], "", False, "江苏省扬州市高邮市送桥镇"),
    ([("2025年江苏省政府工作报告", 3)], "", False, "江苏省"),
    ([("2025年宁夏政府工作报告", 3)], "", False, "宁夏回族自治区"),  # a province's short name
    ([("习近平在江苏扬州考察", 3)], "", True, "江苏省扬州市"),  # a city's short name in a title
    ([("2025年北京市政府工作报告", 3)], "", False, "北京市"),  # province and city of one name
    ([("天津市和平区召开会议", 3)], "", False, "天津市和平区"),
    ([("香港特别行政区立法会选举", 3)], "", False, "香港特别行政区"),  # its city level is 香港
    ([("东莞市虎门镇", 3)], "", False, "广东省东莞市虎门镇"),  # no 市直辖行政区划 in between
    # a national document is 全国 unless its title names a place
    ([("国内联播快讯", 3)], "江苏省南京市召开会议。南京市代表发言。", True, "全国"),
    # nothing named: empty, not a guess
    ([("国际联播快讯", 3)], "", False, ""),
    ([("云川市柳湾乡", 3)], "", False, ""),  # a made-up city; a town name alone is no proof
    ([("城关镇召开会议", 3)], "", False, ""),  # 99 towns of that name
    ([("推进新疆长治久安", 3)], "", False, "新疆维吾尔自治区"),  # 长治 is inside 长治久安
    ([("各界人士纪念孙中山", 3)], "", True, "全国"),  # 中山 is inside 孙中山
    ([("画好最大同心圆", 3)], "", False, ""),  # 大同 is inside 最大 同心圆
    ([("新疆、山西两地联合召开会议", 3)], "", False, ""),  # two provinces: no clear place
    # the body places a document only when it clearly points to one place
    ([("2022年工作总结", 3)], "射阳湖镇召开大会。宝应县领导出席。射阳湖镇荷藕产业园揭牌。", False,
     "江苏省扬州市宝应县射阳湖镇"),
    ([("2022年工作总结", 3)], "和县和城区的干部参加了会议。", False, ""),  # 2-character names
    ([("2022年工作总结", 3)], "江苏省召开会议。", False, ""),  # one mention is too little
    ([("2022年工作总结", 3)], "江苏省召开会议，浙江省、安徽省、江苏省、浙江省代表参加。", False, ""),
])
def test_find_place(heads, body, national, want):
    from indexer.places import find_place

    assert find_place(heads, body, national=national) == want


@pytest.mark.parametrize("place, value, matches", [
    ("江苏省扬州市高邮市送桥镇", "送桥镇", True),
    ("江苏省扬州市高邮市送桥镇", "高邮市", True),
    ("江苏省扬州市高邮市送桥镇", "高邮", True),
    ("江苏省扬州市高邮市送桥镇", "江苏省", True),
    ("江苏省扬州市高邮市送桥镇", "江苏", True),
    ("江苏省扬州市高邮市送桥镇", "州", False),  # inside a name, not at a level
    ("江苏省扬州市高邮市送桥镇", "桥镇", False),
    ("云川市柳湾乡", "柳湾乡", True),
    ("广西壮族自治区南宁市", "南宁市", True),
    ("全国（国务院）", "全国", True),
    ("送桥镇", "平桥区", False),
])
def test_place_matches_any_level(place, value, matches):
    from indexer.places import place_matches

    assert place_matches(place, value) is matches


# --- the date, source, title and address finders ----------------------------------------------

@pytest.mark.parametrize("lines, want", [
    (["2025年上海市政府工作报告", "----2025年1月15日某某市长在上海市第十六届人民代表大会上的报告"], "2025-01-15"),
    (["标题", "——2025年1月18日在云南省第十四届人民代表大会第三次会议上"], "2025-01-18"),
    (["2025年1月14日在北京市第十六届人民代表大会第三次会议上北京市市长某某作政府工作报告。"], "2025-01-14"),
    (["发布时间：2023-05-11 09:30", "正文"], "2023-05-11"),
    (["来源：某某网    更新时间：2024年03月01日 19:33"], "2024-03-01"),
    (["日期: 2022/3/5"], "2022-03-05"),
    (["2022年是充满挑战的一年，全镇经济平稳发展。"], ""),  # a year in a sentence is no date
    (["会议于2023年5月11日召开"], ""),  # a date inside a sentence, not a header
    (["2020年1月3日，某地发生地震。", "更新时间：2022年01月02日 19:35"], "2022-01-02"),  # a sentence
    (["会议时间：2019年5月1日", "正文"], ""),  # a time in the text, not the document's date
    (["——2025年13月40日在"], ""),  # not a real date
])
def test_stated_date(lines, want):
    assert metadata.stated_date(lines) == want


@pytest.mark.parametrize("lines, want", [
    (["来源：江苏新闻"], "江苏新闻"),
    (["来源 : 南方日报"], "南方日报"),
    (["来源：央视网2022年01月01日 19:32"], "央视网"),
    (["来源：央视网    更新时间：2024年03月01日 19:33"], "央视网"),
    (["来源：CCTV"], "央视网"),
    (["来源：央视网(cctv.com)"], "央视网"),
    (["信息来源：www.news.cn"], "新华网"),
    (["正文没有来源行"], ""),
])
def test_stated_source(lines, want):
    assert metadata.stated_source(lines) == want


@pytest.mark.parametrize("name, want", [
    ("央视网", "央视网"), ("央视新闻", "央视网"), ("ＣＣＴＶ", "央视网"), ("tv.cctv.com", "央视网"),
    ("www.example.cn", "example.cn"), ("平桥新闻网", "平桥新闻网"), ("新华社", "新华社"),
])
def test_normalize_source_spells_one_publisher_one_way(name, want):
    assert metadata.normalize_source(name) == want


@pytest.mark.parametrize("title, want", [
    ("[视频]冬季田间管护_CCTV节目官网-CCTV-1_央视网(cctv.com)", "冬季田间管护"),
    ("养老服务中心开业 - 平桥新闻网", "养老服务中心开业"),
    ("养老服务中心开业", "养老服务中心开业"),
    ("甲_乙", "甲_乙"),  # no site name after the separator
])
def test_strip_site_suffix(title, want):
    assert metadata.strip_site_suffix(title) == want


@pytest.mark.parametrize("lines, want", [
    (["2025年江苏省政府工作报告", "来源：江苏新闻", "各位代表："], "2025年江苏省政府工作报告"),
    (["在线投稿: http://x.example.cn 热线: 0000-1234567", "详情请浏览“某某”网站 http://www.example.cn",
      "2022年，全镇经济平稳发展。", "坚持创新驱动"], ""),  # banners, then a sentence: no heading
    (["来源：某某日报", "青溪镇召开民生实事推进会"], "青溪镇召开民生实事推进会"),
    (["2024-05-18", "公厕改造完成"], "公厕改造完成"),
])
def test_heading_line(lines, want):
    assert metadata.heading_line(lines) == want


@pytest.mark.parametrize("stem, want", [
    ("000_a1b2c3d4e5f60718", ""), ("20240310_20240310", ""), ("20240310", ""),
    ("20230110_青溪镇2022年工作总结", "青溪镇2022年工作总结"), ("2025_江苏省_政府工作报告", "江苏省_政府工作报告"),
])
def test_file_title_is_never_an_id_or_a_date(stem, want):
    assert metadata.file_title(stem) == want


def test_opening_cuts_the_first_paragraph_at_a_clause():
    paragraphs = ["在线投稿: http://x.example.cn", "2023年是攻坚克难的一年,全镇坚持稳中求进工作总基调,经济社会发展取得新成效。"]
    assert metadata.opening(paragraphs) == "2023年是攻坚克难的一年,全镇坚持稳中求进工作总基调…"
    assert metadata.opening(["青溪镇召开推进会。后文"]) == "青溪镇召开推进会"
    long = "全镇上下坚持以高质量发展为主线统筹推进经济社会各项事业取得新进展新成效"
    assert metadata.opening([long + "。"]) == long[:metadata.TITLE_CLIP] + "…"


@pytest.mark.parametrize("markup, file_name, want", [
    ('var commentUrl = "https://tv.example.cn/2022/01/05/VIDEabcdefgh220105.shtml";',
     "20220105_VIDEabcdefgh220105.shtml", "https://tv.example.cn/2022/01/05/VIDEabcdefgh220105.shtml"),
    ("<a href='//tv.example.cn/a/VIDEabcdefgh220105.shtml'>", "20220105_VIDEabcdefgh220105.shtml",
     "https://tv.example.cn/a/VIDEabcdefgh220105.shtml"),
    ('<a href="https://tv.example.cn/2022/01/05/VIDEother00220105.shtml">', "20220105_VIDEabcdefgh220105.shtml", ""),
    ('<a href="https://tv.example.cn/index.shtml">', "index.shtml", ""),  # too short to be an id
])
def test_own_address(markup, file_name, want):
    assert metadata.own_address(markup, file_name) == want


def test_address_line():
    assert metadata.address_line(["本文链接：https://www.example.cn/a/1.html。"]) == "https://www.example.cn/a/1.html"


def test_complete_names_origin_of_values_the_page_set():
    doc = Document(path="web/a.html", title="标题 - 某某新闻网", source="CCTV", paragraphs=["正文。"])
    metadata.complete(doc, html=True, lines=["发布时间：2023-05-11"])
    assert (doc.title, doc.source, doc.date) == ("标题", "央视网", "2023-05-11")
    assert doc.origin == {"title": "page", "source": "page", "date": "page", "place": "inferred"}
    assert doc.place == "全国"  # a national publisher, no place in the title


# --- through the index, the API and the document page -----------------------------------------

@pytest.fixture(scope="module")
def raw_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("raw")
    archive = root / "archive"
    archive.mkdir()
    for name in GOLDEN:
        if name.endswith(".docx"):
            _write_docx(FIXTURES / (name + ".txt"), archive / name)
        else:
            shutil.copy(FIXTURES / name, archive / name)
    (archive / "liuwan.txt").write_text("---\ntitle: 柳湾乡简讯\nplace: 云川市柳湾乡\n---\n柳湾乡召开会议。\n",
                                        encoding="utf-8")
    index_dir = root / "index"
    indexer.build_index(archive, index_dir)
    return index_dir


@pytest.fixture(scope="module")
def raw_client(raw_index):
    return create_app({"TESTING": True, "INDEX_DIR": str(raw_index),
                       "ARCHIVE_DIR": str(raw_index.parent / "archive")}).test_client()


@pytest.mark.parametrize("place, paths", [
    ("射阳湖镇", {"000_3c9e0d1b2a4f5e67.txt"}),
    ("宝应县", {"000_3c9e0d1b2a4f5e67.txt"}),
    ("扬州市", {"000_3c9e0d1b2a4f5e67.txt", "20240312_VIDEk3Pw8ZtQ1nVb6HcY2mRa240312.shtml"}),
    ("江苏省", {"000_3c9e0d1b2a4f5e67.txt", "20240312_VIDEk3Pw8ZtQ1nVb6HcY2mRa240312.shtml"}),
    ("宁夏回族自治区", {"2025年宁夏政府工作报告.docx"}),
    ("全国", {"20220105_VIDEq7Lm2XbT9kWc4RnZ8sPy220105.shtml"}),
    ("柳湾乡", {"liuwan.txt"}),  # a town typed alone finds 云川市柳湾乡
    ("州", set()),
])
def test_place_filter_matches_any_level(raw_index, place, paths):
    found = {d.path for d in indexer.documents(raw_index, {"place": place})}
    assert found == paths
    hits = indexer.search(raw_index, f"place:{place} 的", per_page=100).hits
    assert {h.path for h in hits} <= paths


def test_api_document_shows_where_values_came_from(raw_client, raw_index):
    [summary] = [d for d in indexer.documents(raw_index) if d.path.endswith(".docx")]
    body = raw_client.get(f"/api/documents/{summary.doc_id}").get_json()
    assert body["place"] == "宁夏回族自治区"
    assert body["origin"] == {"title": "page", "date": "page", "place": "inferred", "source": "page"}


def test_document_page_shows_origin_unobtrusively(raw_client, raw_index):
    [summary] = [d for d in indexer.documents(raw_index) if d.path.startswith("000_")]
    html = raw_client.get(f"/documents/{summary.doc_id}").get_data(as_text=True)
    assert '<small class="origin" title="由文件名或正文推断">推断</small>' in html  # place
    assert '<small class="origin" title="取自文档本身">原文</small>' in html  # source
    [front] = [d for d in indexer.documents(raw_index) if d.path == "liuwan.txt"]
    html = raw_client.get(f"/documents/{front.doc_id}").get_data(as_text=True)
    assert "元数据</small>" in html


@pytest.mark.parametrize("head, source, url, origin", [
    ('<meta name="publisher" content="新华网">', "新华网", "", "page"),
    ('<meta property="og:site_name" content="央视新闻">', "央视网", "", "page"),
    ('<link rel="canonical" href="https://www.example-city.cn/news/2023/0511.html">',
     "example-city.cn", "https://www.example-city.cn/news/2023/0511.html", "inferred"),
    ('<meta property="og:url" content="https://tv.cctv.com/2023/05/11/VIDEabcdefgh230511.shtml">',
     "央视网", "https://tv.cctv.com/2023/05/11/VIDEabcdefgh230511.shtml", "inferred"),
])
def test_page_source_and_url(tmp_path, head, source, url, origin):
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>公厕改造完成</title>{head}</head><body><p>青溪镇完成公厕改造，"
                    "群众如厕更方便了。</p></body></html>", encoding="utf-8")
    [doc] = read_file(path, "page.html")
    assert (doc.source, doc.url) == (source, url)
    assert doc.origin["source"] == origin


# --- the gazetteer itself, on a small made-up one in jionlp's format ------------------------------

TINY = [
    "云川省\t990000\t云川",
    "\t云川市\t990100\t云川",
    "\t\t青溪县\t990101\t青溪",
    "\t\t\t柳湾乡",
    "\t\t\t\t柳湾村",  # villages are left out
    "\t\t\t青溪农场",  # town-level entries that are no town are left out
    "\t\t和县\t990102\t和县",  # two-character county names are left out
    "\t白石市\t990200\t白石",
    "\t\t\t无县之乡",  # a town without its county line: malformed, left out
    "\t\t南山区\t990201\t南山",
    "\t\t\t柳湾乡",
]


def test_gazetteer_reads_the_hierarchy_down_to_towns():
    from indexer.places import Gazetteer, choose

    g = Gazetteer(TINY)
    assert set(g.full) == {"云川省", "云川市", "青溪县", "柳湾乡", "白石市", "南山区"}
    assert [p.full_name() for p in g.full["柳湾乡"]] == ["云川省云川市青溪县柳湾乡", "云川省白石市南山区柳湾乡"]
    assert [p.name for p in g.alias["云川"]] == ["云川省", "云川市"]
    named = [(places, 1.0) for places in g.mentions("青溪县柳湾乡召开会议", aliases=True)]
    assert choose(named).full_name() == "云川省云川市青溪县柳湾乡"
    # two towns of one name and nothing else: the province they share, no further
    named = [(places, 1.0) for places in g.mentions("柳湾乡召开会议", aliases=True)]
    assert choose(named).full_name() == "云川省"


def test_without_the_gazetteer_package_places_stay_empty_and_reading_goes_on(monkeypatch, tmp_path):
    import importlib.util

    from indexer import places

    places.gazetteer.cache_clear()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    try:
        path = tmp_path / "x.txt"
        path.write_text("2025年江苏省政府工作报告\n正文。\n", encoding="utf-8")
        [doc] = read_file(path, "x.txt")
        assert doc.title == "2025年江苏省政府工作报告" and doc.place == ""
        with pytest.raises(places.GazetteerMissing, match="jionlp"):
            places.gazetteer()
    finally:
        monkeypatch.undo()
        places.gazetteer.cache_clear()
