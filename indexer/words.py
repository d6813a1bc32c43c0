"""jieba-word postings of the folded paragraphs and of their titles, kept beside the index.

The same postings tables as the bigrams' (grams.py, postings_codec.py), keyed by a 42-bit hash
of the word, with how often the word stands in each paragraph: BM25F over these words ranks the
best matches (ranking.py) from memory-mapped arrays, instead of walking Whoosh's posting lists on
each search.

    words.*.npy       the words of each paragraph's folded text (sub-words of long words too)
    titlewords.*.npy  the words of each paragraph's document title
"""
from __future__ import annotations

import hashlib
from array import array
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from . import grams
from . import postings_codec as codec
from .analysis import is_word

WORD_PREFIX, TITLE_PREFIX = "words.", "titlewords."
WORD_FILES = codec.files(WORD_PREFIX)
TITLE_FILES = codec.files(TITLE_PREFIX)
FILES = WORD_FILES + TITLE_FILES
_MASK = (1 << grams.KEY_BITS) - 1


@lru_cache(maxsize=1 << 16)
def key(word: str) -> int:
    """The integer a word is stored under: stable across processes and Python versions."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little") & _MASK


def postings_maker(cut: Callable[[str], list[str]], keep: Callable[[str], bool] = bool):
    """A function from texts to the (keys, starts, docs, counts) of the words `cut` gives that
    `keep` keeps. Each word is looked at once, in numbering it; the rest is numpy's."""

    def make(texts: list[str]):
        vocabulary: dict[str, int] = {}
        number = vocabulary.setdefault
        seen: dict[str, int] = {}  # titles repeat for each paragraph, copies across reports
        ids = array("q")
        spans = np.zeros((len(texts), 2), dtype=np.int64)  # where each text's ids stand
        for i, text in enumerate(texts):
            first = seen.get(text)
            if first is None:
                seen[text] = i
                start = len(ids)
                ids.extend([number(w, len(vocabulary)) for w in cut(text)])
                spans[i] = start, len(ids)
            else:
                spans[i] = spans[first]
        kept = np.fromiter(map(keep, vocabulary), dtype=bool, count=len(vocabulary))
        codes = np.fromiter((key(w) for w in vocabulary), dtype=np.uint64, count=len(vocabulary))
        every = np.frombuffer(ids, dtype=np.int64) if len(ids) else np.zeros(0, np.int64)
        lengths = spans[:, 1] - spans[:, 0]
        take = np.repeat(spans[:, 0] - np.r_[0, np.cumsum(lengths)[:-1]], lengths) + np.arange(lengths.sum())
        word_of = every[take]
        doc_of = np.repeat(np.arange(len(texts), dtype=np.uint32), lengths)
        wanted = kept[word_of] if len(word_of) else np.zeros(0, bool)
        return grams.pack(codes[word_of[wanted]], doc_of[wanted], len(texts))

    return make


def write(build: Path, cut, texts: list[str], titles: list[str], made=None) -> None:
    """Write the word postings of a build's folded texts and titles (or the pair `made` already)."""
    make = postings_maker(cut, is_word)
    words, title_words = made or (None, None)
    grams.write(build, texts, words, prefix=WORD_PREFIX, make=make)
    grams.write(build, titles, title_words, prefix=TITLE_PREFIX, make=make)


def updated(live: Path, cut, remap: np.ndarray, fresh: dict[int, str], fresh_titles: dict[int, str],
            texts: list[str], titles: list[str]):
    """The (words, title words) postings of a build made from the `live` one (see grams.updated)."""
    make = postings_maker(cut, is_word)
    return (grams.updated(Words(live), remap, fresh, texts, make),
            grams.updated(TitleWords(live), remap, fresh_titles, titles, make))


class Words(grams.Grams):
    """A build's word postings, memory-mapped, with each paragraph's number of words."""

    PREFIX = WORD_PREFIX
    key = staticmethod(key)

    def __init__(self, build: Path | None, arrays=None):
        super().__init__(build, arrays)
        self._build = None if arrays else build
        self._lengths: np.ndarray | None = None
        self._total: float | None = None

    @property
    def lengths(self) -> np.ndarray:
        """How many words each paragraph holds (each word's count at most 255)."""
        if self._lengths is None:
            # read from the files, not through the maps: a reader then holds in memory only the
            # postings of the words it is asked for, not every page this one pass reads
            table = self.table if self._build is None else codec.load(self._build, self.PREFIX, mmap=False)
            _, _, docs, counts = table.decoded()
            size = int(docs.max()) + 1 if len(docs) else 0
            self._lengths = np.bincount(docs, weights=counts, minlength=size)
        return self._lengths

    def lengths_of(self, docs: np.ndarray) -> np.ndarray:
        """The number of words of each of `docs` (0 for a paragraph without words)."""
        lengths = self.lengths
        if not len(lengths):
            return np.zeros(len(docs))
        inside = docs < len(lengths)
        return np.where(inside, lengths[np.where(inside, docs, 0)], 0)

    def average(self, paragraphs: int) -> float:
        """The mean number of words over a build's `paragraphs`."""
        if self._total is None:
            self._total = float(self.lengths.sum())
        return self._total / max(paragraphs, 1)


class TitleWords(Words):
    """The words of each paragraph's document title, memory-mapped."""

    PREFIX = TITLE_PREFIX
