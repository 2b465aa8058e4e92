"""The editor's state without widgets: undo steps, dirty tracking, what is handed to save."""

from desktop.ui.cadres.cadre_form import CadreForm


def test_typing_in_one_field_is_one_undo_step():
    form = CadreForm.blank()
    for text in ("张", "张三", "张三丰"):
        form.set_field("name", text)
    form.set_field("sex", "男")
    assert form.dirty
    form.undo()
    assert (form.fields["name"], form.fields["sex"]) == ("张三丰", "")
    form.undo()
    assert form.fields["name"] == "" and not form.dirty
    form.redo()
    assert form.fields["name"] == "张三丰"


def test_leaving_a_field_starts_a_new_step():
    form = CadreForm.blank()
    form.set_field("name", "张三")
    form.break_coalescing()
    form.set_field("name", "张三丰")
    form.undo()
    assert form.fields["name"] == "张三"


def test_record_rows_undo_and_reach_the_service_as_typed():
    form = CadreForm.blank()
    row = form.add_row("posts", {"is_main": True})
    form.set_cell("posts", row, "title", "局长")
    form.set_cell("posts", row, "start", "201803")
    form.add_row("posts")
    form.move_row("posts", 1, -1)
    assert [r.get("title") for r in form.records["posts"]] == [None, "局长"]
    form.undo()
    assert [r.get("title") for r in form.records["posts"]] == ["局长", None]
    file = form.to_file()
    assert file.records["posts"][0] == {"is_main": True, "title": "局长", "start": "201803"}
    assert file.photo is None and not file.remove_photo


def test_listeners_hear_every_change():
    form = CadreForm.blank()
    heard = []
    form.listeners.append(lambda what, key: heard.append((what, key)))
    form.set_field("name", "李四")
    form.set_tags(["选调生", " 选调生 ", ""])
    form.undo()
    assert heard == [("field", "name"), ("tags", ""), ("all", "")]
    assert form.tags == []
