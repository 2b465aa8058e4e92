"""`frontline migrate-db`: a demo database to the office server and back, proven by counts and hashes."""

from __future__ import annotations

import os
import re
from pathlib import Path

from desktop.services.workspace import Workspace
from desktop.store import content
from tests import pg_server
from tests.cli.cli_runner import frontline
from tests.conftest import PASSWORD
from tests.pg_fixtures import throwaway_database


def _digest(output: str) -> str:
    found = re.search(r"内容哈希一致（([0-9a-f]{64})）", output)
    assert found, output
    return found.group(1)


def test_a_demo_database_moves_to_the_server_and_back_with_identical_counts_and_hashes(
        demo_db: Path, pg: pg_server.TestServer, tmp_path: Path):
    with_file = Workspace.open(demo_db, "admin", PASSWORD)
    with with_file.db.connect() as conn:
        before = content.digests(conn)
    with_file.close()
    url = throwaway_database(pg, f"moved_{os.getpid()}")

    there = frontline("migrate-db", "--from", str(demo_db), "--to", url,
                      env={"FRONTLINE_TARGET_PASSWORD": pg_server.ADMIN_PASSWORD})
    assert there.returncode == 0, there.stderr
    assert f"cadre\t{before['cadre'][0]}" in there.stdout
    assert _digest(there.stdout) == content.overall(before)

    again = frontline("migrate-db", "--from", str(demo_db), "--to", url,
                      env={"FRONTLINE_TARGET_PASSWORD": pg_server.ADMIN_PASSWORD})
    assert again.returncode == 1 and "已经建好了表" in again.stderr  # never over a database in use

    on_server = Workspace.open(url, "", "")
    with on_server.db.connect() as conn:
        server_state = content.digests(conn)  # the same data, plus the move's own audit entry
    on_server.close()
    assert server_state["cadre"] == before["cadre"] and server_state["audit_entry"][0] == before["audit_entry"][0] + 1

    back = tmp_path / "back.db"
    home = frontline("migrate-db", "--from", url, "--to", str(back), password=pg_server.ADMIN_PASSWORD,
                     env={"FRONTLINE_TARGET_PASSWORD": PASSWORD})
    assert home.returncode == 0, home.stderr
    assert "新数据库的恢复密钥" in home.stdout
    assert _digest(home.stdout) == content.overall(server_state)

    returned = Workspace.open(back, "admin", PASSWORD)
    try:
        with returned.db.connect() as conn:
            after = content.digests(conn)
        from desktop.services.admin import verify

        assert all(c.ok for c in verify.run_all(returned)), verify.run_all(returned)
    finally:
        returned.close()
    # Every table, row for row: only the audit log grew by the two moves' own entries.
    assert {t: v for t, v in after.items() if t not in ("audit_entry", "audit_head")} == \
        {t: v for t, v in before.items() if t not in ("audit_entry", "audit_head")}
    assert after["audit_entry"][0] == before["audit_entry"][0] + 2


def test_a_move_by_an_account_that_is_not_an_administrator_is_refused(demo_db: Path, pg: pg_server.TestServer):
    url = throwaway_database(pg, f"refused_{os.getpid()}")
    other = url.replace(f"{pg_server.ADMIN}@", "nobody_here@")
    refused = frontline("migrate-db", "--from", str(demo_db), "--to", other, env={"FRONTLINE_TARGET_PASSWORD": ""})
    assert refused.returncode == 1
    assert "目标的账户 nobody_here 须是源数据库中启用的管理员" in refused.stderr
