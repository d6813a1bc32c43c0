"""The pages in a real browser: headless Chromium driven by Playwright against a live server.

These tests never skip: without Chromium or Playwright they fail and say what is missing.
Screenshots go to tests/artifacts/ (gitignored) for people to look at.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from conftest import BEIJING, SCRIPT, TIANANMEN_PARAGRAPH
from web import create_app

CHROMIUM = os.environ.get("DANGAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def server(index_dir, archive_dir):
    """The app served on 127.0.0.1 at a free port in a background thread; yields the base URL."""
    app = create_app({"INDEX_DIR": str(index_dir), "ARCHIVE_DIR": str(archive_dir)})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="dangan-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:  # pragma: no cover - depends on the machine
        pytest.fail(f"Playwright is not installed ({err}); pip install -e '.[test]'", pytrace=False)
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
                    "or set DANGAN_CHROMIUM to its path.", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Watch:
    """What a page did that it should not: JS dialogs, console errors (CSP violations), bad responses."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_clean(self):
        assert self.dialogs == [], "a JS dialog fired"
        assert self.errors == [], "console errors (CSP violations?)"
        assert self.failed == [], "failed requests"


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def in_viewport(page, selector: str) -> bool:
    return page.eval_on_selector(selector, """el => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
    }""")


def test_search_then_open_the_paragraph(page, server, doc_ids):
    watch = Watch(page)
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    page.fill("input[name=q]", "天安门广场")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    assert "q=%E5%A4%A9%E5%AE%89%E9%97%A8%E5%B9%BF%E5%9C%BA" in page.url
    mark = page.locator(".hit-text mark").first
    assert mark.is_visible()
    assert mark.inner_text() == "天安门广场"
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)

    with page.expect_navigation():
        page.locator(".hit-title a").first.click()
    target = f"p{TIANANMEN_PARAGRAPH}"
    assert page.url.endswith(f"/documents/{doc_ids[BEIJING]}?q=%E5%A4%A9%E5%AE%89%E9%97%A8%E5%B9%BF%E5%9C%BA#{target}")
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == target
    page.wait_for_function("window.scrollY > 0")
    assert in_viewport(page, f"#{target}"), "the target paragraph is not scrolled into view"
    assert not in_viewport(page, "#p0")
    styles = page.evaluate("ids => ids.map(id => getComputedStyle(document.getElementById(id)).backgroundColor)",
                           [target, "p0"])
    assert styles[0] != styles[1], "the target paragraph is not visibly highlighted"
    assert page.locator(f"#{target} mark").inner_text() == "天安门广场"
    page.screenshot(path=str(ARTIFACTS / "document.png"), animations="disabled")
    watch.assert_clean()


def test_paragraph_links_move_the_highlight(page, server, doc_ids):
    watch = Watch(page)
    page.goto(f"{server}/documents/{doc_ids[BEIJING]}#p5")
    assert in_viewport(page, "#p5")
    page.click("#p27 .pnum")
    assert page.url.endswith("#p27")
    assert page.evaluate("document.querySelector(':target').id") == "p27"
    assert in_viewport(page, "#p27")
    watch.assert_clean()


def test_script_in_a_document_stays_text(page, server, doc_ids):
    watch = Watch(page)
    page.goto(server + "/?q=注入测试")
    assert "<script>alert(1)</script>" in page.locator(".hit-text").first.inner_text() + \
        page.locator(".hit-text").last.inner_text()
    assert page.locator(".hits script, .hits img").count() == 0
    page.locator(".hit-title a").first.click()
    page.wait_for_url(f"**/documents/{doc_ids[SCRIPT]}**")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert page.locator(".document script, .document img").count() == 0
    page.wait_for_timeout(300)  # give a would-be alert() its chance
    watch.assert_clean()


def test_filters_sort_and_pages_from_the_page(page, server):
    watch = Watch(page)
    page.goto(server + "/?q=养老")
    assert "找到 38 个段落" in page.locator(".count").inner_text().replace("\u00a0", " ")
    page.click("details.facet-year summary")
    page.click("details.facet-year a:has-text('2022')")
    assert "year=2022" in page.url
    assert page.locator(".chip.on").inner_text().startswith("年份：2022")
    page.click(".sort a:has-text('最新')")
    assert "sort=newest" in page.url and "year=2022" in page.url
    dates = page.locator(".hit-meta span:first-child").all_inner_texts()
    assert dates == sorted(dates, reverse=True) and all(d.startswith("2022") for d in dates)
    page.goto(server + "/?q=养老")
    page.click(".pager a[rel=next]")
    assert "page=2" in page.url
    assert page.locator(".pager [aria-current=page]").inner_text() == "2"
    page.click("details.reading summary")
    assert page.locator("details.reading dl").is_visible()
    watch.assert_clean()


def test_mobile_width(browser, server, doc_ids):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    watch = Watch(page)
    try:
        for url, name in [("/", "mobile-home.png"), ("/?q=养老", "mobile-search.png"),
                          (f"/documents/{doc_ids[BEIJING]}?q=天安门广场#p{TIANANMEN_PARAGRAPH}",
                           "mobile-document.png")]:
            page.goto(server + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{url} scrolls sideways at 375 px ({width} px wide)"
            assert page.locator("input[name=q]").is_visible()
            box = page.locator(".searchbox button").bounding_box()
            assert box and box["x"] + box["width"] <= 375
            page.screenshot(path=str(ARTIFACTS / name), animations="disabled")
        assert in_viewport(page, f"#p{TIANANMEN_PARAGRAPH}")
        watch.assert_clean()
    finally:
        context.close()


def test_error_pages_in_the_browser(page, server):
    page.goto(server + "/?q=%22养老")
    assert page.locator(".notice.error").is_visible()
    assert page.locator("input[name=q]").input_value() == '"养老'
    page.screenshot(path=str(ARTIFACTS / "query-error.png"))
    response = page.goto(server + "/documents/../../etc/passwd")
    assert response.status == 404
    assert "404" in page.locator(".status").inner_text()
