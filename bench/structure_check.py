#!/usr/bin/env python
"""How an archive's structure is read: listings found, copies found, label and lead-in lines left.

Runs dangan's own reading and cleaning (no index is written) over an archive and prints:
files and why any was passed over; documents of kind "listing" (with how many of them have a
listing's file name YYYYMMDD_YYYYMMDD, a check only: detection never looks at names); the
documents indexed once because another file has the same text (and how many of the GBK copies
in gbk_html/ are among them); paragraphs left that are only a label (视频简介, 来源：…, 编辑：…)
or only a lead-in (央视网消息（新闻联播）：, 新华社北京3月5日电), found by patterns of this
script's own, not the product's.

    .venv/bin/python bench/structure_check.py ../shared/corpus_raw
    .venv/bin/python bench/structure_check.py ../shared/corpus --quiet   # listings should be 0
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.cleaning import clean_documents, site_chrome  # noqa: E402
from indexer.documents import Document  # noqa: E402
from indexer.duplicates import copies, text_key  # noqa: E402
from indexer.reading import list_archive_files, read_entry  # noqa: E402

LISTING_NAME = re.compile(r"(?:^|/)(\d{8})_\1\.s?html?$")
# The label lines and lead-ins, written out independently of indexer/labels.py.
LABEL_ONLY = re.compile(r"^(?:视频简介|简介|来源|稿源|责任编辑|责编|编辑|作者|记者|通讯员|更新时间|发布时间|"
                        r"发布日期)\s*(?:[：:]\s*[^。！？]{0,30})?$")
LEAD_IN_ONLY = re.compile(r"^\S{0,16}(?:(?<=[网社台报])消息(?:[（(][^）)]*[）)])?|\d{1,2}月\d{1,2}日电(?:[（(][^）)]*[）)])?|"
                          r"(?<=本报|本台|本网|本刊)讯(?:[（(][^）)]*[）)])?)\s*[：:]?$")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--quiet", action="store_true", help="no lists, only the figures")
    args = ap.parse_args()
    started = time.monotonic()
    files = list_archive_files(args.archive, supported_only=False)
    raw: list[Document] = []
    skipped = []
    for path, rel in files:
        for entry in read_entry(path, rel):
            (raw if isinstance(entry, Document) else skipped).append(entry)
    docs = clean_documents(raw, site_chrome(raw))
    keys = {d.path: text_key(d) for d in docs}
    pairs = copies(keys)
    copy_paths = {c for c, _ in pairs}
    indexed = [d for d in docs if d.path not in copy_paths]
    listings = [d for d in indexed if d.kind == "listing"]
    named = [d for d in indexed if LISTING_NAME.search(d.path)]
    paragraphs = [(d, p) for d in indexed for p in d.paragraphs]
    labels = [(d, p) for d, p in paragraphs if LABEL_ONLY.match(p)]
    leads = [(d, p) for d, p in paragraphs if LEAD_IN_ONLY.match(p)]
    gbk = [path for _, path in files if path.startswith("gbk_html/")]

    print(f"archive: {args.archive} ({time.monotonic() - started:.1f} s)")
    print(f"files: {len(files)}; read into {len(raw)} documents, {len(docs)} left after cleaning; "
          f"{len(skipped)} passed over")
    for reason, n in Counter(s.reason.split(" (")[0] for s in skipped).most_common():
        print(f"  {n:5} {reason}")
    print(f"indexed documents: {len(indexed)} ({len(paragraphs)} paragraphs)")
    print(f"listings (kind:listing): {len(listings)}; of them named like a day's listing "
          f"YYYYMMDD_YYYYMMDD: {sum(1 for d in listings if LISTING_NAME.search(d.path))} "
          f"of {len(named)} such names")
    print(f"duplicates (indexed once): {len(pairs)}; GBK copies recognised: "
          f"{sum(1 for c in copy_paths if c.startswith('gbk_html/'))} of {len(gbk)}")
    print(f"label-only paragraphs left: {len(labels)}; lead-in-only paragraphs left: {len(leads)}")
    if args.quiet:
        return
    missed = [d.path for d in named if d.kind != "listing"]
    if missed:
        print("listing names not recognised as listings:", *missed[:20], sep="\n  ")
    print("listings by folder:", dict(Counter(d.path.split("/")[0] for d in listings)))
    for title, n in Counter(d.title[:6] for d in listings if not LISTING_NAME.search(d.path)).most_common(8):
        print(f"  other listing titles: {n} × {title}")
    for d, p in (labels + leads)[:20]:
        print(f"  left: {d.path}: {p[:60]}")


if __name__ == "__main__":
    main()
