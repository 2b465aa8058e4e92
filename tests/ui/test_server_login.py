"""Logging in to an office server: the connection dialog builds the address, the login dialog
sends the password to the server only (over TLS)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.services.office_server import ServerAddress
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.server_dialog import ServerDialog
from desktop.ui.settings import Settings
from tests import pg_server
from tests.pg_fixtures import server_copy


def test_the_connection_dialog_builds_the_address_and_keeps_tls_off_this_machine(qtbot):
    server = ServerDialog("", "wang")
    qtbot.addWidget(server)
    server.show()
    qtbot.keyClicks(server.host_edit, "192.168.1.10")
    server.tls_combo.setCurrentIndex(server.tls_combo.findData("disable"))
    server.accept()  # off this machine TLS cannot be turned off: said, the dialog stays
    assert "必须使用 TLS" in server.status.text() and server.isVisible()
    server.tls_combo.setCurrentIndex(server.tls_combo.findData("verify-full"))
    server.port_spin.setValue(6432)
    with qtbot.waitSignal(server.accepted, timeout=3000):
        qtbot.keyClick(server.user_edit, Qt.Key.Key_Return)
    assert server.url == "postgresql://wang@192.168.1.10:6432/frontline?sslmode=verify-full"
    again = ServerDialog(server.url, "")  # opened again on that address: the same fields
    qtbot.addWidget(again)
    assert (again.host_edit.text(), again.port_spin.value(), again.user_edit.text(),
            again.tls_combo.currentData()) == ("192.168.1.10", 6432, "wang", "verify-full")


def test_the_login_dialog_opens_a_server_database_with_the_accounts_password(
        qtbot, pg: pg_server.TestServer, pg_templates: dict[str, str]):
    database = ServerAddress.parse(server_copy(pg, pg_templates["empty"])).database
    settings = Settings()
    dialog = LoginDialog(settings, f"postgresql://admin@127.0.0.1:{pg.port}/{database}")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, "wrong")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "用户名或密码错误" in dialog.status.text(), timeout=20000)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, pg_server.ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.workspace is not None and dialog.workspace.actor.username == pg_server.ADMIN
    assert settings.last_db == f"postgresql://admin@127.0.0.1:{pg.port}/{database}"  # never the password
    dialog.workspace.close()
