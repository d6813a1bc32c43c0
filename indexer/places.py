"""China's administrative places named in a text, with their hierarchy (jionlp's gazetteer)."""
from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NATIONAL = "全国"
LEVELS = ("province", "city", "county", "town")
# Town-level entries of the gazetteer that are places people name (not farms, prisons, parks).
_TOWN_ENDINGS = ("镇", "乡", "街道", "苏木")
# Two-character county and town names (和县, 东区, 城区) are ordinary words far more often.
MIN_FULL_NAME = 3
# A child level is chosen only if it has at least this share of its siblings' best rival.
DOMINANCE = 2.0
# Body text: only the start is read, and a place needs this much support to be chosen at all.
BODY_CHARS = 20_000
BODY_MIN_SUPPORT = 2.0
# A level of a stored place string ends after one of these (江苏省|扬州市|高邮市|送桥镇).
_LEVEL_END = "省市区县州盟旗镇乡道/ ·、（(）)"
# Levels the gazetteer keeps for its tree that nobody writes (东莞市's towns hang under
# 市直辖行政区划, 济源市 under 省直辖行政区划): left out of names, never matched.
_FILLER = re.compile(r"^[省市]直辖")


class GazetteerMissing(RuntimeError):
    """The gazetteer package (jionlp) is not installed."""


@dataclass(frozen=True, eq=False)
class Place:
    """One administrative division and the one above it."""

    name: str
    level: int  # index into LEVELS
    parent: "Place | None" = None

    def chain(self) -> list["Place"]:
        out, node = [], self
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]

    def full_name(self) -> str:
        """The names from province down, a level repeating its parent's name left out
        (北京市 the province and 北京市 the city are one, 香港 in 香港特别行政区 too)."""
        names: list[str] = []
        for node in self.chain():
            if _FILLER.match(node.name):
                continue
            if not names or not names[-1].startswith(node.name):
                names.append(node.name)
        return "".join(names)

    def within(self, other: "Place") -> bool:
        node = self
        while node is not None:
            if node is other:
                return True
            node = node.parent
        return False


def place_matches(place: str, value: str) -> bool:
    """Whether a filter value names one level of a stored place (or starts it): 送桥镇, 高邮市
    and 江苏 all match 江苏省扬州市高邮市送桥镇; 州 does not."""
    if not value:
        return True
    if place.startswith(value):
        return True
    start = place.find(value, 1)
    while start > 0:
        if place[start - 1] in _LEVEL_END:
            return True
        start = place.find(value, start + 1)
    return False


def _data_file() -> bytes:
    """jionlp's china_location.txt, read from its package folder without importing jionlp
    (importing it loads its segmentation models: half a second and 100 MB for nothing)."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerMissing("需要 jionlp 包的行政区划词典 (places need the jionlp package: "
                               "pip install jionlp)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "dictionary"
    text_file = folder / "china_location.txt"
    if text_file.is_file():
        return text_file.read_bytes()
    with zipfile.ZipFile(folder / "china_location.zip") as z:
        return z.read("china_location.txt")


class Gazetteer:
    """Names to places: full names of every level, and the short names of provinces and cities."""

    def __init__(self, lines: io.TextIOBase | list[str]):
        self.full: dict[str, list[Place]] = {}
        self.alias: dict[str, list[Place]] = {}  # 江苏, 扬州, 宁夏
        current: list[Place | None] = [None] * len(LEVELS)
        for line in lines:
            depth = len(line) - len(line.lstrip("\t"))
            if depth >= len(LEVELS) or not line.strip():
                continue  # villages and communities: too many, too ambiguous
            fields = line.strip().split("\t")
            name = fields[0]
            parent = current[depth - 1] if depth else None
            if depth and parent is None:
                continue  # a level without the one above it: not in jionlp's format
            place = Place(name, depth, parent)
            current[depth:] = [place] + [None] * (len(LEVELS) - depth - 1)
            if (depth == 3 and not name.endswith(_TOWN_ENDINGS)) or _FILLER.match(name):
                continue
            if depth >= 2 and len(name) < MIN_FULL_NAME:
                continue
            self.full.setdefault(name, []).append(place)
            if depth <= 1 and len(fields) >= 3:
                for short in fields[2].split("/"):
                    if len(short) >= 2 and short != name:
                        self.alias.setdefault(short, []).append(place)
        self.longest = max(map(len, self.full))
        self.endings = frozenset(name[-1] for name in self.full)
        self.province_alias = {k: v for k, v in self.alias.items() if all(p.level == 0 for p in v)}
        self._alias_pattern = _alternation(self.alias)
        self._province_pattern = _alternation(self.province_alias)

    def mentions(self, text: str, aliases: bool) -> list[list[Place]]:
        """The places each name in `text` may be, longest names first, left to right.

        With `aliases`, the short names of provinces and cities count too (for titles and
        headers); without, only full names and provinces' short names (for body text, where
        a city's short name is often an ordinary word: 安康, 大同, 长治).
        """
        found: list[tuple[int, int, list[Place]]] = []
        full, longest = self.full, self.longest
        for end, char in enumerate(text, 1):
            if char in self.endings:
                for size in range(min(longest, end), 1, -1):
                    places = full.get(text[end - size:end])
                    if places:
                        found.append((end - size, size, places))
                        break
        table, pattern = ((self.alias, self._alias_pattern) if aliases
                          else (self.province_alias, self._province_pattern))
        short = list(pattern.finditer(text))
        if short:
            words = _word_spans(text)  # a short name counts only as a whole word: 中山 in 孙中山,
            found.extend((m.start(), len(m.group()), table[m.group()])  # 大同 in 最大同心圆 do not
                         for m in short if m.span() in words)
        found.sort(key=lambda f: (f[0], -f[1]))
        out, reached = [], 0
        for start, size, places in found:  # the longest name where names overlap
            if start >= reached:
                out.append(places)
                reached = start + size
        return out


def _word_spans(text: str) -> set[tuple[int, int]]:
    """(start, end) of each word of `text` as jieba's dictionary cuts it."""
    import rjieba  # imported on first use, as cleaning does

    return {(start, end) for _, start, end in rjieba.tokenize(text, hmm=False)}


def _alternation(names) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process (~0.3 s)."""
    return Gazetteer(_data_file().decode("utf-8").split("\n"))


def _support(mentions: list[tuple[list[Place], float]], node: Place) -> float:
    """How much the mentions point into `node`'s part of the country (ambiguous names split)."""
    total = 0.0
    for places, weight in mentions:
        inside = sum(1 for p in places if p.within(node))
        total += weight * inside / len(places)
    return total


def choose(mentions: list[tuple[list[Place], float]], min_support: float = 0.0) -> Place | None:
    """The most specific place the mentions agree on: level by level, the division that has
    clearly more support than any other (DOMINANCE times), or none."""
    if not mentions:
        return None
    chosen: Place | None = None
    for level in range(len(LEVELS)):
        candidates = {id(n): n for places, _ in mentions for p in places for n in p.chain()
                      if n.level == level and (chosen is None or n.parent is chosen)}
        if not candidates:
            break
        scored = sorted(((_support(mentions, n), n) for n in candidates.values()),
                        key=lambda sn: -sn[0])
        best, node = scored[0]
        rival = scored[1][0] if len(scored) > 1 else 0.0
        if best <= 0 or best < DOMINANCE * rival or (chosen is None and best < min_support):
            break
        chosen = node
    return chosen


def _anchored(mentions: list[tuple[list[Place], float]]) -> list[tuple[list[Place], float]]:
    """The mentions without towns whose county or city is not named too: town names repeat
    across the country and in made-up examples (柳湾乡), a county or city beside them does not."""
    named = {id(p) for places, _ in mentions for p in places if p.level in (1, 2)}
    out = []
    for places, weight in mentions:
        kept = [p for p in places
                if p.level < 3 or any(id(a) in named for a in p.chain()[1:3])]
        if kept:
            out.append((kept, weight))
    return out


def find_place(heads: list[tuple[str, float]], body: str = "", national: bool = False) -> str:
    """The place a document is about, as its full name (江苏省扬州市高邮市送桥镇), 全国, or "".

    `heads` are the title, file name and header lines with their weights: a place they name
    wins. Otherwise a national document is 全国, and any other is placed by its body text if
    the body clearly points to one place.
    """
    g = gazetteer()
    heads_named = [(places, weight) for text, weight in heads for places in g.mentions(text, True)]
    place = choose(_anchored(heads_named))
    if place is not None:
        return place.full_name()
    if national:
        return NATIONAL
    body_named = [(places, 1.0) for places in g.mentions(body[:BODY_CHARS], False)]
    place = choose(_anchored(body_named), BODY_MIN_SUPPORT)
    return place.full_name() if place is not None else ""
