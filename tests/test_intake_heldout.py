"""Intake on the HELD-OUT part of the intake corpus (tests/intake_corpus: seeds ≥ 5000 and each
kind's last layout, which neither the rules nor the classifier's training data ever saw).

Text-layer PDFs here — OCR is not the subject: file boundaries, classification, case numbers,
wrong matches and stack splitting are. The scanned documents read by the real rapidocr are in
test_intake_ocr_heldout.py.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from intake_corpus.build import build
from intake_corpus.evaluate import score
from workbench.intake import matching, pipeline
from workbench.service import Workbench


@functools.lru_cache(maxsize=4)
def _corpus(base: str, mode: str, seed: int, docs: int) -> tuple[Path, dict]:
    out = Path(base) / f"heldout-{mode}-{seed}"
    return out, build(out, split="held", seed=seed, docs=docs, mode=mode)


def _propose(tmp_path, base, mode, seed, docs, stack):
    out, truth = _corpus(base, mode, seed, docs)
    wb = Workbench.open(tmp_path / "data")
    for c in truth["cases"]:
        wb.import_case(c)
    try:
        prop = pipeline.propose(wb, [out / "in"], stack=stack)
    finally:
        wb.close()
    return prop, truth


@pytest.fixture(scope="module")
def lawyer_files(tmp_path_factory):
    """30 documents, one PDF each, as a lawyer's USB stick brings them."""
    base = str(tmp_path_factory.getbasetemp())
    return _propose(tmp_path_factory.mktemp("files"), base, "files", 5101, 30, False)


@pytest.fixture(scope="module")
def scanned_stack(tmp_path_factory):
    """24 documents fed through the scanner as one stack, no separator sheets."""
    base = str(tmp_path_factory.getbasetemp())
    return _propose(tmp_path_factory.mktemp("stack"), base, "stack", 5102, 24, True)


def test_each_file_stays_a_document_and_is_classified(lawyer_files):
    prop, truth = lawyer_files
    s = score(prop, truth)
    assert s.files_glued == 0, s.misses
    assert len(prop.documents) == len(truth["documents"])
    f = s.figures()
    assert f["split"] == 1.0, s.misses
    assert f["classification"] >= 0.95, s.misses
    # Papers without a court-style title (ID cards, slips, screenshots, IOUs) are proposed with
    # enough confidence to file, not as a 0.3 "evidence?" guess.
    assert f["classification_confident"] >= 0.9, s.misses


def test_printed_case_numbers_match_and_nothing_matches_wrongly(lawyer_files, scanned_stack):
    total = score(*lawyer_files).add(score(*scanned_stack))
    f = total.figures()
    assert total.printed >= 10
    assert f["printed_matched"] >= 0.98, total.misses
    assert total.wrong == 0, total.misses


def test_stack_without_separator_sheets_splits_exactly(scanned_stack):
    prop, truth = scanned_stack
    s = score(prop, truth)
    assert s.figures()["split"] >= 0.95, s.misses
    assert s.figures()["classification"] >= 0.95, s.misses


def test_scanner_output_is_offered_as_a_stack_not_applied(tmp_path, tmp_path_factory):
    base = str(tmp_path_factory.getbasetemp())
    prop, truth = _propose(tmp_path, base, "scanner", 5103, 12, False)
    pages = sum(len(d["pages"]) for d in truth["documents"])
    assert prop.stack_suggested and not prop.stack
    assert len(prop.documents) == pages  # every file its own document until the clerk says otherwise
    prop, truth = _propose(tmp_path / "again", base, "scanner", 5103, 12, True)
    assert prop.stack and not prop.stack_suggested
    assert score(prop, truth).figures()["split"] >= 0.9


# ---- matching rules, on a store built for them ------------------------------------------------
def _index(cases: list[tuple[str, list[tuple[str, str, str | None]]]], archived=()) -> matching.PartyIndex:
    idx = matching.PartyIndex()
    for number, parties in cases:
        idx.known[number] = "archived" if number in archived else "filed"
        for role, name, ident in parties:
            idx.names.setdefault(name, set()).add(number)
            idx.roles[(number, name)] = role
            if ident:
                idx.ids.setdefault(ident, set()).add(number)
                idx.all_ids.setdefault(ident, set()).add(number)
                idx.id_roles.setdefault(ident, {})[(number, name)] = role
    return idx


INSURER = ("defendant", "中国人民财产保险股份有限公司昆山市支公司", "91320583837011201K")
A, B = "（2026）苏0583民初101号", "（2026）苏0583民初202号"


def test_an_identifier_shared_by_several_cases_is_no_evidence():
    idx = _index([(A, [("plaintiff", "王建国", "320583198001011234"), INSURER]),
                  (B, [("plaintiff", "李秀英", "320583197502023456"), INSURER])])
    text = "法定代表人身份证明书\n单位名称：中国人民财产保险股份有限公司昆山市支公司\n统一社会信用代码：91320583837011201K"
    m = matching.match_document(text, idx)
    assert m.case_number is None and "shared" in m.detail
    # Both sides of case B on one paper decide it, however often the insurer litigates.
    m = matching.match_document("授权委托书\n委托人：李秀英\n与中国人民财产保险股份有限公司昆山市支公司纠纷一案", idx)
    assert (m.case_number, m.how) == (B, "party-names")
    # A person's own ID number belongs to one case.
    m = matching.match_document("居民身份证\n公民身份号码 320583198001011234", idx)
    assert (m.case_number, m.how) == (A, "id-number")


def test_the_printed_number_wins_unless_the_parties_firmly_disagree():
    idx = _index([(A, [("plaintiff", "王建国", "320583198001011234"), ("defendant", "赵强", None)]),
                  (B, [("plaintiff", "李秀英", "320583197502023456"), ("defendant", "孙丽", None)])])
    for form in ("（2026）苏0583民初101号", "(2026)苏0583民初101号", "〔2026〕苏0583民初101号",
                 "（2026） 苏 0583 民初 101 号", "（２０２６）苏０５８３民初１０１号", "(2〇26)苏O583民初1O1号"):
        m = matching.match_document(f"传票\n案号 {form}\n被传唤人 赵强", idx)
        assert (m.case_number, m.how) == (A, "printed-number"), form
    # A narrow table cell broke the number over two lines; OCR joins the cells of a row.
    m = matching.match_document("传 票\n案号 （2026）苏0583民初10 案由 民间借贷\n1号 纠纷", idx)
    assert (m.case_number, m.how) == (A, "printed-number")
    m = matching.match_document(f"案号：{A}\n原告：李秀英\n被告：孙丽", idx)
    assert m.case_number is None and m.how == "conflict" and set(m.candidates) == {A, B}
    m = matching.match_document("案号：（2026）苏0583民初999号\n原告：王建国 被告：赵强", idx)
    assert m.case_number is None and "not in this workbench" in m.detail
