"""`workbench case propose … --register`: a case registered from its complaint in one transaction,
the next number of the year, the routing with its reason and the clerk's override kept in the
log, and bad input refused with nothing written."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest

from intake_corpus.draw import Sheet
from propose_corpus.cases import plan
from propose_corpus.layouts import LAYOUTS
from workbench.cli import main
from workbench.intake import registration, routing
from workbench.service import Workbench

COURT = ["--court", "江苏省昆山市人民法院", "--court-code", "苏0583", "--appeal-court", "江苏省苏州市中级人民法院"]


def complaint(tmp: Path, name: str, cause: str = "民间借贷纠纷", seed: int = 3, layout: int = 0,
              style: str = "plain") -> tuple[Path, dict]:
    rng = random.Random(seed)
    p = plan(rng, cause, (style,))
    path = tmp / name
    path.write_bytes(LAYOUTS[layout](p, rng, "CorpusMing"))
    return path, p.truth()


def run(capsys, data: Path, *args: str) -> tuple[int, dict | None]:
    rc = main(["--data-dir", str(data), "case", "propose", *args, "--json"])
    cap = capsys.readouterr()
    run.err = cap.err
    return rc, json.loads(cap.out) if cap.out.strip() else None


def counts(data: Path) -> tuple:
    with Workbench.open(data) as wb:
        return tuple(wb.db.one(f"SELECT count(*) FROM {t}")[0] for t in ("cases", "log", "documents", "pages"))


def test_register_creates_the_case_its_filing_and_its_scans_at_once(tmp_path, capsys):
    path, truth = complaint(tmp_path, "起诉状.pdf")
    data = tmp_path / "data"
    rc, out = run(capsys, data, str(path), *COURT, "--register")
    assert rc == 0, out["problems"]
    number = out["registered"]
    assert number == f"（{date.today().year}）苏0583民初1号"
    case = out["case"]
    assert [p["name"] for p in case["parties"]] == [p["name"] for p in truth["parties"]]
    assert [c.get("amount") for c in case["claims"]] == [c.get("amount") for c in truth["claims"]]
    assert case["parties"][0]["id_number"] == truth["parties"][0]["id_number"]
    assert case["procedure"] in ("small_claims", "simple")
    assert case["registration"]["routing"]["reasons"]
    src = out["sources"]["parties[0].id_number"]
    assert src["page"] == "起诉状.pdf#1" and len(src["box"]) == 4
    with Workbench.open(data) as wb:
        assert [e.kind for e in wb.events(number)] == ["filed"]
        entries = wb.catalogue(number)
        assert [e.title for e in entries] == ["民事起诉状"]
        assert wb.verify().ok
        actions = [a for (a,) in wb.db.query("SELECT action FROM log ORDER BY seq")]
        assert actions == ["case.created", "event.recorded", "document.filed", "intake.pages"]
    # the next complaint of the year gets the next number
    other, _ = complaint(tmp_path, "另一份.pdf", "买卖合同纠纷", seed=4)
    rc, out = run(capsys, data, str(other), "--register")  # the court is the store's now
    assert rc == 0 and out["registered"].endswith("民初2号")


def test_the_same_parties_and_claims_are_not_registered_twice(tmp_path, capsys):
    first, _ = complaint(tmp_path, "a.pdf", seed=5, layout=0)
    again, _ = complaint(tmp_path, "b.pdf", seed=5, layout=1)  # another layout of the same complaint
    data = tmp_path / "data"
    assert run(capsys, data, str(first), *COURT, "--register")[0] == 0
    before = counts(data)
    rc, out = run(capsys, data, str(again), "--register")
    assert rc == 2 and out["duplicate_of"].endswith("民初1号") and out["registered"] is None
    assert "不重复立案" in out["problems"][0]["zh"] and "not registered twice" in out["problems"][0]["en"]
    assert counts(data) == before


def test_two_complaints_in_one_stack_are_refused(tmp_path, capsys):
    a, _ = complaint(tmp_path, "a.pdf", seed=6)
    b, _ = complaint(tmp_path, "b.pdf", "信用卡纠纷", seed=7)
    rc, out = run(capsys, tmp_path / "data", str(a), str(b), *COURT, "--register")
    assert rc == 2 and "2 份起诉状" in out["problems"][0]["zh"] and "2 complaints" in out["problems"][0]["en"]
    assert counts(tmp_path / "data") == (0, 0, 0, 0)


def test_a_scan_that_is_not_a_complaint_is_refused(tmp_path, capsys):
    from intake_corpus.build import documents
    _, docs = documents("tune", 3, 1, kinds=["answer"])
    path = tmp_path / "答辩状.pdf"
    path.write_bytes(docs[0].pdf)
    rc, out = run(capsys, tmp_path / "data", str(path), *COURT, "--register")
    assert rc == 2 and "没有起诉状" in out["problems"][0]["zh"] and "答辩状" in out["problems"][0]["zh"]
    assert counts(tmp_path / "data") == (0, 0, 0, 0)


def test_a_complaint_with_no_legible_party_is_refused(tmp_path, capsys):
    s = Sheet(random.Random(1), "CorpusMing")
    s.centered("民事起诉状", 26)
    s.para("诉讼请求：1.判令被告支付货款50000元；2.本案诉讼费用由被告负担。")
    s.para("事实和理由：原告向被告供货，被告至今未付货款。")
    path = tmp_path / "无当事人.pdf"
    path.write_bytes(s.finish())
    rc, out = run(capsys, tmp_path / "data", str(path), *COURT, "--register")
    assert rc == 2 and "未能读出原告和被告" in out["problems"][0]["zh"]
    assert out["case"]["claims"][0]["amount"] == "50000.00"  # what could be read is still shown
    assert counts(tmp_path / "data") == (0, 0, 0, 0)


def test_a_flagged_proposal_is_registered_only_once_the_clerk_has_seen_the_flags(tmp_path, capsys):
    s = Sheet(random.Random(2), "CorpusMing")
    s.centered("民事起诉状", 26)
    s.para("原告：王建国，男，1975年6月3日出生，汉族，住江苏省昆山市千灯镇石浦路18号，公民身份号码320583197506031230。")
    s.para("被告：李秀英，女，1982年11月20日出生，汉族，住江苏省昆山市玉山镇朝阳东路56号。")
    s.para("诉讼请求：1.判令被告偿还借款叁万伍元；2.本案诉讼费用由被告负担。")
    s.para("事实和理由：被告向原告借款，出具借条一份，至今未还。")
    path = tmp_path / "待核对.pdf"
    path.write_bytes(s.finish())
    data = tmp_path / "data"
    rc, out = run(capsys, data, str(path), *COURT, "--procedure", "simple", "--reason", "金额待核", "--register")
    assert rc == 2 and counts(data) == (0, 0, 0, 0)
    fields = {f["field"] for f in out["flags"]}
    assert {"parties[0].id_number", "claims[0].amount"} <= fields  # a bad check digit; 叁万伍 reads two ways
    assert "--accept-flags" in run.err
    rc, out = run(capsys, data, str(path), *COURT, "--procedure", "simple", "--reason", "金额待核",
                  "--register", "--accept-flags")
    assert rc == 0 and "amount" not in out["case"]["claims"][0] and "id_number" not in out["case"]["parties"][0]
    assert out["case"]["registration"]["flags"] == out["flags"]


def test_the_clerks_override_needs_a_reason_and_the_log_keeps_it(tmp_path, capsys):
    path, _ = complaint(tmp_path, "c.pdf", seed=8)
    data = tmp_path / "data"
    rc, _ = run(capsys, data, str(path), *COURT, "--procedure", "ordinary", "--register")
    assert rc == 2 and counts(data) == (0, 0, 0, 0)
    assert "须说明理由" in run.err and "needs a reason" in run.err
    rc, out = run(capsys, data, str(path), *COURT, "--procedure", "ordinary", "--reason",
                  "原告申请追加被告，案情复杂", "--register")
    assert rc == 0 and out["case"]["procedure"] == "ordinary"
    with Workbench.open(data) as wb:
        payload = json.loads(wb.db.one("SELECT payload FROM log WHERE action = 'case.created'")[0])
    r = payload["registration"]["routing"]
    assert r["override"] == {"procedure": "ordinary", "reason": "原告申请追加被告，案情复杂"}
    assert r["proposed"] in ("small_claims", "simple") and r["procedure"] == "ordinary"


def test_no_current_wage_figure_means_no_procedure_until_the_clerk_chooses(tmp_path, capsys):
    path, _ = complaint(tmp_path, "d.pdf", seed=9)
    data = tmp_path / "data"
    rc, out = run(capsys, data, str(path), *COURT, "--filed-on", "2025-06-02", "--register")
    assert rc == 2 and out["case"]["procedure"] is None
    why = out["routing"]["reasons"][-1]["zh"]
    assert "可能已过时" in why and "small_claims.json" in why
    rc, out = run(capsys, data, str(path), *COURT, "--filed-on", "2025-06-02", "--procedure", "simple",
                  "--reason", "高级人民法院 2025 年标准未安装，按简易程序立案")
    assert out["case"]["procedure"] == "simple" and out["case"]["case_number"] == "（2025）苏0583民初1号"


def test_routing_by_amount_court_level_and_exclusions():
    money = [{"kind": "principal", "amount": "64610.00", "text": "…"}]
    two = [{"role": "plaintiff"}, {"role": "defendant"}]
    on = date(2026, 3, 2)
    r = routing.route(court_code="苏0583", filed_on=on, claims=money, parties=two, hints={})
    assert r.procedure == "small_claims" and "第一百六十五条第一款" in r.reasons[0].zh
    assert r.standard["source"]["url"]
    r = routing.route(court_code="苏0583", filed_on=on, claims=[dict(money[0], amount="64610.01")],
                      parties=two, hints={})
    assert r.procedure == "simple" and "第二款" in r.reasons[0].zh
    r = routing.route(court_code="苏0583", filed_on=on, claims=money, parties=two, hints={"appraisal": True})
    assert r.procedure == "simple" and "鉴定" in r.reasons[0].zh
    r = routing.route(court_code="苏0583", filed_on=on, claims=money, parties=two,
                      hints={"whereabouts_unknown": True})
    assert r.procedure == "ordinary" and "第二百五十七条" in r.reasons[0].zh
    r = routing.route(court_code="苏05", filed_on=on, claims=money, parties=two, hints={})
    assert r.procedure == "ordinary"
    r = routing.route(court_code="浙0102", filed_on=on, claims=money, parties=two, hints={})
    assert r.procedure is None and "未安装浙江" in r.reasons[0].zh
    r = routing.route(court_code="苏0583", filed_on=date(2024, 3, 1), claims=money, parties=two, hints={})
    assert r.procedure == "simple" and r.standard["wage_year"] == 2022  # 64610 > 60862 then
    with pytest.raises(Exception, match="不能适用小额诉讼"):
        routing.override(routing.route(court_code="苏0583", filed_on=on, claims=[dict(money[0], amount="300000")],
                                       parties=two, hints={}), "small_claims", "双方约定")


def test_the_service_refuses_an_existing_number_and_writes_nothing(tmp_path, capsys, example_doc):
    path, _ = complaint(tmp_path, "e.pdf", seed=10)
    data = tmp_path / "data"
    with Workbench.open(data) as wb:
        example_doc["filed_on"] = f"{date.today().year}-01-05"
        example_doc["case_number"] = f"（{date.today().year}）苏0583民初1234号"
        wb.import_case(example_doc)
        prop = registration.propose_registration(wb, [path])
        assert prop.case["case_number"].endswith("民初1235号")  # max + 1 of the year
        prop.case["case_number"] = example_doc["case_number"]  # as if another desk took it meanwhile
        before = wb.db.one("SELECT count(*) FROM log")[0]
        blobs = sorted(p.name for p in (data / "blobs").rglob("*") if p.is_file())
        with pytest.raises(Exception, match="已存在"):
            registration.register(wb, prop)
        assert wb.db.one("SELECT count(*) FROM log")[0] == before
        assert sorted(p.name for p in (data / "blobs").rglob("*") if p.is_file()) == blobs
