"""What to try when a search finds nothing: without its filters, one string alone, without the
word that empties it, or the longest part of a long string that does occur."""
from __future__ import annotations

from dataclasses import replace

from . import store
from .matching import Matcher, filtered, matching
from .query import MAX_QUERY_LENGTH, ParsedQuery, quote
from .results import Suggestion

MIN_PART = 2  # the shortest part of a long string worth suggesting


def suggestions(snap: store.Snapshot, parsed: ParsedQuery, form_filters: dict) -> list[Suggestion]:
    """What to try when nothing matched: without filters, one string alone, a shorter part."""
    m = Matcher(snap)
    out: list[Suggestion] = []
    unfiltered = replace(parsed, filters={}, year_range=None, date_range=None)
    bare = render(parsed.must, parsed.any_of, parsed.exclude, parsed.quoted)
    if parsed.filters:
        n = len(matching(snap, unfiltered))
        if n:
            out.append(Suggestion(bare, {}, f"去掉筛选条件（{_describe(parsed.filters)}）后有 {n} 个段落", n))
    out += _without_a_word(snap, parsed, form_filters)
    if len(parsed.positive) > 1:
        for s in parsed.positive:
            n = len(matching(snap, ParsedQuery(must=[s], quoted=parsed.quoted, splits=parsed.splits,
                                                filters=parsed.filters, year_range=parsed.year_range,
                                                date_range=parsed.date_range)))
            if n:
                alone = render([s], [], [], parsed.quoted)
                out.append(Suggestion(alone, form_filters, f"只查“{s}”有 {n} 个段落", n))
    for s in parsed.positive:
        if len(s) > MIN_PART and s not in parsed.splits and not filtered(snap, parsed, m.containing(s)):
            part = _longest_part(snap, parsed, m, s)
            if part:
                n = len(filtered(snap, parsed, m.containing(part)))
                must = [part if x == s else x for x in parsed.must]
                any_of = [[part if x == s else x for x in g] for g in parsed.any_of]
                out.append(Suggestion(render(must, any_of, parsed.exclude, parsed.quoted | {part}),
                                      form_filters, f"“{s}”没有出现；其中的“{part}”出现在 {n} 个段落", n))
    # a suggestion is a link to a new search: it must itself be a query the parser accepts
    return [x for x in out if len(x.query) <= MAX_QUERY_LENGTH][:5]


def _longest_part(snap, parsed, m: Matcher, s: str) -> str:
    """The longest prefix or suffix of `s` that occurs (under the query's filters), or ''."""
    best = ""
    for cut in (lambda k: s[:k], lambda k: s[-k:]):
        lo, hi = MIN_PART, len(s) - 1  # find the longest k with cut(k) occurring
        if not filtered(snap, parsed, m.containing(cut(lo))):
            continue
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if filtered(snap, parsed, m.containing(cut(mid))):
                lo = mid
            else:
                hi = mid - 1
        if lo > len(best):
            best = cut(lo)
    return best


def _without_a_word(snap: store.Snapshot, parsed: ParsedQuery, form_filters: dict) -> list[Suggestion]:
    """For strings read as words that never meet: the search without each word, with its count."""
    out: list[Suggestion] = []
    for s, split in parsed.splits.items():
        if s not in parsed.must:
            continue
        for w in split.words:
            rest = [x for x in split.words if x != w]
            must = [x for t in parsed.must for x in (rest if t == s else [t])]
            trial = replace(parsed, must=list(dict.fromkeys(must)), splits={})
            n = len(matching(snap, trial))
            if n:
                query = render(trial.must, parsed.any_of, parsed.exclude, parsed.quoted)
                out.append(Suggestion(query, form_filters, f"不含“{w}”：{n} 个段落", n))
    return sorted(out, key=lambda x: -x.total)


def render(must: list[str], any_of: list[list[str]], exclude: list[str],
            quoted: set[str] = frozenset()) -> str:
    """Query text for these strings; those that were exact are quoted so that they stay exact."""
    def q(s: str) -> str:
        return quote(s, force=s in quoted)

    parts = [q(s) for s in must]
    parts += [" OR ".join(q(s) for s in group) for group in any_of]
    parts += ["-" + q(s) for s in exclude]
    return " ".join(parts)


def _describe(filters: dict[str, str]) -> str:
    names = {"year": "年份", "date": "日期", "place": "地点", "source": "来源"}
    return "、".join(f"{names.get(k, k)} {v}" for k, v in filters.items())


def never_meet(parsed: ParsedQuery) -> str:
    """Says which words no paragraph holds together, when strings were read as words."""
    if not parsed.splits:
        return ""
    words = parsed.words_read
    listed = "、".join(f"“{w}”" for w in words[:-1]) + f"和“{words[-1]}”"
    return f"没有一个段落同时包含{listed}。"
