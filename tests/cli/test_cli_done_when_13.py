"""Issue 13's "Done when" from the command line, once, end to end on the demo database: a task
list imported for the running campaign, two problems raised from one of its visits, the two
targets verified with evidence, a quarter's values entered (the spreadsheet, then `values
set`), the rankings with exactly the bottom three flagged, and the 成绩单 printed.
The window's walk of the same story is tests/ui/results/test_results_done_when.py."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import openpyxl

from desktop.services.cadres import queries as cadre_queries
from desktop.services.workspace import Workspace
from tests.cli.cli_runner import frontline
from tests.conftest import PASSWORD
from tests.reports.pdf_helpers import text as pdf_text
from tests.services.results.task_files import fill_tasks


def _ok(*args: str) -> str:
    done = frontline(*args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def _unique_cadre(db: Path, rows: list[dict]) -> str:
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        return next(r["cadre"] for r in rows if r["cadre"] and len(cadre_queries.cadre_matches(ws, r["cadre"])) == 1)
    finally:
        ws.close()


def test_the_done_when_of_issue_13_from_the_command_line(demo_db: Path, tmp_path: Path):
    db = ["--db", str(demo_db)]
    # 1. The running campaign's task list: the template, two lines, imported.
    listed = _ok("report-campaigns", *db).splitlines()
    cid = next(line.split()[0] for line in listed[1:] if line.split()[2] == "进行中")  # the running one
    before = json.loads(_ok("targets", "list", *db, "--campaign", cid, "--json"))
    name = _unique_cadre(demo_db, before)
    unit = next(r["unit"] for r in before if r["unit"])
    template = tmp_path / "模板.xlsx"
    _ok("targets", "template", *db, "--out", str(template))
    tasks = fill_tasks(template, [
        [name, None, None, "新建中小学学位", "学位数", 2000, "个", None, "2026.12.31", "是", "发改", None],
        [None, None, unit, "招商引资到位资金", "到位资金", 10, "亿元", None, "2026.12.31", "否", "招商", None]],
        tmp_path / "任务清单.xlsx")
    assert "2 条" in _ok("targets", "import", *db, "--campaign", cid, str(tasks))
    after = json.loads(_ok("targets", "list", *db, "--campaign", cid, "--json"))
    new = [t for t in after if t["id"] not in {b["id"] for b in before}]
    assert [(t["duty"], t["cadre"] or t["unit"], t["hard"]) for t in new] == [
        ("新建中小学学位", name, True), ("招商引资到位资金", unit, False)]

    # 2. Two problems from one of the campaign's visits.
    visit = json.loads(_ok("visits", *db, "--campaign", cid, "--json"))[0]
    for text in ("安置点物资储备不足", "排涝泵站值守人员不到位"):
        _ok("problems", "add", *db, "--visit", str(visit["id"]), "--text", text)
    raised = [p for p in json.loads(_ok("problems", "list", *db, "--campaign", cid, "--json"))
              if p["visit_id"] == visit["id"]]
    assert [p["problem"] for p in raised][-2:] == ["安置点物资储备不足", "排涝泵站值守人员不到位"]
    assert {p["origin"] for p in raised} == {f"走访 {visit['date']} {visit['place']}"}

    # 3. Both verified with a fact and an evidence file: the implementation list has them.
    for target, achieved, fact in ((new[0], "2100", "教育局统计：新增学位2100个"),
                                   (new[1], "6", "招商局台账：到位资金6亿元")):
        proof = tmp_path / f"佐证{target['id']}.pdf"
        proof.write_bytes(b"%PDF-1.4 proof\n%%EOF\n")
        _ok("targets", "verify", *db, str(target["id"]), "--achieved", achieved, "--fact", fact,
            "--evidence", str(proof))
    done = {r["target"]["id"]: r for r in json.loads(_ok("targets", "implementation", *db, "--campaign", cid,
                                                        "--json"))}
    assert done[new[0]["id"]]["target"]["result"] == "met" and done[new[1]["id"]]["target"]["result"] != "met"
    assert [len(done[t["id"]]["evidence"]) for t in new] == [1, 1]

    # 4. This quarter's values: the departments' spreadsheet, then one unit's by hand.
    today = dt.date.today()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    set_id = str(next(s["id"] for s in json.loads(_ok("indicators", "list", *db, "--year", str(year), "--json"))
                      if s["status"] == "active"))
    period = ["--set", set_id, "--year", str(year), "--quarter", str(quarter)]
    empty = json.loads(_ok("rankings", *db, *period, "--json"))
    assert empty["reporting"]["reported"] == 0
    values = tmp_path / "数值.xlsx"
    _ok("values", "template", *db, *period, "--out", str(values))
    wb = openpyxl.load_workbook(values)
    sheet = wb["指标数据"]
    headers = [str(c.value) for c in sheet[1]]
    rng = random.Random(13)
    best = {"新开工项目": 500, "一般公共预算收入增幅": 99, "安全生产事故起数": 0}  # 事故: fewer is better
    for r in range(2, sheet.max_row + 1):
        for c, header in enumerate(headers[2:], start=3):
            manual = header in ("营商环境评价", "基层党建工作考评")
            if header.endswith("·目标"):
                sheet.cell(r, c, 100)
            elif r == 2:  # the first unit: the best figures, its two marks typed in below
                sheet.cell(r, c, None if manual else best.get(header, 200))
            else:
                sheet.cell(r, c, rng.randint(62 if manual else 40, 95))
    wb.save(values)
    assert "已导入" in _ok("values", "import", *db, *period, str(values))
    first_unit = str(sheet.cell(2, 1).value)
    for indicator in ("营商环境评价", "基层党建工作考评"):
        _ok("values", "set", *db, *period, "--unit", first_unit, "--indicator", indicator, "--value", "100")

    # 5. The rankings: that unit first, all reported, exactly three at the bottom.
    ranked = json.loads(_ok("rankings", *db, *period, "--json"))
    rows = ranked["rows"]
    assert ranked["reporting"]["reported"] == ranked["reporting"]["expected"]
    assert rows[0]["subject_id"] == int(first_unit)
    assert [r["bottom"] for r in rows].count(True) == 3 and all(r["bottom"] for r in rows[-3:])
    shown = _ok("rankings", *db, *period)
    assert shown.count("末位") >= 3 and rows[-1]["subject"] in shown

    # 6. The 成绩单.
    out = tmp_path / "成绩单.pdf"
    _ok("report", "scorecard", *db, *period, "--out", str(out))
    text = pdf_text(out.read_bytes()).replace(" ", "").replace("\n", "")
    assert f"{year}年第{quarter}季度" in text and rows[0]["subject"] in text
