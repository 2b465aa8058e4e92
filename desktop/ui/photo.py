"""The photo of the 任免审批表: drop or choose an image, crop it to the form's 5:7 frame."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPainter, QPen, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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

RATIO = 5 / 7  # width : height of the photo cell (a one-inch photo, 25 × 35 mm)
OUTPUT = (330, 462)
IMAGE_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff);;所有文件 (*)"
MAX_BYTES = 20 * 1024 * 1024


def to_jpeg(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "JPEG", 90)
    return bytes(buffer.data().data())


def load_image(path: str) -> QImage:
    if Path(path).stat().st_size > MAX_BYTES:
        raise ValueError("图片超过 20 MB，请先缩小后再使用")
    image = QImage(path)
    if image.isNull():
        raise ValueError(f"无法读取图片 {Path(path).name}：文件已损坏或不是图片")
    return image


class CropView(QGraphicsView):
    """The image with a 5:7 frame the clerk drags into place; the mouse wheel resizes it."""

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.pixmap = QGraphicsPixmapItem(QPixmap.fromImage(image))
        self.scene().addItem(self.pixmap)
        w, h = image.width(), image.height()
        frame_h = min(h, w / RATIO) * 0.9
        frame_w = frame_h * RATIO
        self.frame = QGraphicsRectItem(0, 0, frame_w, frame_h)
        self.frame.setPos((w - frame_w) / 2, (h - frame_h) / 2)
        self.frame.setPen(QPen(Qt.GlobalColor.red, max(2.0, w / 200)))
        self.frame.setFlag(QGraphicsRectItem.GraphicsItemFlag.ItemIsMovable)
        self.scene().addItem(self.frame)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setMinimumSize(420, 420)

    def resizeEvent(self, event: object) -> None:  # type: ignore[override]
        self.fitInView(self.pixmap, Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.05 if event.angleDelta().y() < 0 else 1 / 1.05
        rect = self.frame.rect()
        bounds = self.pixmap.boundingRect()
        new_h = max(40.0, min(rect.height() * factor, bounds.height(), bounds.width() / RATIO))
        self.frame.setRect(QRectF(0, 0, new_h * RATIO, new_h))

    def cropped(self) -> QImage:
        rect = self.frame.mapRectToItem(self.pixmap, self.frame.rect()).toRect()
        image = self.pixmap.pixmap().toImage().copy(rect)
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
        path, _ = QFileDialog.getOpenFileName(self, "选择照片", str(Path.home()), IMAGE_FILTER)
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
            self.use_file(urls[0])
