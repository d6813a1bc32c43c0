"""A build's groups of copies (copies.py writes them) as readers use them: each hit's copies,
a page with each group shown once, and a paragraph's copies with their texts."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from . import store
from .copies import COPIES_FILE, COPIES_VERSION


class Copies:
    """A build's groups of copies as readers use them."""

    def __init__(self, group: np.ndarray, columns: dict[str, list]):
        self.group = group
        self.columns = columns
        members: dict[int, list[int]] = {}
        for n in np.flatnonzero(group >= 0).tolist():
            members.setdefault(int(group[n]), []).append(n)
        self.members = {g: sorted(rows, key=lambda n: _earliest_key(columns, n))
                        for g, rows in members.items()}

    def of(self, docnum: int) -> list[int]:
        """The rows of docnum's group, earliest first ([] when it has no copy)."""
        if docnum >= len(self.group) or self.group[docnum] < 0:
            return []
        return self.members[int(self.group[docnum])]


_cache: dict[Path, Copies] = {}
_lock = threading.Lock()


def build_copies(snap: store.Snapshot) -> Copies:
    """The snapshot's groups, read once per process and build (none if the build has none)."""
    got = _cache.get(snap.build)
    if got is None:
        with _lock:
            got = _cache.get(snap.build)
            if got is None:
                try:
                    with np.load(snap.build / COPIES_FILE) as data:
                        group = data["group"] if int(data["version"]) == COPIES_VERSION else None
                except (OSError, ValueError, KeyError):
                    group = None
                if group is None or len(group) != len(snap.folded):
                    group = np.full(len(snap.folded), -1, dtype=np.int32)
                _cache.clear()
                got = _cache[snap.build] = Copies(group, snap.columns)
    return got


def _earliest_key(cols: dict[str, list], n: int) -> tuple:
    return (not cols["date"][n], cols["date"][n], cols["doc_id"][n], cols["paragraph"][n])


def hide(snap: store.Snapshot, docs: set[int]) -> tuple[set[int], int]:
    """`docs` with each group of copies shown once (its earliest matching paragraph), and how
    many paragraphs that leaves out."""
    got = build_copies(snap)
    best: dict[int, int] = {}
    kept: set[int] = set()
    cols = snap.columns
    for d in docs:
        g = int(got.group[d]) if d < len(got.group) else -1
        if g < 0:
            kept.add(d)
        elif g not in best or _earliest_key(cols, d) < _earliest_key(cols, best[g]):
            best[g] = d
    kept.update(best.values())
    return kept, len(docs) - len(kept)


def summary(snap: store.Snapshot, docnum: int) -> dict | None:
    """A hit's `copies`: how many other documents have its paragraph, and the earliest one."""
    rows = build_copies(snap).of(docnum)
    if not rows:
        return None
    cols = snap.columns
    others = {cols["doc_id"][n] for n in rows} - {cols["doc_id"][docnum]}
    first = rows[0]
    return {"count": len(others),
            "first": {"doc_id": cols["doc_id"][first], "paragraph": cols["paragraph"][first],
                      "date": cols["date"][first],
                      "title": snap.stored(first).get("title", "")}}


def paragraph_copies(index_dir: str | os.PathLike, doc_id: str, paragraph: int) -> list[dict]:
    """The paragraph and its copies in other documents, earliest first, each with its text;
    DocumentNotFound if the document has no such paragraph."""
    from .errors import DocumentNotFound

    snap = store.snapshot(index_dir)
    nums = [n for n in snap.docnums_of(doc_id) if snap.columns["paragraph"][n] == paragraph]
    if not nums:
        raise DocumentNotFound(f"找不到文档 {doc_id} 的第 {paragraph + 1} 段。",
                               hint="文档可能已从档案中删除，或索引已重建；请重新搜索。")
    rows = build_copies(snap).of(nums[0]) or nums[:1]
    out = []
    for n in rows:
        fields = snap.stored(n)
        out.append({"doc_id": fields["doc_id"], "paragraph": fields["paragraph"],
                    "date": fields.get("date", ""), "title": fields.get("title", ""),
                    "place": fields.get("place", ""), "source": fields.get("source", ""),
                    "path": fields.get("path", ""), "text": fields["text"],
                    "this": n == nums[0]})
    return out
