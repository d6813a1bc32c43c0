"""The pages in a real browser: headless Chromium driven by Playwright against a live server.

These tests never skip: without Chromium or Playwright they fail and say what is missing.
Screenshots go to tests/artifacts/ (gitignored) for people to look at.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BEIJING, SCRIPT, SONGQIAO, TIANANMEN_PARAGRAPH, live_server
from web import create_app

ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def server(index_dir, archive_dir):
    """The app served on 127.0.0.1 at a free port in a background thread; yields the base URL."""
    app = create_app({"INDEX_DIR": str(index_dir), "ARCHIVE_DIR": str(archive_dir)})
    with live_server(app) as url:
        yield url


class Watch:
    """What a page did that it should not: JS dialogs, console errors (CSP violations), bad
    responses, and requests to anywhere but our server (people may be offline)."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.outside: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on("request", lambda r: r.url.startswith("http://127.0.0.1:")
                or r.url.startswith(("data:", "blob:")) or self.outside.append(r.url))

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_clean(self):
        assert self.dialogs == [], "a JS dialog fired"
        assert self.errors == [], "console errors (CSP violations?)"
        assert self.failed == [], "failed requests"
        assert self.outside == [], "requests to other servers"


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
    assert page.url.startswith(f"{server}/documents/{doc_ids[BEIJING]}?q=%E5%A4%A9%E5%AE%89%E9%97%A8%E5%B9%BF%E5%9C%BA&p={TIANANMEN_PARAGRAPH}&k=")
    assert page.url.endswith(f"#{target}")
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == target
    page.wait_for_function("window.scrollY > 0")
    assert in_viewport(page, f"#{target}"), "the target paragraph is not scrolled into view"
    assert not in_viewport(page, "#p0")
    styles = page.evaluate("ids => ids.map(id => getComputedStyle(document.getElementById(id)).backgroundColor)",
                           [target, "p0"])
    assert styles[0] != styles[1], "the target paragraph is not visibly highlighted"
    assert page.locator(f"#{target} mark").inner_text() == "天安门广场"
    assert page.locator(".para.is-target").count() == 1
    watch.assert_clean()


def test_paragraph_numbers_are_permalinks(page, server, doc_ids):
    watch = Watch(page)
    page.goto(f"{server}/documents/{doc_ids[BEIJING]}#p5")
    assert in_viewport(page, "#p5")
    with page.expect_navigation():
        page.click("#p27 .pnum")
    assert "p=27&k=" in page.url and page.url.endswith("#p27")
    assert page.evaluate("document.querySelector(':target').id") == "p27"
    assert in_viewport(page, "#p27")
    assert page.locator("#p27").get_attribute("class").endswith("is-target")
    assert page.locator("details.cite summary", has_text="引用第 28 段").is_visible()
    watch.assert_clean()


def test_script_in_a_document_stays_text(page, server, doc_ids):
    watch = Watch(page)
    page.goto(server + "/?q=注入测试")
    page.locator(".hit-others summary").first.click()  # the document's other matching paragraph
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


MOBILE_PAGES = [
    # (url, what to open before measuring, screenshot)
    ("/", [], "mobile-home.png"),
    ("/?q=养老", [], "mobile-search.png"),
    ("/?q=养老", [".hit details.cite summary", "details.facet-date summary"], None),
    ("/?q=养老&year=2022#timeline", ["details.chart-table summary"], "mobile-timeline.png"),
    (f"/documents/{{beijing}}?q=天安门广场#p{TIANANMEN_PARAGRAPH}", [], "mobile-document.png"),
    ("/documents/{report}?q=养老&p=2", ["#p2 + details.cite summary", "details.cite summary"], None),
    ("/compare?place=信阳市&in=reports&q=地区生产总值", [], "mobile-compare.png"),
]


def test_mobile_width(browser, server, doc_ids):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    watch = Watch(page)
    try:
        for url, opened, name in MOBILE_PAGES:
            url = url.format(beijing=doc_ids[BEIJING], report=doc_ids[REPORT])
            page.goto(server + url)
            for summary in opened:
                page.locator(summary).first.click()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{url} scrolls sideways at 375 px ({width} px wide)"
            assert page.locator("#q").is_visible()
            box = page.locator(".searchbox button").bounding_box()
            assert box and box["x"] + box["width"] <= 375
            if name:
                page.screenshot(path=str(ARTIFACTS / name), animations="disabled")
            if "#p" in url:
                assert in_viewport(page, "#p" + url.rsplit("#p", 1)[1])
        watch.assert_clean()
    finally:
        context.close()


def test_mobile_shows_the_answer_first(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(server + "/?q=养老")
        first = page.locator(".hit-text").first.bounding_box()
        assert first["y"] + 40 < 740, "the first answer is not on the first screen"
        assert first["y"] < page.locator(".timeline").bounding_box()["y"]
        assert first["y"] < page.locator(".export").bounding_box()["y"]
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


# --- issue 4: chart, citations, permalinks after re-indexing, export, residents -----------------

from playwright.sync_api import expect  # noqa: E402

from conftest import REPORT  # noqa: E402


def test_filter_by_a_year_from_the_chart(page, server):
    watch = Watch(page)
    page.goto(server + "/?q=地区生产总值")
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True, animations="disabled")
    page.goto(server + "/?q=养老")
    page.click(".jump a[href='#timeline']")
    bar = page.locator(".chart-abs a.bar[data-year='2022']")
    assert bar.is_visible() and in_viewport(page, ".timeline h2")
    with page.expect_navigation():
        bar.click()
    assert "year=2022" in page.url and "q=%E5%85%BB%E8%80%81" in page.url
    assert page.locator(".chip.on").inner_text().startswith("年份：2022")
    assert "找到 8 个段落" in page.locator(".count").inner_text()  # in 5 documents, a card each
    dates = page.locator(".hit-meta span:first-child").all_inner_texts()
    assert len(dates) == 5 and all(d.startswith("2022") for d in dates)
    assert page.locator(".chart-abs a.bar.selected").get_attribute("data-year") == "2022"
    # the relative chart is one click away, without a new page
    page.click("label[for=mode-rel]")
    assert page.locator(".chart-rel").is_visible() and not page.locator(".chart-abs").is_visible()
    # and a bar works from the keyboard too
    page.focus(".chart-rel a.bar[data-year='2021']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "year=2021" in page.url
    watch.assert_clean()


def test_date_range_from_the_page(page, server):
    watch = Watch(page)
    page.goto(server + "/?q=养老")
    page.click("details.facet-date summary")
    page.fill("#date-from", "2022-01-01")
    page.fill("#date-to", "2022-06-30")
    with page.expect_navigation():
        page.click(".date-range button")
    assert "from=2022-01-01" in page.url and "to=2022-06-30" in page.url
    dates = page.locator(".hit-meta span:first-child").all_inner_texts()
    assert dates and all("2022-01-01" <= d <= "2022-06-30" for d in dates)
    assert "日期：2022-01-01 至 2022-06-30" in page.locator(".active-filters").inner_text()
    watch.assert_clean()


@pytest.fixture
def clipboard_page(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_copy_a_citation_from_a_hit(clipboard_page, server, doc_ids):
    page = clipboard_page
    watch = Watch(page)
    page.goto(server + "/?q=天安门广场")
    hit = page.locator(".hit").first
    button = hit.locator("button.copy[data-copy$='-gbt7714']")
    assert not button.is_visible()  # inside the closed 引用 box
    hit.locator("details.cite summary").click()
    assert button.is_visible()  # shown by the script; without it the text is still there to select
    button.click()
    expect(hit.locator(".copy-status")).to_have_text("已复制到剪贴板。")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == hit.locator("textarea.cite-gbt7714").input_value()
    assert "新华社. 国庆假期首都各景区游客如织[EB/OL]. (2023-10-01)[" in copied
    assert f"（第 {TIANANMEN_PARAGRAPH + 1} 段）" in copied and "北京天安门广场观看升旗仪式" in copied
    assert f"{server}/documents/{doc_ids[BEIJING]}?p={TIANANMEN_PARAGRAPH}&k=" in copied
    hit.locator("button.copy[data-copy$='-plain']").click()
    expect(hit.locator(".copy-status")).to_have_text("已复制到剪贴板。")
    plain = page.evaluate("navigator.clipboard.readText()")
    assert plain.startswith("“清晨六时许") and "新华社《国庆假期首都各景区游客如织》（北京市，2023-10-01）" in plain
    # the copied link opens the paragraph
    link = copied.split(" ")[-1].rstrip(".")
    page.goto(link)
    assert page.evaluate("document.querySelector(':target').id") == f"p{TIANANMEN_PARAGRAPH}"
    assert in_viewport(page, f"#p{TIANANMEN_PARAGRAPH}")
    watch.assert_clean()


def test_copy_a_citation_on_the_document_page(clipboard_page, server, doc_ids):
    page = clipboard_page
    watch = Watch(page)
    page.goto(f"{server}/documents/{doc_ids[REPORT]}?q=养老&p=2")
    box = page.locator("#p2 + details.cite")
    box.locator("summary").click()
    page.screenshot(path=str(ARTIFACTS / "document.png"), animations="disabled")
    box.locator("button.copy[data-copy$='-plain']").click()
    expect(box.locator(".copy-status")).to_have_text("已复制到剪贴板。")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("“健全养老服务体系，新建社区养老服务中心四十二个。”——信阳市人民政府《2021年信阳市政府工作报告》")
    assert "第 3 段" in copied
    watch.assert_clean()


def test_copy_falls_back_to_selecting_the_text(page, server):
    """Without the Clipboard API (an http page on another host) the text is selected instead."""
    watch = Watch(page)
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page.goto(server + "/?q=天安门广场")
    hit = page.locator(".hit").first
    hit.locator("details.cite summary").click()
    hit.locator("button.copy[data-copy$='-gbt7714']").click()
    expect(hit.locator(".copy-status")).not_to_have_text("")
    box = hit.locator("textarea.cite-gbt7714")
    selected = page.evaluate("""() => { const el = document.activeElement;
        return [el.className, el.value.substring(el.selectionStart, el.selectionEnd)]; }""")
    assert selected == ["cite-text cite-gbt7714", box.input_value()]
    watch.assert_clean()


@pytest.mark.parametrize("link, fmt", [("CSV", "csv"), ("JSON", "json")])
def test_export_downloads_every_hit(browser, server, link, fmt):
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    watch = Watch(page)
    try:
        page.goto(server + "/?q=养老&place=送桥镇")
        with page.expect_download() as info:
            page.click(f"#export a:has-text('{link}')")
        download = info.value
        assert download.suggested_filename == f"dangan-养老.{fmt}"
        data = Path(download.path()).read_bytes()
        if fmt == "csv":
            import csv
            import io

            assert data.startswith("\ufeff".encode())
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        else:
            import json

            rows = json.loads(data)["hits"]
        assert len(rows) == 10 and all(r["place"] == "送桥镇" for r in rows)
        watch.assert_clean()
    finally:
        context.close()


def test_compare_across_years(page, server, doc_ids):
    watch = Watch(page)
    page.goto(f"{server}/documents/{doc_ids[REPORT]}?q=地区生产总值")
    with page.expect_navigation():
        page.click(".other-years .compare-link")
    assert "/compare?" in page.url
    headings = page.locator(".year-column h2").all_inner_texts()
    assert headings == ["2021 年", "2022 年", "2023 年"]
    assert page.locator(".silent-years a").all_inner_texts() == ["2024"]
    boxes = [page.locator(f"#y{y}").bounding_box() for y in (2021, 2022)]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"]  # side by side
    assert page.locator("#y2022 .compare-hit mark").first.inner_text() == "地区生产总值"
    page.screenshot(path=str(ARTIFACTS / "compare.png"), animations="disabled")
    watch.assert_clean()


# An archive whose report gains three paragraphs before the one a reader cited.
LONG = [f"第{n}条：各项工作稳步推进，群众满意度持续提升。" for n in range(1, 31)]
LONG[20] = "今年将新建十座口袋公园，方便群众休闲。"
HEAD = '---\ntitle: "2022年某县政府工作报告"\ndate: "2022-02-10"\nplace: 某县\nsource: 某县人民政府\n---\n'


@pytest.fixture(scope="module")
def reindexed(tmp_path_factory):
    """(base URL, old permalink) of a server whose index was rebuilt after the archive changed."""
    import indexer

    root = tmp_path_factory.mktemp("reindexed")
    archive, index = root / "archive", root / "index"
    (archive / "reports").mkdir(parents=True)
    doc = archive / "reports/report.txt"
    doc.write_text(HEAD + "\n".join(LONG) + "\n", encoding="utf-8")
    indexer.build_index(archive, index)
    app = create_app({"INDEX_DIR": str(index)})
    [hit] = app.test_client().get("/api/search?q=口袋公园").get_json()["hits"]
    old = hit["citation"]["url"].replace("http://localhost", "")
    assert "p=20&" in old and old.endswith("#p20")
    doc.write_text(HEAD + "\n".join(["增补一。", "增补二。", "增补三。"] + LONG) + "\n", encoding="utf-8")
    indexer.build_index(archive, index)
    with live_server(app) as url:
        yield url, old


def test_old_permalink_opens_the_same_paragraph_after_reindexing(page, reindexed):
    base, old = reindexed
    watch = Watch(page)
    page.goto(base + old)
    assert "p=23&" in page.url and "was=20" in page.url and page.url.endswith("#p23")
    assert page.evaluate("document.querySelector(':target').id") == "p23"
    assert in_viewport(page, "#p23") and not in_viewport(page, "#p0")
    assert "口袋公园" in page.locator("#p23").inner_text()
    assert "is-target" in page.locator("#p23").get_attribute("class")
    notice = page.locator(".permalink-notice")
    assert notice.is_visible() and "链接原指第 21 段，这一段现在是第 24 段" in notice.inner_text()
    watch.assert_clean()


CONTRAST = """el => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bg = el, c;
  while (bg) {
    c = parse(getComputedStyle(bg).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) break;
    bg = bg.parentElement;
  }
  if (!bg) c = [255, 255, 255];
  const a = lum(parse(getComputedStyle(el).color)), b = lum(c.slice(0, 3));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""
CONTRAST_CHECKS = [".count", ".hit-text", ".hit-meta", "mark", ".chip.current", ".jump a",
                   ".timeline-span a", ".chart-scale", ".export-links a", "details.cite summary",
                   "footer.site"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_has_enough_contrast(browser, server, scheme):
    context = browser.new_context(color_scheme=scheme, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(server + "/?q=养老")
        ratios = {sel: round(page.eval_on_selector(sel, CONTRAST), 2) for sel in CONTRAST_CHECKS}
        assert all(r >= 4.5 for r in ratios.values()), ratios
    finally:
        context.close()


def test_controls_have_labels(page, server, doc_ids):
    for url in ["/?q=养老", f"/documents/{doc_ids[REPORT]}?q=养老&p=2",
                "/compare?place=信阳市&in=reports&q=就业"]:
        page.goto(server + url)
        unlabelled = page.evaluate("""() => [...document.querySelectorAll(
            'input:not([type=hidden]), textarea, select, button')].filter(el =>
            !(el.labels && el.labels.length) && !el.getAttribute('aria-label') &&
            !(el.tagName === 'BUTTON' && el.textContent.trim())).map(el => el.outerHTML)""")
        assert unlabelled == [], url


def test_words_typed_together_show_both_groups(page, server):
    watch = Watch(page)
    page.goto(server + "/")
    page.fill("input[name=q]", "养老床位")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    summary = page.locator(".word-reading")
    assert summary.is_visible()
    assert "“养老床位” 完整出现在 25 个段落；另有 1 个段落包含“养老”和“床位”" in summary.inner_text()
    assert page.locator(".hit.match-exact").count() == 20  # the first page: exact hits only
    with page.expect_navigation():
        page.locator(".pager a.next").click()
    words_hit = page.locator(".hit.match-words")
    assert words_hit.count() == 1 and words_hit.locator(".match-words").is_visible()
    marks = words_hit.locator(".hit-text mark").all_inner_texts()
    assert "养老" in marks and "床位" in marks
    page.screenshot(path=str(ARTIFACTS / "words.png"), full_page=True)
    with page.expect_navigation():
        page.locator(".word-reading a.exact-link").click()
    assert page.locator(".word-reading").count() == 0
    assert "找到 25 个段落" in page.locator(".count").inner_text()
    watch.assert_clean()


def test_hits_of_one_document_fold_under_its_best(page, server, doc_ids):
    watch = Watch(page)
    page.goto(server + "/?q=养老&place=送桥镇")
    card = page.locator(".hit", has=page.locator(f".hit-title a[href*='{doc_ids[SONGQIAO]}']"))
    assert card.count() == 1
    others = card.locator(".hit-others .other")
    assert others.count() == 3 and not others.first.is_visible()
    card.locator(".hit-others summary").click()
    assert others.first.is_visible() and others.first.locator("mark").first.inner_text() == "养老"
    page.screenshot(path=str(ARTIFACTS / "grouped.png"), full_page=True)
    with page.expect_navigation():
        page.locator(".grouping a", has_text="逐段").click()
    assert "group=paragraph" in page.url
    assert page.locator(f".hit-title a[href*='{doc_ids[SONGQIAO]}']").count() == 4
    watch.assert_clean()
