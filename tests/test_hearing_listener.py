"""Voice commands from a live stream (issue 14): the end-pointer cuts the microphone's blocks into
clips, each is recognised by the real Korean model in spawned workers, results come in order."""

from __future__ import annotations

import multiprocessing as mp
import os
import time

import numpy as np
import pytest

from test_hearing_support import *  # noqa: F403 - fixtures
from workbench.errors import NotFound
from workbench.hearing import sample
from workbench.hearing.listener import LISTENING, STOPPED, CommandListener, EndPointer, command_model

RATE = 16000
BLOCK = 1600  # 100 ms, what the GUI's capture hands over


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds), np.int16)


def _with_room_noise(x: np.ndarray, seed: int = 1) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(0, 40, x.size)  # about -58 dBFS of hiss
    return np.clip(x + noise, -32768, 32767).astype(np.int16)


def _stream(parts: list[tuple[str, str] | float]) -> np.ndarray:
    """Speech (text, espeak-ng voice) and pauses (seconds), as one stream with room noise."""
    out = [_silence(p) if isinstance(p, float) else sample.speak(p[0], p[1], RATE) for p in parts]
    return _with_room_noise(np.concatenate(out))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


LONG = "원고는 피고에게 삼천만 원을 빌려주었습니다 피고는 돈을 모두 갚았다고 주장합니다"


def test_end_pointer_cuts_at_pauses_and_sets_long_talk_apart(need_espeak):
    x = _stream([0.8, ("다음 페이지", "ko+f3"), 1.0, ("확대", "ko+m2"), 1.0, (LONG, "ko"), 1.0])
    ep = EndPointer(RATE)
    for i in range(0, x.size, 1234):  # blocks of any size, not frame-aligned
        ep.feed(x[i:i + 1234])
    assert [c.too_long for c in ep.clips] == [False, False, True]
    first, second, talk = ep.clips
    assert 0.5 < first.start < 0.85 and first.end < second.start < talk.start
    assert talk.end - talk.start > 3.5 and talk.pcm.size == 0  # talk is not kept, only noted
    assert 0.3 < first.pcm.size / RATE < 2.5
    # Hiss alone is no speech, however long.
    quiet = EndPointer(RATE)
    quiet.feed(_with_room_noise(_silence(20.0)))
    assert quiet.clips == [] and quiet.flush() == []


@pytest.fixture(scope="module")
def heard_stream(ko_model, need_espeak):
    """One listener over a stream: two commands in other voices, a long sentence, a third."""
    x = _stream([0.8, ("다음 페이지", "ko+f3"), 1.0, (LONG, "ko+m3"), 1.0,
                 ("확대", "ko+m2"), 1.0])
    before = {p.pid for p in mp.active_children()}
    states: list[str] = []
    order: list[str] = []
    listener = CommandListener(ko_model, on_state=states.append,
                               on_result=lambda h: order.append(h.command.command)).start()
    for i in range(0, x.size, BLOCK):  # fed faster than real time: clips queue up while loading
        listener.feed(x[i:i + BLOCK].tobytes())
    deadline = time.monotonic() + 60
    while listener.state != LISTENING and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = listener.worker_pids()
    results = listener.stop(drain=True)
    time.sleep(0.1)
    return dict(results=results, order=order, states=states, pids=pids, before=before)


def test_two_commands_in_one_stream_come_out_in_order(heard_stream):
    results = heard_stream["results"]
    acted = [(h.command.command, h.command.number) for h in results if h.command.outcome == "act"]
    assert acted == [("next_page", None), ("zoom_in", None)], [str(h.command) for h in results]
    assert heard_stream["order"] == [h.command.command for h in results]  # the callback, in order
    starts = [h.start for h in results]
    assert starts == sorted(starts)
    assert heard_stream["states"][:2] == ["loading", "listening"] and \
        heard_stream["states"][-1] == STOPPED


def test_an_ordinary_long_sentence_is_no_command(heard_stream):
    talk = [h for h in heard_stream["results"] if h.end - h.start > 3.5]
    assert len(talk) == 1 and talk[0].too_long and talk[0].command.command == "none"
    assert len(heard_stream["results"]) == 3


def test_stopping_leaves_no_worker_process(heard_stream):
    pids = heard_stream["pids"]
    assert len(pids) == 2  # the free decode and the phrase graph, each in its own process
    assert not any(_alive(p) for p in pids)
    assert {p.pid for p in mp.active_children()} <= heard_stream["before"]


def test_stop_while_the_model_loads_is_prompt_and_leaves_nothing(ko_model):
    before = {p.pid for p in mp.active_children()}
    listener = CommandListener(ko_model).start()
    deadline = time.monotonic() + 10
    while not listener.worker_pids() and time.monotonic() < deadline:
        time.sleep(0.02)
    pids = listener.worker_pids()
    assert pids
    t0 = time.monotonic()
    listener.stop()  # not drained: nothing waits for the model
    assert time.monotonic() - t0 < 8
    assert not any(_alive(p) for p in pids) and not listener.running
    assert {p.pid for p in mp.active_children()} <= before
    listener.feed(_silence(1.0))  # a late block from the microphone is ignored, no error


def test_no_model_installed_is_a_clear_error(tmp_path):
    with pytest.raises(NotFound) as e:
        command_model(tmp_path / "data")
    assert "未安装语音模型" in e.value.args[0].zh and "speech model" in e.value.args[0].en
