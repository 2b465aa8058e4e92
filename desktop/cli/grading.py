"""`frontline appraisal …` and `frontline grades …`: the political-quality appraisal and the annual
grades within quota from the command line, the whole flow from a round to its filing bundle.

frontline appraisal set --db x.db --cadre 12 --year 2026 --issued 20 --returned 19 --valid 18 --counts 12,4,2,0
    [--comment …] [--suggest 优秀] [--opinion …]
frontline appraisal show --db x.db --cadre 12 --year 2026 [--json]
frontline grades create --db x.db --unit 40 --year 2026 [--staff-type 公务员] [--bands 90,75,60] [--quota 20]
    [--frontline-quota 30] [--frontline-months 6] [--rule …] [--min-service 6]
frontline grades list --db x.db [--year 2026] [--json]
frontline grades propose 3 --db x.db
frontline grades show 3 --db x.db [--json]
frontline grades set 3 --db x.db --cadre 12 --grade 称职 --note …
frontline grades approve 3 --db x.db --text "部务会同意增加一名"
frontline grades notice 3 --db x.db --start 2026-12-03 [--days 5]
frontline grades withdraw 3 --db x.db
frontline grades objection 3 --db x.db --text … [--cadre 12] [--on 2026-12-04] [--handling …]
frontline grades handle 7 --db x.db --handling …
frontline grades finalise 3 --db x.db
frontline grades filing 3 --db x.db [--out 备案材料.zip] [--pdf 打印稿.pdf]
frontline grades calendar --db x.db [--holidays 2026-10-01,2026-10-02 --workdays 2026-10-10]

Parsing and printing only; every refusal is one line and exit status 1 (cli/main.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from desktop.cli.text import day, table
from desktop.models.grading import STAFF_TYPES

if TYPE_CHECKING:
    from desktop.cli.main import Commands
    from desktop.services.grading.queries import RoundView
    from desktop.services.workspace import Workspace

T = TypeVar("T")




def _counts(text: str) -> tuple[int, int, int, int]:
    parts = text.replace("，", ",").split(",")
    try:
        values = tuple(int(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”应为四个整数：好,较好,一般,较差") from None
    if len(values) != 4:
        raise argparse.ArgumentTypeError(f"“{text}”应为四个整数：好,较好,一般,较差")
    return values[0], values[1], values[2], values[3]


def _with(args: argparse.Namespace, fn: Callable[[Workspace], T]) -> T:
    from desktop.cli.main import open_workspace

    ws = open_workspace(args)
    try:
        return fn(ws)
    finally:
        ws.close()


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


# --- appraisal ----------------------------------------------------------------------------------

def cmd_appraisal(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import appraisals, queries
    from desktop.services.grading.appraisals import AppraisalInput

    if args.action == "set":
        good, fair, average, poor = args.counts
        data = AppraisalInput(args.cadre, args.year, args.issued, args.returned, args.valid, good, fair, average, poor,
                              supervisor_comment=args.comment or "", suggested_grade=args.suggest or "",
                              committee_opinion=args.opinion or "")
        view = _with(args, lambda ws: (appraisals.save(ws, data), queries.appraisal(ws, args.cadre, args.year))[1])
        assert view is not None
        print(f"已保存 {view.name} {args.year} 年度政治素质鉴定：有效 {view.valid} 份，得分 {_score(view.score)}")
        return EXIT_OK
    view = _with(args, lambda ws: queries.appraisal(ws, args.cadre, args.year))
    if view is None:
        from desktop.errors import NotFound

        raise NotFound(f"第 {args.cadre} 号干部没有 {args.year} 年度的政治素质鉴定")
    if args.json:
        print(json.dumps(view.as_json(), ensure_ascii=False, indent=1))
        return EXIT_OK
    print(f"{view.name} {view.year} 年度政治素质鉴定：发出 {view.issued}，收回 {view.returned}，有效 {view.valid}；"
          f"好 {view.good}，较好 {view.fair}，一般 {view.average}，较差 {view.poor}；得分 {_score(view.score)}")
    for label, text in (("主管领导评语", view.supervisor_comment), ("等次建议", view.suggested_grade),
                        ("党委（党组）意见", view.committee_opinion)):
        if text:
            print(f"{label}：{text}")
    return EXIT_OK


# --- grades ---------------------------------------------------------------------------------------

def cmd_grades(args: argparse.Namespace) -> int:
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "create": _create, "list": _list, "propose": _propose, "show": _show, "set": _set, "approve": _approve,
        "notice": _notice, "withdraw": _withdraw, "objection": _objection, "handle": _handle,
        "finalise": _finalise, "filing": _filing, "calendar": _calendar}
    return handlers[args.action](args)


def _create(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import rounds
    from desktop.services.grading.rounds import RoundInput

    defaults = RoundInput(args.unit, args.year)
    data = RoundInput(args.unit, args.year, args.staff_type, args.bands, args.quota / 100, args.frontline_quota / 100,
                      args.rule if args.rule is not None else defaults.frontline_rule, args.frontline_months,
                      args.min_service)
    round_id = _with(args, lambda ws: rounds.create_round(ws, data))
    print(f"已建立第 {round_id} 号年度考核定等（{args.year} 年度，{args.staff_type}）；"
          f"下一步：frontline grades propose {round_id}")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import queries

    rows = _with(args, lambda ws: queries.round_rows(ws, args.year))
    if args.json:
        print(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    print(table(["编号", "年度", "单位", "人员类别", "状态", "人数"],
                [[str(r.id), str(r.year), r.unit, r.staff_type, r.state_label, str(r.people)] for r in rows]))
    return EXIT_OK


def _print_view(view: RoundView) -> None:
    print(f"第 {view.row.id} 号：{view.row.label}")
    print(view.rule_text())
    print(table(["干部编号", "姓名", "鉴定得分", "拟定等次", "等次", "一线", "说明"],
                [[str(p.cadre_id), p.name, _score(p.score), p.proposed, p.grade, "是" if p.frontline else "",
                  p.undetermined_reason or p.note] for p in view.proposals]))
    print(view.count.line())
    if view.approval:
        print(f"批准：{view.approval}（{view.approved_by}，涵盖优秀 {view.approved_excellent} 名）")
    if view.notice_start and view.notice_end:
        print(f"公示：{view.notice_start.isoformat()} 至 {view.notice_end.isoformat()}（{view.notice_days} 个工作日）")
    for o in view.objections:
        print(f"异议 {o.id}（{o.received_on.isoformat()}{'，' + o.cadre if o.cadre else ''}）：{o.content}"
              f"　处理：{o.handling or '未处理'}")
    if view.signed_by:
        print(f"已由 {view.signed_by} 签批定等")


def _show(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import queries

    view = _with(args, lambda ws: queries.round_view(ws, args.round))
    if args.json:
        print(json.dumps(view.as_json(), ensure_ascii=False, indent=1))
    else:
        _print_view(view)
    return EXIT_OK


def _propose(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import queries, rounds

    view = _with(args, lambda ws: (rounds.propose(ws, args.round), queries.round_view(ws, args.round))[1])
    _print_view(view)
    return EXIT_OK


def _set(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.errors import NotFound
    from desktop.services.grading import queries, rounds

    def run(ws: Workspace) -> str:
        view = queries.round_view(ws, args.round)
        row = next((p for p in view.proposals if p.cadre_id == args.cadre), None)
        if row is None:
            raise NotFound(f"第 {args.cadre} 号干部不在第 {args.round} 号定等中")
        rounds.set_grade(ws, row.id, args.grade, args.note or "")
        return queries.round_view(ws, args.round).count.line()

    line = _with(args, run)
    print(f"已将第 {args.cadre} 号干部的等次定为 {args.grade}。{line}")
    return EXIT_OK


def _approve(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import rounds

    count = _with(args, lambda ws: rounds.approve(ws, args.round, args.text))
    print(f"已记录批准：优秀 {count} 名")
    return EXIT_OK


def _notice(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import rounds

    end = _with(args, lambda ws: rounds.start_notice(ws, args.round, args.start, args.days))
    print(f"已开始公示：{args.start.isoformat()} 至 {end.isoformat()}（{args.days} 个工作日），期满后才能定等")
    return EXIT_OK


def _withdraw(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import rounds

    _with(args, lambda ws: rounds.withdraw_notice(ws, args.round))
    print("已撤回公示，回到拟定中；修改等次后须重新公示")
    return EXIT_OK


def _objection(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import rounds

    on = args.on or dt.date.today()
    oid = _with(args, lambda ws: rounds.record_objection(ws, args.round, args.text, on, cadre_id=args.cadre,
                                                          handling=args.handling or ""))
    hint = "" if args.handling else f"；处理后用 frontline grades handle {oid} --handling … 写明处理情况"
    print(f"已记录异议第 {oid} 号{hint}")
    return EXIT_OK


def _handle(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import rounds

    _with(args, lambda ws: rounds.handle_objection(ws, args.objection, args.handling))
    print(f"已写明异议第 {args.objection} 号的处理情况")
    return EXIT_OK


def _finalise(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import rounds

    count = _with(args, lambda ws: rounds.finalise(ws, args.round))
    print(f"已签批定等：{count} 名干部的年度考核结果已写入干部档案，本次定等已锁定")
    return EXIT_OK


def _filing(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK, UserError
    from desktop.services.grading import filing
    from desktop.services.reports.reports import Generated

    if args.out is None and args.pdf is None:
        raise UserError("请用 --out FILE.zip（备案材料）或 --pdf FILE.pdf（打印稿），或两者都给")

    def run(ws: Workspace) -> tuple[filing.FilingResult | None, Generated | None]:
        made = filing.write_filing(ws, args.round, args.out) if args.out is not None else None
        return made, filing.printable(ws, args.round, out=args.pdf) if args.pdf is not None else None

    made, printed = _with(args, run)
    if made is not None:
        print(f"已生成备案材料 {made.path}（报表编号 {made.number}，优秀 {made.people} 名）：{'、'.join(made.files)}")
    if printed is not None:
        print(f"已生成备案材料的打印稿 {printed.path}（报表编号 {printed.number}，共 {printed.pages} 页，"
              f"备案报告和年度考核登记表）")
    return EXIT_OK


def _days(text: str) -> list[dt.date]:
    return [day(part) for part in text.replace("，", ",").split(",") if part.strip()]


def _calendar(args: argparse.Namespace) -> int:
    from desktop.cli.main import EXIT_OK
    from desktop.services.grading import queries, rounds

    def run(ws: Workspace) -> tuple[list[dt.date], list[dt.date]]:
        if args.holidays is not None or args.workdays is not None:
            rounds.set_calendar(ws, args.holidays or [], args.workdays or [])
        return queries.notice_calendar(ws)

    holidays, workdays = _with(args, run)
    print(f"节假日：{'、'.join(d.isoformat() for d in holidays) or '无'}")
    print(f"调休工作日：{'、'.join(d.isoformat() for d in workdays) or '无'}")
    return EXIT_OK


# --- parser ---------------------------------------------------------------------------------------

def register(c: Commands) -> None:
    def sub(parent: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
        return parent.add_subparsers(dest="action", required=True, metavar="ACTION")

    def leaf(group: argparse._SubParsersAction, name: str, text: str,  # type: ignore[type-arg]
             round_arg: bool = True) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(name, parents=[c.db, c.login], help=text, description=text)
        if round_arg:
            p.add_argument("round", type=int, metavar="ROUND_ID", help="定等编号（见 frontline grades list）")
        return p

    a = sub(c.add("appraisal", cmd_appraisal, "政治素质鉴定：录入、查看（每名干部每年一份）", []))
    p = leaf(a, "set", "录入或替换一名干部一年的政治素质鉴定；有效票须等于好、较好、一般、较差之和", round_arg=False)
    p.add_argument("--cadre", type=int, required=True, metavar="ID", help="干部编号（见 frontline list）")
    p.add_argument("--year", type=int, required=True, metavar="Y", help="年度")
    for name, what in (("--issued", "发出"), ("--returned", "收回"), ("--valid", "有效")):
        p.add_argument(name, type=int, required=True, metavar="N", help=f"{what}份数")
    p.add_argument("--counts", type=_counts, required=True, metavar="好,较好,一般,较差", help="各等次票数，如 12,4,2,0")
    p.add_argument("--comment", metavar="TEXT", help="主管领导评语")
    p.add_argument("--suggest", metavar="GRADE", help="等次建议，如 优秀")
    p.add_argument("--opinion", metavar="TEXT", help="党委（党组）意见")
    p = leaf(a, "show", "查看一名干部一年的政治素质鉴定和得分", round_arg=False)
    p.add_argument("--cadre", type=int, required=True, metavar="ID", help="干部编号")
    p.add_argument("--year", type=int, required=True, metavar="Y", help="年度")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")

    g = sub(c.add("grades", cmd_grades, "年度考核定等：建立、拟定、批准超额、公示、异议、签批定等、备案材料", []))
    p = leaf(g, "create", "为一个单位（含下级单位）的一类人员建立一年的定等", round_arg=False)
    p.add_argument("--unit", type=int, required=True, metavar="ID", help="单位编号")
    p.add_argument("--year", type=int, required=True, metavar="Y", help="年度")
    p.add_argument("--staff-type", choices=list(STAFF_TYPES), default=STAFF_TYPES[0], help="人员类别（决定等次用语）")
    p.add_argument("--bands", default="90,75,60", metavar="A,B,C", help="分数段：优秀、第二等、第三等的最低分")
    p.add_argument("--quota", type=float, default=20, metavar="PCT", help="优秀比例（%%，向下取整，默认 20）")
    p.add_argument("--frontline-quota", type=float, default=30, metavar="PCT",
                   help="符合一线条件的干部可到的优秀比例（%%，最高 30）")
    p.add_argument("--frontline-months", type=int, default=6, metavar="N",
                   help="一线条件：本年度在指挥部或应急一线累计月数")
    p.add_argument("--rule", metavar="TEXT", help="一线条件的表述（印在备案报告中）")
    p.add_argument("--min-service", type=int, default=6, metavar="N", help="本单位任职不满 N 个月的不定等次")
    p = leaf(g, "list", "列出各次定等", round_arg=False)
    p.add_argument("--year", type=int, metavar="Y", help="只列出该年度")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    leaf(g, "propose", "按政治素质鉴定得分和分数段拟定等次（手工调整过的保留），列出名额情况")
    p = leaf(g, "show", "列出一次定等的人员、等次、名额、公示和异议")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p = leaf(g, "set", "手工确定一名干部的等次（与拟定不同时须写明理由）")
    p.add_argument("--cadre", type=int, required=True, metavar="ID", help="干部编号")
    p.add_argument("--grade", required=True, metavar="GRADE", help="等次，如 称职、不定等次")
    p.add_argument("--note", metavar="TEXT", help="理由（不定等次时为原因）")
    p = leaf(g, "approve", "领导记录超出名额的批准（写明依据）")
    p.add_argument("--text", required=True, metavar="TEXT", help="批准的依据：文件、会议或批示")
    p = leaf(g, "notice", "开始公示（至少 5 个工作日，跳过周六周日）")
    p.add_argument("--start", type=day, required=True, metavar="DATE", help="公示开始日期，如 2026-12-03")
    p.add_argument("--days", type=int, default=5, metavar="N", help="工作日数（至少 5）")
    leaf(g, "withdraw", "撤回公示，回到拟定中（要修改等次时；之后须重新公示）")
    p = leaf(g, "objection", "记录公示期间收到的异议")
    p.add_argument("--text", required=True, metavar="TEXT", help="异议内容")
    p.add_argument("--cadre", type=int, metavar="ID", help="异议涉及的干部")
    p.add_argument("--on", type=day, metavar="DATE", help="收到日期（默认今天）")
    p.add_argument("--handling", metavar="TEXT", help="处理情况（定等前须写明）")
    p = leaf(g, "handle", "写明一条异议的处理情况", round_arg=False)
    p.add_argument("objection", type=int, metavar="OBJECTION_ID", help="异议编号（见 frontline grades show）")
    p.add_argument("--handling", required=True, metavar="TEXT", help="处理情况")
    leaf(g, "finalise", "领导签批定等：公示期满、异议处理完、名额内或已批准；写入年度考核结果并锁定")
    p = leaf(g, "calendar", "查看或设定公示期跳过的节假日和计入的调休工作日（周六周日之外）", round_arg=False)
    p.add_argument("--holidays", type=_days, metavar="DATES",
                   help="节假日，逗号分隔，如 2026-10-01,2026-10-02（替换原设定）")
    p.add_argument("--workdays", type=_days, metavar="DATES", help="调休工作日，逗号分隔（替换原设定）")
    p = leaf(g, "filing", "生成优秀等次备案材料（备案报告、年度考核登记表、名册），一个 zip 文件；"
                          "或其打印稿（备案报告和年度考核登记表），一个编号的 PDF")
    p.add_argument("--out", metavar="FILE", help="备案材料文件（.zip）")
    p.add_argument("--pdf", metavar="FILE", help="打印稿（.pdf）：备案报告，其后是每名优秀人员的年度考核登记表")
