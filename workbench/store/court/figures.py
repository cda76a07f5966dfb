"""Court-wide figures from the court store: per judge, cases pending, long-pending (filed more
than `long_pending_months` ago and not concluded) and concluded per month. Row-level security
decides what is counted: the president sees every judge, a judge his or her own cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import psycopg

from ...law.months import add_months, month_keys

OPEN_EXCLUDED = ("concluded", "archived")


@dataclass
class CourtJudgeFigures:
    judge: str
    name: str = ""
    pending: int = 0
    long_pending: int = 0
    concluded: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" → cases


@dataclass
class CourtFigures:
    today: date
    months: list[str]
    rows: list[CourtJudgeFigures]
    long_pending_cases: list[str]
    cases: int

    @property
    def per_judge_per_month(self) -> float:
        judges = [r for r in self.rows if r.judge]
        done = sum(sum(r.concluded.values()) for r in judges)
        return done / (len(judges) * len(self.months)) if judges and self.months else 0.0


def court_figures(conn: psycopg.Connection, today: date | None = None, *, months: int = 12,
                  long_pending_months: int = 12) -> CourtFigures:
    today = today or date.today()
    window = month_keys(today, months)
    cutoff = add_months(today, -long_pending_months)  # the desk's rule: filed before this day
    rows: dict[str, CourtJudgeFigures] = {}
    for judge, name, pending, long_pending in conn.execute(
            "SELECT coalesce(judge_user, ''), max(judge_name),"
            " count(*) FILTER (WHERE status <> ALL(%s)),"
            " count(*) FILTER (WHERE status <> ALL(%s) AND filed_on < %s)"
            " FROM court.cases GROUP BY 1 ORDER BY 1",
            (list(OPEN_EXCLUDED), list(OPEN_EXCLUDED), cutoff)):
        rows[judge] = CourtJudgeFigures(judge, name or "", pending, long_pending)
    for judge, month, n in conn.execute(
            "SELECT coalesce(judge_user, ''), to_char(concluded_on, 'YYYY-MM'), count(*)"
            " FROM court.cases WHERE concluded_on IS NOT NULL AND to_char(concluded_on, 'YYYY-MM')"
            " = ANY(%s) GROUP BY 1, 2", (window,)):
        rows.setdefault(judge, CourtJudgeFigures(judge)).concluded[month] = n
    long_cases = [r[0] for r in conn.execute(
        "SELECT number FROM court.cases WHERE status <> ALL(%s) AND filed_on < %s"
        " ORDER BY filed_on, number LIMIT 500", (list(OPEN_EXCLUDED), cutoff))]
    total = conn.execute("SELECT count(*) FROM court.cases").fetchone()[0]
    return CourtFigures(today, window, list(rows.values()), long_cases, total)
