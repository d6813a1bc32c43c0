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
    assert [(f["kind"], f["ref_year"], f["value"]) for f in body["figures"]] == [
        ("actual", 2020, 3.2), ("target", 2021, 7.0)]
    assert all(f["doc_id"] == doc_ids[REPORT] for f in body["figures"])


def test_csv_export_has_citations(client):
    response = client.get("/figures.csv", query_string=XINYANG_GDP)
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["value"] for r in rows] == ["3.2", "6.8", "7.0", "3000.0", "7.0"]
    assert rows[0]["permalink"].startswith("http://localhost/documents/")
    assert rows[0]["title"] == "2021年信阳市政府工作报告" and rows[0]["paragraph_number"] == "2"
