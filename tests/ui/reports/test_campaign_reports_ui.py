"""Campaign reports and the 民主测评结果统计表 from the window, driven from the keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.services.campaigns import campaigns
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.reports.campaign_reports import CampaignPicker, TallyDialog, open_campaign_report
from desktop.ui.reports.report_batch import BatchDialog
from desktop.ui.reports.report_preview import ReportPreview
from tests.reports.pdf_helpers import compact
from tests.ui.helpers import press, type_text


def _campaign(ws: Workspace, kind: str) -> campaigns.CampaignRow:
    with ws.read("test.inspect") as s:
        return campaigns.listing(s, kind=kind)[0]


def _when_modal(qtbot, act) -> None:  # type: ignore[no-untyped-def]
    """Run `act(dialog)` on the modal dialog as soon as it is shown."""

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(20, poll)
            return
        act(dialog)

    QTimer.singleShot(0, poll)


def test_picker_filters_by_typing_and_enter_takes_the_campaign(qtbot, demo_ws: Workspace):
    target = _campaign(demo_ws, "沉浸式")
    picker = CampaignPicker(demo_ws, "special")
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    picker.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter)
    type_text(qtbot, target.name)
    assert picker.proxy.rowCount() == 1
    press(qtbot, Qt.Key.Key_Return)
    assert picker.result() == picker.DialogCode.Accepted and picker.chosen == target.id


def test_picker_for_the_emergency_report_offers_only_emergency_campaigns(qtbot, demo_ws: Workspace):
    picker = CampaignPicker(demo_ws, "emergency")
    qtbot.addWidget(picker)
    assert picker.model.rows and {r.kind for r in picker.model.rows} == {"应急"}
    assert "只列出应急类考核" in picker.note.text()


def test_campaign_report_from_the_menu_opens_its_preview(qtbot, window: MainWindow):
    target = _campaign(window.ws, "点穴式")

    def choose(dialog: CampaignPicker) -> None:
        dialog.filter.setText(target.name)
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)

    _when_modal(qtbot, choose)
    window.report_actions.run("stage")
    qtbot.waitUntil(lambda: any(p.isVisible() for p in window.report_actions.previews), timeout=30000)
    preview = window.report_actions.previews[-1]
    assert preview.made.kind == "stage" and preview.save_word_action.isEnabled()
    assert target.name in compact(preview.made.data).replace("“", "").replace("”", "")
    preview.close()


def test_open_campaign_report_is_the_campaign_pages_entry_point(qtbot, window: MainWindow):
    target = _campaign(window.ws, "应急")
    open_campaign_report(window, window.ws, "emergency", target.id)

    def shown() -> list[ReportPreview]:
        return [w for w in window.findChildren(ReportPreview) if w.isVisible()]

    qtbot.waitUntil(lambda: bool(shown()), timeout=30000)
    preview = shown()[-1]
    assert preview.made.kind == "emergency" and preview.document.pageCount() == preview.made.pages
    preview.close()


def test_an_emergency_report_for_another_campaign_is_refused_with_a_message(qtbot, window: MainWindow,
                                                                             monkeypatch):
    from tests.ui.helpers import Answers

    answers = Answers(monkeypatch)
    target = _campaign(window.ws, "专项")
    task = open_campaign_report(window, window.ws, "emergency", target.id)
    qtbot.waitUntil(lambda: bool(answers.asked), timeout=30000)
    assert "不是应急考核" in answers.asked[0] and task.done.is_set()


def test_tally_dialog_for_a_unit_and_one_campaign(qtbot, demo_ws: Workspace):
    target = _campaign(demo_ws, "沉浸式")
    dialog = TallyDialog(demo_ws, None)
    qtbot.addWidget(dialog)
    assert not dialog.for_cadre.isEnabled() and dialog.for_unit.isChecked()
    dialog.unit.setCurrentIndex(0)
    dialog.campaign.setCurrentIndex(dialog.campaign.findData(target.id))
    dialog.accept()
    assert dialog.request is not None
    assert dialog.request.unit_id == dialog.unit.itemData(0) and dialog.request.campaign_id == target.id
    dialog = TallyDialog(demo_ws, 7, "某人")
    qtbot.addWidget(dialog)
    assert dialog.for_cadre.isChecked()
    dialog.accept()
    assert dialog.request.cadre_id == 7 and dialog.request.campaign_id is None


def test_batch_of_tallies_reports_the_cadres_skipped(qtbot, window: MainWindow, tmp_path: Path):
    from sqlalchemy import select

    from desktop.models import BallotBatch

    with window.ws.read("test.inspect") as s:
        rated = sorted(set(s.scalars(select(BallotBatch.cadre_id))))[:2]
    unrated = [i for i in range(1, 40) if i not in rated][:3]
    dialog = BatchDialog(window.ws, rated + unrated, "democratic-tally", window)
    qtbot.addWidget(dialog)
    dialog.target.setText(str(tmp_path))
    dialog.workers.setValue(1)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=60000)
    assert len(list(tmp_path.glob("*.pdf"))) == len(rated)
    assert f"已生成 {len(rated)} 份" in dialog.status.text() and "另有 3 名干部没有民主测评记录" in dialog.status.text()


def test_the_landscape_tally_prints_across_the_sheet(qtbot, demo_ws: Workspace, tmp_path: Path):
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrinter
    from sqlalchemy import select

    from desktop.models import BallotBatch
    from desktop.services.reports import report_data
    from desktop.services.reports.reports import generate

    with demo_ws.read("test.inspect") as s:
        rated = s.scalar(select(BallotBatch.cadre_id).limit(1))
    request = report_data.Request("democratic-tally", cadre_id=rated)
    preview = ReportPreview(demo_ws, generate(demo_ws, request), request)
    qtbot.addWidget(preview)
    assert not preview.save_word_action.isEnabled()  # the statistics table is PDF only
    printer = preview._printer()
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == preview.made.pages


def test_the_campaign_on_screen_is_used_without_asking(qtbot, window: MainWindow, monkeypatch):
    target = _campaign(window.ws, "专项")
    monkeypatch.setattr(window, "current_campaign_id", lambda: target.id)
    window.report_actions.run("special")
    qtbot.waitUntil(lambda: any(p.isVisible() for p in window.report_actions.previews), timeout=30000)
    preview = window.report_actions.previews[-1]
    assert preview.made.kind == "special" and preview.request.campaign_id == target.id
    preview.close()


def test_actions_for_a_campaign_page(qtbot, window: MainWindow):
    from desktop.ui.reports.campaign_reports import campaign_report_actions

    actions = campaign_report_actions(window, window.ws)
    assert [label for label, _ in actions] == ["一线考核阶段性报告…", "专项报告…", "应急考核分析报告…"]
    target = _campaign(window.ws, "沉浸式")
    actions[0][1](target.id)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(ReportPreview)), timeout=30000)
    preview = next(w for w in window.findChildren(ReportPreview) if w.isVisible())
    assert preview.made.kind == "stage"
    preview.close()
