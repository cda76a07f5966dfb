"""A corpus of spoken voice commands and ordinary courtroom sentences, made with espeak-ng and sox.

Every clip is one phrase of the command table (or one ordinary sentence) said by one espeak-ng
voice variant at one speed and pitch, through one room (sox reverb) with one kind and level of
noise. The variations are split in two BEFORE any tuning and the split is fixed here:

* `TUNING`: the five voices the project's own sample audio uses (`workbench.hearing.sample`) and
  two more, middle speeds and pitches, light noise, little reverb. Thresholds of the decision
  rule are set on these clips only.
* `HELD_OUT`: other voices and variants (among them klatt synthesis and whisper-like voices),
  speeds, pitches, noise kinds, levels and rooms that tuning never sees, and sentences that
  tuning never sees. Figures are reported on these.

Nothing is committed but this file: clips are made into a temporary folder at bench or test
time, deterministically from a seed.

    python tests/voice_corpus/commands.py OUT_DIR [--split held_out] [--commands 160] [--sentences 50]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RATE = 16000


@dataclass(frozen=True)
class Split:
    name: str
    voices: tuple[str, ...]
    speeds: tuple[int, ...]  # espeak-ng words per minute
    pitches: tuple[int, ...]  # espeak-ng 0..99
    noises: tuple[tuple[str, float], ...]  # (kind, SNR in dB; inf = none)
    reverbs: tuple[int, ...]  # sox reverberance %, 0 = dry
    sentences: tuple[str, ...]


TUNING = Split(
    "tuning",
    voices=("ko", "ko+m3", "ko+f2", "ko+m7", "ko+f4", "ko+m1", "ko+f3"),
    speeds=(135, 150, 165),
    pitches=(40, 50, 60),
    noises=(("none", float("inf")), ("white", 30.0), ("white", 22.0)),
    reverbs=(0, 20),
    sentences=(
        "지금부터 재판을 시작하겠습니다", "원고는 피고에게 삼천만 원을 빌려주었습니다",
        "피고는 돈을 모두 갚았다고 주장합니다", "증거로 계약서를 제출하겠습니다",
        "피고는 원고의 청구를 인정하지 않습니다", "다음 기일은 다음 달로 정하겠습니다",
        "원고 측 증인은 법정에 출석하였습니까", "저는 그 자리에 함께 있었습니다",
        "이자는 매달 지급하기로 약속하였습니다", "피고는 답변서를 제출하였습니다",
        "조정 의사가 있는지 묻겠습니다", "원고는 조정에 동의합니다", "피고는 분할 상환을 원합니다",
        "변론을 종결하겠습니다", "판결은 다음 주에 선고하겠습니다", "증인은 사실대로 말씀해 주십시오",
        "네 알겠습니다", "잠시만요", "이의 있습니다", "증인은 앉으세요", "그렇습니다", "아닙니다",
        "원고 대리인 말씀하세요", "다음 기일에 뵙겠습니다", "피고 측 의견은 어떻습니까",
        "기록에 남겨 주세요",
    ),
)

HELD_OUT = Split(
    "held_out",
    voices=("ko+f1", "ko+f5", "ko+m2", "ko+m4", "ko+m6", "ko+klatt", "ko+klatt3", "ko+Andy",
            "ko+Alicia", "ko+steph", "ko+grandpa", "ko+edward", "ko+iven2", "ko+robert",
            "ko+Annie", "ko+benjamin"),
    speeds=(115, 125, 180, 195),
    pitches=(25, 33, 68, 80),
    noises=(("none", float("inf")), ("pink", 25.0), ("pink", 18.0), ("white", 15.0),
            ("babble", 15.0), ("hum", 20.0)),
    reverbs=(0, 45, 70),
    sentences=(
        "다음 증인을 부르겠습니다", "증거 목록을 확인하겠습니다", "화면이 잘 보이지 않습니다",
        "페이지 번호를 말씀해 주세요", "그 부분은 나중에 보겠습니다", "피고 대리인 의견 있으십니까",
        "원고는 청구 취지를 변경합니다", "계약서 원본을 가지고 왔습니다", "증인은 선서해 주십시오",
        "오늘은 여기까지 하겠습니다", "휴정하겠습니다", "네 맞습니다", "모르겠습니다",
        "기억이 나지 않습니다", "이 사건은 조정으로 넘기겠습니다", "잠깐만 기다려 주세요",
        "질문이 있습니다", "녹음이 되고 있습니까", "소리가 작습니다", "크게 말씀해 주세요",
        "다음 주 화요일은 어떻습니까", "첫 번째 쟁점부터 보겠습니다", "마지막으로 하실 말씀 있습니까",
        "원고 측 증거는 모두 제출되었습니까", "앞으로 나와 주세요",
    ),
)
SPLITS = {s.name: s for s in (TUNING, HELD_OUT)}


@dataclass
class Clip:
    path: str
    text: str  # what was said (as given to espeak-ng)
    command: str  # "none" for an ordinary sentence
    number: int | None
    voice: str
    speed: int
    pitch: int
    noise: str
    snr: float
    reverb: int


def have_tools() -> bool:
    return shutil.which("espeak-ng") is not None and shutil.which("sox") is not None


def _noise(kind: str, n: int, rng: np.random.Generator, babble: np.ndarray | None) -> np.ndarray:
    if kind == "white":
        return rng.normal(0, 1, n).astype(np.float32)
    if kind == "pink":  # 1/f by shaping white noise in the frequency domain
        spec = np.fft.rfft(rng.normal(0, 1, n))
        f = np.arange(spec.size, dtype=np.float64)
        f[0] = 1.0
        return np.fft.irfft(spec / np.sqrt(f), n).astype(np.float32)
    if kind == "hum":  # mains hum with harmonics, plus a little hiss
        t = np.arange(n) / RATE
        hum = sum(np.sin(2 * np.pi * 50 * k * t + k) / k for k in (1, 2, 3, 5))
        return (hum + 0.05 * rng.normal(0, 1, n)).astype(np.float32)
    if kind == "babble" and babble is not None and babble.size:  # other people talking
        start = int(rng.integers(0, max(1, babble.size - n)))
        out = np.resize(babble[start:start + n], n)
        return out.astype(np.float32)
    return np.zeros(n, dtype=np.float32)


def _synthesise(text: str, voice: str, speed: int, pitch: int, reverb: int,
                work: Path) -> np.ndarray:
    """espeak-ng, then sox (room and resampling to the model's rate); float32 mono."""
    import soundfile as sf

    raw = work / f"raw-{uuid.uuid4().hex}.wav"
    out = raw.with_name(raw.stem + "-room.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w",
                    str(raw), text], check=True, capture_output=True, timeout=60)
    effects = ["rate", str(RATE)]
    if reverb:
        effects += ["reverb", str(reverb), "50", str(40 + reverb // 2)]
    subprocess.run(["sox", str(raw), "-c", "1", str(out)] + effects, check=True,
                   capture_output=True, timeout=60)
    x, _ = sf.read(str(out), dtype="float32", always_2d=True)
    raw.unlink(missing_ok=True)
    out.unlink(missing_ok=True)
    return x[:, 0]


def _render(clip: Clip, work: Path, babble: np.ndarray | None, seed: int) -> None:
    from workbench.hearing.audio import write_wav

    rng = np.random.default_rng(seed)
    x = _synthesise(clip.text, clip.voice, clip.speed, clip.pitch, clip.reverb, work)
    loud = np.flatnonzero(np.abs(x) > 0.01)
    if loud.size:
        x = x[loud[0]:loud[-1] + 1]
    lead, tail = int(RATE * rng.uniform(0.15, 0.5)), int(RATE * rng.uniform(0.2, 0.6))
    x = np.concatenate([np.zeros(lead, np.float32), x, np.zeros(tail, np.float32)])
    x *= 10 ** (rng.uniform(-12, -3) / 20) / max(1e-4, float(np.abs(x).max()))
    if np.isfinite(clip.snr):
        n = _noise(clip.noise, x.size, rng, babble)
        p_speech = float(np.mean(x[x != 0] ** 2)) if np.any(x) else 1e-6
        p_noise = float(np.mean(n ** 2)) or 1.0
        x = x + n * np.sqrt(p_speech / p_noise / 10 ** (clip.snr / 10))
    pcm = np.clip(np.round(x * 32767), -32768, 32767).astype(np.int16)
    write_wav(clip.path, pcm, RATE)


def _command_texts(language: str) -> list[tuple[str, int | None, str]]:
    from workbench.hearing.commands import load_table
    return [(p.command, p.number, p.text) for p in load_table(language).phrases]


def plan(split: Split, out: Path, commands: int, sentences: int, seed: int = 14,
         language: str = "ko") -> list[Clip]:
    """Which clips to make: commands drawn evenly over the table's commands, then phrasings."""
    rng = random.Random(f"{split.name}-{seed}")
    by_command: dict[str, list[tuple[str, int | None, str]]] = {}
    for c, n, t in _command_texts(language):
        by_command.setdefault(c, []).append((c, n, t))
    names = sorted(by_command)
    clips: list[Clip] = []

    def variation() -> tuple:
        kind, snr = rng.choice(split.noises)
        return (rng.choice(split.voices), rng.choice(split.speeds), rng.choice(split.pitches),
                kind, snr, rng.choice(split.reverbs))

    for i in range(commands):
        command, number, text = rng.choice(by_command[names[i % len(names)]])
        if number is not None and rng.random() < 0.3:
            # Written with digits, as a clerk types it; espeak-ng reads it the Sino-Korean way.
            words = text.split()
            at = words.index("호증" if "호증" in words else "번") - 1
            if number <= 10 and at >= 0:
                words[at] = str(number)
                text = " ".join(words)
        v = variation()
        clips.append(Clip(str(out / f"c{i:04d}.wav"), text, command, number, *v))
    for i in range(sentences):
        text = split.sentences[i % len(split.sentences)]
        clips.append(Clip(str(out / f"s{i:04d}.wav"), text, "none", None, *variation()))
    return clips


def build(out: Path | str, split: str = "held_out", commands: int = 160, sentences: int = 50,
          seed: int = 14, language: str = "ko", workers: int = 4) -> list[Clip]:
    """Make the clips into `out` and write `out/clips.json`; returns the clips."""
    from workbench.hearing import sample

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    s = SPLITS[split]
    clips = plan(s, out, commands, sentences, seed, language)
    # Babble: other voices of the same split saying ordinary sentences, mixed into one track.
    rng = np.random.default_rng(seed)
    talk = [sample.speak(t, v, RATE).astype(np.float32) / 32768
            for t, v in zip(s.sentences[:6], s.voices[::-1][:6])]
    babble = np.zeros(max(t.size for t in talk) * 2, np.float32)
    for t in talk:
        at = int(rng.integers(0, babble.size - t.size))
        babble[at:at + t.size] += t
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(workers) as ex:
        list(ex.map(lambda ic: _render(ic[1], Path(tmp), babble, seed * 100003 + ic[0]),
                    enumerate(clips)))
    (out / "clips.json").write_text(json.dumps([asdict(c) for c in clips], ensure_ascii=False,
                                               indent=1), encoding="utf-8")
    return clips


def load(out: Path | str) -> list[Clip]:
    return [Clip(**c) for c in json.loads((Path(out) / "clips.json").read_text(encoding="utf-8"))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--split", choices=sorted(SPLITS), default="held_out")
    ap.add_argument("--commands", type=int, default=160)
    ap.add_argument("--sentences", type=int, default=50)
    ap.add_argument("--seed", type=int, default=14)
    a = ap.parse_args()
    clips = build(a.out, a.split, a.commands, a.sentences, a.seed)
    print(f"{len(clips)} clips in {a.out}")


if __name__ == "__main__":
    main()
