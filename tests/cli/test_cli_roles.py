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
