import datetime as dt

import pytest

from desktop.interchange import cells
from desktop.interchange.cells import CellError
from desktop.interchange.fields import normalize_header
from desktop.interchange.vocab import Vocabulary
from desktop.models.dates import PartialDate
from desktop.services.units.codes import shipped_codes


@pytest.mark.parametrize(("value", "fmt", "expected"), [
    ("1975.03", "General", PartialDate(1975, 3)),
    ("1975年3月", "General", PartialDate(1975, 3)),
    (" １９７５．０３ ", "General", PartialDate(1975, 3)),
    ("197503", "@", PartialDate(1975, 3)),
    (197503, "General", PartialDate(1975, 3)),
    (19750315, "General", PartialDate(1975, 3, 15)),
    (27454, "General", PartialDate(1975, 3)),  # an Excel serial in a column not formatted as a date
    (1975.1, "0.00", PartialDate(1975, 10)),  # typed 1975.10, shown 1975.10, stored 1975.1
    # Typed 2008.10 in a General cell of Excel, WPS or LibreOffice: stored (and shown) 2008.1.
    (2008.1, "General", PartialDate(2008, 10)),
    (2008.01, "General", PartialDate(2008, 1)),
    (2008.12, "General", PartialDate(2008, 12)),
    (2008.2, "General", PartialDate(2008, 2)),  # 2008.20 is no month: typed as 2008.2
    (2008.12, "0.0", PartialDate(2008, 12)),  # the stored number counts, not the rounded display
    (dt.datetime(1975, 3, 1), "mmm-yy", PartialDate(1975, 3)),  # typed 1975-3
    (dt.datetime(1975, 3, 15), "yyyy/m/d", PartialDate(1975, 3, 15)),
    (dt.datetime(1975, 3, 1), "yyyy.mm", PartialDate(1975, 3)),  # our own export
    (dt.datetime(1975, 3, 1), 'yyyy"年"m"月"', PartialDate(1975, 3)),
    (None, "General", None),
    ("  ", "General", None),
])
def test_dates_the_way_clerks_write_them(value, fmt, expected):
    assert cells.to_date(value, fmt) == expected


@pytest.mark.parametrize("value", ["1975.13", "七五年", "75.3", True])
def test_impossible_dates_say_why_in_chinese(value):
    with pytest.raises(CellError) as caught:
        cells.to_date(value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(caught.value))


@pytest.mark.parametrize(("value", "reason"), [
    (2008.13, "月份 13 无效"), (2008.123, "只能有两位"), (2008, "缺少月份"), (2008.0, "缺少月份"),
])
def test_numbers_that_cannot_be_a_year_and_month_are_refused(value, reason):
    with pytest.raises(CellError, match=reason):
        cells.to_date(value)


def test_a_cell_that_could_mean_two_months_says_which_was_taken():
    assert cells.read_date(2008.1)[1].startswith("单元格中的数字 2008.1 按 2008.10 读取")
    assert "2008.01" in cells.read_date(2008.1)[1]  # how to say January instead
    assert [cells.read_date(v)[1] for v in (2008.01, 2008.12, "2008.1", 200810)] == ["", "", "", ""]


def test_id_numbers_stored_as_numbers():
    assert cells.to_citizen_id(110105194912310021) == "110105194912310021"  # exact integer in the XML
    assert cells.to_citizen_id(" 11010519491231002x ") == "11010519491231002X"
    with pytest.raises(CellError, match="文本"):
        cells.to_citizen_id(1.10105194912310e17)  # Excel kept 15 digits


def test_text_cleaning():
    assert cells.compact("张　三 ") == "张三"
    assert cells.clean_text("海滨市 财政局\u00a0") == "海滨市财政局"
    assert cells.clean_text("Frontline  Ltd") == "Frontline Ltd"
    assert cells.clean_text(12.0) == "12"


def test_headers_and_codes_are_recognised_loosely():
    assert normalize_header(" 出生\n年月（岁）*") == "出生年月"
    vocab = Vocabulary(shipped_codes())
    assert vocab.normalize("ethnicity", "汉") == "汉族"
    assert vocab.normalize("ethnicity", "01") == "汉族"
    assert vocab.normalize("political_status", "党员") == "中共党员"
    assert vocab.normalize("sex", "2") == "女"
    assert vocab.normalize("education", "本科") == "大学"
    assert vocab.normalize("ethnicity", "火星族") == "火星族"  # kept; the domain check warns


def test_rows_are_counted_across_chunk_boundaries(tmp_path):
    import zipfile

    from desktop.interchange import safety

    rows = "".join(f'<x:row r="{i}"><x:c r="A{i}"><x:v>{i}</x:v></x:c></x:row>' for i in range(1, 70001))
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("sheet.xml", f"<x:worksheet><x:sheetData>{rows}</x:sheetData></x:worksheet>")
    with zipfile.ZipFile(path) as z:
        assert safety.count_sheet_rows(z, "sheet.xml", 10**6) == 70000
        assert safety.count_sheet_rows(z, "sheet.xml", 1000) > 1000  # stops early
