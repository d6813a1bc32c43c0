"""Where indexes live: builds side by side, a `current` link switched atomically, safe opening.

    <index_dir>/builds/<name>/   one complete Whoosh index each, plus meta.json
    <index_dir>/current          symlink to the live build, replaced with os.replace

A build writes into a fresh folder and is published only once complete, so a reader always
sees one whole index, and a crash mid-build leaves the previous one live. Old builds are
removed, keeping the previous one for readers that still have it open.
"""
from __future__ import annotations

import bisect
import json
import os
import pickle
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from whoosh import index as whoosh_index
from whoosh.fields import ID, STORED, TEXT, Schema

from . import arrays, codec, packed, sidecar, textbuffer
from . import grams as bigram_postings
from . import words as word_postings
from .analysis import WordAnalyzer
from .errors import IndexMissing
from .titles import TitleIndex

FORMAT_VERSION = 20  # 6: where metadata came from; 7: kind (listing pages); 8: page, ocr;
# 9: bigram postings as numpy arrays beside the index (grams.py), no Whoosh grams field;
# 10: indexed (when each paragraph first entered the index; see arrival); 11: copies.npz;
# 12: speakers (who said what, per paragraph); 13: archive entries packed (archive_state.py),
# 16-bit copies signatures; 14: word postings beside the index (words.py), the Whoosh words
# field without positions, the title stored only; 15: stored fields compressed in blocks of
# documents (stored_blocks.py);
# 16: site chrome tallies in the archive state (chrome.py), each row's core hash and length in
# copies-state.npz (copies_rows.py); 17: columns, arrays, archive state and figures as zstd
# (packed.py), the entries pack's chunks zstd, copies-state band hashes instead of signatures;
# 18: paragraphs.folded in UTF-16 (textbuffer.py)
# 19: postings tables of 16-bit gaps, only counts above 1 kept (postings_codec.py)
# 20: the archive state as a base and the changes since (build_state.py)
KEEP_OLD_BUILDS = 1
FSYNC_THREADS = 8


def make_schema(segmenter: str, userwords: tuple = ()) -> Schema:
    """One record per paragraph, with its document's metadata.

    `words` keeps each paragraph's jieba words with their frequencies, the record of what
    words.py posts beside the index for ranking; candidate paragraphs are found by the bigram
    postings of the folded texts (grams.py), then checked against the text.
    """
    return Schema(
        doc_id=ID(stored=True),
        path=STORED(),
        title=STORED(),  # its words are posted beside the index (words.py), for BM25F
        date=STORED(),
        place=STORED(),
        source=STORED(),
        url=STORED(),
        origin=STORED(),  # field name -> "front matter" | "page" | "inferred"
        kind=STORED(),  # "listing" or "article" ("" for documents indexed without cleaning)
        paragraph=STORED(),
        page=STORED(),  # the PDF page the paragraph starts on, or None
        ocr=STORED(),  # whether the paragraph was machine-read from a scan (OCR)
        indexed=STORED(),  # when the paragraph first entered the index (Unix seconds; see arrival)
        text=STORED(),
        speakers=STORED(),  # who said what: the paragraph's attributions (see speakers.py)
        words=TEXT(analyzer=WordAnalyzer(segmenter, userwords), phrase=False),  # ranked from words.py
    )


def segment_names(build: Path) -> set[str]:
    """The Whoosh segments a build's files belong to (one name per segment)."""
    return {f.name.split(".")[0] for f in build.iterdir()
            if f.name.startswith("MAIN_") and f.name != "MAIN_WRITELOCK"}


def builds_dir(index_dir: Path) -> Path:
    return Path(index_dir) / "builds"


def current_build(index_dir: str | os.PathLike) -> Path:
    """The live build folder; IndexMissing if there is none."""
    link = Path(index_dir) / "current"
    try:
        target = os.readlink(link)
    except OSError:
        raise IndexMissing(
            f"还没有索引：{index_dir}",
            hint="先运行 dangan index [ARCHIVE] --index DIR 建立索引。",
        ) from None
    return (link.parent / target).resolve()


def new_build(index_dir: str | os.PathLike) -> Path:
    """A fresh, empty build folder beside the live one."""
    root = builds_dir(Path(index_dir))
    root.mkdir(parents=True, exist_ok=True)
    name = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    path = root / name
    path.mkdir()
    return path


def publish(index_dir: str | os.PathLike, build: Path, meta: dict) -> None:
    """Write the build's meta.json and switch `current` to it atomically, then prune old builds."""
    packed.written()
    sidecar._written.pop(build, None)
    meta = dict(meta, format=FORMAT_VERSION)
    tmp_meta = build / "meta.json.tmp"
    tmp_meta.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    _fsync_file(tmp_meta)
    os.replace(tmp_meta, build / "meta.json")
    # a hard link shares a published build's file, synced then
    fresh = [f for f in build.iterdir() if f.stat().st_nlink == 1]
    with ThreadPoolExecutor(FSYNC_THREADS) as pool:  # the file system joins them in one commit
        list(pool.map(_fsync_file, fresh))
    link = Path(index_dir) / "current"
    tmp_link = Path(index_dir) / f".current.{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.relpath(build, index_dir), tmp_link)
    os.replace(tmp_link, link)
    if not getattr(_pruning, "deferred", False):
        prune(index_dir)


_pruning = threading.local()  # .deferred: a watcher prunes after publishing, off the update's time


def prune_deferred(deferred: bool) -> None:
    """Whether this thread's publishes leave pruning to the caller (who calls prune, never
    while a build of this process is being written: its folder would look abandoned)."""
    _pruning.deferred = deferred


def _fsync_file(path: Path) -> None:
    if path.is_file():
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def prune(index_dir: str | os.PathLike) -> None:
    """Remove builds that are neither live nor the most recent previous one (and failed builds)."""
    root = builds_dir(Path(index_dir))
    try:
        live = current_build(index_dir)
    except IndexMissing:
        return
    others = sorted((p for p in root.iterdir() if p.resolve() != live),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    kept = 0
    for p in others:
        complete = (p / "meta.json").exists()
        if complete and kept < KEEP_OLD_BUILDS:
            kept += 1
            continue
        if not complete and _recent(p):
            continue  # perhaps another `dangan index` is writing it right now
        shutil.rmtree(p, ignore_errors=True)


def _recent(path: Path, seconds: float = 6 * 3600) -> bool:
    try:
        newest = max((f.stat().st_mtime for f in path.iterdir()), default=path.stat().st_mtime)
    except OSError:
        return False
    return time.time() - newest < seconds and _writer_alive(path)


def _writer_alive(path: Path) -> bool:
    """Whether the process that created this build folder is still running."""
    try:
        pid = int(path.name.split("-")[2])
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def read_meta(build: Path) -> dict:
    return json.loads((build / "meta.json").read_text(encoding="utf-8"))


class Snapshot:
    """One published build as a reader holds it: the Whoosh index, meta, folded texts, columns."""

    def __init__(self, build: Path):
        self.build = build
        try:
            self.meta = read_meta(build)
        except (OSError, ValueError) as exc:
            raise IndexMissing(f"索引无法打开：{build}（{exc}）",
                               hint="重新运行 dangan index 建立索引。") from None
        if self.meta.get("format") != FORMAT_VERSION:  # an older dangan wrote it: files differ
            raise IndexMissing(
                f"索引是旧版本建立的（格式 {self.meta.get('format')}，现在是 {FORMAT_VERSION}）：{build}",
                hint="重新运行 dangan index 建立索引（会整体重建）。")
        try:
            self.ix = whoosh_index.open_dir(str(build))
            # the texts memory-mapped: one copy on the machine however many workers read them
            self.folded = textbuffer.FoldedTexts(build / sidecar.FOLDED_FILE)
            # each paragraph's length is the writer's (a build's totals), not a reader's
            self.columns = {k: v for k, v in sidecar._read_columns(build).items() if k != "chars"}
            self.grams = bigram_postings.Grams(build)
            self.words = word_postings.Words(build)
            self.title_words = word_postings.TitleWords(build)
            self.arrays = arrays.load(build)
        except (OSError, ValueError, KeyError, EOFError, AttributeError, ImportError,
                pickle.UnpicklingError, whoosh_index.EmptyIndexError) as exc:
            raise IndexMissing(f"索引无法打开：{build}（{exc}）",
                               hint="重新运行 dangan index 建立索引。") from None
        years, year_codes = self.coded("year")
        # Each paragraph's year (0 if undated), from the numbered column the build wrote.
        self.years = (np.asarray(years, dtype=np.int32)[year_codes] if years
                      else np.zeros(len(self.folded), dtype=np.int32))
        self.average_length = float(self.lengths.sum()) / max(1, len(self.folded))
        # The few paragraphs whose phrase-level fold differs (反覆 → 反复), by document number.
        self.alt = {d: a for d, a in enumerate(self.columns["alt"]) if a}
        # Paragraphs of listing pages, left out of results unless a kind filter asks for them.
        self.listings = frozenset(d for d, k in enumerate(self.columns.get("kind", ())) if k == "listing")
        self._by_doc: dict[str, list[int]] | None = None
        self._titles: TitleIndex | None = None
        self._sizes: dict[int, int] | None = None
        self._stored: tuple[list[int], list] | None = None
        self._local = threading.local()
        self._pid = os.getpid()
        self._analyzer = None

    @property
    def analyzer(self):
        """The index's word analyzer (Whoosh reads the schema from disk on each ask)."""
        if self._analyzer is None:
            self._analyzer = self.ix.schema["words"].analyzer
        return self._analyzer

    def searcher(self):
        """This thread's Whoosh searcher (searchers are not shared between threads, nor between
        processes: a worker forked from the process that opened the snapshot opens its own, so
        that no two processes move the same open files' offsets)."""
        if self._pid != os.getpid():
            self._local, self._pid = threading.local(), os.getpid()
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._local.searcher = self.ix.searcher()
        return s

    def stored(self, docnum: int) -> dict:
        """A paragraph's stored fields, read from its segment's column directly (through
        Whoosh's searcher, finding the segment costs more than reading the fields)."""
        if self._stored is None:
            self._stored = codec.stored_columns(self.ix)
        starts, columns = self._stored
        i = bisect.bisect_right(starts, docnum) - 1
        return columns[i][docnum - starts[i]] or {}

    @property
    def titles(self) -> TitleIndex:
        """The documents' titles, searchable as part of each document's first paragraph."""
        if self._titles is None:
            cols = self.columns
            self._titles = TitleIndex(cols["doc_id"], cols["paragraph"], cols["title"])
        return self._titles

    def coded(self, name: str) -> tuple[list, np.ndarray]:
        """A column as (distinct values, each paragraph's value number): counted with bincount."""
        return self.arrays["coded"][name]

    @property
    def chronology(self) -> np.ndarray:
        """Each paragraph's place in (date, doc_id, paragraph) order (undated ones first)."""
        return self.arrays["chronology"]

    @property
    def recency(self) -> np.ndarray:
        """Each paragraph's place in newest-date-first order, document number breaking ties."""
        return self.arrays["recency"]

    @property
    def lengths(self) -> np.ndarray:
        """Each paragraph's folded length."""
        return self.arrays["lengths"]

    def characters_per_year(self) -> dict[int, int]:
        """How much (folded) text each year has, to put counts per year in proportion."""
        if self._sizes is None:
            years, codes = self.coded("year")
            sizes = np.bincount(codes, weights=self.lengths, minlength=len(years))
            self._sizes = {int(years[c]): int(n) for c, n in enumerate(sizes.tolist())}
        return self._sizes

    def docnums_of(self, doc_id: str) -> list[int]:
        """Document numbers of a document's paragraphs, in paragraph order."""
        if self._by_doc is None:
            by_doc: dict[str, list[int]] = {}
            for n, d in enumerate(self.columns["doc_id"]):
                if d:
                    by_doc.setdefault(d, []).append(n)
            self._by_doc = by_doc
        nums = self._by_doc.get(doc_id, [])
        return sorted(nums, key=self.columns["paragraph"].__getitem__)


_snapshots: dict[str, Snapshot] = {}
_snapshots_lock = threading.Lock()


def snapshot(index_dir: str | os.PathLike) -> Snapshot:
    """The live build, opened once per process and reopened when a new build is published."""
    key = os.path.abspath(index_dir)
    build = current_build(index_dir)
    snap = _snapshots.get(key)
    if snap is None or snap.build != build:
        with _snapshots_lock:
            snap = _snapshots.get(key)
            if snap is None or snap.build != build:
                snap = _snapshots[key] = Snapshot(build)
    return snap


def index_info(index_dir: str | os.PathLike) -> dict:
    """The live build's meta.json (counts, segmenter, archive, when it was built) and, as
    "build", the live build's folder (it changes whenever a new build is published)."""
    build = current_build(index_dir)
    return {**read_meta(build), "build": str(build)}


def prepare(index_dir: str | os.PathLike) -> None:
    """Load what every reader of the index needs, without opening the index's texts: the
    segmenter with the index's user words and OpenCC's tables. A server calls it before it
    forks its workers, which then share these pages (jieba-rs's dictionary is ~57 MB a copy)."""
    from .segment import get_segmenter
    from .textfold import phrase_fold

    try:
        schema = whoosh_index.open_dir(str(current_build(index_dir))).schema
    except (IndexMissing, OSError, whoosh_index.EmptyIndexError):
        return  # nothing to prepare for: the first search says what is missing
    tokenizer = schema["words"].analyzer.items[0]
    get_segmenter(tokenizer.segmenter, tokenizer.userwords).tokenize("预热")
    phrase_fold("預熱")
