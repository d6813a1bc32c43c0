"""Who said it: each paragraph's statements attributed to a speaker, by rules over a learned lexicon.

A statement is introduced by a cue (指出, 强调, 表示, 说…) after its subject (`李强指出，…`,
`外交部发言人毛宁28日表示，…`) or follows a quote (`“……，”他说。`). The subject is read as a
person (a learned name, with the role written before or after it), an office or body as written
(外交部发言人, 会议, 俄罗斯国防部), or a pronoun resolved to the person named before it. A report's
presenter comes from its header line and speaks the whole report (cue 报告).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from . import speaker_lexicon as lx
from .speaker_header import presenter_of
from .speaker_lexicon import Lexicon, learn

__all__ = ["Attribution", "Lexicon", "NameFinder", "learn", "attribute_document", "presenter",
           "with_presenter", "SHOWN_CONFIDENCE", "STATED", "PRONOUN", "HEADER"]

PERSON, ORGANISATION = "person", "organisation"
STATED, PRONOUN, HEADER = "stated", "pronoun", "header"
# Attributions at or above this confidence are shown (bench/speakers_check.py: precision ≥ 0.95).
SHOWN_CONFIDENCE = 0.7
REPORT_CUE = "报告"
WEAK_CUES = ("要求", "提出", "希望", "认为", "介绍")


@dataclass(frozen=True)
class Attribution:
    """One statement: who (name, kind, role as written), how it is introduced (cue), where
    (character span of the statement in its paragraph), how the speaker was found, and how sure."""

    name: str
    kind: str
    role: str
    cue: str
    start: int
    end: int
    via: str = STATED
    confidence: float = 1.0

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Attribution":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str
    role: str
    confidence: float


def read_subject(s: str, lex: Lexicon) -> Speaker | None:
    """The speaker a stripped subject names, or None (vague, a document, or not a subject)."""
    if not s or len(s) > lx.MAX_SUBJECT or lx.is_vague(s) or s in lx.PRONOUNS:
        return None
    names = lex.names
    alias = lex.aliases.get(s)
    if alias:  # 周总理, 习主席: a surname and a title the archive also writes after the full name
        return Speaker(alias, PERSON, s[1:], 0.9)
    if s in names:
        if lex.title_suffix(s) == s:
            return None
        return Speaker(s, PERSON, "", 0.97 if names[s] >= 3 else 0.9)
    for size in range(2, min(10, len(s) - 1) + 1):  # a role then a known name: 国务院总理李强
        tail, head = s[-size:], s[:-size]
        if tail in names and not head.endswith("·"):
            sure = lex.title_suffix(head) or lx.org_head(head)
            return Speaker(tail, PERSON, head, 0.96 if sure else 0.85)
    tags = lx.jieba_tags()
    for size in range(min(10, len(s) - 1), 1, -1):  # a known name then its title: 习近平总书记
        head, tail = s[:size], s[size:]
        if head in names and (tail in lex.titles or lex.title_suffix(tail) or title_word(tail, tags)) \
                and len(tail) <= 6:
            return Speaker(head, PERSON, tail, 0.95)
    for size in range(2, min(10, len(s) - 1) + 1):  # a learned title then an unknown name
        tail, head = s[-size:], s[:-size]
        if lex.title_suffix(head) and lx.name_shaped(tail, tags) and not lex.title_prefix(tail) \
                and not lex.title_suffix(tail):
            return Speaker(tail, PERSON, head, 0.8)
    for size in (2, 3, 4, 5):  # a role no archive title list holds, written as a title (国防大臣罗夫莱斯)
        tail, head = s[-size:], s[:-size]
        if len(head) >= 2 and title_word(head, tags) and lx.name_shaped(tail, tags) \
                and tags.get(tail, "nr").startswith("nr"):
            return Speaker(tail, PERSON, head, 0.75)
    for size in (2, 3):  # an unknown name then a title (陈群委员)
        head, tail = s[:size], s[size:]
        if tail and (tail in lex.titles or title_word(tail, tags) == tail) and lx.name_shaped(head, tags) \
                and tags.get(head, "nr").startswith("nr"):
            return Speaker(head, PERSON, tail, 0.75)
    if 2 <= len(s) <= 6 and lx.name_shaped(s, tags) and tags.get(s, "nr").startswith("nr") \
            and not lx.org_head(s) and not lx.has_word_inside(s, tags):  # a name the archive does not know yet, alone
        return Speaker(s, PERSON, "", 0.7)
    if s in lex.titles:  # 总书记: a role alone names the person who holds it (resolved later)
        return Speaker("", PERSON, s, 0.0)
    if s in lex.orgs:
        return Speaker(s, ORGANISATION, "", 0.95)
    if (suffix := lex.title_suffix(s)) and len(s) > len(suffix):  # an office: 外交部发言人
        return Speaker(s, ORGANISATION, "", 0.85)
    if (word := title_word(s, tags)) and len(s) > len(word) + 1 and lx.HAN.match(s):
        return Speaker(s, ORGANISATION, "", 0.75)  # an office by its title's form: 商务部有关负责人
    if lx.org_head(s) and len(s) >= 2 and lx.HAN.match(s):
        return Speaker(s, ORGANISATION, "", 0.8 if len(s) > 2 else 0.7)
    return None


_TITLE_ENDS = ("长", "理", "席", "记", "任", "员", "臣", "相", "统", "使", "官", "人", "王", "问")


def title_word(s: str, tags: dict[str, str]) -> str:
    """The dictionary noun a role ends with when it is shaped as a title (大臣, 总书记, 巡视员)."""
    for n in (4, 3, 2):
        w = s[-n:]
        if len(s) >= n and w.endswith(_TITLE_ENDS) and tags.get(w, "")[:1] == "n" and not tags[w].startswith("nr") \
                and tags[w] != "ns":
            return w
    return ""


class NameFinder:
    """Finds learned person names mentioned in text (for resolving 他/她)."""

    def __init__(self, lex: Lexicon):
        names = sorted((n for n, c in lex.names.items() if c >= 2 and len(n) >= 2), key=len, reverse=True)
        self.re = re.compile("|".join(map(re.escape, names))) if names else None

    def first_per_sentence(self, text: str) -> list[tuple[int, str]]:
        """The first name of each sentence of `text`, with its position."""
        if self.re is None:
            return []
        out, pos = [], 0
        for sentence in re.split(r"(?<=[。！？；])", text):
            m = self.re.search(sentence)
            if m:
                out.append((pos + m.start(), m.group()))
            pos += len(sentence)
        return out


def attribute_paragraph(text: str, lex: Lexicon, context: dict, names: NameFinder) -> list[Attribution]:
    """The statements of one paragraph. `context` carries the document's last person (and the
    people holding each role) from paragraph to paragraph."""
    found: list[tuple[int, Attribution]] = []  # (subject start, attribution)
    quoted_spans: list[tuple[int, int]] = []
    for m in lx.QUOTE_CUE_RE.finditer(text):
        subj = lx.strip_subject(m.group(2))
        found += [(m.start(2), a) for a in _make_all(text, subj, m.group(3), m.start(1), m.end(1), lex,
                                                     context, names, m.start(2))]
        quoted_spans.append((m.start(2), m.end(3)))
    for subj, cue, lo, cue_end in lx.subjects(text):
        if any(a <= lo < b for a, b in quoted_spans):
            continue
        found += [(lo, a) for a in _make_all(text, subj, cue, cue_end + 1, len(text), lex, context, names, lo)]
    found = [(lo, a) for lo, a in found if a is not None]
    found.sort(key=lambda p: p[0])
    out: list[Attribution] = []
    for i, (lo, a) in enumerate(found):
        if a.end == len(text):  # a statement runs to the next one's subject, or the paragraph's end
            nxt = next((n for n, _ in found[i + 1:] if n > a.start), len(text))
            a = Attribution(a.name, a.kind, a.role, a.cue, a.start, max(a.start, nxt), a.via, a.confidence)
        if a.kind == PERSON and a.via == STATED:
            context["last"] = a.name
        out.append(a)
    return _merge(out)


def _merge(atts: list[Attribution]) -> list[Attribution]:
    """One statement per speaker run: 李强指出，…李强强调，… stay two; the same span twice is one."""
    seen: set[tuple[str, int]] = set()
    out = []
    for a in atts:
        if (a.name, a.start) not in seen:
            seen.add((a.name, a.start))
            out.append(a)
    return out


def _make_all(text: str, subj: str, cue: str, start: int, end: int, lex: Lexicon, context: dict,
              names: NameFinder, at: int) -> list[Attribution]:
    """The speakers of one subject: one, or each of a list (英国、德国方面; 莱恩斯和迪克), or the
    person a list of roles ends with (中共中央总书记、国家主席、中央军委主席习近平)."""
    parts = [p for p in subj.split("、") if p] if cue not in WEAK_CUES else [subj]
    if len(parts) == 1 and ("和" in subj or "与" in subj):
        pair = re.split("[和与]", subj)
        tags = lx.jieba_tags()
        if len(pair) == 2 and all(p in lex.names or (lx.name_shaped(p, tags) and tags.get(p, "nr").startswith("nr"))
                                  for p in pair):
            parts = pair
    if len(parts) <= 1:
        a = _make(text, subj, cue, start, end, lex, context, names, at)
        return [a] if a else []
    last = _make(text, parts[-1], cue, start, end, lex, context, names, at)
    if last is not None and last.kind == PERSON and last.role:
        return [last]
    made = [_make(text, p, cue, start, end, lex, context, names, at) for p in parts]
    if any(a is None for a in made) or len(parts) > 4:  # not a list of speakers: a list of roles or things
        return []
    return made


def _make(text: str, subj: str, cue: str, start: int, end: int, lex: Lexicon, context: dict,
          names: NameFinder, at: int) -> Attribution | None:
    if subj in lx.PRONOUNS:
        name, sure = _antecedent(text[:at], context, names)
        if not name:
            return None
        return Attribution(name, PERSON, context.get("roles", {}).get(name, ""), cue, start, end,
                           PRONOUN, sure)
    sp = read_subject(subj, lex)
    if sp is None:
        return None
    if cue in WEAK_CUES and sp.confidence < 0.85 and subj not in lex.orgs:
        return None  # 按照…部署要求，: a noun, not a body demanding
    if not sp.name:  # a role alone: the person the document named with it
        holder = context.get("holders", {}).get(sp.role)
        if not holder:
            return None
        return Attribution(holder, PERSON, sp.role, cue, start, end, PRONOUN, 0.85)
    if sp.kind == PERSON and sp.role:
        context.setdefault("roles", {})[sp.name] = sp.role
        context.setdefault("holders", {})[lex.title_suffix(sp.role) or sp.role] = sp.name
    return Attribution(sp.name, sp.kind, sp.role, cue, start, end, STATED, sp.confidence)


def _antecedent(before: str, context: dict, names: NameFinder) -> tuple[str, float]:
    """The person 他/她 refers to: the subject of the last sentence before it in the paragraph
    that names someone, else the document's last speaker."""
    mentions = names.first_per_sentence(before)
    if mentions:
        return mentions[-1][1], 0.9
    last = context.get("last")
    if last:
        return last, 0.85
    mentions = names.first_per_sentence(context.get("previous", ""))
    if mentions:  # the paragraph before names someone without quoting them
        return mentions[-1][1], 0.8
    return "", 0.0


def attribute_document(paragraphs: list[str], lex: Lexicon, names: "NameFinder | None" = None
                       ) -> tuple[list[list[Attribution]], Attribution | None]:
    """Every paragraph's statements, and the presenter of a report (from its header line)."""
    names = names or NameFinder(lex)
    context: dict = {}
    out = []
    for p in paragraphs:
        out.append(attribute_paragraph(p, lex, context, names) if _has_cue(p) else [])
        context["previous"] = p
    return out, presenter(paragraphs, lex)


def _has_cue(text: str) -> bool:
    return lx.CUE_RE.search(text) is not None or ("”" in text and lx.QUOTE_CUE_RE.search(text) is not None)


def presenter(paragraphs: list[str], lex: Lexicon | None = None) -> Attribution | None:
    """A report's presenter from its header line: the speaker of the whole report (cue 报告)."""
    found = presenter_of(paragraphs)
    return Attribution(found[0], PERSON, found[1], REPORT_CUE, 0, 0, HEADER, 0.98) if found else None


def with_presenter(atts: list[Attribution], presenter_att: Attribution | None, text: str) -> list[Attribution]:
    """A report paragraph's statements and its presenter's, who speaks the whole paragraph."""
    if presenter_att is None or any(a.name == presenter_att.name for a in atts):
        return atts
    whole = Attribution(presenter_att.name, presenter_att.kind, presenter_att.role, presenter_att.cue,
                        0, len(text), presenter_att.via, presenter_att.confidence)
    return [*atts, whole]
