"""上报 / 接收 in the window, from the keyboard: a district exports its report file, the city
registers the district (fingerprint typed as read out), previews, decides and merges."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import func, select

from desktop.models import AnnualResult, Appraisal, Cadre
from desktop.services.exchange.levels import queries, receive
from desktop.services.workspace import Workspace
from desktop.ui.exchange.report_file_dialogs import DistrictsDialog, ReportExportDialog, ReportMergeDialog, TrustDialog
from tests.ui.helpers import Answers, FileAnswers, WhenShown, focus_in, press, type_text

REPORT_PASSWORD = "district-2026"
ALT = Qt.KeyboardModifier.AltModifier


def _count(ws: Workspace, model: type) -> int:
    with ws.read("test.inspect") as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _export_from_the_keyboard(qtbot, monkeypatch, district: Workspace, out: Path, tmp_path: Path) -> object:
    files = FileAnswers(monkeypatch, out)
    dialog = ReportExportDialog(district)
    qtbot.addWidget(dialog)
    focus_in(qtbot, dialog, dialog.unit)
    dialog.unit.lineEdit().selectAll()
    type_text(qtbot, "集贤区")
    press(qtbot, Qt.Key.Key_F, ALT)
    assert dialog.first_year.hasFocus()
    dialog.first_year.selectAll()
    type_text(qtbot, "2025")
    press(qtbot, Qt.Key.Key_T, ALT)
    dialog.last_year.selectAll()
    type_text(qtbot, "2026")
    press(qtbot, Qt.Key.Key_Z, ALT)  # 政治素质鉴定 left out (a mnemonic clicks its box a moment later)
    qtbot.waitUntil(lambda: not dialog.kinds["appraisal"].isChecked())
    assert dialog.kinds["annual"].isChecked()
    press(qtbot, Qt.Key.Key_W, ALT)
    type_text(qtbot, REPORT_PASSWORD)
    press(qtbot, Qt.Key.Key_R, ALT)
    type_text(qtbot, "district-2025")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status.text() == "两次输入的密码不一致" and dialog.isVisible()
    assert dialog.again.hasFocus()
    type_text(qtbot, REPORT_PASSWORD)
    dialog.grab().save(str(tmp_path / "report-export.png"))
    with qtbot.waitSignal(dialog.report_did_export, timeout=30000) as done:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert files.asked[0].title == "保存上报文件" and files.asked[0].name.startswith("集贤区-上报-2025年至2026年-")
    assert files.asked[0].name.endswith(".flrpt")
    return done.args[0]


def test_a_district_reports_and_the_city_receives_from_the_keyboard(qtbot, monkeypatch, demo_ws: Workspace,
                                                                     ws: Workspace, tmp_path: Path):
    out = tmp_path / "集贤区.flrpt"
    summary = _export_from_the_keyboard(qtbot, monkeypatch, demo_ws, out, tmp_path)
    assert out.is_file() and summary.district == "集贤区" and summary.cadres == 16
    assert summary.counts["appraisal"] == 0 and summary.counts["annual_result"] > 0

    dialog = ReportMergeDialog(ws, path=str(out))
    qtbot.addWidget(dialog)
    focus_in(qtbot, dialog, dialog.password_edit)
    type_text(qtbot, REPORT_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)  # 预览: the district is not registered yet
    answers = Answers(monkeypatch)
    qtbot.waitUntil(lambda: dialog.task is None and "未登记的报送单位" in dialog.summary.text(), timeout=20000)
    assert summary.fingerprint in dialog.summary.text() and dialog.plan is None

    def register(trust: TrustDialog) -> None:
        assert trust.fingerprint.text() == summary.fingerprint
        assert any("由“集贤区”签名" in label.text() for label in trust.findChildren(QLabel))
        type_text(qtbot, "0000")
        press(qtbot, Qt.Key.Key_Return)
        assert "输入的指纹与文件中的签名密钥不符" in trust.status.text() and trust.isVisible()
        type_text(qtbot, summary.fingerprint.replace(" ", ""))
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    shown = WhenShown(TrustDialog, register)
    press(qtbot, Qt.Key.Key_G, ALT)  # the button's mnemonic clicks it a moment later
    qtbot.waitUntil(lambda: shown.done and not shown.timer.isActive(), timeout=10000)
    shown.check()
    assert [d.name for d in queries.districts(ws)] == ["集贤区"]
    assert "已登记报送单位“集贤区”" in dialog.summary.text()
    qtbot.waitUntil(dialog.password_edit.hasFocus)

    press(qtbot, Qt.Key.Key_Return)  # 预览 again
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)
    assert "“集贤区”上报：2025年至2026年，干部档案、年度考核结果、政治表现积分记录" in dialog.summary.text()
    assert dialog.changes.headerData(1, Qt.Orientation.Horizontal) == "记录"
    assert dialog.fields.headerData(2, Qt.Orientation.Horizontal) == "上报文件"
    rows = [dialog.changes.data(dialog.changes.index(r, 2)) for r in range(dialog.changes.rowCount())]
    assert set(rows) == {"加入本级"}
    assert dialog.changes_view.hasFocus() and dialog.commit_button.isEnabled()
    dialog.grab().save(str(tmp_path / "report-merge.png"))
    with qtbot.waitSignal(dialog.package_did_merge, timeout=30000) as merged:
        press(qtbot, Qt.Key.Key_I, ALT)
        qtbot.waitUntil(lambda: dialog.task is not None or not dialog.isVisible(), timeout=5000)
    assert merged.args[0].message().startswith("已接收“集贤区”的上报文件：新增")
    assert _count(ws, Cadre) == 16 and _count(ws, AnnualResult) == summary.counts["annual_result"]
    assert _count(ws, Appraisal) == 0
    (refusal,) = answers.asked  # the first preview, before the district was registered
    assert "未登记的报送单位“集贤区”" in refusal and "按“登记报送单位”" in refusal

    again = ReportMergeDialog(ws, path=str(out))
    qtbot.addWidget(again)
    focus_in(qtbot, again, again.password_edit)
    type_text(qtbot, REPORT_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.plan is not None, timeout=20000)
    assert "本级数据库中已是这些内容，没有需要导入的变化" in again.summary.text()
    assert not again.commit_button.isEnabled()


def test_the_districts_dialog_lists_and_removes_from_the_keyboard(qtbot, monkeypatch, demo_ws: Workspace,
                                                                   ws: Workspace, tmp_path: Path):
    out = tmp_path / "集贤区.flrpt"
    summary = _export_from_the_keyboard(qtbot, monkeypatch, demo_ws, out, tmp_path)
    receive.trust_file(ws, out, summary.fingerprint)
    mine = DistrictsDialog(demo_ws)
    qtbot.addWidget(mine)
    assert mine.table.rowCount() == 0 and not mine.remove_button.isEnabled()
    assert any(f"本数据库的上报签名指纹：{summary.fingerprint}" == label.text() for label in mine.findChildren(QLabel))
    dialog = DistrictsDialog(ws)
    qtbot.addWidget(dialog)
    focus_in(qtbot, dialog, dialog.table)
    assert [dialog.table.item(0, c).text() for c in range(2)] == ["集贤区", summary.fingerprint]
    answers = Answers(monkeypatch)
    answers.choice = "取消登记"
    press(qtbot, Qt.Key.Key_Delete)
    QApplication.processEvents()
    assert answers.asked and "取消登记“集贤区”" in answers.asked[0]
    assert dialog.table.rowCount() == 0 and queries.districts(ws) == []


def test_the_exchange_menu_offers_reporting_and_receiving(qtbot, window):
    texts = [a.text() for a in window.interchange_menu.actions()]
    assert {"上报：导出上报文件(&U)…", "接收上报文件并合并(&R)…", "报送单位与签名指纹(&N)…"} <= set(texts)


def test_the_exchange_menu_items_open_their_dialogs(qtbot, window, monkeypatch):
    # Their modules are imported when an item is chosen (issue 17 P1b): each still opens its dialog.
    from PySide6.QtWidgets import QDialog

    from desktop.ui.exchange.package_merge_dialog import PackageMergeDialog

    opened: list[type] = []

    def exec_(dialog: QDialog) -> int:
        opened.append(type(dialog))
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(QDialog, "exec", exec_)
    actions = {a.text(): a for a in window.interchange_menu.actions()}
    for text in ("上报：导出上报文件(&U)…", "接收上报文件并合并(&R)…", "报送单位与签名指纹(&N)…",
                 "导入外出考核数据包并合并(&M)…"):
        actions[text].trigger()
    assert [cls.__name__ for cls in opened] == ["ReportExportDialog", "ReportMergeDialog", "DistrictsDialog",
                                                PackageMergeDialog.__name__]
    assert opened[:3] == [ReportExportDialog, ReportMergeDialog, DistrictsDialog]
