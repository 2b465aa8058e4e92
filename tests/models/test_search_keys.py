from desktop.models.search_keys import is_pinyin_query, name_keys, normalize_query


def test_full_pinyin_and_initials():
    assert name_keys("张三") == ("zhangsan", "zs")


def test_surnames_read_differently_get_both_readings():
    full, initials = name_keys("曾国藩")
    assert "zengguofan" in full.split()
    assert "zgf" in initials.split()
    assert name_keys("单雄信")[1].split()[-1] == "sxx"


def test_compound_surname_and_separator():
    assert name_keys("欧阳修") == ("ouyangxiu", "oyx")
    assert name_keys("阿不都·热合曼") == ("abudoureheman", "abdrhm")


def test_queries():
    assert normalize_query(" Z S ") == "zs"
    assert is_pinyin_query("zs")
    assert not is_pinyin_query("张s")
