"""Files that people really have: each is indexed correctly or named in the summary with its
reason, and none stops the run.

One archive holds every case (generated here, nothing is checked in); `dangan index` reads it
once through the CLI, and each case is then checked through the summary it printed, the index's
meta.json and indexer.search. A file that is "indexed" must be findable by its marker (案例<tag>号,
written in each file's own encoding) with the hit's path naming that file.

Unreadable files: tests run as root in CI, and root reads a chmod-000 file, so unreadability is
simulated with a FIFO named pipe.txt (reading it would block the run for ever) and, in its own
test, with os.open raising PermissionError for one file (monkeypatched).
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import indexer
from indexer.cleaning import MAX_PARAGRAPH_CHARS
from indexer.reading import MAX_FILE_BYTES, NO_TEXT, NOT_REGULAR, read_entry
from web.cli import cli

BINARY = "二进制文件"
UNDECODABLE = "无法识别编码"
TOO_LARGE = "文件太大"
CANNOT_READ = "无法读取文件"
NOT_DOCX = "无法打开 Word 文件"
BAD_FRONT_MATTER = "front matter"

GBK_NAME = "送桥镇.txt".encode("gbk")  # as unzipped from Chinese Windows: names in GBK
GBK_TWIN = "平桥.txt".encode("gbk")  # a GBK name whose readable form another file already has
BAD_NAME = b"bad\xff\xfename.txt"  # bytes that are no encoding at all


def marker(tag: str) -> str:
    return f"案例{tag}號"  # found by 案例{tag}号 too: traditional and simplified fold together


def text(tag: str, lines: int = 3) -> str:
    """A few sentences, the first with the case's marker; only characters Big5 also has."""
    body = [f"本縣{marker(tag)}檔案記載，今年新建養老院一所，床位九十張。"]
    body += [f"第{n}段：各鄉鎮繼續推進道路建設，群眾出行更加方便。" for n in range(2, lines + 1)]
    return "\n".join(body) + "\n"


def html(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>標題</title></head><body>{body}</body></html>"


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def zipped() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document>" + "内容" * 500 + "</w:document>")
    return buf.getvalue()


def junk(n: int = 4096) -> bytes:
    state, out = 12345, bytearray()
    for _ in range(n):  # a fixed pseudo-random sequence: the same bytes on every run
        state = (state * 1103515245 + 12345) % 2**31
        out.append(state >> 16 & 0xFF or 1)  # no NUL: not "binary", just no encoding
    return bytes(out)


@dataclass
class Case:
    name: str  # archive-relative path (str), or raw bytes for names that are not UTF-8
    content: bytes | str | None
    tag: str = ""  # indexed: the marker that finds it; skipped: ""
    reason: str = ""  # skipped: part of the reason the summary gives
    rel: str = ""  # the archive-relative path the index shows, if not `name`

    @property
    def shown(self) -> str:
        return self.rel or self.name

    @property
    def id(self) -> str:
        return self.shown


def utf8(tag: str, **kw) -> bytes:
    return text(tag, **kw).encode("utf-8")


CASES = [
    # --- encodings
    Case("enc/invalid_utf8_bytes.txt",
         utf8("IU", lines=40).replace("群眾".encode(), b"\xff\xfe\xc0", 2), tag="IU"),
    Case("enc/gbk_no_label.html", html(f"<p>{text('GN')}</p>").encode("gbk"), tag="GN"),
    Case("enc/gbk_labelled_utf8.html", html(f"<p>{text('GW')}</p>", '<meta charset="utf-8">').encode("gbk"),
         tag="GW"),
    Case("enc/gb18030_labelled_latin1.html",
         html(f"<p>{text('GL')}㐀</p>", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
         .encode("gb18030"), tag="GL"),
    Case("enc/gbk_no_label.txt", text("GT").encode("gbk"), tag="GT"),
    Case("enc/gbk_cut_mid_character.txt", text("GC").encode("gbk")[:-3], tag="GC"),
    Case("enc/big5.html", html(f"<p>{text('BH')}</p>", '<meta charset="big5">').encode("big5"), tag="BH"),
    Case("enc/big5_no_label.txt", text("BT").encode("big5"), tag="BT"),
    Case("enc/utf16le_bom.txt", text("UL").encode("utf-16"), tag="UL"),
    Case("enc/utf16be_bom.html", b"\xfe\xff" + html(f"<p>{text('UB')}</p>").encode("utf-16-be"), tag="UB"),
    Case("enc/utf8_bom.txt", b"\xef\xbb\xbf" + utf8("U8"), tag="U8"),
    Case("enc/cr_line_ends.txt", text("CR").replace("\n", "\r").encode(), tag="CR"),
    # --- nothing in it
    Case("empty/empty.txt", b"", reason=NO_TEXT),
    Case("empty/whitespace.txt", " \t\r\n\u3000\n\n   \r\n".encode(), reason=NO_TEXT),
    Case("empty/bom_only.txt", b"\xef\xbb\xbf", reason=NO_TEXT),
    Case("empty/empty.html", b"", reason=NO_TEXT),
    Case("empty/only_scripts.html", html("<script>var x = '脚本';</script><style>p{}</style>"), reason=NO_TEXT),
    Case("empty/blank_lines.jsonl", b"\n\n  \n", reason=NO_TEXT),
    # --- not text at all
    Case("binary/png_renamed.html", png(), reason=BINARY),
    Case("binary/zip_renamed.html", zipped(), reason=BINARY),
    Case("binary/random_bytes.txt", junk(), reason=UNDECODABLE),
    Case("binary/png_renamed.docx", png(), reason=NOT_DOCX),
    Case("binary/utf16_without_bom.txt", text("NB").encode("utf-16-le"), reason=BINARY),
    # --- HTML
    Case("html/never_closed.html",
         f"<html><body><div><p>{text('NC')}<p>第二段沒有閉合。<div><span><b>第三段：仍有<i>斜體。",
         tag="NC"),
    Case("html/nested_5000_deep.html", html("<div>" * 5000 + f"<p>{text('D5')}</p>" + "</div>" * 5000), tag="D5"),
    Case("html/unclosed_20000_deep.html", "<html><body>" + "<div><span>" * 20000 + text("DU"), tag="DU"),
    Case("html/scripts_and_styles.html", html(
        f"<p>{text('SS')}</p><script>var s = '{marker('SX')}';</script>"
        f"<style>.x::after {{ content: '{marker('SY')}' }}</style><noscript>{marker('SZ')}</noscript>"
        f"<template><p>{marker('ST')}</p></template><!-- {marker('SC')} -->",
        f"<script>document.title = '{marker('SH')}'</script>"), tag="SS"),
    # --- odd characters
    Case("chars/nul_and_padding.txt", utf8("NU").replace("，".encode(), b"\x00", 1) + b"\x00" * 4096, tag="NU"),
    Case("chars/control_characters.txt", utf8("CC", lines=5).replace("，".encode(), b"\x1b[0m\x08\x1a\x7f", 1),
         tag="CC"),
    Case("chars/zero_width_in_words.txt",
         text("ZW").replace("案例", "案\u200b例").replace("養老院", "養\u2060老\u200d院\ufeff").encode(),
         tag="ZW"),
    Case("chars/bidi_overrides.txt", text("BD").replace("床位", "\u202e床位\u202c").encode(), tag="BD"),
    Case("chars/one_paragraph_of_3MB.txt",
         ("各鄉鎮繼續推進道路建設，群眾出行更加方便。" * 50_000 + marker("HP") + "結束。").encode(), tag="HP"),
    # --- size
    Case("size/over_the_limit.txt", None, reason=TOO_LARGE),
    # --- other formats gone wrong
    Case("formats/bad_front_matter.txt", "---\ntitle: [unclosed\n---\n" + text("FM"), reason=BAD_FRONT_MATTER),
    Case("formats/lines.jsonl", "\n".join([
        json.dumps({"title": "好的", "text": text("J1")}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "空的", "text": ""}, ensure_ascii=False),
        json.dumps({"title": "又一篇", "text": text("J2")}, ensure_ascii=False),
    ]).encode("utf-8"), tag="J1", rel="formats/lines.jsonl#L1"),
    # --- names and links
    Case(GBK_NAME, utf8("NG"), tag="NG", rel="names/送桥镇.txt"),
    Case(GBK_TWIN, utf8("NT"), tag="NT", rel="names/" + GBK_TWIN.decode("utf-8", "backslashreplace")),
    Case("names/平桥.txt", utf8("N8"), tag="N8"),
    Case(BAD_NAME, utf8("NX"), tag="NX", rel="names/bad\\xff\\xfename.txt"),
    Case("links/self_loop.txt", None, reason=CANNOT_READ),
    Case("links/loop_a.txt", None, reason=CANNOT_READ),
    Case("links/loop_b.txt", None, reason=CANNOT_READ),
    Case("links/dangling.txt", None, reason=CANNOT_READ),
    Case("links/pipe.txt", None, reason=NOT_REGULAR),
    Case("links/folder.txt/inside.txt", utf8("DI"), tag="DI"),
    # --- the control: a plain good file
    Case("good.txt", utf8("OK"), tag="OK"),
]
SKIPPED_LINES = {"formats/lines.jsonl#L2": "JSON", "formats/lines.jsonl#L3": NO_TEXT}
INDEXED_LINES = {"formats/lines.jsonl#L4": "J2"}


def make_archive(root: Path) -> Path:
    for case in CASES:
        if isinstance(case.name, bytes):
            folder = root / "names"
            folder.mkdir(parents=True, exist_ok=True)
            with open(os.path.join(os.fsencode(folder), case.name), "wb") as f:
                f.write(case.content)
            continue
        path = root / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if case.content is not None:
            path.write_bytes(case.content if isinstance(case.content, bytes) else case.content.encode())
    with open(root / "size/over_the_limit.txt", "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: its size is all that is ever looked at
    links = root / "links"
    os.symlink("self_loop.txt", links / "self_loop.txt")
    os.symlink("loop_b.txt", links / "loop_a.txt")
    os.symlink("loop_a.txt", links / "loop_b.txt")
    os.symlink("nowhere.txt", links / "dangling.txt")
    os.symlink("..", links / "up")  # a folder loop: never followed
    os.mkfifo(links / "pipe.txt")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The hostile archive indexed by `dangan index`: (index folder, CLI output, meta.json)."""
    root = make_archive(tmp_path_factory.mktemp("hostile"))
    index = tmp_path_factory.mktemp("hostile-index")
    pipe = root / "links" / "pipe.txt"

    def unblock():  # should the run ever open the pipe, give it an end instead of hanging
        fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)

    guard = threading.Timer(120, lambda: os.path.exists(pipe) and _quietly(unblock))
    guard.daemon = True
    guard.start()
    try:
        result = CliRunner().invoke(cli, ["index", str(root), "--index", str(index), "-q"])
    finally:
        guard.cancel()
    assert result.exit_code == 0, result.output
    return index, result.output, indexer.index_info(index)


def _quietly(fn):
    try:
        fn()
    except OSError:
        pass


INDEXED = [c for c in CASES if c.tag]
SKIPPED = [c for c in CASES if c.reason]


@pytest.mark.parametrize("case", INDEXED, ids=lambda c: c.id)
def test_readable_files_are_indexed_and_found(built, case):
    index, _, meta = built
    result = indexer.search(index, marker(case.tag))
    assert [h.path for h in result.hits] == [case.shown], meta["skipped"]
    assert case.shown not in dict(meta["skipped"])


@pytest.mark.parametrize("case", SKIPPED, ids=lambda c: c.id)
def test_unreadable_files_are_named_with_their_reason(built, case):
    _, output, meta = built
    reasons = dict(meta["skipped"])
    assert case.reason in reasons.get(case.shown, ""), reasons
    assert f"  {case.shown}: " in output  # the summary printed by `dangan index`
    assert case.reason in output.split(f"  {case.shown}: ", 1)[1].split("\n", 1)[0]


def test_the_run_accounts_for_every_file(built):
    index, output, meta = built
    expected_docs = len(INDEXED) + len(INDEXED_LINES)
    assert meta["documents"] == expected_docs
    skipped = dict(meta["skipped"])
    assert set(skipped) == {c.shown for c in SKIPPED} | set(SKIPPED_LINES)
    for rel, reason in SKIPPED_LINES.items():
        assert reason in skipped[rel]
    assert f"跳过 {len(skipped)} 个文件" in output
    for rel, tag in INDEXED_LINES.items():
        assert [h.path for h in indexer.search(index, marker(tag)).hits] == [rel]


def test_script_style_template_and_comments_are_never_indexed(built):
    index, _, _ = built
    for tag in ("SX", "SY", "SZ", "ST", "SC", "SH"):
        assert indexer.search(index, marker(tag)).total == 0, tag
    for q in ("document.title", "content", "var s"):
        assert indexer.search(index, f'"{q}"').total == 0, q


def _document(index, rel):
    return indexer.get_document(index, indexer.make_doc_id(rel))


def test_html_nested_or_unclosed_keeps_its_text(built):
    index, _, _ = built
    doc = _document(index, "html/never_closed.html")
    assert doc.paragraphs[1:] == ["第二段沒有閉合。", "第三段：仍有斜體。"]
    for rel, tag in (("html/nested_5000_deep.html", "D5"), ("html/unclosed_20000_deep.html", "DU")):
        assert _document(index, rel).paragraphs == [text(tag).replace("\n", "")]


def test_odd_characters_are_removed_and_words_stay_whole(built):
    index, _, _ = built
    odd = {chr(c) for c in [*range(0, 9), *range(14, 32), 127, 0x200B, 0x200D, 0x2060, 0xFEFF, 0x202E, 0x202C]}
    for rel in ("chars/nul_and_padding.txt", "chars/control_characters.txt",
                "chars/zero_width_in_words.txt", "chars/bidi_overrides.txt"):
        doc = _document(index, rel)
        assert not odd & set("".join(doc.paragraphs)), rel
    [hit] = indexer.search(index, f"{marker('ZW')} 养老院").hits  # words stay whole
    assert hit.path == "chars/zero_width_in_words.txt"
    assert "<mark>養老院</mark>" in hit.highlight
    # U+FFFD stands where the damaged bytes were, and the rest reads
    damaged = _document(index, "enc/invalid_utf8_bytes.txt").paragraphs
    assert sum(p.count("\ufffd") for p in damaged) == 6 and len(damaged) == 40  # 3 bytes, twice


def test_a_paragraph_of_megabytes_is_cut_at_sentence_ends(built):
    index, _, _ = built
    doc = _document(index, "chars/one_paragraph_of_3MB.txt")
    assert len(doc.paragraphs) > 100
    assert all(len(p) <= MAX_PARAGRAPH_CHARS for p in doc.paragraphs)
    assert all(p.endswith("。") for p in doc.paragraphs)
    assert sum(map(len, doc.paragraphs)) == 50_000 * 21 + len(marker("HP")) + 3
    assert indexer.search(index, '"群众出行更加方便"').total >= len(doc.paragraphs)


def test_file_names_that_are_not_utf8_get_readable_paths(built):
    index, _, _ = built
    hits = indexer.search(index, " OR ".join(marker(t) for t in ("NG", "NT", "N8", "NX"))).hits
    assert sorted(h.path for h in hits) == sorted(
        ["names/送桥镇.txt", "names/平桥.txt", "names/ƽ\\xc7\\xc5.txt", "names/bad\\xff\\xfename.txt"])
    json.dumps([h.path for h in hits], ensure_ascii=False).encode("utf-8")  # storable, sendable
    for hit in hits:  # and each opens as a document
        assert indexer.get_document(index, hit.doc_id).path == hit.path


def test_a_folder_loop_is_not_followed(built):
    index, _, _ = built
    assert [h.path for h in indexer.search(index, marker("OK")).hits] == ["good.txt"]


def test_a_file_that_raises_permission_error_is_skipped(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_bytes(utf8("PA"))
    (tmp_path / "locked.txt").write_bytes(utf8("PL"))
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    report = indexer.build_index(tmp_path, tmp_path / "index", procs=1)
    assert report.documents == 1
    assert [(s.path, s.reason) for s in report.skipped] == [
        ("locked.txt", "无法读取文件 (cannot read: Permission denied)")]
    assert indexer.search(tmp_path / "index", marker("PA")).total == 1


def test_read_entry_never_raises_on_a_vanished_file(tmp_path):
    [skipped] = read_entry(tmp_path / "gone.txt", "gone.txt")
    assert isinstance(skipped, indexer.Skipped) and CANNOT_READ in skipped.reason


MEASURE = """
import json, resource, sys
import indexer
report = indexer.build_index(sys.argv[1], sys.argv[2], procs=1)
print(json.dumps({"documents": report.documents, "skipped": [[s.path, s.reason] for s in report.skipped],
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _measure(archive: Path, index: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, str(archive), str(index)], check=True,
                         capture_output=True, text=True, timeout=600)
    return json.loads(out.stdout.splitlines()[-1])


def test_a_100_mb_file_is_refused_by_its_size_and_memory_stays_bounded(tmp_path):
    """Peak memory of a run with a 100 MB text file (and a .jsonl with a 20 MB line) is compared
    with that of the same run without them: reading either would add well over 100 MB."""
    small, big = tmp_path / "small", tmp_path / "big"
    for root in (small, big):
        root.mkdir()
        (root / "good.txt").write_bytes(utf8("OK"))
    line = ("ascii text, not a word of it Chinese; " * 1000 + "\n").encode()
    with open(big / "huge.txt", "wb") as f:
        for _ in range(100 * 2**20 // len(line) + 1):
            f.write(line)
    with open(big / "collection.jsonl", "wb") as f:
        f.write(json.dumps({"text": text("JL")}, ensure_ascii=False).encode() + b"\n")
        f.write(b'{"text": "' + line.strip() * (20 * 2**20 // len(line) + 1) + b'"}\n')
        f.write(json.dumps({"text": text("JM")}, ensure_ascii=False).encode() + b"\n")
    assert (big / "huge.txt").stat().st_size >= 100 * 2**20

    base = _measure(small, tmp_path / "ix-small")
    try:
        measured = _measure(big, tmp_path / "ix-big")
    finally:  # 120 MB that pytest would otherwise keep for three runs
        (big / "huge.txt").unlink()
        (big / "collection.jsonl").unlink()
    assert measured["documents"] == 3  # good.txt and the two short lines of the collection
    reasons = dict(measured["skipped"])
    assert reasons["huge.txt"] == "文件太大 (too large: 100.0 MB, the limit is 16 MB; split it into smaller files)"
    assert reasons["collection.jsonl#L2"].startswith("行太长 (line too long: 20.0 MB")
    growth_mb = (measured["maxrss_kb"] - base["maxrss_kb"]) / 1024
    assert growth_mb < 64, f"peak memory grew by {growth_mb:.0f} MB"
    print(f"peak memory {base['maxrss_kb'] // 1024} MB without the large files, grew by {growth_mb:.1f} MB")
