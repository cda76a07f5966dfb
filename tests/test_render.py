"""PDF rendering of generated court documents: what a judge or clerk would notice on the page."""

from __future__ import annotations

import copy
import datetime
import hashlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from workbench.efile import fonts, layout, render
from workbench.efile.render import (TemplateError, render_back_cover,
                                    render_catalogue, render_cover, render_document,
                                    render_notes_sheet, template_info, template_keys)
from workbench.errors import NotFound, WorkbenchError
from workbench.law.numerals import chinese_date

ROOT = Path(__file__).resolve().parents[1]
COURT = "江苏省昆山市人民法院"
NUMBER = "（2026）苏0583民初1234号"
PLAINTIFF = "王建国"
DEFENDANT = "昆山市宏达贸易有限公司"

CONTEXT = {
    "court_name": COURT, "appeal_court": "江苏省苏州市中级人民法院", "case_number": NUMBER,
    "cause": "民间借贷纠纷", "procedure": "simple", "procedure_name": "简易程序",
    "filed_on": "二〇二六年三月五日", "event_on": "二〇二六年三月九日", "judge": "周明",
    "clerk": "陈静", "plaintiffs": PLAINTIFF, "defendants": DEFENDANT,
    "parties": [
        {"role": "plaintiff", "kind": "person", "name": PLAINTIFF, "sex": "男", "born": "1975-06-03",
         "ethnicity": "汉族", "address": "江苏省昆山市千灯镇石浦路18号",
         "id_number": "32058319750603123X", "agents": [{"name": "刘洋", "title": "江苏某某律师事务所律师"}]},
        {"role": "defendant", "kind": "organization", "name": DEFENDANT,
         "address": "江苏省昆山市玉山镇前进西路100号", "credit_code": "91320583MA1W2X3Y4Z",
         "representative": {"name": "赵强", "title": "执行董事"}},
    ],
    "claims": [
        {"kind": "principal", "amount": "80000.00", "text": "判令被告偿还借款本金80000元"},
        {"kind": "interest", "amount": "2400.00", "text": "判令被告支付截至2026年3月1日的逾期利息2400元"},
        {"kind": "costs", "amount": None, "text": "本案诉讼费用由被告负担"},
    ],
    "claim_total": "82400.00", "fee": "1860.00", "party": DEFENDANT,
    "document_served": "起诉状副本、应诉通知书、举证通知书", "hearing_place": "本院第一审判庭",
    "hearing_time": "二〇二六年四月十日上午9时00分",
    "answer_text": "答辩人已于2025年10月归还借款20000元，原告主张的本金有误。\n原告主张的利息标准过高。",
    "evidence": ["借条", "银行转账凭证", "微信聊天记录"], "present": ["原告"],
    "facts": "2025年3月1日，被告因经营需要向原告借款80000元，约定于2025年9月1日前归还。借款到期后，"
             "经原告多次催讨，被告至今未归还。",
    "evidence_period_days": 15,
    "appeal_notice": "当事人如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按照对方当事人"
                     "或者代表人的人数提出副本，上诉于江苏省苏州市中级人民法院。",
    "understood_question": "当事人对判决内容和上诉权利是否听清楚？",
    "oral_complaint": "被告于2025年3月1日向我借款80000元，约定年底归还，至今未还，请求判令被告还款。",
}
# Whom each document is addressed to, served on or submitted by.
ADDRESSEE = {"acceptance_notice": PLAINTIFF, "fee_notice": PLAINTIFF, "evidence_list": PLAINTIFF}
# Documents about a single party (a form, a list) that need not name the other side.
ONE_PARTY = {"service_receipt", "summons", "evidence_list"}
# The court's own documents; what a party submits has no court template (see generation.py).
EXPECTED = {"oral_complaint", "acceptance_notice", "fee_notice", "response_notice",
            "evidence_notice", "service_receipt", "summons", "pronouncement_record"}
# The demo's sample party papers (resources/demo/samples), drawn by the same layout engine.
SAMPLES = {"complaint", "answer", "evidence_list"}
PARTY_DOCUMENTS = {"complaint", "answer", "evidence_list", "hearing_record"}
HEADER = {"court_name": COURT, "volume": "正卷", "case_number": NUMBER, "cause": "民间借贷纠纷",
          "plaintiffs": PLAINTIFF, "defendants": DEFENDANT, "judge": "周明", "clerk": "陈静",
          "filed_on": "二〇二六年三月五日", "concluded_on": "", "page_total": 37, "archive_no": ""}


def draw(key: str, ctx: dict) -> bytes:
    if key in SAMPLES:
        from workbench.efile.render import render_template
        from workbench.resources import resource
        tpl = json.loads(resource("demo", "samples", f"{key}.json").read_text(encoding="utf-8"))
        return render_template(tpl, ctx, key)
    return render_document(key, ctx)


def sample_title(key: str) -> str:
    from workbench.resources import resource
    return json.loads(resource("demo", "samples", f"{key}.json").read_text(encoding="utf-8"))["title"]


def context_for(key: str, **changes) -> dict:
    ctx = copy.deepcopy(CONTEXT)
    ctx["party"] = ADDRESSEE.get(key, DEFENDANT)
    ctx.update(changes)
    return ctx


def pages(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


def flat(pdf: bytes) -> str:
    """The text as read, ignoring where lines happen to break."""
    return "".join(pages(pdf)).replace("\n", "")


def test_every_template_is_installed() -> None:
    assert EXPECTED <= set(template_keys())


def test_no_court_template_writes_a_partys_document_or_a_record() -> None:
    assert not PARTY_DOCUMENTS & set(template_keys())


@pytest.mark.parametrize("key", sorted(EXPECTED | SAMPLES))
def test_template_renders_court_case_number_parties_and_title(key: str) -> None:
    pdf = draw(key, context_for(key))
    text = "\n".join(pages(pdf))
    title = sample_title(key) if key in SAMPLES else template_info(key)["title"]
    if key in SAMPLES:
        assert "示例材料" in text.splitlines()[0]  # marked as sample material, first line
    if key != "complaint":  # a complaint is written before there is a case number
        assert NUMBER in text  # exactly, full-width parentheses, on one line
    assert COURT in text
    assert title in text
    assert ADDRESSEE.get(key, DEFENDANT) in flat(pdf)
    if key not in ONE_PARTY:
        assert PLAINTIFF in flat(pdf) and DEFENDANT in flat(pdf)
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta.title == title


def test_template_info_gives_title_author_and_the_keys_it_needs() -> None:
    info = template_info("acceptance_notice")
    assert info["title"] == "受理案件通知书"
    assert info["author"] == "{court_name}"
    assert {"court_name", "case_number", "party", "parties", "defendants"} <= set(info["needs"])
    assert "you" not in info["needs"]  # derived from party and parties, not asked of the caller
    assert template_info("oral_complaint")["author"] == "{court_name}"  # the court writes it
    for key in EXPECTED:
        assert set(template_info(key)["needs"]) <= set(context_for(key)), key


def test_complaint_lists_particulars_and_numbered_claims() -> None:
    text = flat(draw("complaint", context_for("complaint")))
    assert "原告：王建国，男，1975年6月3日出生，汉族，住江苏省昆山市千灯镇石浦路18号" in text
    assert "委托诉讼代理人：刘洋，江苏某某律师事务所律师。" in text
    assert "被告：昆山市宏达贸易有限公司，住所地江苏省昆山市玉山镇前进西路100号" in text
    assert "法定代表人：赵强，执行董事。" in text
    assert "1.判令被告偿还借款本金80000元；" in text
    assert "3.本案诉讼费用由被告负担。" in text
    assert "此致" + COURT in text and "具状人：王建国" in text


def test_fee_notice_shows_fee_and_claim_total() -> None:
    text = flat(render_document("fee_notice", context_for("fee_notice")))
    assert "1860.00元" in text and "82400.00元" in text
    odd = flat(render_document("fee_notice", context_for("fee_notice", fee="按非财产案件标准另行确定")))
    assert "按非财产案件标准另行确定" in odd and "另行确定元" not in odd


def test_evidence_notice_states_the_period_and_receipt_is_a_form() -> None:
    text = flat(render_document("evidence_notice", context_for("evidence_notice")))
    assert "举证期限为15日" in text
    receipt = flat(render_document("service_receipt", context_for("service_receipt")))
    for label in ("送达文书名称", "受送达人", "送达地址", "送达方式", "收件人签名或盖章", "送达人", "备"):
        assert label in receipt
    assert "起诉状副本、应诉通知书、举证通知书" in receipt
    assert "江苏省昆山市玉山镇前进西路100号" in receipt  # the served party's address


def test_oral_complaint_is_the_clerks_record_of_what_the_plaintiff_said() -> None:
    text = flat(render_document("oral_complaint", context_for("oral_complaint")))
    assert "口诉笔录" in text and "起诉人：王建国" in text and "记录人：陈静" in text
    assert CONTEXT["oral_complaint"] in text


def test_evidence_list_is_a_table_of_the_evidence() -> None:
    text = flat(draw("evidence_list", context_for("evidence_list")))
    for word in ("序号", "证据名称", "证明目的", "借条", "银行转账凭证", "微信聊天记录"):
        assert word in text


def test_long_text_flows_onto_more_pages_and_reads_back_whole() -> None:
    facts = "".join(f"第{i}笔借款于2025年{i % 12 + 1}月交付，金额为{1000 * i}元，被告均未归还。" for i in range(1, 80))
    pdf = draw("complaint", context_for("complaint", facts=facts))
    assert len(pages(pdf)) >= 3
    assert facts in flat(pdf)


def test_signature_never_stands_alone_on_a_page() -> None:
    for n in range(0, 400, 13):
        pdf = render_document("acceptance_notice", context_for("acceptance_notice", defendants="某" * n))
        last = [ln for ln in pages(pdf)[-1].splitlines() if ln.strip()]
        assert len(last) > 2, n  # more than the court name and the date


def test_lines_break_like_chinese_typesetting() -> None:
    text = "统一社会信用代码91320583MA1W2X3Y4Z，" + "原告向被告出借款项，" * 12
    for lead in range(0, 20):
        lines = layout.wrap("甲" * lead + text, layout.TEXT_W, 16, 32)
        joined = "".join(ln.text for ln in lines)
        assert joined == "甲" * lead + text
        assert any("91320583MA1W2X3Y4Z" in ln.text for ln in lines), lead
        for ln in lines:
            assert layout.width(ln.text, 16) <= ln.avail + 0.01
            assert ln.text[:1] not in layout.NO_START
            assert ln.text[-1:] not in layout.NO_END


def test_a_long_latin_run_is_split_rather_than_overflowing() -> None:
    url = "https://court.example.cn/" + "a1" * 60
    lines = layout.wrap("见" + url + "。", layout.TEXT_W, 16)
    assert "".join(ln.text for ln in lines) == "见" + url + "。"
    assert len(lines) >= 3
    assert all(layout.width(ln.text, 16) <= ln.avail + 0.01 for ln in lines)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="法院判决书原告被告甲乙〇，。、；：（）《》“”ABCxyz0123456789.-", max_size=300),
       st.integers(min_value=0, max_value=4))
def test_wrapping_never_loses_text_or_overflows(text: str, indent: int) -> None:
    lines = layout.wrap(text, 200.0, 16, indent * 16.0)
    assert "".join(ln.text for ln in lines) == text
    assert lines[-1].last and not any(ln.last for ln in lines[:-1])
    for ln in lines:
        assert layout.width(ln.text, 16) <= ln.avail + 0.01 or len(ln.text) == 1


def test_catalogue_flows_with_column_headings_on_every_page() -> None:
    rows = [{"seq": i, "author": COURT if i % 2 else PLAINTIFF, "title": f"文书{i:03d}号送达回证",
             "date": "2026-03-05", "first_page": 2 * i} for i in range(1, 121)]
    texts = pages(render_catalogue(HEADER, rows))
    assert len(texts) >= 3
    for text in texts:
        assert "卷内目录" in text and NUMBER in text
        for heading in ("序号", "责任者", "文件名称", "日期", "页号"):
            assert heading in text
    whole = "".join(texts).replace("\n", "")
    assert all(f"文书{i:03d}号送达回证" in whole for i in range(1, 121))
    assert "文书120号送达回证" in texts[-1]


def test_volume_furniture() -> None:
    cover = flat(render_cover(HEADER))
    for word in (COURT, "诉讼卷宗", "正卷", NUMBER, "民间借贷纠纷", PLAINTIFF, DEFENDANT, "周明",
                 "陈静", "二〇二六年三月五日", "37"):
        assert word in cover
    notes = flat(render_notes_sheet(HEADER))
    for word in ("备考表", "本卷情况说明", "立卷人", "检查人", "立卷时间"):
        assert word in notes
    back = pages(render_back_cover(HEADER))
    assert len(back) == 1 and NUMBER in back[0]
    assert "副卷" in flat(render_cover({**HEADER, "volume": "副卷"}))


@pytest.mark.parametrize("d, expected", [
    (datetime.date(2026, 3, 5), "二〇二六年三月五日"),
    (datetime.date(2026, 10, 21), "二〇二六年十月二十一日"),
    (datetime.date(2026, 1, 10), "二〇二六年一月十日"),
    (datetime.date(2026, 11, 20), "二〇二六年十一月二十日"),
    (datetime.date(2030, 12, 31), "二〇三〇年十二月三十一日"),
    (datetime.date(2000, 2, 29), "二〇〇〇年二月二十九日"),
    (datetime.date(2026, 4, 30), "二〇二六年四月三十日"),
])
def test_chinese_date(d: datetime.date, expected: str) -> None:
    assert chinese_date(d) == expected


def test_missing_placeholder_names_template_and_key() -> None:
    ctx = context_for("summons")
    del ctx["hearing_place"]
    with pytest.raises(TemplateError) as err:
        render_document("summons", ctx)
    assert err.value.field == "hearing_place"
    assert "summons" in str(err.value) and "hearing_place" in str(err.value)
    ctx = context_for("fee_notice")
    del ctx["fee"]
    with pytest.raises(TemplateError, match="fee"):
        render_document("fee_notice", ctx)


def _resources_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A court's own resources folder (`WORKBENCH_RESOURCES`); returns its templates folder."""
    monkeypatch.setenv("WORKBENCH_RESOURCES", str(tmp_path))
    (tmp_path / "templates").mkdir()
    return tmp_path / "templates"


def test_bad_templates_are_refused_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(NotFound):
        render_document("no_such_template", CONTEXT)
    with pytest.raises(NotFound):
        render_document("../templates/complaint", CONTEXT)
    tmp_path = _resources_override(tmp_path, monkeypatch)
    (tmp_path / "odd.json").write_text(json.dumps(
        {"title": "通知", "blocks": [{"kind": "poem", "text": "x"}]}), encoding="utf-8")
    with pytest.raises(TemplateError, match="odd"):
        render_document("odd", CONTEXT)
    (tmp_path / "typo.json").write_text(json.dumps(
        {"title": "通知", "blocks": [{"kind": "para", "text": "{court_nmae}"}]}), encoding="utf-8")
    with pytest.raises(TemplateError, match="court_nmae"):
        render_document("typo", CONTEXT)
    (tmp_path / "dict.json").write_text(json.dumps(
        {"title": "通知", "blocks": [{"kind": "para", "text": "{parties}{claims}"}]}), encoding="utf-8")
    with pytest.raises(TemplateError, match="claims"):  # a structure, not text: no braces printed
        render_document("dict", CONTEXT)


def test_a_court_can_edit_a_template_while_running(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    tmp_path = _resources_override(tmp_path, monkeypatch)
    path = tmp_path / "note.json"
    path.write_text(json.dumps({"title": "通知", "blocks": [{"kind": "para", "text": "甲{cause}"}]}))
    assert "甲民间借贷纠纷" in flat(render_document("note", CONTEXT))
    path.write_text(json.dumps({"title": "通知", "blocks": [{"kind": "para", "text": "乙{cause}"}]}))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert "乙民间借贷纠纷" in flat(render_document("note", CONTEXT))


def test_rendering_is_deterministic() -> None:
    for key in sorted(EXPECTED):
        assert draw(key, context_for(key)) == draw(key, context_for(key)), key
    assert render_cover(HEADER) == render_cover(HEADER)


def test_same_bytes_in_another_process() -> None:
    """Documents are stored by SHA-256: a restart must not produce a different file."""
    here = hashlib.sha256(render_document("summons", context_for("summons"))).hexdigest()
    code = ("import hashlib, json, sys; from workbench.efile.render import render_document; "
            "print(hashlib.sha256(render_document('summons', json.loads(sys.argv[1]))).hexdigest())")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code, json.dumps(context_for("summons"))],
                         capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert out.stdout.strip() == here


def test_font_is_embedded_subset_and_text_reads_back_exactly() -> None:
    sample = "〇一二三（2026）苏0583民初1234号；ABC abc 123，鬱龘。"
    tpl = {"title": "测试", "blocks": [{"kind": "line", "text": sample}]}
    pdf = render._render(tpl, {}, "test")
    assert pages(pdf)[0].strip() == sample
    font = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    embedded = [f.get_object() for f in font.values()
                if "/DescendantFonts" not in f.get_object() and "/FontDescriptor" in f.get_object()]
    assert embedded
    for f in embedded:
        assert "+" in f["/BaseFont"]  # a subset ...
        assert "/FontFile2" in f["/FontDescriptor"]  # ... embedded as TrueType
        assert "/ToUnicode" in f


def test_font_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    info = fonts.cjk_font()
    assert fonts.cjk_font() is info  # registered once, then cached
    uming = "/usr/share/fonts/truetype/arphic/uming.ttc"
    if Path(uming).exists():
        names = fonts.ttc_family_names(uming)
        assert names[fonts._pick_index(names, "AR PL UMing CN")] == "AR PL UMing CN"
    wqy = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
    if Path(wqy).exists():
        monkeypatch.setenv(fonts.ENV_VAR, wqy + "#0")
        assert fonts._find_and_register().family == "WenQuanYi Zen Hei"


def test_no_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fonts, "CANDIDATES", ())
    monkeypatch.setenv(fonts.ENV_VAR, str(tmp_path / "missing.ttf"))
    with pytest.raises(WorkbenchError, match="fonts-arphic-uming") as err:
        fonts._find_and_register()
    assert "中文字体" in str(err.value)


def test_render_is_fast_after_the_first() -> None:
    render_document("acceptance_notice", context_for("acceptance_notice"))
    start = time.perf_counter()
    for key in sorted(EXPECTED):
        render_document(key, context_for(key))
    per = (time.perf_counter() - start) / len(EXPECTED)
    assert per < 0.2  # typically ~10 ms; a loose bound so a busy machine does not fail the suite
