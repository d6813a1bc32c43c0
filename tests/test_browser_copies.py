"""Copies in Chromium: a hit's "此段另见于" line opens the list of copies, 隐藏转载 leaves one."""
from __future__ import annotations

import pytest

from conftest import live_server
from indexer import build_index
from test_browser import Watch, page  # noqa: F401 - fixture
from test_copies import ADDED, BASE, FILLER, swap, write
from web import create_app


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("copies") / "archive"
    write(root, "a.txt", "青溪镇推进乡村振兴", "2023-05-11", BASE, FILLER[0].format(n=1))
    write(root, "b.txt", "县融媒转载：青溪镇乡村振兴", "2023-06-02", FILLER[1].format(n=2), BASE + ADDED)
    write(root, "c.txt", "乡村振兴一周要闻", "2023-07-20", swap(BASE, 10, 50), FILLER[0].format(n=3))
    index = root.parent / "index"
    build_index(root, index)
    with live_server(create_app({"INDEX_DIR": str(index), "ARCHIVE_DIR": str(root)})) as url:
        yield url


def test_the_copies_line_opens_the_copies_and_the_switch_hides_them(page, server):  # noqa: F811
    watch = Watch(page)
    page.goto(server + "/?q=年度任务清单&sort=newest")
    hits = page.locator("li.hit")
    assert hits.count() == 3
    line = hits.first.locator(".hit-copies")
    assert line.is_visible()
    assert line.inner_text() == "此段另见于 2 篇，最早 2023-05-11《青溪镇推进乡村振兴》"
    with page.expect_navigation():
        line.locator("a").click()
    assert "/copies/" in page.url
    dates = page.locator("ol.copies li .hit-meta span:first-child").all_inner_texts()
    assert dates == ["2023-05-11", "2023-06-02", "2023-07-20"]
    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name="隐藏转载").click()
    assert "copies=hide" in page.url
    assert page.locator("li.hit").count() == 1
    assert "2023-05-11" in page.locator("li.hit .hit-meta").inner_text()
    assert page.locator(".hidden-copies").inner_text() == "已隐藏 2 个转载段落"
    # a new search from the box keeps the switch on
    page.fill("input[name=q]", "乡村振兴")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    assert "copies=hide" in page.url
    with page.expect_navigation():
        page.get_by_role("link", name="显示全部").click()
    assert "copies=hide" not in page.url
    watch.assert_clean()
