"""Reading an archive folder into Documents: text, Markdown, HTML, Word and JSON-lines files."""
from __future__ import annotations

import datetime as _dt
import io
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import yaml
from bs4 import BeautifulSoup, NavigableString

from .cleaning import strip_lines
from .documents import Document, Skipped
from .encoding import ReadError, decode_bytes, _mostly_common_han
from .errors import ArchiveMissing
from .metadata import complete

__all__ = [
    "MAX_DOCX_BYTES", "MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "ReadError", "extract_html", "iter_archive",
    "list_archive_files", "load_archive", "read_file",
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".shtml", ".docx", ".jsonl")
HTML_SUFFIXES = (".html", ".htm", ".shtml")
RESERVED_NAMES = frozenset({"userdict.txt"})  # the jieba user dictionary, not a document
METADATA_KEYS = ("title", "date", "place", "source", "url")

# The largest file read, checked before reading so that memory stays bounded: a report or a
# web page is well under 1 MB (the largest of a 24,000-document archive is 170 KB). A Word file
# may carry pictures, so it may be larger. A .jsonl collection is read a line at a time; each
# line (one document) has the same limit as a file.
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DOCX_BYTES = 64 * 1024 * 1024
NOT_REGULAR = "不是普通文件 (not a regular file: a pipe, device or socket)"
NO_TEXT = "没有正文 (no text: the file is empty or holds only blanks, markup or scripts)"

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)

_FULL_DATE = re.compile(
    r"(?<![0-9A-Za-z])((?:19|20)\d\d)(?:([-_./年]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])"
    r"|[-_./年](\d\d?)[-_./月](\d\d?))日?(?![0-9A-Za-z])")
_LEADING_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?")
_YEAR = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(?![0-9A-Za-z])")


def normalize_date(value: object) -> str:
    """A date-like value as "YYYY-MM-DD", "YYYY-MM" or "YYYY"; "" if it holds no date."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip() if value is not None else ""
    if not text:
        return ""
    match = _LEADING_DATE.match(text)
    if match:
        year, month, day = match.group(1), int(match.group(2)), match.group(3)
        if not 1 <= month <= 12:
            return year
        if day and 1 <= int(day) <= 31:
            return f"{year}-{month:02d}-{int(day):02d}"
        return f"{year}-{month:02d}"
    return date_from_name(text)


def date_from_name(name: str) -> str:
    """The date in a file name such as `20230511_x`, `2022-03-05 x` or `2025_x`, or ""."""
    match = _FULL_DATE.search(name)
    if match:
        year, _, month, day, month2, day2 = match.groups()
        month, day = int(month or month2), int(day or day2)
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    match = _YEAR.search(name)
    return match.group(1) if match else ""


def _metadata(meta: dict) -> dict[str, str]:
    """Front-matter or JSON values as the Document's string fields."""
    out = {}
    for key in METADATA_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        out[key] = normalize_date(value) if key == "date" else str(value).strip()
    return out


def split_front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter (safely loaded) and the body after it; ({}, text) if there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match.group(1) or "", Loader=_YAML_LOADER)
    except yaml.YAMLError as err:
        raise ReadError(f"front matter 无法解析 (bad YAML front matter: {err.__class__.__name__})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ReadError("front matter 不是键值表 (front matter is not a mapping)")
    return meta, text[match.end():]


def _lines(text: str) -> list[str]:
    return text.splitlines()


# Markdown that is only markup: heading hashes, quote and bullet marks, bold and code marks.
_MD_MARKUP = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)|\*\*|__|`")


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def too_large(size: int, limit: int) -> ReadError:
    return ReadError(f"文件太大 (too large: {_megabytes(size)}, the limit is {limit // 2**20} MB; "
                     "split it into smaller files)")


def _check_regular(st: os.stat_result, limit: int | None) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(NOT_REGULAR)
    if limit is not None and st.st_size > limit:
        raise too_large(st.st_size, limit)


def _open_regular(path: Path, limit: int | None):
    """A binary file object of `path` once it is known to be a regular file within `limit` bytes.

    Checked with stat before opening (a pipe would block the run, a device never ends), and
    again on the open file, opened without blocking in case it was swapped meanwhile.
    """
    _check_regular(os.stat(path), limit)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    f = os.fdopen(fd, "rb")
    try:
        _check_regular(os.fstat(fd), limit)
    except BaseException:
        f.close()
        raise
    return f


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; ReadError otherwise."""
    with _open_regular(path, limit) as f:
        data = f.read(limit + 1)  # bounded even if the file grew after the check
    if len(data) > limit:
        raise too_large(len(data), limit)
    return data


def _read_text(path: Path, rel: str) -> list[Document]:
    text, _ = decode_bytes(read_bytes(path))
    meta, body = split_front_matter(text)
    lines = _lines(body)
    if path.suffix.lower() == ".md":
        lines = [_MD_MARKUP.sub("", line) for line in lines]
    given = _metadata(meta)
    return [complete(Document(path=rel, paragraphs=lines, **given), given=given)]


def _read_html(path: Path, rel: str) -> list[Document]:
    text, _ = decode_bytes(read_bytes(path), html=True)
    page = extract_html(text)
    doc = Document(path=rel, title=page.title, date=normalize_date(page.date), source=page.source,
                   url=page.url, paragraphs=page.paragraphs)
    doc.link_share = page.link_share
    return [complete(doc, html=True, lines=page.lines, markup=text, text_date=page.text_date)]


# --- HTML -----------------------------------------------------------------------------------

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


def _read_docx(path: Path, rel: str) -> list[Document]:
    try:
        import docx
    except ImportError:
        raise ReadError("需要 python-docx (.docx needs the optional python-docx package)") from None
    data = read_bytes(path, MAX_DOCX_BYTES)
    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises many kinds of errors for broken zips
        raise ReadError(f"无法打开 Word 文件 (not a readable .docx: {err.__class__.__name__})") from None
    paragraphs = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            paragraphs.extend(cell.text for cell in row.cells)
    props = word.core_properties
    return [complete(Document(path=rel, title=(props.title or "").strip(), paragraphs=paragraphs))]


def _jsonl_doc(line: str, rel: str) -> Document:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as err:
        raise ReadError(f"JSON 无法解析 (bad JSON: {err.msg})") from None
    if not isinstance(item, dict):
        raise ReadError("不是 JSON 对象 (line is not a JSON object)")
    if isinstance(item.get("paragraphs"), list):
        paragraphs = [str(p) for p in item["paragraphs"]]
    elif isinstance(item.get("text"), str):
        paragraphs = _lines(item["text"])
    else:
        raise ReadError("缺少正文 (no 'text' or 'paragraphs')")
    given = _metadata(item)
    return complete(Document(path=rel, paragraphs=paragraphs, **given), given=given)


_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 and UTF-32: lines are not split at b"\n"


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str | ReadError]]:
    """(line number, text or the ReadError of that line) of a JSON-lines file, a line at a time.

    Memory stays bounded by MAX_FILE_BYTES however large the file: a longer line is reported
    and skipped without being held.
    """
    with _open_regular(path, None) as f:
        head = f.read(4)
        if head.startswith(_WIDE_BOMS):
            f.close()
            text, _ = decode_bytes(read_bytes(path))
            yield from enumerate(text.split("\n"), start=1)
            return
        f.seek(0)
        number = 0
        while True:
            raw = f.readline(MAX_FILE_BYTES + 1)
            if not raw:
                return
            number += 1
            if len(raw) > MAX_FILE_BYTES and not raw.endswith(b"\n"):
                size = len(raw)
                while raw and not raw.endswith(b"\n"):  # the rest of the line, a block at a time
                    raw = f.readline(MAX_FILE_BYTES)
                    size += len(raw)
                yield number, ReadError(f"行太长 (line too long: {_megabytes(size)}, the limit is "
                                        f"{MAX_FILE_BYTES // 2**20} MB)")
                continue
            try:
                yield number, decode_bytes(raw)[0]
            except ReadError as err:
                yield number, err


def _iter_jsonl(path: Path, rel: str) -> Iterator[Document | Skipped]:
    for number, line in _jsonl_lines(path):
        line_rel = f"{rel}#L{number}"
        if isinstance(line, ReadError):
            yield Skipped(line_rel, line.reason)
            continue
        if not line.strip():
            continue
        try:
            yield _jsonl_doc(line, line_rel)
        except ReadError as err:
            yield Skipped(line_rel, err.reason)


def read_file(path: Path, rel: str) -> list[Document]:
    """Read one archive file into its documents (raw paragraphs); raise ReadError if it fails."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".txt", ".md"):
            return _read_text(path, rel)
        if suffix in HTML_SUFFIXES:
            return _read_html(path, rel)
        if suffix == ".docx":
            return _read_docx(path, rel)
        if suffix == ".jsonl":
            docs = []
            for item in _iter_jsonl(path, rel):
                if isinstance(item, Skipped):
                    raise ReadError(f"{item.path}: {item.reason}")
                docs.append(item)
            return docs
    except OSError as err:
        raise ReadError(f"无法读取文件 (cannot read: {err.strerror or err})") from None
    raise ReadError(unsupported_reason(suffix))


# What to do with the files dangan cannot read yet; anything else is named by its extension.
_UNSUPPORTED_HINTS = {
    ".doc": "旧版 Word 文件：用 Word 或 WPS 另存为 .docx",
    ".wps": "WPS 文字文件：另存为 .docx",
    ".rtf": "RTF 文件：另存为 .docx",
    ".odt": "OpenDocument 文件：另存为 .docx",
    ".pdf": "PDF 暂无读取器：可导出为 .docx 或 .txt",
    ".zip": "压缩包：请先解压到档案文件夹里",
    ".rar": "压缩包：请先解压到档案文件夹里",
    ".7z": "压缩包：请先解压到档案文件夹里",
    ".gz": "压缩包：请先解压到档案文件夹里",
    ".tar": "压缩包：请先解压到档案文件夹里",
    ".xls": "表格：另存为 .csv 后改为 .txt，或把正文复制到 .docx",
    ".xlsx": "表格：另存为 .csv 后改为 .txt，或把正文复制到 .docx",
    ".csv": "表格：若是正文，改为 .txt",
    ".ppt": "演示文稿：导出为 .docx 或 .txt",
    ".pptx": "演示文稿：导出为 .docx 或 .txt",
}
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp",
                            ".svg", ".heic"})


def unsupported_reason(suffix: str) -> str:
    """The reason shown for a file of a format dangan does not read, with what to do."""
    suffix = suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        hint = "图片：没有可检索的文字"
    else:
        hint = _UNSUPPORTED_HINTS.get(suffix, "")
    what = suffix or "没有扩展名 (no extension)"
    return f"不支持的格式 (unsupported format {what}{'；' + hint if hint else ''})"


def _is_text(name: str) -> bool:
    """Whether a name read from disk is proper Unicode (not bytes smuggled in as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _readable_name(part: str) -> str:
    """A file or folder name that is not valid UTF-8, as text: GBK names (archives unpacked from
    Chinese Windows) read as such, anything else with its odd bytes written as \\xNN."""
    raw = os.fsencode(part)
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_common_han(text) and "/" not in text:
        return text
    return raw.decode("utf-8", "backslashreplace")


def _readable_rel(rel: str, taken: set[str]) -> str:
    """`rel` with every part that is not valid UTF-8 made readable; unique among `taken`."""
    fixed = "/".join(p if _is_text(p) else _readable_name(p) for p in rel.split("/"))
    if fixed in taken:
        fixed = os.fsencode(rel).decode("utf-8", "backslashreplace")
    return fixed


def _links_to_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def list_archive_files(root: str | os.PathLike, supported_only: bool = True,
                       exclude: str | os.PathLike | None = None) -> list[tuple[Path, str]]:
    """The (path, archive-relative POSIX path) of every file of a supported format, in sorted
    order; of every file whatever its format if not `supported_only` (reading one that is not
    supported gives the reason).

    Hidden files and folders, the user dictionary and the folder `exclude` (the index, when
    it lies inside the archive) are left out. Symbolic links to folders are not followed (no
    loops); a name that is not valid UTF-8 gets a readable archive-relative path (see
    _readable_rel) and keeps its real path.
    """
    root = Path(root)
    skip_dir = os.path.realpath(exclude) if exclude is not None else None
    found: list[tuple[Path, str]] = []
    # os.scandir and plain strings: on a large archive this listing is most of an update's time.
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue  # an unreadable folder holds nothing we can index
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if skip_dir is None or os.path.realpath(entry.path) != skip_dir:
                    pending.append((entry.path, prefix + name + "/"))
            elif not supported_only and _links_to_folder(entry):
                continue  # a link to a folder is not followed, and is no file either
            elif name not in RESERVED_NAMES and (
                    not supported_only or os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES):
                found.append((Path(entry.path), prefix + name))
    taken = {rel for _, rel in found if _is_text(rel)}
    for i, (path, rel) in enumerate(found):
        if not _is_text(rel):
            fixed = _readable_rel(rel, taken)
            taken.add(fixed)
            found[i] = (path, fixed)
    found.sort(key=lambda item: item[1])
    return found


def iter_archive(root: str | os.PathLike,
                 progress: Callable[[], object] | None = None) -> Iterator[Document | Skipped]:
    """Every document of a supported file under `root`, or a Skipped for each one that cannot
    be read; never raises."""
    for path, rel in list_archive_files(root):
        yield from read_entry(path, rel)
        if progress:
            progress()


def read_entry(path: Path, rel: str) -> list[Document | Skipped]:
    """The documents of one file, or a Skipped saying why it cannot be read; never raises.

    A document without any text (an empty file, blanks, only markup) is a Skipped too, so that
    the summary names it.
    """
    try:
        if path.suffix.lower() == ".jsonl":
            entries = list(_iter_jsonl(path, rel))
        else:
            entries = list(read_file(path, rel))
    except ReadError as err:
        return [Skipped(rel, err.reason)]
    except OSError as err:
        return [Skipped(rel, f"无法读取文件 (cannot read: {err.strerror or err})")]
    except Exception as err:  # one broken file must not stop the run (RecursionError too)
        return [Skipped(rel, f"读取失败 (failed: {err.__class__.__name__}: {err})")]
    return [Skipped(e.path, NO_TEXT) if isinstance(e, Document) and not _has_text(e) else e
            for e in entries] or [Skipped(rel, NO_TEXT)]


def _has_text(doc: Document) -> bool:
    return bool(strip_lines(doc.paragraphs))


def load_archive(root: str | os.PathLike,
                 progress: Callable[[], object] | None = None) -> tuple[list[Document], list[Skipped]]:
    """Read and clean every document under `root`: (documents, files skipped with reasons)."""
    from .cleaning import clean_documents

    if not Path(root).is_dir():
        raise ArchiveMissing(f"档案文件夹不存在：{root}",
                             hint="请给出存放 .txt、.md、.html、.docx、.jsonl 文件的文件夹。")
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for item in iter_archive(root, progress):
        (skipped if isinstance(item, Skipped) else docs).append(item)
    return clean_documents(docs), skipped
