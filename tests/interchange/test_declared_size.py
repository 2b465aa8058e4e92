"""A sheet's declared size (<dimension>) is a claim, not a limit: every row in the file is
read. A workbook written by another tool that understates it once lost rows without a word."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from desktop.services.exchange import imports
from desktop.services.workspace import Workspace


def _understated(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "干部花名册"
    ws.append(["姓名", "性别", "出生年月"])
    for name, sex, birth in (("赵一", "男", "1980.01"), ("钱二", "女", "1982.05"), ("孙八", "男", "1979.11")):
        ws.append([name, sex, birth])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    out = tmp_path / "stale-dimension.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:C2"/>', data)
                assert n == 1
            dst.writestr(item, data)
    return out


def test_rows_beyond_the_declared_size_are_read(ws: Workspace, tmp_path: Path):
    plan = imports.preview(ws, _understated(tmp_path))
    assert sorted(row.file.fields["name"] for row in plan.adds) == ["孙八", "赵一", "钱二"]
