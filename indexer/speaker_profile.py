"""A speaker's record in the index: who they are, roles over time, what they speak of, statements."""
from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field

from . import store
from .errors import DocumentNotFound
from .speaker_index import resolve, shown, speaker_docs, speaker_kinds, speaker_table
from .textfold import fold

MAX_SPEAKERS = 200
TOPICS = 15
TOPIC_PARAGRAPHS = 3000  # the most recent statements the topics are counted over
PROFILES_KEPT = 256  # profiles kept per snapshot: the page and its JSON, and repeated views, ask again
STOPWORDS = frozenset("我们 他们 你们 一个 这个 那个 进一步 以及 同时 继续 积极 更加 加强 推动 推进 坚持 要 的 了 和 是 在 为 将 对 与 中 等 各 也 都 把 就 不 好 上 下 有 以 及 并 从 到 向 于".split())


@dataclass
class RoleSpan:
    """A role as written with the speaker's name, and the years it was written."""

    role: str
    first_year: int
    last_year: int
    statements: int

    def to_api(self) -> dict:
        return {"role": self.role, "first_year": self.first_year, "last_year": self.last_year,
                "statements": self.statements}


@dataclass
class SpeakerProfile:
    name: str
    kind: str
    statements: int
    documents: int
    roles: list[RoleSpan] = field(default_factory=list)
    topics: list[tuple[str, int]] = field(default_factory=list)
    how: dict[str, int] = field(default_factory=dict)  # via (stated / pronoun / header) -> statements

    def to_api(self) -> dict:
        return {"name": self.name, "kind": self.kind, "statements": self.statements,
                "documents": self.documents, "roles": [r.to_api() for r in self.roles],
                "topics": [{"word": w, "count": n} for w, n in self.topics], "how": self.how}


def list_speakers(index_dir: str | os.PathLike, q: str = "", limit: int = MAX_SPEAKERS) -> list[dict]:
    """Speakers with their counts (statements = paragraphs, documents), most frequent first;
    with q, only those whose name holds it."""
    snap = store.snapshot(index_dir)
    table, kinds, ids = speaker_table(snap), speaker_kinds(snap), snap.columns["doc_id"]
    needle = fold(q.strip())
    rows = [{"name": name, "kind": kinds.get(name, ""), "statements": len(docs),
             "documents": len({ids[d] for d in docs})}
            for name, docs in table.items() if not needle or needle in fold(name)]
    rows.sort(key=lambda r: (-r["statements"], r["name"]))
    return rows[:limit]


def speaker_profile(index_dir: str | os.PathLike, name: str) -> SpeakerProfile:
    """One speaker's roles over the years, topics and counts; DocumentNotFound if none."""
    snap = store.snapshot(index_dir)
    found = resolve(snap, name)
    if not found:
        raise DocumentNotFound(f"没有找到说话人 {name}。", hint="说话人列表见 /api/speakers?q=…")
    name = found[0]
    made = snap.__dict__.setdefault("speaker_profiles", {})  # a build's profiles never change
    if name not in made:
        if len(made) >= PROFILES_KEPT:
            made.clear()
        made[name] = _profile(snap, name)
    return made[name]


def _profile(snap, name: str) -> SpeakerProfile:
    """The profile of a stored speaker name, read from its statements' stored attributions."""
    docs = speaker_docs(snap, name)
    searcher = snap.searcher()
    roles: dict[str, list[int]] = {}
    how: Counter = Counter()
    words: Counter = Counter()
    analyzer = snap.analyzer
    recent = sorted(docs, key=lambda d: snap.columns["date"][d], reverse=True)
    for i, d in enumerate(recent):
        f = snap.stored(d)
        for a in shown(f.get("speakers")):
            if a["name"] != name:
                continue
            how[a.get("via", "")] += 1
            if a.get("role"):
                roles.setdefault(a["role"], []).append(int(snap.years[d]))
            if i < TOPIC_PARAGRAPHS and a.get("via") != "header":
                said = f["text"][a["start"]:a["end"]]
                words.update(t.text for t in analyzer(said, mode="query")
                             if len(t.text) >= 2 and t.text not in STOPWORDS and not t.text.isdigit())
    total = max(1, searcher.doc_count())
    scored = [(w, n * math.log(total / (1 + snap.words.frequency(w))))
              for w, n in words.most_common(300)]
    topics = [(w, words[w]) for w, _ in sorted(scored, key=lambda ws: -ws[1])[:TOPICS]]
    spans = [RoleSpan(role, min(y for y in ys if y) if any(ys) else 0, max(ys), len(ys))
             for role, ys in roles.items()]
    spans.sort(key=lambda r: (r.first_year, -r.statements))
    ids = snap.columns["doc_id"]
    return SpeakerProfile(name=name, kind=speaker_kinds(snap).get(name, ""), statements=len(docs),
                          documents=len({ids[d] for d in docs}), roles=spans, topics=topics, how=dict(how))
