"""Who can speak in the archive: person names and titles learned from its own `X指出/强调/表示…` subjects.

Only closed-class grammar is written here (cue verbs, time words, the heads of organisations'
names, vague groups and document nouns, which are never speakers); the names of people and
the titles they hold are learned from the archive at index time (see `learn`), with jieba's
dictionary tags (nr) as one piece of evidence.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

# The verbs that introduce a statement, longest first so 强调指出 wins over 强调.
CUES = ("强调指出", "明确指出", "深刻指出", "郑重宣布", "明确表示", "进一步指出", "补充说", "告诉记者",
        "指出", "强调", "表示", "介绍", "宣布", "要求", "认为", "提出", "呼吁", "透露", "坦言", "重申",
        "声称", "宣称", "表态", "回应", "警告", "提醒", "希望", "称", "说")
_CUE_ALT = "|".join(CUES)
# A cue is followed by the statement: a comma or colon, or an opening quote.
CUE_RE = re.compile(rf"({_CUE_ALT})(?=[，,：:“\"])")
# …“……。”他说。  — the statement before its cue: a quote closed, then subject and cue.
QUOTE_CUE_RE = re.compile(rf"“([^“”]{{2,}})”[，,]?([^，。；！？“”]{{1,20}}?)({_CUE_ALT})(?=[。，,！？]|$)")
# Where a subject chunk starts: after a clause boundary.
BOUNDARY = "，,。；;！？!?：:“”（）()\n"  # not 、: 中共中央总书记、国家主席、中央军委主席习近平

HAN = re.compile(r"^[\u4e00-\u9fff·]+$")
# Said of the speaker between name and cue: time, place of saying, adverbs.
_TIME = (r"(?:当地时间)?(?:\d{1,4}年)?(?:\d{1,2}月)?\d{1,2}日(?:晚|上午|下午|晚间|早些时候)?|今天|昨天|昨日|今日|当天|"
         r"同一天|同日|日前|近日|近期|此前|随后|最后|目前|当晚|当日|此间|早些时候|今年\d+月")
_ADVERB = r"还|也|则|又|就|再次|再度|进一步|同时|明确|都|均|一致|多次|曾|已经|已|更|特别|反复|深刻|郑重|首先|随即|当即|最后还|并|亦|坚决|公开"
TRAILERS = re.compile(
    rf"(?:等)$|(?:(?:{_TIME}|{_ADVERB})+"
    r"|(?:在|于|就|对|向|同|与|和)[^，]{0,40}?(?:时|上|中|后|里|期间|之际|时还|中还|上还|后还)"
    r"|(?:接受|通过|出席|会见|会谈|参加|致|主持|看望|考察|调研|视察|发表|回答|回复|答|撰文|代表[^，]{1,20}?发言"
    r"|报道|发文|作出|高度重视|对[^，]{0,40}?作出)[^，]{0,40}?)$")
_LEADERS = re.compile(r"^(?:据|而|但|但是|并|同时|对此|此外|另外|随后|其中|然而|因此|所以|对于此|据此|会上|会后|期间)")
PRONOUNS = ("他", "她")
# Heads of organisations' and meetings' names (grammar, not a list of bodies).
ORG_HEADS = ("委员会", "常务会议", "座谈会", "发布会", "办公室", "办公厅", "代表团", "研究院", "研究所",
             "联合国", "军方", "警方", "政府", "组织", "集团", "公司", "银行", "大学", "中心", "协会", "联盟",
             "会议", "全会", "大会", "议会", "法院", "检察院", "国防军", "部队", "方面", "当局", "机构",
             "基金", "论坛", "联合会", "武装", "旅", "中央", "理事会", "峰会", "党", "部", "局", "委", "院", "署", "厅", "处",
             "办", "社", "台", "网", "报", "所", "司", "馆", "方", "军", "府", "团", "队", "站", "会")
# Never speakers: vague groups and documents (a statement needs someone to stand behind it).
VAGUE = ("们", "人士", "大家", "群众", "专家", "学者", "网友", "民众", "居民", "村民", "市民", "游客", "观众",
         "嘉宾", "业内", "分析", "舆论", "有人", "人们", "各方", "记者", "人员", "代表们", "媒体", "消息",
         "各界", "官兵", "青年", "外宾", "家人", "媒", "元首", "部门", "同志", "纷纷", "历来", "起来", "部署")
VAGUE_PREFIXES = ("当地", "有关", "相关", "一些", "部分", "多名", "许多", "我们", "我", "该", "这", "其", "各")
# The first are no speaker wherever they stand in a subject (报告显示…); the others only at its end.
DOCUMENTS_ANYWHERE = ("文章", "报告", "报道", "声明", "通知", "意见", "白皮书", "纲要", "规划", "方案", "决定",
                      "公报", "讲话")
DOCUMENTS = DOCUMENTS_ANYWHERE + (
    "社论", "评论", "数据", "调查", "研究", "统计", "资料", "贺信", "回信", "》", "文件", "条例",
    "办法", "建议", "决议", "宣言", "计划", "目标", "结果", "显示", "表明", "分析", "贺电", "指示",
    "批示", "精神", "论述", "要求", "思想")
# A name or office is at most this long; longer chunks are sentences, not subjects.
MAX_SUBJECT = 24
MIN_NAME_COUNT = 2  # bare subject occurrences before a string is believed a name
MIN_ALIAS = 5  # times a full name is written before a title before its short form stands for it
MIN_TITLE_NAMES = 3  # distinct names a title must precede before it is believed a title


def strip_subject(chunk: str) -> str:
    """A subject chunk without what is said between speaker and cue (time, occasion, adverbs)."""
    s = chunk.strip(" 　\t")
    s = _LEADERS.sub("", s)
    for _ in range(4):
        t = TRAILERS.sub("", s)
        if t == s or not t:
            break
        s = t
    return s.strip(" 　")


def subjects(text: str) -> Iterable[tuple[str, str, int, int]]:
    """(stripped subject, cue, subject start, cue end) of every cue in a paragraph. A bracketed
    aside before the cue (今天（9月12日）表示) is left out of the subject."""
    for m in CUE_RE.finditer(text):
        start = m.start()
        lo, parts = start, []
        while True:
            hi = lo
            while lo > 0 and text[lo - 1] not in BOUNDARY and hi - lo < 60:
                lo -= 1
            parts.append(text[lo:hi])
            if lo > 0 and text[lo - 1] in "）)" and len(parts) < 3:
                opening = max(text.rfind("（", 0, lo), text.rfind("(", 0, lo))
                if opening >= 0 and lo - opening <= 20:
                    lo = opening
                    continue
            break
        yield strip_subject("".join(reversed(parts))), m.group(1), lo, m.end()


def is_vague(s: str) -> bool:
    if s.startswith(VAGUE_PREFIXES) or "的" in s:
        return True
    return any(s.endswith(v) for v in VAGUE) or any(d in s for d in DOCUMENTS_ANYWHERE) or s.endswith(DOCUMENTS)


def org_head(s: str) -> str:
    """The organisation head the string ends with, or ""."""
    for head in ORG_HEADS:
        if s.endswith(head):
            return head
    return ""


_tags_table = None  # jieba's tags from a build's table (tag_table.py), installed by an update


def dictionary_path() -> str:
    """Where jieba keeps its dictionary, found without importing jieba (its import costs ~0.15 s)."""
    import importlib.util

    return os.path.join(os.path.dirname(importlib.util.find_spec("jieba").origin), "dict.txt")


@lru_cache(maxsize=1)
def _parsed_tags() -> dict[str, str]:
    tags: dict[str, str] = {}
    with open(dictionary_path(), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def jieba_tags() -> dict[str, str]:
    """jieba's dictionary: word -> part-of-speech tag (nr… for person names). In an update's
    process that has not parsed it, the live build's table, which answers alike."""
    if _tags_table is not None and not _parsed_tags.cache_info().currsize:
        return _tags_table
    return _parsed_tags()


def use_tags_of(build) -> None:
    """Let jieba_tags() answer from the build's table, if it has one of the dictionary installed."""
    global _tags_table
    from . import tag_table

    if not _parsed_tags.cache_info().currsize:
        _tags_table = tag_table.load(build, dictionary_path())


def save_tags(build, previous=None) -> None:
    """Keep jieba's tags beside a full build, for the processes that will update it (linked
    from the `previous` build's when jieba's dictionary has not changed)."""
    from . import tag_table

    tag_table.save(build, _parsed_tags(), dictionary_path(), previous)


def name_shaped(s: str, tags: dict[str, str]) -> bool:
    """Whether a string could be a person's name: 2–10 Han characters (· allowed), not a common
    word of jieba's dictionary (unless tagged as a name), no organisation head, nothing vague."""
    if not (2 <= len(s) <= 10) or not HAN.match(s) or s in PRONOUNS or s[0] in "他她该其此这那本我你各且从而并就把被将对" \
            or "的" in s or "等" in s:
        return False
    tag = tags.get(s)
    if tag is not None and not tag.startswith("nr") and tag not in ("ns", "nz", "nt") :
        return False
    if len(s) > 4 and "·" not in s and tag is None and has_word_inside(s, tags):
        return False
    return not org_head(s) and not is_vague(s)


def has_word_inside(s: str, tags: dict[str, str]) -> bool:
    """Whether a string holds a common dictionary word of 2+ characters shorter than itself (a
    phrase such as 科学防治, not a transliterated name such as 米尔济约耶夫)."""
    for i in range(len(s) - 1):
        for j in range(i + 2, min(len(s), i + 4) + 1):
            if j - i == len(s):
                continue
            tag = tags.get(s[i:j])
            if tag and tag[0] in "nvad" and not tag.startswith("nr") and tag != "ns":
                return True
    return False


@dataclass
class Lexicon:
    """What the archive says about its speakers: names (with how often they speak bare) and titles."""

    names: Counter = field(default_factory=Counter)
    titles: Counter = field(default_factory=Counter)  # title -> distinct names it precedes
    orgs: Counter = field(default_factory=Counter)  # bare organisation subjects
    aliases: dict = field(default_factory=dict)  # 周总理 -> 周恩来 (surname + title -> full name)

    def to_json(self) -> dict:
        return {"names": dict(self.names), "titles": dict(self.titles), "orgs": dict(self.orgs),
                "aliases": dict(self.aliases)}

    @classmethod
    def from_json(cls, data: dict) -> "Lexicon":
        return cls(Counter(data.get("names", {})), Counter(data.get("titles", {})),
                   Counter(data.get("orgs", {})), dict(data.get("aliases", {})))

    def title_suffix(self, s: str) -> str:
        """The longest learned title `s` ends with, or ""."""
        for n in range(min(len(s), 8), 0, -1):
            if s[-n:] in self.titles:
                return s[-n:]
        return ""

    def title_prefix(self, s: str) -> str:
        """The longest learned title `s` starts with, or ""."""
        for n in range(min(len(s), 8), 0, -1):
            if s[:n] in self.titles:
                return s[:n]
        return ""


def _title_word(prefix: str, tags: dict[str, str]) -> str:
    """The title a role ends with: its last dictionary word (主席, 副主席, 发言人…)."""
    for n in range(min(4, len(prefix)), 1, -1):
        w = prefix[-n:]
        if w in tags and not tags[w].startswith("nr") and tags[w] != "ns":
            return w
    return ""


def learn(texts: Iterable[str]) -> Lexicon:
    """Names, titles and organisations from the subjects of cues over the whole archive.

    Seed names are bare subjects of 2–4 characters shaped like names; titles are the words that
    precede at least MIN_TITLE_NAMES distinct seed names in subjects; names are then also the
    strings a learned title precedes.
    """
    tags = jieba_tags()
    bare: Counter = Counter()
    texts = texts if isinstance(texts, list) else list(texts)
    for text in texts:
        if "说" not in text and "表示" not in text and "指出" not in text and "强调" not in text \
                and not any(c in text for c in ("称", "介绍", "宣布", "要求", "认为")):
            continue
        for subj, _, _, _ in subjects(text):
            if 2 <= len(subj) <= MAX_SUBJECT:
                bare[subj] += 1
    seeds = {s for s, n in bare.items() if n >= MIN_NAME_COUNT and len(s) <= 4 and name_shaped(s, tags)}
    title_names: dict[str, set[str]] = {}
    for s in bare:
        for n in (4, 3, 2):
            if len(s) > n and s[-n:] in seeds:
                w = _title_word(s[:-n], tags)
                if w and tags[w] in ("n", "l", "nz", "nt"):
                    title_names.setdefault(w, set()).add(s[-n:])
                break
        for n in (4, 3, 2):  # 习近平总书记, 习近平主席: the title after the name
            if len(s) > n and s[:n] in seeds:
                w = s[n:]
                if w in tags and 2 <= len(w) <= 4 and not tags[w].startswith("nr"):
                    title_names.setdefault(w, set()).add(s[:n])
                break
    titles = Counter({t: len(ns) for t, ns in title_names.items() if len(ns) >= MIN_TITLE_NAMES
                      and not org_head(t) and not is_vague(t)})
    lex = Lexicon(titles=titles)
    names: Counter = Counter()
    for s, n in bare.items():
        if s in seeds:
            if not lex.title_suffix(s) and not lex.title_prefix(s) and tags.get(s) != "ns":
                names[s] += n
            continue
        t = lex.title_suffix(s)
        if t and len(s) == len(t):
            continue
        for size in range(2, min(10, len(s) - 1) + 1):  # a title then a name: 法国总统马克龙
            tail, head = s[-size:], s[:-size]
            if lex.title_suffix(head) and name_shaped(tail, tags) and not lex.title_prefix(tail) \
                    and not lex.title_suffix(tail) and not head.endswith("·"):
                names[tail] += n
                break
    for s, n in bare.items():
        if n >= MIN_NAME_COUNT and s not in names and org_head(s) and not is_vague(s) and len(s) <= 12:
            lex.orgs[s] = n
    lex.names = names
    lex.aliases = _aliases(bare, names, tags)
    lex.aliases.update(_text_aliases(texts, lex, tags))
    return lex


def _text_aliases(texts: list[str], lex: Lexicon, tags: dict[str, str]) -> dict[str, str]:
    """周总理 -> 周恩来, 毛主席 -> 毛泽东: a surname and a learned title stand for the one
    three-character name the archive most often writes before that title (at least 80% of the
    time and MIN_ALIAS times), where the short form itself is used too."""
    titles = [t for t in lex.titles if 2 <= len(t) <= 3 and t.endswith(("理", "席", "记", "长"))]
    if not titles:
        return {}
    full = re.compile(r"([\u4e00-\u9fff]{3})(" + "|".join(map(re.escape, titles)) + ")")
    counts: Counter = Counter()
    for text in texts:
        if any(t in text for t in titles):
            counts.update(full.findall(text))
    by_short: dict[str, Counter] = {}
    for (name, title), n in counts.items():
        if (name in lex.names or tags.get(name, "")[:2] in ("nr", "t")) and tags.get(name) != "ns" \
                and not has_word_inside(name, tags):
            by_short.setdefault(name[0] + title, Counter())[name] += n
    out = {}
    for short, names in by_short.items():
        (name, n), total = names.most_common(1)[0], sum(names.values())
        if n >= MIN_ALIAS and n >= 0.8 * total and short not in lex.names:
            out[short] = name
    return out


def _aliases(bare: Counter, names: Counter, tags: dict[str, str]) -> dict[str, str]:
    """周总理 -> 周恩来 where the archive writes 周恩来总理 and no other known name of that surname
    holds that title in subjects."""
    holders: dict[str, set[str]] = {}
    for s in bare:
        for n in (3, 2):
            head, title = s[:n], s[n:]
            if (head in names or tags.get(head, "").startswith("nr")) and title and len(title) <= 3 and tags.get(title, "").startswith("n") \
                    and not tags[title].startswith("nr") and title.endswith(("理", "席", "记", "长")):
                holders.setdefault(head[0] + title, set()).add(head)
                break
    return {alias: next(iter(hs)) for alias, hs in holders.items() if len(hs) == 1 and alias not in names}
