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
