"""`make wheelhouse`: every wheel the program needs on Linux x86_64, Linux aarch64 and Windows
x64, in one folder, so an intranet PC with Python installs it with no network:

    python -m venv frontline-venv
    frontline-venv/bin/pip install --no-index --find-links wheelhouse frontline

pip picks each platform's wheels from the one folder. Downloaded with pip's own client
(`pip download --only-binary=:all: --platform …`: binary wheels only, so nothing is compiled
on the intranet), the exact pins of pyproject.toml, plus the program's own wheel and the
`package` extra (PyInstaller), so the Windows installer can be built offline too.
The folder gets the open CJK fonts with their licences (fonts/: a Windows build ships them,
installer/README.md) and a SHA256SUMS file to check the copy on the USB drive against.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from installer import bundle


@dataclass(frozen=True)
class Target:
    name: str
    platforms: tuple[str, ...]  # pip's --platform tags, newest first


# The newest glibc each Linux target's wheels may need: the oldest system it installs on.
# x86_64: UOS 20 (Debian 10 based) has glibc 2.28, the manylinux_2_28 of PySide6 6.8.0.2 (the
# pin; PySide6 6.10 and later need 2.34). aarch64: Kylin V10 has glibc 2.31, PySide6 6.8.0.2's
# manylinux_2_31 (6.8.1 and later need 2.39; no release has a wheel for UOS 20's 2.28 on ARM).
# pip matches --platform tags literally, so every older manylinux tag is listed too, for the
# packages that publish only those; a pin whose wheels need a newer glibc is not found.
OLDEST_GLIBC = {"x86_64": 28, "aarch64": 31}


def _manylinux(arch: str, newest_glibc_minor: int) -> tuple[str, ...]:
    newest = range(newest_glibc_minor, 16, -1)
    return (*(f"manylinux_2_{minor}_{arch}" for minor in newest), f"manylinux2014_{arch}")


TARGETS = (
    Target("linux-x86_64", _manylinux("x86_64", OLDEST_GLIBC["x86_64"])),
    Target("linux-aarch64", _manylinux("aarch64", OLDEST_GLIBC["aarch64"])),
    Target("windows-x64", ("win_amd64",)),
)
PYTHON_VERSIONS = ("3.11",)


def requirements(root: Path = bundle.ROOT) -> list[str]:
    """The runtime pins and the `package` extra's, exactly as pyproject.toml lists them."""
    project = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    pins = list(project["dependencies"]) + list(project["optional-dependencies"]["package"])
    loose = [p for p in pins if "==" not in p]
    if loose:
        raise SystemExit(f"pyproject.toml 中这些依赖没有固定版本：{', '.join(loose)}")
    return pins


# The one binary package whose releases have not always had a wheel for every platform: when a
# pinned release lacks one, it is built from its source (which carries SQLCipher and its crypto;
# a C compiler is all it needs) on a machine of the target's kind.
SOURCE_BUILT = "sqlcipher3"


def download_command(target: Target, python: str, pins: list[str], out: Path, *, no_deps: bool = False) -> list[str]:
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--dest", str(out),
           "--python-version", python, "--implementation", "cp"]
    for tag in target.platforms:
        cmd += ["--platform", tag]
    return cmd + (["--no-deps"] if no_deps else []) + pins


def native_target() -> str | None:
    """The target this machine is, if any: the one whose missing wheels it can build itself."""
    machine = platform.machine().lower()
    if sys.platform == "win32" and machine in ("amd64", "x86_64"):
        return "windows-x64"
    if sys.platform.startswith("linux") and machine in ("x86_64", "aarch64"):
        return f"linux-{machine}"
    return None


def _pin(pins: list[str], name: str) -> str:
    return next(p for p in pins if p.split("==")[0].lower() == name)


def fetch(target: Target, python: str, pins: list[str], out: Path) -> str | None:
    """Download the target's wheels into `out`; build the source-only one when this machine is
    of the target's kind. Returns what is still missing (None when complete)."""
    built = _pin(pins, SOURCE_BUILT)
    subprocess.run(download_command(target, python, [p for p in pins if p != built], out), check=True)
    if subprocess.run(download_command(target, python, [built], out, no_deps=True), check=False,
                      stderr=subprocess.DEVNULL).returncode == 0:
        return None
    if native_target() != target.name:
        return built
    print(f"  {built} 没有 {target.name} 的现成 wheel：在本机用其源代码构建 …", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-binary", SOURCE_BUILT,
                    "--wheel-dir", str(out), built], check=True)
    return None


def own_wheel(out: Path, root: Path = bundle.ROOT) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(root)],
                   check=True)


# The open fonts of the Debian packages reports fall back to, for a Windows build to ship
# (installer/README.md): font file → the package whose copyright file goes with it.
OPEN_FONT_PACKAGES = {
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf": "fonts-arphic-gbsn00lp",
    "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf": "fonts-arphic-gkai00mp",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc": "fonts-wqy-microhei",
}


def copy_open_fonts(out: Path) -> list[str]:
    """Copy the open fonts (and their licences) present here into out/fonts; returns those missing."""
    folder = out / "fonts"
    folder.mkdir(exist_ok=True)
    missing = []
    for font, package in OPEN_FONT_PACKAGES.items():
        if not Path(font).is_file():
            missing.append(package)
            continue
        shutil.copy2(font, folder)
        licence = Path("/usr/share/doc") / package / "copyright"
        if licence.is_file():
            shutil.copy2(licence, folder / f"{package}.copyright")
    return missing


def checksums(out: Path) -> Path:
    lines = []
    for item in sorted(p for p in out.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        lines.append(f"{hashlib.sha256(item.read_bytes()).hexdigest()}  {item.relative_to(out).as_posix()}\n")
    target = out / "SHA256SUMS"
    target.write_text("".join(lines), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installer.wheelhouse", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="放置 wheel 文件的文件夹")
    parser.add_argument("--python", action="append", help="目标 Python 版本（可重复；默认 3.11）")
    parser.add_argument("--only", choices=[t.name for t in TARGETS], action="append", help="只下载这些平台")
    args = parser.parse_args(argv)
    pins = requirements()
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    missing: list[str] = []
    for target in TARGETS:
        if args.only and target.name not in args.only:
            continue
        for python in args.python or PYTHON_VERSIONS:
            print(f"下载 {target.name}，Python {python} …", flush=True)
            lacking = fetch(target, python, pins, args.out)
            if lacking:
                missing.append(f"{target.name}（Python {python}）：{lacking}")
    own_wheel(args.out)
    lacking_fonts = copy_open_fonts(args.out)
    if lacking_fonts:
        print(f"注意：本机没有 {'、'.join(lacking_fonts)}，wheelhouse/fonts 中缺少这些开源字体", file=sys.stderr)
    sums = checksums(args.out)
    wheels = sorted(args.out.glob("*.whl"))
    size = sum(w.stat().st_size for w in wheels) / 2**20
    print(f"{args.out}：{len(wheels)} 个 wheel 文件，共 {size:.0f} MB；校验和见 {sums.name}")
    if missing:
        print("不完整，缺少：" + "；".join(missing), file=sys.stderr)
        print("这些没有现成的 wheel，须在该种机器上（装有 C 编译器）运行 "
              "python -m installer.wheelhouse --out 另一个文件夹 --only 平台名，再把其中的 wheel 复制到这里",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
