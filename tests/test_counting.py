"""Counts with arrays give what counting the matches one by one gives."""
from collections import Counter

import pytest

from indexer import counting, store


@pytest.fixture(scope="module")
def snap(index_dir):
    return store.snapshot(index_dir)


def _subsets(snap):
    n = len(snap.folded)
    return [list(range(n)), list(range(0, n, 3)), [n - 1], []]


@pytest.mark.parametrize("which", range(4))
def test_facets_match_a_counter(snap, which):
    docs = _subsets(snap)[which]
    got = counting.facets(snap, counting.as_array(docs))
    years = Counter(snap.years[d] for d in docs)
    assert got["year"] == sorted(((str(y), n) for y, n in years.items() if y), reverse=True)
    for name in ("place", "source"):
        tally = Counter(snap.columns[name][d] for d in docs)
        assert got[name] == sorted(((v, n) for v, n in tally.items() if v), key=lambda vn: (-vn[1], vn[0]))


@pytest.mark.parametrize("which", range(4))
def test_documents_per_year_counts_distinct_documents(snap, which):
    docs = _subsets(snap)[which]
    expected: dict[int, set] = {}
    for d in docs:
        expected.setdefault(snap.years[d], set()).add(snap.columns["doc_id"][d])
    got = counting.documents_per_year(snap, counting.as_array(docs))
    assert got == {y: len(ids) for y, ids in expected.items()}


@pytest.mark.parametrize("newest", [False, True])
@pytest.mark.parametrize("wanted", [1, 5, 10_000])
def test_chronological_is_the_sorted_head(snap, newest, wanted):
    cols = snap.columns
    docs = _subsets(snap)[1]

    def key(d):
        return (cols["date"][d], cols["doc_id"][d], cols["paragraph"][d])

    expected = sorted(docs, key=key, reverse=newest)[:wanted]
    assert counting.chronological(snap, counting.as_array(docs), wanted, newest) == expected


@pytest.mark.parametrize("which", range(4))
def test_dated_keeps_the_paragraphs_with_a_date(snap, which):
    docs = _subsets(snap)[which]
    got = counting.dated(snap, counting.as_array(docs)).tolist()
    assert got == [d for d in docs if snap.columns["date"][d]]
