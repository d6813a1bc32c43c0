"""Decoding bytes: BOMs, browser-style labels, wrong labels, undetected GB18030, binary junk."""
from pathlib import Path

import pytest

from indexer.encoding import ReadError, decode_bytes, is_plausible, normalize_label, sniff_html_charset
from indexer.reading import read_file

FIXTURES = Path(__file__).parent / "fixtures" / "encoding"
TEXT = "荷花镇区域养老服务中心今天开业，新增床位90张。"


@pytest.mark.parametrize("label, codec", [
    ("gb2312", "gb18030"),
    ("GB2312", "gb18030"),
    ("gbk", "gb18030"),
    ("x-gbk", "gb18030"),
    ("gb18030", "gb18030"),
    ("UTF-8", "utf-8"),
    ("utf8", "utf-8"),
    ("big5", "big5hkscs"),
    ("no-such-charset", None),
    ("", None),
    (None, None),
])
def test_labels_are_read_as_browsers_read_them(label, codec):
    assert normalize_label(label) == codec


@pytest.mark.parametrize("head, label", [
    (b'<meta charset="gbk">', "gbk"),
    (b"<meta charset=GB2312>", "GB2312"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb2312"),
    (b"<title>no label</title>", None),
])
def test_sniff_html_charset(head, label):
    assert sniff_html_charset(b"<html><head>" + head + b"</head></html>") == label


@pytest.mark.parametrize("data, declared, html, codec", [
    (TEXT.encode("utf-8"), None, False, "utf-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), None, False, "utf-8-sig"),
    (TEXT.encode("utf-16"), None, False, "utf-16"),
    (TEXT.encode("utf-32"), None, False, "utf-32"),
    (TEXT.encode("gbk"), None, False, "gb18030"),
    (TEXT.encode("gbk"), "gb2312", False, "gb18030"),
    # the label says GBK but the bytes are UTF-8: valid UTF-8 wins
    (TEXT.encode("utf-8"), "gbk", False, "utf-8"),
    # the label says UTF-8 but the bytes are GBK: the label fails, GB18030 is tried
    (TEXT.encode("gbk"), "utf-8", False, "gb18030"),
    (b'<meta charset="gb2312"><p>' + TEXT.encode("gbk") + b"</p>", None, True, "gb18030"),
    (b'<meta charset="utf-8"><p>' + TEXT.encode("gbk") + b"</p>", None, True, "gb18030"),
    # Western labels on GBK bytes would give mojibake
    (b'<meta charset="iso-8859-1"><p>' + TEXT.encode("gbk") + b"</p>", None, True, "gb18030"),
    # a UTF-16 label without a BOM on ASCII-compatible bytes is ignored, as browsers do
    (b'<meta charset="utf-16"><p>' + TEXT.encode("utf-8") + b"</p>", None, True, "utf-8"),
    (b"plain ascii", None, False, "utf-8"),
    (b"", None, False, "utf-8"),
])
def test_decode_bytes(data, declared, html, codec):
    """Each case names where the bytes come from; TEXT must come out intact."""
    text, used = decode_bytes(data, declared=declared, html=html)
    assert used == codec
    assert "\ufeff" not in text
    assert TEXT in text or data in (b"plain ascii", b"")


def test_a_real_latin1_label_is_kept():
    text, codec = decode_bytes("<p>café résumé</p>".encode("latin-1"), declared="iso-8859-1")
    assert (text, codec) == ("<p>café résumé</p>", "cp1252")


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (bytes(range(1, 256)) * 4, "无法识别编码"),
    (b"\xff\xfe\x00\xd8\x00\xd8", "无法识别编码"),  # UTF-16 BOM then unpaired surrogates
])
def test_junk_is_refused_with_a_reason(data, reason):
    with pytest.raises(ReadError) as err:
        decode_bytes(data)
    assert reason in err.value.reason


@pytest.mark.parametrize("text, ok", [
    ("荷花镇\n养老\t公厕", True),
    ("a\x00b", False),
    ("正文" * 10 + "\x01\x02\x03\x04\x05", False),
    ("\ue000\ue001\ue002 private use" * 3, False),
])
def test_is_plausible(text, ok):
    assert is_plausible(text) is ok


@pytest.mark.parametrize("name, title, first", [
    ("gbk_labelled_gb2312.html", "荷花镇养老服务中心开业", "荷花镇区域养老服务中心今天开业，新增床位90张，配套建设公厕2座。"),
    ("gb18030_no_label.html", "荷花镇养老服务中心开业㐀", "荷花镇区域养老服务中心今天开业㐀，新增床位90张，配套建设公厕2座。"),
    ("gbk_labelled_utf8.html", "荷花镇养老服务中心开业", "荷花镇区域养老服务中心今天开业，新增床位90张，配套建设公厕2座。"),
    ("utf8_labelled_gbk.html", "荷花镇养老服务中心开业", "荷花镇区域养老服务中心今天开业，新增床位90张，配套建设公厕2座。"),
    ("utf16_bom.txt", "荷花镇养老服务中心开业", TEXT),
    ("utf8_bom.txt", "荷花镇养老服务中心开业", TEXT),
    ("gbk_plain.txt", "荷花镇养老服务中心开业", "荷花镇养老服务中心开业"),  # its heading line
])
def test_fixture_files_read_correctly(name, title, first):
    [doc] = read_file(FIXTURES / name, name)
    assert doc.title == title
    assert doc.paragraphs[0] == first


@pytest.mark.parametrize("name", ["png_renamed.html", "binary_junk.txt"])
def test_fixture_files_that_are_not_text(name):
    with pytest.raises(ReadError):
        read_file(FIXTURES / name, name)
