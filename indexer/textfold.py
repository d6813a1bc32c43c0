"""Folding text for matching: NFKC, traditional to simplified, lower case, no invisible characters.

The index and the query go through the same fold, so full-width digits match ASCII ones and
traditional characters match simplified ones. `fold` can also return, for every folded
character, the index of the original character it came from, so matches found in folded text
can be highlighted at the exact characters of the original.

The character table cannot fold words whose traditional form uses a character that is also a
simplified one (反覆 → 反复, 藉口 → 借口, 瞭解 → 了解: 覆, 藉 and 瞭 stay as they are). For
those, `phrase_fold` applies OpenCC's phrase-level conversion, and a string matches where
either fold of the text contains either fold of the string (see `forms`).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Sequence

# Ranges converted character by character from traditional to simplified.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@lru_cache(maxsize=1)
def _t2s_table() -> dict[str, str]:
    """Traditional → simplified for single characters, from OpenCC's t2s dictionary."""
    import opencc

    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - opencc keeps line breaks
        raise RuntimeError("OpenCC changed the number of lines while converting")
    return {t: s for t, s in zip(chars, converted) if s != t and len(s) == 1}


class _FoldTable(dict):
    """str.translate table that fills itself: each character's folded form, '' for invisible ones."""

    def __init__(self, keep_space: bool):
        super().__init__()
        self.keep_space = keep_space
        self.uneven: set[str] = set()  # characters that fold to none or to several

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code), self.keep_space)
        if len(folded) != 1:
            self.uneven.add(chr(code))
        return folded


def _fold_char(ch: str, keep_space: bool) -> str:
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if c.isspace():
            if keep_space:
                out.append(" ")
            continue
        cat = unicodedata.category(c)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn") and c not in "\t\n":
            continue  # control, zero-width and other invisible characters
        out.append(_t2s_table().get(c, c))
    return "".join(out).lower()


_TABLES = {True: _FoldTable(True), False: _FoldTable(False)}


def fold(text: str, keep_space: bool = False) -> str:
    """Folded form of `text`; whitespace is dropped unless `keep_space` (then each becomes ' ')."""
    return text.translate(_TABLES[keep_space])


def fold_with_map(text: str, keep_space: bool = False) -> tuple[str, Sequence[int]]:
    """Folded text and, for each folded character, the index of its original character."""
    table = _TABLES[keep_space]
    folded = text.translate(table)  # fills the table, and its `uneven`, for every character of text
    if table.uneven.isdisjoint(text):
        return folded, range(len(text))
    pieces: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        f = table[ord(c)]
        if f:
            pieces.append(f)
            index.extend([i] * len(f))
    return "".join(pieces), index


@lru_cache(maxsize=1)
def _t2s_phrases():
    import opencc

    return opencc.OpenCC("t2s")


def phrase_fold(text: str) -> str:
    """`text` folded after OpenCC's phrase-level traditional → simplified conversion."""
    return fold(_t2s_phrases().convert(text))


@lru_cache(maxsize=4096)
def forms(s: str) -> tuple[str, ...]:
    """A folded query string and, where phrase-level folding changes it, that form too."""
    other = phrase_fold(s)
    return (s, other) if other and other != s else (s,)


SHORT = 200  # titles and the like repeat on a page of hits: their conversion is remembered


@lru_cache(maxsize=1 << 14)
def _short_converted(text: str) -> str:
    return _t2s_phrases().convert(text)


def find_spans(text: str, needles: list[str], phrases: bool = True) -> list[tuple[int, int]]:
    """Character spans of `text` (original) where any folded needle occurs, merged and sorted.

    With `phrases` False the caller knows that phrase-level folding leaves `text` as it is
    (a paragraph not in the index's `alt`), and OpenCC's conversion is skipped."""
    wanted = {f for n in needles if n for f in forms(n)}
    folds = [fold_with_map(text)]
    converted = (_short_converted(text) if len(text) <= SHORT else _t2s_phrases().convert(text)) \
        if phrases else text
    if converted != text and len(converted) == len(text):  # same length: same character map
        folds.append(fold_with_map(converted))
    spans: list[tuple[int, int]] = []
    for folded, index in folds:
        for needle in wanted:
            start = folded.find(needle)
            while start != -1:
                end = start + len(needle)
                spans.append((index[start], index[end - 1] + 1))
                start = folded.find(needle, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
