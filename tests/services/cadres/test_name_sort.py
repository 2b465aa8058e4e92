"""The roster sorts names as a clerk reads them: syllable by syllable (陈 chen before 程 cheng),
a surname read as a surname (单 shan, 曾 zeng); searching by pinyin and initials is unchanged;
databases from before are given the new keys when they open."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models import Cadre
from desktop.models.search_keys import sort_key, stored_keys
from desktop.services.cadres import queries
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.workspace import Workspace
from tests.conftest import SAMPLE_PASSWORD as PASSWORD
from tests.conftest import copy_sample
from tests.services.assessment_helpers import cadre

NAMES = ["曾国藩", "程安", "单小平", "陈志", "邓华", "陈"]


@pytest.mark.parametrize(("name", "key"), [("陈志", "chen'zhi"), ("程安", "cheng'an"), ("单小平", "shan'xiao'ping"),
                                           ("曾国藩", "zeng'guo'fan"), ("长孙无忌", "zhangsun'wu'ji"), ("陈", "chen")])
def test_the_sort_key(name: str, key: str):
    assert sort_key(name) == key
    assert stored_keys(name)[0].split()[0] == key


def _names(ws: Workspace, text: str = "", descending: bool = False) -> list[str]:
    found = queries.roster_ids(ws, RosterFilter(text=text), descending=descending)
    return [r.name for r in queries.roster_rows(ws, found.ids)]


def test_the_roster_order_and_search(ws: Workspace):
    for name in NAMES:
        cadre(ws, name)
    assert _names(ws) == ["陈", "陈志", "程安", "邓华", "单小平", "曾国藩"]
    assert _names(ws, descending=True) == ["曾国藩", "单小平", "邓华", "程安", "陈志", "陈"]
    assert _names(ws, "shan") == ["单小平"] and _names(ws, "dxp") == ["单小平"] and _names(ws, "sxp") == ["单小平"]
    assert _names(ws, "chengan") == ["程安"] and _names(ws, "zgf") == ["曾国藩"]
    assert _names(ws, "chenzhi") == ["陈志"]


def test_an_older_database_gets_the_sort_keys_when_it_opens(tmp_path: Path):
    db = copy_sample("schema-0006.db", tmp_path)
    ws = Workspace.open(db, "admin", PASSWORD)
    try:
        with ws.read("test.inspect") as s:
            rows = s.execute(select(Cadre.name, Cadre.name_pinyin, Cadre.name_initials)).all()
        assert rows and all((p, i) == stored_keys(n) for n, p, i in rows)
        assert _names(ws) == sorted(_names(ws), key=sort_key)
    finally:
        ws.close()
