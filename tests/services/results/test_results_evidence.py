"""Evidence of a verification taken out of the database: read into memory for the preview
(the read right), copied to disk only with the export right, leaving an audit entry with
the copy's SHA-256, never outside the folder chosen and never over another file."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import NotFound, PermissionDenied
from desktop.models import AuditEntry
from desktop.models.accounts import ROLE_ADMIN
from desktop.services import permissions
from desktop.services.results import evidence, queries, targets, verification
from desktop.services.results.targets import TargetInput
from desktop.services.results.verification import VerificationInput
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import cadre, campaign

ACTION = "export.verification_evidence"


def _verified(ws: Workspace, tmp_path: Path, names: list[str]) -> list[queries.EvidenceRow]:
    zhang = cadre(ws, "张三")
    cid = campaign(ws, zhang)
    tid = targets.create(ws, TargetInput("固定资产投资", cadre_id=zhang, campaign_id=cid, target_value=100))
    paths = []
    for n, name in enumerate(names):
        folder = tmp_path / f"in{n}"
        folder.mkdir()
        (folder / name).write_bytes(f"内容{n}".encode())
        paths.append(folder / name)
    verification.verify(ws, VerificationInput(tid, achieved_value=120, evidence=tuple(paths)))
    [row] = queries.implementation(ws, campaign_id=cid)
    return list(row.evidence)


def _exports(ws: Workspace) -> list[AuditEntry]:
    with ws.read("test.inspect") as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == ACTION).order_by(AuditEntry.id)))


def test_the_preview_reads_the_bytes_and_a_copy_leaves_a_trace(ws: Workspace, tmp_path: Path):
    [sheet] = _verified(ws, tmp_path, ["统计快报.pdf"])
    found = queries.evidence_content(ws, sheet.id)
    assert (found.filename, found.mime, found.data) == ("统计快报.pdf", "application/pdf", "内容0".encode())
    assert _exports(ws) == []  # looking is not exporting
    out = tmp_path / "out"
    out.mkdir()
    first = evidence.save_copy(ws, sheet.id, out)
    second = evidence.save_copy(ws, sheet.id, out)  # never over the first
    chosen = evidence.save_copy(ws, sheet.id, tmp_path / "改名.pdf")
    assert [first.name, second.name, chosen.name] == ["统计快报.pdf", "统计快报 (2).pdf", "改名.pdf"]
    assert first.read_bytes() == "内容0".encode() and (first.stat().st_mode & 0o777) == 0o600
    traces = _exports(ws)
    assert len(traces) == 3
    assert traces[0].after["files"] == [{"file": str(first), "sha256": hashlib.sha256(first.read_bytes()).hexdigest()}]
    assert traces[0].after["evidence"] == "统计快报.pdf"
    with pytest.raises(NotFound, match="佐证材料不存在"):
        queries.evidence_content(ws, 999)
    with pytest.raises(NotFound, match="佐证材料不存在"):
        evidence.save_copy(ws, 999, out)


def test_a_name_from_the_database_stays_in_the_folder(ws: Workspace, tmp_path: Path):
    [bad] = _verified(ws, tmp_path, [".bashrc"])
    out = tmp_path / "out"
    out.mkdir()
    written = evidence.save_copy(ws, bad.id, out)
    assert written.parent == out and written.name == "bashrc"


def test_without_the_export_right_nothing_is_written(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    [sheet] = _verified(ws, tmp_path, ["现场.jpg"])
    out = tmp_path / "out"
    out.mkdir()
    for refused in (ACTION, "export.*"):
        with monkeypatch.context() as m:
            m.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), refused: frozenset()})
            m.setattr(evidence, "write_atomic", lambda *a, **k: pytest.fail("a file was written"))
            with pytest.raises(PermissionDenied, match=r"export\.verification_evidence"):
                evidence.save_copy(ws, sheet.id, out)
    with monkeypatch.context() as m:
        m.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), "results.read": frozenset()})
        with pytest.raises(PermissionDenied, match=r"results\.read"):
            queries.evidence_content(ws, sheet.id)
    assert list(out.iterdir()) == [] and _exports(ws) == []


def test_the_implementation_list_exported_to_xlsx(ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import openpyxl

    from desktop.errors import FrontlineError
    from desktop.services.results import lists_export

    _verified(ws, tmp_path, ["统计快报.pdf"])
    path = tmp_path / "落实清单.xlsx"
    with monkeypatch.context() as m:
        m.setattr(permissions, "RULES", {"*": frozenset({ROLE_ADMIN}), "export.implementation": frozenset()})
        with pytest.raises(PermissionDenied, match=r"export\.implementation"):
            lists_export.export_implementation(ws, path)
    assert not path.exists()
    assert lists_export.export_implementation(ws, path, title="东部新城 落实清单") == 1
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "序号")
    assert rows[0][0] == "东部新城 落实清单"
    line = dict(zip(rows[header], rows[header + 1], strict=True))
    assert (line["任务"], line["责任对象"], line["目标值"], line["完成值"], line["检验结果"]) == (
        "固定资产投资", "张三", 100, 120, "完成")
    assert line["佐证材料"] == "统计快报.pdf"
    with ws.read("test.inspect") as s:
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.action == "export.implementation"))
        assert entry.after["records"] == 1
    li = cadre(ws, "李四")
    with pytest.raises(FrontlineError, match="没有已核验的任务，没有生成文件"):
        lists_export.export_implementation(ws, tmp_path / "空.xlsx", cadre_id=li)
    assert not (tmp_path / "空.xlsx").exists()


def test_a_copy_is_in_the_cadres_history(ws: Workspace, tmp_path: Path):
    from desktop.services.cadres import queries as cadre_queries

    [sheet] = _verified(ws, tmp_path, ["统计快报.pdf"])
    out = tmp_path / "out"
    out.mkdir()
    evidence.save_copy(ws, sheet.id, out)
    zhang = queries.targets(ws)[0].cadre_id
    assert zhang is not None
    assert "核验佐证材料另存" in [h.action for h in cadre_queries.history_rows(ws, zhang)]
