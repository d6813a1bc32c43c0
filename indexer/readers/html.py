"""HTML pages: metadata from <meta> tags, the main text's paragraphs from the densest container."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


from ..documents import Document
from ..encoding import decode_bytes
from ..metadata import complete
from .common import normalize_date, read_bytes

SUFFIXES = HTML_SUFFIXES = (".html", ".htm", ".shtml")


def read(path: Path, rel: str) -> list[Document]:
    """The one document of an HTML page."""
    text, _ = decode_bytes(read_bytes(path), html=True)
    page = extract_html(text)
    doc = Document(path=rel, title=page.title, date=normalize_date(page.date), source=page.source,
                   url=page.url, paragraphs=page.paragraphs)
    doc.link_share = page.link_share
    return [complete(doc, html=True, lines=page.lines, markup=text, text_date=page.text_date)]



_DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe",
    "select", "option", "button", "input", "textarea", "svg", "canvas", "object", "embed", "video",
    "audio", "head", "menu", "map",
})
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hgroup", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "ul",
})
_DATE_META = ("pubdate", "publishdate", "publish_date", "publication_date", "publishtime",
              "article:published_time", "og:release_date", "date", "dc.date", "dc.date.issued",
              "firstpublishedtime", "datepublished")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A line break between two CJK characters is only source wrapping (CSS segment-break rules).
_CJK_NEWLINE = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
# A source line break that starts a list item ("1.", "（2）", "三、") is kept as a paragraph break.
_ITEM_START = re.compile(r"\n\s*(?=(?:\d{1,2}[.、．]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}、))")
_META_LINE = re.compile(r"[^：:，。\s]{2,6}[：:]")
_PROSE_MARK = re.compile(r"[，。！？；,.!?;]")
_TEXT_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


@dataclass
class _Block:
    """A paragraph of a page, the block element it came from, and how much of it is link text."""

    text: str
    element: object
    link_chars: int


@dataclass
class HtmlPage:
    """What a page gives: metadata and the paragraphs of its main text."""

    title: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    text_date: str = ""
    paragraphs: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # every text block, menus and info lines too
    link_share: float = 0.0  # share of the main text that is link text


class _Blocks:
    """Walks an element tree; block elements and <br> end paragraphs, inline ones join."""

    def __init__(self):
        self.blocks: list[_Block] = []
        self._parts: list[str] = []
        self._links = 0

    def flush(self, element) -> None:
        raw = "".join(self._parts)
        self._parts = []
        links, self._links = self._links, 0
        for piece in _ITEM_START.split(raw):
            text = _SPACES.sub(" ", _CJK_NEWLINE.sub("", piece)).strip()
            if text:
                self.blocks.append(_Block(text, element, min(links, len(text))))

    def walk(self, element, block, in_link: bool = False) -> None:
        """Visit `element`'s children in document order; iterative, so that pages nested
        thousands deep (unclosed tags) do not exhaust Python's recursion limit."""
        from bs4 import NavigableString

        # (children still to visit, their block, inside a link, the block to end after them)
        stack = [(iter(element.children), block, in_link, None)]
        while stack:
            children, block, in_link, ends = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if ends is not None:
                    self.flush(ends)
                continue
            name = getattr(child, "name", None)
            if name is None:
                if type(child) is NavigableString:  # not a comment, CDATA or doctype
                    self._parts.append(str(child))
                    if in_link:
                        self._links += len(str(child).strip())
                continue
            if name in _DROP_TAGS:
                continue
            if name == "br":
                self.flush(block)
            elif name == "pre":  # preformatted: its own line breaks are the paragraphs
                self.flush(block)
                for line in child.get_text().splitlines():
                    self._parts.append(line)
                    self.flush(child)
            elif name in _BLOCK_TAGS:
                self.flush(block)
                stack.append((iter(child.children), child, in_link, child))
            else:
                stack.append((iter(child.children), block, in_link or name == "a", None))


def _main_blocks(blocks: list[_Block]) -> list[_Block]:
    """The blocks of the densest content container: parents score their paragraphs' own text."""
    scores: dict[int, float] = {}
    elements = {}
    for block in blocks:
        own = len(block.text) - block.link_chars
        if own < 10:
            continue
        weight = own + 5 * sum(block.text.count(c) for c in "，。；,")
        if _META_LINE.match(block.text) or not _PROSE_MARK.search(block.text):
            weight *= 0.3  # "更新时间：…", "来源：…" and bare titles are not the article
        parent = block.element.parent
        for share in (1.0, 0.5):
            if parent is None:
                break
            scores[id(parent)] = scores.get(id(parent), 0.0) + weight * share
            elements[id(parent)] = parent
            parent = parent.parent
    if not scores:  # nothing but links and snippets: an index page, keep it all
        return blocks
    best = elements[max(scores, key=scores.get)]
    return [b for b in blocks if b.element is best or best in b.element.parents]


def _metas(soup) -> dict[str, str]:
    """The page's <meta> contents by lower-cased name or property (the first one wins)."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        content = (tag.get("content") or "").strip()
        if key and content:
            found.setdefault(key, content)
    return found


def _first(metas: dict[str, str], *names: str) -> str:
    return next((metas[n] for n in names if n in metas), "")


def _page_title(soup, metas: dict[str, str]) -> str:
    """og:title, else <title> (without the site name if the <h1> shows where it ends), else <h1>."""
    heading = soup.find("h1")
    heading = _SPACES.sub(" ", heading.get_text("")).strip() if heading else ""
    title = metas.get("og:title", "")
    if not title and soup.title:
        title = _SPACES.sub(" ", soup.title.get_text()).strip()
        if heading and title.startswith(heading):
            title = heading  # "标题_某某网" -> "标题"
    title = _SPACES.sub(" ", title or heading).strip()
    return re.sub(r"^\[[^\]]{1,4}\]\s*", "", title)  # a "[视频]" kind of tag before the title


def extract_html(markup: str) -> HtmlPage:
    """Title, date, URL and main-text paragraphs of an HTML page."""
    from bs4 import BeautifulSoup  # imported on first use: 0.1 s that an update of text files skips

    soup = BeautifulSoup(markup, "lxml")
    metas = _metas(soup)
    page = HtmlPage(title=_page_title(soup, metas))
    page.date = _first(metas, *_DATE_META)
    if not page.date:
        stamp = soup.find("time", attrs={"datetime": True})
        page.date = stamp["datetime"] if stamp else ""
    page.source = _first(metas, "og:site_name", "source", "publisher", "dc.publisher")
    canonical = soup.find("link", rel="canonical")
    page.url = metas.get("og:url") or (canonical.get("href", "") if canonical else "")
    root = soup.body or soup
    walker = _Blocks()
    walker.walk(root, root)
    walker.flush(root)
    main = _main_blocks(walker.blocks)
    page.paragraphs = [b.text for b in main]
    page.link_share = sum(b.link_chars for b in main) / max(1, sum(len(b.text) for b in main))
    page.lines = [b.text for b in walker.blocks]
    for text in (b.text for b in walker.blocks):
        match = _TEXT_DATE.search(text)
        if match:
            page.text_date = normalize_date(match.group(0))
            break
    return page


