"""Who said it: attribution rules on invented paragraphs, over a lexicon learned from an invented archive."""
from __future__ import annotations

import pytest

from indexer import speakers
from indexer.speaker_lexicon import learn, strip_subject

# An invented archive: four people who speak bare and under their titles, an office, a meeting.
ARCHIVE = [
    "王明远指出，要把民生实事办好。", "王明远强调，要守住安全底线。", "国务院总理王明远表示，经济运行平稳。",
    "陈晓东表示，双方合作前景广阔。", "陈晓东说，会谈富有成果。", "外交部发言人陈晓东介绍，访问日程已经确定。",
    "卡尔松表示，愿深化合作。", "卡尔松指出，对话是唯一出路。", "瑞典总理卡尔松说，欢迎中方企业投资。",
    "林海峰强调，要加强协调。", "林海峰表示，将继续推进改革。", "财政部部长林海峰说，财政收入稳步增长。",
    "赵一鸣指出，要保护生态。", "赵一鸣表示，项目进展顺利。", "挪威总理赵一鸣强调，要坚持开放。",
    "苏文博表示，要抓好落实。", "苏文博说，形势总体向好。", "商务部部长苏文博表示，愿加强沟通。",
    "周立新表示，要扩大开放。", "周立新说，合作潜力巨大。", "交通运输部部长周立新说，运输平稳有序。",
    "会议指出，要稳住经济大盘。", "会议强调，要抓好安全生产。", "俄罗斯国防部7日称，防空系统拦截多枚导弹。",
    "俄罗斯国防部8日称，俄军击退进攻。",
]


@pytest.fixture(scope="module")
def lex():
    return learn(ARCHIVE)


def said(text: str, lex, before: tuple[str, ...] = ()) -> list[tuple]:
    per, _ = speakers.attribute_document([*before, text], lex)
    return [(a.name, a.kind, a.role, a.cue, a.via) for a in per[-1]
            if a.confidence >= speakers.SHOWN_CONFIDENCE]


def test_the_lexicon_is_learned_from_the_archive(lex):
    assert {"王明远", "陈晓东", "卡尔松", "林海峰"} <= set(lex.names)
    assert {"总理", "部长"} & set(lex.titles)
    assert "会议" in lex.orgs and "俄罗斯国防部" in lex.orgs
    assert not {"国务院总理王明远", "外交部发言人"} & set(lex.names)


@pytest.mark.parametrize("text, expected", [
    ("王明远指出，要把好事办好。", [("王明远", "person", "", "指出", "stated")]),
    ("国务院总理王明远12日表示，要扩大内需。", [("王明远", "person", "国务院总理", "表示", "stated")]),
    ("外交部发言人陈晓东今天（3月5日）表示，中方欢迎。", [("陈晓东", "person", "外交部发言人", "表示", "stated")]),
    ("王明远总理在会见时强调，要深化合作。", [("王明远", "person", "总理", "强调", "stated")]),
    ("卡尔松在致辞中说，感谢各方支持。", [("卡尔松", "person", "", "说", "stated")]),
    ("会议强调，要抓好安全生产。", [("会议", "organisation", "", "强调", "stated")]),
    ("俄罗斯国防部9日称，俄军继续打击。", [("俄罗斯国防部", "organisation", "", "称", "stated")]),
    ("国际人士认为，合作符合各方利益。", []),
    ("文章指出，要坚持改革。", []),
    ("与会嘉宾表示，论坛很有意义。", []),
    ("按照省委部署要求，坚持稳中求进。", []),
    ("比如说，这件事很重要。", []),
    ("林海峰强调，要加强协调。王明远表示，将继续努力。",
     [("林海峰", "person", "", "强调", "stated"), ("王明远", "person", "", "表示", "stated")]),
])
def test_statements_and_their_speakers(text, expected, lex):
    assert said(text, lex) == expected


@pytest.mark.parametrize("before, text, name", [
    ((), "卡尔松出席会议并致辞。他表示，愿同中方加强合作。", "卡尔松"),
    ((), "“我们会坚持下去，”他说。", None),  # nobody named before: no guess
    (("林海峰来到社区看望居民。",), "他强调，要办好民生实事。", "林海峰"),
])
def test_pronouns_resolve_to_the_person_named_before(before, text, name, lex):
    got = said(text, lex, before)
    if name is None:
        assert got == []
    else:
        assert [(g[0], g[4]) for g in got] == [(name, speakers.PRONOUN)]


def test_a_statement_spans_from_its_cue_to_the_next_subject(lex):
    text = "林海峰强调，要加强协调。王明远表示，将继续努力。"
    first, second = speakers.attribute_document([text], lex)[0][0]
    assert text[first.start:first.end] == "要加强协调。"
    assert text[second.start:second.end] == "将继续努力。"


def test_a_quote_before_its_cue_is_the_statement(lex):
    text = "王明远来到工地。“工程质量是生命线，”王明远说。"
    (a,) = speakers.attribute_document([text], lex)[0][0]
    assert (a.name, a.cue) == ("王明远", "说")
    assert text[a.start:a.end] == "工程质量是生命线，"


@pytest.mark.parametrize("chunk, subject", [
    ("国务院总理王明远12日", "国务院总理王明远"),
    ("普京在会后", "普京"),
    ("习近平在回信中", "习近平"),
    ("全国政协副主席胡春华在参加中共界委员小组讨论时", "全国政协副主席胡春华"),
    ("乌克兰方面同一天", "乌克兰方面"),
    ("他还", "他"),
    ("据国家统计局", "国家统计局"),
])
def test_what_is_said_between_speaker_and_cue_is_left_out(chunk, subject):
    assert strip_subject(chunk) == subject


@pytest.mark.parametrize("head, name, role", [
    (["2025年云川市政府工作报告", "——2025年1月15日在云川市第十六届人民代表大会第三次会议上", "市长 李云川", "各位代表："],
     "李云川", "市长"),
    (["政府工作报告", "——2025年1月15日龚小川市长在云川市第十六届人民代表大会第三次会议上", "各位代表："],
     "龚小川", "市长"),
    (["2025年1月20日在云川省第十四届人民代表大会第三次会议上云川省省长周小山作政府工作报告", "各位代表："],
     "周小山", "云川省省长"),
    (["报告", "（2026年1月27日在云川省第十四届人民代表大会第四次会议上）", "省长 刘小河", "各位代表："],
     "刘小河", "省长"),
    (["各位代表：", "现在，我代表市人民政府，向大会报告工作。"], None, None),
])
def test_a_reports_presenter_comes_from_its_header(head, name, role, lex):
    got = speakers.presenter(head, lex)
    if name is None:
        assert got is None
    else:
        assert (got.name, got.role, got.cue, got.via) == (name, role, "报告", speakers.HEADER)


def test_the_presenter_speaks_every_paragraph_of_the_report(lex):
    paragraphs = ["——2025年1月15日在云川市第十六届人民代表大会第三次会议上", "市长 李云川", "各位代表：",
                  "过去一年，全市经济运行稳中向好。"]
    per, presenter = speakers.attribute_document(paragraphs, lex)
    whole = speakers.with_presenter(per[3], presenter, paragraphs[3])
    assert [(a.name, a.cue, a.start, a.end) for a in whole] == [("李云川", "报告", 0, len(paragraphs[3]))]


def test_attributions_round_trip_as_json(lex):
    (a,) = speakers.attribute_document(["王明远指出，要把好事办好。"], lex)[0][0]
    assert speakers.Attribution.from_json(a.to_json()) == a
    assert speakers.Lexicon.from_json(lex.to_json()).names == lex.names
