"""Speaker by seat: each courtroom microphone is one channel, each channel one role.

Every microphone also hears the others (leakage, about -20 dB across a courtroom), and decoding
each channel separately turns that leakage into words on every channel. So the words come from
one decode of all channels mixed, and each word goes to the channel that is loudest while it is
spoken. A lone word that disagrees with both neighbours by a small margin (a cough, a brief
overlap, a word at the seam of two turns) follows its neighbours; a run of words changes the
speaker. A mono recording yields utterances without roles, for the clerk to assign.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .engine import Segment, Word
from .transcript import Utterance, join_words

FRAME = 0.01
PAD = 0.03  # seconds around a word: Vosk's times are on a 30 ms grid
WEAK_DB = 6.0  # a margin under this is not enough to overrule both neighbours
GAP = 1.2  # seconds of pause that end an utterance even when the speaker stays the same


@dataclass
class WordSeat:
    word: Word
    channel: int
    margin_db: float


def channel_power(samples: np.ndarray, rate: int) -> np.ndarray:
    """Mean power per channel per 10 ms frame, shape (channels, frames)."""
    n = max(1, int(rate * FRAME))
    frames = samples.shape[0] // n
    x = samples[: frames * n].astype(np.float32) / 32768.0
    return (x.reshape(frames, n, -1) ** 2).mean(axis=1).T


def loudest(power: np.ndarray, start: float, end: float) -> tuple[int, float]:
    """The channel with most energy in [start, end] and its margin over the next one, in dB."""
    a = max(0, int((start - PAD) / FRAME))
    b = min(power.shape[1], max(a + 1, int(np.ceil((end + PAD) / FRAME))))
    if b <= a:
        return 0, 0.0
    e = power[:, a:b].mean(axis=1)
    order = np.argsort(e)[::-1]
    top = float(e[order[0]])
    second = float(e[order[1]]) if e.size > 1 else 0.0
    return int(order[0]), float(10 * np.log10((top + 1e-12) / (second + 1e-12)))


def seat_words(samples: np.ndarray, rate: int, words: Sequence[Word]) -> list[WordSeat]:
    return seat_words_power(channel_power(samples, rate), words)


def seat_words_power(power: np.ndarray, words: Sequence[Word]) -> list[WordSeat]:
    """As seat_words, from energies already measured (the live path keeps only these)."""
    seats = [WordSeat(w, *loudest(power, w.start, w.end)) for w in words]
    for i in range(1, len(seats) - 1):
        prev, cur, nxt = seats[i - 1], seats[i], seats[i + 1]
        if (prev.channel == nxt.channel != cur.channel and cur.margin_db < WEAK_DB
                and cur.word.start - prev.word.end < GAP and nxt.word.start - cur.word.end < GAP):
            cur.channel = prev.channel
    return seats


def attribute(samples: np.ndarray, rate: int, segments: Sequence[Segment],
              roles: Sequence[str] | None = None, language: str = "") -> list[Utterance]:
    """Utterances in time order, each with the channel (and role) that carries it."""
    words = [w for s in segments for w in s.words]
    if not words:
        return []
    if samples.ndim == 1 or samples.shape[1] == 1:
        return _group([(w, None) for w in words], None, language)
    return attribute_power(channel_power(samples, rate), segments, roles, language)


def attribute_power(power: np.ndarray, segments: Sequence[Segment],
                    roles: Sequence[str] | None = None, language: str = "") -> list[Utterance]:
    words = [w for s in segments for w in s.words]
    if not words:
        return []
    if power.shape[0] == 1:
        return _group([(w, None) for w in words], None, language)
    seats = seat_words_power(power, words)
    return _group([(s.word, s.channel) for s in seats], roles or [], language)


def _group(labelled: list[tuple[Word, int | None]], roles: Sequence[str] | None,
           language: str) -> list[Utterance]:
    out: list[Utterance] = []
    run: list[Word] = []
    channel: int | None = None

    def flush() -> None:
        if run:
            role = None
            if roles is not None and channel is not None:
                role = roles[channel] if channel < len(roles) else f"channel{channel + 1}"
            out.append(Utterance(run[0].start, run[-1].end,
                                 join_words((w.word for w in run), language), role, channel,
                                 list(run)))

    for w, ch in labelled:
        if run and (ch != channel or w.start - run[-1].end > GAP):
            flush()
            run = []
        channel = ch
        run.append(w)
    flush()
    return out


def assign_role(utterances: list[Utterance], indexes: Sequence[int], role: str | None) -> None:
    """The clerk's bulk assignment (a mono recording, or a seat swapped in the courtroom)."""
    for i in indexes:
        utterances[i].role = role
