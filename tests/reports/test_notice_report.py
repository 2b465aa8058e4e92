"""The 晾晒 notice: one unit's quarter on exactly one page, whatever it holds."""

import dataclasses
import datetime as dt

from desktop.reports.layout.stamp import Stamp
from desktop.reports.render import render
from tests.reports import scorecard_sample as sample
from tests.reports.pdf_helpers import compact, pages, prose, table_rows

MARK = Stamp("2026-000102", "2026-07-10 09:00", "内部资料", created=dt.datetime(2026, 7, 10, 9, 0))
LONG_NAME = ("海滨市临港经济技术开发区管理委员会（海滨市临港综合保税区管理委员会、"
             "海滨市临港自由贸易试验区片区管理委员会）")


def _body_rows(pdf: bytes) -> list[list[str]]:
    rows = table_rows(pdf)
    start = rows.index(["序号", "指标或目标", "完成情况", "状态"])
    return rows[start + 1:]


def test_a_notice_with_eight_lines_lists_them_all_on_one_page():
    data = sample.notice(8)
    made = render(data, MARK)
    assert made.pages == 1 and len(pages(made.pdf)) == 1
    text = compact(made.pdf)
    assert "关于海滨市应急管理局2026年第2季度重点任务进展情况的晾晒" in text
    body = prose(made.pdf)
    assert "一、综合排名。总分68.05分，在12个单位中排第11名。" in body
    assert "共8项，其中完成2项、部分完成2项、未完成2项、未报2项。" in body
    assert "任务清单目标完成率62.50%。逾期未完成目标3项，尚未解决的问题2个。" in body
    assert _body_rows(made.pdf) == [[str(n + 1), *line] for n, line in enumerate(data.lines)]
    assert "…" not in text
    assert "中共海滨市委组织部" in text and "2026年7月10日" in text


def test_forty_lines_and_a_long_name_stay_on_one_page_with_a_visible_cut():
    data = sample.notice(40, LONG_NAME)
    made = render(data, MARK)
    assert made.pages == 1 and len(pages(made.pdf)) == 1
    rows = _body_rows(made.pdf)
    listed, last = rows[:-1], rows[-1]
    assert last[0] == "…" and last[2:] == ["…", "…"]
    assert last[1].startswith(f"另有{40 - len(listed)}项未列出")
    assert len(listed) >= 5
    # What is left out is completed first: every listed line is one not yet done.
    assert all(r[3] != "完成" for r in listed)
    numbers = [int(r[0]) for r in listed]
    assert numbers == sorted(numbers)
    assert f"表中列出{len(listed)}项，未完成和未报的优先列出。" in prose(made.pdf)
    assert "共40项，其中完成10项、部分完成10项、未完成10项、未报10项。" in prose(made.pdf)
    assert "2026年第2季度重点任务进展情况的晾晒" in compact(made.pdf)


def test_an_absurdly_long_name_is_cut_with_an_ellipsis_never_a_second_page():
    data = sample.notice(40, "海滨市" + "临港经济技术开发区管理委员会" * 20)
    made = render(data, MARK)
    assert made.pages == 1 and len(pages(made.pdf)) == 1
    text = compact(made.pdf)
    assert "海滨市临港经济技术开发区" in text and "…" in text


def test_no_lines_and_no_targets_are_said():
    data = dataclasses.replace(sample.notice(0), completion_rate=None, overdue=0, problems_open=0)
    made = render(data, MARK)
    assert made.pages == 1
    body = prose(made.pdf)
    assert "本季度没有需要晾晒的指标。" in body
    assert "本单位任务清单暂无目标。逾期未完成目标0项，尚未解决的问题0个。" in body


def test_the_notice_is_listed_for_a_unit_of_a_quarter():
    from desktop.reports import catalog

    kind = catalog.KINDS["notice"]
    assert kind.scopes == (catalog.QUARTER, catalog.UNIT) and kind.formats == ("pdf",) and kind.available
    assert "notice           晾晒通报" in catalog.describe()
    assert catalog.KINDS["scorecard"].formats == ("pdf", "docx") and catalog.KINDS["scorecard"].available


def test_notices_of_several_units_merge_into_one_pdf_of_one_page_each():
    from desktop.reports.render import render_merged

    made = render_merged([(sample.notice(8), MARK), (sample.notice(40, LONG_NAME), MARK)])
    assert made.pages == 2
    read = pages(made.pdf)
    assert "海滨市应急管理局" in "".join(read[0].text.split()) and "海滨市临港" in "".join(read[1].text.split())
