"""The shared table models pass pytest-qt's model tester (Python port, re-run on every reset
and layout change): the plain ListModel and the 测评 lists' RowsModel (numbers, dashes,
colours) with rows from the demo database, emptied and refilled; and the file dialogs'
SafeListing proxy over the file system model, listing a database's folder."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDir, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFileSystemModel

from desktop.services.campaigns import campaigns
from desktop.services.evaluation import evaluation
from desktop.services.workspace import Workspace
from desktop.ui.common.file_dialogs import SafeListing
from desktop.ui.common.list_model import ListModel, keeping_current, make_table
from desktop.ui.common.rows_model import RowsModel
from tests.ui.model_checks import campaign_with_everything, check, column, headers

LOW = QBrush(QColor("#fde2e2"))


def test_list_model_emptied_and_refilled(qtbot, qtmodeltester, demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        rows = campaigns.listing(s)
    model = ListModel([("name", "考核主题"), ("kind", "类型"), ("status_label", "状态")])
    check(qtbot, qtmodeltester, model)
    assert model.rowCount() == 0 and headers(model) == ["考核主题", "类型", "状态"]
    model.set_rows(rows)
    assert column(model, 0) == [r.name for r in rows]
    view = make_table(model)
    qtbot.addWidget(view)
    view.setCurrentIndex(model.index(2, 1))
    with keeping_current(view):  # a reload in another order keeps the clerk's row
        model.set_rows(list(reversed(rows)))
    assert view.currentIndex().row() == len(rows) - 3
    model.set_rows([])
    assert model.rowCount() == 0


def test_rows_model_of_a_tally(qtbot, qtmodeltester, demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        rows = evaluation.tally_table(s, campaign_with_everything(demo_ws))
    model = RowsModel([("rank", "名次"), ("name", "姓名"), (lambda r: r.means.get("服务对象"), "服务对象"),
                       ("weighted", "加权得分"), (lambda r: f"{r.responses}/{r.issued}", "收回/发出")],
                      lambda r: LOW if r.weighted is not None and r.weighted < 80 else None)
    check(qtbot, qtmodeltester, model)
    model.set_rows(rows)
    assert rows and column(model, 1) == [r.name for r in rows]
    assert all("." not in text or not text.endswith("0") for text in column(model, 3))  # 86.5, not 86.50
    assert model.index(0, 3).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.row_object(0) is rows[0] and model.row_object(len(rows)) is None
    worst = min(range(len(rows)), key=lambda n: rows[n].weighted or Decimal(1000))
    if rows[worst].weighted is not None and rows[worst].weighted < 80:
        assert model.index(worst, 0).data(Qt.ItemDataRole.BackgroundRole) == LOW
    model.set_rows([])
    assert model.rowCount() == 0


def test_safe_listing_of_a_database_folder(qtbot, qtmodeltester, demo_ws: Workspace, demo_db: Path):
    """The dialog's proxy over a file system model of the database's folder. Not inside a
    QFileDialog: the tester fetches every folder it meets (with folders listed it walks the
    whole disk, /proc included) and also asks files to fetch, which QFileSystemModel answers by
    watching them; the dialog's own slot then re-enters the model mid-removal and Qt crashes.
    Files only here, so the walk ends at the folders on the way to ours."""
    folder = demo_db.parent
    (folder / "花名册.xlsx").write_bytes(b"PK")
    files = QFileSystemModel()
    files.setFilter(QDir.Filter.Files | QDir.Filter.NoDotAndDotDot)
    listing = SafeListing()
    listing.setSourceModel(files)
    files.setParent(listing)
    check(qtbot, qtmodeltester, listing)
    with qtbot.waitSignal(files.directoryLoaded, timeout=10000, check_params_cb=lambda p: Path(p) == folder):
        files.setRootPath(str(folder))

    def listed() -> list[str]:  # a proxy index goes stale with every change: found afresh each time
        return column(listing, 0, listing.mapFromSource(files.index(str(folder))))

    names = listed()
    assert {"demo.db", "花名册.xlsx"} <= set(names)
    assert not [n for n in names if n.endswith(("-wal", "-shm", ".keys", ".lock"))]  # the database's companions
    assert headers(listing) == ["名称", "大小", "类型", "修改日期"]
    (folder / "考核报告.pdf").write_bytes(b"%PDF-1.4")  # a file arrives: rows inserted
    qtbot.waitUntil(lambda: "考核报告.pdf" in listed(), timeout=10000)
    listing.sort(0, Qt.SortOrder.AscendingOrder)  # 名称 (sorted by the file system model): a layout change
    qtbot.waitUntil(lambda: len(listed()) == 3, timeout=10000)
    ascending = listed()
    listing.sort(0, Qt.SortOrder.DescendingOrder)  # and the other way round
    assert listed() == ascending[::-1]
