"""The photo of the 任免审批表: drop or choose an image, crop it to the form's 5:7 frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPainter, QPen, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import safe_read
from desktop.errors import FileRefused
from desktop.ui.common import file_dialogs

RATIO = 5 / 7  # width : height of the photo cell (a one-inch photo, 25 × 35 mm)
OUTPUT = (330, 462)
IMAGE_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff);;所有文件 (*)"
MAX_BYTES = 20 * 1024 * 1024


def to_jpeg(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    _flattened(image).save(buffer, "JPEG", 90)
    return bytes(buffer.data().data())


def _flattened(image: QImage) -> QImage:
    """The image on white: JPEG has no alpha, and converting a transparent PNG straight to
    RGB turns its transparent background black."""
    flat = QImage(image.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    painter = QPainter(flat)
    painter.drawImage(0, 0, image)
    painter.end()
    return flat


def load_image(path: str) -> QImage:
    """The picture in `path`, read as bytes first: QImage(path) would block on a named pipe."""
    try:
        data = safe_read.read_limited(path, MAX_BYTES)
    except FileRefused as exc:
        raise ValueError(str(exc)) from None
    image = QImage.fromData(data)
    if image.isNull():
        raise ValueError(f"无法读取图片 {Path(path).name}：文件已损坏或不是图片")
    return image


class CropFrame(QGraphicsRectItem):
    """The 5:7 frame. It never leaves the image, dragged or resized: a crop reaching past the
    edge would fill the photo with black where there is no image."""

    MIN_HEIGHT = 40.0

    def __init__(self, bounds: QRectF, height: float) -> None:
        super().__init__()
        self.bounds = bounds
        self.setFlag(QGraphicsRectItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsRectItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.resize(height, bounds.center())

    def max_height(self) -> float:
        return min(self.bounds.height(), self.bounds.width() / RATIO)

    def resize(self, height: float, center: QPointF | None = None) -> None:
        """A new height (clamped to what fits), keeping the centre where it was."""
        center = center if center is not None else self.scene_rect().center()
        top = self.max_height()
        height = max(min(self.MIN_HEIGHT, top), min(height, top))
        width = height * RATIO
        self.setRect(QRectF(0, 0, width, height))
        self.setPos(center - QPointF(width / 2, height / 2))  # clamped by itemChange

    def scene_rect(self) -> QRectF:
        return self.rect().translated(self.pos())

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and isinstance(value, QPointF):
            r, b = self.rect(), self.bounds
            x = min(max(value.x(), b.left()), max(b.left(), b.right() - r.width()))
            y = min(max(value.y(), b.top()), max(b.top(), b.bottom() - r.height()))
            return QPointF(x, y)
        return super().itemChange(change, value)


class CropView(QGraphicsView):
    """The image with a 5:7 frame the clerk drags into place; the mouse wheel resizes it."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.pixmap = QGraphicsPixmapItem(QPixmap.fromImage(image))
        self.scene().addItem(self.pixmap)
        w, h = image.width(), image.height()
        bounds = self.pixmap.boundingRect()
        self.frame = CropFrame(bounds, min(h, w / RATIO) * 0.9)
        self.frame.setPen(QPen(Qt.GlobalColor.red, max(2.0, w / 200)))
        self.scene().addItem(self.frame)
        # The pen is drawn half outside the frame: keep the scene to the image, so the view
        # neither scrolls nor shrinks the image to show the frame's edge.
        self.setSceneRect(bounds)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setMinimumSize(420, 420)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        self.fitInView(self.pixmap, Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.05 if event.angleDelta().y() < 0 else 1 / 1.05
        self.frame.resize(self.frame.rect().height() * factor)

    def cropped(self) -> QImage:
        source = self.pixmap.pixmap().toImage()
        # The frame is inside the image; rounding to whole pixels must not take it outside.
        rect = self.frame.scene_rect().toAlignedRect().intersected(source.rect())
        image = source.copy(rect)
        return image.scaled(*OUTPUT, Qt.AspectRatioMode.IgnoreAspectRatio,
                            Qt.TransformationMode.SmoothTransformation)


class CropDialog(QDialog):
    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("裁剪照片")
        self.view = CropView(image)
        hint = QLabel("拖动红框选择头像区域，滚动鼠标滚轮调整大小。照片将按任免审批表的比例（5:7）保存。")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def jpeg(self) -> bytes:
        return to_jpeg(self.view.cropped())


class PhotoPanel(QWidget):
    """Signals: photo_did_change(bytes or None) when the clerk sets or removes the photo."""

    photo_did_change = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.label = QLabel("照片\n\n拖入图片文件\n或点“选择”")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setFixedSize(150, 210)
        self.label.setStyleSheet("border: 1px solid #999; background: #fafafa; color: #666;")
        choose = QPushButton("选择…")
        choose.clicked.connect(self.choose)
        remove = QPushButton("移除")
        remove.clicked.connect(lambda: self.photo_did_change.emit(None))
        buttons = QHBoxLayout()
        buttons.addWidget(choose)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_photo(self, jpeg: bytes | None) -> None:
        if not jpeg:
            self.label.setPixmap(QPixmap())
            self.label.setText("照片\n\n拖入图片文件\n或点“选择”")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(jpeg))
        self.label.setPixmap(pixmap.scaled(self.label.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))

    def choose(self) -> None:
        path = file_dialogs.open_file(self, "选择照片", "", IMAGE_FILTER, purpose="photos")
        if path:
            self.use_file(path)

    def use_file(self, path: str) -> None:
        try:
            image = load_image(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "照片", str(exc))
            return
        dialog = CropDialog(image, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.photo_did_change.emit(dialog.jpeg())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            event.acceptProposedAction()
            # Dropped from a file manager, the window's own database must be refused unread too.
            reason = file_dialogs.refusal(Path(urls[0]))
            if reason:
                QMessageBox.warning(self, "照片", reason)
                return
            self.use_file(urls[0])
