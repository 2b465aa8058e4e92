"""Reports from the window: the 报表 menu on the roster's selection, preview, print, save, batch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desktop.reports import catalog
from desktop.services.reports import report_data
from desktop.services.reports.reports import generate
from desktop.ui.cadres.roster_model import CadreIdRole
from desktop.ui.main_window import MainWindow
from desktop.ui.reports.report_batch import BatchDialog
from desktop.ui.reports.report_menu import selected_cadres
from desktop.ui.reports.report_preview import ReportPreview
from tests.reports.pdf_helpers import compact, pages
from tests.ui.helpers import FileAnswers, menu_titled


def _select_rows(window: MainWindow, rows: list[int]) -> list[int]:
    selection = window.table.selectionModel()
    selection.clearSelection()
    for r in rows:
        selection.select(window.model.index(r, 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    return [int(window.model.index(r, 0).data(CadreIdRole)) for r in rows]


def _menu(window: MainWindow):
    return menu_titled(window, "报表(&R)")


def test_menu_lists_every_report_and_disables_those_without_data(window):
    texts = {a.text(): a for a in _menu(window).actions() if a.text()}
    for kind in catalog.KINDS.values():
        if catalog.FREE in kind.scopes or kind.elsewhere:
            continue
        match = [t for t in texts if t.startswith(kind.name)]
        assert match, kind.name
        assert texts[match[0]].isEnabled() == kind.available
    assert any(t.startswith("专报") for t in texts)


def test_one_selected_cadre_opens_the_preview(qtbot, window):
    (cid,) = _select_rows(window, [3])
    assert selected_cadres(window) == [cid]
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: any(p.isVisible() for p in window.report_actions.previews), timeout=20000)
    preview = window.report_actions.previews[-1]
    assert preview.made.cadre_id == cid and preview.document.pageCount() == 2
    assert preview.made.number in preview.info.text()
    preview.close()


def test_preview_saves_pdf_and_prints(qtbot, demo_ws, tmp_path: Path, monkeypatch):
    request = report_data.Request("adform", cadre_id=1)
    made = generate(demo_ws, request)
    preview = ReportPreview(demo_ws, made, request)
    qtbot.addWidget(preview)
    preview.show()
    preview.activateWindow()
    qtbot.waitUntil(preview.isActiveWindow)
    target = tmp_path / "saved.pdf"
    word = tmp_path / "copy.docx"
    files = FileAnswers(monkeypatch, target, word)
    qtbot.keyClick(preview.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.read_bytes() == made.data and "已保存" in preview.info.text()
    asked = files.asked[0]
    assert (asked.title, asked.filters, asked.folder) == ("另存为", ["PDF 文件 (*.pdf)"], Path.home())
    assert asked.name == made.suggested_name()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer) == 2
    assert len(pages((tmp_path / "printed.pdf").read_bytes())) == 2
    preview.save_word()
    qtbot.waitUntil(lambda: word.exists() and "Word" in preview.info.text(), timeout=20000)
    # The Word copy is offered in the folder the PDF went to.
    assert files.asked[1].folder == tmp_path and files.asked[1].name.endswith(".docx")


def test_batch_dialog_keeps_the_window_responsive_and_writes_every_file(qtbot, window, tmp_path: Path):
    ids = _select_rows(window, [0, 1, 2, 4])
    dialog = BatchDialog(window.ws, selected_cadres(window), "adform", window)
    qtbot.addWidget(dialog)
    dialog.target.setText(str(tmp_path))
    dialog.workers.setValue(2)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert not dialog.start_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=60000)
    assert len(list(tmp_path.glob("*.pdf"))) == len(ids)
    assert dialog.progress.value() == len(ids)
    assert "已生成 4 份" in dialog.status.text()


def test_batch_dialog_cancel(qtbot, window, tmp_path: Path):
    ids = [int(window.model.index(r, 0).data(CadreIdRole)) for r in range(60)]
    dialog = BatchDialog(window.ws, ids, "adform", window)
    qtbot.addWidget(dialog)
    dialog.merged.setChecked(True)
    dialog.target.setText(str(tmp_path / "all.pdf"))
    dialog.workers.setValue(1)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    QApplication.processEvents()
    assert "取消" in dialog.status.text() or dialog.result_value is not None
    if dialog.result_value is None:
        assert not (tmp_path / "all.pdf").exists()


def test_briefing_from_the_dialog(qtbot, window, monkeypatch):
    from desktop.ui.reports import report_dialogs

    class Filled:
        def __init__(self, _parent):
            from desktop.reports.briefing import BriefingInput

            self.value = BriefingInput("经验类", "一线考核经验", "一、做法\n正文内容。")

        def exec(self):
            return 1

    monkeypatch.setattr(report_dialogs, "BriefingDialog", Filled)  # what the menu opens, imported then
    window.report_actions.briefing()
    qtbot.waitUntil(lambda: any(p.isVisible() for p in window.report_actions.previews), timeout=20000)
    preview = window.report_actions.previews[-1]
    assert "一线考核经验" in compact(preview.made.data)
    preview.close()
