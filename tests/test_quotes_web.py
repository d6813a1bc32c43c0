"""Headings that quote the query never wrap typed quotes in more quotes (“"项目为王"” → “项目为王”)."""
from __future__ import annotations

import re

import pytest

from conftest import BEIJING


@pytest.mark.parametrize("q, heading", [
    ('"天安门广场"', "“天安门广场”"),
    ('"天安门广场" 升旗', "“‘天安门广场’ 升旗”"),
])
def test_search_and_document_headings_quote_once(client, doc_ids, q, heading):
    pages = [client.get("/", query_string={"q": q}).get_data(as_text=True),
             client.get(f"/documents/{doc_ids[BEIJING]}", query_string={"q": q}).get_data(as_text=True)]
    for page in pages:
        assert heading in page
        assert not re.search(r"“&#34;|&#34;”|“\"|\"”|““|””", page)
