import pytest
from sqlalchemy import select

from desktop.errors import NotFound
from desktop.models import AuditEntry
from desktop.models.dates import PartialDate
from desktop.models.validation import ValidationFailed
from desktop.services.cadres import cadre_files
from desktop.services.cadres.cadre_files import CadreFile
from desktop.services.workspace import Workspace

ZHANG = CadreFile(
    fields={"name": "张三", "sex": "女", "birth": "1949.12", "citizen_id": "11010519491231002x",
            "ethnicity": "汉族", "political_status": "中共党员", "party_joined": "1975.06"},
    records={
        "posts": [{"title": "局长", "unit_name": "海滨市财政局", "leadership_level": "县处级", "grade": "正",
                   "rank": "一级调研员", "start": "2008.03"}],
        "family": [{"relation": "丈夫", "name": "李四", "birth": "1948.05", "political_status": "群众"}],
        "work_records": [{"start": "1970.08", "end": "2008.03", "description": "海滨市财政局科员"},
                         {"start": "2008.03", "description": "海滨市财政局局长"}],
    },
    tags=["优秀年轻干部"],
)


def test_create_and_load_a_complete_file(ws: Workspace):
    cid = cadre_files.save(ws, ZHANG)
    with ws.read("test.inspect") as s:
        c = cadre_files.load(s, cid)
        assert (c.name, c.citizen_id, c.birth) == ("张三", "11010519491231002X", PartialDate(1949, 12))
        assert (c.name_pinyin, c.name_initials) == ("zhang'san zhangsan", "zs")  # the sort key, then the search keys
        assert [p.title for p in c.posts] == ["局长"]
        assert [f.name for f in c.family] == ["李四"]
        assert [t.name for t in c.tags] == ["优秀年轻干部"]


def test_every_error_is_reported_at_once_with_field_names(ws: Workspace):
    bad = CadreFile(fields={"name": "王五", "sex": "男", "birth": "1980.13", "citizen_id": "110105194912310021"},
                    records={"posts": [{"title": "科长", "start": "2010.05", "end": "2009.01"}]})
    with pytest.raises(ValidationFailed) as caught:
        cadre_files.save(ws, bad)
    fields = [p.field for p in caught.value.problems]
    assert "birth" in fields and "citizen_id" in fields and "posts[0].end" in fields
    assert "posts[0].unit_name" in fields  # a post with a title and a start but no unit


def test_a_post_without_unit_is_refused(ws: Workspace):
    file = CadreFile(fields=dict(ZHANG.fields), records={"posts": [{"title": "局长", "start": "2008.03"}]})
    with pytest.raises(ValidationFailed, match="任职第1条：单位必填"):
        cadre_files.save(ws, file)


def test_records_are_updated_by_id_and_removed_when_missing(ws: Workspace):
    cid = cadre_files.save(ws, ZHANG)
    with ws.read("test.inspect") as s:
        post_id = cadre_files.load(s, cid).posts[0].id
    cadre_files.save(ws, CadreFile(records={"posts": [{"id": post_id, "title": "党组书记、局长"}],
                                            "family": []}), cid)
    with ws.read("test.inspect") as s:
        c = cadre_files.load(s, cid)
        assert [(p.id, p.title, p.start) for p in c.posts] == [(post_id, "党组书记、局长", PartialDate(2008, 3))]
        assert c.family == []


def test_codes_outside_the_tables_are_warnings(ws: Workspace):
    with ws.read("test.inspect") as s:
        problems = cadre_files.validate(s, CadreFile(fields={"name": "赵六", "sex": "男", "birth": "1980.01",
                                                            "ethnicity": "汉"}))
    assert [(p.field, p.severity) for p in problems] == [("ethnicity", "warning")]


def test_duplicates_by_id_number_or_name_and_birth_month(ws: Workspace):
    cid = cadre_files.save(ws, ZHANG)
    with ws.read("test.inspect") as s:
        by_id = cadre_files.find_duplicates(s, "别名", None, "11010519491231002X")
        by_name = cadre_files.find_duplicates(s, "张三", PartialDate(1949, 12, 5), "")
        self_excluded = cadre_files.find_duplicates(s, "张三", PartialDate(1949, 12), "", exclude_id=cid)
    assert [d.cadre_id for d in by_id] == [cid] and "身份证号相同" in by_id[0].reason
    assert [d.cadre_id for d in by_name] == [cid]
    assert self_excluded == []


def test_delete_keeps_the_audit_trail(ws: Workspace):
    cid = cadre_files.save(ws, ZHANG)
    cadre_files.delete(ws, cid)
    with ws.read("test.inspect") as s:
        with pytest.raises(NotFound):
            cadre_files.load(s, cid)
        deleted = list(s.scalars(select(AuditEntry).where(AuditEntry.cadre_id == cid,
                                                          AuditEntry.action == "cadre.delete")))
    assert {e.entity for e in deleted} >= {"cadre", "post", "family_member", "work_record"}
    cadre_row = next(e for e in deleted if e.entity == "cadre")
    assert cadre_row.before["name"] == "张三" and cadre_row.after is None


def test_history_names_fields_in_chinese_and_hides_internal_ids(ws: Workspace):
    from desktop.models import AuditEntry
    from desktop.services.cadres import history
    from desktop.services.units import units

    unit = units.create(ws, "海滨市财政局", None)
    cid = cadre_files.save(ws, cadre_files.CadreFile(
        fields={"name": "张三", "sex": "男", "birth": "1980.01"},
        records={"posts": [{"unit_id": unit, "unit_name": "海滨市财政局", "title": "科员", "start": "2010.01"}]}))
    with ws.read("test.inspect") as s:
        added = next(e for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "post")))
        text = history.describe(added)
    assert "单位 海滨市财政局" in text and "unit_id" not in text and "cadre_id" not in text
    assert cid


def test_a_result_removed_and_typed_again_in_one_save(ws: Workspace):
    """The same year's 年度考核结果 deleted and entered anew: saved, not an internal error."""
    file = CadreFile(fields=dict(ZHANG.fields), records={**ZHANG.records,
                                                           "annual_results": [{"year": 2023, "grade": "称职"}]})
    cid = cadre_files.save(ws, file)
    cadre_files.save(ws, CadreFile(records={"annual_results": [{"year": 2023, "grade": "优秀"}]}), cid)
    with ws.read("test.inspect") as s:
        assert [(r.year, r.grade) for r in cadre_files.load(s, cid).annual_results] == [(2023, "优秀")]


def test_checking_a_file_reads_no_pinyin_but_saving_it_stores_the_keys(ws: Workspace, monkeypatch: pytest.MonkeyPatch):
    # Opening a cadre file checks it; that must not load pypinyin's dictionaries (~55 MiB,
    # issue 17 P6), since no check reads the keys. Saving still stores them.
    real = cadre_files.stored_keys

    def refused(name: str) -> tuple[str, str]:
        raise AssertionError(f"pinyin computed for {name} while only checking")

    monkeypatch.setattr(cadre_files, "stored_keys", refused)
    with ws.read("test.inspect") as s:
        problems = cadre_files.validate(s, ZHANG)
    assert [p for p in problems if p.severity == "error"] == []
    monkeypatch.setattr(cadre_files, "stored_keys", real)
    cid = cadre_files.save(ws, ZHANG)
    with ws.read("test.inspect") as s:
        cadre = cadre_files.load(s, cid)
        assert (cadre.name_initials, cadre.name_pinyin.split()[-1]) == ("zs", "zhangsan")
