"""A report's presenter, from its header line: `——2025年1月15日龚正市长在上海市…会议上`, or the
line after it (`省长 王予波`)."""
from __future__ import annotations

import re

from . import speaker_lexicon as lx

# ——2025年1月15日龚正市长在…会议上 / 2025年1月20日在…会议上山东省省长周乃翔作政府工作报告 /
# （2026年1月27日在…会议上） / ——二〇二六年一月二十七日在… / ——在中国共产党第十九次全国代表大会上的报告
_DIGIT = r"\d０-９〇○零一二三四五六七八九十"
_DATE = (rf"(?:19|20|１９|２０|一九|二〇|二○)[{_DIGIT}]{{2}}\s*年\s*[{_DIGIT}]{{1,3}}\s*月\s*[{_DIGIT}]{{1,3}}\s*日")
_HEADER = re.compile(rf"^[（(]?\s*(?:[-—－─]+\s*(?:{_DATE})?|{_DATE})"
                     r"(?P<before>[^在，,。]{0,24})在(?P<where>[^，,。]{0,60}(?:会议|会議|大会))(?:上|的)?"
                     r"(?P<after>.*)$")
_DATE_ONLY = re.compile(rf"^[（(]?\s*{_DATE}\s*[）)]?$|^\d{{4}}-\d\d-\d\d")
_PRESENTER_TAIL = re.compile(r"(?:同志)?(?:作|所作的?|的)?(?:政府工作报告|报告|讲话)?[。：:！）)]?$")
_GREETING = re.compile(r"(?:各位代表|同志们|代表们)[：:！!，,]?$")
_TITLE_CHARS = ("长", "理", "席", "记", "任")
HEADER_PARAGRAPHS = 8
HEADER_CHARS = 90


def _header_at(paragraphs: list[str]) -> tuple[int, re.Match] | None:
    """The header line among a report's first paragraphs: a line (or its part from a dash on:
    "…的报告——1996年3月5日在…会议上") joined with the next paragraph where it is cut."""
    for i, para in enumerate(paragraphs[:HEADER_PARAGRAPHS]):
        for line in para.splitlines():
            line = line.strip()
            dash = line.find("——")
            for cand in ([line, line[dash:]] if dash > 0 else [line]):
                if not cand or len(cand) > HEADER_CHARS:
                    continue
                m = _HEADER.match(cand)
                if m:
                    return i, m
                if "在" in cand and i + 1 < len(paragraphs) and len(paragraphs[i + 1]) <= HEADER_CHARS:
                    m = _HEADER.match(cand + paragraphs[i + 1].strip())
                    if m:
                        return i + 1, m
    return None


def presenter_of(paragraphs: list[str]) -> tuple[str, str] | None:
    """(name, role) of a report's presenter, from its header line (and the short lines after it)."""
    found = _header_at(paragraphs)
    if found is None:
        return None
    i, m = found
    text = m.group("before").strip() or m.group("after").strip()
    if not _GREETING.sub("", _PRESENTER_TAIL.sub("", text)).strip():
        text = ""
        for p in paragraphs[i + 1:i + 4]:
            p = p.strip()
            if _GREETING.match(p) or len(p) > 24:
                break
            if not _DATE_ONLY.match(p):
                text += " " + p
    return _split_presenter(_GREETING.sub("", _PRESENTER_TAIL.sub("", text.strip())).strip())


def _split_presenter(text: str) -> tuple[str, str] | None:
    """(name, role) of "省长 王予波", "山东省省长周乃翔", "龚正市长", "国务院总理李鹏"."""
    text = re.split(r"同志|作政府工作报告|。", text)[0]
    text = re.sub(r"[\s\u2002\u3000\xa0]+", " ", text).strip()
    if not text:
        return None
    parts = text.split(" ")
    if len(parts) >= 2 and 2 <= len(parts[-1]) <= 4 and lx.HAN.match(parts[-1]):
        role = "".join(parts[:-1])
        return parts[-1], role.removesuffix(parts[-1])
    text = text.replace(" ", "")
    if len(text) <= 4 and lx.HAN.match(text) and not text.endswith(_TITLE_CHARS):
        return text, ""
    tags = lx.jieba_tags()
    # the last title word: a dictionary noun ending in a title morpheme (省长, 总理, 主席, 书记)
    for i in range(len(text) - 1, 0, -1):
        for n in (4, 3, 2):
            w = text[i - n + 1:i + 1] if i - n + 1 >= 0 else ""
            if w and w.endswith(_TITLE_CHARS) and tags.get(w, "").startswith("n") \
                    and not tags[w].startswith("nr"):
                after, before = text[i + 1:], text[:i - n + 1]
                if len(after) in (4, 6) and after[:len(after) // 2] * 2 == after:  # a caption's echo
                    after = after[:len(after) // 2]
                if 2 <= len(after) <= 4 and lx.HAN.match(after):
                    return after, text[:i + 1]
                if not after and 2 <= len(before) <= 4 and lx.HAN.match(before):
                    return before, w
                return None
    return None
