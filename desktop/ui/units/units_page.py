"""单位管理: the unit tree — add, rename, move by drag and drop, merge, delete.

Add, rename and move can be undone (Ctrl+Z); merge and delete ask first and start a new
undo history, because the units they remove can no longer be referred to.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.services.operations import Changes
from desktop.services.units import queries, units
from desktop.services.workspace import Workspace
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.edit_keys import redo_keys, shortcuts
from desktop.ui.common.messages import show_error
from desktop.ui.units.unit_tree_model import UnitIdRole, UnitTreeModel
from desktop.ui.widgets.code_combo import CodeCombo


class _Done(QUndoCommand):
    """An operation already carried out; undo and redo call the given functions."""

    def __init__(self, text: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        super().__init__(text)
        self._undo, self._redo, self._first = undo, redo, True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._redo()

    def undo(self) -> None:
        self._undo()


class UnitsPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.stack = QUndoStack(self)
        self.model = UnitTreeModel(ws, columns=2, editable=True, parent=self)
        self.model.unit_rename_requested.connect(self.rename)
        self.model.unit_move_requested.connect(self.move)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.view.setColumnWidth(0, 420)

        buttons = QHBoxLayout()
        for text, tip, slot in (("新增单位(&A)…", "在同级新增单位", self.add_sibling),
                                ("新增下级(&C)…", "在选中单位下新增单位（Insert）", self.add_child),
                                ("重命名(&N)", "重命名（F2）", self.start_rename),
                                ("合并到(&M)…", "把选中单位合并到另一个单位", self.merge),
                                ("删除(&X)", "删除没有任职记录和下级的单位（Delete）", self.delete)):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        undo = self.stack.createUndoAction(self, "撤销")
        undo.setShortcuts(shortcuts(QKeySequence.StandardKey.Undo))
        redo = self.stack.createRedoAction(self, "重做")
        redo.setShortcuts(redo_keys())
        for action, can_change in ((undo, self.stack.canUndoChanged), (redo, self.stack.canRedoChanged)):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            b = QPushButton(action.text())
            b.clicked.connect(action.trigger)
            b.setEnabled(False)
            can_change.connect(b.setEnabled)
            buttons.addWidget(b)
        buttons.addStretch(1)
        for keys, slot in ((QKeySequence(Qt.Key.Key_Insert), self.add_child),
                           (QKeySequence(Qt.Key.Key_Delete), self.delete)):
            action = QAction(self.view)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)

        hint = QLabel("拖动单位可调整上下级和顺序；双击或按 F2 重命名。“现任人数”含下级单位。")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        self._loaded = False  # head counts read every post: load when first shown
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def showEvent(self, event: object) -> None:  # type: ignore[override]
        if not self._loaded:
            self._loaded = True
            self.model.reload()
            self.view.expandToDepth(0)
        super().showEvent(event)  # type: ignore[arg-type]

    # --- helpers --------------------------------------------------------------------------

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return int(index.data(UnitIdRole)) if index.isValid() else None

    def _parent_of(self, unit_id: int | None) -> int | None:
        return self.model.nodes[unit_id].parent_id if unit_id in self.model.nodes else None

    def _position(self, unit_id: int) -> int:
        return self.model.children.get(self._parent_of(unit_id), []).index(unit_id)

    def _select(self, unit_id: int | None) -> None:
        if unit_id is not None:
            index = self.model.index_of(unit_id)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _run(self, fn: Callable[[], None]) -> bool:
        try:
            fn()
        except Exception as exc:
            show_error(self, exc)
            return False
        return True

    def apply_changes(self, changes: Changes) -> None:
        if self._loaded and changes.touches("unit", "post"):
            current = self.current_id()
            expanded = [i for i in self.model.nodes if self.view.isExpanded(self.model.index_of(i))]
            self.model.reload()
            for i in expanded:
                self.view.setExpanded(self.model.index_of(i), True)
            self._select(current)

    # --- actions --------------------------------------------------------------------------

    def _add(self, parent_id: int | None) -> None:
        name, ok = QInputDialog.getText(self, "新增单位", "单位名称：")
        if not ok or not name.strip():
            return
        holder: dict[str, int] = {}

        def create() -> None:
            holder["id"] = units.create(self.ws, name, parent_id)

        if self._run(create):
            self.stack.push(_Done(f"新增“{name.strip()}”",
                                  lambda: self._run(lambda: units.delete(self.ws, holder["id"])),
                                  lambda: self._run(create)))
            self._select(holder["id"])

    def add_sibling(self) -> None:
        self._add(self._parent_of(self.current_id()))

    def add_child(self) -> None:
        self._add(self.current_id())

    def start_rename(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.view.edit(index.siblingAtColumn(0))

    def rename(self, unit_id: int, name: str) -> None:
        old = self.model.nodes[unit_id].name
        if self._run(lambda: units.rename(self.ws, unit_id, name)):
            self.stack.push(_Done(f"重命名“{old}”", lambda: self._run(lambda: units.rename(self.ws, unit_id, old)),
                                  lambda: self._run(lambda: units.rename(self.ws, unit_id, name))))

    def move(self, unit_id: int, parent_id: int, position: int) -> None:
        new_parent = None if parent_id < 0 else parent_id
        old_parent, old_position = self._parent_of(unit_id), self._position(unit_id)
        if new_parent == old_parent and position > old_position:
            position -= 1  # the row leaves its old place first
        target = None if position < 0 else position
        if self._run(lambda: units.move(self.ws, unit_id, new_parent, target)):
            self.stack.push(_Done(f"移动“{self.model.nodes[unit_id].name}”",
                                  lambda: self._run(lambda: units.move(self.ws, unit_id, old_parent, old_position)),
                                  lambda: self._run(lambda: units.move(self.ws, unit_id, new_parent, target))))
            self._select(unit_id)

    def merge(self) -> None:
        source = self.current_id()
        if source is None:
            return
        dialog = MergeDialog(self.ws, source, self)
        target = dialog.target if dialog.exec() else None
        if target is not None and self._run(lambda: units.merge(self.ws, source, target)):
            self.stack.clear()
            self._select(target)

    def delete(self) -> None:
        unit_id = self.current_id()
        if unit_id is None:
            return
        name = self.model.nodes[unit_id].name
        confirmed = QMessageBox.question(self, "删除单位", f"删除单位“{name}”？") == QMessageBox.StandardButton.Yes
        if confirmed and self._run(lambda: units.delete(self.ws, unit_id)):
            self.stack.clear()


class MergeDialog(QMessageBox):
    """Choose the unit to merge into, then confirm with what will move."""

    def __init__(self, ws: Workspace, source: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.ws = ws
        self.source = source
        self.target: int | None = None
        labels = queries.unit_choices(ws)
        self.choices = {label: uid for label, (uid, _p) in labels.items() if uid != source}
        self.source_label = next(label for label, (uid, _p) in labels.items() if uid == source)
        self.setWindowTitle("合并单位")
        self.setText(f"把“{self.source_label}”合并到：")
        self.combo = CodeCombo(list(self.choices))
        self.combo.setMinimumWidth(420)
        self.layout().addWidget(self.combo, 1, 1)  # type: ignore[union-attr]
        self.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)

    def exec(self) -> int:  # type: ignore[override]
        while super().exec() == QMessageBox.StandardButton.Ok:
            target = self.choices.get(self.combo.value())
            if target is None:
                self.setInformativeText("请从列表中选择一个单位（可输入名称或拼音首字母查找）。")
                continue
            summary = queries.merge_preview(self.ws, self.source, target)
            answer = QMessageBox.warning(
                self, "确认合并",
                f"“{self.source_label}”的 {summary.posts} 条任职记录和 {summary.children} 个下级单位将移到"
                f"“{self.combo.value()}”，然后删除“{self.source_label}”。\n合并不能撤销，但会完整记入审计日志。继续吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Yes:
                self.target = target
                return 1
        return 0


