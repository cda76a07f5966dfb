"""The cases behind a corpus: parties with ID numbers and credit codes, lawyers, amounts, and the
traps a real court's intake meets — an insurer and a bank that are parties of several open cases
(their credit codes identify no single case), a repeat plaintiff, papers of a case the court does
not hold, and case numbers printed in every form people and scanners produce."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from workbench.law.id_numbers import check_character
from workbench.law.numerals import chinese_date

COURT = "江苏省昆山市人民法院"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
DOUBLE = ["欧阳", "司马", "上官", "诸葛", "东方"]
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志宏海燕鹏飞文博浩宇晨阳俊峰雪梅慧琳立新晓东振春生德胜秋菊"
TOWNS = ["千灯镇石浦路", "玉山镇前进西路", "周市镇青阳北路", "陆家镇合丰路", "花桥镇绿地大道", "张浦镇振新路",
         "巴城镇湖滨路", "锦溪镇长寿路", "淀山湖镇曙光路", "周庄镇全福路"]
FIRMS = ["宏达贸易", "润丰建材", "恒通物流", "金盛电子", "瑞祥食品", "华茂纺织", "鼎新机械", "博远科技", "嘉禾物业",
         "顺捷汽车服务", "天泽装饰", "美佳家居"]
LAWFIRMS = ["江苏昆山正信律师事务所", "江苏千灯明理律师事务所", "江苏玉峰律师事务所", "江苏衡平律师事务所",
            "上海锦天城（昆山）律师事务所"]
CAUSES = ["民间借贷纠纷", "买卖合同纠纷", "物业服务合同纠纷", "机动车交通事故责任纠纷", "房屋租赁合同纠纷",
          "医疗损害责任纠纷"]
# Repeat litigants: parties of several open cases at once.
INSURER = {"kind": "organization", "name": "中国人民财产保险股份有限公司昆山市支公司",
           "credit_code": "91320583837011201K", "representative": {"name": "沈国梁", "title": "总经理"},
           "address": "江苏省昆山市前进中路168号"}
BANK = {"kind": "organization", "name": "江苏昆山农村商业银行股份有限公司",
        "credit_code": "9132000071415216XN", "representative": {"name": "何建华", "title": "董事长"},
        "address": "江苏省昆山市前进东路828号"}


def cn_date(y: int, m: int, d: int) -> str:
    return chinese_date(date(y, m, d))


def id_number(rng: random.Random, born: tuple[int, int, int], area: str = "320583") -> str:
    body = f"{area}{born[0]:04d}{born[1]:02d}{born[2]:02d}{rng.randint(100, 999)}"
    return body + check_character(body)


def credit_code(rng: random.Random) -> str:
    return "91320583MA" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))


@dataclass
class Case:
    number: str
    seq: int
    cause: str
    plaintiff: dict
    defendant: dict
    amount: int
    lawyer: str
    lawfirm: str
    filed: tuple[int, int, int]
    in_store: bool = True
    extra: dict = field(default_factory=dict)

    def json(self) -> dict:
        return {"case_number": self.number, "court": {"name": COURT, "appeal_court": "江苏省苏州市中级人民法院"},
                "cause": self.cause, "procedure": "simple", "filed_on": "%04d-%02d-%02d" % self.filed,
                "judge": "周明", "clerk": "陈静", "parties": [self.plaintiff, self.defendant],
                "claims": [{"kind": "principal", "amount": f"{self.amount}.00",
                            "text": f"判令被告支付{self.amount}元"}]}


class People:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def name(self) -> str:
        rng = self.rng
        while True:
            sur = rng.choice(DOUBLE) if rng.random() < 0.08 else rng.choice(SURNAMES)
            n = sur + "".join(rng.sample(GIVEN, rng.choice([1, 2, 2])))
            if n not in self.used:
                self.used.add(n)
                return n

    def person(self, role: str) -> dict:
        rng = self.rng
        born = (rng.randint(1958, 2000), rng.randint(1, 12), rng.randint(1, 28))
        return {"role": role, "kind": "person", "name": self.name(), "sex": rng.choice("男女"),
                "born": "%04d-%02d-%02d" % born, "ethnicity": "汉族",
                "address": f"江苏省昆山市{rng.choice(TOWNS)}{rng.randint(1, 300)}号",
                "id_number": id_number(rng, born)}

    def company(self, role: str) -> dict:
        rng = self.rng
        while True:
            firm = f"昆山市{rng.choice(FIRMS)}有限公司" if rng.random() < 0.6 else \
                f"苏州{rng.choice(FIRMS)}{rng.choice('科技实业')}有限公司"
            if firm not in self.used:
                break
        self.used.add(firm)
        return {"role": role, "kind": "organization", "name": firm,
                "address": f"江苏省昆山市{rng.choice(TOWNS)}{rng.randint(1, 300)}号",
                "credit_code": credit_code(rng),
                "representative": {"name": self.name(), "title": rng.choice(["执行董事", "总经理", "董事长"])}}


def make_cases(rng: random.Random, n: int) -> list[Case]:
    """`n` cases of this court plus one it does not hold (the last). Two share the insurer as
    defendant, two the bank as plaintiff, and the stranger's defendant is the insurer too."""
    people = People(rng)
    out: list[Case] = []
    for i in range(n + 1):
        seq = 100 + 97 * i + rng.randrange(90)
        cause = rng.choice(CAUSES)
        if i in (0, 1) or i == n:
            cause = "机动车交通事故责任纠纷"
            p, d = people.person("plaintiff"), dict(INSURER, role="defendant")
        elif i in (2, 3):
            cause = "金融借款合同纠纷"
            p, d = dict(BANK, role="plaintiff"), people.person("defendant")
        else:
            p = people.person("plaintiff")
            d = people.person("defendant") if rng.random() < 0.5 else people.company("defendant")
        case = Case(f"（2026）苏0583民初{seq}号", seq, cause, p, d, rng.randrange(12, 480) * 500,
                    people.name(), rng.choice(LAWFIRMS), (2026, rng.randint(1, 4), rng.randint(1, 28)))
        case.in_store = i < n
        out.append(case)
    return out


def printed_form(number: str, rng: random.Random) -> str:
    """The case number as a paper shows it: canonical, half-width brackets, 〔〕, spaces, full-width
    digits, or with the OCR-prone 〇/O standing for a zero."""
    roll = rng.random()
    if roll < 0.4:
        return number
    if roll < 0.55:
        return number.replace("（", "(").replace("）", ")")
    if roll < 0.65:
        return number.replace("（", "〔").replace("）", "〕")
    if roll < 0.78:
        return number.replace("）", "） ").replace("民初", " 民初 ").replace("号", " 号")
    if roll < 0.88:
        return number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return number.replace("2026", "2〇26").replace("0583", "O583")
