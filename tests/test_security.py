"""Escaping, security headers, path traversal and the production server, through the real
`dangan serve` (gunicorn's workers, or waitress) on 127.0.0.1 and headless Chromium.

An archive is written whose titles, places, sources, URLs, paragraphs, HTML entities, JSON lines
and even file names carry script, event-handler and javascript: payloads. Each payload calls
alert() with its own label, so a dialog would say which one got through; every page that shows
them is checked as parsed HTML (no script but ours, no on* attribute, no javascript: link) and
in Chromium (no dialog, no blocked inline script in the console).
"""
from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup

import indexer
from web import serving

SECRET = "SECRET-5f3a9c-not-for-the-web"

P_TITLE = '<script>alert("title")</script>注入测试标题'
P_PLACE = "<img src=x onerror=alert('place')>"
P_SOURCE = "\"><svg onload=alert('source')>"
P_URL = "javascript:alert('url')"
PARAGRAPHS = [
    "注入测试一：<script>alert('p1')</script>应当原样显示。",
    "注入测试二：<img src=x onerror=alert('p2')>也一样。",
    "注入测试三：<a href=\"javascript:alert('p3')\">点我</a>不是链接。",
    "注入测试四：\" onmouseover=\"alert('p4')\" data-x=\"，引号不能跳出属性。",
    "注入测试五：'; alert('p5'); var x='，引号不能跳出脚本。",
    "注入测试六：</textarea><script>alert('p6')</script></title><script>alert('p6b')</script>。",
    "注入测试七：<iframe srcdoc=\"<script>alert('p7')</script>\"></iframe>{{7*7}}${7*7}。",
    "注入测试八：<svg><script>alert('p8')</script></svg><math><mtext><img src=x onerror=alert('p8b')>。",
]
FILE_NAME = "<img src=x onerror=alert('name')>.txt"


def _front(**meta) -> str:
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items()) + "---\n"


def make_archive(root: Path) -> dict[str, str]:
    """The payload archive; returns archive-relative path -> doc_id."""
    files = {
        "xss/fields.txt": _front(title=P_TITLE, date="2022-01-01", place=P_PLACE, source=P_SOURCE,
                                 url=P_URL) + "\n".join(PARAGRAPHS) + "\n",
        "xss/same-place-2023.txt": _front(title="同一地点的另一年", date="2023-01-01", place=P_PLACE,
                                          source=P_SOURCE) + "注入测试的另一年。\n",
        "xss/entities.html": (
            "<html><head><title>&lt;script&gt;alert('entity-title')&lt;/script&gt;</title>"
            "<script>alert('real-script')</script></head><body>"
            "<p>注入测试实体：&lt;script&gt;alert('entity')&lt;/script&gt;&lt;img src=x onerror=alert('entity2')&gt;。</p>"
            "<p><a href=\"javascript:alert('link')\" onclick=\"alert('onclick')\">注入测试链接</a>。</p>"
            "</body></html>"),
        "xss/items.jsonl": json.dumps({
            "title": "<svg/onload=alert('jsonl')>", "url": " JaVaScRiPt:alert('jsonl-url')",
            "place": "\" autofocus onfocus=\"alert('attr')", "source": "</script><script>alert('src')</script>",
            "text": "注入测试行：<body onload=alert('jsonl-body')>。"}, ensure_ascii=False) + "\n",
        "xss/" + FILE_NAME: "注入测试文件名：这个文件没有标题，标题来自文件名。\n",
        "plain.txt": "普通文档，用来比较。\n",
    }
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    rels = [rel if not rel.endswith(".jsonl") else rel + "#L1" for rel in files]
    return {rel: indexer.make_doc_id(rel) for rel in rels}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dangan() -> list[str]:
    """The installed console script (the real entry point), beside this Python."""
    script = Path(sys.executable).parent / "dangan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "web.cli"]


class Served:
    def __init__(self, process: subprocess.Popen, port: int, docs: dict[str, str], root: Path, index: Path):
        self.process, self.port, self.docs, self.root, self.index = process, port, docs, root, index
        self.base = f"http://127.0.0.1:{port}"

    def request(self, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        """A raw request: the path goes out exactly as written (no client-side normalising)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`dangan serve` on a free loopback port, over the payload archive, until the module ends."""
    root = tmp_path_factory.mktemp("xss-archive")
    docs = make_archive(root)
    index = tmp_path_factory.mktemp("xss-index")
    report = indexer.build_index(root, index, procs=1)
    assert report.documents == len(docs) and not report.skipped, report.skipped
    (root.parent / "secret.txt").write_text(SECRET, encoding="utf-8")  # beside the archive
    port = _free_port()
    log = open(tmp_path_factory.mktemp("serve-log") / "serve.log", "w+")
    process = subprocess.Popen(_dangan() + ["serve", str(root), "--index", str(index), "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = Served(process, port, docs, root, index)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if server.request("/")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, "dangan serve exited: " + _read(log)
            assert time.monotonic() < deadline, "dangan serve did not answer: " + _read(log)
            time.sleep(0.2)
        server.log = log
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # what Ctrl+C does
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def _read(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-2000:]


def q(path: str, **params) -> str:
    return path + ("?" + urlencode(params) if params else "")


def pages(served: Served) -> list[str]:
    """Every kind of page that shows a payload, with payloads in the URL too."""
    d = served.docs
    out = [
        q("/", q="注入测试"),
        q("/", q="注入测试", per_page=100, sort="newest"),
        q("/", q="注入测试", place=P_PLACE),
        q("/", q="注入测试", source=P_SOURCE),
        q("/", q="<script>alert('q1')</script>"),
        q("/", q="\"><img src=x onerror=alert('q2')>"),
        q("/", q="javascript:alert('q3')"),
        q("/", q="注入测试", year="<script>alert('q4')</script>"),
        q("/", q="\"<script>alert('q5')"),  # unbalanced quote: the error message repeats nothing raw
        q("/", q="不存在的词<img src=x onerror=alert('q6')>"),  # no results: suggestions
        q("/compare", place=P_PLACE, **{"in": "xss"}),
        q("/compare", place=P_PLACE, q="注入测试", **{"in": "xss"}),
        q("/compare", place="<img src=x onerror=alert('cmp')>", q="<script>alert('cmp2')</script>"),
        "/nope/<script>alert('404')</script>",
        "/documents/<script>alert('doc404')</script>",
        "/opensearch.xml",
    ]
    for doc_id in d.values():
        out.append(f"/documents/{doc_id}")
        out.append(q(f"/documents/{doc_id}", q="注入测试", p="0"))
        out.append(q(f"/documents/{doc_id}", q="<script>alert('dq')</script>", p="<svg onload=alert('dp')>"))
    return out


# --- the production server ----------------------------------------------------------------------

def test_serve_runs_a_production_server_and_answers(served):
    status, headers, body = served.request(q("/api/search", q="注入测试"))
    assert status == 200
    # gunicorn's workers (POSIX), or waitress with ident="dangan": never Werkzeug's development server
    production = "gunicorn" if serving.server_for(None, None)[0] == "gunicorn" else "dangan"
    assert headers["server"] == production
    assert json.loads(body)["total"] >= len(PARAGRAPHS)
    log = _read(served.log)
    assert "development server" not in log and "Werkzeug" not in log
    status, headers, _ = served.request(q("/", q="注入测试"))
    assert status == 200 and headers["server"] == production


def test_slow_clients_do_not_take_the_workers(served):
    """More half-sent requests than workers or threads: a whole request still gets its answer
    (gunicorn's gevent workers, like waitress, read requests without tying up a worker)."""
    slow = []
    try:
        for _ in range(24):
            s = socket.create_connection(("127.0.0.1", served.port), timeout=30)
            s.sendall(b"GET /api/search?q=%E6%B3%A8 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(s)
        status, _, body = served.request(q("/api/search", q="注入测试"))
        assert status == 200 and json.loads(body)["total"] > 0
    finally:
        for s in slow:
            s.close()


# --- security headers on every kind of response -------------------------------------------------

def test_security_headers_on_every_kind_of_response(served):
    doc_id = served.docs["xss/fields.txt"]
    for path in ["/", q("/", q="注入测试"), f"/documents/{doc_id}", q("/api/search", q="注入测试"),
                 "/api/search", q("/api/search", q='"'), f"/api/documents/{doc_id}", "/nope",
                 "/static/style.css", "/static/dangan.js", "/opensearch.xml",
                 q("/api/export.csv", q="注入测试"), q("/api/timeline", q="注入测试")]:
        status, headers, _ = served.request(path)
        assert status < 500, path
        csp = headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "script-src 'self'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp, path
        assert headers.get("x-content-type-options") == "nosniff", path
        assert headers.get("x-frame-options") == "DENY", path
        assert headers.get("referrer-policy"), path


# --- escaping, as parsed HTML -------------------------------------------------------------------

def _assert_inert(html: str, where: str, xml: bool = False) -> None:
    soup = BeautifulSoup(html, "xml" if xml else "lxml")
    for script in soup.find_all("script"):
        assert (script.get("src") or "").startswith("/static/") and not script.string, (where, str(script))
    for tag in soup.find_all(True):
        handlers = [a for a in tag.attrs if a.lower().startswith("on")]
        assert not handlers, (where, str(tag)[:200])
        for attr in ("href", "src", "action", "formaction", "data", "srcdoc"):
            value = tag.get(attr)
            if isinstance(value, str):
                assert not "".join(value.split()).lower().startswith(("javascript:", "data:text/html")), \
                    (where, str(tag)[:200])
    for tag in soup.find_all(["iframe", "frame", "object", "embed", "math", "base", "foreignobject"]):
        raise AssertionError((where, str(tag)[:200]))
    for meta in soup.find_all("meta", attrs={"http-equiv": True}):
        assert meta["http-equiv"].lower() != "refresh", where


def test_every_page_with_payloads_is_inert_html(served):
    for path in pages(served):
        status, headers, body = served.request(path)
        assert status in (200, 400, 404), path
        _assert_inert(body.decode("utf-8"), path, xml="xml" in headers["content-type"])


def test_payloads_are_shown_as_text(served):
    _, _, body = served.request(f"/documents/{served.docs['xss/fields.txt']}")
    soup = BeautifulSoup(body.decode("utf-8"), "lxml")
    shown = soup.get_text()
    for text in PARAGRAPHS:  # each payload reads on the page exactly as the document has it
        assert text in shown
    assert P_TITLE in shown and P_PLACE in shown
    assert not soup.find("a", href=lambda h: h and "javascript" in h.lower())  # the URL is no link
    _, _, body = served.request(q("/", q="注入测试", per_page=100))
    shown = BeautifulSoup(body.decode("utf-8"), "lxml").get_text()
    assert "<script>alert('p1')</script>" in shown and "alert('name')>" in shown


def test_the_api_returns_payloads_as_data_with_escaped_highlights(served):
    status, headers, body = served.request(q("/api/search", q="注入测试", per_page=100))
    assert status == 200 and headers["content-type"].startswith("application/json")
    hits = json.loads(body)["hits"]
    assert {h["text"] for h in hits} >= set(PARAGRAPHS)
    for hit in hits:
        bare = hit["highlight"].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in bare and ">" not in bare
        assert not hit["url"].lower().startswith("javascript")


# --- path traversal -----------------------------------------------------------------------------

TRAVERSALS = [
    "/documents/../../../../../../etc/passwd",
    "/documents/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/documents/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/documents/..%5c..%5c..%5cetc%5cpasswd",
    "/documents/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/documents/....//....//secret.txt",
    "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/documents/%2e%2e%2fsecret.txt",
    "/api/documents/0123456789abcdef",
    "/api/documents/0123456789ABCDEF",
    "/api/documents/0123456789abcdef%00",
    "/static/../../../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%252f..%252f..%252fetc%252fpasswd",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/static/....//....//....//etc/passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "//etc/passwd",
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/compare?place=../../../etc/passwd",
    "/?q=../../../etc/passwd",
    "/api/export.csv?q=..%2f..%2fetc%2fpasswd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_document_ids_and_static_paths_cannot_reach_outside_files(served, path):
    """Document ids are 16 hex digits looked up in the index, never paths; static files come
    from the package's static folder only. Nothing outside answers, whatever the encoding."""
    secret_path = str(served.root.parent / "secret.txt")
    for attempt in (path, path.replace("etc/passwd", secret_path.lstrip("/")),
                    path.replace("etc%2fpasswd", quote(secret_path.lstrip("/"), safe=""))):
        status, headers, body = served.request(attempt)
        if status in (301, 302, 308):  # e.g. // merged into /: follow it once, on this server
            location = headers["location"].removeprefix(served.base)
            assert location.startswith("/") and not location.startswith("//"), location
            status, headers, body = served.request(location)
        text = body.decode("utf-8", "replace")
        assert status in (200, 400, 404), attempt
        assert "root:x:0:0" not in text and SECRET not in text, attempt
        if attempt.startswith(("/documents", "/api/documents", "/static", "//", "/..", "/%2e")):
            assert status == 404, attempt


def test_the_index_holds_no_path_outside_the_archive(served):
    for doc_id in served.docs.values():
        doc = indexer.get_document(served.index, doc_id)
        assert not doc.path.startswith(("/", "..")) and "/../" not in doc.path


# --- in Chromium: no payload runs ---------------------------------------------------------------

def test_no_payload_runs_in_chromium(served, browser):
    context = browser.new_context()
    page = context.new_page()
    dialogs, blocked, outside = [], [], []
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    page.on("console", lambda m: m.type == "error" and "Content Security Policy" in m.text
            and blocked.append(m.text))
    page.on("pageerror", lambda e: blocked.append(str(e)))
    page.on("request", lambda r: r.url.startswith((served.base, "data:", "blob:")) or outside.append(r.url))
    shown = [p for p in pages(served) if not p.endswith(".xml")]  # Chromium downloads that one
    shown.append(q("/api/search", q="<script>alert('api')</script>注入测试"))
    visited = 0
    try:
        for path in shown:
            page.goto(served.base + path, wait_until="load")
            for link in page.locator("a.pnum, button.copy").all()[:3]:  # what people click
                if link.is_visible():
                    link.hover()
            page.mouse.move(5, 5)
            page.keyboard.press("Tab")
            assert page.evaluate("typeof window.__pwned") == "undefined"
            visited += 1
    finally:
        context.close()
    assert visited == len(shown)
    assert dialogs == [], "a payload ran"
    assert blocked == [], "an inline script or handler reached the page (CSP blocked it)"
    assert outside == [], "the page fetched something from elsewhere"
