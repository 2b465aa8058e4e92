"""What each role sees in the window: a 安全审计员 only the audit log, a 系统管理员 only 系统管理
without cadre data, a 安全保密管理员 only the account page, which gives roles and scopes from
the keyboard; and an account still waiting for a role only a note."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTableView

from desktop.models.accounts import ROLE_AUDITOR, ROLE_PENDING, ROLE_SECURITY, ROLE_SYSADMIN
from desktop.services.admin import accounts
from desktop.services.admin import queries as admin_queries
from desktop.services.cadres import queries as cadre_queries
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.workspace import Workspace
from desktop.ui.admin.admin_pages import AccountsPage
from desktop.ui.admin.audit_page import AuditLogPage
from desktop.ui.admin.role_dialogs import RoleDialog, ScopeDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import FileAnswers, WhenShown, press, type_text

PASSWORD = "password-123"


def _window_as(qtbot, demo_ws: Workspace, username: str, role: str) -> MainWindow:
    accounts.add_account(demo_ws, username, PASSWORD, role=role)
    path = demo_ws.db.path
    demo_ws.close()
    ws = Workspace.open(path, username, PASSWORD)
    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _texts(window: MainWindow) -> str:
    """Everything the window shows in words: labels, buttons, menus, and every table's cells."""
    parts = [a.text() for a in window.menuBar().actions()]
    parts += [window.nav.item(i).text() for i in range(window.nav.count())]
    root = window.centralWidget()
    parts += [w.text() for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton)]
    for view in root.findChildren(QTableView):
        model = view.model()
        parts += [str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount())]
    return "\n".join(parts)


def test_an_auditor_sees_only_the_audit_log(qtbot, demo_ws: Workspace, tmp_path: Path, monkeypatch):
    names = [r.name for r in cadre_queries.roster_rows(demo_ws, cadre_queries.roster_ids(demo_ws, RosterFilter()).ids)]
    window = _window_as(qtbot, demo_ws, "shenji", ROLE_AUDITOR)
    assert [title for title, _page in window.sections] == ["审计日志"]
    assert window.cadres is None
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "视图(&V)", "工具(&T)", "帮助(&H)"]  # no 报表, no 数据交换
    page = window.audit_log
    assert isinstance(page, AuditLogPage) and page.isVisible()
    assert page.model.rowCount() > 0 and page.count.text().startswith("共 ")
    shown = _texts(window)
    assert "account.create" in shown  # the log itself
    # No cadre's name is on the screen except where the log records a change to a file: the
    # roster, the files and the statistics are simply not there.
    assert "干部档案  Ctrl" not in shown and "系统管理" not in shown
    assert len([n for n in set(names) if n in shown]) < len(set(names))
    # Filter by account from the keyboard, then export.
    page.action.setFocus()
    type_text(qtbot, "account")
    press(qtbot, Qt.Key.Key_Return)
    assert {r.action.split(".")[0] for r in page.model.rows} == {"account"}
    out = tmp_path / "审计.xlsx"
    FileAnswers(monkeypatch, out)
    export = next(b for b in page.findChildren(QAbstractButton) if b.text() == "导出(&E)…")
    alt(qtbot, Qt.Key.Key_E, export)
    qtbot.waitUntil(lambda: out.exists())
    assert "已导出" in page.count.text()
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "account.create" in cells
    window.shut_down()


def _accounts_tab(window: MainWindow) -> AccountsPage:
    """系统管理 → the 账户 tab, clicked."""
    titles = [window.admin.tabText(i) for i in range(window.admin.count())]
    window.admin.setCurrentIndex(titles.index("账户"))
    page = window.admin.findChild(AccountsPage)
    assert page is not None and page.isVisible()
    return page


def test_a_system_administrator_manages_the_system_without_cadre_data(qtbot, demo_ws: Workspace):
    window = _window_as(qtbot, demo_ws, "xitong", ROLE_SYSADMIN)
    assert [title for title, _page in window.sections] == ["系统管理"]
    tabs = [window.admin.tabText(i) for i in range(window.admin.count())]
    assert tabs == ["单位管理", "代码表", "账户", "备份与恢复"]
    assert window.admin.findChild(AccountsPage) is None  # a tab's page is made when it is first shown
    page = _accounts_tab(window)
    assert sorted(page.buttons) == sorted(["添加账户(&A)…", "停用 / 启用"])
    window.shut_down()


def test_the_security_administrator_gives_roles_and_scopes_by_keyboard(qtbot, demo_ws: Workspace):
    accounts.add_account(demo_ws, "wang", PASSWORD, role=ROLE_PENDING)
    window = _window_as(qtbot, demo_ws, "baomi", ROLE_SECURITY)
    assert [title for title, _page in window.sections] == ["系统管理"]
    page = _accounts_tab(window)
    assert sorted(page.buttons) == sorted(["分配角色(&G)…", "工作范围(&W)…", "重设密码(&P)…", "更换恢复密钥(&K)…"])
    row = next(i for i, r in enumerate(page.model.rows) if r.username == "wang")
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(row, 0))

    def pick_clerk(dialog: RoleDialog) -> None:
        dialog.combo.setFocus()
        offered = [dialog.combo.itemText(i) for i in range(dialog.combo.count())]
        assert "管理员（全部权限）" not in offered and "安全审计员" in offered
        for _ in range(len(offered)):
            if dialog.role == "clerk":
                break
            qtbot.keyClick(dialog.combo, Qt.Key.Key_Up)
        assert "限于所分配的单位或考核" in dialog.duty.text()
        qtbot.keyClick(dialog.combo, Qt.Key.Key_Return)

    filler = WhenShown(RoleDialog, pick_clerk)
    alt(qtbot, Qt.Key.Key_G, page.buttons["分配角色(&G)…"])
    filler.check()
    assert {r.username: r.role_label for r in admin_queries.account_rows(window.ws)}["wang"] == "经办人"

    def tick_first_unit(dialog: ScopeDialog) -> None:
        dialog.units.setFocus()
        dialog.units.setCurrentRow(0)
        qtbot.keyClick(dialog.units, Qt.Key.Key_Space)
        assert dialog.chosen()[0]
        qtbot.keyClick(dialog.units, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        if dialog.isVisible():
            dialog.accept()  # Ctrl+Enter is not a default-button key on every style

    row = next(i for i, r in enumerate(page.model.rows) if r.username == "wang")
    window.activateWindow()  # back from the dialog, as the window manager would make it
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(row, 0))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.view)
    filler = WhenShown(ScopeDialog, tick_first_unit)
    alt(qtbot, Qt.Key.Key_W, page.buttons["工作范围(&W)…"])
    filler.check()
    scope = {r.username: r.scope_text for r in admin_queries.account_rows(window.ws)}["wang"]
    assert scope not in ("", "全部", "—")
    shown = [page.model.index(r, 3).data() for r in range(page.model.rowCount())]
    assert scope in shown
    window.shut_down()


def test_an_account_waiting_for_a_role_sees_a_note(qtbot, demo_ws: Workspace):
    window = _window_as(qtbot, demo_ws, "xinren", ROLE_PENDING)
    assert [title for title, _page in window.sections] == ["欢迎"]
    QApplication.processEvents()
    assert "还没有分配角色" in _texts(window)
    window.shut_down()


def test_a_leader_reads_but_is_not_offered_new_files_or_campaigns(qtbot, demo_ws: Workspace):
    window = _window_as(qtbot, demo_ws, "lingdao", "leader")
    titles = [title for title, _page in window.sections]
    assert "干部档案" in titles and "系统管理" not in titles and "审计日志" not in titles
    assert titles[0] == "工作台"
    window.show_section(titles.index("干部档案"))
    shown = {b.text() for b in window.centralWidget().findChildren(QAbstractButton) if b.isVisible()}
    assert "打开档案(&O)" in shown and "新建干部(&N)" not in shown and "删除(&X)…" not in shown
    window.show_section(titles.index("一线考核"))
    QApplication.processEvents()
    shown = {b.text() for b in window.centralWidget().findChildren(QAbstractButton) if b.isVisible()}
    assert "打开(&O)" in shown and "新建考核(&N)…" not in shown
    assert "新建干部档案(&N)" not in [a.text() for m in window.menuBar().actions() for a in m.menu().actions()]
    window.shut_down()
