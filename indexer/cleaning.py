"""Cleaning read documents: site chrome, trailing banners and paragraphs broken mid-sentence."""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Callable, Iterable
from urllib.parse import urlsplit

from .documents import Document
from .labels import drop_labels, join_lead_ins
from .listing import headline_key, kind_of


# A line seen in at least this share of a site's documents (and in 3 or more) is site chrome.
CHROME_MIN_DOCS = 3
CHROME_MIN_SHARE = 0.4
TITLE_MAX_CHARS = 40
MENU_ITEM_MAX_CHARS = 4
CRUMB_MAX_CHARS = 8
# A paragraph longer than this (a whole file without line breaks) is cut into pieces at sentence
# ends, so that a hit shows a readable paragraph; no paragraph of real reports comes near it
# (the longest of a 24,000-document archive has 2,000 characters).
MAX_PARAGRAPH_CHARS = 10_000

# A signature block: the signer on a line or two, then a date line ("2023年3月12日于北京").
SIGNATURE_MAX_LINES = 4
_DATE_LINE = re.compile(r"(?:19|20)\d\d\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?(?:于\S{1,6})?")
_LABEL = re.compile(r"[^：:，。\s]{2,6}[：:]")
_WORDY = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_OPENERS = frozenset("《“「『（(【‘〈")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_DATE_PREFIX = re.compile(r"^(?:19|20)\d\d(?:[-_.]?\d\d){0,2}[-_ ]+")
_WORDY_OR_DIGIT = re.compile(r"[\u4e00-\u9fffA-Za-z0-9\uff10-\uff19]")
_BREADCRUMB_SEP = re.compile(r"[>»›/|\\→＞]{1,2}")
_ENDS_WITH_DATE = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?$|\d{1,2}:\d\d$")
_LOST_SUBSCRIPT = re.compile(r"(?<![A-Za-z])[A-Z]{1,2}$")
_DATE_START = re.compile(r"\d{1,4}[年月日号时]")
# Zero-width and soft-hyphen characters inside words, and direction marks and overrides that
# would make displayed text read differently from what it holds.
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069]")
_CLOSERS = "”’」』）)》】〉\"'"
_SENTENCE_END = frozenset("。！？!?；;…")
# Clause-internal punctuation: a line ending with one of these stops mid-sentence.
_CLAUSE_END = frozenset("，,、")
# What a continuation line may start with after a line cut right after a number.
_AFTER_NUMBER = re.compile(
    r"[个件项家人户元万亿千百余多名次位座所条台辆套批场只头亩吨米倍年月日天小分秒周%％‰"
    r"，,。、；;：:）)\-～~至到]")
_STARTS_CONTINUED = re.compile(r"[，,。、；;：:）)”’」』》%％]")
_ENUMERATED = re.compile(
    r"(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)"
    r"|第[一二三四五六七八九十百\d]+[章节部分条篇]|[①-⑳]|[A-Za-z][.、])")
_CONTACT = re.compile(
    r"https?://|www\.|\.(?:com|cn|net|org)\b|@\w|(?<!\d)\d{7,}(?!\d)|\d{3,4}-\d{7,8}|QQ|微信号")


def _cut(text: str) -> list[str]:
    """Dictionary words of `text` (jieba's dictionary, no HMM guessing of new words)."""
    import rjieba  # imported on first use: most documents never need it

    return rjieba.cut(text, False)


def is_sentence(line: str) -> bool:
    """Whether a line ends as a sentence does (sentence-final punctuation, maybe quoted)."""
    core = line.rstrip(_CLOSERS + " ")
    return bool(core) and (core[-1] in _SENTENCE_END or core.endswith(".."))


def strip_lines(lines: list[str]) -> list[str]:
    """Lines without invisible characters and edge whitespace; empty lines dropped."""
    out = []
    for line in lines:
        line = _INVISIBLE.sub("", line).strip()
        if line:
            out.append(line)
    return out


def _chrome_candidate(line: str) -> bool:
    """Lines that may be chrome if they repeat: not sentences, not numbered headings."""
    return not is_sentence(line) and not _ENUMERATED.match(line)


def repeated_contact_lines(lines: list[str]) -> set[str]:
    """Lines that repeat within one document and carry a URL, e-mail or phone number."""
    counts = Counter(lines)
    return {line for line, n in counts.items()
            if n > 1 and _CONTACT.search(line) and _chrome_candidate(line)}


def _introduces_list(tail: list[str]) -> bool:
    """Whether a line ending with a colon is followed by a numbered item ("名单如下：" / "一、…")."""
    return any(line[-1] in "：:" and _ENUMERATED.match(nxt) for line, nxt in zip(tail, tail[1:]))


def drop_trailing_banner(lines: list[str]) -> list[str]:
    """Drop non-sentence lines after the last sentence (banners, link lists), keeping lists
    announced by a colon and signature blocks that end with a date."""
    end = len(lines)
    while end > 0 and not is_sentence(lines[end - 1]):
        end -= 1
    tail = lines[end:]
    if end == 0 or not tail or _introduces_list(tail):
        return lines
    if len(tail) <= SIGNATURE_MAX_LINES and _DATE_LINE.fullmatch(tail[-1]):
        return lines
    # A labelled line ("主办单位：…") whose label the body already used ends a repeated item.
    body_labels = {m.group(0) for m in map(_LABEL.match, lines[:end]) if m}
    for i in range(len(tail) - 1, -1, -1):
        label = _LABEL.match(tail[i])
        if label and label.group(0) in body_labels:
            return lines[:end + i + 1]
    return lines[:end]


def splits_word(prev: str, nxt: str) -> bool:
    """Whether the line break between `prev` and `nxt` falls inside a dictionary word."""
    left, right = prev[-8:], nxt[:8]
    at = len(left)
    pos = 0
    for token in _cut(left + right):
        end = pos + len(token)
        if pos < at < end:
            return _HAN_WORD.fullmatch(token) is not None
        if end >= at:
            return False
        pos = end
    return False


def _unit_follows(nxt: str) -> bool:
    """Whether `nxt` starts with what follows a number: a unit ("件", "万亿元") or punctuation."""
    if not _AFTER_NUMBER.match(nxt):
        return False
    first = _cut(nxt[:6])[0]  # "天津市" starts with 天 but is no unit; "多万公里" is one
    return len(first) == 1 or _AFTER_NUMBER.match(first[1]) is not None


def continues(prev: str, nxt: str) -> bool:
    """Whether `nxt` is the rest of a paragraph that was broken after `prev`."""
    if is_sentence(prev) or _ENUMERATED.match(nxt):
        return False
    last = prev[-1]
    if _STARTS_CONTINUED.match(nxt) or last in _CLAUSE_END or last in _OPENERS:
        return True
    if last.isdigit() and len(prev) > 10 and not _ENDS_WITH_DATE.search(prev):
        return _unit_follows(nxt)
    if _LOST_SUBSCRIPT.search(prev) and nxt[0].isdigit() and not _DATE_START.match(nxt):
        return True  # a subscript lost in scraping: "广义货币M" + "2", "PM" + "2.5"
    # A long line that stops without punctuation, in the middle of a word, was cut.
    return len(prev) > TITLE_MAX_CHARS and splits_word(prev, nxt)


def rejoin(lines: list[str]) -> list[str]:
    """Join lines broken mid-sentence back into one paragraph; headings stay on their own."""
    out: list[str] = []
    for line in lines:
        if out and continues(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
    return out


def drop_site_chrome(lines: list[str], chrome: frozenset[str] | set[str]) -> list[str]:
    """Drop the site's chrome lines where chrome lives: before the first or after the last sentence.

    A colon line that introduces text which is not chrome ("各位代表：") belongs to the text.
    """
    if not chrome:
        return lines
    marks = [i for i, line in enumerate(lines) if is_sentence(line)]
    first, last = (marks[0], marks[-1]) if marks else (len(lines), -1)
    out = []
    for i, line in enumerate(lines):
        if line in chrome and (i < first or i > last):
            if not (line[-1] in "：:" and i + 1 < len(lines) and lines[i + 1] not in chrome):
                continue
        out.append(line)
    return out


def _is_tiny(line: str) -> bool:
    """A line short enough to be a menu item ("首页", "打印", "【字体：")."""
    return len(line) <= MENU_ITEM_MAX_CHARS and not is_sentence(line)


def drop_head_menus(lines: list[str]) -> list[str]:
    """Drop web menus before the first sentence: breadcrumbs split over lines ("首页 / > / 要闻")
    and runs of tiny lines with a bare bracket or separator ("【字体： / 大 / 中 / 小 / 】")."""
    first = next((i for i, line in enumerate(lines) if is_sentence(line)), len(lines))
    head = lines[:first]
    menu = set()
    for i, line in enumerate(head):
        if _BREADCRUMB_SEP.fullmatch(line):
            menu.add(i)
            menu.update(j for j in (i - 1, i + 1)
                        if 0 <= j < first and len(head[j]) <= CRUMB_MAX_CHARS and not is_sentence(head[j]))
    start = 0
    for end in range(first + 1):
        if end < first and _is_tiny(head[end]):
            continue
        run = range(start, end)
        if len(run) >= 5 or (len(run) >= 3 and any(not _WORDY_OR_DIGIT.search(head[j]) for j in run)):
            menu.update(run)
        start = end + 1
    # The label of a menu ("当前位置：") goes with it.
    menu.update([i - 1 for i in menu
                 if i > 0 and head[i - 1][-1] in "：:" and len(head[i - 1]) <= CRUMB_MAX_CHARS])
    return [line for i, line in enumerate(head) if i not in menu] + lines[first:]


_PIECE_END = re.compile(r"[。！？!?；;…]+[”’」』）)》】〉\"']*")
_CLAUSE_BREAK = re.compile(r"[，,、：:\s]+")


def split_long(paragraph: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[str]:
    """`paragraph` cut into pieces of at most `limit` characters: after the last sentence end
    in the second half of each piece, else after a comma or space, else at the limit."""
    pieces = []
    start, n = 0, len(paragraph)
    while n - start > limit:
        end = start + limit
        cut = end
        for pattern in (_PIECE_END, _CLAUSE_BREAK):
            ends = [m.end() for m in pattern.finditer(paragraph, start + limit // 2, end)]
            if ends:
                cut = ends[-1]
                break
        pieces.append(paragraph[start:cut])
        start = cut
    pieces.append(paragraph[start:])
    return [p for p in (piece.strip() for piece in pieces) if p]


def clean_lines(lines: list[str],
                chrome: frozenset[str] | set[str] = frozenset()) -> tuple[list[str], dict[str, str]]:
    """One document's paragraphs cleaned, and the values of the label lines taken out of them."""
    lines = drop_head_menus(drop_site_chrome(strip_lines(lines), chrome))
    contact = repeated_contact_lines(lines)
    if contact:
        lines = [line for line in lines if line not in contact]
    lines, labels = drop_labels(lines)
    lines = join_lead_ins(rejoin(drop_trailing_banner(lines)))
    if any(len(line) > MAX_PARAGRAPH_CHARS for line in lines):
        lines = [piece for line in lines for piece in split_long(line)]
    return lines, labels


def clean_paragraphs(lines: list[str], chrome: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """One document's paragraphs cleaned, given the site chrome lines of its group."""
    return clean_lines(lines, chrome)[0]


_PLAIN_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?//([A-Za-z0-9.-]+)(?=[/?#]|$)")


def _host(url: str) -> str | None:
    """The URL's host name, lower case (a regular expression first: urlsplit is slow)."""
    m = _PLAIN_URL.match(url)
    if m:
        return m.group(1).lower()
    return urlsplit(url if "//" in url else "//" + url).hostname


def site_key(doc: Document) -> str:
    """Documents of one site: by URL host, else by the archive folder (and .jsonl file)."""
    if doc.url:
        host = _host(doc.url)
        if host:
            return "host:" + host
    return "dir:" + str(PurePosixPath(doc.path.split("#", 1)[0]).parent)


def site_chrome(docs: list[Document]) -> dict[str, frozenset[str]]:
    """For each site, the non-sentence lines present in many of its documents."""
    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        groups[site_key(doc)].append(doc)
    chrome = {}
    for key, members in groups.items():
        need = max(CHROME_MIN_DOCS, math.ceil(CHROME_MIN_SHARE * len(members)))
        if len(members) < need:
            continue
        counts: Counter[str] = Counter()
        for doc in members:
            counts.update(set(strip_lines(doc.paragraphs)))
        found = frozenset(line for line, n in counts.items()
                          if n >= need and _chrome_candidate(line))
        if found:
            chrome[key] = found
    return chrome


def looks_like_title(line: str) -> bool:
    """A short line with words, no sentence or clause ending, and not just a date."""
    return (len(line) <= TITLE_MAX_CHARS and not is_sentence(line) and line[-1] not in "：:，,、"
            and len(_WORDY.findall(line)) >= 2 and not _DATE_LINE.fullmatch(line))


def pick_title(paragraphs: list[str], path: str) -> str:
    """A title for a document without one: its first line if title-like, else its file name."""
    if paragraphs and looks_like_title(paragraphs[0]):
        return paragraphs[0]
    stem = PurePosixPath(path.split("#", 1)[0]).stem
    return _DATE_PREFIX.sub("", stem) or stem


def clean_documents(docs: list[Document], chrome: dict[str, frozenset[str]] | None = None,
                    progress: Callable[[int], object] | None = None,
                    titles: dict[str, int] | None = None) -> list[Document]:
    """Documents with cleaned paragraphs (and a title if they had none); empty ones are dropped.

    `chrome` is the site chrome learned from the whole archive (see site_chrome); by default
    it is learned from `docs` themselves. `progress(len(docs))` is called per document.
    `titles` counts the headline keys of the archive's titles (see archive_titles), by default
    those of `docs`: a document whose numbered items are mostly other documents' titles is a
    table of contents.
    """
    from .pagemap import carry_pages  # pagemap imports this module

    if chrome is None:
        chrome = site_chrome(docs)
    if titles is None:
        titles = archive_titles(docs)
    out = []
    for doc in docs:
        if progress:
            progress(len(docs))
        paragraphs, labels = clean_lines(doc.paragraphs, chrome.get(site_key(doc), frozenset()))
        paragraphs = drop_headline(paragraphs, doc)
        if not paragraphs:
            continue
        title = doc.title.strip() or pick_title(paragraphs, doc.path)
        kind = kind_of(paragraphs, doc.link_share, _OtherTitles(titles, headline_key(doc.title)))
        pages = carry_pages(doc.paragraphs, doc.pages, paragraphs) if doc.pages else []
        out.append(replace(doc, paragraphs=paragraphs, title=title, kind=kind, pages=pages,
                           **_label_metadata(doc, labels)))
    return out


_PAGE_SUFFIXES = (".html", ".htm", ".shtml")


def drop_headline(paragraphs: list[str], doc: Document) -> list[str]:
    """A web page's paragraphs without its leading headline (the <h1> that is its title): the
    title is searchable as it is, and a bare headline is no paragraph to show as a hit."""
    if (len(paragraphs) > 1 and doc.title and doc.path.lower().endswith(_PAGE_SUFFIXES)
            and _bare(paragraphs[0]) == _bare(doc.title)):
        return paragraphs[1:]
    return paragraphs


def _bare(text: str) -> str:
    return "".join(text.split())


def archive_titles(docs: list[Document]) -> dict[str, int]:
    """How many of `docs` carry each title (as a headline key), for telling tables of contents."""
    return title_counts(map(headline_key, (d.title for d in docs)))


def title_counts(keys: Iterable[str]) -> dict[str, int]:
    """archive_titles from the documents' titles' headline keys."""
    return Counter(key for key in keys if key)


class _OtherTitles:
    """The archive's titles but one document's own (seen once more than it gives itself)."""

    def __init__(self, counts: dict[str, int], own: str):
        self.counts, self.own = counts, own

    def __contains__(self, key: str) -> bool:
        return self.counts.get(key, 0) > (1 if key == self.own else 0)


def _label_metadata(doc: Document, labels: dict[str, str]) -> dict[str, str]:
    """The source and date that label lines give where the document has none (or a vaguer date)."""
    from .reading import normalize_date  # reading imports this module

    out = {}
    if labels.get("source") and not doc.source.strip():
        out["source"] = labels["source"]
    date = normalize_date(labels.get("date", ""))
    if date and len(date) > len(doc.date) and date.startswith(doc.date):
        out["date"] = date
    return out
