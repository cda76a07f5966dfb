"""Layouts of what parties bring as evidence and identity: ID card copies (front and back),
business licences, IOUs in a hand, bank slips and WeChat/Alipay transfer screenshots, contracts,
traffic-accident findings, medical invoices, property-fee statements, chat screenshots — papers
with no court-style title line. Three layouts each; the last is never used in tuning."""

from __future__ import annotations

from .draw import BLUE, GREY, RED, Sheet
from .layouts_papers import Ctx
from .people import COURT  # noqa: F401 - the court appears on some slips

from reportlab.lib.colors import Color

LIGHT = Color(0.93, 0.95, 0.98)
GREEN = Color(0.1, 0.6, 0.3)


def _person(x: Ctx) -> dict:
    return x.P if x.P["kind"] == "person" else x.D if x.D["kind"] == "person" else {
        "name": x.c.lawyer, "sex": "男", "born": "1980-05-06", "address": "江苏省昆山市玉山镇前进西路1号",
        "id_number": "320583198005061234"}


def _card_front(s: Sheet, p: dict, x0: float, y0: float, w: float = 300, h: float = 190) -> None:
    s.rect(x0, y0, w, h, 1.0, radius=12, fill=LIGHT)
    f = h / 190
    rows = [("姓名", p["name"]), ("性别", f"{p['sex']}    民族  汉"),
            ("出生", f"{p['born'][:4]} 年 {int(p['born'][5:7])} 月 {int(p['born'][8:10])} 日"),
            ("住址", p["address"][:11]), ("", p["address"][11:])]
    for i, (k, v) in enumerate(rows):
        s.text(x0 + 14, y0 + (18 + 26 * i) * f, k, 10 * f, color=BLUE)
        s.text(x0 + 50, y0 + (16 + 26 * i) * f, v, 12 * f)
    s.text(x0 + 14, y0 + 156 * f, "公民身份号码", 10 * f, color=BLUE)
    s.text(x0 + 84 * f, y0 + 154 * f, p["id_number"], 14 * f, face="CorpusHeiMono")
    s.rect(x0 + w - 90 * f, y0 + 20 * f, 72 * f, 92 * f, 0.6, color=GREY, fill=Color(0.8, 0.82, 0.85))


def _card_back(s: Sheet, x0: float, y0: float, w: float = 300, h: float = 190, rng=None) -> None:
    s.rect(x0, y0, w, h, 1.0, radius=12, fill=LIGHT)
    f = h / 190
    s.seal(x0 + 40 * f, y0 + 42 * f, 24 * f, "国徽", star=True)
    s.text(x0 + 80 * f, y0 + 26 * f, "中华人民共和国", 18 * f, face="CorpusHei")
    s.text(x0 + 80 * f, y0 + 58 * f, "居 民 身 份 证", 20 * f, face="CorpusHei")
    s.text(x0 + 20 * f, y0 + 120 * f, "签发机关  昆山市公安局", 11 * f)
    y = (rng.randint(2012, 2022) if rng else 2016)
    s.text(x0 + 20 * f, y0 + 148 * f, f"有效期限  {y}.03.12-{y + 20}.03.12", 11 * f)


def idcard_v0(x: Ctx) -> bytes:
    s = x.sheet()
    p = _person(x)
    _card_front(s, p, 148, 120)
    _card_back(s, 148, 400, rng=x.rng)
    if x.rng.random() < 0.6:
        s.hand("与原件核对一致", 200, 640, 18)
        s.hand(p["name"], 380, 680, 18)
    return s.finish()


def idcard_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=60)
    p = _person(x)
    s.centered("身份证复印件", 16, after=0.6)
    _card_back(s, 100, 140, 390, 240, rng=x.rng)
    _card_front(s, p, 100, 420, 390, 240)
    s.text(100, 700, f"（{p['name']}）", 12)
    return s.finish()


def idcard_v2(x: Ctx) -> bytes:
    # Front and back side by side on a landscape-ish sheet, small, with an annotation.
    s = x.sheet(margin=40)
    p = _person(x)
    _card_front(s, p, 40, 200, 250, 158)
    _card_back(s, 305, 200, 250, 158, rng=x.rng)
    s.text(60, 400, "仅供诉讼使用，他用无效", 16, color=GREY)
    s.hand(f"{p['name']} {x.date_ar}", 300, 440, 16)
    return s.finish()


def licence_v0(x: Ctx) -> bytes:
    org = x.D if x.D["kind"] == "organization" else x.P
    s = x.sheet(margin=60)
    s.rect(40, 40, s.w - 80, s.h - 80, 3, color=Color(0.7, 0.5, 0.2))
    s.y = 90
    s.centered("营 业 执 照", 30, spacing=6, after=0.2, face="CorpusHei")
    s.centered("（副 本）", 14, after=0.8)
    s.text(80, s.y, f"统一社会信用代码  {org.get('credit_code', '')}", 12)
    s.y += 40
    for k, v in [("名      称", org["name"]), ("类      型", "有限责任公司(自然人投资或控股)"),
                 ("法定代表人", org.get("representative", {}).get("name", "")), ("注册资本", "500万元整"),
                 ("成立日期", "2016年08月19日"), ("营业期限", "2016年08月19日至******"),
                 ("住      所", org["address"]), ("经营范围", "销售建材、五金交电、日用百货；道路货物运输（依法须经批准的项目）")]:
        s.text(90, s.y, k, 12)
        for i, ln in enumerate(s.wrap(v, 12, 300)):
            s.text(190, s.y + i * 18, ln, 12)
        s.y += 18 * max(1, len(s.wrap(v, 12, 300))) + 12
    s.text(330, s.y + 30, "登记机关", 12)
    s.seal(420, s.y + 40, 46, "昆山市市场监督管理局")
    s.text(330, s.y + 90, "2021 年 05 月 12 日", 12)
    return s.finish()


def licence_v1(x: Ctx) -> bytes:
    org = x.D if x.D["kind"] == "organization" else x.P
    s = x.sheet(margin=56)
    s.rect(s.w - 150, 60, 80, 80, 1)
    s.text(s.w - 148, 146, "扫描二维码登录", 8)
    s.y = 70
    s.left("营业执照", 28, face="CorpusHei")
    s.left(f"统一社会信用代码 {org.get('credit_code', '')}", 11)
    s.y += 20
    s.table([1, 3], [["名称", org["name"]], ["类型", "有限责任公司"],
                     ["法定代表人", org.get("representative", {}).get("name", "")], ["住所", org["address"]],
                     ["注册资本", "贰佰万元整"], ["经营范围", "技术开发、技术服务；货物进出口"]], 12)
    s.seal(430, s.y + 30, 46, "昆山市市场监督管理局")
    s.text(340, s.y + 90, "登记机关  2022年3月1日", 11)
    return s.finish()


def licence_v2(x: Ctx) -> bytes:
    org = x.D if x.D["kind"] == "organization" else x.P
    s = x.sheet(margin=48)
    s.text(48, 40, "国家企业信用信息公示系统", 16, face="CorpusHei", color=RED)
    s.line(48, 62, s.w - 48, 62, 2, RED)
    s.y = 80
    s.left(org["name"], 18, face="CorpusHei")
    s.left("存续（在营、开业、在册）", 11, color=GREEN)
    s.left("营业执照信息", 13, face="CorpusHei")
    s.table([1, 2, 1, 2], [["统一社会信用代码", org.get("credit_code", ""), "企业名称", org["name"]],
                           ["类型", "有限责任公司", "法定代表人", org.get("representative", {}).get("name", "")],
                           ["注册资本", "100万人民币", "成立日期", "2015-04-21"],
                           ["登记机关", "昆山市市场监督管理局", "核准日期", "2023-06-30"],
                           ["住所", org["address"], "登记状态", "存续"]], 10)
    s.text(48, s.h - 60, "打印时间：" + x.date_ar, 9, color=GREY)
    return s.finish()


def iou_v0(x: Ctx) -> bytes:
    s = x.sheet(margin=70)
    for i in range(14):
        s.line(60, 150 + 44 * i, s.w - 60, 150 + 44 * i, 0.5, Color(0.6, 0.7, 0.9))
    s.y = 90
    s.hand("借  条", 240, s.y, 30)
    s.y = 158
    s.hand_para(f"今借到{x.P['name']}人民币{x.amount}元整，借款期限一年，于{x.c.filed[0] - 1}年{x.c.filed[1]}月"
                f"{x.c.filed[2]}日前归还，逾期未还按年利率百分之六支付利息。", 20, lead=2.2)
    s.y += 20
    s.hand(f"借款人：{x.D['name']}", 300, s.y, 20)
    s.fingerprint(420, s.y + 10)
    s.y += 44
    s.hand(f"{x.c.filed[0] - 2}.{x.c.filed[1]}.{x.c.filed[2]}", 320, s.y, 20)
    return s.finish()


def iou_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=60)
    s.y = 80
    s.hand("欠条", 250, s.y, 32)
    s.y = 150
    s.hand_para(f"本人{x.D['name']}因购买货物欠{x.P['name']}货款共计{x.amount}元，承诺于"
                f"{x.c.filed[0] - 1}年底前全部付清。", 22, lead=2.3)
    s.y += 30
    s.hand(f"欠款人 {x.D['name']}", 280, s.y, 22)
    s.y += 46
    s.hand(f"身份证号 {x.D.get('id_number') or x.D.get('credit_code')}", 180, s.y, 16)
    s.y += 40
    s.hand(f"{x.c.filed[0] - 1}年{x.c.filed[1]}月{x.c.filed[2]}日", 300, s.y, 20)
    s.fingerprint(450, s.y - 30)
    return s.finish()


def iou_v2(x: Ctx) -> bytes:
    # A small slip on a larger scan: a receipt-book leaf with printed rules and a hand.
    s = x.sheet(margin=60)
    s.rect(90, 120, 415, 300, 1.2, color=Color(0.3, 0.3, 0.6))
    s.text(270, 135, "借 据", 22, color=Color(0.3, 0.3, 0.6), spacing=4)
    s.text(110, 185, "出借人", 12, color=Color(0.3, 0.3, 0.6))
    s.hand(x.P["name"], 170, 180, 18)
    s.text(110, 225, "借款金额（大写）", 12, color=Color(0.3, 0.3, 0.6))
    s.hand(f"{x.amount}元", 230, 220, 18)
    s.text(110, 265, "用途", 12, color=Color(0.3, 0.3, 0.6))
    s.hand("资金周转", 170, 260, 18)
    s.text(110, 305, "借款人（签字）", 12, color=Color(0.3, 0.3, 0.6))
    s.hand(x.D["name"], 220, 300, 20)
    s.fingerprint(330, 310)
    s.text(110, 355, "日期", 12, color=Color(0.3, 0.3, 0.6))
    s.hand(f"{x.c.filed[0] - 2}年{x.c.filed[1]}月{x.c.filed[2]}日", 170, 350, 18)
    return s.finish()


def bank_v0(x: Ctx) -> bytes:
    s = x.sheet(margin=60)
    s.centered("中国农业银行", 18, after=0.1, face="CorpusHei")
    s.centered("个人业务凭证", 20, after=0.6)
    s.table([1, 2], [["交易日期", "%d-%02d-%02d" % (x.c.filed[0] - 2, x.c.filed[1], x.c.filed[2])],
                     ["付款人", x.P["name"]], ["付款账号", "6228 4803 " + str(x.rng.randint(10 ** 10, 10 ** 11))],
                     ["收款人", x.D["name"]], ["金额", f"{x.c.amount}.00"], ["交易类型", "转账汇款"], ["附言", "借款"]],
            13)
    s.seal(430, s.y - 30, 36, "中国农业银行昆山支行业务专用章", star=False)
    return s.finish()


def bank_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=50)
    s.text(50, 50, "中国工商银行", 16, face="CorpusHei", color=RED)
    s.text(380, 54, "网上银行电子回单", 13)
    s.y = 90
    s.text(50, s.y, f"电子回单号码：{x.rng.randint(10 ** 11, 10 ** 12)}", 10)
    s.y += 24
    s.table([1, 3, 1, 3], [["付款人", x.P["name"], "收款人", x.D["name"]],
                           ["账号", "6222 0211 " + str(x.rng.randint(10 ** 7, 10 ** 8)), "账号",
                            "6217 0012 " + str(x.rng.randint(10 ** 7, 10 ** 8))],
                           ["开户银行", "工商银行昆山支行", "开户银行", "建设银行昆山分行"],
                           ["金额", f"人民币（小写）¥{x.c.amount:,}.00", "用途", "还款"],
                           ["交易时间", "%d-%02d-%02d 10:21:33" % (x.c.filed[0] - 1, x.c.filed[1], x.c.filed[2]), "验证码",
                            "8F2A-91C0"]], 10)
    s.seal(470, s.y - 20, 34, "中国工商银行电子回单专用章", star=False)
    return s.finish()


def bank_v2(x: Ctx) -> bytes:
    s = x.sheet(margin=50)
    s.rect(50, 100, s.w - 100, 240, 1)
    s.text(70, 112, "中国建设银行", 15, face="CorpusHei", color=BLUE)
    s.text(380, 114, "转账凭证", 16)
    rows = [("日期", "%d年%d月%d日" % (x.c.filed[0] - 1, x.c.filed[1], x.c.filed[2])), ("转出户名", x.P["name"]),
            ("转入户名", x.D["name"]), ("交易金额", f"CNY {x.c.amount:,}.00"), ("摘要", "跨行转账"),
            ("流水号", str(x.rng.randint(10 ** 13, 10 ** 14)))]
    for i, (k, v) in enumerate(rows):
        s.text(80, 150 + 28 * i, k, 11, face="CorpusHeiMono")
        s.text(190, 150 + 28 * i, v, 11, face="CorpusHeiMono")
    s.seal(440, 290, 34, "中国建设银行昆山分行", star=False)
    return s.finish()


def _phone(s: Sheet) -> float:
    """A phone screenshot printed on A4: a tall, narrow frame; returns its left edge."""
    x0 = 180
    s.rect(x0, 50, 235, 740, 1, color=GREY, radius=14)
    s.text(x0 + 12, 60, "9:41", 9)
    s.text(x0 + 180, 60, "5G 88%", 9)
    return x0


def pay_v0(x: Ctx) -> bytes:  # WeChat
    s = x.sheet(margin=40)
    x0 = _phone(s)
    s.text(x0 + 90, 90, "转账详情", 12)
    s.seal(x0 + 117, 170, 26, "", star=False)
    s.text(x0 + 70, 215, f"已收款 ¥{x.c.amount:,}.00" if x.rng.random() < 0.5 else "转账成功", 14, face="CorpusHei")
    s.text(x0 + 60, 250, f"-{x.c.amount:,}.00", 22, face="CorpusHei")
    for i, (k, v) in enumerate([("收款方", x.D["name"]), ("转账说明", "借款"), ("支付方式", "零钱"),
                                ("转账时间", "%d-%02d-%02d 20:15:06" % (x.c.filed[0] - 1, x.c.filed[1], x.c.filed[2])),
                                ("转账单号", "1000050" + str(x.rng.randint(10 ** 9, 10 ** 10)))]):
        s.text(x0 + 14, 320 + 30 * i, k, 10, color=GREY)
        s.text(x0 + 80, 320 + 30 * i, v, 10)
    s.text(x0 + 70, 700, "微信支付", 11, color=GREEN)
    return s.finish()


def pay_v1(x: Ctx) -> bytes:  # Alipay
    s = x.sheet(margin=40)
    x0 = _phone(s)
    s.rect(x0, 70, 235, 50, 0, fill=Color(0.09, 0.47, 1.0))
    s.text(x0 + 90, 88, "账单详情", 12, color=Color(1, 1, 1))
    s.text(x0 + 80, 160, x.D["name"], 13)
    s.text(x0 + 60, 195, f"-{x.c.amount:,}.00", 22, face="CorpusHei")
    s.text(x0 + 95, 232, "交易成功", 11, color=GREY)
    for i, (k, v) in enumerate([("付款方式", "余额宝"), ("转账备注", "货款"), ("对方账户", "138****" + str(x.rng.randint(1000, 9999))),
                                ("创建时间", "%d-%02d-%02d 09:02" % (x.c.filed[0] - 1, x.c.filed[1], x.c.filed[2])),
                                ("订单号", "2023" + str(x.rng.randint(10 ** 12, 10 ** 13)))]):
        s.text(x0 + 14, 290 + 30 * i, k, 10, color=GREY)
        s.text(x0 + 90, 290 + 30 * i, v, 10)
    s.text(x0 + 80, 700, "支付宝", 12, color=Color(0.09, 0.47, 1.0))
    return s.finish()


def pay_v2(x: Ctx) -> bytes:  # a mobile bank's transfer result page
    s = x.sheet(margin=40)
    x0 = _phone(s)
    s.text(x0 + 70, 90, "手机银行", 12, face="CorpusHei")
    s.text(x0 + 84, 170, "✓", 30, color=GREEN, face="CorpusHei")
    s.text(x0 + 70, 215, "交易已受理", 14)
    s.text(x0 + 40, 250, f"人民币 {x.c.amount:,}.00 元", 14, face="CorpusHei")
    for i, (k, v) in enumerate([("收款户名", x.D["name"]), ("收款银行", "中国银行"), ("付款户名", x.P["name"]),
                                ("手续费", "0.00"), ("交易日期", "%d/%d/%d" % (x.c.filed[0] - 1, x.c.filed[1], x.c.filed[2]))]):
        s.text(x0 + 14, 310 + 30 * i, k, 10, color=GREY)
        s.text(x0 + 90, 310 + 30 * i, v, 10)
    return s.finish()


def chat_v0(x: Ctx) -> bytes:
    s = x.sheet(margin=40)
    x0 = _phone(s)
    s.text(x0 + 90, 90, x.D["name"], 12)
    msgs = [(0, "你好，上次借的钱什么时候还？"), (1, "这个月手头紧，下个月一定还"), (0, f"一共{x.amount}元，拖了很久了"),
            (1, "知道了，我尽快"), (0, "再不还我只能起诉了"), (1, "别，月底先还一部分")]
    y = 130
    for who, m in msgs[: x.rng.choice([4, 6])]:
        w = s.width(m, 10) + 16
        xx = x0 + 225 - w if who == 0 else x0 + 10
        s.rect(xx, y, w, 22, 0.4, color=GREY, fill=Color(0.62, 0.92, 0.42) if who == 0 else Color(1, 1, 1), radius=4)
        s.text(xx + 8, y + 5, m, 10)
        y += 40
    return s.finish()


def chat_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=60)
    s.centered("微信聊天记录（截图打印）", 14, after=0.8)
    for i, (who, m) in enumerate([(x.P["name"], "钱什么时候还"), (x.D["name"], "过几天"), (x.P["name"], f"{x.amount}元不是小数目"),
                                  (x.D["name"], "我知道的，月底给你")]):
        s.text(80, s.y, f"{who}  {x.c.filed[0] - 1}-{x.c.filed[1]:02d}-{10 + i:02d} 21:0{i}", 10, color=GREY)
        s.y += 18
        s.text(100, s.y, m, 13)
        s.y += 34
    return s.finish()


def chat_v2(x: Ctx) -> bytes:
    s = x.sheet(margin=40)
    x0 = _phone(s)
    s.text(x0 + 70, 90, "短信", 12)
    for i, m in enumerate([f"【催款】{x.D['name']}您好，您尚欠{x.amount}元，请于三日内归还。", "收到，我会尽快处理。",
                           "请您务必按时还款，否则将通过法律途径解决。"]):
        s.rect(x0 + 10, 130 + 70 * i, 210, 50, 0.4, color=GREY, radius=6)
        for k, ln in enumerate(s.wrap(m, 10, 195)):
            s.text(x0 + 18, 138 + 70 * i + 14 * k, ln, 10)
    return s.finish()


def contract_v0(x: Ctx) -> bytes:
    s = x.sheet(x.rng.choice(["cn", "dash", None]))
    s.centered("借款合同", 24, after=0.8)
    s.para(f"出借人（甲方）：{x.P['name']}", indent=0)
    s.para(f"借款人（乙方）：{x.D['name']}", indent=0)
    s.para("甲乙双方经平等协商，就借款事宜达成如下协议：")
    for i, t in enumerate(["借款金额：人民币" + x.amount + "元。", "借款期限：自款项交付之日起十二个月。",
                           "借款利率：年利率百分之六，按月付息，到期还本。", "违约责任：乙方逾期还款的，应按未还金额每日万分之五支付违约金。",
                           "争议解决：因本合同发生的争议，由甲方住所地人民法院管辖。", "本合同一式两份，双方各执一份，自双方签字之日起生效。"], 1):
        s.para(f"第{'一二三四五六七八九'[i - 1]}条 {t}")
        if x.rng.random() < 0.7:
            s.para("双方确认，本条约定系双方真实意思表示，不存在欺诈、胁迫或者乘人之危的情形，任何一方不得以此为由主张变更或者撤销。")
    s.y += 20
    s.ensure(90)
    s.text(s.margin, s.y, "甲方（签字）：", 14)
    s.hand(x.P["name"], s.margin + 100, s.y - 4, 18)
    s.text(320, s.y, "乙方（签字）：", 14)
    s.hand(x.D["name"], 420, s.y - 4, 18)
    s.y += 34
    s.text(s.margin, s.y, f"签订日期：{x.c.filed[0] - 2}年{x.c.filed[1]}月{x.c.filed[2]}日", 14)
    return s.finish()


def contract_v1(x: Ctx) -> bytes:
    s = x.sheet(x.rng.choice(["slash", None]), margin=56)
    s.centered("购销合同", 22, after=0.3, face="CorpusHei")
    s.right(f"合同编号：GX-{x.c.filed[0] - 1}-{x.rng.randint(100, 999)}", 11)
    s.para(f"供方：{x.P['name']}    需方：{x.D['name']}", 12, indent=0)
    s.table([3, 1, 1, 2, 2], [["产品名称", "单位", "数量", "单价（元）", "金额（元）"],
                              ["水泥 P.O42.5", "吨", "120", "420", "50400"], ["螺纹钢 HRB400", "吨", "8", "3900", "31200"],
                              ["合计", "", "", "", x.amount]], 11, header=True)
    for t in ["一、质量标准：按国家标准执行。", "二、交货地点：需方工地。", "三、结算方式：货到验收后三十日内付清全款。",
              "四、违约责任：需方逾期付款的，按日千分之一支付违约金。", "五、解决合同纠纷的方式：协商不成的，向供方所在地人民法院起诉。"]:
        s.para(t, 12, indent=0)
    s.y += 10
    s.table([1, 1], [["供方（章）：" + x.P["name"], "需方（章）：" + x.D["name"]],
                     ["日期：%d年%d月" % (x.c.filed[0] - 2, x.c.filed[1]), "日期：%d年%d月" % (x.c.filed[0] - 2, x.c.filed[1])]], 11)
    return s.finish()


def contract_v2(x: Ctx) -> bytes:
    s = x.sheet("dash", margin=64)
    s.centered("房屋租赁合同", 22, after=0.8)
    s.para(f"出租方（以下简称甲方）：{x.P['name']}", 13, indent=0)
    s.para(f"承租方（以下简称乙方）：{x.D['name']}", 13, indent=0)
    for i, t in enumerate(["甲方将位于江苏省昆山市玉山镇的房屋出租给乙方使用，建筑面积八十九平方米。",
                           f"租赁期限三年，年租金{x.amount}元，每半年支付一次。", "乙方不得擅自转租，不得改变房屋用途。",
                           "租赁期间的水、电、燃气及物业管理费用由乙方承担。", "任何一方违约的，应当向对方支付相当于三个月租金的违约金。",
                           "本合同未尽事宜，双方可另行协商签订补充协议。"], 1):
        s.para(f"{i}. {t}", 13, indent=0)
        s.para("甲乙双方应当本着诚实信用的原则履行本合同，如遇不可抗力导致合同无法履行的，双方互不承担违约责任。", 13)
    s.y += 20
    s.ensure(60)
    s.text(s.margin, s.y, f"甲方：{x.P['name']}", 13)
    s.text(320, s.y, f"乙方：{x.D['name']}", 13)
    return s.finish()


def accident_v0(x: Ctx) -> bytes:
    s = x.sheet(margin=64)
    s.centered("昆山市公安局交通警察大队", 16, after=0.2)
    s.centered("道路交通事故认定书", 22, after=0.3)
    s.right(f"昆公交认字〔{x.c.filed[0] - 1}〕第{x.rng.randint(100, 9999):05d}号", 12)
    s.para(f"交通事故时间：{x.c.filed[0] - 1}年{x.c.filed[1]}月{x.c.filed[2]}日17时20分", 13, indent=0)
    s.para("交通事故地点：昆山市前进西路与黄河路交叉口", 13, indent=0)
    s.para(f"当事人、车辆、道路和交通环境等基本情况：{x.P['name']}驾驶电动自行车；另一方驾驶小型轿车，投保于{x.D['name']}。", 13)
    s.para("道路交通事故发生经过：小型轿车在路口右转弯时未让直行的非机动车先行，与电动自行车发生碰撞，致电动自行车驾驶人受伤、车辆损坏。", 13)
    s.para("当事人导致交通事故的过错及责任：小型轿车驾驶人承担此事故的全部责任，电动自行车驾驶人无责任。", 13)
    s.y += 20
    s.text(330, s.y, "交通警察  张伟  李强", 12)
    s.seal(420, s.y + 30, 44, "昆山市公安局交通警察大队")
    s.y += 40
    s.text(340, s.y, x.date_ar, 12)
    return s.finish()


def accident_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=50)
    s.centered("道路交通事故认定书（简易程序）", 18, after=0.3, face="CorpusHei")
    s.right(f"编号：3205831{x.rng.randint(10 ** 8, 10 ** 9)}", 10)
    s.table([1, 2, 1, 2], [["事故时间", "%d-%02d-%02d 08:10" % (x.c.filed[0] - 1, x.c.filed[1], x.c.filed[2]), "天气", "晴"],
                           ["事故地点", "昆山市长江路", "", ""], ["当事人", x.P["name"], "驾驶证号", "3205831988****2213"],
                           ["车辆牌号", "苏E·" + str(x.rng.randint(10000, 99999)), "保险公司", x.D["name"]],
                           ["事故事实", "两车同向行驶，后车未保持安全距离追尾前车", "", ""],
                           ["责任认定", "后车驾驶人负全部责任", "", ""], ["调解结果", "双方同意自行协商赔偿", "", ""]], 11)
    s.text(320, s.y + 10, "当事人签名", 11)
    s.hand(x.P["name"], 400, s.y + 6, 16)
    s.seal(450, s.y + 30, 36, "昆山市公安局交通警察大队")
    return s.finish()


def accident_v2(x: Ctx) -> bytes:
    s = x.sheet("cn", margin=64)
    s.centered("交通事故认定书", 22, after=0.2)
    s.centered("第 " + str(x.rng.randint(100, 999)) + " 号", 12, after=0.6)
    for t in [f"{x.c.filed[0] - 1}年{x.c.filed[1]}月{x.c.filed[2]}日，{x.P['name']}步行横过昆山市人民路时，与一辆正在行驶的小型客车相撞。",
              "经调查，小型客车驾驶人行经人行横道未减速让行，是造成此事故的主要原因。",
              "根据《中华人民共和国道路交通安全法实施条例》的规定，认定小型客车驾驶人负事故主要责任，行人负次要责任。",
              "当事人对本认定有异议的，可以自本认定书送达之日起三日内，向上一级公安机关交通管理部门提出书面复核申请。"]:
        s.para(t, 13)
    s.y += 30
    s.text(330, s.y, "昆山市公安局交通警察大队", 12)
    s.seal(410, s.y, 44, "昆山市公安局交通警察大队")
    s.y += 30
    s.text(350, s.y, x.date_cn, 12)
    return s.finish()


def medical_v0(x: Ctx) -> bytes:
    s = x.sheet(margin=50)
    s.centered("江苏省医疗门诊收费票据（电子）", 16, after=0.3, face="CorpusHei")
    s.text(50, s.y, f"票据代码：32060122  票据号码：00{x.rng.randint(1000000, 9999999)}", 10)
    s.y += 22
    s.table([2, 1, 2, 1, 2], [["项目", "金额", "项目", "金额", "备注"], ["西药费", "312.50", "检查费", "680.00", ""],
                              ["治疗费", "240.00", "材料费", "98.60", f"患者：{x.P['name']}"],
                              ["合计（大写）", "壹仟叁佰叁拾壹元壹角", "", "", "¥1331.10"]], 10, header=True)
    s.text(50, s.y + 10, "收款单位：昆山市第一人民医院", 10)
    s.seal(450, s.y + 20, 32, "昆山市第一人民医院财务专用章", star=False)
    return s.finish()


def medical_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=50)
    s.centered("住院收费票据", 18, after=0.3)
    s.table([1, 3, 1, 2], [["姓名", x.P["name"], "住院号", str(x.rng.randint(100000, 999999))],
                           ["入院日期", "%d-%02d-%02d" % (x.c.filed[0] - 1, x.c.filed[1], x.c.filed[2]), "出院日期", "共 12 天"],
                           ["床位费", "600.00", "护理费", "360.00"], ["手术费", "4,200.00", "药品费", "3,516.80"],
                           ["医保统筹支付", "5,100.00", "个人支付", "3,576.80"]], 11)
    s.seal(450, s.y + 10, 32, "昆山市中医医院收费专用章", star=False)
    return s.finish()


def medical_v2(x: Ctx) -> bytes:
    s = x.sheet(margin=44)
    s.centered("医疗费用明细清单", 16, after=0.3, face="CorpusHei")
    s.text(44, s.y, f"患者姓名：{x.P['name']}   科室：骨科   床号：12", 10)
    s.y += 22
    rows = [["日期", "项目名称", "规格", "数量", "单价", "金额"]]
    for i in range(x.rng.choice([10, 18, 45])):
        rows.append([f"{x.c.filed[1]:02d}-{(i % 27) + 1:02d}", x.rng.choice(["头孢呋辛钠", "一次性输液器", "血常规", "CT平扫", "换药"]),
                     "支", str(x.rng.randint(1, 5)), "%.2f" % x.rng.uniform(5, 300), "%.2f" % x.rng.uniform(5, 900)])
    s.table([2, 4, 1, 1, 2, 2], rows, 9, header=True, pad=3)
    return s.finish()


def property_v0(x: Ctx) -> bytes:
    s = x.sheet(margin=56)
    s.centered("物业费催缴通知单", 20, after=0.6)
    s.para(f"尊敬的{x.D['name']}业主：", 13, indent=0)
    s.para(f"您所有的昆山市玉山镇锦绣花园{x.rng.randint(1, 30)}幢{x.rng.randint(101, 2802)}室，截至{x.c.filed[0] - 1}年12月31日"
           f"尚欠物业服务费{x.amount}元。请您于收到本通知之日起十五日内缴清。", 13)
    s.table([2, 2, 2, 2], [["收费期间", "面积（㎡）", "单价（元/㎡·月）", "应缴金额"],
                           [f"{x.c.filed[0] - 3}.01-{x.c.filed[0] - 1}.12", "98.6", "1.80", x.amount]], 11, header=True)
    s.text(330, s.y + 20, "昆山嘉禾物业管理有限公司", 12)
    s.seal(410, s.y + 30, 42, "昆山嘉禾物业管理有限公司")
    return s.finish()


def property_v1(x: Ctx) -> bytes:
    s = x.sheet(margin=50)
    s.centered("物业服务费用对账单", 18, after=0.4, face="CorpusHei")
    s.text(50, s.y, f"房号：锦绣花园{x.rng.randint(1, 30)}-{x.rng.randint(101, 2802)}   业主：{x.D['name']}", 11)
    s.y += 24
    rows = [["月份", "物业费", "公摊电费", "停车费", "已缴", "欠费"]]
    for m in range(1, x.rng.choice([7, 13, 40])):
        rows.append([f"{x.c.filed[0] - 1}-{m:02d}", "177.48", "12.30", "150.00", "0.00", "339.78"])
    s.table([2, 2, 2, 2, 2, 2], rows, 10, header=True, pad=3)
    s.text(50, s.y + 10, f"累计欠费合计：{x.amount}元", 12)
    return s.finish()


def property_v2(x: Ctx) -> bytes:
    s = x.sheet(margin=60)
    s.left("昆山嘉禾物业管理有限公司", 14, face="CorpusHei")
    s.line(60, s.y, s.w - 60, s.y, 1.5)
    s.y += 20
    s.centered("业主欠费明细表", 18, after=0.6)
    s.table([3, 2, 2], [["费用项目", "计费周期", "金额（元）"], ["物业服务费", "24个月", x.amount],
                        ["垃圾清运费", "24个月", "240.00"], ["滞纳金", "—", "0.00"]], 12, header=True)
    s.para(f"业主{x.D['name']}经多次书面及电话催缴，至今未缴纳上述费用。", 12)
    s.seal(420, s.y + 30, 42, "昆山嘉禾物业管理有限公司")
    return s.finish()


LAYOUTS = {
    "id_card": ("identity", [idcard_v0, idcard_v1, idcard_v2]),
    "business_licence": ("identity", [licence_v0, licence_v1, licence_v2]),
    "iou": ("evidence", [iou_v0, iou_v1, iou_v2]),
    "bank_slip": ("evidence", [bank_v0, bank_v1, bank_v2]),
    "payment_screenshot": ("evidence", [pay_v0, pay_v1, pay_v2]),
    "chat": ("evidence", [chat_v0, chat_v1, chat_v2]),
    "contract": ("evidence", [contract_v0, contract_v1, contract_v2]),
    "accident_report": ("evidence", [accident_v0, accident_v1, accident_v2]),
    "medical_invoice": ("evidence", [medical_v0, medical_v1, medical_v2]),
    "property_fee": ("evidence", [property_v0, property_v1, property_v2]),
}
