"""Field accuracy of proposals against the corpus truth, per field: the cause; each party's role,
kind, name, sex, birth date, ethnicity, address, ID number / credit code, representative and
agents; each claim's kind and amount. A field left empty and flagged counts as missed, never as
right; a field filled with a wrong value counts as wrong (the figure that matters most)."""

from __future__ import annotations

from dataclasses import dataclass, field

PARTY_FIELDS = ("role", "kind", "name", "sex", "born", "ethnicity", "address", "id_number",
                "credit_code", "representative", "agents")


@dataclass
class Tally:
    right: dict[str, int] = field(default_factory=dict)
    wrong: dict[str, int] = field(default_factory=dict)
    missed: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, want, got, where: str) -> None:
        if want is None:
            return
        if got is None or got == "":
            self.missed[key] = self.missed.get(key, 0) + 1
            self.notes.append(f"{where} {key}: missed (want {want!r})")
        elif got == want:
            self.right[key] = self.right.get(key, 0) + 1
        else:
            self.wrong[key] = self.wrong.get(key, 0) + 1
            self.notes.append(f"{where} {key}: {got!r} != {want!r}")

    def fields(self) -> list[str]:
        return sorted(set(self.right) | set(self.wrong) | set(self.missed))

    def table(self) -> str:
        rows = ["field            right  wrong  missed  accuracy"]
        for k in self.fields():
            r, w, m = self.right.get(k, 0), self.wrong.get(k, 0), self.missed.get(k, 0)
            rows.append(f"{k:<16} {r:>5}  {w:>5}  {m:>6}  {r / max(1, r + w + m):>7.1%}")
        return "\n".join(rows)

    def accuracy(self, key: str) -> float:
        r = self.right.get(key, 0)
        return r / max(1, r + self.wrong.get(key, 0) + self.missed.get(key, 0))


def _agents(p: dict):
    a = p.get("agents")
    return [(x["name"], x["title"]) for x in a] if a else None


def score(doc: dict, truth: dict, tally: Tally, where: str = "") -> None:
    """`doc`: the proposal's case JSON; `truth`: the corpus truth of that complaint."""
    tally.add("cause", truth["cause"], doc.get("cause"), where)
    got = doc.get("parties", [])
    for i, want in enumerate(truth["parties"]):
        g = got[i] if i < len(got) else {}
        w = f"{where} parties[{i}]"
        for k in PARTY_FIELDS:
            if k == "agents":
                tally.add("agents", _agents(want), _agents(g), w)
            elif k == "representative":
                tally.add(k, want.get(k) and (want[k]["name"], want[k]["title"]),
                          g.get(k) and (g[k]["name"], g[k]["title"]), w)
            else:
                tally.add(k, want.get(k), g.get(k), w)
    if len(got) != len(truth["parties"]):
        tally.add("party_count", len(truth["parties"]), len(got), where)
    claims = doc.get("claims", [])
    for i, want in enumerate(truth["claims"]):
        g = claims[i] if i < len(claims) else {}
        tally.add("claim_kind", want["kind"], g.get("kind"), f"{where} claims[{i}]")
        tally.add("claim_amount", want.get("amount"), g.get("amount"), f"{where} claims[{i}]")
    tally.add("claim_count", len(truth["claims"]), len(claims), where)
