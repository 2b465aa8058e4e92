"""What a sentence of a written conclusion is, for the citations that hang on it.

A sentence ends at 。！？； or at a line break; its terminator belongs to it, the spaces
around it do not, and blank stretches are no sentence at all. A citation names its part
and the 0-based index of its sentence, and remembers the sentence's text (its anchor).

When the text is edited, a citation follows its sentence only while that sentence still
exists word for word: it moves to where the same sentence now stands (the nearest one to
its old place when the text repeats it). A citation whose sentence was changed or deleted
is dropped, and the save says which ones it dropped — a citation never silently lands on a
sentence it was not made for.
"""

from __future__ import annotations

import re

ENDS = "。！？；"
_SENTENCE = re.compile(rf"[^{ENDS}\n]*(?:[{ENDS}]+|\n|$)")


def split(text: str) -> list[str]:
    """The sentences of `text`, each stripped, with its terminator (。！？； kept; a line
    break ends a sentence but is not part of it)."""
    out = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        if sentence and sentence.strip(ENDS):
            out.append(sentence)
    return out


def spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `split(text)` stands in `text`: (start, end) character offsets."""
    out = []
    for match in _SENTENCE.finditer(text):
        raw = match.group()
        sentence = raw.strip()
        if sentence and sentence.strip(ENDS):
            start = match.start() + (len(raw) - len(raw.lstrip()))
            out.append((start, start + len(sentence)))
    return out


def index_at(text: str, position: int) -> int | None:
    """The sentence a cursor at `position` is in (a cursor just after a sentence's end still
    counts as in it; between two sentences, the next one); None in a text without sentences."""
    found = spans(text)
    if not found:
        return None
    for n, (_start, end) in enumerate(found):
        if position <= end:
            return n
    return len(found) - 1


def locate(sentences: list[str], anchor: str, hint: int) -> int | None:
    """Where the sentence `anchor` now stands: `hint` if it is still there, else the nearest
    equal sentence; None when no sentence equals it any more."""
    if 0 <= hint < len(sentences) and sentences[hint] == anchor:
        return hint
    places = [n for n, s in enumerate(sentences) if s == anchor]
    return min(places, key=lambda n: (abs(n - hint), n)) if places else None
