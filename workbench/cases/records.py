"""Plain records of a case as the core passes them around (no database, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

ROLES = {"plaintiff": "原告", "defendant": "被告", "third_party": "第三人"}
ROLE_RANK = {"plaintiff": 0, "defendant": 1, "third_party": 2}
PARTY_KINDS = {"person": "自然人", "organization": "法人或其他组织"}
PROCEDURES = {"simple": "简易程序", "ordinary": "普通程序", "small_claims": "小额诉讼程序"}
PROCEDURES_EN = {"simple": "simple procedure", "ordinary": "ordinary procedure",
                 "small_claims": "small claims procedure"}
CLAIM_KINDS = ("principal", "interest", "penalty", "damages", "fee", "costs", "other")

# Status is the stage a case has reached, derived from its procedural events.
STATUSES = {
    "filed": ("已立案", "filed"),
    "accepted": ("已受理", "accepted"),
    "served": ("已送达", "served"),
    "heard": ("已开庭", "heard"),
    "judged": ("已判决", "judged"),
    "judgment_served": ("判决已送达", "judgment served"),
    "appealed": ("已上诉", "appealed"),
    "suspended": ("已中止", "suspended"),
    "concluded": ("已结案", "concluded"),
    "archived": ("已归档", "archived"),
}


@dataclass
class Agent:
    name: str
    title: str = ""


@dataclass
class Party:
    role: str
    kind: str
    name: str
    sex: str | None = None
    born: date | None = None
    ethnicity: str | None = None
    address: str | None = None
    id_number: str | None = None
    credit_code: str | None = None
    representative: Agent | None = None
    agents: list[Agent] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def role_name(self) -> str:
        return ROLES.get(self.role, self.role)


@dataclass
class Claim:
    kind: str
    text: str
    amount: Decimal | None = None


@dataclass
class Hearing:
    held_on: date | None = None
    public: bool = True
    present: list[str] = field(default_factory=list)
    defendant_answer: str | None = None


@dataclass
class Case:
    number: str
    court_name: str
    appeal_court: str
    cause: str
    procedure: str
    filed_on: date
    judge: str = ""
    clerk: str = ""
    parties: list[Party] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    elements: dict[str, Any] = field(default_factory=dict)
    hearing: Hearing | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    status: str = "filed"

    def by_role(self, role: str) -> list[Party]:
        return [p for p in self.parties if p.role == role]

    def names(self, role: str) -> str:
        return "、".join(p.name for p in self.by_role(role))

    def party(self, name: str) -> Party | None:
        return next((p for p in self.parties if p.name == name), None)

    @property
    def claim_total(self) -> Decimal:
        return sum((c.amount for c in self.claims if c.amount is not None), Decimal("0"))


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list."""
    id: int
    number: str
    cause: str
    procedure: str
    filed_on: str
    judge: str
    clerk: str
    plaintiffs: str
    defendants: str
    status: str
    updated_at: str
    # The row's values of the list's sort key, so the next page can seek past it.
    key: tuple = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Event:
    id: int
    case_id: int
    kind: str
    on: date
    party: str | None
    data: dict[str, Any]
    recorded_at: str
