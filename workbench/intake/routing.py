"""繁简分流 at registration: the procedure the law allows a new case, with the reason.

小额诉讼 (民事诉讼法 2023 第一百六十五条): a basic court's simple money-payment case whose amount
is at or below 50 % of the province's previous-year average wage of employed persons, unless
第一百六十六条 excludes it (foreign-related, needs appraisal, a party whose whereabouts are
unknown, …); between 50 % and twice that, only if both parties agree. The figure is the one
published (民诉法解释 第二百七十二条): the province's limits are data, `resources/intake/
small_claims.json`, each with the higher court's notice it comes from and the date it took
effect. When the question turns on the amount and no current figure is installed, the router
says so and proposes nothing: it never guesses a wage.

Whether the facts are clear and the dispute small (第一百六十条) is the registering judge's call;
the reason says what the router checked and what is left to the judge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Text, UserError
from ..law.case_numbers import PROVINCES
from ..law.numerals import chinese_number
from ..resources import resource

DATA = ("intake", "small_claims.json")
PROCEDURE_NAMES = {"small_claims": Text("小额诉讼程序", "small claims procedure"),
                   "simple": Text("简易程序", "simple procedure"),
                   "ordinary": Text("普通程序", "ordinary procedure")}


@lru_cache(maxsize=4)
def _load(path: str, _mtime: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def data() -> dict:
    path = resource(*DATA)
    return _load(str(path), path.stat().st_mtime_ns)


def _cite(rule: dict, clause: str = "") -> str:
    return f"{rule['short']}第{chinese_number(rule['article'])}条{clause}"


@dataclass
class Routing:
    procedure: str | None            # None: the router cannot decide (a figure is missing)
    reasons: list[Text] = field(default_factory=list)
    standard: dict | None = None     # the limits applied, with their source
    amount: str | None = None
    override: dict | None = None     # {"procedure", "reason"} when the clerk chose otherwise

    @property
    def chosen(self) -> str | None:
        return self.override["procedure"] if self.override else self.procedure

    def to_json(self) -> dict[str, Any]:
        return {"proposed": self.procedure, "procedure": self.chosen, "amount": self.amount,
                "reasons": [{"zh": r.zh, "en": r.en} for r in self.reasons],
                "standard": self.standard, "override": self.override}


def standard_for(province: str, filed_on: date) -> tuple[dict | None, Text | None]:
    """The limits in force in `province` on `filed_on`, or (None, why not)."""
    d = data()
    prov = d["provinces"].get(province)
    how = Text(f"（在 resources/{'/'.join(DATA)} 或本院 WORKBENCH_RESOURCES 副本的 provinces.{province}.standards "
               "中按高级人民法院通知添加 wage_year、effective_from、small_claims_max、agreed_max 与 source）",
               f" (add wage_year, effective_from, small_claims_max, agreed_max and source from the higher "
               f"court's notice to provinces.{province}.standards in resources/{'/'.join(DATA)} or the "
               f"court's WORKBENCH_RESOURCES copy)")
    if not prov:
        return None, Text(f"未安装{province}的小额诉讼标准（上年度就业人员年平均工资）",
                          f"no small-claims figure is installed for {province}") + how
    live = [s for s in prov["standards"] if date.fromisoformat(s["effective_from"]) <= filed_on]
    if not live:
        return None, Text(f"未安装{prov['name']}在 {filed_on} 适用的小额诉讼标准",
                          f"no small-claims figure of {province} in force on {filed_on} is installed") + how
    s = max(live, key=lambda s: s["effective_from"])
    if filed_on.year - s["wage_year"] > d.get("max_age_years", 2):
        return None, Text(
            f"已安装的{prov['name']}小额诉讼标准为 {s['wage_year']} 年度工资（{s['effective_from']} 起施行），"
            f"对 {filed_on} 立案的案件可能已过时，未据以判断；请安装高级人民法院公布的最新标准",
            f"the installed figure of {province} is for wage year {s['wage_year']} (from "
            f"{s['effective_from']}), probably out of date on {filed_on}; install the current one") + how
    return dict(s, province=prov["name"]), None


def route(*, court_code: str, filed_on: date, claims: list[dict], parties: list[dict],
          hints: dict[str, Any], amounts_unread: bool = False) -> Routing:
    d = data()["law"]
    out = Routing(None)
    total = sum((Decimal(c["amount"]) for c in claims if c.get("amount")), Decimal("0"))
    out.amount = f"{total:.2f}"
    level = {1: "higher", 3: "intermediate", 5: "basic"}.get(len(court_code), "supreme")
    if level != "basic":
        out.procedure = "ordinary"
        out.reasons.append(Text(
            f"本院不是基层人民法院：简易程序与小额诉讼仅由基层人民法院及其派出法庭适用（{_cite(d['simple_procedure'])}、"
            f"{_cite(d['small_claims'])}）", "not a basic court: simple and small-claims procedure are for basic "
            "courts only"))
        return out
    many = max(sum(1 for p in parties if p["role"] == r) for r in ("plaintiff", "defendant"))
    if hints.get("whereabouts_unknown"):
        out.procedure = "ordinary"
        out.reasons.append(Text(f"起诉状称被告下落不明或请求公告送达：不适用简易程序（{_cite(d['simple_exclusions'], '第一项')}）",
                                "the complaint says a defendant's whereabouts are unknown: no simple procedure"))
        return out
    if many >= d["many_parties"]["at_least"]:
        out.procedure = "ordinary"
        out.reasons.append(Text(f"一方当事人 {many} 人，人数众多：不适用简易程序（{_cite(d['simple_exclusions'], '第三项')}）",
                                f"{many} parties on one side: no simple procedure"))
        return out
    excluded: list[Text] = []
    sc = d["small_claims_exclusions"]
    if hints.get("non_money"):
        excluded.append(Text(f"诉讼请求不全是金钱给付（第{'、'.join(str(i + 1) for i in hints['non_money'])}项）",
                             "not every claim is a money payment"))
    if hints.get("foreign"):
        excluded.append(Text(f"可能为涉外案件（{_cite(sc, '第二项')}）", "possibly foreign-related"))
    if hints.get("appraisal"):
        excluded.append(Text(f"请求或事实涉及评估、鉴定（{_cite(sc, '第三项')}）", "an appraisal is involved"))
    if not any(c.get("amount") for c in claims):
        excluded.append(Text("诉讼请求无金额", "no claim carries an amount"))
    if excluded:
        out.procedure = "simple"
        out.reasons.append(Text("不适用小额诉讼：" + "；".join(t.zh for t in excluded),
                                "no small claims: " + "; ".join(t.en for t in excluded)))
        out.reasons.append(_simple_note(d))
        return out
    if amounts_unread:
        out.reasons.append(Text("有诉讼请求的金额未能读出：标的额未定，不作程序建议，请核对金额后再定",
                                "an amount could not be read: the claim total is unknown, so no procedure "
                                "is proposed until it is checked"))
        return out
    province = PROVINCES.get(court_code[0], court_code[0])
    std, why = standard_for(province, filed_on)
    if std is None:
        out.reasons.append(why)  # type: ignore[arg-type]
        return out
    out.standard = std
    limit, agreed = Decimal(std["small_claims_max"]), Decimal(std["agreed_max"])
    basis = (f"{std['province']}自 {std['effective_from']} 起的标准：{std['figure']}，"
             f"小额诉讼 {limit} 元及以下、约定适用 {agreed} 元以下（来源：{std['source']['title']}）")
    basis_en = (f"{province}'s limits from {std['effective_from']} (wage year {std['wage_year']}): "
                f"{limit} yuan, {agreed} by agreement")
    if total <= limit:
        out.procedure = "small_claims"
        out.reasons.append(Text(
            f"标的额 {total} 元，不超过{basis}：适用小额诉讼的程序，一审终审（{_cite(d['small_claims'], '第一款')}）；"
            f"事实是否清楚、争议是否不大，由立案法官审查",
            f"claims total {total} yuan, within {basis_en}: small claims, final at first instance; whether "
            f"the facts are clear is for the judge"))
    elif total <= agreed:
        out.procedure = "simple"
        out.reasons.append(Text(
            f"标的额 {total} 元，超过小额诉讼标准但在二倍以下：拟适用简易程序；当事人双方约定的，可适用小额诉讼的程序"
            f"（{_cite(d['small_claims'], '第二款')}）。{basis}",
            f"claims total {total} yuan, above the limit but within twice it: simple procedure, small claims "
            f"only if both parties agree. {basis_en}"))
    else:
        out.procedure = "simple"
        out.reasons.append(Text(f"标的额 {total} 元，超过小额诉讼标准的二倍：不适用小额诉讼。{basis}",
                                f"claims total {total} yuan, above twice the limit: no small claims. {basis_en}"))
        out.reasons.append(_simple_note(d))
    return out


def _simple_note(d: dict) -> Text:
    return Text(f"拟适用简易程序（{_cite(d['simple_procedure'])}）；案情复杂的，可转为普通程序",
                "simple procedure proposed; a complex case may go to ordinary procedure")


def override(r: Routing, procedure: str, reason: str) -> Routing:
    """The clerk's choice, kept with the reason. Small claims the law does not allow is refused."""
    if procedure not in PROCEDURE_NAMES:
        raise UserError(Text(f"程序应为 {'|'.join(PROCEDURE_NAMES)}", "procedure must be one of "
                             + ", ".join(PROCEDURE_NAMES)), field="procedure")
    if not reason or not reason.strip():
        raise UserError(Text("改变建议的程序须说明理由（--reason）", "a different procedure needs a reason "
                             "(--reason)"), field="reason")
    if procedure == "small_claims" and r.procedure != "small_claims":
        blocked = r.procedure == "ordinary" or any("不适用小额诉讼" in t.zh for t in r.reasons)
        if r.standard is not None and r.amount is not None:
            blocked = blocked or Decimal(r.amount) > Decimal(r.standard["agreed_max"])
        if blocked:
            raise UserError(Text("本案不能适用小额诉讼的程序：" + "；".join(t.zh for t in r.reasons),
                                 "small claims is not open to this case: " + "; ".join(t.en for t in r.reasons)),
                            field="procedure")
    r.override = {"procedure": procedure, "reason": reason.strip()}
    return r
