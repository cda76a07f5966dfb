"""Vosk in spawned worker processes: each loads the model once and decodes whatever it is sent.

Vosk is native code that holds the GIL while it decodes and can take the process down with it,
so it never runs in the workbench's own process. A worker is a `spawn`ed child (fork would copy
Qt and SQLite state) that loads the model (~2 s, ~0.6–0.8 GB) and then serves requests over a
pipe: whole pieces of audio for file transcription, or a stream of chunks for live recognition.
Cancelling means terminating the child; the pool starts a fresh one when next asked.
"""

from __future__ import annotations

import atexit
import json
import multiprocessing as mp
import os
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from ..errors import Cancelled, Text, WorkbenchError
from ..tasks import CancelToken

READY_TIMEOUT = 120.0  # a cold model load from a slow disk; a hung worker must not hang us
CHUNK_SECONDS = 1.0


class EngineError(WorkbenchError):
    """The recogniser failed (a worker died, or the model could not load)."""


@dataclass
class Word:
    word: str
    start: float
    end: float
    conf: float = 1.0

    def shifted(self, offset: float) -> "Word":
        return Word(self.word, round(self.start + offset, 3), round(self.end + offset, 3), self.conf)


@dataclass
class Segment:
    """One stretch of speech as Vosk's endpointing cut it: words and their text."""
    words: list[Word]
    text: str = ""
    alternatives: list[dict] = field(default_factory=list)

    @property
    def start(self) -> float:
        return self.words[0].start if self.words else 0.0

    @property
    def end(self) -> float:
        return self.words[-1].end if self.words else 0.0


def _segment(result: dict) -> Segment | None:
    if "alternatives" in result:
        alts = result["alternatives"]
        best = alts[0] if alts else {}
        words = [Word(w["word"], float(w["start"]), float(w["end"]), 1.0)
                 for w in best.get("result", [])]
        return Segment(words, best.get("text", ""), alts) if (words or best.get("text")) else None
    words = [Word(w["word"], float(w["start"]), float(w["end"]), float(w.get("conf", 1.0)))
             for w in result.get("result", [])]
    text = result.get("text", "")
    return Segment(words, text) if (words or text) else None


# ---- the child process ------------------------------------------------------------------------
def _worker_main(conn: Connection, model_path: str) -> None:
    """Runs in the spawned child. Messages are tuples; the first item names the request."""
    from ..tasks import exit_with_parent

    # The pool outlives the thread that made it (shared_pool), so no kernel signal here: the
    # parent is watched instead, and a killed transcribe leaves no worker (issue 11).
    exit_with_parent()
    try:
        from vosk import KaldiRecognizer, Model, SetLogLevel

        SetLogLevel(-1)
        model = Model(model_path)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises EngineError
        conn.send(("failed", repr(exc)))
        return
    conn.send(("ready", os.getpid()))
    parent = os.getppid()
    streams: dict[int, Any] = {}
    # Recognisers kept for short clips (voice commands): a new one spends ~1.5 s building its
    # search graph on first use, an old one ~0.1 s. Its clock runs on from clip to clip, so the
    # audio it has already heard is subtracted from the times it reports.
    kept: dict[tuple, list] = {}

    def recognizer(rate: int, grammar: list[str] | None, alternatives: int) -> Any:
        rec = (KaldiRecognizer(model, rate, json.dumps(grammar, ensure_ascii=False)) if grammar
               else KaldiRecognizer(model, rate))
        rec.SetWords(True)
        if alternatives:
            rec.SetMaxAlternatives(alternatives)
        return rec

    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        kind = msg[0]
        if kind == "decode":
            _, job, pcm, rate, grammar, alternatives, reuse = msg
            offset = 0.0
            if reuse:
                key = (rate, json.dumps(grammar), alternatives)
                if key not in kept:
                    kept[key] = [recognizer(rate, grammar, alternatives), 0.0]
                rec, offset = kept[key]
                kept[key][1] = offset + len(pcm) / 2 / rate
            else:
                rec = recognizer(rate, grammar, alternatives)
            results = []
            step = int(rate * CHUNK_SECONDS) * 2
            last_report = time.monotonic()
            for i in range(0, len(pcm), step):
                if os.getppid() != parent:  # the workbench died (killed): stop, do not decode on
                    return
                if rec.AcceptWaveform(pcm[i:i + step]):
                    results.append(json.loads(rec.Result()))
                if time.monotonic() - last_report > 0.5:
                    conn.send(("progress", job, (i + step) / 2 / rate))
                    last_report = time.monotonic()
            results.append(json.loads(rec.FinalResult()))
            if offset:
                _shift(results, -offset)
            conn.send(("done", job, results))
        elif kind == "open":
            _, sid, rate, grammar = msg
            streams[sid] = recognizer(rate, grammar, 0)
            streams[sid].SetPartialWords(False)
        elif kind == "feed":
            _, sid, pcm = msg
            rec = streams.get(sid)
            if rec is None:
                continue
            if rec.AcceptWaveform(pcm):
                conn.send(("final", sid, json.loads(rec.Result())))
            else:
                conn.send(("partial", sid, json.loads(rec.PartialResult()).get("partial", "")))
        elif kind == "close":
            _, sid = msg
            rec = streams.pop(sid, None)
            if rec is not None:
                conn.send(("final", sid, json.loads(rec.FinalResult())))
            conn.send(("closed", sid, None))
        elif kind == "ping":
            conn.send(("pong", msg[1], None))


def _shift(results: list[dict], by: float) -> None:
    for r in results:
        for words in [r.get("result", [])] + [a.get("result", []) for a in r.get("alternatives", [])]:
            for w in words:
                w["start"] = round(w["start"] + by, 4)
                w["end"] = round(w["end"] + by, 4)


# ---- the parent's side ------------------------------------------------------------------------
class Worker:
    """One spawned child with the model loaded."""

    def __init__(self, model_path: str) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, model_path), daemon=True,
                                name="vosk-worker")
        self.proc.start()
        child.close()
        self.ready = False
        self.pid = self.proc.pid
        self.started = time.monotonic()

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            self.terminate()
            raise EngineError(Text("语音模型加载超时", "the speech model did not load in time"))
        self.take_ready()

    def take_ready(self) -> None:
        """Read the child's first message (it is waiting): ready, or why it failed."""
        try:
            msg = self.conn.recv()
        except (EOFError, OSError):
            raise EngineError(Text("识别进程启动失败", "the recogniser process died while starting")) from None
        if msg[0] != "ready":
            self.terminate()
            raise EngineError(Text(f"语音模型无法加载：{msg[1]}",
                                   f"the speech model failed to load: {msg[1]}"))
        self.ready = True

    def send(self, msg: tuple) -> None:
        try:
            self.conn.send(msg)
        except (BrokenPipeError, OSError):
            raise EngineError(Text("识别进程已退出", "the recogniser process has exited")) from None

    def alive(self) -> bool:
        return self.proc.is_alive()

    def terminate(self) -> None:
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        self.proc.join(3)
        self.terminate()


@dataclass
class Job:
    pcm: np.ndarray  # int16 mono
    rate: int
    grammar: list[str] | None = None
    alternatives: int = 0
    reuse: bool = False  # a kept recogniser: fast for short clips, but it adapts from clip to clip


def default_workers() -> int:
    # Each worker holds a whole model in memory; beyond the cores it only adds memory.
    return max(1, min(os.cpu_count() or 1, 4))


class EnginePool:
    """Workers for one model. `run` spreads jobs over them, newest-free-first, and reports."""

    def __init__(self, model_path: str | Path, workers: int | None = None) -> None:
        self.model_path = str(model_path)
        self.size = workers or default_workers()
        self.workers: list[Worker] = []
        self._lock = threading.Lock()  # one run at a time: workers are not shared between runs

    def start(self, count: int | None = None) -> None:
        """Start workers and wait until every one has its model loaded."""
        for w in self.warm(count):
            w.wait_ready()

    def warm(self, count: int | None = None) -> list[Worker]:
        """Start workers without waiting (they load the model while the caller does other
        work, such as decoding the audio file); returns the ones not ready yet."""
        want = min(count or self.size, self.size)
        self.workers = [w for w in self.workers if w.alive()]
        self.workers += [Worker(self.model_path) for _ in range(want - len(self.workers))]
        return [w for w in self.workers if not w.ready]

    def close(self) -> None:
        for w in self.workers:
            w.close()
        self.workers = []

    def kill(self) -> None:
        """Terminate every child now (cancel); the next run starts fresh ones."""
        for w in self.workers:
            w.terminate()
        self.workers = []

    def decode(self, pcm: np.ndarray, rate: int, grammar: Sequence[str] | None = None,
               alternatives: int = 0) -> list[Segment]:
        return self.run([Job(pcm, rate, list(grammar) if grammar else None, alternatives)])[0]

    def run(self, jobs: Sequence[Job], progress: Callable[[float], None] | None = None,
            cancel: CancelToken | None = None) -> list[list[Segment]]:
        """Decode every job; `progress(seconds_of_audio_done)`; cancel terminates the workers."""
        with self._lock:
            return self._run(jobs, progress, cancel)

    def _run(self, jobs: Sequence[Job], progress: Callable[[float], None] | None,
             cancel: CancelToken | None) -> list[list[Segment]]:
        results: list[list[Segment] | None] = [None] * len(jobs)
        if not jobs:
            return []
        # Work starts on the first worker whose model is loaded; the others join as they load.
        loading = {id(w.conn): w for w in self.warm(min(self.size, len(jobs)))}
        # Longest first: the last job to start is then a short one and no worker idles long.
        order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i].pcm))
        busy: dict[int, tuple[Worker, int]] = {}  # id(conn) -> (worker, job index)
        partial: dict[int, float] = {}
        done_seconds = 0.0
        free = [w for w in self.workers if w.ready]
        while order or busy:
            if cancel is not None and cancel.cancelled:
                self.kill()
                raise Cancelled(Text("识别已取消", "transcription cancelled"))
            if loading:
                self._take_loaded(loading, free, bool(busy or free))
            while order and free:
                w = free.pop()
                i = order.pop(0)
                j = jobs[i]
                w.send(("decode", i, np.ascontiguousarray(j.pcm, dtype=np.int16).tobytes(),
                        j.rate, j.grammar, j.alternatives, j.reuse))
                busy[id(w.conn)] = (w, i)
            conns = [w.conn for w, _ in busy.values()] + [w.conn for w in loading.values()]
            for conn in wait(conns, timeout=0.1):
                if id(conn) in loading:
                    continue  # taken at the top of the loop
                w, i = busy[id(conn)]
                try:
                    kind, job, payload = conn.recv()
                except (EOFError, OSError):
                    self.kill()
                    raise EngineError(Text("识别进程意外退出", "a recogniser process died")) from None
                if kind == "progress":
                    partial[job] = float(payload)
                elif kind == "done":
                    results[job] = [s for s in map(_segment, payload) if s is not None]
                    partial.pop(job, None)
                    done_seconds += len(jobs[job].pcm) / jobs[job].rate
                    del busy[id(conn)]
                    free.append(w)
                if progress is not None:
                    progress(done_seconds + sum(partial.values()))
        # Workers still loading stay in the pool; their "ready" waits in the pipe for next time.
        return [r or [] for r in results]

    def _take_loaded(self, loading: dict[int, Worker], free: list[Worker],
                     others: bool) -> None:
        for key, w in list(loading.items()):
            if w.conn.poll():
                try:
                    w.take_ready()
                except EngineError:
                    del loading[key]
                    self.workers.remove(w)
                    if not (others or loading):
                        raise
                    continue
                del loading[key]
                free.append(w)
            elif time.monotonic() - w.started > READY_TIMEOUT:
                del loading[key]
                w.terminate()
                self.workers.remove(w)
                if not (others or loading):
                    raise EngineError(Text("语音模型加载超时", "the speech model did not load in time"))


_shared: dict[tuple[str, int], EnginePool] = {}
_shared_lock = threading.Lock()


def shared_pool(model_path: str | Path, workers: int | None = None) -> EnginePool:
    """One pool per model for the whole process (the GUI, a test session), closed at exit."""
    key = (str(Path(model_path).resolve()), workers or default_workers())
    with _shared_lock:
        pool = _shared.get(key)
        if pool is None:
            pool = _shared[key] = EnginePool(key[0], key[1])
        return pool


@atexit.register
def _close_shared() -> None:
    for pool in _shared.values():
        pool.close()
    _shared.clear()
