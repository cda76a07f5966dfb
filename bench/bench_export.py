"""Export a 2,000-page volume (100 documents of 20 pages) and compare with qpdf merging the same
100 PDFs (`qpdf --empty --pages … -- out.pdf`). The workbench does more than the merge (cover,
catalogue, page numbers stamped on every page, outline, page labels); the ratio says what that
costs."""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _common import best_of, ratio_line

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def make_pdf(index: int, pages: int) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for p in range(pages):
        c.setFont("Helvetica", 11)
        for line in range(40):
            c.drawString(72, 770 - line * 17, f"Evidence {index} page {p + 1} line {line}: "
                         "lorem ipsum dolor sit amet, consectetur adipiscing elit.")
        c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--documents", type=int, default=100)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not shutil.which("qpdf"):
        raise SystemExit("qpdf is not installed (apt-get install qpdf)")
    from workbench.service import Workbench

    tmp = Path(tempfile.mkdtemp(prefix="bench-export-"))
    src = tmp / "src"
    src.mkdir()
    files = []
    for i in range(args.documents):
        f = src / f"doc{i:03d}.pdf"
        f.write_bytes(make_pdf(i, args.pages))
        files.append(f)
    with Workbench.open(tmp / "data") as wb:
        wb.import_case({
            "case_number": "（2026）苏0583民初9999号",
            "court": {"name": "江苏省昆山市人民法院", "appeal_court": "江苏省苏州市中级人民法院"},
            "cause": "买卖合同纠纷", "procedure": "ordinary", "filed_on": "2026-01-05",
            "parties": [{"role": "plaintiff", "kind": "person", "name": "甲"},
                        {"role": "defendant", "kind": "person", "name": "乙"}],
            "claims": [{"kind": "principal", "amount": "100000.00", "text": "货款"}],
        })
        for i, f in enumerate(files):
            wb.add_document("（2026）苏0583民初9999号", f, "evidence", title=f"证据{i + 1}",
                            on=date(2026, 1, 6) + timedelta(days=i))
        pages = wb.catalogue("（2026）苏0583民初9999号")[-1].last_page
        print(f"volume: {args.documents} documents, {pages} numbered pages")
        ours = best_of(lambda: wb.export_volume("（2026）苏0583民初9999号", "正卷", tmp / "ours.pdf"),
                       args.runs)
    peer = best_of(lambda: subprocess.run(
        ["qpdf", "--empty", "--pages", *map(str, files), "--", str(tmp / "qpdf.pdf")], check=True),
        args.runs)
    print(ratio_line("export 2,000-page volume", ours, "qpdf", peer))
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
