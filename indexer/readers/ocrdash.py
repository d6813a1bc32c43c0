"""Dashes in OCR'd lines, read off the page image: the recogniser drops a "——" or reads "—" as
the character 一, but on the page a dash is a bar a full em long or more and 一 is shorter.

A bar is a thin stroke in the middle of a line's band with no other ink above or below it (the
strokes of 二, 三 or 土 lie over one another; 一 and the dashes stand alone).
"""
from __future__ import annotations

import re

import numpy as np

BARS = "一—－"  # what the recogniser reads for a lone horizontal bar
MIN_BAR = 0.6  # a bar is at least this many em long (shorter: a hyphen, a stroke)
MIN_DASH = 0.95  # a bar this many em long or more is a dash: 一 is set about 0.85 em long
MAX_DASH = 2.5  # longer is a rule across the page, not a dash
MAX_THICK = 0.2  # a bar is at most this many em thick
REACH = 3.0  # how far beyond a box, in em, a dash the detector left out is looked for


def bars(ink: np.ndarray, em: float) -> list[tuple[int, int]]:
    """(x, width) in pixels of the lone horizontal bars in a line's band (`ink` true where dark)."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    height = ink.shape[0]
    parts = [tuple(int(v) for v in stats[i][:4]) for i in range(1, count)]
    slack = max(2, round(0.07 * em))
    found = []
    for i, (x, y, w, h) in enumerate(parts):
        middle = (y + h / 2) / max(1, height)
        if not MIN_BAR * em <= w <= MAX_DASH * em or h > MAX_THICK * em or not 0.25 <= middle <= 0.8:
            continue
        if any(j != i and ox < x + w - slack and ox + ow > x + slack for j, (ox, _, ow, _) in enumerate(parts)):
            continue  # other ink above or below: a stroke of a character
        found.append((x, w))
    return sorted(found)


def _dash(width: int, em: float) -> str | None:
    """The dashes a bar of `width` pixels stands for, or None if it is 一's length."""
    return "—" * max(1, round(width / em)) if width >= MIN_DASH * em else None


def mend(text: str, left: int, right: int, found: list[tuple[int, int]], em: float) -> str:
    """`text`, read from the box `left`..`right` (pixels), with its bars made dashes where they
    are a dash's length: bars before or after the box that the detector left out are added, and
    the bars inside are matched in order with the 一 and — of the text (only if as many)."""
    head = [b for b in found if b[0] < left + 0.5 * em]
    tail = [b for b in found if b[0] + b[1] > right - 0.5 * em and b not in head]
    inner = [b for b in found if b not in head and b not in tail]
    # The text as runs: a run of 一 and — read for one bar ("——" read as two), or one character.
    runs = [m.group(0) for m in re.finditer(f"[{BARS}]+|[^{BARS}]", text)]
    start, end = 0, len(runs)
    prefix = suffix = ""
    for x, w in head:
        dash = _dash(w, em)
        if start < end and runs[start][0] in BARS and x + w > left:
            runs[start] = dash or runs[start]  # the bar is the first thing read
            start += 1
        elif dash:
            prefix += dash  # a dash the detector's box or the recogniser left out
    for x, w in reversed(tail):
        dash = _dash(w, em)
        if end > start and runs[end - 1][0] in BARS and x < right:
            runs[end - 1] = dash or runs[end - 1]
            end -= 1
        elif dash:
            suffix = dash + suffix
    spots = [i for i in range(start, end) if runs[i][0] in BARS]
    if len(spots) == len(inner):
        for i, (_, w) in zip(spots, inner):
            runs[i] = _dash(w, em) or runs[i]
    return prefix + "".join(runs) + suffix


def em_of(boxes: list[tuple[int, int, str]]) -> float | None:
    """The page's em in pixels: the median width per character of its longer lines (ASCII
    letters and digits count half), from (left, right, text) boxes."""
    pitches = sorted((right - left) / sum(0.5 if c.isascii() else 1.0 for c in text)
                     for left, right, text in boxes if len(text) >= 10)
    return pitches[len(pitches) // 2] if pitches else None


def mend_page(gray: np.ndarray, boxes: list[tuple[int, int, int, int, str]]) -> list[str]:
    """The texts of a page's (left, right, top, bottom, text) pixel boxes with their dashes mended."""
    em = em_of([(b[0], b[1], b[4]) for b in boxes])
    if em is None or gray.size == 0:
        return [b[4] for b in boxes]
    ink = gray <= _threshold(gray)
    out = []
    for i, (left, right, top, bottom, text) in enumerate(boxes):
        # Look beyond the box for a dash left out, but not into a neighbour's box on the row.
        near = [b for j, b in enumerate(boxes) if j != i and b[2] < bottom and b[3] > top]
        lo = max([int(left - REACH * em)] + [b[1] for b in near if b[1] <= left])
        hi = min([int(right + REACH * em)] + [b[0] for b in near if b[0] >= right])
        lo, hi = max(0, lo), min(gray.shape[1], hi)
        band = ink[max(0, top):max(0, bottom), lo:hi]
        if band.size == 0:
            out.append(text)
            continue
        # A line set larger (a title) has a larger em than the page's body text.
        size = max(em, em_of([(left, right, text)]) or em)
        found = [(x + lo, w) for x, w in bars(band, size)]
        out.append(mend(text, left, right, found, size))
    return out


def _threshold(gray: np.ndarray) -> int:
    """Otsu's threshold between ink and paper."""
    import cv2

    value, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return int(value)
