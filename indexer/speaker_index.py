"""Speakers in a built index: attributions stored per paragraph, a sidecar column for filtering."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable

import numpy as np

from . import speakers
from .documents import Document

LEXICON_FILE = "speakers-lexicon.json"
SEP = "\t"
KIND_SEP = "\x1f"  # name\x1fkind: the kind (person / organisation) kept beside each name


def learn_lexicon(docs: Iterable[Document]) -> speakers.Lexicon:
    """The speaker lexicon of the documents about to be indexed (learned at index time)."""
    return speakers.learn(p for doc in docs for p in doc.paragraphs)


def save_lexicon(build: Path, lex: speakers.Lexicon) -> None:
    (build / LEXICON_FILE).write_text(json.dumps(lex.to_json(), ensure_ascii=False), encoding="utf-8")


def load_lexicon(build: Path) -> speakers.Lexicon | None:
    try:
        return speakers.Lexicon.from_json(json.loads((build / LEXICON_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def document_attributions(doc: Document, lex: speakers.Lexicon, names: speakers.NameFinder) -> list[list[dict]]:
    """Each paragraph's attributions as stored (JSON-able dicts), the presenter's included."""
    per, presenter = speakers.attribute_document(doc.paragraphs, lex, names)
    return [[a.to_json() for a in speakers.with_presenter(atts, presenter, text)]
            for atts, text in zip(per, doc.paragraphs)]


def shown(atts: Iterable[dict] | None) -> list[dict]:
    """The attributions sure enough to show (precision ≥ 0.95 on the labelled set)."""
    return [a for a in atts or () if a.get("confidence", 0) >= speakers.SHOWN_CONFIDENCE]


def column_value(atts: Iterable[dict] | None) -> str:
    """A paragraph's shown speakers as one sidecar string ("李强\x1fperson\t会议\x1forganisation")."""
    return SEP.join(dict.fromkeys(f"{a['name']}{KIND_SEP}{a.get('kind', '')}" for a in shown(atts)))


def _entries(value: str) -> list[tuple[str, str]]:
    return [tuple(e.split(KIND_SEP, 1)) if KIND_SEP in e else (e, "") for e in value.split(SEP)] if value else []


def _names(value: str) -> list[str]:
    return [name for name, _ in _entries(value)]


def speaker_kinds(snap) -> dict[str, str]:
    """Speaker name -> kind (person / organisation), as most of its attributions say."""
    kinds = snap.__dict__.get("speaker_kinds")
    if kinds is None:
        counts: dict[str, Counter] = {}
        for value in snap.columns.get("speakers", ()):
            for name, kind in _entries(value):
                counts.setdefault(name, Counter())[kind] += 1
        kinds = snap.__dict__["speaker_kinds"] = {n: c.most_common(1)[0][0] for n, c in counts.items()}
    return kinds


def speaker_table(snap) -> dict[str, set[int]]:
    """Speaker name -> its paragraphs' document numbers (built once per snapshot)."""
    table = snap.__dict__.get("speaker_table")
    if table is None:
        table = {}
        for d, value in enumerate(snap.columns.get("speakers", ())):
            for name in _names(value):
                table.setdefault(name, set()).add(d)
        snap.__dict__["speaker_table"] = table
    return table


def resolve(snap, value: str) -> list[str]:
    """The stored speaker names a typed one means: itself, or the name it ends or starts with
    once a title is taken off (国务院总理李强 -> 李强, 李强总理 -> 李强)."""
    table = speaker_table(snap)
    value = value.strip()
    if value in table:
        return [value]
    for size in range(len(value) - 1, 1, -1):  # the name after a title first: 国务院总理李强 is 李强
        if value[-size:] in table:
            return [value[-size:]]
    for size in range(len(value) - 1, 1, -1):
        if value[:size] in table:
            return [value[:size]]
    return []


def speaker_docs(snap, value: str) -> set[int]:
    table = speaker_table(snap)
    out: set[int] = set()
    for name in resolve(snap, value):
        out |= table[name]
    return out


def speaker_counts(snap, docs: Iterable[int]) -> Counter:
    """How many of `docs` each speaker speaks in, counted per distinct column value (bincount)."""
    counts: Counter = Counter()
    if "speakers" not in snap.columns:
        return counts
    values, codes = snap.coded("speakers")
    docs = docs if isinstance(docs, np.ndarray) else np.fromiter(docs, dtype=np.int64, count=len(docs))
    tally = np.bincount(codes[docs], minlength=len(values))
    for i in np.flatnonzero(tally):
        for name in _names(values[i]):
            counts[name] += int(tally[i])
    return counts
