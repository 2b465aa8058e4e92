"""Indicator spreadsheets: the values template of a set and quarter, importing it (every row
checked, errors per row in Chinese, all or nothing), and the rankings export (overall, per
group, with the trend, and who has not reported).

Both files written out are traces (services/traces.py): the permission is checked before a
byte is written, and the audit entry names the file and its SHA-256.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.errors import FrontlineError
from desktop.interchange import indicator_xlsx
from desktop.interchange.cells import display, halfwidth
from desktop.interchange.errors import Cancelled, FileRefused
from desktop.interchange.incoming import Rejection, Where
from desktop.interchange.indicator_xlsx import TARGET_SUFFIX, TemplateColumn, TemplateRow, ValueSheet
from desktop.interchange.xlsx_export import Column, Sheet, write_tables
from desktop.interchange.xlsx_table import Cell
from desktop.models import Indicator, IndicatorSet
from desktop.models.indicators import MANUAL, RULE_LABELS, SUBJECT_LABELS, SUBJECT_UNIT, TARGET, Reading
from desktop.services import traces
from desktop.services.indicators import rankings, subjects, values
from desktop.services.indicators.rankings import Rankings, RankRow, quarter_label
from desktop.services.indicators.values import Entry
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from desktop.store.atomic import atomic_writer

TEMPLATE_KIND = "template.indicators"
RANKINGS_KIND = "rankings"
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
Progress = Callable[[int, int], None]  # (done, total), for the window's progress bar
Check = Callable[[], bool]  # True once the clerk pressed 取消
CHUNK = 50  # rows between progress reports and cancel checks


def _note(i: Indicator, target: bool) -> str:
    unit = f"，单位：{i.measure}" if i.measure else ""
    if target:
        return f"“{i.name}”本季度的目标值{unit}，应大于 0"
    rule = RULE_LABELS.get(i.rule, i.rule)
    extra = f"，{i.min_value:g} 至 {i.max_value:g} 分" if i.rule == MANUAL else (
        f"，封顶系数 {i.cap:g}" if i.rule == TARGET else "")
    lower = "，越低越好" if i.lower_is_better else ""
    return f"权重 {i.weight:g}，{rule}{extra}{lower}{unit}"


def _columns(found: IndicatorSet) -> list[TemplateColumn]:
    out = []
    for i in found.indicators:
        out.append(TemplateColumn(i.id, i.name, False, _note(i, False)))
        if i.rule == TARGET:
            out.append(TemplateColumn(i.id, f"{i.name}{TARGET_SUFFIX}", True, _note(i, True)))
    return out


def write_template(ws: Workspace, set_id: int, year: int, quarter: int, path: Path | str) -> int:
    """The values template (with the values already recorded); returns the rows written."""
    with ws.read(traces.action(TEMPLATE_KIND)) as s:  # refused before a byte is written
        found = values.open_set(s, set_id, year, quarter)
        columns = _columns(found)
        given = values.readings(s, found.indicators, found.subject, year, quarter)
        people = subjects.ranked(s, found.subject, {x for per in given.values() for x in per})
        rows = []
        for p in people:
            cells = []
            for c in columns:
                reading = given.get(c.indicator_id, {}).get(p.id)
                cells.append(None if reading is None else (reading.target if c.is_target else reading.value))
            rows.append(TemplateRow(p.id, p.name if found.subject == SUBJECT_UNIT else p.label, tuple(cells)))
        title = f"{found.name}（第{found.version}版）{quarter_label(year, quarter)} 指标数据导入模板"
        with atomic_writer(path) as fh:
            indicator_xlsx.build(fh, title=title, subject_label=SUBJECT_LABELS[found.subject], columns=columns,
                                 rows=rows, marker=indicator_xlsx.mark(set_id, year, quarter))
    traces.record(ws, TEMPLATE_KIND, [Path(path)], records=len(rows),
                  detail={"set_id": set_id, "year": year, "quarter": quarter})
    return len(rows)


# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedValue:
    """One value an import would write, with what is recorded now, for the preview."""

    row: int
    subject: str
    indicator: str
    value: float | None
    target: float | None
    before: Reading

    @property
    def changed(self) -> bool:
        return (self.value, self.target) != (self.before.value, self.before.target)


@dataclass
class ValuesPlan:
    """What an import would write, or why it cannot: nothing is written while rejects remain."""

    set_id: int
    year: int
    quarter: int
    source: str
    digest: str
    entries: list[Entry] = field(default_factory=list)
    rows: int = 0  # subject rows with at least one value
    rejects: list[Rejection] = field(default_factory=list)
    lines: list[PlannedValue] = field(default_factory=list)  # the entries as the preview lists them

    @property
    def changes(self) -> int:
        return sum(line.changed for line in self.lines)

    def summary(self) -> str:
        return f"{self.source}：{self.rows} 行，{len(self.entries)} 个数值，拒绝 {len(self.rejects)} 处"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_marker(sheet: ValueSheet, found: IndicatorSet, year: int, quarter: int) -> None:
    expected = indicator_xlsx.mark(found.id, year, quarter)
    if sheet.marker and sheet.marker != expected:
        parts = sheet.marker.removeprefix(indicator_xlsx.MARK_PREFIX).split(":")
        told = f"（指标体系 {parts[0]}，{parts[1]}年第{parts[2]}季度）" if len(parts) == 3 else ""
        raise FileRefused(f"{sheet.name} 是为另一个指标体系或季度生成的模板{told}，"
                          f"不能导入“{found.name}”{quarter_label(year, quarter)}")


def _number(cell: Cell) -> tuple[float | None, str]:
    """The cell as a number, or the reason it is not one."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if cell.error:
        return None, "单元格是公式的错误值，不是数字"
    if isinstance(value, bool):
        return None, "应为数字"
    if isinstance(value, (int, float)):
        return float(value), ""
    text = halfwidth(str(value)).strip().replace(",", "")
    if _NUMBER.match(text):
        return float(text), ""
    return None, "应为数字（不要带单位或文字）"


def _header_map(sheet: ValueSheet, found: IndicatorSet, where: Where) -> tuple[dict[int, tuple[Indicator, bool]],
                                                                             list[Rejection]]:
    by_name = {i.name: i for i in found.indicators}
    columns: dict[int, tuple[Indicator, bool]] = {}
    rejects = []
    for col, header in sorted(sheet.headers.items()):
        if col <= 2:
            continue
        is_target = header.endswith(TARGET_SUFFIX)
        indicator = by_name.get(header.removesuffix(TARGET_SUFFIX) if is_target else header)
        if indicator is None or (is_target and indicator.rule != TARGET):
            rejects.append(Rejection(where, _col(col, header), header,
                                     f"“{header}”不是“{found.name}”第{found.version}版的指标"))
        elif (indicator.id, is_target) in {(i.id, t) for i, t in columns.values()}:
            rejects.append(Rejection(where, _col(col, header), header, f"“{header}”一列出现了两次"))
        else:
            columns[col] = (indicator, is_target)
    return columns, rejects


def _col(col: int, header: str) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}列“{header}”"


@dataclass
class _Context:
    found: IndicatorSet
    sheet: ValueSheet
    columns: dict[int, tuple[Indicator, bool]]
    people: dict[int, subjects.Subject]
    by_name: dict[str, list[int]]
    existing: dict[int, dict[int, Reading]]
    outside: set[int] = field(default_factory=set)  # subjects outside the account's scope
    session: Session | None = None
    seen: dict[int, int] = field(default_factory=dict)  # subject → first row


def _subject(ctx: _Context, where: Where, cells: dict[int, Cell]) -> tuple[int | None, list[Rejection]]:
    what = SUBJECT_LABELS[ctx.found.subject]
    raw_id, raw_name = cells.get(1), cells.get(2)
    name = str(raw_name.value).strip() if raw_name is not None and raw_name.value is not None else ""
    id_cell = _col(1, indicator_xlsx.ID_HEADER)
    name_cell = _col(2, ctx.sheet.headers.get(2, what))
    if raw_id is None or raw_id.value is None or str(raw_id.value).strip() == "":
        matches = ctx.by_name.get(name, [])
        if len(matches) == 1:
            return matches[0], []
        reason = f"没有名为“{name}”的{what}" if not matches else f"有 {len(matches)} 个名为“{name}”的{what}，请填写编号"
        return None, [Rejection(where, name_cell, name, reason if name else "请填写编号")]
    number, problem = _number(raw_id)
    if problem or number is None or not number.is_integer():
        return None, [Rejection(where, id_cell, display(raw_id.value), "编号应为整数")]
    subject = ctx.people.get(int(number))
    if subject is None and int(number) in ctx.outside and ctx.session is not None:
        return None, [Rejection(where, id_cell, display(raw_id.value),
                                subjects.refusal(ctx.session, ctx.found.subject, int(number)))]
    if subject is None:
        return None, [Rejection(where, id_cell, display(raw_id.value), f"编号为 {int(number)} 的{what}不存在")]
    if name and name not in (subject.name, subject.label):
        return None, [Rejection(where, name_cell, name, f"编号 {subject.id} 是“{subject.name}”，与表中的名称不符")]
    return subject.id, []


def _row(ctx: _Context, number: int, cells: dict[int, Cell]) -> tuple[list[tuple[Entry, PlannedValue]],
                                                                      list[Rejection]]:
    where = Where(ctx.sheet.name, indicator_xlsx.DATA_SHEET, number)
    subject_id, rejects = _subject(ctx, where, cells)
    if subject_id is None:
        return [], rejects
    if subject_id in ctx.seen:
        what = SUBJECT_LABELS[ctx.found.subject]
        return [], [Rejection(where, "", "", f"与第{ctx.seen[subject_id]}行是同一个{what}")]
    ctx.seen[subject_id] = number
    typed: dict[int, dict[bool, float]] = {}
    where_of: dict[int, tuple[str, str]] = {}
    for col, (indicator, is_target) in ctx.columns.items():
        cell = cells.get(col)
        if cell is None:
            continue
        value, problem = _number(cell)
        if problem:
            rejects.append(Rejection(where, _col(col, ctx.sheet.headers[col]), display(cell.value), problem))
        elif value is not None:
            typed.setdefault(indicator.id, {})[is_target] = value
            where_of.setdefault(indicator.id, (_col(col, ctx.sheet.headers[col]), display(cell.value)))
    lines = []
    by_id = {i.id: i for i in ctx.found.indicators}
    what = SUBJECT_LABELS[ctx.found.subject]
    person = ctx.people[subject_id]
    name = person.name if ctx.found.subject == SUBJECT_UNIT else person.label
    for indicator_id, given in typed.items():
        # A blank cell leaves what is recorded: a target typed alone keeps the recorded value.
        old = ctx.existing.get(indicator_id, {}).get(subject_id, Reading(None))
        entry = Entry(subject_id, indicator_id, given.get(False, old.value), given.get(True, old.target))
        column, shown = where_of[indicator_id]
        wrong = values.entry_problems(entry, by_id[indicator_id], True, what)
        rejects += [Rejection(where, column, shown, p) for p in wrong]
        lines.append((entry, PlannedValue(number, name, by_id[indicator_id].name, entry.value, entry.target, old)))
    return lines, rejects


def _plan(session: Session, set_id: int, year: int, quarter: int, path: Path, progress: Progress | None,
          cancelled: Check | None) -> ValuesPlan:
    found = values.open_set(session, set_id, year, quarter)
    sheet = indicator_xlsx.read(path)
    _check_marker(sheet, found, year, quarter)
    plan = ValuesPlan(set_id, year, quarter, path.name, _digest(path))
    head = Where(sheet.name, indicator_xlsx.DATA_SHEET, 1)
    columns, plan.rejects = _header_map(sheet, found, head)
    given = values.readings(session, found.indicators, found.subject, year, quarter)
    people = subjects.ranked(session, found.subject, {x for per in given.values() for x in per})
    ids = [int(c.value) for _r, cells in sheet.rows for c in cells[:1]
           if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) and float(c.value).is_integer()]
    extra = subjects.named(session, found.subject, [i for i in ids if i not in {p.id for p in people}])
    everyone = {p.id: p for p in [*people, *extra.values()]}
    by_name: dict[str, list[int]] = {}
    for p in everyone.values():
        by_name.setdefault(p.name, []).append(p.id)
    barred = subjects.outside(session, found.subject, [i for i in ids if i not in everyone])
    ctx = _Context(found, sheet, columns, everyone, by_name, given, barred, session)
    for n, (number, cells) in enumerate(sheet.rows, start=1):
        if n % CHUNK == 0:
            _step(n, len(sheet.rows), progress, cancelled)
        lines, rejects = _row(ctx, number, {c.column: c for c in cells})
        plan.rejects += rejects
        plan.entries += [entry for entry, _line in lines]
        plan.lines += [line for _entry, line in lines]
        plan.rows += bool(lines)
    return plan


def _step(done: int, total: int, progress: Progress | None, cancelled: Check | None) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()
    if progress is not None:
        progress(done, total)


def preview(ws: Workspace, set_id: int, year: int, quarter: int, path: Path | str, *,
            progress: Progress | None = None, cancelled: Check | None = None) -> ValuesPlan:
    """Read and check the file; writes nothing. `cancelled` is asked every CHUNK rows."""
    with ws.read("indicator.read") as s:
        return _plan(s, set_id, year, quarter, Path(path), progress, cancelled)


def commit(ws: Workspace, plan: ValuesPlan, *, cancelled: Check | None = None) -> int:
    """Write a previewed plan, all or nothing; refused while it has rejects. A cancel asked
    before the transaction ends rolls it back whole."""
    if plan.rejects:
        raise FrontlineError(f"有 {len(plan.rejects)} 处数据被拒绝，请修改文件后重新导入（没有写入任何数据）")
    if not plan.entries:
        raise FrontlineError(f"{plan.source} 中没有填写任何数值，没有写入任何数据")

    def op(ctx: OpContext) -> int:
        found = values.open_set(ctx.session, plan.set_id, plan.year, plan.quarter)
        wrong = values.problems(ctx.session, found, plan.entries)
        if wrong:
            raise FrontlineError("；".join(wrong[:5]) + "（没有写入任何数据）")
        n = values.write(ctx, found, plan.year, plan.quarter, plan.entries)
        _step(len(plan.entries), len(plan.entries), None, cancelled)
        ctx.record("import", kind="create", after={"source": plan.source, "kind": "indicator_values",
                                                   "sha256": plan.digest, "set_id": plan.set_id, "year": plan.year,
                                                   "quarter": plan.quarter, "values": n})
        return n

    return ws.run("indicator_value.record", op).value


# --- rankings export --------------------------------------------------------------------------


def _ranking_columns(table: Rankings, group: bool) -> list[Column]:
    cols = [Column("名次", "number", 5)]
    if group:
        cols.append(Column("组内名次", "number", 6))
    cols += [Column(table.subject_label, "text", 28), Column("类别", "text", 10), Column("总分", "number", 8)]
    cols += [Column(f"{name}（{weight:g}）", "number", 10) for name, weight in zip(table.indicators, table.weights,
                                                                                    strict=True)]
    cols += [Column("未报项数", "number", 6), Column("末位", "text", 5)]
    cols += [Column(q, "number", 10) for q in table.quarters]
    return cols


def _ranking_rows(rows: Sequence[RankRow], group: bool) -> Iterator[list[Any]]:
    for r in rows:
        head: list[Any] = [r.rank, r.group_rank] if group else [r.rank]
        flag = r.group_bottom if group else r.bottom
        # A score of 0 for an indicator not reported would read as a result: it says 未报.
        scores = [s if not r.reported or r.reported[n] else "未报" for n, s in enumerate(r.scores)]
        yield [*head, r.subject, r.group, r.total, *scores, r.missing, "是" if flag else "", *r.trend]


def ranking_sheets(table: Rankings) -> list[Sheet]:
    period = quarter_label(table.year, table.quarter)
    subtitle = (f"{table.set_name}（第{table.version}版）{period}　报送率 {table.reporting.rate:.1%}"
                f"（{table.reporting.reported}/{table.reporting.expected}）{rankings.scoped_note(table)}")
    out = [Sheet(f"{table.set_name} {period} 总排名", _ranking_columns(table, False),
                 _ranking_rows(table.rows, False), len(table.rows), subtitle, unit="个", name="总排名")]
    for g in table.groups:
        members = table.in_group(g)
        out.append(Sheet(f"{table.set_name} {period} {g}排名", _ranking_columns(table, True),
                         _ranking_rows(members, True), len(members), subtitle, unit="个", name=g))
    lacking = table.reporting.not_reported
    out.append(Sheet(f"{table.set_name} {period} 未报情况", [Column(table.subject_label, "text", 28),
                                                            Column("未报指标", "text", 60)],
                     ([m.name, "、".join(m.missing)] for m in lacking), len(lacking), subtitle, unit="个",
                     name="未报情况"))
    return out


def export_rankings(ws: Workspace, set_id: int, year: int, quarter: int, path: Path | str) -> int:
    """The rankings of a quarter as xlsx (overall, per group, not reported); returns the subjects ranked."""
    with ws.read(traces.action(RANKINGS_KIND)) as s:  # refused before a byte is written
        table = rankings.compute(s, set_id, year, quarter)
        if not table.rows:
            raise FrontlineError(f"“{table.set_name}”没有可排名的{table.subject_label}，没有生成文件")
        with atomic_writer(path) as fh:
            write_tables(fh, ranking_sheets(table))
    traces.record(ws, RANKINGS_KIND, [Path(path)], records=len(table.rows),
                  detail={"set_id": set_id, "year": year, "quarter": quarter})
    return len(table.rows)
