"""Which documents' titles hold a string (titles.py): by bigram postings, as a scan would find."""
import pytest

from indexer.titles import TitleIndex

DOC_IDS = ["a", "a", "b", "", "c", "d"]
PARAGRAPHS = [0, 1, 0, 0, 0, 0]
TITLES = ["送桥镇政府工作报告", "送桥镇政府工作报告", "青溪镇养老服务", "已删除的镇", "镇政府", "2024年报告报告"]


@pytest.mark.parametrize("s, expected", [
    ("镇", {0, 2, 4}),  # one character: scanned; a deleted paragraph ("" doc id) is no lead
    ("镇政", {0, 4}),  # two: the bigram's list is the answer
    ("镇政府工作", {0}),  # longer: candidates by the rarest bigrams, then checked
    ("报告报告", {5}),
    ("政府镇", set()),  # every bigram present, never together
    ("没有", set()),
    ("", set()),
    ("镇\n青", set()),  # never across two titles
])
def test_containing_finds_lead_paragraphs_whose_title_holds_the_string(s, expected):
    index = TitleIndex(DOC_IDS, PARAGRAPHS, TITLES)
    assert index.containing(s) == expected
    assert expected == {n for n in index.leads if s and "\n" not in s and s in TITLES[n]}
