"""Report figures computed at index time, kept beside the build, right after updates, and found
by place, indicator, kind and year."""
import os

import pytest

import indexer
from indexer import QueryError, build_index, find_figures, index_info, packed
from indexer.figure_index import FIGURES_FILE


def write(root, rel, title, *paragraphs, date="2024-01-20", place="青溪县"):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n".join(paragraphs)
    path.write_text(f"---\ntitle: {title}\ndate: {date}\nplace: {place}\n---\n{body}\n", encoding="utf-8")


def report(root, year, growth, target, rel=None):
    write(root, rel or f"docs/{year}.txt", f"{year}年青溪县政府工作报告",
          "各位代表：现在，我代表县人民政府，向大会报告工作。",
          f"过去一年，青溪县地区生产总值增长{growth}%，城镇新增就业1.2万人。",
          f"今年经济社会发展的主要预期目标是：地区生产总值增长{target}%左右。",
          date=f"{year}-01-20")


def series(index_dir, **filters):
    return [(f["kind"], f["ref_year"], f["value"]) for f in
            find_figures(index_dir, place="青溪县", indicator="地区生产总值", **filters)]


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "archive"
    report(root, 2024, 5.1, 5.5)
    report(root, 2025, 5.6, 5)
    write(root, "news/a.txt", "新闻", "青溪县地区生产总值增长9.9%，据说。")  # not a report
    return root


def test_figures_are_written_beside_the_build(archive, tmp_path):
    build_index(archive, tmp_path / "ix")
    build = index_info(tmp_path / "ix")["build"]
    stored = packed.load_json(tmp_path / "ix" / "builds" / build.split("/")[-1] / FIGURES_FILE)
    assert len(stored["figures"]) == 6
    assert series(tmp_path / "ix") == [("actual", 2023, 5.1), ("actual", 2024, 5.6),
                                       ("target", 2024, 5.5), ("target", 2025, 5.0)]


def test_an_undated_report_is_of_the_year_its_title_names(tmp_path):
    root = tmp_path / "archive"
    path = root / "docs" / "report.txt"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: 2024年青溪县政府工作报告\nplace: 青溪县\n---\n"
                    "过去一年，青溪县地区生产总值增长5.1%。\n今年的主要预期目标是：地区生产总值增长5.5%左右。\n",
                    encoding="utf-8")
    build_index(root, tmp_path / "ix")
    figures = find_figures(tmp_path / "ix", indicator="地区生产总值")
    assert [(f["date"], f["kind"], f["ref_year"], f["report_year"]) for f in figures] == [
        ("", "actual", 2023, 2024), ("", "target", 2024, 2024)]


def test_updates_keep_figures_right(archive, tmp_path):
    ix = tmp_path / "ix"
    build_index(archive, ix)
    report(archive, 2025, 5.8, 5)  # the 2024 result corrected
    report(archive, 2026, 5.2, 4.5)  # a new report
    (archive / "docs" / "2024.txt").unlink()
    assert build_index(archive, ix).mode != "full"
    assert series(ix) == [("actual", 2024, 5.8), ("actual", 2025, 5.2), ("target", 2025, 5.0),
                          ("target", 2026, 4.5)]


def test_filters(archive, tmp_path):
    ix = tmp_path / "ix"
    build_index(archive, ix)
    assert series(ix, kind="target") == [("target", 2024, 5.5), ("target", 2025, 5.0)]
    assert series(ix, year="2024") == [("actual", 2024, 5.6), ("target", 2024, 5.5)]
    assert series(ix, year="2023-2024") == series(ix)[:3]
    assert [f["indicator"] for f in find_figures(ix, indicator="GDP")] == ["地区生产总值"] * 4
    assert find_figures(ix, place="北京") == []
    assert {f["indicator"] for f in find_figures(ix, place="青溪")} == {"地区生产总值", "城镇新增就业"}


@pytest.mark.parametrize("filters", [{"kind": "goal"}, {"year": "20x4"}, {"year": "2025-2020"}])
def test_bad_filters_are_refused(archive, tmp_path, filters):
    build_index(archive, tmp_path / "ix")
    with pytest.raises(QueryError):
        find_figures(tmp_path / "ix", **filters)


def test_a_figure_points_at_its_paragraph(archive, tmp_path):
    ix = tmp_path / "ix"
    build_index(archive, ix)
    (fig,) = find_figures(ix, indicator="城镇新增就业", year="2024")
    doc = indexer.get_document(ix, fig["doc_id"])
    assert doc.paragraphs[fig["paragraph"]][fig["start"]:fig["end"]] == fig["text"] == "城镇新增就业1.2万人"
    assert (fig["value"], fig["unit"], fig["normalised"], fig["report_year"]) == (1.2, "万人", 12000.0, 2025)


@pytest.mark.parametrize("content", [{"version": 0, "figures": []}, b"not zstd", "not json", None])
def test_a_stale_or_missing_figures_file_is_recomputed(archive, tmp_path, content):
    from indexer import figure_index

    ix = tmp_path / "ix"
    build_index(archive, ix)
    path = figure_index.store.current_build(ix) / FIGURES_FILE
    if content is None:
        path.unlink()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        packed.write_bytes(path, content.encode("utf-8"))
    else:
        packed.dump_json(path, content)
    figure_index._cache.clear()
    assert len(series(ix)) == 4


def test_an_update_extracts_only_the_changed_reports(archive, tmp_path, monkeypatch):
    from indexer import figure_index

    ix = tmp_path / "ix"
    build_index(archive, ix)
    before = series(ix)
    read = []
    original = figure_index.document_figures

    def spy(paragraphs, date, title, place):
        read.append(title)
        return original(paragraphs, date, title, place)

    monkeypatch.setattr(figure_index, "document_figures", spy)
    report(archive, 2026, 5.2, 4.5)
    assert build_index(archive, ix).mode == "incremental"
    assert read == ["2026年青溪县政府工作报告"]
    build_index(archive, tmp_path / "full", full=True)
    assert series(ix) == series(tmp_path / "full") != before


def test_an_update_does_not_read_again_the_unchanged_documents_that_are_not_reports(
        archive, tmp_path, monkeypatch):
    from indexer import figure_index

    write(archive, "news/b.txt", "两会快讯", "代表们认真审议政府工作报告，一致表示赞成。")  # a candidate
    ix = tmp_path / "ix"
    build_index(archive, ix)
    asked = []
    original = figure_index.is_report

    def spy(title, paragraphs):
        asked.append(title)
        return original(title, paragraphs)

    monkeypatch.setattr(figure_index, "is_report", spy)
    report(archive, 2026, 5.2, 4.5)
    assert build_index(archive, ix).mode == "incremental"
    assert asked == ["2026年青溪县政府工作报告"]
    build_index(archive, tmp_path / "full", full=True)
    assert series(ix) == series(tmp_path / "full")


def test_stale_figures_are_computed_in_a_child_process(archive, tmp_path, monkeypatch):
    """The tagger naming figures may load stays out of a long-lived reader such as a server."""
    import threading

    from indexer import figure_index

    ix = tmp_path / "ix"
    build_index(archive, ix)
    packed.dump_json(figure_index.store.current_build(ix) / FIGURES_FILE, {"version": 0})
    figure_index._cache.clear()
    pids = tmp_path / "pids"
    original = figure_index.compute_figures

    def spy(build, *args):
        with open(pids, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
        return original(build, *args)

    monkeypatch.setattr(figure_index, "compute_figures", spy)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # as a server's first process is
    assert len(series(ix)) == 4
    (pid,) = pids.read_text(encoding="utf-8").split()
    assert int(pid) != os.getpid()
