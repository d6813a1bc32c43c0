"""The archive's holdings, the documents listing and the comparison in Chromium: what a new
user clicks first, at 375 px and at 1280 px."""
from __future__ import annotations

import pytest

from conftest import SONGQIAO
from test_browser import ARTIFACTS, Watch, page, server  # noqa: F401 - fixtures


def test_from_the_home_page_to_a_place_and_its_years(page, server):  # noqa: F811
    watch = Watch(page)
    page.goto(server + "/")
    chip = page.locator(".holding-place .chip", has_text="送桥镇")
    count = int(chip.locator(".n").inner_text())
    with page.expect_navigation():
        chip.click()
    assert "/documents?place=" in page.url
    assert page.locator(".doc-item").count() == count
    with page.expect_navigation():
        page.click(".compare-place a")
    assert page.locator(".year-column").count() >= 2
    watch.assert_clean()


def test_compare_from_the_place_facet(page, server):  # noqa: F811
    page.goto(server + "/?q=养老")
    page.locator(".facet-place summary").click()
    link = page.locator(".facet-place .compare-link").first
    with page.expect_navigation():
        link.click()
    assert "/compare?" in page.url and page.locator(".year-column").count() >= 2


def test_compare_page_sits_in_the_centred_column_at_1280(page, server, doc_ids):  # noqa: F811
    for url in ("/compare?place=送桥镇&q=养老", f"/documents/{doc_ids[SONGQIAO]}", "/documents", "/"):
        page.goto(server + url)
        header = page.locator("header.site .wrap").bounding_box()
        main = page.locator("main").bounding_box()
        assert abs(main["x"] - header["x"]) < 1 and abs(main["width"] - header["width"]) < 1, url
    page.goto(server + "/compare?place=送桥镇&q=养老")
    page.screenshot(path=str(ARTIFACTS / "compare-1280.png"), animations="disabled")


@pytest.mark.parametrize("url", ["/", "/?q=养老 year:2020-2023", "/documents?place=信阳市",
                                 "/compare?place=送桥镇"])
def test_nothing_breaks_at_375(browser, server, url):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(server + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
        # a query such as year:2020-2023 stays on one line wherever it is shown as code
        broken = page.evaluate("""() => [...document.querySelectorAll('code, .chip')]
            .filter(el => el.textContent.includes('year:2020-2023'))
            .filter(el => el.getClientRects().length > 1 || el.getBoundingClientRect().height > 40)
            .map(el => el.textContent)""")
        assert broken == [], broken
        if url == "/":
            page.screenshot(path=str(ARTIFACTS / "mobile-home.png"), animations="disabled")
    finally:
        context.close()
