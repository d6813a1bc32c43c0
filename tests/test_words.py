"""Word postings beside the index (words.py) and the BM25F computed from them (ranking.py)."""
import math
from collections import Counter

import numpy as np
import pytest

from indexer import build_index, store, words
from indexer.analysis import WordAnalyzer, is_word, word_cutter
from indexer.ranking import B, K1, TITLE_BOOST, word_scores


def slashes(text):
    return [w for w in text.split("/") if w]


@pytest.mark.parametrize("texts, expected", [
    (["政府/工作/报告"], {"政府": ([0], [1]), "工作": ([0], [1]), "报告": ([0], [1])}),
    (["政府/政府/报告", "", "报告"], {"政府": ([0], [2]), "报告": ([0, 2], [1, 1])}),
    (["送桥镇", "送桥镇", "乡"], {"送桥镇": ([0, 1], [1, 1]), "乡": ([2], [1])}),  # repeats cut once
])
def test_postings_list_each_word_once_per_paragraph_with_its_count(texts, expected, tmp_path):
    words.grams.write(tmp_path, texts, prefix=words.WORD_PREFIX, make=words.postings_maker(slashes))
    w = words.Words(tmp_path)
    assert len(w.table.keys) == len(expected)
    for word, (docs, counts) in expected.items():
        assert w.frequency(word) == len(docs)
        assert w.docs_of(word).tolist() == docs
        assert w.counts_in(word, np.array(docs)).tolist() == counts
    assert w.frequency("没有") == 0
    assert w.lengths_of(np.arange(len(texts) + 2)).tolist() == [len(slashes(t)) for t in texts] + [0, 0]


def test_keys_are_stable_and_fit_beside_a_document_number():
    assert words.key("政府") == words.key("政府") != words.key("报告")
    assert 0 <= words.key("政府") < 1 << words.grams.KEY_BITS
    # a fixed value: keys must not change between processes or Python versions (hash seeds)
    assert words.key("政府") == int.from_bytes(
        __import__("hashlib").blake2b("政府".encode(), digest_size=8).digest(), "little") & ((1 << 42) - 1)


@pytest.mark.parametrize("segmenter", ["rjieba", "jieba"])
@pytest.mark.parametrize("text", [
    "北京天安门广场举行升旗仪式,群众观看。",
    "中华人民共和国国务院政府工作报告",
    "2025年国内生产总值增长5.2%",
    "",
])
def test_the_cutter_gives_the_words_whoosh_indexes(segmenter, text):
    # (jieba-rs's search mode also gives a few pieces of Latin words, pm2 of pm2.5: not tested)
    analyzer = WordAnalyzer(segmenter)
    indexed = [t.text for t in analyzer(text, mode="index", positions=True)]  # the path in Python
    assert Counter(t.text for t in analyzer(text, mode="index")) == Counter(indexed)  # and in Rust
    assert Counter(filter(is_word, word_cutter(analyzer)(text))) == Counter(indexed)


def test_sub_words_of_a_long_word_are_indexed_too():
    assert "天安门" in word_cutter(WordAnalyzer())("北京天安门广场")


def test_words_that_keep_drops_are_not_posted(tmp_path):
    make = words.postings_maker(slashes, keep=lambda w: w != "，")
    words.grams.write(tmp_path, ["政府/，/报告", "，"], prefix=words.WORD_PREFIX, make=make)
    w = words.Words(tmp_path)
    assert w.frequency("，") == 0 and w.frequency("政府") == 1
    assert w.lengths_of(np.arange(2)).tolist() == [2, 0]


def test_an_update_with_the_numbered_path_gives_the_same_postings(tmp_path, monkeypatch):
    old, texts = ["政府/报告", "工作"], ["政府/报告", "", "报告/报告/工作"]
    words.grams.write(tmp_path, old, prefix=words.WORD_PREFIX, make=words.postings_maker(slashes))
    make = words.postings_maker(slashes)
    got = words.grams.updated(words.Words(tmp_path), np.array([0, -1]), {2: texts[2]}, texts, make)
    monkeypatch.setattr(words.grams, "DOC_BITS", 1)  # 3 paragraphs > 2: keys numbered first
    for a, b in zip(got, make(texts)):
        assert a.tolist() == b.tolist()


def _reference(paragraphs, titles, query, docs):
    """BM25F written out from Counters of each paragraph's and title's words."""
    n = len(paragraphs)
    avg = sum(map(len, paragraphs)) / n
    tavg = sum(map(len, titles)) / n
    out = []
    for d in docs:
        score = 0.0
        for field, boost, mean in ((paragraphs, 1.0, avg), (titles, TITLE_BOOST, tavg)):
            for w in query:
                df = sum(1 for p in field if w in p)
                tf = boost * Counter(field[d])[w]
                idf = math.log(n / (df + 1)) + 1
                score += (boost if field is titles else 1.0) * idf * tf * (K1 + 1) / (
                    tf + K1 * (1 - B + B * len(field[d]) / mean))
        out.append(score)
    return out


def test_word_scores_are_bm25f_over_paragraph_and_title_words(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    docs = {
        "a.txt": ("污水处理厂建设", ["污水处理厂投入运行，污水全部处理。", "群众普遍满意。"]),
        "b.txt": ("养老服务", ["新建养老服务中心一处。", "污水管网延伸到村。"]),
        "c.txt": ("镇政府工作报告", ["今年完成污水处理厂提标改造，养老服务覆盖全镇。"]),
    }
    for name, (title, paras) in docs.items():
        body = "\n".join(paras)
        (archive / name).write_text(f"---\ntitle: {title}\ndate: 2024-01-01\n---\n{body}\n", encoding="utf-8")
    build_index(archive, tmp_path / "index", procs=1)
    snap = store.snapshot(tmp_path / "index")
    cut = word_cutter(snap.ix.schema["words"].analyzer)
    paragraphs = [list(filter(is_word, cut(t))) for t in snap.folded]
    titles = [list(filter(is_word, cut(t))) for t in snap.columns["title"]]
    query = ["污水", "养老"]
    every = np.arange(len(paragraphs))
    got = word_scores(snap, query, every).tolist()
    assert got == pytest.approx(_reference(paragraphs, titles, query, every.tolist()))
    for d, score in enumerate(got):  # a word in the paragraph or its title scores, nothing else does
        holds = any(w in paragraphs[d] or w in titles[d] for w in query)
        assert (score > 0) == holds
