"""The window: widgets, item models and dialogs. The only package that imports Qt."""

import builtins

import PySide6  # noqa: F401 - importing it installs the hook switched off below

# PySide6 replaces `__import__` with a hook that, for every module imported after it, reads
# the module's source file to see whether it mentions PySide6 (for its opt-in `from
# __feature__ import snake_case`). We use no feature, so the hook only costs: it read the
# source of ~1,200 modules at start-up and kept them in memory (about 20 MiB). Giving
# `__import__` back the function the hook wraps (PySide6's own lazy loader) switches it off.
_original = getattr(builtins, "__orig_import__", None)
if _original is not None and builtins.__import__ is getattr(builtins, "__feature_import__", None):
    builtins.__import__ = _original
