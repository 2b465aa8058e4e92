"""Shared by the tests/ui/<feature>/test_*_item_models.py modules, which run every Qt item
model of the window through pytest-qt's model tester (`qtmodeltester.check(model,
force_py=True)`: the Python port, which stays connected and checks the model again after
every reset, layout change, insertion or data change until the test ends).

One model per test: the fixture holds one tester, and a second `check` would leave the first
model wired to a tester that is watching another model. The registry of tested model classes
is in tests/ui/test_item_model_registry.py."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from desktop.models import BallotBatch, Campaign, PointEntry, Sheet, Talk, Visit
from desktop.services.workspace import Workspace

W = TypeVar("W", bound=QWidget)


def check(qtbot, qtmodeltester, model: QAbstractItemModel) -> None:
    """`qtmodeltester.check(model, force_py=True)`, the model's window kept alive to the end of
    the test and the tester let go of the model before pytest-qt closes and deletes that
    window: the fixture's own teardown comes later and would disconnect from a deleted model
    ("Signal source has been deleted"). qtbot keeps only a weak reference to a widget, so a
    page that nothing else holds would go (with its model) as soon as the test returns; the
    callback below holds it."""
    qtmodeltester.check(model, force_py=True)
    owner = QObject.parent(model)  # not the item model's parent(index), which a tree model overrides
    if isinstance(owner, QWidget):
        window = owner.window()
        qtbot.addWidget(window, before_close_func=lambda _w, keep=window: qtmodeltester._cleanup())


def shown(qtbot, widget: W) -> W:
    """The widget on screen, as the window shows it (some pages load when first shown), and
    kept to the end of the test even when the test keeps only its model."""
    qtbot.addWidget(widget, before_close_func=lambda _w, keep=widget: None)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def column(model: QAbstractItemModel, col: int = 0, parent: QModelIndex | None = None) -> list[str]:
    """The text a clerk reads down one column."""
    parent = parent if parent is not None else QModelIndex()
    return [model.index(row, col, parent).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount(parent))]


def headers(model: QAbstractItemModel) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def campaign_with_everything(ws: Workspace) -> int:
    """A demo campaign with visits, talks, ledger entries, sheets and ballot batches."""
    with ws.read("test.inspect") as s:
        ids = set(s.scalars(select(Campaign.id)))
        for kind in (Visit, Talk, PointEntry, Sheet, BallotBatch):
            ids &= set(s.scalars(select(kind.campaign_id)))
    assert ids, "the demo database has no campaign with every kind of record"
    return min(ids)
