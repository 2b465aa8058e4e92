"""Laying out the printed 成绩单 and 晾晒 notices at a city's size, from hand-built data (no
database: the indicator services that fill ScorecardData are measured on their own).

Figures: the 成绩单 of BENCH_SCORE_UNITS units (default 2,000) × 20 indicators × 8 quarters,
pages and seconds, against the same document with 200 units (the cost per unit should stay
flat); and one 晾晒 notice with 8 lines (fits at once) against one with 40 lines and a long
name (shrunk by bisection: several layouts per notice).
"""

from __future__ import annotations

import datetime as dt
import os

from bench.common import ms, timed

INDICATORS = 20
QUARTERS = tuple(f"{2024 + q // 4}年第{q % 4 + 1}季度" for q in range(8))


def _data(units: int):  # type: ignore[no-untyped-def]
    from desktop.reports.scorecard_data import MeetingNote, ScorecardData, ScoreRow

    rows = tuple(ScoreRow(i + 1, f"海滨市测试单位{i + 1}", ("区县", "市直部门", "乡镇街道")[i % 3], i // 3 + 1,
                          100 - i * 0.02, tuple(5.0 - i * 0.001 for _ in range(INDICATORS)), i % 4, i >= units - 3,
                          (*(80.0 + (i + q) % 15 for q in range(7)), 100 - i * 0.02))
                 for i in range(units))
    notes = tuple(MeetingNote(r.subject, "数据报送滞后。", "明确专人负责。") for r in rows if r.bottom)
    return ScorecardData("中共海滨市委组织部", "2026年度重点任务指标体系", 2026, 2, "单位",
                         tuple(f"重点任务指标{j + 1}" for j in range(INDICATORS)), (5.0,) * INDICATORS, rows, 0.9,
                         tuple(r.subject for r in rows if r.missing), QUARTERS, notes)


def _notice(lines: int, unit: str):  # type: ignore[no-untyped-def]
    from desktop.reports.scorecard_data import NoticeData

    statuses = ("完成", "部分完成", "未完成", "未报")
    made = tuple((f"重点任务指标{n + 1}", f"{60 + n}%", statuses[n % 4]) for n in range(lines))
    return NoticeData("中共海滨市委组织部", unit, 2026, 2, 11, 12, 68.05, made, 0.625, 3, 2)


def main() -> None:
    from desktop.reports.layout.stamp import Stamp
    from desktop.reports.render import render

    mark = Stamp("2026-000001", "2026-07-10 09:00", "内部资料", created=dt.datetime(2026, 7, 10, 9))
    units = int(os.environ.get("BENCH_SCORE_UNITS", "2000"))
    for n in (200, units):
        data = _data(n)
        pages: list[int] = []
        seconds = timed(lambda d=data, out=pages: out.append(render(d, mark).pages))
        print(f"成绩单 {n} 个单位 × {INDICATORS} 项指标 × {len(QUARTERS)} 个季度：{pages[0]} 页，{seconds:.1f} s，"
              f"每个单位 {ms(seconds / n)}")
    long_name = "海滨市临港经济技术开发区管理委员会（海滨市临港综合保税区管理委员会）"
    for lines, unit in ((8, "海滨市应急管理局"), (40, long_name)):
        notice = _notice(lines, unit)
        print(f"晾晒通报 {lines} 项（单位名称 {len(unit)} 字）：{ms(timed(lambda d=notice: render(d, mark)))}")
