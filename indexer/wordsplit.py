"""Reading an unquoted string typed without spaces (养老院建设) as the content words it holds.

A string is cut by the index's own analyzer in query mode (the user dictionary included).
Function words (的, 和, 在 …), question words (如何, 哪些 …) and a few verbs that only introduce
a topic (李强谈人工智能) are dropped. If two or more content words of at least two characters
remain, a paragraph matches when it holds every one of them; otherwise (a single word, a piece
of one character left over, a number with its unit) the string stays one exact string.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Words that carry no topic of their own: particles, prepositions, conjunctions, auxiliaries.
# Only single characters: a word of two (关于, 以及) is kept, since a paragraph that says
# 关于金融 is what someone typing it most likely wants, and dropping it could leave one word.
FUNCTION_WORDS = frozenset(
    "的 了 和 与 及 在 对 把 之 等 或 并 被 将 从 向 于 为 以 由 给 跟 同 而 且 也 都 就 还 又 再 "
    "着 过 吧 啊 呀 吗 呢 地 得 所 其 该 此 这 那 是 有".split())
# Question words: what a person asks with, not what the paragraph says.
QUESTION_WORDS = ("如何", "怎么", "怎样", "怎么样", "哪些", "哪里", "哪个", "哪儿", "什么",
                  "为什么", "为何", "多少", "是否", "有没有", "能否", "可否", "啥", "谁", "何时")
# Verbs that introduce what someone talked about (李强谈人工智能, 专家说养老).
TOPIC_VERBS = frozenset("谈 说 讲 论 问 答 看 聊".split())
MIN_WORD = 2  # a content word shorter than this means the string was cut inside a word


@dataclass(frozen=True)
class Split:
    """An unquoted string read as words: the content words searched for, and those dropped."""

    string: str
    words: tuple[str, ...]
    dropped: tuple[str, ...]

    def to_api(self) -> dict:
        return {"string": self.string, "words": list(self.words), "dropped": list(self.dropped)}


def _is_number(token: str) -> bool:
    return any(unicodedata.category(c) == "Nd" for c in token)


def _droppable(token: str) -> bool:
    return (token in FUNCTION_WORDS or token in TOPIC_VERBS
            or any(token.startswith(q) for q in QUESTION_WORDS))


def pieces(tokens: list[str]) -> list[str]:
    """Tokens with each number joined to the unit after it (3家, 2.72亿元, 5.2%), punctuation out."""
    out: list[str] = []
    glue = False
    for token in tokens:
        if not any(c.isalnum() or c in "%‰" for c in token):
            glue = False
            continue
        if glue and out:
            out[-1] += token
            glue = False
            continue
        out.append(token)
        glue = _is_number(token) and not token.isalpha()
    return out


def split_string(string: str, tokens: list[str]) -> Split | None:
    """How the folded `string`, cut into `tokens`, reads as words; None if it stays exact."""
    content: list[str] = []
    dropped: list[str] = []
    for piece in pieces(tokens):
        if _droppable(piece):
            dropped.append(piece)
        elif len(piece) < MIN_WORD or _is_number(piece):
            return None  # a word cut in two, or a figure: the string is matched as typed
        elif piece not in content:
            content.append(piece)
    if len(content) < 2:
        return None
    return Split(string, tuple(content), tuple(dropped))
