"""The same document twice: files whose cleaned text is identical are indexed once.

The same text published twice at two addresses (a notice broadcast again a year later, with
its own date) is two documents: the key is the text and the address the document gives, if any.

Of each group of copies the document with the first path in sorted order is kept (so the choice
does not depend on which copy was read or added first); the others are named in the build's
summary and on the kept document's page.
"""
from __future__ import annotations

import hashlib
import os

from .documents import Document, make_doc_id


def text_key(doc: Document) -> str:
    """A fingerprint of a cleaned document's text (its paragraphs in order) and its address."""
    h = hashlib.blake2b(digest_size=16)
    h.update(doc.url.strip().encode("utf-8", "surrogatepass"))
    h.update(b"\x01")
    for p in doc.paragraphs:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def kept_copies(keys: dict[str, str]) -> dict[str, str]:
    """For every document path (-> its text key), the path of the copy that is indexed."""
    first: dict[str, str] = {}
    for path in sorted(keys):
        first.setdefault(keys[path], path)
    return {path: first[key] for path, key in keys.items()}


def copies(keys: dict[str, str], kept: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(copy, kept) for every document that is not indexed because another has its text
    (`kept`: kept_copies(keys), when already known)."""
    kept = kept_copies(keys) if kept is None else kept
    return sorted((path, k) for path, k in kept.items() if path != k)


def changed_copies(old: dict[str, str], new: dict[str, str], fresh: set[str],
                   gone: set[str], now: dict[str, str] | None = None) -> tuple[set[str], set[str]]:
    """What an update changes among copies, from the text keys before (`old`) and after (`new`):
    the documents not re-read (not in `fresh`) that are indexed now though they were not (their
    indexed twin was deleted or changed), and those that were indexed and no longer are (an
    earlier twin came), among the documents not removed anyway (not in `gone`); `now`:
    kept_copies(new), when already known."""
    # Only documents that share a text key with one re-read or removed can change: the others'
    # twins are as they were (sorting every path twice costs more than this pass).
    moved = fresh | gone
    keys = {old[p] for p in moved if p in old} | {new[p] for p in moved if p in new}
    old = {p: k for p, k in old.items() if k in keys}
    new = {p: k for p, k in new.items() if k in keys}
    was = kept_copies(old)
    now = kept_copies(new) if now is None else {p: now[p] for p in new}
    promoted = {p for p, k in now.items() if k == p and p not in fresh and was.get(p) != p}
    demoted = {p for p, k in was.items() if k == p and p not in gone and now.get(p) != p}
    return promoted, demoted


def by_kept_id(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The other copies' paths by the kept document's id, as stored with the build."""
    out: dict[str, list[str]] = {}
    for copy, kept in pairs:
        out.setdefault(make_doc_id(kept), []).append(copy)
    return out


def duplicates_of(index_dir: str | os.PathLike, doc_id: str) -> list[str]:
    """The paths of the other files with the same text as document `doc_id` (not indexed)."""
    from . import store

    return list(store.snapshot(index_dir).meta.get("duplicates", {}).get(doc_id, []))
