"""Validation on plain values (cadre_files.plain_file, what imports and the editor's live check
use) finds exactly what the same file copied onto a new ORM Cadre finds, message for message."""

from desktop.models import Cadre
from desktop.services.cadres.cadre_files import RECORD_KINDS, CadreFile, apply_file, check_file, plain_file

CODES = {"ethnicity": ["汉族", "回族"], "political_status": ["中共党员", "群众"], "education": ["大学", "研究生"],
         "relation": ["妻子", "儿子"], "annual_grade": ["优秀", "称职"]}

FILES = [
    CadreFile(fields={"name": "张三", "sex": "男", "birth": "1980.05", "citizen_id": " 11010519800501001x ",
                      "ethnicity": "汉族", "party_joined": "2001.07", "work_started": "2002.08"},
              records={"posts": [{"unit_name": "海滨市财政局", "title": "局长", "start": "2020.01"}]}),
    # Everything wrong at once: required fields, a bad date, a date before birth, a code outside its
    # table, a period ending before it starts, a post with no unit, a year that is not a number, two
    # results for one year.
    CadreFile(fields={"name": " ", "sex": "未知", "birth": "1990.13", "party_joined": "1985.01",
                      "ethnicity": "火星族", "email": "a@", "mobile": "123"},
              records={"posts": [{"unit_name": "", "title": "科员", "start": "2015.03", "end": "2014.01"},
                                 {"unit_id": "", "unit_name": "某局"}],
                       "studies": [{"education": "博士后", "start": "2010.09", "end": "2008.07"}],
                       "annual_results": [{"year": "二〇二〇", "grade": "优秀"}, {"year": "2021", "grade": "特好"},
                                          {"year": "２０２１", "grade": "称职"}],
                       "family": [{"relation": "表舅", "name": "李四", "birth": "19551"}]}),
    CadreFile(fields={"name": "王五", "sex": "女", "birth": "1975.03.15", "citizen_id": "110105197503160027",
                      "work_started": "1989.01"},
              records={"trainings": [{"start": "2019.05", "end": "2019.04", "hours": "ab"}],
                       "punishments": [{"date": "2018.01", "lifted": "2017.12"}]}),
]


def _orm_problems(file: CadreFile) -> list[tuple[str, str, str]]:
    cadre = Cadre()
    for kind in RECORD_KINDS:
        setattr(cadre, kind, [])
    found = apply_file(cadre, file) + check_file(cadre, CODES)
    return [(p.field, p.message, p.severity) for p in found]


def _plain_problems(file: CadreFile) -> list[tuple[str, str, str]]:
    plain, found = plain_file(file)
    found += check_file(plain, CODES)
    return [(p.field, p.message, p.severity) for p in found]


def test_plain_values_are_validated_as_a_new_orm_cadre_is():
    for file in FILES:
        assert _plain_problems(file) == _orm_problems(file)
    many = _plain_problems(FILES[1])
    messages = [m for _f, m, _s in many]
    assert "姓名：必填" in messages and any("不是数字" in m for m in messages)
    assert len(many) >= 10


def test_plain_values_are_converted_as_apply_file_converts_them():
    plain, problems = plain_file(FILES[0])
    assert problems == []
    assert plain.citizen_id == "11010519800501001X" and plain.birth.dotted() == "1980.05"
    assert plain.posts[0].sort_order == 0 and plain.posts[0].unit_id is None and plain.studies == []
    assert plain.notes is None  # a column not given is None, as on a new ORM object
