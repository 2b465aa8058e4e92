"""干部综合分析报告 (立体式研判): everything known about a cadre, political quality first.

From the cadre file: basic information, posts, annual results, rewards and punishments,
training. From the front-line records (an `Assessment`): the five political-quality
dimensions with their scores and radar chart, every ledger fact (corrections shown, never
dropped), sheet and ballot results by rater category, the talks and their conclusions. The
closing 综合研判 is assembled from these facts and figures; it judges nothing itself. The
three-list completion (任务、问题、落实清单) joins with the work-results issue.
"""

from __future__ import annotations

import datetime as dt

from desktop.models import Cadre
from desktop.models.dates import PartialDate
from desktop.reports import blocks as b
from desktop.reports import facts
from desktop.reports.assessment import Assessment
from desktop.reports.comprehensive_parts import conclusion, front_line, intro, political
from desktop.reports.written_conclusion import WrittenConclusion
from desktop.reports.written_conclusion import blocks as written_blocks

NO_DATA = "暂无数据。"


def basic_paragraph(cadre: Cadre, as_of: dt.date) -> str:
    """他是谁, as a 综合分析报告 opens: 张三，男，汉族，1975年3月生（50岁），福建长乐人 ……"""
    parts = [cadre.name]
    parts += [x for x in (cadre.sex, cadre.ethnicity) if x]
    if cadre.birth:
        years = facts.age(cadre.birth, as_of)
        parts.append(f"{cadre.birth.year}年{cadre.birth.month}月生（{years}岁）")
    if cadre.native_place:
        parts.append(f"{cadre.native_place}人")
    if cadre.party_joined and cadre.political_status in ("中共党员", "中共预备党员", ""):
        parts.append(f"{cadre.party_joined.year}年{cadre.party_joined.month}月加入中国共产党")
    elif cadre.political_status and cadre.political_status != "群众":
        parts.append(cadre.political_status)
    if cadre.work_started:
        parts.append(f"{cadre.work_started.year}年{cadre.work_started.month}月参加工作")
    full = facts.highest(cadre.studies, "全日制")
    if full.education:
        parts.append(f"{full.education}学历" + (f"，{full.degree}" if full.degree else ""))
    text = "，".join(parts) + "。"
    post = facts.current_post(cadre)
    if post:
        rank = facts.current_rank(cadre)
        since = facts.current_since(cadre)
        text += f"现任{post}" + (f"（{rank}）" if rank and rank not in post else "")
        text += f"，{since.year}年{since.month}月任现职。" if since else "。"
    return text


def _posts_table(cadre: Cadre) -> b.Table | b.Para:
    posts = sorted(cadre.posts, key=lambda p: (p.start is None, p.start or PartialDate(1900, 1)))
    if not posts:
        return b.Para("档案中暂无任职记录。")
    rows = []
    for p in posts:
        period = f"{facts.dotted(p.start)}—{facts.dotted(p.end) if p.end else '至今'}"
        unit = p.unit_name or (p.unit.name if p.unit else "")
        level = f"{p.leadership_level}{p.grade}职" if p.leadership_level else ""
        rows.append((period, f"{unit}{p.title}" + ("（兼）" if not p.is_main else ""),
                     "、".join(x for x in (level, p.rank) if x), p.appointing_doc))
    return b.Table(("任职时间", "单位及职务", "层次及职级", "任职文号"), tuple(rows), (3.4, 5.6, 3.0, 3.6))


def _annual(cadre: Cadre) -> list[b.Block]:
    results = sorted(cadre.annual_results, key=lambda r: r.year)
    if not results:
        return [b.Para("档案中暂无年度考核结果。")]
    best = [r.year for r in results if r.grade == "优秀"]
    summary = f"{results[0].year}年至{results[-1].year}年，年度考核{len(results)}次"
    years = "、".join(str(y) for y in best)
    summary += f"，其中{len(best)}次被评为优秀（{years}年度）。" if best else "，均未被评为优秀。"
    table = b.Table(("年度", "考核等次", "备注"), tuple((f"{r.year}年度", r.grade, r.note) for r in results),
                    (2, 2, 5))
    return [b.Para(summary), table]


def document(cadre: Cadre, as_of: dt.date, *, issuer: str = "", assessment: Assessment | None = None,
             written: WrittenConclusion | None = None) -> b.Document:
    """The report; with `written` (the cadre's signed conclusion) its 综合研判 prints that
    conclusion with the facts it cites instead of the gathered figures."""
    a = assessment or Assessment()
    closing = written_blocks(written) if written is not None else [b.Para(text) for text in conclusion(cadre, a)]
    rewards = facts.reward_lines(cadre.rewards, cadre.punishments)
    trainings = facts.training_lines(cadre.trainings)
    posts = _posts_table(cadre)
    blocks: list[b.Block] = [
        b.Title(f"关于{cadre.name}同志的综合分析报告"),
        b.Para(intro(cadre.name, a)),
        b.Heading(1, "一、基本情况"),
        b.Para(basic_paragraph(cadre, as_of)),
        b.Table(posts.header, posts.rows, posts.widths, "任职经历") if isinstance(posts, b.Table) else posts,
        b.Heading(1, "二、政治素质"),
        *political(a),
        b.Heading(1, "三、一线考核情况"),
        *front_line(a),
        b.Heading(1, "四、年度考核情况"),
        *_annual(cadre),
        b.Heading(1, "五、奖惩情况"),
        *([b.Para(line) for line in rewards] if rewards else [b.Para("无。")]),
        b.Heading(1, "六、教育培训情况"),
        *([b.Para(line, indent=2) for line in trainings] if trainings else [b.Para("档案中暂无培训记录。")]),
        b.Heading(1, "七、综合研判"),
        *closing,
        b.Signature(issuer, facts.chinese_date(as_of)),
    ]
    return b.Document(f"关于{cadre.name}同志的综合分析报告", tuple(blocks), author=issuer,
                      subject="干部综合分析报告")
