"""The signed written conclusion as the 综合分析报告 prints it: the three parts, a numbered
note after each sentence that cites facts, and the cited facts below (a reversed ledger
entry is printed with its reversal), headed by which version, who signed it and when."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.reports import blocks as b


@dataclass(frozen=True)
class WrittenPart:
    title: str  # 主要优点 / 不足和问题 / 使用建议
    sentences: tuple[tuple[str, tuple[int, ...]], ...]  # (sentence, note numbers)


@dataclass(frozen=True)
class WrittenConclusion:
    version: int
    signer: str  # 王局长（wangjz）
    signed_on: str  # 2026年11月30日
    parts: tuple[WrittenPart, ...]
    notes: tuple[str, ...]  # note 1 first


def marked(sentence: str, numbers: tuple[int, ...]) -> str:
    """The sentence with its note numbers after it: 扎实肯干。[1][2]"""
    return sentence + "".join(f"[{n}]" for n in numbers)


def blocks(w: WrittenConclusion) -> list[b.Block]:
    out: list[b.Block] = [b.Para(f"以下为经签发的第{w.version}版综合研判结论（{w.signer}于{w.signed_on}签发）；"
                                 "句后方括号内的编号对应文末所列引用的事实。")]
    numerals = "一二三四五六七八九"
    shown = [p for p in w.parts if p.sentences]
    for n, part in enumerate(shown):
        out.append(b.Heading(2, f"（{numerals[n]}）{part.title}"))
        out.append(b.Para("".join(marked(text, numbers) for text, numbers in part.sentences)))
    if not shown:
        out.append(b.Para("签发的结论没有正文。"))
    if w.notes:
        out.append(b.Heading(2, f"（{numerals[len(shown)]}）引用的事实"))
        out += [b.Para(f"[{n}] {note}", indent=0) for n, note in enumerate(w.notes, start=1)]
    return out
