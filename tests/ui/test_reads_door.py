"""One door for reads: the window and the command line read through the services' query
functions, which pass the permission hook. So no module of desktop/ui or desktop/cli opens a
workspace's read session (`ws.read(...)`) or reaches past the workspace to the database's
connections. (That they import neither sqlalchemy nor desktop.store is import-linter's
contract in pyproject.toml, run by `make lint`.)"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DESKTOP = Path(__file__).parent.parent.parent / "desktop"
MODULES = sorted([*(DESKTOP / "ui").rglob("*.py"), *(DESKTOP / "cli").rglob("*.py")])
# Database, not workspace: what only the store should touch.
DATABASE_DOORS = {"read_session", "write_session", "connect", "engine", "schema_version", "checkpoint"}


def _workspace(node: ast.expr) -> bool:
    """`ws`, `self.ws`, `window.ws` …"""
    return (isinstance(node, ast.Name) and node.id == "ws") or (isinstance(node, ast.Attribute) and node.attr == "ws")


def _problems(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            if node.attr == "read" and _workspace(node.value):
                found.append(f"{node.lineno}: opens a read session (ws.read)")
            if node.attr in DATABASE_DOORS and isinstance(node.value, ast.Attribute) and node.value.attr == "db":
                found.append(f"{node.lineno}: reaches the database itself (.db.{node.attr})")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(DESKTOP)))
def test_reads_go_through_the_services_queries(path: Path):
    assert _problems(path) == []


def test_the_check_sees_what_it_forbids(tmp_path: Path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f(self):\n"
                   "    with self.ws.read('cadre.read') as s:\n        return self.ws.db.schema_version()\n",
                   encoding="utf-8")
    assert [p.split(": ")[1] for p in _problems(bad)] == [
        "opens a read session (ws.read)", "reaches the database itself (.db.schema_version)"]
