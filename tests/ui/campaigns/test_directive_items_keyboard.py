"""添加事项 puts the cursor in the new row: the item and a month-precision deadline are typed at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.models.dates import PartialDate
from desktop.services.campaigns import queries
from desktop.services.workspace import Workspace
from desktop.ui.campaigns.directives_page import DirectivesPage
from tests.ui.helpers import focus_in, press, type_text


def test_a_new_item_row_takes_typing_and_a_month(qtbot, ws: Workspace):
    page = DirectivesPage(ws)
    qtbot.addWidget(page)
    focus_in(qtbot, page, page.title)
    type_text(qtbot, "关于防汛工作的批示")
    page.add_item()  # 添加事项: the cursor is in the new row's text
    type_text(qtbot, "6月底前完成隐患排查")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2026.06")
    press(qtbot, Qt.Key.Key_Tab)
    page.save()
    assert page.current is not None
    (item,) = queries.directive_for_editing(ws, page.current).data.items
    assert (item.text, item.deadline) == ("6月底前完成隐患排查", PartialDate(2026, 6))


def test_a_directive_saved_elsewhere_meanwhile_is_shown_beside_the_clerks_edit(qtbot, ws: Workspace):
    from dataclasses import replace

    from desktop.services.campaigns import directives
    from desktop.services.campaigns.directives import DirectiveInput
    from desktop.ui.common.conflict_dialog import ConflictDialog
    from tests.ui.helpers import WhenShown, conflict_rows

    did = directives.save(ws, DirectiveInput("关于防汛工作的批示"))
    page = DirectivesPage(ws)
    qtbot.addWidget(page)
    page._show(0)  # the clerk opens it from the list
    opened = queries.directive_for_editing(ws, did).data
    directives.save(ws, replace(opened, doc_no="海委发〔2026〕12号"), did)  # another clerk, meanwhile
    focus_in(qtbot, page, page.content)
    type_text(qtbot, "立即部署汛前检查")
    rows: list[tuple[str, str, str, bool]] = []

    def keep(dialog: ConflictDialog) -> None:
        rows.extend(conflict_rows(dialog))
        dialog.activateWindow()
        qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.table.hasFocus(), timeout=3000)
        qtbot.keyClick(dialog.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    driver = WhenShown(ConflictDialog, keep)
    page.save()
    driver.check()
    assert rows == [("文号", "（空）", "海委发〔2026〕12号", False), ("内容摘要", "立即部署汛前检查", "（空）", True)]
    saved = queries.directive_for_editing(ws, did).data
    assert (saved.doc_no, saved.content) == ("海委发〔2026〕12号", "立即部署汛前检查")
    assert page.doc_no.text() == "海委发〔2026〕12号"  # the page shows what is stored now
