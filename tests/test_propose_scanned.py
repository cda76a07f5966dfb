"""Registration from real scans: complaints of the six causes printed, scanned (skew, noise, low
contrast, JPEG, some turned), read by rapidocr in spawned workers, then read field by field.
Six one- or two-page complaints keep the suite fast; bench/bench_propose.py runs more."""

from __future__ import annotations

import json

import pytest

from propose_corpus.build import build
from propose_corpus.score import Tally, score
from workbench.intake.registration import Court, propose_registration, register
from workbench.service import Workbench

COURT = Court("江苏省昆山市人民法院", "苏0583", "江苏省苏州市中级人民法院")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    out = tmp_path_factory.mktemp("propose-scans")
    truths = build(out / "c", split="tune", seed=41, docs=6, scan=True)
    cache: dict = {}
    wb = Workbench.open(out / "data")
    props = [propose_registration(wb, [out / "c" / "in" / t["file"]], court=COURT, workers=2, ocr_cache=cache)
             for t in truths]
    yield wb, props, truths
    wb.close()


def test_scanned_complaints_read_field_by_field(scanned):
    _, props, truths = scanned
    t = Tally()
    for p, tr in zip(props, truths):
        assert all(pg.method == "ocr" for d in p.intake.documents for pg in d.pages)
        score(p.case, tr, t, tr["file"])
    print("\n" + t.table())
    for field in ("name", "role", "id_number", "credit_code", "claim_amount", "cause"):
        assert t.wrong.get(field, 0) == 0, [n for n in t.notes if field in n]  # never a wrong value
    for field in ("name", "role", "kind", "cause", "claim_count", "claim_kind"):
        assert t.accuracy(field) == 1.0, [n for n in t.notes if field in n]
    for field in ("id_number", "credit_code", "claim_amount", "address"):
        assert t.accuracy(field) >= 0.9, [n for n in t.notes if field in n]


def test_a_scanned_complaint_registers_with_its_page_images_and_sources(scanned):
    wb, props, truths = scanned
    prop = next(p for p in props if not p.problems)
    src = prop.sources["parties[0].name"]
    assert src["page"].endswith("#1") and src["size"][0] > 0 and len(src["box"]) == 4
    case = register(wb, prop, accept_flags=True)
    assert [e.kind for e in wb.events(case.number)] == ["filed"]
    doc = wb.catalogue(case.number)[0]
    pages = wb.db.query("SELECT blob, method FROM pages WHERE document_id = ?", (doc.document_id,))
    assert pages and all(b and m == "ocr" for b, m in pages)  # the scan itself is kept, page by page
    assert json.dumps(wb.export_case(case.number), ensure_ascii=False)
    assert wb.verify().ok
