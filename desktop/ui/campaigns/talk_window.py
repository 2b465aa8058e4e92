"""Typing a talk record during the talk (谈话记录).

Built for a laptop at the site: a talk mode (F11) that shows only the running notes in a
large font, full screen; every change is saved within about a second to a draft inside the
encrypted database (never a temporary file), so a crash or a flat battery loses at most the
last second; reusable phrases (常用语, Ctrl+1 … Ctrl+9); the elapsed time of the talk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.models.fieldwork import CONFIDENTIALITY
from desktop.services.admin import settings
from desktop.services.campaigns import fieldwork, queries
from desktop.services.campaigns.campaigns import CampaignRow
from desktop.services.campaigns.fieldwork import SNIPPETS_KEY, TALK, TalkInput
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.common import conflict_dialog, messages
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.messages import show_error
from desktop.ui.widgets.cadre_picker import CadrePicker
from desktop.ui.widgets.date_edit import DateTimeEdit
from desktop.ui.widgets.text_box import TextBox

AUTOSAVE_MS = 1000
SAVE, KEEP, DROP = "保存", "留作草稿，稍后继续", "放弃"


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.replace("，", "、").replace(",", "、").split("、") if n.strip()]


class TalkWindow(QMainWindow):
    """Signals: talk_did_save(talk_id), draft_did_save(content) after each autosave."""

    talk_did_save = Signal(int)
    draft_did_save = Signal(str)

    def __init__(self, ws: Workspace, *, talk_id: int | None = None, campaign_id: int | None = None,
                 draft_id: int | None = None, data: TalkInput | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.talk_id = talk_id
        self.draft_id = draft_id
        self.opened_at = dt.datetime.now()
        if data is None:
            data = queries.talk_for_editing(ws, talk_id) if talk_id else TalkInput(
                campaign_id=campaign_id, start_at=dt.datetime.now().replace(second=0, microsecond=0),
                interviewers=[ws.actor.display_name or ws.actor.username],
                recorder=ws.actor.display_name or ws.actor.username)
        # What was opened, at which row version: a save over another clerk's later save is
        # refused and both versions are shown (services/record_versions.py). A draft keeps it.
        self.opened = data
        self._build()
        self.show_data(data)
        self.frozen = self._frozen(data)
        self.saved_payload = self.data().to_json() if draft_id is None else {}
        self.last_draft: dict[str, Any] | None = None
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._tick()
        if self.frozen:
            self._read_only()
        else:
            self._connect_changes()
        self._title()

    # --- layout ---------------------------------------------------------------------------

    def _label_campaigns(self, rows: Sequence[CampaignRow]) -> None:
        """Each campaign with its state as it is now; new ones added. The choice stays."""
        for row in rows:
            text = f"{row.name}（{row.status_label}）"
            index = self.campaign.findData(row.id)
            if index < 0:
                self.campaign.addItem(text, row.id)
            else:
                self.campaign.setItemText(index, text)

    def _campaigns_changed(self, changes: Changes) -> None:
        # A campaign started or renamed while the talk is open: the list says so (it said 筹备中).
        if changes.touches("campaign"):
            self._label_campaigns(queries.talk_choices(self.ws).campaigns)

    def _build(self) -> None:
        self.campaign = QComboBox()
        self.campaign.addItem("（不属于某次考核）", None)
        choices = queries.talk_choices(self.ws)
        self._label_campaigns(choices.campaigns)
        self.snippets: list[str] = list(choices.snippets)
        bridge_for(self.ws).workspace_did_change.connect(self._campaigns_changed)
        self.interviewee = CadrePicker(self.ws)
        self.interviewee.setPlaceholderText("被谈话人：输入姓名或首字母查找干部；档案外人员直接填写姓名")
        self.unit = QLineEdit()
        self.post = QLineEdit()
        self.interviewee.cadre_chosen.connect(self._interviewee_chosen)
        self.interviewers = QLineEdit()
        self.interviewers.setPlaceholderText("多人用顿号分隔")
        self.recorder = QLineEdit()
        # Typed as 2026-12-01 14:30 (or 20261201 1430, or 14:30 for today); empty means not
        # filled in (an end time is written when the talk ends).
        self.start = DateTimeEdit(label="开始时间")
        self.end = DateTimeEdit(label="结束时间")
        self.place = QLineEdit()
        self.secrecy = QComboBox()
        self.secrecy.addItems([c or "无" for c in CONFIDENTIALITY])
        self.purpose = QLineEdit()
        self.concerns = QLineEdit()
        self.concerns.setReadOnly(True)
        self.concerns.setPlaceholderText("谈话涉及的干部（被谈话的干部自动列入）")
        self.concern_ids: list[int] = []
        add_concern = CadrePicker(self.ws)
        add_concern.setPlaceholderText("添加涉及的干部…")
        add_concern.cadre_chosen.connect(self._add_concern)
        clear_concerns = QPushButton("清空")
        clear_concerns.clicked.connect(self._clear_concerns)

        meta = QGridLayout()
        form_left, form_right = QFormLayout(), QFormLayout()
        form_left.addRow("所属考核：", self.campaign)
        form_left.addRow("被谈话人(&W)：", self.interviewee)
        form_left.addRow("单位：", self.unit)
        form_left.addRow("职务：", self.post)
        concerns_row = QHBoxLayout()
        concerns_row.addWidget(self.concerns, 2)
        concerns_row.addWidget(add_concern, 1)
        concerns_row.addWidget(clear_concerns)
        form_left.addRow("涉及干部：", concerns_row)
        form_right.addRow("谈话人：", self.interviewers)
        form_right.addRow("记录人：", self.recorder)
        form_right.addRow("开始时间：", self.start)
        form_right.addRow("结束时间：", self.end)
        form_right.addRow("地点：", self.place)
        form_right.addRow("密级：", self.secrecy)
        meta.addLayout(form_left, 0, 0)
        meta.addLayout(form_right, 0, 1)
        purpose = QFormLayout()
        purpose.addRow("谈话目的：", self.purpose)
        self.meta = QWidget()
        meta_box = QVBoxLayout(self.meta)
        meta_box.setContentsMargins(0, 0, 0, 0)
        meta_box.addLayout(meta)
        meta_box.addLayout(purpose)

        self.content = TextBox()
        self.content.setPlaceholderText("谈话内容：边谈边记，每次改动约一秒内自动保存为草稿")
        self.conclusion = TextBox()
        self.conclusion.setPlaceholderText("谈话结论")
        self.conclusion.setMaximumHeight(90)
        self.follow_up = TextBox()
        self.follow_up.setPlaceholderText("后续跟进")
        self.follow_up.setMaximumHeight(70)
        self.lower = QWidget()
        lower = QFormLayout(self.lower)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addRow("结论：", self.conclusion)
        lower.addRow("后续跟进：", self.follow_up)

        self.elapsed = QLabel()
        self.elapsed.setStyleSheet("font-size: 13pt; color: #444;")
        self.saved_label = QLabel("尚未保存")
        self.saved_label.setStyleSheet("color: #666;")
        snippets_button = QToolButton()
        snippets_button.setText("常用语 ▾")
        snippets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snippet_menu = QMenu(self)
        snippets_button.setMenu(self.snippet_menu)
        self._fill_snippets()
        self.focus_button = QPushButton("谈话模式 (F11)")
        self.focus_button.setCheckable(True)
        self.focus_button.toggled.connect(self.set_talk_mode)
        save = QPushButton("保存 (Ctrl+S)")
        save.clicked.connect(self.save)
        self.save_button = save
        bar = QHBoxLayout()
        bar.addWidget(self.elapsed)
        bar.addWidget(self.saved_label, 1)
        bar.addWidget(snippets_button)
        bar.addWidget(self.focus_button)
        bar.addWidget(save)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(bar)
        layout.addWidget(self.meta)
        layout.addWidget(self.content, 1)
        layout.addWidget(self.lower)
        self.setCentralWidget(central)
        self.resize(1000, 760)

        for keys, slot in ((QKeySequence.StandardKey.Save, self.save),
                           (QKeySequence(Qt.Key.Key_F11), lambda: self.focus_button.toggle()),
                           (QKeySequence(Qt.Key.Key_Escape), self.close)):
            action = QAction(self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            self.addAction(action)
        for n in range(1, 10):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _=False, i=n - 1: self.insert_snippet(i))
            self.addAction(action)

    def _fill_snippets(self) -> None:
        self.snippet_menu.clear()
        for i, text in enumerate(self.snippets):
            label = f"{text}\tCtrl+{i + 1}" if i < 9 else text
            self.snippet_menu.addAction(label, lambda t=text: self._insert(t))
        self.snippet_menu.addSeparator()
        self.snippet_menu.addAction("把选中的文字存为常用语", self.add_snippet)
        remove = self.snippet_menu.addMenu("删除常用语")
        for text in self.snippets:
            remove.addAction(text, lambda t=text: self._save_snippets([x for x in self.snippets if x != t]))

    def add_snippet(self) -> None:
        target = self.focusWidget()
        text = target.textCursor().selectedText().strip() if isinstance(target, QPlainTextEdit) else ""
        if text and text not in self.snippets:
            self._save_snippets([*self.snippets, text])

    def _save_snippets(self, snippets: list[str]) -> None:
        """Phrases are shared by everyone using the database (a preference of the output)."""
        try:
            settings.put(self.ws, SNIPPETS_KEY, snippets)
        except Exception as exc:
            show_error(self, exc)
            return
        self.snippets = snippets
        self._fill_snippets()

    def insert_snippet(self, index: int) -> None:
        if 0 <= index < len(self.snippets):
            self._insert(self.snippets[index])

    def _insert(self, text: str) -> None:
        target = self.focusWidget()
        if not isinstance(target, QPlainTextEdit):
            target = self.content
        target.insertPlainText(text)
        target.setFocus()

    def set_talk_mode(self, on: bool) -> None:
        """Only the notes, large, full screen: nothing else to look at while listening."""
        self.meta.setVisible(not on)
        self.lower.setVisible(not on)
        font = QFont(self.content.font())
        font.setPointSize(16 if on else self.font().pointSize())
        self.content.setFont(font)
        if on:
            self.showFullScreen()
        else:
            self.showNormal()
        self.content.setFocus()

    # --- data -----------------------------------------------------------------------------

    def _frozen(self, data: TalkInput) -> bool:
        if self.talk_id is None or data.campaign_id is None:
            return False
        return queries.campaign_is_closed(self.ws, data.campaign_id)

    def _read_only(self) -> None:
        # A closed campaign's talk is read, not edited: no autosave into a draft that
        # could never be saved, every field locked, and the reason on screen.
        for edit in self.findChildren(QLineEdit):
            edit.setReadOnly(True)
        for text in (self.content, self.conclusion, self.follow_up):
            text.setReadOnly(True)
        for widget in (self.campaign, self.secrecy, self.start, self.end, self.save_button):
            widget.setEnabled(False)
        self.saved_label.setText("本次考核已结束，记录已冻结（只读）。如需修改，请先重新开启该考核")
        self.saved_label.setStyleSheet("color: #8a5a00;")

    def _connect_changes(self) -> None:
        for edit in (self.unit, self.post, self.interviewers, self.recorder, self.place, self.purpose,
                     self.interviewee):
            edit.textChanged.connect(self._changed)
        for text in (self.content, self.conclusion, self.follow_up):
            text.textChanged.connect(self._changed)
        for combo in (self.campaign, self.secrecy):
            combo.currentIndexChanged.connect(self._changed)
        for when in (self.start, self.end):
            when.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self._title()
        # Saved about a second after typing starts, then every second while it goes on:
        # the timer is not restarted by each keystroke, or steady typing would never save.
        if not self._autosave.isActive():
            self._autosave.start()

    def _interviewee_chosen(self, cadre_id: int, _name: str) -> None:
        found = queries.unit_and_post(self.ws, cadre_id)
        if found is not None:
            self.unit.setText(found[0])
            self.post.setText(found[1])
        if cadre_id not in self.concern_ids:
            self._add_concern(cadre_id, _name)

    def _add_concern(self, cadre_id: int, name: str) -> None:
        if cadre_id not in self.concern_ids:
            self.concern_ids.append(cadre_id)
            self.concerns.setText("、".join(filter(None, [self.concerns.text(), name])))
            self._changed()

    def _clear_concerns(self) -> None:
        self.concern_ids = []
        self.concerns.clear()
        self._changed()

    def data(self) -> TalkInput:
        def when(edit: DateTimeEdit) -> dt.datetime | None:
            # Text that is not yet a time reads as not filled in here (drafts, the clock);
            # save() refuses it with the reason before anything is written.
            return None if edit.problem() else edit.date_time()

        return TalkInput(
            interviewers=_names(self.interviewers.text()), interviewee_cadre_id=self.interviewee.cadre_id,
            interviewee_name=self.interviewee.text().strip(), interviewee_unit=self.unit.text(),
            interviewee_post=self.post.text(), concerns=list(self.concern_ids), start_at=when(self.start),
            end_at=when(self.end), place=self.place.text(), purpose=self.purpose.text(),
            content=self.content.toPlainText(), conclusion=self.conclusion.toPlainText(),
            follow_up=self.follow_up.toPlainText(), recorder=self.recorder.text(),
            confidentiality=self.secrecy.currentText().replace("无", ""), campaign_id=self.campaign.currentData())

    def show_data(self, data: TalkInput) -> None:
        index = self.campaign.findData(data.campaign_id)
        if index < 0 and data.campaign_id is not None:
            self.campaign.addItem(queries.campaign_name(self.ws, data.campaign_id), data.campaign_id)
            index = self.campaign.count() - 1
        self.campaign.setCurrentIndex(max(0, index))
        if data.interviewee_cadre_id is not None:
            self.interviewee.cadre_id = data.interviewee_cadre_id
            self.interviewee._chosen_name = data.interviewee_name
        self.interviewee.setText(data.interviewee_name)
        self.unit.setText(data.interviewee_unit)
        self.post.setText(data.interviewee_post)
        self.interviewers.setText("、".join(data.interviewers))
        self.recorder.setText(data.recorder)
        self.start.set_date_time(data.start_at or dt.datetime.now().replace(second=0, microsecond=0))
        self.end.set_date_time(data.end_at)
        self.place.setText(data.place)
        self.secrecy.setCurrentText(data.confidentiality or "无")
        self.purpose.setText(data.purpose)
        self.concern_ids = list(data.concerns)
        if self.concern_ids:
            self.concerns.setText("、".join(queries.cadre_names(self.ws, self.concern_ids)))
        self.content.setPlainText(data.content)
        self.conclusion.setPlainText(data.conclusion)
        self.follow_up.setPlainText(data.follow_up)

    # --- saving ---------------------------------------------------------------------------

    def dirty(self) -> bool:
        return self.data().to_json() != self.saved_payload

    def save_draft(self) -> None:
        """Write what is on screen to the draft, if it changed since the last draft."""
        data = replace(self.data(), version=self.opened.version)
        payload = {**data.to_json(), "talk_id": self.talk_id}
        if payload == self.last_draft or not self.dirty():
            return
        try:
            self.draft_id = fieldwork.save_draft(self.ws, "talk", payload, data.title(), self.draft_id, self.talk_id)
        except Exception as exc:
            self.saved_label.setText(f"草稿保存失败：{exc}")
            self.saved_label.setStyleSheet("color: #b00020;")
            return
        self.last_draft = payload
        self.saved_label.setStyleSheet("color: #666;")
        self.saved_label.setText(f"草稿已自动保存 {dt.datetime.now():%H:%M:%S}")
        self.draft_did_save.emit(data.content)

    def save(self) -> bool:
        self._autosave.stop()
        if self.frozen:
            return False
        try:
            for edit in (self.start, self.end):
                edit.check()  # a time typed wrong is refused, not saved as empty
            data = self._save_talk(self.data())
        except Exception as exc:
            self.save_draft()
            show_error(self, exc, "无法保存谈话记录")
            return False
        if data is None:  # back to editing after seeing another clerk's save: the draft keeps the typing
            self.save_draft()
            return False
        self.draft_id = None
        self.last_draft = None
        assert self.talk_id is not None  # just saved
        self.opened = queries.talk_for_editing(self.ws, self.talk_id)
        if replace(data, version=None) != replace(self.data(), version=None):
            self.show_data(self.opened)  # the clerk kept some of the other save: show what is stored now
        self.saved_payload = self.data().to_json()
        self.saved_label.setText(f"已保存 {dt.datetime.now():%H:%M:%S}")
        self._title()
        self.talk_did_save.emit(self.talk_id)
        return True

    def _save_talk(self, data: TalkInput) -> TalkInput | None:
        def save(talk: TalkInput) -> None:
            self.talk_id = fieldwork.save_talk(self.ws, talk, self.talk_id, self.draft_id)

        return conflict_dialog.save_choosing(self, TALK, self.opened, data, save)

    def _title(self) -> None:
        mark = " *" if self.dirty() else ""
        self.setWindowTitle(f"谈话记录 — {self.data().title()}{mark}")

    def _tick(self) -> None:
        data = self.data()
        start = data.start_at or self.opened_at
        if data.end_at is not None and data.end_at >= start:
            # The end time is written: the talk is over and the clock shows how long it took.
            seconds = int((data.end_at - start).total_seconds())
            label = "谈话时长"
        else:
            if dt.timedelta(0) <= self.opened_at - start < dt.timedelta(minutes=1):
                start = self.opened_at  # the field shows whole minutes; the talk began on opening
            seconds = max(0, int((dt.datetime.now() - start).total_seconds()))
            if seconds > 12 * 3600:  # an old record opened again: show how long this sitting lasts
                seconds = int((dt.datetime.now() - self.opened_at).total_seconds())
            label = "已谈"
        self.elapsed.setText(f"{label} {seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.dirty():
            if self.draft_id is not None:
                fieldwork.discard_draft(self.ws, self.draft_id)
            event.accept()
            return
        clicked = messages.choose(self, "谈话记录", "谈话记录有未保存的内容。", [SAVE, KEEP, DROP])
        if clicked == SAVE and self.save():
            event.accept()
        elif clicked == KEEP:
            self._autosave.stop()
            self.save_draft()
            event.accept()
        elif clicked == DROP:
            if self.draft_id is not None:
                fieldwork.discard_draft(self.ws, self.draft_id)
            event.accept()
        else:
            event.ignore()
