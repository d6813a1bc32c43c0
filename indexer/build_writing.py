"""Writing a build: documents into a new Whoosh build (a whole one, or an update whose
unchanged segments are hard links to the live build's), then its sidecar, figures, copies and
state, and publishing it."""
from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh import multiproc

from . import arrival, figure_index, packed, speaker_index, speakers, sidecar, store
from . import speaker_lexicon
from . import updating
from . import copies as paragraph_copies
from .build_state import DELTA_FILE, STATE_FILE, ArchiveState, BuildReport, Progress, save_state
from .codec import Codec
from .documents import Document, Skipped
from .duplicates import by_kept_id
from .errors import IndexMissing
from .listing import LISTING
from .segment import DEFAULT_SEGMENTER, UserWord

WRITER_MB = 128  # each writer process's posting pool before it spills a sorted run to disk
# Files of a build that belong to it alone; the rest are Whoosh's, never rewritten, so linked.
_NOT_LINKED = {"MAIN_WRITELOCK", "meta.json", STATE_FILE, DELTA_FILE, figure_index.FIGURES_FILE,
               paragraph_copies.COPIES_FILE, paragraph_copies.STATE_FILE, speaker_index.LEXICON_FILE,
               *sidecar.SIDECAR_FILES}
# From this many small segments (each under SMALL_SEGMENT_SHARE of all documents) an update
# merges them into one.
MERGE_SMALL_SEGMENTS = 8
SMALL_SEGMENT_SHARE = 0.1


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
        speaker_lexicon.save_tags(build, live_build(index_dir))
        lex = speaker_index.learn_lexicon(docs)
        speaker_index.save_lexicon(build, lex)
        try:
            _add(writer, docs, report, progress, arrival.for_rebuild(index_dir), lex)
        except BaseException:
            writer.cancel()
            raise
        stage(progress, "merge", writer.commit)
        meta_args = (archive, segmenter, userwords)
        stage(progress, "publish",
               lambda: _publish(build, state, report, started, index_dir, meta_args))
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return report


def live_build(index_dir: str | os.PathLike) -> Path | None:
    try:
        return store.current_build(index_dir)
    except IndexMissing:
        return None


def stage(progress: Progress | None, stage: str, work: Callable[[], object]) -> None:
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
        save_state(build, state)
    report.seconds = time.monotonic() - started
    report.build = str(build)
    store.publish(index_dir, build, _meta(report, *meta_args))


def update_index(live: Path, index_dir: str | os.PathLike, remove: set[str],
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
        stage(progress, "merge", lambda: writer.commit(mergetype=_merge_small_segments))

        def publish():
            (report.documents, report.paragraphs, report.characters), remap = updating.update_sidecar(
                live, build, remove)
            updating.write_figures(build, live, remove, {d.doc_id for d in docs})
            paragraph_copies.write_copies(build, previous=live, remap=remap)
            save_state(build, state)
            report.build = str(build)
            store.publish(index_dir, build,
                          _meta(report, state.archive, state.segmenter, state.userwords))

        stage(progress, "publish", publish)
    except BaseException:
        _written_anyway()
        shutil.rmtree(build, ignore_errors=True)
        raise


def _written_anyway() -> None:
    """Wait for the build's background writes, whatever they raise (the build is removed)."""
    try:
        packed.written()
    except Exception:
        pass


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


