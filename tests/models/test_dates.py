import datetime as dt

import pytest

from desktop.models.dates import DateFormatError, PartialDate


@pytest.mark.parametrize("text", ["1975.03", "197503", "1975-03", "1975年3月", "1975.3", "1975/03", " 1975.03 ",
                                  "１９７５．０３"])
def test_the_ways_clerks_type_a_month(text):
    assert PartialDate.parse(text) == PartialDate(1975, 3)


@pytest.mark.parametrize("text", ["19750315", "1975.03.15", "1975-03-15", "1975年3月15日"])
def test_full_dates(text):
    assert PartialDate.parse(text) == PartialDate(1975, 3, 15)


@pytest.mark.parametrize(("text", "message"), [
    ("1975.13", "月份 13 无效"),
    ("1975", "无法识别"),
    ("abc", "无法识别"),
    ("1975.02.30", "没有30日"),
    ("1850.01", "超出范围"),
    ("", "日期为空"),
])
def test_bad_dates_are_explained(text, message):
    with pytest.raises(DateFormatError, match=message):
        PartialDate.parse(text)


def test_formats_and_round_trip():
    d = PartialDate(1990, 9)
    assert d.dotted() == "1990.09"
    assert d.storage() == "199009"
    assert PartialDate.from_storage("19900901") == PartialDate(1990, 9, 1)
    assert PartialDate.from_storage(d.storage()) == d


def test_order_and_age():
    assert PartialDate(1990, 9) < PartialDate(1990, 9, 1) < PartialDate(1990, 10)
    assert PartialDate(1975, 3).age_on(dt.date(2026, 2, 28)) == 50
    assert PartialDate(1975, 3).age_on(dt.date(2026, 3, 1)) == 51
    assert PartialDate.parse_optional("  ") is None
