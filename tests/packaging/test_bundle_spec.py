"""The one-folder build's contents (installer/bundle.py, read by installer/frontline.spec)."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

from installer import bundle

ROOT = bundle.ROOT


def _tracked(folder: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", folder], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / line for line in out.splitlines() if line]


def test_every_shipped_resource_and_migration_is_in_the_build_where_the_program_looks():
    shipped = dict(bundle.datas())
    resources = _tracked("resources")
    assert any(p.suffix == ".csv" for p in resources) and (ROOT / "resources/icons/frontline.png") in resources
    for path in resources + _tracked("desktop/store/migrations"):
        assert shipped.get(str(path)) == str(path.parent.relative_to(ROOT)), path


def test_no_test_file_or_compiled_cache_goes_into_the_build():
    for source, target in bundle.datas():
        assert "tests" not in Path(source).relative_to(ROOT).parts
        assert "__pycache__" not in source and not source.endswith(".pyc")
        assert not target.startswith("tests")
    assert "tests" in bundle.EXCLUDES and "pytest" in bundle.EXCLUDES


def test_every_module_of_the_program_is_a_hidden_import_even_those_loaded_by_name():
    names = bundle.program_modules()
    # The command line imports its areas by name; the window may load its pages when first shown.
    assert {"desktop.cli.selftest", "desktop.cli.reports", "desktop.ui.main_window", "desktop.ui.app",
            "desktop.store.migrate", "desktop"} <= set(names)
    assert not [n for n in names if "migrations" in n]
    modules = {".".join(p.relative_to(ROOT).with_suffix("").parts) for p in (ROOT / "desktop").rglob("*.py")
               if "migrations" not in p.parts and p.name != "__init__.py"}
    assert modules <= set(names)
    assert all(importlib.util.find_spec(n) is not None for n in names)


def test_the_spec_builds_from_that_list_with_the_icon_and_the_entry_point():
    spec = (ROOT / "installer" / "frontline.spec").read_text("utf-8")
    for used in ("bundle.datas()", "bundle.program_modules()", "bundle.EXCLUDES", "bundle.ICON_ICO", "entry.py"):
        assert used in spec
    entry = (ROOT / "installer" / "entry.py").read_text("utf-8")
    assert "freeze_support()" in entry  # batch reports' worker processes are the executable again
    assert bundle.ICON_ICO.stat().st_size > 0 and bundle.ICON_PNG.stat().st_size > 0


def test_open_fonts_put_in_installer_fonts_are_shipped_where_the_reports_look(tmp_path: Path):
    fonts = tmp_path / "installer" / "fonts"
    fonts.mkdir(parents=True)
    for name in ("gbsn00lp.ttf", "wqy-microhei.ttc", "fonts-wqy-microhei.copyright", "notes.txt"):
        (fonts / name).write_bytes(b"x")
    (tmp_path / "resources").mkdir()
    (tmp_path / "desktop" / "store" / "migrations").mkdir(parents=True)
    shipped = {Path(source).name: target for source, target in bundle.datas(tmp_path)}
    assert shipped == {"gbsn00lp.ttf": "resources/fonts", "wqy-microhei.ttc": "resources/fonts",
                       "fonts-wqy-microhei.copyright": "resources/fonts"}
