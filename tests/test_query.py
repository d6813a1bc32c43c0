"""The query language: what is required, alternatives, exclusions, filters, and clear errors."""
import pytest

from indexer.errors import QueryError
from indexer.query import parse_query, quote
from indexer.textfold import fold


@pytest.mark.parametrize("q, must, any_of, exclude", [
    ("养老", ["养老"], [], []),
    ("养老 服务", ["养老", "服务"], [], []),
    ('"项目为王"', ["项目为王"], [], []),
    ("“项目为王”", ["项目为王"], [], []),
    ('"高新区 送桥镇"', ["高新区送桥镇"], [], []),
    ("公厕 OR 厕所", [], [["公厕", "厕所"]], []),
    ("公厕 OR 厕所 OR 卫生间 改造", ["改造"], [["公厕", "厕所", "卫生间"]], []),
    ("养老 -疫情", ["养老"], [], ["疫情"]),
    ('养老 -"新冠疫情"', ["养老"], [], ["新冠疫情"]),
    ("天安門廣場", ["天安门广场"], [], []),
    ("２．７２亿元", ["2.72亿元"], [], []),
    ("养老 养老", ["养老"], [], []),
    ("a*b? foo:bar", ["a*b?", "foo:bar"], [], []),  # no wildcards, unknown fields are text
    # brackets group, or are only marks
    ("(养老)", ["养老"], [], []),
    ("（养老）", ["养老"], [], []),
    ("养老服务 (公厕 OR 厕所)", ["养老服务"], [["公厕", "厕所"]], []),
    ("(公厕 OR 厕所) 改造", ["改造"], [["公厕", "厕所"]], []),
    ("(养老 服务) 改造", ["养老", "服务", "改造"], [], []),
    ("养老 OR (服务)", [], [["养老", "服务"]], []),
    ("(养老", ["养老"], [], []),
    ("养老)", ["养老"], [], []),
    ("养老(试点)", ["养老", "试点"], [], []),
    ("()", None, None, None),
    # a quote mark inside a word opens a phrase
    ('养老"服务中心"', ["养老", "服务中心"], [], []),
])
def test_parse(q, must, any_of, exclude):
    if must is None:
        with pytest.raises(QueryError):
            parse_query(q)
        return
    parsed = parse_query(q)
    assert (parsed.must, parsed.any_of, parsed.exclude) == (must, any_of, exclude)


@pytest.mark.parametrize("q, field, value, attr, expected", [
    ("养老 year:2022", "year", "2022", "year_range", (2022, 2022)),
    ("养老 year:2023-2020", "year", "2023-2020", "year_range", (2020, 2023)),
    ("养老 年份：2020-2023", "year", "2020-2023", "year_range", (2020, 2023)),
    ("养老 date:2022-3", "date", "2022-3", "date_range", ("2022-03", "2022-03\uffff")),
    ("养老 date:2022-01-01..2022-06-30", "date", "2022-01-01..2022-06-30", "date_range",
     ("2022-01-01", "2022-06-30\uffff")),
    ("养老 place:送桥镇", "place", "送桥镇", None, None),
    ('养老 place:"高新 区"', "place", "高新 区", None, None),
    ("养老 source:新闻联播", "source", "新闻联播", None, None),
])
def test_filters(q, field, value, attr, expected):
    parsed = parse_query(q)
    assert parsed.must == ["养老"]
    assert parsed.filters[field] == value
    if attr:
        assert getattr(parsed, attr) == expected


def test_form_filters_join_the_typed_ones():
    parsed = parse_query("养老", {"year": "2021", "place": "", "source": None})
    assert parsed.year_range == (2021, 2021)
    assert parsed.filters == {"year": "2021"}


@pytest.mark.parametrize("q, fragment", [
    ('"养老', "引号"),
    ("OR", "OR"),
    ("养老 OR", "OR"),
    ("OR 养老", "OR"),
    ("养老 OR OR 服务", "OR"),
    ("-养老", "排除"),
    ('养老"', "引号"),  # a trailing quote mark is reported, not searched
    ("(养老 服务) OR 厕所", "括号"),
    ("厕所 OR (养老 服务)", "括号"),
    ("(养老 OR)", "OR"),
    ("-(养老 服务)", "括号"),
    ("", "请输入"),
    ("   ", "请输入"),
    ("year:2022", "只有筛选条件"),
    ("养老 year:abc", "年份"),
    ("养老 date:yesterday", "日期"),
    ("养老 date:2022-13", "不存在"),
    ("养老 date:2022-02-32", "不存在"),
    ("养" * 501, "太长"),
    (" ".join(f"词{i}" for i in range(40)), "太多"),
])
def test_errors_say_what_is_wrong(q, fragment):
    with pytest.raises(QueryError) as info:
        parse_query(q)
    assert fragment in info.value.message
    assert info.value.hint


def test_whole_query_is_the_concatenation_of_required_strings():
    assert parse_query("养老 服务").whole == "养老服务"
    assert parse_query("养老").whole == ""
    assert parse_query("公厕 OR 厕所").whole == ""
@pytest.mark.parametrize("typed", ['”"', '"”', 'a"b”c', '他说”好"', "“引号”里的\"引号\"", "…" * 160])
def test_quote_writes_back_a_query_that_parses_to_the_same_string(typed):
    s = fold(typed)  # a string as parse_query keeps it, and as suggestions pass it to quote()
    again = parse_query(quote(s))
    assert again.must == [s] and not again.any_of and not again.exclude


@pytest.mark.parametrize("q, expected", [
    ("place:云川市", {"place": "云川市"}),
    ("year:2022 source:新华社", {"year": "2022", "source": "新华社"}),
    ('place:"高新 区"', {"place": "高新 区"}),
    ("养老 place:云川市", None),  # a word to find: a search
    ("-year:2022", None),
    ("year:abc", None),  # a filter that does not read: the search says why
    ("", None),
])
def test_filters_alone(q, expected):
    from indexer.query import filters_only
    assert filters_only(q) == expected
