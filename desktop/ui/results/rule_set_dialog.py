"""指标体系管理: a year's indicator rule sets with their version and state on the left, the
chosen one on the right — a draft edited in a keyboard-first table, an active or used one
shown read-only with how to change it (新版本, then 启用). Versions work as the evaluation
templates' do: the version against which values were recorded is kept as it was.

Keyboard: Alt+C a new set, Insert adds an indicator (it opens on its name), Delete removes
one, Ctrl+↑/↓ moves it, Tab goes cell to cell, Ctrl+S saves. Every refusal of the service is
shown in Chinese and nothing is written."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
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
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.indicators import ACTIVE, DRAFT, RETIRED, SUBJECT_LABELS
from desktop.services.indicators import queries, rule_sets
from desktop.services.indicators.queries import SetDetail, SetRow
from desktop.services.indicators.rule_sets import SET, WEIGHT_TOTAL, SetSpec
from desktop.services.workspace import Workspace
from desktop.ui.common import conflict_dialog
from desktop.ui.common.guarded_dialog import GuardedDialog
from desktop.ui.common.list_model import make_table
from desktop.ui.common.messages import show_error
from desktop.ui.common.rows_model import RowsModel
from desktop.ui.results.rule_set_model import Col, IndicatorRulesModel, RuleDelegate, number_text, spec_of_row

TITLE = "指标体系管理"
OK_STYLE = "color: #1e7e34; font-weight: bold;"
BAD_STYLE = "color: #c0392b; font-weight: bold;"
NOTE_STYLE = "color: #8a6d3b;"
RETIRED_BRUSH = QBrush(QColor("#f0f0f0"))
DRAFT_BRUSH = QBrush(QColor("#fff8e1"))


def _brush(row: SetRow) -> QBrush | None:
    return RETIRED_BRUSH if row.status == RETIRED else (DRAFT_BRUSH if row.status == DRAFT else None)


def locked_reason(row: SetRow) -> str:
    """Why a version cannot be edited and how to change it; "" for an editable draft."""
    how = "要修改请按“新版本”复制为草稿，改好后保存并启用（原版本随之停用）。"
    if row.values:
        return (f"第{row.version}版已录入 {row.values} 个指标数值，不能修改：过去的季度仍按它计分。{how}")
    if row.status == ACTIVE:
        return f"第{row.version}版已启用，不能直接修改。{how}"
    if row.status == RETIRED:
        return f"第{row.version}版已停用，不能修改。需要时可按“新版本”复制为草稿。"
    return ""


class RuleSetDialog(GuardedDialog):
    guard_title = TITLE

    def __init__(self, ws: Workspace, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.detail: SetDetail | None = None  # the saved version shown; None while a new set is written
        self.creating = False
        self.dirty = False
        self.setWindowTitle(TITLE)
        self.resize(1240, 640)

        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.sets_model = RowsModel([("name", "名称"), ("subject_label", "对象"),
                                     (lambda r: f"第 {r.version} 版", "版本"), ("status_label", "状态"),
                                     ("indicators", "指标数"), ("values", "已录数值")], _brush, self)
        self.sets = make_table(self.sets_model)
        for column, width in enumerate((150, 66, 56, 56, 50)):
            self.sets.setColumnWidth(column, width)
        self.sets.selectionModel().currentRowChanged.connect(lambda cur, prev: self._set_chosen(cur, prev))
        self.new_button = self._button("新建(&C)", "新建一个指标体系（草稿）", self.new_set)
        self.version_button = self._button("新版本(&V)", "把选中的版本复制为新的草稿版本", self.new_version)
        self.activate_button = self._button("启用(&E)…", "按此版本录入和计算；同名的其他版本停用", self.activate)
        self.retire_button = self._button("停用(&T)…", "停用后不能再按此版本录入数值，已录入的保留", self.retire)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        year_row = QHBoxLayout()
        year_label = QLabel("年度(&N)：")
        year_label.setBuddy(self.year)
        year_row.addWidget(year_label)
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        lv.addLayout(year_row)
        sets_label = QLabel("指标体系及版本(&L)：")
        sets_label.setBuddy(self.sets)
        lv.addWidget(sets_label)
        lv.addWidget(self.sets, 1)
        actions = QHBoxLayout()
        for b in (self.new_button, self.version_button, self.activate_button, self.retire_button):
            actions.addWidget(b)
        lv.addLayout(actions)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(self._meta())
        self.state = QLabel()
        self.state.setWordWrap(True)
        rv.addWidget(self.state)
        rv.addLayout(self._row_buttons())
        self.table_label = QLabel("指标(&I)：Insert 添加，Delete 删除，Ctrl+↑↓ 移动，Tab 到下一格，"
                                  "评分方式按 F2 选择，越低越好按空格勾选")
        self.table_label.setStyleSheet("color: #555;")
        rv.addWidget(self.table_label)
        self.model = IndicatorRulesModel(self)
        self.table = self._table()
        self.table_label.setBuddy(self.table)
        rv.addWidget(self.table, 1)
        self.total = QLabel()
        self.total.setToolTip("保存和启用都要求各项指标的权重合计为 100")
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.save_button = self._button("保存(&S)", "Ctrl+S：保存草稿（权重合计须为 100）", self.save)
        close = self._button("关闭", "", self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total)
        bottom.addWidget(self.problems, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        rv.addLayout(bottom)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([500, 740])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        self.setTabOrder(self.name, self.subject)
        self.setTabOrder(self.subject, self.table)

        self._shortcut(Qt.Key.Key_Insert, self.add_indicator, self.table)
        self._shortcut(Qt.Key.Key_Delete, self.remove_indicator, self.table)
        self._shortcut(QKeySequence("Ctrl+Up"), lambda: self.move_indicator(-1), self.table)
        self._shortcut(QKeySequence("Ctrl+Down"), lambda: self.move_indicator(1), self.table)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Save), self.save, self)
        self._shortcut(Qt.Key.Key_Insert, self.new_set, self.sets)
        self.model.changed.connect(self._edited)
        self.model.refused.connect(self._refused)
        self.year.valueChanged.connect(lambda _v: self._year_changed())
        self._year_shown = year
        self.reload()
        self.sets.setFocus()

    # --- building -----------------------------------------------------------------------

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)  # Enter belongs to the table's editors
        button.clicked.connect(lambda: slot())
        return button

    def _meta(self) -> QFormLayout:
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：重点工作考核指标")
        self.name.setMaxLength(100)
        self.name.textEdited.connect(lambda _t: self._edited())
        self.subject = QComboBox()
        for key, label in SUBJECT_LABELS.items():
            self.subject.addItem(label, key)
        self.subject.activated.connect(lambda _i: self._edited())
        form = QFormLayout()
        form.addRow("名称(&M)：", self.name)
        form.addRow("考核对象(&O)：", self.subject)
        return form

    def _row_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.row_buttons = [
            self._button("添加指标(&A)", "在当前指标后添加一项（Insert）", self.add_indicator),
            self._button("删除指标(&D)", "删除当前指标（Delete）", self.remove_indicator),
            self._button("上移", "上移（Ctrl+↑）", lambda: self.move_indicator(-1)),
            self._button("下移", "下移（Ctrl+↓）", lambda: self.move_indicator(1))]
        for b in self.row_buttons:
            row.addWidget(b)
        row.addStretch(1)
        return row

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setItemDelegate(RuleDelegate(table))
        T = QAbstractItemView.EditTrigger
        table.setEditTriggers(T.AnyKeyPressed | T.EditKeyPressed | T.DoubleClicked | T.SelectedClicked)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setTabKeyNavigation(True)  # Tab goes cell to cell; Ctrl+Tab leaves the table
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setSectionResizeMode(Col.NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((Col.WEIGHT, 56), (Col.RULE, 84), (Col.CAP, 66), (Col.MIN, 56), (Col.MAX, 56),
                           (Col.LOWER, 66), (Col.MEASURE, 66), (Col.SOURCE, 80)):
            table.setColumnWidth(col, width)
        return table

    def _shortcut(self, keys: QKeySequence | Qt.Key, slot: Callable[[], object], owner: QWidget) -> None:
        action = QAction(owner)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if owner is not self
                                  else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: slot())
        owner.addAction(action)

    # --- the list -----------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        """The year's sets again, the one with `select_id` (or the one shown) chosen."""
        wanted = select_id if select_id is not None else (self.detail.row.id if self.detail else None)
        rows = queries.set_rows(self.ws, self.year.value())
        self.sets.selectionModel().blockSignals(True)
        self.sets_model.set_rows(rows)
        ids = [r.id for r in rows]
        at = ids.index(wanted) if wanted in ids else (0 if rows else -1)
        if at >= 0:
            self.sets.selectionModel().setCurrentIndex(
                self.sets_model.index(at, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.sets.selectionModel().blockSignals(False)
        self._show(rows[at].id if at >= 0 else None)

    def current_row(self) -> SetRow | None:
        row = self.sets_model.row_object(self.sets.currentIndex().row())
        return row if isinstance(row, SetRow) else None

    def _may_leave(self) -> bool:
        if not self.dirty:
            return True
        what = self.name.text().strip() or "新指标体系"
        answer = QMessageBox.question(self, TITLE, f"“{what}”有未保存的修改，放弃这些修改吗？")
        return answer == QMessageBox.StandardButton.Yes

    def _set_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        row = self.sets_model.row_object(current.row())
        if row is not None and self.detail is not None and row.id == self.detail.row.id and not self.creating:
            return
        if not self._may_leave():
            self.sets.selectionModel().blockSignals(True)
            self.sets.selectionModel().setCurrentIndex(
                previous, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.sets.selectionModel().blockSignals(False)
            return
        self._show(row.id if row is not None else None)

    def _year_changed(self) -> None:
        if not self._may_leave():
            self.year.blockSignals(True)
            self.year.setValue(self._year_shown)
            self.year.blockSignals(False)
            return
        self._year_shown = self.year.value()
        self.detail, self.creating = None, False
        self.reload()

    # --- the set shown ------------------------------------------------------------------

    def _show(self, set_id: int | None) -> None:
        try:
            self.detail = queries.set_detail(self.ws, set_id) if set_id is not None else None
        except Exception as exc:
            show_error(self, exc, TITLE)
            self.detail = None
        self.creating, self.dirty = False, False
        if self.detail is None:
            self._fill("", "unit", [], read_only=True)
        else:
            row = self.detail.row
            self._fill(row.name, row.subject, [spec_of_row(i) for i in self.detail.indicators],
                       read_only=bool(locked_reason(row)))
        self._refresh()

    def _fill(self, name: str, subject: str, specs: list[rule_sets.IndicatorSpec], read_only: bool) -> None:
        self.name.setText(name)
        self.subject.setCurrentIndex(max(0, self.subject.findData(subject)))
        self.model.load(specs, read_only)
        self.name.setReadOnly(read_only)
        self.subject.setEnabled(not read_only)
        for b in self.row_buttons:
            b.setEnabled(not read_only)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, Col.NAME))

    def editable(self) -> bool:
        return self.creating or (self.detail is not None and not locked_reason(self.detail.row))

    def _refresh(self) -> None:
        row = self.detail.row if self.detail else None
        total = self.model.total_weight()
        shown = self.creating or row is not None
        if not shown:
            self.total.setText("")
        elif abs(total - WEIGHT_TOTAL) < 0.005:
            self.total.setText(f"权重合计：{number_text(total)} ✓")
            self.total.setStyleSheet(OK_STYLE)
        else:
            self.total.setText(f"权重合计：{number_text(total)}（须为 100）")
            self.total.setStyleSheet(BAD_STYLE)
        self.problems.setStyleSheet(NOTE_STYLE)
        others = [p for p in self._spec().problems() if "权重合计" not in p] if shown and self.editable() else []
        self.problems.setText("；".join(others[:3]) + (f" 等 {len(others)} 个问题" if len(others) > 3 else ""))
        self.state.setStyleSheet("")
        if self.creating:
            self.state.setText(f"新指标体系（{self.year.value()}年），尚未保存。")
        elif row is None:
            self.state.setText(f"{self.year.value()}年还没有指标体系，按“新建”建立。")
        elif locked_reason(row):
            self.state.setText(f"{row.status_label}：{locked_reason(row)}")
            self.state.setStyleSheet(NOTE_STYLE)
        else:
            self.state.setText(f"第{row.version}版，草稿：可以修改，保存后按“启用”开始按它录入数值。")
        if self.dirty:
            self.state.setText(self.state.text() + "（有未保存的修改）")
        self.save_button.setEnabled(self.editable() and (self.dirty or self.creating))
        # A draft is copied only once it is locked (values were recorded against it).
        self.version_button.setEnabled(row is not None and not self.creating and bool(locked_reason(row)))
        self.activate_button.setEnabled(row is not None and not self.creating and row.status != ACTIVE)
        self.retire_button.setEnabled(row is not None and not self.creating and row.status != RETIRED)
        self.setWindowTitle(f"{TITLE}{' *' if self.dirty else ''}")

    def _edited(self) -> None:
        if self.editable():
            self.dirty = True
        self._refresh()

    def _refused(self, message: str) -> None:
        self.problems.setText(message)
        self.problems.setStyleSheet(BAD_STYLE)

    def _spec(self) -> SetSpec:
        year = self.detail.row.year if self.detail and not self.creating else self.year.value()
        return SetSpec(self.name.text(), year, str(self.subject.currentData()), tuple(self.model.specs))

    # --- indicators ---------------------------------------------------------------------

    def add_indicator(self) -> None:
        if not self.editable():
            return
        row = self.model.insert(self.table.currentIndex().row() + 1)
        self.table.setFocus()
        index = self.model.index(row, Col.NAME)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_indicator(self) -> None:
        row = self.table.currentIndex().row()
        if not self.editable() or row < 0:
            return
        self.model.remove(row)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), Col.NAME))

    def move_indicator(self, delta: int) -> None:
        index = self.table.currentIndex()
        if self.editable() and index.isValid():
            to = self.model.move(index.row(), delta)
            self.table.setCurrentIndex(self.model.index(to, index.column()))

    # --- actions ------------------------------------------------------------------------

    def new_set(self) -> None:
        if not self._may_leave():
            return
        self.detail = None
        self.sets.selectionModel().blockSignals(True)
        self.sets.clearSelection()
        self.sets.selectionModel().blockSignals(False)
        self._fill("", "unit", [], read_only=False)
        self.creating, self.dirty = True, False
        self.model.insert(0)
        self.dirty = False
        self.table.setCurrentIndex(self.model.index(0, Col.NAME))
        self._refresh()
        self.name.setFocus()

    def save(self) -> bool:
        if not self.editable() or not (self.dirty or self.creating):
            return True
        spec = self._spec()
        try:
            if self.creating or self.detail is None:
                saved = rule_sets.create(self.ws, spec)
            else:
                saved = saved_id = self.detail.row.id
                shown = self.detail
                opened = SetSpec(shown.row.name, shown.row.year, shown.row.subject,
                                 tuple(spec_of_row(i) for i in shown.indicators), shown.version)
                # Another administrator's save since this version was shown: both side by side.
                if conflict_dialog.save_choosing(self, SET, opened, spec,
                                                 lambda d: rule_sets.update(self.ws, saved_id, d)) is None:
                    return False  # back to editing: nothing saved
        except Exception as exc:  # a refusal in Chinese; nothing was written
            show_error(self, exc, "不能保存指标体系")
            return False
        self.dirty, self.creating = False, False
        self.reload(saved)
        self._say(f"已保存：{spec.name.strip()}（第{self.detail.row.version if self.detail else 1}版，草稿）。")
        return True

    def new_version(self) -> None:
        row = self.current_row()
        if row is None or not self._may_leave():
            return
        try:
            made = rule_sets.new_version(self.ws, row.id)
        except Exception as exc:
            show_error(self, exc, TITLE)
            return
        self.reload(made)
        version = self.detail.row.version if self.detail else row.version + 1
        self._say(f"已把第{row.version}版复制为第{version}版（草稿）：修改后保存，再按“启用”。")
        self.table.setFocus()

    def activate(self) -> None:
        row = self.current_row()
        if row is None or (self.dirty and not self.save()):
            return
        row = self.current_row() or row
        others = [r for r in self.sets_model.rows if r.name == row.name and r.status == ACTIVE and r.id != row.id]
        text = f"启用“{row.name}”第{row.version}版？启用后{row.year}年的季度指标按此版本录入和计算。"
        for other in others:
            text += f"\n同名的第{other.version}版将停用，已按它录入的数值和排名保持不变。"
        for other in self.sets_model.rows:  # the service retires versions of the same name only
            if other.status == ACTIVE and other.name != row.name and other.subject == row.subject:
                text += (f"\n注意：{row.year}年已启用的{other.subject_label}指标体系“{other.name}”不会停用；"
                         "如要以此替换它，请另行停用。")
        if QMessageBox.question(self, "启用指标体系", text) != QMessageBox.StandardButton.Yes:
            return
        self._run(lambda: rule_sets.activate(self.ws, row.id), row.id,
                  f"已启用“{row.name}”第{row.version}版。")

    def retire(self) -> None:
        row = self.current_row()
        if row is None or not self._may_leave():
            return
        text = (f"停用“{row.name}”第{row.version}版？停用后不能再按它录入数值；"
                "已录入的数值和排名保留，需要时可用“新版本”复制后再启用。")
        if QMessageBox.question(self, "停用指标体系", text) != QMessageBox.StandardButton.Yes:
            return
        self._run(lambda: rule_sets.retire(self.ws, row.id), row.id, f"已停用“{row.name}”第{row.version}版。")

    def _run(self, work: Callable[[], object], set_id: int, done: str) -> None:
        try:
            work()
        except Exception as exc:  # a refusal in Chinese; nothing was changed
            show_error(self, exc, TITLE)
            self.reload(set_id)
            return
        self.dirty = False
        self.reload(set_id)
        self._say(done)

    def _say(self, text: str) -> None:
        self.problems.setText(text)
        self.problems.setStyleSheet(OK_STYLE)

    # --- closing ------------------------------------------------------------------------

    def unsaved_question(self) -> str | None:
        return "指标体系有未保存的修改，放弃这些修改吗？" if self.dirty else None
