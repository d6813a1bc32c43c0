"""Figures stated as a move from one level to another (从1997年的7.4万亿元增加到2002年的10.2万亿元,
由上年的58.6%回落到27.8%, 由2090元增加到2476元): the two levels and the years written with them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .figure_patterns import DOWN, FIGURE_RE, PREFIX_MODS, UP, unit_of
from .figure_patterns import YEAR4 as _YEAR
_AT = r"年(?:底|末|初)?的?"
FROM = re.compile(r"(?:从|由)(?:(?P<year>" + _YEAR + ")" + _AT + r"|(?P<last>上年|去年|上一年)(?:底|末)?的?)?\s*$")
TO = re.compile(r"[，,]?\s*(?:(?:" + "|".join(UP + DOWN) + r"|提|增|降|升)了?(?:到|至|为)|到|至)"
                r"(?:(?P<year>" + _YEAR + ")" + _AT + r")?\s*(?P<pre>" + "|".join(PREFIX_MODS) + r")?\s*")


@dataclass(frozen=True)
class Move:
    """从 a 到 b in a sentence: where 从 stands, the two numbers, and the years written with them."""

    start: int  # of 从/由
    a: re.Match
    b: re.Match
    from_year: str | None
    from_last: bool  # 由上年的…: a is of the year before b's
    to_year: str | None
    pre: str  # a modifier before b (增加到近22平方米)


def moves(sentence: str) -> list[Move]:
    """The 从…到… moves of a sentence whose two numbers have the same unit."""
    out: list[Move] = []
    found = list(FIGURE_RE.finditer(sentence))
    for a, b in zip(found, found[1:]):
        f = FROM.search(sentence, max(0, a.start() - 12), a.start())
        t = TO.fullmatch(sentence, a.end(), b.start())
        if f is None or t is None or unit_of(a) != unit_of(b):
            continue
        out.append(Move(f.start(), a, b, f.group("year"), bool(f.group("last")), t.group("year"),
                        t.group("pre") or ""))
    return out
