"""Dashes in OCR'd lines told from 一 by the bars on the page image: drawn bands of blocks
(characters), short bars (一) and long bars (— and ——), and what the recogniser read for them."""
from __future__ import annotations

import numpy as np
import pytest

from indexer.readers import ocrdash

EM = 30  # pixels


def band(cells: str, height: int = 28) -> tuple[np.ndarray, list[int]]:
    """A line band drawn from cells of one em: "#" a character (a block with ink above and below),
    "1" the character 一 (a bar 0.85 em long), "-" a dash (a bar a full em), " " paper; and the
    x where each cell starts."""
    ink = np.zeros((height, EM * len(cells)), dtype=bool)
    middle = height // 2
    starts = []
    for i, cell in enumerate(cells):
        x = i * EM
        starts.append(x)
        if cell == "#":
            ink[4:height - 4, x + 3:x + EM - 3] = True
        elif cell == "1":
            ink[middle - 1:middle + 1, x + 2:x + 2 + int(0.85 * EM)] = True
        elif cell == "-":
            ink[middle:middle + 1, x:x + EM] = True
    return ink, starts


@pytest.mark.parametrize("cells, want", [
    ("##1##", [(62, 25)]),          # 一 between two characters
    ("--##", [(0, 60)]),            # a double dash runs on as one bar
    ("#-#-#", [(30, 30), (90, 30)]),
    ("####", []),                   # blocks are not bars
])
def test_bars_are_the_lone_thin_strokes(cells, want):
    ink, _ = band(cells)
    assert ocrdash.bars(ink, EM) == want


def test_strokes_over_one_another_are_a_character_not_bars():
    ink = np.zeros((28, 60), dtype=bool)
    ink[8:10, 5:27] = ink[18:20, 3:29] = True  # 二: two strokes, one over the other
    assert ocrdash.bars(ink, EM) == []


def test_a_rule_across_the_page_is_not_a_dash():
    ink = np.zeros((28, 400), dtype=bool)
    ink[14, :] = True
    assert ocrdash.bars(ink, EM) == []


@pytest.mark.parametrize("cells, read, box, want", [
    # "——" read as the one character 一, or not read at all, at the start of a paragraph
    ("--###", "一这五年", (0, 150), "——这五年"),
    ("--###", "这五年", (0, 150), "——这五年"),
    ("--###", "——这五年", (0, 150), "——这五年"),  # read right: one bar, two characters
    # the detector's box starts after the dash
    ("--###", "这五年", (60, 150), "——这五年"),
    # a dash inside a line read as 一, while a real 一 stays
    ("#-#1#", "科一产一业", (0, 150), "科—产一业"),
    ("1###", "一年来", (0, 120), "一年来"),
    # a dash at the end of a line
    ("##-", "增长一", (0, 90), "增长—"),
    # as many bars as 一 and — read, or the text is left as it was
    ("#-#-#", "科一产业", (0, 150), "科一产业"),
    ("###", "三地一", (0, 90), "三地一"),
])
def test_mend_reads_the_bars_as_dashes_or_as_yi(cells, read, box, want):
    ink, _ = band(cells)
    assert ocrdash.mend(read, box[0], box[1], ocrdash.bars(ink, EM), EM) == want


def test_mend_page_finds_the_em_and_looks_beyond_the_box():
    ink, _ = band("  --" + "#" * 14)
    page = np.full((60, ink.shape[1] + 20), 255, dtype=np.uint8)
    page[10:38, :ink.shape[1]][ink] = 0
    text = "这五年综合实力大幅跃升实现争先"[:14]
    boxes = [(4 * EM, 18 * EM, 10, 38, text)]
    assert ocrdash.mend_page(page, boxes) == ["——" + text]


def test_em_is_the_median_pitch_of_the_longer_lines():
    boxes = [(0, 300, "十个汉字十个汉字十个"), (0, 310, "十个汉字十个汉字十个"), (0, 90, "短")]
    assert ocrdash.em_of(boxes) == 31
    assert ocrdash.em_of([(0, 50, "短")]) is None


@pytest.mark.parametrize("read, want", [
    ("(三)争当击楫中流的改革先锋", "（三）争当击楫中流的改革先锋"),
    ("主要预期目标是:全省", "主要预期目标是：全省"),
    ("增长5.5%,在实际工作中", "增长5.5%，在实际工作中"),
    ("上午10:30开会", "上午10:30开会"),
    ("GDP (current prices), 1,000", "GDP (current prices), 1,000"),
])
def test_ascii_punctuation_next_to_han_is_made_full_width(read, want):
    from indexer.readers.ocr import full_width

    assert full_width(read) == want


def test_a_title_set_larger_keeps_its_yi():
    """一 in a title set at 1.3 times the body size is longer than the body's em, not a dash."""
    big = int(EM * 1.3)
    page = np.full((120, 40 * EM), 255, dtype=np.uint8)
    for line, cells in enumerate(("#" * 30, "#" * 30)):  # body lines set the page's em
        for i in range(30):
            page[10 + line * 30 + 4:10 + line * 30 + 24, i * EM + 3:i * EM + EM - 3] = 0
    top = 80
    for i in range(20):  # a title of 20 characters, the tenth 一
        x = i * big
        if i == 9:
            page[top + 17:top + 19, x + 3:x + 3 + int(0.85 * big)] = 0
        else:
            page[top + 4:top + 32, x + 3:x + big - 3] = 0
    body = "十个汉字十个汉字十个汉字十个汉字十个汉字十个汉字十个汉字十个汉字"[:30]
    title = "第十四届全国人民代表大会第一次会议关于政"
    boxes = [(0, 30 * EM, 10, 34, body), (0, 30 * EM, 40, 64, body), (0, 20 * big, top, top + 36, title)]
    assert ocrdash.mend_page(page, boxes)[2] == title
