"""The account page's role and scope dialogs (三员分立): choosing an account's role, with what
each role may do written beside it, and the units and campaigns a clerk or leader works on."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.accounts import ROLES
from desktop.services.admin.roles import ScopeChoices
from desktop.services.permissions import ROLE_DUTIES, ROLE_LABELS
from desktop.ui.campaigns.campaign_dialogs import _buttons


class RoleDialog(QDialog):
    """A role for one account; `role` is the chosen stored name once accepted."""

    def __init__(self, username: str, current: str, offered: Iterable[str] = ROLES,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{username} 的角色")
        self.combo = QComboBox()
        for role in offered:
            self.combo.addItem(ROLE_LABELS[role], role)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.duty = QLabel()
        self.duty.setWordWrap(True)
        self.combo.currentIndexChanged.connect(self._show_duty)
        self._show_duty()
        form = QFormLayout(self)
        label = QLabel("角色(&R)：")
        label.setBuddy(self.combo)
        form.addRow(label, self.combo)
        form.addRow("", self.duty)
        form.addRow(_buttons(self))

    @property
    def role(self) -> str:
        return str(self.combo.currentData())

    def _show_duty(self) -> None:
        self.duty.setText(ROLE_DUTIES.get(self.role, ""))


def _checklist(rows: Iterable[tuple[int, str]], chosen: frozenset[int]) -> QListWidget:
    widget = QListWidget()
    for row_id, text in rows:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, row_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if row_id in chosen else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> list[int]:
    return [int(widget.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


class ScopeDialog(QDialog):
    """Units (with their sub-units) and campaigns, ticked with the space bar; none ticked: the
    whole department."""

    def __init__(self, username: str, choices: ScopeChoices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{username} 的工作范围")
        self.resize(720, 480)
        self.units = _checklist(choices.units, choices.chosen_units)
        self.campaigns = _checklist(choices.campaigns, choices.chosen_campaigns)
        lists = QHBoxLayout()
        for title, widget in (("单位（含下级单位）(&U)：", self.units), ("考核(&C)：", self.campaigns)):
            column = QVBoxLayout()
            label = QLabel(title)
            label.setBuddy(widget)
            column.addWidget(label)
            column.addWidget(widget, 1)
            lists.addLayout(column)
        hint = QLabel("经办人和领导只能看到所选单位（含下级单位）的现任干部和所选考核中的干部，"
                      "以及所选考核和涉及所选单位的考核。什么都不选时为全部。按空格键勾选或取消。")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(lists, 1)
        layout.addWidget(hint)
        layout.addWidget(_buttons(self))

    def chosen(self) -> tuple[list[int], list[int]]:
        return _checked(self.units), _checked(self.campaigns)
