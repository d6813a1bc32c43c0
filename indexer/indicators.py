"""Canonical names of the indicators reports state, through a small synonym table."""
from __future__ import annotations

import re

# Written forms (after the prefixes below are expanded) and the one name each is filed under.
SYNONYMS = {
    "国内生产总值": "地区生产总值",
    "生产总值": "地区生产总值",
    "GDP": "地区生产总值",
    "地区GDP": "地区生产总值",
    "经济增长": "地区生产总值",
    "经济增速": "地区生产总值",
    "经济": "地区生产总值",  # 经济增长速度, 经济增幅 with the rate suffix taken off
    "居民消费价格指数": "居民消费价格",
    "消费价格": "居民消费价格",
    "物价": "居民消费价格",
    "CPI": "居民消费价格",
    "调查失业率": "城镇调查失业率",
    "地方一般公共预算收入": "一般公共预算收入",
    "全社会固定资产投资": "固定资产投资",
    "外贸进出口": "进出口总额",
    "货物进出口": "进出口总额",
    "货物进出口总额": "进出口总额",
    "外贸进出口总额": "进出口总额",
    "进出口": "进出口总额",
    "城镇新增就业": "城镇新增就业",
    "新增城镇就业": "城镇新增就业",
    "单位GDP能耗": "单位地区生产总值能耗",
    "单位国内生产总值能耗": "单位地区生产总值能耗",
    "单位生产总值能耗": "单位地区生产总值能耗",
}
PREFIXES = (("规上", "规模以上"), ("限上", "限额以上"))
# A trailing word that makes a figure a rate of change (居民消费价格涨幅2%).
RATE_SUFFIX = re.compile(r"(?:涨幅|增速|增幅|增长率|增长速度|增长幅度|上涨幅度)$")


def canonical_indicator(written: str) -> str:
    """The name an indicator is filed under: 规上→规模以上, 国内生产总值/GDP→地区生产总值, …"""
    name = written.strip()
    for short, full in PREFIXES:
        if name.startswith(short):
            name = full + name[len(short):]
    name = RATE_SUFFIX.sub("", name) or name
    return SYNONYMS.get(name, name)


def is_rate_indicator(written: str) -> bool:
    """Whether the indicator itself names a rate of change (涨幅, 增速, 经济增长)."""
    return bool(RATE_SUFFIX.search(written)) or written in ("经济增长",)
