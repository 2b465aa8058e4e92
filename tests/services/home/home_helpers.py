"""Hand-built work for the 工作台 tests: two campaigns with work left, one past its end."""

from __future__ import annotations

import datetime as dt

from desktop.services.admin import accounts
from desktop.services.admin import queries as admin_queries
from desktop.services.campaigns import campaigns, fieldwork
from desktop.services.campaigns.campaigns import CampaignInput
from desktop.services.evaluation import sheets
from desktop.services.results import problems, targets, verification
from desktop.services.results.problems import ProblemInput
from desktop.services.results.targets import TargetInput
from desktop.services.results.verification import VerificationInput
from desktop.services.workspace import Actor, Workspace
from tests.services.assessment_helpers import cadre, template

TODAY = dt.date.today()


def login(admin: Workspace, name: str, role: str) -> Workspace:
    accounts.add_account(admin, name, "password-123", role=role)
    account_id = next(r.id for r in admin_queries.account_rows(admin) if r.username == name)
    return Workspace(admin.db, Actor(name, role, account_id))


def _campaign(ws: Workspace, name: str, *cadre_ids: int, end: dt.date | None = None) -> int:
    cid = campaigns.create(ws, CampaignInput(name=name, kind="沉浸式", end=end))
    campaigns.add_cadres(ws, cid, list(cadre_ids))
    campaigns.activate(ws, cid)
    return cid


def build(ws: Workspace) -> dict[str, int]:
    """Two campaigns with work left (sheets, ballots, targets) and one past its end."""
    a, b = cadre(ws, "张伟"), cadre(ws, "李娜")
    road = _campaign(ws, "城区道路塌陷处置应急考核", a, b)
    flood = _campaign(ws, "防汛抢险一线考核", b)
    ended = _campaign(ws, "春耕生产一线考核", a, end=TODAY - dt.timedelta(days=3))
    _campaign(ws, "秋收一线考核", a, end=TODAY + dt.timedelta(days=3))  # not yet due
    sheet_template = template(ws)
    sheets.plan(ws, road, sheet_template.id, {"上级": ["王书记"], "同级": ["赵局长"]})  # 2 cadres × 2
    batch = sheets.create_batch(ws, sheet_template.id, b, "下级", 5, campaign_id=flood)
    sheets.add_ballot(ws, batch, {})
    sheets.add_ballot(ws, batch, {})
    full = sheets.create_batch(ws, sheet_template.id, a, "下级", 1, campaign_id=road)
    sheets.add_ballot(ws, full, {})
    yesterday = TODAY - dt.timedelta(days=1)
    late = targets.create(ws, TargetInput(duty="完成塌陷路段修复", cadre_id=a, campaign_id=road, deadline=yesterday))
    met = targets.create(ws, TargetInput(duty="排查地下管网", cadre_id=a, campaign_id=road, deadline=yesterday))
    verification.verify(ws, VerificationInput(target_id=met, result="met", fact="已排查完毕"))
    targets.create(ws, TargetInput(duty="设置警示标志", cadre_id=a, campaign_id=road,
                                   deadline=TODAY + dt.timedelta(days=5)))
    problems.create(ws, ProblemInput(year=TODAY.year, quarter=1, problem="排水不畅", campaign_id=flood))
    problems.create(ws, ProblemInput(year=TODAY.year, quarter=1, problem="物资不足", campaign_id=road,
                                     status="已反馈"))
    draft = fieldwork.save_draft(ws, "talk", {}, "与张伟谈话")
    return {"road": road, "flood": flood, "ended": ended, "late": late, "draft": draft}
