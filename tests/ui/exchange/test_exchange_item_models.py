"""The 数据交换 tables pass pytest-qt's model tester (Python port, re-run on every reset and
data change): the import preview, and the merge screen's changes and fields — filled from the
demo database, empty, previewed again, and while the clerk decides a conflict."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services.workspace import Workspace
from desktop.ui.exchange.import_dialog import ImportDialog
from desktop.ui.exchange.import_preview_model import ActionRole, PreviewModel
from desktop.ui.exchange.package_merge_dialog import PackageMergeDialog
from desktop.ui.exchange.package_merge_model import ChangesModel, FieldsModel
from tests.ui.exchange.test_import_dialog import _edited_roster
from tests.ui.exchange.test_package_merge import PACKAGE_PASSWORD, _conflicting_package
from tests.ui.model_checks import check, column, headers, shown


def _previewed(qtbot, dialog: ImportDialog | PackageMergeDialog) -> None:
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=20000)


def test_import_preview(qtbot, qtmodeltester, demo_ws: Workspace, tmp_path: Path):
    dialog = shown(qtbot, ImportDialog(demo_ws, path=str(_edited_roster(demo_ws, tmp_path, bad=True))))
    model = dialog.model
    assert isinstance(model, PreviewModel)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0  # nothing read yet
    _previewed(qtbot, dialog)
    actions = [model.index(r, 0).data(ActionRole) for r in range(model.rowCount())]
    assert sorted(actions) == ["修改", "拒绝"] and headers(model) == ["处理", "姓名", "位置", "变化或原因"]
    _previewed(qtbot, dialog)  # 预览 again: emptied, then filled
    assert model.rowCount() == 2


def _merge_screen(qtbot, qtmodeltester, ws: Workspace, tmp_path: Path, table: str):
    """The merge screen on a package with a conflict and an addition, its `table` model
    checked from before the preview fills it."""
    package, _uid = _conflicting_package(ws, tmp_path)
    dialog = shown(qtbot, PackageMergeDialog(ws, path=str(package)))
    dialog.password_edit.setText(PACKAGE_PASSWORD)
    model = getattr(dialog, table)
    assert isinstance(model, {"changes": ChangesModel, "fields": FieldsModel}[table])
    check(qtbot, qtmodeltester, model)
    _previewed(qtbot, dialog)
    return dialog, model


def test_merge_changes(qtbot, qtmodeltester, demo_ws: Workspace, tmp_path: Path):
    dialog, model = _merge_screen(qtbot, qtmodeltester, demo_ws, tmp_path, "changes")
    assert column(model, 0) == ["冲突", "新增"] and column(model, 2)[0] == "未决定"
    qtbot.keyClick(dialog.changes_view, Qt.Key.Key_O)  # 保留办公室: the row repainted
    assert column(model, 2)[0] == "保留办公室"


def test_merge_fields(qtbot, qtmodeltester, demo_ws: Workspace, tmp_path: Path):
    dialog, model = _merge_screen(qtbot, qtmodeltester, demo_ws, tmp_path, "fields")
    assert "结论" in column(model, 0) and column(model, 3)[column(model, 0).index("结论")] == "未决定"
    dialog.fields_view.setFocus()
    dialog.fields_view.selectRow(column(model, 0).index("结论"))
    qtbot.keyClick(dialog.fields_view, Qt.Key.Key_L)  # 采用笔记本
    assert column(model, 3)[column(model, 0).index("结论")] == "采用笔记本"
    dialog.changes_view.selectRow(1)  # the new talk: what the laptop holds
    assert model.rowCount() > 0 and set(column(model, 1)) == {"（无）"}


@pytest.mark.parametrize("name", ["preview", "changes", "fields"])
def test_on_an_empty_database(qtbot, qtmodeltester, ws: Workspace, name: str):
    if name == "preview":
        model = shown(qtbot, ImportDialog(ws)).model
    else:
        model = getattr(shown(qtbot, PackageMergeDialog(ws)), name)
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0
