"""Choosing files and folders without ever reading them.

Why not QFileDialog.getOpenFileName & co: Qt's file dialog asks the MIME database for each
file's icon and 类型, and for an unknown name that means opening the file and reading its
first bytes — including our own database, its `-wal`, `-shm` and `.keys`. SQLite's locks on
Linux are POSIX advisory locks: they belong to the process and are dropped as soon as *any*
descriptor of the file in that process is closed. One glance at the database's folder was
enough for another process to delete the window's `-wal` under it (issue 10).

So every dialog of the window is built here:
- Linux (and any other POSIX system) gets Qt's own dialog, never the GTK/portal one (which
  sniffs just the same, out of our reach), with an icon provider that decides icon and 类型
  from the name alone, and a proxy that never lists SQLite's sidecar files or key/lock files;
  labels, headers and types are in Chinese.
- Windows keeps its native dialog: SQLite locks there with LockFileEx, which belongs to the
  handle SQLite opened, so Explorer reading a file cannot release it; the shell opens files
  with sharing modes, and SQLite retries a delete a scanner briefly blocks. Clerks know that
  dialog (此电脑, network drives, quick access), and it is already in Chinese.

A file chosen that belongs to the window's open database (typed by hand, or the database
itself) is refused with a message: reading it would drop the locks as surely, and saving an
export over it would destroy it.

Each function remembers the last folder per *purpose* (a short key such as "exports"), so an
export starts where the previous one went. `ask` is the one place a dialog is run modally;
tests replace it to answer (and to check the title, filters and default name).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QDir,
    QFileInfo,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QMessageBox,
    QSplitter,
    QStyle,
    QTreeView,
    QWidget,
)

from desktop.ui.settings import Settings

NATIVE = sys.platform == "win32"
ALL_FILES = "所有文件 (*)"

# SQLite's sidecars and our key and lock files: never something a clerk should pick, and
# opening one is exactly what must not happen.
HIDDEN_SUFFIXES = ("-wal", "-shm", "-journal", ".keys", ".lock")

FOLDER_TYPE = "文件夹"
DRIVE_TYPE = "磁盘"
TYPE_NAMES = {
    "db": "一线考核数据库",
    "flpkg": "外出考核数据包",
    "lrmx": "任免审批表",
    "lrm": "任免审批表（旧版）",
    "pic": "任免审批表照片",
    "xlsx": "Excel 工作簿",
    "xlsm": "Excel 启用宏的工作簿",
    "xls": "Excel 97-2003 工作簿",
    "et": "WPS 表格",
    "csv": "CSV 文件",
    "docx": "Word 文档",
    "doc": "Word 97-2003 文档",
    "wps": "WPS 文字文档",
    "pdf": "PDF 文件",
    "ofd": "OFD 版式文件",
    "txt": "文本文件",
    "zip": "zip 压缩包",
    "rar": "rar 压缩包",
    "7z": "7z 压缩包",
    "jpg": "JPEG 图片",
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
    "bmp": "BMP 图片",
    "tif": "TIFF 图片",
    "tiff": "TIFF 图片",
    "gif": "GIF 图片",
    "ttf": "TrueType 字体",
    "ttc": "TrueType 字体集",
    "otf": "OpenType 字体",
}

# Icons by kind: a theme icon where the desktop has one (UOS, Kylin), else Qt's plain file.
_THEME_ICONS = {
    "spreadsheet": ("x-office-spreadsheet", ("xlsx", "xlsm", "xls", "et", "csv")),
    "document": ("x-office-document", ("docx", "doc", "wps", "lrmx", "lrm", "txt")),
    "pdf": ("application-pdf", ("pdf", "ofd")),
    "archive": ("package-x-generic", ("zip", "rar", "7z", "flpkg")),
    "image": ("image-x-generic", ("jpg", "jpeg", "png", "bmp", "tif", "tiff", "gif", "pic")),
    "font": ("font-x-generic", ("ttf", "ttc", "otf")),
}

HEADERS = ("名称", "大小", "类型", "修改日期")
SIZE_COLUMN, DATE_COLUMN = 1, 3


def is_hidden_name(name: str) -> bool:
    return name.lower().endswith(HIDDEN_SUFFIXES)


def size_text(size: int) -> str:
    """As Windows Explorer shows sizes: whole KB up to a megabyte, then one decimal."""
    if size < 1024 * 1024:
        return f"{(size + 1023) // 1024:,} KB"
    if size < 1024 ** 3:
        return f"{size / 1024 ** 2:.1f} MB"
    return f"{size / 1024 ** 3:.1f} GB"


def _suffix(info: QFileInfo) -> str:
    # From the name only; QFileInfo.suffix() is a string operation, it reads nothing.
    return info.suffix().lower()


def type_name(info: QFileInfo) -> str:
    if info.isRoot():
        return DRIVE_TYPE
    if info.isDir():
        return FOLDER_TYPE
    suffix = _suffix(info)
    if suffix in TYPE_NAMES:
        return TYPE_NAMES[suffix]
    return f"{suffix.upper()} 文件" if suffix else "文件"


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and 类型 from the file name alone: Qt's own provider reads the file's first bytes
    to guess its MIME type, which is what must never happen to our database files."""

    def __init__(self) -> None:
        super().__init__()
        style = QApplication.style()
        sp = QStyle.StandardPixmap
        self._file = style.standardIcon(sp.SP_FileIcon)
        self._folder = style.standardIcon(sp.SP_DirIcon)
        self._kinds = {
            QAbstractFileIconProvider.IconType.Computer: style.standardIcon(sp.SP_ComputerIcon),
            QAbstractFileIconProvider.IconType.Desktop: style.standardIcon(sp.SP_DesktopIcon),
            QAbstractFileIconProvider.IconType.Trashcan: style.standardIcon(sp.SP_TrashIcon),
            QAbstractFileIconProvider.IconType.Network: style.standardIcon(sp.SP_DriveNetIcon),
            QAbstractFileIconProvider.IconType.Drive: style.standardIcon(sp.SP_DriveHDIcon),
            QAbstractFileIconProvider.IconType.Folder: self._folder,
            QAbstractFileIconProvider.IconType.File: self._file,
        }
        self._by_suffix: dict[str, QIcon] = {}
        for theme_name, suffixes in _THEME_ICONS.values():
            icon = QIcon.fromTheme(theme_name, self._file)
            self._by_suffix.update(dict.fromkeys(suffixes, icon))

    def icon(self, what: Any) -> QIcon:  # both overloads: IconType or QFileInfo
        if isinstance(what, QAbstractFileIconProvider.IconType):
            return self._kinds.get(what, self._file)
        info: QFileInfo = what
        if info.isRoot():
            return self._kinds[QAbstractFileIconProvider.IconType.Drive]
        if info.isDir():
            return self._folder
        return self._by_suffix.get(_suffix(info), self._file)

    def type(self, info: QFileInfo) -> str:
        return type_name(info)


class SafeListing(QSortFilterProxyModel):
    """The dialog's view of the folder: sidecar, key and lock files left out, Chinese headers,
    sorting left to the file system model (folders first, sizes as numbers)."""

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        source = self.sourceModel()
        assert isinstance(source, QFileSystemModel)
        index = source.index(row, 0, parent)
        return source.isDir(index) or not is_hidden_name(source.fileName(index))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Size and date as a clerk reads them, not in the system's (often C) locale.
        if role == Qt.ItemDataRole.DisplayRole and index.column() in (SIZE_COLUMN, DATE_COLUMN):
            source = self.sourceModel()
            assert isinstance(source, QFileSystemModel)
            at = self.mapToSource(index)
            if index.column() == DATE_COLUMN:
                return source.lastModified(at).toString("yyyy-MM-dd HH:mm")
            return "" if source.isDir(at) else size_text(source.size(at))
        return super().data(index, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


_provider: NameOnlyIconProvider | None = None


def icon_provider() -> NameOnlyIconProvider:
    # One for every dialog: QFileDialog does not own it, so it must outlive them all.
    global _provider
    if _provider is None:
        _provider = NameOnlyIconProvider()
    return _provider


# --- where a dialog starts ----------------------------------------------------------------

def _setting_key(purpose: str) -> str:
    return f"{purpose}/last_folder"


def remembered_folder(purpose: str | None) -> Path:
    if purpose:
        value = Settings().value(_setting_key(purpose))
        if value and Path(str(value)).is_dir():
            return Path(str(value))
    return Path.home()


def remember(purpose: str | None, folder: Path) -> None:
    if purpose:
        Settings().set_value(_setting_key(purpose), str(folder))


def _existing_folder(path: Path) -> Path | None:
    for folder in (path, *path.parents):
        if folder.is_dir():
            return folder
    return None


def starting_point(start: str, purpose: str | None, want_folder: bool = False) -> tuple[Path, str]:
    """The folder to show and the name to preselect for `start`: empty or a bare name starts
    in the purpose's last folder (else the home folder); a path starts where it points."""
    if not start or (not want_folder and Path(start).name == start):
        return remembered_folder(purpose), start
    path = Path(start).expanduser()
    if path.is_dir():
        return path, ""
    folder = _existing_folder(path.parent) if path.is_absolute() else None
    if folder is None:
        return remembered_folder(purpose), "" if want_folder else path.name
    return folder, "" if want_folder else path.name


# --- building and running -----------------------------------------------------------------

def _sidebar() -> list[QUrl]:
    places = [QDir.homePath()]
    for location in (QStandardPaths.StandardLocation.DesktopLocation,
                     QStandardPaths.StandardLocation.DocumentsLocation,
                     QStandardPaths.StandardLocation.DownloadLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder and folder not in places and Path(folder).is_dir():
            places.append(folder)
    return [QUrl.fromLocalFile(p) for p in places] + [QUrl("file:")]


def _wants_folder(dialog: QFileDialog) -> bool:
    return dialog.fileMode() == QFileDialog.FileMode.Directory


def _make_safe(dialog: QFileDialog, accept_label: str) -> None:
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    # Before the event loop runs: the model asks the provider only when its listing arrives.
    dialog.setIconProvider(icon_provider())
    dialog.setProxyModel(SafeListing(dialog))
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.setSidebarUrls(_sidebar())
    labels = {
        QFileDialog.DialogLabel.LookIn: "查找范围：",
        QFileDialog.DialogLabel.FileName: "文件夹：" if _wants_folder(dialog) else "文件名：",
        QFileDialog.DialogLabel.FileType: "文件类型：",
        QFileDialog.DialogLabel.Accept: accept_label,
        QFileDialog.DialogLabel.Reject: "取消",
    }
    for label, text in labels.items():
        dialog.setLabelText(label, text)
    _tidy(dialog)
    dialog.resize(860, 540)


def _tidy(dialog: QFileDialog) -> None:
    """Widths that show whole Chinese names and types; no 文件类型 row when choosing a folder."""
    view = dialog.findChild(QTreeView, "treeView")
    if view is not None:
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((SIZE_COLUMN, 80), (2, 140), (DATE_COLUMN, 130)):
            header.resizeSection(column, width)
        # The header's own menu was built from Qt's titles (体积); say what the columns say.
        for action, title in zip(header.actions(), HEADERS[1:], strict=False):
            action.setText(f"显示{title}")
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None:
        splitter.setSizes([170, 690])
    if _wants_folder(dialog):
        for name in ("fileTypeCombo", "fileTypeLabel"):
            widget = dialog.findChild(QWidget, name)
            if widget is not None:
                widget.hide()


def build(parent: QWidget | None, title: str, mode: QFileDialog.FileMode, start: str = "",
          filters: str = "", purpose: str | None = None, save: bool = False) -> QFileDialog:
    want_folder = mode == QFileDialog.FileMode.Directory
    folder, name = starting_point(start, purpose, want_folder)
    dialog = QFileDialog(parent, title, str(folder), "" if want_folder else (filters or ALL_FILES))
    dialog.setFileMode(mode)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if want_folder:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    if not NATIVE:
        _make_safe(dialog, "保存" if save else "选择" if want_folder else "打开")
    if name:
        dialog.selectFile(name)
    dialog.setProperty("frontline_purpose", purpose or "")
    return dialog


def ask(dialog: QFileDialog) -> list[str]:
    """Runs the dialog modally; the chosen paths, or [] when cancelled."""
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return []
        return dialog.selectedFiles()
    finally:
        dialog.deleteLater()  # parented to a long-lived window: do not keep its model alive


def _held_open_here(path: Path) -> bool:
    # Linux lists this process's descriptors in /proc; stat() follows each link without
    # opening anything. Elsewhere (Windows) a second handle cannot release SQLite's locks.
    fds = Path("/proc/self/fd")
    try:
        wanted = path.stat()
        links = list(fds.iterdir()) if fds.is_dir() else []
    except OSError:
        return False
    for link in links:
        try:
            held = link.stat()
        except OSError:  # closed meanwhile, or the listing's own descriptor
            continue
        if (held.st_dev, held.st_ino) == (wanted.st_dev, wanted.st_ino):
            return True
    return False


def refusal(path: Path) -> str | None:
    """Why `path` must not be read or written outside SQLite, or None: the window's own
    database files (reading one drops SQLite's locks; writing one destroys the data), or a
    companion of any database, typed by hand since the lists never show them."""
    name = path.name
    if path.is_dir():
        return None
    if _held_open_here(path):
        return f"“{name}”是本程序正在使用的数据库文件，不能在这里选择。请另选一个文件。"
    for suffix in HIDDEN_SUFFIXES:
        if name.lower().endswith(suffix) and path.with_name(name[:-len(suffix)]).is_file():
            return f"“{name}”是数据库“{name[:-len(suffix)]}”的附属文件，不能在这里选择。请另选一个文件。"
    return None


def _run(dialog: QFileDialog, purpose: str | None, folder_of: Callable[[Path], Path]) -> list[str]:
    parent, title = dialog.parentWidget(), dialog.windowTitle()
    chosen = ask(dialog)
    reasons = [r for r in (refusal(Path(p)) for p in chosen) if r]
    if reasons:
        QMessageBox.warning(parent, title, reasons[0])
        return []
    if chosen:
        remember(purpose, folder_of(Path(chosen[0])))
    return chosen


def open_file(parent: QWidget | None, title: str, start: str = "", filters: str = "",
              purpose: str | None = None) -> str:
    dialog = build(parent, title, QFileDialog.FileMode.ExistingFile, start, filters, purpose)
    chosen = _run(dialog, purpose, lambda p: p.parent)
    return chosen[0] if chosen else ""


def open_files(parent: QWidget | None, title: str, start: str = "", filters: str = "",
               purpose: str | None = None) -> list[str]:
    dialog = build(parent, title, QFileDialog.FileMode.ExistingFiles, start, filters, purpose)
    return _run(dialog, purpose, lambda p: p.parent)


def save_file(parent: QWidget | None, title: str, start: str = "", filters: str = "",
              purpose: str | None = None) -> str:
    dialog = build(parent, title, QFileDialog.FileMode.AnyFile, start, filters, purpose, save=True)
    chosen = _run(dialog, purpose, lambda p: p.parent)
    return chosen[0] if chosen else ""


def choose_folder(parent: QWidget | None, title: str, start: str = "", purpose: str | None = None) -> str:
    dialog = build(parent, title, QFileDialog.FileMode.Directory, start, purpose=purpose)
    chosen = _run(dialog, purpose, lambda p: p)
    return chosen[0] if chosen else ""
