"""The `dangan` command through Click's CliRunner and through the installed entry point."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from web.cli import cli

REPORT = """---
title: 2022年送桥镇政府工作报告
date: 2022-12-30
place: 送桥镇
source: 今日高邮
---
始终坚持“项目为王”，全年累计完成新签约项目13个。
国家卫生镇创建工作有声有色，23处公厕改造完毕。
"""
NEWS = """---
title: 市民关注养老
date: 2024-05-01
place: 高邮市
---
养老院和服务中心的服务质量提升。
"""


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    (root / "reports").mkdir(parents=True)
    (root / "reports" / "2022_report.txt").write_text(REPORT, encoding="utf-8")
    (root / "news.txt").write_text(NEWS, encoding="utf-8")
    (root / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return root


@pytest.fixture
def indexed(archive, tmp_path):
    index = tmp_path / "index"
    result = CliRunner().invoke(cli, ["index", str(archive), "--index", str(index), "--procs", "1"])
    assert result.exit_code == 0, result.output
    return index


def test_index_prints_a_summary_and_names_skipped_files(archive, tmp_path):
    result = CliRunner().invoke(cli, ["index", str(archive), "--index", str(tmp_path / "ix"), "-q"])
    assert result.exit_code == 0, result.output
    assert "已索引 2 篇文档、3 个段落" in result.output
    assert "broken.html" in result.output  # reported by name, with its reason


@pytest.mark.parametrize("q, said, offered", [
    ("养老服务", "“养老服务” 完整出现在 0 个段落；另有 1 个段落包含“养老”和“服务”", True),
    ("公厕改造", "“公厕改造” 完整出现在 1 个段落（按词再找没有更多段落）", False),
])
def test_search_says_how_a_run_together_string_was_read(indexed, q, said, offered):
    result = CliRunner().invoke(cli, ["search", q, "--index", str(indexed)])
    assert result.exit_code == 0, result.output
    assert said in result.output
    assert ("只查完整出现的" in result.output) is offered


def test_search_prints_highlighted_paragraphs(indexed):
    result = CliRunner().invoke(cli, ["search", "公厕", "--index", str(indexed)])
    assert result.exit_code == 0, result.output
    assert "找到 1 个段落" in result.output
    assert "23处【公厕】改造完毕" in result.output
    assert "reports/2022_report.txt" in result.output


def test_search_json_is_the_api_answer(indexed):
    result = CliRunner().invoke(cli, ["search", '"项目为王"', "--index", str(indexed), "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert {"query", "total", "page", "per_page", "hits"} <= body.keys()
    hit = body["hits"][0]
    assert hit["path"] == "reports/2022_report.txt" and hit["paragraph"] == 0
    assert hit["paragraph_number"] == 1
    assert hit["url"] == f"/documents/{hit['doc_id']}?p=0&k={hit['fingerprint']}#p0"
    assert "<mark>项目为王</mark>" in hit["highlight"]


@pytest.mark.parametrize("args, fragment", [
    (["search", '"养老'], "引号"),
    (["search", "-养老"], "排除"),
    (["search", "养老 year:abc"], "年份"),
])
def test_bad_queries_exit_with_a_message_not_a_traceback(indexed, args, fragment):
    result = CliRunner().invoke(cli, args + ["--index", str(indexed)])
    assert result.exit_code == 1
    assert fragment in result.output and "提示" in result.output
    assert "Traceback" not in result.output


def test_search_without_an_index_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(cli, ["search", "养老", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "dangan index" in result.output


def test_index_of_a_missing_folder_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["index", str(tmp_path / "nope"), "--index", str(tmp_path / "ix")])
    assert result.exit_code != 0
    assert "nope" in result.output and "Traceback" not in result.output


def _entry_point() -> str:
    path = Path(sys.executable).parent / "dangan"
    assert path.exists(), f"the dangan console script is not installed beside {sys.executable}"
    return str(path)


def test_installed_entry_point_indexes_and_searches(archive, tmp_path):
    env = dict(os.environ, DANGAN_INDEX_DIR=str(tmp_path / "ix"))
    run = subprocess.run([_entry_point(), "index", str(archive), "-q"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "已索引 2 篇文档" in run.stdout
    run = subprocess.run([_entry_point(), "search", "养老", "--json"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["hits"][0]["title"] == "市民关注养老"


def test_second_index_run_updates_only_what_changed(archive, indexed):
    (archive / "news.txt").write_text(NEWS.replace("服务质量", "护理质量"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(archive), "--index", str(indexed), "-q"])
    assert result.exit_code == 0, result.output
    assert "增量更新：新增 0、修改 1、删除 0 个文件" in result.output
    result = CliRunner().invoke(cli, ["index", str(archive), "--index", str(indexed), "-q"])
    assert "档案没有变化" in result.output


# --- search --json is the API's answer ---------------------------------------------------------

def _api(index, path: str, **params):
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    return client.get(path, query_string=params, base_url="http://127.0.0.1:5000")


@pytest.mark.parametrize("args, params", [
    (["养老"], {"q": "养老"}),
    (["公厕 OR 养老", "--sort", "newest", "--per-page", "1", "--page", "2"],
     {"q": "公厕 OR 养老", "sort": "newest", "per_page": 1, "page": 2}),
])
def test_search_json_prints_exactly_the_api_answer(indexed, args, params):
    result = CliRunner().invoke(cli, ["search", *args, "--index", str(indexed), "--json"])
    assert result.exit_code == 0, result.output
    api = _api(indexed, "/api/search", **params)
    assert api.status_code == 200
    assert json.loads(result.output) == api.get_json()
    assert json.loads(result.output)["per_page"] == params.get("per_page", 20)  # the API's default


@pytest.mark.parametrize("args, params, code", [
    (['"养老'], {"q": '"养老'}, "bad_query"),
    (["养老 year:abc"], {"q": "养老 year:abc"}, "bad_query"),
    (["养老", "--page", "9"], {"q": "养老", "page": 9}, "page_out_of_range"),
])
def test_search_json_errors_are_the_api_error_on_stdout(indexed, args, params, code):
    result = CliRunner().invoke(cli, ["search", *args, "--index", str(indexed), "--json"])
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    api = _api(indexed, "/api/search", **params)
    assert body == api.get_json() and body["error"]["code"] == code
    assert body["error"]["status"] == api.status_code == 400


def test_search_json_without_an_index_is_the_api_503(tmp_path):
    result = CliRunner().invoke(cli, ["search", "养老", "--index", str(tmp_path / "none"), "--json"])
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["status"] == 503 and error["code"] == "index_missing" and "dangan index" in error["hint"]


def test_search_text_numbers_paragraphs_as_people_do_and_links_in_full(indexed):
    result = CliRunner().invoke(cli, ["search", "养老", "--index", str(indexed),
                                      "--base-url", "https://dangan.example.org"])
    assert result.exit_code == 0, result.output
    # 养老 is the news item's only paragraph: 第 1 段, the site's numbering (¶ 0-based never shown).
    assert "市民关注养老  2024-05-01 · 高邮市 · 第 1 段" in result.output
    assert "https://dangan.example.org/documents/" in result.output and "?p=0&k=" in result.output
    assert "[" not in result.output and "¶" not in result.output


def test_search_text_leaves_out_what_a_document_does_not_say(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    (root / "note.txt").write_text("无日期无地点的养老笔记。\n", encoding="utf-8")
    index = tmp_path / "index"
    assert CliRunner().invoke(cli, ["index", str(root), "--index", str(index), "-q"]).exit_code == 0
    result = CliRunner().invoke(cli, ["search", "养老", "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert "[]" not in result.output and " ·  · " not in result.output
    assert "第 1 段" in result.output


# --- serve and index agree on the archive ------------------------------------------------------

@pytest.fixture
def served(monkeypatch):
    """Runs `dangan serve` without a server: the app it would serve, or None if it stopped."""
    from web import serving

    apps = []
    monkeypatch.setattr(serving, "serve", lambda app, *args, **kw: apps.append(app))

    def run(*args):
        result = CliRunner().invoke(cli, ["serve", *args])
        return result, (apps.pop() if apps else None)
    return run


def _titles(app, q: str) -> set[str]:
    body = app.test_client().get("/api/search", query_string={"q": q}).get_json()
    return {h["title"] for h in body["hits"]}


def _other_archive(tmp_path) -> Path:
    other = tmp_path / "other"
    other.mkdir()
    (other / "2023_news.txt").write_text("---\ntitle: 另一个文件夹的养老新闻\n---\n养老驿站开门。\n",
                                         encoding="utf-8")
    return other


def test_serve_of_another_folder_rebuilds_the_index_for_it(archive, indexed, tmp_path, served):
    other = _other_archive(tmp_path)
    result, app = served(str(other), "--index", str(indexed))
    assert result.exit_code == 0, result.output
    assert "属于另一个文件夹" in result.output and str(archive.resolve()) in result.output
    assert _titles(app, "养老") == {"另一个文件夹的养老新闻"}  # never the first folder's documents
    assert f"提供 {other.resolve()} 的搜索" in result.output
    # `dangan index` agrees: the index is now the other folder's.
    again = CliRunner().invoke(cli, ["index", str(other), "--index", str(indexed), "-q"])
    assert "档案没有变化" in again.output


def test_serve_of_the_indexed_folder_does_not_rebuild(archive, indexed, served):
    result, app = served(str(archive), "--index", str(indexed))
    assert result.exit_code == 0, result.output
    assert "建立索引" not in result.output and "重建" not in result.output
    assert _titles(app, "养老") == {"市民关注养老"}


def test_serve_without_a_folder_serves_the_index_and_names_its_folder(archive, indexed, served):
    result, app = served("--index", str(indexed))
    assert result.exit_code == 0, result.output
    assert f"提供 {archive.resolve()} 的搜索（2 篇文档" in result.output
    assert app.config["ARCHIVE_DIR"] == str(archive.resolve())
    assert _titles(app, "养老") == {"市民关注养老"}


@pytest.mark.parametrize("with_index", [False, True])
def test_serve_of_a_missing_folder_fails_at_once(indexed, tmp_path, served, with_index):
    index = indexed if with_index else tmp_path / "no-index"
    result, app = served(str(tmp_path / "no" / "such"), "--index", str(index))
    assert result.exit_code == 1 and app is None
    assert "档案文件夹不存在" in result.output and "such" in result.output
    assert "建立索引" not in result.output and "Traceback" not in result.output
    assert with_index or not index.exists()


# --- Chinese throughout, Click's own words included --------------------------------------------

ENGLISH = ("Usage:", "Options:", "Commands:", "Error:", "Show this message", "Try '",
           "default:", "Missing", "No such", "Invalid value", "is not")


@pytest.mark.parametrize("args", [["--help"], ["index", "--help"], ["search", "--help"],
                                  ["serve", "--help"], ["-h"]])
def test_help_is_chinese_with_english_option_names(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法：dangan")
    assert "选项：" in result.output and "显示本帮助并退出" in result.output
    assert not any(word in result.output for word in ENGLISH), result.output
    assert "--help" in result.output


@pytest.mark.parametrize("args, fragment", [
    (["search"], "缺少参数 'QUERY'"),
    (["nope"], "没有这个命令：nope"),
    (["index", "--bogus"], "没有这个选项：--bogus"),
    (["search", "养老", "--page", "0"], "不在范围"),
    (["serve", "--port", "x"], "'--port' 的值无效：'x' 不是有效的数"),
    (["search", "养老", "--sort", "x"], "不在可选值"),
    (["serve", "a", "b"], "多出了参数"),
])
def test_usage_errors_are_chinese(args, fragment):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "错误：" in result.output and fragment in result.output, result.output
    assert "用法：dangan" in result.output and "查看帮助" in result.output
    assert not any(word in result.output for word in ENGLISH), result.output


def test_errors_of_dangan_itself_have_the_chinese_prefix(tmp_path):
    result = CliRunner().invoke(cli, ["index", str(tmp_path / "nope"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1
    assert result.output.startswith("错误：档案文件夹不存在") and "\n提示：" in result.output
    assert not any(word in result.output for word in ENGLISH), result.output


def test_click_speaks_english_again_outside_dangan():
    import gettext

    import click.core
    import click.exceptions

    CliRunner().invoke(cli, ["search"])
    assert click.exceptions._ is gettext.gettext and click.core.ngettext is gettext.ngettext


def test_one_numbering_for_people_in_the_cli_the_pages_and_citations(indexed):
    import re

    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(indexed)}).test_client()
    result = CliRunner().invoke(cli, ["search", "公厕", "--index", str(indexed)])
    cli_numbers = re.findall(r"第 (\d+) 段", result.output)
    hit = client.get("/api/search", query_string={"q": "公厕"}).get_json()["hits"][0]
    n = hit["paragraph_number"]
    assert cli_numbers == [str(n)] and n == hit["paragraph"] + 1 == 2
    assert hit["citation"]["paragraph_number"] == n and f"第 {n} 段" in hit["citation"]["plain"]
    assert f"<span>第 {n} 段</span>" in client.get("/", query_string={"q": "公厕"}).get_data(as_text=True)
    doc = client.get(hit["url"]).get_data(as_text=True)
    assert re.search(rf'<p id="p{hit["paragraph"]}"[^>]*><a class="pnum"[^>]*>{n}</a>', doc)


def test_index_without_a_folder_updates_the_indexed_one(archive, indexed):
    result = CliRunner().invoke(cli, ["index", "--index", str(indexed), "-q"])
    assert result.exit_code == 0, result.output
    assert "档案没有变化" in result.output  # the index's own folder, not archive/ of the cwd
    (archive / "added.txt").write_text("新增的一篇：公厕开放。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", "--index", str(indexed), "-q"])
    assert "增量更新：新增 1" in result.output
