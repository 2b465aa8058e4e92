"""What the window and the command line may read for the comprehensive analysis (立体式研判):
one cadre's profile, and two to five cadres side by side.

Each function passes the permission hook by opening its session with `ws.read("analysis.read")`
and returns frozen plain values (services/analysis/profile.py), never ORM objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from desktop.errors import FrontlineError
from desktop.services.analysis import gather
from desktop.services.analysis.compare_rows import comparison_rows
from desktop.services.analysis.profile import Comparison, Profile
from desktop.services.workspace import Workspace

READ = "analysis.read"
COMPARE_MIN, COMPARE_MAX = 2, 5


def profile(ws: Workspace, cadre_id: int, today: dt.date | None = None) -> Profile:
    """Everything the analysis screen shows of one cadre (refused for a cadre outside the scope)."""
    with ws.read(READ) as s:
        return gather.profiles(s, [cadre_id], today)[0]


def compare(ws: Workspace, ids: Sequence[int], today: dt.date | None = None) -> Comparison:
    """Two to five cadres, in the order given (a cadre named twice counts once)."""
    chosen = list(dict.fromkeys(ids))
    if not COMPARE_MIN <= len(chosen) <= COMPARE_MAX:
        raise FrontlineError(f"对比需选择 {COMPARE_MIN} 至 {COMPARE_MAX} 名干部，当前选择了 {len(chosen)} 名")
    with ws.read(READ) as s:
        found = tuple(gather.profiles(s, chosen, today))
    return Comparison(found, comparison_rows(found))
