"""A case's e-file grows by itself as events are recorded, in the standard catalogue order, and a
volume exports to one PDF whose bookmarks are the catalogue and whose page numbers are derived."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from workbench.efile.catalogue import load_profile
from workbench.errors import UserError

NUMBER = "（2026）苏0583民初1234号"
LATER_EVENTS = [("judgment_issued", "2026-04-20"), ("judgment_served", "2026-04-24")]
# What the court received rather than wrote: attached, never generated.
ATTACHED = ("民事起诉状", "庭审笔录")


@pytest.fixture
def full_case(wb, example_path, tmp_path):
    from workbench.demo import sample_party_pdf

    wb.import_case(example_path)
    case = wb.case(NUMBER)
    complaint = tmp_path / "complaint.pdf"
    complaint.write_bytes(sample_party_pdf(case, "complaint", case.filed_on))
    wb.add_document(NUMBER, complaint, "complaint", title="民事起诉状", on="2026-03-05")
    record = tmp_path / "record.pdf"
    record.write_bytes(wb.document_pdf(wb.catalogue(NUMBER)[0].document_id))
    wb.add_document(NUMBER, record, "hearing_record", title="庭审笔录", on="2026-04-10")
    for kind, on in LATER_EVENTS:
        wb.record_event(NUMBER, kind, on)
    return wb


def test_each_event_files_its_documents_in_the_standard_order(full_case):
    wb = full_case
    entries = wb.catalogue(NUMBER, "正卷")
    order = {c.key: c.order for c in load_profile()["正卷"]}
    categories = [e.category for e in entries]
    assert categories == sorted(categories, key=order.__getitem__)
    titles = [e.title for e in entries]
    assert titles[0] == "民事起诉状"
    for expected in ("受理案件通知书", "交纳诉讼费用通知书", "应诉通知书（昆山市宏达贸易有限公司）",
                     "举证通知书（昆山市宏达贸易有限公司）", "传票（王建国）", "庭审笔录", "宣判笔录"):
        assert expected in titles
    # The judgment's proofs of service come after the pronouncement record, one per party.
    served = [e for e in entries if e.category == "judgment_service"]
    assert [e.title for e in served] == ["送达回证（王建国）", "送达回证（昆山市宏达贸易有限公司）"]
    assert titles.index("宣判笔录") < titles.index("送达回证（王建国）", titles.index("宣判笔录"))
    # Numbers are derived: consecutive sequence, pages continuous from 1 with no gap.
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    page = 1
    for e in entries:
        assert e.first_page == page and e.last_page == page + e.page_count - 1
        page = e.last_page + 1
    assert wb.case(NUMBER).status == "judgment_served"


def test_generated_notice_reads_back_with_court_number_and_party(full_case):
    wb = full_case
    entry = next(e for e in wb.catalogue(NUMBER) if e.title.startswith("应诉通知书"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(wb.document_pdf(entry.document_id))).pages)
    assert "江苏省昆山市人民法院" in text
    assert NUMBER in text
    assert "昆山市宏达贸易有限公司" in text


def test_fee_notice_states_the_halved_fee_for_simple_procedure(full_case):
    wb = full_case
    entry = next(e for e in wb.catalogue(NUMBER) if e.title == "交纳诉讼费用通知书")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(wb.document_pdf(entry.document_id))).pages)
    # 82,400 元: 50 + 72,400 × 2.5% = 1,860 元, halved under simple procedure = 930 元.
    assert "930.00" in text


def test_exported_volume_outline_equals_catalogue_and_pages_add_up(full_case, tmp_path):
    wb = full_case
    entries = wb.catalogue(NUMBER, "正卷")
    result = wb.export_volume(NUMBER, "正卷", tmp_path / "vol.pdf")
    reader = PdfReader(tmp_path / "vol.pdf")
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert [t for t, _ in outline] == [e.title for e in entries]
    first_numbered = outline[0][1]
    assert [p - first_numbered + 1 for _, p in outline] == [e.first_page for e in entries]
    unnumbered = first_numbered + 2  # cover + catalogue pages before, 备考表 + back cover after
    assert len(reader.pages) == entries[-1].last_page + unnumbered == result.total_pages
    # The derived page number is printed on the page, and the viewer's label matches it.
    last = reader.pages[first_numbered + entries[-1].last_page - 1]
    assert str(entries[-1].last_page) in last.extract_text()
    assert reader.page_labels[first_numbered] == "1"
    assert reader.page_labels[0] == "封面"
    catalogue_text = "".join(reader.pages[i].extract_text() for i in range(1, first_numbered))
    assert "卷内目录" in catalogue_text and "庭审笔录" in catalogue_text


def test_attached_judgment_is_filed_in_its_category(wb, example_path, tmp_path):
    wb.import_case(example_path)
    pdf = tmp_path / "judgment.pdf"
    pdf.write_bytes(wb.document_pdf(wb.catalogue(NUMBER)[0].document_id))
    wb.record_event(NUMBER, "judgment_issued", "2026-04-20", file=pdf)
    cats = {e.title: e.category for e in wb.catalogue(NUMBER)}
    assert cats["民事判决书"] == "judgment"
    assert cats["宣判笔录"] == "pronouncement"


def test_inserting_an_earlier_document_renumbers_everything_after_it(full_case, tmp_path):
    wb = full_case
    before = {e.title: e.first_page for e in wb.catalogue(NUMBER)}
    pdf = tmp_path / "id.pdf"
    pdf.write_bytes(wb.document_pdf(wb.catalogue(NUMBER)[0].document_id))
    wb.add_document(NUMBER, pdf, "identity", title="营业执照", on="2026-03-05")
    after = {e.title: e.first_page for e in wb.catalogue(NUMBER)}
    assert after["民事起诉状"] == before["民事起诉状"]
    assert after["庭审笔录"] > before["庭审笔录"]


@pytest.mark.parametrize("kind,on,kwargs,message", [
    ("teleported", "2026-03-06", {}, "unknown event kind"),
    ("accepted", "2026-01-01", {}, "before the filing date"),
    ("accepted", "2026-03-06", {"party": "张三"}, "not a party"),
    ("accepted", "2026-13-06", {}, "YYYY-MM-DD"),
    # Ordinary procedure only: in simple procedure a late summons is a warning (第一百六十三条),
    # tested in test_law_points.py.
    ("summons_served", "2026-04-09", {"_procedure": "ordinary"}, "3 days before the hearing"),
    ("extended", "2026-04-09", {}, "whole months"),
    ("concluded", "2026-04-11", {"file": "/nonexistent.pdf"}, "takes no attached document"),
])
def test_bad_events_are_refused_and_write_nothing(wb, example_path, kind, on, kwargs, message):
    kwargs = dict(kwargs)
    procedure = kwargs.pop("_procedure", None)
    if procedure:
        doc = json.loads(example_path.read_text(encoding="utf-8"))
        doc["procedure"] = procedure
        wb.import_case(doc)
    else:
        wb.import_case(example_path)
    log_before = wb.db.one("SELECT count(*) FROM log")[0]
    docs_before = wb.db.one("SELECT count(*) FROM documents")[0]
    with pytest.raises(UserError) as err:
        wb.record_event(NUMBER, kind, on, **kwargs)
    assert message in str(err.value)
    assert wb.db.one("SELECT count(*) FROM log")[0] == log_before
    assert wb.db.one("SELECT count(*) FROM documents")[0] == docs_before


@pytest.mark.parametrize("content,message", [
    (b"", "0 bytes"),
    (b"%PDF-1.7\n1 0 obj <<", "damaged or truncated"),
    (b"GIF89a....", "not a PDF"),
])
def test_a_bad_attachment_is_refused_by_name(wb, example_path, tmp_path, content, message):
    wb.import_case(example_path)
    bad = tmp_path / "signed.pdf"
    bad.write_bytes(content)
    with pytest.raises(UserError) as err:
        wb.record_event(NUMBER, "judgment_issued", "2026-04-20", file=bad)
    assert "signed.pdf" in str(err.value) and message in str(err.value)
    assert not [e for e in wb.events(NUMBER) if e.kind == "judgment_issued"]


def test_a_once_only_event_recorded_again_changes_nothing(full_case):
    wb = full_case
    count = len(wb.catalogue(NUMBER))
    res = wb.record_event(NUMBER, "accepted", "2026-03-05")
    assert res.event is None and "already recorded" in res.note
    with pytest.raises(UserError):
        wb.record_event(NUMBER, "accepted", "2026-03-07")
    assert len(wb.catalogue(NUMBER)) == count


def test_export_then_import_gives_the_same_case(full_case, tmp_path):
    from workbench.service import Workbench
    exported = full_case.export_case(NUMBER)
    with Workbench.open(tmp_path / "second") as other:
        other.import_case(exported)
        assert other.export_case(NUMBER) == exported
        # The export carries events, not the attached papers: every generated document comes back.
        assert [e.title for e in other.catalogue(NUMBER)] == [
            e.title for e in full_case.catalogue(NUMBER) if e.title not in ATTACHED]


def test_the_acceptance_sequence_run_in_full_after_import_files_each_document_once(wb, example_path):
    """Import the example (which already carries the events up to the hearing), then run the
    whole sequence as a script would: events already there are recognised, not refiled; and
    neither the plaintiff's complaint nor a hearing record is ever generated."""
    wb.import_case(example_path)
    sequence = [("filed", "2026-03-05"), ("accepted", "2026-03-05"),
                ("complaint_served", "2026-03-09"), ("summons_served", "2026-03-20"),
                ("hearing", "2026-04-10"), ("judgment_issued", "2026-04-20"),
                ("judgment_served", "2026-04-24")]
    notes = []
    for kind, on in sequence:
        party = "昆山市宏达贸易有限公司" if kind == "complaint_served" else None
        data = {"hearing_on": "2026-04-10"} if kind == "summons_served" else None
        notes.append(wb.record_event(NUMBER, kind, on, party=party, data=data).note)
    assert [bool(n) for n in notes] == [True, True, True, True, True, False, False]
    titles = [e.title for e in wb.catalogue(NUMBER)]
    assert "民事起诉状" not in titles and not any(t.startswith("庭审笔录") for t in titles)
    assert titles.count("应诉通知书（昆山市宏达贸易有限公司）") == 1
    order = {c.key: c.order for c in load_profile()["正卷"]}
    cats = [e.category for e in wb.catalogue(NUMBER)]
    assert cats == sorted(cats, key=order.__getitem__)
    assert wb.record_event(NUMBER, "filed").event is None  # default date: the filing date


def test_a_courts_own_template_reaches_the_generated_pdf(wb, example_path, tmp_path, monkeypatch):
    """WORKBENCH_RESOURCES points at a court's adjusted copy of the resources: the acceptance
    notice filed when the case is accepted is drawn from that copy's template."""
    import json
    import shutil

    from workbench.resources import resources_dir

    court = tmp_path / "court_resources"
    shutil.copytree(resources_dir(), court)
    path = court / "templates" / "acceptance_notice.json"
    tpl = json.loads(path.read_text(encoding="utf-8"))
    tpl["blocks"].insert(3, {"kind": "para", "text": "本院诉讼服务中心电话：0512-57300000。"})
    path.write_text(json.dumps(tpl, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_RESOURCES", str(court))

    doc = json.loads(example_path.read_text(encoding="utf-8"))
    doc["events"] = doc["events"][:1]  # filed only: the acceptance is recorded below
    wb.import_case(doc)
    res = wb.record_event(NUMBER, "accepted", "2026-03-05")
    notice = next(wb.document(i) for i in res.document_ids
                  if wb.document(i)["title"] == "受理案件通知书")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(wb.blobs.get(notice["blob"]))).pages)
    assert "诉讼服务中心电话" in "".join(text.split())

    # The line comes from the court's copy only: the shipped template does not have it.
    monkeypatch.delenv("WORKBENCH_RESOURCES")
    assert "诉讼服务中心电话" not in (resources_dir() / "templates" / "acceptance_notice.json").read_text(
        encoding="utf-8")
