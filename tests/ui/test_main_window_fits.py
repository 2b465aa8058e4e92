"""The main window fits a 1366×768 laptop (about 728 pixels under the taskbar) on every
section, opens no larger than the screen's free area, and comes back where it was left."""

from __future__ import annotations

from desktop.services.workspace import Workspace
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import Settings

LAPTOP = (1366, 728)


def test_every_section_fits_a_laptop_screen(window: MainWindow):
    for index in range(len(window.sections)):
        window.show_section(index)
        need = window.minimumSizeHint()
        assert need.width() <= LAPTOP[0] and need.height() <= LAPTOP[1], (index, need)


def test_it_opens_inside_the_screen_and_remembers_where_it_was(qtbot, demo_ws: Workspace):
    first = MainWindow(demo_ws, Settings())
    qtbot.addWidget(first)
    free = first.screen().availableGeometry()
    assert first.width() <= free.width() and first.height() <= free.height()
    first.show()
    qtbot.waitExposed(first)
    wanted = (first.minimumSizeHint().width() + 7, 601)
    first.resize(*wanted)
    qtbot.waitUntil(lambda: (first.width(), first.height()) == wanted)
    first.settings.set_state("main/geometry", first.saveGeometry())  # what closing the window does
    again = MainWindow(demo_ws, Settings())
    qtbot.addWidget(again)
    # Qt keeps a restored window inside the screen (the test screen is narrower than the window).
    assert again.height() == wanted[1] and again.width() <= free.width()


def test_a_campaigns_long_state_does_not_widen_the_window(qtbot, demo_ws: Workspace):
    from desktop.ui.campaigns.campaign_picker import CampaignPicker

    picker = CampaignPicker(demo_ws)
    qtbot.addWidget(picker)
    before = picker.minimumSizeHint().width()
    picker.state.setText("被考核干部 128 名，2026-10-06 至 2027-03-31" * 3)
    assert picker.minimumSizeHint().width() == before


def test_the_section_list_shows_each_name_with_its_key_whole(window: MainWindow):
    # It used to be squeezed by wide pages to 「测评 Ctr」, hiding the keys it teaches.
    window.resize(window.minimumSizeHint())
    nav = window.nav
    metrics = nav.fontMetrics()
    widest = max(metrics.horizontalAdvance(nav.item(row).text()) for row in range(nav.count()))
    assert nav.viewport().width() >= widest
    assert not nav.horizontalScrollBar().isVisible()


def test_the_page_starts_beside_the_section_list_whatever_an_older_version_saved(qtbot, demo_ws: Workspace):
    """Versions that kept the list in a splitter saved its slot (256 pixels) though the list
    is narrower: restored, it left a blank strip between the list and the page."""
    from PySide6.QtWidgets import QListWidget, QSplitter, QWidget

    old = QSplitter()
    old.addWidget(QListWidget())
    old.addWidget(QWidget())
    old.resize(1280, 700)
    old.setSizes([256, 1024])
    settings = Settings()
    settings.set_state("main/splitter", old.saveState())
    window = MainWindow(demo_ws, settings)
    qtbot.addWidget(window)
    window.resize(1280, 700)
    window.show()
    qtbot.waitExposed(window)
    assert window.nav.width() < 256
    assert 0 <= window.pages.x() - (window.nav.x() + window.nav.width()) <= 10
