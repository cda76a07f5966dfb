"""What the law says about serving a document (送达): the methods, the results of an attempt, and
the date a service takes effect by method. Pure functions; the article texts are in
tests/data/law/queues_articles.json (fetched from LawRefBook/Laws).

- 直接 direct: the date the recipient (or the household member, the receiving clerk, the agent, the
  designated receiver) signed the 送达回证 — 民诉法（2023）第八十七条第二款、第八十八条第二款.
- 留置 left: refused, the document left at the domicile with witnesses or a photo/video record,
  "即视为送达" on that day — 第八十九条 (解释第一百三十条: an organisation that refuses).
  Not for a 调解书 — 解释第一百三十三条.
- 邮寄 post: "以回执上注明的收件日期为送达日期" — 第九十一条.
- 电子 electronic: only with the recipient's consent (第九十条第一款; confirmed in the 送达地址确认书,
  解释第一百三十六条; 在线诉讼规则第二十九条); effective "以送达信息到达受送达人特定系统的日期" —
  第九十条第二款, which 解释第一百三十五条第二款 reads as the date the court's system shows the
  sending succeeded, unless the recipient proves another date of arrival.
- 委托 entrusted to another court: the date signed on the 送达回证 — 解释第一百三十四条第一款; the
  entrusted court serves within ten days of receiving the letter (第二款).
- 转交 forwarded (soldier 第九十二条, detained 第九十三条): the date signed — 第九十四条.
- 公告 announcement: "自发出公告之日起，经过三十日，即视为送达" — 第九十五条 (sixty days for a party
  with no domicile in China, 第二百八十三条); the publication date is the last posting or printing
  (解释第一百三十八条); not in simple procedure (解释第一百四十条). The day of publication is not
  counted (第八十五条第二款; 解释第一百二十五条), so the service takes effect 30 (60) days later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import Text, UserError


@dataclass(frozen=True)
class Method:
    key: str
    zh: str
    en: str
    basis: str
    needs: tuple[str, ...]  # facts an effective date needs, from the proof


METHODS: dict[str, Method] = {m.key: m for m in (
    Method("direct", "直接送达", "direct", "民诉法第八十七条、第八十八条", ("signed_on",)),
    Method("left", "留置送达", "left at the domicile", "民诉法第八十九条", ("left_on",)),
    Method("post", "邮寄送达", "by post (EMS)", "民诉法第九十一条", ("signed_on",)),
    Method("electronic", "电子送达", "electronic", "民诉法第九十条；民诉法解释第一百三十五条",
           ("reached_on",)),
    Method("entrusted", "委托送达", "entrusted to another court", "民诉法解释第一百三十四条",
           ("signed_on",)),
    Method("forwarded", "转交送达", "forwarded", "民诉法第九十二条至第九十四条", ("signed_on",)),
    Method("announcement", "公告送达", "by announcement", "民诉法第九十五条；民诉法解释第一百三十八条",
           ("published_on",)),
)}

# What an attempt came to. `failed` attempts never start a period; the others await their proof.
RESULTS: dict[str, tuple[str, bool]] = {
    "signed": ("已签收", False),
    "left": ("拒收，已留置", False),
    "mailed": ("已交邮", False),
    "sent": ("已发送成功", False),
    "handed_over": ("已交转交机关或受托法院", False),
    "published": ("已发出公告", False),
    "returned": ("邮件退回", True),
    "refused": ("拒收，未能留置", True),
    "not_found": ("无人或查无此人", True),
    "wrong_address": ("地址有误", True),
    "bounced": ("电子送达失败", True),
}

# Which result a method's successful attempt may report.
SUCCESS_BY_METHOD = {"direct": {"signed"}, "left": {"left"}, "post": {"mailed", "signed"},
                     "electronic": {"sent"}, "entrusted": {"handed_over", "signed"},
                     "forwarded": {"handed_over", "signed"}, "announcement": {"published"}}

ANNOUNCEMENT_DAYS = 30  # 民诉法第九十五条
ANNOUNCEMENT_DAYS_ABROAD = 60  # 民诉法第二百八十三条
ENTRUSTED_DAYS = 10  # 民诉法解释第一百三十四条第二款

# The procedural event an effective service stands for, by the document served.
CLOCK_KIND = {"complaint": "complaint_served", "summons": "summons_served",
              "judgment": "judgment_served", "ruling": "judgment_served", "other": None}
SERVES = {"complaint": "起诉状副本及应诉材料", "summons": "传票", "judgment": "判决书",
          "ruling": "裁定书", "mediation": "调解书", "other": "其他诉讼文书"}


def method(key: str) -> Method:
    try:
        return METHODS[key]
    except KeyError:
        raise UserError(f"未知的送达方式 {key!r} / unknown method; 可用 / known: "
                        + "、".join(f"{m.key}（{m.zh}）" for m in METHODS.values()),
                        field="method") from None


def check_method(key: str, *, serves: str, procedure: str, consent: bool, e_address: str,
                 ems_number: str = "") -> None:
    """Refuse a method the law does not allow for this document, case or recipient."""
    m = method(key)
    if key == "electronic" and not (consent and e_address):
        raise UserError(Text("电子送达须经受送达人同意并确认电子地址（民诉法第九十条、民诉法解释第一百三十六条）",
                             "electronic service needs the recipient's consent and address"),
                        field="method")
    if key == "announcement" and procedure in ("simple", "small_claims"):
        raise UserError(Text("适用简易程序的案件，不适用公告送达（民诉法解释第一百四十条）",
                             "no service by announcement in simple procedure"), field="method")
    if key == "left" and serves == "mediation":
        raise UserError(Text("调解书应当直接送达当事人本人，不适用留置送达（民诉法解释第一百三十三条）",
                             "a mediation agreement cannot be served by leaving it"), field="method")
    if key == "post" and not ems_number:
        raise UserError(Text("邮寄送达须填写邮件号（EMS）", "postal service needs the EMS number"),
                        field="ems_number")
    del m


def check_result(method_key: str, result: str) -> bool:
    """True if the result is a failure; refuse a result that does not fit the method."""
    if result not in RESULTS:
        raise UserError(f"未知的送达结果 {result!r}；可用：" + "、".join(
            f"{k}（{v[0]}）" for k, v in RESULTS.items()), field="result")
    failed = RESULTS[result][1]
    if not failed and result not in SUCCESS_BY_METHOD[method_key]:
        raise UserError(Text(f"{METHODS[method_key].zh}不会有「{RESULTS[result][0]}」的结果",
                             f"result {result} does not fit method {method_key}"), field="result")
    return failed


@dataclass(frozen=True)
class Effective:
    on: date
    basis: str


def effective_date(method_key: str, facts: dict[str, date | None], *,
                   abroad: bool = False) -> Effective:
    """The date a service by `method_key` takes effect, from the proof's facts.

    facts: signed_on (the date written on the 送达回证 or the postal receipt), left_on (the day the
    document was left), reached_on (the date the court's system shows the message arrived) with an
    optional recipient_proved_on, published_on (the last posting or printing)."""
    m = method(method_key)
    for need in m.needs:
        if facts.get(need) is None:
            raise UserError(Text(f"{m.zh}须给出 {need}（{_FACT_ZH[need]}）",
                                 f"{m.en} service needs {need}"),
                            field=need)
    if method_key == "announcement":
        days = ANNOUNCEMENT_DAYS_ABROAD if abroad else ANNOUNCEMENT_DAYS
        basis = "民诉法第二百八十三条" if abroad else "民诉法第九十五条"
        return Effective(facts["published_on"] + timedelta(days=days),  # type: ignore[operator]
                         f"{basis}：自发出公告之日起经过{'六十' if abroad else '三十'}日视为送达")
    if method_key == "electronic":
        proved = facts.get("recipient_proved_on")
        if proved is not None:
            return Effective(proved, "民诉法解释第一百三十五条第二款：以受送达人证明的到达日期为准")
        return Effective(facts["reached_on"], "民诉法第九十条第二款：送达信息到达受送达人特定系统的日期")  # type: ignore[arg-type]
    if method_key == "left":
        return Effective(facts["left_on"], "民诉法第八十九条：留置即视为送达")  # type: ignore[arg-type]
    if method_key == "post":
        return Effective(facts["signed_on"], "民诉法第九十一条：回执上注明的收件日期")  # type: ignore[arg-type]
    return Effective(facts["signed_on"], f"{m.basis}：送达回证上的签收日期")  # type: ignore[arg-type]


_FACT_ZH = {"signed_on": "签收日期", "left_on": "留置日期", "reached_on": "到达特定系统的日期",
            "published_on": "发出公告日期"}
