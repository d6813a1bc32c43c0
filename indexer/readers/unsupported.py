"""Formats dangan does not read: the reason shown for each, with what to do instead."""
from __future__ import annotations

_SAVE_AS = "另存为 .docx 或 PDF"
_UNPACK = "压缩包：请先解压到档案文件夹里，或另存为 .zip"
_HINTS = {
    ".doc": f"旧版 Word 文件：用 Word 或 WPS {_SAVE_AS}",
    ".wps": f"WPS 文字文件：{_SAVE_AS}",
    ".rtf": f"RTF 文件：{_SAVE_AS}",
    ".odt": f"OpenDocument 文件：{_SAVE_AS}",
    ".rar": _UNPACK,
    ".7z": _UNPACK,
    ".gz": _UNPACK,
    ".tar": _UNPACK,
    ".xls": f"表格：{_SAVE_AS}，或另存为 .csv 后改为 .txt",
    ".xlsx": f"表格：{_SAVE_AS}，或另存为 .csv 后改为 .txt",
    ".et": f"WPS 表格：{_SAVE_AS}",
    ".csv": "表格：若是正文，改为 .txt",
    ".ppt": "演示文稿：导出为 .docx 或 PDF",
    ".pptx": "演示文稿：导出为 .docx 或 PDF",
    ".dps": "WPS 演示：导出为 .docx 或 PDF",
}
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp",
                            ".svg", ".heic"})


def unsupported_reason(suffix: str) -> str:
    """The reason shown for a file of a format dangan does not read, with what to do."""
    suffix = suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        hint = "图片：没有可检索的文字"
    else:
        hint = _HINTS.get(suffix, "")
    what = suffix or "没有扩展名 (no extension)"
    return f"不支持的格式 (unsupported format {what}{'；' + hint if hint else ''})"
