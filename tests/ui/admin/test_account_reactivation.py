"""系统管理 → 账户: 停用 destroys the key slot; 启用 asks for a new password."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.errors import WrongPassword
from desktop.services.admin import accounts
from desktop.services.workspace import Workspace
from desktop.ui.admin.admin_pages import AccountsPage, PasswordDialog
from tests.ui.helpers import WhenShown


def _select(page: AccountsPage, username: str) -> None:
    row = [r.username for r in page.model.rows].index(username)
    page.view.setCurrentIndex(page.model.index(row, 0))


def _state(page: AccountsPage, username: str) -> str:
    return next(r.state for r in page.model.rows if r.username == username)


def test_reactivating_asks_for_a_new_password(qtbot, ws: Workspace):
    accounts.add_account(ws, "wang", "Wang-pass1")
    page = AccountsPage(ws)
    qtbot.addWidget(page)
    _select(page, "wang")
    page.toggle()
    assert _state(page, "wang") == "已停用"

    def fill(dialog: PasswordDialog) -> None:
        assert "设定新密码" in dialog.windowTitle()
        qtbot.keyClicks(dialog.first, "Wang-new-22")
        qtbot.keyClicks(dialog.second, "Wang-new-22")
        qtbot.keyClick(dialog.second, Qt.Key.Key_Return)

    shown = WhenShown(PasswordDialog, fill)
    _select(page, "wang")
    page.toggle()
    shown.check()
    assert _state(page, "wang") == "使用中"
    with pytest.raises(WrongPassword):
        Workspace.open(ws.db.path, "wang", "Wang-pass1")
    Workspace.open(ws.db.path, "wang", "Wang-new-22").close()


def test_the_password_dialog_names_what_a_weak_password_lacks(qtbot):
    dialog = PasswordDialog("添加账户", ask_name=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first, "wangwang1")
    qtbot.keyClicks(dialog.second, "wangwang1")
    qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "还缺少大写字母、符号中的 1 类" in dialog.problem.text()
