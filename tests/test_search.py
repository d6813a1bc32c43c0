"""Recall and ranking tables on a small index built from documents written here."""
import pytest

from indexer import (Document, QueryError, documents, get_document, iter_hits, search, timeline,
                     words_summary, write_index)
from indexer import ranking
from indexer.errors import DocumentNotFound

DOCS = [
    Document("news/2021_beijing.txt", title="北京天安门广场举行升旗仪式", date="2021-10-01",
             place="北京市", source="本台新闻",
             paragraphs=["国庆当天清晨，北京天安门广场举行升国旗仪式。",
                         "数万名群众在广场上观看。"]),
    Document("reports/2022_songqiao.txt", title="2022年送桥镇政府工作报告", date="2022-12-30",
             place="送桥镇", source="今日高邮",
             paragraphs=["始终坚持“项目为王”，全年累计完成新签约项目13个。",
                         "科技创新成果显著，累计完成专利授权1133件，发明专利申请130件。",
                         "国家卫生镇创建工作有声有色，23处公厕改造完毕。",
                         "社会工作站、公益性墓园管理引入第三方机构，运营质态良好。",
                         "完成规上工业产值161.6亿元；一般公共预算收入2.72亿元。",
                         "养老服务体系初步形成，服务功能不断强化。"]),
    Document("reports/2023_songqiao.txt", title="2023年送桥镇政府工作报告", date="2023-12-28",
             place="送桥镇", source="今日高邮",
             paragraphs=["新增规上企业３家，待处理信访件全部办结。",
                         "村卫生室和厕所改造同步推进，疫情防控平稳转段。",
                         "新建养老床位120张，服务老人养老需求。"]),
    Document("reports/1954_national.txt", title="1954年政府工作報告", date="1954-09-23",
             place="全国", source="国务院",
             paragraphs=["我們的國家正在進行社會主義建設，天安門廣場見證了新中國的誕生。"]),
    Document("news/2024_city.txt", title="市民关注养老", date="2024-05-01", place="高邮市",
             source="本台新闻",
             paragraphs=["城区公厕全部免费开放。", "养老院和服务中心的服务质量提升。",
                         "社会工作专业人才队伍不断壮大。"]),
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("index")
    write_index(DOCS, path, procs=1)
    return path


def found(index_dir, q, **kw):
    result = search(index_dir, q, per_page=100, **kw)
    return {(h.path, h.paragraph) for h in result.hits}


@pytest.mark.parametrize("q, expected", [
    # a dictionary word segmented inside a longer word
    ("天安门广场", {("news/2021_beijing.txt", 0), ("reports/1954_national.txt", 0)}),
    ("天安门", {("news/2021_beijing.txt", 0), ("reports/1954_national.txt", 0)}),
    ("处理", {("reports/2023_songqiao.txt", 0)}),
    ("社会工作", {("reports/2022_songqiao.txt", 3), ("news/2024_city.txt", 2)}),
    # quoted 4- and 5-character phrases
    ('"项目为王"', {("reports/2022_songqiao.txt", 0)}),
    ('"专利授权1133件"', {("reports/2022_songqiao.txt", 1)}),
    ('"公厕改造"', {("reports/2022_songqiao.txt", 2)}),
    ('"国家卫生镇"', {("reports/2022_songqiao.txt", 2)}),
    # numbers with units as typed, full-width in the text
    ("3家", {("reports/2023_songqiao.txt", 0)}),
    ("2.72亿元", {("reports/2022_songqiao.txt", 4)}),
    ("１１３３件", {("reports/2022_songqiao.txt", 1)}),
    # traditional query against simplified text and the reverse
    ("天安門廣場", {("news/2021_beijing.txt", 0), ("reports/1954_national.txt", 0)}),
    ("社会主义建设", {("reports/1954_national.txt", 0)}),
    # a single character
    # (and the 2023 report by its first paragraph: its title has 镇, none of its paragraphs has)
    ("镇", {("reports/2022_songqiao.txt", 2), ("reports/2023_songqiao.txt", 0)}),
    # all words must occur in the paragraph
    ("养老 服务", {("reports/2022_songqiao.txt", 5), ("reports/2023_songqiao.txt", 2),
                  ("news/2024_city.txt", 1)}),
    # OR and exclusion
    ("公厕 OR 厕所", {("reports/2022_songqiao.txt", 2), ("reports/2023_songqiao.txt", 1),
                     ("news/2024_city.txt", 0)}),
    ("公厕 OR 厕所 -疫情", {("reports/2022_songqiao.txt", 2), ("news/2024_city.txt", 0)}),
    # absent strings find nothing
    ("不存在的词语", set()),
    ('"项目为王者"', set()),
])
def test_recall(index_dir, q, expected):
    assert found(index_dir, q) == expected


@pytest.mark.parametrize("q, expected_paths", [
    ("养老 year:2023", {"reports/2023_songqiao.txt"}),
    ("养老 year:2022-2023", {"reports/2022_songqiao.txt", "reports/2023_songqiao.txt"}),
    ("养老 date:2024-05", {"news/2024_city.txt"}),
    ("养老 date:2022-01-01..2023-06-30", {"reports/2022_songqiao.txt"}),
    ("公厕 OR 厕所 place:送桥镇", {"reports/2022_songqiao.txt", "reports/2023_songqiao.txt"}),
    ("天安门 source:国务院", {"reports/1954_national.txt"}),
    ("天安门 place:北京", {"news/2021_beijing.txt"}),  # a prefix of 北京市
])
def test_filters(index_dir, q, expected_paths):
    assert {path for path, _ in found(index_dir, q)} == expected_paths


def test_form_filters_apply_like_typed_ones(index_dir):
    assert found(index_dir, "养老", filters={"year": "2023"}) == found(index_dir, "养老 year:2023")


def test_exact_whole_query_ranks_first(index_dir):
    hits = search(index_dir, "养老 服务").hits
    exact = ["养老服务" in h.text for h in hits]
    assert exact == sorted(exact, reverse=True) and exact[0] and not exact[-1]


def test_title_matches_weigh_more(index_dir):
    hits = search(index_dir, "养老").hits
    assert hits[0].title == "市民关注养老"


@pytest.mark.parametrize("sort, dates", [
    ("newest", ["2024-05-01", "2024-05-01", "2023-12-28", "2022-12-30", "2022-12-30"]),
    ("oldest", ["2022-12-30", "2022-12-30", "2023-12-28", "2024-05-01", "2024-05-01"]),
])
def test_sort_by_date(index_dir, sort, dates):
    assert [h.date for h in search(index_dir, "服务 OR 公厕", sort=sort).hits] == dates


def test_highlight_marks_exact_characters_and_escapes(index_dir):
    hit = search(index_dir, "天安門廣場 year:1954").hits[0]
    assert hit.highlight.count("<mark>") == 1
    assert "<mark>天安門廣場</mark>" in hit.highlight


def test_pagination_total_and_no_duplicates(index_dir):
    pages = [search(index_dir, "服务 OR 公厕 OR 养老", page=p, per_page=2) for p in (1, 2, 3, 4)]
    seen = [(h.doc_id, h.paragraph) for r in pages for h in r.hits]
    assert all(r.total == pages[0].total for r in pages)
    assert len(seen) == len(set(seen)) == pages[0].total


def test_more_matches_in_the_same_document(index_dir):
    hits = {h.path: h.more_in_doc for h in search(index_dir, "养老", per_page=100).hits}
    assert hits["reports/2023_songqiao.txt"] == 0
    result = search(index_dir, "服务", per_page=100)
    assert {h.path: h.more_in_doc for h in result.hits}["news/2024_city.txt"] == 0
    two = search(index_dir, "项目 OR 专利", per_page=100).hits
    assert all(h.more_in_doc == 1 for h in two)


def test_facets_count_all_matches(index_dir):
    result = search(index_dir, "养老", per_page=1)
    assert dict(result.facets["year"]) == {"2024": 1, "2023": 1, "2022": 1}
    assert dict(result.facets["place"]) == {"送桥镇": 2, "高邮市": 1}


def test_reading_says_how_the_query_was_read(index_dir):
    reading = search(index_dir, '天安門廣場 OR "项目为王" -疫情 year:2022').reading
    assert reading.any_of == [["天安门广场", "项目为王"]]
    assert reading.exclude == ["疫情"]
    assert reading.filters == {"year": "2022"}
    assert "天安门广场" in reading.words
    assert reading.also == {}


def test_reading_names_the_phrase_level_form_it_also_searched(fold_index):
    reading = search(fold_index, "瞭解 -藉口 研究").reading
    assert reading.also == {"瞭解": "了解", "藉口": "借口"}
    assert reading.to_api()["also"] == reading.also


@pytest.mark.parametrize("kwargs", [
    {"q": '"养老'}, {"q": "OR"}, {"q": "-养老"}, {"q": "养老", "page": 0},
    {"q": "养老", "per_page": 101}, {"q": "养老", "page": "x"}, {"q": "养老", "sort": "random"},
])
def test_bad_queries_raise_query_error(index_dir, kwargs):
    with pytest.raises(QueryError):
        search(index_dir, **kwargs)


def test_get_document_returns_every_paragraph_in_order(index_dir):
    doc = DOCS[1]
    view = get_document(index_dir, doc.doc_id)
    assert view.paragraphs == doc.paragraphs
    assert (view.title, view.date, view.place, view.path) == (doc.title, doc.date, doc.place, doc.path)
    with pytest.raises(DocumentNotFound):
        get_document(index_dir, "0" * 16)


def test_iter_hits_yields_every_match_in_page_order(index_dir):
    everything = [(h.doc_id, h.paragraph) for h in iter_hits(index_dir, "服务 OR 公厕")]
    paged = [(h.doc_id, h.paragraph) for p in (1, 2, 3)
             for h in search(index_dir, "服务 OR 公厕", page=p, per_page=2).hits]
    assert everything == paged and len(everything) == 5


def test_timeline_counts_per_year_with_first_and_last_mention(index_dir):
    tl = timeline(index_dir, "养老")
    assert [(y.year, y.paragraphs, y.documents) for y in tl.years] == [(2022, 1, 1), (2023, 1, 1), (2024, 1, 1)]
    assert all(y.per_100k > 0 for y in tl.years)
    assert (tl.first.date, tl.last.date) == ("2022-12-30", "2024-05-01")
    assert tl.first.url.startswith(f"/documents/{DOCS[1].doc_id}#p")


def test_a_page_asking_search_then_timeline_matches_the_query_once(index_dir, monkeypatch):
    import indexer.searching as searching

    calls = []
    original = searching.matching
    monkeypatch.setattr(searching, "matching", lambda *a, **k: calls.append(a[1]) or original(*a, **k))
    q = "养老 公厕 OR 天安门"  # a query no other test asks, so that nothing is remembered yet
    result = search(index_dir, q)
    tl = timeline(index_dir, q)
    assert len(calls) == 1 and tl.total == result.total
    assert search(index_dir, q, filters={"place": "北京"}).total <= result.total  # another query
    assert len(calls) == 2


@pytest.mark.parametrize("q, filters, expected", [
    # a filter that leaves nothing: the same query without it
    ("天安门 year:2023", None, [("天安门", {}, 2)]),
    ("养老", {"place": "北京"}, [("养老", {}, 3)]),
    # two strings that never meet in one paragraph: each alone
    ("天安门 公厕", None, [("天安门", {}, 2), ("公厕", {}, 2)]),
    # a long statement that does not occur: its longest part that does
    # (quoted, so that the part too is found only as typed)
    ('"累计完成专利授权2000件"', None, [('"累计完成专利授权"', {}, 1)]),
    # (one only a few characters off gets near statements instead: see test_near.py)
    ('"国家卫生镇创建成功并通过验收"', None, [('"国家卫生镇创建"', {}, 1)]),
])
def test_suggestions_when_nothing_is_found(index_dir, q, filters, expected):
    result = search(index_dir, q, filters=filters)
    assert result.total == 0
    got = [(s.query, s.filters, s.total) for s in result.suggestions]
    assert got == expected
    for s in result.suggestions:  # each suggestion finds what it promises
        assert search(index_dir, s.query, filters=s.filters).total == s.total


@pytest.mark.parametrize("q", ["“" + "…" * 167 + "” year:1900", "“" + "…" * 167 + "” 不存在"])
def test_suggestions_are_queries_the_parser_accepts(tmp_path, q):
    # 167 typed "…" fit the length limit, but their folded form ("..." each) written back would not
    doc = Document("long.txt", title="省略号", date="2020-01-01", paragraphs=["他说：" + "…" * 200])
    write_index([doc], tmp_path, procs=1)
    assert search(tmp_path, "“" + "…" * 167 + "”").total == 1
    result = search(tmp_path, q)
    assert result.total == 0
    for s in result.suggestions:
        search(tmp_path, s.query, filters=s.filters)  # raises QueryError if it is not


@pytest.mark.parametrize("q", ["服务 OR 公厕 OR 养老", "镇", "养老 -疫情"])
def test_a_search_out_of_time_is_partial_never_wrong(index_dir, q):
    full = search(index_dir, q, per_page=100)
    cut = search(index_dir, q, per_page=100, time_limit=0)
    assert cut.partial and not full.partial
    assert {(h.doc_id, h.paragraph) for h in cut.hits} <= {(h.doc_id, h.paragraph) for h in full.hits}
    assert cut.total <= full.total


@pytest.mark.parametrize("filters, paths", [
    ({"place": "送桥镇"}, ["reports/2022_songqiao.txt", "reports/2023_songqiao.txt"]),
    ({"year": "2021-2022"}, ["news/2021_beijing.txt", "reports/2022_songqiao.txt"]),
    ({}, ["reports/1954_national.txt", "news/2021_beijing.txt", "reports/2022_songqiao.txt",
          "reports/2023_songqiao.txt", "news/2024_city.txt"]),
])
def test_documents_lists_what_the_filters_allow_by_date(index_dir, filters, paths):
    listed = documents(index_dir, filters)
    assert [d.path for d in listed] == paths
    sizes = {d.path: d.paragraphs for d in listed}
    assert all(sizes[doc.path] == len(doc.paragraphs) for doc in DOCS if doc.path in sizes)


FOLD_DOCS = [
    Document("a.txt", title="简体", date="2024-01-01", paragraphs=[
        "经过反复研究，我们了解到群众的需求。", "不能以任何借口拖延答复。", "这里没有别的。"]),
    Document("b.txt", title="繁體", date="1954-09-23", paragraphs=[
        "經過反覆的研究，我們瞭解到人民的要求。", "不得以任何藉口推託。"]),
]


@pytest.fixture(scope="module")
def fold_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("fold-index")
    write_index(FOLD_DOCS, path, procs=1)
    return path


# 覆, 藉 and 瞭 are simplified characters too, so only phrase-level folding maps 反覆 to 反复
@pytest.mark.parametrize("q, expected", [
    ("反复", {("a.txt", 0), ("b.txt", 0)}),
    ("反覆", {("a.txt", 0), ("b.txt", 0)}),
    ('"反覆的研究"', {("b.txt", 0)}),
    ('"反复的研究"', {("b.txt", 0)}),
    ("了解到", {("a.txt", 0), ("b.txt", 0)}),
    ("瞭解", {("a.txt", 0), ("b.txt", 0)}),
    ("借口", {("a.txt", 1), ("b.txt", 1)}),
    ('"任何藉口"', {("a.txt", 1), ("b.txt", 1)}),
    ("答覆", {("a.txt", 1)}),
    ("研究 -反覆", set()),
    ("任何 -借口", set()),
    ("覆", {("b.txt", 0)}),  # one character alone is matched as written
])
def test_traditional_words_match_by_phrase_as_well_as_by_character(fold_index, q, expected):
    result = search(fold_index, q, per_page=100)
    assert {(h.path, h.paragraph) for h in result.hits} == expected
    for h in result.hits:
        assert "<mark>" in h.highlight


def test_paragraph_with_the_whole_phrase_folded_ranks_first(fold_index):
    result = search(fold_index, "反覆 研究")
    assert result.total == 2
    assert "<mark>反复研究</mark>" in result.hits[0].highlight
    assert "<mark>反覆</mark>的<mark>研究</mark>" in result.hits[1].highlight
    assert [h.path for h in result.hits] == ["a.txt", "b.txt"]  # 反复研究 whole; 反覆的研究 not


@pytest.mark.parametrize("words, ranked", [
    (["的", "工作", "养老", "服务"], ["养老", "服务"]),  # the very common words do not rank
    (["的", "工作"], ["的", "工作"]),                    # but the rarest two always do
    (["工作", "的", "养老"], ["工作", "养老"]),
])
def test_very_common_words_are_left_out_of_the_ranking_query(tmp_path, words, ranked):
    from indexer import store
    from indexer.ranking import rank_words as _rank_words

    paragraphs = [f"第{n}项工作的进展。" for n in range(40)] + ["养老服务的工作。"]
    write_index([Document("a.txt", title="", date="2020-01-01", paragraphs=paragraphs)],
                tmp_path, procs=1)
    assert _rank_words(store.snapshot(tmp_path), words) == ranked


# --- strings typed without spaces, read as words ---------------------------------------------

def test_run_together_words_find_paragraphs_with_every_word(index_dir):
    result = search(index_dir, "养老服务", per_page=100)
    assert {(h.path, h.paragraph, h.match) for h in result.hits} == {
        ("reports/2022_songqiao.txt", 5, "exact"),  # 养老服务体系
        ("reports/2023_songqiao.txt", 2, "words"),  # 服务老人养老需求
        ("news/2024_city.txt", 1, "words"),  # 养老院和服务中心
    }
    assert (result.total, result.exact_total) == (3, 1)
    assert result.hits[0].match == "exact"
    assert result.reading.read_as_words == [{"string": "养老服务", "words": ["养老", "服务"], "dropped": []}]
    assert result.reading.exact_query == '"养老服务"'
    words_hit = next(h for h in result.hits if h.path == "news/2024_city.txt")
    assert words_hit.highlight == "<mark>养老</mark>院和<mark>服务</mark>中心的<mark>服务</mark>质量提升。"


@pytest.mark.parametrize("q, total, exact_total", [
    ('"养老服务"', 1, 1),  # quoted: exact only
    ("服务养老", 3, 0),  # the words in the other order: never as typed
    ("养老院", 1, 1),  # one word: exact
    ("养老院的服务", 1, 0),  # 的 dropped: 养老院 and 服务
    ("3家", 1, 1),  # a number with its unit stays whole
    ("养老服务 year:2023", 1, 0),
])
def test_how_many_hold_the_string_as_typed(index_dir, q, total, exact_total):
    result = search(index_dir, q)
    assert (result.total, result.exact_total) == (total, exact_total)
    assert sum(h.match == "exact" for h in result.hits) == exact_total


def test_words_that_never_meet_say_so_and_suggest_dropping_one(index_dir):
    result = search(index_dir, "天安门公厕")
    assert result.total == 0
    assert result.notice == "没有一个段落同时包含“天安门”和“公厕”。"
    assert [(s.query, s.reason, s.total) for s in result.suggestions] == [
        ("公厕", "不含“天安门”：2 个段落", 2), ("天安门", "不含“公厕”：2 个段落", 2)]
    for s in result.suggestions:  # each suggestion is a query that finds what it says
        assert search(index_dir, s.query).total == s.total


def test_a_title_finds_its_document_by_its_first_paragraph(index_dir):
    # the headline says 升旗, the article 升国旗: only the title holds the string
    result = search(index_dir, '"天安门广场举行升旗仪式"')
    assert [(h.path, h.paragraph) for h in result.hits] == [("news/2021_beijing.txt", 0)]
    assert "<mark>" in result.hits[0].title_highlight


@pytest.fixture(scope="module")
def ranked_dir(tmp_path_factory):
    """An article, a table of contents repeating its headline, and words near and far apart."""
    path = tmp_path_factory.mktemp("ranked")
    write_index([
        Document("toc.txt", title="本期要目", date="2024-03-30", paragraphs=[
            "本期要目：以军袭击导致黎巴嫩多人死亡；各地春耕生产有序推进；新能源汽车产销两旺。"]),
        Document("article.txt", title="以军袭击导致黎巴嫩多人死亡", date="2024-03-29", paragraphs=[
            "据报道，以色列军队当天对黎巴嫩南部多地发动空袭。", "黎方称将向联合国提出申诉。"]),
        Document("far.txt", title="县里的工作", date="2024-01-01", paragraphs=[
            "养老院的床位一年来增加了不少，老人们住得很舒心，各村的文化活动也丰富多彩，"
            "而全县的道路建设同样取得进展，建设资金按时到位，建设进度加快。"]),
        Document("near.txt", title="民生实事", date="2023-01-01", paragraphs=[
            "全县今年推进养老院改造和建设，新开工一批民生工程。"]),
        Document("exact.txt", title="民生", date="2022-01-01", paragraphs=["推进养老院建设。"]),
    ], path, procs=1)
    return path


def test_the_article_ranks_above_a_line_repeating_its_headline(ranked_dir):
    hits = search(ranked_dir, "以军袭击导致黎巴嫩多人死亡").hits
    assert [(h.path, h.paragraph) for h in hits] == [("article.txt", 0), ("toc.txt", 0)]


def test_exact_first_then_words_close_together(ranked_dir):
    hits = search(ranked_dir, "养老院建设").hits
    assert [(h.path, h.match) for h in hits] == [
        ("exact.txt", "exact"), ("near.txt", "words"), ("far.txt", "words")]


def test_pages_stay_disjoint_when_only_the_best_matches_are_measured_for_closeness(ranked_dir, monkeypatch):
    import indexer.ranking

    for pool in (0, 1):  # as if every query had more words-only matches than are measured
        monkeypatch.setattr(indexer.ranking, "CLOSE_POOL", pool)
        whole = [(h.path, h.match) for h in search(ranked_dir, "养老院建设").hits]
        paged = [(h.path, h.match) for p in (1, 2, 3)
                 for h in search(ranked_dir, "养老院建设", per_page=1, page=p).hits]
        assert paged == whole and sorted(whole) == [
            ("exact.txt", "exact"), ("far.txt", "words"), ("near.txt", "words")]


def test_hits_grouped_by_document(index_dir):
    flat = search(index_dir, "服务 OR 公厕", per_page=100)
    grouped = search(index_dir, "服务 OR 公厕", group="document", per_page=2)
    assert grouped.total == flat.total and grouped.documents_total == len({h.doc_id for h in flat.hits})
    assert grouped.pages == -(-grouped.documents_total // 2)
    pages = [search(index_dir, "服务 OR 公厕", group="document", per_page=2, page=p).hits
             for p in range(1, grouped.pages + 1)]
    cards = [h for page in pages for h in page]
    # each document once, by its best paragraph, in the order the documents first appear
    assert [h.doc_id for h in cards] == list(dict.fromkeys(h.doc_id for h in flat.hits))
    assert [(h.doc_id, h.paragraph) for h in cards] == [
        next((x.doc_id, x.paragraph) for x in flat.hits if x.doc_id == h.doc_id) for h in cards]
    # the other matching paragraphs of each document, in document order: every hit accounted for
    assert sum(1 + len(h.others) for h in cards) == flat.total
    for h in cards:
        assert [o.paragraph for o in h.others] == sorted(o.paragraph for o in h.others)
        assert len(h.others) == h.more_in_doc


def test_unknown_grouping_is_refused(index_dir):
    with pytest.raises(QueryError):
        search(index_dir, "养老", group="year")


_SPLIT = [{"string": "信阳毛尖", "words": ["信阳", "毛尖"], "dropped": []}]


@pytest.mark.parametrize("total, exact, split, expected", [
    (3, 1, _SPLIT, "“信阳毛尖” 完整出现在 1 个段落；另有 2 个段落包含“信阳”和“毛尖”"),
    (1, 1, _SPLIT, "“信阳毛尖” 完整出现在 1 个段落（按词再找没有更多段落）"),
    (2, 0, _SPLIT, "“信阳毛尖” 完整出现在 0 个段落；另有 2 个段落包含“信阳”和“毛尖”"),
    (0, 0, _SPLIT, ""),
    (4, 4, [], ""),
])
def test_words_summary(total, exact, split, expected):
    answer = {"total": total, "exact_total": exact, "reading": {"read_as_words": split}}
    assert words_summary(answer) == expected


@pytest.mark.parametrize("text, words, gap", [
    ("经济发展", ("经济", "发展"), 0),
    ("发展经济", ("经济", "发展"), 0),  # either order
    ("经济的高质量发展", ("经济", "发展"), 4),
    ("经济甲乙发展丙经济发展", ("经济", "发展"), 0),  # the closest pair, not the first
    ("发展甲经济乙丙丁发展", ("经济", "发展"), 1),  # the one before is closer
    ("经济发展", ("经济发", "发展"), 0),  # overlapping words
    ("经济", ("经济", "发展"), ranking.FAR),  # one missing
    ("改革甲经济乙发展", ("改革", "经济", "发展"), 2),  # three words: the general way
    ("改革开放", ("改革", "经济", "发展"), ranking.FAR),
])
def test_gap_between_words(text, words, gap):
    assert ranking._gap(text, words) == gap
