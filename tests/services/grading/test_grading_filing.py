"""The filing bundle (备案材料) of a round's 优秀, read back: the report's text, the register sheets,
the roster's rows; refused in draft, with nothing written when cancelled. Its part on paper as one
numbered report (filing report, then each register), audited like every report."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop.errors import FrontlineError, PermissionDenied
from desktop.models import AuditEntry
from desktop.models.accounts import ROLE_AUDITOR
from desktop.services.grading import filing, rounds
from desktop.services.grading.rounds import RoundInput
from desktop.services.reports.report_data import Request
from desktop.services.reports.reports import generate
from desktop.services.workspace import Actor, Workspace
from tests.reports.pdf_helpers import compact, pages
from tests.services.grading.grading_scenario import YEAR, build


def test_the_bundle_holds_the_report_the_registers_and_the_roster(ws: Workspace, tmp_path: Path):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)
    out = tmp_path / "备案.zip"
    with pytest.raises(FrontlineError, match="还没有公示"):
        filing.write_filing(ws, rid, out)
    rounds.start_notice(ws, rid, dt.date(2026, 12, 3))
    rounds.record_objection(ws, rid, "反映乙同志年内请假较多", dt.date(2026, 12, 4), handling="经核实不影响定等")

    with pytest.raises(filing.FilingCancelled):
        filing.write_filing(ws, rid, out, cancelled=lambda: True)
    assert not out.exists()

    steps: list[tuple[int, int]] = []
    made = filing.write_filing(ws, rid, out, progress=lambda d, t: steps.append((d, t)))
    assert made.people == 2 and steps[-1] == (5, 5)
    with zipfile.ZipFile(out) as bundle:
        names = bundle.namelist()
        assert names == ["01_备案报告.pdf", "02_年度考核登记表_01_甲.pdf", "02_年度考核登记表_02_乙.pdf",
                         "03_优秀等次人员名册.xlsx"]
        report = compact(bundle.read(names[0]))
        register = compact(bundle.read(names[1]))
        roster = load_workbook(io.BytesIO(bundle.read(names[3])), read_only=True)
    assert "关于海滨市审计局2026年度考核优秀等次人员的备案报告" in report
    assert "确定等次7人，不定等次1人" in report and "拟确定优秀等次2人" in report
    assert "2026年12月3日至2026年12月9日" in report and "反映乙同志年内请假较多（处理情况：经核实不影响定等）" in report
    assert "公务员年度考核登记表" in register and "（2026年度）" in register and "考核等次：优秀" in register
    assert "政治坚定，工作扎实。等次建议：优秀" in register
    rows = list(roster.worksheets[0].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "序号"))
    assert [(*r[:3], r[5], r[6], r[7]) for r in rows[header + 1:]] == [
        (1, "甲", "男", 100, "是", "优秀"), (2, "乙", "男", 92, None, "优秀")]


def test_the_printable_filing_is_one_numbered_report_the_filing_report_then_each_register(ws: Workspace,
                                                                                          tmp_path: Path):
    s = build(ws)
    rid = rounds.create_round(ws, RoundInput(s.unit_id, YEAR))
    rounds.propose(ws, rid)
    with pytest.raises(FrontlineError, match="还没有公示"):
        filing.printable(ws, rid)
    with pytest.raises(PermissionDenied):
        filing.printable(Workspace(ws.db, Actor("auditor", ROLE_AUDITOR)), rid)
    rounds.start_notice(ws, rid, dt.date(2026, 12, 3))
    with pytest.raises(filing.FilingCancelled):
        filing.printable(ws, rid, cancelled=lambda: True)
    assert _report_entries(ws) == []  # a cancel takes no number

    steps: list[tuple[int, int]] = []
    out = tmp_path / "备案材料.pdf"
    made = filing.printable(ws, rid, out=out, progress=lambda d, t: steps.append((d, t)))
    assert steps[-1] == (4, 4) and made.kind == "filing" and made.title == "海滨市审计局2026年度优秀等次备案材料"
    assert out.read_bytes() == made.data and made.sha256 == hashlib.sha256(made.data).hexdigest()
    sheets = pages(made.data)
    assert made.pages == len(sheets)
    texts = ["".join(p.text.split()).replace("\u3000", "") for p in sheets]
    # The filing report first, then the register sheets of 甲 and of 乙, every page with the number.
    assert "关于海滨市审计局2026年度考核优秀等次人员的备案报告" in texts[0] and "登记表（2026年度）" not in texts[0]
    firsts = [i for i, t in enumerate(texts) if "公务员年度考核登记表（2026年度）" in t]
    assert len(firsts) == 2 and 0 < firsts[0] < firsts[1]
    assert "姓名甲" in texts[firsts[0]] and "姓名乙" in texts[firsts[1]]
    assert sum("考核等次：优秀" in t for t in texts[firsts[0]:]) == 2
    assert all(f"报表编号：{made.number}" in t for t in texts)
    entry = _report_entries(ws)[-1]
    assert entry.action == "report.generate" and entry.after["number"] == made.number
    assert entry.after["kind"] == "filing" and entry.after["round_id"] == rid and entry.after["path"] == str(out)
    assert entry.after["sha256"] == made.sha256 and entry.after["pages"] == made.pages

    with pytest.raises(FrontlineError, match="frontline grades filing"):
        generate(ws, Request("filing"))  # not from the 报表 menu or `frontline report`


def _report_entries(ws: Workspace) -> list[AuditEntry]:
    with ws.read("test.inspect") as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == "report").order_by(AuditEntry.id)))
