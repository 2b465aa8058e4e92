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


def test_mixed_queries_become_key_prefixes_and_a_name_pattern():
    from desktop.models.search_keys import mixed_query

    query = mixed_query("王l")
    assert query is not None
    assert query.name_like == "王%" and "wangl" in query.fulls and "wl" in query.initials
    assert mixed_query("w丽").name_like == "%丽%"
    assert mixed_query("王五") is None and mixed_query("wl") is None and mixed_query("王1") is None
