"""The main window's menus (文件, 视图, 工具, 帮助) and what only a menu opens: the shortcut list,
about, changing one's own password, the database check."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from desktop import __version__
from desktop.services.admin import queries, verify
from desktop.ui.common import workers
from desktop.ui.common.messages import show_error

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def add_action(window: MainWindow, menu: QMenu, text: str, slot: Callable[..., object],
               keys: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
    action = QAction(text, window)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    file_menu = window.menuBar().addMenu("文件(&F)")
    if window.cadres is not None and window.may("cadre.create"):
        add_action(window, file_menu, "新建干部档案(&N)", window.new_cadre, QKeySequence.StandardKey.New)
        file_menu.addSeparator()
    add_action(window, file_menu, "切换数据库(&S)…", window.switch_database, "Ctrl+Shift+O")
    add_action(window, file_menu, "锁定窗口(&L)", lambda: window.idle_lock.lock(), "Ctrl+L")
    file_menu.addSeparator()
    add_action(window, file_menu, "退出(&X)", window.close, "Ctrl+Q")
    view_menu = window.menuBar().addMenu("视图(&V)")
    for i, (title, _page) in enumerate(window.sections):
        add_action(window, view_menu, title, lambda _=False, row=i: window.go_to_section(row),
                   window.section_shortcut(i))  # the keys along the top row
    if window.cadres is not None:
        view_menu.addSeparator()
        add_action(window, view_menu, "筛选花名册(&F)", window.focus_filter, QKeySequence.StandardKey.Find)
        add_action(window, view_menu, "查看选中干部的积分(&J)", window.show_ledger_of_selected, "Ctrl+J")
        if window.may("analysis.read"):
            _install_analysis_actions(window, view_menu)
        if window.may("talk.create"):
            add_action(window, view_menu, "新建谈话记录(&K)", lambda: window.open_talk(), "Ctrl+K")
        add_action(window, view_menu, "未完成的谈话草稿(&D)…", window.show_drafts)
    tools = window.menuBar().addMenu("工具(&T)")
    if window.may("database.read"):
        add_action(window, tools, "数据库完整性校验(&V)", lambda: _verify(window))
    if window.may("backup.create"):
        add_action(window, tools, "备份与恢复(&B)…", window.show_backups)
    add_action(window, tools, "修改我的密码(&P)…", lambda: _change_own_password(window))
    help_menu = window.menuBar().addMenu("帮助(&H)")
    add_action(window, help_menu, "快捷键(&K)", lambda: _shortcuts(window), "F1")
    add_action(window, help_menu, "关于一线考核(&A)", lambda: _about(window))


def _install_analysis_actions(window: MainWindow, view_menu: QMenu) -> None:
    """综合研判 and 对比 of the roster's selection, in the 视图 menu and the roster's context menu."""
    assert window.cadres is not None
    table = window.cadres.roster.table
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)  # its own actions, and these
    for text, slot, keys in (("综合研判选中干部(&Y)", window.analyse_selected, "Ctrl+Shift+J"),
                             ("对比选中干部(&B)…", window.compare_selected, None)):
        table.addAction(add_action(window, view_menu, text, slot, keys))


def _change_own_password(window: MainWindow) -> None:
    from desktop.services.admin import accounts
    from desktop.ui.admin.admin_pages import PasswordDialog

    dialog = PasswordDialog(f"修改 {window.ws.actor.username} 的密码", parent=window)
    if dialog.exec() != PasswordDialog.DialogCode.Accepted:
        return
    try:
        accounts.change_password(window.ws, window.ws.actor.username, dialog.first.text())
    except Exception as exc:
        show_error(window, exc)
        return
    window.statusBar().showMessage("密码已修改", 10000)


def _verify(window: MainWindow) -> None:
    window.statusBar().showMessage("正在校验数据库……")

    def done(checks: list[verify.Check]) -> None:
        window.statusBar().clearMessage()
        lines = "\n".join(f"{'✓' if c.ok else '✗'} {c.name}{'：' + c.detail if c.detail else ''}" for c in checks)
        ok = all(c.ok for c in checks)
        (QMessageBox.information if ok else QMessageBox.warning)(
            window, "数据库校验", ("全部检查通过。\n\n" if ok else "有检查未通过，请联系管理员。\n\n") + lines)

    window.verify_task = workers.start(lambda _t: verify.run_all(window.ws), on_success=done,
                               on_failure=lambda e: show_error(window, e))


def _shortcuts(window: MainWindow) -> None:
    QMessageBox.information(window, "快捷键", "\n".join((
        "Ctrl+`（1 左边的键）　工作台：今天的待办",
        "Ctrl+1…9、Ctrl+0　切换栏目（光标随即在花名册的筛选框、考核列表中）",
        "Ctrl+K　新建谈话记录（F11 谈话模式）", "Ctrl+J　查看选中干部的积分",
        "Ctrl+Shift+J　综合研判选中干部（对比：花名册右键菜单）",
        "Ctrl+L　锁定窗口（离开座位时）",
        "Ctrl+F　筛选花名册（支持拼音首字母）", "Enter　打开选中干部的档案",
        "Ctrl+N　新建干部档案", "Ctrl+S　保存档案", "Ctrl+Z / Ctrl+Y　撤销 / 重做",
        "Esc　关闭档案（有未保存的修改时会询问）", "Ctrl+W　关闭当前档案",
        "Insert / Delete　在表格中添加 / 删除一行", "Ctrl+↑ / Ctrl+↓　上移 / 下移一行",
        "Alt+1…0　档案中切换页签")))


def _about(window: MainWindow) -> None:
    about = queries.about(window.ws)
    QMessageBox.about(window, "关于一线考核",
                      f"一线考核 {__version__}\n数据库：{about.path}\n结构版本：{about.schema_version}")
