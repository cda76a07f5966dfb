"""Voice commands from a live microphone: cut the stream into clips, recognise each, in order.

The microphone's int16 mono blocks are fed as they arrive (`feed`, cheap enough for the GUI
thread). An energy end-pointer cuts them into clips: speech starts when a few 10 ms frames in a
row rise above a threshold that follows the room's noise floor (`parallel.silence_threshold`
over the last seconds, never below an absolute floor, so digital silence is not "speech"), and
ends after a pause of `END_SILENCE`. A clip whose speech lasts longer than any command
(`commands.MAX_SPEECH`) is ordinary talk: it is never decoded, only reported as such.

Each clip goes to a CommandRecognizer on the listener's own thread; its two decodes run in
spawned Vosk workers of pools the listener owns (the free model and the phrase graph), so that
stopping the listener ends every process it started. Results come back through `on_result` in
the order the clips were spoken, on that thread — a GUI hands them to its own thread.

Starting returns at once; the model loads in the background (`on_state("loading")`, then
"listening"), and clips spoken meanwhile wait their turn. A failure (no model, a worker that
dies) goes to `on_error` and ends the listening.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import NotFound, Text
from ..tasks import CancelToken
from .commands import MAX_SPEECH, NONE, CommandRecognizer, CommandTable, VoiceCommand, load_table
from .engine import EnginePool
from .models import ModelManager, SpeechModel
from .parallel import FRAME, frame_energy_db, silence_threshold

START_FRAMES = 3  # 30 ms above the threshold: speech (a click is shorter)
END_SILENCE = 0.6  # seconds of quiet that end a clip (pauses inside a command are shorter)
PREROLL = 0.25  # seconds kept before the start, so the first sound is not cut
TAIL = 0.25  # seconds kept after the last loud frame
HISTORY = 10.0  # seconds of frame energies the noise floor is taken from
FLOOR_DB = -55.0  # never speech below this, whatever the room (digital silence is -100 dB)

LOADING, LISTENING, STOPPED = "loading", "listening", "stopped"


@dataclass
class Heard:
    """One clip of the stream and what it was: a command, `confirm`, or `none`."""
    command: VoiceCommand
    start: float  # seconds from the start of the stream
    end: float
    too_long: bool = False  # ordinary speech, longer than any command: not decoded


@dataclass
class _Clip:
    pcm: np.ndarray
    start: float
    end: float
    too_long: bool = False


@dataclass
class EndPointer:
    """Cuts a stream of int16 mono blocks into clips of speech (see the module's note)."""
    rate: int
    max_speech: float = MAX_SPEECH
    clips: list[_Clip] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.n = max(1, int(self.rate * FRAME))
        self._rest = np.zeros(0, np.int16)
        self._history: deque[float] = deque(maxlen=int(HISTORY / FRAME))
        self._before: deque[np.ndarray] = deque(maxlen=max(1, int(PREROLL / FRAME)))
        self._frame = 0  # frames seen so far
        self._loud_run = 0
        self._speech: list[np.ndarray] | None = None  # frames of the clip in progress
        self._start = 0  # its first frame (preroll included)
        self._last_loud = 0
        self._too_long = False

    @property
    def speaking(self) -> bool:
        """A clip is in progress."""
        return self._speech is not None

    def feed(self, pcm: np.ndarray) -> list[_Clip]:
        """Take a block; returns the clips it completed (also kept in `clips`)."""
        x = np.concatenate([self._rest, pcm]) if self._rest.size else pcm
        whole = x.size // self.n * self.n
        self._rest = x[whole:].copy()
        if not whole:
            return []
        frames = x[:whole].reshape(-1, self.n)
        db = frame_energy_db(x[:whole], self.rate)
        self._history.extend(db.tolist())
        threshold = max(silence_threshold(np.fromiter(self._history, np.float32)), FLOOR_DB)
        done: list[_Clip] = []
        for f, level in zip(frames, db):
            loud = level > threshold
            self._loud_run = self._loud_run + 1 if loud else 0
            if self._speech is None:
                self._before.append(f)
                if self._loud_run >= START_FRAMES:
                    self._speech = list(self._before)
                    self._start = self._frame + 1 - len(self._speech)
                    self._last_loud = self._frame
                    self._too_long = False
            else:
                if loud:
                    self._last_loud = self._frame
                speech = (self._last_loud - self._start + 1) * FRAME - PREROLL
                if speech > self.max_speech and not self._too_long:
                    self._too_long, self._speech = True, []  # talk, not a command: keep no audio
                if not self._too_long:
                    self._speech.append(f)
                if (self._frame - self._last_loud) * FRAME >= END_SILENCE:
                    done.append(self._close())
            self._frame += 1
        self.clips += done
        return done

    def _close(self) -> _Clip:
        end = self._last_loud + 1 + int(TAIL / FRAME)
        if self._too_long:
            clip = _Clip(np.zeros(0, np.int16), self._start * FRAME, self._last_loud * FRAME, True)
        else:
            pcm = np.concatenate(self._speech[: end - self._start]) if self._speech else \
                np.zeros(0, np.int16)
            clip = _Clip(pcm, self._start * FRAME, (self._last_loud + 1) * FRAME)
        self._speech, self._loud_run = None, 0
        self._before.clear()
        return clip

    def flush(self) -> list[_Clip]:
        """End the clip in progress (the stream stopped)."""
        if self._speech is None:
            return []
        clip = self._close()
        self.clips.append(clip)
        return [clip]


def command_model(data_dir: Path | str, name: str | None = None) -> SpeechModel:
    """The installed model voice commands use, checked: a clear error when there is none or
    when there is no command table in its language."""
    try:
        model = ModelManager(data_dir).get(name)
    except NotFound:
        raise NotFound(Text("未安装语音模型，语音指令不可用：请先在“庭审 › 语音模型…”中安装一个语音模型",
                            "voice commands need a speech model: install one first "
                            "(Courtroom › Speech models…)")) from None
    load_table(model.language)  # NotFound with the languages there are
    return model


class CommandListener:
    """Listens to a stream for voice commands; see the module's note."""

    def __init__(self, model: SpeechModel, *, rate: int | None = None,
                 on_result: Callable[[Heard], None] | None = None,
                 on_state: Callable[[str], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None,
                 on_speech: Callable[[], None] | None = None,
                 table: CommandTable | None = None, cache_dir: Path | None = None,
                 cancel: CancelToken | None = None) -> None:
        self.model = model
        self.rate = rate or model.sample_rate
        self.table = table or load_table(model.language)
        self.cache_dir = cache_dir
        self.on_result, self.on_state, self.on_error = on_result, on_state, on_error
        self.on_speech = on_speech
        self.cancel = cancel or CancelToken()
        self.endpointer = EndPointer(self.rate)
        self.results: list[Heard] = []
        self.state = STOPPED
        self._clips: queue.Queue[_Clip | None] = queue.Queue()
        self._pools: list[EnginePool] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._in_speech = False

    # -- control ---------------------------------------------------------------------------------
    def start(self) -> "CommandListener":
        """Begin: the model loads in the background; feeding may begin at once."""
        if self._thread is not None:
            return self
        self._set_state(LOADING)
        self._thread = threading.Thread(target=self._run, name="voice-commands", daemon=True)
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, *, drain: bool = False, timeout: float = 60.0) -> list[Heard]:
        """Stop listening and end the workers. With `drain`, the clip in progress is closed and
        every clip waiting is recognised first; without, they are dropped."""
        with self._lock:
            if drain:
                for c in self.endpointer.flush():
                    self._clips.put(c)
            else:
                self.cancel.cancel()
                while not self._clips.empty():
                    self._clips.get_nowait()
            self._clips.put(None)
        if self._thread is not None:
            self._thread.join(timeout if drain else 2.0)
            if self._thread.is_alive():  # busy in a decode, or still loading: end the workers
                self.cancel.cancel()
                self._kill()
                self._thread.join(10)
        self._close_pools()
        self._thread = None
        self._set_state(STOPPED)
        return list(self.results)

    def worker_pids(self) -> list[int]:
        with self._lock:
            return [w.pid for p in self._pools for w in p.workers]

    # -- audio in --------------------------------------------------------------------------------
    def feed(self, block: np.ndarray | bytes) -> None:
        """A block of int16 mono samples (or their little-endian bytes) as it arrives."""
        if self.cancel.cancelled:
            return
        pcm = np.frombuffer(block, dtype="<i2") if isinstance(
            block, (bytes, bytearray, memoryview)) else np.asarray(block, dtype=np.int16).ravel()
        with self._lock:
            done = self.endpointer.feed(pcm)
            for c in done:
                self._clips.put(c)
            speaking = self.endpointer.speaking
        if speaking and not self._in_speech and self.on_speech:
            self.on_speech()
        self._in_speech = speaking

    # -- the recogniser's thread -----------------------------------------------------------------
    def _pool(self, path: str | Path, workers: int) -> EnginePool:
        pool = EnginePool(path, workers)
        with self._lock:
            if self.cancel.cancelled:
                raise _Stopped
            self._pools.append(pool)
            pool.warm()  # loading starts now, beside the phrase graph's build
        return pool

    def _run(self) -> None:
        try:
            recognizer = CommandRecognizer(self.model, self.table,
                                           pool=self._pool(self.model.path, 1),
                                           cache_dir=self.cache_dir, pools=self._pool)
            for p in list(self._pools):
                p.start()
            if not self.cancel.cancelled:
                recognizer.warm_up(self.rate)
            if self.cancel.cancelled:
                return
            self._set_state(LISTENING)
            while True:
                clip = self._clips.get()
                if clip is None or self.cancel.cancelled:
                    return
                if clip.too_long:
                    cmd = VoiceCommand(NONE)
                else:
                    cmd = recognizer.recognise(clip.pcm, self.rate)
                if self.cancel.cancelled:
                    return
                heard = Heard(cmd, clip.start, clip.end, clip.too_long)
                self.results.append(heard)
                if self.on_result:
                    self.on_result(heard)
        except _Stopped:
            return
        except Exception as exc:  # noqa: BLE001 - reported; a stop's killed workers are not news
            if not self.cancel.cancelled:
                self.cancel.cancel()
                if self.on_error:
                    self.on_error(exc)
                self._kill()

    def _kill(self) -> None:
        with self._lock:
            pools = list(self._pools)
        for p in pools:
            p.kill()

    def _close_pools(self) -> None:
        with self._lock:
            pools, self._pools = self._pools, []
        for p in pools:
            p.close()

    def _set_state(self, state: str) -> None:
        self.state = state
        if self.on_state:
            self.on_state(state)


class _Stopped(Exception):
    """Stopped while the recogniser was being made."""
