"""落实清单 from the keyboard: the verified lines of a campaign with their result, fact, who
and when; the selected line's evidence files listed, one previewed in memory and one saved
out with 另存为… (an audited export)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from sqlalchemy import select

from desktop.models import AuditEntry
from desktop.services.results import targets, verification
from desktop.services.results.targets import TargetInput
from desktop.services.results.verification import VerificationInput
from desktop.services.units import units
from desktop.services.workspace import Workspace
from desktop.ui.cadres.file_panels import PreviewDialog
from desktop.ui.main_window import MainWindow
from tests.services.assessment_helpers import cadre, campaign
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import Answers, FileAnswers, WhenShown, press
from tests.ui.model_checks import column, headers
from tests.ui.results.results_helpers import active


def _verified(ws: Workspace, tmp_path: Path) -> int:
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    drc = units.create(ws, "市发展和改革局", None)
    invest = targets.create(ws, TargetInput("固定资产投资", cadre_id=zhang, campaign_id=cid, target_value=100,
                                            measure="亿元", hard=True))
    report = targets.create(ws, TargetInput("完成营商环境评估", unit_id=drc, campaign_id=cid))
    targets.create(ws, TargetInput("安置房开工", unit_id=drc, campaign_id=cid))  # not verified: not listed
    photo = tmp_path / "现场.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.red)
    assert image.save(str(photo))
    notes = tmp_path / "说明.txt"
    notes.write_text("台账", encoding="utf-8")
    verification.verify(ws, VerificationInput(invest, achieved_value=80, fact="统计局快报：完成80亿元",
                                              evidence=(photo, notes), verified_by="李四",
                                              verified_on=dt.date(2026, 11, 20)))
    verification.verify(ws, VerificationInput(report, result="met", fact="评估报告已印发"))
    return cid


def _open(window: MainWindow, cid: int):
    window.show_section(window.section_index(window.results))
    tab = window.results.implementation
    window.results.setCurrentWidget(tab)
    assert window.results.tabText(1) == "落实清单"
    assert tab.picker.set_campaign(cid)
    active(window)
    return tab


def test_the_list_and_the_evidence_of_the_selected_line(qtbot, window: MainWindow, tmp_path: Path, monkeypatch):
    ws = window.ws
    tab = _open(window, _verified(ws, tmp_path))
    assert headers(tab.model) == ["序号", "任务", "责任对象", "目标", "完成值", "结果", "核实的事实", "检验人",
                                  "检验日期", "佐证材料"]
    assert column(tab.model, 1) == ["固定资产投资", "完成营商环境评估"]
    assert column(tab.model, 4) == ["80", ""] and column(tab.model, 5) == ["部分完成", "完成"]
    assert column(tab.model, 7)[0] == "李四" and column(tab.model, 8)[0] == "2026-11-20"
    assert column(tab.model, 9) == ["2", "0"]
    assert "已核验 2 条：完成 1 条，部分完成 1 条" in tab.summary.text()
    assert column(tab.files, 0) == ["现场.png", "说明.txt"] and tab.files_label.text() == "佐证材料(&L)：2 个"

    tab.view.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # the second line has no files
    assert tab.files.rowCount() == 0 and not tab.save_button.isEnabled()
    press(qtbot, Qt.Key.Key_Up)
    assert column(tab.files, 0) == ["现场.png", "说明.txt"]

    # Alt+L to the files, Enter previews the photo inside the program.
    alt_focus = tab.files_view
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert alt_focus.hasFocus()
    seen: list[str] = []

    def look(d: PreviewDialog) -> None:
        seen.append(d.windowTitle())
        d.reject()

    shown = WhenShown(PreviewDialog, look)
    press(qtbot, Qt.Key.Key_Return)
    shown.check()
    assert seen == ["预览 — 现场.png"]

    # A text file cannot be previewed: the clerk is told to save it.
    answers = Answers(monkeypatch)
    active(window)  # back from the preview, as a window manager gives it back
    assert tab.files_view.hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert answers.asked == ["无法在程序内预览 说明.txt，请“另存为…”后用相应程序打开。"]

    # 另存为… writes the bytes from the database and leaves an audit entry.
    target = tmp_path / "out" / "说明.txt"
    target.parent.mkdir()
    files = FileAnswers(monkeypatch, target)
    alt(qtbot, Qt.Key.Key_S, tab.save_button)
    assert files.asked[0].title == "佐证材料另存为" and files.asked[0].name == "说明.txt"
    assert target.read_text(encoding="utf-8") == "台账"
    assert window.statusBar().currentMessage() == f"已保存佐证材料 {target}"
    with ws.read("test.inspect") as s:
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.action == "export.verification_evidence"))
        assert entry.after["files"][0]["file"] == str(target)


def test_a_new_verification_shows_up_and_an_empty_campaign_says_how(qtbot, window: MainWindow):
    ws = window.ws
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    tab = _open(window, cid)
    assert tab.model.rowCount() == 0 and "还没有核验过的任务" in tab.summary.text()
    line = targets.create(ws, TargetInput("征迁签约", cadre_id=zhang, campaign_id=cid, target_value=300, measure="户"))
    verification.verify(ws, VerificationInput(line, achieved_value=310, fact="签约台账 310 户"))
    assert column(tab.model, 1) == ["征迁签约"] and column(tab.model, 5) == ["完成"]
    assert column(tab.model, 3) == ["300户"] and tab.files.rowCount() == 0


def test_the_list_exported_to_xlsx(qtbot, window: MainWindow, tmp_path: Path, monkeypatch):
    import openpyxl

    ws = window.ws
    tab = _open(window, _verified(ws, tmp_path))
    target = tmp_path / "落实清单.xlsx"
    files = FileAnswers(monkeypatch, target)
    alt(qtbot, Qt.Key.Key_X, tab.export_button)  # 导出(&X)…
    assert files.asked[0].title == "导出落实清单"
    assert files.asked[0].name == "落实清单-东部新城片区建设一线考核.xlsx"
    values = {v for row in openpyxl.load_workbook(target).active.iter_rows(values_only=True) for v in row}
    assert {"固定资产投资", "完成营商环境评估", "统计局快报：完成80亿元", "现场.png、说明.txt"} <= values
    assert window.statusBar().currentMessage() == f"已导出落实清单 2 条到 {target}"
