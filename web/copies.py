"""The same paragraph in other documents: the page and API route that list a paragraph's copies.

    GET /copies/<doc_id>/<paragraph>       the paragraph and its copies, earliest first
    GET /api/copies/<doc_id>/<paragraph>   the same as JSON
"""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

import indexer

from .api import DOC_ID_RE, MAX_PARAGRAPH, bad_doc_id
from .api import bp as api_bp
from .links import paragraph_url

bp = Blueprint("copies", __name__)


def _copies(doc_id: str, paragraph: int) -> list[dict]:
    if not DOC_ID_RE.fullmatch(doc_id) or paragraph >= MAX_PARAGRAPH:
        raise bad_doc_id()
    rows = indexer.paragraph_copies(current_app.config["INDEX_DIR"], doc_id, paragraph)
    for row in rows:
        row["url"] = paragraph_url(row["doc_id"], row["paragraph"], row["text"])
        row["paragraph_number"] = row["paragraph"] + 1
    return rows


@api_bp.get("/copies/<doc_id>/<int:paragraph>")  # an API route: its errors are JSON
def copies_api(doc_id: str, paragraph: int):
    rows = _copies(doc_id, paragraph)
    return {"doc_id": doc_id, "paragraph": paragraph,
            "count": len({r["doc_id"] for r in rows} - {doc_id}), "copies": rows}


@bp.get("/copies/<doc_id>/<int:paragraph>")
def copies_page(doc_id: str, paragraph: int):
    rows = _copies(doc_id, paragraph)
    this = next(r for r in rows if r["this"])
    others = len({r["doc_id"] for r in rows} - {doc_id})
    return render_template("copies.html", rows=rows, this=this, others=others)
