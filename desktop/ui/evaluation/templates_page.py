"""评议表模板: the templates with their version and state; open one to edit, make a new one
or a copy, 停用 one that should no longer be offered."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.evaluation import evaluation, queries
from desktop.services.evaluation.templates import TemplateRow
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.list_model import make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.evaluation.template_editor import TemplateEditor
from desktop.ui.evaluation.template_form import TemplateForm

RETIRED_BRUSH = QBrush(QColor("#f0f0f0"))
DRAFT_BRUSH = QBrush(QColor("#fff8e1"))


def _brush(row: TemplateRow) -> QBrush | None:
    return RETIRED_BRUSH if row.retired else (None if row.published else DRAFT_BRUSH)


class TemplatesPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = RowsModel([("name", "名称"), ("kind", "类别"), (lambda r: f"第 {r.version} 版", "版本"),
                                ("state", "状态"), ("items", "项目数"), ("sheets", "已填测评表")], _brush, self)
        self.view = make_table(self.model)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name takes the room
        for col, width in enumerate((300, 110, 70, 70, 70, 90)):
            self.view.setColumnWidth(col, width)
        self.view.activated.connect(lambda _i: self.open_current())
        self.show_retired = QCheckBox("显示已停用的版本")
        self.show_retired.toggled.connect(lambda _on: self.reload())
        buttons = QHBoxLayout()
        for text, tip, slot in (("打开(&O)", "编辑选中的模板（Enter）", self.open_current),
                                ("新建(&N)…", "新建空白模板（Insert）", self.new_template),
                                ("复制为新模板(&C)", "以选中的模板为底稿新建", self.copy_current),
                                ("停用 / 启用(&Y)", "停用后不再用于新的测评表；启用某一版本时同模板的其他版本停用",
                                 self.toggle_retired)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_retired)
        note = QLabel("已发布或已使用的模板修改后保存为新版本，已填写的测评表仍按原版本计分。"
                      "草稿可以随时修改，发布前须使各项权重合计为 100。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)  # a tab of the 测评 page, like its neighbours
        layout.addLayout(buttons)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        insert = QAction(self)
        insert.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        insert.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        insert.triggered.connect(self.new_template)
        self.view.addAction(insert)
        self._stale = True
        bridge_for(ws).workspace_did_change.connect(self._changed)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._stale:
            self.reload()
        super().showEvent(event)

    def _changed(self, changes: Changes) -> None:
        if changes.touches("sheet_template", "sheet"):
            self._stale = True
            if self.isVisible():
                self.reload()

    def reload(self, select_id: int | None = None) -> None:
        current = self.current()
        self.model.set_rows(queries.template_rows(self.ws, include_retired=self.show_retired.isChecked()))
        self._stale = False
        wanted = select_id if select_id is not None else (current.id if current else None)
        ids = [r.id for r in self.model.rows]
        self.view.selectRow(ids.index(wanted) if wanted in ids else 0)

    def current(self) -> TemplateRow | None:
        index = self.view.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None

    def _edit(self, editor: TemplateEditor) -> None:
        editor.exec()
        self.reload(editor.saved_id)
        self.view.setFocus()

    def open_current(self) -> None:
        row = self.current()
        if row is not None:
            self._edit(TemplateEditor(self.ws, row.id, parent=self))

    def new_template(self) -> None:
        self._edit(TemplateEditor(self.ws, form=TemplateForm.blank(), parent=self))

    def copy_current(self) -> None:
        row = self.current()
        if row is None:
            return
        spec = copy.deepcopy(queries.template_spec(self.ws, row.id))
        spec.family = ""  # a template of its own, not a version of the original
        spec.name = f"{spec.name}（副本）"
        form = TemplateForm(spec)
        self._edit(TemplateEditor(self.ws, form=form, parent=self))

    def toggle_retired(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            evaluation.set_retired(self.ws, row.id, not row.retired)
        except Exception as exc:
            show_error(self, exc)
        self.reload(row.id)
