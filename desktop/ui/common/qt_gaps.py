"""The few labels Qt's own Chinese translation (qtbase_zh_CN) leaves in English in the print and
page-setup dialogs, filled in when those dialogs are built. Paper names keep their standard
codes (JIS B5, ANSI C …), as printers and their drivers call them."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QDialog, QLabel

from desktop.ui.common.children import children_of

D = TypeVar("D", bound=QDialog)

GAPS = {
    "Page &Set:": "打印页面(&S)：",
    "Pages &per sheet:": "每张纸页数(&P)：",
    "Page &order:": "页面顺序(&O)：",
}


def fill(dialog: D) -> D:
    labels = children_of(dialog, QLabel)
    for label in labels:
        text = GAPS.get(label.text())
        if text is not None:
            label.setText(text)
    return dialog
