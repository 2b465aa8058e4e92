"""A main list above and a smaller list below it, in a splitter: the lower list has a bar with
its label on the left and its buttons on the right (落实清单's evidence files, 年度定等's objections)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget


def list_below(upper: QWidget, label: QLabel, lower: QWidget, buttons: Sequence[QWidget]) -> QSplitter:
    bar = QHBoxLayout()
    bar.addWidget(label)
    bar.addStretch(1)
    for button in buttons:
        bar.addWidget(button)
    box = QWidget()
    box_layout = QVBoxLayout(box)
    box_layout.setContentsMargins(0, 0, 0, 0)
    box_layout.addLayout(bar)
    box_layout.addWidget(lower)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(upper)
    split.addWidget(box)
    split.setStretchFactor(0, 3)  # the main list keeps most of the height
    split.setStretchFactor(1, 1)
    return split
