"""`frontline targets …`, `frontline problems …`, `frontline completion`: the task, problem and
implementation lists from the command line.

frontline targets template --db x.db --out 任务清单模板.xlsx
frontline targets import --db x.db --campaign 3 任务清单.xlsx
frontline targets list --db x.db [--campaign 3] [--unit 40] [--cadre 12] [--json]
frontline targets implementation --db x.db [--campaign 3] [--unit 40] [--cadre 12] [--json | --out 落实清单.xlsx]
frontline targets verify 7 --db x.db --achieved 120 --fact "统计局快报" [--evidence 报表.pdf] [--by 王五]
    [--on 2026-11-30]
frontline problems add --db x.db (--visit ID | --talk ID | --unit ID | --cadre ID) [--year Y --quarter Q] --text …
frontline problems status 5 --db x.db --status 已反馈 [--to 海港区政府] [--on 2026-11-30] [--follow-up …]
frontline problems list --db x.db --year 2026 --quarter 2 [--json]
frontline completion --db x.db [--campaign 3] [--json]

(`frontline problem add` is the same as `frontline problems add`.) Parsing and printing only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from desktop.cli.text import day, table
from desktop.models.results import PROBLEM_STATUSES, RESULT_LABELS, SEVERITIES

if TYPE_CHECKING:
    from desktop.cli.main import Commands
    from desktop.services.results.completion import CompletionRow
    from desktop.services.results.queries import TargetRow
    from desktop.services.results.target_import import TargetPlan
    from desktop.services.workspace import Workspace


class _Row(Protocol):
    def as_json(self) -> dict[str, object]: ...


T = TypeVar("T", bound=_Row)




def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _goal(row: TargetRow) -> str:
    return f"{_number(row.target_value)}{row.measure}" if row.target_value is not None else ""


def cmd_targets(args: argparse.Namespace) -> int:
    handlers = {"template": _template, "import": _import, "list": _list, "verify": _verify,
                "implementation": _implementation}
    return handlers[args.action](args)


def _template(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, open_workspace
    from desktop.services.results import target_import

    ws = open_workspace(args)
    try:
        target_import.write_template(ws, args.out)
    finally:
        ws.close()
    print(f"已生成任务清单导入模板 {args.out}")
    return EXIT_OK


def print_rejects(plan: TargetPlan) -> None:
    for r in plan.rejects:
        cells = "，".join(p for p in (r.column, f"内容“{r.value}”" if r.value.strip() else "") if p)
        print(f"  拒绝 {r.where.label()}{('，' + cells) if cells else ''}：{r.reason}")


def _import(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, EXIT_REFUSED, open_workspace
    from desktop.services.results import target_import

    ws = open_workspace(args)
    try:
        plan = target_import.preview(ws, Path(args.path), args.campaign)
        for note in plan.notes:
            print(f"说明：{note}")
        print(plan.summary())
        if plan.rejects:
            print_rejects(plan)
            print(f"frontline：{plan.name} 中有 {plan.bad_rows} 行不能导入，没有导入任何任务；"
                  "请改正上面列出的每一行后重新导入", file=sys.stderr)
            return EXIT_REFUSED
        added = target_import.commit(ws, plan)
    finally:
        ws.close()
    print(f"已导入任务清单 {added} 条")
    return EXIT_OK


def _read(args: argparse.Namespace, reader: Callable[[Workspace], Sequence[T]]) -> Sequence[T] | None:
    """The rows a read returns; printed as JSON here (and None returned) when --json was given."""
    from desktop.cli.main import open_workspace

    ws = open_workspace(args)
    try:
        rows = reader(ws)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return None
    return rows


def _list(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.results import queries

    rows = _read(args, lambda ws: queries.targets(ws, campaign_id=args.campaign, cadre_id=args.cadre,
                                                   unit_id=args.unit))
    if rows is None:
        return EXIT_OK
    print(table(["编号", "责任对象", "任务", "目标", "完成时限", "硬性", "来源", "检验结果", "完成值"],
                [[str(r.id), r.subject, r.duty, _goal(r), str(r.deadline or ""), "是" if r.hard else "",
                  r.source_department, r.result_label + ("（逾期）" if r.overdue else ""), _number(r.achieved_value)]
                 for r in rows]))
    print(f"共 {len(rows)} 条，逾期 {sum(r.overdue for r in rows)} 条", file=sys.stderr)
    return EXIT_OK


def _implementation(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, open_workspace
    from desktop.services.results import lists_export, queries

    if args.out:
        ws = open_workspace(args)
        try:
            count = lists_export.export_implementation(ws, args.out, campaign_id=args.campaign, cadre_id=args.cadre,
                                                       unit_id=args.unit)
        finally:
            ws.close()
        print(f"已导出落实清单 {count} 条到 {args.out}")
        return EXIT_OK

    rows = _read(args, lambda ws: queries.implementation(ws, campaign_id=args.campaign, cadre_id=args.cadre,
                                                          unit_id=args.unit))
    if rows is None:
        return EXIT_OK
    headers = ["编号", "责任对象", "任务", "目标", "完成值", "检验结果", "核实的事实", "佐证材料", "检验人", "检验日期"]
    print(table(headers, [[str(r.target.id), r.target.subject, r.target.duty, _goal(r.target),
                           _number(r.target.achieved_value), r.target.result_label, r.fact,
                           "、".join(e.filename for e in r.evidence), r.verified_by, str(r.verified_on)]
                          for r in rows]))
    print(f"共 {len(rows)} 条", file=sys.stderr)
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, open_workspace
    from desktop.services.results import queries, verification
    from desktop.services.results.verification import VerificationInput

    data = VerificationInput(args.target, achieved_value=args.achieved, result=args.result, fact=args.fact or "",
                             evidence=tuple(Path(p) for p in args.evidence or ()), verified_by=args.by or "",
                             verified_on=args.on)
    ws = open_workspace(args)
    try:
        verification.verify(ws, data)
        row = queries.target(ws, args.target)
    finally:
        ws.close()
    goal = f"目标 {_number(row.target_value)}{row.measure}，完成 {_number(row.achieved_value)}{row.measure}，" \
        if row.target_value is not None else ""
    files = f"，佐证材料 {len(data.evidence)} 个" if data.evidence else ""
    print(f"已检验任务第 {row.id} 号“{row.duty}”：{goal}{row.result_label}{files}")
    return EXIT_OK


def cmd_problems(args: argparse.Namespace) -> int:
    handlers = {"add": _problem_add, "list": _problem_list, "status": _problem_status}
    return handlers[args.action](args)


def _problem_status(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, open_workspace
    from desktop.services.results import problems

    ws = open_workspace(args)
    try:
        problems.set_status(ws, args.problem, args.status, follow_up=args.follow_up, fed_back_to=args.to,
                            fed_back_on=args.on)
    finally:
        ws.close()
    print(f"问题清单第 {args.problem} 号：{args.status}")
    return EXIT_OK


def _problem_add(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, UserError, open_workspace
    from desktop.services.results import problems
    from desktop.services.results.problems import ProblemInput

    if not (args.visit or args.talk or args.unit or args.cadre):
        raise UserError("请用 --visit、--talk、--unit 或 --cadre 指出问题来自哪里、属于谁")
    if not (args.visit or args.talk) and (args.year is None or args.quarter is None):
        raise UserError("请用 --year 和 --quarter 指定问题所属的年度和季度")
    more = {"bottleneck": args.bottleneck or "", "severity": args.severity}
    ws = open_workspace(args)
    try:
        if args.visit:
            pid = problems.raise_from_visit(ws, args.visit, args.text, year=args.year, quarter=args.quarter,
                                            unit_id=args.unit, **more)
        elif args.talk:
            pid = problems.raise_from_talk(ws, args.talk, args.text, year=args.year, quarter=args.quarter,
                                           unit_id=args.unit, **more)
        else:
            pid = problems.create(ws, ProblemInput(year=args.year, quarter=args.quarter, problem=args.text,
                                                   unit_id=args.unit, cadre_id=args.cadre,
                                                   campaign_id=args.campaign, **more))
    finally:
        ws.close()
    print(f"已列入问题清单：第 {pid} 号")
    return EXIT_OK


def _problem_list(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.results import queries

    rows = _read(args, lambda ws: queries.problems(ws, args.year, args.quarter, campaign_id=args.campaign,
                                                    unit_id=args.unit))
    if rows is None:
        return EXIT_OK
    print(table(["编号", "季度", "单位或干部", "问题", "严重程度", "状态", "来源"],
                [[str(r.id), f"{r.year}年第{r.quarter}季度", r.unit or r.cadre, r.problem, r.severity, r.status,
                  r.origin] for r in rows]))
    print(f"共 {len(rows)} 个问题", file=sys.stderr)
    return EXIT_OK


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _completion_line(r: CompletionRow) -> list[str]:
    a, h = r.all, r.hard
    return [r.kind_label, r.name, str(a.targets), str(a.met), str(a.partly), str(a.not_met), str(a.unverified),
            str(a.overdue), _rate(a.rate), f"{h.met}/{h.targets}", _rate(h.rate)]


def cmd_completion(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, open_workspace
    from desktop.services.results import queries

    ws = open_workspace(args)
    try:
        report = queries.completion(ws, args.campaign)
    finally:
        ws.close()
    if args.json:
        print(json.dumps({"today": report.today.isoformat(), "total": report.total.as_json(),
                          "campaigns": [r.as_json() for r in report.campaigns],
                          "cadres": [r.as_json() for r in report.cadres],
                          "units": [r.as_json() for r in report.units]}, ensure_ascii=False, indent=1))
        return EXIT_OK
    rows = [report.total, *report.campaigns, *report.cadres, *report.units]
    print(table(["类别", "名称", "任务", "完成", "部分完成", "未完成", "未检验", "逾期", "完成率", "硬性指标完成",
                 "硬性指标完成率"], [_completion_line(r) for r in rows]))
    overdue = report.total.overdue_ids
    if overdue:
        print(f"逾期未完成的任务：{'、'.join(f'第 {i} 号' for i in overdue)}（frontline targets list 查看）")
    return EXIT_OK


def register(c: Commands) -> None:
    def sub(parent: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
        return parent.add_subparsers(dest="action", required=True, metavar="ACTION")

    def leaf(group: argparse._SubParsersAction, name: str, text: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
        return group.add_parser(name, parents=[c.db, c.login], help=text, description=text)  # type: ignore[no-any-return]

    t = sub(c.add("targets", cmd_targets, "任务清单：导入模板、导入、列出、检验（落实清单）", []))
    p = leaf(t, "template", "生成任务清单导入模板（含填写说明、示例行和下拉列表）")
    p.add_argument("--out", required=True, metavar="FILE", help="模板文件（.xlsx）")
    p = leaf(t, "import", "导入任务清单（xlsx）；有任何一行不能导入时列出每一行的问题，不导入任何任务")
    p.add_argument("path", metavar="FILE", help="任务清单文件（.xlsx）")
    p.add_argument("--campaign", type=int, metavar="ID", help="任务清单所属的考核（编号见 frontline report-campaigns）")
    p = leaf(t, "list", "列出任务清单及检验结果（逾期的标出）")
    for name, what in (("--campaign", "考核"), ("--unit", "单位"), ("--cadre", "干部")):
        p.add_argument(name, type=int, metavar="ID", help=f"只列出该{what}的任务")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = leaf(t, "implementation", "列出落实清单：已检验的任务，完成值、结果、事实、佐证材料、检验人和日期")
    for name, what in (("--campaign", "考核"), ("--unit", "单位"), ("--cadre", "干部")):
        p.add_argument(name, type=int, metavar="ID", help=f"只列出该{what}的任务")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="以 JSON 输出")
    out.add_argument("--out", metavar="FILE", help="保存为 Excel 文件（.xlsx）")
    p = leaf(t, "verify", "检验一条任务（列入落实清单）：数值目标按完成值自动判定，其他目标选择结果；"
                          "须有事实或佐证材料")
    p.add_argument("target", type=int, metavar="TARGET_ID", help="任务编号（见 frontline targets list）")
    p.add_argument("--achieved", type=float, metavar="V", help="实际完成值")
    p.add_argument("--result", choices=list(RESULT_LABELS), help="检验结果（没有数值目标时必填）："
                   + "、".join(f"{k}（{v}）" for k, v in RESULT_LABELS.items()))
    p.add_argument("--fact", metavar="TEXT", help="核实的事实")
    p.add_argument("--evidence", action="append", metavar="FILE", help="佐证材料文件（可重复）")
    p.add_argument("--by", metavar="NAME", help="检验人（默认为当前账户）")
    p.add_argument("--on", type=day, metavar="DATE", help="检验日期（默认为今天），如 2026-11-30")

    text = "问题清单：提出问题（可来自走访或谈话记录）、按季度列出"
    # `frontline problem add` reads better; both names work.
    problems = c.sub.add_parser("problems", aliases=["problem"], help=text, description=text)
    problems.set_defaults(func=cmd_problems)
    q = sub(problems)
    p = leaf(q, "add", "提出一个问题，列入问题清单")
    p.add_argument("--visit", type=int, metavar="ID", help="来自该走访记录（考核、单位和季度取自走访）")
    p.add_argument("--talk", type=int, metavar="ID", help="来自该谈话记录（考核、干部和季度取自谈话）")
    p.add_argument("--unit", type=int, metavar="ID", help="问题所在的单位（走访涉及几个单位时须指定）")
    p.add_argument("--cadre", type=int, metavar="ID", help="问题涉及的干部")
    p.add_argument("--campaign", type=int, metavar="ID", help="所属考核（来自走访或谈话时取自记录）")
    p.add_argument("--year", type=int, metavar="Y", help="年度")
    p.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], metavar="Q", help="季度（1—4）")
    p.add_argument("--text", required=True, metavar="TEXT", help="问题")
    p.add_argument("--bottleneck", metavar="TEXT", help="堵点、难点")
    p.add_argument("--severity", choices=list(SEVERITIES), default=SEVERITIES[0], help="严重程度")
    p = leaf(q, "status", "跟进一个问题：改变状态（待反馈、已反馈、整改中、已解决），写明反馈对象和整改情况")
    p.add_argument("problem", type=int, metavar="PROBLEM_ID", help="问题编号（见 frontline problems list）")
    p.add_argument("--status", required=True, choices=list(PROBLEM_STATUSES), help="新的状态")
    p.add_argument("--to", metavar="NAME", help="反馈给谁")
    p.add_argument("--on", type=day, metavar="DATE", help="反馈日期，如 2026-11-30")
    p.add_argument("--follow-up", metavar="TEXT", help="跟进和整改情况（标为已解决时必填）")
    p = leaf(q, "list", "列出一个季度（或一年、全部）的问题清单")
    p.add_argument("--year", type=int, metavar="Y", help="年度")
    p.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], metavar="Q", help="季度（1—4）")
    p.add_argument("--campaign", type=int, metavar="ID", help="只列出该考核的问题")
    p.add_argument("--unit", type=int, metavar="ID", help="只列出该单位的问题")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    p = c.add("completion", cmd_completion, "任务完成率：按考核、干部和单位统计，硬性指标单列，标出逾期任务")
    p.add_argument("--campaign", type=int, metavar="ID", help="只统计该考核的任务")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
