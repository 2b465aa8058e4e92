"""综合研判 from the keyboard on the demo database: a cadre opened by typing its name, the
radar's five values, the ledger and ranks; three cadres compared, one added by its name, one
removed with Delete; the roster's selection opened and compared from the 视图 menu."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from desktop.services.analysis import queries
from desktop.ui.analysis.compare_dialog import CompareDialog
from desktop.ui.main_window import MainWindow
from tests.ui.helpers import press, type_text
from tests.ui.model_checks import check, column


def _pick(qtbot, name: str) -> None:
    """Type a name into the focused picker and take the first match, as a clerk does."""
    type_text(qtbot, name)
    popup = QApplication.focusWidget().completer().popup()
    qtbot.waitUntil(popup.isVisible)
    # A shown popup grabs the keyboard; offscreen Qt cannot grab it, so the keys go to the popup.
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    QApplication.processEvents()


def test_analysis_and_comparison_by_keyboard(qtbot, window: MainWindow, qtmodeltester):
    page = window.analysis
    assert page is not None
    section = window.judgement
    assert [section.tabText(i) for i in range(section.count())] == ["综合研判", "研判结论", "年度定等", "结果运用"]
    window.show_section(window.section_index(section))
    assert section.currentWidget() is page
    press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # 干部(&C)
    assert QApplication.focusWidget() is page.cadre
    _pick(qtbot, "韩伟宁")
    qtbot.waitUntil(lambda: page.profile is not None)
    assert page.profile.summary.name == "韩伟宁" and "海滨市卫生健康委员会人事科" in page.header.text()
    # The radar's five values are the dimension scores (the same as the 综合分析报告 prints).
    expected = queries.profile(window.ws, page.profile.summary.id)
    assert page.radar.describe() == ("韩伟宁：政治忠诚 93.42，政治定力 92.17，政治担当 94.58，政治能力 92.67，"
                                     "政治自律 94.50")
    assert column(page.dimensions, 1) == [f"{d.sheet_score:.2f}" for d in expected.dimensions]
    assert "政治素质评议综合得分（各维度平均）：93.47" in page.total.text()
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # 排名(&M)
    assert page.parts.currentIndex() == page.parts.count() - 1
    assert page.rank_labels[0].text().startswith("同单位（海滨市卫生健康委员会人事科）：第1名")

    with qtbot.waitSignal(page.compare_button.clicked):  # Qt clicks a button on its mnemonic a moment later
        press(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # 对比(&B)…
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CompareDialog) and w.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.picker)
    assert "请再加入至少 1 名干部" in dialog.status.text()
    _pick(qtbot, "许祥帆")
    qtbot.waitUntil(lambda: dialog.picker.text() == "")
    dialog.picker.setFocus()
    _pick(qtbot, "方楠")
    qtbot.waitUntil(lambda: len(dialog.ids) == 3)
    assert [dialog.chosen.item(i).text() for i in range(3)] == ["韩伟宁", "许祥帆", "方楠"]
    assert dialog.radar.describe().splitlines()[2].startswith("方楠：政治忠诚 93.67")
    rows = {r[0]: r[1] for r in dialog.model.rows}
    assert rows["政治素质评议综合得分"] == ("93.47", "92.58", "91.40")
    assert [dialog.model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)] == ["项目", "韩伟宁", "许祥帆",
                                                                                          "方楠"]
    # Delete in the list takes one out again.
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    dialog.chosen.setCurrentRow(1)
    press(qtbot, Qt.Key.Key_Delete)
    assert dialog.ids == [page.profile.summary.id, 7] and dialog.model.columnCount() == 3
    dialog.close()

    # From the roster: the selection analysed (Ctrl+Shift+J) and compared (视图 menu).
    window.show_section(window.section_index(window.cadres))
    roster = window.cadres.roster
    selection = roster.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(3):
        selection.select(roster.model.index(row, 0), flags)
    ids = roster.selected_ids()
    window.activateWindow()  # back from the closed dialog, as a click on the window does
    qtbot.waitUntil(window.isActiveWindow)
    roster.table.setFocus()
    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.pages.currentWidget() is section and section.currentWidget() is page
    assert page.profile.summary.id == ids[0]
    assert "综合研判选中干部(&Y)" in [a.text() for a in roster.table.actions()]
    compared = window.compare_selected()
    assert isinstance(compared, CompareDialog) and compared.ids == ids
    assert compared.model.columnCount() == 4
    check(qtbot, qtmodeltester, compared.model)  # left open: the window's teardown closes it after the check
