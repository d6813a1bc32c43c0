"""Citing a paragraph: fingerprints, finding a paragraph again, who issued it, citation strings."""
from __future__ import annotations

import pytest

from indexer import Location, cite, fingerprint, locate
from indexer.citation import clean_source, issuer, quote

PARAGRAPHS = ["甲：开场白。", "乙：过去一年的工作。", "丙：今年的目标。", "丁：结束语。"]


@pytest.mark.parametrize("a, b, same", [
    ("健全养老服务体系。", "健全养老服务体系。", True),
    ("健全养老服务体系。", "健全 养老服务体系。\n", True),  # whitespace does not count
    ("第１２条", "第12条", True),  # full-width digits are the same text (NFKC)
    ("健全养老服务体系。", "健全养老服务体系", False),  # punctuation does
    ("健全养老服务体系。", "完善养老服务体系。", False),
    ("", "   ", True),
])
def test_fingerprint_ignores_only_spacing_and_width(a, b, same):
    assert (fingerprint(a) == fingerprint(b)) == same
    assert len(fingerprint(a)) == 8 and all(c in "0123456789abcdef" for c in fingerprint(a))


@pytest.mark.parametrize("paragraphs, requested, key_of, expected", [
    # unchanged: the number and the fingerprint agree
    (PARAGRAPHS, 2, "丙：今年的目标。", Location(2, 2, "exact")),
    # a paragraph inserted before the target: found one further on
    (["前言。"] + PARAGRAPHS, 2, "丙：今年的目标。", Location(3, 2, "moved")),
    # a paragraph removed before the target: found one earlier
    (PARAGRAPHS[1:], 2, "丙：今年的目标。", Location(1, 2, "moved")),
    # the target's text changed: the old number, with a warning
    (PARAGRAPHS[:2] + ["丙：今年的新目标。"] + PARAGRAPHS[3:], 2, "丙：今年的目标。",
     Location(2, 2, "changed")),
    # the document got shorter and lost the target
    (PARAGRAPHS[:1], 2, "丙：今年的目标。", Location(None, 2, "missing")),
    # a repeated paragraph: the occurrence nearest the old number wins
    (["重复。", "其他。", "其他。", "重复。", "其他。"], 4, "重复。", Location(3, 4, "moved")),
    # only a fingerprint: found wherever it is
    (PARAGRAPHS, None, "丁：结束语。", Location(3, None, "moved")),
    # only a number
    (PARAGRAPHS, 1, None, Location(1, 1, "exact")),
    (PARAGRAPHS, 9, None, Location(None, 9, "missing")),
])
def test_locate(paragraphs, requested, key_of, expected):
    key = fingerprint(key_of) if key_of else None
    assert locate(paragraphs, requested, key) == expected
    assert locate(paragraphs, requested, key).moved == (expected.status == "moved")


@pytest.mark.parametrize("source, name", [
    ("信阳日报", "信阳日报"),
    ("CCTV《新闻联播》 tv.cctv.com via github.com/yuekcc/cctv_news@f3f077685d", "CCTV《新闻联播》"),
    ("zh.wikisource.org via github.com/aldohemsn/chinese-political-corpora@99bc4b01d1", ""),
    ("github.com/alexzhu0/Jina_Embeddings_v4_RAG@eb78fd3 docs/31省区市政府工作报告.zip (docx)", ""),
    ("hprc.org.cn 国史网 / gov.cn via github.com/chengjun/mybook", ""),
    ("https://www.xinyang.gov.cn/", ""),
    ("", ""),
])
def test_clean_source_drops_provenance(source, name):
    assert clean_source(source) == name


@pytest.mark.parametrize("place, source, expected", [
    ("信阳市", "信阳市人民政府", "信阳市人民政府"),
    ("北京市", "github.com/johncodes404/china-provincial-gov-reports-2026@ad4c815c4a", "北京市"),
    ("全国（国务院）", "zh.wikisource.org via github.com/x", "国务院"),
    ("全国(全国人大)", "", "全国人大"),
    ("不详", "CCTV《新闻联播》 tv.cctv.com via github.com/yuekcc/cctv_news", "CCTV《新闻联播》"),
    ("不详", "", ""),
    ("", "", ""),
])
def test_issuer(place, source, expected):
    assert issuer(place, source) == expected


def test_quote_is_one_line_and_bounded():
    assert quote("第一行\n第二行  第三行") == "第一行 第二行 第三行"
    long = "长" * 500
    assert quote(long, limit=10) == "长" * 10 + "……"


URL = "https://dangan.example/documents/82ce08ae691674df?p=2&k=1a2b3c4d#p2"
CASES = [
    # a paragraph of a report
    (dict(title="2021年信阳市政府工作报告", place="信阳市", source="信阳市人民政府", date="2021-02-20",
          paragraph=2, text="健全养老服务体系，新建社区养老服务中心四十二个。", url=URL,
          accessed="2024-05-01"),
     "“健全养老服务体系，新建社区养老服务中心四十二个。”（第 3 段）\n"
     "信阳市人民政府. 2021年信阳市政府工作报告[EB/OL]. (2021-02-20)[2024-05-01]. " + URL + ".",
     "“健全养老服务体系，新建社区养老服务中心四十二个。”——信阳市人民政府《2021年信阳市政府工作报告》"
     "（信阳市，2021-02-20），第 3 段。" + URL + "（2024-05-01 访问）"),
    # a whole document, unknown place, no date
    (dict(title="国内联播快讯", place="不详", source="", date="", url=URL, accessed="2024-05-01"),
     "国内联播快讯[EB/OL]. [2024-05-01]. " + URL + ".",
     "《国内联播快讯》。" + URL + "（2024-05-01 访问）"),
    # a national report: the issuing body from the place
    (dict(title="1955年中华人民共和国国务院政府工作报告", place="全国（国务院）",
          source="zh.wikisource.org via github.com/x", date="1955", paragraph=0, text="各位代表：",
          url=URL, accessed="2024-05-01"),
     "“各位代表：”（第 1 段）\n国务院. 1955年中华人民共和国国务院政府工作报告[EB/OL]. (1955)[2024-05-01]. "
     + URL + ".",
     "“各位代表：”——国务院《1955年中华人民共和国国务院政府工作报告》（全国（国务院），1955），第 1 段。"
     + URL + "（2024-05-01 访问）"),
]


@pytest.mark.parametrize("fields, gbt7714, plain", CASES)
def test_cite_formats(fields, gbt7714, plain):
    c = cite(**fields)
    assert c["gbt7714"] == gbt7714
    assert c["plain"] == plain
    assert c["reference"] == gbt7714.split("\n")[-1]
    assert c["url"] == fields["url"] and c["accessed"] == fields["accessed"]
    number = fields.get("paragraph")
    assert c["paragraph"] == number
    assert c["paragraph_number"] == (None if number is None else number + 1)
    assert c["text"] == fields.get("text", "")


def test_cite_keys():
    c = cite(title="题名")
    assert list(c) == ["title", "author", "place", "source", "date", "paragraph",
                       "paragraph_number", "text", "url", "accessed", "reference", "gbt7714", "plain"]
    assert c["gbt7714"] == "题名[EB/OL]." and c["plain"] == "《题名》。"


def test_cite_title_ending_in_a_full_stop_gets_one():
    assert cite(title="通知。", place="信阳市")["reference"] == "信阳市. 通知[EB/OL]."


@pytest.mark.parametrize("text, nested", [
    ("坚持“项目为王”，全年完成。", "坚持‘项目为王’，全年完成。"),
    ('坚持"项目为王"，推进"双十"工程', "坚持‘项目为王’，推进‘双十’工程"),
    ("他说：“要‘项目为王’。”", "他说：‘要“项目为王”。’"),  # a third level is double again
    ('只有一个"引号', '只有一个"引号'),  # an unpaired typed quote stays as typed
    ("没有引号。", "没有引号。"),
])
def test_quotes_inside_quotes_become_single(text, nested):
    from indexer import nest_quotes

    assert nest_quotes(text) == nested


@pytest.mark.parametrize("typed, heading", [
    ('"项目为王"', "“项目为王”"),  # one typed phrase: not quoted twice
    ("“项目为王”", "“项目为王”"),
    ('"项目为王" 养老', "“‘项目为王’ 养老”"),
    ("养老", "“养老”"),
    ('"养老', '“"养老”'),
])
def test_in_quotes_never_doubles_typed_quotes(typed, heading):
    from indexer import in_quotes

    assert in_quotes(typed) == heading


def test_citation_nests_the_quoted_paragraph_and_title():
    c = cite(title="关于《条例》的说明", paragraph=0, text="始终坚持“项目为王”，全年累计完成新签约项目13个。")
    assert c["gbt7714"].startswith("“始终坚持‘项目为王’，全年累计完成新签约项目13个。”（第 1 段）")
    assert c["plain"].startswith("“始终坚持‘项目为王’，全年累计完成新签约项目13个。”——《关于〈条例〉的说明》")
    assert c["text"] == "始终坚持“项目为王”，全年累计完成新签约项目13个。"  # the field keeps the original
    assert "““" not in c["gbt7714"] and "””" not in c["plain"]
