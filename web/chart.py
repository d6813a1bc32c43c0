"""A term over time as a bar chart drawn on the server: geometry for an inline SVG.

Every year between the first and the last match gets a slot, so gaps show as gaps. The SVG
is stretched to the width of the page (preserveAspectRatio="none"), so the geometry is in
abstract units: slot i spans [i, i + 1) horizontally, heights are fractions of HEIGHT.
Labels are HTML beside the SVG, so they never stretch.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from indexer import Timeline

HEIGHT = 100
GAP = 0.18  # fraction of a slot left empty between bars
MIN_BAR = 1.5  # a year with any match shows at least this high
MAX_TICKS = 8  # year labels under the chart


@dataclass
class Bar:
    year: int
    paragraphs: int
    documents: int
    per_100k: float
    x: float
    width: float
    abs_height: float
    rel_height: float
    href: str
    selected: bool

    @property
    def slot_x(self) -> float:
        return round(self.x - GAP / 2, 3)

    @property
    def abs_y(self) -> float:
        return round(HEIGHT - self.abs_height, 2)

    @property
    def rel_y(self) -> float:
        return round(HEIGHT - self.rel_height, 2)


@dataclass
class Chart:
    bars: list[Bar]
    slots: int  # years from the first to the last, inclusive
    first_year: int
    last_year: int
    max_paragraphs: int
    max_per_100k: float

    @property
    def height(self) -> float:
        return HEIGHT

    @property
    def ticks(self) -> list[str]:
        """A label for every slot, most of them empty: every year when there are few, else
        round years (every 2, 5, 10, … years), so that at most about MAX_TICKS are shown."""
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if self.slots <= s * MAX_TICKS)
        return [str(y) if step == 1 or y % step == 0 else ""
                for y in range(self.first_year, self.last_year + 1)]


def _height(value: float, top: float) -> float:
    if value <= 0 or top <= 0:
        return 0.0
    return round(max(MIN_BAR, HEIGHT * value / top), 2)


def year_chart(timeline: Timeline, href: Callable[[int], str], selected: str = "") -> Chart | None:
    """The chart of `timeline`, each bar linking to href(year); None if no match is dated."""
    years = [y for y in timeline.years if y.paragraphs]
    if not years:
        return None
    first, last = years[0].year, years[-1].year
    top_abs = max(y.paragraphs for y in years)
    top_rel = max(y.per_100k for y in years)
    bars = [Bar(year=y.year, paragraphs=y.paragraphs, documents=y.documents, per_100k=y.per_100k,
                x=round(y.year - first + GAP / 2, 3), width=round(1 - GAP, 3),
                abs_height=_height(y.paragraphs, top_abs), rel_height=_height(y.per_100k, top_rel),
                href=href(y.year), selected=str(y.year) == selected)
            for y in years]
    return Chart(bars=bars, slots=last - first + 1, first_year=first, last_year=last,
                 max_paragraphs=top_abs, max_per_100k=top_rel)
