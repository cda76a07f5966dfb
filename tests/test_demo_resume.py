"""A demo build interrupted between the preservation queue's in-suit matters and its pre-suit
case is finished by `demo --force` (found by the fault suite's kill points: the queue was
guarded as a whole, so the rerun made 24 cases of 25 and no pre-suit matter)."""

from __future__ import annotations

import pytest

from workbench.demo import build_demo_court
from workbench.preservation import demo as preservation_demo
from workbench.service import Workbench


def test_force_finishes_a_build_killed_before_the_pre_suit_case(tmp_path, monkeypatch, demo_template):
    import sqlite3
    complete = sqlite3.connect(demo_template / "workbench.db").execute(
        "SELECT count(*) FROM cases").fetchone()[0]
    with Workbench.open(tmp_path / "data") as wb:
        def killed(*_a, **_k):
            raise KeyboardInterrupt  # where a kill -9 would have stopped the build
        monkeypatch.setattr(preservation_demo, "_pre_suit_case", killed)
        with pytest.raises(KeyboardInterrupt):
            build_demo_court(wb)
        monkeypatch.undo()
        assert wb.db.one("SELECT count(*) FROM cases")[0] == complete - 1
        build_demo_court(wb, force=True)
        assert wb.db.one("SELECT count(*) FROM cases")[0] == complete
        assert wb.db.one("SELECT count(*) FROM preservation_matters WHERE stage = 'pre_suit'")[0] == 3
        assert wb.verify().ok
