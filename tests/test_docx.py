"""The .docx: the standard form's page, fonts and sizes, a page-number field, and a reader that
gives back the paragraphs with their sections, also after a judge's edits."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from workbench.cases.casejson import case_from_json
from workbench.drafting.docx_writer import docx_bytes, read_docx, style_name, write_docx
from workbench.drafting.judgment import build_judgment
from workbench.errors import UserError

DATA = Path(__file__).parent / "data" / "drafting"


@pytest.fixture(scope="module")
def draft():
    doc = json.loads((DATA / "financial_loan.json").read_text(encoding="utf-8"))
    case = case_from_json(doc)[0]
    return build_judgment(case, judgment_date=date(2026, 4, 28))


@pytest.fixture
def written(draft, tmp_path):
    return write_docx(draft, tmp_path / "判决书.docx")


def east_asia(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_page_is_a4_with_gbt9704_margins(written):
    sec = Document(str(written)).sections[0]
    got = [x.mm for x in (sec.page_width, sec.page_height, sec.top_margin, sec.bottom_margin,
                          sec.left_margin, sec.right_margin)]
    assert got == pytest.approx([210, 297, 37, 35, 28, 26], abs=0.1)  # Word keeps twips


def test_fonts_and_sizes_of_the_standard_form(written, draft):
    doc = Document(str(written))
    paras = [p for p in doc.paragraphs if p.text.strip()]
    court, title, number = paras[:3]
    for p in (court, title):
        assert east_asia(p.style) == "宋体" and p.style.font.size == Pt(22) and p.style.font.bold
        assert p.style.paragraph_format.alignment == 1  # centred
    assert number.text == draft.case_number and number.style.paragraph_format.alignment == 2  # right
    body = next(p for p in paras if p.text.startswith("本院认为"))
    assert east_asia(body.style) == "仿宋" and body.style.font.size == Pt(16)  # 三号
    pf = body.style.paragraph_format
    assert pf.line_spacing == Pt(28) and pf.first_line_indent == Pt(32)
    sig = next(p for p in paras if p.text.startswith("审判员"))
    assert sig.style.paragraph_format.alignment == 2
    assert "二〇二六年四月二十八日" in [p.text for p in paras]


def test_page_number_field_in_the_footer(written):
    with zipfile.ZipFile(written) as z:
        footers = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer")]
    assert footers and any("PAGE" in f and 'w:fldCharType="begin"' in f for f in footers)
    assert any("— " in f for f in footers)


def test_round_trip_through_the_reader(written, draft):
    back = read_docx(written)
    assert [(p.section, p.style, p.text) for p in back] == [
        (p.section, p.style, p.text) for p in draft.paragraphs]
    assert read_docx(written.read_bytes()) == back


def test_sections_survive_edits_in_word(written, draft):
    doc = Document(str(written))
    reasoning = next(p for p in doc.paragraphs if p.text.startswith("本院认为"))
    added = reasoning.insert_paragraph_before("另，被告的分期履行请求，原告不同意，本院不予采纳。")
    added.style = doc.styles["Normal"]  # pasted without the style: it belongs where it stands
    doc.add_paragraph("")  # empty paragraphs are dropped
    doc.save(str(written))
    back = read_docx(written)
    i = next(k for k, p in enumerate(back) if p.text.startswith("另，被告"))
    assert back[i].section == "findings" and back[i + 1].section == "reasoning"
    assert len(back) == len(draft.paragraphs) + 1


def test_styles_are_named_for_their_sections(draft):
    names = {style_name(p) for p in draft.paragraphs}
    assert {"JW 法院名称", "JW 文书名称", "JW 案号", "JW 当事人", "JW 判决主文", "JW 落款日期",
            "JW 书记员"} <= names


def test_core_properties_carry_the_case(written, draft):
    cp = Document(str(written)).core_properties
    assert cp.identifier == draft.case_number and json.loads(cp.comments)["kind"] == "judgment"


def test_write_is_atomic_and_replaces(written, draft):
    before = written.read_bytes()
    write_docx(draft, written)
    after = written.read_bytes()
    assert after[:2] == b"PK" and len(after) == pytest.approx(len(before), rel=0.05)
    assert not [p for p in written.parent.iterdir() if p.name.endswith(".tmp")]


def test_bytes_and_bad_input(draft, tmp_path):
    assert docx_bytes(draft)[:2] == b"PK"
    bad = tmp_path / "x.docx"
    bad.write_text("not a docx")
    with pytest.raises(UserError):
        read_docx(bad)
