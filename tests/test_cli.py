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
    assert hit["url"] == f"/documents/{hit['doc_id']}#p0"
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
