"""The main window's sections and 系统管理's tabs: which a role sees, and how each is built on
first visit (ui/common/lazy_section.py) so the window shows without reading for them."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.services.workspace import Workspace
from desktop.ui.cadres.cadres_section import CadresSection
from desktop.ui.home.home_page import HomePage
from desktop.ui.settings import Settings

if TYPE_CHECKING:
    from desktop.ui.analysis.judgement_section import JudgementSection
    from desktop.ui.cadres.quality_page import QualityPage
    from desktop.ui.cadres.statistics_page import StatisticsPage
    from desktop.ui.campaigns.campaigns_section import CampaignsSection
    from desktop.ui.campaigns.directives_page import DirectivesPage
    from desktop.ui.campaigns.fieldwork_page import FieldworkPage
    from desktop.ui.evaluation.assessment_page import AssessmentPage
    from desktop.ui.ledger.ledger_page import LedgerPage
    from desktop.ui.main_window import MainWindow
    from desktop.ui.results.results_section import ResultsSection

P = TypeVar("P", bound=QWidget)
# What 研判运用's tabs show (ui/analysis/judgement_section.py): a role that may read none has no such section.
JUDGEMENT_READS = ("analysis.read", "grading.read", "result_use.read")


def build_work_sections(window: MainWindow, ws: Workspace, settings: Settings) -> None:
    """The sections of those who work with cadre data, each shown when the role may read it."""
    window.home = HomePage(ws)
    window.home.work_requested.connect(window.open_work)
    cadres = window.cadres = CadresSection(ws, settings)

    def quality() -> QualityPage:
        from desktop.ui.cadres.quality_page import QualityPage

        page = QualityPage(ws)
        page.fix_requested.connect(window.fix)
        return page

    def campaigns() -> CampaignsSection:
        from desktop.ui.campaigns.campaigns_section import CampaignsSection

        page = CampaignsSection(ws, open_talk=window.open_talk,
                                roster_selection=lambda: cadres.roster.selected_ids(),
                                assessment=window.assessment_page, actions=window._campaign_actions())
        page.open_cadre_requested.connect(window.open_cadre)
        return page

    def opening_cadres(page: P) -> P:
        page.open_cadre_requested.connect(window.open_cadre)  # type: ignore[attr-defined]
        return page

    def directives() -> DirectivesPage:
        from desktop.ui.campaigns.directives_page import DirectivesPage

        return DirectivesPage(ws)

    def fieldwork() -> FieldworkPage:
        from desktop.ui.campaigns.fieldwork_page import FieldworkPage

        return FieldworkPage(ws, window.open_talk)

    def assessment() -> AssessmentPage:
        from desktop.ui.evaluation.assessment_page import AssessmentPage

        return opening_cadres(AssessmentPage(ws))

    def ledger() -> LedgerPage:
        from desktop.ui.ledger.ledger_page import LedgerPage

        return opening_cadres(LedgerPage(ws))

    def statistics() -> StatisticsPage:
        from desktop.ui.cadres.statistics_page import StatisticsPage

        return StatisticsPage(ws, lambda: cadres.roster.current_filter())

    def results() -> ResultsSection:
        from desktop.ui.results.results_section import ResultsSection

        return ResultsSection(ws)

    window.sections += [
        ("工作台", window.home),
        ("干部档案", cadres),
        ("工作台账", window.later("directives", directives)),
        ("一线考核", window.later("campaigns", campaigns)),
        ("谈话走访", window.later("fieldwork", fieldwork)),
        ("测评", window.later("assessment", assessment)),
        ("积分", window.later("ledger", ledger)),
        ("干部统计", window.later("statistics", statistics)),
        ("数据质量", window.later("quality", quality)),
        ("工作实绩", window.later("results", results)),
    ]
    # 研判运用 (issue 14): analysis, conclusion, annual grades and results use, as tabs, for
    # the roles that may read one of them; built on first visit like the others (it read
    # four lists and drew its charts before the window could show: a quarter second).
    def judgement() -> JudgementSection:
        from desktop.ui.analysis.judgement_section import JudgementSection

        section = JudgementSection(ws, window.may)
        if section.analysis is not None:
            section.analysis.open_cadre_requested.connect(window.open_cadre)
        return section

    if any(window.may(action) for action in JUDGEMENT_READS):
        window.sections.append(("研判运用", window.later("judgement", judgement)))


def admin_tabs(window: MainWindow, ws: Workspace) -> QTabWidget:
    """系统管理: each tab for the roles that may change what it shows, built when first shown
    (at 100,000 cadres the five pages read for a seventh of a second before the window
    could show, for tabs most sessions never open)."""
    admin = QTabWidget()
    admin.setDocumentMode(True)

    def units() -> QWidget:
        from desktop.ui.units.units_page import UnitsPage

        return UnitsPage(ws)

    def codes() -> QWidget:
        from desktop.ui.units.codes_page import CodesPage

        return CodesPage(ws)

    def rules() -> QWidget:
        from desktop.ui.admin.admin_pages import RulesPage

        return RulesPage(ws)

    def accounts() -> QWidget:
        from desktop.ui.admin.admin_pages import AccountsPage

        return AccountsPage(ws)

    def backups() -> QWidget:
        from desktop.ui.admin.backup_page import BackupPage

        page = BackupPage(ws, window.backup_runner)
        page.page_did_report.connect(lambda text: window.statusBar().showMessage(text, 10000))
        page.restore_requested.connect(window.request_restore)
        return page

    tabs = (("units", "unit.create", "单位管理", units), ("codes", "codes.update", "代码表", codes),
            ("rules", "ledger.rule", "积分规则", rules), ("accounts", "account.read", "账户", accounts),
            ("backups", "backup.create", "备份与恢复", backups))
    for name, action, title, build in tabs:
        if window.may(action):
            admin.addTab(window.later(name, build), title)
    return admin
