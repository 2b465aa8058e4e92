"""Roles from the command line: `account-add --role`, `account-role`, `account-scope`,
`accounts`, `audit list|export`, and refusals (exit 1, one Chinese line, no traceback)."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.cli_runner import frontline
from tests.cli.test_cli import assert_clean_failure

OTHER = "other-password-1"


def _add(db: Path, name: str, role: str | None, *, user: str = "admin", password: str | None = None):
    args = ["account-add", "--db", str(db), "--name", name, "--user", user]
    if role is not None:
        args += ["--role", role]
    env = {"FRONTLINE_NEW_PASSWORD": OTHER}
    return frontline(*args, env=env, **({"password": password} if password else {}))


def _accounts(db: Path) -> dict[str, dict[str, object]]:
    listed = frontline("accounts", "--db", str(db), "--json")
    assert listed.returncode == 0, listed.stderr
    return {a["username"]: a for a in json.loads(listed.stdout)}


def test_accounts_get_roles_and_the_auditor_reads_only_the_log(demo_db: Path, tmp_path: Path):
    db = demo_db
    added = _add(db, "shenji", "安全审计员")
    assert added.returncode == 0, added.stderr
    assert "已添加账户 shenji（安全审计员）" in added.stdout
    assert _add(db, "baomi", "security").returncode == 0
    assert _add(db, "xitong", "系统管理员").returncode == 0
    listed = _accounts(db)
    assert (listed["shenji"]["role"], listed["baomi"]["role_label"], listed["admin"]["role_label"]) == \
        ("auditor", "安全保密管理员", "管理员（全部权限）")

    refused = frontline("list", "--db", str(db), "--user", "shenji", password=OTHER)
    assert_clean_failure(refused, 1, "frontline：账户 shenji（安全审计员）无权查看干部档案（cadre.read）")
    assert len(refused.stderr.strip().splitlines()) == 1 and refused.stdout == ""
    assert_clean_failure(frontline("export", "roster", "--db", str(db), "--user", "shenji", "--format", "xlsx",
                                   "--out", str(tmp_path / "r.xlsx"), password=OTHER), 1, "无权导出数据")
    assert not (tmp_path / "r.xlsx").exists()

    log = frontline("audit", "list", "--db", str(db), "--user", "shenji", "--action", "account", "--json",
                    password=OTHER)
    assert log.returncode == 0, log.stderr
    rows = json.loads(log.stdout)
    assert {r["action"] for r in rows} == {"account.create"} and len(rows) == 3
    out = tmp_path / "审计日志.xlsx"
    exported = frontline("audit", "export", "--db", str(db), "--user", "shenji", "--out", str(out), password=OTHER)
    assert exported.returncode == 0, exported.stderr
    cells = [c.value for row in load_workbook(out).active.iter_rows() for c in row]
    assert "account.create" in cells and "demo.generate" in cells
    newest = json.loads(frontline("audit", "list", "--db", str(db), "--user", "shenji", "--limit", "1", "--json",
                                  password=OTHER).stdout)
    assert (newest[0]["actor"], newest[0]["action"]) == ("shenji", "audit.export")
    assert_clean_failure(frontline("audit", "list", "--db", str(db), "--user", "xitong", password=OTHER), 1,
                         "账户 xitong（系统管理员）无权查看审计日志（audit.read）")


def test_the_system_administrator_adds_accounts_and_the_security_administrator_gives_roles(demo_db: Path):
    db = demo_db
    assert _add(db, "xitong", "sysadmin").returncode == 0
    assert _add(db, "baomi", "安全保密管理员").returncode == 0
    made = _add(db, "wang", None, user="xitong", password=OTHER)
    assert made.returncode == 0, made.stderr
    assert "已添加账户 wang（待分配角色）" in made.stdout
    assert_clean_failure(_add(db, "li", "经办人", user="xitong", password=OTHER), 1,
                         "只能添加待分配角色的账户，角色由安全保密管理员分配")
    assert_clean_failure(frontline("account-role", "--db", str(db), "--user", "xitong", "--account", "wang",
                                   "--role", "经办人", password=OTHER), 1, "无权修改账户（account.role）")
    given = frontline("account-role", "--db", str(db), "--user", "baomi", "--account", "wang", "--role", "经办人",
                      password=OTHER)
    assert given.returncode == 0, given.stderr
    assert "已将账户 wang 的角色改为 经办人" in given.stdout
    assert_clean_failure(frontline("account-role", "--db", str(db), "--user", "baomi", "--account", "wang",
                                   "--role", "admin", password=OTHER), 1, "不能授予全部权限")
    assert_clean_failure(frontline("account-role", "--db", str(db), "--account", "wang", "--role", "总管"), 1,
                         "没有“总管”这个角色")

    campaigns = frontline("report-campaigns", "--db", str(db))
    first = campaigns.stdout.splitlines()[1].split()[0]
    scoped = frontline("account-scope", "--db", str(db), "--user", "baomi", "--account", "wang",
                       "--campaign", first, password=OTHER)
    assert scoped.returncode == 0, scoped.stderr
    assert _accounts(db)["wang"]["scope"].startswith("考核：")
    everyone = json.loads(frontline("list", "--db", str(db), "--json").stdout)
    mine = json.loads(frontline("list", "--db", str(db), "--user", "wang", "--json", password=OTHER).stdout)
    assert 0 < len(mine) < len(everyone)

    # Only the security administrator resets another account's password.
    reset = frontline("passwd", "--db", str(db), "--user", "baomi", "--account", "wang", password=OTHER,
                      env={"FRONTLINE_NEW_PASSWORD": "brand-new-pass-1"})
    assert reset.returncode == 0, reset.stderr
    refused = frontline("passwd", "--db", str(db), "--user", "xitong", "--account", "wang", password=OTHER,
                        env={"FRONTLINE_NEW_PASSWORD": "brand-new-pass-2"})
    assert_clean_failure(refused, 1, "账户 xitong（系统管理员）无权修改账户（account.password.reset）")
    assert frontline("list", "--db", str(db), "--user", "wang", password="brand-new-pass-1").returncode == 0


def test_accounts_are_deactivated_reactivated_and_the_idle_lock_set(demo_db: Path):
    from desktop.services.admin import queries as admin_queries
    from desktop.services.workspace import Workspace
    from tests.conftest import PASSWORD

    db = str(demo_db)
    assert _add(demo_db, "xitong", "系统管理员").returncode == 0
    assert _add(demo_db, "wang", "经办人").returncode == 0

    def run(*args: str, user: str = "xitong", new: str | None = None):
        env = {"FRONTLINE_NEW_PASSWORD": new} if new else None
        return frontline(*args, "--db", db, "--user", user, password=OTHER, env=env)

    assert_clean_failure(run("account-deactivate", "xitong", user="wang"), 1, "无权修改账户（account.update）")
    assert_clean_failure(run("account-deactivate", "admin"), 1, "账户 admin 是最后一个能分配角色和重置密码的账户")
    assert_clean_failure(run("account-deactivate", "nobody"), 1, "账户 nobody 不存在")
    done = run("account-deactivate", "wang")
    assert done.returncode == 0, done.stderr
    assert "已停用账户 wang：其密钥已销毁" in done.stdout
    assert _accounts(demo_db)["wang"]["active"] is False
    assert run("list", user="wang").returncode == 1  # its password opens nothing now
    assert_clean_failure(run("account-deactivate", "wang"), 1, "账户 wang 已停用")
    assert_clean_failure(run("account-reactivate", "wang", new="short"), 1, "密码至少需要")
    assert _accounts(demo_db)["wang"]["active"] is False
    back = run("account-reactivate", "wang", new="new-password-7")
    assert back.returncode == 0, back.stderr
    assert "已重新启用账户 wang" in back.stdout
    assert frontline("list", "--db", db, "--user", "wang", "--limit", "1", password="new-password-7").returncode == 0
    assert_clean_failure(run("account-reactivate", "wang", new="new-password-8"), 1, "账户 wang 已是启用状态")

    assert_clean_failure(run("idle-lock", "0"), 1, "自动锁定时间须在 1—60 分钟之间")
    assert_clean_failure(run("idle-lock", "61"), 1, "自动锁定时间须在 1—60 分钟之间")
    assert_clean_failure(frontline("idle-lock", "5", "--db", db, "--user", "wang", password="new-password-7"), 1,
                         "账户 wang（经办人）无权")
    assert run("idle-lock", "abc").returncode == 2
    set_ = run("idle-lock", "15")
    assert set_.returncode == 0 and "15 分钟后自动锁定" in set_.stdout, set_.stderr
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    try:
        assert admin_queries.idle_lock_minutes(ws) == 15
    finally:
        ws.close()
