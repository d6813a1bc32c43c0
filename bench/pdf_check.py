"""How well PDFs are read: each PDF of corpus_raw/pdf and pdf_scanned against the clean text of
the same report in corpus/gov_reports (character error rate, paragraphs kept whole, quoted
statements found by search) and the pages read per second (wall clock, and per CPU second of
this process, which the other work on a shared machine does not change).

With --synthetic-scans N, also scans made from the first N pages of each typeset PDF that has
no real scan (pages the OCR rules were not tuned on; see synthetic_scans.py), measured against
the text layer of the same pages.

    .venv/bin/python bench/pdf_check.py [--raw ../shared/corpus_raw] [--truth ../shared/corpus/gov_reports]
        [--only typeset,scanned,synthetic] [--synthetic-scans 3] [--show-misses]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import process  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from indexer import search, write_index  # noqa: E402
from indexer.cleaning import clean_documents  # noqa: E402
from indexer.documents import Document  # noqa: E402
from indexer.reading import read_entry, read_file  # noqa: E402
from indexer.textfold import fold  # noqa: E402
from synthetic_scans import make_pairs  # noqa: E402

SEED = 20261201
STATEMENTS = 20  # drawn from each report
NEAR = 0.03  # a paragraph read with at most this share of its characters wrong counts as near
_CLAUSE = re.compile(r"[^，。！？；：、“”‘’（）《》\s,.!?;:()\"']+")
_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub("", fold(text))


def truth_file(pdf: Path, truth: Path) -> Path | None:
    """The clean text of the report a PDF holds: same name, without "_扫描件"."""
    stem = pdf.stem.removesuffix("_扫描件")
    found = sorted(truth.rglob(stem + ".txt"))
    return found[0] if found else None


def statements(paragraphs: list[str], rng: random.Random) -> list[str]:
    """A seeded sample of 10–30 character spans inside one clause of the clean text."""
    clauses = [m.group(0) for p in paragraphs for m in _CLAUSE.finditer(p) if len(m.group(0)) >= 10]
    picked = []
    for clause in rng.sample(clauses, min(STATEMENTS, len(clauses))):
        length = rng.randint(10, min(30, len(clause)))
        start = rng.randint(0, len(clause) - length)
        picked.append(clause[start:start + length])
    return picked


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the OCR workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def clean_truth(truth: Path):
    """The truth of a PDF: the clean corpus text of the same report."""
    def of(pdf: Path) -> Document | None:
        clean = truth_file(pdf, truth)
        return read_file(clean, clean.name)[0] if clean else None
    return of


def show_misses(theirs: list[str], mine: set[str]) -> list[str]:
    """Each paragraph of the truth not read whole, with what differs in the nearest one read."""
    rows = []
    for p in theirs:
        if p in mine:
            continue
        q, distance, _ = process.extractOne(p, list(mine), scorer=Levenshtein.normalized_distance)
        ops = [f"{p[i1:i2] or '∅'}→{q[j1:j2] or '∅'} (after {p[max(0, i1 - 6):i1]})"
               for op, i1, i2, j1, j2 in Levenshtein.opcodes(p, q) if op != "equal"]
        rows.append(f"    miss {distance:.3f}: {'; '.join(ops[:6])}")
    return rows


def check(pdfs: list[Path], truth_of, kind: str, misses: bool = False) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp, "index")
        pages = seconds = cpu = 0.0
        read = {}
        for pdf in pdfs:
            import pypdfium2
            pages += len(pypdfium2.PdfDocument(str(pdf)))
            started, started_cpu = time.perf_counter(), _cpu()
            read[pdf.name] = read_entry(pdf, pdf.name)
            seconds += time.perf_counter() - started
            cpu += _cpu() - started_cpu
        # The documents read once (OCR is slow) are cleaned and indexed as build_index does.
        docs = clean_documents([e for entries in read.values() for e in entries if isinstance(e, Document)])
        if docs:
            write_index(docs, index, procs=2)
        else:
            index = None
        rng = random.Random(SEED)
        totals = {"chars": 0, "errors": 0, "paras": 0, "whole": 0, "near": 0, "said": 0, "found": 0}
        for pdf in pdfs:
            want = truth_of(pdf)
            docs = [e for e in read[pdf.name] if isinstance(e, Document)]
            skipped = [e.reason for e in read[pdf.name] if not isinstance(e, Document)]
            if want is None or not docs:
                rows.append(f"{kind:8} {pdf.name}: no truth or no document {skipped[:1]}")
                continue
            got = docs[0]
            a, b = squash("".join(want.paragraphs)), squash("".join(got.paragraphs))
            errors = Levenshtein.distance(a, b)
            [want_clean] = clean_documents([want])
            [got_clean] = clean_documents([got])
            mine = {squash(p) for p in got_clean.paragraphs}
            theirs = [squash(p) for p in want_clean.paragraphs]
            whole = sum(p in mine for p in theirs)
            # Kept whole but for a few misread characters (scans): the paragraph breaks are right.
            near = whole + sum(p not in mine and process.extractOne(
                p, list(mine), scorer=Levenshtein.normalized_distance, score_cutoff=NEAR) is not None
                for p in theirs)
            said = statements(want_clean.paragraphs, rng)
            found = 0
            for s in said:
                hits = search(index, f'"{s}"', per_page=50).hits if index else []
                found += any(h.path == pdf.name for h in hits)
            for key, value in (("chars", len(a)), ("errors", errors), ("paras", len(theirs)),
                               ("whole", whole), ("near", near), ("said", len(said)), ("found", found)):
                totals[key] += value
            ocr = f" ocr pages {len(got.ocr_pages)}" if got.ocr_pages else ""
            rows.append(f"{kind:8} {pdf.name}: CER {errors / max(1, len(a)):.2%}  paragraphs "
                        f"{whole}/{len(theirs)} = {whole / max(1, len(theirs)):.1%} (with ≤{NEAR:.0%} misread: "
                        f"{near / max(1, len(theirs)):.1%})  statements "
                        f"{found}/{len(said)}{ocr}{'  skipped: ' + skipped[0] if skipped else ''}")
            if misses:
                rows.extend(show_misses(theirs, mine))
        t = totals
        rows.append(f"{kind:8} ALL: CER {t['errors'] / max(1, t['chars']):.2%}  paragraphs "
                    f"{t['whole'] / max(1, t['paras']):.1%} (near {t['near'] / max(1, t['paras']):.1%})  statements {t['found']}/{t['said']} = "
                    f"{t['found'] / max(1, t['said']):.1%}  speed {pages:.0f} pages in {seconds:.1f} s = "
                    f"{pages / max(seconds, 1e-9):.1f} pages/s, {pages / max(cpu, 1e-9):.1f} pages per CPU second of "
                    f"the reading processes (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    return rows


def main() -> None:
    here = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=here.parent / "shared" / "corpus_raw")
    parser.add_argument("--truth", type=Path, default=here.parent / "shared" / "corpus" / "gov_reports")
    parser.add_argument("--only", default="typeset,scanned,synthetic",
                        help="which of typeset, scanned, synthetic to measure (comma-separated)")
    parser.add_argument("--synthetic-scans", type=int, default=0, metavar="PAGES",
                        help="also scan the first PAGES pages of each typeset PDF without a real scan")
    parser.add_argument("--show-misses", action="store_true", help="print each paragraph not read whole")
    args = parser.parse_args()
    only = set(args.only.split(","))
    for folder, kind in (("pdf", "typeset"), ("pdf_scanned", "scanned")):
        pdfs = sorted((args.raw / folder).glob("*.pdf"))
        if pdfs and kind in only:
            for row in check(pdfs, clean_truth(args.truth), kind, args.show_misses):
                print(row, flush=True)
    if args.synthetic_scans and "synthetic" in only:
        tuned = {p.stem.removesuffix("_扫描件") for p in (args.raw / "pdf_scanned").glob("*.pdf")}
        unseen = [p for p in sorted((args.raw / "pdf").glob("*.pdf")) if p.stem not in tuned]
        with tempfile.TemporaryDirectory() as tmp:
            pairs = make_pairs(unseen, Path(tmp), args.synthetic_scans)
            typeset = {scan.name: text for text, scan in pairs}
            print(f"# synthetic scans of the first {args.synthetic_scans} pages of {len(pairs)} typeset PDFs "
                  f"(150 dpi grey, turned ≤0.4°, blurred, speckled, JPEG); truth: their text layer", flush=True)
            for row in check([scan for _, scan in pairs], lambda pdf: read_entry(
                    typeset[pdf.name], typeset[pdf.name].name)[0], "synthetic", args.show_misses):
                print(row, flush=True)


if __name__ == "__main__":
    main()
