"""What a search returns: hits, facets and how the query was read."""
from __future__ import annotations

from dataclasses import dataclass, field


def permalink(doc_id: str, paragraph: int) -> str:
    """The site-relative link to one paragraph of a document."""
    return f"/documents/{doc_id}#p{paragraph}"


@dataclass
class Hit:
    """One matching paragraph with its document's metadata."""

    doc_id: str
    path: str
    title: str
    date: str
    place: str
    source: str
    paragraph: int  # 0-based paragraph number in the document
    text: str  # the paragraph as displayed (not normalized)
    highlight: str  # HTML: text escaped, matches wrapped in <mark>
    more_in_doc: int = 0  # other matching paragraphs of the same document
    score: float = 0.0
    match: str = "exact"  # "exact": holds every string as typed; "words": only the words read from one
    title_highlight: str = ""  # HTML: the title escaped, matches wrapped in <mark>
    others: list["Hit"] | None = None  # grouped by document: its other matching paragraphs
    page: int | None = None  # the PDF page the paragraph starts on
    ocr: bool = False  # machine-read from a scan
    similarity: float | None = None  # a near hit: how close it is to the quoted string, in [0, 1]
    diff: list[list[str]] | None = None  # a near hit: [["=", t], ["-", typed], ["+", paragraph]]
    copies: dict | None = None  # {"count", "first"}: other documents with this paragraph
    speakers: list[dict] = field(default_factory=list)  # who said what in it (name, kind, role, cue, start, end, via)

    @property
    def url(self) -> str:
        return permalink(self.doc_id, self.paragraph)

    def to_api(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "place": self.place,
            "source": self.source,
            "paragraph": self.paragraph,
            "text": self.text,
            "highlight": self.highlight,
            "url": self.url,
            "more_in_doc": self.more_in_doc,
            "match": self.match,
            **({"page": self.page} if self.page is not None else {}),
            **({"ocr": True} if self.ocr else {}),
            "speakers": [speaker_api(a) for a in self.speakers],
            **({"similarity": self.similarity, "diff": self.diff} if self.diff is not None else {}),
            **({"copies": self.copies} if self.copies else {}),
        }


SPEAKER_KEYS = ("name", "kind", "role", "cue", "start", "end", "via", "confidence")


def speaker_api(a: dict, **extra) -> dict:
    """One attribution as the API gives it (paragraph first where given)."""
    return {**extra, **{k: a.get(k) for k in SPEAKER_KEYS}}


@dataclass
class QueryReading:
    """How the query was read: required strings, alternatives, exclusions, filters, segmentation."""

    must: list[str] = field(default_factory=list)  # each must occur (folded form)
    any_of: list[list[str]] = field(default_factory=list)  # OR groups: one of each group must occur
    exclude: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)  # year, date, place, source as given
    words: list[str] = field(default_factory=list)  # segmentation used for ranking
    also: dict[str, str] = field(default_factory=dict)  # string -> its phrase-level fold (反覆 -> 反复)
    read_as_words: list[dict] = field(default_factory=list)  # unquoted strings read as words
    exact_query: str = ""  # with strings read as words: the query that finds only exact occurrences

    def to_api(self) -> dict:
        return {
            "must": self.must,
            "any_of": self.any_of,
            "exclude": self.exclude,
            "filters": self.filters,
            "words": self.words,
            "also": self.also,
            "read_as_words": self.read_as_words,
            "exact_query": self.exact_query,
        }


@dataclass
class Suggestion:
    """Another query to try when one finds nothing, with why and how much it finds."""

    query: str
    filters: dict[str, str]
    reason: str
    total: int

    def to_api(self) -> dict:
        return {"query": self.query, "filters": self.filters, "reason": self.reason,
                "total": self.total}


@dataclass
class SearchResult:
    """One page of results with the total count and facet counts over all matches."""

    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    reading: QueryReading
    sort: str = "relevance"
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # year/place/source
    suggestions: list[Suggestion] = field(default_factory=list)  # when nothing was found
    partial: bool = False  # the time limit was reached: some matches may be missing
    exact_total: int | None = None  # matches holding every string as typed (None: all of them)
    notice: str = ""  # why nothing matched, when the reason is worth saying
    group: str = "paragraph"  # "document": one hit per document, its other paragraphs in others
    documents_total: int = 0  # documents with a matching paragraph
    near: list[Hit] = field(default_factory=list)  # nearly the quoted string, closest first
    near_total: int = 0  # paragraphs found nearly saying it (not counted in total)
    new_since: int | None = None  # with `since`: matches that entered the index after it
    hidden_copies: int = 0  # matching paragraphs left out as copies of an earlier one

    def __post_init__(self):
        if self.exact_total is None:
            self.exact_total = self.total

    @property
    def pages(self) -> int:
        counted = self.documents_total if self.group == "document" else self.total
        return max(1, -(-counted // self.per_page))

    def to_api(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "exact_total": self.exact_total,
            "documents_total": self.documents_total,
            "group": self.group,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "sort": self.sort,
            "hits": [h.to_api() for h in self.hits],
            "reading": self.reading.to_api(),
            "facets": {k: [[v, n] for v, n in vals] for k, vals in self.facets.items()},
            "suggestions": [s.to_api() for s in self.suggestions],
            "partial": self.partial,
            "notice": self.notice,
            "near": [h.to_api() for h in self.near],
            "near_total": self.near_total,
            **({"new_since": self.new_since} if self.new_since is not None else {}),
            "hidden_copies": self.hidden_copies,
        }


def words_summary(answer: dict) -> str:
    """For a search answer (as to_api gives it) with strings read as words: how many matches hold
    the strings as typed and how many only their words, in a sentence; "" otherwise."""
    split = answer["reading"].get("read_as_words") or []
    if not split or not answer["total"]:
        return ""
    strings = "、".join(f"“{w['string']}”" for w in split)
    whole = f"{strings} 完整出现在 {answer['exact_total']} 个段落"
    if answer["total"] == answer["exact_total"]:
        return whole + "（按词再找没有更多段落）"
    words = "；".join("、".join(f"“{x}”" for x in w["words"][:-1]) + f"和“{w['words'][-1]}”"
                     for w in split)
    return f"{whole}；另有 {answer['total'] - answer['exact_total']} 个段落包含{words}"


@dataclass
class DocumentView:
    """A whole document as stored in the index, for the document page and API."""

    doc_id: str
    path: str
    title: str
    date: str
    place: str
    source: str
    url: str  # where the document came from, if known
    paragraphs: list[str]
    origin: dict[str, str] = field(default_factory=dict)  # field -> front matter | page | inferred
    pages: list[int | None] = field(default_factory=list)  # each paragraph's PDF page, or []
    ocr: list[bool] = field(default_factory=list)  # whether each paragraph was machine-read
    attributions: list[dict] = field(default_factory=list)  # each with its paragraph number

    @property
    def presenter(self) -> dict | None:
        """The report's presenter (from its header line), or None."""
        for a in self.attributions:
            if a.get("via") == "header":
                return {k: a.get(k) for k in ("name", "kind", "role")}
        return None

    def to_api(self) -> dict:
        out = {
            "doc_id": self.doc_id,
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "place": self.place,
            "source": self.source,
            "source_url": self.url,
            "origin": self.origin,
            "paragraphs": self.paragraphs,
        }
        if any(p is not None for p in self.pages):
            out["pages"] = self.pages
        if any(self.ocr):
            out["ocr"] = self.ocr
        out["attributions"] = [speaker_api(a, paragraph=a["paragraph"]) for a in self.attributions
                               if a.get("via") != "header"]
        out["presenter"] = self.presenter
        return out


@dataclass
class YearCount:
    """How often a query matches in one year."""

    year: int
    paragraphs: int
    documents: int
    per_100k: float  # matching paragraphs per 100,000 characters of that year's text

    def to_api(self) -> dict:
        return {"year": self.year, "paragraphs": self.paragraphs, "documents": self.documents,
                "per_100k_chars": self.per_100k}


@dataclass
class Mention:
    """One dated paragraph: the first or last mention of a query."""

    doc_id: str
    paragraph: int
    date: str
    title: str

    @property
    def url(self) -> str:
        return permalink(self.doc_id, self.paragraph)

    def to_api(self) -> dict:
        return {"doc_id": self.doc_id, "paragraph": self.paragraph,
                "paragraph_number": self.paragraph + 1, "date": self.date,
                "title": self.title, "url": self.url}


@dataclass
class Timeline:
    """A query's matches per year, with its first and last dated mention."""

    query: str
    total: int
    years: list[YearCount]
    first: Mention | None
    last: Mention | None

    def to_api(self) -> dict:
        return {"query": self.query, "total": self.total,
                "years": [y.to_api() for y in self.years],
                "first": self.first.to_api() if self.first else None,
                "last": self.last.to_api() if self.last else None}


@dataclass
class DocumentSummary:
    """A document's metadata and size, for listings (a place's reports year by year)."""

    doc_id: str
    path: str
    title: str
    date: str
    place: str
    source: str
    paragraphs: int
    url: str = ""  # where the document came from, if known

    def to_api(self) -> dict:
        return {"doc_id": self.doc_id, "path": self.path, "title": self.title, "date": self.date,
                "place": self.place, "source": self.source, "source_url": self.url,
                "paragraphs": self.paragraphs}
