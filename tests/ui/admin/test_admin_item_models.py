"""The 系统管理 lists (automatic backups, accounts, point rules) pass pytest-qt's model tester
(Python port, re-run on every reset) on the demo database, on an empty one, and after each
page reloads with a new row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.services.admin import accounts, backups
from desktop.services.ledger import ledger
from desktop.services.workspace import Workspace
from desktop.ui.admin.admin_pages import AccountsPage, RulesPage
from desktop.ui.admin.backup_list_model import BackupListModel
from desktop.ui.admin.backup_page import BackupPage
from desktop.ui.admin.backup_runner import BackupRunner
from tests.ui.model_checks import check, column, headers, shown

START = dt.datetime(2026, 3, 1, 9, 30)


def _backup_page(qtbot, ws: Workspace) -> BackupPage:
    runner = BackupRunner(ws)
    page = shown(qtbot, BackupPage(ws, runner))
    runner.setParent(page)
    return page


def test_backup_list(qtbot, qtmodeltester, demo_ws: Workspace, tmp_path: Path):
    usb = tmp_path / "usb"
    usb.mkdir()
    backups.save_settings(demo_ws, backups.BackupSettings(str(usb), 5, True, True))
    made = [backups.run_automatic(demo_ws, START + dt.timedelta(days=n)) for n in range(2)]
    page = _backup_page(qtbot, demo_ws)
    model = page.model
    assert isinstance(model, BackupListModel)
    check(qtbot, qtmodeltester, model)
    assert column(model, 2) == [made[1].name, made[0].name]  # newest first
    assert headers(model) == ["备份时间", "大小", "文件名"]
    newest = backups.run_automatic(demo_ws, START + dt.timedelta(days=2))
    page.reload()  # as after a backup finishes
    assert column(model, 0)[0] == "2026-03-03 09:30:00" and column(model, 2)[0] == newest.name


def test_accounts(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, AccountsPage(demo_ws))
    model = page.model
    check(qtbot, qtmodeltester, model)
    assert column(model, 0) == ["admin"]
    accounts.add_account(demo_ws, "zhangsan", "Password-123", display_name="张三")
    page.reload()
    assert sorted(column(model, 0)) == ["admin", "zhangsan"] and "张三" in column(model, 1)


def test_point_rules(qtbot, qtmodeltester, demo_ws: Workspace):
    page = shown(qtbot, RulesPage(demo_ws))
    model = page.model
    check(qtbot, qtmodeltester, model)
    rules = model.rowCount()
    assert rules > 0 and headers(model)[:3] == ["维度", "加分/扣分", "行为类型"]
    ledger.save_rule(demo_ws, "政治担当", "台风抢险中带头冲锋在前", True, 5, 3, 8)
    page.reload()
    assert model.rowCount() == rules + 1 and "台风抢险中带头冲锋在前" in column(model, 2)


@pytest.mark.parametrize("name", ["backups", "accounts", "rules"])
def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace, name: str):
    page = {"backups": _backup_page, "accounts": lambda q, w: shown(q, AccountsPage(w)),
            "rules": lambda q, w: shown(q, RulesPage(w))}[name](qtbot, ws)
    model = page.model
    check(qtbot, qtmodeltester, model)
    if name == "backups":
        assert model.rowCount() == 0  # no folder chosen yet
    elif name == "accounts":
        assert column(model, 0) == ["admin"]  # the one who created it
    else:
        assert model.rowCount() > 0  # a new database comes with the default rules
