"""The demo court a judge sees on first start: realistic cases at every stage, built through the
same event pipeline as real cases, and intact."""

from __future__ import annotations

from workbench.service import Workbench


def test_demo_court_has_cases_of_many_causes_at_every_stage(demo_dir):
    with Workbench.open(demo_dir) as wb:
        rows = wb.list_cases(limit=1000)
        assert len(rows) >= 20
        assert len({r.cause for r in rows}) >= 4
        stages = {r.status for r in rows}
        assert {"filed", "accepted", "served", "heard", "judged", "concluded"} <= stages
        assert len(wb.judges()) >= 3
        concluded = next(r for r in rows if r.status == "concluded")
        titles = [e.title for e in wb.catalogue(concluded.number)]
        assert titles[0] == "民事起诉状（示例材料）" and "宣判笔录" in titles and "民事判决书" in titles
        assert any(t.startswith("庭审笔录（") for t in titles)  # through the record editor's path
        assert wb.verify().ok


def test_demo_is_not_built_twice(demo_dir):
    from workbench.demo import build_demo_court
    with Workbench.open(demo_dir) as wb:
        before = wb.count_cases()
        assert build_demo_court(wb) == []
        assert wb.count_cases() == before
