"""Turn a file's bytes into text: BOM, declared label, strict UTF-8, then detection."""
from __future__ import annotations

import codecs
import re

import charset_normalizer


class ReadError(ValueError):
    """A file cannot be read; the message is the short reason shown to the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


UNDECODABLE = "无法识别编码 (not valid in any supported encoding)"
BINARY = "二进制文件 (binary data, not text)"

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Labels that browsers (WHATWG Encoding Standard) decode with a wider codec.
_LABEL_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "ms936": "gb18030", "windows-936": "gb18030", "csgb2312": "gb18030", "chinese": "gb18030",
    "gb_2312-80": "gb18030", "gb_2312": "gb18030", "iso-ir-58": "gb18030", "euc-cn": "gb18030",
    "big5": "big5hkscs", "x-x-big5": "big5hkscs", "cn-big5": "big5hkscs",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252",
}

# Western single-byte codecs that happily decode GBK bytes into mojibake.
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-1", "iso8859-15", "cp1250", "mac-roman"})

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# Control characters (other than whitespace), private-use, surrogates, replacement char.
_ODD_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd]")


def normalize_label(label: str | None) -> str | None:
    """The Python codec for an encoding label as a browser reads it, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def sniff_html_charset(data: bytes) -> str | None:
    """The charset named by a `<meta charset>` or `http-equiv` tag near the top of a page."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def is_plausible(text: str) -> bool:
    """Whether decoded text looks like text, not binary junk read through a lenient codec."""
    if "\x00" in text:
        return False
    odd = sum(1 for _ in _ODD_CHARS.finditer(text))
    return odd <= max(2, len(text) // 200)


def _try(data: bytes, codec: str) -> str | None:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if is_plausible(text) else None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_bytes(data: bytes, declared: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode `data`, returning (text, codec used); raise ReadError if nothing plausible fits."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try(data, codec)
            if text is None:
                raise ReadError(UNDECODABLE)
            return text.lstrip("\ufeff"), codec

    if b"\x00" in data:
        raise ReadError(BINARY)

    label = declared or (sniff_html_charset(data) if html else None)
    codec = normalize_label(label)
    if codec and codec.startswith(("utf-16", "utf-32")):
        codec = None  # without a BOM, a UTF-16 label on ASCII-compatible bytes is wrong
    if codec and codec != "utf-8":
        # Valid multi-byte UTF-8 is practically never an accident: the legacy label is wrong.
        if data.isascii() or not _is_utf8(data):
            text = _try(data, codec)
            if text is not None and not (codec in _SINGLE_BYTE and _looks_gb18030(data)):
                return text, codec

    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8"

    # Most non-UTF-8 text in this archive is GB18030 (GBK, GB2312): try it before guessing.
    text = _looks_gb18030(data)
    if text is not None:
        return text, "gb18030"

    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        text = _try(data, best.encoding)
        if text is not None:
            return text, codecs.lookup(best.encoding).name
    raise ReadError(UNDECODABLE)


def _looks_gb18030(data: bytes) -> str | None:
    """The text if `data` decodes as GB18030 into mostly common Chinese characters, else None."""
    text = _try(data, "gb18030")
    return text if text is not None and _mostly_common_han(text) else None


def _mostly_common_han(text: str) -> bool:
    """Whether most non-ASCII letters are in the CJK Unified Ideographs block (not PUA or rare)."""
    other = han = 0
    for ch in text:
        if ch >= "\x80":
            if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":
                han += 1
            else:
                other += 1
    return han > 0 and other <= han // 10
