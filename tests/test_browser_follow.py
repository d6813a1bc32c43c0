"""Near statements and saved searches in Chromium: the differences shown, a search saved in the
browser and its count of new matches since it was last opened."""
from __future__ import annotations

from playwright.sync_api import expect

from test_browser import ARTIFACTS, Watch, page, server  # noqa: F401 - fixtures


def test_a_misquote_shows_the_closest_paragraph_with_its_differences(page, server):  # noqa: F811
    watch = Watch(page)
    page.goto(server + "/?q=" + '"北京天安门广场举行升国旗"')
    near = page.locator("section.near")
    assert near.locator("h2").inner_text() == "没有完全一致的段落，最接近的是："
    hit = near.locator(".hit").first
    assert "国庆假期首都各景区游客如织" in hit.locator(".hit-title").inner_text()
    assert hit.locator(".near-diff del").first.inner_text() == "举行"
    assert hit.locator(".near-diff ins").first.inner_text() == "观看"
    assert "line-through" in hit.locator(".near-diff del").first.evaluate(
        "el => getComputedStyle(el).textDecorationLine")
    assert hit.locator(".hit-text mark").inner_text() == "北京天安门广场观看升旗"
    page.screenshot(path=str(ARTIFACTS / "near-hits.png"), full_page=False)
    with page.expect_navigation():
        hit.locator(".hit-title a").click()
    assert page.locator(".para.is-target").count() == 1
    watch.assert_clean()


def saved(page) -> list[dict]:
    return page.evaluate("JSON.parse(localStorage.getItem('dangan.saved') || '[]')")


def test_a_saved_search_counts_what_is_new_since_it_was_last_opened(page, server):  # noqa: F811
    watch = Watch(page)
    page.goto(server + "/?q=养老&place=送桥镇")
    total = page.evaluate("fetch('/api/search?q=养老&place=送桥镇').then(r => r.json()).then(b => b.total)")
    assert total > 0
    feed = page.locator("a.feed-link")
    assert feed.get_attribute("href") == page.locator("link[rel=alternate]").get_attribute("href")
    button = page.locator("button.save-search")
    assert button.inner_text() == "保存这个搜索"
    button.click()
    assert button.inner_text() == "已保存" and button.is_disabled()
    [entry] = saved(page)
    assert entry["label"] == "养老 place:送桥镇"
    item = page.locator(".saved-list li")
    assert item.locator("a").inner_text() == "养老 place:送桥镇"
    expect(item.locator(".saved-new")).to_have_text("没有新结果")
    # last opened before the index was built: every match is new since then
    page.evaluate("""() => { const s = JSON.parse(localStorage.getItem('dangan.saved'));
        s[0].opened = '2000-01-01T00:00:00Z'; localStorage.setItem('dangan.saved', JSON.stringify(s)); }""")
    page.goto(server + "/")
    count = page.locator(".saved-list li .saved-new")
    expect(count).to_have_text(f"{total} 条新结果")
    with page.expect_navigation():
        page.locator(".saved-list li a").click()
    assert saved(page)[0]["opened"] > "2001"  # opening it starts the count again
    page.goto(server + "/")
    expect(count).to_have_text("没有新结果")
    page.locator(".saved-list .saved-remove").click()
    assert saved(page) == [] and page.locator(".saved-searches").is_hidden()
    watch.assert_clean()
