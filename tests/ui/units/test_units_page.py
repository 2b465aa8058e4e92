"""单位管理 from the keyboard: add, rename, undo, merge with confirmation."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from sqlalchemy import select

from desktop.models import Post, Unit
from desktop.models.codes import CODE_TABLES
from desktop.services.cadres import cadre_files
from desktop.services.units import units
from desktop.services.workspace import Workspace
from desktop.ui.units.units_page import MergeDialog, UnitsPage
from tests.ui.helpers import Answers, type_text


def _names(ws: Workspace) -> list[str]:
    with ws.read("test.inspect") as s:
        return sorted(s.scalars(select(Unit.name)))


def test_add_rename_and_undo(qtbot, ws: Workspace, monkeypatch):
    page = UnitsPage(ws)
    qtbot.addWidget(page)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("市财政局", True))
    page.add_sibling()
    assert _names(ws) == ["市财政局"]
    unit_id = page.current_id()
    page.rename(unit_id, "市财政局（改）")
    assert _names(ws) == ["市财政局（改）"]
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _names(ws) == ["市财政局"]
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _names(ws) == []
    qtbot.keyClick(page.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _names(ws) == ["市财政局"]


def test_drag_and_drop_request_moves_the_unit(qtbot, ws: Workspace):
    a = units.create(ws, "甲", None)
    b = units.create(ws, "乙", None)
    page = UnitsPage(ws)
    qtbot.addWidget(page)
    page.show()
    data = page.model.mimeData([page.model.index_of(b)])
    page.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, page.model.index_of(a))
    with ws.read("test.inspect") as s:
        assert s.get(Unit, b).parent_id == a
    page.stack.undo()
    with ws.read("test.inspect") as s:
        assert s.get(Unit, b).parent_id is None


def test_merge_asks_then_moves_posts(qtbot, ws: Workspace, monkeypatch):
    old = units.create(ws, "市信息中心", None)
    new = units.create(ws, "市大数据管理局", None)
    cadre_files.save(ws, cadre_files.CadreFile(fields={"name": "张三", "sex": "男", "birth": "1980.01"},
                                               records={"posts": [{"unit_id": old, "title": "主任"}]}))
    page = UnitsPage(ws)
    qtbot.addWidget(page)
    page.show()
    page.view.setCurrentIndex(page.model.index_of(old))
    answers = Answers(monkeypatch, QMessageBox.StandardButton.Yes)

    def choose_target() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MergeDialog)
        dialog.combo.setFocus()
        type_text(qtbot, "shidashuju")  # pinyin type-ahead finds 市大数据管理局
        dialog.combo.set_value("市大数据管理局")
        dialog.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, choose_target)
    page.merge()
    assert "1 条任职记录" in answers.asked[-1]
    with ws.read("test.inspect") as s:
        assert s.get(Unit, old) is None
        assert s.scalar(select(Post.unit_id)) == new


def test_codes_page_adds_and_retires(qtbot, ws: Workspace, monkeypatch):
    from desktop.services.units import codes
    from desktop.ui.units.codes_page import CodesPage

    page = CodesPage(ws)
    qtbot.addWidget(page)
    page.tables.setCurrentRow(list(CODE_TABLES).index("health"))
    answers = iter([("7", True), ("亚健康", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    page.add()
    with ws.read("test.inspect") as s:
        assert "亚健康" in codes.names(s, "health")
    page.view.setCurrentIndex(page.model.index(page.model.rowCount() - 1, 0))
    page.toggle()
    with ws.read("test.inspect") as s:
        assert "亚健康" not in codes.names(s, "health")
        assert "亚健康" in codes.names(s, "health", include_inactive=True)
