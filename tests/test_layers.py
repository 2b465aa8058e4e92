"""The layering rule of DESIGN.md, checked on every test run (import-linter does the same
in `make lint`): domain, storage, services, reports and interchange never import Qt, and
imports point down only."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent / "desktop"
# Each layer may import only the layers listed (and itself, and outside packages).
ALLOWED = {
    "models": {"models"},
    "store": {"store", "models", "errors", "paths", "safe_read"},
    "reports": {"reports", "models", "errors", "paths", "safe_read"},
    "interchange": {"interchange", "models", "errors", "paths", "store", "safe_read"},
    "services": {"services", "models", "store", "reports", "interchange", "errors", "paths", "safe_read"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports(layer: str):
    for path in (ROOT / layer).rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith("PySide6"), f"{path} imports Qt"
            if name.startswith("desktop."):
                target = name.split(".")[1]
                assert target in ALLOWED[layer], f"{path.relative_to(ROOT)} imports {name}"
