"""The main window: a list of sections on the left, the chosen section on the right.

Sections appear only when they work; later features add theirs to SECTIONS. For those who work
with cadre data the first is 工作台 (today's work, Ctrl+` — the key left of 1), then Ctrl+1 …
Ctrl+9 and Ctrl+0 switch the next ten; the others' sections start at Ctrl+1. One Bridge
signal tells every page what each operation changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop.services import permissions
from desktop.services.admin import sessions
from desktop.services.campaigns import fieldwork
from desktop.services.campaigns import queries as campaign_queries
from desktop.services.home import queries as home_queries
from desktop.services.workspace import Workspace
from desktop.ui import window_menus, window_sections
from desktop.ui.admin.audit_page import AuditLogPage
from desktop.ui.admin.backup_runner import BackupRunner
from desktop.ui.admin.chain_status import ChainIndicator, warn_if_alarmed
from desktop.ui.admin.restore_flow import RestoreRequest
from desktop.ui.closing import Closing
from desktop.ui.common import section_focus, workers
from desktop.ui.common.bridge import bridge_for
from desktop.ui.common.lazy_section import LazySection
from desktop.ui.common.live_refresh import LiveRefresh
from desktop.ui.exchange.interchange_actions import install_interchange_actions
from desktop.ui.home.home_page import HomePage
from desktop.ui.lock_screen import IdleLock
from desktop.ui.reports.report_menu import install_report_actions
from desktop.ui.settings import Settings

# The sections built on first visit, and what only an action opens, are imported then: the
# window (and the imports that run while the password is typed) carries only what it shows at
# once (issue 17 P1b, P6).
if TYPE_CHECKING:
    from desktop.ui.admin.backup_page import BackupPage
    from desktop.ui.analysis.analysis_page import AnalysisPage
    from desktop.ui.analysis.judgement_section import JudgementSection
    from desktop.ui.cadres.cadres_section import CadresSection
    from desktop.ui.cadres.quality_page import QualityPage
    from desktop.ui.cadres.statistics_page import StatisticsPage
    from desktop.ui.campaigns.campaigns_section import CampaignsSection
    from desktop.ui.campaigns.directives_page import DirectivesPage
    from desktop.ui.campaigns.drafts_dialog import DraftsDialog
    from desktop.ui.campaigns.fieldwork_page import FieldworkPage
    from desktop.ui.campaigns.talk_window import TalkWindow
    from desktop.ui.evaluation.assessment_page import AssessmentPage
    from desktop.ui.grading.grading_page import GradingPage
    from desktop.ui.ledger.ledger_page import LedgerPage
    from desktop.ui.results.results_section import ResultsSection
    from desktop.ui.units.units_page import UnitsPage

HOME_KEY = "Ctrl+`"


def section_key(number: int) -> str:
    """Ctrl+1 … Ctrl+9, then Ctrl+0 for the tenth section (the keys along the top row)."""
    return str(number % 10)


class MainWindow(QMainWindow):
    def __init__(self, ws: Workspace, settings: Settings) -> None:
        super().__init__()
        self.ws = ws
        self.settings = settings
        self.switch_requested = False
        self.restore_request: RestoreRequest | None = None  # set when closing to restore a backup
        self.talk_windows: list[TalkWindow] = []
        self.bridge = bridge_for(ws)
        # Qt appends the application display name (一线考核) itself.
        self.setWindowTitle(f"{ws.db.path.name} — {ws.actor.display_name or ws.actor.username}")

        self.backup_runner = BackupRunner(ws, self)
        self.sections: list[tuple[str, QWidget]] = []
        self._lazy: dict[str, LazySection] = {}  # sections built on first visit, by attribute
        self.home: HomePage | None = None
        self.cadres: CadresSection | None = None  # 三员 and accounts waiting for a role see no cadre data at all
        self.verify_task: workers.Task | None = None  # 工具 → 数据库完整性校验 under way
        if self.may("cadre.read"):
            window_sections.build_work_sections(self, ws, settings)
        self.admin = window_sections.admin_tabs(self, ws)
        if self.admin.count():  # Ctrl+9, where the work sections leave it free
            self.sections.insert(min(8 + self._home_offset(), len(self.sections)), ("系统管理", self.admin))
        if self.may("audit.read"):
            # Built on first visit too: it read the newest entries of the log (a tenth of a
            # second) before the window showed, for a section that is last in the list.
            self.sections.append(("审计日志", self.later("audit_log", lambda: AuditLogPage(ws))))
        if not self.sections:
            self.sections.append(("欢迎", self._no_role_page()))
        self.nav = QListWidget()
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 6px; }")
        self.pages = QStackedWidget()
        for row, (title, page) in enumerate(self.sections):
            keys = self.section_shortcut(row)
            self.nav.addItem(f"{title}  {keys}" if keys else title)
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self._show_page)
        # The section list is as wide as its longest name with its key, never squeezed by a
        # wide page: cut to 「测评 Ctr」 it hid the very keys it is there to teach.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth()
                               + self.nav.verticalScrollBar().sizeHint().width())
        # Side by side, not in a splitter: a list of fixed width has nothing to drag, and a
        # splitter state saved by an older version (its list 256 pixels wide) restored a blank
        # strip between the list and the page.
        central = QWidget()
        row_layout = QHBoxLayout(central)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.nav)
        row_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        if self.cadres is not None:
            self.cadres.roster.counts_did_change.connect(self.count_label.setText)
            self.count_label.setText(self.cadres.roster.counts_text())
        self.chain_label = ChainIndicator(ws)
        self.statusBar().addPermanentWidget(self.chain_label)
        self.last_login_label = QLabel()
        note = sessions.last_login_note(ws)
        if note is not None:
            self.last_login_label.setText(note.text)
            if note.alarming:  # someone may have tried this account's password: say it plainly
                self.last_login_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.statusBar().addPermanentWidget(self.last_login_label)
        # Other clerks' changes on an office server refresh the views (a file: nothing to hear).
        self.live = LiveRefresh(ws, self.statusBar(), self)
        self.closing = Closing(self)
        self.backup_runner.backup_did_finish.connect(self.closing.automatic_did_finish)

        # Locks after the idle time the database sets (系统管理 → 账户), and on Ctrl+L.
        self.idle_lock = IdleLock(self, ws)
        window_menus.build_menus(self)
        if self.cadres is not None and self.may("report.read"):
            install_report_actions(self)
        if self.cadres is not None and self.may("import.read"):
            install_interchange_actions(self)
        self._restore()
        # A rolled-back or altered database is said first; then talks that were being typed
        # when the program last stopped are offered.
        QTimer.singleShot(0, self, lambda: warn_if_alarmed(self, self.ws))
        if self.may("fieldwork.read"):
            QTimer.singleShot(0, self, self.offer_drafts)
        self.backup_runner.start_daily_checks()
        # The pinyin dictionary (pypinyin, ~40 MiB) is not loaded ahead any more: the roster and
        # the pickers match typed pinyin against keys stored with each name (in memory for the
        # roster); only saving a name or typing characters mixed with letters (王l) reads it.
        self.nav.setCurrentRow(0)
        if self.home is not None:
            self.home.focus_list()
        elif self.cadres is not None:
            self.cadres.roster.focus_filter()

    # --- sections built on first visit -------------------------------------------------------

    def later(self, name: str, build: Callable[[], QWidget]) -> LazySection:
        self._lazy[name] = LazySection(build)
        return self._lazy[name]

    def _section(self, name: str) -> QWidget:
        """The section: its stand-in, which builds the page when first shown or used and
        answers for it (ui/common/lazy_section.py)."""
        return self._lazy[name]

    def built_section(self, name: str) -> QWidget | None:
        lazy = self._lazy.get(name)
        return None if lazy is None else lazy.built

    def _show_page(self, row: int) -> None:
        page = self.pages.widget(row)
        if isinstance(page, LazySection):
            page.page()  # made before it is shown, so the keyboard can go into it
        self.pages.setCurrentIndex(row)

    @property
    def directives(self) -> DirectivesPage:
        return cast("DirectivesPage", self._section("directives"))

    @property
    def campaigns(self) -> CampaignsSection:
        return cast("CampaignsSection", self._section("campaigns"))

    @property
    def fieldwork(self) -> FieldworkPage:
        return cast("FieldworkPage", self._section("fieldwork"))

    @property
    def assessment(self) -> AssessmentPage:
        return cast("AssessmentPage", self._section("assessment"))

    @property
    def ledger(self) -> LedgerPage:
        return cast("LedgerPage", self._section("ledger"))

    @property
    def statistics(self) -> StatisticsPage:
        return cast("StatisticsPage", self._section("statistics"))

    @property
    def quality(self) -> QualityPage:
        return cast("QualityPage", self._section("quality"))

    @property
    def results(self) -> ResultsSection:
        return cast("ResultsSection", self._section("results"))

    @property
    def audit_log(self) -> AuditLogPage:
        """审计日志, built if it was not yet (only roles that may read the log have it)."""
        if "audit_log" not in self._lazy:
            raise AttributeError("audit_log")
        return cast(AuditLogPage, self._lazy["audit_log"].page())

    @property
    def judgement(self) -> JudgementSection:
        return cast("JudgementSection", self._section("judgement"))

    @property
    def analysis(self) -> AnalysisPage | None:
        """研判运用's 综合研判 tab (None: the role may not read it)."""
        return self.judgement.analysis if "judgement" in self._lazy else None

    @property
    def grading(self) -> GradingPage | None:
        """研判运用's 年度定等 tab (None: the role may not read it)."""
        return self.judgement.grading if "judgement" in self._lazy else None

    def may(self, action: str) -> bool:
        """Whether the account's role may do `action`: what it may not is not shown."""
        return permissions.allowed(self.ws.actor.role, action)

    def _home_offset(self) -> int:
        return 1 if self.home is not None else 0

    def section_shortcut(self, row: int) -> str | None:
        """工作台 Ctrl+`, then Ctrl+1 … Ctrl+9, Ctrl+0 along the top row; none past the tenth."""
        if self.home is not None and row == 0:
            return HOME_KEY
        number = row + 1 - self._home_offset()
        return f"Ctrl+{section_key(number)}" if number <= 10 else None

    @property
    def units(self) -> UnitsPage | None:
        """系统管理's 单位管理 (None: the role may not change units)."""
        return cast("UnitsPage", self._lazy["units"].page()) if "units" in self._lazy else None

    @property
    def backup_page(self) -> BackupPage | None:
        """系统管理's 备份与恢复 (None: the role may not make backups)."""
        return cast("BackupPage", self._lazy["backups"].page()) if "backups" in self._lazy else None

    def _no_role_page(self) -> QWidget:
        label = QLabel(f"账户 {self.ws.actor.username} 还没有分配角色，目前只能修改自己的密码。"
                       "请联系安全保密管理员分配角色。")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    @property
    def model(self):  # type: ignore[no-untyped-def]
        """The roster's model (integration point for report and export actions)."""
        return self.cadres.roster.model

    @property
    def table(self):  # type: ignore[no-untyped-def]
        """The roster's view (integration point for report and export actions)."""
        return self.cadres.roster.table

    @property
    def filter_edit(self):  # type: ignore[no-untyped-def]
        return self.cadres.roster.filter_edit

    def apply_filter(self) -> None:
        self.cadres.roster.apply_filter()

    # --- menus ----------------------------------------------------------------------------

    def offer_drafts(self) -> DraftsDialog | None:
        drafts = campaign_queries.talk_drafts(self.ws)
        if not drafts:
            return None
        from desktop.ui.campaigns.drafts_dialog import DraftsDialog

        dialog = DraftsDialog(self.ws, drafts, self)
        dialog.restore_requested.connect(self.restore_draft)
        dialog.open()
        return dialog

    def show_drafts(self) -> DraftsDialog | None:
        """The drafts put off at start-up ("稍后处理"), reachable at any time."""
        dialog = self.offer_drafts()
        if dialog is None:
            QMessageBox.information(self, "谈话草稿", "没有未完成的谈话草稿。")
        return dialog

    def restore_draft(self, draft_id: int) -> TalkWindow | None:
        draft = campaign_queries.draft(self.ws, draft_id)
        if draft is None:
            return None
        data = fieldwork.TalkInput.from_json(draft.payload)
        return self.open_talk(talk_id=draft.payload.get("talk_id"), draft_id=draft.id, data=data)

    def open_work(self, work: home_queries.WorkRow) -> object:
        """The screen that finishes a piece of 工作台 work (what it opened, for tests). Work
        finished or removed since the list was read (a campaign deleted, a draft discarded in
        another window) is said in the status bar and the list read again."""
        if work.key not in {w.key for w in home_queries.today(self.ws).rows}:
            self.statusBar().showMessage("这项工作已经处理完或已不存在，工作台已刷新。", 10000)
            if self.home is not None:
                self.home.reload()
            return None
        cid = work.campaign_id
        if work.kind == home_queries.DRAFT and work.draft_id is not None:
            return self.restore_draft(work.draft_id)
        if work.kind in (home_queries.SHEETS, home_queries.BALLOTS) and cid is not None:
            self.show_section(self.section_index(self.assessment))
            shown = self.assessment.show_ballots if work.kind == home_queries.BALLOTS else self.assessment.show_campaign
            return shown(cid)
        if work.kind == home_queries.TO_CLOSE and cid is not None:
            self.show_section(self.section_index(self.campaigns))
            return self.campaigns.open_campaign(cid)
        if work.kind == home_queries.OVERDUE and cid is not None:
            self.show_section(self.section_index(self.results))
            self.results.setCurrentWidget(self.results.targets)
            return self.results.targets.picker.set_campaign(cid)
        if work.kind == home_queries.PROBLEMS and work.period is not None:
            self.show_section(self.section_index(self.results))
            self.results.setCurrentWidget(self.results.problems)
            self.results.problems.show_period(*work.period)
            return True
        if work.kind == home_queries.NOTICE and work.round_id is not None and self.may("grading.read"):
            self.show_section(self.section_index(self.judgement))
            self.judgement.show_page(self.grading)
            self.grading.reload(select=work.round_id)
            return self.grading.current_round()
        return None

    def open_talk(self, *, talk_id: int | None = None, campaign_id: int | None = None,
                  draft_id: int | None = None, data: fieldwork.TalkInput | None = None) -> TalkWindow:
        """A talk record in its own window (talk mode is that window full screen)."""
        from desktop.ui.campaigns.talk_window import TalkWindow

        window = TalkWindow(self.ws, talk_id=talk_id, campaign_id=campaign_id, draft_id=draft_id, data=data)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _o=None, w=window: self.talk_windows.remove(w)
                                 if w in self.talk_windows else None)
        self.talk_windows.append(window)
        window.show()
        return window

    def show_section(self, row: int) -> None:
        self.nav.setCurrentRow(row)

    def go_to_section(self, row: int) -> None:
        """Ctrl+1 … : the section, with the keyboard in its list (it stayed on the tabs above)."""
        self.show_section(row)
        page = self.sections[row][1]
        focus_list = getattr(page, "focus_list", None)
        if callable(focus_list):
            focus_list()
        else:
            section_focus.settle(page)

    def section_index(self, page: QWidget) -> int:
        return next(i for i, (_t, p) in enumerate(self.sections)
                    if p is page or (isinstance(p, LazySection) and p.built is page))

    def open_cadre(self, cadre_id: int) -> None:
        if self.cadres is None:
            return
        self.show_section(self.section_index(self.cadres))
        self.cadres.open_cadre(cadre_id)

    def show_ledger_of_selected(self) -> None:
        if self.cadres is None:
            return
        ids = self.cadres.roster.selected_ids()
        names = campaign_queries.cadre_names(self.ws, ids[:1])
        if not names:
            return
        self.show_section(self.section_index(self.ledger))
        self.ledger.show_cadre(ids[0], names[0])

    def analyse_selected(self) -> None:
        """The analysis of the roster's (first) selected cadre."""
        ids = self.cadres.roster.selected_ids() if self.cadres is not None else []
        if not self.may("analysis.read") or not ids:
            return
        self.show_section(self.section_index(self.judgement))
        self.judgement.show_page(self.analysis)
        self.analysis.show_cadre(ids[0])

    def compare_selected(self) -> object:
        """The comparison of the roster's selected cadres (two to five)."""
        ids = self.cadres.roster.selected_ids() if self.cadres is not None else []
        if not self.may("analysis.read"):
            return None
        names = dict(zip(ids, campaign_queries.cadre_names(self.ws, ids), strict=False))
        self.show_section(self.section_index(self.judgement))
        self.judgement.show_page(self.analysis)
        return self.analysis.compare([(i, names.get(i, str(i))) for i in ids])

    def _campaign_actions(self) -> list[tuple[str, Callable[[int], object]]]:
        """What a campaign page offers besides its own work: reports, exports, the field package."""
        from desktop.ui.exchange import assessment_exchange, package_actions
        from desktop.ui.reports.campaign_reports import campaign_report_actions

        kinds = (("ledger", "导出积分记录…"), ("tallies", "导出测评统计…"), ("ballots", "导出测评票…"),
                 ("campaigns", "导出考核进度…"))
        actions: list[tuple[str, Callable[[int], object]]] = [
            (label, lambda cid, k=kind: assessment_exchange.export_assessment(self, k, cid)) for kind, label in kinds]
        actions.append(("导出外出考核数据包…", lambda cid: package_actions.export_package(self, cid)))
        return campaign_report_actions(self, self.ws) + actions

    def current_campaign_id(self) -> int | None:
        """The campaign on screen, if any: menu actions that need one use it."""
        campaigns = self.built_section("campaigns")
        if campaigns is not None and self.pages.currentWidget() is self._lazy["campaigns"]:
            return cast("CampaignsSection", campaigns).current_campaign_id()
        return None

    def assessment_page(self, campaign_id: int) -> QWidget:
        """The 测评 tab of a campaign (sheets, ballots, tallies)."""
        from desktop.ui.evaluation.assessment_page import CampaignAssessment

        page = CampaignAssessment(self.ws, campaign_id)
        page.open_cadre_requested.connect(self.open_cadre)
        return page

    def new_cadre(self) -> None:
        if self.cadres is None:
            return
        self.show_section(self.section_index(self.cadres))
        self.cadres.new_cadre()

    def focus_filter(self) -> None:
        if self.cadres is None:
            return
        self.show_section(self.section_index(self.cadres))
        self.cadres.setCurrentIndex(0)
        self.cadres.roster.focus_filter()

    def fix(self, cadre_id: int, field: str) -> None:
        """Open a file at the field a data-quality row names."""
        if self.cadres is None:
            return
        self.show_section(self.section_index(self.cadres))
        self.cadres.open_cadre(cadre_id, field)

    def show_backups(self) -> None:
        if "backups" not in self._lazy:
            return
        self.show_section(self.section_index(self.admin))
        self.admin.setCurrentWidget(self._lazy["backups"])

    def switch_database(self) -> None:
        self.switch_requested = True
        if not self.close() and not self.closing.pending:
            self.switch_requested = False

    def request_restore(self, request: RestoreRequest) -> None:
        """Close the database for a confirmed restore; the start-up loop restores and reopens."""
        self.restore_request = request
        if not self.close() and not self.closing.pending:
            self.restore_request = None

    def tell(self, message: str, failed: bool = False) -> None:
        """A message for the clerk once the window is up (what a restore did)."""
        self.statusBar().showMessage(message.splitlines()[0], 15000)
        show = QMessageBox.warning if failed else QMessageBox.information
        QTimer.singleShot(0, self, lambda: show(self, "从备份恢复", message))

    # --- state ----------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.state("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            # A laptop at 1366×768 has about 728 pixels under its taskbar: never open taller
            # or wider than the screen's free area.
            free = self.screen().availableGeometry()
            self.resize(min(1280, free.width()), min(800, free.height()))
        if self.cadres is not None:
            state = self.settings.state("roster/splitter")
            if state is not None:
                self.cadres.roster.splitter.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.closing.may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def confirm_close(self) -> bool:
        """Unsaved files and talks settled (the clerk may say 取消)."""
        if self.cadres is not None and not self.cadres.confirm_close_all():
            return False
        return all(talk.close() for talk in list(self.talk_windows))

    def shut_down(self) -> None:
        """Let go of the database (once): the last step of closing."""
        self.idle_lock.stop()
        self.backup_runner.stop()
        if self.cadres is not None:
            for name in ("statistics", "quality"):
                page = self.built_section(name)
                if page is not None:
                    cast("StatisticsPage | QualityPage", page).stop()  # their workers read the database about to close
        workers.stop_all()  # an export still running would write into the closed database
        self.live.stop()
        self.settings.set_state("main/geometry", self.saveGeometry())
        if self.cadres is not None:
            self.settings.set_state("roster/splitter", self.cadres.roster.splitter.saveState())
            self.cadres.roster.save_columns()
        self.settings.sync()
        self.bridge.detach()
        self.ws.close()


