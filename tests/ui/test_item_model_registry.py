"""Every Qt item model class of the window goes through pytest-qt's model tester.

Each module of desktop.ui is imported and every QAbstractItemModel subclass defined there
(table, tree and proxy models alike) must be listed in TESTED with the test module that checks
it, filled, empty and after a reset (tests/ui/<feature>/test_*_item_models.py). A new model
without such a test fails here until it has one."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel

import desktop.ui

UI_TESTS = Path(__file__).parent

TESTED = {
    "desktop.ui.admin.backup_list_model.BackupListModel": "admin/test_admin_item_models.py",
    "desktop.ui.cadres.record_table.RecordModel": "cadres/test_cadres_item_models.py",
    "desktop.ui.cadres.roster_model.RosterModel": "cadres/test_cadres_item_models.py",
    "desktop.ui.cadres.statistics_page.DistributionModel": "cadres/test_cadres_item_models.py",
    "desktop.ui.common.file_dialogs.SafeListing": "common/test_common_item_models.py",
    "desktop.ui.common.list_model.ListModel": "common/test_common_item_models.py",
    "desktop.ui.common.rows_model.RowsModel": "common/test_common_item_models.py",
    "desktop.ui.evaluation.ballot_model.BallotModel": "evaluation/test_evaluation_item_models.py",
    "desktop.ui.evaluation.sheet_model.SheetModel": "evaluation/test_evaluation_item_models.py",
    "desktop.ui.evaluation.tally_models.CategoryTallyModel": "evaluation/test_evaluation_item_models.py",
    "desktop.ui.evaluation.tally_models.ItemGradesModel": "evaluation/test_evaluation_item_models.py",
    "desktop.ui.evaluation.tally_models._Table": "evaluation/test_evaluation_item_models.py",
    "desktop.ui.evaluation.template_items_model.TemplateItemsModel": "evaluation/test_evaluation_item_models.py",
    "desktop.ui.exchange.import_preview_model.PreviewModel": "exchange/test_exchange_item_models.py",
    "desktop.ui.exchange.package_merge_model.ChangesModel": "exchange/test_exchange_item_models.py",
    "desktop.ui.exchange.package_merge_model.FieldsModel": "exchange/test_exchange_item_models.py",
    "desktop.ui.grading.grading_page.ProposalsModel": "grading/test_grading_item_models.py",
    "desktop.ui.home.home_page.TodayModel": "home/test_home_page.py",
    "desktop.ui.ledger.ledger_page.TimelineModel": "ledger/test_ledger_item_models.py",
    "desktop.ui.results.implementation_tab.ImplementationModel": "results/test_results_item_models.py",
    "desktop.ui.results.indicator_grid_model.IndicatorGridModel": "results/test_indicators_tab.py",
    "desktop.ui.results.ranking_model.RankingModel": "results/test_indicators_tab.py",
    "desktop.ui.results.rule_set_model.IndicatorRulesModel": "results/test_results_rule_sets.py",
    "desktop.ui.results.targets_tab.TargetsModel": "results/test_results_item_models.py",
    "desktop.ui.units.unit_tree_model.UnitTreeModel": "units/test_units_item_models.py",
    "desktop.ui.widgets.code_combo.PinyinFilter": "widgets/test_widgets_item_models.py",
}


def model_classes() -> dict[str, type[QAbstractItemModel]]:
    """module.Class → class, for every item model class defined in desktop.ui."""
    found: dict[str, type[QAbstractItemModel]] = {}
    for info in pkgutil.walk_packages(desktop.ui.__path__, f"{desktop.ui.__name__}."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QAbstractItemModel) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


MODELS = model_classes()


def test_the_search_finds_the_models():
    # Table, tree and proxy models all count; a broken walk would pass every check below.
    assert {"ListModel", "UnitTreeModel", "PinyinFilter", "SafeListing"} <= {c.__name__ for c in MODELS.values()}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_every_model_class_has_a_model_tester_test(name: str):
    assert name in TESTED, (f"{name} has no test through qtmodeltester: add one to "
                            "tests/ui/<feature>/test_<feature>_item_models.py and list it in TESTED")
    source = (UI_TESTS / TESTED[name]).read_text(encoding="utf-8")
    assert MODELS[name].__name__ in source and "check(qtbot, qtmodeltester," in source, \
        f"{TESTED[name]} does not check {MODELS[name].__name__}"


def test_the_registry_names_only_models_that_exist():
    assert sorted(set(TESTED) - set(MODELS)) == []
