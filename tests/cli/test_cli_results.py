"""`frontline targets …`, `frontline problem(s) …` and `frontline completion` on the demo
database, as a clerk runs them: template, import (a bad file imports nothing), list, verify
(refused without a fact or evidence), problems raised from a visit and a talk, completion."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
from sqlalchemy import select

from desktop.demo.database import DEMO_CLERK
from desktop.models import Cadre, Campaign, Talk, Unit, Visit
from desktop.models.fieldwork import visit_unit
from desktop.models.unit_names import UnitNames
from desktop.services.workspace import Workspace
from tests.cli.cli_runner import frontline
from tests.cli.test_cli import assert_clean_failure
from tests.conftest import PASSWORD
from tests.services.results.task_files import fill_tasks


def _choose(db: Path) -> dict[str, object]:
    """An open campaign, a cadre whose name is unique, a unit found by its name, a visit to
    one unit and a talk with a cadre on file."""
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        with ws.read("test.inspect") as s:
            campaign = s.scalar(select(Campaign).where(Campaign.status != "closed").order_by(Campaign.id))
            names = [n for (n,) in s.execute(select(Cadre.name))]
            name = next(n for n in names if names.count(n) == 1)
            tree = list(s.execute(select(Unit.id, Unit.name, Unit.parent_id)))
            found = UnitNames(tree)
            unit_id, unit_name = next((i, n) for i, n, _p in tree if found.resolve(n) == i)
            per_visit: dict[int, int] = {}
            for vid, _uid in s.execute(select(visit_unit.c.visit_id, visit_unit.c.unit_id)):
                per_visit[vid] = per_visit.get(vid, 0) + 1
            visit = s.get(Visit, next(v for v, n in sorted(per_visit.items()) if n == 1))
            talk = s.scalar(select(Talk).where(Talk.interviewee_cadre_id.is_not(None)).order_by(Talk.id))
            assert campaign is not None and visit is not None and talk is not None and talk.start_at is not None
            return {"campaign": campaign.id, "name": name, "unit": unit_name, "unit_id": unit_id,
                    "visit": visit.id, "visit_quarter": (visit.date.year, (visit.date.month - 1) // 3 + 1),
                    "talk": talk.id, "talk_cadre": talk.interviewee_cadre_id}
    finally:
        ws.close()



def test_a_clerks_round_trip_on_the_demo_database(demo_db: Path, tmp_path: Path):
    db = ["--db", str(demo_db)]
    pick = _choose(demo_db)
    campaign = str(pick["campaign"])
    # The demo's own task list of the campaign, which the imports below add to.
    before = json.loads(frontline("targets", "list", *db, "--campaign", campaign, "--json").stdout)
    rates_before = json.loads(frontline("completion", *db, "--campaign", campaign, "--json").stdout)["total"]
    counts_before = json.loads(frontline("info", *db, "--json").stdout)["counts"]
    template = tmp_path / "任务清单模板.xlsx"
    made = frontline("targets", "template", *db, "--out", str(template))
    assert made.returncode == 0, made.stderr
    assert f"已生成任务清单导入模板 {template}" in made.stdout

    bad = fill_tasks(template, [
        [pick["name"], None, None, "招商引资到位资金", None, 10, "亿元", None, "2026.06.30", "是", "招商", None],
        [pick["name"], None, pick["unit"], "新建学位", None, 2000, "个", None, "2026.12.31", "否", "发改", None],
        [None, None, pick["unit"], "安全生产事故起数", None, -1, "起", "是", "2026.12", "是", "应急管理", None],
    ], tmp_path / "有错.xlsx")
    refused = frontline("targets", "import", *db, "--campaign", campaign, str(bad))
    assert_clean_failure(refused, 1, "有错.xlsx 中有 2 行不能导入，没有导入任何任务")
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "第3行，C列“责任单位”" in refused.stdout and "只填一个" in refused.stdout
    assert "第4行，F列“目标值”，内容“-1”：不能为负数（填写的是 -1）" in refused.stdout
    assert "第4行，I列“完成时限”" in refused.stdout and "须精确到日" in refused.stdout
    listed = frontline("targets", "list", *db, "--campaign", campaign, "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == before

    good = fill_tasks(template, [
        [pick["name"], None, None, "招商引资到位资金", None, 10, "亿元", None, "2026.06.30", "是", "招商", None],
        [None, None, pick["unit"], "完成营商环境评估", None, None, None, None, "2026.12.31", "否", "发改", None],
    ], tmp_path / "任务清单.xlsx")
    imported = frontline("targets", "import", *db, "--campaign", campaign, str(good))
    assert imported.returncode == 0, imported.stderr
    assert "已导入任务清单 2 条" in imported.stdout
    known = {r["id"] for r in before}
    rows = [r for r in json.loads(frontline("targets", "list", *db, "--campaign", campaign, "--json").stdout)
            if r["id"] not in known]
    assert [(r["duty"], r["target_value"], r["hard"], r["unit_id"]) for r in rows] == [
        ("招商引资到位资金", 10.0, True, None), ("完成营商环境评估", None, False, pick["unit_id"])]
    money, review = rows[0]["id"], rows[1]["id"]
    assert rows[0]["overdue"] is (dt.date.today() > dt.date(2026, 6, 30))

    nothing = frontline("targets", "verify", str(money), *db, "--achieved", "12")
    assert_clean_failure(nothing, 1, "检验须有依据：请写明核实的事实，或附上佐证材料")
    proof = tmp_path / "到位资金统计表.pdf"
    proof.write_bytes(b"%PDF-1.4 figures")
    checked = frontline("targets", "verify", str(money), *db, "--achieved", "12", "--evidence", str(proof),
                        "--by", "王五", "--on", "2026-11-30")
    assert checked.returncode == 0, checked.stderr
    assert "目标 10亿元，完成 12亿元，完成，佐证材料 1 个" in checked.stdout
    chosen = frontline("targets", "verify", str(review), *db, "--result", "partly", "--fact", "评估报告初稿已完成")
    assert chosen.returncode == 0, chosen.stderr
    assert "“完成营商环境评估”：部分完成" in chosen.stdout
    done = [d for d in json.loads(frontline("targets", "implementation", *db, "--campaign", campaign,
                                            "--json").stdout) if d["target"]["id"] in (money, review)]
    assert [(d["target"]["id"], d["target"]["result"], d["verified_by"], d["verified_on"]) for d in done] == [
        (money, "met", "王五", "2026-11-30"), (review, "partly", DEMO_CLERK, dt.date.today().isoformat())]
    assert [e["filename"] for e in done[0]["evidence"]] == ["到位资金统计表.pdf"]
    shown = frontline("targets", "implementation", *db, "--campaign", campaign)
    assert "评估报告初稿已完成" in shown.stdout and "到位资金统计表.pdf" in shown.stdout
    sheet = tmp_path / "落实清单.xlsx"
    exported = frontline("targets", "implementation", *db, "--campaign", campaign, "--out", str(sheet))
    assert exported.returncode == 0, exported.stderr
    assert f"到 {sheet}" in exported.stdout
    cells = [[c for c in row] for row in openpyxl.load_workbook(sheet).active.iter_rows(values_only=True)]
    assert "评估报告初稿已完成" in {v for row in cells for v in row} and "到位资金统计表.pdf" in {
        v for row in cells for v in row}
    bad_date = frontline("targets", "verify", str(review), *db, "--result", "met", "--fact", "x", "--on", "2026.11")
    assert bad_date.returncode == 2 and "须精确到日" in bad_date.stderr

    raised = frontline("problem", "add", *db, "--visit", str(pick["visit"]), "--text", "项目用地指标未落实",
                       "--severity", "较重")
    assert raised.returncode == 0, raised.stderr
    heard = frontline("problems", "add", *db, "--talk", str(pick["talk"]), "--text", "群众反映补偿标准不统一")
    assert heard.returncode == 0, heard.stderr
    lone = frontline("problem", "add", *db, "--unit", str(pick["unit_id"]), "--text", "台账不全")
    assert_clean_failure(lone, 1, "请用 --year 和 --quarter 指定问题所属的年度和季度")
    year, quarter = pick["visit_quarter"]  # type: ignore[misc]
    quarter_list = json.loads(frontline("problems", "list", *db, "--year", str(year), "--quarter", str(quarter),
                                        "--json").stdout)
    from_visit = next(p for p in quarter_list if p["problem"] == "项目用地指标未落实")
    assert from_visit["visit_id"] == pick["visit"] and from_visit["severity"] == "较重"
    assert from_visit["origin"].startswith("走访 ")
    everything = json.loads(frontline("problems", "list", *db, "--json").stdout)
    from_talk = next(p for p in everything if p["problem"] == "群众反映补偿标准不统一")
    assert from_talk["talk_id"] == pick["talk"] and from_talk["cadre_id"] == pick["talk_cadre"]
    unsaid = frontline("problems", "status", str(from_talk["id"]), *db, "--status", "已解决")
    assert_clean_failure(unsaid, 1, "标为已解决时请写明整改情况")
    moved = frontline("problems", "status", str(from_talk["id"]), *db, "--status", "已反馈", "--to", "区征收办",
                      "--on", "2026-11-30")
    assert moved.returncode == 0 and f"问题清单第 {from_talk['id']} 号：已反馈" in moved.stdout
    again = next(p for p in json.loads(frontline("problems", "list", *db, "--json").stdout)
                 if p["id"] == from_talk["id"])
    assert (again["status"], again["fed_back_to"], again["fed_back_on"]) == ("已反馈", "区征收办", "2026-11-30")

    rates = frontline("completion", *db, "--campaign", campaign, "--json")
    assert rates.returncode == 0, rates.stderr
    total = json.loads(rates.stdout)["total"]
    # The two imported lines, verified met and partly met, on top of the demo's own.
    added = {k: total["all"][k] - rates_before["all"][k]
             for k in ("targets", "met", "partly", "not_met", "unverified", "overdue")}
    assert added == {"targets": 2, "met": 1, "partly": 1, "not_met": 0, "unverified": 0, "overdue": 0}
    assert total["all"]["rate"] == round(total["all"]["met"] / total["all"]["targets"], 4)
    assert total["hard"]["targets"] - rates_before["hard"]["targets"] == 1
    shown = frontline("completion", *db)
    assert shown.returncode == 0 and "硬性指标完成率" in shown.stdout
    counts = json.loads(frontline("info", *db, "--json").stdout)["counts"]
    assert {k: counts[k] - counts_before[k] for k in ("targets", "problems", "verifications")} == {
        "targets": 2, "problems": 2, "verifications": 2}


def test_refusals_are_one_line_and_unknown_ids_are_told(demo_db: Path, tmp_path: Path):
    db = ["--db", str(demo_db)]
    assert_clean_failure(frontline("targets", "verify", "999", *db, "--result", "met", "--fact", "x"), 1,
                         "任务清单第 999 号不存在")
    assert_clean_failure(frontline("targets", "import", *db, "--campaign", "999", str(tmp_path / "x.xlsx")), 1,
                         "考核活动 999 不存在")
    assert_clean_failure(frontline("completion", *db, "--campaign", "999"), 1, "考核活动 999 不存在")
    assert_clean_failure(frontline("problem", "add", *db, "--text", "x"), 1, "请用 --visit、--talk、--unit 或 --cadre")
    usage = frontline("targets", "verify", *db)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
