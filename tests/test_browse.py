"""What the archive holds: /api/documents, the home page's counts, the /documents listing, and
the comparison across years reachable from every place that has two or more years."""
from __future__ import annotations

import html
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ARCHIVE, BEIJING, SONGQIAO

DOC_KEYS = ["doc_id", "path", "title", "date", "place", "source", "url", "source_url", "paragraphs"]


def hrefs(text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', text)]


def args_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def listing(client, **params) -> dict:
    response = client.get("/api/documents", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


# --- /api/documents --------------------------------------------------------------------------

def test_documents_lists_the_whole_archive_a_page_at_a_time(client, doc_ids):
    first = listing(client)
    assert first["total"] == len(ARCHIVE) and first["per_page"] == 20
    assert first["pages"] == -(-len(ARCHIVE) // 20) and len(first["documents"]) == 20
    every = first["documents"] + listing(client, page=2)["documents"]
    assert sorted(d["path"] for d in every) == sorted(ARCHIVE)
    for d in every:
        assert list(d) == DOC_KEYS
        assert d["doc_id"] == doc_ids[d["path"]] and d["url"] == f"/documents/{d['doc_id']}"
        assert d["paragraphs"] >= 1
    dates = [d["date"] for d in every]
    assert dates == sorted(dates)
    report = next(d for d in every if d["path"] == "reports/2021-xinyang-report.txt")
    assert report["source_url"] == "https://www.xinyang.gov.cn/report/2021.html"
    assert report["paragraphs"] == 12


@pytest.mark.parametrize("params, expected", [
    ({"place": "信阳市"}, lambda p: "xinyang" in p or p.startswith("briefs/") and "信阳市" in ARCHIVE[p]),
    ({"year": "2023"}, lambda p: "2023" in ARCHIVE[p].split("date:")[1][:8]),
    ({"source": "新华社"}, lambda p: "source: 新华社" in ARCHIVE[p]),
    ({"section": "reports"}, lambda p: p.startswith("reports/")),
    ({"section": "reports", "year": "2022-2023"}, lambda p: p.startswith("reports/2022") or p.startswith("reports/2023")),
])
def test_documents_filters(client, params, expected):
    body = listing(client, per_page=100, **params)
    assert sorted(d["path"] for d in body["documents"]) == sorted(p for p in ARCHIVE if expected(p))
    assert body["filters"] == params and body["total"] == len(body["documents"]) > 0


@pytest.mark.parametrize("params, status, code", [
    ({"page": "99"}, 400, "page_out_of_range"),
    ({"year": "abc"}, 400, "bad_query"),
    ({"per_page": "0"}, 400, "bad_query"),
    ({"per_page": "101"}, 400, "bad_query"),
])
def test_documents_errors(client, params, status, code):
    response = client.get("/api/documents", query_string=params)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["status"] == status and error["message"]
    if code == "page_out_of_range":
        assert "page=2" in error["hint"]


def test_documents_that_match_nothing_are_one_empty_page(client):
    body = listing(client, place="火星")
    assert body["total"] == 0 and body["pages"] == 1 and body["documents"] == []


# --- the home page: what the archive holds ----------------------------------------------------

def holdings_block(client) -> str:
    text = client.get("/").get_data(as_text=True)
    return re.search(r'<section class="holdings".*?</section>', text, re.S).group(0)


def test_home_page_shows_what_the_archive_holds(client):
    block = holdings_block(client)
    total = sum(len(t.split("\n---\n", 1)[1].strip().splitlines()) for t in ARCHIVE.values())
    assert f"<strong>{len(ARCHIVE)}</strong> 篇文档" in block
    assert f"<strong>{total}</strong> 个段落" in block
    years = Counter(re.search(r'date: "(\d{4})', t).group(1) for t in ARCHIVE.values())
    assert f"{min(years)}–{max(years)} 年" in block
    chips = re.findall(r'<a class="chip" href="([^"]*)">([^<]*) <span class="n">(\d+)</span>', block)
    by_kind = {k: {v.strip(): int(n) for h, v, n in chips if k in args_of(html.unescape(h))}
               for k in ("year", "place", "source")}
    assert by_kind["year"] == dict(years)
    assert by_kind["source"]["新华社"] == sum("source: 新华社" in t for t in ARCHIVE.values())
    assert by_kind["place"]["信阳市"] == sum("place: 信阳市" in t for t in ARCHIVE.values())


def test_every_count_on_the_home_page_is_what_its_link_lists(client):
    block = holdings_block(client)
    chips = re.findall(r'<a class="chip" href="([^"]*)">[^<]* <span class="n">(\d+)</span>', block)
    assert len(chips) > 10
    for href, count in chips:
        href = html.unescape(href)
        assert urlsplit(href).path == "/documents"
        page = client.get(href)
        assert page.status_code == 200
        assert f"共 <strong>{count}</strong> 篇文档" in page.get_data(as_text=True), href
        assert listing(client, **args_of(href))["total"] == int(count), href


# --- the /documents page ----------------------------------------------------------------------

def test_browse_page_lists_documents_newest_first_with_links(client, doc_ids):
    text = client.get("/documents", query_string={"place": "信阳市", "section": "reports"}).get_data(as_text=True)
    links = re.findall(r'<h2 class="doc-title"><a href="/documents/([0-9a-f]{16})">', text)
    reports = ["reports/2024-xinyang-report.txt", "reports/2023-xinyang-bulletin.txt",
               "reports/2023-xinyang-report.txt", "reports/2022-xinyang-report.txt",
               "reports/2021-xinyang-report.txt"]
    assert links == [doc_ids[p] for p in reports]
    assert "共 <strong>5</strong> 篇文档" in text
    # the place has documents in several years: one click to compare them
    assert "/compare?place=" in text


def test_browse_page_pages_and_clamps(client):
    first = client.get("/documents").get_data(as_text=True)
    assert first.count('class="doc-item"') == len(ARCHIVE)  # 35 documents fit on one page
    assert client.get("/documents", query_string={"page": "99"}).status_code == 200


def test_browse_page_with_a_bad_filter_says_so(client):
    response = client.get("/documents", query_string={"year": "abc"})
    assert response.status_code == 400 and "年份" in response.get_data(as_text=True)


def test_browse_page_search_box_keeps_the_filters(client):
    text = client.get("/documents", query_string={"place": "送桥镇"}).get_data(as_text=True)
    assert '<input type="hidden" name="place" value="送桥镇">' in text


# --- comparing across years, from wherever documents are --------------------------------------

def test_place_facet_links_to_the_comparison_of_places_with_two_years(client):
    text = client.get("/", query_string={"q": "养老"}).get_data(as_text=True)
    facet = re.search(r'<details class="facet facet-place">(.*?)</details>', text, re.S).group(1)
    compared = {args_of(h)["place"] for h in hrefs(facet) if h.startswith("/compare")}
    # every place of the facet has documents in two or more years, except 北京市 (one, 2023)
    assert compared == {"送桥镇", "平桥区", "信阳市", "浉河区"}
    for h in hrefs(facet):
        if h.startswith("/compare"):
            assert args_of(h)["q"] == "养老" and "in" not in args_of(h)
            page = client.get(h).get_data(as_text=True)
            assert len(re.findall(r'class="year-column"', page)) >= 2, h


def test_document_page_compares_across_folders_when_its_own_has_one_year(client, doc_ids):
    # news/ holds only 2022 for 送桥镇, briefs/ has its other years: compare the whole archive.
    text = client.get(f"/documents/{doc_ids[SONGQIAO]}").get_data(as_text=True)
    block = re.search(r'<div class="wide other-years">(.*?)</div>', text, re.S).group(1)
    compare = [h for h in hrefs(block) if h.startswith("/compare")]
    assert compare and args_of(compare[-1]) == {"place": "送桥镇"}
    page = client.get(compare[-1]).get_data(as_text=True)
    years = re.findall(r'<section class="year-column" id="y(\d+)"', page)
    assert len(years) >= 3 and "2022" in years
    assert "送桥镇推进养老与公厕建设" in page and "送桥镇民生简讯" in page


def test_compare_without_in_counts_every_folder(client):
    text = client.get("/compare", query_string={"place": "信阳市"}).get_data(as_text=True)
    assert "2021年信阳市政府工作报告" in text and "信阳市民生简讯" in text


def test_compare_errors_hint_leads_to_a_working_comparison(client):
    response = client.get("/compare")
    assert response.status_code == 400
    hint = re.search(r'<p class="hint">(.*?)</p>', response.get_data(as_text=True), re.S).group(1)
    url = re.search(r"(/compare\?place=\S+?)。", html.unescape(hint)).group(1)
    page = client.get(url)
    assert page.status_code == 200
    assert len(re.findall(r'class="year-column"', page.get_data(as_text=True))) >= 2


def test_a_place_with_one_year_has_no_comparison(client, doc_ids):
    text = client.get(f"/documents/{doc_ids[BEIJING]}").get_data(as_text=True)
    assert "/compare" not in text


def test_home_page_shows_the_biggest_values_and_links_to_all(app):
    from flask import render_template

    from web.browse import Holdings

    held = Holdings(documents=40, paragraphs=400,
                    years=[(str(y), 1) for y in range(2019, 1989, -1)],
                    places=[(f"第{n}镇", 40 - n) for n in range(30)],
                    sources=[("CCTV《新闻联播》 tv.cctv.com via github.com/someone/news@0123456789", 40)])
    with app.test_request_context("/"):
        home = render_template("_holdings.html", holdings=held)
        every = render_template("_holdings.html", holdings=held, holdings_shown=10000)
    assert home.count('class="chip"') == 12 + 12 + 1 and every.count('class="chip"') == 30 + 30 + 1
    assert '全部 30 个</a>' in home and "全部" not in every
    assert ">第0镇 <" in home and ">第12镇 <" not in home  # the biggest first
    # a source is named by its organisation, its collection notes kept in the title
    assert 'title="CCTV《新闻联播》 tv.cctv.com via github.com/someone/news@0123456789">CCTV《新闻联播》 <' in home
    assert "source=CCTV" in home


def test_browse_page_pages_through_every_document_once(client, monkeypatch, doc_ids):
    import web.pages

    monkeypatch.setattr(web.pages, "BROWSE_PER_PAGE", 10)
    seen, url = [], "/documents"
    while url:
        text = client.get(url).get_data(as_text=True)
        seen += re.findall(r'<h2 class="doc-title"><a href="/documents/([0-9a-f]{16})">', text)
        nxt = re.search(r'<a class="next" rel="next" href="([^"]+)">', text)
        url = html.unescape(nxt.group(1)) if nxt else None
    assert sorted(seen) == sorted(doc_ids.values()) and len(seen) == len(set(seen))
    assert '<ol class="doc-list" start="31">' in text  # the last page numbers on from 31
