"""The voice-command table and the decision rule (no model): every phrase a court uses is in the
table, and the rule acts, asks for confirmation on screen, or does nothing as a judge expects."""

from __future__ import annotations

from workbench.hearing.command_rule import ACT, CONFIRM, NONE, Confusions, Hypotheses, Rule, decide
from workbench.hearing.commands import CommandRecognizer, VoiceCommand, load_table

KO_REQUIRED = {
    "evidence": ["증거 {n} 번"], "next_page": ["다음 페이지"], "previous_page": ["이전 페이지"],
    "first_page": ["첫 페이지"], "last_page": ["마지막 페이지"], "zoom_in": ["확대"],
    "zoom_out": ["축소"], "close": ["화면 닫기"]}
ZH_REQUIRED = {
    "evidence": ["证据 {n}", "第 {n} 号证据", "出示证据 {n}"], "next_page": ["下一页"],
    "previous_page": ["上一页"], "first_page": ["第一页"], "last_page": ["最后一页"],
    "zoom_in": ["放大"], "zoom_out": ["缩小"], "close": ["关闭"]}


def _said(language: str) -> dict[tuple[str, int | None], set[str]]:
    out: dict[tuple[str, int | None], set[str]] = {}
    for p in load_table(language).phrases:
        out.setdefault((p.command, p.number), set()).add(p.text.replace(" ", ""))
    return out


def test_the_tables_hold_what_a_court_says():
    for language, required in (("ko", KO_REQUIRED), ("zh", ZH_REQUIRED)):
        said = _said(language)
        for command, phrases in required.items():
            for phrase in phrases:
                if "{n}" not in phrase:
                    assert phrase.replace(" ", "") in said[(command, None)], (language, phrase)
                    continue
                head, tail = (part.replace(" ", "") for part in phrase.split("{n}"))
                for n in range(1, 21):  # some spoken form of every number fills the slot
                    assert any(s.startswith(head) and s.endswith(tail) and len(s) > len(head + tail)
                               for s in said[(command, n)]), (language, phrase, n)
        # Natural variants: several phrasings of every command.
        per_command: dict[str, set[str]] = {}
        for (command, _), texts in said.items():
            per_command.setdefault(command, set()).update(texts)
        assert all(len(v) >= 4 for v in per_command.values()), language


TABLE = {"증거 이 번": ("evidence", 2), "증거 일 번": ("evidence", 1), "축소": ("zoom_out", None),
         "확대": ("zoom_in", None), "다음 페이지": ("next_page", None),
         "화면 닫기": ("close", None)}
CONF = Confusions(TABLE, "ko")
RULE = Rule(reject_margin=10.0, act_margin=6.0, gap=2.0, gap_per_similarity=4.0, confirm_gap=0.0)


def h(speech: float, free: float, *nbest: tuple[str, float]) -> Hypotheses:
    return Hypotheses(speech, list(nbest), free, "")


def test_a_clear_winner_is_carried_out():
    d = decide(h(1.0, 80.0, ("다음 페이지", 78.0), ("화면 닫기", 70.0)), TABLE, CONF, RULE)
    assert (d.outcome, d.key) == (ACT, ("next_page", None))


def test_a_close_rival_asks_on_screen_with_both_candidates():
    d = decide(h(1.0, 80.0, ("증거 이 번", 78.0), ("증거 일 번", 77.0)), TABLE, CONF, RULE)
    assert d.outcome == CONFIRM
    assert d.candidates == [("evidence", 2), ("evidence", 1)]


def test_phrases_that_sound_alike_need_a_wider_gap():
    # The same gap (3 per second) acts between unlike commands and asks between alike ones.
    assert CONF(("evidence", 2), ("evidence", 1)) > CONF(("next_page", None), ("close", None))
    unlike = decide(h(1.0, 80.0, ("다음 페이지", 78.0), ("화면 닫기", 75.0)), TABLE, CONF, RULE)
    alike = decide(h(1.0, 80.0, ("증거 이 번", 78.0), ("증거 일 번", 75.0)), TABLE, CONF, RULE)
    assert unlike.outcome == ACT and alike.outcome == CONFIRM


def test_a_sentence_forced_into_a_phrase_is_nothing():
    # The best phrase falls far short of what the free decode heard: not a command.
    d = decide(h(1.5, 120.0, ("축소", 90.0), ("확대", 80.0)), TABLE, CONF, RULE)
    assert d.outcome == NONE
    # A thin margin with a clear winner is not carried out either: it is asked about.
    thin = decide(h(1.0, 88.0, ("축소", 80.0)), TABLE, CONF, RULE)
    assert thin.outcome == CONFIRM and thin.candidates == [("zoom_out", None)]
    assert decide(h(1.0, 80.0), TABLE, CONF, RULE).outcome == NONE


def test_confirm_is_a_third_result_the_display_does_not_carry_out():
    rec = CommandRecognizer.__new__(CommandRecognizer)  # the decision step alone, no model
    rec.keys, rec.confusions, rec.rule = TABLE, CONF, RULE
    got = rec.decide(h(1.0, 80.0, ("증거 이 번", 78.0), ("증거 일 번", 77.5)))
    assert got.outcome == "confirm" and got.command == "confirm" and got.number is None
    assert got.to_json()["candidates"] == [{"command": "evidence", "number": 2},
                                           {"command": "evidence", "number": 1}]
    assert VoiceCommand("next_page").outcome == "act" and VoiceCommand("none").outcome == "none"
