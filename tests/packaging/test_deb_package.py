"""The .deb (installer/deb.py): control file, desktop entry, file type, the staged tree."""

from __future__ import annotations

import os
import shlex
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from installer import bundle, deb
from tests.cli.cli_runner import frontline


def _fields(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith(" "):
            key, _, value = line.partition(": ")
            out[key] = value
    return out


def test_the_control_file_names_the_fonts_and_qt_libraries_a_minimal_system_lacks():
    fields = _fields(deb.control("0.2.0", "arm64", 310000))
    assert fields["Package"] == "frontline" and fields["Version"] == "0.2.0" and fields["Architecture"] == "arm64"
    assert fields["Installed-Size"] == "310000"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    for needed in ("fonts-arphic-gbsn00lp", "fonts-arphic-gkai00mp", "fonts-wqy-microhei", "fontconfig",
                   "libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libatomic1", "libglib2.0-0 | libglib2.0-0t64"):
        assert needed in depends
    assert fields["Description"].startswith("一线考核")


def _shared_libraries(binary: Path) -> dict[str, Path]:
    """soname → file, as the dynamic linker finds them here (ldd)."""
    found: dict[str, Path] = {}
    for line in subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout.splitlines():
        name, arrow, where = line.strip().partition(" => ")
        if arrow:
            assert not where.startswith("not found"), f"{binary.name} 需要的 {name} 本机没有"
            found[name] = Path(where.split(" (")[0]).resolve()
    return found


def _package_of(path: Path) -> str:
    """The Debian package that installed a file (dpkg knows /lib/… on a merged-/usr system)."""
    for candidate in (path, Path(str(path).removeprefix("/usr"))):
        found = subprocess.run(["dpkg", "-S", str(candidate)], capture_output=True, text=True, check=False)
        if found.returncode == 0:
            return found.stdout.split(":")[0]
    raise AssertionError(f"dpkg 不知道 {path} 属于哪个软件包")


def test_every_library_qt_loads_that_the_build_leaves_out_comes_from_a_dependency():
    import PySide6
    from PyInstaller.depend import dylib

    qt = Path(PySide6.__file__).parent / "Qt"
    # The window's platform plugin, its PDF preview and printing.
    binaries = ("plugins/platforms/libqxcb.so", "lib/libQt6PdfWidgets.so.6", "lib/libQt6PrintSupport.so.6")
    left_out = {name: path for binary in binaries for name, path in _shared_libraries(qt / binary).items()
                if not dylib.include_library(name)}
    assert {"libGL.so.1", "libEGL.so.1", "libxcb.so.1", "libc.so.6"} <= set(left_out)
    depends = {alt.strip().split(" ")[0] for d in _fields(deb.control("0.1.0", "amd64", 1, 28))["Depends"].split(",")
               for alt in d.split("|")}
    missing = {name: _package_of(path) for name, path in left_out.items() if _package_of(path) not in depends}
    assert not missing


def test_the_c_library_the_build_needs_is_a_dependency(tmp_path: Path):
    (tmp_path / "_internal").mkdir()
    (tmp_path / "_internal" / "libQt6Core.so.6").write_bytes(b"\x7fELF" + b"\0GLIBC_2.17\0GLIBC_2.34\0")
    (tmp_path / "_internal" / "notes.so.txt").write_bytes(b"GLIBC_2.99")  # not a library
    (tmp_path / "frontline").write_bytes(b"\x7fELF\0GLIBC_2.28\0")
    assert deb.glibc_needed(tmp_path) == 34
    depends = _fields(deb.control("0.1.0", "amd64", 1, 34))["Depends"]
    assert depends.startswith("libc6 (>= 2.34), ")


def test_versions_and_architectures_are_spelled_as_dpkg_orders_them():
    assert deb.deb_version("1.2.0rc1") == "1.2.0~rc1" and deb.deb_version("1.2.0") == "1.2.0"
    ordered = subprocess.run(["dpkg", "--compare-versions", "1.2.0~rc1", "lt", "1.2.0"], check=False)
    assert ordered.returncode == 0
    assert deb.architecture("x86_64") == "amd64" and deb.architecture("aarch64") == "arm64"
    with pytest.raises(SystemExit, match="不支持的处理器架构：riscv64"):
        deb.architecture("riscv64")


def test_the_desktop_entry_opens_an_lrmx_in_the_program(monkeypatch: pytest.MonkeyPatch):
    entry = dict(line.split("=", 1) for line in deb.desktop_entry().splitlines() if "=" in line)
    assert entry["Name"] == "一线考核" and entry["Icon"] == "frontline" and entry["MimeType"] == "application/x-lrmx;"
    program, *arguments = shlex.split(entry["Exec"].replace("%f", "/home/k/张三.lrmx"))
    assert program == "/opt/frontline/frontline"
    opened: list[tuple[str | None, str | None]] = []
    monkeypatch.setattr("desktop.ui.app.run",
                        lambda db=None, open_file=None, prepare=None: opened.append((db, open_file)) or 0)
    assert frontline(*arguments).returncode == 0
    assert frontline("gui", "/home/k/干部.db").returncode == 0  # a database is opened, not imported
    assert opened == [(None, "/home/k/张三.lrmx"), ("/home/k/干部.db", None)]
    mime = ET.fromstring(deb.mime_xml())
    ns = "{http://www.freedesktop.org/standards/shared-mime-info}"
    kind = mime.find(f"{ns}mime-type")
    assert kind is not None and kind.get("type") == "application/x-lrmx"
    assert kind.find(f"{ns}glob").get("pattern") == "*.lrmx"  # type: ignore[union-attr]


def _fake_app(folder: Path) -> Path:
    (folder / "_internal" / "resources").mkdir(parents=True)
    (folder / "frontline").write_text("#!/bin/sh\necho frontline\n")
    (folder / "frontline").chmod(0o755)
    (folder / "_internal" / "resources" / "x.csv").write_text("a,b\n")
    return folder


def test_the_staged_tree_puts_the_program_under_opt_and_never_touches_home_folders(tmp_path: Path):
    root = deb.stage(_fake_app(tmp_path / "app"), tmp_path / "root", "0.1.0", "amd64")
    assert (root / "opt/frontline/frontline").stat().st_mode & 0o111
    assert (root / "opt/frontline/_internal/resources/x.csv").read_text() == "a,b\n"
    assert os.readlink(root / "usr/bin/frontline") == "/opt/frontline/frontline"
    assert (root / "usr/share/applications/frontline.desktop").read_text("utf-8") == deb.desktop_entry()
    assert (root / "usr/share/icons/hicolor/256x256/apps/frontline.png").read_bytes() == bundle.ICON_PNG.read_bytes()
    assert (root / "usr/share/mime/packages/frontline.xml").is_file()
    for script in ("postinst", "postrm"):
        text = (root / "DEBIAN" / script).read_text()
        assert (root / "DEBIAN" / script).stat().st_mode & 0o111
        # Removing the program leaves every user's databases where they are.
        assert "/home" not in text and ".local" not in text and "rm " not in text
    assert _fields((root / "DEBIAN/control").read_text("utf-8"))["Installed-Size"].isdigit()


def test_dpkg_deb_builds_a_package_it_can_read_back(tmp_path: Path):
    target = deb.build(_fake_app(tmp_path / "app"), tmp_path, "0.1.0", "amd64")
    assert target.name == "frontline_0.1.0_amd64.deb"
    listing = subprocess.run(["dpkg-deb", "-c", str(target)], capture_output=True, text=True, check=True).stdout
    assert "./opt/frontline/frontline" in listing and "./usr/share/applications/frontline.desktop" in listing
    package = subprocess.run(["dpkg-deb", "-f", str(target), "Package"], capture_output=True, text=True, check=True)
    assert package.stdout.strip() == "frontline"


def test_the_root_for_older_systems_has_every_library_the_package_names():
    # PyInstaller ships what it finds on the system it builds on: the Debian 11 build root
    # (installer/build-in-root.sh) must have what a Debian 12 build machine has.
    script = (bundle.ROOT / "installer" / "build-in-root.sh").read_text("utf-8")
    included = {p for line in script.splitlines() if line.startswith("INCLUDE=")
                for p in line.partition("=")[2].replace("$INCLUDE,", "").split(",")}
    named = {d.split("|")[0].strip() for d in (*deb.QT_DEPENDS, *deb.FONT_DEPENDS)}
    assert named - included == set()
    assert subprocess.run(["bash", "-n", str(bundle.ROOT / "installer" / "build-in-root.sh")]).returncode == 0


def test_the_glibc_qt_asks_for_is_read_from_its_real_libraries():
    import platform

    import PySide6

    from installer import wheelhouse

    # PySide6 6.8.0.2's Qt asks for glibc 2.28 on x86_64 (2.31 on aarch64): the oldest system the
    # wheelhouse serves; a build adds what the build machine's libraries ask for on top.
    needed = deb.glibc_needed(Path(PySide6.__file__).parent / "Qt" / "lib")
    assert 17 <= needed <= wheelhouse.OLDEST_GLIBC[platform.machine().lower()]
