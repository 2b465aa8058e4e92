"""The window's file dialogs never open the files they list (issue 10).

Qt's file dialog guesses each file's type by reading its first bytes. Done to our own
database from inside the window, closing that descriptor dropped SQLite's POSIX locks, and
another process then deleted the window's `-wal` under it. The tests below show the
program's dialog on a folder holding an open database, let it list the folder and name every
row's type and icon, and ask the kernel (inotify) whether any file there was opened.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QFileSystemModel, QLabel, QTreeView

from desktop.services.workspace import Workspace
from desktop.ui.cadres.photo import PhotoPanel
from desktop.ui.common import file_dialogs
from desktop.ui.login_dialog import DB_FILTER, LoginDialog
from desktop.ui.settings import Settings
from tests.ui.common.open_watch import AVAILABLE, OpenWatch
from tests.ui.helpers import Answers, FileAnswers

linux_only = pytest.mark.skipif(not AVAILABLE, reason="inotify is Linux's; POSIX locks are the risk there")
ALL_FILES = "所有文件 (*)"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
      b"trailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def qt_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's own dialog on every platform here (Windows would get its native one)."""
    monkeypatch.setattr(file_dialogs, "NATIVE", False)


@pytest.fixture
def db_folder(demo_ws: Workspace, demo_db: Path) -> Path:
    """The folder of a database the window has open: the database, its -wal, -shm and
    .keys, a process lock, a spreadsheet, a PDF and a sub-folder."""
    folder = demo_db.parent
    assert all((folder / f"{demo_db.name}{s}").exists() for s in ("-wal", "-shm", ".keys")), \
        sorted(p.name for p in folder.iterdir())
    (folder / f"{demo_db.name}.lock").write_text("12345")
    book = openpyxl.Workbook()
    book.active.append(["姓名", "单位"])
    book.save(folder / "花名册.xlsx")
    (folder / "报告.pdf").write_bytes(PDF)
    (folder / "子文件夹").mkdir()
    return folder


def _files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.is_file()}


def _list_everything(qtbot, dialog: QFileDialog, folder: Path) -> dict[str, str]:
    """Shows the dialog and waits until it has listed `folder` and named every row's type and
    icon, as a clerk looking at it would make it; returns name → 类型 as shown."""
    source = dialog.findChild(QFileSystemModel)
    with qtbot.waitSignal(source.directoryLoaded, timeout=10000,
                          check_params_cb=lambda path: Path(path) == folder):
        dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    assert Path(source.filePath(_to_source(dialog, view.rootIndex()))) == folder
    qtbot.waitUntil(lambda: _shown(dialog) and all(_shown(dialog).values()), timeout=10000)
    return _shown(dialog)


def _shown(dialog: QFileDialog) -> dict[str, str]:
    """The rows the dialog lists now, name → 类型; the icon is asked for too, as painting does."""
    view = dialog.findChild(QTreeView, "treeView")
    model, root = view.model(), view.rootIndex()
    shown = {}
    for row in range(model.rowCount(root)):
        model.index(row, 0, root).data(Qt.ItemDataRole.DecorationRole)
        shown[model.index(row, 0, root).data()] = model.index(row, 2, root).data()
    return shown


def _to_source(dialog: QFileDialog, index: QModelIndex) -> QModelIndex:
    proxy = dialog.proxyModel()
    return proxy.mapToSource(index) if proxy is not None else index


def _program_dialog(folder: Path, kind: str) -> QFileDialog:
    mode = {"open": QFileDialog.FileMode.ExistingFile, "save": QFileDialog.FileMode.AnyFile,
            "folder": QFileDialog.FileMode.Directory}[kind]
    dialog = file_dialogs.build(None, "选择数据库", mode, str(folder), DB_FILTER, save=kind == "save")
    if kind != "folder":
        dialog.selectNameFilter(ALL_FILES)  # every file listed, as "所有文件" does
    return dialog


@linux_only
def test_detector_sees_an_ordinary_open(tmp_path: Path):
    (tmp_path / "a.db").write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    with OpenWatch(tmp_path) as watch:
        (tmp_path / "a.db").read_bytes()
        list((tmp_path / "sub").iterdir())  # a folder listed is not a file read
        assert watch.opened() == ["a.db"]


@linux_only
@pytest.mark.parametrize("kind", ["open", "save", "folder"])
def test_the_programs_dialog_opens_none_of_the_files_it_lists(qtbot, db_folder: Path, kind: str):
    with OpenWatch(db_folder) as watch:
        dialog = _program_dialog(db_folder, kind)
        qtbot.addWidget(dialog)
        shown = _list_everything(qtbot, dialog, db_folder)
        if kind == "folder":
            assert set(shown) == {"home", "子文件夹"}
        else:
            assert {"demo.db", "花名册.xlsx", "报告.pdf", "子文件夹"} <= set(shown)
        dialog.reject()
        assert watch.opened() == [], "the dialog read files of the database's folder"


@linux_only
def test_a_plain_qt_dialog_does_open_them(qtbot, db_folder: Path):
    """Why the module exists, and proof that the procedure above would catch it: the same
    steps with Qt's stock dialog read the database and its companions. (Should a Qt release
    stop sniffing, this test fails: then delete it, the test above still guards.)"""
    with OpenWatch(db_folder) as watch:
        dialog = QFileDialog(None, "选择数据库", str(db_folder), ALL_FILES)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        _list_everything(qtbot, dialog, db_folder)
        dialog.reject()
        assert "demo.db" in watch.opened()


def test_sidecar_key_and_lock_files_are_never_offered(qtbot, db_folder: Path):
    dialog = _program_dialog(db_folder, "open")
    qtbot.addWidget(dialog)
    shown = _list_everything(qtbot, dialog, db_folder)
    assert set(shown) == {"demo.db", "花名册.xlsx", "报告.pdf", "子文件夹", "home"}
    assert {"demo.db-wal", "demo.db-shm", "demo.db.keys", "demo.db.lock"} <= _files(db_folder)
    dialog.selectNameFilter("一线考核数据库 (*.db)")
    qtbot.waitUntil(lambda: set(_shown(dialog)) == {"demo.db", "子文件夹", "home"})


def test_types_are_named_in_chinese_from_the_name(qtbot, db_folder: Path):
    (db_folder / "张三.lrmx").write_text("<Person/>", encoding="utf-8")
    (db_folder / "外出.flpkg").write_bytes(b"\0" * 16)
    (db_folder / "说明").write_text("无扩展名")
    dialog = _program_dialog(db_folder, "open")
    qtbot.addWidget(dialog)
    shown = _list_everything(qtbot, dialog, db_folder)
    assert shown == {"demo.db": "一线考核数据库", "花名册.xlsx": "Excel 工作簿", "报告.pdf": "PDF 文件",
                     "张三.lrmx": "任免审批表", "外出.flpkg": "外出考核数据包", "说明": "文件",
                     "子文件夹": "文件夹", "home": "文件夹"}


def test_the_dialog_speaks_chinese(qtbot, db_folder: Path):
    dialog = file_dialogs.build(None, "导出花名册", QFileDialog.FileMode.AnyFile, str(db_folder / "花名册.xlsx"),
                                "Excel 工作簿 (*.xlsx)", save=True)
    qtbot.addWidget(dialog)
    _list_everything(qtbot, dialog, db_folder)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.text()]
    texts += [w.toolTip() for w in dialog.findChildren(QAbstractButton) if w.toolTip()]
    assert {"查找范围：", "文件名：", "文件类型：", "保存", "取消"} <= set(texts), texts
    assert not [t for t in texts if t.replace("&", "").isascii()], texts
    header = dialog.findChild(QTreeView, "treeView").header()
    model = header.model()
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)] == ["名称", "大小", "类型", "修改日期"]
    assert [a.text() for a in header.actions()] == ["显示大小", "显示类型", "显示修改日期"]
    assert dialog.selectedFiles() == [str(db_folder / "花名册.xlsx")]


def test_sizes_read_as_explorer_shows_them():
    assert [file_dialogs.size_text(n) for n in (0, 1, 1024, 1025, 5000, 3 * 1024 ** 2, 5 * 1024 ** 3)] == \
        ["0 KB", "1 KB", "1 KB", "2 KB", "5 KB", "3.0 MB", "5.0 GB"]


def test_each_purpose_remembers_its_last_folder(tmp_path: Path, monkeypatch):
    exports, imports = tmp_path / "导出", tmp_path / "导入"
    exports.mkdir()
    imports.mkdir()
    files = FileAnswers(monkeypatch, exports / "花名册.xlsx", imports / "名册.xlsx", None, None)
    assert file_dialogs.save_file(None, "导出花名册", "花名册.xlsx", "Excel 工作簿 (*.xlsx)", purpose="exports") \
        == str(exports / "花名册.xlsx")
    assert file_dialogs.open_file(None, "选择要导入的文件", "", purpose="imports") == str(imports / "名册.xlsx")
    assert file_dialogs.save_file(None, "导出统计", "统计.xlsx", purpose="exports") == ""
    assert file_dialogs.choose_folder(None, "保存到文件夹", "", purpose="fonts") == ""
    assert [(a.folder, a.name) for a in files.asked] == [
        (Path.home(), "花名册.xlsx"), (Path.home(), ""), (exports, "统计.xlsx"), (Path.home(), "")]
    assert Settings().value("imports/last_folder") == str(imports)


def test_a_path_given_starts_there(tmp_path: Path):
    (tmp_path / "a").mkdir()
    start = file_dialogs.starting_point
    assert start(str(tmp_path / "a" / "x.db"), None) == (tmp_path / "a", "x.db")
    assert start(str(tmp_path / "a"), None) == (tmp_path / "a", "")
    assert start(str(tmp_path / "gone" / "deeper" / "x.db"), None) == (tmp_path, "x.db")
    assert start(str(tmp_path / "a" / "x.xlsx"), None, want_folder=True) == (tmp_path / "a", "")


def test_windows_keeps_its_native_dialog(monkeypatch):
    monkeypatch.setattr(file_dialogs, "NATIVE", True)
    dialog = file_dialogs.build(None, "选择数据库", QFileDialog.FileMode.ExistingFile, "", DB_FILTER)
    assert not dialog.testOption(QFileDialog.Option.DontUseNativeDialog) and dialog.proxyModel() is None
    dialog.deleteLater()


def test_login_browse_fills_in_the_chosen_database(qtbot, demo_db: Path, monkeypatch):
    files = FileAnswers(monkeypatch, demo_db)
    dialog = LoginDialog(Settings())
    qtbot.addWidget(dialog)
    dialog._browse()
    assert dialog.db_edit.text() == str(demo_db)
    assert files.asked[0].title == "选择数据库" and files.asked[0].filters == DB_FILTER.split(";;")


def test_roster_export_asks_with_its_name_and_filter(qtbot, window, tmp_path: Path, monkeypatch):
    target = tmp_path / "名册.xlsx"
    files = FileAnswers(monkeypatch, target)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists, timeout=20000)
    asked = files.asked[0]
    assert (asked.title, asked.filters) == ("导出花名册", ["Excel 工作簿 (*.xlsx)"])
    assert asked.name.startswith("干部花名册-") and asked.name.endswith(".xlsx")
    rows = list(openpyxl.load_workbook(target).active.values)
    assert any("姓名" in row for row in rows[:3]) and len(rows) > 100


@linux_only
def test_the_open_database_is_refused_unread_as_a_photo(qtbot, demo_ws, demo_db: Path, monkeypatch):
    """Chosen by name or dropped from a file manager, the window's own database is not read."""
    panel = PhotoPanel()
    qtbot.addWidget(panel)
    changed: list[bytes] = []
    panel.photo_did_change.connect(changed.append)
    FileAnswers(monkeypatch, demo_db)
    answers = Answers(monkeypatch)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(demo_db))])
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with OpenWatch(demo_db.parent) as watch:
        panel.choose()
        panel.dropEvent(drop)
        assert watch.opened() == []
    assert answers.asked == ["“demo.db”是本程序正在使用的数据库文件，不能在这里选择。请另选一个文件。"] * 2
    assert changed == []


@linux_only
def test_nothing_is_saved_over_the_database_or_a_key_file(demo_ws, demo_db: Path, monkeypatch):
    fresh = demo_db.with_name("新.xlsx")
    FileAnswers(monkeypatch, demo_db, Path(f"{demo_db}.keys"), fresh)
    answers = Answers(monkeypatch)
    assert file_dialogs.save_file(None, "附件另存为", "a.xlsx", purpose="attachments") == ""
    assert file_dialogs.save_file(None, "附件另存为", "a.xlsx", purpose="attachments") == ""
    assert answers.asked == ["“demo.db”是本程序正在使用的数据库文件，不能在这里选择。请另选一个文件。",
                             "“demo.db.keys”是数据库“demo.db”的附属文件，不能在这里选择。请另选一个文件。"]
    assert Settings().value("attachments/last_folder") is None
    assert file_dialogs.save_file(None, "附件另存为", "a.xlsx", purpose="attachments") == str(fresh)
