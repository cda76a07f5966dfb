"""The facts behind a generated complaint: the six causes the workbench knows, each with its kind
of parties (a bank for loans and cards, a property company, an insurer beside the driver), their
particulars, agents from law firms, claims with amounts in the forms complaints write them, and
facts and reasons in the words of each cause.

`truth` is the case JSON a perfect reading gives (parties, claims, cause), the yardstick of
tests/test_propose_*.py and bench/bench_propose.py."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from intake_corpus.people import LAWFIRMS, TOWNS, People, id_number
from workbench.law.credit_codes import check_character as credit_check
from workbench.law.money import uppercase_amount

CAUSES = ["民间借贷纠纷", "金融借款合同纠纷", "信用卡纠纷", "买卖合同纠纷", "物业服务合同纠纷",
          "机动车交通事故责任纠纷"]
BANKS = ["中国工商银行股份有限公司昆山分行", "江苏昆山农村商业银行股份有限公司", "中国建设银行股份有限公司苏州分行",
         "招商银行股份有限公司苏州分行", "交通银行股份有限公司昆山分行"]
PROPERTY = ["昆山嘉禾物业管理有限公司", "苏州绿城物业服务有限公司昆山分公司", "昆山万家物业服务有限公司"]
INSURERS = ["中国人民财产保险股份有限公司昆山市支公司", "中国平安财产保险股份有限公司苏州分公司",
            "中国太平洋财产保险股份有限公司昆山支公司"]
SELLERS = ["昆山市润丰建材有限公司", "苏州金盛电子科技有限公司", "昆山市恒通物流有限公司", "昆山鼎新机械有限公司"]
ETHNIC = ["汉族"] * 9 + ["回族", "满族", "蒙古族"]
TITLES = ["执行董事", "总经理", "董事长", "行长", "负责人"]


def valid_credit_code(rng: random.Random) -> str:
    body = "91320583" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    return body + credit_check(body)


@dataclass
class Plan:
    cause: str
    parties: list[dict]
    claims: list[dict]          # {"kind", "amount" (str) or None, "text"}
    facts: list[str]
    agent_of: dict[int, dict] = field(default_factory=dict)  # party index → agent
    amount_style: str = "plain"

    def truth(self) -> dict:
        parties = []
        for i, p in enumerate(self.parties):
            q = dict(p)
            if i in self.agent_of:
                q["agents"] = [self.agent_of[i]]
            parties.append(q)
        return {"cause": self.cause, "parties": parties,
                "claims": [{k: v for k, v in c.items() if v is not None} for c in self.claims]}


def money(rng: random.Random, amount: int, style: str) -> str:
    """An amount as a complaint writes it."""
    if style == "grouped":
        return f"{amount:,}元"
    if style == "decimal":
        return f"{amount}.00元"
    if style == "wan" and amount % 1000 == 0:
        w = amount / 10000
        return f"{w:g}万元"
    if style == "upper":
        return f"人民币{uppercase_amount(amount)}"
    if style == "both":
        return f"{amount}元（大写：{uppercase_amount(amount)}）"
    return f"{amount}元"


def _org(people: People, rng: random.Random, role: str, name: str) -> dict:
    return {"role": role, "kind": "organization", "name": name,
            "address": f"江苏省昆山市{rng.choice(TOWNS)}{rng.randint(1, 300)}号",
            "credit_code": valid_credit_code(rng),
            "representative": {"name": people.name()[:3], "title": rng.choice(TITLES)}}


def _person(people: People, rng: random.Random, role: str) -> dict:
    born = (rng.randint(1958, 2001), rng.randint(1, 12), rng.randint(1, 28))
    name = people.name()
    return {"role": role, "kind": "person", "name": name, "sex": rng.choice("男女"),
            "born": "%04d-%02d-%02d" % born, "ethnicity": rng.choice(ETHNIC),
            "address": f"江苏省昆山市{rng.choice(TOWNS)}{rng.randint(1, 300)}号",
            "id_number": id_number(rng, born, rng.choice(["320583", "320581", "320506", "342401"]))}


def plan(rng: random.Random, cause: str, styles: tuple[str, ...]) -> Plan:
    people = People(rng)
    style = rng.choice(styles)
    a = rng.randrange(6, 400) * 500
    small = rng.randrange(2, 60) * 100
    m = lambda v: money(rng, v, style)  # noqa: E731
    costs = {"kind": "costs", "amount": None, "text": "本案诉讼费用由被告负担"}
    if cause == "民间借贷纠纷":
        p = [_person(people, rng, "plaintiff"), _person(people, rng, "defendant")]
        claims = [{"kind": "principal", "amount": f"{a}.00", "text": f"判令被告偿还原告借款本金{m(a)}"},
                  {"kind": "interest", "amount": f"{small}.00", "text": f"判令被告支付逾期利息{m(small)}（暂计至起诉之日）"},
                  costs]
        facts = [f"{2024}年{rng.randint(1, 12)}月，被告因资金周转需要向原告借款{a}元，并出具借条一份，约定三个月内归还。",
                 "原告通过银行转账方式将借款交付被告。借款到期后，经原告多次催讨，被告至今未予归还。",
                 "原告认为，双方之间的民间借贷关系合法有效，被告应当按约归还借款并支付利息。"]
    elif cause == "金融借款合同纠纷":
        p = [_org(people, rng, "plaintiff", rng.choice(BANKS)), _person(people, rng, "defendant")]
        claims = [{"kind": "principal", "amount": f"{a}.00", "text": f"判令被告归还借款本金{m(a)}"},
                  {"kind": "interest", "amount": f"{small}.00", "text": f"判令被告支付截至起诉之日的利息、罚息{m(small)}"},
                  costs]
        facts = [f"原告与被告签订《个人借款合同》，约定原告向被告发放贷款{a}元，按月等额还款。",
                 "合同签订后原告依约放款，被告自第七期起未按约还款，已构成违约。",
                 "原告依据借款合同约定宣布贷款提前到期，被告仍未归还。"]
    elif cause == "信用卡纠纷":
        p = [_org(people, rng, "plaintiff", rng.choice(BANKS)), _person(people, rng, "defendant")]
        claims = [{"kind": "principal", "amount": f"{a}.00", "text": f"判令被告偿还信用卡透支本金{m(a)}"},
                  {"kind": "interest", "amount": f"{small}.00", "text": f"判令被告支付透支利息{m(small)}"},
                  {"kind": "penalty", "amount": f"{small // 4}.00", "text": f"判令被告支付违约金{m(small // 4)}"},
                  costs]
        facts = [f"被告向原告申领信用卡一张，卡号末四位{rng.randint(1000, 9999)}，领用合约约定了透支利息及违约金。",
                 "被告使用该卡消费透支后未按期足额还款，经原告多次催收仍未归还。"]
    elif cause == "买卖合同纠纷":
        seller = _org(people, rng, "plaintiff", rng.choice(SELLERS))
        buyer = _person(people, rng, "defendant") if rng.random() < 0.4 else \
            _org(people, rng, "defendant", "昆山市" + rng.choice(["华茂纺织", "瑞祥食品", "美佳家居", "天泽装饰"]) + "有限公司")
        p = [seller, buyer]
        claims = [{"kind": "principal", "amount": f"{a}.00", "text": f"判令被告支付货款{m(a)}"},
                  {"kind": "penalty", "amount": f"{small}.00", "text": f"判令被告支付违约金{m(small)}"},
                  costs]
        facts = ["原告与被告之间存在买卖合同关系，原告按约向被告供货，被告签收了送货单。",
                 f"经双方对账，被告尚欠原告货款{a}元，至今未付。"]
    elif cause == "物业服务合同纠纷":
        p = [_org(people, rng, "plaintiff", rng.choice(PROPERTY)), _person(people, rng, "defendant")]
        a = rng.randrange(10, 120) * 100
        claims = [{"kind": "fee", "amount": f"{a}.00", "text": f"判令被告支付物业服务费{m(a)}"},
                  {"kind": "penalty", "amount": f"{small // 10}.00", "text": f"判令被告支付滞纳金{m(small // 10)}"},
                  costs]
        facts = ["原告系被告所居住小区的物业服务企业，依约提供了物业服务。",
                 "被告作为业主，自2023年1月起未交纳物业费，经原告多次催缴仍拒不交纳。"]
    else:
        victim = _person(people, rng, "plaintiff")
        driver = _person(people, rng, "defendant")
        insurer = _org(people, rng, "defendant", rng.choice(INSURERS))
        p = [victim, driver, insurer]
        claims = [{"kind": "damages", "amount": f"{a}.00",
                   "text": f"判令二被告赔偿原告医疗费、误工费、护理费、交通费等各项损失共计{m(a)}"},
                  {"kind": "costs", "amount": None, "text": "本案诉讼费用由二被告负担"}]
        facts = [f"被告{driver['name']}驾驶小型轿车与原告发生碰撞，造成原告受伤的交通事故。",
                 "经公安机关交通管理部门认定，被告负事故全部责任。肇事车辆在被告保险公司投保了交强险和商业三者险。"]
    plan_ = Plan(cause, p, claims, facts, amount_style=style)
    for i, party in enumerate(p):
        if party["role"] == "plaintiff" and rng.random() < 0.6:
            plan_.agent_of[i] = {"name": people.name()[:3], "title": f"{rng.choice(LAWFIRMS)}律师"}
    return plan_
