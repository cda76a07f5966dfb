"""Voice commands for the courtroom evidence display: 证据三, 下一页, 放大, 关闭 …

The phrases come from a table per language (`resources/voice/<lang>.json`), several natural
phrasings per command, `{n}` standing for a number in any of its spoken forms. The table lists
what people say; phrases the recogniser confuses stay in it and the decision rule copes. Vosk's
grammar mode alone is not enough: it lets words of different phrases mix ("증거 이 삼 번" for
"증거 이 번") and never says "none" — any sentence comes out as command words, and the Korean
model has no [unk] word to absorb the rest. So each clip is decoded twice, side by side:

1. With a graph that accepts exactly one whole phrase of the table (grammar.py writes it, with a
   wide lattice), asking for an n-best list: the nearest phrases acoustically, with scores.
2. Freely (the model's own language model), which scores the best thing that could have been
   said.

command_rule.py turns the two into one of three outcomes: a command to carry out, a command to
confirm on screen (`confirm`: the candidates are shown and the judge says or clicks which), or
`none`. Speech longer than any command is never one.

A model without a lookahead graph (the large vosk-model-cn) cannot take a phrase graph; there the
free decode's text is matched to the nearest phrase by pronunciation (vocabulary.py) instead.
"""

from __future__ import annotations

import json
import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import NotFound, Text
from ..resources import resource
from .audio import Audio, load_audio
from .command_rule import ACT, CONFIRM, Confusions, Hypotheses, Key, Rule, decide
from .engine import EnginePool, Job, Segment, shared_pool
from .grammar import build_phrase_model, missing_words, supports_phrase_grammar, vocabulary
from .models import SpeechModel
from .parallel import frame_energy_db

COMMANDS = ("evidence", "next_page", "previous_page", "first_page", "last_page", "zoom_in",
            "zoom_out", "close")
NONE = "none"
CONFIRM_COMMAND = "confirm"  # the outcome "ask on screen"; `candidates` holds what to ask about
MAX_SPEECH = 3.5  # seconds; no command takes longer to say
NBEST = 20
MIN_SIMILARITY = 0.75  # pronunciation similarity for the free-text fallback
PAD = 0.3  # silence added around a clip so the recogniser sees its start and end


@dataclass
class VoiceCommand:
    """A command to carry out, `none`, or `confirm` (ask on screen about `candidates`)."""
    command: str
    number: int | None = None
    heard: str = ""
    phrase: str = ""
    score: float = 0.0
    candidates: list[tuple[str, int | None]] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        return {NONE: NONE, CONFIRM_COMMAND: CONFIRM}.get(self.command, ACT)

    def to_json(self) -> dict:
        out = {"command": self.command, "number": self.number, "heard": self.heard}
        if self.candidates:
            out["candidates"] = [{"command": c, "number": n} for c, n in self.candidates]
        return out

    def __str__(self) -> str:
        if self.command == CONFIRM_COMMAND:
            return "confirm? " + " | ".join(c + (f" {n}" if n is not None else "")
                                            for c, n in self.candidates)
        return self.command + (f" {self.number}" if self.number is not None else "")


@dataclass(frozen=True)
class Phrase:
    command: str
    number: int | None
    text: str


@dataclass
class CommandTable:
    language: str
    phrases: list[Phrase]

    @property
    def grammar(self) -> list[str]:
        return sorted({p.text for p in self.phrases})

    def to_json(self) -> dict:
        return {"language": self.language, "phrases": [asdict(p) for p in self.phrases]}


def table_path(language: str) -> Path:
    return resource("voice", f"{language}.json")


@lru_cache(maxsize=8)
def load_table(language: str) -> CommandTable:
    path = table_path(language)
    if not path.is_file():
        have = sorted(p.stem for p in path.parent.glob("*.json")) if path.parent.is_dir() else []
        raise NotFound(Text(f"没有“{language}”语言的语音指令表（{path}）；已有：{'、'.join(have) or '无'}：{', '.join(have) or 'none'}",
                            f"no voice-command table for language '{language}'; available: {', '.join(have) or 'none'}"))
    return parse_table(json.loads(path.read_text(encoding="utf-8")))


def parse_table(raw: dict) -> CommandTable:
    numbers = {int(k): v for k, v in raw.get("numbers", {}).items()}
    phrases: list[Phrase] = []
    for command, texts in raw["commands"].items():
        if command not in COMMANDS:
            raise NotFound(Text(f"未知的语音指令 {command}", f"unknown voice command '{command}'"))
        for text in texts:
            if "{n}" in text:
                for n, forms in sorted(numbers.items()):
                    phrases += [Phrase(command, n, text.replace("{n}", f)) for f in forms]
            else:
                phrases.append(Phrase(command, None, text))
    return CommandTable(raw.get("language", ""), phrases)


def speech_seconds(pcm: np.ndarray, rate: int) -> float:
    db = frame_energy_db(pcm, rate)
    if db.size == 0:
        return 0.0
    peak = float(np.percentile(db, 99))
    if peak < -55:
        return 0.0
    return float((db > max(peak - 35, -55)).sum()) * 0.01


def _best(segments: list[Segment]) -> tuple[float, str]:
    """Score and text of the best path, summed over the segments a clip came out in."""
    score, texts = 0.0, []
    for s in segments:
        if s.alternatives:
            score += float(s.alternatives[0].get("confidence", 0.0))
            texts.append(s.alternatives[0].get("text", ""))
        elif s.text:
            texts.append(s.text)
    return score, " ".join(t for t in texts if t).strip()


def _nbest(segments: list[Segment]) -> list[tuple[str, float]]:
    """The phrase graph's alternatives, best first (a clip comes out as one segment, or none)."""
    out: list[tuple[str, float]] = []
    for s in segments:
        for a in s.alternatives:
            text = a.get("text", "").strip()
            if text:
                out.append((text, float(a.get("confidence", 0.0))))
    return sorted(out, key=lambda t: -t[1])


def _cache_dir() -> Path:
    # Rebuildable (a few MB of word list per model): the temp folder, one per user.
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"workbench-voice-{uid}"


class CommandRecognizer:
    """Recognises commands of one table with one model; keeps its two worker pools warm."""

    def __init__(self, model: SpeechModel, table: CommandTable | None = None, *,
                 pool: EnginePool | None = None, cache_dir: Path | None = None,
                 rule: Rule | None = None,
                 pools: Callable[[str | Path, int], EnginePool] | None = None) -> None:
        """`pools(model_path, workers)` makes the phrase graph's pool (default: the process-wide
        shared one); a listener passes its own so that stopping it ends every worker."""
        self.model = model
        self.table = table or load_table(model.language)
        self.pool = pool or shared_pool(model.path)
        self.rule = rule or Rule()
        self.phrases = {p.text: p for p in self.table.phrases}
        self.keys: dict[str, Key] = {t: (p.command, p.number) for t, p in self.phrases.items()}
        self.confusions = Confusions(self.keys, self.table.language)
        self.unknown: list[str] = []
        self.phrase_pool: EnginePool | None = None
        if supports_phrase_grammar(model.path):
            words = vocabulary(model.path)
            self.unknown = missing_words(self.phrases, words)
            # Phrases with a word the model cannot say are left out rather than failing all.
            usable = [p for p in self.phrases if all(w in words for w in p.split())]
            graph = build_phrase_model(model.path, usable, cache_dir or _cache_dir())
            self.phrase_pool = (pools or shared_pool)(graph, 1)

    def hypotheses(self, pcm: np.ndarray, rate: int) -> Hypotheses | None:
        """The two decodes of a clip (None: no speech, or too long for a command)."""
        speech = speech_seconds(pcm, rate)
        if speech <= 0.05 or speech > MAX_SPEECH or self.phrase_pool is None:
            return None
        pad = np.zeros(int(PAD * rate), dtype=np.int16)
        clip = np.concatenate([pad, pcm.astype(np.int16), pad])
        with ThreadPoolExecutor(1) as ex:  # the two decodes run side by side in their workers
            free_job = ex.submit(self.pool.run, [Job(clip, rate, None, 1, reuse=True)])
            forced = self.phrase_pool.run([Job(clip, rate, None, NBEST, reuse=True)])[0]
            free = free_job.result()[0]
        free_score, heard = _best(free)
        return Hypotheses(speech, _nbest(forced), free_score, heard)

    def warm_up(self, rate: int) -> None:
        """Decode a moment of quiet as a clip would be: the kept recognisers build their search
        graphs now (~1.5 s each on first use) rather than on the first command said."""
        quiet = np.random.default_rng(0).normal(0, 20, int(0.5 * rate)).astype(np.int16)
        self.pool.run([Job(quiet, rate, None, 1, reuse=True)])
        if self.phrase_pool is not None:
            self.phrase_pool.run([Job(quiet, rate, None, NBEST, reuse=True)])

    def recognise(self, pcm: np.ndarray, rate: int) -> VoiceCommand:
        """The command said in a short clip of int16 mono audio, `confirm`, or `none`."""
        if self.phrase_pool is None:
            speech = speech_seconds(pcm, rate)
            if speech <= 0.05 or speech > MAX_SPEECH:
                return VoiceCommand(NONE)
            pad = np.zeros(int(PAD * rate), dtype=np.int16)
            return self._by_pronunciation(np.concatenate([pad, pcm.astype(np.int16), pad]), rate)
        h = self.hypotheses(pcm, rate)
        return VoiceCommand(NONE) if h is None else self.decide(h)

    def decide(self, h: Hypotheses) -> VoiceCommand:
        d = decide(h, self.keys, self.confusions, self.rule)
        heard = h.heard or d.phrase
        if d.outcome == ACT and d.key is not None:
            return VoiceCommand(d.key[0], d.key[1], heard, d.phrase, d.margin)
        if d.outcome == CONFIRM:
            return VoiceCommand(CONFIRM_COMMAND, None, heard, d.phrase, d.margin,
                                list(d.candidates))
        return VoiceCommand(NONE, heard=h.heard, phrase=d.phrase, score=d.margin)

    def _by_pronunciation(self, clip: np.ndarray, rate: int) -> VoiceCommand:
        from .vocabulary import similarity

        _, heard = _best(self.pool.run([Job(clip, rate, None, 1, reuse=True)])[0])
        if not heard:
            return VoiceCommand(NONE)
        best = max(self.table.phrases,
                   key=lambda p: similarity(p.text, heard, self.table.language))
        score = similarity(best.text, heard, self.table.language)
        if score < MIN_SIMILARITY:
            return VoiceCommand(NONE, heard=heard, phrase=best.text, score=score)
        return VoiceCommand(best.command, best.number, heard, best.text, score)


_recognizers: dict[tuple[str, str], CommandRecognizer] = {}


def recognise_command(source: Path | str | Audio, model: SpeechModel, *,
                      pool: EnginePool | None = None,
                      table: CommandTable | None = None) -> VoiceCommand:
    audio = source if isinstance(source, Audio) else load_audio(source, model.sample_rate)
    key = (model.path, model.language)
    rec = _recognizers.get(key) if table is None else None
    if rec is None:
        rec = CommandRecognizer(model, table, pool=pool)
        if table is None:
            _recognizers[key] = rec
    return rec.recognise(audio.mono(), audio.rate)
