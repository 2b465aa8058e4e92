"""Who may do what: the roles, every action the program checks, and which roles may do each.

Actions are dotted names ("cadre.update", "cadre.read"). Every change goes through `require`
in the operation helper (`Workspace.run`) and every read through `require` in
`Workspace.read`, so this table is the one place a role's rights live; the window hides what
a role may not do by asking `allowed`, and the services refuse it anyway.

The roles (stored values in models/accounts.py):

- 管理员（全部权限） ("admin"): everything. A database's first account, and every account of a
  database made before roles (see migration 0006): upgrading locks nobody out.
- 三员分立: 系统管理员 runs the system (accounts, backups, settings, the unit tree and code
  tables) and reads no cadre data; 安全保密管理员 assigns roles and scopes, resets passwords and
  replaces the recovery key; 安全审计员 reads and exports the audit log, nothing else.
- 经办人 keeps cadre files and runs assessments; 领导 reads and signs off (closes and reopens
  campaigns, signs analyses off, approves and finalises annual grades, prints reports);
  考核组成员 works on the campaigns whose team it is in. What these three see is narrowed
  further by their scope (services/scopes.py).
- 待分配角色 ("pending"): an account a 系统管理员 made, which can only change its own password
  until the 安全保密管理员 gives it a role (services/admin/roles.py).

`RULES` maps an action (or "*") to the roles allowed; the most specific entry wins. It is
built from `RIGHTS`, one line of patterns per role, over `ACTIONS`, the list of every action
the program checks (tests/services/test_roles_matrix.py checks that the code uses no other,
and every role × action pair). An action missing from `ACTIONS` falls to "*": all rights only.
"""

from __future__ import annotations

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

ROLE_LABELS = {
    ROLE_ADMIN: "管理员（全部权限）",
    ROLE_SYSADMIN: "系统管理员",
    ROLE_SECURITY: "安全保密管理员",
    ROLE_AUDITOR: "安全审计员",
    ROLE_CLERK: "经办人",
    ROLE_LEADER: "领导",
    ROLE_TEAM: "考核组成员",
    ROLE_PENDING: "待分配角色",
}
ROLE_DUTIES = {
    ROLE_ADMIN: "可以做全部事情（尚未分设三员的数据库的账户）",
    ROLE_SYSADMIN: "账户、备份与恢复、系统设置、单位和代码表；不能查看干部数据",
    ROLE_SECURITY: "分配角色和范围、重设他人密码、更换恢复密钥",
    ROLE_AUDITOR: "只能查看和导出审计日志",
    ROLE_CLERK: "干部档案和一线考核的日常工作，限于所分配的单位或考核",
    ROLE_LEADER: "查看所分配范围内的数据、签批（结束和重新打开考核、研判结论、年度考核等次）、生成报表",
    ROLE_TEAM: "只能处理本人所在考核组的考核",
    ROLE_PENDING: "只能修改自己的密码，等待安全保密管理员分配角色",
}

_EXPORT_KINDS = ("roster", "statistics", "lrmx", "ledger", "tallies", "ballots", "campaigns", "attachment",
                 "evidence", "rankings", "grades", "filing", "result_uses", "template.roster", "template.annual",
                 "template.ledger", "template.ballots", "template.targets", "template.indicators")
_IMPORT_KINDS = ("roster", "annual", "lrmx", "ledger", "ballots")

# Every action the program checks, by area.
ACTIONS: tuple[str, ...] = (
    "account.read", "account.create", "account.update", "account.role", "account.scope",
    "account.password.own", "account.password.reset", "account.recovery_key",
    "audit.read", "audit.export", "audit.reanchor",
    "backup.read", "backup.create", "backup.auto", "backup.restore", "session.read",
    "database.create", "database.seed", "database.read", "demo.generate",
    "settings.read", "settings.update",
    "unit.read", "unit.create", "unit.update", "unit.move", "unit.merge", "unit.delete",
    "code.read", "codes.add", "codes.update",
    "cadre.read", "cadre.create", "cadre.update", "cadre.delete", "cadre.attachment.add", "cadre.attachment.remove",
    "roster.filter.save", "roster.filter.delete",
    "directive.read", "directive.create", "directive.save", "directive.delete",
    "campaign.read", "campaign.create", "campaign.update", "campaign.delete", "campaign.activate",
    "campaign.close", "campaign.reopen", "campaign.team", "campaign.units", "campaign.cadres",
    "campaign.directives",
    "fieldwork.read", "visit.create", "visit.save", "visit.delete", "talk.create", "talk.save", "talk.delete",
    "draft.save", "draft.discard",
    "evaluation.read", "template.save", "template.publish", "template.retire", "template.restore",
    "sheet.plan", "sheet.create", "sheet.fill", "sheet.delete",
    "ballot.batch", "ballot.batch_delete", "ballot.issued", "ballot.add", "ballot.undo",
    "ledger.read", "ledger.add", "ledger.reverse", "ledger.rule",
    "results.read", "target.create", "target.update", "target.delete", "verification.create",
    "problem.create", "problem.update",
    "indicator.read", "indicator.create", "indicator.update", "indicator.activate",
    "indicator_value.record", "ranking_note.record",
    "analysis.read", "analysis.save", "analysis.sign",
    "grading.read", "appraisal.save", "grading.create", "grading.update", "grading.propose", "grading.notice",
    "objection.record", "grading.approve", "grading.finalise",
    "result_use.read", "result_use.create", "result_use.update", "result_use.delete",
    "report.read", "report.reserve", "report.generate", "report.batch", "report.export", "report.print",
    "import.read", "import.report", *(f"import.{k}" for k in _IMPORT_KINDS),
    *(f"export.{k}" for k in _EXPORT_KINDS),
    "package.read", "package.export", "package.import",
    "report_file.read", "report_file.export", "report_file.import", "report_file.key", "report_file.trust",
)

# What every account may do whatever its role: change its own password, and what the program
# does on its behalf when it opens or closes (shipped data a migrated database expects, the
# automatic backups the system administrator set up, which read their settings to run; the
# idle-lock time every window reads).
# Who may upgrade an office server's schema (store/server.py): the accounts that look after
# the database itself.
UPGRADERS = (ROLE_ADMIN, ROLE_SYSADMIN)

_EVERYONE = ("account.password.own", "database.seed", "backup.read", "backup.auto", "session.read")
# Reading the lists every working page shows (units, code tables, report settings).
_LOOKUPS = ("unit.read", "code.read", "settings.read", "database.read")
# Reads of the cadre and assessment data (narrowed by scope for a clerk, leader, team member).
_WORK_READS = ("cadre.read", "directive.read", "campaign.read", "fieldwork.read", "evaluation.read",
               "ledger.read", "results.read", "indicator.read", "report.read", "roster.filter.*",
               "analysis.read", "grading.read", "result_use.read")
# Producing reports (each is numbered and audited).
_REPORTS = ("report.reserve", "report.generate", "report.batch", "report.export", "report.print")

RIGHTS: dict[str, tuple[str, ...]] = {
    ROLE_ADMIN: ("*",),
    ROLE_SYSADMIN: (*_EVERYONE, "account.read", "account.create", "account.update", "backup.*", "settings.*",
                    "database.read", "audit.reanchor", "unit.*", "code.read", "codes.*"),
    ROLE_SECURITY: (*_EVERYONE, "account.read", "account.role", "account.scope", "account.password.reset",
                    "account.recovery_key", "database.read"),
    ROLE_AUDITOR: (*_EVERYONE, "audit.read", "audit.export"),
    ROLE_CLERK: (*_EVERYONE, *_LOOKUPS, *_WORK_READS, *_REPORTS, "cadre.*", "directive.*", "campaign.*",
                 "visit.*", "talk.*", "draft.*", "template.*", "sheet.*", "ballot.*", "ledger.*",
                 "target.*", "verification.*", "problem.*", "indicator.*", "indicator_value.*", "ranking_note.*",
                 "import.*", "export.*", "package.*", "report_file.*", "analysis.save", "appraisal.*", "grading.*",
                 "objection.*",
                 "result_use.*", "!campaign.reopen", "!grading.approve", "!grading.finalise"),
    ROLE_LEADER: (*_EVERYONE, *_LOOKUPS, *_WORK_READS, *_REPORTS, "campaign.close", "campaign.reopen",
                  "analysis.sign", "grading.approve", "grading.finalise"),
    ROLE_TEAM: (*_EVERYONE, *_LOOKUPS, *_WORK_READS, *_REPORTS, "visit.*", "talk.*", "draft.*", "sheet.fill",
                "ballot.add", "ballot.undo", "ledger.add", "ledger.reverse", "verification.create", "problem.*"),
    ROLE_PENDING: _EVERYONE,
}


def _matches(pattern: str, action: str) -> bool:
    return pattern == "*" or pattern == action or (pattern.endswith(".*") and action.startswith(pattern[:-1]))


def role_may(role: str, action: str) -> bool:
    """What RIGHTS says: a pattern of the role matches and no "!action" takes it back."""
    patterns = RIGHTS.get(role, ())
    if f"!{action}" in patterns:
        return False
    return any(_matches(p, action) for p in patterns if not p.startswith("!"))


def _build_rules() -> dict[str, frozenset[str]]:
    rules = {"*": frozenset({ROLE_ADMIN})}
    for action in ACTIONS:
        rules[action] = frozenset(r for r in ROLES if role_may(r, action))
    return rules


RULES: dict[str, frozenset[str]] = _build_rules()


def _candidates(action: str) -> list[str]:
    parts = action.split(".")
    return [action] + [".".join(parts[:i]) + ".*" for i in range(len(parts) - 1, 0, -1)] + ["*"]


def allowed(role: str, action: str) -> bool:
    for key in _candidates(action):
        if key in RULES:
            return role in RULES[key]
    return False


_AREAS = {
    "account": "账户", "audit": "审计日志", "backup": "备份", "database": "数据库", "demo": "演示数据",
    "settings": "系统设置", "unit": "单位", "code": "代码表", "codes": "代码表", "cadre": "干部档案",
    "roster": "花名册", "directive": "工作台账", "campaign": "考核活动", "fieldwork": "谈话走访",
    "visit": "走访记录", "talk": "谈话记录", "draft": "谈话草稿", "evaluation": "测评", "template": "评议表模板",
    "sheet": "测评表", "ballot": "测评票", "ledger": "积分", "results": "工作实绩", "target": "任务清单",
    "verification": "落实清单", "problem": "问题清单", "indicator": "季度指标", "indicator_value": "季度指标",
    "ranking_note": "末位说明", "report": "报表", "import": "导入", "export": "导出", "package": "外出考核数据包",
    "report_file": "上报文件",
    "analysis": "综合研判", "result_use": "结果运用记录",
}


_VERBS = {"read": "查看", "create": "新增", "add": "新增", "delete": "删除", "remove": "删除", "batch_delete": "删除",
          "export": "导出", "import": "导入", "generate": "生成", "print": "打印", "batch": "批量生成",
          "sign": "签发"}


def describe(action: str) -> str:
    """An action in words: 查看干部档案, 新增账户, 修改考核活动 …"""
    area, _, rest = action.partition(".")
    what = _AREAS.get(area, area)
    if area in ("export", "import"):
        return f"{what}数据"
    verb = rest.rsplit(".", 1)[-1]
    return f"{_VERBS.get(verb, '修改')}{what}"


def require(username: str, role: str, action: str) -> None:
    if not allowed(role, action):
        label = "管理员" if role == ROLE_ADMIN else ROLE_LABELS.get(role, role)  # no brackets in brackets
        raise PermissionDenied(f"账户 {username}（{label}）无权{describe(action)}（{action}）")
