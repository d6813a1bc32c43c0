"""Label lines, lead-ins and listings: what a line or a document is, before it is indexed."""
import pytest

from indexer.cleaning import clean_documents, clean_paragraphs
from indexer.documents import Document
from indexer.labels import drop_labels, is_lead_in, join_lead_ins, label_of
from indexer.listing import headline_key, kind_of


@pytest.mark.parametrize("line, label", [
    ("视频简介", ("视频简介", "")),
    ("视频简介：本期节目主要内容：", ("视频简介", "本期节目主要内容：")),
    ("来源：荷花网", ("来源", "荷花网")),
    ("来源 : 荷花日报", ("来源", "荷花日报")),
    ("【来源：荷花网】", ("来源", "荷花网")),
    ("来源：荷花网    更新时间：2024年06月03日 19:00", ("来源", "荷花网")),
    ("责任编辑：李四", ("责任编辑", "李四")),
    ("编辑：王小五", ("编辑", "王小五")),
    ("更新时间：2024年06月03日 19:00", ("更新时间", "2024年06月03日 19:00")),
    ("打印", ("打印", "")),
    ("来源：荷花县人民政府\n2024年1月10日在荷花县人代会上", ("来源", "荷花县人民政府")),
    # not labels: a word alone, a salutation, an interview, a sentence, a long heading
    ("编辑", None),
    ("各位代表：", None),
    ("记者：这项工作进展如何？", None),
    ("来源于群众的意见，我们逐条办理。", None),
    ("时间：" + "过去一年里全县上下共同努力克服困难取得了新成绩" * 3, None),
])
def test_label_of(line, label):
    assert label_of(line) == label


@pytest.mark.parametrize("line, lead", [
    ("央视网消息（新闻联播）：", True),
    ("荷花网消息（荷花新闻）：", True),
    ("本台消息：", True),
    ("新华社北京3月5日电", True),
    ("新华社北京3月5日电（记者 张三 李四）", True),
    ("荷花新闻社荷花1月9日电", True),
    ("本报讯（记者 张三 通讯员 李四）", True),
    ("国内联播快讯", False),
    ("央视网消息（新闻联播）：今天，荷花镇新建的公厕投入使用。", False),
    ("各位代表：", False),
    ("1月9日电力公司检修线路", False),
])
def test_is_lead_in(line, lead):
    assert is_lead_in(line) is lead


@pytest.mark.parametrize("lines, joined", [
    (["央视网消息（新闻联播）：", "荷花镇新建公厕12座。"], ["央视网消息（新闻联播）：荷花镇新建公厕12座。"]),
    (["新华社北京3月5日电", "会议在京开幕。"], ["新华社北京3月5日电 会议在京开幕。"]),
    (["新华社北京3月5日电（记者 张三）", "会议在京开幕。"], ["新华社北京3月5日电（记者 张三）会议在京开幕。"]),
    (["正文一段。", "央视网消息（新闻联播）："], ["正文一段。"]),  # nothing to introduce: gone
    (["正文一段。", "第二段。"], ["正文一段。", "第二段。"]),
])
def test_join_lead_ins(lines, joined):
    assert join_lead_ins(lines) == joined


def test_labels_go_where_furniture_lives_and_values_are_kept():
    lines = ["来源：荷花网    更新时间：2024年06月03日 19:00", "视频简介", "荷花镇新建公厕12座。",
             "时间：上午九点，地点：镇政府。", "时间：6月3日", "镇里还将改造农村公厕。", "编辑：王小五"]
    kept, values = drop_labels(lines)
    assert kept == ["荷花镇新建公厕12座。", "时间：上午九点，地点：镇政府。", "时间：6月3日",
                    "镇里还将改造农村公厕。"]  # "时间：" inside the body is the body's
    assert values == {"source": "荷花网", "date": "2024年06月03日 19:00"}


def test_a_report_prints_its_source_under_the_header_line():
    lines = ["2024年荷花县政府工作报告", "2024年1月10日在荷花县人民代表大会上县长作报告。",
             "来源：荷花日报", "各位代表：", "现在，我代表县人民政府向大会报告工作。"]
    assert "来源：荷花日报" not in clean_paragraphs(lines)


@pytest.mark.parametrize("doc, source, date", [
    (Document(path="a.txt", paragraphs=["来源：荷花日报", "荷花镇新建公厕12座。"]), "荷花日报", ""),
    (Document(path="a.txt", source="荷花网", paragraphs=["来源：荷花日报", "荷花镇新建公厕12座。"]),
     "荷花网", ""),  # a source the document has wins
    (Document(path="a.txt", date="2024", paragraphs=["发布时间：2024年06月03日", "荷花镇新建公厕12座。"]),
     "", "2024-06-03"),  # the label's full date refines the year
    (Document(path="a.txt", date="2023-01-02", paragraphs=["发布时间：2024年06月03日", "荷花镇新建公厕12座。"]),
     "", "2023-01-02"),  # but never contradicts the date the document has
])
def test_label_values_fill_empty_metadata(doc, source, date):
    [cleaned] = clean_documents([doc])
    assert (cleaned.source, cleaned.date) == (source, date)
    assert cleaned.paragraphs == ["荷花镇新建公厕12座。"]


ARTICLE = ["荷花镇新建12座公厕", "近日，荷花镇新建的12座公厕全部投入使用，其中6座位于镇区主干道沿线。",
           "新公厕配备了无障碍设施和第三卫生间，并安排专人每日保洁。", "镇建设办负责人说，下一步将纳入网格化管理。",
           "荷花镇还将在年内完成8座农村公厕改造。"]
DAY_LISTING = ["00:30:00", "完整版《荷花新闻》 20240603 19:00", "00:01:20", "完整版[视频]荷花镇新建12座公厕",
               "00:02:05", "完整版[视频]荷花镇养老服务中心开工建设", "00:00:40", "完整版[视频]县内联播快讯"]
TOC = ["本期节目主要内容：", "1.荷花镇新建12座公厕 第三卫生间同步投用；", "2.荷花镇养老服务中心开工建设；",
       "3.【乡村振兴进行时】柳湾乡污水处理厂投入运行；", "4.县内联播快讯：", "（1）荷花县图书馆延长开放时间；"]
TOC_ONE_LINE = ["本期节目主要内容： 1.荷花镇新建12座公厕； 2.荷花镇养老服务中心开工建设； "
                "3.柳湾乡污水处理厂投入运行； 4.荷花县召开经济工作会议； 5.县内联播快讯；"]
LINKS = ["荷花镇新建12座公厕", "荷花镇养老服务中心开工建设", "柳湾乡污水处理厂投入运行", "荷花县召开经济工作会议"]
QUICK_NEWS = ["荷花网消息（荷花新闻）：荷花县图书馆延长开放时间",
              "记者从县文旅局获悉，从6月起，荷花县图书馆每天开放至晚上九点，周末不闭馆，方便借阅。",
              "青溪镇举办农民丰收节", "昨天，青溪镇在镇文化广场举办农民丰收节，200多户农户展销莲藕、菱角等农产品。"]
REPORT_LIST = ["一、2023年工作回顾", "（一）经济运行稳中向好。全县地区生产总值增长百分之五，财政收入稳步增加，"
               "居民收入持续增长，就业形势总体稳定。", "（二）民生实事件件落地。新建公厕12座，改造农村公厕8座，"
               "养老服务中心开工建设，群众满意度明显提升。", "二、2024年工作安排", "（一）抓项目，稳增长。"]


ARCHIVE_TITLES = {headline_key(t): 1 for t in [
    "荷花镇新建12座公厕 第三卫生间同步投用", "荷花镇养老服务中心开工建设", "[视频]柳湾乡污水处理厂投入运行",
    "【乡村振兴进行时】柳湾乡污水处理厂投入运行", "荷花县召开经济工作会议", "县内联播快讯"]}


@pytest.mark.parametrize("paragraphs, link_share, titles, kind", [
    (ARTICLE, 0.0, ARCHIVE_TITLES, "article"),
    (DAY_LISTING, 0.5, {}, "listing"),  # durations and headlines
    (DAY_LISTING, 0.0, {}, "listing"),  # the stamps alone tell
    (TOC, 0.0, ARCHIVE_TITLES, "listing"),  # a programme's contents: the archive's other articles
    (TOC, 0.0, {}, "article"),  # numbered headlines of nothing in the archive: a list of its own
    (TOC_ONE_LINE, 0.0, ARCHIVE_TITLES, "listing"),  # the same in one paragraph
    (LINKS, 0.9, {}, "listing"),  # an index page: nothing but links
    (LINKS, 0.0, ARCHIVE_TITLES, "article"),  # the same lines, no links, no numbers: headings
    (QUICK_NEWS, 0.0, ARCHIVE_TITLES, "article"),  # headlines, but each with its story
    (REPORT_LIST, 0.0, {}, "article"),  # numbered headings with prose
    (LINKS[:2], 1.0, {}, "article"),  # too little to call a listing
])
def test_kind_of(paragraphs, link_share, titles, kind):
    assert kind_of(paragraphs, link_share, titles) == kind


@pytest.mark.parametrize("line, key", [
    ("1.荷花镇新建12座公厕 第三卫生间同步投用；", "荷花镇新建12座公厕第三卫生间同步投用"),
    ("完整版[视频]荷花镇养老服务中心开工建设", "荷花镇养老服务中心开工建设"),
    ("（2）青溪镇举办农民丰收节；", "青溪镇举办农民丰收节"),
    ("12.县内联播快讯：", "县内联播快讯"),
    ("【乡村振兴进行时】柳湾乡污水处理厂投入运行", "【乡村振兴进行时】柳湾乡污水处理厂投入运行"),
])
def test_headline_key(line, key):
    assert headline_key(line) == key


def test_a_table_of_contents_is_told_by_the_articles_it_lists():
    articles = [Document(path=f"a{n}.html", title=t, paragraphs=[f"{t}。今天，记者从县里了解到，这项工作进展顺利。"])
                for n, t in enumerate(["荷花镇新建12座公厕 第三卫生间同步投用", "荷花镇养老服务中心开工建设",
                                       "柳湾乡污水处理厂投入运行", "荷花县召开经济工作会议"])]
    toc = Document(path="toc.html", title="《荷花新闻》 20240603 19:00",
                   paragraphs=["视频简介", "本期节目主要内容："] + [f"{n}.{a.title}；" for n, a in enumerate(articles, 1)])
    kinds = {d.path: d.kind for d in clean_documents(articles + [toc])}
    assert kinds == {"a0.html": "article", "a1.html": "article", "a2.html": "article",
                     "a3.html": "article", "toc.html": "listing"}
    [alone] = clean_documents([toc])
    assert alone.kind == "article"
