"""One file cannot add unbounded records to a cadre: imports, package merges and the editor
refuse beyond the caps of desktop/models/limits.py, naming the cadre and the cap."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.errors import FrontlineError
from desktop.interchange import lrmx_format
from desktop.models import Cadre, Campaign, FamilyMember, PointEntry, limits
from desktop.services.cadres import attachments
from desktop.services.campaigns import campaigns
from desktop.services.exchange import imports
from desktop.services.exchange.packages import export as package_export
from desktop.services.exchange.packages.apply import PackageImport
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.operations import OpContext
from desktop.services.workspace import Workspace
from tests.conftest import data_digest

TODAY = dt.date.today()


def _lower_cap(monkeypatch: pytest.MonkeyPatch, table: str, cap: int) -> None:
    label, _ = limits.PER_CADRE[table]
    monkeypatch.setitem(limits.PER_CADRE, table, (label, cap))


def test_an_lrmx_with_a_runaway_resume_is_rejected_before_it_is_parsed(ws: Workspace, tmp_path: Path):
    lines = [f"{1960 + i // 12}.{i % 12 + 1:02d}--{1960 + i // 12}.{i % 12 + 1:02d}  某单位科员" for i in range(1200)]
    family = [{"ChengWei": "子", "XingMing": f"子{i}", "ChuShengRiQi": "2000.01", "ZhengZhiMianMao": "群众",
               "GongZuoDanWeiJiZhiWu": "学生"} for i in range(limits.cap("family_member") + 1)]
    form = lrmx_format.Form(values={"XingMing": "王长", "XingBie": "男", "ChuShengNianYue": "1960.01",
                                    "JianLi": "\n".join(lines)}, family=family)
    path = tmp_path / "王长.lrmx"
    path.write_bytes(lrmx_format.write(form))
    plan = imports.preview(ws, path)
    reasons = [r.reason for r in plan.rejects]
    cap = f"{limits.RESUME_LINES} 行的上限"
    assert any("简历有 1200 行" in r and cap in r and "王长" in r for r in reasons), reasons
    assert any(f"干部“王长”的家庭成员将有 {limits.cap('family_member') + 1} 条" in r for r in reasons), reasons
    assert not plan.adds


def test_a_roster_detail_sheet_beyond_the_cap_is_rejected(ws: Workspace, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    _lower_cap(monkeypatch, "family_member", 5)
    wb = Workbook()
    wb.active.title = "干部名册"
    wb.active.append(["姓名", "性别", "出生年月", "身份证号"])
    wb.active.append(["李多", "男", "1970.01", "110101197001011234"])
    family = wb.create_sheet("家庭成员")
    family.append(["干部姓名", "身份证号", "称谓", "姓名"])
    for i in range(6):
        family.append(["李多", "110101197001011234", "子", f"李小{i}"])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    plan = imports.preview(ws, path)
    assert any("干部“李多”的家庭成员将有 6 条，超过每名干部 5 条的上限" in r.reason for r in plan.rejects), plan.rejects
    assert not plan.adds


def test_a_ledger_file_beyond_the_cap_for_one_cadre_is_rejected(demo_ws: Workspace, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    with demo_ws.read("test.inspect") as s:
        cadre_id, name, number = s.execute(select(Cadre.id, Cadre.name, Cadre.citizen_id)
                                           .where(Cadre.citizen_id != "").order_by(Cadre.id)).first()
        have = s.scalar(select(func.count()).select_from(PointEntry).where(PointEntry.cadre_id == cadre_id))
    _lower_cap(monkeypatch, "point_entry", have + 2)
    wb = Workbook()
    wb.active.append(["日期", "干部姓名", "身份证号", "维度", "加分扣分", "分值", "来源", "具体事实"])
    for i in range(4):
        wb.active.append([f"{TODAY:%Y.%m.%d}", name, number, "政治担当", "加分", 1, "其他", f"事实{i}"])
    path = tmp_path / "ledger.xlsx"
    wb.save(path)
    before = data_digest(demo_ws)
    plan = imports.preview(demo_ws, path)
    assert len(plan.rejects) == 1 and f"干部“{name}”的积分记录将有 {have + 3} 条" in plan.rejects[0].reason
    assert f"超过每名干部 {have + 2} 条的上限" in plan.rejects[0].reason
    with pytest.raises(FrontlineError):
        imports.commit(demo_ws, plan)
    assert data_digest(demo_ws) == before


def test_the_editor_refuses_an_attachment_or_entry_beyond_the_cap(demo_ws: Workspace,
                                                                  monkeypatch: pytest.MonkeyPatch):
    with demo_ws.read("test.inspect") as s:
        campaign = next(c for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
        cadre_id = sorted(campaigns.assessed_ids(s, campaign.id))[0]
        name = s.get(Cadre, cadre_id).name
        entries = s.scalar(select(func.count()).select_from(PointEntry).where(PointEntry.cadre_id == cadre_id))
    _lower_cap(monkeypatch, "attachment", 2)
    attachments.add_bytes(demo_ws, cadre_id, "a.txt", b"a")
    attachments.add_bytes(demo_ws, cadre_id, "b.txt", b"b")
    with pytest.raises(FrontlineError, match=f"干部“{name}”的附件将有 3 条，超过每名干部 2 条的上限"):
        attachments.add_bytes(demo_ws, cadre_id, "c.txt", b"c")
    _lower_cap(monkeypatch, "point_entry", entries)
    with pytest.raises(FrontlineError, match="积分记录将有"):
        ledger.add(demo_ws, EntryInput(cadre_id, TODAY, "政治担当", True, 2, "一线考核", "一件事实",
                                       campaign_id=campaign.id))


def test_a_package_that_adds_records_beyond_the_cap_is_refused_whole(demo_ws: Workspace, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    with demo_ws.read("test.inspect") as s:
        campaign = next(c for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")
        cadre_id = sorted(campaigns.assessed_ids(s, campaign.id))[0]
        uid, name = s.execute(select(Cadre.uid, Cadre.name).where(Cadre.id == cadre_id)).one()
        have = s.scalar(select(func.count()).select_from(FamilyMember).where(FamilyMember.cadre_id == cadre_id))
    package = tmp_path / "p.flpkg"
    package_export.export(demo_ws, campaign.id, package, "pkg-password")
    laptop = Workspace.open(package, "admin", "pkg-password")
    try:
        def flood(ctx: OpContext) -> None:  # a doctored laptop: straight into the tables
            laptop_id = ctx.session.scalar(select(Cadre.id).where(Cadre.uid == uid))
            ctx.session.add_all(FamilyMember(cadre_id=laptop_id, relation="子", name=f"子{i}") for i in range(6))

        laptop.run("test.flood", flood)
    finally:
        laptop.close()
    _lower_cap(monkeypatch, "family_member", have + 5)
    before = data_digest(demo_ws)
    with PackageImport(package, "pkg-password") as job, pytest.raises(FrontlineError) as refused:
        job.preview(demo_ws)
    assert f"干部“{name}”的家庭成员将有 {have + 6} 条，超过每名干部 {have + 5} 条的上限" in str(refused.value)
    assert "没有导入任何数据" in str(refused.value)
    assert data_digest(demo_ws) == before
