"""Following a search: first-indexed times kept through re-indexing, the Atom feed, since=."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

import indexer
from indexer import arrival, store
from conftest import write_doc as write
from web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
T1, T2, T3 = 1_700_000_000, 1_700_086_400, 1_700_172_800  # three builds a day apart


def build(root, index, at, monkeypatch, **kw):
    monkeypatch.setattr(arrival, "clock", lambda: at)
    return indexer.build_index(root, index, procs=1, **kw)


def times(index) -> dict[tuple[str, str], int]:
    """(document path, paragraph text) -> first-indexed time, for every live paragraph."""
    snap = store.snapshot(index)
    searcher = snap.searcher()
    out = {}
    for d, doc_id in enumerate(snap.columns["doc_id"]):
        if doc_id:
            fields = searcher.stored_fields(d)
            out[(fields["path"], fields["text"])] = snap.columns["indexed"][d]
    return out


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    for i in range(6):
        write(root, f"news/{i:02}.txt", f"青溪镇新闻{i}", f"第{i}条：青溪镇新建公厕{i}座。",
              "群众普遍满意。", date=f"2023-0{i + 1}-01")
    return root


def test_unchanged_paragraphs_keep_their_time_through_updates_and_rebuilds(archive, tmp_path,
                                                                          monkeypatch):
    index = tmp_path / "index"
    build(archive, index, T1, monkeypatch)
    assert set(times(index).values()) == {T1}
    # one paragraph of a file changed, one file added
    write(archive, "news/02.txt", "青溪镇新闻2", "第2条：青溪镇新建公厕2座。", "群众说公厕干净多了。",
          date="2023-03-01")
    write(archive, "news/09.txt", "青溪镇新闻9", "青溪镇公厕实行专人管护。", date="2023-10-01")
    assert build(archive, index, T2, monkeypatch).mode == "incremental"
    after = times(index)
    assert after[("news/02.txt", "第2条：青溪镇新建公厕2座。")] == T1
    assert after[("news/02.txt", "群众说公厕干净多了。")] == T2
    assert after[("news/09.txt", "青溪镇公厕实行专人管护。")] == T2
    assert after[("news/05.txt", "群众普遍满意。")] == T1
    # a full rebuild changes no time
    assert build(archive, index, T3, monkeypatch, full=True).mode == "full"
    assert times(index) == after


def test_the_api_counts_matches_new_since_a_time(archive, tmp_path, monkeypatch):
    index = tmp_path / "index"
    build(archive, index, T1, monkeypatch)
    write(archive, "news/09.txt", "青溪镇新闻9", "青溪镇公厕实行专人管护。")
    build(archive, index, T2, monkeypatch)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    between = arrival.iso(T1 + 60)
    for since, new in [(between, 1), (arrival.iso(T1 - 60), 7), (arrival.iso(T2 + 1), 0),
                       ("2023-11-14", 7), (between.replace("Z", "+00:00"), 1)]:
        body = client.get("/api/search", query_string={"q": "公厕", "since": since}).json
        assert body["total"] == 7 and body["new_since"] == new, since
    assert "new_since" not in client.get("/api/search", query_string={"q": "公厕"}).json


@pytest.mark.parametrize("since", ["yesterday", "2023-13-01", "12:00"])
def test_an_unreadable_since_is_a_clear_400(client, since):
    response = client.get("/api/search", query_string={"q": "养老", "since": since})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_query" and "since" in response.json["error"]["message"]


def parse_feed(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.data)


def when(element, name) -> dt.datetime:
    return dt.datetime.fromisoformat(element.find(ATOM + name).text)


def test_the_feed_is_atom_newest_first_each_entry_a_citable_paragraph(archive, tmp_path,
                                                                       monkeypatch):
    index = tmp_path / "index"
    build(archive, index, T1, monkeypatch)
    write(archive, "news/09.txt", "青溪镇新闻9", "青溪镇公厕实行专人管护。", date="2020-01-01")
    build(archive, index, T2, monkeypatch)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    feed = parse_feed(client.get("/feeds/search.atom", query_string={"q": "公厕"}))
    assert feed.tag == ATOM + "feed"
    for name in ("id", "title", "updated", "author"):  # required by RFC 4287
        assert feed.find(ATOM + name) is not None, name
    assert "公厕" in feed.find(ATOM + "title").text
    links = {link.get("rel"): link.get("href") for link in feed.findall(ATOM + "link")}
    assert links["self"].startswith("http://localhost/feeds/search.atom?q=")
    assert links["alternate"] == "http://localhost/?q=%E5%85%AC%E5%8E%95"
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == 7
    for entry in entries:
        for name in ("id", "title", "updated", "link", "content"):
            assert entry.find(ATOM + name) is not None, name
    ids = [e.find(ATOM + "id").text for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    updated = [when(e, "updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    # the paragraph indexed last comes first, though its document is the oldest
    first = entries[0]
    assert updated[0] == dt.datetime.fromtimestamp(T2, dt.timezone.utc)
    assert all(u == dt.datetime.fromtimestamp(T1, dt.timezone.utc) for u in updated[1:])
    assert when(feed, "updated") == updated[0]
    assert first.find(ATOM + "title").text == "青溪镇新闻9 · 第 1 段"
    link = first.find(ATOM + "link").get("href")
    doc_id = indexer.make_doc_id("news/09.txt")
    assert link == f"http://localhost/documents/{doc_id}?p=0&k={indexer.fingerprint('青溪镇公厕实行专人管护。')}#p0"
    content = first.find(ATOM + "content")
    assert content.get("type") == "html"
    assert "<mark>公厕</mark>" in content.text and "[EB/OL]" in content.text and link.replace("&", "&amp;") in content.text
    # ids depend on the document and the text: the same in the next feed
    again = parse_feed(client.get("/feeds/search.atom", query_string={"q": "公厕"}))
    assert [e.find(ATOM + "id").text for e in again.findall(ATOM + "entry")] == ids


@pytest.mark.parametrize("params, count", [
    ({"q": "养老", "year": "2022"}, None),
    ({"q": "养老", "place": "送桥镇"}, None),
    ({"q": "养老", "from": "2021-01-01", "to": "2021-12-31"}, None),
    ({"q": "没有这个词的段落"}, 0),
])
def test_the_feed_keeps_the_search_filters(client, params, count):
    feed = parse_feed(client.get("/feeds/search.atom", query_string=params))
    entries = feed.findall(ATOM + "entry")
    api = client.get("/api/search", query_string={**params, "per_page": 100}).json
    assert len(entries) == (api["total"] if count is None else count)
    titles = sorted(e.find(ATOM + "title").text for e in entries)
    assert titles == sorted(f"{h['title']} · 第 {h['paragraph_number']} 段" for h in api["hits"])
    assert feed.find(ATOM + "updated") is not None


@pytest.mark.parametrize("params, status", [({}, 400), ({"q": '"养老'}, 400), ({"q": "养老", "year": "x"}, 400)])
def test_a_bad_feed_request_is_refused_clearly(client, params, status):
    response = client.get("/feeds/search.atom", query_string=params)
    assert response.status_code == status and "text/html" in response.headers["Content-Type"]


def test_the_search_page_links_its_feed_and_offers_to_save_it(client):
    page = client.get("/", query_string={"q": "养老", "place": "送桥镇"}).get_data(as_text=True)
    feed = "/feeds/search.atom?q=%E5%85%BB%E8%80%81&amp;place=%E9%80%81%E6%A1%A5%E9%95%87"
    assert f'<link rel="alternate" type="application/atom+xml" title="档案：养老 place:送桥镇 的新段落" href="{feed}">' in page
    assert f'class="chip feed-link" href="{feed}"' in page
    assert 'data-api="/api/search?per_page=1&amp;q=%E5%85%BB%E8%80%81&amp;place=%E9%80%81%E6%A1%A5%E9%95%87"' in page
    assert 'class="saved-searches" hidden' in page and "saved.js" in page
    home = client.get("/").get_data(as_text=True)
    assert 'class="saved-searches" hidden' in home and 'rel="alternate"' not in home
