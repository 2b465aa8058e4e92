"""A small hand-worked indicator scenario shared by the indicator tests.

Five ranked units (A, B, C in the 区 group; D, E 政府部门) under a container (政府, not
ranked) with a section (科室, not ranked). Three indicators, weights 50 + 30 + 20:

  招商引资  target rule, cap 1.2   A 120/100 → 60 (cap reached), B 150/100 → 60 (capped), C 50/100 → 25
  项目开工  ranking rule           A 10, B 10 (tie: both 30), C 8 → 10, D 6 → 0 (n = 4)
  群众满意度 manual 60 … 100        A 100 → 20, B 100 → 20, D 90 → 15

Totals in 2026 Q1: A 110, B 110, C 35, D 15, E 0 → ranks 1, 1, 3, 4, 5; bottom three C, D, E.
Reporting: 10 of 15 values (C misses 1, D misses 1, E misses 3).
Q2: A 100/100 → 50, B 50/100 → 25, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.indicators import rule_sets, values
from desktop.services.indicators.rule_sets import IndicatorSpec, SetSpec
from desktop.services.indicators.values import Entry
from desktop.services.units import units
from desktop.services.workspace import Workspace

INDICATORS = (
    IndicatorSpec("招商引资", 50, "target", cap=1.2, measure="亿元", source_department="招商"),
    IndicatorSpec("项目开工", 30, "ranking", measure="个"),
    IndicatorSpec("群众满意度", 20, "manual", min_value=60, max_value=100),
)


@dataclass(frozen=True)
class Scenario:
    set_id: int
    a: int
    b: int
    c: int
    d: int
    e: int
    container: int
    section: int
    indicators: tuple[int, int, int]


def build(ws: Workspace, *, record: bool = True) -> Scenario:
    gov = units.create(ws, "海滨市人民政府", None, "政府")
    a = units.create(ws, "东区", None, "区")
    b = units.create(ws, "西区", None, "区")
    c = units.create(ws, "南区", None, "区")
    d = units.create(ws, "市发展改革委", gov, "政府部门")
    e = units.create(ws, "市住建局", gov, "政府部门")
    section = units.create(ws, "综合科", d, "科室")
    set_id = rule_sets.create(ws, SetSpec("重点任务指标", 2026, "unit", INDICATORS))
    rule_sets.activate(ws, set_id)
    from desktop.services.indicators import queries

    ids = tuple(i.id for i in queries.set_detail(ws, set_id).indicators)
    sc = Scenario(set_id, a, b, c, d, e, gov, section, (ids[0], ids[1], ids[2]))
    if record:
        record_quarters(ws, sc)
    return sc


def record_quarters(ws: Workspace, sc: Scenario) -> None:
    t, r, m = sc.indicators
    values.record_many(ws, sc.set_id, 2026, 1, [
        Entry(sc.a, t, 120, 100), Entry(sc.a, r, 10), Entry(sc.a, m, 100),
        Entry(sc.b, t, 150, 100), Entry(sc.b, r, 10), Entry(sc.b, m, 100),
        Entry(sc.c, t, 50, 100), Entry(sc.c, r, 8),
        Entry(sc.d, r, 6), Entry(sc.d, m, 90),
    ])
    values.record_many(ws, sc.set_id, 2026, 2, [Entry(sc.a, t, 100, 100), Entry(sc.b, t, 50, 100)])
