"""Workload figures as a division head reads them, the case-list alerts, and the CSV export."""

from __future__ import annotations

import copy
import csv
import json
from datetime import date

import pytest

from workbench.cli import main
from workbench.tracking.figures import compute_figures, write_figures_csv
from workbench.tracking.periods import case_alerts

TODAY = date(2026, 4, 27)  # a Monday; this week ends Sunday 3 May
DIV1, DIV2 = "民事审判第一庭", "千灯人民法庭"


def _case(base: dict, seq: int, judge: str, procedure: str, filed: str, events: list) -> dict:
    doc = copy.deepcopy(base)
    doc.update(case_number=f"（{filed[:4]}）苏0583民初{seq}号", judge=judge, procedure=procedure,
               filed_on=filed, hearing=None)
    doc["events"] = [{"kind": "filed", "on": filed}] + [
        {"kind": k, "on": on, **({"months": 6} if k == "extended" else {}),
         **({"hearing_on": dict(events)["hearing"]} if k == "summons_served" else {})}
        for k, on in events]
    return doc


CASES = {
    "A": ("周明", "simple", "2026-01-10", [("accepted", "2026-01-11"), ("complaint_served", "2026-01-13"),
                                          ("summons_served", "2026-01-20"), ("hearing", "2026-02-10"),
                                          ("judgment_issued", "2026-02-20"), ("judgment_served", "2026-02-25"),
                                          ("concluded", "2026-03-01")]),
    "B": ("周明", "simple", "2026-01-29", [("accepted", "2026-01-30"), ("complaint_served", "2026-02-02")]),
    "C": ("李华", "simple", "2026-01-10", [("accepted", "2026-01-11"), ("complaint_served", "2026-01-13")]),
    "D": ("李华", "ordinary", "2025-03-01", [("accepted", "2025-03-02"), ("complaint_served", "2025-03-04"),
                                             ("suspended", "2025-06-01")]),
    "E": ("张伟", "simple", "2026-04-20", [("accepted", "2026-04-21"), ("complaint_served", "2026-04-22")]),
    "F": ("张伟", "simple", "2026-02-01", [("accepted", "2026-02-02"), ("complaint_served", "2026-02-04"),
                                          ("summons_served", "2026-02-10"), ("hearing", "2026-04-01"),
                                          ("judgment_issued", "2026-04-10"), ("judgment_served", "2026-04-12"),
                                          ("concluded", "2026-04-15")]),
}


@pytest.fixture
def court(wb, example_doc):
    numbers = {}
    for i, (key, (judge, procedure, filed, events)) in enumerate(CASES.items()):
        doc = _case(example_doc, 100 + i, judge, procedure, filed, events)
        numbers[key] = wb.import_case(doc).number
    return wb, numbers


def row(fig, judge):
    return next(r for r in fig.rows if r.judge == judge)


def test_the_courts_figures(court):
    wb, n = court
    fig = compute_figures(wb, TODAY)
    t = fig.total
    assert (t.pending, t.due_this_week, t.overdue, t.long_pending) == (4, 1, 1, 1)
    assert fig.due_this_week_cases == [n["B"]]
    assert fig.overdue_cases == [n["C"]]
    assert fig.long_pending_cases == [n["D"]]
    assert t.concluded == {"2026-03": 1, "2026-04": 1}
    assert fig.months[0] == "2025-05" and fig.months[-1] == "2026-04" and len(fig.months) == 12
    zm, lh, zw = row(fig, "周明"), row(fig, "李华"), row(fig, "张伟")
    assert (zm.pending, zm.due_this_week, zm.concluded) == (1, 1, {"2026-03": 1})
    assert (lh.pending, lh.overdue, lh.long_pending) == (2, 1, 1)
    assert (zw.pending, zw.concluded, zw.division) == (1, {"2026-04": 1}, DIV2)
    assert fig.per_judge_per_month == round(2 / (3 * 12), 2)


def test_filter_by_judge_and_by_division(court):
    wb, _ = court
    fig = compute_figures(wb, TODAY, judge="李华")
    assert [r.judge for r in fig.rows] == ["李华"] and fig.total.pending == 2
    fig = compute_figures(wb, TODAY, division=DIV2)
    assert [r.judge for r in fig.rows] == ["张伟"]
    assert (fig.total.pending, fig.total.concluded_total) == (1, 1)
    fig = compute_figures(wb, TODAY, division=DIV1)
    assert sorted(r.judge for r in fig.rows) == ["周明", "李华"]


def test_long_pending_counts_from_filing_by_whole_months(court):
    wb, n = court
    # Filed 1 March 2025: pending "more than 12 months" from 2 March 2026, not on 1 March.
    assert compute_figures(wb, date(2026, 3, 1)).long_pending_cases == []
    assert compute_figures(wb, date(2026, 3, 2)).long_pending_cases == [n["D"]]


def test_case_list_alerts(court):
    wb, n = court
    alerts = case_alerts(wb, TODAY)
    assert alerts[n["C"]].level == "red" and "超期" in alerts[n["C"]].text
    assert alerts[n["B"]].level == "yellow" and alerts[n["B"]].deadline.key == "trial_period"
    assert alerts[n["E"]].level == "none"
    assert alerts[n["D"]].level == "none"  # suspended: the clock stands still
    assert n["A"] not in alerts  # concluded cases raise no alert


def test_csv_export_opens_in_a_spreadsheet(court, tmp_path):
    wb, _ = court
    out = tmp_path / "exports" / "figures.csv"
    write_figures_csv(compute_figures(wb, TODAY), out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Chinese Windows reads UTF-8
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    header = rows[0]
    assert header[:6] == ["承办法官 judge", "部门 division", "未结 pending", "本周到期 due this week",
                          "已超期 overdue", "长期未结 long-pending"]
    by_judge = {r[0]: r for r in rows[1:] if r}
    assert by_judge["李华"][2:6] == ["2", "0", "1", "1"]
    assert by_judge["合计"][2:6] == ["4", "1", "1", "1"]
    assert by_judge["合计"][header.index("结案 concluded 2026-03")] == "1"
    assert [p.name for p in out.parent.iterdir()] == ["figures.csv"]  # no temporary left behind


def test_figures_command(court, capsys, tmp_path):
    wb, _ = court
    out = tmp_path / "f.csv"
    assert main(["--data-dir", str(wb.data_dir), "figures", "--today", TODAY.isoformat(),
                 "--json", "--csv", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["pending"] == 4 and data["total"]["overdue"] == 1
    assert out.exists()
    assert main(["--data-dir", str(wb.data_dir), "alerts", "--today", TODAY.isoformat(), "--json"]) == 0
    alerts = json.loads(capsys.readouterr().out)
    assert [a["level"] for a in alerts] == ["red", "yellow"]


def test_demo_court_figures_add_up(demo_dir):
    from workbench.service import Workbench
    with Workbench.open(demo_dir) as wb:
        fig = compute_figures(wb)
        cases = wb.list_cases(limit=1000)
    open_cases = [c for c in cases if c.status not in ("concluded", "archived")]
    assert fig.total.pending == len(open_cases) == sum(r.pending for r in fig.rows)
    assert fig.total.concluded_total == sum(r.concluded_total for r in fig.rows) > 0
    assert fig.total.long_pending >= 1  # the demo's 400-day-old case
