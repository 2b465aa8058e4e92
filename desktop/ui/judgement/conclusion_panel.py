"""The written conclusion on one cadre (综合研判结论): three parts, facts cited sentence by
sentence, versions, and a leader's sign-off that locks a version.

Keyboard: Alt+Y/B/J the three parts; Alt+S the fact filter (type, Enter cites the fact into
the sentence under the cursor of the part last written in); Ctrl+S saves; Alt+G signs
(领导); Alt+W starts the next version of a signed one; Tab into the preview reaches the
numbered links, Enter shows the fact. A citation follows its sentence while the sentence
exists; one whose sentence was changed or deleted is listed as such and dropped at the save,
which says so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.models.judgement import PARTS
from desktop.models.sentences import index_at, locate, split
from desktop.services import permissions
from desktop.services.judgement import analyses, queries
from desktop.services.judgement.analyses import CONCLUSION, Cite, Texts
from desktop.services.judgement.citations import Fact
from desktop.services.judgement.queries import AnalysisView
from desktop.services.operations import Changes
from desktop.services.workspace import Workspace
from desktop.ui.common import conflict_dialog, messages
from desktop.ui.common.bridge import bridge_for
from desktop.ui.judgement import conclusion_html
from desktop.ui.judgement.fact_picker import FactPicker

CAPTIONS = {"strengths": "主要优点(&Y)：", "weaknesses": "不足和问题(&B)：", "recommendation": "使用建议(&J)："}
VERSION_ROLE = Qt.ItemDataRole.UserRole + 1
WATCHED = ("analysis", "citation", "point_entry", "talk", "visit", "sheet", "verification", "problem")


class ConclusionPanel(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.may_save = permissions.allowed(ws.actor.role, "analysis.save")
        self.may_sign = permissions.allowed(ws.actor.role, "analysis.sign")
        self.cadre_id: int | None = None
        self.latest: AnalysisView | None = None
        self.facts: dict[tuple[str, int], Fact] = {}
        self.cites: list[Cite] = []  # the citations of the text being written, with their anchors
        self.revising = False
        self.dirty = False
        self.current_part = "strengths"

        self.state = QLabel("选择一名干部，撰写其综合研判结论。")
        self.state.setWordWrap(True)
        self.editors: dict[str, QPlainTextEdit] = {}
        grid = QGridLayout()
        for row, (key, caption) in enumerate(CAPTIONS.items()):
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setPlaceholderText(f"{PARTS[key]}：一句一个意思，以句号、分号、问号、叹号或换行结束")
            editor.textChanged.connect(self._edited)
            editor.installEventFilter(self)
            label = QLabel(caption)
            label.setBuddy(editor)
            grid.addWidget(label, row * 2, 0)
            grid.addWidget(editor, row * 2 + 1, 0)
            self.editors[key] = editor
        self.picker = FactPicker()
        self.picker.fact_chosen.connect(self.cite)
        self.cite_list = QListWidget()
        self.cite_list.setToolTip("Delete 键移除选中的引用")
        self.cite_list.installEventFilter(self)
        cites_label = QLabel("本稿引用(&Q)：")
        cites_label.setBuddy(self.cite_list)

        self.save_button = QPushButton("保存 Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.sign_button = QPushButton("签发(&G)…")
        self.sign_button.clicked.connect(self.sign)
        # Hidden when not allowed; never setVisible(True) here: a button shown before it has a
        # parent is a window of its own for a moment and takes the activation (the keyboard)
        # from the main window, which builds this section on first visit.
        if not self.may_sign:
            self.sign_button.hide()
        self.revise_button = QPushButton("修订(&W)")
        self.revise_button.setToolTip("在已签发的版本基础上起草下一版")
        self.revise_button.clicked.connect(self.revise)
        if not self.may_save:
            self.revise_button.hide()
        save = QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.anchorClicked.connect(self._show_link)
        self.fact_view = QLabel()
        self.fact_view.setWordWrap(True)
        self.fact_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.versions = QListWidget()
        self.versions.currentItemChanged.connect(lambda *_: self._show_preview())
        versions_label = QLabel("版本(&N)：")
        versions_label.setBuddy(self.versions)

        buttons = QHBoxLayout()
        for b in (self.save_button, self.sign_button, self.revise_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.state)
        left_layout.addLayout(grid, 1)
        left_layout.addLayout(buttons)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(self.picker, 3)
        middle_layout.addWidget(cites_label)
        middle_layout.addWidget(self.cite_list, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(versions_label)
        right_layout.addWidget(self.versions, 1)
        right_layout.addWidget(self.preview, 3)
        right_layout.addWidget(self.fact_view)
        split_view = QSplitter()
        for w in (left, middle, right):
            split_view.addWidget(w)
        split_view.setSizes([420, 320, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split_view)
        bridge_for(ws).workspace_did_change.connect(self._apply_changes)
        self._update_controls()

    # --- loading ------------------------------------------------------------------------

    def show_cadre(self, cadre_id: int) -> None:
        if self.dirty and self.cadre_id is not None and cadre_id != self.cadre_id:
            asked = messages.choose(self, "综合研判结论", "正在撰写的结论有未保存的修改，换到另一名干部之前：",
                                    ["保存", "不保存"])
            if asked != "不保存" and not self.save():  # Esc keeps the work too: it is saved
                return
        self.cadre_id = cadre_id
        self.revising = False
        self.reload()

    def reload(self) -> None:
        if self.cadre_id is None:
            return
        facts = queries.citable_facts(self.ws, self.cadre_id)
        self.facts = {(f.kind, f.ref_id): f for f in facts}
        self.picker.set_facts(facts)
        self.latest = queries.latest(self.ws, self.cadre_id)
        rows = queries.versions(self.ws, self.cadre_id)
        self.versions.blockSignals(True)
        self.versions.clear()
        for r in rows:
            text = f"第{r.version}版　{r.state}　引用 {r.citations} 条"
            item = QListWidgetItem(text + ("　只读" if r.signed else ""))
            if r.signed:
                item.setForeground(Qt.GlobalColor.darkGreen)
            item.setData(VERSION_ROLE, r.id)
            self.versions.addItem(item)
        self.versions.setCurrentRow(0 if rows else -1)
        self.versions.blockSignals(False)
        latest = self.latest
        self._fill(latest.texts if latest else {}, [c.cite for c in latest.cites] if latest else [])
        self._update_controls()

    def _fill(self, texts: dict[str, str], cites: list[Cite]) -> None:
        for key, editor in self.editors.items():
            editor.blockSignals(True)
            editor.setPlainText(texts.get(key, ""))
            editor.blockSignals(False)
        self.cites = list(cites)
        self.dirty = False
        self._refresh_cites()

    def _locked(self) -> bool:
        return self.latest is not None and self.latest.signed and not self.revising

    def _update_controls(self) -> None:
        latest, chosen = self.latest, self.cadre_id is not None
        editable = chosen and self.may_save and not self._locked()
        for editor in self.editors.values():
            editor.setReadOnly(not editable)
        self.picker.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.sign_button.setEnabled(chosen and latest is not None and not latest.signed)
        self.revise_button.setEnabled(chosen and self._locked())
        if not chosen:
            return
        if latest is None:
            text = "尚无结论：写好后按 Ctrl+S 保存为第1版。"
        elif self.revising:
            text = f"正在第{latest.version}版基础上起草第{latest.version + 1}版（保存后生成）。"
        elif latest.signed:
            assert latest.signed_at is not None
            text = (f"第{latest.version}版已由{latest.signer}于{latest.signed_at.astimezone():%Y-%m-%d %H:%M}签发，"
                    f"已锁定，不能修改" + ("；按“修订”起草下一版。" if self.may_save else "。"))
        else:
            text = f"第{latest.version}版草稿（{latest.author}，{latest.written_at.astimezone():%Y-%m-%d %H:%M}）。"
            text += "签发后锁定。" if not self.dirty else "有未保存的修改。"
        self.state.setText(text)

    # --- writing and citing -------------------------------------------------------------

    def texts(self) -> dict[str, str]:
        return {key: editor.toPlainText() for key, editor in self.editors.items()}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            for key, editor in self.editors.items():
                if watched is editor:
                    self.current_part = key
        if watched is self.cite_list and event.type() == QEvent.Type.KeyPress \
                and getattr(event, "key", lambda: None)() == Qt.Key.Key_Delete:
            self._remove_cite()
            return True
        return super().eventFilter(watched, event)

    def _edited(self) -> None:
        self.dirty = True
        self._refresh_cites()
        self._update_controls()

    def cite(self, fact: Fact) -> None:
        """Cite `fact` in the sentence under the cursor of the part last written in."""
        editor = self.editors[self.current_part]
        text = editor.toPlainText()
        sentence = index_at(text, editor.textCursor().position())
        if sentence is None:
            messages.tell(self, f"{PARTS[self.current_part]}还没有句子：先写句子，光标放在句中再引用")
            self.state.setText(f"{PARTS[self.current_part]}还没有句子：先写句子，光标放在句中再引用。")
            return
        anchor = split(text)[sentence]
        cite = Cite(self.current_part, sentence, fact.kind, fact.ref_id, anchor, fact.uid)
        if any((c.part, c.anchor, c.kind, c.ref_id) == (cite.part, anchor, fact.kind, fact.ref_id) for c in self.cites):
            messages.tell(self, "这句已引用了该事实")
            return
        self.cites.append(cite)
        self.dirty = True
        self._refresh_cites()
        self._update_controls()
        messages.tell(self, f"已在{PARTS[self.current_part]}第{sentence + 1}句引用：{fact.label}")

    def _placed(self) -> list[tuple[Cite, int | None]]:
        """Each citation with the sentence it now stands at (None: its sentence was changed)."""
        texts = self.texts()
        out = []
        for c in self.cites:
            where = locate(split(texts[c.part]), c.anchor, c.sentence) if c.anchor else c.sentence
            out.append((c, where))
        return out

    def _refresh_cites(self) -> None:
        self.cite_list.clear()
        for c, where in self._placed():
            fact = self.facts.get((c.kind, c.ref_id))
            label = fact.label if fact else f"第{c.ref_id}号记录"
            place = PARTS[c.part] + (f"第{where + 1}句" if where is not None else "（句子已修改，保存时移除）")
            item = QListWidgetItem(f"{place}：{label}")
            if where is None:
                item.setForeground(Qt.GlobalColor.red)
            self.cite_list.addItem(item)
        self._show_preview()

    def _remove_cite(self) -> None:
        row = self.cite_list.currentRow()
        if 0 <= row < len(self.cites) and not self.editors["strengths"].isReadOnly():
            del self.cites[row]
            self.dirty = True
            self._refresh_cites()
            self._update_controls()

    # --- the preview with links ---------------------------------------------------------

    def _current_numbered(self) -> conclusion_html.Numbered:
        placed = [(Cite(c.part, where, c.kind, c.ref_id, c.anchor, c.ref_uid), self.facts.get((c.kind, c.ref_id)))
                  for c, where in self._placed() if where is not None]
        return conclusion_html.number(placed)

    def _shown_version(self) -> AnalysisView | None:
        item = self.versions.currentItem()
        if item is None or self.versions.currentRow() == 0:
            return None  # the newest: what is being written
        wanted = int(item.data(VERSION_ROLE))
        if self._old is None or self._old.id != wanted:  # read once, not at every keystroke
            self._old = queries.version(self.ws, wanted)
        return self._old

    _old: AnalysisView | None = None

    def _show_preview(self) -> None:
        old = self._shown_version()
        if old is not None:
            numbered = conclusion_html.number([(c.cite, c.fact) for c in old.cites])
            heading = f"第{old.version}版（只读）" + (f"：{old.signer}签发" if old.signed else "")
            self.preview.setHtml(conclusion_html.render(old.texts, numbered, heading))
        else:
            self.preview.setHtml(conclusion_html.render(self.texts(), self._current_numbered(), "正在撰写的结论"))
        self._numbered_shown = numbered if old is not None else self._current_numbered()

    _numbered_shown = conclusion_html.Numbered(())

    def _show_link(self, url: QUrl) -> None:
        text = url.toString()
        if not text.startswith("fact:"):
            return
        number = int(text.removeprefix("fact:"))
        fact = self._numbered_shown.notes().get(number)
        self.fact_view.setText(f"[{number}] " + (fact.note if fact is not None else "所引用的记录已不存在。"))

    # --- saving, signing ----------------------------------------------------------------

    def save(self) -> bool:
        if self.cadre_id is None or not self.save_button.isEnabled():
            return False
        cadre_id, done = self.cadre_id, []
        opened = self._opened()
        texts = self.texts()
        mine = Texts(texts["strengths"], texts["weaknesses"], texts["recommendation"], opened.version,
                     opened.analysis_id)

        def write(chosen: Texts) -> None:
            done.append(analyses.save_draft(self.ws, cadre_id, chosen.parts(), self.cites, chosen.opened()))

        try:
            # Another clerk wrote the same draft since it was opened here: both side by side.
            if conflict_dialog.save_choosing(self, CONCLUSION, opened, mine, write) is None:
                return False  # back to writing: nothing saved
        except Exception as exc:
            messages.show_error(self, exc)
            return False
        saved = done[-1]
        self.revising = False
        self.reload()
        if saved.dropped:  # said where the clerk is looking, not only in the status bar
            self.state.setText(saved.message() + "。")
        self.state.setStyleSheet("color: #b00020;" if saved.dropped else "")
        messages.tell(self, saved.message())
        return True

    def _opened(self) -> Texts:
        """The draft as it was read (its texts, id and row version), or no draft."""
        latest = self.latest
        if latest is None or latest.signed:
            return Texts("", "", "")
        return Texts(latest.texts["strengths"], latest.texts["weaknesses"], latest.texts["recommendation"],
                     latest.row_version, latest.id)

    def sign(self) -> None:
        latest = self.latest
        if latest is None or latest.signed:
            return
        if self.dirty and not self.save():
            return
        latest = self.latest
        assert latest is not None
        asked = messages.choose(self, "签发综合研判", f"签发第{latest.version}版后，该版本锁定，不能再修改。确定签发？",
                                ["签发"])
        if asked != "签发":
            return
        try:
            version = analyses.sign(self.ws, latest.id)
        except Exception as exc:
            messages.show_error(self, exc)
            return
        self.reload()
        messages.tell(self, f"已签发第{version}版，该版本已锁定")

    def revise(self) -> None:
        if not self._locked():
            return
        self.revising = True
        self._update_controls()
        self.editors["strengths"].setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        # Another account (a leader at another PC) may have signed meanwhile.
        if self.cadre_id is not None and not self.dirty:
            self.reload()
        super().showEvent(event)

    def _apply_changes(self, changes: Changes) -> None:
        if self.cadre_id is not None and not self.dirty and changes.touches(*WATCHED):
            self.reload()
