"""`frontline appraisal …` and `frontline grades …` as a clerk's script runs them: the whole flow
from an appraisal to the filing bundle, stopped at the quota on the way."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

from desktop.services.workspace import Workspace
from tests.cli.cli_runner import frontline
from tests.cli.test_cli import assert_clean_failure
from tests.conftest import PASSWORD
from tests.reports.pdf_helpers import compact
from tests.services.grading.grading_scenario import YEAR, build


def test_the_grading_flow_from_the_command_line(empty_db: Path, tmp_path: Path):
    ws = Workspace.open(empty_db, "admin", PASSWORD)
    try:
        s = build(ws)
    finally:
        ws.close()
    db = ("--db", str(empty_db))

    made = frontline("appraisal", "set", *db, "--cadre", str(s.ids["乙"]), "--year", str(YEAR), "--issued", "12",
                     "--returned", "11", "--valid", "10", "--counts", "8,2,0,0", "--suggest", "优秀")
    assert made.returncode == 0, made.stderr
    assert "乙 2026 年度政治素质鉴定：有效 10 份，得分 96" in made.stdout

    created = frontline("grades", "create", *db, "--unit", str(s.unit_id), "--year", str(YEAR),
                        "--frontline-months", "13")
    assert created.returncode == 0, created.stderr
    round_id = created.stdout.split("第 ")[1].split(" 号")[0]
    proposed = frontline("grades", "propose", round_id, *db)
    assert proposed.returncode == 0, proposed.stderr
    assert "优秀 2/1" in proposed.stdout and "试用期内（2026.03 参加工作" in proposed.stdout

    start = (dt.date.today() - dt.timedelta(days=14)).isoformat()
    stopped = frontline("grades", "notice", round_id, *db, "--start", start)
    assert_clean_failure(stopped, 1, "不能开始公示：优秀 2/1 超出名额")
    assert len(stopped.stderr.strip().splitlines()) == 1
    approved = frontline("grades", "approve", round_id, *db, "--text", "部务会同意增加一名")
    assert approved.returncode == 0 and "已记录批准：优秀 2 名" in approved.stdout
    noticed = frontline("grades", "notice", round_id, *db, "--start", start)
    assert noticed.returncode == 0 and "已开始公示" in noticed.stdout
    final = frontline("grades", "finalise", round_id, *db)
    assert final.returncode == 0, final.stderr
    assert "8 名干部的年度考核结果已写入干部档案" in final.stdout
    out = tmp_path / "备案.zip"
    filed = frontline("grades", "filing", round_id, *db, "--out", str(out))
    assert filed.returncode == 0, filed.stderr
    assert len(zipfile.ZipFile(out).namelist()) == 4
    paper = tmp_path / "打印稿.pdf"
    printed = frontline("grades", "filing", round_id, *db, "--pdf", str(paper))
    assert printed.returncode == 0, printed.stderr
    number = printed.stdout.split("报表编号 ")[1].split("，")[0]
    text = compact(paper.read_bytes())
    assert text.index("备案报告") < text.index("姓名甲") < text.index("姓名乙") and f"报表编号：{number}" in text
    assert_clean_failure(frontline("grades", "filing", round_id, *db), 1, "--pdf FILE.pdf")
    assert_clean_failure(frontline("report", "filing", *db, "--out", str(tmp_path / "x.pdf")), 1,
                         "frontline grades filing ROUND_ID --pdf FILE")

    shown = json.loads(frontline("grades", "show", round_id, *db, "--json").stdout)
    assert shown["state_label"] == "已定等" and shown["approval"] == "部务会同意增加一名"
    assert {p["name"]: p["grade"] for p in shown["proposals"]}["辛"] == "不定等次"
    locked = frontline("grades", "set", round_id, *db, "--cadre", str(s.ids["乙"]), "--grade", "称职", "--note", "x")
    assert_clean_failure(locked, 1, "已由 admin 签批定等，已锁定，不能再修改")
