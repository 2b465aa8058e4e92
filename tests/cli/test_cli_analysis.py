"""`frontline analysis …` in real processes: the facts, a draft citing two of them, a refusal,
the sign-off, the signed version shown, and the next save starting version 2."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.demo.database import DEMO_CLERK
from desktop.services.workspace import Workspace
from tests.cli.cli_runner import frontline
from tests.cli.test_cli import assert_clean_failure
from tests.conftest import PASSWORD
from tests.services.judgement.judgement_helpers import cited_cadre


def test_analysis_facts_save_sign_show(demo_db: Path):
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    try:
        cadre_id, (e1, _e2), talk = cited_cadre(ws)
    finally:
        ws.close()
    db = ["--db", str(demo_db)]
    cadre = ["--cadre", str(cadre_id)]
    facts = json.loads(frontline("analysis", "facts", *db, *cadre, "--json").stdout)
    assert {f"point_entry:{e1}", f"talk:{talk}"} <= {f["ref"] for f in facts}
    saved = frontline("analysis", "save", *db, *cadre, "--strengths", "政治立场坚定。敢于担当！",
                      "--recommendation", "建议提拔使用。", "--cite", f"strengths:2:point_entry:{e1}",
                      "--cite", f"recommendation:1:talk:{talk}")
    assert saved.returncode == 0 and "已保存综合研判第 1 版（草稿）" in saved.stdout, saved.stderr
    bad = frontline("analysis", "save", *db, *cadre, "--cite", f"weaknesses:3:point_entry:{e1}")
    assert_clean_failure(bad, 1, "不足和问题只有 0 句，没有第 3 句，不能引用")
    signed = frontline("analysis", "sign", *db, *cadre)
    assert signed.returncode == 0 and "已签发综合研判第 1 版" in signed.stdout, signed.stderr
    shown = frontline("analysis", "show", *db, *cadre)
    assert f"综合研判第 1 版（{DEMO_CLERK}（admin）于" in shown.stdout
    assert "主要优点：政治立场坚定。敢于担当！[1]" in shown.stdout and "使用建议：建议提拔使用。[2]" in shown.stdout
    assert f"[1] 第{e1}号积分记录" in shown.stdout
    again = frontline("analysis", "save", *db, *cadre, "--weaknesses", "协调能力有待提高。")
    assert "已保存综合研判第 2 版（草稿）" in again.stdout, again.stderr
