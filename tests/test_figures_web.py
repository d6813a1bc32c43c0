"""The figures API, CSV export and figures page, on the shared test archive's 信阳 reports."""
import csv
import io

import pytest

from conftest import REPORT

XINYANG_GDP = {"place": "信阳市", "indicator": "地区生产总值"}


def test_api_gives_a_place_indicator_series(client):
    body = client.get("/api/figures", query_string=XINYANG_GDP).get_json()
    got = [(f["kind"], f["ref_year"], f["report_year"], f["value"], f["unit"], f["modifier"])
           for f in body["figures"]]
    assert got == [("actual", 2020, 2021, 3.2, "%", ""), ("actual", 2021, 2022, 6.8, "%", ""),
                   ("target", 2021, 2021, 7.0, "%", "左右"), ("actual", 2022, 2023, 3000.0, "亿元", "突破"),
                   ("target", 2022, 2022, 7.0, "%", "")]
    first = body["figures"][0]
    assert first["url"] == f"/documents/{first['doc_id']}#p{first['paragraph']}"
    assert first["text"] == "地区生产总值增长百分之三点二" and first["change"] == "rate"


@pytest.mark.parametrize("query,count", [({"indicator": "GDP", "place": "信阳"}, 5),
                                         ({"indicator": "国内生产总值", "kind": "target"}, 2),
                                         ({"year": "2021", "place": "信阳市"}, 3),
                                         ({"place": "北京"}, 0)])
def test_api_filters(client, query, count):
    assert len(client.get("/api/figures", query_string=query).get_json()["figures"]) == count


@pytest.mark.parametrize("query", [{"kind": "goal"}, {"year": "soon"}, {"place": "省" * 101}])
def test_api_refuses_bad_filters(client, query):
    response = client.get("/api/figures", query_string=query)
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_query"


def test_document_api_lists_its_figures(client, doc_ids):
    body = client.get(f"/api/documents/{doc_ids[REPORT]}").get_json()
    assert [(f["kind"], f["ref_year"], f["value"], f["unit"]) for f in body["figures"]] == [
        ("actual", 2020, 95.0, "%"), ("actual", 2020, 3.2, "%"), ("target", 2021, 7.0, "%")]
    assert all(f["doc_id"] == doc_ids[REPORT] and f["shown"] for f in body["figures"])


@pytest.mark.parametrize("all_param,units", [("", ["%", "%"]), ("1", ["%", "%", "人次", "张"])])
def test_figures_named_by_no_known_head_only_with_all(client, doc_ids, all_param, units):
    """Counts named by any noun phrase (接待游客…人次) are kept, flagged, and given only on all=1."""
    figs = client.get("/api/figures", query_string={"place": "信阳市", "year": "2020", "all": all_param}
                      ).get_json()["figures"]
    mine = [f for f in figs if f["doc_id"] == doc_ids[REPORT]]
    assert [f["unit"] for f in mine] == units
    assert [f["shown"] for f in mine] == [u == "%" for u in units]


def test_csv_export_has_citations(client):
    response = client.get("/figures.csv", query_string=XINYANG_GDP)
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["value"] for r in rows] == ["3.2", "6.8", "7.0", "3000.0", "7.0"]
    assert rows[0]["permalink"].startswith("http://localhost/documents/")
    assert rows[0]["title"] == "2021年信阳市政府工作报告" and rows[0]["paragraph_number"] == "2"


def fig(value, kind="target", modifier="", hi=None, unit="%", year=2024, report_year=None, paragraph=0):
    return {"value": value, "normalised": value, "lo": value if hi is not None else None, "hi": hi,
            "modifier": modifier, "unit": unit, "base_unit": unit, "kind": kind, "ref_year": year,
            "report_year": report_year or (year + 1 if kind == "actual" else year), "change": "rate",
            "doc_id": "0" * 16, "paragraph": paragraph, "start": 0}


@pytest.mark.parametrize("target,result,expected", [
    (fig(5, modifier="以上"), fig(5.0, "actual"), "met"),
    (fig(5, modifier="以上"), fig(4.9, "actual"), "below"),
    (fig(5, modifier="不低于"), fig(6.1, "actual"), "met"),
    (fig(3, modifier="以内"), fig(3.0, "actual"), "within"),
    (fig(3, modifier="以内"), fig(3.2, "actual"), "above"),
    (fig(5, modifier="左右"), fig(5.5, "actual"), "close"),
    (fig(5, modifier="左右"), fig(4.4, "actual"), "below"),
    (fig(5, modifier="左右"), fig(5.6, "actual"), "higher"),
    (fig(6, hi=6.5), fig(6.1, "actual"), "in_range"),
    (fig(6, hi=6.5), fig(5.9, "actual"), "below"),
    (fig(6, hi=6.5), fig(6.6, "actual"), "above"),
    (fig(1200, modifier="左右", unit="万人"), fig(1256, "actual", unit="万人"), "close"),
])
def test_status_rules(target, result, expected):
    from web.figure_series import WORDING, status

    assert status(target, result) == expected
    assert "未完成" not in WORDING[expected] and "失败" not in WORDING[expected]


def test_compare_prefers_the_next_years_report_and_lists_unreported_targets():
    from web.figure_series import compare

    figs = [fig(5, modifier="左右", year=2023), fig(5.2, "actual", year=2023),
            fig(9.9, "actual", year=2023, report_year=2025), fig(5, modifier="左右", year=2024)]
    rows = compare(figs)
    assert [(r.year, r.status, r.result and r.result["value"]) for r in rows] == [
        (2023, "close", 5.2), (2024, "not_reported", None)]


def test_figures_page_shows_series_targets_and_rules(client):
    html = client.get("/figures", query_string=XINYANG_GDP).get_data(as_text=True)
    assert html.count('class="point target"') == 2 and html.count('class="point actual"') == 2
    assert 'data-year="2021"' in html and "与目标相当" in html
    assert "后来的报告没有提到这一年的结果" in html  # 2022's target: the 2023 report gives only a level
    assert "左右" in html and "个百分点" in html and "精确率" in html  # the rules and the measure
    assert "/figures.csv?place=" in html


def test_figures_page_without_indicator_lists_the_places_indicators(client):
    html = client.get("/figures", query_string={"place": "信阳市"}).get_data(as_text=True)
    assert "indicator=%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC" in html  # 地区生产总值


def test_figures_page_refuses_bad_input_kindly(client):
    response = client.get("/figures", query_string={"place": "省" * 101, "indicator": "x"})
    assert response.status_code == 400 and "太长" in response.get_data(as_text=True)


def test_document_page_links_a_paragraphs_figures_to_their_series(client, doc_ids):
    html = client.get(f"/documents/{doc_ids[REPORT]}").get_data(as_text=True)
    # paragraphs 2, 4, 7, 8 and 11 state figures; those of two are counts named by no known head, not shown
    assert html.count('class="para-figures') == 3
    assert ('<a href="/figures?place=%E4%BF%A1%E9%98%B3%E5%B8%82&amp;indicator='
            '%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC">地区生产总值增长百分之三点二</a>') in html


def test_search_hits_link_their_paragraphs_figures_to_their_series(client):
    html = client.get("/", query_string={"q": "地区生产总值"}).get_data(as_text=True)
    assert html.count('class="para-figures hit-figures') >= 2
    assert ('<a href="/figures?place=%E4%BF%A1%E9%98%B3%E5%B8%82&amp;indicator='
            '%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC">地区生产总值增长百分之七左右</a>') in html
    plain = client.get("/", query_string={"q": "养老服务体系"}).get_data(as_text=True)
    assert "hit-figures" not in plain  # no figures in those paragraphs, no line


def test_api_hits_carry_their_paragraphs_figures(client):
    body = client.get("/api/search", query_string={"q": "地区生产总值", "per_page": 50}).get_json()
    with_figures = [h for h in body["hits"] if "figures" in h]
    assert with_figures and all(h["place"] == "信阳市" for h in with_figures)
    first = with_figures[0]["figures"][0]
    assert first["paragraph"] == with_figures[0]["paragraph"] and first["doc_id"] == with_figures[0]["doc_id"]
    assert first["series"].startswith("/figures?place=") and first["indicator"] == "地区生产总值"
    none = client.get("/api/search", query_string={"q": "养老服务体系"}).get_json()
    assert not any("figures" in h for h in none["hits"])


@pytest.mark.parametrize("config,close", [({}, True), ({"FIGURES_TOLERANCE": 0.1}, False),
                                          ({"FIGURES_TOLERANCE": "0.3"}, True)])
def test_tolerance_is_configured(index_dir, config, close):
    from web import create_app

    app = create_app({"INDEX_DIR": index_dir, "TESTING": True, **config})
    html = app.test_client().get("/figures", query_string=XINYANG_GDP).get_data(as_text=True)
    # 信阳 2021: target 7% 左右, result 6.8%: 0.2 points apart
    assert ('<td class="status">与目标相当</td>' in html) is close
    assert f"FIGURES_TOLERANCE={float(config.get('FIGURES_TOLERANCE', 0.5)):g}" in html


@pytest.mark.parametrize("bad", [-1, "much", float("nan")])
def test_a_bad_tolerance_stops_the_app_saying_which(index_dir, bad):
    from web import create_app

    with pytest.raises(ValueError, match="FIGURES_TOLERANCE"):
        create_app({"INDEX_DIR": index_dir, "FIGURES_TOLERANCE": bad})
