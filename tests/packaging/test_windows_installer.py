"""The Windows installer script (installer/windows/frontline.iss) and the executable's version
resource: they cannot be built here, so what they say is checked."""

from __future__ import annotations

import functools
import re
from typing import Any

from desktop import __version__
from installer import bundle

ISS = bundle.ROOT / "installer" / "windows" / "frontline.iss"


def _sections() -> dict[str, list[str]]:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: how Inno Setup knows the Chinese is UTF-8
    out: dict[str, list[str]] = {}
    current = ""
    for line in raw.decode("utf-8-sig").splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            out[current] = []
        elif current:
            out[current].append(line)
    return out


def test_the_installer_speaks_chinese_and_offers_a_per_user_or_per_machine_install():
    s = _sections()
    setup = dict(line.split("=", 1) for line in s["Setup"])
    assert s["Languages"] == ['Name: "chinesesimplified"; MessagesFile: "compiler:Languages\\ChineseSimplified.isl"']
    assert setup["PrivilegesRequired"] == "lowest" and setup["PrivilegesRequiredOverridesAllowed"] == "dialog"
    assert setup["DefaultDirName"] == "{autopf}\\Frontline"  # Program Files, or the user's own Programs folder
    assert setup["ChangesAssociations"] == "yes" and setup["SetupIconFile"].endswith("resources\\icons\\frontline.ico")
    assert f'#define AppVersion "{__version__}"' in ISS.read_text("utf-8-sig")


def test_it_installs_the_one_folder_build_with_start_menu_and_desktop_shortcuts():
    s = _sections()
    # The spec's COLLECT, as `make package` and the documented command build it.
    assert any(line.startswith('Source: "{#Root}\\build\\dist\\' + bundle.NAME + '\\*"') for line in s["Files"])
    text = ISS.read_text("utf-8-sig")
    assert f'#define AppExe "{bundle.NAME}.exe"' in text and f'#define AppExeWindowed "{bundle.NAME}w.exe"' in text
    icons = s["Icons"]
    assert any(i.startswith('Name: "{autoprograms}\\{#AppName}"') for i in icons)
    assert any(i.startswith('Name: "{autodesktop}\\{#AppName}"') and "Tasks: desktopicon" in i for i in icons)
    assert any("self-test" in i for i in icons)


def test_lrmx_files_open_in_the_program_for_this_user_or_all_users():
    registry = _sections()["Registry"]
    assert all(line.startswith("Root: HKA;") for line in registry)
    assert any('Subkey: "Software\\Classes\\.lrmx"' in r and 'ValueData: "Frontline.lrmx"' in r for r in registry)
    command = next(r for r in registry if "shell\\open\\command" in r)
    assert '"""{app}\\{#AppExeWindowed}"" gui ""%1"""' in command  # `frontline gui FILE` imports it


def test_uninstalling_keeps_the_users_databases():
    s = _sections()
    removed = " ".join(s.get("UninstallDelete", []) + s.get("InstallDelete", []))
    for user_folder in ("{localappdata}", "{userappdata}", "{userdocs}", "{commonappdata}", "*.db"):
        assert user_folder not in removed
    assert "{localappdata}\\frontline" in " ".join(s["Code"])  # and the uninstaller says where they are


class _Call:
    def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.name, self.args, self.kwargs = name, args, kwargs


def test_the_version_resource_names_the_program_and_its_version_in_chinese():
    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo",
             "VarStruct")
    namespace = {n: functools.partial(_Call, n) for n in names}
    info = eval(bundle.windows_version_info("1.2.3"), namespace)  # the syntax PyInstaller reads
    assert info.kwargs["ffi"].kwargs["filevers"] == (1, 2, 3, 0)
    table = info.kwargs["kids"][0].args[0][0]
    assert table.args[0] == "080404b0"  # Simplified Chinese, Unicode
    strings = {s.args[0]: s.args[1] for s in table.args[1]}
    assert strings["ProductName"] == "一线考核" and strings["FileVersion"] == "1.2.3"
    assert strings["OriginalFilename"] == "frontline.exe"
    spec = (bundle.ROOT / "installer" / "frontline.spec").read_text("utf-8")
    assert "bundle.windows_version_info(__version__)" in spec and 'name=f"{bundle.NAME}w", console=False' in spec
