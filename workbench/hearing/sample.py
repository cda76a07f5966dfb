"""Synthetic courtroom recordings made with espeak-ng: one voice per seat, leakage between the
microphones, room noise. For the demo court, the tests and the benchmark; never for a real case.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..errors import Text, UserError
from .audio import resample, to_int16

# Ordinary things said at a Korean civil hearing (the only model these machines have is Korean).
KO_SENTENCES = (
    "지금부터 재판을 시작하겠습니다",
    "원고는 피고에게 삼천만 원을 빌려주었습니다",
    "피고는 돈을 모두 갚았다고 주장합니다",
    "증거로 계약서를 제출하겠습니다",
    "피고는 원고의 청구를 인정하지 않습니다",
    "다음 기일은 다음 달로 정하겠습니다",
    "원고 측 증인은 법정에 출석하였습니까",
    "저는 그 자리에 함께 있었습니다",
    "이자는 매달 지급하기로 약속하였습니다",
    "피고는 답변서를 제출하였습니다",
    "조정 의사가 있는지 묻겠습니다",
    "원고는 조정에 동의합니다",
    "피고는 분할 상환을 원합니다",
    "변론을 종결하겠습니다",
    "판결은 다음 주에 선고하겠습니다",
    "증인은 사실대로 말씀해 주십시오",
)
VOICES = ("ko", "ko+m3", "ko+f2", "ko+m7", "ko+f4")


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


@lru_cache(maxsize=512)
def _speak_cached(text: str, voice: str, rate: int, speed: int, pitch: int) -> bytes:
    import soundfile as sf

    exe = shutil.which("espeak-ng")
    if exe is None:
        raise UserError(Text("需要 espeak-ng 合成语音", "espeak-ng is needed to synthesise speech"))
    wav = subprocess.run([exe, "-v", voice, "-s", str(speed), "-p", str(pitch), "--stdout", text],
                         capture_output=True, check=True, timeout=60).stdout
    data, src = sf.read(io.BytesIO(wav), dtype="float32", always_2d=True)
    return to_int16(resample(data[:, 0], src, rate)).tobytes()


def speak(text: str, voice: str = "ko", rate: int = 16000, speed: int = 150,
          pitch: int = 50) -> np.ndarray:
    """One utterance as int16 mono at `rate`, trimmed of espeak's leading and trailing silence."""
    x = np.frombuffer(_speak_cached(text, voice, rate, speed, pitch), dtype=np.int16)
    loud = np.flatnonzero(np.abs(x) > 300)
    return x[loud[0]:loud[-1] + 1].copy() if loud.size else x


@dataclass
class Turn:
    """One utterance in the made-up hearing: who said it, what, and where it lies in the audio."""
    channel: int
    text: str
    start: float = 0.0
    end: float = 0.0


def courtroom(turns: list[tuple[int, str]], channels: int, rate: int = 16000, *,
              gap: float = 0.9, leakage_db: float = -20.0, noise_db: float = -62.0,
              overlap: float = 0.0, seed: int = 7, lead: float = 0.5,
              speed: int = 150) -> tuple[np.ndarray, list[Turn]]:
    """A recording with one microphone per channel: (samples int16 (frames, channels), turns).

    Each seat speaks with its own voice; every other microphone hears it `leakage_db` lower and a
    few milliseconds later (sound crosses the room); `overlap` seconds of each turn start before
    the previous one ends, for brief interruptions.
    """
    rng = np.random.default_rng(seed)
    clips = []
    for ch, text in turns:
        voice = VOICES[ch % len(VOICES)]
        clips.append((ch, text, speak(text, voice, rate, speed, 40 + 12 * (ch % 4)).astype(np.float32)))
    starts = []
    t = lead
    for ch, text, clip in clips:
        starts.append(t)
        t += clip.size / rate + gap - overlap
    total = int((t + lead) * rate)
    dry = np.zeros((total, channels), dtype=np.float32)
    out_turns = []
    for (ch, text, clip), s in zip(clips, starts):
        a = int(s * rate)
        dry[a:a + clip.size, ch] += clip
        out_turns.append(Turn(ch, text, round(s, 3), round(s + clip.size / rate, 3)))
    gain = 10 ** (leakage_db / 20)
    wet = dry.copy()
    for src in range(channels):
        for dst in range(channels):
            if src != dst:
                delay = int(rate * 0.004 * (1 + abs(src - dst)))
                wet[delay:, dst] += gain * dry[: total - delay, src]
    wet += rng.normal(0, 32768 * 10 ** (noise_db / 20), wet.shape).astype(np.float32)
    return np.clip(np.round(wet), -32768, 32767).astype(np.int16), out_turns


def hearing_script(n: int, channels: int, seed: int = 1) -> list[tuple[int, str]]:
    """`n` turns that pass the word between seats the way a hearing does (judge most often)."""
    rng = np.random.default_rng(seed)
    out, prev = [], -1
    for i in range(n):
        ch = int(rng.integers(0, channels))
        if ch == prev:
            ch = (ch + 1) % channels
        out.append((ch, KO_SENTENCES[(i * 5 + int(rng.integers(0, 3))) % len(KO_SENTENCES)]))
        prev = ch
    return out
