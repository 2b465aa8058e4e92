"""Importing a task list (任务清单) from a spreadsheet: all rows or none.

`preview` reads the file (interchange.target_xlsx), finds each row's cadre (姓名 and 身份证号,
or the name alone when only one cadre has it) or unit (by the name documents print,
models.unit_names), checks every line as the editor does (targets.problems_of) and writes
nothing. Every bad row is listed with all its problems; one bad row means nothing is
imported. `commit` checks again inside one transaction and adds every line or none.

Both report `progress(done, total)` and stop with Cancelled when `cancelled()` says so (the
window runs them in a worker with a cancel button); a commit cancelled part way rolls back
its transaction, so the task list stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.interchange import target_xlsx
from desktop.interchange.assessment_xlsx import Row
from desktop.interchange.errors import Cancelled
from desktop.interchange.incoming import Rejection, Where
from desktop.models import Campaign, Unit
from desktop.models.results import SOURCE_DEPARTMENTS
from desktop.models.unit_names import UnitNames
from desktop.services import scopes, traces
from desktop.services.campaigns.campaigns import ensure_open
from desktop.services.exchange.assessment_imports import find_cadre
from desktop.services.exchange.imports import _Index
from desktop.services.operations import OpContext
from desktop.services.results import targets
from desktop.services.results.targets import TargetInput
from desktop.services.workspace import Workspace
from desktop.store.atomic import atomic_writer

TEMPLATE_KIND = "template.targets"
Progress = Callable[[int, int], None]
Check = Callable[[], bool]
# Which column a refusal of targets.problems_of belongs to, by the label it starts with.
_COLUMN_OF = (("任务", "duty"), ("目标值", "target_value"), ("截止日期", "deadline"), ("指标", "indicator"),
              ("计量单位", "measure"), ("来源部门", "source_department"), ("对应岗位职责", "post_duty"))


class ImportRefused(FrontlineError):
    """The file has rows that cannot be imported; `rejects` names every one."""

    def __init__(self, name: str, rejects: list[Rejection]) -> None:
        rows = len({(r.where.sheet, r.where.row) for r in rejects})
        super().__init__(f"{name} 中有 {rows} 行不能导入（{len(rejects)} 处问题），没有导入任何任务")
        self.rejects = rejects


@dataclass
class TargetPlan:
    name: str
    campaign_id: int | None
    sheet: target_xlsx.TargetSheet  # what was read, checked again when committed
    lines: list[tuple[Where, TargetInput]] = field(default_factory=list)
    rejects: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return len({(r.where.sheet, r.where.row) for r in self.rejects})

    def summary(self) -> str:
        return f"任务清单：可导入 {len(self.lines)} 条，不能导入 {self.bad_rows} 行（{len(self.rejects)} 处问题）"


def write_template(ws: Workspace, path: Path | str) -> None:
    """The task-list import template, with dropdowns (硬性指标, source departments, measures)."""
    ws.require(traces.action(TEMPLATE_KIND))  # refused before a byte is written
    with atomic_writer(path) as fh:
        target_xlsx.build_template(target_xlsx.vocabulary(SOURCE_DEPARTMENTS), fh)
    traces.record(ws, TEMPLATE_KIND, [Path(path)])


def _campaign(session: Session, campaign_id: int | None) -> None:
    if campaign_id is None:
        return
    if session.get(Campaign, campaign_id) is None:
        raise FrontlineError(f"考核活动 {campaign_id} 不存在")
    ensure_open(session, campaign_id)


class _Subjects:
    """The cadres and units of the database, loaded once per plan."""

    def __init__(self, session: Session) -> None:
        self.cadres = _Index(session)
        self.names = {cid: name for name, found in self.cadres.by_name.items() for cid, _b, _n in found}
        self.units = UnitNames(session.execute(select(Unit.id, Unit.name, Unit.parent_id)))
        self.scoped = scopes.unit_ids(session)  # a scoped account's units (None: all)

    def cadre(self, row: Row) -> tuple[int | None, Rejection | None]:
        cid, why = find_cadre(self.cadres, row)
        if cid is None:
            return None, row.reject("citizen_id" if "citizen_id" in row.values else "name", why)
        name = str(row.values.get("name") or "")
        on_file = self.names.get(cid, "")
        if name and on_file and name != on_file:
            return None, row.reject("citizen_id", f"此身份证号是{on_file}的，与所填姓名“{name}”不符")
        return cid, None

    def unit(self, row: Row) -> tuple[int | None, Rejection | None]:
        uid = self.units.resolve(str(row.values["unit"]))
        if uid is None:
            return None, row.reject("unit", "数据库中找不到这个单位，或有几个单位都可能是它：请写单位全称")
        if self.scoped is not None and uid not in self.scoped:
            return None, row.reject("unit", f"该单位不在账户 {self.cadres.account} 的工作范围内")
        return uid, None


def _line(row: Row, subjects: _Subjects, campaign_id: int | None) -> tuple[TargetInput | None, list[Rejection]]:
    problems = list(row.errors)
    failed = {r.column for r in problems}
    v = row.values
    cadre_id = unit_id = None
    has_cadre, has_unit = "name" in v or "citizen_id" in v, "unit" in v
    if has_cadre and has_unit:
        problems.append(row.reject("unit", "“干部姓名”和“责任单位”只填一个：一条任务只属于一名干部或一个单位"))
    elif has_cadre and "name" not in v:
        problems.append(row.reject("name", "请填写干部姓名"))
    elif has_cadre:
        cadre_id, refused = subjects.cadre(row)
        problems += [refused] if refused else []
    elif has_unit:
        unit_id, refused = subjects.unit(row)
        problems += [refused] if refused else []
    elif not {row.columns.get("name"), row.columns.get("unit")} & failed:
        problems.append(Rejection(row.where, "", "", "请填写“干部姓名”或“责任单位”：每条任务都要有责任对象"))
    data = TargetInput(duty=str(v.get("duty") or ""), cadre_id=cadre_id, unit_id=unit_id, campaign_id=campaign_id,
                       indicator=str(v.get("indicator") or ""), target_value=v.get("target_value"),
                       measure=str(v.get("measure") or ""), lower_is_better=bool(v.get("lower_is_better")),
                       deadline=v.get("deadline"), hard=bool(v.get("hard")),
                       source_department=str(v.get("source_department") or ""),
                       post_duty=str(v.get("post_duty") or ""))
    for message in targets.problems_of(data):
        if message.startswith("责任对象"):
            continue  # told above, against the cell that caused it
        head, _, reason = message.partition("：")
        key = next((k for label, k in _COLUMN_OF if head.startswith(label)), "")
        label = row.columns.get(key, "")
        if label and label in failed:
            continue  # the cell itself was unreadable: already said
        problems.append(Rejection(row.where, label, row.raw.get(key, ""), reason if label else message))
    return (data if not problems else None), problems


def _step(n: int, total: int, progress: Progress | None, cancelled: Check | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(n, total)


def _plan(session: Session, sheet: target_xlsx.TargetSheet, campaign_id: int | None, *,
          progress: Progress | None = None, cancelled: Check | None = None, total: int = 0) -> TargetPlan:
    """Check every row; progress counts rows out of `total` (the rows, when 0)."""
    _campaign(session, campaign_id)
    plan = TargetPlan(sheet.name, campaign_id, sheet, notes=list(sheet.notes))
    subjects = _Subjects(session)
    for n, row in enumerate(sheet.rows):
        _step(n, total or len(sheet.rows), progress, cancelled)
        data, problems = _line(row, subjects, campaign_id)
        if data is not None:
            plan.lines.append((row.where, data))
        plan.rejects += problems
    return plan


def preview(ws: Workspace, path: Path | str, campaign_id: int | None, *, progress: Progress | None = None,
            cancelled: Check | None = None) -> TargetPlan:
    """Read and check the file; nothing is written."""
    path = Path(path)
    with ws.read("results.read") as s:
        _campaign(s, campaign_id)  # a wrong campaign is told before the file is read
    sheet = target_xlsx.read(path, target_xlsx.vocabulary(SOURCE_DEPARTMENTS), cancelled=cancelled)
    with ws.read("results.read") as s:
        plan = _plan(s, sheet, campaign_id, progress=progress, cancelled=cancelled)
    if progress is not None:
        progress(len(sheet.rows), len(sheet.rows))
    return plan


def commit(ws: Workspace, plan: TargetPlan, *, progress: Progress | None = None,
           cancelled: Check | None = None) -> int:
    """Add every line of the previewed file, or none; returns how many were added. Progress
    counts the rows checked again, then the lines added."""
    if plan.rejects:
        raise ImportRefused(plan.name, plan.rejects)
    total = 2 * len(plan.sheet.rows)

    def op(ctx: OpContext) -> int:
        # The database may have changed since the preview: every row is checked again.
        again = _plan(ctx.session, plan.sheet, plan.campaign_id, progress=progress, cancelled=cancelled, total=total)
        if again.rejects:
            raise ImportRefused(plan.name, again.rejects)
        seq = targets.next_seq(ctx.session, plan.campaign_id)
        for n, (_where, data) in enumerate(again.lines):
            _step(len(plan.sheet.rows) + n, total, progress, cancelled)
            targets.add_line(ctx, data, seq + n)
        _step(total, total, progress, cancelled)  # a cancel at the last moment still writes nothing
        return len(again.lines)

    return ws.run("target.create", op).value


def import_file(ws: Workspace, path: Path | str, campaign_id: int | None) -> int:
    """Preview and commit in one go; ImportRefused (with every bad row) when any row is bad."""
    return commit(ws, preview(ws, path, campaign_id))
