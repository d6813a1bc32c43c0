"""jieba's part-of-speech dictionary as sorted word hashes kept beside a build, so that an
update's process looks up the words of its new paragraphs without first parsing the whole
dictionary (350,000 lines: ~0.4 s, more than the rest of a one-document update's speakers).

A full build writes TAGS_FILE, or hard-links the live build's when it was made from the same
dictionary (hashing 350,000 words takes ~0.7 s, most of a small archive's build); an update
links it, and installs it (see speaker_lexicon.jieba_tags) when it was made from the jieba
dictionary installed now.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

TAGS_FILE = "jieba-tags.npz"
_VERSION = 1  # raise when the table's layout or hash changes


def _hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little")


def _stamp(dictionary: str) -> list[int]:
    st = os.stat(dictionary)
    return [_VERSION, st.st_size, st.st_mtime_ns]


class TagTable:
    """Word -> tag, answering get, in and [] as the dictionary's dict does (a 64-bit hash of
    each word stands for it: two of jieba's words do not share one)."""

    def __init__(self, keys: np.ndarray, codes: np.ndarray, names: list[str]):
        self.keys, self.codes, self.names = keys, codes, names

    @classmethod
    def of(cls, tags: dict[str, str]) -> "TagTable":
        names = sorted(set(tags.values()))
        number = {n: i for i, n in enumerate(names)}
        keys = np.fromiter(map(_hash, tags), dtype=np.uint64, count=len(tags))
        codes = np.fromiter((number[t] for t in tags.values()), dtype=np.uint16, count=len(tags))
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], codes[order], names)

    def _code(self, word: str) -> int:
        h = np.uint64(_hash(word))
        i = int(self.keys.searchsorted(h))
        return int(self.codes[i]) if i < len(self.keys) and self.keys[i] == h else -1

    def get(self, word: str, default=None):
        c = self._code(word)
        return self.names[c] if c >= 0 else default

    def __contains__(self, word: str) -> bool:
        return self._code(word) >= 0

    def __getitem__(self, word: str) -> str:
        c = self._code(word)
        if c < 0:
            raise KeyError(word)
        return self.names[c]


def save(build: Path, tags: dict[str, str], dictionary: str, previous: Path | None = None) -> None:
    """Write the table of `tags` (parsed from `dictionary`) into `build`: linked from the
    `previous` build's when that was made from `dictionary` as it is now."""
    if previous is not None and _made_from(previous, dictionary):
        try:
            os.link(previous / TAGS_FILE, build / TAGS_FILE)
            return
        except OSError:  # another file system, or links refused: written anew
            pass
    table = TagTable.of(tags)
    part = build / (TAGS_FILE + ".tmp.npz")
    np.savez(part, keys=table.keys, codes=table.codes, names=np.asarray(table.names),
             stamp=np.asarray(_stamp(dictionary), dtype=np.int64))
    os.replace(part, build / TAGS_FILE)


def _made_from(build: Path, dictionary: str) -> bool:
    try:
        with np.load(build / TAGS_FILE) as data:
            return data["stamp"].tolist() == _stamp(dictionary)
    except (OSError, ValueError, KeyError):
        return False


def load(build: Path, dictionary: str) -> TagTable | None:
    """The build's table, if it was made from `dictionary` as it is now (else None)."""
    if not _made_from(build, dictionary):
        return None
    try:
        with np.load(build / TAGS_FILE) as data:
            return TagTable(data["keys"], data["codes"], data["names"].tolist())
    except (OSError, ValueError, KeyError):
        return None
