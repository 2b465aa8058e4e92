from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt

from desktop.services.exchange import roster_export
from desktop.services.workspace import Workspace
from desktop.ui.exchange.import_dialog import ImportDialog
from desktop.ui.exchange.import_preview_model import ActionRole, PreviewModel
from desktop.ui.exchange.interchange_actions import export_lrmx, export_roster, roster_keys, selected_ids
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.conftest import data_digest


def _edited_roster(ws: Workspace, tmp_path: Path, bad: bool = False) -> Path:
    out = tmp_path / "r.xlsx"
    roster_export.export_roster(ws, out, keys=["name", "birth", "ethnicity"])
    wb = openpyxl.load_workbook(out)
    wb.active["C4"] = "藏族"
    if bad:
        wb.active["B5"] = "不是日期"
    wb.save(out)
    return out


def test_preview_then_commit_from_the_keyboard(qtbot, demo_ws: Workspace, tmp_path: Path):
    dialog = ImportDialog(demo_ws)
    qtbot.addWidget(dialog)
    dialog.show()
    committed = []
    dialog.import_did_commit.connect(committed.append)
    qtbot.keyClicks(dialog.path_edit, str(_edited_roster(demo_ws, tmp_path)))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    assert "修改 1 人" in dialog.summary.text()
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 0), ActionRole) == "修改"
    detail = dialog.model.data(dialog.model.index(0, 3))
    assert "民族" in detail and "藏族" in detail
    assert dialog.commit_button.isEnabled() and not dialog.report_button.isEnabled()
    from PySide6.QtWidgets import QMessageBox

    qtbot.waitUntil(lambda: dialog.commit_button.hasFocus(), timeout=2000)
    import unittest.mock

    with unittest.mock.patch.object(QMessageBox, "information"):
        qtbot.keyClick(dialog.commit_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: bool(committed), timeout=20000)
    assert len(committed[0].updated) == 1


def test_rejects_block_the_commit_and_the_report_is_saved(qtbot, demo_ws: Workspace, tmp_path: Path):
    roster = _edited_roster(demo_ws, tmp_path, bad=True)  # exporting it leaves an audit trace
    before = data_digest(demo_ws)
    dialog = ImportDialog(demo_ws, path=str(roster))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    assert "拒绝 1 处" in dialog.summary.text()
    assert not dialog.commit_button.isEnabled() and dialog.report_button.isEnabled()
    dialog.save_report(str(tmp_path / "err.xlsx"))
    rows = list(openpyxl.load_workbook(tmp_path / "err.xlsx").active.iter_rows(min_row=4, values_only=True))
    assert rows[0][2] == 5 and rows[0][4] == "不是日期"
    assert data_digest(demo_ws) == before
    dialog.grab().save(str(tmp_path / "dialog.png"))


def test_damaged_file_is_reported_in_the_dialog(qtbot, ws: Workspace, tmp_path: Path, monkeypatch):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    shown = []
    monkeypatch.setattr("desktop.ui.exchange.import_dialog.show_error", lambda _p, exc, _t="": shown.append(str(exc)))
    dialog = ImportDialog(ws, path=str(bad))
    qtbot.addWidget(dialog)
    dialog.start_preview()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "损坏" in shown[0] and not dialog.commit_button.isEnabled()


def test_preview_model_is_a_proper_item_model(qtmodeltester, demo_ws: Workspace, tmp_path: Path):
    from desktop.services.exchange import imports

    model = PreviewModel()
    model.set_plan(imports.preview(demo_ws, _edited_roster(demo_ws, tmp_path, bad=True)))
    qtmodeltester.check(model)


def test_menu_exports_the_view_and_the_selection(qtbot, demo_ws: Workspace, tmp_path: Path):
    window = MainWindow(demo_ws, Settings())
    qtbot.addWidget(window)
    assert "数据交换" in window.interchange_menu.title()
    window.model.set_filter(window.model.filter.with_text("zh"))
    shown = window.model.rowCount()
    assert roster_keys(window)[:3] == ["name", "sex", "birth"]
    export_roster(window, str(tmp_path / "r.xlsx"))
    qtbot.waitUntil(lambda: "花名册" in window.statusBar().currentMessage()
                    or "名干部" in window.statusBar().currentMessage(), timeout=20000)
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    assert sheet.max_row == shown + 3 and sheet["A3"].value == "姓名"
    window.table.selectRow(0)
    ids = selected_ids(window)
    export_lrmx(window, str(tmp_path / "one.lrmx"), ids)
    # The file is in place before the export's audit record is written: wait for the end.
    qtbot.waitUntil(lambda: "任免审批表" in window.statusBar().currentMessage(), timeout=20000)
    assert b"<XingMing>" in (tmp_path / "one.lrmx").read_bytes()
    window.close()
