"""Registration reads a complaint field by field: parties and their ID numbers or credit codes,
claims and their amounts, the cause — for the six causes in the tuning layouts (each exactly),
and in the held-out layout (whatever it reads, it never fills a wrong ID number or amount). The
PDFs here keep their text layer (PDFium gives its lines with boxes), so no OCR runs; the scanned
path is tests/test_propose_scanned.py."""

from __future__ import annotations

import pytest

from propose_corpus.build import complaints
from propose_corpus.score import Tally, score
from workbench.intake import importers
from workbench.intake.complaint import read_complaint


def _read(pdf: bytes, tmp_path, k: int):
    path = tmp_path / f"c{k}.pdf"
    path.write_bytes(pdf)
    res = importers.import_paths([path])
    for p in res.pages:
        p.text, p.method = p.text_layer or "", "text-layer"
    return read_complaint(res.pages)


@pytest.fixture(scope="module")
def tuning(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tune")
    t = Tally()
    readings = []
    for k, (pdf, truth) in enumerate(complaints("tune", 11, 18)):
        r = _read(pdf, tmp, k)
        score({"cause": r.cause, "parties": r.parties, "claims": r.claims}, truth, t, f"#{k} L{truth['layout']}")
        readings.append((r, truth))
    return t, readings


@pytest.mark.parametrize("field", ["name", "role", "kind", "sex", "born", "ethnicity", "address",
                                   "id_number", "credit_code", "representative", "agents"])
def test_parties_field_by_field(tuning, field):
    t, _ = tuning
    assert t.accuracy(field) == 1.0, [n for n in t.notes if field in n]


@pytest.mark.parametrize("field", ["claim_count", "claim_kind", "claim_amount", "cause"])
def test_claims_amounts_and_cause(tuning, field):
    t, _ = tuning
    assert t.accuracy(field) == 1.0, [n for n in t.notes if field in n]


def test_every_cause_and_layout_is_in_the_set(tuning):
    _, readings = tuning
    assert {tr["cause"] for _, tr in readings} == {
        "民间借贷纠纷", "金融借款合同纠纷", "信用卡纠纷", "买卖合同纠纷", "物业服务合同纠纷", "机动车交通事故责任纠纷"}
    assert {tr["layout"] for _, tr in readings} == {0, 1, 2, 3, 4}


def test_each_field_says_where_it_was_read(tuning):
    r, truth = tuning[1][0]
    for key in ("parties[0].name", "parties[1].name", "claims[0].amount", "cause", "facts"):
        src = r.sources[key]
        assert src["page"].endswith("#1") and len(src["box"]) == 4, key
    # the box of an amount is inside the box of its claim's text
    a, c = r.sources["claims[0].amount"]["box"], r.sources["claims[0].text"]["box"]
    assert c[0] <= a[0] and a[2] <= c[2] + 1 and c[1] <= a[1] <= a[3] <= c[3] + 1


def test_held_out_layout_never_fills_a_wrong_id_number_or_amount(tmp_path):
    t = Tally()
    for k, (pdf, truth) in enumerate(complaints("held", 7301, 6)):
        r = _read(pdf, tmp_path, k)
        score({"cause": r.cause, "parties": r.parties, "claims": r.claims}, truth, t, f"#{k}")
    print("\n" + t.table())
    for field in ("id_number", "credit_code", "claim_amount"):
        assert t.wrong.get(field, 0) == 0, [n for n in t.notes if field in n]
