"""The administration screens' and the main window's reads (services/admin/queries.py): the
values they show, plain rows only, each behind the permission hook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models import Cadre, PointRule
from desktop.services.admin import accounts, backups, queries, verify
from desktop.services.campaigns import fieldwork
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.ledger import queries as ledger_queries
from desktop.services.workspace import Workspace
from desktop.store import migrate
from tests.services.admin.plain_rows import assert_plain, refused


def test_accounts_with_their_linked_cadre(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        cadre_id, name = s.execute(select(Cadre.id, Cadre.name).order_by(Cadre.id).limit(1)).one()
    accounts.add_account(demo_ws, "clerk", "Clerk password", display_name="王科员")
    accounts.link_cadre(demo_ws, "clerk", cadre_id)
    accounts.set_active(demo_ws, "clerk", False)
    rows = queries.account_rows(demo_ws)
    assert [r.username for r in rows] == ["admin", "clerk"]
    admin, clerk = rows
    assert (admin.role_label, admin.state, admin.cadre) == ("管理员（全部权限）", "使用中", "")
    assert (clerk.display_name, clerk.state, clerk.cadre_id, clerk.cadre) == ("王科员", "已停用", cadre_id, name)
    assert_plain(rows)
    refused("account.read", lambda: queries.account_rows(demo_ws))


def test_point_rules_active_or_all(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        first = s.scalars(select(PointRule).order_by(PointRule.dimension, PointRule.positive.desc(), PointRule.id)
                          .limit(1)).one()
        expected = (first.id, first.dimension, first.behaviour, first.positive, first.points, first.min_points,
                    first.max_points)
        total = s.scalar(select(func.count()).select_from(PointRule))
    rules = ledger_queries.point_rules(demo_ws)
    assert (rules[0].id, rules[0].dimension, rules[0].behaviour, rules[0].positive, rules[0].points,
            rules[0].min_points, rules[0].max_points) == expected
    assert len(rules) == total and all(r.active for r in rules)
    # A retired rule is listed only on the rules page, which asks for every rule.
    from desktop.services.ledger import ledger

    ledger.save_rule(demo_ws, first.dimension, first.behaviour, first.positive, first.points, first.min_points,
                     first.max_points, first.id, active=False)
    assert first.id not in {r.id for r in ledger_queries.point_rules(demo_ws)}
    everything = ledger_queries.point_rules(demo_ws, include_inactive=True)
    assert len(everything) == total and not next(r for r in everything if r.id == first.id).active
    assert_plain(everything)
    refused("ledger.read", lambda: ledger_queries.point_rules(demo_ws))


# Backs up the encrypted file; an office server is backed up with pg_dump (refused here).
@pytest.mark.file_only
def test_backup_rows_newest_first_with_the_key_file_in_the_size(demo_ws: Workspace, tmp_path: Path):
    usb = tmp_path / "usb"
    usb.mkdir()
    backups.save_settings(demo_ws, backups.BackupSettings(str(usb), 7, True, True))
    older = backups.run_automatic(demo_ws, now=dt.datetime(2026, 3, 1, 9, 30, 5))
    newer = backups.run_automatic(demo_ws, now=dt.datetime(2026, 3, 2, 17, 0, 0))
    (usb / "别的文件.db").write_bytes(b"not ours")
    rows = queries.backup_rows(demo_ws, usb)
    assert [r.path for r in rows] == [newer, older]
    assert rows[1].time_text == "2026-03-01 09:30:05"
    assert rows[0].size == newer.stat().st_size + Path(f"{newer}.keys").stat().st_size
    assert queries.backup_rows(demo_ws, tmp_path / "no such stick") == []
    assert_plain(rows)
    refused("backup.read", lambda: queries.backup_rows(demo_ws, usb))


def test_about_names_the_file_and_its_schema_version(demo_ws: Workspace):
    about = queries.about(demo_ws)
    assert about.path == demo_ws.db.path
    assert about.schema_version == migrate.head_revision()
    assert_plain(about)
    refused("database.read", lambda: queries.about(demo_ws))


def test_verify_reads_pages_and_chain_under_their_rights(demo_ws: Workspace):
    assert all(c.ok for c in verify.run_all(demo_ws))
    refused("database.read", lambda: verify.run_all(demo_ws))
    refused("audit.read", lambda: verify.run_all(demo_ws))


def test_the_acting_accounts_talk_drafts(demo_ws: Workspace):
    payload = {"talk_id": None, "content": "正在记录的谈话"}
    talk = fieldwork.save_draft(demo_ws, "talk", payload, "与张某谈话")
    other = fieldwork.save_draft(demo_ws, "visit", {"x": 1}, "走访草稿")
    [row] = campaign_queries.talk_drafts(demo_ws)
    assert (row.id, row.kind, row.title, row.payload) == (talk, "talk", "与张某谈话", payload)
    assert row.updated_at.tzinfo is not None
    assert campaign_queries.draft(demo_ws, other).title == "走访草稿"
    assert campaign_queries.draft(demo_ws, 10**9) is None
    assert_plain([row, campaign_queries.draft(demo_ws, other)])
    refused("fieldwork.read", lambda: campaign_queries.talk_drafts(demo_ws))
    refused("fieldwork.read", lambda: campaign_queries.draft(demo_ws, talk))


def test_cadre_names_in_the_order_asked(demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        rows = s.execute(select(Cadre.id, Cadre.name).order_by(Cadre.id.desc()).limit(3)).all()
    assert campaign_queries.cadre_names(demo_ws, [i for i, _ in rows] + [10**9]) == [n for _, n in rows]
    refused("cadre.read", lambda: campaign_queries.cadre_names(demo_ws, [rows[0][0]]))
