"""A conclusion as rich text: each sentence followed by its numbered citations as links
(fact:N), the cited facts listed below. Shown in the panel's QTextBrowser."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.models.judgement import PARTS
from desktop.models.sentences import split
from desktop.services.judgement.analyses import Cite
from desktop.services.judgement.citations import Fact


@dataclass(frozen=True)
class Numbered:
    """The citations of a text with their note numbers (one number per distinct fact)."""

    cites: tuple[tuple[int, Cite, Fact | None], ...]

    def notes(self) -> dict[int, Fact | None]:
        out: dict[int, Fact | None] = {}
        for number, _c, fact in self.cites:
            out.setdefault(number, fact)
        return out


def number(cites: Sequence[tuple[Cite, Fact | None]]) -> Numbered:
    """Numbers in reading order: part, then sentence, then the order they were made."""
    order = list(PARTS)
    ranked = sorted(enumerate(cites), key=lambda p: (order.index(p[1][0].part), p[1][0].sentence, p[0]))
    numbers: dict[tuple[str, int], int] = {}
    out = []
    for _n, (cite, fact) in ranked:
        num = numbers.setdefault((cite.kind, cite.ref_id), len(numbers) + 1)
        out.append((num, cite, fact))
    return Numbered(tuple(out))


def render(texts: dict[str, str], numbered: Numbered, heading: str) -> str:
    parts = [f"<p><b>{html.escape(heading)}</b></p>"]
    for key, title in PARTS.items():
        sentences = split(texts.get(key, ""))
        body = []
        for n, sentence in enumerate(sentences):
            marks = sorted({num for num, c, _f in numbered.cites if c.part == key and c.sentence == n})
            links = "".join(f'<sup><a href="fact:{m}">[{m}]</a></sup>' for m in marks)
            body.append(html.escape(sentence) + links)
        parts.append(f"<p><b>{title}</b><br>{''.join(body) or '<i>（未写）</i>'}</p>")
    notes = numbered.notes()
    if notes:
        items = "".join(f'<li><a href="fact:{n}">[{n}]</a> ' + html.escape(f.label if f else "所引用的记录已不存在")
                        + "</li>" for n, f in sorted(notes.items()))
        parts.append(f"<p><b>引用的事实</b></p><ul>{items}</ul>")
    return "".join(parts)
