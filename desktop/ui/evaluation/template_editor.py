"""评议表模板编辑: sections and items in a table, every setting beside it, the weight total
checked live. Keyboard: Insert adds an item (Ctrl+Insert a section), Delete removes,
Ctrl+↑/↓ moves, Ctrl+Z/Ctrl+Y undo and redo, Ctrl+S saves a draft, Ctrl+Shift+S publishes."""

from __future__ import annotations

import copy

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.sheets import TEMPLATE_KINDS
from desktop.services.evaluation import queries, templates
from desktop.services.evaluation.template_text import number_text
from desktop.services.evaluation.templates import TEMPLATE, TemplateSpec
from desktop.services.workspace import Workspace
from desktop.ui.common import conflict_dialog
from desktop.ui.common.edit_keys import redo_keys
from desktop.ui.common.guarded_dialog import GuardedDialog
from desktop.ui.common.messages import show_error
from desktop.ui.evaluation.template_form import TemplateForm
from desktop.ui.evaluation.template_item_panel import ItemPanel
from desktop.ui.evaluation.template_items_model import Columns, TemplateItemsModel

OK_STYLE = "color: #1e7e34; font-weight: bold;"
BAD_STYLE = "color: #c0392b; font-weight: bold;"


def form_for(ws: Workspace, template_id: int) -> TemplateForm:
    found = queries.template_for_editing(ws, template_id)
    return TemplateForm(found.spec, template_id, found.version, found.published, found.used)


class TemplateEditor(GuardedDialog):
    """Open a template (template_id) or edit a new one (form=TemplateForm.blank() or a copy)."""

    guard_title = "评议表模板"

    def __init__(self, ws: Workspace, template_id: int | None = None, form: TemplateForm | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.form = form if form is not None else (form_for(ws, template_id) if template_id else TemplateForm.blank())
        self.saved_id: int | None = self.form.template_id
        # The template as opened: a draft another administrator saves meanwhile is shown beside this one.
        self.opened: TemplateSpec | None = copy.deepcopy(self.form.spec) if self.form.template_id else None
        self.setWindowTitle("评议表模板")
        self.resize(1180, 720)

        self.name = QLineEdit(self.form.spec.name)
        self.name.setPlaceholderText("如：干部政治素质评议表")
        self.name.textEdited.connect(lambda t: self.form.set_meta("name", t))
        self.kind = QComboBox()
        self.kind.addItems(list(TEMPLATE_KINDS))
        self.kind.setCurrentText(self.form.spec.kind)
        self.kind.currentTextChanged.connect(lambda t: self.form.set_meta("kind", t))
        self.description = QLineEdit(self.form.spec.description)
        self.description.setPlaceholderText("填表说明，印在表头下方")
        self.description.textEdited.connect(lambda t: self.form.set_meta("description", t))
        self.version_label = QLabel()
        meta = QFormLayout()
        meta.addRow("名称(&N)：", self.name)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind)
        kind_row.addWidget(self.version_label, 1)
        meta.addRow("类别：", kind_row)
        meta.addRow("说明(&D)：", self.description)

        self.model = TemplateItemsModel(self.form, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Columns.TEXT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((Columns.WEIGHT, 80), (Columns.SCALE, 200), (Columns.FACT, 90), (Columns.OVERALL, 70)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_current(cur))
        self.model.modelReset.connect(lambda: self.panel.show_row(self.current_row()))
        self.table.itemDelegate().closeEditor.connect(lambda *_: self._edit_closed())

        self.panel = ItemPanel(self.form)
        self.panel.setMinimumWidth(380)

        buttons = QHBoxLayout()
        for text, tip, slot in (("添加项目(&A)", "在当前项目后添加一项（Insert）", self.add_item),
                                ("添加部分", "在当前部分后添加一个部分（Ctrl+Insert）", self.add_section),
                                ("删除", "删除当前项目或部分（Delete）", self.remove),
                                ("上移", "上移（Ctrl+↑）", lambda: self.move(-1)),
                                ("下移", "下移（Ctrl+↓）", lambda: self.move(1)),
                                ("撤销", "撤销（Ctrl+Z）", self.undo),
                                ("重做", "重做（Ctrl+Y）", self.redo)):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(buttons)
        # Tab leaves the table for the panel; Alt+I comes back.
        self.table.setTabKeyNavigation(False)
        table_label = QLabel("评议项目(&I)：部分和项目依次排列，Insert 添加，Delete 删除，Ctrl+↑↓ 移动，"
                             "Tab 转到右侧设置")
        table_label.setBuddy(self.table)
        table_label.setStyleSheet("color: #555;")
        lv.addWidget(table_label)
        lv.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([760, 400])

        self.total = QLabel()
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #8a6d3b;")
        self.save_button = QPushButton("保存草稿(&S)")
        self.save_button.setToolTip("Ctrl+S：保存为草稿（权重合计可暂不为 100）")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save(publish=False))
        self.publish_button = QPushButton("发布(&P)")
        self.publish_button.setToolTip("Ctrl+Shift+S：发布后可用于测评表和测评票")
        self.publish_button.setAutoDefault(False)
        self.publish_button.clicked.connect(lambda: self.save(publish=True))
        close = QPushButton("关闭")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total)
        bottom.addWidget(self.problems, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.publish_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(meta)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._shortcut(Qt.Key.Key_Insert, self.add_item, table_only=True)
        self._shortcut(QKeySequence("Ctrl+Insert"), self.add_section, table_only=True)
        self._shortcut(Qt.Key.Key_Delete, self.remove, table_only=True)
        self._shortcut(QKeySequence("Ctrl+Up"), lambda: self.move(-1), table_only=True)
        self._shortcut(QKeySequence("Ctrl+Down"), lambda: self.move(1), table_only=True)
        self._shortcut(QKeySequence.StandardKey.Undo, self.undo)
        # One action for every redo key: where the platform's own redo is Ctrl+Y (Windows), a
        # second Ctrl+Y action made the key ambiguous and it did nothing.
        self._shortcut(redo_keys(), self.redo)
        self._shortcut(QKeySequence.StandardKey.Save, lambda: self.save(publish=False))
        self._shortcut(QKeySequence("Ctrl+Shift+S"), lambda: self.save(publish=True))

        self.form.listeners.append(self._form_changed)
        self._refresh_status()
        self.table.setFocus()
        self.select_row(1 if self.model.rowCount() > 1 else 0)

    def _shortcut(self, keys: QKeySequence | Qt.Key | list[QKeySequence], slot: object,
                  table_only: bool = False) -> None:
        action = QAction(self)
        action.setShortcuts(keys if isinstance(keys, list) else [QKeySequence(keys)])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if table_only
                                  else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        (self.table if table_only else self).addAction(action)

    # --- rows -----------------------------------------------------------------------------

    def current_row(self):  # type: ignore[no-untyped-def]
        return self.model.row_at(self.table.currentIndex().row())

    def select_row(self, flat: int, column: int = Columns.TEXT) -> None:
        if not 0 <= flat < self.model.rowCount():
            return
        index = self.model.index(flat, column)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        self.panel.show_row(self.model.row_at(flat))

    def _show_current(self, index: QModelIndex) -> None:
        self.panel.show_row(self.model.row_at(index.row()))

    def add_item(self) -> None:
        flat = self.form.add_item(self.current_row())
        self._edit_text(flat)

    def add_section(self) -> None:
        flat = self.form.add_section(self.current_row())
        self._edit_text(flat)

    def _edit_text(self, flat: int) -> None:
        self.table.setFocus()
        self.select_row(flat)
        self.table.edit(self.model.index(flat, Columns.TEXT))

    def remove(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if row.is_section and self.form.section(row).items:
            sec = self.form.section(row)
            answer = QMessageBox.question(self, "删除部分",
                                          f"删除“{sec.title}”及其中的 {len(sec.items)} 个项目？（可以撤销）")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.select_row(self.form.remove(row))

    def move(self, delta: int) -> None:
        row = self.current_row()
        if row is not None:
            self.select_row(self.form.move(row, delta))

    def undo(self) -> None:
        flat = self.table.currentIndex().row()
        self.form.undo()
        self.select_row(min(max(flat, 0), self.model.rowCount() - 1))

    def redo(self) -> None:
        flat = self.table.currentIndex().row()
        self.form.redo()
        self.select_row(min(max(flat, 0), self.model.rowCount() - 1))

    def _edit_closed(self) -> None:
        if self.model.last_error:
            self.problems.setText(f"权重：{self.model.last_error}")
            self.problems.setStyleSheet(BAD_STYLE)
            self.model.last_error = ""

    # --- status ---------------------------------------------------------------------------

    def _form_changed(self, what: str, _row: int) -> None:
        if what in ("rows", "meta"):
            self._sync_meta()
        if what == "row":
            # The panel mirrors the current row (a cell edited in the table, say).
            QTimer.singleShot(0, lambda: self.panel.show_row(self.current_row()))
        self._refresh_status()

    def _sync_meta(self) -> None:
        spec = self.form.spec
        if self.name.text() != spec.name:
            self.name.setText(spec.name)
        if self.kind.currentText() != spec.kind:
            self.kind.blockSignals(True)
            self.kind.setCurrentText(spec.kind)
            self.kind.blockSignals(False)
        if self.description.text() != spec.description:
            self.description.setText(spec.description)

    def _refresh_status(self) -> None:
        total = self.form.total_weight()
        if self.form.weight_ok():
            self.total.setText(f"权重合计：{number_text(total)} ✓")
            self.total.setStyleSheet(OK_STYLE)
        else:
            self.total.setText(f"权重合计：{number_text(total)}（应为 100）")
            self.total.setStyleSheet(BAD_STYLE)
        others = [p for p in self.form.problems() if not p.startswith("各项权重合计")]
        self.problems.setStyleSheet("color: #8a6d3b;")
        self.problems.setText("；".join(others[:3]) + (f" 等 {len(others)} 个问题" if len(others) > 3 else ""))
        f = self.form
        if f.template_id is None:
            state = "新模板，尚未保存"
        else:
            state = f"第 {f.version} 版，{'已发布' if f.published else '草稿'}" + \
                (f"，已用于 {f.used} 张测评表" if f.used else "")
        self.version_label.setText(f"　{state}{'　（有未保存的修改）' if f.dirty else ''}")
        title = f.spec.name or "新模板"
        self.setWindowTitle(f"评议表模板 — {title}{' *' if f.dirty else ''}")

    # --- saving ---------------------------------------------------------------------------

    def save(self, publish: bool) -> bool:
        f = self.form
        if not f.dirty and f.template_id is not None and (f.published or not publish):
            self.problems.setText("没有需要保存的修改。")
            return True
        problems = f.problems()
        blocking = problems if publish else [p for p in problems if not p.startswith("各项权重合计")]
        if blocking:
            verb = "发布" if publish else "保存"
            listed = "\n".join(f"· {p}" for p in blocking)
            QMessageBox.warning(self, f"不能{verb}", f"不能{verb}，请先修正：\n{listed}")
            self._focus_problem(blocking[0])
            return False
        if f.saves_new_version():
            used = f"并已用于 {f.used} 张测评表" if f.used else ""
            what = "发布" if publish else "保存为草稿"
            text = (f"第 {f.version} 版已{'发布' if f.published else '保存'}{used}，不能直接修改。\n"
                    f"将{what}为第 {f.version + 1} 版；第 {f.version} 版及按它填写的测评表保持不变。\n\n是否继续？")
            if QMessageBox.question(self, "生成新版本", text) != QMessageBox.StandardButton.Yes:
                return False
        saved_ids: list[int] = []
        try:
            # Another administrator's save of this draft since it was opened: both side by side.
            spec = conflict_dialog.save_choosing_against(
                self, TEMPLATE, self.opened, self._spec(),
                lambda d, against: saved_ids.append(templates.save(self.ws, d, f.template_id, publish=publish,
                                                                   opened=against)))
            if spec is None:
                return False  # back to editing, the typing as it was; nothing saved
            new_id = saved_ids[-1]
            saved = queries.template_state(self.ws, new_id)
            version, published = saved.version, saved.published
        except Exception as exc:
            show_error(self, exc)
            return False
        if spec != f.spec:  # the choice between two versions is what was saved
            f.adopt(spec)
        self.saved_id = new_id
        self.opened = copy.deepcopy(spec)
        f.mark_saved(new_id, version, published)
        self._refresh_status()
        self.problems.setStyleSheet(OK_STYLE)
        self.problems.setText(f"已{'发布' if published else '保存为草稿'}：第 {version} 版。")
        return True

    def _spec(self) -> TemplateSpec:
        return copy.deepcopy(self.form.spec)

    def _focus_problem(self, problem: str) -> None:
        if problem.startswith("名称"):
            self.name.setFocus()
            return
        if problem.startswith("各项权重合计"):
            self.table.setFocus()
            return
        if problem.startswith("第") and "项" in problem:
            number = problem[1:problem.index("项")]
            if number.isdigit():
                items = [r for r in range(self.model.rowCount()) if not self.model.row_at(r).is_section]
                n = int(number) - 1
                if 0 <= n < len(items):
                    self.table.setFocus()
                    self.select_row(items[n])

    # --- closing --------------------------------------------------------------------------

    def unsaved_question(self) -> str | None:
        return "模板有未保存的修改，放弃这些修改吗？" if self.form.dirty else None
