from desktop.models.unit_names import UnitNames

TREE = [
    (1, "中共海滨市委员会", None), (2, "市委办公室", 1), (3, "市委政策研究室", 1), (4, "政策法规科", 3),
    (5, "海滨市人民政府", None), (6, "市民政局", 5), (7, "政策法规科", 6), (8, "办公室", 6),
    (9, "市财政局", 5), (10, "海港区", None), (11, "区发展和改革局", 10), (12, "鹭江区", None),
    (13, "中山街道", 12), (14, "同心区", None), (15, "区委办公室", 14), (16, "办公室", 9),
]


def test_printed_full_names_find_their_unit():
    names = UnitNames(TREE)
    for text, unit in [
        ("海滨市委办公室", 2), ("海滨市委政策研究室政策法规科", 4), ("海滨市民政局政策法规科", 7),
        ("海滨市财政局", 9), ("市财政局", 9), ("海滨市海港区发展和改革局", 11), ("海港区发展和改革局", 11),
        ("海滨市鹭江区中山街道", 13), ("鹭江区中山街道", 13), ("海滨市同心区委办公室", 15),
        (" 海滨市 财政局 ", 9), ("海滨市民政局办公室", 8),
    ]:
        assert names.resolve(text) == unit, text


def test_unknown_or_ambiguous_names_stay_text():
    names = UnitNames(TREE)
    for text in ("海滨市财政厅", "办公室", "政策法规科", "", "北京市财政局局办", "省财政厅"):
        assert names.resolve(text) is None, text
    assert not UnitNames([])
