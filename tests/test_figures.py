"""Figures read from report paragraphs: invented sentences in the style of work reports."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.figures import document_figures, extract, is_report, report_year, section_kind
from indexer.indicators import canonical_indicator

# (paragraph, report year, section kind) -> [(indicator, value, unit, modifier, change, kind, ref_year)]
CASES = [
    ("过去一年，全县地区生产总值达到812.5亿元、增长6.1%。", 2025, None,
     [("地区生产总值", 812.5, "亿元", "", "level", "actual", 2024),
      ("地区生产总值", 6.1, "%", "", "rate", "actual", 2024)]),
    ("今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业3.2万人以上，"
     "居民消费价格涨幅3%以内。", 2025, None,
     [("地区生产总值", 6.0, "%", "左右", "rate", "target", 2025),
      ("城镇新增就业", 3.2, "万人", "以上", "level", "target", 2025),
      ("居民消费价格", 3.0, "%", "以内", "rate", "target", 2025)]),
    ("主要预期目标是：GDP增长4.5%-5%，规上工业增加值增长7%。", 2024, None,
     [("地区生产总值", 4.5, "%", "", "rate", "target", 2024),
      ("规模以上工业增加值", 7.0, "%", "", "rate", "target", 2024)]),
    ("一九五七年，钢产量达到五百三十五万吨，粮食产量比一九五六年增长百分之十二点五。", 1958, None,
     [("钢产量", 535.0, "万吨", "", "level", "actual", 1957),
      ("粮食产量", 12.5, "%", "", "rate", "actual", 1957)]),
    ("2023年，城镇调查失业率平均为5.2%，比上年下降0.4个百分点。", 2024, "target",
     [("城镇调查失业率", 5.2, "%", "", "level", "actual", 2023),
      ("城镇调查失业率", -0.4, "个百分点", "", "points", "actual", 2023)]),
    ("单位地区生产总值能耗降低2.5%左右，一般公共预算收入不低于120亿元。", 2026, "target",
     [("单位地区生产总值能耗", -2.5, "%", "左右", "rate", "target", 2026),
      ("一般公共预算收入", 120.0, "亿元", "不低于", "level", "target", 2026)]),
    ("过去一年，地区生产总值增长5%，从业者比上年增长9.8%，增加40万人。", 2025, None,
     [("地区生产总值", 5.0, "%", "", "rate", "actual", 2024)]),
    ("经济恢复好于预期，全年地区生产总值增长2.3%。", 2021, "actual",
     [("地区生产总值", 2.3, "%", "", "rate", "actual", 2020)]),
    ("今年地区生产总值预期增长百分之七。", 2022, "actual",
     [("地区生产总值", 7.0, "%", "", "rate", "target", 2022)]),
    # 分别 and lists: each value paired with its indicator, in order
    ("旅游总收入和入境游客分别增长15.8%和11.5%。", 2025, "actual",
     [("旅游总收入", 15.8, "%", "", "rate", "actual", 2024), ("入境游客", 11.5, "%", "", "rate", "actual", 2024)]),
    ("全省生产总值增长5.1%，城镇和农村居民人均可支配收入分别增长4.2%、5.6%。", 2026, "actual",
     [("地区生产总值", 5.1, "%", "", "rate", "actual", 2025),
      ("城镇居民人均可支配收入", 4.2, "%", "", "rate", "actual", 2025),
      ("农村居民人均可支配收入", 5.6, "%", "", "rate", "actual", 2025)]),
    ("城镇居民人均可支配收入8421元，农村居民人均纯收入2836元，扣除价格因素，分别实际增长6.7%和5.8%。",
     2005, "actual",
     [("城镇居民人均可支配收入", 8421.0, "元", "", "level", "actual", 2004),
      ("农村居民人均纯收入", 2836.0, "元", "", "level", "actual", 2004),
      ("城镇居民人均可支配收入", 6.7, "%", "", "rate", "actual", 2004),
      ("农村居民人均纯收入", 5.8, "%", "", "rate", "actual", 2004)]),
    ("高技术制造业、装备制造业增加值分别增长9.1%、8.2%。", 2025, "actual",
     [("高技术制造业", 9.1, "%", "", "rate", "actual", 2024),
      ("装备制造业增加值", 8.2, "%", "", "rate", "actual", 2024)]),
    # words between the indicator and its number
    ("国家外汇储备年底达到1457亿美元。", 2000, "actual",
     [("国家外汇储备", 1457.0, "亿美元", "", "level", "actual", 1999)]),
    ("经济增长目标设定为6％左右，是一个积极进取的目标。", 2025, "target",
     [("地区生产总值", 6.0, "%", "左右", "rate", "target", 2025)]),
    ("粮食产量继续保持500亿斤以上。", 2025, "target",
     [("粮食产量", 500.0, "亿斤", "以上", "level", "target", 2025)]),
    ("工业企业实现利润2102亿元，比上年增长 42％。", 2000, "actual",
     [("工业企业实现利润", 2102.0, "亿元", "", "level", "actual", 1999),
      ("工业企业实现利润", 42.0, "%", "", "rate", "actual", 1999)]),
    # units read as written: a measure word after the number, whatever it is
    ("全年电话交换机近1800万门，新增发电机组容量1400多万千瓦。", 1995, "actual",
     [("电话交换机", 1800.0, "万门", "近", "level", "actual", 1994),
      ("新增发电机组容量", 1400.0, "万千瓦", "多", "level", "actual", 1994)]),
    ("细颗粒物年均浓度控制在28微克/立方米左右。", 2026, "target",
     [("细颗粒物年均浓度", 28.0, "微克/立方米", "左右", "level", "target", 2026)]),
    # 总量 is the indicator just stated; a clause without a number names the next one's
    ("地区生产总值增长5.6％，总量达到6001亿元。", 2025, "actual",
     [("地区生产总值", 5.6, "%", "", "rate", "actual", 2024),
      ("地区生产总值", 6001.0, "亿元", "", "level", "actual", 2024)]),
    ("外贸出口从7月份开始回升，全年达到1849亿美元，比上年增长5.1％。", 2000, "actual",
     [("外贸出口", 1849.0, "亿美元", "", "level", "actual", 1999),
      ("外贸出口", 5.1, "%", "", "rate", "actual", 1999)]),
    # the cue of an earlier sentence of the paragraph comes before its section's kind
    ("2011年是开局之年。过去一年，我们取得了很大成绩。国内生产总值增长10.1%，城镇新增就业1118万人。",
     2011, "target",
     [("地区生产总值", 10.1, "%", "", "rate", "actual", 2010),
      ("城镇新增就业", 1118.0, "万人", "", "level", "actual", 2010)]),
    ("过去一年，我们较好完成了年初确定的目标任务。全市地区生产总值增长5.3%。", 2026, "target",
     [("地区生产总值", 5.3, "%", "", "rate", "actual", 2025)]),
    ("今年我们将建成10所学校，新增公园3个。", 2025, None,  # a count after its name, or before it ending the clause
     [("学校", 10.0, "所", "", "level", "target", 2025), ("新增公园", 3.0, "个", "", "level", "target", 2025)]),
    ("全区生产总值从2020年的512亿元增加到2025年的706亿元，财政收入由38亿元增加到近45亿元。", 2026, "actual",
     [("地区生产总值", 512.0, "亿元", "", "level", "actual", 2020),
      ("地区生产总值", 706.0, "亿元", "", "level", "actual", 2025),
      ("财政收入", 38.0, "亿元", "", "level", "actual", 2020),
      ("财政收入", 45.0, "亿元", "近", "level", "actual", 2025)]),
    ("全县固定资产投资增长12%，增幅由上年的20.5%回落到12%。", 2024, "actual",
     [("固定资产投资", 12.0, "%", "", "rate", "actual", 2023),
      ("固定资产投资", 20.5, "%", "", "rate", "actual", 2022),
      ("固定资产投资", 12.0, "%", "", "rate", "actual", 2023)]),
    ("积累率由1978年的36.5％，降为33.6％。", 1980, "actual",
     [("积累率", 36.5, "%", "", "level", "actual", 1978), ("积累率", 33.6, "%", "", "level", "actual", 1979)]),
    ("去年工业投资占比12.1%，服务业投资占比40.2%，分别提高1.1、2.3个百分点。", 2025, None,
     [("工业投资占比", 12.1, "%", "", "level", "actual", 2024), ("服务业投资占比", 40.2, "%", "", "level", "actual", 2024),
      ("工业投资占比", 1.1, "个百分点", "", "points", "actual", 2024),
      ("服务业投资占比", 2.3, "个百分点", "", "points", "actual", 2024)]),
    ("今年拟发行800亿元专项债券。", 2025, None, [("专项债券", 800.0, "亿元", "", "level", "target", 2025)]),
    ("１９８４年，全年施工的技术改造项目七万四千个，工业总产值增长１４％。", 1985, "target",  # full-width digits
     [("施工的技术改造项目", 7.4, "万个", "", "level", "actual", 1984), ("工业总产值", 14.0, "%", "", "rate", "actual", 1984)]),
    ("五年来，全市新建成轨道交通线路7条。2025年地区生产总值增长5%。", 2026, "actual",  # a paragraph of five years
     [("地区生产总值", 5.0, "%", "", "rate", "actual", 2025)]),
    ("服务业在国内生产总值中的比重上升到51.5%，研发投入强度提升至2.6%。", 2016, "actual",
     [("服务业在国内生产总值中的比重", 51.5, "%", "", "level", "actual", 2015),
      ("研发投入强度", 2.6, "%", "", "level", "actual", 2015)]),
    ("城乡居民人均可支配收入分别达6.8万元、3.3万元，增长4.1%、5.2%。", 2026, "actual",
     [("城镇居民人均可支配收入", 6.8, "万元", "", "level", "actual", 2025),
      ("农村居民人均可支配收入", 3.3, "万元", "", "level", "actual", 2025),
      ("城镇居民人均可支配收入", 4.1, "%", "", "rate", "actual", 2025),
      ("农村居民人均可支配收入", 5.2, "%", "", "rate", "actual", 2025)]),
    ("城镇新增就业1302万人，超过全年预期目标。", 2016, "target",  # a target surpassed is a result
     [("城镇新增就业", 1302.0, "万人", "", "level", "actual", 2015)]),
    ("国家计划要求今年的工业总产值增长百分之六。", 1990, "actual",
     [("工业总产值", 6.0, "%", "", "rate", "target", 1990)]),
    ("过去一年，生活垃圾回收利用率达到90%，新建小区为380个。", 2026, "actual",  # 380个 is not the rate
     [("生活垃圾回收利用率", 90.0, "%", "", "level", "actual", 2025)]),
    ("刚刚过去的2017年，主要目标任务全面完成。国内生产总值增长6.8%。", 2018, "target",  # targets met
     [("地区生产总值", 6.8, "%", "", "rate", "actual", 2017)]),
    ("一年来，旅游总收入约1.2万亿元，外贸进出口总额超过5000亿元。", 2025, None,
     [("旅游总收入", 1.2, "万亿元", "约", "level", "actual", 2024),
      ("进出口总额", 5000.0, "亿元", "超过", "level", "actual", 2024)]),
]


@pytest.mark.parametrize("text,year,section,expected", CASES)
def test_extracts_figures(text, year, section, expected):
    got = [(f.indicator, f.value, f.unit, f.modifier, f.change, f.kind,
            f.ref_year) for f in extract(text, year, section)]
    assert got == expected


# Sentences where a number is not a figure of an indicator, or the year is unclear: nothing.
NOTHING = [
    ("去年对年应纳税所得额100万元至300万元部分减半征收。", 2025, None),  # a bracket of a rule
    ("去年区域创新能力全国排名提升4位。", 2025, None),  # a rank
    ("去年新建年产150万吨乙烯项目。", 2025, None),  # a plant's capacity
    ("去年专精特新“小巨人”企业56家。", 2025, None),  # a name cut at a quote
    ("去年加快建设20万吨级集装箱码头。", 2025, None),  # a size
    ("8个重大科技专项：实施前沿科技攻坚。", 2025, "target"),  # a heading's count
    ("大力推动10个以上“好房子”示范项目建设。", 2025, "target"),  # the counted noun follows, behind a quote
    ("地区生产总值增长6.1%。", 2025, None),  # neither a cue nor a section says result or target
    ("十四五规划提出了一些目标。", 2025, "target"),
    ("2007年，国内生产总值比2002年增长65.5%。", 2008, None),  # a change over five years
    ("2005年与2000年相比，国内生产总值增长57.3%。", 2006, None),
    ("从业者比上年增长9.8%，增加40万人。", 2025, "actual"),  # no indicator named, none inherited
    ("过去五年，五年城镇新增就业4500万人，累计投资3562亿元。", 2025, "actual"),  # several years
    ("是一个积极进取的目标。", 2025, "target"),  # 一个 is an article
    ("城镇调查失业率一度走高。", 2023, "actual"),  # 一度 is an adverb
    ("过去一年，平均每年城镇新增就业1000多万人。", 2008, "actual"),  # an average of several years
    ("五年来，对世界经济增长贡献率超过30%，城镇新增就业6600万人以上。", 2018, "actual"),  # five years
    # a comparison with another figure, and a listing, are no figures
    ("快于经济增速1个百分点，入选中国潜在独角兽企业195家。", 2026, "actual"),
    ("居民收入进一步提高到463元。", 1988, "actual"),  # a verb, not a name, before the amount
    ("航道从龙滩延伸至贵港3000吨级。", 2025, "actual"),  # a place, not a name
    ("全市新建和改造学校两所、医院三个。", 2025, "actual"),  # counts in words, no indicator
    ("规上工业增加值、固定资产投资分别增长7.1%和-2.5%。", 2025, "actual"),  # one value read of two
]


@pytest.mark.parametrize("text,year,section", NOTHING)
def test_emits_nothing_when_unbound(text, year, section):
    assert extract(text, year, section) == []


def test_range_and_normalised_value():
    (fig,) = extract("今年预期目标：地区生产总值增长4.5%-5%。", 2025)
    assert (fig.lo, fig.hi, fig.value) == (4.5, 5.0, 4.5)
    (fig,) = extract("过去一年，地区生产总值达到1.2万亿元。", 2025)
    assert fig.normalised == pytest.approx(1.2e12) and fig.base_unit == "元"


def test_span_points_at_the_figure():
    text = "过去一年，我省地区生产总值增长5.3%，好于预期。"
    (fig,) = extract(text, 2025)
    assert text[fig.start:fig.end] == fig.text == "地区生产总值增长5.3%"


def test_a_plan_headed_by_a_later_year_targets_that_year():
    paragraphs = ["一、国民经济取得了新的进展", "1979年国民收入比上年增长7％，用于消费的部分为2，211亿元。",
                  "二、1981年国民经济计划的任务和主要指标", "工农业总产值，比1980年预计增长5.5％。"]
    got = [(i, f.kind, f.ref_year, f.value) for i, f in document_figures(paragraphs, "1980-08-30", "")]
    assert got == [(1, "actual", 1979, 7.0), (1, "actual", 1979, 2211.0), (3, "target", 1981, 5.5)]


def test_a_stretch_about_five_years_states_no_one_years_figures():
    """After 过去的五年… the paragraphs' totals are of five years, until one turns to the past year."""
    paragraphs = ["一、“十四五”时期和2025年工作回顾", "过去的五年极不寻常。我们团结奋斗，成就显著。",
                  "民生福祉不断增进。城镇新增就业603万人，地区生产总值从2020年的5000亿元增加到2025年的6600亿元。",
                  "刚刚过去的2025年，城镇新增就业121万人。"]
    got = [(i, f.kind, f.ref_year, f.value) for i, f in document_figures(paragraphs, "2026-01-20", "")]
    assert got == [(2, "actual", 2020, 5000.0), (2, "actual", 2025, 6600.0), (3, "actual", 2025, 121.0)]


def test_sections_give_kind_and_year():
    paragraphs = ["一、2024年工作回顾", "地区生产总值增长5.8%。", "二、2025年主要目标任务",
                  "地区生产总值增长5%以上。"]
    got = [(i, f.kind, f.ref_year, f.value) for i, f in document_figures(paragraphs, "2025-01-19", "")]
    assert got == [(1, "actual", 2024, 5.8), (3, "target", 2025, 5.0)]


@pytest.mark.parametrize("text,kind", [("一、2024年工作回顾", "actual"), ("三、2025年重点工作", "target"),
                                       ("四、加强政府自身建设", "other"), ("地区生产总值增长5%。", None),
                                       ("2024年工作回顾", "actual"), ("2025年工作安排建议", "target"),
                                       ("二、关于2025年工作", "target"), ("加强政府自身建设", None),
                                       ("2025年1月20日在某省人民代表大会上", None)])
def test_section_kind(text, kind):
    assert section_kind(text, 2025) == kind


@pytest.mark.parametrize("written,canonical", [("国内生产总值", "地区生产总值"), ("GDP", "地区生产总值"),
                                               ("规上工业增加值", "规模以上工业增加值"),
                                               ("居民消费价格涨幅", "居民消费价格"),
                                               ("城镇新增就业", "城镇新增就业")])
def test_canonical_indicator(written, canonical):
    assert canonical_indicator(written) == canonical


@pytest.mark.parametrize("date,title,year", [("2025-01-19", "", 2025), ("", "2019年政府工作报告", 2019),
                                             ("", "工作报告", None)])
def test_report_year(date, title, year):
    assert report_year(date, title) == year


@pytest.mark.parametrize("title,paragraphs,expected", [
    ("2025年某县政府工作报告", [], True), ("关于政府工作报告的决议", [], False),
    ("新闻", ["今年主要预期目标是：增长5%。"], True), ("新闻", ["一则消息。"], False)])
def test_is_report(title, paragraphs, expected):
    assert is_report(title, paragraphs) is expected


ALPHABET = "过去一年今年目标增长下降左右以上地区生产总值收入万亿元人%％.．0123456789十百千点，。、；：-"


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.sampled_from([None, "actual", "target"]))
def test_any_text_gives_consistent_figures(text, section):
    for fig in extract(text, 2025, section):
        assert text[fig.start:fig.end] == fig.text and fig.kind in ("actual", "target")
        assert fig.hi is None or fig.lo <= fig.hi or fig.value < 0


@pytest.mark.parametrize("written,canonical,shown", [
    ("地区生产总值", "地区生产总值", True), ("城镇调查失业率", "城镇调查失业率", True), ("出口", "出口", True),
    ("投资", "投资", False), ("企业", "企业", False),  # a head word alone names no one indicator
    ("新增城市绿地", "新增城市绿地", False), ("电话交换机", "电话交换机", False)])  # no known head
def test_figures_shown_only_when_named_by_a_known_head(written, canonical, shown):
    from indexer.figure_names import is_named
    assert is_named(written, canonical) is shown

