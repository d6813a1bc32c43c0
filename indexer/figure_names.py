"""The names figures are filed under: the noun run before a number, cleaned of leading words
and the report's own place, checked by a head word or by jieba's parts of speech; and the names
a list of values (分别增长4.3%、5.5%) pairs with."""
from __future__ import annotations

import re
from functools import lru_cache

from .figure_patterns import HEAD, INDICATOR_RUN, LEADING, NAME_SEP, NOT_A_NAME, SEVERAL_YEARS


def place_names(place: str) -> tuple[str, ...]:
    """How a report may name its own place before an indicator: 信阳市 → 信阳市, 信阳."""
    place = re.sub(r"[（(].*$", "", place.strip())
    short = re.sub(r"(?:省|市|县|区|自治区|自治州|自治县|特别行政区|维吾尔|壮族|回族)+$", "", place)
    return tuple(p for p in dict.fromkeys((place, short)) if len(p) >= 2)


def clean_name(run: str, places: tuple[str, ...]) -> str:
    """A noun run with its leading words (全省, 今年, 实现 …) and the report's own place left out."""
    name = LEADING.sub("", run)
    timed = re.search(r"(?:今年|去年|全年|上年|当年)的?", name)  # 国家计划要求今年的工业总产值
    if timed and len(name) - timed.end() >= 2:
        name = LEADING.sub("", name[timed.end():])
    for own in places:
        if name.startswith(own):
            name = LEADING.sub("", name[len(own):])
            break
    return name


def is_amount(unit: str) -> bool:
    """Whether a unit states an amount or a count (亿元, 万吨, 微克/立方米, 万户) rather than a
    share or a change (%, 个百分点, 倍): an amount of something named is a figure even without
    a known head word."""
    return bool(unit) and unit not in ("%", "个百分点", "倍", "万", "亿", "万亿")


def indicator(pre: str, places: tuple[str, ...] = (), unit: str = "", loose: bool = True) -> str:
    """The indicator a clause's text before the number ends with, or "" if none is there: a noun
    run ending in a head word (总值, 收入, 失业率), or, for an amount, any short noun phrase."""
    run = INDICATOR_RUN.search(pre)
    if not run or SEVERAL_YEARS.search(run.group(0)):
        return ""
    name = clean_name(run.group(0), places)
    if len(name) == 1 and loose and is_amount(unit) and run.group(0) == pre.strip() and noun_phrase(name):
        return name  # ；纸520万吨，糖260万吨: a product named in one character, the clause's first word
    if len(name) < 2 or NOT_A_NAME.match(name):
        return ""
    if HEAD.search(name):
        return name
    if loose and is_amount(unit) and len(name) <= 16 and noun_phrase(name):
        return name
    return ""


NOUNS = ("n", "nz", "ng", "vn", "l", "i")  # jieba's tags of nouns, noun-like verbs and set phrases


@lru_cache(maxsize=65536)
def _flags(name: str) -> tuple[str, ...]:
    """jieba's part-of-speech flags of a name's words, tagged once per name."""
    import jieba  # its tagger loads a dictionary (~2 s), needed only for names without a head word
    import jieba.posseg

    jieba.setLogLevel(60)
    return tuple(w.flag for w in jieba.posseg.cut(name))


def noun_phrase(name: str) -> bool:
    """Whether a name is a noun phrase (电话交换机, 治理沙化土地) by jieba's parts of speech: it
    ends in a noun, and opens with no preposition (至贵港, 从), no place of its own (龙滩水电站)."""
    flags = _flags(name)
    if not flags or flags[0] in ("p", "ns", "m", "r", "zg"):  # 至贵港, 仍创汇
        return False
    # a noun last (电话交换机), or a verb after a noun (原煤开采, 退减税: the capacity, the amount)
    return flags[-1] in NOUNS or flags[-1] == "v" and any(f in NOUNS for f in flags[:-1])


def following(rest: str, places: tuple[str, ...], unit: str) -> str:
    """What a count counts when it follows the number and ends the clause (拟发行1400亿元长期建设国债,
    新增2所本科高校, 新增40.8万青年): a short noun phrase, or ""."""
    if not (is_amount(unit) or unit in ("万", "亿")) or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z]{2,14}", rest):
        return ""
    name = clean_name(rest, places)
    if len(name) < 2 or SEVERAL_YEARS.search(name) or NOT_A_NAME.match(name) or name in VAGUE:
        return ""
    return name if HEAD.search(name) or noun_phrase(name) and ends_in_noun(name) else ""


def ends_in_noun(name: str) -> bool:
    """Whether jieba tags a name's last word as a noun (民生实事全面完成 ends in a verb)."""
    flags = _flags(name)
    return bool(flags) and flags[-1] in NOUNS


def topic(clause: str, places: tuple[str, ...]) -> str:
    """The indicator a clause without figures opens with (外贸出口从7月份开始回升，全年达到…)."""
    lead = re.match(r"[\u4e00-\u9fffA-Za-z]{2,16}", clause)
    name = clean_name(lead.group(0), places) if lead else ""
    for end in range(len(name), 1, -1):
        if HEAD.search(name[:end]) and not SEVERAL_YEARS.search(name[:end]):
            return name[:end]
    return ""


def list_names(names: str, count: int, earlier: list[str], places: tuple[str, ...]) -> list[str]:
    """The indicators a 分别 list of `count` values pairs with: the names written before it
    (城镇和农村居民人均可支配收入 → 城镇居民…, 农村居民…), else the last `count` indicators stated."""
    run = re.search(r"[\u4e00-\u9fffA-Za-z、]{2,40}$", names)
    parts: list[str] = []
    if run:
        parts = [clean_name(p, places) for p in NAME_SEP.split(run.group(0))]
        if count == 2 and len(parts) == 1 and parts[0].startswith("城乡"):  # 城乡居民…: 城镇, 农村
            parts = ["城镇" + parts[0][2:], "农村" + parts[0][2:]]
        if len(parts) != count or not all(parts):
            if any(HEAD.search(p) for p in parts):
                return []
            parts = []
    if parts and any(HEAD.search(p) for p in parts):
        last = parts[-1]
        # 城镇和农村居民人均可支配收入: a two-character qualifier stands for its like in the last name
        tail = last[len(parts[0]):] if len(parts[0]) <= 2 < len(last) else ""
        return [p if HEAD.search(p) or p == last or not tail else p + tail for p in parts]
    recent = list(dict.fromkeys(earlier))
    return recent[-count:] if len(recent) >= count else []


# Head words that alone name no one indicator (出口, 消费, 物价 alone do).
VAGUE = ("投资", "企业", "产量", "产值", "支出", "收入", "利润", "总量", "总额", "占比", "比重", "比例", "规模", "指数",
         "增加值", "资金", "项目")


def is_named(written: str, canonical: str) -> bool:
    """Whether a figure's name ends in a known indicator head (总值, 收入, …率, 产量): the class
    whose measured precision is high enough to show. Amounts and counts named by any noun
    phrase (培育…10个, 电话交换机…2000万门) are kept in the data but not shown by default."""
    if written in VAGUE and canonical == written:
        return False  # 投资, 企业 alone: too vague to file a series under
    return bool(HEAD.search(written) or HEAD.search(canonical))
