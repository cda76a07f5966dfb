"""Fixtures for the Qt item models: a Workbench in a temporary directory, no views."""

from __future__ import annotations

import copy
import os
from datetime import date
from pathlib import Path
from typing import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workbench.cases.records import Case, Party  # noqa: E402
from workbench.service import Workbench  # noqa: E402

# The example of shared/domain/case-json.md.
EXAMPLE = {
    "case_number": "（2026）苏0583民初1234号",
    "court": {"name": "江苏省昆山市人民法院", "appeal_court": "江苏省苏州市中级人民法院"},
    "cause": "民间借贷纠纷", "procedure": "simple", "filed_on": "2026-03-05",
    "judge": "周明", "clerk": "陈静",
    "parties": [
        {"role": "plaintiff", "kind": "person", "name": "王建国", "sex": "男", "born": "1975-06-03",
         "ethnicity": "汉族", "address": "江苏省昆山市千灯镇石浦路18号",
         "id_number": "32058319750603123X",
         "agents": [{"name": "刘洋", "title": "江苏某某律师事务所律师"}]},
        {"role": "defendant", "kind": "organization", "name": "昆山市宏达贸易有限公司",
         "address": "江苏省昆山市玉山镇前进西路100号", "credit_code": "91320583MA1W2X3Y4Z",
         "representative": {"name": "赵强", "title": "执行董事"}},
    ],
    "claims": [
        {"kind": "principal", "amount": "80000.00", "text": "判令被告偿还借款本金80000元"},
        {"kind": "interest", "amount": "2400.00", "text": "判令被告支付截至2026年3月1日的逾期利息2400元"},
        {"kind": "costs", "text": "本案诉讼费用由被告负担"},
    ],
    "elements": {"lent_on": "2025-03-01", "principal": "80000.00", "evidence": ["借条", "银行转账凭证"]},
    "hearing": {"held_on": "2026-04-10", "public": True, "present": ["plaintiff"],
                "defendant_answer": None},
    "events": [
        {"kind": "filed", "on": "2026-03-05"},
        {"kind": "accepted", "on": "2026-03-05"},
        {"kind": "complaint_served", "on": "2026-03-09", "party": "昆山市宏达贸易有限公司"},
        {"kind": "summons_served", "on": "2026-03-20", "hearing_on": "2026-04-10"},
        {"kind": "hearing", "on": "2026-04-10"},
    ],
}


@pytest.fixture
def example_doc() -> dict:
    return copy.deepcopy(EXAMPLE)


@pytest.fixture
def wb(tmp_path: Path) -> Iterator[Workbench]:
    w = Workbench.open(tmp_path / "data")
    yield w
    w.close()


def _make_cases(wb: Workbench, n: int, year: int = 2025) -> None:
    """n bare cases (no documents), fast: sequence i has plaintiff 原告i and defendant 被告i."""
    judges = ["周明", "张伟", "李娜"]
    for i in range(1, n + 1):
        wb.create_case(Case(
            number=f"（{year}）苏0583民初{i}号", court_name="江苏省昆山市人民法院",
            appeal_court="江苏省苏州市中级人民法院", cause="民间借贷纠纷", procedure="simple",
            filed_on=date(year, 1 + i % 12, 1 + i % 28), judge=judges[i % 3],
            parties=[Party("plaintiff", "person", f"原告{i}"),
                     Party("defendant", "person", f"被告{i}")]))


@pytest.fixture
def make_cases():
    return _make_cases
