"""What registration does not read cleanly it leaves empty and flags, never guesses: an ID number
whose check character fails, an amount OCR read with low confidence, a figure and its 大写 that
disagree, a claim with several amounts and no total, a credit code that fails GB 32100. The pages
are SourcePages as OCR leaves them (lines with boxes and confidences)."""

from __future__ import annotations

from workbench.intake.complaint import read_complaint
from workbench.intake.importers import OcrLine, SourcePage
from workbench.law.id_numbers import check_character

GOOD_ID = "320583197506031" + "23"
GOOD_ID += check_character(GOOD_ID)
BAD_ID = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")


def page(lines: list[tuple[str, float]]) -> SourcePage:
    p = SourcePage("scan.pdf", "x", 0)
    p.lines = [OcrLine(t, s, (100.0, 80.0 + 40 * i, 100.0 + 30 * len(t), 110.0 + 40 * i))
               for i, (t, s) in enumerate(lines)]
    p.text = "\n".join(t for t, _ in lines)
    p.work_size = (1240, 1754)
    p.method = "ocr"
    return p


def complaint(claims: list[tuple[str, float]], defendant_id: str = GOOD_ID,
              code: str = "91350200776049653A") -> SourcePage:
    return page([("民事起诉状", 0.99),
                 (f"原告：昆山市宏达贸易有限公司，住所地江苏省昆山市玉山镇前进西路100号，统一社会信用代码{code}。", 0.97),
                 ("法定代表人：赵强，执行董事。", 0.98),
                 (f"被告：王建国，男，1975年6月3日出生，汉族，住江苏省昆山市千灯镇石浦路18号，公民身份号码{defendant_id}。", 0.97),
                 ("诉讼请求：", 0.99), *claims,
                 ("事实和理由：被告向原告购买货物，至今未付货款。", 0.98), ("此致", 0.99)])


def test_a_clean_complaint_reads_whole():
    r = read_complaint([complaint([("1.判令被告支付货款50000元；", 0.97), ("2.本案诉讼费用由被告负担。", 0.98)])])
    assert r.flags == []
    assert r.parties[1]["id_number"] == GOOD_ID and r.parties[1]["born"] == "1975-06-03"
    assert r.claims[0]["amount"] == "50000.00" and r.cause == "买卖合同纠纷"
    assert r.sources["claims[0].amount"]["box"][1] == 80.0 + 40 * 5


def test_an_id_number_that_fails_its_check_is_left_empty_and_flagged():
    r = read_complaint([complaint([("1.判令被告支付货款50000元。", 0.97)], defendant_id=BAD_ID)])
    assert "id_number" not in r.parties[1] and r.parties[1]["born"] == "1975-06-03"
    assert any(f["field"] == "parties[1].id_number" and "校验位" in f["zh"] for f in r.flags)


def test_an_amount_read_with_low_confidence_is_left_empty():
    r = read_complaint([complaint([("1.判令被告支付货款58000元；", 0.62), ("2.本案诉讼费用由被告负担。", 0.98)])])
    assert "amount" not in r.claims[0]
    assert any(f["field"] == "claims[0].amount" and "置信度低" in f["zh"] for f in r.flags)


def test_figure_and_words_that_disagree_several_amounts_and_garbled_figures():
    r = read_complaint([complaint([("1.判令被告支付货款50000元（大写：伍万伍仟元整）；", 0.97),
                                   ("2.判令被告支付违约金3000元、律师费2000元；", 0.97),
                                   ("3.判令被告支付利息5□00元。", 0.97)])])
    assert [c.get("amount") for c in r.claims] == [None, None, None]
    fields = [f["field"] for f in r.flags]
    assert fields.count("claims[0].amount") == 1 and "claims[1].amount" in fields and "claims[2].amount" in fields


def test_a_total_is_taken_and_a_base_amount_is_not():
    r = read_complaint([complaint([("1.判令被告赔偿医疗费3000元、误工费2000元，共计5000元；", 0.97),
                                   ("2.判令被告支付逾期利息（以50000元为基数按年利率3.65%计算）1200元。", 0.97)])])
    assert [c["amount"] for c in r.claims] == ["5000.00", "1200.00"] and r.flags == []


def test_a_credit_code_that_fails_gb_32100_is_kept_and_flagged():
    r = read_complaint([complaint([("1.判令被告支付货款50000元。", 0.97)], code="91350200776049653B")])
    assert r.parties[0]["credit_code"] == "91350200776049653B"
    assert any(f["field"] == "parties[0].credit_code" and "校验位应为 A" in f["zh"] for f in r.flags)


def test_a_party_the_complaint_speaks_of_but_that_was_not_read_is_flagged():
    p = complaint([("1.判令二被告连带支付货款50000元。", 0.97)])
    r = read_complaint([p])
    assert sum(1 for q in r.parties if q["role"] == "defendant") == 1
    assert any(f["field"] == "parties" and "2名被告" in f["zh"] for f in r.flags)
