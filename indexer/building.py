"""Building an index from an archive folder: read, clean, analyse, write, publish.

A run compares the archive with the live build's record of every file (size and modification
time) and, when it can, re-reads only the files that were added or changed, re-indexes only
their documents (and those of a site whose learned boilerplate changed), and removes the
documents of files that disappeared. It writes into a new build whose unchanged Whoosh segments
are hard links to the live one's (Whoosh never rewrites a segment), then publishes it
atomically like a full build. Once updates have left many small segments, the update merges
them into its new segment (the large segments of the last full build stay as they are), so
searches stay fast without ever needing a full rebuild.

This module decides what to read and re-index; build_writing.py writes and publishes the build,
build_state.py holds what a build reports and records.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Callable, Iterable


from . import archive_state, store
from . import chrome as site_tallies
from .build_state import ArchiveState, BuildReport, Progress, load_state, read_state
from .build_writing import update_index, write_index
from .cleaning import archive_titles, clean_documents, site_key, title_counts
from .documents import Document, Skipped, make_doc_id
from .duplicates import changed_copies, copies, kept_copies, text_key
from .errors import ArchiveEmpty, ArchiveMissing, DanganError
from .listing import LISTING
from .segment import DEFAULT_SEGMENTER, USERDICT_NAME, UserWord, read_userdict

# Beyond MAX_SEGMENTS segments (only reached with many build processes) a full rebuild; beyond
# FULL_REBUILD_SHARE of files changed (in an archive large enough for it to matter) a full
# rebuild is faster to build.
MAX_SEGMENTS = 24
FULL_REBUILD_SHARE = 0.3
FULL_REBUILD_MIN_FILES = 200


def _previous(index_dir: str | os.PathLike, archive: str, segmenter: str,
              userwords: tuple[UserWord, ...]) -> tuple[tuple | None, str]:
    """((live build, its state, its meta), "") if the live build can be updated, else (None, why)."""
    try:
        live = store.current_build(index_dir)
        meta = store.read_meta(live)
        state = load_state(live)
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
        state = read_state(store.current_build(index_dir))
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
    from .walking import archive_stats, changed_files

    started = time.monotonic()
    root = Path(archive_dir)
    if not root.is_dir():
        raise ArchiveMissing(f"档案文件夹不存在：{archive_dir}",
                             hint="请给出存放 .txt、.md、.html、.docx、.jsonl、.pdf、.zip 文件的文件夹。")
    archive = str(root.resolve())
    userwords = archive_userwords(root)
    previous, reason = (None, "") if full else _previous(index_dir, archive, segmenter, userwords)
    old = previous[1] if previous else None

    report = BuildReport()
    changes = None
    if changed_paths is not None and old is not None:
        changes = changed_files(root, old.files, changed_paths, exclude=index_dir)
    if changes is not None:  # a watcher's: what it named looked at, the rest kept as it is
        entries = _changed_entries(old, changes, report, progress)
        sites = dict(old.sites)
        for rel in report.deleted:
            sites.pop(rel, None)
        for rel in report.added + report.changed:
            sites[rel] = _sites_of(entries[rel][1])
    else:
        files = archive_stats(root, exclude=index_dir)
        entries = _listed_entries(old, files, report, progress)
        sites = {rel: (old.sites[rel] if old and ents is old.files.get(rel) and rel in old.sites
                       else _sites_of(ents[1])) for rel, ents in entries.items()}
    state = ArchiveState(archive=archive, segmenter=segmenter, files=entries, chrome={},
                         userwords=userwords, sites=sites, base=old.base if old else None)
    touched = len(report.added) + len(report.changed) + len(report.deleted)
    rebuild = previous is None or touched > max(FULL_REBUILD_MIN_FILES,
                                                FULL_REBUILD_SHARE * len(entries))
    if rebuild and changes is not None:
        state.files = dict(sorted(entries.items()))  # as a listing orders them
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
            raise _empty(archive, entries, report.skipped)
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
        raise _empty(archive, entries, report.skipped)
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
    update_index(live, index_dir, remove, docs, state, report, progress)
    report.seconds = time.monotonic() - started
    return _done(progress, report)


def _listed_entries(old: ArchiveState | None, files: list, report: BuildReport,
                    progress: Progress | None) -> dict[str, tuple]:
    """The files of a full listing as the state holds them: the live state's where a file's
    stat is the same, read again where not (noted in `report` as added, changed, deleted)."""
    entries: dict[str, tuple] = {}
    same = {rel: rel for rel in old.files} if old else {}  # the live state's strings, shared
    for path, rel, stat in files:
        rel = same.get(rel, rel)
        entries[rel] = _entry(old.files.get(rel) if old else None, path, rel, stat, report)
        if progress:
            progress("read", 1, len(files))
    report.deleted = sorted(set(old.files) - set(entries)) if old else []
    return entries


def _changed_entries(old: ArchiveState, changes: dict, report: BuildReport,
                     progress: Progress | None) -> dict[str, tuple]:
    """The live state's files with `changes` (walking.changed_files) made: in the live
    state's order, then the files added."""
    entries = dict(old.files)
    for rel, got in sorted(changes.items()):
        kept = old.files.get(rel)
        if got is None:
            if kept is not None:
                del entries[rel]
                report.deleted.append(rel)
            continue
        path, stat = got
        entries[rel] = _entry(kept, path, rel, stat, report)
        if progress and entries[rel] is not kept:
            progress("read", 1, len(changes))
    return entries


def _entry(kept: tuple | None, path: str, rel: str, stat: tuple[int, int] | None,
           report: BuildReport) -> tuple:
    """A file's (stat, entries): the live state's if its stat is the same, else read again
    (and noted in `report` as changed or added)."""
    from .reading import read_entry

    if kept is not None and stat is not None and kept[0] == stat:
        return kept
    (report.changed if kept is not None else report.added).append(rel)
    return (stat, archive_state.Entries(read_entry(Path(path), rel)))


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


def _empty(archive: str, files: dict, skipped: list[Skipped]) -> ArchiveEmpty:
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
