"""The Whoosh analyzer for Chinese: jieba words, for ranking (exact recall is grams.py's).

The tokenizer folds the text first (see textfold), gives tokens ordinal positions, and reports
character offsets into the original text. Whoosh pickles analyzers into the schema, so these
classes must stay importable as `indexer.analysis.<Name>` and hold only plain attributes.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, Tokenizer
from whoosh.analysis.acore import Token

from .segment import DEFAULT_SEGMENTER, UserWord, get_segmenter
from .textfold import fold, fold_with_map


def _offsets(text: str, chars: bool, keep_space: bool) -> tuple[str, list[int] | None]:
    if chars:
        return fold_with_map(text, keep_space=keep_space)
    return fold(text, keep_space=keep_space), None


class JiebaTokenizer(Tokenizer):
    """Words of jieba's accurate mode, one ordinal position each.

    At index time (mode "index", Whoosh's default for indexing) the 2- and 3-character
    dictionary words inside a longer word are added at that word's position, so 天安门 is also
    indexed where 北京天安门广场 stands and a phrase query over positions still works. Queries
    (mode "query") are cut in accurate mode only, so 天安门广场 is not split into sub-words.
    """

    def __init__(self, segmenter: str = DEFAULT_SEGMENTER, userwords: tuple[UserWord, ...] = ()):
        self.segmenter = segmenter
        self.userwords = tuple(userwords)  # the archive's user dictionary, kept in the schema

    def __eq__(self, other):
        return (type(self) is type(other) and self.segmenter == other.segmenter
                and self.userwords == other.userwords)

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__dict__.setdefault("userwords", ())

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        seg = get_segmenter(self.segmenter, self.userwords)
        with_subwords = mode != "query"
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if with_subwords and not positions and not chars:  # indexing words alone: in Rust
            for text in seg.search_words(fold(value, keep_space=True)):
                if not text.isspace():
                    t.text, t.boost, t.stopped = text, 1.0, False
                    if keeporiginal:
                        t.original = text
                    yield t
            return
        folded, index = _offsets(value, chars, keep_space=True)
        pos = start_pos
        for word, start, end in seg.tokenize(folded):
            if word.isspace():
                continue
            parts = [(word, start, end)]
            if with_subwords and len(word) > 2:
                parts.extend((w, start + i, start + i + len(w)) for w, i in seg.subwords(word))
            for text, s, e in parts:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = text
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + index[s]
                    t.endchar = start_char + index[e - 1] + 1
                yield t
            pos += 1

    def index_words(self, folded: str) -> list[str]:
        """The words the index holds for an already folded text, sub-words too, punctuation
        and spaces not yet dropped (see is_word)."""
        return get_segmenter(self.segmenter, self.userwords).search_words(folded)


@lru_cache(maxsize=1 << 16)  # words repeat: each is looked at once
def _is_punctuation(text: str) -> bool:
    return all(unicodedata.category(c)[0] in "PSZ" for c in text)


def is_word(text: str) -> bool:
    """Whether a token is indexed: not only punctuation, symbols or spaces."""
    return not (text.isspace() or _is_punctuation(text))


class PunctuationFilter(Filter):
    """Drops tokens made only of punctuation, symbols or spaces (their positions stay counted)."""

    def __eq__(self, other):
        return type(self) is type(other)

    def __call__(self, tokens):
        for t in tokens:
            if not _is_punctuation(t.text):
                yield t


def word_cutter(analyzer):
    """The index's words of a folded text, as `analyzer` (a WordAnalyzer) indexes them."""
    tokenizer = analyzer.items[0] if hasattr(analyzer, "items") else analyzer
    return tokenizer.index_words


def WordAnalyzer(segmenter: str = DEFAULT_SEGMENTER, userwords: tuple[UserWord, ...] = ()):
    """jieba words, folded, punctuation dropped: the ranking field."""
    return JiebaTokenizer(segmenter, userwords) | PunctuationFilter()

