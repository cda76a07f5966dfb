"""Issue 13: the preservation (保全) queue. Expected dates and fees come from
tests/data/queues/worked_examples.json, worked by hand from the fetched article texts."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.errors import UserError
from workbench.preservation import matters, rules

DATA = Path(__file__).parent / "data"
WORKED = json.loads((DATA / "queues" / "worked_examples.json").read_text(encoding="utf-8"))
D = date.fromisoformat
APPLICANT, RESPONDENT = "王建国", "昆山市宏达贸易有限公司"


def _log(wb, number) -> int:
    return wb.db.one("SELECT count(*) FROM log WHERE case_id = ?", (wb.case_id(number),))[0]


@pytest.fixture
def pre_suit_case(wb, example_doc):
    ex = WORKED["pre_suit"]
    doc = dict(example_doc, case_number=ex["case_number"], cause="申请诉前财产保全",
               procedure="ordinary", filed_on=ex["filed_on"], claims=[], elements={},
               hearing=None, events=[{"kind": "filed", "on": ex["filed_on"]}])
    return wb.import_case(doc).number


@pytest.fixture
def in_suit_case(wb, example_doc):
    doc = dict(example_doc, events=[e for e in example_doc["events"] if e["kind"] == "filed"])
    return wb.import_case(doc).number


def test_pre_suit_preservation_from_application_to_release(wb, pre_suit_case):
    ex, number = WORKED["pre_suit"], pre_suit_case
    mid = matters.open_matter(wb, number, stage="pre_suit", applicant=APPLICANT,
                              respondent=RESPONDENT, amount=ex["amount"], claim_amount=ex["claim"],
                              applied_at=datetime.fromisoformat(ex["applied_at"]),
                              security_offered="保险公司财产保全责任险保函")
    m = matters.matter(wb, mid)
    assert m.ruling_due_at == datetime.fromisoformat(ex["ruling_due_at"])
    assert m.security_required == Decimal(ex["security_required"]) and m.status == "applied"
    ruling, warnings = matters.rule(wb, mid, on=D(ex["ruled_on"]))
    assert warnings == []
    text = wb.document(ruling)
    assert text["title"] == "民事裁定书（财产保全）" and text["category"] == "preservation"
    ends = []
    for x in ex["measures"]:
        _, end = matters.execute(wb, mid, kind=x["kind"], target=x["target"], amount=x["amount"],
                                 start_on=D(x["on"]), registry=x["registry"])
        ends.append(end)
    assert ends == [D(x["expires_on"]) for x in ex["measures"]]
    m = matters.matter(wb, mid)
    assert m.status == "executed" and m.fee == Decimal(ex["fee"])
    # Pre-suit: the applicant must sue within 30 days of the first measure.
    for a in [a for a in ex["alerts"] if a["kind"] == "suit"]:
        got = [x for x in m.alerts(D(a["today"])) if x.kind == "suit"]
        assert [x.level for x in got] == [a["level"]] and got[0].due == D(ex["suit_due"])
    matters.record_suit(wb, mid, on=D(ex["sued_on"]), case_number="（2026）苏0583民初2001号")
    m = matters.matter(wb, mid)
    assert not [x for x in m.alerts(D("2026-07-03")) if x.kind == "suit"]
    for a in [a for a in ex["alerts"] if a["kind"] == "expiry"]:
        levels = [x.level for x in m.alerts(D(a["today"])) if x.kind == "expiry"]
        assert levels == [a["level"]], a  # the deposit; the house runs to 2029
    # Renewal before expiry: one year more; after expiry: refused, nothing recorded.
    deposit = m.measures[0].id
    before = _log(wb, number)
    with pytest.raises(UserError, match="期满，不能续行"):
        matters.renew(wb, deposit, on=D(ex["renewal"]["too_late_on"]))
    with pytest.raises(UserError, match="不能续行"):  # the service's own check, too
        wb.renew_preservation_measure(number, deposit, on=D(ex["renewal"]["too_late_on"]),
                                      expires_on=D("2028-06-01"), ruling=None)  # type: ignore[arg-type]
    assert _log(wb, number) == before
    doc, new_end, _ = matters.renew(wb, deposit, on=D(ex["renewal"]["on"]))
    assert new_end == D(ex["renewal"]["expires_on"])
    assert matters.matter(wb, mid).measures[0].expires_on == new_end
    assert wb.document(doc)["title"] == "民事裁定书（续行保全）"
    released = matters.release(wb, mid, on=D(ex["release"]["on"]), reason=ex["release"]["reason"])
    m = matters.matter(wb, mid)
    assert m.status == "released" and {x.status for x in m.measures} == {"released"}
    assert wb.document(released)["title"] == "民事裁定书（解除保全）"
    assert m.alerts(D("2029-06-01")) == []
    titles = [e.title for e in wb.catalogue(number) if e.category == "preservation"]
    assert titles == ["民事裁定书（财产保全）", "民事裁定书（续行保全）", "民事裁定书（解除保全）"]
    assert wb.verify(number).ok


def test_the_ruling_says_what_the_law_requires(wb, pre_suit_case):
    ex = WORKED["pre_suit"]
    mid = matters.open_matter(wb, pre_suit_case, stage="pre_suit", applicant=APPLICANT,
                              respondent=RESPONDENT, amount=ex["amount"], claim_amount=ex["claim"],
                              applied_at=datetime.fromisoformat(ex["applied_at"]))
    text = matters.ruling_text(matters.matter(wb, mid), "granted", D(ex["ruled_on"]))
    assert "第一百零四条" in text and "三十日内依法提起诉讼或者申请仲裁" in text
    assert "五日内向本院申请复议一次" in text and "300000.00元" in text
    # Late: the warning names the 48-hour limit.
    _, warnings = matters.rule(wb, mid, on=D("2026-06-05"))
    assert warnings and "第一百零四条第二款" in warnings[0]


def test_in_suit_deadline_security_fee_and_scope(wb, in_suit_case):
    ex, number = WORKED["in_suit"], in_suit_case
    applied = datetime.fromisoformat(ex["applied_at"])
    mid = matters.open_matter(wb, number, stage="in_suit", applicant=APPLICANT,
                              respondent=RESPONDENT, amount=ex["amount"], applied_at=applied)
    m = matters.matter(wb, mid)
    assert m.ruling_due_at == datetime.fromisoformat(ex["ruling_due_at"])
    assert m.security_required == Decimal(ex["security_ceiling"]) and m.fee == Decimal(ex["fee"])
    urgent = matters.open_matter(wb, number, stage="in_suit", applicant=APPLICANT,
                                 respondent=RESPONDENT, amount=ex["amount"], applied_at=applied,
                                 urgent=True)
    assert matters.matter(wb, urgent).ruling_due_at == datetime.fromisoformat(ex["urgent_due_at"])
    exempt = matters.open_matter(wb, number, stage="in_suit", applicant=APPLICANT,
                                 respondent=RESPONDENT, amount=ex["amount"], applied_at=applied,
                                 exempt="clear_case")
    assert matters.matter(wb, exempt).security_required == 0
    before = _log(wb, number)
    with pytest.raises(UserError, match="超过请求数额.*第一百零五条"):
        matters.open_matter(wb, number, stage="in_suit", applicant=APPLICANT, respondent=RESPONDENT,
                            amount=ex["too_much"], applied_at=applied)
    with pytest.raises(UserError, match="百分之三十"):
        matters.open_matter(wb, number, stage="in_suit", applicant=APPLICANT, respondent=RESPONDENT,
                            amount=ex["amount"], applied_at=applied,
                            security_ordered=Decimal("30000"))
    with pytest.raises(UserError, match="应当提供担保"):
        matters.open_matter(wb, number, stage="pre_suit", applicant=APPLICANT,
                            respondent=RESPONDENT, amount=ex["amount"], applied_at=applied,
                            exempt="clear_case")
    assert _log(wb, number) == before
    # Executing more than the ruling allows is refused, and nothing before a ruling.
    with pytest.raises(UserError, match="尚无准予保全的裁定"):
        matters.execute(wb, mid, kind="bank_deposit", target="账户", amount="1000",
                        start_on=D("2026-03-10"))
    matters.rule(wb, mid, on=D("2026-03-09"))
    matters.execute(wb, mid, kind="bank_deposit", target="账户", amount="50000",
                    start_on=D("2026-03-10"))
    with pytest.raises(UserError, match="超过裁定保全"):
        matters.execute(wb, mid, kind="movable", target="车辆", registry="车管所",
                        amount="30001", start_on=D("2026-03-10"))
    ruling = wb.db.one("SELECT ruling_document_id FROM preservation_matters WHERE id = ?", (mid,))
    assert wb.document(ruling[0])["title"] == "民事裁定书（财产保全）"


@pytest.mark.parametrize("kind,start,expected", [
    ("bank_deposit", WORKED["pre_suit"]["measures"][0]["on"], WORKED["pre_suit"]["measures"][0]["expires_on"]),
    ("movable", WORKED["movable"]["on"], WORKED["movable"]["expires_on"]),
    ("real_property", WORKED["pre_suit"]["measures"][1]["on"], WORKED["pre_suit"]["measures"][1]["expires_on"]),
])
def test_each_measure_kind_expires_after_its_maximum_term_and_alerts_before(kind, start, expected):
    assert rules.expiry(kind, D(start)) == D(expected)
    with pytest.raises(UserError, match="不得超过"):
        rules.expiry(kind, D(start), D(expected).replace(day=D(expected).day + 1))
    end = D(expected)
    assert rules.expiry_alert(kind, end, D(start)) is None
    assert rules.expiry_alert(kind, end, date.fromordinal(end.toordinal() - 20)).level == "yellow"
    assert rules.expiry_alert(kind, end, date.fromordinal(end.toordinal() - 7)).level == "red"
    assert rules.expiry_alert(kind, end, date.fromordinal(end.toordinal() + 1)).level == "lapsed"


def test_fee_is_capped_as_the_measures_say():
    assert rules.fee(Decimal(WORKED["fee_cap"]["amount"])) == Decimal(WORKED["fee_cap"]["fee"])


def test_cli_preservation_open_and_list_as_json(wb, in_suit_case, capsys):
    data = ["--data-dir", str(wb.data_dir)]
    assert main(data + ["preservation", "open", in_suit_case, "--stage", "in_suit",
                        "--applicant", APPLICANT, "--respondent", RESPONDENT, "--amount", "80000",
                        "--applied-at", "2026-03-06T09:30", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["fee"] == "820.00" and made["ruling_due_at"] == "2026-03-11T23:59:00"
    assert main(data + ["preservation", "open", in_suit_case, "--stage", "in_suit",
                        "--applicant", APPLICANT, "--respondent", RESPONDENT, "--amount", "90000",
                        "--applied-at", "2026-03-06T09:30"]) == 2
    assert "第一百零五条" in capsys.readouterr().err
    assert main(data + ["preservation", "rule", str(made["id"]), "--on", "2026-03-09", "--json"]) == 0
    capsys.readouterr()
    assert main(data + ["preservation", "execute", str(made["id"]), "--kind", "bank_deposit",
                        "--target", "账户", "--amount", "80000", "--on", "2026-03-10",
                        "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["measures"][0]["expires_on"] == "2027-03-10"
    assert main(data + ["preservation", "list", "--alerts", "--today", "2027-03-01", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["alerts"][0]["level"] == "yellow"
    assert main(data + ["preservation", "figures", "--today", "2027-03-05", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["expiring"] == 1
