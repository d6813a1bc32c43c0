"""The regular expressions figures are read with: numbers, units, the words that bind an
indicator to its number, and the cues that say whether a figure is a result or a target."""
from __future__ import annotations

import re

ARABIC = r"\d+(?:[,，]\d{3})*(?:[.．]\d+)?"
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千点"
# 六十五亿五千万: 亿 and 万 inside a number (its trailing 万 or 亿 is read as part of the unit)
CHINESE = rf"(?!点)[{CHINESE_DIGITS}]+(?:[亿万][{CHINESE_DIGITS}]+)*"  # 重点项: 点 alone is no number
NUMBER = rf"(?:{ARABIC}|{CHINESE})"
MULTIPLIERS = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "万": 1e4}
# A unit is a measure word after the number: one unit character (元 吨 门 户 …) or one of the
# few measure words longer than a character, and a per-unit after a slash (微克/立方米).
UNIT_WORDS = ("个百分点", "千瓦小时", "千瓦时", "千瓦", "千克", "千米", "平方公里", "平方千米", "平方米", "立方米", "吨标准煤", "标准煤",
              "标准箱", "标箱", "公里", "公斤", "公顷", "人次", "美元", "欧元", "港元", "日元", "微克", "毫克",
              "毫米", "兆瓦", "吉瓦", "千兆", "艘次", "架次", "万元")
UNIT_CHARS = "元吨斤克米升瓦度户人家所项座件辆套亩门箱台部张只头床册篇条架艘栋块个位名批例处宗笔间倍列"
_TOKEN = "(?:" + "|".join(UNIT_WORDS) + f"|[{UNIT_CHARS}])"
UNIT = (r"(?:(?P<mult>万亿|千亿|百亿|亿|千万|百万|万)?(?P<base>" + _TOKEN + "(?:/" + _TOKEN + ")?)"
        r"|(?P<bare>万亿|亿|万)(?!(?!左右|以上|以内|以下|多|余)[\u4e00-\u9fff]))")  # 减少1000万以上
RANGE_SEP = r"[-－—–~～至到]"
PREFIX_MODS = ("不低于", "不少于", "不超过", "不高于", "控制在", "保持在", "稳定在", "超过", "突破", "力争",
               "约", "近", "超")
SUFFIX_MODS = ("左右", "以上", "以内", "以下", "上下", "多", "余")
UP = ("增长", "提高", "提升", "上涨", "上升", "增加", "扩大", "回升", "增产", "净增")
DOWN = ("下降", "降低", "减少", "回落", "缩小", "下跌", "减产")
LEVEL_VERBS = ("达到", "达", "为", "是", "实现", "完成", "迈上", "跃上", "站上", "跨上", "登上", "在")
# Words that may stand between an indicator and its number, in any order: a comparison, a time
# of year, a target phrase (目标设定为), an adverb (继续保持), a verb and a modifier.
FILLERS = ("比上一年", "比上年末", "比上年底", "比年初", "比上年", "比去年", "较上年", "同比", r"比[一二三四五六七八九〇零\d]{2,4}年",
           "年底", "年末", "全年", "当年", "的?调控目标", "预期目标", "目标", "预期", "预计", "设定为", "确定为", "定为",
           "调整为", "扣除价格因素后", "扣除价格因素", "按可比价格计算", "按可比价计算", "同口径", "按", "首次",
           "实际", "名义", "平均值", "平均", "分别", "继续", "持续", "保持", "仍", "稳步", "年均", "累计")
FIGURE = (r"(?P<figure>(?:百分之(?P<cpct>" + NUMBER + r")(?:" + RANGE_SEP + r"(?:百分之)?(?P<chi>" + NUMBER + r"))?"
          r"|(?P<num>" + NUMBER + r")"
          r"(?:(?P<rpct>%|％)?" + RANGE_SEP + r"(?P<hi>" + NUMBER + r"))?(?P<mid>多|余)?"
          r"(?:(?P<pct>%|％)|" + UNIT + r")))"
          r"(?P<suf>" + "|".join(SUFFIX_MODS) + r")?")
_FILLER = ("(?:" + "|".join(FILLERS) + "|(?P<verb>" + "|".join(UP + DOWN) + ")(?:了|(?P<to>到|至))?"
           "|(?:" + "|".join(LEVEL_VERBS) + ")|(?P<pre>" + "|".join(PREFIX_MODS) + "))")
BRIDGE = re.compile(r"(?P<bridge>" + _FILLER + r"{0,6})\s*" + FIGURE)
FIGURE_RE = re.compile(FIGURE)


def unit_of(m: re.Match) -> str:
    """The unit a match of FIGURE (or SHARED_UNIT) is written in: %, 亿元, 个百分点 …"""
    if m.group("cpct") is not None or m.group("pct"):
        return "%"
    return m.group("bare") or ((m.group("mult") or "") + (m.group("base") or ""))


# 分别提高11.1、11.2个百分点: a number of a list whose unit is written only after its last number.
SHARED_UNIT = re.compile(r"(?P<figure>(?P<num>" + NUMBER + r"))(?=(?:、" + NUMBER + r")+(?:(?P<pct>%|％)|" + UNIT + r"))"
                         r"(?P<cpct>(?!))?(?P<chi>(?!))?(?P<rpct>(?!))?(?P<hi>(?!))?(?P<mid>(?!))?(?P<suf>(?!))?")
# 分别增长4.3%、5.5%, 实际增长9.8%和8.5%: one value for each of several indicators, in order.
LIST_BRIDGE = re.compile(r"(?P<bridge>" + _FILLER + r"{1,5})\s*")
LIST_SEP = re.compile(r"\s*(?:、|以及|和|与|及)\s*")
# The names 分别 pairs with its values: 城镇和农村居民人均可支配收入, 出口、进口
NAME_SEP = re.compile(r"、|以及|和|与|及")
HEAD = re.compile(
    r"(?:总值|GDP|企业|经营主体|增加值|收入|产值|投资|就业|价格|物价|CPI|产量|能耗|支出|储备|利润|出口|"
    r"进口|进出口|赤字|国债|债券|强度|营收|税收|增速|涨幅|增幅|总量|余额|消费|工资|用电量|"
    r"发电量|经济增长|人口|比重|占比|比例|率|额|指数|幅度|速度|人数|货币|装机|装机容量|里程|面积|游客|花费|"
    r"产能|贷款|存款|吞吐量|货运量|客运量|销量|产量)$")
INDICATOR_RUN = re.compile(r"(?:[\u4e00-\u9fffA-Za-z]|(?<=[A-Za-z])\d+(?:\.\d+)?){1,24}$")  # PM2.5浓度
LEADING = re.compile(
    r"^(?:(?:今年|去年|全年|上年|过去一年|一年来|全国|全省|全市|全区|全州|全县|我国|我省|我市|我区|其中|"
    r"实现|完成|预计|力争|确保|提出|主要|发展|经济社会发展|经济社会|预期目标是|目标是|是|年|的|和|与|及|"
    r"都|均|也|还|并|使|推动|促进|带动|拟|安排|合计|新增发行|等)+)")
CLAUSE = re.compile(r"(?:[^，,；;：:、。！？!?（）()“”]|(?<=\d)[，,](?=\d{3}))+")  # 1，120亿元 is one number
SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
# A year as written: 2024, １９８４ (older reports' full-width digits), 一九五七.
YEAR4 = r"(?:19|20|１９|２０)\d{2}|[一二三四五六七八九〇零]{4}"
YEAR = re.compile(r"(?<![比较与同到至])(" + YEAR4 + r")年(?!以来|起|前)")
TO_YEAR = re.compile(r"(?:到|至)(" + YEAR4 + r")年")
TARGET_CUE = re.compile(r"预期目标|主要目标|目标是|目标为|力争|确保|计划(?:目标|增长|达到|完成|安排|要求)|拟|^提出|"
                        r"今年(?!以来|[一二三四五六七八九十\d]+月|第|上半年|前)")
ACTUAL_CUE = re.compile(r"过去一年|过去的一年|一年来|刚刚过去|(?<![比较与同])(?:去年|上年)")
ACHIEVED = re.compile(r"(?<!力争|确保|努力)(?:圆满完成|超额完成|顺利完成|较好完成|完成了|实现了|达到了?|超过|高于|好于)"
                      r"[^，。；]{0,16}目标|目标(?:任务)?(?:全面|圆满|超额|顺利|较好)(?:完成|实现)")
REVIEW_HEADING = re.compile(r"回顾|过去|成就|总结")
PLAN_HEADING = re.compile(r"总体要求|目标|任务|重点工作|工作安排|今年")
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
# A change measured from an earlier base year (比2002年增长65.5%, 2005年与2000年相比) spans years.
BASE_YEAR = re.compile(r"(?:比|较|与|同)(" + YEAR4 + r")年")
# Figures of several years at once (五年累计, 十年来) have no one year they refer to.
SEVERAL_YEARS = re.compile(r"(?:^|[^\d])(?:[二三四五六七八九十两]|\d{1,2})年(?![度份])|累计|年均(?![浓气降温])|"
                           r"平均每年|每年平均")
# A name opening with a comparison (快于经济增速1个百分点) or a listing (入选…195家) is none.
NOT_A_NAME = re.compile(r"^(?:高于|低于|快于|慢于|好于|优于|领先|超出|入选|获评|获批|荣获|列入|纳入)"
                        r"|.*(?:排名|位次|名次|排位)$")  # 全国排名提升4位: a rank, not a figure
# Indicators that are rates or shares, stated in % or 个百分点 only.
SHARE = re.compile(r"(?:率|比重|占比|比例|指数|幅度|速度|增速|涨幅|增幅)$")
# A sentence about several years (五年来，…; 过去五年) states no figure of one year.
SPAN_OF_YEARS = re.compile(r"(?:过去|这|近)?[二三四五六七八九十两]+年(?:来|间|中|里)|(?:过去的?|这)[二三四五六七八九十两]+年|"
                           r"“?十[一二三四五]五”?(?:时期|期间|以来)|"
                           r"^\s*[二三四五六七八九十两]+年(?![度份级前后])")  # 五年全社会固定资产投资累计…
# A paragraph that turns from several years back to one (刚刚过去的2025年, 过去一年): a stretch of
# paragraphs about several years (opened by 过去五年, 这五年) ends there.
ONE_YEAR = re.compile(r"全年|当年|今年|去年|上年|一年来|过去一年")  # 全年累计…: a total of one year
ONE_YEAR_AGAIN = re.compile(r"^(?:各位代表[！!，,、]*)?(?:刚刚过去的|过去的?一年|一年来|去年|(?:19|20)\d{2}年(?!是))")
# Names that stand for the indicator just stated (增长5.8%，总量达到60013亿元).
GENERIC = ("总量", "总额", "总值", "规模", "总数")
# 应纳税所得额100万元至300万元部分: a bracket of a rule, not a figure of a year.
# 年产150万吨芳烃: a plant's capacity, not a figure of the year.
CAPACITY = re.compile(r"(?:年|日|月)(?:产|处理|吞吐|加工|运输|接待)(?:能力)?$")
COUNTED = re.compile(r"[“「]?[\u4e00-\u9fff](?<![左以多余])")  # a noun right after a count: 建设15个平台
SIZE = re.compile(r"级")  # 20万吨级集装箱码头: a size, not a figure
BRACKET = re.compile(r"(?:[至到-]\s*[\d.]+[万亿]?元)?的?部分")
