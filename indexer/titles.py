"""Document titles as part of their lead paragraph: which lead paragraphs' titles hold a string."""
from __future__ import annotations

import bisect

from .grams import Grams


class TitleIndex:
    """The folded titles of every document's first paragraph, with their bigram postings."""

    def __init__(self, doc_ids: list[str], paragraphs: list[int], titles: list[str]):
        self.leads = [n for n, (d, p) in enumerate(zip(doc_ids, paragraphs)) if d and p == 0]
        self.lead_set = frozenset(self.leads)
        self.titles = titles
        self._grams: Grams | None = None
        self._big: tuple[str, list[int]] | None = None

    @property
    def grams(self) -> Grams:
        """Bigram postings of the lead titles, lead k being document k (made on first use)."""
        if self._grams is None:
            self._grams = Grams.of([self.titles[n] for n in self.leads])
        return self._grams

    def containing(self, s: str) -> set[int]:
        """Document numbers of the lead paragraphs whose folded title contains folded `s`."""
        if not s or "\n" in s:
            return set()
        if len(s) == 1:
            return self._scan(s)
        found = self.grams.candidates(s).tolist()
        leads, titles = self.leads, self.titles
        return {leads[k] for k in found if len(s) == 2 or s in titles[leads[k]]}

    def _scan(self, s: str) -> set[int]:
        """The lead paragraphs whose title holds one character: a scan of all titles joined."""
        if self._big is None:
            starts, pos = [], 0
            for n in self.leads:
                starts.append(pos)
                pos += len(self.titles[n]) + 1
            self._big = "\n".join(self.titles[n] for n in self.leads) + "\n", starts
        big, starts = self._big
        out: set[int] = set()
        pos = big.find(s)
        while pos != -1:
            k = bisect.bisect_right(starts, pos) - 1
            out.add(self.leads[k])
            pos = big.find(s, starts[k + 1] if k + 1 < len(starts) else len(big))
        return out

    def holds(self, d: int, s: str) -> bool:
        """Whether paragraph `d` is a lead paragraph whose title contains `s`."""
        return d in self.lead_set and s in self.titles[d]
