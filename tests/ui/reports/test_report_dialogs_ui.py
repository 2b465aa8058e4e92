"""Report dialogs reading through the report queries: 报表设置 shows the database's settings and
saves only what was changed; the 民主测评结果统计表 for one cadre names the cadre."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop.models import AuditEntry, Cadre
from desktop.services.admin import settings
from desktop.services.reports.reports import describe_fonts
from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.reports.campaign_reports import TallyDialog
from desktop.ui.reports.report_dialogs import ReportSettingsDialog
from tests.ui.helpers import press, type_text


def setting_changes(ws: Workspace) -> int:
    with ws.read("test.inspect") as s:
        return len(s.scalars(select(AuditEntry.id).where(AuditEntry.action == "settings.update")).all())


def test_the_settings_shown_and_only_the_changed_one_saved(qtbot, demo_ws: Workspace):
    settings.put(demo_ws, settings.REPORT_NUMBER_PREFIX, "海组")
    before = setting_changes(demo_ws)
    dialog = ReportSettingsDialog(demo_ws)
    qtbot.addWidget(dialog)
    assert dialog.classification.currentText() == "内部资料" and dialog.watermark.isChecked()
    assert dialog.watermark_text.text() == "{user} {time}" and dialog.prefix.text() == "海组"
    assert dialog.briefing_name.text() == "一线考核专报"
    assert dialog.fonts.text().splitlines() == describe_fonts(demo_ws)  # one line per font role
    assert dialog.fonts.text().startswith("仿宋：")
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.issuer.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.issuer)
    type_text(qtbot, "中共海滨市委组织部")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    with demo_ws.read("test.inspect") as s:
        assert settings.get(s, settings.REPORT_ISSUER) == "中共海滨市委组织部"
        assert settings.get(s, settings.REPORT_NUMBER_PREFIX) == "海组"
    assert setting_changes(demo_ws) == before + 1  # the issuer; the six unchanged are not rewritten


def test_the_tally_of_one_cadre_from_the_menu_names_the_cadre(qtbot, window: MainWindow):
    with window.ws.read("test.inspect") as s:
        cid, name = s.execute(select(Cadre.id, Cadre.name).order_by(Cadre.id).limit(1)).one()
    offered: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TallyDialog):
            QTimer.singleShot(20, answer)
            return
        offered.append(dialog.for_cadre.text())
        dialog.reject()

    QTimer.singleShot(0, answer)
    window.report_actions.tally(cid)
    assert offered == [f"干部本人(&P)：{name}"]
