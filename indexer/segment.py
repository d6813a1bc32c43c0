"""Word segmentation with jieba's dictionary: rjieba (jieba-rs) by default, or the jieba package.

Index and query must use the same segmenter; the index records its name, and searching uses the
one recorded. Segmenters are process-wide singletons looked up by name, so analyzers (which
Whoosh pickles into the schema) only carry the name.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Iterator

DEFAULT_SEGMENTER = "rjieba"
_lock = threading.Lock()
_segmenters: dict[tuple, "Segmenter"] = {}
USERDICT_NAME = "userdict.txt"

# A user dictionary entry as jieba reads it: word, frequency (or None), part-of-speech tag (or None).
UserWord = tuple[str, "int | None", "str | None"]


def read_userdict(path: str | os.PathLike) -> tuple[UserWord, ...]:
    """Entries of a jieba-format user dictionary ("word [freq] [tag]" a line; # comments)."""
    entries: list[UserWord] = []
    for line in Path(path).read_text(encoding="utf-8-sig").splitlines():
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        word, freq, tag = parts[0], None, None
        for extra in parts[1:3]:
            if extra.isdigit():
                freq = int(extra)
            else:
                tag = extra
        entries.append((word, freq, tag))
    return tuple(entries)


def cache_dir() -> Path:
    """Folder the app owns for jieba's dictionary cache (not the shared temp dir)."""
    base = os.environ.get("DANGAN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "dangan"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


class Segmenter:
    """Cuts text into (word, start, end) in accurate mode, and a word into dictionary sub-words."""

    name = ""

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        raise NotImplementedError

    def has_word(self, word: str) -> bool:
        raise NotImplementedError

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        raise NotImplementedError

    def search_words(self, text: str) -> list[str]:
        """Accurate-mode words, each long one preceded by its dictionary sub-words (see subwords)."""
        out: list[str] = []
        for word, _, _ in self.tokenize(text):
            out.extend(w for w, _ in self.subwords(word))
            out.append(word)
        return out

    def subwords(self, word: str) -> Iterator[tuple[str, int]]:
        """Dictionary words of 2 and 3 characters inside a longer word (jieba's search mode)."""
        n = len(word)
        if n <= 2:
            return
        for size in (2, 3):
            if size >= n:
                break
            for i in range(n - size + 1):
                gram = word[i : i + size]
                if self.has_word(gram):
                    yield gram, i


class RJiebaSegmenter(Segmenter):
    name = "rjieba"

    def __init__(self) -> None:
        import rjieba

        self._jieba = rjieba.Jieba()

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        return self._jieba.tokenize(text, "default", True)

    def has_word(self, word: str) -> bool:
        return self._jieba.has_word(word)

    def search_words(self, text: str) -> list[str]:
        return self._jieba.cut_for_search(text, True)  # the same, in Rust

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        self._jieba.add_word(word, freq, tag)


class JiebaSegmenter(Segmenter):
    name = "jieba"

    def __init__(self) -> None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._tok = jieba.Tokenizer()
        self._tok.tmp_dir = str(cache_dir())
        self._tok.initialize()

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        return list(self._tok.tokenize(text, mode="default", HMM=True))

    def has_word(self, word: str) -> bool:
        return bool(self._tok.FREQ.get(word))

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        self._tok.add_word(word, freq, tag)


_CLASSES = {"rjieba": RJiebaSegmenter, "jieba": JiebaSegmenter}


def get_segmenter(name: str = DEFAULT_SEGMENTER, userwords: tuple[UserWord, ...] = ()) -> Segmenter:
    """The process-wide segmenter of that name with those user words, created on first use."""
    key = (name, userwords)
    seg = _segmenters.get(key)
    if seg is None:
        if name not in _CLASSES:
            raise ValueError(f"unknown segmenter {name!r}; choose from {sorted(_CLASSES)}")
        with _lock:
            seg = _segmenters.get(key)
            if seg is None:
                seg = _CLASSES[name]()
                for word, freq, tag in userwords:
                    seg.add_word(word, freq, tag)
                _segmenters[key] = seg
    return seg
