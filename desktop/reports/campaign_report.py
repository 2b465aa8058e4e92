"""Reports on one campaign: 一线考核阶段性报告 (stage), 专项报告 (special) and 应急考核分析报告
(emergency), on the GB/T 9704 grid, PDF and Word.

Each states what the campaign's records hold: its topic and what it follows, the
instruction-ledger items, scope and team, visits (unit visits, unannounced ones), talks,
sheets and ballots, the findings written on visits, the people assessed, the tallies ranked
by weighted score and every ledger entry recorded. The problem list (问题清单) and unit
rankings join with the work-results issue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from desktop.models.dates import PartialDate
from desktop.reports import blocks as b
from desktop.reports.assessment import (
    LedgerFact,
    LedgerSummary,
    Ranking,
    chinese_date,
    period_text,
    points_text,
    share_text,
)
from desktop.reports.assessment_blocks import ledger_table, ranking_table

KIND_PHRASES = {"点穴式": "点穴式一线考核", "沉浸式": "沉浸式一线考核", "应急": "应急考核", "专项": "专项考核",
                "平时": "平时考核", "年度": "年度考核"}
REPORT_NAMES = {"stage": "阶段性报告", "special": "专项报告", "emergency": "分析报告"}


@dataclass(frozen=True)
class Member:
    name: str
    role: str


@dataclass(frozen=True)
class DirectiveLine:
    directive: str
    doc_no: str
    text: str
    deadline: PartialDate | None  # 2026.06 prints 2026年6月, never an invented day


@dataclass(frozen=True)
class VisitLine:
    date: dt.date
    place: str
    units: tuple[str, ...]
    unannounced: bool
    members: tuple[str, ...]
    findings: str


@dataclass(frozen=True)
class Person:
    name: str
    post: str
    talks: int
    entries: int
    net: int


@dataclass(frozen=True)
class CampaignData:
    id: int
    name: str
    kind: str
    status: str  # draft, active, closed
    topic_source: str
    source_detail: str
    follows: str
    description: str
    start: dt.date | None
    end: dt.date | None
    units: tuple[str, ...] = ()
    team: tuple[Member, ...] = ()
    directives: tuple[DirectiveLine, ...] = ()
    visits: tuple[VisitLine, ...] = ()  # oldest first
    unit_visits: int = 0
    people: tuple[Person, ...] = ()
    talks: int = 0
    talked_to: int = 0
    sheets_complete: tuple[tuple[str, int], ...] = ()  # per rater category
    sheets_missing: tuple[tuple[str, int], ...] = ()
    ballots: int = 0
    ballots_issued: int = 0
    rankings: tuple[Ranking, ...] = ()
    ledger: tuple[LedgerFact, ...] = ()
    posts: tuple[tuple[str, str], ...] = ()  # cadre name → post, for the ledger's groups

    @property
    def title_name(self) -> str:
        """The campaign as a title names it: the name, with the kind of assessment added only
        when the name does not already say it (…沉浸式考核（临空产业区指挥部）, not
        …沉浸式考核（临空产业区指挥部）沉浸式一线考核); a trailing qualifier in brackets
        stays at the end."""
        base, qualifier = self.name, ""
        if base.endswith(("）", ")")) and ("（" in base or "(" in base):
            cut = max(base.rfind("（"), base.rfind("("))
            base, qualifier = base[:cut], base[cut:]
        if base.endswith("考核"):
            return self.name
        return f"{base}{KIND_PHRASES.get(self.kind, '考核')}{qualifier}"

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)

    @property
    def unannounced(self) -> int:
        return sum(1 for v in self.visits if v.unannounced)


def quoted(text: str) -> str:
    """“text”, with quotation marks inside turned into single ones (‘7·12’)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def _counts(pairs: tuple[tuple[str, int], ...]) -> str:
    return "、".join(f"{c}{n}份" for c, n in pairs if n)


# --- sections shared by all three reports ----------------------------------------------------

def _basics(d: CampaignData, emergency: bool) -> list[b.Block]:
    source = f"本次考核选题来源于{d.topic_source}" + (f"（{d.source_detail}）" if d.source_detail else "")
    if d.follows:
        source += f"，跟踪{d.follows}"
    out: list[b.Block] = [b.Heading(2, "（一）" + ("事件和考核任务" if emergency else "考核选题")),
                          b.Para(source + "。" + (d.description if d.description else ""))]
    if d.directives:
        out.append(b.Para(f"对应工作台账事项{len(d.directives)}项："))
        for n, item in enumerate(d.directives, start=1):
            doc = f"（{item.doc_no}）" if item.doc_no else ""
            due = f"（完成时限：{item.deadline.chinese()}）" if item.deadline else ""
            out.append(b.Para(f"{n}. 《{item.directive}》{doc}：{item.text.rstrip('。')}{due}。"))
    elif not emergency:
        out.append(b.Para("本次考核未关联工作台账事项。"))
    units = "、".join(d.units) if d.units else "未指定"
    out += [b.Heading(2, "（二）考核范围"),
            b.Para(f"考核单位{len(d.units)}个：{units}。被考核干部{len(d.people)}名。")]
    out.append(b.Heading(2, "（三）考核组和考核时间"))
    if d.team:
        by_role: dict[str, list[str]] = defaultdict(list)
        for m in d.team:
            by_role[m.role].append(m.name)
        roles = "，".join(f"{role}{'、'.join(names)}" for role, names in by_role.items())
        team = f"考核组由{len(d.team)}人组成：{roles}。"
    else:
        team = "考核组成员未登记。"
    state = {"closed": "考核已结束", "active": "考核正在进行", "draft": "考核尚在筹备"}.get(d.status, "")
    out.append(b.Para(f"{team}考核时间：{d.period}，{state}。"))
    return out


def _work(d: CampaignData, stage: bool) -> list[b.Block]:
    out: list[b.Block] = [b.Heading(2, "（一）走访")]
    if d.visits:
        out.append(b.Para(f"共开展走访{len(d.visits)}次，走访单位{d.unit_visits}个次，"
                          f"其中按“四不两直”方式暗访{d.unannounced}次。"))
        rows = tuple((v.date.strftime("%Y.%m.%d"), v.place, "、".join(v.units), "四不两直" if v.unannounced else "常规",
                      "、".join(v.members)) for v in d.visits)
        out.append(b.Table(("日期", "地点", "走访单位", "方式", "参加人员"), rows, (2.7, 3.5, 4.2, 2.0, 3.2)))
    else:
        out.append(b.Para("尚未记录走访。" if stage else "本次考核未记录走访。"))
    out.append(b.Heading(2, "（二）谈话"))
    people = len(d.people)
    out.append(b.Para(f"共开展谈话{d.talks}人次，被考核干部中已谈话{d.talked_to}人"
                      + (f"，占{share_text(d.talked_to, people, True)}" if people else "") + "。"))
    out.append(b.Heading(2, "（三）评议测评"))
    total = sum(n for _, n in d.sheets_complete) + sum(n for _, n in d.sheets_missing)
    done = sum(n for _, n in d.sheets_complete)
    text = ""
    if total:
        text = f"发放评议表{total}份，已完成{done}份" + (f"（{_counts(d.sheets_complete)}）" if done else "")
        missing = total - done
        text += f"，尚未完成{missing}份（{_counts(d.sheets_missing)}）" if missing else "，已全部完成"
        text += "。"
    if d.ballots_issued:
        text += f"民主测评票发出{d.ballots_issued}张，收回{d.ballots}张" \
                f"（收回率{share_text(d.ballots, d.ballots_issued, True)}）。"
    out.append(b.Para(text or "本次考核未组织评议测评。"))
    out.append(b.Heading(2, "（四）政治表现纪实"))
    summary = LedgerSummary.of(d.ledger)
    cadres = len({f.cadre for f in d.ledger})
    out.append(b.Para((f"对{cadres}名干部" if cadres else "") + summary.sentence()))
    return out


def _findings(d: CampaignData) -> list[b.Block]:
    found = [v for v in d.visits if v.findings.strip()]
    if not found:
        return [b.Para("走访中未记录发现的问题。")]
    out: list[b.Block] = [b.Para(f"走访中记录发现的问题{len(found)}条：")]
    for n, v in enumerate(found, start=1):
        where = v.place + (f"（{'、'.join(v.units)}）" if v.units else "")
        out.append(b.Para(f"{n}. {chinese_date(v.date)}，走访{where}：{v.findings.strip().rstrip('。')}。"))
    return out


def _people_table(d: CampaignData) -> b.Block:
    if not d.people:
        return b.Para("本次考核未确定被考核干部。")
    rows = tuple((str(n), p.name, p.post, str(p.talks), str(p.entries), points_text(p.net) if p.entries else "—")
                 for n, p in enumerate(d.people, start=1))
    return b.Table(("序号", "姓名", "单位及职务", "谈话（次）", "积分（条）", "净积分"), rows,
                   (1.3, 2.0, 7.2, 1.9, 1.9, 1.7))


def _rankings(d: CampaignData) -> list[b.Block]:
    if not d.rankings:
        return [b.Para("本次考核尚无完成的评议表或测评票。")]
    out: list[b.Block] = []
    for r in d.rankings:
        scored = sum(1 for x in r.rows if x.weighted is not None)
        out.append(b.Para(f"{r.template}：{scored}名干部有测评结果，按综合得分从高到低排列"
                          f"（综合得分为{r.method}；得分相同者名次相同）。"))
        out.append(ranking_table(r))
    return out


def _results(d: CampaignData) -> list[b.Block]:
    out: list[b.Block] = [b.Heading(2, "（一）被考核干部"), _people_table(d),
                          b.Heading(2, "（二）测评结果排名"), *_rankings(d),
                          b.Heading(2, "（三）政治表现纪实明细")]
    out.append(ledger_table(d.ledger, with_cadre=True) if d.ledger else b.Para("本次考核未记录政治表现积分。"))
    return out


def _remaining(d: CampaignData) -> list[b.Block]:
    missing = sum(n for _, n in d.sheets_missing)
    parts = []
    if missing:
        parts.append(f"尚有{missing}份评议表未完成（{_counts(d.sheets_missing)}）")
    if len(d.people) > d.talked_to:
        parts.append(f"尚有{len(d.people) - d.talked_to}名被考核干部未谈话")
    if d.ballots_issued > d.ballots:
        parts.append(f"民主测评票尚有{d.ballots_issued - d.ballots}张未收回或未录入")
    if not parts:
        return [b.Para("各项评议表均已完成，被考核干部均已谈话。")]
    return [b.Para("截至本报告日期，" + "；".join(parts) + "。")]


# --- the documents -------------------------------------------------------------------------

def _document(title: str, blocks: list[b.Block], issuer: str, as_of: dt.date, subject: str) -> b.Document:
    blocks.append(b.Signature(issuer, chinese_date(as_of)))
    return b.Document(title, tuple(blocks), author=issuer, subject=subject)


def stage_or_special(kind: str, d: CampaignData, as_of: dt.date, issuer: str = "") -> b.Document:
    stage = kind == "stage"
    title = f"关于{d.title_name}的{REPORT_NAMES[kind]}"
    what = "阶段性情况" if stage else "有关情况"
    phrase = KIND_PHRASES.get(d.kind, "一线考核")
    blocks: list[b.Block] = [b.Title(title)]
    if stage:
        blocks.append(b.Subtitle(f"（截至{chinese_date(as_of)}）"))
    blocks += [b.Para(f"按照工作安排，考核组于{d.period}围绕{quoted(d.name)}开展{phrase}。现将{what}报告如下。"),
               b.Heading(1, "一、基本情况"), *_basics(d, False),
               b.Heading(1, "二、工作开展情况"), *_work(d, stage),
               b.Heading(1, "三、发现的问题"), *_findings(d),
               b.Heading(1, "四、干部考核情况"), *_results(d)]
    if stage:
        blocks += [b.Heading(1, "五、尚待完成的工作"), *_remaining(d)]
    return _document(title, blocks, issuer, as_of, f"一线考核{REPORT_NAMES[kind]}")


def _conduct(facts: list[LedgerFact], posts: dict[str, str]) -> list[b.Block]:
    by_cadre: dict[str, list[LedgerFact]] = defaultdict(list)
    for f in facts:
        by_cadre[f.cadre].append(f)
    out: list[b.Block] = []
    for n, (name, items) in enumerate(by_cadre.items(), start=1):
        post = f"（{posts[name]}）" if posts.get(name) else ""
        said = "；".join(f"{f.shown_fact().rstrip('。')}（{f.dimension}，{points_text(f.points)}分，"
                        f"{chinese_date(f.date)}，第{f.number}号）" for f in items)
        out.append(b.Para(f"{n}. {name}{post}：{said}。"))
    return out


def emergency(d: CampaignData, as_of: dt.date, issuer: str = "") -> b.Document:
    title = f"关于{d.title_name}的分析报告"
    good = [f for f in d.ledger if f.effective and f.points > 0]
    poor = [f for f in d.ledger if f.effective and f.points < 0]
    corrected = [f for f in d.ledger if f.reversed_by is not None]
    posts = dict(d.posts)
    blocks: list[b.Block] = [
        b.Title(title),
        b.Para(f"{d.period}，考核组围绕{quoted(d.name)}深入应急处置一线开展考核，跟踪了解干部在急难险重任务中的表现。"
               "现将考核情况分析报告如下。"),
        b.Heading(1, "一、事件和考核基本情况"), *_basics(d, True),
        b.Heading(1, "二、考核组开展工作情况"), *_work(d, False)[:-2],
        b.Heading(1, "三、干部在应急处置中的表现"),
        b.Heading(2, "（一）表现突出的"),
        *(_conduct(good, posts) or [b.Para("暂未记录加分事例。")]),
        b.Heading(2, "（二）存在不足的"),
        *(_conduct(poor, posts) or [b.Para("暂未记录扣分事例。")]),
    ]
    if corrected:
        blocks.append(b.Heading(2, "（三）更正情况"))
        for n, f in enumerate(corrected, start=1):
            why = f"，理由：{f.reason.rstrip('。')}" if f.reason else ""
            blocks.append(b.Para(f"{n}. 第{f.number}号记录（{f.cadre}，{f.shown_fact().rstrip('。')}，"
                                 f"{points_text(f.points)}分）已由第{f.reversed_by}号记录冲正{why}。"))
    blocks += [b.Heading(1, "四、发现的问题"), *_findings(d),
               b.Heading(1, "五、测评情况"), *_rankings(d),
               b.Heading(1, "六、政治表现纪实明细"),
               ledger_table(d.ledger, with_cadre=True) if d.ledger else b.Para("本次考核未记录政治表现积分。"),
               b.Heading(1, "七、综合分析"), b.Para(_emergency_summary(d, good, poor))]
    return _document(title, blocks, issuer, as_of, "应急考核分析报告")


def _emergency_summary(d: CampaignData, good: list[LedgerFact], poor: list[LedgerFact]) -> str:
    summary = LedgerSummary.of(d.ledger)
    text = (f"本次应急考核走访{len(d.visits)}次（暗访{d.unannounced}次），谈话{d.talks}人次，"
            f"被考核干部{len(d.people)}名。{summary.sentence()}")
    if good or poor:
        text += (f"有加分事例的干部{len({f.cadre for f in good})}名，有扣分事例的干部{len({f.cadre for f in poor})}名"
                 "（同一干部可能兼有）。")
    return text + "以上情况均来自考核组的走访、谈话和政治表现纪实记录。"
