"""Metadata a document gives about itself where front matter does not: title, date, source,
url and place, each with where it came from (front matter, the page, or inferred)."""
from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath
from typing import Callable, Iterable
from urllib.parse import urlsplit

from .documents import Document

FRONT_MATTER, PAGE, INFERRED = "front matter", "page", "inferred"
FIELDS = ("title", "date", "place", "source", "url")
HEAD_LINES = 12  # the lines where a document states its title, date, source and speaker
HEADER_MAX_CHARS = 120
TITLE_CLIP = 30
LINE_CHARS = 500  # what of a head line is read: a label line is short, a 16 MB line is no header

_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2}|[A-Za-z]{3}")
_URL = re.compile(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:/[^\s\"'<>()\\]*)?")
_FULL_DATE = r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
# "发布时间：2024-03-01", "日期: 2023年5月11日", "更新时间：2022年01月01日 19:32"
_DATE_LINE = re.compile(r"(?:^|\s)(?:(?:发布|发稿|更新|成文|发文|印发)(?:时间|日期)|日期)\s*[:：]\s*"
                        + _FULL_DATE)
# A speech's header line: "——2025年1月13日在…", "2025年1月14日省长…在…"; not a sentence that
# starts with a date ("2020年1月3日，…").
_HEADER_DATE = re.compile(r"^[-—－─\s]*" + _FULL_DATE + r"(?=[^\s\d，,、])[^，,]*$")
_SOURCE_LINE = re.compile(r"(?:^|\s)(?:来源|来自|出处|稿源|信息来源)\s*[:：]\s*"
                          r"(.+?)(?=\s|(?:19|20)\d\d[-/.年]|(?:更新|发布)?(?:时间|日期)[:：]|"
                          r"(?:作者|编辑|责任编辑|记者)[:：]|$)")
_ADDRESS_LINE = re.compile(r"(?:本文|原文|文章|本页|页面)?(?:链接|地址|网址)\s*[:：]\s*(https?://\S+)")
_CONTACT = re.compile(r"https?://|www\.|@|\d{3,4}-\d{7,8}|(?<!\d)\d{7,}(?!\d)|QQ|微信")
_LABEL = re.compile(r"^[^：:，。\s]{2,6}\s*[：:]")
_SENTENCE_END = re.compile(r"[。！？!?；;]")
_CLAUSE_END = re.compile(r"[，,、：:]")
_DATE_ONLY = re.compile(r"[\d\s年月日号:：._/\-]+")
_FILE_DATE_PREFIX = re.compile(r"^(?:19|20)\d\d(?:[-_.年]?\d\d?(?:[-_.月]?\d\d?日?)?)?[-_ ]*")
_SITE_SEP = re.compile(r"\s*(?:_|\||｜|\s-\s|\s—\s|－|——)\s*")
_SITE_WORDS = re.compile(r"网|站|官网|频道|客户端|cctv|\.com|\.cn|政府|日报|新闻|xinhua|people", re.I)
_TAG_PREFIX = re.compile(r"^\[[^\]]{1,4}\]\s*")  # "[视频]", "[图文]"
_BANNER_NAME = re.compile(r"[“\"「]([^”\"」]{2,12})[”\"」]\s*(?:网站|网|官网)?\s*<?https?://[^/\s>]+/?>?")
_BRACKETED_DOMAIN = re.compile(r"\s*[（(][^（）()]*\.(?:com|cn|net|org)[^（）()]*[）)]\s*$")

# One publisher, one spelling: other names and the hosts of a few national publishers.
PUBLISHERS = {
    "央视网": ("央视", "央视新闻", "央视新闻客户端", "中央电视台", "CCTV", "cctv.com", "cctv.cn",
            "CCTV节目官网", "央视网新闻"),
    "新华社": ("新华通讯社", "新华社客户端"),
    "新华网": ("news.cn", "xinhuanet.com"),
    "人民日报": ("人民日报社", "人民日报客户端"),
    "人民网": ("people.com.cn",),
    "中国政府网": ("www.gov.cn", "中华人民共和国中央人民政府"),
}
_ALIASES = {unicodedata.normalize("NFKC", alias).lower(): name
            for name, aliases in PUBLISHERS.items() for alias in aliases + (name,)}
# Their documents are about the whole country unless the title names a place.
NATIONAL_PUBLISHERS = frozenset(PUBLISHERS)
# Who speaks for the whole country: a report of the State Council or to the National People's Congress.
_NATIONAL_MARKS = re.compile(r"国务院|全国人民代表大会|全国人大|中共中央|中国共产党第.{1,4}次全国代表大会")


def normalize_source(name: str) -> str:
    """A publisher's name spelled one way: NFKC, no bracketed domain, known aliases merged."""
    text = unicodedata.normalize("NFKC", name).strip().strip("【】[]「」“”\"'")
    text = _BRACKETED_DOMAIN.sub("", text).strip()
    key = text.lower()
    if key in _ALIASES:
        return _ALIASES[key]
    host = _host(text) if "." in text and not _HAN.search(text) else ""
    return _host_name(host) if host else text


def _host(url: str) -> str:
    try:
        return (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    except ValueError:
        return ""


def _host_name(host: str) -> str:
    """A site's name from its host: a known publisher's, else the host without `www.`."""
    for alias, name in _ALIASES.items():
        if "." in alias and (host == alias or host.endswith("." + alias.removeprefix("www."))):
            if alias.startswith("www.") and host != alias:
                continue
            return name
    return host.removeprefix("www.")


def head_lines(lines: Iterable[str], limit: int = HEAD_LINES) -> list[str]:
    """The first `limit` non-empty lines (a paragraph holding line breaks counts as its lines),
    each cut at LINE_CHARS."""
    out: list[str] = []
    for paragraph in lines:
        for line in paragraph[:limit * LINE_CHARS].splitlines():
            line = line[:LINE_CHARS].strip()
            if line:
                out.append(line)
                if len(out) >= limit:
                    return out
    return out


def _full_date(year: str, month: str, day: str) -> str:
    m, d = int(month), int(day)
    return f"{year}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else ""


def stated_date(lines: Iterable[str]) -> str:
    """The full date a document's head states: a 发布时间/日期 line, or a header line that
    starts with the date ("——2025年1月13日在…"); "" if none."""
    lines = list(lines)
    header = [line for line in lines[:HEAD_LINES] if len(line) <= HEADER_MAX_CHARS]
    for match in [*map(_DATE_LINE.search, lines), *map(_HEADER_DATE.match, header)]:
        date = _full_date(*match.groups()) if match else ""
        if date:
            return date
    return ""


def stated_source(lines: Iterable[str]) -> str:
    """The publisher a `来源：` line names, spelled one way; "" if none."""
    for line in lines:
        match = _SOURCE_LINE.search(line)
        if match:
            value = match.group(1).strip(" ：:|")
            if len(value) >= 2:
                return normalize_source(value)
    return ""


def banner_source(lines: Iterable[str]) -> str:
    """The site a scraped text's banner names beside its home page ("“今日高邮”网站 http://…")."""
    for line in lines:
        match = _BANNER_NAME.search(line)
        if match:
            return normalize_source(match.group(1))
    return ""


def is_bare_name(title: str, stem: str) -> bool:
    """Whether a title is only the file's id or a date (000_a5f1e69a12689157, 20240310)."""
    core = title.strip()
    return (not core or core == stem or _DATE_ONLY.fullmatch(core) is not None
            or not _HAN_RUN.search(core))


def strip_site_suffix(title: str, site: str = "") -> str:
    """A page title without the site's name after it ("标题_CCTV节目官网_央视网" -> "标题")."""
    end = len(title)
    for sep in reversed(list(_SITE_SEP.finditer(title))):
        tail = title[sep.end():end]
        if not (_SITE_WORDS.search(tail) or (site and site in tail)):
            break
        end = sep.start()
    return _TAG_PREFIX.sub("", title[:end]).strip()


def _title_like(line: str) -> bool:
    return (len(line) <= 40 and not _SENTENCE_END.search(line[-1:]) and line[-1] not in "：:，,、"
            and len(_HAN.findall(line)) >= 2 and not _CONTACT.search(line)
            and not _LABEL.match(line) and not _DATE_ONLY.fullmatch(line))


def heading_line(lines: list[str]) -> str:
    """The title line of a text or Word file: a short line that is no sentence, label or banner,
    before its first sentence; "" if the text starts without one."""
    for line in lines:
        if _title_like(line):
            return line
        if _SENTENCE_END.search(line) and not _CONTACT.search(line):
            return ""
    return ""


def file_title(stem: str) -> str:
    """A title from a file name (its date prefix dropped), or "" if it is only an id or a date."""
    title = _FILE_DATE_PREFIX.sub("", stem).strip()
    return "" if is_bare_name(title, "\0") else title


def opening(paragraphs: Iterable[str]) -> str:
    """The start of the first real paragraph, cut at a clause, as a title of last resort."""
    for paragraph in paragraphs:
        text = paragraph.strip()
        if len(_HAN.findall(text)) < 4 or _CONTACT.search(text) or _LABEL.match(text):
            continue
        end = _SENTENCE_END.search(text)
        sentence = text[:end.start()] if end else text
        if len(sentence) <= TITLE_CLIP:
            return sentence
        cuts = [m.start() for m in _CLAUSE_END.finditer(sentence, 0, TITLE_CLIP)]
        cut = cuts[-1] if cuts and cuts[-1] >= 8 else TITLE_CLIP
        return sentence[:cut] + "…"
    return ""


def own_address(markup: str, file_name: str) -> str:
    """The page's own address printed on it: a URL whose last part the saved file's name ends
    with (pages saved as <date>_<id>.shtml from …/<id>.shtml), the absolute one first. The
    part must be an id with digits: index.html is every site's."""
    best = ""
    for match in _URL.finditer(markup):
        url = match.group().rstrip(".,;")
        last = urlsplit(url).path.rsplit("/", 1)[-1]
        if (len(last.split(".")[0]) >= 8 and any(c.isdigit() for c in last)
                and file_name.endswith(last)):
            if url.startswith("http"):
                return url
            best = best or "https:" + url
    return best


def address_line(lines: Iterable[str]) -> str:
    """A URL given on a "本文链接：…"/"网址：…" line."""
    for line in lines:
        match = _ADDRESS_LINE.search(line)
        if match:
            return match.group(1).rstrip("。.,;）)")
    return ""


def _is_national(doc: Document, head: list[str]) -> bool:
    if doc.source in NATIONAL_PUBLISHERS:
        return True
    return any(_NATIONAL_MARKS.search(line) for line in [doc.title] + head[:4])


def _first(doc: Document, name: str, *finders: tuple[str, Callable[[], str]]) -> None:
    """Set `name` from the first finder that gives a value, unless `doc` has one; each finder
    runs only when needed (most documents of a clean archive lack nothing)."""
    if getattr(doc, name):
        return
    for origin, finder in finders:
        value = finder()
        if value:
            setattr(doc, name, value)
            doc.origin[name] = origin
            return


def complete(doc: Document, *, given: Iterable[str] = (), html: bool = False,
             lines: list[str] | None = None, markup: str = "", text_date: str = "") -> Document:
    """Fill the metadata `doc` lacks from the document itself; front matter (`given`) wins.

    Values already set and not `given` came from the page (og:title, Word properties, meta
    tags). `lines` are all the text lines of an HTML page (menus and info lines included);
    `markup` its HTML, for the address it prints; `text_date` the first date in its text.
    """
    from .reading import date_from_name  # the file-name dates reading already knows

    for name in FIELDS:
        if getattr(doc, name):
            doc.origin.setdefault(name, FRONT_MATTER if name in given else PAGE)
    file_path = doc.path.split("#", 1)[0]
    file_name = PurePosixPath(file_path).name
    stem = PurePosixPath(file_path).stem
    body_head = head_lines(doc.paragraphs)
    head = head_lines(lines, 4 * HEAD_LINES) if lines is not None else body_head

    if doc.title and doc.origin.get("title") == PAGE:
        doc.title = strip_site_suffix(doc.title, doc.source)
        if is_bare_name(doc.title, stem):
            doc.title = ""
    _first(doc, "title", (PAGE, lambda: "" if html else heading_line(body_head)),
           (INFERRED, lambda: file_title(stem)),
           (INFERRED, lambda: opening(doc.paragraphs[:HEAD_LINES * 4])))
    _first(doc, "date", (PAGE, lambda: stated_date(head)),
           (INFERRED, lambda: date_from_name(stem)),
           (INFERRED, lambda: date_from_name(doc.url) if html else ""),
           (PAGE, lambda: text_date))
    if doc.source and doc.origin.get("source") == PAGE:
        doc.source = normalize_source(doc.source)
    _first(doc, "source", (PAGE, lambda: stated_source(head)),
           (PAGE, lambda: "" if html else banner_source(body_head)))
    _first(doc, "url", (PAGE, lambda: own_address(markup, file_name) if markup else ""),
           (PAGE, lambda: address_line(head)))
    _first(doc, "source", (INFERRED, lambda: _host_name(_host(doc.url)) if doc.url else ""))
    _first(doc, "place", (INFERRED, lambda: _place(doc, stem, [] if html else body_head)))
    return doc


def _place(doc: Document, stem: str, header: list[str]) -> str:
    from .places import BODY_CHARS, GazetteerMissing, find_place

    heads = [(doc.title, 3.0), (stem, 3.0)]
    heads += [(line, 2.0) for line in header[:6] if len(line) <= HEADER_MAX_CHARS
              and not _CONTACT.search(line)]
    body, size = [], 0
    for paragraph in doc.paragraphs:  # only the start of the body is read
        body.append(paragraph[:BODY_CHARS])
        size += len(body[-1])
        if size >= BODY_CHARS:
            break
    try:
        return find_place(heads, "\n".join(body), national=_is_national(doc, header))
    except GazetteerMissing:
        return ""
