"""Near-verbatim statements: a quoted string a few characters off finds the paragraphs saying it."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import write_doc
import indexer
from indexer import near
from indexer.textfold import fold
from web import create_app
from web.cli import cli

# Invented reports: each statement is written once, a few of them also in a second wording.
PARAGRAPHS = {
    "reports/2021-qingxi.txt": ("2021年青溪县政府工作报告", "2021-02-01", [
        "过去一年，全县坚持把农村公路建设作为民生实事来抓，新修通村道路八十公里。",
        "我们始终坚持以群众满意为工作的第一标准，办好十件惠民实事。",
        "全力推进城乡供水一体化，让山区群众喝上放心水。",
    ]),
    "reports/2022-qingxi.txt": ("2022年青溪县政府工作报告", "2022-02-01", [
        "一年来，全县坚持把农村公路建设当作民生实事来抓，改造危桥十二座。",
        "深入实施“厕所革命”，新建和改造农村户厕三千户。",
        "我们始终坚持以群众满意作为工作的第一标准。",
    ]),
    "news/2023-dongshan.txt": ("东山镇推进垃圾分类", "2023-05-11", [
        "东山镇把垃圾分类纳入村规民约，定时定点收集，做到日产日清。",
        "镇党委书记表示，要以钉钉子精神抓好人居环境整治工作。",
    ]),
    "news/2024-dongshan.txt": ("東山鎮整治人居環境", "2024-03-02", [
        "鎮黨委書記表示，要以釘釘子精神抓好人居環境整治工作，不搞形式主義。",
    ]),
}


@pytest.fixture(scope="module")
def near_index(tmp_path_factory):
    root = tmp_path_factory.mktemp("near-archive")
    for rel, (title, date, paragraphs) in PARAGRAPHS.items():
        write_doc(root, rel, title, *paragraphs, date=date, place="青溪县", source="青溪日报")
    index = tmp_path_factory.mktemp("near-index")
    indexer.build_index(root, index, procs=1)
    return index


def where(rel: str, n: int) -> tuple[str, int]:
    return indexer.make_doc_id(rel), n


QINGXI_2021, QINGXI_2022 = "reports/2021-qingxi.txt", "reports/2022-qingxi.txt"


@pytest.mark.parametrize("typed, first, changed", [
    # one character substituted
    ("全县坚持把农村公路建设作为民声实事来抓", where(QINGXI_2021, 0), [["-", "声"], ["+", "生"]]),
    # one dropped
    ("全县坚持把农村公路建设作民生实事来抓", where(QINGXI_2021, 0), [["+", "为"]]),
    # one added
    ("全县坚持把农村公路建设工作作为民生实事来抓", where(QINGXI_2021, 0), [["-", "工作"]]),
    # punctuation different
    ("把垃圾分类纳入村规民约；定时定点收集", where("news/2023-dongshan.txt", 0), [["-", "；"], ["+", "，"]]),
    # typed in traditional characters, one character off: the diff shows what was typed
    ("全縣堅持把農村公路建設作爲民聲實事", where(QINGXI_2021, 0), [["-", "聲"], ["+", "生"]]),
    # of two wordings the closer comes first
    ("始终坚持以群众满意作为工作的第一目标", where(QINGXI_2022, 2), []),
])
def test_a_misquote_finds_the_paragraph_first(near_index, typed, first, changed):
    result = indexer.search(near_index, f'"{typed}"')
    assert result.total == 0 and result.hits == []
    top = result.near[0]
    assert (top.doc_id, top.paragraph) == first
    assert top.match == "near" and 0 < top.similarity < 1
    for piece in changed:
        assert piece in top.diff
    assert_rebuilds(top, typed)


def assert_rebuilds(hit, typed):
    """The diff gives back what was typed (up to folding) and the paragraph's marked window."""
    typed_side = "".join(t for op, t in hit.diff if op != "+")
    assert fold(typed_side) == fold(typed)
    para_side = "".join(t for op, t in hit.diff if op != "-")
    assert "<mark>" + para_side + "</mark>" in hit.highlight


@pytest.mark.parametrize("typed", [
    "今天天气很好我们一起去公园散步",  # unrelated
    "公路农村建设坚持把全县作为实事民生",  # the right characters, shuffled
    "全县坚持把农村公路建设改造农村户厕三千户",  # halves of two statements
])
def test_a_string_no_paragraph_is_close_to_finds_no_near(near_index, typed):
    result = indexer.search(near_index, f'"{typed}"')
    assert result.near == [] and result.near_total == 0


@pytest.mark.parametrize("q", [
    "全县坚持把农村公路建设作为民声实事",  # not quoted: read as words, no near search
    '"民声实事来抓"',  # shorter than MIN_CHARS
    '"全县坚持把农村公路建设作为民声实事" "改造危桥"',  # two strings to find
])
def test_near_only_for_one_quoted_string_of_eight_or_more(near_index, q):
    assert indexer.search(near_index, q).near == []


def test_exact_ones_come_first_and_alone_are_counted(near_index):
    result = indexer.search(near_index, '"坚持把农村公路建设作为民生实事"')
    assert result.total == 1 and [(h.doc_id, h.paragraph) for h in result.hits] == [where(QINGXI_2021, 0)]
    assert [(h.doc_id, h.paragraph) for h in result.near] == [where(QINGXI_2022, 0)]
    assert result.near_total == 1
    assert result.near[0].diff[0] == ["=", "坚持把农村公路建设"]
    assert_rebuilds(result.near[0], "坚持把农村公路建设作为民生实事")


def test_near_statements_come_with_the_first_page_only(near_index):
    q = '"坚持把农村公路建设作为民生实事"'
    assert [h.paragraph for h in indexer.search(near_index, q, per_page=1).near] == [where(QINGXI_2022, 0)[1]]
    later = indexer.search(near_index, q, per_page=1, page=2)
    assert later.near == [] and later.near_total == 0 and later.total == 1


def test_variant_forms_and_the_whole_window(near_index):
    # the traditional paragraph is found by a simplified misquote; its diff shows its own characters
    result = indexer.search(near_index, '"要以钉钉子精神抓好人居环境治理工作"')
    assert {(h.doc_id, h.paragraph) for h in result.near} == {
        where("news/2023-dongshan.txt", 1), where("news/2024-dongshan.txt", 0)}
    trad = next(h for h in result.near if h.doc_id == indexer.make_doc_id("news/2024-dongshan.txt"))
    assert ["=", "要以釘釘子精神抓好人居環境"] in trad.diff and ["+", "整"] in trad.diff
    # equally close: the earlier one first
    assert result.near[0].date == "2023-05-11"


@pytest.mark.parametrize("q, filters, expected", [
    ('"全县坚持把农村公路建设作为民声实事"', {"year": "2022"}, [where(QINGXI_2022, 0)]),
    ('"全县坚持把农村公路建设作为民声实事" -危桥', {}, [where(QINGXI_2021, 0)]),
    ('"全县坚持把农村公路建设作为民声实事"', {"place": "别的县"}, []),
])
def test_near_hits_keep_the_filters_and_exclusions(near_index, q, filters, expected):
    result = indexer.search(near_index, q, filters=filters)
    assert [(h.doc_id, h.paragraph) for h in result.near] == expected


@pytest.mark.parametrize("length, lowest", [(8, 1 - 3 / 8), (10, 0.7), (30, 0.9), (60, 0.9)])
def test_the_similarity_floor_allows_three_edits_or_a_tenth(length, lowest):
    assert near.floor(length) == pytest.approx(lowest)


@pytest.mark.parametrize("folded, expected", [
    ("坚持，以人民为中心。", "坚持以人民为中心"),
    ("“厕所革命”", "厕所革命"),
    ("gdp增长5.2%", "gdp增长52"),
])
def test_core_leaves_out_punctuation_and_symbols(folded, expected):
    assert near.core(folded) == expected


def test_the_api_answers_near_with_citations(near_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(near_index)}).test_client()
    body = client.get("/api/search", query_string={"q": '"全县坚持把农村公路建设作为民声实事"'}).json
    assert body["total"] == 0 and body["hits"] == []
    assert body["near_total"] == 2 and len(body["near"]) == 2
    first = body["near"][0]
    assert first["match"] == "near" and first["paragraph_number"] == 1
    assert ["-", "声"] in first["diff"] and 0 < first["similarity"] < 1
    assert first["citation"]["url"].startswith("http://localhost/documents/")
    exact = client.get("/api/search", query_string={"q": '"坚持把农村公路建设作为民生实事"'}).json
    assert exact["total"] == 1 and exact["near_total"] == 1


def test_the_page_shows_the_closest_with_differences_marked(near_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(near_index)}).test_client()
    page = client.get("/", query_string={"q": '"全县坚持把农村公路建设作为民声实事"'}).get_data(as_text=True)
    assert "没有完全一致的段落，最接近的是：" in page
    assert '<del title="所查的字符串里有，这一段没有">声</del><ins title="这一段里的写法">生</ins>' in page
    assert "相似度 94%" in page
    assert "没有找到包含这些词的段落" not in page
    page = client.get("/", query_string={"q": '"坚持把农村公路建设作为民生实事"'}).get_data(as_text=True)
    assert '另有 <strong class="near-total">1</strong> 处近似表述' in page
    assert page.index('class="hits"') < page.index('class="near"')


def test_the_cli_prints_near_hits(near_index):
    out = CliRunner().invoke(cli, ["search", '"全县坚持把农村公路建设作为民声实事"',
                                   "--index", str(near_index)]).output
    assert "没有完全一致的段落，最接近的是：" in out
    assert "坚持把农村公路建设作为民[-声][+生]实事" in out
