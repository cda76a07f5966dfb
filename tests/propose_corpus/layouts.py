"""Four layouts of a complaint drawn with the intake corpus's strokes (draw.Sheet): the classic
paragraph form, a headed form with particulars on lines of their own, the court's 要素式 table,
and a fourth (起诉书 with numbered parties, amounts in words, (1) claims) that tuning never sees."""

from __future__ import annotations

import random

from intake_corpus.draw import Sheet
from intake_corpus.people import COURT
from workbench.law.numerals import chinese_date
from datetime import date

ROLE = {"plaintiff": "原告", "defendant": "被告", "third_party": "第三人"}


def _born_cn(p: dict, full: bool) -> str:
    y, m, d = (int(x) for x in p["born"].split("-"))
    return f"{y}年{m}月{d}日出生" if full else f"{y}年{m}月出生"


def particulars(p: dict, rng: random.Random, full_birth: bool = True, id_label: str = "公民身份号码") -> str:
    if p["kind"] == "person":
        return (f"{p['name']}，{p['sex']}，{_born_cn(p, full_birth)}，{p['ethnicity']}，住{p['address']}，"
                f"{id_label}{p['id_number']}。")
    rep = p["representative"]
    who = "负责人" if rep["title"] == "负责人" else "法定代表人"
    return (f"{p['name']}，住所地{p['address']}，统一社会信用代码{p['credit_code']}。"
            f"{who}：{rep['name']}，{rep['title']}。")


def _labels(plan) -> list[str]:
    counts = {r: sum(1 for p in plan.parties if p["role"] == r) for r in ROLE}
    seen: dict[str, int] = {}
    out = []
    for p in plan.parties:
        seen[p["role"]] = seen.get(p["role"], 0) + 1
        n = "一二三四"[seen[p["role"]] - 1] if counts[p["role"]] > 1 else ""
        out.append(ROLE[p["role"]] + n)
    return out


def _closing(s: Sheet, rng: random.Random, who: str, name: str, cn: bool) -> None:
    s.para("此致", indent=2)
    s.left(COURT)
    s.y += 14
    s.ensure(80)
    s.text(330, s.y, f"{who}：", 14)
    s.hand(name, 400, s.y - 4, 20) if rng.random() < 0.5 else s.text(400, s.y, name, 14)
    s.y += 30
    s.text(330, s.y, chinese_date(date(2026, 11, rng.randint(1, 28))) if cn else f"2026年11月{rng.randint(1, 28)}日", 14)
    s.y += 24


def layout0(plan, rng: random.Random, face: str) -> bytes:
    s = Sheet(rng, face)
    s.page_style = rng.choice([None, "cn"])
    s.centered("民事起诉状", 26, after=0.8)
    for label, p, i in zip(_labels(plan), plan.parties, range(99)):
        s.para(f"{label}：{particulars(p, rng)}")
        if i in plan.agent_of:
            a = plan.agent_of[i]
            s.para(f"委托诉讼代理人：{a['name']}，{a['title']}。")
    s.left("诉讼请求：", 14, x=s.margin + 28)
    for k, c in enumerate(plan.claims):
        s.para(f"{k + 1}.{c['text']}；" if k + 1 < len(plan.claims) else f"{k + 1}.{c['text']}。")
    s.left("事实和理由：", 14, x=s.margin + 28)
    for f in plan.facts:
        s.para(f)
    s.para("为维护原告的合法权益，特依据《中华人民共和国民事诉讼法》的相关规定，向贵院提起诉讼，请求依法判决。")
    _closing(s, rng, "具状人", plan.parties[0]["name"] if plan.parties[0]["kind"] == "person"
             else plan.parties[0]["name"], cn=False)
    return s.finish()


def layout1(plan, rng: random.Random, face: str) -> bytes:
    s = Sheet(rng, face, margin=64)
    s.page_style = rng.choice(["slash", None])
    s.text(s.margin, s.y, "起诉状", 22, face="CorpusHei")
    s.y += 40
    for label, p, i in zip(_labels(plan), plan.parties, range(99)):
        if p["kind"] == "person":
            s.para(f"{label}：{p['name']}，{p['sex']}，{p['ethnicity']}，住{p['address']}", 13, indent=0)
            y, m, d = (int(x) for x in p["born"].split("-"))
            s.para(f"出生日期：{y}年{m}月{d}日", 13, indent=0)
            s.para(f"身份证号：{p['id_number']}", 13, indent=0)
        else:
            s.para(f"{label}：{p['name']}，住所地{p['address']}", 13, indent=0)
            s.para(f"统一社会信用代码：{p['credit_code']}", 13, indent=0)
            rep = p["representative"]
            s.para(f"法定代表人：{rep['name']}，{rep['title']}", 13, indent=0)
        if i in plan.agent_of:
            a = plan.agent_of[i]
            s.para(f"委托代理人：{a['name']}，{a['title']}", 13, indent=0)
    s.left("一、诉讼请求", 15, face="CorpusHei")
    for k, c in enumerate(plan.claims):
        s.para(f"{'一二三四五'[k]}、{c['text']}。", 13)
    s.left("二、事实与理由", 15, face="CorpusHei")
    for f in plan.facts:
        s.para(f, 13)
    _closing(s, rng, "起诉人", plan.parties[0]["name"], cn=True)
    return s.finish()


def layout2(plan, rng: random.Random, face: str) -> bytes:
    s = Sheet(rng, face, margin=56)
    s.page_style = "cn"
    s.centered("民事起诉状", 22, after=0.1)
    s.centered(f"（{plan.cause[:-2]}纠纷要素式）", 14, after=0.6)
    rows = [["当事人信息", ""]]
    for label, p, i in zip(_labels(plan), plan.parties, range(99)):
        rows.append([label, particulars(p, rng, full_birth=True)])
        if i in plan.agent_of:
            a = plan.agent_of[i]
            rows.append(["委托诉讼代理人", f"{a['name']}，{a['title']}"])
    rows.append(["诉讼请求", ""])
    for k, c in enumerate(plan.claims):
        rows.append([f"{k + 1}.", c["text"]])
    rows.append(["事实与理由", ""])
    for k, f in enumerate(plan.facts):
        rows.append([f"{k + 1}.", f])
    s.table([2, 6], rows, 12)
    _closing(s, rng, "具状人（签字、盖章）", plan.parties[0]["name"], cn=True)
    return s.finish()


def layout3(plan, rng: random.Random, face: str) -> bytes:
    """Held out: 起诉书, 原告一/被告二 even when alone, the birth only to the month (the ID number
    gives the day), agents as 委托代理人, claims as (1) under a heading on the same line."""
    s = Sheet(rng, face, margin=70)
    s.page_style = rng.choice(["dash", "cn_short"])
    s.centered("民 事 起 诉 书", 24, spacing=3, after=0.9)
    for label, p, i in zip(_labels(plan), plan.parties, range(99)):
        s.para(f"{label}：{particulars(p, rng, full_birth=False, id_label='身份证号码：')}", 14, indent=0)
        if i in plan.agent_of:
            a = plan.agent_of[i]
            s.para(f"委托代理人：{a['name']}，{a['title']}。", 14, indent=0)
    first = plan.claims[0]["text"]
    s.para(f"诉讼请求：（1）{first}；", 14, indent=0)
    for k, c in enumerate(plan.claims[1:], start=2):
        s.para(f"（{k}）{c['text']}；", 14, indent=2)
    s.para("事实及理由：" + plan.facts[0], 14, indent=0)
    for f in plan.facts[1:]:
        s.para(f, 14)
    s.para("综上所述，原告特诉至贵院，望判如所请。")
    _closing(s, rng, "具状人", plan.parties[0]["name"], cn=rng.random() < 0.5)
    return s.finish()


def layout4(plan, rng: random.Random, face: str) -> bytes:
    """Held out (written after layout 3 had been looked at): a lawyer-prepared complaint with the
    firm's letterhead, particulars as labelled fields on lines of their own (性别：男　民族：汉族),
    headings on lines of their own, amounts as 人民币 figures, claims 一、 二、."""
    s = Sheet(rng, face, margin=66)
    s.page_style = rng.choice(["cn", "slash"])
    firm = next((a["title"].removesuffix("律师") for a in plan.agent_of.values()), "")
    if firm:
        s.centered(firm, 12, after=0.3, face="CorpusHei")
        s.line(s.margin, s.y, s.w - s.margin, s.y, 1.2)
        s.y += 16
    s.centered("民事起诉状", 24, after=1.0)
    for label, p, i in zip(_labels(plan), plan.parties, range(99)):
        s.left(f"{label}：{p['name']}", 14, after=0.45)
        if p["kind"] == "person":
            y, m, d = (int(x) for x in p["born"].split("-"))
            s.left(f"性别：{p['sex']}　民族：{p['ethnicity']}　出生日期：{y}年{m}月{d}日", 13, after=0.45)
            s.left(f"住址：{p['address']}", 13, after=0.45)
            s.left(f"公民身份号码：{p['id_number']}", 13, after=0.45)
        else:
            s.left(f"住所地：{p['address']}", 13, after=0.45)
            s.left(f"统一社会信用代码：{p['credit_code']}", 13, after=0.45)
            rep = p["representative"]
            s.left(f"法定代表人：{rep['name']}　职务：{rep['title']}", 13, after=0.45)
        if i in plan.agent_of:
            a = plan.agent_of[i]
            s.left(f"委托诉讼代理人：{a['name']}，{a['title']}", 13, after=0.45)
        s.y += 6
    s.left("诉讼请求", 15, face="CorpusHei")
    for k, c in enumerate(plan.claims):
        s.para(f"{'一二三四五'[k]}、{c['text']}；", 14)
    s.left("事实与理由", 15, face="CorpusHei")
    for f in plan.facts:
        s.para(f, 14)
    _closing(s, rng, "具状人", plan.parties[0]["name"], cn=True)
    return s.finish()


def layout5(plan, rng: random.Random, face: str) -> bytes:
    """Held out (the third held-out layout, written before any rule saw it): particulars in a
    three-column table, one attribute per row (原告 | 姓名 | 王建国), claims and facts in cells."""
    s = Sheet(rng, face, margin=60)
    s.page_style = "cn"
    s.centered("民事起诉状", 22, after=0.8)
    rows = []
    for label, p, i in zip(_labels(plan), plan.parties, range(99)):
        if p["kind"] == "person":
            y, m, d = (int(x) for x in p["born"].split("-"))
            attrs = [("姓名", p["name"]), ("性别", p["sex"]), ("出生日期", f"{y}年{m}月{d}日"),
                     ("民族", p["ethnicity"]), ("住址", p["address"]), ("公民身份号码", p["id_number"])]
        else:
            rep = p["representative"]
            attrs = [("名称", p["name"]), ("住所地", p["address"]), ("统一社会信用代码", p["credit_code"]),
                     ("法定代表人", f"{rep['name']}，{rep['title']}")]
        if i in plan.agent_of:
            a = plan.agent_of[i]
            attrs.append(("委托诉讼代理人", f"{a['name']}，{a['title']}"))
        for k, (key, value) in enumerate(attrs):
            rows.append([label if k == 0 else "", key, value])
    s.table([1.2, 2, 5], rows, 11.5)
    s.table([1.2, 7], [["诉讼请求" if k == 0 else "", f"{k + 1}.{c['text']}"]
                       for k, c in enumerate(plan.claims)], 12)
    s.table([1.2, 7], [["事实与理由", "".join(plan.facts)]], 12)
    _closing(s, rng, "具状人", plan.parties[0]["name"], cn=False)
    return s.finish()


LAYOUTS = [layout0, layout1, layout2, layout3, layout4, layout5]
