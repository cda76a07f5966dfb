"""Long recordings decoded in parallel: cut at silences, one piece per free worker, merged back.

A cut inside a word would lose or garble it, so pieces end in the middle of the longest pause
near each target length; Vosk restarts its endpointing there just as it would after any pause,
so the merged words match a single sequential decode except, rarely, right beside a cut. A
recogniser adapts to the voice and the room as it goes (i-vectors, cepstral means); a fresh one
starting cold at each cut would hear the first sentences differently, so each piece is decoded
from a few seconds before its cut (from a pause there) and the words of that warm-up dropped.
Pieces shrink as the recording is used up (guided self-scheduling): the first ones are long, so
that there are few cuts and little warm-up decoded twice, the last ones short, so that no core
idles long at the end — also when another program takes part of a core and the workers do not
advance at the same pace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..tasks import CancelToken, ProgressFn, report
from .engine import EnginePool, Job, Segment
from ..errors import Text

FRAME = 0.01  # seconds per energy frame
MIN_PIECE = 20.0  # seconds; every cut costs a little accuracy (a cold start, a lattice cut short)
MAX_PIECE = 240.0
SHARE = 2  # a piece is at most 1/(SHARE × workers) of what is left
WARMUP = (2.0, 6.0)  # seconds of audio before a cut decoded (and discarded) to adapt


@dataclass(frozen=True)
class Piece:
    start: int  # sample index: words from here on belong to this piece
    end: int
    decode_from: int = -1  # where decoding starts (before `start`: the warm-up); -1 = start

    @property
    def first(self) -> int:
        return self.start if self.decode_from < 0 else self.decode_from


def frame_energy_db(x: np.ndarray, rate: int, frame: float = FRAME) -> np.ndarray:
    """Mean power of each frame in dB (full scale 0 dB); silence of digital zeros is -100 dB."""
    n = max(1, int(rate * frame))
    usable = x[: x.size // n * n].astype(np.float32) / 32768.0
    if usable.size == 0:
        return np.zeros(0, dtype=np.float32)
    power = (usable.reshape(-1, n) ** 2).mean(axis=1)
    return (10 * np.log10(power + 1e-10)).astype(np.float32)


def silence_threshold(db: np.ndarray) -> float:
    """Between the noise floor and the speech level, nearer the floor."""
    if db.size == 0:
        return -60.0
    floor, speech = np.percentile(db, 10), np.percentile(db, 95)
    return float(floor + max(6.0, 0.3 * (speech - floor)))


def silences(db: np.ndarray, threshold: float, min_frames: int) -> list[tuple[int, int]]:
    """Runs of frames under the threshold, at least `min_frames` long, as (start, end) frames."""
    quiet = np.concatenate([[False], db < threshold, [False]])
    edges = np.flatnonzero(np.diff(quiet.astype(np.int8)))
    runs = zip(edges[::2], edges[1::2])
    return [(int(a), int(b)) for a, b in runs if b - a >= min_frames]


def plan_pieces(mono: np.ndarray, rate: int, workers: int,
                piece_seconds: float | None = None) -> list[Piece]:
    """Where to cut: in the middle of the widest pause near each target length. The length is
    `piece_seconds` if given, else shrinking with what is left (see the module's note)."""
    total = mono.size
    duration = total / rate

    def size(at: float) -> float:
        if piece_seconds is not None:
            return piece_seconds
        return min(MAX_PIECE, max(MIN_PIECE, (duration - at) / (SHARE * max(1, workers))))

    if workers <= 1 or duration < 2 * size(0.0):
        return [Piece(0, total)]
    db = frame_energy_db(mono, rate)
    quiet = silences(db, silence_threshold(db), int(0.25 / FRAME))
    cuts = [0]
    length = size(0.0)
    target = length
    while target < duration - length / 2:
        lo, hi = (target - length / 3) / FRAME, (target + length / 3) / FRAME
        near = [(b - a, (a + b) // 2) for a, b in quiet if lo <= (a + b) / 2 <= hi]
        if near:
            frame = max(near)[1]
        else:  # no pause of a quarter second: cut at the quietest frame in the window
            a, b = int(lo), min(int(hi), db.size)
            frame = a + int(np.argmin(db[a:b])) if b > a else int(target / FRAME)
        cut = int(frame * FRAME * rate)
        if cut > cuts[-1] + rate:
            cuts.append(cut)
        length = size(cut / rate)
        target = cut / rate + length
    cuts.append(total)
    return [Piece(a, b, _warmup_start(a, quiet, rate)) for a, b in zip(cuts, cuts[1:]) if b > a]


def _warmup_start(cut: int, quiet: list[tuple[int, int]], rate: int) -> int:
    if cut == 0:
        return -1
    lo, hi = (cut / rate - WARMUP[1]) / FRAME, (cut / rate - WARMUP[0]) / FRAME
    inside = [(a + b) // 2 for a, b in quiet if lo <= (a + b) / 2 <= hi]
    frame = max(inside) if inside else (cut / rate - WARMUP[0]) / FRAME
    return max(0, int(frame * FRAME * rate))


def decode_parallel(pool: EnginePool, mono: np.ndarray, rate: int, *,
                    progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                    piece_seconds: float | None = None) -> list[Segment]:
    """Segments of the whole recording with absolute times, in order."""
    pieces = plan_pieces(mono, rate, pool.size, piece_seconds)
    jobs = [Job(mono[p.first:p.end], rate) for p in pieces]
    total = max(1, int(mono.size / rate))

    def seconds_done(s: float) -> None:
        report(progress, min(int(s), total), total,
               Text("识别中", f"transcribing {int(s) // 60}:{int(s) % 60:02d}"))

    results = pool.run(jobs, seconds_done if progress else None, cancel)
    return merge(pieces, results, rate)


def merge(pieces: Sequence[Piece], results: Sequence[list[Segment]], rate: int) -> list[Segment]:
    out: list[Segment] = []
    for piece, segs in zip(pieces, results):
        offset = piece.first / rate
        begin = piece.start / rate
        for s in segs:
            # Words of the warm-up belong to the piece before; the cut lies in a pause, so no
            # word straddles it.
            words = [w.shifted(offset) for w in s.words if w.start + offset >= begin - 0.01]
            if words:
                out.append(Segment(words, " ".join(w.word for w in words), s.alternatives))
    return out


def decode_sequential(pool: EnginePool, mono: np.ndarray, rate: int) -> list[Segment]:
    """The reference: the whole recording in one recogniser (tests and the benchmark)."""
    return pool.run([Job(mono, rate)])[0]
