import datetime as dt

import pytest

from desktop.models import idcard

PUBLISHED = "11010519491231002X"


def test_published_example_is_valid():
    cid = idcard.parse(PUBLISHED)
    assert cid.birth == dt.date(1949, 12, 31)
    assert cid.sex == "女"
    assert cid.area == "110105"


def test_lowercase_x_spaces_and_fullwidth_digits_are_accepted():
    assert idcard.parse(" 11010519491231002x ").number == PUBLISHED
    assert idcard.parse("１１０１０５１９４９１２３１００２Ｘ").number == PUBLISHED


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("110105194912310021", "校验位错误（应为X）"),
        ("11010519491231002", "应为18位，现为17位"),
        ("110105194902300028", "出生日期 19490230 不存在"),
        ("110105491231002", "15位旧身份证号"),
        ("1101051949123100AX", "前17位应为数字"),
        ("", "身份证号为空"),
    ],
)
def test_invalid_variants_say_what_is_wrong(number, message):
    with pytest.raises(idcard.CitizenIdError, match=message):
        idcard.parse(number)


def test_future_birth_date_is_refused():
    with pytest.raises(idcard.CitizenIdError, match="不合理"):
        idcard.parse(idcard.make("110105", dt.date(2030, 1, 1), 1, "男"), today=dt.date(2026, 1, 1))


def test_every_single_digit_typo_is_caught():
    for i in range(17):
        for digit in "0123456789":
            if digit == PUBLISHED[i]:
                continue
            typo = PUBLISHED[:i] + digit + PUBLISHED[i + 1:]
            with pytest.raises(idcard.CitizenIdError):
                idcard.parse(typo)


@pytest.mark.parametrize("sex", ["男", "女"])
def test_make_builds_valid_numbers_with_matching_sex(sex):
    for seq in range(0, 1000, 37):
        number = idcard.make("350203", dt.date(1980, 2, 29), seq, sex)
        assert idcard.parse(number).sex == sex
