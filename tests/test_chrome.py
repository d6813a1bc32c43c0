"""Site chrome as tallies (chrome.py): the same lines as cleaning.site_chrome, and an update's
adjusted tallies the same as tallies counted anew."""
import pytest

from indexer import chrome
from indexer.cleaning import site_chrome
from indexer.documents import Document

MENU = "首页 | 新闻中心 | 政务公开"
FOOT = "主办单位：青溪镇人民政府"


def page(n, site="https://www.qingxi.gov.cn", extra=(), menu=True):
    lines = ([MENU] if menu else []) + [f"青溪镇第{n}号通知：新建公厕{n}座。"] + list(extra) + [FOOT]
    return Document(path=f"q/{n}.html", url=f"{site}/a/{n}.html", paragraphs=lines)


def folder(n, extra=()):
    return Document(path=f"reports/{n}.txt", paragraphs=["青溪镇年度报告", f"第{n}份报告全文。", *extra])


ARCHIVE = ([page(i) for i in range(6)] + [page(i, "https://news.other.cn", menu=False) for i in range(6, 9)]
           + [folder(i) for i in range(4)])


@pytest.mark.parametrize("docs", [
    ARCHIVE,
    ARCHIVE[:2],  # too few documents for chrome
    [page(i, extra=["  首页 | 新闻中心 | 政务公开  "]) for i in range(5)],  # the line twice in a page
    [page(i, menu=i < 2) for i in range(5)],  # the menu in two of five: under 40 %
    [],
])
def test_tallies_pick_what_site_chrome_picks(docs):
    assert chrome.chrome(chrome.tally(docs)) == site_chrome(docs)


@pytest.mark.parametrize("removed, added", [
    ([0], [page(0, extra=["新增的一行"])]),  # a page changed
    ([0, 1, 2], []),  # pages gone: the menu's share rises, the site may have too few pages
    ([], [page(20), page(21, menu=False)]),  # pages added
    ([6, 7], [page(9, "https://news.other.cn", menu=False)]),  # another site's pages
    ([9, 10, 11, 12], []),  # a whole site gone
    ([], [folder(9, extra=["第9份报告附件。"])]),
])
def test_adjusted_tallies_are_the_tallies_of_the_new_documents(removed, added):
    old = chrome.tally(ARCHIVE)
    now = [d for i, d in enumerate(ARCHIVE) if i not in removed] + added
    got, touched = chrome.adjust(old, [ARCHIVE[i] for i in removed], added)
    expected = chrome.tally(now)
    assert {s: (n, dict(c)) for s, (n, c) in got.items()} == {s: (n, dict(c)) for s, (n, c) in expected.items()}
    assert chrome.chrome(got) == site_chrome(now)
    assert {s for s in set(got) | set(old) if got.get(s) != old.get(s)} <= touched
    assert chrome.tally(ARCHIVE) == old  # the live build's tallies are not changed


def test_boilerplate_learned_anew_after_an_update_is_what_a_full_build_learns(tmp_path):
    from conftest import write_doc

    from indexer import build_index, search

    root = tmp_path / "archive"
    for i in range(5):
        write_doc(root, f"site/{i}.txt", f"通知{i}", "青溪镇政府网站 版权所有", f"第{i}号通知：新建公厕{i}座。")
    index = tmp_path / "index"
    build_index(root, index)
    assert search(index, "版权所有").total == 0  # chrome of the folder's five documents
    for i in range(3, 5):
        write_doc(root, f"site/{i}.txt", f"通知{i}", f"第{i}号通知：新建公厕{i}座。")
    for i in range(5, 9):
        write_doc(root, f"site/{i}.txt", f"通知{i}", f"第{i}号通知：新建道路{i}公里。")
    report = build_index(root, index)
    assert report.mode == "incremental"
    full = tmp_path / "full"
    build_index(root, full, full=True)
    assert search(index, "版权所有").total == search(full, "版权所有").total == 3  # 3 of 9: no chrome any more
