"""The same paragraph in other documents: paragraphs whose text is the same or nearly the same,
grouped when a build is published, kept beside it, and read by searches.

A paragraph takes part when it has MIN_CHARS letters and digits at least (its folded text
without punctuation or spaces, so that punctuation does not count) and is neither on a listing
page nor boilerplate (a short line that very many documents repeat). Candidates come from
MinHash with LSH banding (minhash.py); each candidate pair is then aligned (rapidfuzz) and is
a copy when the shorter text is all in the longer one but for a few characters, the longer one
adds at most MAX_ADDED_BLOCKS passages (a sentence added), and no figure differs (a daily
bulletin with other numbers, a meeting with another number, is another statement). Groups are
the connected components of copy pairs.

Updates stay local: each distinct text's bands (hashed to 32 bits) are kept (copies-state.npz)
by the hash of the text, so an update hashes only texts it has not seen and the few old ones a
candidate pair needs for its estimate, and looks again for the neighbours of those texts and of
the groups that lost a member; every other group is kept as it was.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from . import minhash, packed, sidecar
from .listing import LISTING

COPIES_FILE = "copies.npz"  # per sidecar row: its group (-1: none), for readers
STATE_FILE = "copies-state.npz"  # per distinct text: hash, band hashes, group, for updates
COPIES_VERSION = 4  # raise when the grouping changes: older state is then not reused (4: band hashes kept)
MIN_CHARS = 30
# Boilerplate: a text shorter than this repeated in this many documents.
BOILERPLATE_CHARS = 60
BOILERPLATE_DOCS = 50
MIN_ESTIMATE = 0.55  # candidates whose estimated containment is lower are not aligned
MAX_CHANGED = 3  # characters of the shorter text changed or dropped, or this share of it
CHANGED_SHARE = 0.05
SMALL_BLOCK = 4  # an added run longer than this is an added passage, not a changed character
MAX_ADDED_BLOCKS = 2
MIN_LENGTH_RATIO = 0.4  # the shorter text is at least this share of the longer
_NOT_TEXT = re.compile(r"[\W_]+")
_FIGURE = re.compile(r"[0-9〇零一二两三四五六七八九十百千万亿]")


def core(folded: str) -> str:
    """What two copies share: the folded text's letters and digits, without punctuation."""
    return _NOT_TEXT.sub("", folded)


_KEEPS = np.zeros(0x110000, dtype=bool)  # whether core() keeps a code point (\\w but _) ...
_KNOWN = np.zeros(0x110000, dtype=bool)  # ... where already asked


def _word_table(cp: np.ndarray) -> np.ndarray:
    """_KEEPS, filled in for the code points of `cp` (a few thousand distinct in an archive)."""
    seen = np.zeros(0x110000, dtype=bool)
    seen[cp] = True
    new = np.flatnonzero(seen & ~_KNOWN)
    if len(new):
        _KEEPS[new] = [chr(c).isalnum() and c != 0x5F for c in new.tolist()]
        _KNOWN[new] = True
    return _KEEPS


def all_cores(folded: list[str]) -> list[str]:
    """core() of each of `folded` (texts without newlines), over all of them at once."""
    if not folded:
        return []
    cp = np.frombuffer("\n".join(folded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    keep = _word_table(cp)[cp]
    keep[cp == 0x0A] = True
    return cp[keep].tobytes().decode("utf-32-le", "surrogatepass").split("\n")


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "little", signed=True)


NOT_A_COPY, SAME, CONTAINS = -1, 0, 1


def relation(a: str, b: str) -> int:
    """How cores `a` and `b` relate: SAME when they differ in a few characters only, CONTAINS
    when the longer also adds at most MAX_ADDED_BLOCKS passages, else NOT_A_COPY (also when a
    figure differs)."""
    if len(a) > len(b):
        a, b = b, a
    if not a or len(a) < MIN_LENGTH_RATIO * len(b):
        return NOT_A_COPY
    changed = blocks = 0
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        removed, added = a[op.src_start:op.src_end], b[op.dest_start:op.dest_end]
        if _FIGURE.search(removed):
            return NOT_A_COPY
        if len(added) > SMALL_BLOCK:
            blocks += 1
            changed += len(removed)
        else:
            if op.tag == "replace" and _FIGURE.search(added):
                return NOT_A_COPY
            changed += max(len(removed), len(added))
    if blocks > MAX_ADDED_BLOCKS or changed > max(MAX_CHANGED, CHANGED_SHARE * len(a)):
        return NOT_A_COPY
    return CONTAINS if blocks else SAME


def is_copy(a: str, b: str) -> bool:
    """Whether cores `a` and `b` are the same paragraph: the shorter is in the longer but for a
    few changed characters and at most MAX_ADDED_BLOCKS added passages, no figure changed."""
    return relation(a, b) != NOT_A_COPY


def _estimates(sigs: np.ndarray, sizes: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Each pair's containment of the smaller shingle set, estimated from the signatures."""
    out = np.empty(len(pairs))
    for lo in range(0, len(pairs), 1 << 16):
        p = pairs[lo:lo + (1 << 16)]
        j = (sigs[p[:, 0]] == sigs[p[:, 1]]).mean(axis=1)
        a, b = sizes[p[:, 0]], sizes[p[:, 1]]
        out[lo:lo + len(p)] = j * (a + b) / ((1 + j) * np.minimum(a, b))
    return out


def _eligible(folded: list[str], columns: dict[str, list]) -> list[str | None]:
    """Each sidecar row's core, or None when the row takes no part."""
    ids, kinds = columns["doc_id"], columns.get("kind") or [""] * len(folded)
    cores: list[str | None] = [None] * len(folded)
    docs_of: dict[str, set[str]] = {}
    for n, (doc_id, kind, c) in enumerate(zip(ids, kinds, all_cores(folded))):
        if not doc_id or kind == LISTING:
            continue
        if len(c) >= MIN_CHARS:
            cores[n] = c
            if len(c) < BOILERPLATE_CHARS:
                docs_of.setdefault(c, set()).add(doc_id)
    common = {c for c, docs in docs_of.items() if len(docs) >= BOILERPLATE_DOCS}
    return [None if c in common else c for c in cores] if common else cores


def _read_state(build: Path | None) -> dict | None:
    if build is None:
        return None
    held = packed.taken(build / STATE_FILE)  # this process wrote it (a watcher's last update)
    if held is not None:
        return held
    try:
        with np.load(build / STATE_FILE) as data:
            if int(data["version"]) != COPIES_VERSION:
                return None
            return {k: data[k] for k in ("digest", "bands", "label", "hub", "row_digest", "row_length")
                    if k in data}
    except (OSError, ValueError, KeyError):
        return None


class _Components:
    """Union-find over group labels."""

    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:
            self.parent[x], x = root, self.parent.get(x, x)
        return root

    def union(self, x: int, y: int) -> None:
        x, y = self.find(x), self.find(y)
        if x != y:
            self.parent[max(x, y)] = min(x, y)


def group_texts(texts: list[str], old: dict | None = None, digests: np.ndarray | None = None,
                lengths: np.ndarray | None = None) -> tuple[dict, dict]:
    """Group distinct cores; with the `old` state of the previous build, hash only the texts
    it lacks and look again only around those and the groups that lost a text. Returns the new
    state and counts ("hashed", "queried"). `digests` and `lengths` are the texts' _digest and
    len when known (`texts` is then read only where needed)."""
    if digests is None:
        digests = np.fromiter((_digest(t) for t in texts), dtype=np.int64, count=len(texts))
    if lengths is None:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    m = len(texts)
    sigs = np.empty((m, minhash.PERMUTATIONS), dtype=np.uint16)  # filled where needed only
    bands = np.empty((m, minhash.BANDS), dtype=np.uint32)
    labels = np.full(m, -1, dtype=np.int64)
    query = np.ones(m, dtype=bool)
    seen = np.zeros(m, dtype=bool)
    if old is not None and len(old["digest"]):
        by_digest = np.argsort(old["digest"], kind="stable")
        ordered = old["digest"][by_digest]
        found_at = np.minimum(np.searchsorted(ordered, digests), len(ordered) - 1)
        seen = ordered[found_at] == digests
        at = np.where(seen, by_digest[found_at], -1)
        bands[seen] = old["bands"][at[seen]]
        kept_old = np.zeros(len(old["digest"]), dtype=bool)
        kept_old[at[seen]] = True
        broken = np.unique(old["label"][~kept_old])  # groups that lost a text
        labels[seen] = old["label"][at[seen]]
        query = ~seen | np.isin(labels, broken)
        labels[query] = -1
    hashed = np.flatnonzero(~seen)
    if len(hashed):
        sigs[hashed] = minhash.signatures([texts[i] for i in hashed])
        bands[hashed] = minhash.band_hashes(sigs[hashed])
    fresh = np.flatnonzero(labels < 0)
    base = int(labels.max()) + 1 if m and labels.max() >= 0 else 0
    labels[fresh] = base + np.arange(len(fresh))
    pairs = minhash.candidate_pairs(bands, np.flatnonzero(query))
    if len(pairs):
        need = np.unique(pairs)
        need = need[seen[need]]  # old texts in a pair: signed again, the state keeps no signature
        if len(need):
            sigs[need] = minhash.signatures([texts[i] for i in need.tolist()])
        sizes = np.asarray(lengths, dtype=np.float64) - minhash.SHINGLE + 1
        pairs = pairs[_estimates(sigs, sizes, pairs) >= MIN_ESTIMATE]
    # Texts that already joined a group as the longer side of a CONTAINS pair ("hubs"): such a
    # text joins one group only, so that a paragraph holding two items (X and Y run together)
    # does not make X's copies and Y's copies one group.
    hub = np.zeros(m, dtype=bool)
    if old is not None and len(old["digest"]) and "hub" in old:
        hub[seen] = old["hub"][at[seen]]
        hub[query] = False
    found = [(i, j, relation(texts[i], texts[j])) for i, j in pairs.tolist()]
    uf = _Components()
    for i, j, rel in found:
        if rel == SAME:
            uf.union(int(labels[i]), int(labels[j]))
    for i, j, rel in found:
        if rel != CONTAINS:
            continue
        longer, shorter = (i, j) if len(texts[i]) > len(texts[j]) else (j, i)
        a, b = uf.find(int(labels[longer])), uf.find(int(labels[shorter]))
        if a != b and not hub[longer]:
            uf.union(a, b)
            hub[longer] = True
    if uf.parent:  # only labels that were joined change: looked up, not found one by one
        joined = np.fromiter(uf.parent, dtype=np.int64, count=len(uf.parent))
        joined.sort()
        roots = np.fromiter((uf.find(int(x)) for x in joined), dtype=np.int64, count=len(joined))
        where = np.minimum(np.searchsorted(joined, labels), len(joined) - 1)
        labels = np.where(joined[where] == labels, roots[where], labels)
    state = {"digest": digests, "bands": bands, "label": labels, "hub": hub}
    return state, {"hashed": len(hashed), "queried": int(query.sum())}


def row_groups(cores: list[str | None], columns: dict[str, list], texts: list[str],
               labels: np.ndarray) -> np.ndarray:
    """Each row's group number (0, 1, ...) when its group spans two documents or more, else -1."""
    index = {t: i for i, t in enumerate(texts)}
    at = np.fromiter((index[c] if c is not None else -1 for c in cores), dtype=np.int64,
                     count=len(cores))
    return groups_of_rows(at, columns, labels)


def groups_of_rows(at: np.ndarray, columns: dict[str, list], labels: np.ndarray,
                   docs: np.ndarray | None = None) -> np.ndarray:
    """row_groups() of rows given by their text's number (-1 for none); `docs`: each row's
    document number (copies_rows.doc_numbers() of the columns when not given)."""
    from . import copies_rows

    rows = np.full(len(at), -1, dtype=np.int32)
    member = np.flatnonzero(at >= 0)
    if not len(member):
        return rows
    label_of = labels[at[member]]
    if docs is None:
        docs = copies_rows.doc_numbers(columns["doc_id"])
    doc_of = docs[member].astype(np.int64)
    pairs = np.unique(label_of * (int(doc_of.max()) + 1) + doc_of)  # distinct (label, document)
    found, docs = np.unique(pairs // (int(doc_of.max()) + 1), return_counts=True)
    shared = found[docs > 1]  # ascending labels, numbered in that order
    if not len(shared):
        return rows
    number = np.searchsorted(shared, label_of)
    hit = (number < len(shared)) & (shared[np.minimum(number, len(shared) - 1)] == label_of)
    rows[member[hit]] = number[hit]
    return rows


def write_copies(build: Path, previous: Path | None = None, remap: np.ndarray | None = None) -> dict:
    """Group the build's paragraphs (updating the `previous` build's groups when given; with
    `remap`, each of its rows' number in this build, working out the cores of the other rows
    only) and write copies.npz and copies-state.npz; returns counts."""
    from . import copies_rows

    folded, columns = sidecar._read_sidecar(build)
    old = _read_state(previous)
    rows = copies_rows.row_cores(folded, columns, old, remap)
    docs = sidecar.doc_codes(build)
    if docs is None:  # not the build just written (a benchmark's)
        docs = copies_rows.doc_numbers(columns["doc_id"])
    digests, first_row, at = copies_rows.distinct(rows, copies_rows.taking_part(rows, columns, docs))
    texts = copies_rows.Cores(folded, first_row, rows.known)
    state, counts = group_texts(texts, old, digests, rows.length[first_row])
    groups = groups_of_rows(at, columns, state["label"], docs)
    _save(build / STATE_FILE, version=np.int64(COPIES_VERSION), row_digest=rows.digest,
          row_length=rows.length, **state)
    packed.hold(build / STATE_FILE, dict(state, row_digest=rows.digest, row_length=rows.length))
    _save(build / COPIES_FILE, version=np.int64(COPIES_VERSION), group=groups)
    counts["groups"] = int(groups.max()) + 1 if len(groups) else 0
    return counts


def _save(path: Path, **arrays) -> None:
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, **arrays)
    os.replace(tmp, path)
