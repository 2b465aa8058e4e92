"""A 成绩单's data built by hand, as the indicator services would fill it: 12 units of two
types, 8 indicators, four quarters, ties, missing values and three bottom-ranked units."""

from __future__ import annotations

from desktop.reports.scorecard_data import MeetingNote, NoticeData, ScorecardData, ScoreRow

INDICATORS = ("地区生产总值增速", "固定资产投资完成率", "招商引资到位资金", "重点项目开工率",
              "营商环境满意度", "安全生产事故控制", "信访积案化解率", "生态环境质量改善")
WEIGHTS = (20.0, 15.0, 15.0, 10.0, 10.0, 10.0, 10.0, 10.0)
QUARTERS = ("2025年第3季度", "2025年第4季度", "2026年第1季度", "2026年第2季度")
# name, group, total, missing, trend of the three earlier quarters (None: no data)
UNITS = (
    ("海滨市发展和改革委员会", "市直部门", 95.5, 0, (88.0, 90.25, 93.0)),
    ("临港区", "区县", 93.25, 0, (85.0, 89.0, 92.5)),
    ("海滨市商务局", "市直部门", 93.25, 0, (91.0, 90.0, 92.0)),  # tied with 临港区
    ("东湖区", "区县", 90.0, 0, (80.5, 84.0, 88.75)),
    ("海滨市住房和城乡建设局", "市直部门", 88.4, 0, (None, 86.0, 87.0)),
    ("西山县", "区县", 86.1, 1, (79.0, 82.0, 84.0)),
    ("海滨市交通运输局", "市直部门", 84.0, 0, (83.0, 83.5, 84.5)),
    ("南湾区", "区县", 81.75, 0, (75.0, 78.0, 80.0)),
    ("海滨市生态环境局", "市直部门", 79.9, 2, (82.0, 80.0, 81.0)),
    ("北岭县", "区县", 72.3, 1, (70.0, None, 71.0)),
    ("海滨市应急管理局", "市直部门", 68.05, 3, (74.0, 72.0, 70.0)),
    ("海滨市自然资源和规划局", "市直部门", 61.6, 8, (69.0, 66.0, 64.5)),
)
NOTES = (
    MeetingNote("北岭县", "受汛期影响，两个重点项目停工四十天，固定资产投资完成率偏低。",
                "倒排工期，增加施工班组；每周调度一次项目进度。"),
    MeetingNote("海滨市应急管理局", "三项指标数据未按时报送，安全生产专项整治进度滞后。",
                "明确专人负责数据报送；开展为期三个月的隐患排查整治。"),
    MeetingNote("海滨市自然资源和规划局", "全部指标未报送，系统对接延误。",
                "本月底前完成系统对接，补报全部数据。"),
)


def _scores(total: float, n: int) -> tuple[float, ...]:
    """Per-indicator scores summing to the total, shares by weight."""
    raw = [round(total * w / sum(WEIGHTS), 2) for w in WEIGHTS[:n]]
    raw[0] = round(raw[0] + total - sum(raw), 2)
    return tuple(raw)


def rows() -> tuple[ScoreRow, ...]:
    out = []
    group_rank: dict[str, int] = {}
    previous: tuple[float, int] | None = None
    for n, (name, group, total, missing, earlier) in enumerate(UNITS, start=1):
        rank = previous[1] if previous and previous[0] == total else n
        previous = (total, rank)
        group_rank[group] = group_rank.get(group, 0) + 1
        out.append(ScoreRow(rank, name, group, group_rank[group], total, _scores(total, len(INDICATORS)), missing,
                            n > len(UNITS) - 3, (*earlier, total)))
    return tuple(out)


def scorecard() -> ScorecardData:
    rs = rows()
    missing = sum(r.missing for r in rs)
    return ScorecardData("中共海滨市委组织部", "2026年度重点任务指标体系（单位）", 2026, 2, "单位", INDICATORS, WEIGHTS,
                         rs, 1 - missing / (len(rs) * len(INDICATORS)),
                         tuple(r.subject for r in rs if r.missing), QUARTERS, NOTES)


def notice(lines: int = 8, unit: str = "海滨市应急管理局") -> NoticeData:
    statuses = ("完成", "部分完成", "未完成", "未报")
    made = tuple((f"{INDICATORS[n % len(INDICATORS)]}（目标{n + 1}）", f"{60 + n}%", statuses[n % 4])
                 for n in range(lines))
    return NoticeData("中共海滨市委组织部", unit, 2026, 2, 11, 12, 68.05, made, 0.625, 3, 2)
