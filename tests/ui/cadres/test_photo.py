"""Cropping a photo with the mouse: the frame stays on the image, the photo is never black."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop.ui.cadres.photo import CropDialog, to_jpeg


def _image(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#88aacc"))
    return image


def _dialog(qtbot, image: QImage) -> CropDialog:
    dialog = CropDialog(image)
    qtbot.addWidget(dialog)
    dialog.resize(600, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _drag(qtbot, dialog: CropDialog, by: QPoint) -> None:
    view = dialog.view
    start = view.mapFromScene(view.frame.scene_rect().center())
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):  # a hand moves in small steps
        qtbot.mouseMove(view.viewport(), start + by * step / 10)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + by)


def _wheel(dialog: CropDialog, notches: int) -> None:
    viewport = dialog.view.viewport()
    at = QPointF(viewport.rect().center())
    for _ in range(abs(notches)):
        event = QWheelEvent(at, viewport.mapToGlobal(at), QPoint(), QPoint(0, -120 if notches > 0 else 120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(viewport, event)


def _inside(dialog: CropDialog) -> bool:
    bounds = dialog.view.pixmap.boundingRect()
    frame = dialog.view.frame.scene_rect()
    return bounds.contains(frame)


def _darkest(jpeg: bytes) -> int:
    image = QImage.fromData(jpeg)
    return min(QColor(image.pixel(x, y)).lightness()
               for x in range(0, image.width(), 7) for y in range(0, image.height(), 7))


def test_the_frame_cannot_be_dragged_off_the_image(qtbot):
    dialog = _dialog(qtbot, _image(800, 600))
    before = dialog.view.frame.scene_rect()
    for by in (QPoint(900, 900), QPoint(-2000, 0), QPoint(0, -2000), QPoint(2000, 2000)):
        _drag(qtbot, dialog, by)
        assert _inside(dialog), dialog.view.frame.scene_rect()
    # It moved as far as the image allows (to the bottom right corner), not nowhere.
    frame = dialog.view.frame.scene_rect()
    assert frame.size() == before.size()
    assert abs(frame.right() - 800) < 1 and abs(frame.bottom() - 600) < 1
    assert _darkest(dialog.jpeg()) > 100  # the image's light blue, no black edge


def test_resizing_keeps_the_frame_on_the_image(qtbot):
    dialog = _dialog(qtbot, _image(600, 900))
    _drag(qtbot, dialog, QPoint(-900, -900))  # into the top left corner
    _wheel(dialog, 40)  # grow far beyond the image
    frame = dialog.view.frame.scene_rect()
    assert _inside(dialog) and abs(frame.width() - 600) < 1  # as wide as the image
    assert abs(frame.height() / frame.width() - 7 / 5) < 0.01
    _wheel(dialog, -200)  # and shrink as far as it goes
    assert _inside(dialog) and dialog.view.frame.scene_rect().height() >= 40
    assert _darkest(dialog.jpeg()) > 100


def test_a_transparent_picture_is_not_saved_black():
    image = QImage(50, 70, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    assert _darkest(to_jpeg(image)) > 240  # white behind, as on paper
