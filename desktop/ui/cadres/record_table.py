"""Tables for the records of a cadre file (posts, study, family …), edited in place.

One model class serves every kind: a list of column specs says what each column holds and
which editor it gets (date field, code-table combo with pinyin type-ahead, unit picker …).
The model edits the CadreForm, so every change is undoable and validated like the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.cadres.cadre_form import CadreForm
from desktop.ui.widgets.code_combo import CodeCombo
from desktop.ui.widgets.date_edit import DateEdit

Index = QModelIndex | QPersistentModelIndex
ERROR_BRUSH = QBrush(QColor("#fde2e2"))
WARNING_BRUSH = QBrush(QColor("#fff4d6"))


@dataclass(frozen=True)
class Col:
    key: str
    title: str
    kind: str = "text"  # text, long, date, int, bool, unit, code:<table>, choice:<a|b|c>
    width: int = 110


RECORD_COLUMNS: dict[str, tuple[Col, ...]] = {
    "posts": (Col("unit_name", "单位", "unit", 220), Col("title", "职务", width=130),
              Col("leadership_level", "职务层次", "code:leadership_level", 90),
              Col("grade", "正副", "choice:正|副|", 50),
              Col("rank", "职级", "code:civil_rank", 110), Col("is_main", "主职", "bool", 50),
              Col("start", "任职时间", "date", 80), Col("end", "免职时间", "date", 80),
              Col("appointing_doc", "任职文号", width=140)),
    "studies": (Col("mode", "类别", "choice:全日制|在职", 70), Col("education", "学历", "code:education", 110),
                Col("degree", "学位", "code:degree", 110), Col("school", "学校", width=150),
                Col("major", "院系及专业", width=200), Col("start", "入学时间", "date", 80),
                Col("end", "毕业时间", "date", 80)),
    "work_records": (Col("start", "开始", "date", 80), Col("end", "结束", "date", 80),
                     Col("description", "单位及职务", "long", 420)),
    "family": (Col("relation", "称谓", "code:relation", 70), Col("name", "姓名", width=80),
               Col("birth", "出生年月", "date", 80), Col("political_status", "政治面貌", "code:political_status", 100),
               Col("work_unit_post", "工作单位及职务", "long", 300), Col("is_social_relation", "社会关系", "bool", 70)),
    "rewards": (Col("date", "时间", "date", 80), Col("title", "奖励名称", width=160),
                Col("granted_by", "批准机关", width=160), Col("reason", "事由", "long", 260)),
    "punishments": (Col("date", "时间", "date", 80), Col("title", "处分名称", width=120),
                    Col("granted_by", "批准机关", width=160), Col("reason", "事由", "long", 220),
                    Col("lifted", "解除时间", "date", 80)),
    "annual_results": (Col("year", "年度", "int", 70), Col("grade", "等次", "code:annual_grade", 100),
                       Col("note", "备注", "long", 300)),
    "trainings": (Col("title", "培训名称", "long", 260), Col("organizer", "主办单位", width=160),
                  Col("mode", "方式", "choice:脱产|在职|网络", 60), Col("start", "开始", "date", 80),
                  Col("end", "结束", "date", 80), Col("hours", "学时", "int", 60)),
}
NEW_ROW_DEFAULTS: dict[str, dict[str, Any]] = {
    "posts": {"is_main": True}, "studies": {"mode": "全日制"}, "trainings": {"mode": "脱产"},
    "family": {"is_social_relation": False},
}


class RecordModel(QAbstractTableModel):
    def __init__(self, form: CadreForm, kind: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.form = form
        self.kind = kind
        self.columns = RECORD_COLUMNS[kind]
        self.problems: dict[tuple[int, str], tuple[str, str]] = {}  # (row, key) → (message, severity)
        self._quiet = False
        form.listeners.append(self._form_changed)

    def _rows(self) -> list[dict[str, Any]]:
        return self.form.records[self.kind]

    def _form_changed(self, what: str, key: str) -> None:
        if self._quiet:
            return
        if what == "all" or (what == "records" and key == self.kind):
            self.beginResetModel()
            self.endResetModel()

    def set_problems(self, problems: dict[tuple[int, str], tuple[str, str]]) -> None:
        self.problems = problems
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(self.columns) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])

    # --- Qt interface ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows()):
            return None
        col = self.columns[index.column()]
        value = self._rows()[index.row()].get(col.key, "")
        problem = self.problems.get((index.row(), col.key))
        if col.kind == "bool":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None if role != Qt.ItemDataRole.ToolTipRole else (problem[0] if problem else None)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and problem:
            return ERROR_BRUSH if problem[1] == "error" else WARNING_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem[0] if problem else (str(value) if col.kind == "long" and value else None)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        col = self.columns[index.column()]
        if col.kind == "bool":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        self._quiet = True
        try:
            if col.kind == "unit" and isinstance(value, tuple):
                unit_id, printed = value
                self.form.set_cell(self.kind, index.row(), "unit_id", unit_id)
                self.form.set_cell(self.kind, index.row(), "unit_name", printed)
            else:
                self.form.set_cell(self.kind, index.row(), col.key, value)
        finally:
            self._quiet = False
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        return True

    # --- rows -----------------------------------------------------------------------------

    def add_row(self, at: int | None = None) -> int:
        position = self.rowCount() if at is None else at
        self.beginInsertRows(QModelIndex(), position, position)
        self._quiet = True
        try:
            self.form.add_row(self.kind, NEW_ROW_DEFAULTS.get(self.kind), position)
        finally:
            self._quiet = False
        self.endInsertRows()
        return position

    def remove_row(self, row: int) -> None:
        if not 0 <= row < self.rowCount():
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self._quiet = True
        try:
            self.form.remove_row(self.kind, row)
        finally:
            self._quiet = False
        self.endRemoveRows()

    def move_row(self, row: int, delta: int) -> int:
        target = row + delta
        if not (0 <= row < self.rowCount() and 0 <= target < self.rowCount()):
            return row
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if delta > 0 else target)
        self._quiet = True
        try:
            self.form.move_row(self.kind, row, delta)
        finally:
            self._quiet = False
        self.endMoveRows()
        return target


class RecordDelegate(QStyledItemDelegate):
    """Editors by column kind. `codes` maps table → names; `units` maps a unit label →
    (id, name as printed)."""

    def __init__(self, columns: tuple[Col, ...], codes: dict[str, list[str]],
                 units: dict[str, tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.codes = codes
        self.units = units
        self._live: set[QWidget] = set()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = self._create(parent, index)
        self._live.add(editor)
        return editor

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        self._live.discard(editor)
        super().destroyEditor(editor, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A released editor (its completer popup closing late, say) can still lose focus;
        # committing it again would write stale text and makes Qt complain.
        if watched not in self._live:
            return False
        return super().eventFilter(watched, event)

    def _create(self, parent: QWidget, index: Index) -> QWidget:
        col = self.columns[index.column()]
        if col.kind == "date":
            return DateEdit(parent)
        if col.kind.startswith("code:"):
            return CodeCombo(self.codes.get(col.kind[5:], []), parent)
        if col.kind == "unit":
            return CodeCombo(list(self.units), parent)
        if col.kind.startswith("choice:"):
            combo = QComboBox(parent)
            combo.addItems(col.kind[7:].split("|"))
            return combo
        return QLineEdit(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        # Qt calls this again for an open editor whenever its cell reports a change, whatever
        # the role: the validation marks (background, tooltip) arriving 300 ms after a keystroke
        # would wipe what is being typed. Only a change of the value itself reaches the editor.
        if editor.property("loaded_text") == text:
            return
        editor.setProperty("loaded_text", text)
        if isinstance(editor, CodeCombo):
            editor.set_value(text)
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(text)
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        col = self.columns[index.column()]
        if isinstance(editor, DateEdit):
            editor.normalize()
        if isinstance(editor, CodeCombo):
            editor.settle()  # a cell left with Tab takes the pinyin match, as a form field does
            value = editor.value()
            if col.kind == "unit":
                model.setData(index, self.units.get(value, (None, value)))
                return
        elif isinstance(editor, QComboBox):
            value = editor.currentText()
        elif isinstance(editor, QLineEdit):
            value = editor.text().strip()
        else:
            return
        model.setData(index, value)


class RecordTable(QWidget):
    """A record table with buttons: 添加 (Insert), 删除 (Delete), 上移/下移 (Ctrl+↑/↓)."""

    def __init__(self, form: CadreForm, kind: str, codes: dict[str, list[str]],
                 units: dict[str, tuple[int, str]], parent: QWidget | None = None, *,
                 mnemonics: bool = True) -> None:
        super().__init__(parent)
        self.model = RecordModel(form, kind, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(RecordDelegate(self.model.columns, codes, units, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.verticalHeader().setDefaultSectionSize(26)
        for i, col in enumerate(self.model.columns):
            self.view.setColumnWidth(i, col.width)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)

        buttons = QHBoxLayout()
        # Alt+letters must not clash with the menu bar (F V T R D H); a second table on the
        # same tab goes without, Insert and Delete work on whichever table has the focus.
        add, remove = ("添加(&A)", "删除(&X)") if mnemonics else ("添加", "删除")
        for text, tip, slot in ((add, "添加一行（Insert）", self.add),
                                (remove, "删除选中行（Delete）", self.remove),
                                ("上移", "上移（Ctrl+↑）", lambda: self.move(-1)),
                                ("下移", "下移（Ctrl+↓）", lambda: self.move(1))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        for keys, slot in ((QKeySequence(Qt.Key.Key_Insert), self.add),
                           (QKeySequence(Qt.Key.Key_Delete), self.remove),
                           (QKeySequence("Ctrl+Up"), lambda: self.move(-1)),
                           (QKeySequence("Ctrl+Down"), lambda: self.move(1))):
            action = self.view.addAction("")
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)

    def add(self) -> None:
        row = self.model.add_row()
        self.view.setFocus()
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())
            if self.model.rowCount():
                self.view.setCurrentIndex(self.model.index(min(index.row(), self.model.rowCount() - 1),
                                                           index.column()))

    def move(self, delta: int) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            row = self.model.move_row(index.row(), delta)
            self.view.setCurrentIndex(self.model.index(row, index.column()))

    def focus_cell(self, row: int, key: str) -> None:
        keys = [c.key for c in self.model.columns]
        column = keys.index(key) if key in keys else 0
        if 0 <= row < self.model.rowCount():
            self.view.setFocus()
            self.view.setCurrentIndex(self.model.index(row, column))
