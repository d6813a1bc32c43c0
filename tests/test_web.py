"""The HTML pages: search, document, errors, escaping and security headers."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import escape

import indexer
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
    for syntax in ("OR", "-疫情", "year:2022", "year:2020-2023", "place:柳湾乡", "source:", "date:2023-10", "养老院建设", '"项目为王"'):
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
    text = client.get(f"/api/documents/{doc_ids[BEIJING]}").get_json()["paragraphs"][TIANANMEN_PARAGRAPH]
    assert args_of(link) == {"q": "天安门广场", "p": str(TIANANMEN_PARAGRAPH),
                             "k": indexer.fingerprint(text)}
    assert parts.fragment == f"p{TIANANMEN_PARAGRAPH}"


def test_more_in_document_link(client, doc_ids):
    text = page(client, "/", q="养老", place="送桥镇", per_page="50", group="paragraph")
    # 送桥镇推进养老与公厕建设 has 4 matching paragraphs: listed one by one, each says the other 3.
    assert text.count("本文另有 3 处匹配") == 4
    more = [h for h in hrefs(text) if h.startswith(f"/documents/{doc_ids[SONGQIAO]}?") and "#" not in h]
    assert more and args_of(more[0]) == {"q": "养老"}


def test_hits_grouped_by_document(client, doc_ids):
    text = page(client, "/", q="养老", place="送桥镇", per_page="50")
    # one card for 送桥镇推进养老与公厕建设, its other 3 matching paragraphs folded below it
    assert text.count("本文另有 3 处匹配") == 1
    others = re.search(r'<details class="hit-others">(.*?)</details>', text, re.S).group(1)
    assert others.count('<li class="other') == 3 and others.count("<mark>养老</mark>") >= 3
    cards = [h for h in result_links(text) if h.startswith(f"/documents/{doc_ids[SONGQIAO]}?")]
    assert len(cards) == 1
    assert "在 <strong>" in text and "篇文档里" in text
    # the switch back to one card per paragraph
    [switch] = re.findall(r'<a class="chip" href="([^"]*)">逐段</a>', text)
    assert args_of(html.unescape(switch)) == {"q": "养老", "place": "送桥镇", "per_page": "50",
                                              "group": "paragraph"}


def test_filters_alone_list_the_documents(client):
    for query in ({"q": "place:送桥镇"}, {"q": "", "place": "送桥镇"}, {"q": "year:2022 source:新华社"}):
        response = client.get("/", query_string=query)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/documents?")
    assert client.get("/", query_string={"q": "place:送桥镇"}, follow_redirects=True).status_code == 200


def test_pagination_links(client):
    first = page(client, "/", q="养老", group="paragraph")
    assert "第 1 / 2 页" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    [next_url] = [html.unescape(u) for u in re.findall(r'rel="next" href="([^"]*)"', first)]
    assert args_of(next_url) == {"q": "养老", "page": "2", "group": "paragraph"}
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
    text = page(client, "/", q="养老", group="paragraph", **params)
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
    assert "简体形式" not in reading


def test_reading_shows_the_phrase_level_form_of_a_traditional_word(client):
    text = page(client, "/", q="反覆 養老")
    reading = re.search(r'<details class="reading">(.*?)</details>', text, re.S).group(1)
    assert "<code>反覆</code> → <code>反复</code>" in reading
    assert "<code>养老</code> →" not in reading  # the character table already folded it


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
    paragraphs = client.get(f"/api/documents/{doc_ids[BEIJING]}").get_json()["paragraphs"]
    numbers = hrefs(text, "pnum")
    assert len(numbers) == len(paragraphs) == 30
    for n, (link, para) in enumerate(zip(numbers, paragraphs)):
        assert f'id="p{n}"' in text
        # each number is the paragraph's permalink: its number and its fingerprint
        assert urlsplit(link).path == f"/documents/{doc_ids[BEIJING]}"
        assert args_of(link) == {"p": str(n), "k": indexer.fingerprint(para)}
        assert urlsplit(link).fragment == f"p{n}"
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


# --- citing: a citation on every hit and on the document page --------------------------------

def textareas(text: str, cls: str) -> list[str]:
    return [html.unescape(t) for t in
            re.findall(rf'<textarea id="[^"]*" class="cite-text {cls}"[^>]*>(.*?)</textarea>', text, re.S)]


def test_every_hit_has_a_citation(client, doc_ids):
    text = page(client, "/", q="地区生产总值", group="paragraph")
    links = result_links(text)
    gbt, plain = textareas(text, "cite-gbt7714"), textareas(text, "cite-plain")
    assert len(links) == len(gbt) == len(plain) == 5
    buttons = re.findall(r'<button type="button" class="copy" data-copy="([^"]*)" hidden>', text)
    assert len(buttons) == 10 and len(set(buttons)) == 10  # one per form, each with its own box
    for link, g, p in zip(links, gbt, plain):
        quote_line, reference = g.split("\n")
        permalink = reference.split(" ")[-1].rstrip(".")
        # the citation's link is the absolute permalink of the same paragraph, without the query
        assert permalink == "http://localhost" + link.replace("q=%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC&", "")
        assert reference.startswith("信阳市人民政府. ") and "[EB/OL]. (20" in reference
        assert "地区生产总值" in quote_line and quote_line.endswith("段）")
        assert permalink in p and "地区生产总值" in p and "访问）" in p


@pytest.mark.parametrize("path, params, summaries", [
    (REPORT, {}, ["引用本文"]),
    (REPORT, {"p": "2"}, ["引用本文", "引用第 3 段"]),
    (REPORT, {"q": "养老", "p": "2", "k": indexer.fingerprint("健全养老服务体系，新建社区养老服务中心四十二个。")},
     ["引用本文", "引用第 3 段"]),
])
def test_document_page_citations(client, doc_ids, path, params, summaries):
    text = page(client, f"/documents/{doc_ids[path]}", **params)
    assert re.findall(r'<details class="cite">\s*<summary>(.*?)</summary>', text) == summaries
    whole = textareas(text, "cite-gbt7714")[0]
    assert whole == ("信阳市人民政府. 2021年信阳市政府工作报告[EB/OL]. (2021-02-20)"
                     f"[{__import__('datetime').date.today().isoformat()}]. "
                     f"http://localhost/documents/{doc_ids[path]}.")
    if "p" in params:
        assert 'id="p2" class="para' in text and re.search(r'id="p2" class="para[^"]* is-target"', text)
        assert "健全养老服务体系" in textareas(text, "cite-plain")[1]
        assert "第 3 段" in textareas(text, "cite-plain")[1]


# --- a term over time ------------------------------------------------------------------------

def bars(text: str, mode: str = "abs") -> dict[str, str]:
    figure = re.search(rf'<figure class="chart chart-{mode}">(.*?)</figure>', text, re.S).group(1)
    return {year: html.unescape(href) for href, year in
            re.findall(r'<a href="([^"]*)" class="bar[^"]*" data-year="(\d+)">', figure)}


def test_timeline_chart_links_each_year_to_its_results(client):
    text = page(client, "/", q="养老")
    assert '<section class="timeline" id="timeline"' in text
    for mode in ("abs", "rel"):
        links = bars(text, mode)
        assert sorted(links) == ["2019", "2020", "2021", "2022", "2023", "2024"]
        for year, link in links.items():
            assert args_of(link) == {"q": "养老", "year": year}
    assert 'id="mode-abs" value="abs" checked' in text and 'id="mode-rel"' in text
    assert '<label for="mode-rel">每十万字</label>' in text


def test_timeline_counts_match_the_year_facet(client):
    text = page(client, "/", q="养老")
    api = client.get("/api/search", query_string={"q": "养老"}).get_json()
    facet = dict(api["facets"]["year"])
    titles = dict(re.findall(r'data-year="(\d+)">\s*<title>\d+ 年：(\d+) 段', text))
    assert {y: int(n) for y, n in titles.items()} == facet
    table = re.findall(r'<th scope="row"><a href="[^"]*">(\d+)</a></th><td>(\d+)</td>', text)
    assert {y: int(n) for y, n in table} == facet


def test_timeline_bar_heights_absolute_and_relative(client):
    text = page(client, "/", q="养老")
    for mode in ("abs", "rel"):
        figure = re.search(rf'<figure class="chart chart-{mode}">(.*?)</figure>', text, re.S).group(1)
        heights = [float(h) for h in re.findall(r'<rect class="fill" [^>]*height="([\d.]+)"', figure)]
        assert len(heights) == 6 and max(heights) == 100 and min(heights) > 0


def test_timeline_first_and_last_mention(client, doc_ids):
    text = page(client, "/", q="地区生产总值")
    span = re.search(r'<p class="timeline-span">(.*?)</p>', text, re.S).group(1)
    first, last = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', span)]
    assert "最早：" in span and "2021-02-20 《2021年信阳市政府工作报告》第 2 段" in span
    assert "最近：" in span and "2023-02-16 《2023年信阳市政府工作报告》第 2 段" in span
    assert urlsplit(first).path == f"/documents/{doc_ids[REPORT]}" and urlsplit(first).fragment == "p1"
    assert args_of(first) == {"q": "地区生产总值", "p": "1"}


def test_timeline_ignores_the_year_filter_and_marks_the_chosen_year(client):
    text = page(client, "/", q="养老", year="2022", place="送桥镇")
    links = bars(text)
    assert len(links) > 1  # every year of 送桥镇, not only 2022
    assert all(args_of(h) == {"q": "养老", "place": "送桥镇", "year": y} for y, h in links.items())
    assert re.search(r'class="bar selected" data-year="2022"', text)
    assert len(re.findall(r'class="bar selected"', text)) == 2  # in both charts


def test_timeline_shows_other_years_when_the_chosen_year_has_nothing(client):
    text = page(client, "/", q="天安门广场", year="2019")
    assert "没有找到包含这些词的段落" in text
    assert list(bars(text)) == ["2023"]


def test_no_timeline_without_dated_matches(client):
    text = page(client, "/", q="火星基地")
    assert 'class="timeline"' not in text and 'id="export"' not in text


# --- date range, export links ----------------------------------------------------------------

@pytest.mark.parametrize("params, total, dates", [
    ({"from": "2022-01-01", "to": "2022-12-31"}, 8, ("2022-01-01", "2022-12-31")),
    ({"from": "2022-12-31", "to": "2022-01-01"}, 8, ("2022-01-01", "2022-12-31")),  # swapped
    ({"from": "2023-06-01"}, 7, ("2023-06-01", "9999")),
    ({"to": "2019-12-31"}, 4, ("0000", "2019-12-31")),
    ({"date": "2022-01-01..2022-12-31"}, 8, ("2022-01-01", "2022-12-31")),  # the API's form
])
def test_date_range_filters_results(client, params, total, dates):
    text = page(client, "/", q="养老", per_page="100", group="paragraph", **params)
    assert f"找到 <strong>{total}</strong> 个段落" in text
    shown = re.findall(r'<p class="hit-meta"><span>(\d{4}-\d\d-\d\d)</span>', text)
    assert len(shown) == total and all(dates[0] <= d <= dates[1] for d in shown)
    assert re.search(r'<a class="chip on" href="[^"]*" title="去掉这个筛选条件">日期：', text)


def test_date_range_form_keeps_the_search(client):
    text = page(client, "/", q="养老", place="送桥镇", sort="newest", **{"from": "2022-01-01"})
    form = re.search(r'<form class="panel date-range"(.*?)</form>', text, re.S).group(1)
    assert '<input type="hidden" name="q" value="养老">' in form
    assert '<input type="hidden" name="place" value="送桥镇">' in form
    assert '<input type="hidden" name="sort" value="newest">' in form
    assert '<label for="date-from">从</label>' in form and '<label for="date-to">到</label>' in form
    assert 'id="date-from" type="date" name="from" value="2022-01-01"' in form
    removers = [args_of(h) for h in hrefs(text, "chip on")]
    assert removers == [{"q": "养老", "sort": "newest", "from": "2022-01-01"},  # 地点 removed
                        {"q": "养老", "place": "送桥镇", "sort": "newest"}]  # 日期 removed
    # the header's search box carries the date range along
    assert '<input type="hidden" name="from" value="2022-01-01">' in text


def test_bad_date_is_a_400_page(client):
    text = page(client, "/", 400, q="养老", **{"from": "2022-13-45x"})
    assert "日期" in text


def test_export_links_carry_the_search(client):
    text = page(client, "/", q="养老", year="2022", sort="oldest", **{"from": "2022-01-01"})
    links = {urlsplit(h).path: args_of(h) for h in hrefs(text) if h.startswith("/api/export")}
    expected = {"q": "养老", "year": "2022", "sort": "oldest", "from": "2022-01-01"}
    assert links == {"/api/export.csv": expected, "/api/export.json": expected}
    assert "导出全部 " in text


# --- comparing a place across years ----------------------------------------------------------

def columns(text: str) -> dict[str, str]:
    return dict(re.findall(r'<section class="year-column" id="y(\d+)".*?>(.*?)</section>', text, re.S))


def test_compare_puts_each_years_matching_paragraphs_side_by_side(client, doc_ids):
    text = page(client, "/compare", place="信阳市", q="地区生产总值", **{"in": "reports"})
    cols = columns(text)
    assert list(cols) == ["2021", "2022", "2023"]
    assert cols["2021"].count('class="compare-hit"') == 2
    assert cols["2022"].count('class="compare-hit"') == 2
    assert cols["2023"].count('class="compare-hit"') == 1 and "本年 2 篇中的 1 篇" in cols["2023"]
    assert cols["2021"].count("<mark>地区生产总值</mark>") == 2
    # the year whose report never says it is listed below, one click from that report
    silent = re.search(r'<p class="silent-years">(.*?)</p>', text, re.S).group(1)
    assert "没有提到 “地区生产总值” 的年份" in silent
    assert [urlsplit(h).path for h in hrefs(silent)] == [f"/documents/{doc_ids['reports/2024-xinyang-report.txt']}"]
    links = [html.unescape(h) for h in re.findall(r'class="pnum" href="([^"]*)"', cols["2022"])]
    assert [args_of(h)["p"] for h in links] == ["1", "2"]
    assert all(urlsplit(h).path == f"/documents/{doc_ids['reports/2022-xinyang-report.txt']}" for h in links)
    assert "briefs/" not in text and "民生简讯" not in text  # other parts of the archive stay out


def test_compare_without_a_query_lists_each_years_documents(client):
    text = page(client, "/compare", place="信阳市", **{"in": "reports"})
    cols = columns(text)
    assert list(cols) == ["2021", "2022", "2023", "2024"]
    assert cols["2023"].count('class="compare-doc"') == 2
    assert '<label for="compare-q">' in text and '<input type="hidden" name="place" value="信阳市">' in text


def test_compare_a_range_of_years(client):
    text = page(client, "/compare", place="信阳市", q="地区生产总值", year="2022-2024", **{"in": "reports"})
    assert list(columns(text)) == ["2022", "2023"]
    assert 'id="compare-year" class="year" type="text" name="year" value="2022-2024"' in text


@pytest.mark.parametrize("params, status, says", [
    ({}, 400, "place"),
    ({"place": "火星"}, 200, "没有找到 火星的文档"),
    ({"place": "信阳市", "in": "reports", "year": "1990"}, 200, "没有找到 信阳市 1990 年的文档"),
    ({"place": "信阳市", "q": '"养老', "in": "reports"}, 400, "引号"),
    ({"place": "信阳市", "q": "养老", "in": "reports", "year": "abc"}, 400, "年份"),
])
def test_compare_errors(client, params, status, says):
    assert says in page(client, "/compare", status, **params)


@pytest.mark.parametrize("path, q, chips", [
    ("reports/2022-xinyang-report.txt", "", ["2021", "2022", "2023", "2024"]),
    (REPORT, "就业", ["2021", "2022", "2023", "2024"]),
])
def test_document_page_links_other_years(client, doc_ids, path, q, chips):
    text = page(client, f"/documents/{doc_ids[path]}", **({"q": q} if q else {}))
    block = re.search(r'<div class="wide other-years">(.*?)</div>', text, re.S).group(1)
    assert re.findall(r'>(\d{4})(?: <span class="n">\d+ 篇</span>)?</(?:a|span)>', block) == chips
    compare = [h for h in hrefs(block) if h.startswith("/compare")]
    assert compare and args_of(compare[-1]) == {"place": "信阳市", "in": "reports", **({"q": q} if q else {})}
    one_doc = [h for h in hrefs(block) if h.startswith("/documents/")]
    assert len(one_doc) == 2  # 2023 has two documents: that year goes to the comparison


def test_document_without_other_years_has_no_compare_link(client, doc_ids):
    text = page(client, f"/documents/{doc_ids[BEIJING]}")
    assert "other-years" not in text and "/compare" not in text


# --- for residents: OpenSearch, no outside requests, small assets -----------------------------

def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    body = response.get_data(as_text=True)
    assert "<ShortName>档案</ShortName>" in body and "<InputEncoding>UTF-8</InputEncoding>" in body
    assert 'template="http://localhost/?q={searchTerms}"' in body
    import xml.dom.minidom

    xml.dom.minidom.parseString(response.data)  # well formed
    home = page(client, "/")
    assert ('<link rel="search" type="application/opensearchdescription+xml" title="档案" '
            'href="/opensearch.xml">') in home


PAGES = ["/", "/?q=养老", "/?q=地区生产总值&year=2022", "/compare?place=信阳市&in=reports&q=就业",
         "/nothing"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_make_no_outside_requests(client, url):
    text = client.get(url).get_data(as_text=True)
    loads = re.findall(r'<(?:script|link|img|iframe|source|video|audio)\b[^>]*(?:src|href)="([^"]*)"', text)
    assert loads and all(u.startswith("/") and not u.startswith("//") for u in loads), loads
    assert "@import" not in text and "url(http" not in text


@pytest.mark.parametrize("asset, limit", [("style.css", 24_000), ("dangan.js", 8_000),
                                          ("favicon.svg", 2_000)])
def test_assets_stay_small(client, asset, limit):
    assert len(client.get(f"/static/{asset}").data) < limit


@pytest.mark.parametrize("url", ["/compare?place=信阳市&in=reports&q=就业", "/opensearch.xml",
                                 "/documents/82ce08ae691674df?p=2&q=养老"])
def test_new_pages_keep_security_headers_and_no_inline_code(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    text = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)
    assert "<style" not in text and " style=" not in text and " on" + "click=" not in text


@pytest.mark.parametrize("q, fragment", [
    ("天安门广场 year:2019", "去掉筛选条件"),
    # (a string a few characters off gets near statements instead: see test_near.py)
    ('"北京天安门广场升起五星红旗"', "北京天安门广场"),
])
def test_empty_results_offer_suggestions_that_find_something(client, q, fragment):
    page = client.get("/", query_string={"q": q}).get_data(as_text=True)
    assert 'class="suggestions"' in page and fragment in page


def test_run_together_words_on_the_page(client):
    html = client.get("/", query_string={"q": "养老床位", "page": 2}).get_data(as_text=True)
    assert "“养老床位” 完整出现在 <strong class=\"exact-total\">25</strong> 个段落；" in html
    assert "另有 <strong class=\"words-total\">1</strong> 个段落包含“养老”和“床位”" in html
    assert 'href="/?q=%22%E5%85%BB%E8%80%81%E5%BA%8A%E4%BD%8D%22"' in html  # q="养老床位"
    assert html.count('class="hit match-words"') == 1 and "只含其中的词" in html
    assert "<code>养老床位</code> → <code>养老</code><code>床位</code>" in html


def test_run_together_words_found_only_whole_say_no_more(client):
    html = client.get("/", query_string={"q": "信阳毛尖"}).get_data(as_text=True)
    assert "“信阳毛尖” 完整出现在 <strong class=\"exact-total\">1</strong> 个段落（按词再找没有更多段落）" in html
    assert "另有" not in html.split('class="word-reading"')[1].split("</p>")[0]
    assert 'class="exact-link"' not in html  # "only whole ones" would be the same list


def test_words_that_never_meet_on_the_page(client):
    html = client.get("/", query_string={"q": "天安门床位"}).get_data(as_text=True)
    assert "没有一个段落同时包含“天安门”和“床位”。" in html
    assert "不含“床位”：" in html and "不含“天安门”：" in html


def test_document_page_marks_the_words_of_a_run_together_query(client, doc_ids):
    from conftest import REPORT
    html = client.get(f"/documents/{doc_ids[REPORT]}", query_string={"q": "养老床位"}).get_data(as_text=True)
    assert "<mark>床位</mark>" in html and "<mark>养老</mark>" in html
