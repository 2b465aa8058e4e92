"""系统管理: accounts (and the cadre file each is linked to) and the ledger's point rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.models.accounts import ROLE_ADMIN, ROLES
from desktop.models.ledger import DIMENSIONS
from desktop.services import permissions
from desktop.services.admin import accounts, queries, roles, sessions, settings
from desktop.services.ledger import ledger
from desktop.services.ledger import queries as ledger_queries
from desktop.services.ledger.ledger import RULE, RuleInput
from desktop.services.workspace import Workspace
from desktop.ui.admin.role_dialogs import RoleDialog, ScopeDialog
from desktop.ui.campaigns.campaign_dialogs import _buttons
from desktop.ui.common import conflict_dialog
from desktop.ui.common.list_model import ListModel, keeping_current, make_table
from desktop.ui.common.messages import show_error
from desktop.ui.widgets.cadre_picker import CadrePicker


class AccountsPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = ListModel([("username", "账户"), ("display_name", "姓名"), ("role_label", "角色"),
                                ("scope_text", "工作范围"), ("state", "状态"), ("cadre", "关联的干部档案")], self)
        self.view = make_table(self.model)
        row = QHBoxLayout()
        # Only what the account's role may do is offered (the services refuse the rest anyway).
        self.buttons: dict[str, QPushButton] = {}
        for text, slot, needs in (("添加账户(&A)…", self.add, ("account.create",)),
                                  ("分配角色(&G)…", self.choose_role, ("account.role",)),
                                  ("工作范围(&W)…", self.choose_scope, ("account.scope",)),
                                  ("关联本人档案(&L)…", self.link, ("account.update", "cadre.read")),
                                  ("重设密码(&P)…", self.password, ("account.password.reset",)),
                                  ("停用 / 启用", self.toggle, ("account.update",)),
                                  ("更换恢复密钥(&K)…", self.recovery_key, ("account.recovery_key",))):
            if not all(permissions.allowed(ws.actor.role, a) for a in needs):
                continue
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
            self.buttons[text] = b
        row.addStretch(1)
        low, high = settings.IDLE_LOCK_RANGE
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(low, high)
        self.idle_minutes.setSuffix(" 分钟")
        self.idle_minutes.setValue(queries.idle_lock_minutes(ws))
        self.idle_minutes.editingFinished.connect(self._save_idle_minutes)
        idle_label = QLabel("无操作自动锁定窗口(&S)：")
        idle_label.setBuddy(self.idle_minutes)
        row.addWidget(idle_label)
        row.addWidget(self.idle_minutes)
        hint = QLabel("账户关联到本人的干部档案后，该账户不能为本人记录积分。每个账户的密码单独加密保存数据库密钥，"
                      "修改密码不会重新加密数据库。停用账户会销毁它的密钥，重新启用时须设定新密码。")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        self.reload()

    def reload(self) -> None:
        rows = queries.account_rows(self.ws)
        with keeping_current(self.view, lambda r: r.username):
            self.model.set_rows(rows)

    def _save_idle_minutes(self) -> None:
        if self.idle_minutes.value() != queries.idle_lock_minutes(self.ws):
            self._run(lambda: sessions.set_idle_lock_minutes(self.ws, self.idle_minutes.value()))

    def _current(self) -> accounts.AccountRow | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _run(self, fn: Callable[[], object]) -> None:
        try:
            fn()
        except Exception as exc:
            show_error(self, exc)
        self.reload()

    def add(self) -> None:
        dialog = PasswordDialog("添加账户", ask_name=True, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(lambda: accounts.add_account(self.ws, dialog.username.text(), dialog.first.text(),
                                                   display_name=dialog.display.text()))

    def recovery_key(self) -> None:
        answer = QMessageBox.question(self, "更换恢复密钥", "生成新的恢复密钥后，旧的恢复密钥随即失效。继续吗？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            code = accounts.new_recovery_key(self.ws)
        except Exception as exc:
            show_error(self, exc)
            return
        QMessageBox.information(self, "新的恢复密钥", f"新的恢复密钥（只显示这一次，请抄在纸上保存）：\n\n{code}")

    def choose_role(self) -> None:
        row = self._current()
        if row is None:
            return
        offered = [r for r in ROLES if r != ROLE_ADMIN or self.ws.actor.role == ROLE_ADMIN]  # roles.py's rule
        dialog = RoleDialog(row.username, row.role, offered, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.role != row.role:
            # Another administrator's change of this role since the list showed it: both side by side.
            self._run(lambda: conflict_dialog.save_choosing_against(
                self, roles.ROLE, roles.RoleInput(row.role), roles.RoleInput(dialog.role),
                lambda d, against: roles.set_role(self.ws, row.username, d.role, opened=against.role)))

    def choose_scope(self) -> None:
        row = self._current()
        if row is None:
            return
        try:  # however it ends, the list shows what is stored
            self._edit_scope(row.username)
        finally:
            self.reload()

    def _edit_scope(self, username: str) -> None:
        ticked: tuple[list[int], list[int]] | None = None
        while True:
            try:
                choices = roles.scope_choices(self.ws, username)
            except Exception as exc:
                show_error(self, exc)
                return
            shown = choices if ticked is None else replace(
                choices, chosen_units=frozenset(ticked[0]), chosen_campaigns=frozenset(ticked[1]))
            dialog = ScopeDialog(username, shown, parent=self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            ticked = dialog.chosen()
            # The whole scope is replaced: another administrator's change since the dialog read it
            # is shown side by side. Esc there saves nothing and brings the dialog back with this
            # clerk's ticks, now against what is stored; OK saves them, Esc leaves both.
            try:
                saved = conflict_dialog.save_choosing_against(
                    self, roles.SCOPE, choices.opened, roles.ScopeInput.of(*ticked),
                    lambda d, against: roles.set_scope(self.ws, username, d.units, d.campaigns, opened=against))
            except Exception as exc:  # refused: said so
                show_error(self, exc)
                return
            if saved is not None:
                return

    def link(self) -> None:
        row = self._current()
        if row is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(f"关联 {row.username} 本人的干部档案")
        picker = CadrePicker(self.ws)
        clear = QCheckBox("取消关联")
        form = QFormLayout(dialog)
        form.addRow("干部：", picker)
        form.addRow("", clear)
        form.addRow(_buttons(dialog))
        if dialog.exec() == QDialog.DialogCode.Accepted and (picker.cadre_id or clear.isChecked()):
            cadre_id = None if clear.isChecked() else picker.cadre_id
            self._run(lambda: accounts.link_cadre(self.ws, row.username, cadre_id))

    def password(self) -> None:
        row = self._current()
        if row is None:
            return
        dialog = PasswordDialog(f"重设 {row.username} 的密码", parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(lambda: accounts.change_password(self.ws, row.username, dialog.first.text()))

    def toggle(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.active or not accounts.needs_new_password(self.ws, row.username):
            self._run(lambda: accounts.set_active(self.ws, row.username, not row.active))
            return
        # Deactivation destroyed the account's key slot: it comes back only with a new password.
        dialog = PasswordDialog(f"重新启用 {row.username}：设定新密码", parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._run(lambda: accounts.set_active(self.ws, row.username, True, new_password=dialog.first.text()))


class PasswordDialog(QDialog):
    def __init__(self, title: str, *, ask_name: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.username, self.display = QLineEdit(), QLineEdit()
        self.first, self.second = QLineEdit(), QLineEdit()
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020;")
        form = QFormLayout(self)
        if ask_name:
            form.addRow("账户名：", self.username)
            form.addRow("姓名：", self.display)
        form.addRow("新密码：", self.first)
        form.addRow("确认新密码：", self.second)
        rule = QLabel(f"密码要求：{accounts.PASSWORD_RULE}。")
        rule.setWordWrap(True)
        form.addRow(rule)
        form.addRow(self.problem)
        form.addRow(_buttons(self))

    def accept(self) -> None:
        if self.first.text() != self.second.text():
            self.problem.setText("两次输入的密码不一致")
            return
        problem = accounts.password_problem(self.first.text())
        if problem:
            self.problem.setText(problem)
            return
        super().accept()


class RulesPage(QWidget):
    """积分规则: points per kind of behaviour and the range a clerk may adjust them within."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.model = ListModel([("dimension", "维度"), ("direction", "加分/扣分"), ("behaviour", "行为类型"),
                                ("points", "默认分值"), ("range", "可调范围"), ("state", "状态")], self)
        self.view = make_table(self.model)
        self.view.setColumnWidth(2, 360)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        row = QHBoxLayout()
        for text, slot in (("添加规则(&A)…", lambda: self.edit(new=True)), ("修改(&E)…", self.edit)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.reload()

    def reload(self) -> None:
        rows = [RuleRow(r.id, r.dimension, r.positive, r.behaviour, r.points, r.min_points, r.max_points, r.active,
                        r.version) for r in ledger_queries.point_rules(self.ws, include_inactive=True)]
        with keeping_current(self.view):
            self.model.set_rows(rows)

    def edit(self, new: bool = False) -> None:
        index = self.view.currentIndex()
        rule = None if new or not index.isValid() else self.model.rows[index.row()]
        dialog = QDialog(self)
        dialog.setWindowTitle("积分规则")
        dimension = QComboBox()
        dimension.addItems(DIMENSIONS)
        direction = QComboBox()
        direction.addItems(["加分", "扣分"])
        behaviour = QLineEdit()
        points, low, high = QSpinBox(), QSpinBox(), QSpinBox()
        for spin in (points, low, high):
            spin.setRange(1, 100)
        active = QCheckBox("启用")
        active.setChecked(True)
        if rule is not None:
            dimension.setCurrentText(rule.dimension)
            direction.setCurrentText(rule.direction)
            behaviour.setText(rule.behaviour)
            points.setValue(rule.points)
            low.setValue(rule.low)
            high.setValue(rule.high)
            active.setChecked(rule.active)
        form = QFormLayout(dialog)
        form.addRow("维度：", dimension)
        form.addRow("加分/扣分：", direction)
        form.addRow("行为类型：", behaviour)
        form.addRow("默认分值：", points)
        form.addRow("最低：", low)
        form.addRow("最高：", high)
        form.addRow("", active)
        form.addRow(_buttons(dialog))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        mine = RuleInput(dimension.currentText(), behaviour.text(), direction.currentText() == "加分",
                         points.value(), low.value(), high.value(), active.isChecked())

        def save(d: RuleInput) -> None:
            ledger.save_rule(self.ws, d.dimension, d.behaviour, d.positive, d.points, d.low, d.high,
                             rule.id if rule else None, d.active, version=d.version)

        try:
            if rule is None:
                save(mine)
            else:  # another clerk's change since the list was read is shown, not overwritten
                conflict_dialog.save_choosing(self, RULE, RuleInput(
                    rule.dimension, rule.behaviour, rule.positive, rule.points, rule.low, rule.high, rule.active,
                    rule.version), mine, save)
        except Exception as exc:
            show_error(self, exc)
        self.reload()


@dataclass(frozen=True)
class RuleRow:
    id: int
    dimension: str
    positive: bool
    behaviour: str
    points: int
    low: int
    high: int
    active: bool
    version: int | None = None  # the rule's row version as read

    @property
    def direction(self) -> str:
        return "加分" if self.positive else "扣分"

    @property
    def range(self) -> str:
        return f"{self.low}—{self.high}"

    @property
    def state(self) -> str:
        return "启用" if self.active else "停用"


