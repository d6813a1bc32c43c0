"""Scans made from typeset PDFs the OCR rules were not tuned on: the first pages of each
rendered at a scanner's 150 dpi in grey, turned a little, blurred, speckled and saved as JPEG
inside an image-only PDF (in a temporary folder, never in the repo). The truth is the same
pages' text layer, which reads at 100% of the clean corpus's paragraphs.

    .venv/bin/python bench/synthetic_scans.py OUT_DIR PDF... [--pages 3]   (writes the pairs)
"""
from __future__ import annotations

import argparse
import io
import random
from pathlib import Path

DPI = 150
SEED = 20261201


def first_pages(source: Path, pages: int, out: Path) -> Path:
    """The first `pages` pages of `source`, text layer kept, as a PDF at `out`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    new = pdfium.PdfDocument.new()
    new.import_pages(pdf, list(range(min(pages, len(pdf)))))
    new.save(str(out))
    return out


def degrade(image, rng: random.Random):
    """A page picture as a scanner leaves it: turned up to 0.4°, a little blurred, speckled."""
    import numpy as np
    from PIL import Image, ImageFilter

    image = image.convert("L").rotate(rng.uniform(-0.4, 0.4), resample=Image.BICUBIC, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
    pixels = np.asarray(image, dtype=np.float32)
    pixels += np.random.default_rng(rng.randrange(2**32)).normal(0, 8, pixels.shape)
    return Image.fromarray(pixels.clip(0, 255).astype(np.uint8))


def make_scan(source: Path, out: Path, rng: random.Random) -> Path:
    """An image-only PDF of `source`'s pages, each a degraded JPEG picture at DPI."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    scan = pdfium.PdfDocument.new()
    for page in pdf:
        width, height = page.get_size()
        picture = degrade(page.render(scale=DPI / 72, grayscale=True).to_pil(), rng)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=75)
        buffer.seek(0)
        new = scan.new_page(width, height)
        image = pdfium.PdfImage.new(scan)
        image.load_jpeg(buffer, inline=True)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        new.insert_obj(image)
        new.gen_content()
    scan.save(str(out))
    return out


def make_pairs(sources: list[Path], folder: Path, pages: int) -> list[tuple[Path, Path]]:
    """(typeset first pages, scan of them) for each source, written into `folder`."""
    rng = random.Random(SEED)
    pairs = []
    for source in sources:
        typeset = first_pages(source, pages, folder / f"{source.stem}_前{pages}页.pdf")
        pairs.append((typeset, make_scan(typeset, folder / f"{source.stem}_前{pages}页_合成扫描.pdf", rng)))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("pdfs", type=Path, nargs="+")
    parser.add_argument("--pages", type=int, default=3)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for typeset, scan in make_pairs(args.pdfs, args.out, args.pages):
        print(typeset, scan)


if __name__ == "__main__":
    main()
