"""How long browsing the archive takes: the home page's counts and the document listings.

    .venv/bin/python bench/browse.py [--index DIR] [--repeat N]

Uses the evaluation's index by default (bench/evaluate.py builds it). Prints the first count
of a build (paid once per published build), then the median time of each page and API call
over --repeat requests through Flask's test client (no network).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import evaluate  # noqa: E402
from web import create_app  # noqa: E402
from web.browse import holdings  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, default=None)
    ap.add_argument("--corpus", type=Path, default=evaluate.DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    index = str((args.index or evaluate.default_index_dir(args.corpus)).resolve())
    client = create_app({"TESTING": True, "INDEX_DIR": index}).test_client()
    client.get("/api/search?q=养老")  # opens the index: not counted below
    t = time.perf_counter()
    held = holdings(index)
    print(f"index {index}: {held.documents} documents, {held.paragraphs} paragraphs, "
          f"{len(held.years)} years, {len(held.places)} places, {len(held.sources)} sources")
    print(f"counting what the archive holds (once per build): {time.perf_counter() - t:.3f} s")
    place = held.places[0][0] if held.places else ""
    kind = held.kinds[0][0] if held.kinds else ""
    year = held.years[0][0] if held.years else ""
    urls = ["/", "/documents", f"/documents?place={place}", "/api/documents",
            f"/api/documents?kind={kind}&page=2", f"/api/documents?year={year}",
            f"/api/documents?place={place}&per_page=100", f"/compare?place={place}"]
    print(f"{'request':<48} {'median ms':>10} {'max ms':>8}")
    for url in urls:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - t) * 1000)
            assert status == 200, (url, status)
        print(f"{url:<48} {statistics.median(times):>10.1f} {max(times):>8.1f}")


if __name__ == "__main__":
    main()
