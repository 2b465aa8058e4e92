import datetime as dt

import pytest

from desktop.models.dates import PartialDate
from desktop.services.cadres import cadre_files, roster, saved_filters
from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.cadres.roster import RosterFilter, matching_ids, rows_for
from desktop.services.cadres.roster_columns import COLUMNS, parse_keys
from desktop.services.units import units
from desktop.services.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def small(ws: Workspace) -> dict[str, int]:
    """A finance bureau with a budget section, and four cadres in and around it."""
    bureau = units.create(ws, "市财政局", None, "政府部门")
    section = units.create(ws, "预算科", bureau, "科室")
    other = units.create(ws, "市教育局", None, "政府部门")

    def cadre(name: str, sex: str, birth: str, unit: int, level: str, grade: str, rank: str, education: str,
              tags: list[str]) -> int:
        return cadre_files.save(ws, CadreFile(
            fields={"name": name, "sex": sex, "birth": birth, "political_status": "中共党员"},
            records={"posts": [{"unit_id": unit, "unit_name": "x", "title": "t", "leadership_level": level,
                                "grade": grade, "rank": rank, "start": "2020.01"}],
                     "studies": [{"mode": "全日制", "education": education, "school": "厦门大学"}]},
            tags=tags))

    return {
        "bureau": bureau, "section": section, "other": other,
        "zhang": cadre("张三", "男", "1970.05", bureau, "县处级", "正", "一级调研员", "研究生", []),
        "li": cadre("李四", "女", "1996.01", section, "", "", "一级科员", "大学本科", ["优秀年轻干部"]),
        "wang": cadre("王五", "女", "1988.12", section, "乡科级", "副", "三级主任科员", "大专", ["选调生"]),
        "zhao": cadre("赵六", "男", "1960.03", other, "县处级", "副", "二级调研员", "大学", []),
    }


def names(ws: Workspace, flt: RosterFilter, **kw) -> list[str]:
    with ws.read("test.inspect") as s:
        return [r.name for r in rows_for(s, matching_ids(s, flt, today=TODAY, **kw), today=TODAY)]


def test_unit_filter_includes_sub_units_unless_asked_not_to(ws, small):
    assert names(ws, RosterFilter(unit_ids=(small["bureau"],))) == ["李四", "王五", "张三"]
    assert names(ws, RosterFilter(unit_ids=(small["bureau"],), include_subunits=False)) == ["张三"]


def test_facets_combine(ws, small):
    assert names(ws, RosterFilter(sexes=("女",))) == ["李四", "王五"]
    assert names(ws, RosterFilter(sexes=("女",), tags=("选调生",))) == ["王五"]
    assert names(ws, RosterFilter(levels=("县处级正职", "县处级副职"))) == ["张三", "赵六"]
    assert names(ws, RosterFilter(levels=("非领导职务",))) == ["李四"]
    assert names(ws, RosterFilter(ranks=("三级主任科员",))) == ["王五"]
    assert names(ws, RosterFilter(educations=("研究生", "大专"))) == ["王五", "张三"]


def test_age_bands_at_month_precision(ws, small):
    # On 2026-11-23: 李四 (1996.01) is 30, 王五 (1988.12) is 37, 张三 56, 赵六 66.
    assert names(ws, RosterFilter(age_bands=("30岁及以下",))) == ["李四"]
    assert names(ws, RosterFilter(age_bands=("36—40岁",))) == ["王五"]
    assert names(ws, RosterFilter(age_bands=("56岁及以上",))) == ["张三", "赵六"]


def test_sorting_by_any_column(ws, small):
    assert names(ws, RosterFilter(), order="birth") == ["赵六", "张三", "王五", "李四"]
    assert names(ws, RosterFilter(), order="age") == ["李四", "王五", "张三", "赵六"]
    assert names(ws, RosterFilter(), order="rank") == ["张三", "赵六", "王五", "李四"]
    assert names(ws, RosterFilter(), order="rank", descending=True) == ["李四", "王五", "赵六", "张三"]
    for col in COLUMNS:
        with ws.read("test.inspect") as s:
            assert len(matching_ids(s, RosterFilter(), order=col.key)) == 4


def test_rows_have_every_column(ws, small):
    with ws.read("test.inspect") as s:
        (row,) = rows_for(s, [small["wang"]], today=TODAY)
    assert set(row.values) == {c.key for c in COLUMNS}
    assert (row.age, row.level, row.education, row.tags) == (37, "乡科级副职", "大专", "选调生")
    assert row.birth == PartialDate(1988, 12) and row.text("birth") == "1988.12"


def test_column_keys_from_text():
    assert parse_keys("name,出生年月， unit") == ["name", "birth", "unit"]
    with pytest.raises(ValueError, match="没有名为 nope 的列"):
        parse_keys("nope")


def test_saved_filters_round_trip(ws, small):
    flt = RosterFilter(sexes=("女",), unit_ids=(small["bureau"],), age_bands=("30岁及以下",))
    saved_filters.save(ws, "年轻女干部", flt)
    with ws.read("test.inspect") as s:
        assert saved_filters.by_name(s, "年轻女干部") == flt
        (saved,) = saved_filters.all_saved(s)
    assert saved.owner == "admin"
    assert "性别：女" in flt.describe()
    saved_filters.delete(ws, saved.id)
    with ws.read("test.inspect") as s:
        assert saved_filters.all_saved(s) == []


def test_roster_total(ws, small):
    with ws.read("test.inspect") as s:
        assert roster.count_all(s) == 4


@pytest.mark.parametrize(("query", "found"), [
    ("王l", ["王丽", "王丽华", "王磊"]),
    ("王 L", ["王丽", "王丽华", "王磊"]),  # as typed, with a space and Caps Lock
    ("王li", ["王丽", "王丽华"]),
    ("王lh", ["王丽华"]),
    ("王lihua", ["王丽华"]),
    ("w丽", ["王丽", "王丽华"]),
    ("曾g", ["曾国藩"]),  # surname reading zeng, dictionary reading ceng
    ("wang l", ["汪磊", "王丽", "王丽华", "王磊"]),  # pinyin alone still ignores the characters
])
def test_characters_and_pinyin_in_one_query(ws: Workspace, query: str, found: list[str]):
    for name in ("王磊", "王丽", "王丽华", "汪磊", "吴磊", "王海林", "曾国藩"):
        cadre_files.save(ws, CadreFile(fields={"name": name, "sex": "男", "birth": "1980.01"}))
    assert sorted(names(ws, RosterFilter(text=query))) == sorted(found)


@pytest.mark.file_only
def test_a_mixed_query_is_answered_from_the_search_index(ws: Workspace):
    from sqlalchemy import select

    from desktop.models import Cadre

    with ws.read("test.inspect") as s:
        stmt = select(Cadre.id).where(roster.text_clause("王l"))
        sql = str(stmt.compile(compile_kwargs={"literal_binds": True}))
        plan = " ".join(str(row[-1]) for row in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert "COVERING INDEX ix_cadre_search" in plan, plan
