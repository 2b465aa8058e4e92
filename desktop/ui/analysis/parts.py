"""The tables of the analysis page: columns of each part, over the service's frozen rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView

from desktop.reports.assessment import LedgerFact, points_text, score_text
from desktop.ui.common.list_model import make_table
from desktop.ui.common.rows_model import RowsModel

Columns = list[tuple[str | Callable[[Any], Any], str]]

DIMENSION_COLUMNS: Columns = [
    ("name", "维度"), (lambda d: score_text(d.sheet_score), "评议得分"), (lambda d: points_text(d.plus), "有效加分"),
    (lambda d: points_text(d.minus), "有效扣分"), (lambda d: points_text(d.net), "积分净值"),
]
LEDGER_COLUMNS: Columns = [
    ("number", "编号"), ("date", "日期"), ("kind", "类型"), ("dimension", "维度"),
    (lambda f: points_text(f.points), "分值"), ("source", "来源"), ("behaviour", "行为类型"),
    (lambda f: f.shown_fact(), "具体事实"), ("campaign", "考核"), (lambda f: f.note(), "冲正情况"),
]
CATEGORY_COLUMNS: Columns = [
    ("campaign", "考核"), ("kind", "类别"), ("category", "评议人类别"), ("issued", "发放"), ("responses", "收回"),
    ("grades", "总体评价"), ("mean", "平均分"), ("weighted", "综合得分"),
]
EXCERPT_COLUMNS: Columns = [
    ("kind", "类型"), ("when", "日期"), ("campaign", "考核"), ("who", "谈话对象或走访地点"), ("link", "关联"),
    ("text", "摘录"),
]
PROBLEM_COLUMNS: Columns = [("id", "编号"), ("period", "季度"), ("problem", "问题"), ("severity", "程度"),
                            ("status", "状态")]
ANNUAL_COLUMNS: Columns = [(lambda a: f"{a.year}年度", "年度"), (lambda a: a.grade or "未定等次", "考核等次"),
                           ("note", "备注")]
PEER_COLUMNS: Columns = [(lambda p: p.rank if p.rank is not None else "—", "名次"), ("name", "姓名"),
                         (lambda p: score_text(p.score), "综合得分")]

GREY = QBrush(QColor("#e8e8e8"))  # a background: the text stays readable


def ledger_brush(fact: LedgerFact) -> QBrush | None:
    """A reversed entry and its reversal stay on the list, greyed: they cancel out."""
    return None if fact.effective else GREY


def table(model: RowsModel, widths: tuple[int, ...] = ()) -> QTableView:
    view = make_table(model)
    view.setTabKeyNavigation(False)  # Tab leaves the list; arrows move within it
    view.setWordWrap(False)
    for i, w in enumerate(widths):
        view.setColumnWidth(i, w)
    return view

