"""Telling listings from articles by their content: index pages, programme listings, tables of
contents are mostly links, time stamps and headline-like lines, with little sentence prose."""
from __future__ import annotations

import re

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
MIN_LINES = 4  # fewer lines say too little either way: an article


def is_prose(line: str) -> bool:
    """A paragraph of running text: it ends as a sentence does and is no short headline item,
    or it is long and carries clause punctuation."""
    core = line.rstrip("”’」』）)\"' ")
    if len(line) > HEADLINE_MAX_CHARS and (line.count("，") + line.count(",") >= 2 or core[-1:] in _PROSE_END):
        return not _ITEM.match(line) or line.count("。") >= 2
    return bool(core) and core[-1] in _PROSE_END and not _ITEM.match(line) and len(line) > 15


def features(paragraphs: list[str]) -> dict[str, float]:
    """The shares a decision is made on: prose characters, stamp lines, numbered headline items."""
    lines = [piece for p in paragraphs for piece in _INLINE_ITEM.split(p) if piece.strip()]
    chars = sum(len(p) for p in lines) or 1
    n = len(lines) or 1
    return {
        "lines": len(lines),
        "prose": sum(len(p) for p in lines if is_prose(p)) / chars,
        "stamps": sum(1 for p in lines if _STAMP.match(p.strip())) / n,
        "items": sum(1 for p in lines if _ITEM.match(p) and len(p) <= 2 * HEADLINE_MAX_CHARS) / n,
    }


def kind_of(paragraphs: list[str], link_share: float = 0.0) -> str:
    """"listing" for an index page, programme listing or table of contents, else "article"."""
    f = features(paragraphs)
    if f["lines"] < MIN_LINES or f["prose"] > MAX_PROSE_SHARE:
        return ARTICLE
    if link_share >= MIN_LINK_SHARE or f["stamps"] >= MIN_STAMP_SHARE or f["items"] >= MIN_ITEM_SHARE:
        return LISTING
    return ARTICLE
