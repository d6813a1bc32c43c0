"""How an unquoted string typed without spaces is read: as its content words, or exactly."""
import pytest

from indexer.analysis import WordAnalyzer
from indexer.wordsplit import pieces, split_string

ANALYZER = WordAnalyzer("rjieba")


def read(s):
    split = split_string(s, [t.text for t in ANALYZER(s, mode="query")])
    return None if split is None else (list(split.words), list(split.dropped))


@pytest.mark.parametrize("typed, expected", [
    # words run together: each content word must occur
    ("养老院建设", (["养老院", "建设"], [])),
    ("建设养老院", (["建设", "养老院"], [])),
    ("农村公路建设", (["农村公路", "建设"], [])),
    # function words and question words are dropped, and said so
    ("提高农民收入的措施", (["提高", "农民收入", "措施"], ["的"])),
    ("如何提高农民收入", (["提高", "农民收入"], ["如何"])),
    ("养老和医疗", (["养老", "医疗"], ["和"])),
    ("关于金融", (["关于", "金融"], [])),  # a function word of two characters is a word
    # a verb that only introduces the topic
    ("李强谈人工智能", (["李强", "人工智能"], ["谈"])),
    # one word, or one word left once function words are gone: exact
    ("养老院", None),
    ("的养老院", None),
    ("天安门广场", None),
    # a piece of one character left over means a word was cut: exact
    ("稳就业保民生", None),
    ("公路建", None),
    # numbers with their unit stay whole
    ("3家", None),
    ("2.72亿元", None),
    ("1200万亩", None),
    ("增长5.2%", None),
    # the same word twice is one word
    ("建设建设", None),
])
def test_reading_a_string(typed, expected):
    assert read(typed) == expected


@pytest.mark.parametrize("tokens, expected", [
    (["3", "家"], ["3家"]),
    (["2.72", "亿元"], ["2.72亿元"]),
    (["增长", "5.2", "%"], ["增长", "5.2%"]),
    (["养老", "，", "服务"], ["养老", "服务"]),
    (["a1", "b"], ["a1b"]),
])
def test_numbers_join_their_unit_and_punctuation_goes(tokens, expected):
    assert pieces(tokens) == expected
