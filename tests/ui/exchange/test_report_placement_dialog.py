"""放在 on the 接收上报文件 screen, from the keyboard: the default said plainly, another unit
chosen by typing, a name not in the list refused, and the district's units under the choice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.models import Unit
from desktop.services.exchange.levels import export as report_export
from desktop.services.exchange.levels import receive
from desktop.services.units import units
from desktop.services.workspace import Workspace
from desktop.ui.exchange.report_file_dialogs import ReportMergeDialog
from desktop.ui.exchange.report_placement import TOP_LABEL
from tests.conftest import data_digest
from tests.ui.helpers import focus_in, press, type_text

REPORT_PASSWORD = "district-2026"
ALT = Qt.KeyboardModifier.AltModifier


def _report(district: Workspace, city: Workspace, out: Path) -> Path:
    with district.read("test.inspect") as s:
        top = s.scalar(select(Unit.id).where(Unit.name == "集贤区", Unit.parent_id.is_(None)))
    assert top is not None
    scope = report_export.Scope(2025, 2026, frozenset(report_export.KINDS_OFFERED), (top,))
    report_export.export(district, scope, out, REPORT_PASSWORD)
    receive.trust_file(city, out, receive.read_header(out).fingerprint)
    return out


def test_the_clerk_chooses_where_the_district_units_go_from_the_keyboard(qtbot, demo_ws: Workspace,
                                                                         ws: Workspace, tmp_path: Path):
    out = _report(demo_ws, ws, tmp_path / "集贤区.flrpt")
    city = units.create(ws, "海滨市", None)
    units.create(ws, "市委", city)
    counties = units.create(ws, "各区县", city)

    dialog = ReportMergeDialog(ws, path=str(out))
    qtbot.addWidget(dialog)
    assert not dialog.placement.combo.isEnabled()  # nothing to place before the preview
    focus_in(qtbot, dialog, dialog.password_edit)
    type_text(qtbot, REPORT_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.task is None, timeout=20000)
    # No unit of the city is named like the district: the default is the top, said plainly.
    assert dialog.placement.combo.value() == TOP_LABEL
    assert ("上报文件中本级没有的顶层单位（集贤区）将作为本级单位树的顶层单位，与“海滨市”并列"
            "（本级没有与报送单位“集贤区”名称相符的单位，也没有上次的选择）") in dialog.summary.text()

    press(qtbot, Qt.Key.Key_U, ALT)
    qtbot.waitUntil(dialog.placement.combo.lineEdit().hasFocus)
    dialog.placement.combo.lineEdit().selectAll()
    type_text(qtbot, "没有这个单位")
    before = data_digest(ws)
    press(qtbot, Qt.Key.Key_I, ALT)
    qtbot.waitUntil(lambda: "本级没有单位“没有这个单位”" in dialog.summary.text())
    assert dialog.isVisible() and dialog.task is None and data_digest(ws) == before
    assert dialog.placement.combo.lineEdit().hasFocus()

    type_text(qtbot, "gqx")  # 各区县 by its initials, over the selected text
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.placement.combo.value() == "海滨市 / 各区县"
    assert "上报文件中本级没有的顶层单位（集贤区）将放在“海滨市 / 各区县”之下" in dialog.summary.text()
    assert "顶层单位，与" not in dialog.summary.text()
    assert dialog.isVisible()  # Return chose the unit; it did not also import
    dialog.grab().save(str(tmp_path / "report-placement.png"))

    with qtbot.waitSignal(dialog.package_did_merge, timeout=30000):
        press(qtbot, Qt.Key.Key_I, ALT)
    with ws.read("test.inspect") as s:
        assert list(s.scalars(select(Unit.name).where(Unit.parent_id.is_(None)))) == ["海滨市"]
        assert s.scalar(select(Unit.parent_id).where(Unit.name == "集贤区")) == counties

    again = ReportMergeDialog(ws, path=str(out))
    qtbot.addWidget(again)
    focus_in(qtbot, again, again.password_edit)
    type_text(qtbot, REPORT_PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: again.plan is not None and again.task is None, timeout=20000)
    assert "没有需要导入的变化" in again.summary.text()
    assert not again.placement.combo.isEnabled() and "无需选择" in again.placement.hint.text()
