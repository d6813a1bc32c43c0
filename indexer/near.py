"""Near-verbatim statements: paragraphs saying nearly what a quoted string says.

A statement quoted from another outlet often differs by a character or two, by punctuation or
by a variant form. For a quoted string of MIN_CHARS or more, candidates are the paragraphs
sharing the most of its character bigrams (the rarest bigrams first, within a postings budget:
never a scan of the archive), each then aligned with the string by rapidfuzz on its best
window. Similarity is 1 - (edit distance / length) over the text without punctuation (folded,
so traditional and simplified forms are alike); below the floor a paragraph is not near.
"""
from __future__ import annotations

import html
import math
import unicodedata
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from . import store
from .matching import Budget, filtered, holds
from .query import ParsedQuery
from .textfold import fold_with_map

MIN_CHARS = 8  # a quoted string this long (without punctuation) gets near hits
MAX_CHARS = 300  # beyond this a string is a passage, not a statement: no near search
POSTINGS_BUDGET = 25_000  # bigram postings read per query at most
COMMON_SHARE = 0.05  # a bigram in more paragraphs than this share (and than COMMON_MIN)
COMMON_MIN = 1000  # selects nothing
CANDIDATES = 400  # paragraphs sharing the most bigrams that are aligned
ALIGNED = 200  # best first-cut candidates aligned exactly (near_total counts among them)
EDITS = 3  # edits always allowed, however short the string
EDIT_SHARE = 0.1  # and for longer strings up to this share of their length
SHOWN = 10  # near hits returned
PUNCTUATION_WEIGHT = 0.25  # a punctuation mark changed costs this much of a character


@dataclass
class Near:
    """One paragraph close to the string: its doc number, similarity, diff and aligned span."""

    doc: int
    similarity: float
    diff: list[list[str]]  # [["=", t], ["-", typed only], ["+", paragraph only]], in order
    span: tuple[int, int]  # the aligned window in the paragraph's original text
    distance: int  # edit distance with punctuation counted (breaks similarity ties)


class _CoreTable(dict):
    """str.translate table dropping punctuation, symbols and spaces (categories P, S, Z)."""

    def __missing__(self, code: int) -> str | None:
        self[code] = None if unicodedata.category(chr(code))[0] in "PSZ" else chr(code)
        return self[code]


_CORE = _CoreTable()


def core(folded: str) -> str:
    """Folded text without punctuation, symbols or spaces: what a statement says."""
    return folded.translate(_CORE)


def _core_map(folded: str) -> tuple[str, list[int]]:
    """The core of `folded` and the positions in `folded` of the marks it left out."""
    return folded.translate(_CORE), [i for i, c in enumerate(folded) if _CORE[ord(c)] is None]


def _position(i: int, marks: list[int]) -> int:
    """Where the core's character i stands in the folded text whose marks stood at `marks`."""
    for m in marks:
        if m > i:
            break
        i += 1
    return i


def floor(length: int) -> float:
    """The lowest similarity still near for a string of `length` characters."""
    allowed = max(EDITS, math.floor(EDIT_SHARE * length))
    return 1 - allowed / length


def near_string(parsed: ParsedQuery) -> str:
    """The query's string to find near statements of: its one quoted string of MIN_CHARS or
    more (folded), or '' when the query has none or several strings to look for."""
    if len(parsed.positive) != 1 or parsed.positive[0] not in parsed.quoted:
        return ""
    s = parsed.positive[0]
    return s if MIN_CHARS <= len(core(s)) <= MAX_CHARS else ""


def candidates(snap: store.Snapshot, s_core: str, exclude: set[int]) -> np.ndarray:
    """Doc numbers of the paragraphs sharing the most bigrams with `s_core` (best first)."""
    frequency = {g: snap.grams.frequency(g) for g in {s_core[i:i + 2] for i in range(len(s_core) - 1)}}
    common = max(COMMON_MIN, COMMON_SHARE * len(snap.folded))
    lists, read = [], 0
    for g in sorted(frequency, key=frequency.__getitem__):
        n = frequency[g]
        if n == 0:
            continue
        if n > common or (read + n > POSTINGS_BUDGET and lists):
            break  # ascending: every later bigram is as common or more
        lists.append(snap.grams.docs_of(g))
        read += n
    if not lists:
        return np.empty(0, dtype=np.int32)
    counts = np.bincount(np.concatenate(lists), minlength=len(snap.folded))
    if exclude:
        counts[np.fromiter(exclude, dtype=np.int64, count=len(exclude))] = 0
    # a near paragraph keeps most bigrams: each edit breaks at most two
    least = max(1, math.ceil(len(lists) * 0.25))
    found = np.flatnonzero(counts >= least)
    if len(found) > CANDIDATES:
        found = found[np.argpartition(-counts[found], CANDIDATES - 1)[:CANDIDATES]]
    return found[np.argsort(-counts[found], kind="stable")]


def _best_window(s: str, text: str, start: int, end: int) -> tuple[int, int, int]:
    """(distance, start, end) of the window of `text` near [start, end) closest to `s`; of
    equally close windows the longest (the most similar: distance over the longer length).
    Moves one end at a time, each within `slack` of where it was (a few edits move it little)."""
    slack = max(EDITS, len(s) // 10)
    if text[start:end] == s:
        return 0, start, end

    def key(a: int, b: int) -> tuple[int, int]:
        return Levenshtein.distance(s, text[a:b]), a - b

    best = key(start, end)
    for move_start in (True, False, True):
        fixed = end if move_start else start
        lo = max(0, (start if move_start else end) - slack)
        hi = min(len(text), (start if move_start else end) + slack)
        for x in range(lo, hi + 1):
            a, b = (x, fixed) if move_start else (fixed, x)
            if b > a:
                k = key(a, b)
                if k < best:
                    best, start, end = k, a, b
    return best[0], start, end


def _diff(typed: str, typed_chars: list[str], chars: list[str], span: tuple[int, int],
          window: str) -> list[list[str]]:
    """The differences from the typed (folded) string to the paragraph's window `window`
    (folded[span]); both sides given as original characters per folded one (`typed_chars`,
    `chars`)."""
    a = span[0]
    pieces: list[list[str]] = []

    def add(tag: str, value: str) -> None:
        if value and pieces and pieces[-1][0] == tag:
            pieces[-1][1] += value
        elif value:
            pieces.append([tag, value])

    for op in Levenshtein.opcodes(typed, window):
        para = "".join(chars[a + k] for k in range(op.dest_start, op.dest_end))
        if op.tag in ("delete", "replace"):
            add("-", "".join(typed_chars[op.src_start: op.src_end]))
        add("=" if op.tag == "equal" else "+", para)
    return pieces


def near_statements(snap: store.Snapshot, parsed: ParsedQuery, exact: set[int],
                    budget: Budget | None = None, typed: str = "") -> tuple[list[Near], int]:
    """The SHOWN paragraphs (not in `exact`) saying most nearly what the query's quoted string
    says, closest first, passing the query's filters and exclusions, and how many are near in
    all; ([], 0) when the query has no such string. `typed` is the query as typed (the diffs
    show its characters rather than their folded forms)."""
    s = near_string(parsed)
    if not s or (budget is not None and budget.expired()):
        return [], 0
    s_core = core(s)
    least = floor(len(s_core))
    docs = [int(d) for d in candidates(snap, s_core, exact)]
    if docs and (parsed.filters or parsed.year_range or parsed.date_range or snap.listings):
        allowed = filtered(snap, parsed, set(docs))
        docs = [d for d in docs if d in allowed]
    if parsed.exclude:
        docs = [d for d in docs if not any(holds(snap, d, x) for x in parsed.exclude)]
    texts = snap.folded
    # A first cut on the folded text, punctuation and all (each mark costs a little), then
    # the exact best window on the text without punctuation.
    scored = process.extract(s_core, [texts[d] for d in docs], scorer=fuzz.partial_ratio,
                             limit=ALIGNED, score_cutoff=max(0.0, least - 0.2) * 100)
    close: list[tuple] = []
    dates = snap.columns["date"]  # of equally close paragraphs, the earliest first
    pad = max(EDITS, len(s_core) // 10) + len(s_core) // 4 + 2  # room for marks and edits
    for _, _, i in scored:
        d = docs[i]
        text = texts[d]
        al = fuzz.partial_ratio_alignment(s_core, text)
        lo, hi = (0, len(text)) if al is None else (max(0, al.dest_start - pad), al.dest_end + pad)
        region, marks = _core_map(text[lo:hi])
        if not region:
            continue
        if len(s_core) <= len(region):
            al = fuzz.partial_ratio_alignment(s_core, region)
            start, end = al.dest_start, al.dest_end
        else:  # the paragraph is the shorter one: align the whole of it
            start, end = 0, len(region)
        dist, start, end = _best_window(s_core, region, start, end)
        similarity = 1 - dist / max(len(s_core), end - start)
        if similarity >= least - 1e-9:
            f_start, f_end = lo + _position(start, marks), lo + _position(end - 1, marks) + 1
            marked = Levenshtein.distance(s, text[f_start:f_end])
            # punctuation counts a little, so that different marks are never "100%"
            punct = PUNCTUATION_WEIGHT * max(0, marked - dist) / max(len(s_core), end - start)
            close.append((-round(max(0.0, similarity - punct), 3), marked, dates[d] or "9999", d,
                          f_start, f_end))
    close.sort()
    typed_chars = _typed_characters(typed, s)
    shown = [_near(snap.stored(d)["text"], d, s, typed_chars, -neg, a, b, marked)
             for neg, marked, _, d, a, b in close[:SHOWN]]
    return shown, len(close)


def _originals(text: str) -> tuple[str, list[int], list[str]]:
    """The fold of `text`, its map to `text`, and per folded character the original one (each
    original character once, on the last of the folded characters it became)."""
    folded, to_original = fold_with_map(text)
    chars = [text[to_original[k]] if k + 1 == len(to_original) or to_original[k + 1] != to_original[k]
             else "" for k in range(len(folded))]
    return folded, to_original, chars


def _typed_characters(typed: str, s: str) -> list[str]:
    """Per character of folded string `s`, the character typed for it in `typed` (or itself)."""
    folded, _, chars = _originals(typed)
    at = folded.find(s)
    return chars[at: at + len(s)] if at >= 0 else list(s)


def _near(text: str, d: int, s: str, typed_chars: list[str], similarity: float, f_start: int,
          f_end: int, distance: int) -> Near:
    """A Near for paragraph `text` whose folded window [f_start, f_end) aligns with `s`."""
    folded, to_original, chars = _originals(text)
    o_start, o_end = to_original[f_start], to_original[f_end - 1] + 1
    diff = _diff(s, typed_chars, chars, (f_start, f_end), folded[f_start:f_end])
    return Near(doc=d, similarity=similarity, diff=diff, span=(o_start, o_end), distance=distance)


def marked_span(text: str, span: tuple[int, int]) -> str:
    """`text` HTML-escaped with <mark> around the characters of `span`."""
    a, b = span
    return html.escape(text[:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>" + html.escape(text[b:])
