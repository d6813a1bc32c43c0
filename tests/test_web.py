"""The HTML pages: search, document, errors, escaping and security headers."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import escape

from conftest import BEIJING, REPORT, SCRIPT, SONGQIAO, TIANANMEN_PARAGRAPH
from web import CONTENT_SECURITY_POLICY, create_app


def page(client, url, status=200, **params) -> str:
    response = client.get(url, query_string=params or None)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    return text


def hrefs(text: str, cls: str = "") -> list[str]:
    pattern = rf'<a[^>]*class="{cls}"[^>]*href="([^"]*)"' if cls else r'href="([^"]*)"'
    return [html.unescape(h) for h in re.findall(pattern, text)]


def args_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def result_titles(text: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<h2 class="hit-title"><a [^>]*>(.*?)</a>', text)]


def result_links(text: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<h2 class="hit-title"><a href="([^"]*)"', text)]


# --- the search page ---------------------------------------------------------------------------

def test_home_page_is_chinese_and_explains_syntax(client):
    text = page(client, "/")
    assert '<html lang="zh-CN">' in text
    assert 'name="viewport"' in text
    assert '<form class="searchbox" role="search" action="/" method="get">' in text
    assert 'name="q"' in text
    for syntax in ("OR", "-疫情", "year:2022", "year:2020-2023", "place:送桥镇", "source:", '"项目为王"'):
        assert syntax in text, syntax
    examples = [args_of(h)["q"] for h in hrefs(text) if h.startswith("/?q=")]
    assert "养老" in examples and len(examples) >= 4


def test_results_show_highlighted_paragraphs_with_metadata(client):
    text = page(client, "/", q="天安门广场")
    assert "找到 <strong>1</strong> 个段落" in text
    assert "<mark>天安门广场</mark>" in text
    assert "国庆假期首都各景区游客如织" in text
    assert "2023-10-01" in text and "北京市" in text and "新华社" in text
    assert f"第 {TIANANMEN_PARAGRAPH + 1} 段" in text
    assert '<input id="q" type="search" name="q" value="天安门广场"' in text


def test_result_links_keep_query_and_anchor_the_paragraph(client, doc_ids):
    text = page(client, "/", q="天安门广场")
    [link] = result_links(text)
    parts = urlsplit(link)
    assert parts.path == f"/documents/{doc_ids[BEIJING]}"
    assert args_of(link) == {"q": "天安门广场"}
    assert parts.fragment == f"p{TIANANMEN_PARAGRAPH}"


def test_more_in_document_link(client, doc_ids):
    text = page(client, "/", q="养老", place="送桥镇", per_page="50")
    # 送桥镇推进养老与公厕建设 has 4 matching paragraphs: each says the other 3.
    assert text.count("本文另有 3 处匹配") == 4
    more = [h for h in hrefs(text) if h.startswith(f"/documents/{doc_ids[SONGQIAO]}?") and "#" not in h]
    assert more and args_of(more[0]) == {"q": "养老"}


def test_pagination_links(client):
    first = page(client, "/", q="养老")
    assert "第 1 / 2 页" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    [next_url] = [html.unescape(u) for u in re.findall(r'rel="next" href="([^"]*)"', first)]
    assert args_of(next_url) == {"q": "养老", "page": "2"}
    second = page(client, next_url)
    assert "第 2 / 2 页" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert 'aria-current="page">2<' in second
    assert not set(result_links(first)) & set(result_links(second))
    assert len(result_links(first)) + len(result_links(second)) == 38


@pytest.mark.parametrize("params, shown_page, pages", [
    ({"page": "abc"}, 1, 2),
    ({"page": "-1"}, 1, 2),
    ({"page": "0"}, 1, 2),
    ({"page": "1.5"}, 1, 2),
    ({"page": "99999999999999999999"}, 1, 2),
    ({"per_page": "1000"}, 1, 1),  # clamped to 100: everything on one page
    ({"per_page": "-5"}, 1, 2),
    ({"sort": "random"}, 1, 2),
    ({"page": "2"}, 2, 2),
])
def test_bad_page_numbers_are_clamped(client, params, shown_page, pages):
    text = page(client, "/", q="养老", **params)
    assert "找到 <strong>38</strong> 个段落" in text
    assert result_links(text)
    if pages > 1:
        assert f"第 {shown_page} / {pages} 页" in text
        assert f'aria-current="page">{shown_page}<' in text
    else:
        assert len(result_links(text)) == 38 and 'class="pager"' not in text


def test_page_past_the_end(client):
    text = page(client, "/", q="养老", page="50")
    assert "这一页没有结果" in text
    assert "/?q=%E5%85%BB%E8%80%81" in text  # back to page 1


@pytest.mark.parametrize("sort, key", [("newest", True), ("oldest", False)])
def test_sort_by_date(client, sort, key):
    text = page(client, "/", q="养老", sort=sort)
    dates = re.findall(r'<p class="hit-meta"><span>(\d{4}-\d\d-\d\d)</span>', text)
    assert len(dates) == 20
    assert dates == sorted(dates, reverse=key)
    assert f'aria-current="true">{ {"newest": "最新", "oldest": "最早"}[sort] }<' in text


def test_sort_links_keep_query_and_filters(client):
    text = page(client, "/", q="养老", year="2022", page="1")
    sort_links = [h for h in hrefs(text, "chip") if "sort=" in h]
    assert {args_of(h)["sort"] for h in sort_links} == {"newest", "oldest"}
    for h in sort_links:
        assert args_of(h)["q"] == "养老" and args_of(h)["year"] == "2022"


@pytest.mark.parametrize("facet, value", [("year", "2022"), ("place", "送桥镇"), ("source", "新华社")])
def test_facet_links_filter_results(client, facet, value):
    text = page(client, "/", q="养老")
    links = [h for h in hrefs(text, "chip") if args_of(h).get(facet) == value]
    assert len(links) == 1, links
    assert args_of(links[0]) == {"q": "养老", facet: value}
    filtered = page(client, links[0])
    total = int(re.search(r"找到 <strong>(\d+)</strong>", filtered).group(1))
    assert 0 < total < 38
    assert f'class="chip on"' in filtered  # the active filter, with a link that removes it
    assert f'<input type="hidden" name="{facet}" value="{value}">' in filtered
    removers = [h for h in hrefs(filtered, "chip on")]
    assert removers and args_of(removers[0]) == {"q": "养老"}


def test_facet_counts_are_shown(client):
    text = page(client, "/", q="养老")
    assert re.search(r'place=%E9%80%81%E6%A1%A5%E9%95%87">送桥镇 <span class="n">10</span>', text)


def test_filters_change_results(client):
    text = page(client, "/", q="养老", year="2021", source="信阳市人民政府")
    assert "找到 <strong>8</strong> 个段落" in text
    assert set(result_titles(text)) == {"2021年信阳市政府工作报告"}


def test_reading_is_shown_in_details(client):
    text = page(client, "/", q='"养老床位" 公厕 OR 厕所 -疫情 year:2020-2023')
    reading = re.search(r'<details class="reading">(.*?)</details>', text, re.S).group(1)
    assert "查询是如何理解的" in reading
    assert "<code>养老床位</code>" in reading
    assert "<code>公厕</code>" in reading and "<code>厕所</code>" in reading and "或" in reading
    assert "排除" in reading and "<code>疫情</code>" in reading
    assert "<code>year:2020-2023</code>" in reading
    assert "分词" in reading


def test_no_results_suggests_what_to_try(client):
    text = page(client, "/", q="火星基地")
    assert "没有找到包含这些词的段落" in text
    assert "错别字" in text
    assert "去掉筛选条件" not in text


def test_no_results_with_typed_filters_says_so(client):
    text = page(client, "/", q="天安门广场 year:2019")
    assert "查询里写了筛选条件" in text and "<code>year:2019</code>" in text
    text = page(client, "/", q="天安门广场", year="2019")
    assert "查询里写了筛选条件" not in text


def test_no_results_with_filters_offers_to_remove_them(client):
    text = page(client, "/", q="天安门广场", year="2019")
    assert "没有找到包含这些词的段落" in text
    link = re.search(r'去掉筛选条件：<a href="([^"]*)">', text)
    assert link and args_of(html.unescape(link.group(1))) == {"q": "天安门广场"}


@pytest.mark.parametrize("q, message", [
    ('"养老', "引号"),
    ("OR", "OR"),
    ("-养老", "排除"),
    ("养老 year:abc", "年份"),
])
def test_bad_query_shows_message_on_the_search_page(client, q, message):
    text = page(client, "/", 400, q=q)
    assert "这个查询无法理解" in text
    assert message in re.search(r'<p class="message">(.*?)</p>', text).group(1)
    assert f'value="{escape(q)}"' in text  # the query stays in the box to be fixed
    assert "怎么搜索" in text


def test_bad_filter_parameter_is_a_400_page(client):
    text = page(client, "/", 400, q="养老", year="abc")
    assert "年份" in text


# --- the document page -----------------------------------------------------------------------

def test_document_page_numbers_and_anchors_every_paragraph(client, doc_ids):
    text = page(client, f"/documents/{doc_ids[BEIJING]}")
    assert "<h1>国庆假期首都各景区游客如织</h1>" in text
    for n in range(30):
        assert f'id="p{n}"' in text
        assert f'href="#p{n}"' in text
    assert "<mark>" not in text
    assert "2023-10-01" in text and "北京市" in text and "新华社" in text
    assert BEIJING in text


def test_document_page_highlights_the_query(client, doc_ids):
    text = page(client, f"/documents/{doc_ids[REPORT]}", q="养老")
    assert text.count("<mark>养老</mark>") == 9  # one paragraph says it twice
    assert "出现在 8 个段落" in text
    assert '<a href="#p2">第 3 段</a>' in text
    assert 'href="/?q=%E5%85%BB%E8%80%81"' in text  # back to the results


def test_document_page_highlights_or_and_phrases(client, doc_ids):
    text = page(client, f"/documents/{doc_ids[SONGQIAO]}", q='公厕 OR "敬老院" -疫情')
    assert "<mark>公厕</mark>" in text and "<mark>敬老院</mark>" in text
    assert "<mark>疫情</mark>" not in text


def test_document_page_with_unreadable_query_still_shows(client, doc_ids):
    text = page(client, f"/documents/{doc_ids[REPORT]}", q='"养老')
    assert "健全养老服务体系" in text


@pytest.mark.parametrize("url, shown", [
    ("https://www.xinyang.gov.cn/report/2021.html", True),
    ("http://www.pingqiao.gov.cn/news/2022/0512.html", True),
])
def test_source_url_links_only_http(client, doc_ids, url, shown):
    path = REPORT if url.startswith("https") else SONGQIAO
    text = page(client, f"/documents/{doc_ids[path]}")
    assert (f'<a href="{url}" rel="noopener noreferrer nofollow"' in text) == shown


def test_javascript_source_url_is_not_a_link(client, doc_ids):
    text = page(client, f"/documents/{doc_ids[SCRIPT]}")
    assert "javascript:" not in text.lower()


@pytest.mark.parametrize("path", [
    "/documents/0123456789abcdef",
    "/documents/0123456789ABCDEF",
    "/documents/zzz",
    "/documents/0123456789abcdef0",
    "/documents/..",
    "/documents/../../etc/passwd",
    "/documents/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/documents/..%2f..%2fetc%2fpasswd",
    "/documents/%00",
    "/documents/",
    "/nothing-here",
])
def test_unknown_documents_and_pages_are_friendly_404(client, path):
    text = page(client, path, 404)
    assert "错误 404" in text
    assert '<html lang="zh-CN">' in text
    assert "回到首页" in text


# --- escaping --------------------------------------------------------------------------------

def test_search_page_escapes_document_text(client):
    text = page(client, "/", q="注入测试")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    assert "<script>alert" not in text and "<img" not in text
    assert "关于&lt;script&gt;alert(1)&lt;/script&gt;注入的测试" in text


def test_document_page_escapes_document_text(client, doc_ids):
    for params in ({}, {"q": "注入测试"}, {"q": "script"}):
        text = page(client, f"/documents/{doc_ids[SCRIPT]}", **params)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text or "&lt;<mark>script</mark>&gt;" in text
        assert "<script>alert" not in text and "<img" not in text
        assert "<title>关于&lt;script&gt;" in text


@pytest.mark.parametrize("q", ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
                               "养老 </textarea><script>x</script>"])
def test_query_is_escaped_everywhere(client, q):
    response = client.get("/", query_string={"q": q})
    text = response.get_data(as_text=True)
    assert response.status_code in (200, 400)
    assert "<script>alert" not in text and "<img" not in text and "<script>x" not in text


# --- headers, errors, static files -------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/?q=养老", "/?q=%22养老", "/documents/zzz", "/nothing",
                                 "/static/style.css", "/static/dangan.js"])
def test_security_headers(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_document_page_security_headers(client, doc_ids):
    response = client.get(f"/documents/{doc_ids[BEIJING]}")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/", "/?q=养老&year=2022", "/?q=%22养老", "/nothing"])
def test_no_inline_scripts_or_styles(client, url, doc_ids):
    for address in (url, f"/documents/{doc_ids[BEIJING]}?q=养老"):
        text = client.get(address).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), address
        assert "<style" not in text and " style=" not in text and " on" + "click=" not in text


def test_static_files_are_served(client):
    assert b"color" in client.get("/static/style.css").data
    assert client.get("/static/dangan.js").status_code == 200
    assert client.get("/static/favicon.svg").status_code == 200


def test_missing_index_is_a_friendly_page(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "nothing")}).test_client()
    assert client.get("/").status_code == 200  # the home page needs no index
    text = page(client, "/", 503, q="养老")
    assert "搜索暂时不可用" in text and "dangan index" in text


def test_server_error_is_a_friendly_page(index_dir, monkeypatch):
    import indexer

    monkeypatch.setattr(indexer, "get_document", lambda *a: 1 / 0)
    client = create_app({"TESTING": False, "INDEX_DIR": str(index_dir)}).test_client()
    text = page(client, "/documents/0123456789abcdef", 500)
    assert "服务器" in text and "ZeroDivision" not in text


def test_config_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DANGAN_INDEX_DIR", str(tmp_path / "ix"))
    monkeypatch.setenv("DANGAN_ARCHIVE_DIR", str(tmp_path / "ar"))
    app = create_app()
    assert app.config["INDEX_DIR"] == str(tmp_path / "ix")
    assert app.config["ARCHIVE_DIR"] == str(tmp_path / "ar")


def test_config_defaults(monkeypatch):
    monkeypatch.delenv("DANGAN_INDEX_DIR", raising=False)
    monkeypatch.delenv("DANGAN_ARCHIVE_DIR", raising=False)
    app = create_app()
    assert app.config["INDEX_DIR"] == "dangan-index"
    assert app.config["ARCHIVE_DIR"] == "archive"
    assert create_app({"INDEX_DIR": "x"}).config["ARCHIVE_DIR"] == "archive"
