"""The figures a report's paragraph states: indicator, value, unit, range, modifier, kind and year.

Precision first: a figure is emitted only where an indicator (a noun phrase ending in a known
head word such as 总值, 收入, 失业率) is directly bound to a number, through nothing but a
verb (增长, 达到, 为 …), a comparison (比上年) or a target phrase (预期目标为); and only
when the paragraph says whether it is a result or a target, and for which year.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .indicators import canonical_indicator, is_rate_indicator

ARABIC = r"\d+(?:,\d{3})*(?:[.．]\d+)?"
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千点"
# 六十五亿五千万: 亿 and 万 inside a number (its trailing 万 or 亿 is read as part of the unit)
CHINESE = rf"[{CHINESE_DIGITS}]+(?:[亿万][{CHINESE_DIGITS}]+)*"
NUMBER = rf"(?:{ARABIC}|{CHINESE})"
MULTIPLIERS = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}
BASE_UNITS = ("个百分点", "倍", "美元", "元", "人次", "人", "吨", "公斤", "斤", "千瓦时", "千瓦", "公里", "平方米",
              "亩", "公顷", "户", "套", "辆", "立方米", "标准箱", "家", "所", "个", "项", "座", "件")
UNIT = (r"(?:(?P<mult>万亿|千亿|百亿|亿|千万|百万|万)?(?P<base>" + "|".join(BASE_UNITS) + r")"
        r"|(?P<bare>万亿|亿|万)(?!(?!左右|以上|以内|以下|多|余)[\u4e00-\u9fff]))")  # 减少1000万以上
RANGE_SEP = r"[-－—–~～至到]"
PREFIX_MODS = ("不低于", "不少于", "不超过", "不高于", "控制在", "保持在", "稳定在", "超过", "突破", "力争",
               "约", "近", "超")
SUFFIX_MODS = ("左右", "以上", "以内", "以下", "上下", "多", "余")
UP = ("增长", "提高", "上涨", "上升", "增加", "扩大", "回升", "增产", "净增")
DOWN = ("下降", "降低", "减少", "回落", "缩小", "下跌", "减产")
LEVEL_VERBS = ("达到", "达", "为", "是", "实现", "完成", "迈上", "跃上", "站上")
# What may stand between an indicator and its number: comparison, target phrase, verbs, modifiers.
BRIDGE = re.compile(
    r"(?P<bridge>(?:(?:比上一?年|比去年|较上年|同比|比[一二三四五六七八九〇零\d]{2,4}年)?"
    r"(?:(?:预期)?目标(?:为|是)?|预期为|预期|预计)?"
    r"(?:实际|名义|年均|平均|累计|分别)?"
    r"(?P<verb>" + "|".join(UP + DOWN) + r")?了?"
    r"(?:" + "|".join(LEVEL_VERBS) + r")?"
    r"(?P<pre>" + "|".join(PREFIX_MODS) + r")?))"
    r"(?P<figure>(?:百分之(?P<cpct>" + NUMBER + r")|(?P<num>" + NUMBER + r")"
    r"(?:(?P<rpct>%|％)?" + RANGE_SEP + r"(?P<hi>" + NUMBER + r"))?"
    r"(?:(?P<pct>%|％)|" + UNIT + r")))"
    r"(?P<suf>" + "|".join(SUFFIX_MODS) + r")?")
HEAD = re.compile(
    r"(?:总值|GDP|企业|经营主体|增加值|收入|产值|投资|就业|失业率|价格|物价|CPI|产量|能耗|支出|储备|利润|总额|出口|"
    r"进口|进出口|赤字率|赤字|国债|债券|城镇化率|强度|营收|税收|增速|涨幅|增幅|总量|余额|消费|工资|用电量|"
    r"发电量|经济增长|人口|覆盖率|比重)$")
INDICATOR_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,24}$")
LEADING = re.compile(
    r"^(?:(?:今年|去年|全年|上年|过去一年|一年来|全国|全省|全市|全区|全州|全县|我国|我省|我市|我区|其中|"
    r"实现|完成|预计|力争|确保|主要|发展|经济社会发展|经济社会|预期目标是|目标是|是|年|的|和|与|及|"
    r"都|均|也|还|并|使|推动|促进|带动|拟|安排|合计|新增发行)+)")
CLAUSE = re.compile(r"[^，,；;：:、。！？!?（）()“”]+")
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
YEAR = re.compile(r"(?<![比较与同到至])((?:19|20)\d{2}|[一二三四五六七八九〇零]{4})年(?!以来|起|前)")
TO_YEAR = re.compile(r"(?:到|至)((?:19|20)\d{2}|[一二三四五六七八九〇零]{4})年")
TARGET_CUE = re.compile(r"预期目标|主要目标|目标是|目标为|目标任务|力争|确保|计划(?:目标|增长|达到|完成|安排)|拟|^今年(?!以来)")
ACTUAL_CUE = re.compile(r"过去一年|过去的一年|一年来|刚刚过去|(?<![比较与同])(?:去年|上年)")
ACHIEVED = re.compile(r"(?:圆满完成|超额完成|顺利完成|较好完成|完成了|实现了)[^，。；]{0,12}目标")
REVIEW_HEADING = re.compile(r"回顾|过去|成就|总结")
PLAN_HEADING = re.compile(r"总体要求|目标|任务|重点工作|工作安排|今年")
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
# A change measured from an earlier base year (比2002年增长65.5%, 2005年与2000年相比) spans years.
BASE_YEAR = re.compile(r"(?:比|较|与|同)((?:19|20)\d{2}|[一二三四五六七八九〇零]{4})年")
# Figures of several years at once (五年累计, 十年来) have no one year they refer to.
SEVERAL_YEARS = re.compile(r"(?:^|[^\d])(?:[二三四五六七八九十两]|\d{1,2})年(?![度份])|累计|年均")


@dataclass(frozen=True)
class Figure:
    """One figure a paragraph states, with where it stands in the paragraph's text."""

    indicator: str
    indicator_as_written: str
    value: float  # a range's lower end; negative for 下降/降低/减少
    unit: str  # as written: %, 个百分点, 万亿元, 万人
    normalised: float  # value with 万/亿 multiplied out
    base_unit: str  # unit without its multiplier: %, 元, 人
    lo: float | None
    hi: float | None
    modifier: str  # 左右, 以上, 以内, 不低于, 约, 力争 …, or ""
    change: str  # "rate" (增长 … %), "points" (个百分点), "level" (an amount or a share)
    kind: str  # "actual" (a result) or "target"
    ref_year: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return asdict(self)


def to_number(raw: str) -> float | None:
    """An Arabic or Chinese numeral (`12.5`, `1,256`, `十二点五`, `一千二百`) as a float."""
    raw = raw.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", raw):
        return float(raw)
    if raw.startswith("点") or raw.endswith("点") or raw == "点":
        return None
    import cn2an  # slow to import (~1 s), and only older reports write numbers in words

    try:
        return float(cn2an.cn2an(raw.replace("〇", "零"), "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def _compound(num: str, unit: str) -> tuple[float | None, str]:
    """一百二十三亿七千 + 万元 → (123.7, 亿元): the whole amount, in its largest multiplier."""
    mult = next((m for m in ("万亿", "亿", "万") if unit.startswith(m)), "")
    total = to_number(num + mult)
    top = "亿" if "亿" in num + mult else "万"
    if total is None:
        return None, unit
    return round(total / MULTIPLIERS[top], 6), top + unit[len(mult):]


def year_number(raw: str) -> int:
    """A year written `2024` or `一九五七`."""
    if raw.isdigit():
        return int(raw)
    return int("".join(str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in raw))


def report_year(date: str, title: str) -> int | None:
    """The year a report was given: its date's, else the first year in its title."""
    if date[:4].isdigit():
        return int(date[:4])
    m = re.search(r"((?:19|20)\d{2})年", title)
    return int(m.group(1)) if m else None


def section_kind(paragraph: str, year: int | None = None) -> str | None:
    """'actual' or 'target' for a heading (一、2024年工作回顾; 2025年工作安排; 二、关于2025年工作),
    'other' for another numbered heading, None for text that is no heading."""
    if len(paragraph) > 40 or "。" in paragraph:
        return None
    numbered = bool(HEADING.match(paragraph))
    written = [int(y) for y in re.findall(r"((?:19|20)\d{2})年", paragraph)]
    if not numbered and not (written and "工作" in paragraph) and "工作回顾" not in paragraph:
        return None
    if REVIEW_HEADING.search(paragraph):
        return "actual"
    if written and year is not None:
        return "actual" if written[0] < year else "target"
    if PLAN_HEADING.search(paragraph):
        return "target"
    return "other"


def place_names(place: str) -> tuple[str, ...]:
    """How a report may name its own place before an indicator: 信阳市 → 信阳市, 信阳."""
    place = re.sub(r"[（(].*$", "", place.strip())
    short = re.sub(r"(?:省|市|县|区|自治区|自治州|自治县|特别行政区|维吾尔|壮族|回族)+$", "", place)
    return tuple(p for p in dict.fromkeys((place, short)) if len(p) >= 2)


def _indicator(pre: str, places: tuple[str, ...] = ()) -> str:
    """The indicator a clause's text before the number ends with, or "" if none is there."""
    run = INDICATOR_RUN.search(pre)
    if not run:
        return ""
    if SEVERAL_YEARS.search(run.group(0)):
        return ""
    name = LEADING.sub("", run.group(0))
    for own in places:
        if name.startswith(own):
            name = LEADING.sub("", name[len(own):])
            break
    return name if HEAD.search(name) and len(name) >= 2 else ""


def _kind_and_year(sentence: str, before: str, para_kind: str | None, year: int, bridge: str = ""
                   ) -> tuple[str, int] | None:
    """Whether a figure is a result or a target, and for which year; None when unclear.

    `before` is the sentence up to the figure: a year written there (2024年, 一九五七年)
    names the year, the cue words of the sentence, then of the paragraph, say which kind."""
    to_year = [year_number(m.group(1)) for m in TO_YEAR.finditer(before)]
    years = [year_number(m.group(1)) for m in YEAR.finditer(before)]
    if years and not to_year:
        kind = "actual" if years[-1] < year else "target"
    elif "预期" in bridge or "目标" in bridge:  # 预期增长7%, 目标为5%
        kind = "target"
    elif ACHIEVED.search(sentence):
        kind = "actual"
    elif TARGET_CUE.search(sentence):
        kind = "target"
    elif ACTUAL_CUE.search(sentence):
        kind = "actual"
    elif para_kind in ("actual", "target"):
        kind = para_kind
    else:
        return None
    if to_year:
        return ("target", to_year[-1]) if kind == "target" else None
    if years and (years[-1] < year) == (kind == "actual"):
        return kind, years[-1]
    return kind, (year - 1 if kind == "actual" else year)


def _figure(m: re.Match, indicator: str, written: str, start: int, offset: int, text: str,
            kind: str, ref_year: int) -> Figure | None:
    if m.group("cpct") is not None:
        value, hi, unit = to_number(m.group("cpct")), None, "%"
    else:
        value = to_number(m.group("num"))
        hi = to_number(m.group("hi")) if m.group("hi") else None
        if m.group("hi") and hi is None:
            return None
        unit = m.group("pct") or m.group("bare") or ((m.group("mult") or "") + (m.group("base") or ""))
        if value is not None and re.search("[亿万]", m.group("num")):
            value, unit = _compound(m.group("num"), unit)
        if m.group("rpct") and not m.group("pct"):
            return None
    if value is None:
        return None
    unit = "%" if unit == "％" else unit
    verb = m.group("verb") or ""
    sign = -1.0 if verb in DOWN else 1.0
    lo = value
    if hi is not None and hi < lo:
        return None
    base = unit
    factor = 1.0
    for mult, f in MULTIPLIERS.items():
        if unit.startswith(mult) and unit != mult:
            base, factor = unit[len(mult):], f
            break
    if unit == "个百分点":
        change = "points"
    elif verb and unit == "%":
        change = "rate"
    elif unit == "%" and is_rate_indicator(written):
        change = "rate"
    else:
        change = "level"
    if verb and change == "level" and not (unit == "%"):
        change = "increase" if sign > 0 else "decrease"
    modifier = m.group("suf") or m.group("pre") or ""
    end = offset + m.end()
    return Figure(
        indicator=indicator, indicator_as_written=written, value=sign * value, unit=unit,
        normalised=sign * value * factor, base_unit=base,
        lo=sign * lo if hi is not None else None, hi=sign * hi if hi is not None else None,
        modifier=modifier, change=change, kind=kind, ref_year=ref_year,
        start=start, end=end, text=text[start:end])


def extract(text: str, year: int, para_kind: str | None = None, place: str = "") -> list[Figure]:
    """The figures one paragraph states. `year` is its report's year; `para_kind` the kind its
    section gives ('actual' under a review heading, 'target' under a plan heading); `place`
    the report's, left out of indicator names (信阳地区生产总值 is 地区生产总值)."""
    places = place_names(place)
    figures: list[Figure] = []
    for sm in SENTENCE.finditer(text):
        sentence, s0 = sm.group(0), sm.start()
        previous = ""  # the indicator of the last figure, while no other number came between
        for cm in CLAUSE.finditer(sentence):
            clause, c0 = cm.group(0), s0 + cm.start()
            pos, bound, unbound = 0, False, False
            for m in BRIDGE.finditer(clause):
                bridge, pre = m.group("bridge"), clause[pos:m.start()]
                pos, unbound = m.end(), True
                if "分别" in bridge or "年均" in bridge:  # several values, or several years
                    continue
                written = _indicator(pre, places)
                verb = m.group("verb") or ""
                if not written and verb and bridge.startswith(verb):
                    joined = _indicator(pre + verb, places)  # 经济增长5%左右: the verb is part of the name
                    if joined:
                        pre, written = pre + verb, joined
                if written:
                    start = c0 + pos - len(m.group(0)) - len(pre) + pre.rindex(written)
                elif previous and not bound and bridge and not pre.strip() and m.start() == 0:
                    written, start = previous, c0 + m.start()  # 、增长5%: the same indicator
                else:
                    continue
                before = text[s0:c0 + m.start()]
                got = _kind_and_year(sentence, before, para_kind, year, bridge)
                bases = [year_number(b) for b in BASE_YEAR.findall(before + bridge)]
                if got and verb and bases and bases[-1] < got[1] - 1:
                    continue
                fig = (_figure(m, canonical_indicator(written), written, start, c0, text, *got)
                       if got else None)
                if fig is not None:
                    figures.append(fig)
                    previous, bound = written, True
            if unbound and not bound:  # a number stated of something else: 、增长5% is no longer ours
                previous = ""
    return figures


def document_figures(paragraphs: list[str], date: str, title: str, place: str = ""
                     ) -> list[tuple[int, Figure]]:
    """(paragraph index, figure) for every figure of a report, its headings followed through."""
    year = report_year(date, title)
    if year is None:
        return []
    out: list[tuple[int, Figure]] = []
    section: str | None = "actual"  # a work report opens with the review of the year past
    for i, para in enumerate(paragraphs):
        heading = section_kind(para, year)
        if heading is not None:
            section = heading
            continue
        out.extend((i, f) for f in extract(para, year, section, place))
    return out


def is_report(title: str, paragraphs: list[str]) -> bool:
    """A government work report (or one like it): by its title, or by stating its year's
    main targets (主要预期目标) in its text."""
    if "决议" in title:
        return False
    if "政府工作报告" in title or "政府工作报告" in "".join(paragraphs[:3]):
        return True
    return any("主要预期目标" in p for p in paragraphs)
