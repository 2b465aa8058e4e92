from dataclasses import dataclass

from desktop.models.dates import PartialDate as D
from desktop.models.resume import generate_resume, resume_text


@dataclass
class S:
    mode: str
    education: str
    degree: str
    school: str
    major: str
    start: D | None
    end: D | None


@dataclass
class W:
    description: str
    start: D | None
    end: D | None


STUDIES = [
    S("全日制", "大学", "经济学学士", "厦门大学", "经济学院国际贸易专业", D(1990, 9), D(1994, 7)),
    S("在职", "研究生", "公共管理硕士", "厦门大学", "公共事务学院公共管理专业", D(2005, 9), D(2008, 7)),
]
WORK = [
    W("海滨市财政局预算科科员", D(1994, 8), D(2003, 6)),
    W("海滨市财政局预算科科长", D(2003, 6), D(2016, 3)),
    W("海滨市财政局副局长", D(2016, 3), None),
]


def test_official_line_format_with_open_end_and_in_service_study():
    assert generate_resume(STUDIES, WORK).splitlines() == [
        "1990.09--1994.07  厦门大学经济学院国际贸易专业学习",
        "1994.08--2003.06  海滨市财政局预算科科员",
        "2003.06--2016.03  海滨市财政局预算科科长",
        "（其间：2005.09--2008.07在厦门大学公共事务学院公共管理专业在职研究生学习，获公共管理硕士学位）",
        "2016.03--         海滨市财政局副局长",
    ]


def test_order_follows_dates_not_input_order():
    lines = generate_resume(list(reversed(STUDIES)), list(reversed(WORK))).splitlines()
    assert lines[0].startswith("1990.09--1994.07")
    assert lines[-1].startswith("2016.03--")


def test_override_wins_when_present():
    assert resume_text("手工简历", STUDIES, WORK) == "手工简历"
    assert resume_text("  ", STUDIES, WORK).startswith("1990.09")


def test_in_service_study_outside_any_work_period_gets_its_own_line():
    lines = generate_resume([S("在职", "大学", "", "中央党校函授学院", "经济管理专业", D(1980, 9), D(1983, 7))], WORK)
    assert lines.splitlines()[0] == "1980.09--1983.07  中央党校函授学院经济管理专业在职学习"


@dataclass
class P:
    unit_name: str
    title: str
    start: D | None
    end: D | None
    is_main: bool = True


def test_a_new_appointment_updates_the_resume_and_closes_the_job_it_ends():
    posts = [P("海滨市财政局", "副局长", D(2016, 3), D(2024, 5)),
             P("海滨市发展和改革委员会", "主任", D(2024, 5), None),
             P("海滨市发展和改革委员会", "党组书记", D(2024, 5), None, is_main=False)]
    lines = generate_resume(STUDIES, WORK, posts).splitlines()
    assert lines[-2:] == [
        "2016.03--2024.05  海滨市财政局副局长",  # the worded line takes the post's end
        "2024.05--         海滨市发展和改革委员会主任、党组书记",
    ]


def test_posts_matching_work_lines_add_nothing_and_undated_posts_are_left_out():
    posts = [P("海滨市财政局", "副局长", D(2016, 3), None), P("海滨市财政局", "调研员", None, None)]
    assert generate_resume(STUDIES, WORK, posts) == generate_resume(STUDIES, WORK)
