import numpy as np
import pytest

from indexer import grams


@pytest.mark.parametrize("texts, expected", [
    (["送桥镇"], {"送桥": [0], "桥镇": [0]}),
    (["送桥镇", "桥镇", "送桥送桥"], {"送桥": [0, 2], "桥镇": [0, 1], "桥送": [2]}),
    (["", "3家", ""], {"3家": [1]}),
    (["镇", "乡"], {}),  # one character has no bigram; it is scanned for
    (["𠀀𠀁"], {"𠀀𠀁": [0]}),  # beyond the Basic Multilingual Plane
])
def test_postings_list_each_bigram_once_per_paragraph(texts, expected, tmp_path):
    grams.write(tmp_path, texts)
    g = grams.Grams(tmp_path)
    found = {}
    keys, starts, docs, _ = g.flat()
    for key, lo, hi in zip(keys, starts[:-1], starts[1:]):
        gram = chr(int(key) >> 21) + chr(int(key) & 0x1FFFFF)
        found[gram] = docs[lo:hi].tolist()
    assert found == expected
    for gram, docs in expected.items():
        assert g.frequency(gram) == len(docs)
        assert g.docs_of(gram).tolist() == docs


def test_no_bigram_spans_two_paragraphs(tmp_path):
    grams.write(tmp_path, ["送桥", "镇政府"])
    g = grams.Grams(tmp_path)
    assert g.frequency("桥镇") == 0 and g.docs_of("桥镇").tolist() == []


@pytest.mark.parametrize("wanted, docs", [
    (["送桥", "桥镇"], [0]),
    (["送桥"], [0, 2]),
    (["送桥", "未有"], []),
    ([], []),
])
def test_all_of_intersects(wanted, docs, tmp_path):
    grams.write(tmp_path, ["送桥镇", "桥镇", "送桥送桥"])
    assert grams.Grams(tmp_path).all_of(wanted).tolist() == docs


def test_arrays_are_memory_mapped(tmp_path):
    grams.write(tmp_path, ["送桥镇"])
    g = grams.Grams(tmp_path)
    assert all(isinstance(a.base, np.memmap) for a in g.table)
    assert g.table.gaps.dtype == np.uint16 and g.table.keys.dtype == np.int64


@pytest.mark.parametrize("gram, docs, expected", [
    ("送桥", [0, 1, 2], [1, 0, 2]),
    ("桥送", [2, 0], [1, 0]),
    ("未有", [0, 1], [0, 0]),
    ("送桥", [], []),
])
def test_counts_in_gives_each_paragraphs_count(gram, docs, expected, tmp_path):
    grams.write(tmp_path, ["送桥镇", "桥镇", "送桥送桥"])
    got = grams.Grams(tmp_path).counts_in(gram, np.array(docs, dtype=np.int64))
    assert got.tolist() == expected


def test_archives_too_large_to_pack_give_the_same_postings(monkeypatch):
    texts = ["送桥镇政府", "", "桥镇送桥", "镇政府送桥"]
    packed = grams.postings(texts)
    monkeypatch.setattr(grams, "DOC_BITS", 1)  # 4 paragraphs > 2: the numbered path
    for a, b in zip(packed, grams.postings(texts)):
        assert a.tolist() == b.tolist()


@pytest.mark.parametrize("old, remap, fresh", [
    (["送桥镇", "桥镇政府", "镇政府"], [0, -1, 1], {2: "送桥送桥", 3: "政府"}),  # one gone, two added
    (["送桥镇", "桥镇"], [-1, -1], {0: "镇政府"}),  # all replaced
    (["送桥镇", "桥镇"], [0, 1], {}),  # nothing new
    (["送桥镇", "", "桥镇"], [1, 0, 2], {3: "桥镇桥镇"}),  # renumbered out of order
    (["甲乙", "丙丁", "戊己"], [0, -1, 1], {2: "乙丙甲乙", 3: "丁戊戊己"}),  # a bigram gone, new ones between
    (["甲乙", "丙丁"], [1, 2], {0: "甲乙丙"}),  # a fresh paragraph before the kept ones
    (["甲乙乙", "乙乙甲"], [0, 2], {1: "乙乙", 3: "乙甲乙乙"}),  # fresh between kept (a merged segment)
    (["甲乙", "丙丁", "甲乙丙"], [0, -1, 2], {3: "丙丁甲", 4: "己庚"}),  # a row blanked, not renumbered
    ([], [], {0: "送桥镇", 1: ""}),  # nothing before
    (["甲乙丙"], [-1], {}),  # everything gone
])
def test_an_update_gives_the_postings_of_its_texts(old, remap, fresh, tmp_path):
    grams.write(tmp_path, old)
    texts = [""] * (max([r for r in remap if r >= 0] + list(fresh), default=-1) + 1)
    for i, r in enumerate(remap):
        if r >= 0:
            texts[r] = old[i]
    for n, t in fresh.items():
        texts[n] = t
    got = grams.updated(grams.Grams(tmp_path), np.array(remap, dtype=np.int64), fresh, texts)
    for a, b in zip(got, grams.postings(texts)):
        assert a.tolist() == b.tolist()
