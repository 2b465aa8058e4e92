"""专报 (经验类 / 问题类): a red masthead, the user's title and body, the 版记.

The body is the clerk's own text. Lines beginning 一、 become first-level headings (黑体),
（一） second-level (楷体); everything else is body text with a two-character indent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desktop.reports import blocks as b
from desktop.reports import facts

KINDS = ("经验类", "问题类")
_LEVEL_1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL_2 = re.compile(r"^（[一二三四五六七八九十]+）")


class BriefingError(ValueError):
    """Bad 专报 input, with a Chinese message."""


@dataclass(frozen=True)
class BriefingInput:
    kind: str  # 经验类 or 问题类
    title: str
    body: str
    issue: str = ""  # 第3期; empty prints none
    recipients: str = ""  # 报：… (the 版记's first line)
    copies_to: str = ""  # 送：…
    subject: str = ""  # the cadre or unit the 专报 concerns (metadata only)

    def checked(self) -> BriefingInput:
        if self.kind not in KINDS:
            raise BriefingError(f"专报类别只能是{'或'.join(KINDS)}，不能是“{self.kind}”")
        if not self.title.strip():
            raise BriefingError("专报需要标题")
        if not self.body.strip():
            raise BriefingError("专报正文为空")
        return self


def body_blocks(body: str) -> list[b.Block]:
    out: list[b.Block] = []
    for raw in body.replace("\r\n", "\n").split("\n"):
        text = raw.strip().replace("\u3000", "")
        if not text:
            continue
        level = 1 if _LEVEL_1.match(text) else 2 if _LEVEL_2.match(text) else 0
        head, stop, rest = text.partition("。")
        if level and stop and rest:
            # 公文 style: （一）坚持问题导向。 is a run-in heading; the paragraph goes on in 仿宋.
            out.append(b.Para(rest, lead=head + stop, lead_level=level))
        elif level:
            out.append(b.Heading(level, text))
        else:
            out.append(b.Para(text))
    return out


def document(data: BriefingInput, *, issuer: str, name: str, date: dt.date) -> b.Document:
    data = data.checked()
    when = facts.chinese_date(date)
    lines = tuple(x for x in (
        f"报：{data.recipients.removeprefix('报：')}" if data.recipients else "",
        f"送：{data.copies_to.removeprefix('送：')}" if data.copies_to else "",
    ) if x)
    blocks: list[b.Block] = [
        b.Masthead(name, data.issue, issuer, when, data.kind),
        b.Title(data.title.strip()),
        *body_blocks(data.body),
        b.Distribution(lines, issuer, f"{when}印发"),
    ]
    return b.Document(data.title.strip(), tuple(blocks), author=issuer, subject=f"{name}（{data.kind}）")
