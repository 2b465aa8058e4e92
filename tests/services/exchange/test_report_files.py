"""上报 / 接收: a district's report file into a city database — counts, twice, tampering,
foreign files, and the period and kind filters."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.errors import FrontlineError, PermissionDenied, WrongPassword
from desktop.interchange.errors import FileRefused
from desktop.models import AnnualResult, Appraisal, Cadre, PointEntry, Post, Unit
from desktop.services.cadres import cadre_files
from desktop.services.exchange.levels import container, keys, receive
from desktop.services.exchange.levels import export as report_export
from desktop.services.exchange.packages import export as package_export
from desktop.services.grading import appraisals as appraisals_service
from desktop.services.grading.appraisals import AppraisalInput
from desktop.services.ledger import ledger
from desktop.services.ledger.ledger import EntryInput
from desktop.services.units.units import subtree_ids
from desktop.services.workspace import Workspace
from tests.conftest import PASSWORD, _copy_db, data_digest

REPORT_PASSWORD = "district-2026"
ALL = frozenset(report_export.KINDS_OFFERED)


def _district_unit(ws: Workspace, name: str = "集贤区") -> int:
    with ws.read("test.inspect") as s:
        found = s.scalar(select(Unit.id).where(Unit.name == name, Unit.parent_id.is_(None)))
        assert found is not None
        return found


def _export(ws: Workspace, out: Path, kinds: frozenset[str] = ALL, years: tuple[int, int] = (2025, 2026),
            unit: str = "集贤区") -> report_export.ReportSummary:
    scope = report_export.Scope(years[0], years[1], kinds, (_district_unit(ws, unit),))
    return report_export.export(ws, scope, out, REPORT_PASSWORD)


def _count(ws: Workspace, model: type, *where: object) -> int:
    with ws.read("test.inspect") as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _merge(city: Workspace, path: Path) -> receive.ReportResult:
    with receive.ReportImport(city, path, REPORT_PASSWORD) as job:
        plan = job.preview(city)
        result = job.commit(city, plan)
    assert isinstance(result, receive.ReportResult)
    return result


@pytest.fixture
def report(demo_ws: Workspace, tmp_path: Path) -> Path:
    out = tmp_path / "集贤区-上报.flrpt"
    _export(demo_ws, out)
    return out


def _register(city: Workspace, path: Path) -> keys.District:
    return receive.trust_file(city, path, receive.read_header(path).fingerprint)


def test_a_district_report_moves_cadres_and_results_into_the_city_and_twice_changes_nothing(
        demo_ws: Workspace, ws: Workspace, tmp_path: Path):
    out = tmp_path / "集贤区-上报.flrpt"
    with demo_ws.read("test.inspect") as s:
        first = s.scalar(select(Post.cadre_id).where(Post.end.is_(None), Post.unit_id == _district_unit(demo_ws)))
    assert first is not None
    appraisals_service.save(demo_ws, AppraisalInput(first, 2025, 10, 10, 10, 7, 2, 1, 0, "表现突出"))
    summary = _export(demo_ws, out)
    assert out.read_bytes()[:8] == b"FLREPORT" and b"SQLite format" not in out.read_bytes()[:4096]
    with demo_ws.read("test.inspect") as s:
        district = _district_unit(demo_ws)
        from desktop.services.units.units import subtree_ids

        below = sorted(subtree_ids(s, [district]))
        cadres = set(s.scalars(select(Post.cadre_id).where(Post.end.is_(None), Post.unit_id.in_(below))))
        names = sorted(s.scalars(select(Cadre.name).where(Cadre.id.in_(cadres))))
        annual = s.scalar(select(func.count()).select_from(AnnualResult).where(
            AnnualResult.cadre_id.in_(cadres), AnnualResult.year.between(2025, 2026)))
        older = s.scalar(select(func.count()).select_from(AnnualResult).where(
            AnnualResult.cadre_id.in_(cadres), AnnualResult.year < 2025))
        entries = s.scalar(select(func.count()).select_from(PointEntry).where(PointEntry.cadre_id.in_(cadres)))
        appraisals = s.scalar(select(func.count()).select_from(Appraisal).where(Appraisal.cadre_id.in_(cadres)))
    assert summary.cadres == len(cadres) > 5 and summary.district == "集贤区"
    assert annual and older and entries and appraisals == 1  # the demo has them, so the counts below mean something
    assert summary.counts["annual_result"] == annual and summary.counts["point_entry"] == entries

    district = _register(ws, out)
    assert district.name == "集贤区" and district.fingerprint == summary.fingerprint
    with receive.ReportImport(ws, out, REPORT_PASSWORD) as job:
        plan = job.preview(ws)
        assert not plan.conflicts and not plan.of("delete")
        added = {c.kind.table for c in plan.of("add")}
        assert {"unit", "cadre", "post", "annual_result", "point_entry"} <= added
        result = job.commit(ws, plan)
    assert "已接收“集贤区”的上报文件" in result.message()

    with ws.read("test.inspect") as s:
        assert sorted(s.scalars(select(Cadre.name))) == names
        assert s.scalar(select(Unit.name).where(Unit.parent_id.is_(None))) == "集贤区"
    assert _count(ws, AnnualResult) == annual  # only the years reported: none before 2025
    assert _count(ws, PointEntry) == entries
    assert _count(ws, Appraisal) == appraisals

    before = data_digest(ws)
    with receive.ReportImport(ws, out, REPORT_PASSWORD) as job:
        again = job.preview(ws)
        assert again.changes == []
        with pytest.raises(FrontlineError, match="没有需要导入的变化"):
            job.commit(ws, again)
    assert data_digest(ws) == before


def test_the_next_report_brings_what_changed_and_a_field_both_changed_is_a_conflict(
        demo_ws: Workspace, ws: Workspace, tmp_path: Path):
    first = tmp_path / "第一次.flrpt"
    _export(demo_ws, first)
    _register(ws, first)
    _merge(ws, first)
    with demo_ws.read("test.inspect") as s:
        district = _district_unit(demo_ws)
        cadre_id = s.scalar(select(Cadre.id).where(Cadre.name.in_(
            select(Cadre.name).join(Post, Post.cadre_id == Cadre.id).where(Post.end.is_(None),
                                                                          Post.unit_id == district + 1))))
        assert cadre_id is not None
        uid, name = s.execute(select(Cadre.uid, Cadre.name).where(Cadre.id == cadre_id)).one()
    # In the district: a new ledger entry, and two fields of the cadre's file changed.
    ledger.add(demo_ws, EntryInput(cadre_id, dt.date(2026, 6, 1), "政治担当", True, 3, "一线考核",
                                   "防汛一线连续值守七昼夜"))
    with demo_ws.read("test.inspect") as s:
        file = cadre_files.as_file(cadre_files.load(s, cadre_id))
    file.fields.update(expertise="防汛抢险、基层治理", address="集贤区滨海路 1 号")
    cadre_files.save(demo_ws, file, cadre_id)
    # In the city: the address of the same cadre changed too.
    with ws.read("test.inspect") as s:
        city_id = s.scalar(select(Cadre.id).where(Cadre.uid == uid))
        file = cadre_files.as_file(cadre_files.load(s, city_id))
    file.fields.update(address="市里登记的新地址")
    cadre_files.save(ws, file, city_id)

    second = tmp_path / "第二次.flrpt"
    _export(demo_ws, second)
    with receive.ReportImport(ws, second, REPORT_PASSWORD) as job:
        plan = job.preview(ws)
        assert [c.kind.table for c in plan.of("add")] == ["point_entry"]
        (conflict,) = plan.conflicts
        assert conflict.label == f"干部档案：{name}"
        by_field = {f.name: f for f in conflict.fields}
        assert by_field["expertise"].changed == "laptop" and by_field["expertise"].choice == "laptop"
        assert by_field["address"].changed == "both" and by_field["address"].choice is None
        assert (by_field["address"].office, by_field["address"].laptop) == ("市里登记的新地址", "集贤区滨海路 1 号")
        with pytest.raises(FrontlineError, match="还有 1 处冲突"):
            job.commit(ws, plan)
        plan.prefer("office")
        job.commit(ws, plan)
    with ws.read("test.inspect") as s:
        kept = s.execute(select(Cadre.expertise, Cadre.address).where(Cadre.uid == uid)).one()
    assert tuple(kept) == ("防汛抢险、基层治理", "市里登记的新地址")
    with receive.ReportImport(ws, second, REPORT_PASSWORD) as job:
        assert job.preview(ws).changes == []


def _flip(path: Path, offset: int) -> Path:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    bad = path.with_name(f"改动-{offset}.flrpt")
    bad.write_bytes(bytes(data))
    return bad


def test_a_changed_byte_anywhere_is_refused_and_nothing_is_written(report: Path, ws: Workspace):
    _register(ws, report)
    before = data_digest(ws)
    size = report.stat().st_size
    header_end = 13 + int.from_bytes(report.read_bytes()[9:13], "big")
    for offset in (20, header_end + 10, header_end + 64 + 5000, size - 1):
        bad = _flip(report, offset)
        with pytest.raises(FileRefused, match=f"上报文件 {bad.name} 在报送之后被改动过或已损坏（签名不符）"):
            receive.ReportImport(ws, bad, REPORT_PASSWORD)
    cut = report.with_name("截短.flrpt")
    cut.write_bytes(report.read_bytes()[:size // 2])
    with pytest.raises(FileRefused, match="签名不符"):
        receive.ReportImport(ws, cut, REPORT_PASSWORD)
    assert data_digest(ws) == before


def test_a_file_from_an_unregistered_district_is_refused_with_its_fingerprint(
        demo_ws: Workspace, ws: Workspace, report: Path, tmp_path: Path, templates: dict[str, Path]):
    header = receive.read_header(report)
    before = data_digest(ws)
    with pytest.raises(FileRefused) as refused:
        receive.ReportImport(ws, report, REPORT_PASSWORD)
    assert "未登记的报送单位“集贤区”" in str(refused.value) and header.fingerprint in str(refused.value)
    assert data_digest(ws) == before
    # A fingerprint read out wrongly registers nothing.
    with pytest.raises(FrontlineError, match="输入的指纹与文件中的签名密钥不符"):
        receive.trust_file(ws, report, "0000 1111 2222 3333 4444 5555 6666 7777")
    # Another database signing as "集贤区": its key is not the registered one.
    _register(ws, report)
    impostor = Workspace.open(_copy_db(templates["empty"], tmp_path / "冒充.db"), "admin", PASSWORD)
    try:
        from desktop.services.admin import settings

        settings.put(impostor, settings.REPORT_ISSUER, "集贤区")
        cadre_files.save(impostor, cadre_files.CadreFile(fields={"name": "冒充者", "sex": "男", "birth": "1980.01"}))
        forged = tmp_path / "冒充.flrpt"
        report_export.export(impostor, report_export.Scope(2025, 2026, ALL), forged, REPORT_PASSWORD)
    finally:
        impostor.close()
    assert receive.read_header(forged).district == "集贤区"
    with pytest.raises(FileRefused, match="未登记的报送单位“集贤区”"):
        receive.ReportImport(ws, forged, REPORT_PASSWORD)
    # The district's own database does not receive its own file.
    with pytest.raises(FileRefused, match="是本数据库自己导出的"):
        receive.ReportImport(demo_ws, report, REPORT_PASSWORD)
    # Unregistered again: refused again.
    keys.untrust(ws, header.fingerprint)
    with pytest.raises(FileRefused, match="未登记"):
        receive.ReportImport(ws, report, REPORT_PASSWORD)
    assert _count(ws, Cadre) == 0


def test_foreign_files_and_a_wrong_password_are_refused(demo_ws: Workspace, ws: Workspace, report: Path,
                                                        tmp_path: Path):
    _register(ws, report)
    with pytest.raises(WrongPassword, match="上报文件密码错误"):
        receive.ReportImport(ws, report, "not-the-password")
    package = tmp_path / "包.flpkg"
    with demo_ws.read("test.inspect") as s:
        from desktop.models import Campaign

        campaign = next(c.id for c in s.scalars(select(Campaign)) if c.status == "active")
    package_export.export(demo_ws, campaign, package, REPORT_PASSWORD)
    with pytest.raises(FrontlineError, match="是外出考核数据包，不是上报文件"):
        receive.check_not_package(package)
    with pytest.raises(FileRefused, match="不是一线考核的上报文件"):
        receive.ReportImport(ws, package, REPORT_PASSWORD)
    text = tmp_path / "名册.xlsx"
    text.write_bytes(b"PK\x03\x04 not a report")
    with pytest.raises(FileRefused, match="不是一线考核的上报文件"):
        receive.read_header(text)
    assert not container.is_report(package) and container.is_report(report)
    fifo = tmp_path / "管道.flrpt"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    assert not container.is_report(fifo)
    with pytest.raises(FileRefused, match="命名管道"):
        receive.ReportImport(ws, fifo, REPORT_PASSWORD)
    assert _count(ws, Cadre) == 0


def test_the_period_and_the_kinds_chosen_are_what_the_file_carries(demo_ws: Workspace, ws: Workspace,
                                                                    tmp_path: Path):
    annual_only = tmp_path / "年度.flrpt"
    summary = _export(demo_ws, annual_only, frozenset({"annual"}), (2025, 2025))
    assert summary.counts["post"] == summary.counts["point_entry"] == summary.counts["unit"] == 0
    _register(ws, annual_only)
    _merge(ws, annual_only)
    with ws.read("test.inspect") as s:
        assert set(s.scalars(select(AnnualResult.year))) == {2025}
    assert _count(ws, Cadre) == summary.cadres and _count(ws, AnnualResult) == summary.counts["annual_result"]
    assert _count(ws, Post) == _count(ws, PointEntry) == _count(ws, Unit) == 0

    assert _export(demo_ws, tmp_path / "2024.flrpt", frozenset({"ledger"}), (2024, 2024)).counts["point_entry"] == 0
    ledger_only = tmp_path / "积分.flrpt"
    summary = _export(demo_ws, ledger_only, frozenset({"ledger"}), (2025, 2026))
    assert summary.district == "集贤区" and summary.counts["point_entry"] > 0
    _merge(ws, ledger_only)
    with ws.read("test.inspect") as s:
        assert {d.year for d in s.scalars(select(PointEntry.date))} <= {2025, 2026}
        assert s.scalar(select(func.count()).select_from(PointEntry).where(PointEntry.campaign_id.is_not(None))) == 0
        assert set(s.scalars(select(AnnualResult.year))) == {2025}  # the ledger report brought no grades
    assert _count(ws, PointEntry) == summary.counts["point_entry"]

    with pytest.raises(FrontlineError, match="不认识的上报内容"):
        report_export.export(demo_ws, report_export.Scope(2025, 2025, frozenset({"grades"})),
                             tmp_path / "x.flrpt", REPORT_PASSWORD)
    with pytest.raises(FrontlineError, match="上报期间不对"):
        report_export.export(demo_ws, report_export.Scope(2026, 2025, ALL), tmp_path / "x.flrpt", REPORT_PASSWORD)
    assert not (tmp_path / "x.flrpt").exists()


def test_the_signing_key_stays_home(demo_ws: Workspace, report: Path, tmp_path: Path):
    """Made once, audited by its fingerprint only, never carried to a field laptop."""
    with demo_ws.read("test.inspect") as s:
        mine = keys.own_fingerprint(s)
        from desktop.models import AuditEntry

        logged = [e.after for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "report_file"))]
    assert mine == receive.read_header(report).fingerprint
    assert {"signing_key": mine} in logged and "private" not in repr(logged)
    second = tmp_path / "again.flrpt"
    _export(demo_ws, second)
    assert receive.read_header(second).fingerprint == mine  # one key per database
    package = tmp_path / "包.flpkg"
    with demo_ws.read("test.inspect") as s:
        from desktop.models import Campaign

        campaign = next(c.id for c in s.scalars(select(Campaign)) if c.status == "active")
    package_export.export(demo_ws, campaign, package, REPORT_PASSWORD)
    laptop = Workspace.open(package, "admin", REPORT_PASSWORD)
    try:
        with laptop.read("test.inspect") as s:
            assert keys.own_fingerprint(s) is None
        with pytest.raises(FrontlineError, match="只能在办公室数据库中上报"):
            report_export.export(laptop, report_export.Scope(2025, 2026, ALL), tmp_path / "y.flrpt", REPORT_PASSWORD)
    finally:
        laptop.close()


def test_a_scoped_clerk_reports_only_the_cadres_of_its_scope(demo_ws: Workspace, tmp_path: Path):
    from desktop.models.accounts import ROLE_CLERK
    from desktop.services import scopes
    from desktop.services.admin import accounts, roles
    from desktop.services.admin import queries as admin_queries
    from desktop.services.workspace import Actor

    mine, other = _district_unit(demo_ws, "集贤区"), _district_unit(demo_ws, "湖滨区")
    accounts.add_account(demo_ws, "wang", "password-123", role=ROLE_CLERK)
    roles.set_scope(demo_ws, "wang", [mine], [])
    account_id = next(r.id for r in admin_queries.account_rows(demo_ws) if r.username == "wang")
    clerk = Workspace(demo_ws.db, Actor("wang", ROLE_CLERK, account_id))
    everything = report_export.export(clerk, report_export.Scope(2025, 2026, ALL), tmp_path / "全部.flrpt",
                                      REPORT_PASSWORD)
    with demo_ws.read("test.inspect") as s:
        seen = scopes.visible_cadres(s, clerk.actor, set(s.scalars(select(Cadre.id))))
    # Its units' cadres, and those of the campaigns its units take part in (services/scopes.py).
    assert everything.cadres == len(seen) >= 16 and everything.district == "集贤区"
    with pytest.raises(PermissionDenied, match="单位“湖滨区”不在账户 wang 的工作范围内"):
        report_export.export(clerk, report_export.Scope(2025, 2026, ALL, (other,)), tmp_path / "湖滨区.flrpt",
                             REPORT_PASSWORD)
    assert not (tmp_path / "湖滨区.flrpt").exists()


def test_wrong_report_passwords_lock_the_file_as_a_packages_do(ws: Workspace, report: Path):
    from desktop.errors import LoginLocked

    _register(ws, report)
    for _ in range(5):
        with pytest.raises(WrongPassword, match="上报文件密码错误"):
            receive.ReportImport(ws, report, "not-the-password")
    copy = report.with_name("复制的.flrpt")
    copy.write_bytes(report.read_bytes())  # a copy is the same file: it is locked too
    with pytest.raises(LoginLocked):
        receive.ReportImport(ws, copy, REPORT_PASSWORD)
    assert _count(ws, Cadre) == 0


def test_a_cadre_and_a_unit_the_city_has_separately_are_recognised_not_doubled(
        demo_ws: Workspace, ws: Workspace, tmp_path: Path):
    """The city typed in one of the district's cadres itself (from his 任免审批表), and has the
    district's top unit in its own tree: the report merges into them instead of adding copies."""
    from desktop.services.cadres import queries as cadre_queries
    from desktop.services.units import units

    out = tmp_path / "集贤区-上报.flrpt"
    _export(demo_ws, out)
    with demo_ws.read("test.inspect") as s:
        below = sorted(subtree_ids(s, [_district_unit(demo_ws)]))
        cadre_id = s.scalar(select(Post.cadre_id).where(Post.end.is_(None), Post.unit_id.in_(below),
                                                        Post.cadre_id.in_(select(Cadre.id).where(
                                                            Cadre.citizen_id != ""))).order_by(Post.cadre_id))
    assert cadre_id is not None
    theirs = cadre_queries.file_for_editing(demo_ws, cadre_id)
    assert theirs.records.get("studies")  # the demo has them, so "not doubled" means something
    city_top = units.create(ws, "集贤区", units.create(ws, "海滨市", None))
    typed = {k: theirs.fields[k] for k in ("name", "sex", "birth", "citizen_id")}
    mine = cadre_files.save(ws, cadre_files.CadreFile(
        fields={**typed, "native_place": "手工录入的籍贯"},
        records={"studies": [{k: v for k, v in r.items() if k != "id"} for r in theirs.records["studies"]]}))
    _register(ws, out)

    with receive.ReportImport(ws, out, REPORT_PASSWORD) as job:
        plan = job.preview(ws)
        notes = "\n".join(plan.notes)
        assert f"按身份证号认定为本级已有的干部（两边不同的各项列为冲突，请逐项决定）：{typed['name']}" in notes
        assert "按机构代码或名称认定为本级已有的单位（保留本级的单位信息）：集贤区" in notes
        (conflict,) = [c for c in plan.conflicts if c.kind.table == "cadre"]
        assert "native_place" in {f.name for f in conflict.fields}
        with ws.read("test.inspect") as s:
            mine_uid = s.scalar(select(Cadre.uid).where(Cadre.id == mine))
        his = [c for c in plan.changes if c.kind.table == "study" and (c.laptop or {}).get("cadre_id") == mine_uid]
        assert his == []  # the same studies as the city typed: recognised, not added again
        assert not [c for c in plan.conflicts if c.kind.table == "unit"]
        plan.prefer("laptop")  # the district's file of its own cadre
        job.commit(ws, plan)

    assert _count(ws, Cadre, Cadre.citizen_id == typed["citizen_id"]) == 1
    merged = cadre_queries.file_for_editing(ws, mine)
    assert merged.fields["native_place"] == theirs.fields["native_place"]
    assert len(merged.records["studies"]) == len(theirs.records["studies"])
    assert len(merged.records["posts"]) == len(theirs.records["posts"])  # the district's posts came with him
    with ws.read("test.inspect") as s:
        assert s.scalar(select(func.count()).select_from(Unit).where(Unit.name == "集贤区")) == 1
        assert s.scalar(select(Unit.parent_id).where(Unit.id == city_top)) is not None  # stays where the city put it
        assert len(subtree_ids(s, [city_top])) > 1  # the district's units came in under the city's 集贤区

    before = data_digest(ws)
    with receive.ReportImport(ws, out, REPORT_PASSWORD) as job:
        assert job.preview(ws).changes == []
    assert data_digest(ws) == before
