"""系统管理 → 账户 with two administrators: a scope or a role the other changed while this one's
dialog was open is shown side by side, chosen from the keyboard, and never replaced unseen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.models.accounts import ROLE_CLERK
from desktop.services.admin import accounts, roles
from desktop.services.workspace import Workspace
from desktop.ui.admin.admin_pages import AccountsPage
from desktop.ui.admin.role_dialogs import RoleDialog, ScopeDialog
from desktop.ui.common.conflict_dialog import ConflictDialog
from tests.ui.admin.backup_helpers import alt
from tests.ui.helpers import WhenShown, conflict_rows

CTRL = Qt.KeyboardModifier.ControlModifier


def _page(qtbot, ws: Workspace) -> AccountsPage:
    accounts.add_account(ws, "wang", "password-123", role=ROLE_CLERK)
    page = AccountsPage(ws)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index([r.username for r in page.model.rows].index("wang"), 0))
    return page


def _on_table(qtbot, dialog: ConflictDialog) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.table.hasFocus(), timeout=3000)


def _tick_first_unit(qtbot, ws: Workspace, theirs: int, on_conflict, conflict: list[WhenShown]):  # type: ignore[no-untyped-def]
    """The scope dialog's filler: another administrator sets `theirs` meanwhile; this one ticks
    the first unit and saves with Ctrl+Enter, meeting the comparison (`on_conflict`)."""
    def fill(dialog: ScopeDialog) -> None:
        roles.set_scope(ws, "wang", [theirs], [])  # another administrator, meanwhile
        dialog.units.setFocus()
        dialog.units.setCurrentRow(0)
        qtbot.keyClick(dialog.units, Qt.Key.Key_Space)
        conflict.append(WhenShown(ConflictDialog, on_conflict))
        qtbot.keyClick(dialog.units, Qt.Key.Key_Return, CTRL)
    return fill


def test_a_scope_another_administrator_changed_meanwhile_is_kept_where_chosen(qtbot, demo_ws: Workspace):
    page = _page(qtbot, demo_ws)
    choices = roles.scope_choices(demo_ws, "wang")
    (_first, first_label), (second, second_label) = choices.units[:2]
    rows: list[tuple[str, str, str, bool]] = []

    def choose(dialog: ConflictDialog) -> None:
        rows.extend(conflict_rows(dialog))
        _on_table(qtbot, dialog)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Space)  # the other's unit, not mine, after all
        qtbot.keyClick(dialog.table, Qt.Key.Key_S, CTRL)

    conflict: list[WhenShown] = []
    filler = WhenShown(ScopeDialog, _tick_first_unit(qtbot, demo_ws, second, choose, conflict))
    alt(qtbot, Qt.Key.Key_W, page.buttons["工作范围(&W)…"])
    filler.check()
    conflict[0].check()
    assert rows == [("单位（含下级单位）", first_label.split(" / ")[-1], second_label.split(" / ")[-1], True)]
    assert roles.scope_choices(demo_ws, "wang").chosen_units == {second}
    shown = {r.username: r.scope_text for r in page.model.rows}["wang"]
    assert shown == second_label.split(" / ")[-1]


def test_esc_beside_another_administrators_role_saves_nothing(qtbot, ws: Workspace):
    page = _page(qtbot, ws)
    seen: list[tuple[str, list[tuple[str, str, str, bool]]]] = []

    def back(dialog: ConflictDialog) -> None:
        seen.append((dialog.windowTitle(), conflict_rows(dialog)))
        _on_table(qtbot, dialog)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)

    conflict: list[WhenShown] = []

    def pick_leader(dialog: RoleDialog) -> None:
        roles.set_role(ws, "wang", "team")  # another administrator, meanwhile
        dialog.combo.setFocus()
        while dialog.role != "leader":
            qtbot.keyClick(dialog.combo, Qt.Key.Key_Down)
        conflict.append(WhenShown(ConflictDialog, back))
        qtbot.keyClick(dialog.combo, Qt.Key.Key_Return)

    filler = WhenShown(RoleDialog, pick_leader)
    alt(qtbot, Qt.Key.Key_G, page.buttons["分配角色(&G)…"])
    filler.check()
    conflict[0].check()
    assert seen == [("账户的角色已被他人修改", [("角色", "领导", "考核组成员", True)])]
    assert {r.username: r.role_label for r in page.model.rows}["wang"] == "考核组成员"


def test_esc_beside_another_administrators_scope_brings_back_the_clerks_ticks(qtbot, demo_ws: Workspace):
    page = _page(qtbot, demo_ws)
    (first, _first_label), (second, _second_label) = roles.scope_choices(demo_ws, "wang").units[:2]
    reopened: list[WhenShown] = []
    ticks_shown: list[tuple[list[int], list[int]]] = []

    def look_and_leave(dialog: ScopeDialog) -> None:
        ticks_shown.append(dialog.chosen())
        dialog.units.setFocus()
        qtbot.keyClick(dialog.units, Qt.Key.Key_Escape)

    def back(dialog: ConflictDialog) -> None:
        _on_table(qtbot, dialog)
        reopened.append(WhenShown(ScopeDialog, look_and_leave))
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)

    conflict: list[WhenShown] = []
    filler = WhenShown(ScopeDialog, _tick_first_unit(qtbot, demo_ws, second, back, conflict))
    alt(qtbot, Qt.Key.Key_W, page.buttons["工作范围(&W)…"])
    filler.check()
    conflict[0].check()
    reopened[0].check()
    assert ticks_shown == [([first], [])]  # the clerk's ticks, not the other administrator's
    assert roles.scope_choices(demo_ws, "wang").chosen_units == {second}  # nothing saved
