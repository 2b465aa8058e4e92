"""Every role × every action the program checks, against the rules as the issue states them
(written out here once more, action by action, not derived from permissions.RIGHTS), through
the one permission hook of Workspace.read / Workspace.run; then real reads and changes of
the services for each role; and a scan of the code for action names the table lacks."""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, cast

import pytest

from desktop.errors import PermissionDenied
from desktop.models.accounts import (
    ROLE_ADMIN,
    ROLE_AUDITOR,
    ROLE_CLERK,
    ROLE_LEADER,
    ROLE_PENDING,
    ROLE_SECURITY,
    ROLE_SYSADMIN,
    ROLE_TEAM,
    ROLES,
)
from desktop.services import permissions
from desktop.services.admin import accounts, audit_log, backups, info, roles
from desktop.services.admin import queries as admin_queries
from desktop.services.cadres import queries as cadre_queries
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.evaluation import queries as evaluation_queries
from desktop.services.exchange import roster_export
from desktop.services.indicators import queries as indicator_queries
from desktop.services.ledger import queries as ledger_queries
from desktop.services.reports import queries as report_queries
from desktop.services.units import queries as unit_queries
from desktop.services.workspace import Actor, Workspace

# --- the rules, as the issue gives them -------------------------------------------------------

EVERYONE = {"account.password.own", "database.seed", "backup.read", "backup.auto", "session.read"}
LOOKUPS = {"unit.read", "code.read", "settings.read", "database.read"}
WORK_READS = {"cadre.read", "directive.read", "campaign.read", "fieldwork.read", "evaluation.read", "ledger.read",
              "results.read", "indicator.read", "report.read", "roster.filter.save", "roster.filter.delete",
              "analysis.read", "grading.read", "result_use.read"}
REPORTS = {"report.reserve", "report.generate", "report.batch", "report.export", "report.print"}
CLERK_WORK = {
    "cadre.create", "cadre.update", "cadre.delete", "cadre.attachment.add", "cadre.attachment.remove",
    "directive.create", "directive.save", "directive.delete",
    "campaign.create", "campaign.update", "campaign.delete", "campaign.activate", "campaign.close", "campaign.team",
    "campaign.units", "campaign.cadres", "campaign.directives",
    "visit.create", "visit.save", "visit.delete", "talk.create", "talk.save", "talk.delete", "draft.save",
    "draft.discard", "template.save", "template.publish", "template.retire", "template.restore",
    "sheet.plan", "sheet.create", "sheet.fill", "sheet.delete",
    "ballot.batch", "ballot.batch_delete", "ballot.issued", "ballot.add", "ballot.undo",
    "ledger.add", "ledger.reverse", "ledger.rule",
    "target.create", "target.update", "target.delete", "verification.create", "problem.create", "problem.update",
    "indicator.create", "indicator.update", "indicator.activate", "indicator_value.record", "ranking_note.record",
    "import.read", "import.report", "import.roster", "import.annual", "import.lrmx", "import.ledger", "import.ballots",
    "export.roster", "export.statistics", "export.lrmx", "export.ledger", "export.tallies", "export.ballots",
    "export.campaigns", "export.attachment", "export.evidence", "export.rankings", "export.template.roster",
    "export.template.annual", "export.template.ledger", "export.template.ballots", "export.template.targets",
    "export.template.indicators", "package.read", "package.export", "package.import",
    # Reporting to the level above and receiving from below (上报 / 接收), and whose files to believe.
    "report_file.read", "report_file.export", "report_file.import", "report_file.key", "report_file.trust",
    "export.grades", "export.filing", "export.result_uses",
    # Judging and using the results: a clerk drafts, proposes and records; a leader signs off.
    "analysis.save", "appraisal.save", "grading.create", "grading.update", "grading.propose", "grading.notice",
    "objection.record", "result_use.create", "result_use.update", "result_use.delete",
}
EXPECTED: dict[str, set[str]] = {
    # 系统管理员: accounts, backups, settings (with the unit tree and code tables); no cadre data.
    ROLE_SYSADMIN: EVERYONE | {"account.read", "account.create", "account.update", "backup.create",
                               "backup.restore", "settings.read", "settings.update", "database.read",
                               "audit.reanchor", "unit.read", "unit.create", "unit.update", "unit.move",
                               "unit.merge", "unit.delete", "code.read", "codes.add", "codes.update"},
    # 安全保密管理员: roles and scopes, other accounts' passwords, the recovery key.
    ROLE_SECURITY: EVERYONE | {"account.read", "account.role", "account.scope", "account.password.reset",
                               "account.recovery_key", "database.read"},
    # 安全审计员: the audit log, read and exported; nothing else.
    ROLE_AUDITOR: EVERYONE | {"audit.read", "audit.export"},
    # 经办人: the daily work on cadre files and campaigns; reopening a closed campaign is a leader's.
    ROLE_CLERK: EVERYONE | LOOKUPS | WORK_READS | REPORTS | CLERK_WORK,
    # 领导: reads, reports, and signs off (closes and reopens campaigns).
    ROLE_LEADER: EVERYONE | LOOKUPS | WORK_READS | REPORTS | {"campaign.close", "campaign.reopen", "analysis.sign",
                                                              "grading.approve", "grading.finalise"},
    # 考核组成员: the field work of its campaigns.
    ROLE_TEAM: EVERYONE | LOOKUPS | WORK_READS | REPORTS | {
        "visit.create", "visit.save", "visit.delete", "talk.create", "talk.save", "talk.delete", "draft.save",
        "draft.discard", "sheet.fill", "ballot.add", "ballot.undo", "ledger.add", "ledger.reverse",
        "verification.create", "problem.create", "problem.update"},
    ROLE_PENDING: set(EVERYONE),
}
EXPECTED[ROLE_ADMIN] = set(permissions.ACTIONS)

PAIRS = [(role, action) for role in ROLES for action in permissions.ACTIONS]


def test_every_role_has_its_rules_written_out():
    assert set(EXPECTED) == set(ROLES)
    for role, actions in EXPECTED.items():
        assert actions <= set(permissions.ACTIONS), f"{role}: {sorted(actions - set(permissions.ACTIONS))}"


@pytest.fixture(scope="module")
def hooks() -> dict[str, Workspace]:
    """One workspace per role: the hook alone is exercised here (it opens no database)."""
    return {role: Workspace(cast(Any, None), Actor(f"u-{role}", role)) for role in ROLES}


@pytest.mark.parametrize(("role", "action"), PAIRS, ids=[f"{r}-{a}" for r, a in PAIRS])
def test_role_action_pair(hooks: dict[str, Workspace], role: str, action: str):
    ws = hooks[role]
    if action in EXPECTED[role]:
        ws.require(action)
        assert permissions.allowed(role, action)
    else:
        with pytest.raises(PermissionDenied) as refused:
            ws.require(action)
        message = str(refused.value)
        label = "管理员" if role == ROLE_ADMIN else permissions.ROLE_LABELS[role]
        assert f"账户 u-{role}（{label}）无权" in message and action in message


def test_an_action_nobody_listed_is_for_all_rights_only(hooks: dict[str, Workspace]):
    hooks[ROLE_ADMIN].require("something.new")
    for role in ROLES:
        if role != ROLE_ADMIN:
            with pytest.raises(PermissionDenied):
                hooks[role].require("something.new")


# --- the code checks no action the table lacks ------------------------------------------------

def _values(consts: dict[str, object], e: ast.expr) -> list[object]:
    """What an argument can be: a literal, either branch of `a if c else b`, a module constant."""
    if isinstance(e, ast.Constant):
        return [e.value]
    if isinstance(e, ast.IfExp):
        return _values(consts, e.body) + _values(consts, e.orelse)
    if isinstance(e, ast.Name) and e.id in consts:
        return [consts[e.id]]
    return []


def _literal_actions() -> set[str]:
    """Dotted literals passed to ws.run / ws.read / ws.require / campaigns._link, and the
    module constants they name, anywhere under desktop/."""
    found: set[str] = set()
    root = Path(__file__).resolve().parents[2] / "desktop"
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        consts = {n.targets[0].id: n.value.value for n in ast.walk(tree)
                  if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
                  and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)}
        values = partial(_values, consts)

        for n in ast.walk(tree):
            if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute | ast.Name)):
                continue
            name = n.func.attr if isinstance(n.func, ast.Attribute) else n.func.id
            receiver = n.func.value if isinstance(n.func, ast.Attribute) else None
            if name in ("run", "read", "require") and isinstance(receiver, ast.Name | ast.Attribute):
                owner = receiver.id if isinstance(receiver, ast.Name) else receiver.attr
                if owner in ("ws", "self") and n.args:
                    found.update(v for v in values(n.args[0]) if isinstance(v, str) and "." in v)
            elif name == "_link" and len(n.args) > 1:
                found.update(v for v in values(n.args[1]) if isinstance(v, str))
    return {a for a in found if not a.startswith("test.")}


def test_every_action_the_code_checks_is_in_the_table():
    used = _literal_actions()
    assert len(used) > 60  # the scan finds the code's actions
    assert used - set(permissions.ACTIONS) == set()


# --- real reads and changes through the services, per role ------------------------------------

READS: dict[str, Callable[[Workspace], object]] = {
    "cadre.read": lambda ws: cadre_queries.roster_ids(ws, RosterFilter()),
    "campaign.read": lambda ws: campaign_queries.campaign_rows(ws),
    "fieldwork.read": lambda ws: campaign_queries.fieldwork_records(ws),
    "directive.read": lambda ws: campaign_queries.directive_rows(ws),
    "evaluation.read": lambda ws: evaluation_queries.template_rows(ws),
    "ledger.read": lambda ws: ledger_queries.point_rules(ws),
    "indicator.read": lambda ws: indicator_queries.set_rows(ws),
    "report.read": lambda ws: report_queries.cadres_to_report(ws),
    "unit.read": lambda ws: unit_queries.unit_tree(ws),
    "code.read": lambda ws: unit_queries.code_items(ws, "sex"),
    "settings.read": lambda ws: report_queries.stored_settings(ws, ["report.issuer"]),
    "database.read": lambda ws: info.counts(ws),
    "account.read": lambda ws: admin_queries.account_rows(ws),
    "account.scope": lambda ws: roles.scope_choices(ws, "admin"),
    "audit.read": lambda ws: audit_log.audit_rows(ws),
    "backup.read": lambda ws: backups.read_settings(ws),
}


def _account_id(ws: Workspace, username: str) -> int:
    return next(r.id for r in admin_queries.account_rows(ws) if r.username == username)


READ_PAIRS = [(role, action) for role in ROLES for action in READS]


@pytest.mark.parametrize(("role", "action"), READ_PAIRS, ids=[f"{r}-{a}" for r, a in READ_PAIRS])
def test_each_role_reads_what_it_may_through_the_services(demo_ws: Workspace, role: str, action: str):
    ws = _as(demo_ws, role)
    if action in EXPECTED[role]:
        READS[action](ws)
    else:
        with pytest.raises(PermissionDenied, match=action.replace(".", r"\.")):
            READS[action](ws)


def _as(demo_ws: Workspace, role: str) -> Workspace:
    """The demo database as an account of `role` (made once per test database)."""
    if role == ROLE_ADMIN:
        return demo_ws
    name = f"u-{role}"
    if name not in {r.username for r in admin_queries.account_rows(demo_ws)}:
        accounts.add_account(demo_ws, name, "password-123", role=role)
    return Workspace(demo_ws.db, Actor(name, role, _account_id(demo_ws, name)))


def test_only_the_security_administrator_resets_another_accounts_password(demo_ws: Workspace):
    for role in ROLES:
        _as(demo_ws, role)
    for role in ROLES:
        ws = _as(demo_ws, role)
        ws.require("account.password.own")
        accounts.change_password(ws, f"u-{role}" if role != ROLE_ADMIN else "admin", "own-password-1")
        if role in (ROLE_ADMIN, ROLE_SECURITY):
            accounts.change_password(ws, "u-clerk" if role != ROLE_CLERK else "u-team", "reset-pass-1")
        else:
            with pytest.raises(PermissionDenied, match=r"无权修改账户（account\.password\.reset）"):
                accounts.change_password(ws, "u-pending" if role != ROLE_PENDING else "u-team", "reset-pass-1")


def test_roles_are_given_by_the_security_administrator_only(demo_ws: Workspace):
    sec, sysadmin = _as(demo_ws, ROLE_SECURITY), _as(demo_ws, ROLE_SYSADMIN)
    accounts.add_account(sysadmin, "newcomer", "password-123")
    assert {r.username: r.role for r in admin_queries.account_rows(demo_ws)}["newcomer"] == ROLE_PENDING
    with pytest.raises(PermissionDenied, match="只能添加待分配角色的账户"):
        accounts.add_account(sysadmin, "other", "password-123", role=ROLE_CLERK)
    with pytest.raises(PermissionDenied, match=r"account\.role"):
        roles.set_role(sysadmin, "newcomer", ROLE_CLERK)
    roles.set_role(sec, "newcomer", "经办人")
    assert {r.username: r.role_label for r in admin_queries.account_rows(demo_ws)}["newcomer"] == "经办人"
    with pytest.raises(PermissionDenied, match="不能授予全部权限"):
        roles.set_role(sec, "newcomer", ROLE_ADMIN)
    with pytest.raises(Exception, match="不能修改当前登录账户自己的角色"):
        roles.set_role(sec, "u-security", ROLE_CLERK)
    with pytest.raises(Exception, match="没有“总管”这个角色"):
        roles.set_role(sec, "newcomer", "总管")
    roles.set_role(demo_ws, "newcomer", ROLE_ADMIN)  # all rights are given by all rights


def test_roles_stay_assignable_nobody_changes_their_own(ws: Workspace):
    accounts.add_account(ws, "sec", "password-123", role=ROLE_SECURITY)
    sec = Workspace(ws.db, Actor("sec", ROLE_SECURITY, _account_id(ws, "sec")))
    with pytest.raises(PermissionDenied, match="不能授予全部权限"):
        roles.set_role(sec, "admin", ROLE_ADMIN)
    roles.set_role(sec, "admin", ROLE_CLERK)  # the administrator steps down; sec still gives roles
    with pytest.raises(Exception, match="不能修改当前登录账户自己的角色"):
        roles.set_role(sec, "sec", ROLE_CLERK)
    assert {r.username: r.role for r in admin_queries.account_rows(sec) if r.role in roles.ASSIGNERS} == \
        {"sec": ROLE_SECURITY}


def test_the_auditor_exports_the_log_and_the_export_is_logged(demo_ws: Workspace, tmp_path: Path):
    auditor = _as(demo_ws, ROLE_AUDITOR)
    out = tmp_path / "审计日志.xlsx"
    n = audit_log.export(auditor, out, audit_log.AuditFilter(action="account"))
    assert n >= 1 and out.is_file()
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "account.create" in texts and "u-auditor" in str(texts)
    newest = audit_log.audit_rows(auditor, limit=1).rows[0]
    assert (newest.actor, newest.action) == ("u-auditor", "audit.export")
    clerk = _as(demo_ws, ROLE_CLERK)
    with pytest.raises(PermissionDenied, match=r"audit\.export"):
        audit_log.export(clerk, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
    with pytest.raises(PermissionDenied, match=r"export\.roster"):
        roster_export.export_roster(auditor, tmp_path / "r.xlsx")
    assert not (tmp_path / "r.xlsx").exists()
