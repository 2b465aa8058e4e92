"""The printed 成绩单 says 未报 in the cell of an indicator a subject reported no value for,
rather than the 0 it scores (ScoreRow.reported); rows without the flags print as before."""

import dataclasses
import datetime as dt

from desktop.reports.layout.stamp import Stamp
from desktop.reports.render import render
from desktop.reports.scorecard import indicator_text
from tests.reports import scorecard_sample as sample
from tests.reports.pdf_helpers import table_rows

MARK = Stamp("2026-000102", "2026-07-10 09:00", "内部资料", created=dt.datetime(2026, 7, 10, 9, 0))


def _indicator_cells(rows: list[list[str]]) -> dict[str, dict[int, str]]:
    """Per unit, the printed cell under each 指标k header of the ranking tables."""
    out: dict[str, dict[int, str]] = {}
    header: list[str] = []
    for row in rows:
        if not row[0].isdigit():  # a header row: this table's columns
            header = row
            continue
        for title, cell in zip(header, row, strict=False):
            if title.startswith("指标") and title[2:].isdigit():
                out.setdefault(row[1].rstrip("▲"), {})[int(title[2:])] = cell
    return out


def test_an_indicator_not_reported_prints_as_such():
    data = sample.scorecard()
    n = len(sample.INDICATORS)
    lacking = {"海滨市自然资源和规划局": (False,) * n,  # nothing reported
               "海滨市应急管理局": (True, False, True, True, False, True, True, False)}
    rows = tuple(dataclasses.replace(r, reported=lacking.get(r.subject, (True,) * n)) for r in data.rows)
    pdf = render(dataclasses.replace(data, rows=rows), MARK).pdf
    cells = _indicator_cells(table_rows(pdf))
    assert [cells["海滨市自然资源和规划局"][k] for k in range(1, n + 1)] == ["未报"] * n
    some = cells["海滨市应急管理局"]
    assert [some[k] == "未报" for k in range(1, n + 1)] == [not x for x in lacking["海滨市应急管理局"]]
    assert some[1] == f"{rows[-2].scores[0]:.2f}"  # reported: its score
    assert cells["临港区"][2] == f"{rows[1].scores[1]:.2f}"
    row = rows[-2]
    assert [indicator_text(row, k) for k in range(n)][:2] == [f"{row.scores[0]:.2f}", "未报"]
    # A row made without the flags (others build ScoreRow as before) prints its scores.
    plain = sample.rows()[0]
    assert indicator_text(plain, 0) == f"{plain.scores[0]:.2f}" and plain.reported == ()
