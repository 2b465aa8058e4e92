import datetime as dt
from dataclasses import dataclass

from desktop.models.dates import PartialDate as D
from desktop.models.validation import check_cadre, check_period, errors

TODAY = dt.date(2026, 11, 23)


@dataclass
class C:
    name: str = "张三"
    sex: str = "女"
    birth: D | None = D(1949, 12)
    citizen_id: str = "11010519491231002X"
    party_joined: D | None = D(1970, 7)
    work_started: D | None = D(1968, 8)
    email: str = ""
    mobile: str = ""


def messages(c: C) -> list[str]:
    return [p.message for p in check_cadre(c, today=TODAY)]


def test_a_consistent_record_has_no_problems():
    assert messages(C()) == []


def test_required_fields_are_named():
    assert messages(C(name="", sex="", birth=None, citizen_id="", party_joined=None, work_started=None)) == [
        "姓名：必填", "性别：必填", "出生年月：必填"]


def test_id_must_agree_with_birth_and_sex():
    # The ID passes its checksum: what disagrees with it is what the clerk typed beside it.
    problems = check_cadre(C(sex="男", birth=D(1950, 1)), today=TODAY)
    assert [(p.field, p.message) for p in problems] == [
        ("birth", "出生年月：与身份证号不一致（身份证为 1949.12，填写为 1950.01），请核对出生年月"),
        ("sex", "性别：与身份证号不一致（身份证为女，填写为男）")]
    assert [p.field for p in check_cadre(C(birth=D(1949, 12, 30)), today=TODAY)] == ["birth"]


def test_bad_checksum_is_an_error():
    problems = check_cadre(C(citizen_id="110105194912310021"), today=TODAY)
    assert [p.field for p in errors(problems)] == ["citizen_id"]
    assert "校验位错误" in problems[0].message


def test_dates_of_life_in_order():
    msgs = messages(C(party_joined=D(1949, 10), work_started=D(2030, 1)))
    assert "入党时间：早于出生年月 1949.12" in msgs
    assert "参加工作时间：晚于今天" in msgs


def test_young_party_membership_is_a_warning_not_an_error():
    problems = check_cadre(C(party_joined=D(1965, 1)), today=TODAY)
    assert [(p.field, p.severity) for p in problems] == [("party_joined", "warning")]


def test_start_before_end():
    (problem,) = check_period("posts[0].end", "任职第1条", D(2020, 5), D(2019, 1))
    assert problem.message == "任职第1条：结束时间 2019.01 早于开始时间 2020.05"
    assert check_period("x", "y", D(2020, 5), None) == []


def test_contact_formats():
    msgs = messages(C(email="nobody", mobile="123"))
    assert "电子邮箱：格式不正确" in msgs
    assert "手机号码：应为11位手机号码" in msgs


@dataclass
class P:
    unit_name: str = "海滨市财政局"
    unit_id: int | None = None


def test_a_post_names_its_unit():
    from desktop.models.validation import check_posts

    problems = check_posts([P(), P(unit_name="  "), P(unit_name="", unit_id=7)])
    assert [(p.field, p.message, p.severity) for p in problems] == [
        ("posts[1].unit_name", "任职第2条：单位必填", "error")]
