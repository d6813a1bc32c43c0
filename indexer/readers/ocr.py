"""OCR of scanned PDF pages with RapidOCR 3 (its wheel ships the PP-OCRv6 Chinese models; nothing
is downloaded), when the optional extra is installed: `pip install 'dangan[ocr]'`.

Pages are rendered and read in worker processes, one per core; each worker loads the models once.
"""
from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from importlib.util import find_spec

from . import ocrdash
from .pdflayout import _HAN, Line

SCALE = 2.0  # render at 144 dpi: small print stays legible, a page takes ~1-2 s to read
MIN_SCORE = 0.5  # recognised lines the engine is less sure of are left out
# The engine's settings. No per-line orientation classifier: a page is upright (PDFium applies
# its /Rotate), and the classifier turns upright lines holding “” upside down, which then read
# as nothing. The models are PP-OCRv6's: v4's dictionary lacks rare characters of place names.
ENGINE = {"Global.use_cls": False, "Global.text_score": MIN_SCORE, "Global.log_level": "error"}

_engine = None
_pdf = None


def available() -> bool:
    """Whether the OCR engine is installed."""
    return find_spec("rapidocr") is not None and find_spec("onnxruntime") is not None


def _start(data: bytes, threads: int) -> None:
    global _engine, _pdf
    import pypdfium2 as pdfium
    from rapidocr import RapidOCR

    _engine = RapidOCR(params={**ENGINE, "EngineConfig.onnxruntime.intra_op_num_threads": threads or -1,
                               "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    _pdf = pdfium.PdfDocument(data)


def _boxes(number: int) -> list[tuple[float, float, float, float, str]]:
    """(left, right, bottom, top, text) in PDF points of each line read on page `number`."""
    page = _pdf[number - 1]
    height = page.get_height()
    image = page.render(scale=SCALE).to_numpy()
    page.close()
    found = _engine(image)
    boxes = []
    for box, text, score in zip(found.boxes if found.boxes is not None else [], found.txts or (), found.scores or ()):
        if float(score) >= MIN_SCORE and text.strip():
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            boxes.append((int(min(xs)), int(max(xs)), int(min(ys)), int(max(ys)), text.strip()))
    texts = ocrdash.mend_page(image.min(axis=2) if image.ndim == 3 else image, boxes)
    return [(left / SCALE, right / SCALE, height - bottom / SCALE, height - top / SCALE, text)
            for (left, right, top, bottom, _), text in zip(boxes, texts)]


def lines_of(number: int, boxes: list[tuple[float, float, float, float, str]]) -> list[Line]:
    """Recognised boxes as the lines of a page: boxes side by side on one row joined, top to bottom."""
    rows: list[list] = []
    for box in sorted(boxes, key=lambda b: -(b[2] + b[3])):
        middle = (box[2] + box[3]) / 2
        if rows and abs(middle - rows[-1][0]) < (box[3] - box[2]) / 2:
            rows[-1][1].append(box)
        else:
            rows.append([middle, [box]])
    lines = []
    for _, row in rows:
        row.sort(key=lambda b: b[0])
        lines.append(Line(full_width("".join(b[4].strip() for b in row)), number, row[0][0], row[-1][1],
                          min(b[2] for b in row), max(b[3] for b in row)))
    return lines


_ASCII_PUNCTUATION = re.compile(rf"(?<=[{_HAN}])[(),:;?!]|[(),:;?!](?=[{_HAN}])")
_FULL_WIDTH = str.maketrans("(),:;?!", "（），：；？！")


def full_width(text: str) -> str:
    """`text` with the ASCII punctuation the recogniser reads next to Han characters in the
    full-width form Chinese text is set in ("(三)" → "（三）"); "5.5%" or "10:30" are left alone."""
    return _ASCII_PUNCTUATION.sub(lambda m: m.group(0).translate(_FULL_WIDTH), text)


def curl_quotes(text: str) -> str:
    """`text` with the straight double quotes OCR reads for “ and ” curled again, in turn."""
    if '"' not in text:
        return text
    out, depth = [], 0
    for char in text:
        if char == '"':
            char = "”" if depth > 0 else "“"
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(0, depth - 1)
        out.append(char)
    return "".join(out)


def read_pages(data: bytes, numbers: list[int]) -> dict[int, list[Line]]:
    """The lines of the pages `numbers` (1-based) of the PDF `data`, read by OCR on every core."""
    workers = max(1, min(len(numbers), os.cpu_count() or 1))
    # fork (not spawn, which re-runs the main script): the models are loaded only in the workers.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_start, initargs=(data, 1 if workers > 1 else 0)) as pool:
        found = pool.map(_boxes, numbers)
        return {n: lines_of(n, boxes) for n, boxes in zip(numbers, found)}
