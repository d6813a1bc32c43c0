"""The query language people type: words, "quoted phrases", OR, -exclusions and filters.

    养老 服务            both strings must occur in the paragraph
    "项目为王"           the exact string (quotes also allow spaces and punctuation inside)
    公厕 OR 厕所         either one
    养老 -疫情           养老 but not 疫情
    year:2022  year:2020-2023  date:2022-03  date:2022-01-01..2022-06-30
    place:送桥镇  source:新闻联播        (any level of the place; prefix of the source)
    kind:listing  kind:all              (listing pages are left out unless asked for)

Every string is matched as a substring of the folded paragraph (see textfold), so a word is
found inside a longer word and numbers with units match as typed. An unquoted string typed
without spaces may be read as the words it holds (养老院建设: see wordsplit and searching).
Brackets group (养老服务 (公厕 OR 厕所)); an unmatched one is only a mark.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import QueryError
from .textfold import fold

MAX_QUERY_LENGTH = 500
MAX_STRINGS = 32

FIELD_ALIASES = {
    "year": "year", "年份": "year", "年": "year",
    "date": "date", "日期": "date",
    "place": "place", "地点": "place", "地区": "place",
    "source": "source", "来源": "source",
    "kind": "kind", "类型": "kind",
    "speaker": "speaker", "说话人": "speaker", "讲话人": "speaker",
}
KINDS = ("listing", "article", "all")  # kind:all searches listings and articles alike
_OPEN_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "＂": "＂"}
_YEAR_RE = re.compile(r"^(\d{4})(?:\s*(?:-|–|~|\.\.|至|到)\s*(\d{4}))?$")
_DATE_RE = re.compile(r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")


@dataclass
class ParsedQuery:
    """The query as strings to find (folded) and filters (validated)."""

    must: list[str] = field(default_factory=list)
    any_of: list[list[str]] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)
    year_range: tuple[int, int] | None = None
    date_range: tuple[str, str] | None = None
    quoted: set[str] = field(default_factory=set)  # strings typed in quotes: always exact
    splits: dict = field(default_factory=dict)  # unquoted string -> wordsplit.Split, set by searching

    @property
    def positive(self) -> list[str]:
        return self.must + [s for group in self.any_of for s in group]

    def parts(self, s: str) -> tuple[str, ...]:
        """The strings a paragraph must hold for `s`: its content words if it was split, else itself."""
        split = self.splits.get(s)
        return split.words if split else (s,)

    @property
    def words_read(self) -> list[str]:
        """Every content word of the strings read as words, in query order."""
        return list(dict.fromkeys(w for s in self.positive if s in self.splits
                                  for w in self.splits[s].words))

    @property
    def whole(self) -> str:
        """The whole query as one string (for ranking exact occurrences first), or ''."""
        if self.any_of or len(self.must) < 2:
            return ""
        return "".join(self.must)


@dataclass
class _Item:
    text: str
    quoted: bool = False
    negated: bool = False
    is_or: bool = False
    bracket: int = 0  # 1 for an opening bracket, -1 for a closing one


_BRACKETS = {"(": 1, "（": 1, ")": -1, "）": -1}


def _lex(q: str) -> list[_Item]:
    items: list[_Item] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        negated = False
        if c in "-－" and i + 1 < n and not q[i + 1].isspace():
            negated, i = True, i + 1
            c = q[i]
        if c in _BRACKETS:
            if negated and _BRACKETS[c] == 1:
                raise QueryError("减号不能用在括号前。", hint="要排除几个词，请分别写：-疫情 -封控。")
            items.append(_Item(c, bracket=_BRACKETS[c]))
            i += 1
            continue
        if c in _OPEN_QUOTES:
            close = _OPEN_QUOTES[c]
            end = q.find(close, i + 1)
            if end == -1 and close != '"':
                end = q.find('"', i + 1)
            if end == -1:
                raise QueryError("引号没有配对：短语要用一对引号括起来。",
                                 hint='例如 "项目为王"；若要查找引号本身，请去掉它。')
            items.append(_Item(q[i + 1 : end], quoted=True, negated=negated))
            i = end + 1
            continue
        start = i
        # a word ends at a space, a bracket or a quote mark (which opens a phrase: 养老"服务")
        while i < n and not q[i].isspace() and q[i] not in _BRACKETS and q[i] not in _OPEN_QUOTES:
            i += 1
        word = q[start:i]
        if word == "OR" or word == "|":
            if negated:
                raise QueryError("“-OR” 无法理解。", hint="排除一个词请写成 -词语。")
            items.append(_Item(word, is_or=True))
        else:
            items.append(_Item(word, negated=negated))
    return items


def _split_field(item: _Item) -> tuple[str, str] | None:
    """(field, value) if the item is a filter like year:2022 or place:"送桥镇"."""
    if item.quoted or item.is_or:
        return None
    for sep in (":", "："):
        name, found, value = item.text.partition(sep)
        if found and name.lower() in FIELD_ALIASES:
            return FIELD_ALIASES[name.lower()], value
    return None


def _year_range(value: str) -> tuple[int, int]:
    m = _YEAR_RE.match(value.strip())
    if not m:
        raise QueryError(f"年份 “{value}” 无法理解。", hint="写成 year:2022 或 year:2020-2023。")
    lo = int(m.group(1))
    hi = int(m.group(2) or lo)
    if lo > hi:
        lo, hi = hi, lo
    return lo, hi


def _date_range(value: str) -> tuple[str, str]:
    parts = re.split(r"\.\.|~|至|到", value.strip())
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or not all(_DATE_RE.match(p.strip()) for p in parts):
        raise QueryError(f"日期 “{value}” 无法理解。",
                         hint="写成 date:2022-03 或 date:2022-01-01..2022-06-30。")

    def norm(p: str) -> str:
        fields = [int(x) for x in p.strip().split("-")]
        if len(fields) > 1 and not 1 <= fields[1] <= 12 or len(fields) > 2 and not 1 <= fields[2] <= 31:
            raise QueryError(f"日期 “{value}” 不存在。", hint="月份 1–12，日 1–31，例如 date:2022-03-15。")
        return "-".join(str(x).zfill(2) for x in fields)

    lo, hi = norm(parts[0]), norm(parts[1])
    # A month or year as upper bound includes all of it: "2022-03" sorts before "2022-03-05".
    return lo, hi + "\uffff"


def apply_filter(parsed: ParsedQuery, name: str, value: str) -> None:
    """Validate one filter and record it in `parsed`."""
    value = value.strip()
    if not value:
        return
    if name == "year":
        parsed.year_range = _year_range(value)
    elif name == "date":
        parsed.date_range = _date_range(value)
    elif name == "kind":
        value = value.lower()
        if value not in KINDS:
            raise QueryError(f"类型 “{value}” 无法理解。", hint="写成 kind:listing、kind:article 或 kind:all。")
    elif name not in ("place", "source", "speaker"):
        raise QueryError(f"不认识的筛选条件 {name}。", hint="可用 year、date、place、source、kind、speaker。")
    parsed.filters[name] = value


def parse_query(q: str, filters: dict[str, str] | None = None) -> ParsedQuery:
    """Parse what a person typed (plus form filters) into strings to find; QueryError if it can't."""
    q = (q or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryError(f"查询太长（{len(q)} 个字符，最多 {MAX_QUERY_LENGTH}）。",
                         hint="请缩短查询，只保留最关键的词或短语。")
    parsed = ParsedQuery()
    items = _lex(q)
    groups: list[list[str]] = []  # consecutive positive strings joined by OR
    pending_or = False
    consumed: set[int] = set()
    opened: list[tuple[int, bool]] = []  # open brackets: strings before it, whether OR came just before
    seen = 0  # strings to find so far
    for k, item in enumerate(items):
        if k in consumed:
            continue
        if item.bracket == 1:
            opened.append((seen, pending_or))
            continue
        if item.bracket == -1:
            if opened:  # an unmatched closing bracket is only a mark, like an unmatched opening one
                before, after_or = opened.pop()
                next_is_or = k + 1 < len(items) and items[k + 1].is_or
                if seen - before > 1 and (after_or or next_is_or):
                    raise QueryError("括号里有几个词时，不能再用 OR 和括号外的词连接。",
                                     hint="OR 只连接单个的词或短语，例如 养老服务 (公厕 OR 厕所)。")
            continue
        if item.is_or:
            if not groups or pending_or or k == len(items) - 1:
                raise QueryError("OR 的两边都要有词。", hint="例如 公厕 OR 厕所。")
            pending_or = True
            continue
        filt = _split_field(item)
        if filt is not None:
            if pending_or:
                raise QueryError("OR 的两边都要有词。", hint="筛选条件不能放在 OR 旁边。")
            name, value = filt
            if not value and k + 1 < len(items) and items[k + 1].quoted:
                value = items[k + 1].text  # place:"高新 区"
                consumed.add(k + 1)
            apply_filter(parsed, name, value)
            continue
        text = fold(item.text)
        if not text:
            pending_or = False
            continue  # punctuation-free nothing: e.g. zero-width characters only
        if item.quoted:
            parsed.quoted.add(text)
        if item.negated:
            if pending_or:
                raise QueryError("OR 的两边不能是排除词。", hint="例如 公厕 OR 厕所 -疫情。")
            parsed.exclude.append(text)
        elif pending_or:
            groups[-1].append(text)
            pending_or = False
            seen += 1
        else:
            groups.append([text])
            seen += 1
    if pending_or:  # "养老 OR" or "(养老 OR)": nothing after the OR
        raise QueryError("OR 的两边都要有词。", hint="例如 公厕 OR 厕所。")
    for name, value in (filters or {}).items():
        if value is not None and str(value).strip():
            apply_filter(parsed, name, str(value))
    for group in groups:
        unique = list(dict.fromkeys(group))
        if len(unique) == 1:
            if unique[0] not in parsed.must:
                parsed.must.append(unique[0])
        else:
            parsed.any_of.append(unique)
    if not parsed.positive and not parsed.filters.get("speaker"):  # speaker:李强 alone lists what he said
        if parsed.exclude:
            raise QueryError("只有排除词，没有要查找的词。", hint="例如 养老 -疫情。")
        if parsed.filters:
            raise QueryError("只有筛选条件，没有要查找的词。",
                             hint="要列出符合这些条件的文档，在网页上直接搜索它们即可（转到“全部文档”），"
                                  "API 用 /api/documents?place=…&year=…；要查找段落，请再加上词语。")
        raise QueryError("请输入要查找的词。", hint='例如 养老、"项目为王"、公厕 OR 厕所。')
    if len(parsed.positive) + len(parsed.exclude) > MAX_STRINGS:
        raise QueryError(f"查询的词太多（最多 {MAX_STRINGS} 个）。", hint="请只保留最关键的词。")
    return parsed


def filters_only(q: str) -> dict[str, str] | None:
    """The filters of a query that holds nothing but filters (place:云川市 year:2022), else None."""
    if not (q or "").strip():
        return None
    try:
        items = _lex(q.strip())
    except QueryError:
        return None
    found: dict[str, str] = {}
    for k, item in enumerate(items):
        filt = None if item.negated else _split_field(item)
        if filt is None:
            if k and items[k - 1].text.endswith((":", "：")) and item.quoted:
                continue  # place:"高新 区"
            return None
        name, value = filt
        if not value and k + 1 < len(items) and items[k + 1].quoted:
            value = items[k + 1].text
        if value.strip():
            found[name] = value.strip()
    try:  # only filters that read: otherwise the search says what is wrong with them
        for name, value in found.items():
            apply_filter(ParsedQuery(), name, value)
    except QueryError:
        return None
    return found or None


def quote(s: str, force: bool = False) -> str:
    """A folded string as query text that parses back to itself (quoted where needed, or always
    with `force`: an unquoted string may be read as words)."""
    special = force or s.startswith(("-", "－")) or s in ("OR", "|") or any(
        c in s for c in ':："“”「」『』＂()（）') or any(c.isspace() for c in s)
    if not special:
        return s
    # A folded string never holds the full-width ＂ (NFKC makes it '"'), so it can always enclose.
    return "＂" + s + "＂" if '"' in s else '"' + s + '"'
