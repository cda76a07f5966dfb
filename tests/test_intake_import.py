"""Importing files: every page kept, duplicates recognised, bad files refused by name and reason
while the rest of the batch goes on. No OCR runs here (text-layer PDFs and image decoding only)."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from workbench.cli import main
from workbench.intake import importers
from workbench.intake.importers import import_paths


def _png(w: int = 200, h: int = 300, mode: str = "L") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (w, h), 255).save(buf, "PNG")
    return buf.getvalue()


def _text_pdf(lines: list[str]) -> bytes:
    from workbench.efile.layout import Writer
    w = Writer("测试", "测试")
    for ln in lines:
        w.paragraph(ln)
    return w.finish()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter
    w = PdfWriter(clone_from=PdfReader(io.BytesIO(_text_pdf(["加密文件的正文内容，需要密码。"]))))
    w.encrypt(user_password="secret", owner_password="owner")
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


@pytest.fixture
def batch(tmp_path):
    d = tmp_path / "batch"
    d.mkdir()
    good = _text_pdf(["民事答辩状", "答辩人就被答辩人诉答辩人民间借贷纠纷一案，提出答辩意见如下：借款已经归还。"])
    (d / "a_good.pdf").write_bytes(good)
    (d / "b_empty.pdf").write_bytes(b"")
    (d / "c_truncated.pdf").write_bytes(good[: len(good) // 2])
    (d / "d_encrypted.pdf").write_bytes(_encrypted_pdf())
    (d / "e_lying.pdf").write_bytes(_png())
    (d / "f_text.jpg").write_bytes(b"this is not an image at all\n" * 10)
    # 12000 x 12000 bilevel PNG: a few hundred kilobytes on disk, 144 megapixels decoded.
    buf = io.BytesIO()
    Image.new("1", (12000, 12000), 1).save(buf, "PNG")
    (d / "g_huge.png").write_bytes(buf.getvalue())
    return d


def test_bad_files_are_named_with_reasons_and_the_batch_goes_on(batch):
    res = import_paths([batch])
    reasons = {p.path.split("/")[-1]: p.reason for p in res.problems}
    assert set(reasons) == {"b_empty.pdf", "c_truncated.pdf", "d_encrypted.pdf", "e_lying.pdf",
                            "f_text.jpg", "g_huge.png"}
    assert "0 字节" in reasons["b_empty.pdf"] and "empty" in reasons["b_empty.pdf"]
    assert "truncated" in reasons["c_truncated.pdf"]
    assert "加密" in reasons["d_encrypted.pdf"] and "encrypted" in reasons["d_encrypted.pdf"]
    assert "PNG" in reasons["e_lying.pdf"] and "extension" in reasons["e_lying.pdf"]
    assert "not a PDF" in reasons["f_text.jpg"]
    assert "12000×12000" in reasons["g_huge.png"] and "too large" in reasons["g_huge.png"]
    assert [f.name for f in res.files] == ["a_good.pdf"]
    page = res.pages[0]
    assert page.method == "text-layer" and "民事答辩状" in page.text_layer


def test_multipage_tiff_keeps_every_page_and_duplicates_are_skipped(tmp_path):
    frames = [Image.new("L", (300, 400), 255) for _ in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    (tmp_path / "scan.tif").write_bytes(buf.getvalue())
    (tmp_path / "copy.tiff").write_bytes(buf.getvalue())
    res = import_paths([tmp_path / "scan.tif", tmp_path / "copy.tiff"])
    assert [p.index for p in res.pages] == [0, 1, 2]
    assert all(p.image_format == "png" and p.size == (300, 400) for p in res.pages)
    assert len(res.duplicates) == 1 and "copy.tiff" in res.duplicates[0].path
    # Pages already filed from the same file are not imported again.
    sha = res.files[0].sha
    again = import_paths([tmp_path / "scan.tif"], known_pages={sha: {0, 1}})
    assert [p.index for p in again.pages] == [2]
    none = import_paths([tmp_path / "scan.tif"], known_pages={sha: {0, 1, 2}})
    assert not none.pages and "already filed" in none.duplicates[0].reason


def test_truncated_image_is_refused(tmp_path):
    buf = io.BytesIO()
    Image.effect_noise((400, 400), 60).convert("RGB").save(buf, "JPEG", quality=90)
    (tmp_path / "cut.jpg").write_bytes(buf.getvalue()[:3000])
    res = import_paths([tmp_path / "cut.jpg"])
    assert not res.files and "damaged" in res.problems[0].reason


def test_sniff_and_text_layer_rules():
    assert importers.sniff(b"%PDF-1.7\n") == "pdf"
    assert importers.sniff(b"\xff\xd8\xff\xe0") == "jpeg"
    assert importers.sniff(b"II*\x00rest") == "tiff"
    assert importers.sniff(b"GIF89a") is None
    assert not importers.usable_text_layer("3")
    assert not importers.usable_text_layer("\ue000\ue001\ue002" * 10)
    assert importers.usable_text_layer("原告王建国诉被告借款合同纠纷一案，本院依法审理。")


def test_cli_intake_files_a_text_pdf_and_reports_bad_files(batch, tmp_path, capsys, example_path):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "case", "import", str(example_path)]) == 0
    capsys.readouterr()
    code = main(["--data-dir", str(data), "intake", str(batch), "--case", "(2026)苏0583民初1234号",
                 "--json", "--workers", "1"])
    out = capsys.readouterr()
    assert code == 0
    report = json.loads(out.out)
    assert len(report["problems"]) == 6
    assert all(p["file"] in out.err for p in report["problems"])
    (doc,) = report["documents"]
    assert doc["source"] == ["a_good.pdf"] and doc["pages"] == "a_good.pdf#1"
    assert doc["category"] == "answer" and doc["case_number"] == "（2026）苏0583民初1234号"
    assert doc["how"] == "given" and doc["filed"]
    assert main(["--data-dir", str(data), "verify"]) == 0
    capsys.readouterr()
    # The same batch again: the good file is recognised, nothing is filed twice.
    main(["--data-dir", str(data), "intake", str(batch / "a_good.pdf"), "--json"])
    again = json.loads(capsys.readouterr().out)
    assert not again["documents"] and "already filed" in again["duplicates"][0]["reason"]


def test_drop_box_takes_a_file_once_it_has_stopped_growing(tmp_path):
    from workbench.intake.dropbox import DropBox
    box = DropBox(tmp_path)
    f = tmp_path / "scan001.png"
    f.write_bytes(_png()[:20])            # the scanner is still writing
    (tmp_path / "notes.txt").write_text("x")
    assert box.poll() == []
    f.write_bytes(_png())                 # grew: wait one more poll
    assert box.poll() == []
    assert box.poll() == [f]              # unchanged for a whole interval: taken
    assert box.poll() == []               # and only once
