"""Qt's own buttons and menus speak Chinese, like the rest of the window."""

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox


def test_standard_buttons_are_chinese(qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "未保存", "保存修改吗？",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {box.button(b).text() for b in (QMessageBox.StandardButton.Save,
                                            QMessageBox.StandardButton.Discard,
                                            QMessageBox.StandardButton.Cancel)}
    assert not any(t.replace("&", "").isascii() for t in texts), texts
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert "取消" in buttons.button(QDialogButtonBox.StandardButton.Cancel).text()


def test_line_edit_context_menu_is_chinese(qtbot):
    edit = QLineEdit("张三")
    qtbot.addWidget(edit)
    menu = edit.createStandardContextMenu()
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels and not any(label.split("\t")[0].replace("&", "").isascii() for label in labels), labels
