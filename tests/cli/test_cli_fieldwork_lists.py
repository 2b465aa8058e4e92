"""`frontline visits` and `frontline talks` give a clerk the numbers that `problems add --visit`
and `--talk` ask for."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.cli_runner import frontline
from tests.cli.test_cli import assert_clean_failure


def test_a_problem_is_raised_from_a_visit_found_in_the_list(demo_db: Path):
    db = ["--db", str(demo_db)]
    listed = frontline("visits", *db, "--json")
    assert listed.returncode == 0, listed.stderr
    visits = json.loads(listed.stdout)
    one_unit = next(v for v in visits if len(v["units"]) == 1)
    assert one_unit["units"][0]["name"] and one_unit["place"]
    table = frontline("visits", *db)
    assert str(one_unit["id"]) in table.stdout and one_unit["units"][0]["name"] in table.stdout
    raised = frontline("problems", "add", *db, "--visit", str(one_unit["id"]), "--text", "工地材料堆放无序")
    assert raised.returncode == 0, raised.stderr
    problems = json.loads(frontline("problems", "list", *db, "--json").stdout)
    assert any(p["problem"] == "工地材料堆放无序" and p["unit_id"] == one_unit["units"][0]["id"] for p in problems)


def test_talks_of_one_campaign_only(demo_db: Path):
    db = ["--db", str(demo_db)]
    everything = json.loads(frontline("talks", *db, "--json").stdout)
    campaign = next(t["campaign_id"] for t in everything if t["campaign_id"])
    mine = json.loads(frontline("talks", *db, "--campaign", str(campaign), "--json").stdout)
    assert mine and {t["campaign_id"] for t in mine} == {campaign}
    assert len(mine) < len(everything)
    assert_clean_failure(frontline("talks", *db, "--campaign", "9999"), 1, "考核不存在")
