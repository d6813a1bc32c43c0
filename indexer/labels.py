"""Label lines ("来源：央视网", "视频简介", "责任编辑：…") and news lead-ins ("新华社北京3月5日电").

A label line is page furniture, not a paragraph: it is dropped where furniture lives (see
drop_labels), and the value of a source or date label is kept for the
document's metadata. A section label that heads text ("视频简介：本期节目…") loses only the label.
A lead-in standing alone on its line is joined to the paragraph it introduces.
"""
from __future__ import annotations

import re

# Labels whose line is metadata: who published, wrote or edited it, and when.
SOURCE_LABELS = ("来源", "稿源", "出处", "本文来源", "文章来源", "信息来源", "新闻来源", "转载自")
PUBLISHED_LABELS = ("发布时间", "更新时间", "发布日期", "发稿时间", "发表时间", "发布于")
DATE_LABELS = PUBLISHED_LABELS + ("时间", "日期")
CREDIT_LABELS = ("作者", "撰稿", "撰文", "通讯员", "编辑", "责任编辑", "责编", "编审", "审核", "审校",
                 "校对", "监制", "主编", "制片人", "摄影", "摄像")
OTHER_LABELS = ("文", "记者", "图", "图片", "视频", "浏览次数", "阅读次数", "点击数", "浏览", "阅读",
                "字号", "分享到", "分享", "打印", "关闭", "关键词", "标签", "【打印】")
# Labels that are furniture wherever they stand (a report prints "来源：…" under its header
# line). The others ("时间：" and "日期：" of a notice, "记者：" of an interview) may be text of
# the body, so they count as labels only before the first sentence or after the last.
ANYWHERE = frozenset(SOURCE_LABELS + CREDIT_LABELS + PUBLISHED_LABELS)
# Furniture words that stand without a colon; any other label needs one ("编辑" alone is a word).
BARE_LABELS = frozenset({"视频", "图片", "打印", "关闭", "分享", "分享到", "【打印】"})
# Labels that head a section of text: the label goes, the text after it stays.
SECTION_LABELS = ("视频简介", "内容简介", "简介", "节目简介")

_ALL = sorted(SOURCE_LABELS + DATE_LABELS + CREDIT_LABELS + OTHER_LABELS + SECTION_LABELS,
              key=len, reverse=True)
_LABEL_LINE = re.compile(
    r"^[【\[（(]?(?P<name>" + "|".join(map(re.escape, _ALL)) + r")[】\]）)]?"
    r"\s*(?:(?P<colon>[：:])\s*(?P<value>.*))?$", re.S)
# A second label on the same line ("来源：央视网    更新时间：2024年03月01日 19:00") ends the value.
_NEXT_LABEL = re.compile(r"\s+(?:" + "|".join(map(re.escape, _ALL)) + r")\s*[：:]")
_PAIR = re.compile(r"(?P<name>" + "|".join(map(re.escape, _ALL)) + r")\s*[：:]\s*(?P<value>.*?)"
                   r"(?=" + _NEXT_LABEL.pattern + r"|$)")
LABEL_VALUE_MAX_CHARS = 40
_SENTENCE_END = "。！？!?…"

_PAREN = r"(?:\s*[（(][^）)]{0,30}[）)])?"
_LEAD_INS = (
    # 央视网消息（新闻联播）：  本台消息：  据新华社消息
    re.compile(r"^据?[^\s，。：:]{0,12}(?:网|社|台|报|站|端|号)消息" + _PAREN + r"\s*[：:]?$"),
    # 新华社北京3月5日电（记者 张三）  人民网北京3月5日电  中新网3月5日电
    re.compile(r"^据?[^\s，。：:]{1,16}?\d{1,2}月\d{1,2}日\s*(?:电|讯|消息)" + _PAREN + r"\s*[：:]?$"),
    # 本报讯（记者 张三 通讯员 李四）
    re.compile(r"^(?:本报|本刊|本台|本网)讯" + _PAREN + r"\s*[：:]?$"),
)


def label_of(line: str) -> tuple[str, str] | None:
    """(label, value) if `line` is only a label, with or without a value; else None."""
    first, nl, rest = line.partition("\n")
    m = _LABEL_LINE.match(first.strip())
    if not m:
        return None
    name, value = m.group("name"), (m.group("value") or "").strip()
    if name in SECTION_LABELS:
        return name, value
    if not m.group("colon") and name not in BARE_LABELS:
        return None
    if nl:  # a soft line break inside a Word paragraph: only its first line is the label
        return name, value
    if len(value) > LABEL_VALUE_MAX_CHARS or (value and value.rstrip()[-1] in _SENTENCE_END):
        return None  # "记者：您怎么看？" is an interview, not a byline
    return name, _NEXT_LABEL.split(value, 1)[0].strip().rstrip("】]）)").strip()


def is_lead_in(line: str) -> bool:
    """Whether `line` is a news lead-in on its own ("央视网消息（新闻联播）：", "新华社北京3月5日电")."""
    return len(line) <= 40 and any(p.match(line) for p in _LEAD_INS)


def _is_sentence(line: str) -> bool:
    from .cleaning import is_sentence

    return is_sentence(line)


def drop_labels(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """`lines` without their label lines (those of ANYWHERE and bare section labels wherever
    they are, the others before the first sentence or after the last), and the values of the
    source and date labels ({"source": …, "date": …}, the first of each)."""
    marks = [i for i, line in enumerate(lines) if _is_sentence(line)]
    first, last = (marks[0], marks[-1]) if marks else (len(lines), len(lines))
    found: dict[str, str] = {}
    out: list[str] = []
    for i, line in enumerate(lines):
        label = label_of(line)
        if label is not None and first <= i <= last and not (
                label[0] in ANYWHERE or line.strip() in SECTION_LABELS):
            label = None
        if label is None:
            out.append(line)
            continue
        name, value = label
        first_line, _, rest = line.partition("\n")
        if name in SECTION_LABELS:
            rest = "\n".join(x for x in (value, rest.strip()) if x)
        else:
            for pair in _PAIR.finditer(first_line):
                key = "source" if pair["name"] in SOURCE_LABELS else (
                    "date" if pair["name"] in DATE_LABELS else "")
                if key and pair["value"].strip():
                    found.setdefault(key, pair["value"].strip())
        rest = rest.strip()
        if rest:
            out.append(rest)
    return out, found


def join_lead_ins(lines: list[str]) -> list[str]:
    """Each lead-in standing alone joined to the paragraph after it; a last one is dropped."""
    out: list[str] = []
    pending = ""
    for line in lines:
        if is_lead_in(line):
            pending = (pending + " " + line).strip() if pending else line
            continue
        if pending:
            glue = "" if pending[-1] in "：:）)" else " "
            line = pending + glue + line
            pending = ""
        out.append(line)
    return out
