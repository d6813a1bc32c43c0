"""Who said it, through the index: speaker: search, the facet, hits, documents, the speaker API and page."""
from __future__ import annotations

import pytest
import schemathesis
from conftest import live_server
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from test_openapi import CHECKS, SPEAKER_OPERATIONS
from test_browser import Watch, page  # noqa: F401 - fixtures
from test_speakers import ARCHIVE

import indexer
from web import create_app

REPORT = ("---\ntitle: \"2025年云川市政府工作报告\"\ndate: \"2025-01-15\"\nplace: 云川市\nsource: 云川市人民政府\n---\n"
          "2025年云川市政府工作报告\n——2025年1月15日在云川市第十六届人民代表大会第三次会议上\n市长 李云川\n各位代表：\n"
          "过去一年，全市经济运行稳中向好，新建养老床位一千张。\n"
          "王明远总理强调，要抓好安全生产，办好养老服务。\n")


@pytest.fixture(scope="module")
def speaker_archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("speaker-archive")
    for i, text in enumerate(ARCHIVE):
        year = 2020 + i % 5
        (root / f"news-{i:02d}.txt").write_text(
            f"---\ntitle: \"云川新闻{i}\"\ndate: \"{year}-03-{i % 27 + 1:02d}\"\nplace: 云川市\nsource: 云川日报\n---\n"
            f"{text}\n", encoding="utf-8")
    (root / "report-2025.txt").write_text(REPORT, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def speaker_index(speaker_archive, tmp_path_factory):
    target = tmp_path_factory.mktemp("speaker-index")
    indexer.build_index(speaker_archive, target)
    return target


@pytest.fixture(scope="module")
def speaker_app(speaker_index, speaker_archive):
    return create_app({"TESTING": True, "INDEX_DIR": str(speaker_index), "ARCHIVE_DIR": str(speaker_archive)})


@pytest.fixture
def web(speaker_app):
    return speaker_app.test_client()


def statements_of(result, name):
    return sorted((h.doc_id, h.paragraph) for h in result.hits if any(a["name"] == name for a in h.speakers))


@pytest.mark.parametrize("q, total", [
    ("speaker:王明远", 4),  # three news items and the report's paragraph
    ("speaker:国务院总理王明远", 4),  # any of the person's forms
    ("speaker:王明远总理", 4),
    ("养老 speaker:王明远", 1),
    ('"安全" speaker:王明远', 2),
    ("speaker:王明远 year:2025", 1),
    ("speaker:会议", 2),
    ("speaker:李云川", 6),  # the presenter speaks every paragraph of the report
    ("speaker:李云川 养老", 2),
    ("speaker:没有这个人", 0),
])
def test_speaker_search(q, total, speaker_index):
    result = indexer.search(speaker_index, q, per_page=50)
    assert result.total == total
    name = result.reading.filters["speaker"]
    assert all(h.speakers for h in result.hits)
    if total and name != "没有这个人":
        assert any(a["name"] in name for h in result.hits for a in h.speakers)


def test_the_speaker_facet_counts_paragraphs(speaker_index):
    facets = dict(indexer.search(speaker_index, "要", per_page=50).facets["speaker"])
    assert facets["王明远"] == 3 and facets["会议"] == 2 and "李云川" in facets
    assert "国际人士" not in facets


def test_hits_carry_their_speakers_in_the_api(web):
    hit = web.get("/api/search", query_string={"q": "经济运行平稳", "speaker": "王明远"}).get_json()["hits"][0]
    (said,) = [a for a in hit["speakers"] if a["name"] == "王明远"]
    assert {k: said[k] for k in ("kind", "role", "cue", "via")} == {
        "kind": "person", "role": "国务院总理", "cue": "表示", "via": "stated"}
    assert hit["text"][said["start"]:said["end"]] == "经济运行平稳。"
    assert hit["citation"]["speaker"] == "王明远"
    assert hit["citation"]["plain"].startswith("王明远表示：“经济运行平稳。”")


def test_a_document_carries_its_attributions_and_presenter(web, speaker_index):
    (doc,) = [d for d in indexer.documents(speaker_index) if d.title.endswith("政府工作报告")]
    body = web.get(f"/api/documents/{doc.doc_id}").get_json()
    assert body["presenter"] == {"name": "李云川", "kind": "person", "role": "市长"}
    assert [(a["paragraph"], a["name"], a["cue"]) for a in body["attributions"]] == [(5, "王明远", "强调")]
    page = web.get(f"/documents/{doc.doc_id}").get_data(as_text=True)
    assert "报告人" in page and "李云川" in page


def test_a_news_item_has_no_presenter(web, speaker_index):
    doc = indexer.documents(speaker_index)[0]
    assert web.get(f"/api/documents/{doc.doc_id}").get_json()["presenter"] is None


def test_the_speaker_list(web):
    body = web.get("/api/speakers", query_string={"q": "王"}).get_json()
    assert body["speakers"][0] == {"name": "王明远", "kind": "person", "statements": 4, "documents": 4}
    everyone = web.get("/api/speakers").get_json()["speakers"]
    assert [s["statements"] for s in everyone] == sorted((s["statements"] for s in everyone), reverse=True)
    assert {"会议", "俄罗斯国防部"} <= {s["name"] for s in everyone if s["kind"] == "organisation"}
    assert web.get("/api/speakers", query_string={"limit": "0"}).status_code == 400


@pytest.mark.parametrize("url, args", [
    ("/api/speakers", {"limit": "201"}), ("/api/speakers", {"limit": "²"}), ("/api/speakers", {"limit": "9" * 5000}),
    ("/api/speakers/王明远", {"page": "0"}), ("/api/speakers/王明远", {"page": "²"}),
    ("/speakers/王明远", {"page": "501"}), ("/speakers/王明远", {"page": "1" * 5000}),
])
def test_a_bad_limit_or_page_is_refused_not_an_error(web, url, args):
    assert web.get(url, query_string=args).status_code == 400


def test_a_speakers_record(web):
    body = web.get("/api/speakers/王明远").get_json()
    assert (body["name"], body["kind"], body["statements"], body["total"]) == ("王明远", "person", 4, 4)
    assert {r["role"] for r in body["roles"]} == {"国务院总理", "总理"}
    assert [y["year"] for y in body["years"]] == sorted(y["year"] for y in body["years"])
    assert sum(y["paragraphs"] for y in body["years"]) == 4
    assert "安全" in {t["word"] for t in body["topics"]}
    assert body["how"] == {"stated": 4}
    only = web.get("/api/speakers/王明远", query_string={"q": "养老"}).get_json()
    assert only["total"] == 1 and "养老" in only["hits"][0]["text"]
    assert web.get("/api/speakers/国务院总理王明远").get_json()["name"] == "王明远"
    missing = web.get("/api/speakers/没有这个人")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_the_speaker_page(web):
    html = web.get("/speakers/王明远").get_data(as_text=True)
    assert "国务院总理" in html and "原文写明" in html
    assert "王明远强调：" in html  # statements and citations name the speaker
    assert 'class="bar' in html  # statements by year, the term chart
    assert web.get("/speakers/没有这个人").status_code == 404
    assert "王明远" in web.get("/speakers").get_data(as_text=True)


def test_the_search_page_shows_speakers_and_how_they_were_found(web):
    html = web.get("/", query_string={"q": "speaker:李云川 养老"}).get_data(as_text=True)
    assert "hit-speakers" in html and "报告人" in html
    assert "facet-speaker" in html


@pytest.fixture(scope="module")
def speaker_server(speaker_app):
    with live_server(speaker_app) as url:
        yield url


def test_the_speaker_page_in_chromium(page, speaker_server):  # noqa: F811
    watch = Watch(page)
    page.goto(speaker_server + "/speakers/王明远")
    assert page.locator("h1.speaker-name").inner_text() == "王明远"
    assert page.locator("li.statement").count() == 4
    page.fill("#speaker-q", "养老")
    with page.expect_navigation():
        page.locator("form.speaker-search button").click()
    assert page.locator("li.statement").count() == 1
    with page.expect_navigation():
        page.locator("li.statement a.permalink").first.click()
    assert "/documents/" in page.url and page.url.endswith("#p5")
    watch.assert_clean()


def test_speaker_search_in_chromium(page, speaker_server):  # noqa: F811
    watch = Watch(page)
    page.goto(speaker_server + "/?q=" + "要")
    page.locator("details.facet-speaker summary").click()
    with page.expect_navigation():
        page.locator("details.facet-speaker a.chip", has_text="会议").click()
    assert "speaker=" in page.url
    assert page.locator("li.hit").count() == 2
    with page.expect_navigation():
        page.locator("li.hit a.chip.speaker", has_text="会议").first.click()
    assert page.locator("h1.speaker-name").inner_text() == "会议"
    watch.assert_clean()


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize("label", SPEAKER_OPERATIONS)
def test_the_speaker_api_matches_its_description(speaker_app, label, mode):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", speaker_app)
    operation = schema.find_operation_by_label(label)
    known = {"name": "王明远"} if "{name}" in label and mode is GenerationMode.POSITIVE else None
    calls = []

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=known))
    @settings(max_examples=20, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        calls.append(case.call_and_validate(checks=CHECKS).status_code)

    check()
    assert calls
    if mode is GenerationMode.POSITIVE:
        assert 200 in calls, calls


def test_a_profile_is_made_once_per_build(speaker_index, monkeypatch):
    import importlib

    sp = importlib.import_module("indexer.speaker_profile")  # the module: indexer.speaker_profile is its function
    made = []
    real = sp._profile
    monkeypatch.setattr(sp, "_profile", lambda snap, name: made.append(name) or real(snap, name))
    indexer.store.snapshot(speaker_index).__dict__.pop("speaker_profiles", None)
    first = indexer.speaker_profile(speaker_index, "王明远")
    assert indexer.speaker_profile(speaker_index, "国务院总理王明远") is first  # the same stored name
    assert made == ["王明远"] and first.statements == 4
