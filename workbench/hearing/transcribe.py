"""File transcription end to end: decode the file, recognise in parallel, attribute seats."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from ..store.blobs import sha256_file
from ..tasks import CancelToken, ProgressFn, check, report
from .audio import Audio, load_audio
from .engine import EnginePool, shared_pool
from .models import SpeechModel
from .parallel import decode_parallel, decode_sequential, frame_energy_db
from .seats import attribute
from .transcript import Transcript
from ..errors import Text

# Below this, a recording is silence as far as speech goes (digital or room silence); skipping
# the recogniser there keeps it from inventing words out of hiss.
SILENCE_DBFS = -55.0
# Speech rises and falls by tens of dB from syllable to pause; steady noise (hiss, a fan, a
# recorder left on in an empty room) stays within a few.
MIN_DYNAMICS_DB = 8.0
NOISE_ONLY = Text("录音中只有噪声，未发现语音", "the recording holds only noise, no speech")


def transcribe_audio(audio: Audio, model: SpeechModel, *, roles: Sequence[str] | None = None,
                     pool: EnginePool | None = None, progress: ProgressFn | None = None,
                     cancel: CancelToken | None = None, sequential: bool = False) -> Transcript:
    pool = pool or shared_pool(model.path)
    mono = audio.mono()
    t = Transcript([], audio.duration, model.language, model.name, audio.channels,
                   list(roles or []), warnings=list(audio.warnings))
    if audio.frames == 0 or _is_silent(mono, audio.rate):
        report(progress, 1, 1, "")
        return t
    if _is_steady_noise(mono, audio.rate):
        t.warnings.append(NOISE_ONLY)
        report(progress, 1, 1, "")
        return t
    check(cancel)
    segments = (decode_sequential(pool, mono, audio.rate) if sequential
                else decode_parallel(pool, mono, audio.rate, progress=progress, cancel=cancel))
    t.utterances = attribute(audio.samples, audio.rate, segments,
                             list(roles or []) if audio.channels > 1 else None, model.language)
    if audio.channels > 1 and not roles:
        t.roles = [f"channel{i + 1}" for i in range(audio.channels)]
    return t


def transcribe_file(path: Path | str, model: SpeechModel, *, roles: Sequence[str] | None = None,
                    pool: EnginePool | None = None, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None, sequential: bool = False) -> Transcript:
    """The transcript of an audio file; its SHA-256 ties it to the recording it came from."""
    report(progress, 0, 1, Text("解码音频", "decoding audio"))
    pool = pool or shared_pool(model.path)
    pool.warm()  # the workers load the model while the file is decoded
    audio = load_audio(path, model.sample_rate)
    check(cancel)
    t = transcribe_audio(audio, model, roles=roles, pool=pool, progress=progress, cancel=cancel,
                         sequential=sequential)
    t.audio_sha256 = sha256_file(Path(path))
    t.audio_name = Path(path).name
    return t


def _is_steady_noise(mono: np.ndarray, rate: int) -> bool:
    db = frame_energy_db(mono, rate, 0.05)
    return db.size > 10 and float(np.percentile(db, 95) - np.percentile(db, 10)) < MIN_DYNAMICS_DB


def _is_silent(mono: np.ndarray, rate: int) -> bool:
    db = frame_energy_db(mono, rate)
    return db.size == 0 or float(np.percentile(db, 99)) < SILENCE_DBFS
