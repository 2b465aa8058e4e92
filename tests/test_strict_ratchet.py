"""The mypy ratchet of the window (pyproject.toml, [tool.mypy] modules): every module of
desktop/ui and desktop/cli is either checked strictly or on the shrinking list below. A new
module starts strict; a module that became strict is taken off PENDING."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent

# Not yet strict on the day the ratchet began (2026-12-03). Only ever remove names.
PENDING = {
    "desktop.cli.main",
    "desktop.ui.admin.backup_page",
    "desktop.ui.admin.restore_flow",
    "desktop.ui.cadres.basic_tab",
    "desktop.ui.cadres.cadre_form",
    "desktop.ui.cadres.file_panels",
    "desktop.ui.cadres.photo",
    "desktop.ui.cadres.record_table",
    "desktop.ui.cadres.roster_page",
    "desktop.ui.campaigns.campaign_dialogs",
    "desktop.ui.campaigns.campaign_page",
    "desktop.ui.campaigns.campaigns_section",
    "desktop.ui.campaigns.directives_page",
    "desktop.ui.campaigns.talk_window",
    "desktop.ui.common.messages",
    "desktop.ui.common.rows_model",
    "desktop.ui.create_dialog",
    "desktop.ui.evaluation.ballot_entry",
    "desktop.ui.evaluation.ballots_page",
    "desktop.ui.evaluation.sheet_fill",
    "desktop.ui.evaluation.sheet_form",
    "desktop.ui.evaluation.sheet_model",
    "desktop.ui.evaluation.template_editor",
    "desktop.ui.evaluation.template_form",
    "desktop.ui.ledger.ledger_page",
    "desktop.ui.main_window",
    "desktop.ui.reports.campaign_reports",
    "desktop.ui.units.unit_tree_model",
    "desktop.ui.units.units_page",
    "desktop.ui.widgets.code_combo",
}


def _modules() -> set[str]:
    found = set()
    for path in [*(ROOT / "desktop" / "ui").rglob("*.py"), *(ROOT / "desktop" / "cli").rglob("*.py")]:
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found.add(name.removesuffix(".__init__"))
    return found


def test_every_window_module_is_strict_or_pending():
    strict = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]["modules"])
    modules = _modules()
    assert modules - strict - PENDING == set(), "add new modules to [tool.mypy] modules in pyproject.toml"
    assert strict & PENDING == set(), "a strict module is no longer pending: remove it from PENDING"
    assert strict <= modules, "pyproject lists a module that does not exist"
