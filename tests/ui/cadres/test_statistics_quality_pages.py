"""The statistics and data-quality pages fill themselves the first time they are shown, and
the chart reads like the table: whole labels, round counts on the axis."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import Qt

from desktop.ui.cadres.statistics_page import count_scale
from desktop.ui.main_window import MainWindow


@pytest.mark.parametrize(("top", "scale"), [(497, (600, 100)), (460, (600, 100)), (1880, (2500, 500)),
                                            (12, (15, 5)), (3, (4, 1)), (0, (2, 1))])
def test_count_axes_end_on_a_round_step_past_the_longest_bar(top, scale):
    assert count_scale(top) == scale


def _chart_shows(page) -> tuple[list[str], QValueAxis]:
    chart = page.chart
    assert len(chart.axes()) == 2  # nothing left over from the dimension shown before
    [series] = chart.series()
    assert isinstance(series, QHorizontalBarSeries)
    [categories] = chart.axes(Qt.Orientation.Vertical)  # labels beside the bars, not under them
    [values] = chart.axes(Qt.Orientation.Horizontal)
    assert isinstance(categories, QBarCategoryAxis) and isinstance(values, QValueAxis)
    return list(reversed(categories.categories())), values


def test_statistics_are_counted_when_the_page_is_first_shown(qtbot, window: MainWindow):
    page = window.statistics
    window.show_section(window.section_index(page))
    qtbot.waitUntil(lambda: page.result is not None, timeout=10000)
    assert page.summary.text().startswith("共 300 人")
    assert page.refresh_button.isEnabled()

    for title in ("年龄段", "职级", "性别"):
        row = next(i for i, d in enumerate(page.result.dimensions) if d.title == title)
        page.dimensions.setCurrentRow(row)
        labels, values = _chart_shows(page)
        table = [page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount() - 1)]
        assert labels == table  # top to bottom, as in the table
        top = max(n for _label, n in page.result.dimensions[row].counts)
        step = values.tickInterval()
        assert values.tickType() == QValueAxis.TickType.TicksDynamic
        assert values.min() == 0 and top < values.max() and values.max() % step == 0
        assert str(int(step)).rstrip("0") in ("1", "2", "5")


def test_data_quality_is_checked_when_the_page_is_first_shown(qtbot, window: MainWindow):
    page = window.quality
    window.show_section(window.section_index(page))
    assert page.progress.isVisible() and page.cancel_button.isEnabled()  # running, with its progress
    qtbot.waitUntil(page.start_button.isEnabled, timeout=10000)
    assert page.summary.text().startswith(("发现", "没有发现问题"))
    first = page._task
    window.show_section(window.section_index(window.cadres))
    window.show_section(window.section_index(page))
    assert page._task is first  # shown again: the list stays until 开始检查 is pressed


def test_both_pages_count_again_after_a_file_changes(qtbot, window: MainWindow):
    from desktop.services.cadres import cadre_files

    stats, check = window.statistics, window.quality
    for page in (stats, check):
        window.show_section(window.section_index(page))
    qtbot.waitUntil(lambda: stats.result is not None and check.start_button.isEnabled(), timeout=10000)
    women = dict(next(d for d in stats.result.dimensions if d.title == "性别").counts)["女"]
    with window.ws.read("test.inspect") as s:
        man = next(c for c in range(1, 301) if cadre_files.load(s, c).sex == "男")
    # Back in the roster, a man's file loses its ID number and turns 女: one more woman,
    # and a missing field.
    window.show_section(window.section_index(window.cadres))
    cadre_files.save(window.ws, cadre_files.CadreFile(fields={"sex": "女", "citizen_id": ""}), man)
    qtbot.waitUntil(lambda: check._stale and stats._stale, timeout=3000)
    first = check._task
    window.show_section(window.section_index(check))
    assert check._task is not first  # checked again on coming back
    qtbot.waitUntil(check.start_button.isEnabled, timeout=10000)
    assert any(i.cadre_id == man for i in check.issues)
    window.show_section(window.section_index(stats))
    qtbot.waitUntil(lambda: dict(next(d for d in stats.result.dimensions if d.title == "性别").counts)["女"]
                    == women + 1, timeout=10000)
