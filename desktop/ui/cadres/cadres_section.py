"""The 干部档案 section: the roster tab, and one tab per open cadre file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.cadres.cadre_editor import CadreEditor
from desktop.ui.cadres.roster_page import RosterPage
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.messages import show_error
from desktop.ui.settings import Settings


class CadresSection(QTabWidget):
    def __init__(self, ws: Workspace, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setDocumentMode(True)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.roster = RosterPage(ws, settings)
        self.addTab(self.roster, "花名册")
        # The roster stays (no close button); Qt takes a null widget here, its 6.8 stubs do not say so.
        self.tabBar().setTabButton(0, self.tabBar().ButtonPosition.RightSide, None)  # type: ignore[arg-type]
        self.tabCloseRequested.connect(self.close_tab)
        self.roster.open_requested.connect(self.open_cadre)
        self.roster.new_requested.connect(self.new_cadre)
        close = QAction("关闭档案", self)
        close.setShortcut(QKeySequence("Ctrl+W"))
        close.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        close.triggered.connect(lambda: self.close_tab(self.currentIndex()))
        self.addAction(close)
        bridge_for(ws).workspace_did_change.connect(self.apply_changes)

    def focus_list(self) -> None:
        """The roster's filter when the roster is in front; an open file keeps its cursor."""
        if self.currentWidget() is self.roster:
            self.roster.focus_filter()

    def editors(self) -> list[CadreEditor]:
        return [w for i in range(self.count()) if isinstance(w := self.widget(i), CadreEditor)]

    def open_cadre(self, cadre_id: int, field: str = "") -> CadreEditor | None:
        for editor in self.editors():
            if editor.form.cadre_id == cadre_id:
                self.setCurrentWidget(editor)
                if field:
                    editor.focus_field(field)
                return editor
        try:
            editor = CadreEditor(self.ws, cadre_id)
        except Exception as exc:
            show_error(self, exc)
            return None
        self._add(editor)
        if field:
            editor.focus_field(field)
        else:  # typing goes into the file at once (it went to the empty problem summary above the fields)
            editor.basic.focus("name")
        return editor

    def new_cadre(self) -> CadreEditor:
        editor = CadreEditor(self.ws, None)
        self._add(editor)
        editor.basic.focus("name")
        return editor

    def _add(self, editor: CadreEditor) -> None:
        index = self.addTab(editor, editor.title())
        editor.title_did_change.connect(lambda title, e=editor: self.setTabText(self.indexOf(e), title))
        editor.close_requested.connect(lambda e=editor: self.close_tab(self.indexOf(e)))
        self.setCurrentIndex(index)

    def close_tab(self, index: int) -> bool:
        editor = self.widget(index)
        if not isinstance(editor, CadreEditor):
            return False
        if not editor.confirm_close():
            return False
        self.removeTab(index)
        editor.deleteLater()
        self.roster.table.setFocus()
        return True

    def confirm_close_all(self) -> bool:
        return all(self.close_tab(self.indexOf(e)) for e in self.editors())

    def apply_changes(self, changes: Changes) -> None:
        deleted = changes.entities.get("cadre")
        for editor in self.editors():
            if deleted and editor.form.cadre_id in deleted.deleted:
                if changes.by_others and editor.form.dirty:
                    editor.mark_gone()  # what this clerk typed is not thrown away unseen
                    continue
                self.removeTab(self.indexOf(editor))
                editor.deleteLater()
