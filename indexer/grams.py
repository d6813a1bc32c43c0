"""Character-bigram postings of the folded paragraphs, kept as numpy arrays beside the index.

For each distinct bigram of the folded texts, the sorted document numbers of the paragraphs
holding it, with how often the bigram stands in each (at most 255): a postings table
(postings_codec.py) saved as grams.*.npy, keyed by the bigram codes (first character << 21 |
second), memory-mapped by readers so that worker processes share their pages.

A string of two or more characters can only occur in a paragraph holding all of its bigrams,
and a bigram occurs in a paragraph exactly when the paragraph is in its list: the lists find
candidates and, for a two-character string, the answer itself.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from . import postings_codec as codec

PREFIX = "grams."
FILES = codec.files(PREFIX)
DOC_BITS = 22  # up to 4 million paragraphs pack (bigram, paragraph) into one 64-bit number
CANDIDATE_GRAMS = 3  # the rarest bigrams of a string that select candidates (more cost more)
KEY_BITS = 64 - DOC_BITS  # a bigram code is 42 bits; other keys (words.py) are hashed to as many
_SEP = 0x0A  # folded texts hold no whitespace, so a newline can separate them
_EMPTY = np.zeros(0, dtype=np.uint32)


def bigrams(folded: str) -> list[str]:
    """The bigram terms a folded query string is searched by (a single character stays alone)."""
    if len(folded) <= 1:
        return [folded] if folded else []
    return [folded[i : i + 2] for i in range(len(folded) - 1)]


def code(gram: str) -> int:
    """The integer a two-character string is stored under."""
    return (ord(gram[0]) << 21) | ord(gram[1])


def postings(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(keys, starts, docs, counts) of the bigrams of `texts`, text i being document number i."""
    codes, doc_of = _bigram_codes(texts)
    if codes is None:
        return np.zeros(0, np.int64), np.zeros(1, np.int64), _EMPTY, np.zeros(0, np.uint8)
    return pack(codes, doc_of, len(texts))


def _bigram_codes(texts: list[str]):
    """Each bigram's code and the document it stands in (intermediates freed early: a
    whole archive's are hundreds of megabytes)."""
    cp = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)
    if len(cp) < 2:
        return None, None
    nl = cp == _SEP
    valid = ~(nl[:-1] | nl[1:])
    doc_of = np.cumsum(nl, dtype=np.uint32)[:-1][valid]  # newlines up to and including position i
    del nl
    codes = cp[:-1][valid].astype(np.uint64) << np.uint64(21)
    codes |= cp[1:][valid]
    return codes, doc_of


def pack(codes: np.ndarray, doc_of: np.ndarray, documents: int):
    """(keys, starts, docs, counts) of the postings (codes[i] stands once in document doc_of[i]),
    codes of at most KEY_BITS bits. `codes` is used up (sorted in place)."""
    if documents <= 1 << DOC_BITS:  # one sort of (key, document) packed in 64 bits
        codes <<= np.uint64(DOC_BITS)
        codes |= doc_of
        del doc_of
        codes.sort()
        pairs, tally = _runs(codes)
        del codes
        gram_of, docs = pairs >> np.uint64(DOC_BITS), pairs & np.uint64((1 << DOC_BITS) - 1)
    else:  # keys numbered first, so that the pair still fits
        keys, inverse = np.unique(codes, return_inverse=True)
        packed = (inverse.astype(np.uint64) << np.uint64(32)) | doc_of
        packed, tally = np.unique(packed, return_counts=True)
        gram_of, docs = keys[packed >> np.uint64(32)], packed & np.uint64(0xFFFFFFFF)
    return _arrays(gram_of, docs, tally)


def _runs(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array and how often each stands (np.unique without
    its copy of the array)."""
    if not len(ordered):
        return ordered, np.zeros(0, np.int64)
    edge = np.empty(len(ordered), dtype=bool)
    edge[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=edge[1:])
    first = np.flatnonzero(edge)
    del edge
    return ordered[first], np.diff(np.r_[first, len(ordered)])


def _arrays(gram_of: np.ndarray, docs: np.ndarray, tally: np.ndarray):
    """(keys, starts, docs, counts) from postings sorted by bigram then document."""
    first = np.flatnonzero(np.r_[True, gram_of[1:] != gram_of[:-1]]) if len(gram_of) else np.zeros(0, np.int64)
    keys = gram_of[first].astype(np.int64)
    starts = np.r_[first, len(gram_of)].astype(np.int64)
    return keys, starts, docs.astype(np.uint32), np.minimum(tally, 0xFF).astype(np.uint8)


def updated(old: "Grams", remap: np.ndarray, fresh: dict[int, str], texts: list[str], make=postings):
    """The postings of a build made from another one: the old paragraphs renumbered by `remap`
    (-1 where gone), the `fresh` ones (document number -> folded text) added; from `texts`,
    the new build's folded texts, where the numbers do not pack; `make` makes postings of texts.

    An update keeps the old paragraphs in their order and puts the fresh ones after them, so
    each bigram's list is its old list (less the paragraphs gone) followed by its fresh
    paragraphs: one pass inserts them, without sorting or renumbering the old postings.
    """
    if len(texts) > 1 << DOC_BITS:
        return make(texts)
    kept = remap[remap >= 0]
    nums = np.asarray(sorted(fresh), dtype=np.int64)
    if np.any(np.diff(kept) <= 0) or (len(nums) and len(kept) and nums[0] <= kept[-1]):
        return _resorted(old, remap, fresh, make)
    keys, starts, docs, counts = old.flat()
    live = remap >= 0
    if np.array_equal(kept, np.flatnonzero(live)):  # no renumbering, only rows gone
        keep = live[docs]
        kept_docs = docs[keep]
    else:
        renumbered = remap[docs]
        keep = renumbered >= 0
        kept_docs = renumbered[keep].astype(np.uint32)
    per_key = np.diff(starts)  # less the postings of the rows gone (few)
    np.add.at(per_key, np.searchsorted(starts, np.flatnonzero(~keep), side="right") - 1, -1)
    k2, st2, d2, c2 = make([fresh[n] for n in nums.tolist()]) if len(nums) else (
        np.zeros(0, np.int64), np.zeros(1, np.int64), _EMPTY, np.zeros(0, np.uint8))
    where, merged = placement(keys, per_key, k2, st2)
    new_docs = np.insert(kept_docs, where, nums[d2].astype(np.uint32))
    new_counts = np.insert(counts[keep], where, c2)
    return (*merged(), new_docs, new_counts)


def placement(keys: np.ndarray, per_key: np.ndarray, k2: np.ndarray, st2: np.ndarray):
    """Where fresh postings (keys `k2`, starts `st2`) go among the kept ones (`per_key` of each
    of `keys`, in order): each fresh posting's place in the kept postings, and a function
    giving the merged (keys, starts)."""
    n2 = np.diff(st2)
    at = np.searchsorted(keys, k2)
    known = np.zeros(len(k2), dtype=bool)
    inside = at < len(keys)
    known[inside] = keys[at[inside]] == k2[inside]
    # A fresh posting goes after every kept one of its bigram and of the bigrams before it.
    before = np.r_[0, np.cumsum(per_key)]
    where = np.repeat(np.where(known, before[np.minimum(at + 1, len(keys))], before[at]), n2)

    def merged():
        total = per_key.copy()
        np.add.at(total, at[known], n2[known])
        all_keys = np.insert(keys, at[~known], k2[~known])
        total = np.insert(total, at[~known], n2[~known])
        some = total > 0
        return all_keys[some].astype(np.int64), np.r_[0, np.cumsum(total[some])].astype(np.int64)
    return where, merged


def _resorted(old: "Grams", remap: np.ndarray, fresh: dict[int, str], make=postings):
    """updated()'s postings by one sort of the old and fresh postings, for any renumbering."""
    bits = np.uint64(DOC_BITS)
    keys, starts, docs, counts = old.flat()
    renumbered = remap[docs]
    keep = renumbered >= 0
    codes = np.repeat(keys.astype(np.uint64), np.diff(starts))[keep]
    packed = [(codes << bits) | renumbered[keep].astype(np.uint64)]
    tally = [counts[keep]]
    if fresh:
        nums = sorted(fresh)
        k, st, d, c = make([fresh[n] for n in nums])
        codes = np.repeat(k.astype(np.uint64), np.diff(st))
        packed.append((codes << bits) | np.asarray(nums, dtype=np.uint64)[d])
        tally.append(c)
    packed, tally = np.concatenate(packed), np.concatenate(tally)
    order = np.argsort(packed, kind="stable")
    packed, tally = packed[order], tally[order]
    return _arrays(packed >> bits, packed & np.uint64((1 << DOC_BITS) - 1), tally)


def write(build: Path, texts: list[str], arrays=None, prefix: str = PREFIX, make=postings) -> None:
    """Write the bigram postings of a build's folded texts (or the `arrays` already made: flat
    (keys, starts, docs, counts) or a codec.Table) as the table `prefix`*.npy."""
    table = arrays if isinstance(arrays, codec.Table) else codec.encode(*(arrays or make(texts)))
    codec.save(build, prefix, table)


class Grams:
    """A build's bigram postings, memory-mapped."""

    PREFIX = PREFIX
    key = staticmethod(code)

    def __init__(self, build: Path | None, arrays=None):
        """The table saved in `build`, or the one of `arrays` (flat postings or a codec.Table)."""
        if arrays is None:
            self.table = codec.load(build, self.PREFIX)
        else:
            self.table = arrays if isinstance(arrays, codec.Table) else codec.encode(*arrays)

    @classmethod
    def of(cls, texts: list[str]) -> "Grams":
        """The postings of `texts`, made in memory."""
        return cls(None, postings(texts))

    def flat(self):
        """(keys, starts, docs, counts) of every posting, as postings() gives them."""
        return self.table.decoded()

    def _index(self, gram: str) -> int:
        return self.table.find(self.key(gram))

    def frequency(self, gram: str) -> int:
        """How many paragraphs hold the bigram."""
        i = self._index(gram)
        return 0 if i < 0 else int(self.table.starts[i + 1]) - int(self.table.starts[i])

    def docs_of(self, gram: str) -> np.ndarray:
        """The ascending document numbers of the paragraphs holding the bigram."""
        i = self._index(gram)
        return _EMPTY if i < 0 else self.table.docs(i)

    def counts_in(self, gram: str, docs: np.ndarray) -> np.ndarray:
        """How often the bigram stands in each of `docs` (0 where it does not)."""
        i = self._index(gram)
        if i < 0 or not len(docs):
            return np.zeros(len(docs), dtype=np.int64)
        have = self.table.docs(i)
        at = np.minimum(np.searchsorted(have, docs), len(have) - 1)
        return np.where(have[at] == docs, self.table.counts(i)[at], 0).astype(np.int64)

    def candidates(self, s: str) -> np.ndarray:
        """The paragraphs that may hold string `s` (two characters or more): those holding its
        CANDIDATE_GRAMS rarest bigrams; exactly those holding it when it is one bigram."""
        return self.all_of(sorted(set(bigrams(s)), key=self.frequency)[:CANDIDATE_GRAMS])

    def all_of(self, grams: list[str]) -> np.ndarray:
        """The paragraphs holding every one of `grams`, rarest first for the least work."""
        lists = sorted((self.docs_of(g) for g in dict.fromkeys(grams)), key=len)
        if not lists:
            return _EMPTY
        found = np.asarray(lists[0])
        for more in lists[1:]:
            if not len(found):
                break
            found = np.intersect1d(found, more, assume_unique=True)
        return found
