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

# Control characters a text file may carry by accident (a stray NUL, ^Z, ESC, backspace) and
# that mean nothing in a paragraph: removed from decoded text. Tab, line and page breaks stay.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
# In valid UTF-8 (which binary data practically never is), up to this share of the characters
# may be such controls (NUL padding at the end aside) before the file counts as binary.
MAX_CONTROL_SHARE = 0.05
# Bytes that are not UTF-8 in otherwise valid UTF-8 (a cut download, pieces joined together):
# up to this share of the characters, the text is kept with U+FFFD where the damage is.
MAX_DAMAGED_SHARE = 0.02

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


def strip_controls(text: str) -> str:
    """`text` without control characters other than tab, line and page breaks."""
    return _CONTROLS.sub("", text)


def _utf8_with_stray_controls(data: bytes) -> str | None:
    """The text of valid UTF-8 that carries a few control characters (NULs included), or None.

    Trailing NUL padding (what a crash mid-write leaves) does not count.
    """
    data = data.rstrip(b"\x00")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    controls = len(_CONTROLS.findall(text))
    text = strip_controls(text)
    if controls > max(8, MAX_CONTROL_SHARE * (len(text) + controls)) or not is_plausible(text):
        return None
    return text


def _try(data: bytes, codec: str, errors: str = "strict") -> str | None:
    try:
        text = data.decode(codec, errors)
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
    """Decode `data`, returning (text, codec used); raise ReadError if nothing plausible fits.

    The text comes without control characters (see strip_controls).
    """
    text, codec = _decode(data, declared, html)
    return strip_controls(text), codec


def _decode(data: bytes, declared: str | None, html: bool) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _try(data, codec)
            if text is None:
                raise ReadError(UNDECODABLE)
            return text.lstrip("\ufeff"), codec

    if b"\x00" in data:  # binary, unless it is UTF-8 text with a few stray NULs
        text = _utf8_with_stray_controls(data)
        if text is None:
            raise ReadError(BINARY)
        return text, "utf-8"

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

    text = _try(data, "utf-8") or _utf8_with_stray_controls(data)
    if text is not None:
        return text, "utf-8"

    # Most non-UTF-8 text in this archive is GB18030 (GBK, GB2312): try it before guessing.
    text = _looks_gb18030(data)
    if text is not None:
        return text, "gb18030"

    # UTF-8 damaged in a few places (a cut download, pieces joined): keep the text, and mark
    # the damage with U+FFFD where a reader can see it.
    text = data.decode("utf-8", "replace")
    if text.count("\ufffd") <= MAX_DAMAGED_SHARE * len(text) and is_plausible(text.replace("\ufffd", "")):
        return text, "utf-8"

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
