"""The whole intake on the generated corpus: OCR, orientation, splitting, classification, matching,
filing into the hash chain, search inside scanned images, separator sheets, learnt corrections.

The corpus (9 scanned pages) is read once per session; every test below reuses those readings.
"""

from __future__ import annotations

import io
import json
import shutil
import unicodedata

import pytest

from corpus.fixtures import corpus, make_store, readings
from workbench.errors import Cancelled
from workbench.intake import ocr, pipeline, proposal as P
from workbench.intake.search import search
from workbench.tasks import CancelToken


@pytest.fixture(scope="session")
def scanned(tmp_path_factory):
    base = str(tmp_path_factory.getbasetemp())
    out, truth = corpus(base)
    return out, truth, readings(base)


def _norm(s: str) -> str:
    return unicodedata.normalize("NFKC", "".join(s.split()))


def _cer(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] / max(1, len(b))


def test_ocr_reads_the_corpus_and_turns_pages_upright(scanned):
    out, truth, cache = scanned
    from workbench.intake.importers import import_paths
    pages = import_paths([out / "pages"]).pages
    ocr.read_pages(pages, cache=cache)
    errors = chars = 0
    for page, t in zip(pages, truth["pages"]):
        assert page.blank == t["blank"], page.label
        assert page.rotation == (360 - t["rotation"]) % 360, page.label
        errors += _cer(page.text, t["text"]) * len(_norm(t["text"]))
        chars += len(_norm(t["text"]))
    assert errors / chars <= 0.03


def test_upside_down_page_and_cancel(scanned):
    from PIL import Image
    out, truth, _ = scanned
    first = next(p for p in truth["pages"] if p["rotation"] == 0 and len(p["text"]) < 200)
    im = Image.open(out / "pages" / first["file"]).rotate(180)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=80)
    r = ocr.read_image(buf.getvalue())
    assert r.rotation == 180 and _cer(r.text, first["text"]) < 0.05
    token = CancelToken()
    token.cancel()
    from workbench.intake.importers import SourcePage
    with pytest.raises(Cancelled):
        ocr.read_pages([SourcePage("x", "y", 0, buf.getvalue(), "jpeg")], workers=1, cancel=token)


def test_worker_processes_report_progress_and_stop_on_cancel(scanned):
    """The default path: pages read in spawned processes, progress per page, cancel within a page."""
    out, truth, _ = scanned
    from workbench.intake.importers import import_paths
    pages = import_paths(sorted((out / "pages").glob("*.jpg"))[:4]).pages
    token, seen = CancelToken(), []

    def progress(done, total, message):
        seen.append((done, total))
        if done >= 1:
            token.cancel()
    with pytest.raises(Cancelled):
        ocr.read_pages(pages, workers=2, progress=progress, cancel=token)
    assert seen[0] == (0, 4) and any(d >= 1 for d, _ in seen) and all(t == 4 for _, t in seen)
    assert sum(1 for p in pages if p.text) < 4


def test_batch_is_split_classified_matched_and_filed(scanned, tmp_path):
    out, truth, cache = scanned
    wb = make_store(tmp_path / "data", truth)
    try:
        prop = pipeline.propose(wb, [out / "pages"], ocr_cache=cache, stack=True)
        got = [(d.category, d.case_number) for d in prop.documents]
        want = [(d["category"], d["case_number"]) for d in truth["documents"]]
        assert got == want
        assert [len(d.pages) for d in prop.documents] == [len(d["pages"]) for d in truth["documents"]]
        stranger = prop.documents[-1]
        assert stranger.case_number is None and stranger.flagged  # left for the clerk
        printed = [d for d, t in zip(prop.documents, truth["documents"]) if t["number_printed"]]
        assert printed and all(d.how == "printed-number" for d in printed)
        filed = pipeline.accept(wb, prop)
        assert len(filed) == len(truth["documents"]) - 1
        assert wb.verify().ok
        # The text layer written over each scan reads back through pypdf.
        from pypdf import PdfReader
        complaint = filed[0]
        pdf = PdfReader(io.BytesIO(wb.document_pdf(complaint.document_id)))
        assert len(pdf.pages) == 2
        assert "民事起诉状" in pdf.pages[0].extract_text()
        # A party's name and the amount exist only inside the scanned images; search finds them.
        case = next(c for c in truth["cases"] if c["case_number"] == truth["documents"][0]["case_number"])
        name = case["parties"][0]["name"]
        hits = search(wb.db.conn, name)
        assert hits and {h.case_number for h in hits} <= {case["case_number"]}
        amount = case["claims"][0]["amount"].split(".")[0]
        assert any(h.case_number == case["case_number"] for h in search(wb.db.conn, amount))
        log = [json.loads(r[0]) for r in wb.db.query("SELECT payload FROM log WHERE action = 'intake.pages'")]
        assert sum(len(x["pages"]) for x in log) == sum(f.pages for f in filed)
        # The original page images are verified too: one flipped byte in a scan is named.
        image = next(p["blob"] for x in log for p in x["pages"] if p["blob"])
        path = wb.blobs.path(image)
        raw = bytearray(path.read_bytes())
        raw[len(raw) // 2] ^= 1
        path.write_bytes(bytes(raw))
        report = wb.verify()
        assert not report.ok and any(image[2:] in p and "page image" in p for p in report.problems)
    finally:
        wb.close()


def test_separator_sheets_file_every_document_exactly(scanned, tmp_path, capsys):
    """Acceptance 2: sheets printed by `workbench separator` put before documents, including two
    papers the content alone would have split differently, are filed exactly as the sheets say."""
    import pypdfium2 as pdfium
    from workbench.cli import main
    out, truth, cache = scanned
    data = tmp_path / "data"
    make_store(data, truth).close()
    stack = tmp_path / "stack"
    stack.mkdir()
    docs = truth["documents"]
    # Sheets: complaint and answer of case A under one "evidence" sheet (the clerk's choice),
    # the power of attorney under an identity sheet, the stranger's letter under case B.
    a, b = truth["cases"][0]["case_number"], truth["cases"][1]["case_number"]
    plan = [(a, "evidence", docs[0]["pages"] + docs[1]["pages"]),
            (docs[2]["case_number"], "identity", docs[2]["pages"]),
            (b, "identity", docs[7]["pages"])]
    n = 0
    for i, (case, category, pages) in enumerate(plan):
        sheet = tmp_path / f"sheet{i}.pdf"
        assert main(["--data-dir", str(data), "separator", "--case", case, "--category", category,
                     "-o", str(sheet)]) == 0
        img = pdfium.PdfDocument(sheet.read_bytes())[0].render(scale=150 / 72).to_pil()
        n += 1
        img.convert("RGB").save(stack / f"s{n:03d}.jpg", quality=60)
        for p in pages:
            n += 1
            shutil.copy(out / "pages" / p, stack / f"s{n:03d}.jpg")
    capsys.readouterr()
    from workbench.service import Workbench
    with Workbench.open(data) as wb:
        prop = pipeline.propose(wb, [stack], ocr_cache=cache)
        assert [(d.case_number, d.category, len(d.pages), d.how) for d in prop.documents] == [
            (a, "evidence", 3, "separator"), (docs[2]["case_number"], "identity", 1, "separator"),
            (b, "identity", 1, "separator")]
        assert sum(1 for p in prop.dropped if p.separator) == 3
        filed = pipeline.accept(wb, prop)
        assert [(f.case_number, f.category, f.pages) for f in filed] == [
            (a, "evidence", 3), (docs[2]["case_number"], "identity", 1), (b, "identity", 1)]
        assert wb.verify().ok


def test_clerk_corrections_improve_later_proposals(scanned, tmp_path):
    out, truth, cache = scanned
    wb = make_store(tmp_path / "data", truth)
    try:
        iou = out / "pages" / truth["documents"][3]["pages"][0]
        prop = pipeline.propose(wb, [iou], ocr_cache=cache)
        (doc,) = prop.documents
        assert doc.category == "evidence"
        doc.category = "preservation"  # this court files IOUs with preservation papers
        pipeline.accept(wb, prop, [doc])
        shutil.copy(iou, tmp_path / "again.jpg")
        with open(tmp_path / "again.jpg", "ab") as fh:
            fh.write(b"\0")  # another scan of the same paper: different bytes, same text
        later = pipeline.propose(wb, [tmp_path / "again.jpg"], ocr_cache=cache)
        assert later.documents[0].category == "preservation"
        assert "clerk" in later.documents[0].reasons[0]
    finally:
        wb.close()


def test_proposal_edits_undo_exactly(scanned, tmp_path):
    out, truth, cache = scanned
    wb = make_store(tmp_path / "data", truth)
    try:
        prop = pipeline.propose(wb, [out / "pages"], ocr_cache=cache, stack=True)
    finally:
        wb.close()
    before = [[p.label for p in d.pages] for d in prop.documents]
    P.split(prop, 0, 1)
    assert len(prop.documents) == len(before) + 1
    gone = P.merge(prop, 1)
    assert [[p.label for p in d.pages] for d in prop.documents] == before
    P.unmerge(prop, 1, gone)
    P.merge(prop, 1)
    page, removed = P.drop_page(prop, 1, 0)
    assert removed is not None and len(prop.documents) == len(before) - 1
    P.undrop_page(prop, 1, 0, page, removed)
    assert [[p.label for p in d.pages] for d in prop.documents] == before
