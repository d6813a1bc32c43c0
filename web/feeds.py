"""Following a search in a feed reader: an Atom feed of any search, newest paragraphs first.

    GET /feeds/search.atom?q=&year=&place=&source=&date=&from=&to=&kind=

Entries are ordered by when each paragraph entered the index (a re-index keeps the time of a
paragraph that did not change), so a feed reader shows what each re-index brought. Each entry
is one paragraph: its text with the query marked, its GB/T 7714 citation and its permalink.
Built with feedgen; an entry's id depends only on the document and the paragraph's text.
"""
from __future__ import annotations

import datetime as dt
import html
import uuid

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, current_app, url_for

import indexer

from .api import filter_params, query_param
from .links import accessed_today, cite_hit, paragraph_url

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

ENTRY_IDS = uuid.UUID("5b0c1f3e-2d6a-4c1e-9f7a-64616e67616e")  # uuid5 namespace of entry ids
MIMETYPE = "application/atom+xml"


def feed_params(q: str, filters: dict) -> dict:
    """URL parameters of the feed (or the search page) for query `q` and indexer filters."""
    return {"q": q, **filters}


def follow_links(q: str, filters: dict, page: str) -> dict:
    """What the search page needs to follow a search: its feed, the API URL counting its new
    matches, its own URL and a label, for the feed link and saved searches."""
    label = " ".join([q] + [f"{k}:{v}" for k, v in filters.items()])
    return {"feed": url_for("feeds.search_feed", **feed_params(q, filters)),
            "api": url_for("api.search", per_page=1, **feed_params(q, filters)),
            "page": page, "label": label}


def _time(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def _content(hit: indexer.Hit, cite: dict, link: str) -> str:
    return (f"<p>{hit.highlight}</p>"
            f"<p>引用：{html.escape(cite['gbt7714'])}</p>"
            f'<p><a href="{html.escape(link)}">{html.escape(link)}</a></p>')


@bp.get("/search.atom")
def search_feed():
    """The search's newest matching paragraphs as an Atom feed."""
    q, filters = query_param(), filter_params()
    index_dir = current_app.config["INDEX_DIR"]
    entries = indexer.latest(index_dir, q, filters)
    fg = FeedGenerator()
    self_url = url_for("feeds.search_feed", _external=True, **feed_params(q, filters))
    described = "，".join([indexer.in_quotes(q)] + [f"{k}:{v}" for k, v in filters.items()])
    fg.id(self_url)
    fg.title(f"档案：{described} 的新段落")
    fg.subtitle(f"档案中含有 {described} 的段落，按进入索引的时间，最新的在前。")
    fg.link(href=self_url, rel="self", type=MIMETYPE)
    page = dict(feed_params(q, filters))
    date = page.pop("date", "")
    if date:  # the page takes a date range as from= and to=
        page["from"], _, page["to"] = date.partition("..")
    fg.link(href=url_for("pages.search", _external=True, **page), rel="alternate", type="text/html")
    fg.author(name="档案 dangan")
    fg.generator("dangan")
    fg.language("zh-CN")
    newest = max((t for _, t in entries), default=0)
    fg.updated(_time(newest) if newest else _built(index_dir))
    accessed = accessed_today()
    seen: set[str] = set()
    for hit, t in entries:
        cite = cite_hit(hit, accessed)
        link = paragraph_url(hit.doc_id, hit.paragraph, hit.text, external=True)
        key = f"{hit.doc_id}/{indexer.fingerprint(hit.text)}"
        if key in seen:  # the same text twice in one document
            key += f"/{hit.paragraph}"
        seen.add(key)
        fe = fg.add_entry(order="append")
        fe.id(uuid.uuid5(ENTRY_IDS, key).urn)
        fe.title(f"{hit.title or hit.path} · 第 {hit.paragraph + 1} 段")
        fe.link(href=link, rel="alternate", type="text/html")
        fe.published(_time(t))
        fe.updated(_time(t))
        fe.content(_content(hit, cite, link), type="html")
        if hit.source or hit.place:
            fe.author(name=hit.source or hit.place)
    body = fg.atom_str(pretty=True)
    return Response(body, mimetype=MIMETYPE, headers={"Cache-Control": "no-cache"})


def _built(index_dir: str) -> dt.datetime:
    """When the live build was made (now if unknown): the updated time of a feed with no entries."""
    try:
        return _time(indexer.parse_time(indexer.index_info(index_dir).get("built_at", "")))
    except (ValueError, OverflowError, OSError):
        return dt.datetime.now(dt.timezone.utc)
