"""A section of the main window built the first time it is shown or asked for.

Building every section at start-up read the database for each (rankings, task lists, the
audit log …) before the window could appear; most are not visited in a session. The section
list holds this stand-in; the page is made inside it on first use and fills it. The stand-in
answers for the page (its attributes, methods and signals), so `window.results.targets` and
`window.pages.currentWidget() is window.results` mean what they meant when it was the page, and
focus given to it goes to the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ui.common import section_focus


class LazySection(QWidget):
    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        self._build: Callable[[], QWidget] | None = build
        self._page: QWidget | None = None
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> QWidget | None:
        """The page, if it was made (None: never shown nor asked for)."""
        return self._page

    def page(self) -> QWidget:
        if self._page is None:
            assert self._build is not None
            build, self._build = self._build, None
            self._page = build()
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._page)
            if self.isVisible():
                # Made in the stand-in's showEvent (a tab first shown): Qt has shown the
                # children it had by then, not one added now.
                self._page.show()
            # Focus given to the stand-in goes to the page, as when the page stood in the list
            # itself (section.setFocus() then Ctrl+Tab moves between a tab section's tabs).
            self.setFocusProxy(self._page)
        return self._page

    def __getattr__(self, name: str) -> Any:
        # Only what QWidget itself lacks comes here: the page's own members.
        if name.startswith("__") or "_build" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.page(), name)

    def findChildren(self, *args: Any, **kwargs: Any) -> Any:
        # The page's children, as when the page stood in the list itself (not the page too).
        return self.page().findChildren(*args, **kwargs)

    def showEvent(self, event: QShowEvent) -> None:
        self.page()
        super().showEvent(event)

    def focus_list(self) -> None:
        """What Ctrl+1 … does for a section: the keyboard into its list (MainWindow.go_to_section)."""
        page = self.page()
        focus_list = getattr(page, "focus_list", None)
        if callable(focus_list):
            focus_list()
        else:
            section_focus.settle(page)
