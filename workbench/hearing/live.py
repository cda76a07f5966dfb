"""Live transcription of a hearing as it happens, every microphone to disk as it goes.

Frames arrive from the courtroom's microphones (one channel per seat; the GUI reads them with
QtMultimedia, a test from a PulseAudio source). Each block is written to a WAV file at once and
the header rewritten and the file fsynced every half second, so a crash or a power cut leaves a
valid, playable recording of everything up to the last half second (and `repair_wav` recovers the
rest). The channels are mixed and streamed to a recogniser worker that answers every block with a
partial result; when it closes an utterance, its words are given to seats by channel energy,
exactly as for a file.
"""

from __future__ import annotations

import os
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .audio import resample, to_int16
from .engine import Worker, _segment
from .models import SpeechModel
from .seats import FRAME, attribute_power
from .transcript import Transcript, Utterance
from ..errors import Text

SYNC_EVERY = 0.5  # seconds of audio between header rewrites + fsync
CHUNK = 0.1  # seconds of audio per message to the recogniser: what bounds the partials' delay


def _header(rate: int, channels: int, data_bytes: int) -> bytes:
    block = channels * 2
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE" + b"fmt " +
            struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * block, block, 16) +
            b"data" + struct.pack("<I", data_bytes))


class CrashSafeWav:
    """A 16-bit PCM WAV that is valid on disk at every moment, give or take the last sync."""

    def __init__(self, path: Path | str, rate: int, channels: int) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.rate, self.channels = rate, channels
        self.fh = open(self.path, "wb")
        self.fh.write(_header(rate, channels, 0))
        self.data_bytes = 0
        self._since_sync = 0
        self._sync()

    def write(self, frames: np.ndarray) -> None:
        data = np.ascontiguousarray(frames, dtype="<i2").tobytes()
        self.fh.write(data)
        self.data_bytes += len(data)
        self._since_sync += len(data)
        if self._since_sync >= SYNC_EVERY * self.rate * self.channels * 2:
            self._sync()

    def _sync(self) -> None:
        # Data first, then the header that claims it: the header never promises unsynced bytes.
        self.fh.flush()
        os.fsync(self.fh.fileno())
        pos = self.fh.tell()
        self.fh.seek(0)
        self.fh.write(_header(self.rate, self.channels, self.data_bytes))
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.seek(pos)
        self._since_sync = 0

    @property
    def seconds(self) -> float:
        return self.data_bytes / (self.rate * self.channels * 2)

    def close(self) -> None:
        if not self.fh.closed:
            self._sync()
            self.fh.close()


def repair_wav(path: Path | str) -> float:
    """After a crash: make the header claim every whole frame on disk; returns the duration."""
    p = Path(path)
    with open(p, "r+b") as fh:
        head = fh.read(44)
        if len(head) < 44 or head[:4] != b"RIFF" or head[36:40] != b"data":
            raise ValueError(Text(f"不是本程序录制的 WAV：{p}", f"not a recording made here: {p}"))
        channels, rate = struct.unpack("<HI", head[22:28])
        size = p.stat().st_size - 44
        size -= size % (channels * 2)
        fh.seek(0)
        fh.write(_header(rate, channels, size))
        fh.flush()
        os.fsync(fh.fileno())
    return size / (rate * channels * 2)


@dataclass
class Partial:
    text: str
    at: float  # time.monotonic() when it arrived
    audio_seconds: float  # how much audio had been sent when it arrived


class LiveTranscriber:
    """Feed it blocks of int16 frames (frames × channels); it records and recognises them.

    Callbacks run on a reader thread: `on_partial(Partial)` whenever the text of the utterance
    in progress changes, `on_final(list[Utterance])` when the recogniser closes one (it may hold
    several speakers). A GUI must hand them to its own thread (the recorder view uses signals).
    """

    def __init__(self, model: SpeechModel, out_path: Path | str, *, rate: int, channels: int,
                 roles: Sequence[str] | None = None, worker: Worker | None = None,
                 on_partial: Callable[[Partial], None] | None = None,
                 on_final: Callable[[list[Utterance]], None] | None = None) -> None:
        self.model = model
        self.rate, self.channels = rate, channels
        self.roles = list(roles or [])
        self.wav = CrashSafeWav(out_path, rate, channels)
        self.on_partial, self.on_final = on_partial, on_final
        self.utterances: list[Utterance] = []
        self.partials: list[Partial] = []
        self._power: list[np.ndarray] = []
        self._rest = np.zeros((0, channels), dtype=np.int16)  # frames short of a power frame
        self._pending: list[np.ndarray] = []
        self._pending_frames = 0
        self._sent_seconds = 0.0
        self._last_partial = ""
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self.own_worker = worker is None
        self.worker = worker or Worker(model.path)
        self.worker.wait_ready()
        self.worker.send(("open", 1, model.sample_rate, None))
        self._reader = threading.Thread(target=self._read, name="live-recogniser", daemon=True)
        self._reader.start()

    # -- audio in --------------------------------------------------------------------------------
    def feed(self, frames: np.ndarray | bytes) -> None:
        if isinstance(frames, (bytes, bytearray, memoryview)):
            frames = np.frombuffer(frames, dtype="<i2").reshape(-1, self.channels)
        frames = frames.reshape(-1, self.channels)
        self.wav.write(frames)
        self._measure(frames)
        self._pending.append(frames)
        self._pending_frames += frames.shape[0]
        if self._pending_frames >= CHUNK * self.rate:
            self._send()

    def _measure(self, frames: np.ndarray) -> None:
        x = np.concatenate([self._rest, frames]) if self._rest.size else frames
        n = int(self.rate * FRAME)
        whole = x.shape[0] // n * n
        if whole:
            f = x[:whole].astype(np.float32) / 32768.0
            with self._lock:
                self._power.append((f.reshape(-1, n, self.channels) ** 2).mean(axis=1).T)
        self._rest = x[whole:]

    def _send(self) -> None:
        block = np.concatenate(self._pending)
        self._pending, self._pending_frames = [], 0
        mono = block.astype(np.int32).sum(axis=1)
        mono16 = np.clip(mono, -32768, 32767).astype(np.int16)
        if self.rate != self.model.sample_rate:
            mono16 = to_int16(resample(mono16.astype(np.float32) / 32768.0, self.rate,
                                       self.model.sample_rate))
        self._sent_seconds += block.shape[0] / self.rate
        self.worker.send(("feed", 1, mono16.tobytes()))

    # -- results ---------------------------------------------------------------------------------
    def _read(self) -> None:
        conn = self.worker.conn
        while True:
            try:
                kind, _sid, payload = conn.recv()
            except (EOFError, OSError):
                break
            if kind == "partial":
                if payload and payload != self._last_partial:
                    self._last_partial = payload
                    p = Partial(payload, time.monotonic(), self._sent_seconds)
                    self.partials.append(p)
                    if self.on_partial:
                        self.on_partial(p)
            elif kind == "final":
                self._last_partial = ""
                self._final(payload)
            elif kind == "closed":
                break
        self._closed.set()

    def _final(self, result: dict) -> None:
        seg = _segment(result)
        if seg is None or not seg.words:
            return
        with self._lock:
            power = np.concatenate(self._power, axis=1) if self._power else \
                np.zeros((self.channels, 0), dtype=np.float32)
        utts = attribute_power(power, [seg], self.roles if self.channels > 1 else None,
                               self.model.language)
        if self.channels > 1 and not self.roles:
            for u in utts:
                u.role = f"channel{(u.channel or 0) + 1}"
        self.utterances += utts
        if self.on_final:
            self.on_final(utts)

    def close(self, timeout: float = 30.0) -> Transcript:
        """Stop: the last words are recognised, the recording closed; the transcript so far."""
        if self._pending:
            self._send()
        try:
            self.worker.send(("close", 1))
        except Exception:  # noqa: BLE001 - a dead worker: keep what was recognised
            self._closed.set()
        self._closed.wait(timeout)
        self.wav.close()
        if self.own_worker:
            self.worker.close()
        t = Transcript(list(self.utterances), self.wav.seconds, self.model.language,
                       self.model.name, self.channels,
                       self.roles or [f"channel{i + 1}" for i in range(self.channels)]
                       if self.channels > 1 else [])
        t.audio_name = self.wav.path.name
        return t
