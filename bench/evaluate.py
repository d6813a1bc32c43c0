#!/usr/bin/env python
"""Evaluation harness: does dangan find every paragraph that contains the query, and only those?

Queries are drawn from the corpus itself (fixed by --seed, so runs compare), and the truth for
each one is a plain substring search over the cleaned paragraphs, folded by this script's own
straightforward folding (NFKC, whitespace and format characters removed, OpenCC t2s at phrase
level, lower case) -- deliberately not indexer.textfold, so that a folding bug in the product
shows up here. Misses and false hits that are explained purely by the two foldings differing
are counted separately ("fold-diff").

    .venv/bin/python bench/evaluate.py                       # whole corpus, index under /tmp
    .venv/bin/python bench/evaluate.py --subset 2000 --per-kind 10   # quick run on 2,000 documents

The corpus text is read at run time only; nothing of it is written into the repository except
the short queries and match contexts printed in the report.
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import os
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = (REPO.parent / "shared" / "corpus").resolve()
DEFAULT_SEED = 20250601
DEFAULT_PER_KIND = 40
DEFAULT_CAP = 2000  # hits retrieved per query at most (paragraphs); queries are drawn below it
PER_PAGE = 100

KINDS = ("dictionary", "inside", "phrase", "statement", "number", "traditional", "trad_text",
         "two_words", "absent", "fold_edge", "frequent", "runon_adjacent", "runon_apart", "runon_de")
RUNON_KINDS = ("runon_adjacent", "runon_apart", "runon_de")
KIND_LABELS = {
    "dictionary": "dictionary words",
    "inside": "words inside longer words",
    "phrase": 'quoted 4-10 char phrases',
    "statement": 'quoted 10-30 char statements',
    "number": "numbers with units",
    "traditional": "typed in traditional",
    "trad_text": "simplified, text traditional",
    "two_words": "two words, same paragraph",
    "absent": "strings occurring nowhere",
    "fold_edge": "near fold differences (*)",
    "frequent": "frequent words (> cap)",
    "runon_adjacent": "run together: adjacent words",
    "runon_apart": "run together: words apart",
    "runon_de": "run together: X的Y",
}
TARGET_RECALL = 0.995
TARGET_PRECISION = 0.99

QUOTE_CHARS = set('"“”「」『』＂\'‘’')
CJK = re.compile(r"[\u4e00-\u9fff]")
ALL_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# --- folding used for the truth (independent of indexer.textfold) ---------------------------

@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def _strip_invisible(text: str) -> str:
    return "".join(c for c in text
                   if not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc"))


def truth_fold_many(texts: list[str]) -> list[str]:
    """Truth folding of many strings at once: NFKC, no whitespace/format chars, t2s, lower."""
    pre = [_strip_invisible(unicodedata.normalize("NFKC", t)) for t in texts]
    out = _t2s().convert("\n".join(pre)).split("\n")
    if len(out) != len(pre):  # pragma: no cover - OpenCC keeps line breaks
        out = [_t2s().convert(p) for p in pre]
    return [o.lower() for o in out]


def truth_fold(text: str) -> str:
    return _t2s().convert(_strip_invisible(unicodedata.normalize("NFKC", text))).lower()


def product_fold(text: str) -> str:
    from indexer.textfold import fold

    return fold(text)


# --- the documents, as the index holds them -------------------------------------------------

def load_documents(corpus: Path):
    """(documents, how): the cleaned documents via indexer.reading.load_archive."""
    try:
        from indexer.reading import load_archive
        import indexer.cleaning  # noqa: F401  (load_archive needs it)
    except ImportError:
        load_archive = None
    if load_archive is not None:
        docs, skipped = load_archive(corpus)
        docs = [d for d in docs if d.paragraphs]
        return docs, f"indexer.reading.load_archive (cleaned; {len(skipped)} files skipped)"
    # Stopgap while cleaning is not there: raw lines, blank ones dropped.
    from indexer.reading import iter_archive

    docs = [d for d in iter_archive(corpus) if not hasattr(d, "reason")]
    for d in docs:
        d.paragraphs = [p for p in d.paragraphs if p.strip()]
    return [d for d in docs if d.paragraphs], "STOPGAP raw lines (indexer.cleaning missing)"


def subset_archive(corpus: Path, n: int) -> Path:
    """A folder of symlinks to every k-th document of the corpus (same relative paths)."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    step = max(1, len(files) // n)
    chosen = files[::step][:n]
    digest = hashlib.sha1(f"{corpus}:{n}".encode()).hexdigest()[:8]
    root = Path(tempfile.gettempdir()) / "dangan-bench" / f"subset-{n}-{digest}"
    if not root.exists():
        tmp = root.with_name(root.name + f".tmp{os.getpid()}")
        for f in chosen:
            target = tmp / f.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(f)
        tmp.rename(root)
    return root


def default_index_dir(corpus: Path) -> Path:
    digest = hashlib.sha1(str(corpus.resolve()).encode()).hexdigest()[:8]
    return Path(tempfile.gettempdir()) / "dangan-bench" / f"index-{corpus.name}-{digest}"


# Modules whose changes do not make an existing index stale; any other indexer/*.py does.
NOT_INDEXING_MODULES = ("__init__", "searching", "query", "results", "citation", "errors", "wordsplit",
                        "matching", "ranking", "suggesting",
                        "titles")
FINGERPRINT_FILE = ".bench-fingerprint"


def indexing_fingerprint() -> str:
    """A hash of the indexing code: other engineers change it while these scripts run."""
    import indexer

    root = Path(indexer.__file__).parent
    h = hashlib.sha1()
    for f in sorted(root.glob("*.py")):
        if f.stem not in NOT_INDEXING_MODULES:
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()[:12]


def index_is_fresh(index_dir: Path) -> bool:
    """Whether an index exists there, built by the indexing code as it is now."""
    import indexer

    mark = index_dir / FINGERPRINT_FILE
    try:
        indexer.index_info(index_dir)
    except indexer.IndexMissing:
        return False
    return mark.exists() and mark.read_text().strip() == indexing_fingerprint()


def mark_fresh(index_dir: Path) -> None:
    (index_dir / FINGERPRINT_FILE).write_text(indexing_fingerprint() + "\n")


def full_build_option() -> dict:
    """{"full": True} where build_index can update incrementally (a stale index must not be reused)."""
    import inspect

    import indexer

    return {"full": True} if "full" in inspect.signature(indexer.build_index).parameters else {}


def ensure_index(corpus: Path, index_dir: Path, rebuild: bool = False, reuse_stale: bool = False):
    """The index at index_dir, built with indexer.build_index if missing or built by other
    indexing code (unless reuse_stale). Returns (meta, BuildReport or None)."""
    import indexer

    mark = index_dir / FINGERPRINT_FILE
    fp = indexing_fingerprint()
    if not rebuild:
        try:
            meta = indexer.index_info(index_dir)
            old = mark.read_text().strip() if mark.exists() else "?"
            if old == fp or reuse_stale:
                return meta, None
            log(f"index {index_dir} was built by other indexing code ({old} != {fp}): rebuilding")
        except indexer.IndexMissing:
            pass
    log(f"building index of {corpus} into {index_dir} ...")
    index_dir.mkdir(parents=True, exist_ok=True)
    report = indexer.build_index(corpus, index_dir, **full_build_option())
    mark.write_text(fp + "\n")
    log(f"built: {report.documents} documents, {report.paragraphs} paragraphs in {report.seconds:.1f}s")
    return indexer.index_info(index_dir), report


# --- truth: substring search over folded paragraphs -----------------------------------------

class Truth:
    """Folded paragraphs joined into one string; which paragraphs contain a string."""

    def __init__(self, docs, folded: list[str]):
        self.folded = folded
        self.para_doc: list[int] = []
        self.para_num: list[int] = []
        for i, d in enumerate(docs):
            for n in range(len(d.paragraphs)):
                self.para_doc.append(i)
                self.para_num.append(n)
        assert len(self.para_doc) == len(folded)
        self.big = "\n".join(folded) + "\n"
        self.starts = []
        pos = 0
        for f in folded:
            self.starts.append(pos)
            pos += len(f) + 1

    def paras(self, s: str, limit: int | None = None) -> list[int]:
        """Paragraph numbers (global) whose folded text contains s, in order."""
        out: list[int] = []
        if not s:
            return out
        big, starts, find = self.big, self.starts, self.big.find
        pos = find(s)
        while pos != -1:
            p = bisect.bisect_right(starts, pos) - 1
            out.append(p)
            if limit is not None and len(out) > limit:
                break
            nxt = starts[p + 1] if p + 1 < len(starts) else len(big)
            pos = find(s, nxt)
        return out

    def paras_all(self, needles: list[str], limit: int | None = None) -> list[int]:
        needles = sorted(needles, key=len, reverse=True)
        first = self.paras(needles[0])
        rest = needles[1:]
        out = [p for p in first if all(n in self.folded[p] for n in rest)]
        return out if limit is None else out[: limit + 1]


@dataclass
class Corpus:
    docs: list
    how: str
    mine: Truth
    prod: Truth
    doc_ids: list[str]
    by_id: dict[str, int]
    paragraphs: list[str]  # raw cleaned paragraphs, global order

    @property
    def n_paras(self) -> int:
        return len(self.paragraphs)


def load_corpus(corpus: Path) -> Corpus:
    t = time.monotonic()
    docs, how = load_documents(corpus)
    paragraphs = [p for d in docs for p in d.paragraphs]
    mine = Truth(docs, truth_fold_many(paragraphs))
    prod = Truth(docs, [product_fold(p) for p in paragraphs])
    doc_ids = [d.doc_id for d in docs]
    log(f"corpus: {len(docs)} documents, {len(paragraphs)} paragraphs, folded twice "
        f"in {time.monotonic() - t:.1f}s ({how})")
    return Corpus(docs, how, mine, prod, doc_ids, {x: i for i, x in enumerate(doc_ids)}, paragraphs)


# --- queries --------------------------------------------------------------------------------

@dataclass
class Query:
    kind: str
    typed: str  # what is sent to search()
    needles: list[str]  # raw strings that must all occur in a paragraph
    whole: str  # raw string for the exact-first check ('' if none)
    note: str = ""
    words: bool = False  # typed without spaces: hits may hold only the needles, not `whole`


def _rng(seed: int, kind: str) -> random.Random:
    return random.Random(f"{seed}:{kind}")


@lru_cache(maxsize=1)
def jieba_dictionary() -> list[tuple[str, int]]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and 2 <= len(parts[0]) <= 6 and ALL_CJK.match(parts[0]):
                out.append((parts[0], int(parts[1])))
    return out


@lru_cache(maxsize=1)
def _rjieba():
    import rjieba

    return rjieba.Jieba()


def _count_ok(c: Corpus, needles: list[str], cap: int) -> int:
    """Number of truth paragraphs (up to cap+1) for the raw needles."""
    folded = [truth_fold(n) for n in needles]
    if not all(folded):
        return 0
    return len(c.mine.paras_all(folded, limit=cap))


def sample_dictionary(c: Corpus, n: int, seed: int, cap: int) -> list[Query]:
    """Half uniform over the dictionary, half weighted by jieba's frequency; all in the corpus."""
    rng = _rng(seed, "dictionary")
    words = jieba_dictionary()
    out: list[Query] = []
    seen: set[str] = set()
    uniform = rng.sample(range(len(words)), len(words))
    weighted = rng.choices(range(len(words)), weights=[f for _, f in words], k=50 * n)
    for source, want in ((uniform, n // 2), (weighted, n)):
        for i in source:
            if len(out) >= want:
                break
            w = words[i][0]
            if w in seen:
                continue
            seen.add(w)
            k = _count_ok(c, [w], cap)
            if 1 <= k <= cap:
                out.append(Query("dictionary", w, [w], w, f"{k} paragraphs"))
    return out


def sample_inside(c: Corpus, n: int, seed: int, cap: int, sample_paras: int = 40000) -> list[Query]:
    """Dictionary words of 2-3 characters found mostly inside longer rjieba words."""
    rng = _rng(seed, "inside")
    jb = _rjieba()
    paras = rng.sample(range(c.n_paras), min(sample_paras, c.n_paras))
    alone: dict[str, int] = defaultdict(int)
    inside: dict[str, int] = defaultdict(int)
    for p in paras:
        for tok in jb.cut(c.mine.folded[p]):
            if not ALL_CJK.match(tok):
                continue
            if len(tok) in (2, 3):
                alone[tok] += 1
            if len(tok) >= 3:
                for size in (2, 3):
                    for i in range(len(tok) - size + 1):
                        sub = tok[i:i + size]
                        if sub != tok and jb.has_word(sub):
                            inside[sub] += 1
    candidates = sorted(w for w, k in inside.items()
                        if k >= 3 and k / (k + alone.get(w, 0)) >= 0.8)
    rng.shuffle(candidates)
    out = []
    for w in candidates:
        if len(out) >= n:
            break
        k = _count_ok(c, [w], cap)
        if 1 <= k <= cap:
            share = inside[w] / (inside[w] + alone.get(w, 0))
            out.append(Query("inside", w, [w], w, f"{share:.0%} inside longer words; {k} paragraphs"))
    return out


def _span_ok(s: str) -> bool:
    return (not (set(s) & QUOTE_CHARS) and s == s.strip() and len(CJK.findall(s)) >= 2
            and len(truth_fold(s)) >= 2)


def sample_phrase(c: Corpus, n: int, seed: int, cap: int, lo: int = 4, hi: int = 10,
                  kind: str = "phrase") -> list[Query]:
    """Quoted spans of the cleaned paragraphs (statements: clauses between punctuation marks)."""
    rng = _rng(seed, kind)
    out: list[Query] = []
    seen: set[str] = set()
    tries = 0
    while len(out) < n and tries < 200 * n:
        tries += 1
        text = c.paragraphs[rng.randrange(c.n_paras)]
        if len(text) < lo + 2:
            continue
        span = ""
        if kind == "statement" and rng.random() < 0.6:
            clauses = [x for x in re.split(r"(?<=[。！？；!?;])", text) if lo <= len(x) <= hi]
            if clauses:
                span = rng.choice(clauses)
        if not span:
            size = rng.randint(lo, min(hi, len(text)))
            start = rng.randrange(len(text) - size + 1)
            span = text[start:start + size]
        if span in seen or not _span_ok(span):
            continue
        seen.add(span)
        k = _count_ok(c, [span], cap)
        if 1 <= k <= cap:
            out.append(Query(kind, f'"{span}"', [span], span, f"{k} paragraphs"))
    return out


UNITS = ("%", "‰", "亩", "万亩", "元", "万元", "亿元", "万亿元", "美元", "亿美元", "吨", "万吨",
         "亿吨", "人", "万人", "人次", "万人次", "亿人次", "件", "个", "家", "项", "户", "万户",
         "公里", "千米", "平方公里", "平方米", "万平方米", "千瓦", "万千瓦", "千瓦时", "辆",
         "万辆", "座", "所", "次", "倍", "条", "台", "套", "名", "岁", "天", "小时", "米", "公斤",
         "架", "艘", "颗", "场", "株", "个百分点", "亿")
NUMBER_RE = re.compile(r"(?<![\d.．０-９])[\d０-９]+(?:[.．][\d０-９]+)?(?:"
                       + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + ")")


FULL_WIDTH_DIGIT = re.compile("[０-９]")


def sample_number(c: Corpus, n: int, seed: int, cap: int) -> list[Query]:
    """Numbers with units as they occur, typed in ASCII; a quarter of them written with
    full-width digits in the text."""
    rng = _rng(seed, "number")
    found: set[str] = set()
    wide: set[str] = set()
    for p in rng.sample(range(c.n_paras), min(30000, c.n_paras)):
        for m in NUMBER_RE.finditer(c.paragraphs[p]):
            found.add(unicodedata.normalize("NFKC", m.group(0)))
    for text in c.paragraphs:
        if FULL_WIDTH_DIGIT.search(text):
            for m in NUMBER_RE.finditer(text):
                if FULL_WIDTH_DIGIT.search(m.group(0)):
                    wide.add(unicodedata.normalize("NFKC", m.group(0)))
    out: list[Query] = []
    for pool, want, note in ((sorted(wide), n // 4, "full-width in the text; "),
                             (sorted(found - wide), n, "")):
        rng.shuffle(pool)
        for s in pool:
            if len(out) >= want:
                break
            k = _count_ok(c, [s], cap)
            if 1 <= k <= cap:
                out.append(Query("number", s, [s], s, f"{note}{k} paragraphs"))
    return out


def sample_traditional(c: Corpus, n: int, seed: int, cap: int, pools: dict[str, list[Query]]):
    """The other kinds' queries converted with OpenCC s2t, taken round-robin; unchanged skipped."""
    names = [k for k in ("dictionary", "inside", "phrase", "statement", "two_words") if pools.get(k)]
    rng = _rng(seed, "traditional")
    queues = {k: rng.sample(pools[k], len(pools[k])) for k in names}
    out = []
    while len(out) < n and any(queues.values()):
        for k in names:
            if not queues[k] or len(out) >= n:
                continue
            q = queues[k].pop()
            typed = _s2t().convert(q.typed)
            if typed == q.typed:
                continue
            needles = [_s2t().convert(x) for x in q.needles]
            whole = _s2t().convert(q.whole)
            note = f"from {k}"
            if [truth_fold(x) for x in needles] != [truth_fold(x) for x in q.needles]:
                note += "; t2s(s2t(x)) != x, truth uses the traditional form"
            if not 1 <= _count_ok(c, needles, cap) <= cap:
                continue
            out.append(Query("traditional", typed, needles, whole, note))
    return out


def _traditional_paragraphs(c: Corpus) -> list[int]:
    """Paragraphs written in traditional characters (t2s changes at least 1 in 20 characters)."""
    out = []
    for p, text in enumerate(c.paragraphs):
        pre = _strip_invisible(unicodedata.normalize("NFKC", text))
        folded = c.mine.folded[p]
        if len(pre) == len(folded):
            changed = sum(a != b for a, b in zip(pre.lower(), folded))
            if changed >= max(3, len(pre) // 20):
                out.append(p)
    return out


def sample_trad_text(c: Corpus, n: int, seed: int, cap: int) -> list[Query]:
    """Simplified queries for text written in traditional characters (the 1954 report...):
    half quoted spans, half rjieba words that t2s changed, typed as the truth fold gives them."""
    rng = _rng(seed, "trad_text")
    paras = _traditional_paragraphs(c)
    if not paras:
        return []
    jb = _rjieba()
    out: list[Query] = []
    seen: set[str] = set()
    tries = 0
    while len(out) < n and tries < 200 * n:
        tries += 1
        p = rng.choice(paras)
        raw = _strip_invisible(unicodedata.normalize("NFKC", c.paragraphs[p]))
        folded = c.mine.folded[p]
        if len(raw) != len(folded) or len(raw) < 8:
            continue
        if len(out) % 2 == 0:
            size = rng.randint(4, min(10, len(raw)))
            start = rng.randrange(len(raw) - size + 1)
            span, orig = folded[start:start + size], raw[start:start + size]
            typed = f'"{span}"'
        else:
            words, pos = [], 0
            for w in jb.cut(folded):
                if len(w) >= 2 and ALL_CJK.match(w) and raw[pos:pos + len(w)].lower() != w:
                    words.append((w, raw[pos:pos + len(w)]))
                pos += len(w)
            if not words:
                continue
            span, orig = rng.choice(words)
            typed = span
        if span in seen or not _span_ok(span) or span == orig.lower():
            continue
        seen.add(span)
        k = _count_ok(c, [span], cap)
        if 1 <= k <= cap:
            out.append(Query("trad_text", typed, [span], span, f"text has {orig}; {k} paragraphs"))
    return out


def sample_fold_edge(c: Corpus, n: int, seed: int, cap: int) -> list[Query]:
    """(*) Targeted, not random: short strings around each place where the product fold and
    the truth fold of a paragraph differ, typed as in the text and as simplified (truth fold)."""
    rng = _rng(seed, "fold_edge")
    out: list[Query] = []
    seen: set[str] = set()
    places = []
    for p in range(c.n_paras):
        a, b = c.mine.folded[p], c.prod.folded[p]
        if a == b:
            continue
        raw = _strip_invisible(unicodedata.normalize("NFKC", c.paragraphs[p]))
        if not len(raw) == len(a) == len(b):
            continue
        for i in range(len(a)):
            if a[i] != b[i]:
                places.append((p, i, raw, a))
    rng.shuffle(places)
    for p, i, raw, a in places:
        if len(out) >= n:
            break
        lo, hi = max(0, i - 1), min(len(a), i + 2)
        for typed_from, note in ((raw, "as in the text"), (a, "simplified")):
            span = typed_from[lo:hi]
            if span in seen or not _span_ok(span):
                continue
            seen.add(span)
            k = _count_ok(c, [span], cap)
            if 1 <= k <= cap:
                out.append(Query("fold_edge", f'"{span}"', [span], span,
                                 f"{note}; product fold {product_fold(span)}; {k} paragraphs"))
    return out[:n]


def sample_two_words(c: Corpus, n: int, seed: int, cap: int) -> list[Query]:
    """Two rjieba words of one paragraph: half adjacent (so 'AB' occurs), half further apart."""
    rng = _rng(seed, "two_words")
    jb = _rjieba()
    out: list[Query] = []
    seen: set[tuple[str, str]] = set()
    tries = 0
    while len(out) < n and tries < 200 * n:
        tries += 1
        p = rng.randrange(c.n_paras)
        toks = [t for t in jb.cut(c.paragraphs[p])]
        idx = [i for i, t in enumerate(toks) if len(t) >= 2 and ALL_CJK.match(t)]
        if len(idx) < 3:
            continue
        adjacent = len(out) % 2 == 0
        if adjacent:
            pairs = [(i, i + 1) for i in idx if i + 1 in idx]
            if not pairs:
                continue
            i, j = rng.choice(pairs)
        else:
            i, j = sorted(rng.sample(idx, 2))
            if j - i < 2:
                continue
        a, b = toks[i], toks[j]
        fa, fb = truth_fold(a), truth_fold(b)
        if fa in fb or fb in fa or (a, b) in seen:
            continue
        seen.add((a, b))
        k = _count_ok(c, [a, b], cap)
        if 1 <= k <= cap:
            kind = "adjacent" if adjacent else "apart"
            out.append(Query("two_words", f"{a} {b}", [a, b], a + b, f"{kind}; {k} paragraphs"))
    return out


def sample_runon(c: Corpus, n: int, seed: int, cap: int, kind: str) -> list[Query]:
    """Words of one paragraph typed together without spaces, as people type: two adjacent words,
    two or three words standing apart, or X的Y. Kept only where rjieba cuts the typed string back
    into exactly those words (and 的); the truth is every paragraph holding every word."""
    rng = _rng(seed, kind)
    jb = _rjieba()
    out: list[Query] = []
    seen: set[str] = set()
    tries = 0
    while len(out) < n and tries < 400 * n:
        tries += 1
        toks = jb.cut(c.paragraphs[rng.randrange(c.n_paras)])
        idx = [i for i, t in enumerate(toks) if len(t) >= 2 and ALL_CJK.match(t)]
        if len(idx) < 3:
            continue
        if kind == "runon_adjacent":
            pairs = [(i, i + 1) for i in idx if i + 1 in idx]
            if not pairs:
                continue
            words = [toks[i] for i in rng.choice(pairs)]
            typed = "".join(words)
        elif kind == "runon_de":
            triples = [i for i in idx if i + 2 in idx and toks[i + 1] == "的"]
            if not triples:
                continue
            i = rng.choice(triples)
            words = [toks[i], toks[i + 2]]
            typed = words[0] + "的" + words[1]
        else:
            k = rng.choice((2, 3))
            picked = sorted(rng.sample(idx, k))
            if any(b - a < 2 for a, b in zip(picked, picked[1:])):
                continue
            words = [toks[i] for i in picked]
            typed = "".join(words)
        folded = [truth_fold(w) for w in words]
        if typed in seen or len(set(folded)) < len(folded) or any(
                a != b and a in b for a in folded for b in folded):
            continue
        if [t for t in jb.cut(typed) if t != "的"] != words:
            continue
        seen.add(typed)
        k = _count_ok(c, words, cap)
        if 1 <= k <= cap:
            out.append(Query(kind, typed, words, typed, f"{k} paragraphs", words=True))
    return out


def sample_absent(c: Corpus, n: int, seed: int) -> list[Query]:
    """Shuffled character pairs and words, verified absent under both foldings."""
    rng = _rng(seed, "absent")
    words = [w for w, _ in jieba_dictionary() if len(w) == 2]
    out: list[Query] = []
    while len(out) < n:
        style = len(out) % 4
        if style == 0:  # two dictionary words glued
            s = rng.choice(words) + rng.choice(words)
        elif style == 1:  # a corpus span of 4-6 characters, shuffled
            text = c.paragraphs[rng.randrange(c.n_paras)]
            cjk = CJK.findall(text)
            if len(cjk) < 6:
                continue
            start = rng.randrange(len(cjk) - 5)
            chars = cjk[start:start + rng.randint(4, 6)]
            rng.shuffle(chars)
            s = "".join(chars)
        elif style == 2:  # a dictionary word with a character pair from elsewhere
            text = c.paragraphs[rng.randrange(c.n_paras)]
            cjk = CJK.findall(text)
            if len(cjk) < 2:
                continue
            i = rng.randrange(len(cjk) - 1)
            s = rng.choice(words) + cjk[i + 1] + cjk[i]
        else:  # quoted: a dictionary word, a number and a word
            s = f"{rng.choice(words)}{rng.randint(10, 9999)}{rng.choice(words)}"
        if c.mine.paras(truth_fold(s), limit=0) or c.prod.paras(product_fold(s), limit=0):
            continue
        typed = f'"{s}"' if style == 3 else s
        out.append(Query("absent", typed, [s], s, "verified absent"))
    return out


def sample_frequent(c: Corpus, n: int, seed: int, cap: int) -> list[Query]:
    """Common dictionary words with more than `cap` paragraphs (only partly retrieved)."""
    rng = _rng(seed, "frequent")
    words = sorted(jieba_dictionary(), key=lambda wf: -wf[1])[:3000]
    rng.shuffle(words)
    out = []
    for w, _ in words:
        if len(out) >= n:
            break
        k = len(c.mine.paras(truth_fold(w)))
        if k > cap:
            out.append(Query("frequent", w, [w], w, f"{k} paragraphs"))
    return out


def sample_queries(c: Corpus, kinds, per_kind: int, seed: int, cap: int) -> dict[str, list[Query]]:
    """Every kind's queries, fixed by the seed."""
    out: dict[str, list[Query]] = {}
    t = time.monotonic()
    simple = {
        "dictionary": lambda: sample_dictionary(c, per_kind, seed, cap),
        "inside": lambda: sample_inside(c, per_kind, seed, cap),
        "phrase": lambda: sample_phrase(c, per_kind, seed, cap, 4, 10, "phrase"),
        "statement": lambda: sample_phrase(c, per_kind, seed, cap, 10, 30, "statement"),
        "number": lambda: sample_number(c, per_kind, seed, cap),
        "two_words": lambda: sample_two_words(c, per_kind, seed, cap),
        "absent": lambda: sample_absent(c, per_kind, seed),
        "trad_text": lambda: sample_trad_text(c, per_kind, seed, cap),
        "fold_edge": lambda: sample_fold_edge(c, per_kind, seed, cap),
        "frequent": lambda: sample_frequent(c, max(5, per_kind // 4), seed, cap),
        **{k: (lambda k=k: sample_runon(c, per_kind, seed, cap, k)) for k in RUNON_KINDS},
    }
    for kind in KINDS:
        if kind in simple and (kind in kinds or (kind != "absent" and kind != "frequent"
                                                 and "traditional" in kinds
                                                 and kind in ("dictionary", "inside", "phrase",
                                                              "statement", "two_words"))):
            out[kind] = simple[kind]()
    if "traditional" in kinds:
        out["traditional"] = sample_traditional(c, per_kind, seed, cap, out)
    log(f"sampled {sum(len(v) for v in out.values())} queries in {time.monotonic() - t:.1f}s")
    return {k: out[k] for k in KINDS if k in kinds and k in out}


# --- running and judging --------------------------------------------------------------------

@dataclass
class Outcome:
    query: Query
    total: int = 0
    exact_total: int = 0
    hits: list = field(default_factory=list)
    error: str = ""
    capped: bool = False
    seconds: float = 0.0
    duplicates: int = 0
    partial: int = 0  # pages answered as partial (the search's time limit was reached)
    # judged
    truth_docs: set = field(default_factory=set)
    truth_paras: set = field(default_factory=set)
    missing_docs: set = field(default_factory=set)
    missing_docs_fold: set = field(default_factory=set)  # explained by folding differences
    missing_paras: set = field(default_factory=set)
    wrong: list = field(default_factory=list)  # (rank, hit) that do not contain the query
    wrong_fold: int = 0
    exact_checked: bool = False
    exact_ok: bool = True
    exact_detail: str = ""
    text_mismatch: int = 0
    words_hits: int = 0  # hits the product marked "words" (holding only the words of a string)
    exact_wrong: int = 0  # hits whose "exact"/"words" mark disagrees with the truth
    gaps: list = field(default_factory=list)  # words hits in rank order: characters between the words
    title_only: int = 0  # documents whose title holds the query while none of their paragraphs does


def fetch_all(index_dir: Path, q: str, cap: int) -> Outcome:
    import indexer

    out = Outcome(query=None)  # type: ignore[arg-type]
    t = time.monotonic()
    page = 1
    seen = set()
    try:
        while True:
            res = indexer.search(index_dir, q, page=page, per_page=PER_PAGE)
            out.total = res.total
            out.exact_total = getattr(res, "exact_total", res.total)
            out.partial += bool(getattr(res, "partial", False))
            for h in res.hits:
                key = (h.doc_id, h.paragraph)
                if key in seen:
                    out.duplicates += 1
                seen.add(key)
            out.hits.extend(res.hits)
            if not res.hits or len(out.hits) >= res.total:
                break
            if len(out.hits) >= cap:
                out.capped = True
                break
            page += 1
    except Exception as exc:  # QueryError and anything else: recorded, not fatal
        out.error = f"{exc.__class__.__name__}: {getattr(exc, 'message', exc)}"
    out.seconds = time.monotonic() - t
    return out


def _gap(text: str, words: list[str]) -> int:
    """Fewest characters between the words where they stand closest together (this script's own)."""
    spots = sorted((m.start(), k, len(w)) for k, w in enumerate(words)
                   for m in re.finditer(re.escape(w), text))
    best, last = None, {}
    for start, k, n in spots:
        last[k] = (start, n)
        if len(last) == len(words):
            lo = min(a for a, _ in last.values())
            hi = max(a + b for a, b in last.values())
            gap = max(0, hi - lo - sum(len(w) for w in words))
            best = gap if best is None else min(best, gap)
    return best if best is not None else -1


_titles: list[str] = []
# A document whose cleaned text is another's is indexed once, as that one (see indexer.duplicates):
# the copy's paragraphs count as found when the kept document's are.
KEPT: dict[str, str] = {}


def note_duplicates(meta: dict) -> int:
    """Remember, from the index's meta, which document stands for each identical copy."""
    import indexer

    for kept, paths in (meta.get("duplicates") or {}).items():
        for path in paths:
            KEPT[indexer.make_doc_id(path)] = kept
    return len(KEPT)


def title_only(c: Corpus, needles: list[str], truth: set[int]) -> int:
    """Documents whose (truth-folded) title holds every needle while no paragraph holds them all."""
    if not _titles:
        _titles.extend(truth_fold(d.title) for d in c.docs)
    with_text = {c.mine.para_doc[p] for p in truth}
    return sum(1 for i, t in enumerate(_titles)
               if i not in with_text and all(n in t for n in needles))


def judge(c: Corpus, q: Query, out: Outcome) -> None:
    out.query = q
    mine_needles = [truth_fold(x) for x in q.needles]
    prod_needles = [product_fold(x) for x in q.needles]
    truth = set(c.mine.paras_all(mine_needles)) if all(mine_needles) else set()
    truth_prod = set(c.prod.paras_all(prod_needles)) if all(prod_needles) else set()
    out.truth_paras = {(KEPT.get(d, d), c.mine.para_num[p])
                       for p in truth for d in [c.doc_ids[c.mine.para_doc[p]]]}
    out.truth_docs = {k[0] for k in out.truth_paras}
    if len(mine_needles) == 1:
        out.title_only = title_only(c, mine_needles, truth)
    prod_docs = {KEPT.get(d, d) for d in (c.doc_ids[c.prod.para_doc[p]] for p in truth_prod)}
    returned_paras = {(h.doc_id, h.paragraph) for h in out.hits}
    returned_docs = {h.doc_id for h in out.hits}
    if not out.capped and not out.error:
        out.missing_docs = out.truth_docs - returned_docs
        out.missing_docs_fold = {d for d in out.missing_docs if d not in prod_docs}
        out.missing_paras = out.truth_paras - returned_paras
    whole = truth_fold(q.whole) if q.whole else ""
    contains_whole = []
    marked_exact = []
    for rank, h in enumerate(out.hits):
        i = c.by_id.get(h.doc_id)
        if i is not None and h.paragraph < len(c.docs[i].paragraphs) \
                and c.docs[i].paragraphs[h.paragraph] == h.text:
            gp = _global_para(c, i, h.paragraph)
            folded = c.mine.folded[gp]
        else:
            out.text_mismatch += 1
            folded = truth_fold(h.text)
        # a document's first paragraph also stands for its title where none of its paragraphs
        # holds the string (the product finds such a document by its first paragraph)
        title = truth_fold(c.docs[i].title) if i is not None and h.paragraph == 0 else ""
        if title:
            base = _global_para(c, i, 0)
            texts = c.mine.folded[base:base + len(c.docs[i].paragraphs)]
            title = "\n".join(n for n in mine_needles + [whole]
                              if n and n in title and not any(n in t for t in texts))
        match = getattr(h, "match", "exact")
        out.words_hits += match == "words"
        in_text = all(n in folded for n in mine_needles)
        if not in_text and not all(n in folded or n in title for n in mine_needles):
            if q.words or match == "exact":  # precision over the exact hits of one-string kinds
                out.wrong.append((rank, h))
                if all(n in product_fold(h.text) for n in prod_needles):
                    out.wrong_fold += 1
        has_whole = bool(whole) and (whole in folded or whole in title)
        contains_whole.append(has_whole)
        if q.words:
            marked_exact.append(match == "exact")
            out.exact_wrong += has_whole != (match == "exact")
            if match == "words" and in_text:
                out.gaps.append(_gap(folded, mine_needles))
    if q.words and out.hits:
        out.exact_checked = True
        last_exact = max((r for r, x in enumerate(marked_exact) if x), default=-1)
        first_words = min((r for r, x in enumerate(marked_exact) if not x), default=len(marked_exact))
        out.exact_ok = last_exact < first_words and not out.exact_wrong
        if not out.exact_ok:
            out.exact_detail = (f"exact hit #{last_exact + 1} below words hit #{first_words + 1}, or "
                                f"{out.exact_wrong} hits marked exact/words against the truth")
    elif len(whole) >= 2 and out.hits:
        out.exact_checked = True
        last_in = max((r for r, x in enumerate(contains_whole) if x), default=-1)
        first_out = min((r for r, x in enumerate(contains_whole) if not x), default=len(contains_whole))
        out.exact_ok = last_in < first_out
        if not out.exact_ok:
            out.exact_detail = (f"hit #{first_out + 1} lacks the whole string but hit #{last_in + 1} "
                                f"has it ({sum(contains_whole)} of {len(contains_whole)} hits have it)")


_para_base: dict[int, int] = {}


def _global_para(c: Corpus, doc: int, n: int) -> int:
    if not _para_base:
        base = 0
        for i, d in enumerate(c.docs):
            _para_base[i] = base
            base += len(d.paragraphs)
    return _para_base[doc] + n


# --- report ---------------------------------------------------------------------------------

def _ratio(a: int, b: int) -> str:
    return f"{a / b:.4f}" if b else "  -   "


def summarize(kind: str, outs: list[Outcome]) -> dict:
    judged = [o for o in outs if not o.capped and not o.error]
    s = {
        "kind": kind, "queries": len(outs), "errors": sum(1 for o in outs if o.error),
        "capped": sum(1 for o in outs if o.capped),
        "truth_docs": sum(len(o.truth_docs) for o in judged),
        "missed_docs": sum(len(o.missing_docs) for o in judged),
        "missed_docs_fold": sum(len(o.missing_docs_fold) for o in judged),
        "truth_paras": sum(len(o.truth_paras) for o in judged),
        "missed_paras": sum(len(o.missing_paras) for o in judged),
        "returned": sum(len(o.hits) for o in outs),
        "wrong": sum(len(o.wrong) for o in outs),
        "wrong_fold": sum(o.wrong_fold for o in outs),
        "exact_checked": sum(1 for o in outs if o.exact_checked),
        "exact_ok": sum(1 for o in outs if o.exact_checked and o.exact_ok),
        "any_returned": sum(1 for o in outs if o.exact_total > 0),
        "words_hits": sum(o.words_hits for o in outs),
        "gaps": [o.gaps for o in outs if o.gaps],
        "q_missing": sum(1 for o in judged if o.missing_docs),
        "duplicates": sum(o.duplicates for o in outs),
        "partial": sum(1 for o in outs if o.partial),
        "text_mismatch": sum(o.text_mismatch for o in outs),
        "seconds": sum(o.seconds for o in outs),
        "total_vs_truth": [(o.total, len(o.truth_paras) + o.title_only) for o in outs],
    }
    if kind == "absent":
        s["ok"] = s["any_returned"] == 0 and not s["errors"]
        s["verdict"] = "MET" if s["ok"] else "MISSED"
    else:
        def ok(missed: int, wrong: int) -> bool:
            rec = 1 - missed / s["truth_docs"] if s["truth_docs"] else 1.0
            prec = 1 - wrong / s["returned"] if s["returned"] else 1.0
            return (rec >= TARGET_RECALL and prec >= TARGET_PRECISION and not s["errors"]
                    and s["exact_ok"] == s["exact_checked"])

        s["ok"] = ok(s["missed_docs"], s["wrong"])
        s["ok_but_fold"] = ok(s["missed_docs"] - s["missed_docs_fold"], s["wrong"] - s["wrong_fold"])
        s["verdict"] = "MET" if s["ok"] else ("MISSED, fold-diff only" if s["ok_but_fold"] else "MISSED")
    return s


def print_words_table(stats: list[dict]) -> None:
    """Strings typed without spaces: recall, precision, exact-first, and closer words first."""
    rows = [s for s in stats if s["kind"] in RUNON_KINDS]
    if not rows:
        return
    head = (f"{'kind':<30}{'n':>4}{'doc recall':>12}{'para prec':>11}{'exact-1st':>11}"
            f"{'words hits':>12}{'gap top10':>11}{'gap all':>9}{'closer 1st':>12}  target")
    print(head)
    print("-" * len(head))
    for s in rows:
        gaps = s["gaps"]
        top = [sum(g[:10]) / len(g[:10]) for g in gaps]
        every = [sum(g) / len(g) for g in gaps]
        closer = sum(1 for a, b in zip(top, every) if a <= b + 1e-9)
        s["closer_ok"] = closer == len(gaps)
        if not s["closer_ok"]:
            s["ok"] = False
            s["verdict"] = "MISSED"
        mean = (lambda xs: f"{sum(xs) / len(xs):.1f}" if xs else "-")
        print(f"{KIND_LABELS[s['kind']]:<30}{s['queries']:>4}"
              f"{_ratio(s['truth_docs'] - s['missed_docs'], s['truth_docs']):>12}"
              f"{_ratio(s['returned'] - s['wrong'], s['returned']):>11}"
              + f"{s['exact_ok']}/{s['exact_checked']}".rjust(11)
              + f"{s['words_hits']:>12}{mean(top):>11}{mean(every):>9}{f'{closer}/{len(gaps)}':>12}"
              f"  {s['verdict']}")
    print("gap = characters between the words where they stand closest in a 'words' hit; top10 = mean "
          "over a query's first ten 'words' hits, all = over all its 'words' hits (then averaged over "
          "queries); closer 1st = queries whose top ten are no further apart than all of them.")


def print_table(stats: list[dict]) -> None:
    head = (f"{'kind':<30}{'n':>4}{'doc recall':>12}{'para recall':>12}{'para prec':>11}"
            f"{'exact-1st':>11}{'any hit':>9}{'fold-diff':>11}{'err':>5}{'cap':>5}{'s/query':>9}  target")
    print(head)
    print("-" * len(head))
    for s in stats:
        n = s["queries"]
        if s["kind"] == "absent":
            doc_r = para_r = prec = exact = "   -"
            anyhit = f"{s['any_returned'] / n:.2f}" if n else "-"
        else:
            doc_r = _ratio(s["truth_docs"] - s["missed_docs"], s["truth_docs"])
            para_r = _ratio(s["truth_paras"] - s["missed_paras"], s["truth_paras"])
            prec = _ratio(s["returned"] - s["wrong"], s["returned"])
            exact = f"{s['exact_ok']}/{s['exact_checked']}"
            anyhit = "-"
        if s["kind"] == "frequent":
            doc_r = para_r = "n/a"
        fd = f"{s['missed_docs_fold']}m/{s['wrong_fold']}w"
        print(f"{KIND_LABELS[s['kind']]:<30}{n:>4}{doc_r:>12}{para_r:>12}{prec:>11}{exact:>11}"
              f"{anyhit:>9}{fd:>11}{s['errors']:>5}{s['capped']:>5}"
              f"{(s['seconds'] / n if n else 0):>9.3f}  {s['verdict']}")


def _window(folded: str, needle: str, width: int) -> str:
    i = folded.find(needle)
    if i < 0:
        return folded[: 2 * width] + ("…" if len(folded) > 2 * width else "")
    a, b = max(0, i - width), min(len(folded), i + len(needle) + width)
    return ("…" if a else "") + folded[a:i] + "[" + folded[i:i + len(needle)] + "]" \
        + folded[i + len(needle):b] + ("…" if b < len(folded) else "")


def diagnose_miss(c: Corpus, index_dir: Path, q: Query, doc_id: str, width: int) -> str:
    """Why a truth document was not returned: folding, stale index/cleaning, or the search."""
    import indexer

    mine_needles = [truth_fold(x) for x in q.needles]
    prod_needles = [product_fold(x) for x in q.needles]
    i = c.by_id[doc_id]
    doc = c.docs[i]
    base = _global_para(c, i, 0)
    lines = []
    for n in range(len(doc.paragraphs)):
        gp = base + n
        if not all(x in c.mine.folded[gp] for x in mine_needles):
            continue
        pf = c.prod.folded[gp]
        where = f"{doc.path} ¶{n}"
        if not all(x in pf for x in prod_needles):
            tf = c.mine.folded[gp]
            at = tf.find(mine_needles[0])
            there = pf[at:at + len(mine_needles[0])] if len(tf) == len(pf) else "?"
            lines.append(f"      {where}: FOLDING — truth fold {_window(tf, mine_needles[0], width)}; "
                         f"the product folds that text to {there!r} and the query to "
                         f"{prod_needles[0]!r}")
            continue
        try:
            indexed = indexer.get_document(index_dir, doc_id).paragraphs
        except Exception as exc:
            lines.append(f"      {where}: not in the index at all ({exc.__class__.__name__}): "
                         f"index stale or built from other cleaning?")
            continue
        if n >= len(indexed) or indexed[n] != doc.paragraphs[n]:
            lines.append(f"      {where}: the index holds different text for this paragraph "
                         f"(index built from other cleaning / stale)")
            continue
        lines.append(f"      {where}: SEARCH MISS — the indexed paragraph contains it under the product's "
                     f"own fold: {_window(pf, prod_needles[0], width)}")
    return "\n".join(lines[:2]) if lines else "      (no paragraph found?)"


def print_failures(c: Corpus, index_dir: Path, kind: str, outs: list[Outcome], width: int,
                   limit: int = 5) -> None:
    bad = [o for o in outs if o.error or o.missing_docs or o.wrong or not o.exact_ok
           or (kind == "absent" and o.exact_total) or o.duplicates]
    if kind == "frequent":
        bad = [o for o in outs if o.error or o.wrong or not o.exact_ok or o.duplicates
               or o.total != len(o.truth_paras) + o.title_only]
    if not bad:
        return
    print(f"\n## {KIND_LABELS[kind]}: {len(bad)} of {len(outs)} queries fail (showing {min(limit, len(bad))})")
    for o in bad[:limit]:
        q = o.query
        mine = [truth_fold(x) for x in q.needles]
        prod = [product_fold(x) for x in q.needles]
        print(f"  query {q.typed!r}  ({q.note}); truth fold {mine}, product fold {prod}")
        if kind == "frequent":
            print(f"    total returned {o.total}, truth paragraphs {len(c.mine.paras(mine[0]))} + {o.title_only} title-only documents")
        else:
            print(f"    expected {len(o.truth_docs)} docs / {len(o.truth_paras)} paragraphs; "
                  f"returned total {o.total} ({len({h.doc_id for h in o.hits})} docs)")
        if o.error:
            print(f"    ERROR {o.error}")
        if o.duplicates:
            print(f"    {o.duplicates} hits returned twice while paging")
        if o.partial:
            print(f"    {o.partial} pages were answered as partial (time limit)")
        if o.missing_docs:
            print(f"    missing {len(o.missing_docs)} docs ({len(o.missing_docs_fold)} explained by "
                  f"folding differences), e.g.:")
            for d in sorted(o.missing_docs)[:3]:
                print(diagnose_miss(c, index_dir, q, d, width))
        if o.wrong:
            print(f"    {len(o.wrong)} returned paragraphs lack the query ({o.wrong_fold} contain it "
                  f"under the product fold), e.g.:")
            for rank, h in o.wrong[:3]:
                tf = truth_fold(h.text)
                pf = product_fold(h.text)
                print(f"      #{rank + 1} {h.path} ¶{h.paragraph}: truth fold {_window(tf, mine[0], width)}"
                      f" | product fold {_window(pf, prod[0], width)}")
        if not o.exact_ok:
            print(f"    exact-first violated: {o.exact_detail}")
        if kind == "absent" and o.exact_total:
            h = o.hits[0] if o.hits else None
            print(f"    returned {o.total} paragraphs for an absent string"
                  + (f", e.g. {h.path} ¶{h.paragraph}: {_window(product_fold(h.text), prod[0], width)}"
                     if h else ""))


def _git_head() -> str:
    import subprocess

    try:
        head = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %s"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "indexer"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"
    return head + (" + uncommitted changes in indexer/" if dirty else "")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--index", type=Path, default=None,
                    help="index folder (built with indexer.build_index if missing; "
                         "default /tmp/dangan-bench/index-<corpus>)")
    ap.add_argument("--rebuild", action="store_true", help="build the index even if one exists")
    ap.add_argument("--reuse-stale", action="store_true",
                    help="reuse an existing index even if the indexing code changed since it was built")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--per-kind", type=int, default=DEFAULT_PER_KIND)
    ap.add_argument("--cap", type=int, default=DEFAULT_CAP,
                    help="most hits retrieved per query; queries are drawn with at most this many "
                         "matching paragraphs (except the 'frequent' kind)")
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated subset of " + ",".join(KINDS))
    ap.add_argument("--subset", type=int, default=0,
                    help="use only N documents of the corpus (every k-th file; for quick runs)")
    ap.add_argument("--context", type=int, default=12,
                    help="characters of context shown around a match in failure details")
    ap.add_argument("--failures", type=int, default=5, help="failing queries shown per kind")
    args = ap.parse_args(argv)

    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        ap.error(f"unknown kinds {sorted(unknown)}")
    corpus = args.corpus.resolve()
    if args.subset:
        corpus = subset_archive(corpus, args.subset)
    index_dir = (args.index or default_index_dir(corpus)).resolve()
    started = time.monotonic()
    meta, built = ensure_index(corpus, index_dir, args.rebuild, args.reuse_stale)
    c = load_corpus(corpus)
    copies = note_duplicates(meta)

    print(f"dangan evaluation — {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"corpus {corpus}: {len(c.docs)} documents, {c.n_paras} cleaned paragraphs, "
          f"{sum(map(len, c.paragraphs)):,} characters ({c.how})")
    print(f"index {index_dir}: built {meta.get('built_at')}, {meta.get('documents')} documents, "
          f"{meta.get('paragraphs')} paragraphs, segmenter {meta.get('segmenter')}"
          + (f" (built by this run in {built.seconds:.0f}s)" if built else " (reused)"))
    print(f"code: git {_git_head()}, indexing-code fingerprint {indexing_fingerprint()}")
    if copies:
        print(f"{copies} documents are identical copies of others, indexed once: their paragraphs "
              "count as found when the kept document's are")
    kept_paras = sum(len(c.docs[c.by_id[d]].paragraphs) for d in KEPT if d in c.by_id)
    if meta.get("documents") != len(c.docs) - copies or meta.get("paragraphs") != c.n_paras - kept_paras:
        print("WARNING: the index does not hold the documents/paragraphs that cleaning gives now "
              "(stale index or cleaning changed): rebuild with --rebuild")
    print(f"seed {args.seed}, {args.per_kind} queries per kind, all hits retrieved "
          f"({PER_PAGE} per page) up to {args.cap} per query")
    print("truth: substring search over cleaned paragraphs folded by NFKC + whitespace/format "
          "chars removed + OpenCC t2s (phrase level) + lower case — independent of indexer.textfold")

    queries = sample_queries(c, kinds, args.per_kind, args.seed, args.cap)
    stats = []
    results: dict[str, list[Outcome]] = {}
    for kind, qs in queries.items():
        outs = []
        t = time.monotonic()
        for q in qs:
            cap = args.cap if kind != "frequent" else 300
            o = fetch_all(index_dir, q.typed, cap)
            judge(c, q, o)
            outs.append(o)
        results[kind] = outs
        stats.append(summarize(kind, outs))
        log(f"{kind}: {len(qs)} queries in {time.monotonic() - t:.1f}s")

    print()
    print_table(stats)
    print()
    print_words_table(stats)
    print()
    print("doc recall = truth documents returned / truth documents (summed over the kind's queries);")
    print("para prec = returned paragraphs containing every query string (truth fold) / returned;")
    print("exact-1st = queries whose hits containing the whole query string all rank above those "
          "that do not (multi-character queries); for strings typed together: every hit marked "
          "'exact' holds the string as typed, every 'words' hit does not, and all exact ones come first;")
    print("precision of one-string kinds is over the hits marked 'exact' (an unquoted string that reads "
          "as several words also returns 'words' hits, counted in 'words hits'); a first paragraph also "
          "stands for its document's title;")
    print("words hits: " + ", ".join(f"{KIND_LABELS[s['kind']]} {s['words_hits']}" for s in stats
                                     if s["kind"] not in RUNON_KINDS))
    print("any hit = share of absent strings that returned an exact hit; fold-diff = missed documents (m) "
          "and wrong hits (w) explained purely by the product fold differing from the truth fold;")
    print("(*) targeted, not random: 3-character strings around every place where the product fold "
          "and the truth fold of a paragraph differ, typed as in the text and as simplified.")
    print(f"targets: doc recall ≥ {TARGET_RECALL}, para precision ≥ {TARGET_PRECISION}, "
          "exact-first 100%, absent strings return nothing.")
    freq = next((s for s in stats if s["kind"] == "frequent"), None)
    if freq:
        eq = sum(1 for t, k in freq["total_vs_truth"] if t == k)
        print(f"frequent words: only the first 300 hits are retrieved (precision/exact-first on those); "
              f"total equals the truth paragraph count for {eq} of {freq['queries']}.")
    partial = sum(s["partial"] for s in stats)
    print(f"partial answers (search time limit reached): {partial} queries"
          + (" — their misses count against recall" if partial else ""))
    dup = sum(s["duplicates"] for s in stats)
    mism = sum(s["text_mismatch"] for s in stats)
    if dup or mism:
        print(f"paging duplicates: {dup}; hits whose text differs from the cleaned paragraph: {mism}")
    for s in stats:
        if s.get("capped") and s["kind"] != "frequent":
            print(f"{s['kind']}: {s['capped']} queries hit the cap of {args.cap} and are left out of recall")

    all_exact = sum(s["exact_ok"] for s in stats), sum(s["exact_checked"] for s in stats)
    print(f"\nexact-first overall: {all_exact[0]}/{all_exact[1]}"
          f" ({all_exact[0] / all_exact[1]:.1%})" if all_exact[1] else "")
    missed = [KIND_LABELS[s["kind"]] for s in stats if not s["ok"]]
    fold_only = [KIND_LABELS[s["kind"]] for s in stats if not s["ok"] and s.get("ok_but_fold")]
    print("targets met for every kind" if not missed else "targets MISSED for: " + "; ".join(missed))
    if fold_only:
        print("  ... of which met once the fold-diff cases are set aside (the two foldings disagree, "
              "the search itself is consistent with the product fold): " + "; ".join(fold_only))

    for kind, outs in results.items():
        print_failures(c, index_dir, kind, outs, args.context, args.failures)

    print("\nqueries (kind: typed query — note):")
    for kind, qs in queries.items():
        print(f"  {kind}: " + " · ".join(q.typed for q in qs))
    print(f"\nfinished in {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
