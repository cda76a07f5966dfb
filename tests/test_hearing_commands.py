"""Voice commands with the real Korean model on espeak-ng speech, and the case vocabulary."""

from __future__ import annotations

import json

import numpy as np
import pytest

from test_hearing_support import *  # noqa: F403 - fixtures
from test_hearing_support import write_wav
from workbench.cli import main
from workbench.hearing import sample
from workbench.hearing.commands import COMMANDS, CommandRecognizer, load_table, parse_table
from workbench.hearing.grammar import missing_words, vocabulary
from workbench.hearing.transcript import Transcript, Utterance
from workbench.hearing.vocabulary import Term, apply, similarity, suggest, terms_from_case

RATE = 16000
# Two phrasings of every command, as a judge would say them, and evidence numbers.
SAID = [("next_page", None, "다음 페이지"), ("next_page", None, "넘겨 주세요"),
        ("previous_page", None, "이전 페이지"), ("previous_page", None, "이전 쪽"),
        ("first_page", None, "맨 앞 페이지"), ("first_page", None, "첫째 페이지"),
        ("last_page", None, "마지막 페이지"), ("last_page", None, "맨 뒤 페이지"),
        ("zoom_in", None, "크게"), ("zoom_in", None, "확대"),
        ("zoom_out", None, "작게"), ("zoom_out", None, "작게 보여 주세요"),
        ("close", None, "그만 보기"), ("close", None, "화면 닫아 주세요"),
        ("evidence", 2, "증거 이 번"), ("evidence", 3, "증거 삼 번"),
        ("evidence", 6, "증거 여섯 번"), ("evidence", 9, "증거 아홉 번"),
        ("evidence", 8, "증거 여덟 번 띄워 주세요")]
NOT_COMMANDS = ["네 알겠습니다", "잠시만요", "이의 있습니다", "증인은 앉으세요", "그렇습니다",
                "아닙니다", "원고 대리인 말씀하세요", "다음 기일에 뵙겠습니다",
                "피고 측 의견은 어떻습니까", "기록에 남겨 주세요",
                "원고는 피고에게 삼천만 원을 빌려주었습니다", "변론을 종결하겠습니다",
                "피고는 답변서를 제출하였습니다", "증거로 계약서를 제출하겠습니다"]


def test_tables_are_data_with_several_phrasings():
    for lang in ("ko", "zh"):
        table = load_table(lang)
        by_command: dict[str, set[str]] = {}
        for p in table.phrases:
            by_command.setdefault(p.command, set()).add(p.text)
        assert set(by_command) == set(COMMANDS)
        assert all(len(v) >= 2 for k, v in by_command.items() if k != "evidence")
        assert {p.number for p in table.phrases if p.command == "evidence"} >= set(range(1, 21))
    t = parse_table({"numbers": {"1": ["一"], "2": ["二", "两"]},
                     "commands": {"evidence": ["证据 {n}"], "close": ["关闭"]}})
    assert [(p.command, p.number, p.text) for p in t.phrases] == [
        ("evidence", 1, "证据 一"), ("evidence", 2, "证据 二"), ("evidence", 2, "证据 两"),
        ("close", None, "关闭")]


def test_every_korean_phrase_is_in_the_model_vocabulary(ko_model):
    words = vocabulary(ko_model.path)
    assert len(words) > 100000
    assert missing_words(load_table("ko").grammar, words) == []


@pytest.fixture(scope="module")
def recognizer(ko_model, ko_pool, tmp_path_factory):
    return CommandRecognizer(ko_model, pool=ko_pool, cache_dir=tmp_path_factory.mktemp("voice"))


def test_spoken_commands_are_recognised(recognizer, need_espeak):
    right, wrong = 0, []
    for command, number, text in SAID:
        got = recognizer.recognise(sample.speak(text, "ko", RATE), RATE)
        if (got.command, got.number) == (command, number):
            right += 1
        else:
            wrong.append((text, str(got), got.phrase))
    assert right >= 0.9 * len(SAID), wrong


def test_ordinary_sentences_are_not_commands(recognizer, need_espeak):
    nones = [recognizer.recognise(sample.speak(t, "ko", RATE), RATE) for t in NOT_COMMANDS]
    false = [(t, str(c), c.phrase) for t, c in zip(NOT_COMMANDS, nones) if c.command != "none"]
    assert len(false) <= 0.1 * len(NOT_COMMANDS), false
    assert recognizer.recognise(np.zeros(RATE, np.int16), RATE).command == "none"


def test_cli_voice_command(tmp_path, capsys, ko_model, recognizer, need_espeak):
    clip = write_wav(tmp_path / "cmd.wav", sample.speak("증거 삼 번", "ko", 22050), 22050)
    assert main(["voice-command", str(clip), "--model", ko_model.path, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["command"] == "evidence" and out["number"] == 3 and "heard" in out
    quiet = write_wav(tmp_path / "quiet.wav", np.zeros(RATE, np.int16), RATE)
    assert main(["voice-command", str(quiet), "--model", ko_model.path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"command": "none", "number": None, "heard": ""}


def test_case_vocabulary_suggestions():
    assert similarity("张三丰", "张山峰", "zh") > 0.9
    assert similarity("原告", "被告", "zh") < 0.8
    t = Transcript([Utterance(0, 3, "原告张山峰要求被告王小名归还借款"),
                    Utterance(3, 6, "本案是民间接待纠纷")], 6, "zh")

    class P:
        def __init__(self, name):
            self.name, self.agents, self.representative = name, [], None

    class C:
        parties = [P("张三丰"), P("王晓明")]
        cause = "民间借贷纠纷"

    terms = terms_from_case(C, ["借条"])
    assert Term("民间借贷", "cause") in terms and Term("借条", "term") in terms
    found = suggest(t, terms)
    assert [(s.utterance, s.original, s.replacement) for s in found] == [
        (0, "张山峰", "张三丰"), (0, "王小名", "王晓明"), (1, "民间接待纠纷", "民间借贷纠纷")]
    for s in reversed(found):
        apply(t, s)
    assert t.utterances[0].text == "原告张三丰要求被告王晓明归还借款"
    assert t.utterances[1].text == "本案是民间借贷纠纷" and t.utterances[1].edited
    ko = Transcript([Utterance(0, 1, "원고 김철주 씨")], 1, "ko")
    assert [s.replacement for s in suggest(ko, [Term("김철수", "party")])] == ["김철수"]
