"""Which page each cleaned paragraph of a paged document (a PDF) starts on."""
from __future__ import annotations

from bisect import bisect_right

from .cleaning import strip_lines

PROBE = 12  # characters of a cleaned paragraph looked up in the raw text


def carry_pages(raw: list[str], pages: list[int], cleaned: list[str]) -> list[int]:
    """The page of each of `cleaned` (paragraphs that cleaning made of `raw`, whose paragraphs
    start on `pages`): where its start is found in the raw text, after the previous one's."""
    if not pages or len(pages) != len(raw):
        return []
    text, starts, page_of = "", [], []
    for paragraph, page in zip(raw, pages):
        for line in strip_lines([paragraph]):
            starts.append(len(text))
            page_of.append(page)
            text += line
    out, cursor = [], 0
    for paragraph in cleaned:
        at = text.find(paragraph[:PROBE], cursor)
        if at < 0:
            out.append(out[-1] if out else (page_of[0] if page_of else 1))
            continue
        out.append(page_of[bisect_right(starts, at) - 1])
        cursor = at + 1
    return out
