"""Exchange packages: to a field laptop and back, conflicts, twice, and hostile packages."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import FrontlineError, WrongPassword
from desktop.interchange.errors import FileRefused
from desktop.models import Campaign, PointEntry, Talk, Visit
from desktop.services.admin import accounts
from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.exchange.packages import export as package_export
from desktop.services.exchange.packages import file as package_file
from desktop.services.exchange.packages import records
from desktop.services.exchange.packages.apply import PackageImport
from desktop.services.exchange.packages.file import DamagedPackage
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.workspace import Workspace
from desktop.store.backup import backup_database
from tests.conftest import data_digest

PACKAGE_PASSWORD = "field-team-2024"
TODAY = dt.date.today()


def _active(ws: Workspace) -> int:
    with ws.read("test.inspect") as s:
        return next(c.id for c in s.scalars(select(Campaign).order_by(Campaign.id)) if c.status == "active")


def _talk_on(ws: Workspace, uid: str) -> tuple[int, fieldwork.TalkInput]:
    with ws.read("test.inspect") as s:
        talk_id = s.scalar(select(Talk.id).where(Talk.uid == uid))
        return talk_id, fieldwork.load_talk(s, talk_id)


@pytest.fixture
def package(demo_ws: Workspace, tmp_path: Path) -> Path:
    out = tmp_path / "台风.flpkg"
    package_export.export(demo_ws, _active(demo_ws), out, PACKAGE_PASSWORD)
    return out


def test_package_is_one_encrypted_file_that_opens_as_a_database(demo_ws: Workspace, package: Path):
    assert package.is_file() and not Path(f"{package}.keys").exists() and not Path(f"{package}-wal").exists()
    assert package_file.is_package(package)
    assert b"SQLite format" not in package.read_bytes()[:100]
    assert oct(package.stat().st_mode & 0o777) == "0o600"
    laptop = Workspace.open(package, "admin", PACKAGE_PASSWORD)
    try:
        assert laptop.db.is_package
        with laptop.read("test.inspect") as s:
            assert s.scalar(select(Campaign.name)) is not None
            assert len(campaigns.assessed_ids(s, _active(laptop))) > 0
        with pytest.raises(FrontlineError, match="数据包只有一个数据包密码"):
            accounts.change_password(laptop, "admin", "Another-password")
        with pytest.raises(FrontlineError, match="只能在办公室数据库中导出"):
            package_export.export(laptop, _active(laptop), package.with_name("x.flpkg"), PACKAGE_PASSWORD)
        copy = backup_database(package, laptop.db.key, package.with_name("copy.flpkg"), None)
    finally:
        laptop.close()
    Workspace.open(copy, "admin", PACKAGE_PASSWORD).close()  # a backup of a package is a package
    with pytest.raises(WrongPassword, match="数据包密码错误"):
        Workspace.open(package, "admin", "not-the-password")
    with pytest.raises(FrontlineError, match="数据包中没有账户 nobody"):
        Workspace.open(package, "nobody", PACKAGE_PASSWORD)


def test_laptop_work_comes_back_with_a_conflict_resolved_and_twice_adds_nothing(demo_ws: Workspace,
                                                                             package: Path):
    campaign = _active(demo_ws)
    laptop = Workspace.open(package, "admin", PACKAGE_PASSWORD)
    try:
        with laptop.read("test.inspect") as s:
            talk_uid = s.scalars(select(Talk.uid).order_by(Talk.id)).first()
            visit_id = s.scalars(select(Visit.id).order_by(Visit.id)).first()
            cadre = campaigns.assessed_ids(s, campaign)[0]
        talk_id, talk = _talk_on(laptop, talk_uid)
        talk.conclusion, talk.follow_up = "笔记本：建议提拔使用", "笔记本：三个月后回访"
        fieldwork.save_talk(laptop, talk, talk_id)
        fieldwork.save_talk(laptop, fieldwork.TalkInput(
            interviewers=["王建国"], interviewee_name="李四", start_at=dt.datetime(2024, 5, 8, 9, 30),
            content="现场谈话记录", campaign_id=campaign))
        fieldwork.delete_visit(laptop, visit_id)
        new_entry = ledger.add(laptop, EntryInput(cadre, TODAY, "政治担当", True, 6, "一线考核", "台风夜带队转移群众",
                                                  campaign_id=campaign))
        with laptop.read("test.inspect") as s:
            entry_uid = s.get(PointEntry, new_entry).uid
    finally:
        laptop.close()
    # Meanwhile the office changes the same talk's conclusion and place.
    talk_id, office_talk = _talk_on(demo_ws, talk_uid)
    office_talk.conclusion, office_talk.place = "办公室：继续观察", "办公室改的地点"
    fieldwork.save_talk(demo_ws, office_talk, talk_id)
    before = data_digest(demo_ws)
    with PackageImport(package, PACKAGE_PASSWORD) as job:
        plan = job.preview(demo_ws)
        assert "新增 2 条" in plan.summary() and "删除 1 条" in plan.summary() and "冲突 1 条" in plan.summary()
        conflict = plan.conflicts[0]
        by_name = {f.name: f for f in conflict.fields}
        assert by_name["conclusion"].changed == "both" and by_name["conclusion"].choice is None
        conclusion = by_name["conclusion"]
        assert (conclusion.office, conclusion.laptop) == ("办公室：继续观察", "笔记本：建议提拔使用")
        assert by_name["follow_up"].choice == "laptop" and by_name["place"].choice == "office"
        with pytest.raises(FrontlineError, match="1 处冲突没有决定"):
            job.commit(demo_ws, plan)
        assert data_digest(demo_ws) == before
        by_name["conclusion"].choice = "laptop"
        result = job.commit(demo_ws, plan)
    assert (result.added, result.updated, result.deleted) == (2, 1, 1)
    _, merged = _talk_on(demo_ws, talk_uid)
    assert (merged.conclusion, merged.follow_up, merged.place) == ("笔记本：建议提拔使用", "笔记本：三个月后回访",
                                                                   "办公室改的地点")
    with demo_ws.read("test.inspect") as s:
        assert s.scalar(select(PointEntry).where(PointEntry.uid == entry_uid)).fact == "台风夜带队转移群众"
        assert s.scalar(select(Talk).where(Talk.interviewee_name == "李四")) is not None
    after = data_digest(demo_ws)
    with PackageImport(package, PACKAGE_PASSWORD) as job:
        again = job.preview(demo_ws)
        assert not again.changes, [(c.action, c.label) for c in again.changes]
    assert data_digest(demo_ws) == after


def test_keeping_the_office_version_is_remembered(demo_ws: Workspace, package: Path):
    laptop = Workspace.open(package, "admin", PACKAGE_PASSWORD)
    try:
        with laptop.read("test.inspect") as s:
            talk_uid = s.scalars(select(Talk.uid).order_by(Talk.id)).first()
        talk_id, talk = _talk_on(laptop, talk_uid)
        talk.conclusion = "笔记本的结论"
        fieldwork.save_talk(laptop, talk, talk_id)
    finally:
        laptop.close()
    talk_id, office_talk = _talk_on(demo_ws, talk_uid)
    office_talk.conclusion = "办公室的结论"
    fieldwork.save_talk(demo_ws, office_talk, talk_id)
    with PackageImport(package, PACKAGE_PASSWORD) as job:
        plan = job.preview(demo_ws)
        plan.prefer("office")
        job.commit(demo_ws, plan)
    with PackageImport(package, PACKAGE_PASSWORD) as job:
        assert not job.preview(demo_ws).changes
    assert _talk_on(demo_ws, talk_uid)[1].conclusion == "办公室的结论"


# Hands the open database's own file to the package reader: there is one only in a file.
@pytest.mark.file_only
def test_wrong_password_damaged_and_foreign_packages_are_refused_and_change_nothing(
        demo_ws: Workspace, package: Path, tmp_path: Path):
    before = data_digest(demo_ws)
    with pytest.raises(WrongPassword, match="数据包密码错误"):
        PackageImport(package, "wrong-password")
    data = package.read_bytes()
    truncated = tmp_path / "truncated.flpkg"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedPackage, match=r"数据包 truncated\.flpkg 已损坏或不完整"):
        PackageImport(truncated, PACKAGE_PASSWORD)
    tampered = tmp_path / "tampered.flpkg"
    middle = len(data) // 2
    tampered.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    with pytest.raises(DamagedPackage, match="已损坏或不完整"):
        PackageImport(tampered, PACKAGE_PASSWORD)
    header = tmp_path / "header.flpkg"
    header.write_bytes(data[:10] + bytes([data[10] ^ 0x01]) + data[11:])
    with pytest.raises(WrongPassword, match="文件头已损坏"):
        PackageImport(header, PACKAGE_PASSWORD)
    stranger = tmp_path / "stranger.flpkg"
    stranger.write_bytes(os.urandom(4096))
    with pytest.raises(FileRefused, match="不是一线考核的外出考核数据包"):
        PackageImport(stranger, PACKAGE_PASSWORD)
    with pytest.raises(FileRefused, match="是一个数据库"):
        PackageImport(demo_ws.db.path, PACKAGE_PASSWORD)
    from desktop.services.exchange import imports

    with pytest.raises(FileRefused, match="是外出考核数据包"):
        imports.preview(demo_ws, package)
    assert data_digest(demo_ws) == before
    assert not list(Path(os.environ["FRONTLINE_HOME"]).rglob("package.db"))  # private copies removed


def test_a_closed_campaign_refuses_the_package(demo_ws: Workspace, package: Path):
    campaign = _active(demo_ws)
    with demo_ws.read("test.inspect") as s:
        pending = campaigns.unfinished_sheets(s, campaign)
    assert not pending
    campaigns.close(demo_ws, campaign)
    with PackageImport(package, PACKAGE_PASSWORD) as job, pytest.raises(FrontlineError, match="已结束"):
        job.preview(demo_ws)
    # Nor is a new package made for it: nothing could be recorded in it on the laptop.
    with pytest.raises(FrontlineError, match="已结束"):
        package_export.export(demo_ws, campaign, package.with_name("again.flpkg"), PACKAGE_PASSWORD)
    assert not package.with_name("again.flpkg").exists()


def test_sheets_filled_and_ballots_entered_on_the_laptop_come_back(demo_ws: Workspace, tmp_path: Path):
    from desktop.models import Ballot, BallotBatch, Sheet
    from desktop.services.evaluation import sheets
    from tests.services.assessment_helpers import answers_all, template

    campaign = _active(demo_ws)
    form = template(demo_ws)
    with demo_ws.read("test.inspect") as s:
        cadre = campaigns.assessed_ids(s, campaign)[0]
    sheets.plan(demo_ws, campaign, form.id, {"同级": ["赵六"]}, [cadre])
    ballot_form = template(demo_ws, "民主测评")
    batch = sheets.create_batch(demo_ws, ballot_form.id, cadre, "下级", 10, campaign)
    with demo_ws.read("test.inspect") as s:
        items = sheets.ballot_items(s, batch)
    sheets.add_ballot(demo_ws, batch, {i.id: "好" for i in items})  # the office's ballot no. 1
    out = tmp_path / "p.flpkg"
    package_export.export(demo_ws, campaign, out, PACKAGE_PASSWORD)
    laptop = Workspace.open(out, "admin", PACKAGE_PASSWORD)
    try:
        with laptop.read("test.inspect") as s:
            sheet_id = s.scalar(select(Sheet.id))
            lap_batch = s.scalar(select(BallotBatch.id))
        sheets.fill(laptop, sheet_id, answers_all(template(laptop), "较好"))
        sheets.add_ballot(laptop, lap_batch, {i.id: "一般" for i in items})  # laptop's no. 2
    finally:
        laptop.close()
    sheets.add_ballot(demo_ws, batch, {i.id: "差" for i in items})  # the office's own no. 2
    with PackageImport(out, PACKAGE_PASSWORD) as job:
        plan = job.preview(demo_ws)
        assert not plan.conflicts, [(c.label, [(f.label, f.office, f.laptop) for f in c.fields])
                                    for c in plan.conflicts]
        job.commit(demo_ws, plan)
    with demo_ws.read("test.inspect") as s:
        sheet = sheets.get(s, s.scalar(select(Sheet.id).where(Sheet.campaign_id == campaign)))
        assert sheet.status == "complete" and {a.value for a in sheet.answers} >= {"较好"}
        ballots = s.scalars(select(Ballot).where(Ballot.batch_id == batch))
        seqs = sorted((b.seq, b.marks[str(items[0].id)]) for b in ballots)
    assert seqs == [(1, "好"), (2, "差"), (3, "一般")]
    with PackageImport(out, PACKAGE_PASSWORD) as job:
        assert not job.preview(demo_ws).changes


def test_the_merge_names_each_field_as_its_own_form_does():
    assert records.field_label("name", None, "unit") == "名称"  # a unit's name was shown as 姓名
    assert records.field_label("name", None, "sheet_template") == "名称"
    assert records.field_label("name", None, "cadre") == "姓名"
    assert records.field_label("name", None, "family_member") == "姓名"
    assert records.field_label("name", None, "campaign_member") == "姓名"
    assert records.field_label("grade", None, "annual_result") == "考核等次"
    assert records.field_label("grade", None, "post") == "正副职"
