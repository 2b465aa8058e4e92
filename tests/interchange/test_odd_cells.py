"""Values no clerk typed are refused with what the clerk would see, never taken as text."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop.interchange.errors import FileRefused
from desktop.services.exchange import imports
from desktop.services.workspace import Workspace


def _book(tmp_path: Path, rows: list[list], headers=("姓名", "性别", "出生年月", "民族", "身份证号")) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(list(headers))
    for row in rows:
        ws.append(row)
    path = tmp_path / "odd.xlsx"
    book.save(path)
    return path


def test_error_values_logical_values_and_huge_numbers_are_refused(ws: Workspace, tmp_path: Path):
    path = _book(tmp_path, [["占位", "男", "1980.01", "汉族", None],
                            ["李四", "男", "1980.01", True, None],
                            ["王五", "男", 1e308, "汉族", None],
                            ["赵六", "男", "1980.01", "汉族", 3.50203197905150e17]])
    book = openpyxl.load_workbook(path)
    cell = book.active["A2"]
    cell.value, cell.data_type = "#N/A", "e"
    book.save(path)
    plan = imports.preview(ws, path)
    assert plan.adds == []
    found = {(r.where.row, r.value): r.reason for r in plan.rejects}
    assert "公式的错误值 #N/A" in found[(2, "#N/A")]
    assert "逻辑值" in found[(3, "TRUE")]
    assert "数字过大" in found[(4, "1.00000000000000E+308")]
    assert "末几位已丢失" in found[(5, "3.50203197905150E+17")]


def test_a_column_given_twice_is_refused_not_guessed(ws: Workspace, tmp_path: Path):
    path = _book(tmp_path, [["张三", "男", "1980.01", "汉族", "大学"]],
                 headers=("姓名", "性别", "出生年月", "民族", "出生年月"))
    with pytest.raises(FileRefused, match=r"“出生年月”一列出现了两次（第 C 列和第 E 列）"):
        imports.preview(ws, path)
