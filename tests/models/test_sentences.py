from desktop.models.sentences import index_at, locate, spans, split


def test_a_sentence_ends_at_chinese_stops_semicolons_and_line_breaks():
    text = "政治立场坚定。  敢于担当！能打硬仗吗？善于协调；\n群众认可\n\n 。。\n"
    assert split(text) == ["政治立场坚定。", "敢于担当！", "能打硬仗吗？", "善于协调；", "群众认可"]
    assert [text[a:b] for a, b in spans(text)] == split(text)
    assert split("") == [] and split(" \n。\n") == []
    assert split("一句话没有句号") == ["一句话没有句号"]
    assert split("真的吗？！好。") == ["真的吗？！", "好。"]  # a run of stops ends one sentence


def test_the_sentence_under_the_cursor():
    text = "甲句。乙句！\n丙句"
    assert index_at(text, 0) == 0
    assert index_at(text, 3) == 0  # just after 。 still in its sentence
    assert index_at(text, 4) == 1
    assert index_at(text, len(text)) == 2
    assert index_at("", 0) is None


def test_a_citation_follows_its_sentence_only_while_it_exists():
    sentences = ["新增的句子。", "甲句。", "乙句。", "甲句。"]
    assert locate(sentences, "乙句。", 2) == 2  # still in place
    assert locate(sentences, "乙句。", 1) == 2  # moved down by an inserted sentence
    assert locate(sentences, "甲句。", 3) == 3  # repeated: the nearest to where it was
    assert locate(sentences, "甲句。", 0) == 1
    assert locate(sentences, "丙句。", 0) is None  # changed or deleted: dropped
