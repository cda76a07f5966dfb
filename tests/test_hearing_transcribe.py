"""File transcription with the real Korean model on speech made by espeak-ng: parallel decoding
loses nothing at the cuts, and each utterance goes to the seat (channel) that spoke it."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest

from test_hearing_support import *  # noqa: F403 - fixtures
from test_hearing_support import write_wav
from workbench.cli import main
from workbench.errors import Cancelled
from workbench.hearing import sample
from workbench.hearing.audio import Audio
from workbench.hearing.engine import EnginePool
from workbench.hearing.parallel import decode_parallel, decode_sequential, plan_pieces
from workbench.hearing.seats import attribute
from workbench.hearing.transcribe import transcribe_audio
from workbench.tasks import CancelToken

RATE = 16000
ROLES = ["judge", "plaintiff", "defendant"]


@pytest.fixture(scope="module")
def hearing(need_espeak, ko_pool):
    """A 3-seat hearing (~55 s) with -20 dB leakage, decoded whole and in pieces."""
    samples, turns = sample.courtroom(sample.hearing_script(12, 3, seed=5), 3, RATE,
                                      gap=1.0)
    mono = Audio(samples, RATE).mono()
    seq = decode_sequential(ko_pool, mono, RATE)
    progress: list[int] = []
    par = decode_parallel(ko_pool, mono, RATE,
                          progress=lambda d, t, m: progress.append(d))
    return samples, turns, seq, par, progress


def test_parallel_decoding_loses_nothing_at_cuts(hearing, ko_pool):
    samples, turns, seq, par, progress = hearing
    mono = Audio(samples, RATE).mono()
    assert len(plan_pieces(mono, RATE, ko_pool.size)) >= 3
    seq_words = [w for s in seq for w in s.words]
    par_words = [w for s in par for w in s.words]
    assert len(seq_words) > 3 * len(turns)
    assert abs(len(par_words) - len(seq_words)) <= 0.05 * len(seq_words)
    for w in par_words:
        assert any(t.start - 0.3 <= w.start and w.end <= t.end + 0.3 for t in turns), w
    for t in turns:
        assert any(t.start - 0.3 <= w.start and w.end <= t.end + 0.3 for w in par_words), t
    assert par_words == sorted(par_words, key=lambda w: w.start)
    assert progress and progress[-1] >= int(samples.shape[0] / RATE) - 1


def _word_error(ref: list[str], hyp: list[str]) -> float:
    import difflib
    sm = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    errors, i, j = 0, 0, 0
    for a, b, n in sm.get_matching_blocks():
        errors += max(a - i, b - j)
        i, j = a + n, b + n
    return errors / max(1, len(ref))


@pytest.mark.xfail(strict=True, reason="issue 14, open: measured 38% word error between the "
                   "parallel and the sequential decode of this 55 s hearing, against 0.9% between "
                   "two sequential decodes; the cuts/warm-up change what Vosk hears")
def test_parallel_words_are_the_sequential_words(hearing, ko_pool):
    # Vosk itself does not give the same words twice for the same audio (the model keeps state
    # from one recogniser to the next; espeak-ng speech is at the edge of what it hears), so the
    # parallel decode is held to what a second sequential decode differs by, not to zero.
    samples, _, seq, par, _ = hearing
    again = decode_sequential(ko_pool, Audio(samples, RATE).mono(), RATE)
    words = [[w.word for s in segs for w in s.words] for segs in (seq, par, again)]
    itself = _word_error(words[0], words[2])
    assert _word_error(words[0], words[1]) <= 1.5 * itself + 0.05, (itself, words[:2])


def test_work_starts_while_workers_load(ko_model, need_espeak):
    """Jobs handed over before any model is loaded are decoded right, by whichever worker is
    ready first; a worker still loading at the end stays in the pool for the next run."""
    x = [sample.speak(t, "ko", RATE) for t in sample.KO_SENTENCES[:3]]
    pool = EnginePool(ko_model.path, 2)
    try:
        assert len(pool.warm()) == 2 and not any(w.ready for w in pool.workers)
        from workbench.hearing.engine import Job
        got = pool.run([Job(a, RATE) for a in x])
        assert len(pool.workers) == 2
        again = pool.run([Job(a, RATE) for a in x])
        assert any(w.ready for w in pool.workers)
        texts = [" ".join(s.text for s in r).split() for r in got]
        other = [" ".join(s.text for s in r).split() for r in again]
        assert all(texts)
        # Each job's words came back to that job: nearer its own second decode than any other's.
        for i, t in enumerate(texts):
            assert all(_word_error(t, other[i]) < _word_error(t, other[j])
                       for j in range(len(other)) if j != i), (t, other)
    finally:
        pool.close()


def test_utterances_go_to_the_seat_that_spoke(hearing):
    samples, turns, _, par, _ = hearing
    utts = attribute(samples, RATE, par, ROLES, "ko")
    right = 0
    for u in utts:
        best = max(turns, key=lambda t: min(u.end, t.end) - max(u.start, t.start))
        right += u.role == ROLES[best.channel] and u.channel == best.channel
    assert right >= 0.95 * len(utts)
    assert len(utts) >= len(turns)
    # Every turn is covered by an utterance of its own seat.
    for t in turns:
        assert any(u.channel == t.channel and u.start < t.end and u.end > t.start for u in utts)


def test_brief_overlap_and_mono(hearing, ko_pool):
    samples, turns, _, par, _ = hearing
    mono = Audio(samples, RATE).mono()
    utts = attribute(mono[:, None], RATE, par, ROLES, "ko")
    assert utts and all(u.role is None and u.channel is None for u in utts)
    # Two seats talk over each other for 0.4 s at each change of speaker.
    over, oturns = sample.courtroom([(0, sample.KO_SENTENCES[0]), (1, sample.KO_SENTENCES[1]),
                                     (2, sample.KO_SENTENCES[2]), (0, sample.KO_SENTENCES[5])],
                                    3, RATE, overlap=0.4, seed=9)
    segs = decode_parallel(ko_pool, Audio(over, RATE).mono(), RATE)
    utts = attribute(over, RATE, segs, ROLES)
    seats_in_order = [u.channel for u in utts if u.end - u.start > 0.6]
    assert seats_in_order == [t.channel for t in oturns]


def test_silence_and_noise_give_no_crash(ko_model, ko_pool):
    silent = Audio(np.zeros((RATE * 3, 2), np.int16), RATE)
    assert transcribe_audio(silent, ko_model, pool=ko_pool).utterances == []
    rng = np.random.default_rng(0)
    noise = Audio(rng.normal(0, 800, (RATE * 3, 1)).astype(np.int16), RATE)
    t = transcribe_audio(noise, ko_model, pool=ko_pool)
    assert t.utterances == [] and "noise" in t.warnings[-1]


def test_cli_transcribe_json_with_roles(tmp_path, capsys, need_espeak, ko_model, ko_pool):
    samples, turns = sample.courtroom([(0, sample.KO_SENTENCES[0]), (2, sample.KO_SENTENCES[8]),
                                       (1, sample.KO_SENTENCES[11])], 3, 22050)
    wav = write_wav(tmp_path / "hearing.wav", samples, 22050)
    assert main(["transcribe", str(wav), "--model", ko_model.path, "--roles",
                 "judge,plaintiff,defendant", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["channels"] == 3 and out["roles"] == ROLES
    assert [u["role"] for u in out["utterances"]] == ["judge", "defendant", "plaintiff"]
    assert all(w["end"] >= w["start"] for w in out["words"])
    assert len(out["audio_sha256"]) == 64
    mono = write_wav(tmp_path / "mono.wav", samples[: int(3.8 * 22050), :2], 22050)
    assert main(["transcribe", str(mono), "--model", ko_model.path]) == 0
    text = capsys.readouterr().out.splitlines()
    assert len(text) == 1 and text[0].startswith("[00:00.") and "声道1：" in text[0]
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"")
    assert main(["transcribe", str(bad), "--model", ko_model.path]) == 2
    assert "0 字节" in capsys.readouterr().err


def test_cancel_terminates_the_workers(ko_model, need_espeak):
    pool = EnginePool(ko_model.path, 1)
    try:
        samples, _ = sample.courtroom(sample.hearing_script(8, 1, seed=2), 1, RATE)
        pool.start()
        pid = pool.workers[0].pid
        token = CancelToken()
        threading.Timer(0.5, token.cancel).start()
        with pytest.raises(Cancelled):
            decode_parallel(pool, samples[:, 0], RATE, cancel=token)
        assert pool.workers == []
        import os
        with pytest.raises(OSError):
            os.kill(pid, 0)
    finally:
        pool.close()
