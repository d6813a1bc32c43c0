"""The sidecar beside a build's Whoosh segments: each paragraph's folded text and metadata
columns in document-number order, with the postings and arrays derived from them, written by a
full build (from the segments' stored fields) and spliced by an update (updating.py).

    paragraphs.folded   the folded texts, one a line, UTF-16 (textbuffer.py; no folded text holds a newline)
    columns.pickle.zst  COLUMNS and chars, alt, speakers: one list each, a value per paragraph
    arrays.pickle.zst, grams.*.npy, words.*.npy, titlewords.*.npy   (arrays.py, grams.py, words.py)
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from whoosh import index as whoosh_index

from . import arrays, packed, textbuffer
from . import grams as bigram_postings
from . import words as word_postings
from .analysis import word_cutter
from .speaker_index import column_value
from .textfold import fold, phrase_fold

# Per-paragraph values kept in memory by readers, in Whoosh document-number order.
COLUMNS = ("doc_id", "paragraph", "date", "place", "source", "title", "kind", "indexed")
FOLDED_FILE = "paragraphs.folded"
COLUMNS_FILE = "columns.pickle.zst"
# Files a build derives from its own segments: never shared (hard-linked) with another build.
SIDECAR_FILES = (FOLDED_FILE, COLUMNS_FILE, arrays.ARRAYS_FILE) + bigram_postings.FILES + word_postings.FILES


def _sidecar_row(fields: dict) -> tuple[str, dict]:
    row = {name: fields.get(name, "") for name in COLUMNS}
    row["title"] = fold(row["title"])
    row["chars"] = len(fields.get("text", ""))
    folded = fold(fields.get("text", ""))
    alt = phrase_fold(fields.get("text", ""))
    row["alt"] = alt if alt != folded else ""  # only where phrase-level folding differs
    row["speakers"] = column_value(fields.get("speakers"))
    return folded, row


class Written(NamedTuple):
    """The sidecar a build has just written: its folded texts, columns and derived arrays."""

    texts: Sequence[str]
    columns: dict[str, list]
    arrays: dict


# The sidecar a build has just written, kept for the rest of its publishing (figures and copies
# read it) instead of being read back from disk; dropped when the build is published.
_written: dict[Path, Written] = {}


def remember(build: Path, texts: Sequence[str], columns: dict[str, list], made: dict) -> None:
    """Keep what `build` has just written for the rest of its publishing (one build at a time)."""
    _written.clear()
    _written[build] = Written(texts, columns, made)


def doc_codes(build: Path) -> np.ndarray | None:
    """Each row's document number (its doc_id's code in the derived arrays) of the build being
    written, or None if it is not the one just written."""
    got = _written.get(build)
    coded = got.arrays.get("coded", {}).get("doc_id") if got is not None else None
    return coded[1] if coded is not None and len(coded[1]) == len(got.texts) else None


def _write_sidecar_files(build: Path, texts: list[str], columns: dict[str, list], cut,
                         grams=None, words=None) -> None:
    bigram_postings.write(build, texts, grams)
    word_postings.write(build, cut, texts, columns["title"], words)
    made = arrays.write(build, texts, columns)
    (build / FOLDED_FILE).write_bytes(textbuffer.encode(texts))
    # One object per distinct value (a title repeats for each of its paragraphs): pickle then
    # writes each once, so the file is ~4× smaller and readers load it faster into less memory.
    columns = _shared(columns)
    packed.dump(build / COLUMNS_FILE, columns, keep=True)
    remember(build, texts, columns, made)


def _shared(columns: dict[str, list]) -> dict[str, list]:
    """The columns with one object per distinct string value (dict and map: C loops)."""
    one: dict = {}
    strings = [name for name, values in columns.items() if set(map(type, values)) <= {str}]
    for name in strings:
        one.update(zip(columns[name], columns[name]))
    return {name: list(map(one.__getitem__, values)) if name in strings else values
            for name, values in columns.items()}


def write_sidecar(build: Path) -> int:
    """Write each paragraph's folded text and metadata columns in document-number order."""
    ix = whoosh_index.open_dir(str(build))
    texts: list[str] = []
    columns: dict[str, list] = {name: [] for name in COLUMNS + ("chars", "alt", "speakers")}
    with ix.reader() as reader:
        for fields in reader.all_stored_fields():
            text, row = _sidecar_row(fields)
            texts.append(text)
            for name, value in row.items():
                columns[name].append(value)
    _write_sidecar_files(build, texts, columns, word_cutter(ix.schema["words"].analyzer))
    return len(texts)


def _read_sidecar(build: Path) -> tuple[list[str], dict[str, list]]:
    if build in _written:
        return _written[build][:2]
    texts = (build / FOLDED_FILE).read_bytes().decode(textbuffer.ENCODING).split("\n")[:-1]
    return texts, read_columns(build)


def _read_columns(build: Path) -> dict[str, list]:
    if build in _written:
        return _written[build][1]
    return read_columns(build)


def read_columns(build: Path) -> dict[str, list]:
    """A build's metadata columns as written (column name -> one value per sidecar row)."""
    return packed.load(build / COLUMNS_FILE)


def _segment_ranges(ix) -> dict[str, tuple[int, int]]:
    """Each segment's (first document number, document count) in the index's order."""
    ranges, start = {}, 0
    for seg in ix._segments():
        ranges[seg.segment_id()] = (start, seg.doc_count_all())
        start += seg.doc_count_all()
    return ranges


def update_sidecar(live: Path, build: Path, removed: set[str]) -> tuple[int, int, int]:
    """The new build's sidecar from the live one's: rows of the segments both builds share are
    kept (those of `removed` documents blanked), the rest read from the new build.

    An update keeps the live build's segments (Whoosh never rewrites one) except small ones it
    merges, and writes one new segment. Returns the (documents, paragraphs, characters) the new
    build holds.
    """
    old_texts, old_columns = _read_sidecar(live)
    old_ranges = _segment_ranges(whoosh_index.open_dir(str(live)))
    if sum(n for _, n in old_ranges.values()) != len(old_texts):  # pragma: no cover - damaged
        write_sidecar(build)
        return _totals(_read_sidecar(build)[1])
    ix = whoosh_index.open_dir(str(build))
    texts: list[str] = []
    columns: dict[str, list] = {name: [] for name in old_columns}
    remap = np.full(len(old_texts), -1, dtype=np.int64)  # old document number -> new, or -1
    fresh: dict[int, str] = {}  # new document number -> folded text, for the rows read anew
    with ix.reader() as reader:
        for seg_id, (start, count) in _segment_ranges(ix).items():
            kept = old_ranges.get(seg_id)
            if kept is not None and kept[1] == count:
                lo, hi, base = kept[0], kept[0] + count, len(texts)
                texts.extend(old_texts[lo:hi])
                for name, values in columns.items():
                    values.extend(old_columns[name][lo:hi])
                remap[lo:hi] = np.arange(base, base + count)
                ids = old_columns["doc_id"]
                for i in range(lo, hi):
                    if ids[i] in removed:  # deleted, or re-added anew in the new segment
                        texts[base + i - lo] = ""
                        remap[i] = -1
                        for values in columns.values():
                            values[base + i - lo] = "" if isinstance(values[base + i - lo], str) else 0
                continue
            for docnum in range(start, start + count):
                text, row = _sidecar_row(reader.stored_fields(docnum))
                fresh[len(texts)] = text
                texts.append(text)
                for name, values in columns.items():
                    values.append(row[name])
    grams = bigram_postings.updated(bigram_postings.Grams(live), remap, fresh, texts)
    cut, titles = word_cutter(ix.schema["words"].analyzer), columns["title"]
    words = word_postings.updated(live, cut, remap, fresh, {n: titles[n] for n in fresh}, texts, titles)
    _write_sidecar_files(build, texts, columns, cut, grams, words)
    return _totals(columns)


def _totals(columns: dict[str, list]) -> tuple[int, int, int]:
    live_ids = [d for d in columns["doc_id"] if d]
    return len(set(live_ids)), len(live_ids), sum(columns["chars"])
