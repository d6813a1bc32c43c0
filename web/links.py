"""Permalinks and citations as the web builds them: absolute URLs from the request's host.

    /documents/<doc_id>?p=12&k=3fa9c2d1#p12

p is the 0-based paragraph number (the same as the #p anchor), k the paragraph's fingerprint
(indexer.citation.fingerprint). The document page checks that paragraph p still has that
fingerprint and, if the document changed, finds the paragraph that has it.
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from flask import g, url_for

from indexer import DocumentView, Hit
from indexer import cite, fingerprint


def accessed_today() -> str:
    """The citation's 引用日期: today, in the server's time zone."""
    return dt.date.today().isoformat()


def _documents_prefix(external: bool) -> str:
    """'/documents/' (or 'http://host/documents/'), built once per request: exports make
    tens of thousands of links, and url_for for each would cost more than the rest."""
    key = "_dangan_documents_prefix_external" if external else "_dangan_documents_prefix"
    prefix = g.get(key)
    if prefix is None:
        sample = "0" * 16
        prefix = url_for("pages.document", doc_id=sample, _external=external)[: -len(sample)]
        setattr(g, key, prefix)
    return prefix


def paragraph_url(doc_id: str, paragraph: int, text: str, q: str = "", external: bool = False,
                  key: str | None = None, **extra) -> str:
    """The link to one paragraph that survives re-indexing (q only marks the query's words)."""
    params = {"q": q or None, "p": paragraph, "k": key or fingerprint(text), **extra}
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{_documents_prefix(external)}{doc_id}?{query}#p{paragraph}"


def cite_paragraph(doc: Hit | DocumentView, paragraph: int, text: str,
                   accessed: str | None = None, key: str | None = None) -> dict:
    """Citation fields of one paragraph of a hit or document, with its absolute permalink."""
    if isinstance(doc, Hit):
        pages, ocr = {paragraph: doc.page}, {paragraph: doc.ocr}
        said = doc.speakers
    else:
        pages, ocr = dict(enumerate(doc.pages)), dict(enumerate(doc.ocr))
        said = [a for a in doc.attributions if a.get("paragraph") == paragraph]
    speaker = next((a for a in said if a.get("via") != "header"), None)
    return cite(title=doc.title or doc.path, place=doc.place, source=doc.source,
                date=doc.date, paragraph=paragraph, text=text,
                url=paragraph_url(doc.doc_id, paragraph, text, external=True, key=key),
                accessed=accessed or accessed_today(),
                page=pages.get(paragraph), ocr=bool(ocr.get(paragraph)), speaker=speaker)


def cite_hit(hit: Hit, accessed: str | None = None, key: str | None = None) -> dict:
    return cite_paragraph(hit, hit.paragraph, hit.text, accessed, key)


def cite_document(doc: DocumentView, accessed: str | None = None) -> dict:
    """Citation of a whole document (no paragraph, no quote)."""
    return cite(title=doc.title or doc.path, place=doc.place, source=doc.source,
                date=doc.date, url=url_for("pages.document", doc_id=doc.doc_id, _external=True),
                accessed=accessed or accessed_today())


def hit_api(hit: Hit, accessed: str | None = None) -> dict:
    """A hit as the API returns it: Hit.to_api() with `paragraph_number` (1-based, as people
    count) after `paragraph` (0-based), `url` the permalink that survives re-indexing
    (?p=&k=), and its fingerprint and citation."""
    key = fingerprint(hit.text)
    body = {}
    for name, value in hit.to_api().items():
        body[name] = value
        if name == "paragraph":
            body["paragraph_number"] = hit.paragraph + 1
    body["url"] = paragraph_url(hit.doc_id, hit.paragraph, hit.text, key=key)
    body = {**body, "fingerprint": key, "citation": cite_hit(hit, accessed, key)}
    if hit.others is not None:  # grouped by document: its other matching paragraphs
        body["others"] = [hit_api(o, accessed) for o in hit.others]
    return body


def date_filter(start: str, end: str) -> str:
    """The indexer's date filter (lo..hi) from the two ends of a range; either may be empty."""
    start, end = (start or "").strip(), (end or "").strip()
    if not start and not end:
        return ""
    if start and end and start > end:
        start, end = end, start
    return f"{start or '0001'}..{end or '9999'}"


def split_date(value: str) -> tuple[str, str]:
    """A date filter (2022-01-01..2022-06-30, 2022-03, 2022) as the two ends of a range."""
    value = (value or "").strip()
    for sep in ("..", "~", "至", "到"):
        if sep in value:
            lo, _, hi = value.partition(sep)
            return lo.strip(), hi.strip()
    return value, value
