"""Tokenizer tables: folding, ordinal positions, character offsets, index vs query mode."""
import pickle

import pytest

from indexer.analysis import JiebaTokenizer, WordAnalyzer
from indexer.grams import bigrams
from indexer.textfold import find_spans, fold, fold_with_map, forms


@pytest.mark.parametrize("text, folded", [
    ("２０２２年", "2022年"),            # full-width digits
    ("天安門廣場", "天安门广场"),          # traditional → simplified
    ("送桥\u200b镇", "送桥镇"),           # zero-width space dropped
    ("PPP 项目", "ppp项目"),             # case folded, whitespace ignored
    ("９７．６％", "97.6%"),
    ("㈠", "(一)"),                       # NFKC expands
])
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize("s, expected", [
    ("反覆", ("反覆", "反复")),
    ("瞭解", ("瞭解", "了解")),
    ("藉口", ("藉口", "借口")),
    ("反复", ("反复",)),        # already simplified: one form
    ("覆盖", ("覆盖",)),        # 覆 is simplified here and stays
    ("2022年", ("2022年",)),
])
def test_forms_add_the_phrase_level_fold_only_where_it_differs(s, expected):
    assert forms(s) == expected


def test_fold_with_map_points_back_to_original_characters():
    text = "㈠ 天安門"
    folded, index = fold_with_map(text)
    assert folded == "(一)天安门"
    assert [text[i] for i in index] == ["㈠", "㈠", "㈠", "天", "安", "門"]


@pytest.mark.parametrize("text, needles, spans", [
    ("北京天安门广场", ["天安门广场"], [(2, 7)]),
    ("天安門廣場和天安门广场", ["天安门广场"], [(0, 5), (6, 11)]),
    ("专利授权１１３３件", ["1133件"], [(4, 9)]),
    ("送桥 镇", ["送桥镇"], [(0, 4)]),
    ("养老服务", ["养老", "老服"], [(0, 3)]),  # overlapping matches merge
    ("无关", ["养老"], []),
    ("经过反覆研究", ["反复"], [(2, 4)]),     # phrase-level fold of the text
    ("经过反复研究", ["反覆"], [(2, 4)]),     # phrase-level fold of the needle
])
def test_find_spans(text, needles, spans):
    assert find_spans(text, needles) == spans


@pytest.mark.parametrize("text, phrases, spans", [
    ("经过反覆研究", True, [(2, 4)]),
    ("经过反覆研究", False, []),  # the caller said phrase-level folding changes nothing here
    ("经过反复研究", False, [(2, 4)]),
    ("经过反覆研究" + "。" * 300, True, [(2, 4)]),  # a long text: converted, not remembered
])
def test_find_spans_skips_the_phrase_level_conversion_when_told(text, phrases, spans):
    assert find_spans(text, ["反复"], phrases) == spans


def test_search_hits_of_a_phrase_level_paragraph_are_still_marked(tmp_path):
    from indexer import build_index, search

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("---\ntitle: 报告\n---\n经过反覆研究决定。\n", encoding="utf-8")
    build_index(tmp_path / "a", tmp_path / "ix", procs=1)
    assert "<mark>反覆</mark>" in search(tmp_path / "ix", "反复").hits[0].highlight


@pytest.mark.parametrize("text, mode, expected", [
    ("北京天安门广场", "query", [("北京天安门广场", 0)]),
    ("北京天安门广场", "index",
     [("北京天安门广场", 0), ("北京", 0), ("天安", 0), ("广场", 0), ("天安门", 0)]),
    ("社会工作站待处理", "query", [("社会", 0), ("工作站", 1), ("待处理", 2)]),
    ("社会工作站待处理", "index",
     [("社会", 0), ("工作站", 1), ("工作", 1), ("待处理", 2), ("处理", 2)]),
    ("新增３家，增长９７．６％", "query", [("新增", 0), ("3", 1), ("家", 2), ("增长", 4), ("97.6%", 5)]),
])
def test_word_tokens_and_positions(text, mode, expected):
    tokens = [(t.text, t.pos) for t in WordAnalyzer()(text, positions=True, mode=mode)]
    assert tokens == expected


def test_word_tokens_report_offsets_in_the_original_text():
    text = "天安門廣場 ２家"
    tokens = [(t.text, t.startchar, t.endchar) for t in JiebaTokenizer()(text, chars=True, mode="query")]
    for word, start, end in tokens:
        assert fold(text[start:end]) == word
    assert tokens[0] == ("天安门广场", 0, 5)


@pytest.mark.parametrize("query, grams", [
    ("天安门广场", ["天安", "安门", "门广", "广场"]),
    ("3家", ["3家"]),
    ("镇", ["镇"]),
])
def test_query_bigrams(query, grams):
    assert bigrams(query) == grams


def test_analyzers_pickle_with_a_stable_import_path():
    for analyzer in (WordAnalyzer(),):
        data = pickle.dumps(analyzer)
        assert b"indexer.analysis" in data
        assert pickle.loads(data) == analyzer
