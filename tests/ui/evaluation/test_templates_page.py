"""评议表模板 list: a copy of a template opens in the editor as a new template of its own."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.services.workspace import Workspace
from desktop.ui.evaluation.template_editor import TemplateEditor
from desktop.ui.evaluation.templates_page import TemplatesPage
from tests.ui.helpers import Answers


def test_a_copy_starts_a_new_template_from_the_selected_one(qtbot, ws: Workspace, monkeypatch):
    Answers(monkeypatch)  # closing the unsaved copy: yes, discard it
    page = TemplatesPage(ws)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    chosen = next(n for n, r in enumerate(page.model.rows) if r.kind == "民主测评")
    page.view.selectRow(chosen)
    row = page.current()
    before = len(page.model.rows)
    assert row is not None and row.published and row.items > 0
    opened: list[tuple[str, int | None, int, str]] = []

    def look() -> None:
        editor = QApplication.activeModalWidget()
        if not isinstance(editor, TemplateEditor):
            QTimer.singleShot(20, look)
            return
        spec = editor.form.spec
        opened.append((spec.name, editor.form.template_id, len(spec.all_items()), spec.family))
        editor.reject()

    QTimer.singleShot(0, look)
    page.copy_current()
    assert opened == [(f"{row.name}（副本）", None, row.items, "")]
    assert len(page.model.rows) == before  # closed unsaved: no template was added
