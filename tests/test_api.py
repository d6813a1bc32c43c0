"""The JSON API contract: /api/search and /api/documents/<doc_id>, and its one error shape."""
from __future__ import annotations

import re

import pytest

import indexer
from conftest import ARCHIVE, BEIJING, SCRIPT, TIANANMEN_PARAGRAPH
from web import create_app

HIT_FIELDS = {
    "doc_id": str, "path": str, "title": str, "date": str, "paragraph": int,
    "text": str, "highlight": str, "url": str,
}
TOP_FIELDS = {"query": str, "total": int, "page": int, "per_page": int, "hits": list}
SECURITY_HEADERS = ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
                    "X-Frame-Options"]


def assert_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response.is_json, response.data[:200]
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error.get("hint", ""), str)
    assert "Traceback" not in response.get_data(as_text=True)
    return error


# --- /api/search -----------------------------------------------------------------------------

def test_search_contract(client):
    response = client.get("/api/search", query_string={"q": "养老"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    for key, kind in TOP_FIELDS.items():
        assert isinstance(body[key], kind), key
    assert body["query"] == "养老"
    assert body["page"] == 1 and body["per_page"] == 20
    assert body["total"] > 25
    assert len(body["hits"]) == 20
    for hit in body["hits"]:
        for key, kind in HIT_FIELDS.items():
            assert isinstance(hit[key], kind), (key, hit)
        assert re.fullmatch(r"[0-9a-f]{16}", hit["doc_id"])
        assert hit["path"] in ARCHIVE  # relative to the archive, POSIX separators
        assert not hit["path"].startswith("/") and "\\" not in hit["path"]
        assert hit["doc_id"] == indexer.make_doc_id(hit["path"])
        assert hit["paragraph"] >= 0
        assert hit["paragraph_number"] == hit["paragraph"] + 1
        assert hit["url"] == (f"/documents/{hit['doc_id']}?p={hit['paragraph']}"
                              f"&k={hit['fingerprint']}#p{hit['paragraph']}")
        assert "养老" in hit["text"]
        assert "<mark>养老</mark>" in hit["highlight"]


def test_hit_paragraph_is_zero_based_and_url_points_to_it(client, doc_ids):
    body = client.get("/api/search", query_string={"q": "天安门广场"}).get_json()
    assert body["total"] == 1
    hit = body["hits"][0]
    assert hit["doc_id"] == doc_ids[BEIJING]
    assert hit["paragraph"] == TIANANMEN_PARAGRAPH
    assert hit["url"].endswith(f"#p{TIANANMEN_PARAGRAPH}")
    document = client.get(f"/api/documents/{hit['doc_id']}").get_json()
    assert document["paragraphs"][hit["paragraph"]] == hit["text"]
    page = client.get(hit["url"].split("#")[0]).get_data(as_text=True)
    assert f'id="p{TIANANMEN_PARAGRAPH}"' in page


@pytest.mark.parametrize("per_page", [1, 7, 10, 20, 100])
def test_pagination_is_consistent(client, per_page):
    seen, total, page = [], None, 1
    while True:
        body = client.get("/api/search", query_string={"q": "养老", "page": page,
                                                       "per_page": per_page}).get_json()
        total = body["total"] if total is None else total
        assert body["total"] == total
        assert body["page"] == page and body["per_page"] == per_page
        assert len(body["hits"]) <= per_page
        assert body["pages"] == -(-total // per_page)
        seen += [(h["doc_id"], h["paragraph"]) for h in body["hits"]]
        if page == body["pages"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == total
    past = client.get("/api/search", query_string={"q": "养老", "page": page + 1,
                                                   "per_page": per_page})
    assert assert_error(past, 400)["code"] == "page_out_of_range"


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_sort_orders_pages_without_duplicates(client, sort):
    first = client.get("/api/search", query_string={"q": "养老", "sort": sort, "per_page": 15}).get_json()
    second = client.get("/api/search", query_string={"q": "养老", "sort": sort, "per_page": 15,
                                                     "page": 2}).get_json()
    assert first["sort"] == second["sort"] == sort
    hits = first["hits"] + second["hits"]
    keys = [(h["doc_id"], h["paragraph"]) for h in hits]
    assert len(keys) == len(set(keys)) == 30
    dates = [h["date"] for h in hits]
    if sort == "newest":
        assert dates == sorted(dates, reverse=True)
    elif sort == "oldest":
        assert dates == sorted(dates)


@pytest.mark.parametrize("params, check", [
    ({"year": "2022"}, lambda h: h["date"].startswith("2022")),
    ({"year": "2020-2021"}, lambda h: h["date"][:4] in ("2020", "2021")),
    ({"place": "送桥镇"}, lambda h: h["place"] == "送桥镇"),
    ({"source": "新华社"}, lambda h: h["source"] == "新华社"),
    ({"year": "2022", "place": "送桥镇"}, lambda h: h["date"].startswith("2022") and h["place"] == "送桥镇"),
    ({"q": "养老 year:2023"}, lambda h: h["date"].startswith("2023")),
    ({"q": "养老 place:北京"}, lambda h: h["place"] == "北京市"),
])
def test_filters_narrow_results(client, params, check):
    everything = client.get("/api/search", query_string={"q": "养老"}).get_json()["total"]
    body = client.get("/api/search", query_string={"q": "养老", "per_page": 100, **params}).get_json()
    assert 0 < body["total"] < everything
    assert len(body["hits"]) == body["total"]
    assert all(check(h) for h in body["hits"]), body["hits"]


def test_facets_count_all_matches(client):
    body = client.get("/api/search", query_string={"q": "养老", "per_page": 1}).get_json()
    for name in ("year", "place", "source"):
        facet = body["facets"][name]
        assert sum(n for _, n in facet) == body["total"], name
    assert ["送桥镇", 10] in body["facets"]["place"]
    narrowed = client.get("/api/search", query_string={"q": "养老", "place": "送桥镇"}).get_json()
    assert narrowed["total"] == 10


@pytest.mark.parametrize("q, expected", [
    ("公厕 OR 厕所", {"公厕", "厕所"}),
    ('"养老床位"', {"养老床位"}),
    ("养老 -疫情", {"养老"}),
])
def test_query_syntax(client, q, expected):
    body = client.get("/api/search", query_string={"q": q, "per_page": 100}).get_json()
    assert body["total"] > 0
    for hit in body["hits"]:
        assert any(s in hit["text"] for s in expected), hit["text"]
        assert "疫情" not in hit["text"] or "-疫情" not in q


def test_exclusion_removes_paragraphs(client):
    everything = client.get("/api/search", query_string={"q": "养老"}).get_json()["total"]
    without = client.get("/api/search", query_string={"q": "养老 -疫情"}).get_json()["total"]
    assert without == everything - 1


def test_no_results_is_not_an_error(client):
    body = client.get("/api/search", query_string={"q": "火星基地"}).get_json()
    assert body["total"] == 0 and body["hits"] == []


def test_page_past_the_end_is_a_400_naming_the_last_page(client):
    pages = client.get("/api/search", query_string={"q": "养老"}).get_json()["pages"]
    assert pages > 1
    error = assert_error(client.get("/api/search", query_string={"q": "养老", "page": 99}), 400)
    assert error["code"] == "page_out_of_range" and f"page={pages}" in error["hint"]
    # Nothing found is one (empty) page, not an error; its page 2 is.
    assert client.get("/api/search", query_string={"q": "火星基地"}).get_json()["pages"] == 1
    error = assert_error(client.get("/api/search", query_string={"q": "火星基地", "page": 2}), 400)
    assert "page=1" in error["hint"]


@pytest.mark.parametrize("params", [
    {},
    {"q": ""},
    {"q": "   "},
    {"q": '"养老'},
    {"q": "OR"},
    {"q": "养老 OR"},
    {"q": "-养老"},
    {"q": "养老 year:abc"},
    {"q": "养老", "year": "abc"},
    {"q": "养老", "page": "abc"},
    {"q": "养老", "page": "-1"},
    {"q": "养老", "page": "0"},
    {"q": "养老", "page": "1.5"},
    {"q": "养老", "page": "１"},
    {"q": "养老", "page": "99999999999999999999"},
    {"q": "养老", "per_page": "0"},
    {"q": "养老", "per_page": "101"},
    {"q": "养老", "per_page": "1000"},
    {"q": "养老", "per_page": "ten"},
    {"q": "养老", "sort": "random"},
    {"q": "养" * 600},
])
def test_bad_requests_are_400_json(client, params):
    assert_error(client.get("/api/search", query_string=params), 400)


def test_per_page_100_is_allowed(client):
    body = client.get("/api/search", query_string={"q": "养老", "per_page": 100}).get_json()
    assert body["per_page"] == 100 and len(body["hits"]) == body["total"]


def test_query_error_carries_hint(client):
    error = assert_error(client.get("/api/search", query_string={"q": '"养老'}), 400)
    assert "引号" in error["message"] and error["hint"]


# --- /api/documents --------------------------------------------------------------------------

def test_document_contract(client, doc_ids):
    response = client.get(f"/api/documents/{doc_ids[BEIJING]}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["doc_id"] == doc_ids[BEIJING]
    assert body["path"] == BEIJING
    assert body["title"] == "国庆假期首都各景区游客如织"
    assert body["date"] == "2023-10-01"
    assert body["place"] == "北京市" and body["source"] == "新华社"
    assert isinstance(body["paragraphs"], list) and len(body["paragraphs"]) == 30
    assert "北京天安门广场" in body["paragraphs"][TIANANMEN_PARAGRAPH]


def test_document_keeps_raw_text(client, doc_ids):
    # JSON carries text, not HTML: escaping is the reader's job, and json escapes nothing away.
    body = client.get(f"/api/documents/{doc_ids[SCRIPT]}").get_json()
    assert "<script>alert(1)</script>" in body["paragraphs"][0]
    assert body["title"] == "关于<script>alert(1)</script>注入的测试"


@pytest.mark.parametrize("doc_id", [
    "0123456789abcdef",  # well formed, no such document
    "0123456789ABCDEF",
    "0123456789abcde",
    "0123456789abcdef0",
    "0123456789abcdeg",
    "zzz",
    "..",
    "%2e%2e",
    "..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "../../etc/passwd",
    "....//....//etc/passwd",
    "%00",
])
def test_unknown_or_garbage_document_is_404_json(client, doc_id):
    assert_error(client.get(f"/api/documents/{doc_id}"), 404)


@pytest.mark.parametrize("url", ["/api", "/api/", "/api/nothing", "/api/search/extra",
                                 "/api/documents/"])
def test_unknown_api_urls_are_404_json(client, url):
    assert_error(client.get(url), 404)


def test_wrong_method_is_405_json(client):
    error = assert_error(client.post("/api/search", data={"q": "养老"}), 405)
    assert error["message"]


# --- errors from the indexer and the server --------------------------------------------------

@pytest.mark.parametrize("url", ["/api/search?q=养老", "/api/documents/0123456789abcdef"])
def test_missing_index_is_503_with_hint(tmp_path, url):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "nothing")}).test_client()
    error = assert_error(client.get(url), 503)
    assert "dangan index" in error["hint"]


def test_server_error_is_json_without_traceback(tmp_path, monkeypatch, index_dir):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /etc/shadow")

    monkeypatch.setattr(indexer, "search", broken)
    app = create_app({"TESTING": False, "INDEX_DIR": str(index_dir)})
    response = app.test_client().get("/api/search?q=养老")
    error = assert_error(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert error["message"]


@pytest.mark.parametrize("url", ["/api/search?q=养老", "/api/search", "/api/documents/zzz"])
def test_api_sends_security_headers(client, url):
    response = client.get(url)
    for name in SECURITY_HEADERS:
        assert response.headers.get(name), name
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_json_keeps_chinese_readable(client):
    raw = client.get("/api/search", query_string={"q": "天安门广场"}).get_data(as_text=True)
    assert "天安门广场" in raw  # not \\u escapes


# --- whatever people type, the answer is a result or a 400, never a 500 ----------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

QUERY_PIECES = st.sampled_from(['养老', '公厕', '"', '“', '”', ' ', 'OR', '-', '|', 'year:', 'place:',
                                'source:', 'date:', '2022', '2020-2023', 'abc', ':', '\u200b', '<', '>',
                                '&', '%', '天安门广场', '*', '\\', '０'])
ANY_QUERY = st.one_of(st.text(max_size=40), st.lists(QUERY_PIECES, max_size=8).map("".join))
FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(q=ANY_QUERY, page=st.one_of(st.none(), st.text(max_size=6)),
       per_page=st.one_of(st.none(), st.text(max_size=6)), year=st.one_of(st.none(), st.text(max_size=10)))
def test_any_input_is_200_or_400(client, q, page, per_page, year):
    params = {k: v for k, v in {"q": q, "page": page, "per_page": per_page, "year": year}.items()
              if v is not None}
    response = client.get("/api/search", query_string=params)
    assert response.status_code in (200, 400), response.get_data(as_text=True)
    body = response.get_json()
    if response.status_code == 400:
        assert set(body["error"]) == {"status", "code", "message", "hint"}
    else:
        assert isinstance(body["hits"], list) and body["total"] >= len(body["hits"])


@FUZZ
@given(q=ANY_QUERY)
def test_any_query_on_pages_is_200_or_400(client, doc_ids, q):
    response = client.get("/", query_string={"q": q}, follow_redirects=True)  # filters alone: listed
    assert response.status_code in (200, 400)
    response = client.get(f"/documents/{doc_ids[BEIJING]}", query_string={"q": q})
    assert response.status_code == 200


# --- citations, timeline, export (keys are only added) ---------------------------------------

import csv  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
from urllib.parse import parse_qs, urlsplit  # noqa: E402

from conftest import REPORT  # noqa: E402

CITATION_FIELDS = {"title": str, "author": str, "place": str, "source": str, "date": str,
                   "paragraph": int, "paragraph_number": int, "text": str, "url": str,
                   "accessed": str, "reference": str, "gbt7714": str, "plain": str}


def test_hits_carry_a_citation(client):
    body = client.get("/api/search", query_string={"q": "养老"}).get_json()
    today = dt.date.today().isoformat()
    for hit in body["hits"]:
        assert hit["fingerprint"] == indexer.fingerprint(hit["text"])
        cite = hit["citation"]
        for key, kind in CITATION_FIELDS.items():
            assert isinstance(cite[key], kind), key
        for key in ("title", "place", "source", "date", "paragraph", "text"):
            assert cite[key] == hit[key], key
        assert cite["paragraph_number"] == hit["paragraph"] + 1
        assert cite["accessed"] == today
        parts = urlsplit(cite["url"])
        assert parts.scheme == "http" and parts.netloc == "localhost"
        assert cite["url"] == "http://localhost" + hit["url"]  # the same permalink, absolute
        assert parts.fragment == f"p{hit['paragraph']}"
        assert parse_qs(parts.query) == {"p": [str(hit["paragraph"])], "k": [hit["fingerprint"]]}
        assert cite["gbt7714"].endswith(cite["reference"]) and cite["url"] in cite["reference"]
        assert f"第 {hit['paragraph'] + 1} 段" in cite["plain"] and cite["url"] in cite["plain"]


def test_hit_keys_are_only_added(client):
    hit = client.get("/api/search", query_string={"q": "天安门广场"}).get_json()["hits"][0]
    assert list(hit) == ["doc_id", "path", "title", "date", "place", "source", "paragraph",
                         "paragraph_number", "text", "highlight", "url", "more_in_doc", "match",
                         "speakers", "fingerprint", "citation"]


def test_citation_host_follows_the_request(client):
    body = client.get("/api/search", query_string={"q": "天安门广场"},
                      base_url="https://dangan.example.org").get_json()
    assert body["hits"][0]["citation"]["url"].startswith("https://dangan.example.org/documents/")


@pytest.mark.parametrize("params, cited", [
    ({}, None),
    ({"p": "2"}, 2),
    ({"p": "2", "k": indexer.fingerprint("健全养老服务体系，新建社区养老服务中心四十二个。")}, 2),
    ({"k": indexer.fingerprint("健全养老服务体系，新建社区养老服务中心四十二个。")}, 2),
    ({"p": "500"}, None),
])
def test_document_fingerprints_and_citation(client, doc_ids, params, cited):
    body = client.get(f"/api/documents/{doc_ids[REPORT]}", query_string=params).get_json()
    assert body["fingerprints"] == [indexer.fingerprint(t) for t in body["paragraphs"]]
    assert body["citation"]["paragraph"] == cited
    assert body["citation"]["title"] == "2021年信阳市政府工作报告"
    assert ("target" in body) == bool(params)
    if cited is not None:
        assert body["citation"]["text"] == body["paragraphs"][cited]
        assert body["target"]["paragraph"] == cited


def test_timeline_contract(client):
    body = client.get("/api/timeline", query_string={"q": "养老"}).get_json()
    assert body["query"] == "养老" and body["total"] == 38
    assert [y["year"] for y in body["years"]] == [2019, 2020, 2021, 2022, 2023, 2024]
    assert sum(y["paragraphs"] for y in body["years"]) == 38
    for y in body["years"]:
        assert set(y) == {"year", "paragraphs", "documents", "per_100k_chars"}
        assert 0 < y["documents"] <= y["paragraphs"] and y["per_100k_chars"] > 0
    assert body["first"]["date"] <= body["last"]["date"]
    for end in ("first", "last"):
        m = body[end]
        assert m["paragraph_number"] == m["paragraph"] + 1
        text = client.get(f"/api/documents/{m['doc_id']}").get_json()["paragraphs"][m["paragraph"]]
        assert m["url"] == (f"/documents/{m['doc_id']}?p={m['paragraph']}"
                            f"&k={indexer.fingerprint(text)}#p{m['paragraph']}")


@pytest.mark.parametrize("params, total", [
    ({"q": "养老", "place": "送桥镇"}, 10),
    ({"q": "养老", "year": "2022"}, 8),
    ({"q": "养老", "date": "2022-01-01..2022-06-30"}, 6),
    ({"q": "养老", "from": "2022-01-01", "to": "2022-06-30"}, 6),
    ({"q": "养老 year:2021"}, 12),
])
def test_timeline_and_search_filter_alike(client, params, total):
    timeline = client.get("/api/timeline", query_string=params).get_json()
    search = client.get("/api/search", query_string=params).get_json()
    assert timeline["total"] == search["total"] == total


@pytest.mark.parametrize("url", ["/api/timeline", "/api/timeline?q=", "/api/timeline?q=%22养老",
                                 "/api/timeline?q=养老&date=yesterday", "/api/export.csv",
                                 "/api/export.json?q=%22养老", "/api/export.csv?q=养老&sort=random",
                                 "/api/search?q=养老&from=2022-x"])
def test_new_endpoints_refuse_bad_requests(client, url):
    assert_error(client.get(url), 400)


def test_unknown_export_format_is_404(client):
    assert_error(client.get("/api/export.xlsx?q=养老"), 404)


def read_csv(response) -> list[dict]:
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode("utf-8")), raw[:10]  # so that Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("params", [
    {"q": "养老"},
    {"q": "养老", "sort": "oldest"},
    {"q": "养老", "place": "送桥镇", "sort": "newest"},
    {"q": "养老 -疫情", "from": "2021-01-01"},
    {"q": "火星基地"},
])
def test_export_csv_has_every_hit_in_order(client, params):
    response = client.get("/api/export.csv", query_string=params)
    assert response.status_code == 200 and response.is_streamed
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = read_csv(response)
    every = []
    page = 1
    while True:
        body = client.get("/api/search", query_string={**params, "per_page": 7, "page": page}).get_json()
        every += body["hits"]
        if page == body["pages"]:
            break
        page += 1
    assert len(rows) == len(every) == body["total"]
    for row, hit in zip(rows, every):
        assert (row["doc_id"], int(row["paragraph"])) == (hit["doc_id"], hit["paragraph"])
        assert row["text"] == hit["text"] and row["title"] == hit["title"]
        assert row["permalink"] == hit["citation"]["url"]
        assert row["gbt7714"] == hit["citation"]["gbt7714"] and row["plain"] == hit["citation"]["plain"]
        assert int(row["paragraph_number"]) == hit["paragraph"] + 1


def test_export_csv_columns(client):
    rows = read_csv(client.get("/api/export.csv", query_string={"q": "天安门广场"}))
    assert list(rows[0]) == ["doc_id", "path", "title", "date", "place", "source", "paragraph",
                             "paragraph_number", "text", "fingerprint", "permalink", "author",
                             "accessed", "reference", "gbt7714", "plain"]
    assert rows[0]["author"] == "新华社" and rows[0]["date"] == "2023-10-01"


def test_export_csv_defuses_formulas(client):
    rows = read_csv(client.get("/api/export.csv", query_string={"q": "表格公式测试", "sort": "oldest"}))
    texts = sorted(r["text"] for r in rows)
    assert texts == ["'+1 表格公式测试的第二段。", "'=HYPERLINK(\"http://example.invalid/\",\"表格公式测试\")"]
    # the JSON keeps the text as it is
    body = client.get("/api/export.json", query_string={"q": "表格公式测试"}).get_json()
    assert sorted(h["text"] for h in body["hits"]) == [t[1:] for t in texts]


@pytest.mark.parametrize("params", [{"q": "养老"}, {"q": "养老", "year": "2021", "sort": "newest"},
                                    {"q": "火星基地"}])
def test_export_json_is_the_search_without_pages(client, params):
    response = client.get("/api/export.json", query_string=params)
    assert response.status_code == 200 and response.is_streamed and response.is_json
    body = json.loads(response.get_data(as_text=True))
    search = client.get("/api/search", query_string={**params, "per_page": 100}).get_json()
    assert body["total"] == search["total"] == len(body["hits"])
    assert body["hits"] == search["hits"]
    assert body["query"] == params["q"] and body["sort"] == params.get("sort", "relevance")
    assert body["accessed"] == dt.date.today().isoformat()


def test_export_filename_is_readable(client):
    header = client.get("/api/export.json?q=养老").headers["Content-Disposition"]
    assert 'filename="dangan-export.json"' in header
    assert "filename*=UTF-8''dangan-%E5%85%BB%E8%80%81.json" in header


def test_run_together_words_in_the_api(client):
    body = client.get("/api/search", query_string={"q": "养老床位", "per_page": 100}).get_json()
    assert body["reading"]["read_as_words"] == [{"string": "养老床位", "words": ["养老", "床位"], "dropped": []}]
    assert body["reading"]["exact_query"] == '"养老床位"'
    assert 0 < body["exact_total"] < body["total"] == len(body["hits"])
    matches = [h["match"] for h in body["hits"]]
    assert matches == ["exact"] * body["exact_total"] + ["words"] * (body["total"] - body["exact_total"])
    for hit in body["hits"]:
        assert "养老" in hit["text"] and "床位" in hit["text"]
        assert ("养老床位" in hit["text"]) == (hit["match"] == "exact")
    quoted = client.get("/api/search", query_string={"q": body["reading"]["exact_query"]}).get_json()
    assert quoted["total"] == quoted["exact_total"] == body["exact_total"]
    assert quoted["reading"]["read_as_words"] == []


def test_words_that_never_meet_in_the_api(client):
    body = client.get("/api/search", query_string={"q": "天安门床位"}).get_json()
    assert body["total"] == 0 and body["notice"] == "没有一个段落同时包含“天安门”和“床位”。"
    reasons = {s["reason"].split("：")[0] for s in body["suggestions"]}
    assert reasons == {"不含“天安门”", "不含“床位”"}
    for s in body["suggestions"]:
        again = client.get("/api/search", query_string={"q": s["query"]}).get_json()
        assert again["total"] == s["total"] > 0
