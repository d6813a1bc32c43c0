"""Building an index from an archive folder: read, clean, analyse, write, publish.

A run compares the archive with the live build's record of every file (size and modification
time) and, when it can, re-reads only the files that were added or changed, re-indexes only
their documents (and those of a site whose learned boilerplate changed), and removes the
documents of files that disappeared. It writes into a new build whose unchanged Whoosh segments
are hard links to the live one's (Whoosh never rewrites a segment), then publishes it
atomically like a full build. Once updates have left many small segments, the update merges
them into its new segment (the large segments of the last full build stay as they are), so
searches stay fast without ever needing a full rebuild.
"""
from __future__ import annotations

import os
import pickle
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh import multiproc

from . import archive_state, arrival, figure_index, speaker_index, speakers, sidecar, store
from . import chrome as site_tallies
from . import speaker_lexicon
from . import updating
from . import copies as paragraph_copies
from .codec import Codec
from .cleaning import archive_titles, clean_documents, site_key, title_counts
from .documents import Document, Skipped, make_doc_id
from .duplicates import by_kept_id, changed_copies, copies, kept_copies, text_key
from .errors import ArchiveEmpty, ArchiveMissing, DanganError, IndexMissing
from .listing import LISTING
from .segment import DEFAULT_SEGMENTER, USERDICT_NAME, UserWord, read_userdict

STATE_FILE = "archive-state.pickle"
WRITER_MB = 128  # each writer process's posting pool before it spills a sorted run to disk
# Files of a build that belong to it alone; the rest are Whoosh's, never rewritten, so linked.
_NOT_LINKED = {"MAIN_WRITELOCK", "meta.json", STATE_FILE, figure_index.FIGURES_FILE,
               paragraph_copies.COPIES_FILE, paragraph_copies.STATE_FILE, speaker_index.LEXICON_FILE,
               *sidecar.SIDECAR_FILES}
# From this many small segments (each under SMALL_SEGMENT_SHARE of all documents) an update
# merges them into one; beyond MAX_SEGMENTS (only reached with many build processes) a full
# rebuild. Beyond FULL_REBUILD_SHARE of files changed (in an archive large enough for it to
# matter) a full rebuild is faster to build.
MERGE_SMALL_SEGMENTS = 8
SMALL_SEGMENT_SHARE = 0.1
MAX_SEGMENTS = 24
FULL_REBUILD_SHARE = 0.3
FULL_REBUILD_MIN_FILES = 200

Progress = Callable[[str, int, "int | None"], None]
# The stages a build reports to `progress`, in order; "done" is the last event of every build.
STAGES = ("read", "clean", "index", "merge", "publish", "done")


@dataclass
class BuildReport:
    """What a build did: counts, files skipped with reasons, time taken, where it went."""

    documents: int = 0
    paragraphs: int = 0
    characters: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    build: str = ""
    mode: str = "full"  # "full", "incremental" or "unchanged"
    added: list[str] = field(default_factory=list)  # files, archive-relative
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    reindexed: int = 0  # documents (re)written by this run
    reason: str = ""  # why a full rebuild was needed, when it was not the first build
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (copy, indexed copy)
    listings: int = 0  # documents indexed as kind "listing" (left out of default results)


@dataclass
class ArchiveState:
    """What the build was made from: every file's stat and raw documents, and the site chrome."""

    archive: str
    segmenter: str
    files: dict[str, tuple[tuple[int, int] | None, list]]  # rel -> (size, mtime_ns), entries
    chrome: dict[str, frozenset[str]]
    userwords: tuple[UserWord, ...] = ()
    sites: dict[str, frozenset[str]] = field(default_factory=dict)  # rel -> its documents' sites
    keys: dict[str, str] = field(default_factory=dict)  # document path -> its cleaned text's key
    listings: frozenset[str] = frozenset()  # paths of the documents of kind "listing"
    chrome_tally: dict | None = None  # site -> its lines' tallies (chrome.py), for updates

    def __getstate__(self):
        state = dict(self.__dict__)
        state["files"] = archive_state.files_state(self.files)
        return state

    def __setstate__(self, state):
        if isinstance(state.get("files"), tuple):
            state = dict(state, files=archive_state.files_from(state["files"]))
        self.__dict__.update(state)

    def raw_documents(self, rels: Iterable[str] | None = None) -> list[Document]:
        keys = self.files.keys() if rels is None else rels
        return [e for rel in keys for e in self.files[rel][1] if isinstance(e, Document)]

    def skipped(self) -> list[Skipped]:
        return [e for _, entries in self.files.values() for e in entries.skipped]

    def paths(self) -> list[str]:
        """Every document's path, without reading packed entries (see archive_state)."""
        return [p for _, entries in self.files.values() for p in entries.paths]


def _records(docs: Iterable[Document], lex: speakers.Lexicon | None = None,
             names: speakers.NameFinder | None = None):
    for doc in docs:
        said = (speaker_index.document_attributions(doc, lex, names) if lex is not None
                else [[] for _ in doc.paragraphs])
        base = {
            "doc_id": doc.doc_id,
            "path": doc.path,
            "title": doc.title,
            "date": doc.date,
            "place": doc.place,
            "source": doc.source,
            "url": doc.url,
            "origin": dict(doc.origin),
            "kind": doc.kind,
        }
        ocr = set(doc.ocr_pages)
        for n, text in enumerate(doc.paragraphs):
            page = doc.pages[n] if n < len(doc.pages) else None
            yield dict(base, paragraph=n, text=text, words=text,
                       page=page, ocr=page in ocr, speakers=said[n])


def _add(writer, docs: list[Document], report: BuildReport, progress: Progress | None,
         stamp: arrival.Stamper, lex: speakers.Lexicon | None = None) -> None:
    """Add the documents' paragraphs, each with its first-indexed time and who said what in it
    (by `lex`), counting them in `report`."""
    names = speakers.NameFinder(lex) if lex is not None else None
    for doc in docs:
        if not doc.paragraphs:
            continue
        for record in _records([doc], lex, names):
            writer.add_document(**stamp(record))
            report.paragraphs += 1
            report.characters += len(record["text"])
        report.documents += 1
        report.reindexed += 1
        if progress:
            progress("index", 1, len(docs))


def _meta(report: BuildReport, state_archive: str, segmenter: str,
          userwords: tuple[UserWord, ...]) -> dict:
    return {
        "archive": state_archive,
        "segmenter": segmenter,
        "userdict_words": len(userwords),
        "documents": report.documents,
        "paragraphs": report.paragraphs,
        "characters": report.characters,
        "skipped": [[s.path, s.reason] for s in report.skipped],
        "duplicates": by_kept_id(report.duplicates),
        "listings": report.listings,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "mode": report.mode,
        "seconds": round(report.seconds, 2),
    }



class _OrphanSafeTask(multiproc.SubWriterTask):
    """Whoosh's writer subprocess, which exits when its parent dies instead of waiting for ever."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_pid = os.getpid()

    def run(self):
        threading.Thread(target=self._exit_with_parent, daemon=True).start()
        super().run()

    def _exit_with_parent(self):
        # A SIGKILLed `dangan index` cannot tell its writers; they would block on the job queue.
        while os.getppid() == self.parent_pid:
            time.sleep(0.5)
        os._exit(1)


multiproc.SubWriterTask = _OrphanSafeTask  # MpWriter looks the class up in its module

def write_index(docs: list[Document], index_dir: str | os.PathLike, *,
                skipped: list[Skipped] | None = None, archive: str = "",
                segmenter: str = DEFAULT_SEGMENTER, procs: int | None = None,
                progress: Progress | None = None, state: ArchiveState | None = None,
                userwords: tuple[UserWord, ...] = (),
                duplicates: list[tuple[str, str]] | None = None) -> BuildReport:
    """Index already-read documents into a new build and publish it."""
    started = time.monotonic()
    report = BuildReport(skipped=list(skipped or []), duplicates=list(duplicates or []),
                         listings=sum(d.kind == LISTING for d in docs if d.paragraphs))
    build = store.new_build(index_dir)
    try:
        ix = whoosh_index.create_in(str(build), store.make_schema(segmenter, userwords))
        procs = procs or min(2, os.cpu_count() or 1)
        # Separate segment files: Whoosh copies a compound file's parts into memory per reader.
        writer = ix.writer(procs=procs, multisegment=procs > 1, limitmb=WRITER_MB, compound=False,
                           codec=Codec())
        # parses jieba's dictionary, which learning asks often
        speaker_lexicon.save_tags(build, _live_build(index_dir))
        lex = speaker_index.learn_lexicon(docs)
        speaker_index.save_lexicon(build, lex)
        try:
            _add(writer, docs, report, progress, arrival.for_rebuild(index_dir), lex)
        except BaseException:
            writer.cancel()
            raise
        _stage(progress, "merge", writer.commit)
        meta_args = (archive, segmenter, userwords)
        _stage(progress, "publish",
               lambda: _publish(build, state, report, started, index_dir, meta_args))
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return report


def _live_build(index_dir: str | os.PathLike) -> Path | None:
    try:
        return store.current_build(index_dir)
    except IndexMissing:
        return None


def _stage(progress: Progress | None, stage: str, work: Callable[[], object]) -> None:
    """Run one step of a build that has no parts to count, reporting its start and its end."""
    if progress:
        progress(stage, 0, 1)
    work()
    if progress:
        progress(stage, 1, 1)


def _publish(build: Path, state: ArchiveState | None, report: BuildReport, started: float,
             index_dir: str | os.PathLike, meta_args: tuple) -> None:
    """Write a full build's sidecar and state, and make it the live build."""
    sidecar.write_sidecar(build)
    figure_index.write_figures(build)
    paragraph_copies.write_copies(build)
    if state is not None:
        _save_state(build, state)
    report.seconds = time.monotonic() - started
    report.build = str(build)
    store.publish(index_dir, build, _meta(report, *meta_args))


def _update_index(live: Path, index_dir: str | os.PathLike, remove: set[str],
                  docs: list[Document], state: ArchiveState, report: BuildReport,
                  progress: Progress | None) -> None:
    """A new build: the live one's segments linked, `remove` doc ids deleted, `docs` added."""
    build = store.new_build(index_dir)
    try:
        for f in live.iterdir():
            if f.name not in _NOT_LINKED and not f.name.endswith(".tmp"):
                os.link(f, build / f.name)
        ix = whoosh_index.open_dir(str(build))
        writer = ix.writer(compound=False, codec=Codec())
        speaker_lexicon.use_tags_of(build)  # the table linked from the live build, if any
        # The live build's lexicon, so that unchanged paragraphs and new ones are read alike.
        lex = speaker_index.load_lexicon(live) or speaker_index.learn_lexicon(docs)
        speaker_index.save_lexicon(build, lex)
        try:
            for doc_id in remove:
                writer.delete_by_term("doc_id", doc_id)
            _add(writer, docs, report, progress, arrival.for_update(live, remove), lex)
        except BaseException:
            writer.cancel()
            raise
        _stage(progress, "merge", lambda: writer.commit(mergetype=_merge_small_segments))

        def publish():
            (report.documents, report.paragraphs, report.characters), remap = updating.update_sidecar(
                live, build, remove)
            updating.write_figures(build, live, remove, {d.doc_id for d in docs})
            paragraph_copies.write_copies(build, previous=live, remap=remap)
            _save_state(build, state)
            report.build = str(build)
            store.publish(index_dir, build,
                          _meta(report, state.archive, state.segmenter, state.userwords))

        _stage(progress, "publish", publish)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise


def _merge_small_segments(writer, segments):
    """Whoosh merge policy: once there are many small segments, merge them into the new one."""
    from whoosh.reading import SegmentReader

    total = sum(seg.doc_count_all() for seg in segments)
    small = [seg for seg in segments if seg.doc_count_all() < SMALL_SEGMENT_SHARE * total]
    if len(small) < MERGE_SMALL_SEGMENTS:
        return segments
    for seg in small:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)  # its live documents only
        reader.close()
    merged = {seg.segment_id() for seg in small}
    return [seg for seg in segments if seg.segment_id() not in merged]


def _save_state(build: Path, state: ArchiveState) -> None:
    archive_state.save(build, state, linked=(build / archive_state.PACK_FILE).is_file())
    with open(build / STATE_FILE, "wb") as f, updating.gc_paused():
        pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)


def _previous(index_dir: str | os.PathLike, archive: str, segmenter: str,
              userwords: tuple[UserWord, ...]) -> tuple[tuple | None, str]:
    """((live build, its state, its meta), "") if the live build can be updated, else (None, why)."""
    try:
        live = store.current_build(index_dir)
        meta = store.read_meta(live)
        with open(live / STATE_FILE, "rb") as f, updating.gc_paused():
            state = pickle.load(f)
        archive_state.attach(state.files, live)
    except Exception:  # no index, an older format, or a damaged state: rebuild from scratch
        return None, ""
    if meta.get("format") != store.FORMAT_VERSION or not isinstance(state, ArchiveState):
        return None, "索引格式已更新，完整重建"
    if state.archive != archive:
        return None, "档案文件夹不同，完整重建"
    if state.segmenter != segmenter:
        return None, "分词器已更换，完整重建"
    if getattr(state, "userwords", ()) != userwords:
        return None, f"用户词典 {USERDICT_NAME} 已变化，完整重建"
    if len(store.segment_names(live)) >= MAX_SEGMENTS:
        return None, "增量片段过多，完整重建以加快检索"
    return (live, state, meta), ""


def archive_userwords(archive_dir: str | os.PathLike) -> tuple[UserWord, ...]:
    """The archive's user dictionary (userdict.txt at its top), or none."""
    path = Path(archive_dir) / USERDICT_NAME
    if not path.is_file():
        return ()
    try:
        return read_userdict(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise DanganError(f"用户词典无法读取：{path}（{exc}）",
                          hint="用户词典应为 UTF-8 文本，每行“词语 [词频] [词性]”。") from None


def userdict_changed(archive_dir: str | os.PathLike, index_dir: str | os.PathLike) -> bool:
    """Whether the archive's user dictionary differs from the one the live index was built with."""
    try:
        live = store.current_build(index_dir)
        with open(live / STATE_FILE, "rb") as f:
            state = pickle.load(f)
    except Exception:
        return False
    return getattr(state, "userwords", ()) != archive_userwords(archive_dir)


def _sites_of(entries: list) -> frozenset[str]:
    return frozenset(site_key(e) for e in entries if isinstance(e, Document))


def _learn_chrome(state: ArchiveState, old: ArchiveState | None,
                  report: BuildReport) -> dict[str, frozenset[str]]:
    """Site chrome for the archive; after a change, the tallies of the sites it touched adjusted
    by the documents of the files re-read or gone (see chrome.py)."""
    if old is None or old.chrome_tally is None:
        state.chrome_tally = site_tallies.tally(state.raw_documents())
        return site_tallies.chrome(state.chrome_tally)
    gone = [rel for rel in report.changed + report.deleted if rel in old.files]
    state.chrome_tally, touched = site_tallies.adjust(
        old.chrome_tally, old.raw_documents(gone), state.raw_documents(report.added + report.changed))
    chrome = {site: lines for site, lines in old.chrome.items() if site not in touched}
    chrome.update(site_tallies.chrome(state.chrome_tally, touched))
    return chrome


def build_index(archive_dir: str | os.PathLike, index_dir: str | os.PathLike, *,
                progress: Progress | None = None, segmenter: str = DEFAULT_SEGMENTER,
                procs: int | None = None, full: bool = False,
                changed_paths: Iterable[str | os.PathLike] | None = None) -> BuildReport:
    """Bring the index of `archive_dir` up to date and publish it.

    Only added and changed files are read again, unless `full` or nothing can be reused.
    `changed_paths` (files or folders, as a watcher names them) says that nothing else changed
    since the live build: only these are looked at, not the whole archive (which is listed
    anyway when the live build cannot be updated).
    `progress(stage, advance, total)` is called for each stage of STAGES: per file read
    ("read"), per document cleaned ("clean") and indexed ("index"), at the start and end of
    merging and publishing, and once at the end ("done"). ArchiveEmpty if the archive yields
    no document (the live index, if any, stays as it was).
    """
    from .reading import read_entry
    from .walking import archive_stats, changed_stats

    started = time.monotonic()
    root = Path(archive_dir)
    if not root.is_dir():
        raise ArchiveMissing(f"档案文件夹不存在：{archive_dir}",
                             hint="请给出存放 .txt、.md、.html、.docx、.jsonl、.pdf、.zip 文件的文件夹。")
    archive = str(root.resolve())
    userwords = archive_userwords(root)
    previous, reason = (None, "") if full else _previous(index_dir, archive, segmenter, userwords)
    old = previous[1] if previous else None

    files = None
    if changed_paths is not None and old is not None:
        files = changed_stats(root, {rel: kept[0] for rel, kept in old.files.items()},
                              changed_paths, exclude=index_dir)
    if files is None:
        files = archive_stats(root, exclude=index_dir)
    entries: dict[str, tuple[tuple[int, int] | None, list]] = {}
    report = BuildReport()
    same = {rel: rel for rel in old.files} if old else {}  # the live state's strings, shared
    for path, rel, stat in files:
        rel = same.get(rel, rel)
        kept = old.files.get(rel) if old else None
        if kept is not None and stat is not None and kept[0] == stat:
            entries[rel] = kept
        else:
            entries[rel] = (stat, archive_state.Entries(read_entry(Path(path), rel)))
            (report.changed if kept is not None else report.added).append(rel)
        if progress:
            progress("read", 1, len(files))
    report.deleted = sorted(set(old.files) - set(entries)) if old else []
    state = ArchiveState(archive=archive, segmenter=segmenter, files=entries, chrome={},
                         userwords=userwords)
    state.sites = {rel: (old.sites[rel] if old and entries[rel] is old.files.get(rel)
                         and rel in old.sites else _sites_of(ents))
                   for rel, (_, ents) in entries.items()}
    touched = len(report.added) + len(report.changed) + len(report.deleted)
    rebuild = previous is None or touched > max(FULL_REBUILD_MIN_FILES,
                                                FULL_REBUILD_SHARE * len(files))
    if progress and (rebuild or touched):
        progress("clean", 0, len(state.raw_documents(None if rebuild else
                                                     report.added + report.changed)))
    state.chrome = _learn_chrome(state, old, report)

    if rebuild:
        raw = state.raw_documents()
        docs = clean_documents(raw, state.chrome, progress=_counting(progress, "clean"),
                               titles=archive_titles(raw))
        state.keys = {d.path: text_key(d) for d in docs}
        state.listings = frozenset(d.path for d in docs if d.kind == LISTING)
        report.skipped = _skipped(state)
        kept = kept_copies(state.keys)
        docs = [d for d in docs if kept[d.path] == d.path]
        if not docs:
            raise _empty(archive, files, report.skipped)
        full_report = write_index(docs, index_dir, skipped=report.skipped, archive=archive,
                                  segmenter=segmenter, procs=procs, progress=progress,
                                  state=state, userwords=userwords, duplicates=copies(state.keys))
        full_report.added, full_report.changed, full_report.deleted = (
            report.added, report.changed, report.deleted)
        full_report.reason = reason
        full_report.seconds = time.monotonic() - started
        return _done(progress, full_report)

    live, _, meta = previous
    if not touched:
        report.mode = "unchanged"
        report.documents, report.paragraphs, report.characters = (
            meta["documents"], meta["paragraphs"], meta["characters"])
        report.duplicates = copies(old.keys)
        report.listings = meta.get("listings", 0)
        report.skipped = _skipped(old)
        report.build = str(live)
        report.seconds = time.monotonic() - started
        return _done(progress, report)

    # Re-index the documents of touched files, and of every site whose chrome changed.
    sites = {s for s in set(state.chrome) | set(old.chrome) if state.chrome.get(s) != old.chrome.get(s)}
    redo = set(report.added) | set(report.changed)
    if sites:
        redo |= {rel for rel, rel_sites in state.sites.items() if rel_sites & sites}
    gone = redo | set(report.deleted)
    gone_paths = {p for r in gone if r in old.files for p in old.files[r][1].paths}
    titles = title_counts(k for _, entries in state.files.values() for k in entries.title_keys)
    docs = clean_documents(state.raw_documents(sorted(redo)), state.chrome,
                           progress=_counting(progress, "clean"), titles=titles)
    state.keys = {p: k for p, k in old.keys.items() if p not in gone_paths}
    state.keys.update((d.path, text_key(d)) for d in docs)
    state.listings = frozenset({p for p in old.listings if p not in gone_paths}
                               | {d.path for d in docs if d.kind == LISTING})
    report.skipped = _skipped(state)
    kept = kept_copies(state.keys)
    if not kept:
        raise _empty(archive, files, report.skipped)
    promoted, demoted = changed_copies(old.keys, state.keys, {d.path for d in docs}, gone_paths, kept)
    if promoted:
        rels = sorted(rel for rel, (_, ents) in state.files.items()
                      if not promoted.isdisjoint(ents.paths))
        docs += [d for d in clean_documents(state.raw_documents(rels), state.chrome, titles=titles)
                 if d.path in promoted]
    docs = [d for d in docs if kept.get(d.path) == d.path]
    remove = {make_doc_id(p) for p in gone_paths | demoted}

    report.mode = "incremental"
    report.duplicates = copies(state.keys, kept)
    report.listings = sum(kept.get(p) == p for p in state.listings)
    _update_index(live, index_dir, remove, docs, state, report, progress)
    report.seconds = time.monotonic() - started
    return _done(progress, report)


def _counting(progress: Progress | None, stage: str) -> Callable[[int], None] | None:
    """A callback for one unit of work of `stage` (out of `total`), as a progress event."""
    if progress is None:
        return None
    return lambda total: progress(stage, 1, total)


EMPTIED = "清理后没有正文 (no text left after cleaning: only labels, menus or site chrome)"


def _skipped(state: ArchiveState) -> list[Skipped]:
    """Files that could not be read, and documents that cleaning left empty."""
    emptied = [Skipped(p, EMPTIED) for p in state.paths() if p not in state.keys]
    return state.skipped() + emptied


def _done(progress: Progress | None, report: BuildReport) -> BuildReport:
    if progress:
        progress("done", 1, 1)
    return report


def _empty(archive: str, files: list, skipped: list[Skipped]) -> ArchiveEmpty:
    """Why the archive gave no document to index."""
    if not files:
        return ArchiveEmpty(f"档案文件夹里没有文件：{archive} (the archive folder holds no files)",
                            hint="请给出存放 .txt、.md、.html、.docx、.jsonl、.pdf、.zip 文件的文件夹。",
                            skipped=skipped)
    return ArchiveEmpty(
        f"档案里没有可索引的文档：{archive} 中的 {len(files)} 个文件都无法索引 "
        f"(no document to index: every one of the {len(files)} files was skipped)",
        hint="原因见上面跳过的文件列表；支持 .txt、.md、.html、.htm、.shtml、.docx、.jsonl、.pdf、.zip。",
        skipped=skipped)
