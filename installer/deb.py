"""The .deb for Debian, UOS and Kylin: the one-folder program under /opt/frontline, a
`frontline` command, a desktop entry with the Chinese name and the icon, the `.lrmx` file
type opened by the program, and dependencies on the open CJK fonts and the libraries Qt loads
that a minimal system lacks.

Usage: python -m installer.deb --app build/dist/frontline --out build/
(`make package` runs it after PyInstaller). Built with dpkg-deb; the package never touches
the user's databases, which live in each user's home (~/.local/share/frontline by default).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

from installer import bundle

PREFIX = Path("/opt") / bundle.NAME
MIME_TYPE = "application/x-lrmx"
MAINTAINER = "一线考核项目组 <frontline@localhost>"

# The open CJK TrueType fonts reports fall back to (desktop/reports/layout/fonts.py OPEN_FILES)
# and fontconfig, through which the program finds the office fonts a PC already has.
FONT_DEPENDS = ("fontconfig", "fonts-arphic-gbsn00lp", "fonts-arphic-gkai00mp", "fonts-wqy-microhei")
# Libraries the Qt xcb platform plugin and the window load from the system: first those PyInstaller
# never ships (the OpenGL/EGL dispatch libraries of libglvnd and libxcb, which go with the
# system's graphics drivers; tests/packaging/test_deb_package.py checks the list against Qt's own
# libraries), then those it ships from the build machine when present there (listed too, so a
# build machine without one still gives a package that runs). QtPdf needs libatomic.
# Alternatives name Ubuntu 24.04's 64-bit-time renames.
QT_DEPENDS = (
    "libgl1", "libglx0", "libglvnd0", "libegl1", "libopengl0", "libxcb1", "libatomic1",
    "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1", "libfreetype6",
    "libdbus-1-3", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0",
    "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0", "libxcb-xkb1", "libx11-xcb1", "libxrender1",
    "libxi6", "libsm6", "libice6", "libglib2.0-0 | libglib2.0-0t64", "libcups2 | libcups2t64",
)
# Rare characters in names (CJK extensions A and B) print with these instead of 〓.
RECOMMENDS = ("fonts-hanazono", "shared-mime-info", "desktop-file-utils")

# Debian architecture names for the machines PyInstaller builds on.
ARCHITECTURES = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


def architecture(machine: str | None = None) -> str:
    machine = (machine or platform.machine()).lower()
    if machine not in ARCHITECTURES:
        raise SystemExit(f"不支持的处理器架构：{machine}（支持 x86_64 和 aarch64）")
    return ARCHITECTURES[machine]


def deb_version(version: str) -> str:
    """A Python version as Debian orders it: 1.2.0rc1 sorts before 1.2.0 (1.2.0~rc1)."""
    for tag in ("a", "b", "rc", ".dev"):
        head, sep, tail = version.partition(tag)
        if sep and head and head[-1].isdigit():
            return f"{head}~{tag.lstrip('.')}{tail}"
    return version


_GLIBC = re.compile(rb"GLIBC_2\.(\d+)")


def glibc_needed(app: Path) -> int:
    """The newest glibc 2.x symbol version any library of the build asks for (PyInstaller ships
    every library but the C library, from the machine it builds on: 2.36 on Debian 12, 2.30 in the
    Debian 11 root of `make package BUILD_IN=bullseye`; PySide6 6.8's Qt itself wants 2.28). 0 when none."""
    newest = 0
    for path in app.rglob("*"):
        if path.is_file() and not path.is_symlink() and (".so" in path.name or path.name == bundle.NAME):
            with path.open("rb") as fh:
                if fh.read(4) != b"\x7fELF":
                    continue
                newest = max([newest, *(int(m) for m in _GLIBC.findall(fh.read()))])
    return newest


def control(version: str, arch: str, installed_kib: int, glibc_minor: int = 0) -> str:
    libc = (f"libc6 (>= 2.{glibc_minor})",) if glibc_minor else ()
    depends = ", ".join((*libc, *QT_DEPENDS, *FONT_DEPENDS))
    return (
        f"Package: {bundle.NAME}\n"
        f"Version: {deb_version(version)}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {depends}\n"
        f"Recommends: {', '.join(RECOMMENDS)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: 一线考核 — 干部档案与一线考核管理\n"
        " 供组织部门使用的桌面程序：干部档案、一线考核、测评、积分、年度考核定等、\n"
        " 报表（PDF、Word）、Excel 与任免审批表（LRMX）导入导出。数据保存在本机\n"
        " SQLCipher 加密的数据库文件中，程序从不联网。\n"
        " .\n"
        " Frontline: cadre files and front-line assessment for organization departments.\n"
    )


def desktop_entry() -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={bundle.DISPLAY_NAME}\n"
        f"Name[zh_CN]={bundle.DISPLAY_NAME}\n"
        "GenericName=干部考核管理\n"
        "Comment=干部档案与一线考核管理\n"
        f"Exec={PREFIX / bundle.NAME} gui %f\n"
        f"Icon={bundle.NAME}\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        f"MimeType={MIME_TYPE};\n"
        # Qt names a window's X11 class after the application name (desktop/ui/app.py).
        f"StartupWMClass={bundle.DISPLAY_NAME}\n"
    )


def mime_xml() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">\n'
        f'  <mime-type type="{MIME_TYPE}">\n'
        "    <comment>LRMX cadre appointment form</comment>\n"
        '    <comment xml:lang="zh_CN">干部任免审批表</comment>\n'
        '    <sub-class-of type="application/xml"/>\n'
        f"    <icon name=\"{bundle.NAME}\"/>\n"
        '    <glob pattern="*.lrmx"/>\n'
        "  </mime-type>\n"
        "</mime-info>\n"
    )


# Refresh the menus, file types and icons; each tool may be missing on a minimal system.
_REFRESH = """\
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q /usr/share/applications || true
command -v update-mime-database >/dev/null 2>&1 && update-mime-database /usr/share/mime || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
"""

POSTINST = "#!/bin/sh\nset -e\n" + _REFRESH
# Removing or purging takes the program only: each user's databases, backups and settings
# stay in their home folder (the program never put them under /opt).
POSTRM = "#!/bin/sh\nset -e\n" + _REFRESH


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def _size_kib(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) // 1024 + 1


def stage(app: Path, root: Path, version: str, arch: str) -> Path:
    """Lay out the package's file tree in `root` (emptied first)."""
    if not (app / bundle.NAME).is_file():
        raise SystemExit(f"{app} 中没有 {bundle.NAME}：先用 PyInstaller 构建（make package）")
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(app, root / PREFIX.relative_to("/"), symlinks=True)
    usr = root / "usr"
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / bundle.NAME).symlink_to(PREFIX / bundle.NAME)
    _write(usr / "share" / "applications" / f"{bundle.NAME}.desktop", desktop_entry())
    _write(usr / "share" / "mime" / "packages" / f"{bundle.NAME}.xml", mime_xml())
    icons = usr / "share" / "icons" / "hicolor"
    (icons / "256x256" / "apps").mkdir(parents=True)
    shutil.copy2(bundle.ICON_PNG, icons / "256x256" / "apps" / f"{bundle.NAME}.png")
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(bundle.ICON_PNG.with_suffix(".svg"), icons / "scalable" / "apps" / f"{bundle.NAME}.svg")
    for folder in root.rglob("*"):
        if folder.is_dir():
            folder.chmod(0o755)
    debian = root / "DEBIAN"
    _write(debian / "control", control(version, arch, _size_kib(root), glibc_needed(app)))
    _write(debian / "postinst", POSTINST, 0o755)
    _write(debian / "postrm", POSTRM, 0o755)
    return root


def build(app: Path, out_dir: Path, version: str, arch: str, *, level: int = 6) -> Path:
    """gzip (every dpkg reads it, UOS's and Kylin's older ones too) at `level`: 9, dpkg-deb's
    default, takes minutes over 300 MB of Qt for a few percent."""
    root = stage(app, out_dir / "deb-root", version, arch)
    target = out_dir / f"{bundle.NAME}_{deb_version(version)}_{arch}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", f"-z{level}", "--build", str(root), str(target)],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(root)
    return target


def main(argv: list[str] | None = None) -> int:
    from desktop import __version__

    parser = argparse.ArgumentParser(prog="python -m installer.deb", description="构建一线考核的 .deb 安装包")
    parser.add_argument("--app", type=Path, required=True, help="PyInstaller 构建的程序文件夹（dist/frontline）")
    parser.add_argument("--out", type=Path, required=True, help="写入 .deb 的文件夹")
    parser.add_argument("--version", default=__version__, help=f"软件包版本（默认 {__version__}）")
    parser.add_argument("--arch", default=None, help="Debian 架构（默认按本机：amd64 或 arm64）")
    parser.add_argument("--fast", action="store_true", help="最低压缩（测试用，文件更大、构建更快）")
    args = parser.parse_args(argv)
    os.umask(0o022)
    args.out.mkdir(parents=True, exist_ok=True)
    target = build(args.app, args.out, args.version, args.arch or architecture(), level=1 if args.fast else 6)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
