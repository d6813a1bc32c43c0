"""Paragraphs from the lines of a typeset PDF: running headers and footers dropped, spaced-out
Han characters joined, lines broken by the page width rejoined (indent, short last line)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from ..cleaning import _ENUMERATED, continues, is_sentence

# A page number alone on a line: "— 3 —", "－3－", "- 3 -", "3", "第3页", "第 3 页 共 30 页", "3/30"
# (and "一3一": OCR reads a dash as the character 一).
_PAGE_NUMBER = re.compile(
    r"[\s—－\-–_·•一]*(?:第\s*)?[0-9０-９]{1,4}\s*(?:页)?(?:\s*[/／]\s*[0-9０-９]{1,4}|\s*共\s*[0-9０-９]{1,4}\s*页)?"
    r"[\s—－\-–_·•一]*")
_DIGITS = re.compile(r"[0-9０-９]+")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Han characters spaced out one by one ("政 府 工 作 报 告"): a typesetting artefact. A single
# space between two words ("省长 周乃翔") is kept.
_SPACED_HAN = re.compile(rf"[{_HAN}](?:[ \u3000\u00a0]+[{_HAN}]){{2,}}")
_SPACE = re.compile(r"[ \u3000\u00a0]+")
# Lines at the top or bottom of a page that may be running headers or footers.
EDGE_LINES = 2
# A line at a page edge on at least this share of the pages (and on 3 or more) is a running line.
RUNNING_SHARE = 0.5


@dataclass
class Line:
    """One text line of a page, with its box in PDF points (y grows upwards)."""

    text: str
    page: int  # 1-based
    left: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    top: float = 0.0

    @property
    def height(self) -> float:
        return self.top - self.bottom


def join_spaced_han(text: str) -> str:
    """`text` with the spaces inside runs of spaced-out Han characters removed."""
    return _SPACED_HAN.sub(lambda m: _SPACE.sub("", m.group(0)), text)


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number, in any of the usual dress."""
    return bool(_DIGITS.search(text)) and _PAGE_NUMBER.fullmatch(text.strip()) is not None


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Pages without page numbers and without the lines repeated at the edge of most pages."""
    def edges(lines):
        return lines[:EDGE_LINES] + lines[-EDGE_LINES:] if len(lines) > EDGE_LINES else lines

    counts = Counter()
    for lines in pages:
        counts.update({_DIGITS.sub("#", line.text.strip()) for line in edges(lines)})
    need = max(3, RUNNING_SHARE * len(pages))
    running = {key for key, n in counts.items() if n >= need}
    out = []
    for lines in pages:
        edge = {id(line) for line in edges(lines)}
        out.append([line for line in lines if id(line) not in edge or not (
            is_page_number(line.text) or _DIGITS.sub("#", line.text.strip()) in running)])
    return out


@dataclass
class _Layout:
    """The body text's left and right margins and line height over the whole document."""

    left: float
    right: float
    em: float
    indents: bool  # whether paragraphs start with an indent


def _layout(lines: list[Line]) -> _Layout | None:
    body = [line for line in lines if len(line.text) >= 8 and line.height > 0]
    if len(body) < 3:
        return None
    em = median(line.height for line in body)
    # Continuation lines are the leftmost, full lines the rightmost (a percentile, not the
    # extreme: OCR boxes wander by a point or two, and a stray line may stick out).
    lefts, rights = sorted(line.left for line in body), sorted(line.right for line in body)
    left, right = lefts[len(lefts) // 10], rights[len(rights) * 9 // 10]
    if right - left < 6 * em:
        return None
    indented = sum(em * 0.8 < line.left - left < em * 4 for line in body)
    return _Layout(left, right, em, indents=indented >= 0.02 * len(body))


def _starts_paragraph(prev: Line, line: Line, layout: _Layout | None) -> bool:
    if layout is None:
        return not continues(prev.text, line.text)
    em = layout.em
    if _centred(prev, layout) and _centred(line, layout) and not is_sentence(prev.text) \
            and line.left > prev.left and line.text[0] not in "（(—-":
        return False  # a centred title runs over to a shorter centred line
    # (a box read by OCR is often taller than the text, most of all a short one: not a title)
    big_prev, big = (x.height > 1.3 * em and len(x.text) >= 4 for x in (prev, line))
    if big_prev or big:  # a title set in a larger size runs over its lines
        return big_prev != big or is_sentence(prev.text)
    if prev.right < layout.right - 1.2 * em and (
            not layout.indents or is_sentence(prev.text) or prev.text[-1] in "：:"):
        # The previous line stopped short: the paragraph ended there. Where paragraphs start
        # with an indent, a short line that stops mid-sentence lost its end to OCR instead.
        return True
    if line.left > layout.left + 0.8 * em:
        return True  # indented or centred
    if _ENUMERATED.match(line.text) and is_sentence(prev.text):
        return True
    return not layout.indents and is_sentence(prev.text)


def _centred(line: Line, layout: _Layout) -> bool:
    """Whether a line is set in the middle: as far from the left margin as from the right."""
    inset_left, inset_right = line.left - layout.left, layout.right - line.right
    return inset_left > 0.2 * layout.em and abs(inset_left - inset_right) < layout.em


def _join(head: str, tail: str) -> str:
    if head[-1:].isascii() and head[-1:].isalpha() and tail[:1].isascii() and tail[:1].isalpha():
        return head + " " + tail  # an English word wrapped at a space
    return head + tail


def paragraphs(pages: list[list[Line]]) -> tuple[list[str], list[int]]:
    """The paragraphs of a document's pages of lines, and the page each one starts on."""
    pages = drop_running_lines(pages)
    lines = [line for page in pages for line in page]
    for line in lines:
        line.text = join_spaced_han(line.text.strip())
    lines = [line for line in lines if line.text]
    layout = _layout(lines)
    texts: list[str] = []
    starts: list[int] = []
    prev = None
    for line in lines:
        if prev is None or _starts_paragraph(prev, line, layout):
            texts.append(line.text)
            starts.append(line.page)
        else:
            texts[-1] = _join(texts[-1], line.text)
        prev = line
    return texts, starts
