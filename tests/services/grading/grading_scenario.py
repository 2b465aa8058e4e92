"""A unit of seven graded cadres and one on probation, with their 2026 appraisals, built by hand.

| cadre | appraisal (好/较好/一般/较差) | score | grade (bands 90,75,60) | note |
|---|---|---|---|---|
| 甲 | 10/0/0/0 | 100 | 优秀 | concurrent post in a 指挥部 from 2026.01: front line (365 days) |
| 乙 | 7/2/1/0 | 92 | 优秀 | |
| 丙 丁 | 5/2/2/1 | 82 | 称职 | |
| 戊 | 4/2/2/2 | 76 | 称职 | |
| 己 | 2/2/3/3 | 66 | 基本称职 | |
| 庚 | 0/2/2/6 | 52 | 不称职 | |
| 辛 | — | — | 不定等次 | 参加工作 2026.03: probation |

Seven graded: 20% of 7 = 1.4 → 1 优秀 (30%: 2.1 → 2). 甲 meets the front-line rule, so 甲 and 乙
are within the caps; without it (a rule of 13 months) 2 优秀 against 1 is over.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.models import Cadre, Post, Unit
from desktop.models.dates import PartialDate
from desktop.services.grading import appraisals
from desktop.services.grading.appraisals import AppraisalInput
from desktop.services.workspace import Workspace

YEAR = 2026
PEOPLE = (("甲", (10, 0, 0, 0)), ("乙", (7, 2, 1, 0)), ("丙", (5, 2, 2, 1)), ("丁", (5, 2, 2, 1)),
          ("戊", (4, 2, 2, 2)), ("己", (2, 2, 3, 3)), ("庚", (0, 2, 2, 6)))


@dataclass
class Scenario:
    unit_id: int
    hq_id: int
    ids: dict[str, int]


def build(ws: Workspace) -> Scenario:
    def op(ctx) -> Scenario:
        s = ctx.session
        unit = Unit(name="海滨市审计局", kind="政府部门")
        hq = Unit(name="东部新城片区指挥部", kind="指挥部")
        s.add_all([unit, hq])
        s.flush()
        ids = {}
        for n, (name, _c) in enumerate([*PEOPLE, ("辛", None)]):
            started = PartialDate(2026, 3) if name == "辛" else PartialDate(2005, 7)
            cadre = Cadre(name=name, name_pinyin=f"p{n}", sex="男", birth=PartialDate(1980, 1), work_started=started)
            s.add(cadre)
            s.flush()
            s.add(Post(cadre_id=cadre.id, unit_id=unit.id, unit_name=unit.name, title="科员",
                       start=PartialDate(2026, 3) if name == "辛" else PartialDate(2015, 1)))
            ids[name] = cadre.id
        s.add(Post(cadre_id=ids["甲"], unit_id=hq.id, unit_name=hq.name, title="副指挥长", is_main=False,
                   start=PartialDate(2026, 1)))
        return Scenario(unit.id, hq.id, ids)

    scenario = ws.run("test.setup", op).value
    for name, (good, fair, average, poor) in PEOPLE:
        valid = good + fair + average + poor
        appraisals.save(ws, AppraisalInput(scenario.ids[name], YEAR, 12, 11, valid, good, fair, average, poor,
                                           supervisor_comment="政治坚定，工作扎实。",
                                           suggested_grade="优秀" if good >= 7 else ""))
    return scenario
