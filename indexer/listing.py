"""Telling listings from articles by their content: index pages, programme listings, tables of
contents are mostly links, time stamps and headline-like lines, with little sentence prose.

A numbered list of headlines alone is not enough (a year's "ten top stories" is an article of
its own): a table of contents is one whose items are, for the most part, the titles of other
documents of the archive. That is also why listings are kept out of default results: their
lines repeat the headlines of the articles they list.
"""
from __future__ import annotations

import re
from typing import Container

LISTING = "listing"
ARTICLE = "article"

# A stamp line: a duration or clock time alone ("00:08:08", "19:00"), maybe with a date.
_STAMP = re.compile(r"^(?:(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*)?\d{1,2}:\d\d(?::\d\d)?$")
# An item of a numbered list of headlines: "1.…；", "（2）…；", "三、…".
_ITEM = re.compile(r"^(?:\d{1,3}[.、．]|[（(]\d{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
# A table of contents in one paragraph: "1.…； 2.…； 3.…；" is read as one item a line.
_INLINE_ITEM = re.compile(r"(?<=[；;])\s*(?=\d{1,3}[.、．]|[（(]\d{1,3}[)）])")
_PROSE_END = "。！？!?…"
HEADLINE_MAX_CHARS = 60
# Thresholds: a listing has at most this share of its characters in prose paragraphs ...
MAX_PROSE_SHARE = 0.25
# ... and one of: this share of link text, of stamp lines, or of numbered headline items.
MIN_LINK_SHARE = 0.6
MIN_STAMP_SHARE = 0.25
MIN_ITEM_SHARE = 0.6
MIN_TITLED_ITEMS = 0.5  # of the items of a table of contents, this share are other documents' titles
MIN_LINES = 4  # fewer lines say too little either way: an article
# What a listing puts around a headline: a number, "完整版", a "[视频]" tag, list punctuation.
_HEADLINE_DRESS = re.compile(r"^(?:\d{1,3}[.、．]|[（(]\d{1,3}[)）]|[一二三四五六七八九十]{1,3}、)?\s*"
                             r"(?:完整版)?\s*(?:\[[^\]]{1,4}\]\s*)?|[\s；;：:。，,]+$")
_BLANKS = re.compile(r"\s+")


def headline_key(line: str) -> str:
    """A headline as listings and titles both give it: without numbering, tags or blanks."""
    return _BLANKS.sub("", _HEADLINE_DRESS.sub("", line.strip()))


def is_prose(line: str) -> bool:
    """A paragraph of running text: it ends as a sentence does and is no short headline item,
    or it is long and carries clause punctuation."""
    core = line.rstrip("”’」』）)\"' ")
    if len(line) > HEADLINE_MAX_CHARS and (line.count("，") + line.count(",") >= 2 or core[-1:] in _PROSE_END):
        return not _ITEM.match(line) or line.count("。") >= 2
    return bool(core) and core[-1] in _PROSE_END and not _ITEM.match(line) and len(line) > 15


def _style(item: str) -> str:
    """How an item is numbered: digits, digits in brackets or Chinese numerals, and the mark."""
    m = _ITEM.match(item)
    return re.sub(r"\d+|[一二三四五六七八九十]+", "N", m.group(0)) if m else ""


def _lines(paragraphs: list[str]) -> list[str]:
    return [piece for p in paragraphs for piece in _INLINE_ITEM.split(p) if piece.strip()]


def features(paragraphs: list[str], titles: Container[str] = frozenset()) -> dict[str, float]:
    """The shares a decision is made on: prose characters, stamp lines, numbered headline items
    and, of those items, the ones that are titles of other documents (keys in `titles`)."""
    lines = _lines(paragraphs)
    chars = sum(len(p) for p in lines) or 1
    n = len(lines) or 1
    items = [p for p in lines if _ITEM.match(p) and len(p) <= 2 * HEADLINE_MAX_CHARS]
    # The top level of the list: items numbered as the first one is ("1." and not "（1）", the
    # parts of one roundup story).
    style = _style(items[0]) if items else ""
    top = [p for p in items if _style(p) == style]
    return {
        "lines": len(lines),
        "prose": sum(len(p) for p in lines if is_prose(p)) / chars,
        "stamps": sum(1 for p in lines if _STAMP.match(p.strip())) / n,
        "items": len(items) / n,
        "titled": sum(1 for p in top if headline_key(p) in titles) / (len(top) or 1),
    }


def kind_of(paragraphs: list[str], link_share: float = 0.0,
            titles: Container[str] = frozenset()) -> str:
    """"listing" for an index page, programme listing or table of contents, else "article".

    `titles` are the headline keys (see headline_key) of the archive's other documents.
    """
    f = features(paragraphs, titles)
    if f["lines"] < MIN_LINES or f["prose"] > MAX_PROSE_SHARE:
        return ARTICLE
    if link_share >= MIN_LINK_SHARE or f["stamps"] >= MIN_STAMP_SHARE:
        return LISTING
    if f["items"] >= MIN_ITEM_SHARE and f["titled"] >= MIN_TITLED_ITEMS:
        return LISTING
    return ARTICLE
