"""Layouts of the papers parties and the court write: complaints (free and 要素式), answers,
preservation applications, powers of attorney, 法定代表人身份证明书, lawyers' letters, evidence lists,
receipts of service and summonses — each in three layouts, the last of which is never used in
tuning (see build.py)."""

from __future__ import annotations

from .draw import RED, Sheet
from .people import COURT


class Ctx:
    """What a layout needs: the case, its randomness, the face, the printed number (or None)."""

    def __init__(self, rng, case, face, number, day, total=None):
        self.rng, self.c, self.face, self.number, self.day, self.total = rng, case, face, number, day, total
        self.P, self.D = case.plaintiff, case.defendant
        self.amount = f"{case.amount:,}" if rng.random() < 0.5 else str(case.amount)
        from .people import cn_date
        self.date_cn = cn_date(*day)
        self.date_ar = "%d年%d月%d日" % day

    def sheet(self, page_style: str | None = None, margin: float = 72) -> Sheet:
        s = Sheet(self.rng, self.face, margin=margin)
        s.page_style = page_style
        s.pages_total = self.total or 0
        return s

    def party_line(self, p: dict, label: str) -> str:
        if p["kind"] == "person":
            return (f"{label}：{p['name']}，{p['sex']}，{p['born'][:4]}年{int(p['born'][5:7])}月出生，汉族，"
                    f"住{p['address']}，公民身份号码{p['id_number']}。")
        rep = p["representative"]
        return (f"{label}：{p['name']}，住所地{p['address']}，统一社会信用代码{p['credit_code']}。"
                f"法定代表人：{rep['name']}，{rep['title']}。")

    def number_line(self, s: Sheet, where: str = "right") -> None:
        if self.number:
            (s.right if where == "right" else s.left)(f"案号：{self.number}", 12)


def _facts(x: Ctx, n: int) -> list[str]:
    c, D = x.c, x.D
    base = [f"{x.date_ar[:5]}以来，原告与被告{D['name']}之间形成{c.cause[:-2]}关系，原告依约履行了全部义务。",
            f"被告经原告多次催告，至今仍欠付{x.amount}元未予清偿，其行为已构成违约，严重损害了原告的合法权益。",
            "原告认为，双方之间的法律关系合法有效，被告理应按照约定履行付款义务，承担相应的违约责任。",
            "为维护原告的合法权益，特依据《中华人民共和国民事诉讼法》的相关规定，向贵院提起诉讼，请求依法判决。"]
    return [x.rng.choice(base[:3]) for _ in range(n - 1)] + [base[3]]


def _closing(x: Ctx, s: Sheet, who: str, name: str, cn: bool = False) -> None:
    s.para("此致", indent=2)
    s.left(COURT)
    s.y += 14
    s.ensure(80)
    s.text(330, s.y, f"{who}：", 14)
    s.hand(name, 400, s.y - 4, 20) if x.rng.random() < 0.6 else s.text(400, s.y, name, 14)
    s.y += 30
    s.text(330, s.y, x.date_cn if cn else x.date_ar, 14)
    s.y += 24


# ---- complaints ---------------------------------------------------------------------------------
def complaint_v0(x: Ctx) -> bytes:
    s = x.sheet(x.rng.choice([None, "cn"]))
    x.number_line(s)
    s.centered("民事起诉状", 26, after=0.8)
    s.para(x.party_line(x.P, "原告"))
    s.para(x.party_line(x.D, "被告"))
    s.left("诉讼请求：", 14, x=s.margin + 28)
    s.para(f"1.判令被告支付原告款项人民币{x.amount}元及逾期付款利息；")
    s.para("2.本案诉讼费用由被告负担。")
    s.left("事实和理由：", 14, x=s.margin + 28)
    for p in _facts(x, x.rng.choice([3, 8, 16])):
        s.para(p)
    _closing(x, s, "具状人", x.P["name"])
    return s.finish()


def complaint_v1(x: Ctx) -> bytes:
    s = x.sheet(x.rng.choice(["slash", None]), margin=64)
    s.text(s.margin, s.y, "起诉状", 22, face="CorpusHei")
    s.y += 40
    x.number_line(s, "left")
    s.para(x.party_line(x.P, "原告").replace("，公民身份号码", "\n身份证号："), 13, indent=0)
    s.para(x.party_line(x.D, "被告"), 13, indent=0)
    s.left("一、诉讼请求", 15, face="CorpusHei")
    s.para(f"判令被告向原告支付{x.amount}元，并自起诉之日起按全国银行间同业拆借中心公布的贷款市场报价利率支付利息至实际清偿之日止。", 13)
    s.left("二、事实与理由", 15, face="CorpusHei")
    for p in _facts(x, x.rng.choice([2, 6, 14])):
        s.para(p, 13)
    _closing(x, s, "起诉人", x.P["name"], cn=True)
    return s.finish()


def complaint_v2(x: Ctx) -> bytes:
    # 要素式: the court's element form, a ruled table with one row per element.
    s = x.sheet("cn", margin=56)
    s.centered("民事起诉状", 22, after=0.1)
    s.centered(f"（{x.c.cause[:-2]}纠纷要素式）", 14, after=0.6)
    x.number_line(s)
    P, D = x.P, x.D
    rows = [["当事人信息", ""], ["原告", x.party_line(P, "原告")[3:]], ["被告", x.party_line(D, "被告")[3:]],
            ["委托诉讼代理人", f"{x.c.lawyer}，{x.c.lawfirm}律师"], ["诉讼请求和依据", ""],
            ["1.本金", f"截至起诉之日止，尚欠本金{x.amount}元"], ["2.利息", "按年利率3.65%计算至实际清偿之日止"],
            ["3.诉讼费用", "由被告负担"], ["约定管辖和诉讼保全", "无约定；已申请诉讼保全"],
            ["事实与理由", ""], ["1.合同签订情况", f"原告与被告于{x.c.filed[0] - 1}年签订书面合同"],
            ["2.履行情况", "原告已依约履行，被告未依约付款"], ["3.催告情况", "原告多次催告，被告至今未付"],
            ["4.其他需要说明的内容", "无"]]
    s.table([2, 5], rows, 12)
    _closing(x, s, "具状人（签字、盖章）", P["name"])
    return s.finish()


def answer_v0(x: Ctx) -> bytes:
    s = x.sheet(x.rng.choice([None, "dash"]))
    x.number_line(s)
    s.centered("民事答辩状", 26, after=0.8)
    s.para(x.party_line(x.D, "答辩人"), indent=0)
    s.para(f"被答辩人：{x.P['name']}，住{x.P.get('address', '')}。", indent=0)
    s.para(f"答辩人就被答辩人诉答辩人{x.c.cause}一案，提出答辩意见如下：")
    for p in [f"一、被答辩人主张的{x.amount}元款项与事实不符，答辩人已经部分履行，被答辩人未予扣减。",
              "二、被答辩人主张的利息计算标准过高，请求法院依法予以调整。",
              "三、被答辩人的部分请求已超过诉讼时效，依法不应支持。"][: x.rng.choice([2, 3])]:
        s.para(p)
    s.para("综上，请求人民法院依法驳回被答辩人的不当诉讼请求。")
    _closing(x, s, "答辩人", x.D["name"], cn=True)
    return s.finish()


def answer_v1(x: Ctx) -> bytes:
    s = x.sheet("slash", margin=64)
    s.centered("答 辩 状", 24, spacing=4, after=0.8, face="CorpusHei")
    x.number_line(s, "left")
    s.para(f"答辩人（被告）：{x.D['name']}", 13, indent=0)
    s.para(f"被答辩人（原告）：{x.P['name']}", 13, indent=0)
    s.para(f"案由：{x.c.cause}", 13, indent=0)
    s.left("答辩意见：", 14, face="CorpusHei")
    for _ in range(x.rng.choice([2, 5, 11])):
        s.para("答辩人认为，原告的诉讼请求缺乏事实和法律依据。双方之间的往来款项已经结清，原告提交的证据不足以证明其主张，"
               "且原告主张的违约金明显过高，请求法院依法调减。", 13)
    _closing(x, s, "答辩人", x.D["name"])
    return s.finish()


def answer_v2(x: Ctx) -> bytes:
    s = x.sheet("cn", margin=56)
    s.centered("民事答辩状", 22, after=0.1)
    s.centered("（要素式）", 14, after=0.6)
    x.number_line(s)
    rows = [["答辩人", x.party_line(x.D, "答辩人")[4:]], ["对诉讼请求的确认", "不予确认"],
            ["1.对本金的意见", f"对{x.amount}元有异议，已部分归还"], ["2.对利息的意见", "约定利率过高"],
            ["对事实与理由的意见", ""], ["1.合同签订情况", "无异议"], ["2.履行情况", "有异议，详见证据"],
            ["答辩的依据", "《中华人民共和国民法典》相关规定"], ["证据清单（可另附页）", "见附页"]]
    s.table([2, 5], rows, 12)
    _closing(x, s, "答辩人（签字、盖章）", x.D["name"], cn=True)
    return s.finish()


def preservation_v0(x: Ctx) -> bytes:
    s = x.sheet()
    x.number_line(s)
    s.centered("财产保全申请书", 24, after=0.8)
    s.para(f"申请人：{x.P['name']}，住{x.P['address']}。", indent=0)
    s.para(f"被申请人：{x.D['name']}，住{x.D['address']}。", indent=0)
    s.left("请求事项：", 14)
    s.para(f"请求依法冻结被申请人银行存款人民币{x.amount}元或查封、扣押其同等价值的其他财产。")
    s.left("事实和理由：", 14)
    s.para(f"申请人与被申请人{x.c.cause}一案，已诉至贵院。为防止被申请人转移财产，致使将来的判决难以执行，"
           "特申请财产保全，申请人愿意提供相应担保。")
    _closing(x, s, "申请人", x.P["name"])
    return s.finish()


def preservation_v1(x: Ctx) -> bytes:
    s = x.sheet(None, margin=60)
    s.centered("诉讼财产保全申请书", 22, after=0.8, face="CorpusHei")
    x.number_line(s, "left")
    s.para(x.party_line(x.P, "申请人"), 13, indent=0)
    s.para(x.party_line(x.D, "被申请人"), 13, indent=0)
    s.table([1, 3], [["申请保全金额", f"{x.amount}元"], ["保全财产线索", "被申请人名下银行账户及不动产"],
                     ["担保方式", "由保险公司出具诉讼财产保全责任保险保函"]], 13)
    s.para("申请人为保证将来生效法律文书得以执行，依照《中华人民共和国民事诉讼法》的规定，特向贵院申请诉讼财产保全。", 13)
    _closing(x, s, "申请人", x.P["name"], cn=True)
    return s.finish()


def preservation_v2(x: Ctx) -> bytes:
    s = x.sheet("cn_short", margin=64)
    s.centered("申 请 书", 24, spacing=5, after=0.2)
    s.centered("（财产保全）", 14, after=0.6)
    x.number_line(s)
    s.para(f"申请人{x.P['name']}与被申请人{x.D['name']}{x.c.cause}一案，贵院已经受理。", 13)
    s.para(f"申请事项：冻结被申请人{x.D['name']}的银行存款{x.amount}元，或者查封、扣押其相应价值的财产。", 13)
    s.para("申请理由：被申请人有转移、隐匿财产的可能，可能使判决难以执行。申请人提供担保，请求准予保全。", 13)
    _closing(x, s, "申请人", x.P["name"])
    return s.finish()


# ---- identity papers written by parties -------------------------------------------------------
def poa_v0(x: Ctx) -> bytes:
    s = x.sheet()
    x.number_line(s)
    s.centered("授权委托书", 26, spacing=2, after=0.8)
    s.para(f"委托人：{x.P['name']}，住{x.P['address']}。", indent=0)
    s.para(f"受托人：{x.c.lawyer}，{x.c.lawfirm}律师。", indent=0)
    s.para(f"现委托{x.c.lawyer}在原告{x.P['name']}与被告{x.D['name']}{x.c.cause}一案中，作为我方的委托诉讼代理人。")
    s.para("代理权限为：特别授权，代为承认、放弃、变更诉讼请求，进行和解，提起反诉或者上诉，代为签收法律文书。")
    _closing_short(x, s, "委托人", x.P["name"])
    s.seal(430, s.y - 40, 42, x.c.lawfirm) if x.P["kind"] != "person" else None
    return s.finish()


def _closing_short(x: Ctx, s: Sheet, who: str, name: str) -> None:
    s.y += 20
    s.text(330, s.y, f"{who}：", 14)
    s.hand(name, 400, s.y - 4, 20)
    s.y += 32
    s.text(330, s.y, x.date_ar, 14)
    s.y += 24


def poa_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=60)
    s.centered("授 权 委 托 书", 22, spacing=3, after=0.8, face="CorpusHei")
    s.table([1, 3], [["委托人", x.P["name"]], ["受托人", f"{x.c.lawyer}（{x.c.lawfirm}律师）"],
                     ["案件", f"{x.P['name']}诉{x.D['name']}{x.c.cause}"] + ([] if not x.number else []),
                     ["代理权限", "一般代理" if x.rng.random() < 0.5 else "特别授权：代为承认、放弃、变更诉讼请求，进行和解"],
                     ["委托期限", "自签订之日起至本案终结"]], 13)
    x.number_line(s, "left")
    _closing_short(x, s, "委托人（签名）", x.P["name"])
    return s.finish()


def poa_v2(x: Ctx) -> bytes:
    s = x.sheet(margin=70)
    s.text(s.margin, s.y, COURT + "：", 14)
    s.y += 30
    s.centered("委托书", 24, after=0.6)
    x.number_line(s)
    s.para(f"兹委托{x.c.lawfirm}{x.c.lawyer}律师，为我方与{x.D['name']}之间{x.c.cause}一案的诉讼代理人。", 13)
    for i, t in enumerate(["代为起诉、应诉，参加庭审；", "代为提出、承认、放弃、变更诉讼请求；", "代为进行和解、调解；",
                           "代为签收法律文书。"], 1):
        s.para(f"{i}. {t}", 13, indent=2)
    _closing_short(x, s, "委托人", x.P["name"])
    return s.finish()


def legal_rep_v0(x: Ctx) -> bytes:
    org = x.D if x.D["kind"] == "organization" else x.P if x.P["kind"] == "organization" else x.D
    rep = org.get("representative", {"name": org["name"], "title": "负责人"})
    s = x.sheet()
    s.centered("法定代表人身份证明书", 24, after=0.8)
    s.para(f"{rep['name']}在我单位任{rep['title']}职务，是我单位的法定代表人，特此证明。")
    s.para(f"单位名称：{org['name']}", indent=0)
    s.para(f"住所地：{org['address']}", indent=0)
    s.para(f"统一社会信用代码：{org.get('credit_code', '')}", indent=0)
    s.y += 30
    s.text(300, s.y, org["name"] + "（盖章）", 13)
    s.seal(390, s.y + 5, 44, org["name"])
    s.y += 28
    s.text(330, s.y, x.date_cn, 13)
    return s.finish()


def legal_rep_v1(x: Ctx) -> bytes:
    org = x.D if x.D["kind"] == "organization" else x.P
    rep = org.get("representative", {"name": org["name"], "title": "负责人"})
    s = x.sheet(margin=60)
    s.centered("法定代表人身份证明", 22, after=0.8, face="CorpusHei")
    s.table([1, 3], [["单位名称", org["name"]], ["统一社会信用代码", org.get("credit_code", "")],
                     ["法定代表人", rep["name"]], ["职务", rep["title"]], ["住所", org["address"]]], 13)
    s.para("兹证明上列人员为我单位法定代表人。", 13)
    s.y += 20
    s.text(320, s.y, "单位（公章）", 13)
    s.seal(390, s.y, 44, org["name"])
    s.y += 30
    s.text(320, s.y, x.date_ar, 13)
    return s.finish()


def legal_rep_v2(x: Ctx) -> bytes:
    org = x.D if x.D["kind"] == "organization" else x.P
    rep = org.get("representative", {"name": org["name"], "title": "负责人"})
    s = x.sheet(margin=70)
    s.centered("法定代表人证明书", 22, spacing=1, after=0.8)
    s.para(f"兹证明{rep['name']}同志，系我单位{rep['title']}，为我单位法定代表人。", 14)
    s.para(f"特此证明。", 14)
    s.rect(150, s.y + 10, 295, 150, 0.8)
    s.text(170, s.y + 30, "（法定代表人身份证复印件粘贴处）", 12)
    s.text(170, s.y + 60, f"姓名 {rep['name']}", 12)
    s.y += 190
    s.text(320, s.y, org["name"], 13)
    s.seal(400, s.y, 44, org["name"])
    s.y += 30
    s.text(320, s.y, x.date_cn, 13)
    return s.finish()


def lawletter_v0(x: Ctx) -> bytes:
    s = x.sheet()
    s.centered(x.c.lawfirm, 20, after=0.2, face="CorpusHei")
    s.centered("律师事务所函", 22, after=0.8)
    s.left(f"{COURT}：", 14)
    s.para(f"本所接受{x.P['name']}的委托，指派{x.c.lawyer}律师担任其与{x.D['name']}{x.c.cause}一案的委托诉讼代理人。特此函告。")
    s.para(f"律师联系电话：1{x.rng.randint(3000000000, 9999999999)}", indent=0)
    s.y += 30
    s.text(330, s.y, x.c.lawfirm, 13)
    s.seal(410, s.y, 46, x.c.lawfirm)
    s.y += 30
    s.text(340, s.y, x.date_cn, 13)
    return s.finish()


def lawletter_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=64)
    s.text(s.margin, s.y, x.c.lawfirm, 18, face="CorpusHei", color=RED)
    s.y += 26
    s.line(s.margin, s.y, s.w - s.margin, s.y, 2)
    s.y += 16
    s.right(f"苏{x.rng.choice('正明衡玉')}律函字〔2026〕第{x.rng.randint(10, 400)}号", 12)
    s.centered("函", 26, after=0.8)
    s.left(f"{COURT}：", 14)
    s.para(f"{x.P['name']}与{x.D['name']}{x.c.cause}一案，本所已接受{x.P['name']}的委托，指派本所{x.c.lawyer}律师"
           "作为其委托诉讼代理人参加诉讼，请予接洽。", 13)
    s.para("附：授权委托书一份。", 13)
    s.y += 30
    s.text(330, s.y, x.c.lawfirm + "（章）", 12)
    s.seal(410, s.y, 46, x.c.lawfirm)
    s.y += 30
    s.text(340, s.y, x.date_ar, 12)
    s.line(s.margin, s.h - 70, s.w - s.margin, s.h - 70, 1)
    s.text(s.margin, s.h - 64, f"地址：江苏省昆山市前进西路{x.rng.randint(1, 900)}号  电话：0512-5{x.rng.randint(1000000, 9999999)}", 10)
    return s.finish()


def lawletter_v2(x: Ctx) -> bytes:
    s = x.sheet(margin=70)
    s.centered("律 师 事 务 所 函", 22, spacing=3, after=0.3, face="CorpusHei")
    s.centered(f"（{x.c.lawfirm}）", 13, after=0.8)
    s.table([1, 3], [["致", COURT], ["委托人", x.P["name"]], ["承办律师", f"{x.c.lawyer}（执业证号 1320{x.rng.randint(100000000, 999999999)}）"],
                     ["案件", f"{x.P['name']}与{x.D['name']}{x.c.cause}"], ["事项", "出庭应诉，查阅、复制案卷材料"]], 13)
    s.y += 20
    s.text(330, s.y, "律师事务所（盖章）", 12)
    s.seal(410, s.y, 46, x.c.lawfirm)
    s.y += 30
    s.text(340, s.y, x.date_cn, 12)
    return s.finish()


def evlist_v0(x: Ctx) -> bytes:
    s = x.sheet()
    x.number_line(s)
    s.centered("证据目录", 24, after=0.8)
    s.para(f"提交人：原告{x.P['name']}", indent=0)
    rows = [["序号", "证据名称", "证明目的", "页数"]] + [
        [str(i + 1), n, p, str(k)] for i, (n, p, k) in enumerate(
            [("借条", f"证明被告向原告借款{x.amount}元", 1), ("转账凭证", "证明原告已实际交付款项", 1),
             ("聊天记录截图", "证明原告多次催讨", 2), ("身份证复印件", "证明诉讼主体资格", 2)])]
    s.table([1, 4, 8, 2], rows, 13, header=True)
    _closing_short(x, s, "提交人", x.P["name"])
    return s.finish()


def evlist_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=56)
    s.centered("证据清单", 22, after=0.6, face="CorpusHei")
    x.number_line(s)
    s.text(s.margin, s.y, f"案由：{x.c.cause}", 12)
    s.text(330, s.y, f"举证人：{x.P['name']}", 12)
    s.y += 26
    rows = [["编号", "证据名称", "来源", "证明内容", "原件/复印件"]] + [
        [str(i + 1), n, src, p, o] for i, (n, src, p, o) in enumerate(
            [("合同", "原告", "双方存在合同关系", "原件"), ("发票", "原告", "货物已交付", "复印件"),
             ("对账单", "双方", f"被告尚欠{x.amount}元", "原件"), ("催款函及快递单", "原告", "已催告", "原件"),
             ("营业执照", "公示系统", "被告主体信息", "复印件")][: x.rng.choice([3, 5])])]
    s.table([1, 3, 2, 5, 2], rows, 12, header=True)
    s.text(330, s.y + 20, f"提交日期：{x.date_ar}", 12)
    return s.finish()


def evlist_v2(x: Ctx) -> bytes:
    s = x.sheet("cn", margin=64)
    s.centered("原告证据目录及说明", 20, after=0.8)
    x.number_line(s)
    for i, (n, p) in enumerate([("身份证复印件", "原告、被告的诉讼主体资格"), ("借款合同", "双方借贷关系成立"),
                                ("银行转账回单", f"原告已交付借款{x.amount}元"), ("微信聊天记录", "被告认可欠款")], 1):
        s.para(f"证据{i}：{n}", 14, indent=0)
        s.para(f"证明目的：{p}。", 13, indent=2)
    _closing_short(x, s, "原告", x.P["name"])
    return s.finish()


def receipt_v0(x: Ctx) -> bytes:
    s = x.sheet()
    s.centered(COURT, 20, after=0.2)
    s.centered("送达回证", 26, spacing=2, after=0.5)
    s.table([1, 3], [["案号", x.number or x.c.number], ["案由", x.c.cause], ["受送达人", x.D["name"]],
                     ["送达地址", x.D["address"]], ["送达文书", "起诉状副本、应诉通知书、举证通知书、传票"],
                     ["受送达人签收", "\n\n"], ["送达人", "陈静"]], 13)
    s.hand(x.D["name"], 250, s.y - 150, 20)
    s.seal(420, s.y - 60, 44, COURT)
    return s.finish()


def receipt_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=56)
    s.centered(COURT, 18, after=0.1, face="CorpusHei")
    s.centered("送 达 回 证", 22, spacing=4, after=0.4)
    s.right(f"案号 {x.number or x.c.number}", 12)
    s.table([2, 2, 2, 2], [["送达文书名称", "份数", "送达方式", "送达日期"],
                           ["受理案件通知书", "1", "直接送达", x.date_ar], ["举证通知书", "1", "直接送达", x.date_ar],
                           ["开庭传票", "1", "邮寄送达", x.date_ar]], 12, header=True)
    s.table([1, 3], [["受送达人", x.P["name"]], ["签收人", ""], ["备注", "本人签收"]], 12)
    s.seal(420, s.y - 40, 44, COURT)
    return s.finish()


def receipt_v2(x: Ctx) -> bytes:
    s = x.sheet(margin=70)
    s.centered(COURT, 18, after=0.2)
    s.centered("送达回证", 22, after=0.3, face="CorpusHei")
    s.text(s.margin, s.y, f"（{x.number or x.c.number}）", 12)
    s.y += 26
    s.table([2, 5], [["受送达人姓名或名称", x.D["name"]], ["送达文书及件数", "起诉状副本、举证通知书各 1 份"],
                     ["送达地点", x.D["address"]], ["收件人签名或盖章", ""], ["代收人及代收理由", ""],
                     ["送达人签名", "陈静  王雪"], ["备考", ""]], 12)
    s.seal(420, s.y - 80, 44, COURT)
    return s.finish()


def summons_v0(x: Ctx) -> bytes:
    s = x.sheet()
    s.centered(COURT, 20, after=0.2)
    s.centered("传　票", 28, spacing=6, after=0.4)
    s.table([1, 3], [["案号", x.number or x.c.number], ["案由", x.c.cause], ["被传唤人", x.D["name"]],
                     ["工作单位或住址", x.D["address"]], ["传唤事由", "开庭审理"],
                     ["应到时间", "%d年%d月%d日上午9时" % (2026, x.day[1] % 12 + 1, x.day[2])],
                     ["应到处所", "本院千灯人民法庭第一法庭"]], 13)
    s.para("注意事项：一、被传唤人必须准时到达应到处所。二、本传票由被传唤人携带来院报到。", 12)
    s.y += 10
    s.text(330, s.y, COURT, 13)
    s.seal(400, s.y, 44, COURT)
    s.y += 26
    s.text(340, s.y, x.date_cn, 13)
    return s.finish()


def summons_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=60)
    s.centered(COURT, 18, after=0.1, face="CorpusHei")
    s.centered("传票", 26, after=0.3)
    s.right(x.number or x.c.number, 12)
    s.para(f"{x.P['name']}：", 14, indent=0)
    s.para(f"本院受理{x.P['name']}诉{x.D['name']}{x.c.cause}一案，定于{2026}年{x.day[1] % 12 + 1}月{x.day[2]}日"
           "下午2时30分在本院第三审判庭开庭审理，请准时到庭。", 14)
    s.rect(s.margin, s.y + 6, s.w - 2 * s.margin, 90, 0.6)
    s.y += 14
    s.para("注意事项：1.被传唤人须携带本传票和身份证件；2.无正当理由拒不到庭的，按撤诉处理或缺席判决。", 12, indent=1,
           x0=s.margin + 8, x1=s.w - s.margin - 8)
    s.y += 30
    s.text(330, s.y, x.date_ar, 13)
    s.seal(400, s.y - 10, 44, COURT)
    return s.finish()


def summons_v2(x: Ctx) -> bytes:
    s = x.sheet(margin=56)
    s.centered(COURT, 16, after=0.1)
    s.centered("传 票", 24, spacing=8, after=0.3, face="CorpusHei")
    s.table([1, 2, 1, 2], [["案号", x.number or x.c.number, "案由", x.c.cause],
                           ["被传唤人", x.P["name"], "地址", x.P["address"]],
                           ["传唤事由", "证据交换", "应到时间", "%d月%d日9时" % (x.day[1] % 12 + 1, x.day[2])],
                           ["应到处所", "本院诉讼服务中心", "联系人", "陈静 0512-57512345"]], 11)
    s.text(330, s.y + 10, f"审判员  周明", 12)
    s.text(330, s.y + 36, x.date_cn, 12)
    s.seal(400, s.y + 30, 44, COURT)
    return s.finish()


LAYOUTS = {
    "complaint": ("complaint", [complaint_v0, complaint_v1, complaint_v2]),
    "answer": ("answer", [answer_v0, answer_v1, answer_v2]),
    "preservation": ("preservation", [preservation_v0, preservation_v1, preservation_v2]),
    "power_of_attorney": ("identity", [poa_v0, poa_v1, poa_v2]),
    "legal_rep_id": ("identity", [legal_rep_v0, legal_rep_v1, legal_rep_v2]),
    "law_firm_letter": ("identity", [lawletter_v0, lawletter_v1, lawletter_v2]),
    "evidence_list": ("evidence", [evlist_v0, evlist_v1, evlist_v2]),
    "service_receipt": ("response", [receipt_v0, receipt_v1, receipt_v2]),
    "summons": ("summons", [summons_v0, summons_v1, summons_v2]),
}
