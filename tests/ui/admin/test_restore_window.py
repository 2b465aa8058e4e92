"""恢复 from the window, end to end: backups made by the window and by `frontline backup`
restore to identical content and the window reopens on the restored database; refusals
(wrong password, damaged backup, no room) are told with the current database left open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.models import Cadre
from desktop.services.admin import accounts
from desktop.services.cadres import cadre_files
from desktop.services.workspace import Workspace
from desktop.store.keyslots import slots_path
from desktop.ui import app
from desktop.ui.admin import restore_flow
from desktop.ui.admin.restore_flow import RestorePasswordDialog
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings
from tests.cli.test_cli import frontline
from tests.conftest import PASSWORD, data_digest
from tests.store.db_compare import LOGGED, table_hashes
from tests.ui.admin.backup_helpers import alt, mounted, open_backup_page
from tests.ui.helpers import Answers, FileAnswers, WhenShown

NEWCOMER = "王新来"


def _key(db: Path) -> bytes:
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        return ws.db.key
    finally:
        ws.close()


def _content(db: Path, key: bytes) -> dict[str, str]:
    """Every table's content hash but the audit log's (a restore logs itself)."""
    return {t: h for t, h in table_hashes(db, key).items() if t not in LOGGED}


def _window(qtbot, ws: Workspace) -> MainWindow:
    window = MainWindow(ws, Settings())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _backup_from_window(qtbot, window: MainWindow, monkeypatch, target: Path) -> None:
    FileAnswers(monkeypatch, target)
    page = open_backup_page(window)
    with qtbot.waitSignal(window.backup_runner.backup_did_finish, timeout=30000):
        alt(qtbot, Qt.Key.Key_N, page.backup_button)
    assert target.exists()


def _restore_from_window(qtbot, window: MainWindow, monkeypatch, backup: Path, password: str = PASSWORD,
                         user: str | None = None, confirm: bool = True) -> tuple[Answers, list[str]]:
    """恢复… → the backup file → its password, Enter → the confirmation. Returns the boxes
    answered and what the password dialog said when it was left (empty if it went on)."""
    FileAnswers(monkeypatch, backup)
    answers = Answers(monkeypatch)
    answers.choice = restore_flow.CONFIRM if confirm else None
    said: list[str] = []

    def fill(dialog: RestorePasswordDialog) -> None:
        if user is not None:
            dialog.user_edit.setText(user)
        qtbot.keyClicks(dialog.password_edit, password)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.result() or dialog.next_button.isEnabled(), timeout=30000)
        if dialog.isVisible():  # refused: note what it said, then 取消
            said.append(dialog.problem.text())
            qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)

    page = open_backup_page(window)
    filler = WhenShown(RestorePasswordDialog, fill, timeout_ms=30000)
    alt(qtbot, Qt.Key.Key_O, page.restore_button)
    filler.check()
    return answers, said


def _cadre_names(ws: Workspace) -> set[str]:
    with ws.read("test.inspect") as s:
        return set(s.scalars(select(Cadre.name)))


def _reopened(qtbot, window: MainWindow) -> tuple[app.Next, MainWindow]:
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    step = app.after_close(window)
    assert step is not None and step.workspace is not None, step
    new = _window(qtbot, step.workspace)
    new.tell(step.message, step.failed)
    return step, new


def test_window_and_command_line_backups_restore_to_identical_content(qtbot, demo_db: Path, tmp_path: Path,
                                                                       monkeypatch):
    cli_backup = tmp_path / "cli-backup.db"
    assert frontline("backup", "--db", str(demo_db), "--out", str(cli_backup)).returncode == 0
    key = _key(demo_db)
    at_backup = _content(demo_db, key)

    window = _window(qtbot, Workspace.open(demo_db, "admin", PASSWORD))
    window_backup = tmp_path / "window-backup.db"
    _backup_from_window(qtbot, window, monkeypatch, window_backup)
    # Work goes on after the backups.
    cadre_files.save(window.ws, cadre_files.CadreFile(fields={"name": NEWCOMER, "sex": "男", "birth": "1985.06"}))

    for backup in (window_backup, cli_backup):
        answers, said = _restore_from_window(qtbot, window, monkeypatch, backup)
        assert said == []
        (confirmation,) = answers.asked
        assert f"将用备份\n{backup}\n替换当前数据库\n{demo_db}" in confirmation
        assert "它将改名为\ndemo.被恢复替换-" in confirmation
        assert f"保留在同一文件夹 {demo_db.parent} 中" in confirmation
        assert "以账户 admin 重新打开" in confirmation
        step, window = _reopened(qtbot, window)
        assert not step.failed
        assert step.message.startswith(f"已用备份 {backup} 恢复了数据库 {demo_db}。")
        qtbot.waitUntil(lambda a=answers: len(a.asked) == 2, timeout=5000)
        assert answers.asked[1] == step.message  # told in a box once the window is up
        assert window.ws.db.path == demo_db and window.ws.actor.username == "admin"
        assert window.chain_label.text() == "审计链正常"
        assert NEWCOMER not in _cadre_names(window.ws)
        window.close()
        assert _content(demo_db, key) == at_backup, backup.name
        window = _window(qtbot, Workspace.open(demo_db, "admin", PASSWORD))

    window.close()
    kept = sorted(tmp_path.glob("demo.被恢复替换-*.db"))
    assert len(kept) == 2 and all(slots_path(p).exists() for p in kept)
    holding = []
    for copy in kept:  # two restores within a second: their names do not sort by time
        replaced = Workspace.open(copy, "admin", PASSWORD)
        try:
            holding.append(NEWCOMER in _cadre_names(replaced))
        finally:
            replaced.close()
    assert sorted(holding) == [False, True]  # the work done after the backups is kept in one


def test_a_wrong_password_or_a_damaged_backup_is_said_and_nothing_closes(qtbot, demo_ws: Workspace, tmp_path: Path,
                                                                         monkeypatch):
    window = _window(qtbot, demo_ws)
    backup = tmp_path / "backup.db"
    _backup_from_window(qtbot, window, monkeypatch, backup)
    before = data_digest(demo_ws)

    answers, said = _restore_from_window(qtbot, window, monkeypatch, backup, password="not it")
    assert said == ["用户名或密码错误"]
    assert answers.asked == []

    damaged = tmp_path / "damaged.db"
    data = bytearray(backup.read_bytes())
    data[len(data) // 2: len(data) // 2 + 64] = bytes(64)
    damaged.write_bytes(bytes(data))
    slots_path(damaged).write_bytes(slots_path(backup).read_bytes())
    answers, said = _restore_from_window(qtbot, window, monkeypatch, damaged)
    assert said and said[0].startswith("备份 damaged.db 已损坏，不能用它恢复"), said

    assert window.isVisible() and window.restore_request is None
    assert data_digest(demo_ws) == before
    assert sorted(p.name for p in tmp_path.iterdir() if "被恢复替换" in p.name) == []


def test_no_room_for_the_restored_copy_is_said_before_closing(qtbot, templates, tmp_path: Path, monkeypatch):
    size = templates["demo"].stat().st_size
    with mounted(tmp_path / "small", size=f"{size * 2 // 1024 + 512}k") as small:
        db = small / "demo.db"
        db.write_bytes(templates["demo"].read_bytes())
        slots_path(db).write_bytes(slots_path(templates["demo"]).read_bytes())
        ws = Workspace.open(db, "admin", PASSWORD)
        window = _window(qtbot, ws)
        backup = tmp_path / "backup.db"
        _backup_from_window(qtbot, window, monkeypatch, backup)
        filler = small / "filler"
        filler.write_bytes(bytes(max(0, shutil.disk_usage(small).free - size // 2)))
        _answers, said = _restore_from_window(qtbot, window, monkeypatch, backup)
        assert len(said) == 1 and said[0].startswith("磁盘空间不足：恢复需要约"), said
        assert f"{small} 所在的磁盘只剩" in said[0]
        assert window.isVisible()
        window.close()
        ws.close()


def test_cancelling_the_confirmation_changes_nothing(qtbot, demo_ws: Workspace, tmp_path: Path, monkeypatch):
    window = _window(qtbot, demo_ws)
    backup = tmp_path / "backup.db"
    _backup_from_window(qtbot, window, monkeypatch, backup)
    answers, said = _restore_from_window(qtbot, window, monkeypatch, backup, confirm=False)
    assert said == [] and len(answers.asked) == 1
    assert window.isVisible() and window.restore_request is None


def test_another_accounts_password_restores_then_asks_to_log_in(qtbot, demo_db: Path, tmp_path: Path, monkeypatch):
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    accounts.add_account(ws, "zhangsan", "Zhangsan-pw1", display_name="张三")
    window = _window(qtbot, ws)
    backup = tmp_path / "backup.db"
    _backup_from_window(qtbot, window, monkeypatch, backup)
    _restore_from_window(qtbot, window, monkeypatch, backup, password="Zhangsan-pw1", user="zhangsan")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    step = app.after_close(window)
    assert step is not None and step.workspace is None and not step.failed
    assert step.db == str(demo_db) and step.user == "admin"
    assert "请以恢复后的数据库中的账户登录" in step.message
    login = LoginDialog(Settings(), initial_db=step.db, initial_user=step.user, notice=step.message,
                        notice_failed=step.failed)
    qtbot.addWidget(login)
    login.show()
    assert login.db_edit.text() == str(demo_db) and login.user_edit.text() == "admin"
    assert login.status.text() == step.message
    assert login.password_edit.hasFocus() or login.focusWidget() is login.password_edit
    qtbot.keyClicks(login.password_edit, PASSWORD)
    with qtbot.waitSignal(login.accepted, timeout=10000):
        qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    assert login.workspace is not None
    login.workspace.close()


def test_a_restore_that_fails_after_closing_reopens_the_same_database(qtbot, demo_ws: Workspace, tmp_path: Path,
                                                                      monkeypatch):
    from desktop.errors import StorageError
    from desktop.services.admin import backups

    window = _window(qtbot, demo_ws)
    backup = tmp_path / "backup.db"
    _backup_from_window(qtbot, window, monkeypatch, backup)
    before = data_digest(demo_ws)

    def disk_fails(*_args, **_kwargs):
        raise StorageError(f"磁盘空间不足，无法写入 {demo_ws.db.path.parent}")

    monkeypatch.setattr(backups, "restore", disk_fails)  # what no check beforehand can foresee
    _restore_from_window(qtbot, window, monkeypatch, backup)
    step, new = _reopened(qtbot, window)
    assert step.failed and step.message.startswith("恢复没有完成：磁盘空间不足")
    assert "当前数据库没有改动" in step.message
    assert new.ws.db.path == demo_ws.db.path
    assert data_digest(new.ws) == before
    new.close()


@pytest.mark.parametrize("restoring", [True, False], ids=["restore", "quit"])
def test_the_start_up_loop(qtbot, demo_db: Path, tmp_path: Path, monkeypatch, restoring: bool):
    """app.run as a clerk goes through it: login, the window, a restore, the window again."""
    from PySide6.QtWidgets import QApplication, QDialog

    backup = tmp_path / "backup.db"
    assert frontline("backup", "--db", str(demo_db), "--out", str(backup)).returncode == 0
    logins: list[LoginDialog] = []

    def log_in(dialog: LoginDialog) -> int:
        logins.append(dialog)
        dialog.workspace = Workspace.open(dialog.db_edit.text(), dialog.user_edit.text() or "admin", PASSWORD)
        return QDialog.DialogCode.Accepted

    windows: list[MainWindow] = []

    def event_loop(_app) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        windows.append(window)
        if restoring and len(windows) == 1:
            window.request_restore(restore_flow.RestoreRequest(backup, demo_db, "admin", PASSWORD, "admin"))
        else:
            window.close()
        return 0

    monkeypatch.setattr(LoginDialog, "exec", log_in)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    monkeypatch.setattr(MainWindow, "tell", lambda self, message, failed=False: None)
    assert app.run(str(demo_db)) == 0
    assert len(logins) == 1  # the restored database reopened without asking again
    assert len(windows) == (2 if restoring else 1)
    if restoring:
        assert windows[1].ws.db.path == demo_db and windows[1].ws is not windows[0].ws
        assert list(tmp_path.glob("demo.被恢复替换-*.db"))
