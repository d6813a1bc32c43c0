"""Permalinks survive re-indexing: the archive changes, the index is rebuilt, old links still work.

Each case indexes a small archive, takes the permalink of one paragraph from the API (as a
reader would copy it), changes the archive, rebuilds the index in the same folder and opens
the old permalink again.
"""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

import indexer
from web import create_app

PATH = "reports/2022-report.txt"
HEAD = '---\ntitle: "2022年某县政府工作报告"\ndate: "2022-02-10"\nplace: 某县\nsource: 某县人民政府\n---\n'
BEFORE = ["各位代表：现在向大会报告工作。", "过去一年，全县经济稳中有进。", "城乡居民收入持续增长。",
          "今年将新建十座口袋公园，方便群众休闲。", "各位代表，让我们共同努力！"]
TARGET = 3  # the 口袋公园 paragraph
TARGET_TEXT = BEFORE[TARGET]


def write(root, paragraphs, other=None):
    (root / "reports").mkdir(parents=True, exist_ok=True)
    (root / PATH).write_text(HEAD + "\n".join(paragraphs) + "\n", encoding="utf-8")
    if other is not None:
        (root / "reports/other.txt").write_text(HEAD.replace("2022年", "另一份") + other + "\n",
                                                encoding="utf-8")


def args_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def reindex(tmp_path):
    """Index the first version; return (client, old permalink, rebuild(paragraphs))."""
    archive, index = tmp_path / "archive", tmp_path / "index"
    write(archive, BEFORE, other="无关的一段文字。")
    indexer.build_index(archive, index)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    [hit] = client.get("/api/search", query_string={"q": "口袋公园"}).get_json()["hits"]
    permalink = hit["citation"]["url"]
    assert urlsplit(permalink).fragment == f"p{TARGET}"
    assert args_of(permalink) == {"p": str(TARGET), "k": indexer.fingerprint(TARGET_TEXT)}

    def rebuild(paragraphs, other=None):
        write(archive, paragraphs, other)
        indexer.build_index(archive, index)

    return client, permalink, rebuild


def relative(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def target_of(page: str) -> int | None:
    found = re.findall(r'<p id="p(\d+)" class="para[^"]*is-target', page)
    assert len(found) <= 1
    return int(found[0]) if found else None


CHANGES = [
    # (what changed, the new paragraphs, where the target is now, what the page says)
    ("nothing", BEFORE, TARGET, None),
    ("a paragraph inserted before it", BEFORE[:1] + ["（新增）县政府新闻发言人介绍情况。"] + BEFORE[1:],
     TARGET + 1, "链接原指第 4 段，这一段现在是第 5 段"),
    ("two paragraphs inserted at the top", ["增补说明一。", "增补说明二。"] + BEFORE, TARGET + 2,
     "链接原指第 4 段，这一段现在是第 6 段"),
    ("a paragraph removed before it", BEFORE[:1] + BEFORE[2:], TARGET - 1,
     "链接原指第 4 段，这一段现在是第 3 段"),
    ("only spacing changed", BEFORE[:TARGET] + ["今年将新建十座 口袋公园，方便群众休闲。"] + BEFORE[TARGET + 1:],
     TARGET, None),
    ("its wording changed", BEFORE[:TARGET] + ["今年将新建二十座口袋公园。"] + BEFORE[TARGET + 1:],
     TARGET, "已经修改或删除"),
    ("the document got shorter", BEFORE[:2], None, "已不在本文中（本文现有 2 段）"),
]


@pytest.mark.parametrize("change, paragraphs, now, notice", CHANGES, ids=[c[0] for c in CHANGES])
def test_old_permalink_after_reindexing(reindex, change, paragraphs, now, notice):
    client, permalink, rebuild = reindex
    rebuild(paragraphs, other="无关的一段文字，也改了。")
    response = client.get(relative(permalink))
    moved = now is not None and now != TARGET
    if moved:
        # The browser is sent to where the paragraph is now, the #anchor included.
        assert response.status_code == 302
        location = response.headers["Location"]
        assert urlsplit(location).fragment == f"p{now}"
        assert args_of(location) == {"p": str(now), "k": args_of(permalink)["k"], "was": str(TARGET)}
        response = client.get(location)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert target_of(page) == now
    if now is not None:
        target_html = re.search(rf'<p id="p{now}" [^>]*>(.*?)</p>', page).group(1)
        assert "口袋公园" in html.unescape(target_html)
        assert f"引用第 {now + 1} 段" in page  # the citation box follows the paragraph
    notices = re.findall(r'<p class="notice permalink-notice" role="status">(.*?)</p>', page)
    if notice is None:
        assert notices == []
    else:
        assert len(notices) == 1 and notice in notices[0], notices


def test_document_id_does_not_depend_on_index_order(reindex):
    client, permalink, rebuild = reindex
    rebuild(["新的第一段。"] + BEFORE, other="又一份文档，排在前面。")
    doc_id = urlsplit(permalink).path.rsplit("/", 1)[1]
    assert doc_id == indexer.make_doc_id(PATH)
    assert client.get(f"/api/documents/{doc_id}").status_code == 200


def test_api_reports_where_the_paragraph_is_now(reindex):
    client, permalink, rebuild = reindex
    rebuild(["新的第一段。"] + BEFORE)
    doc_id = urlsplit(permalink).path.rsplit("/", 1)[1]
    body = client.get(f"/api/documents/{doc_id}", query_string=args_of(permalink)).get_json()
    assert body["target"] == {"paragraph": TARGET + 1, "paragraph_number": TARGET + 2,
                              "requested": TARGET, "status": "moved"}
    assert body["citation"]["paragraph"] == TARGET + 1
    assert body["citation"]["text"] == TARGET_TEXT
    assert body["fingerprints"][TARGET + 1] == args_of(permalink)["k"]


@pytest.mark.parametrize("params", [
    {"p": "abc", "k": "zz"},  # garbage is ignored: the document opens as usual
    {"p": "-1"},
    {"p": "99999999999"},
    {"k": "0123"},
])
def test_bad_permalink_parameters_are_ignored(reindex, params):
    client, permalink, _ = reindex
    doc_id = urlsplit(permalink).path.rsplit("/", 1)[1]
    response = client.get(f"/documents/{doc_id}", query_string=params)
    assert response.status_code == 200
    assert target_of(response.get_data(as_text=True)) is None
