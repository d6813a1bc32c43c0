"""The figures page in Chromium: the chart's points are links to their paragraphs."""
from __future__ import annotations

from test_browser import Watch, page, server  # noqa: F401 - fixtures


def test_a_chart_point_opens_its_paragraph(page, server):  # noqa: F811
    watch = Watch(page)
    page.goto(server + "/figures?place=信阳市&indicator=地区生产总值")
    points = page.locator("svg a.point")
    assert points.count() == 4
    assert page.locator("table.tr-table tbody tr").count() == 2
    box = page.locator("svg a.point.actual").first.bounding_box()
    assert box and box["width"] > 0
    with page.expect_navigation():
        page.locator("svg a.point.actual").first.click()
    assert "/documents/" in page.url and page.url.endswith("#p1")
    watch.assert_clean()


def test_figures_page_fits_a_phone(page, server):  # noqa: F811
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(server + "/figures?place=信阳市&indicator=地区生产总值")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_a_search_hits_figure_opens_its_series(page, server):  # noqa: F811
    watch = Watch(page)
    page.goto(server + "/?q=地区生产总值")
    links = page.locator("ol.hits .hit-figures a")
    assert links.count() >= 2
    with page.expect_navigation():
        links.first.click()
    assert "/figures?" in page.url
    assert page.locator("svg a.point").count() == 4  # the series of 信阳市's 地区生产总值
    watch.assert_clean()
