"""The transcript of a hearing: utterances (who, when, what) with their words, as plain records.

The same records serve the CLI's JSON, the record editor and the filed 庭审笔录; `to_json` /
`from_json` round-trip them so each saved version can be kept as a blob beside its audio.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

from .engine import Word

# Roles a seat may have, in the order a record lists speakers.
ROLES = ("judge", "clerk", "plaintiff", "defendant", "third_party", "witness", "agent", "other")
ROLE_CN = {"judge": "审判员", "clerk": "书记员", "plaintiff": "原告", "defendant": "被告",
           "third_party": "第三人", "witness": "证人", "agent": "代理人", "other": "其他"}
ROLE_EN = {"judge": "Judge", "clerk": "Clerk", "plaintiff": "Plaintiff", "defendant": "Defendant",
           "third_party": "Third party", "witness": "Witness", "agent": "Agent", "other": "Other"}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def join_words(words: Iterable[str], language: str = "") -> str:
    """Vosk separates every word by a space; Chinese is written without them."""
    out = ""
    prev = ""
    for w in words:
        if out and not (_CJK.search(prev[-1:]) and _CJK.search(w[:1])):
            out += " "
        out += w
        prev = w
    return out


def role_label(role: str | None, lang: str = "zh") -> str:
    if not role:
        return ""
    m = re.fullmatch(r"channel(\d+)", role)
    if m:  # a seat nobody named: its microphone's number
        return f"声道{m.group(1)}" if lang == "zh" else f"Channel {m.group(1)}"
    table = ROLE_CN if lang == "zh" else ROLE_EN
    return table.get(role, role)


@dataclass
class Utterance:
    start: float
    end: float
    text: str
    role: str | None = None
    channel: int | None = None
    words: list[Word] = field(default_factory=list)
    edited: bool = False

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["words"] = [[w.word, w.start, w.end, round(w.conf, 3)] for w in self.words]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Utterance":
        words = [Word(w[0], float(w[1]), float(w[2]), float(w[3]) if len(w) > 3 else 1.0)
                 for w in d.get("words", [])]
        return cls(float(d["start"]), float(d["end"]), str(d.get("text", "")), d.get("role"),
                   d.get("channel"), words, bool(d.get("edited", False)))


@dataclass
class Transcript:
    utterances: list[Utterance]
    duration: float
    language: str = ""
    model: str = ""
    channels: int = 1
    roles: list[str] = field(default_factory=list)  # role of each channel, by channel index
    audio_sha256: str = ""
    audio_name: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[Word]:
        return [w for u in self.utterances for w in u.words]

    @property
    def text(self) -> str:
        return "\n".join(u.text for u in self.utterances)

    def at(self, seconds: float) -> int:
        """Index of the utterance being spoken at `seconds` (or the last one begun), -1 if none."""
        found = -1
        for i, u in enumerate(self.utterances):
            if u.start <= seconds + 1e-6:
                found = i
            else:
                break
        return found

    def to_json(self) -> dict[str, Any]:
        return {"format": "workbench-transcript/1", "duration": round(self.duration, 3),
                "language": self.language, "model": self.model, "channels": self.channels,
                "roles": list(self.roles), "audio_sha256": self.audio_sha256,
                "audio_name": self.audio_name, "warnings": list(self.warnings),
                "utterances": [u.to_json() for u in self.utterances],
                "words": [{"word": w.word, "start": w.start, "end": w.end} for w in self.words]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Transcript":
        return cls([Utterance.from_json(u) for u in d.get("utterances", [])],
                   float(d.get("duration", 0.0)), d.get("language", ""), d.get("model", ""),
                   int(d.get("channels", 1)), list(d.get("roles", [])),
                   d.get("audio_sha256", ""), d.get("audio_name", ""), list(d.get("warnings", [])))


def parse_roles(text: str | None) -> list[str]:
    """--roles judge,plaintiff,defendant (English keys or 审判员,原告,被告), one per channel."""
    if not text:
        return []
    back = {v: k for k, v in ROLE_CN.items()}
    out = []
    for part in re.split(r"[,，、\s]+", text.strip()):
        if part:
            out.append(back.get(part, part.lower()))
    return out
