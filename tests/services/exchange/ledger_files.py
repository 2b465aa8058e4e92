"""A ledger (积分) import workbook written as another office's spreadsheet would be."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def ledger_file(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "积分记录"
    sheet.append(["2024年一线考核积分登记表"])
    sheet.append(["日期", "姓名", "身份证号", "维度", "加分扣分", "分值", "行为类型", "来源", "具体事实", "考核"])
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return path
