"""Every item model passes Qt's model tester (as qutebrowser checks each of its models)."""

from PySide6.QtCore import Qt

from desktop.services.cadres import statistics
from desktop.services.cadres.roster_filter import RosterFilter
from desktop.services.workspace import Workspace
from desktop.ui.cadres.cadre_form import CadreForm
from desktop.ui.cadres.record_table import RECORD_COLUMNS, RecordModel
from desktop.ui.cadres.statistics_page import DistributionModel
from desktop.ui.common.list_model import ListModel
from desktop.ui.units.unit_tree_model import UnitTreeModel


def test_unit_tree_model(qtmodeltester, demo_ws: Workspace):
    for editable in (False, True):
        model = UnitTreeModel(demo_ws, columns=2, editable=editable)
        model.reload()
        qtmodeltester.check(model)
        top = model.index(0, 0)
        assert model.rowCount(top) > 0 and model.parent(model.index(0, 0, top)) == top


def test_record_models(qtmodeltester):
    form = CadreForm.blank()
    form.add_row("posts", {"title": "局长", "is_main": True})
    form.add_row("posts", {"title": "党组书记", "is_main": False})
    for kind in RECORD_COLUMNS:
        model = RecordModel(form, kind)
        qtmodeltester.check(model)
    posts = RecordModel(form, "posts")
    main = [c.key for c in posts.columns].index("is_main")
    assert posts.data(posts.index(1, main), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert posts.setData(posts.index(1, main), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert form.records["posts"][1]["is_main"] is True


def test_distribution_and_list_models(qtmodeltester, demo_ws: Workspace):
    with demo_ws.read("test.inspect") as s:
        stats = statistics.compute(s, RosterFilter())
    model = DistributionModel()
    model.set_distribution(stats.dimension("age"))
    qtmodeltester.check(model)
    listing = ListModel([("key", "键"), ("title", "标题")])
    listing.set_rows([stats.dimensions[0], stats.dimensions[1]])
    qtmodeltester.check(listing)
