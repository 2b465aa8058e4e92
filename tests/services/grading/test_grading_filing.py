"""The filing bundle (备案材料) of a round's 优秀, read back: the report's text, the register sheets,
the roster's rows; refused in draft, with nothing written when cancelled."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.errors import FrontlineError
from desktop.services.grading import filing, rounds
from desktop.services.grading.rounds import RoundInput
from desktop.services.workspace import Workspace
from tests.reports.pdf_helpers import compact
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
