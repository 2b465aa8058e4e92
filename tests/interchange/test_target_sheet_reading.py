"""Reading a task-list workbook: target values as clerks type them, deadlines to the day,
the example row skipped, every unreadable cell named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from desktop.interchange import cells as cv
from desktop.interchange import target_xlsx
from desktop.interchange.errors import FileRefused
from desktop.interchange.xlsx_table import Cell
from desktop.models.results import SOURCE_DEPARTMENTS


@pytest.mark.parametrize(("value", "fmt", "expected"), [
    (12, "General", 12.0), (0.95, "0%", 95.0), ("95%", "@", 95.0), ("1,200", "@", 1200.0), (" 3.5 ", "@", 3.5),
])
def test_target_values_as_typed(value: object, fmt: str, expected: float):
    assert target_xlsx.number(Cell(value, fmt, 1)) == expected


@pytest.mark.parametrize("value", ["很多", True, float("inf"), "1e20"])
def test_what_is_not_a_target_value_is_refused(value: object):
    with pytest.raises(cv.CellError):
        target_xlsx.number(Cell(value, "General", 1))


def test_the_reader_names_every_bad_cell_and_skips_the_example(tmp_path: Path):
    vocab = target_xlsx.vocabulary(SOURCE_DEPARTMENTS)
    template = tmp_path / "模板.xlsx"
    with open(template, "wb") as fh:
        target_xlsx.build_template(vocab, fh)
    with pytest.raises(FileRefused, match="只有模板的示例行"):
        target_xlsx.read(template, vocab)
    wb = openpyxl.load_workbook(template)
    sheet = wb["任务清单"]
    for r, values in ((3, ["张三", None, None, "新建学位", None, "2,000", "个", None, dt.datetime(2026, 8, 31), "是"]),
                      (4, ["李四", None, None, "征迁签约", None, "许多", "户", None, "2026.08", "大概"])):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    filled = tmp_path / "任务清单.xlsx"
    wb.save(filled)
    read = target_xlsx.read(filled, vocab)
    assert any("是模板中的示例，已跳过" in n for n in read.notes)
    good, bad = read.rows
    assert good.values["target_value"] == 2000.0 and good.values["deadline"] == dt.date(2026, 8, 31)
    assert good.values["hard"] is True and good.errors == []
    assert [(e.where.row, e.column) for e in bad.errors] == [(4, "F列“目标值”"), (4, "I列“完成时限”"),
                                                             (4, "J列“硬性指标”")]
    assert bad.errors[1].reason == "完成时限须精确到日，如 2026.12.31"
