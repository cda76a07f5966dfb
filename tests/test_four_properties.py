"""The demo court ends cases that archive in one click; the 四性检测 report (DA/T 70-2018) is in
the package; the volume is PDF/A-2b by the workbench's self-check; `archive verify --head`
compares with the chain head printed on the cover and 备考表."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from workbench.cli import main
from workbench.efile.pdfa import pdfa_problems
from workbench.service import CaseQuery, Workbench


@pytest.fixture(scope="module")
def three(demo_template, tmp_path_factory):
    """Three concluded demo cases, each archived by the CLI exactly as a user would (once for
    the module: the tests below only read the packages)."""
    import shutil
    tmp_path = tmp_path_factory.mktemp("three")
    demo_dir = tmp_path / "demo-data"
    shutil.copytree(demo_template, demo_dir)
    with Workbench.open(demo_dir) as wb:
        numbers = [c.number for c in wb.list_cases(CaseQuery(status="concluded"), 0, 10)][:3]
    assert len(numbers) == 3
    out = []
    for i, n in enumerate(numbers):
        pkg = tmp_path / f"p{i}.zip"
        assert main(["--data-dir", str(demo_dir), "archive", n, "-o", str(pkg)]) == 0
        out.append((n, pkg))
    return demo_dir, out


def test_three_demo_cases_archive_in_one_click_and_verify(three, capsys):
    demo_dir, packages = three
    for number, pkg in packages:
        assert main(["archive", "verify", str(pkg)]) == 0
        assert "完好" in capsys.readouterr().out
    with Workbench.open(demo_dir) as wb:
        assert all(wb.case(n).status == "archived" for n, _ in packages)


def test_the_report_is_in_the_package_and_passes(three):
    _, packages = three
    number, pkg = packages[0]
    with zipfile.ZipFile(pkg) as zf:
        report = json.loads(zf.read("four_properties.json"))
        text = zf.read("four_properties.txt").decode("utf-8")
        volume = zf.read("volumes/正卷.pdf")
        manifest = json.loads(zf.read("manifest.json"))
    assert report["case_number"] == number and report["ok"]
    assert {p["name"] for p in report["properties"].values()} == {"真实性", "完整性", "可用性", "安全性"}
    assert all(p["ok"] for p in report["properties"].values())
    listed = {f["path"] for f in manifest["files"]}
    assert {"four_properties.json", "four_properties.txt"} <= listed
    # Each file's hash, the bound volume among them as PDF/A-2b.
    import hashlib
    assert {"sha256": hashlib.sha256(volume).hexdigest(), "format": "PDF/A-2b"}.items() <= next(
        f for f in report["files"] if f["format"] == "PDF/A-2b").items()
    assert len([f for f in report["files"] if f["format"] == "PDF"]) >= 12
    assert "真实性" in text and report["chain_head"] in text
    assert pdfa_problems(volume) == []


def test_the_head_is_printed_on_cover_and_notes_sheet_and_verify_head_compares(three, capsys):
    _, packages = three
    _, pkg = packages[1]
    with zipfile.ZipFile(pkg) as zf:
        head = json.loads(zf.read("four_properties.json"))["chain_head"]
        reader = PdfReader(io.BytesIO(zf.read("volumes/正卷.pdf")))
    flat = lambda i: reader.pages[i].extract_text().replace("\n", "")  # noqa: E731
    assert head in flat(0) and head in flat(len(reader.pages) - 2)  # 封面 and 备考表
    assert main(["archive", "verify", str(pkg), "--head", head]) == 0
    capsys.readouterr()
    wrong = head[:-1] + ("0" if head[-1] != "0" else "1")
    assert main(["archive", "verify", str(pkg), "--head", wrong]) == 1
    assert "不符" in capsys.readouterr().out


def test_a_report_that_disagrees_with_the_log_is_caught(three, tmp_path):
    _, packages = three
    _, pkg = packages[2]
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(pkg) as src, zipfile.ZipFile(forged, "w") as dst:
        for zi in src.infolist():
            data = src.read(zi)
            if zi.filename == "four_properties.json":
                data = data.replace(b'"ok": true', b'"ok": false', 1)
            dst.writestr(zi, data)
    from workbench.archive import verify_package
    assert not verify_package(forged).ok


def test_the_pdfa_check_can_fail(tmp_path):
    from reportlab.pdfgen.canvas import Canvas
    buf = io.BytesIO()
    c = Canvas(buf)
    c.drawString(100, 700, "Helvetica, not embedded")
    c.showPage()
    c.save()
    problems = pdfa_problems(buf.getvalue())
    assert any("Helvetica" in p for p in problems) and any("XMP" in p for p in problems)
    assert pdfa_problems(b"not a pdf")


def test_demo_judgments_are_dated_their_pronouncement_day_and_party_papers_are_samples(demo_dir):
    from workbench.law.numerals import chinese_date
    with Workbench.open(demo_dir) as wb:
        for c in wb.list_cases(CaseQuery(status="concluded"), 0, 10):
            issued = next(e.on for e in wb.events(c.number) if e.kind == "judgment_issued")
            entries = wb.catalogue(c.number)
            judgment = next(e for e in entries if e.title == "民事判决书")
            text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
                wb.document_pdf(judgment.document_id))).pages).replace("\n", "")
            assert chinese_date(issued) in text and judgment.date == issued.isoformat()
            for e in entries:
                if e.category in ("complaint", "answer", "evidence"):
                    d = wb.document(e.document_id)
                    assert d["source"] == "attached" and "示例材料" in e.title
                    first = PdfReader(io.BytesIO(wb.document_pdf(e.document_id))).pages[0]
                    assert "示例材料" in first.extract_text().splitlines()[0]
