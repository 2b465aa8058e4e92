"""`make wheelhouse` (installer/wheelhouse.py): what it asks pip for, and the wheel's resources."""

from __future__ import annotations

import glob
import hashlib
import platform
import re
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from installer import bundle, wheelhouse

ROOT = bundle.ROOT


def test_it_asks_for_exactly_the_pinned_runtime_and_packaging_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pins = wheelhouse.requirements()
    assert pins == project["dependencies"] + project["optional-dependencies"]["package"]
    assert "sqlcipher3==0.6.4" in pins and any(p.startswith("pyinstaller==") for p in pins)
    assert not [p for p in pins if p.startswith(("pytest", "ruff", "mypy"))]


def test_a_requirement_without_an_exact_pin_is_refused(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["PySide6>=6"]\n'
                                             '[project.optional-dependencies]\npackage = []\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="没有固定版本：PySide6>=6"):
        wheelhouse.requirements(tmp_path)


def test_binary_wheels_only_for_each_platform_no_newer_than_the_oldest_glibc_it_installs_on(tmp_path: Path):
    targets = {t.name: t for t in wheelhouse.TARGETS}
    assert set(targets) == {"linux-x86_64", "linux-aarch64", "windows-x64"}
    cmd = wheelhouse.download_command(targets["linux-aarch64"], "3.11", ["PySide6==6.8.0.2"], tmp_path)
    assert "--only-binary=:all:" in cmd and cmd[cmd.index("--python-version") + 1] == "3.11"
    tags = [cmd[i + 1] for i, a in enumerate(cmd) if a == "--platform"]
    # Kylin V10 (glibc 2.31) on ARM: PySide6 6.8.0.2 publishes manylinux_2_31 for aarch64; a wheel
    # needing glibc 2.32 or newer is never taken. Older packages publish 2014 (glibc 2.17).
    assert tags[0] == "manylinux_2_31_aarch64" and "manylinux_2_28_aarch64" in tags
    assert "manylinux_2_32_aarch64" not in tags and tags[-1] == "manylinux2014_aarch64"
    # UOS 20 (Debian 10, glibc 2.28) on x86_64: PySide6 6.8.0.2's manylinux_2_28.
    assert targets["linux-x86_64"].platforms[0] == "manylinux_2_28_x86_64"
    assert targets["windows-x64"].platforms == ("win_amd64",)


def test_the_installed_qt_is_a_wheel_the_oldest_supported_system_accepts():
    # PySide6 6.8.0.2 is the newest release with manylinux_2_28 x86_64 and manylinux_2_31 aarch64
    # wheels (installer/README.md): a newer pin drops UOS 20 and Kylin V10, and fails here.
    arch = platform.machine().lower()
    for name in ("PySide6-Essentials", "PySide6-Addons", "shiboken6"):
        tags = [line.split(": ", 1)[1] for line in (metadata.distribution(name).read_text("WHEEL") or "").splitlines()
                if line.startswith("Tag: ")]
        glibc = [int(m) for tag in tags for m in re.findall(rf"manylinux_2_(\d+)_{arch}$", tag)]
        assert glibc and max(glibc) <= wheelhouse.OLDEST_GLIBC[arch], (name, tags)


def test_the_checksum_file_lets_the_usb_copy_be_checked(tmp_path: Path):
    (tmp_path / "a-1.0-py3-none-any.whl").write_bytes(b"first")
    (tmp_path / "b-2.0-py3-none-any.whl").write_bytes(b"second")
    sums = wheelhouse.checksums(tmp_path)
    assert sums.read_text() == (f"{hashlib.sha256(b'first').hexdigest()}  a-1.0-py3-none-any.whl\n"
                                f"{hashlib.sha256(b'second').hexdigest()}  b-2.0-py3-none-any.whl\n")
    assert subprocess.run(["sha256sum", "--check", "--quiet", sums.name], cwd=tmp_path).returncode == 0


def test_the_programs_wheel_carries_every_resource_where_a_wheel_install_looks():
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["data-files"]
    carried = {str(Path(target) / Path(f).name) for target, patterns in data_files.items()
               for pattern in patterns for f in glob.glob(str(ROOT / pattern))}
    tracked = subprocess.run(["git", "ls-files", "resources"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    # desktop/paths.resources_dir looks in <prefix>/share/frontline/resources.
    assert {f"share/frontline/{f}" for f in tracked} == carried


def test_the_open_fonts_and_their_licences_travel_with_the_wheels(tmp_path: Path):
    missing = wheelhouse.copy_open_fonts(tmp_path)
    present = [Path(f).name for f, package in wheelhouse.OPEN_FONT_PACKAGES.items() if package not in missing]
    assert sorted(p.name for p in (tmp_path / "fonts").glob("*.tt?")) == sorted(present)
    for font, package in wheelhouse.OPEN_FONT_PACKAGES.items():
        if package not in missing:
            assert (tmp_path / "fonts" / Path(font).name).read_bytes() == Path(font).read_bytes()
    sums = wheelhouse.checksums(tmp_path).read_text()
    assert all(f"  fonts/{name}\n" in sums for name in present)
