"""Small PDFs made for the tests: Chinese text set in lines with PDFium and a CJK font, and
scans of such pages (the page rendered and put back as a picture)."""
from __future__ import annotations

import ctypes
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
PAGE_W, PAGE_H = 595.0, 842.0
LEFT, SIZE, PER_LINE, PITCH = 86.0, 14.0, 30, 27.0
TOP, BOTTOM = 760.0, 90.0


_font_data = []  # PDFium reads the font data until the document is saved: one copy, kept alive


def _font(pdf):
    import pypdfium2.raw as c

    if not _font_data:
        data = FONT.read_bytes()
        _font_data.append((ctypes.c_uint8 * len(data)).from_buffer_copy(data))
    buf = _font_data[0]
    return c.FPDFText_LoadFont(pdf.raw, buf, len(buf), c.FPDF_FONT_TRUETYPE, True)


def _put(pdf, page, font, text: str, x: float, y: float, size: float) -> None:
    import pypdfium2.raw as c

    obj = c.FPDFPageObj_CreateTextObj(pdf.raw, font, size)
    wide = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    c.FPDFText_SetText(obj, ctypes.cast(wide, c.FPDF_WIDESTRING))
    c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    c.FPDFPage_InsertObject(page.raw, obj)


def _advance(char: str) -> float:
    """The width of a character of the font at SIZE points: Han and full-width forms one em."""
    return SIZE if ord(char) > 0x2e80 or char in "—“”‘’" else SIZE * 0.55


def layout(paragraphs: list[str], title: str = "", header: str = "", footer: str = "— {n} —"):
    """Pages of (text, x, y, size): the title centred in a larger size, each paragraph's first
    line indented two characters, lines filled up to PER_LINE ems, a running header and a
    page number on every page."""
    lines = []
    if title:
        lines.append((title, (PAGE_W - len(title) * 20) / 2, 20.0))
    for paragraph in paragraphs:
        indent, line, width = 2, "", 0.0
        for char in paragraph:
            if width + _advance(char) > (PER_LINE - indent) * SIZE:
                lines.append((line, LEFT + indent * SIZE, SIZE))
                indent, line, width = 0, "", 0.0
            line, width = line + char, width + _advance(char)
        lines.append((line, LEFT + indent * SIZE, SIZE))
    pages, y, current = [], TOP, []
    for text, x, size in lines:
        if y < BOTTOM:
            pages.append(current)
            current, y = [], TOP
        current.append((text, x, y, size))
        y -= PITCH if size == SIZE else size * 1.6
    pages.append(current)
    for n, page in enumerate(pages, 1):
        if header:
            page.insert(0, (header, LEFT, 800.0, 10.0))
        if footer:
            page.append((footer.format(n=n), PAGE_W / 2 - 20, 40.0, 10.0))
    return pages


def make_pdf(path: Path, pages) -> Path:
    """A PDF of pages of (text, x, y, size) lines."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    font = _font(pdf)
    for lines in pages:
        page = pdf.new_page(PAGE_W, PAGE_H)
        for text, x, y, size in lines:
            _put(pdf, page, font, text, x, y, size)
        page.gen_content()
    pdf.save(str(path))
    return path


def make_scan(path: Path, source: Path, scale: float = 2.0) -> Path:
    """A PDF whose pages are pictures of the pages of `source` (no text layer), as a scanner makes."""
    import pypdfium2 as pdfium

    original = pdfium.PdfDocument(str(source))
    scan = pdfium.PdfDocument.new()
    for page in original:
        bitmap = page.render(scale=scale, grayscale=True)
        new = scan.new_page(page.get_width(), page.get_height())
        image = pdfium.PdfImage.new(scan)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(page.get_width(), page.get_height()))
        new.insert_obj(image)
        new.gen_content()
    scan.save(str(path))
    return path
