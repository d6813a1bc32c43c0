"""The memory-mapped folded texts answer as the list of str they replace (UTF-16: a match one
byte off a code unit is no match)."""
from __future__ import annotations

import numpy as np
import pytest

from indexer import textbuffer
from indexer.textbuffer import FoldedTexts

TEXTS = [
    "今年全市地区生产总值增长百分之五",
    "",
    "abc abc abcabc",
    "𠀀字在基本平面之外𠀀",  # a character outside the BMP: four bytes in UTF-8
    "发展发展再发展",
    "aaaa",
    "全市",
    "中文",  # UTF-16-LE 2D 4E 87 65: the units of 蝎 (4E 87) stand inside it, one byte off
]


@pytest.fixture(params=["small", "scan"])
def texts(request, tmp_path, monkeypatch):
    """The texts written as a build writes them; "scan" forces the whole-buffer pass, in chunks
    of a few bytes (occurrences across a chunk's end are found too)."""
    if request.param == "scan":
        monkeypatch.setattr(textbuffer, "SCAN_FROM", 1)
        monkeypatch.setattr(textbuffer, "SCAN_CHUNK", 5)
    path = tmp_path / "paragraphs.folded"
    path.write_bytes(textbuffer.encode(TEXTS))
    return FoldedTexts(path)


def test_sequence(texts):
    assert len(texts) == len(TEXTS)
    assert list(texts) == TEXTS
    assert [texts[d] for d in range(len(TEXTS))] == TEXTS
    assert texts[np.int64(3)] == TEXTS[3]


@pytest.mark.parametrize("s", ["发展", "全市", "市", "a", "aa", "abc", "𠀀", "外𠀀", "不在", "百分之五", "\n", "c a", "蝎", "中文"])
def test_presence(texts, s):
    expected = [d for d, t in enumerate(TEXTS) if s in t]
    assert [d for d in range(len(TEXTS)) if texts.holds(d, s)] == expected
    assert texts.containing(s, range(len(TEXTS))) == expected
    assert texts.containing(s, [6, 0, 4]) == [d for d in [6, 0, 4] if s in TEXTS[d]]
    assert texts.everywhere(s).tolist() == expected


@pytest.mark.parametrize("s, counts", [
    ("发", [0, 0, 0, 0, 3, 0, 0, 0]),
    ("a", [0, 0, 4, 0, 0, 4, 0, 0]),
    ("aa", [0, 0, 0, 0, 0, 3, 0, 0]),  # overlapping occurrences counted
    ("𠀀", [0, 0, 0, 2, 0, 0, 0, 0]),
    ("蝎", [0, 0, 0, 0, 0, 0, 0, 0]),  # only one byte off, never counted
])
def test_counts(texts, s, counts):
    assert texts.counts(s, np.arange(len(TEXTS))).tolist() == counts
    assert texts.counts(s, np.array([5, 2])).tolist() == [counts[5], counts[2]]


def test_empty_file(tmp_path):
    path = tmp_path / "paragraphs.folded"
    path.write_bytes(b"")
    texts = FoldedTexts(path)
    assert len(texts) == 0 and list(texts) == []
    assert texts.everywhere("发").tolist() == [] and texts.containing("发", []) == []
