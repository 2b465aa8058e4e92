"""Choosing fonts: installed office fonts, then the settings folder, then the open fonts;
CFF OpenType files are skipped; substitutes are named."""

import shutil
import struct
from pathlib import Path

import pytest

from desktop.reports.layout.fontfiles import faces
from desktop.reports.layout.fonts import FANGSONG, HEI, KAI, OPEN_FILES, SONG, TITLE, NoFonts, discover

SONG_FILE = OPEN_FILES[0]


def sfnt(family: str, *, cff: bool) -> bytes:
    """A minimal font file: a name table with `family` and either CFF or glyf outlines."""
    encoded = family.encode("utf-16-be")
    name = struct.pack(">HHH", 0, 1, 18) + struct.pack(">6H", 3, 1, 0x804, 1, len(encoded), 0) + encoded
    tables = {b"name": name, (b"CFF " if cff else b"glyf"): b"\0" * 4}
    head = struct.pack(">4sHHHH", b"OTTO" if cff else b"\0\1\0\0", len(tables), 0, 0, 0)
    offset = 12 + 16 * len(tables)
    directory, data = b"", b""
    for tag, body in tables.items():
        directory += struct.pack(">4sLLL", tag, 0, offset + len(data), len(body))
        data += body + b"\0" * (-len(body) % 4)
    return head + directory + data


def test_open_fonts_with_named_substitutes():
    fs = discover(system=[])
    roles = fs.roles
    assert Path(roles[SONG].face.path).name == "gbsn00lp.ttf"
    assert Path(roles[KAI].face.path).name == "gkai00mp.ttf"
    assert Path(roles[HEI].face.path).name == "wqy-microhei.ttc"
    # No open 仿宋 exists: the light 宋 stands in, and titles are emboldened 宋.
    assert roles[FANGSONG].substitute and roles[FANGSONG].face == roles[SONG].face
    assert roles[TITLE].substitute and roles[TITLE].bold
    assert any("仿宋" in n for n in fs.notes)


def test_a_cff_font_is_skipped_with_a_note(tmp_path: Path):
    (tmp_path / "fangsong-cff.otf").write_bytes(sfnt("仿宋", cff=True))
    fs = discover(tmp_path, system=[])
    assert fs.roles[FANGSONG].substitute
    assert any("CFF" in n and "fangsong-cff.otf" in n for n in fs.notes)


def test_office_font_in_the_settings_folder_is_used(tmp_path: Path):
    shutil.copy(SONG_FILE, tmp_path / "simfang.ttf")  # a TrueType file named as Windows names 仿宋
    fs = discover(tmp_path, system=[])
    assert fs.roles[FANGSONG].source == "设置的文件夹"
    assert not fs.roles[FANGSONG].substitute


def test_installed_fonts_come_before_the_folder(tmp_path: Path):
    (tmp_path / "installed").mkdir()
    (tmp_path / "folder").mkdir()
    shutil.copy(SONG_FILE, tmp_path / "installed" / "simfang.ttf")
    shutil.copy(SONG_FILE, tmp_path / "folder" / "simfang.ttf")
    installed = faces(tmp_path / "installed" / "simfang.ttf")
    fs = discover(tmp_path / "folder", system=installed)
    assert fs.roles[FANGSONG].source == "系统"


def test_family_names_are_read_in_chinese_and_english(tmp_path: Path):
    path = tmp_path / "x.ttf"
    path.write_bytes(sfnt("楷体", cff=False))
    (face,) = faces(path)
    assert face.truetype and face.matches(("楷体",))


def test_no_chinese_font_at_all_is_a_clear_refusal(tmp_path: Path):
    with pytest.raises(NoFonts, match="找不到可用的中文"):
        discover(tmp_path, system=[], open_files=[])


def test_a_missing_settings_folder_is_noted(tmp_path: Path):
    fs = discover(tmp_path / "nope", system=[])
    assert any("不存在" in n for n in fs.notes)


def test_the_open_fonts_a_build_ships_serve_when_no_other_font_is_there(tmp_path: Path, monkeypatch):
    from desktop import paths
    from desktop.reports.layout import fonts

    (tmp_path / "codes").mkdir()
    (tmp_path / "fonts").mkdir()
    shutil.copy(SONG_FILE, tmp_path / "fonts" / "gbsn00lp.ttf")
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path)
    assert fonts.shipped_font_files() == [str(tmp_path / "fonts" / "gbsn00lp.ttf")]
    fs = discover(system=[], open_files=fonts.shipped_font_files())
    assert fs.roles[SONG].source == "开源字体" and fs.roles[SONG].face.path == str(tmp_path / "fonts" / "gbsn00lp.ttf")
