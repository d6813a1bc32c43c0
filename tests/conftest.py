"""Shared fixtures: a small invented archive of Chinese documents, its index, the Flask app.

The archive is written once per test session into a temporary folder and indexed with
indexer.build_index; tests that need other data build their own.
"""
from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

import indexer
from web import create_app

PLACES = ["送桥镇", "平桥区", "信阳市", "浉河区"]
SOURCES = ["信阳日报", "平桥新闻网", "新华社"]
TOPICS = ["道路硬化", "饮水安全", "垃圾分类", "农村电商", "文化广场", "医疗卫生"]


def _front(title: str, date: str, place: str, source: str, url: str = "") -> str:
    lines = ["---", f'title: "{title}"', f'date: "{date}"', f"place: {place}", f"source: {source}"]
    if url:
        lines.append(f'url: "{url}"')
    return "\n".join(lines + ["---", ""])


def _briefs() -> dict[str, str]:
    """24 short news items, one 养老 paragraph each, spread over years, places and sources."""
    files = {}
    for n in range(1, 25):
        year = 2019 + n % 6
        place, source = PLACES[n % 4], SOURCES[n % 3]
        body = [
            f"{place}第{n}期养老服务简讯：本期新增{n * 3}张养老床位，惠及{n * 17 + 5}位老人。",
            f"{year}年{n % 12 + 1}月，{place}召开第{n}次民生工作推进会，部署{TOPICS[n % 6]}等重点任务。",
        ]
        files[f"briefs/{year}-brief-{n:02d}.txt"] = (
            _front(f"{place}民生简讯第{n}期", f"{year}-{n % 12 + 1:02d}-{n % 27 + 1:02d}", place, source)
            + "\n".join(body) + "\n")
    return files


REPORT_2021 = _front("2021年信阳市政府工作报告", "2021-02-20", "信阳市", "信阳市人民政府",
                     "https://www.xinyang.gov.cn/report/2021.html") + "\n".join([
    "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员提出意见。",
    "过去一年，全市经济运行稳中向好，地区生产总值增长百分之三点二。",
    "健全养老服务体系，新建社区养老服务中心四十二个。",
    "推进医养结合，支持社会力量举办养老机构，新增护理型床位一千二百张。",
    "实施特困人员供养服务设施改造提升工程，改善农村养老条件。",
    "发展居家养老，为八十岁以上老人发放高龄津贴。",
    "加强养老护理员培训，全年培训三千人次。",
    "完善城乡居民基本养老保险制度，参保率稳定在百分之九十五以上。",
    "探索时间银行等互助养老模式，在十个社区开展试点。",
    "统筹做好疫情防控和养老机构安全管理，守住安全底线。",
    "今年的主要目标是：地区生产总值增长百分之七左右。",
    "各位代表，让我们奋力谱写新时代信阳发展新篇章！",
])

SONGQIAO_2022 = _front("送桥镇推进养老与公厕建设", "2022-05-12", "送桥镇", "平桥新闻网",
                       "http://www.pingqiao.gov.cn/news/2022/0512.html") + "\n".join([
    "近日，送桥镇召开民生实事推进会，部署年度重点工作。",
    "送桥镇敬老院完成改造，养老床位增加到一百二十张。",
    "镇里新建三座公厕，解决赶集群众如厕难的问题。",
    "各村建立养老互助点，由志愿者定期上门探访独居老人。",
    "公厕实行专人管护，做到干净整洁、无异味。",
    "镇卫生院与敬老院签订协议，为养老对象提供定期体检。",
    "下一步，送桥镇将继续完善养老服务网络，让老人安享晚年。",
])

BEIJING_2023 = _front("国庆假期首都各景区游客如织", "2023-10-01", "北京市", "新华社") + "\n".join(
    [f"国庆假期第{n}条见闻：首都各大公园和博物馆迎来客流高峰，秩序井然，服务保障有力。"
     for n in range(1, 23)]
    + ["清晨六时许，数万名群众在北京天安门广场观看升旗仪式，现场气氛庄严热烈。"]
    + [f"假期后半段第{n}条消息：多个社区组织老人出游，社区养老驿站提供午餐服务。" if n == 3 else
       f"假期后半段第{n}条消息：各地交通运行平稳，铁路客流同比明显增长。" for n in range(1, 8)])

PINGQIAO_2020 = _front("平桥区公厕改造工作综述", "2020-08-15", "平桥区", "平桥新闻网") + "\n".join([
    "今年以来，平桥区把公厕改造作为改善人居环境的重要抓手。",
    "全区改造农村户用厕所八千余户，新建和改造城区公厕六十座。",
    "疫情期间，公厕每日消毒两次，保障群众健康。",
    "部分公厕旁设置养老服务信息栏，方便老人了解政策。",
    "平桥区将持续推进厕所革命，巩固改造成果。",
])

SCRIPT_DOC = _front("关于<script>alert(1)</script>注入的测试", "2022-01-01", "测试县", "测试来源",
                    "javascript:alert(1)") + "\n".join([
    "这段文字里有 <script>alert(1)</script> 注入测试的内容，应当原样显示为文字。",
    "另一段注入测试：<img src=x onerror=alert(2)> 也不应当执行。",
])

# More reports of 信阳市, one a year, for comparing across years; none of them says 养老.
REPORT_2022 = _front("2022年信阳市政府工作报告", "2022-02-18", "信阳市", "信阳市人民政府") + "\n".join([
    "各位代表：现在，我代表市人民政府，向大会报告工作。",
    "过去一年，信阳地区生产总值增长百分之六点八，城镇新增就业五万人。",
    "今年地区生产总值预期增长百分之七，继续稳定和扩大就业。",
    "让我们在新的起点上建设更加出彩的信阳！",
])
REPORT_2023 = _front("2023年信阳市政府工作报告", "2023-02-16", "信阳市", "信阳市人民政府") + "\n".join([
    "各位代表：现在，我代表市人民政府，向大会报告工作。",
    "过去一年，信阳地区生产总值突破三千亿元。",
    "各位代表，信阳的明天一定更加美好！",
])
BULLETIN_2023 = _front("信阳市2023年国民经济和社会发展统计公报", "2023-03-30", "信阳市",
                       "信阳市统计局") + "\n".join([
    "2023年，信阳全市粮食总产量稳定在一百二十亿斤以上。",
    "年末全市常住人口六百一十万人。",
])
REPORT_2024 = _front("2024年信阳市政府工作报告", "2024-02-20", "信阳市", "信阳市人民政府") + "\n".join([
    "各位代表：现在，我代表市人民政府，向大会报告工作。",
    "今年要把信阳的茶产业做强做大，打响信阳毛尖品牌。",
])
# A paragraph that a spreadsheet would run as a formula if it were exported unguarded.
FORMULA_DOC = _front("表格公式测试", "2022-02-02", "", "测试来源") + "\n".join([
    '=HYPERLINK("http://example.invalid/","表格公式测试")',
    "+1 表格公式测试的第二段。",
])

ARCHIVE = {
    "reports/2021-xinyang-report.txt": REPORT_2021,
    "news/2022-songqiao-yanglao.txt": SONGQIAO_2022,
    "news/2023-beijing-guoqing.txt": BEIJING_2023,
    "news/2020-pingqiao-gongce.txt": PINGQIAO_2020,
    "misc/script-test.txt": SCRIPT_DOC,
    **_briefs(),
    "reports/2022-xinyang-report.txt": REPORT_2022,
    "reports/2023-xinyang-report.txt": REPORT_2023,
    "reports/2023-xinyang-bulletin.txt": BULLETIN_2023,
    "reports/2024-xinyang-report.txt": REPORT_2024,
    "misc/formula-test.txt": FORMULA_DOC,
}

# Paths of documents that tests refer to by name.
REPORT, SONGQIAO, BEIJING, PINGQIAO, SCRIPT = list(ARCHIVE)[:5]
# The 0-based paragraph of BEIJING that contains 天安门广场: deep enough to need scrolling.
TIANANMEN_PARAGRAPH = 22


@pytest.fixture(scope="session")
def archive_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    for rel, text in ARCHIVE.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def index_dir(archive_dir, tmp_path_factory):
    target = tmp_path_factory.mktemp("index")
    report = indexer.build_index(archive_dir, target)
    assert report.documents == len(ARCHIVE), report.skipped
    return target


@pytest.fixture(scope="session")
def doc_ids():
    """archive-relative path -> doc_id, for every document of the test archive."""
    return {rel: indexer.make_doc_id(rel) for rel in ARCHIVE}


@pytest.fixture
def app(index_dir, archive_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "ARCHIVE_DIR": str(archive_dir)})


@pytest.fixture
def client(app):
    return app.test_client()


@contextmanager
def live_server(app):
    """`app` served on 127.0.0.1 at a free port in a background thread; yields the base URL."""
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="dangan-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


CHROMIUM = os.environ.get("DANGAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's package) driven by Playwright; missing either fails, never skips."""
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


# --- helpers for tests that write their own archive or start `dangan serve` -------------------

def write_doc(root: Path, rel: str, title: str, *paragraphs: str, date: str = "2023-01-01",
              place: str = "青溪镇", source: str = "") -> None:
    """Write archive file `rel` under `root`: YAML front matter, then one paragraph a line."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n".join(paragraphs)
    front = f"title: {title}\ndate: {date}\nplace: {place}\n" + (f"source: {source}\n" if source else "")
    path.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")


def free_port() -> int:
    """A TCP port on 127.0.0.1 free at the moment of asking."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_search(port: int, q: str, timeout: float = 30) -> dict:
    """GET /api/search?q= from a server on 127.0.0.1:`port`; AssertionError unless it answers 200."""
    import http.client
    import json
    from urllib.parse import urlencode

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/api/search?" + urlencode({"q": q}))
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise AssertionError(f"{response.status} for {q!r}: {body[:300]!r}")
        return json.loads(body)
    finally:
        conn.close()
