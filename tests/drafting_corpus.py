"""Test material: what the parties hand in for a case of each of the six causes — complaint,
answer, evidence (借条, 转账凭证, 借款合同, 对账单, 物业服务合同, 事故认定书…) — as PDFs with a text
layer, in several layouts (type size, so lines wrap differently; Arabic, 大写 and 万 amounts; ISO,
Arabic and Chinese dates), and the elements each case's documents state, with the status the file
gives them. The court never generates these: they stand for a party's papers in tests only.

`case_material(cause, variant)` → (case JSON without typed elements, documents, expected), where
each document is (category, title, author, pages) and `expected` maps an element key to
(value as text, status).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbench.efile.render import render_template

DATA = Path(__file__).parent / "data" / "drafting"
CAUSES = {"private_loan": "民间借贷纠纷", "financial_loan": "金融借款合同纠纷", "credit_card": "信用卡纠纷",
          "sale_contract": "买卖合同纠纷", "property_service": "物业服务合同纠纷",
          "traffic_accident": "机动车交通事故责任纠纷"}
VARIANTS = (0, 1, 2)
SIZES = (12, 14, 16)


def party_pdf(title: str, author: str, pages: list[list[str]], variant: int = 0) -> bytes:
    """A party's paper: its title, then each page's paragraphs (a page break between pages)."""
    blocks: list[dict[str, Any]] = [{"kind": "heading", "text": title, "size": 22, "after": 0.5}]
    for n, paras in enumerate(pages):
        if n:
            blocks.append({"kind": "space", "from_bottom": -40})  # forces the next page
        blocks += [{"kind": "para", "text": p.replace("{", "（").replace("}", "）"),
                    "size": SIZES[variant % 3]} for p in paras]
    return render_template({"title": title, "author": author, "blocks": blocks}, {}, "test/party")


def _doc(name: str) -> dict[str, Any]:
    doc = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    doc["elements"] = {}
    doc["hearing"]["defendant_answer"] = None
    return doc


def _amount(v: int, variant: int, yuan: str) -> str:
    """50000 as 50000元 / 人民币伍万元整 / 5万元 by variant."""
    big = {50000: "伍万", 3000: "叁仟", 80000: "捌万", 2000: "贰仟"}
    if variant == 1 and v in big:
        return f"人民币{big[v]}元整"
    if variant == 2 and v % 10000 == 0:
        return f"{v // 10000}万元"
    return f"{v}{yuan}"


def _date(y: int, m: int, d: int, variant: int) -> str:
    cn = "〇一二三四五六七八九"
    if variant == 1:
        return f"{y}-{m:02d}-{d:02d}"
    if variant == 2:
        num = lambda n: ("十" if n == 10 else ("十" + cn[n % 10] if n < 20 else cn[n // 10] + "十" + (cn[n % 10] if n % 10 else ""))) if n >= 10 else cn[n]  # noqa: E731
        return "".join(cn[int(ch)] for ch in str(y)) + f"年{num(m)}月{num(d)}日"
    return f"{y}年{m}月{d}日"


def case_material(name: str, variant: int = 0) -> tuple[dict, list[tuple[str, str, str, list[list[str]]]], dict]:
    return globals()[f"_{name}"](variant)


def _private_loan(v: int):
    doc = _doc("private_loan")
    doc["claims"][0].update(amount="50000.00", text="判令被告偿还借款本金50000元")
    pl, df = "王建国", "张志强"
    complaint = [[
        f"原告：{pl}，男，1975年6月3日出生，汉族，住江苏省昆山市千灯镇石浦路18号。",
        f"被告：{df}，男，1990年2月14日出生，汉族，住江苏省昆山市周市镇青阳北路9号。",
        "诉讼请求：1.判令被告偿还借款本金50000元；2.判令被告支付截至2026年3月1日的利息2400元；3.本案诉讼费用由被告负担。",
        "事实和理由：2025年3月1日，被告向原告借款50000元，约定年利率3.6%，于2025年9月1日前归还。"
        "借款到期后，经原告多次催讨，被告至今未还。"], ["此致", "江苏省昆山市人民法院", f"具状人：{pl}"]]
    iou = [[f"今借到{pl}{_amount(50000, v, '元')}，借款日期：{_date(2025, 3, 1, v)}，"
            f"于{_date(2025, 9, 1, v)}前归还，年利率3.6%。", f"借款人：{df}"]]
    transfer = [["中国农业银行 网上银行电子回单", f"付款人：{pl}", f"收款人：{df}",
                 "交易金额：50,000.00", "交易日期：2025-03-01", "用途：借款"]]
    answer = [[f"答辩人：{df}，男，1990年2月14日出生，汉族。",
               f"答辩人就原告{pl}诉答辩人民间借贷纠纷一案，提出答辩意见如下：",
               "答辩人向原告借款属实，但已于2026年3月归还3000元，原告诉请金额有误，请求法院依法核减。"],
              ["此致", "江苏省昆山市人民法院", f"答辩人：{df}"]]
    docs = [("complaint", "民事起诉状", pl, complaint), ("evidence", "借条", pl, iou),
            ("evidence", "银行转账凭证", pl, transfer), ("answer", "民事答辩状", df, answer)]
    expected = {"principal": ("50000元", "disputed"), "lent_on": ("2025年3月1日", "admitted"),
                "annual_rate_percent": ("3.6%", "claimed"), "due_on": ("2025年9月1日", "claimed"),
                "repayments": (None, "disputed"), "repaid": (None, "disputed"),
                "interest": ("2400元", "claimed")}
    return doc, docs, expected


def _financial_loan(v: int):
    doc = _doc("financial_loan")
    bank, df, g = "中国工商银行股份有限公司昆山分行", "吴敏", "徐建华"
    complaint = [[
        f"原告：{bank}。", f"被告：{df}。", f"被告：{g}。",
        "诉讼请求：1.判令被告吴敏偿还借款本金150000元及利息12300.50元；2.判令被告徐建华承担连带清偿责任。",
        f"事实和理由：2024年5月10日，原告与被告{df}签订借款合同（合同编号：GS2024KS00123），约定借款金额为200000元，"
        f"年利率4.35%，借款期限至2025年5月9日。被告{g}为上述借款提供连带责任保证。截至起诉时被告尚欠借款本金150000元、"
        "利息、罚息、复利合计12300.50元。"]]
    contract = [["借款合同", "合同编号：GS2024KS00123", f"贷款人：{bank}", f"借款人：{df}",
                 f"借款金额：{_amount(200000, v, '元')}", "年利率：4.35%",
                 f"签订日期：{_date(2024, 5, 10, v)}"]]
    statement = [["还款明细及欠款清单", f"借款人：{df}", "尚欠借款本金：150,000.00元", "利息、罚息、复利合计：12,300.50元"]]
    answer = [[f"答辩人：{df}。", "答辩意见如下：对借款事实无异议，但罚息、复利计算过高，请求法院依法调整。"]]
    docs = [("complaint", "民事起诉状", bank, complaint), ("evidence", "借款合同", bank, contract),
            ("evidence", "还款明细及欠款清单", bank, statement), ("answer", "民事答辩状", df, answer)]
    expected = {"contract_no": ("GS2024KS00123", "claimed"), "signed_on": ("2024年5月10日", "admitted"),
                "loan_amount": ("200000元", "admitted"), "annual_rate_percent": ("4.35%", "claimed"),
                "due_on": ("2025年5月9日", "claimed"), "principal": ("150000元", "admitted"),
                "interest": (None, "disputed"), "guarantors": ("徐建华", "claimed")}
    return doc, docs, expected


def _credit_card(v: int):
    doc = _doc("credit_card")
    bank, df = "江苏昆山农村商业银行股份有限公司", "孙红梅"
    complaint = [[f"原告：{bank}。", f"被告：{df}。",
                  "事实和理由：被告向原告申领信用卡（卡号尾号为6021）。被告自2025年6月25日起逾期，"
                  "截至起诉之日尚欠透支本金23456.78元、利息1234.56元、违约金300元。"]]
    statement = [["信用卡对账单", "卡号：6222 **** **** 6021（尾号6021）", "透支本金：23,456.78元",
                  "利息：1,234.56元", "违约金：300.00元"]]
    docs = [("complaint", "民事起诉状", bank, complaint), ("evidence", "信用卡对账单", bank, statement)]
    expected = {"card_last4": ("6021", "claimed"), "overdue_since": ("2025年6月25日", "claimed"),
                "principal": ("23456.78元", "claimed"), "interest": ("1234.56元", "claimed"),
                "fees": ("300元", "claimed")}
    return doc, docs, expected


def _sale_contract(v: int):
    doc = _doc("sale_contract")
    seller, buyer = "苏州精工机械制造有限公司", "昆山市宏达贸易有限公司"
    complaint = [[f"原告：{seller}。", f"被告：{buyer}。",
                  "事实和理由：原告与被告签订买卖合同，约定原告供应数控车床配件，货款总额426500元。"
                  "原告于2025年8月15日交付全部货物，被告已支付100000元，尚欠货款326500元，经催讨未付。"]]
    statement = [["对账函", f"致：{buyer}", "经核对，截至2025年12月31日，贵司尚欠我司货款：326,500.00元。"]]
    note = [["送货单", f"收货单位：{buyer}", "货物：数控车床配件", f"送货日期：{_date(2025, 8, 15, v)}"]]
    answer = [[f"答辩人：{buyer}。", "答辩意见如下：原告交付的部分货物存在质量问题，且答辩人已支付120000元，欠款金额有误。"]]
    docs = [("complaint", "民事起诉状", seller, complaint), ("evidence", "送货单", seller, note),
            ("evidence", "对账函", seller, statement), ("answer", "民事答辩状", buyer, answer)]
    expected = {"goods": ("数控车床配件", "claimed"), "price_total": ("426500元", "claimed"),
                "delivered_on": ("2025年8月15日", "claimed"), "paid": (None, "disputed"),
                "principal": (None, "disputed")}
    return doc, docs, expected


def _property_service(v: int):
    doc = _doc("property_service")
    co, owner = "昆山市锦绣物业管理有限公司", "刘美华"
    complaint = [[f"原告：{co}。", f"被告：{owner}。",
                  "事实和理由：被告系坐落于江苏省昆山市花桥镇绿地大道200号3幢1201室房屋的业主。原告依约提供物业服务，"
                  "物业费标准为1.5元/平方米/月。被告自2023年1月1日至2025年12月31日欠付物业费4860元，另应支付滞纳金300元。"]]
    contract = [["前期物业服务合同", f"物业服务人：{co}", "物业服务费标准：1.5元/平方米/月"]]
    notice = [["物业费催缴通知", f"业主：{owner}", "房号：江苏省昆山市花桥镇绿地大道200号3幢1201室",
               f"您自{_date(2023, 1, 1, v)}至{_date(2025, 12, 31, v)}拖欠物业费共计{_amount(4860, v, '元')}，请及时缴纳。"]]
    docs = [("complaint", "民事起诉状", co, complaint), ("evidence", "前期物业服务合同", co, contract),
            ("evidence", "催缴通知及签收记录", co, notice)]
    expected = {"unit": ("江苏省昆山市花桥镇绿地大道200号3幢1201室", "claimed"),
                "fee_rate": ("1.5元/平方米/月", "claimed"), "period_from": ("2023年1月1日", "claimed"),
                "period_to": ("2025年12月31日", "claimed"), "principal": ("4860元", "claimed"),
                "penalty": ("300元", "claimed")}
    return doc, docs, expected


def _traffic_accident(v: int):
    doc = _doc("traffic_accident")
    pl, drv, ins = "黄晓燕", "陈海涛", "中国平安财产保险股份有限公司苏州分公司"
    complaint = [[f"原告：{pl}。", f"被告：{drv}。", f"被告：{ins}。",
                  "事实和理由：2025年9月18日，被告陈海涛驾驶小型轿车在昆山市巴城镇湖滨路与正仪路交叉路口与原告发生碰撞，致原告受伤。"
                  "肇事车辆在被告中国平安财产保险股份有限公司苏州分公司投保了机动车交通事故责任强制保险及商业第三者责任保险。"
                  "原告因此次事故产生医疗费98650.30元，误工费21600元，护理费12600元，交通费3570元，各项损失合计136420.30元。"]]
    report = [["道路交通事故认定书", f"事故时间：{_date(2025, 9, 18, v)}14时30分",
               "事故地点：昆山市巴城镇湖滨路与正仪路交叉路口",
               "当事人陈海涛负事故全部责任，黄晓燕无责任。"]]
    bills = [["医疗费票据汇总", "医疗费合计：98,650.30元"]]
    answer = [[f"答辩人：{ins}。", "答辩意见如下：对事故事实及责任认定无异议，但部分医疗费属非医保用药，应予扣除。"]]
    docs = [("complaint", "民事起诉状", pl, complaint), ("evidence", "道路交通事故认定书", pl, report),
            ("evidence", "病历及医疗费票据", pl, bills), ("answer", "民事答辩状", ins, answer)]
    expected = {"accident_on": ("2025年9月18日", "admitted"),
                "accident_place": ("昆山市巴城镇湖滨路与正仪路交叉路口", "claimed"),
                "liability": (None, "admitted"),
                "policies": ("机动车交通事故责任强制保险及商业第三者责任保险", "claimed"),
                "medical": (None, "disputed"), "lost_wages": ("21600元", "claimed"),
                "nursing": ("12600元", "claimed"), "transport": ("3570元", "claimed"),
                "principal": ("136420.30元", "claimed")}
    return doc, docs, expected
