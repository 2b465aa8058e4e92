"""Render resources/icons/frontline.svg to the PNG (window, Linux desktop entry) and the
multi-size ICO (Windows executable and installer) committed beside it.

Run after changing the SVG: .venv/bin/python installer/make_icons.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    svg = ICONS / "frontline.svg"
    big = render(svg, 256)
    big.save(ICONS / "frontline.png")
    big.save(ICONS / "frontline.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"wrote {ICONS / 'frontline.png'} and {ICONS / 'frontline.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
