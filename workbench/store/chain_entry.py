"""One log entry as the court store and a desk's replica both hold it: its payload as the
canonical JSON text its hash covers, and (on the court store) the original hash of an entry that
was re-chained on a newer head."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .eventlog import entry_hash


@dataclass(frozen=True)
class ChainEntry:
    """One log entry as stored: `payload` is its canonical JSON text (what the hash covers)."""
    seq: int
    at: str
    action: str
    payload: str
    prev_hash: str
    hash: str
    actor: str | None = None
    origin_hash: str | None = None

    def data(self) -> dict:
        try:
            value = json.loads(self.payload)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def recomputes(self, case_number: str) -> bool:
        return hash_of(case_number, self.seq, self.at, self.action, self.payload,
                       self.prev_hash, self.actor) == self.hash

    def rechained(self, case_number: str, seq: int, prev: str) -> "ChainEntry":
        h = hash_of(case_number, seq, self.at, self.action, self.payload, prev, self.actor)
        return ChainEntry(seq, self.at, self.action, self.payload, prev, h, self.actor, self.hash)


def hash_of(case_number: str, seq: int, at: str, action: str, payload: str, prev: str,
            actor: str | None) -> str:
    """eventlog.entry_hash, with the acting user when the entry names one (the store's log
    covers the actor once the service records it; an entry without one hashes as before)."""
    if actor is None:
        return entry_hash(case_number, seq, at, action, payload, prev)
    return entry_hash(case_number, seq, at, action, payload, prev, actor)  # type: ignore[call-arg]


