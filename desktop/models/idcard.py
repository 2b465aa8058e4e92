"""Citizen identity numbers (GB 11643): checksum, birth date and sex.

The 18th character is a check over the first 17 digits, so most typing errors are caught
before a record is saved; the birth date and sex it encodes are cross-checked against the
cadre's record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


class CitizenIdError(ValueError):
    """Raised with a Chinese message that says what is wrong with the number."""


@dataclass(frozen=True, slots=True)
class CitizenId:
    number: str
    area: str
    birth: dt.date
    sex: str  # 男 or 女, as stored in the cadre record

    @property
    def sex_code(self) -> str:
        return "1" if self.sex == "男" else "2"


def normalize(text: str) -> str:
    """Strip spaces, turn full-width digits and a lower-case x into the canonical form."""
    return "".join((text or "").split()).translate(_FULLWIDTH).upper()


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def parse(text: str, *, today: dt.date | None = None) -> CitizenId:
    """Validate an 18-character citizen ID and return what it encodes."""
    number = normalize(text)
    if not number:
        raise CitizenIdError("身份证号为空")
    if len(number) == 15 and number.isdigit():
        raise CitizenIdError("这是15位旧身份证号，请填写18位身份证号")
    if len(number) != 18:
        raise CitizenIdError(f"身份证号应为18位，现为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise CitizenIdError("身份证号前17位应为数字，最后一位为数字或X")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise CitizenIdError(f"身份证号中的出生日期 {number[6:14]} 不存在") from None
    today = today or dt.date.today()
    if birth.year < 1900 or birth > today:
        raise CitizenIdError(f"身份证号中的出生日期 {number[6:14]} 不合理")
    expected = check_character(number[:17])
    if number[17] != expected:
        raise CitizenIdError(f"身份证号校验位错误（应为{expected}），请核对是否有输错的数字")
    sex = "男" if int(number[16]) % 2 == 1 else "女"
    return CitizenId(number=number, area=number[:6], birth=birth, sex=sex)


def make(area: str, birth: dt.date, sequence: int, sex: str) -> str:
    """Build a valid number (for synthetic data): the sequence's last digit follows the sex."""
    seq = sequence % 1000
    odd = sex == "男"
    if (seq % 2 == 1) != odd:
        seq = seq + 1 if seq < 999 else seq - 1
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)
