"""Spreadsheets of the assessment data: exports read back as a clerk would, ledger and
ballot imports with their rules, and round trips between two databases."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from desktop.errors import FrontlineError
from desktop.models import Ballot, BallotBatch, Cadre, Campaign, PointEntry, PointRule
from desktop.services.campaigns import campaigns
from desktop.services.evaluation import sheets
from desktop.services.exchange import assessment_export, imports
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.workspace import Actor, Workspace
from tests.conftest import PASSWORD, data_digest
from tests.services.assessment_helpers import template
from tests.services.exchange.ledger_files import ledger_file

TODAY = dt.date.today()


def _second(demo_db: Path, tmp_path: Path) -> Path:
    """A copy of the demo database as it is now: the other office."""
    other = tmp_path / "other.db"
    shutil.copy2(demo_db, other)
    shutil.copy2(f"{demo_db}.keys", f"{other}.keys")
    return other


def _active(ws: Workspace) -> Campaign:
    with ws.read("test.inspect") as s:
        return next(c for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")


def _cadres(ws: Workspace, campaign_id: int) -> list[int]:
    with ws.read("test.inspect") as s:
        return sorted(campaigns.assessed_ids(s, campaign_id))


def _ledger_rows(ws: Workspace) -> set[tuple]:
    with ws.read("test.inspect") as s:
        uid = dict(s.execute(select(PointEntry.id, PointEntry.uid)).all())
        cadre = dict(s.execute(select(Cadre.id, Cadre.uid)).all())
        camp = dict(s.execute(select(Campaign.id, Campaign.uid)).all())
        return {(e.uid, cadre[e.cadre_id], e.date, e.dimension, e.points, e.behaviour, e.source, e.fact,
                 camp.get(e.campaign_id), uid.get(e.reverses_id), e.reason, e.author)
                for e in s.scalars(select(PointEntry))}


def test_ledger_export_reads_back_like_a_printed_ledger(demo_ws: Workspace, tmp_path: Path):
    campaign = _active(demo_ws)
    a, b = _cadres(demo_ws, campaign.id)[:2]
    first = ledger.add(demo_ws, EntryInput(a, TODAY, "政治担当", True, 6, "一线考核", "台风夜带队转移群众",
                                           campaign_id=campaign.id))
    ledger.reverse(demo_ws, first, "事实张冠李戴")
    out = tmp_path / "ledger.xlsx"
    n = assessment_export.export(demo_ws, "ledger", out)
    sheet = openpyxl.load_workbook(out)["积分记录"]
    assert sheet["A1"].value == "政治表现积分记录"
    assert sheet["A2"].value.startswith("导出时间：") and f"共 {n} 条" in sheet["A2"].value
    header = [c.value for c in sheet[3]]
    assert header[:8] == ["记录号", "日期", "干部姓名", "身份证号", "单位及职务", "维度", "加分扣分", "分值"]
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == f"A3:S{n + 3}"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=4)}
    original, reversal = rows[first], next(r for r in rows.values() if r[12].value == f"冲正第 {first} 号")
    assert isinstance(original[1].value, dt.datetime) and original[1].number_format == "yyyy.mm.dd"
    assert original[3].data_type == "s" and original[3].number_format == "@"
    assert original[6].value == "加分" and original[7].value == 6
    assert original[12].value == f"已被第 {reversal[0].value} 号冲正"
    assert reversal[6].value == "冲正" and reversal[7].value == -6 and reversal[13].value == "事实张冠李戴"
    assert sheet.column_dimensions["R"].hidden and sheet.column_dimensions["S"].hidden
    assert b  # a second cadre exists for the other tests' sake


def test_ledger_round_trip_into_another_database_and_twice(demo_db: Path, tmp_path: Path):
    other = _second(demo_db, tmp_path)
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    try:
        campaign = _active(ws)
        a, b = _cadres(ws, campaign.id)[:2]
        with ws.read("test.inspect") as s:
            rule = s.scalar(select(PointRule).where(PointRule.behaviour == "主动承担急难险重任务并圆满完成"))
        keep = ledger.add(ws, EntryInput(a, TODAY, rule.dimension, True, 9, "一线考核", "连续三昼夜驻守堤坝",
                                         rule_id=rule.id, campaign_id=campaign.id))
        wrong = ledger.add(ws, EntryInput(b, TODAY, "政治自律", False, 4, "信访", "收受购物卡经查属实"))
        ledger.reverse(ws, wrong, "经复核系误报")
        assert keep
        out = tmp_path / "ledger.xlsx"
        assessment_export.export(ws, "ledger", out)
        expected = _ledger_rows(ws)
    finally:
        ws.close()
    target = Workspace.open(other, "admin", PASSWORD)
    try:
        plan = imports.preview(target, out)
        assert not plan.rejects, plan.preview_rows()
        assert len(plan.adds) == 3 and "新增 3 条" in plan.summary()
        assert imports.commit(target, plan).message() == "已导入积分记录 3 条"
        assert _ledger_rows(target) == expected
        again = imports.preview(target, out)
        assert not again.adds and not again.rejects and f"已有 {len(expected)} 条" in again.summary()
    finally:
        target.close()


def test_ledger_import_applies_the_ledger_rules_and_writes_nothing_on_reject(demo_ws: Workspace, tmp_path: Path):
    campaign = _active(demo_ws)
    a = _cadres(demo_ws, campaign.id)[0]
    with demo_ws.read("test.inspect") as s:
        person = s.get(Cadre, a)
        closed = s.scalar(select(Campaign.name).where(Campaign.status == "closed").limit(1))
    good = ["2024.05.08", person.name, person.citizen_id, "政治担当", "加分", 8, "", "一线考核", "抢险中带头冲锋",
            campaign.name]
    path = ledger_file(tmp_path / "l.xlsx", [
        good,
        ["2024.05.09", person.name, person.citizen_id, "政治担当", "加分", 8, "", "一线考核", "", ""],
        ["2024.05.10", person.name, person.citizen_id, "政治担当", "加分", 40, "主动承担急难险重任务并圆满完成",
         "一线考核", "带队抢险", ""],
        ["2024.05", person.name, person.citizen_id, "政治担当", "加分", 3, "", "一线考核", "某事", ""],
        ["2024.05.11", person.name, person.citizen_id, "政治忠心", "加分", 3, "", "一线考核", "某事", closed],
    ])
    before = data_digest(demo_ws)
    plan = imports.preview(demo_ws, path)
    reasons = [r.reason for r in plan.rejects]
    assert len(plan.adds) == 1
    assert any("具体事实：必填" in r for r in reasons)
    assert any("分值应在 5—15 之间" in r for r in reasons)
    assert any("须精确到日" in r for r in reasons)
    assert any("维度应为" in r for r in reasons) and any("已结束" in r for r in reasons)
    where = next(r for r in plan.rejects if "具体事实" in r.reason)
    assert where.where.row == 4 and where.column == "I列“具体事实”"
    with pytest.raises(FrontlineError, match="没有写入任何数据"):
        imports.commit(demo_ws, plan)
    assert data_digest(demo_ws) == before
    # Nobody records about themselves, from a file either.
    me = Workspace(demo_ws.db, Actor("admin", "admin", 1, a))
    ledger_file(path, [good])
    assert "本人" in imports.preview(me, path).rejects[0].reason
    plan = imports.preview(demo_ws, path)
    assert imports.commit(demo_ws, plan).added == 1


def test_ballot_round_trip_and_template(demo_db: Path, tmp_path: Path):
    other = _second(demo_db, tmp_path)
    ws = Workspace.open(demo_db, "admin", PASSWORD)
    try:
        campaign = _active(ws)
        a = _cadres(ws, campaign.id)[0]
        form = template(ws, "民主测评")
        batch = sheets.create_batch(ws, form.id, a, "同级", 5, campaign.id, title="第一组")
        with ws.read("test.inspect") as s:
            items = sheets.ballot_items(s, batch)
        for grade in ("好", "较好", "一般"):
            sheets.add_ballot(ws, batch, {i.id: grade for i in items[:-1]})
        out = tmp_path / "ballots.xlsx"
        assert assessment_export.export(ws, "ballots", out, campaign_id=campaign.id) >= 3
        sheet = openpyxl.load_workbook(out).worksheets[0]
        header = [c.value for c in sheet[3]]
        assert header[:8] == ["考核", "干部姓名", "身份证号", "测评表", "测评人类别", "批次", "发出票数", "票号"]
        assert items[0].text in header
        imports.write_template(ws, "ballots", tmp_path / "t.xlsx")
        with ws.read("test.inspect") as s:
            before = {(b.seq, tuple(sorted(b.marks.items())), b.uid) for b in s.scalars(
                select(Ballot).where(Ballot.batch_id == batch))}
    finally:
        ws.close()
    target = Workspace.open(other, "admin", PASSWORD)
    try:
        plan = imports.preview(target, out)
        assert not plan.rejects, plan.preview_rows()
        assert len(plan.adds) == 3 and "新批次 1 个" in plan.summary()
        imports.commit(target, plan)
        with target.read("test.inspect") as s:
            made = s.scalar(select(BallotBatch).where(BallotBatch.title == "第一组")
                            .options(selectinload(BallotBatch.ballots)))
            assert (made.issued, made.rater_category, made.cadre_id) == (5, "同级", a)
            after = {(b.seq, tuple(sorted(b.marks.items())), b.uid) for b in made.ballots}
        assert after == before
        assert not imports.preview(target, out).adds
        # The template's dropdowns hold the grades; a filled row imports into the same batch.
        wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
        data = wb["测评票"]
        lists = [dv.formula1 for dv in data.data_validations.dataValidation]
        assert any("代码表" in f for f in lists) and wb["代码表"].sheet_state == "hidden"
        head = [c.value for c in data[1]]
        data.delete_rows(2)
        row = {"考核": campaign.name, "干部姓名": _name(target, a), "测评人类别": "同级", "批次": "第一组"}
        data.append([row.get(h, "好" if h == items[0].text else None) for h in head])
        wb.save(tmp_path / "filled.xlsx")
        plan = imports.preview(target, tmp_path / "filled.xlsx")
        assert not plan.rejects, plan.preview_rows()
        imports.commit(target, plan)
        with target.read("test.inspect") as s:
            assert len(s.get(BallotBatch, made.id, options=[selectinload(BallotBatch.ballots)]).ballots) == 4
    finally:
        target.close()


def _name(ws: Workspace, cadre_id: int) -> str:
    with ws.read("test.inspect") as s:
        return s.get(Cadre, cadre_id).name


def test_ballots_over_the_issued_count_or_with_bad_grades_are_rejected(demo_ws: Workspace, tmp_path: Path):
    campaign = _active(demo_ws)
    a = _cadres(demo_ws, campaign.id)[0]
    imports.write_template(demo_ws, "ballots", tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    data = wb["测评票"]
    head = [c.value for c in data[1]]
    data.delete_rows(2)
    item = head[head.index("录入人") + 1] if "录入人" in head else head[7]
    for grade in ("好", "优", "好"):
        row = {"考核": campaign.name, "干部姓名": _name(demo_ws, a), "测评人类别": "上级", "发出票数": 1, item: grade}
        data.append([row.get(h) for h in head])
    wb.save(tmp_path / "f.xlsx")
    plan = imports.preview(demo_ws, tmp_path / "f.xlsx")
    reasons = " ".join(r.reason for r in plan.rejects)
    assert "应为好、较好、一般、差之一" in reasons and "不少于录入的 2 张" in reasons


def test_tallies_and_campaign_exports(demo_ws: Workspace, tmp_path: Path):
    out = tmp_path / "t.xlsx"
    assessment_export.export(demo_ws, "tallies", out)
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[3]]
    assert {"加权得分", "参评率(%)", "应收合计", "实收合计"} <= set(header)
    assert any(h.endswith("·好") for h in header if h)
    assert all(r[1].value for r in sheet.iter_rows(min_row=4))  # every row names its cadre
    campaign = _active(demo_ws)
    assessment_export.export(demo_ws, "campaigns", tmp_path / "c.xlsx", campaign_id=campaign.id)
    book = openpyxl.load_workbook(tmp_path / "c.xlsx")
    assert book.sheetnames == ["考核批次", "考核进度"]
    assert book["考核批次"]["A4"].value == campaign.name
    assert book["考核进度"].max_row == 3 + len(_cadres(demo_ws, campaign.id))
    with pytest.raises(FrontlineError, match="还没有测评票"):
        assessment_export.export(demo_ws, "ballots", tmp_path / "none.xlsx", campaign_id=campaign.id)
    assert not (tmp_path / "none.xlsx").exists()


@pytest.mark.parametrize("kind", ["ledger", "ballots"])
def test_an_unchanged_template_is_refused_as_only_an_example(demo_ws: Workspace, tmp_path: Path, kind: str):
    from desktop.errors import FrontlineError

    imports.write_template(demo_ws, kind, tmp_path / "t.xlsx")
    before = data_digest(demo_ws)
    with pytest.raises(FrontlineError, match="只有模板的示例行"):
        imports.preview(demo_ws, tmp_path / "t.xlsx")
    assert data_digest(demo_ws) == before
