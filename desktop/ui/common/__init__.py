"""Helpers every part of the window uses: workers, signals, messages, file dialogs, list models."""
