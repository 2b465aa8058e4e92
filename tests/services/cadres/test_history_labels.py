"""The cadre file's change history names every field in Chinese, never by its column."""

from __future__ import annotations

import re

import pytest

from desktop.models.base import Base
from desktop.models.field_labels import field_label
from desktop.services.cadres.history import ENTITIES, HIDDEN

TABLES = {m.class_.__tablename__: m for m in Base.registry.mappers}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("entity", sorted(e for e in ENTITIES if e in TABLES))
def test_every_field_the_history_can_show_has_a_chinese_name(entity: str):
    shown = [c.key for c in TABLES[entity].columns if c.key not in HIDDEN]
    unnamed = [key for key in shown if not CHINESE.search(field_label(entity, key))]
    assert not unnamed, f"{entity}: {unnamed}"


def test_a_column_means_what_its_record_says():
    assert field_label("annual_result", "grade") == "考核等次"
    assert field_label("post", "grade") == "正副职"
