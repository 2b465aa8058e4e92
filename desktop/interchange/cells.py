"""Reading what clerks put in cells: text with stray spaces and full-width digits, dates
typed as text or stored as Excel dates and serials, ID numbers stored as numbers.

Every conversion either returns a clean value or raises CellError with the reason in
Chinese, which the preview shows beside the row, column and original value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from desktop.models.dates import MAX_YEAR, MIN_YEAR, DateFormatError, PartialDate

# Full-width digits, Latin letters and the punctuation that appears in dates and numbers.
# Chinese punctuation (，（）) is left alone: it belongs in Chinese text.
_HALF: dict[int, int | None] = {0xFF10 + i: 0x30 + i for i in range(10)}
_HALF.update({0xFF21 + i: 0x41 + i for i in range(26)})
_HALF.update({0xFF41 + i: 0x61 + i for i in range(26)})
_HALF.update({0xFF0E: ord("."), 0xFF0D: ord("-"), 0xFF0F: ord("/"), 0xFF20: ord("@"),
              0x3000: ord(" "), 0x00A0: ord(" "), 0x200B: None, 0xFEFF: None})
_SPACES = re.compile(r"\s+")
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")
# Excel's day 1 is 1900-01-01, with the fictitious 1900-02-29 (serial 60) counted.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 1, 73415  # up to 2100-12-31
_DECIMALS = re.compile(r"0\.(0+)")


class CellError(ValueError):
    """A cell whose value cannot be what its column asks for; the message is for the clerk."""


def halfwidth(text: str) -> str:
    return text.translate(_HALF)


def clean_text(value: Any) -> str:
    """Text as a clerk meant it: trimmed, one space at most, none between Chinese characters."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = halfwidth(str(value))
    text = _SPACES.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def compact(value: Any) -> str:
    """Text with every space removed: names (张　三), codes, numbers."""
    return "".join(clean_text(value).split())


def shown_number(value: float | int, number_format: str = "General") -> str:
    """The number as Excel displays it: 1975.1 in a 0.00 column reads 1975.10 (October)."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and "." not in number_format):
        return str(int(value))
    m = _DECIMALS.search(number_format or "")
    if m:
        return f"{value:.{len(m[1])}f}"
    return repr(float(value))


def _format_keeps_day(number_format: str) -> bool:
    # Literal text in quotes and escaped characters do not count ("d" inside "yyyy年m月").
    bare = re.sub(r'"[^"]*"|\\.', "", number_format or "").lower()
    return "d" in bare


def to_date(value: Any, number_format: str = "General") -> PartialDate | None:
    """A partial date from a cell: Excel date, serial, 197503, 1975.03, 1975年3月 …

    Excel dates keep the day only when the column shows days: a clerk who typed 1975-3 got
    1975-03-01 shown as Mar-75 and meant a month, not the first of it.
    """
    return read_date(value, number_format)[0]


def read_date(value: Any, number_format: str = "General") -> tuple[PartialDate | None, str]:
    """`to_date` and, when the cell could mean two months, which reading was taken (else "")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        date = PartialDate.from_date(value)
        return (date if _format_keeps_day(number_format) else date.month_only()), ""
    if isinstance(value, bool):
        raise CellError("不是日期")
    if isinstance(value, float) and not value.is_integer():
        return _year_month(value)
    if isinstance(value, (int, float)):
        n = int(value)
        text = str(n)
        if MIN_YEAR <= n <= MAX_YEAR:
            raise CellError(f"只有年份 {n}，缺少月份：请写作 {n}.01 这样的年月")
        if len(text) not in (6, 8) and _SERIAL_MIN <= n <= _SERIAL_MAX:
            day = _EXCEL_EPOCH + dt.timedelta(days=n)
            return PartialDate.from_date(day).month_only(), ""
        value = text
    text = compact(value)
    try:
        return PartialDate.parse(text), ""
    except DateFormatError as exc:
        raise CellError(str(exc)) from None


def _year_month(value: float) -> tuple[PartialDate, str]:
    """A year.month typed as a number, read the way the clerk typed it.

    Excel, WPS and LibreOffice keep 2008.10 as the number 2008.1, so the digits after the
    point are the stored number's shortest form (2008.1, 2008.01, 2008.12), whatever the
    column shows. One digit is a month of two digits that lost its 0 (2008.1 → 2008.10) or,
    when that cannot be a month, the month itself (2008.2 → 2008.02); 2008.1 alone could also
    have been typed as January, so the reading taken is reported.
    """
    shown = repr(value)
    year_text, _point, digits = shown.partition(".")
    if not (year_text.isdigit() and len(year_text) == 4 and digits.isdigit()):
        raise CellError(f"{shown} 不是年月，请写作 1975.03 这样的年月")
    year = int(year_text)
    if len(digits) > 2:
        raise CellError(f"{shown} 不是年月：小数点后是月份，只能有两位（如 {year}.03）")
    month = int(digits) if len(digits) == 2 else (10 * int(digits) if digits == "1" else int(digits))
    try:
        date = PartialDate(year, month)
    except DateFormatError as exc:
        raise CellError(f"{shown} 不是年月：{exc}") from None
    note = ""
    if digits == "1":
        note = (f"单元格中的数字 {shown} 按 {date.dotted()} 读取（填 {year}.10 的数字会被表格程序存成 {shown}）；"
                f"如指 {year}年1月，请改填为文本“{year}.01”")
    return date, note


def to_citizen_id(value: Any, number_format: str = "General") -> str:
    """The ID number as text. A number Excel kept as a double has lost its last digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError("不是身份证号")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            value = int(value)
        else:
            raise CellError("身份证号被存成了数字，末几位已丢失（Excel 只保留15位有效数字）："
                            "请把该列设为“文本”格式后重新录入")
    if isinstance(value, int):
        text = str(value)
        if len(text) == 18 and text.endswith("000") and number_format and "E" in number_format.upper():
            raise CellError("身份证号以科学计数法保存，末几位已丢失：请把该列设为“文本”格式后重新录入")
        return text
    return compact(value).upper()


def to_int(value: Any, number_format: str = "General") -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError("应为整数")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"应为整数，而不是 {shown_number(value, number_format)}")
        return int(value)
    if isinstance(value, int):
        return value
    text = compact(value).removesuffix("年").removesuffix("度").removesuffix("年")
    if not re.fullmatch(r"-?\d+", text):
        raise CellError(f"应为整数，而不是“{clean_text(value)}”")
    return int(text)


def display(value: Any, number_format: str = "General") -> str:
    """The original cell value as text for the error report, the way the clerk sees it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel and WPS show a logical value
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, float) and abs(value) >= 2**53:
        # Digits beyond a double's 15-16 were never typed: show the number as a spreadsheet
        # does (3.50203197905150E+17), not an integer the clerk would not recognise.
        return f"{value:.14E}"
    if isinstance(value, (int, float)):
        return shown_number(value, number_format)
    return str(value)
