"""MinHash signatures of character shingles, and LSH banding to find similar pairs, in numpy.

Each text's set of character 3-grams is summarised by PERMUTATIONS minimum hash values
(multiply-shift hashing of a 64-bit mix of each shingle); two texts agree on one value with
probability equal to their Jaccard similarity. Signatures are cut into BANDS bands of ROWS
values: texts that agree on a whole band are candidate pairs (Leskovec, Rajaraman, Ullman,
"Mining of Massive Datasets", ch. 3). The hashing runs over all the shingles of many texts at
once, so that a whole archive takes seconds rather than the minutes of hashing shingle by
shingle in Python.
"""
from __future__ import annotations

import numpy as np

SHINGLE = 3
PERMUTATIONS = 128
BANDS, ROWS = 32, 4
SEED = 20231
# A band shared by more texts than this says nothing (a formula repeated everywhere); its
# pairs would cost quadratic time, and texts that close share other bands as well.
MAX_BUCKET = 400
_CHUNK = 1 << 21  # shingles hashed per pass, to bound memory
_LITTLE = np.little_endian

_rng = np.random.default_rng(SEED)
_A = _rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a well-spread 64-bit value for each shingle code."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def _shingles(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every text's shingle hashes, concatenated, and the text each one belongs to."""
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    owner = np.repeat(np.arange(len(texts)), lengths)
    n = len(codes) - SHINGLE + 1
    if n <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    value = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):  # code points are below 2**21: three fit in 63 bits
        value = (value << np.uint64(21)) | codes[k:k + n]
    inside = owner[:n] == owner[SHINGLE - 1:]  # no shingle across two texts
    return _mix64(value[inside]), owner[:n][inside]


def signatures(texts: list[str]) -> np.ndarray:
    """The (len(texts), PERMUTATIONS) uint16 MinHash signatures (each minimum's high 16 bits:
    two different minima agree by chance once in 65,536, a bias far below the estimates' own
    error, at half the bytes kept for updates); every text must have at least SHINGLE characters."""
    out = np.empty((len(texts), PERMUTATIONS), dtype=np.uint16)
    start = 0
    while start < len(texts):
        end, size = start, 0
        while end < len(texts) and (size < _CHUNK or end == start):
            size += len(texts[end])
            end += 1
        values, owner = _shingles(texts[start:end])
        firsts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        h = np.empty_like(values)
        high = h.view(np.uint32)[1::2] if _LITTLE else h.view(np.uint32)[0::2]  # h >> 32
        with np.errstate(over="ignore"):
            for i in range(PERMUTATIONS):
                np.multiply(values, _A[i], out=h)
                np.add(h, _B[i], out=h)
                out[start:end, i] = np.minimum.reduceat(high, firsts) >> 16
        start = end
    return out


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """One 64-bit key per band of each signature: (n, BANDS) uint64, a band's ROWS 16-bit
    values read as one number (equal keys are equal bands, no hashing needed)."""
    return np.ascontiguousarray(sigs, dtype=np.uint16).view(np.uint64).reshape(len(sigs), BANDS)


def band_hashes(sigs: np.ndarray) -> np.ndarray:
    """Each band key mixed down to 32 bits: (n, BANDS) uint32, what a build keeps for updates
    (half a signature's bytes; two different bands agree by chance once in 4 billion)."""
    return (_mix64(band_keys(sigs)) >> np.uint64(32)).astype(np.uint32)


def candidate_pairs(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Pairs (i, j), i < j, of rows sharing a band key (any integer dtype), one row at least in `query` (row numbers):
    an (n, 2) int64 array without repeats."""
    m = len(keys)
    query = np.asarray(query, dtype=np.int64)
    if not len(query) or m < 2:
        return np.empty((0, 2), np.int64)
    asked = np.zeros(m, dtype=bool)
    asked[query] = True
    found = []
    for b in range(BANDS):
        column = keys[:, b]
        if len(query) * 4 < m:  # a few rows asked (an update): only rows with their keys
            wanted = np.unique(column[query])
            at = np.minimum(np.searchsorted(wanted, column), len(wanted) - 1)
            rows = np.flatnonzero(wanted[at] == column)
        else:
            rows = np.arange(m)
        order = rows[np.argsort(column[rows], kind="stable")]
        sorted_keys = column[order]
        # runs of equal keys: every pair within a run (not too long) that has an asked row
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(order)])
        keep = (sizes > 1) & (sizes <= MAX_BUCKET)
        for size in np.unique(sizes[keep]).tolist():
            first = starts[keep & (sizes == size)]
            members = order[first[:, None] + np.arange(size)]  # (runs, size)
            a, c = np.triu_indices(size, 1)
            x, y = members[:, a].ravel(), members[:, c].ravel()
            hit = asked[x] | asked[y]
            x, y = x[hit], y[hit]
            found.append(np.minimum(x, y) * m + np.maximum(x, y))
    if not found:
        return np.empty((0, 2), np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([codes // m, codes % m], axis=1)
