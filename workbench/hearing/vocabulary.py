"""Case vocabulary fix-up: the parties' names, the cause and key terms of the case correct
recognised words that sound alike, as suggestions the clerk accepts or ignores.

A general model does not know 张三丰 from 张山峰; the case file does. We compare pronunciations,
not letters: for Chinese the toneless pinyin of each character (pypinyin), with the confusions
of southern Mandarin (z/zh, n/l, an/ang …) counted as near misses; for Korean the jamo of each
syllable; for anything else the letters. A stretch of an utterance that sounds like a term but
is not written like it becomes a suggestion.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from .transcript import Transcript

THRESHOLD = 0.8
# Pairs that many speakers (and recognisers) do not keep apart: a substitution costs less.
_NEAR = {frozenset(p) for p in (("z", "zh"), ("c", "ch"), ("s", "sh"), ("n", "l"), ("f", "h"),
                                 ("r", "l"), ("an", "ang"), ("en", "eng"), ("in", "ing"),
                                 ("ian", "iang"), ("uan", "uang"), ("on", "ong"))}
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
             "x", "r", "z", "c", "s", "y", "w")
_HAN = re.compile(r"[\u3400-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Term:
    text: str
    kind: str = "term"  # party | agent | cause | term


@dataclass
class Suggestion:
    utterance: int
    start: int  # character offsets in the utterance's text
    end: int
    original: str
    replacement: str
    score: float
    kind: str = "term"


@lru_cache(maxsize=4096)
def _pinyin(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin
    return lazy_pinyin(ch, style=Style.NORMAL)[0]


def _split_syllable(py: str) -> tuple[str, str]:
    for ini in _INITIALS:
        if py.startswith(ini) and len(py) > len(ini):
            return ini, py[len(ini):]
    return "", py


def units(text: str, language: str = "") -> list[str]:
    """The sound units of a text: pinyin syllables, Hangul jamo, or letters."""
    out: list[str] = []
    for ch in text:
        if ch.isspace():
            continue
        if _HAN.match(ch):
            out.append(_pinyin(ch))
        elif _HANGUL.match(ch):
            out += list(unicodedata.normalize("NFD", ch))
        else:
            out.append(ch.lower())
    return out


def _unit_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if frozenset((a, b)) in _NEAR:
        return 0.3
    ia, fa = _split_syllable(a)
    ib, fb = _split_syllable(b)
    if len(a) > 1 and len(b) > 1:  # two pinyin syllables: half for each differing half
        ci = 0.0 if ia == ib else 0.15 if frozenset((ia, ib)) in _NEAR else 0.5
        cf = 0.0 if fa == fb else 0.15 if frozenset((fa, fb)) in _NEAR else 0.5
        return ci + cf
    return 1.0


def similarity(a: str, b: str, language: str = "") -> float:
    """1.0 for the same pronunciation, falling towards 0 with each differing sound."""
    ua, ub = units(a, language), units(b, language)
    if not ua or not ub:
        return 0.0
    prev = [float(j) for j in range(len(ub) + 1)]
    for i, x in enumerate(ua, 1):
        cur = [float(i)]
        for j, y in enumerate(ub, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + _unit_cost(x, y)))
        prev = cur
    return max(0.0, 1.0 - prev[-1] / max(len(ua), len(ub)))


def terms_from_case(case: object, extra: Iterable[str] = ()) -> list[Term]:
    """Party and agent names, the cause of action, and terms the clerk adds."""
    out: list[Term] = []
    for p in getattr(case, "parties", []) or []:
        out.append(Term(p.name, "party"))
        rep = getattr(p, "representative", None)
        if rep is not None and getattr(rep, "name", ""):
            out.append(Term(rep.name, "party"))
        for a in getattr(p, "agents", []) or []:
            if getattr(a, "name", ""):
                out.append(Term(a.name, "agent"))
    cause = getattr(case, "cause", "")
    if cause:
        out.append(Term(cause, "cause"))
        if cause.endswith("纠纷") and len(cause) > 3:
            out.append(Term(cause[:-2], "cause"))
    out += [Term(t, "term") for t in extra if t]
    seen: set[str] = set()
    return [t for t in out if not (t.text in seen or seen.add(t.text))]  # type: ignore[func-returns-value]


def suggest(transcript: Transcript, terms: Sequence[Term], threshold: float = THRESHOLD,
            language: str | None = None) -> list[Suggestion]:
    """Stretches of utterances that sound like a case term but are written otherwise."""
    lang = transcript.language if language is None else language
    out: list[Suggestion] = []
    for i, u in enumerate(transcript.utterances):
        chars = [(k, c) for k, c in enumerate(u.text) if not c.isspace()]
        taken: list[tuple[int, int]] = []
        found: list[Suggestion] = []
        for term in terms:
            n = len(term.text.replace(" ", ""))
            for size in (n, n - 1, n + 1):
                if size < 2 or size > len(chars):
                    continue
                for a in range(len(chars) - size + 1):
                    start, end = chars[a][0], chars[a + size - 1][0] + 1
                    window = u.text[start:end]
                    if term.text.replace(" ", "") in window.replace(" ", ""):
                        continue  # already written right (with a neighbour in the window)
                    score = similarity(window, term.text, lang)
                    if score >= threshold:
                        found.append(Suggestion(i, start, end, window, term.text, round(score, 3),
                                                term.kind))
        # Best first, and no two suggestions for the same stretch of text.
        for s in sorted(found, key=lambda s: (-s.score, s.start)):
            if all(s.end <= a or s.start >= b for a, b in taken):
                taken.append((s.start, s.end))
                out.append(s)
    return sorted(out, key=lambda s: (s.utterance, s.start))


def apply(transcript: Transcript, suggestion: Suggestion) -> None:
    """Accept one suggestion (the text must still be as it was when suggested)."""
    u = transcript.utterances[suggestion.utterance]
    if u.text[suggestion.start:suggestion.end] != suggestion.original:
        return
    u.text = u.text[:suggestion.start] + suggestion.replacement + u.text[suggestion.end:]
    u.edited = True
