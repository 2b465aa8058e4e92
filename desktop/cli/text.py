"""Chinese for the command line: argparse's own messages, aligned table output, and the
argument types every command shares (a day typed as a clerk types it)."""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata
from collections.abc import Sequence


def day(text: str) -> dt.date:
    """An argparse type: 2026-11-30, 2026.11.30 or 20261130 (a bad one is a usage error, in Chinese)."""
    # Imported here: importing any desktop.models module loads every table and SQLAlchemy
    # (most of a second), which `frontline gui` must not pay before its login dialog shows.
    from desktop.models.dates import DateFormatError, PartialDate

    try:
        value = PartialDate.parse(text)
    except DateFormatError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if value.day is None:
        raise argparse.ArgumentTypeError(f"日期须精确到日，如 2026-11-30，而不是“{text}”")
    return value.first_day()

# argparse looks its messages up through gettext at call time; we answer in Chinese.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "one of the arguments %s is required": "必须提供以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "show program's version number and exit": "显示版本号并退出",
}


def install_argparse_chinese() -> None:
    argparse._ = lambda text: ARGPARSE_ZH.get(text, text)  # type: ignore[attr-defined]


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [width(h) for h in headers]
    for row in rows:
        widths = [max(w, width(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines)


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"
