"""The API against its OpenAPI 3.1 description (/api/openapi.json): every endpoint described,
and schemathesis's generated requests (a few hundred in all) answered without a 5xx, with a
documented status and content type, each answer valid against the description."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (content_type_conformance, not_a_server_error,
                                 response_schema_conformance, status_code_conformance)

import web.api

from conftest import REPORT

# Each endpoint: ~30 positive and ~20 negative generated requests; 7 endpoints, 350 in all.
EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 20}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
OPERATIONS = ["GET /api/search", "GET /api/documents", "GET /api/documents/{doc_id}",
              "GET /api/timeline", "GET /api/export.json", "GET /api/export.csv", "GET /api/figures",
              "GET /api/copies/{doc_id}/{paragraph}"]
# (schemathesis leaves out the description's own URL, /api/openapi.json.) The speaker endpoints
# need an archive with speakers: tests/test_speakers_web.py runs them against its own.
SPEAKER_OPERATIONS = ["GET /api/speakers", "GET /api/speakers/{name}"]


@pytest.fixture(scope="module")
def api_schema(index_dir, archive_dir):
    from web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "ARCHIVE_DIR": str(archive_dir)})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def test_the_description_is_valid_openapi_3_1(api_schema):
    api_schema.validate()  # against the OpenAPI 3.1 schema; raises if not


def test_the_operations_tested_are_every_one_described(api_schema):
    assert sorted(op.ok().label for op in api_schema.get_all_operations()) == sorted(OPERATIONS + SPEAKER_OPERATIONS)


@pytest.mark.parametrize("mode", list(EXAMPLES), ids=lambda m: m.value)
@pytest.mark.parametrize("label", OPERATIONS)
def test_every_answer_matches_the_description(api_schema, doc_ids, label, mode):
    operation = api_schema.find_operation_by_label(label)
    calls = []
    # Random document ids are all unknown (404); valid requests ask for a real one.
    known = ({"doc_id": doc_ids[REPORT]} if "{doc_id}" in label and mode is GenerationMode.POSITIVE
             else None)
    if known and "{paragraph}" in label:
        known["paragraph"] = 0

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=known))
    @settings(max_examples=EXAMPLES[mode], deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        calls.append(case.call_and_validate(checks=CHECKS).status_code)

    check()
    assert calls  # the description lets requests be generated for it
    if mode is GenerationMode.POSITIVE:
        assert 200 in calls, calls  # valid requests are answered, not only refused


def test_description_covers_every_api_route(app, client):
    described = client.get("/api/openapi.json").get_json()
    assert described["openapi"].startswith("3.1")
    routes = {rule.rule.replace("<doc_id>", "{doc_id}").replace("<fmt>", "{fmt}")
              .replace("<int:paragraph>", "{paragraph}").replace("<name>", "{name}")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              or rule.rule.startswith("/api/")}
    routes = {r for r in routes if r != "/api/export.{fmt}"} | {"/api/export.csv", "/api/export.json"}
    assert set(described["paths"]) == routes
    for path, item in described["paths"].items():
        for op in item.values():
            assert op["responses"]["200"], path
            if path != "/api/openapi.json":
                assert {"400", "503"} & set(op["responses"]) or "404" in op["responses"], path


def test_every_error_code_the_api_gives_is_described(client):
    described = client.get("/api/openapi.json").get_json()
    codes = set(described["components"]["schemas"]["Error"]["properties"]["error"]
                ["properties"]["code"]["enum"])
    seen = {
        client.get("/api/search").get_json()["error"]["code"],
        client.get("/api/search", query_string={"q": "养老", "page": 999}).get_json()["error"]["code"],
        client.get("/api/documents/0000000000000000").get_json()["error"]["code"],
        client.get("/api/nothing").get_json()["error"]["code"],
    }
    assert seen == {"bad_query", "page_out_of_range", "not_found"}
    assert seen <= codes


def test_missing_index_is_a_described_503(tmp_path):
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/api/search", query_string={"q": "养老"})
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "index_missing"
    assert web.api.DEFAULT_PER_PAGE == 20


def test_every_page_links_to_the_description(client):
    text = client.get("/").get_data(as_text=True)
    assert '<a href="/api/openapi.json"' in text and '<a href="/documents">全部文档</a>' in text
