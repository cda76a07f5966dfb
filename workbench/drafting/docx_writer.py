"""The draft as a .docx a judge edits in Word or WPS, and the reader that turns it back into
structured paragraphs for the checker.

Layout follows GB/T 9704 and the 2016 judgment form: A4, margins 37/35/28/26 mm, court name and
title in 宋体 二号 bold and centred, case number right-aligned, body in 仿宋 三号 with a two-character
first-line indent and a fixed 28-point line pitch (22 lines a page), page numbers "— 1 —" in the
footer. Each paragraph's section travels as its paragraph style ("JW 判决主文" …), because styles
survive editing: pressing Enter in Word keeps the style, so a paragraph the judge adds to the
reasoning is still reasoning when the checker reads the file back.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..errors import Text, UserError
from ..files import atomic_write_bytes
from .document import SECTION_NAMES, SECTIONS, Draft, Paragraph
from .profile import DraftProfile, profile_for

__all__ = ["STYLE_PREFIX", "docx_bytes", "read_docx", "style_name", "write_docx"]

STYLE_PREFIX = "JW "
# (section, paragraph style) → Word style name for the parts that are not plain body text.
_SPECIAL = {("title", "court"): "法院名称", ("title", "title"): "文书名称", ("title", "number"): "案号",
            ("signature", "signature"): "落款", ("signature", "date"): "落款日期",
            ("signature", "verify"): "核对无异", ("signature", "clerk"): "书记员"}
_BY_NAME = {STYLE_PREFIX + v: k for k, v in _SPECIAL.items()}
_BY_NAME.update({STYLE_PREFIX + SECTION_NAMES[s]: (s, "item" if s == "operative" else "body")
                 for s in SECTIONS if s not in ("title", "signature")})


def style_name(p: Paragraph) -> str:
    if (p.section, p.style) in _SPECIAL:
        return STYLE_PREFIX + _SPECIAL[(p.section, p.style)]
    return STYLE_PREFIX + SECTION_NAMES.get(p.section, p.section)


def _fonts(rpr_owner, east_asian: str, size: float, bold: bool = False) -> None:
    """Set a run or style font for Chinese text: Word picks the eastAsia font for CJK characters,
    so setting only `font.name` would leave the Chinese in the template's default face."""
    rpr_owner.font.name = east_asian
    rpr_owner.font.size = Pt(size)
    rpr_owner.font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), east_asian)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc, name: str, font: str, size: float, *, bold: bool = False,
           align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent: float = 0.0, right_indent: float = 0.0,
           left_indent: float = 0.0, line: float = 28.0, before: float = 0.0, after: float = 0.0,
           char_spacing: float = 0.0) -> None:
    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles["Normal"]
    st.next_paragraph_style = st
    st.quick_style = True
    _fonts(st, font, size, bold)
    if char_spacing:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(int(char_spacing * 20)))
        st.element.get_or_add_rPr().append(spacing)
    pf = st.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Pt(first_indent)
    pf.left_indent = Pt(left_indent)
    pf.right_indent = Pt(right_indent)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(line)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.widow_control = True
    # East Asian typography: let a long run of digits (an ID number, a credit code) break at the
    # line end instead of pushing to the next line and leaving the justified line spread out.
    ppr = st.element.get_or_add_pPr()
    wrap = OxmlElement("w:wordWrap")
    wrap.set(qn("w:val"), "0")
    ppr.append(wrap)


def _page_number_footer(section, profile: DraftProfile) -> None:
    """“— 1 —” centred in the footer, as a PAGE field so Word and WPS number every page."""
    section.footer.is_linked_to_previous = False
    p = section.footer.paragraphs[0] if section.footer.paragraphs else section.footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str | None = None):
        r = p.add_run(text or "")
        _fonts(r, profile.page_number_font, profile.page_number_size_pt)
        return r

    run("— ")
    for kind, instr in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        r = run()
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._r.append(fc)
        elif instr:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = instr
            r._r.append(it)
        else:
            r.text = "1"  # the value shown until the reader updates fields
    run(" —")


def _build(draft: Draft, profile: DraftProfile):
    doc = Document()
    sec = doc.sections[0]
    sec.start_type = WD_SECTION.NEW_PAGE
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(20)
    body, big, line = profile.body_size_pt, profile.title_size_pt, profile.line_spacing_pt
    _fonts(doc.styles["Normal"], profile.body_font, body)
    doc.styles["Normal"].paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    doc.styles["Normal"].paragraph_format.line_spacing = Pt(line)
    center, right, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _style(doc, STYLE_PREFIX + "法院名称", profile.title_font, profile.court_size_pt, bold=True,
           align=center, line=max(line, profile.court_size_pt * 1.5))
    _style(doc, STYLE_PREFIX + "文书名称", profile.title_font, big, bold=True, align=center,
           line=max(line, big * 1.5), char_spacing=big * 0.5, after=line / 2)
    _style(doc, STYLE_PREFIX + "案号", profile.number_font, body, align=right, line=line)
    for s in SECTIONS:
        if s not in ("title", "signature"):
            # Particulars end in long ID numbers that would stretch a justified line apart in a
            # renderer that cannot break digits (LibreOffice ignores w:wordWrap): set them ragged.
            _style(doc, STYLE_PREFIX + SECTION_NAMES[s], profile.body_font, body,
                   first_indent=body * 2, line=line, align=left if s == "parties" else justify)
    _style(doc, STYLE_PREFIX + "落款", profile.body_font, body, align=right, right_indent=body * 2,
           line=line, before=line)
    _style(doc, STYLE_PREFIX + "落款日期", profile.body_font, body, align=right, right_indent=body * 2,
           line=line, before=line)
    _style(doc, STYLE_PREFIX + "核对无异", profile.body_font, body, align=left, left_indent=body * 2,
           line=line)
    _style(doc, STYLE_PREFIX + "书记员", profile.body_font, body, align=right, right_indent=body * 2,
           line=line)
    _page_number_footer(sec, profile)

    first = True
    for para in draft.paragraphs:
        p = doc.paragraphs[0] if first and doc.paragraphs else doc.add_paragraph()
        first = False
        p.style = doc.styles[style_name(para)]
        p.add_run(para.text)
        if para.section == "signature" and para.style == "signature" and para is _first_sig(draft):
            p.paragraph_format.keep_with_next = True
    cp = doc.core_properties
    cp.title = f"{draft.court_name}{draft.title}"
    cp.subject = draft.case_number
    cp.identifier = draft.case_number
    cp.author = draft.court_name
    cp.keywords = "Judge Workbench"
    cp.comments = json.dumps({"workbench": 1, "kind": draft.kind, "case_number": draft.case_number,
                              "cause": draft.cause}, ensure_ascii=False)
    return doc


def _first_sig(draft: Draft) -> Paragraph | None:
    return next((p for p in draft.paragraphs if p.section == "signature"), None)


def docx_bytes(draft: Draft, profile: DraftProfile | None = None) -> bytes:
    buf = io.BytesIO()
    _build(draft, profile or profile_for()).save(buf)
    return buf.getvalue()


def write_docx(draft: Draft, path: Path | str, profile: DraftProfile | None = None) -> Path:
    """Write the draft atomically: a crash leaves the judge's previous file, never half a new one."""
    return atomic_write_bytes(Path(path), docx_bytes(draft, profile))


def read_docx(source: Path | str | bytes) -> list[Paragraph]:
    """The document's paragraphs with their sections, from the JW styles (or the paragraph before).

    Empty paragraphs are dropped, so paragraph indices are those the checker and the editor share.
    """
    try:
        doc = Document(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else str(source))
    except Exception as e:  # python-docx raises several kinds for a file that is not a .docx
        raise UserError(Text(f"无法读取 .docx 文件：{e}", "cannot read the .docx file")) from None
    out: list[Paragraph] = []
    section = "title"
    for p in doc.paragraphs:
        text = p.text.strip()
        if not text:
            continue
        name = p.style.name if p.style is not None else ""
        sec_style = _BY_NAME.get(name)
        if sec_style is None:
            # A paragraph pasted or restyled by hand: it belongs where it stands.
            sec_style = (section, "item" if section == "operative" else "body")
        section = sec_style[0]
        out.append(Paragraph(sec_style[0], text, sec_style[1]))
    return out
