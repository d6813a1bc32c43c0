"""Document titles as part of their lead paragraph: which lead paragraphs' titles hold a string."""
from __future__ import annotations

import bisect


class TitleIndex:
    """The folded titles of every document's first paragraph, joined for fast substring search."""

    def __init__(self, doc_ids: list[str], paragraphs: list[int], titles: list[str]):
        self.leads = [n for n, (d, p) in enumerate(zip(doc_ids, paragraphs)) if d and p == 0]
        self.lead_set = frozenset(self.leads)
        self.titles = titles
        self.big = "\n".join(titles[n] for n in self.leads) + "\n"
        self.starts: list[int] = []
        pos = 0
        for n in self.leads:
            self.starts.append(pos)
            pos += len(titles[n]) + 1

    def containing(self, s: str) -> set[int]:
        """Document numbers of the lead paragraphs whose folded title contains folded `s`."""
        out: set[int] = set()
        if not s or "\n" in s:
            return out
        find, starts = self.big.find, self.starts
        pos = find(s)
        while pos != -1:
            k = bisect.bisect_right(starts, pos) - 1
            out.add(self.leads[k])
            nxt = starts[k + 1] if k + 1 < len(starts) else len(self.big)
            pos = find(s, nxt)
        return out

    def holds(self, d: int, s: str) -> bool:
        """Whether paragraph `d` is a lead paragraph whose title contains `s`."""
        return d in self.lead_set and s in self.titles[d]
