"""Citing a paragraph: a fingerprint that finds it again after re-indexing, and citation strings.

Pure functions over plain strings (no index access), shared by the web pages, the JSON API
and the export:

    fingerprint(text)                 8 hex digits of sha1 over the paragraph's NFKC text
    locate(paragraphs, n, key)        where paragraph n (with that fingerprint) is now
    issuer(place, source)             who issued a document, for the citation's 责任者
    cite(title=..., ...)              the fields and two strings: GB/T 7714-2015 and plain text
    in_quotes(s), nest_quotes(s)      text put in “” the Chinese way: its own quotes become ‘’

A permalink names a paragraph twice: by number (fast, exact while the document is unchanged)
and by fingerprint (survives paragraphs inserted or removed before it). The number alone
would drift; the fingerprint alone would be ambiguous when a paragraph repeats.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

FINGERPRINT_LENGTH = 8
FINGERPRINT_RE = re.compile(r"[0-9a-f]{8}")
QUOTE_LIMIT = 300  # characters of the paragraph quoted in the citation strings
UNKNOWN_PLACES = {"", "不详", "未知", "unknown"}

_DOMAIN_RE = re.compile(r"^[\w-]+(\.[\w-]+)+(/\S*)?$|/", re.ASCII)


def fingerprint(text: str) -> str:
    """A short, stable key of a paragraph's wording: whitespace and width differences ignored."""
    text = text or ""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    norm = "".join(text.split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


@dataclass(frozen=True)
class Location:
    """Where a permalinked paragraph is now.

    status: "exact"   paragraph `requested` still has the fingerprint (or none was given)
            "moved"   the fingerprint now belongs to paragraph `paragraph`
            "changed" no paragraph has the fingerprint; `paragraph` is the old number if it exists
            "missing" no fingerprint match and the old number is past the end (paragraph is None)
    """

    paragraph: int | None
    requested: int | None
    status: str

    @property
    def moved(self) -> bool:
        return self.status == "moved"


def locate(paragraphs: list[str], requested: int | None, key: str | None) -> Location:
    """Find the paragraph a permalink meant: by number if its fingerprint agrees, else by
    fingerprint (the occurrence nearest the old number), else the old number with a warning."""
    count = len(paragraphs)
    in_range = requested is not None and 0 <= requested < count
    if not key:
        return Location(requested if in_range else None, requested,
                        "exact" if in_range else "missing")
    if in_range and fingerprint(paragraphs[requested]) == key:
        return Location(requested, requested, "exact")
    matches = [n for n, text in enumerate(paragraphs) if fingerprint(text) == key]
    if matches:
        near = requested if requested is not None else 0
        best = min(matches, key=lambda n: (abs(n - near), n))
        return Location(best, requested, "moved" if best != requested else "exact")
    return Location(requested if in_range else None, requested, "changed" if in_range else "missing")


def clean_source(source: str) -> str:
    """A source as a name to cite: provenance notes (… via github.com/…) and bare URLs dropped."""
    head = re.split(r"\s+via\s+", (source or "").strip(), maxsplit=1)[0]
    tokens = head.split()
    if not tokens or _DOMAIN_RE.search(tokens[0]):
        return ""  # the source is only where the file was collected from
    kept = [t for t in tokens if not _DOMAIN_RE.search(t)]
    return " ".join(kept).strip(" ,;，；")


def issuer(place: str, source: str) -> str:
    """The 责任者 of a citation: the source if it names an organisation, else the issuing body
    named in the place (全国（国务院） → 国务院), else the place itself; '' if none is known."""
    name = clean_source(source)
    if name:
        return name
    place = (place or "").strip()
    if place.lower() in UNKNOWN_PLACES:
        return ""
    inner = re.fullmatch(r".*?[（(](.+?)[）)]\s*", place)
    return inner.group(1).strip() if inner else place


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The paragraph as quoted in a citation: one line, cut at `limit` characters with ……"""
    one_line = " ".join((text or "").split())
    return one_line if len(one_line) <= limit else one_line[:limit].rstrip() + "……"


# Inside “…” the levels alternate: double quotes become single ones and single ones double.
_NESTED = str.maketrans({"“": "‘", "”": "’", "‘": "“", "’": "”"})
_QUOTE_PAIRS = (('"', '"'), ("“", "”"), ("「", "」"))


def nest_quotes(text: str, marks: str = "“”") -> str:
    """`text` as it reads inside `marks` (“” or 《》): one level down, as Chinese typography nests
    quotation marks (“…” → ‘…’, ‘…’ → “…”, typed "…" → ‘…’; 《…》 → 〈…〉 inside 《》)."""
    text = text or ""
    if marks == "《》":
        return text.replace("《", "〈").replace("》", "〉")
    out, opening = [], True
    paired = text.count('"') // 2 * 2  # a last unpaired typed quote stays as typed
    for ch in text.translate(_NESTED):
        if ch == '"' and paired:
            out.append("‘" if opening else "’")
            opening, paired = not opening, paired - 1
        else:
            out.append(ch)
    return "".join(out)


def in_quotes(text: str) -> str:
    """“text”, with its own quotes nested; a text that is itself one quoted phrase
    ("项目为王" as typed) is not quoted twice."""
    text = (text or "").strip()
    for start, end in _QUOTE_PAIRS:
        inner = text[len(start):-len(end)]
        if (len(text) > 2 and text.startswith(start) and text.endswith(end)
                and start not in inner and end not in inner):
            text = inner
            break
    return f"“{nest_quotes(text)}”"


def _entry_part(s: str) -> str:
    """A field of a reference entry, without the full stop the entry adds after it."""
    return (s or "").strip().rstrip(".。 ")


def cite(*, title: str, place: str = "", source: str = "", date: str = "",
             paragraph: int | None = None, text: str = "", url: str = "",
             accessed: str = "", page: int | None = None, ocr: bool = False,
             speaker: dict | None = None) -> dict:
    """The fields of a citation of one paragraph (0-based `paragraph`) or a whole document
    (paragraph None), with `reference` (a GB/T 7714-2015 electronic-resource entry),
    `gbt7714` (the quoted paragraph followed by that entry) and `plain` (one line of prose).
    With `speaker` (an attribution of that paragraph: name, cue, start, end) the citation names
    who said it and quotes the statement: 李强指出：“……”.

    GB/T 7714-2015, 8.x 电子资源:  责任者. 题名[EB/OL]. (发布日期)[引用日期]. 获取和访问路径.
    """
    author = issuer(place, source)
    title = (title or "").strip()
    number = None if paragraph is None else paragraph + 1
    quoted = quote(text) if number is not None else ""
    said = ""
    if speaker and number is not None and speaker.get("cue") != "报告":
        statement = text[speaker.get("start", 0):speaker.get("end", len(text))].strip() or text
        quoted = quote(statement)
        said = f"{speaker['name']}{speaker['cue']}："

    entry = []
    if author:
        entry.append(_entry_part(author) + ". ")
    entry.append(_entry_part(title) + "[EB/OL]. ")
    dates = (f"({date})" if date else "") + (f"[{accessed}]" if accessed else "")
    if dates:
        entry.append(dates + ". ")
    if url:
        entry.append(url + ".")
    reference = "".join(entry).strip()

    on_page = f"第 {page} 页，" if page is not None and number is not None else ""
    machine = "，机器识别（OCR）" if ocr and number is not None else ""
    locator = f"（{on_page}第 {number} 段{machine}）" if number is not None else ""
    gbt7714 = f"{said}“{nest_quotes(quoted)}”{locator}\n{reference}" if quoted else reference

    about = "，".join(x for x in (place if place.lower() not in UNKNOWN_PLACES else "", date) if x)
    plain_parts = []
    if quoted:
        plain_parts.append(f"{said}“{nest_quotes(quoted)}”——")
    book = f"《{nest_quotes(title, '《》')}》"
    plain_parts.append(f"{author}{book}" if author else book)
    if about:
        plain_parts.append(f"（{about}）")
    if number is not None:
        plain_parts.append(f"，{on_page}第 {number} 段{machine}")
    plain_parts.append("。")
    if url:
        plain_parts.append(f"{url}")
        if accessed:
            plain_parts.append(f"（{accessed} 访问）")
    plain = "".join(plain_parts)

    extra = {"page": page} if page is not None and number is not None else {}
    if ocr and number is not None:
        extra["ocr"] = True
    if said:
        extra["speaker"] = speaker["name"]
    return {
        **extra,
        "title": title,
        "author": author,
        "place": place,
        "source": source,
        "date": date,
        "paragraph": paragraph,
        "paragraph_number": number,
        "text": text if number is not None else "",
        "url": url,
        "accessed": accessed,
        "reference": reference,
        "gbt7714": gbt7714,
        "plain": plain,
    }
