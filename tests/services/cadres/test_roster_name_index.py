"""Filtering the roster in memory finds exactly what SQL finds, in the same order: by initials,
full pinyin (a surname read as a surname too), characters anywhere in the name; the account's
scope holds; characters mixed with letters are left to SQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.models import Cadre
from desktop.services.cadres import queries
from desktop.services.cadres.roster import matching_ids
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.workspace import Workspace
from tests.services.assessment_helpers import cadre

NAMES = ["曾国藩", "程安", "单小平", "陈志", "邓华", "陈", "张三", "赵张生", "王丽", "汪磊", "欧阳修"]


def _sql(ws: Workspace, text: str) -> list[int]:
    return list(queries.roster_ids(ws, RosterFilter(text=text)).ids)


@pytest.mark.parametrize("text", ["", "z", "zs", "zhang", "zhangs", "zeng", "ceng", "zgf", "shan", "chen", "ch",
                                  "cheng", "陈", "张", "国藩", "ZS", "李", "oy", "ouyang", "x", "q z", "%",
                                  "_", "'", "chen'zhi", "nobody"])
def test_the_same_cadres_in_the_same_order_as_sql(ws: Workspace, text: str):
    for name in NAMES:
        cadre(ws, name)
    names = queries.roster_names(ws)
    found = names.matching_ids(text)
    assert found is not None
    assert list(found) == _sql(ws, text)


def test_the_demo_roster_agrees_with_sql(demo_ws: Workspace):
    names = queries.roster_names(demo_ws)
    with demo_ws.read("test.inspect") as s:
        assert list(names.ids) == matching_ids(s, RosterFilter())
        sample = [n for n, in s.execute(select(Cadre.name).limit(30))]
    for name in sample:
        for text in (name[:1], name, name[1:]):
            assert list(names.matching_ids(text) or []) == _sql(demo_ws, text), text


def test_characters_mixed_with_letters_are_left_to_sql(ws: Workspace):
    cadre(ws, "王丽")
    assert queries.roster_names(ws).matching_ids("王l") is None


def test_a_repeated_query_is_answered_again_alike(ws: Workspace):
    for name in NAMES:
        cadre(ws, name)
    names = queries.roster_names(ws)
    first = list(names.matching_ids("z") or [])
    names.matching_ids("zh")
    assert list(names.matching_ids("z") or []) == first == _sql(ws, "z")
