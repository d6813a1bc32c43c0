"""Zip archives read as folders: members named inside the zip, GBK names, every member
accounted for, limits against zip bombs, incremental re-indexing."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import indexer
import indexer.reading
from indexer.documents import Document, Skipped
from indexer.readers import zip as zipreader
from indexer.reading import read_entry


class GbkInfo(zipfile.ZipInfo):
    """A member whose name is written in GBK without the UTF-8 flag, as Chinese Windows does."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gb18030"), self.flag_bits & ~0x800


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    word = docx.Document()
    for p in paragraphs:
        word.add_paragraph(p)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def make_zip(path: Path, members: dict[str, bytes | str], gbk: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            info = GbkInfo(name) if name in gbk else zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def zip_bytes(members: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


MEMBERS = {
    "报告/2025_青溪县_政府工作报告.docx": docx_bytes("青溪县政府工作报告", "青溪镇新建公厕十二座，群众普遍满意。"),
    "报告/说明.txt": "送桥镇污水处理厂投入运行。",
    "报告/附件.xls": b"\xd0\xcf\x11\xe0 not read",
    "空文件夹/": b"",
    "__MACOSX/报告/._说明.txt": b"\x00\x05\x16\x07",
    "报告/.DS_Store": b"\x00",
}


def test_members_are_read_by_format_and_named_inside_the_zip(tmp_path):
    path = make_zip(tmp_path / "收集.zip", MEMBERS, gbk=("报告/说明.txt",))
    entries = {e.path: e for e in read_entry(path, "下载/收集.zip")}
    assert set(entries) == {"下载/收集.zip/报告/2025_青溪县_政府工作报告.docx", "下载/收集.zip/报告/说明.txt",
                            "下载/收集.zip/报告/附件.xls"}
    word = entries["下载/收集.zip/报告/2025_青溪县_政府工作报告.docx"]
    assert isinstance(word, Document) and "青溪镇新建公厕十二座，群众普遍满意。" in word.paragraphs
    assert word.date == "2025"
    assert entries["下载/收集.zip/报告/说明.txt"].paragraphs == ["送桥镇污水处理厂投入运行。"]
    xls = entries["下载/收集.zip/报告/附件.xls"]
    assert isinstance(xls, Skipped) and "另存为 .docx 或 PDF" in xls.reason


@pytest.mark.parametrize("name, gbk", [
    ("报告/说明.txt", True), ("新闻/2024年6月3日.txt", True), ("报告/说明.txt", False), ("cafe.txt", False),
])
def test_gbk_and_utf8_member_names_are_decoded(tmp_path, name, gbk):
    path = make_zip(tmp_path / "a.zip", {name: "青溪镇新建公厕十二座。"}, gbk=(name,) if gbk else ())
    with zipfile.ZipFile(path) as z:
        assert (z.infolist()[0].filename == name) is not gbk  # zipfile alone reads GBK as cp437
    [entry] = read_entry(path, "a.zip")
    assert entry.path == f"a.zip/{name}"


def test_a_zip_in_a_zip_is_read_but_not_without_end(tmp_path, monkeypatch):
    inner = zip_bytes({"内/a.txt": "青溪镇新建公厕十二座。"})
    middle = zip_bytes({"中.zip": inner})
    path = make_zip(tmp_path / "外.zip", {"中层.zip": middle})
    [doc] = read_entry(path, "外.zip")
    assert doc.path == "外.zip/中层.zip/中.zip/内/a.txt"
    monkeypatch.setattr(zipreader, "MAX_DEPTH", 2)
    [skipped] = read_entry(path, "外.zip")
    assert skipped.path == "外.zip/中层.zip/中.zip" and "嵌套太深" in skipped.reason


@pytest.mark.parametrize("limit, value, reason", [
    ("MAX_MEMBERS", 2, "文件太多"),
    ("MAX_TOTAL_BYTES", 1000, "解压后太大"),
])
def test_zip_bombs_are_refused_with_a_reason(tmp_path, monkeypatch, limit, value, reason):
    path = make_zip(tmp_path / "bomb.zip", {f"{n}.txt": "零" * 2000 for n in range(3)})
    monkeypatch.setattr(zipreader, limit, value)
    [skipped] = read_entry(path, "bomb.zip")
    assert skipped.path == "bomb.zip" and reason in skipped.reason


def test_a_member_larger_than_its_limit_is_skipped_and_the_others_read(tmp_path, monkeypatch):
    path = make_zip(tmp_path / "a.zip", {"big.txt": "零" * 5000, "small.txt": "青溪镇新建公厕。"})
    monkeypatch.setattr(zipreader, "MAX_MEMBER_BYTES", 10_000)
    big, small = read_entry(path, "a.zip")
    assert isinstance(big, Skipped) and "太大" in big.reason
    assert small.paragraphs == ["青溪镇新建公厕。"]


@pytest.mark.parametrize("content", [b"PK\x03\x04 broken", b"", b"not a zip at all"])
def test_a_broken_zip_is_named_with_a_reason(tmp_path, content):
    (tmp_path / "x.zip").write_bytes(content)
    [skipped] = read_entry(tmp_path / "x.zip", "x.zip")
    assert isinstance(skipped, Skipped) and "压缩包" in skipped.reason


def test_a_zip_is_indexed_and_reindexed_as_one_file(tmp_path, monkeypatch):
    archive, index = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    make_zip(archive / "收集.zip", {"a.txt": "青溪镇新建公厕十二座。", "b.txt": "送桥镇污水处理厂投入运行。"})
    (archive / "c.txt").write_text("群众普遍满意。", encoding="utf-8")
    report = indexer.build_index(archive, index, procs=1)
    assert report.documents == 3
    assert indexer.search(index, "公厕").hits[0].path == "收集.zip/a.txt"

    seen = []
    original = indexer.reading.read_entry
    monkeypatch.setattr(indexer.reading, "read_entry", lambda p, r: seen.append(r) or original(p, r))
    (archive / "c.txt").write_text("群众非常满意。", encoding="utf-8")
    indexer.build_index(archive, index, procs=1)
    assert seen == ["c.txt"]  # the unchanged zip is not opened again

    make_zip(archive / "收集.zip", {"a.txt": "青溪镇新建公厕十三座。"})
    report = indexer.build_index(archive, index, procs=1)
    assert seen[-1] == "收集.zip" and report.mode == "incremental"
    assert indexer.search(index, "污水").total == 0
    assert indexer.search(index, '"公厕十三座"').total == 1
