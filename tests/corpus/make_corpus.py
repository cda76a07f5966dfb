"""A corpus of scanned-looking Chinese court papers with ground truth, deterministic from a seed.

Each document is set with the workbench's own PDF writer (reportlab, embedded CJK font), drawn by
PDFium at 150 dpi, and then degraded the way an office scanner and a paper stack degrade it: a
slightly grey sheet, skew of up to 1.5°, some pages upside down or sideways, noise, blur, red
stamps over the signature, JPEG artefacts. The truth (page text as set, document kind, catalogue
category, case number and whether it is printed) goes to truth.json.

    python tests/corpus/make_corpus.py OUT_DIR [--seed 7] [--docs 12] [--pdf]

Pages are written as OUT_DIR/pages/p0001.jpg …, in stack order; `--pdf` also writes
OUT_DIR/batch.pdf (the same JPEGs as an image-only PDF, for the OCR benchmark's peer).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workbench.law.id_numbers import check_character  # noqa: E402
from workbench.law.numerals import chinese_date  # noqa: E402

COURT = "江苏省昆山市人民法院"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志宏海燕鹏飞文博浩宇晨阳俊峰雪梅慧琳立新晓东振华永福春生德胜秋菊"
TOWNS = ["千灯镇石浦路", "玉山镇前进西路", "周市镇青阳北路", "陆家镇合丰路", "花桥镇绿地大道", "张浦镇振新路",
         "巴城镇湖滨路", "锦溪镇长寿路"]
FIRMS = ["宏达贸易", "润丰建材", "恒通物流", "金盛电子", "瑞祥食品", "华茂纺织", "鼎新机械", "博远科技"]
LAWFIRMS = ["江苏昆山正信律师事务所", "江苏千灯明理律师事务所", "江苏玉峰律师事务所", "江苏衡平律师事务所"]
CAUSES = ["民间借贷纠纷", "买卖合同纠纷", "物业服务合同纠纷"]

# kind → (catalogue category, title as printed, case number printed?)
KINDS = {
    "complaint": ("complaint", "民事起诉状"),
    "answer": ("answer", "民事答辩状"),
    "power_of_attorney": ("identity", "授权委托书"),
    "legal_rep_id": ("identity", "法定代表人身份证明书"),
    "law_firm_letter": ("identity", "律师事务所函"),
    "evidence_list": ("evidence", "证据目录"),
    "evidence_iou": ("evidence", "借条"),
    "evidence_transfer": ("evidence", "个人业务凭证"),
    "service_receipt": ("response", "送达回证"),
    "preservation": ("preservation", "财产保全申请书"),
    "summons": ("summons", "传票"),
}


def cn_date(y: int, m: int, d: int) -> str:
    return chinese_date(date(y, m, d))


def id_number(rng: random.Random, born: tuple[int, int, int]) -> str:
    body = f"320583{born[0]:04d}{born[1]:02d}{born[2]:02d}{rng.randint(100, 999)}"
    return body + check_character(body)


@dataclass
class CaseInfo:
    number: str
    cause: str
    plaintiff: dict
    defendant: dict
    amount: int
    lawyer: str
    lawfirm: str
    filed: tuple[int, int, int]
    in_store: bool = True

    def json(self) -> dict:
        return {"case_number": self.number, "court": {"name": COURT, "appeal_court": "江苏省苏州市中级人民法院"},
                "cause": self.cause, "procedure": "simple", "filed_on": "%04d-%02d-%02d" % self.filed,
                "judge": "周明", "clerk": "陈静", "parties": [self.plaintiff, self.defendant],
                "claims": [{"kind": "principal", "amount": f"{self.amount}.00",
                            "text": f"判令被告支付{self.amount}元"}]}


def make_case(rng: random.Random, seq: int, used: set[str]) -> CaseInfo:
    def person() -> dict:
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2, 2])))
            if name not in used:
                used.add(name)
                break
        born = (rng.randint(1960, 1998), rng.randint(1, 12), rng.randint(1, 28))
        return {"role": "plaintiff", "kind": "person", "name": name, "sex": rng.choice("男女"),
                "born": "%04d-%02d-%02d" % born, "ethnicity": "汉族",
                "address": f"江苏省昆山市{rng.choice(TOWNS)}{rng.randint(1, 300)}号",
                "id_number": id_number(rng, born)}
    plaintiff = person()
    if rng.random() < 0.5:
        defendant = person()
    else:
        while (firm := f"昆山市{rng.choice(FIRMS)}有限公司") in used:
            firm = f"昆山{rng.choice(FIRMS)}{rng.choice('一二三四')}号有限公司"
            if firm not in used:
                break
        used.add(firm)
        rep = rng.choice(SURNAMES) + rng.choice(GIVEN)
        defendant = {"role": "defendant", "kind": "organization", "name": firm,
                     "address": f"江苏省昆山市{rng.choice(TOWNS)}{rng.randint(1, 300)}号",
                     "credit_code": "91320583MA" + "".join(rng.choice("0123456789ABCDEFGHJK") for _ in range(8)),
                     "representative": {"name": rep, "title": "执行董事"}}
    defendant["role"] = "defendant"
    lawyer = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
    return CaseInfo(f"（2026）苏0583民初{seq}号", rng.choice(CAUSES), plaintiff, defendant,
                    rng.randrange(12, 480) * 500, lawyer, rng.choice(LAWFIRMS),
                    (2026, rng.randint(1, 4), rng.randint(1, 28)))


# ---- documents --------------------------------------------------------------------------------
def render(kind: str, c: CaseInfo, rng: random.Random, printed: bool) -> bytes:
    from workbench.efile.layout import Writer

    P, D = c.plaintiff, c.defendant
    title = KINDS[kind][1]
    number = c.number if rng.random() < 0.7 else c.number.replace("（", "(").replace("）", ")")
    w = Writer(title, P["name"])
    day = (2026, c.filed[1] + (1 if c.filed[2] > 20 else 0), min(28, c.filed[2] + 5))
    date_cn, date_ar = cn_date(*day), "%d年%d月%d日" % day
    amount = f"{c.amount:,}" if rng.random() < 0.5 else str(c.amount)
    pline = f"原告：{P['name']}，{P['sex']}，{P['born'][:4]}年{int(P['born'][5:7])}月{int(P['born'][8:])}日出生，汉族，住{P['address']}，公民身份号码{P['id_number']}。"
    if D["kind"] == "person":
        dline = f"被告：{D['name']}，{D['sex']}，{D['born'][:4]}年出生，住{D['address']}，公民身份号码{D['id_number']}。"
    else:
        dline = f"被告：{D['name']}，住所地{D['address']}，统一社会信用代码{D['credit_code']}。法定代表人：{D['representative']['name']}，执行董事。"
    if printed and kind not in ("summons", "service_receipt"):
        w.right(f"案号：{number}", 12)
    if kind == "complaint":
        w.centered(title, 26, bold=True, after=0.5)
        w.paragraph(pline)
        w.paragraph(dline)
        w.paragraph("诉讼请求：")
        w.paragraph(f"1.判令被告支付原告款项人民币{amount}元及逾期付款利息；")
        w.paragraph("2.本案诉讼费用由被告负担。")
        w.paragraph("事实和理由：")
        for _ in range(rng.choice([2, 3, 5])):
            w.paragraph(f"{date_ar[:5]}以来，原告与被告{D['name']}之间存在{c.cause[:-2]}关系，原告依约履行了全部义务，"
                        f"被告经原告多次催告，至今仍欠付{amount}元未予清偿，其行为已构成违约，严重损害了原告的合法权益。"
                        "为维护原告的合法权益，特依据《中华人民共和国民事诉讼法》的相关规定，向贵院提起诉讼，请求依法判决。")
        w.paragraph("此致")
        w.paragraph(COURT, indent=0)
        w.block([f"具状人：{P['name']}", date_ar], 16, "left", 2)
    elif kind == "answer":
        w.centered(title, 26, bold=True, after=0.5)
        w.paragraph(f"答辩人：{D['name']}，住{D['address']}。" if D["kind"] == "person" else
                    f"答辩人：{D['name']}，住所地{D['address']}。")
        w.paragraph(f"被答辩人：{P['name']}，住{P['address']}。")
        w.paragraph(f"答辩人就被答辩人诉答辩人{c.cause}一案，提出答辩意见如下：")
        w.paragraph(f"一、被答辩人主张的{amount}元款项与事实不符，答辩人已经部分履行，被答辩人未予扣减。")
        w.paragraph("二、被答辩人主张的利息计算标准过高，请求法院依法予以调整。")
        w.paragraph("综上，请求人民法院依法驳回被答辩人的不当诉讼请求。")
        w.paragraph("此致")
        w.paragraph(COURT, indent=0)
        w.block([f"答辩人：{D['name']}", date_cn], 16, "left", 2)
    elif kind == "power_of_attorney":
        w.centered(title, 26, bold=True, spacing=0.3, after=0.5)
        w.paragraph(f"委托人：{P['name']}，住{P['address']}，公民身份号码{P['id_number']}。", indent=0)
        w.paragraph(f"受托人：{c.lawyer}，{c.lawfirm}律师。", indent=0)
        w.paragraph(f"现委托{c.lawyer}在原告{P['name']}与被告{D['name']}{c.cause}一案中，作为我方的委托诉讼代理人。")
        w.paragraph("代理权限为：特别授权，代为承认、放弃、变更诉讼请求，进行和解，提起反诉或者上诉，代为签收法律文书。")
        w.block([f"委托人：{P['name']}", date_ar], 16, "left", 2)
    elif kind == "legal_rep_id":
        w.centered(title, 26, bold=True, after=0.5)
        rep = D.get("representative", {"name": D["name"]})["name"]
        w.paragraph(f"{rep}在我单位任执行董事职务，是我单位的法定代表人，特此证明。")
        w.paragraph(f"单位名称：{D['name']}", indent=0)
        w.paragraph(f"住所地：{D['address']}", indent=0)
        w.paragraph(f"统一社会信用代码：{D.get('credit_code', '')}", indent=0)
        w.block([D["name"], date_cn], 16, "center", 2)
    elif kind == "law_firm_letter":
        w.centered(c.lawfirm, 22, bold=True)
        w.centered("律师事务所函", 22, bold=True, after=0.5)
        w.paragraph(f"{COURT}：", indent=0)
        w.paragraph(f"本所接受{P['name']}的委托，指派{c.lawyer}律师担任其与{D['name']}{c.cause}一案的委托诉讼代理人。"
                    "特此函告。")
        w.paragraph(f"律师联系电话：1{rng.randint(3000000000, 9999999999)}", indent=0)
        w.block([c.lawfirm, date_cn], 16, "center", 2)
    elif kind == "evidence_list":
        w.centered(title, 26, bold=True, after=0.5)
        w.paragraph(f"提交人：原告{P['name']}", indent=0)
        rows = [([str(i + 1), name, purpose, str(n)], 1) for i, (name, purpose, n) in enumerate([
            ("借条", f"证明被告向原告借款{amount}元", 1), ("个人业务凭证", "证明原告已实际交付款项", 1),
            ("催款短信截图", "证明原告多次催讨", 2), ("身份证复印件", "证明原告、被告的诉讼主体资格", 2)])]
        w.table([1, 4, 8, 2], ["序号", "证据名称", "证明目的", "页数"], rows, 14)
        w.block([f"提交人：{P['name']}", date_ar], 16, "left", 2)
    elif kind == "evidence_iou":
        w.centered("借条", 28, bold=True, spacing=1, after=0.5)
        w.paragraph(f"今借到{P['name']}人民币{amount}元（大写：{['壹', '贰', '叁', '肆', '伍'][c.amount % 5]}万元整），"
                    f"借款期限一年，于{c.filed[0] - 1}年{c.filed[1]}月{c.filed[2]}日前归还。逾期未还，愿承担由此产生的一切责任。")
        w.block([f"借款人：{D['name']}", f"身份证号：{D.get('id_number') or D.get('credit_code')}",
                 "%d年%d月%d日" % (c.filed[0] - 2, c.filed[1], c.filed[2])], 16, "left", 1)
    elif kind == "evidence_transfer":
        w.centered("中国农业银行", 18, bold=True)
        w.centered("个人业务凭证", 22, bold=True, after=0.5)
        rows = [(["交易日期", "%d-%02d-%02d" % (c.filed[0] - 2, c.filed[1], c.filed[2])], 1),
                (["付款人", P["name"]], 1), (["收款人", D["name"]], 1),
                (["金额", f"{c.amount}.00"], 1), (["交易类型", "转账汇款"], 1), (["附言", "借款"], 1)]
        w.table([1, 2], None, rows, 14)
    elif kind == "service_receipt":
        w.centered(COURT, 22, bold=True)
        w.centered("送达回证", 26, bold=True, spacing=0.3, after=0.3)
        rows = [(["案号", number], 1), (["案由", c.cause], 1),
                (["受送达人", D["name"]], 1), (["送达地址", D["address"]], 1),
                (["送达文书", "起诉状副本、应诉通知书、举证通知书、传票"], 2),
                (["受送达人签收", ""], 3), (["送达人", "陈静"], 1)]
        w.table([1, 3], None, rows, 14)
    elif kind == "preservation":
        w.centered(title, 26, bold=True, after=0.5)
        w.paragraph(f"申请人：{P['name']}，住{P['address']}。", indent=0)
        w.paragraph(f"被申请人：{D['name']}，住{D['address']}。", indent=0)
        w.paragraph(f"请求事项：请求依法冻结被申请人银行存款人民币{amount}元或查封、扣押其同等价值的其他财产。")
        w.paragraph(f"事实和理由：申请人与被申请人{c.cause}一案，已诉至贵院。为防止被申请人转移财产，"
                    "致使将来的判决难以执行，特申请财产保全，申请人愿意提供相应担保。")
        w.paragraph("此致")
        w.paragraph(COURT, indent=0)
        w.block([f"申请人：{P['name']}", date_ar], 16, "left", 2)
    elif kind == "summons":
        w.centered(COURT, 22, bold=True)
        w.centered("传　票", 28, bold=True, spacing=1, after=0.3)
        rows = [(["案号", number], 1), (["案由", c.cause], 1), (["被传唤人", D["name"]], 1),
                (["工作单位或住址", D["address"]], 1), (["传唤事由", "开庭审理"], 1),
                (["应到时间", "%d年%d月%d日上午9时" % (2026, day[1] + 1, day[2])], 1),
                (["应到处所", "本院千灯人民法庭第一法庭"], 1)]
        w.table([1, 3], None, rows, 14)
        w.paragraph("注意事项：一、被传唤人必须准时到达应到处所。二、本传票由被传唤人携带来院报到。", 14)
        w.block([COURT, date_cn], 16, "center", 2)
    return w.finish()


# ---- scanning ---------------------------------------------------------------------------------
def stamp(im, rng: random.Random, text: str):
    from PIL import Image, ImageDraw, ImageFont

    from workbench.efile.fonts import cjk_font
    r = int(im.width * rng.uniform(0.09, 0.12))
    layer = Image.new("RGBA", (2 * r + 8, 2 * r + 8), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (200, 30, 40, 170)
    d.ellipse((4, 4, 2 * r + 4, 2 * r + 4), outline=red, width=max(3, r // 18))
    f = cjk_font()
    font = ImageFont.truetype(f.path, size=max(10, r // 4), index=f.index)
    d.text((r + 4, r + 4), "★", fill=red, font=ImageFont.truetype(f.path, size=r // 2, index=f.index), anchor="mm")
    d.text((r + 4, int(r * 1.55)), text[-6:], fill=red, font=font, anchor="mm")
    x = int(im.width * rng.uniform(0.55, 0.7))
    y = int(im.height * rng.uniform(0.45, 0.8))
    im.alpha_composite(layer.rotate(rng.uniform(-30, 30)), (x, y))
    return im


def scan(pdf: bytes, rng: random.Random, rotation: int, with_stamp: str | None, dpi: int = 150):
    """Pages of a PDF as degraded JPEG bytes; `rotation` is clockwise degrees of the page on the
    scanner (what the reader must undo)."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    doc = pdfium.PdfDocument(pdf)
    out = []
    for i in range(len(doc)):
        im = doc[i].render(scale=dpi / 72).to_pil().convert("RGBA")
        if with_stamp and i == len(doc) - 1:
            im = stamp(im, rng, with_stamp)
        im = im.convert("RGB")
        skew = rng.uniform(-1.5, 1.5)
        im = im.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
        if rotation:
            im = im.rotate(-rotation, expand=True)
        a = np.asarray(im).astype(np.float32)
        a = a * rng.uniform(0.88, 0.96) + rng.uniform(4, 14)  # grey paper, dull black
        nr = np.random.default_rng(rng.randrange(1 << 30))
        a += nr.normal(0, rng.uniform(4, 10), a.shape[:2])[..., None]
        specks = nr.random(a.shape[:2]) < 0.0008
        a[specks] = 30
        im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
        if rng.random() < 0.5:
            im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7)))
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=rng.randint(35, 70), dpi=(dpi, dpi))
        out.append(buf.getvalue())
    return out


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def blank_page(rng: random.Random, dpi: int = 150) -> bytes:
    import numpy as np
    from PIL import Image
    w, h = int(8.27 * dpi), int(11.69 * dpi)
    nr = np.random.default_rng(rng.randrange(1 << 30))
    a = np.clip(nr.normal(236, 5, (h, w)), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(a).convert("RGB").save(buf, "JPEG", quality=50, dpi=(dpi, dpi))
    return buf.getvalue()


def build(out: Path, seed: int = 7, docs: int = 12, cases: int = 4, pdf: bool = False,
          kinds: list[str] | None = None) -> dict:
    """Write the corpus to `out` and return its truth (also written as out/truth.json).

    The first documents take `kinds` in order (default: every kind once), the rest are drawn at
    random; one document (the last of a small corpus) belongs to a case the store does not hold.
    """
    rng = random.Random(seed)
    used: set[str] = set()
    infos = [make_case(rng, 1000 + 37 * i + rng.randrange(30), used) for i in range(cases + 1)]
    infos[-1].in_store = False  # papers of a case this court does not have: must stay unmatched
    (out / "pages").mkdir(parents=True, exist_ok=True)
    kinds = list(kinds or KINDS)
    stranger = min(len(KINDS) + 1, docs - 1)
    truth: dict = {"seed": seed, "court": COURT, "cases": [c.json() for c in infos if c.in_store],
                   "documents": [], "pages": []}
    n = 0
    for k in range(docs):
        kind = kinds[k] if k < len(kinds) else rng.choice(list(KINDS))
        c = infos[-1] if k == stranger else rng.choice(infos[:-1])
        court_made = kind in ("summons", "service_receipt")
        printed = court_made or rng.random() < 0.45
        pdf_bytes = render(kind, c, rng, printed)
        texts = page_texts(pdf_bytes)
        roll = rng.random()
        rotation = 180 if roll < 0.1 else 90 if roll < 0.17 else 270 if roll < 0.24 else 0
        seal = c.lawfirm if kind in ("law_firm_letter", "power_of_attorney") else (
            COURT if court_made else (c.defendant["name"] if kind == "legal_rep_id" else None))
        files = []
        for i, jpg in enumerate(scan(pdf_bytes, rng, rotation, seal)):
            n += 1
            name = f"p{n:04d}.jpg"
            (out / "pages" / name).write_bytes(jpg)
            truth["pages"].append({"file": name, "doc": k, "text": texts[i], "rotation": rotation,
                                   "blank": False})
            files.append(name)
        truth["documents"].append({
            "id": k, "kind": kind, "category": KINDS[kind][0], "title": KINDS[kind][1],
            "case_number": c.number if c.in_store else None, "number_printed": printed,
            "pages": files})
        if rng.random() < 0.12:  # a blank sheet between documents
            n += 1
            name = f"p{n:04d}.jpg"
            (out / "pages" / name).write_bytes(blank_page(rng))
            truth["pages"].append({"file": name, "doc": None, "text": "", "rotation": 0, "blank": True})
    if pdf:
        from PIL import Image
        ims = [Image.open(out / "pages" / p["file"]).convert("RGB") for p in truth["pages"]]
        ims[0].save(out / "batch.pdf", "PDF", save_all=True, append_images=ims[1:], resolution=150)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--docs", type=int, default=12)
    ap.add_argument("--cases", type=int, default=4)
    ap.add_argument("--pdf", action="store_true")
    a = ap.parse_args(argv)
    t = build(a.out, a.seed, a.docs, a.cases, a.pdf)
    print(f"{len(t['documents'])} documents, {len(t['pages'])} pages → {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
