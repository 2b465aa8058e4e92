"""The drawing operations of one of our reports, recorded and replayed on a bare reportlab canvas.

The baseline of P5a (issue 17): what reportlab alone costs to draw exactly what our report
draws. `record` renders the report once with every call on the canvas, and on the text and
path objects it hands out, logged with its arguments; `replay` makes the same calls on a new
plain `Canvas`, with the same fonts (already registered with reportlab by name), and returns
the PDF. With reportlab's invariant mode on, the replay's bytes equal the report's: the
baseline draws the same operations, no more, no fewer.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas


@dataclass(frozen=True)
class Ref:
    """An argument that was an object the canvas had handed out (a text or path object)."""

    ident: int


@dataclass
class Recording:
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    calls: list[tuple[int, str, tuple[Any, ...], dict[str, Any], int | None]] = field(default_factory=list)
    # The document's information dictionary as the report left it: a report printed with a
    # fallback font says so in an entry of its own, set on the document rather than by a call.
    info: Any = None


class _Recorder:
    """Stands for a canvas (ident 0) or an object it handed out; logs each method call."""

    def __init__(self, target: Any, ident: int, recording: Recording, counter: list[int]) -> None:
        self._target, self._ident, self._recording, self._counter = target, ident, recording, counter

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            real_args = tuple(a._target if isinstance(a, _Recorder) else a for a in args)
            real_kwargs = {k: v._target if isinstance(v, _Recorder) else v for k, v in kwargs.items()}
            result = attr(*real_args, **real_kwargs)
            logged_args = tuple(Ref(a._ident) if isinstance(a, _Recorder) else a for a in args)
            logged_kwargs = {k: Ref(v._ident) if isinstance(v, _Recorder) else v for k, v in kwargs.items()}
            made = None
            if type(result).__module__.startswith("reportlab.pdfgen"):  # a text or path object
                self._counter[0] += 1
                made = self._counter[0]
                result = _Recorder(result, made, self._recording, self._counter)
            self._recording.calls.append((self._ident, name, logged_args, logged_kwargs, made))
            return result

        return call


def record(draw_module: Any, render: Callable[[], object]) -> Recording:
    """Run `render` (which makes one PDF through `draw_module.pdf`) with its canvas recorded."""
    recording = Recording()
    real = draw_module.Canvas

    made: list[Any] = []

    def recorded_canvas(*args: Any, **kwargs: Any) -> Any:
        recording.args = args[1:]  # everything but the output buffer
        recording.kwargs = dict(kwargs)
        made.append(real(*args, **kwargs))
        return _Recorder(made[-1], 0, recording, [0])

    draw_module.Canvas = recorded_canvas
    try:
        render()
    finally:
        draw_module.Canvas = real
    recording.info = made[-1]._doc.info
    return recording


def replay(recording: Recording) -> bytes:
    """The recorded calls made on a plain reportlab canvas; the PDF's bytes."""
    buf = io.BytesIO()
    objects: dict[int, Any] = {0: Canvas(buf, *recording.args, **recording.kwargs)}
    if recording.info is not None and type(recording.info) is not type(objects[0]._doc.info):
        # The same kind of information dictionary, with the entries of its own kind (the
        # fallback note), as the report made it right after its canvas.
        kind = type(recording.info)
        info = kind()
        info.__dict__.update(objects[0]._doc.info.__dict__)
        for name, value in vars(kind).items():
            if not name.startswith("_") and not callable(value):
                setattr(info, name, getattr(recording.info, name))
        objects[0]._doc.info = info
    for ident, name, args, kwargs, made in recording.calls:
        real_args = [objects[a.ident] if isinstance(a, Ref) else a for a in args]
        real_kwargs = {k: objects[v.ident] if isinstance(v, Ref) else v for k, v in kwargs.items()}
        result = getattr(objects[ident], name)(*real_args, **real_kwargs)
        if made is not None:
            objects[made] = result
    return buf.getvalue()
