"""The sample archive (archive/) as a new user first sees it, in Chromium: the README's pictures.

The screenshots are written to tests/artifacts/readme-*.png; docs/*.png are copies of them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import indexer
from conftest import live_server
from web import create_app

SAMPLE = Path(__file__).resolve().parent.parent / "archive"
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def sample_server(tmp_path_factory):
    index = tmp_path_factory.mktemp("sample-index")
    indexer.build_index(SAMPLE, index, procs=1)
    app = create_app({"INDEX_DIR": str(index), "ARCHIVE_DIR": str(SAMPLE)})
    with live_server(app) as url:
        yield url


def test_the_readme_pictures_show_the_sample(browser, sample_server):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(sample_server + "/?q=养老服务")
    assert "“养老服务” 完整出现在" in page.locator(".word-reading").inner_text()
    assert page.locator(".hit-text mark").first.inner_text() in ("养老服务", "养老", "服务")
    page.screenshot(path=str(ARTIFACTS / "readme-search-page.png"), full_page=False)
    with page.expect_navigation():
        page.locator(".hit-title a").first.click()
    assert page.locator(".para.is-target mark").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "readme-document-page.png"), full_page=False)
    context.close()
    phone = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                is_mobile=True, has_touch=True, locale="zh-CN")
    page = phone.new_page()
    page.goto(sample_server + "/?q=公厕改造")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator(".hit").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "readme-mobile.png"), full_page=False)
    phone.close()


def test_typing_words_together_in_the_sample(browser, sample_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(sample_server + "/")
    page.fill("input[name=q]", "养老院建设")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    summary = page.locator(".word-reading").inner_text()
    assert "“养老院建设” 完整出现在 1 个段落；另有 1 个段落包含“养老院”和“建设”" in summary
    with page.expect_navigation():
        page.locator(".grouping a", has_text="逐段").click()
    assert page.locator(".hit.match-exact").count() == 1 and page.locator(".hit.match-words").count() == 1
    exact, words = page.locator(".hit.match-exact .hit-text"), page.locator(".hit.match-words .hit-text")
    assert exact.locator("mark").first.inner_text() == "养老院建设"
    assert sorted(words.locator("mark").all_inner_texts()) == ["养老院", "建设"]
    assert page.locator(".hit").first.get_attribute("class") == "hit match-exact"
    context.close()
