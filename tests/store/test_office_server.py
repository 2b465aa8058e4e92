"""The office server: connecting (passwords, TLS), schema versions, and several clerks at once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, func, select, text

from desktop.errors import (
    AlreadyExists,
    DatabaseNotFound,
    DatabaseTooNew,
    FrontlineError,
    PermissionDenied,
    WrongPassword,
)
from desktop.models import Account, AuditEntry, PointEntry
from desktop.models.audit import GENESIS_HASH
from desktop.services.admin import accounts
from desktop.services.cadres import cadre_files, queries
from desktop.services.cadres.conflicts import EditConflict
from desktop.services.workspace import Workspace
from desktop.store import migrate
from desktop.store.chain_guard import verify_links
from desktop.store.server import SchemaOutdated, ServerAddress
from tests import pg_server
from tests.pg_fixtures import location_for, server_copy, throwaway_database
from tests.store import objections_at_0009

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def office(pg: pg_server.TestServer, pg_templates: dict[str, str]) -> str:
    """A copy of the demo database on the test server; its address for the administrator."""
    return server_copy(pg, pg_templates["demo"])


def _name(url: str) -> str:
    return ServerAddress.parse(url).database


def test_an_address_with_a_password_or_without_tls_off_this_machine_is_refused():
    with pytest.raises(FrontlineError, match="不能写密码"):
        ServerAddress.parse("postgresql://wang:secret@192.168.1.10/frontline")
    with pytest.raises(FrontlineError, match="必须使用 TLS"):
        ServerAddress.parse("postgresql://wang@192.168.1.10/frontline?sslmode=disable")
    assert ServerAddress.parse("postgresql://wang@192.168.1.10/frontline").sslmode == "require"
    assert ServerAddress.parse("postgresql://wang@127.0.0.1/frontline?sslmode=disable").loopback


def test_over_tcp_the_password_is_checked_and_tls_is_used(pg: pg_server.TestServer, office: str):
    tcp = pg.tcp_url(_name(office), pg_server.ADMIN)
    with pytest.raises(WrongPassword, match="用户名或密码错误"):
        Workspace.open(tcp, "", "wrong password")
    ws = Workspace.open(tcp, "", pg_server.ADMIN_PASSWORD)
    try:
        assert ws.actor.username == pg_server.ADMIN
        with ws.db.connect() as conn:
            assert conn.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar() is True
        assert ws.db.location == tcp.replace("?sslmode=require", "")
    finally:
        ws.close()


def test_a_database_without_tables_and_a_server_schema_newer_than_the_program(pg: pg_server.TestServer, office: str):
    empty = throwaway_database(pg, f"empty_{os.getpid()}")
    with pytest.raises(DatabaseNotFound, match=r"还没有建表.*frontline init"):
        Workspace.open(empty, "", "")
    pg.psql("UPDATE alembic_version SET version_num = '0099'", _name(office))
    with pytest.raises(DatabaseTooNew, match=r"0099.*请升级一线考核程序"):
        Workspace.open(office, "", "")


def _server_at(pg: pg_server.TestServer, revision: str, fill: Callable[[Connection], None] | None = None) -> str:
    """A server database left at schema `revision` (as the program of that schema made it),
    with `fill`'s rows written in that schema's columns."""
    url = throwaway_database(pg, f"old_{revision}_{os.getpid()}")
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        migrate.upgrade(conn, b"k" * 32, revision)
        conn.execute(text("INSERT INTO database_meta (key, value) VALUES ('chain_key', :k)"), {"k": "ab" * 32})
        conn.execute(text("INSERT INTO account (username, display_name, role, active, created_at) VALUES "
                          "(:a, '管理员', 'admin', true, now()), ('clerk', '经办人', 'clerk', true, now())"),
                     {"a": pg_server.ADMIN})
        if fill is not None:
            fill(conn)
    engine.dispose()
    return url


def _server_at_0008(pg: pg_server.TestServer) -> str:
    url = _server_at(pg, "0008")
    pg.psql("CREATE ROLE clerk LOGIN")
    pg.psql("GRANT ALL ON ALL TABLES IN SCHEMA public TO clerk", _name(url))
    return url


def test_an_older_server_schema_is_upgraded_by_an_administrator_only(pg: pg_server.TestServer):
    url = _server_at_0008(pg)
    with pytest.raises(SchemaOutdated, match=rf"0008.*{migrate.head_revision()}.*管理员"):
        Workspace.open(url, "", "")
    clerk = replace(ServerAddress.parse(url), user="clerk").url()
    with pytest.raises(PermissionDenied, match="只有管理员可以升级"):
        Workspace.open(clerk, "", "", upgrade=True)
    ws = Workspace.open(url, "", "", upgrade=True)
    try:
        assert ws.db.schema_version() == migrate.head_revision()
    finally:
        ws.close()
    Workspace.open(clerk, "", "").close()  # now the clerk works too


def test_a_0009_server_with_objections_keeps_them_through_the_upgrade(pg: pg_server.TestServer):
    from desktop.services.grading import queries as grading_queries
    from desktop.services.grading import rounds
    from desktop.services.record_versions import StaleRecord

    def fill(conn: Connection) -> None:
        conn.execute(text("INSERT INTO unit (id, name, short_name, kind, code, sort_order, uid) "
                          "VALUES (1, '海滨市审计局', '', '', '', 0, :uid)"), {"uid": "u" * 32})
        objections_at_0009.add(lambda sql, params: conn.execute(text(sql), params), 1)

    url = _server_at(pg, "0009", fill)
    ws = Workspace.open(url, "", "", upgrade=True)
    try:
        assert ws.db.schema_version() == migrate.head_revision()
        rows = grading_queries.round_view(ws, objections_at_0009.ROUND_ID).objections
        assert {r.id: (r.content, r.handling, r.row_version) for r in rows} == {
            oid: (content, handling, 1) for oid, (content, handling) in objections_at_0009.OBJECTIONS.items()}
        rounds.handle_objection(ws, 9002, "经核实，请假均经批准，不影响定等", 1)
        with pytest.raises(StaleRecord, match="已由 " + pg_server.ADMIN):
            rounds.handle_objection(ws, 9002, "另一位的处理", 1)
        after = {r.id: (r.handling, r.row_version)
                 for r in grading_queries.round_view(ws, objections_at_0009.ROUND_ID).objections}
        assert after == {9001: ("", 1), 9002: ("经核实，请假均经批准，不影响定等", 2)}
    finally:
        ws.close()


def test_two_clerks_edit_the_same_cadre_and_the_second_save_gets_the_conflict(office: str):
    admin = Workspace.open(office, "", "")
    try:
        accounts.add_account(admin, "wang", "Wang-pass1", role="经办人")
        wang = Workspace.open(location_for(admin, "wang"), "", "Wang-pass1")
        try:
            mine = queries.file_for_editing(admin, 5)
            theirs = queries.file_for_editing(wang, 5)
            cadre_files.save(wang, replace(theirs, fields={**theirs.fields, "notes": "王干事的备注"}), 5)
            with pytest.raises(EditConflict) as caught:
                cadre_files.save(admin, replace(mine, fields={**mine.fields, "notes": "管理员的备注"}), 5)
            assert "已由 wang" in str(caught.value)
            assert [(d.mine, d.theirs) for d in caught.value.differences] == [("管理员的备注", "王干事的备注")]
            assert queries.file_for_editing(admin, 5).fields["notes"] == "王干事的备注"
        finally:
            wang.close()
    finally:
        admin.close()


APPEND = textwrap.dedent("""
    import datetime as dt, os, sys
    from desktop.services.ledger import ledger
    from desktop.services.ledger.ledger import EntryInput
    from desktop.services.workspace import Workspace
    ws = Workspace.open(sys.argv[1], "", "")
    sys.stdout.write("ready\\n"); sys.stdout.flush(); sys.stdin.readline()  # both start together
    for n in range(int(sys.argv[2])):
        ledger.add(ws, EntryInput(cadre_id=int(sys.argv[3]), date=dt.date(2026, 11, 2), dimension="政治担当",
                                  positive=True, points=1, source="一线考核", fact=f"进程 {os.getpid()} 第 {n} 条"))
    ws.close()
""")


def test_two_processes_append_to_the_ledger_at_once_and_the_chain_stays_whole(office: str, tmp_path: Path):
    ws = Workspace.open(office, "", "")
    with ws.read("test.inspect") as s:
        entries_before = s.scalar(select(func.count()).select_from(PointEntry))
        audit_before = s.scalar(select(func.max(AuditEntry.id)))
    env = {**os.environ, "FRONTLINE_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    runs = [subprocess.Popen([sys.executable, "-c", APPEND, office, "15", str(cadre)], env=env, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for cadre in (7, 8)]
    for run in runs:
        assert run.stdout is not None and run.stdout.readline() == "ready\n", run.stderr
    for run in runs:
        assert run.stdin is not None
        run.stdin.write("go\n")
        run.stdin.flush()
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    with ws.read("test.inspect") as s:
        assert s.scalar(select(func.count()).select_from(PointEntry)) == entries_before + 30
        ids = list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
        assert ids == list(range(1, len(ids) + 1)) and ids[-1] >= (audit_before or 0) + 30  # no gap, no twin
        assert verify_links(s, ws.db.chain.key, 0, GENESIS_HASH) is None
        assert ws.db.chain.check(s).status == "ok"
    ws.close()


def test_an_account_whose_login_the_server_already_has_is_refused_and_that_login_kept(
        pg: pg_server.TestServer, office: str):
    """Logins belong to the whole server: another database's clerk `li` on it must not get a new
    password because an administrator here adds an account of the same name."""
    pg.psql("CREATE ROLE li LOGIN PASSWORD 'Li-other-db-1'")  # a clerk of another database on this server
    stored = pg.psql("SELECT rolpassword FROM pg_authid WHERE rolname = 'li'")
    admin = Workspace.open(office, "", "")
    try:
        with pytest.raises(AlreadyExists, match="服务器上已有名为 li 的登录账户"):
            accounts.add_account(admin, "li", "New-pass-123", role="经办人")
        with admin.read("test.inspect") as s:
            assert s.scalar(select(func.count()).select_from(Account).where(Account.username == "li")) == 0
        accounts.add_account(admin, "li2", "New-pass-123", role="经办人")  # another name is fine
    finally:
        admin.close()
    assert pg.psql("SELECT rolpassword FROM pg_authid WHERE rolname = 'li'") == stored
