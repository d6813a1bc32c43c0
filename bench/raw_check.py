#!/usr/bin/env python
"""The archive as it arrives: how well dangan labels and cleans ../shared/corpus_raw.

Indexes the raw archive (pages saved from tv.cctv.com, GBK copies, Word reports, a scraped text
without metadata) into a temporary folder with `indexer.build_index`, then compares what the
index holds with the front matter of the same items in the clean corpus:

- article pages (`cctv_xwlb_html/YYYYMM/YYYYMMDD_<id>.shtml`) against
  `news_cctv_xwlb/YYYY/YYYYMMDD_不详_<id>.txt` by their id: title, date and url equal;
- Word reports (`provincial_2025_docx/docx/2025年<省>政府工作报告.docx`) against
  `gov_reports/provincial/2025_<省份全称>_政府工作报告.txt`: province and full date right;
- documents with a place and with a source; listing pages, duplicates, label-only and
  lead-in-only paragraphs left (the first two only where the index reports them);
- for headlines drawn at random (seeded), whether the article is the first hit of the quoted
  headline.

    .venv/bin/python bench/raw_check.py                 # ~1-2 min: builds an index under /tmp
    .venv/bin/python bench/raw_check.py --index DIR     # reuse (or build into) DIR

Only figures and a few short examples (titles, file names) are printed; no corpus text is
written into the repository.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import indexer  # noqa: E402

SHARED = (REPO.parent / "shared").resolve()
DEFAULT_RAW = SHARED / "corpus_raw"
DEFAULT_CLEAN = SHARED / "corpus"
DEFAULT_SEED = 20250609
DEFAULT_HEADLINES = 50

_ARTICLE = re.compile(r"(?:^|/)(\d{8})_(VIDE\w+)\.shtml$")
_LISTING = re.compile(r"(?:^|/)(\d{8})_(\d{8})\.shtml$")
_CLEAN_ARTICLE = re.compile(r"(\d{8})_[^_]+_(VIDE\w+)\.txt$")
_REPORT = re.compile(r"(\d{4})年(.+?)政府工作报告\.docx$")
_CLEAN_REPORT = re.compile(r"(\d{4})_(.+?)_政府工作报告\.txt$")
# A paragraph that is only a label, with or without its value: 视频简介, 来源：央视网, 责任编辑：…
LABEL_ONLY = re.compile(
    r"^(?:视频简介|内容简介|主要内容|简介|栏目介绍|相关稿件|分享到|"
    r"(?:来源|责任编辑|编辑|作者|记者|更新时间|发布时间|时间|日期|浏览次数|点击数)\s*[:：].{0,30})$")
# A lead-in that should have joined the paragraph it introduces.
LEAD_IN_ONLY = re.compile(r"^(?:\S{0,8}消息\s*[（(][^）)]{1,10}[）)]\s*[:：]?|\S{0,6}社\S{0,8}\d{1,2}月\d{1,2}日电)$")


def front_matter(path: Path) -> dict:
    """The YAML front matter of a clean corpus file (read with the product's own parser)."""
    from indexer.reading import split_front_matter

    text = path.read_text(encoding="utf-8")
    meta, _ = split_front_matter(text)
    return {k: ("" if v is None else str(v)) for k, v in meta.items()}


def share(ok: int, n: int) -> str:
    return f"{ok}/{n} = {100 * ok / n:.1f}%" if n else "0/0"


def build(raw: Path, index_dir: Path) -> float:
    started = time.monotonic()
    report = indexer.build_index(raw, index_dir, full=True)
    seconds = time.monotonic() - started
    print(f"built {raw} -> {index_dir}: {report.documents} documents, {report.paragraphs} "
          f"paragraphs, {len(report.skipped)} files skipped, {seconds:.1f} s")
    return seconds


def load_views(index_dir: Path) -> dict[str, object]:
    """Every indexed document's full view, by archive-relative path."""
    views = {}
    for summary in indexer.documents(index_dir):
        views[summary.path] = indexer.get_document(index_dir, summary.doc_id)
    return views


def check_articles(views: dict, clean: Path, raw: Path) -> tuple[dict, list]:
    """Title, date and url of the article pages against the clean corpus, by page id."""
    truth = {}
    for f in clean.glob("news_cctv_xwlb/*/*.txt"):
        m = _CLEAN_ARTICLE.search(f.name)
        if m:
            truth[m.group(2)] = front_matter(f)
    counts = Counter()
    misses: dict[str, list[str]] = {"title": [], "date": [], "url": []}
    articles = []
    for rel, doc in views.items():
        m = _ARTICLE.search(rel)
        if not m or not rel.startswith("cctv_xwlb_html/") or m.group(2) not in truth:
            continue
        want = truth[m.group(2)]
        articles.append((rel, m.group(2), want))
        counts["pages"] += 1
        for name, got in (("title", doc.title), ("date", doc.date), ("url", doc.url)):
            if name == "url":
                page = (raw / rel).read_bytes()
                address = want.get("url", "")
                if not address or address.split("//", 1)[-1].encode() not in page:
                    continue  # the page does not hold its own address
                counts["url_pages"] += 1
            if got == want.get(name, ""):
                counts[name] += 1
            elif len(misses[name]) < 3:
                misses[name].append(f"{rel}: {got!r} != {want.get(name, '')!r}")
    missing = sum(1 for f in raw.glob("cctv_xwlb_html/*/*.shtml")
                  if _ARTICLE.search(f.name) and f.relative_to(raw).as_posix() not in views)
    print(f"\narticle pages indexed: {counts['pages']} (raw article files not indexed: {missing})")
    print(f"  title = clean corpus: {share(counts['title'], counts['pages'])}   (target >= 99%)")
    print(f"  date  = clean corpus: {share(counts['date'], counts['pages'])}   (target >= 99%)")
    print(f"  url   = clean corpus: {share(counts['url'], counts['url_pages'])} of the pages that "
          f"hold their address   (target >= 95%)")
    for name, lines in misses.items():
        for line in lines:
            print(f"    {name} differs: {line}")
    return counts, articles


def check_reports(views: dict, clean: Path) -> None:
    """Province and full date of the Word reports against the clean corpus."""
    truth = {}
    for f in clean.glob("gov_reports/provincial/*.txt"):
        m = _CLEAN_REPORT.search(f.name)
        if m:
            truth[(m.group(1), m.group(2))] = front_matter(f)
    n = place_ok = date_ok = finer = 0
    wrong = []
    for rel, doc in views.items():
        m = _REPORT.search(rel)
        if not m or not rel.endswith(".docx"):
            continue
        year, short = m.groups()
        matches = [v for (y, name), v in truth.items() if y == year and name.startswith(short)]
        if len(matches) != 1:
            continue
        want = matches[0]
        n += 1
        province = want.get("place", "")
        if doc.place and doc.place.startswith(province):
            place_ok += 1
        else:
            wrong.append(f"place {rel}: {doc.place!r}, want {province!r}")
        if doc.date == want.get("date"):
            date_ok += 1
        elif len(want.get("date", "")) == 4 and doc.date[:4] == want["date"] and len(doc.date) == 10:
            finer += 1  # the clean corpus has only the year; the header line states the day
        else:
            wrong.append(f"date {rel}: {doc.date!r}, want {want.get('date')!r}")
    print(f"\nWord reports: {n}")
    print(f"  province right:  {share(place_ok, n)}   (target: every one)")
    print(f"  full date right: {share(date_ok, n)} equal to the clean corpus, {finer} more with the "
          f"day the header states where the clean corpus has only the year")
    for line in wrong[:5]:
        print(f"    {line}")


def check_labels(views: dict, raw: Path, index_dir: Path) -> None:
    """Places, sources, origins, listing pages, duplicates, label-only and lead-in paragraphs."""
    docs = list(views.values())
    with_place = sum(1 for d in docs if d.place)
    with_source = sum(1 for d in docs if d.source)
    print(f"\ndocuments: {len(docs)}; with a place: {with_place}; with a source: {with_source}")
    places = Counter(d.place for d in docs if d.place)
    sources = Counter(d.source for d in docs if d.source)
    print(f"  distinct places: {len(places)}; most common: "
          + ", ".join(f"{p} {n}" for p, n in places.most_common(5)))
    print(f"  distinct sources: {len(sources)}: "
          + ", ".join(f"{s} {n}" for s, n in sources.most_common(8)))
    seed = [d for d in docs if d.path.startswith("seed/")]
    for d in seed:
        print(f"  seed {d.path}: title {d.title[:40]!r}, date {d.date!r}, place {d.place!r}, "
              f"source {d.source!r}")
    origins = Counter()
    for d in docs:
        for name, origin in (getattr(d, "origin", None) or {}).items():
            origins[f"{name}:{origin}"] += 1
    print("  where values came from: " + (", ".join(f"{k} {n}" for k, n in sorted(origins.items()))
                                           if origins else "n/a (no origin recorded)"))

    listing_files = [f for f in raw.rglob("*.shtml") if _LISTING.search(f.name)]
    info = indexer.index_info(index_dir)
    skipped = info.get("skipped", [])
    reasons = Counter(reason for _, reason in skipped)
    listings = {d.path for d in indexer.documents(index_dir, {"kind": "listing"})}
    named = sum(1 for f in listing_files if f.relative_to(raw).as_posix() in listings)
    listed = (f"{len(listings)} ({named} of the {len(listing_files)} programme listings, "
              f"{len(listings) - named} other pages that are mostly a list of headlines)")
    skipped_listing = sum(n for r, n in reasons.items() if "listing" in r.lower() or "目录" in r)
    print(f"\nlisting pages in the archive: {len(listing_files)}; indexed as kind listing: {listed}; "
          f"skipped as listings: {skipped_listing}")
    copies = info.get("duplicates") or {}  # kept doc_id -> the paths of its identical copies
    copy_paths = {p for paths in copies.values() for p in paths}
    gbk = [f.relative_to(raw).as_posix() for f in raw.glob("gbk_html/*") if f.is_file()]
    gbk_indexed = sum(1 for p in views if p.startswith("gbk_html/"))
    print(f"GBK copies in the archive: {len(gbk)}; indexed as documents of their own: {gbk_indexed}; "
          f"recognised as copies of another file: {sum(1 for p in gbk if p in copy_paths)}; "
          f"documents naming copies: {len(copies)}, files indexed once as a copy: {len(copy_paths)}")
    print("skipped files by reason: " + "; ".join(f"{r} {n}" for r, n in reasons.most_common()))

    labels, leads = Counter(), Counter()
    for d in docs:
        for p in d.paragraphs:
            text = p.strip()
            if LABEL_ONLY.match(text):
                labels[re.split(r"[:：]", text)[0]] += 1
            elif LEAD_IN_ONLY.match(text):
                leads[text] += 1
    print(f"label-only paragraphs left: {sum(labels.values())} ("
          + ", ".join(f"{k} {n}" for k, n in labels.most_common(6)) + ")   (target 0)")
    print(f"lead-in-only paragraphs left: {sum(leads.values())} ("
          + ", ".join(f"{k} {n}" for k, n in leads.most_common(3)) + ")   (target 0)")


def check_headlines(index_dir: Path, articles: list, count: int, seed: int) -> None:
    """Whether the article is the first hit of its own quoted headline."""
    titles = Counter(want.get("title", "") for _, _, want in articles)
    unique = sorted((rel, page_id, want["title"]) for rel, page_id, want in articles
                    if want.get("title") and titles[want["title"]] == 1 and '"' not in want["title"])
    picked = random.Random(seed).sample(unique, min(count, len(unique)))
    first = 0
    misses = []
    for rel, page_id, title in picked:
        result = indexer.search(index_dir, f'"{title}"', per_page=1)
        top = result.hits[0].path if result.hits else ""
        if page_id in top:  # the article or its GBK copy (same page id)
            first += 1
        elif len(misses) < 5:
            misses.append(f"{title[:30]!r}: first hit {top or 'none'} "
                          f"¶{result.hits[0].paragraph if result.hits else '-'}")
    print(f"\nheadlines (seed {seed}, {len(picked)} of {len(unique)} unique headlines): "
          f"article first {share(first, len(picked))}   (target: every one)")
    for line in misses:
        print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    ap.add_argument("--clean", type=Path, default=DEFAULT_CLEAN)
    ap.add_argument("--index", type=Path, help="index folder (default: a temporary one)")
    ap.add_argument("--no-build", action="store_true", help="use --index as it is")
    ap.add_argument("--headlines", type=int, default=DEFAULT_HEADLINES)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    for folder in (args.raw, args.clean):
        if not folder.is_dir():
            print(f"not a folder: {folder}", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="dangan-raw-") as tmp:
        index_dir = args.index or Path(tmp) / "index"
        if not args.no_build:
            build(args.raw, index_dir)
        views = load_views(index_dir)
        _, articles = check_articles(views, args.clean, args.raw)
        check_reports(views, args.clean)
        check_labels(views, args.raw, index_dir)
        check_headlines(index_dir, articles, args.headlines, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
