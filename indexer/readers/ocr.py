"""OCR of scanned PDF pages, when the optional extra is installed (`pip install 'dangan[ocr]'`)."""
from __future__ import annotations


def available() -> bool:
    """Whether an OCR engine is installed."""
    return False


def read_pages(pdf, numbers: list[int]) -> dict:
    raise NotImplementedError
