"""`frontline indicators`, `frontline values`, `frontline rankings`, `frontline ranking-note`:
quarterly key-task indicators from the command line.

frontline indicators list --db x.db [--year 2026] [--json]
frontline indicators add-set --db x.db --name 重点任务指标 --year 2026 --subject unit --from-json 指标.json
frontline indicators show --db x.db 3
frontline indicators activate --db x.db 3
frontline indicators new-version --db x.db 3
frontline values template --db x.db --set 3 --year 2026 --quarter 1 --out 模板.xlsx
frontline values import --db x.db --set 3 --year 2026 --quarter 1 模板.xlsx [--dry-run]
frontline values set --db x.db --set 3 --year 2026 --quarter 1 --unit 12 --indicator 招商引资 --value 120 --target 100
frontline rankings --db x.db --set 3 --year 2026 --quarter 1 [--group] [--json]
frontline rankings export --db x.db --set 3 --year 2026 --quarter 1 --out 排名.xlsx
frontline ranking-note --db x.db --set 3 --year 2026 --quarter 1 --unit 12 --explanation … --measures …

Parsing and printing only; the services check and write.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.main import EXIT_OK, EXIT_REFUSED, Commands, UserError, open_workspace
from desktop.cli.text import table

if TYPE_CHECKING:
    from desktop.services.indicators.rankings import Rankings, RankRow

JSON_LIMIT = 1 << 20  # an indicator list is a few kilobytes


def _number(row: float | None) -> str:
    return "" if row is None else f"{row:.2f}"


# --- indicators -----------------------------------------------------------------------------

def cmd_indicators(args: argparse.Namespace) -> int:
    handlers = {"list": _list, "show": _show, "add-set": _add_set, "activate": _activate,
                "new-version": _new_version}
    return handlers[args.action](args)


def _list(args: argparse.Namespace) -> int:
    from desktop.services.indicators import queries

    ws = open_workspace(args)
    try:
        rows = queries.set_rows(ws, args.year)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    print(table(["编号", "名称", "年度", "版本", "对象", "状态", "指标数", "权重合计", "已录入数值"],
                [[str(r.id), r.name, str(r.year), str(r.version), r.subject_label, r.status_label, str(r.indicators),
                  f"{r.weight_total:g}", str(r.values)] for r in rows]))
    print(f"共 {len(rows)} 个指标体系（版本）", file=sys.stderr)
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from desktop.services.indicators import queries

    ws = open_workspace(args)
    try:
        detail = queries.set_detail(ws, args.set_id)
    finally:
        ws.close()
    row = detail.row
    print(f"{row.name}（编号 {row.id}，{row.year}年，第{row.version}版，{row.subject_label}，{row.status_label}，"
          f"已录入 {row.values} 个数值）")

    def rule(i: Any) -> str:
        if i.rule == "manual":
            return f"{i.rule_label}（{i.min_value:g}-{i.max_value:g}）"
        return f"{i.rule_label}（封顶 {i.cap:g}）" if i.rule == "target" else i.rule_label

    print(table(["编号", "指标", "权重", "计分", "越低越好", "单位", "来源部门"],
                [[str(i.id), i.name, f"{i.weight:g}", rule(i), "是" if i.lower_is_better else "", i.measure,
                  i.source_department] for i in detail.indicators]))
    return EXIT_OK


def _add_set(args: argparse.Namespace) -> int:
    from desktop.safe_read import read_json
    from desktop.services.indicators import rule_sets

    try:
        doc = read_json(args.from_json, JSON_LIMIT, f"指标文件 {args.from_json}")
    except ValueError:
        raise UserError(f"{args.from_json} 不是有效的 JSON 文件") from None
    spec = rule_sets.spec_from_json(doc, name=args.name, year=args.year, subject=args.subject)
    problems = spec.problems()
    if problems:  # before the password is asked
        raise UserError("；".join(problems))
    ws = open_workspace(args)
    try:
        set_id = rule_sets.create(ws, spec)
    finally:
        ws.close()
    print(f"已创建指标体系“{spec.name}”（编号 {set_id}，{len(spec.indicators)} 项指标，草稿）；"
          f"用 frontline indicators activate {set_id} 启用")
    return EXIT_OK


def _activate(args: argparse.Namespace) -> int:
    from desktop.services.indicators import queries, rule_sets

    ws = open_workspace(args)
    try:
        rule_sets.activate(ws, args.set_id)
        row = queries.set_detail(ws, args.set_id).row
    finally:
        ws.close()
    print(f"已启用“{row.name}”第{row.version}版（{row.year}年）；该指标体系的其他版本已停用")
    return EXIT_OK


def _new_version(args: argparse.Namespace) -> int:
    from desktop.services.indicators import queries, rule_sets

    ws = open_workspace(args)
    try:
        made = rule_sets.new_version(ws, args.set_id)
        row = queries.set_detail(ws, made).row
    finally:
        ws.close()
    print(f"已另存为“{row.name}”第{row.version}版（编号 {made}，草稿）")
    return EXIT_OK


# --- values ---------------------------------------------------------------------------------

def cmd_values(args: argparse.Namespace) -> int:
    handlers = {"template": _template, "import": _import, "set": _set_value}
    return handlers[args.action](args)


def _template(args: argparse.Namespace) -> int:
    from desktop.services.indicators import workbooks

    ws = open_workspace(args)
    try:
        n = workbooks.write_template(ws, args.set, args.year, args.quarter, args.out)
    finally:
        ws.close()
    print(f"已生成指标数据导入模板 {args.out}（{n} 行）")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from desktop.services.indicators import workbooks

    ws = open_workspace(args)
    try:
        plan = workbooks.preview(ws, args.set, args.year, args.quarter, Path(args.path))
        print(plan.summary())
        for r in plan.rejects:
            cells = "，".join(p for p in (r.column, f"内容“{r.value}”" if r.value else "") if p)
            print(f"  拒绝 {r.where.label()}{('，' + cells) if cells else ''}：{r.reason}")
        if plan.rejects:
            print(f"frontline：有 {len(plan.rejects)} 处数据被拒绝，没有写入任何数据", file=sys.stderr)
            return EXIT_REFUSED
        if args.dry_run:
            print("试运行（--dry-run）：没有写入任何数据")
            return EXIT_OK
        n = workbooks.commit(ws, plan)
    finally:
        ws.close()
    print(f"已导入 {plan.rows} 行，{n} 个数值有变化")
    return EXIT_OK


def _indicator_id(detail: Any, given: str) -> int:
    for i in detail.indicators:
        if given in (str(i.id), i.name):
            return int(i.id)
    names = "、".join(f"{i.id} {i.name}" for i in detail.indicators)
    raise UserError(f"“{detail.row.name}”中没有指标“{given}”；可用的指标：{names}")


def _subject(args: argparse.Namespace) -> int:
    if (args.unit is None) == (args.cadre is None):
        raise UserError("请用 --unit 编号（单位指标）或 --cadre 编号（领导干部指标）指定考核对象")
    return int(args.unit if args.unit is not None else args.cadre)


def _set_value(args: argparse.Namespace) -> int:
    from desktop.services.indicators import queries, values

    subject = _subject(args)
    ws = open_workspace(args)
    try:
        detail = queries.set_detail(ws, args.set)
        indicator = _indicator_id(detail, args.indicator)
        values.record(ws, args.set, args.year, args.quarter, subject, indicator, args.value, args.target,
                      keep_target=True)
        name = queries.subject_label(ws, args.set, subject)
    finally:
        ws.close()
    target = f"，目标 {args.target:g}" if args.target is not None else ""
    print(f"已录入{args.year}年第{args.quarter}季度 {detail.row.subject_label} {name} 的"
          f"“{args.indicator}”：{args.value:g}{target}")
    return EXIT_OK


# --- rankings -------------------------------------------------------------------------------

def _row_json(r: RankRow) -> dict[str, Any]:
    return {"rank": r.rank, "subject_id": r.subject_id, "subject": r.subject, "group": r.group,
            "group_rank": r.group_rank, "total": r.total, "missing": r.missing, "bottom": r.bottom,
            "group_bottom": r.group_bottom, "scores": list(r.scores), "trend": list(r.trend),
            "trend_ranks": list(r.trend_ranks), "reported": list(r.reported)}


def _rankings_json(t: Rankings) -> dict[str, Any]:
    rep = t.reporting
    return {"set_id": t.set_id, "set": t.set_name, "version": t.version, "year": t.year, "quarter": t.quarter,
            "subject": t.subject_label, "indicators": list(t.indicators), "weights": list(t.weights),
            "quarters": list(t.quarters), "rows": [_row_json(r) for r in t.rows], "scoped": t.scoped,
            "reporting": {"rate": rep.rate, "reported": rep.reported, "expected": rep.expected,
                          "not_reported": [{"subject_id": m.subject_id, "subject": m.name,
                                            "missing": list(m.missing)} for m in rep.not_reported]}}


def _print_rankings(t: Rankings, by_group: bool) -> None:
    head = [t.subject_label, "类别", "总分", "未报", "末位"]

    def cells(r: RankRow, group: bool) -> list[str]:
        flag = r.group_bottom if group else r.bottom
        return [r.subject, r.group, f"{r.total:.2f}", str(r.missing) if r.missing else "", "末位" if flag else ""]

    from desktop.services.indicators.rankings import scoped_note

    print(f"{t.set_name}（第{t.version}版）{t.year}年第{t.quarter}季度 {t.subject_label}排名{scoped_note(t)}")
    if by_group:
        for g in t.groups:
            print(f"\n{g}")
            print(table(["组内名次", "总名次", *head], [[str(r.group_rank), str(r.rank), *cells(r, True)]
                                                     for r in t.in_group(g)]))
    else:
        print(table(["名次", *head], [[str(r.rank), *cells(r, False)] for r in t.rows]))
    rep = t.reporting
    print(f"\n报送率：{rep.rate:.1%}（{rep.reported}/{rep.expected} 项）")
    if rep.not_reported:
        print(f"未报齐的{t.subject_label}（{len(rep.not_reported)} 个）：")
        everything = len(t.indicators)
        for m in rep.not_reported:
            print(f"  {m.name}：" + (f"全部 {everything} 项" if len(m.missing) == everything else "、".join(m.missing)))


def cmd_rankings(args: argparse.Namespace) -> int:
    if args.action == "export":
        return _export_rankings(args)
    from desktop.services.indicators import queries

    ws = open_workspace(args)
    try:
        t = queries.rankings(ws, args.set, args.year, args.quarter)
    finally:
        ws.close()
    if args.json:
        print(json.dumps(_rankings_json(t), ensure_ascii=False, indent=1))
    else:
        _print_rankings(t, args.group)
    return EXIT_OK


def _export_rankings(args: argparse.Namespace) -> int:
    from desktop.services.indicators import workbooks

    if not args.out:
        raise UserError("缺少必需的参数：--out")
    ws = open_workspace(args)
    try:
        n = workbooks.export_rankings(ws, args.set, args.year, args.quarter, args.out)
    finally:
        ws.close()
    print(f"已导出 {n} 个考核对象的排名到 {args.out}")
    return EXIT_OK


def cmd_ranking_note(args: argparse.Namespace) -> int:
    from desktop.services.indicators import rankings

    subject = _subject(args)
    ws = open_workspace(args)
    try:
        rankings.record_note(ws, args.set, args.year, args.quarter, subject, args.explanation, args.measures)
    finally:
        ws.close()
    print(f"已记录{args.year}年第{args.quarter}季度末位说明（考核对象 {subject}）")
    return EXIT_OK


# --- parser ---------------------------------------------------------------------------------

def _period(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", type=int, required=True, metavar="ID", help="指标体系编号（frontline indicators list）")
    p.add_argument("--year", type=int, required=True, metavar="Y", help="年度")
    p.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4], metavar="Q", help="季度（1-4）")


def _who(p: argparse.ArgumentParser) -> None:
    p.add_argument("--unit", type=int, metavar="U", help="单位编号（单位指标）")
    p.add_argument("--cadre", type=int, metavar="C", help="干部编号（领导干部指标）")


def _sub(c: Commands, sub: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, parents=[c.db, c.login], help=help_text,
                                                     description=help_text)
    return parser


def register(c: Commands) -> None:
    p = c.add("indicators", cmd_indicators,
              "季度重点任务指标体系：列出、新建（指标权重合计须为 100）、启用、另存为新版本", [])
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = _sub(c, sub, "list", "列出指标体系及其版本、状态和已录入的数值个数")
    q.add_argument("--year", type=int, metavar="Y", help="只列出该年度的")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q = _sub(c, sub, "add-set", "新建指标体系（草稿），指标从 JSON 文件读入")
    q.add_argument("--name", required=True, metavar="N", help="名称")
    q.add_argument("--year", type=int, required=True, metavar="Y", help="年度")
    q.add_argument("--subject", required=True, choices=["unit", "leader"],
                   help="考核对象：unit（单位）或 leader（领导干部）")
    q.add_argument("--from-json", required=True, metavar="FILE",
                   help="指标列表：[{\"name\": …, \"weight\": …, \"rule\": \"target|ranking|manual\", \"cap\": 1.2, "
                        "\"min\": …, \"max\": …, \"lower_is_better\": false, \"measure\": …}]")
    for name, text in (("show", "列出一个指标体系的各项指标（编号、权重、计分方式）"),
                       ("activate", "启用一个版本（同名同年度的其他版本随即停用）"),
                       ("new-version", "把一个版本另存为新版本（草稿），已录入数值的版本只能这样修改")):
        q = _sub(c, sub, name, text)
        q.add_argument("set_id", type=int, metavar="SET_ID", help="指标体系编号")

    p = c.add("values", cmd_values,
              "季度指标数值：生成导入模板、从 Excel 导入（有错误时不写入任何数据）、录入一个数值", [])
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = _sub(c, sub, "template", "生成该指标体系和季度的导入模板（已录入的数值已填好）")
    _period(q)
    q.add_argument("--out", required=True, metavar="F.xlsx", help="模板文件")
    q = _sub(c, sub, "import", "导入填好的模板：逐行检查，任何一行有错误时不写入任何数据")
    _period(q)
    q.add_argument("path", metavar="F.xlsx", help="填好的模板")
    q.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    q = _sub(c, sub, "set", "录入一个考核对象一项指标的数值（按目标计分的指标可同时填写目标值）")
    _period(q)
    _who(q)
    q.add_argument("--indicator", required=True, metavar="I", help="指标编号或名称")
    q.add_argument("--value", type=float, required=True, metavar="V", help="数值")
    q.add_argument("--target", type=float, metavar="T", help="目标值（按目标计分的指标；不给出时保留已录入的目标值）")

    p = c.add("rankings", cmd_rankings, "季度得分和排名（总排名或按类别分组），末位三名、报送率和未报情况；"
                                        "rankings export … --out F.xlsx 导出为 Excel")
    p.add_argument("action", nargs="?", choices=["export"], metavar="export", help="导出为 xlsx（须给出 --out）")
    _period(p)
    p.add_argument("--group", action="store_true", help="按单位类别（或领导干部的职务层次）分组排名")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--out", metavar="F.xlsx", help="导出文件（rankings export）")

    p = c.add("ranking-note", cmd_ranking_note, "记录末位考核对象在季度分析会上的原因说明和整改措施")
    _period(p)
    _who(p)
    p.add_argument("--explanation", required=True, metavar="TEXT", help="原因说明")
    p.add_argument("--measures", required=True, metavar="TEXT", help="整改措施")
