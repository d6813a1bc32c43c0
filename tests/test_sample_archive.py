"""The sample archive a new user meets first (archive/): each source spelled one way."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from indexer.reading import load_archive

SAMPLE = Path(__file__).resolve().parent.parent / "archive"


def test_each_source_of_the_sample_is_spelled_one_way():
    docs, _ = load_archive(SAMPLE)
    spellings = defaultdict(set)
    for doc in docs:
        if doc.source:
            spellings[re.split(r"[（(]", doc.source)[0].strip()].add(doc.source)
    assert spellings, "the sample names its sources"
    assert {name: forms for name, forms in spellings.items() if len(forms) > 1} == {}
    notes = {re.search(r"[（(].*[）)]", s).group(0) for forms in spellings.values() for s in forms
             if re.search(r"[（(]", s)}
    assert len(notes) <= 1, notes  # one way of saying the documents are invented


def test_the_sample_offers_a_comparison_across_years(tmp_path):
    import indexer
    from web import create_app

    index = tmp_path / "index"
    indexer.build_index(SAMPLE, index, procs=1)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    doc_id = indexer.make_doc_id("reports/2021_青溪镇_政府工作报告.txt")
    page = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "其他年份" in page
    url = re.search(r'<a class="compare-link" href="([^"]+)"', page).group(1)
    compare = client.get(url.replace("&amp;", "&")).get_data(as_text=True)
    assert re.findall(r'<section class="year-column" id="y(\d+)"', compare) == ["2021", "2024"]


def _examples() -> list[str]:
    """The queries the README and the home page's help offer to try."""
    readme = (SAMPLE.parent / "README.md").read_text(encoding="utf-8")
    tried = readme.split("Try ", 1)[1].split("\n\n", 1)[0]
    help_page = (SAMPLE.parent / "web" / "templates" / "_help.html").read_text(encoding="utf-8")
    import html
    return ([m for m in re.findall(r"`([^`]+)`", tried)] + ["养老"]
            + [html.unescape(m) for m in re.findall(r"<td><code>([^<]+)</code>", help_page)])


def test_every_example_offered_finds_something_in_the_sample(tmp_path):
    import indexer
    from web import create_app

    index = tmp_path / "index"
    indexer.build_index(SAMPLE, index, procs=1)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    examples = _examples()
    assert len(examples) >= 12
    for q in examples:
        response = client.get("/", query_string={"q": q}, follow_redirects=True)
        text = response.get_data(as_text=True)
        assert response.status_code == 200, q
        found = re.search(r"找到 <strong>(\d+)</strong> 个段落", text) or re.search(r"共 <strong>(\d+)</strong> 篇", text)
        assert found and int(found.group(1)) > 0, q
