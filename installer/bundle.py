"""What goes into the one-folder build, apart from what PyInstaller finds by following imports.

Kept out of the spec file so a test can check it without running PyInstaller: every shipped
resource file is in the data list, no test file is, and every module of the program is a
hidden import (the command line imports its areas by name and the window loads its pages
when first shown, so following imports alone would miss some).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "frontline"  # executable, folder under /opt, package name
DISPLAY_NAME = "一线考核"
ICON_PNG = ROOT / "resources" / "icons" / "frontline.png"
ICON_ICO = ROOT / "resources" / "icons" / "frontline.ico"

# Files that are never shipped, wherever they are.
_SKIPPED_SUFFIXES = (".pyc", ".pyo")
_SKIPPED_PARTS = ("__pycache__", "tests")

# Third-party packages that load modules or data by name at run time.
DYNAMIC_PACKAGES = ("alembic", "sqlcipher3", "fontTools.ttLib.tables", "platformdirs", "pypinyin")
DATA_PACKAGES = ("reportlab", "docx", "pypinyin", "openpyxl")
# Never part of the program (test tools, GUI toolkits we do not use).
EXCLUDES = ("tests", "pytest", "_pytest", "hypothesis", "pdfplumber", "pytestqt", "tkinter", "alembic.testing",
            "sqlalchemy.testing", "IPython", "matplotlib", "numpy")


def _shipped(path: Path) -> bool:
    return path.is_file() and path.suffix not in _SKIPPED_SUFFIXES and not set(path.parts) & set(_SKIPPED_PARTS)


def _tree(folder: Path, root: Path) -> list[tuple[str, str]]:
    """(file, folder inside the build) for every shipped file under `folder`."""
    return [(str(p), str(p.parent.relative_to(root))) for p in sorted(folder.rglob("*")) if _shipped(p)]


FONT_SUFFIXES = (".ttf", ".ttc")


def shipped_fonts(root: Path = ROOT) -> list[tuple[str, str]]:
    """Open fonts put in installer/fonts/ before building (a Windows build: `make wheelhouse`
    copies them there from Debian's font packages, with their licences), shipped in
    resources/fonts where the reports fall back to them (desktop/reports/layout/fonts.py)."""
    folder = root / "installer" / "fonts"
    if not folder.is_dir():
        return []
    return [(str(p), "resources/fonts") for p in sorted(folder.iterdir())
            if p.is_file() and (p.suffix.lower() in FONT_SUFFIXES or p.name.endswith(".copyright"))]


def datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """The program's own data files: resources/ (code tables, templates, rules, icons) where
    desktop/paths.resources_dir() looks in a frozen build, the migration scripts, which Alembic
    reads as files from beside desktop/store/migrate.py, and any open fonts to ship."""
    return (_tree(root / "resources", root) + _tree(root / "desktop" / "store" / "migrations", root)
            + shipped_fonts(root))


def program_modules(root: Path = ROOT) -> list[str]:
    """Every module of the desktop package, by name (the migrations are data, not modules)."""
    names = []
    for p in sorted((root / "desktop").rglob("*.py")):
        rel = p.relative_to(root).with_suffix("")
        if "migrations" in rel.parts or not _shipped(p):
            continue
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        names.append(".".join(parts))
    return names


def windows_version_info(version: str) -> str:
    """The version resource of frontline.exe (PyInstaller's version-file syntax): what Windows
    shows under Properties → Details, in Simplified Chinese (language 0x0804, code page 1200)."""
    numbers = [int(part) for part in version.split("+")[0].split(".")[:4] if part.isdigit()]
    four = tuple([*numbers, 0, 0, 0, 0][:4])
    strings = {
        "CompanyName": "一线考核项目组",
        "FileDescription": DISPLAY_NAME,
        "FileVersion": version,
        "InternalName": NAME,
        "LegalCopyright": "一线考核项目组",
        "OriginalFilename": f"{NAME}.exe",
        "ProductName": DISPLAY_NAME,
        "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return (
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,\n"
        "                    fileType=0x1, subtype=0x0, date=(0, 0)),\n"
        "  kids=[\n"
        "    StringFileInfo([\n"
        "      StringTable('080404b0', [\n"
        f"          {table}])]),\n"
        "    VarFileInfo([VarStruct('Translation', [0x0804, 1200])]),\n"
        "  ]\n"
        ")\n"
    )
