"""PDF files: the text layer read with PDFium, page by page, as lines with their boxes; pages
without a usable text layer (scans) read by OCR when the optional extra is installed."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from ..documents import Document, Skipped
from ..metadata import complete
from .common import MAX_DOCX_BYTES, ReadError, read_bytes
from .pdflayout import Line, paragraphs

SUFFIXES = (".pdf",)
MAX_PDF_BYTES = MAX_DOCX_BYTES
MAX_PAGES = 2000
# A page whose text layer has fewer characters than this, or this share of unreadable ones
# ("(cid:12)", U+FFFD, private-use code points from fonts without a Unicode map), is a scan.
MIN_PAGE_CHARS = 10
MAX_GARBAGE_SHARE = 0.05
_GARBAGE = re.compile(r"\(cid:\d+\)|[\ufffd\ue000-\uf8ff]")
_LINE = re.compile(r"[^\r\n]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
OCR_HINT = "安装 OCR 扩展后可读：pip install 'dangan[ocr]'"


def needs_ocr(text: str, has_image: Callable[[], bool]) -> bool:
    """Whether a page's text layer is missing (on a page that shows a picture) or garbage."""
    chars = len("".join(text.split()))
    if chars < MIN_PAGE_CHARS:
        return has_image()
    garbage = sum(len(m.group(0)) for m in _GARBAGE.finditer(text))
    return garbage > MAX_GARBAGE_SHARE * chars


def text_lines(textpage, number: int) -> list[Line]:
    """The lines of a page's text layer, each with the loose boxes of its first and last character."""
    text = textpage.get_text_bounded()
    lines = []
    for m in _LINE.finditer(text):
        chunk = m.group(0)
        first = m.start() + len(chunk) - len(chunk.lstrip())
        last = m.start() + len(chunk.rstrip()) - 1
        if last < first:
            continue
        left, bottom, _, top = textpage.get_charbox(first, loose=True)
        _, _, right, _ = textpage.get_charbox(last, loose=True)
        lines.append(Line(chunk, number, left, right, bottom, top))
    return lines


def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise ReadError("PDF 有密码 (the PDF is password-protected; save a copy without one)") from None
        raise ReadError(f"无法打开 PDF 文件 (not a readable PDF: {err})") from None


def read(path: Path, rel: str) -> list[Document | Skipped]:
    """The one document of a PDF; a Skipped naming its scanned pages if OCR is not installed."""
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        raise ReadError("需要 pypdfium2 (.pdf needs the pypdfium2 package)") from None
    data = read_bytes(path, MAX_PDF_BYTES)
    pdf = _open(data)
    try:
        if len(pdf) > MAX_PAGES:
            raise ReadError(f"PDF 页数太多 (too many pages: {len(pdf)}, the limit is {MAX_PAGES})")
        pages: list[list[Line]] = []
        scanned: list[int] = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            lines = text_lines(textpage, i + 1)
            if needs_ocr("".join(line.text for line in lines), lambda: _has_image(page)):
                scanned.append(i + 1)
                lines = []
            pages.append(lines)
            textpage.close()
            page.close()
        ocr_done: list[int] = []
        if scanned:
            from . import ocr

            if ocr.available():
                for number, lines in ocr.read_pages(data, scanned).items():
                    pages[number - 1] = lines
                ocr_done = scanned
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
    finally:
        pdf.close()
    texts, starts = paragraphs(pages)
    if ocr_done:
        texts = [ocr.curl_quotes(t) if page in ocr_done else t for t, page in zip(texts, starts)]
    missing = [n for n in scanned if n not in ocr_done]
    entries: list[Document | Skipped] = []
    if texts:
        doc = Document(path=rel, title=title if _HAN.search(title) else "", paragraphs=texts, pages=starts,
                       ocr_pages=ocr_done)
        entries.append(complete(doc))
    if missing:
        where = rel if len(missing) == len(pages) else f"{rel}#page={_ranges(missing)}"
        entries.append(Skipped(where, f"扫描件，没有文字层 (scanned: {len(missing)} of {len(pages)} pages have "
                                      f"no text layer)；{OCR_HINT}"))
    return entries


def _has_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2), None) is not None


def _ranges(numbers: list[int]) -> str:
    """Page numbers as "1-3,7"."""
    out, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            out.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ",".join(out)
