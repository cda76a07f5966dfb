"""立案前扫描 in the GUI: the proposal read from a text-layer complaint (tests/propose_corpus)
appears beside the page, the focused field frames its source box, the clerk's edits are what
gets registered with the scans filed, flags block registering until acknowledged, a changed
procedure needs its reason, and the view speaks one language."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from propose_corpus.cases import plan
from propose_corpus.layouts import LAYOUTS
from test_one_language import foreign, visible_texts
from ui import i18n
from workbench.intake.registration import Court
from workbench.service import Workbench

COURT = Court("江苏省昆山市人民法院", "苏0583", "江苏省苏州市中级人民法院")


def complaint(folder: Path, name: str = "起诉状.pdf", seed: int = 3, style: str = "plain",
              cause: str = "民间借贷纠纷") -> tuple[Path, dict]:
    rng = random.Random(seed)
    p = plan(rng, cause, (style,))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(LAYOUTS[0](p, rng, "CorpusMing"))
    return path, p.truth()


@pytest.fixture
def view(qtbot, tmp_path):
    from ui.intake_view.registration import RegistrationView
    from ui.task_runner import SyncRunner
    wb = Workbench.open(tmp_path / "data")
    v = RegistrationView(wb, SyncRunner(), court=COURT)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    v.registered_numbers = []
    v.registered.connect(v.registered_numbers.append)
    yield v
    wb.close()


def field(view, key: str):
    return view.fields[key]


def test_the_proposal_appears_with_parties_and_amounts_and_the_next_number(view, tmp_path):
    path, truth = complaint(tmp_path / "in")
    view.ask_files = lambda: [str(path)]
    assert view.choose_scans() == [str(path)]
    for i, p in enumerate(truth["parties"]):
        assert field(view, f"parties[{i}].name").text() == p["name"]
        assert field(view, f"parties[{i}].id_number").text() == p["id_number"]
        assert field(view, f"parties[{i}].address").text() == p["address"]
    for i, c in enumerate(truth["claims"]):
        assert field(view, f"claims[{i}].amount").text() == (c.get("amount") or "")
    assert field(view, "case_number").text().endswith("苏0583民初1号")
    assert field(view, "cause").text() == "民间借贷纠纷"
    assert field(view, "procedure").currentData() == view.proposal.routing.procedure
    assert view.findChild(type(view.problems), "routingReason").text()  # the reason is shown
    assert view.page.page_count >= 1
    # the keyboard starts at the top of the form
    assert view.focusWidget() is field(view, "case_number")


def test_focusing_a_field_frames_its_box_on_the_page(view, tmp_path, qtbot):
    path, _ = complaint(tmp_path / "in")
    view.load_paths([path])
    src = view.proposal.sources["parties[1].id_number"]
    field(view, "parties[1].id_number").setFocus()
    qtbot.waitUntil(lambda: view.page.box is not None)
    w, h = src["size"]
    assert view.page.page == src["page_index"]
    assert view.page.box == pytest.approx((src["box"][0] / w, src["box"][1] / h,
                                           src["box"][2] / w, src["box"][3] / h))
    rect = view.page.highlight_rect()
    canvas = view.page.canvas
    assert 0 < rect.left() < rect.right() < canvas.width() and 0 < rect.top() < canvas.height()
    # another field, another box; a field with no source clears the frame
    field(view, "claims[0].amount").setFocus()
    qtbot.waitUntil(lambda: view.page.box is not None and view.page.box[1] > src["box"][1] / h)
    field(view, "procedure_reason").setFocus()
    qtbot.waitUntil(lambda: view.page.box is None)


def test_tab_walks_the_form_top_to_bottom(view, tmp_path, qtbot):
    path, _ = complaint(tmp_path / "in")
    view.load_paths([path])
    order = list(view.fields)
    seen = [view.focusWidget().property("field")]
    for _ in range(len(order) - 1):
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        seen.append(view.focusWidget().property("field"))
    assert seen == order
    assert order.index("parties[0].name") < order.index("parties[1].name") < order.index("claims[0].text")


def test_an_edited_name_is_registered_with_the_scans_filed(view, tmp_path, qtbot):
    path, truth = complaint(tmp_path / "in")
    view.load_paths([path])
    name = field(view, "parties[1].name")
    name.setFocus()
    name.selectAll()
    name.insert("余德阳")  # what the input method commits (QTest types ASCII only)
    assert view.has_changes()
    qtbot.keyClick(name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter
    assert view.registered_numbers, view.last_error
    number = view.registered_numbers[0]
    with Workbench.open(view.wb.data_dir) as wb:
        case = wb.case(number)
        assert [p.name for p in case.parties] == [truth["parties"][0]["name"], "余德阳"]
        assert [e.title for e in wb.catalogue(number)] == ["民事起诉状"]
        assert [e.kind for e in wb.events(number)] == ["filed"]
        assert wb.verify().ok
    assert view.proposal is None and not view.has_changes()  # the view is ready for the next


def test_a_flagged_field_is_red_and_blocks_registering_until_acknowledged(view, tmp_path):
    path, _ = complaint(tmp_path / "in")
    view.load_paths([path])
    # the amount's line read with low confidence (as OCR may leave it): the core leaves the
    # amount empty and flags it
    from workbench.intake.complaint import read_complaint
    pages = view.proposal.complaint.pages
    line = next(ln for p in pages for ln in p.lines if "154500元" in ln.text and "判令" in ln.text)
    line.score = 0.6
    view.proposal.reading = read_complaint(pages)
    view.proposal.case["claims"] = view.proposal.reading.claims
    view.set_proposal(view.proposal, None)
    amount = field(view, "claims[0].amount")
    assert amount.text() == "" and amount.property("flagged")
    note = view.findChild(type(view.problems), "flag:claims[0].amount")
    assert note is not None and note.isVisible() and note.text()
    assert view.accept_flags.isVisible() and not view.accept_flags.isChecked()
    view.register()
    assert not view.registered_numbers and "核对" in str(view.last_error)
    with Workbench.open(view.wb.data_dir) as wb:
        assert wb.db.one("SELECT count(*) FROM cases")[0] == 0
    amount.setText("154500")
    view.accept_flags.setChecked(True)
    view.register()
    assert view.registered_numbers, view.last_error


def test_a_changed_procedure_needs_a_reason_and_the_log_keeps_it(view, tmp_path):
    path, _ = complaint(tmp_path / "in")
    view.load_paths([path])
    proc: QComboBox = field(view, "procedure")
    assert proc.currentData() != "ordinary"
    proc.setCurrentIndex(proc.findData("ordinary"))
    view.register()
    assert not view.registered_numbers and "理由" in str(view.last_error)
    assert view.focusWidget() is field(view, "procedure_reason")
    field(view, "procedure_reason").setText("案情复杂，涉及多笔转账")
    view.register()
    assert view.registered_numbers, view.last_error
    with Workbench.open(view.wb.data_dir) as wb:
        case = wb.case(view.registered_numbers[0])
        assert case.procedure == "ordinary"
        assert "案情复杂，涉及多笔转账" in "".join(p for (p,) in wb.db.query("SELECT payload FROM log"))


def test_esc_asks_before_dropping_edits(view, tmp_path, qtbot):
    path, _ = complaint(tmp_path / "in")
    view.load_paths([path])
    closed = []
    view.closed.connect(lambda: closed.append(1))
    asked = []
    view.ask_discard = lambda: asked.append(1) or False
    field(view, "cause").setText("买卖合同纠纷")
    qtbot.keyClick(field(view, "cause"), Qt.Key.Key_Escape)
    assert asked and not closed and view.proposal is not None
    view.ask_discard = lambda: True
    qtbot.keyClick(field(view, "cause"), Qt.Key.Key_Escape)
    assert closed and view.proposal is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_view_speaks_one_language(lang, qtbot, tmp_path):
    from ui.intake_view.registration import RegistrationView
    from ui.task_runner import SyncRunner
    i18n.set_language(lang)
    path, truth = complaint(tmp_path / "in")
    with Workbench.open(tmp_path / "data") as wb:
        v = RegistrationView(wb, SyncRunner(), court=COURT)
        qtbot.addWidget(v)
        v.resize(1200, 800)
        v.show()
        v.load_paths([path])
        data = [str(path), v.proposal.case["case_number"], v.proposal.case["cause"], "江苏"]
        data += [str(x) for p in truth["parties"] for x in p.values()]
        data += [c["text"] for c in truth["claims"]]
        texts = [(w, t) for w, t in visible_texts() if "QLineEdit" not in w or "placeholder" in w]
        assert texts
        bad = [(w, t, f) for w, t in texts if (f := foreign(t, lang, data))]
        assert not bad, bad
        if lang == "en":
            assert v.btn_register.text().startswith("Register")
        v.close()


def test_an_empty_store_asks_for_its_court_once(qtbot, tmp_path):
    from ui.intake_view.registration import RegistrationView
    from ui.task_runner import SyncRunner
    from workbench.settings import Settings
    wb = Workbench.open(tmp_path / "data")
    settings = Settings.load(tmp_path / "data")
    try:
        v = RegistrationView(wb, SyncRunner(), settings=settings)
        qtbot.addWidget(v)
        v.show()
        assert v.court_box.isVisible()
        path, truth = complaint(tmp_path / "scans")
        v.load_paths([path])
        assert v.proposal is None and "本院名称" in v.status.text()  # nothing read without it
        v.court_name.setText(COURT.name)
        v.court_code.setText("苏0583")
        v.load_paths([path])
        assert v.proposal is not None and v.proposal.case["case_number"].startswith("（")
        assert "苏0583民初" in v.proposal.case["case_number"]
        assert settings.get("court.code") == "苏0583"
        again = RegistrationView(wb, SyncRunner(), settings=settings)  # kept for the next time
        qtbot.addWidget(again)
        assert again.court_code.text() == "苏0583"
    finally:
        wb.close()
