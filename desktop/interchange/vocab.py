"""Code-table values as clerks write them: 汉 for 汉族, 党员 for 中共党员, 1 for 男.

The database's code tables (code, name) are handed in by the service; a value that is not
recognised is kept as typed, and the domain check flags it as a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop.interchange.cells import compact

# Everyday words for code names. Keys and values are compared without spaces.
ALIASES: dict[str, dict[str, str]] = {
    "sex": {"男性": "男", "女性": "女", "M": "男", "F": "女"},
    "political_status": {
        "党员": "中共党员", "中共": "中共党员", "共产党员": "中共党员", "中国共产党党员": "中共党员",
        "预备党员": "中共预备党员", "团员": "共青团员", "共青团": "共青团员", "无党派": "无党派人士",
        "民革": "民革会员", "民盟": "民盟盟员", "民建": "民建会员", "民进": "民进会员",
        "农工党": "农工党党员", "致公党": "致公党党员", "九三学社": "九三学社社员", "台盟": "台盟盟员",
        "中国国民党革命委员会": "民革会员", "中国民主同盟": "民盟盟员", "中国民主建国会": "民建会员",
        "中国民主促进会": "民进会员", "中国农工民主党": "农工党党员", "中国致公党": "致公党党员",
        "台湾民主自治同盟": "台盟盟员",
    },
    "education": {"本科": "大学", "大学本科": "大学", "专科": "大专", "大学专科": "大专"},
    "relation": {"爱人": "妻子", "配偶": "妻子", "儿": "儿子", "女": "女儿"},
    "grade": {"正职": "正", "副职": "副"},
}
GRADES = ("正", "副")


@dataclass
class Vocabulary:
    """Code tables by name: table → [(code, name)] in display order."""

    tables: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_name: dict[str, dict[str, str]] = {}
        self._by_code: dict[str, dict[str, str]] = {}
        for table, rows in self.tables.items():
            self._by_name[table] = {compact(name): name for _code, name in rows}
            self._by_code[table] = {compact(code): name for code, name in rows}

    def names(self, table: str) -> list[str]:
        if table == "grade":
            return list(GRADES)
        return [name for _code, name in self.tables.get(table, ())]

    def normalize(self, table: str, value: str) -> str:
        """The code table's spelling of `value`, or `value` itself when nothing fits."""
        key = compact(value)
        if not key:
            return ""
        names = self._by_name.get(table, {})
        if key in names:
            return names[key]
        alias = ALIASES.get(table, {}).get(key)
        if alias and (alias in names.values() or table == "grade" or not names):
            return alias
        if table == "ethnicity" and key + "族" in names:
            return names[key + "族"]
        codes = self._by_code.get(table, {})
        if key in codes:
            return codes[key]
        if key.isdigit() and key.zfill(2) in codes:
            return codes[key.zfill(2)]
        return value.strip()
