"""Building an index from an archive folder: read, clean, analyse, write, publish."""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index

from . import store
from .documents import Document, Skipped
from .segment import DEFAULT_SEGMENTER


@dataclass
class BuildReport:
    """What a build did: counts, files skipped with reasons, time taken, where it went."""

    documents: int = 0
    paragraphs: int = 0
    characters: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    build: str = ""


def _records(docs: Iterable[Document]):
    for doc in docs:
        base = {
            "doc_id": doc.doc_id,
            "path": doc.path,
            "title": doc.title,
            "date": doc.date,
            "place": doc.place,
            "source": doc.source,
            "url": doc.url,
        }
        for n, text in enumerate(doc.paragraphs):
            yield dict(base, pid=f"{doc.doc_id}:{n}", paragraph=n, text=text, words=text, grams=text)


def write_index(docs: list[Document], index_dir: str | os.PathLike, *,
                skipped: list[Skipped] | None = None, archive: str = "",
                segmenter: str = DEFAULT_SEGMENTER, procs: int | None = None,
                progress: Callable[[str, int, int | None], None] | None = None) -> BuildReport:
    """Index already-read documents into a new build and publish it."""
    started = time.monotonic()
    report = BuildReport(skipped=list(skipped or []))
    build = store.new_build(index_dir)
    try:
        ix = whoosh_index.create_in(str(build), store.make_schema(segmenter))
        procs = procs or min(2, os.cpu_count() or 1)
        writer = ix.writer(procs=procs, multisegment=procs > 1, limitmb=2048)
        try:
            for doc in docs:
                if not doc.paragraphs:
                    continue
                for record in _records([doc]):
                    writer.add_document(**record)
                    report.paragraphs += 1
                    report.characters += len(record["text"])
                report.documents += 1
                if progress:
                    progress("index", 1, len(docs))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        store.write_sidecar(build)
        report.seconds = time.monotonic() - started
        report.build = str(build)
        store.publish(index_dir, build, {
            "archive": str(archive),
            "segmenter": segmenter,
            "documents": report.documents,
            "paragraphs": report.paragraphs,
            "characters": report.characters,
            "skipped": [[s.path, s.reason] for s in report.skipped],
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seconds": round(report.seconds, 2),
        })
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return report


def build_index(archive_dir: str | os.PathLike, index_dir: str | os.PathLike, *,
                progress: Callable[[str, int, int | None], None] | None = None,
                segmenter: str = DEFAULT_SEGMENTER, procs: int | None = None) -> BuildReport:
    """Read and clean every document under `archive_dir`, index them, publish the new index.

    `progress(stage, advance, total)` is called per file read ("read", total unknown), then per
    document indexed ("index").
    """
    from .reading import load_archive

    started = time.monotonic()
    docs, skipped = load_archive(archive_dir,
                                 progress=(lambda *_: progress("read", 1, None)) if progress else None)
    report = write_index(docs, index_dir, skipped=skipped, archive=str(archive_dir),
                         segmenter=segmenter, procs=procs, progress=progress)
    report.seconds = time.monotonic() - started
    return report
