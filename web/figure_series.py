"""A place's indicator over the years: series by unit, an inline SVG chart's geometry, and each
year's target set against the result a later report gives for that year.

A series holds figures of one kind of value (a growth rate in %, an amount in 元 …), so that
its points share an axis. Its chart has one slot per year, results as dots and targets as
open squares (a range as a bar from lo to hi), each linked to its paragraph.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from indexer import permalink

WIDTH, HEIGHT, PAD_X, PAD_Y = 640, 220, 84, 18
AT_LEAST = ("以上", "不低于", "不少于", "超过", "突破", "力争")
AT_MOST = ("以内", "以下", "不超过", "不高于", "控制在")


@dataclass(frozen=True)
class Tolerance:
    """How near a result must be to a 左右 (or unmodified) target to count as close to it: app
    config FIGURES_TOLERANCE (percentage points) and FIGURES_TOLERANCE_SHARE (other units)."""

    points: float = 0.5
    share: float = 0.05


DEFAULT_TOLERANCE = Tolerance()


def rules(tol: Tolerance = DEFAULT_TOLERANCE) -> list[tuple[str, str]]:
    """The rules the page states, with the tolerance in force."""
    return [
        ("以上、不低于、不少于、力争", "结果不低于目标即为“达到或高于目标”"),
        ("以内、以下、不超过、控制在", "结果不高于目标即为“在目标以内”"),
        ("左右、约、无修饰", f"结果与目标相差不超过 {tol.points:g} 个百分点（百分比）"
                         f"或目标的 {tol.share:.0%}（其他单位）即为“与目标相当”"
                         f"（本站设置 FIGURES_TOLERANCE={tol.points:g}，FIGURES_TOLERANCE_SHARE={tol.share:g}）"),
        ("范围（如 4.5%-5%）", "结果在范围之内即为“在目标范围内”"),
    ]


# Measured by bench/figures_check.py on the hand-labelled reports (tests/fixtures/figures_labels.json).
MEASURED = ("在 31 份人工标注的报告（545 个数字）上测得：精确率 0.99，召回率 0.95；"
            "在 4 份标注后从未用来调整程序的报告上：精确率 1.00，召回率 0.90")


# Measured by bench/figures_sample.py on a random sample of the corpus's figures judged by hand.
SHOWN_MEASURED = ("在随机抽取的全部语料数字上人工判定：显示的一类精确率 0.90（30 个中 27 个），"
                  "不显示的一类 0.73（30 个中 22 个）")


def group_of(fig: dict) -> tuple[str, str]:
    """What kind of value a figure is: (change, unit without multiplier)."""
    return fig["change"], fig["base_unit"]


def group_label(group: tuple[str, str]) -> str:
    change, unit = group
    names = {"rate": "增长率", "points": "变化（百分点）", "level": "水平", "increase": "增加量",
             "decrease": "减少量"}
    return f"{names.get(change, change)}（{unit}）"


def _value(fig: dict) -> float:
    return fig["normalised"]


@dataclass
class Point:
    year: int
    kind: str
    y: float
    x: float
    y_lo: float | None
    y_hi: float | None
    label: str
    href: str


@dataclass
class SeriesChart:
    group: tuple[str, str]
    label: str
    points: list[Point]
    first_year: int
    last_year: int
    ticks: list[tuple[float, str]] = field(default_factory=list)  # x, year
    levels: list[tuple[float, str]] = field(default_factory=list)  # y, value
    width: int = WIDTH
    height: int = HEIGHT
    pad_x: int = PAD_X


def preferred(figs: list[dict]) -> dict[tuple[str, int], dict]:
    """One figure per (kind, year): a target from that year's report, a result from the next
    year's, else the earliest report's; within a report its first mention."""
    best: dict[tuple[str, int], dict] = {}

    def rank(f: dict) -> tuple:
        own = f["report_year"] == f["ref_year"] + (1 if f["kind"] == "actual" else 0)
        return (not own, f["report_year"], f["paragraph"], f["start"])

    for f in sorted(figs, key=rank):
        best.setdefault((f["kind"], f["ref_year"]), f)
    return best


def _fmt(fig: dict) -> str:
    value = f"{fig['lo']:g}–{fig['hi']:g}" if fig["hi"] is not None else f"{fig['value']:g}"
    return f"{value}{fig['unit']}{fig['modifier'] if fig['modifier'] in ('左右', '以上', '以内', '以下') else ''}"


def series_charts(figs: list[dict], limit: int = 3) -> list[SeriesChart]:
    """Charts of the commonest kinds of value among `figs`, each with at least two years."""
    counts = Counter(group_of(f) for f in figs)
    charts = []
    for group, _ in counts.most_common():
        chart = _chart(group, [f for f in figs if group_of(f) == group])
        if chart:
            charts.append(chart)
        if len(charts) == limit:
            break
    return charts


def _chart(group: tuple[str, str], figs: list[dict]) -> SeriesChart | None:
    best = preferred(figs)
    years = sorted({y for _, y in best})
    if len(years) < 2:
        return None
    first, last = years[0], years[-1]
    values = [v for f in best.values() for v in (_value(f), _hi(f)) if v is not None]
    lo, hi = min(0.0, min(values)), max(values)
    span = (hi - lo) or 1.0
    scale = 1.0
    if group[1] != "%" and group[0] != "points":
        scale = next((m for m in (1e12, 1e8, 1e4) if abs(hi) >= m), 1.0)

    def x(year: int) -> float:
        return round(PAD_X + (WIDTH - 2 * PAD_X) * (year - first) / max(1, last - first), 1)

    def y(value: float) -> float:
        return round(HEIGHT - PAD_Y - (HEIGHT - 2 * PAD_Y) * (value - lo) / span, 1)

    points = []
    for (kind, year), f in sorted(best.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        is_range = f["hi"] is not None
        points.append(Point(
            year=year, kind=kind, x=x(year), y=y(_value(f)),
            y_lo=y(f["normalised"]) if is_range else None, y_hi=y(_hi(f)) if is_range else None,
            label=f"{year} 年{'目标' if kind == 'target' else '结果'}：{_fmt(f)}（{f['report_year']} 年报告）",
            href=permalink(f["doc_id"], f["paragraph"])))
    step = next(s for s in (1, 2, 5, 10, 20) if (last - first) / s <= 10)
    ticks = [(x(yr), str(yr)) for yr in range(first, last + 1) if (yr - first) % step == 0]
    unit_name = {1e12: "万亿", 1e8: "亿", 1e4: "万"}.get(scale, "") + group[1]
    levels = [(y(v), f"{v / scale:.3g}{unit_name}") for v in (lo, (lo + hi) / 2, hi)]
    return SeriesChart(group=group, label=group_label(group), points=points, first_year=first,
                       last_year=last, ticks=ticks, levels=levels)


def _hi(fig: dict) -> float | None:
    if fig["hi"] is None:
        return None
    return fig["normalised"] * fig["hi"] / fig["lo"] if fig["lo"] else fig["hi"]


@dataclass
class Comparison:
    year: int
    group: tuple[str, str]
    target: dict
    result: dict | None
    status: str  # a key of WORDING
    wording: str


WORDING = {
    "met": "达到或高于目标", "below": "报告的结果低于目标", "within": "在目标以内",
    "above": "报告的结果高于目标上限", "close": "与目标相当", "higher": "报告的结果高于目标",
    "in_range": "在目标范围内", "not_reported": "后来的报告没有提到这一年的结果",
}


def status(target: dict, result: dict, tol: Tolerance = DEFAULT_TOLERANCE) -> str:
    """The neutral status of a result against its target under the rules shown on the page."""
    t, r = target["normalised"], result["normalised"]
    if target["hi"] is not None:
        hi = _hi(target)
        return "in_range" if t <= r <= hi else ("below" if r < t else "above")
    mod = target["modifier"]
    if mod in AT_LEAST:
        return "met" if r >= t else "below"
    if mod in AT_MOST:
        return "within" if r <= t else "above"
    tolerance = tol.points if target["base_unit"] == "%" else abs(t) * tol.share
    if abs(r - t) <= tolerance + 1e-9:
        return "close"
    return "below" if r < t else "higher"


def compare(figs: list[dict], tol: Tolerance = DEFAULT_TOLERANCE) -> list[Comparison]:
    """Each year's target against the result reported for that year, of the same kind of value."""
    rows = []
    by_group: dict[tuple[str, str], list[dict]] = {}
    for f in figs:
        by_group.setdefault(group_of(f), []).append(f)
    for group, members in by_group.items():
        best = preferred(members)
        for (kind, year), target in sorted(best.items(), key=lambda kv: kv[0][1]):
            if kind != "target":
                continue
            result = best.get(("actual", year))
            code = status(target, result, tol) if result else "not_reported"
            rows.append(Comparison(year=year, group=group, target=target, result=result, status=code,
                                   wording=WORDING[code]))
    rows.sort(key=lambda r: (r.group != ("rate", "%"), r.group, r.year))
    return rows
