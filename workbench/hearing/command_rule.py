"""The decision rule for voice commands: act, ask for confirmation on screen, or do nothing.

A wrong command is worse than none (the display jumps in front of the parties), and a command
table lists what people say, so phrases that sound alike stay in it (축소 / 확대, 증거 이 번 /
증거 일 번) and the rule has to cope. Its inputs are two decodes of the same clip:

* the n-best list of the phrase graph (only whole phrases of the table, each with the total
  log-likelihood of its path): the best phrase and how far the best phrase *of another command*
  trails it;
* the free decode (the model's own language model): the best anything could have scored, so how
  far the best phrase falls short of it says whether a phrase was said at all.

Per second of speech, `margin` = best phrase − free decode (≤ 0 mostly) and `gap` = best phrase −
best phrase of another command. Commands whose phrases sound alike need a wider gap: the required
gap grows with the pronunciation similarity of the two (Hangul jamo / pinyin, vocabulary.py),
computed from the table alone. The outcome is

* `act` when the margin and the (confusion-aware) gap are both comfortable,
* `confirm` when a phrase was plausibly said but the rival is close or the margin thin: the
  display shows the candidates and waits for the judge,
* `none` otherwise.

The thresholds were set on the tuning split of the command corpus only (tests/voice_corpus);
figures are measured on its held-out split (bench/bench_commands.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

Key = tuple[str, "int | None"]  # (command, evidence number)

ACT, CONFIRM, NONE = "act", "confirm", "none"


@dataclass(frozen=True)
class Rule:
    """Thresholds, in log-likelihood per second of speech. The defaults are what
    `bench/bench_commands.py --tune` chose on the tuning split (120 commands + 52 sentences,
    seed 14; a wrong command costing three right ones, a prompt 0.3)."""
    reject_margin: float = 8.0  # below -this: not a command at all
    act_margin: float = 8.0  # the best phrase must be within this of the free decode to act
    gap: float = 0.0  # how far the best rival command must trail …
    gap_per_similarity: float = 4.0  # … plus this times how alike the two sound (0..1)
    confirm_gap: float = 1.0  # a rival closer than this: too close even to ask about one


@dataclass
class Hypotheses:
    """What the two decodes of one clip gave."""
    speech: float  # seconds of speech in the clip
    nbest: list[tuple[str, float]]  # (phrase text, score), best first
    free_score: float = 0.0
    heard: str = ""


@dataclass
class Decision:
    outcome: str  # act | confirm | none
    key: Key | None = None
    phrase: str = ""
    margin: float = 0.0
    gap: float = 0.0
    candidates: list[Key] = field(default_factory=list)  # for confirm: best first


class Confusions:
    """How alike two commands sound: the closest pair of their phrases, 0..1."""

    def __init__(self, phrases: dict[str, Key], language: str) -> None:
        self.language = language
        self.by_key: dict[Key, list[str]] = {}
        for text, key in phrases.items():
            self.by_key.setdefault(key, []).append(text)

    def __call__(self, a: Key, b: Key) -> float:
        return _alike(tuple(sorted(self.by_key.get(a, []))), tuple(sorted(self.by_key.get(b, []))),
                      self.language)


@lru_cache(maxsize=65536)
def _alike(a: tuple[str, ...], b: tuple[str, ...], language: str) -> float:
    from .vocabulary import similarity
    return max((similarity(x, y, language) for x in a for y in b), default=0.0)


def decide(h: Hypotheses, phrases: dict[str, Key], confusions: Confusions,
           rule: Rule = Rule()) -> Decision:
    ranked: list[tuple[Key, str, float]] = []
    seen: set[Key] = set()
    for text, score in h.nbest:
        key = phrases.get(text)
        if key is None or key in seen:
            continue
        seen.add(key)
        ranked.append((key, text, score))
    if not ranked or h.speech <= 0:
        return Decision(NONE)
    key, text, best = ranked[0]
    per = max(h.speech, 0.5)
    margin = (best - h.free_score) / per
    if len(ranked) > 1:
        rival = ranked[1][0]
        gap = (best - ranked[1][2]) / per
        need = rule.gap + rule.gap_per_similarity * confusions(key, rival)
    else:
        rival, gap, need = None, float("inf"), rule.gap
    if margin < -rule.reject_margin:
        return Decision(NONE, key, text, margin, gap)
    if margin >= -rule.act_margin and gap >= need:
        return Decision(ACT, key, text, margin, gap)
    if gap < rule.confirm_gap:
        return Decision(NONE, key, text, margin, gap)
    candidates = [key] + ([rival] if rival is not None and gap < need else [])
    return Decision(CONFIRM, key, text, margin, gap, candidates)


def tune(samples: Sequence[tuple[Hypotheses, Key | None]], phrases: dict[str, Key],
         confusions: Confusions, grid: dict[str, Sequence[float]],
         wrong_cost: float = 3.0, confirm_cost: float = 0.3, false_confirm_cost: float = 0.5,
         false_act_cost: float = 3.0) -> tuple[Rule, float]:
    """The rule of the grid that scores best on `samples` (truth None = not a command).

    Utility: +1 a right act, -wrong_cost a wrong act, -confirm_cost asking about a command,
    -false_confirm_cost asking about an ordinary sentence, -false_act_cost acting on one.
    Only ever called on the tuning split.
    """
    import itertools

    names = sorted(grid)
    best: tuple[float, Rule] = (float("-inf"), Rule())
    for values in itertools.product(*(grid[n] for n in names)):
        rule = Rule(**dict(zip(names, values)))
        total = 0.0
        for h, truth in samples:
            d = decide(h, phrases, confusions, rule)
            if d.outcome == ACT:
                total += (1.0 if d.key == truth else -wrong_cost) if truth else -false_act_cost
            elif d.outcome == CONFIRM:
                total -= confirm_cost if truth else false_confirm_cost
        if total > best[0]:
            best = (total, rule)
    return best[1], best[0]
