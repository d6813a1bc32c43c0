"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

Kept beside the code it describes and checked against it by the tests (schemathesis sends
generated requests to every endpoint and validates each answer against this description).
Objects allow keys beyond those listed: the API only ever adds keys.
"""
from __future__ import annotations

from .api import COPIES, DEFAULT_PER_PAGE, GROUPS, MAX_PAGE, MAX_PER_PAGE, SORTS

STR = {"type": "string"}
INT = {"type": "integer"}
STRINGS = {"type": "array", "items": STR}
ERROR_CODES = ["bad_query", "page_out_of_range", "not_found", "index_missing", "bad_request",
               "method_not_allowed", "internal_error", "unavailable", "error"]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, required: list[str] | None = None, description: str = "") -> dict:
    schema = {"type": "object", "properties": properties,
              "required": list(properties) if required is None else required}
    if description:
        schema["description"] = description
    return schema


def _param(name: str, description: str, schema: dict, where: str = "query",
           required: bool = False) -> dict:
    return {"name": name, "in": where, "required": required, "description": description,
            "schema": schema}


PAGE = _param("page", "结果页码，从 1 开始；超过最后一页时答 400（page_out_of_range），提示里给出最后一页。",
              {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1})
PER_PAGE = _param("per_page", "每页条数。",
                  {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                   "default": DEFAULT_PER_PAGE})
Q = _param("q", "查询：词语、\"短语\"、OR、-排除，以及 year:、date:、place:、source:、speaker: 筛选"
                "（speaker:李强 可以单独使用）。",
           {"type": "string", "minLength": 1, "maxLength": 500}, required=True)
SORT = _param("sort", "排序：相关度、最新或最早。",
              {"type": "string", "enum": list(SORTS), "default": "relevance"})
GROUP = _param("group", "paragraph：每个匹配段落一条；document：每篇文档一条（其最佳段落），"
                        "其他匹配段落在 others 里，页数按文档计。",
               {"type": "string", "enum": list(GROUPS), "default": "paragraph"})
COPIES_PARAM = _param("copies", "hide：隐藏转载，相同或几乎相同的段落（一组副本）只列最早的一处，"
                                "hidden_copies 给出略去的段落数；show（默认）：全部列出。",
                      {"type": "string", "enum": list(COPIES), "default": "show"})
YEAR = _param("year", "年份或年份范围：2022、2020-2023。", STR)
PLACE = _param("place", "地点：省、市、县、镇任一级（place=高邮市 找到 江苏省扬州市高邮市送桥镇）。", STR)
SOURCE = _param("source", "来源（以此开头）。", STR)
DATE = _param("date", "日期范围：2022-01-01..2022-06-30、2022-03 或 2022。", STR)
FROM = _param("from", "日期范围的起点（YYYY-MM-DD），可与 to 同用，代替 date。", STR)
TO = _param("to", "日期范围的终点（YYYY-MM-DD）。", STR)
KIND = _param("kind", "文档类型：listing（列表页、节目单、目录）、article（默认）或 all。",
              {"type": "string", "enum": ["listing", "article", "all"]})
SPEAKER = _param("speaker", "说话人：人名（不带职务，任一写法：李强、国务院总理李强）或机构、会议（会议、俄罗斯国防部）。",
                 {"type": "string", "maxLength": 100})
FILTERS = [YEAR, PLACE, SOURCE, DATE, FROM, TO, KIND, SPEAKER]
SINCE = _param("since", "ISO 8601 时间（如 2026-12-01T08:00:00Z；不带时区按 UTC）：答案的 new_since "
                        "给出此后才进入索引的匹配段落数（保存的搜索据此显示新结果）。",
               {"type": "string", "format": "date-time"})
SECTION = _param("section", "档案中的部分：文档所在的第一层文件夹（如 reports、news），精确匹配。", STR)

SCHEMAS = {
    "Error": _object({"error": _object({
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "code": {"type": "string", "enum": ERROR_CODES,
                 "description": "机器可读的错误类别"},
        "message": STR, "hint": STR})}),
    "Citation": _object({
        "title": STR, "author": STR, "place": STR, "source": STR, "date": STR,
        "paragraph": {"type": ["integer", "null"], "minimum": 0,
                      "description": "0 起的段落编号；引用整篇文档时为 null"},
        "paragraph_number": {"type": ["integer", "null"], "minimum": 1,
                             "description": "1 起的段落编号（第 N 段）"},
        "text": STR, "url": STR, "accessed": STR,
        "reference": {"type": "string", "description": "GB/T 7714-2015 电子资源著录"},
        "gbt7714": {"type": "string", "description": "引文加 GB/T 7714 著录"},
        "plain": {"type": "string", "description": "一行纯文本引用"},
        "page": {"type": "integer", "minimum": 1, "description": "PDF 的页码（第 N 页），只在 PDF 文档中给出"},
        "ocr": {"type": "boolean", "description": "这一段是从扫描件机器识别（OCR）的文字；只在为真时给出"},
        "speaker": {"type": "string", "description": "段落中第一个说话人（引用写作“李强指出：……”）；只在有时给出"}},
        required=["title", "author", "place", "source", "date", "paragraph", "paragraph_number", "text",
                  "url", "accessed", "reference", "gbt7714", "plain"]),
    "Hit": _object({
        "doc_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
        "path": {"type": "string", "description": "相对档案文件夹的路径"},
        "title": STR, "date": STR, "place": STR, "source": STR,
        "paragraph": {"type": "integer", "minimum": 0,
                      "description": "0 起的段落编号（与页面的 #p 锚点相同）"},
        "paragraph_number": {"type": "integer", "minimum": 1,
                             "description": "1 起的段落编号，即页面上的“第 N 段”"},
        "text": STR,
        "highlight": {"type": "string", "description": "HTML 转义后的原文，匹配处加 <mark>"},
        "url": {"type": "string",
                "description": "段落的永久链接（?p=&k=，重建索引后仍指向同一段）"},
        "more_in_doc": {"type": "integer", "minimum": 0, "description": "同一文档中其他匹配段落数"},
        "match": {"type": "string", "enum": ["exact", "words", "near"],
                  "description": "exact：完整包含所查的每个字符串；words：只包含连写字符串拆出的各个词；"
                                 "near：近似表述（只在 near 里）"},
        "similarity": {"type": "number", "minimum": 0, "maximum": 1,
                       "description": "近似表述：与所查字符串的相似度（不计标点）"},
        "diff": {"type": "array", "items": {
            "type": "array", "prefixItems": [{"type": "string", "enum": ["=", "-", "+"]}, STR],
            "minItems": 2, "maxItems": 2},
            "description": "近似表述与所查字符串的差别：[\"=\", 相同], [\"-\", 只在所查的字符串里], "
                           "[\"+\", 只在段落里]"},
        "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{8}$"},
        "citation": _ref("Citation"),
        "page": {"type": "integer", "minimum": 1, "description": "段落所在的 PDF 页码，只在 PDF 文档中给出"},
        "ocr": {"type": "boolean", "description": "这一段是从扫描件机器识别（OCR）的文字；只在为真时给出"},
        "copies": _object({
            "count": {"type": "integer", "minimum": 1, "description": "另有这一段（或几乎相同的段落）的文档数"},
            "first": _object({"doc_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
                              "paragraph": {"type": "integer", "minimum": 0}, "date": STR,
                              "title": STR}, description="这一组中日期最早的段落（可能就是本段）")},
            description="这一段在其他文档中的副本；没有时不给出"),
        "others": {"type": "array", "items": _ref("Hit"),
                   "description": "group=document 时：这篇文档的其他匹配段落，按段落顺序"},
        "speakers": {"type": "array", "items": _ref("Attribution"),
                     "description": "段落中的说话人（只列出把握较大的识别结果）"}},
        required=["doc_id", "path", "title", "date", "place", "source", "paragraph",
                  "paragraph_number", "text", "highlight", "url", "more_in_doc", "match",
                  "fingerprint", "citation"]),
    "Reading": _object({
        "must": STRINGS, "any_of": {"type": "array", "items": STRINGS}, "exclude": STRINGS,
        "filters": {"type": "object", "additionalProperties": STR}, "words": STRINGS,
        "also": {"type": "object", "additionalProperties": STR},
        "read_as_words": {"type": "array", "items": _object({
            "string": STR, "words": STRINGS,
            "dropped": {"type": "array", "items": STR, "description": "略去的虚词、疑问词"}}),
            "description": "没加引号、连着写的字符串按其中的词查找：每个字符串拆出的词"},
        "exact_query": {"type": "string", "description": "只查完整出现的查询（连写的字符串加上引号）；"
                                                          "没有按词查找的字符串时为空"}},
        description="查询是如何理解的"),
    "Facet": {"type": "array", "items": {
        "type": "array", "prefixItems": [STR, {"type": "integer", "minimum": 1}],
        "minItems": 2, "maxItems": 2}, "description": "[值, 段落数] 对"},
    "Suggestion": _object({"query": STR, "filters": {"type": "object",
                                                     "additionalProperties": STR},
                           "reason": STR, "total": {"type": "integer", "minimum": 0}}),
    "SearchAnswer": _object({
        "query": STR, "total": {"type": "integer", "minimum": 0},
        "exact_total": {"type": "integer", "minimum": 0,
                        "description": "完整包含所查字符串的段落数（其余只包含拆出的词）"},
        "documents_total": {"type": "integer", "minimum": 0, "description": "有匹配段落的文档数"},
        "group": {"type": "string", "enum": list(GROUPS)},
        "notice": {"type": "string", "description": "找不到时值得一说的原因（如拆出的词从不在同一段出现）"},
        "page": {"type": "integer", "minimum": 1}, "per_page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1, "description": "结果的总页数"},
        "sort": {"type": "string", "enum": list(SORTS)},
        "hits": {"type": "array", "items": _ref("Hit")},
        "reading": _ref("Reading"),
        "facets": {"type": "object", "additionalProperties": _ref("Facet"),
                   "description": "按年份（year）、地点（place）、来源（source）的段落数"},
        "suggestions": {"type": "array", "items": _ref("Suggestion"),
                        "description": "找不到时可以试的查询"},
        "partial": {"type": "boolean", "description": "到了时间上限，结果可能不全"},
        "near": {"type": "array", "items": _ref("Hit"),
                 "description": "加引号的 8 字以上字符串：几乎相同的表述（差一两个字、标点或异体字），"
                                "最接近的在前；不含完全一致的段落，也不计入 total；只随第 1 页给出"},
        "near_total": {"type": "integer", "minimum": 0, "description": "近似表述的段落数（第 1 页）"},
        "new_since": {"type": "integer", "minimum": 0,
                      "description": "给出 since 时：此后才进入索引的匹配段落数"},
        "hidden_copies": {"type": "integer", "minimum": 0,
                          "description": "copies=hide 时作为转载略去的匹配段落数（不计入 total）"}},
        required=["query", "total", "exact_total", "documents_total", "group", "notice", "page",
                  "per_page", "pages", "sort", "hits", "reading", "facets", "suggestions",
                  "partial", "near", "near_total"]),
    "Copy": _object({
        "doc_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
        "paragraph": {"type": "integer", "minimum": 0},
        "paragraph_number": {"type": "integer", "minimum": 1}, "date": STR, "title": STR,
        "place": STR, "source": STR, "path": STR, "text": STR,
        "this": {"type": "boolean", "description": "是否就是所问的段落"},
        "url": {"type": "string", "description": "段落的永久链接"}}),
    "Copies": _object({
        "doc_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
        "paragraph": {"type": "integer", "minimum": 0},
        "count": {"type": "integer", "minimum": 0, "description": "另有这一段的文档数"},
        "copies": {"type": "array", "items": _ref("Copy"),
                   "description": "这一段和它在其他文档中的副本，按日期，最早的在前"}}),
    "ListedDocument": _object({
        "doc_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"}, "path": STR, "title": STR,
        "date": STR, "place": STR, "source": STR,
        "url": {"type": "string", "description": "文档在本站的页面"},
        "source_url": {"type": "string", "description": "文档的原始出处（如有）"},
        "paragraphs": {"type": "integer", "minimum": 0, "description": "段落数"}}),
    "DocumentList": _object({
        "filters": {"type": "object", "additionalProperties": STR},
        "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1}, "pages": {"type": "integer", "minimum": 1},
        "documents": {"type": "array", "items": _ref("ListedDocument")}}),
    "Document": _object({
        "doc_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"}, "path": STR, "title": STR,
        "date": STR, "place": STR, "source": STR, "source_url": STR, "paragraphs": STRINGS,
        "pages": {"type": "array", "items": {"type": ["integer", "null"], "minimum": 1},
                  "description": "PDF 文档：每段所在的页码"},
        "ocr": {"type": "array", "items": {"type": "boolean"},
                "description": "有扫描页的 PDF：每段是否机器识别（OCR）"},
        "fingerprints": {"type": "array", "items": {"type": "string", "pattern": "^[0-9a-f]{8}$"}},
        "citation": _ref("Citation"),
        "target": _object({
            "paragraph": {"type": ["integer", "null"], "minimum": 0},
            "paragraph_number": {"type": ["integer", "null"], "minimum": 1},
            "requested": {"type": ["integer", "null"], "minimum": 0},
            "status": {"type": "string", "enum": ["exact", "moved", "changed", "missing"]}},
            description="给出 p 或 k 时：那一段现在在哪里")},
        required=["doc_id", "path", "title", "date", "place", "source", "source_url",
                  "paragraphs", "fingerprints", "citation"]),
    "Mention": _object({
        "doc_id": STR, "paragraph": {"type": "integer", "minimum": 0},
        "paragraph_number": {"type": "integer", "minimum": 1}, "date": STR, "title": STR,
        "url": STR}),
    "Timeline": _object({
        "query": STR, "total": {"type": "integer", "minimum": 0},
        "years": {"type": "array", "items": _object({
            "year": INT, "paragraphs": {"type": "integer", "minimum": 1},
            "documents": {"type": "integer", "minimum": 1},
            "per_100k_chars": {"type": "number", "minimum": 0}})},
        "first": {"oneOf": [_ref("Mention"), {"type": "null"}], "description": "最早的提及"},
        "last": {"oneOf": [_ref("Mention"), {"type": "null"}], "description": "最近的提及"}}),
    "Export": _object({
        "query": STR, "sort": {"type": "string", "enum": list(SORTS)},
        "filters": {"type": "object", "additionalProperties": STR}, "accessed": STR,
        "hits": {"type": "array", "items": _ref("Hit")},
        "total": {"type": "integer", "minimum": 0}}),
}

NUMBER_OR_NULL = {"type": ["number", "null"]}
SCHEMAS["Figure"] = _object({
    "place": STR, "report_year": INT,
    "ref_year": {"type": "integer", "description": "数字所指的年份：2025 年报告的“过去一年”为 2024"},
    "indicator": {"type": "string", "description": "指标的规范名（国内生产总值、GDP → 地区生产总值）"},
    "indicator_as_written": STR, "value": {"type": "number", "description": "数值；范围取下限；下降为负"},
    "unit": {"type": "string", "description": "原文单位：%、个百分点、万亿元、万人"},
    "lo": NUMBER_OR_NULL, "hi": NUMBER_OR_NULL,
    "modifier": {"type": "string", "description": "左右、以上、以内、不低于、约、力争……或空"},
    "change": {"type": "string", "enum": ["rate", "points", "level", "increase", "decrease"],
               "description": "rate：增长率（%）；points：百分点；level：水平或比重；increase/decrease：增减量"},
    "kind": {"type": "string", "enum": ["actual", "target"], "description": "actual：结果；target：目标"},
    "doc_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
    "paragraph": {"type": "integer", "minimum": 0},
    "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0},
    "text": {"type": "string", "description": "段落中这一数字的原文（start:end）"},
    "normalised": {"type": "number", "description": "乘出万、亿之后的数值"}, "base_unit": STR,
    "title": STR, "date": STR, "path": STR, "url": STR})
SCHEMAS["Figure"]["properties"]["series"] = {
    "type": "string", "description": "这一数字所属序列的页面（/figures?place=&indicator=）"}
SCHEMAS["Figure"]["properties"]["shown"] = {
    "type": "boolean", "description": "指标名以常见指标词（总值、收入、…率、产量）结尾：默认只给这类；all=1 时也给其他的（false）"}
SCHEMAS["Figures"] = _object({"figures": {"type": "array", "items": _ref("Figure")}})
SCHEMAS["Hit"]["properties"]["figures"] = {
    "type": "array", "items": _ref("Figure"),
    "description": "这一段中抽取的数字，各带其序列页面的链接；只在报告的段落有数字时给出"}
ATTRIBUTION = {
    "name": {"type": "string", "description": "说话人：人名不带职务，或机构、会议、职务照原文"},
    "kind": {"type": "string", "enum": ["person", "organisation"]},
    "role": {"type": "string", "description": "原文写的职务（国务院总理），或空"},
    "cue": {"type": "string", "description": "引出发言的词：指出、强调、表示、说……；报告人为“报告”"},
    "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0},
    "via": {"type": "string", "enum": ["stated", "pronoun", "header"],
            "description": "stated：原文写明；pronoun：由代词或称谓推断；header：报告抬头的报告人"},
    "confidence": {"type": "number", "minimum": 0, "maximum": 1}}
SCHEMAS["Attribution"] = _object(dict(ATTRIBUTION), description="一段发言：谁、怎样引出、在段落中的位置（start:end）")
SCHEMAS["ParagraphAttribution"] = _object({"paragraph": {"type": "integer", "minimum": 0}, **ATTRIBUTION})
SCHEMAS["Presenter"] = _object({"name": STR, "kind": STR, "role": STR}, description="报告抬头的报告人")
SCHEMAS["Document"]["properties"]["attributions"] = {
    "type": "array", "items": _ref("ParagraphAttribution"), "description": "各段的发言（不含报告人）"}
SCHEMAS["Document"]["properties"]["presenter"] = {
    "oneOf": [_ref("Presenter"), {"type": "null"}], "description": "报告的报告人（取自抬头），或 null"}
SCHEMAS["SpeakerList"] = _object({"query": STR, "speakers": {"type": "array", "items": _object({
    "name": STR, "kind": STR, "statements": {"type": "integer", "minimum": 1},
    "documents": {"type": "integer", "minimum": 1}})}})
SCHEMAS["Speaker"] = _object({
    "name": STR, "kind": STR, "statements": {"type": "integer", "minimum": 0},
    "documents": {"type": "integer", "minimum": 0},
    "roles": {"type": "array", "items": _object({"role": STR, "first_year": INT, "last_year": INT,
                                                 "statements": {"type": "integer", "minimum": 1}})},
    "topics": {"type": "array", "items": _object({"word": STR, "count": {"type": "integer", "minimum": 1}})},
    "how": {"type": "object", "additionalProperties": {"type": "integer"},
            "description": "识别方式（stated、pronoun、header）各有多少处"},
    "years": {"type": "array", "items": _object({
        "year": INT, "paragraphs": {"type": "integer", "minimum": 1},
        "documents": {"type": "integer", "minimum": 1}, "per_100k_chars": {"type": "number", "minimum": 0}})},
    "query": STR, "total": {"type": "integer", "minimum": 0}, "page": {"type": "integer", "minimum": 1},
    "hits": {"type": "array", "items": _ref("Hit")}})
SCHEMAS["Document"]["properties"]["figures"] = {
    "type": "array", "items": _ref("Figure"), "description": "报告中抽取的数字（非报告为空）"}


def _json(schema: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref(schema)}}}


def _errors(*statuses: int) -> dict:
    what = {400: "查询或参数无法理解（bad_query、page_out_of_range、bad_request）",
            404: "没有这份文档（not_found）",
            503: "还没有索引（index_missing）"}
    return {str(s): _json("Error", what[s]) for s in statuses}


def _get(summary: str, parameters: list, responses: dict, operation_id: str) -> dict:
    # Any other error (405 for another method, 500) has the same shape.
    responses = {**responses, "default": _json("Error", "其他错误（如 405、500），形式相同")}
    return {"get": {"summary": summary, "operationId": operation_id, "parameters": parameters,
                    "responses": responses}}


def openapi_description(server: str = "") -> dict:
    """The description as a dict; `server` is the site's base URL, if known."""
    paths = {
        "/api/search": _get(
            "逐段搜索：一页匹配段落，附总数、页数、分面计数和查询的理解",
            [Q, PAGE, PER_PAGE, SORT, GROUP, COPIES_PARAM, *FILTERS, SINCE],
            {"200": _json("SearchAnswer", "一页结果"), **_errors(400, 503)}, "search"),
        "/api/documents": _get(
            "浏览档案：按地点、年份、来源、类别列出文档",
            [PLACE, YEAR, DATE, SOURCE, SECTION, KIND, PAGE, PER_PAGE],
            {"200": _json("DocumentList", "一页文档"), **_errors(400, 503)}, "listDocuments"),
        "/api/documents/{doc_id}": _get(
            "一篇文档的全部段落、指纹和引用；给出 p、k 时找到那一段现在的位置",
            [_param("doc_id", "文档编号：16 位十六进制数字",
                    {"type": "string", "pattern": "^[0-9a-f]{16}$"}, where="path", required=True),
             _param("p", "永久链接里的段落编号（0 起）", {"type": "integer", "minimum": 0}),
             _param("k", "永久链接里的段落指纹（8 位十六进制）",
                    {"type": "string", "pattern": "^[0-9a-f]{8}$"})],
            {"200": _json("Document", "文档"), **_errors(404, 503)}, "getDocument"),
        "/api/timeline": _get(
            "按年份统计匹配段落，附最早和最近的提及",
            [Q, *FILTERS],
            {"200": _json("Timeline", "每年的匹配数"), **_errors(400, 503)}, "timeline"),
        "/api/export.json": _get(
            "导出全部匹配段落（不分页）为 JSON，附引用字段",
            [Q, SORT, *FILTERS],
            {"200": _json("Export", "全部匹配段落"), **_errors(400, 503)}, "exportJson"),
        "/api/export.csv": _get(
            "导出全部匹配段落（不分页）为 CSV（带 BOM，Excel 可直接打开）",
            [Q, SORT, *FILTERS],
            {"200": {"description": "CSV：每个匹配段落一行",
                     "content": {"text/csv": {"schema": STR}}}, **_errors(400, 503)},
            "exportCsv"),
        "/api/copies/{doc_id}/{paragraph}": _get(
            "同一段落在其他文档中：相同或几乎相同的段落，按日期排列",
            [_param("doc_id", "文档编号：16 位十六进制数字",
                    {"type": "string", "pattern": "^[0-9a-f]{16}$"}, where="path", required=True),
             _param("paragraph", "段落编号（0 起）", {"type": "integer", "minimum": 0},
                    where="path", required=True)],
            {"200": _json("Copies", "这一段和它的副本"), **_errors(404, 503)}, "copies"),
        "/api/figures": _get(
            "报告中的数字：指标、数值、单位、结果或目标、所指年份，每个都指向原段落",
            [_param("place", "地点（以此开头）：全国、江苏省。", STR),
             _param("indicator", "指标（按规范名）：地区生产总值、国内生产总值、GDP 都一样。", STR),
             _param("kind", "actual（结果）或 target（目标）。",
                    {"type": "string", "enum": ["actual", "target"]}),
             _param("year", "所指年份或范围：2024、2015-2025。", STR),
             _param("all", "1：也给指标名不是常见指标词的数字（数量、个数），带 shown=false。",
                    {"type": "string", "enum": ["", "1"]})],
            {"200": _json("Figures", "数字"), **_errors(400, 503)}, "figures"),
        "/api/speakers": _get(
            "说话人列表：名字含 q 的说话人及其发言段落数、文档数",
            [_param("q", "名字中含有的字", {"type": "string", "maxLength": 40}),
             _param("limit", "最多列出几个", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50})],
            {"200": _json("SpeakerList", "说话人"), **_errors(400, 503)}, "listSpeakers"),
        "/api/speakers/{name}": _get(
            "一位说话人：文中写到的职务及年份、逐年发言数、最常谈到的词，以及（匹配 q 的）发言",
            [_param("name", "说话人的名字", {"type": "string", "minLength": 1, "maxLength": 40},
                    where="path", required=True),
             _param("q", "只看含这些词的发言（与 /api/search 的 q 相同）", {"type": "string", "maxLength": 500}),
             _param("page", "发言的页码", {"type": "integer", "minimum": 1, "maximum": 500, "default": 1})],
            {"200": _json("Speaker", "说话人"), **_errors(400, 404, 503)}, "getSpeaker"),
        "/api/openapi.json": _get(
            "本说明（OpenAPI 3.1）", [],
            {"200": {"description": "OpenAPI 3.1 说明",
                     "content": {"application/json": {"schema": {"type": "object"}}}}},
            "openapi"),
    }
    description = {
        "openapi": "3.1.0",
        "info": {"title": "档案 dangan API", "version": "1",
                 "description": "政府报告与地方新闻的段落检索。paragraph 从 0 起（与页面锚点 #p 相同），"
                                "paragraph_number 从 1 起（页面上的“第 N 段”）。每个错误都是 "
                                "{\"error\": {\"status\", \"code\", \"message\", \"hint\"}}，"
                                "HTTP 状态码与 status 相同。"},
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
    if server:
        description["servers"] = [{"url": server}]
    return description
