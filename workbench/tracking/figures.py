"""Workload figures of a judge, a division or the court: pending, due this week, overdue,
long-pending, and cases concluded per judge per month (the Qiandeng model's own measure).

"Due this week" counts pending cases with an open court duty falling due between today and this
Sunday; "overdue" those with a court duty already past; "long-pending" those filed more than
`long_pending_months` (12 by default, configurable) before today.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..files import atomic_write_bytes
from ..tasks import CancelToken, ProgressFn, check, report
from .alerts import load_rules
from ..law.months import add_months, month_keys
from .calendar import load_calendar
from ..cases.statute_library import load_library
from .periods import COURT, CaseClock, compute_deadlines, load_clocks

if TYPE_CHECKING:
    from ..service import Workbench

TOTAL = "合计"


@dataclass
class JudgeFigures:
    judge: str
    division: str = ""
    pending: int = 0
    due_this_week: int = 0
    overdue: int = 0
    long_pending: int = 0
    concluded: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" → cases concluded

    @property
    def concluded_total(self) -> int:
        return sum(self.concluded.values())


@dataclass
class Figures:
    today: date
    months: list[str]
    rows: list[JudgeFigures]
    total: JudgeFigures
    judge: str = ""
    division: str = ""
    long_pending_months: int = 12
    overdue_cases: list[str] = field(default_factory=list)
    due_this_week_cases: list[str] = field(default_factory=list)
    long_pending_cases: list[str] = field(default_factory=list)

    @property
    def per_judge_per_month(self) -> float:
        """Cases concluded per judge per month over the window (the Qiandeng measure)."""
        judges = [r for r in self.rows if r.judge]
        if not judges or not self.months:
            return 0.0
        return round(self.total.concluded_total / (len(judges) * len(self.months)), 2)

    def as_dict(self) -> dict:
        def row(r: JudgeFigures) -> dict:
            return {"judge": r.judge, "division": r.division, "pending": r.pending,
                    "due_this_week": r.due_this_week, "overdue": r.overdue,
                    "long_pending": r.long_pending, "concluded_per_month": r.concluded,
                    "concluded_total": r.concluded_total}
        return {"today": self.today, "judge": self.judge, "division": self.division,
                "months": self.months, "long_pending_months": self.long_pending_months,
                "per_judge_per_month": self.per_judge_per_month, "total": row(self.total),
                "judges": [row(r) for r in self.rows], "overdue_cases": self.overdue_cases,
                "due_this_week_cases": self.due_this_week_cases,
                "long_pending_cases": self.long_pending_cases}


def figures_from_clocks(clocks: list[CaseClock], today: date, *, judge: str = "",
                        division: str = "", months: int = 12, cal=None, rules=None,
                        progress: ProgressFn | None = None,
                        cancel: CancelToken | None = None) -> Figures:
    rules = rules or load_rules()
    cal = cal or load_calendar()
    lib = load_library()  # once: every open case's deadlines cite it
    keys = month_keys(today, months)
    sunday = today + timedelta(days=6 - today.weekday())
    rows: dict[str, JudgeFigures] = {}
    fig = Figures(today, keys, [], JudgeFigures(TOTAL), judge, division, rules.long_pending_months)
    selected = [c for c in clocks if (not judge or c.judge == judge)
                and (not division or c.division == division)]
    for i, c in enumerate(selected):
        if i % 200 == 0:
            check(cancel)
            report(progress, i, len(selected), c.number)
        r = rows.setdefault(c.judge, JudgeFigures(c.judge, c.division))
        concluded = c.first(("concluded",))
        if concluded is not None:
            key = f"{concluded.on.year:04d}-{concluded.on.month:02d}"
            if key in keys:
                r.concluded[key] = r.concluded.get(key, 0) + 1
                fig.total.concluded[key] = fig.total.concluded.get(key, 0) + 1
        if c.closed:
            continue
        r.pending += 1
        fig.total.pending += 1
        duties = [d for d in compute_deadlines(c, today, cal, rules, lib)
                  if d.duty == COURT and d.state in ("ok", "due_soon", "overdue")]
        if any(d.state == "overdue" for d in duties):
            r.overdue += 1
            fig.total.overdue += 1
            fig.overdue_cases.append(c.number)
        elif any(d.due is not None and today <= d.due <= sunday for d in duties):
            r.due_this_week += 1
            fig.total.due_this_week += 1
            fig.due_this_week_cases.append(c.number)
        if add_months(c.filed_on, rules.long_pending_months) < today:
            r.long_pending += 1
            fig.total.long_pending += 1
            fig.long_pending_cases.append(c.number)
    report(progress, len(selected), len(selected), "")
    fig.rows = sorted(rows.values(), key=lambda r: (r.division, r.judge))
    return fig


def compute_figures(wb: "Workbench", today: date | None = None, *, judge: str = "",
                    division: str = "", months: int = 12, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None) -> Figures:
    rules = load_rules(wb.data_dir)
    return figures_from_clocks(load_clocks(wb, None, rules), today or date.today(), judge=judge,
                               division=division, months=months, cal=load_calendar(wb.data_dir),
                               rules=rules, progress=progress, cancel=cancel)


def divisions(wb: "Workbench") -> list[str]:
    return sorted({c.division for c in load_clocks(wb) if c.division})


CSV_HEADER = ["承办法官 judge", "部门 division", "未结 pending", "本周到期 due this week",
              "已超期 overdue", "长期未结 long-pending"]


def figures_csv(fig: Figures) -> bytes:
    """The figures as CSV, one row per judge and a total; UTF-8 with BOM so that spreadsheet
    programs on Chinese Windows open it without garbling."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER + [f"结案 concluded {m}" for m in fig.months] + ["结案合计 concluded total"])
    for r in [*fig.rows, fig.total]:
        w.writerow([r.judge, r.division, r.pending, r.due_this_week, r.overdue, r.long_pending,
                    *[r.concluded.get(m, 0) for m in fig.months], r.concluded_total])
    w.writerow([])
    w.writerow(["人均月结案 concluded per judge per month", fig.per_judge_per_month])
    w.writerow(["统计日 as of", fig.today.isoformat()])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_figures_csv(fig: Figures, path: Path | str) -> Path:
    return atomic_write_bytes(Path(path), figures_csv(fig))
