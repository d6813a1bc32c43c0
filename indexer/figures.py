"""The figures a report's paragraph states: indicator, value, unit, range, modifier, kind and year
(the patterns are in figure_patterns.py, the names in figure_names.py).

A figure is emitted only where an indicator (a noun run ending in a head word such as 总值,
收入, …率; for an amount or a count, any short noun phrase) is bound to a number through words
that may stand between (比上年, 年底, 目标设定为, 增长, 达到, a modifier), or is paired with it in a
list (分别增长4.3%、5.5%); and only when the sentence, the paragraph or the section says whether it
is a result or a target, and for which year.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from . import figure_names as names
from .figure_spans import moves
from .figure_names import place_names
from .figure_patterns import (ACHIEVED, ACTUAL_CUE, BASE_YEAR, BRACKET, BRIDGE, CAPACITY, COUNTED, SIZE, CLAUSE, DOWN, FIGURE_RE, GENERIC,
                              HEADING, LIST_BRIDGE, LIST_SEP, MULTIPLIERS, ONE_YEAR, ONE_YEAR_AGAIN, PLAN_HEADING, REVIEW_HEADING,
                              SENTENCE, SHARE, SHARED_UNIT, SPAN_OF_YEARS, TARGET_CUE, TO_YEAR, YEAR, unit_of)
from .indicators import canonical_indicator, is_rate_indicator

BARE_RATES = ("增幅", "增速", "涨幅", "幅度", "速度", "增长速度", "增长幅度")  # a rate named by no indicator


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
    raw = raw.replace(",", "").replace("，", "")
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


WRITTEN_YEAR = re.compile(r"((?:19|20|１９|２０)\d{2})年")  # a heading's or a title's year, in digits


def year_number(raw: str) -> int:
    """A year written `2024` or `一九五七`."""
    if raw.isdigit():
        return int(raw)
    return int("".join(str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in raw))


def report_year(date: str, title: str) -> int | None:
    """The year a report was given: its date's, else the first year in its title."""
    if date[:4].isdigit():
        return int(date[:4])
    m = re.search(WRITTEN_YEAR, title)
    return year_number(m.group(1)) if m else None


def section_kind(paragraph: str, year: int | None = None) -> str | None:
    """'actual' or 'target' for a heading (一、2024年工作回顾; 2025年工作安排; 二、关于2025年工作),
    'other' for another numbered heading, None for text that is no heading."""
    if len(paragraph) > 40 or "。" in paragraph:
        return None
    numbered = bool(HEADING.match(paragraph))
    written = [year_number(y) for y in re.findall(WRITTEN_YEAR, paragraph)]
    if not numbered and not (written and "工作" in paragraph) and "工作回顾" not in paragraph:
        return None
    if REVIEW_HEADING.search(paragraph):
        return "actual"
    if written and year is not None:
        return "actual" if written[0] < year else "target"
    if PLAN_HEADING.search(paragraph):
        return "target"
    return "other"


def _cues(sentence: str) -> list[tuple[int, str]]:
    """(where, kind) of each cue word of a sentence: 过去一年 actual, 今年/预期目标 target,
    完成…目标 actual (an achieved target is a result)."""
    achieved = [m.span() for m in ACHIEVED.finditer(sentence)]
    cues = [(m.start(), "target") for m in TARGET_CUE.finditer(sentence)
            if not any(a <= m.start() < b for a, b in achieved)]
    cues += [(a, "actual") for a, _ in achieved]
    cues += [(m.start(), "actual") for m in ACTUAL_CUE.finditer(sentence)]
    return sorted(cues)


def _cue(sentence: str, year: int) -> str | None:
    """The kind the last cue of a sentence gives (its cue words, or a year it names), if any."""
    cues = _cues(sentence)
    cues += [(m.start(), "actual" if year_number(m.group(1)) < year else "target")
             for m in YEAR.finditer(sentence) if not TO_YEAR.match(sentence, max(0, m.start() - 1))]
    return max(cues)[1] if cues else None


def _kind_and_year(sentence: str, before: str, para_kind: str | None, year: int, bridge: str = ""
                   ) -> tuple[str, int] | None:
    """Whether a figure is a result or a target, and for which year; None when unclear.

    `before` is the sentence up to the figure: a year written there (2024年, 一九五七年)
    names the year; else the nearest cue word of the sentence before it (else after it), then
    the paragraph's (an earlier sentence's cue, the section heading), says which kind."""
    to_year = [year_number(m.group(1)) for m in TO_YEAR.finditer(before)]
    years = [year_number(m.group(1)) for m in YEAR.finditer(before)]
    if years and not to_year:
        kind = "actual" if years[-1] < year else "target"
    elif "预期" in bridge or "目标" in bridge:  # 预期增长7%, 目标为5%
        kind = "target"
    elif cues := _cues(sentence):  # the nearest cue before the figure, else the first after it
        before_it = [kind for at, kind in cues if at < len(before)]
        kind = before_it[-1] if before_it else cues[0][1]
    elif para_kind in ("actual", "target"):
        kind = para_kind
    else:
        return None
    if to_year:
        return ("target", to_year[-1]) if kind == "target" else None
    if years and (years[-1] < year) == (kind == "actual"):
        return kind, years[-1]
    return kind, (year - 1 if kind == "actual" else year)


def _figure(m: re.Match, verb: str, pre: str, indicator: str, written: str, start: int, offset: int,
            text: str, kind: str, ref_year: int) -> Figure | None:
    """The figure a match of FIGURE states; `verb` and `pre` are its bridge's (增长, 不低于)."""
    if m.group("cpct") is not None:
        value, unit = to_number(m.group("cpct")), "%"
        hi = to_number(m.group("chi")) if m.group("chi") else None
        if m.group("chi") and hi is None:
            return None
    else:
        value = to_number(m.group("num"))
        hi = to_number(m.group("hi")) if m.group("hi") else None
        if m.group("hi") and hi is None:
            return None
        unit = unit_of(m)
        if len(m.group("num")) == 1 and not m.group("num").isdigit() and len(unit) == 1 and unit != "倍":
            return None  # 一个, 两项, 一度: an article or an adverb, not a count
        if value is not None and re.search("[亿万]", m.group("num")):
            value, unit = _compound(m.group("num"), unit)
        if m.group("rpct") and not m.group("pct"):
            return None
    if value is None:
        return None
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
    modifier = m.group("suf") or m.group("mid") or pre or ""
    end = offset + m.end()
    return Figure(
        indicator=indicator, indicator_as_written=written, value=sign * value, unit=unit,
        normalised=sign * value * factor, base_unit=base,
        lo=sign * lo if hi is not None else None, hi=sign * hi if hi is not None else None,
        modifier=modifier, change=change, kind=kind, ref_year=ref_year,
        start=start, end=end, text=text[start:end])


def _lists(sentence: str) -> list[tuple[int, re.Match, list[re.Match]]]:
    """The value lists of a sentence (分别增长4.3%、5.5%, 实际增长9.8%和8.5%): (where its bridge
    starts, the bridge, the values in order)."""
    out: list[tuple[int, re.Match, list[re.Match]]] = []
    chain: list[re.Match] = []
    found = sorted([*FIGURE_RE.finditer(sentence), *SHARED_UNIT.finditer(sentence)], key=lambda v: v.start())
    for v in [*found, None]:
        if v is not None and chain:
            sep = LIST_SEP.match(sentence, chain[-1].end())
            if sep is not None and sep.end() == v.start():
                chain.append(v)
                continue
        if len(chain) >= 2:
            start = chain[0].start()
            for at in range(max(0, start - 24), start):
                r = LIST_BRIDGE.match(sentence, at)
                if r is not None and r.end() == start:
                    out.append((at, r, chain))
                    break
        chain = [v] if v is not None else []
    return out


def _moves(text: str, s0: int, sentence: str, year: int, fallback: str | None, places: tuple[str, ...],
           state: dict) -> tuple[list[Figure], list[tuple[int, int]]]:
    """The figures of a sentence's 从…到… moves, and the spans they cover. Years not written
    with a move are those of the paragraph's last move that had them (state["years"])."""
    figures: list[Figure] = []
    covered: list[tuple[int, int]] = []
    for mv in moves(sentence):
        covered.append((mv.a.start(), mv.b.end()))
        y1 = year_number(mv.from_year) if mv.from_year else None
        y2 = year_number(mv.to_year) if mv.to_year else None
        if y1 is not None or y2 is not None:
            state["years"] = (y1, y2)
        elif not mv.from_last and state.get("years"):
            y1, y2 = state["years"]
        clauses = re.split(r"[，,；;：:、]", sentence[:mv.start])
        head = clauses[-1] if clauses[-1].strip() or len(clauses) < 2 else clauses[-2]  # 收入，由…
        unit = unit_of(mv.b)
        written = names.indicator(head, places, unit)
        if not written or written in GENERIC:
            continue
        if y2 is not None:
            got: tuple[str, int] | None = ("actual" if y2 < year else "target", y2)
        elif SPAN_OF_YEARS.search(sentence[:mv.start]):
            continue
        else:
            got = _kind_and_year(sentence, sentence[:mv.start], fallback, year)
        if got is None:
            continue
        if mv.from_last:
            y1 = got[1] - 1
        name = canonical_indicator(written)
        start = s0 + sentence[:mv.start].rindex(head) + head.rindex(written)
        for m, pre, (kind, ref) in ((mv.a, "", ("actual" if y1 is not None and y1 < year else "target", y1)),
                                    (mv.b, mv.pre, got)):
            if ref is None:
                continue
            fig = _figure(m, "", pre, name, written, start if m is mv.a else s0 + m.start(), s0, text,
                          kind, ref)
            if fig is not None:
                figures.append(fig)
    return figures, covered


def _sentence(text: str, s0: int, sentence: str, year: int, fallback: str | None,
              places: tuple[str, ...], state: dict) -> list[Figure]:
    """The figures one sentence states; `fallback` is the kind the paragraph so far gives."""
    figures: list[Figure] = []
    if FIGURE_RE.search(sentence) is None:
        return figures
    lists = _lists(sentence)
    covered = [(v[0].start(), v[-1].end()) for _, _, v in lists]
    moved, spans = _moves(text, s0, sentence, year, fallback, places, state)
    figures += moved
    covered += spans
    previous = ""  # the indicator of the last figure, while no other number came between
    topic = ""  # a clause without figures, which may name the indicator of the next clause's
    for cm in CLAUSE.finditer(sentence):
        clause, c0 = cm.group(0), s0 + cm.start()
        pos, bound, unbound = 0, False, False
        for m in BRIDGE.finditer(clause):
            bridge, pre = m.group("bridge"), clause[pos:m.start()]
            pre_start, pos, unbound = pos, m.end(), True
            at = cm.start() + m.start("figure")
            if "年均" in bridge or "分别" in bridge or any(a <= at < b for a, b in covered):
                continue  # several years; several values; or one value of a list, read below
            if "累计" in bridge and not ONE_YEAR.search(sentence[:cm.start() + m.start()]):
                continue  # 累计106万人: a total of several years, unless 全年累计…
            unit = unit_of(m)
            counted = ""
            written = names.indicator(pre, places, unit)
            verb = m.group("verb") or ""
            if not written and verb and bridge.startswith(verb):
                joined = names.indicator(pre + verb, places, unit, loose=False)  # 经济增长5%左右: the verb is in the name
                if joined:
                    pre, written = pre + verb, joined
            if (written and len(written) <= 2 and pre_start + pre.rindex(written) == 0 and cm.start()
                    and sentence[cm.start() - 1] in "”」"):
                continue  # 专精特新“小巨人”企业561家: the name began inside the quotes
            after = clause[m.end():]
            if (not written or not names.is_named(written, "") and COUNTED.match(sentence, cm.start() + m.end())) and \
                    len(pre.strip()) <= 8 and not CAPACITY.search(pre) and \
                    sentence[cm.end():cm.end() + 1] not in ("：", ":") and \
                    (counted := names.following(after, places, unit)):
                written, start = counted, c0 + m.start("figure")  # 今年拟发行1400亿元长期建设国债
            elif written:
                start = c0 + pre_start + pre.rindex(written)
            elif (previous or topic) and not bound and bridge and not pre.strip() and m.start() == 0:
                previous = previous or names.topic(topic, places)
                if not previous or SHARE.search(previous) and unit not in ("%", "个百分点"):
                    continue  # a rate (回收利用率) is not counted in 个: this number is of something else
                written, start = previous, c0 + m.start()  # 、增长5%: the same indicator
            else:
                continue
            name = canonical_indicator(written)
            if written in GENERIC and previous:  # 增长5.8%，总量达到60013亿元
                name = canonical_indicator(previous)
            before = text[s0:c0 + m.start()]
            if SPAN_OF_YEARS.search(before):
                continue
            got = _kind_and_year(sentence, before, fallback, year, bridge)
            bases = [year_number(b) for b in BASE_YEAR.findall(before + bridge)]
            if got and verb and bases and bases[-1] < got[1] - 1:
                continue
            if BRACKET.match(clause, m.end()) or SIZE.match(clause, m.end()):
                continue
            if written != counted and not names.is_named(written, name) and COUNTED.match(sentence, cm.start() + m.end()):
                continue  # 建设15个通用化…: what is counted follows the number, the name before is a verb
            verb = "" if m.group("to") else verb  # 上升到50.5%: the level reached
            fig = _figure(m, verb, m.group("pre") or "", name, written, start, c0, text, *got) if got else None
            if fig is not None:
                figures.append(fig)
                previous, bound = (previous if written in GENERIC else written), True
        topic = "" if unbound or previous else clause
        if unbound and not bound or not unbound and re.search(r"\d", clause):
            previous = ""  # a number stated of something else (、开行班列2286列): 、增长5% is no longer ours
    for at, r, values in lists:
        head = re.split(r"[，,；;：:]", sentence[:at])[-1]
        earlier = [f for f in figures if f.start < s0 + at]
        written_names = names.list_names(head, len(values),
                                         [f.indicator_as_written for f in earlier], places)
        bridge, verb = r.group("bridge"), "" if r.group("to") else r.group("verb") or ""
        got = _kind_and_year(sentence, sentence[:at], fallback, year, bridge)
        if not written_names or not got or "年均" in bridge or SPAN_OF_YEARS.search(sentence[:at]):
            continue
        for written, v in zip(written_names, values):
            fig = _figure(v, verb, r.group("pre") or "", canonical_indicator(written), written,
                          s0 + v.start(), s0, text, *got)
            if fig is not None:
                figures.append(fig)
    figures.sort(key=lambda f: f.start)
    named = ""  # 增幅由上年的58.6%回落到27.8%: the rate of the last figure named before
    for i, f in enumerate(figures):
        if f.indicator_as_written not in BARE_RATES:
            named = f.indicator
        elif named:
            figures[i] = replace(f, indicator=named)
    return figures



def extract(text: str, year: int, para_kind: str | None = None, place: str = "",
            several: bool = False) -> list[Figure]:
    """The figures one paragraph states. `year` is its report's year; `para_kind` the kind its
    section gives ('actual' under a review heading, 'target' under a plan heading); `place`
    the report's, left out of indicator names (信阳地区生产总值 is 地区生产总值); `several`
    whether it stands in a stretch about several years (after 过去五年，…)."""
    return _extract(text, year, para_kind, place_names(place), several)[0]


def _extract(text: str, year: int, para_kind: str | None, places: tuple[str, ...], several: bool
             ) -> tuple[list[Figure], bool]:
    """extract's figures, and whether the paragraph turned to several years (五年来，…): then
    only sentences that write a year, or 从…到… moves with the years of one that did, are read."""
    figures: list[Figure] = []
    fallback = para_kind  # a cue of an earlier sentence (过去一年。…增长10.3%) before the section's
    state: dict = {}  # the years of the paragraph's last 从…到… move that wrote them
    for sm in SENTENCE.finditer(text):
        sentence = sm.group(0)
        opening = sentence.lstrip(" \u3000—-－")  # ——这五年…
        if SPAN_OF_YEARS.match(opening):
            several = True
        elif ONE_YEAR_AGAIN.match(opening):
            several = False  # 1979年国民收入比上年增长7％: back to one year
        if not several:
            figures.extend(_sentence(text, sm.start(), sentence, year, fallback, places, state))
        elif YEAR.search(sentence):  # of several years, but for the figures a written year comes before
            figures.extend(f for f in _sentence(text, sm.start(), sentence, year, fallback, places, state)
                           if YEAR.search(text, sm.start(), f.end))
        elif state.get("years"):  # 由2090元增加到2476元 after 从1997年的…到2002年的…
            figures.extend(_moves(text, sm.start(), sentence, year, fallback, places, state)[0])
        cue = _cue(sentence, year)
        if cue and not (para_kind == "actual" and cue == "target"):
            fallback = cue  # under a review heading, 确保…/主要目标… of one sentence makes no later one a target
    return figures, several


def document_figures(paragraphs: list[str], date: str, title: str, place: str = ""
                     ) -> list[tuple[int, Figure]]:
    """(paragraph index, figure) for every figure of a report, its headings followed through."""
    year = report_year(date, title)
    if year is None:
        return []
    out: list[tuple[int, Figure]] = []
    section: str | None = "actual"  # a work report opens with the review of the year past
    plan_year = year
    places = place_names(place)
    several = False  # in a stretch of paragraphs about several years (过去五年，…)
    for i, para in enumerate(paragraphs):
        heading = section_kind(para, year)
        if heading is not None:
            section, plan_year, several = heading, year, False
            written = [year_number(y) for y in re.findall(WRITTEN_YEAR, para)]
            if heading == "target" and written and written[0] > year:
                plan_year = written[0]  # 二、1981年国民经济计划: a 1980 report's plan for 1981
            continue
        if ONE_YEAR_AGAIN.match(para.lstrip()):
            several = False
        figures, several = _extract(para, plan_year, section, places, several)
        out.extend((i, f) for f in figures)
    return out


def is_report(title: str, paragraphs: list[str]) -> bool:
    """A government work report (or one like it): by its title, or by stating its year's
    main targets (主要预期目标) in its text."""
    if "决议" in title:
        return False
    if "政府工作报告" in title or "政府工作报告" in "".join(paragraphs[:3]):
        return True
    return any("主要预期目标" in p for p in paragraphs)
