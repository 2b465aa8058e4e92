import datetime as dt

from sqlalchemy import text

from desktop.services.cadres import cadre_files, quality, statistics
from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.cadres.roster import RosterFilter
from desktop.services.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


def test_statistics_count_and_percent(ws: Workspace):
    people = (("甲", "男", "1990.01", "汉族", "大学"), ("乙", "女", "1980.01", "回族", "研究生"),
              ("丙", "女", "1970.01", "汉族", ""), ("丁", "男", "1995.06", "汉族", "大专"))
    for name, sex, birth, eth, edu in people:
        studies = [{"education": edu, "mode": "全日制"}] if edu else []
        cadre_files.save(ws, CadreFile(fields={"name": name, "sex": sex, "birth": birth, "ethnicity": eth},
                                       records={"studies": studies}))
    with ws.read("test.inspect") as s:
        st = statistics.compute(s, RosterFilter(), TODAY)
    assert st.total == 4
    assert st.average_age == (36 + 46 + 56 + 31) / 4
    sex = st.dimension("sex")
    assert sex.counts == [("男", 2), ("女", 2)] and sex.percent(2) == 50.0
    assert st.dimension("ethnic_summary").counts == [("汉族", 3), ("少数民族", 1)]
    assert st.dimension("education").counts == [("研究生", 1), ("大学", 1), ("大专", 1), ("未填写", 1)]
    assert st.dimension("age").counts == [("31—35岁", 1), ("36—40岁", 1), ("46—50岁", 1), ("56岁及以上", 1)]
    assert st.dimension("level").counts == [("非领导职务", 4)]
    with ws.read("test.inspect") as s:
        women = statistics.compute(s, RosterFilter(sexes=("女",)), TODAY)
    assert women.total == 2


def test_quality_finds_each_kind_of_problem(ws: Workspace):
    good = {"name": "甲", "sex": "女", "birth": "1949.12", "citizen_id": "11010519491231002X", "ethnicity": "汉族",
            "native_place": "福建厦门", "birthplace": "福建厦门", "political_status": "中共党员",
            "work_started": "1970.08", "health": "健康"}
    post = {"unit_name": "海滨市财政局", "start": "2010.01"}
    a = cadre_files.save(ws, CadreFile(fields=good, records={"posts": [{**post, "title": "局长"}],
                                                             "studies": [{"education": "大学"}]}))
    b = cadre_files.save(ws, CadreFile(fields={**good, "name": "乙"},
                                       records={"posts": [{**post, "title": "科长"}]}))
    with ws.db.write_session() as s:  # a date-order problem as old imported data may hold
        s.execute(text("UPDATE post SET \"end\" = '200001' WHERE cadre_id = :c"), {"c": b})
        s.execute(text("UPDATE post SET unit_name = ' ' WHERE cadre_id = :c"), {"c": b})  # and no unit
        s.commit()
    with ws.read("test.inspect") as s:
        issues = quality.scan(s, today=TODAY)
    found = {(i.cadre_id, i.category, i.field) for i in issues}
    assert (a, "疑似重复", "citizen_id") in found and (b, "疑似重复", "citizen_id") in found
    assert (b, "日期问题", "posts[0].end") in found
    assert (b, "缺少必填项", "posts[0].unit_name") in found
    assert (b, "缺少任职或学历", "studies") in found
    assert not any(i.cadre_id == a and i.category in ("缺少必填项", "日期问题") for i in issues)


def test_statistics_export_reads_back(ws: Workspace, tmp_path):
    from openpyxl import load_workbook

    from desktop.services.exchange import statistics_export

    for name, sex in (("甲", "男"), ("乙", "女"), ("丙", "女")):
        cadre_files.save(ws, CadreFile(fields={"name": name, "sex": sex, "birth": "1980.01"}))
    out = tmp_path / "统计.xlsx"
    statistics_export.export(ws, out, RosterFilter())
    rows = [[c for c in r] for r in load_workbook(out).active.iter_rows(values_only=True)]
    assert ["性别", "女", 2, 66.7] in [list(r[:4]) for r in rows]
    assert ["性别", "合计", 3, 100] in [list(r[:4]) for r in rows]
