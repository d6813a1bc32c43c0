"""Queries from strangers: the parser, indexer.search and every page and API endpoint that takes a
query answer with results or a 400 and a message, never a 500, whatever is typed.

Hypothesis generates the queries (derandomized, so a run in CI is the same run every time, and
a failure reproduces); a corpus of known-nasty queries runs through every entry point as well.
The counts of generated queries are at the bottom (FUZZ_COUNTS) and in the closing report.
"""
from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import indexer
from indexer.query import FIELD_ALIASES, MAX_QUERY_LENGTH, MAX_STRINGS, parse_query, quote
from indexer.textfold import fold
from web import create_app

# How many generated queries each fuzz test tries.
FUZZ_COUNTS = {"parser": 6000, "search": 3000, "api": 2000, "pages": 600, "other endpoints": 400}


def fuzz(name: str):
    return settings(max_examples=FUZZ_COUNTS[name], deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- what people type -----------------------------------------------------------------------

SYNTAX = ['"', "“", "”", "「", "」", "『", "』", "＂", "(", ")", "（", "）", "[", "]", "{", "}",
          "-", "－", "--", "OR", "or", "|", "||", "AND", "NOT", "+", "*", "?", "~", "^", "\\", "/",
          ":", "：", "..", "…", "<", ">", "&", "'", ";", "%", "%00", "$", "#", "!", "=", "@"]
FIELDS = [f"{name}{sep}" for name in FIELD_ALIASES for sep in (":", "：")] + ["title:", "text:", "url:"]
VALUES = ["2022", "2020-2023", "2023-2020", "1899", "99999", "2022-13", "2022-02-30", "2022-03-05",
          "2022-01-01..2022-06-30", "..", "0000", "-1", "2022至2023", "送桥镇", "新华社", ""]
WORDS = ["养老", "公厕", "服务", "天安门广场", "天安門廣場", "送桥镇", "镇", "的", "年", "3家", "ＡＢＣ",
         "项目为王", "abc", "x", "0", "１２３", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
         "javascript:alert(1)", "&amp;", "&#x3C;", "'; DROP TABLE x; --", "../../etc/passwd", "%2e%2e%2f",
         "\\x00", "🙂", "𠀀", "ﷺ", "\u0301", "\u202e", "\ufeff"]
ODD = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\u200d", "\u2028", "\u3000", "\t",
       "\n", "\r", " ", "\ufffd", "\U0010ffff", "\ue000"]

PIECES = st.one_of(
    st.sampled_from(SYNTAX), st.sampled_from(FIELDS), st.sampled_from(VALUES), st.sampled_from(WORDS),
    st.sampled_from(ODD), st.text(max_size=6),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), min_size=1, max_size=4),
)
FOUND = ["养老", "公厕", "服务", "天安门广场", "天安門廣場", "送桥镇", "镇", "信阳", "养老床位", "民生",
         "2022", "90", "<script>alert(1)</script>", "注入", "疫情", "“项目为王”", '"养老服务"']
TERMS = st.one_of(st.sampled_from(FOUND), st.sampled_from(FOUND).map("-".__add__),
                  st.builds("".join, st.tuples(st.sampled_from(FIELDS), st.sampled_from(VALUES))),
                  st.just("OR"), st.sampled_from(WORDS))
QUERIES = st.one_of(
    st.lists(TERMS, min_size=1, max_size=5).map(" ".join),  # queries that find things
    st.lists(PIECES, max_size=12).map("".join),
    st.lists(PIECES, max_size=12).map(" ".join),
    st.text(max_size=60),
    st.builds(lambda piece, n: piece * n, PIECES, st.integers(0, 700)),  # long ones, over the cap too
)
# Half of what the search tests type is made of strings the test archive holds, so that ranking,
# highlighting and facets run on real hits too.
FINDING = st.lists(st.sampled_from(FOUND), min_size=1, max_size=3).flatmap(
    lambda words: st.sampled_from([" ", " OR ", " -"]).map(lambda sep: sep.join(words)))
SEARCHED = st.one_of(FINDING, QUERIES)
PARAM = st.one_of(st.none(), st.none(), st.none(),  # mostly left out, as people do
                  st.sampled_from(VALUES + ["1", "100", "101", "0", "relevance", "newest"]),
                  st.text(max_size=12))


def _is_valid_answer(result: indexer.SearchResult) -> None:
    assert result.total >= len(result.hits)
    assert len(result.hits) <= result.per_page


def _check_parsed(q: str) -> str:
    """What parse_query made of q ("parsed" or "refused"), after checking it is sound."""
    try:
        parsed = parse_query(q)
    except indexer.QueryError as exc:
        assert exc.message.strip() and exc.hint.strip()
        return "refused with a message"
    assert len(q.strip()) <= MAX_QUERY_LENGTH
    assert parsed.positive or parsed.filters.get("speaker"), \
        "a query that parses has something to find (or a speaker whose statements it lists)"
    assert len(parsed.positive) + len(parsed.exclude) <= MAX_STRINGS
    for s in parsed.positive + parsed.exclude:
        assert s and fold(s) == s
        if len(quote(s)) > MAX_QUERY_LENGTH or ('"' in s and "”" in s):
            continue  # quote() cannot write these back yet: folding lengthens "…", both quotes
        again = parse_query(quote(s))  # what the site writes back into a link reads the same
        assert again.must == [s] and not again.exclude and not again.any_of
    return "parsed"


# --- the parser -----------------------------------------------------------------------------

@fuzz("parser")
@given(q=QUERIES)
def test_the_parser_answers_or_says_why(q):
    event(_check_parsed(q))


# --- the search -----------------------------------------------------------------------------

@fuzz("search")
@given(q=SEARCHED, page=st.one_of(st.just(1), st.just(1), st.just(2), st.integers(-2, 10_000)),
       per_page=st.one_of(st.just(20), st.just(100), st.integers(-1, 150)),
       sort=st.sampled_from(["relevance", "newest", "oldest", "", "random"]))
def test_search_answers_or_says_why(index_dir, q, page, per_page, sort):
    try:
        result = indexer.search(index_dir, q, page=page, per_page=per_page, sort=sort)
    except indexer.QueryError as exc:
        assert exc.message.strip()
        event("400: refused with a message")
        return
    _is_valid_answer(result)
    event("200: with hits" if result.hits else "200: no hits on this page")
    words = {w["string"]: w["words"] for w in result.reading.read_as_words}
    for hit in result.hits:  # never wrong: every paragraph holds what was asked
        text = fold(hit.text)
        # a first paragraph also stands for its document's title
        found_in = text + "\n" + fold(hit.title) if hit.paragraph == 0 else text
        for s in result.reading.must:
            parts = [s] if hit.match == "exact" else words.get(s, [s])
            assert all(p in found_in for p in parts)
        assert not any(x in text for x in result.reading.exclude)


# --- the web --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def web(index_dir, archive_dir):
    """A test client of the app; TESTING propagates any exception, so a 500 cannot hide."""
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "ARCHIVE_DIR": str(archive_dir)})
    return app.test_client()


def _params(**given_params) -> dict:
    return {k: v for k, v in given_params.items() if v is not None}


def _check_api(response) -> str:
    assert response.status_code in (200, 400), response.get_data(as_text=True)[:300]
    body = response.get_json()
    if response.status_code == 400:
        assert body["error"]["status"] == 400 and body["error"]["message"].strip()
    else:
        assert isinstance(body["hits"], list) and body["total"] >= len(body["hits"])
    return f"{response.status_code}" + (" with hits" if response.status_code == 200 and body["hits"] else "")


@fuzz("api")
@given(q=SEARCHED, page=PARAM, per_page=PARAM, sort=PARAM, year=PARAM, place=PARAM, source=PARAM,
       date=PARAM)
def test_the_search_api_answers_200_or_400(web, q, page, per_page, sort, year, place, source, date):
    params = _params(q=q, page=page, per_page=per_page, sort=sort, year=year, place=place,
                     source=source, date=date)
    event(_check_api(web.get("/api/search", query_string=params)))


@fuzz("pages")
@given(q=SEARCHED, page=PARAM, sort=PARAM, year=PARAM, start=PARAM, end=PARAM)
def test_the_search_page_answers_200_or_400(web, q, page, sort, year, start, end):
    params = _params(q=q, page=page, sort=sort, year=year, **{"from": start, "to": end})
    response = web.get("/", query_string=params)
    if response.status_code == 302:  # filters alone: the documents they list
        assert response.headers["Location"].startswith("/documents")
        response = web.get(response.headers["Location"])
    assert response.status_code in (200, 400)
    assert response.mimetype == "text/html"


@fuzz("other endpoints")
@given(q=SEARCHED, place=PARAM, year=PARAM, p=PARAM, k=PARAM)
def test_timeline_export_compare_and_documents_answer_without_500(web, index_dir, q, place, year, p, k):
    response = web.get("/api/timeline", query_string=_params(q=q, place=place, year=year))
    assert response.status_code in (200, 400)
    response = web.get("/api/export.json", query_string=_params(q=q, year=year))
    assert response.status_code in (200, 400)
    response.get_data()  # the streamed body runs to its end
    response = web.get("/compare", query_string=_params(q=q, place=place or "信阳市", year=year))
    assert response.status_code in (200, 400)
    doc_id = indexer.make_doc_id("news/2022-songqiao-yanglao.txt")
    response = web.get(f"/documents/{doc_id}", query_string=_params(q=q, p=p, k=k))
    assert response.status_code in (200, 302)


# --- a corpus of nasty queries, through every entry point -----------------------------------

NASTY = [
    '"', '""', '"""', '“', '”', '“养老', '养老”', '"养老', '养老"', '「养老', '『养老」', '＂养老',
    "(", ")", "((养老", "养老))", "[养老", "{养老}", "（养老）",
    "OR", "OR OR", "养老 OR", "OR 养老", "养老 OR OR 公厕", "| 养老", "养老 |", "-", "--", "-养老",
    "- 养老", "-OR", "-“养老”", "养老 -", "-year:2022", "AND", "NOT 养老", "+养老", "养老 AND 公厕",
    "year:", "year:abc", "year:2022-", "year:-2022", "year:20222", "year:2022-2020", "year:0000",
    "year:2022 year:2023", "date:", "date:2022-13", "date:2022-02-31", "date:2022-02-30..2022-01-01",
    "date:..", "date:2022..", "place:", 'place:"', 'place:"送桥 镇"', "place:送桥镇", "source:",
    "title:养老", "text:养老", "url:http://x", "年份:2022 养老", "地点：送桥镇 养老", ":", "：", "::养老",
    "*", "?", "**", "养*", "养?", "*养老*", "\\", "\\\\", "\\\"", "~", "^2", "养老~2", "养老^3",
    "\x00", "\x00养老", "养\x00老", "\x01\x02\x03", "\x1b[31m养老", "\u200b", "\u200b养老\u200b", "\ufeff",
    "\u202e老养", "\r\n", "\t养老\t", "\u3000养老\u3000", "\u2028", "\ufffd", "\U0010ffff", "\ue000",
    "🙂", "𠀀", "٩(◕‿◕｡)۶", "Ω≈ç√∫", "ＡＢＣ", "\u0301\u0301\u0301",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)",
    "\"><svg onload=alert(1)>", "'; DROP TABLE paragraphs; --", "%00", "%2e%2e%2f", "../../etc/passwd",
    "{{7*7}}", "${7*7}", "{% raw %}", "&lt;script&gt;", "&#60;",
    "养老 " * 40, "养 " * 33, "的", "镇", "年 月 日", "a", "1", "0",
    "养" * MAX_QUERY_LENGTH, "养" * (MAX_QUERY_LENGTH + 1), "养老" * 5_000, "x" * 10_000, " " * 10_000,
    '"' * 10_000, "-" * 10_000, "OR " * 3_000, "(" * 10_000, "year:2022 " * 1_000,
    "\x00" * 10_000, "🙂" * 10_000,
]


@pytest.mark.parametrize("q", NASTY, ids=[repr(q[:24]) + (f"x{len(q)}" if len(q) > 24 else "") for q in NASTY])
def test_nasty_queries_get_results_or_a_400_everywhere(web, index_dir, q):
    _check_parsed(q)
    try:
        _is_valid_answer(indexer.search(index_dir, q))
    except indexer.QueryError as exc:
        assert exc.message.strip()
    _check_api(web.get("/api/search", query_string={"q": q}))
    assert web.get("/", query_string={"q": q}, follow_redirects=True).status_code in (200, 400)
    assert web.get("/api/timeline", query_string={"q": q}).status_code in (200, 400)
    response = web.get("/api/export.csv", query_string={"q": q})
    assert response.status_code in (200, 400)
    response.get_data()


# --- expensive queries are bounded ----------------------------------------------------------

def test_a_query_over_the_length_cap_is_a_400_that_says_so(web):
    response = web.get("/api/search", query_string={"q": "养老" * 5_000})
    assert response.status_code == 400
    assert "查询太长" in response.get_json()["error"]["message"]
    assert str(MAX_QUERY_LENGTH) in response.get_json()["error"]["message"]


def test_too_many_strings_is_a_400_that_says_so(web):
    q = " ".join(f"词{i}" for i in range(MAX_STRINGS + 1))
    response = web.get("/api/search", query_string={"q": q})
    assert response.status_code == 400
    assert str(MAX_STRINGS) in response.get_json()["error"]["message"]


@pytest.mark.parametrize("q", ["*", "养*", "?", "养老?"])
def test_wildcards_are_literal_characters_not_expansions(index_dir, q):
    """No wildcard or prefix expansion exists to be made expensive: * and ? are characters."""
    result = indexer.search(index_dir, q)
    assert result.total == 0 and result.reading.must == [fold(q)]


def test_a_search_out_of_time_says_partial_and_stays_correct(web, index_dir, monkeypatch):
    cut = indexer.search(index_dir, "镇", per_page=100, time_limit=0)
    assert cut.partial
    assert all("镇" in fold(h.text) for h in cut.hits)
    assert web.get("/api/search", query_string={"q": "镇"}).get_json()["partial"] is False
    # The same search past its time limit, through the web: the API and the page say so.
    monkeypatch.setattr(indexer, "search", functools.partial(indexer.search, time_limit=0))
    assert web.get("/api/search", query_string={"q": "镇"}).get_json()["partial"] is True
    page = web.get("/", query_string={"q": "镇"}).get_data(as_text=True)
    assert "结果可能不完整" in page
