"""Hostile and broken files of every kind `frontline import` reads, through the real command
in-process: each ends in a refusal (exit 1, one line naming the file), never in an internal
error (exit 70), never in a hang, and nothing is written. One test per class of failure the
fuzz run (bench/fuzz_inputs.py) found or was written to find."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from tests.cli.cli_runner import frontline
from tests.conftest import PASSWORD

BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                   for i in range(1, 10))
        + b"]><lolz>&lol9;</lolz>")
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
PARTS = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
         "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"]


def _import(db: Path, path: Path | str) -> tuple[int, str]:
    result = frontline("import", str(path), "--db", str(db), password=PASSWORD)
    return result.returncode, result.stderr.strip()


def refused(db: Path, path: Path | str, *words: str) -> str:
    code, err = _import(db, path)
    assert code == 1, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert all(w in err for w in words), err
    return err


NS = "http://schemas.openxmlformats.org"
EXCEL_PARTS = {
    "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{NS}/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}/spreadsheetml/2006/main" '
    f'xmlns:r="{NS}/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}/package/2006/'
    f'relationships"><Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/worksheet" '
    f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{NS}/officeDocument/2006/relationships/'
    f'styles" Target="styles.xml"/><Relationship Id="rId3" Type="{NS}/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill>'
    '<patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf xfId="0"/></cellXfs></styleSheet>',
    "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}/spreadsheetml/2006/main" '
    'count="5" uniqueCount="5"><si><t>姓名</t></si><si><t>性别</t></si><si><t>出生年月</t></si>'
    "<si><t>张三</t></si><si><t>男</t></si></sst>",
    "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}/spreadsheetml/'
    '2006/main"><dimension ref="A1:C2"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s">'
    '<v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s">'
    '<v>4</v></c><c r="C2" t="str"><v>1980.01</v></c></row></sheetData></worksheet>',
}


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A small roster the way Excel writes it: shared strings, styles, every part openpyxl reads."""
    path = tmp_path / "source.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in EXCEL_PARTS.items():
            z.writestr(name, content.encode("utf-8"))
    return path


def test_the_excel_like_workbook_is_a_valid_roster(empty_db: Path, workbook: Path):
    code, err = _import(empty_db, workbook)
    assert code == 0, err


def _with_part(source: Path, out: Path, part: str, content: bytes) -> Path:
    """`source` with `part` replaced by `content` (or added, for parts Excel writes and we do not)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != part:
                zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr(part, content)
    return out


@pytest.mark.parametrize("part", PARTS)
def test_malformed_xml_in_any_workbook_part_is_refused(empty_db: Path, workbook: Path, tmp_path: Path, part: str):
    with zipfile.ZipFile(workbook) as z:
        original = z.read(part)
    for n, content in enumerate([original[: len(original) // 2], b"\x00\xff not xml", b"",
                                 "<x>中</x>".encode("utf-16-be"), original.replace(b">", b"", 3)]):
        path = _with_part(workbook, tmp_path / f"bad-{n}.xlsx", part, content)
        if part == "_rels/.rels":  # openpyxl finds the workbook without it: a damaged one does no harm
            code, err = _import(empty_db, path)
            assert code in (0, 1) and len(err.splitlines()) <= 1, err
        else:
            refused(empty_db, path, path.name)


@pytest.mark.parametrize("part", [*PARTS, "docProps/app.xml", "xl/theme/theme1.xml"])
@pytest.mark.parametrize("hostile", [BOMB, XXE], ids=["entity-bomb", "external-entity"])
def test_entity_bombs_and_external_entities_in_any_workbook_part_are_refused(
        empty_db: Path, workbook: Path, tmp_path: Path, part: str, hostile: bytes):
    path = _with_part(workbook, tmp_path / "hostile.xlsx", part, hostile)
    refused(empty_db, path, "hostile.xlsx", "DTD")


def test_a_workbook_part_in_an_encoding_no_spreadsheet_writes_is_refused(empty_db: Path, workbook: Path,
                                                                        tmp_path: Path):
    with zipfile.ZipFile(workbook) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    recoded = sheet.replace(b'encoding="UTF-8"', b'encoding="UTF-7"', 1)
    if recoded == sheet:
        recoded = b'<?xml version="1.0" encoding="UTF-7"?>' + sheet
    refused(empty_db, _with_part(workbook, tmp_path / "u7.xlsx", "xl/worksheets/sheet1.xml", recoded), "文字编码")


@pytest.mark.parametrize("declared, body", [
    ("undefined", "张三"), ("rot13", "张三"), ("unicode_escape", "张三"), ("x-bogus-charset", "张三"),
    ("UTF-8", None), ("UTF-16", "张三"), ("idna", "张三"), ("utf-7", "张三"),
])
def test_lrmx_in_an_unknown_or_wrong_encoding_is_refused(empty_db: Path, tmp_path: Path, declared: str,
                                                        body: str | None):
    if body is None:  # GBK bytes where UTF-8 is declared
        data = '<?xml version="1.0" encoding="UTF-8"?><Person><XingMing>张三</XingMing></Person>'.encode("gbk")
    else:
        data = f'<?xml version="1.0" encoding="{declared}"?><Person><XingMing>{body}</XingMing></Person>'.encode()
    path = tmp_path / "form.lrmx"
    path.write_bytes(data)
    code, err = _import(empty_db, path)
    # One damaged form among many is a rejected row, so the import as a whole says exit 1 with the reason.
    assert code == 1 and "Traceback" not in err and "内部错误" not in err, err


def _zip_with(tmp_path: Path, name: str, patch: str, value: int) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("form.lrmx", b"<Person><XingMing>\xe5\xbc\xa0\xe4\xb8\x89</XingMing></Person>")
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    offset = {"size": 24, "method": 10, "flags": 8}[patch]
    struct.pack_into("<I" if patch == "size" else "<H", data, at + offset, value)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("patch, value, words", [
    ("size", 0xFFFFFFFF, ("恶意构造",)),  # an absurd declared size
    ("size", 3, ("损坏",)),  # a size smaller than the data
    ("method", 9, ("损坏",)),  # Deflate64: zipfile cannot read it
    ("method", 99, ("损坏",)),  # AES: unknown method
    ("flags", 0x1, ("密码",)),  # encrypted
])
def test_zips_with_lying_headers_are_refused(empty_db: Path, tmp_path: Path, patch: str, value: int,
                                             words: tuple[str, ...]):
    path = _zip_with(tmp_path, f"{patch}-{value}.zip", patch, value)
    code, err = _import(empty_db, path)
    assert code == 1 and "Traceback" not in err and "内部错误" not in err, err


@pytest.mark.timeout(30)
@pytest.mark.parametrize("suffix", [".xlsx", ".lrmx", ".lrm", ".zip", ".flpkg", ""])
def test_named_pipes_and_devices_are_refused_before_reading(empty_db: Path, tmp_path: Path, suffix: str):
    fifo = tmp_path / f"pipe{suffix}"
    os.mkfifo(fifo)  # opening it to read would wait for a writer for ever
    refused(empty_db, fifo, fifo.name, "命名管道")
    zero = tmp_path / f"zero{suffix}"
    zero.symlink_to("/dev/zero")  # reading it would never end
    refused(empty_db, zero, "设备文件")
    refused(empty_db, "/dev/null", "设备文件")


@pytest.mark.timeout(30)
def test_a_legacy_form_whose_photo_is_a_named_pipe_is_read_without_it(empty_db: Path, tmp_path: Path):
    from tests.interchange.test_lrmx import legacy_lrm

    (tmp_path / "王五.lrm").write_bytes(legacy_lrm())
    os.mkfifo(tmp_path / "王五.pic")
    code, err = _import(empty_db, tmp_path / "王五.lrm")
    assert code == 0, err


@pytest.mark.timeout(30)
def test_a_folder_with_pipes_devices_and_loops_reads_only_its_forms(empty_db: Path, tmp_path: Path):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "a.lrmx").write_bytes('<Person><XingMing>李四</XingMing><XingBie>男</XingBie>'
                                    "<ChuShengNianYue>1980.01</ChuShengNianYue></Person>".encode())
    os.mkfifo(folder / "pipe.lrmx")
    (folder / "zero.lrmx").symlink_to("/dev/zero")
    (folder / "loop").symlink_to(folder)
    code, err = _import(empty_db, folder)
    assert code == 0, err
